"""Naming: variants found on whole words, counted per outlet; spellings nobody listed discovered."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

import framing
from framing.annotate.naming import variants_from_records
from framing.compare.naming import naming_candidates
from framing.errors import ConfigError
from tests.conftest import ROOT

RECORDS = [
    {"concept": "Kyiv", "variant": "Kyiv", "kind": "spelling"},
    {"concept": "Kyiv", "variant": "Kiev", "kind": "spelling"},
    {"concept": "groups", "variant": "separatists", "kind": "label"},
    {"concept": "groups", "variant": "Russian-backed separatists", "kind": "label"},
    {"concept": "republics", "variant": "people's republics", "kind": "label"},
]


def test_variants_match_whole_words_longest_first():
    variants = variants_from_records(RECORDS)
    text = (
        "Kiev's mayor and Kiev-based aides met Kievan scholars; Russian‑backed separatists "
        "and separatists of the people’s republics."
    )
    found = [(text[s:e], concept, variant) for s, e, concept, variant, _ in variants.find(text)]
    assert found == [
        ("Kiev", "Kyiv", "Kiev"),
        ("Kiev", "Kyiv", "Kiev"),
        ("Russian‑backed separatists", "groups", "Russian-backed separatists"),
        ("separatists", "groups", "separatists"),
        ("people’s republics", "republics", "people's republics"),
    ]


def test_a_variant_under_two_concepts_is_an_error():
    with pytest.raises(ConfigError, match="'Kiev' is listed under two concepts"):
        variants_from_records([*RECORDS, {"concept": "city", "variant": "Kiev", "kind": "label"}])


def test_seed_naming_per_outlet_with_quotes_and_examples(seed_result):
    naming = seed_result.tables["naming"].set_index(["concept", "variant", "outlet"])
    assert naming.loc[("Kyiv", "Kiev", "RT"), ["count", "share"]].tolist() == [6, 1.0]
    assert naming.loc[("Kyiv", "Kyiv", "SOFREP"), "count"] == 2
    assert naming.loc[("Donbas", "Donbas", "SOFREP"), ["count", "quoted"]].tolist() == [5, 2]
    sergei = naming.loc[("Sergei (first name)", "Sergei", "The Hill")]
    assert (sergei["count"], sergei["concept_count"], sergei["share"]) == (1, 2, 0.5)
    # the example sentence holds the variant
    row = naming.loc[("Luhansk", "Lugansk", "RT")]
    sentences = seed_result.sentences.set_index(["article_id", "sentence_id"])["text"]
    assert "Lugansk" in sentences[(row["example_article_id"], row["example_sentence_id"])]


def test_discovery_finds_the_spelling_pairs_nobody_listed(seed_result):
    found = naming_candidates(seed_result.sentences, seed_result.articles, listed=set())
    pairs = found[["variant_a", "variant_b"]].values.tolist()
    assert pairs == [
        ["Kiev", "Kyiv"],
        ["Lugansk", "Luhansk"],
        ["Donbas", "Donbass"],
        ["Sergei", "Sergey"],
    ]
    assert found["outlets_a"].iloc[0] == "RT (6)"
    assert found["outlets_b"].iloc[0] == "SOFREP (2); The Hill (1)"
    # listed pairs are not proposed again
    assert (
        naming_candidates(seed_result.sentences, seed_result.articles, {"kiev", "kyiv"}).shape[0]
        == 3
    )


def test_without_the_seeds_own_naming_file_sergei_is_proposed(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "lexicons" / "naming.csv").unlink()
    result = framing.analyze(corpus)
    candidates = result.tables["naming_candidates"]
    assert candidates[["variant_a", "variant_b"]].values.tolist() == [["Sergei", "Sergey"]]
    assert "Naming" in result.report(timestamp="T")


def test_common_words_and_inflections_are_not_candidates():
    sentences = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "outlet": ["X", "Y", "X", "Y"],
            "sentence_id": [0, 0, 0, 0],
            "text": [
                "Officials in Iran met. Russian troops left.",
                "Officials in Iraq met. Russians troops left.",
                "Then Donbass shelling went on, said Kiev.",
                "Then Donbas shelling went on, said Kyiv.",
            ],
        }
    )
    articles = pd.DataFrame({"article_id": list("abcd"), "outlet": list("XYXY")})
    found = naming_candidates(sentences, articles, set())
    assert found[["variant_a", "variant_b"]].values.tolist() == [
        ["Donbas", "Donbass"],
        ["Kiev", "Kyiv"],
    ]


def test_prefixes_and_unusual_capitals_still_match():
    variants = variants_from_records(RECORDS + [{"concept": "IS", "variant": "ISIS"}])
    found = [(v, c) for _, _, c, v, _ in variants.find("İSIS and pro-Kiev forces; anti-ISIS")]
    assert found == [("ISIS", "IS"), ("Kiev", "Kyiv"), ("ISIS", "IS")]


def test_a_corpus_row_removes_a_packaged_variant_whatever_its_case(make_corpus):
    root = make_corpus(
        {
            "a/1.txt": "Title one\nOfficials in Kiev said on Monday that talks would go on "
            "for another week at least, according to the ministry statement.",
            "lexicons/naming.csv": "concept,variant,kind,type\nKyiv,kiev,spelling,remove\n",
        }
    )
    result = framing.analyze(root)
    assert "Kiev" not in set(result.tables["naming"]["variant"])


def test_report_escapes_names_once(seed_result):
    from framing.render.sections.naming import _summary

    wide = pd.DataFrame({"Kiev": [2]}, index=["Outlet_A & Co"])
    assert str(_summary(wide)) == "Outlet\\_A &amp; Co (2 of 2): mostly *Kiev*."


def test_in_a_large_corpus_spellings_must_keep_the_same_company(monkeypatch):
    import framing.compare.naming as naming

    monkeypatch.setattr(naming, "LARGE_CORPUS", 2)
    monkeypatch.setattr(naming, "BUSY_NAMES", 0)
    sentences = pd.DataFrame(
        {
            "article_id": list("abcd"),
            "outlet": list("XYXY"),
            "sentence_id": [0] * 4,
            "text": [
                "Then Sergei Lavrov spoke, and Manchin voted.",
                "Then Sergey Lavrov spoke, and Mnuchin answered.",
                "Later Sergei Lavrov left; Joe Manchin stayed.",
                "Later Sergey Lavrov left; Steven Mnuchin stayed.",
            ],
        }
    )
    articles = pd.DataFrame({"article_id": list("abcd"), "outlet": list("XYXY")})
    found = naming_candidates(sentences, articles, set())
    # Sergei and Sergey are both followed by Lavrov; Manchin and Mnuchin share no name
    assert found[["variant_a", "variant_b"]].values.tolist() == [["Sergei", "Sergey"]]


def _two_camps_corpus(n_articles: int = 1000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Six outlets writing about the border, the economy and football. Three write *undocumented
    migrants*, three *illegal aliens*, in the same sentences; all six write *border agents* and
    *border officers* alike."""
    import random

    rng = random.Random(7)
    left, right = ["Daily A", "Daily B", "Daily C"], ["Post D", "Post E", "Post F"]
    towns = ["Laredo", "Nogales", "Yuma", "El Paso", "Tucson", "McAllen"]
    border = [
        "Officials said {n} {label} crossed the river near {town} before dawn on Tuesday.",
        "The bill would let {label} who arrived as children stay, {agents} told reporters.",
        "Shelters in {town} housed {n} {label} after {agents} stopped a truck on the highway.",
        "{Agents} in {town} detained {n} {label} walking through the desert at night.",
        "A judge ordered the release of {n} {label} held by {agents} near {town}.",
    ]
    other = [
        "The central bank raised interest rates as inflation climbed to {n} percent in {town}.",
        "Factory orders fell for the third month while retail sales rose slightly.",
        "The home team won the final by {n} goals after a late penalty in {town}.",
        "Fans celebrated in the streets as the coach praised the young striker.",
        "Investors sold bonds and bought shares of technology companies on Friday.",
        "The stadium in {town} will host the tournament next summer, organisers said.",
    ]
    sentences, articles = [], []
    for k in range(n_articles):
        outlet = (left + right)[k % 6]
        label = "undocumented migrants" if outlet in left else "illegal aliens"
        if rng.random() < 0.05:
            label = "illegal aliens" if outlet in left else "undocumented migrants"
        texts = [rng.choice(border), rng.choice(other), rng.choice(border + other)]
        for s, template in enumerate(texts):
            agents = rng.choice(["border agents", "border officers"])
            text = template.format(
                n=rng.randint(2, 90),
                label=label,
                town=rng.choice(towns),
                agents=agents,
                Agents=agents.capitalize(),
            )
            sentences.append(
                {"article_id": f"a{k}", "outlet": outlet, "sentence_id": s, "text": text}
            )
        articles.append({"article_id": f"a{k}", "outlet": outlet})
    return pd.DataFrame(sentences), pd.DataFrame(articles)


