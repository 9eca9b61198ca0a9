"""Term counts per article and per outlet: the one vocabulary every lexical comparison uses.

Why one vocabulary for the whole corpus: keyness, similarity and divergence must talk about the
same terms, and a term's counts in two outlets are only comparable if both were counted by the
same rules. Terms are ``framing.tokens.terms`` (lower-cased, possessive ``'s`` removed), joined
into n-grams within sentences and counted over arrays (what scikit-learn's ``CountVectorizer``
with :func:`make_term_analyzer` counts, in a fraction of its time: see ``_count_ngrams``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import InputError
from ..stats import group_sizes
from ..tokens import TOKEN_PATTERN, chunk_ranges, normalize_term
from .options import CompareOptions

if TYPE_CHECKING:  # scipy loads when counting starts, not with the command line
    import scipy.sparse as sp

__all__ = [
    "TermCounts",
    "compared_articles",
    "counted_articles",
    "count_terms",
    "term_counts",
    "group_matrix",
    "binary",
    "make_term_analyzer",
]


@dataclass(frozen=True)
class TermCounts:
    """Sparse term counts of a corpus, by article and by outlet.

    Attributes
    ----------
    vocabulary : ndarray of str
        The terms (columns of every matrix), unigrams and n-grams joined by one space.
    articles : DataFrame
        One row per counted article, indexed by ``article_id``, aligned with the rows of
        ``article_counts``: ``outlet``, ``n_words`` and any metadata columns of the input
        (``bias``, ``topic``, ``date`` ...), without the text.
    article_counts : scipy.sparse.csr_matrix
        Articles x terms counts.
    outlets : Index
        Outlet names (sorted), the rows of ``outlet_counts``.
    outlet_counts : scipy.sparse.csr_matrix
        Outlets x terms counts (sums of their articles' rows).
    outlet_docs : scipy.sparse.csr_matrix
        Outlets x terms: how many of the outlet's articles use the term (same sparsity as
        ``outlet_counts``).
    options : CompareOptions
        The options the counts were built with.
    """

    vocabulary: np.ndarray
    articles: pd.DataFrame
    article_counts: sp.csr_matrix
    outlets: pd.Index
    outlet_counts: sp.csr_matrix
    outlet_docs: sp.csr_matrix
    options: CompareOptions

    @property
    def n_words(self) -> np.ndarray:
        """Tokens per article (all tokens, stopwords included): the rate denominator."""
        return self.articles["n_words"].to_numpy()

    @property
    def outlet_n_words(self) -> np.ndarray:
        """Tokens per outlet, aligned with ``outlets``."""
        return self.outlet_sizes()["n_words"].to_numpy()

    def outlet_sizes(self) -> pd.DataFrame:
        """Articles, words and small-sample flag per outlet, indexed like ``outlets``."""
        return group_sizes(self.articles, "outlet", groups=self.outlets)

    def select(self, mask: np.ndarray | pd.Series) -> TermCounts:
        """Counts restricted to some articles (e.g. one topic), on the same vocabulary.

        Parameters
        ----------
        mask : bool array or Series aligned with ``articles``
            Articles to keep.
        """
        keep = np.asarray(mask, dtype=bool)
        articles = self.articles[keep]
        counts = self.article_counts[np.flatnonzero(keep)]
        outlets, outlet_counts = group_matrix(counts, articles["outlet"].to_numpy())
        _, outlet_docs = group_matrix(binary(counts), articles["outlet"].to_numpy())
        return TermCounts(
            self.vocabulary, articles, counts, outlets, outlet_counts, outlet_docs, self.options
        )

    def term_index(self, term: str) -> int:
        """Column of ``term`` (already normalised, e.g. ``"kiev"`` or ``"false flag"``)."""
        hits = np.flatnonzero(self.vocabulary == term)
        if hits.size == 0:
            raise KeyError(term)
        return int(hits[0])


def make_term_analyzer(
    lengths: list[int] | None = None, ngram_range: tuple[int, int] = (1, 1)
) -> Callable[[str | Sequence[str]], list[str]]:
    """An analyzer giving the terms of a text and their n-grams *within each sentence*.

    Given a string, it returns ``framing.tokens.terms(text)`` (with n-grams of that one run of
    text); given a sequence of sentences, the n-grams of each sentence, never across two
    (``said. Russia`` is not the bigram ``said russia``: KWIC, which shows the evidence for a
    term, matches within sentences too, so every counted n-gram has evidence).

    Why a cache: normalising a token (case, apostrophes, possessive) costs more than finding it,
    and a corpus repeats the same tokens millions of times, so each distinct token is normalised
    once. ``tests/compare/test_vectorize.py`` pins the equality with ``terms``.

    Parameters
    ----------
    lengths : list of int, optional
        If given, the number of tokens of each text is appended to it (the words denominator,
        measured on exactly what is counted).
    ngram_range : (int, int), default=(1, 1)
        Smallest and largest n-gram.

    >>> make_term_analyzer(ngram_range=(1, 2))(["Kiev's forces said.", "Russia denied it."])
    ['kiev', 'forces', 'said', 'kiev forces', 'forces said', 'russia', 'denied', 'it', \
'russia denied', 'denied it']
    """
    cache: dict[str, str] = {}
    low, high = ngram_range

    def sentence_terms(text: str) -> list[str]:
        out = []
        for token in TOKEN_PATTERN.findall(text):
            term = cache.get(token)
            if term is None:
                term = cache[token] = normalize_term(token)
            out.append(term)
        return out

    def analyze(text: str | Sequence[str]) -> list[str]:
        out: list[str] = []
        n_tokens = 0
        for sentence in [text] if isinstance(text, str) else text:
            words = sentence_terms(sentence)
            n_tokens += len(words)
            for n in range(low, high + 1):
                if n == 1:
                    out.extend(words)
                else:
                    out.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
        if lengths is not None:
            lengths.append(n_tokens)
        return out

    return analyze


def group_matrix(counts: sp.csr_matrix, labels: np.ndarray) -> tuple[pd.Index, sp.csr_matrix]:
    """Sum the rows of ``counts`` by label: (sorted labels, labels x terms CSR matrix).

    Rows whose label is missing (None/NaN) are left out.
    """
    import scipy.sparse as sp

    labels = pd.Series(labels)
    valid = labels.notna().to_numpy()
    codes, uniques = pd.factorize(labels[valid], sort=True)
    rows = np.flatnonzero(valid)
    indicator = sp.csr_matrix(
        (np.ones(rows.size, dtype=counts.dtype), (codes, rows)),
        shape=(len(uniques), counts.shape[0]),
    )
    grouped = (indicator @ counts).tocsr()
    grouped.sort_indices()  # a fresh product: canonical order makes cell lookups binary searches
    return pd.Index(uniques), grouped


def count_terms(
    articles: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    options: CompareOptions | None = None,
    text_column: str = "text",
) -> TermCounts:
    """Count terms (n-grams of ``framing.tokens`` terms, within sentences) per article and outlet.

    Parameters
    ----------
    articles : DataFrame
        The article table: ``article_id``, ``outlet``, the text column, optionally
        ``is_english`` and metadata columns (kept in ``TermCounts.articles``).
    sentences : DataFrame, optional
        The sentence table (``article_id``, ``text``, in article order): n-grams are counted
        within its sentences. Without it, each article is split with
        ``framing.prepare.split_sentences``.
    options : CompareOptions, optional
        ``ngram_range``, ``min_df``, ``stopwords`` and ``english_only`` apply here.
    text_column : str, default="text"
        Column holding the cleaned body.

    Returns
    -------
    TermCounts

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                      "text": ["Kiev's forces said", "Kyiv forces said"]})
    >>> c = count_terms(arts, options=CompareOptions(min_df=1))
    >>> list(c.vocabulary)
    ['forces', 'forces said', 'kiev', 'kiev forces', 'kyiv', 'kyiv forces', 'said']
    >>> c.outlet_counts.toarray()[0].tolist(), c.n_words.tolist()
    ([1, 1, 1, 1, 0, 0, 1], [3, 3])
    """
    options = options or CompareOptions()
    frame = counted_articles(articles, options, text_column)
    if frame.empty:
        raise InputError("No articles to count: the table is empty or has no English text.")
    min_df = options.min_df_for(len(frame))
    try:
        vocabulary, counts, lengths = _count_ngrams(
            _documents(frame, sentences, text_column), options.ngram_range, min_df
        )
    except ValueError as exc:  # "After pruning, no terms remain" / "empty vocabulary"
        raise InputError(f"No terms to compare with min_df={min_df}: {exc}") from exc
    if options.stopwords == "drop":
        keep = ~np.array([_stopwords_only(term) for term in vocabulary])
        vocabulary = vocabulary[keep]
        counts = counts[:, np.flatnonzero(keep)]
    counts = counts.tocsr()
    counts.sort_indices()
    return term_counts(vocabulary, frame, lengths, counts, options, text_column)


def counted_articles(
    articles: pd.DataFrame, options: CompareOptions, text_column: str = "text"
) -> pd.DataFrame:
    """The rows of ``articles`` :func:`count_terms` counts, in its order: those the comparison
    uses (:func:`compared_articles`) that have text."""
    frame = compared_articles(articles, options)
    return frame[frame[text_column].notna()]


def term_counts(
    vocabulary: np.ndarray,
    counted: pd.DataFrame,
    n_words: np.ndarray,
    counts: sp.csr_matrix,
    options: CompareOptions,
    text_column: str = "text",
) -> TermCounts:
    """:class:`TermCounts` from the articles counted (:func:`counted_articles`), their words and
    their counts: the per-outlet sums are made here, so counts kept elsewhere (the cache) make
    exactly what :func:`count_terms` made."""
    meta = counted.drop(columns=[text_column]).copy()
    meta["n_words"] = n_words
    meta = meta.set_index("article_id")
    outlets, outlet_counts = group_matrix(counts, meta["outlet"].to_numpy())
    _, outlet_docs = group_matrix(binary(counts), meta["outlet"].to_numpy())
    return TermCounts(vocabulary, meta, counts, outlets, outlet_counts, outlet_docs, options)


CHUNK_CHARACTERS = 4_000_000
"""Characters of text tokenised at a time when counting terms (a few documents more): the
tokens' strings of one chunk are held at once, never the whole corpus's."""


def _count_ngrams(
    documents: list[list[str]] | _Documents,
    ngram_range: tuple[int, int],
    min_df: int,
    chunk_characters: int = CHUNK_CHARACTERS,
) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray]:
    """What ``CountVectorizer(analyzer=make_term_analyzer(...), min_df=min_df, dtype=int32)``
    makes of the documents (each a list of sentences): the sorted vocabulary, the documents x
    terms counts (CSR, int32, indices sorted) and each document's tokens.

    Over arrays rather than one string per n-gram and one dictionary look-up per token: each
    distinct token is normalised once, each n-gram is a number (its first n - 1 words' rank
    among the (n - 1)-grams paired with its last word), and only the n-grams in ``min_df``
    documents or more become strings. The text is tokenised a chunk of documents at a time
    (``chunk_characters``), and the per-token arrays are 4-byte integers. Raises the
    ``ValueError`` (same message) that ``CountVectorizer`` raises when there is no term, or
    none left. ``tests/compare/test_vectorize.py`` pins the equality."""
    import scipy.sparse as sp

    low, high = ngram_range
    if not isinstance(documents, _Documents):
        documents = _Documents.of_lists(documents)
    tokens = _TokenIds(documents, chunk_characters, high)
    grams = _Ngrams(tokens, high, low, min_df)
    if not any(grams.seen[n] for n in range(low, high + 1)):
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    if len(documents) < min_df:
        raise ValueError("max_df corresponds to < documents than min_df")
    kept = grams.kept
    if not sum(len(k) for k in kept.values()):
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    names = np.concatenate([grams.spell(n, kept[n]) for n in range(low, high + 1)])
    order = np.argsort(names, kind="stable")  # the vocabulary in string order
    column = np.empty(len(order), dtype=np.int64)
    column[order] = np.arange(len(order))
    offsets = np.cumsum([0] + [len(kept[n]) for n in range(low, high + 1)])
    columns = {n: column[offsets[k] : offsets[k + 1]] for k, n in enumerate(range(low, high + 1))}
    data, indices, per_row = [], [], np.zeros(len(documents), dtype=np.int64)
    narrow = np.int32 if len(order) <= np.iinfo(np.int32).max else np.int64
    for chunk in range(len(tokens.chunks)):  # token ranges of whole documents
        rows, cols = [], []
        for n in range(low, high + 1):
            at, keys = grams.keys(n, *tokens.chunks[chunk])
            where = np.searchsorted(kept[n], keys)
            hit = where < len(kept[n])
            hit[hit] = kept[n][where[hit]] == keys[hit]
            rows.append(tokens.owners(chunk)[at[hit] - tokens.chunks[chunk][0]])
            cols.append(columns[n][where[hit]])
        row, col = np.concatenate(rows).astype(np.int64), np.concatenate(cols)
        cells, counts = np.unique(row * len(order) + col, return_counts=True)
        data.append(counts.astype(np.int32))
        # 4-byte column numbers as soon as made: the chunks' 8-byte ones held at once were
        # the largest transient of counting a large corpus
        indices.append((cells % len(order)).astype(narrow))
        per_row += np.bincount(cells // len(order), minlength=len(documents))
        del row, col, cells, counts, rows, cols
    nnz = int(per_row.sum())
    index = np.int32 if nnz <= np.iinfo(np.int32).max and narrow == np.int32 else np.int64
    matrix = sp.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0, np.int32),
            np.concatenate(indices).astype(index, copy=False) if indices else np.zeros(0, index),
            np.r_[0, np.cumsum(per_row)].astype(index),
        ),
        shape=(len(documents), len(order)),
    )
    return names[order], matrix, tokens.per_document


class _TokenIds:
    """The documents' tokens as term numbers (``words``, into ``terms``, 4 bytes each), with
    ``left``: the tokens from each to its sentence's end (one byte, at most 255, when no
    n-gram is longer);
    ``per_document``: each document's tokens; ``chunks``: token ranges of whole documents
    (``documents``: their first and last), of about ``chunk_characters`` characters each."""

    def __init__(self, documents: _Documents, chunk_characters: int, longest: int) -> None:
        term_of: dict[str, int] = {}  # a token as written -> its term's number
        number: dict[str, int] = {}  # a term -> its number
        words, lefts, self.chunks, self.documents = [], [], [], []
        self.per_document = np.zeros(len(documents), dtype=np.int64)
        done = 0
        for start, stop in chunk_ranges(documents.characters().tolist(), chunk_characters):
            found = [TOKEN_PATTERN.findall(text) for text in documents.texts(start, stop)]
            per_sentence = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
            count = int(per_sentence.sum())
            flat = np.fromiter(chain.from_iterable(found), dtype=object, count=count)
            codes, written = pd.factorize(flat)
            ids = np.empty(len(written), dtype=np.int32)
            for k, token in enumerate(written):
                term = term_of.get(token)
                if term is None:
                    term = term_of[token] = number.setdefault(normalize_term(token), len(number))
                ids[k] = term
            words.append(ids[codes])
            first = np.repeat(np.cumsum(per_sentence) - per_sentence, per_sentence)
            left = np.repeat(per_sentence, per_sentence) - (np.arange(len(codes)) - first)
            lefts.append(np.minimum(left, 255).astype(np.uint8) if longest < 255 else left)
            sentences = np.repeat(np.arange(start, stop), documents.sentences[start:stop])
            self.per_document[start:stop] = np.bincount(
                sentences - start, weights=per_sentence, minlength=stop - start
            ).astype(np.int64)
            self.chunks.append((done, done + len(codes)))
            self.documents.append((start, stop))
            done += len(codes)
        self.words = np.concatenate(words) if words else np.zeros(0, np.int32)
        self.left = np.concatenate(lefts) if lefts else np.zeros(0, np.uint8)
        self.terms = np.array(list(number), dtype=object)

    def owners(self, chunk: int) -> np.ndarray:
        """The document of each token of a chunk."""
        start, stop = self.documents[chunk]
        return np.repeat(np.arange(start, stop), self.per_document[start:stop])


class _Ngrams:
    """Every n-gram (within a sentence) up to ``high`` words as a number: a word's term number
    for n = 1; for longer ones, the rank of its first n - 1 words among the distinct
    (n - 1)-grams times the number of terms, plus its last word's. ``seen[n]``: whether any
    n-gram was; ``kept[n]``: the numbers of the n-grams (``low`` words or more) used by
    ``min_df`` documents or more, sorted."""

    def __init__(self, tokens: _TokenIds, high: int, low: int, min_df: int) -> None:
        self.tokens, self.size = tokens, len(tokens.terms)
        self.distinct: dict[int, np.ndarray] = {}  # every (n - 1)-gram, for the ranks
        self.seen: dict[int, bool] = {}
        self.kept: dict[int, np.ndarray] = {}
        for n in range(1, high + 1):
            used = []  # each chunk's n-grams, once per document using them
            for chunk in range(len(tokens.chunks)):
                at, keys = self.keys(n, *tokens.chunks[chunk])
                owner = tokens.owners(chunk)[at - tokens.chunks[chunk][0]]
                order = np.lexsort((keys, owner))
                keys, owner = keys[order], owner[order]
                new = np.r_[True, (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])]
                used.append(keys[new] if len(keys) else keys)
            keys = np.concatenate(used) if used else np.zeros(0, np.int64)
            del used
            keys.sort()  # in place: the n-grams, each as many times as documents use it
            starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys
            self.seen[n] = bool(len(keys))
            if n < high:
                self.distinct[n] = keys[starts]
            if n >= low:
                frequency = np.diff(np.r_[starts, len(keys)])
                self.kept[n] = keys[starts[frequency >= min_df]]
            del keys, starts

    def keys(self, n: int, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        """The n-grams starting at tokens ``first``..``last - 1`` that end in their sentence:
        (their first token, their number)."""
        at = np.arange(first, last, dtype=np.int64)
        at = at[self.tokens.left[at] >= n]  # the n-gram ends in the token's sentence
        keys = self.tokens.words[at].astype(np.int64)
        for k in range(1, n):
            if k > 1:  # the rank of the first k words among the distinct k-grams
                keys = np.searchsorted(self.distinct[k], keys)
            keys = keys * self.size + self.tokens.words[at + k]
        return at, keys

    def spell(self, n: int, keys: np.ndarray) -> np.ndarray:
        """The n-grams numbered ``keys`` as strings, words joined by one space."""
        words = []
        for k in range(n, 1, -1):
            keys, last = np.divmod(keys, self.size)
            words.insert(0, last)
            if k > 2:
                keys = self.distinct[k - 1][keys]
        words.insert(0, keys)
        spelled = self.tokens.terms[words[0]]
        for word in words[1:]:
            spelled = spelled + " " + self.tokens.terms[word]
        return spelled


class _Documents:
    """Documents as one column of sentence texts in document order, with each document's
    number of sentences (``sentences``): the texts become Python strings a chunk of documents
    at a time (:meth:`texts`), so counting a corpus never holds all of them at once."""

    def __init__(self, texts: pd.Series, sentences: np.ndarray) -> None:
        self.column = texts.reset_index(drop=True)
        self.sentences = np.asarray(sentences, dtype=np.int64)
        self.first = np.r_[0, np.cumsum(self.sentences)]

    @classmethod
    def of_lists(cls, documents: list[list[str]]) -> _Documents:
        flat = pd.Series([text for document in documents for text in document], dtype=object)
        return cls(flat, np.array([len(document) for document in documents], dtype=np.int64))

    def __len__(self) -> int:
        return len(self.sentences)

    def characters(self) -> np.ndarray:
        """Each document's characters."""
        lengths = self.column.str.len().to_numpy(dtype=np.int64, na_value=0)
        owner = np.repeat(np.arange(len(self)), self.sentences)
        return np.bincount(owner, weights=lengths, minlength=len(self)).astype(np.int64)

    def texts(self, start: int, stop: int) -> list[str]:
        """The sentences of documents ``start``..``stop - 1``, in order."""
        return self.column.iloc[self.first[start] : self.first[stop]].tolist()


