"""The ``DU`` family: repeated paragraphs inside a document, near-duplicate documents
and paragraphs repeated across documents.

* ``duplicate-paragraph`` (per document; ``kind: exact`` or ``kind: near``): a
  paragraph equal to an earlier one of the same document after normalising case,
  whitespace, quotes and dashes, or nearly equal to it (word-shingle overlap).
* ``near-duplicate-document`` (corpus): MinHash signatures of word shingles, LSH
  banding to find candidate pairs, each candidate verified on the full signature.
* ``cross-document-paragraph`` (corpus): long paragraphs hashed exactly; a
  paragraph held by several documents is reported on each later copy.

Corpus rules work in two phases: ``signature`` (any worker) returns a small tuple
of bytes and positions; ``join`` (main process) compares signatures only, so the
positions and excerpts of anything it reports travel inside the signature.  With
a cache directory, signatures persist in :mod:`corpus_lint.store` and a run that
lints a few files compares them with the rest of the corpus without reading it.
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from corpus_lint.api import CorpusDetector, Detector, DetectorError, DocRef, Edit, Fix, Hit
from corpus_lint.dedup_text import (
    Paragraph,
    content_hash,
    first_line_excerpt,
    long_paragraphs,
    shared_shingles_small,
    stable_hash64,
)
from corpus_lint.document import Document

if TYPE_CHECKING:
    from corpus_lint.api import JoinContext
    from corpus_lint.store import Parts, SignatureStore, StoredRows

log = logging.getLogger("corpus_lint")

_RATIO = {"type": "number", "minimum": 0, "maximum": 1}
_POSITIVE = {"type": "integer", "minimum": 1}
_EXCERPT = 80
"""Excerpts carried by corpus signatures are clipped to this many characters."""
_SMALL = 8
"""Up to this many paragraphs, near copies are found with Python sets, beyond with numpy."""


def _order_key(ref: DocRef) -> tuple[str, int]:
    """Which of two documents is the later one: sorted by path, then index."""
    return (ref.path, ref.index)


def describe(ref: DocRef, line: int | None = None) -> str:
    """How a message names another document (and a line of it)."""
    where = ref.path if ref.source_line is None else f"{ref.path} (id {ref.id})"
    return where if line is None else f"{where}, line {line}"


def _delete_paragraph_fix(doc: Document, i: int, safe: bool) -> Fix:
    """Remove paragraph ``i`` with the blank line after it (before it, when last)."""
    spans = doc.paragraphs()
    p = spans[i]
    if i + 1 < len(spans):
        edit = Edit(p.start, spans[i + 1].start, "")
    elif i > 0:
        edit = Edit(spans[i - 1].end, p.end, "")
    else:
        edit = Edit(p.start, p.end, "")
    return Fix((edit,), safe, "delete the repeated paragraph")


# -- in-document duplicates ---------------------------------------------------------------


class DuplicateParagraphDetector(Detector):
    """``duplicate-paragraph``: a paragraph repeating an earlier one of the same document.

    ``kind: exact`` flags copies equal after normalisation (safe fix: delete the copy);
    ``kind: near`` flags copies whose word shingles overlap the earlier paragraph's by
    at least ``threshold`` (overlap coefficient) without being exact copies.
    """

    name: ClassVar[str] = "duplicate-paragraph"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "kind": {"enum": ["exact", "near"]},
            "min_words": _POSITIVE,
            "min_chars": _POSITIVE,
            "min_line_length": {"type": "number", "minimum": 0},
            "shingle_size": {"type": "integer", "minimum": 1, "maximum": 12},
            "threshold": _RATIO,
            "min_length_ratio": _RATIO,
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.kind: str = options.get("kind", "exact")
        self.min_words: int = options.get("min_words", 20)
        self.min_chars: int = options.get("min_chars", 100)
        self.min_line: float = options.get("min_line_length", 50)
        self.n: int = options.get("shingle_size", 3)
        self.threshold: float = options.get("threshold", 0.8)
        self.min_ratio: float = options.get("min_length_ratio", 0.5)
        if self.threshold <= 0:
            raise DetectorError("threshold must be above 0")

    def check(self, doc: Document) -> Iterator[Hit]:
        paras = long_paragraphs(doc, self.min_chars, self.min_words, self.min_line)
        if len(paras) < 2:
            return
        first: dict[str, Paragraph] = {}
        copies: list[tuple[Paragraph, Paragraph]] = []
        for p in paras:
            q = first.setdefault(p.normalized, p)
            if q is not p:
                copies.append((p, q))
        if self.kind == "exact":
            for p, q in copies:
                yield Hit(
                    p.start,
                    p.end,
                    args={"first_line": doc.position(q.start)[0]},
                    fix=_delete_paragraph_fix(doc, p.index, safe=True),
                )
        elif len(first) > 1:
            yield from self._near(doc, list(first.values()))

    def _near(self, doc: Document, unique: list[Paragraph]) -> Iterator[Hit]:
        """Pairs of distinct paragraphs sharing most of their word shingles."""
        found = None
        if len(unique) > _SMALL:
            from corpus_lint.dedup_minhash import shared_shingles

            spans = [(p.start, p.end) for p in unique]
            # pairs that cannot pass the tests below are dropped there already
            found = shared_shingles(doc, spans, self.n, self.threshold, self.min_ratio)
        if found is None:
            found = shared_shingles_small([doc.text[p.start : p.end] for p in unique], self.n)
        sizes, pairs = found
        best: dict[int, tuple[float, int]] = {}
        for j, i, shared in pairs:  # j < i: i is the later paragraph
            smaller, larger = sorted((sizes[i], sizes[j]))
            if smaller == 0 or shared < self.threshold * smaller - 1e-9:
                continue
            if smaller < self.min_ratio * larger:
                continue
            sim = shared / smaller
            if i not in best or sim > best[i][0]:
                best[i] = (sim, j)
        for i in sorted(best):
            sim, j = best[i]
            p, q = unique[i], unique[j]
            yield Hit(
                p.start,
                p.end,
                args={"first_line": doc.position(q.start)[0], "similarity": f"{sim:.2f}"},
                fix=_delete_paragraph_fix(doc, p.index, safe=False),
            )


# -- corpus rules: shared plumbing ---------------------------------------------------------


@dataclass(slots=True)
class _Docs:
    """The documents a join compares: stored ones (earlier runs) first, in store order,
    then this run's, by path and index.  Row ``i`` is stored when ``i < n_stored``."""

    current: list[tuple[DocRef, Any]]
    stored: StoredRows
    stored_rows: list[int]
    """Which rows of ``stored`` take part (their signature fits this detector)."""
    store: SignatureStore | None

    @property
    def n_stored(self) -> int:
        return len(self.stored_rows)

    def __len__(self) -> int:
        return len(self.stored_rows) + len(self.current)

    def is_current(self, i: int) -> bool:
        return i >= len(self.stored_rows)

    def ref(self, i: int) -> DocRef:
        if i >= len(self.stored_rows):
            return self.current[i - len(self.stored_rows)][0]
        assert self.store is not None
        return self.store.ref(self.stored, self.stored_rows[i])

    def sig(self, i: int) -> Any:
        return self.current[i - len(self.stored_rows)][1]

    def fresh(self, i: int) -> bool:
        """A document of this run, or a stored one whose file is still there unchanged."""
        if i >= len(self.stored_rows) or self.store is None:
            return True
        return self.store.is_fresh(self.stored.keys[self.stored_rows[i]])


