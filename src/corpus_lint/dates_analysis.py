"""One parse of a document's dates, shared by every DT rule through ``doc.cache["dates"]``.

The analysis holds the date expressions of :mod:`corpus_lint.dates_grammar` with
the years of year-less dates filled in from an anchor, in this order: the
nearest year written earlier in the same paragraph, the publication date
(``doc.metadata["published"]``), a dateline (a full date alone on a short line
near the top), else none.  A filled-in year keeps ``year_written=False`` and
names its source, so a rule resting on it can say so.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from corpus_lint.dates_grammar import (
    DateExpr,
    DatePoint,
    parse_date_string,
    parse_dates,
)
from corpus_lint.document import Document
from corpus_lint.lazyre import lazy_compile

CACHE_KEY: Final = "dates"

YEAR_SOURCES: Final = {
    "written": "",
    "range": "",
    "paragraph": "an earlier date in the paragraph",
    "published": "the publication date",
    "dateline": "the dateline",
}

# A sentence ends at . ! ? (with closing quotes/brackets) before an upper-case
# letter, a digit or an opening quote; or at a line break.
_SENTENCE_END: Final = lazy_compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS: Final = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sen",
        "rep",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "gov",
        "pres",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "vol",
        "vols",
        "p",
        "pp",
        "fig",
        "figs",
        "ch",
        "sec",
        "art",
        "para",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "al",
        "approx",
        "est",
        "dept",
        "univ",
        "ave",
        "rd",
    ]
)
_LAST_WORD: Final = lazy_compile(r"([A-Za-z][A-Za-z.]*)[.!?…]*[\"'”’)\]]*\s*$")


@dataclass(slots=True)
class DateAnalysis:
    """The dates of one document, with anchors resolved."""

    text: str
    exprs: list[DateExpr]
    paragraphs: list[tuple[int, int]]
    published: date | None = None
    dateline: date | None = None
    _sentences: dict[int, list[int]] | None = field(default=None, repr=False)
    _starts: list[int] | None = field(default=None, repr=False)

    # -- sentences -----------------------------------------------------------------

    def _line_sentences(self, line_start: int, line_end: int) -> list[int]:
        starts = self._sentences.get(line_start) if self._sentences is not None else None
        if starts is not None:
            return starts
        text = self.text
        starts = [line_start]
        for m in _SENTENCE_END.finditer(text, line_start, line_end):
            lw = _LAST_WORD.search(text, max(line_start, m.start() - 20), m.end())
            if lw is not None:
                word = lw.group(1).lower().rstrip(".")
                if word in _ABBREVIATIONS or len(word) == 1:
                    continue
            starts.append(m.end())
        if self._sentences is None:
            self._sentences = {}
        self._sentences[line_start] = starts
        return starts

    def sentence(self, offset: int) -> tuple[int, int]:
        """Start and end of the sentence holding ``offset``.

        A line break ends a sentence, except inside hard-wrapped prose: a long line
        that does not end a sentence, followed by a line that starts in lower case.
        """
        text = self.text
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        if line_end < 0:
            line_end = len(text)
        while line_start > 0 and _wraps(text, line_start):
            line_start = text.rfind("\n", 0, line_start - 1) + 1
        while line_end < len(text) and _wraps(text, line_end + 1):
            nxt = text.find("\n", line_end + 1)
            line_end = len(text) if nxt < 0 else nxt
        starts = self._line_sentences(line_start, line_end)
        i = bisect_right(starts, offset) - 1
        end = starts[i + 1] if i + 1 < len(starts) else line_end
        return starts[i], end

    def paragraph(self, offset: int) -> tuple[int, int]:
        paras = self.paragraphs
        lo, hi = 0, len(paras)
        while lo < hi:
            mid = (lo + hi) // 2
            if paras[mid][1] <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(paras) and paras[lo][0] <= offset:
            return paras[lo]
        return offset, offset

    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [e.start for e in self.exprs]
        return self._starts

    def exprs_between(self, start: int, end: int) -> list[DateExpr]:
        """The expressions lying wholly inside ``[start, end)``."""
        starts = self.starts()
        i, j = bisect_left(starts, start), bisect_left(starts, end)
        return [e for e in self.exprs[i:j] if e.end <= end]

    def expr_at(self, offset: int) -> DateExpr | None:
        """The expression starting exactly at ``offset``."""
        starts = self.starts()
        i = bisect_left(starts, offset)
        return self.exprs[i] if i < len(starts) and starts[i] == offset else None


_BLANK_RUN: Final = lazy_compile(
    r"\n[ \t\f\v\u00a0\r]*(?:\r\n|\r|\n)(?:[ \t\f\v\u00a0]*(?:\r\n|\r|\n))*"
)


_WRAP_MIN: Final = 50


def _wraps(text: str, line_start: int) -> bool:
    """The line starting at ``line_start`` continues the sentence of the line before it."""
    if line_start >= len(text) or not (text[line_start].islower() or text[line_start].isdigit()):
        return False
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    prev = text[prev_start : line_start - 1].rstrip()
    return len(prev) >= _WRAP_MIN and prev[-1] not in '.!?:;…"”'


def _paragraphs(doc: Document) -> list[tuple[int, int]]:
    """Blocks between blank lines (the Document's own list when another rule made it)."""
    cached = doc.cache.get("paragraphs")
    if cached is not None:
        return [(s.start, s.end) for s in cached]
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _BLANK_RUN.finditer(doc.text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(doc.text):
        out.append((pos, len(doc.text)))
    return out


def _dateline(text: str, exprs: list[DateExpr]) -> date | None:
    """A full date with its year standing nearly alone on a short line near the top."""
    for e in exprs:
        if e.start > 1500:
            break
        p = e.first
        if e.is_range or p.day is None or not p.year_written or not p.valid:
            continue
        ls = text.rfind("\n", 0, e.start) + 1
        le = text.find("\n", e.end)
        line = text[ls : le if le >= 0 else len(text)]
        if len(line) > 80:
            continue
        assert p.year is not None and p.month is not None
        return date(p.year, p.month, p.day)
    return None


def _published(doc: Document) -> date | None:
    value = doc.metadata.get("published") if doc.metadata else None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        return parse_date_string(value)
    return None


def analyse(doc: Document) -> DateAnalysis:
    """The shared analysis of ``doc`` (computed once, kept in ``doc.cache``)."""
    cached = doc.cache.get(CACHE_KEY)
    if isinstance(cached, DateAnalysis):
        return cached
    text = doc.text
    exprs = parse_dates(text)
    analysis = DateAnalysis(
        text=text,
        exprs=exprs,
        paragraphs=_paragraphs(doc) if exprs else [],
        published=_published(doc),
    )
    if exprs:
        analysis.dateline = _dateline(text, exprs)
        _infer_years(analysis)
    doc.cache[CACHE_KEY] = analysis
    return analysis


def _infer_years(a: DateAnalysis) -> None:
    last_year: int | None = None
    last_anchor = -1
    para_end = -1
    fallback: tuple[int, str] | None = None
    if a.published is not None:
        fallback = (a.published.year, "published")
    elif a.dateline is not None:
        fallback = (a.dateline.year, "dateline")
    for e in a.exprs:
        if e.start >= para_end:
            _, para_end = a.paragraph(e.start)
            if para_end <= e.start:
                para_end = e.end
            last_year = None
        for p in e.all_points():
            if p.year is not None:
                continue
            if last_year is not None:
                _set_year(p, last_year, "paragraph", last_anchor)
            elif fallback is not None:
                _set_year(p, fallback[0], fallback[1], None)
            else:
                p.year_source = ""
        if e.is_range and e.last is not None:
            _order_range_years(e)
        written = e.written_year()
        if written is not None:
            last_year = written
            last_anchor = e.start


def _set_year(p: DatePoint, year: int, source: str, anchor: int | None) -> None:
    p.year = year
    p.year_source = source
    p.anchor = anchor


def _order_range_years(e: DateExpr) -> None:
    """Both ends got the same inferred year: a range over New Year moves its start back."""
    a, b = e.first, e.last
    assert b is not None
    if (
        not a.year_written
        and not b.year_written
        and a.year is not None
        and a.year == b.year
        and a.month is not None
        and b.month is not None
        and a.month > b.month
        and e.form != "dr"
    ):
        a.year -= 1


def inferred_note(*points: DatePoint) -> str:
    """' (year inferred from ...)' when any point's year was not written, else ''."""
    for p in points:
        if not p.year_written and p.year_source not in ("written", "range", ""):
            return f" (year inferred from {YEAR_SOURCES[p.year_source]})"
    return ""


def rests_on_inference(*points: DatePoint) -> bool:
    return any(not p.year_written and p.year_source not in ("written", "range") for p in points)
