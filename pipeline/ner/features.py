"""Vectorised character features for zhkg's CRF NER model.

Why numpy and integer keys: feature strings built per character in Python cap a CRF tagger at
a few ten thousand chars/s. Here a text (or many texts joined) becomes one array of code
points, and every feature template yields one int64 key per character, computed with whole-
array operations. The model looks keys up in per-template tables (``CharNER._build_lookups``),
so prediction never builds a string. Training turns the same keys into ``"template:key"``
attribute strings for python-crfsuite, whose weights are then read back into the tables.

Lexicon features (what strong Chinese NER relies on) come from a polynomial hash of every
substring of length 1..``max_word_len`` (one vector op per length) looked up, all lengths at
once, in a hash table of the dictionaries' words: for each char and dictionary, the longest
word starting at it, ending at it, and passing through it. Suffix dictionaries (公司, 委员会;
省, 县) also give the distance to the next place where such a suffix ends, so the first char of
中国电信集团有限公司 knows an organisation suffix is coming.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..arrays import HashIndex, mix64
from ..punctuation import BRACKET_PAIRS, QUOTE_PAIRS
from .clusters import UNITS, Clusters, unit_keys

CLUSTER_BITS = 12  # a cluster id, padding ids included, in a pair key
MAX_CLUSTERS = (1 << CLUSTER_BITS) - 2  # ids k + 1 and k + 2 pad texts
BOS = 0x110000  # beyond Unicode: padding code points
EOS = 0x110001
HASH_MULT = np.uint64(1_000_003)
NUM_TYPES = 7
# Char types. Chinese numerals get their own type: they behave like digits (一九九八年).
T_OTHER, T_HAN, T_DIGIT, T_LATIN, T_PUNCT, T_SPACE, T_NUMERAL = range(NUM_TYPES)
# CN_NUMERALS and BOUNDARY_CHARS are part of the trained model's feature definition (the
# weights in models/ner were learnt with exactly these sets, and models/ner/config.json does
# not store them), so they stay spelt out here instead of following the shared data they
# overlap: CN_NUMERALS is the quantity rules' numeral characters (resources/quantities/
# numerals.json: digits, tens, magnitudes) less ○洞幺俩参廿卅卌兆; BOUNDARY_CHARS (where the
# decoder forces O and the suffix distances stop) is pipeline.punctuation.CLAUSE_END less the
# ASCII comma and colon, plus newline, carriage return and tab. tests/test_ner_training.py pins
# both relations, so an edit on either side shows; change them only with a retrain. The
# spaces of a line join both masks at run time (``boundary_mask``): no training sentence has
# one, so the trained features are the same with them or without.
CN_NUMERALS = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"
# Punctuation that (almost) never sits inside an entity: Viterbi forces O there, which splits
# long texts into independent segments that are decoded in one batch. Quotes, brackets, dashes
# and 、 are left out: MSRA has names like 《人民日报》社 and “希望工程”办公室.
BOUNDARY_CHARS = "，。！？；：\n\r\t!?;"
# The boundary chars inside a training sentence (MSRA cuts its sentences after 。！？；, and
# ，： occur within them). crfsuite scores no transition into a sequence's first tag, so
# the decoder adds the O-to-tag transition only to a segment that starts after one of these
# (the O at the comma was part of the training sequence) and none at a text's start or after
# a sentence end: with an O transition there, names that open a sentence were missed (the
# first 2,000 MSRA test sentences: 64% of them found, 85% with a comma put before them).
CLAUSE_CHARS = "，："


def _type_table() -> np.ndarray:
    """Char type for every BMP code point (others are looked up by range)."""
    table = np.full(0x10000, T_OTHER, dtype=np.int64)
    cp = np.arange(0x10000)
    table[(cp >= 0x4E00) & (cp <= 0x9FFF)] = T_HAN
    table[(cp >= 0x3400) & (cp <= 0x4DBF)] = T_HAN
    table[(cp >= 0xF900) & (cp <= 0xFAFF)] = T_HAN
    table[(cp >= ord("0")) & (cp <= ord("9"))] = T_DIGIT
    table[(cp >= ord("a")) & (cp <= ord("z"))] = T_LATIN
    table[(cp >= ord("A")) & (cp <= ord("Z"))] = T_LATIN
    table[(cp >= 0xC0) & (cp <= 0x24F)] = T_LATIN
    for rng in ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E), (0x2000, 0x206F),
                (0x3000, 0x303F), (0xFE30, 0xFE4F), (0xA1, 0xBF)):  # fmt: skip
        table[rng[0] : rng[1] + 1] = T_PUNCT
    for ch in " \t\n\r\u3000\xa0":
        table[ord(ch)] = T_SPACE
    for ch in CN_NUMERALS:
        table[ord(ch)] = T_NUMERAL
    return table


_TYPES = _type_table()
_BOUNDARY = np.zeros(0x10000, dtype=bool)
_BOUNDARY[[ord(c) for c in BOUNDARY_CHARS]] = True
_LINE_SPACE = np.zeros(0x10000, dtype=bool)
_LINE_SPACE[[ord(c) for c in " \u00a0\u3000\u2002\u2003\u2009\u202f"]] = True
_LATIN_OR_DIGIT = np.zeros(0x10000, dtype=bool)
for _lo, _hi in (("0", "9"), ("A", "Z"), ("a", "z"), ("０", "９"), ("Ａ", "Ｚ"), ("ａ", "ｚ")):
    _LATIN_OR_DIGIT[ord(_lo) : ord(_hi) + 1] = True
_CLAUSE = np.zeros(0x10000, dtype=bool)
_CLAUSE[[ord(c) for c in CLAUSE_CHARS]] = True
# Closing quotes and brackets (」”）; not the ASCII marks that open and close alike).
_CLOSING = np.zeros(0x10000, dtype=bool)
_CLOSING[[ord(p[1]) for p in (*QUOTE_PAIRS, *BRACKET_PAIRS) if p[0] != p[1]]] = True


def codepoints(text: str) -> np.ndarray:
    """Code points of ``text`` as int64 (lone surrogates pass through rather than raise)."""
    raw = text.encode("utf-32-le", errors="surrogatepass")
    return np.frombuffer(raw, dtype="<u4").astype(np.int64)


def normalise(cp: np.ndarray) -> np.ndarray:
    """Full-width ASCII to half-width, ideographic space to space, Latin to lower case,
    ASCII digits to 0: news text mixes １９９８ and 1998, and the digit value never names."""
    cp = cp.copy()
    full = (cp >= 0xFF01) & (cp <= 0xFF5E)
    cp[full] -= 0xFEE0
    cp[cp == 0x3000] = 0x20
    upper = (cp >= 65) & (cp <= 90)
    cp[upper] += 32
    cp[(cp >= 48) & (cp <= 57)] = 48
    return cp


def char_types(cp: np.ndarray) -> np.ndarray:
    bmp = cp < 0x10000
    types = np.full(cp.shape, T_OTHER, dtype=np.int64)
    types[bmp] = _TYPES[cp[bmp]]
    types[(cp >= 0x20000) & (cp <= 0x3FFFF)] = T_HAN
    return types


def _in_table(table: np.ndarray, cp: np.ndarray) -> np.ndarray:
    """``table[cp]`` for BMP code points, False beyond them."""
    bmp = cp < 0x10000
    mask = np.zeros(cp.shape, dtype=bool)
    mask[bmp] = table[cp[bmp]]
    return mask


def boundary_mask(cp: np.ndarray) -> np.ndarray:
    """Chars where the decoder forces O (see ``BOUNDARY_CHARS``), and the spaces of a line
    (space, no-break and ideographic space) except those between two Latin letters or
    digits; taken on raw code points. Why the spaces: the training corpora have none, while
    web pages and headlines set phrases apart with them (助力脫貧攻堅 中國電信帶了一個好頭,
    a no-break space after a comma), and read as characters they ran names into the words
    around them; between Latin words (Johns Hopkins, Pentium 3) a space is part of the name.
    Text without spaces, all the model was trained on, gets the same mask as before."""
    return _in_table(_BOUNDARY, cp) | _phrase_spaces(cp)


def _phrase_spaces(cp: np.ndarray) -> np.ndarray:
    """The spaces of ``cp`` that set phrases apart: not between two Latin letters or digits."""
    space = _in_table(_LINE_SPACE, cp)
    if not space.any():
        return space
    word = _in_table(_LATIN_OR_DIGIT, cp)
    inside = np.zeros_like(space)
    inside[1:-1] = word[:-2] & word[2:]
    return space & ~inside


def clause_mask(cp: np.ndarray) -> np.ndarray:
    """Boundary chars inside a sentence (see ``CLAUSE_CHARS``), phrase spaces among them:
    a space ends no sentence (a no-break space after a comma leaves the sentence whole: as a
    sentence end it made the model read 總計公立大學 in 總計公立大學調漲了十一％ as a name
    opening a sentence); on raw code points."""
    return _in_table(_CLAUSE, cp) | _phrase_spaces(cp)


def decoder_masks(cp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(boundary_mask(cp), clause_mask(cp))``, the phrase spaces read once: the decoder
    takes both for every batch it tags."""
    spaces = _phrase_spaces(cp)
    return _in_table(_BOUNDARY, cp) | spaces, _in_table(_CLAUSE, cp) | spaces


