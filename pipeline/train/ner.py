"""Train and score zhkg's character-level NER model (PERSON / ORG / LOC).

Recipe: BIOES tags over characters, a linear-chain CRF learnt by python-crfsuite (L-BFGS with
L1 + L2: L1 keeps the shipped model small), features from ``pipeline.ner.features`` (char
n-grams, char types, dictionary matches). The crfsuite weights are then read back into numpy
tables (``CharNER``) so that prediction is vectorised and fast. The dictionaries are built
from the shared data (People's Daily 1998 word list, gazetteer, SASAC orgs, surnames) and the
hand-kept lists in ``pipeline/resources/ner/``; they are stored inside the model folder.
With ``[soup] members`` in the config, one CRF is trained per member (each a set of overrides
of the config) and the shipped model is the mean of their weights (``CharNER.average``).

Run ``python -m pipeline.train.ner configs/train_ner.cfg`` or
``zhkg train ner --config configs/train_ner.cfg``; ``--set section.key=value`` overrides.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.corpora import (
    SCORED_LABELS,
    bio_spans,
    read_char_bio,
    read_cluener,
    read_ner_corpus,
    read_uner,
    read_weibo,
)
from pipeline.evaluate.scoring import span_prf
from pipeline.ner.features import (
    FeatureExtractor,
    FeatureSettings,
    Lexicons,
    codepoints,
    read_word_list,
)
from pipeline.ner.model import LABELS, CharNER, make_tags
from pipeline.paths import RESOURCES, resolve_model_path
from pipeline.train import crf_arrays
from pipeline.train.augment import augment_names
from pipeline.train.clusters import learn_clusters
from pipeline.train.places import lexicon_places
from pipeline.train.script import load_settings, main

MODEL_VERSION = "0.4.0"
COMMAND = "zhkg train ner --config configs/train_ner.cfg"
MACHINE = "CPU, 1 process (2-core machine shared with other jobs)"
NER_RESOURCES = RESOURCES / "ner"
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")

# --------------------------------------------------------------------------- lexicons


def pd1998_words(pattern: str, folds: Iterable[int], min_count: int, max_len: int) -> list[str]:
    """Words of 2..max_len chars seen at least ``min_count`` times in the segmented corpus."""
    counts: Counter[str] = Counter()
    for fold in folds:
        path = resolve_model_path(pattern.format(fold=fold))
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                counts.update(w for w in line.split() if 2 <= len(w) <= max_len)
    return sorted(w for w, c in counts.items() if c >= min_count)


def segmentation_words(paths: Iterable[str], max_len: int, known: set[str]) -> list[str]:
    """Words of 2..max_len chars of segmentation word lists (one word a line; converted t2s,
    as the model reads the simplified view) that ``known`` lacks: the vocabulary of
    Taiwan's and Hong Kong's news (台银, 证期会) that People's Daily 1998 does not have."""
    from .script_orgs import simplified_words

    words = simplified_words(resolve_model_path(p) for p in paths)
    return sorted(
        {w for w in words if 2 <= len(w) <= max_len and _HAN_WORD.fullmatch(w) and w not in known}
    )


def org_names(path: Path) -> list[str]:
    names: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for key in ("full_name", "short_name_laosheng"):
                value = (row.get(key) or "").strip()
                if len(value) >= 2:
                    names.add(value)
    return sorted(names)


def surnames(path: Path, top: int) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        rows = [(r["NameB"].strip(), float(r["TF"] or 0)) for r in csv.DictReader(fh)]
    rows.sort(key=lambda r: -r[1])
    return [name for name, _ in rows[:top] if name]


