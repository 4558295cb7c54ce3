"""How well the quantity recogniser alone does, before any relation is made.

Quantity-only F1 (:func:`~pipeline.evaluate.scoring.score_quantities`) scores the statements of
a graph, so it mixes two failures: a quantity that was never recognised and one that was
recognised but not linked to any subject. This diagnostic scores the first alone: the
quantity spans the pipeline finds (``doc.spans["quantities"]``) as a multiset of
(value, unit) per document against the multiset of the gold's quantity mentions: gold
relations with the same value, unit and evidence offsets are one mention linked to several
subjects (教育部、卫生部各派出20名专家) and count once. A range (3至5倍) is two gold
relations, one per bound, so a recognised range gives both bounds. Its recall is a ceiling
of quantity-only recall (less the mentions with several subjects); its precision is not a
ceiling (quantities about nothing named are rightly not in the gold), but the spurious list
shows what the parser wrongly takes for a quantity (dates, ordinals, codes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..graph.identity import simplify
from ..quantities.numerals import clean
from ..quantities.parser import Quantity
from .report import table_header, table_row
from .scoring import gold_relation, prf, source_of, sum_prf

if TYPE_CHECKING:
    from spacy.language import Language

Item = tuple[Decimal, str]


def quantity_items(q: Quantity) -> list[Item]:
    """The (value, unit) pairs a quantity states: both bounds of a range, else its value."""
    unit = simplify(q.unit or "")
    return [(value, unit) for value in q.values()]


def _view(item: Item) -> str:
    return f"{item[0]}{item[1]}"


def score_spans(gold: Mapping, found: Iterable[Item]) -> dict:
    """Multiset agreement of one document's recognised (value, unit) with its gold relations."""
    mentions = {
        (g["value"], g["unit"], r.get("begin"), r.get("end"), r.get("evidence"))
        for r in gold.get("relations", []) if (g := gold_relation(r))
    }
    golds = Counter((value, unit) for value, unit, *_ in mentions)
    pred = Counter((clean(Decimal(v)), simplify(u)) for v, u in found)
    tp = golds & pred
    missed, spurious = golds - pred, pred - golds
    return {
        **prf(sum(tp.values()), sum(spurious.values()), sum(missed.values())),
        "missed": sorted(_view(x) for x in missed.elements()),
        "spurious": sorted(_view(x) for x in spurious.elements()),
    }


def evaluate_spans(gold_records: Iterable[Mapping], found: Mapping[str, list[Item]]) -> dict:
    """Per document, per source and overall; a gold document with nothing found scores as
    if no quantity was recognised."""
    documents = {
        g["doc"]: score_spans(g, found.get(g["doc"], [])) for g in gold_records
    }
    by_source: dict[str, list[dict]] = defaultdict(list)
    for doc, d in documents.items():
        by_source[source_of(doc)].append(d)
    return {
        "documents": documents,
        "overall": sum_prf(documents.values()),
        "sources": {src: sum_prf(ds) for src, ds in sorted(by_source.items())},
    }


def recognise(texts_dir: Path, docs: Iterable[str], nlp: Language) -> dict[str, list[Item]]:
    """The (value, unit) items of ``doc.spans["quantities"]`` for each named file of
    ``texts_dir``, through the whole pipeline ``nlp`` (boilerplate and script handling
    included, as ``zhkg run`` sees them)."""
    from ..io.reader import InputDoc, iter_inputs

    wanted = set(docs)
    inputs = [
        item for item in iter_inputs([texts_dir / d for d in sorted(wanted)])
        if isinstance(item, InputDoc)
    ]
    out: dict[str, list[Item]] = {}
    for item, doc in zip(inputs, nlp.pipe(i.text for i in inputs), strict=True):
        items = [x for span in doc.spans.get("quantities", []) for x in quantity_items(
            span._.quantity)]
        out[Path(item.id).name] = items
    return out


def format_spans_report(scores: dict, verbose: bool = False) -> str:
    """Overall and per-source figures; with ``verbose`` the missed and spurious items."""
    width = max([len(s) for s in scores["sources"]] + [len(d) for d in scores["documents"]]
                + [len("recognised quantity spans")]) + 2
    lines = ["QUANTITY SPANS (value + unit of doc.spans['quantities'] against the gold "
             "relations' value + unit, per document, as multisets)",
             table_header("recognised quantity spans", width),
             table_row("overall", scores["overall"], width)]
    lines += [table_row(src, c, width) for src, c in scores["sources"].items()]
    if verbose:
        for doc, s in scores["documents"].items():
            if s["missed"] or s["spurious"]:
                lines += [f"== {doc}", "  missed:   " + "  ".join(s["missed"]),
                          "  spurious: " + "  ".join(s["spurious"])]
    return "\n".join(lines)
