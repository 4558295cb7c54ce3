"""The ``zhkg`` command line.

Exit codes: 0 success (some inputs may have failed: see report.json); 1 no document was read
(every input failed or was skipped), or any failed with ``--strict``; 2 usage, config, model,
output, cache or engine errors (nothing was processed, or nothing written).

Help texts are plain click text (no rich markup: ``zhkg[hanlp]`` must print as written);
``\b`` keeps an example block's line breaks.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from enum import Enum
from pathlib import Path

import click
import typer

from . import __version__
from .graph_commands import register as register_graph_commands
from .messages import fail
from .ner.hanlp_commands import register as register_hanlp_commands

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
train_app = typer.Typer(
    help="Train the models zhkg ships (CPU, from ../shared/data).", rich_markup_mode=None
)
app.add_typer(train_app, name="train")
register_hanlp_commands(train_app)
register_graph_commands(app)

_OVERRIDES = {"allow_extra_args": True, "ignore_unknown_options": True}


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zhkg {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """zhkg: Chinese news and reports in, JSON-LD knowledge graph out.

    \b
    Examples:
      zhkg run seeds/ --out out          texts in, out/graph.jsonld and out/report.json
      zhkg show out --html out/show.html
      zhkg export out --format statements-csv -o statements.csv
      zhkg COMMAND --help                each command's options and examples
    """


def _is_option(arg: str) -> bool:
    """``-x`` / ``--xyz``; a lone ``-`` is standard input, not an option."""
    return arg.startswith("-") and arg != "-"


def _unknown_option(arg: str, ctx: click.Context) -> None:
    """Exit 2 for an option ``run`` does not have, suggesting the nearest one it has."""
    name = arg.split("=", 1)[0]
    known = [opt for param in ctx.command.params for opt in param.opts if opt.startswith("--")]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    fail(f"no such option: {name}{hint}; config overrides look like --section.key VALUE "
         f"(see `zhkg {ctx.info_name} --help`)")


def _split_overrides(args: list[str], ctx: click.Context) -> tuple[list[str], dict]:
    """Separate ``--section.key value`` config overrides from positional inputs.

    Typer hands unknown options to the variadic INPUTS argument, so they are picked out
    here: an option whose name has a dot is an override, the next word is its value. Any
    other option here is unknown (a typo must not become an input file): exit 2.
    """
    rest: list[str] = []
    override_args: list[str] = []
    it = iter(args)
    for arg in it:
        if arg.startswith("--") and "." in arg.split("=", 1)[0]:
            override_args.append(arg)
            if "=" not in arg:
                override_args.append(next(it, ""))
        elif _is_option(arg):
            _unknown_option(arg, ctx)
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
        ..., metavar="INPUTS",
        help="Files, directories, globs, JSONL or gzipped JSONL (.jsonl.gz) files; "
        "- reads standard input.",
    ),
    config: Path = typer.Option(
        None, "--config", "-c", help="Pipeline config (default: the shipped default.cfg)."
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output directory."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any input fails."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    workers: int = typer.Option(
        None, "--workers", "-j", envvar="ZHKG_WORKERS",
        help="Worker processes, each loading the models once (default: all cores).",
    ),
    engine: Engine = typer.Option(
        Engine.local, "--engine", help="local (this machine) or dask (a Dask cluster)."
    ),
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

    Any config value can be overridden with --section.key VALUE. Documents whose text and
    pipeline are unchanged since an earlier run come from the cache. Every input is
    accounted for in report.json: processed, failed (with the reason) or skipped.

    \b
    Examples:
      zhkg run seeds/ --out out
      zhkg run 'news/**/*.html' pages.jsonl.gz --out out -j 4
      cat article.txt | zhkg run - --out out
      zhkg run seeds/ --out out --components.ner.gazetteer false
      zhkg run seeds/ --out out --config configs/hanlp.cfg
    """
    import contextlib

    from .config import ConfigError, config_file
    from .messages import ModelMissingError
    from .paths import default_cache_dir
    from .runner import RunSettings
    from .runner import run as run_pipeline
    from .scale.engines import EngineError
    from .scale.store import CacheError
    from .scale.worker import NlpSpec

    inputs, overrides = _split_overrides([*inputs, *ctx.args], ctx)
    if not inputs:
        fail("no INPUTS given")
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers < 1 or batch_size < 1:
        fail("--workers and --batch-size must be at least 1")
    if out.exists() and not out.is_dir():
        fail(f"{out}: not a directory")
    settings = RunSettings(
        spec=NlpSpec(str(config_file(config).absolute()) if config else None, overrides),
        workers=workers, engine=engine.value, scheduler=scheduler,
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
    for failure in report.failed:
        typer.echo(f"  failed: {failure['source']}: {failure['reason']}", err=True)
    if not report.processed:
        fail(f"no document was read ({len(report.failed)} failed, {len(report.skipped)} "
             f"skipped: see {out / 'report.json'})", code=1)
    skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
    typer.echo(
        f"{summary['documents_processed']} documents processed "
        f"({summary['documents_from_cache']} from the cache), "
        f"{summary['documents_failed']} failed{skipped}, {summary['entities']} entity mentions, "
        f"{summary['statements']} statements -> {out / 'graph.jsonld'}",
        err=True,
    )
    if report.failed and strict:
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
        "bio", "--format", metavar="[bio|uner|weibo|cluener]",
        help="bio (MSRA style), uner (UNER IOB2), weibo or cluener (JSONL).",
    ),
    model_only: bool = typer.Option(
        False, "--model-only", help="With --ner-corpus: score the bare NER model instead."
    ),
    model: Path = typer.Option(
        None, "--model", help="NER model for --ner-corpus (default: models/ner, models/hanlp_ner)."
    ),
    backend: str = typer.Option(
        "spacy", "--backend", metavar="[spacy|hanlp]", help="NER backend: spacy or hanlp.",
    ),
    alignment: bool = typer.Option(
        False, "--alignment", help="With --ner-corpus: gold entities the segmenter cuts through."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Per-document tables and missed and spurious items."
    ),
    json_out: Path = typer.Option(
        None, "--json", help="Also write all scores (per document too) to this JSON file."
    ),
    quantity_texts: Path = typer.Option(
        None, "--quantities", help="With --gold: score the quantities recognised in this "
        "folder of the gold's texts (value+unit, no relations), instead of a graph."
    ),
) -> None:
    """Score a graph against gold annotations, or the NER model on a corpus.

    \b
    Examples:
      zhkg evaluate --gold ../shared/gold/seeds.gold.jsonl --pred out/graph.jsonld -v
      zhkg evaluate --ner-corpus ../shared/data/ner/msra/test.bio.gz
      zhkg evaluate --ner-corpus ../shared/data/ner/uner_zh_gsd/zh_gsd-ud-test.iob2 --format uner
      zhkg evaluate --ner-corpus ../shared/data/ner/msra/test.bio.gz --model-only
    """
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
    if gold is not None and quantity_texts is not None:
        from .evaluate.gold import read_gold
        from .evaluate.quantities import evaluate_spans, format_spans_report, recognise
        from .scale.worker import NlpSpec

        for path in (gold, quantity_texts):
            if not path.exists():
                fail(f"{path}: no such file or folder")
        records = read_gold(gold)
        found = recognise(quantity_texts, [r["doc"] for r in records], NlpSpec().load())
        scores = evaluate_spans(records, found)
        if json_out is not None:
            srsly.write_json(json_out, scores)
        typer.echo(format_spans_report(scores, verbose=verbose))
        return
    if gold is None or pred is None:
        fail("give --gold and --pred, --gold and --quantities, or --ner-corpus")
    from .evaluate import evaluate_graph, format_report

    for path in (gold, pred):
        if not path.exists():
            fail(f"{path}: no such file")
    try:
        graph = srsly.read_json(pred)
    except ValueError as err:
        fail(f"{pred}: not valid JSON ({err})")
    scores = evaluate_graph(gold, graph)
    if json_out is not None:
        srsly.write_json(json_out, scores)
    typer.echo(format_report(scores, verbose=verbose))


