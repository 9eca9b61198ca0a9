"""Every table framing produces: column name, dtype and meaning.

The README's column reference and ``tests/test_schema.py`` read this module, so a column cannot
be added, renamed or dropped without the documentation and the tests noticing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

__all__ = [
    "HEADLINE_SENTENCE",
    "body_rows",
    "headline_rows",
    "Column",
    "ARTICLES",
    "SENTENCES",
    "LOG",
    "OUTLETS",
    "KEYNESS",
    "SIMILARITY",
    "OUTLET_METRICS",
    "ARTICLE_METRICS",
    "NAMING_COLUMNS",
    "NAMING_CANDIDATE_COLUMNS",
    "TONE_COLUMNS",
    "LOADED_COLUMNS",
    "Table",
    "TABLES",
    "TableMaker",
    "SpanSpec",
    "table_specs",
    "conform",
    "dtype_matches",
    "markdown_reference",
]

MAPPABLE_FIELDS = ("text", "outlet", "article_id", "title", "date", "url")
"""The article fields a table's column can be mapped to (``--columns title=headline``); the
table readers (``framing.ingest.tables.ALIASES``) know names for each."""


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    meaning: str


ARTICLES: tuple[Column, ...] = (
    Column(
        "article_id",
        "string",
        "Unique id: the input's `id` when given, else derived from the file path.",
    ),
    Column(
        "outlet",
        "string",
        "Outlet name (manifest, table column `outlet`/`source`, or folder name).",
    ),
    Column("title", "string", "Headline; missing when the input has none."),
    Column(
        "date",
        "datetime64[ns]",
        "Publication date; missing (NaT) when absent or unparseable, never guessed.",
    ),
    Column(
        "date_exact",
        "boolean",
        "False when the date is known only approximately (manifest `date_exact`).",
    ),
    Column("url", "string", "Article URL where known."),
    Column(
        "source_path", "string", "Input file relative to the corpus, plus `:row N` for table rows."
    ),
    Column("n_words", "int64", "Tokens in the cleaned body (framing.tokens)."),
    Column("n_sentences", "int64", "Sentences in the cleaned body."),
    Column(
        "language",
        "string",
        "Guessed language code (`en`, `es`, ...; `und` when too short to tell; `und-Cyrl`, "
        "`und-Hani`, ... for text in another script that no word list fits).",
    ),
    Column(
        "is_english",
        "boolean",
        "False for another language or script, or letters mostly non-ASCII: left out of "
        "English-only metrics.",
    ),
    Column(
        "dateline",
        "string",
        "Dateline removed from the body start (e.g. `TEHRAN (Iran News)`), if any.",
    ),
    Column(
        "near_duplicates", "string", "`;`-separated ids of near-duplicate articles (kept, flagged)."
    ),
    Column(
        "reprint_of",
        "string",
        "`;`-separated ids of the same text in other outlets (a reprint; every outlet keeps its "
        "copy); empty when the text is the outlet's own.",
    ),
    Column(
        "flags", "string", "`;`-separated flag codes for this article (see the log for details)."
    ),
    Column("text", "string", "Cleaned body; sentence offsets index this text."),
)

SENTENCES: tuple[Column, ...] = (
    Column("article_id", "string", "Article the sentence belongs to."),
    Column("outlet", "string", "Outlet of that article."),
    Column("sentence_id", "int64", "0-based position of the sentence in its article."),
    Column(
        "paragraph_id", "int64", "0-based paragraph (line block) of the sentence in its article."
    ),
    Column(
        "start", "int64", "Character offset of the sentence start in the article's cleaned `text`."
    ),
    Column("end", "int64", "Character offset one past the sentence end: `text[start:end]`."),
    Column(
        "text",
        "string",
        "The sentence text, exactly `article.text[start:end]` (a headline row: the article's "
        "title, whitespace normalised; its offsets index that text).",
    ),
    Column(
        "is_headline",
        "boolean",
        "The article's title, as its own row before the body (`sentence_id` and `paragraph_id` "
        "-1). Keyness, similarity and KWIC count it unless `headlines = false`; annotators read "
        "the body only, so a headline row's annotation columns are empty (0 for counts, false "
        "for flags).",
    ),
)

HEADLINE_SENTENCE = -1
"""``sentence_id`` (and ``paragraph_id``) of an article's headline row: before sentence 0."""


