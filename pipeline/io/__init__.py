"""Reading inputs (text, HTML, JSON Lines) robustly: see :mod:`pipeline.io.reader`."""

from __future__ import annotations

from .reader import InputDoc, InputError, InputSkipped, iter_inputs, read_file

__all__ = ["InputDoc", "InputError", "InputSkipped", "iter_inputs", "read_file"]
