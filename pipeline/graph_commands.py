"""``zhkg export``, ``load``, ``query`` and ``show``: what to do with a graph once it is written.

Kept out of ``cli.py`` (which only calls :func:`register`); imports stay inside the commands
so that ``zhkg --help`` does not pay for pyoxigraph, rdflib or pyld. Every problem with an
input (missing or invalid graph, bad query, unusable store) ends as one line
``zhkg: error: FILE: reason`` and exit code 2.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .messages import fail


class ExportFormat(str, Enum):
    nquads = "nquads"
    turtle = "turtle"
    csv = "csv"
    statements_csv = "statements-csv"
    statements_jsonl = "statements-jsonl"


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _read(graph: Path) -> dict:
    from .export.graphfile import GraphFileError, read_graph

    try:
        return read_graph(graph)
    except GraphFileError as err:
        fail(str(err))
    return {}


def _write(text: str, path: Path) -> None:
    from .graph.writer import atomic_file

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(path) as fh:
            fh.write(text.encode("utf-8"))
    except OSError as err:
        fail(f"{path}: cannot write ({err.strerror or err})")


def _statements(data: dict, fmt: ExportFormat) -> tuple[str, int]:
    from .export.statements import to_statements_csv, to_statements_jsonl

    if fmt is ExportFormat.statements_csv:
        return to_statements_csv(data)
    return to_statements_jsonl(data)


def export(graph: Path, fmt: ExportFormat, out: Path | None) -> None:
    """Write ``graph`` as N-Quads / Turtle / a statement table (file or stdout) or as Neo4j
    import CSV files."""
    from .export.graphfile import graph_path
    from .export.neo4j_csv import to_neo4j_csv
    from .export.rdf import ConversionError, to_nquads, to_turtle

    data = _read(graph)
    source = graph_path(graph)
    rows = None
    try:
        if fmt is ExportFormat.csv:
            tables = to_neo4j_csv(data)
        elif fmt in (ExportFormat.statements_csv, ExportFormat.statements_jsonl):
            text, rows = _statements(data, fmt)
        else:
            text = to_nquads(data) if fmt is ExportFormat.nquads else to_turtle(data)
    except ConversionError as err:
        fail(f"{source}: not valid JSON-LD ({err})")
    if fmt is ExportFormat.csv:
        folder = out or source.parent
        _write(tables.nodes, folder / "nodes.csv")
        _write(tables.relationships, folder / "relationships.csv")
        typer.echo(f"{tables.n_nodes} nodes, {tables.n_relationships} relationships -> "
                   f"{folder / 'nodes.csv'}, {folder / 'relationships.csv'}", err=True)
    elif out is None:
        sys.stdout.write(text)
    else:
        _write(text, out)
        counted = f"{rows} statements" if rows is not None else f"{text.count(chr(10))} lines"
        typer.echo(f"{counted} -> {out}", err=True)


def load(graph: Path, store: Path) -> None:
    """Load ``graph`` into the Oxigraph store at ``store``, replacing its earlier load."""
    from .export.graphfile import graph_path
    from .store.oxigraph import StoreError, load_graph

    _read(graph)
    try:
        result = load_graph(graph_path(graph), store)
    except StoreError as err:
        fail(str(err))
    typer.echo(f"{result.triples} triples -> graph <{result.graph}> in {store} "
               f"({result.total} in the store)", err=True)


def query(sparql: str, store: Path, fmt: ResultFormat, params: list[str]) -> None:
    """Run a SPARQL query (text, ``.rq`` file or shipped query name) on the store, with
    ``params`` (``NAME=VALUE``) bound to its variables."""
    from .store.oxigraph import StoreError
    from .store.oxigraph import query as run_query
    from .store.queries import QueryError, bind, parse_params, read_query
    from .store.results import format_results

    try:
        text = bind(read_query(sparql), parse_params(params))
    except OSError as err:
        fail(f"{sparql}: {err.strerror or err}")
    except QueryError as err:
        fail(f"{sparql if len(sparql) < 80 else 'query'}: {err}")
    try:
        sys.stdout.write(format_results(run_query(store, text), fmt.value))
    except StoreError as err:
        fail(str(err))


def _run_report(graph: Path) -> dict:
    """The run's ``report.json`` beside ``graph``, or ``{}``."""
    import srsly

    try:
        report = srsly.read_json(graph.parent / "report.json")
    except (OSError, ValueError):
        return {}
    return report if isinstance(report, dict) else {}