def test_in_a_large_corpus_labels_chosen_by_different_outlets_are_proposed():
    from framing.compare import naming as naming_module

    sentences, articles = _two_camps_corpus(naming_module.CONTEXT_CORPUS)
    found = naming_candidates(sentences, articles, set())
    labels = found[found["method"] == "context"]
    pairs = {frozenset(p) for p in labels[["variant_a", "variant_b"]].values.tolist()}
    assert frozenset({"undocumented migrants", "illegal aliens"}) in pairs
    # used alike by every outlet: same contexts, but no outlet split
    assert frozenset({"border agents", "border officers"}) not in pairs
    assert not any({"agents", "officers"} <= set(" ".join(p).split()) for p in pairs)
    row = labels[
        labels["variant_a"].isin(["undocumented migrants", "illegal aliens"])
        & labels["variant_b"].isin(["undocumented migrants", "illegal aliens"])
    ].iloc[0]
    assert row["similarity"] > 0.8 and row["outlet_split"] > 0.8
    assert row["distance"] > 2 and row["count_a"] + row["count_b"] > 1000
    preferring = {row["variant_a"]: row["prefer_a"], row["variant_b"]: row["prefer_b"]}
    assert set(re.findall(r"(Daily \w)", preferring["undocumented migrants"])) == {
        "Daily A",
        "Daily B",
        "Daily C",
    }
    assert set(re.findall(r"(Post \w)", preferring["illegal aliens"])) == {
        "Post D",
        "Post E",
        "Post F",
    }
    # the example sentences hold the terms
    text = sentences.set_index(["article_id", "sentence_id"])["text"]
    example = text[(row["example_a_article_id"], row["example_a_sentence_id"])]
    assert row["variant_a"] in example.lower()
    # a listed pair is not proposed again; below the threshold no label is proposed
    listed = {"undocumented migrants", "illegal aliens"}
    again = naming_candidates(sentences, articles, listed)
    assert frozenset(listed) not in {
        frozenset(p) for p in again[["variant_a", "variant_b"]].values.tolist()
    }
    few = articles["article_id"].isin(articles["article_id"][: naming_module.CONTEXT_CORPUS - 1])
    smaller = naming_candidates(
        sentences[sentences["article_id"].isin(articles["article_id"][few])], articles[few], set()
    )
    assert (smaller["method"] != "context").all()


