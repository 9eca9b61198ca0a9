"""Boilerplate learned per outlet: lines printed across stories go, reporting stays, all logged."""

from __future__ import annotations

import pytest

import framing
from framing.config import Config, PrepareOptions
from framing.errors import ConfigError
from framing.prepare import clean_article
from framing.prepare.boilerplate import Boilerplate, learn_boilerplate, line_key

SIGNUP = "Get the Monitor stories you care about delivered to your inbox."
STORIES = [
    "The council approved the budget on Tuesday after a long debate.",
    "Flooding closed three roads near the river, officials said.",
    "The mayor announced a new transit plan for the eastern suburbs.",
    "Teachers voted to accept the contract offer by a wide margin.",
]


def _story(n: int) -> str:
    """A story of four paragraphs of its own."""
    return "\n".join(f"{STORIES[n]} Paragraph {p} of story {n}." for p in "abcd")


def test_a_line_in_three_stories_of_one_outlet_is_boilerplate():
    bodies = [f"{_story(i)}\n{SIGNUP}\nUpdated at {i}:15 p.m. ET" for i in range(3)]
    found = learn_boilerplate(bodies, ["X"] * 3, ["a", "b", "c"])
    assert found[0] == {
        line_key(SIGNUP): Boilerplate(3, 3),
        "updated at 0:0 p.m. et": Boilerplate(3, 3),  # digits do not make a short line new
    }
    # a longer line keeps its digits: "fired 12 missiles" and "fired 30 missiles" differ
    assert "12" in line_key(
        "Russia fired 12 missiles at the city overnight, the regional governor said on Tuesday"
    )


def test_versions_of_one_untitled_story_count_once():
    quote = '"This is a false flag operation," the defence minister told reporters.'
    background = "The region has seen shelling on both sides of the line since 2014."
    versions = [
        f"{lead}\n{quote}\n{background}\nMore details will follow."
        for lead in ("Shelling hit a school.", "Shelling hit a school, officials say.", "UPDATE:")
    ]
    assert learn_boilerplate(versions, ["Wire"] * 3, [None] * 3) == [{}, {}, {}]
    # three different stories printing the same sign-up line still teach it
    stories = [f"{_story(i)}\n{SIGNUP}" for i in range(3)]
    assert learn_boilerplate(stories, ["Wire"] * 3, [None] * 3)[2] == {
        line_key(SIGNUP): Boilerplate(3, 3)
    }


def test_reporting_is_not_learned():
    # two stories are not enough; updated versions of one story (same title) count once;
    # another outlet's printing does not count; a long repeated paragraph is background
    long_line = " ".join(["word"] * 61)
    bodies = [f"{story}\n{long_line}" for story in STORIES[:3]]
    assert learn_boilerplate(bodies, ["X"] * 3, ["a", "b", "c"]) == [{}, {}, {}]
    same_story = learn_boilerplate([STORIES[1]] * 3, ["X"] * 3, ["Floods", "Floods", "floods"])
    assert same_story == [{}, {}, {}]
    split = learn_boilerplate([STORIES[2]] * 3, ["X", "X", "Y"], ["a", "b", "c"])
    assert split == [{}, {}, {}]


def test_untitled_articles_count_by_text():
    bodies = [f"{s}\nShare this:" for s in STORIES[:3]]
    assert learn_boilerplate(bodies, ["X"] * 3, [None, "", None])[1] == {
        "share this:": Boilerplate(3, 3)
    }


def test_cleaning_removes_learned_lines_and_galleries_and_says_so():
    body = (
        f"{STORIES[0]}\n{SIGNUP}\n"
        "Photos: Storm damage Hide Caption 1 of 12 Photos: Storm damage A fallen tree in the park"
    )
    cleaned = clean_article(body, boilerplate={line_key(SIGNUP): Boilerplate(1160, 1300)})
    assert cleaned.text == STORIES[0]
    assert [(c.step, c.action) for c in cleaned.changes][:2] == [
        ("boilerplate", "removed"),
        ("gallery", "removed"),
    ]
    assert "prints it in 1,160 of its 1,300 stories" in cleaned.changes[0].detail


def _corpus(make_corpus):
    files = {
        f"monitor/{i}.txt": f"Headline {'ABCD'[i]}\n{story} More text follows here.\n{SIGNUP}"
        for i, story in enumerate(STORIES)
    }
    files["other/a.txt"] = f"Other headline\n{STORIES[0]}\n{SIGNUP}"
    return make_corpus(files)


def test_load_corpus_removes_and_logs_per_outlet(make_corpus):
    root = _corpus(make_corpus)
    corpus = framing.load_corpus(root)
    texts = corpus.articles.set_index("outlet")["text"]
    assert SIGNUP not in " ".join(texts["monitor"])
    assert SIGNUP in texts["other"]  # one article of its outlet: nothing to learn from
    removed = corpus.log[corpus.log["reason"] == "boilerplate"]
    assert len(removed) == 4 and removed["detail"].str.contains("in 4 of its 4 stories").all()
    off = framing.load_corpus(
        root, config=Config(prepare=PrepareOptions(boilerplate_min_articles=0))
    )
    assert (off.log["reason"] == "boilerplate").sum() == 0


@pytest.mark.parametrize("bad", [1, -1, 2.5, True])
def test_min_articles_is_checked(bad):
    with pytest.raises(ConfigError, match="boilerplate_min_articles"):
        PrepareOptions(boilerplate_min_articles=bad)


@pytest.mark.parametrize(
    ("line", "step"),
    [
        (
            "JUST WATCHED Supreme Court to decide future of DACA Replay More Videos ... "
            "MUST WATCH Supreme Court to decide future of DACA 01:29",
            "gallery",
        ),
        ("Media playback is unsupported on your device Media caption The lost weeks", "caption"),
        ("Image copyright Reuters Image caption Dan Coats clashed with the president", "caption"),
        ("FILE PHOTO: A voter casts a ballot in Miami. REUTERS/Hans Deryk", "caption"),
    ],
)
def test_players_and_captions_one_article_shows(line, step):
    cleaned = clean_article(f"{STORIES[0]}\n{line}\n{STORIES[1]}")
    assert cleaned.text == f"{STORIES[0]}\n\n{STORIES[1]}"
    assert [c.step for c in cleaned.changes if c.action == "removed"] == [step]


def test_reporting_that_mentions_a_photo_stays():
    body = f"{STORIES[0]}\nThe file photo shows the minister at the border in 2019, aides said."
    assert clean_article(body).changes == []


def test_a_flattened_article_that_begins_with_a_gallery_stays():
    story = " ".join(f"{STORIES[i % 4]}" for i in range(30))  # 300+ words in one paragraph
    body = f"Photos: Storm damage Hide Caption 1 of 12 {story}\n{STORIES[1]}"
    cleaned = clean_article(body)
    assert cleaned.text.startswith("Photos: Storm damage") and cleaned.changes == []
    gallery = " ".join(f"Hide Caption {i} of 12 Photos: {STORIES[i % 4]}" for i in range(1, 13))
    assert [c.step for c in clean_article(f"{story}\n{gallery}").changes] == ["gallery"]