def body_rows(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentence rows of the articles' bodies (all rows of a table without ``is_headline``)."""
    if "is_headline" not in sentences:
        return sentences
    return sentences[~sentences["is_headline"].fillna(False).astype(bool).to_numpy()]


def headline_rows(sentences: pd.DataFrame) -> pd.DataFrame:
    """The headline rows of a sentence table (none in a table without ``is_headline``)."""
    if "is_headline" not in sentences:
        return sentences.iloc[:0]
    return sentences[sentences["is_headline"].fillna(False).astype(bool).to_numpy()]


LOG: tuple[Column, ...] = (
    Column("source", "string", "Input file (and row or field) the entry is about."),
    Column("article_id", "string", "Article concerned, when one was created."),
    Column("stage", "string", "`ingest` or `prepare`."),
    Column(
        "action",
        "string",
        "`rejected` (not loaded), `skipped` (not an input: hidden, documentation), `merged` (a "
        "duplicate kept once; outlet names that are one outlet), `decoded` (a legacy encoding), "
        "`flagged`, `removed`, `repaired` or `changed` (a cleaning step; an outlet named by its "
        "pages' site name).",
    ),
    Column(
        "reason", "string", "Short machine-readable reason code, e.g. `empty_file`, `glued_words`."
    ),
    Column("detail", "string", "One human-readable line: what happened and why."),
)

OUTLETS: tuple[Column, ...] = (
    Column("outlet", "string", "Outlet name."),
    Column("articles", "int64", "Articles loaded for the outlet."),
    Column("words", "int64", "Tokens in those articles."),
    Column("sentences", "int64", "Sentences in those articles."),
    Column("first_date", "datetime64[ns]", "Earliest publication date (undated articles ignored)."),
    Column("last_date", "datetime64[ns]", "Latest publication date."),
    Column("undated", "int64", "Articles without a usable date."),
    Column(
        "small_sample", "boolean", "Fewer than 5 articles or 2,000 words: too small to generalise."
    ),
)

KEYNESS: tuple[Column, ...] = (
    Column(
        "comparison",
        "string",
        "What was compared, e.g. `outlet: each vs rest`, `outlet: RT vs SOFREP`.",
    ),
    Column(
        "group", "string", "The group (outlet, or value of the grouping column) this row is about."
    ),
    Column("term", "string", "The term (uni- or bigram of framing.tokens terms)."),
    Column("count_group", "int64", "Occurrences in the group's articles."),
    Column("count_rest", "int64", "Occurrences in the other side's articles."),
    Column("rate_group", "float64", "Occurrences per 1,000 words in the group."),
    Column("rate_rest", "float64", "Occurrences per 1,000 words on the other side."),
    Column("articles_group", "int64", "Articles of the group using the term."),
    Column("articles_rest", "int64", "Articles of the other side using the term."),
    Column(
        "log_odds",
        "float64",
        "Weighted log-odds ratio with informative Dirichlet prior (Monroe et al. 2008).",
    ),
    Column(
        "z", "float64", "log_odds divided by its standard error; > 0: the group uses the term more."
    ),
    Column("p_value", "float64", "Two-sided p-value of z."),
    Column(
        "significant",
        "boolean",
        "|z| clears the Bonferroni threshold over the terms tested for the group.",
    ),
    Column(
        "single_article", "boolean", "The side the term leans to has only one article using it."
    ),
    Column("n_articles", "int64", "Articles in the group."),
    Column("n_words", "int64", "Words in the group."),
    Column("n_articles_rest", "int64", "Articles on the other side."),
    Column("n_words_rest", "int64", "Words on the other side."),
    Column("small_sample", "boolean", "The group is below 5 articles or 2,000 words."),
)

SIMILARITY: tuple[Column, ...] = (
    Column("group_a", "string", "One outlet (or group) of the pair."),
    Column(
        "group_b",
        "string",
        "The other; every ordered pair of different groups has a row, or, above 500 groups, "
        "each group's 20 most similar others (cosine above 0), most similar first.",
    ),
    Column(
        "cosine", "float64", "Cosine similarity of their TF-IDF term vectors (1: same profile)."
    ),
    Column("jsd", "float64", "Jensen-Shannon divergence of their term distributions (0: same)."),
    Column("n_articles_a", "int64", "Articles of `group_a`."),
    Column("n_words_a", "int64", "Words of `group_a`."),
    Column("small_sample_a", "boolean", "`group_a` is below 5 articles or 2,000 words."),
    Column("n_articles_b", "int64", "Articles of `group_b`."),
    Column("n_words_b", "int64", "Words of `group_b`."),
    Column("small_sample_b", "boolean", "`group_b` is below 5 articles or 2,000 words."),
)

OUTLET_METRICS: tuple[Column, ...] = (
    Column("group", "string", "The outlet (or group)."),
    Column(
        "metric",
        "string",
        "`mattr`, `flesch_reading_ease`, `words_per_sentence` or `syllables_per_word`.",
    ),
    Column("mean", "float64", "Mean over the group's articles that have a value."),
    Column("ci_low", "float64", "Lower end of the percentile bootstrap interval over articles."),
    Column(
        "ci_high", "float64", "Upper end (NaN, as `ci_low`, with fewer than 5 values: no interval)."
    ),
    Column("n_values", "int64", "Articles with a value (MATTR is missing for short ones)."),
    Column("n_articles", "int64", "Articles of the group."),
    Column("n_words", "int64", "Words of the group."),
    Column("small_sample", "boolean", "The group is below 5 articles or 2,000 words."),
)

ARTICLE_METRICS: tuple[Column, ...] = (
    Column("article_id", "string", "The article."),
    Column("outlet", "string", "Its outlet."),
    Column("n_words", "int64", "Tokens in the article."),
    Column("n_sentences", "int64", "Sentences in the article."),
    Column(
        "mattr",
        "float64",
        "Moving-average type-token ratio (NaN when the article is shorter than the window).",
    ),
    Column("flesch_reading_ease", "float64", "Flesch reading ease (higher: easier)."),
    Column("words_per_sentence", "float64", "Words (with a letter) per sentence."),
    Column("syllables_per_word", "float64", "Syllables per word."),
    Column("mattr_missing", "string", "Why `mattr` is missing, when it is."),
)


VOICES_COLUMNS: tuple[Column, ...] = (
    Column("outlet", "string", "The outlet."),
    Column("where", "string", "`body` (the articles' text) or `headline` (their titles)."),
    Column("level", "string", "`speaker` (one canonical speaker) or `group` (registry group)."),
    Column(
        "name",
        "string",
        "The speaker or group (`(unregistered)`: speakers the actor registry does not know).",
    ),
    Column("quotes", "int64", "Attributed quotations (direct, partial and indirect)."),
    Column("direct", "int64", "Of them, direct quotations."),
    Column("partial", "int64", "Partial quotations (quoted fragments)."),
    Column("indirect", "int64", "Indirect ones (reported without quotation marks)."),
    Column("quoted_words", "int64", "Words in those quotations."),
    Column("articles", "int64", "Articles of the outlet in which the speaker or group speaks."),
    Column("neutral", "int64", "Quotations attributed with a neutral verb (said, told)."),
    Column("doubt", "int64", "With a doubt-casting verb (claimed, insisted, alleged)."),
    Column("endorse", "int64", "With an endorsing verb (confirmed, revealed, pointed out)."),
    Column("emotive", "int64", "With an emotive or judgemental verb (slammed, warned)."),
    Column("other", "int64", "With another verb (argued, called, an unlisted verb)."),
    Column("example_article_id", "string", "Article of the longest such quotation."),
    Column("example_sentence_id", "int64", "Its sentence (-1 in a headline)."),
    Column("example", "string", "Its first 200 characters."),
    Column("share_quotes", "float64", "`quotes` / the outlet's attributed quotations there."),
    Column("share_words", "float64", "`quoted_words` / the outlet's attributed quoted words."),
    Column("outlet_articles", "int64", "Articles of the outlet (the sample behind the shares)."),
    Column("small_sample", "boolean", "The outlet is below 5 articles or 2,000 words."),
)

CANDIDATE_COLUMNS: tuple[Column, ...] = (
    Column("name", "string", "A name the actor registry does not know, as written."),
    Column("outlet", "string", "Outlet that writes it."),
    Column("mentions", "int64", "Times it occurs in that outlet's articles."),
    Column("articles", "int64", "Articles of that outlet it occurs in."),
    Column("quoted", "int64", "Times that outlet quotes it as a speaker."),
    Column("titled", "boolean", "A title stood before it at least once (a person)."),
    Column("example_article_id", "string", "An article where it occurs."),
    Column("example_sentence_id", "int64", "The sentence there."),
)

NAMING_COLUMNS: tuple[Column, ...] = (
    Column("concept", "string", "What is named (`naming.csv`'s concept)."),
    Column("variant", "string", "One variant of its name (Kiev, Kyiv)."),
    Column("outlet", "string", "The outlet."),
    Column("count", "int64", "Times the outlet's articles use the variant."),
    Column("articles", "int64", "Articles of the outlet that use it."),
    Column("quoted", "int64", "Of `count`, uses inside quotations (somebody else's words)."),
    Column("concept_count", "int64", "Times the outlet names the concept, in any variant."),
    Column("share", "float64", "`count` / `concept_count`: the variant's share of the naming."),
    Column("kind", "string", "`spelling` or `label`."),
    Column("outlet_articles", "int64", "Articles of the outlet (the sample behind the share)."),
    Column("small_sample", "boolean", "The outlet is below 5 articles or 2,000 words."),
    Column(
        "example_article_id", "string", "An article using the variant (in its own words first)."
    ),
    Column("example_sentence_id", "int64", "The sentence there."),
)

NAMING_CANDIDATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "variant_a",
        "string",
        "A capitalised name (`spelling`), or a lower-cased word or two-word term (`context`).",
    ),
    Column("variant_b", "string", "Its possible variant, which no list pairs with it yet."),
    Column(
        "method",
        "string",
        "How the pair was found: `spelling` (spelled almost alike: *Kiev*, *Kyiv*) or `context` "
        "(used in the same contexts, by different outlets: *illegal immigrants*, *undocumented "
        "immigrants*; corpora of 1,000 articles or more).",
    ),
    Column(
        "similarity",
        "float64",
        "`context`: cosine of the two terms' context vectors (PPMI of the words around each use, "
        "reduced by SVD); NaN for `spelling`.",
    ),
    Column(
        "outlet_split",
        "float64",
        "How much the choice between the two depends on the outlet, over articles per outlet: "
        "Cramér's V less its chance level (0: every outlet uses both alike; 1: each only one).",
    ),
    Column(
        "distance",
        "int64",
        "Edit distance between them (Damerau-Levenshtein, with transpositions).",
    ),
    Column(
        "count_a",
        "int64",
        "Uses of `variant_a` (`context`: in the sentences read, a sample past 300,000).",
    ),
    Column("count_b", "int64", "Uses of `variant_b`."),
    Column("outlets_a", "string", "Outlets writing `variant_a` (with counts), `;`-separated."),
    Column("outlets_b", "string", "Outlets writing `variant_b` (with counts)."),
    Column(
        "prefer_a",
        "string",
        "Outlets choosing `variant_a` well above its share of the two (standardised residual of "
        "2 or more), with their articles: `Breitbart News (7 of 7)`; at most five.",
    ),
    Column("prefer_b", "string", "The same for `variant_b`."),
    Column("both_articles", "int64", "Articles using both (variants rarely meet)."),
    Column(
        "example_a_article_id",
        "string",
        "An article using `variant_a` (`context`: from the outlet preferring it most).",
    ),
    Column("example_a_sentence_id", "int64", "The sentence there."),
    Column("example_b_article_id", "string", "An article using `variant_b`."),
    Column("example_b_sentence_id", "int64", "The sentence there."),
)

