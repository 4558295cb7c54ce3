"""Loading graph files into an on-disk Oxigraph store and querying it.

Each graph file goes into its own named graph, named by the file's absolute ``file:`` URI.
Loading a file again clears that named graph first, so reloading after a new ``zhkg run``
replaces the old triples instead of adding a second copy, while graphs loaded from other
files stay. Queries see the union of all loaded graphs as their default graph, so ordinary
SPARQL (without ``GRAPH``) works across them; the contract's prefixes are predeclared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..graph import vocab
from ..messages import first_line


class StoreError(ValueError):
    """A store that cannot be opened or a query that cannot run; the message is one line."""


@dataclass
class LoadResult:
    graph: str  # the named graph's IRI
    triples: int  # triples now in that named graph
    total: int  # quads in the whole store


def graph_name(path: Path) -> str:
    """The named graph a file is loaded into: its absolute ``file:`` URI."""
    return Path(path).resolve().as_uri()


def open_store(store_dir: Path, read_only: bool = False):  # pyoxigraph.Store
    """Open (or, for writing, create) the store in ``store_dir``.

    Readers open it read-only, so several queries can run while nobody is loading.
    """
    import pyoxigraph

    store_dir = Path(store_dir)
    if read_only and not (store_dir / "CURRENT").is_file():
        raise StoreError(f"{store_dir}: no Oxigraph store here (create one with `zhkg load`)")
    try:
        if read_only:
            return pyoxigraph.Store.read_only(str(store_dir))
        store_dir.mkdir(parents=True, exist_ok=True)
        return pyoxigraph.Store(str(store_dir))
    except OSError as err:
        raise StoreError(f"{store_dir}: cannot open the store ({first_line(err)})") from None


def load_graph(graph_file: Path, store_dir: Path) -> LoadResult:
    """Replace the named graph of ``graph_file`` in the store with the file's triples."""
    import pyoxigraph

    name = pyoxigraph.NamedNode(graph_name(graph_file))
    store = open_store(store_dir)
    data = Path(graph_file).read_bytes()
    try:
        store.clear_graph(name)
        store.load(data, format=pyoxigraph.RdfFormat.JSON_LD, to_graph=name)
    except SyntaxError as err:
        raise StoreError(f"{graph_file}: not valid JSON-LD ({first_line(err)})") from None
    except OSError as err:
        raise StoreError(f"{store_dir}: cannot write the store ({first_line(err)})") from None
    store.flush()
    # counted by the store: iterating the quads would build a Python object for each
    count = store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{name.value}> {{ ?s ?p ?o }} }}")
    triples = int(next(iter(count))["n"].value)
    return LoadResult(graph=name.value, triples=triples, total=len(store))


def query(store_dir: Path, sparql: str):  # solutions, boolean or triples
    """Run ``sparql`` over the union of the store's graphs, the contract prefixes predeclared."""
    store = open_store(store_dir, read_only=True)
    try:
        return store.query(sparql, prefixes=dict(vocab.PREFIXES), use_default_graph_as_union=True)
    except SyntaxError as err:
        raise StoreError(f"query: {first_line(err)}") from None
    except OSError as err:
        raise StoreError(f"query failed: {first_line(err)}") from None
