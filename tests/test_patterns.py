"""Patterns from data files run in linear time and a bad one is refused with its file and line
(issue 23: ``(a+)+$`` in a corpus's promo_patterns.txt hung a run for minutes; an invalid
pattern ended it as "a bug in framing")."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from framing.errors import ConfigError
from framing.patterns import pattern_list
from framing.prepare import clean_article
from tests.conftest import BODY, ROOT, lexicon_override

pytestmark = pytest.mark.hostile  # issue 23's hostile-input suite: pytest -m hostile


def test_packaged_patterns_find_what_they_did():
    promo = pattern_list("promo_patterns.txt")
    assert promo.first_match("click here to subscribe") == 1
    assert promo.first_match("officials said on monday") is None
    marks = "photo hide caption 3 of 24 more hide caption 4 of 24"
    assert pattern_list("gallery_patterns.txt").count(marks) == 2


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(", "missing ): ("),
        ("(?<=a)b", "invalid perl operator: (?<="),
        ("(free)\\s+\\1", "invalid escape sequence: \\1"),
    ],
)
def test_a_pattern_that_is_invalid_or_needs_backtracking_is_refused_with_file_and_line(
    tmp_path, pattern, reason
):
    folder = lexicon_override(
        tmp_path, "promo_patterns.txt", f"# mine\nclick here\\b\n\n{pattern}\n"
    )
    with pytest.raises(ConfigError) as error:
        pattern_list("promo_patterns.txt", folder)
    assert str(error.value) == (
        f"{folder / 'promo_patterns.txt'}, line 4: {pattern!r} is not a pattern framing can use "
        f"({reason}); patterns are matched in linear time (RE2 syntax: no lookarounds such as "
        "(?= or (?<=, no backreferences such as \\1)"
    )


def test_a_catastrophic_pattern_runs_in_linear_time(tmp_path):
    """``(a+)+$`` against 'aaaa…!' takes exponential time under a backtracking engine: under
    ``re`` this paragraph of 30,000 letters would not finish this century."""
    lexicon_override(tmp_path, "promo_patterns.txt", "(a+)+$\n")
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from framing.prepare import clean_article
        body = {BODY!r} + "\\n\\n" + "a" * 30_000 + "!\\n\\nclick here"
        result = clean_article(body, overrides=Path({str(tmp_path / "lexicons")!r}))
        print(len(result.text))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 30_000  # the paragraph stays: the pattern does not match it


def test_patterns_keep_their_escapes_and_ignore_case(tmp_path):
    """``\\S`` must not become ``\\s`` nor ``\\pL`` an invalid ``\\pl``: patterns are compiled as
    written and matched without regard to case."""
    folder = lexicon_override(tmp_path, "promo_patterns.txt", "^\\S+ NEWSLETTER\\b\n\\pL+ only$\n")
    patterns = pattern_list("promo_patterns.txt", folder)
    assert patterns.first_match("daily newsletter today") == 1
    assert patterns.first_match(" newsletter today") is None  # \S+ needs a non-space first
    assert patterns.first_match("café only") == 2


def test_cleaning_uses_the_corpus_patterns(tmp_path):
    folder = lexicon_override(tmp_path, "promo_patterns.txt", "^buy our mugs\n")
    text = f"{BODY}\n\nBuy our mugs today."
    assert "mugs" not in clean_article(text, overrides=folder).text
    assert "mugs" in clean_article(text).text
