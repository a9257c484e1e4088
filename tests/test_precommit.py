"""The pre-commit hook, through the real ``pre-commit try-repo``.

try-repo clones this repository (with its uncommitted changes to tracked files),
installs it into a fresh virtualenv from PyPI and runs the hook: slow (a minute or
more), so one test does both cases. Deselect it while developing with
``-m "not slow"``; CI runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from support import write

HOOKS = ROOT / ".pre-commit-hooks.yaml"


def test_hook_manifest() -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text("utf-8"))
    assert hook["id"] == "corpus-lint"
    assert hook["entry"] == "corpus-lint"
    assert hook["language"] == "python"
    import re

    files = re.compile(hook["files"])
    for name in ("a.txt", "b.md", "c.html", "d.htm", "e.jsonl", "f.jsonl.gz", "g/h.markdown"):
        assert files.search(name), name
    for name in ("a.py", "b.json", "c.txt.orig", "README", "d.gz"):
        assert not files.search(name), name
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _git(args: list[str], cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
def test_pre_commit_try_repo_fails_on_citation_and_passes_on_clean(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of corpus-lint")
    corpus = tmp_path / "corpus"
    write(corpus, "bad.txt", "The treaty was signed in 1990 [citation].\n")
    write(corpus, "clean.md", "# Notes\n\nThe treaty was signed in 1990.\n")
    _git(["init", "-q"], corpus)
    _git(["add", "."], corpus)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "PRE_COMMIT", "VIRTUAL_ENV", "PYTHONPATH"))
    }
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        PRE_COMMIT_COLOR="never",
    )
    env.pop("GITHUB_ACTIONS", None)

    def try_repo(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(ROOT),
                "corpus-lint",
                "--files",
                name,
                "--verbose",
            ],
            cwd=corpus,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
        )

    bad = try_repo("bad.txt")
    out = bad.stdout + bad.stderr
    assert bad.returncode == 1, out
    assert "corpus-lint" in out and "Failed" in out
    assert "bad.txt:1:31: CI001 Unresolved citation placeholder '[citation]'" in out
    assert "Traceback" not in out

    clean = try_repo("clean.md")
    out = clean.stdout + clean.stderr
    assert clean.returncode == 0, out
    assert "Passed" in out
