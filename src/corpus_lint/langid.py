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
* **Cheaper.**  Profiles are read lazily: at the first detection, from the user
  cache (:mod:`corpus_lint.usercache`; langdetect's 55 JSON files are parsed
  only when they changed), each n-gram's probability row the first time a text
  uses it.  The inner loops are rewritten: with ``exact=True`` in Python with
  the same arithmetic in the same order (bit-for-bit the probabilities of
  ``langdetect`` itself, ``tests/test_language.py`` checks it); by default with
  numpy (:class:`_Vectorized`: the n-grams of a whole text at once, the same
  random draws, the updates between two convergence checks as one product;
  the same probabilities to about 1e-15).
* **Batched.**  :func:`detect_many` (and :func:`document_languages`, used by the
  ``language`` detector's ``prepare``) runs many detections side by side, each
  numpy call working on all of them (:meth:`_Vectorized.trials_many`): bit for bit
  the numbers of one detection at a time, at about half the cost.
* **Bounded.**  A document is judged on a sample of its longest lines
  (:func:`sample`).  A text with fewer than :data:`MIN_LETTERS` letters of prose
  or fewer than :data:`MIN_WORDS` different words gets no language at all.

Nothing here is imported when corpus-lint starts; langdetect is imported on the
first detection.
"""

from __future__ import annotations

import json
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources, util
from itertools import compress
from math import cos as _cos
from math import log as _log
from math import sin as _sin
from math import sqrt as _sqrt
from math import tau as _TWOPI
from pathlib import Path
from typing import Any

from corpus_lint import usercache
from corpus_lint.lazyre import lazy_compile

SEED = 0
"""The seed of langdetect's random n-gram draws, reset before every detection."""

MIN_LETTERS = 50
"""Fewer letters of prose than this: too little text to judge (no language).

On lines of the benchmark articles cut after 50 letters, langdetect names the
right language for 99.5% of English and 98.1% of other chunks (``language_bench.py
--reliability``)."""
MIN_WORDS = 3
"""Fewer different words than this (one word, a name, a word repeated): no language."""
DOCUMENT_SAMPLE = 1000
"""Code points of a document that langdetect reads at most."""
MIN_SAMPLE_LINE = 25
"""Lines shorter than this join the sample only when the longer ones do not fill it."""

# A run of letters (no digits, no underscore).
_WORD = re.compile(r"[^\W\d_]+")
# A whitespace-delimited token holding code, a URL, a path or a number: not prose.
# (possessive and anchored at a token's start: linear time, the same tokens as
# r"\S*[\d_/\\=<>{}\[\]@#$%^&|~+]\S*")
_CODE_TOKEN = re.compile(r"(?<!\S)[^\s\d_/\\=<>{}\[\]@#$%^&|~+]*+[\d_/\\=<>{}\[\]@#$%^&|~+]\S*")
# Scripts written without spaces between words: every letter counts as a word.
_UNSPACED = lazy_compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff]")
# langdetect's cleaning_text: 'A'..'z' counts as Latin; U+0300 and above, outside
# Latin Extended Additional (U+1E00-U+1EFF), counts as non-Latin.
_LATIN_RANGE = re.compile("[A-z]")
_NON_LATIN = lazy_compile("[\u0300-\u1dff\u1f00-\U0010ffff]")
_NOT_LATIN_BYTES = bytes(b for b in range(256) if not 65 <= b <= 122)


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


_LATIN_LETTER = lazy_compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_OTHER_LETTER = lazy_compile(
    "(?![A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff])[^\\W\\d_]"
)


def script_of(text: str) -> str | None:
    """The script most of the letters of ``text`` are written in (ISO 15924 code).

    Japanese is ``Jpan`` (Kanji with Kana), Chinese ``Hani`` (no Kana).  ``None``
    when the text has no letter.
    """
    if text.isascii():
        return "Latn" if _WORD.search(text) else None
    data = text.encode("utf-8", "surrogatepass")
    if not _WORD.search(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")):
        # no letter beyond ASCII (curly quotes, dashes): Latin when it has a letter
        return "Latn" if data.translate(None, _NOT_ASCII_LETTER_BYTES) else None
    # each different character once: the patterns match single characters
    chars = Counter(text)
    distinct = "".join(chars)
    others = _OTHER_LETTER.findall(distinct)
    if not others:
        return "Latn" if _WORD.search(distinct) else None
    counts: dict[str, int] = {"Latn": sum(map(chars.__getitem__, _LATIN_LETTER.findall(distinct)))}
    for ch in others:
        script = _char_script(ch)
        counts[script] = counts.get(script, 0) + chars[ch]
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
    """(letters, different words) of the prose in ``text``.

    Tokens holding digits, ``_``, ``/``, ``=``, ``<`` and the like (code, URLs,
    numbers) do not count, nor do words in capitals (langdetect skips them).  In
    Chinese, Japanese or Thai every letter counts as a word.
    """
    return _count_letters(prose(text), text.isascii())


def _measure(cleaned: str, ascii_only: bool) -> tuple[int, bool]:
    """(letters, at least :data:`MIN_WORDS` different words): what :func:`_count_letters`
    says, on bytes and without a Python step per word when every letter is ASCII."""
    data = cleaned.encode("utf-8", "surrogatepass")
    if len(data) != len(cleaned):
        others = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
        if _WORD.search(others):  # a letter outside ASCII: count word by word
            letters, words = _count_letters(cleaned, ascii_only)
            return letters, words >= MIN_WORDS
    # every letter is ASCII: a run of letters is a word; minus the words in capitals
    letters = len(data.translate(None, _NOT_ASCII_LETTER_BYTES))
    capitals = _CAPITALS.findall(b" " + data.translate(_LETTER_SHAPES) + b" ")
    letters -= sum(map(len, capitals)) - len(capitals)
    if not letters:
        return 0, False
    different: set[bytes] = set()
    for match in _ASCII_WORD.finditer(data):
        word = match.group()
        if len(word) < 2 or not word.isupper():
            different.add(word.lower())
            if len(different) >= MIN_WORDS:
                return letters, True
    words = len(different)
    if not ascii_only:
        words += len(set(_UNSPACED.findall(cleaned)))
    return letters, words >= MIN_WORDS


_ASCII_BYTES = bytes(range(128))
_NOT_ASCII_LETTER_BYTES = bytes(
    b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha()
)
# Every byte as 'U' (upper-case letter), 'l' (lower-case letter) or ' '.
_LETTER_SHAPES = bytes(
    ord("U") if 65 <= b <= 90 else ord("l") if 97 <= b <= 122 else ord(" ") for b in range(256)
)
# Every byte that is not an ASCII letter as a space.
_ASCII_LETTERS_ONLY = bytes(b if 65 <= b <= 90 or 97 <= b <= 122 else 32 for b in range(256))
# ASCII letters in lower case, every other byte as a space.
_LOWER_ASCII_LETTERS_ONLY = bytes(
    b + 32 if 65 <= b <= 90 else b if 97 <= b <= 122 else 32 for b in range(256)
)
_CAPITALS = re.compile(rb" UU++(?= )")
_ASCII_WORD = re.compile(rb"[A-Za-z]+")


def _count_letters(cleaned: str, ascii_only: bool) -> tuple[int, int]:
    runs = _WORD.findall(cleaned)
    kept = [w for w in runs if w.isalpha() and (len(w) < 2 or not w.isupper())]
    letters = sum(map(len, kept))
    words = len({w.lower() for w in kept})
    if letters and not ascii_only:
        words += len(set(_UNSPACED.findall(cleaned)))
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
    # longest first; document order breaks ties (the sort is stable).  Lines shorter
    # than MIN_SAMPLE_LINE after a longer one only end the loop: sorted only when
    # there is no longer line.
    long_lines = compress(range(len(lines)), map(MIN_SAMPLE_LINE.__le__, lengths))
    order = sorted(long_lines, key=lengths.__getitem__, reverse=True)
    if not order:
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
    **{
        code: name
        for code, name in LANGUAGE_NAMES.items()
        if code not in ("ja", "pa", "so", "th", "zh")
    },
    "no": "Norwegian_Bokmal",
}
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
    """Word (two letters or more) -> the languages of ``script`` listing it.

    Kept in the user cache (:mod:`corpus_lint.usercache`) while the stop lists
    are unchanged: building it reads ~30 lists (~80 ms for Latin script).
    """
    codes = [c for c in sorted(_STOPLIST_NAMES) if LANGUAGE_SCRIPTS.get(c) == script]
    folder = _stoplist_folder()
    key: Any = None
    if folder is not None:
        try:
            files = [folder / f"{_STOPLIST_NAMES[c]}.txt" for c in codes]
            key = ("stopword-index", 1, script, usercache.file_stamps(files))
        except OSError:
            key = None
    name = f"stopword-index-{script}"
    cached = usercache.load(name, key) if key is not None else None
    if isinstance(cached, dict):
        return cached
    index: dict[str, list[str]] = {}
    for code in codes:
        for word in stopwords(code) or ():
            if len(word) >= 2:
                index.setdefault(word, []).append(code)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per set of languages
    built = {w: shared.setdefault(tuple(langs), tuple(langs)) for w, langs in index.items()}
    if key is not None:
        usercache.store(name, key, built)
    return built