@train_app.command("segmenter")
def train_segmenter_cmd(
    config: Path = typer.Option(
        None, "--config", "-c", help="Training config (default: the shipped "
        "train_segmenter.cfg)."
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="Model directory (default: from config)."
    ),
) -> None:
    """Train the spacy-pkuseg segmentation model.

    \b
    Examples:
      zhkg train segmenter
      zhkg train segmenter --output /tmp/segmenter
    """
    from .paths import config_path
    from .train.segmenter import train_segmenter

    typer.echo(train_segmenter(config or config_path("train_segmenter.cfg"), output))


@train_app.command("ner")
def train_ner_cmd(
    config: Path = typer.Option(
        None, "--config", "-c", help="Training config (default: the shipped train_ner.cfg)."
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="Model directory (default: from config)."
    ),
) -> None:
    """Train the character-level NER model: one CRF per member of the config's [soup]
    (trained into build/ner-members/, reused while their settings hold), then their mean.

    \b
    Examples:
      zhkg train ner
      zhkg train ner --config my_train_ner.cfg --output /tmp/ner
    """
    from .paths import config_path
    from .train.ner import train_ner

    typer.echo(train_ner(config or config_path("train_ner.cfg"), output))


@train_app.command("subjects")
def train_subjects_cmd(
    gold: Path = typer.Option(
        Path("../shared/gold/dev/dev.gold.jsonl"), "--gold", help="Gold JSONL (SCHEMA.md)."
    ),
    texts: Path = typer.Option(
        Path("../shared/gold/dev/texts"), "--texts", help="Folder of the gold's texts."
    ),
    folds: int = typer.Option(5, "--folds", help="Cross-validation folds."),
    output: Path = typer.Option(
        None, "--output", "-o", help="Write the weights learned on all documents here."
    ),
) -> None:
    """Cross-validate the relation stage's subject scorer: hand-set weights against weights
    learned from gold, scored as zhkg evaluate scores them (docs/relations.md).

    \b
    Examples:
      zhkg train subjects
      zhkg train subjects --output subject_weights.json
      zhkg run texts/ --components.relations.weights subject_weights.json
    """
    from .paths import config_path
    from .train.subjects import cross_validate

    for path in (gold, texts):
        if not path.exists():
            fail(f"{path}: no such file or directory")
    report = cross_validate(texts, gold, config_path("relations.json"), folds, output)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=1))


def main() -> None:  # pragma: no cover - console entry
    app(prog_name="zhkg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
