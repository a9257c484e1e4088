"""Precision of the structure rules: article content that looks like furniture line by line.

Lists and schedules framed by the article's prose, and hard-wrapped plain-text or Markdown
paragraphs (each line a fragment of a sentence), are content; true furniture around them is
still flagged.
"""

from __future__ import annotations

import textwrap

from conftest import FIXTURES
from helpers import lint_text
from test_boilerplate_structure import (
    ALL_BP,
    FOOTER,
    MENU,
    PARA,
    PARA2,
    PARA3,
    STRUCTURE,
    _pack,
    flagged_lines,
    page,
)

PRECISION = FIXTURES / "precision"


def _body(text: str, fmt: str = "txt") -> tuple[str, str] | None:
    """The first and last line of the article body the structure analysis finds."""
    from corpus_lint.detectors.boilerplate import StructureDetector
    from corpus_lint.document import Document

    options = _pack("boilerplate-structure.yaml")["rules"][0]["options"]  # type: ignore[index]
    detector = StructureDetector(options)
    doc = Document(text=text, path=f"doc.{fmt}", id=f"doc.{fmt}", format=fmt)
    body = detector.analysis(doc).body
    if body is None:
        return None
    lines = text.split("\n")
    return lines[body.first].strip(), lines[body.last].strip()


def _bp(text: str, fmt: str = "txt") -> list[str]:
    """Rule and excerpt of every boilerplate finding."""
    return [f"{f.rule} {f.message}" for f in lint_text(text, ALL_BP, fmt) if f.rule[:2] == "BP"]


# -- lists and schedules inside an article --------------------------------------------------


def test_squad_article_is_clean() -> None:
    """Its headline too: a lone line above the body is kept as the article's title (the
    bench's gold leaves headlines out, but a title is part of the document it heads)."""
    text = (PRECISION / "squad_article.txt").read_text("utf-8")
    assert _bp(text) == []


SCHEDULE = [
    "Sunday 3 March: Manchester City v Manchester United",
    "Saturday 9 March: Manchester United v Everton",
    "Saturday 16 March: Manchester United v Liverpool",
]
SQUAD = ["Andre Onana", "Diogo Dalot", "Raphael Varane", "Luke Shaw", "Casemiro"]


def test_schedule_introduced_in_an_article_is_content() -> None:
    text = page(MENU, PARA, "The squad in full:", SQUAD, "Upcoming fixtures:", SCHEDULE, PARA2)
    flagged = flagged_lines(text, STRUCTURE)
    assert not {PARA, *SQUAD, *SCHEDULE, "Upcoming fixtures:"} & flagged
    assert set(MENU) <= flagged


def test_dated_teasers_after_the_article_are_still_flagged() -> None:
    teasers = [
        "March 3, 2020: Council approves new bus lanes",
        "March 4, 2020: Library hours to be extended",
        "March 5, 2020: New mayor sworn in at the town hall",
    ]
    text = page(MENU, PARA, PARA2, PARA3, "Latest news:", teasers, FOOTER)
    flagged = flagged_lines(text, [*STRUCTURE, "BP001", "BP002"])
    assert set(teasers) <= flagged
    assert not {PARA, PARA2, PARA3} & flagged


def test_lone_dates_keep_their_cost_in_a_list() -> None:
    """A date line that is not a row of a schedule still ends the body (a byline block)."""
    text = page(
        MENU, "Posted in:", "Local News", "March 3, 2020", "Jane Doe", PARA, PARA2, FOOTER
    )  # fmt: skip
    flagged = flagged_lines(text, STRUCTURE)
    assert "March 3, 2020" in flagged
    assert not {PARA, PARA2} & flagged


# -- hard-wrapped documents -----------------------------------------------------------------


def test_hard_wrapped_markdown_guide_is_clean() -> None:
    text = (PRECISION / "wrapped_guide.md").read_text("utf-8")
    assert _bp(text, "md") == []
    assert _bp(text, "txt") == []


def _wrapped(*paragraphs: str, width: int = 72) -> list[str]:
    return ["\n".join(textwrap.wrap(p, width)) for p in paragraphs]


LONG1 = (
    "The survey was carried out over three summers by volunteers from the county's walking "
    "clubs, who counted the birds along fixed routes and noted the weather, the state of the "
    "hedges and the crops in the fields on either side of the path."
)
LONG2 = (
    "Their counts show that the number of skylarks fell by a third between the first summer "
    "and the last, while the number of wrens and robins hardly changed, which suggests that "
    "the loss is tied to the fields rather than to the hedges or the weather."
)
LONG3 = (
    "The clubs have agreed to repeat the survey next year, along the same routes and with the "
    "same forms, so that the figures can be compared with the earlier ones without any "
    "correction for changes in the method."
)


LONG4 = (
    "A short report on the survey, with maps of the routes and tables of the counts for each "
    "summer, will be sent to the parish councils in the spring, and the full figures will be "
    "published on the website of the county's wildlife trust."
)
NAMES = (
    "Counts were made by Ann Lee (Ashby Ramblers), Tom Hart (Burton Walking Club), Raj Patel "
    "(Castle Donington Footpath Group), Eve Stone (Derby Hill Walkers), Sam Cole (Melbourne "
    "Strollers) and Kim Ward (Swadlincote Rambling Society), with help from the County "
    "Ecology Unit."
)


