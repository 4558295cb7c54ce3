"""Readers for the NER corpora zhkg trains and scores on, all turned into (text, char tags).

Everything is brought to one shape, a sentence string plus one BIO tag per character, because
the NER model tags characters: word-level corpora (UNER) are expanded to characters, and the
traditional-script UNER text can be converted to simplified (OpenCC t2s keeps the length, so
tags stay aligned). Labels are mapped to zhkg's PERSON / ORG / LOC.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

# Corpus labels -> zhkg labels. MSRA's LOC covers both GPEs and other places; zhkg's model
# outputs LOC and the pipeline component splits GPE from LOC with the gazetteer.
LABEL_MAP = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "NS": "LOC",
    "NR": "PERSON",
    "NT": "ORG",
}


def _open_text(path: Path) -> io.TextIOBase:
    path = Path(path)
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8")


def _map_tag(tag: str) -> str:
    """B-PER -> B-PERSON; unknown labels become O so that odd corpora cannot add labels."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    label = LABEL_MAP.get(label.upper())
    if label is None or prefix not in ("B", "I", "E", "S", "M"):
        return "O"
    return f"{prefix}-{label}"


def _sentence_lines(path: Path) -> Iterator[list[str]]:
    """The lines of each sentence of a one-token-per-line file (blank line between sentences)."""
    lines: list[str] = []
    with _open_text(path) as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if line.strip():
                lines.append(line)
            elif lines:
                yield lines
                lines = []
    if lines:
        yield lines


def read_char_bio(path: Path, map_labels: bool = True) -> Iterator[tuple[str, list[str]]]:
    """(sentence, tags) from MSRA-style ``char<TAB>tag`` files, blank line between sentences.

    Lines whose char column is empty (a bare tab) stand for a space character in some dumps.
    """
    for lines in _sentence_lines(path):
        chars: list[str] = []
        tags: list[str] = []
        for line in lines:
            if "\t" in line:
                ch, tag = line.rsplit("\t", 1)
            else:
                ch, _, tag = line.rpartition(" ")
            chars.append(ch[:1] or " ")
            tags.append(_map_tag(tag) if map_labels else tag)
        yield "".join(chars), tags


def read_weibo(path: Path, names_only: bool = True) -> Iterator[tuple[str, list[str]]]:
    """Weibo NER v2 (``char+segpos<TAB>tag``); keeps ``.NAM`` names, drops ``.NOM`` nominals."""
    for lines in _sentence_lines(path):
        chars: list[str] = []
        tags: list[str] = []
        for line in lines:
            col, _, tag = line.rpartition("\t")
            if tag != "O":
                kind = tag.rsplit(".", 1)[-1] if "." in tag else "NAM"
                tag = tag.split(".", 1)[0]
                if names_only and kind != "NAM":
                    tag = "O"
            chars.append(col[:1] or " ")
            tags.append(_map_tag(tag))
        yield "".join(chars), tags


def read_uner(path: Path, simplify: bool = True) -> Iterator[tuple[str, list[str]]]:
    """Char-level BIO tags from UNER's word-level IOB2 (``index<TAB>word<TAB>tag<TAB>-<TAB>-``).

    Words are placed in the ``# text =`` line when it is given (so spaces between Latin words
    survive), else concatenated. With ``simplify`` the text goes through OpenCC t2s, which is
    length-preserving on this corpus; a sentence where it is not is converted char by char.
    """
    converter = None
    if simplify:
        import opencc

        converter = opencc.OpenCC("t2s")

    def emit(text: str | None, words: list[tuple[str, str]]) -> tuple[str, list[str]]:
        if text is None:
            text = "".join(w for w, _ in words)
        tags = ["O"] * len(text)
        pos = 0
        prev_label = None
        for word, tag in words:
            at = text.find(word, pos)
            if at < 0:  # the text line disagrees with the tokens: fall back to concatenation
                return emit(None, words)
            label = None if tag == "O" else tag.split("-", 1)[1]
            mapped = LABEL_MAP.get(label or "", None)
            if mapped is not None:
                begin = tag.startswith("B-") or prev_label != mapped
                for k in range(len(word)):
                    prefix = "B" if (k == 0 and begin) else "I"
                    tags[at + k] = f"{prefix}-{mapped}"
                # a space between two words of one entity belongs to it
                if not begin:
                    for k in range(pos, at):
                        tags[k] = f"I-{mapped}"
            prev_label = mapped
            pos = at + len(word)
        if converter is not None:
            simple = converter.convert(text)
            if len(simple) != len(text):
                simple = "".join(converter.convert(ch)[:1] or ch for ch in text)
            text = simple
        return text, tags

    text: str | None = None
    words: list[tuple[str, str]] = []
    with _open_text(path) as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if line.startswith("#"):
                if line.startswith("# text = "):
                    text = line[len("# text = ") :]
                continue
            if not line.strip():
                if words:
                    yield emit(text, words)
                text, words = None, []
                continue
            cols = line.split("\t")
            if len(cols) < 3 or not cols[0].isdigit():
                continue  # multiword-token ranges (1-2) and empty nodes (1.1) carry no text
            words.append((cols[1], cols[2]))
    if words:
        yield emit(text, words)


