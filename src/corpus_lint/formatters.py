"""Formatters render a report; they decide nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import quote

from corpus_lint.registry import Rule

FORMATS = ("text", "full", "json", "jsonl", "sarif", "github")
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _where(f: Mapping[str, Any]) -> str:
    if f.get("source_line") is not None:
        return f"{f['path']}:{f['source_line']}:1"
    return f"{f['path']}:{f['line']}:{f['column']}"


def _doc_suffix(f: Mapping[str, Any]) -> str:
    if f.get("document") is not None and f["category"] != "input":
        return f" (document {f['document']}, {f['line']}:{f['column']})"
    return ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def summary_line(report: Mapping[str, Any]) -> str:
    s = report["summary"]
    n = s["findings"]
    sev = s["by_severity"]
    where = f"{_count(s['files'], 'file')}, {_count(s['documents'], 'document')}"
    if n == 0:
        return f"All clean: {where} checked."
    parts = [f"{sev[k]} {k}" for k in ("error", "warning", "info") if sev[k]]
    return f"Found {_count(n, 'finding')} ({', '.join(parts)}) in {where}."


FIXABLE_FORMATS = ("txt", "md")
"""Formats whose files ``--fix`` rewrites (JSONL shards and HTML pages never are)."""


def fixable_paths(report: Mapping[str, Any]) -> set[str]:
    return {d["path"] for d in report["documents"] if d.get("format") in FIXABLE_FORMATS}


def _fixable(f: Mapping[str, Any], paths: set[str]) -> bool:
    return bool(f.get("fix")) and f["path"] in paths


def fixable_line(report: Mapping[str, Any]) -> str:
    paths = fixable_paths(report)
    fixes = [f["fix"] for f in report["findings"] if _fixable(f, paths)]
    safe = sum(1 for fix in fixes if fix["safe"])
    unsafe = len(fixes) - safe
    if not safe and not unsafe:
        return ""
    out = []
    if safe:
        out.append(f"{safe} fixable with `--fix`")
    if unsafe:
        more = " more" if safe else " fixable"
        out.append(f"{unsafe}{more} with `--fix --unsafe-fixes`")
    return "[*] " + "; ".join(out) + "."


def render_text(report: Mapping[str, Any], rules: Mapping[str, Rule]) -> str:
    paths = fixable_paths(report)
    lines = [
        f"{_where(f)}: {f['rule']} {'[*] ' if _fixable(f, paths) else ''}"
        f"{f['message']}{_doc_suffix(f)}"
        for f in report["findings"]
    ]
    lines.append(summary_line(report))
    fixable = fixable_line(report)
    if fixable:
        lines.append(fixable)
    return "\n".join(lines) + "\n"


def _excerpt_text(f: Mapping[str, Any]) -> tuple[str, int, int]:
    """The excerpt's text of the line, without the "…" of a cut window; the line's
    column where it starts; and where it starts in the excerpt (after a leading "…").

    A last "…" is left out even when it is the line's own (either way, what is left
    is text of the line, from that column on).
    """
    excerpt: str = f["excerpt"]
    column: int = f.get("excerpt_column", 1)
    lead = 1 if column > 1 and excerpt.startswith("…") else 0
    stop = len(excerpt) - 1 if excerpt.endswith("…") else len(excerpt)
    return excerpt[lead:stop], column, lead


def _caret(f: Mapping[str, Any]) -> tuple[int, int]:
    """Where the match lies in the excerpt: (offset, width), clamped to the excerpt."""
    excerpt = f["excerpt"]
    _, column, lead = _excerpt_text(f)
    last = max(len(excerpt) - 1, 0)
    start = min(max(f["column"] - column + lead, 0), last)
    end = f["end_column"] - column + lead if f["end_line"] == f["line"] else len(excerpt)
    return start, max(1, min(end, len(excerpt)) - start)


def render_full(report: Mapping[str, Any], rules: Mapping[str, Rule]) -> str:
    out: list[str] = []
    for f in report["findings"]:
        out.append(f"{_where(f)}: {f['rule']} [{f['severity']}] {f['message']}{_doc_suffix(f)}")
        excerpt = f["excerpt"]
        if excerpt:
            gutter = f"{f['line']:>5} | "
            out.append(gutter + excerpt)
            start, width = _caret(f)
            out.append(" " * (len(gutter) - 2) + "| " + " " * start + "^" * width)
        if f.get("fix"):
            tag = "safe" if f["fix"]["safe"] else "unsafe"
            out.append(f"      = fix ({tag}): {f['fix']['description']}")
        out.append("")
    out.append(summary_line(report))
    fixable = fixable_line(report)
    if fixable:
        out.append(fixable)
    return "\n".join(out) + "\n"


def iter_json(report: Mapping[str, Any]) -> Iterator[str]:
    """The report as JSON, one document or finding per line.

    Each line is encoded by the C encoder and written as it is made, so a report of a
    million findings never exists as one string; a line per finding also diffs well.
    """
    dumps = json.dumps
    yield "{\n"
    keys = list(report)
    for i, key in enumerate(keys):
        value = report[key]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(value, list) or hasattr(value, "line_groups"):
            if not value:
                yield f"  {dumps(key)}: []{comma}\n"
                continue
            yield f"  {dumps(key)}: [\n"
            sep = ""
            for group in _line_groups(value):
                yield sep + "    " + ",\n    ".join(group)
                sep = ",\n"
            yield f"\n  ]{comma}\n"
        else:
            yield f"  {dumps(key)}: {dumps(value, ensure_ascii=False)}{comma}\n"
    yield "}\n"


def iter_jsonl(report: Mapping[str, Any]) -> Iterator[str]:
    for group in _line_groups(report["findings"]):
        yield "\n".join(group) + "\n"


def _line_groups(items: Any) -> Iterator[list[str]]:
    """Each item's ``json.dumps(item, ensure_ascii=False)``, in lists: a spooled list
    (:class:`corpus_lint.spool.SpooledItems`) has them already."""
    if hasattr(items, "line_groups"):
        for group in items.line_groups():
            if group:
                yield group
        return
    dumps = json.dumps
    for start in range(0, len(items), 512):
        yield [dumps(item, ensure_ascii=False) for item in items[start : start + 512]]


def render_json(report: Mapping[str, Any], rules: Mapping[str, Rule]) -> str:
    return "".join(iter_json(report))


def render_jsonl(report: Mapping[str, Any], rules: Mapping[str, Rule]) -> str:
    return "".join(iter_jsonl(report))


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")


def _in_extracted_text(f: Mapping[str, Any]) -> bool:
    """HTML findings: lines and columns count in the page's visible text, not its source."""
    return str(f["path"]).lower().endswith(_HTML_SUFFIXES)


