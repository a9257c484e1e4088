"""``phrase``: a list of phrases, matched case- and whitespace-insensitively.

Two modes:

* ``line`` - the phrase must be the whole line (after trimming bullets and
  punctuation named by ``strip``).  One set look-up per line, so thousands of
  phrases cost nothing more than ten.  Use it for phrases that are also
  ordinary prose ("Print", "Footnotes").
* ``anywhere`` - the phrase may stand inside a line, on word boundaries.  All
  phrases are searched in one pass with an Aho-Corasick automaton.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from corpus_lint.api import Detector, DetectorError, Edit, Fix, Hit
from corpus_lint.document import Document

DEFAULT_STRIP = " \t\u00a0-–—•·|»«›‹:>*#()[]…."
_WS_RUN = re.compile(r"\s{2,}")
_WS_CHARS = "\t\n\r\f\v\u00a0\u2007\u202f\u2028\u2029\u3000"
_HAYSTACK = "phrase.haystack"
"""``doc.cache`` key of the normalized text shared by every ``anywhere`` rule."""


def normalize_phrase(text: str) -> str:
    # str.split() and re's \s agree on what whitespace is (both use str.isspace).
    return " ".join(text.split()).lower()


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def haystack(text: str) -> tuple[str, list[int], list[int]]:
    """The text lowercased, whitespace runs collapsed to one space, and the map back.

    Returns ``(hay, starts, origins)``: piece ``i`` of ``hay`` begins at ``starts[i]``
    and comes from offset ``origins[i]`` of ``text`` (both empty when nothing
    collapsed).
    """
    hay = _lower_same_length(text)
    for ch in _WS_CHARS:  # str.replace is far faster than str.translate with a dict
        if ch in hay:
            hay = hay.replace(ch, " ")
    pieces: list[str] = []
    starts: list[int] = []  # compressed offset where each kept piece starts
    origins: list[int] = []  # original offset of that piece
    pos = 0
    comp = 0
    for m in _WS_RUN.finditer(hay):
        rs, re_ = m.span()
        pieces.append(hay[pos : rs + 1])
        starts.append(comp)
        origins.append(pos)
        comp += rs + 1 - pos
        pos = re_
    if not pieces:
        return hay, starts, origins
    pieces.append(hay[pos:])
    starts.append(comp)
    origins.append(pos)
    return "".join(pieces), starts, origins


def delete_line_fix(doc: Document, start: int, end: int) -> Fix:
    """Remove the lines holding ``[start, end)`` with their line break."""
    text = doc.text
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le + 1
    return Fix((Edit(ls, le, ""),), safe=False, description="delete the line")


class PhraseDetector(Detector):
    name: ClassVar[str] = "phrase"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["phrases"],
        "properties": {
            "phrases": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "mode": {"enum": ["line", "anywhere"]},
            "strip": {"type": "string"},
            "fix": {"enum": ["none", "delete-line"]},
            "report": {
                "enum": ["match", "line"],
                "description": "anywhere mode: report the phrase, or the whole line holding it",
            },
            "max_line_length": {
                "type": "integer",
                "minimum": 1,
                "description": "with report: line, skip lines longer than this",
            },
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.mode: str = options.get("mode", "anywhere")
        self.strip: str = options.get("strip", DEFAULT_STRIP)
        self.fix: str = options.get("fix", "none")
        self.report: str = options.get("report", "match")
        self.max_line_length: int = options.get("max_line_length", 1_000_000)
        phrases = [normalize_phrase(p) for p in options["phrases"]]
        if self.mode == "line":
            phrases = [normalize_phrase(p.strip(self.strip)) for p in phrases]
        phrases = [p for p in phrases if p]
        if not phrases:
            raise DetectorError("'phrases' has no non-blank phrase")
        self.phrases = frozenset(phrases)
        self._automaton: Any = None
        if self.mode == "anywhere":
            import ahocorasick

            auto = ahocorasick.Automaton()
            for p in sorted(self.phrases):
                auto.add_word(p, len(p))
            auto.make_automaton()
            self._automaton = auto

    def check(self, doc: Document) -> Iterator[Hit]:
        if self.mode == "line":
            yield from self._check_lines(doc)
        else:
            yield from self._check_anywhere(doc)

    def _hit(self, doc: Document, start: int, end: int) -> Hit:
        fix = delete_line_fix(doc, start, end) if self.fix == "delete-line" else None
        return Hit(start, end, fix=fix)

    def _check_lines(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        strip = self.strip
        phrases = self.phrases
        for span in doc.lines():
            line_start = span.start
            line = text[line_start : span.end]
            core = line.strip(strip)
            if not core or len(core) > 200:
                continue
            if " ".join(core.split()).lower() in phrases:
                start = line_start + line.find(core)
                yield self._hit(doc, start, start + len(core))

    def _check_anywhere(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        cached = doc.cache.get(_HAYSTACK)
        if cached is None:
            cached = doc.cache[_HAYSTACK] = haystack(text)
        hay_c, starts, origins = cached
        from bisect import bisect_right

        def orig(offset: int) -> int:
            if not starts:
                return offset
            i = bisect_right(starts, offset) - 1
            return origins[i] + (offset - starts[i])

        last_line_end = -1
        for end_idx, length in self._automaton.iter(hay_c):
            cs = end_idx - length + 1
            ce = end_idx + 1
            if cs > 0 and _is_word(hay_c[cs]) and _is_word(hay_c[cs - 1]):
                continue
            if ce < len(hay_c) and _is_word(hay_c[ce - 1]) and _is_word(hay_c[ce]):
                continue
            start = orig(cs)
            end = orig(ce - 1) + 1
            if self.report == "line":
                if start < last_line_end:
                    continue
                ls = text.rfind("\n", 0, start) + 1
                le = text.find("\n", end)
                le = len(text) if le < 0 else le
                last_line_end = le
                line = text[ls:le]
                if len(line.strip()) > self.max_line_length:
                    continue
                start = ls + (len(line) - len(line.lstrip()))
                end = ls + len(line.rstrip())
            yield self._hit(doc, start, end)
