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
from collections import defaultdict
from collections.abc import Iterable

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


def shingles(sentences: Iterable[str]) -> frozenset[int]:
    """Stable 64-bit hashes of an article's normalised sentences of at least six words.

    Stable (two C checksums, not ``hash``, which is salted per process) so that shingles computed
    in different worker processes agree; 64 bits make accidental collisions negligible.
    """
    out = set()
    for sentence in sentences:
        words = sentence.casefold().split()
        if len(words) >= MIN_SHINGLE_WORDS:
            out.add(_checksum(" ".join(words).encode()))
    return frozenset(out)


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
    shingles_by_article: Iterable[tuple[str, frozenset[int]]], *, threshold: float = 0.5
) -> list[tuple[str, str, float]]:
    """Pairs ``(id_a, id_b, containment)`` whose shared shingles reach ``threshold``.

    ``containment`` is shared shingles divided by the smaller article's number of shingles.

    >>> a = ["The minister said the talks would resume on Monday in Geneva.",
    ...      "Both sides have accused each other of shelling the villages."]
    >>> b = a + ["A third sentence that only y has here."]
    >>> near_duplicates([("x", shingles(a)), ("y", shingles(b))])
    [('x', 'y', 1.0)]
    """
    sets: dict[str, frozenset[int]] = {}
    index: dict[int, list[str]] = defaultdict(list)
    for article_id, own in shingles_by_article:
        sets[article_id] = own
        for value in own:
            index[value].append(article_id)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for holders in index.values():
        if 1 < len(holders) <= MAX_SHINGLE_ARTICLES:
            for i, left in enumerate(holders):
                for right in holders[i + 1 :]:
                    shared[(left, right)] += 1
    pairs = []
    for (left, right), count in shared.items():
        containment = count / min(len(sets[left]), len(sets[right]))
        if containment >= threshold:
            pairs.append((left, right, round(containment, 3)))
    return sorted(pairs)
