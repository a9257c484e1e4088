"""DU001 (exact) and DU002 (near) repeated paragraphs inside one document."""

from __future__ import annotations

from pathlib import Path

from conftest import SEEDS
from corpus_lint.api import Edit
from corpus_lint.fix import apply_edits
from helpers import lint_text

P1 = (
    "The harbour authority said on Monday that dredging of the inner basin would begin "
    "in March and take about six weeks, during which the ferry will use the outer berth."
)
P2 = (
    "Local fishermen welcomed the work but asked for compensation, arguing that the "
    "closure of the slipway during the spawning season would cost them most of a month's catch."
)
P3 = (
    "A spokesperson for the authority said that the timetable had been chosen to avoid "
    "the busiest weeks of the tourist season and that the berth would reopen before Easter."
)


def du(text: str, fmt: str = "txt") -> list[tuple[str, str]]:
    return [(f.rule, text[f.start : f.end]) for f in lint_text(text, ["DU001", "DU002"], fmt)]


def apply_fixes(text: str, codes: list[str]) -> str:
    edits: list[Edit] = []
    for f in lint_text(text, codes):
        assert f.fix is not None
        edits.extend(f.fix.edits)
    return apply_edits(text, edits)[0]


# -- exact copies -----------------------------------------------------------------------


def test_exact_copy_is_flagged_on_the_later_copy_naming_the_first_line() -> None:
    text = f"Title\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P1}\n"
    found = lint_text(text, "DU001")
    assert [(f.rule, f.line) for f in found] == [("DU001", 9)]
    assert found[0].message == "Paragraph repeats the one at line 3"
    assert text[found[0].start : found[0].end] == P1


def test_copy_differing_in_whitespace_case_quotes_and_dashes_is_exact() -> None:
    first = "He said “the basin — and the berth — will reopen” before the season's start, " + P1
    second = first.replace("“", '"').replace("”", '"').replace("—", "-").replace("'", "’")
    second = second.replace("will reopen", "will\nreopen").upper().replace("  ", " ")
    text = f"{first}\n\n{P2}\n\n{second}\n"
    assert du(text) == [("DU001", second)]


def test_line_break_moved_inside_the_paragraph_is_still_exact() -> None:
    broken = P1.replace(" which the ferry", "\nwhich the ferry")
    text = f"{P1}\n\n{P2}\n\n{broken}\n"
    assert du(text) == [("DU001", broken)]


def test_safe_fix_deletes_the_copy_and_its_blank_line() -> None:
    text = f"{P1}\n\n{P2}\n\n{P1}\n\n{P3}\n"
    found = lint_text(text, "DU001")
    assert len(found) == 1 and found[0].fix is not None and found[0].fix.safe
    assert apply_fixes(text, ["DU001"]) == f"{P1}\n\n{P2}\n\n{P3}\n"


def test_safe_fix_on_the_last_paragraph_leaves_no_trailing_blank_lines() -> None:
    text = f"{P1}\n\n{P2}\n\n{P1}\n"
    assert apply_fixes(text, ["DU001"]) == f"{P1}\n\n{P2}\n"


def test_three_copies_are_two_findings_naming_the_first() -> None:
    text = f"{P1}\n\n{P2}\n\n{P1}\n\n{P3}\n\n{P1}\n"
    found = lint_text(text, "DU001")
    assert [f.line for f in found] == [5, 9]
    assert all("line 1" in f.message for f in found)
    assert apply_fixes(text, ["DU001"]) == f"{P1}\n\n{P2}\n\n{P3}\n"


# -- near copies ---------------------------------------------------------------------------


def test_near_copy_with_a_name_spelled_out_is_du002_not_du001() -> None:
    edited = P1.replace("The harbour authority", "The Saltmarsh Bay Harbour Authority (SBHA)")
    text = f"{P1}\n\n{P2}\n\n{edited}\n"
    found = lint_text(text, ["DU001", "DU002"])
    assert [(f.rule, f.line) for f in found] == [("DU002", 5)]
    assert found[0].message.startswith("Paragraph nearly repeats the one at line 1 (similarity 0.")
    assert found[0].fix is not None and not found[0].fix.safe


def test_near_copy_names_the_most_similar_earlier_paragraph() -> None:
    variant = P3.replace("busiest weeks", "busiest few weeks")
    text = f"{P1}\n\n{P3}\n\n{P2}\n\n{variant}\n"
    found = lint_text(text, "DU002")
    assert len(found) == 1 and "line 3" in found[0].message


def test_paragraphs_sharing_a_sentence_are_not_near_copies() -> None:
    shared = "The berth will reopen before Easter, the authority confirmed on Monday."
    a = f"{shared} Ferry passengers should check the timetable before travelling to the port."
    b = f"{shared} Anglers have been asked to move their boats to the marina until the work ends."
    text = f"{a}\n\n{P2}\n\n{b}\n"
    assert du(text) == []


def test_short_paragraph_quoted_inside_a_long_one_is_not_a_near_copy() -> None:
    long = f"{P2} {P3} {P1.replace('harbour', 'port')}"
    text = f"{P2}\n\n{P3}\n\n{long}\n"
    assert [r for r, _ in du(text)] == []


def test_near_threshold_is_an_option() -> None:
    edited = P1.replace("six weeks", "eight weeks").replace("inner basin", "old inner basin")
    text = f"{P1}\n\n{P2}\n\n{edited}\n"
    assert len(lint_text(text, "DU002")) == 1
    strict = {"DU002": {"threshold": 0.95}}
    assert lint_text(text, "DU002", options=strict) == []


