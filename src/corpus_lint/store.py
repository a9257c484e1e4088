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
from dataclasses import dataclass

from corpus_lint.api import DocRef

log = logging.getLogger("corpus_lint")

SCHEMA_VERSION = "1"
DB_NAME = "signatures.sqlite"
_BUSY_TIMEOUT_S = 60.0


class StoreError(Exception):
    """The store could not be opened or written (the run goes on without it)."""


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """A document of an earlier run, as the store returns it."""

    ref: DocRef
    """Its reference, with the path as this run displays paths."""
    key: str
    """The path as the store keys it."""
    blob: bytes


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
                " content BLOB NOT NULL, sig BLOB, PRIMARY KEY (namespace, path, idx))"
                " WITHOUT ROWID"
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
        docs: Iterable[tuple[DocRef, bytes, bytes | None]],
        paths: Iterable[str],
    ) -> None:
        """Make the store's rows for ``paths`` (display paths linted in this run) be
        exactly ``docs``: (reference, content digest, signature blob or None)."""
        by_key: dict[str, list[tuple[DocRef, bytes, bytes | None]]] = {}
        for ref, content, blob in docs:
            by_key.setdefault(self.key_of(ref.path), []).append((ref, content, blob))
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
                for path, idx, doc_id, content in c.execute(
                    "SELECT path, idx, doc_id, content FROM sigs WHERE namespace = ?",
                    (namespace,),
                ):
                    if path in keys:
                        existing[(path, idx)] = (doc_id, content)
                upserts: list[tuple[str, str, int, str, int | None, bytes, bytes | None]] = []
                keep: set[tuple[str, int]] = set()
                for key in keys:
                    for ref, content, blob in by_key.get(key, ()):
                        keep.add((key, ref.index))
                        if existing.get((key, ref.index)) == (ref.id, content):
                            continue
                        upserts.append(
                            (namespace, key, ref.index, ref.id, ref.source_line, content, blob)
                        )
                gone = [(namespace, p, i) for (p, i) in existing if (p, i) not in keep]
                if gone:
                    c.executemany(
                        "DELETE FROM sigs WHERE namespace = ? AND path = ? AND idx = ?", gone
                    )
                if upserts:
                    c.executemany(
                        "INSERT OR REPLACE INTO sigs VALUES (?, ?, ?, ?, ?, ?, ?)", upserts
                    )
                self._record_files(keys)
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"cannot update the signature store: {exc}") from exc

    def _record_files(self, keys: dict[str, str]) -> None:
        c = self.conn
        known: dict[str, tuple[int, int]] = {}
        for path, mtime_ns, size in c.execute("SELECT path, mtime_ns, size FROM files"):
            if path in keys:
                known[path] = (mtime_ns, size)
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
            c.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", rows)

    # -- reading -----------------------------------------------------------------

    def others(self, namespace: str, exclude: Iterable[str]) -> Iterator[StoredDoc]:
        """Stored documents of files not linted in this run (``exclude``: display paths)."""
        excluded = {self.key_of(p) for p in exclude}
        try:
            rows = self.conn.execute(
                "SELECT path, idx, doc_id, source_line, sig FROM sigs"
                " WHERE namespace = ? AND sig IS NOT NULL ORDER BY path, idx",
                (namespace,),
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the signature store: {exc}") from exc
        display: dict[str, str] = {}
        for path, idx, doc_id, source_line, blob in rows:
            if path in excluded or not self.inside(path):
                continue
            shown = display.get(path)
            if shown is None:
                shown = display[path] = self.display_of(path)
            yield StoredDoc(DocRef(shown, doc_id, idx, source_line), path, blob)

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
