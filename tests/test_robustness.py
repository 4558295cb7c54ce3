"""Hostile and broken input through the whole ``zhkg run`` command: clear errors, nothing lost.

Every input class in docs/robustness.md has a test here. Runs that are about inputs reuse the
session pipeline (``load_nlp`` is patched to return it) so that the suite stays fast; runs
that are about configs and models load for real, because loading is what they test.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import io
import json
import os
import threading
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.io import InputDoc, InputError, iter_inputs

from .conftest import assert_offsets_in_text

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"

SIMP = "中国电信在青海久治县投入869万元，用于通信网络建设。\n"
TRAD = "中國電信在青海久治縣投入869萬元，用於通信網絡建設。\n"
ARTICLE = f"<p>{SIMP}</p><p>市长表示，新政策将吸引更多企业落户深圳，带动就业增长。</p>"


# -- helpers ------------------------------------------------------------------------------


def _invoke(args: list[str]):  # click's Result
    return CliRunner().invoke(app, args)


@pytest.fixture
def run_cli(nlp, monkeypatch: pytest.MonkeyPatch):
    """``zhkg run INPUTS --out OUT -q`` with the session pipeline (no model loading)."""
    monkeypatch.setattr("pipeline.config.load_nlp", lambda *a, **k: nlp)

    def call(out: Path, *inputs: str | Path, extra: tuple[str, ...] = ()):
        return _invoke(["run", *map(str, inputs), "--out", str(out), "--quiet", *extra])

    return call


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _graph(out: Path) -> dict:
    return json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))


def _statement_values(graph: dict) -> dict[str, set[str]]:
    """Document identifier -> the quantity values stated in it."""
    docs = {
        n["@id"]: n["schema:identifier"]
        for n in graph["@graph"]
        if n["@type"] == "schema:NewsArticle"
    }
    out: dict[str, set[str]] = {ident: set() for ident in docs.values()}
    for n in graph["@graph"]:
        if n["@type"] == "zhkg:QuantityStatement":
            blob = json.dumps(n, ensure_ascii=False)
            for iri, ident in docs.items():
                if iri in blob:
                    out[ident].add(json.dumps(n.get("schema:value"), ensure_ascii=False))
    return out


def _one_line_error(result, *needles: str) -> str:
    """The CLI failed cleanly: exit 2, one ``zhkg: error:`` line naming ``needles``."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("zhkg: error: "), result.output
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# -- encodings, end to end ------------------------------------------------------------------

ENCODED = {
    "utf8.txt": SIMP.encode("utf-8"),
    "utf8_bom.txt": codecs.BOM_UTF8 + SIMP.encode("utf-8"),
    "utf16le.txt": codecs.BOM_UTF16_LE + SIMP.encode("utf-16-le"),
    "utf16be.txt": codecs.BOM_UTF16_BE + SIMP.encode("utf-16-be"),
    "gb2312.txt": SIMP.encode("gb2312"),
    "gbk.txt": SIMP.encode("gbk"),
    "gb18030.txt": (SIMP + "𠮷䶮€").encode("gb18030"),
    "big5.txt": TRAD.encode("big5"),
    # declared charsets that lie: GBK bytes declared UTF-8, UTF-8 bytes declared GB2312
    "gbk_says_utf8.html": (
        f"<html><head><meta charset='utf-8'></head><body>{ARTICLE}</body></html>"
    ).encode("gbk"),
    "utf8_says_gb2312.html": (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"</head><body>{ARTICLE}</body></html>"
    ).encode(),
    "big5_says_gbk.html": (
        f"<html><head><meta charset='gbk'></head><body><p>{TRAD}</p></body></html>"
    ).encode("big5"),
    "docs.jsonl": (json.dumps({"id": "from_jsonl", "text": SIMP}) + "\n").encode(),
}


def test_every_encoding_through_the_cli(tmp_path: Path, run_cli) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, data in ENCODED.items():
        (src / name).write_bytes(data)
    # half UTF-8, half GBK: no single encoding reads it; either way, never a crash
    (src / "mixed.txt").write_bytes(SIMP.encode("utf-8") + SIMP.encode("gbk") * 3)
    out = tmp_path / "out"
    result = run_cli(out, src)
    assert result.exit_code == 0, result.output
    report = _report(out)
    expected = {n for n in ENCODED if n != "docs.jsonl"} | {"from_jsonl"}
    assert expected <= set(report["processed"]), report
    assert set(report["processed"]) | {f["id"] for f in report["failed"]} == expected | {
        "mixed.txt"
    }
    for failure in report["failed"]:
        assert failure["reason"] and "\n" not in failure["reason"]
    values = _statement_values(_graph(out))
    for name in expected:  # 869万元 was read correctly in every encoding
        assert any("8690000" in v for v in values[name]), (name, values[name])


