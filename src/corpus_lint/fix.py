"""Apply the edits attached to findings, writing each file atomically.

Only fixes marked safe are applied, unless unsafe fixes are asked for.  Files
are rewritten through a temporary file in the same folder and ``os.replace``,
so a crash never leaves a half-written file.  Fixes apply to plain-text and
Markdown files; JSONL shards and HTML pages are never rewritten.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_lint.api import Edit


@dataclass(slots=True)
class FixOutcome:
    applied: int
    files: list[str]
    skipped: list[str]
    fixed_fingerprints: set[tuple[str, str]]


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so readers see the old or the new file, never half.

    A symbolic link is followed: its target is rewritten and the link stays a link.
    """
    atomic_write_chunks(path, (text,))


def atomic_write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """:func:`atomic_write_text` for text produced piece by piece (large reports)."""
    path = Path(os.path.realpath(path))
    folder = path.parent
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits (later overlapping ones are dropped)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    pos = 0
    applied = 0
    for e in ordered:
        if e.start < pos:
            continue
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
        applied += 1
    out.append(text[pos:])
    return "".join(out), applied


def apply_fixes(
    report: Mapping[str, Any],
    *,
    unsafe: bool = False,
    root: Path | None = None,
    skip: Collection[str] = (),
) -> FixOutcome:
    """Write the fixes of ``report`` into its ``.txt`` and ``.md`` files.

    ``skip`` names report paths that are not files to write (standard input).
    """
    root = root or Path.cwd()
    docs = {d["path"]: d for d in report["documents"] if d.get("format") in ("txt", "md")}
    by_path: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    outcome = FixOutcome(0, [], [], set())
    for f in report["findings"]:
        fix = f.get("fix")
        if not fix or (not fix["safe"] and not unsafe):
            continue
        if f["path"] in skip:
            note = f"{f['path']}: read from standard input; fixes are not written"
            if note not in outcome.skipped:
                outcome.skipped.append(note)
        elif f["path"] in docs:
            by_path[f["path"]].append(f)
    for path_str, findings in sorted(by_path.items()):
        doc = docs[path_str]
        path = root / path_str
        try:
            raw = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            outcome.skipped.append(f"{path_str}: cannot re-read file: {exc}")
            continue
        bom = "\ufeff" if raw.startswith("\ufeff") else ""
        body_all = raw[len(bom) :]
        offset = int(doc.get("text_offset", 0))
        head, body = body_all[:offset], body_all[offset:]
        if len(body) != doc["length"]:
            outcome.skipped.append(f"{path_str}: file changed since it was linted; not fixed")
            continue
        edits: list[Edit] = []
        fixed: list[Mapping[str, Any]] = []
        # Fixes are applied finding by finding; a finding whose edits overlap
        # an earlier one waits for the next pass.
        taken: list[tuple[int, int]] = []
        for f in sorted(findings, key=lambda f: (f["span"]["start"], f["rule"])):
            f_edits = [Edit(e["start"], e["end"], e["replacement"]) for e in f["fix"]["edits"]]
            if any(
                (e.start < t_end and t_start < e.end) or (e.start == e.end == t_start)
                for e in f_edits
                for t_start, t_end in taken
            ):
                continue
            edits.extend(f_edits)
            taken.extend((e.start, e.end) for e in f_edits)
            fixed.append(f)
        new_body, _ = apply_edits(body, edits)
        if new_body == body:
            continue
        try:
            atomic_write_text(path, bom + head + new_body)
        except OSError as exc:
            outcome.skipped.append(f"{path_str}: cannot write the fixed file: {exc}")
            continue
        outcome.files.append(path_str)
        outcome.applied += len(fixed)
        outcome.fixed_fingerprints.update((f["path"], f["fingerprint"]) for f in fixed)
    return outcome