def _tokens(text: str) -> list[str]:
    """The runs of letters of ``text``, in lower case."""
    low = text.lower()
    data = low.encode("utf-8", "surrogatepass")
    if len(data) != len(low):
        others = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
        if _WORD.search(others):
            return _WORD.findall(low)
    # every letter is ASCII: the rest becomes spaces (C loops, no regular expression)
    return data.translate(_ASCII_LETTERS_ONLY).decode("ascii").split()


@lru_cache(maxsize=4096)
def stopword_density(text: str, words: frozenset[str]) -> float:
    """The share of the words of ``text`` that are in ``words``.

    Cached: a paragraph repeated on every page of a site is read once."""
    return _stopword_density(text, words)


def _stopword_density(text: str, words: frozenset[str]) -> float:
    """:func:`stopword_density`, not cached."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) != len(text):
        others = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
        if _WORD.search(others):
            tokens = _WORD.findall(text.lower())
            if not tokens:
                return 0.0
            return sum(map(words.__contains__, tokens)) / len(tokens)
    # every letter is ASCII (lower() turns no other character into a letter): the
    # words in lower case are the runs of letters of one translation, as bytes
    found = data.translate(_LOWER_ASCII_LETTERS_ONLY).split()
    if not found:
        return 0.0
    return sum(map(_ascii_words(words).__contains__, found)) / len(found)


@cache
def _ascii_words(words: frozenset[str]) -> frozenset[bytes]:
    """The ASCII members of ``words``, as bytes."""
    return frozenset(w.encode("ascii") for w in words if w.isascii())


def foreign_stopwords(text: str, language: str, script: str) -> dict[str, float]:
    """For each language of ``script`` other than ``language``: the share of the
    words of ``text`` that are its stop words and not stop words of ``language``.

    Cached: a paragraph repeated on every page of a site is read once."""
    return dict(_foreign_stopwords(text, language, script))


@lru_cache(maxsize=2048)
def _foreign_stopwords(text: str, language: str, script: str) -> tuple[tuple[str, float], ...]:
    tokens = _tokens(text)
    if not tokens:
        return ()
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
    return tuple((code, n / len(tokens)) for code, n in counts.items())


# -- langdetect, deterministic and lazy -------------------------------------------------


class _Profiles:
    """langdetect's language profiles: n-gram ids and probability rows, on demand.

    Parsing langdetect's 55 JSON profiles takes ~0.2 s, so what they hold is kept
    in the user cache (:mod:`corpus_lint.usercache`; rebuilt when langdetect's
    files change).  n-grams are numbered in sorted order and stored by first
    character (one string per character, split into a dict the first time a
    text uses it); the probabilities are in compressed-row form: for n-gram id
    ``g``, entries ``indptr[g]:indptr[g + 1]`` of ``langs`` and ``values`` are the
    languages that know it and P(n-gram | language), computed exactly as
    langdetect's factory does (``1.0 * count / n_words[len(n-gram) - 1]``).
    """

    def __init__(self) -> None:
        folder = Path(str(resources.files("langdetect").joinpath("profiles")))
        files = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
        key = ("langdetect-profiles", 3, usercache.file_stamps(files))
        data = usercache.load("langdetect-profiles", key)
        if not (isinstance(data, tuple) and len(data) == 7):
            data = _build_profiles(files)
            usercache.store("langdetect-profiles", key, data)
        langlist, packed, indptr, langs, values, codes, ascii_grams = data
        self.langlist: list[str] = list(langlist)
        self._packed: dict[str, tuple[int, str]] = packed
        self._groups: dict[str, dict[str, int]] = {}
        self.indptr = array("i", indptr)
        self.langs: bytes = langs
        self.values = array("d", values)
        self.codes: bytes = codes
        """Each n-gram as an int64 (:func:`gram_code`), in id order (ascending)."""
        self.ascii_grams: bytes = ascii_grams
        """The n-grams of spaces and ASCII letters: int32 pairs (6-bit symbols packed
        first highest, see :data:`SYMBOLS`; id)."""
        self.rows: dict[int | None, list[float]] = {}

    def group(self, first: str) -> dict[str, int]:
        """The ids of the n-grams that start with the character ``first``."""
        found = self._groups.get(first)
        if found is None:
            base, joined = self._packed.get(first, (0, ""))
            grams = joined.split(_SEPARATOR) if joined else []
            ids = range(base, base + len(grams))
            found = self._groups[first] = dict(zip(grams, ids, strict=True))
        return found

    def gram_id(self, gram: str) -> int | None:
        """The id of an n-gram of the profiles, ``None`` for one they do not know."""
        return self.group(gram[0]).get(gram) if gram else None

    def row(self, word: str) -> list[float]:
        """P(word | language) for every language, as langdetect's factory computes it."""
        return self.cached_row(self.gram_id(word))

    def cached_row(self, gram: int | None) -> list[float]:
        """:meth:`id_row`, kept for the next call."""
        row = self.rows.get(gram)
        if row is None:
            row = self.rows[gram] = self.id_row(gram)
        return row

    def id_row(self, gram: int | None) -> list[float]:
        """The row of the n-gram with id ``gram`` (zeros for ``None``)."""
        row = [0.0] * len(self.langlist)
        if gram is not None:
            langs, values = self.langs, self.values
            for k in range(self.indptr[gram], self.indptr[gram + 1]):
                row[langs[k]] = values[k]
        return row


_SEPARATOR = "\x00"


