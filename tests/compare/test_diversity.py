from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare import (
    CompareOptions,
    bootstrap_ci,
    count_syllables,
    flesch_reading_ease,
    mattr,
    outlet_metrics,
    text_metrics,
)


def _naive_mattr(tokens, window):
    windows = [tokens[s : s + window] for s in range(len(tokens) - window + 1)]
    return float(np.mean([len(set(w)) / window for w in windows]))


def test_mattr_known_values():
    assert mattr(["a", "b", "a", "b"], window=2) == 1.0  # every window {a, b}
    assert mattr(["a", "a", "a", "b"], window=2) == pytest.approx(4 / 6)  # 1, 1, 2 of 2
    assert np.isnan(mattr(["a", "b", "a"], window=50))  # shorter than the window: no MATTR
    assert np.isnan(mattr([], window=50))
    rng = np.random.default_rng(0)
    tokens = list(rng.choice(list("abcdefghij"), size=300))
    assert mattr(tokens, 50) == pytest.approx(_naive_mattr(tokens, 50))
    assert mattr(tokens, 7) == pytest.approx(_naive_mattr(tokens, 7))


# Common words with their syllables, counted by hand (as dictionaries divide them); the first
# eight are words the rules alone got wrong (issue 14), each one syllable short.
COMMON_WORDS = {
    "being": 2,
    "idea": 3,
    "area": 3,
    "create": 2,
    "science": 2,
    "video": 3,
    "trying": 2,
    "everything": 3,
    "cat": 1,
    "the": 1,
    "make": 1,
    "makes": 1,
    "jumped": 1,
    "free": 1,
    "table": 2,
    "people": 2,
    "boxes": 2,
    "wanted": 2,
    "language": 2,
    "media": 3,
    "government": 3,
    "yesterday": 3,
    "situation": 4,
    "immigration": 4,
    "readability": 5,
    "president": 3,
    "ukraine": 2,
    "2022": 0,
}


@pytest.mark.parametrize(("word", "syllables"), COMMON_WORDS.items(), ids=list(COMMON_WORDS))
def test_syllables(word, syllables):
    assert count_syllables(word) == syllables


def test_the_dictionary_fixes_what_the_rules_get_wrong():
    from framing.compare.diversity import rule_syllables

    missed = [w for w, n in COMMON_WORDS.items() if n and rule_syllables(w) != n]
    assert missed == ["being", "idea", "area", "create", "science", "video", "trying", "everything"]


def test_flesch_known_strings():
    # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1 = 116.145
    assert flesch_reading_ease("The cat sat on the mat.", 1) == pytest.approx(116.145)
    # "Immigration legislation remains controversial." 4 words,
    # im-mi-gra-tion 4 + leg-is-la-tion 4 + re-mains 2 + con-tro-ver-sial 4 = 14 syllables:
    # 206.835 - 1.015 * 4 - 84.6 * 14 / 4 = 206.835 - 4.06 - 296.1 = -93.325
    text = "Immigration legislation remains controversial."
    assert flesch_reading_ease(text, 1) == pytest.approx(-93.325)


def test_text_and_outlet_metrics_with_intervals():
    arts = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "b1"],
            "outlet": ["A", "A", "A", "B"],
            "n_sentences": [1, 1, 2, 1],
            "text": [
                "The cat sat on the mat.",
                "A dog ran to the park and back.",
                "Officials said. Nothing else happened.",
                "Immigration legislation remains controversial.",
            ],
        }
    )
    per_article = text_metrics(arts)
    assert per_article["n_words"].tolist() == [6, 8, 5, 4]
    assert per_article["mattr"].isna().all()  # every text is shorter than the 50-token window
    assert per_article["mattr_missing"].iloc[0] == "shorter than the 50-token window (6 tokens)"
    assert per_article["flesch_reading_ease"].iloc[0] == pytest.approx(116.145)
    table = outlet_metrics(per_article, options=CompareOptions(n_boot=200, seed=7))
    b = table[(table["group"] == "B") & (table["metric"] == "mattr")].iloc[0]
    assert b["n_articles"] == 1 and b["n_values"] == 0 and b["small_sample"]
    assert np.isnan(b["mean"]) and np.isnan(b["ci_low"])
    a = table[(table["group"] == "A") & (table["metric"] == "words_per_sentence")].iloc[0]
    assert a["mean"] == pytest.approx((6 + 8 + 2.5) / 3)
    assert np.isnan(a["ci_low"]) and np.isnan(a["ci_high"])  # 3 articles: no interval
    again = outlet_metrics(per_article, options=CompareOptions(n_boot=200, seed=7))
    pd.testing.assert_frame_equal(table, again)


def test_bootstrap_is_deterministic():
    values = np.arange(20, dtype=float)
    first = bootstrap_ci(values, n_boot=500, seed=42)
    assert first == bootstrap_ci(values, n_boot=500, seed=42)
    assert first != bootstrap_ci(values, n_boot=500, seed=43)
    assert first[0] == 9.5 and first[1] < 9.5 < first[2]
    assert np.isnan(bootstrap_ci([3.0], seed=0)[1])


def test_every_article_at_once_gives_the_numbers_of_one_at_a_time(seed_corpus):
    """``text_metrics`` reads articles as one array (``_ArticleTerms``), a chunk at a time: its
    MATTR, words and syllables are those of ``mattr`` and ``_counts`` on each article's
    ``terms``."""
    from framing.compare.diversity import _article_counts, _ArticleTerms, _counts, mattr
    from framing.tokens import terms

    texts = seed_corpus.articles["text"].tolist() + ["", "3.2 4,5", "Kiev Kiev’s KIEV kiev " * 30]
    together = _ArticleTerms(texts)
    for window in (50, 5, 1):
        windows = together.mattr_windows(window)
        for k, text in enumerate(texts):
            tokens = terms(text)
            n_tokens, words, syllables = together.counts(k)
            assert (n_tokens, words, 1, syllables) == (len(tokens), *_counts(text, 1, tokens))
            expected = mattr(tokens, window)
            if n_tokens >= window and n_tokens:
                assert float(windows[k] / ((n_tokens - window + 1) * window)) == expected
            else:
                assert np.isnan(expected)
        chunked = _article_counts(texts, window, chunk_characters=500)
        assert chunked == [(*together.counts(k), windows[k]) for k in range(len(texts))]
