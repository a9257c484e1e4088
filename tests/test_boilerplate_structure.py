"""BP010-BP026: furniture found from the shape of the text, with near misses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, SEEDS
from helpers import lint_text, matched

STRUCTURE = [
    "BP010", "BP011", "BP012", "BP013", "BP014", "BP015", "BP016", "BP017", "BP018", "BP019",
    "BP020", "BP021", "BP022", "BP023", "BP024", "BP025", "BP026",
]  # fmt: skip
ALL_BP = ["BP"]

PARA = (
    "The committee met on Tuesday to discuss the budget for the coming year, and its members "
    "agreed that the spending plans needed more work before they could be put to a vote."
)
PARA2 = (
    "Several members said the proposals were too vague, while others argued that the delay "
    "would cost the city money, since contracts had to be signed before the end of March."
)
PARA3 = (
    "A final decision is now expected next month, after the finance office has published its "
    "revised estimates and the public has had a chance to comment on the changes."
)
MENU = ["Home", "News", "Sport", "Business", "Culture", "Weather"]
FOOTER = ["About Us", "Contact Us", "Privacy Policy", "Terms of Use", "© 2019 Example News"]


def page(*blocks: list[str] | str) -> str:
    """Join blocks of lines with blank lines, as html-text renders a page."""
    out: list[str] = []
    for b in blocks:
        out.extend([b] if isinstance(b, str) else b)
    return "\n\n".join(out) + "\n"


def flagged_lines(text: str, select: list[str] | str = ALL_BP) -> set[str]:
    """The stripped text of every line a boilerplate finding covers."""
    found = lint_text(text, select)
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\n", text))
    lines = text.split("\n")
    out: set[str] = set()
    for f in found:
        if f.rule[:2] != "BP":
            continue
        for no, s in enumerate(starts):
            e = s + len(lines[no])
            if s < f.end and e > f.start and lines[no].strip():
                out.add(lines[no].strip())
    return out


def rules_of(text: str, line: str, select: list[str] | str = ALL_BP) -> set[str]:
    """The rules flagging the line whose stripped text is ``line``."""
    found = lint_text(text, select)
    start = text.index(line)
    return {
        f.rule for f in found if f.start <= start < f.end or start <= f.start < start + len(line)
    }


# -- the seeds ------------------------------------------------------------------------------


def seed(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return path.read_text("utf-8")


SEED_FURNITURE = {
    "000": [
        "Previous Article",
        "Recent Developments Near the Crimean Peninsula Involving HIMARS Operations",
        "Next Article",
        "Alicante Police and National Forces Target Drug Trafficking at Bus Station",
        "Write a Comment",
        "Leave a Comment",
    ],
    "001": ["Leave a Reply", "Your email address will not be published.", "Our YouTube Channel"],
    "002": [
        "Print",
        "Rate this article",
        "(votes: 3, rating: 4)",
        "(3 votes)",
        "Share this article",
        "Malcolm Chalmers",
        "Deputy Director-General of the Royal United Services Institute (RUSI)",
        "Andrey Kortunov",
        "Ph.D. in History, Academic Director of the Russian International Affairs Council, "
        "RIAC Member",
        "Maria Smekalova",
        "PhD Candidate, Institute for U.S. and Canadian Studies, RAS, RIAC Expert",
        "Defining Dialogue: How to Manage Russia–UK Security Relations. Part 2. "
        "RIAC and RUSI Report, 3 Mb",
        "Poll conducted",
        "1. In your opinion, what are the US long-term goals for Russia?",
        "U.S. wants to establish partnership relations with Russia on condition that it meets "
        "the U.S. requirements",
        "33 (31%)",
        "U.S. wants to deter Russia’s military and political activity",
        "30 (28%)",
        "U.S. wants to dissolve Russia",
        "24 (22%)",
        "U.S. wants to establish alliance relations with Russia under the US conditions to "
        "rival China",
        "21 (19%)",
        "For business",
        "For researchers",
        "For students",
    ],
    "003": [
        "quote",
        "Chalmers",
        "Malcolm Chalmers",
        "Deputy Director General",
        "Melvin",
        "Dr Neil Melvin",
        "Director, International Security",
        "Footnotes",
        "Explore our related content",
    ],
    "004": [
        "Page:ISC Russia Report.pdf/48",
        "From Wikisource",
        "Jump to navigation Jump to search",
        "This page has been validated.",
        "41",
    ],
}

SEED_CONTENT = {
    "000": ["UK-Russia Military Ties Face Hurdles After Attache Expulsion"],
    "001": [
        "Russo-UK relations over the Ukraine Crisis: stalemates, diplomacy, and war on the "
        "Eastern Front?"
    ],
    "002": [],
    "003": [
        "RUSI Delegation Visits Moscow as Part of our UK–Russia Security Dialogue",
        "Professor Malcolm Chalmers commented:",
        "Dr Neil Melvin said:",
    ],
    "004": [
        "ENGAGEMENT WITH RUSSIA",
        "Russian disengagement",
        "The purpose of communication",
        "Sending the right message",
        "2. We note, however, that these two pillars only make up a very small part of the "
        "overall action.",
        "3. The cross-Whitehall Russia Strategy seeks engagement with Russian civil society as "
        "well as the Russian government.",
    ],
}


@pytest.mark.parametrize("prefix", sorted(SEED_FURNITURE))
def test_seed_furniture_is_flagged(prefix: str) -> None:
    text = seed(prefix)
    flagged = flagged_lines(text)
    missing = [line for line in SEED_FURNITURE[prefix] if line not in flagged]
    assert not missing


@pytest.mark.parametrize("prefix", sorted(SEED_FURNITURE))
def test_seed_article_text_is_not_flagged(prefix: str) -> None:
    text = seed(prefix)
    flagged = flagged_lines(text)
    furniture = set(SEED_FURNITURE[prefix])
    # every other line is article text: prose paragraphs, headings, titles, footnotes
    content = {ln.strip() for ln in text.splitlines() if ln.strip()} - furniture
    assert set(SEED_CONTENT[prefix]) <= content
    assert not (flagged & content)


def test_seed_rules_name_the_furniture() -> None:
    assert "BP011" in rules_of(seed("002"), "(votes: 3, rating: 4)")
    assert "BP020" in rules_of(seed("002"), "Maria Smekalova")
    assert "BP013" in rules_of(seed("002"), "RIAC and RUSI Report, 3 Mb")
    assert "BP012" in rules_of(seed("002"), "33 (31%)")
    assert "BP010" in rules_of(seed("002"), "For researchers")
    assert "BP019" in rules_of(seed("003"), "Deputy Director General")
    assert "BP017" in rules_of(seed("003"), "Footnotes")
    assert "BP015" in rules_of(seed("004"), "Page:ISC Russia Report.pdf/48")
    assert "BP016" in rules_of(seed("004"), "\n41\n")
    assert "BP018" in rules_of(seed("000"), "Recent Developments Near the Crimean")


# -- navigation runs and the article region -------------------------------------------------


def test_menu_and_footer_around_an_article_are_flagged() -> None:
    text = page("Example News - Budget talks stall", MENU, PARA, PARA2, PARA3, FOOTER)
    flagged = flagged_lines(text, [*STRUCTURE, "BP001", "BP002"])
    assert set(MENU) <= flagged
    assert "About Us" in flagged and "© 2019 Example News" in flagged
    assert not {PARA, PARA2, PARA3} & flagged
    assert "BP010" in rules_of(text, "Business", STRUCTURE)


def test_squad_list_inside_an_article_is_content() -> None:
    squad = ["Alisson Becker", "Virgil van Dijk", "Joe Gomez", "Andrew Robertson", "Fabinho"]
    text = page(MENU, PARA, "The starting line-up:", squad, PARA2, PARA3, FOOTER)
    flagged = flagged_lines(text, STRUCTURE)
    assert not set(squad) & flagged
    assert "Sport" in flagged


def test_fixture_list_and_table_of_figures_inside_an_article_are_content() -> None:
    fixtures = [
        "Arsenal 2-1 Chelsea",
        "Everton 0-0 Leeds",
        "Fulham 3-2 Brighton",
        "Wolves 1-4 Spurs",
    ]
    table = ["Region Sales Growth", "North 1,204 4.1%", "South 988 2.7%", "East 1,532 6.0%"]
    text = page(MENU, PARA, fixtures, PARA2, table, PARA3, FOOTER)
    flagged = flagged_lines(text, STRUCTURE)
    assert not (set(fixtures) | set(table)) & flagged


def test_bullet_points_and_headings_between_paragraphs_are_content() -> None:
    bullets = [
        "• Lower taxes for small firms",
        "• A new bus lane on the high street",
        "• More money for libraries",
    ]
    text = page(
        MENU, "Budget talks stall", PARA, "What was proposed", bullets, PARA2, "What happens next",
        PARA3, FOOTER,
    )  # fmt: skip
    flagged = flagged_lines(text, STRUCTURE)
    assert not {"What was proposed", "What happens next", *bullets} & flagged


def test_list_after_the_last_paragraph_is_content() -> None:
    steps = ["1. Fill in the form", "2. Print the form and sign it", "3. Post it to the council"]
    text = page(MENU, PARA, PARA2, "How to apply:", steps, FOOTER)
    flagged = flagged_lines(text, STRUCTURE)
    assert not set(steps) & flagged


def test_text_of_short_lines_is_not_flagged_wholesale() -> None:
    poem = [
        "The rain came down",
        "upon the quiet town",
        "and no one knew",
        "what the river knew",
        "",
        "Home",
        "News",
        "Contact",
    ]
    assert flagged_lines("\n".join(poem) + "\n", STRUCTURE) == set()
    groceries = "\n".join(["Milk", "Eggs", "Bread", "Butter", "Apples", "Rice"]) + "\n"
    assert flagged_lines(groceries, STRUCTURE) == set()


def test_poem_after_a_prose_introduction_is_not_flagged() -> None:
    poem = ["the rain came down", "upon the quiet town", "and no one knew", "what the river knew"]
    text = page(PARA, PARA2, poem)
    assert flagged_lines(text, STRUCTURE) == set()


def test_clean_article_with_a_title_is_not_flagged() -> None:
    text = page("Budget talks stall", PARA, "Why it matters", PARA2, PARA3)
    assert flagged_lines(text) == set()


def test_short_quote_lines_in_an_article_are_content() -> None:
    quotes = ["“Never again.”", "“We will not back down,” she said.", "‘No comment.’"]
    text = page(MENU, PARA, quotes[0], PARA2, quotes[1], quotes[2], PARA3, FOOTER)
    assert not set(quotes) & flagged_lines(text)


def test_print_in_prose_is_not_flagged() -> None:
    prose = "Print the form and sign it, then post it back to the council office before Friday."
    text = page(MENU, PARA, prose, PARA2, FOOTER)
    assert prose not in flagged_lines(text)


def test_comment_section_after_the_article_is_off_article() -> None:
    text = page(
        MENU, PARA, PARA2, PARA3, "Related Articles", "Council approves new bus lanes",
        "Library hours to be extended", "Comments",
        "Jane on March 3, 2020 at 4:47 pm said:",
        "I think the committee is right to wait for the figures before it votes on this.",
        "Tom on March 4, 2020 at 9:12 am said:",
        "Waiting only makes the contracts more expensive, as the article says.",
        FOOTER,
    )  # fmt: skip
    flagged = flagged_lines(text, [*STRUCTURE, "BP001"])
    assert "Council approves new bus lanes" in flagged
    assert "Waiting only makes the contracts more expensive, as the article says." in flagged
    assert "BP024" in rules_of(text, "Tom on March 4, 2020", STRUCTURE)
    assert not {PARA, PARA2, PARA3} & flagged


def test_quoted_speakers_are_not_a_comment_thread() -> None:
    text = seed("003")
    assert "BP024" not in {f.rule for f in lint_text(text, STRUCTURE)}


# -- widgets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["(votes: 3, rating: 4)", "(3 votes)", "Rating: 36 Votes", "167 comments", "1.2k views"]
)
def test_vote_counters(line: str) -> None:
    text = page(PARA, line, PARA2)
    assert rules_of(text, line, ["BP011"]) == {"BP011"}


def test_vote_counts_in_prose_are_not_counters() -> None:
    text = page(
        PARA, "The bill passed by 52 votes to 48.", "3 comments were removed by moderators."
    )
    assert lint_text(text, ["BP011"]) == []


def test_poll_widget() -> None:
    poll = [
        "Poll",
        "Should the city build the new bridge?",
        "Yes, as soon as possible",
        "412 (61%)",
        "No, it costs too much",
        "260 (39%)",
    ]
    text = page(PARA, PARA2, poll)
    assert set(poll) <= flagged_lines(text, ["BP012"])


def test_figures_with_percentages_are_not_a_poll() -> None:
    text = page(PARA, "Turnout was 61% in the north.", PARA2, "Growth: 4.1%")
    assert lint_text(text, ["BP012"]) == []


@pytest.mark.parametrize(
    "line",
    ["Annual Report 2019, 3 Mb", "Annual report (PDF, 2.4 MB)", "Download the guide [850 KB]"],
)
def test_download_links(line: str) -> None:
    assert matched(page(PARA, line, PARA2), lint_text(page(PARA, line, PARA2), ["BP013"])) == [line]


def test_sizes_in_prose_and_storage_specs_are_not_downloads() -> None:
    text = page(PARA, "The update weighs 3 MB.", "Apple iPad Pro (11-inch, Wi-Fi, 64GB)", PARA2)
    assert lint_text(text, ["BP013"]) == []


def test_share_bars() -> None:
    text = page(PARA, "Facebook Twitter LinkedIn Email", PARA2, ["Facebook", "Twitter", "WhatsApp"])
    flagged = flagged_lines(text, ["BP014"])
    assert flagged == {"Facebook Twitter LinkedIn Email", "Facebook", "Twitter", "WhatsApp"}


def test_networks_named_in_prose_are_not_a_share_bar() -> None:
    text = page(PARA, "She posted it on Facebook.", "Twitter", PARA2)
    assert lint_text(text, ["BP014"]) == []


# -- page furniture -------------------------------------------------------------------------


def test_reader_headers_and_near_misses() -> None:
    text = page("Category:Politics", PARA, "Note: the figures are provisional", PARA2)
    assert matched(text, lint_text(text, ["BP015"])) == ["Category:Politics"]


def test_page_number_between_prose() -> None:
    text = page(PARA, "41", PARA2)
    assert matched(text, lint_text(text, ["BP016"])) == ["41"]


def test_columns_of_numbers_are_not_page_numbers() -> None:
    text = page(PARA, ["12", "15", "19"], PARA2, ["Page 2 of 5", "Page 3 of 5"])
    assert lint_text(text, ["BP016"]) == []


def test_empty_footnotes_label() -> None:
    text = page(PARA, PARA2, "Footnotes", "Explore our related content")
    assert matched(text, lint_text(text, ["BP017"])) == ["Footnotes"]


def test_footnotes_with_notes_are_content() -> None:
    notes = ["1. See the council minutes of 3 March.", "2. Figures from the finance office."]
    text = page(PARA, PARA2, "Footnotes", notes)
    assert lint_text(text, ["BP017"]) == []
    assert not ({"Footnotes", *notes} & flagged_lines(text))


def test_previous_next_with_linked_titles() -> None:
    text = page(
        PARA, PARA2, "Previous Article", "Council Approves New Bus Lanes", "Next Article",
        "Library Hours To Be Extended", "Older", "Five Parks To Visit This Summer",
    )  # fmt: skip
    titles = {"Council Approves New Bus Lanes", "Library Hours To Be Extended"}
    # the labels that are BP001 phrases are BP001's; the titles under them and the
    # labels that are not phrases ("Older") are BP018's
    assert flagged_lines(text, ["BP018"]) == {*titles, "Older", "Five Parks To Visit This Summer"}
    assert {"Previous Article", "Next Article"} <= flagged_lines(text, ["BP001"])


def test_next_in_prose_is_not_a_link() -> None:
    text = page(PARA, "Next, the committee will vote.", PARA2)
    assert lint_text(text, ["BP018"]) == []


# -- attributions, bylines, dates, credits --------------------------------------------------


def test_attribution_echo_and_its_near_misses() -> None:
    quote = (
        "Our discussions provided a salutary reminder of how far relations have worsened over the "
        "last year, above all on the issue of trade."
    )
    text = page(PARA, "Professor Jane Hale commented:", quote, "Hale", "Jane Hale",
                "Head of Research", PARA2)  # fmt: skip
    assert flagged_lines(text, ["BP019"]) == {"Hale", "Jane Hale", "Head of Research"}
    assert "Professor Jane Hale commented:" not in flagged_lines(text)


def test_heading_repeating_words_of_a_paragraph_is_not_an_echo() -> None:
    para = "The Treaty of Versailles was signed in 1919 and it changed the map of Europe for ever."
    text = page(para, "Treaty of Versailles", PARA2)
    assert lint_text(text, ["BP019"]) == []


def test_author_box_before_the_article() -> None:
    box = ["Jane Hale", "Senior Fellow, Institute for Urban Studies", "Tom Reed",
           "Professor of Economics, City University"]  # fmt: skip
    text = page(MENU, box, PARA, PARA2, PARA3, FOOTER)
    assert set(box) <= flagged_lines(text, ["BP020"])


def test_panelists_inside_the_article_are_content() -> None:
    panel = ["Jane Hale", "Senior Fellow, Institute for Urban Studies", "Tom Reed",
             "Professor of Economics, City University"]  # fmt: skip
    text = page(MENU, PARA, "The panel:", panel, PARA2, PARA3, FOOTER)
    assert not set(panel) & flagged_lines(text)


@pytest.mark.parametrize(
    "line", ["By Jane Doe", "Posted by admin", "Written by Jane Doe | Reuters", "Author: Jane Doe"]
)
def test_bylines(line: str) -> None:
    text = page(PARA, line, PARA2)
    assert matched(text, lint_text(text, ["BP021"])) == [line]


def test_by_in_prose_is_not_a_byline() -> None:
    text = page(
        PARA,
        "By the end of the year, prices had doubled.",
        "By Sunday, the river had risen two metres.",
        PARA2,
    )
    assert lint_text(text, ["BP021"]) == []


@pytest.mark.parametrize(
    "line",
    ["Nov. 19, 2019 8:03 am ET", "Updated: 13.11.2019, 23:06", "2 days ago at 07:52 am",
     "Chris Davies - Nov 19, 2019, 8:15 pm CST", "2019-11-13T23:06:00+01:00"],
)  # fmt: skip
def test_datelines(line: str) -> None:
    text = page(PARA, line, PARA2)
    assert matched(text, lint_text(text, ["BP022"])) == [line]


def test_dates_in_prose_titles_and_schedules_are_not_datelines() -> None:
    schedule = ["June 9 – West Palm Beach, FL", "June 10 – Tampa, FL", "June 14 – Alpharetta, GA"]
    text = page(
        "Fox News Flash top entertainment headlines for Nov. 19",
        PARA,
        "On May 8, the Home Secretary announced the expulsion of the attache.",
        "— Jane Doe (@janedoe) November 18, 2019",
        schedule,
        PARA2,
    )
    assert lint_text(text, ["BP022"]) == []


@pytest.mark.parametrize(
    "line",
    ["Photo: Jane Doe/Reuters", "(Photo by Jason Kempin/Getty Images)", "Image credit: NASA",
     "Image caption The mayor at the opening"],
)  # fmt: skip
def test_image_credits(line: str) -> None:
    text = page(PARA, line, PARA2)
    assert matched(text, lint_text(text, ["BP023"])) == [line]


def test_long_prose_about_photos_is_not_a_credit() -> None:
    line = "The photo was taken in 1962 by a tourist who later sold it to the city museum."
    assert lint_text(page(PARA, line, PARA2), ["BP023"]) == []


# -- robustness, fixes, data ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "\n", "   \n\t\n", "|\n»\n", "x", "word " * 5000, ("Home\n" * 300), "a\r\nb\r\n\r\n" * 50,
     "```\nHome\nNews\nSport\n```\n", "\u200b\n\u200b\n" + PARA],
)  # fmt: skip
def test_odd_inputs_do_not_fail(text: str) -> None:
    lint_text(text, STRUCTURE)


def test_code_blocks_are_never_furniture() -> None:
    code = ["```", "Home", "News", "Sport", "Contact", "```"]
    text = page(MENU, PARA, PARA2, "\n".join(code), FOOTER)
    flagged = flagged_lines(text, STRUCTURE)
    assert "Sport" in flagged  # the menu
    body_sport = text.rindex("Sport")
    found = lint_text(text, STRUCTURE)
    assert not any(f.start <= body_sport < f.end for f in found)


def test_findings_delete_whole_lines() -> None:
    from corpus_lint.fix import apply_edits

    text = page(MENU, PARA, PARA2, PARA3, FOOTER)
    found = [f for f in lint_text(text, STRUCTURE) if f.fix is not None]
    assert found and all(not f.fix.safe for f in found)
    fixed, _ = apply_edits(text, [e for f in found for e in f.fix.edits])
    assert PARA in fixed and "Business" not in fixed


def test_findings_are_deterministic_and_one_per_block() -> None:
    text = page(MENU, PARA, PARA2, PARA3, FOOTER)
    a = [(f.rule, f.start, f.end) for f in lint_text(text, STRUCTURE)]
    b = [(f.rule, f.start, f.end) for f in lint_text(text, STRUCTURE)]
    assert a == b
    nav = [f for f in lint_text(text, STRUCTURE) if f.rule == "BP010"]
    assert len(nav) == 1 and "6 lines" in nav[0].message


def test_thresholds_are_options() -> None:
    import copy

    from corpus_lint.registry import RuleError

    text = page(MENU, PARA, PARA2, PARA3, FOOTER)
    analysis = copy.deepcopy(_pack("boilerplate-structure.yaml")["rules"][0]["options"]["analysis"])  # type: ignore[index]
    analysis["region"] = {"nav_run": 10}
    found = lint_text(text, ["BP010"], options={"BP010": {"analysis": analysis}})
    assert found == []
    with pytest.raises(RuleError, match="BP010"):
        lint_text(text, ["BP010"], options={"BP010": {"analysis": {"region": {"bogus": 1}}}})
    with pytest.raises(RuleError, match="BP010"):
        lint_text(text, ["BP010"], options={"BP010": {"kind": "no-such-kind"}})


def _pack(name: str) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load((ROOT / "rules" / name).read_text("utf-8"))
    return data


def test_marker_lists_are_phrases_of_bp001() -> None:
    """Lines the structure rules leave to BP001 must be BP001 phrases (no line goes unreported)."""
    from corpus_lint.detectors.bp_lines import normalize

    structure = _pack("boilerplate-structure.yaml")["rules"]
    phrases = _pack("boilerplate-phrases.yaml")["rules"]
    bp001 = next(r for r in phrases if r["code"] == "BP001")  # type: ignore[index]
    known = {normalize(p) for p in bp001["options"]["phrases"]}
    analysis = structure[0]["options"]["analysis"]  # type: ignore[index]
    for key in ("end_markers", "soft_markers"):
        missing = [p for p in analysis[key] if normalize(p) not in known]
        assert not missing, key
    # every structure rule shares the one analysis (one pass per document)
    assert all(r["options"]["analysis"] == analysis for r in structure)  # type: ignore[index]


# -- two pages of the boilerplate bench -------------------------------------------------------

BENCH = FIXTURES / "boilerplate_bench"


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


@pytest.mark.parametrize("path", sorted((BENCH / "docs").glob("*.txt")), ids=lambda p: p.stem[:8])
def test_bench_pages(path: Path) -> None:
    text = path.read_text("utf-8")
    gold = _norm((BENCH / "gold" / path.name).read_text("utf-8"))
    flagged = flagged_lines(text)
    lines = [ln.strip() for ln in text.splitlines() if len(re.findall(r"\w", ln)) >= 2]
    # text shown once (a teaser repeating a sentence of the article is furniture)
    once = [ln for ln in lines if sum(1 for other in lines if ln in other) == 1]
    content = [ln for ln in once if len(ln) > 40 and _norm(ln) in gold]
    furniture = [ln for ln in lines if _norm(ln) not in gold]
    assert content and not set(content) & flagged
    share = sum(1 for ln in furniture if ln in flagged) / len(furniture)
    assert share >= 0.85


# -- fast paths of the line classifier agree with the plain tests -----------------------------


def test_is_dated_agrees_with_the_date_pattern() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from corpus_lint.detectors.bp_lines import DATE, is_dated

    words = ["ago", "Jan", "sep", "SEPT", "ſep", "ſ", "May", "mAr", " am", "p.m.", "th", "nd"]
    odd = ["seconds", "hours", "\u212a", "\u0130", "\u0131", "x", "\u00a0"]
    parts = st.sampled_from([*"0123456789 -/.:,", *words, *odd])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(parts, max_size=14))
    def check(pieces: list[str]) -> None:
        text = "".join(pieces)
        assert is_dated(text) == (DATE.search(text) is not None)

    check()
    assert is_dated("Nov 19, 2019") and is_dated("updated 3 hours ago")
    assert not is_dated("Chapter 12") and not is_dated("May the force be with you")


def test_word_count_of_the_classifier_is_the_whitespace_split() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from corpus_lint.detectors.bp_lines import LineCache, Vocabulary

    cache = LineCache(Vocabulary(frozenset(), frozenset()))
    spaces = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\x1c", "\u00ad"])
    words = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Zs", "Cc"]), min_size=1)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(words, spaces), min_size=1, max_size=8))
    def check(parts: list[tuple[str, str]]) -> None:
        text = "".join(w + s for w, s in parts).strip()
        if text:
            line = cache[text]
            assert line.words == (0 if line.kind == "blank" else len(text.split()))

    check()


def test_name_line_is_every_word_a_name_word() -> None:
    import re as re_

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from corpus_lint.detectors.bp_finders import _NAME_WORD, _NAME_WORDS

    word = re_.compile(f"^{_NAME_WORD}$")
    words = ["Jane", "de", "da", "deX", "A.", "O'Neil", "x", "Ab-c", "É", "van", "Σ", "_", "-"]
    spaces = [" ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\x1c", "’", "K\u0301"]
    parts = st.sampled_from([*words, *spaces])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(parts, min_size=1, max_size=8))
    def check(pieces: list[str]) -> None:
        text = "".join(pieces).strip()
        if text:
            plain = all(word.match(w) for w in text.split())
            assert bool(_NAME_WORDS.fullmatch(text)) == plain

    check()


def test_copy_key_of_the_classifier_is_the_plain_key() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from corpus_lint.detectors.bp_lines import COPYABLE, LineCache, Vocabulary, copy_key

    cache = LineCache(Vocabulary(frozenset(), frozenset()))
    spaces = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u3000"])
    words = st.sampled_from(["The", "İstanbul", "STRASSE", "ß", "word", "x" * 30, "ǅ", "."])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(words, spaces), min_size=6, max_size=30))
    def check(parts: list[tuple[str, str]]) -> None:
        text = "".join(w + s for w, s in parts).strip() + "."
        line = cache[text]
        if line.shape & COPYABLE:
            assert line.key == copy_key(text)

    check()


def test_digit_test_is_the_digit_pattern() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from corpus_lint.detectors.bp_lines import _DIGIT, has_digit

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.sampled_from([*"ab 07", "٣", "߃", "¹", "½", "é", "\u0966"])))
    def check(text: str) -> None:
        assert has_digit(text) == (_DIGIT.search(text) is not None)

    check()


def test_quick_tests_before_patterns_keep_every_match() -> None:
    """The substring and unit tests made before some patterns never hide a match."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from corpus_lint.detectors.bp_finders import _SIZE, _SIZE_UNIT, _VOTE_TAIL
    from corpus_lint.detectors.bp_lines import _POLICY, _POLICY_PHRASES

    pieces = ["12", "3.5", " ", "KB", "KiB", "Mb", "kb", "Кб", "МБ", "ko", "Mo", "MiB", "(", ")"]
    pieces += ["%", "40", "Terms of USE", "Privacy", " policy", "uses cookies", "JavaScript", "x"]

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=10))
    def check(parts: list[str]) -> None:
        text = "".join(parts)
        if _SIZE.search(text):
            assert _SIZE_UNIT.search(text)
        if _VOTE_TAIL.search(text):
            assert "%" in text
        low = text.lower()
        assert any(p in low for p in _POLICY_PHRASES) == bool(_POLICY.search(text))

    check()
