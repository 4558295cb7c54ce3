"""Train, compress and score zhkg's Chinese word segmenter (a spacy-pkuseg CRF model).

zhkg ships its own segmenter because nothing may be downloaded at run time and the
segmentation standard should be documented: it is trained on People's Daily 1998 (the PKU
standard) with a seeded, single-core recipe that fits in ~40 minutes, then shrunk (training-only
data dropped, near-zero features pruned) so that the model stays small enough to ship.

A user dictionary of place and organisation names (from the gazetteer and the SASAC list) is
written next to the model; spacy-pkuseg applies it by forward maximum match before the CRF runs,
so that names the NER and linking steps look up stay one token.

Run ``python -m pipeline.train.segmenter configs/train_segmenter.cfg`` or
``zhkg train segmenter --config configs/train_segmenter.cfg``.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import random
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import srsly

from pipeline.evaluate.scoring import prf
from pipeline.paths import resolve_model_path
from pipeline.train import places
from pipeline.train.script import load_settings, main

MODEL_VERSION = "0.1.0"
COMMAND = "zhkg train segmenter --config configs/train_segmenter.cfg"
MODEL_FILES = ("features.msgpack", "weights.npz")
USER_DICT_NAME = "user_dict.txt"

ORG_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")
MD_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")


# --------------------------------------------------------------------------- corpus


def read_segmented(path: Path) -> list[str]:
    """Lines of a space-separated corpus (gzip or not), stripped, empty ones dropped.

    CRLF line ends and runs of spaces (the icwb2 gold files use two) are normalised to single
    spaces, which is what pkuseg's trainer expects.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        lines = (" ".join(line.split()) for line in handle)
        return [line for line in lines if line]


def split_corpus(
    settings: dict[str, Any], rng: random.Random
) -> tuple[list[str], list[str], list[str]]:
    """Train, dev and held-out test paragraphs from the pd1998 folds.

    Dev is carved from the train folds after a seeded shuffle so that it follows the training
    distribution; the test fold is never touched by training. The train part is capped in
    characters because training time is linear in them.
    """
    corpus = settings["corpus"]
    pattern = str(corpus["fold_pattern"])
    train_pool: list[str] = []
    for fold in corpus["train_folds"]:
        train_pool.extend(read_segmented(resolve_model_path(pattern.format(fold=fold))))
    rng.shuffle(train_pool)
    n_dev = int(corpus["dev_lines"])
    dev, train = train_pool[:n_dev], train_pool[n_dev:]
    train = cap_chars(train, int(corpus.get("max_train_chars", 0)))
    test_path = resolve_model_path(pattern.format(fold=corpus["test_fold"]))
    return train, dev, read_segmented(test_path)


def cap_chars(lines: list[str], max_chars: int) -> list[str]:
    """The first lines holding at most ``max_chars`` characters (spaces not counted)."""
    if max_chars <= 0:
        return lines
    kept, total = [], 0
    for line in lines:
        n = len(line) - line.count(" ")
        if total + n > max_chars:
            break
        kept.append(line)
        total += n
    return kept


def count_chars(lines: Iterable[str]) -> int:
    return sum(len(line) - line.count(" ") for line in lines)


