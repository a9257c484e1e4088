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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate, compress, count, repeat
from operator import add, attrgetter, ne
from typing import Final

from corpus_lint.document import Document, Span

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
# DATE without its two month-name branches
_NUMERIC_DATE = re.compile(
    r"\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b"
    r"|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?",
    re.I,
)
_MONTH_STEMS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)


def is_dated(text: str) -> bool:
    """``DATE.search(text) is not None``, faster.

    The month branches of DATE need a month stem in the text, in any case (the only
    character other than a letter of the stems themselves that matches one of them under
    re.IGNORECASE is the long s, for "sep"); the other branches need "-", "/", ".", ":"
    or "ago".
    """
    low = text.lower()
    for stem in _MONTH_STEMS:
        if stem in low:
            return DATE.search(text) is not None
    if "ſ" in text:
        return DATE.search(text) is not None
    if "-" in text or "/" in text or "." in text or ":" in text or "ago" in low:
        return _NUMERIC_DATE.search(text) is not None
    return False


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
_POLICY_PHRASES: Final = (
    "terms of use",
    "terms of service",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
    "javascript",
)
_POLICY = re.compile("|".join(_POLICY_PHRASES), re.I)
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


@dataclass(slots=True, eq=False)
class Line:
    """The shape of a line's text.

    One object per distinct text: the lines of a document (and of other documents)
    that read the same share it, so nothing may change a Line once it is classified.
    Where a line lies is in :class:`Split`.
    """

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
    shape: int = 0
    """What the layout's tests of the line alone found, as bits (``HEAD``, ``COPYABLE``)."""
    key: str = ""
    """For ``COPYABLE`` lines: the start of the text, compared with the page's other prose."""
    # memos of the finders' tests of the line alone (None: not computed yet); a Line is
    # shared by every line of that text, so each test runs once per distinct text
    role: bool | None = None
    """A role or affiliation."""
    share: tuple[int, int] | bool | None = False
    """(share words, network names) of a share bar's line, None for other lines (False:
    not computed yet)."""
    facts: int = 0
    """What the finders' tests of the line alone found, as bits (set by the LineCache:
    see ``bp_finders.line_facts``)."""
    wrapped: bool = False
    """The line continues a sentence of the line before (a hard-wrapped paragraph): it
    does not begin a line of its own ("Read more: ...")."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Phrase lists the classifier consults (normalized)."""

    end_markers: frozenset[str]
    soft_markers: frozenset[str]
    end_labels: frozenset[str] = frozenset()


_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """``_DIGIT.search(text) is not None``, faster: ASCII digits are looked up as
    substrings, the pattern only reads non-ASCII text without them."""
    return (
        "0" in text
        or "1" in text
        or "2" in text
        or "3" in text
        or "4" in text
        or "5" in text
        or "6" in text
        or "7" in text
        or "8" in text
        or "9" in text
        or (not text.isascii() and _DIGIT.search(text) is not None)
    )


_NOTICE = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|terms of use|terms of service|privacy policy|"
    r"cookie policy|uses cookies|use of cookies|use cookies|javascript",
    re.I,
)
_BYLINE_START = frozenset(
    ("by", "posted", "written", "words", "story", "reported", "author", "authors")
)
_BYLINE_INITIALS = frozenset(":bpwsraBPWSRA")


def notice_hint(text: str) -> bool:
    """The text names a copyright or a site policy (a cheap test before the patterns)."""
    low = text.lower()
    return (
        "©" in low
        or "(c)" in low
        or "copyright" in low
        or "terms of" in low
        or "privacy" in low
        or "cookie" in low
        or "javascript" in low
    )


