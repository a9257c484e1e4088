"""The report: JSON Schema, SARIF, the other formats, exit codes, determinism, fingerprints."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_cli
from corpus_lint import __version__
from corpus_lint.registry import load_rules
from support import (
    findings_of,
    invoke,
    report_validator,
    sarif_validator,
    schema_errors,
    span_text,
    without_duration,
    write,
    write_jsonl,
)

CITE = "A claim that needs a source [citation] here.\n"
SEED_000 = "seeds/000_6cbc024824661ae7.txt"
SEED_004 = "seeds/004_54ee32c2cc7e2064.txt"


def mixed_corpus(root: Path, records: int = 150) -> Path:
    """Every input format, defects of several families, and bad input."""
    write(root, "a.txt", "Intro line.\n\n" + CITE + "Tom &amp; Jerry said \u00e2\u20ac\u0153hi.\n")
    write(root, "b.md", "---\ntitle: Post\ndate: 2020-02-02\n---\n\n# Head\n\n" + CITE)
    write(
        root, "c.html", "<html><body><p>Seen [citation] here.</p><p>x&amp;amp;y</p></body></html>"
    )
    write(root, "dir with space/d.txt", "Name: [REDACTED].\n")
    write(root, "e.txt", "")
    recs: list[dict[str, Any] | str] = []
    for i in range(records):
        body = f"Record {i} says something.\n"
        if i % 7 == 0:
            body += "It was proven [citation needed].\n"
        if i % 11 == 0:
            body += "The caller, ***, declined.\n"
        recs.append({"id": f"r{i:04d}", "text": body, "url": f"https://example.org/{i}"})
        if i == 40:
            recs.append("{not json")
    write_jsonl(root, "shard.jsonl.gz", recs)
    return root


def json_report(args: list[str], cwd: Path) -> dict[str, Any]:
    res = invoke(["--format", "json", *args], cwd=cwd)
    assert res.exit_code in (0, 1), res.stderr
    data: dict[str, Any] = res.json()
    return data


# -- JSON ------------------------------------------------------------------------------------


def test_json_report_is_valid_against_its_schema(tmp_path: Path) -> None:
    mixed_corpus(tmp_path)
    for extra in ([], ["--include-text"]):
        rep = json_report([".", *extra], tmp_path)
        assert schema_errors(report_validator(), rep) == []
    assert set(rep) == {"schema_version", "tool", "summary", "documents", "findings"}
    assert rep["tool"]["name"] == "corpus-lint" and rep["tool"]["version"] == __version__
    s = rep["summary"]
    assert s["files"] == 6
    assert s["documents"] == 4 + 150
    assert s["findings"] == len(rep["findings"]) == sum(s["by_rule"].values())
    assert sum(s["by_severity"].values()) == s["findings"]
    rules = {f["rule"] for f in rep["findings"]}
    assert {"CI001", "RD001", "RD002", "AR002", "AR003", "IO004", "IO005"} <= rules
    assert any("fix" in f for f in rep["findings"])


def test_json_report_of_seeds_is_valid(tmp_path: Path) -> None:
    res = invoke(["seeds/", "--format", "json"], cwd=ROOT)
    assert res.exit_code == 1
    assert schema_errors(report_validator(), res.json()) == []


def test_report_schema_printed_by_the_cli_is_the_shipped_one() -> None:
    res = invoke(["schema"])
    assert res.exit_code == 0
    shipped = json.loads((ROOT / "src/corpus_lint/schemas/report.schema.json").read_text())
    assert res.json() == shipped


def test_schema_rejects_what_a_report_must_not_have(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE)
    rep = json_report(["a.txt"], tmp_path)
    bad = json.loads(json.dumps(rep))
    bad["findings"][0]["category"] = "misc"
    assert schema_errors(report_validator(), bad)
    bad = json.loads(json.dumps(rep))
    del bad["findings"][0]["fingerprint"]
    assert schema_errors(report_validator(), bad)


def test_finding_fields(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "First.\n" + CITE)
    (f,) = json_report(["a.txt", "--select", "CI"], tmp_path)["findings"]
    assert f["rule"] == "CI001" and f["name"] == "citation-placeholder"
    assert (f["category"], f["severity"]) == ("citation", "warning")
    assert f["message"] == "Unresolved citation placeholder '[citation]'"
    assert (f["path"], f["document"]) == ("a.txt", None)
    start = len("First.\n") + CITE.index("[")
    assert f["span"] == {"start": start, "end": start + 10}
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (2, 29, 2, 39)
    assert f["excerpt"] == CITE.rstrip("\n")
    assert re.fullmatch(r"[0-9a-f]{20}", f["fingerprint"])


def test_include_text_is_exactly_what_spans_index(tmp_path: Path) -> None:
    mixed_corpus(tmp_path, records=30)
    rep = json_report([".", "--include-text"], tmp_path)
    docs = {(d["path"], d["id"]): d["text"] for d in rep["documents"]}
    checked = 0
    for f in rep["findings"]:
        if f["category"] == "input":
            continue
        text = docs[(f["path"], f["document"] or f["path"])]
        start, end = f["span"]["start"], f["span"]["end"]
        assert span_text(rep, f) == text[start:end] != ""
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        assert f["excerpt"] == text[line_start : line_end if line_end >= 0 else None]
        assert f["column"] == start - line_start + 1
        checked += 1
    assert checked > 5
    html = next(d for d in rep["documents"] if d["format"] == "html")
    assert "<p>" not in html["text"] and "Seen [citation] here." in html["text"]
    md = next(d for d in rep["documents"] if d["format"] == "md")
    assert md["text"].lstrip().startswith("# Head")  # the body: front matter is not text
    without = json_report([".", "--select", "CI"], tmp_path)
    assert all("text" not in d for d in without["documents"])


# -- seeds -----------------------------------------------------------------------------------


def test_seeds_citations_and_redactions_exactly() -> None:
    res = invoke(["seeds/", "--format", "json", "--include-text"], cwd=ROOT)
    assert res.exit_code == 1
    rep = res.json()
    ci = findings_of(rep, "CI")
    assert [f["path"] for f in ci] == [SEED_000] * 6
    assert [span_text(rep, f) for f in ci] == ["[citation]"] * 6
    assert [f["line"] for f in ci] == [3, 5, 7, 9, 11, 13]
    rd = findings_of(rep, "RD")
    assert [f["path"] for f in rd] == [SEED_004] * 3
    assert [span_text(rep, f) for f in rd] == ["***"] * 3
    assert [f["line"] for f in rd] == [17, 19, 28]
    raw = (ROOT / SEED_004).read_text("utf-8")
    assert raw.count("***") == 3


def test_seeds_sarif_is_valid() -> None:
    res = invoke(["seeds/", "--format", "sarif"], cwd=ROOT)
    assert res.exit_code == 1
    assert schema_errors(sarif_validator(), res.json()) == []


# -- SARIF -----------------------------------------------------------------------------------


def test_sarif_valid_with_rule_metadata_levels_regions_fingerprints(tmp_path: Path) -> None:
    mixed_corpus(tmp_path, records=30)
    write(tmp_path, "corpus-lint.toml", '[severity]\nRD002 = "info"\n')
    res = invoke([".", "--format", "sarif"], cwd=tmp_path)
    assert res.exit_code == 1
    sarif = res.json()
    assert schema_errors(sarif_validator(), sarif) == []
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "corpus-lint" and driver["version"] == __version__
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids)
    rule_docs = load_rules()
    for r in rules:
        assert r["name"] == rule_docs[r["id"]].name
        assert r["fullDescription"]["text"] == rule_docs[r["id"]].docs.strip()
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    rep = json_report(["."], tmp_path)
    assert len(run["results"]) == len(rep["findings"])
    for result, f in zip(run["results"], rep["findings"], strict=True):
        assert result["ruleId"] == f["rule"]
        assert rules[result["ruleIndex"]]["id"] == f["rule"]
        level = {"error": "error", "warning": "warning", "info": "note"}[f["severity"]]
        assert result["level"] == level
        assert result["partialFingerprints"]["corpusLintFingerprint/v1"] == f["fingerprint"]
        loc = result["locations"][0]["physicalLocation"]
        if f["path"].endswith(".html"):
            assert "region" not in loc
            assert result["properties"]["text_region"]["startLine"] == f["line"]
            continue
        region = loc["region"]
        if f["document"] is not None:
            assert region["startLine"] == f["source_line"]
            assert result["locations"][0]["logicalLocations"][0]["name"] == f["document"]
        else:
            assert (region["startLine"], region["startColumn"]) == (f["line"], f["column"])
            assert (region["endLine"], region["endColumn"]) == (f["end_line"], f["end_column"])
        uri = loc["artifactLocation"]["uri"]
        assert " " not in uri and re.fullmatch(r"[A-Za-z0-9._~%!$&'()*+,;=:@/-]+", uri), uri
    assert "RD002" in [r["ruleId"] for r in run["results"] if r["level"] == "note"]
    assert "dir%20with%20space/d.txt" in [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    ]


def test_sarif_with_no_findings_is_valid(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Nothing to see.\n")
    res = invoke(["a.txt", "--format", "sarif"], cwd=tmp_path)
    assert res.exit_code == 0
    sarif = res.json()
    assert schema_errors(sarif_validator(), sarif) == []
    assert sarif["runs"][0]["results"] == []
    assert sarif["runs"][0]["tool"]["driver"]["rules"]  # the rules that ran


# -- other formats -----------------------------------------------------------------------------


def test_text_format(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "First.\n" + CITE)
    write_jsonl(tmp_path, "s.jsonl", [{"id": "d1", "text": "x\n" + CITE}])
    res = invoke([".", "--select", "CI"], cwd=tmp_path)
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "a.txt:2:29: CI001 Unresolved citation placeholder '[citation]'",
        "s.jsonl:1:1: CI001 Unresolved citation placeholder '[citation]' (document d1, 2:29)",
        "Found 2 findings (2 warning) in 2 files, 2 documents.",
    ]
    clean = invoke(["a.txt", "--select", "RD"], cwd=tmp_path)
    assert clean.exit_code == 0
    assert clean.stdout == "All clean: 1 file, 1 document checked.\n"


def test_full_format_has_excerpt_and_caret(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "First.\n" + CITE)
    res = invoke(["a.txt", "--format", "full", "--select", "CI"], cwd=tmp_path)
    lines = res.stdout.splitlines()
    assert lines[0] == "a.txt:2:29: CI001 [warning] Unresolved citation placeholder '[citation]'"
    assert lines[1] == "    2 | " + CITE.rstrip("\n")
    caret = lines[2]
    assert caret.index("^") == lines[1].index("[citation]")
    assert caret.count("^") == len("[citation]")
    assert lines[-1].startswith("Found 1 finding")


def test_full_format_shows_the_fix(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Tom &amp; Jerry\n")
    res = invoke(["a.txt", "--format", "full", "--select", "AR002"], cwd=tmp_path)
    assert "= fix (safe): replace with '&'" in res.stdout
    assert "[*] 1 fixable with `--fix`." in res.stdout


def test_github_format(tmp_path: Path) -> None:
    write(tmp_path, "a,b.txt", "First.\n" + CITE)
    write_jsonl(tmp_path, "s.jsonl", [{"id": "d1", "text": "100% [cite]"}])
    write(tmp_path, "e.txt", "")
    res = invoke([".", "--format", "github", "--select", "CI,IO"], cwd=tmp_path)
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "::warning file=a%2Cb.txt,line=2,col=29,endLine=2,endColumn=39,"
        "title=CI001 citation-placeholder::Unresolved citation placeholder '[citation]'",
        "::warning file=e.txt,line=1,col=1,endLine=1,endColumn=1,"
        "title=IO005 empty-document::empty file: nothing to lint",
        "::warning file=s.jsonl,line=1,title=CI001 citation-placeholder::"
        "Unresolved citation placeholder '[cite]' (document d1, 1:6)",
    ]


def test_github_is_the_default_under_github_actions(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE)
    res = invoke(["a.txt", "--select", "CI"], cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert res.stdout.startswith("::warning file=a.txt,line=1,col=29")
    res = invoke(
        ["a.txt", "--select", "CI", "--format", "text"],
        cwd=tmp_path,
        env={"GITHUB_ACTIONS": "true"},
    )
    assert res.stdout.startswith("a.txt:1:29: CI001")


def test_jsonl_format_is_the_findings_one_a_line(tmp_path: Path) -> None:
    mixed_corpus(tmp_path, records=20)
    res = invoke([".", "--format", "jsonl"], cwd=tmp_path)
    assert res.exit_code == 1
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert lines == json_report(["."], tmp_path)["findings"]


def test_output_file(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE)
    res = invoke(["a.txt", "--format", "json", "-o", "out/report.json"], cwd=tmp_path)
    assert res.exit_code == 1 and res.stdout == ""
    assert (tmp_path / "out" / "report.json").is_file()  # the folder is made
    res = invoke(["a.txt", "--format", "json", "--output", "report.json"], cwd=tmp_path)
    assert res.exit_code == 1 and res.stdout == ""
    rep = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert findings_of(rep, "CI")[0]["path"] == "a.txt"
    assert not list(tmp_path.glob(".report.json.*"))  # no temporary file left behind


def test_statistics(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE * 3 + "Tom &amp; Jerry\n")
    res = invoke(["a.txt", "--statistics", "--select", "CI,AR002"], cwd=tmp_path)
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "3  CI001      citation-placeholder",
        "1  AR002  [*] html-entity",
    ]


def test_quiet_prints_findings_only(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE)
    res = invoke(["a.txt", "-q", "--select", "CI"], cwd=tmp_path)
    assert res.exit_code == 1
    assert res.stdout == "a.txt:1:29: CI001 Unresolved citation placeholder '[citation]'\n"
    res = invoke(["a.txt", "--quiet", "--select", "RD"], cwd=tmp_path)
    assert (res.exit_code, res.stdout) == (0, "")


def test_exit_codes_fail_on_and_exit_zero(tmp_path: Path) -> None:
    write(tmp_path, "warn.txt", CITE)
    write(tmp_path, "clean.txt", "Nothing.\n")
    write(tmp_path, "corpus-lint.toml", '[severity]\nAR006 = "info"\n')
    write(tmp_path, "info.txt", "zero\u200bwidth\n")
    assert invoke(["clean.txt"], cwd=tmp_path).exit_code == 0
    assert invoke(["warn.txt"], cwd=tmp_path).exit_code == 1
    assert invoke(["warn.txt", "--fail-on", "error"], cwd=tmp_path).exit_code == 0
    assert invoke(["warn.txt", "--fail-on", "warning"], cwd=tmp_path).exit_code == 1
    assert invoke(["info.txt", "--select", "AR006"], cwd=tmp_path).exit_code == 0
    assert (
        invoke(["info.txt", "--select", "AR006", "--fail-on", "info"], cwd=tmp_path).exit_code == 1
    )
    res = invoke(["warn.txt", "--exit-zero"], cwd=tmp_path)
    assert res.exit_code == 0 and "CI001" in res.stdout
    assert invoke(["warn.txt", "--select", "NOPE"], cwd=tmp_path).exit_code == 2
    # a missing file is a finding (IO001, an error), not a usage error
    assert invoke(["missing.txt"], cwd=tmp_path).exit_code == 1
    assert invoke(["warn.txt", "--format", "yaml"], cwd=tmp_path).exit_code == 2
    assert invoke(["warn.txt", "--jobs", "-1"], cwd=tmp_path).exit_code == 2


# -- determinism -------------------------------------------------------------------------------


def test_two_runs_give_the_same_bytes(tmp_path: Path) -> None:
    mixed_corpus(tmp_path)
    strip = re.compile(r'"duration_seconds": [0-9.e-]+')
    for fmt in ("json", "sarif"):
        # different hash seeds: no output may depend on set or dict-of-set order
        runs = [
            run_cli(
                [".", "--format", fmt, "--include-text"], cwd=tmp_path, env={"PYTHONHASHSEED": seed}
            )
            for seed in ("1", "2")
        ]
        assert runs[0].exit_code == runs[1].exit_code == 1
        assert strip.sub("", runs[0].stdout) == strip.sub("", runs[1].stdout)
        assert runs[0].stdout != ""


def test_jobs_2_gives_the_same_report_as_jobs_1(tmp_path: Path) -> None:
    mixed_corpus(tmp_path, records=400)  # several batches of 64 documents
    for n in range(3):
        write(tmp_path, f"more/{n}.txt", f"Text {n} [cite].\n" * (n + 1))
    one = run_cli([".", "--format", "json", "--jobs", "1"], cwd=tmp_path)
    two = run_cli([".", "--format", "json", "--jobs", "2"], cwd=tmp_path)
    assert one.exit_code == two.exit_code == 1
    a, b = without_duration(one.stdout), without_duration(two.stdout)
    assert a["summary"]["documents"] == 4 + 400 + 3
    assert a == b


def test_findings_are_ordered_by_path_offset_rule(tmp_path: Path) -> None:
    mixed_corpus(tmp_path, records=40)
    rep = json_report(["."], tmp_path)
    paths = [f["path"] for f in rep["findings"]]
    assert paths == sorted(paths)
    for path in set(paths):
        single = [f for f in rep["findings"] if f["path"] == path and f["document"] is None]
        keys = [(f["span"]["start"], f["span"]["end"], f["rule"]) for f in single]
        assert keys == sorted(keys)


# -- fingerprints ------------------------------------------------------------------------------


def fingerprints(tmp_path: Path, text: str) -> list[tuple[str, int, str]]:
    write(tmp_path, "doc.txt", text)
    rep = json_report(["doc.txt", "--select", "CI,RD"], tmp_path)
    return [(f["rule"], f["line"], f["fingerprint"]) for f in rep["findings"]]


def test_fingerprints_survive_unrelated_edits(tmp_path: Path) -> None:
    body = "Claim one [citation].\n\nRedacted: ***.\n\nClaim two [citation].\n"
    before = fingerprints(tmp_path, body)
    after = fingerprints(tmp_path, "A new first paragraph,\nover two lines.\n\n" + body)
    assert [r for r, _, _ in before] == ["CI001", "RD001", "CI001"]
    assert [line + 3 for _, line, _ in before] == [line for _, line, _ in after]
    assert [fp for _, _, fp in before] == [fp for _, _, fp in after]
    # the two identical markers are told apart by their occurrence index
    assert before[0][2] != before[2][2]
    # case and line breaks inside the match do not matter
    plain = fingerprints(tmp_path, "Claim one [citation needed].\n")
    assert fingerprints(tmp_path, "Claim one [CITATION NEEDED].\n") == plain
    assert fingerprints(tmp_path, "Claim one [citation\n  needed].\n")[0][2] == plain[0][2]


def test_fingerprint_differs_per_rule_and_per_text(tmp_path: Path) -> None:
    a = fingerprints(tmp_path, "x [citation] y\n")
    b = fingerprints(tmp_path, "x [cite] y\n")
    c = fingerprints(tmp_path, "x [REDACTED] y\n")
    assert len({a[0][2], b[0][2], c[0][2]}) == 3


def test_fingerprints_of_jsonl_are_per_document(tmp_path: Path) -> None:
    write_jsonl(tmp_path, "s.jsonl", [{"id": "a", "text": CITE}, {"id": "b", "text": CITE}])
    rep = json_report(["s.jsonl", "--select", "CI"], tmp_path)
    fps = [f["fingerprint"] for f in rep["findings"]]
    # same rule, text and occurrence in two documents: the document tells them apart
    assert len(fps) == 2
    write_jsonl(
        tmp_path,
        "s.jsonl",
        [{"id": "new", "text": "fine"}, {"id": "a", "text": CITE}, {"id": "b", "text": CITE}],
    )
    rep2 = json_report(["s.jsonl", "--select", "CI"], tmp_path)
    assert [f["fingerprint"] for f in rep2["findings"]] == fps


# -- rules, rule, schema, version ----------------------------------------------------------------


def test_rules_table_lists_every_rule() -> None:
    rules = load_rules()
    res = invoke(["rules"])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    for code, rule in rules.items():
        row = next(x for x in lines if x.startswith(code + " "))
        assert rule.name in row and rule.category in row and rule.severity in row
    assert lines[-1].startswith(f"{len(rules)} rules")


def test_rules_json_and_markdown() -> None:
    rules = load_rules()
    listed = invoke(["rules", "--format", "json"]).json()
    assert [r["code"] for r in listed] == list(rules)
    first = listed[0]
    assert {"code", "name", "category", "severity", "default", "docs", "summary", "options"} <= set(
        first
    )
    md = invoke(["rules", "--format", "markdown"]).stdout.splitlines()
    assert md[0].startswith("| Code | Name |")
    assert len([x for x in md if re.match(r"\| [A-Z]{2}\d{3} \|", x)]) == len(rules)


def test_rule_command_by_code_and_name() -> None:
    res = invoke(["rule", "CI001"])
    assert res.exit_code == 0
    assert res.stdout.startswith("# CI001 citation-placeholder")
    assert "Not flagged" in res.stdout
    assert "Options (set under [tool.corpus-lint.options.CI001])" in res.stdout
    assert invoke(["rule", "missing-footnote"]).stdout.startswith("# CI002 missing-footnote")
    assert invoke(["rule", "ci001"]).stdout.startswith("# CI001")
    bad = invoke(["rule", "ZZ999"])
    assert bad.exit_code == 2 and "unknown rule 'ZZ999'" in bad.stderr


def test_version() -> None:
    res = run_cli(["--version"])
    assert res.exit_code == 0
    assert res.stdout.strip() == f"corpus-lint, version {__version__}"


@pytest.mark.parametrize("fmt", ["text", "full", "json", "jsonl", "sarif", "github"])
def test_every_format_on_an_empty_run(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "empty-folder").mkdir()
    res = invoke(["empty-folder", "--format", fmt], cwd=tmp_path)
    assert res.exit_code == 0, res.stderr
    if fmt in ("json", "sarif"):
        data = res.json()
        validator = report_validator() if fmt == "json" else sarif_validator()
        assert schema_errors(validator, data) == []


def test_html_positions_are_not_passed_off_as_source_lines(tmp_path: Path) -> None:
    """Lines of an HTML finding count in the visible text: SARIF and GitHub say so."""
    page = "<html><body><p>A claim that needs a source [citation] here.</p></body></html>"
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    res = invoke(["page.html", "--select", "CI001", "--format", "sarif"], cwd=tmp_path)
    sarif = res.json()
    assert schema_errors(sarif_validator(), sarif) == []
    (result,) = sarif["runs"][0]["results"]
    assert "region" not in result["locations"][0]["physicalLocation"]
    assert result["properties"]["text_region"]["startLine"] == 1
    gh = invoke(["page.html", "--select", "CI001", "--format", "github"], cwd=tmp_path)
    assert "line=" not in gh.stdout.split("::")[1]
    assert "of the page's visible text" in gh.stdout
