"""Labels nobody listed: terms used in the same contexts, but by different outlets.

*Illegal immigrants* and *undocumented immigrants*, *pro-life* and *anti-abortion*, *death tax*
and *estate tax* are not spelled alike: what makes them two names for one thing is that they sit
in the same sentences (the same words around them) while each outlet tends to pick one. In a large
corpus (``naming.CONTEXT_CORPUS`` articles or more) this module proposes such pairs, for the user
to confirm. The rule:

1. terms: lower-cased unigrams and bigrams of words that are not stop words (a hyphenated word,
   *pro-life*, is one word), in at least ``MIN_ARTICLES`` articles of ``MIN_OUTLETS`` outlets; at
   most ``MAX_TERMS``, the most widespread;
2. context: the content words (the ``CONTEXT_WORDS`` commonest) within ``WINDOW`` tokens either
   side of each use, weighted by positive pointwise mutual information and reduced with a
   truncated SVD; two terms are alike when the cosine of their vectors is at least
   ``MIN_SIMILARITY`` and each is among the other's ``NEIGHBOURS`` nearest;
3. not trivially related: neither holds the other (*care act*, *affordable care act*), not the
   same Snowball stems (*immigrant*, *immigrants*), not an abbreviation (*rep*,
   *representative*), and rarely in one sentence (at most ``MAX_SHARED_SENTENCES`` of the rarer's
   sentences: two halves of one phrase, or *Democrats and Republicans*, always are);
4. by different outlets: among the outlets using either, the choice between them depends on the
   outlet (``outlet_split``, a bias-corrected Cramér's V of the articles in an outlet × term
   table, at least ``MIN_SPLIT``), and each term is used by at least ``MIN_OUTLETS`` outlets,
   none holding more than ``MAX_OUTLET_SHARE`` of its articles (not an outlet's boilerplate),
   and neither names an outlet that prefers it (*told cnn*: outlets cite themselves);
5. at the same time, where articles are dated: the middle 80% of the two terms' dates overlap by
   at least ``MIN_OVERLAP`` of the shorter span (successors in one office, *Josh Earnest* and
   *Sarah Sanders*, share contexts but not years).

Pairs come ranked by ``similarity × outlet_split × √(articles using either)`` (how sure the
choice depends on the outlet, weighed by how alike the contexts are), a pair repeating a better
one's contrast in other n-grams dropped (*million illegal*, *million undocumented*); at most
``MAX_PAIRS``. Counts are over the sentences read: in a huge corpus a sample of
``MAX_SENTENCES`` (the cost grows with the text, not with the pairs).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..schema import body_rows
from ..tokens import TOKEN_PATTERN, chunk_ranges, snowball_stem
from .vectorize import stop_words

if TYPE_CHECKING:  # scipy and scikit-learn load when the search runs
    from scipy import sparse

__all__ = ["context_pairs", "outlet_split", "preferring_outlets"]

MAX_SENTENCES = 300_000
"""Sentences read at most (a fixed random sample beyond): bounds time and memory."""
MAX_TERMS = 20_000
"""Candidate terms at most, the most widespread."""
CONTEXT_WORDS = 10_000
"""Context words: the commonest content words."""
WINDOW = 4
"""Tokens either side of a use that make its context."""
DIMENSIONS = 100
"""Dimensions the context vectors are reduced to."""
NEIGHBOURS = 5
"""A pair's terms must each be among the other's nearest this many."""
MIN_ARTICLES = 10
MIN_OUTLETS = 3
MIN_SIMILARITY = 0.5
MIN_SPLIT = 0.3
MAX_SHARED_SENTENCES = 0.1
MAX_OUTLET_SHARE = 0.6
MIN_OVERLAP = 0.5
MAX_PAIRS = 100
"""Pairs proposed at most: a list to read and confirm."""
_TAG = re.compile(r"^[a-z]-")


def context_pairs(
    sentences: pd.DataFrame,
    listed: set[str],
    dates: pd.Series | None = None,
    tokens: BodyTokens | None = None,
) -> pd.DataFrame:
    """Pairs of terms alike in context and split by outlet (the module's rule), best first, at
    most ``MAX_PAIRS``, in ``NAMING_CANDIDATE_COLUMNS`` (``distance`` left to the caller).

    ``listed``: the variants the naming lists already hold (lower case); a pair of two is not
    proposed again. ``dates``: each article's date, by article id (rule 5), when known.
    ``tokens``: the body's sentences (``schema.body_rows``) read, when the caller has them."""
    rows = body_rows(sentences)
    sample = _sample(rows)
    if tokens is None:
        tokens = BodyTokens(sample["text"])
        sample["_row"] = np.arange(len(sample))
    text = _Tokens(sample.drop(columns="_row"), tokens, sample["_row"].to_numpy())
    terms = _Terms(text)
    if len(terms.names) < 2:
        return pd.DataFrame()
    vectors = _vectors(text, terms)
    by_outlet = terms.outlet_articles  # sparse: terms x outlets is too large dense at 10⁴ outlets
    by_outlet.sum_duplicates()  # sorted indices, as _pair_rows reads them
    widely = _widely_used_rows(by_outlet)
    uses = np.asarray(by_outlet.sum(axis=1)).ravel()
    names = _outlet_names(text.outlets)
    spans = _spans(text, terms, dates)
    found = []
    for i, j, similarity in _neighbour_pairs(vectors):
        a, b = terms.names[i], terms.names[j]
        if (a in listed and b in listed) or _trivially_related(a, b):
            continue
        if not (widely[i] and widely[j]):
            continue
        in_a, in_b, columns = _pair_rows(by_outlet, i, j)
        split = outlet_split(in_a, in_b)
        if split < MIN_SPLIT or _cites_itself(a, b, in_a, in_b, [names[k] for k in columns]):
            continue
        if terms.shared(i, j, "sentence") > MAX_SHARED_SENTENCES * terms.rarer(i, j):
            continue
        if not _contemporary(spans, i, j):
            continue
        # how sure the choice depends on the outlet: the root of the excess chi-square
        evidence = similarity * split * math.sqrt(uses[i] + uses[j])
        found.append((evidence, a, b, i, j, similarity, split))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    return pd.DataFrame([_row(f, terms, text) for f in _new_contrasts(found)[:MAX_PAIRS]])


def _new_contrasts(found: list[tuple]) -> list[tuple]:
    """The pairs, best first, without those repeating a better one's contrast with words around
    it or words dropped (*million illegal*, *million undocumented* after *illegal immigrants*,
    *undocumented immigrants*): one label pair shows up in many n-grams."""
    kept: list[tuple] = []
    cores: list[tuple[str, str]] = []
    for pair in found:
        a, b = _core(pair[1], pair[2])
        if not any(
            (_nested(a, p) and _nested(b, q)) or (_nested(a, q) and _nested(b, p)) for p, q in cores
        ):
            kept.append(pair)
            cores.append((a, b))
    return kept


def _core(a: str, b: str) -> tuple[str, str]:
    """The two terms without the words they share at the start or the end."""
    wa, wb = a.split(), b.split()
    while len(wa) > 1 and len(wb) > 1 and wa[0] == wb[0]:
        wa, wb = wa[1:], wb[1:]
    while len(wa) > 1 and len(wb) > 1 and wa[-1] == wb[-1]:
        wa, wb = wa[:-1], wb[:-1]
    return " ".join(wa), " ".join(wb)


def _nested(x: str, y: str) -> bool:
    return f" {x} " in f" {y} " or f" {y} " in f" {x} "


def _spans(text: _Tokens, terms: _Terms, dates: pd.Series | None) -> np.ndarray | None:
    """Each term's time span: the 10th and 90th percentiles of its articles' dates (days), NaN
    where fewer than ``MIN_ARTICLES`` of its articles are dated; None without dates."""
    if dates is None or dates.isna().all():
        return None
    day = pd.to_datetime(pd.Series(text.article_ids).map(dates)).to_numpy()
    frame = pd.DataFrame({"term": terms.term, "article": text.article[terms.start]})
    frame = frame.drop_duplicates()
    frame["day"] = (day[frame["article"]] - np.datetime64("1970-01-01")) / np.timedelta64(1, "D")
    grouped = frame.dropna(subset=["day"]).groupby("term")["day"]
    spans = grouped.quantile([0.1, 0.9]).unstack()
    spans[grouped.size() < MIN_ARTICLES] = np.nan
    return spans.reindex(range(len(terms.names))).to_numpy()


def _contemporary(spans: np.ndarray | None, i: int, j: int) -> bool:
    """Rule 5: the two terms' time spans overlap by at least ``MIN_OVERLAP`` of the shorter (or
    either is undated). *Josh Earnest* and *Sarah Sanders* share contexts and not years: one
    succeeded the other."""
    if spans is None or np.isnan(spans[[i, j]]).any():
        return True
    (a0, a1), (b0, b1) = spans[i], spans[j]
    shorter = max(min(a1 - a0, b1 - b0), 30.0)
    return min(a1, b1) - max(a0, b0) >= MIN_OVERLAP * shorter


def _widely_used_rows(articles: sparse.csr_matrix) -> np.ndarray:
    """Rule 4's \"used by several outlets\", per term (row of articles per outlet): by
    ``MIN_OUTLETS``, none holding more than ``MAX_OUTLET_SHARE`` of its articles (an outlet's
    boilerplate, *story highlights*, is not)."""
    articles = articles.tocsr()
    outlets = np.diff(articles.indptr)
    most = articles.max(axis=1).toarray().ravel()
    total = np.asarray(articles.sum(axis=1)).ravel()
    return (outlets >= MIN_OUTLETS) & (most <= MAX_OUTLET_SHARE * total)


def _pair_rows(
    articles: sparse.csr_matrix, i: int, j: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two terms' articles per outlet over the outlets using either (``columns``, ascending):
    every outlet-level test reads only those, and a dense row per pair costs the number of
    outlets. Read from the CSR arrays directly (``articles`` has sorted indices and no explicit
    zeros): a sparse slice per pair cost more than the tests."""
    indptr, indices, data = articles.indptr, articles.indices, articles.data
    cols_i, cols_j = indices[indptr[i] : indptr[i + 1]], indices[indptr[j] : indptr[j + 1]]
    columns = np.union1d(cols_i, cols_j)
    dense_i = np.zeros(len(columns), dtype=data.dtype)
    dense_j = np.zeros(len(columns), dtype=data.dtype)
    dense_i[np.searchsorted(columns, cols_i)] = data[indptr[i] : indptr[i + 1]]
    dense_j[np.searchsorted(columns, cols_j)] = data[indptr[j] : indptr[j + 1]]
    return dense_i, dense_j, columns.astype(np.int64)


def outlet_split(a: np.ndarray, b: np.ndarray) -> float:
    """How much the choice between two terms depends on the outlet: Cramér's V of the outlet ×
    term table, its chi-square less its expectation under independence (the outlets' number less
    one), so that a pair every outlet uses alike scores about 0 however few the uses, and one
    each outlet uses alone scores 1."""
    used = (a + b) > 0
    a, b = a[used].astype(float), b[used].astype(float)
    total = a.sum() + b.sum()
    if len(a) < 2 or a.sum() == 0 or b.sum() == 0:
        return 0.0
    share = a.sum() / total
    expected = (a + b) * share
    chi2 = ((a - expected) ** 2 / (expected * (1 - share))).sum()
    return math.sqrt(max(0.0, chi2 - (len(a) - 1)) / total)


def preferring_outlets(a: np.ndarray, b: np.ndarray, outlets: list[str], top: int = 5) -> str:
    """The outlets that use the first term well above its share of the two (standardised
    residual of at least 2), most telling first: ``Breitbart (12 of 13)``."""
    return "; ".join(f"{outlets[k]} ({a[k]} of {a[k] + b[k]})" for k in _preferring(a, b)[:top])


def _preferring(a: np.ndarray, b: np.ndarray) -> list[int]:
    """The outlets whose use of the first term has a standardised residual of at least 2, the
    largest first."""
    both = a + b
    share = a.sum() / max(both.sum(), 1)
    if share in (0, 1):
        return []
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (a - both * share) / np.sqrt(both * share * (1 - share))
    return [int(k) for k in np.argsort(-z, kind="stable") if both[k] and z[k] >= 2]


def _sample(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows read: all, or ``MAX_SENTENCES`` of them at random; ``_row``: each one's
    position in ``rows``."""
    rows = rows[["article_id", "outlet", "sentence_id", "text"]].assign(_row=np.arange(len(rows)))
    if len(rows) > MAX_SENTENCES:
        rows = rows.sample(MAX_SENTENCES, random_state=0).sort_index()
    return rows.reset_index(drop=True)


CHUNK_CHARACTERS = 4_000_000
"""Characters of sentences read at a time (a few sentences more) by :class:`BodyTokens`: one
chunk's tokens are held as strings at once, never the whole corpus's."""


class BodyTokens:
    """The body's sentences read once, a chunk at a time, for both searches of new names:
    ``words`` (each sentence's tokens as written, possessive ``'s`` off, those of letters only:
    ``naming._names``) and ``terms`` (the tokens of the lower-cased text with ``'`` for ``’``,
    possessive ``'s`` off: :class:`_Tokens`), each token a 4-byte number into ``word_names``
    or ``term_names`` (in order of first use), with each sentence's count of them.

    The lower-cased text's tokens are the written tokens lower-cased, except in a sentence
    where lower case changes what the pattern reads (:data:`_CASE_SENSITIVE`), which is
    tokenised again."""

    def __init__(
        self, texts: list[str] | pd.Series, chunk_characters: int = CHUNK_CHARACTERS
    ) -> None:
        word_of: dict[str, int] = {}
        term_of: dict[str, int] = {}
        words, word_counts, terms, term_counts = [], [], [], []
        column = pd.Series(texts, dtype=object) if isinstance(texts, list) else texts
        column = column.reset_index(drop=True).fillna("")
        sizes = column.str.len().to_numpy(dtype=np.int64, na_value=0).tolist()
        for start, stop in chunk_ranges(sizes, chunk_characters):
            # Python strings a chunk at a time: a corpus's sentences at once are gigabytes
            chunk = column.iloc[start:stop].tolist()
            found = [TOKEN_PATTERN.findall(text) for text in chunk]
            lengths, codes, written = _factorized(found)
            bare = (t[:-2] if t[-2:] in ("'s", "’s") else t for t in written)
            ids = np.array(
                [word_of.setdefault(b, len(word_of)) if b.isalpha() else -1 for b in bare],
                dtype=np.int32,
            )
            mine = ids[codes] if len(codes) else np.zeros(0, np.int32)
            keep = mine >= 0
            sentence = np.repeat(np.arange(len(chunk)), lengths)
            words.append(mine[keep])
            word_counts.append(np.bincount(sentence[keep], minlength=len(chunk)))
            unusual = [k for k, text in enumerate(chunk) if _CASE_SENSITIVE.search(text)]
            if unusual:  # read these again in lower case
                for k in unusual:
                    found[k] = [_LOWERED + t for t in TOKEN_PATTERN.findall(_lower(chunk[k]))]
                lengths, codes, written = _factorized(found)
            lowered = (_term(t[1:] if t[:1] == _LOWERED else _lower(t)) for t in written)
            ids = np.array([term_of.setdefault(t, len(term_of)) for t in lowered], np.int32)
            terms.append(ids[codes] if len(codes) else np.zeros(0, np.int32))
            term_counts.append(lengths)
        self.word_names = np.array(list(word_of), dtype=object)
        self.words = np.concatenate(words) if words else np.zeros(0, np.int32)
        self.word_counts = np.concatenate(word_counts) if words else np.zeros(0, np.int64)
        self.term_names = list(term_of)
        self.terms = np.concatenate(terms) if terms else np.zeros(0, np.int32)
        self.term_counts = np.concatenate(term_counts) if terms else np.zeros(0, np.int64)


def _factorized(found: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each sentence's number of tokens, and the tokens as codes into the distinct ones."""
    lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    flat = np.fromiter(chain.from_iterable(found), dtype=object, count=int(lengths.sum()))
    codes, written = pd.factorize(flat)
    return lengths, codes, written


class _Tokens:
    """The sentences' lower-cased tokens (``BodyTokens.terms`` of the rows read) as flat
    arrays: ``ids`` (into ``vocabulary``, in order of first use among these rows) and ``row``
    (the sentence), with each sentence's article and outlet codes."""

    def __init__(self, rows: pd.DataFrame, tokens: BodyTokens, positions: np.ndarray) -> None:
        ends = np.cumsum(tokens.term_counts)
        lengths = tokens.term_counts[positions]
        starts = ends[positions] - lengths
        at = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())
        codes, uniques = pd.factorize(tokens.terms[at])
        self.vocabulary = [tokens.term_names[k] for k in uniques]
        del at
        # 4 bytes a token (the sample's tokens number millions; each array is one per token)
        self.ids = codes.astype(np.int32)
        del codes
        self.row = np.repeat(np.arange(len(rows), dtype=np.int32), lengths)
        article_codes, self.article_ids = pd.factorize(rows["article_id"])
        self.article = article_codes.astype(np.int32)[self.row]
        outlet_codes, self.outlets = pd.factorize(rows["outlet"], sort=True)
        self.outlet = outlet_codes.astype(np.int32)[self.row]
        self.places = list(zip(rows["article_id"], rows["sentence_id"].astype(int), strict=True))
        self.content = np.array([_is_content(t) for t in self.vocabulary], dtype=bool)


_CASE_SENSITIVE = re.compile("[\u0130\u03a3]|['\u2019\u02bc]S")
"""Where the tokens of a lower-cased text are not the written tokens lower-cased: *İ*, whose
lower case is two characters; *Σ*, whose lower case depends on the letters after it; an
apostrophe before a capital *S* (``U.S.’S``), where the pattern reads only a small *s*.
``tests/compare/test_naming.py`` checks that no other character changes its class."""
_LOWERED = "\0"
"""Marks a token found in the lower-cased text (a token never holds a NUL)."""


def _lower(text: str) -> str:
    return text.lower().replace("’", "'")


def _term(token: str) -> str:
    return token[:-2] if token.endswith("'s") else token


def _is_content(token: str) -> bool:
    letters = token.replace("-", "")  # contractions (don't, we're) are not content
    if _TAG.match(token):  # r-texas, d-calif: a party and state, written one way or another
        return False
    return len(token) >= 3 and letters.isalpha() and token not in _stop()


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    """Words that are no term of their own: stop words, "said", "just", titles."""
    return stop_words() | {"said", "says", "mr", "mrs", "ms", "just", "like"}


class _Terms:
    """The candidate terms (rule 1), where each is used: ``start`` (token position), ``term``
    and ``length``; with per-term counts by outlet and the sentences holding it."""

    def __init__(self, text: _Tokens) -> None:
        from scipy import sparse

        size = len(text.vocabulary)
        same = np.append(text.row[1:] == text.row[:-1], False)
        content = text.content[text.ids]
        uni = np.flatnonzero(content)
        bi = np.flatnonzero(content & np.append(content[1:], False) & same)
        first, second = text.ids[bi].astype(np.int64), text.ids[bi + 1]  # a bigram: 8 bytes
        codes = np.concatenate([text.ids[uni].astype(np.int64), size + first * size + second])
        del first, second
        starts = np.concatenate([uni, bi])
        keep = _widespread(codes, text.article[starts], text.outlet[starts])
        chosen = np.flatnonzero(np.isin(codes, keep))
        codes, self.start = codes[chosen], starts[chosen]
        kept, self.term = np.unique(codes, return_inverse=True)
        self.length = np.where(codes >= size, 2, 1)
        self.names = [_name(int(c), text.vocabulary) for c in kept]
        shape = (len(kept), len(text.outlets))
        ones = np.ones(len(self.term), dtype=np.int64)
        self.outlet_counts = sparse.csr_matrix((ones, (self.term, text.outlet[self.start])), shape)
        # the articles using each term, per outlet: uses within one article are not independent
        n_articles = int(text.article.max()) + 1
        used = np.unique(self.term.astype(np.int64) * n_articles + text.article[self.start])
        used_term, used_article = np.divmod(used, n_articles)
        outlet_of = np.zeros(n_articles, dtype=np.int64)
        outlet_of[text.article] = text.outlet
        self.outlet_articles = sparse.csr_matrix(
            (np.ones(len(used), dtype=np.int64), (used_term, outlet_of[used_article])), shape
        )
        rows = sparse.csr_matrix(
            (ones, (self.term, text.row[self.start])), (len(kept), text.row.max() + 1)
        )
        in_articles = sparse.csr_matrix(
            (ones, (self.term, text.article[self.start])), (len(kept), text.article.max() + 1)
        )
        self.within = {
            "sentence": (rows > 0).astype(np.int64).tocsr(),
            "article": (in_articles > 0).astype(np.int64).tocsr(),
        }

    def shared(self, i: int, j: int, unit: str) -> int:
        """Sentences (or articles) using both terms."""
        return int(self.within[unit][i].multiply(self.within[unit][j]).sum())

    def rarer(self, i: int, j: int) -> int:
        """Sentences using the rarer term."""
        return int(min(self.within["sentence"][i].sum(), self.within["sentence"][j].sum()))

    def first_use(self, i: int, outlet: int | None, text: _Tokens) -> tuple[str, int]:
        """Where term ``i`` is first used (by ``outlet`` when it uses it)."""
        uses = self.start[self.term == i]
        if outlet is not None and (text.outlet[uses] == outlet).any():
            uses = uses[text.outlet[uses] == outlet]
        return text.places[text.row[uses[0]]]


def _widespread(codes: np.ndarray, articles: np.ndarray, outlets: np.ndarray) -> np.ndarray:
    """The term codes in enough articles and outlets (rule 1), at most ``MAX_TERMS``."""
    frame = pd.DataFrame({"code": codes, "article": articles, "outlet": outlets})
    spread = frame.groupby("code").agg(
        articles=("article", "nunique"), outlets=("outlet", "nunique")
    )
    spread = spread[(spread["articles"] >= MIN_ARTICLES) & (spread["outlets"] >= MIN_OUTLETS)]
    spread = spread.sort_values(["articles", "outlets"], ascending=False, kind="stable")
    return spread.index.to_numpy()[:MAX_TERMS]


def _name(code: int, vocabulary: list[str]) -> str:
    size = len(vocabulary)
    if code < size:
        return vocabulary[code]
    first, second = divmod(code - size, size)
    return f"{vocabulary[first]} {vocabulary[second]}"


def _vectors(text: _Tokens, terms: _Terms) -> np.ndarray:
    """Each term's context vector (rule 2): PPMI of the content words around its uses, reduced
    by a truncated SVD, of unit length."""
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD

    counts = np.bincount(text.ids, minlength=len(text.vocabulary))
    counts[~text.content] = 0
    words = np.argsort(-counts, kind="stable")[:CONTEXT_WORDS]
    words = words[counts[words] > 0]
    column = np.full(len(text.vocabulary), -1)
    column[words] = np.arange(len(words))
    shape = (len(terms.names), len(words))
    # one offset at a time, summed as sparse counts: the pairs of every offset at once would
    # hold WINDOW * 2 + 1 arrays as long as the terms' uses (gigabytes on a large corpus)
    matrix = sparse.csr_matrix(shape, dtype=float)
    for offset in [*range(-WINDOW, 0), *range(1, WINDOW + 2)]:
        at = terms.start + offset
        if offset > 0:  # after the term: a bigram's second word is not its context
            at = at + terms.length - 1
            far = offset > WINDOW
            at = np.where(far & (terms.length == 1), -1, at)
        ok = (at >= 0) & (at < len(text.ids))
        ok[ok] &= text.row[at[ok]] == text.row[terms.start[ok]]
        ok[ok] &= column[text.ids[at[ok]]] >= 0
        used = (np.ones(int(ok.sum())), (terms.term[ok], column[text.ids[at[ok]]]))
        matrix = matrix + sparse.csr_matrix(used, shape)
    ppmi = _ppmi(matrix)
    dimensions = min(DIMENSIONS, min(shape) - 1)
    if dimensions < 1:
        return np.zeros((shape[0], 1))
    svd = TruncatedSVD(dimensions, random_state=0)
    reduced = svd.fit_transform(ppmi) / np.sqrt(svd.singular_values_)  # U·S^½
    norms = np.linalg.norm(reduced, axis=1, keepdims=True)
    return reduced / np.where(norms == 0, 1, norms)


def _ppmi(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Positive pointwise mutual information, context counts smoothed to the power 0.75."""
    from scipy import sparse

    total = matrix.sum()
    rows = np.asarray(matrix.sum(axis=1)).ravel()
    contexts = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    contexts = contexts / contexts.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data / total / (rows[coo.row] / total) / contexts[coo.col])
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), matrix.shape)


def _neighbour_pairs(vectors: np.ndarray, chunk: int = 250):
    """Pairs (i < j) each among the other's ``NEIGHBOURS`` nearest, with a cosine of at least
    ``MIN_SIMILARITY``, in order of ``i`` then ``j``; the cosine is row ``i``'s."""
    k = min(NEIGHBOURS, len(vectors) - 1)
    firsts, seconds, similarities = [], [], []
    for begin in range(0, len(vectors), chunk):
        block = vectors[begin : begin + chunk] @ vectors.T
        rows = np.arange(len(block))
        block[rows, begin + rows] = -1
        close = block >= MIN_SIMILARITY
        # a row with at most k cosines that high has them all among its k nearest; only the
        # others need the k nearest found (the same selection, row by row, as for all rows)
        crowded = np.flatnonzero(close.sum(axis=1) > k)
        if len(crowded):
            top = np.argpartition(-block[crowded], k, axis=1)[:, :k]
            chosen = np.zeros((len(crowded), block.shape[1]), dtype=bool)
            np.put_along_axis(chosen, top, True, axis=1)
            close[crowded] &= chosen
        first, second = np.nonzero(close)
        firsts.append(first + begin)
        seconds.append(second)
        similarities.append(block[first, second])
    if not firsts:
        return
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    similarity = np.concatenate(similarities)
    size = len(vectors)
    mutual = np.isin(second * size + first, first * size + second)
    keep = np.flatnonzero(mutual & (first < second))
    keep = keep[np.lexsort((second[keep], first[keep]))]
    yield from zip(
        first[keep].tolist(), second[keep].tolist(), similarity[keep].tolist(), strict=True
    )


def _trivially_related(a: str, b: str) -> bool:
    """Rule 3's word tests: containment, same stems, abbreviation by prefix or initials."""
    wa, wb = a.split(), b.split()
    if f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    if _squeezed(a) == _squeezed(b):  # reelection, re-election: a spelling, not a label
        return True
    if [snowball_stem(w) for w in wa] == [snowball_stem(w) for w in wb]:
        return True
    if len(wa) == len(wb) and all(
        x.startswith(y) or y.startswith(x) for x, y in zip(wa, wb, strict=True)
    ):
        return True
    short, long = sorted((a.replace("-", " ").split(), b.replace("-", " ").split()), key=len)
    return len(short) == 1 and short[0] == "".join(w[0] for w in long)


def _outlet_names(outlets) -> list[set[str]]:
    """How each outlet's name may be written in a text (*cnn*, *guardian*, *fox*, *foxnews*)."""
    names = []
    for outlet in outlets:
        core = re.split(r"\s+-\s+|\(", str(outlet).lower())[0]
        words = [w for w in re.findall(r"[^\W_]+", core) if w != "the"]
        forms = {" ".join(words), "".join(words)}
        while len(words) > 1 and words[-1] in ("news", "online", "web", "editorial"):
            words = words[:-1]
            forms |= {" ".join(words), "".join(words)}
        names.append(forms - {""})
    return names


def _cites_itself(a: str, b: str, in_a: np.ndarray, in_b: np.ndarray, names: list) -> bool:
    """Either term names an outlet that prefers it (*told cnn*, *reuters*): each outlet cites
    itself, which makes its own name look like a label only it uses."""
    return _names_one_of(a, _preferring(in_a, in_b), names) or _names_one_of(
        b, _preferring(in_b, in_a), names
    )


def _names_one_of(term: str, outlets: list[int], names: list[set[str]]) -> bool:
    padded = f" {term} "
    return any(f" {n} " in padded or n == _squeezed(term) for k in outlets for n in names[k])


def _squeezed(term: str) -> str:
    return term.replace("-", "").replace(" ", "")


def _row(found: tuple, terms: _Terms, text: _Tokens) -> dict:
    _, a, b, i, j, similarity, split = found
    uses = terms.outlet_counts
    articles = terms.outlet_articles
    in_a, in_b = articles[i].toarray().ravel(), articles[j].toarray().ravel()
    outlets = list(text.outlets)
    example_a = terms.first_use(i, _top(in_a, in_b), text)
    example_b = terms.first_use(j, _top(in_b, in_a), text)
    return {
        "variant_a": a,
        "variant_b": b,
        "method": "context",
        "similarity": similarity,
        "outlet_split": split,
        "count_a": int(uses[i].sum()),
        "count_b": int(uses[j].sum()),
        "outlets_a": _listing(uses[i].toarray().ravel(), outlets),
        "outlets_b": _listing(uses[j].toarray().ravel(), outlets),
        "prefer_a": preferring_outlets(in_a, in_b, outlets),
        "prefer_b": preferring_outlets(in_b, in_a, outlets),
        "both_articles": terms.shared(i, j, "article"),
        "example_a_article_id": example_a[0],
        "example_a_sentence_id": example_a[1],
        "example_b_article_id": example_b[0],
        "example_b_sentence_id": example_b[1],
    }


def _listing(counts: np.ndarray, outlets: list[str]) -> str:
    """``Fox News (12); CNN (3)``: the outlets using a term, most first."""
    order = sorted(
        (k for k in range(len(counts)) if counts[k]), key=lambda k: (-counts[k], outlets[k])
    )
    return "; ".join(f"{outlets[k]} ({counts[k]})" for k in order)


def _top(a: np.ndarray, b: np.ndarray) -> int | None:
    """The outlet that most prefers the first term (the largest excess over its share)."""
    both = a + b
    if both.sum() == 0:
        return None
    excess = a - both * (a.sum() / both.sum())
    return int(np.argmax(excess))
