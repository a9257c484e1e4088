"""``date-check``: internal date inconsistencies, one rule per ``kind``.

Every DT rule uses this one detector with a different ``kind``.  The document's
dates are parsed once (:func:`corpus_lint.dates_analysis.analyse`) and the parse
is shared between the rules through ``doc.cache["dates"]``.  Phrase lists (cues,
tense markers, change verbs) are options, so they live in ``rules/dates.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar, Final

from corpus_lint import dates_checks as checks
from corpus_lint.api import Detector, DetectorError, Hit
from corpus_lint.dates_analysis import analyse
from corpus_lint.document import Document

KINDS: Final = (
    "impossible",
    "weekday",
    "reversed-range",
    "duration",
    "anniversary",
    "narrative-order",
    "after-publication",
    "event-conflict",
)

# Phrase lists live in rules/dates.yaml; a list left out disables that refinement.
REQUIRED: Final[dict[str, tuple[str, ...]]] = {
    "narrative-order": ("cues",),
    "after-publication": ("past_words",),
}

_NEVER: Final = re.compile(r"(?!)")

_STRING_LIST: Final = {"type": "array", "items": {"type": "string", "minLength": 1}}


def _words_regex(words: list[str] | None) -> re.Pattern[str]:
    """Whole words or phrases, case-insensitive; never matches inside a word."""
    return checks.phrase_regex(words) if words else _NEVER


class DateCheckDetector(Detector):
    """``date-check``: the DT rules; ``kind`` chooses the check."""

    name: ClassVar[str] = "date-check"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind"],
        "properties": {
            "kind": {"enum": list(KINDS)},
            "not_span_words": _STRING_LIST,
            "approximate_words": _STRING_LIST,
            "cues": _STRING_LIST,
            "flashback_words": _STRING_LIST,
            "max_gap_days_without_year": {"type": "integer", "minimum": 0},
            "past_words": _STRING_LIST,
            "skip_words": _STRING_LIST,
            "min_days_after": {"type": "integer", "minimum": 0},
            "generic_heads": _STRING_LIST,
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        kind = options.get("kind")
        if kind not in KINDS:
            raise DetectorError(f"kind must be one of {', '.join(KINDS)} (got {kind!r})")
        self.kind: str = kind
        for key in REQUIRED.get(kind, ()):
            if not options.get(key):
                raise DetectorError(f"kind {kind!r} needs the option {key!r} (a list of phrases)")
        self.not_span_words = _words_regex(options.get("not_span_words"))
        self.approximate = _words_regex(options.get("approximate_words"))
        cues = options.get("cues")
        self.cues = checks.phrase_scan_pattern(cues) if cues else ""  # narrative-order only
        self.flashback = _words_regex(options.get("flashback_words"))
        self.max_gap = int(options.get("max_gap_days_without_year", 60))
        self.past = _words_regex(options.get("past_words"))
        self.skip = _words_regex(options.get("skip_words"))
        self.min_days = int(options.get("min_days_after", 1))
        self.generic = frozenset(w.lower() for w in options.get("generic_heads", ()))

    def check(self, doc: Document) -> Iterator[Hit]:
        analysis = analyse(doc)
        if not analysis.exprs and self.kind != "anniversary":
            return
        kind = self.kind
        if kind == "impossible":
            yield from checks.impossible(analysis)
        elif kind == "weekday":
            yield from checks.weekday(analysis)
        elif kind == "reversed-range":
            yield from checks.reversed_range(analysis, self.not_span_words)
        elif kind == "duration":
            yield from checks.duration(analysis, self.approximate)
        elif kind == "anniversary":
            yield from checks.anniversary(analysis)
        elif kind == "narrative-order":
            yield from checks.narrative_order(
                analysis, self.cues, self.flashback, self.max_gap, doc.position
            )
        elif kind == "after-publication":
            yield from checks.after_publication(analysis, self.past, self.skip, self.min_days)
        else:
            yield from checks.event_conflict(analysis, self.generic, doc.position)
