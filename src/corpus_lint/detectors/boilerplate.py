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
from typing import Any, ClassVar

from corpus_lint.api import Detector, DetectorError, Edit, Fix, Hit
from corpus_lint.detectors import bp_finders
from corpus_lint.detectors.bp_lines import Vocabulary, normalize, split_lines
from corpus_lint.detectors.bp_region import DEFAULTS as REGION_DEFAULTS
from corpus_lint.detectors.bp_region import find_layout
from corpus_lint.document import Document

KINDS: tuple[str, ...] = bp_finders.KINDS

_ANALYSIS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "end_markers": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "whole lines that end an article (comment and related-content headers)",
        },
        "soft_markers": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "whole lines that may interrupt an article (Advertisement, Read more)",
        },
        "section_labels": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "labels of end sections (Footnotes, References) for empty-section",
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

    __slots__ = ("body", "labels", "layout", "lines")

    def __init__(self, doc: Document, vocab: Vocabulary, config: bp_finders.Config) -> None:
        spans = [(s.start, s.end) for s in doc.lines()]
        self.lines = split_lines(doc.text, spans, vocab)
        self.layout = find_layout(self.lines, config.region)
        self.body = self.layout.body
        ctx = bp_finders.Context(doc.text, self.lines, self.body, config, self.layout)
        bp_finders.run_all(ctx)
        self.labels = ctx.labels


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
        )
        self.config = bp_finders.Config(
            region=region,
            section_labels=frozenset(normalize(p) for p in analysis.get("section_labels", ())),
        )
        self._key = "bp-structure:" + json.dumps(analysis, sort_keys=True)

    def analysis(self, doc: Document) -> Analysis:
        found = doc.cache.get(self._key)
        if not isinstance(found, Analysis):
            found = Analysis(doc, self.vocab, self.config)
            doc.cache[self._key] = found
        return found

    def check(self, doc: Document) -> Iterator[Hit]:
        if not doc.text:
            return
        result = self.analysis(doc)
        lines = result.lines
        block: list[int] = []
        block_args: dict[str, Any] = {}
        for i in sorted(result.labels):
            kind, args = result.labels[i]
            if kind != self.kind:
                continue
            if block and self._joins(result, block[-1], i, block_args, args):
                block.append(i)
                continue
            if block:
                yield self._hit(doc, lines, block, block_args)
            block = [i]
            block_args = args
        if block:
            yield self._hit(doc, lines, block, block_args)

    def _joins(
        self, result: Analysis, prev: int, cur: int, prev_args: dict[str, Any], args: dict[str, Any]
    ) -> bool:
        """Consecutive lines of one label (blank lines between) make one finding."""
        if prev_args.get("group") != args.get("group"):
            return False
        return all(result.lines[k].kind == "blank" for k in range(prev + 1, cur))

    def _hit(
        self, doc: Document, lines: list[bp_finders.Line], block: list[int], args: dict[str, Any]
    ) -> Hit:
        first, last = lines[block[0]], lines[block[-1]]
        out = {k: v for k, v in args.items() if k != "group"}
        out["lines"] = len(block)
        out.setdefault("what", bp_finders.DESCRIPTIONS[self.kind])
        fix = None
        if self.fix == "delete-line":
            edits = tuple(_delete_line(doc.text, lines[i].start, lines[i].end) for i in block)
            fix = Fix(edits, safe=False, description="delete the lines" if len(block) > 1 else "delete the line")
        return Hit(first.start, last.end, args=out, fix=fix)


def _delete_line(text: str, start: int, end: int) -> Edit:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le + 1
    return Edit(ls, le, "")
