"""HanLP's BiLSTM(-CRF) NER tagger with its CRF layer repaired. Imports hanlp and torch.

Only ``pipeline.ner.hanlp_backend`` (when a HanLP model is loaded) and the ``zhkg train
hanlp-ner`` command import this module, so that a default install never needs hanlp. Models
trained by zhkg store this class's path in their ``config.json``; ``hanlp.load`` imports it.

The bug (HanLP 2.1.5, any torch): ``RNNTaggingModel`` builds its CRF as
``CRF(n_out, crf_constraints)``, so ``crf_constraints=None`` lands in CRF's ``batch_first``
argument. The CRF then reads the (batch, time, tags) emissions as (time, batch, tags): the loss
and Viterbi decoding run across the sentences of a batch instead of along each sentence, and
the tagger scores F1 = 0 with ``crf=True`` (it looks like a mask problem but is not: the
boolean mask is fine). :class:`ZhkgRNNNER` sets ``batch_first = True`` after the model is built,
both when training and when loading. It also decodes tags to spans leniently: HanLP's
``iobes_tags_to_spans`` raises on the first invalid sequence (``O I-LOC``), which an
unconstrained CRF or a short training run does produce.
"""

from __future__ import annotations

from typing import Any

from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
from hanlp.components.taggers.rnn_tagger import RNNTagger
from torch import nn

from ..corpora import bio_spans


def fix_crf_batch_first(model: nn.Module) -> nn.Module:
    """Make every HanLP CRF layer inside ``model`` read batch-first tensors (see module doc)."""
    from hanlp.layers.crf.crf import CRF

    for module in model.modules():
        if isinstance(module, CRF):
            module.batch_first = True
    return model


class ZhkgRNNNER(RNNNamedEntityRecognizer):
    """``RNNNamedEntityRecognizer`` whose CRF decodes along each sentence."""

    def build_model(self, **kwargs: Any) -> nn.Module:  # see class doc
        return fix_crf_batch_first(super().build_model(**kwargs))

    def predict_data(self, data: list[list[str]], batch_size: int, **kwargs: Any) -> list:
        """(entity, type, start, end_exclusive) per sentence, as HanLP returns them, from
        BIO / BIOES tags decoded leniently (a stray I- or E- starts a span)."""
        outputs = RNNTagger.predict_data(self, data, batch_size, **kwargs)
        delimiter = self.config.token_delimiter or ""
        return [
            [(delimiter.join(tokens[s:e]), label, s, e) for s, e, label in bio_spans(tags)]
            for tokens, tags in zip(data, outputs, strict=True)
        ]