def _documents(frame: pd.DataFrame, sentences: pd.DataFrame | None, text_column: str) -> _Documents:
    """Each article's sentences, in the order of ``frame``."""
    if sentences is None:
        from ..prepare.sentences import split_sentences

        return _Documents.of_lists(
            [[text[s.start : s.end] for s in split_sentences(text)] for text in frame[text_column]]
        )
    position = pd.Series(np.arange(len(frame)), index=frame["article_id"].to_numpy())
    owner = sentences["article_id"].map(position)
    counted = owner.notna().to_numpy()
    owner = owner[counted].to_numpy(dtype=np.int64)
    texts = sentences["text"][counted].fillna("")
    if len(owner) and (np.diff(owner) < 0).any():  # not yet in the order of ``frame``
        order = np.argsort(owner, kind="stable")
        owner, texts = owner[order], texts.iloc[order]
    return _Documents(texts, np.bincount(owner, minlength=len(frame)))


def compared_articles(articles: pd.DataFrame, options: CompareOptions) -> pd.DataFrame:
    """The articles the lexical comparison uses: English ones (``english_only``), without reprints
    when ``reprints="exclude"``; columns that are absent filter nothing."""
    keep = pd.Series(True, index=articles.index)
    if options.english_only and "is_english" in articles.columns:
        keep &= articles["is_english"].fillna(False).astype(bool)
    if options.reprints == "exclude" and "reprint_of" in articles.columns:
        keep &= articles["reprint_of"].fillna("").eq("")
    return articles[keep]


def binary(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """1 where ``matrix`` has a (non-zero) count: summed by group, it counts articles."""
    out = matrix.copy()
    out.data = np.ones_like(out.data)
    return out


def _stopwords_only(term: str) -> bool:
    stop = stop_words()
    return all(word in stop for word in term.split(" "))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, imported when first needed (scikit-learn takes a
    second to load; the command line's help and ``framing validate`` do not need it)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)
