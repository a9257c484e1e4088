"""The structure rules: each finder gives furniture lines one label.

Finders run in a fixed order; a line keeps the first label it gets, so the most
specific finders (widgets, headers, bylines) run first and the region finder
(lines outside the article body) last; it gives its lines as whole blocks of one
label (``Context.blocks``).  Tests of a line alone are made once per distinct line
(:func:`line_facts`); finders select lines by those bits and find runs of lines with
patterns over a string of one character per line.  Every finder looks at the form of the
lines (length, punctuation, capitals, digits) and at their neighbours, never at
a site's own words; the few phrase lists it needs come from the rule pack.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from itertools import compress, count, repeat
from operator import and_, attrgetter, or_
from typing import Any

from corpus_lint.detectors.bp_lines import (
    BLANK,
    CODE,
    COPY,
    DATE,
    KIND_CODE,
    LABEL,
    LIST,
    LONG,
    MARK,
    META,
    MID,
    NUMBERED,
    PROSE,
    SHORT,
    SOFT,
    Line,
    is_terminal,
)
from corpus_lint.detectors.bp_region import Body, Layout

__all__ = ["DESCRIPTIONS", "KINDS", "Config", "Context", "Line", "run_all"]

DESCRIPTIONS: dict[str, str] = {
    "nav-run": "navigation links",
    "comment-thread": "a comment thread",
    "vote-count": "a vote or rating counter",
    "poll": "a poll widget",
    "download-link": "a download link",
    "share-bar": "a share bar",
    "reader-header": "a wiki or reader header",
    "page-number": "a page number",
    "empty-section": "an empty section label",
    "adjacent-article": "a link to the previous or next article",
    "attribution-echo": "a repeated speaker attribution",
    "author-box": "an author box",
    "byline": "a byline",
    "dateline": "a dateline",
    "image-credit": "an image caption credit",
    "inline-link": "a link to another article",
    "outside-article": "page furniture outside the article",
    "off-article-prose": "text outside the article",
}
KINDS: tuple[str, ...] = tuple(DESCRIPTIONS)


@dataclass(frozen=True, slots=True)
class Config:
    region: Mapping[str, float]
    section_labels: frozenset[str] = frozenset()
    link_prefixes: frozenset[str] = frozenset()


@dataclass(slots=True)
class Context:
    text: str
    lines: list[Line]
    body: Body | None
    config: Config
    layout: Layout
    labels: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    blocks: dict[str, list[tuple[list[int], dict[str, Any]]]] = field(default_factory=dict)
    """Blocks of lines labelled as a whole (see :func:`find_region`), by label."""
    _nonblank: list[int] | None = None
    _pos: dict[int, int] | None = None
    _norms: list[str] | None = None
    _facts: list[int] | None = None
    _bits: int = 0
    _code: str | None = None

    def label(self, i: int, kind: str, **args: Any) -> None:
        if i not in self.labels and self.lines[i].kind not in (BLANK, CODE):
            self.labels[i] = (kind, args)

    def label_all(self, indices: Iterable[int], kind: str, args: dict[str, Any]) -> None:
        """:meth:`label` for many lines, the arguments shared (never mutated)."""
        labels, lines = self.labels, self.lines
        value = (kind, args)
        for i in indices:
            if i not in labels and lines[i].kind not in (BLANK, CODE):
                labels[i] = value

    @property
    def nonblank_indices(self) -> list[int]:
        """Indices of the non-blank lines."""
        if self._nonblank is None:
            self._nonblank = [i for i, ln in enumerate(self.lines) if ln.kind != BLANK]
        if self._pos is None:
            self._pos = dict(zip(self._nonblank, count()))
        return self._nonblank

    @property
    def code(self) -> str:
        """The kind of each non-blank line, as its character of ``KIND_CODE``."""
        if self._code is None:
            self._code = "".join([KIND_CODE[self.lines[i].kind] for i in self.nonblank_indices])
        return self._code

    @property
    def norms(self) -> list[str]:
        """The ``norm`` of every line."""
        if self._norms is None:
            self._norms = list(map(_NORM, self.lines))
        return self._norms

    @property
    def facts(self) -> list[int]:
        """The facts (see :func:`line_facts`) of each non-blank line."""
        if self._facts is None:
            self._facts = list(map(_FACTS, map(self.lines.__getitem__, self.nonblank_indices)))
            self._bits = reduce(or_, self._facts, 0)
        return self._facts

    def having(self, fact: int) -> list[int]:
        """Indices of the non-blank lines whose facts (see :func:`line_facts`) have a bit
        of ``fact``, in order."""
        facts = self.facts
        if not self._bits & fact:
            return []
        return list(compress(self.nonblank_indices, map(and_, facts, repeat(fact))))

    def ranks_having(self, fact: int) -> list[int]:
        """:meth:`having`, as ranks among the non-blank lines."""
        facts = self.facts
        if not self._bits & fact:
            return []
        return list(compress(count(), map(and_, facts, repeat(fact))))

    @property
    def position(self) -> dict[int, int]:
        """Rank of each non-blank line among the non-blank lines."""
        if self._pos is None:
            _ = self.nonblank_indices
        assert self._pos is not None
        return self._pos

    def nonblank(self, lo: int, hi: int) -> list[int]:
        """Indices of non-blank lines in ``[lo, hi)``."""
        nb = self.nonblank_indices
        return nb[bisect_left(nb, lo) : bisect_left(nb, hi)]

    def next_nonblank(self, i: int, step: int = 1) -> int | None:
        """The non-blank line ``step`` places after (negative: before) line ``i``."""
        nb = self.nonblank_indices
        assert self._pos is not None
        if i in self._pos:
            n = self._pos[i] + step
        else:  # i is blank: find its neighbour
            n = bisect_left(nb, i) + (step - 1 if step > 0 else step)
        if 0 <= n < len(nb):
            return nb[n]
        return None

    def in_body(self, i: int) -> bool:
        return self.body is not None and self.body.first <= i <= self.body.last


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- widgets ----------------------------------------------------------------------------

_SIZE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:[KM]i?B|[KM]b|kB|kb|Кб|КБ|Мб|МБ|ko|Ko|Mo)\b")
# every unit of _SIZE matches this; a pattern that starts with a set of characters is
# searched much faster
_SIZE_UNIT = re.compile("[KMkКМ](?:i?B|b|o|Б|б)")
_FILE_TYPE = re.compile(
    r"\b(?:pdf|docx?|xlsx?|pptx?|zip|rar|epub|mobi|mp3|mp4|csv|odt|rtf)\b", re.I
)
_SHARE_WORDS = _wordset(
    "facebook twitter linkedin whatsapp email e-mail mail print pinterest reddit tumblr telegram "
    "vk vkontakte share tweet pin pinit flipboard pocket xing sms messenger viber line copy link "
    "google+ googleplus google+1 skype mix digg stumbleupon delicious buffer evernote weibo wechat "
    "qq ok odnoklassniki livejournal blogger gmail outlook yahoo threads bluesky mastodon x "
    "comment comments save bookmark subscribe rss youtube instagram"
)
_SHARE_CORE = _wordset(
    "facebook twitter linkedin whatsapp pinterest reddit tumblr telegram vk vkontakte tweet "
    "flipboard pocket xing messenger viber google+ googleplus digg stumbleupon weibo wechat "
    "odnoklassniki threads bluesky mastodon"
)
_VOTE_LINE = re.compile(
    r"^\W*(?:\d[\d,.]*\s*\(\s*\d{1,3}(?:[.,]\d+)?\s*%\s*\)|\d{1,3}(?:[.,]\d+)?\s*%"
    r"|\d[\d,.]*\s+(?:votes?|голос\w*|voti|votos|stimmen)|\(\s*\d[\d,.]*\s+votes?\s*\))\W*$",
    re.I,
)
_SHARE_SPLIT = re.compile(r"[\s|/•·,]+")
_VOTE_TAIL = re.compile(r"\s\d[\d,.]*\s*\(\s*\d{1,3}(?:[.,]\d+)?\s*%\s*\)\s*$")


def _is_vote(text: str) -> bool:
    if _VOTE_LINE.match(text) is not None:
        return True
    return "%" in text and _VOTE_TAIL.search(text) is not None


def _gap(ctx: Context, a: int, b: int) -> int:
    """How many non-blank lines lie from ``a`` to ``b`` (1 for neighbours)."""
    pos = ctx.position
    return pos[b] - pos[a]


def _share_tokens(ln: Line) -> tuple[int, int] | None:
    """(share words, core network names) if every word of the line is a share word."""
    if ln.words > 12 or not ln.norm:
        return None
    found = ln.share
    if found is False:
        found = ln.share = _share_words(ln)
    assert found is not True
    return found


def _share_words(ln: Line) -> tuple[int, int] | None:
    text = ln.text
    first = ln.norm.split(" ", 1)[0].strip("()[]:|")
    if first not in _SHARE_WORDS:
        return None
    words = _SHARE_SPLIT.split(text.lower().strip(" |•·-"))
    words = [w.strip("()[]:") for w in words if w.strip("()[]:")]
    if not words or len(words) > 12:
        return None
    if not all(w in _SHARE_WORDS for w in words):
        return None
    return len(words), sum(1 for w in words if w in _SHARE_CORE)


def find_widgets(ctx: Context) -> None:
    lines = ctx.lines
    # vote and rating counters
    for i in ctx.having(COUNTER):
        ctx.label(i, "vote-count")
    # polls: a question, then >= 2 options each with a count or percentage
    votes = ctx.having(VOTE)
    group: list[int] = []
    for i in [*votes, -1]:
        # counts of one poll: at most two lines apart (the option between them)
        if i >= 0 and group and _gap(ctx, group[-1], i) <= 2:
            group.append(i)
            continue
        if len(group) >= 2:
            _label_poll(ctx, group)
        group = [i] if i >= 0 else []
    # downloads: a short line naming a file size
    for i in ctx.having(DOWNLOAD):
        ctx.label(i, "download-link")
    # share bars: runs of consecutive lines made only of network names and share words
    pos = ctx.position
    run: list[int] = []
    core = 0
    last = -2
    for i in ctx.having(SHARE):
        p = pos[i]
        if run and p != last + 1:
            _label_share_bar(ctx, run, core)
            run, core = [], 0
        tokens = lines[i].share
        assert isinstance(tokens, tuple)
        run.append(i)
        core += tokens[1]
        last = p
    if run:
        _label_share_bar(ctx, run, core)


def _label_share_bar(ctx: Context, run: list[int], core: int) -> None:
    lines = ctx.lines
    if core >= 1 and (core >= 2 or sum(len(lines[r].text.split()) for r in run) >= 3):
        ctx.label_all(run, "share-bar", {"group": run[0]})


def _label_poll(ctx: Context, counts: list[int]) -> None:
    lines = ctx.lines
    first = counts[0]
    # options sit between (and right before) the counts
    prev = ctx.next_nonblank(first, -1)
    start = prev if prev is not None else first
    question = None
    probe = start
    for _ in range(3):
        cand = ctx.next_nonblank(probe, -1) if probe is not None else None
        if cand is None:
            break
        if lines[cand].text.rstrip().endswith("?"):
            question = cand
            break
        probe = cand
    lo = question if question is not None else start
    label = ctx.next_nonblank(lo, -1)
    if (
        question is not None
        and label is not None
        and lines[label].kind in (SHORT, MARK, SOFT, LABEL)
        and lines[label].words <= 3
    ):
        lo = label
    for i in range(lo, counts[-1] + 1):
        ctx.label(i, "poll", group=lo)


# -- page furniture ---------------------------------------------------------------------

_WIKI_NS = re.compile(
    r"^(?:Page|Index|File|Image|Category|Categories|Template|Talk|User|Portal|Special|Help|"
    r"Module|Author|Draft|Wikipedia|Wikisource|Wiktionary|Media|Seite|Página|Страница):\S"
)
_PAGE_NO = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:page|p\.|pg\.?|seite|página|стр\.?)\s*)?\d{1,4}"
    r"(?:\s*(?:of|/|из|von|de)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.I,
)
_PREV_NEXT = frozenset(
    (
        "previous article",
        "next article",
        "previous post",
        "next post",
        "previous story",
        "next story",
        "previous entry",
        "next entry",
        "previous",
        "next",
        "prev",
        "older post",
        "newer post",
        "older",
        "newer",
        "previous page",
        "next page",
        "read previous",
        "read next",
        "previous episode",
        "next episode",
        "previous chapter",
        "next chapter",
    )
)
_PREV_NEXT_INLINE = re.compile(
    r"^\W*(?:previous|next|prev|older|newer)\s+(?:article|post|story|entry)\s*[:»«›‹>]\s*\S", re.I
)


def find_page_furniture(ctx: Context) -> None:
    lines = ctx.lines
    nb = ctx.nonblank_indices
    for i in ctx.having(WIKI):
        ctx.label(i, "reader-header")
    # bare page numbers at a break in the prose
    for i in ctx.having(PAGE_NO):
        prev = ctx.next_nonblank(i, -1)
        nxt = ctx.next_nonblank(i, 1)
        neighbours = [x for x in (prev, nxt) if x is not None]
        if any(lines[x].digit and _PAGE_NO.match(lines[x].text) for x in neighbours):
            continue  # a column of numbers
        after_prose = prev is not None and lines[prev].kind in (PROSE, LONG)
        opens_text = prev is None and nxt is not None and lines[nxt].kind in (PROSE, LONG)
        if after_prose or opens_text:
            ctx.label(i, "page-number")
    # previous / next article links with the linked titles under them
    for i in ctx.having(PREV_NEXT | ADJACENT):
        ln = lines[i]
        if ln.facts & PREV_NEXT:
            if ln.kind not in (MARK, SOFT):  # "Previous Article" itself is a BP001 phrase
                ctx.label(i, "adjacent-article", group=i)
            nxt = ctx.next_nonblank(i, 1)
            if (
                nxt is not None
                and lines[nxt].norm not in _PREV_NEXT
                and _title_like(lines[nxt])
                and nxt not in ctx.labels
            ):
                ctx.label(nxt, "adjacent-article", group=i)
        else:
            ctx.label(i, "adjacent-article", group=i)
    # a section label with nothing under it
    labels = ctx.config.section_labels
    pos = ctx.position
    for i in ctx.having(SECTION):
        rest = nb[pos[i] + 1 :]
        if all(
            lines[j].kind in (MARK, SOFT, LABEL, COPY) or lines[j].norm in labels or j in ctx.labels
            for j in rest
        ):
            ctx.label(i, "empty-section")


def _title_like(ln: Line) -> bool:
    """A linked headline: short, no full stop at its end."""
    if ln.kind in (SHORT, MID, LIST):
        return True
    return ln.kind == PROSE and ln.words <= 25 and not ln.text.endswith(".")


# -- attributions and author boxes --------------------------------------------------------

_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]\.|de|da|van|von|der|den|bin|al|el|la|le|di|du)"
# words of a name, between white space (\s is what str.split splits at)
_NAME_WORDS = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_ROLE_WORDS = _wordset(
    "director professor prof fellow editor correspondent reporter writer journalist contributor "
    "columnist analyst researcher expert member phd ph.d candidate head chief senior deputy "
    "president chair chairman chairwoman chairperson founder ceo cto cfo manager officer lecturer "
    "student institute university council center centre school department staff associate "
    "assistant consultant partner adviser advisor minister secretary ambassador director-general "
    "deputy-director-general scholar dean author producer photographer specialist coordinator "
    "strategist economist scientist academy foundation college programme program studies "
    "research security affairs international executive vice"
)
_ROLE_SPLIT = re.compile(r"[^\w.-]+")


def _name_line(ln: Line) -> bool:
    """A person's name alone on a line: 1-5 capitalised words, no digits or punctuation."""
    if ln.words > 5 or ln.kind not in (SHORT, MID) or len(ln.text) > 48:
        return False
    text = ln.text
    return not (ln.digit or is_terminal(text) or "," in text) and bool(_NAME_WORDS.fullmatch(text))