# -- near-misses: short repeated text --------------------------------------------------------


def test_refrain_repeated_is_not_a_duplicate_paragraph() -> None:
    chorus = (
        "Oh the tide comes in and the tide goes out\n"
        "And the gulls cry over the bay\n"
        "We will mend the wall when the storm is done\n"
        "And the sea will have its way"
    )
    verse1 = (
        "The harbour lights were burning low\nThe boats were hauled up on the sand\n"
        "My father walked the shingle road\nWith a lantern in his hand"
    )
    verse2 = (
        "The council met in the old town hall\nThey argued half the night\n"
        "The fishermen stood at the back of the room\nAnd nobody thought them right"
    )
    text = f"{verse1}\n\n{chorus}\n\n{verse2}\n\n{chorus}\n\n{chorus}\n"
    assert du(text) == []


def test_repeated_one_line_quote_is_not_a_duplicate_paragraph() -> None:
    quote = '"We have been told for ten years that the wall would hold," she said.'
    text = f"{quote}\n\n{P1}\n\n{quote}\n\n{P2}\n\n{quote}\n"
    assert du(text) == []


def test_heading_repeated_as_running_header_is_not_a_duplicate_paragraph() -> None:
    header = "SALTMARSH BAY COASTAL STRATEGY 2024 — CONSULTATION DRAFT — PAGE"
    text = f"{header} 1\n\n{P1}\n\n{P2}\n\n{header} 2\n\n{P3}\n\n{header}\n\n{header}\n"
    assert du(text) == []


def test_share_bar_repeated_at_top_and_bottom_is_not_a_duplicate_paragraph() -> None:
    bar = "\n".join(
        f"Click to share on {site} (Opens in new window)"
        for site in ("Twitter", "Facebook", "LinkedIn", "WhatsApp", "Reddit")
    )
    text = f"{bar}\n\n{P1}\n\n{P2}\n\n{bar}\n"
    assert du(text) == []


def test_hard_wrapped_prose_repeated_is_a_duplicate_paragraph() -> None:
    import textwrap

    wrapped = textwrap.fill(f"{P1} {P3}", width=72)
    assert wrapped.count("\n") >= 3
    text = f"{wrapped}\n\n{P2}\n\n{wrapped}\n"
    assert du(text) == [("DU001", wrapped)]


def test_minimum_length_is_an_option() -> None:
    line = "The berth will reopen before Easter, the authority confirmed on Monday afternoon."
    text = f"{line}\n\n{P1}\n\n{line}\n"
    assert du(text) == []
    loose = {"DU001": {"min_words": 5, "min_chars": 20}}
    assert [f.line for f in lint_text(text, "DU001", options=loose)] == [5]


def test_repeated_code_block_in_markdown_is_not_flagged() -> None:
    code = (
        "```python\n"
        + "\n".join(
            f"value_{i} = compute_the_tide_height(station, {i})  # metres" for i in range(4)
        )
        + "\n```"
    )
    text = f"# Usage\n\n{P1}\n\n{code}\n\n{P2}\n\n{code}\n"
    assert [r for r, _ in du(text, "md")] == []


def test_empty_and_single_paragraph_documents() -> None:
    assert du("") == []
    assert du(P1) == []
    assert du("\n\n\n") == []
    assert du(f"{P1}\n\n{P1}") == [("DU001", P1)]


# -- the seed -------------------------------------------------------------------------------


def test_seed_002_repeated_abstract_is_four_findings_on_the_second_copy() -> None:
    path = next(SEEDS.glob("002_*.txt"))
    text = path.read_text("utf-8")
    found = lint_text(text, ["DU001", "DU002"])
    assert [(f.rule, f.line) for f in found] == [
        ("DU002", 27),
        ("DU001", 29),
        ("DU001", 31),
        ("DU001", 33),
    ]
    assert [f.message.split(" (")[0] for f in found] == [
        "Paragraph nearly repeats the one at line 18",
        "Paragraph repeats the one at line 20",
        "Paragraph repeats the one at line 23",
        "Paragraph repeats the one at line 25",
    ]
    assert "Royal United Services Institute" in text[found[0].start : found[0].end]


def test_other_seeds_have_no_duplicate_paragraphs() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        if path.name.startswith("002_"):
            continue
        assert lint_text(path.read_text("utf-8"), ["DU001", "DU002"]) == [], path.name


def test_fixing_seed_002_leaves_one_copy_of_the_abstract(tmp_path: Path) -> None:
    from conftest import run_cli

    path = next(SEEDS.glob("002_*.txt"))
    target = tmp_path / path.name
    target.write_text(path.read_text("utf-8"), "utf-8")
    args = [target.name, "--select", "DU", "--cache-dir", str(tmp_path / "cache")]
    res = run_cli([*args, "--fix", "--unsafe-fixes"], cwd=tmp_path)
    assert "Traceback" not in res.stderr, res.stderr
    fixed = target.read_text("utf-8")
    assert fixed.count("This report represents findings") == 1
    assert fixed.count("Our discussions were completed") == 1
    assert "Defining Dialogue: How to Manage" in fixed
    assert "\n\n\n" not in fixed.replace("\r", "")
    assert run_cli(args, cwd=tmp_path).exit_code == 0
