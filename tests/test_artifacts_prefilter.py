"""The RE2 superset of a Python pattern, and the mojibake rule's prefilter built with it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_lint import usercache
from corpus_lint.detectors import artifacts
from corpus_lint.detectors.artifacts import ArtifactDetector, re2_superset
from corpus_lint.document import Document

PATTERNS = [
    (r"\bab+c?\b", 0),
    (r"(?<!x)[^\W\d]{2}(?=\s)", 0),
    (r"^\s*(?:é|[à-ï]\d)$", re.M),
    (r"a.{1,3}?b|[^ab\n]{3}", 0),
    (r"(?:x|yz)*?q{2,}", 0),
    (r"(?s)a.b", 0),
    (
        r"""[ \t]x  # a comment
         [^\s]""",
        re.X,
    ),
    (r"(?>a|ab)c", 0),
    (r"a++b", 0),
]
ALPHABET = "ab cqxyzé\u00e0\u00ef1\n\t\u00a0_\u0430"


@pytest.mark.parametrize(("source", "flags"), PATTERNS)
def test_the_superset_matches_wherever_python_does(source: str, flags: int) -> None:
    try:
        python = re.compile(source, flags)
    except re.error:
        pytest.skip("this Python has no such syntax")
    superset = re2_superset(source, flags)
    assert superset is not None
    fast = re2.compile(superset)

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=ALPHABET, max_size=12))
    def check(text: str) -> None:
        if python.search(text):
            assert fast.search(text)

    check()


def test_what_the_superset_does_not_translate() -> None:
    assert re2_superset(r"(a)\1") is None
    assert re2_superset("abc", re.IGNORECASE) is None
    assert re2_superset(r"(?i:a)b") is None
    assert re2_superset("a{1001}") is None
    assert re2_superset("a{2,5000}") == r"(?:\x{61}){2,}"


BADNESS_TEXT = st.text(
    alphabet="aA é€™ÃÂ©®°±²Ð¸Ñ‚ÐµÑÐ°ÑŠÑ\u0080\u009dœŒâ€œ\u00a0–—’“”вЂ°ã€ΑΣ×√∂\n",
    max_size=16,
)


def test_the_prefilter_passes_every_text_badness_matches() -> None:
    from ftfy.badness import BADNESS_RE

    prefilter = artifacts._badness_prefilter()
    assert prefilter is not None

    @settings(max_examples=500, deadline=None)
    @given(BADNESS_TEXT)
    def check(text: str) -> None:
        if BADNESS_RE.search(text):
            assert prefilter.search(text.encode())

    check()
    assert prefilter.search("cafÃ©".encode()) and not prefilter.search("café Москва".encode())


def test_the_mojibake_rule_finds_the_same_with_and_without_the_prefilter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detector = ArtifactDetector({"kind": "mojibake"})

    @settings(max_examples=300, deadline=None)
    @given(BADNESS_TEXT)
    def check(text: str) -> None:
        fast = [(h.start, h.end, h.args) for h in detector.check(Document(text, "d", "d"))]
        with monkeypatch.context() as m:
            m.setattr(artifacts, "_PREFILTER", False)
            plain = [(h.start, h.end, h.args) for h in detector.check(Document(text, "d", "d"))]
        assert fast == plain

    check()


@pytest.fixture
def fresh_prefilter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("CORPUS_LINT_CACHE", raising=False)
    monkeypatch.setattr(artifacts, "_PREFILTER", None)
    yield tmp_path


def test_the_prefilter_source_is_kept_in_the_user_cache(fresh_prefilter: Path) -> None:
    built = artifacts._badness_prefilter()
    assert (fresh_prefilter / "corpus-lint" / "badness-re2.pickle").exists()
    artifacts._PREFILTER = None
    assert artifacts._badness_prefilter().pattern == built.pattern


def test_a_refused_prefilter_leaves_the_plain_search(
    fresh_prefilter: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(usercache, "load", lambda name, key: "(unbalanced")
    assert artifacts._badness_prefilter() is None
    detector = ArtifactDetector({"kind": "mojibake"})
    hits = list(detector.check(Document("Itâ€™s cafÃ©", "d", "d")))
    assert [h.args["fixed"] for h in hits] == ["It’s", "café"]