TONE_COLUMNS: tuple[Column, ...] = (
    Column("actor", "string", "The actor: the registry's name, or a name it does not know."),
    Column("actor_group", "string", "Its group in the registry; empty when unregistered."),
    Column("outlet", "string", "The outlet."),
    Column(
        "voice",
        "string",
        "`own`: mentions in the outlet's own words; `quoted`: inside quotation marks.",
    ),
    Column("mentions", "int64", "Mentions of the actor scored for tone."),
    Column("articles", "int64", "Articles holding them (the units resampled)."),
    Column("tone", "float64", "Mean tone toward the actor over those mentions, in [-1, 1]."),
    Column("tone_low", "float64", "Bootstrap interval of that mean (articles resampled); low."),
    Column("tone_high", "float64", "High end; both empty below 5 articles."),
    Column("negative", "int64", "Mentions with tone <= -0.05 (VADER's band)."),
    Column("positive", "int64", "Mentions with tone >= 0.05."),
    Column("small_sample", "boolean", "Fewer than 5 articles: do not conclude."),
    Column("most_negative_article_id", "string", "Article of the most negative mention."),
    Column("most_negative_sentence_id", "Int64", "Its sentence (empty when none is negative)."),
    Column("most_positive_article_id", "string", "Article of the most positive mention."),
    Column("most_positive_sentence_id", "Int64", "Its sentence (empty when none is positive)."),
)


