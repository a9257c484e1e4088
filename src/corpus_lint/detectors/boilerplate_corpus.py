"""``corpus-repeat``: lines that recur across many documents of the same site or folder.

A site's footer, menu, cookie banner or "related articles" heading is the same line on
every page of the site; an article's sentences are not.  The detector works in two
phases, as every corpus detector does:

* :meth:`CorpusRepeatDetector.signature` (in any worker) keeps, for each line short
  enough to be furniture and long enough to mean something, a 64-bit hash of its
  normalized text, a hash of it with the line before it (the pair makes blocks), its
  precomputed position and a clipped excerpt, in flat arrays.  Memory grows with these
  signatures, not with the text.
* :meth:`CorpusRepeatDetector.join` counts, per group (the site, from the metadata url's
  host; else the folder), in how many documents each line hash occurs, and flags the
  occurrences of lines that reach ``max(min_documents, min_share * group size)``
  documents.

A line of fewer than ``min_words`` words ("Introduction", "Home") is flagged only inside a
repeated block: when the pair it forms with its neighbour recurs as well.  A heading that
many documents share, with different text after it, is therefore left alone, while a menu
("Home" / "News" / "Sport") is not.  Consecutive flagged lines become one finding.
"""

from __future__ import annotations

import hashlib
import math
import posixpath
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, ClassVar
from urllib.parse import urlsplit
from zlib import crc32

from corpus_lint.api import CorpusDetector, DetectorError, DocRef, Hit, JoinContext
from corpus_lint.document import Document

_MASK = (1 << 64) - 1
_EXCERPT = 100


_LETTER = re.compile(r"[^\W\d_]")


def _hash(text: str) -> int:
    """A stable 64-bit hash: CRC-32 of the UTF-8 bytes, forwards and backwards.

    Not cryptographic, but stable across processes and runs (unlike ``hash()``) and
    several times cheaper than a digest; two CRCs of different byte orders make
    accidental collisions between different lines as rare as for a 64-bit hash.
    """
    data = text.encode("utf-8", "surrogatepass")
    return (crc32(data) << 32) | crc32(data[::-1])


def _pair(a: int, b: int) -> int:
    # Order matters ("A then B" is not "B then A"); 0 is kept for "no pair".
    return ((a * 0x9E3779B97F4A7C15) ^ b) & _MASK or 1


