"""Reading inputs: files, directories, glob patterns and JSONL, lazily and without raising.

A batch over thousands of scraped files always meets a few that are empty, binary, in an
odd encoding or not there at all. :func:`iter_inputs` turns every such per-file problem into
an :class:`InputError` value with a one-line reason, so the runner can report it and go on;
only a ``paths`` argument of the wrong type raises.

What is read
- a file named explicitly: any name; ``.html/.htm/.xhtml/.shtml`` are HTML, ``.jsonl/.ndjson``
  JSON Lines, ``.json`` one JSON object or a list of them, anything else text (a text file
  that starts like an HTML document is treated as HTML). A trailing ``.gz`` is decompressed.
- a directory: its files with the suffixes in :data:`DIR_SUFFIXES` (optionally + ``.gz``),
  in name order, recursing into sub-directories when ``recursive``; hidden files and
  folders (``.name``) and files with other suffixes are skipped, each as an
  :class:`InputSkipped` naming why, so that a run accounts for every file it was given.
- a glob pattern (``data/**/*.txt``): each match as above; no match is an error.
- found in a directory or by a pattern, anything but a regular file (a named pipe, socket or
  device, a broken symbolic link) is an error: opening a FIFO would block the whole run. A
  path named explicitly is opened as given, so ``zhkg run <(zcat a.txt.gz)`` works.
- JSON Lines: one ``{"id": ..., "text": ...}`` object per line; ``html`` may stand in for
  ``text``. Blank lines are skipped; a bad line is an error naming file and line, and the
  other lines still yield.
- ``-``: standard input, read as one text (or HTML) document named ``stdin``.
- a document whose text holds control characters (a stray NUL or ESC byte) is read; the
  pipeline ignores them (:mod:`pipeline.script.invisible`) and ``warnings`` says so.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..messages import one_line
from ..script.invisible import count_ignored, replace_surrogates
from .encoding import DecodeFailure, decode_bytes, is_blank, sniff_binary
from .html import decode_html, extract_html, looks_like_html

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
DIR_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + JSON_SUFFIXES
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # one news page is ~10-500 KB; larger is not a page

_GLOB_CHARS = frozenset("*?[")
@dataclass
class InputDoc:
    """One document to process. ``text`` is what the pipeline sees; offsets refer to it."""

    id: str  # file name (e.g. 000_d74d9d00e88a450d.txt), or the JSONL "id"
    source: str  # path (plus ":line" for JSONL)
    text: str  # decoded text; for HTML the extracted main text, title on the first line
    format: str  # "txt" | "html" | "jsonl"
    encoding: str | None
    title: str | None = None  # HTML only: the page title found by trafilatura
    date: str | None = None  # HTML only: publication date (YYYY-MM-DD) from the page metadata
    warnings: list[str] = field(default_factory=list)  # problems tolerated while reading


@dataclass
class InputError:
    """A document that could not be read, with a clear one-line ``reason``."""

    id: str
    source: str
    reason: str


@dataclass
class InputSkipped:
    """A file found in a directory that the reader does not take, and why."""

    id: str
    source: str
    reason: str


Item = InputDoc | InputError | InputSkipped
STDIN = "-"


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    recursive: bool = True,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    """Yield an :class:`InputDoc` or :class:`InputError` per document found under ``paths``.

    A single path (``str``/``Path``) is accepted as well as an iterable of them. Raises
    ``TypeError`` only for a ``paths`` argument (or element) that is not a path.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif isinstance(paths, (bytes, bytearray)) or not isinstance(paths, Iterable):
        raise TypeError(f"paths must be a path or an iterable of paths, not {type(paths)!r}")
    return _iter(paths, recursive, max_bytes)


def _iter(paths: Iterable, recursive: bool, max_bytes: int) -> Iterator[Item]:
    for item in paths:
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"each path must be str or os.PathLike, not {type(item)!r}")
        if os.fspath(item) == STDIN:
            yield _cleaned(_read_stdin(max_bytes))
            continue
        for found in _expand(os.fspath(item), recursive):
            if isinstance(found, (InputError, InputSkipped)):
                yield _cleaned(found)
            else:
                for doc in read_file(found, max_bytes=max_bytes):
                    yield _cleaned(doc)