def gram_code(gram: str) -> int:
    """An n-gram of 1 to 3 characters as one number: each code point plus one in 21
    bits, the first in the highest; absent characters are 0, so the numbers sort
    as the strings do."""
    code = 0
    for i, ch in enumerate(gram):
        code |= (ord(ch) + 1) << (42 - 21 * i)
    return code


SYMBOLS = " ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
"""The characters of n-grams looked up by table: the space is symbol 1, ``A`` 2..."""


def _build_profiles(
    files: list[Path],
) -> tuple[list[str], dict[str, tuple[int, str]], bytes, bytes, bytes, bytes, bytes]:
    """(languages, n-grams by first character, CSR arrays) from langdetect's JSON files."""
    langlist: list[str] = []
    entries: dict[str, list[tuple[int, float]]] = {}
    for i, path in enumerate(files):
        data = json.loads(path.read_text("utf-8"))
        langlist.append(data["name"])
        n_words = data["n_words"]
        for gram, count in data["freq"].items():
            if not 1 <= len(gram) <= 3 or _SEPARATOR in gram:
                continue  # never looked up (n-grams have 1 to 3 characters)
            known = entries.setdefault(gram, [])
            if count:
                known.append((i, 1.0 * count / n_words[len(gram) - 1]))
    grams = sorted(entries)
    indptr = array("i", [0])
    langs = bytearray()
    values = array("d")
    by_first: dict[str, list[str]] = {}
    packed: dict[str, tuple[int, str]] = {}
    for i, gram in enumerate(grams):
        if gram[0] not in by_first:
            packed[gram[0]] = (i, "")
        by_first.setdefault(gram[0], []).append(gram)
        for lang, value in entries[gram]:
            langs.append(lang)
            values.append(value)
        indptr.append(len(langs))
    for first, members in by_first.items():
        packed[first] = (packed[first][0], _SEPARATOR.join(members))
    codes = array("q", map(gram_code, grams)).tobytes()
    ascii_grams = array("i")
    for i, gram in enumerate(grams):
        if all(ch in SYMBOLS for ch in gram):
            key = 0
            for k, ch in enumerate(gram):
                key |= (SYMBOLS.index(ch) + 1) << (12 - 6 * k)
            ascii_grams.extend((key, i))
    return (
        langlist,
        packed,
        indptr.tobytes(),
        bytes(langs),
        values.tobytes(),
        codes,
        ascii_grams.tobytes(),
    )


class _RowMap:
    """The ``word_lang_prob_map`` langdetect's Detector expects, filled on demand."""

    def __init__(self, profiles: _Profiles) -> None:
        self.profiles = profiles

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.profiles.gram_id(word) is not None

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


def _word_grams(word: str, trailing: bool, profiles: _Profiles) -> list[int]:
    """The ids of langdetect's n-grams of one word (normalized, no spaces), in emission order.

    ``NGram.add_char`` keeps the last three characters, restarts after a space,
    and emits nothing while two capitals follow each other; ``trailing``: the word
    is followed by a space, which adds "x " and "yx ".  n-grams the profiles do
    not know are left out.
    """
    out: list[int] = []
    padded = " " + word + " " if trailing else " " + word
    group = profiles.group
    groups = [group(ch) for ch in padded]  # the n-grams starting at each position
    prev_upper = False
    for k in range(1, len(word) + 1):
        ch = padded[k]
        upper = ch.isupper()
        if not (upper and prev_upper):
            found = groups[k].get(ch)
            if found is not None:
                out.append(found)
            found = groups[k - 1].get(padded[k - 1 : k + 1])
            if found is not None:
                out.append(found)
            if k >= 2:
                found = groups[k - 2].get(padded[k - 2 : k + 1])
                if found is not None:
                    out.append(found)
        prev_upper = upper
    if trailing:
        n = len(padded)
        found = groups[n - 2].get(padded[n - 2 :])
        if found is not None:
            out.append(found)
        found = groups[n - 3].get(padded[n - 3 :])
        if found is not None:
            out.append(found)
    return out