class _StoredCorpusDetector(CorpusDetector):
    """A corpus detector whose signatures persist in the signature store."""

    def namespace(self) -> str:
        """Options that shape the signature (stored signatures must agree on them)."""
        raise NotImplementedError

    def pack(self, sig: Any) -> Parts | None:
        """What a later run needs of a signature (None: nothing to compare)."""
        raise NotImplementedError

    def usable(self, stored: StoredRows, i: int) -> bool:
        """Whether stored row ``i`` is a signature this detector can compare."""
        raise NotImplementedError

    def _join(self, docs: _Docs) -> Iterator[tuple[DocRef, Hit]]:
        raise NotImplementedError

    def join(
        self, signatures: Iterable[tuple[DocRef, Any]], context: JoinContext
    ) -> Iterator[tuple[DocRef, Hit]]:
        current = sorted(signatures, key=lambda t: _order_key(t[0]))
        stored, store = self._load(current, context)
        try:
            rows = [i for i in range(len(stored)) if self.usable(stored, i)]
            yield from self._join(_Docs(current, stored, rows, store))
        finally:
            if store is not None:
                store.close()

    def _load(
        self, current: list[tuple[DocRef, Any]], context: JoinContext
    ) -> tuple[StoredRows, SignatureStore | None]:
        """Store this run's signatures and read those of earlier runs."""
        from corpus_lint.store import SignatureStore, StoredRows, StoreError

        if not context.cache_dir:
            return StoredRows(), None
        namespace = f"{context.rule_code or self.name}:{self.namespace()}"
        paths = set(context.changed_paths) | {ref.path for ref, _ in current}
        store: SignatureStore | None = None
        try:
            store = SignatureStore.open(context.cache_dir)
            store.sync(namespace, ((ref, sig[0], self.pack(sig)) for ref, sig in current), paths)
            return store.others(namespace, paths), store
        except StoreError as exc:
            log.warning("%s: %s; comparing this run's documents only", namespace, exc)
            if store is not None:
                store.close()
            return StoredRows(), None


