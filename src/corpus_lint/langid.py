"""Language identification shared by the ``language`` detector and the engine.

It is langdetect (its 55 language profiles, its algorithm, its API), made
deterministic and cheaper:

* **Deterministic.**  langdetect draws n-grams at random; unseeded, the same text
  can get different answers in two runs.  Here every detection builds a fresh
  detector whose random generator is seeded with :data:`SEED` before it starts,
  so the answer depends on the text alone: not on the call order, not on the
  process (every worker of a ``--jobs`` run agrees).  The profiles are loaded in
  sorted order (langdetect uses ``os.listdir`` order, which varies between file
  systems and breaks probability ties differently).  langdetect's global
  ``DetectorFactory`` is left untouched.
* **Cheaper.**  Profiles are read lazily: the n-gram key set at the first
  detection, each n-gram's probability row the first time a text uses it.  The
  inner loops (n-gram extraction, cached per word; the Bayesian updates) are
  rewritten with the same arithmetic in the same order, so the probabilities are
  bit-for-bit those of ``langdetect`` itself (``tests/test_language.py`` checks it).
* **Bounded.**  A document is judged on a sample of its longest lines
  (:func:`sample`).  A text with fewer than :data:`MIN_LETTERS` letters of prose
  or fewer than :data:`MIN_WORDS` words gets no language at all.

Nothing here is imported when corpus-lint starts; langdetect is imported on the
first detection.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources, util
from pathlib import Path
from typing import Any

SEED = 0
"""The seed of langdetect's random n-gram draws, reset before every detection."""

MIN_LETTERS = 50
"""Fewer letters of prose than this: too little text to judge (no language).

On paragraphs of the benchmark texts langdetect names the right language for
99.4% of English and 97.7% of other chunks of 50 letters (``language_bench.py
--reliability``)."""
MIN_WORDS = 3
"""Fewer words than this (a single word, a name): no language."""
DOCUMENT_SAMPLE = 1000
"""Code points of a document that langdetect reads at most."""
MIN_SAMPLE_LINE = 25
"""Lines shorter than this join the sample only when the longer ones do not fill it."""

