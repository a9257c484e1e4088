"""Scraping artefacts that need more than a pattern: leftover HTML, entities, mojibake."""

from __future__ import annotations

import contextlib
import html
import re
import sys
from collections.abc import Iterator
from html.entities import html5
from typing import Any, ClassVar

from corpus_lint import usercache
from corpus_lint.api import Detector, Edit, Fix, Hit
from corpus_lint.detectors.pattern import MAX_MEM, utf8
from corpus_lint.document import Document

# Tags a scraper leaves behind; a lone "<" in prose ("a < b", "<3") never matches.
_TAGS = (
    "a|abbr|article|aside|b|blockquote|body|br|button|caption|center|code|dd|del|details|"
    "div|dl|dt|em|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|"
    "img|input|ins|label|li|link|main|meta|nav|noscript|ol|option|p|pre|s|script|section|"
    "select|small|source|span|strike|strong|style|sub|summary|sup|table|tbody|td|textarea|"
    "tfoot|th|thead|time|title|tr|tt|u|ul|video"
)
_TAG = re.compile(
    rf"</(?:{_TAGS})\s*>|<(?:{_TAGS})(?:\s+[a-zA-Z_:][-\w:.]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))?)*\s*/?>",
    re.I,
)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_TOKEN_END = re.compile(r"\s")
# Every match of ftfy's BADNESS_RE holds two adjacent non-ASCII characters, or one of
# these (C1 controls, Â, Ã, Œ, œ) with at most three ASCII characters around it; the
# big expression runs only in windows around such places (5-10x faster on clean text).
_SUSPECT = re.compile(r"[^\x00-\x7f]{2,}|[\x80-\x9f\u00c2\u00c3\u0152\u0153]")
_MARGIN = 3


class _Unsupported(Exception):
    pass


def re2_superset(pattern: str, flags: int = 0) -> str | None:
    """An RE2 expression that matches wherever Python's ``re.compile(pattern, flags)``
    can match, and maybe elsewhere; ``None`` if the pattern has a construct this
    does not translate.

    Assertions (``^``, ``\\b``, look-arounds) are dropped and classes holding
    ``\\w``, ``\\s`` or ``\\d`` become any character: each only widens what
    matches.  Literals, ranges, groups, alternations and repeats keep their meaning.
    Case-insensitive patterns are not translated (the two engines fold case differently).
    """
    from importlib import import_module

    if flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        parser = import_module("re._parser")
        consts = import_module("re._constants")
    except ImportError:  # Python 3.10
        parser = import_module("sre_parse")
        consts = import_module("sre_constants")
    try:
        tree = parser.parse(pattern, flags)
        return _emit(tree, consts)
    except (_Unsupported, re.error, RecursionError):
        return None


def _emit(tree: Any, c: Any) -> str:
    out: list[str] = []
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))
    for op, av in tree:
        if op is c.LITERAL:
            out.append(f"\\x{{{av:x}}}")
        elif op is c.NOT_LITERAL:
            out.append(f"[^\\x{{{av:x}}}]")
        elif op is c.ANY:
            out.append("(?s:.)")
        elif op is c.IN:
            out.append(_emit_class(av, c))
        elif op is c.BRANCH:
            out.append("(?:" + "|".join(_emit(alt, c) for alt in av[1]) + ")")
        elif op is c.SUBPATTERN:
            if (av[1] | av[2]) & (re.IGNORECASE | re.LOCALE):
                raise _Unsupported(op)
            out.append("(?:" + _emit(av[3], c) + ")")
        elif op is getattr(c, "ATOMIC_GROUP", None):
            out.append("(?:" + _emit(av, c) + ")")
        elif op in repeats:
            low, high, item = av
            if low > 1000:  # RE2's limit
                raise _Unsupported(op)
            bound = f"{{{low},}}" if high is c.MAXREPEAT or high > 1000 else f"{{{low},{high}}}"
            out.append("(?:" + _emit(item, c) + ")" + bound)
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # matches nothing, only restricts where the rest may
        else:
            raise _Unsupported(op)
    return "".join(out)


def _emit_class(items: Any, c: Any) -> str:
    negate = False
    parts: list[str] = []
    for op, av in items:
        if op is c.NEGATE:
            negate = True
        elif op is c.LITERAL:
            parts.append(f"\\x{{{av:x}}}")
        elif op is c.RANGE:
            parts.append(f"\\x{{{av[0]:x}}}-\\x{{{av[1]:x}}}")
        elif op is c.CATEGORY:
            return "(?s:.)"
        else:
            raise _Unsupported(op)
    return ("[^" if negate else "[") + "".join(parts) + "]"