def _role_line(ln: Line) -> bool:
    """A role or affiliation: "Deputy Director-General of RUSI", "PhD Candidate, RAS"."""
    if ln.words > 25 or ln.kind not in (SHORT, MID, LIST, LONG, META) or ln.text.endswith("."):
        return False
    found = ln.role
    if found is None:
        words = _ROLE_SPLIT.split(ln.text.lower())
        found = ln.role = any(w.strip(".") in _ROLE_WORDS or w in _ROLE_WORDS for w in words)
    return found


# punctuation read as a word break when a name is looked up in the text above it
_PUNCT = ".,;:!?\"'“”‘’()[]"


def _punct_to_space(text: str) -> str:
    for c in _PUNCT:
        if c in text:
            text = text.replace(c, " ")
    return text


def find_attributions(ctx: Context) -> None:
    lines = ctx.lines
    nb = ctx.nonblank_indices
    names = ctx.ranks_having(NAME)
    if not names:
        return  # both finders start from a name line
    # a pull quote's speaker repeated under it: surname, full name, role.  A quote is
    # a prose line with a run of up to 4 short lines under it (up to the next line that
    # breaks runs), one of them a name line (a name line never breaks a run)
    code = "".join(map(_RUN_CODE.__getitem__, map(and_, ctx.facts, repeat(NAME | BREAK | QUOTE))))
    for m in _QUOTE_RUN.finditer(code):
        n = m.start()
        run: list[int] = []
        for j in nb[n + 1 : n + 5]:
            if lines[j].facts & BREAK:
                break
            run.append(j)
        named = [j for j in run if lines[j].facts & NAME]
        if len(named) == 1 and not any(_role_line(lines[j]) for j in run if j != named[0]):
            continue  # one echo at most, and no role beside it
        context = " ".join(lines[k].text for k in nb[max(0, n - 3) : n + 1]).lower()
        # a quick test first: a word found between spaces in the padded text is in the text
        echoes = [
            j for j in named if all(w.strip(".").lower() in context for w in lines[j].text.split())
        ]
        if echoes:
            padded = f" {_punct_to_space(context)} "
            echoes = [
                j
                for j in echoes
                if all(f" {w.strip('.').lower()} " in padded for w in lines[j].text.split())
            ]
        if not echoes:
            continue
        roles = [j for j in run if j not in echoes and _role_line(lines[j])]
        if echoes and (len(echoes) >= 2 or roles):
            last = max(echoes + roles)
            for j in run:
                if j <= last:
                    ctx.label(j, "attribution-echo", group=run[0])
    # author boxes: name line + role/affiliation line, outside the article body
    body = ctx.body
    if body is None:
        return
    # author boxes sit next to the article: look at 40 lines on either side of the body
    pos = ctx.position
    first, last = pos.get(body.first, 0), pos.get(body.last, len(nb) - 1)
    near = names[bisect_left(names, first - 40) : bisect_left(names, first)]
    near += names[bisect_left(names, last + 1) : bisect_left(names, last + 41)]
    for n in near:
        i = nb[n]
        if i in ctx.labels:
            continue
        if n + 1 >= len(nb):
            continue
        j = nb[n + 1]
        if body.first <= j <= body.last:
            continue
        if _role_line(lines[j]) and j not in ctx.labels:
            ctx.label(i, "author-box", group=i)
            ctx.label(j, "author-box", group=i)


