"""``language``: documents and paragraphs in the wrong language (langdetect).

Two kinds, chosen by the ``kind`` option:

* ``document`` - the document's language (judged by :mod:`corpus_lint.langid` on
  a bounded sample of its longest lines) is not one of the expected
  ``languages``.  The engine fills ``languages`` from the config; with none
  configured the rule finds nothing.
* ``paragraph`` - a paragraph (or, in scraped text whose paragraphs are long
  single lines, a line) is in another language than its document.  Only units
  with enough letters of prose for a reliable call are judged, and langdetect is
  only asked about units that a cheap pre-check marks as possibly foreign: a
  different script from the document's, or few of the document language's stop
  words and many of another language's (jusText's stop lists).  An English
  corpus therefore costs one langdetect call per document plus a stop-word
  count per long paragraph.

Text with too few letters to judge (numbers, symbols, a single word) has no
language and is never flagged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import Any, ClassVar

from corpus_lint.api import Detector, DetectorError, Edit, Fix, Hit
from corpus_lint.document import Document

# Defaults of the options (the rule pack sets them; see rules/language.yaml).
MIN_PARAGRAPH_LETTERS = 100
MIN_OTHER_SCRIPT_LETTERS = 50
MIN_PARAGRAPH_CONFIDENCE = 0.9
MAX_STOPWORD_DENSITY = 0.25
MIN_FOREIGN_STOPWORDS = 0.2
MIN_DOCUMENT_SHARE = 0.8

# The pre-check reads this much of a paragraph.
DENSITY_PREFIX = 400
# A hard-wrapped paragraph: several lines, none longer than this, judged as one unit.
WRAPPED_LINE_MAX = 100
WRAPPED_LINE_MEAN = 40
# Units whose verdict is kept, per document language.
VERDICTS_LIMIT = 20_000
_UNSEEN: Any = object()
_INSTANCES = itertools.count()

_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)", re.M)
_CODE = re.compile(r"^[ \t]{0,3}(```|~~~).*?(?:^[ \t]{0,3}\1[^\n]*$|\Z)", re.M | re.S)
_LANG_CODE = re.compile(r"^[a-z]{2}(-[A-Za-z]{2,4})?$")


class LanguageDetector(Detector):
    """Documents outside the expected languages (``kind: document``) and paragraphs
    in another language than their document (``kind: paragraph``)."""

    name: ClassVar[str] = "language"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "kind": {"enum": ["document", "paragraph"]},
            "languages": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[a-z]{2}(-[A-Za-z]{2,4})?$"},
                "description": "document: the expected languages (ISO 639-1); none: off",
            },
            "min_share": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "document: flag when langdetect gives the unexpected "
                "languages together at least this probability",
            },
            "min_letters": {
                "type": "integer",
                "minimum": 1,
                "description": "paragraph: letters of prose a paragraph needs to be judged",
            },
            "min_letters_other_script": {
                "type": "integer",
                "minimum": 1,
                "description": "paragraph: the same, for a paragraph in another script",
            },
            "min_confidence": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "paragraph: langdetect's probability for the other language",
            },
            "max_stopword_density": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "paragraph: pre-check; paragraphs whose share of the "
                "document language's stop words is at least this are not checked",
            },
            "min_foreign_stopwords": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "paragraph: pre-check; a paragraph in the document's script "
                "is checked only when this share of its words are stop words of one other "
                "language (and not of the document's)",
            },
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.kind: str = options.get("kind", "paragraph")
        codes = options.get("languages") or []
        for code in codes:
            if not isinstance(code, str) or not _LANG_CODE.match(code):
                raise DetectorError(f"not an ISO 639-1 language code: {code!r}")
        from corpus_lint.langid import base_code

        self.languages: frozenset[str] = frozenset(base_code(c) for c in codes)
        self.expected = ", ".join(sorted(self.languages))
        self.min_share = float(options.get("min_share", MIN_DOCUMENT_SHARE))
        self.min_letters = int(options.get("min_letters", MIN_PARAGRAPH_LETTERS))
        self.min_other = int(options.get("min_letters_other_script", MIN_OTHER_SCRIPT_LETTERS))
        self.min_confidence = float(options.get("min_confidence", MIN_PARAGRAPH_CONFIDENCE))
        self.max_density = float(options.get("max_stopword_density", MAX_STOPWORD_DENSITY))
        self.min_foreign = float(options.get("min_foreign_stopwords", MIN_FOREIGN_STOPWORDS))
        self._verdicts: dict[str, dict[str, tuple[str, str] | None]] = {}
        self._found_key = f"language-found-{next(_INSTANCES)}"
        """doc.cache key of prepare()'s units in another language (this detector's)."""

    def prepare(self, docs: Sequence[Document]) -> None:
        """The languages of the batch's documents and, for ``kind: paragraph``, the
        units in another language, the langdetect calls made together
        (:func:`corpus_lint.langid.detect_many`): what :meth:`check` would find,
        kept in ``doc.cache`` (and the verdicts, as check() keeps them)."""
        from corpus_lint import langid

        langid.document_languages(docs)
        if self.kind == "document":
            return
        # (document language, unit) -> its verdict; the question asked about it (see
        # _question) while langdetect has not answered
        batch: dict[tuple[str, str], Any] = {}
        asked: dict[tuple[str, str], tuple[int, bool, dict[str, float]]] = {}
        todo: list[tuple[Document, str, list[tuple[int, int, str]]]] = []
        min_chars = min(self.min_letters, self.min_other)
        for doc in docs:
            doc_lang = langid.document_language(doc).language
            if doc_lang is None:
                continue
            verdicts = self._verdicts_for(doc_lang)
            text = doc.text
            units = [(start, end, text[start:end]) for start, end in self._units(doc, min_chars)]
            todo.append((doc, doc_lang, units))
            for _, _, unit in units:
                key = (doc_lang, unit)
                if key in batch:
                    continue
                found = verdicts.get(unit, _UNSEEN)
                if found is _UNSEEN:
                    question = self._question(langid, unit, doc_lang)
                    if question is not None:
                        asked[key] = question
                        found = _UNSEEN
                    else:
                        found = verdicts[unit] = None
                batch[key] = found
        if asked:
            answers = langid.detect_many([(unit, q[0]) for (_, unit), q in asked.items()])
            for (key, (_, other_script, shares)), answer in zip(
                asked.items(), answers, strict=True
            ):
                doc_lang, unit = key
                found = self._verdict(langid, answer, doc_lang, other_script, shares)
                batch[key] = self._verdicts_for(doc_lang)[unit] = found
        for doc, doc_lang, units in todo:
            doc.cache[self._found_key] = [
                (start, end, found)
                for start, end, unit in units
                if (found := batch[doc_lang, unit]) is not None
            ]

    def check(self, doc: Document) -> Iterator[Hit]:
        if self.kind == "document":
            yield from self._document(doc)
        else:
            yield from self._paragraphs(doc)

    # -- document ------------------------------------------------------------------

    def _document(self, doc: Document) -> Iterator[Hit]:
        if not self.languages:
            return
        from corpus_lint.langid import document_language, language_name

        guess = document_language(doc)
        if guess.language is None or guess.language in self.languages:
            return
        if 1.0 - guess.share(self.languages) < self.min_share:
            return  # a mixed document, largely in an expected language
        first = doc.text.find("\n")
        yield Hit(
            0,
            len(doc.text),
            args={
                "language": guess.language,
                "language_name": language_name(guess.language),
                "confidence": f"{guess.confidence:.2f}",
                "expected": self.expected,
            },
            matched=f"language:{guess.language}",
            excerpt=_clip(doc.text[: first if first >= 0 else len(doc.text)]),
        )

    # -- paragraphs ----------------------------------------------------------------

    def _paragraphs(self, doc: Document) -> Iterator[Hit]:
        from corpus_lint import langid

        guess = langid.document_language(doc)
        doc_lang = guess.language
        if doc_lang is None:
            return
        text = doc.text
        found_units = doc.cache.get(self._found_key)  # prepare()'s
        if found_units is None:
            found_units = []
            verdicts = self._verdicts_for(doc_lang)
            for start, end in self._units(doc, min(self.min_letters, self.min_other)):
                unit = text[start:end]
                found = verdicts.get(unit, _UNSEEN)
                if found is _UNSEEN:
                    found = verdicts[unit] = self._judge(langid, unit, doc_lang)
                if found is not None:
                    found_units.append((start, end, found))
        for start, end, (lang, confidence) in found_units:
            yield Hit(
                start,
                end,
                args={
                    "language": lang,
                    "language_name": langid.language_name(lang),
                    "confidence": confidence,
                    "document_language": doc_lang,
                    "document_language_name": langid.language_name(doc_lang),
                },
                fix=_delete_fix(text, start, end),
            )

    def _verdicts_for(self, doc_lang: str) -> dict[str, tuple[str, str] | None]:
        """The verdicts kept for units of documents in ``doc_lang``: a unit's verdict
        depends on its text and the document's language alone, so it is judged once
        per text (scraped pages repeat their paragraphs)."""
        verdicts = self._verdicts.get(doc_lang)
        if verdicts is None or len(verdicts) > VERDICTS_LIMIT:
            verdicts = self._verdicts[doc_lang] = {}
        return verdicts

    def _judge(self, langid: ModuleType, unit: str, doc_lang: str) -> tuple[str, str] | None:
        """(language, confidence) when the unit is in another language than
        ``doc_lang`` (``langid``: the module, imported by the caller); ``None``
        when it is not, or cannot be judged."""
        question = self._question(langid, unit, doc_lang)
        if question is None:
            return None
        min_letters, other_script, shares = question
        found = langid.detect(unit, min_letters)
        return self._verdict(langid, found, doc_lang, other_script, shares)

    def _question(
        self, langid: ModuleType, unit: str, doc_lang: str
    ) -> tuple[int, bool, dict[str, float]] | None:
        """What to ask langdetect about a unit, after the pre-checks: (the letters it
        needs, whether the unit is in another script, each other language's share of
        stop words); ``None``: the unit is in ``doc_lang`` or cannot be judged."""
        long_enough = len(unit) >= self.min_letters
        stop = langid.stopwords(doc_lang)
        # Pre-check, cheapest first: a paragraph where the document language's stop
        # words are common is in that language, whatever else it quotes.
        if (
            long_enough
            and stop is not None
            and langid._stopword_density(unit[:DENSITY_PREFIX], stop) >= self.max_density
        ):
            return None
        script = "Latn" if unit.isascii() else langid.script_of(unit)
        if script is None:
            return None
        doc_script = langid.LANGUAGE_SCRIPTS.get(doc_lang)
        other_script = doc_script is not None and script != doc_script
        shares: dict[str, float] = {}
        if not other_script:
            # Same script: langdetect is asked only when a fifth of the words are
            # stop words of one other language.
            if not long_enough:
                return None
            shares = langid.foreign_stopwords(unit, doc_lang, script)
            if not shares or max(shares.values()) < self.min_foreign:
                return None
        return (self.min_other if other_script else self.min_letters), other_script, shares

    def _verdict(
        self,
        langid: ModuleType,
        found: Any,
        doc_lang: str,
        other_script: bool,
        shares: dict[str, float],
    ) -> tuple[str, str] | None:
        """:meth:`_judge`'s answer from langdetect's (``found``, a ``langid.Guess``)."""
        lang = found.language
        if lang is None or lang == doc_lang or found.confidence is None:
            return None
        if found.confidence < self.min_confidence:
            return None
        if (
            not other_script
            and langid.stopwords(lang) is not None
            and shares.get(lang, 0.0) < self.min_foreign
        ):
            return None  # langdetect names a language whose stop words are not there
        return lang, f"{found.confidence:.2f}"

    def _units(self, doc: Document, min_chars: int) -> Iterator[tuple[int, int]]:
        """Paragraphs; the lines of a paragraph whose lines are not hard-wrapped prose."""
        text = doc.text
        skip = _code_blocks(text) if doc.format == "md" and _FENCE.search(text) else []
        for start, end in doc.paragraphs():
            if end - start < min_chars:
                continue
            if skip and any(s <= start < e for s, e in skip):
                continue
            if text.find("\n", start, end) < 0:
                yield start, end
                continue
            lines = text[start:end].split("\n")
            lengths = list(map(len, lines))
            longest = max(lengths)
            if longest <= WRAPPED_LINE_MAX and (end - start) / len(lines) >= WRAPPED_LINE_MEAN:
                yield start, end  # hard-wrapped prose
                continue
            if longest < min_chars:
                continue  # a menu, a list, an address: no line long enough to judge
            pos = start
            for line, length in zip(lines, lengths, strict=True):
                if length >= min_chars:
                    body = line.strip()
                    if len(body) >= min_chars:
                        s = pos + len(line) - len(line.lstrip())
                        yield s, s + len(body)
                pos += length + 1


def _code_blocks(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CODE.finditer(text)]


def _delete_fix(text: str, start: int, end: int) -> Fix:
    """Remove the paragraph with the line break after it."""
    stop = end
    if text.startswith("\r\n", stop):
        stop += 2
    elif stop < len(text) and text[stop] in "\r\n":
        stop += 1
    return Fix((Edit(start, stop, ""),), safe=False, description="delete the paragraph")


def _clip(text: str, limit: int = 240) -> str:
    text = text.replace("\t", " ").rstrip("\r")
    return text if len(text) <= limit else text[: limit - 1] + "…"
