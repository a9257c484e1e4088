"""Build a synthetic JSONL corpus from the shared bench pages (deterministic).

Every document takes the paragraph layout of one real page (its navigation,
its headings, its prose paragraphs, in order), but:

* about half of its paragraphs are swapped for a paragraph of another page of
  the same language group, and
* every prose line (two sentences or more) is rewritten with sentences drawn
  at random from all the pages of that language group.

So the corpus has the shape of scraped web pages (short menu lines, blank
lines, long prose lines, footers) without being one page repeated: prose
paragraphs almost never repeat, site furniture repeats as it does in a crawl.
Document sizes follow the sizes of the real pages.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_VERSION = 1
"""Bump when the generator changes, so cached corpora are rebuilt."""

_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]?\s+(?=[\"“‘(\[]?[A-Z0-9À-ÖØ-ÞА-Я])")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_WORD = re.compile(r"\w+")
_EN_WORDS = frozenset({"the", "and", "of", "to", "in", "is", "that", "for", "with"})


def split_sentences(line: str) -> list[str]:
    """Sentences of one line (a simple rule: end punctuation, space, capital)."""
    out: list[str] = []
    pos = 0
    for m in _SENTENCE_END.finditer(line):
        out.append(line[pos : m.end()].rstrip())
        pos = m.end()
    tail = line[pos:].strip()
    if tail:
        out.append(tail)
    return out


def language_group(text: str) -> str:
    """A coarse language key, so documents do not mix scripts or languages wildly."""
    words = _WORD.findall(text.lower())
    if words and sum(w in _EN_WORDS for w in words) / len(words) > 0.03:
        return "en"
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "other"
    cyr = sum("\u0400" <= c <= "\u04ff" for c in letters)
    cjk = sum("\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in letters)
    latin = sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)
    best = max((cyr, "cyrillic"), (cjk, "cjk"), (latin, "latin"))
    return best[1] if best[0] > len(letters) / 2 else "other"


@dataclass(slots=True)
class _Group:
    pages: list[list[str]] = field(default_factory=list)  # paragraphs of each page
    paragraphs: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)


def load_groups(docs_dir: Path) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for path in sorted(docs_dir.glob("*.txt")):
        text = path.read_text("utf-8")
        paragraphs = [p.strip("\n") for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
        if not paragraphs:
            continue
        group = groups.setdefault(language_group(text), _Group())
        group.pages.append(paragraphs)
        group.paragraphs.extend(paragraphs)
        for para in paragraphs:
            for line in para.split("\n"):
                sentences = split_sentences(line)
                if len(sentences) >= 2:
                    group.sentences.extend(sentences)
    return groups


def _rewrite_line(line: str, pool: list[str], rng: random.Random) -> str:
    n = len(split_sentences(line))
    if n < 2 or not pool:
        return line
    return " ".join(rng.choice(pool) for _ in range(n))


def generate(docs_dir: Path, target_bytes: int, seed: int = 2024) -> Iterator[dict[str, str]]:
    """JSONL records ``{"id", "text"}`` until about ``target_bytes`` of text."""
    groups = load_groups(docs_dir)
    if not groups:
        raise SystemExit(f"no pages (*.txt) in {docs_dir}")
    rng = random.Random(seed)
    # Pick groups in proportion to how many pages they have.
    weighted = [(key, len(g.pages)) for key, g in sorted(groups.items())]
    keys = [k for k, _ in weighted]
    weights = [w for _, w in weighted]
    written = 0
    n = 0
    while written < target_bytes:
        group = groups[rng.choices(keys, weights)[0]]
        layout = rng.choice(group.pages)
        paragraphs: list[str] = []
        for para in layout:
            if rng.random() < 0.5:
                para = rng.choice(group.paragraphs)
            lines = [_rewrite_line(line, group.sentences, rng) for line in para.split("\n")]
            paragraphs.append("\n".join(lines))
        text = "\n\n".join(paragraphs)
        record = {"id": f"bench-{n:06d}", "text": text}
        written += len(text.encode("utf-8"))
        n += 1
        yield record


def corpus_digest(docs_dir: Path) -> str:
    h = hashlib.sha256(f"v{CORPUS_VERSION}".encode())
    for path in sorted(docs_dir.glob("*.txt")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def build_corpus(docs_dir: Path, out_dir: Path, mb: float, seed: int = 2024) -> Path:
    """Write (once) and return the JSONL corpus of about ``mb`` megabytes of text."""
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"corpus-{mb:g}mb-seed{seed}-{corpus_digest(docs_dir)}.jsonl"
    target = out_dir / name
    if target.exists():
        return target
    tmp = target.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for record in generate(docs_dir, int(mb * 1_000_000), seed):
            fh.write(json.dumps(record, ensure_ascii=False))
            fh.write("\n")
    tmp.replace(target)
    return target


def read_texts(corpus: Path, limit_bytes: int | None = None) -> list[str]:
    """The documents' texts, in order; with ``limit_bytes``, an evenly spaced sample of
    them (every k-th document, from the first) of about that many bytes of UTF-8 text,
    so that a sample holds documents from the whole corpus."""
    with corpus.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    if limit_bytes is None:
        return texts
    total = sum(len(t.encode("utf-8")) for t in texts)
    if total <= limit_bytes:
        return texts
    step = max(1, round(total / limit_bytes))
    return texts[::step]
