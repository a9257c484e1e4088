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


def _paragraphs_by_hand(text: str) -> list[tuple[int, int]]:
    """Blocks between blank lines (lines of spaces, tabs and no-break spaces count as
    blank), trimmed of white space, found character by character."""
    lines: list[tuple[int, int, int]] = []  # start, end of content, end with the break
    pos = 0
    while pos <= len(text):
        end = pos
        while end < len(text) and text[end] not in "\r\n":
            end += 1
        brk = end + (2 if text.startswith("\r\n", end) else 1 if end < len(text) else 0)
        lines.append((pos, end, brk))
        if end >= len(text):
            break
        pos = brk
    out: list[tuple[int, int]] = []
    block: list[tuple[int, int, int]] = []

    def close() -> None:
        if block:
            start, end = block[0][0], block[-1][1]
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append((start, end))

    for i, line in enumerate(lines):
        blank = all(c in " \t\f\v\u00a0" for c in text[line[0] : line[1]])
        if blank and 0 < i < len(lines) - 1:
            close()
            block = []
        else:
            block.append(line)
    close()
    return out


@given(TEXTS)
def test_paragraphs_are_blocks_between_blank_lines(text: str) -> None:
    doc = Document(text=text, path="p.txt", id="p.txt")
    assert [tuple(p) for p in doc.paragraphs()] == _paragraphs_by_hand(text)
