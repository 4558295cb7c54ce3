"""Evaluation of predicted graphs against the document-level gold (gold/SCHEMA.md).

``graph_reader`` turns a JSON-LD graph into per-document predictions, ``scoring`` matches
them with the gold (P/R/F: :func:`~pipeline.evaluate.scoring.prf`), ``report`` prints the
figures, ``gold`` reads the gold; ``quantities`` scores the quantity recogniser alone.
"""

from __future__ import annotations

from .graph_reader import graph_to_predictions
from .report import format_report
from .scoring import evaluate_graph

__all__ = ["evaluate_graph", "format_report", "graph_to_predictions"]
