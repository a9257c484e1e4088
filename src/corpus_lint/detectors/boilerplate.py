"""``structure``: scraping furniture found from the shape of the text.

One analysis per document (cached in ``doc.cache``) classifies every line
(:mod:`bp_lines`), finds the article body (:mod:`bp_region`) and gives each
furniture line one label (:mod:`bp_finders`): a navigation run, a widget, a
byline, a page header, a line outside the article...  Each rule of the
``boilerplate-structure`` pack runs this detector with one ``kind`` and reports
the lines carrying that label, consecutive lines of one label as one finding.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import partial
from itertools import compress, count, pairwise, repeat
from operator import is_not, ne, or_, sub
from typing import Any, ClassVar

from corpus_lint.api import Detector, DetectorError, Edit, Fix, Hit
from corpus_lint.detectors import bp_finders
from corpus_lint.detectors.bp_lines import (
    LineCache,
    Vocabulary,
    normalize,
    raw_lines,
    split_lines,
)
from corpus_lint.detectors.bp_region import DEFAULTS as REGION_DEFAULTS
from corpus_lint.detectors.bp_region import find_layout
from corpus_lint.document import Document
from corpus_lint.engine import EXCERPT_LIMIT, clip

KINDS: tuple[str, ...] = bp_finders.KINDS

_PHRASE_LISTS = {
    "end_markers": "whole lines that end an article (comment and related-content headers)",
    "soft_markers": "whole lines that may interrupt an article (Advertisement, Read more)",
    "end_labels": "one-word section headers that end an article (Related, Tags)",
    "link_prefixes": "labels of inline links to other articles ('Read more: <title>')",
    "section_labels": "labels of end sections (Footnotes, References) for empty-section",
}
_ANALYSIS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **{
            key: {"type": "array", "items": {"type": "string", "minLength": 1}, "description": d}
            for key, d in _PHRASE_LISTS.items()
        },
        "region": {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: {"type": "number"} for k in REGION_DEFAULTS},
        },
    },
}


class Analysis:
    """Everything the structure rules need to know about one document."""

    __slots__ = ("blocks", "body", "labels", "layout", "lines", "split")

    def __init__(
        self,
        doc: Document,
        vocab: Vocabulary,
        config: bp_finders.Config,
        cache: LineCache | None = None,
    ) -> None:
        text = doc.text
        if cache is None or cache.vocab != vocab or cache.key != config:
            cache = line_cache(vocab, config)
        self.split = split_lines(text, (), cache, raw_lines(doc))
        self.lines = self.split.lines
        split = self.split
        self.layout = find_layout(self.lines, config.region, split.nonblank, split.code)
        self.body = self.layout.body
        ctx = bp_finders.Context(
            text,
            self.lines,
            self.body,
            config,
            self.layout,
            _nonblank=split.nonblank,
            _code=split.code,
        )
        bp_finders.run_all(ctx)
        self.labels = ctx.labels
        self.blocks = self._blocks(ctx.position)
        for kind, found in ctx.blocks.items():  # (labels no other finder gives)
            self.blocks.setdefault(kind, []).extend(found)

    def _blocks(self, rank: dict[int, int]) -> dict[str, list[tuple[list[int], dict[str, Any]]]]:
        """Consecutive lines of one label and group (blank lines between) make one block."""
        blocks: dict[str, list[tuple[list[int], dict[str, Any]]]] = {}
        labels = self.labels
        if not labels:
            return blocks
        idx = sorted(labels)
        values = list(map(labels.__getitem__, idx))
        ranks = list(map(rank.__getitem__, idx))
        # a block may end where the next line is not the next non-blank line, or has
        # another label (a label given to many lines at once is one object)
        gaps = map(ne, map(sub, ranks[1:], ranks), repeat(1))
        changes = map(is_not, values[1:], values)
        starts = [0]
        for k in compress(count(1), map(or_, gaps, changes)):
            if ranks[k] != ranks[k - 1] + 1:
                starts.append(k)
                continue
            kind, args = values[k]
            prev_kind, prev_args = values[k - 1]
            if kind != prev_kind or args.get("group", args.get("where")) != prev_args.get(
                "group", prev_args.get("where")
            ):
                starts.append(k)
        starts.append(len(idx))
        for a, b in pairwise(starts):
            kind, args = values[a]
            blocks.setdefault(kind, []).append((idx[a:b], args))
        return blocks


class StructureDetector(Detector):
    """Reports the lines the shared structure analysis labels with this rule's ``kind``."""

    name: ClassVar[str] = "structure"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind"],
        "properties": {
            "kind": {"enum": list(KINDS)},
            "analysis": _ANALYSIS_SCHEMA,
            "fix": {"enum": ["none", "delete-line"]},
        },
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.kind: str = options["kind"]
        if self.kind not in KINDS:
            raise DetectorError(f"unknown kind {self.kind!r}")
        self.fix: str = options.get("fix", "delete-line")
        analysis = dict(options.get("analysis", {}))
        region = dict(REGION_DEFAULTS)
        region.update(analysis.get("region", {}))
        self.vocab = Vocabulary(
            end_markers=frozenset(normalize(p) for p in analysis.get("end_markers", ())),
            soft_markers=frozenset(normalize(p) for p in analysis.get("soft_markers", ())),
            end_labels=frozenset(normalize(p) for p in analysis.get("end_labels", ())),
        )
        self.config = bp_finders.Config(
            region=region,
            section_labels=frozenset(normalize(p) for p in analysis.get("section_labels", ())),
            link_prefixes=frozenset(
                " ".join(p.split()).lower() for p in analysis.get("link_prefixes", ())
            ),
        )
        self._key = "bp-structure:" + json.dumps(analysis, sort_keys=True)
        self._shapes = line_cache(self.vocab, self.config)

    def analysis(self, doc: Document) -> Analysis:
        found = doc.cache.get(self._key)
        if not isinstance(found, Analysis):
            found = Analysis(doc, self.vocab, self.config, self._shapes)
            doc.cache[self._key] = found
        return found

    def check(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        if not text:
            return
        result = self.analysis(doc)
        blocks = result.blocks.get(self.kind)
        if not blocks:
            return
        split = result.split
        offsets, raws, lines = split.offsets, split.raws, split.lines
        # where the engine would find them: line numbers count the lines before the text,
        # the excerpt is the first line (read between "\n"s: only without a "\r")
        base = doc.line_offset + 1
        plain = "\r" not in text
        what = bp_finders.DESCRIPTIONS[self.kind]
        delete = self.fix == "delete-line"
        size = len(raws)
        for block, args in blocks:
            first, last = block[0], block[-1]
            raw = raws[first]
            lead = len(raw) - len(lines[first].text)  # the spaces before and after the text
            if lead:
                lead = len(raw) - len(raw.lstrip())
            start = offsets[first] + lead
            excerpt = raw if len(raw) <= EXCERPT_LIMIT and "\t" not in raw else clip(raw)
            raw = raws[last]
            n = len(lines[last].text)
            end_col = len(raw) - len(raw.lstrip()) + n if len(raw) != n else n
            end = offsets[last] + end_col
            out = dict(args)
            out.pop("group", None)
            out["lines"] = len(block)
            out.setdefault("what", what)
            fix = None
            if delete:
                if plain:  # the lines with their line breaks
                    edit = Edit(
                        offsets[first], offsets[last + 1] if last + 1 < size else len(text), ""
                    )
                else:
                    edit = _delete_lines(text, start, end)
                # (edits, safe, description), positional: the fastest call
                fix = Fix((edit,), False, _DELETE_ONE if len(block) == 1 else _DELETE_MANY)
            # (start, end, args, fix, severity, position, excerpt)
            yield Hit(
                start,
                end,
                out,
                fix,
                None,
                (first + base, lead + 1, last + base, end_col + 1),
                excerpt if plain else None,
            )


_DELETE_ONE = "delete the line"
_DELETE_MANY = "delete the lines"


def line_cache(vocab: Vocabulary, config: bp_finders.Config) -> LineCache:
    """A cache of the Lines of the texts seen, with the finders' facts of ``config``."""
    return LineCache(vocab, partial(bp_finders.line_facts, config=config), config)


def _delete_lines(text: str, start: int, end: int) -> Edit:
    """Remove the lines holding ``[start, end)`` with their line breaks."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le + 1
    return Edit(ls, le, "")
