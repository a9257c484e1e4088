"""A run's results on disk, so that memory grows with documents, not findings.

Scraped text yields dozens of findings a document (a 50 MB corpus gave 320,000):
kept as objects until the report is written, they took twenty times the memory of
the text.  The CLI sends every document's result to a :class:`Spool` instead: its
findings arrive as JSON lines (rendered and fingerprinted by the worker that linted
the document) and are appended to a temporary file, its ``documents`` entry to
another; the spool keeps only an index entry per document and the counts.

At the end, :meth:`Spool.report` gives the report with ``documents`` and
``findings`` as :class:`SpooledItems`: sequences read back from disk in report
order (path, then position; a document's findings are already in order, and the
few findings a join or an input problem adds are merged into their document's).
The JSON formatters copy the lines as they are; other formatters iterate dicts.
The report is the same, byte for byte, as :func:`corpus_lint.report.build_report`
of :func:`corpus_lint.engine.run` on the same input.
"""

from __future__ import annotations

import json
import tempfile
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import IO, Any

from corpus_lint.api import SEVERITIES
from corpus_lint.config import Config
from corpus_lint.engine import (
    _FINDING_ORDER,
    DocResult,
    Finding,
    RunInfo,
    Sink,
    finish_extras,
)

GROUP = 512
"""``documents`` lines handed to a formatter at a time."""

# index entry: path, index, source line (0 for none), then offset and length of the
# documents entry, then offset and length of the findings' lines, and their number
_Entry = tuple[str, int, int, int, int, int, int, int]
_BY_POSITION = itemgetter(0, 1)
_BY_SOURCE_LINE = itemgetter(0, 2)


class SpooledItems:
    """A report list read back from a spool: iterate it for dicts (one pass each
    time), or take :meth:`line_groups` for their JSON text."""

    __slots__ = ("_count", "_groups")

    def __init__(self, count: int, groups: Callable[[], Iterator[list[str]]]) -> None:
        self._count = count
        self._groups = groups

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        loads = json.loads
        for group in self._groups():
            for line in group:
                yield loads(line)

    def line_groups(self) -> Iterator[list[str]]:
        """The items' ``json.dumps(item, ensure_ascii=False)``, in order, in lists."""
        return self._groups()