def _run_inputs(report: dict) -> list[str]:
    """The inputs recorded in the run's report (but standard input, which cannot be reread)."""
    inputs = report.get("inputs")
    if not isinstance(inputs, list):
        return []
    return [p for p in inputs if isinstance(p, str) and p != "-"]


def show(out: Path, html: Path, sources: list[str]) -> None:
    """Write the HTML page for a run's output directory or graph file."""
    from .export.graphfile import graph_path
    from .show.model import read_view
    from .show.page import build_page
    from .show.sources import find_texts

    view = read_view(_read(out))
    report = _run_report(graph_path(out))
    texts, problems = find_texts(view, sources or _run_inputs(report))
    for problem in problems:
        typer.echo(f"zhkg: warning: {problem}", err=True)
    _write(build_page(view, texts, problems, str(graph_path(out)), report), html)
    typer.echo(f"{len(view.documents)} documents ({len(texts)} with text) -> {html}", err=True)


def _shipped_names() -> list[str]:
    from .store.queries import shipped_queries

    return list(shipped_queries())


def register(app: typer.Typer) -> None:
    """Add ``export``, ``load``, ``query`` and ``show`` to the ``zhkg`` app."""

    @app.command("export")
    def export_cmd(
        graph: Annotated[Path, typer.Argument(help="graph.jsonld, or a run's output directory.")],
        fmt: Annotated[ExportFormat, typer.Option(
            "--format", "-f", help="nquads, turtle: RDF; csv: Neo4j import files; "
            "statements-csv, statements-jsonl: one row per statement.")],
        out: Annotated[Path | None, typer.Option(
            "--out", "-o", help="File (default stdout) or, for csv, directory (nodes.csv + "
            "relationships.csv; default next to the graph).")] = None,
    ) -> None:
        """Export a graph as N-Quads, Turtle, CSV for `neo4j-admin database import full`, or
        a flat table of its statements (document, subject, subject_label, predicate, value,
        unit, currency, approx, object, place, place_code, time, evidence, begin, end, ...).

        \b
        Examples:
          zhkg export out --format statements-csv -o statements.csv
          zhkg export out/graph.jsonld -f statements-jsonl | head
          zhkg export out -f turtle -o graph.ttl
          zhkg export out -f csv -o neo4j/
        """
        export(graph, fmt, out)

    @app.command("load")
    def load_cmd(
        graph: Annotated[Path, typer.Argument(help="graph.jsonld, or a run's output directory.")],
        store: Annotated[Path, typer.Option("--store", "-s", help="Oxigraph store directory.")],
    ) -> None:
        """Load a graph into a persistent Oxigraph store; loading a file again replaces it.

        Each file goes into its own named graph (its file: URI); queries see their union.

        \b
        Examples:
          zhkg load out --store store
          zhkg load other_run/graph.jsonld -s store
        """
        load(graph, store)

    @app.command("query")
    def query_cmd(
        sparql: Annotated[str, typer.Argument(
            metavar="QUERY",
            help="SPARQL text, a .rq file, or a shipped query's name: "
            f"{', '.join(_shipped_names())}.")],
        store: Annotated[Path, typer.Option("--store", "-s", help="Oxigraph store directory.")],
        fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="Result format.")] = (
            ResultFormat.table),
        params: Annotated[list[str] | None, typer.Option(
            "--param", "-p", metavar="NAME=VALUE",
            help="Bind the query variable ?NAME to the literal VALUE; repeatable. The shipped "
            "queries list theirs in `# @param` lines.")] = None,
    ) -> None:
        """Query a store loaded by `zhkg load` (the graph prefixes are predeclared).

        \b
        Examples:
          zhkg query county_statements --param county=久治县 --store store
          zhkg query money_by_org_province -p organisation=中国电信 -s store -f csv
          zhkg query 'SELECT ?n WHERE { ?x a schema:Person ; schema:name ?n }' -s store
        """
        query(sparql, store, fmt, params or [])

    @app.command("show")
    def show_cmd(
        out: Annotated[Path, typer.Argument(help="A run's output directory or graph file.")],
        html: Annotated[Path, typer.Option("--html", help="The HTML page to write.")],
        sources: Annotated[list[str] | None, typer.Option(
            "--source", help="The run's inputs (default: those in report.json), to show the "
            "texts; repeatable. Without them only the evidence is shown.")] = None,
    ) -> None:
        """Write a self-contained HTML page: texts with highlights, statements, graph view.

        \b
        Examples:
          zhkg show out --html out/show.html
          zhkg show out/graph.jsonld --html page.html --source seeds/
        """
        show(out, html, sources or [])
