"""Excerpts of long lines: a window around the match, and formatters that place it.

Scraped text is often one long line per paragraph; the excerpt of a finding far into
such a line is a window of the line holding the match (``excerpt_column`` says where it
starts), the ``full`` format's caret points into that window, and SARIF snippets are the
text of the region they belong to.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import ROOT
from corpus_lint.engine import EXCERPT_BEFORE, EXCERPT_LIMIT, Finding, excerpt_window
from support import (
    invoke,
    report_validator,
    sarif_validator,
    schema_errors,
    write,
    write_jsonl,
)

PLACEHOLDER = "[citation]"


def prose(n: int) -> str:
    """``n`` characters of words (no placeholder, nothing any rule flags)."""
    words = "the quiet river runs past old stone mills and green fields toward the sea "
    return (words * (n // len(words) + 1))[:n]


def long_line(column: int, length: int) -> str:
    """A line of ``length`` characters with the placeholder at ``column`` (1-based)."""
    line = prose(column - 1) + PLACEHOLDER
    return line + prose(length - len(line))


def report(args: list[str], cwd: Path) -> dict[str, Any]:
    res = invoke(["--format", "json", "--select", "CI001", *args], cwd=cwd)
    assert res.exit_code == 1, res.stderr
    data: dict[str, Any] = res.json()
    assert schema_errors(report_validator(), data) == []
    return data


def sarif(args: list[str], cwd: Path) -> dict[str, Any]:
    res = invoke(["--format", "sarif", "--select", "CI001", *args], cwd=cwd)
    data: dict[str, Any] = res.json()
    assert schema_errors(sarif_validator(), data) == []
    return data


def full_lines(args: list[str], cwd: Path) -> list[str]:
    res = invoke(["--format", "full", "--select", "CI001", *args], cwd=cwd)
    return res.stdout.splitlines()


def assert_caret_under(lines: list[str], target: str) -> None:
    """The full format's excerpt line shows ``target`` and the caret line points at it."""
    excerpt_line, caret_line = lines[1], lines[2]
    assert caret_line.index("^") == excerpt_line.index(target)
    assert caret_line.count("^") == len(target)
    assert caret_line.rstrip().endswith("^" * len(target))


# -- the window ----------------------------------------------------------------------------


def test_long_line_match_at_column_700(tmp_path: Path) -> None:
    line = long_line(700, 1000)
    write(tmp_path, "a.txt", "Short first line.\n" + line + "\nLast.\n")
    (f,) = report(["a.txt"], tmp_path)["findings"]
    assert (f["line"], f["column"], f["end_column"]) == (2, 700, 710)
    begin = 700 - 1 - EXCERPT_BEFORE
    assert f["excerpt_column"] == begin + 1
    assert f["excerpt"] == "…" + line[begin : begin + EXCERPT_LIMIT - 2] + "…"
    assert len(f["excerpt"]) == EXCERPT_LIMIT
    # the match, where excerpt_column says
    at = f["column"] - f["excerpt_column"] + 1
    assert f["excerpt"][at : at + len(PLACEHOLDER)] == PLACEHOLDER

    lines = full_lines(["a.txt"], tmp_path)
    assert lines[1] == "    2 | " + f["excerpt"]
    assert_caret_under(lines, PLACEHOLDER)

    (result,) = sarif(["a.txt"], tmp_path)["runs"][0]["results"]
    loc = result["locations"][0]["physicalLocation"]
    assert loc["region"] == {
        "startLine": 2,
        "startColumn": 700,
        "endLine": 2,
        "endColumn": 710,
        "snippet": {"text": PLACEHOLDER},
    }
    context = loc["contextRegion"]
    assert (context["startLine"], context["endLine"]) == (2, 2)
    assert context["startColumn"] == begin + 1
    assert context["endColumn"] == begin + 1 + EXCERPT_LIMIT - 2
    assert context["snippet"]["text"] == line[begin : begin + EXCERPT_LIMIT - 2]


