"""Scale: streaming graph output, worker processes, a real Dask cluster, the result cache and
killed runs. Every run uses the real pipeline; outputs are compared byte for byte with a
single-process run."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.graph import GraphBuilder, dumps_jsonld, vocab
from pipeline.graph.writer import write_graph_stream

from .conftest import ROOT, SEEDS

TOO_LONG = 1_000_001  # characters: over spaCy's default nlp.max_length


def _paragraphs() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line)
    return lines


def _corpus(path: Path, n_docs: int, lines_per_doc: int = 6, bad: bool = False) -> list[str]:
    """A gzipped JSONL of ``n_docs`` distinct documents cut from the seed articles (plus, when
    ``bad``, a malformed line and a document too long to process); returns the good ids."""
    lines = _paragraphs()
    records, ids = [], []
    for i in range(n_docs):
        start = (i * lines_per_doc) % len(lines)
        text = f"第{i}号通报。\n" + "\n".join(lines[start : start + lines_per_doc])
        records.append(json.dumps({"id": f"d{i:03d}", "text": text}, ensure_ascii=False))
        ids.append(f"d{i:03d}")
    if bad:
        records.insert(3, "{not json")
        records.insert(5, json.dumps({"id": "huge", "text": "中" * TOO_LONG}))
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(records) + "\n")
    return ids


def _invoke(out: Path, *args: str):  # click's Result
    return CliRunner().invoke(app, ["run", *args, "--out", str(out), "--quiet"])


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _graph_bytes(out: Path) -> bytes:
    return (out / "graph.jsonld").read_bytes()


@pytest.fixture
def session_pipeline(nlp, monkeypatch: pytest.MonkeyPatch):
    """In-process runs use the session pipeline; returns the list of load calls."""
    calls: list[tuple] = []

    def load(*args: object, **kwargs: object):
        calls.append(args)
        return nlp

    monkeypatch.setattr("pipeline.config.load_nlp", load)
    return calls


# -- streaming output ---------------------------------------------------------------------


def test_streamed_graph_is_byte_identical_to_the_in_memory_one(tmp_path: Path, nlp) -> None:
    from pipeline.result import doc_to_result

    results = [doc_to_result(nlp(t), f"{i}.txt", f"in/{i}.txt") for i, t in
               enumerate(["中国电信在青海久治县投入869万元。", "陕西移动共有82个定点扶贫村。"])]
    builder = GraphBuilder()
    for result in results:
        builder.add(result)
    write_graph_stream(vocab.context(), builder.nodes(), tmp_path / "g.jsonld")
    assert (tmp_path / "g.jsonld").read_text(encoding="utf-8") == dumps_jsonld(builder.to_jsonld())
    write_graph_stream(vocab.context(), [], tmp_path / "empty.jsonld")
    empty = {"@context": vocab.context(), "@graph": []}
    assert (tmp_path / "empty.jsonld").read_text(encoding="utf-8") == dumps_jsonld(empty)


# -- engines ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl.gz"
    return path, _corpus(path, 12, bad=True)


def _check_isolation(out: Path, ids: list[str]) -> None:
    report = _report(out)
    assert report["processed"] == ids  # input order, whatever the engine
    reasons = {f["id"]: f["reason"] for f in report["failed"]}
    assert reasons["huge"] == f"document too long ({TOO_LONG} characters > max_length 1000000)"
    assert reasons["news.jsonl.gz:4"].startswith("invalid JSON on line 4")
    assert all("\n" not in reason for reason in reasons.values())


def test_worker_processes_and_dask_write_the_same_bytes(
    tmp_path: Path, bad_corpus, session_pipeline
) -> None:
    from distributed import LocalCluster

    corpus, ids = bad_corpus
    serial = tmp_path / "serial"
    assert _invoke(serial, str(corpus), "--no-cache").exit_code == 0
    _check_isolation(serial, ids)
    expected = _graph_bytes(serial)
    runs = {
        "pool": ("--workers", "2", "--batch-size", "2"),
        "dask-local": ("--engine", "dask", "--workers", "2", "--batch-size", "3"),
    }
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        runs["dask-cluster"] = ("--engine", "dask", "--scheduler", cluster.scheduler_address,
                                "--batch-size", "2")
        for name, args in runs.items():
            out = tmp_path / name
            result = _invoke(out, str(corpus), "--no-cache", *args)
            assert result.exit_code == 0, (name, result.output)
            assert _graph_bytes(out) == expected, name
            _check_isolation(out, ids)
            assert _report(out)["documents_computed"] == len(ids)
    assert session_pipeline == [(None, {})]  # only the serial run loaded here


def _kill_a_worker(killed: list[int]) -> None:
    """SIGKILL the first new pool worker of this process once it is busy (as the OOM killer
    would); its pid goes into ``killed``."""
    import psutil

    before = {child.pid for child in psutil.Process().children()}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for child in psutil.Process().children():
            if child.pid in before:
                continue
            try:
                busy = child.cpu_times().user > 1.0
                if busy and any("spawn_main" in part for part in child.cmdline()):
                    child.send_signal(signal.SIGKILL)
                    killed.append(child.pid)
                    return
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.05)


def test_a_dead_worker_costs_no_document(tmp_path: Path, bad_corpus, session_pipeline) -> None:
    import threading

    corpus, ids = bad_corpus
    serial = tmp_path / "serial"
    assert _invoke(serial, str(corpus), "--no-cache").exit_code == 0
    killed: list[int] = []
    killer = threading.Thread(target=_kill_a_worker, args=(killed,))
    killer.start()
    out = tmp_path / "pool"
    result = _invoke(out, str(corpus), "--no-cache", "--workers", "2", "--batch-size", "2")
    killer.join()
    assert killed, "no worker was killed"
    assert result.exit_code == 0, result.output
    assert _graph_bytes(out) == _graph_bytes(serial)
    _check_isolation(out, ids)


# -- the cache ----------------------------------------------------------------------------


def test_rerun_does_no_nlp_and_recomputes_only_what_changed(
    tmp_path: Path, session_pipeline
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i, text in enumerate(_paragraphs()[:8]):
        (corpus / f"{i}.txt").write_text(text, encoding="utf-8")
    cache = ("--cache-dir", str(tmp_path / "cache"))
    first, out = tmp_path / "first", tmp_path / "out"
    assert _invoke(first, str(corpus), *cache).exit_code == 0
    assert len(session_pipeline) == 1 and _report(first)["documents_computed"] == 8

    session_pipeline.clear()
    assert _invoke(out, str(corpus), *cache).exit_code == 0
    report = _report(out)
    assert session_pipeline == []  # every document hit: no model was loaded
    assert report["documents_from_cache"] == 8 and report["graph_rebuilt"]
    assert _graph_bytes(out) == _graph_bytes(first)
    assert report["entities"] == _report(first)["entities"] > 0
    assert _invoke(out, str(corpus), *cache).exit_code == 0
    assert not _report(out)["graph_rebuilt"]  # same inputs, same graph: kept as it is

    # [graph] only: no NLP, a new graph
    result = _invoke(out, str(corpus), *cache, "--graph.base_iri", "http://example.org/kg/")
    assert result.exit_code == 0, result.output
    assert session_pipeline == [] and _report(out)["graph_rebuilt"]
    assert b"http://example.org/kg/doc/" in _graph_bytes(out)

    # one document edited: only it goes through the pipeline
    (corpus / "3.txt").write_text("中国移动在陕西省投资6.9亿元建设光纤网络。", encoding="utf-8")
    assert _invoke(out, str(corpus), *cache).exit_code == 0
    assert _report(out)["documents_computed"] == 1 and len(session_pipeline) == 1

    # an NLP setting changed: everything is recomputed
    session_pipeline.clear()
    assert _invoke(out, str(corpus), *cache, "--components.ner.gazetteer", "false").exit_code == 0
    assert _report(out)["documents_computed"] == 8 and len(session_pipeline) == 1


@pytest.mark.parametrize("engine", [("--workers", "2"), ("--engine", "dask", "--workers", "2")])
def test_a_config_error_in_workers_is_one_line(tmp_path: Path, engine: tuple[str, ...]) -> None:
    out = tmp_path / "out"
    result = _invoke(out, str(SEEDS), *engine, "--components.ner.no_such_key", "1")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("zhkg: error: "), result.output
    assert "no_such_key" in lines[0]
    assert not out.exists()  # nothing processed, nothing written


def test_out_must_be_a_directory(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = _invoke(tmp_path / "file", str(SEEDS))
    assert result.exit_code == 2
    assert result.output.strip() == f"zhkg: error: {tmp_path / 'file'}: not a directory"


# -- crash safety -------------------------------------------------------------------------


def _cached_rows(cache: Path) -> int:
    try:
        with sqlite3.connect(f"file:{cache / 'results.sqlite'}?mode=ro", uri=True) as db:
            return db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_run_resumes_and_processes_every_document_once(
    tmp_path: Path, session_pipeline
) -> None:
    corpus = tmp_path / "news.jsonl.gz"
    ids = _corpus(corpus, 40, lines_per_doc=40)  # ~3 s of NLP: time to kill it midway
    clean = tmp_path / "clean"
    assert _invoke(clean, str(corpus), "--no-cache").exit_code == 0

    out, cache = tmp_path / "out", tmp_path / "cache"
    command = [sys.executable, "-m", "pipeline.cli", "run", str(corpus), "--out", str(out),
               "--cache-dir", str(cache), "--workers", "1", "--batch-size", "1", "--quiet"]
    proc = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _cached_rows(cache) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = _cached_rows(cache)
    assert 2 <= done_before < len(ids), "the run was not killed midway"
    assert not (out / "graph.jsonld").exists()
    assert [p.name for p in out.iterdir()] == [f".zhkg-spool-{proc.pid}"]  # left by the kill
    (out / ".graph.jsonld.999999999.x1y2.tmp").write_text("{")  # as if killed mid-write

    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    report = _report(out)
    assert report["processed"] == ids and report["documents_failed"] == 0
    assert report["documents_from_cache"] == done_before
    assert report["documents_computed"] == len(ids) - done_before
    assert _graph_bytes(out) == _graph_bytes(clean)
    assert sorted(p.name for p in out.iterdir()) == [".zhkg-manifest.json", "graph.jsonld",
                                                     "report.json"]
    assert os.stat(out / "graph.jsonld").st_size > 0


def test_the_graph_identity_the_aliases_stage_uses_counts_in_the_nlp_fingerprint() -> None:
    # the aliases stage gives entities the graph's canonical names: a change to them must
    # change every cache key, though the rest of graph/ never touches a result
    import pipeline.aliases.component as aliases
    from pipeline.paths import PACKAGE_DIR
    from pipeline.scale.fingerprint import NLP_IN_NOT_NLP

    used = Path(aliases.canonical_name.__code__.co_filename).relative_to(PACKAGE_DIR)
    assert used.as_posix() in NLP_IN_NOT_NLP
    assert all((PACKAGE_DIR / p).is_file() for p in NLP_IN_NOT_NLP)