def build_lexicons(settings: dict[str, Any]) -> tuple[dict[str, list[str]], list[str]]:
    """Word lists by dictionary name, and which of them are suffix dictionaries."""
    lex = settings["lexicons"]
    max_len = int(settings["features"]["max_word_len"])
    words: dict[str, list[str]] = {}
    if lex.get("pd1998_pattern"):
        words["w"] = pd1998_words(
            lex["pd1998_pattern"], lex["pd1998_folds"], int(lex["pd1998_min_count"]), max_len
        )
    places = lexicon_places(
        resolve_model_path(lex["gazetteer"]),
        bool(lex["streets"]),
        int(lex["min_short_len"]),
        lex.get("place_forms", "suffixes"),  # the shipped model's settings predate the key
    )
    places += read_word_list(NER_RESOURCES / "countries.txt")
    if lex.get("countries_added"):  # the countries 0.4.0's lexicon predates
        places += read_word_list(NER_RESOURCES / "countries_added.txt")
    places += read_word_list(NER_RESOURCES / "landmarks.txt")
    words["p"] = sorted(set(places))
    words["o"] = org_names(resolve_model_path(lex["orgs"]))
    words["sn"] = surnames(resolve_model_path(lex["surnames"]), int(lex["surname_top"]))
    if lex.get("word_lists"):
        words["t"] = segmentation_words(lex["word_lists"], max_len, set(words.get("w", ())))
    words["os"] = read_word_list(NER_RESOURCES / "org_suffixes.txt")
    words["ps"] = read_word_list(NER_RESOURCES / "place_suffixes.txt")
    return words, ["os", "ps"]


# --------------------------------------------------------------------------- data


def to_bioes(tags: list[str]) -> list[str]:
    out = ["O"] * len(tags)
    for s, e, lab in bio_spans(tags):
        if e - s == 1:
            out[s] = f"S-{lab}"
        else:
            out[s] = f"B-{lab}"
            for k in range(s + 1, e - 1):
                out[k] = f"I-{lab}"
            out[e - 1] = f"E-{lab}"
    return out


def msra_train_dev(corpus: dict[str, Any]) -> tuple[list, list]:
    """MSRA train cut into train and dev: the last ``dev_fraction`` of it, in file order, is
    dev (both NER backends train on the same split)."""
    msra = list(read_char_bio(resolve_model_path(corpus["msra_train"])))
    n_dev = int(len(msra) * float(corpus["dev_fraction"]))
    return msra[: len(msra) - n_dev], msra[len(msra) - n_dev :]


def load_training_data(settings: dict[str, Any]) -> dict[str, list[tuple[str, list[str]]]]:
    """train / dev sentence lists (dev: the last ``dev_fraction`` of MSRA train), and
    ``traditional``: the sentences of train that come from the traditional-script corpus."""
    corpus = settings["corpus"]
    train, dev = msra_train_dev(corpus)
    fraction = float(corpus.get("train_fraction", 1.0))
    if fraction < 1.0:
        rng = random.Random(int(settings["training"]["seed"]))
        train = rng.sample(train, int(len(train) * fraction))
    if corpus.get("cluener_train"):
        train += list(read_cluener(resolve_model_path(corpus["cluener_train"])))
    uner: list[tuple[str, list[str]]] = []
    if corpus.get("uner_train"):
        uner = list(read_uner(resolve_model_path(corpus["uner_train"])))
        train += uner
    if corpus.get("weibo_train"):
        train += list(read_weibo(resolve_model_path(corpus["weibo_train"])))
    return {"train": train, "dev": dev, "traditional": uner}


def extra_copies(
    part: list[tuple[str, list[str]]], marked: set[int], repeat: int
) -> list[tuple[str, list[str]]]:
    """``repeat - 1`` more copies of the sentences of ``part`` whose ``id`` is ``marked`` (the
    traditional-script ones: UNER gsd is 4k of 66k sentences). The copies go into the fold of
    their sentence, as the name-augmented ones do, so that its names stay out of its own
    entity lexicons."""
    return [x for x in part if id(x) in marked] * max(0, repeat - 1)


ENTITY_DICTS = {"PERSON": "eP", "ORG": "eO", "LOC": "eL"}


