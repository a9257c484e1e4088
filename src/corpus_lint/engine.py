"""Where work runs: in-process, a process pool (``--jobs``), or Ray.

Detectors and the report do not change with the engine.  Every engine sends
batches of documents to :func:`lint_batch`, gets back per-document results in
submission order, then runs the join step of corpus-level detectors over the
signatures; the output is therefore the same for any number of workers.
"""

from __future__ import annotations

import gc
import hashlib
import json
import operator
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from corpus_lint.api import (
    SEVERITY_RANK,
    CorpusDetector,
    Detector,
    DocRef,
    Fix,
    Hit,
    JoinContext,
)
from corpus_lint.config import Config, lookup, select_rules
from corpus_lint.document import Document
from corpus_lint.registry import Rule, load_rules, make_detector
from corpus_lint.sources import InputProblem, SourceOptions, discover, read_documents

EXCERPT_LIMIT = 240
EXCERPT_BEFORE = 60
"""In a window of a long line: characters of context shown before the match."""
# "line 12: " in input-problem messages: not part of a fingerprint (lines shift)
_LINE_PREFIX = re.compile(r"^line \d+: ")


@dataclass(slots=True)
class Finding:
    rule: str
    name: str
    category: str
    severity: str
    message: str
    path: str
    document: str | None
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    fingerprint: str = ""
    fix: Fix | None = None
    index: int = 0
    matched: str = ""
    source_line: int | None = None
    excerpt_column: int = 1
    """The line's column where the excerpt's text starts (after a leading "…")."""

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (self.path, self.index, self.start, self.end, self.rule, self.message)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "document": self.document,
            "span": {"start": self.start, "end": self.end},
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "excerpt": self.excerpt,
        }
        if self.excerpt_column != 1:
            out["excerpt_column"] = self.excerpt_column
        out["fingerprint"] = self.fingerprint
        if self.source_line is not None:
            out["source_line"] = self.source_line
        if self.fix is not None:
            out["fix"] = {
                "safe": self.fix.safe,
                "description": self.fix.description,
                "edits": [
                    {"start": e.start, "end": e.end, "replacement": e.replacement}
                    for e in self.fix.edits
                ],
            }
        return out

    def json_line(self) -> str:
        """``json.dumps(self.to_json(), ensure_ascii=False)``, byte for byte, built
        without the intermediate dicts (a report holds hundreds of thousands), with the
        parts that recur (the rule's fields, the path) encoded once."""
        enc = _encode_str
        hkey = (self.rule, self.name, self.category, self.severity)
        head = _HEADS.get(hkey)
        if head is None:
            head = _HEADS[hkey] = (
                f'{{"rule": {enc(self.rule)}, "name": {enc(self.name)}, '
                f'"category": {enc(self.category)}, "severity": {enc(self.severity)}, '
                '"message": '
            )
        doc = "null" if self.document is None else _encoded(self.document)
        out = (
            f'{head}{enc(self.message)}, "path": {_encoded(self.path)}, "document": {doc}, '
            f'"span": {{"start": {self.start}, "end": {self.end}}}, "line": {self.line}, '
            f'"column": {self.column}, "end_line": {self.end_line}, '
            f'"end_column": {self.end_column}, "excerpt": {enc(self.excerpt)}'
        )
        if self.excerpt_column != 1:
            out += f', "excerpt_column": {self.excerpt_column}'
        # a fingerprint is hex or empty (nothing to escape); assign_fingerprints sets it
        out += f', "fingerprint": "{self.fingerprint}"'
        if self.source_line is not None:
            out += f', "source_line": {self.source_line}'
        fix = self.fix
        if fix is not None:
            edits = ", ".join(
                f'{{"start": {e.start}, "end": {e.end}, "replacement": {enc(e.replacement)}}}'
                for e in fix.edits
            )
            safe = "true" if fix.safe else "false"
            out += (
                f', "fix": {{"safe": {safe}, "description": {_encoded(fix.description)}, '
                f'"edits": [{edits}]}}'
            )
        return out + "}"


# json's own string encoder (C), as json.dumps(..., ensure_ascii=False) uses it
_encode_str: Callable[[str], str] = json.encoder.encode_basestring

_HEADS: dict[tuple[str, str, str, str], str] = {}
"""A finding's JSON up to its message, by rule, name, category and severity."""
_ENCODED: dict[str, str] = {}
"""Paths, document ids and fix descriptions as JSON strings (each recurs often)."""