class _Vectorized:
    """langdetect's trials with numpy: the same random draws, whole runs of updates at once.

    langdetect seeds ``random.Random(SEED)`` before every detection, so every
    detection reads the same Mersenne Twister stream; here it is generated once.
    A trial draws its smoothing from ``gauss`` (two ``random()`` calls, which
    also leave the next trial's value) and then n-gram indices with
    ``_randbelow`` (``getrandbits(k)``, redrawn when out of range); both are
    replayed from the stream, word for word: which words are accepted draws, and
    the matrix row each picks, is computed once per detection.  The Bayesian
    updates between two convergence checks (every fifth update) are then one
    ``cumprod`` over the drawn rows, and a trial stops at the first check
    langdetect would stop at.
    Probabilities agree with langdetect's to about 1e-15 (the products are
    associated differently); the top language and the rounded confidence are
    the same on every text of the tests.
    """

    CHUNK = 60
    """Updates computed at once (a trial usually converges within 60); a multiple of 5."""
    WINDOW = 1024
    """Words of the stream whose draws are computed up front (more when needed)."""
    FEW = 4
    """:meth:`trials_many`: this many detections still running or fewer go on one at a
    time (a round's numpy calls cost more than their work then)."""

    def __init__(self, profiles: _Profiles) -> None:
        import random

        import numpy as np

        self.np = np
        self.profiles = profiles
        self.n_lang = len(profiles.langlist)
        self.codes = np.frombuffer(profiles.codes, dtype=np.int64)
        self.indptr = np.frombuffer(profiles.indptr, dtype=np.int32).astype(np.int64)
        self.langs = np.frombuffer(profiles.langs, dtype=np.uint8).astype(np.intp)
        self.values = np.frombuffer(profiles.values, dtype=np.float64)
        self.local = np.full(len(self.codes), -1, dtype=np.int64)
        """n-gram id -> its row in :attr:`matrix` (-1: not there yet)."""
        self.matrix = np.zeros((4096, self.n_lang))
        self.n_rows = 0
        # the updates of a chunk of :meth:`trials`, in groups of five; the first chunk
        # of a trial has one more update (the check after update 0), a group of its
        # own: four rows of ones before it (multiplying by 1.0 is exact)
        self.buffer = np.ones((self.CHUNK + 5, self.n_lang))
        self.views = (
            self.buffer[4:],
            self.buffer.reshape(-1, 5, self.n_lang),
            self.buffer[5:],
            self.buffer[5:].reshape(-1, 5, self.n_lang),
        )
        from langdetect.utils.ngram import NGram

        self.normalize = NGram.normalize
        # spaces and ASCII letters as 6-bit symbols (1-53), other capitals 62, other
        # characters 63; 0: not known yet
        self.ascii_symbols = [1] * 128
        for i, ch in enumerate(SYMBOLS):
            self.ascii_symbols[ord(ch)] = i + 1
        # every character's symbol and its normalized code point, once normalized (the
        # tables are allocated, not touched: a page of memory is used the first time
        # one of its characters is seen)
        self.symbol = np.zeros(0x110000, dtype=np.int32)
        self.norm = np.zeros(0x110000, dtype=np.int32)
        self._enter_new(np.arange(128, dtype=np.uint32))
        # the id of every n-gram of the profiles made of spaces and ASCII letters
        pairs = np.frombuffer(profiles.ascii_grams, dtype=np.int32).reshape(-1, 2)
        self.ascii_ids = np.full(1 << 18, -1, dtype=np.int32)
        self.ascii_ids[pairs[:, 0]] = pairs[:, 1]
        self.emitted = self._emitted()
        # the seeded Mersenne Twister's 32-bit words: getrandbits(32 * n) holds the
        # next n words, the first in the lowest bits (checked against getrandbits(32))
        self.generator = random.Random(SEED)
        self.stream = self._more_words(1 << 14)
        self._gauss_cos = np.zeros(0)
        self._gauss_sin = np.zeros(0)
        check = random.Random(SEED)
        if self.stream[:8].tolist() != [check.getrandbits(32) for _ in range(8)]:
            raise ImportError("unexpected layout of random.getrandbits")  # pure-Python engine

    def _emitted(self) -> Any:
        """For every 3-gram key of :attr:`ascii_ids` (three 6-bit symbols): the ids of
        the 1-, 2- and 3-gram emitted where its last character stands (see
        :meth:`gram_ids`); -1: none; -2: one of another character (62, a capital,
        or 63), looked up by its code."""
        np = self.np
        pair = np.arange(1 << 12, dtype=np.int32)  # the last two symbols
        middle, last = pair >> 6, pair & 63
        middle_other, last_other = middle >= 62, last >= 62
        space = last == 1
        word = ((last >= 2) & (last <= 53)) | last_other  # the last one is a letter
        after_word = ((middle >= 2) & (middle <= 53)) | middle_other
        last_capital = ((last >= 2) & (last <= 27)) | (last == 62)
        capitals = last_capital & (((middle >= 2) & (middle <= 27)) | (middle == 62))
        emit = word & ~capitals
        ids = self.ascii_ids
        table = np.empty((64, 1 << 12, 3), dtype=np.int32)  # first symbol, last two
        table[:, :, 0] = np.where(emit, np.where(last_other, -2, ids[last << 12]), -1)
        table[:, :, 1] = np.where(
            emit | (space & after_word), np.where(middle_other | last_other, -2, ids[pair << 6]), -1
        )
        first_other = (np.arange(64) >= 62)[:, None]
        table[:, :, 2] = np.where(
            after_word & (emit | space),
            np.where(first_other | middle_other | last_other, -2, ids.reshape(64, 1 << 12)),
            -1,
        )
        return table.reshape(-1, 3)

    def gram_ids(self, text: str) -> Any:
        """The ids of langdetect's n-grams of a text, in emission order (``NGram``:
        every character normalized, as :func:`_word_grams` but for every word at
        once); n-grams the profiles do not know are left out.

        With ``s`` the normalized characters of the text after a space: a letter at
        ``j`` emits ``s[j]``, ``s[j-1:j+1]`` and, inside a word, ``s[j-2:j+1]``,
        unless it and the one before are capitals; the space after a word emits
        ``s[j-1:j+1]`` and ``s[j-2:j+1]``.  Each character is a 6-bit symbol (a
        space, an ASCII letter, another capital, another character): what a
        position emits is looked up in a table of all 2**18 3-gram keys
        (:meth:`_emitted`).  An n-gram of spaces and ASCII letters gets its id from
        there; another by its :func:`gram_code`, in the profiles' sorted codes.
        """
        np = self.np
        padded = "  " + text  # two spaces: every position has a 3-gram key
        raw = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        s = self.symbol[raw]
        if not padded.isascii() and not s.all():  # 0: a character seen for the first time
            self._enter_new(raw)
            s = self.symbol[raw]
        key = s[:-2] << 12
        key |= s[1:-1] << 6
        key |= s[2:]
        ids = self.emitted.take(key, axis=0).ravel()
        if not padded.isascii():
            others = (ids == -2).nonzero()[0]
            if len(others):
                # the n-gram ends at padded[end] and has 1 + extra characters
                end = others // 3 + 2
                extra = others % 3
                points = self.norm[raw].astype(np.int64) + 1
                codes = points[end] << 42 - 21 * extra
                codes |= np.where(extra >= 1, points[end - 1] << 63 - 21 * extra, 0)
                codes |= np.where(extra == 2, points[end - 2] << 42, 0)
                found = self.codes.searchsorted(codes)
                found[found == len(self.codes)] = 0
                ids[others] = np.where(self.codes[found] == codes, found, -1)
        return ids[ids >= 0]

    def _enter_new(self, raw: Any) -> None:
        """Enter the characters of ``raw`` seen for the first time in the tables
        (:attr:`symbol`, :attr:`norm`), normalized by ``NGram.normalize``."""
        new = self.symbol[raw] == 0
        if new.any():
            for point in sorted(set(raw[new].tolist())):
                norm = self.normalize(chr(point))
                code = ord(norm)
                self.norm[point] = code
                if code < 128:
                    self.symbol[point] = self.ascii_symbols[code]
                else:  # 62: a capital, 63: another character
                    self.symbol[point] = 62 if norm.isupper() else 63

    def rows(self, text: str) -> Any:
        """The matrix rows of the n-grams of a normalized text (rows filled on first use)."""
        np = self.np
        ids = self.gram_ids(text)
        rows = self.local[ids]
        missing = rows < 0
        if missing.any():
            new = np.sort(ids[missing])  # distinct (np.unique would import numpy.ma)
            self._add_rows(new[np.concatenate(([True], new[1:] != new[:-1]))])
            rows = self.local[ids]
        return rows

    def _add_rows(self, ids: Any) -> None:
        """Copy the probability rows of these n-grams (distinct) into the matrix."""
        np = self.np
        start = self.n_rows
        stop = start + len(ids)
        if stop > len(self.matrix):
            grown = np.zeros((max(2 * len(self.matrix), stop), self.n_lang))
            grown[:start] = self.matrix[:start]
            self.matrix = grown
        lo = self.indptr[ids]
        counts = self.indptr[ids + 1] - lo
        owner = np.repeat(np.arange(start, stop), counts)
        first = np.cumsum(counts) - counts  # where each n-gram's entries start in the output
        entries = np.arange(int(counts.sum())) + np.repeat(lo - first, counts)
        self.matrix[owner, self.langs[entries]] = self.values[entries]
        self.local[ids] = np.arange(start, stop)
        self.n_rows = stop

    def _more_words(self, n: int) -> Any:
        """The next ``n`` 32-bit words of the generator."""
        data = self.generator.getrandbits(32 * n).to_bytes(4 * n, "little")
        return self.np.frombuffer(data, dtype="<u4").astype(self.np.int64)

    def words(self, stop: int) -> Any:
        """The first ``stop`` 32-bit words of the seeded stream."""
        while len(self.stream) < stop:
            self.stream = self.np.concatenate([self.stream, self._more_words(len(self.stream))])
        return self.stream

    def draws(self, row_ids: Any, shift: int, stop: int) -> tuple[list[int], Any]:
        """The n-gram draws among the first ``stop`` words of the stream: the
        position of each accepted word (``getrandbits(k)`` below ``n``) and the
        matrix row it picks."""
        candidates = self.words(stop)[:stop] >> shift
        accepted = (candidates < len(row_ids)).nonzero()[0]
        return accepted.tolist(), row_ids[candidates[accepted]]

    def trials(self, detector: Any, row_ids: Any) -> list[float]:
        """langdetect's ``langprob`` for the n-grams at these matrix rows (an int64 array)."""
        np = self.np
        n_trial: int = detector.n_trial
        shift = 32 - len(row_ids).bit_length()
        # every draw of the detection comes from the first words of the stream:
        # which words are accepted and what they pick is computed once
        positions, picks = self.draws(row_ids, shift, self.WINDOW)
        ends = np.empty((n_trial, self.n_lang))  # each trial's last (unnormalized) probabilities
        totals = np.empty(n_trial)  # ... and their sums
        self.run_trials(detector, row_ids, (positions, picks, self.WINDOW), ends, totals)
        ends /= totals[:, None]  # each trial's probabilities
        # langdetect adds each trial's share in turn: a reduction over the first axis
        # adds the rows in order, as it does
        ends /= n_trial
        result: list[float] = np.add.reduce(ends, axis=0).tolist()
        return result

    def run_trials(
        self,
        detector: Any,
        row_ids: Any,
        draws: tuple[list[int], Any, int],
        ends: Any,
        totals: Any,
        trial: int = 0,
        pos: int = 0,
        gauss_next: float | None = None,
        resume: tuple[int, int, int, Any, float] | None = None,
    ) -> None:
        """The trials of a detection from ``trial`` on, each one's last products and
        their sum into ``ends`` and ``totals``.  ``draws``: :meth:`draws` and its
        window; ``pos``: the next word of the stream (the trial starts there), or
        ``resume``: (first, done, head, prob, weight) of the trial under way."""
        np = self.np
        n = len(row_ids)
        n_lang = self.n_lang
        shift = 32 - n.bit_length()
        limit: int = detector.ITERATION_LIMIT
        threshold: float = detector.CONV_THRESHOLD
        n_trial: int = detector.n_trial
        take = self.matrix.take
        head_factors, head_groups, tail_factors, tail_groups = self.views
        reduce_products = np.multiply.reduce
        accumulate = np.multiply.accumulate
        reduce_sums = np.add.reduce
        reduce_max = np.maximum.reduce
        start = np.array(detector._init_probability())
        stream = self.words(4 * n_trial)
        positions, picks, window = draws
        base_alpha: float = detector.alpha
        width: float = detector.ALPHA_WIDTH
        base_freq: float = detector.BASE_FREQ
        chunk = self.CHUNK
        for t in range(trial, n_trial):
            if resume is None:
                z = gauss_next
                gauss_next = None
                if z is None:  # random.gauss: two random() of two words each
                    a, b, c, d = stream[pos : pos + 4].tolist()
                    pos += 4
                    x2pi = ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0) * _TWOPI
                    u = ((c >> 5) * 67108864.0 + (d >> 6)) * (1.0 / 9007199254740992.0)
                    g2rad = _sqrt(-2.0 * _log(1.0 - u))
                    z = _cos(x2pi) * g2rad
                    gauss_next = _sin(x2pi) * g2rad
                alpha = base_alpha + (0.0 + z * 1.0) * width
                weight = alpha / base_freq
                prob = start
                done = 0  # updates made; checks follow updates 0, 5, 10, ...
                first = bisect_left(positions, pos)  # the trial's first draw
                head = 1
            else:
                first, done, head, prob, weight = resume
                resume = None
            while True:
                size = min(chunk + head, limit + 1 - done)
                while first + size > len(positions):
                    window *= 2
                    positions, picks = self.draws(row_ids, shift, window)
                    stream = self.stream
                # the product of the updates up to each check: the first chunk checks
                # after updates 0, 5, 10, ...; a later one (it starts after a check)
                # after every fifth update
                # (the ufuncs' own methods: the ndarray methods add a Python-level call)
                if size == chunk + head:
                    factors = head_factors if head else tail_factors
                    groups = head_groups if head else tail_groups
                else:  # the last chunk before the iteration limit
                    factors = self.buffer[5 - head : 5 - head + size]
                    groups = self.buffer[5 - 5 * head : 5 + size - head].reshape(-1, 5, n_lang)
                take(picks[first : first + size], 0, factors, "clip")
                factors += weight
                products = reduce_products(groups, 1)
                accumulate(products, 0, None, products)
                products *= prob
                # converged: the largest normalized value is the largest over the sum
                sums: list[float] = reduce_sums(products, 1).tolist()
                c = 0
                for top in reduce_max(products, 1).tolist():
                    if top / sums[c] > threshold:
                        break
                    c += 1
                else:
                    if done + size <= limit:
                        first += size
                        done += size
                        prob = products[-1] / sums[-1]
                        head = 0
                        continue
                    c -= 1  # the iteration limit: the last check
                used = 5 * c + 1 if head else 5 * (c + 1)
                pos = positions[first + used - 1] + 1
                ends[t] = products[c]
                totals[t] = sums[c]
                break

    # -- many detections at once (the same numbers, bit for bit) -------------------------

    def gram_ids_many(self, texts: Sequence[str]) -> tuple[Any, list[int]]:
        """:meth:`gram_ids` of each text, concatenated, and how many each has: one pass
        over the texts joined, each after two spaces (as :meth:`gram_ids` pads one)."""
        np = self.np
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        joined = "".join(["  " + t for t in texts])
        ascii_only = joined.isascii()
        raw = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        s = self.symbol.take(raw)
        if not ascii_only and not s.all():
            self._enter_new(raw)
            s = self.symbol.take(raw)
        key = s[:-2] << 12
        key |= s[1:-1] << 6
        key |= s[2:]
        ids = self.emitted.take(key, axis=0)
        # the keys of a text are the len(text) positions after its two spaces; the two
        # ending at the next text's spaces belong to no text
        ends = np.cumsum(lengths + 2) - 2
        gaps = ends[:-1]
        ids[gaps] = -1
        ids[gaps + 1] = -1
        ids = ids.ravel()
        if not ascii_only:
            others = (ids == -2).nonzero()[0]
            if len(others):  # as in gram_ids(), with the code points of these n-grams only
                end = others // 3 + 2
                extra = others % 3
                norm = self.norm
                codes = (norm.take(raw.take(end)).astype(np.int64) + 1) << 42 - 21 * extra
                before = norm.take(raw.take(end - 1)).astype(np.int64) + 1
                codes |= np.where(extra >= 1, before << 63 - 21 * extra, 0)
                before = norm.take(raw.take(end - 2)).astype(np.int64) + 1
                codes |= np.where(extra == 2, before << 42, 0)
                found = self.codes.searchsorted(codes)
                found[found == len(self.codes)] = 0
                ids[others] = np.where(self.codes.take(found) == codes, found, -1)
        kept = (ids >= 0).nonzero()[0]
        # the n-grams of text i are the kept ones before 3 * ends[i], after those of i - 1
        counts: list[int] = np.diff(kept.searchsorted(3 * ends), prepend=0).tolist()
        return ids.take(kept), counts

    def rows_of(self, ids: Any) -> Any:
        """The matrix rows of these n-grams (filled on first use), as :meth:`rows`."""
        np = self.np
        rows = self.local.take(ids)
        missing = rows < 0
        if missing.any():
            new = np.sort(ids[missing])
            self._add_rows(new[np.concatenate(([True], new[1:] != new[:-1]))])
            rows = self.local.take(ids)
        return rows

    def trials_many(self, detector: Any, ids: Any, counts: list[int]) -> list[list[float]]:
        """:meth:`trials` for several detections (``ids``: their n-grams, concatenated;
        ``counts``: how many each has, none empty), side by side: each numpy call
        works on every detection that is still running.  Only the n-grams drawn get
        a matrix row.

        Each detection's arithmetic is :meth:`trials`' (the same products in the same
        order, each sum over the same 55 contiguous values): every chunk is laid out
        as a first chunk, a later one with a group of ones first (its product, 1.0,
        multiplies exactly), a check that is skipped.  Arrays are (update or group,
        detection, language).
        """
        np = self.np
        n_det = len(counts)
        n_lang = self.n_lang
        limit: int = detector.ITERATION_LIMIT
        threshold: float = detector.CONV_THRESHOLD
        n_trial: int = detector.n_trial
        base_alpha: float = detector.alpha
        width: float = detector.ALPHA_WIDTH
        base_freq: float = detector.BASE_FREQ
        start = np.array(detector._init_probability())
        chunk = self.CHUNK
        slots = chunk + 1  # the updates of a first chunk (buffer rows 4.. of trials())
        groups = slots // 5 + 1
        sizes = np.array(counts, dtype=np.int64)
        offsets = np.cumsum(sizes) - sizes
        shifts = 32 - np.array([n.bit_length() for n in counts], dtype=np.int64)
        windows = np.full(n_det, self.WINDOW, dtype=np.int64)
        # the draws of every detection, one segment each (a detection that needs more
        # gets a new, longer segment at the end); keys: segment << 32 | position; the
        # picks run on past the end (a chunk's slots after the draws are never used)
        positions, picks, owner, bounds = self._draws_many(ids, offsets, sizes, shifts, windows)
        padding = np.zeros(slots, dtype=np.int64)
        # (keys are padded with the largest key of the last segment: still sorted)
        keys = np.concatenate(((owner << 32) | positions, padding + ((n_det << 32) - 1)))
        positions = np.concatenate((positions, padding))
        picks = np.concatenate((picks, padding))
        segment = np.arange(n_det, dtype=np.int64)
        n_segments = n_det
        ends = np.empty((n_det, n_trial, n_lang))  # each trial's last products
        totals = np.empty((n_det, n_trial))  # ... and their sums
        gauss_next = np.zeros(n_det)  # by detection: random.gauss's next value
        has_next = np.zeros(n_det, dtype=bool)  # ... when there is one
        # the running detections (compact: one entry each, in detection order)
        det = np.arange(n_det, dtype=np.int64)
        first = np.zeros(n_det, dtype=np.int64)  # index in picks of the next draw
        begin = bounds[:-1].copy()  # index in picks of the first draw
        have = bounds[1:].copy()  # ... after the last one
        head = np.ones(n_det, dtype=np.int64)  # 1: the trial's first chunk
        done = np.zeros(n_det, dtype=np.int64)  # updates made in the trial
        weight = np.zeros((n_det, n_lang))  # each row the trial's weight (a longer inner loop)
        prob = np.empty((n_det, n_lang))
        trial = np.zeros(n_det, dtype=np.int64)
        arange_slots = np.arange(slots, dtype=np.int64)[:, None]
        arange_groups = np.arange(groups, dtype=np.int64)[:, None]
        factors = np.empty(n_det * slots * n_lang)
        # Whether a check converged, without the largest of each row: the share of one
        # language over the sum is a lower bound of the largest share (division is
        # monotonic).  Above the threshold: converged.  At least ``margin`` but not
        # above it: no other language can hold more than 1 - margin < threshold of the
        # sum, so not converged.  Below ``margin``: the largest share, as trials() does.
        quick = 0.5 < threshold < 0.999999
        margin = 2.0 * (1.0 - threshold)
        row_starts = np.arange(n_det, dtype=np.int64) * n_lang
        products = np.empty(n_det * groups * n_lang)
        take = self.matrix.take
        multiply = np.multiply
        reduce_products = multiply.reduce
        reduce_sums = np.add.reduce
        reduce_max = np.maximum.reduce

        def start_trials(at: Any, which: Any) -> None:
            """Start the next trial of the running detections ``which``, at these
            words of the stream (random.gauss as in run_trials(), from tables)."""
            dets = det[which]
            ready = has_next[dets]  # the gauss value left by the last trial
            cos_at, sin_at = self.gauss_tables(int(at.max()) + 1)
            z = np.where(ready, gauss_next[dets], cos_at.take(at))
            gauss_next[dets] = sin_at.take(at)
            has_next[dets] = ~ready
            at = np.where(ready, at, at + 4)
            alpha = z * 1.0
            alpha = 0.0 + alpha
            alpha *= width
            alpha = base_alpha + alpha
            alpha /= base_freq
            weight[which] = alpha[:, None]
            prob[which] = start
            done[which] = 0
            head[which] = 1
            first[which] = keys.searchsorted((segment[dets] << 32) | at)

        start_trials(np.zeros(n_det, dtype=np.int64), slice(None))
        while len(det):
            n_act = len(det)
            if n_act <= self.FEW:  # the last few go on one at a time
                for k, d in enumerate(det.tolist()):
                    lo, hi = int(begin[k]), int(have[k])
                    self.run_trials(
                        detector,
                        self.rows_of(ids[offsets[d] : offsets[d] + sizes[d]]),
                        (positions[lo:hi].tolist(), picks[lo:hi], int(windows[d])),
                        ends[d],
                        totals[d],
                        int(trial[k]),
                        gauss_next=float(gauss_next[d]) if has_next[d] else None,
                        resume=(
                            int(first[k]) - lo,
                            int(done[k]),
                            int(head[k]),
                            prob[k].copy(),
                            float(weight[k, 0]),
                        ),
                    )
                break
            size = head + chunk
            near_limit = int(done.max()) + slots > limit
            if near_limit:
                np.minimum(size, limit + 1 - done, out=size)
            short = first + size > have
            if short.any():  # more draws for these detections: each window doubled
                which = short.nonzero()[0]
                dets = det[which]
                windows[dets] *= 2
                more = self._draws_many(
                    ids, offsets[dets], sizes[dets], shifts[dets], windows[dets]
                )
                base = len(picks)
                positions = np.concatenate((positions, more[0], padding))
                picks = np.concatenate((picks, more[1], padding))
                segment[dets] = np.arange(n_segments, n_segments + len(dets))
                n_segments += len(dets)
                keys = np.concatenate(
                    (
                        keys,
                        ((more[2] + n_segments - len(dets)) << 32) | more[0],
                        padding + ((n_segments << 32) - 1),
                    )
                )
                local = first[which] - begin[which]
                begin[which] = base + more[3][:-1]
                have[which] = base + more[3][1:]
                first[which] = begin[which] + local
                continue
            f = factors[: slots * n_act * n_lang].reshape(slots, n_act, n_lang)
            take(picks[(first + head - 1) + arange_slots], 0, f, "clip")
            f += weight
            p = products[: groups * n_act * n_lang].reshape(groups, n_act, n_lang)
            reduce_products(f[1:].reshape(groups - 1, 5, n_act, n_lang), 1, None, p[1:])
            p[0] = f[0]
            later = head == 0
            np.copyto(p[0], 1.0, where=later[:, None])
            for k in range(1, groups):  # multiply.accumulate(p, 0), one group at a time
                multiply(p[k], p[k - 1], out=p[k])
            p *= prob
            sums = reduce_sums(p, 2)
            if quick:  # the share of the language leading at the chunk's end
                lead = p[-1].argmax(1)
                lead += row_starts[:n_act]
                top = p.reshape(groups, n_act * n_lang).take(lead, 1)
                top /= sums
                unsure = top < margin
                if unsure.any():  # (rare) the share of the largest value
                    g, a = unsure.nonzero()
                    top[g, a] = reduce_max(p[g, a], 1) / sums[g, a]
            else:
                top = reduce_max(p, 2)
                top /= sums
            converged = top > threshold
            converged[0] &= ~later
            if near_limit:
                last = (size - head) // 5  # the chunk's last check
                converged &= arange_groups <= last
                hit = converged.any(0)
                stopped = hit | (done + size > limit)
            else:
                stopped = hit = converged.any(0)
            stop = stopped.nonzero()[0]
            if len(stop):
                c = converged[:, stop].argmax(0)
                if near_limit:
                    c = np.where(hit[stop], c, last[stop])
                dets = det[stop]
                t = trial[stop]
                ends[dets, t] = p[c, stop]
                totals[dets, t] = sums[c, stop]
                # the next trial starts after the last draw used
                at = positions[first[stop] + 5 * c + head[stop] - 1] + 1
            if len(stop) < n_act:
                np.divide(p[-1], sums[-1][:, None], out=prob)
                first += size
                done += size
                head.fill(0)
            if len(stop):
                t += 1
                trial[stop] = t
                going = t < n_trial
                if going.all():
                    start_trials(at, stop)
                else:
                    if going.any():
                        start_trials(at[going], stop[going])
                    keep = (trial < n_trial).nonzero()[0]
                    det, first, begin, have = det[keep], first[keep], begin[keep], have[keep]
                    head, done, trial = head[keep], done[keep], trial[keep]
                    weight, prob = weight[keep], prob[keep]
        ends /= totals[:, :, None]
        ends /= n_trial
        result: list[list[float]] = np.add.reduce(ends, axis=1).tolist()
        return result

    def _draws_many(
        self, ids: Any, offsets: Any, sizes: Any, shifts: Any, windows: Any
    ) -> tuple[Any, Any, Any, Any]:
        """:meth:`draws` of several detections (their n-grams at ``offsets`` in ``ids``),
        concatenated: the positions of the accepted words, the matrix rows they pick,
        whose they are (0, 1, ... in the order given) and where each one's begin (and
        end)."""
        np = self.np
        n_det = len(sizes)
        owner = np.repeat(np.arange(n_det, dtype=np.int64), windows)
        word = np.arange(len(owner), dtype=np.int64)
        word -= np.repeat(np.cumsum(windows) - windows, windows)
        candidates = self.words(int(windows.max())).take(word) >> shifts.take(owner)
        accepted = (candidates < sizes.take(owner)).nonzero()[0]
        owner = owner.take(accepted)
        picks = self.rows_of(ids.take(offsets.take(owner) + candidates.take(accepted)))
        bounds = owner.searchsorted(np.arange(n_det + 1))
        return word.take(accepted), picks, owner, bounds

    def gauss_tables(self, stop: int) -> tuple[Any, Any]:
        """The two values of random.gauss (cos, sin) from the four words of the stream
        at each position below ``stop`` (at least), computed as run_trials() does."""
        np = self.np
        known = len(self._gauss_cos)
        if known < stop:
            stop = max(stop, 2 * known, 1024)
            words = self.words(stop + 4)[: stop + 4].tolist()
            cos_values = []
            sin_values = []
            for pos in range(known, stop):
                a, b, c, d = words[pos : pos + 4]
                x2pi = ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0) * _TWOPI
                u = ((c >> 5) * 67108864.0 + (d >> 6)) * (1.0 / 9007199254740992.0)
                g2rad = _sqrt(-2.0 * _log(1.0 - u))
                cos_values.append(_cos(x2pi) * g2rad)
                sin_values.append(_sin(x2pi) * g2rad)
            self._gauss_cos = np.concatenate((self._gauss_cos, cos_values))
            self._gauss_sin = np.concatenate((self._gauss_sin, sin_values))
        return self._gauss_cos, self._gauss_sin


