"""The comparison runner: order by requirements, products handed on, and what is left out."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.annotate import DEFAULT_ANNOTATORS
from framing.annotate import plan as plan_annotators
from framing.compare import (
    COMPARISONS,
    KEYNESS_COLUMNS,
    CompareInput,
    CompareOptions,
    CompareOutput,
    Comparison,
    plan,
)
from framing.compare.run import annotator_inputs, compare
from framing.errors import ConfigError

SENTENCES = pd.DataFrame(
    {"article_id": ["a"], "outlet": ["A"], "sentence_id": [0], "text": ["Words."]}
)
GIVEN = CompareInput(pd.DataFrame(), SENTENCES, {"quotes": pd.DataFrame()}, CompareOptions())


def _nothing(given: CompareInput) -> CompareOutput:
    return CompareOutput()


def _comparison(name: str, makes: tuple[str, ...] = (), needs: tuple[str, ...] = ()):
    return Comparison(name, (), _nothing, requires=needs, extras=makes)


def _names(comparisons: list[Comparison]) -> list[str]:
    return [c.name for c in comparisons]


def test_a_comparison_runs_after_those_it_requires_keeping_the_order_otherwise():
    uses = _comparison("uses", needs=("made",))
    maker = _comparison("maker", makes=("made",))
    other = _comparison("other", needs=("quotes", "sentences.text"))
    ordered, notes = plan([uses, maker, other], inputs={"quotes", "sentences.text"})
    assert _names(ordered) == ["maker", "other", "uses"]
    assert notes == {}


def test_a_requirement_nobody_makes_a_name_made_twice_and_a_cycle_are_refused():
    with pytest.raises(
        ConfigError, match="^comparison 'uses' requires 'made', which no comparison or annotator"
    ):
        plan([_comparison("uses", needs=("made",))])
    twice = [_comparison("a", makes=("made",)), _comparison("b", makes=("made",))]
    with pytest.raises(ConfigError, match="^'made' is made by two comparisons"):
        plan(twice)
    with pytest.raises(ConfigError, match="^'quotes' is made by two comparisons .or is a table"):
        plan([_comparison("a", makes=("quotes",))], inputs={"quotes"})
    cycle = [_comparison("a", ("x",), ("y",)), _comparison("b", ("y",), ("x",))]
    with pytest.raises(ConfigError, match=r"require each other in a cycle: \['a', 'b'\]"):
        plan([*cycle, _comparison("c")])


def test_a_missing_annotator_output_leaves_out_its_comparison_and_those_needing_it():
    known = {"sentences.hedges": "own_voice", "quotes": "attribution"}
    ordered, notes = plan(
        [
            _comparison("hedging", makes=("rates",), needs=("sentences.hedges",)),
            _comparison("ranked", makes=("ranks",), needs=("rates",)),
            _comparison("top", needs=("ranks",)),
            _comparison("voices", needs=("quotes",)),
        ],
        inputs={"quotes"},
        known=known,
    )
    assert _names(ordered) == ["voices"]
    assert notes == {
        "hedging": "needs 'sentences.hedges', which annotator 'own_voice' makes and this run "
        "left out",
        "ranked": "needs 'rates', which is left out",
        "top": "needs 'ranks', which is left out",
    }


def test_every_registered_requirement_is_made_by_a_comparison_or_an_annotator():
    known = annotator_inputs(DEFAULT_ANNOTATORS)
    ordered, notes = plan(COMPARISONS, inputs=set(known))
    assert notes == {}
    names = _names(ordered)
    assert names.index("lexical") < names.index("lexical_evidence")
    assert set(names) == {c.name for c in COMPARISONS}


def test_switching_an_annotator_off_leaves_out_the_comparisons_that_read_it():
    ran, _ = plan_annotators(DEFAULT_ANNOTATORS, skip=["own_voice", "tone"])
    known = annotator_inputs(DEFAULT_ANNOTATORS)
    ordered, notes = plan(COMPARISONS, inputs=set(annotator_inputs(ran)), known=known)
    assert notes == {
        "own_voice": "needs 'sentences.hedges', which annotator 'own_voice' makes and this run "
        "left out",
        "tone": "needs 'mentions.tone', which annotator 'tone' makes and this run left out",
    }
    assert "voices" in _names(ordered) and "loaded" in _names(ordered)


def test_each_comparison_gets_exactly_the_products_it_required():
    seen: dict[str, tuple[list[str], list[str]]] = {}

    def maker(given: CompareInput) -> CompareOutput:
        keyness = pd.DataFrame({c: [] for c in KEYNESS_COLUMNS})
        return CompareOutput(tables={"keyness": keyness}, extras={"ranks": 1, "other": 2})

    def user(given: CompareInput) -> CompareOutput:
        seen["user"] = (sorted(given.tables), sorted(given.extras))
        return CompareOutput(notes={"user": "ran"})

    comparisons = [
        Comparison("user", (), user, requires=("keyness", "ranks", "quotes")),
        Comparison("maker", ("keyness",), maker, extras=("ranks", "other")),
    ]
    output = compare(GIVEN, comparisons)
    assert seen == {"user": (["keyness"], ["ranks"])}
    assert sorted(output.tables) == ["keyness"]
    assert output.extras == {"ranks": 1, "other": 2}
    assert output.notes == {"user": "ran"}


def test_an_undeclared_product_is_an_error():
    def sneaky(given: CompareInput) -> CompareOutput:
        return CompareOutput(extras={"hidden": 1})

    with pytest.raises(ValueError, match="comparison 'sneaky' made undeclared extra 'hidden'"):
        compare(GIVEN, [Comparison("sneaky", (), sneaky)])
