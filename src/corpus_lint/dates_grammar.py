"""A grammar for explicit date expressions, with exact code-point offsets.

What was written is kept before any validation: "31 April" parses as day 31 of
month 4 (and is reported as impossible later), a weekday stays the weekday the
text names, and a year is marked as written or not.  Calendar arithmetic uses
the standard library only.

Recognised (English first, the day-first forms of French, German, Spanish,
Italian, Portuguese and Dutch where cheap):

* single dates: ``8 May 2024``, ``Monday, 8 May 2024``, ``the 8th of May``,
  ``May 8, 2024``, ``May 8``, ``March 2018``, ``2024-05-08``, ``8. Mai 2024``,
  ``8 de mayo de 2024``, and years after a time preposition (``in 2016``,
  ``since 1991``, ``the summer of 1945``);
* ranges: ``10–25 February``, ``between 15 and 17 February``,
  ``February 10–25, 2022``, ``between April and December 2017``,
  ``from 2013 to 2016``, ``28 February – 3 March 2022``,
  ``from March 2015 to May 2016``.

Not dates: a lone month or weekday word ("may", "March on", "Sun"), years inside
names ("Euro 2016", "Tokyo 2020", "the 2018 Football World Cup"), numbers after
page/section/article/no./vol./table/figure, counts ("2,016 soldiers", "with
1945 soldiers"), phone numbers, percentages and citations ("(Smith 2016)").
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from corpus_lint import usercache
from corpus_lint.lazyre import lazy_compile

# -- names --------------------------------------------------------------------------

_EN_MONTHS: Final = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_EN_MONTH_ABBR: Final = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_OTHER_MONTHS: Final = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}

MONTHS: Final[dict[str, int]] = {}
"""Lower-case month name -> month number (1-12)."""
ENGLISH_MONTHS: Final[set[str]] = set()
for _i, _name in enumerate(_EN_MONTHS, 1):
    MONTHS[_name] = _i
    ENGLISH_MONTHS.add(_name)
for _abbr, _i in _EN_MONTH_ABBR.items():
    MONTHS[_abbr] = _i
    ENGLISH_MONTHS.add(_abbr)
for _names in _OTHER_MONTHS.values():
    for _i, _name in enumerate(_names.split(), 1):
        MONTHS.setdefault(_name, _i)
MONTHS.setdefault("aout", 8)
MONTHS.setdefault("maerz", 3)
MONTHS.setdefault("setiembre", 9)

_EN_WEEKDAYS: Final = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_OTHER_WEEKDAYS: Final = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
}
WEEKDAYS: Final[dict[str, int]] = {}
"""Lower-case weekday name -> ISO weekday index (0 = Monday)."""
for _i, _name in enumerate(_EN_WEEKDAYS):
    WEEKDAYS[_name] = _i
for _abbr, _i in {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}.items():
    WEEKDAYS[_abbr] = _i
for _names in _OTHER_WEEKDAYS.values():
    for _i, _name in enumerate(_names.split()):
        WEEKDAYS.setdefault(_name, _i)
WEEKDAYS.setdefault("sonnabend", 5)
WEEKDAY_NAMES: Final = tuple(n.capitalize() for n in _EN_WEEKDAYS)
MONTH_NAMES: Final = tuple(n.capitalize() for n in _EN_MONTHS)


def _alternation(names: list[str] | set[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=lambda s: (-len(s), s)))


def _trie(words: set[str]) -> str:
    """A regex alternation factored as a trie ("Ju(?:ne|ly)"): the regex engine then
    rejects a position on its first character instead of trying every word.

    Kept in the user cache: building the grammar's tries takes ~10 ms of each start."""
    key = tuple(sorted(words))
    found: str | None = _TRIES.get(key)
    if found is None:
        found = _build_trie(words)
        _TRIES.add(key, found)
    return found


_TRIES = usercache.Table("date-grammar-tries", ("date-grammar-tries", 1), limit=100)


def _build_trie(words: set[str]) -> str:
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches: list[str] = [
            re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch
        ]
        optional = "" in node
        if not branches:
            return ""
        if len(branches) == 1 and not optional:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if optional else body

    return emit(tree)


def _cased(names: set[str]) -> set[str]:
    """lower, Capitalised and UPPER forms (a case-sensitive trie is faster than (?i))."""
    out: set[str] = set()
    for n in names:
        out.update((n, n[0].upper() + n[1:], n.upper()))
    return out


_FULL_MONTHS = set(MONTHS) - set(_EN_MONTH_ABBR)
_MON = rf"(?:{_trie(_cased(_FULL_MONTHS))}\b|{_trie(_cased(set(_EN_MONTH_ABBR)))}\b\.?)"
_WD = rf"{_trie(_cased(set(WEEKDAYS)))}\b"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1\d\d\d|20\d\d)(?!\d)"
_SEP = r"(?:-|–|—|to|until|till|through|thru|and|&)"
# Space inside an expression: a line break may wrap it, a blank line may not.
_W = r"(?:[^\S\n]|\n(?![^\S\n]*\n))+"
_W0 = rf"(?:{_W})?"


