"""Fuzz the whole zhkg pipeline: bytes -> reader -> spaCy pipeline -> graph -> JSON-LD text.

Run with ``make fuzz`` (not part of CI). ``FUZZ_SECONDS`` (default 600) bounds the run.
With atheris installed (``pip install atheris``) this is a coverage-guided libFuzzer run over
the ``pipeline`` package; without it, or with ``FUZZ_ENGINE=hypothesis``, a hypothesis loop
that keeps going after a finding. Findings go to ``fuzz/findings/`` (one file per crashing
input); add each as a regression test in tests/test_properties.py.

What counts as a finding: any exception, a document whose offsets do not slice to their
surface, or a graph that cannot be serialised as UTF-8 JSON.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
FINDINGS = HERE / "findings"
SUFFIXES = (".txt", ".html", ".jsonl", ".json")


def _setup():  # (nlp, check) once per process
    import pipeline
    from pipeline.graph.builder import GraphBuilder
    from pipeline.graph.writer import dumps_jsonld
    from pipeline.io import InputDoc, iter_inputs
    from pipeline.result import doc_to_result

    nlp = pipeline.load()
    workdir = Path(tempfile.mkdtemp(prefix="zhkg-fuzz-"))

    def check_text(text: str) -> None:
        doc = nlp(text)
        assert doc.text == text
        for ent in doc.ents:
            assert text[ent.start_char : ent.end_char] == ent.text, ent
        result = doc_to_result(doc, "fuzz", "fuzz")
        for st in result["statements"]:
            assert text[st["start"] : st["end"]] == st["evidence"], st
        builder = GraphBuilder()
        builder.add(result)
        dumps_jsonld(builder.to_jsonld()).encode("utf-8")

    def check_bytes(data: bytes) -> None:
        """The reader on ``data`` saved under each input suffix, then the text checks."""
        suffix = SUFFIXES[data[0] % len(SUFFIXES)] if data else ".txt"
        path = workdir / f"input{suffix}"
        path.write_bytes(data[1:])
        for item in iter_inputs([path]):
            if isinstance(item, InputDoc):
                check_text(item.text)

    return check_text, check_bytes


def _save(data: bytes, err: BaseException) -> Path:
    FINDINGS.mkdir(exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    (FINDINGS / f"{name}.bin").write_bytes(data)
    (FINDINGS / f"{name}.txt").write_text(
        "".join(traceback.format_exception(err)), encoding="utf-8"
    )
    return FINDINGS / f"{name}.bin"


def run_atheris(seconds: int) -> None:
    import atheris

    with atheris.instrument_imports(include=["pipeline"]):
        check_text, check_bytes = _setup()

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        if fdp.ConsumeBool():
            check_bytes(fdp.ConsumeBytes(fdp.remaining_bytes()))
        else:
            check_text(fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()))

    FINDINGS.mkdir(exist_ok=True)
    args = [sys.argv[0], f"-max_total_time={seconds}", f"-artifact_prefix={FINDINGS}/",
            "-rss_limit_mb=4096", "-max_len=4096", "-timeout=60"]
    corpus = HERE / "corpus"
    if corpus.is_dir():  # libFuzzer adds new inputs to its first corpus dir: use a copy
        work = Path(tempfile.mkdtemp(prefix="zhkg-corpus-"))
        for seed in corpus.iterdir():
            (work / seed.name).write_bytes(seed.read_bytes())
        args.append(str(work))
    atheris.Setup(args, one_input)
    atheris.Fuzz()


def run_hypothesis(seconds: int) -> int:
    """Draw inputs until the time budget is spent; record every failure, keep going."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    check_text, check_bytes = _setup()
    chars = list("中国电信移动四川省县投入资金万亿元个人次%％余多约至-～，。；：“”\n ")
    words = ["1,234.5", "８６９", "五百", "二〇一七年", "平台", "<p>", "</p>"]
    pieces = st.sampled_from(chars + words)
    texts = st.one_of(st.text(max_size=300), st.lists(pieces | st.text(max_size=3),
                                                      max_size=80).map("".join))
    deadline = time.monotonic() + seconds
    found = 0
    runs = 0

    @settings(max_examples=500, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(texts.map(lambda t: ("text", t)), st.binary(max_size=2000).map(
        lambda b: ("bytes", b))))
    def one(case: tuple[str, object]) -> None:
        nonlocal found, runs
        runs += 1
        kind, value = case
        try:
            if kind == "text":
                check_text(value)  # type: ignore[arg-type]
            else:
                check_bytes(value)  # type: ignore[arg-type]
        except Exception as err:  # noqa: BLE001 - recorded, the loop goes on
            data = value.encode("utf-8", "surrogatepass") if kind == "text" else value
            print(f"finding: {_save(data, err)}: {type(err).__name__}: {err}", flush=True)
            found += 1

    while time.monotonic() < deadline:
        one()
    print(f"hypothesis fuzz: {runs} inputs in {seconds} s, {found} findings", flush=True)
    return 1 if found else 0


def main() -> int:
    seconds = int(os.environ.get("FUZZ_SECONDS", "600"))
    engine = os.environ.get("FUZZ_ENGINE", "atheris")
    if engine == "atheris":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "hypothesis"
    if engine == "atheris":
        run_atheris(seconds)
        return 0
    return run_hypothesis(seconds)


if __name__ == "__main__":
    sys.exit(main())