LOADED_COLUMNS: tuple[Column, ...] = (
    Column("outlet", "string", "The outlet."),
    Column("articles", "int64", "Its articles."),
    Column("own_words", "int64", "Its words outside quotation marks (the rate's denominator)."),
    Column("loaded", "float64", "Sum of its sentences' `loaded` scores (own voice only)."),
    Column("loaded_per_1000", "float64", "That sum per 1,000 own-voice words."),
    Column("loaded_low", "float64", "Bootstrap interval of the rate (articles resampled); low."),
    Column("loaded_high", "float64", "High end; both empty below 5 articles."),
    Column("cues", "int64", "Loaded cues found in its own voice."),
    Column(
        "loaded_sentences",
        "int64",
        "Its body sentences scoring 1 or more (a full-weight cue, or two milder ones).",
    ),
    Column("sentences", "int64", "Its body sentences."),
    Column(
        "top_cues", "string", "Its most frequent cues with their counts (`regime 4; slammed 2`)."
    ),
    Column("small_sample", "boolean", "Fewer than 5 articles or 2,000 words: do not conclude."),
    Column("most_loaded_article_id", "string", "Article of its most loaded sentence."),
    Column("most_loaded_sentence_id", "Int64", "That sentence (empty when none is loaded)."),
)


OWN_VOICE_COLUMNS: tuple[Column, ...] = (
    Column("outlet", "string", "The outlet."),
    Column("articles", "int64", "Its articles."),
    Column("words", "int64", "Its words (quotations included: the rate's denominator)."),
    Column("hedges", "int64", "Hedging cues outside quotations (alleged, so-called, ...)."),
    Column("hedges_per_1000", "float64", "`hedges` per 1,000 words."),
    Column(
        "hedges_low",
        "float64",
        "Lower end of the bootstrap interval of that rate, resampling articles.",
    ),
    Column("hedges_high", "float64", "Upper end (NaN, as the lower, with fewer than 5 articles)."),
    Column("scare_quotes", "int64", "Scare quotes (short quoted phrases nobody is said to say)."),
    Column("scare_quotes_per_1000", "float64", "`scare_quotes` per 1,000 words."),
    Column(
        "scare_quotes_low",
        "float64",
        "Lower end of the bootstrap interval of that rate, resampling articles.",
    ),
    Column(
        "scare_quotes_high", "float64", "Upper end (NaN, as the lower, with fewer than 5 articles)."
    ),
    Column(
        "hedges_in_quotes",
        "int64",
        "The same cues inside quotations (the speakers' hedges, counted apart, not in the rate).",
    ),
    Column("small_sample", "boolean", "The outlet is below 5 articles or 2,000 words."),
)


