"""Where the article body of a scraped page lies, from the shape of its lines.

Scraped page text is a body of prose paragraphs with furniture before and after
it (menus, teasers, comments, footers).  The body is the stretch of lines that
maximises

    sum(characters of prose lines) - sum(costs of the other lines)

(a maximum-sum segment, found in one pass).  A non-prose line costs according to
its class: menu-like runs of short lines cost much, a lone heading or list item
between paragraphs costs nothing, date/byline/counter lines and article-ending
markers ("Comments", "Related articles") cost a lot, and a copyright or cookie
notice costs so much that the body never reaches past it.  A run of short lines the
text introduces ("The squad in full:") or that holds figures costs nothing, nor do the
dates of a schedule in it ("Sunday 3 March: City v United").

Two kinds of prose do not count for the body: the records of a comment thread
(a name or date header line above each comment) and copies of text the page
shows elsewhere (a ticker repeated at the top and the bottom, a teaser of the
article repeated in hidden metadata).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import compress, count, repeat
from operator import and_, attrgetter, eq, ne

from corpus_lint.detectors.bp_lines import (
    BLANK,
    COPY,
    COPYABLE,
    HEAD,
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


def find_threads(
    lines: list[Line], min_headers: int, nonblank: list[int], shapes: list[int] | None = None
) -> set[int]:
    """Lines of comment threads: >= min_headers comment headers, each followed by prose.

    ``shapes``: the ``shape`` of each non-blank line (computed when not given).
    """
    if shapes is None:
        shapes = [lines[i].shape for i in nonblank]
    headers = [
        i for i in compress(nonblank, map(and_, shapes, repeat(HEAD))) if _comment_header(lines, i)
    ]
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


def find_copies(
    lines: list[Line], nonblank: list[int], shapes: list[int] | None = None
) -> set[int]:
    """Prose lines that repeat other text of the page.

    A run of three or more lines repeated elsewhere (a news ticker at the top and
    the bottom) loses all its copies.  ``shapes``: as for :func:`find_threads`.
    """
    if shapes is None:
        shapes = [lines[i].shape for i in nonblank]
    candidates = list(compress(nonblank, map(and_, shapes, repeat(COPYABLE))))
    keys = [lines[i].key for i in candidates]
    if len(set(keys)) == len(keys):
        return set()  # no text shown twice
    key_lines: dict[str, list[int]] = {}
    for i, key in zip(candidates, keys, strict=True):
        key_lines.setdefault(key, []).append(i)
    repeated = {i for idx in key_lines.values() if len(idx) > 1 for i in idx}
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
    lines: list[Line],
    params: Mapping[str, float],
    layout: Layout,
    nonblank: list[int],
    code: str | None = None,
    rows: list[Line] | None = None,
) -> list[float]:
    """The score of every non-blank line (``scores[n]`` is line ``nonblank[n]``'s):
    + characters for prose, - a cost for the rest.  ``code``: the kinds of the non-blank
    lines, see ``Split.code``; ``rows``: the non-blank lines (computed when not given)."""
    if code is None:
        code = "".join([KIND_CODE[lines[i].kind] for i in nonblank])
    if rows is None:
        rows = list(map(lines.__getitem__, nonblank))
    short_cost = params["short_cost"]
    mid_cost = params["mid_cost"]
    meta_cost = params["meta_cost"]
    marker_cost = params["marker_cost"]
    run_length = params["run_length"]
    copies = layout.copies
    # markers, dates and notices cost the same wherever they are; LIST, LONG, CODE: 0
    fixed = {
        KIND_CODE[MARK]: -marker_cost,
        KIND_CODE[LABEL]: -marker_cost,
        KIND_CODE[META]: -meta_cost,
        KIND_CODE[COPY]: -params["copyright_cost"],
    }
    score: list[float] = list(map(fixed.get, code, repeat(0.0)))
    for n in compress(count(), map(eq, code, repeat(_PROSE))):
        if not copies or nonblank[n] not in copies:  # copied prose: 0
            score[n] = float(len(rows[n].text))
    # runs of short non-prose lines (blank lines between them do not end a run): their
    # headings and menu items cost when the run is long
    if len(code) >= run_length:
        in_runs = {_MID: -mid_cost, KIND_CODE[SHORT]: -short_cost, KIND_CODE[SOFT]: -short_cost}
        for m in _RUN.finditer(code):
            a, b = m.span()
            if b - a < run_length:
                continue
            if not _content_list(rows, code, a, b):
                # markers and dates keep their cost
                score[a:b] = map(in_runs.get, code[a:b], score[a:b])
            elif _META in code[a:b]:
                # the rows of a schedule in the list ("Sunday 3 March: City v United"): a
                # date among >= 3 consecutive lines with digits costs nothing
                _table_dates(rows, code, a, b, score)
    if layout.thread:
        rank = {i: n for n, i in enumerate(nonblank)}
        for t in layout.thread:
            n = rank[t]
            score[n] = min(score[n], 0.0) - (meta_cost if code[n] == _META else 0.0)
    return score


_RUN = re.compile("[" + "".join(KIND_CODE[k] for k in _RUN_KINDS) + "]+")
_PROSE, _MID, _META = KIND_CODE[PROSE], KIND_CODE[MID], KIND_CODE[META]
_PROSE_CODES = KIND_CODE[PROSE] + KIND_CODE[LONG]


def _content_list(rows: list[Line], code: str, a: int, b: int) -> bool:
    """A run of short lines (non-blank lines ``a`` to ``b - 1``) that reads as part of
    the text: introduced by a line ending in a colon ("The starting line-up:"), or a
    table whose rows hold figures."""
    for intro in (rows[a - 1], rows[a]) if a else (rows[a],):
        if intro.text.endswith(":") and intro.words >= 2 and intro.kind not in (MARK, LABEL, META):
            return True
    # lines with a digit, dates aside
    figures: int = sum(compress(map(_DIGIT, rows[a:b]), map(ne, code[a:b], repeat(_META))))
    return figures >= 3 and figures >= 0.6 * (b - a)


def _table_dates(rows: list[Line], code: str, a: int, b: int, score: list[float]) -> None:
    """Set the score of the date lines in runs of >= 3 lines with digits (non-blank lines
    ``a`` to ``b - 1``) to 0."""
    n = a
    while n < b:
        if not rows[n].digit:
            n += 1
            continue
        m = n
        while m < b and rows[m].digit:
            m += 1
        if m - n >= 3:
            for k in range(n, m):
                if code[k] == _META and rows[k].tag == "date":
                    score[k] = 0.0
        n = m


def find_layout(
    lines: list[Line],
    params: Mapping[str, float],
    nonblank: list[int] | None = None,
    code: str | None = None,
) -> Layout:
    """The body (the maximum-sum stretch of lines), or None when there is too little prose.

    ``nonblank``: the indices of the lines whose kind is not ``blank``; ``code``: their
    kinds (see ``Split.code``).
    """
    if nonblank is None:
        nonblank = [i for i, ln in enumerate(lines) if ln.kind != BLANK]
    if code is None:
        code = "".join([KIND_CODE[lines[i].kind] for i in nonblank])
    rows = list(map(lines.__getitem__, nonblank))
    shapes = list(map(_SHAPE, rows))
    layout = Layout(None)
    layout.thread = find_threads(lines, int(params["thread_min"]), nonblank, shapes)
    layout.copies = find_copies(lines, nonblank, shapes)
    score = line_scores(lines, params, layout, nonblank, code, rows)
    best = 0.0
    best_first = best_last = -1
    cur = 0.0
    cur_first = 0
    # blank lines score 0 and never begin or end the best stretch: only the non-blank
    # lines are scored; a line of score 0 changes neither the sum nor the best stretch
    # (after a sum <= 0 the next line starts a new stretch anyway), so only the others
    # are read
    for n in compress(count(), score):
        v = score[n]
        if cur <= 0:
            cur = v
            cur_first = n
        else:
            cur += v
        if cur > best:
            best = cur
            best_first, best_last = cur_first, n
    if best_first < 0:
        return layout
    prose = sum(
        map(
            len,
            map(
                _TEXT,
                compress(
                    rows[best_first : best_last + 1],
                    map(_PROSE_CODES.__contains__, code[best_first : best_last + 1]),
                ),
            ),
        )
    )
    if prose < params["min_body_chars"]:
        return layout
    last = _extend_list(lines, nonblank[best_last], int(params["list_items"]))
    layout.body = Body(nonblank[best_first], last, prose)
    return layout


_SHAPE = attrgetter("shape")
_DIGIT = attrgetter("digit")
_TEXT = attrgetter("text")


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
