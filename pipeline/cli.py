"""The ``zhkg`` command line.

Exit codes: 0 success (some inputs may have failed: see report.json); 1 every input failed,
or any failed with ``--strict``; 2 usage, config, model, output, cache or engine errors
(nothing was processed, or nothing written).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from .graph_commands import register as register_graph_commands
from .ner.hanlp_commands import register as register_hanlp_commands

app = typer.Typer(
    help="zhkg: Chinese news and reports in, JSON-LD knowledge graph out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
train_app = typer.Typer(help="Train the models zhkg ships (CPU, from ../shared/data).")
app.add_typer(train_app, name="train")
register_hanlp_commands(train_app)
register_graph_commands(app)

_OVERRIDES = {"allow_extra_args": True, "ignore_unknown_options": True}


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error (no traceback) and exit."""
    typer.echo(f"zhkg: error: {message}", err=True)
    raise typer.Exit(code)


def _split_overrides(args: list[str]) -> tuple[list[str], dict]:
    """Separate ``--section.key value`` config overrides from positional inputs.

    Typer hands unknown options to the variadic INPUTS argument, so they are picked out
    here: an option whose name has a dot is an override, the next word is its value.
    """
    rest: list[str] = []
    override_args: list[str] = []
    it = iter(args)
    for arg in it:
        if arg.startswith("--") and "." in arg.split("=", 1)[0]:
            override_args.append(arg)
            if "=" not in arg:
                override_args.append(next(it, ""))
        else:
            rest.append(arg)
    if not override_args and "SPACY_CONFIG_OVERRIDES" not in os.environ:
        return rest, {}  # spaCy is imported only when there is something to parse
    from spacy.cli._util import parse_config_overrides

    try:
        return rest, parse_config_overrides(override_args)
    except SystemExit:
        fail(f"cannot parse config overrides: {' '.join(override_args)}")
    return rest, {}


