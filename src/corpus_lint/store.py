"""The signature store: per-document signatures kept between runs, in SQLite.

Corpus rules (near-duplicate documents, paragraphs shared across documents) compare
every document with every other.  A pre-commit run passes only the files that
changed; to compare them with the rest of the corpus without re-reading it, the
signatures of earlier runs are kept here, under the cache directory
(``<config root>/.corpus-lint-cache/signatures.sqlite`` unless configured).

* Rows are keyed by rule namespace (rule code and the options that shape the
  signature), file path (relative to the folder holding the cache directory, so a
  corpus moved together with its cache keeps its store), and document index; each
  row holds the document id and a digest of its text.  Only files under that folder
  are kept: the store belongs to one corpus, not to every file a run was pointed
  at.  A run replaces the rows of every file it linted: edited files replace their
  old entries, documents gone from a JSONL shard disappear.
* Each file's size, modification time and content digest are kept too.  A stored
  document takes part in a join only when its file still exists and is unchanged:
  same size and time, or, when the time changed (a fresh clone), the same digest.
  Stale rows are dropped as they are met.
* Two runs may race: the database is in WAL mode, writes happen in one
  ``BEGIN IMMEDIATE`` transaction, and a busy database is waited for.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from corpus_lint.api import DocRef

log = logging.getLogger("corpus_lint")

SCHEMA_VERSION = "2"
DB_NAME = "signatures.sqlite"
_BUSY_TIMEOUT_S = 60.0


class StoreError(Exception):
    """The store could not be opened or written (the run goes on without it)."""


Parts = tuple[bytes, bytes, bytes]
"""A stored signature: up to three byte strings, as the detector packs it."""

_FEW = 500
"""Up to this many files, rows are looked up per file; beyond, the table is scanned."""


@dataclass(slots=True)
class StoredRows:
    """Documents of earlier runs, column by column (cheap for 10^5-10^6 rows)."""

    keys: list[str] = field(default_factory=list)
    """File paths as the store keys them (rows are sorted by key, then index)."""
    index: list[int] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    source_lines: list[int | None] = field(default_factory=list)
    a: list[bytes] = field(default_factory=list)
    b: list[bytes] = field(default_factory=list)
    c: list[bytes] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.keys)


def file_digest(path: str) -> bytes | None:
    h = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.digest()


class SignatureStore:
    """One SQLite database under ``cache_dir``; open it with :meth:`open`."""

    def __init__(self, conn: sqlite3.Connection, root: str) -> None:
        self.conn = conn
        self.root = root
        self._fresh: dict[str, bool] = {}

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, cache_dir: str) -> SignatureStore:
        try:
            os.makedirs(cache_dir, exist_ok=True)
            ignore = os.path.join(cache_dir, ".gitignore")
            if not os.path.exists(ignore):
                with contextlib.suppress(OSError), open(ignore, "w", encoding="utf-8") as fh:
                    fh.write("# corpus-lint's signature store\n*\n")
            conn = sqlite3.connect(
                os.path.join(cache_dir, DB_NAME), timeout=_BUSY_TIMEOUT_S, isolation_level=None
            )
            conn.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            store = cls(conn, os.path.dirname(os.path.abspath(cache_dir)))
            store._create()
            return store
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the signature store in {cache_dir}: {exc}") from exc

    def _create(self) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = c.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                c.execute("DROP TABLE IF EXISTS sigs")
                c.execute("DROP TABLE IF EXISTS files")
                c.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            c.execute(
                "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER,"
                " size INTEGER, digest BLOB)"
            )
            c.execute(
                "CREATE TABLE IF NOT EXISTS sigs (namespace TEXT NOT NULL, path TEXT NOT NULL,"
                " idx INTEGER NOT NULL, doc_id TEXT NOT NULL, source_line INTEGER,"
                " content BLOB NOT NULL, a BLOB, b BLOB, c BLOB,"
                " PRIMARY KEY (namespace, path, idx)) WITHOUT ROWID"
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> SignatureStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- paths -------------------------------------------------------------------

    def key_of(self, display_path: str) -> str:
        """The store's key for a path as the run displays it (relative to the cwd)."""
        return os.path.relpath(os.path.abspath(display_path), self.root).replace(os.sep, "/")

    @staticmethod
    def inside(key: str) -> bool:
        """Whether a key names a file under the store's root (only those are kept: a
        store belongs to one corpus, not to every file a run was pointed at)."""
        return not (key.startswith("../") or key == ".." or os.path.isabs(key))

    def display_of(self, key: str) -> str:
        full = os.path.normpath(os.path.join(self.root, key))
        try:
            rel = os.path.relpath(full)
        except ValueError:  # another drive (Windows)
            return full.replace(os.sep, "/")
        return rel.replace(os.sep, "/")

    # -- writing -----------------------------------------------------------------

    def sync(
        self,
        namespace: str,
        docs: Iterable[tuple[DocRef, bytes, Parts | None]],
        paths: Iterable[str],
    ) -> None:
        """Make the store's rows for ``paths`` (display paths linted in this run) be
        exactly ``docs``: (reference, content digest, signature parts or None)."""
        by_key: dict[str, list[tuple[DocRef, bytes, Parts | None]]] = {}
        for ref, content, parts in docs:
            by_key.setdefault(self.key_of(ref.path), []).append((ref, content, parts))
        keys: dict[str, str] = {}
        for p in paths:
            if p == "-" or not os.path.isfile(p):
                continue  # stdin, or nothing on disk to compare with later
            key = self.key_of(p)
            if self.inside(key):
                keys[key] = p
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            try:
                existing: dict[tuple[str, int], tuple[str, bytes]] = {}
                for path, idx, doc_id, content in self._rows(
                    "SELECT path, idx, doc_id, content FROM sigs WHERE namespace = ?",
                    (namespace,),
                    keys,
                ):
                    existing[(path, idx)] = (doc_id, content)
                upserts = []
                keep: set[tuple[str, int]] = set()
                for key in keys:
                    for ref, content, parts in by_key.get(key, ()):
                        keep.add((key, ref.index))
                        if existing.get((key, ref.index)) == (ref.id, content):
                            continue
                        a, b, cc = parts if parts is not None else (None, None, None)
                        upserts.append(
                            (namespace, key, ref.index, ref.id, ref.source_line, content, a, b, cc)
                        )
                gone = [(namespace, p, i) for (p, i) in existing if (p, i) not in keep]
                if gone:
                    c.executemany(
                        "DELETE FROM sigs WHERE namespace = ? AND path = ? AND idx = ?", gone
                    )
                if upserts:
                    c.executemany(
                        "INSERT OR REPLACE INTO sigs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", upserts
                    )
                self._record_files(keys)
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"cannot update the signature store: {exc}") from exc

    def _rows(self, sql: str, params: tuple[Any, ...], keys: dict[str, str]) -> Iterator[Any]:
        """Rows of ``sql`` (whose first column is the path) for the files ``keys``:
        looked up file by file when they are few, else by one scan."""
        if len(keys) <= _FEW:
            for key in keys:
                yield from self.conn.execute(f"{sql} AND path = ?", (*params, key))
        else:
            for row in self.conn.execute(sql, params):
                if row[0] in keys:
                    yield row

    def _record_files(self, keys: dict[str, str]) -> None:
        known: dict[str, tuple[int, int]] = {
            path: (mtime_ns, size)
            for path, mtime_ns, size in self._rows(
                "SELECT path, mtime_ns, size FROM files WHERE 1", (), keys
            )
        }
        rows = []
        for key, display in keys.items():
            try:
                st = os.stat(display)
            except OSError:
                continue
            if known.get(key) == (st.st_mtime_ns, st.st_size):
                continue
            rows.append((key, st.st_mtime_ns, st.st_size, file_digest(display)))
        if rows:
            self.conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", rows)

    # -- reading -----------------------------------------------------------------

    def others(self, namespace: str, exclude: Iterable[str]) -> StoredRows:
        """Stored documents of files not linted in this run (``exclude``: display paths),
        sorted by file key and index; only rows with a signature."""
        excluded = {self.key_of(p) for p in exclude}
        try:
            cursor = self.conn.execute(
                "SELECT path, idx, doc_id, source_line, a, b, c FROM sigs"
                " WHERE namespace = ? AND a IS NOT NULL ORDER BY path, idx",
                (namespace,),
            )
            rows = cursor.fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the signature store: {exc}") from exc
        out = StoredRows()
        if not rows:
            return out
        skip = {p for p in {r[0] for r in rows} if p in excluded or not self.inside(p)}
        if skip:
            rows = [r for r in rows if r[0] not in skip]
        if rows:
            cols = list(zip(*rows, strict=True))
            out.keys, out.index, out.ids, out.source_lines = (
                list(cols[0]),
                list(cols[1]),
                list(cols[2]),
                list(cols[3]),
            )
            out.a, out.b, out.c = list(cols[4]), list(cols[5]), list(cols[6])
        return out

    def ref(self, rows: StoredRows, i: int) -> DocRef:
        """The reference of stored row ``i``, with the path as this run shows paths."""
        return DocRef(
            self.display_of(rows.keys[i]), rows.ids[i], rows.index[i], rows.source_lines[i]
        )

    def is_fresh(self, key: str) -> bool:
        """Whether a stored file still exists unchanged (checked once per run)."""
        cached = self._fresh.get(key)
        if cached is not None:
            return cached
        fresh = self._check(key)
        self._fresh[key] = fresh
        return fresh

    def _check(self, key: str) -> bool:
        full = os.path.join(self.root, key)
        try:
            st = os.stat(full)
            row = self.conn.execute(
                "SELECT mtime_ns, size, digest FROM files WHERE path = ?", (key,)
            ).fetchone()
        except (OSError, sqlite3.Error):
            self._drop(key)
            return False
        if row is None:
            return False
        mtime_ns, size, digest = row
        if (mtime_ns, size) == (st.st_mtime_ns, st.st_size):
            return True
        if size == st.st_size and digest is not None and file_digest(full) == digest:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute(
                    "UPDATE files SET mtime_ns = ? WHERE path = ?", (st.st_mtime_ns, key)
                )
            return True
        self._drop(key)
        return False

    def _drop(self, key: str) -> None:
        """Forget a file that is gone or changed since it was stored."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("DELETE FROM sigs WHERE path = ?", (key,))
            self.conn.execute("DELETE FROM files WHERE path = ?", (key,))
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