def _cleaned(item: Item) -> Item:
    """``item`` with lone surrogates in its id and source (and text) replaced."""
    item.id, item.source = replace_surrogates(item.id), replace_surrogates(item.source)
    if isinstance(item, InputDoc):
        item.text = replace_surrogates(item.text)
        item.title = replace_surrogates(item.title) if item.title else item.title
        controls = count_ignored(item.text)
        if controls:
            listed = ", ".join(f"{name} x{n}" for name, n in sorted(controls.items()))
            item.warnings.append(
                f"{sum(controls.values())} control characters ignored ({listed})"
            )
    return item


def _read_stdin(max_bytes: int) -> Item:
    """Standard input as one document (text, or HTML when it looks like a page)."""
    import sys

    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        return InputError("stdin", STDIN, f"input too large (over {max_bytes} bytes)")
    if not data.strip():
        return InputError("stdin", STDIN, "empty input")
    try:
        decoded = decode_bytes(data)
    except DecodeFailure as err:
        return InputError("stdin", STDIN, str(err))
    if is_blank(decoded.text):
        return InputError("stdin", STDIN, "empty input")
    if looks_like_html(decoded.text):
        return _html_doc("stdin", STDIN, decoded.text, decoded.encoding, "html")
    return InputDoc("stdin", STDIN, _normalize_newlines(decoded.text), "txt", decoded.encoding)


def _error(path: str | Path, reason: str) -> InputError:
    name = Path(path).name or str(path)
    return InputError(id=name, source=str(path), reason=reason)


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {err.strerror or type(err).__name__}"


