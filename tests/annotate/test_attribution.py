"""Attribution: the patterns news uses to say who said what (one sentence or a few each)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.annotate import ATTRIBUTION, attribute_article
from framing.annotate.attribution import lexicon_from
from framing.annotate.base import DataFiles
from framing.annotate.quote_marks import _kind, _marks, find_quotes
from framing.prepare.sentences import split_sentences

LEXICON = lexicon_from(DataFiles(ATTRIBUTION.data_files))
PAIRS, _ = _marks((("“", "”"), ('"', '"'), ("‘", "’")))


def attributed(text: str) -> list[tuple[str, str, str, str]]:
    """(quoted text, speaker, verb, kind) of each quotation and indirect attribution."""
    sentences, paragraph, at = [], 0, 0
    for span in split_sentences(text):
        paragraph += text.count("\n", at, span.start)
        at = span.start
        sentences.append((span.start, span.end, paragraph, len(sentences)))
    quotes = [
        (s, e, not text[e:].split("\n", 1)[0].strip(), _kind(text[s:e], len(text[s:e].split()), 4))
        for s, e, _ in find_quotes(text, PAIRS)
    ]
    rows, _ = attribute_article(text, sentences, quotes, LEXICON)
    return [
        (
            text[r.start : r.end],
            r.cue.speaker if r.cue else "",
            r.cue.verb if r.cue else "",
            r.kind,
        )
        for r in rows
    ]


def speakers(text: str) -> list[str]:
    return [speaker for _, speaker, _, kind in attributed(text) if kind != "indirect"]


@pytest.mark.parametrize(
    ("text", "speaker", "verb"),
    [
        ("“We will not go back,” Jane Doe said.", "Jane Doe", "say"),
        ("“We will not go back,” said Jane Doe.", "Jane Doe", "say"),
        ("Jane Doe told reporters: “We will not go back.”", "Jane Doe", "tell"),
        ("Jane Doe said in a statement, “We will not go back.”", "Jane Doe", "say"),
        ("“We will not go back,” Jane Doe wrote on Twitter.", "Jane Doe", "write"),
        ("“We will not go back,” Jane Doe wrote on Telegram.", "Jane Doe", "write"),
        ("According to Jane Doe, “we will not go back.”", "Jane Doe", "according to"),
        (
            "“We will not go back,” Jane Doe, a spokesman for the ministry, said.",
            "Jane Doe",
            "say",
        ),
        ("“We will not go back,” Kremlin spokesman Dmitry Peskov said.", "Dmitry Peskov", "say"),
        (
            "“We will not go back,” the ministry's spokesman Major General Igor Konashenkov said.",
            "Igor Konashenkov",
            "say",
        ),
        ("The senator's spokeswoman, Jane Roe, said: “We will not go back.”", "Jane Roe", "say"),
        ("Jane Doe, The Daily Planet: “We will not go back.”", "Jane Doe", ""),
        (
            "Jane Doe returned to the stage and declared, “We will not go back.”",
            "Jane Doe",
            "declare",
        ),
        ("“We will not go back,” Jane Doe interjected.", "Jane Doe", "interject"),
        ("“We will not go back,” Jane Doe quipped.", "Jane Doe", "quip"),
        ("“We will not go back,” Jane Doe tweeted.", "Jane Doe", "tweet"),
        ("“We will not go back,” the embassy said.", "embassy", "say"),
        ("“We will not go back,” Sen. Jane Roe (D-Mass.) said.", "Jane Roe", "say"),
        (
            "“We will not go back,” said U.S. Secretary of State Antony Blinken.",
            "Antony Blinken",
            "say",
        ),
        ("“We will not go back,” Roe, who chairs the panel, said Monday.", "Roe", "say"),
        ("“We will not go back,” Jane Doe — who was there — said.", "Jane Doe", "say"),
        (
            "“We will not go back,” a spokeswoman for the university said.",
            "a spokeswoman for the university",
            "say",
        ),
        (
            "“We will not go back,” Dan Baker, a retiree from Boynton Beach, Fla., said.",
            "Dan Baker",
            "say",
        ),
    ],
)
def test_speaker_patterns(text, speaker, verb):
    (quote, found, found_verb, kind), *_ = attributed(text)
    assert quote.startswith(("We will", "we will"))
    assert (found, found_verb) == (speaker, verb)


def test_pronouns_and_it_added_take_the_nearest_fitting_earlier_speaker():
    text = (
        "Jane Doe met the ministry's officials on Monday.\n"
        "“The talks failed,” the Foreign Ministry said in a statement. “We regret it,” it added.\n"
        "“I am disappointed,” she said. “We will try again,” she continued."
    )
    assert speakers(text) == ["Foreign Ministry", "Foreign Ministry", "Jane Doe", "Jane Doe"]


def test_surnames_titles_and_the_registry_group_variants_of_one_speaker():
    text = (
        "Russian Foreign Minister Sergei Lavrov spoke in Moscow.\n"
        "“We see no grounds,” Lavrov said.\n"
        "“There is nothing to discuss,” the Russian foreign minister added."
    )
    rows = attributed(text)
    assert [r[1] for r in rows] == ["Sergey Lavrov", "Sergey Lavrov"]  # the registry's spelling


def test_quotes_across_paragraphs_take_the_attribution_of_the_chain():
    text = (
        "“The first part of what she said goes on,\n"
        "“and the second part ends here,” Jane Doe said.\n"
        "“A new quote in a new paragraph.”"
    )
    assert speakers(text) == ["Jane Doe", "Jane Doe", "Jane Doe"]


def test_partial_quotes_and_scare_quotes():
    rows = attributed(
        "Jane Doe called the plan “reckless” and “dangerous.” "
        "The “liberation” of the city began on Monday. "
        "Critics of the so-called “peace plan” met on Tuesday."
    )
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("reckless", "Jane Doe", "partial"),
        ("dangerous.", "Jane Doe", "partial"),
        ("liberation", "", "partial"),
        ("peace plan", "", "partial"),
    ]


def test_titles_in_quotation_marks_are_nobodys_words():
    rows = attributed("Jane Doe told MSNBC’s “Morning Joe” that the vote would fail.")
    assert ("Morning Joe", "", "", "partial") in rows


def test_indirect_speech():
    rows = attributed(
        "Jane Doe said that the talks had failed. "
        "According to the ministry, 40 people died. "
        "Moscow is preparing a pretext, U.S. officials claimed."
    )
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("the talks had failed", "Jane Doe", "say", "indirect"),
        ("40 people died", "ministry", "according to", "indirect"),
        ("Moscow is preparing a pretext", "U.S. officials", "claim", "indirect"),
    ]


def test_nouns_and_passives_are_not_reporting_verbs():
    rows = attributed(
        "Russia's claims were rejected. The intelligence, first reported by CNN, was new. "
        "White House press secretary Jen Psaki called for calm."
    )
    assert rows == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will,” she said, “go back.” Jane Doe left.", ["", ""]),
        ("Jane Doe spoke. “We will,” she said, “go back.”", ["Jane Doe", "Jane Doe"]),
        ("“Why now?” asked Jane Doe.", ["Jane Doe"]),
        ("“We will go back,” Jane Doe, 45, said.", ["Jane Doe"]),
        ("“We will go back,” said Jane Doe, the group's director.", ["Jane Doe"]),
        ("“We will go back,” officials said.", ["officials"]),
        ("“We will go back,” the Pentagon said.", ["Pentagon"]),
        (
            "“We will go back,” the official, who spoke on condition of anonymity, said.",
            ["official"],
        ),
        ("Jane Doe said on Monday:\n“We will go back.”", ["Jane Doe"]),
        ("“We will go back,” Jane Doe said. “It is our home.”", ["Jane Doe", "Jane Doe"]),
        (
            "“We will go back,” Jane Doe said.\n“It is our home.”\nJohn Roe disagreed.",
            ["Jane Doe", "Jane Doe"],
        ),
        ("“We will go back,” Jane Doe was quoted as saying.", ["Jane Doe"]),
    ],
)
def test_more_news_patterns(text, expected):
    assert speakers(text) == expected


def test_it_added_after_a_participle():
    rows = attributed("“We will go back,” Jane Doe said, adding that the talks had failed.")
    assert rows[1][1:] == ("Jane Doe", "add", "indirect")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will go back,” Glen Bolger, a Republican pollster told reporters.", ["Glen Bolger"]),
        ("“We will go back,” said GOP Rep. Tom Reed of New York.", ["Tom Reed"]),
        ("“We will go back,” Vox’s Zack Beauchamp wrote.", ["Zack Beauchamp"]),
        ("Zack Beauchamp at Vox called it “the speech of the decade.”", ["Zack Beauchamp"]),
        (
            "The Anti-Defamation League tracks hate symbols. “We will go back,” the ADL said.",
            ["Anti-Defamation League"],
        ),
        ("Trump: protesters would be met with “vicious dogs” at the fence", ["Donald Trump"]),
        ("Sanders aide Briahna Joy Gray mused, “We will go back.”", ["Briahna Joy Gray"]),
        (
            "The claim came from Trump's earlier claim on Saturday that protesters were "
            "“professionally organized.”",
            ["Donald Trump"],
        ),
        (
            "Jane Roe, a spokeswoman, met John Doe. “We will go back,” she said.",
            ["Jane Roe"],
        ),
    ],
)
def test_names_and_pronouns_in_harder_places(text, expected):
    assert speakers(text) == expected


def test_a_verb_after_an_introductory_clause_is_not_an_appositive():
    text = "In a comparison that must sting Trump, the board said Trump is “trafficking in trash.”"
    assert speakers(text) == ["board"]


@given(st.text("saidxé- \n.", max_size=40), st.sampled_from(["said", "s", "aid", "saidsaid"]))
def test_a_cue_word_is_found_where_the_runs_of_letters_hold_it(text, word):
    """Sentences with a cue word are found by ``str.find`` of each cue word present: the runs
    of ``[a-z]`` that ``_WORDS`` reads equal to it, no other."""
    from framing.annotate.attribution.speakers import _whole_word_at
    from framing.annotate.attribution.words import _WORDS

    expected = [m.start() for m in _WORDS.finditer(text) if m.group() == word]
    assert _whole_word_at(word, text) == expected


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=6),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=6),
)
def test_a_sentence_is_quoted_when_a_quotation_overlaps_it(quotes, sentences):
    """``quoted`` (by bisection over the quotations) is the plain test over every quotation,
    whatever their order, nesting or emptiness."""
    from framing.annotate.attribution.words import _LazyTokens

    tokens = _LazyTokens("x" * 40, sentences, quotes)
    for index, (start, end) in enumerate(sentences):
        expected = any(q_start < end and q_end > start for q_start, q_end in quotes)
        assert tokens.quoted(index) == expected
