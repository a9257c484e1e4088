"""Document positions: line starts computed without a regex agree with the regex."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from corpus_lint.document import _NEWLINE, Document

TEXTS = st.text(alphabet=st.sampled_from(["a", "é", " ", "\n", "\r", "\t", "ς"]), max_size=60)


@given(TEXTS)
def test_line_starts_match_every_line_break(text: str) -> None:
    doc = Document(text=text, path="p.txt", id="p.txt")
    expected = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    assert doc.line_starts == expected
    # and so positions: the character after each break is column 1 of the next line
    for n, start in enumerate(expected, 1):
        if start < len(text):
            assert doc.position(start) == (n, 1)
