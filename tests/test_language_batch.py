"""LG: the batch path (detections side by side, ``prepare``) gives the single path's answers."""

from __future__ import annotations

import random

import pytest

from corpus_lint import engine, langid
from corpus_lint.config import Config
from corpus_lint.document import Document
from corpus_lint.engine import LintSpec, RuleSet
from test_language import (
    COMMENT_RU,
    COOKIES_DE,
    EN,
    EN_PARAGRAPHS,
    FR,
    LANG,
    PLUS_CA_CHANGE,
    comparison_texts,
    with_paragraph,
)


def batch_texts() -> list[str]:
    rnd = random.Random(5)
    words = [*EN.split(), *FR.split(), *COOKIES_DE.split(), *COMMENT_RU.split()]
    return [
        *comparison_texts(),
        "",
        " ",
        "1234 5678",
        "a",
        "ok",
        *(" ".join(rnd.choices(words, k=rnd.randint(1, 120))) for _ in range(150)),
        *("".join(rnd.choices("abcé xyzЖ中の", k=rnd.randint(1, 30))) for _ in range(50)),
    ]


def engine_or_skip() -> None:
    if langid._vectorized() is None:
        pytest.skip("numpy is not installed")


def assert_batches_agree(texts: list[str], sizes: tuple[int, ...] = (1, 5, 64, 1000)) -> None:
    single = [langid.probabilities(t) for t in texts]
    for size in sizes:
        batched = []
        for i in range(0, len(texts), size):
            batched += langid.probabilities_many(texts[i : i + size])
        # the same numbers, bit for bit (== on floats)
        for text, one, many in zip(texts, single, batched, strict=True):
            assert many == one, (size, text[:60])


def test_probabilities_many_are_the_single_detections_bit_for_bit() -> None:
    engine_or_skip()
    assert_batches_agree(batch_texts())


@pytest.mark.parametrize(("few", "window"), [(0, 1024), (1000, 1024), (4, 16), (0, 16)])
def test_the_batch_paths_inner_steps(
    monkeypatch: pytest.MonkeyPatch, few: int, window: int
) -> None:
    # every detection in rounds to the end (few=0), one at a time from the start
    # (few=1000), and short windows of the random stream (more draws mid-trial)
    engine_or_skip()
    monkeypatch.setattr(langid._Vectorized, "FEW", few)
    monkeypatch.setattr(langid._Vectorized, "WINDOW", window)
    assert_batches_agree(batch_texts()[:120], (7, 64))


def test_many_texts_go_in_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    engine_or_skip()
    monkeypatch.setattr(langid, "MANY", 10)
    assert_batches_agree(batch_texts()[:45], (45,))


@pytest.mark.parametrize("limit", [0, 5, 65, 125])
def test_batched_trials_that_stop_at_the_iteration_limit(
    monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    engine_or_skip()
    monkeypatch.setattr(langid._detector_class(), "ITERATION_LIMIT", limit)
    monkeypatch.setattr(langid._Vectorized, "FEW", 0)
    texts = [EN_PARAGRAPHS[1], COOKIES_DE, "ok ok ok", "語言", PLUS_CA_CHANGE, FR[:3000]]
    assert_batches_agree(texts, (6,))


def test_detect_many_is_detect() -> None:
    requests = [(t, m) for t in batch_texts()[:80] for m in (1, 50, 100)]
    requests += requests[:10]  # repeated requests
    assert langid.detect_many(requests) == [langid.detect(t, m) for t, m in requests]
    assert langid.detect_many(requests) == [langid.detect(t, m) for t, m in requests]  # cached


def plain_sample(text: str, budget: int = langid.DOCUMENT_SAMPLE) -> str:
    """langid.sample as first written: every line sorted."""
    if len(text) <= budget:
        return text
    lines = text.splitlines()
    lengths = list(map(len, lines))
    order = sorted(range(len(lines)), key=lengths.__getitem__, reverse=True)
    chosen: dict[int, str] = {}
    left = budget
    for i in order:
        length = lengths[i]
        if left <= 0 or length == 0 or (length < langid.MIN_SAMPLE_LINE and chosen):
            break
        line = lines[i]
        if length > left:
            cut = line.rfind(" ", 0, left)
            line = line[: cut if cut > 0 else left]
        chosen[i] = line
        left -= len(line) + 1
    return "\n".join(chosen[i] for i in sorted(chosen))


def test_sample_sorts_only_the_long_lines_and_picks_the_same() -> None:
    rnd = random.Random(9)
    words = EN.split()
    pages = [
        "\n".join(
            " ".join(rnd.choices(words, k=rnd.choice([0, 1, 2, 3, 5, 8, 20, 60, 200])))
            for _ in range(rnd.randint(1, 80))
        )
        for _ in range(400)
    ]
    pages += ["\n".join(["short line"] * 300), "x" * 5000, "\n\n\n" * 500, EN, FR]
    for page in pages:
        for budget in (10, 200, langid.DOCUMENT_SAMPLE):
            assert langid.sample(page, budget) == plain_sample(page, budget)


def documents() -> list[Document]:
    texts = [
        EN,
        FR,
        with_paragraph(COOKIES_DE),
        with_paragraph(COMMENT_RU, 3),
        with_paragraph(PLUS_CA_CHANGE),
        "\n\n".join([COOKIES_DE, COOKIES_DE.replace("Website", "Seite"), COOKIES_DE]),
        "1234",
        (LANG / "bench_en_page_de_terms.txt").read_text("utf-8"),
        (LANG / "bench_en_page_ru_headline.txt").read_text("utf-8"),
        "# Title\n\n```\n" + COOKIES_DE + "\n```\n\n" + EN_PARAGRAPHS[1],
    ]
    return [
        Document(text=t, path=f"d{i}.{fmt}", id=f"d{i}.{fmt}", format=fmt)
        for i, t in enumerate(texts)
        for fmt in ("txt", "md")
    ]


def test_lint_batch_with_prepare_finds_what_check_alone_finds() -> None:
    spec = LintSpec(config=Config(languages=["en"]), select=["LG"])
    batched_rules = RuleSet(spec)
    assert len(batched_rules.preparers) == 2
    saved = engine._WORKER_RULES
    engine._WORKER_RULES = batched_rules
    try:
        docs = documents()
        batched = [r for i in range(0, len(docs), 7) for r in engine.lint_batch(docs[i : i + 7])]
    finally:
        engine._WORKER_RULES = saved
    alone = RuleSet(spec)  # fresh detectors: nothing kept from the batch path
    single = [alone.lint(d.without_cache()) for d in documents()]
    assert [r.summary for r in batched] == [r.summary for r in single]
    assert [r.findings for r in batched] == [r.findings for r in single]
    assert any(f.rule == "LG001" for r in single for f in r.findings)
    assert any(f.rule == "LG002" for r in single for f in r.findings)
