"""Reader: every encoding we meet in scraped Chinese news, and every way a file can be bad.

Each bad input must come back as an ``InputError`` with a readable reason, never an
exception, and must not stop the good inputs around it.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zipfile
from pathlib import Path

import pytest

from pipeline.io import InputDoc, InputError, InputSkipped, iter_inputs
from pipeline.io.encoding import DecodeFailure, decode_bytes
from pipeline.io.html import extract_html, looks_like_html

DATA = Path(__file__).parent / "data"

SIMP = (
    "中国电信今年营收增长\n\n"
    "董事长表示，公司将继续投资网络建设，并扩大偏远地区的宽带覆盖。去年全年营收达到二千一百亿元。\n"
)
TRAD = (
    "中華電信今年營收成長\n\n"
    "董事長表示，公司將持續投資網路建設，並擴大偏鄉地區的寬頻覆蓋。去年全年營收達到新臺幣二千一百億元。\n"
)


def read_one(path: Path) -> InputDoc | InputError:
    items = list(iter_inputs([path]))
    assert len(items) == 1, items
    return items[0]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMP.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMP.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + SIMP.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SIMP.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + SIMP.encode("utf-32-le"), "utf-32-le"),
        (SIMP.encode("gbk"), "gb18030"),
        (SIMP.encode("gb2312"), "gb18030"),
        ((SIMP + "𠮷䶮€").encode("gb18030"), "gb18030"),
        (TRAD.encode("big5"), "big5hkscs"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "utf32le", "gbk", "gb2312", "gb18030", "big5"],
)
def test_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = read_one(write(tmp_path, "a.txt", data))
    assert isinstance(doc, InputDoc), doc
    assert doc.encoding == encoding
    expected = TRAD if encoding == "big5hkscs" else SIMP
    if encoding == "gb18030" and "𠮷" in doc.text:
        expected = SIMP + "𠮷䶮€"
    assert doc.text == expected
    assert doc.format == "txt"
    assert doc.id == "a.txt"


def test_committed_fixtures() -> None:
    by_name = {d.id: d for d in iter_inputs([DATA])}
    assert by_name["big5.txt"].text.startswith("中華電信")
    assert by_name["gbk.txt"].text.startswith("中国电信")
    assert by_name["utf16le_bom.txt"].text.startswith("中国电信")
    assert isinstance(by_name["image.txt"], InputError)
    assert "PNG" in by_name["image.txt"].reason
    page = by_name["broken_utf8_declared_big5.html"]
    assert isinstance(page, InputDoc), page
    assert page.encoding == "utf-8"  # the declared big5 is wrong; strict UTF-8 wins
    assert "五百億元" in page.text


def test_short_big5_and_gbk_are_told_apart() -> None:
    assert decode_bytes("臺灣電腦公司".encode("big5")).text == "臺灣電腦公司"
    assert decode_bytes("台湾电脑公司".encode("gbk")).text == "台湾电脑公司"


def test_utf8_cut_inside_last_character(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "cut.txt", SIMP.encode("utf-8") + "元".encode()[:2]))
    assert isinstance(doc, InputDoc)
    assert doc.encoding == "utf-8"
    assert doc.text == SIMP


def test_crlf_is_normalised(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "crlf.txt", SIMP.replace("\n", "\r\n").encode("utf-8")))
    assert doc.text == SIMP


# --- bad files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(200), "JPEG image"),
        (b"GIF89a" + bytes(100), "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document"),
        (gzip.compress(SIMP.encode()), "gzip archive"),
        (b"abc\x00def" * 50, "NUL bytes"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
)
def test_binary_files(tmp_path: Path, data: bytes, what: str) -> None:
    err = read_one(write(tmp_path, "x.txt", data))
    assert isinstance(err, InputError)
    assert err.reason == f"not a text file (binary content: {what})"


def test_zip_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("inner.txt", SIMP)
    err = read_one(path)
    assert isinstance(err, InputError)
    assert "ZIP archive" in err.reason


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u3000\n \ufeff".encode()])
def test_empty_files(tmp_path: Path, data: bytes) -> None:
    err = read_one(write(tmp_path, "e.txt", data))
    assert isinstance(err, InputError)
    assert err.reason == "empty file"


def test_undecodable(tmp_path: Path) -> None:
    # Valid in no candidate encoding: lone lead bytes everywhere.
    err = read_one(write(tmp_path, "bad.txt", b"abc \x81\x20\xfe\x20\x80\x20" * 40))
    assert isinstance(err, InputError)
    assert err.reason.startswith("cannot decode")
    with pytest.raises(DecodeFailure):
        decode_bytes(b"\x81\x20\xfe\x20\x80\x20" * 40)


def test_missing_path_and_pattern(tmp_path: Path) -> None:
    items = list(iter_inputs([tmp_path / "nope.txt", str(tmp_path / "*.nothing")]))
    assert [type(i) for i in items] == [InputError, InputError]
    assert items[0].reason == "no such file or directory"
    assert items[0].id == "nope.txt"
    assert items[1].reason == "no files match this pattern"


def test_bad_paths_argument_raises() -> None:
    with pytest.raises(TypeError):
        iter_inputs(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        list(iter_inputs([None]))  # type: ignore[list-item]


def test_single_path_and_glob(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", SIMP.encode())
    write(tmp_path, "b.txt", SIMP.encode())
    assert [d.id for d in iter_inputs(tmp_path / "a.txt")] == ["a.txt"]
    assert [d.id for d in iter_inputs([str(tmp_path / "*.txt")])] == ["a.txt", "b.txt"]


def test_directory_mixing_good_and_bad(tmp_path: Path) -> None:
    write(tmp_path, "01_good.txt", SIMP.encode("utf-8"))
    write(tmp_path, "02_empty.txt", b"")
    write(tmp_path, "03_image.txt", b"\x89PNG\r\n\x1a\n" + bytes(64))
    write(tmp_path, "04_gbk.txt", SIMP.encode("gbk"))
    write(tmp_path, "05_notes.md", b"ignored: not an input suffix")
    write(tmp_path, ".hidden.txt", SIMP.encode())
    sub = tmp_path / "sub"
    sub.mkdir()
    write(sub, "06_page.html", f"<html><body><p>{SIMP}</p></body></html>".encode())
    items = list(iter_inputs([tmp_path]))
    assert [i.id for i in items] == [
        ".hidden.txt",
        "01_good.txt",
        "02_empty.txt",
        "03_image.txt",
        "04_gbk.txt",
        "05_notes.md",
        "06_page.html",
    ]
    skipped = {i.id: i.reason for i in items if isinstance(i, InputSkipped)}
    assert skipped[".hidden.txt"] == "hidden file"
    assert skipped["05_notes.md"].startswith("not read in a folder: a .md file")
    good = [i for i in items if isinstance(i, InputDoc)]
    bad = {i.id: i.reason for i in items if isinstance(i, InputError)}
    assert [d.id for d in good] == ["01_good.txt", "04_gbk.txt", "06_page.html"]
    assert bad == {
        "02_empty.txt": "empty file",
        "03_image.txt": "not a text file (binary content: PNG image)",
    }
    flat = list(iter_inputs([tmp_path], recursive=False))
    assert (flat[-1].id, flat[-1].reason) == ("sub", "sub-folder (not recursive)")


def test_generator_is_lazy(tmp_path: Path) -> None:
    for i in range(3):
        write(tmp_path, f"{i}.txt", SIMP.encode())
    it = iter_inputs([tmp_path])
    first = next(it)
    (tmp_path / "2.txt").unlink()  # removed after the listing: an error, not a crash
    rest = list(it)
    assert first.id == "0.txt"
    assert isinstance(rest[-1], InputError)
    assert rest[-1].reason == "no such file or directory"


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", SIMP.encode() * 10)
    (err,) = list(iter_inputs([path], max_bytes=100))
    assert isinstance(err, InputError)
    assert err.reason.startswith("file too large")


# --- JSON Lines ----------------------------------------------------------------------------


def _jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "a", "text": SIMP}, ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"id": "c", "html": f"<html><body><p>{TRAD}</p></body></html>"}),
        json.dumps({"id": "d", "text": "   "}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": SIMP}, ensure_ascii=False),
    ]


def _check_jsonl(items: list, name: str) -> None:
    assert len(items) == 6
    a, bad, c, d, arr, e = items
    assert isinstance(a, InputDoc) and a.id == "a" and a.text == SIMP and a.format == "jsonl"
    assert a.source.endswith(f"{name}:1")
    assert isinstance(bad, InputError)
    assert bad.id == f"{name}:2" and bad.source.endswith(f"{name}:2")
    assert bad.reason.startswith("invalid JSON on line 2")
    assert isinstance(c, InputDoc) and "五百" not in c.text and "中華電信" in c.text
    assert isinstance(d, InputError) and d.reason == "line 5: empty text"
    assert isinstance(arr, InputError) and "expected a JSON object" in arr.reason
    assert isinstance(e, InputDoc) and e.id == f"{name}:7"


def test_jsonl_with_bad_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "docs.jsonl", "\n".join(_jsonl_lines()).encode("utf-8"))
    _check_jsonl(list(iter_inputs([path])), "docs.jsonl")


def test_gzipped_jsonl(tmp_path: Path) -> None:
    data = gzip.compress("\n".join(_jsonl_lines()).encode("utf-8"))
    path = write(tmp_path, "docs.jsonl.gz", data)
    _check_jsonl(list(iter_inputs([path])), "docs.jsonl.gz")


def test_truncated_gzip_jsonl(tmp_path: Path) -> None:
    data = gzip.compress(("\n".join(_jsonl_lines()) + "\n").encode("utf-8") * 50)
    path = write(tmp_path, "cut.jsonl.gz", data[: len(data) // 2])
    items = list(iter_inputs([path]))
    assert isinstance(items[0], InputDoc)
    assert isinstance(items[-1], InputError)
    assert items[-1].id == "cut.jsonl.gz" and "cannot read after line" in items[-1].reason


def test_json_file(tmp_path: Path) -> None:
    one = write(tmp_path, "one.json", json.dumps({"id": "x", "text": SIMP}).encode())
    many = write(tmp_path, "many.json", json.dumps([{"text": SIMP}, {"text": 3}]).encode())
    items = list(iter_inputs([one, many]))
    assert [type(i).__name__ for i in items] == ["InputDoc", "InputDoc", "InputError"]
    assert items[0].id == "x"
    assert items[2].reason == 'item 1: "text" must be a string'


# --- HTML ----------------------------------------------------------------------------------

ARTICLE = (
    "<p>深圳市政府今天公布新的产业政策，计划在未来三年投入五百亿元支持新能源汽车产业发展。</p>"
    "<p>市长表示，新政策将吸引更多企业落户深圳，带动就业增长，预计新增就业岗位十万个。</p>"
)


def test_html_title_first_line(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>深圳出台新能源汽车政策</title>"
        "</head><body><nav><a href='/'>首页</a></nav><article><h1>深圳出台新能源汽车政策</h1>"
        f"{ARTICLE}</article></body></html>"
    )
    doc = read_one(write(tmp_path, "p.html", page.encode("utf-8")))
    assert isinstance(doc, InputDoc) and doc.format == "html"
    first, _, rest = doc.text.partition("\n")
    assert first == "深圳出台新能源汽车政策"
    assert "五百亿元" in rest and "深圳出台新能源汽车政策" not in rest
    assert doc.title == "深圳出台新能源汽车政策"


def test_html_wrong_declared_charset(tmp_path: Path) -> None:
    page = f"<html><head><meta charset='utf-8'></head><body>{ARTICLE}</body></html>"
    doc = read_one(write(tmp_path, "gbk.htm", page.encode("gbk")))
    assert isinstance(doc, InputDoc)
    assert doc.encoding == "gb18030"
    assert "五百亿元" in doc.text
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    page += f"</head><body>{ARTICLE}</body></html>"
    doc = read_one(write(tmp_path, "utf8.htm", page.encode("utf-8")))
    assert doc.encoding == "utf-8" and "五百亿元" in doc.text


def test_html_in_txt_file(tmp_path: Path) -> None:
    page = f"  <!doctype html>\n<html><body>{ARTICLE}</body></html>"
    assert looks_like_html(page)
    doc = read_one(write(tmp_path, "page.txt", page.encode()))
    assert doc.format == "html" and "<p>" not in doc.text


def test_broken_and_deep_html(tmp_path: Path) -> None:
    broken = "<html><head><title>未闭合<body><div><p>" + ARTICLE[3:] + "<table><tr><td>1"
    doc = read_one(write(tmp_path, "broken.html", broken.encode()))
    assert isinstance(doc, InputDoc) and "五百亿元" in doc.text
    deep = "<html><body>" + "<div>" * 5000 + ARTICLE + "</div>" * 5000 + "</body></html>"
    doc = read_one(write(tmp_path, "deep.html", deep.encode()))
    assert isinstance(doc, InputDoc) and "五百亿元" in doc.text and "<" not in doc.text
    unclosed = "<html><body>" + "<div><span>" * 3000 + ARTICLE
    assert extract_html(unclosed) is not None


def test_html_without_text(tmp_path: Path) -> None:
    page = "<html><head><script>var a = 1;</script></head><body><img src='a.png'></body></html>"
    err = read_one(write(tmp_path, "empty.html", page.encode()))
    assert isinstance(err, InputError)
    assert err.reason == "HTML has no extractable text"
