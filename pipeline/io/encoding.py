"""Turning the bytes of one input into text, or saying clearly why that is impossible.

Scraped Chinese pages come in UTF-8, GBK/GB2312/GB18030, Big5 and now and then UTF-16, and
the declared charset (if any) is often wrong. The order of checks is chosen so that each step
only runs when the cheaper, more certain ones could not decide:

1. a byte-order mark settles the encoding outright;
2. magic numbers, NUL bytes and control characters mark binary content (a PNG renamed to
   ``.txt`` must become an error, not a page of mojibake), unless they are a few stray bytes
   in valid UTF-8;
3. strict UTF-8: legacy CJK encodings almost never form long valid UTF-8 sequences by chance;
4. GB18030 (a superset of GB2312 and GBK) against Big5: both accept most double-byte input,
   so the winner is the decoding whose Han characters are mostly *common* ones (see
   :func:`common_han_ratio`), with charset-normalizer's guess as a tie-breaker;
5. otherwise the least damaged decoding, if the damage is small, else :class:`DecodeFailure`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# (magic bytes, offset, description); checked before anything else.
_MAGIC: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"PK\x07\x08", 0, "ZIP archive"),
    (b"\x1f\x8b", 0, "gzip archive"),
    (b"BZh", 0, "bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "MS Office (OLE) document"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"MZ", 0, "Windows executable"),
    (b"WEBP", 8, "WebP image"),
    (b"ftyp", 4, "MP4/QuickTime media"),
    (b"ID3", 0, "MP3 audio"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
]

# BOMs, longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Names a page may declare, mapped to the codec we actually decode with: GB2312/GBK pages
# routinely contain GBK-only or GB18030-only characters, Big5 pages cp950/HKSCS ones.
_ALIASES: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "big-5": "big5hkscs",
    "cp950": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "utf8": "utf-8",
    "unicode": "utf-16",
}

_MULTIBYTE = frozenset(
    {
        "gb18030",
        "big5hkscs",
        "cp950",
        "big5",
        "gbk",
        "gb2312",
        "hz",
        "euc_jp",
        "shift_jis",
        "cp932",
        "euc_kr",
        "cp949",
        "iso2022_jp",
        "utf-16",
        "utf-32",
        "utf-16-le",
        "utf-16-be",
    }
)
# A few NUL bytes in valid UTF-8 are damage (a stray byte in a scraped page), not binary data:
# the reader keeps the text, the pipeline ignores them, the report warns.
_FEW_CONTROLS = 0.01
_SAMPLE = 65536  # bytes looked at for binary sniffing and scoring; enough to decide
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f\ue000-\uf8ff\ufffd]")


class DecodeFailure(Exception):
    """The bytes cannot be turned into text; ``str(err)`` is a one-line reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def normalize_encoding(name: str | None) -> str | None:
    """Map a declared charset name to the codec we decode with, or ``None`` if unknown."""
    if not name:
        return None
    key = name.strip().strip("\"'").lower().replace("_", "-")
    key = _ALIASES.get(key, key)
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def sniff_binary(data: bytes) -> str | None:
    """Describe why ``data`` looks binary (``"PNG image"``), or ``None`` if it may be text.

    Call only after BOMs are ruled out: UTF-16/32 text is full of NUL bytes.
    """
    for magic, offset, what in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            # "MZ" and "BZh" are short; require more evidence before calling it binary.
            if magic == b"MZ" and b"\x00" not in data[:512]:
                continue
            if magic == b"BZh" and not data[3:4].isdigit():
                continue
            if magic == b"ID3" and b"\x00" not in data[:64]:
                continue
            return what
    sample = data[:_SAMPLE]
    if not sample:
        return None
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    if b"\x00" in sample and not (controls / len(sample) <= _FEW_CONTROLS and _utf8(sample)):
        return "NUL bytes"
    if controls / len(sample) > 0.05:
        return "control characters"
    return None


def _utf8(sample: bytes) -> bool:
    """True when ``sample`` is UTF-8, perhaps cut inside its last character."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start >= len(sample) - 3 and err.reason == "unexpected end of data"
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs on every other byte when the text has ASCII."""
    sample = data[: _SAMPLE - (_SAMPLE % 2)]
    if len(sample) < 4 or len(data) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, other, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros / half > 0.2 and other / half < 0.02:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if bad_char_ratio(text) < 0.01:
                return enc
    return None


@lru_cache(maxsize=65536)
def _is_common_han(ch: str) -> bool:
    """True for characters in GB2312 level 1 or Big5 level 1 (the ~3,755 / ~5,401 most
    frequent Han characters of each script).

    Mis-decoded text (Big5 bytes read as GBK or the other way round) still yields valid Han
    characters, but a large share of rare ones; correctly decoded news is >95 % common. Using
    the two standards' own frequency tiers gives a common-character list without shipping one.
    """
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        if len(b) == 2 and 0xA4 <= b[0] <= 0xC6:
            return b[0] < 0xC6 or b[1] <= 0x7E
    except UnicodeEncodeError:
        pass
    return False