def _dmy(p: str) -> str:
    """[weekday,] [the] 8[th] [.] [of|de] May [,] [de] [2024]"""
    return (
        rf"(?:(?P<{p}w>{_WD})\.?,?{_W}(?:the{_W})?)?"
        rf"(?P<{p}d>{_DAY})(?!\d){_ORD}(?P<{p}dot>\.)?(?:{_W}of|{_W}de)?{_W}"
        rf"(?P<{p}m>{_MON})(?:,?{_W}(?:de{_W}|del{_W})?(?P<{p}y>{_YEAR}))?"
    )


def _mdy(p: str) -> str:
    """[weekday,] May 8[th][,] [[time [zone]] 2024]"""
    return (
        rf"(?:(?P<{p}w>{_WD})\.?,?{_W})?"
        rf"(?P<{p}m>{_MON}){_W}(?:the{_W})?(?P<{p}d>{_DAY})(?!\d){_ORD}\b"
        # ctime puts the clock before the year: "Thu Nov 27 22:17:17 PST 2014"
        rf"(?:(?:{_W}\d\d?:\d\d(?::\d\d)?(?:{_W}[A-Z]{{2,5}})?)?,?{_W}(?P<{p}y>{_YEAR}))?"
    )


MASTER: Final = lazy_compile(
    "|".join(
        (
            r"(?P<iso>(?P<iso_y>\d{4})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d))(?![\d-])",
            # 10–25 February [2022]
            rf"(?P<dr>(?P<dr_d1>{_DAY}){_ORD}{_W0}(?P<dr_s>{_SEP}){_W0}(?P<dr_d2>{_DAY})(?!\d){_ORD}"
            rf"(?:{_W}of)?{_W}(?P<dr_m>{_MON})(?:,?{_W}(?P<dr_y>{_YEAR}))?)",
            # February 10–25[, 2022]
            rf"(?P<mr>(?P<mr_m>{_MON}){_W}(?P<mr_d1>{_DAY}){_ORD}{_W0}(?P<mr_s>{_SEP}){_W0}"
            rf"(?P<mr_d2>{_DAY})(?!\d){_ORD}\b(?:,?{_W}(?P<mr_y>{_YEAR}))?)",
            # April to December 2017
            rf"(?P<mm>(?P<mm_m1>{_MON}){_W0}(?P<mm_s>{_SEP}){_W0}(?P<mm_m2>{_MON}),?{_W}(?P<mm_y>{_YEAR}))",
            rf"(?P<dmy>{_dmy('dmy_')})",
            rf"(?P<mdy>{_mdy('mdy_')})",
            rf"(?P<my>(?P<my_m>{_MON}),?{_W}(?P<my_y>{_YEAR}))",
            rf"(?P<yr>{_YEAR})",
        )
    )
)

# The single-date forms alone, tried where a range form matched but was refused.
SINGLES: Final = lazy_compile(
    "|".join(
        (
            rf"(?P<dmy>{_dmy('dmy_')})",
            rf"(?P<mdy>{_mdy('mdy_')})",
            rf"(?P<my>(?P<my_m>{_MON}),?{_W}(?P<my_y>{_YEAR}))",
        )
    )
)

_CLOCK_YEAR: Final = lazy_compile(rf"{_W}\d\d?:\d\d(?::\d\d)?(?:{_W}[A-Z]{{2,5}})?,?{_W}\d{{4}}")
_RANGE_LINK: Final = lazy_compile(rf"{_W0}(?P<s>{_SEP}){_W0}")
PREV_WORD: Final = lazy_compile(r"([A-Za-z][A-Za-z'’.-]*)\W*$")
_NEXT_WORD: Final = lazy_compile(r"\s+([A-Za-z][a-z'’-]*)")

