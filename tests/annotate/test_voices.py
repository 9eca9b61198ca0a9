"""The voices annotators on a corpus: the actor registry and its per-corpus layer, names the
registry does not know, hedges and scare quotes in the outlet's own voice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import framing
from framing.annotate import DEFAULT_ANNOTATORS, annotate, find_names, registry_from_records
from framing.api import annotate_corpus
from framing.lexicons import read_records

ARTICLE = (
    "Talks collapse\n"
    "Russian Foreign Minister Sergei Lavrov met Zorba Quillfeather in Geneva on Monday.\n"
    "“There is nothing to discuss,” Lavrov said. The so-called “peace plan” was dropped.\n"
    "The alleged attack, which Quillfeather called “an alleged provocation,” reportedly "
    "killed two people.\n"
    "Quillfeather alleged that the talks were a sham."
)


def run(root):
    corpus = framing.load_corpus(root)
    return corpus, annotate_corpus(corpus, corpus.config)


def test_registry_names_groups_and_case_rules():
    registry = registry_from_records(read_records("actors.csv"))
    assert registry.actor("Sergei Lavrov").name == "Sergey Lavrov"
    assert registry.actor("the Kremlin").group == "Russian officials"
    assert registry.actor("Erdoğan's").name == "Recep Tayyip Erdogan"
    assert registry.actor("WHO").name == "World Health Organization"
    assert registry.actor("who") is None and registry.actor("us") is None  # capitals only
    assert registry.within("Kremlin spokesman Dmitry Peskov").name == "Dmitry Peskov"
    assert registry.group_of("a senior Russian official") == "Russian officials"


def test_find_names_leaves_titles_and_sentence_openers_out():
    titles = frozenset({"minister", "foreign", "russian", "sen", "deputy"})
    names = [
        n
        for *_, n, _ in find_names(
            "The Deputy Foreign Minister Sergei Ryabkov met Sen. Roe.", titles
        )
    ]
    assert names == ["Sergei Ryabkov", "Roe"]


def test_mentions_and_candidates(make_corpus):
    _, annotated = run(make_corpus({"a/one.txt": ARTICLE}))
    mentions = annotated.spans["mentions"]
    known = mentions[mentions["actor"] != ""]
    assert set(known["actor"]) >= {"Sergey Lavrov"}
    unknown = mentions[mentions["actor"] == ""]
    assert "Zorba Quillfeather" in set(unknown["mention"])
    assert set(unknown["mention"]) & {"The", "Talks", "Monday"} == set()


def test_a_corpus_registry_adds_to_the_packaged_one(make_corpus, tmp_path):
    plain = tmp_path / "plain" / "a"
    plain.mkdir(parents=True)
    (plain / "one.txt").write_text(ARTICLE, encoding="utf-8")
    _, without = run(plain.parent)
    root = make_corpus(
        {
            "a/one.txt": ARTICLE,
            "lexicons/actors.csv": (
                "actor,type,group,aliases\n"
                "Zorba Quillfeather,person,Atlantis officials,Quillfeather\n"
                "Sergey Lavrov,remove,,\n"
            ),
        }
    )
    _, annotated = run(root)
    quotes = annotated.spans["quotes"]
    by_speaker = dict(zip(quotes["speaker"], quotes["speaker_group"], strict=False))
    assert by_speaker["Zorba Quillfeather"] == "Atlantis officials"
    assert by_speaker["Sergei Lavrov"] == ""  # removed from the registry for this corpus
    changed = {n for n in annotated.keys if annotated.keys[n] != without.keys[n]}
    # the annotators reading actors.csv, and tone, built on mentions
    assert changed == {"attribution", "mentions", "own_voice", "tone"}


def test_hedges_and_scare_quotes_in_own_voice_only(make_corpus):
    corpus, annotated = run(make_corpus({"a/one.txt": ARTICLE}))
    sentences = annotated.sentences.set_index("sentence_id")
    text = sentences["text"]
    plan = text[text.str.contains("peace plan")].index[0]
    attack = text[text.str.contains("alleged attack")].index[0]
    sham = text[text.str.contains("sham")].index[0]
    assert sentences.loc[plan, ["hedges", "scare_quotes"]].tolist() == [
        1,
        1,
    ]  # so-called, “peace plan”
    # "alleged" and "reportedly" in the outlet's voice; the quoted "alleged" is Quillfeather's
    assert sentences.loc[attack, "hedges"] == 2
    assert sentences.loc[attack, "hedge_cues"] == "alleged;reportedly"
    assert sentences.loc[sham, "hedges"] == 0  # "alleged that": a reporting verb, not a hedge
    assert sentences.loc[sham, ["speaker", "reporting_verb", "verb_class"]].tolist() == [
        "Zorba Quillfeather",
        "allege",
        "doubt",
    ]


def test_every_default_annotator_runs_on_an_article_without_quotes_or_names(make_corpus):
    words = " ".join(["plain words only, nothing else here."] * 6)
    corpus = framing.load_corpus(make_corpus({"a/one.txt": words}))
    annotated = annotate(corpus.articles, corpus.sentences, DEFAULT_ANNOTATORS, jobs=1)
    assert annotated.spans["quotes"].empty and annotated.spans["mentions"].empty
    assert annotated.sentences["speaker"].tolist() == [""] * len(corpus.sentences)


def test_a_typo_in_the_corpus_registry_is_a_clear_error(make_corpus):
    import pytest

    from framing.errors import ConfigError

    root = make_corpus(
        {
            "a/one.txt": ARTICLE,
            "lexicons/actors.csv": "actor,type,group,aliases\nJane Roe,persn,,\n",
        }
    )
    corpus = framing.load_corpus(root)
    with pytest.raises(ConfigError, match="actors.csv: actor 'Jane Roe' has type 'persn'"):
        annotate_corpus(corpus, corpus.config)


def test_a_namesake_is_not_the_registered_person():
    from framing.annotate.actors import registry_from_records
    from framing.lexicons import read_records

    registry = registry_from_records(read_records("actors.csv"))
    for name, expected in (
        ("Hunter Biden", True),
        ("Melania Trump", True),
        ("Michelle Obama", True),
        ("Donald J. Trump", False),
        ("Kremlin spokesman Dmitry Peskov", False),
    ):
        actor = registry.within(name)
        assert actor is not None and registry.other_person(name, actor) is expected, name


def test_a_resolved_pronoun_speaker_is_a_mention_of_its_actor(tmp_path):
    corpus = tmp_path / "corpus" / "Daily Example"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text(
        "Talks in Geneva\n\nSergei Lavrov met the envoys in Geneva on Monday morning. "
        '"The talks were useful," he said after the meeting ended. '
        '"We will meet again," he added, before leaving for Moscow by plane.\n'
    )
    mentions = framing.analyze(tmp_path / "corpus").table("mentions")
    pronouns = mentions[mentions["pronoun"]]
    assert pronouns["mention"].tolist() == ["he", "he"]
    assert (pronouns["actor"] == "Sergey Lavrov").all() and not pronouns["in_quote"].any()
    assert (pronouns["tone"] == 0.0).all()  # a speaker's own words say nothing of him
    assert not mentions.loc[~mentions["pronoun"], "mention"].str.lower().eq("he").any()


@given(st.text(" \n\t.Sen\u00a0\u2003", max_size=60), st.integers(0, 60))
def test_the_word_before_a_name_is_the_one_the_expression_found(text, start):
    """``find_names`` reads the word before a name (a title?) by string methods: the result of
    the expression it replaced, whatever the spaces, line breaks and window."""
    import re

    from framing.annotate.actors import _word_before

    start = min(start, len(text))
    found = re.compile(r"(\S+)[ ]+$").search(text, max(start - 40, 0), start)
    assert _word_before(text, start) == (found.group(1) if found else None)


def test_names_share_one_registry_per_process():
    """``mentions`` and ``attribution`` read ``actors.csv`` through one registry per process,
    whatever the batch: what one looked up, the other finds looked up."""
    from framing.annotate.actors import registry_of
    from framing.annotate.attribution.words import lexicon_from
    from framing.annotate.base import DataFiles

    names = ("actors.csv", "person_titles.txt", "reporting_verbs.csv", "speaker_nouns.txt")
    data = DataFiles((*names, "attribution_words.csv"))
    assert registry_of(data) is lexicon_from(data).registry is registry_of(DataFiles(names))


def _own_voice_text_char_by_char(texts, offsets, quotes):
    """``own_voice_text`` as first written, one character at a time: the reference."""
    if not len(texts):
        return ""
    end = int(offsets[-1]) + len(texts[-1])
    chars = [" "] * (end - int(offsets[0]))
    base = int(offsets[0])
    for text, offset in zip(texts, offsets, strict=True):
        chars[offset - base : offset - base + len(text)] = text
        if offset - base + len(text) < len(chars):
            chars[offset - base + len(text)] = "\n"
    for q_start, q_end in quotes:
        low, high = max(q_start - base, 0), min(q_end - base, len(chars))
        chars[low:high] = " " * max(high - low, 0)
    return " " * base + "".join(chars)


@given(
    st.lists(st.tuples(st.integers(0, 4), st.text("ab. ", max_size=6)), max_size=6),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=4),
    st.integers(0, 5),
)
def test_the_own_voice_text_is_built_from_its_pieces_as_char_by_char(parts, quotes, first):
    """Sentences in order (adjacent, apart, empty), quotations anywhere: the same text; out of
    order or overlapping sentences take the character-by-character way."""
    from framing.annotate.own_voice import own_voice_text

    texts, offsets, at = [], [], first
    for gap, text in parts:
        at += gap
        texts.append(text)
        offsets.append(at)
        at += len(text)
    expected = _own_voice_text_char_by_char(texts, offsets, quotes)
    assert own_voice_text(texts, offsets, quotes) == expected
    if len(texts) > 1:
        shuffled = offsets[::-1]
        try:
            expected = _own_voice_text_char_by_char(texts, shuffled, quotes)
        except IndexError:
            with pytest.raises(IndexError):
                own_voice_text(texts, shuffled, quotes)
        else:
            assert own_voice_text(texts, shuffled, quotes) == expected
