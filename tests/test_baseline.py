"""--baseline: report only findings that an earlier report does not have."""

from __future__ import annotations

import json
from pathlib import Path

from support import invoke, write, write_jsonl

TEXT = (
    "The council approved the plan in March [citation].\n\n"
    "Residents objected to the height of the towers [citation needed].\n"
)


def lint_json(root: Path, *args: str) -> tuple[int, dict[str, object]]:
    res = invoke(["corpus", "--format", "json", "--cache-dir", "cache", *args], cwd=root)
    assert res.exit_code in (0, 1), res.stderr
    return res.exit_code, json.loads(res.stdout)


def rules_of(report: dict[str, object]) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in report["findings"]]  # type: ignore[attr-defined]


def test_known_findings_are_not_reported_and_edits_elsewhere_keep_them_known(
    tmp_path: Path,
) -> None:
    write(tmp_path, "corpus/a.txt", TEXT)
    code, first = lint_json(tmp_path)
    assert code == 1 and len(first["findings"]) == 2  # type: ignore[arg-type]
    (tmp_path / "baseline.json").write_text(json.dumps(first), encoding="utf-8")

    code, again = lint_json(tmp_path, "--baseline", "baseline.json")
    assert code == 0 and again["findings"] == []
    assert again["summary"]["findings"] == 0  # type: ignore[index]

    # lines added above move every finding down: still known (no line numbers in keys)
    write(tmp_path, "corpus/a.txt", "A new opening paragraph.\n\n" + TEXT)
    code, moved = lint_json(tmp_path, "--baseline", "baseline.json")
    assert code == 0 and moved["findings"] == []

    # a new defect, and a second copy of a known one, are reported
    write(
        tmp_path,
        "corpus/a.txt",
        TEXT + "\nThe towers were approved in May [citation].\n\nMore text [citation].\n",
    )
    code, new = lint_json(tmp_path, "--baseline", "baseline.json")
    assert code == 1
    assert rules_of(new) == [("CI001", 5), ("CI001", 7)]


def test_baseline_as_jsonl_findings_and_from_config(tmp_path: Path) -> None:
    write_jsonl(tmp_path, "corpus/shard.jsonl", [{"id": "d1", "text": TEXT}])
    res = invoke(["corpus", "--format", "jsonl", "--cache-dir", "cache"], cwd=tmp_path)
    assert res.exit_code == 1
    write(tmp_path, "known.jsonl", res.stdout)
    write(tmp_path, "corpus-lint.toml", 'baseline = "known.jsonl"\n')
    write_jsonl(
        tmp_path,
        "corpus/shard.jsonl",
        [{"id": "d1", "text": TEXT}, {"id": "d2", "text": TEXT}],
    )
    code, report = lint_json(tmp_path)
    # d1's findings are known; d2 is another document with the same text: new
    docs = {f["document"] for f in report["findings"]}  # type: ignore[attr-defined]
    assert code == 1 and docs == {"d2"}


def test_unreadable_or_foreign_baseline_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "corpus/a.txt", TEXT)
    missing = invoke(["corpus", "--baseline", "nope.json"], cwd=tmp_path)
    assert missing.exit_code == 2 and "nope.json: cannot read the baseline" in missing.stderr
    write(tmp_path, "bad.json", "{not json")
    bad = invoke(["corpus", "--baseline", "bad.json"], cwd=tmp_path)
    assert bad.exit_code == 2 and "bad.json: line 1: not a JSON report" in bad.stderr
    write(tmp_path, "other.json", json.dumps({"findings": [{"rule": "X"}]}))
    other = invoke(["corpus", "--baseline", "other.json"], cwd=tmp_path)
    assert other.exit_code == 2 and "finding 1 has no path and fingerprint" in other.stderr
    assert "Traceback" not in bad.stderr + other.stderr + missing.stderr