# -- content --------------------------------------------------------------------------------


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("inner.txt", SIMP)
    return buf.getvalue()


BAD_CONTENT = {
    "empty.txt": (b"", "empty file"),
    "spaces.txt": (" \t\r\n\n\u3000\u00a0".encode(), "empty file"),
    "bom_only.txt": (codecs.BOM_UTF8, "empty file"),
    "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    "archive.txt": (_zip_bytes(), "ZIP archive"),
    "paper.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF document"),
    "image.jsonl": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "empty_page.html": (b"<html><head><script>var a=1;</script></head></html>", "no extract"),
}


def test_bad_content_is_reported_and_good_documents_survive(tmp_path: Path, run_cli) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, (data, _) in BAD_CONTENT.items():
        (src / name).write_bytes(data)
    (src / "good.txt").write_text(SIMP, encoding="utf-8")
    deep = "<html><body>" + "<div>" * 5000 + ARTICLE + "</div>" * 5000 + "</body></html>"
    (src / "deep.html").write_text(deep, encoding="utf-8")
    broken = "<html><head><title>未闭合<body><div><p>" + SIMP + "<table><tr><td>1"
    (src / "broken.html").write_text(broken, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(out, src)
    assert result.exit_code == 0, result.output
    report = _report(out)
    assert sorted(report["processed"]) == ["broken.html", "deep.html", "good.txt"]
    failed = {f["id"]: f["reason"] for f in report["failed"]}
    assert set(failed) == set(BAD_CONTENT)
    for name, (_, why) in BAD_CONTENT.items():
        assert why.split()[0] in failed[name], (name, failed[name])
    values = _statement_values(_graph(out))
    assert all(any("8690000" in v for v in values[n]) for n in report["processed"]), values


def test_everything_failed_exits_1(tmp_path: Path, run_cli) -> None:
    (tmp_path / "e.txt").write_bytes(b"")
    result = run_cli(tmp_path / "out", tmp_path / "e.txt", tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert "missing.txt: no such file or directory" in result.output
    assert _report(tmp_path / "out")["documents_failed"] == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "value", "extra"),
    [
        ("投入1,234.5万元", "12345000", {}),
        ("投入１，２３４．５万元", "12345000", {}),  # full-width digits and separators
        ("投入３至５万元", "30000", {"min_value": "30000", "max_value": "50000"}),
        ("投入3-5万元", "30000", {"min_value": "30000", "max_value": "50000"}),
        # a range states both bounds: one statement each (the annotation guide's rule)
        ("利润减少-5万元", "-50000", {}),
        ("投入＋３万元", "30000", {}),
    ],
)
def test_number_forms_end_to_end(nlp, text: str, value: str, extra: dict) -> None:
    doc = nlp(f"中国电信{text}。")
    st, *upper = doc._.statements
    assert st["value"] == value
    if "max_value" in extra:
        assert [u["value"] for u in upper] == [extra["max_value"]]
    else:
        assert not upper
    for key, want in extra.items():
        assert st[key] == want


@pytest.mark.parametrize(
    "text",
    [
        "\x00中国电信\x07投入\x1b869万元\x7f。",  # control characters
        "中国\u200b电信投入\u200d869万\u200c元\ufeff。",  # zero-width characters
        "ＣＨＩＮＡ　ＴＥＬＥＣＯＭ投入８６９万元。",  # full-width letters, digits, space
        "😀中国电信🇨🇳投入869万元👍🏽。",  # emoji, flags, skin-tone modifiers
        "東京の会社がIBMと中国电信に869万元を投資した。",  # Japanese, English, Chinese
        "a" * 300 + "\u0301" * 300,  # combining marks
        "\u202e中国电信投入869万元\u202c。",  # bidi controls
        "\ufffd\ufffd\ufffd" * 100,  # replacement characters (mojibake)
        "\n" * 2000 + "。" * 2000,  # only line breaks and punctuation
    ],
)
def test_odd_characters_keep_offsets(nlp, text: str) -> None:
    assert_offsets_in_text(nlp(text), text)


