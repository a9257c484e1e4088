"""The CLI's spooled report equals the in-memory one, byte for byte.

The CLI writes each document's findings to a temporary file as they come (memory
grows with documents, not findings) and merges join and input findings into report
order at the end; :func:`corpus_lint.engine.run` keeps everything in memory.  Both
must give the same report for inputs that exercise every path: files named out of
order, a JSONL shard with bad lines, near-duplicate documents (join findings),
per-file ignores and an unreadable file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from corpus_lint.config import Config
from corpus_lint.engine import LintSpec, drive, run
from corpus_lint.formatters import iter_json, iter_jsonl, render_text
from corpus_lint.registry import load_rules
from corpus_lint.report import build_report
from corpus_lint.spool import Spool
from support import invoke, working_directory, write, write_jsonl

CITE = "A claim that needs support [citation].\n\nAnother one [citation needed].\n"


def make_corpus(root: Path) -> list[str]:
    """Paths in an order that is not the report's."""
    arts = FIXTURES / "duplicates"
    for name in ("article_report.txt", "article_report_edited.txt", "article_press.txt"):
        shutil.copy(arts / name, root / name)
    write(root, "a_notes.txt", CITE)
    write(root, "sub/b.md", "# Title\n\nText with a [cite] and &amp; leftovers.\n")
    write_jsonl(
        root,
        "shard.jsonl",
        [
            {"id": "d1", "text": CITE},
            "{not json",
            {"id": "d2", "text": (arts / "article_report.txt").read_text("utf-8")},
            {"id": "d3"},
            {"id": "d4", "text": "Plain text with ***** in it and a [citation]."},
        ],
    )
    write(root, "binary.txt", b"\x00\x01\x02\xff" * 40)
    return [
        str(root / "shard.jsonl"),
        str(root / "sub"),
        str(root / "article_report_edited.txt"),
        str(root / "binary.txt"),
        str(root / "article_press.txt"),
        str(root / "a_notes.txt"),
        str(root / "article_report.txt"),
    ]


def both(
    paths: list[str], cfg: Config, jobs: int = 1
) -> tuple[dict[str, object], dict[str, object]]:
    spec = LintSpec(config=cfg)
    memory = build_report(run(paths, spec, jobs=jobs, progress=False))
    spool = Spool()
    info = drive(paths, spec, spool, jobs=jobs, progress=False)
    return memory, spool.report(info, cfg)


def rendered(report: dict[str, object], fmt: str) -> str:
    report = dict(report)
    summary = dict(report["summary"])  # type: ignore[call-overload]
    summary["duration_seconds"] = 0
    report["summary"] = summary
    if fmt == "json":
        return "".join(iter_json(report))
    if fmt == "jsonl":
        return "".join(iter_jsonl(report))
    return render_text(report, load_rules(()))


@pytest.mark.parametrize("jobs", [1, 2])
def test_spooled_report_is_the_in_memory_report(tmp_path: Path, jobs: int) -> None:
    paths = make_corpus(tmp_path)
    with working_directory(tmp_path):
        memory, spooled = both(paths, Config(root=tmp_path, cache_dir=tmp_path / "c1"), jobs)
    rules = {f["rule"] for f in memory["findings"]}  # type: ignore[attr-defined]
    # every kind of finding is there: per document, input problems, join findings
    assert {"CI001", "IO002", "DU003"} <= rules, rules
    for fmt in ("json", "jsonl", "text"):
        assert rendered(spooled, fmt) == rendered(memory, fmt), fmt
    # read twice: the same
    assert list(spooled["findings"]) == list(spooled["findings"])  # type: ignore[call-overload]
    assert len(spooled["findings"]) == len(memory["findings"])  # type: ignore[arg-type]


def test_spooled_report_with_per_file_ignores(tmp_path: Path) -> None:
    paths = make_corpus(tmp_path)
    cfg = Config(
        root=tmp_path,
        cache_dir=tmp_path / "c2",
        per_file_ignores={"shard.jsonl": ["IO", "CI001"], "*.txt": ["DU"]},
    )
    with working_directory(tmp_path):
        memory, spooled = both(paths, cfg)
    found = {(Path(f["path"]).name, f["rule"]) for f in memory["findings"]}  # type: ignore[attr-defined]
    assert not any(
        name == "shard.jsonl" and rule.startswith(("IO", "CI001")) for name, rule in found
    )
    assert not any(name.endswith(".txt") and rule.startswith("DU") for name, rule in found)
    assert ("a_notes.txt", "CI001") in found
    assert rendered(spooled, "json") == rendered(memory, "json")


def test_cli_report_is_byte_identical_across_runs_and_jobs(tmp_path: Path) -> None:
    paths = make_corpus(tmp_path)
    outs = []
    for jobs, cache in ((1, "x1"), (2, "x2"), (1, "x3")):
        res = invoke(
            [*paths, "--format", "json", "--jobs", str(jobs), "--cache-dir", cache],
            cwd=tmp_path,
        )
        assert res.exit_code == 1, res.stderr
        data = json.loads(res.stdout)
        assert data["summary"]["findings"] == len(data["findings"]) > 10
        outs.append(
            res.stdout.replace(f'"duration_seconds": {data["summary"]["duration_seconds"]}', "")
        )
    assert outs[0] == outs[1] == outs[2]


def test_cli_clean_run_exits_zero_with_empty_lists(tmp_path: Path) -> None:
    write(tmp_path, "clean.txt", "A plain sentence with nothing wrong in it at all.\n")
    res = invoke(["clean.txt", "--format", "json", "--cache-dir", "c"], cwd=tmp_path)
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["findings"] == [] and len(data["documents"]) == 1
    assert '"findings": []' in res.stdout
