"""The marker rules of the foundation: CI, RD, AR, BP001/BP002 - true cases and near-misses."""

from __future__ import annotations

import pytest

from corpus_lint.fix import apply_edits
from helpers import lint_text, matched


def found(text: str, code: str, fmt: str = "txt") -> list[str]:
    return matched(text, lint_text(text, code, fmt=fmt))


# -- CI001 citation placeholders ------------------------------------------------------------


@pytest.mark.parametrize(
    "marker",
    [
        "[citation]",
        "[Citation]",
        "[CITATION NEEDED]",
        "[citation needed]",
        "[ citation needed ]",
        "[cite]",
        "[citations]",
        "[source needed]",
        "[by whom?]",
        "[clarification needed]",
        "[dubious – discuss]",
        "(citation needed)",
        "(Citation Needed)",
        "{{cn}}",
        "{{citation needed}}",
        "{{Citation needed|date=May 2020}}",
        "{{fact}}",
        "{{citation-needed}}",
        "{{Citation_needed}}",
        "[cite needed]",
        "[citation-needed]",
        "[source?]",
    ],
)
def test_ci001_flags_placeholders(marker: str) -> None:
    text = f"The city grew fast {marker}. Then it shrank.\n"
    assert found(text, "CI001") == [marker]


def test_ci001_placeholder_wrapped_over_two_lines() -> None:
    text = "The city grew fast [citation\nneeded] and then shrank.\n"
    assert found(text, "CI001") == ["[citation\nneeded]"]


@pytest.mark.parametrize(
    "text",
    [
        "He wrote it [sic] twice.",
        "The words [emphasis added] are mine.",
        "The citation was wrong, the source unclear.",
        "Citation needed, said the editor.",
        "See the [source](https://example.org/a) for details.",
        "Read the [cite][1] link.",
        "A numbered reference.[1]\n\n1. The reference.",
        "[citation-needed-bot] is a tool name.",
        "A cn tower and a {cn} brace.",
        "The {{citation-needed-bot}} template is a bot's name.",
    ],
)
def test_ci001_near_misses(text: str) -> None:
    assert found(text, "CI001") == []


def test_ci001_counts_every_marker_in_a_document() -> None:
    text = "One [citation]. Two [citation].\n\nThree {{cn}}.\n"
    findings = lint_text(text, "CI001")
    assert [(f.line, f.column) for f in findings] == [(1, 5), (1, 21), (3, 7)]


# -- CI002 missing footnotes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Sochi Olympics.[1] Then more.\n", ["[1]"]),
        ("The Sochi Olympics[2] were held.\n", ["[2]"]),
        ("Back in 2019.[12] It changed.\n", ["[12]"]),
        ("As he said,\u201d[3] we left.\n", ["[3]"]),
        ("Twice.[4][5]\n\n4. Only the fourth note.\n", ["[5]"]),
        ("With a caret.[^6]\n", ["[^6]"]),
    ],
)
def test_ci002_flags_references_without_footnote(text: str, expected: list[str]) -> None:
    assert found(text, "CI002") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Claim.[1]\n\n[1] Smith, J. (2001). A book.\n",
        "Claim.[2]\n\n2. Smith, a book.\n",
        "Claim.[3]\n\n3) Smith, a book.\n",
        "Claim.[4]\n\n^4 Smith, a book.\n",
        "Claim.[^5]\n\n[^5]: Smith, a book.\n",
        "See [3] for details.\n",
        "[1] A footnote line with no reference.\n",
        "items[1] = 2\n",
        "if a[1] == b:\n",
        "x = row[2]\n",
        "print(row[2].name)\n",
        "total = a_b[2]\n",
        "f(x)[1] is the first element\n",
        "The page [1](https://example.org) links.\n",
        "A number in brackets.[0] is not a footnote.\n",
    ],
)
def test_ci002_near_misses(text: str) -> None:
    assert found(text, "CI002") == []


def test_ci002_seed_004_has_its_footnotes() -> None:
    from conftest import SEEDS

    text = (SEEDS / "004_54ee32c2cc7e2064.txt").read_text("utf-8")
    assert "[1]" in text and "[3]" in text
    assert lint_text(text, "CI") == []


# -- RD redactions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in times of crisis \u2013 ***.", ["***"]),
        ("  1. ***", ["***"]),
        ("The caller, ****, declined.", ["****"]),
        ("The caller, * * *, declined.", ["* * *"]),
        ("(***) was present", ["***"]),
    ],
)
def test_rd001_asterisk_redactions(text: str, expected: list[str]) -> None:
    assert found(text, "RD001") == expected


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("Some ***bold italic*** text.", "txt"),
        ("What the f*** was that?", "txt"),
        ("A note***", "txt"),
        ("***emphasis starts here", "md"),
        ("Part one.\n\n***\n\nPart two.", "md"),
        ("Part one.\n\n* * *\n\nPart two.", "md"),
        ("Part one.\n\n***\n\nPart two.", "txt"),
        ("Chapter end.\n*****\n", "txt"),
        ("2 ** 3 is eight", "txt"),
        ("A footnote* and another**", "txt"),
    ],
)
def test_rd001_near_misses(text: str, fmt: str) -> None:
    assert found(text, "RD001", fmt=fmt) == []