class Spool(Sink):
    """Receives a run's results (see the module's docstring)."""

    render = True

    def __init__(self) -> None:
        # closed by close() (the CLI closes every spool it made)
        self._docs: IO[bytes] = tempfile.TemporaryFile(prefix="corpus-lint-")  # noqa: SIM115
        self._finds: IO[bytes] = tempfile.TemporaryFile(prefix="corpus-lint-")  # noqa: SIM115
        self._docs_end = 0
        self._finds_end = 0
        self._index: list[_Entry] = []
        self._paths: dict[str, None] = {}
        self._extras: list[Finding] = []
        self.by_rule: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.findings = 0
        self._closed = False

    # -- receiving ------------------------------------------------------------------

    def add(self, res: DocResult) -> None:
        assert res.lines is not None and res.counts is not None
        summary = json.dumps(res.summary, ensure_ascii=False).encode("utf-8")
        lines = res.lines.encode("utf-8")
        self._docs.write(summary)
        self._finds.write(lines)
        n = 0
        by_rule = self.by_rule
        by_severity = self.by_severity
        for (rule, severity), count in res.counts.items():
            by_rule[rule] += count
            by_severity[severity] += count
            n += count
        self.findings += n
        ref = res.ref
        self._index.append(
            (
                ref.path,
                ref.index,
                ref.source_line or 0,
                self._docs_end,
                len(summary),
                self._finds_end,
                len(lines),
                n,
            )
        )
        self._docs_end += len(summary)
        self._finds_end += len(lines)
        self._paths[ref.path] = None

    def add_extra(self, finding: Finding) -> None:
        self._extras.append(finding)

    def paths(self) -> Iterable[str]:
        return self._paths.keys()

    # -- the report -------------------------------------------------------------------

    def report(
        self,
        info: RunInfo,
        config: Config,
        baseline: frozenset[tuple[str, str | None, str]] | None = None,
    ) -> dict[str, Any]:
        """The report (``corpus_lint.report.build_report``'s layout) of the run."""
        from corpus_lint.report import report_header

        extras = finish_extras(self._extras, config, info.all_rules, baseline)
        self._extras = []
        by_rule = Counter(self.by_rule)
        by_severity = Counter(self.by_severity)
        for f in extras:
            by_rule[f.rule] += 1
            by_severity[f.severity] += 1
        grouped: dict[tuple[str, int], list[Finding]] = defaultdict(list)
        for f in extras:
            grouped[f.path, f.index].append(f)
        self._docs.flush()
        self._finds.flush()
        total = self.findings + len(extras)
        report = report_header(info)
        report["summary"] = {
            "files": info.files,
            "documents": len(self._index),
            "findings": total,
            "by_rule": dict(sorted(by_rule.items())),
            "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            "duration_seconds": round(info.duration, 3),
        }
        report["documents"] = SpooledItems(len(self._index), self._document_groups)
        report["findings"] = SpooledItems(total, lambda: self._finding_groups(grouped))
        return report

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._docs.close()
            self._finds.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading back -----------------------------------------------------------------

    def _document_groups(self) -> Iterator[list[str]]:
        order = sorted(self._index, key=_BY_SOURCE_LINE)
        read = _Reader(self._docs)
        group: list[str] = []
        for entry in order:
            group.append(read(entry[3], entry[4]))
            if len(group) >= GROUP:
                yield group
                group = []
        if group:
            yield group

    def _finding_groups(self, extras: dict[tuple[str, int], list[Finding]]) -> Iterator[list[str]]:
        # documents, then the places only extras name (an unreadable file has no
        # document); a stable sort keeps a document ahead of extras of its place
        entries: list[tuple[str, int, int, int, int, int, int, int]] = list(self._index)
        known = {(e[0], e[1]) for e in entries} if extras else set()
        for key in extras:
            if key not in known:
                entries.append((key[0], key[1], 0, 0, 0, 0, 0, -1))
        entries.sort(key=_BY_POSITION)
        read = _Reader(self._finds)
        done: set[tuple[str, int]] = set()
        for entry in entries:
            key = (entry[0], entry[1])
            lines = read(entry[5], entry[6]).split("\n") if entry[7] > 0 else []
            added = extras.get(key) if key not in done else None
            if added:
                done.add(key)
                lines = _merge(lines, added)
            if lines:
                yield lines


class _Reader:
    """Reads byte ranges of a spool file as text, seeking only when a range does not
    follow the last one (the common case: report order is arrival order)."""

    __slots__ = ("_file", "_pos")

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._pos = -1

    def __call__(self, offset: int, length: int) -> str:
        if offset != self._pos:
            self._file.seek(offset)
        self._pos = offset + length
        return self._file.read(length).decode("utf-8")


def _merge(lines: list[str], extras: list[Finding]) -> list[str]:
    """A document's finding lines with the extras placed in report order (a
    document's own first where both sort alike).  The lines are in order already, so
    each extra is placed by bisection, reading the keys of a few lines only."""
    keys: dict[str, tuple[int, int, str, str]] = {}

    def key(line: str) -> tuple[int, int, str, str]:
        found = keys.get(line)
        if found is None:
            found = keys[line] = _line_key(line)
        return found

    out = list(lines)
    for finding in sorted(extras, key=_FINDING_ORDER):
        line = finding.json_line()
        keys[line] = (finding.start, finding.end, finding.rule, finding.message)
        out.insert(bisect_right(out, keys[line], key=key), line)
    return out


_SCAN = json.decoder.scanstring  # type: ignore[attr-defined]


def _line_key(line: str) -> tuple[int, int, str, str]:
    """(start, end, rule, message) of a finding's JSON line (``Finding.json_line``'s
    layout), read without decoding the rest of the line."""
    rule, _ = _SCAN(line, 10)  # after '{"rule": "'
    m = line.find('"message": "', 10)
    message, after = _SCAN(line, m + 12)
    s = line.find('"span": {"start": ', after) + 18
    comma = line.find(",", s)
    start = int(line[s:comma])
    e = comma + 9  # ', "end": '
    end = int(line[e : line.find("}", e)])
    return (start, end, rule, message)