_VECTORIZED: _Vectorized | bool | None = None


def _vectorized() -> _Vectorized | None:
    """The numpy engine, or ``None`` without numpy (the exact pure-Python loop runs)."""
    global _VECTORIZED
    if _VECTORIZED is None:
        try:
            _VECTORIZED = _Vectorized(_profiles())
        except ImportError:
            _VECTORIZED = False
    return _VECTORIZED if isinstance(_VECTORIZED, _Vectorized) else None


def _detector_class() -> Any:
    """A langdetect ``Detector`` with the same results and faster inner loops."""
    global _DETECTOR_CLASS
    if _DETECTOR_CLASS is not None:
        return _DETECTOR_CLASS
    import random

    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
    from langdetect.utils.ngram import NGram

    class Normalized(dict[int, str]):
        """``str.translate`` table of ``NGram.normalize``, filled as characters come."""

        def __missing__(self, point: int) -> str:
            norm: str = NGram.normalize(chr(point))
            self[point] = norm
            return norm

    table = Normalized()
    word_grams: dict[tuple[str, bool], list[int]] = {}
    token_grams: dict[str, list[int]] = {}

    def words_of(token: str, trailing: bool) -> list[tuple[str, bool]]:
        """The normalized words of a space-delimited token of the text, each with
        whether a space follows it (``trailing``: one follows the token).
        ``NGram.normalize`` turns punctuation into spaces, so a token may hold
        several words (or none)."""
        words = token.translate(table).split(" ")
        last = len(words) - 1
        return [(word, trailing or i != last) for i, word in enumerate(words) if word]

    def grams_of(token: str, trailing: bool) -> list[int]:
        """The n-gram ids of a token (see :func:`words_of`)."""
        if len(word_grams) > _WORD_GRAMS_LIMIT:
            word_grams.clear()
        profiles = _profiles()
        result: list[int] = []
        for key in words_of(token, trailing):
            grams = word_grams.get(key)
            if grams is None:
                grams = word_grams[key] = _word_grams(key[0], key[1], profiles)
            result += grams
        return result

    marks = NGram.DMARK_CLASS  # the diacritics normalize_vi folds into a letter
    shared_random = random.Random()

    class SeededDetector(Detector):  # type: ignore[misc]
        exact = False
        """True: langdetect's own loop in pure Python, bit for bit (slower)."""

        def __init__(self, factory: Any) -> None:
            # langdetect's, but its random generator (seeded before every use) is
            # shared: a new one seeds itself from the OS first
            self.word_lang_prob_map = factory.word_lang_prob_map
            self.langlist = factory.langlist
            self.seed = factory.seed
            self.random = shared_random
            self.text: str = ""
            self.langprob: list[float] | None = None
            self.alpha = self.ALPHA_DEFAULT
            self.n_trial = 7
            self.max_text_length = 10000
            self.prior_map = None
            self.verbose = False

        def append(self, text: str) -> None:
            # langdetect's loop: drop URLs and e-mails, fold Vietnamese, cut at
            # max_text_length, collapse runs of spaces.
            # (each step skipped when it cannot change the text)
            if "http" in text:
                text = self.URL_RE.sub(" ", text)
            if "@" in text:
                text = self.MAIL_RE.sub(" ", text)
            if not text.isascii() and any(mark in text for mark in marks):
                text = NGram.normalize_vi(text)
            text = text[: self.max_text_length]
            while "  " in text:  # each pass halves every run of spaces
                text = text.replace("  ", " ")
            self.text = self.text + text

        def cleaning_text(self) -> None:
            # langdetect's: drop Latin letters from a text mostly in another script
            text: str = self.text
            if text.isascii():
                return
            # 'A'..'z' are the UTF-8 bytes 65..122; other characters never encode to them
            latin = len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_LATIN_BYTES))
            if 3 * latin >= len(text):
                return  # the non-Latin characters cannot outnumber twice the Latin ones
            non_latin = len(_NON_LATIN.findall(text))
            if non_latin and latin * 2 < non_latin:
                self.text = _LATIN_RANGE.sub("", text)

        def _extract_ngrams(self) -> list[int]:
            # NGram.normalize for every character (a translate table), then the
            # n-grams of each space-delimited word; cached by token (tokens repeat)
            if len(token_grams) > _WORD_GRAMS_LIMIT:
                token_grams.clear()
            tokens = self.text.split(" ")
            last = tokens.pop()
            result: list[int] = []
            for token in tokens:
                grams = token_grams.get(token)
                if grams is None:
                    grams = token_grams[token] = grams_of(token, True)
                result += grams
            result += grams_of(last, False)
            return result

        def _extract_rows(self, engine: _Vectorized) -> Any:
            """The same n-grams as rows of the numpy engine's matrix (an int64 array)."""
            return engine.rows(self.text)

        def normalized(self) -> str:
            """The text with ``NGram.normalize`` applied to every character."""
            text: str = self.text
            return text.translate(table)

        def _detect_block(self) -> None:
            self.cleaning_text()
            engine = None
            if not self.exact and self.ITERATION_LIMIT % 5 == 0:
                engine = _vectorized()
            if engine is not None:
                rows = self._extract_rows(engine)
                if not len(rows):
                    raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
                self.langprob = engine.trials(self, rows)
                return
            # langdetect's trials, with the same random draws and arithmetic.
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            row = _profiles().cached_row
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


