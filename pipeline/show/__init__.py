"""``zhkg show``: one self-contained HTML page that shows what a run found, for people.

``model`` reads the graph into plain records, ``sources`` finds the document texts the
offsets refer to, ``spans`` marks entities and statements up in a text, ``layout`` draws the
graph view as SVG, and ``page`` puts it all into one file with inline CSS and JS.
"""