@pytest.mark.parametrize(
    "label",
    ["[REDACTED]", "[redacted]", "[ Redacted ]", "[WITHHELD]", "[name withheld]", "<redacted>"],
)
def test_rd002_labels(label: str) -> None:
    assert found(f"The witness, {label}, said no.", "RD002") == [label]


@pytest.mark.parametrize(
    "text",
    ["The report was redacted before release.", "[Redacted by the author for length]", "redacted"],
)
def test_rd002_near_misses(text: str) -> None:
    assert found(text, "RD002") == []


def test_rd003_block_runs() -> None:
    assert found("Agent ████ ███ met him.", "RD003") == ["████ ███"]
    assert found("Name: ▇▇▇▇▇▇", "RD003") == ["▇▇▇▇▇▇"]
    assert found("A bar \u2588 and a bullet \u25a0 item", "RD003") == []


@pytest.mark.parametrize("label", ["(b)(6)", "(b)(7)(C)", "(b) (6)"])
def test_rd004_foia_labels(label: str) -> None:
    assert found(f"Name: {label} Title: Director", "RD004") == [label]


def test_rd004_codes_listed_together_are_each_flagged() -> None:
    text = "Name: (b)(6) and (b)(7)(C) Phone: (b)(6), (b)(7)(C) Title: Director"
    assert found(text, "RD004") == ["(b)(6)", "(b)(7)(C)", "(b)(6)", "(b)(7)(C)"]


@pytest.mark.parametrize(
    "text",
    [
        "as required by section (b)(6) of the act",
        "under paragraph (b)(6), the agency",
        "exempt under (b)(6) and (b)(7)(C)",
        "see 5 U.S.C. (b)(6)",
        "sub(b)(6) is a name",
    ],
)
def test_rd004_near_misses(text: str) -> None:
    # "(b)(7)(C)" after "and" is still a cross-reference
    assert found(text, "RD004") == []


def test_rd_seed_004_has_exactly_three() -> None:
    from conftest import SEEDS

    text = (SEEDS / "004_54ee32c2cc7e2064.txt").read_text("utf-8")
    assert found(text, "RD") == ["***", "***", "***"]


# -- AR artefacts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Hello</p>", ["<p>", "</p>"]),
        ("Line one<br/>line two<br>", ["<br/>", "<br>"]),
        ('Go <a href="https://example.org">here</a>.', ['<a href="https://example.org">', "</a>"]),
        ("<div class='x' data-id=3>", ["<div class='x' data-id=3>"]),
        ("</DIV >", ["</DIV >"]),
    ],
)
def test_ar001_leftover_tags(text: str, expected: list[str]) -> None:
    assert found(text, "AR001") == expected


@pytest.mark.parametrize(
    "text",
    ["a < b and c > d", "I <3 it", "List<String> in Java", "<T> in code", "<email@example.org>"],
)
def test_ar001_near_misses(text: str) -> None:
    assert found(text, "AR001") == []


def test_ar001_and_ar002_do_not_run_on_markdown() -> None:
    assert found("Inline <b>bold</b> &amp; more", "AR001", fmt="md") == []
    assert found("Inline <b>bold</b> &amp; more", "AR002", fmt="md") == []


@pytest.mark.parametrize(
    ("entity", "char"),
    [
        ("&amp;", "&"),
        ("&nbsp;", "\u00a0"),
        ("&#39;", "'"),
        ("&#x2019;", "\u2019"),
        ("&eacute;", "é"),
    ],
)
def test_ar002_entities_with_safe_fix(entity: str, char: str) -> None:
    text = f"Tom {entity} Jerry"
    (f,) = lint_text(text, "AR002")
    assert text[f.start : f.end] == entity
    assert f.fix is not None and f.fix.safe
    assert apply_edits(text, f.fix.edits)[0] == f"Tom {char} Jerry"


@pytest.mark.parametrize(
    "text", ["R&D and AT&T;", "&foo; is not an entity", "&amp without semicolon"]
)
def test_ar002_near_misses(text: str) -> None:
    assert found(text, "AR002") == []