def make_detector(exact: bool = False) -> Any:
    """A fresh, seeded langdetect ``Detector``: ``append`` text, then ``get_probabilities``.

    ``exact``: run langdetect's own update loop (bit-for-bit langdetect's numbers)
    instead of the numpy engine (the same to about 1e-15, several times faster).
    """
    global _FACTORY
    if _FACTORY is None:
        _FACTORY = _Factory(_profiles())
    detector = _detector_class()(_FACTORY)
    detector.exact = exact
    return detector


def probabilities(text: str, exact: bool = False) -> list[tuple[str, float]]:
    """langdetect's (language, probability) list for ``text``, best first (may be empty)."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = make_detector(exact)
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return []
    return [(x.lang, float(x.prob)) for x in found]


MANY = 256
""":func:`probabilities_many` runs at most this many detections side by side (its
arrays grow with their number: about 34 KB each)."""


def probabilities_many(texts: Sequence[str]) -> list[list[tuple[str, float]]]:
    """:func:`probabilities` of each text (numpy engine), the detections side by side
    (:meth:`_Vectorized.trials_many`): the same numbers, bit for bit."""
    engine = _vectorized()
    if engine is None or _detector_class().ITERATION_LIMIT % 5:
        return [probabilities(text) for text in texts]
    if len(texts) > MANY:
        return [
            found
            for i in range(0, len(texts), MANY)
            for found in probabilities_many(texts[i : i + MANY])
        ]
    detectors = [make_detector() for _ in texts]
    for detector, text in zip(detectors, texts, strict=True):
        detector.append(text)
        detector.cleaning_text()
    ids, counts = engine.gram_ids_many([d.text for d in detectors])
    judged = [d for d, n in zip(detectors, counts, strict=True) if n]
    if judged:
        found = engine.trials_many(judged[0], ids, [n for n in counts if n])
        for detector, langprob in zip(judged, found, strict=True):
            detector.langprob = langprob
    # no n-gram: langdetect raises "No features in text", probabilities() gives []
    return [
        [(x.lang, float(x.prob)) for x in d.get_probabilities()] if n else []
        for d, n in zip(detectors, counts, strict=True)
    ]


@lru_cache(maxsize=8192)
def detect(text: str, min_letters: int = MIN_LETTERS) -> Guess:
    """The language of the prose in ``text``; no language when it has too few letters.

    Tokens that are code, URLs or numbers are dropped before langdetect reads the
    text.  Cached: a paragraph repeated on every page of a site costs one call.
    """
    cleaned = prose(text)
    letters, enough_words = _measure(cleaned, text.isascii())
    if letters < min_letters or not enough_words:
        return Guess(None, None, letters)
    return _guess(probabilities(cleaned), letters)


def _guess(found: list[tuple[str, float]], letters: int) -> Guess:
    """:func:`detect`'s answer from langdetect's list."""
    if not found:
        return Guess(None, None, letters)
    ranking: dict[str, float] = {}
    for lang, prob in found:
        code = base_code(lang)
        ranking[code] = ranking.get(code, 0.0) + prob
    ordered = tuple(sorted(ranking.items(), key=lambda x: (-x[1], x[0])))
    lang, prob = ordered[0]
    return Guess(lang, round(prob, 4), letters, ordered)


_GUESSES: dict[tuple[str, int], Guess] = {}
""":func:`detect_many`'s answers, the oldest dropped first beyond :data:`GUESSES_LIMIT`."""
GUESSES_LIMIT = 8192