def _content_hash(doc: Document) -> bytes:
    """``content_hash(doc.text)``, once per document (DU003 and DU004 both need it)."""
    found: bytes | None = doc.cache.get("du.content")
    if found is None:
        found = doc.cache["du.content"] = content_hash(doc.text)
    return found


def _doc_position(doc: Document) -> tuple[int, int, int, int]:
    line, col = doc.position(0)
    end_line, end_col = doc.end_position(0, len(doc.text))
    return (line, col, end_line, end_col)


def _doc_excerpt(doc: Document) -> str:
    text = doc.text
    stripped = len(text) - len(text.lstrip())
    return first_line_excerpt(text, stripped, _EXCERPT)


# -- near-duplicate documents ----------------------------------------------------------------


class NearDuplicateDocumentDetector(_StoredCorpusDetector):
    """``near-duplicate-document``: MinHash + LSH over word shingles, verified pairs.

    Signature: a digest of the text, the MinHash signature (``permutations`` 32-bit
    values), the document's span, and an excerpt.  Join: documents sharing an LSH
    band are candidates; a candidate pair is kept when the share of equal signature
    values (the estimated Jaccard similarity of the shingle sets) reaches
    ``threshold``.  Each later document of a cluster is reported, naming its most
    similar earlier member.
    """

    name: ClassVar[str] = "near-duplicate-document"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "shingle_size": {"type": "integer", "minimum": 1, "maximum": 32},
            "permutations": {"type": "integer", "minimum": 8, "maximum": 1024},
            "threshold": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "bands": _POSITIVE,
            "rows": _POSITIVE,
            "min_words": _POSITIVE,
            "seed": {"type": "integer", "minimum": 0},
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.n: int = options.get("shingle_size", 5)
        self.num_perm: int = options.get("permutations", 128)
        self.threshold: float = options.get("threshold", 0.7)
        self.min_words: int = options.get("min_words", 30)
        self.seed: int = options.get("seed", 1)
        bands, rows = options.get("bands"), options.get("rows")
        if (bands is None) != (rows is None):
            raise DetectorError("give both bands and rows, or neither")
        if bands is not None and rows is not None and bands * rows > self.num_perm:
            raise DetectorError(
                f"bands x rows ({bands} x {rows}) exceeds permutations ({self.num_perm})"
            )
        self._bands: tuple[int, int] | None = (bands, rows) if bands and rows else None

    def bands_rows(self) -> tuple[int, int]:
        """LSH banding; by default the text-dedup/RedPajama-v2 rule weighted toward recall."""
        if self._bands is None:
            from corpus_lint.dedup_minhash import optimal_bands

            self._bands = optimal_bands(self.threshold, self.num_perm, 0.2, 0.8)
        return self._bands

    def namespace(self) -> str:
        return f"minhash-v1:n{self.n}:p{self.num_perm}:s{self.seed}:w{self.min_words}"

    def signature(self, doc: Document) -> tuple[bytes, bytes, str, tuple[int, int, int, int], int]:
        from corpus_lint.dedup_minhash import doc_shingles, minhash

        shingles = doc_shingles(doc, self.n)
        mh = b""
        if len(shingles) + self.n - 1 >= self.min_words:
            mh = minhash(shingles, self.num_perm, self.seed).tobytes()
        return (_content_hash(doc), mh, _doc_excerpt(doc), _doc_position(doc), len(doc.text))

    def pack(self, sig: Any) -> Parts | None:
        mh: bytes = sig[1]
        return (mh, b"", b"") if mh else None

    def usable(self, stored: StoredRows, i: int) -> bool:
        return len(stored.a[i]) == 4 * self.num_perm

    def _join(self, docs: _Docs) -> Iterator[tuple[DocRef, Hit]]:
        import numpy as np

        from corpus_lint.dedup_minhash import band_keys

        width = 4 * self.num_perm
        mine = [i for i, (_, sig) in enumerate(docs.current) if len(sig[1]) == width]
        if not mine:
            return
        ns = docs.n_stored
        blobs = [docs.stored.a[i] for i in docs.stored_rows]
        blobs += [docs.current[i][1][1] for i in mine]
        matrix = np.frombuffer(b"".join(blobs), dtype=np.uint32).reshape(len(blobs), -1)
        # row r of the matrix is document ids[r] of ``docs`` (stored first, by rank)
        ids = np.concatenate((np.arange(ns), ns + np.asarray(mine, dtype=np.int64)))
        bands, rows = self.bands_rows()
        keys = band_keys(matrix, bands, rows)
        if ns:
            # stored documents matter only when they share a band with this run's
            relevant = np.zeros(len(ids), dtype=bool)
            relevant[ns:] = True
            for band in range(bands):
                relevant[:ns] |= np.isin(keys[:ns, band], keys[ns:, band])
            keep = np.flatnonzero(relevant)
            matrix, keys, ids = matrix[keep], keys[keep], ids[keep]
        n = len(ids)
        current = ids >= ns
        found: list[Any] = []
        for band in range(bands):
            col = keys[:, band]
            order = np.lexsort((np.arange(n), col))
            sorted_keys = col[order]
            same = sorted_keys[1:] == sorted_keys[:-1]
            if not same.any():
                continue
            starts = np.ones(n, dtype=bool)
            starts[1:] = ~same
            head = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
            later = np.flatnonzero(~starts)
            for a, b in ((order[later - 1], order[later]), (order[head[later]], order[later])):
                both = current[a] | current[b]
                lo, hi = np.minimum(a, b)[both], np.maximum(a, b)[both]
                found.append(lo.astype(np.int64) * n + hi)
        if not found:
            return
        pairs = np.unique(np.concatenate(found))
        lo_all, hi_all = pairs // n, pairs % n
        sims = np.empty(len(pairs), dtype=np.float64)
        step = 1 << 15
        for s in range(0, len(pairs), step):
            a, b = lo_all[s : s + step], hi_all[s : s + step]
            sims[s : s + step] = (matrix[a] == matrix[b]).mean(axis=1)
        ok = sims >= self.threshold - 1e-9
        doc_of: list[int] = ids.tolist()
        neighbours: dict[int, list[tuple[float, int]]] = {}
        verified = zip(lo_all[ok].tolist(), hi_all[ok].tolist(), sims[ok].tolist(), strict=True)
        for lo, hi, sim in verified:
            x, y = doc_of[lo], doc_of[hi]  # x < y: x ranks first
            if docs.fresh(x) and docs.fresh(y):
                neighbours.setdefault(x, []).append((sim, y))
                neighbours.setdefault(y, []).append((sim, x))
        # clusters (union-find): every member but the first is a copy
        parent = {i: i for i in neighbours}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for x, links in neighbours.items():
            for _, y in links:
                rx, ry = find(x), find(y)
                if rx != ry:  # the root stays the member that ranks first
                    parent[max(rx, ry)] = min(rx, ry)
        for i in sorted(neighbours):
            if not docs.is_current(i) or find(i) == i:
                continue  # the root of a cluster is its first member
            links = neighbours[i]
            earlier = [(s, j) for s, j in links if j < i]
            sim, j = max(earlier or links, key=lambda t: (t[0], -t[1]))
            ref, sig = docs.current[i - ns]
            hit = Hit(
                0,
                sig[4],
                args={"other": describe(docs.ref(j)), "similarity": f"{sim:.2f}"},
                position=sig[3],
                excerpt=sig[2],
                matched=f"near-duplicate document {ref.id}",
            )
            yield ref, hit


