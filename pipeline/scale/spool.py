"""The spool: one row per input of this run, on disk in the output directory.

Results arrive out of order (from workers, from the cache) and a corpus can be larger than
memory, so nothing per-document is kept in the process: each input becomes a row here (its
document IRI, id, source, result key and counts, or why it failed), and the graph is built
afterwards by reading the rows back in document-IRI order, which SQLite sorts on disk. The
spool is a private, throwaway file (``OUT/.zhkg-spool-PID``): no journal, no fsync; a killed
run leaves one behind (and perhaps a half-written output), which the next run in that
directory removes.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..graph.writer import temporary_owner
from ..result import DocError
from .store import Counts

PREFIX = ".zhkg-spool-"


class Spool:
    """The rows of one run, created empty in ``out_dir``."""

    def __init__(self, out_dir: Path) -> None:
        remove_stale(out_dir)
        self.dir = out_dir / f"{PREFIX}{os.getpid()}"  # an old one of ours went with the stale
        self.dir.mkdir()
        self._db = sqlite3.connect(self.dir / "docs.sqlite")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE docs (seq INTEGER PRIMARY KEY, doc_iri TEXT, id TEXT, source TEXT,"
            " key TEXT, n_chars INTEGER, n_entities INTEGER, n_statements INTEGER, reason TEXT)"
        )

    def done(self, seq: int, doc_iri: str, doc_id: str, source: str, key: str, counts: Counts
             ) -> None:
        """Input number ``seq`` was processed; its result is stored under ``key``."""
        self._db.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            (seq, doc_iri, doc_id, source, key, *counts),
        )

    def failed(self, seq: int, doc_id: str, source: str, reason: str) -> None:
        """Input number ``seq`` could not be read or processed."""
        self._db.execute(
            "INSERT INTO docs (seq, id, source, reason) VALUES (?, ?, ?, ?)",
            (seq, doc_id, source, reason),
        )

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM docs WHERE reason IS NULL").fetchone()[0]

    def groups(self) -> Iterator[list[tuple[str, str, str]]]:
        """Processed inputs as ``(id, source, key)``, grouped by document IRI (ascending)
        and in input order within a group (the same id twice is one document)."""
        rows = self._db.execute(
            "SELECT doc_iri, id, source, key FROM docs WHERE reason IS NULL ORDER BY doc_iri, seq"
        )
        for _, group in itertools.groupby(rows, key=lambda row: row[0]):
            yield [row[1:] for row in group]

    def processed(self) -> list[str]:
        """Ids of the processed inputs, in input order."""
        rows = self._db.execute("SELECT id FROM docs WHERE reason IS NULL ORDER BY seq")
        return [row[0] for row in rows]

    def failures(self) -> list[DocError]:
        """The failed inputs, in input order."""
        rows = self._db.execute(
            "SELECT id, source, reason FROM docs WHERE reason IS NOT NULL ORDER BY seq"
        )
        return [{"id": i, "source": s, "reason": r} for i, s, r in rows]

    def totals(self) -> Counts:
        """Characters, entity mentions and statements over the processed inputs."""
        row = self._db.execute(
            "SELECT SUM(n_chars), SUM(n_entities), SUM(n_statements) FROM docs"
        ).fetchone()
        return tuple(n or 0 for n in row)

    def digest(self, *extra: str) -> str:
        """A hash of every row in input order (plus ``extra``): equal digests, equal graphs."""
        digest = hashlib.sha256("|".join(extra).encode())
        for row in self._db.execute("SELECT id, source, key, reason FROM docs ORDER BY seq"):
            digest.update(repr(row).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def close(self) -> None:
        """Delete the spool."""
        self._db.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def remove_stale(out_dir: Path) -> None:
    """Delete the spools and half-written outputs that killed runs left in ``out_dir`` (those
    whose process is gone)."""
    for path in out_dir.glob(".*"):
        if path.name.startswith(PREFIX):
            pid = path.name[len(PREFIX):]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(path, ignore_errors=True)
        elif (owner := temporary_owner(path)) is not None and not _alive(owner):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier run in this process, or a recycled pid
    try:
        os.kill(pid, 0)  # PermissionError: alive, another user's
    except ProcessLookupError:
        return False
    return True
