"""The report: a plain data structure validated by ``report.schema.json``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from corpus_lint import __version__
from corpus_lint.api import SEVERITIES
from corpus_lint.engine import RunResult

SCHEMA_VERSION = "1.0"


def build_report(result: RunResult) -> dict[str, Any]:
    by_rule = Counter(f.rule for f in result.findings)
    by_severity = Counter(f.severity for f in result.findings)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {
            "name": "corpus-lint",
            "version": __version__,
            "rules": [r.code for r in result.rules],
        },
        "summary": {
            "files": result.files,
            "documents": len(result.documents),
            "findings": len(result.findings),
            "by_rule": dict(sorted(by_rule.items())),
            "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            "duration_seconds": round(result.duration, 3),
        },
        "documents": result.documents,
        "findings": [f.to_json() for f in result.findings],
    }
