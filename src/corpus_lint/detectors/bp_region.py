"""Where the article body of a scraped page lies, from the shape of its lines.

Scraped page text is a body of prose paragraphs with furniture before and after
it (menus, teasers, comments, footers).  The body is the stretch of lines that
maximises

    sum(characters of prose lines) - sum(costs of the other lines)

(a maximum-sum segment, found in one pass).  A non-prose line costs according to
its class: menu-like runs of short lines cost much, a lone heading or list item
between paragraphs costs nothing, date/byline/counter lines and article-ending
markers ("Comments", "Related articles") cost a lot, and a copyright or cookie
notice costs so much that the body never reaches past it.

Two kinds of prose do not count for the body: the records of a comment thread
(a name or date header line above each comment) and copies of text the page
shows elsewhere (a ticker repeated at the top and the bottom, a teaser of the
article repeated in hidden metadata).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from corpus_lint.detectors.bp_lines import (
    BLANK,
    COPY,
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
    is_dated,
    is_terminal,
)

DEFAULTS: dict[str, float] = {
    "short_cost": 100.0,
    "mid_cost": 80.0,
    "meta_cost": 300.0,
    "marker_cost": 400.0,
    "copyright_cost": 1000.0,
    "run_length": 3.0,
    "min_body_chars": 200.0,
    "nav_run": 3.0,
    "list_items": 3.0,
    "thread_min": 2.0,
}

_HEADER_KINDS = frozenset((META, SHORT, MID, LIST))
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$")
_RUN_KINDS = frozenset((SHORT, MID, MARK, LABEL, META, SOFT))
_ROLE_WORD = re.compile(
    r"\b(?:writer|editor|reporter|correspondent|author|staff|contributor|columnist|by)\b", re.I
)
_SAYS = re.compile(r"\b(?:says|said|wrote|writes|replied|commented)\s*:$", re.I)


@dataclass(frozen=True, slots=True)
class Body:
    first: int
    """Index of the body's first line."""
    last: int
    """Index of the body's last line (inclusive)."""
    prose_chars: int


@dataclass(slots=True)
class Layout:
    """The page's layout: the body, and the lines kept out of it."""

    body: Body | None
    thread: set[int] = field(default_factory=set)
    """Lines of comment threads."""
    copies: set[int] = field(default_factory=set)
    """Prose lines repeating text shown elsewhere on the page."""


def _prev(lines: list[Line], i: int) -> int | None:
    j = i - 1
    while j >= 0 and lines[j].kind == BLANK:
        j -= 1
    return j if j >= 0 else None


def _next(lines: list[Line], i: int) -> int | None:
    j = i + 1
    while j < len(lines) and lines[j].kind == BLANK:
        j += 1
    return j if j < len(lines) else None


def _handle(ln: Line) -> bool:
    """A user name on its own line: 1-3 words, no sentence punctuation."""
    return ln.kind == SHORT and not is_terminal(ln.text) and len(ln.text) <= 40


def _comment_header(lines: list[Line], i: int) -> bool:
    ln = lines[i]
    if ln.kind not in (META, SHORT, MID, LIST) or ln.words > 14 or len(ln.text) > 120:
        return False
    text = ln.text
    colon = text.endswith(":")
    if not colon and ln.tag != "date":
        return False
    dated = ln.tag == "date" or (ln.digit and is_dated(text))
    if dated and colon:
        return True  # "Jane on May 3, 2019 at 4:47 pm said:"
    if colon and ln.words <= 6 and _SAYS.search(text):
        # "Jane says:" above the comment's date line
        n = _next(lines, i)
        return n is not None and lines[n].kind == META and lines[n].tag == "date"
    if dated and ln.kind == META and ln.words <= 8:
        p = _prev(lines, i)  # "Jane" / "2 days ago at 07:52 am"
        return p is not None and _handle(lines[p]) and not _ROLE_WORD.search(lines[p].text)
    return False


def find_threads(lines: list[Line], min_headers: int, nonblank: list[int]) -> set[int]:
    """Lines of comment threads: >= min_headers comment headers, each followed by prose."""
    headers = []
    for i in nonblank:
        ln = lines[i]
        if (
            ln.kind in _HEADER_KINDS
            and ln.words <= 14
            and (ln.tag == "date" or ln.text.endswith(":"))
            and _comment_header(lines, i)
        ):
            headers.append(i)
    out: set[int] = set()
    group: list[int] = []
    for h in [*headers, -1]:
        if h >= 0 and group and _record_gap_ok(lines, group[-1], h):
            group.append(h)
            continue
        if len(group) >= min_headers:
            first = group[0]
            p = _prev(lines, first)
            if p is not None and _handle(lines[p]) and lines[first].kind == META:
                first = p
            last = _record_end(lines, group[-1])
            out.update(k for k in range(first, last + 1) if lines[k].kind != BLANK)
        group = [h] if h >= 0 else []
    return out


def _record_gap_ok(lines: list[Line], a: int, b: int) -> bool:
    """Between two headers: at most 12 non-blank lines, at least one of them prose."""
    seen = 0
    prose = False
    for k in range(a + 1, b):
        if lines[k].kind == BLANK:
            continue
        seen += 1
        prose = prose or lines[k].kind in (PROSE, LONG)
        if lines[k].kind in (MARK, LABEL, COPY) and lines[k].norm not in ("reply", "report"):
            return False
    return prose and seen <= 12


