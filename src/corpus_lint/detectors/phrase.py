"""``phrase``: a list of phrases, matched case- and whitespace-insensitively.

Two modes:

* ``line`` - the phrase must be the whole line (after trimming bullets and
  punctuation named by ``strip``).  One set look-up per line, so thousands of
  phrases cost nothing more than ten.  Use it for phrases that are also
  ordinary prose ("Print", "Footnotes").
* ``anywhere`` - the phrase may stand inside a line, on word boundaries.  All
  phrases are searched in one pass with an Aho-Corasick automaton.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate, chain, compress, repeat
from operator import add, itemgetter, not_
from typing import Any, ClassVar

from corpus_lint.api import Detector, DetectorError, Edit, Fix, Hit
from corpus_lint.document import Document

DEFAULT_STRIP = " \t\u00a0-–—•·|»«›‹:>*#()[]…."
_WS_RUN = re.compile(r"\s\s+")  # (not \s{2,}: this form lets re skip ahead by character class)
_SPACE_RUN = re.compile("  +")
_WS_CHARS = "\t\n\r\f\v\u00a0\u2007\u202f\u2028\u2029\u3000"
_HAYSTACK = "phrase.haystack"
"""``doc.cache`` key of the normalized text shared by every ``anywhere`` rule."""
_LINES = "phrase.lines"
"""``doc.cache`` key of the text of the document's lines (shared by ``line`` rules)."""
_CORES = "phrase.cores:"
"""``doc.cache`` key prefix (+ the ``strip`` string) of the lines' normalized cores."""
_MAX_CORE = 200
"""A line whose core (the line trimmed of ``strip``) is longer is never a match."""
_MEMO_LINES = 100_000
_MEMO_CHARS = 4_000_000


def normalize_phrase(text: str) -> str:
    # str.split() and re's \s agree on what whitespace is (both use str.isspace).
    return " ".join(text.split()).lower()


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def haystack(text: str) -> tuple[str, list[int], list[int]]:
    """The text lowercased, whitespace runs collapsed to one space, and the map back.

    Returns ``(hay, starts, origins)``: piece ``i`` of ``hay`` begins at ``starts[i]``
    and comes from offset ``origins[i]`` of ``text`` (both empty when nothing
    collapsed).
    """
    found = _Haystack(text)
    return found.hay, *found.pieces()


class _Haystack:
    """:func:`haystack`, with the map back built only when asked for, and the hay in
    UTF-8 for RE2."""

    __slots__ = ("_data", "_flat", "_pieces", "_runs", "_segments", "hay")

    def __init__(self, text: str) -> None:
        flat = _lower_same_length(text)
        for ch in _WS_CHARS:  # str.replace is far faster than str.translate with a dict
            if ch in flat:
                flat = flat.replace(ch, " ")
        self._flat = flat
        self._pieces: tuple[list[int], list[int]] | None = None
        self._data: bytes | None = None
        # the text between the runs of white space; when the only white space left is
        # " " (no other non-printable character either), a literal search finds them
        self._runs = _SPACE_RUN if flat.isprintable() else _WS_RUN
        segments = self._segments = self._runs.split(flat)
        if len(segments) == 1:
            self.hay = flat
        elif self._runs is _SPACE_RUN:
            self.hay = " ".join(segments)
        else:  # each run is kept as its first character
            firsts = map(itemgetter(0), _WS_RUN.findall(flat))
            pairs = zip(segments, firsts, strict=False)
            self.hay = "".join(chain.from_iterable(pairs)) + segments[-1]

    def pieces(self) -> tuple[list[int], list[int]]:
        """``(starts, origins)``, see :func:`haystack`."""
        if self._pieces is None:
            if len(self._segments) == 1:
                self._pieces = ([], [])
            else:
                lengths = list(map(len, self._segments))
                del lengths[-1]
                runs = map(len, self._runs.findall(self._flat))
                # piece i+1 starts one character (the run kept) after piece i's text,
                # and came from after the whole run
                starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))
                origins = list(accumulate(map(add, lengths, runs), initial=0))
                self._pieces = (starts, origins)
        return self._pieces

    def utf8(self) -> bytes | None:
        """The hay in UTF-8 (``None`` if it holds lone surrogates)."""
        if self._data is None:
            try:
                self._data = self.hay.encode("utf-8")
            except UnicodeEncodeError:
                return None
        return self._data


