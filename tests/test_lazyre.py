"""Patterns compiled on first use, their code kept between runs: the same as re.compile."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_lint import dates_analysis, dates_checks, dates_grammar, langid, lazyre

PATTERNS = [
    (r"(?P<y>\d{4})-(?P<m>\d\d)(?![\d-])", 0),
    (r"(?<![\w-])(?:e\.g\.|for\s+example)[,:]?\s*$", re.IGNORECASE),
    ("[\u0300-\u1dff\u1f00-\U0010ffff]", 0),
    (r"(a|b)*+c{2,5}?", 0),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("CORPUS_LINT_CACHE", raising=False)
    saved = lazyre._CODES
    lazyre._CODES = None
    yield tmp_path
    lazyre._codes().forget()  # nothing of the test's written at exit
    lazyre._CODES = saved


def project_patterns() -> list[tuple[str, int]]:
    modules = (dates_grammar, dates_analysis, dates_checks, langid)
    found = [
        v._source for m in modules for v in vars(m).values() if isinstance(v, lazyre._LazyPattern)
    ]
    assert len(found) > 20
    return found


def test_lazy_pattern_compiles_on_first_use_and_matches_like_re() -> None:
    lazy = lazyre.lazy_compile(r"(\d+)-(\d+)")
    assert "search" not in vars(lazy)
    assert lazy.findall("1-2 and 30-40") == [("1", "2"), ("30", "40")]
    assert "search" in vars(lazy)  # later calls go straight to the compiled pattern
    assert lazy.sub("x", "1-2") == "x"
    assert lazy.pattern == r"(\d+)-(\d+)"
    copy = pickle.loads(pickle.dumps(lazy))
    assert copy.fullmatch("7-8") is not None


def test_cached_code_equals_re_compile(cache: Path) -> None:
    """re.Pattern equality compares the compiled code: a miss, then a hit from the file."""
    patterns = PATTERNS + project_patterns()
    for pattern, flags in patterns:
        assert lazyre.compile_cached(pattern, flags) == re.compile(pattern, flags), pattern
    lazyre._codes().save()  # as the process does when it exits
    lazyre._codes().forget()  # as a new process would
    for pattern, flags in patterns:
        assert lazyre.compile_cached(pattern, flags) == re.compile(pattern, flags), pattern
    assert len(lazyre._codes().entries) == len(set(patterns))


def test_a_damaged_entry_falls_back_to_re_compile(cache: Path) -> None:
    pattern, flags = PATTERNS[0]
    lazyre._codes().entries[(pattern, flags)] = ("not", "an", "entry")
    compiled = lazyre.compile_cached(pattern, flags)
    assert compiled == re.compile(pattern, flags)
    assert compiled.match("2024-05").group("m") == "05"  # type: ignore[union-attr]


def test_dates_patterns_are_not_compiled_at_import() -> None:
    import subprocess
    import sys

    code = (
        "import re, sys\n"
        "calls = []\n"
        "real = re._compile\n"
        "re._compile = lambda p, f: calls.append(len(str(p))) or real(p, f)\n"
        "import corpus_lint.detectors.dates\n"
        "print(max(calls, default=0))\n"
    )
    longest = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert int(longest) < 1000  # MASTER alone is 16,000 characters long
