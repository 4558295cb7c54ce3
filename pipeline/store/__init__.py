"""An embedded, persistent Oxigraph store for zhkg graphs, and SPARQL over it."""
