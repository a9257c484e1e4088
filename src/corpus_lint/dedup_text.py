"""Text normalisation shared by the duplicate detectors (``DU`` rules).

Two paragraphs are *the same* when they are equal after folding case, collapsing
whitespace and mapping typographic quotes and dashes to their ASCII forms: a line
break moved by a scraper or a curly apostrophe swapped for a straight one does not
make a new paragraph.  Word tokens for shingling are the ``\\w+`` runs of that text.

Pure Python (no numpy): the per-document rules import only this module.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

from corpus_lint.document import Document

# Typographic quotes and dashes that scrapers and editors swap for one another.
_FOLD: dict[str, str] = {
    **dict.fromkeys("‘’‚‛′´", "'"),
    **dict.fromkeys("“”„‟″«»‹›", '"'),
    **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u2060": "",  # word joiner
    "\ufeff": "",  # byte-order mark
}
_FOLD_RE = re.compile("[" + "".join(_FOLD) + "]")
_FENCE = ("```", "~~~")


def _fold(m: re.Match[str]) -> str:
    return _FOLD[m.group()]


def normalize_paragraph(text: str) -> str:
    """Case-folded, whitespace-collapsed text with ASCII quotes and dashes."""
    s = text.casefold()
    if "`" in s:
        s = s.replace("`", "'")
    if not s.isascii():
        s = _FOLD_RE.sub(_fold, s)
    return " ".join(s.split())


# The word tokens of ``dedup_minhash.words``: ASCII letters and digits, and any other
# character except the Latin-1 and General Punctuation blocks.
_TOKEN = re.compile(r"[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\u0080-\u00bf\u2000-\u207f]+")


# The same split for ASCII text, through bytes.translate (several times faster).
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, split exactly as the vectorised shingling splits them."""
    return _TOKEN.findall(text.lower())


def _ascii_tokens(text: str) -> list[bytes]:
    return text.encode("ascii").translate(_ASCII_WORDS).split()


def shared_shingles_small(texts: list[str], n: int) -> tuple[list[int], list[tuple[int, int, int]]]:
    """``dedup_minhash.shared_shingles`` for a handful of paragraphs, with Python sets
    (faster than numpy below a few dozen paragraphs; same tokens, same result)."""
    split: Callable[[str], Sequence[str | bytes]] = (
        _ascii_tokens if all(t.isascii() for t in texts) else tokens
    )
    sets: list[frozenset[tuple[str | bytes, ...]]] = []
    seen: set[tuple[str | bytes, ...]] = set()
    pairs: list[tuple[int, int, int]] = []
    for i, text in enumerate(texts):
        w = split(text)
        grams = frozenset(zip(*(w[k:] for k in range(n)), strict=False))
        sets.append(grams)
        common = grams & seen
        seen |= grams
        if not common:
            continue
        for j in range(i):
            if not sets[j].isdisjoint(common):
                pairs.append((j, i, len(grams & sets[j])))
    return [len(g) for g in sets], pairs


def stable_hash64(text: str) -> int:
    """A 64-bit hash that is the same in every process and every run."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def content_hash(text: str) -> bytes:
    """Digest of a document's text (keys stored signatures)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class Paragraph:
    """One paragraph of a document, with what the duplicate rules need to know.

    Built only for paragraphs long enough for some rule to look at, and normalised
    on first use.
    """

    __slots__ = ("_n_words", "_normalized", "end", "index", "multiline", "start", "text")

    def __init__(self, text: str, index: int, start: int, end: int) -> None:
        self.text = text
        self.index = index
        """Position among the document's paragraphs (``Document.paragraphs()``)."""
        self.start = start
        self.end = end
        self.multiline = text.find("\n", start, end) >= 0
        self._normalized: str | None = None
        self._n_words = -1

    @property
    def normalized(self) -> str:
        if self._normalized is None:
            self._normalized = normalize_paragraph(self.text[self.start : self.end])
        return self._normalized

    @property
    def n_words(self) -> int:
        if self._n_words < 0:
            norm = self.normalized
            self._n_words = norm.count(" ") + 1 if norm else 0
        return self._n_words

    def is_verse(self, min_line: float) -> bool:
        """Mostly short lines: a stanza, a refrain, a list, a share bar, an address."""
        if not self.multiline:
            return False
        lines = self.text[self.start : self.end].splitlines()
        short = sum(1 for line in lines if len(line.strip()) < min_line)
        return short * 2 > len(lines)


def _code_blocks(doc: Document) -> list[bool]:
    """For Markdown: which paragraphs are (inside) fenced code blocks."""
    text = doc.text
    out: list[bool] = []
    in_fence = False
    for span in doc.paragraphs():
        raw = text[span.start : span.end]
        fences = sum(1 for line in raw.splitlines() if line.lstrip().startswith(_FENCE))
        out.append(in_fence or raw.lstrip().startswith(_FENCE))
        if fences % 2 == 1:
            in_fence = not in_fence
    return out


def long_paragraphs(
    doc: Document, min_chars: int, min_words: int, min_line: float
) -> list[Paragraph]:
    """The paragraphs a duplicate rule looks at: at least ``min_chars`` characters and
    ``min_words`` words once normalised, not verse-like (lines shorter than
    ``min_line`` on average), not fenced code.  Shared by the ``DU`` rules.

    Kept per document and thresholds (callers must not change the list); a request
    with higher thresholds and the same ``min_line`` filters a list already made."""
    made: dict[tuple[int, int, float], list[Paragraph]] = doc.cache.setdefault("du.long", {})
    found = made.get((min_chars, min_words, min_line))
    if found is not None:
        return found
    for (chars, n_words, line), paras in made.items():
        if line == min_line and chars <= min_chars and n_words <= min_words:
            # every paragraph passing the higher thresholds passed these
            found = [
                p
                for p in paras
                if p.end - p.start >= min_chars
                and len(p.normalized) >= min_chars
                and p.n_words >= min_words
            ]
            break
    if found is None:
        found = _long_paragraphs(doc, min_chars, min_words, min_line)
    made[(min_chars, min_words, min_line)] = found
    return found


def _long_paragraphs(
    doc: Document, min_chars: int, min_words: int, min_line: float
) -> list[Paragraph]:
    spans = doc.paragraphs()
    built: dict[int, Paragraph] = doc.cache.setdefault("du.paragraphs", {})
    code: list[bool] | None = None
    if doc.format == "md":
        code = doc.cache.get("du.code")
        if code is None:
            code = doc.cache["du.code"] = _code_blocks(doc)
    text = doc.text
    out: list[Paragraph] = []
    for i, (start, end) in enumerate(spans):
        if end - start < min_chars or (code is not None and code[i]):
            continue
        p = built.get(i)
        if p is None:
            p = built[i] = Paragraph(text, i, start, end)
        if p.is_verse(min_line) or len(p.normalized) < min_chars or p.n_words < min_words:
            continue
        out.append(p)
    return out


def first_line_excerpt(text: str, start: int, limit: int = 120) -> str:
    """The line holding ``start``, clipped, as the report's excerpt."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    line = text[ls : le if le >= 0 else len(text)].rstrip("\r").replace("\t", " ")
    return line if len(line) <= limit else line[: limit - 1] + "…"
