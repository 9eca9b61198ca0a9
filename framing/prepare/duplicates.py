"""Find exact duplicate articles and near-duplicates (the same story reprinted).

Exact duplicates (same body after whitespace and case folding, same :func:`fingerprint`) are kept
once within an outlet: counting the same text twice would double that outlet's words. Across
outlets each copy stays, marked as a reprint (``prepare.pipeline``), and near-duplicates — a wire
story reprinted with edits — are flagged with their pair and kept, because each outlet did choose
to publish it.

Near-duplicates use sentence shingles: every sentence of at least ``MIN_SHINGLE_WORDS`` words,
normalised, is hashed; a pair is flagged when the share of the shorter article's shingles found in
the other reaches the threshold. An inverted index over shingles finds candidate pairs without
comparing all pairs, and shingles shared by more than ``MAX_SHINGLE_ARTICLES`` articles
(boilerplate such as a standard sign-off) are ignored.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Collection, Iterable

import numpy as np

from ..tokens import folded

__all__ = [
    "fingerprint",
    "shingles",
    "near_duplicates",
    "MIN_SHINGLE_WORDS",
    "MAX_SHINGLE_ARTICLES",
]

MIN_SHINGLE_WORDS = 6
MAX_SHINGLE_ARTICLES = 50


def fingerprint(text: str) -> bytes:
    """A digest of ``text`` that ignores case and whitespace differences."""
    return hashlib.blake2b(folded(text).encode(), digest_size=16).digest()


def shingles(sentences: Iterable[str]) -> np.ndarray:
    """Stable 64-bit hashes of an article's normalised sentences of at least six words, sorted
    and distinct (``uint64``: 8 bytes each, where a set of Python ints held about 60).

    Stable (two C checksums, not ``hash``, which is salted per process) so that shingles computed
    in different worker processes agree; 64 bits make accidental collisions negligible.
    """
    out = set()
    for sentence in sentences:
        words = sentence.casefold().split()
        if len(words) >= MIN_SHINGLE_WORDS:
            out.add(_checksum(" ".join(words).encode()))
    return np.array(sorted(out), dtype=np.uint64)


_ASCII_PUNCTUATION = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_TYPOGRAPHIC = tuple(c.encode() for c in "“”‘’–—…")


def _checksum(data: bytes) -> int:
    """64-bit checksum of a sentence, blind to punctuation (reprints restyle quotes and dashes).

    Byte operations only: this runs for every sentence of the corpus.
    """
    for mark in _TYPOGRAPHIC:
        data = data.replace(mark, b"")
    data = data.translate(None, _ASCII_PUNCTUATION)
    return zlib.crc32(data) << 32 | zlib.adler32(data)


def near_duplicates(
    shingles_by_article: Iterable[tuple[str, Collection[int]]], *, threshold: float = 0.5
) -> list[tuple[str, str, float]]:
    """Pairs ``(id_a, id_b, containment)`` whose shared shingles reach ``threshold``, sorted;
    ``id_a`` is the one given first.

    ``containment`` is shared shingles divided by the smaller article's number of shingles.
    Over arrays (one 8-byte shingle and one 4-byte article number per sentence): a dictionary
    of lists per shingle held about 200 bytes per sentence of the corpus.

    >>> a = ["The minister said the talks would resume on Monday in Geneva.",
    ...      "Both sides have accused each other of shelling the villages."]
    >>> b = a + ["A third sentence that only y has here."]
    >>> near_duplicates([("x", shingles(a)), ("y", shingles(b))])
    [('x', 'y', 1.0)]
    """
    ids: list[str] = []
    arrays: list[np.ndarray] = []
    for article_id, own in shingles_by_article:
        ids.append(article_id)
        if not isinstance(own, np.ndarray):
            own = np.fromiter(own, dtype=np.uint64, count=len(own))
        arrays.append(np.unique(own.astype(np.uint64, copy=False)))
    sizes = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
    values = np.concatenate(arrays) if arrays else np.zeros(0, np.uint64)
    owner = np.repeat(np.arange(len(ids), dtype=np.int64), sizes)
    order = np.lexsort((owner, values))  # by shingle, then in the order given
    values, owner = values[order], owner[order]
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else owner
    holders = np.diff(np.r_[starts, len(values)])
    pairs, shared = _shared_counts(owner, starts, holders, len(ids))
    left, right = np.divmod(pairs, max(len(ids), 1))
    containment = shared / np.minimum(sizes[left], sizes[right])
    kept = containment >= threshold
    found = [
        (ids[a], ids[b], round(float(c), 3))
        for a, b, c in zip(left[kept], right[kept], containment[kept], strict=True)
    ]
    return sorted(found)


PAIRS_PER_STEP = 4_000_000
"""Article pairs counted at a time by :func:`near_duplicates` (32 MB of keys)."""


def _shared_counts(
    owner: np.ndarray, starts: np.ndarray, holders: np.ndarray, n_articles: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each pair of articles sharing a shingle (as ``first * n_articles + second``, the first
    given first), sorted, with the number of shingles they share; shingles held by more than
    ``MAX_SHINGLE_ARTICLES`` articles (boilerplate) left out."""
    pairs, counts = np.zeros(0, np.int64), np.zeros(0, np.int64)
    batch: list[np.ndarray] = []
    waiting = 0
    for size in range(2, MAX_SHINGLE_ARTICLES + 1):
        first = starts[holders == size]
        if not len(first):
            continue
        members = owner[first[:, None] + np.arange(size)]  # one row per shingle
        a, b = np.triu_indices(size, k=1)
        for rows in range(0, len(members), max(1, PAIRS_PER_STEP // len(a))):
            block = members[rows : rows + max(1, PAIRS_PER_STEP // len(a))]
            batch.append((block[:, a] * n_articles + block[:, b]).ravel())
            waiting += batch[-1].size
            if waiting >= PAIRS_PER_STEP:
                pairs, counts = _merged(pairs, counts, batch)
                batch, waiting = [], 0
    return _merged(pairs, counts, batch)


def _merged(
    pairs: np.ndarray, counts: np.ndarray, batch: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """``pairs`` with their ``counts``, plus the pairs of ``batch`` (one count each)."""
    if not batch:
        return pairs, counts
    keys = np.concatenate([pairs, *batch])
    weights = np.concatenate([counts, np.ones(len(keys) - len(pairs), dtype=np.int64)])
    merged, inverse = np.unique(keys, return_inverse=True)
    return merged, np.bincount(inverse, weights=weights, minlength=len(merged)).astype(np.int64)
