"""corpus-lint: a source-quality and content-hygiene linter for text corpora."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("corpus-lint")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

__all__ = ["__version__"]