def entity_words(
    data: list[tuple[str, list[str]]], labels: Iterable[str] = tuple(ENTITY_DICTS)
) -> dict[str, set[str]]:
    """Entity strings (2+ chars) of annotated sentences, by dictionary name, for ``labels``."""
    names = {lab: ENTITY_DICTS[lab] for lab in labels}
    out: dict[str, set[str]] = {name: set() for name in names.values()}
    for text, tags in data:
        for s, e, lab in bio_spans(tags):
            if e - s >= 2 and lab in names:
                out[names[lab]].add(text[s:e])
    return out


def merge_entity_words(parts: list[dict[str, set[str]]]) -> dict[str, list[str]]:
    return {name: sorted(set().union(*(p[name] for p in parts))) for name in parts[0]}


def iter_key_rows(
    extractor: FeatureExtractor, data: list[tuple[str, list[str]]], chunk: int = 64
) -> Iterator[tuple[np.ndarray, list[str]]]:
    """(key rows, BIOES tags) per sentence; sentences are featurised ``chunk`` at a time,
    joined by newlines (each sentence's neighbours are its context), though the pipeline tags
    each sentence alone: featurising each training sentence alone too gave a weaker model
    (models/README.md, "Retrained models of the third session")."""
    for i in range(0, len(data), chunk):
        part = data[i : i + chunk]
        keys = extractor.extract(codepoints("\n".join(text for text, _ in part)))
        pos = 0
        for text, tags in part:
            yield keys[pos : pos + len(text)], to_bioes(tags)
            pos += len(text) + 1


def iter_items(
    extractor: FeatureExtractor, data: list[tuple[str, list[str]]]
) -> Iterator[tuple[list[list[str]], list[str]]]:
    """crfsuite (attributes, tags) per sentence: each key as ``template:key``."""
    prefixes = [f"{t}:" for t in range(len(extractor.template_names))]
    for rows, tags in iter_key_rows(extractor, data):
        xseq = [[p + str(v) for p, v in zip(prefixes, row, strict=True)] for row in rows.tolist()]
        yield xseq, tags


# --------------------------------------------------------------------------- training


def crfsuite_to_model(
    model_file: Path, extractor: FeatureExtractor, labels: tuple[str, ...], meta: dict
) -> CharNER:
    """Read crfsuite's weights into per-template numpy tables."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_file))
    info = tagger.info()
    tags = make_tags(labels)
    tag_index = {t: i for i, t in enumerate(tags)}
    per_template: dict[int, dict[int, np.ndarray]] = {}
    for (attr, label), weight in info.state_features.items():
        t, _, key = attr.partition(":")
        row = per_template.setdefault(int(t), {})
        vec = row.get(int(key))
        if vec is None:
            vec = row[int(key)] = np.zeros(len(tags), dtype=np.float32)
        vec[tag_index[label]] = weight
    transitions = np.zeros((len(tags), len(tags)), dtype=np.float32)
    for (src, dst), weight in info.transitions.items():
        transitions[tag_index[src], tag_index[dst]] = weight
    tables = []
    for t in range(len(extractor.template_names)):
        row = per_template.get(t, {})
        keys = np.array(sorted(row), dtype=np.int64)
        weights = (
            np.stack([row[int(k)] for k in keys])
            if len(keys)
            else np.zeros((0, len(tags)), np.float32)
        )
        tables.append((keys, weights))
    tagger.close()
    return CharNER(extractor, tables, transitions, labels, meta)


def _logging_trainer_class() -> type:
    import pycrfsuite

    class LoggingTrainer(pycrfsuite.Trainer):
        """Reports every 10th iteration on stderr instead of crfsuite's chatter on stdout."""

        def on_start(self, log: str) -> None: ...
        def on_featgen_progress(self, log: str, percent: float) -> None: ...
        def on_featgen_end(self, log: str) -> None: ...
        def on_prepared(self, log: str) -> None: ...
        def on_prepare_error(self, log: str) -> None:
            log_msg(log)

        def on_iteration(self, log: str, info: dict) -> None:
            if info.get("num", 0) % 10 == 0:
                log_msg(f"iteration {info.get('num')}: loss {info.get('loss')}, active "
                        f"{info.get('active_features')}, {info.get('time')}s")  # fmt: skip

        def on_optimization_end(self, log: str) -> None: ...
        def on_end(self, log: str) -> None: ...

    return LoggingTrainer