def _record_end(lines: list[Line], header: int) -> int:
    """The last line of the comment under ``header``."""
    end = header
    j = _next(lines, header)
    steps = 0
    while j is not None and steps < 5:
        k = lines[j].kind
        if k in (PROSE, LONG, LIST):
            end = j
        elif k in (MARK, LABEL, COPY, MID) or (
            k == SHORT and steps > 0 and lines[j].norm != "reply"
        ):
            break
        steps += 1
        j = _next(lines, j)
    return end


def find_copies(lines: list[Line], nonblank: list[int]) -> set[int]:
    """Prose lines that repeat other text of the page.

    A run of three or more lines repeated elsewhere (a news ticker at the top and
    the bottom) loses all its copies.
    """
    key_lines: dict[str, list[int]] = {}
    for i in nonblank:
        ln = lines[i]
        if ln.kind in (PROSE, LONG) and len(ln.text) >= 40:
            key = " ".join(ln.text[:80].split()).lower()[:50]
            key_lines.setdefault(key, []).append(i)
    repeated = {i for idx in key_lines.values() if len(idx) > 1 for i in idx}
    if not repeated:
        return set()
    partners: dict[int, list[int]] = {}
    for idx in key_lines.values():
        for i in idx:
            partners[i] = [j for j in idx if j != i]
    out: set[int] = set()
    # runs of repeated lines whose other copies lie elsewhere (not in the same run:
    # an article printed twice in a row keeps its text)
    run: list[int] = []
    for i in [*nonblank, -1]:
        if i in repeated:
            run.append(i)
            continue
        members = set(run)
        if len(run) >= 3 and not any(j in members for r in run for j in partners[r]):
            out.update(run)
        run = []
    return out


def line_scores(
    lines: list[Line], params: Mapping[str, float], layout: Layout, nonblank: list[int]
) -> list[float]:
    """The score of every line: + characters for prose, - a cost for the rest."""
    score = [0.0] * len(lines)
    short_cost = params["short_cost"]
    mid_cost = params["mid_cost"]
    meta_cost = params["meta_cost"]
    marker_cost = params["marker_cost"]
    run_length = params["run_length"]
    copies = layout.copies
    # runs of short non-prose lines (blank lines between them do not end a run)
    members: list[int] = []
    for i in [*nonblank, -1]:
        kind = lines[i].kind if i >= 0 else BLANK
        if kind in _RUN_KINDS:
            members.append(i)
            continue
        if members:
            full = len(members) >= run_length and not _content_list(lines, members[0], members)
            for m in members:
                k = lines[m].kind
                if k in (MARK, LABEL):
                    score[m] = -marker_cost
                elif k == META:
                    score[m] = -meta_cost
                elif full:
                    score[m] = -(mid_cost if k == MID else short_cost)
            members = []
        if kind == PROSE and i not in copies:
            score[i] = float(len(lines[i].text))
        elif kind == COPY:
            score[i] = -params["copyright_cost"]
        # LIST, LONG, CODE and copied prose: 0
    for t in layout.thread:
        score[t] = min(score[t], 0.0) - (meta_cost if lines[t].kind == META else 0.0)
    return score


def _content_list(lines: list[Line], first: int, members: list[int]) -> bool:
    """A run of short lines that reads as part of the text: introduced by a line
    ending in a colon ("The starting line-up:"), or a table whose rows hold figures."""
    for k in (_prev(lines, first), members[0]):
        intro = lines[k] if k is not None else None
        if (
            intro is not None
            and intro.text.endswith(":")
            and intro.words >= 2
            and intro.kind not in (MARK, LABEL, META)
        ):
            return True
    figures = sum(1 for m in members if lines[m].digit and lines[m].kind != META)
    return figures >= 3 and figures >= 0.6 * len(members)


def find_layout(
    lines: list[Line], params: Mapping[str, float], nonblank: list[int] | None = None
) -> Layout:
    """The body (the maximum-sum stretch of lines), or None when there is too little prose.

    ``nonblank``: the indices of the lines whose kind is not ``blank``.
    """
    if nonblank is None:
        nonblank = [i for i, ln in enumerate(lines) if ln.kind != BLANK]
    layout = Layout(None)
    layout.thread = find_threads(lines, int(params["thread_min"]), nonblank)
    layout.copies = find_copies(lines, nonblank)
    score = line_scores(lines, params, layout, nonblank)
    best = 0.0
    best_first = best_last = -1
    cur = 0.0
    cur_first = 0
    # blank lines score 0 and never begin or end the best stretch: skip them
    for i in nonblank:
        v = score[i]
        if cur <= 0:
            cur = v
            cur_first = i
        else:
            cur += v
        if cur > best:
            best = cur
            best_first, best_last = cur_first, i
    if best_first < 0:
        return layout
    prose = sum(
        len(ln.text) for ln in lines[best_first : best_last + 1] if ln.kind in (PROSE, LONG)
    )
    if prose < params["min_body_chars"]:
        return layout
    best_last = _extend_list(lines, best_last, int(params["list_items"]))
    layout.body = Body(best_first, best_last, prose)
    return layout


def _extend_list(lines: list[Line], last: int, min_items: int) -> int:
    """Carry the body over a list that directly follows its last paragraph."""
    j = last + 1
    end = last
    items = 0
    while j < len(lines):
        ln = lines[j]
        if ln.kind == BLANK:
            j += 1
            continue
        if ln.kind == LIST or NUMBERED.match(ln.text) or _URL_ONLY.match(ln.text):
            items += 1
            end = j
            j += 1
            continue
        break
    return end if items >= min_items else last