_RUN_CODE: dict[int, str] = {}  # a character for each line (see below)
_QUOTE_RUN = re.compile(r"Q(?=\.{0,3}N)")


# -- bylines, datelines, credits ----------------------------------------------------------

_DATE_LABELS = re.compile(
    r"\b(?:published|updated|posted|modified|last|on|at|am|pm|a\.m\.|p\.m\.|et|est|edt|pt|pst|"
    r"pdt|ct|cst|cdt|gmt|utc|bst|cet|cest|ist|date|time|read|min|minutes?|hours?|ago|today|"
    r"yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|"
    r"sat|sun|de|del|le|am|um|и|в|г|года)\b\.?",
    re.I,
)
_HANDLE = re.compile(r"\(@\w+\)")
_DATE_SPLIT = re.compile(r"[\s|·•,/()\-–—:]+")
_WORDISH = re.compile(r"[^\W\d_]")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\b")
_CREDIT = re.compile(
    r"^\W*(?:photo(?:graph)?s?|image|picture|pic|foto|fotos|bild|illustration|graphic|video|"
    r"source|credit|courtesy|getty)(?:\s+(?:credit|source|by|via|courtesy))?\s*[:/|©-]\s*\S"
    r"|^\W*(?:image|photo|picture|video) caption\b"
    r"|\((?:image|photo|picture|pic|credit|source|foto)s?:\s*[^)]{1,60}\)\s*$"
    r"|\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|reuters/|/reuters|"
    r"/afp|/ap\b|epa-efe|image credit|photo credit|photo by|photo:|image via|photo via)",
    re.I,
)


