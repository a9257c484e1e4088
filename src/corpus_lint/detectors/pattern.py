"""``pattern``: regular expressions from rule packs or user config.

Patterns run on RE2 (``google-re2``), a linear-time engine: a pattern that
would backtrack catastrophically in Python's ``re`` cannot hang a run.  RE2
refuses back-references and look-arounds; such a pattern is an error that names
the rule and what RE2 said.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from corpus_lint.api import Detector, DetectorError, Edit, Fix, Hit
from corpus_lint.detectors.phrase import delete_line_fix
from corpus_lint.document import Document


def compile_re2(pattern: str, *, ignore_case: bool = False, multiline: bool = True) -> Any:
    import re2

    opts = re2.Options()
    opts.log_errors = False
    opts.case_sensitive = not ignore_case
    opts.never_capture = False
    prefix = "(?m)" if multiline else ""
    try:
        return re2.compile(prefix + pattern, opts)
    except re2.error as exc:
        msg = exc.args[0] if exc.args else exc
        if isinstance(msg, bytes):
            msg = msg.decode("utf-8", "replace")
        raise DetectorError(
            f"pattern {pattern!r} is not accepted by the linear-time engine RE2 ({msg}); "
            "back-references and look-arounds are not supported"
        ) from exc


class PatternDetector(Detector):
    name: ClassVar[str] = "pattern"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["patterns"],
        "properties": {
            "patterns": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            "ignore_case": {"type": "boolean"},
            "group": {
                "type": "integer",
                "minimum": 0,
                "description": "Report this capture group's span instead of the whole match.",
            },
            "not_followed_by": {
                "type": "string",
                "description": "Skip a match directly followed by one of these characters.",
            },
            "fix": {"enum": ["none", "delete", "delete-line", "replace"]},
            "replacement": {"type": "string"},
            "safe_fix": {"type": "boolean"},
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        joined = "|".join(f"(?:{p})" for p in options["patterns"])
        for p in options["patterns"]:
            compile_re2(p, ignore_case=bool(options.get("ignore_case")))
        self.regex = compile_re2(joined, ignore_case=bool(options.get("ignore_case")))
        self.group: int = options.get("group", 0)
        self.fix: str = options.get("fix", "none")
        self.replacement: str = options.get("replacement", "")
        self.safe_fix: bool = bool(options.get("safe_fix", False))
        self.not_followed_by: str = options.get("not_followed_by", "")
        if self.group and self.regex.groups < self.group:
            raise DetectorError(f"group {self.group} does not exist in the patterns")

    def check(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        for m in self.regex.finditer(text):
            start, end = m.span(self.group)
            if start < 0 or end <= start:
                continue
            if end < len(text) and text[end] in self.not_followed_by:
                continue
            fix = None
            if self.fix == "delete":
                fix = Fix((Edit(start, end, ""),), self.safe_fix, "delete the match")
            elif self.fix == "replace":
                fix = Fix(
                    (Edit(start, end, self.replacement),),
                    self.safe_fix,
                    f"replace with {self.replacement!r}",
                )
            elif self.fix == "delete-line":
                fix = delete_line_fix(doc, start, end)
            yield Hit(start, end, fix=fix)
