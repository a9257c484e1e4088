"""The structure rules: each finder gives furniture lines one label.

Finders run in a fixed order; a line keeps the first label it gets, so the most
specific finders (widgets, headers, bylines) run first and the region finder
(lines outside the article body) last.  Every finder looks at the form of the
lines (length, punctuation, capitals, digits) and at their neighbours, never at
a site's own words; the few phrase lists it needs come from the rule pack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from corpus_lint.detectors.bp_lines import (
    BLANK,
    BYLINE,
    COPY,
    COUNTER,
    DATE,
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
    "outside-article": "page furniture outside the article",
    "off-article-prose": "text outside the article",
}
KINDS: tuple[str, ...] = tuple(DESCRIPTIONS)


@dataclass(frozen=True, slots=True)
class Config:
    region: Mapping[str, float]
    section_labels: frozenset[str] = frozenset()


@dataclass(slots=True)
class Context:
    text: str
    lines: list[Line]
    body: Body | None
    config: Config
    layout: Layout
    labels: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    _nonblank: list[int] | None = None
    _pos: dict[int, int] | None = None

    def label(self, i: int, kind: str, **args: Any) -> None:
        if i not in self.labels and self.lines[i].kind != BLANK:
            self.labels[i] = (kind, args)

    @property
    def nonblank_indices(self) -> list[int]:
        if self._nonblank is None:
            self._nonblank = [ln.index for ln in self.lines if ln.kind != BLANK]
            self._pos = {k: n for n, k in enumerate(self._nonblank)}
        return self._nonblank

    def nonblank(self, lo: int, hi: int) -> list[int]:
        """Indices of non-blank lines in ``[lo, hi)``."""
        return [k for k in self.nonblank_indices if lo <= k < hi]

    def next_nonblank(self, i: int, step: int = 1) -> int | None:
        """The non-blank line ``step`` places after (negative: before) line ``i``."""
        nb = self.nonblank_indices
        assert self._pos is not None
        if i in self._pos:
            n = self._pos[i] + step
        else:  # i is blank: find its neighbour
            import bisect

            n = bisect.bisect_left(nb, i) + (step - 1 if step > 0 else step)
        if 0 <= n < len(nb):
            return nb[n]
        return None

    def in_body(self, i: int) -> bool:
        return self.body is not None and self.body.first <= i <= self.body.last


# -- widgets ----------------------------------------------------------------------------

_SIZE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:[KM]i?B|[KM]b|kB|kb|Кб|КБ|Мб|МБ|ko|Ko|Mo)\b")
_FILE_TYPE = re.compile(r"\b(?:pdf|docx?|xlsx?|pptx?|zip|rar|epub|mobi|mp3|mp4|csv|odt|rtf)\b", re.I)
_SHARE_WORDS = frozenset(
    "facebook twitter linkedin whatsapp email e-mail mail print pinterest reddit tumblr telegram "
    "vk vkontakte share tweet pin pinit flipboard pocket xing sms messenger viber line copy link "
    "google+ googleplus google+1 skype mix digg stumbleupon delicious buffer evernote weibo wechat "
    "qq ok odnoklassniki livejournal blogger gmail outlook yahoo threads bluesky mastodon x "
    "comment comments save bookmark subscribe rss youtube instagram".split()
)
_SHARE_CORE = frozenset(
    "facebook twitter linkedin whatsapp pinterest reddit tumblr telegram vk vkontakte tweet "
    "flipboard pocket xing messenger viber google+ googleplus digg stumbleupon weibo wechat "
    "odnoklassniki threads bluesky mastodon".split()
)
_VOTE_LINE = re.compile(
    r"^\W*(?:\d[\d,.]*\s*\(\s*\d{1,3}(?:[.,]\d+)?\s*%\s*\)|\d{1,3}(?:[.,]\d+)?\s*%"
    r"|\d[\d,.]*\s+(?:votes?|голос\w*|voti|votos|stimmen)|\(\s*\d[\d,.]*\s+votes?\s*\))\W*$",
    re.I,
)
_VOTE_TAIL = re.compile(r"\s\d[\d,.]*\s*\(\s*\d{1,3}(?:[.,]\d+)?\s*%\s*\)\s*$")


def _share_tokens(text: str) -> tuple[int, int] | None:
    """(share words, core network names) if every word of the line is a share word."""
    words = re.split(r"[\s|/•·,]+", text.lower().strip(" |•·-"))
    words = [w.strip("()[]:") for w in words if w.strip("()[]:")]
    if not words or len(words) > 12:
        return None
    if not all(w in _SHARE_WORDS for w in words):
        return None
    return len(words), sum(1 for w in words if w in _SHARE_CORE)


def find_widgets(ctx: Context) -> None:
    lines = ctx.lines
    nb = ctx.nonblank_indices
    # vote and rating counters
    for i in nb:
        ln = lines[i]
        if len(ln.text) <= 80 and COUNTER.match(ln.text):
            ctx.label(i, "vote-count")
    # polls: a question, then >= 2 options each with a count or percentage
    k = 0
    while k < len(nb):
        i = nb[k]
        if _VOTE_LINE.match(lines[i].text) or _VOTE_TAIL.search(lines[i].text):
            counts = [i]
            m = k + 1
            while m < len(nb) and m <= k + 2 * 12:
                j = nb[m]
                if _VOTE_LINE.match(lines[j].text) or _VOTE_TAIL.search(lines[j].text):
                    if nb.index(counts[-1]) < m - 2:
                        break
                    counts.append(j)
                m += 1
            if len(counts) >= 2:
                _label_poll(ctx, counts)
                k = nb.index(counts[-1]) + 1
                continue
        k += 1
    # downloads: a short line naming a file size
    for i in nb:
        ln = lines[i]
        if len(ln.text) > 250 or ln.kind == PROSE and ln.text.endswith("."):
            continue
        m = _SIZE.search(ln.text)
        if m and (m.end() >= len(ln.text.rstrip(" )]")) - 1 or _FILE_TYPE.search(ln.text)):
            ctx.label(i, "download-link")
    # share bars: lines made only of network names and share words
    run: list[int] = []
    core = 0
    for i in [*nb, -1]:
        tokens = _share_tokens(lines[i].text) if i >= 0 else None
        if tokens is not None and (not run or ctx.next_nonblank(run[-1]) == i):
            run.append(i)
            core += tokens[1]
            continue
        if run and core >= 1 and (core >= 2 or sum(len(lines[r].text.split()) for r in run) >= 3):
            for r in run:
                ctx.label(r, "share-bar", group=run[0])
        run, core = ([i], tokens[1]) if tokens is not None else ([], 0)


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
        and lines[label].kind in (SHORT, MARK, SOFT)
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
        "previous article", "next article", "previous post", "next post", "previous story",
        "next story", "previous entry", "next entry", "previous", "next", "prev", "older post",
        "newer post", "older", "newer", "previous page", "next page", "read previous",
        "read next", "up next", "next up", "previous episode", "next episode",
        "previous chapter", "next chapter",
    )
)
_PREV_NEXT_INLINE = re.compile(
    r"^\W*(?:previous|next|prev|older|newer)\s+(?:article|post|story|entry)\s*[:»«›‹>]\s*\S", re.I
)


def find_page_furniture(ctx: Context) -> None:
    lines = ctx.lines
    nb = ctx.nonblank_indices
    for i in nb:
        ln = lines[i]
        if len(ln.text) <= 200 and _WIKI_NS.match(ln.text):
            ctx.label(i, "reader-header")
    # bare page numbers at a break in the prose
    for i in nb:
        ln = lines[i]
        if len(ln.text) > 20 or not _PAGE_NO.match(ln.text):
            continue
        prev = ctx.next_nonblank(i, -1)
        nxt = ctx.next_nonblank(i, 1)
        neighbours = [x for x in (prev, nxt) if x is not None]
        if any(_PAGE_NO.match(lines[x].text) for x in neighbours):
            continue  # a column of numbers
        if prev is not None and lines[prev].kind in (PROSE, LONG):
            ctx.label(i, "page-number")
        elif nxt is not None and lines[nxt].kind in (PROSE, LONG) and prev is None:
            ctx.label(i, "page-number")
    # previous / next article links with the linked titles under them
    for i in nb:
        ln = lines[i]
        if ln.norm in _PREV_NEXT and ln.words <= 3:
            ctx.label(i, "adjacent-article", group=i)
            nxt = ctx.next_nonblank(i, 1)
            if (
                nxt is not None
                and lines[nxt].norm not in _PREV_NEXT
                and _title_like(lines[nxt])
                and nxt not in ctx.labels
            ):
                ctx.label(nxt, "adjacent-article", group=i)
        elif len(ln.text) <= 200 and _PREV_NEXT_INLINE.match(ln.text):
            ctx.label(i, "adjacent-article", group=i)
    # a section label with nothing under it
    labels = ctx.config.section_labels
    for n, i in enumerate(nb):
        if lines[i].norm not in labels or lines[i].words > 4:
            continue
        rest = nb[n + 1 :]
        if all(
            lines[j].kind in (MARK, SOFT, COPY) or lines[j].norm in labels or j in ctx.labels
            for j in rest
        ):
            ctx.label(i, "empty-section")


def _title_like(ln: Line) -> bool:
    """A linked headline: short, no full stop at its end."""
    if ln.kind in (SHORT, MID, LIST):
        return True
    return ln.kind == PROSE and ln.words <= 25 and not ln.text.endswith(".")


# -- attributions and author boxes --------------------------------------------------------

_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|de|da|van|von|der|den|bin|al|el|la|le|di|du)$")
_ROLE = re.compile(
    r"\b(?:director|professor|prof|fellow|editor|correspondent|reporter|writer|journalist|"
    r"contributor|columnist|analyst|researcher|expert|member|ph\.?\s?d|candidate|head|chief|"
    r"senior|deputy|president|chair(?:man|woman|person)?|founder|ceo|cto|cfo|manager|officer|"
    r"lecturer|student|institute|university|council|cent(?:er|re)|school|department|staff|"
    r"associate|assistant|consultant|partner|advis[eo]r|minister|secretary|ambassador|"
    r"director-general|scholar|dean|author|producer|photographer|specialist|coordinator|"
    r"strategist|economist|scientist|academy|foundation|college|programme|program|studies|"
    r"research|security|affairs|international|executive|vice)\b",
    re.I,
)


def _name_line(ln: Line) -> bool:
    """A person's name alone on a line: 1-5 capitalised words, no digits or punctuation."""
    if ln.kind not in (SHORT, MID) or ln.words > 5 or len(ln.text) > 48:
        return False
    if any(c.isdigit() for c in ln.text) or is_terminal(ln.text) or "," in ln.text:
        return False
    return all(_NAME_WORD.match(w) for w in ln.text.split())


