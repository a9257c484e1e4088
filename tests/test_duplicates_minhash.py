"""The hashing under the DU rules: word shingles, MinHash, bottom-k sketches, banding."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np

from conftest import FIXTURES
from corpus_lint import dedup_minhash as dm
from corpus_lint.dedup_text import normalize_paragraph, shared_shingles_small, tokens
from corpus_lint.document import Document

ARTICLE = (FIXTURES / "duplicates" / "article_report.txt").read_text("utf-8")


def exact_jaccard(a: str, b: str, n: int = 5) -> float:
    sa = set(dm.shingle_hashes(a, n).tolist())
    sb = set(dm.shingle_hashes(b, n).tolist())
    return len(sa & sb) / len(sa | sb)


def test_words_ignore_case_punctuation_and_typographic_quotes() -> None:
    a = dm.word_hashes("“The wall,” she said — it’s 1.2 km long… (RUSI)")
    b = dm.word_hashes('"the WALL" she said - it s 1 2 km long (rusi)')
    assert a.tolist() == b.tolist()
    assert len(a) == 11
    assert dm.word_hashes("").tolist() == [] and dm.word_hashes(" ,.; ").tolist() == []


def test_word_offsets_are_code_points() -> None:
    text = "Größe — naïve “café” x"
    hashes, starts = dm.words(text, offsets=True)
    assert starts is not None
    assert [text[s : s + 2] for s in starts.tolist()] == ["Gr", "na", "ca", "x"]
    assert len(hashes) == 4


def test_python_tokens_match_the_vectorised_split() -> None:
    texts = [
        ARTICLE,
        "Größe, naïve «café» — 10½ km¹… “quoted” it’s C++ and e-mail_address",
        "Ελληνικά κείμενα, русский текст; 中文文本。日本語のテキスト",
    ]
    for text in texts:
        words = [dm.word_hashes(t)[0] for t in tokens(text)]
        assert words == dm.word_hashes(text).tolist(), text


def test_hashes_do_not_depend_on_the_process() -> None:
    code = (
        "from corpus_lint import dedup_minhash as dm; import sys; "
        "t = sys.stdin.read(); "
        "print(dm.minhash(dm.shingle_hashes(t, 5), 128, 1).tobytes().hex())"
    )
    outs = set()
    for seed in ("0", "1", "random"):
        proc = subprocess.run(
            [sys.executable, "-c", code],
            input=ARTICLE,
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            check=True,
        )
        outs.add(proc.stdout.strip())
    assert len(outs) == 1
    here = dm.minhash(dm.shingle_hashes(ARTICLE, 5), 128, 1).tobytes().hex()
    assert outs == {here}


def test_minhash_estimates_jaccard_similarity() -> None:
    rng = random.Random(5)
    words = ARTICLE.split()
    errors = []
    for rate in (0.0, 0.01, 0.02, 0.04, 0.08, 0.15):
        edited = [w if rng.random() > rate else f"x{rng.random()}" for w in words]
        b = " ".join(edited)
        true = exact_jaccard(ARTICLE, b)
        ma = dm.minhash(dm.shingle_hashes(ARTICLE, 5), 256, 3)
        mb = dm.minhash(dm.shingle_hashes(b, 5), 256, 3)
        errors.append(abs(float((ma == mb).mean()) - true))
    assert errors[0] == 0.0
    assert max(errors) < 0.1, errors


def test_minhash_of_long_text_equals_chunked_computation() -> None:
    long = " ".join([ARTICLE] * 40)
    shingles = dm.shingle_hashes(long, 5)
    assert len(shingles) > 4096
    whole = dm.minhash(shingles, 64, 2)
    parts = np.minimum(dm.minhash(shingles[:3000], 64, 2), dm.minhash(shingles[3000:], 64, 2))
    assert whole.tolist() == parts.tolist()


def test_bottom_k_sketch_estimates_similarity() -> None:
    edited = ARTICLE.replace("Tuesday", "Wednesday").replace("forty", "fifty")
    a = dm.bottom_k(dm.shingle_hashes(ARTICLE, 5), 64)
    b = dm.bottom_k(dm.shingle_hashes(edited, 5), 64)
    assert len(a) == 64 and a.tolist() == sorted(set(a.tolist()))
    est = dm.bottom_k_similarity(a, b, 64)
    assert abs(est - exact_jaccard(ARTICLE, edited)) < 0.12
    assert dm.bottom_k_similarity(a, a, 64) == 1.0
    assert dm.bottom_k_similarity(a, dm.bottom_k(dm.shingle_hashes("x " * 50, 5), 64), 64) == 0


def test_band_choice_follows_the_redpajama_rule() -> None:
    # RedPajama-v2 documents 14 bands x 9 rows for 0.7 and 9 x 13 for 0.8 at 128 hashes
    assert dm.optimal_bands(0.7, 128) == (14, 9)
    assert dm.optimal_bands(0.8, 128) == (9, 13)
    bands, rows = dm.optimal_bands(0.7, 128, 0.2, 0.8)
    assert bands * rows <= 128
    assert dm.candidate_probability(0.7, bands, rows) > dm.candidate_probability(0.7, 14, 9)


def test_band_keys_group_equal_bands() -> None:
    m = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 2, 3, 4]], dtype=np.uint32)
    keys = dm.band_keys(m, 2, 2)
    assert keys[0, 0] == keys[1, 0] != keys[2, 0]
    assert keys[0, 1] == keys[2, 1] != keys[1, 1]
    assert keys[0, 0] != keys[0, 1]  # the band number is part of the key


def test_shared_shingles_vectorised_and_small_agree() -> None:
    paragraphs = [p for p in ARTICLE.split("\n\n") if len(p) > 80]
    edited = paragraphs[1].replace("1.2 kilometres", "1.4 km").replace("Victorian", "old")
    unicode = "Größe — naïve “café”, " + paragraphs[2]
    texts = [*paragraphs, edited, unicode, paragraphs[0]]
    text = "\n\n".join(texts)
    doc = Document(text=text, path="x", id="x")
    spans, pos = [], 0
    for t in texts:
        spans.append((pos, pos + len(t)))
        pos += len(t) + 2
    fast = dm.shared_shingles(doc, spans, 3)
    slow = shared_shingles_small(texts, 3)
    assert fast is not None
    assert fast[0] == slow[0]
    assert sorted(fast[1]) == sorted(slow[1])
    sizes, pairs = slow
    n = len(paragraphs)
    shared = {(i, j): s for i, j, s in pairs}
    assert shared[(0, n + 2)] == sizes[0] == sizes[n + 2]  # the exact copy
    assert shared[(1, n)] >= 0.8 * min(sizes[1], sizes[n])  # the edited copy


def test_lowercase_that_changes_length_has_no_offsets() -> None:
    hashes, starts = dm.words("İstanbul is a city", offsets=True)
    assert starts is None and len(hashes) == 4


def test_paragraph_normalisation() -> None:
    assert normalize_paragraph("  The “Wall” —\n it’s  HIGH\u00ad ") == 'the "wall" - it\'s high'
    assert normalize_paragraph("`quoted´") == "'quoted'"