def _doc_lines(doc: Document) -> list[str]:
    """The text of every line, as :meth:`Document.lines` splits them."""
    cached: list[str] | None = doc.cache.get(_LINES)
    if cached is None:
        text = doc.text
        cached = [text[s:e] for s, e in doc.lines()] if "\r" in text else text.split("\n")
        doc.cache[_LINES] = cached
    return cached


def _line_starts(doc: Document, lines: set[str]) -> list[tuple[int, str]]:
    """``(start offset, line)`` of every line of the document that is in ``lines``, in order."""
    text = doc.text
    if "\r" in text:
        return [(s, text[s:e]) for s, e in doc.lines() if text[s:e] in lines]
    padded = "\n" + text + "\n"
    out: list[tuple[int, str]] = []
    for line in lines:
        needle = "\n" + line + "\n"
        step = len(needle) - 1  # the next such line may begin with this one's "\n"
        pos = padded.find(needle)
        while pos >= 0:
            out.append((pos, line))  # padded[pos] is the "\n" before text[pos]
            pos = padded.find(needle, pos + step)
    out.sort()
    return out


class _CoreMemo:
    """Normalized line cores for one ``strip`` string, kept between documents.

    Scraped pages repeat their menu and footer lines, so most lines of a document
    were seen before.  Bounded: emptied when it holds more than ``_MEMO_LINES``
    lines or ``_MEMO_CHARS`` characters.
    """

    __slots__ = ("chars", "clears", "strip", "table")

    def __init__(self, strip: str) -> None:
        self.strip = strip
        self.table: dict[str, str] = {}
        """line -> its normalized core ("" when empty or longer than ``_MAX_CORE``)"""
        self.chars = 0
        self.clears = 0

    def cover(self, lines: set[str]) -> dict[str, str]:
        """The table, after adding every line of ``lines`` it lacks."""
        table = self.table
        missing = lines.difference(table)
        if not missing:
            return table
        size = sum(map(len, missing))
        if len(table) + len(missing) > _MEMO_LINES or self.chars + size > _MEMO_CHARS:
            table.clear()
            self.chars = 0
            self.clears += 1
            missing, size = lines, sum(map(len, lines))
        self.chars += size
        miss = list(missing)
        cores = list(map(str.strip, miss, repeat(self.strip)))
        fits = list(map(_MAX_CORE.__ge__, map(len, cores)))
        table.update(zip(compress(miss, map(not_, fits)), repeat("")))
        # normalize_phrase, one C-level step at a time over every core that fits
        norms = map(str.lower, map(" ".join, map(str.split, compress(cores, fits))))
        table.update(zip(compress(miss, fits), norms, strict=True))
        return table


_MEMOS: dict[str, _CoreMemo] = {}


def _line_cores(doc: Document, strip: str) -> tuple[set[str], set[str], int]:
    """The document's distinct lines, the set of their normalized cores, and the
    memo's ``clears`` when they were added to it (once per document and ``strip``)."""
    key = _CORES + strip
    cached: tuple[set[str], set[str], int] | None = doc.cache.get(key)
    if cached is None:
        memo = _MEMOS.get(strip)
        if memo is None:
            memo = _MEMOS[strip] = _CoreMemo(strip)
        distinct = set(_doc_lines(doc))
        table = memo.cover(distinct)
        norms = set(map(table.__getitem__, distinct))
        cached = doc.cache[key] = (distinct, norms, memo.clears)
    return cached


def _literal_alternation(phrases: frozenset[str]) -> Any:
    """An RE2 expression matching any of the phrases (as they are), or ``None``."""
    import re2

    from corpus_lint.detectors.pattern import MAX_MEM

    opts = re2.Options()
    opts.log_errors = False
    opts.never_capture = True
    opts.max_mem = MAX_MEM
    try:
        return re2.compile("|".join(map(re2.escape, sorted(phrases))), opts)
    except re2.error:
        return None


def delete_line_fix(doc: Document, start: int, end: int) -> Fix:
    """Remove the lines holding ``[start, end)`` with their line break."""
    text = doc.text
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le + 1
    return Fix((Edit(ls, le, ""),), safe=False, description="delete the line")


