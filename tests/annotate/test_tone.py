"""Tone toward an actor (issue 17): roles, negation, clauses, speakers, and the mentions table."""

from __future__ import annotations

import pytest

import framing
from framing.annotate.tone import label, mention_tone, sentence_tone, tone_lexicon


@pytest.fixture(scope="module")
def lexicon():
    return tone_lexicon()


def tone(sentence: str, name: str, lexicon) -> float:
    start = sentence.index(name)
    return mention_tone(sentence, start, start + len(name), lexicon)


def test_a_harm_casts_its_agent_not_its_victim(lexicon):
    sentence = "Soldiers attacked the police."
    assert tone(sentence, "Soldiers", lexicon) < -0.3
    assert tone(sentence, "police", lexicon) == 0.0
    passive = "The police were attacked by soldiers."
    assert tone(passive, "police", lexicon) == 0.0
    assert tone(passive, "soldiers", lexicon) < -0.3


def test_a_criticism_casts_its_target_not_its_voice(lexicon):
    sentence = "Critics accused Smith of lying."
    assert tone(sentence, "Smith", lexicon) < -0.3
    assert tone(sentence, "Critics", lexicon) == 0.0


def test_negation_flips_and_clauses_keep_actors_apart(lexicon):
    assert tone("Smith is honest.", "Smith", lexicon) > 0.3
    assert tone("Smith is not honest.", "Smith", lexicon) < -0.2
    both = "Smith is brave, but Jones is a coward."
    assert label(tone(both, "Smith", lexicon)) == "positive"
    assert label(tone(both, "Jones", lexicon)) == "negative"
    assert abs(sentence_tone(both, lexicon)) < 0.2  # the whole sentence nearly cancels out


def test_what_a_speaker_says_is_not_said_of_the_speaker(lexicon):
    assert tone("Smith said the economy is collapsing in ruin.", "Smith", lexicon) == 0.0
    assert tone("“The plan is a disaster,” Smith told reporters.", "Smith", lexicon) == 0.0
    assert tone("The plan is a disaster, according to Smith.", "Smith", lexicon) == 0.0
    # the same words about Smith do count
    assert tone("Smith is a disaster.", "Smith", lexicon) < -0.3


def test_the_common_shapes_of_attribution_keep_the_speakers_words_out(lexicon):
    # the reported clause before "…, Smith said", and the claim after "according to Smith"
    assert tone("The economy is collapsing in ruin, Smith said.", "Smith", lexicon) == 0.0
    assert tone("According to Smith, the attack was horrific.", "Smith", lexicon) == 0.0
    # the end of a quotation opened in an earlier sentence, as the article's marks show it
    sentence = 'He was wrong and I am furious," Smith said.'
    start = sentence.index("Smith")
    closing = sentence.index('"') + 1
    assert mention_tone(sentence, start, start + 5, lexicon, quoted=[(0, closing)]) == 0.0


def test_the_object_or_passive_subject_of_a_reporting_verb_is_no_speaker(lexicon):
    assert tone("Critics condemned Smith.", "Smith", lexicon) < -0.3
    assert tone("Voters praised Smith.", "Smith", lexicon) > 0.3
    assert tone("Smith was praised by critics.", "Smith", lexicon) > 0.2
    assert tone("The disgraced Smith said the plan works.", "Smith", lexicon) < -0.3


def test_news_words_that_are_plain_description_carry_no_tone(lexicon):
    assert tone("Smith's party met supporters in Ohio.", "Smith", lexicon) == 0.0
    assert tone("Smith, like Jones, voted on the bill.", "Smith", lexicon) == 0.0