@app.command(context_settings=_OVERRIDES)
def run(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(
        ..., help="Files, directories, globs, JSONL or gzipped JSONL (.jsonl.gz) files."
    ),
    config: Path = typer.Option(
        None, "--config", "-c", help="Pipeline config (default: configs/default.cfg)."
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output directory."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any input fails."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    workers: int = typer.Option(
        None, "--workers", "-j", envvar="ZHKG_WORKERS",
        help="Worker processes, each loading the models once (default: all cores).",
    ),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or dask."),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Dask scheduler address (default: start a LocalCluster)."
    ),
    cache_dir: Path = typer.Option(
        None, "--cache-dir", help="Result cache (default: $XDG_CACHE_HOME/zhkg or ~/.cache/zhkg)."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor fill the cache."),
    batch_size: int = typer.Option(32, "--batch-size", help="Documents per batch (nlp.pipe)."),
) -> None:
    """Run the pipeline on INPUTS; write OUT/graph.jsonld and OUT/report.json.

    Any config value can be overridden: `zhkg run seeds/ --components.ner.gazetteer false`.
    Documents whose text and pipeline are unchanged since an earlier run come from the cache.
    """
    import contextlib

    from .config import ConfigError
    from .messages import ModelMissingError
    from .paths import default_cache_dir
    from .runner import RunSettings
    from .runner import run as run_pipeline
    from .scale.engines import EngineError
    from .scale.store import CacheError
    from .scale.worker import NlpSpec

    inputs, overrides = _split_overrides([*inputs, *ctx.args])
    if not inputs:
        fail("no INPUTS given")
    if engine not in ("local", "dask"):
        fail(f"--engine must be local or dask, not {engine!r}")
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers < 1 or batch_size < 1:
        fail("--workers and --batch-size must be at least 1")
    if out.exists() and not out.is_dir():
        fail(f"{out}: not a directory")
    settings = RunSettings(
        spec=NlpSpec(str(config.absolute()) if config else None, overrides),
        workers=workers, engine=engine, scheduler=scheduler,
        cache_dir=None if no_cache else cache_dir or default_cache_dir(),
        batch_size=batch_size, progress=not quiet,
    )
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        report = run_pipeline(inputs, out, settings)
    except (ConfigError, ModelMissingError, EngineError, CacheError) as err:
        if created:  # nothing was processed: leave no empty output directory behind
            with contextlib.suppress(OSError):
                out.rmdir()
        fail(str(err))
    except OSError as err:
        fail(f"cannot write output to {out}: {err.strerror or err}")
    summary = report.to_dict()
    typer.echo(
        f"{summary['documents_processed']} documents processed "
        f"({summary['documents_from_cache']} from the cache), "
        f"{summary['documents_failed']} failed, {summary['entities']} entity mentions, "
        f"{summary['statements']} statements -> {out / 'graph.jsonld'}",
        err=True,
    )
    for failure in report.failed:
        typer.echo(f"  failed: {failure['source']}: {failure['reason']}", err=True)
    if report.failed and (strict or not report.processed):
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Path = typer.Option(None, "--gold", help="Gold JSONL (document level, see SCHEMA.md)."),
    pred: Path = typer.Option(None, "--pred", help="Predicted OUT/graph.jsonld."),
    ner_corpus: Path = typer.Option(
        None, "--ner-corpus",
        help="Gold NER corpus to score the whole pipeline's entities on (one doc a sentence).",
    ),
    corpus_format: str = typer.Option(
        "bio", "--format", help="bio (MSRA style), uner (UNER IOB2), weibo or cluener (JSONL)."
    ),
    model_only: bool = typer.Option(
        False, "--model-only", help="With --ner-corpus: score the bare NER model instead."
    ),
    model: Path = typer.Option(
        None, "--model", help="NER model for --ner-corpus (default: models/ner, models/hanlp_ner)."
    ),
    backend: str = typer.Option("spacy", "--backend", help="NER backend: spacy or hanlp."),
    alignment: bool = typer.Option(
        False, "--alignment", help="With --ner-corpus: gold entities the segmenter cuts through."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List missed and spurious items."),
) -> None:
    """Score a graph against gold annotations, or the NER model on a corpus."""
    import srsly

    if ner_corpus is not None:
        from .messages import ModelMissingError
        from .ner.hanlp_commands import evaluate_backend

        if not ner_corpus.exists():
            fail(f"{ner_corpus}: no such file")
        from .config import ConfigError
        from .ner.evaluation import evaluate_pipeline

        try:
            if model_only or backend != "spacy":
                scores = evaluate_backend(backend, model, ner_corpus, fmt=corpus_format)
            else:
                overrides = {"components.ner.model": str(model)} if model else None
                scores = evaluate_pipeline(ner_corpus, corpus_format, overrides=overrides)
        except (ModelMissingError, ConfigError, ValueError) as err:
            fail(str(err))
        if alignment:
            from .corpora import read_ner_corpus
            from .evaluate.alignment import segmentation_alignment
            from .scale.worker import NlpSpec

            try:
                tokenize = NlpSpec().load().make_doc
            except (ConfigError, ModelMissingError) as err:
                fail(str(err))
            data = read_ner_corpus(ner_corpus, corpus_format)
            scores["segmentation"] = segmentation_alignment(tokenize, data)
        typer.echo(srsly.json_dumps(scores, indent=2))
        return
    if gold is None or pred is None:
        fail("give --gold and --pred, or --ner-corpus")
    from .evaluate.seeds import evaluate_graph, format_report

    for path in (gold, pred):
        if not path.exists():
            fail(f"{path}: no such file")
    try:
        graph = srsly.read_json(pred)
    except ValueError as err:
        fail(f"{pred}: not valid JSON ({err})")
    typer.echo(format_report(evaluate_graph(gold, graph), verbose=verbose))


@train_app.command("segmenter")
def train_segmenter_cmd(
    config: Path = typer.Option(Path("configs/train_segmenter.cfg"), "--config", "-c"),
    output: Path = typer.Option(
        None, "--output", "-o", help="Model directory (default: from config)."
    ),
) -> None:
    """Train the spacy-pkuseg segmentation model."""
    from .train.segmenter import train_segmenter

    typer.echo(train_segmenter(config, output))


@train_app.command("ner")
def train_ner_cmd(
    config: Path = typer.Option(Path("configs/train_ner.cfg"), "--config", "-c"),
    output: Path = typer.Option(
        None, "--output", "-o", help="Model directory (default: from config)."
    ),
) -> None:
    """Train the character-level NER model."""
    from .train.ner import train_ner

    typer.echo(train_ner(config, output))


def main() -> None:  # pragma: no cover - console entry
    app(prog_name="zhkg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