def detect_many(requests: Sequence[tuple[str, int]]) -> list[Guess]:
    """``detect(text, min_letters)`` for each request, the langdetect calls made
    together (:func:`probabilities_many`).  Cached as :func:`detect` is."""
    results: list[Guess | None] = []
    pending: dict[str, list[tuple[int, int]]] = {}  # cleaned text -> (result, letters)
    for text, min_letters in requests:
        found = _GUESSES.get((text, min_letters))
        if found is None:
            cleaned = prose(text)
            letters, enough_words = _measure(cleaned, text.isascii())
            if letters >= min_letters and enough_words:
                pending.setdefault(cleaned, []).append((len(results), letters))
            else:
                found = Guess(None, None, letters)
        results.append(found)
    if pending:
        for waiting, found_list in zip(
            pending.values(), probabilities_many(list(pending)), strict=True
        ):
            for i, letters in waiting:
                results[i] = _guess(found_list, letters)
    guesses: list[Guess] = []
    for request, guess in zip(requests, results, strict=True):
        assert guess is not None
        if request not in _GUESSES:
            if len(_GUESSES) >= GUESSES_LIMIT:
                del _GUESSES[next(iter(_GUESSES))]
            _GUESSES[request] = guess
        guesses.append(guess)
    return guesses


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
    _keep(cache, guess)
    return guess


def document_languages(docs: Sequence[Any]) -> None:
    """:func:`document_language` of every document, the langdetect calls made
    together (:func:`detect_many`); kept in each ``doc.cache``."""
    todo = [doc for doc in docs if not isinstance(doc.cache.get("language_guess"), Guess)]
    if todo:
        guesses = detect_many([(sample(doc.text), MIN_LETTERS) for doc in todo])
        for doc, guess in zip(todo, guesses, strict=True):
            _keep(doc.cache, guess)


def _keep(cache: dict[str, Any], guess: Guess) -> None:
    cache["language_guess"] = guess
    cache["language"] = guess.language
    cache["language_confidence"] = guess.confidence