def test_long_text_without_punctuation(tmp_path: Path, run_cli) -> None:
    """One sentence, one clause, 300 K characters: every per-clause scan is a scan of the
    document, which used to be quadratic (200 K characters took 270 s). Its speed is in
    docs/robustness.md ("Performance guards"); here it must finish and find everything."""
    base = "中国电信在四川省投入资金五百万元帮助贫困户脱贫陕西移动共有八十二个定点扶贫村"
    text = (base * (300_000 // len(base) + 1))[:300_000]
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    result = run_cli(tmp_path / "out", tmp_path / "big.txt")
    assert result.exit_code == 0, result.output
    report = _report(tmp_path / "out")
    assert report["processed"] == ["big.txt"] and report["characters"] == len(text)
    assert report["statements"] > 300_000 // len(base)


def test_document_over_max_length_fails_alone(tmp_path: Path, run_cli, nlp) -> None:
    (tmp_path / "a_huge.txt").write_text("中" * (nlp.max_length + 1), encoding="utf-8")
    (tmp_path / "b_good.txt").write_text(SIMP, encoding="utf-8")
    result = run_cli(tmp_path / "out", tmp_path)
    assert result.exit_code == 0, result.output
    report = _report(tmp_path / "out")
    assert report["processed"] == ["b_good.txt"]
    (failure,) = report["failed"]
    assert failure["id"] == "a_huge.txt" and str(nlp.max_length) in failure["reason"]


def test_failing_document_is_isolated(tmp_path: Path, run_cli, exploding) -> None:
    """A document that makes a component raise is reported; the rest of its batch is kept."""
    for i in range(5):
        text = "爆炸" + SIMP if i == 2 else SIMP
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    result = run_cli(tmp_path / "out", tmp_path)
    assert result.exit_code == 0, result.output
    report = _report(tmp_path / "out")
    assert report["processed"] == ["0.txt", "1.txt", "3.txt", "4.txt"]
    assert report["failed"] == [
        {"id": "2.txt", "source": str(tmp_path / "2.txt"),
         "reason": "processing failed: RuntimeError: boom"}
    ]


# -- the file system ------------------------------------------------------------------------


def _with_timeout(fn, seconds: float = 20):
    """Run ``fn`` in a daemon thread: a regression that blocks fails instead of hanging."""
    box: list = []
    thread = threading.Thread(target=lambda: box.append(fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"blocked for more than {seconds} s"
    return box[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_entries_in_a_directory(tmp_path: Path) -> None:
    """Tests run as root, where chmod 000 blocks nothing; a FIFO (reading it would block
    forever), broken and looping symlinks stand in for unreadable files."""
    (tmp_path / "good.txt").write_text(SIMP, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop_a.txt").symlink_to(tmp_path / "loop_b.txt")
    (tmp_path / "loop_b.txt").symlink_to(tmp_path / "loop_a.txt")
    locked = tmp_path / "locked.txt"
    locked.write_text(SIMP, encoding="utf-8")
    locked.chmod(0)
    items = _with_timeout(lambda: list(iter_inputs([tmp_path, str(tmp_path / "p*.txt")])))
    by_id = {i.id: i for i in items}
    assert isinstance(by_id["good.txt"], InputDoc)
    reasons = {i.id: i.reason for i in items if isinstance(i, InputError)}
    assert reasons["pipe.txt"] == "not a regular file (a named pipe)"
    assert reasons["broken.txt"] == "no such file or directory (broken symbolic link)"
    assert "symbolic links" in reasons["loop_a.txt"]
    if os.geteuid() != 0:  # only a non-root user is actually locked out
        assert reasons["locked.txt"] == "permission denied"


def test_jsonl_line_longer_than_the_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    good = json.dumps({"id": "ok", "text": SIMP}).encode()
    path.write_bytes(b'{"id": "x", "text": "' + b"a" * 5000 + b'"}\n' + good + b"\n")
    items = list(iter_inputs([path], max_bytes=1000))
    assert [type(i) for i in items] == [InputError, InputDoc]
    assert items[0].reason == "line 1: line too long" and items[1].id == "ok"


def test_lone_surrogates_never_reach_the_writer(tmp_path: Path, run_cli) -> None:
    """A JSON "\\ud800" escape and a file name that is not UTF-8 used to make the final UTF-8
    write fail, losing the whole run's output."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "s.jsonl").write_text(
        '{"id": "bad\\udc80id", "text": "中国电信\\ud800投入869万元。"}\n', encoding="utf-8"
    )
    name = os.fsencode(tmp_path / "in") + b"/\xff\xfe.txt"
    with open(name, "wb") as fh:
        fh.write(SIMP.encode())
    result = run_cli(tmp_path / "out", tmp_path / "in")
    assert result.exit_code == 0, result.output
    report = _report(tmp_path / "out")
    assert sorted(report["processed"]) == sorted(["\ufffd\ufffd.txt", "bad\ufffdid"])
    assert "869" in (tmp_path / "out" / "graph.jsonld").read_text(encoding="utf-8")


def test_lone_surrogates_in_the_python_api(nlp) -> None:
    """``nlp(text)`` with a JSON "\\ud83d" escape in ``text`` raised from spaCy's string
    store; the surrogate reads as U+FFFD, as in ``zhkg run``, and the rest is analysed."""
    doc = nlp("中国电信\ud83d投入869万元。")
    assert doc.text == "中国电信\ufffd投入869万元。"
    assert [e.text for e in doc.ents] == ["中国电信"]


def test_output_directory_under_a_file(tmp_path: Path, run_cli) -> None:
    (tmp_path / "a.txt").write_text(SIMP, encoding="utf-8")
    (tmp_path / "file").write_text("x")
    result = run_cli(tmp_path / "file" / "out", tmp_path / "a.txt")
    _one_line_error(result, str(tmp_path / "file" / "out"), "Not a directory")


def test_disk_full_keeps_the_previous_output(tmp_path: Path, run_cli, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(SIMP, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(out, tmp_path / "a.txt").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("pipeline.graph.writer.os.fsync", full)
    # new input: the graph is rebuilt and its write fails first; same input: the graph is
    # kept (unchanged run) and the report's write fails
    (tmp_path / "b.txt").write_text(TRAD, encoding="utf-8")
    for inputs in ((tmp_path / "a.txt", tmp_path / "b.txt"), (tmp_path / "a.txt",)):
        result = run_cli(out, *inputs)
        _one_line_error(result, str(out), "No space left on device")
        # old files, no temporary file, no spool
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# -- configs and models (loaded for real) ---------------------------------------------------


def _cfg_run(tmp_path: Path, *args: str):
    text = tmp_path / "a.txt"
    text.write_text(SIMP, encoding="utf-8")
    return _invoke(["run", str(text), "--out", str(tmp_path / "out"), "--quiet", *args])


def test_config_errors(tmp_path: Path) -> None:
    default = (ROOT / "configs" / "default.cfg").read_text(encoding="utf-8")
    cases = {
        "malformed.cfg": ("[nlp\nlang = 'zh'", "malformed.cfg"),
        "unknown_key.cfg": (
            default.replace("rules = null", "rules = null\nno_such_key = 3", 1),
            "no_such_key",
        ),
        "binary.cfg": ("\x00\x01\x02garbage", "binary.cfg"),
    }
    for name, (text, needle) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = _cfg_run(tmp_path, "--config", str(tmp_path / name))
        _one_line_error(result, str(tmp_path / name), needle)
    _one_line_error(
        _cfg_run(tmp_path, "--config", str(tmp_path / "none.cfg")), "none.cfg", "not found"
    )
    _one_line_error(_cfg_run(tmp_path, "--nlp.batch_size", "many"), "batch_size")
    _one_line_error(
        _cfg_run(tmp_path, "--paths.models", str(tmp_path / "nowhere")),
        "segmenter model not found",
        "zhkg train segmenter",
        "make train",
    )
    assert not (tmp_path / "out").exists()  # nothing was processed or written


def _model_copy(tmp_path: Path, broken: str, data: bytes | None) -> Path:
    """A models dir of symlinks to the shipped files, with ``broken`` replaced by ``data``
    (``None``: deleted)."""
    root = tmp_path / "models"
    for src in MODELS.rglob("*"):
        dst = root / src.relative_to(MODELS)
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.symlink_to(src)
    target = root / broken
    target.unlink()
    if data is not None:
        target.write_bytes(data)
    return root


@pytest.mark.parametrize(
    ("broken", "data", "needles"),
    [
        ("segmenter/features.msgpack", b"\x93garbage", ("segmenter", "zhkg train segmenter")),
        ("segmenter/weights.npz", None, ("segmenter", "zhkg train segmenter")),
        ("ner/weights.npz", b"PK\x03\x04truncated", ("NER model", "zhkg train ner")),
        ("ner/config.json", b"{}", ("NER model", "zhkg train ner")),
    ],
)
def test_corrupt_models(tmp_path: Path, broken: str, data: bytes | None, needles) -> None:
    if not (MODELS / broken).exists():
        pytest.skip(f"models/{broken} not built")
    models = _model_copy(tmp_path, broken, data)
    result = _cfg_run(tmp_path, "--paths.models", str(models))
    _one_line_error(result, str(models / broken.split("/")[0]), "make train", *needles)


def test_bad_rules_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "rules.json").write_text("{not json", encoding="utf-8")
    result = _cfg_run(tmp_path, "--components.boilerplate.rules", str(tmp_path / "rules.json"))
    _one_line_error(result, "default.cfg", "cannot build the pipeline")
    result = _cfg_run(tmp_path, "--components.quantities.rules", str(tmp_path / "nowhere"))
    _one_line_error(result, "quantity rules directory not found")


def test_gzip_bomb_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"\x00" * (20 * 1024 * 1024)))
    (err,) = list(iter_inputs([path], max_bytes=1024 * 1024))
    assert isinstance(err, InputError) and err.reason.startswith("file too large")