_PREFILTER: Any = None
"""RE2 superset of ftfy's BADNESS_RE: ``None`` until built, ``False`` if unavailable."""


def _badness_prefilter() -> Any:
    """A compiled RE2 expression with a match in every text where ftfy's BADNESS_RE
    has one (:func:`re2_superset`), or ``None``.  Its source is kept in the user
    cache, keyed by ftfy's file, so a run whose documents it clears never imports ftfy."""
    global _PREFILTER
    if _PREFILTER is None:
        _PREFILTER = False
        import importlib.util
        from pathlib import Path

        key: Any = None
        try:
            spec = importlib.util.find_spec("ftfy")
            if spec is not None and spec.submodule_search_locations:
                folder = Path(next(iter(spec.submodule_search_locations)))
                stamps = usercache.file_stamps([folder / "badness.py"])
                key = ("badness-re2", 1, sys.version_info[:2], stamps)
        except (OSError, ImportError, ValueError):
            key = None
        source = usercache.load("badness-re2", key) if key is not None else None
        if not isinstance(source, str):
            from ftfy.badness import BADNESS_RE

            source = re2_superset(BADNESS_RE.pattern, BADNESS_RE.flags) or ""
            if key is not None:
                usercache.store("badness-re2", key, source)
        if source:
            import re2

            opts = re2.Options()
            opts.log_errors = False
            opts.never_capture = True
            opts.max_mem = MAX_MEM
            with contextlib.suppress(re2.error):
                _PREFILTER = re2.compile(source, opts)
    return _PREFILTER or None


def _badness_matches(badness: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``badness.finditer(text)``, searching only near suspect characters."""
    window_start = window_end = -1
    for m in _SUSPECT.finditer(text):
        start, end = max(0, m.start() - _MARGIN), m.end() + _MARGIN
        if start <= window_end:
            window_end = end
            continue
        if window_end > 0:
            yield from badness.finditer(text, window_start, window_end)
        window_start, window_end = start, end
    if window_end > 0:
        yield from badness.finditer(text, window_start, window_end)


class ArtifactDetector(Detector):
    """``artifact``: leftover HTML tags (``kind: tag``), entities (``kind: entity``)
    or mojibake (``kind: mojibake``), chosen by the ``kind`` option."""

    name: ClassVar[str] = "artifact"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"kind": {"enum": ["tag", "entity", "mojibake"]}},
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.kind: str = options.get("kind", "tag")

    def check(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        if self.kind == "tag":
            if "<" in text:
                for m in _TAG.finditer(text):
                    yield Hit(m.start(), m.end())
        elif self.kind == "entity":
            if "&" in text:
                for m in _ENTITY.finditer(text):
                    entity = m.group()
                    if entity[1] != "#" and entity[1:] not in html5:
                        continue
                    value = html.unescape(entity)
                    if value == entity:
                        continue
                    fix = Fix((Edit(m.start(), m.end(), value),), True, f"replace with {value!r}")
                    yield Hit(m.start(), m.end(), fix=fix)
        else:
            yield from self._mojibake(doc)

    def _mojibake(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        if text.isascii():
            return  # no match of BADNESS_RE possible: ftfy (~70 ms to import) not needed
        prefilter = _badness_prefilter()
        if prefilter is not None:
            data = utf8(doc)
            if data is not None and prefilter.search(data) is None:
                return  # one RE2 pass over the text instead of BADNESS_RE near every suspect
        if not _SUSPECT.search(text):
            return
        import ftfy
        from ftfy.badness import BADNESS_RE

        last_end = -1
        for m in _badness_matches(BADNESS_RE, text):
            if m.start() < last_end:
                continue
            # widen to the whitespace-delimited token holding the sequence (a match may
            # begin with the space before it: " Â£")
            s = m.start()
            while s < m.end() - 1 and text[s].isspace():
                s += 1
            while s > 0 and not text[s - 1].isspace():
                s -= 1
            e_m = _TOKEN_END.search(text, m.end())
            e = e_m.start() if e_m else len(text)
            token = text[s:e]
            # fix_encoding only undoes mis-decoding: it keeps curly quotes and ligatures
            fixed = ftfy.fix_encoding(token)
            if fixed == token:
                continue
            last_end = e
            fix = Fix((Edit(s, e, fixed),), False, f"replace with {fixed!r}")
            yield Hit(s, e, args={"fixed": fixed}, fix=fix)
