"""Shared helpers for the foundation's tests (CLI in-process, schemas, small corpora)."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner

from conftest import FIXTURES, CliResult
from corpus_lint.cli import cli
from corpus_lint.registry import load_schema

SARIF_SCHEMA = FIXTURES / "sarif" / "sarif-schema-2.1.0.json"


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def invoke(
    args: Sequence[str],
    cwd: Path | None = None,
    stdin: str | bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> CliResult:
    """Run the CLI in this process (fast); exceptions other than exits propagate.

    Use ``conftest.run_cli`` instead where the real process matters (no traceback,
    the console script, environment of a fresh interpreter).
    """
    environment = {"GITHUB_ACTIONS": None, "CI": None, **(env or {})}
    runner = CliRunner(env=environment)
    with working_directory(cwd or Path.cwd()):
        result = runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


def write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def write_jsonl(root: Path, name: str, records: Sequence[Mapping[str, Any] | str]) -> Path:
    """Records are dicts (dumped) or raw strings (written as they are)."""
    lines = "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )
    data = lines.encode("utf-8")
    if name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    return write(root, name, data)


@cache
def report_validator() -> jsonschema.Draft202012Validator:
    schema = load_schema("report.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@cache
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def schema_errors(validator: Any, instance: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def without_duration(text: str) -> Any:
    """A JSON report with its one timing field removed."""
    data = json.loads(text)
    data["summary"].pop("duration_seconds")
    return data


def findings_of(report: Mapping[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule"].startswith(prefix)]


def span_text(report: Mapping[str, Any], finding: Mapping[str, Any]) -> str:
    """The text a finding's span indexes (needs a report made with --include-text)."""
    for doc in report["documents"]:
        if doc["path"] == finding["path"] and (
            finding["document"] is None or doc["id"] == finding["document"]
        ):
            text: str = doc["text"]
            return text[finding["span"]["start"] : finding["span"]["end"]]
    raise AssertionError(f"no document for {finding['path']} {finding['document']}")