# -- paragraphs shared across documents ---------------------------------------------------


_POS = struct.Struct("<6i")
"""start, end, line, column, end line, end column of a paragraph"""


class CrossDocumentParagraphDetector(_StoredCorpusDetector):
    """``cross-document-paragraph``: a long paragraph that other documents also hold.

    Signature: a 64-bit hash of each long paragraph (normalised as for exact
    in-document copies), its position and an excerpt, plus a bottom-k sketch of the
    document's word shingles.  Join: paragraphs grouped by hash; every copy after the
    first (by path, then index) is reported, naming the first copy.  Documents that
    are near-duplicates of each other as a whole (sketch similarity at least
    ``skip_similarity``) are left to ``near-duplicate-document``.
    """

    name: ClassVar[str] = "cross-document-paragraph"
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "min_chars": _POSITIVE,
            "min_words": _POSITIVE,
            "min_line_length": {"type": "number", "minimum": 0},
            "skip_similarity": {"type": "number", "minimum": 0, "maximum": 1.01},
            "sketch_size": {"type": "integer", "minimum": 8, "maximum": 1024},
            "shingle_size": {"type": "integer", "minimum": 1, "maximum": 32},
        },
    }

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.min_chars: int = options.get("min_chars", 200)
        self.min_words: int = options.get("min_words", 30)
        self.min_line: float = options.get("min_line_length", 50)
        self.skip_similarity: float = options.get("skip_similarity", 0.7)
        self.k: int = options.get("sketch_size", 64)
        self.n: int = options.get("shingle_size", 5)

    def namespace(self) -> str:
        return (
            f"paragraphs-v3:c{self.min_chars}:w{self.min_words}:l{self.min_line}"
            f":n{self.n}:k{self.k}"
        )

    def signature(self, doc: Document) -> tuple[bytes, bytes, bytes, bytes, str]:
        text = doc.text
        hashes: list[int] = []
        positions: list[bytes] = []
        excerpts: list[str] = []
        for p in long_paragraphs(doc, self.min_chars, self.min_words, self.min_line):
            hashes.append(stable_hash64(p.normalized))
            line, col = doc.position(p.start)
            end_line, end_col = doc.end_position(p.start, p.end)
            positions.append(_POS.pack(p.start, p.end, line, col, end_line, end_col))
            excerpts.append(first_line_excerpt(text, p.start, _EXCERPT))
        sketch = b""
        if hashes:
            import numpy as np

            from corpus_lint.dedup_minhash import bottom_k, distinct, doc_shingles

            # the top 32 bits of the k least 64-bit hashes: half the memory, same order
            low = bottom_k(doc_shingles(doc, self.n), self.k) >> np.uint64(32)
            sketch = distinct(low.astype(np.uint32)).tobytes()
        packed = struct.pack(f"<{len(hashes)}Q", *hashes)
        # excerpts are single lines: one string per document keeps the signature small
        return (_content_hash(doc), sketch, packed, b"".join(positions), "\n".join(excerpts))

    def pack(self, sig: Any) -> Parts | None:
        hashes: bytes = sig[2]
        if not hashes:
            return None
        positions: bytes = sig[3]
        # stored documents are never reported: each paragraph's line is all they need
        lines = [_POS.unpack_from(positions, i * _POS.size)[2] for i in range(len(hashes) // 8)]
        return (sig[1], hashes, struct.pack(f"<{len(lines)}i", *lines))

    def usable(self, stored: StoredRows, i: int) -> bool:
        b = stored.b[i]
        return bool(b) and len(b) % 8 == 0 and len(stored.c[i]) * 2 == len(b)

    def _join(self, docs: _Docs) -> Iterator[tuple[DocRef, Hit]]:
        import numpy as np

        from corpus_lint.dedup_minhash import bottom_k_similarity

        ns = docs.n_stored
        if not any(sig[2] for _, sig in docs.current):
            return
        stored_b = [docs.stored.b[i] for i in docs.stored_rows]
        counts = [len(b) // 8 for b in stored_b] + [len(sig[2]) // 8 for _, sig in docs.current]
        blob = b"".join(stored_b) + b"".join(sig[2] for _, sig in docs.current)
        hashes = np.frombuffer(blob, dtype=np.uint64)
        owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        starts = np.cumsum([0, *counts[:-1]], dtype=np.int64)
        para = np.arange(len(hashes), dtype=np.int64) - np.repeat(starts, counts)
        if ns:
            # only the paragraphs that this run's documents hold can be reported
            ours = owner >= ns
            keep = np.flatnonzero(np.isin(hashes, hashes[ours]))
            hashes, owner, para = hashes[keep], owner[keep], para[keep]
        order = np.lexsort((para, owner, hashes))
        h = hashes[order]
        same = h[1:] == h[:-1]
        if not same.any():
            return
        # runs of equal hashes: [start, end) in the sorted order
        edges = np.flatnonzero(np.diff(np.concatenate(([False], same, [False])).astype(np.int8)))
        sketches: dict[int, Any] = {}
        similar: dict[tuple[int, int], bool] = {}

        def sketch(d: int) -> Any:
            if d not in sketches:
                raw = docs.sig(d)[1] if docs.is_current(d) else docs.stored.a[docs.stored_rows[d]]
                sketches[d] = np.frombuffer(raw, dtype=np.uint32)
            return sketches[d]

        def near_duplicates(a: int, b: int) -> bool:
            key = (min(a, b), max(a, b))
            cached = similar.get(key)
            if cached is None:
                sim = bottom_k_similarity(sketch(key[0]), sketch(key[1]), self.k)
                cached = similar[key] = sim >= self.skip_similarity
            return cached

        def line_of(d: int, p: int) -> int:
            if docs.is_current(d):
                line: int = _POS.unpack_from(docs.sig(d)[3], p * _POS.size)[2]
                return line
            stored_line: int = struct.unpack_from("<i", docs.stored.c[docs.stored_rows[d]], 4 * p)[
                0
            ]
            return stored_line

        hits: list[tuple[DocRef, Hit]] = []
        owners, paras = owner[order].tolist(), para[order].tolist()
        values = h.tolist()
        for r in range(0, len(edges), 2):
            start, end = int(edges[r]), int(edges[r + 1]) + 1
            holders: list[tuple[int, int]] = []
            seen: set[int] = set()
            for k in range(start, end):
                d = owners[k]
                if d not in seen:  # repeats inside one document are duplicate-paragraph's
                    seen.add(d)
                    holders.append((d, paras[k]))
            if len(holders) < 2:
                continue
            holders = [(d, p) for d, p in holders if docs.fresh(d)]
            for pos, (d, p) in enumerate(holders):
                if pos == 0 or not docs.is_current(d):
                    continue
                original = next(
                    ((e, q) for e, q in holders[:pos] if not near_duplicates(e, d)), None
                )
                if original is None:
                    continue
                e, q = original
                ref, sig = docs.current[d - ns]
                start_, end_, line, col, end_line, end_col = _POS.unpack_from(sig[3], p * _POS.size)
                hits.append(
                    (
                        ref,
                        Hit(
                            start_,
                            end_,
                            args={"other": describe(docs.ref(e), line_of(e, q))},
                            position=(line, col, end_line, end_col),
                            excerpt=sig[4].split("\n")[p],
                            matched=f"{ref.id}\x1f{values[start]:016x}",
                        ),
                    )
                )
        hits.sort(key=lambda t: (_order_key(t[0]), t[1].start))
        yield from hits