def _credit_hint(low: str) -> bool:
    """A cheap test before the credit pattern: one of its words is in the line
    ("graphic" holds "ap")."""
    return (
        "pic" in low
        or "photo" in low
        or "image" in low
        or "foto" in low
        or "bild" in low
        or "illustration" in low
        or "video" in low
        or "source" in low
        or "credit" in low
        or "courtesy" in low
        or "getty" in low
        or "shutterstock" in low
        or "istock" in low
        or "reuters" in low
        or "afp" in low
        or "ap" in low
        or "epa" in low
    )


def _datelike(text: str) -> bool:
    """The line is a date or time, with labels ("Updated") and at most a name."""
    rest = _ISO.sub(" ", text)
    rest = DATE.sub(" ", rest)
    if rest == text:
        return False
    rest = _DATE_LABELS.sub(" ", rest)
    words = [w for w in _DATE_SPLIT.split(rest) if _WORDISH.search(w)]
    if len(words) <= 1:
        return True
    # "Chris Davies - Nov 19, 2019": a name beside the date, nothing else
    return len(words) <= 4 and all(w[:1].isupper() or w.lower() == "by" for w in words)


def _meta_fact(ln: Line) -> int:
    """BYLINE, DATELINE, CREDIT or 0: what :func:`find_meta` makes of the line (outside a
    table)."""
    text = ln.text
    if len(text) > 160:
        return 0
    if "://" in text or text.startswith("www.") or ("(@" in text and _HANDLE.search(text)):
        return 0  # a link, or the signature of an embedded post
    if ln.kind == META or (ln.digit and ln.kind in (SHORT, MID, LIST) and _ISO.search(text)):
        if ln.tag == "byline":
            return BYLINE
        if ln.tag != "counter" and _datelike(text):
            return DATELINE
        return 0
    if (ln.kind == PROSE and ln.words > 12) or ln.words > 40:
        return 0
    return CREDIT if _credit_hint(text.lower()) and _CREDIT.search(text) else 0