def test_short_line_is_the_whole_excerpt(tmp_path: Path) -> None:
    line = "A claim that needs a source [citation] here, in a short line."
    write(tmp_path, "a.txt", line + "\n")
    (f,) = report(["a.txt"], tmp_path)["findings"]
    assert f["excerpt"] == line
    assert "excerpt_column" not in f
    assert list(f) == [
        "rule", "name", "category", "severity", "message", "path", "document", "span",
        "line", "column", "end_line", "end_column", "excerpt", "fingerprint",
    ]  # fmt: skip
    lines = full_lines(["a.txt"], tmp_path)
    assert lines[1] == "    1 | " + line
    assert_caret_under(lines, PLACEHOLDER)
    (result,) = sarif(["a.txt"], tmp_path)["runs"][0]["results"]
    loc = result["locations"][0]["physicalLocation"]
    assert loc["region"]["snippet"] == {"text": PLACEHOLDER}
    assert loc["contextRegion"] == {
        "startLine": 1,
        "startColumn": 1,
        "endLine": 1,
        "endColumn": len(line) + 1,
        "snippet": {"text": line},
    }


def test_line_of_exactly_the_limit_is_whole_and_an_early_match_keeps_the_line_start(
    tmp_path: Path,
) -> None:
    exact = long_line(200, EXCERPT_LIMIT)
    early = long_line(EXCERPT_BEFORE + 1, 900)
    write(tmp_path, "a.txt", exact + "\n" + early + "\n")
    first, second = report(["a.txt"], tmp_path)["findings"]
    assert first["excerpt"] == exact and "excerpt_column" not in first
    # a match in the first EXCERPT_BEFORE + 1 columns: the line's start, cut at its end
    assert second["excerpt"] == early[: EXCERPT_LIMIT - 1] + "…"
    assert "excerpt_column" not in second


def test_match_near_the_end_of_a_long_line(tmp_path: Path) -> None:
    line = prose(790) + PLACEHOLDER + "."
    write(tmp_path, "a.txt", line + "\n")
    (f,) = report(["a.txt"], tmp_path)["findings"]
    assert f["column"] == 791
    # the window reaches the line's end: no "…" there, as much context as fits before
    begin = len(line) - (EXCERPT_LIMIT - 1)
    assert f["excerpt"] == "…" + line[begin:]
    assert f["excerpt_column"] == begin + 1
    assert len(f["excerpt"]) == EXCERPT_LIMIT
    assert_caret_under(full_lines(["a.txt"], tmp_path), PLACEHOLDER)
    (result,) = sarif(["a.txt"], tmp_path)["runs"][0]["results"]
    loc = result["locations"][0]["physicalLocation"]
    assert loc["region"]["snippet"] == {"text": PLACEHOLDER}
    assert loc["contextRegion"]["snippet"] == {"text": line[begin:]}
    assert loc["contextRegion"]["endColumn"] == len(line) + 1


def test_multi_line_match_on_a_long_line(tmp_path: Path) -> None:
    first = prose(699) + "[citation"
    write(tmp_path, "a.txt", first + "\nneeded] and more prose.\n")
    (f,) = report(["a.txt"], tmp_path)["findings"]
    assert (f["line"], f["column"], f["end_line"]) == (1, 700, 2)
    begin = len(first) - (EXCERPT_LIMIT - 1)  # the match's line ends in the match
    assert f["excerpt_column"] == begin + 1
    assert f["excerpt"] == "…" + first[begin:]
    lines = full_lines(["a.txt"], tmp_path)
    excerpt_line, caret_line = lines[1], lines[2]
    # from the match's start to the end of the excerpt (the match goes on below)
    assert caret_line.index("^") == excerpt_line.index("[citation")
    assert caret_line.count("^") == len("[citation")
    (result,) = sarif(["a.txt"], tmp_path)["runs"][0]["results"]
    loc = result["locations"][0]["physicalLocation"]
    # neither the region's text nor a one-line superset of it is in the excerpt
    assert "snippet" not in loc["region"] and "contextRegion" not in loc
    assert (loc["region"]["startColumn"], loc["region"]["endLine"]) == (700, 2)


