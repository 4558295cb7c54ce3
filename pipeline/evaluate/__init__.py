"""Evaluation of predicted graphs against the document-level gold (gold/SCHEMA.md)."""

from __future__ import annotations

from .seeds import evaluate_graph, format_report, graph_to_predictions

__all__ = ["evaluate_graph", "format_report", "graph_to_predictions"]
