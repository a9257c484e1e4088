"""The one shape every input becomes.

A :class:`Document` owns its text, a stable id, the path it came from, metadata,
and the mapping from code-point offsets to 1-based line and column.  Nothing else
in corpus-lint recomputes line numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add
from typing import Any, NamedTuple

_NEWLINE = re.compile(r"\r\n|\r|\n")
# A paragraph ends at a blank line (only whitespace between two line breaks).
# (A CR directly before a LF is never a break of its own: "a\r\nb" has no blank line.)
_BLANK_RUN = re.compile(r"(?:\r\n|\r(?!\n)|\n)(?:[ \t\f\v\u00a0]*(?:\r\n|\r(?!\n)|\n))+")
_BLANK_RUN_LF = re.compile(r"\n(?:[ \t\f\v\u00a0]*\n)+")  # the same, for text without CR


class Span(NamedTuple):
    """A half-open range of code points, ``text[start:end]`` (immutable)."""

    start: int
    end: int


_new_span = tuple.__new__  # builds a Span without the Python-level __new__ (hot path)


@dataclass(slots=True)
class Document:
    """A unit of linting: one text file, one HTML page, or one JSONL record."""

    text: str
    path: str
    id: str
    format: str = "txt"
    index: int = 0
    """Position of the document inside its file (0 for single-document files)."""
    source_line: int | None = None
    """For JSONL: the 1-based line of the shard this document came from."""
    line_offset: int = 0
    """Lines of the file that precede ``text`` (YAML front matter in Markdown)."""
    text_offset: int = 0
    """Code points of the file that precede ``text`` (for fixes written back to the file)."""
    metadata: dict[str, Any] = field(default_factory=dict)
    markup: str | None = field(default=None, repr=False)
    """The raw page, for HTML documents (the text is its visible text)."""
    disabled: list[tuple[str, int, int]] = field(default_factory=list)
    """Inline suppressions: (rule selector, start offset, end offset)."""
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Derived analyses shared between detectors (paragraphs, dates, language)."""
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    # -- positions ---------------------------------------------------------------

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            lines: list[Span] | None = self.cache.get("lines")
            if lines is not None:
                self._line_starts = [span.start for span in lines]
            elif "\r" not in self.text:
                # each line's length plus its break, summed in C (no regex, no Python loop)
                parts = self.text.split("\n")
                starts = list(accumulate(map(add, map(len, parts), repeat(1)), initial=0))
                starts.pop()
                self._line_starts = starts
            else:
                starts = [0]
                starts.extend(m.end() for m in _NEWLINE.finditer(self.text))
                self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset, counted in the file."""
        starts = self.line_starts
        i = bisect_right(starts, offset) - 1
        return i + 1 + self.line_offset, offset - starts[i] + 1

    def end_position(self, start: int, end: int) -> tuple[int, int]:
        """1-based (line, column) of the last code point of a span (inclusive end)."""
        if end <= start:
            return self.position(start)
        line, col = self.position(end - 1)
        return line, col + 1

    # -- structure ----------------------------------------------------------------

    def lines(self) -> list[Span]:
        """Every line of the text, line breaks excluded."""
        cached: list[Span] | None = self.cache.get("lines")
        if cached is not None:
            return cached
        text = self.text
        out: list[Span] = []
        pos = 0
        if "\r" not in text:  # the common case: str.split is much faster than a regex
            for part in text.split("\n"):
                end = pos + len(part)
                out.append(_new_span(Span, (pos, end)))
                pos = end + 1
        else:
            for m in _NEWLINE.finditer(text):
                out.append(_new_span(Span, (pos, m.start())))
                pos = m.end()
            out.append(_new_span(Span, (pos, len(text))))
        self.cache["lines"] = out
        return out

    def paragraphs(self) -> list[Span]:
        """Blocks of text separated by blank lines, trimmed of surrounding whitespace."""
        cached: list[Span] | None = self.cache.get("paragraphs")
        if cached is not None:
            return cached
        out: list[Span] = []
        text = self.text
        pos = 0
        blank_run = _BLANK_RUN_LF if "\r" not in text else _BLANK_RUN
        bounds = [m.span() for m in blank_run.finditer(text)]
        bounds.append((len(text), len(text)))
        for b_start, b_end in bounds:
            piece = text[pos:b_start]
            core = piece.strip()
            if core:
                start = pos + piece.find(core)
                out.append(_new_span(Span, (start, start + len(core))))
            pos = b_end
        self.cache["paragraphs"] = out
        return out

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def is_disabled(self, rule_code: str, rule_name: str, category: str, offset: int) -> bool:
        for selector, start, end in self.disabled:
            if start <= offset < end and selector in (rule_code, rule_name, category, "all"):
                return True
            if (
                start <= offset < end
                and selector.isalpha()
                and selector.isupper()
                and rule_code.startswith(selector)
            ):
                return True
        return False

    def without_cache(self) -> Document:
        """A copy that is cheap to send to another process."""
        return Document(
            text=self.text,
            path=self.path,
            id=self.id,
            format=self.format,
            index=self.index,
            source_line=self.source_line,
            line_offset=self.line_offset,
            text_offset=self.text_offset,
            metadata=self.metadata,
            markup=self.markup,
            disabled=self.disabled,
        )
