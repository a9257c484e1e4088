"""LG: documents outside the expected languages, paragraphs in another language."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from corpus_lint import langid
from corpus_lint.document import Document
from corpus_lint.registry import RuleError
from helpers import lint_text, matched

LANG = FIXTURES / "language"
EN = (LANG / "article_en.txt").read_text("utf-8")
FR = (LANG / "article_fr.txt").read_text("utf-8")
EN_PARAGRAPHS = EN.split("\n\n")

COOKIES_DE = (
    "Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren, Funktionen für "
    "soziale Medien anbieten zu können und die Zugriffe auf unsere Website zu analysieren. "
    "Wenn Sie diese Website weiterhin nutzen, stimmen Sie der Verwendung von Cookies zu."
)
COMMENT_RU = (
    "Спасибо за статью, очень интересно было прочитать про новые велосипедные дорожки "
    "в нашем городе."
)
PLUS_CA_CHANGE = (
    "Critics of the vote were quick to reach for the old saying, plus ça change, plus "
    "c'est la même chose, and pointed out that the same councillors had promised the same "
    "lanes before the last election."
)


def with_paragraph(paragraph: str, after: int = 2) -> str:
    parts = [*EN_PARAGRAPHS[:after], paragraph, *EN_PARAGRAPHS[after:]]
    return "\n\n".join(parts)


def lg002(text: str, fmt: str = "txt") -> list[str]:
    return matched(text, lint_text(text, "LG002", fmt=fmt))


# -- LG002 foreign paragraph ----------------------------------------------------------


def test_german_cookie_paragraph_in_english_article_is_flagged() -> None:
    text = with_paragraph(COOKIES_DE)
    findings = lint_text(text, "LG002")
    assert matched(text, findings) == [COOKIES_DE]
    f = findings[0]
    assert f.message.startswith("Paragraph in German (de, p=1.00)")
    assert "the document is in English" in f.message
    assert f.line == 1 + text[: f.start].count("\n")
    assert f.fix is not None and not f.fix.safe


def test_the_fix_deletes_the_paragraph_and_its_line_break() -> None:
    text = with_paragraph(COOKIES_DE)
    (f,) = lint_text(text, "LG002")
    assert f.fix is not None
    (edit,) = f.fix.edits
    fixed = text[: edit.start] + edit.replacement + text[edit.end :]
    assert COOKIES_DE not in fixed
    assert lg002(fixed) == []


def test_quoted_french_phrase_in_english_paragraph_is_not_flagged() -> None:
    assert lg002(with_paragraph(PLUS_CA_CHANGE)) == []
    # ... nor the phrase standing alone as a short paragraph
    assert lg002(with_paragraph("Plus ça change, plus c'est la même chose.")) == []


def test_short_foreign_sentence_is_below_the_reliable_length() -> None:
    short = "Wir verwenden Cookies auf dieser Website."  # 35 letters
    assert lg002(with_paragraph(short)) == []


def test_russian_comment_is_flagged_at_the_other_script_length() -> None:
    text = with_paragraph(COMMENT_RU, after=4)
    findings = lint_text(text, "LG002")
    assert matched(text, findings) == [COMMENT_RU]
    assert "Russian (ru" in findings[0].message


def test_scraped_page_lines_are_judged_one_by_one() -> None:
    # a paragraph of long single lines (scraped text): only the German line is flagged
    text = EN_PARAGRAPHS[0] + "\n\n" + "\n".join([EN_PARAGRAPHS[1], COOKIES_DE, EN_PARAGRAPHS[2]])
    assert lg002(text) == [COOKIES_DE]


def test_hard_wrapped_english_prose_is_judged_whole_and_not_flagged() -> None:
    import textwrap

    wrapped = "\n\n".join(textwrap.fill(p, 72) for p in EN_PARAGRAPHS)
    assert lg002(wrapped) == []


def test_capitals_code_urls_and_keyword_lists_are_not_flagged() -> None:
    near_misses = [
        "TAYLOR SWIFT'S FORMER LABEL BOSS BLASTS HER SCOOTER BRAUN 'BULLYING' CLAIMS, "
        "SAYS SHE KNEW ABOUT THE SALE ALL ALONG AND NEVER SAID A WORD",
        "{* #socialRegistrationForm_radio_2 *} {* socialRegistration_firstName *} "
        "{* socialRegistration_lastName *} {* socialRegistration_emailAddress *} "
        "{* socialRegistration_displayName *}",
        "https://static6.businessinsider.de/image/5d1ce1ae2516e9500e130fa8-500-250/"
        "how-to-retire-early-so-you-can-work-travel-and-relax-on-your-own-schedule.jpg",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
        "Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann",
    ]
    for paragraph in near_misses:
        assert lg002(with_paragraph(paragraph)) == [], paragraph


def test_markdown_code_blocks_are_skipped() -> None:
    code = (
        "```\n"
        "# Konfiguration der Datenbank: die Verbindung wird beim Start aufgebaut und bei\n"
        "# jedem Fehler nach einer Wartezeit von zehn Sekunden erneut versucht, bis sie steht\n"
        "```"
    )
    assert lg002(with_paragraph(code), fmt="md") == []
    # the same text outside a code block is a German paragraph
    prose = code.strip("`\n").replace("# ", "")
    assert lg002(with_paragraph(prose), fmt="md") == [prose]


def test_english_paragraph_in_french_article_is_flagged() -> None:
    paragraphs = FR.split("\n\n")
    text = "\n\n".join([*paragraphs[:2], EN_PARAGRAPHS[1], *paragraphs[2:]])
    findings = lint_text(text, "LG002")
    assert matched(text, findings) == [EN_PARAGRAPHS[1]]
    assert "the document is in French" in findings[0].message


def test_plain_english_and_plain_french_articles_are_not_flagged() -> None:
    assert lg002(EN) == []
    assert lg002(FR) == []


def test_real_pages_from_the_bench() -> None:
    page = (LANG / "bench_en_page_de_terms.txt").read_text("utf-8")
    found = lg002(page)
    assert len(found) == 1
    assert found[0].startswith("Durch die Nutzung dieser Website zeigen Sie an")
    page = (LANG / "bench_en_page_ru_headline.txt").read_text("utf-8")
    assert lg002(page) == [
        "RTVI: Amnesty International: в Иране больше ста человек погибли в ходе протестов "
        "из-за повышения цен на бензин"
    ]


def test_thresholds_are_options() -> None:
    text = with_paragraph(COOKIES_DE)
    # with a higher minimum the cookie notice (about 200 letters) is no longer judged
    assert lint_text(text, "LG002", options={"LG002": {"min_letters": 400}}) == []


# -- LG001 unexpected document language ------------------------------------------------


def test_document_rule_is_off_without_languages() -> None:
    assert lint_text(FR, "LG001") == []


def test_french_document_with_english_expected() -> None:
    findings = lint_text(FR, "LG001", options={"LG001": {"languages": ["en"]}})
    assert len(findings) == 1
    f = findings[0]
    assert f.message == "Document is in French (fr, p=1.00); expected en"
    assert (f.start, f.end) == (0, len(FR))
    assert lint_text(EN, "LG001", options={"LG001": {"languages": ["en"]}}) == []
    assert lint_text(FR, "LG001", options={"LG001": {"languages": ["en", "fr"]}}) == []


def test_regional_codes_match_their_language() -> None:
    assert lint_text(FR, "LG001", options={"LG001": {"languages": ["fr-CA"]}}) == []


def test_too_few_letters_get_no_language_and_no_finding() -> None:
    opts = {"LG001": {"languages": ["en"]}}
    for text in (
        "1234 5678 9012\n3.14 2.71 1.41\n" * 20,
        "*** --- +++ ### @@@ ||| ~~~ ^^^ %%% $$$\n" * 10,
        "Supercalifragilisticexpialidocious",
        "Bonjour",
        "word " * 500,
        "Hello hello HELLO! " * 100,
        "",
    ):
        assert lint_text(text, ["LG001", "LG002"], options=opts) == [], text
        doc = Document(text=text, path="x.txt", id="x.txt")
        assert langid.document_language(doc).language is None
        assert doc.cache["language"] is None and doc.cache["language_confidence"] is None


def test_bad_language_code_is_refused() -> None:
    with pytest.raises(RuleError):
        lint_text(FR, "LG001", options={"LG001": {"languages": ["french"]}})


def write_corpus(tmp_path: Path, config: str | None) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "en.txt").write_text(EN, "utf-8")
    (tmp_path / "docs" / "fr.txt").write_text(FR, "utf-8")
    if config is not None:
        (tmp_path / "corpus-lint.toml").write_text(config, "utf-8")


def test_cli_flags_the_french_article_in_an_english_corpus(tmp_path: Path) -> None:
    write_corpus(tmp_path, 'languages = ["en"]\n')
    res = run_cli(["docs", "--format", "json"], cwd=tmp_path)
    assert res.exit_code == 1, res.stderr
    report = res.json()
    lg = [f for f in report["findings"] if f["rule"].startswith("LG")]
    assert [(f["rule"], f["path"]) for f in lg] == [("LG001", "docs/fr.txt")]
    languages = {d["path"]: (d["language"], d["language_confidence"]) for d in report["documents"]}
    assert languages == {"docs/en.txt": ("en", 1.0), "docs/fr.txt": ("fr", 1.0)}


def test_cli_without_languages_reports_languages_but_no_lg001(tmp_path: Path) -> None:
    write_corpus(tmp_path, None)
    res = run_cli(["docs", "--format", "json", "--select", "CI"], cwd=tmp_path)
    assert res.exit_code == 0, res.stderr
    report = res.json()
    assert report["findings"] == []
    # no LG rule ran, the documents still carry their language
    assert sorted(d["language"] for d in report["documents"]) == ["en", "fr"]


# -- the seeds, determinism ---------------------------------------------------------------


def test_seeds_are_english_and_have_no_lg_finding() -> None:
    res = run_cli(["seeds/", "--format", "json"])
    assert "Traceback" not in res.stderr
    report = res.json()
    assert [f for f in report["findings"] if f["rule"].startswith("LG")] == []
    assert len(report["documents"]) == 5
    assert {d["language"] for d in report["documents"]} == {"en"}
    assert all(d["language_confidence"] >= 0.99 for d in report["documents"])


def mixed_corpus(path: Path) -> None:
    """A JSONL shard of 150 documents in several languages (three engine batches)."""
    fr_paragraphs = FR.split("\n\n")
    bodies = [
        EN,
        FR,
        with_paragraph(COOKIES_DE),
        with_paragraph(COMMENT_RU, after=3),
        with_paragraph(PLUS_CA_CHANGE),
        "\n\n".join([*fr_paragraphs[:2], EN_PARAGRAPHS[2], *fr_paragraphs[2:]]),
        "12 34 56 78\n" * 5,
    ]
    with path.open("w", encoding="utf-8") as out:
        for i in range(150):
            body = bodies[i % len(bodies)]
            paragraphs = body.split("\n\n")
            k = i % len(paragraphs)
            text = "\n\n".join(paragraphs[k:] + paragraphs[:k])  # vary the order
            out.write(json.dumps({"id": f"doc-{i}", "text": text}, ensure_ascii=False) + "\n")


def test_jobs_2_gives_the_same_report_as_jobs_1(tmp_path: Path) -> None:
    mixed_corpus(tmp_path / "mixed.jsonl")
    (tmp_path / "corpus-lint.toml").write_text('languages = ["en"]\n', "utf-8")
    args = ["mixed.jsonl", "--format", "json", "--select", "LG"]
    one = run_cli([*args, "--jobs", "1"], cwd=tmp_path)
    two = run_cli([*args, "--jobs", "2"], cwd=tmp_path)
    assert one.exit_code == two.exit_code == 1, one.stderr + two.stderr
    r1, r2 = one.json(), two.json()
    assert r1["findings"] == r2["findings"]
    assert r1["documents"] == r2["documents"]
    rules = {f["rule"] for f in r1["findings"]}
    assert rules == {"LG001", "LG002"}
    langs = {d["language"] for d in r1["documents"]}
    assert langs == {"en", "fr", None}


def test_detection_does_not_depend_on_call_order_or_global_seed() -> None:
    from langdetect import DetectorFactory

    before = DetectorFactory.seed
    texts = [EN_PARAGRAPHS[1], COOKIES_DE, FR, COMMENT_RU, PLUS_CA_CHANGE]
    first = [langid.probabilities(t) for t in texts]
    second = [langid.probabilities(t) for t in reversed(texts)][::-1]
    assert first == second
    assert DetectorFactory.seed == before  # the global factory is left alone


def stock_factory() -> object:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    names = sorted(os.listdir(PROFILES_DIRECTORY))
    factory.load_json_profile([(Path(PROFILES_DIRECTORY) / n).read_text("utf-8") for n in names])
    factory.seed = langid.SEED
    return factory


def comparison_texts() -> list[str]:
    pages = [(LANG / n).read_text("utf-8") for n in sorted(os.listdir(LANG)) if "bench" in n]
    return [
        EN,
        FR,
        COOKIES_DE,
        COMMENT_RU,
        PLUS_CA_CHANGE,
        "NASA and the ESA SAID that the MISSION would LAUNCH in May",
        "Tiếng Việt có dấu: người dân thành phố Hồ Chí Minh",
        "日本語のテキストと中文的文本 mixed with a little English",
        "e-mail me at someone@example.org or see https://example.org/page?id=3",
        "ok ok ok",
        "語言",
        "1234",
        *(p[i : i + 700] for p in pages for i in range(0, len(p), 2500)),
    ]


def test_probabilities_are_those_of_langdetect_itself() -> None:
    """langdetect's own numbers: bit for bit with ``exact``, to 1e-12 with numpy."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = stock_factory()
    for text in comparison_texts():
        stock = factory.create()  # type: ignore[attr-defined]
        stock.append(text)
        try:
            expected = [(x.lang, x.prob) for x in stock.get_probabilities()]
        except LangDetectException:
            expected = []
        assert langid.probabilities(text, exact=True) == expected, text[:60]
        fast = langid.probabilities(text)
        assert [lang for lang, _ in fast] == [lang for lang, _ in expected], text[:60]
        for (_, p), (_, q) in zip(fast, expected, strict=True):
            assert abs(p - q) < 1e-12


