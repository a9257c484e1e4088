"""Word shingles, MinHash signatures, bottom-k sketches and LSH banding, with numpy.

Everything here is vectorised: a document is lower-cased and encoded to UTF-8
once, word boundaries come from a byte-class table, each word is hashed with a
polynomial prefix hash, and each shingle of ``n`` words combines the hashes of
its words.  No Python-level loop runs per word, which keeps shingling at tens of
MB/s.  Hashes are 64-bit and the same in every process and run (signatures are
stored between runs).

MinHash uses ``num_perm`` multiply-add-shift hash functions over the shingle
hashes (``(a*x + b) mod 2**64``, keep the high 32 bits; ``a`` odd), the family
datatrove, text-dedup and RedPajama-v2 approximate with ``(a*x + b) mod p``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    U64 = NDArray[np.uint64]
    U32 = NDArray[np.uint32]
else:
    U64 = U32 = Any

_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd: invertible modulo 2**64
_BASE_INV = np.uint64(pow(int(_BASE), -1, 1 << 64))
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S32 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(32)
_SPACE = 32
_CHUNK = 4096
_MAX = np.iinfo(np.uint64).max

# Byte classes: ASCII letters and digits are word bytes (upper case folded), ASCII
# punctuation and whitespace separate words; bytes >= 0x80 belong to words except
# the punctuation sequences handled in _mark_unicode_punctuation.
_TABLE = np.arange(256, dtype=np.uint8)
for _c in range(128):
    if not chr(_c).isalnum():
        _TABLE[_c] = _SPACE
_TABLE[ord("A") : ord("Z") + 1] += 32


class _Powers:
    """Powers of the polynomial base and of its inverse, grown on demand."""

    def __init__(self) -> None:
        self.pw: U64 = np.ones(1, dtype=np.uint64)
        self.ipw: U64 = np.ones(1, dtype=np.uint64)

    def get(self, n: int) -> tuple[U64, U64]:
        if len(self.pw) < n:
            size = max(n, 2 * len(self.pw), 1 << 16)
            pw = np.full(size, _BASE, dtype=np.uint64)
            pw[0] = 1
            ipw = np.full(size, _BASE_INV, dtype=np.uint64)
            ipw[0] = 1
            with np.errstate(over="ignore"):
                self.pw = np.cumprod(pw, dtype=np.uint64)
                self.ipw = np.cumprod(ipw, dtype=np.uint64)
        return self.pw[:n], self.ipw[:n]


_POWERS = _Powers()


def mix64(x: U64) -> U64:
    """splitmix64's finaliser: every output bit depends on every input bit."""
    x = x ^ (x >> _S30)
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


# 1 for a byte that may belong to a word, 0 for a separator (see _TABLE)
_WORD_BYTE = (_TABLE != _SPACE).astype(np.int8)


def _mark_unicode_punctuation(data: NDArray[np.uint8], word: NDArray[np.int8]) -> None:
    """Mark UTF-8 punctuation as separators in ``word``: U+2000-U+206F (quotes, dashes,
    ellipsis, spaces) and U+0080-U+00BF (no-break space, «», ¿, ¡, currency signs)."""
    n = len(data)
    if n >= 3:
        lead = np.flatnonzero((data[: n - 2] == 0xE2) & ((data[1 : n - 1] & 0xFE) == 0x80))
        word[lead] = 0
        word[lead + 1] = 0
        word[lead + 2] = 0
    if n >= 2:
        lead = np.flatnonzero(data[: n - 1] == 0xC2)
        word[lead] = 0
        word[lead + 1] = 0


