"""Redactions written with asterisks, and FOIA exemption labels.

``***`` (three or more asterisks, or ``* * *``) stands for removed text when it
is surrounded by spaces or punctuation: "crisis – ***." or a footnote that
reads only "1. ***".  It is *not* a redaction when it is emphasis
(``***bold***``), a censored word (``f***``), or a thematic break (a line
holding only asterisks).

FOIA exemption codes such as ``(b)(6)`` or ``(b)(7)(C)`` label redacted spans
in released documents; "section (b)(6)" and "paragraph (b)(6)" are legal
cross-references and are not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from corpus_lint.api import Detector, Hit
from corpus_lint.document import Document

_STARS = re.compile(r"\*{3,}|\*(?:[ \t]\*){2,}")
_FOIA = re.compile(r"\(b\)\s?\((?:[1-9])\)(?:\s?\([A-F]\))?")
_LEGAL_BEFORE = re.compile(
    r"(?:section|sec\.|subsection|paragraph|para\.|clause|subparagraph|§|§§|under|of|in|"
    r"article|art\.|rule|regulation|and|or|to|through|U\.S\.C\.|CFR)\s*(?:\d+[a-z]?)?\s*$",
    re.I,
)


_LIST_GAP = re.compile(r"\s*(?:,|;|&|and|or)?\s*(?:and|or)?\s*", re.I)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class RedactionDetector(Detector):
    name: ClassVar[str] = "redaction"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "asterisks": {"type": "boolean"},
            "foia": {"type": "boolean"},
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.asterisks = bool(options.get("asterisks", True))
        self.foia = bool(options.get("foia", True))

    def check(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        if self.asterisks and ("***" in text or "* *" in text):
            yield from self._asterisks(text)
        if self.foia and "(b)" in text:
            yield from self._foia(text)

    def _asterisks(self, text: str) -> Iterator[Hit]:
        for m in _STARS.finditer(text):
            s, e = m.span()
            before = text[s - 1] if s > 0 else " "
            after = text[e] if e < len(text) else " "
            if _is_word(before) or _is_word(after):
                continue  # ***bold***, f***, ***emphasis
            ls = text.rfind("\n", 0, s) + 1
            le = text.find("\n", e)
            line = text[ls : le if le >= 0 else len(text)]
            if not line.replace("*", "").replace("-", "").replace("_", "").strip():
                continue  # a thematic break or divider alone on its line
            yield Hit(s, e, args={"kind": "asterisks"})

    def _foia(self, text: str) -> Iterator[Hit]:
        last = -1  # end of the last exemption flagged
        for m in _FOIA.finditer(text):
            s, e = m.span()
            if s > 0 and _is_word(text[s - 1]):
                continue
            # "(b)(6) and (b)(7)(C)": a code listed after a flagged one is one too,
            # though "and" would otherwise read as a legal cross-reference
            listed = last >= 0 and _LIST_GAP.fullmatch(text, last, s) is not None
            if not listed and _LEGAL_BEFORE.search(text[max(0, s - 40) : s]):
                continue
            last = e
            yield Hit(s, e, args={"kind": "FOIA exemption"})
