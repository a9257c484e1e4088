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
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from itertools import accumulate
from typing import Any, ClassVar

from corpus_lint.api import Detector, Hit
from corpus_lint.document import Document

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
MIN_TOKENS_FOR_SHARE = 5
REORDER_MIN_BLOCK = 8
REORDER_PASSES = 3
EXACT_LIMIT = 25_000_000
"""Token pairs beyond which a stretch is cut at unique tokens (then matched by trigrams)."""


def tokens(text: str) -> list[str]:
    return _WORD.findall(" ".join(text.split()).casefold())


def _matcher(a: list[str], b: list[str]) -> difflib.SequenceMatcher[str]:
    return difflib.SequenceMatcher(None, a, b, autojunk=False)


def _align_by_trigrams(
    a: list[str], b: list[str], a0: int, a1: int, b0: int, b1: int, aligned: bytearray
) -> None:
    """Cheap stand-in for a stretch too long to align: tokens in a trigram of ``b``."""
    grams = {tuple(b[j : j + 3]) for j in range(b0, max(b0, b1 - 2))}
    hit = [tuple(a[i : i + 3]) in grams for i in range(a0, max(a0, a1 - 2))]
    for k, ok in enumerate(hit):
        if ok:
            aligned[a0 + k : a0 + k + 3] = b"\x01\x01\x01"


def unique_line_anchors(keys_a: list[int], keys_b: list[int]) -> list[tuple[int, int]]:
    """Pairs (i, j) of keys (lines, tokens) equal on both sides and unique on each, in
    one monotone chain.

    The longest increasing chain of such pairs (patience diff's anchors), in
    O(n log n): what lies between two anchors is aligned token by token.
    """
    count_a = Counter(keys_a)
    count_b = Counter(keys_b)
    where_b = {k: j for j, k in enumerate(keys_b) if count_b[k] == 1}
    pairs = [(i, where_b[k]) for i, k in enumerate(keys_a) if count_a[k] == 1 and k in where_b]
    tails: list[int] = []  # j of the last pair of the best chain of each length
    tail_idx: list[int] = []
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        back.append(tail_idx[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[k] = j
            tail_idx[k] = n
    chain: list[tuple[int, int]] = []
    n = tail_idx[-1] if tail_idx else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def _align_tokens(
    a: list[str],
    b: list[str],
    a0: int,
    a1: int,
    b0: int,
    b1: int,
    aligned: bytearray,
    used: bytearray,
) -> None:
    """Align ``a[a0:a1]`` with ``b[b0:b1]`` (monotone), marking the aligned tokens.

    A large stretch (more than EXACT_LIMIT token pairs) is first cut at tokens unique
    on both sides, so that difflib only sees short pieces; a piece still too large (no
    unique tokens: a page of many thousands of repetitive lines) is matched by trigrams.
    """
    pieces = [(a0, a1, b0, b1)]
    if (a1 - a0) * (b1 - b0) > EXACT_LIMIT:
        ids: dict[str, int] = {}
        keys_a = [ids.setdefault(t, len(ids)) for t in a[a0:a1]]
        keys_b = [ids.setdefault(t, len(ids)) for t in b[b0:b1]]
        pieces = []
        pa, pb = a0, b0
        for i, j in unique_line_anchors(keys_a, keys_b):
            pieces.append((pa, a0 + i, pb, b0 + j))
            aligned[a0 + i] = used[b0 + j] = 1
            pa, pb = a0 + i + 1, b0 + j + 1
        pieces.append((pa, a1, pb, b1))
    for x0, x1, y0, y1 in pieces:
        if x1 <= x0 or y1 <= y0:
            continue
        if (x1 - x0) * (y1 - y0) > EXACT_LIMIT:
            _align_by_trigrams(a, b, x0, x1, y0, y1, aligned)
        else:
            for x, y, n in _matcher(a[x0:x1], b[y0:y1]).get_matching_blocks():
                aligned[x0 + x : x0 + x + n] = b"\x01" * n
                used[y0 + y : y0 + y + n] = b"\x01" * n


def aligned_fractions(
    line_tokens: list[list[str]], ref_lines: list[list[str]], reorder: bool = True
) -> list[float]:
    """Share of each line's tokens aligned with the reference lines' tokens.

    One monotone alignment of all tokens (see the module docs), computed in two steps so
    that long pages stay fast: lines identical to a reference line, and unique on both
    sides, anchor the alignment (patience diff); the tokens between two anchors are
    aligned with difflib.  The reorder passes then align what is left on both sides,
    keeping runs of at least ``REORDER_MIN_BLOCK`` tokens.
    """
    ref_lines = [r for r in ref_lines if r]
    flat = [t for toks in line_tokens for t in toks]
    ref = [t for toks in ref_lines for t in toks]
    aligned = bytearray(len(flat))
    used = bytearray(len(ref))
    if flat and ref:
        a_off = [0, *accumulate(len(t) for t in line_tokens)]
        b_off = [0, *accumulate(len(t) for t in ref_lines)]
        ids: dict[tuple[str, ...], int] = {}
        keys_a = [ids.setdefault(tuple(t), len(ids)) for t in line_tokens]
        keys_b = [ids.setdefault(tuple(t), len(ids)) for t in ref_lines]
        anchors = unique_line_anchors(keys_a, keys_b)
        a_prev = b_prev = 0
        for a, b in [*anchors, (len(line_tokens), len(ref_lines))]:
            ga0, ga1, gb0, gb1 = a_off[a_prev], a_off[a], b_off[b_prev], b_off[b]
            if ga1 > ga0 and gb1 > gb0:
                _align_tokens(flat, ref, ga0, ga1, gb0, gb1, aligned, used)
            if a < len(line_tokens):
                aligned[a_off[a] : a_off[a + 1]] = b"\x01" * (a_off[a + 1] - a_off[a])
                used[b_off[b] : b_off[b + 1]] = b"\x01" * (b_off[b + 1] - b_off[b])
            a_prev, b_prev = a + 1, b + 1
        for _ in range(REORDER_PASSES if reorder else 0):
            ia = [i for i, x in enumerate(aligned) if not x]
            ib = [j for j, x in enumerate(used) if not x]
            if min(len(ia), len(ib)) < REORDER_MIN_BLOCK or len(ia) * len(ib) > EXACT_LIMIT:
                break
            sm = _matcher([flat[i] for i in ia], [ref[j] for j in ib])
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
        ref = [tokens(line) for line in extracted.splitlines()]
        if not any(ref):
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