def test_outlet_split_is_zero_for_a_pair_used_alike_and_one_for_a_pair_never_shared():
    import numpy as np

    from framing.compare.naming_context import outlet_split

    assert outlet_split(np.array([10, 20, 30]), np.array([10, 20, 30])) == 0.0
    # each outlet uses one only: chi-square = 30 uses, less 2 (three outlets less one)
    assert outlet_split(np.array([10, 0, 10]), np.array([0, 10, 0])) == pytest.approx(
        ((30 - 2) / 30) ** 0.5
    )
    assert outlet_split(np.array([5, 0]), np.array([0, 0])) == 0.0


def test_labels_of_different_years_are_successors_not_variants():
    """With dates, two terms in the same contexts but never in the same years (one press
    secretary after another) are not proposed; the report lists the pairs found."""
    from framing.compare import naming as naming_module
    from framing.render.sections.naming import _candidates

    sentences, articles = _two_camps_corpus(naming_module.CONTEXT_CORPUS)
    left = articles["outlet"].str.startswith("Daily")
    dated = articles.assign(
        date=pd.to_datetime(left.map({True: "2014-05-01", False: "2019-05-01"}))
    )
    found = naming_candidates(sentences, dated, set())
    assert (found["method"] != "context").all()
    table = str(_candidates(naming_candidates(sentences, articles, set()), "context"))
    assert "| undocumented migrants | illegal aliens |" in table
    assert "Daily A (157 of 167)" in table


