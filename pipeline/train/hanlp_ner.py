"""Train the HanLP NER backend on MSRA with HanLP's own trainer (CPU, nothing downloaded).

Recipe: HanLP's BiLSTM-CRF character tagger (``RNNNamedEntityRecognizer``, via
:class:`pipeline.ner.hanlp_rnn.ZhkgRNNNER`, which repairs its CRF), character embeddings
learnt from scratch, BIOES tags over zhkg's labels (PERSON / ORG / LOC), the same MSRA
train/dev split as zhkg's CRF model. HanLP's trainers read ``char<TAB>tag`` TSV files, so the
corpus is written to a temporary folder first. The model folder gets HanLP's files
(``config.json``, ``model.pt``, ``vocabs.json``, ``train.log``) plus ``zhkg_meta.json`` and a
model card ``README.md`` with the settings, timings and test scores.

Run ``zhkg train hanlp-ner --config configs/train_hanlp_ner.cfg [--sentences N] [--epochs E]``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.ner.hanlp_backend import SPACE_TOKEN, HanLPCharNER, import_hanlp
from pipeline.paths import resolve_model_path
from pipeline.train.ner import evaluate_ner_corpus, msra_train_dev, to_bioes
from pipeline.train.script import load_settings

COMMAND = "zhkg train hanlp-ner --config configs/train_hanlp_ner.cfg"


def log_msg(msg: str) -> None:
    print(f"[hanlp-ner] {msg}", file=sys.stderr, flush=True)


def write_tsv(data: list[tuple[str, list[str]]], path: Path) -> int:
    """HanLP's tagging TSV (``char<TAB>tag``, blank line between sentences); BIOES tags.

    Whitespace characters would be eaten by HanLP's TSV reader, so they are written as
    ``SPACE_TOKEN``, which is what :class:`HanLPCharNER` feeds the model for them too.
    """
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for text, tags in data:
            for ch, tag in zip(text, to_bioes(tags), strict=True):
                fh.write(f"{SPACE_TOKEN if ch.isspace() else ch}\t{tag}\n")
                n += 1
            fh.write("\n")
    return n


def split_msra(settings: dict[str, Any], sentences: int | None) -> tuple[list, list]:
    """train / dev: the last ``dev_fraction`` of MSRA train is dev (as for zhkg's CRF)."""
    corpus = settings["corpus"]
    train, dev = msra_train_dev(corpus)
    cap = sentences or int(corpus.get("max_sentences") or 0)
    if cap:
        train = train[:cap]
        dev = dev[: max(50, min(len(dev), cap // 5))]  # keeps tiny runs quick
    return train, dev


def train_hanlp_ner(
    config_path: Path,
    output: Path | None = None,
    overrides: dict[str, Any] | None = None,
    sentences: int | None = None,
    epochs: int | None = None,
) -> dict[str, Any]:
    """Train, save to ``output`` (default: from the config), score on the test sets."""
    import_hanlp()  # a clear "pip install 'zhkg[hanlp]'" error before any work
    import torch

    from pipeline.ner.hanlp_rnn import ZhkgRNNNER

    settings = load_settings(config_path, overrides)
    model_s, train_s = settings["model"], settings["training"]
    if epochs:
        train_s["epochs"] = int(epochs)
    out = resolve_model_path(output or settings["paths"]["output"])
    if int(train_s.get("threads") or 0):
        torch.set_num_threads(int(train_s["threads"]))
    train, dev = split_msra(settings, sentences)
    log_msg(f"{len(train)} train / {len(dev)} dev sentences -> {out}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="zhkg-hanlp-") as tmp:
        trn_path, dev_path = Path(tmp) / "train.tsv", Path(tmp) / "dev.tsv"
        train_chars = write_tsv(train, trn_path)
        write_tsv(dev, dev_path)
        tagger = ZhkgRNNNER()
        tagger.fit(
            str(trn_path),
            str(dev_path),
            str(out),
            batch_size=int(train_s["batch_size"]),
            epochs=int(train_s["epochs"]),
            embed=int(model_s["embed"]),
            rnn_hidden=int(model_s["rnn_hidden"]),
            drop=float(model_s["drop"]),
            crf=bool(model_s["crf"]),
            tagging_scheme=str(model_s["tagging_scheme"]),
            lr=float(train_s["lr"]),
            anneal_factor=float(train_s["anneal_factor"]),
            anneal_patience=int(train_s["anneal_patience"]),
            patience=int(train_s["patience"]),
            devices=-1,
            seed=int(train_s["seed"]),
            verbose=False,
        )
    train_s_elapsed = time.perf_counter() - started
    ner = HanLPCharNER(tagger)
    scores: dict[str, Any] = {}
    for key, fmt in (("msra_test", "bio"), ("uner_test", "uner")):
        path = settings["evaluation"].get(key)
        if path and resolve_model_path(path).exists():
            scores[key] = evaluate_ner_corpus(ner, resolve_model_path(path), fmt=fmt)
            log_msg(f"{key}: {scores[key]['overall']}")
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    meta = {
        "backend": "hanlp",
        "command": COMMAND,
        "hanlp_class": "pipeline.ner.hanlp_rnn.ZhkgRNNNER",
        "train_sentences": len(train),
        "train_chars": train_chars,
        "dev_sentences": len(dev),
        "settings": settings,
        "train_seconds": round(train_s_elapsed, 1),
        "torch_threads": torch.get_num_threads(),
        "scores": scores,
        "size_bytes": size,
    }
    (out / "zhkg_meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    (out / "README.md").write_text(model_card(meta), encoding="utf-8")
    return {"output": str(out), "train_seconds": meta["train_seconds"], "scores": {
        k: v["overall"] for k, v in scores.items()}, "size_bytes": size}  # fmt: skip


def model_card(meta: dict[str, Any]) -> str:
    """A short model card: what was trained, how, how long, how well."""
    m, t = meta["settings"]["model"], meta["settings"]["training"]
    rows = "\n".join(
        f"| {k} | {v['overall']['p']:.4f} | {v['overall']['r']:.4f} | **{v['overall']['f']:.4f}** |"
        for k, v in meta["scores"].items()
    )
    return f"""# HanLP NER backend (`hanlp_ner`)

HanLP 2.1 BiLSTM-CRF character tagger trained by zhkg (`{meta["command"]}`); loaded by the
`hanlp_ner` component (`configs/hanlp.cfg`) through `pipeline.ner.hanlp_backend.HanLPCharNER`.
Needs `pip install 'zhkg[hanlp]'` (hanlp + torch 2.13.0 CPU).

- Data: MSRA train ({meta["train_sentences"]} sentences, {meta["train_chars"]} characters; the
  last 5% of the file is the dev split, {meta["dev_sentences"]} sentences), BIOES tags over
  PERSON / ORG / LOC. Research use (corpus licence).
- Model: char embeddings (dim {m["embed"]}) learnt from scratch (no pretrained embeddings),
  BiLSTM {m["rnn_hidden"]} per direction, dropout {m["drop"]}, CRF = {m["crf"]}.
- Training: {t["epochs"]} epochs max, batch {t["batch_size"]}, Adam lr {t["lr"]} (halved when dev
  F1 stalls for {t["anneal_patience"]} epoch), early stop after {t["patience"]} epochs without
  gain, seed {t["seed"]}, CPU, {meta["torch_threads"]} torch thread(s):
  {meta["train_seconds"]:.0f} s in all. The best dev epoch is kept.
- CRF fix: HanLP 2.1.5's `RNNTaggingModel` passes `crf_constraints=None` as the CRF's
  `batch_first` argument, so the CRF reads (batch, time) emissions as (time, batch) and
  scores F1 = 0 on dev with `crf=True` (verified here: 0.00 after 4 epochs on 5k sentences,
  versus 0.50 once fixed). `ZhkgRNNNER` (`pipeline/ner/hanlp_rnn.py`) sets
  `crf.batch_first = True` after building the model; its class path is stored in
  `config.json`, so `hanlp.load` rebuilds the fixed model.
- Size: {meta["size_bytes"] / 1e6:.1f} MB.

| test set | P | R | F1 |
| --- | --- | --- | --- |
{rows}

Exact-span scores of the bare tagger (`pipeline.train.ner.evaluate_ner_corpus`), before the
gazetteer merging the pipeline adds.
"""