NUMBER_CONTEXT: Final = frozenset(
    [
        "page",
        "pages",
        "p",
        "pp",
        "p.",
        "pp.",
        "section",
        "sections",
        "sec",
        "sec.",
        "article",
        "articles",
        "art",
        "art.",
        "resolution",
        "resolutions",
        "no",
        "no.",
        "nos",
        "nos.",
        "number",
        "numbers",
        "vol",
        "vol.",
        "vols",
        "volume",
        "volumes",
        "table",
        "tables",
        "figure",
        "figures",
        "fig",
        "fig.",
        "figs",
        "chapter",
        "chapter.",
        "ch",
        "ch.",
        "item",
        "items",
        "rule",
        "rules",
        "paragraph",
        "para",
        "para.",
        "clause",
        "clauses",
        "line",
        "lines",
        "room",
        "flight",
        "route",
        "model",
        "case",
        "exhibit",
        "appendix",
        "annex",
        "annexe",
        "code",
        "id",
        "ref",
        "ref.",
        "order",
        "decree",
        "bill",
        "station",
        "version",
        "v",
        "v.",
        "build",
        "issue",
        "issues",
        "series",
        "unit",
        "units",
        "grade",
        "level",
        "box",
        "suite",
        "apt",
        "apartment",
        "street",
        "road",
        "highway",
        "block",
        "lot",
        "plot",
        "platform",
        "gate",
        "seat",
        "row",
        "phone",
        "tel",
        "tel.",
        "fax",
        "call",
        "dial",
        "ext",
        "ext.",
        "isbn",
        "issn",
        "doi",
        "pmid",
        "patent",
        "serial",
        "regulation",
        "regulations",
        "directive",
        "directives",
        "standard",
        "iso",
        "en",
        "rfc",
        "part",
        "parts",
        "act",
        "schedule",
        "footnote",
        "note",
        "notes",
        "verse",
        "verses",
        "psalm",
    ]
)

# Words after which a bare year is a time ("in 2016", "since 1991").
YEAR_CUES: Final = frozenset(
    [
        "in",
        "since",
        "from",
        "until",
        "till",
        "by",
        "between",
        "during",
        "before",
        "after",
        "circa",
        "c.",
        "ca.",
        "around",
        "about",
        "early",
        "late",
        "mid",
        "mid-",
        "throughout",
        "to",
        "and",
        "through",
        "of",
        "year",
        "years",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
    ]
)
# Cues that also come before a quantity ("a total of 2016"): only with a time noun.
_OF_TIME_NOUNS: Final = frozenset(
    [
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "end",
        "beginning",
        "start",
        "middle",
        "half",
        "quarter",
        "course",
        "year",
        "years",
        "month",
        "months",
        "class",
        "elections",
        "election",
        "turn",
        "dawn",
    ]
)
# After "in 1945", a plural noun makes the number a count ("in 1945 soldiers").
_IRREGULAR_PLURALS: Final = frozenset(
    [
        "people",
        "men",
        "women",
        "children",
        "staff",
        "personnel",
        "police",
        "troops",
        "cattle",
        "sheep",
        "fish",
        "feet",
    ]
)
_FOLLOW_OK: Final = frozenset(
    [
        "and",
        "or",
        "but",
        "nor",
        "the",
        "a",
        "an",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "when",
        "while",
        "as",
        "after",
        "before",
        "until",
        "since",
        "during",
        "alone",
        "only",
        "through",
        "which",
        "that",
        "who",
        "where",
        "was",
        "were",
        "is",
        "are",
        "had",
        "has",
        "have",
        "did",
        "saw",
        "see",
        "sees",
        "brought",
        "marked",
        "became",
        "began",
        "ended",
        "remained",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "its",
        "their",
        "our",
        "this",
        "these",
        "those",
        "there",
        "then",
        "than",
        "also",
        "already",
        "again",
        "both",
        "each",
        "every",
        "no",
        "not",
        "more",
        "less",
        "through",
        "under",
        "over",
        "into",
        "onto",
        "upon",
        "about",
        "around",
        "against",
        "between",
        "among",
        "amid",
        "despite",
        "following",
        "per",
        "via",
        "vs",
    ]
)


# -- parsed values ------------------------------------------------------------------


@dataclass(slots=True)
class DatePoint:
    """One calendar point as written: any part may be missing, nothing is repaired."""

    day: int | None
    month: int | None
    year: int | None
    year_written: bool
    weekday: int | None = None
    year_source: str = "written"
    """written, range (from the other end of the same expression), paragraph,
    published, dateline, or "" when no year is known."""
    anchor: int | None = None
    """Offset of the expression the year was taken from (paragraph anchors)."""

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def valid(self) -> bool:
        """The written parts form a real calendar date (unknown year: any year)."""
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is None or self.month is None:
            return True
        return self.day <= days_in_month(self.year if self.year is not None else 2000, self.month)

    def bounds(self) -> tuple[int, int] | None:
        """Earliest and latest proleptic ordinal day the point may mean."""
        if self.year is None or not self.valid:
            return None
        y = self.year
        if self.month is None:
            return date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
        if self.day is None:
            return (
                date(y, self.month, 1).toordinal(),
                date(y, self.month, days_in_month(y, self.month)).toordinal(),
            )
        d = date(y, self.month, self.day).toordinal()
        return d, d

    def describe(self) -> str:
        """Normalised English form: '8 May 2024', 'May 2024', '2016', '8 May'."""
        parts: list[str] = []
        if self.day is not None:
            parts.append(str(self.day))
        if self.month is not None and 1 <= self.month <= 12:
            parts.append(MONTH_NAMES[self.month - 1])
        if self.year is not None and (self.year_written or self.year_source == "range"):
            parts.append(str(self.year))
        return " ".join(parts)


