"""``pattern``: regular expressions from rule packs or user config.

Patterns run on RE2 (``google-re2``), a linear-time engine: a pattern that
would backtrack catastrophically in Python's ``re`` cannot hang a run.  RE2
refuses back-references and look-arounds; such a pattern is an error that names
the rule and what RE2 said.

Most documents match none of a rule's patterns.  The pattern detectors of the
process are in one ``RE2::Set`` (:class:`_Gate`): one pass over a document tells
which of them can match it at all, and only those search it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from corpus_lint.api import Detector, DetectorError, Edit, Fix, Hit
from corpus_lint.detectors.phrase import delete_line_fix
from corpus_lint.document import Document

MAX_MEM = 64 << 20
"""RE2's memory budget for matching (its default, 8 MiB, is what decides whether a
pattern compiles).  With the default, the DFA of a pattern such as
``^[^\\n]{0,120}©[^\\n]{0,120}$`` outgrows its cache, which RE2 keeps rebuilding
or gives up for its slower NFA: same matches, several times the time.  Memory is
taken as states are built, not up front."""


def compile_re2(
    pattern: str, *, ignore_case: bool = False, multiline: bool = True, max_mem: int = 0
) -> Any:
    import re2

    opts = re2.Options()
    opts.log_errors = False
    if max_mem:
        opts.max_mem = max_mem
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


_UTF8 = "utf8"
"""``doc.cache`` key of the text in UTF-8, what RE2 reads (``None``: not encodable)."""


def utf8(doc: Document) -> bytes | None:
    """The document's text in UTF-8 (once per document), or ``None`` if it holds lone
    surrogates."""
    if _UTF8 in doc.cache:
        data: bytes | None = doc.cache[_UTF8]
        return data
    try:
        data = doc.text.encode("utf-8")
    except UnicodeEncodeError:
        data = None
    doc.cache[_UTF8] = data
    return data


class _Gate:
    """One ``RE2::Set`` of the expressions of every pattern detector of the process.

    ``possible(doc)`` is the set of the expressions with a match somewhere in the
    document (one pass over it, shared by the detectors through ``doc.cache``), or
    ``None`` when every detector must search: the text is not valid UTF-8, the set
    did not compile, or its DFA ran out of memory (``RE2::Set::Match`` then reports
    no match; an always-matching last member tells the two apart).
    """

    _KEY = "pattern.gate"
    _LIMIT = 64  # expressions; detectors beyond it always search

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.version = 0
        self._set: Any = None

    def add(self, source: str) -> int:
        """The index of ``source`` (an expression, flags included), or -1 when full."""
        index = self.index.get(source)
        if index is None:
            if len(self.index) >= self._LIMIT:
                return -1
            index = self.index[source] = len(self.index)
            self.version += 1
            self._set = None
        return index

    def possible(self, doc: Document) -> frozenset[int] | None:
        cached: tuple[int, frozenset[int] | None] | None = doc.cache.get(self._KEY)
        if cached is not None and cached[0] == self.version:
            return cached[1]
        if self._set is None:
            self._set = self._build()
        found: frozenset[int] | None = None
        if self._set:
            data = utf8(doc)
            matched = self._set.Match(data) if data is not None else None
            if matched and len(self.index) in matched:
                found = frozenset(matched)
        doc.cache[self._KEY] = (self.version, found)
        return found

    def _build(self) -> Any:
        """The compiled set, or ``False`` if RE2 refuses it."""
        import re2

        opts = re2.Options()
        opts.log_errors = False
        opts.max_mem = MAX_MEM
        regex_set = re2.Set.SearchSet(opts)
        try:
            for source in self.index:  # in index order
                regex_set.Add(source)
            regex_set.Add("")  # matches every text
            regex_set.Compile()
        except re2.error:
            return False
        return regex_set


_GATE = _Gate()
_GATE_MAX_PROGRAM = 1000
"""Detectors whose RE2 program has more instructions are not in the gate."""


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
        ignore_case = bool(options.get("ignore_case"))
        for p in options["patterns"]:
            compile_re2(p, ignore_case=ignore_case)
        self.regex = compile_re2(joined, ignore_case=ignore_case)  # errors as with RE2's default
        self._search = compile_re2(joined, ignore_case=ignore_case, max_mem=MAX_MEM)
        # the same expression for the gate: the set's members share one options object
        self._gate_source = ("(?mi)" if ignore_case else "(?m)") + joined
        # a large program (long counted repetitions: BP006, BP007) would make the set's
        # DFA large and slow for every document; such a detector always searches
        self._gated = self.regex.programsize <= _GATE_MAX_PROGRAM
        self._gate_index = _GATE.add(self._gate_source) if self._gated else -1
        self.group: int = options.get("group", 0)
        self.fix: str = options.get("fix", "none")
        self.replacement: str = options.get("replacement", "")
        self.safe_fix: bool = bool(options.get("safe_fix", False))
        self.not_followed_by: str = options.get("not_followed_by", "")
        if self.group and self.regex.groups < self.group:
            raise DetectorError(f"group {self.group} does not exist in the patterns")

    def check(self, doc: Document) -> Iterator[Hit]:
        if self._gated and _GATE.index.get(self._gate_source) != self._gate_index:
            self._gate_index = _GATE.add(self._gate_source)  # e.g. an unpickled detector
        if self._gate_index >= 0:
            possible = _GATE.possible(doc)
            if possible is not None and self._gate_index not in possible:
                return
        text = doc.text
        for m in self._search.finditer(text):
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
