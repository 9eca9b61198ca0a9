"""Mutation checks: break the code on purpose, run the test that should catch it, restore.

Why: a test that cannot fail proves nothing. Each case names a file, a line to change, what to
change it to, and the test that must then fail. Usage: ``python scripts/mutation_check.py``
(about five minutes); it restores every file, even when interrupted.
"""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = [
    (
        "contract: dtype check removed",
        "framing/annotate/run.py",
        "            assert dtype_matches(frame[column.name], column.dtype), (",
        "            assert True or dtype_matches(frame[column.name], column.dtype), (",
        "tests/annotate/test_contract.py",
    ),
    (
        "contract: purity check removed",
        "framing/annotate/run.py",
        '_restrict(result, given, first["article_id"].iloc[0]), "one article alone"',
        'alone, "one article alone"',
        "tests/annotate/test_contract.py",
    ),
    (
        "wheel: data files not packaged",
        "pyproject.toml",
        'framing = ["data/*", "data/**/*", "render/templates/*"]',
        'framing = ["render/templates/*"]',
        "tests/test_docs.py::test_every_data_file_and_template_is_in_the_wheel",
    ),
    (
        "notebooks: in_quote annotator unregistered",
        "framing/annotate/__init__.py",
        "    QUOTE_MARKS,\n    IN_QUOTE,\n",
        "    QUOTE_MARKS,\n",
        "tests/test_notebooks.py::test_notebook_runs_and_shows_what_it_is_for[01-quick-tour]",
    ),
    (
        "attribution: pronouns not resolved",
        "framing/annotate/attribution/speakers.py",
        "            found = self._pronoun(_PRONOUNS[lower], cue.position, lower)",
        "            found = None",
        "tests/annotate/test_attribution.py::test_pronouns_and_it_added_take_the_nearest_fitting_earlier_speaker",
    ),
    (
        "own voice: hedges inside quotations counted as the outlet's",
        "framing/annotate/own_voice.py",
        "own = _article_text(texts[first:last], offsets, spans)",
        "own = _article_text(texts[first:last], offsets, [])",
        "tests/annotate/test_voices.py::test_hedges_and_scare_quotes_in_own_voice_only",
    ),
    (
        "pipeline: jobs ignored",
        "framing/prepare/pipeline.py",
        "map_batches(work, items, jobs=options.jobs,",
        "map_batches(work, items, jobs=1,",
        "tests/prepare/test_pipeline.py::test_parallel_workers_give_the_same_result_as_one_process",
    ),
    (
        "seed corpus: a file altered",
        "corpus/rt/004_012dfdeaffc93e76.txt",
        "Kiev",
        "Kyiv",
        "tests/test_seed_corpus.py::test_corpus_files_are_the_seeds_byte_for_byte",
    ),
    (
        "evidence: n-grams across sentences",
        "framing/compare/vectorize.py",
        "        for sentence in [text] if isinstance(text, str) else text:",
        "        for sentence in [text] if isinstance(text, str) else [' '.join(text)]:",
        "tests/compare/test_vectorize.py",
    ),
    (
        "keys: data files ignored",
        "framing/annotate/run.py",
        '            "data": DataFiles(annotator.data_files, overrides).digest(),',
        '            "data": "",',
        "tests/annotate/test_run.py::test_editing_a_lexicon_changes_only_the_keys_that_depend_on_it",
    ),
    (
        "intervals: seeded by position",
        "framing/compare/diversity.py",
        "                seed=group_rng(options.seed, group, metric),",
        "                seed=group_rng(options.seed, len(rows), metric),",
        "tests/test_stats.py::test_adding_an_outlet_leaves_the_others_intervals_unchanged",
    ),
    (
        "sections: absent tables ignored",
        "framing/render/sections/base.py",
        "        return all(name in result.tables for name in self.tables)",
        "        return True",
        "tests/render/test_report.py::test_a_section_whose_tables_are_absent_is_left_out",
    ),
]
for label, file, old, new, test in CASES:
    path = ROOT / file
    original = path.read_bytes()
    text = original.decode("utf-8")
    assert old in text, (label, old)
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", test],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        path.write_bytes(original)
    verdict = "caught" if run.returncode != 0 else "NOT CAUGHT"
    print(f"{verdict:10} {label} -> {test}")