def find_meta(ctx: Context) -> None:
    lines = ctx.lines
    found = ctx.having(BYLINE | DATELINE | CREDIT)
    tables = _table_rows(ctx) if found else set()
    for i in found:
        if i in tables:
            continue
        facts = lines[i].facts
        kind = "byline" if facts & BYLINE else "dateline" if facts & DATELINE else "image-credit"
        ctx.label(i, kind)


def _table_rows(ctx: Context) -> set[int]:
    """Lines of runs of >= 3 consecutive lines that each hold a digit (tables, schedules)."""
    rows: set[int] = set()
    run: list[int] = []
    pos = ctx.position
    last = -2
    for i in ctx.having(TABLE_ROW):
        p = pos[i]
        if p != last + 1:
            if len(run) >= 3:
                rows.update(run)
            run = []
        run.append(i)
        last = p
    if len(run) >= 3:
        rows.update(run)
    return rows


# -- the article region -----------------------------------------------------------------

_HEADING_KINDS = frozenset((SHORT, MID, LIST))
_NAV_KINDS = frozenset((SHORT, MID, SOFT, MARK, LABEL))
# lines that show a web page around the text: markers, notices, dates, bylines
_EVIDENCE = frozenset((MARK, SOFT, LABEL, COPY, META))


def _kept_before_body(ctx: Context, body: Body) -> set[int]:
    """Lines just above the body that read as its headings, and a lone title line."""
    kept: set[int] = set()
    lines = ctx.lines
    before = ctx.nonblank(0, body.first)
    if len(before) == 1 and lines[before[0]].kind in _HEADING_KINDS:
        return {before[0]}
    title = lines[before[0]].norm if before else ""
    for n in range(len(before) - 1, max(len(before) - 3, -1), -1):
        i = before[n]
        ln = lines[i]
        if i in ctx.labels or ln.kind not in _HEADING_KINDS:
            break
        if ln.norm and ctx.norms.count(ln.norm) > 1:
            break  # a repeated line (the page title shown again, a menu item)
        if i != before[0] and title and ln.norm and ln.norm in title:
            break
        if n >= 2 and all(_menu_item(lines[k]) for k in before[n - 2 : n + 1]):
            break  # the end of a menu
        kept.add(i)
    return kept