@pytest.mark.parametrize(
    ("text", "token", "repair"),
    [
        ("We don\u00e2\u20ac\u2122t know.", "don\u00e2\u20ac\u2122t", "don\u2019t"),
        ("A caf\u00c3\u00a9 here.", "caf\u00c3\u00a9", "caf\u00e9"),
        ("It costs \u00c2\u00a35.", "\u00c2\u00a35.", "\u00a35."),
        (
            "\u00e2\u20ac\u0153Hi\u00e2\u20ac\u009d",
            "\u00e2\u20ac\u0153Hi\u00e2\u20ac\u009d",
            "\u201cHi\u201d",
        ),
    ],
)
def test_ar003_mojibake_with_unsafe_fix(text: str, token: str, repair: str) -> None:
    (f,) = lint_text(text, "AR003")
    assert text[f.start : f.end] == token
    assert f.fix is not None and not f.fix.safe
    assert apply_edits(text, f.fix.edits)[0] == text.replace(token, repair)


@pytest.mark.parametrize(
    "text",
    [
        "A na\u00efve caf\u00e9 in S\u00e3o Paulo.",
        "Gr\u00f6\u00dfe und \u00c4rger.",
        "It\u2019s \u201cquoted\u201d \u2014 fine.",
        "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440",
        "S\u00c3O PAULO, N\u00c3O sei",
        "Price: \u00a35, 10\u00b0C, \u00bd cup",
    ],
)
def test_ar003_near_misses(text: str) -> None:
    assert found(text, "AR003") == []


def test_ar004_replacement_character() -> None:
    assert found("caf\ufffd\ufffd au lait", "AR004") == ["\ufffd\ufffd"]
    assert found("caf\u00e9 au lait", "AR004") == []


def test_ar005_control_characters_with_safe_fix() -> None:
    text = "a\x01b\x7fc\x85d"
    findings = lint_text(text, "AR005")
    assert matched(text, findings) == ["\x01", "\x7f", "\x85"]
    edits = [e for f in findings if f.fix for e in f.fix.edits]
    assert apply_edits(text, edits)[0] == "abcd"
    assert found("tab\tline\nfeed\x0cpage\r\n", "AR005") == []


def test_ar006_invisible_characters() -> None:
    text = "zero\u200bwidth, joiner\u2060here, bom\ufeffinside"
    assert found(text, "AR006") == ["\u200b", "\u2060", "\ufeff"]
    # ZWJ and ZWNJ are needed by scripts and emoji sequences
    assert (
        found(
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f468\u200d\U0001f469", "AR006"
        )
        == []
    )


# -- BP001 / BP002 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Comment",
        "Write a Comment",
        "Previous Article",
        "Next Article",
        "Leave a Reply",
        "Your email address will not be published.",
        "Share this article",
        "Rate this article",
        "Print",
        "PRINT",
        "Jump to navigation",
        "From Wikisource",
        "This page has been validated.",
        "Explore our related content",
        "Our YouTube Channel",
        "  \u2022 Share this article",
        "Leave   a    Comment",
    ],
)
def test_bp001_furniture_lines(line: str) -> None:
    text = f"An article paragraph about the war.\n{line}\nMore text follows here.\n"
    got = found(text, "BP001")
    assert len(got) == 1
    assert " ".join(got[0].split()).lower() in " ".join(line.split()).lower()


@pytest.mark.parametrize(
    "text",
    [
        "Print the form and sign it.",
        "Please leave a comment below if you disagree with the article.",
        "The next article of the treaty sets the rules.",
        "They share this article of faith.",
        "He went to print the report.",
        "Footnotes are at the end.",
    ],
)
def test_bp001_near_misses(text: str) -> None:
    assert found(text + "\n", "BP001") == []


def test_bp001_fix_deletes_the_line_unsafely() -> None:
    text = "Intro.\nShare this article\nBody.\n"
    (f,) = lint_text(text, "BP001")
    assert f.fix is not None and not f.fix.safe
    assert apply_edits(text, f.fix.edits)[0] == "Intro.\nBody.\n"


@pytest.mark.parametrize(
    "line",
    [
        "This website uses cookies to improve your experience. Accept",
        "\u00a9 2020 Example Media Inc. All rights reserved.",
        "Subscribe to our newsletter for weekly updates!",
        "We value your privacy",
        "You must be logged in to post a comment.",
    ],
)
def test_bp002_site_notices_report_the_line(line: str) -> None:
    text = f"A real paragraph.\n{line}\nAnother paragraph.\n"
    assert found(text, "BP002") == [line]


@pytest.mark.parametrize(
    "text",
    [
        "Cookies are baked at 180 degrees for twelve minutes.",
        "The newsletter was founded in 1990 by two editors.",
        "All rights were reserved for the founders, the court said.",
        "A long paragraph that quotes a banner: 'we use cookies' appears in it. "
        + "It goes on and on about the history of consent banners and the law. " * 6,
    ],
)
def test_bp002_near_misses(text: str) -> None:
    assert found(text, "BP002") == []
