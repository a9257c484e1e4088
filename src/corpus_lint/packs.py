"""Where the built-in rule packs live (registered as the ``builtin`` rule-pack entry point)."""

from __future__ import annotations

from pathlib import Path


def builtin_pack_dir() -> Path:
    """``corpus_lint/rules`` inside a wheel; the repository's ``rules/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "rules"