def write_lines(path: Path, lines: Iterable[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- training


def run_pkuseg_training(
    train_file: Path, dev_file: Path, model_dir: Path, settings: dict[str, Any], log_file: Path
) -> list[float]:
    """Train with spacy_pkuseg.train, seeded; return the dev F1 after each iteration.

    pkuseg keeps its settings in a module-level ``config`` object and shuffles with the global
    ``random`` module, so both are set here (and the config restored afterwards). Its chatty
    stdout goes to ``log_file``.
    """
    import spacy_pkuseg
    from spacy_pkuseg.config import config as pkuseg_config

    training = settings["training"]
    seed = int(training["seed"])
    random.seed(seed)
    np.random.seed(seed)
    saved = {name: getattr(pkuseg_config, name) for name in ("featureTrim", "random")}
    pkuseg_config.featureTrim = int(training["feature_trim"])
    pkuseg_config.random = 0  # zero-initialised weights: deterministic
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            spacy_pkuseg.train(
                str(train_file), str(dev_file), str(model_dir),
                train_iter=int(training["iterations"]),
            )  # fmt: skip
    finally:
        for name, value in saved.items():
            setattr(pkuseg_config, name, value)
        log_file.write_text(buffer.getvalue(), encoding="utf-8")
    return [float(m) / 100 for m in re.findall(r"f-score=([\d.]+)%", buffer.getvalue())]


def compress_model(src: Path, dst: Path, prune_threshold: float) -> dict[str, int]:
    """Copy a trained model to ``dst``, keeping only what decoding needs.

    The word-bigram list in features.msgpack only serves to build features during training
    (decoding looks features up by name), so it is dropped. Features whose weights are all
    below ``prune_threshold`` change no decision worth keeping and are removed, re-indexing the
    rest. Weights are saved compressed (np.load reads both forms).
    """
    features = srsly.read_msgpack(src / "features.msgpack")
    with np.load(src / "weights.npz") as npz:
        n_tag, n_feature = (int(x) for x in npz["sizes"])
        weights = npz["w"]
    node = weights[: n_tag * n_feature].reshape(n_feature, n_tag)
    edge = weights[n_tag * n_feature :]
    keep = np.abs(node).max(axis=1) >= prune_threshold if prune_threshold > 0 else None
    if keep is not None:
        keep[0] = True  # feature 0 is the always-on bias ("$$"), used as a fallback
    by_idx = sorted(features["feature_to_idx"].items(), key=lambda kv: kv[1])
    names = [name for name, _ in by_idx]
    if keep is not None:
        names = [name for name, k in zip(names, keep, strict=True) if k]
        node = node[keep]
    features["feature_to_idx"] = {name: i for i, name in enumerate(names)}
    features["bigram"] = []
    dst.mkdir(parents=True, exist_ok=True)
    srsly.write_msgpack(dst / "features.msgpack", features)
    new_weights = np.concatenate([node.reshape(-1), edge])
    sizes = np.array([n_tag, len(names)])
    np.savez_compressed(dst / "weights.npz", sizes=sizes, w=new_weights)
    return {"features_trained": n_feature, "features_kept": len(names)}


def model_size_bytes(model_dir: Path) -> int:
    return sum((model_dir / name).stat().st_size for name in MODEL_FILES)


# --------------------------------------------------------------------------- user dictionary


def place_words(gazetteer: Path, min_short: dict[str, int]) -> tuple[set[str], set[str]]:
    """Full names, and their short forms with too-short ones dropped.

    ``min_short`` maps a level to the shortest short form kept. One-character forms (川, 木)
    would over-match everywhere; two-character county and township forms (公安, 资源, 和平,
    南部) are common words that forward maximum match would force out of longer words, so
    those levels need longer forms (木里县 stays, 木里 goes).
    """
    full: set[str] = set()
    short: set[str] = set()
    for name, level in places.gazetteer_entries(gazetteer):
        full.add(name)
        short.update(
            form for form in places.short_forms(name, level) if len(form) >= min_short[level]
        )
    return full, short - full


def org_words(orgs_csv: Path) -> set[str]:
    """Full names, listed short names, and full names minus 有限公司 (中国核工业集团)."""
    words: set[str] = set()
    with open(orgs_csv, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = split_org_field(row.get("full_name") or "")
            names += split_org_field(row.get("short_name_laosheng") or "")
            words.update(names)
            for name in names:
                for suffix in ORG_SUFFIXES:
                    if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                        words.add(name[: -len(suffix)])
                        break
    return words


def split_org_field(field: str) -> list[str]:
    """Names in one CSV cell: markdown links keep their text, ``[...]`` holds another name.

    e.g. ``中国旅游集团有限公司[香港中旅（集团）有限公司]`` gives both names and
    ``[中国资环](http://...)`` gives 中国资环.
    """
    field = MD_LINK_RE.sub(r"\1", field)
    return [name.strip() for name in re.split(r"[\[\];；、|]", field) if len(name.strip()) >= 2]


def conflicting_words(
    words: set[str], corpus: Iterable[str], min_count: int, max_ratio: float
) -> set[str]:
    """Dictionary words that the segmented corpus mostly does not treat as a word.

    Forward maximum match would force such a string into one token wherever it occurs (e.g. a
    street short form that is also a common character sequence across two words), so a word
    seen at least ``min_count`` times whose word share is below ``max_ratio`` is a conflict.
    Words the corpus never shows are kept: the dictionary is there for what the corpus lacks.
    """
    lengths = sorted({len(w) for w in words})
    as_text: dict[str, int] = dict.fromkeys(words, 0)
    as_word: dict[str, int] = dict.fromkeys(words, 0)
    for line in corpus:
        for token in line.split():
            if token in as_word:
                as_word[token] += 1
        text = line.replace(" ", "")
        for n in lengths:
            for i in range(len(text) - n + 1):
                sub = text[i : i + n]
                if sub in as_text:
                    as_text[sub] += 1
    return {
        w for w in words if as_text[w] >= min_count and as_word[w] / as_text[w] < max_ratio
    }


def build_user_dict(settings: dict[str, Any], corpus: list[str], path: Path) -> dict[str, int]:
    """Write the place/org user dictionary (one word per line, sorted); return its counts."""
    ud = settings["user_dict"]
    min_short = {
        "province": int(ud["min_short_len"]),
        "city": int(ud["min_short_len"]),
        "county": int(ud["area_min_short_len"]),
        "township": int(ud["street_min_short_len"]),
    }
    full, short = place_words(resolve_model_path(ud["gazetteer"]), min_short)
    orgs = org_words(resolve_model_path(ud["orgs"]))
    words = {w for w in full | short | orgs if not any(c.isspace() for c in w)}
    # Every name is checked against the corpus, official ones too: the pipeline joins model
    # words into dictionary words, so a name that the training standard splits (凉山 彝族
    # 自治州) would only undo the model's segmentation. NER tags characters and the gazetteer
    # reads text, so neither needs a name to be one token.
    dropped = conflicting_words(
        words, corpus, int(ud["conflict_min_count"]), float(ud["conflict_max_ratio"])
    )
    kept = sorted(words - dropped)
    write_lines(path, kept)
    return {
        "place_full_names": len(full), "place_short_forms": len(short), "orgs": len(orgs),
        "dropped_conflicts": len(dropped), "kept": len(kept),
    }  # fmt: skip


# --------------------------------------------------------------------------- evaluation


def word_spans(words: Iterable[str]) -> set[tuple[int, int]]:
    """Words as (start, end) character offsets: the SIGHAN way to compare segmentations."""
    spans, start = set(), 0
    for word in words:
        spans.add((start, start + len(word)))
        start += len(word)
    return spans


def load_segmenter(model_dir: Path, user_dict: Path | None = None):
    """A spacy_pkuseg.pkuseg for a local model dir: the reference decoder (the pipeline runs
    ``pipeline.segment.fast_pkuseg``). With a user dict, pkuseg also merges words from its
    bundled default dictionary after decoding (the ``user_dict`` use of ``DICT_USES``)."""
    import spacy_pkuseg

    return spacy_pkuseg.pkuseg(
        model_name=str(model_dir), user_dict=str(user_dict) if user_dict else None
    )


# How the user dictionary is applied when scoring: none; spacy-pkuseg with its default-
# dictionary merge; cut out before decoding (pkuseg's way, without that merge); joined from
# model words afterwards (``dict_mode = "merge"``, as configs/default.cfg loads it).
DICT_USES = ("no_dict", "user_dict", "user_dict_only", "user_dict_merge")


def make_cutter(
    model_dir: Path, user_dict: Path | None, use: str
) -> Callable[[list[str]], list[list[str]]]:
    """Segment a list of texts with the model and the dictionary used as ``use`` says."""
    from pipeline.segment.fast_pkuseg import FastPkuseg

    if use == "user_dict":
        seg = load_segmenter(model_dir, user_dict)
        return lambda texts: [seg.cut(text) for text in texts]
    dict_path = str(user_dict) if user_dict and use != "no_dict" else None
    mode = "merge" if use == "user_dict_merge" else "split"
    return FastPkuseg(model_dir, dict_path, mode).cut_many


def evaluate_segmenter(
    model_dir: Path,
    gold_file: Path,
    user_dict: Path | None = None,
    *,
    max_lines: int | None = None,
    use: str = "user_dict_merge",
) -> dict:
    """Word precision/recall/F1 of the model on a space-separated gold file (SIGHAN scoring).

    Each gold line is joined into raw text, segmented, and both segmentations are compared as
    sets of character-offset spans. ``use`` (one of ``DICT_USES``) says how ``user_dict`` is
    applied; without a dictionary the plain model is scored. Returns the scores with word
    counts and speed.
    """
    if use not in DICT_USES:
        raise ValueError(f"use must be one of {DICT_USES}, not {use!r}")
    cut_many = make_cutter(Path(model_dir), user_dict, use if user_dict else "no_dict")
    lines = read_segmented(Path(gold_file))[: max_lines or None]
    texts = ["".join(line.split()) for line in lines]
    start = time.perf_counter()
    preds = cut_many(texts)
    seconds = time.perf_counter() - start
    n_correct = n_pred = n_gold = 0
    for line, text, pred in zip(lines, texts, preds, strict=True):
        if "".join(pred) != text:
            raise ValueError(f"segmenter changed the text of line: {text[:40]}")
        gold_spans, pred_spans = word_spans(line.split()), word_spans(pred)
        n_correct += len(gold_spans & pred_spans)
        n_pred += len(pred_spans)
        n_gold += len(gold_spans)
    n_chars = sum(len(text) for text in texts)
    counts = prf(n_correct, n_pred - n_correct, n_gold - n_correct)
    scores: dict[str, Any] = {
        key: round(counts[key] or 0.0, 4) for key in ("precision", "recall", "f1")
    }
    scores.update(
        lines=len(lines), gold_words=n_gold, chars=n_chars,
        chars_per_second=round(n_chars / seconds) if seconds else None,
    )  # fmt: skip
    return scores


def score_all(
    model_dir: Path, user_dict: Path, settings: dict[str, Any], test_file: Path
) -> dict[str, dict[str, Any]]:
    """Scores on PKU and MSR test and the held-out fold, for every use of the user dict."""
    ev = settings["evaluation"]
    golds = {
        "pku_test": resolve_model_path(ev["pku_gold"]),
        "msr_test": resolve_model_path(ev["msr_gold"]),
        "pd1998_heldout": test_file,
    }
    max_lines = {"pd1998_heldout": int(ev.get("test_max_lines", 0)) or None}
    return {
        name: {
            use: evaluate_segmenter(
                model_dir, gold, user_dict, max_lines=max_lines.get(name), use=use
            )  # fmt: skip
            for use in DICT_USES
        }
        for name, gold in golds.items()
        if gold.exists()
    }


# --------------------------------------------------------------------------- entry points


def train_segmenter(
    config_path: Path, output: Path | None = None, overrides: dict | None = None
) -> dict:
    """Train the segmenter as ``config_path`` says, save it to ``output``, return scores.

    Writes ``features.msgpack``, ``weights.npz``, ``user_dict.txt`` and ``meta.json`` to the
    output dir (default: ``paths.output`` of the config). Training is seeded and single-process.
    """
    settings = load_settings(Path(config_path), overrides)
    out = Path(output) if output else resolve_model_path(settings["paths"]["output"])
    rng = random.Random(int(settings["training"]["seed"]))
    t0 = time.perf_counter()
    train, dev, test = split_corpus(settings, rng)
    with tempfile.TemporaryDirectory(prefix="zhkg-seg-") as tmp_name:
        tmp = Path(tmp_name)
        train_file = write_lines(tmp / "train.txt", train)
        dev_file = write_lines(tmp / "dev.txt", dev)
        test_file = write_lines(tmp / "test.txt", test)
        raw_dir = tmp / "raw_model"
        t1 = time.perf_counter()
        dev_curve = run_pkuseg_training(train_file, dev_file, raw_dir, settings, tmp / "log.txt")
        train_seconds = time.perf_counter() - t1
        if out.exists():
            shutil.rmtree(out)
        pruning = compress_model(raw_dir, out, float(settings["training"]["prune_threshold"]))
        dict_counts = build_user_dict(settings, train, out / USER_DICT_NAME)
        total_seconds = time.perf_counter() - t0
        scores = score_all(out, out / USER_DICT_NAME, settings, test_file)
    result = {
        "scores": scores,
        "dev_f1_per_iteration": dev_curve,
        "train_seconds": round(train_seconds, 1),
        "total_seconds": round(total_seconds, 1),
        "size_bytes": model_size_bytes(out),
        "data": {
            "train_lines": len(train),
            "train_chars": count_chars(train),
            "dev_lines": len(dev),
            "test_lines": len(test),
        },  # fmt: skip
        "pruning": pruning,
        "user_dict": dict_counts,
    }
    write_meta(out, settings, result, overrides)
    return result


def write_meta(
    out: Path, settings: dict[str, Any], result: dict[str, Any], overrides: dict | None
) -> None:
    """meta.json: what the model is, how it was made, how well it does."""
    meta = {
        "name": "zhkg_segmenter",
        "version": MODEL_VERSION,
        "type": "spacy-pkuseg CRF word segmenter (PKU standard)",
        "data": {
            "train": "People's Daily 1998 (pd1998) folds "
            f"{settings['corpus']['train_folds']} (research use only)",
            "heldout_test": f"pd1998 fold {settings['corpus']['test_fold']}",
            **result["data"],
        },
        "settings": settings,
        "overrides": overrides or {},
        "scores": result["scores"],
        "dev_f1_per_iteration": result["dev_f1_per_iteration"],
        "size_bytes": result["size_bytes"],
        "pruning": result["pruning"],
        "user_dict": {"file": USER_DICT_NAME, **result["user_dict"]},
        "train_seconds": result["train_seconds"],
        "total_seconds": result["total_seconds"],
        "machine": "CPU, 1 process (2-core machine shared with other jobs)",
        "command": COMMAND,
        "load": "pipeline.segment.fast_pkuseg.FastPkuseg('models/segmenter', "
        f"'models/segmenter/{USER_DICT_NAME}', dict_mode='merge'); reference: "
        "spacy_pkuseg.pkuseg(model_name='models/segmenter', "
        f"user_dict='models/segmenter/{USER_DICT_NAME}')",
    }
    srsly.write_json(out / "meta.json", meta)


if __name__ == "__main__":
    raise SystemExit(main("Train zhkg's word segmenter.", train_segmenter))
