"""Turn paths (and stdin) into Documents, streaming, and bad input into problems.

Nothing here raises on a bad file: every problem becomes an :class:`InputProblem`
that the engine reports as an ``IO`` finding, and the other files are still read.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from corpus_lint.document import Document

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
HTML_GZ_SUFFIXES = (".html.gz", ".htm.gz")
SKIPPED_DIRS = {".git", "node_modules", "__pycache__", ".hg", ".svn", ".tox", ".venv"}

# Keys a JSONL record or front matter may use for the publication date and the url.
DATE_KEYS = ("date", "published", "publication_date", "date_published", "pub_date", "created")
URL_KEYS = ("url", "source_url", "link")

_DIRECTIVE = re.compile(
    r"<!--\s*corpus-lint:\s*(disable|enable)(?:\s*=\s*([A-Za-z0-9_,\- ]+?))?\s*-->"
)


@dataclass(slots=True)
class InputProblem:
    """A file or record that could not be linted, with where and why."""

    code: str
    path: str
    message: str
    line: int = 1
    column: int = 1
    document: str | None = None
    index: int = 0


@dataclass(slots=True)
class SourceOptions:
    text_field: str = "text"
    id_field: str = "id"
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    stdin_filename: str = "-"
    stdin_data: bytes | None = None
    """Standard input read beforehand (``--fix`` lints twice); ``None``: read it as a stream."""
    html_metadata: bool = True
    root: Path = field(default_factory=Path.cwd)
    """Paths are displayed relative to this folder (the working directory)."""
    glob_root: Path | None = None
    """``include``/``exclude`` globs are relative to this folder (the config's); default root."""


def display_path(path: Path, root: Path) -> str:
    """The path relative to ``root`` when it lies below it, else as given.

    Symbolic links are not resolved: a link is reported (and fixed) under its own name.
    """
    absolute = Path(os.path.abspath(path))
    for base in (Path(os.path.abspath(root)), root.resolve()):
        try:
            return absolute.relative_to(base).as_posix()
        except ValueError:
            continue
    try:
        return (absolute.parent.resolve() / absolute.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def glob_path(display: str, root: Path, glob_root: Path | None) -> str:
    """A displayed path (relative to ``root``) made relative to ``glob_root`` for globs."""
    if glob_root is None or glob_root == root:
        return display
    return display_path(root / display, glob_root)


def format_of(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(HTML_GZ_SUFFIXES):
        return "html"
    suffix = os.path.splitext(lower)[1]
    return TEXT_SUFFIXES.get(suffix) or HTML_SUFFIXES.get(suffix)


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    name = PurePosixPath(rel).name
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatchcase(rel, pat) or fnmatch.fnmatchcase(name, pat):
            return True
        # "drafts" or "drafts/**" excludes everything below a folder of that name
        if any(fnmatch.fnmatchcase(part, pat) for part in PurePosixPath(rel).parts[:-1]):
            return True
        if pat.endswith("/**") and rel.startswith(pat[:-3] + "/"):
            return True
    return False


def discover(paths: Sequence[str], opts: SourceOptions) -> Iterator[tuple[str, Path | None]]:
    """(display path, filesystem path) for each input; ``None`` path means stdin.

    Directories are walked in sorted order, skipping hidden folders and the usual
    tool folders; files named explicitly are always read (as pre-commit expects).
    """
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            yield opts.stdin_filename, None
            continue
        p = Path(raw)
        if p.is_dir():
            # a folder that cannot be listed is reported (read_documents names it)
            errors: list[OSError] = []
            for dirpath, dirnames, filenames in os.walk(p, onerror=errors.append):
                yield from _unlisted(errors, opts, seen)
                dirnames[:] = sorted(
                    d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS
                )
                for fname in sorted(filenames):
                    if fname.startswith("."):
                        continue
                    fp = Path(dirpath) / fname
                    if format_of(fname) is None:
                        continue
                    rel = display_path(fp, opts.root)
                    globbed = glob_path(rel, opts.root, opts.glob_root)
                    if opts.include and not _matches(globbed, opts.include):
                        continue
                    if opts.exclude and _matches(globbed, opts.exclude):
                        continue
                    if rel not in seen:
                        seen.add(rel)
                        yield rel, fp
            yield from _unlisted(errors, opts, seen)
        else:
            rel = display_path(p, opts.root)
            if opts.exclude and _matches(glob_path(rel, opts.root, opts.glob_root), opts.exclude):
                continue
            if rel not in seen:
                seen.add(rel)
                yield rel, p


def _unlisted(
    errors: list[OSError], opts: SourceOptions, seen: set[str]
) -> Iterator[tuple[str, Path | None]]:
    """The folders os.walk could not list, as inputs (read_documents reports them)."""
    while errors:
        exc = errors.pop(0)
        if not exc.filename:
            continue
        folder = Path(os.fsdecode(exc.filename))
        rel = display_path(folder, opts.root)
        if rel not in seen:
            seen.add(rel)
            yield rel, folder


def _utf8_error(data: bytes, exc: UnicodeDecodeError) -> tuple[int, int, str]:
    """Line, column and a message for the first invalid UTF-8 byte."""
    good = data[: exc.start]
    line = good.count(b"\n") + 1
    col = len(good[good.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    bad = data[exc.start : exc.start + 4].hex(" ")
    return line, col, f"invalid UTF-8 at byte {exc.start} (line {line}, column {col}): {bad}"


def _looks_binary(head: bytes) -> bool:
    return b"\x00" in head


def read_documents(
    display: str, path: Path | None, opts: SourceOptions
) -> Iterator[Document | InputProblem]:
    """Every document of one input, or the problems that stopped it."""
    if path is not None and path.is_dir():  # a folder os.walk could not list
        try:
            os.listdir(path)
        except OSError as exc:
            yield InputProblem("IO001", display, f"cannot read folder: {exc.strerror or exc}")
        else:
            yield InputProblem("IO001", display, "cannot read folder")
        return
    fmt = format_of(display) or "txt"
    if fmt == "jsonl":
        yield from _read_jsonl(display, path, opts)
        return
    try:
        data = _stdin_bytes(opts) if path is None else path.read_bytes()
        if display.lower().endswith(HTML_GZ_SUFFIXES):
            data = gzip.decompress(data)
    except OSError as exc:
        yield InputProblem("IO001", display, f"cannot read file: {exc.strerror or exc}")
        return
    except (EOFError, zlib.error) as exc:
        yield InputProblem("IO001", display, f"cannot read file: corrupt gzip data ({exc})")
        return
    if _looks_binary(data[:8192]):
        yield InputProblem("IO002", display, "binary file (contains NUL bytes); not linted")
        return
    if fmt == "html":
        yield from _read_html(display, data, opts)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col, msg = _utf8_error(data, exc)
        yield InputProblem("IO003", display, msg + "; not linted", line, col)
        return
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        yield InputProblem("IO005", display, "empty file: nothing to lint")
        return
    yield from _text_document(display, text, fmt)


def _text_document(display: str, text: str, fmt: str) -> Iterator[Document | InputProblem]:
    metadata: dict[str, Any] = {}
    line_offset = 0
    text_offset = 0
    if fmt == "md" and text.startswith("---"):
        m = re.match(r"---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|$)", text, re.S)
        if m:
            import yaml  # only front matter needs it

            try:
                meta = yaml.safe_load(m.group(1) or "") or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = (mark.line + 2) if mark is not None else 1
                yield InputProblem(
                    "IO006", display, f"invalid YAML front matter: {exc}".splitlines()[0], line
                )
                meta = {}
            if isinstance(meta, dict):
                metadata = {str(k): _jsonable(v) for k, v in meta.items()}
            line_offset = text.count("\n", 0, m.end())
            text_offset = m.end()
            text = text[m.end() :]
    doc = Document(
        text=text,
        path=display,
        id=display,
        format=fmt,
        line_offset=line_offset,
        text_offset=text_offset,
    )
    doc.metadata = normalize_metadata(metadata)
    if fmt == "md":
        doc.disabled = _directives(text)
    yield doc


def _directives(text: str) -> list[tuple[str, int, int]]:
    """Regions disabled by ``<!-- corpus-lint: disable=X -->`` ... ``enable=X``."""
    regions: list[tuple[str, int, int]] = []
    open_at: dict[str, int] = {}
    for m in _DIRECTIVE.finditer(text):
        action = m.group(1)
        names = [s.strip() for s in (m.group(2) or "all").split(",") if s.strip()]
        for name in names:
            if action == "disable":
                open_at.setdefault(name, m.start())
            elif name in open_at:
                regions.append((name, open_at.pop(name), m.end()))
            elif name == "all":
                for other, start in list(open_at.items()):
                    regions.append((other, start, m.end()))
                open_at.clear()
    regions.extend((name, start, len(text) + 1) for name, start in open_at.items())
    return sorted(regions, key=lambda r: (r[1], r[0]))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)  # dates from YAML front matter


def normalize_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """Keep every field; add ``published`` and ``url`` when a known key carries them."""
    out = dict(meta)
    if "published" not in out or not isinstance(out.get("published"), str):
        for key in DATE_KEYS:
            value = meta.get(key)
            if isinstance(value, str) and value.strip():
                out["published"] = value.strip()
                break
    for key in URL_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            out.setdefault("url", value.strip())
            break
    return out


def _read_html(display: str, data: bytes, opts: SourceOptions) -> Iterator[Document | InputProblem]:
    try:
        from corpus_lint.htmlsource import html_document

        doc = html_document(display, data, metadata=opts.html_metadata)
    except Exception as exc:  # lxml can fail in many ways on broken markup
        yield InputProblem("IO001", display, f"cannot parse HTML: {exc}")
        return
    if not doc.text.strip():
        yield InputProblem("IO005", display, "empty page: no visible text to lint")
        return
    doc.disabled = [
        (name.strip(), 0, len(doc.text) + 1)
        for m in _DIRECTIVE.finditer(data.decode("utf-8", "replace"))
        if m.group(1) == "disable"
        for name in (m.group(2) or "all").split(",")
        if name.strip()
    ]
    yield doc


def _stdin_bytes(opts: SourceOptions) -> bytes:
    return opts.stdin_data if opts.stdin_data is not None else sys.stdin.buffer.read()


def _open_binary(
    display: str, path: Path | None, stdin_data: bytes | None = None
) -> IO[bytes] | gzip.GzipFile:
    if path is None:
        raw: IO[bytes] = sys.stdin.buffer if stdin_data is None else io.BytesIO(stdin_data)
        if display.endswith(".gz"):
            return gzip.GzipFile(fileobj=raw)
        return raw
    if display.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_jsonl(
    display: str, path: Path | None, opts: SourceOptions
) -> Iterator[Document | InputProblem]:
    """Stream one document per line; a 2 GB shard is never held in memory whole."""
    try:
        handle = _open_binary(display, path, opts.stdin_data)
    except OSError as exc:
        yield InputProblem("IO001", display, f"cannot read file: {exc.strerror or exc}")
        return
    count = 0
    index = 0
    lineno = 0
    try:
        with handle:
            for lineno, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                count += 1
                if b"\x00" in raw:
                    yield InputProblem(
                        "IO002",
                        display,
                        f"line {lineno}: binary data (NUL bytes)",
                        lineno,
                        index=index,
                    )
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield InputProblem(
                        "IO003",
                        display,
                        f"line {lineno}: invalid UTF-8 at byte {exc.start} of the line",
                        lineno,
                        exc.start + 1,
                        index=index,
                    )
                    continue
                try:
                    record = json.loads(line.rstrip("\r\n"))
                except json.JSONDecodeError as exc:
                    what = exc.msg.removesuffix(" at")
                    yield InputProblem(
                        "IO004",
                        display,
                        f"line {lineno}: invalid JSON: {what} at column {exc.colno}",
                        lineno,
                        exc.colno,
                        index=index,
                    )
                    continue
                if not isinstance(record, dict):
                    yield InputProblem(
                        "IO004",
                        display,
                        f"line {lineno}: expected a JSON object",
                        lineno,
                        index=index,
                    )
                    continue
                text = record.get(opts.text_field)
                if not isinstance(text, str):
                    what = "missing" if text is None else f"not a string ({type(text).__name__})"
                    yield InputProblem(
                        "IO004",
                        display,
                        f"line {lineno}: text field {opts.text_field!r} is {what}",
                        lineno,
                        index=index,
                    )
                    continue
                raw_id = record.get(opts.id_field)
                doc_id = str(raw_id) if raw_id is not None else f"line-{lineno}"
                if not text.strip():
                    yield InputProblem(
                        "IO005",
                        display,
                        f"line {lineno}: empty document {doc_id!r}",
                        lineno,
                        document=doc_id,
                        index=index,
                    )
                    index += 1
                    continue
                meta = {
                    k: v for k, v in record.items() if k not in (opts.text_field, opts.id_field)
                }
                yield Document(
                    text=text,
                    path=display,
                    id=doc_id,
                    format="jsonl",
                    index=index,
                    source_line=lineno,
                    metadata=normalize_metadata(meta),
                )
                index += 1
    except (OSError, EOFError, zlib.error) as exc:
        where = f" after line {lineno}" if lineno else ""
        if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
            detail = f"corrupt gzip data ({exc or 'truncated stream'})"
        else:
            detail = str(exc.strerror or exc) if isinstance(exc, OSError) else str(exc)
        yield InputProblem(
            "IO001", display, f"cannot read file{where}: {detail}", max(lineno, 1), index=index
        )
        return
    if count == 0:
        yield InputProblem("IO005", display, "empty file: no JSON lines", index=index)
