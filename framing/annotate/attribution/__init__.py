"""Attribution: who said each quotation, with which verb, and the claims reported without marks.

Builds the contract table ``quotes`` (direct and partial quotations from ``quote_marks``, plus
``indirect`` ones: "X said that ...", "according to X, ...") and the sentence columns
``speaker``, ``reporting_verb`` and ``verb_class``.

How, sentence by sentence, with no tagger or parser (none can be downloaded here):

1. The sentence's *frame* is its tokens with each quotation replaced by one placeholder: the
   attribution lives outside the marks.
2. Cues are reporting verbs (``reporting_verbs.csv``: said, told, claimed, ...), "according to",
   and any verb in an attribution's place (“...,” she *interjected*) with class ``other``.
3. Each cue's speaker is the noun phrase before the verb ("Kremlin spokesman Dmitry Peskov
   said", skipping "also", "on Monday" and an appositive: "X, a spokesman for Y, said"), after it
   ("said X"), or the sentence's subject when the verb is far from it ("X returned and declared").
4. A quotation takes the cue next to it in its sentence(s); without one, the speaker of a
   "X said:" just before, of the quotation it continues (an unclosed paragraph, or the next
   quote of the same paragraph), or of the quotation ending the previous paragraph.
5. Speakers are resolved in the article: pronouns to the nearest fitting earlier speaker (a
   person for he/she, an organisation for it), "the spokesman"/"the ministry" to the nearest
   earlier speaker described with that word, a surname to the full name given earlier; then to
   the registry's canonical name and group (``actors.csv``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...schema import Column, conform
from ..base import Annotation, Annotator, AnnotatorInput, SpanTable, article_blocks
from ..quote_marks import _kind as _quote_kind
from ..quote_marks import _marks, find_quotes
from .link import attribute_article, title_case
from .words import _TOKEN, Lexicon, lexicon_from

__all__ = [
    "ATTRIBUTION",
    "QUOTE_COLUMNS",
    "Lexicon",
    "attribute_article",
    "lexicon_from",
    "title_case",
]

QUOTE_COLUMNS = (
    Column("article_id", "string", "Article the quotation is in."),
    Column("outlet", "string", "Outlet of that article."),
    Column("quote_id", "int64", "0-based number of the quotation in its article."),
    Column("sentence_id", "int64", "Sentence in which the quotation starts."),
    Column("start", "int64", "Offset of its first character in the article's `text`."),
    Column("end", "int64", "Offset one past its last character."),
    Column("text", "string", "The quoted (or, for `indirect`, the reported) words."),
    Column(
        "speaker",
        "string",
        "Who said it: the registry's canonical name, else the fullest name the article gives; "
        "empty when nobody is named (a scare quote, an unattributed phrase).",
    ),
    Column(
        "speaker_group",
        "string",
        'The speaker\'s group from the actor registry ("Russian officials"); empty when unknown.',
    ),
    Column("verb", "string", "Lemma of the reporting verb (`say`, `claim`, `according to`)."),
    Column(
        "verb_class",
        "string",
        "`neutral`, `doubt`, `endorse`, `emotive` or `other` (from `reporting_verbs.csv`).",
    ),
    Column(
        "kind",
        "string",
        "`direct` (quoted speech), `partial` (a quoted fragment) or `indirect` (reported "
        "without quotation marks).",
    ),
    Column("mention", "string", "The words that attribute it where it is (`he`, `the ministry`)."),
    Column("n_words", "int64", "Tokens in `text`."),
    Column(
        "mention_start",
        "int64",
        "Offset of `mention` in the article's `text` (-1 when nobody is named): where a "
        "resolved pronoun names its speaker.",
    ),
)

HEADLINE_COLUMNS = (
    Column("article_id", "string", "Article whose headline (`title`) quotes."),
    Column("outlet", "string", "Outlet of that article."),
    Column("start", "int64", "Offset of the quoted words in the article's `title`."),
    Column("end", "int64", "Offset one past their last character in the `title`."),
    Column("text", "string", "The quoted (or reported) words."),
    Column("speaker", "string", "Who said it, as in `quotes`; empty when nobody is named."),
    Column("speaker_group", "string", "The speaker's group from the actor registry."),
    Column("verb", "string", "Lemma of the reporting verb, if the headline has one."),
    Column("verb_class", "string", "Class of that verb."),
    Column("kind", "string", "`direct`, `partial` or `indirect`, as in `quotes`."),
)

SENTENCE_COLUMNS = (
    Column(
        "speaker",
        "string",
        "Speaker of the sentence's attribution or quotation (annotator `attribution`); empty "
        "in the outlet's own voice.",
    ),
    Column("reporting_verb", "string", "Lemma of the sentence's reporting verb; empty if none."),
    Column("verb_class", "string", "Class of that verb (neutral, doubt, endorse, emotive, other)."),
)


def _headline_rows(article_id: str, outlet: str, title: str, lexicon: Lexicon, pairs) -> list:
    """Attribution in a headline, read as a one-sentence text ("Peskov: ‘...’", "Moscow
    denounces ‘false flag’ claims")."""
    if not title.strip():
        return []
    marks = [
        (s, e, not title[e:].strip(), _mark_kind(title[s:e]))
        for s, e, _ in find_quotes(title, pairs)
    ]
    found, _ = attribute_article(title, [(0, len(title), 0, 0)], marks, lexicon)
    rows = []
    for row in found:
        cue = row.cue
        rows.append(
            (
                article_id,
                outlet,
                row.start,
                row.end,
                title[row.start : row.end],
                cue.speaker if cue else "",
                cue.group if cue else "",
                cue.verb if cue else "",
                cue.verb_class if cue else "",
                row.kind,
            )
        )
    return rows


def _mark_kind(quoted: str) -> str:
    return _quote_kind(quoted, len(_TOKEN.findall(quoted)), 4)


def _attribution(given: AnnotatorInput) -> Annotation:
    lexicon = lexicon_from(given.data)
    pairs, _ = _marks(tuple((r["open"], r["close"]) for r in given.data.records("quote_marks.csv")))
    headlines = []
    sentences = given.sentences
    blocks = article_blocks(sentences["article_id"])
    columns = sentences[["start", "end", "paragraph_id", "sentence_id"]].to_numpy(dtype=np.int64)
    marks = given.spans["quote_marks"]
    by_article: dict[str, list] = {}
    for row in marks[["article_id", "start", "end", "open_end", "kind"]].itertuples(
        index=False, name=None
    ):
        by_article.setdefault(row[0], []).append(row[1:])
    speaker = np.full(len(sentences), "", dtype=object)
    verb = np.full(len(sentences), "", dtype=object)
    verb_class = np.full(len(sentences), "", dtype=object)
    rows = []
    columns_ = ["article_id", "outlet", "text", "title"]
    for article_id, outlet, text, title in given.articles[columns_].itertuples(index=False):
        first, last = blocks.get(article_id, (0, 0))
        quotes = by_article.get(article_id, [])
        if isinstance(title, str):
            headlines.extend(_headline_rows(article_id, outlet, title, lexicon, pairs))
        sentence_rows = [tuple(row) for row in columns[first:last].tolist()]
        found, by_sentence = attribute_article(text, sentence_rows, quotes, lexicon)
        for offset, cue in enumerate(by_sentence):
            if cue is not None:
                speaker[first + offset] = cue.speaker
                verb[first + offset] = cue.verb
                verb_class[first + offset] = cue.verb_class
        for number, row in enumerate(found):
            cue = row.cue
            quoted = text[row.start : row.end]
            rows.append(
                (
                    article_id,
                    outlet,
                    number,
                    sentence_rows[row.sentence][3] if row.sentence >= 0 else -1,
                    row.start,
                    row.end,
                    quoted,
                    cue.speaker if cue else "",
                    cue.group if cue else "",
                    cue.verb if cue else "",
                    cue.verb_class if cue else "",
                    row.kind,
                    cue.mention_text if cue else "",
                    len(_TOKEN.findall(quoted)),
                    cue.position if cue and cue.mention_text else -1,
                )
            )
    frame = conform(pd.DataFrame(rows, columns=[c.name for c in QUOTE_COLUMNS]), QUOTE_COLUMNS)
    table = pd.DataFrame(
        {"speaker": speaker, "reporting_verb": verb, "verb_class": verb_class},
        index=sentences.index,
    ).astype("string")
    heads = conform(
        pd.DataFrame(headlines, columns=[c.name for c in HEADLINE_COLUMNS]), HEADLINE_COLUMNS
    )
    return Annotation(table, spans={"quotes": frame, "headline_quotes": heads})


ATTRIBUTION = Annotator(
    name="attribution",
    function=_attribution,
    columns=SENTENCE_COLUMNS,
    spans=(
        SpanTable(
            "quotes",
            QUOTE_COLUMNS,
            "quotation (direct or partial, between marks) or indirect attribution, with its "
            "speaker and reporting verb",
        ),
        SpanTable(
            "headline_quotes",
            HEADLINE_COLUMNS,
            "quotation or attribution in an article's headline, with offsets into its `title`",
            within="title",
        ),
    ),
    requires=("quote_marks",),
    data_files=(
        "reporting_verbs.csv",
        "person_titles.txt",
        "speaker_nouns.txt",
        "actors.csv",
        "quote_marks.csv",
        "attribution_words.csv",
    ),
    version="2",
)