@dataclass(frozen=True)
class Table:
    """One output table: its name (``Result.tables`` key), file under ``data/``, what one row
    is, and its columns."""

    name: str
    file: str
    rows: str
    columns: tuple[Column, ...]


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("articles", "articles.csv", "article", ARTICLES),
        Table("sentences", "sentences.parquet", "sentence, with every annotation", SENTENCES),
        Table("log", "log.csv", "thing that happened to an input", LOG),
        Table("outlets", "outlets.csv", "outlet", OUTLETS),
        Table("keyness", "keyness.csv", "(comparison, group, term)", KEYNESS),
        Table(
            "headline_keyness",
            "headline_keyness.csv",
            "(outlet, term) in the headlines, each outlet's against the others'",
            KEYNESS,
        ),
        Table(
            "similarity",
            "similarity.csv",
            "ordered pair of outlets (above 500 outlets: each outlet's 20 nearest)",
            SIMILARITY,
        ),
        Table("outlet_metrics", "outlet_metrics.csv", "(outlet, metric)", OUTLET_METRICS),
        Table("article_metrics", "article_metrics.csv", "article", ARTICLE_METRICS),
        Table("voices", "voices.csv", "(where, outlet, level, speaker or group)", VOICES_COLUMNS),
        Table(
            "actor_candidates",
            "actor_candidates.csv",
            "(unknown name, outlet)",
            CANDIDATE_COLUMNS,
        ),
        Table("own_voice", "own_voice.csv", "outlet", OWN_VOICE_COLUMNS),
        Table("tone", "tone.csv", "(actor, outlet, voice)", TONE_COLUMNS),
        Table("loaded", "loaded.csv", "outlet", LOADED_COLUMNS),
        Table("naming", "naming.csv", "(concept, variant, outlet)", NAMING_COLUMNS),
        Table(
            "naming_candidates",
            "naming_candidates.csv",
            "pair of possible variants (spelled alike, or used alike by different outlets)",
            NAMING_CANDIDATE_COLUMNS,
        ),
    )
}
"""The tables every run can write, except those the annotators add (see :func:`table_specs`)."""