def train_ner(config_path: Path, output: Path | None = None, overrides: dict | None = None) -> dict:
    """The model of the config: one CRF, or, when ``[soup] members`` lists settings, the mean
    of one CRF per member (``train_soup``). Returns the scores."""
    settings = load_settings(config_path, overrides)
    if settings.get("soup", {}).get("members"):
        return train_soup(config_path, output, overrides)
    return train_one(config_path, output, overrides)


def _train_crfsuite(
    tr: dict[str, Any],
    fold_extractors: list[tuple[FeatureExtractor, list[tuple[str, list[str]]]]],
    extractor: FeatureExtractor,
    t0: float,
) -> tuple[float, float, CharNER]:
    """python-crfsuite's L-BFGS on the folds' features (one CPU core)."""
    _LoggingTrainer = _logging_trainer_class()
    trainer = _LoggingTrainer(algorithm=tr["algorithm"], verbose=True)
    params: dict[str, Any] = {"max_iterations": int(tr["iterations"])}
    if tr["algorithm"] == "lbfgs":
        params.update({"c1": float(tr["c1"]), "c2": float(tr["c2"])})
    if int(tr.get("feature_minfreq", 0)):
        params["feature.minfreq"] = int(tr["feature_minfreq"])
    trainer.set_params(params)
    for fold_extractor, part in fold_extractors:
        for xseq, yseq in iter_items(fold_extractor, part):
            trainer.append(xseq, yseq)
    t_feat = time.time() - t0
    log_msg(f"features appended: {t_feat:.0f}s")
    with tempfile.TemporaryDirectory() as tmp:
        crf_file = Path(tmp) / "ner.crfsuite"
        trainer.train(str(crf_file))
        t_train = time.time() - t0
        last = trainer.logparser.last_iteration or {}
        log_msg(f"trained: {t_train:.0f}s, iterations {len(trainer.logparser.iterations)}, "
            f"active features {last.get('active_features')}")  # fmt: skip
        model = crfsuite_to_model(crf_file, extractor, LABELS, {})
    del trainer
    return t_feat, t_train, model


