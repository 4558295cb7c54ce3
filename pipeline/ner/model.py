"""zhkg's character-level NER model: a linear-chain CRF with BIOES tags, decoded in numpy.

The weights are learnt with python-crfsuite (see ``pipeline.train.ner``) and then stored as
per-template tables (sorted int64 feature keys + one weight row per key), so that prediction is
a handful of whole-array numpy operations over all texts at once instead of per-character
Python: features (``features.py``), emission scores (each template's key found through a dense
table when its keys are small, else through one shared hash table; ``_build_lookups``), and a
Viterbi that is batched over the segments between punctuation marks (O is forced at those
marks, which makes the segments independent), one step per character of the longest segment.
No torch, no GPU, no download.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ..arrays import HashIndex, mix64
from .clusters import clusters_from_disk, clusters_to_disk
from .features import (
    FeatureExtractor,
    FeatureSettings,
    Lexicons,
    codepoints,
    decoder_masks,
    sentence_bounds,
)

LABELS = ("PERSON", "ORG", "LOC")
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "weights.npz"
LEXICON_FILE = "lexicons.npz"
BATCH_CHARS = 50_000  # chars tagged in one pass: keeps memory flat on huge inputs
DENSE_TABLE_BYTES = 4 << 20  # a template's keys up to this size of row table: direct lookup
DIRECT_TABLE_BYTES = 256 << 10  # and up to this size of weights by key value: no row table


# the hash table the NER tables and lexicons share (``pipeline.arrays``), names kept for tests
_mix = mix64
_HashIndex = HashIndex


def make_tags(labels: Iterable[str]) -> list[str]:
    """O first, then B/I/E/S of each label."""
    return ["O"] + [f"{p}-{lab}" for lab in labels for p in "BIES"]


class CharNER:
    """Finds PERSON / ORG / LOC spans in simplified Chinese text (char offsets)."""

    labels: tuple[str, ...] = LABELS

    def __init__(
        self,
        extractor: FeatureExtractor,
        tables: list[tuple[np.ndarray, np.ndarray]],
        transitions: np.ndarray,
        labels: tuple[str, ...] = LABELS,
        meta: dict | None = None,
    ) -> None:
        self.extractor = extractor
        self.labels = tuple(labels)
        self.tags = make_tags(self.labels)
        self.transitions = transitions.astype(np.float32)
        self.meta = meta or {}
        self._keys = [k for k, _ in tables]
        self._weights = [w.astype(np.float32) for _, w in tables]
        self._build_lookups()
        tags = self.tags
        self._label_of = np.array(
            [-1] + [self.labels.index(t[2:]) for t in tags[1:]], dtype=np.int64
        )
        self._prefix = np.array([t[0] for t in tags])
        self._is_cont = np.isin(self._prefix, ["I", "E"])  # continues a span
        self._is_open = np.isin(self._prefix, ["B", "I"])  # may be continued

    # ------------------------------------------------------------------ persistence

    @classmethod
    def from_disk(cls, path: Path) -> CharNER:
        path = Path(path)
        config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
        settings = FeatureSettings(**config["features"])
        lex = Lexicons(config["lexicons"], config["suffix_dicts"], settings.max_word_len)
        with np.load(path / LEXICON_FILE) as data:
            for length in config["lexicon_lengths"]:
                lex.tables[int(length)] = (data[f"keys_{length}"], data[f"bits_{length}"])
        extractor = FeatureExtractor(lex, settings, clusters_from_disk(path))
        if extractor.template_names != config["templates"]:
            raise ValueError(f"{path}: feature templates do not match this code version")
        tables = []
        with np.load(path / WEIGHTS_FILE) as data:
            transitions = data["transitions"]
            for t in range(len(config["templates"])):
                tables.append((data[f"keys_{t}"], data[f"weights_{t}"]))
        meta = {}
        if (path / "meta.json").exists():
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return cls(extractor, tables, transitions, tuple(config["labels"]), meta)

    def to_disk(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        lex = self.extractor.lex
        config = {
            "labels": list(self.labels),
            "tags": self.tags,
            "features": asdict(self.extractor.s),
            "lexicons": lex.names,
            "suffix_dicts": lex.suffix_dicts,
            "lexicon_lengths": sorted(lex.tables),
            "templates": self.extractor.template_names,
        }
        (path / CONFIG_FILE).write_text(json.dumps(config, ensure_ascii=False, indent=1))
        arrays: dict[str, np.ndarray] = {}
        for length, (keys, bits) in lex.tables.items():
            arrays[f"keys_{length}"] = keys
            arrays[f"bits_{length}"] = bits.astype(np.uint8 if len(lex.names) <= 8 else np.int64)
        np.savez_compressed(path / LEXICON_FILE, **arrays)
        if self.extractor.clusters:
            clusters_to_disk(self.extractor.clusters, path)
        weights: dict[str, np.ndarray] = {"transitions": self.transitions}
        for t, (keys, w) in enumerate(zip(self._keys, self._weights, strict=True)):
            weights[f"keys_{t}"] = keys
            weights[f"weights_{t}"] = w.astype(np.float16)
        np.savez_compressed(path / WEIGHTS_FILE, **weights)
        if self.meta:
            (path / "meta.json").write_text(
                json.dumps(self.meta, ensure_ascii=False, indent=2), encoding="utf-8"
            )

    @classmethod
    def average(cls, models: list[CharNER], weights: list[float] | None = None) -> CharNER:
        """One model whose weights are the (weighted) mean of ``models``' weights.

        Why: CRFs trained on the same features with other settings (iterations, penalties,
        copies of a corpus) make different errors; a linear model's mean weights score every
        tag sequence by the mean of the members' scores, an ensemble at the cost of one
        model (the union of the members' keys). The members must share their feature
        extractor (templates, lexicons, clusters): the weights of a key mean the same
        thing in each only then."""
        if not models:
            raise ValueError("no models to average")
        weights = [1.0] * len(models) if weights is None else [float(w) for w in weights]
        if len(weights) != len(models) or sum(weights) <= 0:
            raise ValueError("one positive weight per model")
        first = models[0]
        for m in models[1:]:
            _check_same_features(first, m)
        total = sum(weights)
        num_tags = len(first.tags)
        tables = []
        for t in range(len(first._keys)):
            keys = np.unique(np.concatenate([m._keys[t] for m in models]))
            mean = np.zeros((len(keys), num_tags), dtype=np.float32)
            for m, w in zip(models, weights, strict=True):
                rows = np.searchsorted(keys, m._keys[t])
                mean[rows] += (w / total) * m._weights[t].reshape(-1, num_tags)
            tables.append((keys, mean))
        transitions = sum(
            (w / total) * m.transitions for m, w in zip(models, weights, strict=True)
        )
        return cls(first.extractor, tables, np.asarray(transitions), first.labels)

    # ------------------------------------------------------------------ prediction

    def predict(self, text: str) -> list[tuple[int, int, str]]:
        """Entities in simplified ``text`` as (start, end_exclusive, label) char offsets."""
        return self.predict_many([text])[0]

    def predict_many(self, texts: Iterable[str]) -> list[list[tuple[int, int, str]]]:
        """``predict`` of each text, all tagged together (see ``predict_groups``)."""
        return self.predict_groups([list(texts)])[0]

    def predict_groups(
        self, groups: list[list[str]]
    ) -> list[list[list[tuple[int, int, str]]]]:
        """``[predict_many(g) for g in groups]`` (a group: the chunks of one document).

        Every sentence of every text is tagged as a text of its own: its own feature
        padding, a boundary row after it. Why: the model was trained on sentences one by
        one, so a sentence's neighbours in a paragraph are context it never saw (tagging each
        line whole cost gold/dev 0.4 entity F1). All the sentences share each array
        operation, ``BATCH_CHARS`` at a time, so short documents cost little apiece."""
        out = [[[] for _ in group] for group in groups]
        pieces: list[tuple[list[tuple[int, int, str]], int, np.ndarray]] = []
        size = 0
        for group, outs in zip(groups, out, strict=True):
            for text, spans in zip(group, outs, strict=True):
                cp = codepoints(text if isinstance(text, str) else str(text))
                for start, end in sentence_bounds(cp):
                    pieces.append((spans, start, cp[start:end]))
                    size += end - start + 1
                    if size >= BATCH_CHARS:
                        self._tag_pieces(pieces)
                        pieces, size = [], 0
        if pieces:
            self._tag_pieces(pieces)
        return out

    def _tag_pieces(
        self, pieces: list[tuple[list[tuple[int, int, str]], int, np.ndarray]]
    ) -> None:
        """Tag ``(spans, offset, code points)`` sentences at once; each sentence's entities,
        moved by its offset, are appended to its ``spans``."""
        cps = [cp for _, _, cp in pieces]
        lengths = np.array([len(cp) for cp in cps], dtype=np.int64)
        emissions = self._emissions(self.extractor.columns_many(cps))
        # one boundary row after each sentence: O is forced there, segments end at it
        rows = np.arange(len(emissions)) + np.repeat(np.arange(len(cps)), lengths)
        padded = np.zeros((len(emissions) + len(cps), emissions.shape[1]), emissions.dtype)
        padded[rows] = emissions
        joined = np.concatenate(cps)
        boundary = np.ones(len(padded), dtype=bool)
        clause = np.zeros(len(padded), dtype=bool)
        boundary[rows], clause[rows] = decoder_masks(joined)
        spans = self._spans(self._viterbi(padded, boundary, clause))
        starts = np.cumsum(lengths + 1) - (lengths + 1)  # each sentence's first row
        which = np.searchsorted(starts, [s for s, _, _ in spans], side="right") - 1
        for (s, e, label), w in zip(spans, which.tolist(), strict=True):
            target, offset, _ = pieces[w]
            shift = offset - int(starts[w])
            target.append((s + shift, e + shift, label))

    def _build_lookups(self) -> None:
        """Per template, how a key finds its weight row. Keys below a few million (chars,
        types, lexicon codes, cluster ids and pairs) index a dense row table directly: one
        gather in a small array instead of hashing and probing a table of all the model's
        keys, which took most of the emission time. The others (bigrams, trigrams, keys
        joined with a char) share one open-addressing table of keys mixed with their template
        number. Each template's weights end with a zero row, the row of unknown keys."""
        num_tags = len(self.tags)
        zero = np.zeros((1, num_tags), np.float32)
        self._rows_w = [np.vstack([w.reshape(-1, num_tags), zero]) for w in self._weights]
        self._dense: list[np.ndarray | None] = []
        self._direct: set[int] = set()
        hashed: list[int] = []
        for t, keys in enumerate(self._keys):
            row_dtype = np.int16 if len(keys) < np.iinfo(np.int16).max else np.int32
            top = int(keys.max()) + 1 if len(keys) else 0
            itemsize = np.dtype(row_dtype).itemsize
            if len(keys) and (int(keys.min()) < 0 or (top + 1) * itemsize > DENSE_TABLE_BYTES):
                self._dense.append(None)
                hashed.append(t)
                continue
            table = np.full(top + 1, len(keys), dtype=row_dtype)  # last entry: unknown
            table[keys] = np.arange(len(keys), dtype=row_dtype)
            if (top + 1) * num_tags * 4 <= DIRECT_TABLE_BYTES:
                # few key values (codes, ids, distances): the weights themselves by key
                # value, one gather instead of two
                self._rows_w[t] = self._rows_w[t][table]
                table = np.zeros(top + 1, dtype=np.int8)  # only its length is used
                self._direct.add(t)
            self._dense.append(table)
        self._hashed = hashed
        self._hashed_ids = np.array(hashed, dtype=np.uint64)
        mixed = [_mix(self._keys[t], t) for t in hashed]
        self._hashed_offsets = np.cumsum([0] + [len(m) for m in mixed])
        self._slots = _HashIndex(np.concatenate(mixed) if mixed else np.zeros(0, np.uint64))
        # hashed rows are global over the hashed templates: their weights stacked, zero row last
        self._hashed_w = np.vstack([self._weights[t].reshape(-1, num_tags) for t in hashed]
                                   + [zero])  # fmt: skip

    def _emissions(self, keys: np.ndarray | list[np.ndarray]) -> np.ndarray:
        """Emission scores per char: the weight rows of its keys summed in template order
        (a key matrix, one column per template, or the list of those columns)."""
        columns = list(keys.T) if isinstance(keys, np.ndarray) else keys
        n = len(columns[0]) if columns else len(keys)
        out = np.zeros((n, len(self.tags)), dtype=np.float32)
        if n == 0:
            return out
        hashed_rows = None
        if self._hashed:
            queries = np.stack([columns[t] for t in self._hashed])
            hashed_rows = self._slots.rows(_mix(queries, self._hashed_ids[:, None]).ravel())
            hashed_rows = hashed_rows.reshape(len(self._hashed), n)
            # a key counts only in its own template's rows (mixed keys of two templates
            # could in principle coincide)
            off = self._hashed_offsets
            stray = (hashed_rows < off[:-1, None]) | (hashed_rows >= off[1:, None])
            hashed_rows[stray] = off[-1]
        h = 0
        part = np.empty_like(out)
        # One gather per template added in place, in template order (the float32 sums are
        # those of the order the model has always used); the single (n, templates, tags)
        # gather summed over its middle axis took twenty times as long.
        for t, table in enumerate(self._dense):
            if table is None:
                self._hashed_w.take(hashed_rows[h], axis=0, out=part)
                h += 1
            else:
                # keys past the table land on its last entry, unknown (keys are never
                # negative: code points, codes and ids packed into non-negative int64)
                rows = np.minimum(columns[t], len(table) - 1)
                if t not in self._direct:
                    rows = table.take(rows)
                self._rows_w[t].take(rows, axis=0, out=part)
            out += part
        return out

    def _viterbi(
        self, emissions: np.ndarray, boundary: np.ndarray, clause: np.ndarray
    ) -> np.ndarray:
        """Best tags with O forced at boundary chars. A segment between them scores its
        transitions from and to the O of a ``clause`` char next to it (inside a sentence,
        as in training), none at a text's or sentence's edge (where crfsuite's training
        sequences began and ended, with no transition). The segments are decoded
        together, time-major and without padding: sorted longest first, step ``i`` updates
        only the prefix of segments longer than ``i`` (a slice, no mask), so the work is
        one (segments, tags, tags) block per step over the characters that exist, and the
        Python loop runs once per step of the longest segment, not per segment."""
        n, num_tags = emissions.shape
        tags = np.zeros(n, dtype=np.int64)
        inner = ~boundary
        if not inner.any():
            return tags
        edges = np.diff(np.concatenate([[0], inner.astype(np.int8), [0]]))
        seg_start = np.flatnonzero(edges == 1)
        seg_end = np.flatnonzero(edges == -1)
        after = seg_start[seg_start > 0]
        after = after[clause[after - 1]]
        before = seg_end[seg_end < n]
        before = before[clause[before]]
        if len(after) or len(before):
            emissions = emissions.copy()
            emissions[after] += self.transitions[0]  # from the O at the comma
            emissions[before - 1] += self.transitions[:, 0]  # to the O at the comma
        lengths = seg_end - seg_start
        order = np.argsort(-lengths, kind="stable")  # longest first
        starts, lens = seg_start[order], lengths[order]
        num_segs, max_len = len(starts), int(lens[0])
        # active[i]: segments longer than i, the prefix that step i updates; its rows of
        # the packed (time-major) arrays start at offsets[i]
        active = num_segs - np.cumsum(np.bincount(lens, minlength=max_len + 1))[:max_len]
        offsets = np.concatenate([[0], np.cumsum(active)])
        total = int(offsets[-1])
        step = np.repeat(np.arange(max_len), active)
        seg = np.arange(total) - np.repeat(offsets[:-1], active)
        pos = starts[seg] + step  # char of each packed row
        em = emissions[pos]
        trans_to_from = np.ascontiguousarray(self.transitions.T)  # [to, from]
        score = em[:num_segs].copy()
        back = np.empty((total, num_tags), dtype=np.intp)
        cand = np.empty((num_segs, num_tags, num_tags), dtype=score.dtype)
        cell_base = np.arange(num_segs * num_tags) * num_tags  # first "from" of each cell
        bounds = list(zip(offsets[:-1].tolist(), active.tolist(), strict=True))
        for lo, k in bounds[1:]:
            # cand[s, to, from] = score[s, from] + trans[from, to]: argmax runs over the
            # contiguous last axis and keeps the first maximum, as before; the maxima are
            # gathered at it (a max reduction over 13 values a row costs more)
            c = np.add(score[:k, None, :], trans_to_from[None, :, :], out=cand[:k])
            best = c.argmax(axis=2, out=back[lo : lo + k])
            top = c.ravel().take(best.ravel() + cell_base[: k * num_tags])
            np.add(top.reshape(k, num_tags), em[lo : lo + k], out=score[:k])
        cur = score.argmax(axis=1)
        path = np.empty(total, dtype=np.int64)
        flat_back = back.ravel()
        row_base = np.arange(num_segs) * num_tags
        for lo, k in reversed(bounds):
            path[lo : lo + k] = cur[:k]
            if lo:
                cur[:k] = flat_back[row_base[:k] + (lo * num_tags) + cur[:k]]
        tags[pos] = path
        return tags

    def _spans(self, tags: np.ndarray) -> list[tuple[int, int, str]]:
        """Spans from BIOES tag ids; invalid sequences are repaired as bio_spans does."""
        if len(tags) == 0:
            return []
        label = self._label_of[tags]
        prev_label = np.concatenate([[-1], label[:-1]])
        prev_open = np.concatenate([[False], self._is_open[tags][:-1]])
        cont = self._is_cont[tags] & (label == prev_label) & prev_open & (label >= 0)
        is_ent = label >= 0
        start = is_ent & ~cont
        next_cont = np.concatenate([cont[1:], [False]])
        end = is_ent & ~next_cont
        s_idx = np.flatnonzero(start)
        e_idx = np.flatnonzero(end) + 1
        return [(int(s), int(e), self.labels[label[s]]) for s, e in zip(s_idx, e_idx, strict=True)]


def _check_same_features(a: CharNER, b: CharNER) -> None:
    """Raise unless ``a`` and ``b`` compute the same feature keys from the same text."""
    ea, eb = a.extractor, b.extractor
    same = (
        a.tags == b.tags
        and ea.template_names == eb.template_names
        and asdict(ea.s) == asdict(eb.s)
        and ea.lex.names == eb.lex.names
        and ea.lex.suffix_dicts == eb.lex.suffix_dicts
        and sorted(ea.lex.tables) == sorted(eb.lex.tables)
        and all(
            np.array_equal(ea.lex.tables[n][i], eb.lex.tables[n][i])
            for n in ea.lex.tables
            for i in (0, 1)
        )
        and sorted(ea.clusters) == sorted(eb.clusters)
        and all(
            np.array_equal(ea.clusters[u].keys, eb.clusters[u].keys)
            and sorted(ea.clusters[u].ids) == sorted(eb.clusters[u].ids)
            and all(
                np.array_equal(ea.clusters[u].ids[k], eb.clusters[u].ids[k])
                for k in ea.clusters[u].ids
            )
            for u in ea.clusters
        )
    )
    if not same:
        raise ValueError("models to average must share their tags, features, lexicons, clusters")