def _names_one_token_at_a_time(sentences: pd.DataFrame) -> dict:
    """Rule 1 as first written, token by token: the reference ``_names`` (over arrays) keeps."""
    from collections import Counter, defaultdict

    from framing.compare import naming
    from framing.tokens import TOKEN_PATTERN

    found: dict = defaultdict(naming._Name)
    lower: Counter = Counter()
    inner: Counter = Counter()
    columns = sentences[["article_id", "outlet", "sentence_id", "text"]].itertuples(index=False)
    for article_id, outlet, sentence_id, text in columns:
        tokens = [t[:-2] if t[-2:] in ("'s", "’s") else t for t in TOKEN_PATTERN.findall(str(text))]
        tokens = [t for t in tokens if t.isalpha()]
        for position, token in enumerate(tokens):
            if token[:1].isupper() and token[1:].islower():
                inner[token] += bool(position)
                name = found[token]
                if name.count == 0:
                    name.example = (article_id, int(sentence_id))
                name.count += 1
                name.outlets[outlet] += 1
                name.articles.add(article_id)
                name.outlet_articles[outlet].add(article_id)
                around = (
                    tokens[max(0, position - 1) : position] + tokens[position + 1 : position + 2]
                )
                name.neighbours.update(
                    w
                    for w in around
                    if len(w) > 1 and w[:1].isupper() and w.lower() not in naming._plain()
                )
            elif token.islower():
                lower[token] += 1
    kept = {
        t: n
        for t, n in found.items()
        if len(t) >= 4 and inner[t] and lower[t.lower()] * 10 <= n.count
    }
    return {t: kept[t] for t in sorted(kept, key=lambda t: (-kept[t].count, t))}


def test_names_are_counted_over_arrays_as_token_by_token(seed_corpus, monkeypatch):
    from framing.compare import naming

    sentences = pd.concat(
        [
            seed_corpus.sentences[["article_id", "outlet", "sentence_id", "text"]],
            pd.DataFrame(
                {
                    "article_id": ["x", "x", "y", "z", "z"],
                    "outlet": ["P", "P", "Q", "P", "Q"],
                    "sentence_id": [0, 1, 0, 0, 1],
                    "text": [
                        "Kyiv’s mayor and Kyiv's people met Zelensky; Zelensky’s aides, Kyiv.",
                        "Sergei Lavrov met Sergey Lavrov. Lavrov's Ukraine 3.2 U.S. Gov Kyiv-based",
                        "",
                        "Ukraine ukraine Ukraine’s Éric Zemmour met Éric in Ærø, not Aero.",
                        "Lavrov",
                    ],
                }
            ),
        ],
        ignore_index=True,
    )
    monkeypatch.setattr(naming, "MAX_NAMES", 40)
    expected = _names_one_token_at_a_time(sentences)
    found = naming._names(sentences)
    assert list(found) == list(expected)[:40]
    assert len(found) == 40
    for token, name in found.items():
        assert vars(name) == vars(expected[token]), token
    assert naming._names(sentences.iloc[:0]) == {}


def _neighbour_pairs_row_by_row(vectors, chunk=2000):
    """Rule 2's mutual nearest neighbours as first written, row by row: the reference."""
    import numpy as np

    from framing.compare.naming_context import MIN_SIMILARITY, NEIGHBOURS

    k = min(NEIGHBOURS, len(vectors) - 1)
    nearest, cosines = [], {}
    for begin in range(0, len(vectors), chunk):
        block = vectors[begin : begin + chunk] @ vectors.T
        rows = np.arange(len(block))
        block[rows, begin + rows] = -1
        top = np.argpartition(-block, k, axis=1)[:, :k]
        for row, columns in enumerate(top):
            sims = block[row, columns]
            nearest.append({int(j) for j in columns[sims >= MIN_SIMILARITY]})
            cosines.update(
                {(begin + row, int(j)): float(c) for j, c in zip(columns, sims, strict=True)}
            )
    return [
        (i, j, cosines[(i, j)])
        for i, near in enumerate(nearest)
        for j in sorted(near)
        if i < j and i in nearest[j]
    ]


