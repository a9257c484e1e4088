"""The phrase detector's fast paths find what its plain per-line and full-text scans find."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_lint.config import Config
from corpus_lint.detectors import phrase
from corpus_lint.detectors.phrase import PhraseDetector
from corpus_lint.document import Document
from corpus_lint.engine import LintSpec, RuleSet

SPACES = [" ", "  ", "\t", "\u00a0", "\u2002", "\u3000", "\x1c", "\x85", "\u2028", "\u200b", "\xad"]
BREAKS = ["\n", "\n", "\n\n", "\r\n", "\r"]
ODD = ["\u0130", "\u03a3", "\u03c3", "\u03c2", "\u212a", ":", "•", "-", "»", "*", ".", "x", "X"]


def _detector(code: str) -> PhraseDetector:
    rules = RuleSet(LintSpec(config=Config(root=Path(".")), select=[code]))
    detector = rules.document_rules[0].detector
    assert isinstance(detector, PhraseDetector)
    return detector


def _spans(hits: Any) -> list[tuple[int, int, Any]]:
    return sorted((h.start, h.end, h.fix) for h in hits)


def _texts(phrases: list[str]) -> Any:
    """Texts built from the phrases' words, white space, bullets and case changes."""
    words = sorted({w for p in phrases for w in p.split()})
    word = st.sampled_from(words).flatmap(
        lambda w: st.sampled_from([w, w.upper(), w.title(), w.replace("s", "\u03a3")])
    )
    part = st.one_of(word, st.sampled_from(SPACES + BREAKS + ODD))
    line = st.one_of(
        st.sampled_from(phrases).map(lambda p: p.upper() if len(p) % 3 == 0 else p),
        st.lists(part, max_size=8).map("".join),
    )
    edge = st.sampled_from(["", "• ", "- ", " ", "\t", "** ", ":", "\u00a0", "\u2002"])
    full = st.tuples(edge, line, edge).map("".join)
    return st.lists(st.tuples(full, st.sampled_from(BREAKS)), max_size=12).map(
        lambda parts: "".join(a + b for a, b in parts)
    )


@pytest.mark.parametrize("code", ["BP001", "BP003"])
def test_line_mode_finds_what_the_per_line_loop_finds(code: str) -> None:
    detector = _detector(code)
    phrases = sorted(detector.phrases)[::7]

    @settings(max_examples=300, deadline=None)
    @given(_texts(phrases))
    def check(text: str) -> None:
        doc = Document(text=text, path="d.txt", id="d")
        fast = _spans(detector.check(doc))
        plain = _spans(detector._check_each_line(Document(text=text, path="d.txt", id="d")))
        assert fast == plain

    check()


def test_line_mode_with_a_strip_of_letters_and_sigma_phrases() -> None:
    detector = PhraseDetector(
        {
            "phrases": ["ΟΔΟΣ", "print", "Σας ευχαριστούμε", "x marks"],
            "mode": "line",
            "strip": "xX-ς",
        }
    )
    texts = [
        "ΟΔΟΣ\nxxΟΔΟΣxx\nΟΔΟΣ:\n-ΟΔΟΣ-\nΟΔΟσ\nοδος",
        "XprintX\nx print x\nprint\u2002\nPRINT\n marks",
        "ΣΑΣ ΕΥΧΑΡΙΣΤΟΎΜΕ\nσας\u00a0ευχαριστούμε\nςσας ευχαριστούμες",
        "X MARKS\nx marks\nmarks",
    ]
    for text in texts:
        fast = _spans(detector.check(Document(text=text, path="d", id="d")))
        plain = _spans(detector._check_each_line(Document(text=text, path="d", id="d")))
        assert fast == plain
    assert _spans(detector.check(Document(text="print\nPrint", path="d", id="d")))


def test_line_mode_with_a_sigma_to_strip() -> None:
    detector = PhraseDetector({"phrases": ["print", "ΑΒ"], "mode": "line", "strip": "Σ "})
    for text in ["ΣPrintΣ", "ΣΣ print ΣΣ", "ΑΒΣ", "ΣΑΒΣ", "αβς", " αβσ"]:
        fast = _spans(detector.check(Document(text=text, path="d", id="d")))
        assert fast == _spans(detector._check_each_line(Document(text=text, path="d", id="d")))
        assert bool(fast) == ("Σ" in text)  # the strip is case-sensitive


def test_line_mode_falls_back_to_the_loop() -> None:
    detector = PhraseDetector({"phrases": ["Print"], "mode": "line"})
    for text, found in [("Print\r\nPrint", 2), ("\u0130 x\nPrint", 1), ("Print\n\ud800", 1)]:
        doc = Document(text=text, path="d", id="d")
        assert (phrase._lowered(doc) is None) == ("\r" not in text)
        assert len(list(detector.check(doc))) == found


def test_line_mode_without_its_regex_uses_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(phrase, "_compile", lambda source: None)
    detector = PhraseDetector({"phrases": ["Print"], "mode": "line"})
    hits = list(detector.check(Document(text="x\n• Print\nPrint this", path="d", id="d")))
    assert [(h.start, h.end) for h in hits] == [(4, 9)]
    assert detector._line_regex is False


def test_the_whitespace_class_holds_every_whitespace_character() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert spaces == set(phrase._whitespace())


def _old_haystack(text: str) -> tuple[str, list[int], list[int]]:
    hay = phrase._lower_same_length(text)
    for ch in phrase._WS_CHARS:
        hay = hay.replace(ch, " ")
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    pos = comp = 0
    for m in re.finditer(r"\s{2,}", hay):
        rs, re_ = m.span()
        pieces.append(hay[pos : rs + 1])
        starts.append(comp)
        origins.append(pos)
        comp += rs + 1 - pos
        pos = re_
    if not pieces:
        return hay, starts, origins
    pieces.append(hay[pos:])
    starts.append(comp)
    origins.append(pos)
    return "".join(pieces), starts, origins


def test_haystack_is_the_piece_by_piece_collapse() -> None:
    part = st.sampled_from([*SPACES, *BREAKS, *ODD, "a", "B", "\u00e9", "\x00", "\ue000"])

    @settings(max_examples=500, deadline=None)
    @given(st.lists(part, max_size=20).map("".join))
    def check(text: str) -> None:
        assert phrase.haystack(text) == _old_haystack(text)

    check()


@pytest.mark.parametrize("code", ["BP002", "BP004"])
def test_anywhere_mode_with_and_without_the_first_match(code: str) -> None:
    detector = _detector(code)
    phrases = sorted(detector.phrases)[::3]
    plain = PhraseDetector(dict(detector.options))
    plain._near = None  # the automaton over every document, from the start

    @settings(max_examples=300, deadline=None)
    @given(_texts(phrases))
    def check(text: str) -> None:
        fast = _spans(detector.check(Document(text=text, path="d", id="d")))
        assert fast == _spans(plain.check(Document(text=text, path="d", id="d")))

    check()