def test_tone_joins_the_mentions_table_and_sentences(tmp_path):
    outlet = tmp_path / "corpus" / "Daily Example"
    outlet.mkdir(parents=True)
    (outlet / "a.txt").write_text(
        "Protest in the capital\n\nRioters attacked John Harlan in the capital. "
        "John Harlan is a brave and honest leader. "
        "The city council met on Tuesday to discuss the repairs to the old bridge.\n"
    )
    result = framing.analyze(tmp_path / "corpus")
    mentions = result.table("mentions")
    assert "tone" in mentions.columns and "mention_tone" not in result.tables
    smith = mentions[mentions["mention"] == "John Harlan"].sort_values("start")
    assert smith["tone"].iloc[0] == 0.0  # the victim of an attack
    assert smith["tone"].iloc[1] > 0.3  # brave, honest
    body = result.table("sentences")
    body = body[~body["is_headline"]]
    assert body["tone"].between(-1, 1).all()
    assert (body["tone"].to_numpy()[:2] != 0).all() and body["tone"].iloc[2] == 0.0


def test_a_corpus_can_restore_vaders_scores(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "Daily Example").mkdir(parents=True)
    (corpus / "Daily Example" / "a.txt").write_text(
        "Vote in Ohio\n\nJohn Harlan won support from the party in Ohio. "
        "The city council met on Tuesday to discuss the repairs to the old bridge.\n"
    )
    before = framing.analyze(corpus).table("mentions")
    (corpus / "lexicons").mkdir()
    (corpus / "lexicons" / "tone_neutral.txt").write_text("# none\n")
    after = framing.analyze(corpus).table("mentions")
    smith = lambda t: t.loc[t["mention"] == "John Harlan", "tone"].iloc[0]  # noqa: E731
    assert smith(after) > smith(before) > 0


def test_the_development_set_scores_stay_where_they_were_tuned(lexicon):
    """A guard, not a result: the 100 hand-labelled development sentences
    (``tests/fixtures/tone_dev.jsonl``) the scorer was tuned on. The held-out figure is in the
    README and comes from ``benchmarks/check_tone.py`` on ``tone_gold.jsonl``."""
    import json
    from pathlib import Path

    from sklearn.metrics import f1_score
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    path = Path(__file__).resolve().parent.parent / "fixtures" / "tone_dev.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    gold = [r["tone"] for r in rows]
    ours = [label(mention_tone(r["sentence"], r["start"], r["end"], lexicon)) for r in rows]
    vader = SentimentIntensityAnalyzer()
    whole = [label(vader.polarity_scores(r["sentence"])["compound"]) for r in rows]
    ours_f1 = f1_score(gold, ours, average="macro")
    whole_f1 = f1_score(gold, whole, average="macro")
    assert round(ours_f1, 3) == 0.450 and round(whole_f1, 3) == 0.327


def test_the_annotator_reads_every_sentence_at_once_as_one_at_a_time(lexicon):
    """The annotator finds every sentence's tokens and valences over arrays (``_Sentences``):
    they are those of ``_tokens`` and ``_valence`` one sentence at a time, so the sentence and
    mention tones are ``sentence_tone``'s and ``mention_tone``'s (boosters, negations three
    tokens back, names, a sentence's first word, empty sentences)."""
    import json
    from pathlib import Path

    from framing.annotate.tone import _Sentences, _tokens, _valence

    path = Path(__file__).resolve().parent.parent / "fixtures" / "tone_gold.jsonl"
    texts = [json.loads(line)["sentence"] for line in path.read_text().splitlines() if line]
    texts += [
        "",
        "Not good.",
        "Very Good Smith was not very brave.",
        "Extremely bad, never ever happy, hardly kind: Hope wins.",
        "...",
        "Love",
    ]
    read = _Sentences(texts, lexicon)
    for row, text in enumerate(texts):
        tokens = _tokens(text)
        assert read.tokens(row, text) == tokens
        assert read.values(row) == [_valence(tokens, k, lexicon) for k in range(len(tokens))]
    assert read.tones().tolist() == [sentence_tone(text, lexicon) for text in texts]
    assert sum(v != 0 for v in read.valences) > 300