# A run of letters (no digits, no underscore).
_WORD = re.compile(r"[^\W\d_]+")
# A whitespace-delimited token holding code, a URL, a path or a number: not prose.
_CODE_TOKEN = re.compile(r"\S*[\d_/\\=<>{}\[\]@#$%^&|~+]\S*")
# Scripts written without spaces between words: every letter counts as a word.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff]")
_SPACES = re.compile(" {2,}")
# langdetect's cleaning_text: 'A'..'z' counts as Latin; U+0300 and above, outside
# Latin Extended Additional (U+1E00-U+1EFF), counts as non-Latin.
_LATIN_RANGE = re.compile("[A-z]")
_NON_LATIN = re.compile("[\u0300-\u1dff\u1f00-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Guess:
    """What langdetect said about a text."""

    language: str | None
    """ISO 639-1 code (``zh`` for both Chinese profiles); ``None``: not judged."""
    confidence: float | None
    """langdetect's probability of that language (0..1), rounded to 4 places."""
    letters: int
    """Letters of prose in the judged text."""
    ranking: tuple[tuple[str, float], ...] = ()
    """Every language langdetect gave more than 0.1, best first."""

    def share(self, languages: frozenset[str]) -> float:
        """langdetect's probability that the text is in one of ``languages``."""
        return sum(p for lang, p in self.ranking if lang in languages)


NO_GUESS = Guess(None, None, 0)


def base_code(code: str) -> str:
    """``zh-cn`` -> ``zh``; ``pt-BR`` -> ``pt``: the ISO 639-1 part, lower case."""
    return code.split("-", 1)[0].lower()


LANGUAGE_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "kn": "Kannada",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam",
    "mr": "Marathi", "ne": "Nepali", "nl": "Dutch", "no": "Norwegian", "pa": "Punjabi",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "so": "Somali", "sq": "Albanian", "sv": "Swedish", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip


def language_name(code: str | None) -> str:
    if code is None:
        return "unknown"
    return LANGUAGE_NAMES.get(code, code)


# -- scripts -----------------------------------------------------------------------------

_LATIN_LANGUAGES = (
    "af ca cs cy da de en es et fi fr hr hu id it lt lv nl no pl pt ro sk sl so sq sv sw tl tr vi"
)
LANGUAGE_SCRIPTS: dict[str, str] = {
    **{code: "Latn" for code in _LATIN_LANGUAGES.split()},
    **{code: "Cyrl" for code in ("bg", "mk", "ru", "uk")},
    **{code: "Arab" for code in ("ar", "fa", "ur")},
    **{code: "Deva" for code in ("hi", "mr", "ne")},
    "el": "Grek", "he": "Hebr", "bn": "Beng", "gu": "Gujr", "pa": "Guru", "kn": "Knda",
    "ml": "Mlym", "ta": "Taml", "te": "Telu", "th": "Thai", "ko": "Hang", "ja": "Jpan",
    "zh": "Hani",
}  # fmt: skip
"""The script each langdetect language is written in."""

_SCRIPT_BLOCKS = [
    (0x0000, "Latn"), (0x0250, "Zyyy"), (0x0370, "Grek"), (0x0400, "Cyrl"), (0x0530, "Armn"),
    (0x0590, "Hebr"), (0x0600, "Arab"), (0x0780, "Zyyy"), (0x0900, "Deva"), (0x0980, "Beng"),
    (0x0A00, "Guru"), (0x0A80, "Gujr"), (0x0B00, "Zyyy"), (0x0B80, "Taml"), (0x0C00, "Telu"),
    (0x0C80, "Knda"), (0x0D00, "Mlym"), (0x0D80, "Zyyy"), (0x0E00, "Thai"), (0x0E80, "Zyyy"),
    (0x10A0, "Geor"), (0x1100, "Hang"), (0x1200, "Zyyy"), (0x1D00, "Latn"), (0x1F00, "Grek"),
    (0x2000, "Zyyy"), (0x3040, "Kana"), (0x3100, "Zyyy"), (0x3130, "Hang"), (0x3190, "Zyyy"),
    (0x3400, "Hani"), (0xA000, "Zyyy"), (0xAC00, "Hang"), (0xD7B0, "Zyyy"), (0xF900, "Hani"),
    (0xFB00, "Zyyy"), (0xFB1D, "Hebr"), (0xFB50, "Arab"), (0xFE00, "Zyyy"), (0xFE70, "Arab"),
    (0xFF00, "Zyyy"), (0xFF21, "Latn"), (0xFF5B, "Zyyy"), (0xFF66, "Kana"), (0xFFA0, "Zyyy"),
    (0x20000, "Hani"), (0x31350, "Zyyy"),
]  # fmt: skip
_BLOCK_STARTS = [start for start, _ in _SCRIPT_BLOCKS]
_CHAR_SCRIPTS: dict[str, str] = {}


def _char_script(ch: str) -> str:
    script = _CHAR_SCRIPTS.get(ch)
    if script is None:
        script = _SCRIPT_BLOCKS[bisect_right(_BLOCK_STARTS, ord(ch)) - 1][1]
        _CHAR_SCRIPTS[ch] = script
    return script


_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_OTHER_LETTER = re.compile(
    "(?![A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff])[^\\W\\d_]"
)


def script_of(text: str) -> str | None:
    """The script most of the letters of ``text`` are written in (ISO 15924 code).

    Japanese is ``Jpan`` (Kanji with Kana), Chinese ``Hani`` (no Kana).  ``None``
    when the text has no letter.
    """
    if text.isascii():
        return "Latn" if _WORD.search(text) else None
    others = _OTHER_LETTER.findall(text)
    if not others:
        return "Latn" if _WORD.search(text) else None
    counts: dict[str, int] = {"Latn": len(_LATIN_LETTER.findall(text))}
    for ch in others:
        script = _char_script(ch)
        counts[script] = counts.get(script, 0) + 1
    counts.pop("Zyyy", None)
    kana = counts.pop("Kana", 0)
    if kana:
        counts["Jpan"] = counts.pop("Hani", 0) + kana
    best = max(sorted(counts), key=counts.__getitem__)
    return best if counts[best] else None


# -- text measures -----------------------------------------------------------------------


def prose(text: str) -> str:
    """``text`` without the tokens that are code, URLs, paths, numbers or handles."""
    return _CODE_TOKEN.sub(" ", text)


def count_letters(text: str) -> tuple[int, int]:
    """(letters, words) of the prose in ``text``.

    Tokens holding digits, ``_``, ``/``, ``=``, ``<`` and the like (code, URLs,
    numbers) do not count, nor do words in capitals (langdetect skips them).  In
    Chinese, Japanese or Thai every letter counts as a word.
    """
    runs = _WORD.findall(prose(text))
    kept = [w for w in runs if w.isalpha() and (len(w) < 2 or not w.isupper())]
    letters = sum(map(len, kept))
    words = len(kept)
    if letters and not text.isascii():
        words += len(_UNSPACED.findall(text))
    return letters, words


def sample(text: str, budget: int = DOCUMENT_SAMPLE) -> str:
    """At most about ``budget`` code points of ``text`` that best show its language.

    Short texts are taken whole.  Otherwise the longest lines (prose, not menu
    items, dates or share buttons) are taken, longest first, until the budget is
    spent; a line longer than what is left is cut at a space.  The pieces keep
    their document order.
    """
    if len(text) <= budget:
        return text
    lines = text.splitlines()
    lengths = list(map(len, lines))
    # longest first; document order breaks ties (the sort is stable)
    order = sorted(range(len(lines)), key=lengths.__getitem__, reverse=True)
    chosen: dict[int, str] = {}
    left = budget
    for i in order:
        length = lengths[i]
        if left <= 0 or length == 0 or (length < MIN_SAMPLE_LINE and chosen):
            break
        line = lines[i]
        if length > left:
            cut = line.rfind(" ", 0, left)
            line = line[: cut if cut > 0 else left]
        chosen[i] = line
        left -= len(line) + 1
    return "\n".join(chosen[i] for i in sorted(chosen))


# -- stop words --------------------------------------------------------------------------

_STOPLIST_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "kn": "Kannada", "ko": "Korean",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam",
    "mr": "Marathi", "ne": "Nepali", "nl": "Dutch", "no": "Norwegian_Bokmal", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sq": "Albanian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}  # fmt: skip
