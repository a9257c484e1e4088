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
``label``   a one-word section header that usually ends an article ("Related", "Tags")
``code``    a line inside a fenced code block (```` ``` ```` or ``~~~``): never furniture
``copy``    a copyright notice
``short``   1-3 words, no sentence punctuation (menu items, labels, headings)
``list``    4-19 words read as a list item or a sentence fragment (numbered, mostly lower case)
``mid``     4-19 words in Title Case or all capitals (headlines, teaser titles, menu rows)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from corpus_lint.document import Span

BLANK: Final = "blank"
PROSE: Final = "prose"
LONG: Final = "long"
META: Final = "meta"
MARK: Final = "mark"
SOFT: Final = "soft"
LABEL: Final = "label"
CODE: Final = "code"
COPY: Final = "copy"
SHORT: Final = "short"
LIST: Final = "list"
MID: Final = "mid"

# characters trimmed before a line is compared with a phrase list
STRIP: Final = " \t\u00a0\u200b\ufeff-–—•·|»«›‹:>*#()[]….,!?"
_TERMINAL: Final = frozenset(".!?…。！？:;")
_CLOSERS: Final = "\"”’'»)]）」』*"
_TRUNCATED: Final = ("...", "…", "[…]", "[...]", "(…)", "(...)", "[&hellip;]")
_WORD_CHAR = re.compile(r"[^\W_]")
_TWEET_SIGNATURE = re.compile(r"^[—–-]\s*.{0,80}\(@\w{1,30}\)")
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
    r"^\W*(?i:by|posted by|written by|words by|story by|reported by|author|authors)\s*:?\s+"
    r"(?:(?:[A-Z@][\w.'’@-]*|de|van|von|da|del|and|&|,|\s)+|[\w.@-]{2,30}\s*)"
    r"(?:\s*[|·•,/-].*)?$"
)
NUMBERED = re.compile(r"^(?:\d{1,3}[.)]|[a-zA-Z][.)]|[•\-*–·▪►✓✔]|\(\w{1,3}\))\s")
# the policy phrases of C4's line filter: a line naming them is a site notice
_POLICY = re.compile(
    r"terms of use|terms of service|privacy policy|cookie policy|uses cookies|use of cookies|"
    r"use cookies|javascript",
    re.I,
)
_RIGHTS = re.compile(r"rights reserved|\b(?:19|20)\d\d\b", re.I)


def normalize(text: str) -> str:
    """Lower-case, whitespace-collapsed, stripped of bullets and trailing punctuation."""
    core = text.strip(STRIP)
    if "  " in core or "\t" in core or "\u00a0" in core:
        core = " ".join(core.split())
    return core.lower()


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
    if len(tokens) < 2:
        return 0.0
    firsts = "".join([w[0] for w in tokens[1:]])
    return sum(map(str.islower, firsts)) / (len(tokens) - 1)


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
    """:func:`normalize` of the text, for lines of at most 100 characters ("" otherwise)."""
    words: int
    kind: str
    digit: bool = False
    """The line holds a digit."""
    tag: str = ""
    """For ``meta`` lines: ``counter``, ``byline`` or ``date``."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Phrase lists the classifier consults (normalized)."""

    end_markers: frozenset[str]
    soft_markers: frozenset[str]
    end_labels: frozenset[str] = frozenset()


_DIGIT = re.compile(r"\d")
_NOTICE = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|terms of use|terms of service|privacy policy|"
    r"cookie policy|uses cookies|use of cookies|use cookies|javascript",
    re.I,
)
_BYLINE_START = frozenset(
    ("by", "posted", "written", "words", "story", "reported", "author", "authors")
)


def classify(ln: Line, vocab: Vocabulary) -> str:
    """The class of a non-blank line; sets ``ln.tag`` for ``meta`` lines."""
    text = ln.text
    norm = ln.norm
    if norm:
        if norm in vocab.soft_markers:
            return SOFT
        if norm in vocab.end_markers:
            return MARK
        if norm in vocab.end_labels:
            return LABEL
    n = len(text)
    words = ln.words
    if n < 600:
        low = text.lower()
        if (
            "©" in low
            or "(c)" in low
            or "copyright" in low
            or "terms of" in low
            or "privacy" in low
            or "cookie" in low
            or "javascript" in low
        ):
            if _POLICY.search(text):
                return COPY
            if n < 300 and _NOTICE.search(text) and _RIGHTS.search(text):
                return COPY
    eff = words if words >= 10 or text.isascii() else effective_words(text, words)
    last = text[-1]
    terminal = last in _TERMINAL or (last in _CLOSERS and is_terminal(text))
    if text[0] in "—–-" and "(@" in text and _TWEET_SIGNATURE.match(text):
        return LIST  # "— Jane Doe (@jane) November 18, 2019": the signature of a quoted post
    if n < 120 and eff <= 14 and last not in ".!?":
        if ln.digit:
            if COUNTER.match(text):
                ln.tag = "counter"
                return META
            if DATE.search(text):
                ln.tag = "date"
                return META
        first = text.split(None, 1)[0].lower().strip(":")
        if first in _BYLINE_START and BYLINE.match(text):
            ln.tag = "byline"
            return META
    if eff >= 5 and terminal and not text.endswith(_TRUNCATED):
        return PROSE
    if eff >= 20:
        return LONG
    if terminal and last == ":" and words >= 3 and lower_ratio(text.split()) > 0:
        return LIST  # "Dr Neil Melvin said:", "Here's what to know:"
    if eff <= 3:
        return SHORT
    if NUMBERED.match(text) or lower_ratio(text.split()) >= 0.5:
        return LIST
    return MID


_BLANK_LINE = Line(-1, 0, 0, "", "", 0, BLANK)

# (norm, words, kind, digit, tag) of a line's text: the same menus and footers recur on
# every page of a site, so a process classifies each short line once
Shape = tuple[str, int, str, bool, str]
CACHE_LIMIT = 200_000
CACHED_LENGTH = 200


def split_lines(
    text: str, spans: Iterable[Span], vocab: Vocabulary, cache: dict[str, Shape] | None = None
) -> list[Line]:
    """Every line of the text, classified (``spans``: the lines' spans, see
    :meth:`Document.lines`; only read when the text holds a carriage return)."""
    out: list[Line] = []
    append = out.append
    fence = ""
    fences = "```" in text or "~~~" in text
    if cache is None:
        cache = {}
    elif len(cache) > CACHE_LIMIT:
        cache.clear()
    cache_get = cache.get
    if "\r" in text:
        spans = list(spans)
        raws: Iterable[str] = [text[sp.start : sp.end] for sp in spans]
        offsets: list[int] | None = [sp.start for sp in spans]
    else:  # lines end in "\n" only (as Document.lines splits them)
        raws = text.split("\n")
        offsets = None
    pos = 0
    for i, raw in enumerate(raws):
        if offsets is not None:
            pos = offsets[i]
        stripped = raw.strip()
        if not stripped:
            append(_BLANK_LINE)  # blank lines are never labelled: one shared object
            pos += len(raw) + 1
            continue
        start = pos if stripped is raw else pos + len(raw) - len(raw.lstrip())
        pos += len(raw) + 1
        if fences and (fence or stripped.startswith(("```", "~~~"))):
            if not fence:
                fence = stripped[:3]
            elif stripped.startswith(fence):
                fence = ""
            append(Line(i, start, start + len(stripped), stripped, "", 0, CODE))
            continue
        shape = cache_get(stripped)
        if shape is not None:
            append(Line(i, start, start + len(stripped), stripped, *shape))
            continue
        ln = _classified(i, start, stripped, vocab)
        if len(stripped) <= CACHED_LENGTH:
            cache[stripped] = (ln.norm, ln.words, ln.kind, ln.digit, ln.tag)
        append(ln)
    return out


def _classified(i: int, start: int, stripped: str, vocab: Vocabulary) -> Line:
    ln = Line(i, start, start + len(stripped), stripped, "", 0, BLANK)
    if stripped[0].isalnum() or _WORD_CHAR.search(stripped):
        ln.words = len(stripped.split())
        if len(stripped) <= 100:
            ln.norm = normalize(stripped)
        ln.digit = _DIGIT.search(stripped) is not None
        ln.kind = classify(ln, vocab)
    return ln
