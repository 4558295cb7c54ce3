"""Exports of a written graph file to the formats graph stores import: N-Quads, Turtle, and the
node / relationship CSV files of ``neo4j-admin database import full``."""
