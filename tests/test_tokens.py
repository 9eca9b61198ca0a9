from framing.tokens import count_words, iter_token_spans, normalize_term, terms, tokenize


def test_tokens_keep_hyphens_apostrophes_numbers_and_initialisms():
    text = "Pro-Moscow forces didn't fire 3.2 shells at 29,650 U.S. troops at 5 p.m."
    assert tokenize(text) == [
        "Pro-Moscow",
        "forces",
        "didn't",
        "fire",
        "3.2",
        "shells",
        "at",
        "29,650",
        "U.S.",
        "troops",
        "at",
        "5",
        "p.m.",
    ]


def test_punctuation_is_never_a_token():
    assert tokenize("“Yes!” — (no) … ; ’") == ["Yes", "no"]


def test_terms_lowercase_and_strip_possessives_with_either_apostrophe():
    assert terms("Russia’s RUSSIA's Russia the States' Kyiv") == [
        "russia",
        "russia",
        "russia",
        "the",
        "states",
        "kyiv",
    ]


def test_contractions_are_kept_and_curly_apostrophes_straightened():
    assert normalize_term("Don’t") == "don't"
    assert normalize_term("it's") == "it"  # possessive and "it is" are not told apart: documented


def test_initialism_possessive():
    assert terms("the U.N.'s report") == ["the", "u.n.", "report"]


def test_count_words_matches_tokenize_and_spans_index_the_text():
    text = "Kiev’s troops — and Kyiv's allies — met in Donbas."
    assert count_words(text) == len(tokenize(text)) == 8
    assert [text[s:e] for s, e in iter_token_spans(text)] == tokenize(text)


def test_non_latin_words_are_tokens():
    assert tokenize("Москва и Київ") == ["Москва", "и", "Київ"]
