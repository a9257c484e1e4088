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
from dataclasses import dataclass

from corpus_lint.document import Document

# Typographic quotes and dashes that scrapers and editors swap for one another.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»‹›", '"'),
        **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u2060": None,  # word joiner
        "\ufeff": None,  # byte-order mark
    }
)
_WORD = re.compile(r"\w+")
_FENCE = ("```", "~~~")


def normalize_paragraph(text: str) -> str:
    """Case-folded, whitespace-collapsed text with ASCII quotes and dashes."""
    return " ".join(text.translate(_FOLD).casefold().split())


def words(normalized: str) -> list[str]:
    """Word tokens (``\\w+`` runs) of a normalised text."""
    return _WORD.findall(normalized)


def stable_hash64(text: str) -> int:
    """A 64-bit hash that is the same in every process and every run."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def content_hash(text: str) -> bytes:
    """Digest of a document's text (keys stored signatures)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a document, with what the duplicate rules need to know."""

    start: int
    end: int
    normalized: str
    n_words: int
    n_lines: int
    mean_line: float
    """Mean length of the paragraph's lines, in code points."""
    code: bool
    """A fenced code block (Markdown): never a duplicate paragraph."""


def paragraphs(doc: Document) -> list[Paragraph]:
    """The document's paragraphs, normalised once and shared by every ``DU`` rule."""
    cached: list[Paragraph] | None = doc.cache.get("du.paragraphs")
    if cached is not None:
        return cached
    text = doc.text
    out: list[Paragraph] = []
    in_fence = False
    for span in doc.paragraphs():
        raw = text[span.start : span.end]
        normalized = normalize_paragraph(raw)
        n_lines = raw.count("\n") + 1
        code = False
        if doc.format == "md":
            starts_fence = raw.lstrip().startswith(_FENCE)
            fences = sum(1 for line in raw.splitlines() if line.lstrip().startswith(_FENCE))
            code = in_fence or starts_fence
            if fences % 2 == 1:
                in_fence = not in_fence
        out.append(
            Paragraph(
                start=span.start,
                end=span.end,
                normalized=normalized,
                n_words=normalized.count(" ") + 1 if normalized else 0,
                n_lines=n_lines,
                mean_line=len(raw) / n_lines,
                code=code,
            )
        )
    doc.cache["du.paragraphs"] = out
    return out


def is_verse(p: Paragraph, min_line: float) -> bool:
    """Several short lines: a stanza, a refrain, a list, an address block or a table."""
    return p.n_lines >= 2 and p.mean_line < min_line


def first_line_excerpt(text: str, start: int, limit: int = 120) -> str:
    """The line holding ``start``, clipped, as the report's excerpt."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    line = text[ls : le if le >= 0 else len(text)].rstrip("\r").replace("\t", " ")
    return line if len(line) <= limit else line[: limit - 1] + "…"