def test_match_running_past_the_window(tmp_path: Path) -> None:
    spaces = " " * 300
    line = prose(699) + "[" + spaces + "citation]" + prose(300)
    write(tmp_path, "a.txt", line + "\n")
    (f,) = report(["a.txt"], tmp_path)["findings"]
    assert f["end_column"] - f["column"] == len(spaces) + 10
    assert f["excerpt"].endswith("…")
    lines = full_lines(["a.txt"], tmp_path)
    assert lines[2].index("^") == lines[1].index("[")
    assert lines[2].rstrip().endswith("^") and len(lines[2]) == len(lines[1])  # clamped
    (result,) = sarif(["a.txt"], tmp_path)["runs"][0]["results"]
    loc = result["locations"][0]["physicalLocation"]
    assert "snippet" not in loc["region"] and "contextRegion" not in loc


def test_tabs_show_as_spaces_and_keep_columns(tmp_path: Path) -> None:
    line = prose(400) + "\t\t" + prose(297) + PLACEHOLDER + "\t" + prose(300)
    write(tmp_path, "a.txt", line + "\n")
    (f,) = report(["a.txt"], tmp_path)["findings"]
    assert "\t" not in f["excerpt"] and f["column"] == 700
    expected = line.replace("\t", " ")
    begin = f["excerpt_column"] - 1
    assert f["excerpt"][1:-1] == expected[begin : begin + EXCERPT_LIMIT - 2]
    assert_caret_under(full_lines(["a.txt"], tmp_path), PLACEHOLDER)


def test_lone_carriage_returns_break_lines_as_positions_do(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "First line.\rA claim [citation] here.\r\nLast.\n")
    (f,) = report(["a.txt"], tmp_path)["findings"]
    assert (f["line"], f["column"]) == (2, 9)
    assert f["excerpt"] == "A claim [citation] here."
    assert_caret_under(full_lines(["a.txt"], tmp_path), PLACEHOLDER)


def test_every_position_of_a_long_line() -> None:
    line = prose(300) + "\t" + prose(299)
    shown = line.replace("\t", " ")
    for start in range(len(line) + 1):
        excerpt, column = excerpt_window("x\n" + line + "\ny", start + 2)
        assert len(excerpt) == EXCERPT_LIMIT
        lead = 1 if column > 1 else 0
        assert excerpt.startswith("…") == (column > 1)
        trail = 1 if column - 1 + EXCERPT_LIMIT - lead < len(line) else 0
        assert excerpt.endswith("…") == bool(trail)
        body = excerpt[lead : len(excerpt) - trail]
        assert body == shown[column - 1 : column - 1 + len(body)]
        # the match's start is shown, with up to EXCERPT_BEFORE characters before it
        assert column - 1 <= start < column - 1 + len(body) or start == len(line)
        assert start - (column - 1) >= min(start, EXCERPT_BEFORE)


# -- the other formats and inputs ------------------------------------------------------------


def test_json_line_is_json_dumps_with_an_excerpt_column() -> None:
    f = Finding(
        "CI001", "citation-placeholder", "citation", "warning", "m “q”", "a.txt", None,
        700, 710, 2, 700, 2, 710, "…text…", "abc", None, 0, "[citation]", None, 640,
    )  # fmt: skip
    assert f.to_json()["excerpt_column"] == 640
    assert list(f.to_json())[12:15] == ["excerpt", "excerpt_column", "fingerprint"]
    assert f.json_line() == json.dumps(f.to_json(), ensure_ascii=False)
    f.excerpt_column = 1
    assert "excerpt_column" not in f.to_json()
    assert f.json_line() == json.dumps(f.to_json(), ensure_ascii=False)


