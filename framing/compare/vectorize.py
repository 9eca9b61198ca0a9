"""Term counts per article and per outlet: the one vocabulary every lexical comparison uses.

Why one vocabulary for the whole corpus: keyness, similarity and divergence must talk about the
same terms, and a term's counts in two outlets are only comparable if both were counted by the
same rules. Terms are ``framing.tokens.terms`` (lower-cased, possessive ``'s`` removed), joined
into n-grams within sentences and counted over arrays (what scikit-learn's ``CountVectorizer``
with :func:`make_term_analyzer` counts, in a fraction of its time: see ``_count_ngrams``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import InputError
from ..stats import group_sizes
from ..tokens import TOKEN_PATTERN, normalize_term
from .options import CompareOptions

if TYPE_CHECKING:  # scipy loads when counting starts, not with the command line
    import scipy.sparse as sp

__all__ = [
    "TermCounts",
    "compared_articles",
    "count_terms",
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
    frame = compared_articles(articles, options)
    frame = frame[frame[text_column].notna()]
    if frame.empty:
        raise InputError("No articles to count: the table is empty or has no English text.")
    min_df = options.min_df_for(len(frame))
    try:
        vocabulary, counts, lengths = _count_ngrams(
            list(_sentence_lists(frame, sentences, text_column)), options.ngram_range, min_df
        )
    except ValueError as exc:  # "After pruning, no terms remain" / "empty vocabulary"
        raise InputError(f"No terms to compare with min_df={min_df}: {exc}") from exc
    if options.stopwords == "drop":
        keep = ~np.array([_stopwords_only(term) for term in vocabulary])
        vocabulary = vocabulary[keep]
        counts = counts[:, np.flatnonzero(keep)]
    counts = counts.tocsr()
    counts.sort_indices()
    meta = frame.drop(columns=[text_column]).copy()
    meta["n_words"] = lengths
    meta = meta.set_index("article_id")
    outlets, outlet_counts = group_matrix(counts, meta["outlet"].to_numpy())
    _, outlet_docs = group_matrix(binary(counts), meta["outlet"].to_numpy())
    return TermCounts(vocabulary, meta, counts, outlets, outlet_counts, outlet_docs, options)


def _count_ngrams(
    documents: list[list[str]], ngram_range: tuple[int, int], min_df: int
) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray]:
    """What ``CountVectorizer(analyzer=make_term_analyzer(...), min_df=min_df, dtype=int32)``
    makes of the documents (each a list of sentences): the sorted vocabulary, the documents x
    terms counts (CSR, int32, indices sorted) and each document's tokens.

    Over arrays rather than one string per n-gram and one dictionary look-up per token: each
    distinct token is normalised once, each n-gram is a number (its first n - 1 words' number
    paired with its last word), and only the n-grams in ``min_df`` documents become strings.
    Raises the ``ValueError`` (same message) that ``CountVectorizer`` raises when there is no
    term, or none left. ``tests/compare/test_vectorize.py`` pins the equality."""
    import scipy.sparse as sp

    texts = [sentence for document in documents for sentence in document]
    document_of = np.repeat(np.arange(len(documents)), [len(d) for d in documents])
    found = [TOKEN_PATTERN.findall(text) for text in texts]
    per_sentence = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    flat = np.fromiter(chain.from_iterable(found), dtype=object, count=int(per_sentence.sum()))
    codes, tokens = pd.factorize(flat)
    term_of, vocabulary = pd.factorize(np.array([normalize_term(t) for t in tokens], object))
    words = term_of[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    sentence = np.repeat(np.arange(len(texts)), per_sentence)
    document = document_of[sentence]
    lengths = np.bincount(document, minlength=len(documents)).astype(np.int64)
    # each token's n-grams within its sentence: (document, n-gram number, first token)
    low, high = ngram_range
    first_of_sentence = np.r_[0, np.cumsum(per_sentence)][sentence]
    left = per_sentence[sentence] - (np.arange(len(words)) - first_of_sentence)  # tokens to its end
    grams: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]] = []
    current = words.astype(np.int64)
    starts = np.arange(len(words))
    for n in range(1, high + 1):
        if n > 1:
            ok = left[starts] >= n
            starts, current = starts[ok], current[ok]
            current, _ = pd.factorize(current * len(vocabulary) + words[starts + n - 1])
            current = current.astype(np.int64)
        if n >= low:
            grams.append((document[starts], current, starts, n))
    if not any(len(g[1]) for g in grams):
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    if len(documents) < min_df:
        raise ValueError("max_df corresponds to < documents than min_df")
    # number the n-grams of every length in one series, keeping those in min_df documents
    spelled = np.asarray(vocabulary, dtype=object)
    offset, kept_names, occurrences = 0, [], []
    for rows, gram, at, n in grams:
        if not len(gram):
            continue
        size = int(gram.max()) + 1
        frequency = np.bincount(pd.unique(rows * size + gram) % size, minlength=size)
        chosen = np.flatnonzero(frequency >= min_df)
        where = np.zeros(size, dtype=np.int64)
        where[gram] = at  # a use of each n-gram (any: all spell it alike)
        name = spelled[words[where[chosen]]]
        for k in range(1, n):
            name = name + " " + spelled[words[where[chosen] + k]]
        kept_names.append(name)
        number = np.full(size, -1, dtype=np.int64)
        number[chosen] = offset + np.arange(len(chosen))
        offset += len(chosen)
        used = number[gram]
        occurrences.append((rows[used >= 0], used[used >= 0]))
    if not offset:
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    names = np.concatenate(kept_names)
    order = np.argsort(names, kind="stable")  # the vocabulary in string order
    column = np.empty(len(order), dtype=np.int64)
    column[order] = np.arange(len(order))
    rows = np.concatenate([o[0] for o in occurrences])
    columns = column[np.concatenate([o[1] for o in occurrences])]
    cells, counts = np.unique(rows * len(order) + columns, return_counts=True)
    index = np.int32 if len(cells) <= np.iinfo(np.int32).max else np.int64
    per_row = np.bincount(cells // len(order), minlength=len(documents))
    matrix = sp.csr_matrix(
        (
            counts.astype(np.int32),
            (cells % len(order)).astype(index),
            np.r_[0, np.cumsum(per_row)].astype(index),
        ),
        shape=(len(documents), len(order)),
    )
    return names[order], matrix, lengths


def _sentence_lists(
    frame: pd.DataFrame, sentences: pd.DataFrame | None, text_column: str
) -> Iterator[list[str]]:
    """Each article's sentences, in the order of ``frame``."""
    if sentences is None:
        from ..prepare.sentences import split_sentences

        for text in frame[text_column]:
            yield [text[s.start : s.end] for s in split_sentences(text)]
        return
    by_article = sentences.groupby("article_id", sort=False)["text"].apply(list)
    for article_id in frame["article_id"]:
        yield by_article.get(article_id, [])


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