def classify(text: str, norm: str, words: int, digit: bool, vocab: Vocabulary) -> tuple[str, str]:
    """The class of a non-blank line, and its tag (for ``meta`` lines)."""
    if norm:
        if norm in vocab.soft_markers:
            return SOFT, ""
        if norm in vocab.end_markers:
            return MARK, ""
        if norm in vocab.end_labels:
            return LABEL, ""
    n = len(text)
    if n < 600 and notice_hint(text):
        if text.isascii():  # _POLICY's phrases, as they are ASCII
            low = text.lower()
            if any(map(low.__contains__, _POLICY_PHRASES)):
                return COPY, ""
        elif _POLICY.search(text):
            return COPY, ""
        if n < 300 and _NOTICE.search(text) and _RIGHTS.search(text):
            return COPY, ""
    eff = words if words >= 10 or text.isascii() else effective_words(text, words)
    last = text[-1]
    terminal = last in _TERMINAL or (last in _CLOSERS and is_terminal(text))
    if text[0] in "—–-" and "(@" in text and _TWEET_SIGNATURE.match(text):
        return LIST, ""  # "— Jane Doe (@jane) November 18, 2019": the signature of a quoted post
    if n < 120 and eff <= 14 and last not in ".!?":
        if digit:
            if COUNTER.match(text):
                return META, "counter"
            if is_dated(text):
                return META, "date"
        # the first word of a byline ("By", ":By") begins with one of these
        if text[0] in _BYLINE_INITIALS:
            first = text.split(None, 1)[0].lower().strip(":")
            if first in _BYLINE_START and BYLINE.match(text):
                return META, "byline"
    if eff >= 5 and terminal and not text.endswith(_TRUNCATED):
        return PROSE, ""
    if eff >= 20:
        return LONG, ""
    if terminal and last == ":" and words >= 3 and lower_ratio(text.split()) > 0:
        return LIST, ""  # "Dr Neil Melvin said:", "Here's what to know:"
    if eff <= 3:
        return SHORT, ""
    if NUMBERED.match(text) or lower_ratio(text.split()) >= 0.5:
        return LIST, ""
    return MID, ""


_BLANK_LINE = Line("", "", 0, BLANK)

KIND_CODE: Final = {
    BLANK: " ",
    PROSE: "p",
    LONG: "g",
    META: "e",
    MARK: "k",
    SOFT: "s",
    LABEL: "l",
    CODE: "c",
    COPY: "y",
    SHORT: "h",
    LIST: "i",
    MID: "m",
}
"""One character for each kind, to find runs of lines with a pattern (see ``Split.code``)."""

# Line.shape bits
HEAD: Final = 1
"""A short line ending in a colon, or a date: it may head a comment (bp_region.find_threads)."""
COPYABLE: Final = 2
"""Prose of >= 40 characters (``Line.key`` set): bp_region.find_copies compares it."""
_HEAD_KINDS: Final = frozenset((META, SHORT, MID, LIST))

CACHE_LIMIT = 200_000
CACHED_LENGTH = 200
_KIND = attrgetter("kind")


class LineCache(dict[str, Line]):
    """The Line of every text seen, classified on first sight (``cache[text]``).

    The same menus and footers recur on every page of a site, so a process classifies
    each short line once; texts longer than ``CACHED_LENGTH`` are classified anew.
    ``facts(line)`` gives ``Line.facts`` of each line classified; ``key`` names what
    ``facts`` depends on (the lines are only valid for it).
    """

    __slots__ = ("facts", "key", "vocab")

    def __init__(
        self, vocab: Vocabulary, facts: Callable[[Line], int] | None = None, key: object = None
    ) -> None:
        super().__init__()
        self.vocab = vocab
        self.facts = facts
        self.key = key
        self[""] = _BLANK_LINE

    def __missing__(self, text: str) -> Line:
        ln = _classified(text, self.vocab) if text else _BLANK_LINE
        if self.facts is not None and ln is not _BLANK_LINE:
            ln.facts = self.facts(ln)
        if len(text) <= CACHED_LENGTH:
            if len(self) >= CACHE_LIMIT:
                self.clear()
                self[""] = _BLANK_LINE
            self[text] = ln
        return ln