def test_jsonl_document_excerpt_goes_to_the_text_region(tmp_path: Path) -> None:
    text = "Title\n" + long_line(700, 900)
    write_jsonl(tmp_path, "s.jsonl", [{"id": "d1", "text": text}])
    (f,) = report(["s.jsonl"], tmp_path)["findings"]
    assert f["excerpt_column"] == 700 - EXCERPT_BEFORE and PLACEHOLDER in f["excerpt"]
    assert_caret_under(full_lines(["s.jsonl"], tmp_path), PLACEHOLDER)
    (result,) = sarif(["s.jsonl"], tmp_path)["runs"][0]["results"]
    # the shard's line is JSON: no snippet of it; the document's text has its own region
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    props = result["properties"]
    assert props["text_region"]["snippet"] == PLACEHOLDER
    assert props["text_region"]["startColumn"] == 700
    assert props["text_context_region"]["startColumn"] == f["excerpt_column"]
    assert props["text_context_region"]["snippet"] == f["excerpt"][1:-1]


def test_html_paragraph_excerpt_goes_to_the_text_region(tmp_path: Path) -> None:
    para = long_line(700, 900)
    write(tmp_path, "page.html", f"<html><body><p>{para}</p></body></html>")
    (f,) = report(["page.html"], tmp_path)["findings"]
    assert PLACEHOLDER in f["excerpt"] and f["excerpt_column"] == f["column"] - EXCERPT_BEFORE
    assert_caret_under(full_lines(["page.html"], tmp_path), PLACEHOLDER)
    (result,) = sarif(["page.html"], tmp_path)["runs"][0]["results"]
    assert "region" not in result["locations"][0]["physicalLocation"]
    props = result["properties"]
    assert props["text_region"]["snippet"] == PLACEHOLDER
    assert props["text_context_region"]["startColumn"] == f["excerpt_column"]


def test_github_annotations_use_positions_not_excerpts(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", long_line(700, 1000) + "\n")
    res = invoke(["a.txt", "--format", "github", "--select", "CI001"], cwd=tmp_path)
    assert res.stdout.startswith("::warning file=a.txt,line=1,col=700,endLine=1,endColumn=710,")
    assert "…" not in res.stdout


def test_seeds_citation_excerpts_show_the_placeholder() -> None:
    res = invoke(["seeds/", "--format", "json", "--select", "CI001"], cwd=ROOT)
    findings = res.json()["findings"]
    assert len(findings) == 6
    for f in findings:
        assert PLACEHOLDER in f["excerpt"]
        at = f["column"] - f["excerpt_column"] + 1
        assert f["excerpt"][at : at + len(PLACEHOLDER)] == PLACEHOLDER
    full = invoke(["seeds/", "--format", "full", "--select", "CI001"], cwd=ROOT).stdout
    blocks = [b.splitlines() for b in full.split("\n\n")[:6]]
    for block in blocks:
        assert_caret_under(block, PLACEHOLDER)


def test_seeds_sarif_snippets_are_the_files_text() -> None:
    res = invoke(["seeds/", "--format", "sarif"], cwd=ROOT)
    data = res.json()
    assert schema_errors(sarif_validator(), data) == []
    checked = 0
    for result in data["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]
        raw = (ROOT / loc["artifactLocation"]["uri"]).read_text("utf-8")
        lines = re.split(r"\r\n|\r|\n", raw)
        for key in ("region", "contextRegion"):
            region = loc.get(key)
            if region is None or "snippet" not in region:
                continue
            assert region["startLine"] == region["endLine"]
            line = lines[region["startLine"] - 1].replace("\t", " ")
            text = line[region["startColumn"] - 1 : region["endColumn"] - 1]
            assert region["snippet"]["text"] == text
            checked += 1
        if "contextRegion" in loc:
            inner, outer = loc["region"], loc["contextRegion"]
            assert outer["startColumn"] <= inner["startColumn"]
            assert inner["endColumn"] <= outer["endColumn"]
            assert (outer["startColumn"], outer["endColumn"]) != (
                inner["startColumn"],
                inner["endColumn"],
            )
    assert checked > 20
