"""``corpus-repeat``: lines that recur across many documents of the same site or folder.

A site's footer, menu, cookie banner or "related articles" heading is the same line on
every page of the site; an article's sentences are not.  The detector works in two
phases, as every corpus detector does:

* :meth:`CorpusRepeatDetector.signature` (in any worker) keeps, for each line short
  enough to be furniture and long enough to mean something, a 64-bit hash of its
  normalized text, two flag bits (the line goes on a block of candidates; it has
  ``min_words`` words), its position and a clipped excerpt, in flat arrays of the
  smallest integer type that holds them (about 45 bytes a line, most of it the
  excerpt; the pairs that make blocks are hashed in the join).  Memory grows with
  these signatures, not with the text.  A process looks at each distinct short line
  once (a site's furniture recurs on every page).
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
from itertools import chain, compress, count, repeat
from operator import add, eq, is_not, itemgetter, le, or_, sub
from typing import Any, ClassVar
from urllib.parse import urlsplit
from zlib import crc32

from corpus_lint.api import CorpusDetector, DetectorError, DocRef, Hit, JoinContext
from corpus_lint.detectors.bp_lines import raw_lines
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


LINKED = 1
"""``LineSignature.flags``: the previous candidate is the previous non-blank line."""
LONG = 2
"""``LineSignature.flags``: the line has at least ``min_words`` words."""


@dataclass(slots=True)
class LineSignature:
    """The candidate lines of one document, as flat arrays (one entry per line)."""

    group: str
    hashes: array  # type: ignore[type-arg]
    flags: bytes
    """``LINKED | LONG`` bits of each line."""
    lines: array  # type: ignore[type-arg]
    """1-based line numbers in the file."""
    leads: array  # type: ignore[type-arg]
    """Characters of the line before the span (its column is lead + 1)."""
    starts: array  # type: ignore[type-arg]
    """Offsets of the spans (the line without surrounding whitespace)."""
    lengths: array  # type: ignore[type-arg]
    """Lengths of the spans."""
    excerpts: str
    """Clipped line texts joined by NUL."""

    @property
    def ends(self) -> list[int]:
        return list(map(add, self.starts, self.lengths))


def _compact(values: list[int]) -> array:  # type: ignore[type-arg]
    """The values (>= 0) in the smallest array type that holds them all."""
    top = max(values, default=0)
    code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I" if top < 1 << 32 else "Q"
    return array(code, values)


class _Candidates(dict[str, tuple[int, int] | None]):
    """``candidates[stripped_line]``: ``(hash, LONG or 0)`` of a candidate line, None for
    other lines; the lines of up to ``KEPT_LENGTH`` characters are looked at once per
    process (a site's furniture recurs on every page)."""

    __slots__ = ("max_chars", "min_chars", "min_words")
    LIMIT = 100_000
    KEPT_LENGTH = 200

    def __init__(self, min_chars: int, max_chars: int, min_words: int) -> None:
        super().__init__()
        self.min_chars, self.max_chars, self.min_words = min_chars, max_chars, min_words

    def __missing__(self, stripped: str) -> tuple[int, int] | None:
        found: tuple[int, int] | None = None
        n = len(stripped)
        # without white space to collapse the normalized text is as long at least
        # (casefold never shortens a text): too long
        if n > self.max_chars and not ("  " in stripped or "\t" in stripped or "\xa0" in stripped):
            n = 0
        if 0 < n <= 4 * self.max_chars:
            norm = stripped.casefold()
            if "  " in norm or "\t" in norm or "\xa0" in norm:
                norm = " ".join(norm.split())
            if self.min_chars <= len(norm) <= self.max_chars and _LETTER.search(norm):
                words = norm.count(" ") + 1
                found = (_hash(norm), LONG if words >= self.min_words else 0)
        if len(stripped) <= self.KEPT_LENGTH:
            if len(self) >= self.LIMIT:
                self.clear()
            self[stripped] = found
        return found


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
        self._candidates = _Candidates(self.min_chars, self.max_chars, self.min_words)
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
        raw_text = raw_lines(doc)  # shared with the structure rules
        raws, stripped, offsets = raw_text.raws, raw_text.stripped, raw_text.offsets
        nonblank = list(compress(count(), stripped))
        found = list(map(self._candidates.__getitem__, map(stripped.__getitem__, nonblank)))
        # positions (among the non-blank lines) of the candidates
        ranks = list(compress(count(), map(is_not, found, repeat(None))))
        idx = list(map(nonblank.__getitem__, ranks))
        entries: list[tuple[int, int]] = list(map(found.__getitem__, ranks))  # type: ignore[arg-type]
        # a candidate right after the previous one (no other non-blank line between)
        linked = map(eq, chain((-2,), map(add, ranks, repeat(1))), ranks)
        flags = bytes(map(or_, map(itemgetter(1), entries), linked))
        lines = list(map(stripped.__getitem__, idx))
        raw = list(map(raws.__getitem__, idx))
        leads = list(map(sub, map(len, raw), map(len, map(str.lstrip, raw))))
        if "\x00" in text:
            excerpts = "\x00".join(line[:_EXCERPT].replace("\x00", " ") for line in lines)
        else:
            excerpts = "\x00".join(map(itemgetter(slice(0, _EXCERPT)), lines))
        return LineSignature(
            self._group(doc),
            array("Q", map(itemgetter(0), entries)),
            flags,
            _compact(list(map(add, idx, repeat(doc.line_offset + 1)))),
            _compact(leads),
            _compact(list(map(add, map(offsets.__getitem__, idx), leads))),
            _compact(list(map(len, lines))),
            excerpts,
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
            needed = needed_of[sig.group]
            hashes, flags = sig.hashes, sig.flags
            # needed <= df(line), for every line
            frequent = list(map(le, repeat(needed), map(counts.get, hashes, repeat(0))))
            if not any(frequent):
                continue
            frequent_of[k] = frequent
            pair_df[sig.group].update(
                {
                    _pair(hashes[i - 1], hashes[i])
                    for i in compress(range(1, len(hashes)), frequent[1:])
                    if flags[i] & LINKED and frequent[i - 1]
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
        flags = sig.flags
        n = len(hashes)
        in_block = [False] * n
        for i in compress(range(1, n), frequent[1:]):
            if (
                flags[i] & LINKED
                and frequent[i - 1]
                and pair_df[_pair(hashes[i - 1], hashes[i])] >= needed
            ):
                in_block[i - 1] = in_block[i] = True
        # flagged: frequent, and in a repeated block or long enough alone
        flagged = [i for i in compress(range(n), frequent) if in_block[i] or flags[i] & LONG]
        excerpts = sig.excerpts.split("\x00")
        group = _label(sig.group)
        k = 0
        while k < len(flagged):
            i = j = flagged[k]
            # consecutive flagged lines of one block make one finding
            while k + 1 < len(flagged) and flagged[k + 1] == j + 1 and flags[j + 1] & LINKED:
                j += 1
                k += 1
            k += 1
            seen = min(line_df[hashes[m]] for m in range(i, j + 1))
            matched = f"{hashes[i]:016x}"
            if j > i:
                block = b"".join(hashes[m].to_bytes(8, "big") for m in range(i, j + 1))
                matched = hashlib.blake2b(block, digest_size=8).hexdigest()
            end = sig.starts[j] + sig.lengths[j]
            hit = Hit(
                sig.starts[i],
                end,
                args={
                    "match": excerpts[i] if j == i else f"{excerpts[i]} … {excerpts[j]}",
                    "count": seen,
                    "total": size,
                    "group": group,
                    "lines": j - i + 1,
                },
                position=(
                    sig.lines[i],
                    sig.leads[i] + 1,
                    sig.lines[j],
                    sig.leads[j] + sig.lengths[j] + 1,
                ),
                excerpt=excerpts[i],
                matched=matched,
            )
            yield ref, hit