# CLUENER types -> zhkg labels. Places are ``address`` (from 台湾 to 北京市海淀区中关村大街) and
# ``scene`` (故宫, 凤凰山森林公园): only short ones (<= CLUENER_PLACE_MAX chars, nearly all
# plain place names such as 纽约, 海淀区, 太湖) follow MSRA's convention of one LOC per place
# name and become LOC; longer ones (fused 美国纽约, street addresses, shops) follow none.
# position, book, game and movie are not names zhkg tags.
CLUENER_LABELS = {"name": "PERSON", "company": "ORG", "organization": "ORG",
                  "government": "ORG", "address": "LOC", "scene": "LOC"}  # fmt: skip
CLUENER_PLACE_MAX = 3


def read_cluener(path: Path, long_places: str = "skip") -> Iterator[tuple[str, list[str]]]:
    """Char BIO tags from CLUENER2020 JSONL (``text``, ``entity_list`` with end-exclusive
    ``entity_index``). A place longer than ``CLUENER_PLACE_MAX`` chars either drops its
    sentence (``long_places="skip"``, for training: an O there would teach the model to miss
    places) or is left untagged (``"o"``, for scoring PERSON and ORG on every sentence)."""
    if long_places not in ("skip", "o"):
        raise ValueError(f"long_places must be skip or o, not {long_places!r}")
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                ents = [
                    (e["entity_type"], int(span["begin"]), int(span["end"]))
                    for e in item.get("entity_list", [])
                    for span in [e["entity_index"]]
                ]
            except (ValueError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{lineno}: not a CLUENER record ({err})") from err
            tags = ["O"] * len(text)
            skip = False
            for kind, s, e in ents:
                label = CLUENER_LABELS.get(kind)
                if label is None or not 0 <= s < e <= len(text):
                    continue
                if label == "LOC" and e - s > CLUENER_PLACE_MAX:
                    skip = long_places == "skip"
                    continue
                tags[s : e] = [f"B-{label}"] + [f"I-{label}"] * (e - s - 1)
            if not skip:
                yield text, tags


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end_exclusive, label) spans from BIO or BIOES tags; a stray I- starts a span."""
    spans: list[tuple[int, int, str]] = []
    start = -1
    label = ""
    for i, tag in enumerate(tags):
        if tag == "O" or "-" not in tag:
            if start >= 0:
                spans.append((start, i, label))
            start = -1
            continue
        prefix, lab = tag.split("-", 1)
        if prefix in ("B", "S") or start < 0 or lab != label:
            if start >= 0:
                spans.append((start, i, label))
            start, label = i, lab
        if prefix in ("E", "S"):
            spans.append((start, i + 1, label))
            start = -1
    if start >= 0:
        spans.append((start, len(tags), label))
    return spans


FORMATS = ("bio", "uner", "weibo", "cluener")
# Labels each format is scored on: CLUENER's places follow no one convention (see above).
SCORED_LABELS = {"cluener": ("PERSON", "ORG")}


def read_ner_corpus(
    path: Path, fmt: str = "bio", simplify: bool = True
) -> list[tuple[str, list[str]]]:
    """A whole corpus by format name: ``bio`` (MSRA-style char tags, gz or plain), ``uner``
    (UNER IOB2; converted to simplified unless ``simplify`` is false, for the pipeline, which
    converts itself), ``weibo`` (names only) or ``cluener`` (JSONL, long places untagged);
    ValueError for any other name or for a file that is not in the format."""
    path = Path(path)
    if fmt == "uner":
        return list(read_uner(path, simplify=simplify))
    if fmt == "cluener":
        return list(read_cluener(path, long_places="o"))
    readers = {"bio": read_char_bio, "weibo": read_weibo}
    if fmt not in readers:
        raise ValueError(f"unknown NER corpus format {fmt!r} ({', '.join(FORMATS)})")
    return list(readers[fmt](path))