def words(text: str, offsets: bool = False) -> tuple[U64, NDArray[np.int64] | None]:
    """One 64-bit hash per word of ``text`` (case-folded, punctuation dropped) and,
    when ``offsets``, each word's start as a code-point offset into ``text`` (None
    when lower-casing changed the text's length, as for a dotted capital I)."""
    low = text.lower()
    data = low.encode("utf-8", "surrogatepass")
    if not data:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    raw = np.frombuffer(data, dtype=np.uint8)
    n = len(raw)
    padded = np.zeros(n + 2, dtype=np.int8)  # 0, then 1 for each word byte, then 0
    word = padded[1:-1]
    np.take(_WORD_BYTE, raw, out=word)
    ascii_only = low.isascii()
    if not ascii_only:
        _mark_unicode_punctuation(raw, word)
    edge = padded[1:] - padded[:-1]  # 1 where a word starts, -1 where one ends
    starts = np.flatnonzero(edge == 1)
    if len(starts) == 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    ends = np.flatnonzero(edge == -1)
    pw, ipw = _POWERS.get(n)
    prefix = np.empty(n + 1, dtype=np.uint64)
    prefix[0] = 0
    with np.errstate(over="ignore"):
        # word bytes are their own class (lower-cased text has no A-Z): hash raw bytes
        np.multiply(raw, pw, out=prefix[1:])
        np.cumsum(prefix[1:], out=prefix[1:])
        h = (prefix[ends] - prefix[starts]) * ipw[starts]
        h ^= (ends - starts).astype(np.uint64) << _S32
        hashes = mix64(h)
    if not offsets:
        return hashes, None
    if ascii_only:
        return hashes, starts.astype(np.int64)
    if len(low) != len(text):
        return hashes, None
    # code point of each byte: count the bytes that start a UTF-8 sequence
    char_of_byte = np.cumsum((raw & 0xC0) != 0x80, dtype=np.int64) - 1
    return hashes, char_of_byte[starts]


def word_hashes(text: str) -> U64:
    """One 64-bit hash per word of ``text`` (case-folded, punctuation dropped)."""
    return words(text)[0]


def ngrams(w: U64, n: int) -> U64:
    """Hashes of every run of ``n`` consecutive word hashes (none when fewer)."""
    if len(w) < n:
        return np.zeros(0, dtype=np.uint64)
    m = len(w) - n + 1
    with np.errstate(over="ignore"):
        h = w[:m].copy()
        for j in range(1, n):
            h = mix64(h) ^ w[j : j + m]
        return mix64(h)


def shingle_hashes(text: str, n: int) -> U64:
    """Hashes of every run of ``n`` consecutive words (none when the text is shorter)."""
    return ngrams(word_hashes(text), n)


def doc_words(doc: Any) -> tuple[U64, NDArray[np.int64] | None]:
    """``words(doc.text, offsets=True)``, computed once per document."""
    cached: tuple[U64, NDArray[np.int64] | None] | None = doc.cache.get("du.words")
    if cached is None:
        cached = doc.cache["du.words"] = words(doc.text, offsets=True)
    return cached


def doc_shingles(doc: Any, n: int) -> U64:
    """``shingle_hashes`` of a Document, computed once per document and size (from
    the shingles of a smaller size when those were made: DU002 makes 3-word ones)."""
    key = ("du.shingles", n)
    cached: U64 | None = doc.cache.get(key)
    if cached is None:
        w = doc_words(doc)[0]
        shorter = next((m for m in range(n - 1, 0, -1) if ("du.shingles", m) in doc.cache), 0)
        if shorter and len(w) >= n:
            cached = _longer_ngrams(doc.cache[("du.shingles", shorter)], w, shorter, n)
        else:
            cached = ngrams(w, n)
        doc.cache[key] = cached
    return cached


def _longer_ngrams(grams: U64, w: U64, m: int, n: int) -> U64:
    """``ngrams(w, n)`` from ``grams = ngrams(w, m)``, ``m < n <= len(w)``: the hash of
    an ``m``-gram is the state :func:`ngrams` reaches after its first ``m`` words."""
    size = len(w) - n + 1
    with np.errstate(over="ignore"):
        h = grams[:size] ^ w[m : m + size]
        for j in range(m + 1, n):
            h = mix64(h) ^ w[j : j + size]
        return mix64(h)