class RawLines:
    """The lines of a text as they are, and without surrounding whitespace."""

    __slots__ = ("_offsets", "raws", "stripped")

    def __init__(self, text: str, spans: Iterable[Span]) -> None:
        """``spans``: the lines' spans (see :meth:`Document.lines`), only read when the
        text holds a carriage return."""
        self._offsets: list[int] | None = None
        if "\r" in text:
            spans = list(spans)
            self.raws = [text[sp.start : sp.end] for sp in spans]
            self._offsets = [sp.start for sp in spans]
        else:  # lines end in "\n" only (as Document.lines splits them)
            self.raws = text.split("\n")
        self.stripped = list(map(str.strip, self.raws))

    @property
    def offsets(self) -> list[int]:
        """Offset of the start of every line (its first character, spaces included)."""
        if self._offsets is None:
            # line i starts after the i lines before it and their line breaks
            self._offsets = list(map(add, accumulate(map(len, self.raws), initial=0), count()))
        return self._offsets


_RAW_KEY: Final = "bp-raw-lines"


def raw_lines(doc: Document) -> RawLines:
    """The document's :class:`RawLines`, made once (the structure rules and BP040 read
    them)."""
    found = doc.cache.get(_RAW_KEY)
    if not isinstance(found, RawLines):
        text = doc.text
        found = doc.cache[_RAW_KEY] = RawLines(text, doc.lines() if "\r" in text else ())
    return found


class Split:
    """The lines of a text, and where they lie."""

    __slots__ = ("code", "lines", "nonblank", "raw", "raws")

    def __init__(self, lines: list[Line], raw: RawLines) -> None:
        self.lines = lines
        """Every line, blank lines included (``lines[i]`` is line ``i``, from 0)."""
        self.raw = raw
        self.raws = raw.raws
        """The text of every line, as it is in the document."""
        codes = "".join(map(KIND_CODE.__getitem__, map(_KIND, lines)))
        self.nonblank = list(compress(range(len(lines)), map(ne, codes, repeat(" "))))
        """Indices of the non-blank lines (lines of symbols only are blank)."""
        self.code = codes.replace(" ", "")
        """The kind of each non-blank line, as its character of ``KIND_CODE``."""

    @property
    def offsets(self) -> list[int]:
        """Offset of the start of every line (its first character, spaces included)."""
        return self.raw.offsets

    def start(self, i: int) -> int:
        """Offset of the first non-space character of line ``i``."""
        raw = self.raws[i]
        return self.offsets[i] + len(raw) - len(raw.lstrip())

    def end(self, i: int) -> int:
        """Offset after the last non-space character of line ``i``."""
        return self.start(i) + len(self.lines[i].text)


def split_lines(
    text: str, spans: Iterable[Span], cache: LineCache, raw: RawLines | None = None
) -> Split:
    """Every line of the text, classified (``spans``: the lines' spans, see
    :meth:`Document.lines`; only read when the text holds a carriage return; ``raw``: the
    text's lines when known)."""
    if raw is None:
        raw = RawLines(text, spans)
    stripped = raw.stripped
    if "```" in text or "~~~" in text:
        lines = _fenced(stripped, cache)
    else:
        lines = list(map(cache.__getitem__, stripped))
    if "|" in text and "--" in text:
        _tables(lines, stripped, cache)
    _unwrap(lines, raw.raws, cache)
    return Split(lines, raw)


_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$|^\|\s*:?-{3,}:?\s*\|$")