"""jusText's stop lists (word lists from Wikipedia, shipped with jusText, a trafilatura
dependency), by langdetect code.  Japanese, Chinese, Thai, Punjabi and Somali have none."""


def _stoplist_folder() -> Path | None:
    # Located without importing justext (which would import lxml).
    spec = util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    return folder if folder.is_dir() else None


@cache
def stopwords(code: str) -> frozenset[str] | None:
    """The stop words of a language (lower case), or ``None`` when there is no list.

    Lists of languages not written in Latin script lose their ASCII words (the
    Wikipedia-derived lists of Marathi or Nepali hold English words).
    """
    name = _STOPLIST_NAMES.get(code)
    folder = _stoplist_folder() if name else None
    if folder is None:
        return None
    try:
        lines = (folder / f"{name}.txt").read_text("utf-8").splitlines()
    except OSError:
        return None
    words = {w.strip().lower() for w in lines}
    words.discard("")
    if LANGUAGE_SCRIPTS.get(code) != "Latn":
        words = {w for w in words if not w.isascii()}
    return frozenset(words)


@cache
def _stopword_index(script: str) -> dict[str, tuple[str, ...]]:
    """Word (two letters or more) -> the languages of ``script`` listing it."""
    index: dict[str, list[str]] = {}
    for code in sorted(_STOPLIST_NAMES):
        if LANGUAGE_SCRIPTS.get(code) != script:
            continue
        for word in stopwords(code) or ():
            if len(word) >= 2:
                index.setdefault(word, []).append(code)
    return {w: tuple(codes) for w, codes in index.items()}


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def stopword_density(text: str, words: frozenset[str]) -> float:
    """The share of the words of ``text`` that are in ``words``."""
    tokens = _tokens(text)
    if not tokens:
        return 0.0
    return sum(map(words.__contains__, tokens)) / len(tokens)


def foreign_stopwords(text: str, language: str, script: str) -> dict[str, float]:
    """For each language of ``script`` other than ``language``: the share of the
    words of ``text`` that are its stop words and not stop words of ``language``."""
    tokens = _tokens(text)
    if not tokens:
        return {}
    index = _stopword_index(script)
    own = stopwords(language) or frozenset()
    counts: dict[str, int] = {}
    for token in tokens:
        codes = index.get(token)
        if codes is None or token in own:
            continue
        for code in codes:
            if code != language:
                counts[code] = counts.get(code, 0) + 1
    return {code: n / len(tokens) for code, n in counts.items()}


