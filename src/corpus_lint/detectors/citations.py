"""``footnote``: numbered footnote references whose footnote is missing.

A reference is ``[n]`` (or ``[^n]``) attached to the text before it - "the
Sochi Olympics.[1]" - as scrapers leave them.  A footnote is a line that
starts with the same number in any common list form: ``[1] ...``, ``1. ...``,
``1) ...``, ``^1 ...``, ``[^1]: ...``.  A reference with no such line anywhere
in the document is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from corpus_lint.api import Detector, Hit
from corpus_lint.document import Document

# [12] or [^12] right after a word character, closing punctuation or another reference.
# (The character before is checked in code: a leading look-behind would make ``re`` try
# every position instead of jumping to each "[".)
_REF = re.compile(r"\[\^?(\d{1,3})\](?![(:\w])")
_REF_AFTER = frozenset("_.,;:!?\"'”’)]")
_DEF = re.compile(r"^[ \t]*(?:\[\^?(\d{1,3})\]:?|(\d{1,3})[.)]|\^(\d{1,3}))[ \t]+\S", re.M)
# A reference list "[1] Smith ..." at the start of a line defines [1] too.
_CODE_BEFORE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\]*$")
# Indexing, not a reference: "items[1] = 2", "a[1] == b", "row[2].name", "x = items[1]".
_CODE_AFTER = re.compile(r"[ \t]*(?:[-+*/%|&^<>!=]?=|\.[A-Za-z_])")
_ASSIGNED_BEFORE = re.compile(r"=[ \t]*[A-Za-z_][\w.]*$")


class FootnoteDetector(Detector):
    name: ClassVar[str] = "footnote"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "max_number": {"type": "integer", "minimum": 1, "maximum": 999},
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.max_number: int = options.get("max_number", 500)

    def check(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        if "[" not in text:
            return
        refs = [
            m
            for m in _REF.finditer(text)
            if m.start() > 0
            and (text[m.start() - 1].isalnum() or text[m.start() - 1] in _REF_AFTER)
            and 0 < int(m.group(1)) <= self.max_number
        ]
        if not refs:
            return
        defined = {int(next(g for g in m.groups() if g)) for m in _DEF.finditer(text)}
        for m in refs:
            number = int(m.group(1))
            if number in defined:
                continue
            before = text[max(0, m.start() - 40) : m.start()]
            # "items[1]" or "a_b[2]" read as code, not as a footnote reference
            words = before.split()
            if words and "_" in words[-1]:
                continue
            if before.endswith(")") and "(" in before and _CODE_BEFORE.search(before[:-1]):
                continue
            if _CODE_AFTER.match(text, m.end()) or _ASSIGNED_BEFORE.search(before):
                continue
            yield Hit(m.start(), m.end(), args={"number": number})
