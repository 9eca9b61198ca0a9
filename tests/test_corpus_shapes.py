"""Every corpus shape gets a report: the comparisons that make sense, and a sentence saying why the
others are left out."""

from __future__ import annotations

import json

import pytest

import framing
from framing.annotate import DEFAULT_ANNOTATORS
from framing.schema import table_specs
from tests.conftest import BODY

SPANISH = (
    "Los funcionarios de la capital dijeron el lunes que las conversaciones se reanudarían la "
    "próxima semana y que el ministerio tenía pruebas de los ataques en la frontera."
)


def rows_one_outlet():
    return [
        {"outlet": "A", "text": f"{BODY} Item {i} of the archive.", "date": "2022-02-18"}
        for i in range(6)
    ]


SHAPES = {
    "one outlet": (rows_one_outlet(), "only one outlet (A) has articles to compare"),
    "one article": ([{"outlet": "A", "text": BODY}], "only one outlet (A) has articles to compare"),
    "two outlets": (
        [{"outlet": "A", "text": BODY + " One."}, {"outlet": "B", "text": BODY + " Two cats."}],
        None,
    ),
    "outlets of one article each": (
        [{"outlet": o, "text": f"{BODY} {o} says so."} for o in "ABCD"],
        None,
    ),
    "every article undated": (
        [{"outlet": o, "text": f"{BODY} {o} says so.", "date": ""} for o in "ABC"],
        None,
    ),
    "not in English": (
        [{"outlet": o, "text": f"{SPANISH} {o}"} for o in "AB"],
        "no article is left to compare (2 of 2 article(s) are not in English)",
    ),
    "one wire story in two outlets": ([{"outlet": o, "text": BODY} for o in "AB"], None),
}


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_every_shape_writes_a_report(shape, tmp_path):
    rows, left_out = SHAPES[shape]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = framing.analyze(path)
    out = result.write(tmp_path / "report", timestamp="T")
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# corpus\n") and "## Lexical comparison" in report
    assert len(result.articles) == len(rows)  # nothing merged away, nothing lost
    written = {p.name for p in (out / "data").iterdir()}
    assert (
        {"articles.csv", "sentences.parquet", "log.csv", "outlets.csv"}
        <= written
        <= {t.file for t in table_specs(DEFAULT_ANNOTATORS).values()}
    )
    if left_out:
        assert f"left out:* {left_out}" in report
        assert "keyness.csv" not in written
    else:
        assert "left out" not in report
        assert {"keyness.csv", "similarity.csv"} <= written


def test_a_reprint_keeps_both_outlets_and_is_reported(tmp_path):
    rows, _ = SHAPES["one wire story in two outlets"]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = framing.analyze(path)
    assert sorted(result.outlets.index) == ["A", "B"]
    assert result.articles["reprint_of"].ne("").all()
    report = result.report(timestamp="T")
    assert "2 article(s) are reprints" in report


def test_reprints_can_be_left_out_of_the_comparison(tmp_path):
    rows = [{"outlet": o, "text": BODY} for o in "AB"] + [
        {"outlet": "A", "text": BODY + " Only A wrote this about grain."},
        {"outlet": "B", "text": BODY + " Only B wrote this about ports."},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    counted = framing.analyze(path)
    config = framing.load_config(path, compare=framing.CompareOptions(reprints="exclude"))
    excluded = framing.analyze(path, config=config)
    assert counted.lexical.counts.articles.shape[0] == 4
    assert excluded.lexical.counts.articles.shape[0] == 2
    with pytest.raises(framing.ConfigError, match="The 'reprints' parameter of CompareOptions"):
        framing.CompareOptions(reprints="drop")