def test_wrapped_paragraphs_are_prose_and_furniture_around_them_is_flagged() -> None:
    text = page(MENU, *_wrapped(LONG1, LONG2, LONG3), FOOTER)
    flagged = flagged_lines(text, [*STRUCTURE, "BP001", "BP002"])
    body = {ln for p in _wrapped(LONG1, LONG2, LONG3) for ln in p.split("\n")}
    assert not body & flagged
    assert set(MENU) <= flagged
    assert "About Us" in flagged and "© 2019 Example News" in flagged


def test_wrapped_lines_under_headings_are_content() -> None:
    """Fragments of wrapped sentences that alone read as Title Case headings ("Hill
    Walkers), Sam Cole (Melbourne Strollers) and Kim Ward (Swadlincote"), under Markdown
    headings: a run of them is not a menu."""
    text = page(
        "# Bird survey", *_wrapped(LONG1), "## Who counted", *_wrapped(NAMES), "## Results",
        *_wrapped(LONG2, LONG3, LONG4),
    )  # fmt: skip
    assert _bp(text, "md") == []
    first = _wrapped(LONG1)[0].split("\n")[0]
    last = _wrapped(LONG4)[0].split("\n")[-1]
    assert _body(text, "md") == (first, last)


def test_copyright_inside_a_wrapped_sentence_is_prose() -> None:
    para = (
        "The maps in this report are reproduced from the county atlas, whose publisher holds "
        "the copyright (c) 2021 County Mapping Ltd and has allowed their use here, on the "
        "condition that they are not sold or changed in any way by the clubs."
    )
    lines = textwrap.wrap(para, 72)
    assert any("copyright (c) 2021" in ln for ln in lines)
    text = page(*_wrapped(LONG1), "\n".join(lines), *_wrapped(LONG2, LONG3, LONG4))
    assert _bp(text) == []
    first = _wrapped(LONG1)[0].split("\n")[0]
    assert _body(text) == (first, _wrapped(LONG4)[0].split("\n")[-1])


def test_copyright_line_after_a_wrapped_paragraph_is_a_notice() -> None:
    """A notice that ends a sentence of its own is not joined to the paragraph above it."""
    notice = "© 2021 County Walking Clubs. All rights reserved."
    text = page(MENU, *_wrapped(LONG1, LONG2, LONG3)) + notice + "\n"
    flagged = flagged_lines(text, [*STRUCTURE, "BP002"])
    assert notice in flagged


def test_lines_of_a_web_page_are_not_joined() -> None:
    """A page whose lines are its elements (no line continues on a lower-case line) is
    read line by line: a sentence-case headline over a teaser stays furniture."""
    teaser = [
        "Tow-truck operators come to the rescue of a frozen sailboat",
        "The owner says he is grateful to everyone who helped him get it out.",
    ]
    text = page(MENU, PARA, PARA2, PARA3, "Related Articles", "\n".join(teaser), FOOTER)
    flagged = flagged_lines(text, [*STRUCTURE, "BP001"])
    assert set(teaser) <= flagged
    assert not {PARA, PARA2, PARA3} & flagged


def test_markdown_table_in_a_document_is_content() -> None:
    table = [
        "| Collection | Source | Refresh |",
        "| --- | --- | --- |",
        "| News Wire | Press Agencies | Nightly |",
        "| Public Records | Registry Portal | Weekly |",
        "| Science Papers | Preprint Servers | Weekly |",
        "| Forum Archive | Community Boards | Monthly |",
    ]
    text = page(PARA, "\n".join(table), PARA2, PARA3)
    assert _bp(text, "md") == []
    assert _body(text, "md") == (PARA, PARA3)


def test_inline_link_label_continued_from_the_line_above_is_not_a_link() -> None:
    para = (
        "The rules also flag the labels of links to other articles, such as the inline Read "
        "more: followed by a title, when the label stands at the start of its own line."
    )
    lines = textwrap.wrap(para, 86)
    assert lines[1].startswith("more:")
    text = page(*_wrapped(LONG1), "\n".join(lines), *_wrapped(LONG2, LONG3, LONG4))
    assert "BP027" not in {f.rule for f in lint_text(text, ALL_BP)}
    # a label at the start of its own line is still a link
    link = "Read more: Council approves new bus lanes"
    text = page(PARA, link, PARA2, PARA3)
    assert "BP027" in {f.rule for f in lint_text(text, ALL_BP)}


def test_byline_shaped_line_inside_a_wrapped_sentence_is_prose() -> None:
    """A line of a wrapped paragraph in capitals that begins like a byline ("AUTHORS OR
    ..."), inside a sentence: not a byline."""
    disclaimer = [
        'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR',
        "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,",
        "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE",
        "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER",
        "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,",
        "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE",
        "SOFTWARE.",
    ]
    text = page(*_wrapped(LONG1, LONG2), "\n".join(disclaimer), *_wrapped(LONG3, LONG4))
    assert _bp(text) == []
    # alone, the line is a byline
    assert "BP021" in {f.rule for f in lint_text(page(PARA, disclaimer[3], PARA2), ALL_BP)}