def _menu_item(ln: Line) -> bool:
    """A menu entry: a few words, each capitalised (or in a script without case)."""
    if ln.kind not in (SHORT, MID, LABEL) or ln.words > 6:
        return False
    return all(not w[:1].isalpha() or not w[:1].islower() for w in ln.text.split())


def _page_evidence(ctx: Context, idx: list[int]) -> bool:
    """Markers, notices, dates, widgets or a menu: the lines come from a web page."""
    run = 0
    for i in idx:
        if i in ctx.labels or ctx.lines[i].kind in _EVIDENCE:
            return True
        run = run + 1 if _menu_item(ctx.lines[i]) else 0
        if run >= 4:
            return True
    return False


def find_region(ctx: Context) -> None:
    """Lines outside the body: navigation runs, other furniture, text.  The last finder:
    its lines are given as whole blocks (``ctx.blocks``), not labelled one by one."""
    body = ctx.body
    if body is None:
        return
    kept = _kept_before_body(ctx, body)
    min_run = int(ctx.config.region.get("nav_run", 3))
    labels = ctx.labels
    nb = ctx.nonblank_indices
    first, last = bisect_left(nb, body.first), bisect_left(nb, body.last + 1)
    # the kinds of the lines, "x" for labelled and kept lines (no navigation, no block)
    code = ctx.code
    if labels or kept:
        pos = ctx.position
        chars = list(code)
        for i in (*labels, *kept):
            chars[pos[i]] = "x"
        code = "".join(chars)
    blocks = ctx.blocks
    for lo, hi, where in ((0, first, "before"), (last, len(nb), "after")):
        idx = nb[lo:hi]
        if kept:
            idx = [i for i in idx if i not in kept]
        if not _page_evidence(ctx, idx):
            continue  # no sign of a web page around the text: a poem, a list, a signature
        rest = code[lo:hi]
        # navigation runs: >= min_run consecutive link-like lines; a run made only of
        # phrase-rule lines ("Leave a Reply", "Share") is left to BP001
        navs = [
            m.span()
            for m in _NAV_RUN.finditer(code, lo, hi)
            if m.end() - m.start() >= min_run and m.group().strip(_MARK_SOFT)
        ]
        if navs:
            chars = list(rest)
            for a, b in navs:
                run = nb[a:b]
                blocks.setdefault("nav-run", []).append((run, {"group": run[0]}))
                chars[a - lo : b - lo] = "x" * (b - a)
            rest = "".join(chars)
        # the other lines, but for marker phrases (the phrase rules', BP001): runs of
        # prose lines and runs of the others
        args = {"where": where}
        for m in _OUTSIDE_RUN.finditer(rest.translate(_OUTSIDE)):
            a, b = m.span()
            kind = "off-article-prose" if m.group()[0] == "p" else "outside-article"
            blocks.setdefault(kind, []).append((nb[lo + a : lo + b], args))