def _role_line(ln: Line) -> bool:
    return (
        ln.kind in (SHORT, MID, LIST, LONG, META)
        and ln.words <= 25
        and not ln.text.endswith(".")
        and _ROLE.search(ln.text) is not None
    )


def find_attributions(ctx: Context) -> None:
    lines = ctx.lines
    nb = ctx.nonblank_indices
    # a pull quote's speaker repeated under it: surname, full name, role
    for n, q in enumerate(nb):
        if lines[q].kind not in (PROSE, LONG):
            continue
        run: list[int] = []
        for j in nb[n + 1 : n + 5]:
            ln = lines[j]
            if ln.kind in (PROSE, LONG) or ln.words > 8 or ln.text.endswith((".", ":")):
                break
            run.append(j)
        if not run:
            continue
        context = " ".join(lines[k].text for k in nb[max(0, n - 3) : n + 1])
        context_words = {w.strip(".,;:!?\"'“”‘’()").lower() for w in context.split()}
        echoes = [
            j
            for j in run
            if _name_line(lines[j])
            and all(w.strip(".").lower() in context_words for w in lines[j].text.split())
        ]
        roles = [j for j in run if j not in echoes and _role_line(lines[j])]
        if echoes and (len(echoes) >= 2 or roles):
            last = max(echoes + roles)
            for j in run:
                if j <= last:
                    ctx.label(j, "attribution-echo", group=run[0])
    # author boxes: name line + role/affiliation line, outside the article body
    if ctx.body is None:
        return
    for n, i in enumerate(nb):
        if ctx.in_body(i) or not _name_line(lines[i]) or i in ctx.labels:
            continue
        if n + 1 >= len(nb):
            continue
        j = nb[n + 1]
        if ctx.in_body(j) and j != ctx.body.first:
            continue
        if _role_line(lines[j]) and j not in ctx.labels:
            if ctx.in_body(j):  # the role line opened the body: give it back
                continue
            ctx.label(i, "author-box", group=i)
            ctx.label(j, "author-box", group=i)


