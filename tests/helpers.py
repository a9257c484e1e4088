"""Run one rule over a text in-process, as the engine would."""

from __future__ import annotations

from corpus_lint.config import Config
from corpus_lint.document import Document
from corpus_lint.engine import Finding, LintSpec, RuleSet

_CACHE: dict[tuple[str, ...], RuleSet] = {}


def lint_text(
    text: str,
    select: str | list[str],
    fmt: str = "txt",
    options: dict[str, dict[str, object]] | None = None,
) -> list[Finding]:
    """Findings of the selected rules on one document."""
    sel = [select] if isinstance(select, str) else list(select)
    key = (*sel, repr(options))
    rules = _CACHE.get(key)
    if rules is None:
        cfg = Config(options={k: dict(v) for k, v in (options or {}).items()})
        rules = RuleSet(LintSpec(config=cfg, select=sel))
        _CACHE[key] = rules
    doc = Document(text=text, path=f"doc.{fmt}", id=f"doc.{fmt}", format=fmt)
    return rules.lint(doc).findings


def matched(text: str, findings: list[Finding]) -> list[str]:
    return [text[f.start : f.end] for f in findings]