def train_one(config_path: Path, output: Path | None = None, overrides: dict | None = None) -> dict:
    """Train one CRF, score (dev, MSRA test, UNER test), measure speed and save; returns the
    scores."""
    t0 = time.time()
    settings = load_settings(config_path, overrides)
    tr = settings["training"]
    out = resolve_model_path(output or settings["paths"]["output"])
    feat_settings = FeatureSettings(**settings["features"])
    words, suffix_dicts = build_lexicons(settings)
    clusters = learn_clusters(settings, feat_settings.cluster_granularities())
    data = load_training_data(settings)
    augment = float(settings["corpus"].get("person_augment", 0.0))
    augment_only = bool(settings["corpus"].get("person_augment_only", False))
    seed = int(tr["seed"])
    repeat = int(settings["corpus"].get("traditional_repeat", 1))
    traditional = {id(x) for x in data["traditional"]}
    n_augmented = 0
    folds = int(settings["corpus"].get("entity_lexicon_folds", 0))
    fold_extractors: list[tuple[FeatureExtractor, list[tuple[str, list[str]]]]] = []
    if folds:
        # Dictionaries of the training entities. Each sentence sees the entities of the
        # other folds only: with its own names in the dictionary, the CRF would learn to
        # trust a match blindly and miss every name the dictionary lacks.
        labels = settings["corpus"].get("entity_lexicon_labels") or list(ENTITY_DICTS)
        parts = [data["train"][k::folds] for k in range(folds)]
        per_fold = [entity_words(p, labels) for p in parts]
        for k in range(folds):
            others = [per_fold[j] for j in range(folds) if j != k]
            lex_k = Lexicons.build(
                {**words, **merge_entity_words(others)}, suffix_dicts, feat_settings.max_word_len
            )
            # name-augmented copies stay in their sentence's fold, so that their other
            # names are as unknown to its lexicons as the original's, and out of the entity
            # lexicons: their made-up names (高兴) are no names
            augmented = augment_names(parts[k], augment, seed + k, only_label=augment_only)
            n_augmented += len(augmented)
            part = parts[k] + augmented + extra_copies(parts[k], traditional, repeat)
            fold_extractors.append((FeatureExtractor(lex_k, feat_settings, clusters), part))
        words = {**words, **merge_entity_words(per_fold)}
    lex = Lexicons.build(words, suffix_dicts, feat_settings.max_word_len)
    extractor = FeatureExtractor(lex, feat_settings, clusters)
    if not fold_extractors:
        augmented = augment_names(data["train"], augment, seed, only_label=augment_only)
        n_augmented = len(augmented)
        extra = extra_copies(data["train"], traditional, repeat)
        fold_extractors = [(extractor, data["train"] + augmented + extra)]
    log_msg(f"lexicons {({k: len(v) for k, v in words.items()})}; train {len(data['train'])} "
        f"sentences + {n_augmented} augmented, dev {len(data['dev'])}; "
        f"{time.time() - t0:.0f}s")  # fmt: skip

    if tr["algorithm"] == "owlqn_arrays":
        # the same objective in array code (pipeline/train/crf_arrays.py): minutes on a GPU
        rows = (item for fx, part in fold_extractors for item in iter_key_rows(fx, part))
        tables, transitions, facts = crf_arrays.train(
            rows, LABELS, float(tr["c1"]), float(tr["c2"]), int(tr["iterations"]),
            device=str(tr.get("device", "auto")), log=log_msg,
        )  # fmt: skip
        t_feat = t_train = time.time() - t0
        log_msg(f"trained: {t_train:.0f}s, iterations {facts['iterations']} on the "
            f"{facts['device']}, active features {facts['active_features']}")  # fmt: skip
        model = CharNER(extractor, tables, transitions, LABELS, {})
    else:
        t_feat, t_train, model = _train_crfsuite(tr, fold_extractors, extractor, t0)

    scores, speed = score_model(model, settings, data["dev"])
    total = time.time() - t0
    model.to_disk(out)
    for name, items in words.items():
        (out / "lexicons").mkdir(exist_ok=True)
        (out / "lexicons" / f"{name}.txt").write_text("\n".join(items) + "\n", encoding="utf-8")
    size = _size(out)
    model.meta = {
        "name": "zhkg_ner",
        "version": MODEL_VERSION,
        "labels": list(LABELS),
        "data": {
            "train": settings["corpus"],
            "lexicons": {k: len(v) for k, v in words.items()},
            "train_sentences": len(data["train"]),
            "augmented_sentences": n_augmented,
            "dev_sentences": len(data["dev"]),
        },
        "settings": recipe(settings)["settings"],
        "scores": scores,
        "speed": speed,
        "size_bytes": size,
        "feature_seconds": round(t_feat, 1),
        "train_seconds": round(t_train, 1),
        "total_seconds": round(total, 1),
        "machine": MACHINE,
        "command": COMMAND,
    }
    _write_meta(out, model.meta)
    return {"scores": scores, "speed": speed, "size_bytes": size,
            "train_seconds": round(t_train, 1), "output": str(out)}  # fmt: skip