def sentence_bounds(cp: np.ndarray) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of a text, cut after each run of the boundary chars
    that are no clause chars (。！？；, line breaks): the units the model was trained on.

    A sentence takes in the closing quotes and brackets after its end (……。」) and the next
    starts after them (a text too starts after any it opens with), as the training sentences
    do: none of them starts with a closing mark, and the model, seeing one first, missed the
    name after it (」顏清標說, where 顏清標說 is found)."""
    n = len(cp)
    if not n:
        return []
    # the phrase spaces are in both masks: they end no sentence
    end = _in_table(_BOUNDARY, cp) & ~_in_table(_CLAUSE, cp)
    closing = _in_table(_CLOSING, cp)
    starts = [0, *(np.flatnonzero(end[:-1] & ~end[1:]) + 1).tolist()]
    if closing[starts].any():
        for i, start in enumerate(starts):
            while start < n and closing[start]:
                start += 1
            starts[i] = start
    bounds = zip(starts, [*starts[1:], n], strict=True)
    return [(start, stop) for start, stop in bounds if start < stop]


def latin_shape(raw: np.ndarray) -> np.ndarray:
    """Per char, the shape of the run of Latin letters and digits it is in (0 outside one):
    case pattern (CAPCOM, Johns, iphone, mixed), whether it has letters and digits (A380),
    length (capped at 8) and the char's position in it. Brand and foreign names keep their
    capitals, which the lower-cased char features lose."""
    n = len(raw)
    cp = raw.copy()
    full = (cp >= 0xFF01) & (cp <= 0xFF5E)
    cp[full] -= 0xFEE0
    upper = (cp >= 65) & (cp <= 90)
    lower = (cp >= 97) & (cp <= 122)
    digit = (cp >= 48) & (cp <= 57)
    alnum = upper | lower | digit
    out = np.zeros(n, dtype=np.int64)
    if not alnum.any():
        return out
    edges = np.diff(np.concatenate([[0], alnum.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    cum_u = np.concatenate([[0], np.cumsum(upper)])
    cum_l = np.concatenate([[0], np.cumsum(lower)])
    cum_d = np.concatenate([[0], np.cumsum(digit)])
    n_u = cum_u[ends] - cum_u[starts]
    n_l = cum_l[ends] - cum_l[starts]
    n_d = cum_d[ends] - cum_d[starts]
    first_upper = upper[starts]
    case = np.select(
        [n_u + n_l == 0, n_l == 0, (n_u == 1) & first_upper, n_u == 0],
        [0, 1, 2, 3], 4,
    )  # digits only, ALL CAPS, Title, lower, mixed
    mixed = (n_d > 0) & (n_u + n_l > 0)
    length = np.minimum(ends - starts, 8)
    run_key = (case * 2 + mixed) * 16 + length * 2  # length 1..8, even: room for no clash
    run_of = np.repeat(np.arange(len(starts)), ends - starts)
    idx = np.flatnonzero(alnum)
    pos = np.where(idx == starts[run_of], 1, 0) + np.where(idx == ends[run_of] - 1, 2, 0)
    out[idx] = (run_key[run_of] * 4 + pos) + 1
    return out


def hash_word(word: str) -> int:
    """The same polynomial hash (mod 2**64) ``substring_hashes`` computes, for one word."""
    h = np.uint64(0)
    with np.errstate(over="ignore"):
        for c in normalise(codepoints(word)):
            h = h * HASH_MULT + np.uint64(c)
    return int(h)


def substring_hashes(cp: np.ndarray, max_len: int) -> list[np.ndarray]:
    """``out[L][i]`` = hash of ``cp[i : i + L]`` for L in 2..max_len (index 0, 1 unused)."""
    u = cp.astype(np.uint64)
    out: list[np.ndarray] = [u[:0], u]
    h = u
    with np.errstate(over="ignore"):
        for length in range(2, max_len + 1):
            if len(u) < length:
                out.append(u[:0])
                continue
            h = h[:-1] * HASH_MULT + u[length - 1 :]
            out.append(h)
    return out


@dataclass
class Lexicons:
    """Dictionaries as hash tables: per word length, sorted hashes and a bit mask of which
    dictionaries hold the word. ``suffix_dicts`` also give the next-suffix distance feature."""

    names: list[str]
    suffix_dicts: list[str]
    max_len: int
    tables: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    _cache: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def build(
        cls, words: dict[str, Iterable[str]], suffix_dicts: Sequence[str], max_len: int
    ) -> Lexicons:
        names = list(words)
        bits: dict[int, dict[int, int]] = {}
        for j, name in enumerate(names):
            for word in words[name]:
                word = word.strip()
                if not (1 <= len(word) <= max_len):
                    continue
                table = bits.setdefault(len(word), {})
                h = hash_word(word)
                table[h] = table.get(h, 0) | (1 << j)
        lex = cls(names, [s for s in suffix_dicts if s in names], max_len)
        for length, table in bits.items():
            keys = np.array(sorted(table), dtype=np.uint64)
            vals = np.array([table[int(k)] for k in keys], dtype=np.int64)
            lex.tables[length] = (keys, vals)
        return lex

    def matches(self, cp: np.ndarray) -> dict[int, np.ndarray]:
        """``{L: bits}``: for each start position, which dictionaries hold ``cp[i:i+L]``.

        All lengths are looked up at once in one hash table of the words' hashes mixed with
        their length (``_index``): a binary search per length and position took about a
        third of the feature time. A word counts only in its own length's rows, so the
        result is exactly that of a lookup in each length's table."""
        hashes = substring_hashes(cp, self.max_len)
        index, offsets, values = self._index()
        lengths = [length for length in offsets if len(hashes[length])]
        found: dict[int, np.ndarray] = {}
        if not lengths:
            return found
        queries = np.concatenate([mix64(hashes[length], length) for length in lengths])
        rows = index.rows(queries)
        at = 0
        for length in lengths:
            lo, hi = offsets[length]
            part = rows[at : at + len(hashes[length])]
            at += len(part)
            part = np.where((part >= lo) & (part < hi), part, len(values) - 1)
            bits = values[part]  # every stored word has a bit set; the last value is 0
            if bits.any():
                found[length] = bits
        return found

    def _index(self) -> tuple[HashIndex, dict[int, tuple[int, int]], np.ndarray]:
        """The hash table over all lengths' words, its row range per length and the bits
        of each row (then a 0 for unknown words); rebuilt when ``tables`` changes."""
        signature = tuple((length, id(keys), len(keys)) for length, (keys, _) in
                          sorted(self.tables.items()))  # fmt: skip
        if self._cache is not None and self._cache[0] == signature:
            return self._cache[1]
        offsets: dict[int, tuple[int, int]] = {}
        mixed, values = [], []
        at = 0
        for length, (keys, vals) in sorted(self.tables.items()):
            if length > self.max_len or length < 1:
                continue  # substring_hashes gives no such length
            offsets[length] = (at, at + len(keys))
            at += len(keys)
            mixed.append(mix64(keys, length))
            values.append(vals)
        dtype = values[0].dtype if values else np.int64
        built = (
            HashIndex(np.concatenate(mixed) if mixed else np.zeros(0, np.uint64)),
            offsets,
            np.concatenate(values + [np.zeros(1, dtype=dtype)]),
        )
        self._cache = (signature, built)
        return built


