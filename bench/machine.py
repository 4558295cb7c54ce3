"""The machine a benchmark ran on, recorded beside its figures (one helper for every script)."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import psutil


def machine() -> dict:
    """CPU count, CPU model (from ``/proc/cpuinfo`` where there is one), memory and Python."""
    cpu = platform.processor() or "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip()
                   for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))  # fmt: skip
    except (OSError, StopIteration):
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu,
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version()}  # fmt: skip


def describe(info: dict) -> str:
    """One line for a table caption."""
    return (f"{info['nproc']} cores ({info['cpu']}), {info['memory_gb']} GB, "
            f"Python {info['python']}")  # fmt: skip