@dataclass(slots=True)
class DateExpr:
    """A date or range expression and exactly where it stands in the text."""

    start: int
    end: int
    first: DatePoint
    last: DatePoint | None = None
    """The end of a range (``None`` for a single date)."""
    connector: str = ""
    """How a range was written: from-to, between-and, dash, to."""
    form: str = ""
    """Which grammar form matched (iso, dmy, mdy, my, yr, dr, mr, mm, link)."""
    points: list[DatePoint] = field(default_factory=list)

    @property
    def is_range(self) -> bool:
        return self.last is not None

    @property
    def year_written(self) -> bool:
        return any(p.year_written for p in self.all_points())

    def all_points(self) -> list[DatePoint]:
        return [self.first] if self.last is None else [self.first, self.last]

    def written_year(self) -> int | None:
        """The last year written inside the expression."""
        for p in reversed(self.all_points()):
            if p.year_written:
                return p.year
        return None


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


# -- the parser ---------------------------------------------------------------------


def _month(token: str | None) -> tuple[int | None, bool]:
    """Month number and whether the name is acceptable as written (case rules)."""
    if token is None:
        return None, True
    name = token.rstrip(".")
    low = name.lower()
    num = MONTHS.get(low)
    if num is None:
        return None, False
    if low in ENGLISH_MONTHS and low not in _shared_lower():
        # English names are proper nouns: "may", "march" in lower case are words.
        return num, name[0].isupper()
    if token.endswith(".") and low not in _EN_MONTH_ABBR:
        # "Mai." is not an abbreviation; the dot ends the sentence: fine, the
        # regex already consumed it, but the name itself is valid.
        return num, True
    return num, True


_SHARED: set[str] | None = None


def _shared_lower() -> set[str]:
    """English month names that other languages write in lower case (april, august...)."""
    global _SHARED
    if _SHARED is None:
        others: set[str] = set()
        for names in _OTHER_MONTHS.values():
            others.update(names.split())
        _SHARED = {n for n in ENGLISH_MONTHS if n in others and n not in ("may", "march")}
    return _SHARED


def _weekday(token: str | None) -> tuple[int | None, bool]:
    if token is None:
        return None, True
    low = token.lower()
    num = WEEKDAYS.get(low)
    if num is None:
        return None, False
    if low in _EN_WEEKDAYS or low in ("mon", "tue", "tues", "wed", "thu", "thur", "thurs"):
        return num, token[0].isupper()
    if low in ("fri", "sat", "sun"):
        return num, token[0].isupper()
    return num, True


def _prev_word(text: str, start: int) -> str:
    """The word just before ``start`` (with a trailing dot kept: "No.", "p.")."""
    lo = max(0, start - 40)
    m = PREV_WORD.search(text, lo, start)
    if m is None:
        return ""
    # only when nothing but spaces/punctuation separates it from start
    between = text[m.end(1) : start]
    if between.strip(_WORD_GAP):
        return ""
    return m.group(1)


_WORD_GAP: Final = " \t\u00a0([\"'“‘«"
"""What may stand between a number and the word before it (see :func:`_prev_word`)."""
_CUE_ENDS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-")
"""The last characters of the words of YEAR_CUES, in any case (a test checks)."""


def _clean_start(text: str, start: int) -> bool:
    """The expression starts a token: not glued to digits, decimals or codes."""
    if start == 0:
        return True
    ch = text[start - 1]
    if ch.isalnum() or ch == "_":
        return False
    if ch in "#@$£€¥\\":
        return False
    if ch in "-/.:,+'":
        return not (start >= 2 and (text[start - 2].isalnum()))
    return True


def _clean_end(text: str, end: int) -> bool:
    if end >= len(text):
        return True
    ch = text[end]
    if ch.isalnum() or ch in "%‰_":
        return False
    if ch in "-/.:,+" and end + 1 < len(text) and text[end + 1].isdigit():
        # "2013-2016" and "28 February-3 March" go on as a range; "2016-05-3x" does not
        return ch == "-" and _HYPHEN_RANGE.match(text, end) is not None
    return True


_HYPHEN_RANGE: Final = lazy_compile(r"-\d{1,4}(?![\d-])")


def count_follows(text: str, end: int) -> bool:
    """A plural noun right after a number makes it a count ("1945 soldiers")."""
    nxt = _NEXT_WORD.match(text, end)
    if nxt is None:
        return False
    word = nxt.group(1).lower()
    if not nxt.group(1)[0].islower() or word in _FOLLOW_OK:
        return False
    return word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith("ss"))


