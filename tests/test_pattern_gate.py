"""The RE2::Set gate of the pattern detectors: it skips only detectors with no match."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_lint.config import Config
from corpus_lint.detectors import pattern
from corpus_lint.detectors.pattern import PatternDetector
from corpus_lint.document import Document
from corpus_lint.engine import LintSpec, RuleSet


def _pattern_detectors() -> list[PatternDetector]:
    rules = RuleSet(LintSpec(config=Config(root=Path("."))))
    found = [a.detector for a in rules.document_rules if isinstance(a.detector, PatternDetector)]
    found.append(PatternDetector({"patterns": [r"^\s*Foo\b", "x*"], "ignore_case": True}))
    found.append(PatternDetector({"patterns": [r"(?i:Bar)\d+$", r"[ä-ö]{2}"]}))
    assert sum(d._gate_index >= 0 for d in found) >= 8
    return found


def _spans(hits: Any) -> list[tuple[int, int]]:
    return sorted((h.start, h.end) for h in hits)


def test_the_gate_says_which_detectors_can_match() -> None:
    detectors = _pattern_detectors()
    part = st.sampled_from(
        ["Page 2 of 5", "12 Comments", "© 2020 X", "(c) 2019", "Copyright 2018", "foo", "BAR12",
         "bar3", "äö", "\n", "\r\n", " ", "\t", "[citation needed]", "[REDACTED]", "███", "\ufffd",
         "\x07", "\u200b", "1 2 3 Next", "x", "Ä", "\u212a"]
    )  # fmt: skip

    @settings(max_examples=300, deadline=None)
    @given(st.lists(part, max_size=12).map("".join))
    def check(text: str) -> None:
        doc = Document(text=text, path="d", id="d")
        possible = pattern._GATE.possible(doc)
        assert possible is not None
        for detector in detectors:
            if detector._gate_index >= 0:
                can_match = detector.regex.search(text) is not None
                assert (detector._gate_index in possible) == can_match
            assert _spans(detector.check(doc)) == _spans(detector.check(Document(text, "d", "d")))

    check()


def _searching_spans(detector: PatternDetector, text: str) -> list[tuple[int, int]]:
    """What the detector finds when it searches every document (no gate)."""
    saved = detector._gate_index
    detector._gate_index = -1
    try:
        return _spans(detector.check(Document(text=text, path="d", id="d")))
    finally:
        detector._gate_index = saved


@pytest.mark.parametrize("matched", [None, [], [0, 1]])
def test_a_failed_set_match_makes_every_detector_search(
    monkeypatch: pytest.MonkeyPatch, matched: list[int] | None
) -> None:
    """RE2::Set reports "no match" when its DFA runs out of memory: the last, always
    matching member is then missing and nothing is skipped."""
    detector = PatternDetector({"patterns": ["needle"]})

    class Broken:
        def Match(self, data: bytes) -> list[int] | None:
            return matched

    monkeypatch.setattr(pattern._GATE, "_set", Broken())
    doc = Document(text="a needle", path="d", id="d")
    assert pattern._GATE.possible(doc) is None
    assert _spans(detector.check(doc)) == [(2, 8)]


def test_unencodable_text_skips_nothing() -> None:
    detector = PatternDetector({"patterns": ["needle"]})
    doc = Document(text="needle \ud800", path="d", id="d")
    assert pattern._GATE.possible(doc) is None
    with pytest.raises(UnicodeEncodeError):  # as RE2 itself does
        list(detector.check(doc))


def test_a_detector_made_later_or_unpickled_is_gated_too() -> None:
    first = PatternDetector({"patterns": ["alpha"]})
    doc = Document(text="alpha beta", path="d", id="d")
    assert _spans(first.check(doc)) == [(0, 5)]
    later = PatternDetector({"patterns": ["beta"]})  # the set is rebuilt, the doc re-checked
    assert _spans(later.check(doc)) == [(6, 10)]
    copy = pickle.loads(pickle.dumps(later))
    copy._gate_index = -2  # as if made in another process
    assert _spans(copy.check(Document(text="beta", path="d", id="d"))) == [(0, 4)]
    assert copy._gate_index == later._gate_index


def test_detectors_beyond_the_gate_limit_always_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pattern._Gate, "_LIMIT", 0)
    gate = pattern._Gate()
    monkeypatch.setattr(pattern, "_GATE", gate)
    detector = PatternDetector({"patterns": ["gamma"]})
    assert detector._gate_index == -1
    assert _spans(detector.check(Document(text="a gamma", path="d", id="d"))) == [(2, 7)]
    assert _searching_spans(detector, "gamma") == [(0, 5)]


def test_a_large_program_is_not_in_the_gate() -> None:
    detector = PatternDetector({"patterns": [r"^a[^\n]{0,300}b$"]})
    assert detector.regex.programsize > pattern._GATE_MAX_PROGRAM
    assert detector._gate_index == -1 and detector._gate_source not in pattern._GATE.index
    assert _spans(detector.check(Document(text="x\na b\n", path="d", id="d"))) == [(2, 5)]


def test_matching_with_the_larger_budget_finds_the_same() -> None:
    detector = PatternDetector({"patterns": [r"^[^\n]{0,120}©[^\n]{0,120}$"], "ignore_case": True})
    text = "\n".join(f"{'x' * (i % 130)} © {'y' * (i % 125)}" for i in range(300))
    plain = [m.span() for m in detector.regex.finditer(text)]
    assert _spans(detector.check(Document(text=text, path="d", id="d"))) == plain
