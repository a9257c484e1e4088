"""``phrase``: a list of phrases, matched case- and whitespace-insensitively.

Two modes:

* ``line`` - the phrase must be the whole line (after trimming bullets and
  punctuation named by ``strip``).  Use it for phrases that are also ordinary
  prose ("Print", "Footnotes").
* ``anywhere`` - the phrase may stand inside a line, on word boundaries.  All
  phrases are searched in one pass with an Aho-Corasick automaton.

Both first search the lowercased text with RE2 for a looser form of the phrases
(any white space between words; for ``line``, anchored at line ends with ``strip``
characters around): a document without a match is done in one fast pass, and a
match only tells where to look, the check is then the exact one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain, repeat
from operator import add, itemgetter
from typing import Any, ClassVar

from corpus_lint.api import Detector, DetectorError, Edit, Fix, Hit
from corpus_lint.document import Document

DEFAULT_STRIP = " \t\u00a0-–—•·|»«›‹:>*#()[]…."
# runs of white space, kept by split (\s\s+, not \s{2,}: re skips ahead by character class)
_WS_RUNS = re.compile(r"(\s\s+)")
_SPACE_RUNS = re.compile("(  +)")
_WS_CHARS = "\t\n\r\f\v\u00a0\u2007\u202f\u2028\u2029\u3000"
_HAYSTACK = "phrase.haystack"
"""``doc.cache`` key of the normalized text shared by every ``anywhere`` rule."""
_LOWER = "phrase.lower"
"""``doc.cache`` key of the lowercased text and its UTF-8 (shared by every rule)."""
_MAX_CORE = 200
"""A line whose core (the line trimmed of ``strip``) is longer is never a match."""


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


def haystack(text: str, low: str | None = None) -> tuple[str, list[int], list[int]]:
    """The text lowercased, whitespace runs collapsed to one space, and the map back.

    Returns ``(hay, starts, origins)``: piece ``i`` of ``hay`` begins at ``starts[i]``
    and comes from offset ``origins[i]`` of ``text`` (both empty when nothing
    collapsed).  ``low``: the text lowercased, when that kept its length.
    """
    flat = _lower_same_length(text) if low is None else low
    for ch in _WS_CHARS:  # str.replace is far faster than str.translate with a dict
        if ch in flat:
            flat = flat.replace(ch, " ")
    # when the only white space left is " " (no other non-printable character either),
    # a literal search finds the runs
    runs_re = _SPACE_RUNS if flat.isprintable() else _WS_RUNS
    parts = runs_re.split(flat)  # text, run, text, run, ..., text
    if len(parts) == 1:
        return flat, [], []
    segments = parts[0::2]
    runs = parts[1::2]
    if runs_re is _SPACE_RUNS:
        hay = " ".join(segments)
    else:  # each run is kept as its first character
        firsts = map(itemgetter(0), runs)
        hay = "".join(chain.from_iterable(zip(segments, firsts, strict=False))) + segments[-1]
    lengths = list(map(len, segments))
    del lengths[-1]
    # piece i+1 starts one character (the run kept) after piece i's text, and came
    # from after the whole run
    starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))
    origins = list(accumulate(map(add, lengths, map(len, runs)), initial=0))
    return hay, starts, origins


def _lowered(doc: Document) -> tuple[str, bytes] | None:
    """The text lowercased, and that in UTF-8, once per document; ``None`` when
    lowercasing changed the length (offsets would differ) or the text holds lone
    surrogates."""
    if _LOWER in doc.cache:
        cached: tuple[str, bytes] | None = doc.cache[_LOWER]
        return cached
    text = doc.text
    low = text.lower()
    found = None
    if len(low) == len(text):
        try:
            found = (low, low.encode("utf-8"))
        except UnicodeEncodeError:
            found = None
    doc.cache[_LOWER] = found
    return found


_SPACES: str | None = None
_SIGMAS = str.maketrans({"σ": "[σς]", "ς": "[σς]"})


def _whitespace() -> str:
    """The characters ``str.split()`` splits on (all below U+3001)."""
    global _SPACES
    if _SPACES is None:
        _SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
    return _SPACES


def _char_class(chars: Iterable[str]) -> str:
    """An RE2 character class of ``chars``, runs of code points written as ranges."""
    points = sorted(set(map(ord, chars)))
    parts = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        low, high = points[i], points[j]
        parts.append(f"\\x{{{low:x}}}" + (f"-\\x{{{high:x}}}" if high > low else ""))
        i = j + 1
    return "[" + "".join(parts) + "]"


def line_regex_source(phrases: Iterable[str], strip: str) -> str:
    """An RE2 expression over the lowercased text that matches every line whose core
    (the line trimmed of ``strip``) normalizes to one of ``phrases``, and maybe a few
    more lines (each match is then checked like any line).

    A line's core normalizes to ``p`` when the lowercased line is: characters of
    ``strip`` or white space, the words of ``p`` separated by white space, then
    characters of ``strip`` or white space.  (σ and ς stand for each other: ``lower``
    writes a final sigma by its neighbours, which trimming can change.)
    """
    import re2

    space = _whitespace().replace("\n", "").replace("\r", "")
    between = _char_class(space) + "+"
    edge = set(space)
    for c in strip:
        edge.update(c + c.lower())
    if edge & set("Σσς"):
        edge.update("σς")
    edge.difference_update("\n\r")
    alternatives = []
    for phrase in sorted(phrases):
        words = (re2.escape(word).translate(_SIGMAS) for word in phrase.split())
        alternatives.append(between.join(words))
    edges = _char_class(edge) + "*"
    return "(?m)^" + edges + "(?:" + "|".join(alternatives) + ")" + edges + "$"


def anywhere_regex_source(phrases: Iterable[str]) -> str:
    """An RE2 expression over the lowercased text with a match wherever the haystack
    holds one of ``phrases``: its words, separated by white space (any run of it)."""
    import re2

    between = _char_class(_whitespace()) + "+"
    return "|".join(between.join(map(re2.escape, p.split())) for p in sorted(phrases))


def _compile(source: str) -> Any:
    """``source`` compiled by RE2 (no captures), or ``None`` if RE2 refuses it."""
    import re2

    from corpus_lint.detectors.pattern import MAX_MEM

    opts = re2.Options()
    opts.log_errors = False
    opts.never_capture = True
    opts.max_mem = MAX_MEM
    try:
        return re2.compile(source, opts)
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
        self._near: Any = None
        self._line_regex: Any = None  # built on first use; False if RE2 refuses it
        if self.mode == "anywhere":
            import ahocorasick

            auto = ahocorasick.Automaton()
            for p in sorted(self.phrases):
                auto.add_word(p, len(p))
            auto.make_automaton()
            self._automaton = auto
            self._near = _compile(anywhere_regex_source(self.phrases))

    def check(self, doc: Document) -> Iterator[Hit]:
        if self.mode == "line":
            yield from self._check_lines(doc)
        else:
            yield from self._check_anywhere(doc)

    def _hit(self, doc: Document, start: int, end: int) -> Hit:
        fix = delete_line_fix(doc, start, end) if self.fix == "delete-line" else None
        return Hit(start, end, fix=fix)

    def _check_lines(self, doc: Document) -> Iterator[Hit]:
        if self._line_regex is None:
            self._line_regex = _compile(line_regex_source(self.phrases, self.strip)) or False
        text = doc.text
        lowered = _lowered(doc) if self._line_regex and "\r" not in text else None
        if lowered is None:
            yield from self._check_each_line(doc)
            return
        # RE2 finds the few lines that may hold a phrase; each is checked as below
        data = lowered[1]
        strip = self.strip
        phrases = self.phrases
        ascii_only = len(data) == len(text)
        pos_b = pos_c = 0  # a byte offset in data and the same place in text
        for m in self._line_regex.finditer(data):
            s_b, e_b = m.span()
            if ascii_only:
                start, end = s_b, e_b
            else:
                start = pos_c + len(data[pos_b:s_b].decode("utf-8"))
                end = start + len(data[s_b:e_b].decode("utf-8"))
                pos_b, pos_c = e_b, end
            line = text[start:end]
            core = line.strip(strip)
            if not core or len(core) > _MAX_CORE:
                continue
            if " ".join(core.split()).lower() in phrases:
                start += line.find(core)
                yield self._hit(doc, start, start + len(core))

    def _check_each_line(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        strip = self.strip
        phrases = self.phrases
        for span in doc.lines():
            line_start = span.start
            line = text[line_start : span.end]
            core = line.strip(strip)
            if not core or len(core) > _MAX_CORE:
                continue
            if " ".join(core.split()).lower() in phrases:
                start = line_start + line.find(core)
                yield self._hit(doc, start, start + len(core))

    def _check_anywhere(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        lowered = _lowered(doc)
        found = 0  # an offset of text where the first phrase may begin
        if lowered is not None and self._near:
            # RE2 rules out most documents far faster than the automaton
            data = lowered[1]
            near = self._near.search(data)
            if near is None:
                return
            found = len(data[: near.start()].decode("utf-8"))
        cached: tuple[str, list[int], list[int]] | None = doc.cache.get(_HAYSTACK)
        if cached is None:
            low = lowered[0] if lowered is not None else None
            cached = doc.cache[_HAYSTACK] = haystack(text, low)
        hay_c, starts, origins = cached
        begin = found  # where the automaton starts: no match begins before it
        if starts and found:
            i = bisect_right(origins, found) - 1
            begin = starts[i] + (found - origins[i])
            if i + 1 < len(starts):
                begin = min(begin, starts[i + 1])

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
