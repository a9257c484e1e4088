"""Incremental runs: the signature store under --cache-dir, end to end through the CLI."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, run_cli
from support import invoke

ARTICLES = FIXTURES / "duplicates"
PRESS_PARAGRAPH = (
    "Saltmarsh Bay Borough Council has confirmed a funding package for the replacement of "
    "the eastern seafront defences between the lifeboat station and the River Lenn. The "
    "scheme will be delivered in partnership with the Environment Agency and is expected "
    "to reduce flood risk to around 600 properties."
)


def synthetic(rng: random.Random, vocabulary: list[str]) -> str:
    paragraphs = []
    for _ in range(4):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(50, 90))]
        paragraphs.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus of 40 unrelated synthetic documents and five real articles, linted once."""
    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = [
        "".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(4000)
    ]
    root = tmp_path / "corpus"
    (root / "synthetic").mkdir(parents=True)
    for i in range(40):
        (root / "synthetic" / f"doc{i:02d}.txt").write_text(synthetic(rng, vocabulary), "utf-8")
    for name in (
        "article_report.txt",
        "article_opinion.txt",
        "article_explainer.txt",
        "article_press.txt",
    ):
        shutil.copy(ARTICLES / name, root / name)
    first = lint(root, ["."])
    assert first["findings"] == [], first["findings"]
    assert (root / ".cache" / "signatures.sqlite").is_file()
    return root


def lint(root: Path, paths: list[str], expect: int | None = None, real: bool = False) -> Any:
    """Run the CLI on ``paths`` in ``root``; ``real``: in a fresh interpreter."""
    args = [*paths, "--cache-dir", ".cache", "--select", "DU", "--format", "json"]
    res = run_cli(args, cwd=root) if real else invoke(args, cwd=root)
    assert "Traceback" not in res.stderr, res.stderr
    assert res.exit_code in (0, 1), res.stderr
    report = res.json()
    if expect is not None:
        assert len(report["findings"]) == expect, report["findings"]
    return report


def add_copy(root: Path) -> None:
    shutil.copy(ARTICLES / "article_report_edited.txt", root / "new_copy.txt")


def test_one_changed_file_finds_its_duplicate_among_unchanged_files(corpus: Path) -> None:
    # Overwrite the original with same-size junk and put its timestamps back: a run that
    # re-read it would find nothing, a run that trusts the store still sees the original.
    original = corpus / "article_report.txt"
    st = original.stat()
    original.write_bytes(b"x" * st.st_size)
    os.utime(original, ns=(st.st_atime_ns, st.st_mtime_ns))
    add_copy(corpus)
    report = lint(corpus, ["new_copy.txt"], expect=1, real=True)
    f = report["findings"][0]
    assert (f["rule"], f["path"]) == ("DU003", "new_copy.txt")
    assert f["message"].startswith("Near-duplicate of article_report.txt (estimated similarity")
    assert [d["path"] for d in report["documents"]] == ["new_copy.txt"]


def test_nothing_is_reported_on_the_unchanged_files(corpus: Path) -> None:
    add_copy(corpus)
    lint(corpus, ["new_copy.txt"], expect=1)
    # the original is stored; linting another unchanged file reports nothing
    report = lint(corpus, ["article_opinion.txt"], expect=0)
    assert report["findings"] == []
    # a full run reports the later copy (by path), as a run without a store would
    full = lint(corpus, ["."], expect=1)
    assert full["findings"][0]["path"] == "new_copy.txt"


def test_new_file_sorting_first_is_still_the_copy_of_the_stored_one(corpus: Path) -> None:
    shutil.copy(ARTICLES / "article_report_edited.txt", corpus / "a_first.txt")
    report = lint(corpus, ["a_first.txt"], expect=1)
    assert "article_report.txt" in report["findings"][0]["message"]


def test_deleted_file_in_the_store_is_not_named(corpus: Path) -> None:
    (corpus / "article_report.txt").unlink()
    add_copy(corpus)
    lint(corpus, ["new_copy.txt"], expect=0)


def test_file_changed_since_it_was_stored_is_not_named(corpus: Path) -> None:
    (corpus / "article_report.txt").write_text((ARTICLES / "article_opinion.txt").read_text())
    add_copy(corpus)
    lint(corpus, ["new_copy.txt"], expect=0)


