"""--fix: safe fixes only (unsafe on request), atomic writes, only .txt/.md files asked for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corpus_lint import fix as fix_module
from corpus_lint.api import Edit
from corpus_lint.fix import apply_edits, apply_fixes, atomic_write_text
from support import invoke, write, write_jsonl

# AR002 (entity, safe), AR005 (control character, safe), AR003 (mojibake, unsafe),
# BP001 (furniture line, unsafe delete)
DIRTY = "Tom &amp; Jerry\x01 ran.\nPrint\nWe don\u00e2\u20ac\u2122t know &nbsp;here.\n"
SAFE_FIXED = "Tom & Jerry ran.\nPrint\nWe don\u00e2\u20ac\u2122t know \u00a0here.\n"
ALL_FIXED = "Tom & Jerry ran.\nWe don\u2019t know \u00a0here.\n"
SELECT = ["--select", "AR002,AR003,AR005,BP001"]


def fix(tmp_path: Path, *args: str, stdin: str | None = None) -> Any:
    res = invoke([*args, *SELECT, "--format", "json"], cwd=tmp_path, stdin=stdin)
    assert res.exit_code in (0, 1), res.stderr
    return res


def test_fix_applies_safe_fixes_only(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", DIRTY)
    res = fix(tmp_path, "a.txt", "--fix")
    assert path.read_text("utf-8") == SAFE_FIXED
    assert "Fixed 3 findings in 1 file." in res.stderr
    # the report is the one of the fixed file: what is left, at its new positions
    rep = json.loads(res.stdout)
    assert [(f["rule"], f["line"]) for f in rep["findings"]] == [("BP001", 2), ("AR003", 3)]
    assert all(not f["fix"]["safe"] for f in rep["findings"])
    assert res.exit_code == 1


def test_unsafe_fixes_on_request(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", DIRTY)
    res = fix(tmp_path, "a.txt", "--fix", "--unsafe-fixes")
    assert path.read_text("utf-8") == ALL_FIXED
    assert json.loads(res.stdout)["findings"] == []
    assert res.exit_code == 0


def test_unsafe_fixes_without_fix_change_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", DIRTY)
    fix(tmp_path, "a.txt", "--unsafe-fixes")
    assert path.read_text("utf-8") == DIRTY


def test_overlapping_fixes_are_applied_over_several_passes(tmp_path: Path) -> None:
    # the mojibake token holds the entity: one fix per pass, nothing lost
    path = write(tmp_path, "a.txt", "We don\u00e2\u20ac\u2122t&amp;care.\n")
    res = invoke(["a.txt", "--select", "AR002,AR003", "--fix", "--unsafe-fixes"], cwd=tmp_path)
    assert res.exit_code == 0, res.stdout
    assert path.read_text("utf-8") == "We don\u2019t&care.\n"
    assert "Fixed 2 findings in 1 file." in res.stderr


def test_fix_never_touches_jsonl_or_html(tmp_path: Path) -> None:
    shard = write_jsonl(tmp_path, "s.jsonl", [{"id": "a", "text": DIRTY}])
    page = write(tmp_path, "p.html", "<p>Tom &amp;amp; Jerry\x01</p>")
    before = (shard.read_bytes(), page.read_bytes())
    res = fix(tmp_path, ".", "--fix", "--unsafe-fixes")
    assert (shard.read_bytes(), page.read_bytes()) == before
    rep = json.loads(res.stdout)
    assert {f["path"] for f in rep["findings"]} == {"s.jsonl", "p.html"}
    assert "Fixed" not in res.stderr
    # their fixes stay in the JSON report (for pipelines) but are not offered to --fix
    text = invoke([".", *SELECT], cwd=tmp_path).stdout
    assert "[*]" not in text


def test_a_file_not_named_is_never_modified(tmp_path: Path) -> None:
    asked = write(tmp_path, "asked.txt", DIRTY)
    other = write(tmp_path, "other.txt", DIRTY)
    sub = write(tmp_path, "sub/deep.md", DIRTY)
    stamp = (other.stat().st_mtime_ns, sub.stat().st_mtime_ns)
    fix(tmp_path, "asked.txt", "--fix", "--unsafe-fixes")
    assert asked.read_text("utf-8") == ALL_FIXED
    assert other.read_text("utf-8") == DIRTY and sub.read_text("utf-8") == DIRTY
    assert (other.stat().st_mtime_ns, sub.stat().st_mtime_ns) == stamp


def test_excluded_files_are_not_fixed(tmp_path: Path) -> None:
    write(tmp_path, "corpus-lint.toml", 'exclude = ["keep/**"]\n')
    kept = write(tmp_path, "keep/a.txt", DIRTY)
    fixed = write(tmp_path, "b.txt", DIRTY)
    fix(tmp_path, ".", "--fix")
    assert kept.read_text("utf-8") == DIRTY
    assert fixed.read_text("utf-8") == SAFE_FIXED


def test_stdin_is_never_written_to_a_file_of_the_same_name(tmp_path: Path) -> None:
    same_name = write(tmp_path, "a.txt", DIRTY)
    res = fix(tmp_path, "--stdin-filename", "a.txt", "-", "--fix", stdin=DIRTY)
    assert same_name.read_text("utf-8") == DIRTY
    assert "standard input" in res.stderr
    assert len(json.loads(res.stdout)["findings"]) == 5


def test_fix_keeps_front_matter_bom_crlf_and_mode(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: Tom &amp; Jerry\r\n---\r\nBody &amp; more\r\nEnd &lt;\r\n"
    path = write(tmp_path, "a.md", text)
    write(tmp_path, "b.txt", "x &amp; y\n")
    path.chmod(0o640)
    res = invoke(["a.md", "b.txt", "--select", "AR002", "--fix"], cwd=tmp_path)
    assert res.exit_code == 0
    # AR002 does not run on Markdown: only b.txt changes
    assert path.read_bytes().decode("utf-8") == text
    write(tmp_path, "a.txt", text)
    (tmp_path / "a.txt").chmod(0o640)
    res = invoke(["a.txt", "--select", "AR002", "--fix"], cwd=tmp_path)
    assert res.exit_code == 0, res.stdout
    raw = (tmp_path / "a.txt").read_bytes().decode("utf-8")
    assert raw == "\ufeff---\r\ntitle: Tom & Jerry\r\n---\r\nBody & more\r\nEnd <\r\n"
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "b.txt").read_text("utf-8") == "x & y\n"


def test_fix_in_markdown_body_keeps_front_matter(tmp_path: Path) -> None:
    text = "---\ntitle: \u00e2\u20ac\u2122\n---\nWe don\u00e2\u20ac\u2122t \x01know.\n"
    path = write(tmp_path, "a.md", text)
    res = invoke(["a.md", "--select", "AR003,AR005", "--fix", "--unsafe-fixes"], cwd=tmp_path)
    assert res.exit_code == 0, res.stdout
    assert path.read_text("utf-8") == "---\ntitle: \u00e2\u20ac\u2122\n---\nWe don\u2019t know.\n"


def test_fix_through_a_symlink_rewrites_the_target(tmp_path: Path) -> None:
    target = write(tmp_path, "real/a.txt", "x &amp; y\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    invoke(["link.txt", "--select", "AR002", "--fix"], cwd=tmp_path)
    assert link.is_symlink()
    assert target.read_text("utf-8") == "x & y\n"


def test_a_file_changed_since_the_lint_is_not_fixed(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "x &amp; y\n")
    res = invoke(["a.txt", "--select", "AR002", "--format", "json"], cwd=tmp_path)
    report = res.json()
    path.write_text("changed &amp; longer text\n", encoding="utf-8")
    outcome = apply_fixes(report, root=tmp_path)
    assert outcome.applied == 0 and outcome.files == []
    assert "changed since it was linted" in outcome.skipped[0]
    assert path.read_text("utf-8") == "changed &amp; longer text\n"


def test_atomic_write_leaves_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a.txt", "old\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fix_module.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(path, "new\n")
    assert path.read_text("utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_atomic_write_replaces_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "old\n")
    inode = path.stat().st_ino
    atomic_write_text(path, "new\n")
    assert path.read_text("utf-8") == "new\n"
    assert path.stat().st_ino != inode  # renamed over, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_unwritable_file_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a.txt", "x &amp; y\n")

    def read_only(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fix_module.os, "replace", read_only)
    res = invoke(["a.txt", "--select", "AR002", "--fix"], cwd=tmp_path)
    assert res.exit_code == 1
    assert "a.txt: cannot write the fixed file" in res.stderr
    assert "a.txt:1:3: AR002" in res.stdout
    assert path.read_text("utf-8") == "x &amp; y\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_apply_edits_drops_overlaps_and_keeps_order() -> None:
    text = "abcdef"
    edits = [Edit(4, 5, "E"), Edit(0, 2, "AB"), Edit(1, 3, "zz"), Edit(6, 6, "!")]
    assert apply_edits(text, edits) == ("ABcdEf!", 3)
