"""The date checks, most certain first.  Each takes the shared :class:`DateAnalysis`
and yields hits; the phrase lists they use come from the rule's options (YAML)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Final

from corpus_lint.api import Hit
from corpus_lint.dates_analysis import DateAnalysis, inferred_note, rests_on_inference
from corpus_lint.dates_grammar import (
    MONTHS,
    NUMBER_CONTEXT,
    NUMBER_WORD_RE,
    ORDINAL_WORD_RE,
    PREV_WORD,
    WEEKDAY_NAMES,
    YEAR_CUES,
    DateExpr,
    DatePoint,
    count_follows,
    days_in_month,
    match_spans,
    number_value,
    ordinal_value,
    sentence_initial,
)
from corpus_lint.lazyre import compile_cached, lazy_compile

MONTH_NAMES: Final = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def phrase_alternation(phrases: Sequence[str]) -> str:
    """The phrases as one alternation (spaces match any whitespace; a word ``N`` stands
    for a number written in digits or words)."""
    parts = []
    number = rf"(?:\d{{1,3}}|{NUMBER_WORD_RE})"
    for p in sorted(set(phrases), key=lambda s: (-len(s), s)):
        words = [number if w == "N" else re.escape(w) for w in p.split()]
        parts.append(r"\s+".join(words))
    return "|".join(parts)


def phrase_regex(phrases: Sequence[str]) -> re.Pattern[str]:
    """Case-insensitive, whole words only: for searches in short windows."""
    return compile_cached(rf"(?i)(?<![\w-])(?:{phrase_alternation(phrases)})(?![\w-])")


def phrase_scan_pattern(phrases: Sequence[str]) -> str:
    """Case-insensitive, on word boundaries: for one scan of a whole text
    (:func:`~corpus_lint.dates_grammar.match_spans`, RE2)."""
    return rf"(?i)\b(?:{phrase_alternation(phrases)})\b"


def _fmt(d: date) -> str:
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


_EXAMPLE_BEFORE: Final = lazy_compile(
    r"(?:e\.g\.|i\.e\.|such\s+as|like|for\s+example|for\s+instance|say)[,:]?\s*[\"'“‘`]?$",
    re.IGNORECASE,
)


def is_example(text: str, start: int, end: int) -> bool:
    """A date cited rather than used: "e.g., September 31", "`31 April`", "'May 32'"."""
    if _EXAMPLE_BEFORE.search(text, max(0, start - 20), start):
        return True
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return (before, after) in (('"', '"'), ("'", "'"), ("`", "`"), ("“", "”"), ("‘", "’"))


def _severity(*points: DatePoint) -> str | None:
    return "warning" if rests_on_inference(*points) else None


# -- 1. impossible calendar date -----------------------------------------------------


def impossible(a: DateAnalysis) -> Iterator[Hit]:
    for e in a.exprs:
        points = e.all_points()
        if all(p.day is None or p.month is None or p.valid for p in points):
            continue  # every date possible (tested before the slower is_example)
        if is_example(a.text, e.start, e.end):
            continue
        for p in points:
            if p.day is None or p.month is None or p.valid:
                continue
            month = MONTH_NAMES[p.month - 1]
            if p.month == 2 and p.day == 29:
                if p.year is None:
                    continue
                if not p.year_written and p.year_source != "paragraph":
                    continue  # a guess from the publication date proves nothing here
                reason = f"{p.year} is not a leap year, February {p.year} has 28 days"
                note, severity = inferred_note(p), _severity(p)
            else:
                most = days_in_month(2000, p.month)
                reason = f"{month} has {'at most ' if p.month == 2 else ''}{most} days"
                note, severity = "", None  # impossible in any year
            yield Hit(e.start, e.end, args={"reason": reason, "note": note}, severity=severity)
            break


# -- 2. weekday that does not match its date ----------------------------------------


def weekday(a: DateAnalysis) -> Iterator[Hit]:
    for e in a.exprs:
        p = e.first
        if p.weekday is None or p.day is None or p.month is None or p.year is None:
            continue
        if not p.valid or is_example(a.text, e.start, e.end):
            continue
        actual = date(p.year, p.month, p.day).weekday()
        if actual == p.weekday:
            continue
        if not p.year_written and p.year_source in ("published", "dateline"):
            # "Friday 8 December" in a January article: the year before fits.
            fits = any(
                p.day <= days_in_month(y, p.month)
                and date(y, p.month, p.day).weekday() == p.weekday
                for y in (p.year - 1, p.year + 1)
            )
            if fits:
                continue
        yield Hit(
            e.start,
            e.end,
            args={
                "date": f"{p.day} {MONTH_NAMES[p.month - 1]} {p.year}",
                "actual": WEEKDAY_NAMES[actual],
                "written": WEEKDAY_NAMES[p.weekday],
                "note": inferred_note(p),
            },
            severity=_severity(p),
        )


# -- 3. reversed range ---------------------------------------------------------------


def reversed_range(a: DateAnalysis, not_span_words: re.Pattern[str]) -> Iterator[Hit]:
    text = a.text
    for e in a.exprs:
        if e.last is None or e.connector == "list":
            continue
        if _crosses_new_year(e):
            continue
        first, last = _with_year(e.first, 2000).bounds(), _with_year(e.last, 2000).bounds()
        if first is None or last is None or first[0] <= last[1]:
            continue
        if is_example(text, e.start, e.end):
            continue
        sent_start, _ = a.sentence(e.start)
        before = text[max(sent_start, e.start - 80) : e.start]
        if not_span_words.search(before):
            continue  # "moved from 16 May to 8 May" is a change, not a span
        yield Hit(
            e.start,
            e.end,
            args={"first": e.first.describe(), "last": e.last.describe()},
        )


# -- 4. duration contradicting its endpoints ---------------------------------------

_DURATION: Final = lazy_compile(
    rf"(?<![\w-])(?P<n>\d{{1,3}}|{NUMBER_WORD_RE})[-\s\u2011](?P<u>(?i:day|week|month|year))s?"
    r"(?![\w])(?:[-\s]long\b)?"
)
_NOT_A_SPAN_AFTER: Final = lazy_compile(
    r"(?i)\s+(?:after|before|later|earlier|ago|from\s+now|prior|since|into|in\s+advance|"
    r"beforehand|behind|ahead|old|of\s+(?:the|each|every)\b)"
)


def _span_of(e: DateExpr) -> tuple[str, float] | None:
    """(precision, inclusive length in that precision's unit) of a range."""
    assert e.last is not None
    # no year at all: one expression, so one (leap) year serves for both ends
    a, b = _with_year(e.first, 2000), _with_year(e.last, 2000)
    if _crosses_new_year(e):
        a = _with_year(e.first, 1999)
    ba, bb = a.bounds(), b.bounds()
    if ba is None or bb is None or ba[0] > bb[1]:
        return None
    if a.precision == "day" and b.precision == "day":
        return "day", bb[1] - ba[0] + 1
    if a.precision == "month" and b.precision == "month":
        assert a.year is not None and b.year is not None
        assert a.month is not None and b.month is not None
        return "month", (b.year * 12 + b.month) - (a.year * 12 + a.month) + 1
    if a.precision == "year" and b.precision == "year":
        assert a.year is not None and b.year is not None
        return "year", b.year - a.year + 1
    return None


def _fits(n: int, unit: str, precision: str, length: float) -> bool | None:
    """Whether "n unit" fits an inclusive length; None when they cannot be compared."""
    if precision == "day":
        if unit == "day":
            return n in (length, length - 1)
        if unit == "week":
            return 7 * n - 2 <= length <= 7 * n + 2
        if unit == "month":
            return abs(length / 30.44 - n) <= 0.5
        return abs(length / 365.25 - n) <= 0.5
    if precision == "month":
        if unit == "month":
            return n in (length, length - 1)
        if unit == "year":
            return abs(length / 12 - n) <= 1
        return None
    if unit == "year":
        return n in (length, length - 1)
    return None


def _describe_length(precision: str, length: float) -> str:
    n = int(length)
    unit = precision + ("s" if n != 1 else "")
    return f"{n} {unit} counting both ends"


def duration(a: DateAnalysis, approximate: re.Pattern[str]) -> Iterator[Hit]:
    text = a.text
    for e in a.exprs:
        if e.last is None or e.connector == "list":
            continue
        span = _span_of(e)
        if span is None:
            continue
        s_start, s_end = a.sentence(e.start)
        durations = [
            m
            for m in _DURATION.finditer(text, s_start, s_end)
            if not (m.start() < e.end and e.start < m.end())
        ]
        ranges = [x for x in a.exprs_between(s_start, s_end) if x.last is not None]
        if len(durations) != 1 or len(ranges) != 1:
            continue
        m = durations[0]
        gap = e.start - m.end() if m.end() <= e.start else m.start() - e.end
        if gap > 80:
            continue
        if _NOT_A_SPAN_AFTER.match(text, m.end()):
            continue
        if approximate.search(text, max(s_start, m.start() - 25), m.start()):
            continue
        n = number_value(m.group("n").replace("\u2011", "-"))
        if n is None or n == 0:
            continue
        unit = m.group("u").lower()
        ok = _fits(n, unit, span[0], span[1])
        if ok is None or ok:
            continue
        start, end = min(m.start(), e.start), max(m.end(), e.end)
        yield Hit(
            start,
            end,
            args={
                "duration": text[m.start() : m.end()],
                "range": text[e.start : e.end],
                "actual": _describe_length(*span),
            },
        )


# -- 5. anniversaries, "N years ago", "N years later" ---------------------------------

_ANNIVERSARY: Final = lazy_compile(
    rf"(?<![\w-])(?:(?P<ord>\d{{1,3}}(?:st|nd|rd|th)|{ORDINAL_WORD_RE})\s+anniversary"
    r"|(?P<named>bicentenar(?:y|ies)|bicentennial|tercentenary|tricentennial|"
    r"quatercentenary|quincentenary|quincentennial|sesquicentennial|sesquicentenary|"
    r"semicentennial|centenary|centennial))\b"
    rf"|(?<![\w-])(?P<n>\d{{1,3}}|{NUMBER_WORD_RE}|a)\s+(?P<u>years?|decades?)\s+"
    r"(?P<rel>ago|later|earlier)\b",
    re.IGNORECASE,
)
_NAMED_ANNIVERSARIES: Final = {
    "centenary": 100,
    "centennial": 100,
    "bicentenary": 200,
    "bicentenaries": 200,
    "bicentennial": 200,
    "tercentenary": 300,
    "tricentennial": 300,
    "quatercentenary": 400,
    "quincentenary": 500,
    "quincentennial": 500,
    "sesquicentennial": 150,
    "sesquicentenary": 150,
    "semicentennial": 50,
}
_YEAR_TOKEN: Final = lazy_compile(r"(?<![\w.,/:\-–])(1[5-9]\d\d|20\d\d)(?![\w%]|[.,:/\-–]\d)")
# Where an anniversary phrase may end: the regex above runs only around these words.
_ANNIV_KEYS: Final = r"nniversar|entenar|entennial|\b(?:ago|later|earlier)\b"


_DETERMINERS: Final = frozenset(
    ["the", "its", "his", "her", "their", "our", "this", "that", "whose"]
)


def year_mentions(a: DateAnalysis, start: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end, year) of the years written in ``text[start:end]`` that are years:
    not page numbers, counts or parts of a name ("Euro 2016")."""
    text = a.text
    out: list[tuple[int, int, int]] = []
    for m in _YEAR_TOKEN.finditer(text, start, end):
        prev_m = PREV_WORD.search(text, max(0, m.start() - 40), m.start())
        prev = ""
        if prev_m is not None and not text[prev_m.end(1) : m.start()].strip(" (\"'“‘"):
            prev = prev_m.group(1)
        low = prev.lower()
        if low in NUMBER_CONTEXT:
            continue
        if (
            prev
            and prev[0].isupper()
            and low not in YEAR_CUES
            and low.rstrip(".") not in MONTHS
            and not sentence_initial(text, prev_m.start(1) if prev_m else m.start())
        ):
            continue  # "Euro 2016", "Tokyo 2020", "(Smith 2016)"
        if low not in _DETERMINERS and count_follows(text, m.end()):
            continue  # "1945 soldiers"; but "the 1944 landings" is a year
        out.append((m.start(), m.end(), int(m.group(1))))
    return out


def anniversary(a: DateAnalysis) -> Iterator[Hit]:
    text = a.text
    ref = a.published
    ref_name = "publication date"
    for m in _anniversary_phrases(text):
        s_start, s_end = a.sentence(m.start())
        if m.group("rel") is None:
            n = ordinal_value(m.group("ord")) if m.group("ord") else None
            if m.group("named"):
                n = _NAMED_ANNIVERSARIES.get(m.group("named").lower())
            if n is None:
                continue
            years = sorted({y for _, _, y in year_mentions(a, s_start, s_end)})
            if len(years) != 2:
                continue
            diff = years[1] - years[0]
            if diff == n:
                continue
            yield Hit(
                m.start(),
                m.end(),
                args={
                    "detail": f"{years[1]} − {years[0]} = {diff} years, not {n}",
                    "note": "",
                },
            )
            continue
        n = 1 if m.group("n").lower() == "a" else number_value(m.group("n"))
        if n is None:
            continue
        if m.group("u").lower().startswith("decade"):
            n *= 10
        rel = m.group("rel").lower()
        if rel == "ago":
            if ref is None:
                continue
            attached = _attached_year(a, m)
            if attached is None:
                continue
            year = attached
            diff = ref.year - year
            if abs(diff - n) <= 1:
                continue
            yield Hit(
                m.start(),
                m.end(),
                args={
                    "detail": f"{year} was {diff} years before the {ref_name} ({ref.isoformat()})",
                    "note": " (counted from the publication date)",
                },
                severity="warning",
            )
            continue
        hit = _later_earlier(a, m, n, rel)
        if hit is not None:
            yield hit


_YEAR_BEFORE: Final = lazy_compile(r"(?:in\s+)?(1[5-9]\d\d|20\d\d)\)?,?\s*$")


def _attached_year(a: DateAnalysis, m: re.Match[str]) -> int | None:
    """The year written right beside "N years ago": "twenty years ago, in 2004",
    "in 2004, twenty years ago", "twenty years ago (2004)"."""
    text = a.text
    t = _TARGET_AFTER.match(text, m.end())
    assert t is not None
    after = a.expr_at(t.end())
    if after is not None and not after.is_range and after.first.year_written:
        return after.first.year
    b = _YEAR_BEFORE.search(text, max(0, m.start() - 12), m.start())
    if b is not None:
        return int(b.group(1))
    return None


def _anniversary_phrases(text: str) -> Iterator[re.Match[str]]:
    last = -1
    for k_start, k_end in match_spans(_ANNIV_KEYS, text):
        m = _ANNIVERSARY.search(text, max(last, k_start - 40), k_end + 16)
        if m is not None and m.start() >= last and m.start() <= k_start:
            last = m.end()
            yield m


_TARGET_AFTER: Final = lazy_compile(r"[\s,]*(?:\(|in\s+|on\s+|by\s+)?(?:the\s+year\s+)?")


def _later_earlier(a: DateAnalysis, m: re.Match[str], n: int, rel: str) -> Hit | None:
    """'five years later, in 1995' against the year of the dated statement before it."""
    text = a.text
    t = _TARGET_AFTER.match(text, m.end())
    assert t is not None
    target = a.expr_at(t.end())
    if target is None or target.is_range or not target.first.year_written:
        return None
    p_start, _ = a.paragraph(m.start())
    before = a.exprs_between(max(p_start, m.start() - _MAX_LOOKBACK), m.start())
    if not before:
        return None
    ref_expr = before[-1]
    s_start, _ = a.sentence(ref_expr.start)
    group = [e for e in before if e.start >= s_start]
    years = {e.written_year() for e in group}
    if len(years) != 1 or None in years or ref_expr.is_range:
        return None
    r, q = ref_expr.first, target.first
    assert r.year is not None and q.year is not None
    later, earlier = (q, r) if rel == "later" else (r, q)
    assert later.year is not None and earlier.year is not None
    if later.month is not None and earlier.month is not None:
        months = (later.year * 12 + later.month) - (earlier.year * 12 + earlier.month)
        if abs(months / 12 - n) < 1:
            return None
        actual = f"{months / 12:.1f}".rstrip("0").rstrip(".")
    else:
        if abs((later.year - earlier.year) - n) <= 1:
            return None
        actual = str(later.year - earlier.year)
    return Hit(
        m.start(),
        target.end,
        args={
            "detail": f"{text[ref_expr.start : ref_expr.end]} to "
            f"{text[target.start : target.end]} is {actual} years, not {n}",
            "note": "",
        },
    )


# -- 6. narrative order against an explicit cue ---------------------------------------


def narrative_order(
    a: DateAnalysis,
    cues: str,
    flashback: re.Pattern[str],
    max_gap_without_year: int,
    position: Callable[[int], tuple[int, int]],
) -> Iterator[Hit]:
    """``cues`` is a :func:`phrase_scan_pattern`: one scan of the text finds every cue."""
    text = a.text
    exprs = a.exprs
    starts = [x.start for x in exprs]
    for cue_start, cue_end in match_spans(cues, text):
        if cue_start > 0 and text[cue_start - 1] in "-‑":
            continue
        i = bisect_left(starts, cue_end)
        if i == 0 or i >= len(exprs):
            continue
        e = exprs[i]
        if e.start - cue_end > 40 or not _LINK_TO_DATE.fullmatch(text, cue_end, e.start):
            continue
        s_start, s_end = a.sentence(e.start)
        if cue_start < s_start or not _CLAUSE_OPENING.search(text[s_start:cue_start]):
            continue  # the cue must open a sentence or a clause, not sit in a quotation
        if flashback.search(text, s_start, s_end):
            continue  # "Later, on 8 May, it emerged that the deal had been signed ..."
        window = a.exprs_between(max(0, cue_start - _MAX_LOOKBACK), cue_start)
        last = next((x for x in reversed(window) if _in_statement(text, x)), None)
        if last is None:
            continue
        if a.paragraph(last.start) != a.paragraph(e.start):
            p_start, _ = a.paragraph(e.start)
            if last.end < p_start - 400 or _paragraphs_between(a, last.start, e.start) > 1:
                continue
        group_start = s_start if last.start >= s_start else a.sentence(last.start)[0]
        group = [x for x in window if x.start >= group_start and _in_statement(text, x)]
        hit = _order_hit(e, group, text[cue_start:cue_end], max_gap_without_year, a, position)
        if hit is not None:
            hit.start = min(hit.start, cue_start)
            yield hit


_MAX_LOOKBACK: Final = 3000
"""How far back (code points) the previous dated statement may start."""
_WORDS: Final = lazy_compile(r"[^\W\d_]{2,}")


def _in_statement(text: str, e: DateExpr) -> bool:
    """The date stands in a sentence, not alone on a line as a dateline or a timestamp
    ("November 20, 2019", "Posted Nov. 5, 2019 | 10:04")."""
    ls = text.rfind("\n", 0, e.start) + 1
    le = text.find("\n", e.end)
    rest = text[ls : e.start] + " " + text[e.end : le if le >= 0 else len(text)]
    return len(_WORDS.findall(rest)) >= 4


_CLAUSE_OPENING: Final = lazy_compile(r"(?:^|[,;:—–]\s*|\s(?:and|but|then)\s+)$|^\W*$")
_LINK_TO_DATE: Final = lazy_compile(
    r"[\s,(]*(?:(?:on|in|at|by|during|that|the|of)[\s,]+){0,3}", re.IGNORECASE
)


def _paragraphs_between(a: DateAnalysis, start: int, end: int) -> int:
    return sum(1 for ps, _ in a.paragraphs if start < ps <= end)


def _order_hit(
    e: DateExpr,
    group: list[DateExpr],
    cue: str,
    max_gap: int,
    a: DateAnalysis,
    position: Callable[[int], tuple[int, int]],
) -> Hit | None:
    p = e.first
    points = [x.first for x in group]
    uncertain = [q for q in (p, *points) if not q.year_written]
    if any(q.day is None and q.month is None and not q.year_written for q in (p, *points)):
        return None
    if uncertain and (p.year is None or any(q.year is None for q in points)):
        # a date without any year: the text implies one year for all (a leap one if
        # no date has a year at all)
        common = p.year or next((q.year for q in points if q.year is not None), 2000)
        p = _with_year(p, common)
        points = [_with_year(q, common) for q in points]
    b = p.bounds()
    others = [q.bounds() for q in points]
    if b is None or any(o is None for o in others):
        return None
    earliest = min(o[0] for o in others if o is not None)
    if b[1] >= earliest:
        return None
    if uncertain and earliest - b[1] > max_gap:
        return None  # a year may have turned in between
    prev = min(group, key=lambda x: x.first.bounds() or (0, 0))
    note = inferred_note(e.first, *[x.first for x in group])
    if uncertain and not note:
        note = " (assuming the same year)"
    line_of_prev = position(prev.start)[0]
    return Hit(
        e.start,
        e.end,
        args={
            "cue": " ".join(cue.split()),
            "date": a.text[e.start : e.end],
            "previous": a.text[prev.start : prev.end],
            "previous_line": line_of_prev,
            "note": note,
        },
        severity="warning" if uncertain else None,
    )


def _crosses_new_year(e: DateExpr) -> bool:
    """A year-less range whose months go backwards runs over New Year ("28 Dec – 3 Jan")."""
    a, b = e.first, e.last
    return (
        b is not None
        and a.year is None
        and b.year is None
        and a.month is not None
        and b.month is not None
        and a.month > b.month
    )


def _with_year(p: DatePoint, year: int) -> DatePoint:
    if p.year is not None:
        return p
    return DatePoint(p.day, p.month, year, False, p.weekday, "assumed")


# -- 7. past-tense date after the publication date -------------------------------------


_CLOCK_AFTER: Final = lazy_compile(
    r"[\s,|@–—-]*(?:at\s+)?\d{1,2}(?:[:.h]\d\d|\s*(?:am|pm|a\.m\.|p\.m\.))", re.IGNORECASE
)


def after_publication(
    a: DateAnalysis,
    past: re.Pattern[str],
    skip: re.Pattern[str],
    min_days: int,
) -> Iterator[Hit]:
    """Day- or month-precise dates with a written year, after publication, in a
    sentence with a past-tense word and none of the ``skip`` words."""
    pub = a.published
    if pub is None:
        return
    limit = (pub + timedelta(days=min_days)).toordinal()
    text = a.text
    for e in a.exprs:
        p = e.first
        if not p.year_written or p.precision == "year":
            continue
        b = p.bounds()
        if b is None or b[0] <= limit:
            continue
        if _CLOCK_AFTER.match(text, e.end):
            continue  # a timestamp ("on 12 September 2018 at 4:47 pm said:"), not narration
        s_start, s_end = a.sentence(e.start)
        if skip.search(text, s_start, s_end):
            continue
        if not past.search(text, s_start, s_end):
            continue
        yield Hit(e.start, e.end, args={"published": _fmt(pub)})


# -- 8. one event, two dates ----------------------------------------------------------

_EVENT_BEFORE: Final = lazy_compile(
    r"\b(?:the|The)\s+((?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+"
    r"(?:of|on|held\s+on|signed\s+on|dated|that\s+took\s+place\s+on)\s+$"
)


def event_conflict(
    a: DateAnalysis, generic: frozenset[str], position: Callable[[int], tuple[int, int]]
) -> Iterator[Hit]:
    text = a.text
    seen: dict[str, tuple[DateExpr, tuple[int, int, int]]] = {}
    for e in a.exprs:
        p = e.first
        if e.is_range or p.day is None or not p.year_written or not p.valid:
            continue
        s_start, _ = a.sentence(e.start)
        m = _EVENT_BEFORE.search(text, max(s_start, e.start - 80), e.start)
        if m is None:
            continue
        phrase = " ".join(m.group(1).lower().split())
        words = phrase.split()
        if words[-1] in generic or all(w in generic for w in words):
            continue
        assert p.year is not None and p.month is not None
        key = (p.year, p.month, p.day)
        if phrase not in seen:
            seen[phrase] = (e, key)
            continue
        first, first_key = seen[phrase]
        if first_key == key:
            continue
        line, _ = position(first.start)
        yield Hit(
            m.start(1),
            e.end,
            args={
                "event": m.group(1),
                "date": text[e.start : e.end],
                "other": text[first.start : first.end],
                "other_line": line,
            },
        )