@pytest.mark.parametrize("limit", [0, 5, 10, 65, 125])
def test_trials_that_stop_at_the_iteration_limit(limit: int) -> None:
    # a trial that has not converged stops at the limit, in both engines as in langdetect
    factory = stock_factory()
    for text in (EN_PARAGRAPHS[1], "Wir verwenden Cookies um Inhalte", "ok ok ok", "語言"):
        found = []
        for detector in (factory.create(), langid.make_detector(True), langid.make_detector()):  # type: ignore[attr-defined]
            detector.ITERATION_LIMIT = limit
            detector.append(text)
            detector.get_probabilities()
            found.append(detector.langprob)
        stock, exact, fast = found
        assert exact == stock
        assert max(abs(p - q) for p, q in zip(fast, stock, strict=True)) < 1e-12


def test_the_random_stream_is_pythons() -> None:
    """The numpy engine replays random.Random(SEED): getrandbits and gauss."""
    import math
    import random

    engine = langid._vectorized()
    if engine is None:
        pytest.skip("numpy is not installed")
    rnd = random.Random(langid.SEED)
    words = engine.words(2000)
    assert [int(w) for w in words[:1000]] == [rnd.getrandbits(32) for _ in range(1000)]
    rnd = random.Random(langid.SEED)
    a, b, c, d = (int(w) for w in words[:4])
    x2pi = ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0) * math.tau
    u = ((c >> 5) * 67108864.0 + (d >> 6)) * (1.0 / 9007199254740992.0)
    g2rad = math.sqrt(-2.0 * math.log(1.0 - u))
    assert rnd.gauss(0.0, 1.0) == math.cos(x2pi) * g2rad
    assert rnd.gauss(0.0, 1.0) == math.sin(x2pi) * g2rad