def test_mutual_neighbours_are_those_found_row_by_row_ties_included():
    """Only rows with more than ``NEIGHBOURS`` close terms need the nearest selected; the
    selection is the one made over every row, ties (copies of one vector) included."""
    import numpy as np

    from framing.compare.naming_context import _neighbour_pairs

    rng = np.random.default_rng(3)
    base = rng.normal(size=(40, 6))
    vectors = np.vstack([base, base[:10], base[:10], base[:3] + 0.01, np.zeros((4, 6))])
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    for chunk in (2000, 7):
        found = list(_neighbour_pairs(vectors, chunk))
        assert found == _neighbour_pairs_row_by_row(vectors, chunk)
        assert len(found) > 20 and all(type(c) is float for *_, c in found)


def test_lower_cased_tokens_come_from_the_written_ones_except_where_case_matters():
    """The body is read once (``BodyTokens``), a chunk at a time: each sentence's words for the
    spellings and terms for the labels are those of its written and of its lower-cased text;
    İ, Σ and ’S are read again; a sample of rows gets its own rows' terms, numbered in order of
    first use."""
    import sys

    import numpy as np

    from framing.compare.naming_context import _CASE_SENSITIVE, BodyTokens, _Tokens
    from framing.tokens import TOKEN_PATTERN

    texts = [
        "Kyiv’s mayor met Ukraine's U.S. envoy; Sergei’S aides, O'Neill’s.",
        "İstanbul and İzmir; ΟΔΟΣ.Α ΣΟΦΙΑ οδοσ ΟΔΟΣ",
        "THE U.S.’S PLAN, U.S.'S AND U.Sʼs",
        "",
        "Plain text with 3.2 per cent and pro-Moscow forces’ gains.",
    ]
    rows = pd.DataFrame(
        {"article_id": list("abcde"), "outlet": list("PQPQP"), "sentence_id": 0, "text": texts}
    )
    terms, words = [], []
    for text in texts:
        lowered = TOKEN_PATTERN.findall(text.lower().replace("’", "'"))
        terms.append([t[:-2] if t.endswith("'s") else t for t in lowered])
        bare = [t[:-2] if t[-2:] in ("'s", "’s") else t for t in TOKEN_PATTERN.findall(text)]
        words.append([t for t in bare if t.isalpha()])
    for chunk in (10**6, 20):
        body = BodyTokens(texts, chunk)
        read = _Tokens(rows, body, np.arange(5))
        assert [[read.vocabulary[i] for i in read.ids[read.row == n]] for n in range(5)] == terms
        ends = np.cumsum(body.word_counts)
        assert [
            body.word_names[body.words[e - n : e]].tolist()
            for e, n in zip(ends, body.word_counts, strict=True)
        ] == words
        some = _Tokens(rows.iloc[[1, 4]], body, np.array([1, 4]))
        assert [[some.vocabulary[i] for i in some.ids[some.row == n]] for n in range(2)] == [
            terms[1],
            terms[4],
        ]
        assert some.vocabulary[0] == terms[1][0] and list(some.ids[:2]) == [0, 1]
    assert [bool(_CASE_SENSITIVE.search(t)) for t in texts] == [True, True, True, False, False]
    # no other character reads differently in lower case (a new Unicode version may add one)
    classes = lambda c: (c.isalnum(), c.isdecimal(), c == "_", c in "'’ʼ.,-", c in "sS")  # noqa: E731
    changed = [
        chr(n)
        for n in range(sys.maxunicode + 1)
        if chr(n).lower() != chr(n)
        and (len(chr(n).lower()) != 1 or classes(chr(n)) != classes(chr(n).lower()))
    ]
    assert changed == ["İ"]