def _expand(spec: str, recursive: bool) -> Iterator[Path | InputError | InputSkipped]:
    """Files named by one path argument: the file, a directory's files, or glob matches."""
    path = Path(spec)
    try:
        if path.is_dir():
            yield from _walk(path, recursive, set())
            return
        if path.exists():
            yield path
            return
        if path.is_symlink():
            yield _error(path, "no such file or directory (broken symbolic link)")
            return
    except OSError as err:
        yield _error(path, _os_reason(err))
        return
    if _GLOB_CHARS & set(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield _error(spec, "no files match this pattern")
        for match in matches:
            mpath = Path(match)
            if mpath.is_dir():
                yield from _walk(mpath, recursive, set())
            else:
                yield _regular(mpath)
        return
    yield _error(path, "no such file or directory")


def _unsupported(name: str) -> str:
    suffix = Path(name).suffix
    what = f"a {suffix} file" if suffix else "no file suffix"
    return (f"not read in a folder: {what} (read: {' '.join(DIR_SUFFIXES)}, optionally .gz; "
            "name the file to read it as text)")


def _wanted(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith(DIR_SUFFIXES)


def _skipped(path: Path, reason: str) -> InputSkipped:
    return InputSkipped(id=path.name, source=str(path), reason=reason)


def _walk(
    root: Path, recursive: bool, seen: set[tuple[int, int]]
) -> Iterator[Path | InputError | InputSkipped]:
    """Files under ``root`` in name order; symlink loops are visited once."""
    try:
        st = root.stat()
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return
        seen.add(key)
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        yield _error(root, _os_reason(err))
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if entry.name.startswith("."):
            yield _skipped(Path(entry.path), f"hidden {'folder' if is_dir else 'file'}")
        elif is_dir:
            if recursive:
                yield from _walk(Path(entry.path), recursive, seen)
            else:
                yield _skipped(Path(entry.path), "sub-folder (not recursive)")
        elif _wanted(entry.name):
            yield _regular(Path(entry.path))
        else:
            yield _skipped(Path(entry.path), _unsupported(entry.name))


_FILE_TYPES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _regular(path: Path) -> Path | InputError:
    """``path`` if it is (a link to) a regular file, else an error saying what it is."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        if isinstance(err, FileNotFoundError) and path.is_symlink():
            return _error(path, "no such file or directory (broken symbolic link)")
        return _error(path, _os_reason(err))
    if stat.S_ISREG(mode):
        return path
    what = next((name for test, name in _FILE_TYPES if test(mode)), "not a file")
    return _error(path, f"not a regular file ({what})")


def _kind(path: Path) -> tuple[str, bool]:
    """(``"txt"|"html"|"jsonl"|"json"``, gzipped) from the file name."""
    lower = path.name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    if lower.endswith(HTML_SUFFIXES):
        return "html", gz
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl", gz
    if lower.endswith(JSON_SUFFIXES):
        return "json", gz
    return "txt", gz


def _read_bytes(path: Path, gz: bool, max_bytes: int) -> bytes:
    """The file's bytes (decompressed when ``gz``); raises ``ValueError`` with a reason."""
    size = path.stat().st_size
    if not gz and size > max_bytes:
        raise ValueError(f"file too large ({size} bytes; limit {max_bytes})")
    with open(path, "rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        if gz and head == b"\x1f\x8b":
            try:
                with gzip.GzipFile(fileobj=fh) as gzf:
                    data = gzf.read(max_bytes + 1)
            except (OSError, EOFError, zlib.error) as err:
                raise ValueError(f"corrupt gzip file ({err})") from err
        else:  # a ".gz" that is not gzipped is read as it is
            data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"file too large (over {max_bytes} bytes)")
    return data


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _html_doc(doc_id: str, source: str, markup: str, encoding: str | None, fmt: str) -> Item:
    content = extract_html(markup)
    if content is None or is_blank(content.text):
        return InputError(doc_id, source, "HTML has no extractable text")
    return InputDoc(
        id=doc_id,
        source=source,
        text=_normalize_newlines(content.text),
        format=fmt,
        encoding=encoding,
        title=content.title,
        date=content.date,
    )


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Documents in one file (several for JSON Lines); never raises for a bad file."""
    path = Path(path)
    kind, gz = _kind(path)
    try:
        if kind == "jsonl":
            yield from _read_jsonl(path, gz, max_bytes)
            return
        data = _read_bytes(path, gz, max_bytes)
    except OSError as err:
        yield _error(path, _os_reason(err))
        return
    except ValueError as err:
        yield _error(path, str(err))
        return
    if not data.strip():
        yield _error(path, "empty file")
        return
    try:
        if kind == "json":
            yield from _read_json(path, data)
            return
        decoded = decode_html(data) if kind == "html" else decode_bytes(data)
    except DecodeFailure as err:
        yield _error(path, str(err))
        return
    if is_blank(decoded.text):
        yield _error(path, "empty file")
        return
    name, source = path.name, str(path)
    try:
        if kind == "html" or looks_like_html(decoded.text):
            yield _html_doc(name, source, decoded.text, decoded.encoding, "html")
            return
    except Exception as err:  # noqa: BLE001 - a page must never stop the batch
        yield _error(path, f"cannot extract HTML: {type(err).__name__}: {err}")
        return
    yield InputDoc(name, source, _normalize_newlines(decoded.text), "txt", decoded.encoding)


def _record(obj: object, doc_id: str, source: str, where: str) -> Item:
    """One JSON record (``{"id", "text"}`` or ``{"id", "html"}``) to a document or error."""
    if not isinstance(obj, dict):
        return InputError(doc_id, source, f"{where}: expected a JSON object, got {_jtype(obj)}")
    if obj.get("id") is not None:
        doc_id = str(obj["id"])
    text, markup = obj.get("text"), obj.get("html")
    if isinstance(text, str) and not is_blank(text):
        return InputDoc(doc_id, source, _normalize_newlines(text), "jsonl", "utf-8")
    if isinstance(markup, str) and not is_blank(markup):
        try:
            return _html_doc(doc_id, source, markup, "utf-8", "jsonl")
        except Exception as err:  # noqa: BLE001
            return InputError(doc_id, source, f"{where}: cannot extract HTML: {err}")
    if text is None and markup is None:
        return InputError(doc_id, source, f'{where}: no "text" field')
    if (text is not None and not isinstance(text, str)) or (
        markup is not None and not isinstance(markup, str)
    ):
        return InputError(doc_id, source, f'{where}: "text" must be a string')
    return InputError(doc_id, source, f"{where}: empty text")


def _jtype(obj: object) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number"}.get(
        type(obj), "null" if obj is None else type(obj).__name__
    )


def _decode_line(raw: bytes, first: bool) -> str:
    try:
        return raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        return decode_bytes(raw).text  # JSONL should be UTF-8; be lenient per line


_BINARY_SAMPLE = 8192


def _read_jsonl(path: Path, gz: bool, max_bytes: int) -> Iterator[Item]:
    """Stream a JSON Lines file; each bad line is its own error, the rest still yield."""
    name = path.name
    opener = gzip.open if gz else open
    with open(path, "rb") as probe:  # raises OSError for missing/unreadable files
        head = probe.read(_BINARY_SAMPLE)
    is_gzip = head[:2] == b"\x1f\x8b"
    binary = None if is_gzip else sniff_binary(head)
    if binary is not None:  # one error for the file, not one per "line" of an image
        yield _error(path, f"not a text file (binary content: {binary})")
        return
    if gz and not is_gzip:
        opener = open
    if not gz and is_gzip:
        opener = gzip.open
    lineno = 0
    n_records = 0
    try:
        with opener(path, "rb") as fh:
            for lineno, raw in enumerate(_bounded_lines(fh, max_bytes), start=1):
                source = f"{path}:{lineno}"
                where = f"line {lineno}"
                if raw is None:
                    yield InputError(f"{name}:{lineno}", source, f"{where}: line too long")
                    continue
                if not raw.strip():
                    continue
                n_records += 1
                try:
                    obj = json.loads(_decode_line(raw, lineno == 1))
                except DecodeFailure as err:
                    yield InputError(f"{name}:{lineno}", source, f"{where}: {err}")
                    continue
                except (ValueError, RecursionError) as err:
                    msg = getattr(err, "msg", str(err))
                    reason = f"invalid JSON on line {lineno}: {_json_problem(err, msg)}"
                    yield InputError(f"{name}:{lineno}", source, reason)
                    continue
                yield _record(obj, f"{name}:{lineno}", source, where)
    except (OSError, EOFError, zlib.error) as err:
        yield _error(path, f"cannot read after line {lineno}: {err}")
        return
    if n_records == 0:
        yield _error(path, "empty file")


def _json_problem(err: Exception, msg: object) -> str:
    """One line for a JSON error; nesting deeper than Python's recursion limit included."""
    if isinstance(err, RecursionError):
        return "nested too deeply"
    return one_line(msg)


def _bounded_lines(fh: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """The lines of ``fh``, ``None`` for one longer than ``max_bytes``.

    Iterating a file object reads a whole line into memory however long it is; a multi-GB
    "JSONL" without newlines (a binary file misnamed) would exhaust memory. An over-long
    line is skipped in bounded reads instead.
    """
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes:
            while not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
                if not raw:
                    break
            yield None
            continue
        yield raw


def _read_json(path: Path, data: bytes) -> Iterator[Item]:
    """A ``.json`` file: one record, or a list of records (``source`` gets ``:[i]``)."""
    try:
        obj = json.loads(decode_bytes(data).text)
    except (ValueError, RecursionError) as err:
        yield _error(path, f"invalid JSON: {_json_problem(err, getattr(err, 'msg', err))}")
        return
    if isinstance(obj, list):
        if not obj:
            yield _error(path, "empty file")
        for i, rec in enumerate(obj):
            yield _record(rec, f"{path.name}:{i}", f"{path}:[{i}]", f"item {i}")
    else:
        yield _record(obj, path.name, str(path), "top level")


__all__ = ["DIR_SUFFIXES", "InputDoc", "InputError", "InputSkipped", "iter_inputs", "read_file"]