@dataclass
class FeatureSettings:
    window: int = 2  # char unigrams at -window..+window
    bigram_window: int = 2  # bigrams c[k]c[k+1] for k in -bigram_window..bigram_window-1
    trigram: bool = True  # c[-1]c[0]c[1]
    skip_bigram: bool = True  # c[-1]c[+1]
    type_window: int = 2
    lexicon_window: int = 1  # lexicon codes of neighbours too
    max_word_len: int = 8
    lex_cap: int = 5  # lengths above this share one value
    suffix_max_dist: int = 10
    # dictionaries whose codes at -lexicon_window..+lexicon_window are features (others: at 0)
    context_lexicons: tuple[str, ...] = ("w", "p", "sn")
    # dictionaries whose code is also conjoined with the char itself
    char_lexicons: tuple[str, ...] = ("w", "p")
    # cluster granularities used as features (``clusters.py``); () turns them off
    char_clusters: tuple[int, ...] = ()
    cluster_window: int = 2  # char cluster ids at -cluster_window..+cluster_window
    cluster_pairs: bool = True  # char cluster pairs c[-1]c[0] and c[0]c[+1]
    bigram_clusters: tuple[int, ...] = ()  # clusters of the bigrams of ``bigram_window``
    # shape of the Latin-letter/digit run a char is in (case pattern, length, position) at
    # -shape_window..+shape_window; -1 turns it off (the other features lower-case Latin)
    shape_window: int = -1

    def __post_init__(self) -> None:
        self.context_lexicons = tuple(self.context_lexicons)
        self.char_lexicons = tuple(self.char_lexicons)
        self.char_clusters = tuple(int(k) for k in self.char_clusters)
        self.bigram_clusters = tuple(int(k) for k in self.bigram_clusters)
        if any(not 1 <= k < MAX_CLUSTERS for k in self.char_clusters + self.bigram_clusters):
            raise ValueError(f"cluster granularities must be 1..{MAX_CLUSTERS - 1}")

    def cluster_granularities(self) -> dict[str, tuple[int, ...]]:
        """Granularities the features use, by unit (``clusters.UNITS``)."""
        wanted = {"char": self.char_clusters, "bigram": self.bigram_clusters}
        return {unit: ks for unit, ks in wanted.items() if ks}


