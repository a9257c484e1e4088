"""Regular expressions compiled the first time they are used, from a cache.

Long patterns (the date grammar's take tens of milliseconds each) would otherwise
be compiled when their module is imported, in every run, whether or not its
documents need them.  When one is needed, its compiled form (the regex engine's
code, what ``re`` computes from the pattern) is taken from the user cache
(:mod:`corpus_lint.usercache`, one entry per Python build and ``_sre`` version)
and compiled only when it is not there; a compiled pattern from the cache compares
equal to ``re.compile``'s (``re.Pattern`` equality compares the code).  Anything
unexpected falls back to ``re.compile``.
"""

from __future__ import annotations

import re
import sys
from array import array
from typing import Any, cast

from corpus_lint import usercache


class _LazyPattern:
    """A regular expression compiled the first time one of its methods is used.

    After the first use the compiled pattern's methods are attributes of this
    object, so a call costs what it costs on the compiled pattern.
    """

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = compile_cached(*self._source)
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (lazy_compile, self._source)


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile``, deferred to the first use (see :class:`_LazyPattern`)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


# -- compiled code, kept between runs --------------------------------------------------


def _internals() -> tuple[Any, Any, Any]:
    """``_sre``, ``re._parser`` and ``re._compiler`` (no type stubs: private)."""
    from importlib import import_module

    return import_module("_sre"), import_module("re._parser"), import_module("re._compiler")


_CODES: usercache.Table | None = None


def _codes() -> usercache.Table:
    """(pattern, flags) -> what ``_sre.compile`` takes, for this Python build."""
    global _CODES
    if _CODES is None:
        _sre = _internals()[0]
        key = ("compiled-patterns", 1, sys.version, _sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT)
        _CODES = usercache.Table("compiled-patterns", key, limit=2_000)
    return _CODES


def compile_cached(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``; its code from the user cache when an earlier run
    compiled it with this Python (``re._compiler.compile``'s steps, split in two)."""
    try:
        _sre, _parser, _compiler = _internals()
        if array("I").itemsize != _sre.CODESIZE:
            return re.compile(pattern, flags)
        flags = int(flags)
        codes = _codes()
        entry = codes.get((pattern, flags))
        if entry is None:
            parsed = _parser.parse(pattern, flags)
            code = _compiler._code(parsed, flags)
            groupindex = dict(parsed.state.groupdict)
            indexgroup: list[str | None] = [None] * parsed.state.groups
            for name, i in groupindex.items():
                indexgroup[i] = name
            entry = (
                flags | parsed.state.flags,
                array("I", code).tobytes(),
                parsed.state.groups - 1,
                groupindex,
                tuple(indexgroup),
            )
            codes.add((pattern, flags), entry)
        state_flags, packed, groups, groupindex, indexgroup_ = entry
        compiled = _sre.compile(
            pattern, state_flags, array("I", packed).tolist(), groups, groupindex, indexgroup_
        )
        return cast("re.Pattern[str]", compiled)
    except Exception:  # another Python's internals: compile as usual
        return re.compile(pattern, flags)