def _encoded(value: str) -> str:
    found = _ENCODED.get(value)
    if found is None:
        if len(_ENCODED) >= 50_000:
            _ENCODED.clear()
        found = _ENCODED[value] = _encode_str(value)
    return found


# Finding.sort_key as a C-level getter (sorting tens of thousands of findings)
_FINDING_ORDER = operator.attrgetter("path", "index", "start", "end", "rule", "message")


@dataclass(slots=True)
class DocResult:
    ref: DocRef
    summary: dict[str, Any]
    findings: list[Finding]
    signatures: dict[str, Any] = field(default_factory=dict)
    chars: int = 0
    lines: str | None = None
    """With ``render``: the findings as JSON lines (``Finding.json_line``, one a line);
    ``findings`` is then empty.  A string crosses a process boundary far cheaper than
    the objects it stands for."""
    counts: dict[tuple[str, str], int] | None = None
    """With ``render``: findings by (rule, severity)."""


# -- building findings ------------------------------------------------------------------


class _TemplateArgs(dict[str, Any]):
    """Template arguments: an unknown ``{key}`` is left as it is in the message."""

    __slots__ = ()

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(template: str, args: Mapping[str, Any]) -> str:
    # str.format_map formats in C: about 3x faster than a string.Formatter subclass.
    values = args if isinstance(args, _TemplateArgs) else _TemplateArgs(args)
    try:
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