def _tables(lines: list[Line], stripped: list[str], cache: LineCache) -> None:
    """Give the rows of Markdown tables the kind ``list``: a header row, a rule row
    (``| --- | --- |``) and the rows under it are an author's table, not a menu, whatever
    their capitals, and a date in a cell is not a dateline."""
    n = len(stripped)
    for k in range(1, n):
        text = stripped[k]
        if not text.startswith(("|", "-", ":")) or not _TABLE_RULE.match(text):
            continue
        if "|" not in stripped[k - 1]:
            continue
        rows = [k - 1]
        j = k + 1
        while j < n and stripped[j].startswith("|"):
            rows.append(j)
            j += 1
        for r in rows:
            ln = lines[r]
            if ln.kind in (SHORT, MID) or (ln.kind == META and ln.tag == "date"):
                out = Line(ln.text, ln.norm, ln.words, LIST, ln.digit)
                if cache.facts is not None:
                    out.facts = cache.facts(out)
                lines[r] = out


# kinds a line of a hard-wrapped paragraph may have on its own
_WRAP_KINDS: Final = frozenset((PROSE, LONG, LIST, MID, SHORT))
# kinds of a line inside a hard-wrapped sentence, joined only from and to a line that
# stops mid-sentence ("... whose publisher holds the" / "copyright (c) 2021 ... and has")
_INNER_KINDS: Final = frozenset((COPY, META))
_WRAP_MIN: Final = 40
"""Characters of a line that a hard-wrapped paragraph continues on the next line."""
_WRAP_LOWER: Final = 3
"""Lines continued on a line beginning in lower case that make a document hard-wrapped."""
_WRAP_WORDS: Final = 12
"""Words of a hard-wrapped paragraph (its lines joined) that make it prose."""
# lines that never continue a paragraph: Markdown headings and table rows, list items,
# block quotes
_OWN_LINE = re.compile(r"^(?:#{1,6}\s|\||>)")


def _mid_sentence(text: str) -> bool:
    """The line stops inside a sentence: after a comma, a hyphen, a lower-case word or a
    number, or without sentence punctuation in a line of capitals."""
    last = text[-1]
    if last in ",-–(":
        return True
    word = text.rsplit(None, 1)[-1]
    return word[0].islower() or word.isdigit() or (text.isupper() and not is_terminal(text))


def _continues(a: Line, b: Line, size: int, width: int) -> bool:
    """``b`` continues the paragraph of ``a`` (``size`` characters with its indent)
    hard-wrapped at ``width`` characters: ``a`` is filled (``b``'s first word would not
    have fit on it, give or take a tenth of the width) and stops inside a sentence, or
    ``b`` begins in lower case."""
    ta, tb = a.text, b.text
    if len(ta) < _WRAP_MIN or _OWN_LINE.match(ta) or _OWN_LINE.match(tb) or NUMBERED.match(tb):
        return False
    first = tb.split(None, 1)[0]
    if size + 1 + len(first) <= width * 0.9:
        return False  # the word would have fit: a line break of its own
    if a.kind in _INNER_KINDS or b.kind in _INNER_KINDS:
        return _mid_sentence(ta)
    return first[0].islower() or not is_terminal(ta)


def _unwrap(lines: list[Line], raws: list[str], cache: LineCache) -> None:
    """Give the lines of hard-wrapped paragraphs the kind ``prose``.

    A paragraph wrapped at a fixed width (plain-text and Markdown documents) has lines
    that are fragments of sentences; read one by one, they look like headings, list items
    or run-on link rows.  Consecutive lines (no blank line between) where each but the last
    is filled to the paragraph's width and continues a sentence on the next, whose text
    joined ends a sentence and holds >= ``_WRAP_WORDS`` words, are prose."""
    n = len(lines)
    # a hard-wrapped document: >= _WRAP_LOWER lines of >= _WRAP_MIN characters continue
    # a sentence on a next line that begins in lower case (web pages break lines at their
    # elements, which seldom begin in lower case)
    lower = 0
    for k in range(n - 1):
        a, b = lines[k], lines[k + 1]
        if len(a.text) >= _WRAP_MIN and b.text[:1].islower() and not is_terminal(a.text):
            lower += 1
            if lower >= _WRAP_LOWER:
                break
    else:
        return
    i = 0
    while i < n:
        if lines[i].kind == BLANK or i + 1 >= n or lines[i + 1].kind == BLANK:
            i += 1
            continue
        # a block of consecutive non-blank lines
        j = i
        while j + 1 < n and lines[j + 1].kind != BLANK:
            j += 1
        _unwrap_block(lines, raws, i, j, cache)
        i = j + 1


