"""``html-main-content``: the visible lines of a page that its main content leaves out.

For an HTML document, ``Document.markup`` is the raw page and ``Document.text`` its
visible text (html-text).  trafilatura extracts the main content from the markup
(``favor_precision`` off, readers' comments left out, tables kept; the rule's options
can change each); the visible lines are then aligned with the extracted text, and the
lines that are not part of it are flagged, consecutive lines as one finding.

The alignment is token-based, so that markup, spacing and case differences between the
two texts do not matter: tokens are the ``\\w+`` runs of the whitespace-normalized,
case-folded text; one monotone alignment (difflib, no autojunk) pairs the page's tokens
with the extract's, then tokens left over on both sides are aligned again keeping only
runs of 8 or more (content the extractor emits in another order, such as a lead placed
first).  Each extracted token vouches for one page token, so a teaser repeating the first
paragraph stays outside.  A line of fewer than 5 tokens is main content when all its
tokens are aligned, a longer one when 80% are.

When trafilatura finds no main content at all (or fails on the page), nothing is flagged:
the detector cannot tell furniture from content there, and other rules still run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from corpus_lint.api import Detector, Hit
from corpus_lint.document import Document

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
MIN_TOKENS_FOR_SHARE = 5
REORDER_MIN_BLOCK = 8
REORDER_PASSES = 3


def tokens(text: str) -> list[str]:
    return _WORD.findall(" ".join(text.split()).casefold())


def aligned_fractions(
    line_tokens: list[list[str]], ref_tokens: list[str], reorder: bool = True
) -> list[float]:
    """Share of each line's tokens aligned with ``ref_tokens`` (see the module docs)."""
    flat = [t for toks in line_tokens for t in toks]
    aligned = bytearray(len(flat))
    used = bytearray(len(ref_tokens))
    if flat and ref_tokens:
        sm = difflib.SequenceMatcher(None, flat, ref_tokens, autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            aligned[a : a + size] = b"\x01" * size
            used[b : b + size] = b"\x01" * size
        for _ in range(REORDER_PASSES if reorder else 0):
            ia = [i for i, x in enumerate(aligned) if not x]
            ib = [j for j, x in enumerate(used) if not x]
            if len(ia) < REORDER_MIN_BLOCK or len(ib) < REORDER_MIN_BLOCK:
                break
            sm = difflib.SequenceMatcher(
                None, [flat[i] for i in ia], [ref_tokens[j] for j in ib], autojunk=False
            )
            new = 0
            for a, b, size in sm.get_matching_blocks():
                if size >= REORDER_MIN_BLOCK:
                    for k in range(size):
                        aligned[ia[a + k]] = 1
                        used[ib[b + k]] = 1
                    new += size
            if not new:
                break
    out: list[float] = []
    pos = 0
    for toks in line_tokens:
        n = len(toks)
        out.append(sum(aligned[pos : pos + n]) / n if n else 0.0)
        pos += n
    return out


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def has_two_word_chars(line: str) -> bool:
    m = _WORD_CHAR.search(line)
    return m is not None and _WORD_CHAR.search(line, m.end()) is not None


def is_content(n_tokens: int, fraction: float, share: float) -> bool:
    if not n_tokens:
        return False
    return fraction >= share if n_tokens >= MIN_TOKENS_FOR_SHARE else fraction >= 1.0


class MainContentDetector(Detector):
    name: ClassVar[str] = "html-main-content"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "favor_precision": {"type": "boolean"},
            "favor_recall": {"type": "boolean"},
            "include_comments": {"type": "boolean"},
            "include_tables": {"type": "boolean"},
            "min_share": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 1,
                "description": "share of a line's tokens (5 or more) the extract must hold",
            },
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.favor_precision = bool(options.get("favor_precision", False))
        self.favor_recall = bool(options.get("favor_recall", False))
        self.include_comments = bool(options.get("include_comments", False))
        self.include_tables = bool(options.get("include_tables", True))
        self.min_share: float = float(options.get("min_share", 0.8))

    def main_content(self, doc: Document) -> str:
        """trafilatura's main content of the page ('' when none), cached on the document."""
        key = (
            f"main_content:{self.favor_precision:d}{self.favor_recall:d}"
            f"{self.include_comments:d}{self.include_tables:d}"
        )
        cached = doc.cache.get(key)
        if isinstance(cached, str):
            return cached
        out = ""
        if doc.markup:
            import trafilatura

            try:
                out = (
                    trafilatura.extract(
                        doc.markup,
                        favor_precision=self.favor_precision,
                        favor_recall=self.favor_recall,
                        include_comments=self.include_comments,
                        include_tables=self.include_tables,
                    )
                    or ""
                )
            except Exception:  # a page trafilatura cannot parse: no main content known
                out = ""
        doc.cache[key] = out
        doc.cache["main_content"] = out
        return out

    def check(self, doc: Document) -> Iterator[Hit]:
        if doc.format != "html" or not doc.markup:
            return
        extracted = self.main_content(doc)
        ref = tokens(extracted)
        if not ref:
            return
        text = doc.text
        spans = []
        line_tokens: list[list[str]] = []
        for span in doc.lines():
            line = text[span.start : span.end]
            if not has_two_word_chars(line):
                continue
            spans.append(span)
            line_tokens.append(tokens(line))
        fractions = aligned_fractions(line_tokens, ref)
        outside = [
            not is_content(len(toks), f, self.min_share)
            for toks, f in zip(line_tokens, fractions, strict=True)
        ]
        doc.cache["outside_main_content"] = [
            (s.start, s.end) for s, out in zip(spans, outside, strict=True) if out
        ]
        i, n = 0, len(spans)
        while i < n:
            if not outside[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and outside[j + 1]:
                j += 1
            first = text[spans[i].start : spans[i].end]
            lead = len(first) - len(first.lstrip())
            last = text[spans[j].start : spans[j].end]
            start = spans[i].start + lead
            end = spans[j].start + len(last.rstrip())
            yield Hit(start, end, args={"lines": j - i + 1, "match": _clip(first.strip())})
            i = j + 1