# -- langdetect, deterministic and lazy -------------------------------------------------


class _Profiles:
    """langdetect's language profiles: the n-gram keys now, probability rows on demand."""

    def __init__(self) -> None:
        folder = resources.files("langdetect").joinpath("profiles")
        names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        self.langlist: list[str] = []
        self.freqs: list[dict[str, int]] = []
        self.n_words: list[list[int]] = []
        for name in names:
            data = json.loads(folder.joinpath(name).read_text("utf-8"))
            self.langlist.append(data["name"])
            self.freqs.append(data["freq"])
            self.n_words.append(data["n_words"])
        self.keys: frozenset[str] = frozenset().union(*self.freqs)
        self.rows: dict[str, list[float]] = {}

    def row(self, word: str) -> list[float]:
        """P(word | language) for every language, as langdetect's factory computes it."""
        row = self.rows.get(word)
        if row is None:
            length = len(word)
            row = [0.0] * len(self.langlist)
            if 1 <= length <= 3:
                for i, freq in enumerate(self.freqs):
                    count = freq.get(word)
                    if count is not None:
                        row[i] = 1.0 * count / self.n_words[i][length - 1]
            self.rows[word] = row
        return row


class _RowMap:
    """The ``word_lang_prob_map`` langdetect's Detector expects, filled on demand."""

    def __init__(self, profiles: _Profiles) -> None:
        self.profiles = profiles

    def __contains__(self, word: object) -> bool:
        return word in self.profiles.keys

    def __getitem__(self, word: str) -> list[float]:
        return self.profiles.row(word)


class _Factory:
    """Stands in for ``langdetect.DetectorFactory``: what ``Detector.__init__`` reads."""

    def __init__(self, profiles: _Profiles) -> None:
        self.word_lang_prob_map = _RowMap(profiles)
        self.langlist = list(profiles.langlist)
        self.seed = SEED


_PROFILES: _Profiles | None = None
_FACTORY: _Factory | None = None
_DETECTOR_CLASS: Any = None
_WORD_GRAMS_LIMIT = 200_000


def _profiles() -> _Profiles:
    global _PROFILES
    if _PROFILES is None:
        _PROFILES = _Profiles()
    return _PROFILES


def _word_grams(word: str, trailing: bool, keys: frozenset[str]) -> list[str]:
    """langdetect's n-grams of one word (normalized, no spaces), in emission order.

    ``NGram.add_char`` keeps the last three characters, restarts after a space,
    and emits nothing while two capitals follow each other; ``trailing``: the word
    is followed by a space, which adds "x " and "yx ".
    """
    out: list[str] = []
    padded = " " + word
    prev_upper = False
    for k in range(1, len(padded)):
        ch = padded[k]
        upper = ch.isupper()
        if not (upper and prev_upper):
            if ch in keys:
                out.append(ch)
            gram = padded[k - 1 : k + 1]
            if gram in keys:
                out.append(gram)
            if k >= 2:
                gram = padded[k - 2 : k + 1]
                if gram in keys:
                    out.append(gram)
        prev_upper = upper
    if trailing:
        padded += " "
        n = len(padded)
        gram = padded[n - 2 :]
        if gram in keys:
            out.append(gram)
        gram = padded[n - 3 :]
        if gram in keys:
            out.append(gram)
    return out