def _year_is_time(text: str, start: int, end: int, in_range: bool) -> bool:
    """A bare four-digit number stands for a year (cue before, no count after)."""
    if not in_range:
        # A cue word ends in a letter, "." or "-", none of which _prev_word lets stand
        # between a word and the number: without one there, no cue (_prev_word is slow).
        e = start
        while e > 0 and text[e - 1] in _WORD_GAP:
            e -= 1
        if e == 0 or text[e - 1] not in _CUE_ENDS:
            return False
    prev = _prev_word(text, start)
    low = prev.lower()
    if low in NUMBER_CONTEXT:
        return False
    if not in_range and low not in YEAR_CUES:
        return False
    if low == "of":
        m = PREV_WORD.search(text, max(0, start - 60), start - len(prev) - 1)
        if m is None or m.group(1).lower() not in _OF_TIME_NOUNS:
            return False
    return not count_follows(text, end)


def _number_context(text: str, start: int) -> bool:
    """A number after "page", "No.", "Section"... or glued to a name ("Windows 10")."""
    prev = _prev_word(text, start)
    low = prev.lower()
    if low in NUMBER_CONTEXT:
        return True
    if not prev or not prev[0].isupper() or low in YEAR_CUES or low in WEEKDAYS:
        return False
    if low.rstrip(".") in MONTHS:
        return False
    # a capitalised word right before the number: part of a name unless it opens the
    # sentence ("Posted 10 May") or punctuation separates them ("LONDON, 10 May")
    between = text[start - 1] if start else ""
    if between not in " \t\u00a0":
        return False
    pos = text.rfind(prev, max(0, start - 40), start)
    return not sentence_initial(text, pos)


