"""The detector behind ``IO`` rules.

Input problems are found while reading (see :mod:`corpus_lint.sources`), not by
looking at a document's text, so this detector never yields anything itself: it
exists so that ``IO`` rules are ordinary rules with codes, docs and severities
that can be selected, ignored and re-levelled like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from corpus_lint.api import Detector, Hit
from corpus_lint.document import Document


class InputDetector(Detector):
    name: ClassVar[str] = "input"
    options_schema: ClassVar[dict[str, Any]] = {"type": "object", "additionalProperties": False}

    def check(self, doc: Document) -> Iterator[Hit]:
        return iter(())