_NAV_RUN = re.compile("[" + "".join(KIND_CODE[k] for k in _NAV_KINDS) + "]+")
_MARK_SOFT = KIND_CODE[MARK] + KIND_CODE[SOFT]
# prose -> "p"; markers, code and "x" -> "x" (no block); the other kinds -> "o"
_OUTSIDE = str.maketrans(
    {
        KIND_CODE[k]: "p" if k in (PROSE, LONG) else "x" if k in (MARK, SOFT, CODE) else "o"
        for k in KIND_CODE
        if k != BLANK
    }
)
_OUTSIDE_RUN = re.compile("p+|o+")


def find_thread(ctx: Context) -> None:
    first = None
    for i in sorted(ctx.layout.thread):
        if first is None or ctx.next_nonblank(i, -1) not in ctx.layout.thread:
            first = i
        ctx.label(i, "comment-thread", group=first)


def find_inline_links(ctx: Context) -> None:
    """ "Read more: <title>", "Related: <title>": a link label and the title it points to."""
    prefixes = ctx.config.link_prefixes
    if not prefixes:
        return
    for i in ctx.having(INLINE_LINK):
        ctx.label(i, "inline-link")


def _inline_link(ln: Line, prefixes: frozenset[str]) -> bool:
    if ln.words > 40 or ln.words < 2 or ln.kind == CODE or not prefixes:
        return False
    first = ln.text.split(None, 1)[0].lower().strip(_LINK_STRIP)
    if first not in _first_words(prefixes):
        return False
    head = _LINK_LABEL.match(ln.text)
    return head is not None and " ".join(head.group(1).split()).lower() in prefixes


@lru_cache(maxsize=16)
def _first_words(prefixes: frozenset[str]) -> frozenset[str]:
    return frozenset(p.split(" ", 1)[0] for p in prefixes)


_LINK_STRIP = " \t\u00a0-–—•·|»«›‹:>*#()[]…."
_LINK_LABEL = re.compile(r"^\W{0,3}([^\W\d][^:|»>]{0,40}?)\s*(?::|\||»|>>|–|—)\s*\S")


# -- what a line alone says ---------------------------------------------------------------