def score_model(
    model: CharNER, settings: dict[str, Any], dev: list[tuple[str, list[str]]]
) -> tuple[dict[str, Any], dict]:
    """The bare model's scores (dev, and the test sets of ``[evaluation]``) and speed."""
    scores: dict[str, Any] = {"dev": evaluate_sentences(model, dev)}
    ev = settings["evaluation"]
    if ev.get("msra_test"):
        scores["msra_test"] = evaluate_ner_corpus(model, resolve_model_path(ev["msra_test"]))
    if ev.get("uner_test"):
        scores["uner_test"] = evaluate_ner_corpus(
            model, resolve_model_path(ev["uner_test"]), fmt="uner"
        )
    speed = measure_speed(model, resolve_model_path(ev["msra_test"])) if ev.get("msra_test") else {}
    return scores, speed


def recipe(settings: dict[str, Any]) -> dict[str, Any]:
    """What decides a trained CRF: its corpora and its feature, lexicon, cluster and training
    settings (as its meta.json records them)."""
    return {
        "train": settings["corpus"],
        "settings": {
            "features": settings["features"],
            "training": settings["training"],
            "lexicons": settings["lexicons"],
            "clusters": settings.get("clusters", {}),
        },
    }


def train_soup(
    config_path: Path, output: Path | None = None, overrides: dict | None = None
) -> dict:
    """One CRF per ``[soup] members`` entry (overrides of the config), then their weights
    averaged (``CharNER.average``): the shipped model. A member already trained with its
    settings under ``[soup] member_dir`` is reused, so a soup can be rebuilt without
    retraining; the members themselves are not shipped."""
    t0 = time.time()
    settings = load_settings(config_path, overrides)
    soup = settings["soup"]
    out = resolve_model_path(output or settings["paths"]["output"])
    root = resolve_model_path(soup["member_dir"])
    models, members, metas = [], [], []
    for k, member in enumerate(soup["members"]):
        member_overrides = {**(overrides or {}), **member, "soup.members": []}
        wanted = recipe(load_settings(config_path, member_overrides))
        path = root / str(k)
        meta = _read_meta(path)
        if meta is None or _trained_recipe(meta) != wanted:
            log_msg(f"soup member {k} {member}: training into {path}")
            train_one(config_path, path, member_overrides)
            meta = _read_meta(path) or {}
        else:
            log_msg(f"soup member {k} {member}: reusing {path}")
        models.append(CharNER.from_disk(path))
        metas.append(meta)
        members.append({"overrides": member, "scores": meta["scores"],
                        "train_seconds": meta.get("train_seconds")})  # fmt: skip
    model = CharNER.average(models, soup.get("weights") or None)
    scores, speed = score_model(model, settings, msra_train_dev(settings["corpus"])[1])
    if out.exists():
        shutil.rmtree(out)
    model.to_disk(out)
    shutil.copytree(root / "0" / "lexicons", out / "lexicons")  # the members share them
    model.meta = {
        "name": "zhkg_ner",
        "version": MODEL_VERSION,
        "labels": list(LABELS),
        "data": metas[0].get("data", {}),  # the first member's; the others differ by overrides
        "settings": recipe(settings)["settings"],
        "soup": {"weights": soup.get("weights") or [1.0] * len(models), "members": members},
        "scores": scores,
        "speed": speed,
        "size_bytes": _size(out),
        "train_seconds": round(sum(m["train_seconds"] or 0 for m in members), 1),
        "total_seconds": round(time.time() - t0, 1),
        "machine": MACHINE,
        "command": COMMAND,
    }
    _write_meta(out, model.meta)
    return {"scores": scores, "speed": speed, "size_bytes": model.meta["size_bytes"],
            "members": members, "output": str(out)}  # fmt: skip


def _trained_recipe(meta: dict) -> dict[str, Any]:
    """``recipe`` as a trained model's meta.json records it."""
    return {"train": meta["data"]["train"], "settings": meta["settings"]}


def _read_meta(path: Path) -> dict | None:
    meta = path / "meta.json"
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else None


