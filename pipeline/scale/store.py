"""The result store: NLP results by content key, in one SQLite file.

Used as the persistent cache (``~/.cache/zhkg/results.sqlite``) and, with ``--no-cache``, as a
throwaway store inside the run's spool. SQLite because it gives what a cache shared by
concurrent and killed runs needs for free: every batch is one transaction (a run killed
mid-write leaves the store as it was before that batch), lookups by key need no index of our
own, and readers never see half a row. Each row keeps the counts the run report needs, so a
rerun that hits every document never decodes a result until it builds the graph.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

from ..result import DocResult

Counts = tuple[int, int, int]  # characters, entity mentions, statements


class CacheError(OSError):
    """The store cannot be opened or written; the message names the file."""


def result_counts(result: DocResult) -> Counts:
    return (
        int(result.get("n_chars") or 0),
        len(result.get("entities") or []),
        len(result.get("statements") or []),
    )


class ResultStore:
    """Text-derived results (:func:`pipeline.result.text_result`) keyed by content key."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, n_chars INTEGER,"
                " n_entities INTEGER, n_statements INTEGER, value BLOB)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as err:
            raise CacheError(f"{self.path}: cannot open the result cache ({err})") from err

    def counts(self, key: str) -> Counts | None:
        """The counts of the result stored under ``key``, or ``None`` if there is none."""
        row = self._db.execute(
            "SELECT n_chars, n_entities, n_statements FROM results WHERE key = ?", (key,)
        ).fetchone()
        return tuple(row) if row else None

    def get(self, key: str) -> DocResult:
        """The result stored under ``key`` (``KeyError`` if none)."""
        row = self._db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return json.loads(zlib.decompress(row[0]))

    def put(self, items: Iterable[tuple[str, DocResult]]) -> None:
        """Store results in one transaction."""
        rows = [
            (key, *result_counts(result),
             zlib.compress(json.dumps(result, ensure_ascii=False).encode("utf-8"), 1))
            for key, result in items
        ]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as err:
            raise CacheError(f"{self.path}: cannot write the result cache ({err})") from err

    def close(self) -> None:
        self._db.close()
