"""A broken row in a CSV data file is refused with its file and line, never a "bug" (issue 23,
item 10: a short row in reporting_verbs.csv ended the run with AttributeError, an extra comma in
actors.csv with TypeError, an unknown kind in abbreviations.csv with KeyError)."""

from __future__ import annotations

import pytest

from framing.errors import ConfigError
from framing.lexicons import read_records
from framing.prepare import split_sentences
from tests.conftest import lexicon_override

pytestmark = pytest.mark.hostile  # issue 23's hostile-input suite: pytest -m hostile


@pytest.mark.parametrize(
    ("row", "fields"),
    [("said", 1), ("said,said;says,neutral,extra", 4), ('"said,says",neutral', 2)],
)
def test_a_row_with_the_wrong_number_of_fields_names_its_line(tmp_path, row, fields):
    text = f"# my verbs\nverb,forms,class\n\nclaim,claims;claimed,doubt\n{row}\n"
    folder = lexicon_override(tmp_path, "reporting_verbs.csv", text)
    with pytest.raises(ConfigError) as error:
        read_records("reporting_verbs.csv", folder)
    assert str(error.value) == (
        f"{folder / 'reporting_verbs.csv'}, line 5: {fields} field(s) where the header has 3 "
        "(verb,forms,class); quote a value that holds a comma"
    )


def test_rows_are_read_with_comments_and_blank_lines_left_out(tmp_path):
    text = "# verbs\nverb,forms,class\n\nclaim,claims;claimed,doubt\n# more\nsay,says,neutral\n"
    folder = lexicon_override(tmp_path, "reporting_verbs.csv", text)
    assert read_records("reporting_verbs.csv", folder) == [
        {"verb": "claim", "forms": "claims;claimed", "class": "doubt"},
        {"verb": "say", "forms": "says", "class": "neutral"},
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# only a comment\n", "no header line (the first line that is not a # comment)"),
        ("abbreviation,kind\n", "no rows under its header"),
    ],
)
def test_a_file_without_rows_is_refused(tmp_path, text, message):
    folder = lexicon_override(tmp_path, "abbreviations.csv", text)
    with pytest.raises(ConfigError) as error:
        read_records("abbreviations.csv", folder)
    assert str(error.value) == f"{folder / 'abbreviations.csv'}: {message}"


def test_an_unknown_kind_of_abbreviation_is_refused(tmp_path):
    folder = lexicon_override(tmp_path, "abbreviations.csv", "abbreviation,kind\ngen,titel\n")
    with pytest.raises(ConfigError) as error:
        split_sentences("Gen. Smith spoke. He left.", overrides=folder)
    assert str(error.value) == (
        f"{folder / 'abbreviations.csv'}: the kind of 'gen' must be one of title, "
        "before_number, ambiguous; got 'titel'"
    )


def test_a_field_over_the_csv_modules_limit_names_its_line(tmp_path):
    folder = lexicon_override(
        tmp_path, "tone_roles.csv", "word,role\nkill,agent\n" + "x" * 200_000 + ",agent\n"
    )
    with pytest.raises(ConfigError) as error:
        read_records("tone_roles.csv", folder)
    assert str(error.value) == (
        f"{folder / 'tone_roles.csv'}, line 3: not a CSV row (field larger than field limit "
        "(131072))"
    )