def test_touched_but_unchanged_file_still_counts(corpus: Path) -> None:
    # a fresh clone or checkout changes every timestamp, not the content
    original = corpus / "article_report.txt"
    st = original.stat()
    os.utime(original, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9 * 3600))
    add_copy(corpus)
    lint(corpus, ["new_copy.txt"], expect=1)


def test_edited_file_replaces_its_old_entry(corpus: Path) -> None:
    target = corpus / "synthetic" / "doc07.txt"
    old = target.read_text("utf-8")
    target.write_text((ARTICLES / "article_report_edited.txt").read_text("utf-8"), "utf-8")
    report = lint(corpus, ["synthetic/doc07.txt"], expect=1)
    assert "article_report.txt" in report["findings"][0]["message"]
    # doc07's old text is no longer in the store: a copy of it matches nothing
    (corpus / "old_doc07.txt").write_text(old, "utf-8")
    lint(corpus, ["old_doc07.txt"], expect=0)
    # while a copy of its new text matches it
    add_copy(corpus)
    report = lint(corpus, ["new_copy.txt"], expect=1)


def test_paragraph_pasted_into_a_new_file_names_the_stored_copy(corpus: Path) -> None:
    body = (corpus / "synthetic" / "doc03.txt").read_text("utf-8").split("\n\n")[0]
    (corpus / "new_post.txt").write_text(f"Our reaction\n\n{body}\n\n{PRESS_PARAGRAPH}\n")
    report = lint(corpus, ["new_post.txt"], expect=2)
    rules = sorted((f["rule"], f["line"], f["message"]) for f in report["findings"])
    assert rules == [
        ("DU004", 3, "Paragraph also appears in synthetic/doc03.txt, line 1"),
        ("DU004", 5, "Paragraph also appears in article_press.txt, line 3"),
    ]


def test_two_runs_racing_on_one_store(corpus: Path) -> None:
    add_copy(corpus)
    cmd = [
        sys.executable,
        "-m",
        "corpus_lint",
        ".",
        "--cache-dir",
        ".cache",
        "--select",
        "DU",
        "--format",
        "json",
    ]
    procs = [
        subprocess.Popen(cmd, cwd=corpus, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 1, err
        assert "Traceback" not in err and "locked" not in err, err
        assert '"new_copy.txt"' in out


def test_corrupt_store_does_not_stop_the_run(corpus: Path) -> None:
    db = corpus / ".cache" / "signatures.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    add_copy(corpus)
    res = run_cli([".", "--cache-dir", ".cache", "--select", "DU"], cwd=corpus)
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    assert "new_copy.txt:1:1: DU003" in res.stdout
    assert "signature store" in res.stderr


def test_store_rows_are_keyed_by_path_document_and_content(corpus: Path) -> None:
    with sqlite3.connect(corpus / ".cache" / "signatures.sqlite") as conn:
        rows = conn.execute(
            "SELECT namespace, path, idx, doc_id, length(content) FROM sigs"
            " WHERE path = 'article_report.txt' ORDER BY namespace"
        ).fetchall()
        files = conn.execute("SELECT path FROM files ORDER BY path").fetchall()
    assert [(r[0].split(":")[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        ("DU003", "article_report.txt", 0, "article_report.txt", 16),
        ("DU004", "article_report.txt", 0, "article_report.txt", 16),
    ]
    assert len(files) == 44


def test_files_outside_the_store_root_are_compared_but_not_kept(corpus: Path) -> None:
    outside = corpus.parent / "outside"
    outside.mkdir()
    shutil.copy(ARTICLES / "article_explainer.txt", outside / "x.txt")
    report = lint(corpus, ["../outside/x.txt"], expect=1)
    assert "article_explainer.txt" in report["findings"][0]["message"]
    shutil.copy(ARTICLES / "article_explainer.txt", corpus / "again.txt")
    report = lint(corpus, ["again.txt"], expect=1)
    assert report["findings"][0]["message"].startswith("Near-duplicate of article_explainer.txt")
    with sqlite3.connect(corpus / ".cache" / "signatures.sqlite") as conn:
        paths = {p for (p,) in conn.execute("SELECT path FROM sigs")}
    assert "again.txt" in paths and not any("outside" in p for p in paths)
