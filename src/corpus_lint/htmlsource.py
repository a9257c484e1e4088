"""HTML pages as Documents: the visible page text with its layout, plus metadata.

The text is what a reader (or a naive scraper) sees, produced by ``html-text``
(block elements become line breaks, scripts and styles are dropped).  The raw
page is kept in ``Document.markup`` for detectors that need the markup,
such as the trafilatura main-content detector.  Publication date, title and
url come from trafilatura's metadata extraction (htmldate for the date).
"""

from __future__ import annotations

from typing import Any

from corpus_lint.document import Document


def decode_html(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from trafilatura.utils import decode_file

    decoded: str = decode_file(data)
    return decoded


def extract_metadata(html: str) -> dict[str, Any]:
    """title, author, url, sitename and the publication date, where the page has them."""
    from trafilatura.metadata import extract_metadata as _extract

    meta = _extract(html)
    out: dict[str, Any] = {}
    if meta is None:
        return out
    for key in ("title", "author", "url", "hostname", "sitename", "date", "language"):
        value = getattr(meta, key, None)
        if isinstance(value, str) and value:
            out[key] = value
    if "date" in out:
        out["published"] = out["date"]
    return out


def page_text(html: str) -> str:
    import html_text

    text: str = html_text.extract_text(html)
    return text


def html_document(display: str, data: bytes, *, metadata: bool = True) -> Document:
    html = decode_html(data)
    text = page_text(html)
    doc = Document(text=text, path=display, id=display, format="html")
    if metadata:
        doc.metadata = extract_metadata(html)
    doc.markup = html
    return doc