class PhraseDetector(Detector):
    name: ClassVar[str] = "phrase"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["phrases"],
        "properties": {
            "phrases": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "mode": {"enum": ["line", "anywhere"]},
            "strip": {"type": "string"},
            "fix": {"enum": ["none", "delete-line"]},
            "report": {
                "enum": ["match", "line"],
                "description": "anywhere mode: report the phrase, or the whole line holding it",
            },
            "max_line_length": {
                "type": "integer",
                "minimum": 1,
                "description": "with report: line, skip lines longer than this",
            },
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.mode: str = options.get("mode", "anywhere")
        self.strip: str = options.get("strip", DEFAULT_STRIP)
        self.fix: str = options.get("fix", "none")
        self.report: str = options.get("report", "match")
        self.max_line_length: int = options.get("max_line_length", 1_000_000)
        phrases = [normalize_phrase(p) for p in options["phrases"]]
        if self.mode == "line":
            phrases = [normalize_phrase(p.strip(self.strip)) for p in phrases]
        phrases = [p for p in phrases if p]
        if not phrases:
            raise DetectorError("'phrases' has no non-blank phrase")
        self.phrases = frozenset(phrases)
        self._automaton: Any = None
        self._first: Any = None
        if self.mode == "anywhere":
            import ahocorasick

            auto = ahocorasick.Automaton()
            for p in sorted(self.phrases):
                auto.add_word(p, len(p))
            auto.make_automaton()
            self._automaton = auto
            self._first = _literal_alternation(self.phrases)

    def check(self, doc: Document) -> Iterator[Hit]:
        if self.mode == "line":
            yield from self._check_lines(doc)
        else:
            yield from self._check_anywhere(doc)

    def _hit(self, doc: Document, start: int, end: int) -> Hit:
        fix = delete_line_fix(doc, start, end) if self.fix == "delete-line" else None
        return Hit(start, end, fix=fix)

    def _check_lines(self, doc: Document) -> Iterator[Hit]:
        distinct, norms, clears = _line_cores(doc, self.strip)
        found = self.phrases.intersection(norms)
        if not found:
            return
        memo = _MEMOS[self.strip]
        # the lines are still in the memo, unless another document emptied it since
        table = memo.table if memo.clears == clears else memo.cover(distinct)
        lines = set(compress(distinct, map(found.__contains__, map(table.__getitem__, distinct))))
        strip = self.strip
        for line_start, line in _line_starts(doc, lines):
            core = line.strip(strip)
            start = line_start + line.find(core)
            yield self._hit(doc, start, start + len(core))

    def _check_anywhere(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        cached: _Haystack | None = doc.cache.get(_HAYSTACK)
        if cached is None:
            cached = doc.cache[_HAYSTACK] = _Haystack(text)
        hay_c = cached.hay
        begin = 0
        data = cached.utf8() if self._first is not None else None
        if data is not None:
            # RE2 finds the leftmost phrase (or none) far faster than the automaton;
            # the automaton then starts there: no match can begin before it
            first = self._first.search(data)
            if first is None:
                return
            begin = len(data[: first.start()].decode("utf-8"))
        starts, origins = cached.pieces()
        from bisect import bisect_right

        def orig(offset: int) -> int:
            if not starts:
                return offset
            i = bisect_right(starts, offset) - 1
            return origins[i] + (offset - starts[i])

        last_line_end = -1
        for end_idx, length in self._automaton.iter(hay_c, begin):
            cs = end_idx - length + 1
            ce = end_idx + 1
            if cs > 0 and _is_word(hay_c[cs]) and _is_word(hay_c[cs - 1]):
                continue
            if ce < len(hay_c) and _is_word(hay_c[ce - 1]) and _is_word(hay_c[ce]):
                continue
            start = orig(cs)
            end = orig(ce - 1) + 1
            if self.report == "line":
                if start < last_line_end:
                    continue
                ls = text.rfind("\n", 0, start) + 1
                le = text.find("\n", end)
                le = len(text) if le < 0 else le
                last_line_end = le
                line = text[ls:le]
                if len(line.strip()) > self.max_line_length:
                    continue
                start = ls + (len(line) - len(line.lstrip()))
                end = ls + len(line.rstrip())
            yield self._hit(doc, start, end)