class SpanSpec(Protocol):
    """What :func:`table_specs` reads of a span table an annotator declares
    (``framing.annotate.SpanTable`` is one)."""

    @property
    def name(self) -> str: ...

    @property
    def rows(self) -> str: ...

    @property
    def columns(self) -> tuple[Column, ...]: ...

    @property
    def extends(self) -> str: ...

    @property
    def added(self) -> tuple[Column, ...]: ...


class TableMaker(Protocol):
    """What :func:`table_specs` reads of an annotator (``framing.annotate.Annotator`` is one):
    the sentence columns and the span tables it makes."""

    @property
    def columns(self) -> tuple[Column, ...]: ...

    @property
    def spans(self) -> tuple[SpanSpec, ...]: ...


def table_specs(annotators: Iterable[TableMaker]) -> dict[str, Table]:
    """Every table a run with ``annotators`` writes (``framing.annotate.DEFAULT_ANNOTATORS`` for
    a default run): ``TABLES``, with the annotators' columns added to ``sentences`` and their
    span tables added.

    The annotators are given, not looked up: this module is the foundation every stage reads,
    so it imports none of them."""
    annotators = tuple(annotators)
    specs = dict(TABLES)
    extra = tuple(c for a in annotators for c in a.columns)
    sentences = specs["sentences"]
    specs["sentences"] = Table(sentences.name, sentences.file, sentences.rows, SENTENCES + extra)
    for annotator in annotators:
        for span in annotator.spans:
            if not span.extends:
                specs[span.name] = Table(span.name, f"{span.name}.csv", span.rows, span.columns)
    for annotator in annotators:  # columns that annotators add to others' span tables
        for span in annotator.spans:
            if span.extends and span.extends in specs:
                base = specs[span.extends]
                specs[span.extends] = Table(
                    base.name, base.file, base.rows, base.columns + span.added
                )
    return specs


def conform(frame: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    """Return ``frame`` with the contract columns first, in order and with their dtypes.

    Missing contract columns are added empty; extra columns (e.g. a table's ``bias``) are kept
    after them, because users' own metadata must survive the pipeline.
    """
    out = frame.copy()
    for column in columns:
        if column.name not in out.columns:
            out[column.name] = pd.Series(pd.NA, index=out.index, dtype="object")
        out[column.name] = _as_dtype(out[column.name], column.dtype)
    names = [c.name for c in columns]
    return out[names + [c for c in out.columns if c not in names]]


def dtype_matches(series: pd.Series, dtype: str) -> bool:
    """Whether ``series`` holds values of the declared ``dtype`` (before :func:`conform` casts):
    an annotator declaring ``int64`` and returning strings breaks its contract.

    >>> dtype_matches(pd.Series([1, 2]), "int64"), dtype_matches(pd.Series(["1"]), "int64")
    (True, False)
    """
    kinds = pd.api.types
    if dtype == "int64":
        return kinds.is_integer_dtype(series) and not kinds.is_bool_dtype(series)
    if dtype == "float64":
        return kinds.is_float_dtype(series) or kinds.is_integer_dtype(series)
    if dtype == "boolean":
        return kinds.is_bool_dtype(series)
    if dtype == "string":
        return kinds.is_string_dtype(series)
    if dtype.startswith("datetime64"):
        return kinds.is_datetime64_any_dtype(series)
    return True


def _as_dtype(series: pd.Series, dtype: str) -> pd.Series:
    if dtype == "datetime64[ns]":
        return pd.to_datetime(series, errors="coerce").astype("datetime64[ns]")
    if dtype == "int64":
        return series.fillna(0).astype("int64")
    return series.astype(dtype)


def markdown_reference(annotators: Iterable[TableMaker]) -> str:
    """The column reference of every table a run with ``annotators`` writes, as Markdown (the
    README holds the default run's, ``framing.annotate.DEFAULT_ANNOTATORS``, and a test keeps
    the two equal)."""
    parts = []
    for table in table_specs(annotators).values():
        parts.append(
            f"#### `data/{table.file}`\n\nOne row per {table.rows}.\n\n"
            "| column | type | meaning |\n|---|---|---|"
        )
        parts.extend(f"| `{c.name}` | {c.dtype} | {c.meaning} |" for c in table.columns)
        parts.append("")
    return "\n".join(parts)