def _detector_class() -> Any:
    """A langdetect ``Detector`` with the same results and faster inner loops."""
    global _DETECTOR_CLASS
    if _DETECTOR_CLASS is not None:
        return _DETECTOR_CLASS
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
    from langdetect.utils.ngram import NGram

    seen: set[str] = set()
    table: dict[int, str] = {}
    word_grams: dict[str, list[str]] = {}

    class SeededDetector(Detector):  # type: ignore[misc]
        def append(self, text: str) -> None:
            # langdetect's loop: drop URLs and e-mails, fold Vietnamese, cut at
            # max_text_length, collapse runs of spaces.
            text = self.URL_RE.sub(" ", text)
            text = self.MAIL_RE.sub(" ", text)
            text = NGram.normalize_vi(text)
            self.text: str = self.text + _SPACES.sub(" ", text[: self.max_text_length])

        def cleaning_text(self) -> None:
            text: str = self.text
            latin = len(_LATIN_RANGE.findall(text))
            non_latin = len(_NON_LATIN.findall(text))
            if latin * 2 < non_latin:
                self.text = _LATIN_RANGE.sub("", text)

        def _extract_ngrams(self) -> list[str]:
            # NGram.normalize for every character (a translate table), then the
            # n-grams of each space-delimited word (cached: words repeat).
            text: str = self.text
            new = set(text).difference(seen)
            for ch in new:
                norm = NGram.normalize(ch)
                if norm != ch:
                    table[ord(ch)] = norm
            seen.update(new)
            if len(word_grams) > _WORD_GRAMS_LIMIT:
                word_grams.clear()
            keys = _profiles().keys
            parts = text.translate(table).split(" ")
            last = len(parts) - 1
            result: list[str] = []
            for i, word in enumerate(parts):
                if not word:
                    continue
                key = word if i == last else word + " "
                grams = word_grams.get(key)
                if grams is None:
                    grams = word_grams[key] = _word_grams(word, i != last, keys)
                result += grams
            return result

        def _detect_block(self) -> None:
            # langdetect's trials, with the same random draws and arithmetic.
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            row = _profiles().row
            n_lang = len(self.langlist)
            langprob = [0.0] * n_lang
            rnd = self.random
            rnd.seed(self.seed)
            choice = rnd.choice
            limit = self.ITERATION_LIMIT
            threshold = self.CONV_THRESHOLD
            for _ in range(self.n_trial):
                prob = self._init_probability()
                alpha = self.alpha + rnd.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                i = 0
                while True:
                    r = row(choice(ngrams))
                    prob = [p * (weight + q) for p, q in zip(prob, r, strict=True)]
                    if i % 5 == 0:
                        total = sum(prob)
                        prob = [p / total for p in prob]
                        if max(prob) > threshold or i >= limit:
                            break
                    i += 1
                for j in range(n_lang):
                    langprob[j] += prob[j] / self.n_trial
            self.langprob = langprob

    _DETECTOR_CLASS = SeededDetector
    return SeededDetector


def make_detector() -> Any:
    """A fresh, seeded langdetect ``Detector``: ``append`` text, then ``get_probabilities``."""
    global _FACTORY
    if _FACTORY is None:
        _FACTORY = _Factory(_profiles())
    return _detector_class()(_FACTORY)


def probabilities(text: str) -> list[tuple[str, float]]:
    """langdetect's (language, probability) list for ``text``, best first (may be empty)."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = make_detector()
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return []
    return [(x.lang, float(x.prob)) for x in found]


@lru_cache(maxsize=8192)
def detect(text: str, min_letters: int = MIN_LETTERS) -> Guess:
    """The language of the prose in ``text``; no language when it has too few letters.

    Tokens that are code, URLs or numbers are dropped before langdetect reads the
    text.  Cached: a paragraph repeated on every page of a site costs one call.
    """
    letters, words = count_letters(text)
    if letters < min_letters or words < MIN_WORDS:
        return Guess(None, None, letters)
    found = probabilities(prose(text))
    if not found:
        return Guess(None, None, letters)
    ranking: dict[str, float] = {}
    for lang, prob in found:
        code = base_code(lang)
        ranking[code] = ranking.get(code, 0.0) + prob
    ordered = tuple(sorted(ranking.items(), key=lambda x: (-x[1], x[0])))
    lang, prob = ordered[0]
    return Guess(lang, round(prob, 4), letters, ordered)


def document_language(doc: Any) -> Guess:
    """The document's language, judged on a bounded sample; kept in ``doc.cache``.

    ``doc.cache["language"]`` and ``["language_confidence"]`` are what the
    report's ``documents`` entries show.
    """
    cache: dict[str, Any] = doc.cache
    found = cache.get("language_guess")
    if isinstance(found, Guess):
        return found
    guess = detect(sample(doc.text))
    cache["language_guess"] = guess
    cache["language"] = guess.language
    cache["language_confidence"] = guess.confidence
    return guess