COUNTER = 1 << 0
"""A vote or rating counter (find_widgets)."""
VOTE = 1 << 1
"""A count or percentage of a poll option (find_widgets)."""
DOWNLOAD = 1 << 2
"""A file size (find_widgets)."""
SHARE = 1 << 3
"""Share words only (find_widgets; ``Line.share`` holds the counts)."""
WIKI = 1 << 4
"""A wiki or reader header (find_page_furniture)."""
PAGE_NO = 1 << 5
"""A bare page number (find_page_furniture)."""
PREV_NEXT = 1 << 6
"""A "Previous article" / "Next" label (find_page_furniture)."""
ADJACENT = 1 << 7
"""A "Next post: <title>" link (find_page_furniture)."""
SECTION = 1 << 8
"""A section label of the configuration (find_page_furniture)."""
BYLINE = 1 << 9
"""A byline (find_meta)."""
DATELINE = 1 << 10
"""A dateline (find_meta)."""
CREDIT = 1 << 11
"""An image credit (find_meta)."""
TABLE_ROW = 1 << 12
"""A short line with a digit, a row of a table when it has neighbours alike (find_meta)."""
INLINE_LINK = 1 << 13
"""A "Read more: <title>" link with a label of the configuration (find_inline_links)."""
NAME = 1 << 14
"""A person's name alone on the line (find_attributions)."""
BREAK = 1 << 15
"""Prose, or > 8 words, or a final "." or ":": ends a run of lines under a quote
(find_attributions)."""
QUOTE = 1 << 16
"""Prose (``prose`` or ``long``): may be a quote (find_attributions)."""
# find_attributions' view of a line: a quote (prose, which breaks runs), another line
# that breaks runs, a name, any other line
_RUN_CODE.update(
    {
        f: "Q" if f & QUOTE else "B" if f & BREAK else "N" if f & NAME else "."
        for f in (
            0,
            NAME,
            BREAK,
            NAME | BREAK,
            QUOTE,
            QUOTE | NAME,
            QUOTE | BREAK,
            QUOTE | BREAK | NAME,
        )
    }
)
_FACTS = attrgetter("facts")
_NORM = attrgetter("norm")


def line_facts(ln: Line, config: Config) -> int:
    """The bits above that hold for the line: the tests the finders make of a line's text
    and shape alone, made once per distinct line (a Line is shared by every line of that
    text), so that each finder walks only the lines that may concern it."""
    text = ln.text
    if ln.kind in (BLANK, CODE):  # never labelled
        return BREAK if ln.kind == CODE and text.endswith((".", ":")) else 0
    n = len(text)
    if ln.kind in (PROSE, LONG):
        facts = BREAK | QUOTE
    elif ln.words > 8 or text.endswith((".", ":")):
        facts = BREAK
    else:
        facts = 0
    if ln.norm in config.section_labels and ln.words <= 4:
        facts |= SECTION
    if not ln.wrapped and _inline_link(ln, config.link_prefixes):
        facts |= INLINE_LINK
    if n > 250:
        # every other test needs a shorter line (or a norm, made of <= 100 characters)
        return facts
    if ln.digit:
        if n <= 250:
            if ln.tag == "counter" and n <= 80:
                facts |= COUNTER
            if _is_vote(text):
                facts |= VOTE
            if not (ln.kind == PROSE and text.endswith(".")):
                m = _SIZE.search(text) if _SIZE_UNIT.search(text) else None
                if m and (m.end() >= len(text.rstrip(" )]")) - 1 or _FILE_TYPE.search(text)):
                    facts |= DOWNLOAD
        if n <= 20 and _PAGE_NO.match(text):
            facts |= PAGE_NO
        if ln.kind != PROSE and n < 200:
            facts |= TABLE_ROW
    if ln.words <= 12 and ln.norm and _share_tokens(ln) is not None:
        facts |= SHARE
    if text.find(":", 0, 16) >= 0 and n <= 200 and _WIKI_NS.match(text):
        facts |= WIKI
    if ln.norm in _PREV_NEXT and ln.words <= 3:
        facts |= PREV_NEXT
    elif n <= 200 and _PREV_NEXT_INLINE.match(text):
        facts |= ADJACENT
    facts |= _meta_fact(ln)
    if ln.words <= 5 and _name_line(ln):
        facts |= NAME
    return facts


FINDERS: list[Callable[[Context], None]] = [
    find_thread,
    find_widgets,
    find_page_furniture,
    find_attributions,
    find_meta,
    find_inline_links,
    find_region,
]


def run_all(ctx: Context) -> None:
    for finder in FINDERS:
        finder(ctx)


_UNUSED = (LIST, NUMBERED)