def shared_shingles(
    doc: Any,
    spans: list[tuple[int, int]],
    n: int,
    threshold: float = 0.0,
    min_ratio: float = 0.0,
) -> tuple[list[int], list[tuple[int, int, int]]] | None:
    """Word ``n``-grams shared between paragraphs of one document.

    ``spans`` are (start, end) code-point ranges in document order, not overlapping.
    Returns the number of distinct ``n``-grams of each span and, for each pair of
    spans sharing any, ``(i, j, shared)`` with ``i < j``; with ``threshold`` or
    ``min_ratio``, only the pairs where ``shared >= threshold * smaller - 1e-9`` and
    ``smaller >= min_ratio * larger`` (sizes of the two spans).  None when offsets
    are unavailable.
    """
    starts = doc_words(doc)[1]
    if starts is None:
        return None
    k = len(spans)
    bounds = np.array(spans, dtype=np.int64).reshape(k, 2)
    # the words of span p are words[lo[p]:hi[p]] (a word belongs to the span holding its start)
    lo = np.searchsorted(starts, bounds[:, 0])
    hi = np.searchsorted(starts, bounds[:, 1])
    counts = np.maximum(hi - lo - (n - 1), 0)  # n-grams lying wholly in the span
    total = int(counts.sum())
    if total == 0:
        return [0] * k, []
    grams = doc_shingles(doc, n)
    o = np.repeat(np.arange(k), counts)
    g = grams[np.arange(total) + np.repeat(lo - (np.cumsum(counts) - counts), counts)]
    order = np.argsort(g)
    gs = g[order]
    same = gs[1:] == gs[:-1]
    if not same.any():  # every n-gram once in the document: nothing shared, nothing repeated
        return np.bincount(o, minlength=k).tolist(), []
    repeated = np.zeros(total, dtype=bool)
    repeated[1:] = same
    repeated[:-1] |= same
    sizes = np.bincount(o[order[~repeated]], minlength=k)
    rest = order[repeated]
    if len(rest) <= _FEW_REPEATS:
        return _shared_few(sizes.tolist(), g[rest].tolist(), o[rest].tolist(), threshold, min_ratio)
    # the n-grams met more than once: sorted by value, then span (positions ascend with spans)
    rest = np.sort(rest)
    by_value = np.argsort(g[rest], kind="stable")
    g, o = g[rest][by_value], o[rest][by_value]
    fresh = np.ones(len(g), dtype=bool)
    fresh[1:] = (g[1:] != g[:-1]) | (o[1:] != o[:-1])
    g, o = g[fresh], o[fresh]
    sizes += np.bincount(o, minlength=k)
    same = g[1:] == g[:-1]
    if not same.any():
        return sizes.tolist(), []
    # every pair of paragraphs holding the same shingle
    run_start = np.flatnonzero(np.concatenate(([True], ~same)))
    run_end = np.concatenate((run_start[1:], [len(g)]))
    run_of = np.cumsum(np.concatenate(([True], ~same))) - 1
    later = run_end[run_of] - 1 - np.arange(len(g))  # partners after each element
    total = int(later.sum())
    first_ = np.repeat(np.arange(len(g)), later)
    offset = np.arange(total) - np.repeat(np.cumsum(later) - later, later)
    second = first_ + 1 + offset
    pairs, shared = np.unique(o[first_] * k + o[second], return_counts=True)
    first_span, second_span = pairs // k, pairs % k
    if threshold > 0 or min_ratio > 0:
        a, b = sizes[first_span], sizes[second_span]
        smaller, larger = np.minimum(a, b), np.maximum(a, b)
        keep = (
            (smaller > 0) & (shared >= threshold * smaller - 1e-9) & (smaller >= min_ratio * larger)
        )
        first_span, second_span, shared = first_span[keep], second_span[keep], shared[keep]
    out = list(zip(first_span.tolist(), second_span.tolist(), shared.tolist(), strict=True))
    return sizes.tolist(), out


_FEW_REPEATS = 512
"""Up to this many repeated n-grams in a document, pairs are counted in Python."""


def _shared_few(
    sizes: list[int], grams: list[int], owners: list[int], threshold: float, min_ratio: float
) -> tuple[list[int], list[tuple[int, int, int]]]:
    """The end of :func:`shared_shingles` for a few repeated n-grams (``grams``, held by
    spans ``owners``): the same sizes and pairs, without numpy's per-call cost."""
    holders: dict[int, set[int]] = {}
    for gram, owner in zip(grams, owners, strict=True):
        holders.setdefault(gram, set()).add(owner)
    shared: dict[tuple[int, int], int] = {}
    for spans in holders.values():
        for span in spans:
            sizes[span] += 1
        if len(spans) > 1:
            ordered = sorted(spans)
            for x, i in enumerate(ordered):
                for j in ordered[x + 1 :]:
                    shared[(i, j)] = shared.get((i, j), 0) + 1
    out = []
    for (i, j), count in sorted(shared.items()):
        if threshold > 0 or min_ratio > 0:
            smaller, larger = min(sizes[i], sizes[j]), max(sizes[i], sizes[j])
            if not (
                smaller > 0
                and count >= threshold * smaller - 1e-9
                and smaller >= min_ratio * larger
            ):
                continue
        out.append((i, j, count))
    return sizes, out


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int) -> tuple[U64, U64]:
    """The ``a`` (odd) and ``b`` parameters of the ``num_perm`` hash functions.

    Drawn from numpy's PCG64 generator; kept in the user cache (per numpy version,
    whose generator they come from), which spares importing ``numpy.random``."""
    from corpus_lint import usercache

    name = f"minhash-permutations-{num_perm}-{seed}"
    key = (name, 1, np.__version__)
    found = usercache.load(name, key)
    if isinstance(found, tuple) and len(found) == 2:
        a = np.frombuffer(found[0], dtype=np.uint64)
        b = np.frombuffer(found[1], dtype=np.uint64)
        if len(a) == len(b) == num_perm:
            return a[:, None], b[:, None]
    rng = np.random.Generator(np.random.PCG64(seed))
    a = rng.integers(0, 1 << 63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 1 << 63, size=num_perm, dtype=np.uint64)
    usercache.store(name, key, (a.tobytes(), b.tobytes()))
    return a[:, None], b[:, None]