def clip(text: str, limit: int = EXCERPT_LIMIT) -> str:
    text = text.replace("\t", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def normalize_match(text: str) -> str:
    return " ".join(text.split()).casefold()


def assign_fingerprints(findings: list[Finding]) -> None:
    """Fingerprint = rule + normalized matched text + occurrence index in the document.

    Never the line number: a fingerprint survives unrelated edits above it.  The
    engine calls this on one document's findings at a time (in the worker that linted
    it), and separately on the findings a join or an input problem adds to a document.
    """
    seen: Counter[tuple[str, int, str, str]] = Counter()
    digests = _DIGESTS
    for f in findings:
        key = (f.path, f.index, f.rule, f.matched)
        occurrence = seen[key]
        seen[key] += 1
        text = f"{f.rule}\x1f{f.matched}\x1f{occurrence}"
        found = digests.get(text)
        if found is None:
            found = hashlib.sha256(text.encode()).hexdigest()[:20]
            if len(digests) >= _DIGESTS_LIMIT:
                digests.clear()
            digests[text] = found
        f.fingerprint = found


_DIGESTS: dict[str, str] = {}
"""Fingerprints by what they digest: a site's furniture repeats on every page, so most
findings of a scraped corpus have a fingerprint some earlier document had."""
_DIGESTS_LIMIT = 200_000


@dataclass(slots=True)
class ActiveRule:
    rule: Rule
    detector: Detector
    severity: str
    message: str


def excerpt_window(text: str, start: int) -> tuple[str, int]:
    """The excerpt of the line holding offset ``start``, and the line's column where
    the excerpt's text starts.

    A line of at most :data:`EXCERPT_LIMIT` characters is the whole excerpt (column 1).
    A longer line is cut to a window of that many characters holding ``start`` and up
    to :data:`EXCERPT_BEFORE` characters before it, "…" marking each cut end (the way
    ruff and rustc show long lines).  Tabs are shown as spaces (a column apiece, as
    they count).  Lines end where :meth:`Document.position` ends them ("\\n", "\\r\\n"
    or a lone "\\r"), so the excerpt's columns are the finding's.
    """
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    line = text[ls : le if le >= 0 else len(text)].rstrip("\r")
    col = start - ls
    if "\r" in line:  # lone CRs break lines too
        cut = line.rfind("\r", 0, col) + 1
        stop = line.find("\r", col)
        line = line[cut : stop if stop >= 0 else len(line)]
        col -= cut
    line = line.replace("\t", " ")
    size = len(line)
    if size <= EXCERPT_LIMIT:
        return line, 1
    begin = col - EXCERPT_BEFORE
    if begin <= 0:
        return line[: EXCERPT_LIMIT - 1] + "…", 1
    if size - begin <= EXCERPT_LIMIT - 1:  # the window reaches the line's end
        begin = size - (EXCERPT_LIMIT - 1)
        return "…" + line[begin:], begin + 1
    return "…" + line[begin : begin + EXCERPT_LIMIT - 2] + "…", begin + 1


def finding_from_hit(active: ActiveRule, doc: Document | DocRef, hit: Hit) -> Finding:
    # Called for every finding (tens per scraped page): kept lean on purpose.
    rule = active.rule
    severity = active.severity
    if hit.severity is not None and SEVERITY_RANK[hit.severity] < SEVERITY_RANK[severity]:
        severity = hit.severity
    start = hit.start
    end = hit.end
    if isinstance(doc, Document):
        text = doc.text
        matched_text = text[start:end]
        position = hit.position
        if position is not None:
            line, col, end_line, end_col = position
        else:
            line, col = doc.position(start)
            end_line, end_col = doc.end_position(start, end)
        excerpt = hit.excerpt
        excerpt_column = 1
        if excerpt is None:  # (a detector's own excerpt is a line from its column 1)
            excerpt, excerpt_column = excerpt_window(text, start)
        source_line = doc.source_line
        document = doc.id if doc.format == "jsonl" else None
    else:
        matched_text = hit.matched or ""
        line, col, end_line, end_col = hit.position or (1, 1, 1, 1)
        excerpt = hit.excerpt or ""
        excerpt_column = 1
        source_line = doc.source_line
        document = doc.id if source_line is not None else None
    words = " ".join(matched_text.split())
    # {match}: the matched words, at most 80 characters (no tab survives the split)
    shown = words if len(words) <= 80 else words[:79] + "…"
    args = _TemplateArgs(hit.args) if hit.args else _TemplateArgs()
    args.setdefault("match", shown)
    message = render_message(active.message, args)
    return Finding(
        rule.code,
        rule.name,
        rule.category,
        severity,
        message,
        doc.path,
        document,
        start,
        end,
        line,
        col,
        end_line,
        end_col,
        excerpt,
        "",
        hit.fix,
        doc.index,
        # normalize_match(matched_text), without splitting the text a second time
        hit.matched if hit.matched is not None else words.casefold(),
        source_line,
        excerpt_column,
    )


# -- the run's fixed settings -------------------------------------------------------------


@dataclass(slots=True)
class LintSpec:
    """Everything a worker needs to rebuild the rule set (picklable)."""

    config: Config
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    include_text: bool = False
    baseline: frozenset[tuple[str, str | None, str]] | None = None
    """Findings not to report: (path, document, fingerprint) of a baseline report."""

    def effective_select(self) -> list[str] | None:
        return self.select if self.select is not None else self.config.select


class RuleSet:
    """The enabled rules with their detectors, built once per process."""

    def __init__(self, spec: LintSpec) -> None:
        self.spec = spec
        cfg = spec.config
        self.all_rules = load_rules(cfg.rule_packs)
        self.enabled = select_rules(
            self.all_rules,
            spec.effective_select(),
            [*cfg.extend_select, *spec.extend_select],
            [*cfg.ignore, *spec.ignore],
        )
        self.document_rules: list[ActiveRule] = []
        self.corpus_rules: list[ActiveRule] = []
        self.input_rules: dict[str, ActiveRule] = {}
        for rule in self.enabled:
            options = dict(rule.options)
            override = lookup(cfg.options, rule)
            if override:
                options.update(override)
            if rule.category == "language" and cfg.languages and "languages" not in options:
                options["languages"] = list(cfg.languages)
            severity = lookup(cfg.severity, rule) or rule.severity
            detector = make_detector(rule, options)
            active = ActiveRule(rule, detector, severity, rule.message)
            if rule.detector == "input":
                self.input_rules[rule.code] = active
            elif isinstance(detector, CorpusDetector):
                self.corpus_rules.append(active)
            else:
                self.document_rules.append(active)
        self.preparers: list[Detector] = []
        """Detectors with a batch step (:meth:`Detector.prepare`), each once."""
        for active in [*self.document_rules, *self.corpus_rules]:
            detector = active.detector
            if type(detector).prepare is not Detector.prepare and not any(
                detector is d for d in self.preparers
            ):
                self.preparers.append(detector)

    def lint(self, doc: Document) -> DocResult:
        findings: list[Finding] = []
        for active in self.document_rules:
            if active.rule.formats and doc.format not in active.rule.formats:
                continue
            for hit in active.detector.check(doc):
                if doc.disabled and doc.is_disabled(
                    active.rule.code, active.rule.name, active.rule.category, hit.start
                ):
                    continue
                findings.append(finding_from_hit(active, doc, hit))
        signatures: dict[str, Any] = {}
        for active in self.corpus_rules:
            if active.rule.formats and doc.format not in active.rule.formats:
                continue
            detector = active.detector
            assert isinstance(detector, CorpusDetector)
            for hit in detector.check(doc):
                findings.append(finding_from_hit(active, doc, hit))
            signatures[active.rule.code] = detector.signature(doc)
        findings.sort(key=_FINDING_ORDER)
        if self.spec.config.per_file_ignores:
            findings = apply_per_file_ignores(findings, self.spec.config, self.all_rules)
        assign_fingerprints(findings)
        if self.spec.baseline:
            findings = without_baseline(findings, self.spec.baseline)
        if "language" not in doc.cache:
            # every document's language goes into the report (bounded sample; the
            # LG rules have usually computed it already); langdetect loads lazily
            from corpus_lint.langid import document_language

            document_language(doc)
        summary: dict[str, Any] = {
            "path": doc.path,
            "id": doc.id,
            "format": doc.format,
            "length": len(doc.text),
            "language": doc.cache.get("language"),
            "language_confidence": doc.cache.get("language_confidence"),
            "metadata": doc.metadata,
        }
        if doc.source_line is not None:
            summary["source_line"] = doc.source_line
        if doc.format in ("txt", "md"):
            summary["text_offset"] = doc.text_offset
        if self.spec.include_text:
            summary["text"] = doc.text
        ref = DocRef(doc.path, doc.id, doc.index, doc.source_line)
        return DocResult(ref, summary, findings, signatures, len(doc.text))


_WORKER_RULES: RuleSet | None = None


def _init_worker(spec: LintSpec) -> None:
    global _WORKER_RULES
    if _WORKER_RULES is not None and _WORKER_RULES.spec is spec:
        return  # forked from the parent, which has built this very rule set already
    _WORKER_RULES = RuleSet(spec)


def _init_pool_worker(spec: LintSpec) -> None:
    """Initializer of the ``--jobs`` pool's processes (ours alone, unlike Ray's)."""
    threshold = gc.get_threshold()
    if threshold[0] < GC_GEN0_THRESHOLD:  # inherited when forked; see GC_GEN0_THRESHOLD
        gc.set_threshold(GC_GEN0_THRESHOLD, *threshold[1:])
    _init_worker(spec)


def _pool_context() -> BaseContext | None:
    """``fork`` on Linux: each worker inherits the parent's rule set and imported
    detector modules instead of importing and building them again (about a second
    per worker under ``spawn``/``forkserver``, the default from Python 3.14);
    elsewhere the platform's default."""
    if sys.platform.startswith("linux"):
        import multiprocessing

        return multiprocessing.get_context("fork")
    return None


def lint_batch(docs: list[Document], render: bool = False) -> list[DocResult]:
    """The unit of work every engine ships to a worker (``render``: see
    :func:`render_result`)."""
    assert _WORKER_RULES is not None, "worker not initialised"
    for detector in _WORKER_RULES.preparers:
        detector.prepare(docs)
    lint = _WORKER_RULES.lint
    if render:
        return [render_result(lint(d)) for d in docs]
    return [lint(d) for d in docs]


def render_result(res: DocResult) -> DocResult:
    """Turn a document's findings into their JSON lines and counts (see DocResult)."""
    findings = res.findings
    res.lines = "\n".join([f.json_line() for f in findings])
    counts: Counter[tuple[str, str]] = Counter()
    for f in findings:
        counts[f.rule, f.severity] += 1
    res.counts = dict(counts)
    res.findings = []
    return res


# -- the run ---------------------------------------------------------------------------


@dataclass(slots=True)
class RunResult:
    findings: list[Finding]
    documents: list[dict[str, Any]]
    files: int
    duration: float
    messages: list[str]
    rules: list[Rule]


def _batches(
    items: Iterator[Document | InputProblem],
    on_problem: Callable[[InputProblem], None],
    max_docs: int = 64,
    max_chars: int = 1 << 21,
) -> Iterator[list[Document]]:
    batch: list[Document] = []
    size = 0
    for item in items:
        if isinstance(item, InputProblem):
            on_problem(item)
            continue
        batch.append(item)
        size += len(item.text)
        if len(batch) >= max_docs or size >= max_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class Progress:
    """A one-line counter on stderr, only when stderr is a terminal and not in CI."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty() and not os.environ.get("CI")
        self.docs = 0
        self.chars = 0
        self.last = 0.0
        self.started = time.monotonic()

    def update(self, docs: int, chars: int) -> None:
        self.docs += docs
        self.chars += chars
        now = time.monotonic()
        if self.enabled and now - self.last > 0.2:
            self.last = now
            rate = self.chars / max(now - self.started, 1e-9) / 1e6
            sys.stderr.write(f"\r  {self.docs:,} documents, {self.chars / 1e6:,.1f} MB ")
            sys.stderr.write(f"({rate:,.1f} MB/s)")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.docs:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


GC_GEN0_THRESHOLD = 50_000
"""Allocations between young-generation collections during a run (Python's default
is 700).  A run keeps every finding alive until the report, so each collection
walks a growing heap: with the default, the cyclic GC took about 13% of a run's
CPU; with this, under 4%.  Reference cycles are still collected."""


class Sink:
    """Where a run's results go: kept in memory (:class:`ListSink`, for the Python
    API) or spooled to disk by :class:`corpus_lint.spool.Spool` (the CLI)."""

    render: bool = False
    """Whether workers send findings as JSON lines (:func:`render_result`)."""

    def add(self, res: DocResult) -> None:
        raise NotImplementedError

    def add_extra(self, finding: Finding) -> None:
        """A finding of no linted document's own: an input problem or a join's."""
        raise NotImplementedError

    def paths(self) -> Iterable[str]:
        """The paths of the documents received so far."""
        raise NotImplementedError


class ListSink(Sink):
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.extras: list[Finding] = []
        self.documents: list[dict[str, Any]] = []

    def add(self, res: DocResult) -> None:
        self.findings.extend(res.findings)
        self.documents.append(res.summary)

    def add_extra(self, finding: Finding) -> None:
        self.extras.append(finding)

    def paths(self) -> Iterable[str]:
        return documents_paths(self.documents)


@dataclass(slots=True)
class RunInfo:
    """What a run found besides its results."""

    files: int
    duration: float
    messages: list[str]
    rules: list[Rule]
    """The enabled rules."""
    all_rules: Mapping[str, Rule]


def run(
    paths: Sequence[str],
    spec: LintSpec,
    *,
    jobs: int = 1,
    engine: str = "auto",
    source_options: SourceOptions | None = None,
    progress: bool = True,
) -> RunResult:
    """Lint ``paths`` and keep every finding in memory (the Python API; the CLI
    spools them, see :mod:`corpus_lint.spool`)."""
    sink = ListSink()
    info = drive(
        paths,
        spec,
        sink,
        jobs=jobs,
        engine=engine,
        source_options=source_options,
        progress=progress,
    )
    findings = sink.findings
    if sink.extras:
        extras = finish_extras(sink.extras, spec.config, info.all_rules, spec.baseline)
        findings.extend(extras)
    findings.sort(key=_FINDING_ORDER)
    documents = sink.documents
    documents.sort(key=_document_order)
    return RunResult(
        findings=findings,
        documents=documents,
        files=info.files,
        duration=info.duration,
        messages=info.messages,
        rules=info.rules,
    )


def _document_order(d: Mapping[str, Any]) -> tuple[str, int]:
    return (d["path"], d.get("source_line") or 0)


def finish_extras(
    extras: list[Finding],
    cfg: Config,
    rules: Mapping[str, Rule],
    baseline: frozenset[tuple[str, str | None, str]] | None = None,
) -> list[Finding]:
    """Per-file ignores, fingerprints and the baseline for the findings a join or the
    input added (fingerprinted per document among themselves, as a document's own are)."""
    extras = apply_per_file_ignores(extras, cfg, rules)
    extras.sort(key=_FINDING_ORDER)
    assign_fingerprints(extras)
    if baseline:
        extras = without_baseline(extras, baseline)
    return extras


def without_baseline(
    findings: list[Finding], baseline: frozenset[tuple[str, str | None, str]]
) -> list[Finding]:
    return [f for f in findings if (f.path, f.document, f.fingerprint) not in baseline]


def drive(
    paths: Sequence[str],
    spec: LintSpec,
    sink: Sink,
    *,
    jobs: int = 1,
    engine: str = "auto",
    source_options: SourceOptions | None = None,
    progress: bool = True,
) -> RunInfo:
    """Read, lint and join: every result and extra finding goes to ``sink``."""
    threshold = gc.get_threshold()
    if threshold[0] < GC_GEN0_THRESHOLD:
        gc.set_threshold(GC_GEN0_THRESHOLD, *threshold[1:])
    try:
        return _drive(paths, spec, sink, jobs, engine, source_options, progress)
    finally:
        gc.set_threshold(*threshold)


def _drive(
    paths: Sequence[str],
    spec: LintSpec,
    sink: Sink,
    jobs: int,
    engine: str,
    source_options: SourceOptions | None,
    progress: bool,
) -> RunInfo:
    started = time.monotonic()
    cfg = spec.config
    rules = RuleSet(spec)
    sopts = source_options or SourceOptions(
        text_field=cfg.text_field,
        id_field=cfg.id_field,
        include=cfg.include,
        exclude=cfg.exclude,
        root=Path.cwd(),
    )
    messages: list[str] = []
    files = 0
    signatures: dict[str, list[tuple[DocRef, Any]]] = {a.rule.code: [] for a in rules.corpus_rules}
    render = sink.render

    def on_problem(problem: InputProblem) -> None:
        active = rules.input_rules.get(problem.code)
        if active is None:
            messages.append(f"{problem.path}:{problem.line}: {problem.message}")
            return
        sink.add_extra(
            Finding(
                rule=problem.code,
                name=active.rule.name,
                category="input",
                severity=active.severity,
                message=render_message(active.message, {"detail": problem.message}),
                path=problem.path,
                document=problem.document,
                start=0,
                end=0,
                line=problem.line,
                column=problem.column,
                end_line=problem.line,
                end_column=problem.column,
                excerpt="",
                index=problem.index,
                matched=_LINE_PREFIX.sub("", problem.message),
            )
        )

    def items() -> Iterator[Document | InputProblem]:
        nonlocal files
        for display, path in discover(paths, sopts):
            files += 1
            yield from read_documents(display, path, sopts)

    bar = Progress(progress)

    def collect(results: Iterable[DocResult]) -> None:
        n = 0
        chars = 0
        for res in results:
            if render and res.lines is None:
                render_result(res)  # a worker that does not render (a plugin engine)
            sink.add(res)
            for code, sig in res.signatures.items():
                signatures[code].append((res.ref, sig))
            n += 1
            chars += res.chars
        bar.update(n, chars)

    batches = _batches(items(), on_problem)
    global _WORKER_RULES
    _WORKER_RULES = rules  # used in-process, and inherited by forked workers (_pool_context)
    if engine == "ray":
        from corpus_lint.ray_engine import run_batches_on_ray

        for results in run_batches_on_ray(batches, spec, jobs, render):
            collect(results)
    elif jobs <= 1:
        for batch in batches:
            collect(lint_batch(batch, render))
    else:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=_pool_context(),
            initializer=_init_pool_worker,
            initargs=(spec,),
        ) as pool:
            pending: list[Future[list[DocResult]]] = []
            for batch in batches:
                pending.append(pool.submit(lint_batch, [d.without_cache() for d in batch], render))
                while len(pending) >= jobs * 3:
                    collect(pending.pop(0).result())
            for fut in pending:
                collect(fut.result())
    bar.close()

    context_paths = frozenset(sink.paths())
    for active in rules.corpus_rules:
        detector = active.detector
        assert isinstance(detector, CorpusDetector)
        ctx = JoinContext(
            cache_dir=str(cfg.cache_dir) if cfg.cache_dir else None,
            rule_code=active.rule.code,
            changed_paths=context_paths,
        )
        for ref, hit in detector.join(signatures[active.rule.code], ctx):
            sink.add_extra(finding_from_hit(active, ref, hit))
        signatures[active.rule.code] = []  # let them go

    return RunInfo(
        files=files,
        duration=time.monotonic() - started,
        messages=messages,
        rules=rules.enabled,
        all_rules=rules.all_rules,
    )


def documents_paths(documents: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    for d in documents:
        yield str(d["path"])


def apply_per_file_ignores(
    findings: list[Finding], cfg: Config, rules: Mapping[str, Rule]
) -> list[Finding]:
    if not cfg.per_file_ignores:
        return findings
    from corpus_lint.config import selector_specificity
    from corpus_lint.sources import _matches, glob_path

    out: list[Finding] = []
    for f in findings:
        rule = rules.get(f.rule)
        drop = False
        for pattern, selectors in cfg.per_file_ignores.items():
            if (
                rule is not None
                and _matches(glob_path(f.path, Path.cwd(), cfg.root), [pattern])
                and any(selector_specificity(s, rule) is not None for s in selectors)
            ):
                drop = True
                break
        if not drop:
            out.append(f)
    return out
