"""A per-user cache of derived data that is slow to build and cheap to load.

Files live in ``$XDG_CACHE_HOME/corpus-lint/`` (``~/.cache/corpus-lint/`` when the
variable is unset); ``CORPUS_LINT_CACHE=off`` turns the cache off.  Each entry is
one pickle holding a *key* (what the data was built from: file paths, sizes,
modification times, a format version) and the data.  :func:`load` returns the
data only when the stored key equals the caller's, so a changed input is rebuilt.
Writes are atomic (a temporary file renamed into place, safe with parallel
workers) and every failure (no home, read-only disk, a damaged or foreign file)
is silent: the caller then builds the data itself, and the results are the same
either way.  Nothing here is needed for correctness, only for speed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMAT = 1
"""Bumped when the layout of the cache files changes."""


def folder() -> Path | None:
    """The cache folder (not created), or ``None`` when caching is off."""
    if os.environ.get("CORPUS_LINT_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        home = os.path.expanduser("~")
        if home == "~" or not home:
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "corpus-lint"


def file_stamps(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime in ns) of each file: a key that changes when a file does."""
    stamps = []
    for path in paths:
        st = path.stat()
        stamps.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(stamps)


def load(name: str, key: Any) -> Any | None:
    """The data stored under ``name`` when it was built from ``key``; else ``None``."""
    base = folder()
    if base is None:
        return None
    try:
        with open(base / f"{name}.pickle", "rb") as f:
            stored = pickle.load(f)
    except Exception:  # missing, unreadable, truncated, from another version: rebuild
        return None
    if not isinstance(stored, tuple) or len(stored) != 3:
        return None
    fmt, stored_key, data = stored
    if fmt != FORMAT or stored_key != key:
        return None
    return data


def store(name: str, key: Any, data: Any) -> None:
    """Keep ``data`` (built from ``key``) under ``name``; silently does nothing on failure."""
    base = folder()
    if base is None:
        return
    import tempfile

    tmp = None
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=base)
        with os.fdopen(fd, "wb") as f:
            pickle.dump((FORMAT, key, data), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, base / f"{name}.pickle")
        tmp = None
    except Exception:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class Table:
    """A dict kept in the user cache: read on first use, written back when the process
    exits if entries were added (as a whole: the last process to exit wins, which
    only costs another process a recomputation).  ``key`` says what the entries
    were built with (a format version, the interpreter...); more than ``limit``
    entries read: started afresh."""

    def __init__(self, name: str, key: Any, limit: int = 10_000) -> None:
        self.name = name
        self.key = key
        self.limit = limit
        self._entries: dict[Any, Any] | None = None
        self._dirty = False

    @property
    def entries(self) -> dict[Any, Any]:
        entries = self._entries
        if entries is None:
            found = load(self.name, self.key)
            entries = {}
            if isinstance(found, dict) and len(found) <= self.limit:
                entries = found
            self._entries = entries
        return entries

    def get(self, key: Any) -> Any:
        return self.entries.get(key)

    def add(self, key: Any, value: Any) -> None:
        self.entries[key] = value
        if not self._dirty:
            self._dirty = True
            atexit.register(self.save)

    def save(self) -> None:
        if self._entries is not None:
            store(self.name, self.key, self._entries)

    def forget(self) -> None:
        """Drop what was read and added, unsaved (the next use reads the file again)."""
        self._entries = None
        if self._dirty:
            self._dirty = False
            atexit.unregister(self.save)