def common_han_ratio(text: str) -> tuple[float, int]:
    """Share of common Han characters among all Han characters, and the Han count."""
    han = _HAN.findall(text)
    if not han:
        return 0.0, 0
    return sum(1 for ch in han if _is_common_han(ch)) / len(han), len(han)


def bad_char_ratio(text: str) -> float:
    """Share of control, private-use and replacement characters: signs of a wrong decoding."""
    if not text:
        return 0.0
    return len(_BAD_CHARS.findall(text)) / len(text)


def _score(text: str) -> float:
    ratio, n_han = common_han_ratio(text)
    if n_han == 0:
        return -bad_char_ratio(text)
    return ratio - 5 * bad_char_ratio(text)


def _charset_normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:_SAMPLE]).best()
    except Exception:  # noqa: BLE001 - a guess is optional
        return None
    if best is None:
        return None
    enc = normalize_encoding(best.encoding)
    # Single-byte code pages decode any byte string; trust them only when the result reads
    # as some language (coherence), else garbage would pass as Cyrillic or Baltic text.
    if enc and enc not in _MULTIBYTE and best.coherence < 0.2:
        return None
    return enc


def _strip_bom(data: bytes) -> tuple[bytes, str | None]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], enc
    return data, None


def _utf8_nearly(data: bytes, max_error_ratio: float) -> str | None:
    """UTF-8 with a few broken bytes (a file cut mid-character, one bad byte in a page).

    Legacy encodings almost never contain long valid UTF-8 multi-byte runs, so a text that is
    overwhelmingly valid UTF-8 with non-ASCII content is UTF-8 with damage, not GBK.
    """
    text = data.decode("utf-8", errors="replace")
    errors = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if errors <= 0 or non_ascii < 20:
        return None
    if errors / max(non_ascii, 1) <= max_error_ratio:
        return text
    return None


def decode_bytes(
    data: bytes, declared: str | None = None, max_error_ratio: float = 0.005
) -> Decoded:
    """Decode ``data`` to text; raise :class:`DecodeFailure` (with a one-line reason) if the
    bytes are binary or no encoding decodes them with little enough damage.

    ``declared`` (e.g. an HTML ``<meta charset>``) is only a candidate: it wins when it
    decodes cleanly and scores at least as well as the detector's own candidates.
    """
    body, bom_enc = _strip_bom(data)
    if bom_enc is not None:
        try:
            return Decoded(body.decode(bom_enc), bom_enc)
        except UnicodeDecodeError as err:
            text = body.decode(bom_enc, errors="replace")
            if bad_char_ratio(text) <= max_error_ratio:
                return Decoded(text, bom_enc)
            reason = f"cannot decode: invalid {bom_enc} after BOM ({err.reason})"
            raise DecodeFailure(reason) from err

    utf16 = _utf16_without_bom(data) if b"\x00" in data[:_SAMPLE] else None
    if utf16 is not None:
        return Decoded(data.decode(utf16), utf16)
    binary = sniff_binary(data)
    if binary is not None:
        raise DecodeFailure(f"not a text file (binary content: {binary})")

    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # A valid prefix cut inside the last character is still UTF-8.
    for cut in (1, 2, 3):
        try:
            return Decoded(data[:-cut].decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            continue
    nearly = _utf8_nearly(data, max_error_ratio)
    if nearly is not None:
        return Decoded(nearly, "utf-8")

    candidates: list[str] = ["gb18030", "big5hkscs"]
    declared_norm = normalize_encoding(declared)
    guess = _charset_normalizer_guess(data)
    for extra in (declared_norm, guess):
        if extra and extra not in candidates and extra != "utf-8":
            candidates.append(extra)

    sample = data[:_SAMPLE]
    clean: list[tuple[float, str]] = []
    for enc in candidates:
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError as err:
            # The sample may end inside a character; only an error well before the end counts.
            if err.start < len(sample) - 4:
                continue
            text = sample[: err.start].decode(enc, errors="replace")
        except LookupError:
            continue
        score = _score(text)
        if enc == guess:
            score += 0.02  # tie-breaker only
        if enc == declared_norm:
            score += 0.01
        clean.append((score, enc))
    clean.sort(reverse=True)
    for _, enc in clean:
        try:
            return Decoded(data.decode(enc), enc)
        except UnicodeDecodeError:
            continue

    # Nothing decodes strictly: take the least damaged decoding if the damage is small.
    best: tuple[float, str, str] | None = None
    for enc in candidates:
        try:
            text = data.decode(enc, errors="replace")
        except LookupError:
            continue
        damage = bad_char_ratio(text)
        if best is None or damage < best[0]:
            best = (damage, enc, text)
    if best is not None and best[0] <= max_error_ratio:
        return Decoded(best[2], best[1])
    tried = ", ".join(["utf-8", *candidates])
    raise DecodeFailure(f"cannot decode: not valid text in any of {tried}")


def is_blank(text: str) -> bool:
    """True for text with nothing but whitespace (including full-width and zero-width)."""
    return not any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Zs") for ch in text)