class FeatureExtractor:
    """Turns code points into an (n, n_templates) int64 key matrix."""

    def __init__(
        self,
        lexicons: Lexicons,
        settings: FeatureSettings,
        clusters: dict[str, Clusters] | None = None,
    ) -> None:
        clusters = clusters or {}
        for unit, ks in settings.cluster_granularities().items():
            missing = [k for k in ks if unit not in clusters or k not in clusters[unit].ids]
            if missing:
                raise ValueError(f"feature settings use {unit} clusters {missing} not given")
        self.lex = lexicons
        self.s = settings
        self.clusters = clusters
        names: list[str] = []
        w = settings.window
        names += [f"U{k}" for k in range(-w, w + 1)]
        names += [f"B{k}" for k in range(-settings.bigram_window, settings.bigram_window)]
        if settings.trigram:
            names.append("T-1")
        if settings.skip_bigram:
            names.append("S-1+1")
        names.append("TY")
        names.append("TY0U0")
        lw = settings.lexicon_window
        for name in lexicons.names:
            ks = range(-lw, lw + 1) if name in settings.context_lexicons else (0,)
            names += [f"L{name}{k}" for k in ks]
            if name in settings.char_lexicons:
                names.append(f"L{name}U0")
        for name in lexicons.suffix_dicts:
            names.append(f"D{name}")
        cw = settings.cluster_window
        for k in settings.char_clusters:
            names += [f"K{k}:{o}" for o in range(-cw, cw + 1)]
            if settings.cluster_pairs:
                names += [f"K{k}:-1:0", f"K{k}:0:1"]
        if settings.shape_window >= 0:
            names += [f"SH{k}" for k in range(-settings.shape_window, settings.shape_window + 1)]
        bw = settings.bigram_window
        for k in settings.bigram_clusters:
            names += [f"Q{k}:{o}" for o in range(-bw, bw)]
        self.template_names = names

    def extract(self, raw: np.ndarray) -> np.ndarray:
        """Keys for every char of ``raw`` (code points of one text or of joined texts)."""
        return self.extract_many([raw])

    def extract_many(self, raws: list[np.ndarray]) -> np.ndarray:
        """Keys for every char of several texts, rows in order, each text's exactly as
        ``extract`` gives them alone (see ``columns_many``)."""
        cols = self.columns_many(raws)
        n = sum(len(r) for r in raws)
        return np.stack(cols, axis=1) if cols else np.zeros((n, 0), dtype=np.int64)

    def columns_many(self, raws: list[np.ndarray]) -> list[np.ndarray]:
        """``extract_many`` as one key column per template (what the model scores, without
        stacking them into a matrix). Every text gets its own BOS/EOS padding in one padded
        array, so no window reaches into a neighbour, and the texts share each array
        operation (short documents would otherwise pay for them one by one). Keys are never
        negative."""
        s = self.s
        pad = max(s.window, s.bigram_window + 1, s.type_window, s.lexicon_window,
                  s.shape_window, s.cluster_window if s.char_clusters else 0, 1)  # fmt: skip
        lengths = np.array([len(r) for r in raws], dtype=np.int64)
        n = int(lengths.sum())
        # padded: BOS*pad, text 1, EOS*pad, BOS*pad, text 2, EOS*pad, ...; idx: the texts' chars
        text_starts = np.cumsum(lengths) - lengths + pad + 2 * pad * np.arange(len(raws))
        padded = np.full(n + 2 * pad * len(raws), EOS, dtype=np.int64)
        padded[(text_starts[:, None] - np.arange(1, pad + 1)).ravel()] = BOS
        cp = normalise(np.concatenate(raws)) if raws else np.zeros(0, dtype=np.int64)
        if len(raws) == 1:  # one text: its chars are one slice of the padded array

            def at(arr: np.ndarray, k: int) -> np.ndarray:
                return arr[pad + k : pad + k + n]

            padded[pad : pad + n] = cp
        else:
            idx = np.arange(n) + np.repeat(text_starts - (np.cumsum(lengths) - lengths), lengths)
            padded[idx] = cp

            def at(arr: np.ndarray, k: int) -> np.ndarray:
                return arr[idx + k]

        cols: list[np.ndarray] = []
        for k in range(-s.window, s.window + 1):
            cols.append(at(padded, k))
        for k in range(-s.bigram_window, s.bigram_window):
            cols.append((at(padded, k) << 21) | at(padded, k + 1))
        if s.trigram:
            cols.append((at(padded, -1) << 42) | (at(padded, 0) << 21) | at(padded, 1))
        if s.skip_bigram:
            cols.append((at(padded, -1) << 21) | at(padded, 1))
        types = char_types(padded)
        types[padded == BOS] = NUM_TYPES
        types[padded == EOS] = NUM_TYPES + 1
        ty = np.zeros(n, dtype=np.int64)
        for k in range(-s.type_window, s.type_window + 1):
            ty = ty * (NUM_TYPES + 2) + at(types, k)
        cols.append(ty)
        cols.append((at(types, 0) << 21) | cp)

        # on the padded array: no dictionary word holds a padding code point, so the codes
        # there are 0, the padding value of the context columns
        codes, next_dist = self._lexicon_codes(padded)
        lw = s.lexicon_window
        for name, code in zip(self.lex.names, codes, strict=True):
            if name in s.context_lexicons:
                for k in range(-lw, lw + 1):
                    cols.append(at(code, k))
            else:
                cols.append(at(code, 0))
            if name in s.char_lexicons:  # no match: one shared key, not a copy of U0
                mine = at(code, 0)
                cols.append(np.where(mine > 0, (mine << 21) | cp, 0))
        cols.extend(at(dist, 0) for dist in next_dist)
        if s.shape_window >= 0:
            # on the raw code points (case kept), padded: a Latin run never continues into
            # the next text, and the padding, no letter or digit, gets 0
            raw = padded.copy()
            if len(raws) == 1:
                raw[pad : pad + n] = raws[0]
            elif raws:
                raw[idx] = np.concatenate(raws)
            shape = latin_shape(raw)
            cols += [at(shape, k) for k in range(-s.shape_window, s.shape_window + 1)]
        cols.extend(self._cluster_columns(padded, at))
        return cols

    def _cluster_columns(
        self, padded: np.ndarray, at: Callable[[np.ndarray, int], np.ndarray]
    ) -> list[np.ndarray]:
        """Cluster ids of the chars around each char and of the pairs it forms, then those of
        the bigrams around it; padding gets ids past the last cluster (``k + 1`` before a
        text, ``k + 2`` after it, and for a bigram that runs past its text's end)."""
        cols: list[np.ndarray] = []
        cw, bw = self.s.cluster_window, self.s.bigram_window
        for unit, offsets, ks in (
            ("char", range(-cw, cw + 1), self.s.char_clusters),
            ("bigram", range(-bw, bw), self.s.bigram_clusters),
        ):
            if not ks:
                continue
            size = UNITS[unit]
            keys = unit_keys(padded, size)
            before = padded == BOS
            after = padded == EOS
            if size == 2:  # a bigram whose second char is past the text
                after[:-1] |= padded[1:] == EOS
            for k, ids in self.clusters[unit].lookup_many(keys, ks).items():
                ids[before] = k + 1
                ids[after] = k + 2
                cols += [at(ids, o) for o in offsets]
                if unit == "char" and self.s.cluster_pairs:
                    left, mid, right = at(ids, -1), at(ids, 0), at(ids, 1)
                    cols += [(left << CLUSTER_BITS) | mid, (mid << CLUSTER_BITS) | right]
        return cols

    def _lexicon_codes(self, cp: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """Per dictionary (rows of a matrix): code = start_len * 36 + end_len * 6 +
        inside_len (capped lengths); per suffix dictionary: distance to the next suffix end
        within the clause. All dictionaries are updated together, one array operation per
        word length (and inner offset) instead of one per dictionary."""
        n = len(cp)
        cap = self.s.lex_cap
        matches = self.lex.matches(cp)
        num = len(self.lex.names)
        # capped lengths fit a byte: the maxima below touch an eighth of the memory
        small = np.int8 if cap <= 20 else np.int64  # end * 6 stays below 128
        start = np.zeros((num, n), dtype=small)
        end = np.zeros((num, n), dtype=small)
        inside = np.zeros((num, n), dtype=small)
        ends_any = np.zeros((num, n), dtype=bool)
        shifts = np.arange(num, dtype=np.int64)[:, None]
        for length in sorted(matches):
            hit = ((matches[length].astype(np.int64)[None, :] >> shifts) & 1).astype(bool)
            val = hit.astype(small) * small(min(length, cap))  # (dicts, m)
            m = hit.shape[1]
            view = start[:, :m]
            np.maximum(view, val, out=view)
            view = end[:, length - 1 : length - 1 + m]
            np.maximum(view, val, out=view)
            ends_any[:, length - 1 : length - 1 + m] |= hit
            for off in range(1, length - 1):
                view = inside[:, off : off + m]
                np.maximum(view, val, out=view)
        codes = start.astype(np.int64) * 36 + end * 6 + inside
        dists: list[np.ndarray] = []
        if self.lex.suffix_dicts:
            pos = np.arange(n)
            # padding code points (``extract_many``) end a clause as a text's end does
            stop = boundary_mask(cp) | (char_types(cp) == T_PUNCT) | (cp >= BOS)
            big = n + self.s.suffix_max_dist + 10
            next_stop = np.where(stop, pos, big)
            next_stop = np.minimum.accumulate(next_stop[::-1])[::-1] if n else next_stop
            for name in self.lex.suffix_dicts:
                ends = ends_any[self.lex.names.index(name)]
                nxt = np.where(ends, pos, big)
                nxt = np.minimum.accumulate(nxt[::-1])[::-1] if n else nxt
                dist = nxt - pos
                dist[(nxt > next_stop) | (dist > self.s.suffix_max_dist)] = (
                    self.s.suffix_max_dist + 1
                )
                dists.append(dist)
        return codes, dists


def read_word_list(path: Path) -> list[str]:
    """One word a line; ``#`` comments and blank lines skipped."""
    words = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line.split("\t")[0])
    return words


def write_word_list(path: Path, comment: list[str], words: Iterable[str]) -> None:
    """The file :func:`read_word_list` reads: ``comment`` lines (say what made the list),
    then one word a line."""
    lines = [f"# {line}" for line in comment] + list(words)
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
