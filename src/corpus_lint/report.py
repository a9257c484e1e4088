"""The report: a plain data structure validated by ``report.schema.json``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from corpus_lint import __version__
from corpus_lint.api import SEVERITIES
from corpus_lint.engine import RunInfo, RunResult

SCHEMA_VERSION = "1.0"


def report_header(result: RunResult | RunInfo) -> dict[str, Any]:
    """The report's first keys (the summary, documents and findings follow)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {
            "name": "corpus-lint",
            "version": __version__,
            "rules": [r.code for r in result.rules],
        },
    }


def build_report(result: RunResult) -> dict[str, Any]:
    """The report of a run kept in memory (the CLI's comes from
    :meth:`corpus_lint.spool.Spool.report`, with the same content)."""
    by_rule = Counter(f.rule for f in result.findings)
    by_severity = Counter(f.severity for f in result.findings)
    report = report_header(result)
    report["summary"] = {
        "files": result.files,
        "documents": len(result.documents),
        "findings": len(result.findings),
        "by_rule": dict(sorted(by_rule.items())),
        "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
        "duration_seconds": round(result.duration, 3),
    }
    report["documents"] = result.documents
    report["findings"] = [f.to_json() for f in result.findings]
    return report
