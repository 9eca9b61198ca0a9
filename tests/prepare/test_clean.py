"""Cleaning steps: each removes or repairs only what it should, and records it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.prepare.clean import clean_article
from framing.prepare.duplicates import (
    MAX_SHINGLE_ARTICLES,
    fingerprint,
    near_duplicates,
    shingles,
)
from framing.prepare.language import guess_language
from framing.prepare.repair import find_dropped_apostrophes, find_glued_words
from tests.conftest import BODY, examples


def steps(cleaned) -> list[str]:
    return [change.step for change in cleaned.changes]


def test_captions_and_credits_removed():
    caption = "Troops are seen in Donetsk, Feb. 18, 2022. (Reuters File Photo)"
    body = f"{caption}\n{BODY}\nImage copyright Getty Images"
    cleaned = clean_article(body)
    assert cleaned.text == BODY
    assert steps(cleaned) == ["caption", "caption"]


def test_promotional_footer_removed_only_when_short_or_at_the_end():
    long_reporting = (
        BODY + " Readers can click here for the filing, which runs to 40 pages. " + BODY
    )
    others = "\n".join(f"{BODY} Paragraph {n}." for n in range(3))
    body = f"{long_reporting}\n{others}\nSubscribe now for full access to our reporting."
    cleaned = clean_article(body)
    assert "Subscribe now" not in cleaned.text
    assert "click here for the filing" in cleaned.text  # a long paragraph of reporting stays
    assert steps(cleaned) == ["promotion"]


def test_repeated_title_and_lead_with_dateline():
    lead = "Accusations that Russia is creating a pretext to invade Ukraine lack any substance."
    body = f"Russia denounces allegations\n{lead}\nTEHRAN (Iran News) – {lead}\nMore text follows."
    cleaned = clean_article(body, title="Russia denounces allegations")
    assert cleaned.text == f"{lead}\n\nMore text follows."
    assert cleaned.dateline == "TEHRAN (Iran News)"
    assert steps(cleaned) == ["repeated_title", "dateline", "repeated_paragraph"]


def test_datelines_of_wire_services():
    for opening, dateline in [
        ("WASHINGTON (AP) — ", "WASHINGTON (AP)"),
        ("BRIDGEWATER, N.J. (Reuters) - ", "BRIDGEWATER, N.J. (Reuters)"),
        ("MOSCOW – ", "MOSCOW"),
    ]:
        assert clean_article(opening + BODY).dateline == dateline
    assert clean_article("NATO said on Monday – after talks – that it would stay.").dateline is None


def test_broken_paragraph_joined():
    cleaned = clean_article("Ryabkov told local\n\nmedia his country may act. Next sentence.")
    assert cleaned.text == "Ryabkov told local media his country may act. Next sentence."
    assert steps(cleaned) == ["broken_paragraph"]


def test_invisible_characters_normalised_and_recorded():
    cleaned = clean_article(
        "Kyiv\u00a0and\u200b Moscow\ttalked about the war for a long time today."
    )
    assert cleaned.text == "Kyiv and Moscow talked about the war for a long time today."
    assert steps(cleaned) == ["normalise"]


def test_clean_text_records_nothing():
    cleaned = clean_article(BODY)
    assert cleaned.text == BODY and cleaned.changes == []


def test_glued_words_split_only_when_clear():
    text = "Russia denies it. Russiais saying thatRussiawas istraveling for talkswith NATO."
    assert [(r.original, r.replacement) for r in find_glued_words(text)] == [
        ("Russiais", "Russia is"),
        ("thatRussiawas", "that Russia was"),
        ("istraveling", "is traveling"),
        ("talkswith", "talks with"),
    ]
    # names, brands and derived words unknown to wordfreq are left alone
    names = (
        "Konashenkov in Moschun met McConnell at QuickTake; outraise, decadeslong, disrespector."
    )
    assert find_glued_words(names) == []


def test_glued_name_needs_the_article_to_use_the_name_alone():
    assert find_glued_words("Gripas was here with the team.") == []
    assert [r.replacement for r in find_glued_words("Russia said. Russiais here.")] == ["Russia is"]
    assert find_glued_words("The Coaston report said so, and the guards agreed.") == []


def test_dropped_apostrophes_flagged_but_plurals_not():
    text = "Ukraine said no. Ukraines eastern border is tense; the Americas and the Obamas agree."
    assert [(r.original, r.replacement) for r in find_dropped_apostrophes(text)] == [
        ("Ukraines", "Ukraine's"),
    ]


def test_exact_and_near_duplicates():
    a = [BODY, "The second sentence of the wire story is long enough to count."]
    b = [*a, "An extra sentence that only this reprint has added at the end."]
    assert near_duplicates(
        [("a", shingles(a)), ("b", shingles(b)), ("c", shingles([BODY[:30]]))]
    ) == [("a", "b", 1.0)]
    prints = [fingerprint(t) for t in ("Same  text.", "same text.", "Other text.")]
    assert prints[0] == prints[1] != prints[2]


def test_language_guess():
    assert guess_language(BODY * 2) == "en"
    spanish = (
        "Los funcionarios de la capital dijeron el lunes que las conversaciones se "
        "reanudarían la próxima semana y que el ministerio tenía pruebas de los ataques."
    )
    assert guess_language(spanish * 2) == "es"
    assert guess_language("Too short") == "und"


def test_cleaning_never_removes_an_articles_last_text():
    for item in ("SEE ALSO: The talks in Geneva, in one place", "Subscribe to our daily briefing"):
        cleaned = clean_article(item)
        assert cleaned.text == item
        assert [(c.action, c.reason) for c in cleaned.changes] == [("flagged", "kept_last_text")]


def test_an_article_that_loses_most_of_its_words_is_flagged_with_what_went():
    promo = "Subscribe to our newsletter for the best of the week delivered to you every day."
    body = f"{promo}\nRead more: the full archive of our coverage on this topic.\nThe talks failed."
    cleaned = clean_article(body)
    assert cleaned.text == "The talks failed."
    flag = cleaned.changes[-1]
    assert (flag.action, flag.reason) == ("flagged", "heavily_cleaned")
    assert flag.detail == (
        "cleaning removed 90% of the words (26 of 29): 2 promotion paragraph(s); "
        "check that no reporting went with it"
    )
    repeated = f"{BODY}\n{BODY}"  # a repeat loses nothing: not flagged
    assert "heavily_cleaned" not in {c.reason for c in clean_article(repeated).changes}


def _near_duplicates_by_dictionary(sets, threshold):
    """The rule of ``near_duplicates`` spelled out with a dictionary, as it was first written."""
    index: dict[int, list[str]] = {}
    for article_id, own in sets:
        for value in own:
            index.setdefault(value, []).append(article_id)
    shared: dict[tuple[str, str], int] = {}
    for holders in index.values():
        if 1 < len(holders) <= MAX_SHINGLE_ARTICLES:
            for i, left in enumerate(holders):
                for right in holders[i + 1 :]:
                    shared[(left, right)] = shared.get((left, right), 0) + 1
    size = dict(sets)
    return sorted(
        (a, b, round(n / min(len(size[a]), len(size[b])), 3))
        for (a, b), n in shared.items()
        if n / min(len(size[a]), len(size[b])) >= threshold
    )


@settings(max_examples=examples(60))
@given(
    st.lists(
        st.frozensets(st.integers(0, 2**64 - 1) | st.integers(0, 40), max_size=30), max_size=70
    ),
    st.sampled_from([0.1, 0.5, 0.9]),
)
def test_near_duplicates_equal_the_rule_spelled_out(sets, threshold):
    named = [(f"z{len(sets) - i:03d}", own) for i, own in enumerate(sets)]  # ids not in order
    assert near_duplicates(named, threshold=threshold) == _near_duplicates_by_dictionary(
        named, threshold
    )


def test_near_duplicates_leave_out_boilerplate_shared_by_many():
    common = frozenset(range(5))
    sets = [(f"a{i:02d}", common | {100 + i}) for i in range(MAX_SHINGLE_ARTICLES + 1)]
    assert near_duplicates(sets) == []  # 51 holders: boilerplate
    assert near_duplicates(sets[:MAX_SHINGLE_ARTICLES])[:2] == [
        ("a00", "a01", round(5 / 6, 3)),
        ("a00", "a02", round(5 / 6, 3)),
    ]
    assert len(near_duplicates(sets[:MAX_SHINGLE_ARTICLES])) == 50 * 49 // 2