def distinct(x: U64) -> U64:
    """``np.unique(x)`` (sorted, each value once) without importing ``numpy.ma``."""
    s = np.sort(x)
    if len(s) < 2:
        return s
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    out: U64 = s[keep]
    return out


def minhash(shingles: U64, num_perm: int, seed: int) -> U32:
    """MinHash signature: for each hash function, the least hash over the shingles."""
    a, b = permutations(num_perm, seed)
    x = shingles >> _S32
    with np.errstate(over="ignore"):
        if len(x) <= _CHUNK:
            v = a * x
            v += b
            out = v.min(axis=1)
        else:
            out = np.full(num_perm, _MAX, dtype=np.uint64)
            for i in range(0, len(x), _CHUNK):
                v = a * x[i : i + _CHUNK]
                v += b
                np.minimum(out, v.min(axis=1), out=out)
    result: U32 = (out >> _S32).astype(np.uint32)
    return result


def bottom_k(shingles: U64, k: int) -> U64:
    """The ``k`` least distinct shingle hashes, sorted (a bottom-k sketch)."""
    if len(shingles) > 2 * k:
        part = np.partition(shingles, 2 * k)[: 2 * k]
        u = distinct(part)
        if len(u) < k:
            u = distinct(shingles)
    else:
        u = distinct(shingles)
    out: U64 = u[:k]
    return out


def bottom_k_similarity(a: U64, b: U64, k: int) -> float:
    """Estimated Jaccard similarity of two sets from their bottom-k sketches."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    union = np.union1d(a, b)[:k]
    both = np.intersect1d(a, b, assume_unique=True)
    shared = np.intersect1d(union, both, assume_unique=True)
    return len(shared) / len(union)


# -- LSH ------------------------------------------------------------------------------


def candidate_probability(s: float, bands: int, rows: int) -> float:
    """Chance that two documents of Jaccard similarity ``s`` share a band."""
    return float(1.0 - (1.0 - s**rows) ** bands)


@lru_cache(maxsize=32)
def optimal_bands(
    threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5
) -> tuple[int, int]:
    """Bands and rows minimising the weighted false-positive and false-negative areas
    of the LSH S-curve around ``threshold`` (the rule text-dedup and RedPajama-v2 use;
    midpoint integration on 200 steps each side)."""
    steps = 200
    below = (np.arange(steps) + 0.5) * (threshold / steps)
    above = threshold + (np.arange(steps) + 0.5) * ((1.0 - threshold) / steps)
    best, best_err = (1, num_perm), math.inf
    for b in range(1, num_perm + 1):
        r = np.arange(1, num_perm // b + 1, dtype=np.float64)[:, None]
        fp = (1.0 - (1.0 - below**r) ** b).sum(axis=1) * (threshold / steps)
        fn = ((1.0 - above**r) ** b).sum(axis=1) * ((1.0 - threshold) / steps)
        err = fp * fp_weight + fn * fn_weight
        k = int(np.argmin(err))
        if err[k] < best_err:
            best_err, best = float(err[k]), (b, k + 1)
    return best


def band_keys(matrix: U32, bands: int, rows: int) -> U64:
    """One 64-bit key per (document, band): documents sharing a key are candidates."""
    n = matrix.shape[0]
    keys = np.empty((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            h = np.full(n, np.uint64(band) * _M1 + np.uint64(1), dtype=np.uint64)
            for col in range(band * rows, (band + 1) * rows):
                h = mix64(h ^ matrix[:, col].astype(np.uint64))
            keys[:, band] = h
    return keys