# -- bylines, datelines, credits ----------------------------------------------------------

_DATE_LABELS = re.compile(
    r"\b(?:published|updated|posted|modified|last|on|at|am|pm|a\.m\.|p\.m\.|et|est|edt|pt|pst|"
    r"pdt|ct|cst|cdt|gmt|utc|bst|cet|cest|ist|date|time|read|min|minutes?|hours?|ago|today|"
    r"yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|"
    r"sat|sun|de|del|le|am|um|и|в|г|года)\b\.?",
    re.I,
)
_HANDLE = re.compile(r"\(@\w+\)")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\b")
_CREDIT = re.compile(
    r"^\W*(?:photo(?:graph)?s?|image|picture|pic|foto|fotos|bild|illustration|graphic|video|"
    r"source|credit|courtesy|getty)(?:\s+(?:credit|source|by|via|courtesy))?\s*[:/|©-]\s*\S"
    r"|\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|reuters/|/reuters|"
    r"/afp|/ap\b|epa-efe|image credit|photo credit|photo by|photo:|image via|photo via)",
    re.I,
)


def _datelike(text: str) -> bool:
    """The line is mostly a date or time (with labels such as 'Updated')."""
    rest = _ISO.sub(" ", text)
    rest = DATE.sub(" ", rest)
    if rest == text:
        return False
    rest = _DATE_LABELS.sub(" ", rest)
    words = [w for w in re.split(r"[\s|·•,/()\-–—:]+", rest) if re.search(r"\w", w)]
    return len(words) <= 1


