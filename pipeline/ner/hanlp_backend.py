"""HanLP as a second NER backend: the ``hanlp_ner`` component (``configs/hanlp.cfg``).

:class:`HanLPCharNER` wraps a HanLP NER component behind the interface of zhkg's own char
model (``predict_many(texts) -> [[(start, end, label)]]`` with PERSON / ORG / LOC labels and
character offsets), so that the ``hanlp_ner`` factory reuses ``EntityRecognizer`` unchanged:
the same gazetteer merging, GPE/LOC split, linking and propagation as ``zhkg_ner``. Only the
statistical tagger differs, which is what a backend comparison should vary.

hanlp and torch are optional (``pip install 'zhkg[hanlp]'``): this module imports them only
when a model is loaded, so ``import pipeline`` and the default pipeline never need them.
Models load from a local directory only (a model zhkg trained with ``zhkg train hanlp-ner``, or
a HanLP model the user already has on disk); HanLP's own download paths are switched off so
that a mistyped path can never turn into a download of pretrained weights.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacy.language import Language

from ..corpora import LABEL_MAP, bio_spans
from ..messages import ModelMissingError
from ..punctuation import COMMAS, ENUMERATION_COMMA, SEMICOLONS, SENTENCE_END
from .component import EntityRecognizer, split_long

INSTALL_HINT = "install the HanLP backend with `pip install 'zhkg[hanlp]'`"
TRAIN_HINT = (
    "train one with `zhkg train hanlp-ner`, or give a local HanLP model dir "
    "(`--components.ner.model DIR` for `zhkg run`, `--model DIR` for `zhkg evaluate`)"
)

# HanLP's NER types (MSRA: NR / NS / NT; OntoNotes-style: PERSON / LOCATION / ORGANIZATION /
# GPE ...) -> zhkg's char-model labels. GPE goes to LOC on purpose: the recognizer decides
# GPE versus LOC with the gazetteer, as it does for zhkg's own model. Other types are dropped.
HANLP_LABELS: dict[str, str] = {
    **LABEL_MAP,
    "LOCATION": "LOC",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "FAC": "LOC",
}

# Whitespace characters are fed to the model as this token (the training TSV writes them so).
SPACE_TOKEN = "<sp>"

_BREAKS = re.compile(
    "[" + re.escape(SENTENCE_END + SEMICOLONS + COMMAS + ENUMERATION_COMMA) + r"\s]"
)


def map_label(label: str) -> str | None:
    """zhkg label for a HanLP entity type (``nr``, ``NS``, ``PER``...), or None to drop it."""
    return HANLP_LABELS.get(label.upper())


def split_text(text: str, max_len: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most ``max_len`` chars, cut after punctuation if possible.

    Lines are tagged whole when they fit, keeping the context the BiLSTM sees; very long
    lines are cut so that one paragraph cannot blow up a padded batch.
    """
    return split_long(text, max_len, _BREAKS, max_len // 4)


def import_hanlp() -> Any:
    """Import hanlp with the Hugging Face hubs offline (zhkg never downloads weights)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import hanlp
    except ImportError as err:
        raise ModelMissingError(f"HanLP is not installed ({err}): {INSTALL_HINT}") from err
    return hanlp


@contextmanager
def no_downloads() -> Iterator[None]:
    """Make HanLP's resource downloader fail instead of fetching anything."""
    from hanlp.utils import io_util

    def refuse(url: str, *args: Any, **kwargs: Any) -> str:
        raise ModelMissingError(f"HanLP tried to download {url}; zhkg loads local models only")

    original = io_util.download
    io_util.download = refuse
    try:
        yield
    finally:
        io_util.download = original


def load_hanlp_model(path: Path, threads: int = 0) -> Any:
    """A HanLP component from a local directory, on CPU; clear errors when it cannot be."""
    path = Path(path).resolve()
    if not ((path / "config.json").is_file() or (path / "meta.json").is_file()):
        raise ModelMissingError(f"no HanLP model at {path}: {TRAIN_HINT}")
    hanlp = import_hanlp()
    import torch

    if threads:
        torch.set_num_threads(int(threads))
    try:
        with no_downloads():
            return hanlp.load(str(path), devices=-1, verbose=False)
    except ModelMissingError:
        raise
    except Exception as err:  # HanLP raises many kinds; all mean "cannot use this dir"
        raise ModelMissingError(
            f"cannot load the HanLP model at {path} ({type(err).__name__}: {err}): {TRAIN_HINT}"
        ) from err


class HanLPCharNER:
    """A HanLP NER tagger behind ``CharNER``'s interface (simplified text in, char spans out).

    HanLP taggers take pre-tokenized input; NER models for Chinese are character models, so
    each text is given as its list of characters and token offsets are character offsets.
    """

    labels: tuple[str, ...] = ("PERSON", "ORG", "LOC")

    def __init__(self, component: Any, batch_size: int = 64, max_len: int = 256) -> None:
        self.component = component
        self.batch_size = batch_size
        self.max_len = max_len
        self.meta: dict[str, Any] = {}

    @classmethod
    def from_disk(
        cls, path: Path, batch_size: int = 64, max_len: int = 256, threads: int = 0
    ) -> HanLPCharNER:
        return cls(load_hanlp_model(Path(path), threads), batch_size, max_len)

    def predict(self, text: str) -> list[tuple[int, int, str]]:
        """Entities in simplified ``text`` as (start, end_exclusive, label) char offsets."""
        return self.predict_many([text])[0]

    def predict_groups(
        self, groups: list[list[str]]
    ) -> list[list[list[tuple[int, int, str]]]]:
        """``[predict_many(g) for g in groups]`` in one HanLP call (the recognizer tags the
        documents of a batch together; a group holds the chunks of one document)."""
        flat = self.predict_many([text for group in groups for text in group])
        out, k = [], 0
        for group in groups:
            out.append(flat[k : k + len(group)])
            k += len(group)
        return out

    def predict_many(self, texts: Iterable[str]) -> list[list[tuple[int, int, str]]]:
        """All texts in one HanLP call, so that HanLP batches them (by length) itself."""
        texts = [t if isinstance(t, str) else str(t) for t in texts]
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        pieces = [
            (i, offset, piece)
            for i, text in enumerate(texts)
            for offset, piece in split_text(text, self.max_len)
            if piece.strip()
        ]
        if not pieces:
            return out
        tokens = [[SPACE_TOKEN if c.isspace() else c for c in p] for _, _, p in pieces]
        results = self.component(tokens, batch_size=self.batch_size)
        for (i, offset, piece), result in zip(pieces, results, strict=True):
            for s, e, label in self.spans(result, piece):
                out[i].append((s + offset, e + offset, label))
        return out

    @staticmethod
    def spans(result: Sequence[Any], chars: str) -> list[tuple[int, int, str]]:
        """zhkg spans from one HanLP result: (entity, type, start, end) tuples, as HanLP's NER
        components return them, or one tag per character (BIO / BIOES / BMES)."""
        if not result:
            return []
        if all(isinstance(t, str) for t in result):
            raw = bio_spans(list(result))
        else:
            raw = [(int(r[2]), int(r[3]), str(r[1])) for r in result]
        spans = []
        for s, e, label in raw:
            mapped = map_label(label)
            if mapped and 0 <= s < e <= len(chars):
                spans.append((s, e, mapped))
        return sorted(set(spans))


@Language.factory(
    "hanlp_ner",
    default_config={
        "model": "models/hanlp_ner",
        "gazetteer": True,
        "place_rules": None,
        "batch_size": 64,
        "max_len": 256,
        "threads": 0,
    },
)
def make_hanlp_entity_recognizer(
    nlp: Language,
    name: str,
    model: str,
    gazetteer: bool,
    place_rules: str | None,
    batch_size: int,
    max_len: int,
    threads: int,
) -> EntityRecognizer:
    """``zhkg_ner`` with a HanLP tagger, merged with the gazetteer by the same rules.
    ``threads`` = 0 keeps torch's default."""
    def load(path: Path) -> HanLPCharNER:
        return HanLPCharNER.from_disk(path, batch_size, max_len, threads)

    return EntityRecognizer(model, load, gazetteer, place_rules, orgs_list=None, common_words=None)
