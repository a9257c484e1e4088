"""The DU rules' shortcuts give what the plain computations give: paragraph lists
filtered from a list made with lower thresholds, longer shingles from shorter ones,
near-copy pairs filtered before they reach Python."""

from __future__ import annotations

import random

import numpy as np

from conftest import FIXTURES
from corpus_lint import dedup_minhash as dm
from corpus_lint import dedup_text as dt
from corpus_lint.document import Document

ARTICLE = (FIXTURES / "duplicates" / "article_report.txt").read_text("utf-8")


def _corpus_doc(seed: int) -> Document:
    """Paragraphs of the fixture, some repeated, some edited, some short or verse-like."""
    rnd = random.Random(seed)
    paragraphs = [p for p in ARTICLE.split("\n\n") if p.strip()]
    out = []
    for _ in range(rnd.randint(2, 40)):
        p = rnd.choice(paragraphs)
        r = rnd.random()
        if r < 0.2:
            words = p.split()
            words[rnd.randrange(len(words))] = "changed"
            p = " ".join(words)
        elif r < 0.3:
            p = "\n".join(["a short line"] * rnd.randint(2, 6))
        elif r < 0.4:
            p = p[: rnd.randint(10, 250)]
        out.append(p)
    return Document(text="\n\n".join(out), path="x", id="x")


def test_long_paragraphs_filtered_from_a_lower_threshold_list() -> None:
    for seed in range(40):
        doc = _corpus_doc(seed)
        low = dt.long_paragraphs(doc, 100, 20, 50)
        high = dt.long_paragraphs(doc, 200, 30, 50)
        fresh = dt._long_paragraphs(_corpus_doc(seed), 200, 30, 50)
        assert [(p.index, p.start, p.end) for p in high] == [
            (p.index, p.start, p.end) for p in fresh
        ]
        assert set(map(id, high)) <= set(map(id, low))
        assert dt.long_paragraphs(doc, 100, 20, 50) is low  # kept


def test_longer_shingles_from_shorter_ones() -> None:
    rng = np.random.default_rng(1)
    for length in [*range(12), 500]:
        w = rng.integers(0, 2**63, size=length, dtype=np.uint64)
        for m in range(1, 6):
            for n in range(m + 1, 8):
                doc = Document(text="", path="x", id="x")
                doc.cache["du.words"] = (w, None)
                dm.doc_shingles(doc, m)
                assert np.array_equal(dm.doc_shingles(doc, n), dm.ngrams(w, n))


def test_shared_shingles_thresholds_drop_only_failing_pairs() -> None:
    for seed in range(40):
        doc = _corpus_doc(seed)
        spans = [(s.start, s.end) for s in doc.paragraphs()]
        found = dm.shared_shingles(doc, spans, 3)
        assert found is not None
        sizes, pairs = found
        expected = []
        for i, j, shared in pairs:
            smaller, larger = sorted((sizes[i], sizes[j]))
            if smaller and shared >= 0.8 * smaller - 1e-9 and smaller >= 0.5 * larger:
                expected.append((i, j, shared))
        doc.cache.clear()
        assert dm.shared_shingles(doc, spans, 3, 0.8, 0.5) == (sizes, expected)
        texts = [doc.text[s:e] for s, e in spans]
        small = dt.shared_shingles_small(texts, 3)
        assert small[0] == sizes and sorted(small[1]) == sorted(pairs)


def test_shared_shingles_same_with_few_or_many_repeats() -> None:
    saved = dm._FEW_REPEATS
    try:
        for seed in range(40):
            doc = _corpus_doc(seed)
            spans = [(s.start, s.end) for s in doc.paragraphs()]
            results = []
            for few in (0, 10**9):
                dm._FEW_REPEATS = few
                for thresholds in ((0.0, 0.0), (0.8, 0.5)):
                    results.append(dm.shared_shingles(doc, spans, 3, *thresholds))
            assert results[0] == results[2] and results[1] == results[3]
    finally:
        dm._FEW_REPEATS = saved