def test_sample_is_bounded_and_prefers_long_lines() -> None:
    page = (LANG / "bench_en_page_de_terms.txt").read_text("utf-8")
    piece = langid.sample(page)
    assert len(piece) <= langid.DOCUMENT_SAMPLE
    lines = [x for x in page.splitlines() if x.strip()]
    longest = max(lines, key=len)
    assert piece.startswith(longest[:100]) or longest[:100] in piece
    assert langid.sample("short text") == "short text"


def test_scripts() -> None:
    assert langid.script_of("plain English") == "Latn"
    assert langid.script_of("Größe und Gewicht") == "Latn"
    assert langid.script_of(COMMENT_RU) == "Cyrl"
    assert langid.script_of("日本語のテキストです") == "Jpan"
    assert langid.script_of("中文的文本") == "Hani"
    assert langid.script_of("1234 — 5678") is None


def test_stop_lists_are_available() -> None:
    # jusText's lists (a trafilatura dependency) drive the paragraph pre-check
    english = langid.stopwords("en")
    assert english is not None and {"the", "of", "and"} <= english
    assert langid.stopwords("ja") is None
    shares = langid.foreign_stopwords(COOKIES_DE, "en", "Latn")
    assert max(shares, key=shares.__getitem__) == "de"
    assert shares["de"] >= 0.2
    assert langid.stopword_density(EN_PARAGRAPHS[1], english) >= 0.25


def test_numpy_ngrams_are_langdetects() -> None:
    """The numpy engine's n-grams (all words at once) are the exact path's, in order."""
    import random

    engine = langid._vectorized()
    if engine is None:
        pytest.skip("numpy is not installed")
    rnd = random.Random(3)
    alphabet = [*"abcXYZ  ,.-_/1²éÉßǅİ中の・ไ١\n\t'’“\xa0ÄÖẞΣς", "😀", "\U00020000"]
    texts = [
        "",
        " ",
        "A",
        "a b",
        "AB CD ef",
        "NASA and the ESA SAID that the MISSION would LAUNCH in May",
        "Tiếng Việt có dấu: người dân thành phố Hồ Chí Minh",
        "日本語のテキストと中文的文本 mixed with a little English",
        COMMENT_RU,
        PLUS_CA_CHANGE,
        *("".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(3000)),
    ]
    for text in texts:
        detector = langid.make_detector(exact=True)
        detector.append(text)
        detector.cleaning_text()
        assert engine.gram_ids(detector.text).tolist() == detector._extract_ngrams(), text