def _unwrap_block(lines: list[Line], raws: list[str], lo: int, hi: int, cache: LineCache) -> None:
    sizes = [len(r.rstrip()) for r in raws[lo : hi + 1]]
    width = max(sizes)
    if width < _WRAP_MIN:
        return
    start = lo
    for k in range(lo, hi + 1):
        ln = lines[k]
        ok = ln.kind in _WRAP_KINDS or (ln.kind in _INNER_KINDS and k > start)
        if (
            ok
            and k < hi
            and _continues(ln, lines[k + 1], sizes[k - lo], width)
            and (lines[k + 1].kind in _WRAP_KINDS or lines[k + 1].kind in _INNER_KINDS)
        ):
            continue  # the chain goes on
        if ok and k > start:
            _chain_to_prose(lines, start, k, cache)
        start = k + 1


def _chain_to_prose(lines: list[Line], a: int, b: int, cache: LineCache) -> None:
    chain = lines[a : b + 1]
    if lines[b].kind in _INNER_KINDS or not is_terminal(lines[b].text):
        return
    if sum(ln.words for ln in chain) < _WRAP_WORDS:
        return
    for k in range(a, b + 1):
        ln = lines[k]
        if ln.kind != PROSE or k > a:
            lines[k] = _as_prose(ln, cache, k > a)


def _as_prose(ln: Line, cache: LineCache, wrapped: bool) -> Line:
    """A line of a hard-wrapped paragraph: the line's shape, of kind ``prose``
    (``wrapped``: it continues the line before)."""
    text = ln.text
    if len(text) >= 40:
        out = Line(text, ln.norm, ln.words, PROSE, ln.digit, "", COPYABLE, copy_key(text))
    else:
        out = Line(text, ln.norm, ln.words, PROSE, ln.digit)
    out.wrapped = wrapped
    if cache.facts is not None:
        out.facts = cache.facts(out)
    return out


def _fenced(stripped: list[str], cache: LineCache) -> list[Line]:
    """The lines of a text with fenced code blocks: the lines inside are ``code``."""
    out: list[Line] = []
    fence = ""
    for text in stripped:
        if text and (fence or text.startswith(("```", "~~~"))):
            if not fence:
                fence = text[:3]
            elif text.startswith(fence):
                fence = ""
            ln = Line(text, "", 0, CODE)
            if cache.facts is not None:
                ln.facts = cache.facts(ln)
            out.append(ln)
        else:
            out.append(cache[text])
    return out


def copy_key(text: str) -> str:
    """The start of a prose line, compared with the page's other prose (``Line.key``)."""
    return " ".join(text[:80].split()).lower()[:50]


def _classified(text: str, vocab: Vocabulary) -> Line:
    if not (text[0].isalnum() or _WORD_CHAR.search(text)):
        return Line(text, "", 0, BLANK)  # symbols only
    # when the only white space is single spaces, the words are the spaces + 1
    simple = text.isprintable() and "  " not in text
    words = text.count(" ") + 1 if simple else len(text.split())
    norm = normalize(text) if len(text) <= 100 else ""
    digit = has_digit(text)
    kind, tag = classify(text, norm, words, digit, vocab)
    if kind in (PROSE, LONG):
        if len(text) >= 40:
            # copy_key(text); single spaces need no collapsing (lower() never shortens)
            key = text[:50].lower()[:50] if simple else copy_key(text)
            return Line(text, norm, words, kind, digit, tag, COPYABLE, key)
    elif kind in _HEAD_KINDS and words <= 14 and (tag == "date" or text.endswith(":")):
        return Line(text, norm, words, kind, digit, tag, HEAD)
    return Line(text, norm, words, kind, digit, tag)
