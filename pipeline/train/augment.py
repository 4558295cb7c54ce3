"""Training sentences with their personal names replaced by names the corpora never had.

Why: the NER model learns a person partly from its name lexicon (``eP``: the names of the
other folds) and from names it has seen, so a new name in a plain context (林信达说，…) is
missed where a known one (王小明说) is found. A copy of a sentence in which each name is a new
combination of a surname and given-name characters, both drawn from the corpora's own
names, keeps the context and the tags and takes the memorised name away: the model has to
read the context and the shape of the name.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from ..corpora import bio_spans

_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")


def _name_parts(
    data: list[tuple[str, list[str]]], label: str
) -> tuple[list[str], list[int], list[str], list[int], Counter[int]]:
    """Surnames and given-name characters of the two- and three-character Han names, with
    their counts, and the distribution of given-name lengths."""
    surnames: Counter[str] = Counter()
    given: Counter[str] = Counter()
    lengths: Counter[int] = Counter()
    for text, tags in data:
        for s, e, lab in bio_spans(tags):
            name = text[s:e]
            if lab == label and _HAN_NAME.fullmatch(name):
                surnames[name[0]] += 1
                given.update(name[1:])
                lengths[len(name) - 1] += 1
    return list(surnames), list(surnames.values()), list(given), list(given.values()), lengths


def augment_names(
    data: list[tuple[str, list[str]]],
    fraction: float,
    seed: int,
    label: str = "PERSON",
    only_label: bool = False,
) -> list[tuple[str, list[str]]]:
    """Copies of ``fraction`` of the sentences holding a two- or three-character Han ``label``
    name, each such name replaced (the same name by the same new one) by a random surname and
    given-name characters drawn by their frequency among the corpora's names. ``only_label``:
    only sentences with no entity of another label, so that the copies do not count the
    contexts of organisations and places twice (two earlier runs that copied every such
    sentence gained persons and lost both)."""
    if fraction <= 0:
        return []
    rng = random.Random(seed)
    sn, sn_w, gv, gv_w, lengths = _name_parts(data, label)
    if not sn:
        return []
    len_values, len_weights = list(lengths), list(lengths.values())
    out = []
    for text, tags in data:
        found = bio_spans(tags)
        if only_label and any(lab != label for _, _, lab in found):
            continue
        spans = [(s, e) for s, e, lab in found if lab == label and _HAN_NAME.fullmatch(text[s:e])]
        if not spans or rng.random() >= fraction:
            continue
        new_names: dict[str, str] = {}
        pieces: list[str] = []
        new_tags: list[str] = []
        pos = 0
        for s, e in spans:
            name = text[s:e]
            if name not in new_names:
                k = rng.choices(len_values, len_weights)[0]
                new_names[name] = rng.choices(sn, sn_w)[0] + "".join(rng.choices(gv, gv_w, k=k))
            new = new_names[name]
            pieces += [text[pos:s], new]
            new_tags += tags[pos:s] + [f"B-{label}"] + [f"I-{label}"] * (len(new) - 1)
            pos = e
        pieces.append(text[pos:])
        new_tags += tags[pos:]
        out.append(("".join(pieces), new_tags))
    return out
