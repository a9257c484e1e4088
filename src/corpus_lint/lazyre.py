"""Regular expressions compiled the first time they are used.

Long patterns (the date grammar's take tens of milliseconds each) would otherwise
be compiled when their module is imported, in every run, whether or not its
documents need them.
"""

from __future__ import annotations

import re
from typing import Any, cast


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
        compiled = re.compile(*self._source)
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (lazy_compile, self._source)


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile``, deferred to the first use (see :class:`_LazyPattern`)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