def _text_position(f: Mapping[str, Any]) -> str:
    return f" (line {f['line']}, column {f['column']} of the page's visible text)"


def render_github(report: Mapping[str, Any], rules: Mapping[str, Rule]) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for f in report["findings"]:
        if f.get("source_line") is not None:
            loc = f"file={_gh_escape(f['path'], True)},line={f['source_line']}"
        elif _in_extracted_text(f):
            loc = f"file={_gh_escape(f['path'], True)}"
        else:
            loc = (
                f"file={_gh_escape(f['path'], True)},line={f['line']},col={f['column']},"
                f"endLine={f['end_line']},endColumn={f['end_column']}"
            )
        title = _gh_escape(f"{f['rule']} {f['name']}", True)
        where = _text_position(f) if _in_extracted_text(f) else ""
        msg = _gh_escape(f["message"] + _doc_suffix(f) + where)
        out.append(f"::{level[f['severity']]} {loc},title={title}::{msg}")
    return "\n".join(out) + ("\n" if out else "")


def _text_regions(f: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The finding's region of its document's text, with the region's own text as its
    snippet when the excerpt holds all of it; and the excerpt's region (a SARIF
    ``contextRegion``: a proper superset of the region, on one line) when it is one.

    Snippets are the excerpt's text, in which a tab shows as a space.
    """
    region: dict[str, Any] = {
        "startLine": f["line"],
        "startColumn": f["column"],
        "endLine": f["end_line"],
        "endColumn": f["end_column"],
    }
    text, column, _ = _excerpt_text(f)
    if not text or f["end_line"] != f["line"]:
        return region, None
    start, end = f["column"] - column, f["end_column"] - column
    if not 0 <= start < end <= len(text):
        return region, None
    region["snippet"] = {"text": text[start:end]}
    if start == 0 and end == len(text):
        return region, None
    context = {
        "startLine": f["line"],
        "startColumn": column,
        "endLine": f["line"],
        "endColumn": column + len(text),
        "snippet": {"text": text},
    }
    return region, context


def render_sarif(report: Mapping[str, Any], rules: Mapping[str, Rule]) -> str:
    used = sorted({f["rule"] for f in report["findings"]} | set(report["tool"]["rules"]))
    used = [code for code in used if code in rules]
    index = {code: i for i, code in enumerate(used)}
    driver_rules = []
    for code in used:
        r = rules[code]
        driver_rules.append(
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.docs.strip()},
                "help": {"text": r.docs.strip(), "markdown": r.docs.strip()},
                "defaultConfiguration": {"level": SARIF_LEVEL[r.severity]},
                "properties": {"category": r.category, "tags": [r.category]},
            }
        )
    results = []
    for f in report["findings"]:
        # positions count in the file's own text, or (a JSONL document, an HTML page's
        # visible text) in a text the file only holds: those go to properties.text_region
        in_file = f.get("source_line") is None and not _in_extracted_text(f)
        region, context = _text_regions(f)
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": quote(f["path"], safe="/:@!$&'()*+,;=~")},
        }
        if in_file:
            physical["region"] = region
            if context is not None:
                physical["contextRegion"] = context
        elif f.get("source_line") is not None:
            physical["region"] = {"startLine": f["source_line"]}  # the shard's line
        result: dict[str, Any] = {
            "ruleId": f["rule"],
            "level": SARIF_LEVEL[f["severity"]],
            "message": {"text": f["message"]},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {"corpusLintFingerprint/v1": f["fingerprint"]},
            "properties": {
                "category": f["category"],
                "span": f["span"],
            },
        }
        if f["rule"] in index:
            result["ruleIndex"] = index[f["rule"]]
        if not in_file:
            result["properties"]["text_region"] = _flat_snippet(region)
            if context is not None:
                result["properties"]["text_context_region"] = _flat_snippet(context)
        if f.get("document") is not None:
            result["properties"]["document"] = f["document"]
            result["locations"][0]["logicalLocations"] = [{"name": f["document"], "kind": "object"}]
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "corpus-lint",
                        "version": report["tool"]["version"],
                        "informationUri": "https://github.com/corpus-lint/corpus-lint",
                        "rules": driver_rules,
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _flat_snippet(region: dict[str, Any]) -> dict[str, Any]:
    """A region for a property bag: its snippet as a string."""
    out = dict(region)
    if "snippet" in out:
        out["snippet"] = out["snippet"]["text"]
    return out


RENDERERS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Rule]], str]] = {
    "text": render_text,
    "full": render_full,
    "json": render_json,
    "jsonl": render_jsonl,
    "sarif": render_sarif,
    "github": render_github,
}


def render(fmt: str, report: Mapping[str, Any], rules: Mapping[str, Rule]) -> str:
    return RENDERERS[fmt](report, rules)


def iter_render(fmt: str, report: Mapping[str, Any], rules: Mapping[str, Rule]) -> Iterator[str]:
    """The rendered report in pieces (JSON and JSONL stream; the others are one piece)."""
    if fmt == "json":
        return iter_json(report)
    if fmt == "jsonl":
        return iter_jsonl(report)
    return iter((render(fmt, report, rules),))


def render_statistics(report: Mapping[str, Any], rules: Mapping[str, Rule]) -> str:
    counts = report["summary"]["by_rule"]
    fixable: dict[str, int] = {}
    paths = fixable_paths(report)
    for f in report["findings"]:
        if _fixable(f, paths):
            fixable[f["rule"]] = fixable.get(f["rule"], 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    out = []
    for code, n in rows:
        name = rules[code].name if code in rules else ""
        mark = "[*]" if fixable.get(code) else "   "
        out.append(f"{n:>{width}}  {code}  {mark} {name}")
    return "\n".join(out) + ("\n" if out else "")