def _write_meta(path: Path, meta: dict) -> None:
    text = json.dumps(meta, ensure_ascii=False, indent=2)
    (path / "meta.json").write_text(text, encoding="utf-8")


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def log_msg(msg: str) -> None:
    print(f"[ner] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- evaluation


def evaluate_sentences(
    model: Any, data: list[tuple[str, list[str]]], labels: Iterable[str] | None = None
) -> dict:
    """Exact-span P/R/F1 per label and overall; a predicted GPE counts as LOC (MSRA style).
    ``model`` is anything with ``predict_many`` (the CRF, or the whole pipeline as
    ``pipeline.ner.evaluation.PipelineTagger`` wraps it); ``labels`` limits the scoring to
    those labels, gold and predicted (a corpus that does not annotate the others). The
    overall scores also say what kind of errors there are (``errors``): a gold name that no
    prediction touches, one found with other bounds or with another label, and predictions
    that touch no gold name; the first and the last are a matter of recall and precision,
    the middle two of conventions and boundaries."""
    keep = set(labels) if labels else None
    preds = model.predict_many([text for text, _ in data])
    counts: dict[str, list[int]] = {lab: [0, 0, 0] for lab in LABELS if not keep or lab in keep}
    errors = dict.fromkeys(("missed", "bounds", "label", "spurious"), 0)
    for (_, tags), pred in zip(data, preds, strict=True):
        gold = {(s, e, lab) for s, e, lab in bio_spans(tags) if not keep or lab in keep}
        got = {(s, e, "LOC" if lab == "GPE" else lab) for s, e, lab in pred}
        got = {g for g in got if not keep or g[2] in keep}
        for _, _, lab in gold:
            counts.setdefault(lab, [0, 0, 0])[2] += 1
        for s, e, lab in got:
            c = counts.setdefault(lab, [0, 0, 0])
            c[1] += 1
            if (s, e, lab) in gold:
                c[0] += 1
        _count_errors(errors, gold, got)
    result = {lab: span_prf(*c) for lab, c in counts.items()}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    result["overall"] = {**span_prf(*total), "errors": errors}
    result["sentences"] = len(data)
    return result


def _count_errors(
    errors: dict[str, int], gold: set[tuple[int, int, str]], got: set[tuple[int, int, str]]
) -> None:
    """Add one sentence's errors to ``errors`` (see :func:`evaluate_sentences`)."""
    spans = {(s, e) for s, e, _ in got}
    for s, e, _ in gold - got:
        if (s, e) in spans:
            errors["label"] += 1
        elif any(a < e and s < b for a, b in spans):
            errors["bounds"] += 1
        else:
            errors["missed"] += 1
    errors["spurious"] += sum(
        1 for s, e, _ in got if not any(a < e and s < b for a, b, _ in gold)
    )


def evaluate_ner_corpus(model: CharNER, path: Path, fmt: str = "bio") -> dict:
    """Score ``model`` on a gold corpus in one of the formats of ``read_ner_corpus``."""
    return evaluate_sentences(model, read_ner_corpus(path, fmt), SCORED_LABELS.get(fmt))


def measure_speed(model: CharNER, path: Path, repeats: int = 3) -> dict:
    """chars/s of ``predict_many`` over a corpus and of one ``predict`` call per sentence."""
    texts = [text for text, _ in read_char_bio(path)]
    n = sum(len(t) for t in texts)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        model.predict_many(texts)
        best = min(best, time.perf_counter() - t)
    t = time.perf_counter()
    for text in texts[:1000]:
        model.predict(text)
    single = time.perf_counter() - t
    n_single = sum(len(x) for x in texts[:1000])
    return {"predict_many_chars_per_s": round(n / best), "predict_chars_per_s":
            round(n_single / single), "corpus_chars": n, "threads": os.environ.get(
                "OMP_NUM_THREADS", "numpy default")}  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main("Train zhkg's NER model.", train_ner))
