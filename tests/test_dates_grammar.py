"""The date grammar: what is a date, where exactly it stands, and what is not a date."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_lint.dates_analysis import analyse
from corpus_lint.dates_grammar import (
    DateExpr,
    number_value,
    ordinal_value,
    parse_date_string,
    parse_dates,
)
from corpus_lint.document import Document


def found(text: str) -> list[str]:
    return [text[e.start : e.end] for e in parse_dates(text)]


def one(text: str) -> DateExpr:
    exprs = parse_dates(text)
    assert len(exprs) == 1, found(text)
    return exprs[0]


# -- single dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "day", "month", "year", "weekday"),
    [
        ("It rained on 8 May 2024, they said.", "8 May 2024", 8, 5, 2024, None),
        ("It rained on May 8, 2024.", "May 8, 2024", 8, 5, 2024, None),
        ("It rained on Monday, 8 May 2024.", "Monday, 8 May 2024", 8, 5, 2024, 0),
        ("It rained on Tuesday, May 8, 2024.", "Tuesday, May 8, 2024", 8, 5, 2024, 1),
        ("It rained on the 8th of May 2024.", "8th of May 2024", 8, 5, 2024, None),
        ("It rained on Wed. 8 May.", "Wed. 8 May", 8, 5, None, 2),
        ("Posted Nov. 20, 2019 at noon", "Nov. 20, 2019", 20, 11, 2019, None),
        ("On May 8 the secretary spoke.", "May 8", 8, 5, None, None),
        ("It worsened in March 2018 due to", "March 2018", None, 3, 2018, None),
        ("Stamp: 2024-05-08.", "2024-05-08", 8, 5, 2024, None),
        ("Am 8. Mai 2024 regnete es.", "8. Mai 2024", 8, 5, 2024, None),
        ("Il a plu le lundi 8 mai 2024.", "lundi 8 mai 2024", 8, 5, 2024, 0),
        ("Llovió el 8 de mayo de 2024.", "8 de mayo de 2024", 8, 5, 2024, None),
        ("Het regende op 8 mei 2024.", "8 mei 2024", 8, 5, 2024, None),
        ("The attack of\n8 May 2024 was", "8 May 2024", 8, 5, 2024, None),
        ("The 8\nMay 2024 deadline", "8\nMay 2024", 8, 5, 2024, None),
    ],
)
def test_single_dates_keep_what_was_written(
    text: str, span: str, day: int | None, month: int, year: int | None, weekday: int | None
) -> None:
    e = one(text)
    assert text[e.start : e.end] == span
    assert (e.first.day, e.first.month, e.first.year, e.first.weekday) == (
        day,
        month,
        year,
        weekday,
    )
    assert e.first.year_written is (year is not None)
    assert e.last is None


def test_impossible_dates_are_kept_not_repaired() -> None:
    e = one("It was 31 April 2023.")
    assert (e.first.day, e.first.month, e.first.year) == (31, 4, 2023)
    assert not e.first.valid
    assert not one("on 29 February 2023").first.valid
    assert one("on 29 February 2024").first.valid
    assert one("on 29 February").first.valid  # some year has it


def test_offsets_are_code_points() -> None:
    text = "Ünïcödé 😀 — on 8 May 2024 and «May 9»"
    exprs = parse_dates(text)
    assert [text[e.start : e.end] for e in exprs] == ["8 May 2024", "May 9"]
    assert exprs[0].start == text.index("8 May")


def test_year_after_a_time_word() -> None:
    assert found("It was founded in 2016 and grew.") == ["2016"]
    assert found("Since 1991, it has grown.") == ["1991"]
    assert found("in the summer of 1945 the war ended") == ["1945"]
    e = one("in 2016 alone")
    assert e.first.precision == "year"


# -- ranges ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "first", "last"),
    [
        (
            "The dialogue, held between April and December 2017, brought",
            "between April and December 2017",
            (None, 4, 2017),
            (None, 12, 2017),
        ),
        (
            "Between 15–17 February, a delegation",
            "Between 15–17 February",
            (15, 2, None),
            (17, 2, None),
        ),
        (
            "the exercise from 10 to 25 February 2022.",
            "from 10 to 25 February 2022",
            (10, 2, 2022),
            (25, 2, 2022),
        ),
        ("It ran from 2013 to 2016.", "from 2013 to 2016", (None, None, 2013), (None, None, 2016)),
        (
            "It ran between 2013 and 2016.",
            "between 2013 and 2016",
            (None, None, 2013),
            (None, None, 2016),
        ),
        ("It ran in 2013–2016 only.", "2013–2016", (None, None, 2013), (None, None, 2016)),
        ("It ran February 10–25, 2022.", "February 10–25, 2022", (10, 2, 2022), (25, 2, 2022)),
        (
            "It ran from 28 February to 3 March 2022.",
            "from 28 February to 3 March 2022",
            (28, 2, 2022),
            (3, 3, 2022),
        ),
        (
            "It ran from 28 December to 3 January 2022.",
            "from 28 December to 3 January 2022",
            (28, 12, 2021),
            (3, 1, 2022),
        ),
        (
            "It ran between November and February 2017.",
            "between November and February 2017",
            (None, 11, 2016),
            (None, 2, 2017),
        ),
        (
            "It ran from March 2015 to May 2016.",
            "from March 2015 to May 2016",
            (None, 3, 2015),
            (None, 5, 2016),
        ),
    ],
)
def test_ranges(
    text: str,
    span: str,
    first: tuple[int | None, int | None, int | None],
    last: tuple[int | None, int | None, int | None],
) -> None:
    e = one(text)
    assert text[e.start : e.end] == span
    assert e.last is not None
    assert (e.first.day, e.first.month, e.first.year) == first
    assert (e.last.day, e.last.month, e.last.year) == last


def test_two_dates_joined_by_and_are_two_dates_not_a_range() -> None:
    exprs = parse_dates("Talks were held on May 8 and 16 in Geneva.")
    assert all(not e.is_range for e in exprs)
    assert exprs and (exprs[0].first.day, exprs[0].first.month) == (8, 5)


def test_a_blank_line_breaks_an_expression() -> None:
    assert found("March\n\n2015 was") == []


# -- not dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "You may go.",
        "They march on.",
        "March on, soldiers!",
        "Sun and sea.",
        "These 8 may be enough.",
        "re-opened ahead of the Euro 2016 tournament",
        "the Tokyo 2020 Games",
        "the Vision 2030 plan",
        "in the run-up to the 2018 Football World Cup",
        "there were 2,016 soldiers",
        "with 1945 soldiers",
        "in 1945 soldiers were",
        "call 020 7946 2016 now",
        "call +44-20-2016 now",
        "a rise of 2016% overall",
        "as argued before (Smith 2016)",
        "as argued before (Smith, 2016)",
        "see page 2016",
        "see section 12 May",
        "under article 2019",
        "resolution 2334 of the council",
        "No. 2016 was missing",
        "vol. 2016 of the series",
        "in table 2016",
        "figure 2016 shows",
        "In April 31 people died.",
        "rolling out Windows 10 November Update",
        "version 2.15 May",
        "a total of 2016 votes",
        "COVID-19",
        "$15 May",
        "non l'ho mai 8 volte",
    ],
)
def test_not_dates(text: str) -> None:
    exprs = parse_dates(text)
    assert [text[e.start : e.end] for e in exprs] == []


def test_event_name_beside_a_real_date() -> None:
    text = "but re-opened in 2016 ahead of the Euro 2016 tournament"
    assert found(text) == ["2016"]
    assert parse_dates(text)[0].start == text.index("2016")


# -- numbers, metadata ------------------------------------------------------------------


def test_number_words() -> None:
    assert number_value("ten") == 10
    assert number_value("Twenty-five") == 25
    assert number_value("12") == 12
    assert number_value("tenth") is None
    assert ordinal_value("seventy-fifth") == 75
    assert ordinal_value("75th") == 75
    assert ordinal_value("hundredth") == 100


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01", (2024, 3, 1)),
        ("2024-03-01T10:00:00+00:00", (2024, 3, 1)),
        ("March 1, 2024", (2024, 3, 1)),
        ("1 March 2024", (2024, 3, 1)),
        ("2024-02-30", None),
        ("soon", None),
    ],
)
def test_parse_date_string(value: str, expected: tuple[int, int, int] | None) -> None:
    d = parse_date_string(value)
    assert (None if d is None else (d.year, d.month, d.day)) == expected


# -- anchors ----------------------------------------------------------------------------


def doc(text: str, **metadata: str) -> Document:
    return Document(text=text, path="d.txt", id="d.txt", metadata=dict(metadata))


def test_year_from_earlier_in_the_paragraph() -> None:
    a = analyse(doc("In 2017 the talks began. On 8 May they stalled."))
    p = a.exprs[-1].first
    assert (p.year, p.year_written, p.year_source) == (2017, False, "paragraph")


def test_year_anchor_does_not_cross_paragraphs_and_falls_back_to_publication() -> None:
    a = analyse(doc("In 2017 the talks began.\n\nOn 8 May they stalled.", published="2019-01-02"))
    p = a.exprs[-1].first
    assert (p.year, p.year_source) == (2019, "published")


def test_year_from_a_dateline() -> None:
    a = analyse(doc("Headline\n\nNovember 20, 2019\n\nOn 8 May they stalled."))
    assert a.dateline is not None and a.dateline.year == 2019
    p = a.exprs[-1].first
    assert (p.year, p.year_source) == (2019, "dateline")


def test_no_anchor_no_year() -> None:
    a = analyse(doc("On 8 May they stalled."))
    assert a.exprs[0].first.year is None
    assert a.exprs[0].first.year_source == ""


def test_parse_is_shared_through_the_cache() -> None:
    d = doc("On 8 May 2024 it rained.")
    first = analyse(d)
    assert d.cache["dates"] is first
    assert analyse(d) is first


def test_sentences() -> None:
    text = "Mr. Smith came on 8 May. Later, on 9 May, he left.\nNew line here."
    a = analyse(doc(text))
    s, e = a.sentence(text.index("9 May"))
    assert text[s:e].startswith("Later") and text[s:e].rstrip().endswith("left.")
    s, e = a.sentence(text.index("8 May"))
    assert text[s:e].startswith("Mr. Smith")


# -- robustness -------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "8",
        "31",
        "2016",
        "2019",
        "May",
        "March",
        "Monday",
        "Sun",
        " ",
        "\n",
        "\n\n",
        "–",
        "-",
        "to",
        "from",
        "between",
        "and",
        "in",
        "on",
        "Subsequently,",
        "later",
        "ten-day",
        "75th anniversary",
        "years ago",
        "of",
        ".",
        ",",
        "(",
        ")",
        "Euro",
        "page",
        "ère",
        "😀",
        "2024-02-30",
        "29 February",
        "de",
        "mai",
        "lundi",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_never_raises_and_spans_are_sane(pieces: list[str]) -> None:
    text = " ".join(pieces)
    exprs = parse_dates(text)
    last_end = 0
    for e in exprs:
        assert 0 <= e.start < e.end <= len(text)
        assert e.start >= last_end or e.form == "link" or e.connector
        last_end = e.end
    analyse(doc(text, published="2020-01-01"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    for e in parse_dates(text):
        assert 0 <= e.start < e.end <= len(text)
