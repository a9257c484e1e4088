"""Baselines: adopt corpus-lint on a corpus that already has findings.

``corpus-lint corpus/ --format json -o baseline.json`` records today's findings;
``corpus-lint corpus/ --baseline baseline.json`` then reports only findings that
are not in it.  A finding is known when the baseline has one with the same path,
document id and fingerprint — the fingerprint is built from the rule, the
normalized matched text and its occurrence in the document, never the line, so
edits elsewhere in a file do not bring old findings back, while a second copy of
a known defect in the same document is new.  A JSON report or a JSONL findings
file (``--format jsonl``) works as a baseline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

Key = tuple[str, str | None, str]
"""(path, document id or None, fingerprint)."""


class BaselineError(ValueError):
    """The baseline cannot be read (the message names the file and why)."""


def _findings(path: Path) -> Iterator[Any]:
    """The findings of a report as corpus-lint writes it (a finding a line, in JSON or
    JSONL: read line by line, never whole), else of any JSON report (read whole)."""
    found = 0
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            item = line.strip().rstrip(",")
            if not item.startswith('{"rule": '):
                continue
            try:
                yield json.loads(item)
            except json.JSONDecodeError as exc:
                raise BaselineError(f"{path}: line {n}: invalid JSON ({exc.msg})") from None
            found += 1
    if found:
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{path}: line {exc.lineno}: not a JSON report or JSONL findings ({exc.msg})"
        ) from None
    findings = data.get("findings", []) if isinstance(data, dict) else None
    if not isinstance(findings, list):
        raise BaselineError(f"{path}: not a corpus-lint report (no list of findings)")
    yield from findings


def load_baseline(path: Path) -> frozenset[Key]:
    """The keys of the findings in a JSON report or a JSONL findings file."""
    try:
        return frozenset(keys(_findings(path), path))
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BaselineError(f"{path}: cannot read the baseline: {detail}") from None


def keys(findings: Iterable[Any], path: Path | str = "baseline") -> Iterator[Key]:
    for n, f in enumerate(findings, 1):
        if (
            not isinstance(f, dict)
            or not isinstance(f.get("path"), str)
            or not isinstance(f.get("fingerprint"), str)
        ):
            raise BaselineError(f"{path}: finding {n} has no path and fingerprint")
        doc = f.get("document")
        yield (f["path"], doc if isinstance(doc, str) else None, f["fingerprint"])
