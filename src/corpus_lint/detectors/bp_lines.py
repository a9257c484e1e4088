"""Line model of the ``structure`` detector: every line's shape, in one pass.

A line is classified by its form only (word count, terminal punctuation,
capitalisation, digits, a few date and counter patterns), never by the site it
came from.  The classes are:

``blank``   no word character (``|``, ``»``, zero-width spaces count as blank)
``prose``   a sentence: >= 5 words (CJK: >= 10 characters) ending in sentence punctuation
``long``    >= 20 words without sentence punctuation (a run-on link row, a truncated teaser)
``meta``    a short date, time, byline or counter line ("Nov 19, 2019", "By Jane Doe", "3 comments")
``mark``    a section marker that ends an article ("Comments", "Related Articles", "Share this")
``soft``    a marker that may interrupt an article ("Advertisement", "Read more")
``copy``    a copyright notice
``short``   1-3 words, no sentence punctuation (menu items, labels, headings)
``list``    4-19 words read as a list item or a sentence fragment (numbered, mostly lower case)
``mid``     4-19 words in Title Case or all capitals (headlines, teaser titles, menu rows)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

BLANK: Final = "blank"
PROSE: Final = "prose"
LONG: Final = "long"
META: Final = "meta"
MARK: Final = "mark"
SOFT: Final = "soft"
COPY: Final = "copy"
SHORT: Final = "short"
LIST: Final = "list"
MID: Final = "mid"

# characters trimmed before a line is compared with a phrase list
STRIP: Final = " \t\u00a0\u200b\ufeff-–—•·|»«›‹:>*#()[]….,!?"
_TERMINAL: Final = frozenset(".!?…。！？:;")
_CLOSERS: Final = "\"”’'»)]）」』*"
_TRUNCATED: Final = ("[…]", "[...]", "(…)", "(...)", "[&hellip;]")
_WORD_CHAR = re.compile(r"\w")
_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")

MONTHS: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+" + MONTHS + r"(?:,?\s+\d{4})?"
    r"|" + MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b"
    r"|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?",
    re.I,
)
_COUNTED: Final = (
    r"(?:comments?|replies|reply|responses?|votes?|views?|likes?|shares?|diggs?|points?|"
    r"reads?|readers|followers|subscribers|reviews?|ratings?|answers?|pageviews?|hits)"
)
COUNTER = re.compile(
    r"^\W*(?:"
    r"\d[\d,.]*\s*[kKmM]?\s+" + _COUNTED + r"(?:\s+\d[\d,.]*\s*[kKmM]?\s+" + _COUNTED + r")*"
    r"|" + _COUNTED + r"\s*[:(]?\s*\d[\d,.]*\s*\)?(?:\s+" + _COUNTED + r")?"
    r"|\(?\s*" + _COUNTED + r"\s*:\s*\d[\d,.]*(?:\s*,\s*" + _COUNTED + r"\s*:\s*\d[\d,.]*)*\s*\)?"
    r")\W*$",
    re.I,
)
BYLINE = re.compile(
    r"^\W*(?:by|posted by|written by|words by|story by|reported by|author|authors)\s*:?\s+"
    r"(?:[A-Z@][\w.'’@-]*|de|van|von|da|del|and|&|,|\s)+(?:\s*[|·•,/-].*)?$"
)
NUMBERED = re.compile(r"^(?:\d{1,3}[.)]|[a-zA-Z][.)]|[•\-*–·▪►✓✔]|\(\w{1,3}\))\s")
COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.I)
# the policy phrases of C4's line filter: a line naming them is a site notice
_POLICY = re.compile(
    r"terms of use|terms of service|privacy policy|cookie policy|uses cookies|use of cookies|"
    r"use cookies|javascript",
    re.I,
)
_RIGHTS = re.compile(r"rights reserved|\b(?:19|20)\d\d\b", re.I)


def normalize(text: str) -> str:
    """Lower-case, whitespace-collapsed, stripped of bullets and trailing punctuation."""
    return _WS.sub(" ", text.strip(STRIP)).lower()


def is_terminal(text: str) -> bool:
    """Ends in sentence punctuation, possibly inside closing quotes or brackets."""
    t = text.rstrip(_CLOSERS + " ")
    return bool(t) and t[-1] in _TERMINAL


def effective_words(text: str, words: int) -> int:
    """Whitespace words, or half the CJK characters for scripts written without spaces."""
    if words < 10:
        cjk = len(_CJK.findall(text))
        if cjk:
            return max(words, cjk // 2)
    return words


def lower_ratio(tokens: list[str]) -> float:
    """Share of the words after the first that begin with a lower-case letter."""
    rest = tokens[1:]
    if not rest:
        return 0.0
    return sum(1 for w in rest if w[:1].islower()) / len(rest)


@dataclass(slots=True)
class Line:
    index: int
    start: int
    """Offset of the first non-space character."""
    end: int
    """Offset after the last non-space character."""
    text: str
    """The line without surrounding whitespace."""
    norm: str
    words: int
    kind: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Phrase lists the classifier consults (normalized)."""

    end_markers: frozenset[str]
    soft_markers: frozenset[str]


def classify(text: str, norm: str, words: int, vocab: Vocabulary) -> str:
    if not text or not _WORD_CHAR.search(text):
        return BLANK
    if norm in vocab.soft_markers:
        return SOFT
    if norm in vocab.end_markers:
        return MARK
    n = len(text)
    if n < 300 and COPYRIGHT.search(text) and _RIGHTS.search(text):
        return COPY
    if n < 600 and _POLICY.search(text):
        return COPY
    eff = effective_words(text, words)
    terminal = is_terminal(text)
    if n < 120 and not (terminal and text[-1] in ".!?") and eff <= 14:
        if COUNTER.match(text) or BYLINE.match(text) or DATE.search(text):
            return META
    truncated = text.endswith(_TRUNCATED) or (eff < 12 and text.endswith(("...", "…")))
    if eff >= 5 and terminal and not truncated:
        return PROSE
    if eff >= 20:
        return LONG
    tokens = text.split()
    if terminal and text[-1] == ":" and words >= 3 and lower_ratio(tokens) > 0:
        return LIST  # "Dr Neil Melvin said:", "Here's what to know:"
    if eff <= 3:
        return SHORT
    if NUMBERED.match(text) or lower_ratio(tokens) >= 0.5:
        return LIST
    return MID


def split_lines(text: str, spans: list[tuple[int, int]], vocab: Vocabulary) -> list[Line]:
    out: list[Line] = []
    for i, (s, e) in enumerate(spans):
        raw = text[s:e]
        stripped = raw.strip()
        if stripped:
            start = s + (len(raw) - len(raw.lstrip()))
        else:
            start = s
        end = start + len(stripped)
        norm = normalize(stripped) if stripped else ""
        words = len(stripped.split()) if stripped else 0
        kind = classify(stripped, norm, words, vocab)
        out.append(Line(i, start, end, stripped, norm, words, kind))
    return out
