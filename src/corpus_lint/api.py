"""What a detector (built-in or plugin) sees and returns.

A detector is code: a small class that takes its options once and then yields
:class:`Hit` objects for each :class:`~corpus_lint.document.Document`.  It knows
nothing of files, output or configuration files; the engine turns hits into
findings with the rule's code, severity and message.

Corpus-level detectors work in two phases: :meth:`CorpusDetector.signature` runs
per document (in any worker) and :meth:`CorpusDetector.join` runs once over all
signatures.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from corpus_lint.document import Document

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: i for i, name in enumerate(SEVERITIES)}

CATEGORIES = (
    "boilerplate",
    "duplicate",
    "citation",
    "redaction",
    "date",
    "language",
    "artifact",
    "input",
)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    safe: bool
    description: str


@dataclass(slots=True)
class Hit:
    """One match of a detector: a span plus what the message template needs."""

    start: int
    end: int
    args: dict[str, Any] = field(default_factory=dict)
    fix: Fix | None = None
    severity: str | None = None
    """Overrides the rule's severity when lower (e.g. a finding resting on a guess)."""
    position: tuple[int, int, int, int] | None = None
    """Precomputed (line, column, end_line, end_column), for hits from a join step."""
    excerpt: str | None = None
    matched: str | None = None
    """The normalized matched text, for the fingerprint; defaults to the span's text."""


@dataclass(frozen=True, slots=True)
class DocRef:
    """Identifies a document across processes: enough to place a finding."""

    path: str
    id: str
    index: int
    source_line: int | None = None


class DetectorError(ValueError):
    """A detector refused its options (the message names what is wrong)."""


class Detector:
    """Base class of per-document detectors."""

    name: ClassVar[str] = ""
    options_schema: ClassVar[Mapping[str, Any]] = {"type": "object"}
    """JSON Schema of the options this detector accepts."""
    scope: ClassVar[str] = "document"

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)

    def check(self, doc: Document) -> Iterator[Hit]:
        raise NotImplementedError

    def prepare(self, docs: Sequence[Document]) -> None:
        """Called once for each batch of documents, before :meth:`check` sees any of
        them: a detector may analyse the batch at once (vectorised work) and keep the
        results in each document's ``cache``.  Nothing by default."""
        return None


class CorpusDetector(Detector):
    """Base class of detectors that compare documents with each other."""

    scope: ClassVar[str] = "corpus"

    def check(self, doc: Document) -> Iterator[Hit]:
        """Per-document hits a corpus detector may also have (none by default)."""
        return iter(())

    def signature(self, doc: Document) -> Any:
        """A small, picklable summary of the document (runs in any worker)."""
        raise NotImplementedError

    def join(
        self, signatures: Iterable[tuple[DocRef, Any]], context: JoinContext
    ) -> Iterator[tuple[DocRef, Hit]]:
        """Hits found by comparing signatures (runs once, in the main process)."""
        raise NotImplementedError


@dataclass(slots=True)
class JoinContext:
    """What a join step may know about the run beyond the signatures."""

    cache_dir: str | None = None
    """Where persistent signature stores live (``None``: no persistence)."""
    rule_code: str = ""
    changed_paths: frozenset[str] = frozenset()
    """The paths this run was given (for incremental pre-commit runs)."""
