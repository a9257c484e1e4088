"""The date grammar's fast paths give what the plain ones give: RE2 scans over UTF-8
bytes, digit runs found with numpy, the cue-word test before ``_prev_word``."""

from __future__ import annotations

import random

import numpy  # noqa: F401  (the numpy path runs only once numpy is loaded)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_lint import dates_grammar as g

TOKENS = [
    "May", "may", "MARCH", "Mar.", "sept.", "Monday,", "Sun", "mai", "März", "février",
    "lunedì", "sábado", "segunda-feira", "8", "08", "31", "2024", "1999", "12345", "0",
    "٢٠١٦", "٨", "２０２４", "१९९९", "1st", "8th", "of", "the", "de", "in", "from",
    "between", "and", "to", "–", "-", "until", "page", "No.", "Euro", "soldiers", "c.",
    "mid-", "(", ")", '"', "“", "’", "«", "é", "中文", "😀", "\u00a0", "\n", "\n\n", "\t",
    ",", ".", ":", "2013-2016", "2024-05-08", "10:30", "summer", "year", "İ",
]  # fmt: skip

texts = st.lists(st.sampled_from(TOKENS), max_size=80).map(
    lambda parts: "".join(p + (" " if i % 3 else "") for i, p in enumerate(parts))
)


def _plain_spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in g.scanner(pattern).finditer(text)]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_match_spans_agree_with_the_scanner(text: str) -> None:
    for pattern in (g._NAME_PATTERN, r"(?i)\b(?:later|ago|in \d+)\b", "nniversar|é|中"):
        spans = g.match_spans(pattern, text)
        assert spans == _plain_spans(pattern, text)
        assert g.match_spans(pattern, text, starts_only=True) == [s for s, _ in spans]


def _plain_runs(text: str, names: list[int]) -> list[tuple[int, int]]:
    """The digit runs parse_dates can use, found one by one."""
    out = []
    for m in g._DIGITS.finditer(text):
        ds, de = m.span()
        width = de - ds
        before = any(ds - g._LOOKBACK <= n < ds for n in names)
        after = [n for n in names if n >= ds]
        day = width <= 2 and bool(after) and after[0] - de <= g._DAY_LOOKAHEAD
        if width == 4 or before or day:
            out.append((ds, de))
    return out


@settings(max_examples=300, deadline=None)
@given(texts)
def test_digit_runs_with_numpy_agree(text: str) -> None:
    names = g._name_starts(text)
    saved = g._NUMPY_FROM
    g._NUMPY_FROM = 0
    try:
        fast = g._digit_runs(text, names)
    finally:
        g._NUMPY_FROM = saved
    assert fast == _plain_runs(text, names)


def test_digit_runs_see_every_decimal_digit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(g, "_NUMPY_FROM", 0)
    text = "in ٢٠١٦ and १९९९, in ２０２４, in 𝟐𝟎𝟐𝟒 ²³⁴⁵ \ud800 in 2016"
    assert g._digit_runs(text, []) == _plain_runs(text, [])
    assert [text[s:e] for s, e in g._digit_runs(text, [])] == [
        "٢٠١٦",
        "१९९९",
        "２０２４",
        "𝟐𝟎𝟐𝟒",
        "2016",
    ]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_parse_dates_same_with_and_without_numpy(text: str) -> None:
    plain = repr(g.parse_dates(text))
    saved = g._NUMPY_FROM
    g._NUMPY_FROM = 0
    try:
        assert repr(g.parse_dates(text)) == plain
    finally:
        g._NUMPY_FROM = saved


def test_cue_ends_cover_every_year_cue() -> None:
    assert all(w[-1] in g._CUE_ENDS for w in g.YEAR_CUES)
    assert not any(c in g._CUE_ENDS for c in g._WORD_GAP)


def _year_is_time_plain(text: str, start: int, end: int, in_range: bool) -> bool:
    """_year_is_time without its quick test."""
    prev = g._prev_word(text, start)
    low = prev.lower()
    if low in g.NUMBER_CONTEXT:
        return False
    if not in_range and low not in g.YEAR_CUES:
        return False
    if low == "of":
        m = g.PREV_WORD.search(text, max(0, start - 60), start - len(prev) - 1)
        if m is None or m.group(1).lower() not in g._OF_TIME_NOUNS:
            return False
    return not g.count_follows(text, end)


def test_year_cue_quick_test_changes_nothing() -> None:
    rnd = random.Random(5)
    words = [*g.YEAR_CUES, "the", "page", "Smith", "e.g.", "In", "C.", "", "é", "1", "_", "o'"]
    gaps = [*g._WORD_GAP, "\n", ",", ".", "-", "’", "$", "", "", "  "]
    for _ in range(20000):
        word = rnd.choice(words)
        word = word.upper() if rnd.random() < 0.1 else word
        gap = "".join(rnd.choice(gaps) for _ in range(rnd.randint(0, 4)))
        prefix = rnd.choice(["", " ", "the summer ", "\n", "x."])
        text = prefix + word + gap + "2016" + rnd.choice(["", " soldiers", " and"])
        start = len(prefix + word + gap)
        for in_range in (False, True):
            expected = _year_is_time_plain(text, start, start + 4, in_range)
            assert g._year_is_time(text, start, start + 4, in_range) == expected, text
