"""spacy-pkuseg inference for our segmenter model, re-implemented with whole-array numpy.

Why: ``spacy_pkuseg.pkuseg.cut`` builds up to 69 feature strings per character in a Python
loop and looks each up in a dict, then decodes each chunk with its own Viterbi; in zhkg's
pipeline that was over half of all the time. Here, as in ``pipeline/ner/features.py``,
characters become an int array and every feature template one lookup per character, with
whole-array operations: pkuseg's feature strings are parsed once, at load, into the same
integer keys (character n-grams packed exactly from dense character ids; dictionary words
found by a polynomial hash of every substring of length 2..6 and then checked character by
character, so a hash collision cannot change a result). All chunks of a text are decoded in
one batch.

The output must be **identical** to ``pkuseg.cut`` with the pipeline's settings (user
dictionary, post-processing merge off), so the float operations are pkuseg's, in its order:
node scores start from 0 and add the weights of the features in the order pkuseg's
``__get_node_features_idx`` lists them (an absent feature adds nothing, or +0.0, which
leaves any sum as it is), edge scores are ``1 + w``, and the Viterbi runs backwards from the
last character with pkuseg's tie-breaking (the last best previous tag; the first best first
tag). Scores are therefore bit-identical to pkuseg's, not merely close.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import zipfile
from bisect import bisect_left
from collections.abc import Sequence
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import srsly

from ..arrays import KeyLookup, codepoints, sorted_lookup
from ..batching import char_batches
from ..paths import default_cache_dir
from ..punctuation import CLAUSE_END

NUM = 0x110000  # node codes beyond Unicode: pkuseg's "**Num" and "**Letter" classes
LETTER = 0x110001
GAP = 0x110002  # padding between chunks: no feature and no word contains it
HASH_MULT = np.uint64(1_000_003)
# pkuseg's character templates in the order its feature function lists them, with the
# offsets of the characters each one joins (by ".")
CHAR_TEMPLATES: dict[str, tuple[int, ...]] = {
    "c": (0,),
    "c-1": (-1,),
    "c-1c": (-1, 0),
    "c1": (1,),
    "cc1": (0, 1),
    "c-2": (-2,),
    "c-2c-1": (-2, -1),
    "c2": (2,),
}
MAX_BATCH_CHARS = 200_000  # bounds the memory of one decoding batch
# In merge mode, text is decoded clause by clause: the Viterbi runs along a chunk one step a
# character, so one long chunk costs far more than many short ones decoded side by side.
# Each mark ends its clause (pkuseg makes it a word of its own in any case).
_MARKS = re.escape(CLAUSE_END)
CLAUSE_RE = re.compile(f"[^{_MARKS}]*[{_MARKS}]|[^{_MARKS}]+")


def _node_table() -> np.ndarray:
    """Node code of every BMP code point, as pkuseg's ``normalize_text`` makes nodes: the
    keyword characters ``-._,|/*:`` become ``&`` first, then digits (and Chinese numerals)
    become "**Num" and full-width letters "**Letter"."""
    from spacy_pkuseg.feature_extractor import FeatureExtractor

    table = np.arange(0x10000, dtype=np.int64)
    table[[ord(c) for c in FeatureExtractor.letter]] = LETTER
    table[[ord(c) for c in FeatureExtractor.num]] = NUM
    table[[ord(c) for c in FeatureExtractor.keywords]] = ord("&")
    return table


_NODES = _node_table()


def node_codes(cp: np.ndarray) -> np.ndarray:
    """pkuseg's nodes of code points ``cp`` (astral code points are their own node)."""
    out = cp.copy()
    bmp = cp < 0x10000
    out[bmp] = _NODES[cp[bmp]]
    return out


def _node_of(name: str) -> int | None:
    """Node code of one node as written in a feature string (None: no node looks like it)."""
    if name == "**Num":
        return NUM
    if name == "**Letter":
        return LETTER
    return ord(name) if len(name) == 1 else None


def _parse_nodes(rests: list[str], indices: list[int], width: int) -> tuple[np.ndarray, np.ndarray]:
    """Node codes (n, width) and feature indices of feature strings ``"X"`` / ``"X.Y"`` (the
    part after the template name); strings that no node sequence gives are left out. Most
    nodes are one character, so those strings are parsed as one array."""
    simple = 2 * width - 1  # "X" or "X.Y"
    lengths = np.fromiter(map(len, rests), dtype=np.int64, count=len(rests))
    at = np.flatnonzero(lengths == simple)
    cps = codepoints("".join(rests[i] for i in at.tolist())).reshape(len(at), simple)
    ok = (cps[:, ::2] != ord(".")).all(axis=1) & (cps[:, 1::2] == ord(".")).all(axis=1)
    codes, idx = [cps[ok, ::2]], [np.asarray(indices)[at[ok]]]
    rest_at = np.setdiff1d(np.arange(len(rests)), at[ok]).tolist()
    for i in rest_at:
        nodes = [_node_of(part) for part in rests[i].split(".")]
        if len(nodes) == width and None not in nodes:
            codes.append(np.array([nodes], dtype=np.int64))
            idx.append(np.array([indices[i]], dtype=np.int64))
    return np.concatenate(codes).reshape(-1, width), np.concatenate(idx)


def _fold_length(hashes: np.ndarray, length: int) -> np.ndarray:
    """Word hashes of different lengths in one table: the length hashed in last."""
    with np.errstate(over="ignore"):
        return hashes * HASH_MULT + np.uint64(length)


def _hash_rows(codes: np.ndarray) -> np.ndarray:
    """Polynomial hash (mod 2**64) of each row of an int matrix, the hash that
    ``FastPkuseg._word_ids`` computes for every substring."""
    h = np.zeros(len(codes), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in codes.T.astype(np.uint64):
            h = h * HASH_MULT + col
    return h


class UserDict:
    """The user dictionary, applied two ways: ``split``, pkuseg's ``Preprocesser`` (words cut
    out first and kept whole), and ``merge`` (model words joined into dictionary words).

    ``split``'s trie walk is pkuseg's own, quirks included (a walk that fails after passing a
    word cuts at the failure point, not at the word's end). Either only starts where the
    first two characters begin a dictionary word (or the first is a one-character word):
    found by one vector lookup, since positions where no word can start are most of the text.
    """

    def __init__(self, path: str | None) -> None:
        self.path = path
        # the words as pkuseg's Preprocesser reads them, and every prefix of them: what
        # merging needs, in sets (0.14 s for the shipped 47,131 words, where pkuseg's trie
        # of Python node objects took 0.7-0.9 s of every load); the trie is built only for
        # ``split``, which walks it with pkuseg's quirks
        self.words: set[str] = set()
        if path is not None:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    word = line.strip().split("\t")[0].strip()
                    if word:
                        self.words.add(word)
        self.prefixes = {w[:k] for w in self.words for k in range(1, len(w) + 1)}
        singles = {ord(w) for w in self.words if len(w) == 1}
        pairs = {(ord(w[0]) << 21) | ord(w[1]) for w in self.words if len(w) > 1}
        self.pairs = np.array(sorted(pairs), dtype=np.int64)
        self.singles = np.array(sorted(singles), dtype=np.int64)

    @cached_property
    def trie(self) -> Any:
        """pkuseg's own trie of the words, for ``split``."""
        from spacy_pkuseg import Preprocesser

        return Preprocesser(self.path).trie

    def _walk(self, text: str, i: int) -> int:
        """End of the user-dict piece starting at ``i``, or -1 (pkuseg's inner loop)."""
        node, j, last, end = self.trie, i, -1, len(text)
        while True:
            nxt = node.children.get(text[j])
            if nxt is None:
                return j if last != -1 else -1
            node = nxt
            if node.isword:
                last = j
            j += 1
            if j == end:
                return last + 1 if last != -1 else -1

    def _candidates(self, text: str) -> np.ndarray:
        """Positions where a dictionary word may start (its first one or two chars match)."""
        cp = codepoints(text)
        starts = sorted_lookup(self.singles, self.singles, cp, -1) >= 0
        if len(cp) > 1:
            pairs = (cp[:-1] << 21) | cp[1:]
            starts[:-1] |= sorted_lookup(self.pairs, self.pairs, pairs, -1) >= 0
        return starts

    def split(self, text: str) -> list[tuple[str, bool]]:
        """``text`` as (piece, is a user-dict word) in order, as pkuseg's ``solve``."""
        starts = self._candidates(text)
        out: list[tuple[str, bool]] = []
        last = 0
        for i in np.flatnonzero(starts).tolist():
            if i < last:
                continue
            j = self._walk(text, i)
            if j < 0:
                continue
            if i > last:
                out.append((text[last:i], False))
            out.append((text[i:j], True))
            last = j
        if last < len(text):
            out.append((text[last:], False))
        return out

    def merge(self, words: list[str]) -> list[str]:
        """Join runs of ``words`` that spell a dictionary word, longest first, left to right.

        Unlike ``split``, a dictionary word is only taken where the model already put word
        boundaries at both its ends: 北京市 joins 北京 市 but leaves 北京 市委 alone, where
        pkuseg's forced match gives 北京市 委.
        """
        return self.merge_many([words])[0]

    def merge_many(self, parts: list[list[str]]) -> list[list[str]]:
        """``[merge(words) for words in parts]``, the candidate starts of all found in one
        vector lookup (the parts joined by a newline, which starts no dictionary word); the
        rest is a walk over each part's few candidates, with no array operation per part."""
        texts = ["".join(words) for words in parts]
        found = np.flatnonzero(self._candidates("\n".join(texts))).tolist()
        out: list[list[str]] = []
        at = k = 0
        for words, text in zip(parts, texts, strict=True):
            end = at + len(text)
            first = k
            while k < len(found) and found[k] < end:
                k += 1
            out.append(self._merge(words, text, [i - at for i in found[first:k] if i >= at]))
            at = end + 1
        return out

    def _merge(self, words: list[str], text: str, candidates: list[int]) -> list[str]:
        if len(words) < 2:
            return words
        offsets = list(accumulate(map(len, words), initial=0))
        boundary = set(offsets)
        out: list[str] = []
        k = 0  # words before k are in out
        for i in candidates:
            if i not in boundary:
                continue
            first = bisect_left(offsets, i)
            if first < k:  # inside a name already joined
                continue
            end = self._longest_on_boundary(text, i, boundary)
            if end <= offsets[first + 1]:  # no name, or one word that is already whole
                continue
            out.extend(words[k:first])
            out.append(text[i:end])
            k = bisect_left(offsets, end)
        out.extend(words[k:])
        return out

    def _longest_on_boundary(self, text: str, i: int, boundary: set[int]) -> int:
        """End of the longest dictionary word at ``i`` that ends on a boundary, or -1."""
        best = -1
        for j in range(i + 1, len(text) + 1):
            piece = text[i:j]
            if piece not in self.prefixes:
                break
            if j in boundary and piece in self.words:
                best = j
        return best


DICT_MODES = ("split", "merge")
# The tables FastPkuseg builds from the feature strings, as kept in the cache (with n_words);
# the weights are read from weights.npz on every load, which is fast.
TABLE_ARRAYS = (
    "starts_word", "alphabet", "uni_table", "bi_keys", "bi_feats", "word_feats", "pair_keys",
    "pair_feats", "word_codes", "word_hashes", "word_hash_ids",
)  # fmt: skip


def tables_cache_file(model_dir: Path, cache_dir: Path | None, settings: str) -> Path | None:
    """Where the decoding tables of ``model_dir`` are kept (under ``cache_dir``, by default
    zhkg's cache folder): named by a hash of the model's files, of this module's source and of
    the pkuseg ``settings`` they were built under, so a retrained model or a changed decoder
    never reads stale tables. ``None`` (no cache) if the model files cannot be read (the build
    then reports that) or there is no home directory to cache in."""
    digest = hashlib.blake2b(settings.encode("utf-8"), digest_size=16)
    try:
        cache_dir = cache_dir or default_cache_dir()
        for name in ("features.msgpack", "weights.npz"):
            digest.update((model_dir / name).read_bytes())
        digest.update(Path(__file__).read_bytes())
    except (OSError, RuntimeError):  # RuntimeError: Path.home() without a home directory
        return None
    return cache_dir / "segmenter" / f"pkuseg-tables-{digest.hexdigest()}.npz"


def check_dict_mode(dict_mode: str) -> str:
    if dict_mode not in DICT_MODES:
        raise ValueError(f"dict_mode must be one of {DICT_MODES}, not {dict_mode!r}")
    return dict_mode


class FastPkuseg:
    """A pkuseg model (``features.msgpack`` + ``weights.npz``) and user dictionary, decoded
    with numpy. With ``dict_mode="split"``, ``cut`` and ``cut_many`` give what ``pkuseg.cut``
    gives (dictionary words cut out before decoding); with ``"merge"`` the text is decoded
    clause by clause (``CLAUSE_RE``) and model words are then joined into dictionary words
    (``UserDict.merge``)."""

    def __init__(
        self,
        model_dir: str | Path,
        user_dict: str | None = None,
        dict_mode: str = "split",
        cache_dir: Path | None = None,
    ) -> None:
        from spacy_pkuseg.config import config

        self.dict_mode = check_dict_mode(dict_mode)

        if not (config.numLetterNorm and config.wordFeature and config.order == 1):
            raise ValueError("spacy_pkuseg settings differ from those this decoder reproduces")
        self.word_min, self.word_max = config.wordMin, config.wordMax
        self.uni_offsets = [o for o in CHAR_TEMPLATES.values() if len(o) == 1]
        self.bi_offsets = [o for o in CHAR_TEMPLATES.values() if len(o) == 2]
        model_dir = Path(model_dir)
        self._load_weights(model_dir)
        cache = tables_cache_file(model_dir, cache_dir, f"words {self.word_min}-{self.word_max}")
        if not self._read_tables(cache):
            self._build(model_dir)
            self._write_tables(cache)
        self._index_tables()
        self.user_dict = UserDict(user_dict)

    def _index_tables(self) -> None:
        """Hashed lookups over the sorted tables, and a dense id of every node code: the
        binary searches over them were a fifth of the segmenter's time."""
        self._word_index = KeyLookup(self.word_hashes, self.word_hash_ids)
        self._bigram_index = KeyLookup(self.bi_keys, self.bi_feats)
        self._pair_index = KeyLookup(self.pair_keys, self.pair_feats)
        top = int(self.alphabet.max()) + 1 if len(self.alphabet) else 0
        self._node_ids = np.full(top + 1, len(self.alphabet), dtype=np.int32)  # last: unknown
        self._node_ids[self.alphabet] = np.arange(len(self.alphabet), dtype=np.int32)

    def _load_weights(self, model_dir: Path) -> None:
        with np.load(model_dir / "weights.npz") as npz:
            n_tag, n_feature = (int(x) for x in npz["sizes"])
            w = npz["w"]
        self.n_tag = n_tag
        # feature weights, plus a zero row that missing features point to
        self.weights = np.vstack([w[: n_feature * n_tag].reshape(n_feature, n_tag),
                                  np.zeros((1, n_tag))])  # fmt: skip
        self.missing = n_feature
        # pkuseg: edge_score = ones, then edge_score[s_pre, s] += w[backoff + s * n_tag + s_pre]
        self.edges = np.ones((n_tag, n_tag)) + w[n_feature * n_tag :].reshape(n_tag, n_tag).T

    def _build(self, model_dir: Path) -> None:
        """The lookup tables from pkuseg's feature strings (0.8 s of string parsing for the
        shipped model: ``_read_tables`` lets later loads skip it)."""
        data = srsly.read_msgpack(model_dir / "features.msgpack")
        self.starts_word = np.array(
            ["B" in tag for tag, _ in sorted(data["tag_to_idx"].items(), key=lambda t: t[1])]
        )
        self._build_tables(data["feature_to_idx"], set(data["unigram"]))

    def _read_tables(self, path: Path | None) -> bool:
        """Load the tables a previous load built; ``False`` if there are none (or unreadable)."""
        if path is None or not path.exists():
            return False
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in TABLE_ARRAYS}
                n_words = int(data["n_words"][0])
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
            return False  # a damaged cache file is rebuilt and replaced
        for name, array in arrays.items():
            setattr(self, name, array)
        self.n_words = n_words
        return True

    def _write_tables(self, path: Path | None) -> None:
        """Keep the built tables for the next load; a cache that cannot be written is skipped
        (the next load builds them again)."""
        if path is None:
            return
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(tmp, **{name: getattr(self, name) for name in TABLE_ARRAYS},
                                n_words=np.array([self.n_words]))
            os.replace(tmp, path)  # atomic: parallel workers never read half a file
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _build_tables(self, feature_to_idx: dict[str, int], unigram: set[str]) -> None:
        """Turn every feature string into the key ``_emissions`` computes for it."""
        if feature_to_idx.get("$$") != 0:
            raise ValueError("pkuseg model without the bias feature $$ at index 0")
        groups: dict[str, tuple[list[str], list[int]]] = {}
        for feat, idx in feature_to_idx.items():
            name, _, rest = feat.partition(".")
            group = groups.get(name)
            if group is None:
                group = groups[name] = ([], [])
            group[0].append(rest)
            group[1].append(idx)
        unknown = set(groups) - {*CHAR_TEMPLATES, "w-1", "w1", "ww", "$$"}
        if unknown:
            raise ValueError(f"pkuseg feature templates this decoder lacks: {sorted(unknown)}")
        empty: tuple[list[str], list[int]] = ([], [])
        self._build_char_tables(
            {name: _parse_nodes(*groups.get(name, empty), len(offsets))
             for name, offsets in CHAR_TEMPLATES.items()}
        )  # fmt: skip
        word_feats = {name: dict(zip(*groups.get(name, empty), strict=True))
                      for name in ("w-1", "w1")}  # fmt: skip
        pair_strings: dict[str, list[tuple[str, str, int]]] = {"l": [], "r": []}
        for rest, idx in zip(*groups.get("ww", empty), strict=True):
            side, _, pair = rest.partition(".")
            pre, _, post = pair.partition("*")
            pair_strings[side].append((pre, post, idx))

        # the words that can matter: in pkuseg's unigram set (its test for a word), matchable
        # (no character that becomes "**Num" etc.), and named by some word feature
        used = set(word_feats["w-1"]) | set(word_feats["w1"])
        for side in pair_strings.values():
            used.update(w for pre, post, _ in side for w in (pre, post))
        words = sorted(w for w in used & unigram if self.word_min <= len(w) <= self.word_max)
        cp = codepoints("".join(words))
        starts = np.cumsum([0] + [len(w) for w in words[:-1]])
        same = np.logical_and.reduceat(node_codes(cp) == cp, starts) if words else []
        words = [w for w, ok in zip(words, same, strict=True) if ok]
        word_ids = {w: i for i, w in enumerate(words)}
        self.n_words = len(words)
        # feature of each word ending at (w-1) / starting at (w1) a char, one table after the
        # other; index -1 (no word) gives missing
        self.word_feats = np.full((2, self.n_words + 1), self.missing, dtype=np.int64)
        for table, name in zip(self.word_feats, ("w-1", "w1"), strict=True):
            for word, idx in word_feats[name].items():
                if word in word_ids:
                    table[word_ids[word]] = idx
        # word pairs: key (side, first word, second word), side 0 for ww.l and 1 for ww.r
        pairs = {
            (side * self.n_words + word_ids[pre]) * self.n_words + word_ids[post]: idx
            for side, name in enumerate(("l", "r"))
            for pre, post, idx in pair_strings[name]
            if pre in word_ids and post in word_ids
        }
        self.pair_keys = np.array(sorted(pairs), dtype=np.int64)
        self.pair_feats = np.array([pairs[k] for k in self.pair_keys.tolist()], dtype=np.int64)
        # every word's code points (-1 past its end), and one sorted table of substring
        # hashes (with the length folded in) -> word id
        lengths = np.array([len(w) for w in words], dtype=np.int64)
        self.word_codes = np.full((self.n_words, self.word_max), -1, dtype=np.int64)
        self.word_codes[np.arange(self.word_max) < lengths[:, None]] = codepoints("".join(words))
        hashes = np.zeros(self.n_words, dtype=np.uint64)
        for length in range(self.word_min, self.word_max + 1):
            ids = np.flatnonzero(lengths == length)
            hashes[ids] = _fold_length(_hash_rows(self.word_codes[ids, :length]), length)
        order = np.argsort(hashes)
        self.word_hashes, self.word_hash_ids = hashes[order], order
        if len(np.unique(hashes)) != len(hashes):
            raise ValueError("hash collision among the model's words")

    def _build_char_tables(self, char_feats: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
        """Characters get dense ids (``alphabet``: the nodes that occur in features; others
        get ``len(alphabet)``); one-character templates are then a direct table over ids,
        two-character ones a sorted table of ``(template, id1, id2)`` packed in an int."""
        self.alphabet = np.unique(np.concatenate([c.reshape(-1) for c, _ in char_feats.values()]))
        size = len(self.alphabet) + 1
        # one-char templates, one after the other: a direct table over template * size + id
        self.uni_table = np.full(size * len(self.uni_offsets), self.missing, dtype=np.int64)
        bi_keys, bi_feats = [], []
        for name, offsets in CHAR_TEMPLATES.items():
            codes, idx = char_feats[name]
            ids = np.searchsorted(self.alphabet, codes)
            if len(offsets) == 1:
                self.uni_table[self.uni_offsets.index(offsets) * size + ids[:, 0]] = idx
            else:
                t = self.bi_offsets.index(offsets)
                bi_keys.append((t * size + ids[:, 0]) * size + ids[:, 1])
                bi_feats.append(idx)
        keys, feats = np.concatenate(bi_keys), np.concatenate(bi_feats)
        order = np.argsort(keys)
        self.bi_keys, self.bi_feats = keys[order], feats[order]

    # --- inference ---------------------------------------------------------------------

    def _layout(self, pieces: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The pieces' node codes in one array, ``word_max`` GAPs before each piece and after
        the last (so no feature or word window reaches into another piece or off the end),
        and the index in it of every character."""
        lengths = np.array([len(p) for p in pieces], dtype=np.int64)
        pad = self.word_max
        n = int(lengths.sum())
        pos = np.arange(n) + np.repeat(pad * (np.arange(len(pieces)) + 1), lengths)
        flat = np.full(n + pad * (len(pieces) + 1), GAP, dtype=np.int64)
        flat[pos] = node_codes(codepoints("".join(pieces)))
        return flat, pos

    def _word_ids(self, flat: np.ndarray) -> np.ndarray:
        """``ids[k, i]``: id of the model word ``flat[i : i + L]``, L = word_max - k, or -1;
        for every i but the last ``word_max - 1`` (GAPs)."""
        u = flat.astype(np.uint64)
        size = len(flat) - self.word_max + 1
        h = u
        hashes = np.empty((self.word_max - self.word_min + 1, size), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for length in range(2, self.word_max + 1):
                h = h[:-1] * HASH_MULT + u[length - 1 :]
                if length >= self.word_min:
                    hashes[self.word_max - length] = _fold_length(h[:size], length)
        ids = self._word_index.get(hashes, -1)
        k, at = np.nonzero(ids >= 0)
        if len(at):  # the hash matched: check the characters too
            codes = self.word_codes[ids[k, at]]
            window = flat[at[:, None] + np.arange(self.word_max)]
            wrong = ~((window == codes) | (codes < 0)).all(axis=1)
            ids[k[wrong], at[wrong]] = -1
        return ids

    def _emissions(self, flat: np.ndarray, pos: np.ndarray) -> np.ndarray:
        """Node scores (n_chars, n_tag), bit-identical to pkuseg's ``getLogYY``."""
        acc = np.repeat(self.weights[:1], len(pos), axis=0)  # 0.0 + w of "$$" (index 0)
        ids = self._node_ids.take(np.minimum(flat, len(self._node_ids) - 1)).astype(np.int64)
        size = len(self.alphabet) + 1
        uni = np.stack([ids[pos + o] for (o,) in self.uni_offsets])
        uni += (np.arange(len(self.uni_offsets)) * size)[:, None]
        bi = np.stack([ids[pos + o1] * size + ids[pos + o2] for o1, o2 in self.bi_offsets])
        bi += (np.arange(len(self.bi_offsets)) * size * size)[:, None]
        cols = dict(zip(self.uni_offsets, self.uni_table[uni], strict=True))
        bi_feats = self._bigram_index.get(bi, self.missing)
        cols.update(zip(self.bi_offsets, bi_feats, strict=True))
        for offsets in CHAR_TEMPLATES.values():
            acc += self.weights[cols[offsets]]

        # word features, in pkuseg's order: w-1 (lengths max..min), w1, then ww.l, ww.r
        words = self._word_ids(flat)
        n_len = len(words)
        lengths = np.arange(self.word_max, self.word_min - 1, -1)
        k, p = np.arange(n_len), pos[:, None]
        ends_at = words[k, p - lengths + 1]  # (n_chars, n_len)
        starts_at = words[k, p]
        sides = np.arange(2)[:, None]
        single = self.word_feats[sides, np.stack([ends_at, starts_at], axis=1)]  # (n, 2, L)
        single = single.reshape(len(pos), 2 * n_len)
        rows, c = np.nonzero(single != self.missing)
        rows_sparse, cols_sparse, feats = [rows], [c], [single[rows, c]]
        # ww.l: word ending before the char, word starting at it; ww.r: ending at, after it
        pre = np.stack([words[k, p - lengths], ends_at], axis=1)  # (n, 2, L)
        post = np.stack([starts_at, words[k, p + 1]], axis=1)
        r, side, a, b = np.nonzero((pre >= 0)[..., None] & (post >= 0)[:, :, None, :])
        if len(r):  # pkuseg loops over the first word's lengths, then the second's
            keys = (side * self.n_words + pre[r, side, a]) * self.n_words + post[r, side, b]
            f = self._pair_index.get(keys, self.missing)
            hit = f != self.missing
            rows_sparse.append(r[hit])
            cols_sparse.append((2 * n_len + (side * n_len + a) * n_len + b)[hit])
            feats.append(f[hit])
        self._add_in_order(acc, np.concatenate(rows_sparse), np.concatenate(cols_sparse),
                           np.concatenate(feats))  # fmt: skip
        return acc

    def _add_in_order(
        self, acc: np.ndarray, rows: np.ndarray, cols: np.ndarray, feats: np.ndarray
    ) -> None:
        """``acc[row] += weights[feat]``, each row's features in column order (float sums
        depend on it): the k-th feature of every row is added in round k."""
        if not len(rows):
            return
        order = np.lexsort((cols, rows))
        rows, feats = rows[order], feats[order]
        first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
        for k in range(int(rank.max()) + 1):
            sel = rank == k
            acc[rows[sel]] += self.weights[feats[sel]]

    def _viterbi(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best tag of every char, pkuseg's ``run_viterbi`` on each piece, all pieces at once.

        pkuseg runs backwards from each piece's last char. Pieces are sorted longest first
        and aligned at their ends, so at step k (k chars from the end) the pieces still going
        are a prefix of the batch, stored contiguously (``step_rows``): each step is three
        array operations. The loop keeps only the best scores; the best previous tags are
        recomputed from them afterwards for all chars at once (same operations, same floats),
        and the backtrace, integer maps, is composed by doubling.
        """
        n_pieces, n_tag = len(lengths), self.n_tag
        order = np.argsort(-lengths, kind="stable")
        rank = np.empty(n_pieces, dtype=np.int64)
        rank[order] = np.arange(n_pieces)
        max_len = int(lengths.max())
        active = n_pieces - np.cumsum(np.bincount(lengths, minlength=max_len + 1))[:max_len]
        step_start = np.cumsum(active) - active
        offsets = np.cumsum(lengths) - lengths
        position = np.arange(len(scores)) - np.repeat(offsets, lengths)
        step = np.repeat(lengths, lengths) - 1 - position
        step_rows = step_start[step] + np.repeat(rank, lengths)
        by_step = np.empty_like(scores)
        by_step[step_rows] = scores

        best = by_step.copy()  # max_score; at each piece's last char, its node score
        # the loop's operands as plain slices of 3-d views: per step, the numpy call overhead
        # is the cost (it runs as many times as the longest piece has chars)
        best_pre = best.reshape(-1, 1, n_tag)
        node = by_step.reshape(-1, n_tag, 1)
        buffer = np.empty((n_pieces, n_tag, n_tag))
        edges, maximum = self.edges, np.maximum.reduce
        starts = step_start.tolist()
        for n, s, prev in zip(active.tolist()[1:], starts[1:], starts, strict=False):
            # sc = max_score[i + 1, y_pre] + node_score[i, y] + edge_score[y, y_pre]
            cand = np.add(best_pre[prev : prev + n], node[s : s + n], out=buffer[:n])
            np.add(cand, edges, out=cand)
            maximum(cand, axis=2, out=best[s : s + n])
        best = best[step_rows]

        # the same candidates for every char but each piece's last, y_pre reversed so that
        # argmax (the first best) finds the last best y_pre, the one pkuseg keeps on ties
        cand = best[1:, None, ::-1] + scores[:-1, :, None]
        cand += self.edges[:, ::-1]
        # tags[p] = back[p - 1][tags[p - 1]]: maps from the piece's first tag, by doubling
        maps = np.empty((len(scores), n_tag), dtype=np.int64)
        maps[1:] = n_tag - 1 - cand.argmax(axis=2)
        maps[position == 0] = np.arange(n_tag)
        d = 1
        while d < max_len:
            idx = np.flatnonzero(position >= d)
            maps[idx] = np.take_along_axis(maps[idx], maps[idx - d], axis=1)
            d *= 2
        first_tag = best[offsets].argmax(axis=1)  # ties: the first tag
        return maps[np.arange(len(scores)), np.repeat(first_tag, lengths)]

    def _decode(self, pieces: Sequence[str]) -> list[list[str]]:
        """Words of each piece (non-empty, no whitespace), as pkuseg's ``_cut``."""
        flat, pos = self._layout(pieces)
        lengths = np.array([len(p) for p in pieces], dtype=np.int64)
        tags = self._viterbi(self._emissions(flat, pos), lengths)
        offsets = np.cumsum(lengths) - lengths
        starts = self.starts_word[tags]
        starts[offsets] = True
        text = "".join(pieces)
        bounds = np.flatnonzero(starts).tolist() + [len(text)]
        words = [text[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        counts = np.add.reduceat(starts.astype(np.int64), offsets).tolist()
        out: list[list[str]] = []
        at = 0
        for count in counts:
            out.append(words[at : at + count])
            at += count
        return out

    def cut_many(self, texts: Sequence[str]) -> list[list[str]]:
        """``[pkuseg.cut(t) for t in texts]`` (split mode), decoded in batches of many chunks."""
        if self.dict_mode == "merge":
            return self._cut_many_merged(texts)
        # per text: its pieces in order, each a user-dict word (str) or a piece to decode (int)
        layouts: list[list[str | int]] = []
        pending: list[str] = []
        for text in texts:
            layout: list[str | int] = []
            for part in text.split():
                for piece, is_word in self.user_dict.split(part):
                    if is_word:
                        layout.append(piece)
                    else:
                        layout.append(len(pending))
                        pending.append(piece)
            layouts.append(layout)
        decoded = self._decode_all(pending)
        return [
            [w for item in layout for w in ([item] if isinstance(item, str) else decoded[item])]
            for layout in layouts
        ]

    def _cut_many_merged(self, texts: Sequence[str]) -> list[list[str]]:
        """Merge mode: every clause decoded, then each whitespace-free part's words joined
        into dictionary words."""
        parts = [text.split() for text in texts]
        clauses = [CLAUSE_RE.findall(part) for text_parts in parts for part in text_parts]
        decoded = iter(self._decode_all([c for part in clauses for c in part]))
        part_words = [[w for _ in part for w in next(decoded)] for part in clauses]
        merged = iter(self.user_dict.merge_many(part_words))
        return [[w for _ in text_parts for w in next(merged)] for text_parts in parts]

    def _decode_all(self, pieces: list[str]) -> list[list[str]]:
        """Words of each piece, decoded in batches of up to ``MAX_BATCH_CHARS``."""
        decoded: list[list[str]] = []
        for batch in char_batches(pieces, 1, min_chars=MAX_BATCH_CHARS):
            decoded.extend(self._decode(batch))
        return decoded

    def cut(self, text: str) -> list[str]:
        """``pkuseg.cut(text)``."""
        return self.cut_many([text])[0]