def group_of(doc: Document) -> str:
    """The site of a document (host of its url, without www.), else its folder."""
    meta = doc.metadata or {}
    for key in ("url", "source_url", "link"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            try:
                host = urlsplit(value.strip()).hostname
            except ValueError:
                host = None
            if host:
                return "site:" + host.removeprefix("www.")
    host = meta.get("hostname")
    if isinstance(host, str) and host.strip():
        return "site:" + host.strip().lower().removeprefix("www.")
    folder = posixpath.dirname(doc.path.replace("\\", "/"))
    return "folder:" + (folder or ".")


def _label(group: str) -> str:
    """How a group is named in messages: a host, a folder ("docs/") or the corpus."""
    kind, _, name = group.partition(":")
    if kind == "folder":
        return name.rstrip("/") + "/"
    return name or "the corpus"


@dataclass(slots=True)
class LineSignature:
    """The candidate lines of one document, as flat arrays (one entry per line)."""

    group: str
    hashes: array  # type: ignore[type-arg]
    linked: bytes
    """1 where the previous candidate is the previous non-blank line (a block goes on)."""
    words: bytes
    """Word count, capped at 255."""
    starts: array  # type: ignore[type-arg]
    ends: array  # type: ignore[type-arg]
    lines: array  # type: ignore[type-arg]
    """1-based line numbers in the file."""
    leads: array  # type: ignore[type-arg]
    """Characters of the line before the span (its column is lead + 1)."""
    excerpts: str
    """Clipped line texts joined by NUL."""


class CorpusRepeatDetector(CorpusDetector):
    name: ClassVar[str] = "corpus-repeat"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "min_documents": {
                "type": "integer",
                "minimum": 2,
                "description": "a line must occur in at least this many documents of its group",
            },
            "min_share": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "... and in at least this share of its group's documents",
            },
            "min_chars": {
                "type": "integer",
                "minimum": 1,
                "description": "shortest line considered (normalized characters)",
            },
            "max_chars": {
                "type": "integer",
                "minimum": 1,
                "description": "longest line considered (normalized characters)",
            },
            "min_words": {
                "type": "integer",
                "minimum": 1,
                "description": "shorter lines are flagged only inside a repeated block",
            },
            "group_by": {
                "enum": ["site", "folder", "corpus"],
                "description": "site: url host, else folder; folder; or the whole corpus",
            },
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.min_documents: int = int(options.get("min_documents", 3))
        self.min_share: float = float(options.get("min_share", 0.02))
        self.min_chars: int = int(options.get("min_chars", 4))
        self.max_chars: int = int(options.get("max_chars", 200))
        self.min_words: int = int(options.get("min_words", 6))
        self.group_by: str = options.get("group_by", "site")
        if self.min_documents < 2:
            raise DetectorError("min_documents must be at least 2")
        if self.min_chars > self.max_chars:
            raise DetectorError("min_chars is larger than max_chars")

    # -- phase 1: per document ----------------------------------------------------------

    def _group(self, doc: Document) -> str:
        if self.group_by == "corpus":
            return "corpus"
        if self.group_by == "folder":
            folder = posixpath.dirname(doc.path.replace("\\", "/"))
            return "folder:" + (folder or ".")
        return group_of(doc)

    def signature(self, doc: Document) -> LineSignature:
        text = doc.text
        if "\r" in text:
            spans = doc.lines()
            raws = [text[sp.start : sp.end] for sp in spans]
            offsets = [sp.start for sp in spans]
        else:
            raws = text.split("\n")
            offsets = list(accumulate((len(r) + 1 for r in raws[:-1]), initial=0))
        hashes = array("Q")
        starts, ends, lines, leads = (array("l") for _ in range(4))
        linked = bytearray()
        words = bytearray()
        excerpts: list[str] = []
        min_chars, max_chars = self.min_chars, self.max_chars
        longest = 4 * max_chars
        letter = _LETTER.search
        previous_nonblank = -2  # index of the last non-blank line
        previous_candidate = -3  # index of the last candidate line
        base = doc.line_offset + 1
        for i, raw in enumerate(raws):
            stripped = raw.strip()
            if not stripped:
                continue
            was_nonblank, previous_nonblank = previous_nonblank, i
            if len(stripped) > longest:
                continue
            norm = stripped.casefold()
            if "  " in norm or "\t" in norm or "\xa0" in norm:
                norm = " ".join(norm.split())
            if not (min_chars <= len(norm) <= max_chars) or letter(norm) is None:
                continue
            hashes.append(_hash(norm))
            linked.append(previous_candidate == was_nonblank)
            previous_candidate = i
            words.append(min(norm.count(" ") + 1, 255))
            lead = raw.find(stripped)
            start = offsets[i] + lead
            starts.append(start)
            ends.append(start + len(stripped))
            lines.append(base + i)
            leads.append(lead)
            excerpts.append(stripped[:_EXCERPT].replace("\x00", " "))
        return LineSignature(
            self._group(doc),
            hashes,
            bytes(linked),
            bytes(words),
            starts,
            ends,
            lines,
            leads,
            "\x00".join(excerpts),
        )

    # -- phase 2: over all signatures ---------------------------------------------------

    def join(
        self, signatures: Iterable[tuple[DocRef, Any]], context: JoinContext
    ) -> Iterator[tuple[DocRef, Hit]]:
        sigs = [(ref, sig) for ref, sig in signatures if isinstance(sig, LineSignature)]
        group_docs: Counter[str] = Counter(sig.group for _, sig in sigs)
        needed_of = {
            group: max(self.min_documents, math.ceil(self.min_share * size - 1e-9))
            for group, size in group_docs.items()
        }
        # Pass 1: in how many documents of its group each line occurs.
        line_df: dict[str, Counter[int]] = defaultdict(Counter)
        for _, sig in sigs:
            if group_docs[sig.group] >= needed_of[sig.group]:
                line_df[sig.group].update(set(sig.hashes))
        # Pass 2: the same for pairs of adjacent lines, counting only pairs of frequent lines.
        pair_df: dict[str, Counter[int]] = defaultdict(Counter)
        frequent_of: dict[int, list[bool]] = {}
        for k, (_, sig) in enumerate(sigs):
            counts = line_df.get(sig.group)
            if not counts:
                continue
            df, needed = counts.get, needed_of[sig.group]
            frequent = [df(h, 0) >= needed for h in sig.hashes]
            if not any(frequent):
                continue
            frequent_of[k] = frequent
            hashes, linked = sig.hashes, sig.linked
            pair_df[sig.group].update(
                {
                    _pair(hashes[i - 1], hashes[i])
                    for i in range(1, len(hashes))
                    if linked[i] and frequent[i] and frequent[i - 1]
                }
            )
        for k, frequent in frequent_of.items():
            ref, sig = sigs[k]
            group = sig.group
            yield from self._hits(
                ref,
                sig,
                frequent,
                line_df[group],
                pair_df[group],
                needed_of[group],
                group_docs[group],
            )

    def _hits(
        self,
        ref: DocRef,
        sig: LineSignature,
        frequent: list[bool],
        line_df: Counter[int],
        pair_df: Counter[int],
        needed: int,
        size: int,
    ) -> Iterator[tuple[DocRef, Hit]]:
        hashes = sig.hashes
        n = len(hashes)
        in_block = [False] * n
        for i in range(1, n):
            if (
                sig.linked[i]
                and frequent[i]
                and frequent[i - 1]
                and pair_df[_pair(hashes[i - 1], hashes[i])] >= needed
            ):
                in_block[i - 1] = in_block[i] = True
        flagged = [
            frequent[i] and (in_block[i] or sig.words[i] >= self.min_words) for i in range(n)
        ]
        excerpts = sig.excerpts.split("\x00")
        i = 0
        group = _label(sig.group)
        while i < n:
            if not flagged[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and flagged[j + 1] and sig.linked[j + 1]:
                j += 1
            count = min(line_df[hashes[k]] for k in range(i, j + 1))
            matched = f"{hashes[i]:016x}"
            if j > i:
                block = b"".join(hashes[k].to_bytes(8, "big") for k in range(i, j + 1))
                matched = hashlib.blake2b(block, digest_size=8).hexdigest()
            hit = Hit(
                sig.starts[i],
                sig.ends[j],
                args={
                    "match": excerpts[i] if j == i else f"{excerpts[i]} … {excerpts[j]}",
                    "count": count,
                    "total": size,
                    "group": group,
                    "lines": j - i + 1,
                },
                position=(
                    sig.lines[i],
                    sig.leads[i] + 1,
                    sig.lines[j],
                    sig.leads[j] + sig.ends[j] - sig.starts[j] + 1,
                ),
                excerpt=excerpts[i],
                matched=matched,
            )
            yield ref, hit
            i = j + 1
