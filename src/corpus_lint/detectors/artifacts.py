"""Scraping artefacts that need more than a pattern: leftover HTML, entities, mojibake."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.entities import html5
from typing import Any, ClassVar

from corpus_lint.api import Detector, Edit, Fix, Hit
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
            yield from self._mojibake(text)

    def _mojibake(self, text: str) -> Iterator[Hit]:
        if text.isascii() or not _SUSPECT.search(text):
            return  # no match of BADNESS_RE possible: ftfy (~70 ms to import) not needed
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
