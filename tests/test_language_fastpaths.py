"""LG: the fast paths of the language rules agree with the plain definitions."""

from __future__ import annotations

import random
import re

from corpus_lint import langid
from helpers import lint_text, matched
from test_language import COOKIES_DE, EN_PARAGRAPHS, with_paragraph

_LETTERS = re.compile(r"[^\W\d_]+")


def plain_density(text: str, words: frozenset[str]) -> float:
    tokens = _LETTERS.findall(text.lower())
    return sum(t in words for t in tokens) / len(tokens) if tokens else 0.0


def test_stopword_density_on_bytes_is_the_plain_share() -> None:
    english = langid.stopwords("en")
    german = langid.stopwords("de")
    assert english is not None and german is not None
    rnd = random.Random(7)
    vocabulary = ["the", "of", "and", "THE", "Of", "der", "die", "und", "a", "b"]
    pieces = [*vocabulary, "é", "É", "\u212a", "İ", "Σ", "中", *" ,.-'’“\xa0\t\n1_"]
    texts = [
        "",
        "1234 — 5678",
        "The cat sat on the mat, and THE dog OF the house",
        "It’s “the” end\xa0of the story",
        "Die Katze und der Hund sind in dem Haus",
        "naïve café of the town",
        "\u212aelvin of the İstanbul and the ΣΟΦΙΑΣ",
        *EN_PARAGRAPHS[:3],
        COOKIES_DE,
        *("".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 60))) for _ in range(2000)),
    ]
    for text in texts:
        for words in (english, german):
            assert langid._stopword_density(text, words) == plain_density(text, words), text
            assert langid.stopword_density(text, words) == plain_density(text, words), text


def test_a_paragraph_is_judged_against_each_documents_language() -> None:
    # the verdict kept for a paragraph's text belongs to one document language
    english = with_paragraph(COOKIES_DE)
    german = "\n\n".join([COOKIES_DE, COOKIES_DE.replace("Website", "Seite"), COOKIES_DE])
    assert matched(english, lint_text(english, "LG002")) == [COOKIES_DE]
    assert lint_text(german, "LG002") == []
    assert matched(english, lint_text(english, "LG002")) == [COOKIES_DE]