def sentence_initial(text: str, pos: int) -> bool:
    """Only spaces, quotes or brackets between ``pos`` and a sentence end or line start."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(\u00a0":
        i -= 1
    return i < 0 or text[i] in ".!?:\n"


_DIGITS: Final = lazy_compile(r"\d+")
_NAME_PATTERN: Final = rf"\b(?:{_WD}|{_MON})"
_LOOKBACK: Final = 48
_DAY_LOOKAHEAD: Final = 24
_SCANNERS: dict[str, Any] = {}
_BYTE_SCANNERS: dict[str, Any] = {}


def scanner(pattern: str) -> Any:
    """``pattern`` compiled with RE2 when it is installed (a linear scan, several times
    faster than ``re`` on long alternations), else with ``re``; no look-arounds."""
    found = _SCANNERS.get(pattern)
    if found is None:
        try:
            import re2

            found = re2.compile(pattern)
        except Exception:  # the pure-Python engine gives the same answers
            found = re.compile(pattern)
        _SCANNERS[pattern] = found
    return found


def _byte_scanner(pattern: str) -> Any:
    """``scanner(pattern)`` for UTF-8 bytes (the same RE2 program: the str form encodes
    both pattern and text), or None without RE2."""
    found = _BYTE_SCANNERS.get(pattern)
    if found is None:
        found = False
        if not isinstance(scanner(pattern), re.Pattern):
            import re2

            found = re2.compile(pattern.encode("utf-8"))
        _BYTE_SCANNERS[pattern] = found
    return found or None


_LAST_UTF8: tuple[str, bytes] = ("", b"")
"""The last text given to :func:`match_spans` and its UTF-8 form (the DT rules scan
one document several times); replaced as a whole, so threads cannot mix two texts."""


def _utf8(text: str) -> bytes:
    global _LAST_UTF8
    last = _LAST_UTF8
    if last[0] is text:
        return last[1]
    data = text.encode("utf-8")  # as the str interface of ``re2`` (a lone surrogate raises)
    _LAST_UTF8 = (text, data)
    return data


def match_spans(pattern: str, text: str, starts_only: bool = False) -> list[Any]:
    """``(start, end)`` of each match of ``scanner(pattern).finditer(text)`` (only the
    starts with ``starts_only``), as code-point offsets.

    With RE2 the text is scanned as UTF-8 bytes and the offsets converted here: the
    str interface of the ``re2`` module re-encodes the text on every call and
    converts offsets match by match, slowly."""
    fast = _byte_scanner(pattern)
    if fast is None:
        found = scanner(pattern).finditer(text)
        return [m.start() for m in found] if starts_only else [m.span() for m in found]
    data = _utf8(text)
    if len(data) == len(text):  # ASCII: byte and code-point offsets agree
        found = fast.finditer(data)
        return [m.start() for m in found] if starts_only else [m.span() for m in found]
    out: list[Any] = []
    byte = char = 0
    for m in fast.finditer(data):
        s, e = m.span()  # matches start and end on character boundaries
        char += len(data[byte:s].decode("utf-8"))
        if starts_only:
            byte = s
            out.append(char)
        else:
            end = char + len(data[s:e].decode("utf-8"))
            out.append((char, end))
            byte, char = e, end
    return out


def _name_starts(text: str) -> list[int]:
    """Offsets of month and weekday names that start a word."""
    return [
        s
        for s in match_spans(_NAME_PATTERN, text, starts_only=True)
        if s == 0 or not text[s - 1].isalnum()
    ]


_NUMPY_FROM: Final = 2048
"""Texts this long find their digit runs with numpy (fewer Python steps), when it is
loaded: the dates alone do not import it."""
_DECIMALS: Any = None


def _decimal_table() -> Any:
    r"""For each code point below U+20000 (past the last one), whether ``re``'s ``\d``
    matches it (``str.isdecimal``); kept in the user cache per Unicode version."""
    global _DECIMALS
    if _DECIMALS is None:
        import unicodedata

        import numpy as np

        key = ("date-grammar-decimals", 1, unicodedata.unidata_version)
        found = usercache.load("date-grammar-decimals", key)
        if not isinstance(found, list):
            found = [c for c in range(0x20000) if chr(c).isdecimal()]
            usercache.store("date-grammar-decimals", key, found)
        table = np.zeros(0x20000, dtype=np.bool_)
        table[found] = True
        table[-1] = False  # U+1FFFF, no digit: stands for every code point beyond
        _DECIMALS = table
    return _DECIMALS


def _digit_runs(text: str, names: list[int]) -> list[tuple[int, int]]:
    r"""The maximal runs of ``\d`` where :func:`parse_dates` may find a date: four
    digits, a month or weekday name starting at most ``_LOOKBACK`` before, or one or
    two digits with such a name at most ``_DAY_LOOKAHEAD`` after.  The runs left out
    would give the parser nothing to try."""
    np = sys.modules.get("numpy")  # used once another module has imported it (DU rules)
    if np is None or len(text) < max(_NUMPY_FROM, 1):
        return [m.span() for m in _DIGITS.finditer(text)]

    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    digit = (cp - 48) < 10  # unsigned: "0" to "9"
    if not text.isascii():
        wide = np.flatnonzero(cp >= 0x660)  # U+0660 is the first other decimal digit
        if len(wide):
            table = _decimal_table()
            digit[wide] = table[np.minimum(cp[wide], len(table) - 1)]
    d = digit.view(np.int8)
    n = len(d)
    edge = np.empty(n + 1, dtype=np.int8)  # +1 where a run starts, -1 where one ends
    edge[0] = d[0]
    np.subtract(d[1:], d[:-1], out=edge[1:n])
    edge[n] = -d[n - 1]
    starts = np.flatnonzero(edge == 1)
    if not len(starts):
        return []
    ends = np.flatnonzero(edge == -1)
    width = ends - starts
    keep = width == 4
    if names:
        at = np.asarray(names, dtype=np.int64)
        following = np.searchsorted(at, starts)  # the first name at or after the run
        keep |= following > np.searchsorted(at, starts - _LOOKBACK)
        nxt = at[np.minimum(following, len(at) - 1)]
        keep |= (width <= 2) & (following < len(at)) & (nxt - ends <= _DAY_LOOKAHEAD)
    return list(zip(starts[keep].tolist(), ends[keep].tolist(), strict=True))


def parse_dates(text: str) -> list[DateExpr]:
    """Every date expression of ``text``, in order, with years as written (none inferred).

    Every expression holds a digit (a day or a year), so the scan visits digit runs
    only, and tries the grammar where an expression may start: at a month or weekday
    name shortly before the run, or at the run itself when it can be a year or a day
    followed by a month name.
    """
    out: list[DateExpr] = []
    names = _name_starts(text)
    failed: set[int] = set()  # starts tried in vain (the next digit run may offer them again)
    pos = 0
    for ds, de in _digit_runs(text, names):
        if ds < pos:
            continue
        lo = max(pos, ds - _LOOKBACK)
        i = bisect_left(names, lo)
        starts = []
        while i < len(names) and names[i] < ds:
            starts.append(names[i])
            i += 1
        width = de - ds
        if width == 4:
            starts.append(ds)
        elif width <= 2 and i < len(names) and names[i] - de <= _DAY_LOOKAHEAD:
            starts.append(ds)  # a day: a month name follows ("8th of May", "10–25 February")
        for start in starts:
            if start in failed:
                continue
            expr = _parse_at(text, start)
            if expr is not None:
                out.append(expr)
                pos = expr.end
                break
            failed.add(start)
    return out


def _parse_at(text: str, start: int) -> DateExpr | None:
    m = MASTER.match(text, start)
    if m is None:
        return None
    expr = _accept(text, m)
    if expr is None and m.lastgroup in ("dr", "mr", "mm"):
        single = SINGLES.match(text, start)
        if single is not None:
            expr = _accept(text, single)
    if expr is None:
        return None
    linked = _link(text, expr)
    return linked if linked is not None else expr


def _accept(text: str, m: re.Match[str], *, in_range: bool = False) -> DateExpr | None:
    start, end = m.start(), m.end()
    if not in_range and not _clean_start(text, start):
        return None
    kind = m.lastgroup
    g = m.group
    if kind == "yr":
        if not _clean_end(text, end):
            return None
        if not _year_is_time(text, start, end, in_range):
            return None
        return DateExpr(start, end, DatePoint(None, None, int(g("yr")), True), form="yr")
    if kind == "iso":
        if not _clean_end(text, end) or _number_context(text, start):
            return None
        iso_m, iso_d = int(g("iso_m")), int(g("iso_d"))
        if not (1 <= iso_m <= 12 and 1 <= iso_d <= 31):
            return None
        return DateExpr(start, end, DatePoint(iso_d, iso_m, int(g("iso_y")), True), form="iso")
    if kind == "my":
        mo, ok = _month(g("my_m"))
        if mo is None or not ok or not _clean_end(text, end):
            return None
        return DateExpr(start, end, DatePoint(None, mo, int(g("my_y")), True), form="my")
    if kind in ("dmy", "mdy"):
        p = kind + "_"
        mo, ok = _month(g(p + "m"))
        wd, wok = _weekday(g(p + "w"))
        if mo is None or not ok:
            return None
        if g(p + "w") is not None:
            if not wok:
                return None
            w_end = m.end(p + "w")
            if text[w_end : w_end + 1] == "." and len(g(p + "w")) > 4:
                return None  # "this Tuesday. November 18": the weekday ends a sentence
        y_txt = g(p + "y")
        if not _clean_end(text, end):
            return None
        month_tok = g(p + "m").rstrip(".").lower()
        if kind == "dmy":
            if g(p + "w") is None and _number_context(text, start):
                return None
            if g("dmy_dot") is not None:
                # "8. Mai 2024" is German; "8. May we ..." is a numbered list.
                if month_tok in ENGLISH_MONTHS and month_tok not in _shared_lower():
                    return None
                if month_tok in _shared_lower() and y_txt is None:
                    return None
        else:
            if month_tok not in ENGLISH_MONTHS:
                return None  # month-first is English; Italian "mai 8 volte" is "never 8 times"
            if y_txt is None:
                prev = _prev_word(text, start).lower()
                if prev in ("in", "during", "throughout", "early", "late", "mid", "every"):
                    return None  # "In April 31 people died"
                if count_follows(text, end):
                    return None  # "By April 31 soldiers had ..."
                if _CLOCK_YEAR.match(text, end):
                    return None  # "Sat Nov 20 17:46:39 UTC 2286": a year we cannot read
        point = DatePoint(
            int(g(p + "d")),
            mo,
            int(y_txt) if y_txt else None,
            y_txt is not None,
            weekday=wd,
        )
        return DateExpr(start, end, point, form=kind)
    if kind == "dr":
        mo, ok = _month(g("dr_m"))
        if mo is None or not ok or not _clean_end(text, end) or _number_context(text, start):
            return None
        ry = int(g("dr_y")) if g("dr_y") else None
        a = DatePoint(int(g("dr_d1")), mo, ry, ry is not None)
        b = DatePoint(int(g("dr_d2")), mo, ry, ry is not None)
        return _range(text, start, end, a, b, g("dr_s"), "dr")
    if kind == "mr":
        mo, ok = _month(g("mr_m"))
        if mo is None or not ok or not _clean_end(text, end):
            return None
        ry = int(g("mr_y")) if g("mr_y") else None
        a = DatePoint(int(g("mr_d1")), mo, ry, ry is not None)
        b = DatePoint(int(g("mr_d2")), mo, ry, ry is not None)
        return _range(text, start, end, a, b, g("mr_s"), "mr")
    if kind == "mm":
        m1, ok1 = _month(g("mm_m1"))
        m2, ok2 = _month(g("mm_m2"))
        if m1 is None or m2 is None or not (ok1 and ok2) or not _clean_end(text, end):
            return None
        y = int(g("mm_y"))
        # "between November and February 2017": the first month is in 2016.
        a = DatePoint(None, m1, y if m1 <= m2 else y - 1, False, year_source="range")
        b = DatePoint(None, m2, y, True)
        return _range(text, start, end, a, b, g("mm_s"), "mm")
    return None


def _connector(text: str, start: int, sep: str) -> tuple[str, int]:
    """Range connector and where the expression starts (with "from"/"between")."""
    prev = _prev_word(text, start)
    low = prev.lower()
    sep = sep.lower()
    if low in ("from", "between"):
        new_start = text.rfind(prev, max(0, start - 40), start)
        if low == "between" and sep in ("and", "&", "-", "–", "—"):
            return "between-and", new_start
        if low == "from" and sep in ("to", "until", "till", "through", "thru", "-", "–", "—"):
            return "from-to", new_start
    if sep in ("-", "–", "—"):
        return "dash", start
    if sep in ("and", "&"):
        return "list", start
    return "to", start


def _range(
    text: str, start: int, end: int, a: DatePoint, b: DatePoint, sep: str, form: str
) -> DateExpr | None:
    connector, new_start = _connector(text, start, sep)
    if connector == "list":
        # "May 8 and 16": two dates, not a span; keep the first, the rest is found later.
        return None
    return DateExpr(new_start, end, a, b, connector=connector, form=form)


_LINKABLE: Final = {
    "dmy": {"dmy", "mdy"},
    "mdy": {"dmy", "mdy"},
    "iso": {"iso"},
    "my": {"my", "yr"},
    "yr": {"yr", "my"},
}


def _link(text: str, first: DateExpr) -> DateExpr | None:
    """Join ``first`` with a following date into a range ("from 2013 to 2016")."""
    if first.is_range or first.form not in _LINKABLE:
        return None
    if first.first.weekday is not None:
        return None
    lm = _RANGE_LINK.match(text, first.end)
    if lm is None:
        return None
    sep = lm.group("s")
    connector, new_start = _connector(text, first.start, sep)
    if connector == "list":
        return None
    if sep in ("-", "–", "—") and first.form == "yr" and connector == "dash":
        pass
    m = MASTER.match(text, lm.end())
    if m is None:
        return None
    second = _accept(text, m, in_range=True)
    if second is None or second.is_range or second.form not in _LINKABLE[first.form]:
        return None
    if second.first.weekday is not None:
        return None
    if connector == "to" and first.form in ("yr", "my"):
        return None  # "to" alone between bare years/months: "grew 1990 to 2016"? not a span
    a, b = first.first, second.first
    if not a.year_written and b.year_written and b.year is not None:
        a.year = b.year
        a.year_source = "range"
        if a.month is not None and b.month is not None and a.month > b.month:
            a.year = b.year - 1  # "from 28 December to 3 January 2022"
    elif a.year_written and not b.year_written and a.year is not None:
        b.year = a.year
        b.year_source = "range"
        if a.month is not None and b.month is not None and b.month < a.month:
            b.year = a.year + 1
    return DateExpr(new_start, second.end, a, b, connector=connector, form="link")


# -- dates in metadata ----------------------------------------------------------------

_ISO_PREFIX: Final = lazy_compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date_string(value: str) -> date | None:
    """A full calendar date from a metadata field (ISO first, then the grammar)."""
    m = _ISO_PREFIX.match(value)
    if m is not None:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    for expr in parse_dates(value):
        p = expr.first
        if expr.last is None and p.day is not None and p.year_written and p.valid:
            assert p.month is not None and p.year is not None
            return date(p.year, p.month, p.day)
    return None


# -- numbers written as words --------------------------------------------------------

_UNITS: Final = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS: Final = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_UNIT_ORD: Final = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS_ORD: Final = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
]

NUMBER_WORDS: Final[dict[str, int]] = {}
"""'ten' -> 10, 'twenty-five' -> 25 (1 to 99, and 'hundred')."""
ORDINAL_WORDS: Final[dict[str, int]] = {}
"""'tenth' -> 10, 'seventy-fifth' -> 75 (1st to 99th, and 'hundredth')."""
for _i, _w in enumerate(_UNITS, 1):
    NUMBER_WORDS[_w] = _i
    ORDINAL_WORDS[_UNIT_ORD[_i - 1]] = _i
for _t, (_w, _o) in enumerate(zip(_TENS, _TENS_ORD, strict=True), 2):
    NUMBER_WORDS[_w] = _t * 10
    ORDINAL_WORDS[_o] = _t * 10
    for _u in range(1, 10):
        for _joint in ("-", " "):
            NUMBER_WORDS[f"{_w}{_joint}{_UNITS[_u - 1]}"] = _t * 10 + _u
            ORDINAL_WORDS[f"{_w}{_joint}{_UNIT_ORD[_u - 1]}"] = _t * 10 + _u
NUMBER_WORDS["hundred"] = 100
NUMBER_WORDS["a hundred"] = 100
NUMBER_WORDS["one hundred"] = 100
ORDINAL_WORDS["hundredth"] = 100
ORDINAL_WORDS["one hundredth"] = 100

NUMBER_WORD_RE: Final = _trie(_cased(set(NUMBER_WORDS)))
"""Number words (lower, Capitalised, UPPER), as a trie-shaped regex."""
ORDINAL_WORD_RE: Final = _trie(_cased(set(ORDINAL_WORDS)))


def number_value(token: str) -> int | None:
    """10 for '10', 'ten', 'Ten'; None when the token is no number."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token.replace("\u2011", "-"))


def ordinal_value(token: str) -> int | None:
    """75 for '75th', 'seventy-fifth'; None otherwise."""
    token = token.strip().lower()
    m = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", token)
    if m is not None:
        return int(m.group(1))
    return ORDINAL_WORDS.get(token)
