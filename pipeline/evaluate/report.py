"""The plain-text report of evaluation scores (``zhkg evaluate``)."""

from __future__ import annotations

from collections.abc import Mapping


def _pct(x: float | None) -> str:
    return "    -" if x is None else f"{100 * x:5.1f}"


def table_row(name: str, c: Mapping, width: int) -> str:
    """One line of a P/R/F table: gold and predicted counts, TP/FP/FN and the ratios in %."""
    gold, pred = c["tp"] + c["fn"], c["tp"] + c["fp"]
    return (
        f"{name:<{width}} {gold:>5} {pred:>5} {c['tp']:>5} {c['fp']:>5} {c['fn']:>5}  "
        f"{_pct(c['precision'])} {_pct(c['recall'])} {_pct(c['f1'])}"
    )


def table_header(first: str, width: int) -> str:
    """The column heads of :func:`table_row`, ``first`` over the name column."""
    return (f"{first:<{width}} {'gold':>5} {'pred':>5} {'TP':>5} {'FP':>5} {'FN':>5}  "
            f"{'P':>5} {'R':>5} {'F1':>5}")


def _fmt_rel(r: Mapping) -> str:
    extra = ", ".join(f"{k}={r[k]}" for k in ("predicate", "object", "approx", "place", "time")
                      if r.get(k))
    text = f"{r['subject']} {r['value']}{r['unit'] or ''}"
    text += f" ({extra})" if extra else ""
    return text + (f"  «{r['evidence']}»" if r.get("evidence") else "")


def _summary(scores: dict, width: int) -> list[str]:
    lines = [table_header("overall and by source", width)]
    rows = [("overall", scores["overall"])] + list(scores.get("sources", {}).items())
    for kind, title in (("entities", "entities"), ("relations", "relations (subj+value+unit)"),
                        ("quantities", "quantity-only (value+unit)")):
        lines.append(f"-- {title}")
        for name, agg in rows:
            c = agg[kind]["micro"] if kind == "entities" else agg[kind]
            lines.append(table_row(f"{name} ({agg['documents']})", c, width))
    # which stage to work on: the NER (a subject that is no entity) or the relation rules
    lines.append("-- relation errors by cause: missed | spurious")
    heads = ("no-ent", "unlinked", "other", "no-qty", "other")
    lines.append(f"{'':<{width}} " + " ".join(f"{h:>8}" for h in heads[:3]) + "  |"
                 + " ".join(f"{h:>8}" for h in heads[3:]))
    for name, agg in rows:
        causes = agg["relations"]["causes"]
        label = f"{name} ({agg['documents']})"
        missed = " ".join(f"{n:>8}" for n in causes["missed"].values())
        spurious = " ".join(f"{n:>8}" for n in causes["spurious"].values())
        lines.append(f"{label:<{width}} {missed}  |{spurious}")
    lines.append("-- entities by label (overall)")
    for lab, c in scores["overall"]["entities"]["labels"].items():
        lines.append(table_row(lab, c, width))
    return lines


def format_report(scores: dict, verbose: bool = False) -> str:
    """A plain-text summary: entity, relation and quantity-only figures overall and per
    source, entities per label. With ``verbose`` also the per-document tables and the missed
    and spurious items of each document."""
    docs = scores["documents"]
    width = max([len(d) for d in docs] + [len(f"{s} (000)") for s in scores.get("sources", {})]
                + [len("overall and by source")]) + 2
    lines = ["SUMMARY (micro; ENTITIES document-level sets, optional surfaces ignored)"]
    lines += _summary(scores, width)
    overall = scores["overall"]
    lines.append(f"ignored (optional): {overall['entities']['ignored']}   "
                 f"boilerplate extracted (FP): {overall['entities']['boilerplate_fp']}")
    agree = "  ".join(f"{a} {_pct(x).strip()}"
                      for a, x in overall["relations"]["attributes"].items())
    lines.append(f"attribute agreement on matched relations (%): {agree}")
    if scores.get("missing_documents"):
        missing = ", ".join(scores["missing_documents"])
        lines.append(f"gold documents missing from the graph: {missing}")
    if not verbose:
        return "\n".join(lines)
    lines += ["", "ENTITIES per document", table_header("document / label", width)]
    for doc, s in docs.items():
        e = s["entities"]
        lines.append(table_row(doc, e["micro"], width))
        for lab, c in e["labels"].items():
            if c["tp"] + c["fp"] + c["fn"]:
                lines.append(table_row(f"  {lab}", c, width))
    lines += ["", "RELATIONS per document (subject + value + unit)",
              table_header("document", width)]
    for doc, s in docs.items():
        lines.append(table_row(doc, s["relations"], width))
    lines += ["", "QUANTITY-ONLY per document (value + unit)", table_header("document", width)]
    for doc, s in docs.items():
        lines.append(table_row(doc, s["quantities"], width))
    for doc, s in docs.items():
        lines += ["", f"== {doc}"]
        lines.append("missed entities:   " + "  ".join(f"{t}/{lab}"
                     for t, lab in s["entities"]["missed"]))
        lines.append("spurious entities: " + "  ".join(f"{t}/{lab}"
                     for t, lab in s["entities"]["spurious"]))
        lines.append("missed relations:")
        lines += [f"  - {_fmt_rel(r)}" for r in s["relations"]["missed"]]
        lines.append("spurious relations:")
        lines += [f"  + {_fmt_rel(r)}" for r in s["relations"]["spurious"]]
        lines.append("quantities in no statement:")
        lines += [f"  - {r['value']}{r['unit'] or ''}  «{r.get('evidence') or ''}»"
                  for r in s["quantities"]["missed"]]
        lines.append("statements with no gold quantity:")
        lines += [f"  + {r['value']}{r['unit'] or ''}  «{r.get('evidence') or ''}»"
                  for r in s["quantities"]["spurious"]]
    return "\n".join(lines)