def find_meta(ctx: Context) -> None:
    lines = ctx.lines
    nb = ctx.nonblank_indices
    tables = _table_rows(ctx)
    for i in nb:
        ln = lines[i]
        if i in tables or len(ln.text) > 160:
            continue
        text = ln.text
        if "://" in text or text.startswith("www.") or _HANDLE.search(text):
            continue  # a link, or the signature of an embedded post
        if ln.kind == META or (ln.kind in (SHORT, MID, LIST) and _ISO.search(text)):
            if BYLINE.match(text):
                ctx.label(i, "byline")
            elif _datelike(text) or (DATE.search(text) or _ISO.search(text)) and ln.words <= 16:
                if not COUNTER.match(text):
                    ctx.label(i, "dateline")
            continue
        if ln.kind != PROSE or ln.words <= 20:
            if _CREDIT.search(text) and not (ln.kind == PROSE and ln.words > 12):
                ctx.label(i, "image-credit")


def _table_rows(ctx: Context) -> set[int]:
    """Lines of runs of >= 3 consecutive lines that each hold a digit (tables, schedules)."""
    rows: set[int] = set()
    run: list[int] = []
    for i in [*ctx.nonblank_indices, -1]:
        ln = ctx.lines[i]
        ok = i >= 0 and ln.kind != PROSE and any(c.isdigit() for c in ln.text) and len(ln.text) < 200
        if ok and (not run or ctx.next_nonblank(run[-1]) == i):
            run.append(i)
            continue
        if len(run) >= 3:
            rows.update(run)
        run = [i] if ok else []
    return rows


# -- the article region -----------------------------------------------------------------

_HEADING_KINDS = frozenset((SHORT, MID, LIST))
_NAV_KINDS = frozenset((SHORT, MID, SOFT, MARK))


def _kept_before_body(ctx: Context, body: Body) -> set[int]:
    """Lines just above the body that read as its headings, and a lone title line."""
    kept: set[int] = set()
    before = [i for i in ctx.nonblank(0, body.first)]
    if len(before) == 1 and ctx.lines[before[0]].kind in _HEADING_KINDS:
        return {before[0]}
    counts: dict[str, int] = {}
    for ln in ctx.lines:
        if ln.norm:
            counts[ln.norm] = counts.get(ln.norm, 0) + 1
    title = ctx.lines[before[0]].norm if before else ""
    for i in reversed(before[-2:]):
        ln = ctx.lines[i]
        if i in ctx.labels or ln.kind not in _HEADING_KINDS or counts.get(ln.norm, 0) > 1:
            break
        if i != before[0] and title and ln.norm and ln.norm in title:
            break
        kept.add(i)
    return kept


def find_region(ctx: Context) -> None:
    body = ctx.body
    if body is None:
        return
    lines = ctx.lines
    kept = _kept_before_body(ctx, body)
    min_run = int(ctx.config.region.get("nav_run", 3))
    for lo, hi, where in ((0, body.first, "before"), (body.last + 1, len(lines), "after")):
        idx = [i for i in ctx.nonblank(lo, hi) if i not in kept]
        # navigation runs: >= min_run consecutive link-like lines
        run: list[int] = []
        for i in [*idx, -1]:
            if i >= 0 and lines[i].kind in _NAV_KINDS and i not in ctx.labels:
                if run and ctx.next_nonblank(run[-1]) != i:
                    if len(run) >= min_run:
                        for k in run:
                            ctx.label(k, "nav-run", group=run[0])
                    run = []
                run.append(i)
                continue
            if len(run) >= min_run:
                for k in run:
                    ctx.label(k, "nav-run", group=run[0])
            run = []
        for i in idx:
            kind = lines[i].kind
            if kind in (MARK, SOFT):
                continue  # marker phrases are the phrase rules' (BP001)
            if kind in (PROSE, LONG):
                ctx.label(i, "off-article-prose", where=where)
            else:
                ctx.label(i, "outside-article", where=where)


def find_thread(ctx: Context) -> None:
    first = None
    for i in sorted(ctx.layout.thread):
        if first is None or ctx.next_nonblank(i, -1) not in ctx.layout.thread:
            first = i
        ctx.label(i, "comment-thread", group=first)


FINDERS: list[Callable[[Context], None]] = [
    find_thread,
    find_widgets,
    find_page_furniture,
    find_attributions,
    find_meta,
    find_region,
]


def run_all(ctx: Context) -> None:
    for finder in FINDERS:
        finder(ctx)


_UNUSED = (LIST, NUMBERED)
