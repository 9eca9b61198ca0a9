"""Comparisons kept whole in the cache: a re-run whose annotated input did not change takes a
comparison's tables from the cache instead of computing them again.

Why whole: a comparison reads the whole corpus (keyness pits each outlet against the rest; the
naming search reads every sentence), so unlike an annotator it has no per-article output to
reuse when one article changes. What it can reuse is the run over the same input: the same
report rendered into another folder, a change to the report options only, a re-run after a
crash or an interrupted render. The naming search alone is a third of compare's time.

The key is the comparison's name, its options, framing's code and packaged data
(:func:`framing.cache.source_digest`: comparisons have no version numbers of their own), the
versions of the libraries they compute with, and a digest of every table it is handed
(articles, annotated sentences, span tables: :func:`framing.cache.frame_digest`). A comparison
with extras (Python objects, such as the lexical comparison's term counts) is kept only when it
has an :class:`~framing.compare.base.ExtrasCodec` saying how they become tables and back: the
cache never pickles. Tables and extras come back exactly as made
(``tests/compare/test_cached.py``).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..cache import Cache, frame_digest, library_versions, source_digest, stage_key
from .base import SENTENCES, CompareInput, CompareOutput, Comparison

__all__ = [
    "input_digest",
    "projected",
    "cached_output",
    "keep_output",
    "cacheable",
    "restored",
    "COMPARE_LIBRARIES",
    "COMPARISON_SUFFIX",
]

COMPARE_LIBRARIES = ("scikit-learn", "scipy", "rapidfuzz")
"""Libraries comparisons compute with beyond those in every key (``framing.cache.LIBRARIES``)."""
COMPARISON_SUFFIX = " (comparison)"
"""How the run's cache statistics name a comparison (after its name)."""
_NOTES = "notes"
_TABLE = "table:"
_EXTRA = "extra:"
_PIECE = "#"
ROWS_PER_BLOB = 5_000_000
"""Rows of a kept table stored in one piece: a keyness table or a corpus's term counts can have
tens of millions of rows, and one SQLite value holds at most 1 GB."""
_KEPT = "<kept extras>"
"""Where a cached output carries its extras' tables until :func:`restored` decodes them."""


def input_digest(given: CompareInput, memo: dict[tuple[str, str], bytes] | None = None) -> str:
    """Digest of every table a comparison is handed: the articles, the annotated sentences (only
    the columns it reads, when it says: :func:`projected`) and each span table. ``memo``: column
    digests already made this run (the same tables are handed to every comparison)."""
    tables = {"articles": given.articles, "sentences": given.sentences, **given.spans}
    return frame_digest(tables, memo)


def projected(given: CompareInput, reads: tuple[str, ...], annotated: set[str]) -> CompareInput:
    """``given`` with only what a comparison ``reads`` of the annotated input: the span tables it
    names, and of the sentence table the prepared columns and the annotators' columns it names
    (``annotated``: the annotators' sentence columns, all of them)."""
    wanted = {name.removeprefix(f"{SENTENCES}.") for name in reads if name.startswith(SENTENCES)}
    columns = [c for c in given.sentences.columns if c not in annotated or c in wanted]
    spans = {name: table for name, table in given.spans.items() if name in reads}
    return replace(given, sentences=given.sentences[columns], spans=spans)


def cacheable(comparison: Comparison) -> bool:
    """Whether the comparison's output can be kept: tables and notes only, or extras it has a
    codec for."""
    return not comparison.extras or comparison.codec is not None


def restored(comparison: Comparison, output: CompareOutput, given: CompareInput) -> CompareOutput:
    """A cached output with its extras made again by the comparison's codec, from the tables
    kept and ``given`` (what the comparison would be handed, with what it requires); an output
    without kept extras as it is."""
    if _KEPT not in output.extras or comparison.codec is None:
        return output
    bare = replace(output, extras={})
    return replace(bare, extras=comparison.codec.decode(output.extras[_KEPT], bare, given))


def cached_output(
    comparison: Comparison,
    given: CompareInput,
    memo: dict[tuple[str, str], bytes] | None = None,
) -> CompareOutput | None:
    """The comparison's output as an earlier run made it from the same input (every table it is
    handed unchanged), or None: no cache, a comparison with extras, or not made before (the
    run's cache statistics count the hit or the miss). ``memo``: column digests already made
    this run (see :func:`input_digest`)."""
    cache = given.cache
    if cache is None or not cacheable(comparison):
        return None
    stage = comparison.name + COMPARISON_SUFFIX
    loaded = cache.load(stage, _key(comparison, given), [input_digest(given, memo)])
    if loaded.missing:
        return None
    output = _decoded(loaded.tables)
    if comparison.codec is not None:  # decoded by restored(), with what it requires
        output.extras.setdefault(_KEPT, {})
    return output


def keep_output(
    comparison: Comparison,
    given: CompareInput,
    output: CompareOutput,
    memo: dict[tuple[str, str], bytes] | None = None,
) -> None:
    """Keep a comparison's output in ``given.cache`` for the next run on the same input (nothing
    without a cache, or for a comparison with extras)."""
    cache = given.cache
    if cache is None or not cacheable(comparison):
        return
    stage = comparison.name + COMPARISON_SUFFIX
    _store(cache, stage, _key(comparison, given), input_digest(given, memo), output, comparison)


def _key(comparison: Comparison, given: CompareInput) -> str:
    return stage_key(
        f"compare:{comparison.name}",
        {
            "code": source_digest(),
            "options": repr(given.options),
            "requires": list(comparison.requires),
            "reads": None if comparison.reads is None else list(comparison.reads),
            "libraries": library_versions(COMPARE_LIBRARIES),
        },
    )


def _store(
    cache: Cache, stage: str, key: str, item: str, output: CompareOutput, comparison: Comparison
) -> None:
    tables = {f"{_TABLE}{name}": table for name, table in output.tables.items()}
    if comparison.codec is not None:
        kept = comparison.codec.encode(output)
        tables.update({f"{_EXTRA}{name}": table for name, table in kept.items()})
    tables[_NOTES] = pd.DataFrame(
        {"name": list(output.notes), "note": list(output.notes.values())}, dtype=object
    )
    pieces = {  # numbered: the cache gives them back in its own order
        f"{n}{_PIECE}{name}{_PIECE}{k}": _positioned(table.iloc[start : start + ROWS_PER_BLOB])
        for n, (name, table) in enumerate(tables.items())
        for k, start in enumerate(range(0, max(len(table), 1), ROWS_PER_BLOB))
    }
    cache.store(stage, key, [item], pieces)


def _positioned(table: pd.DataFrame) -> pd.DataFrame:
    """The table with the cache's ``position`` column (one item: 0) and a plain index."""
    return table.reset_index(drop=True).assign(position=0)


def _decoded(stored: dict[str, pd.DataFrame]) -> CompareOutput:
    pieces: dict[tuple[int, str], list[tuple[int, pd.DataFrame]]] = {}
    for stored_name, table in stored.items():
        n, name, k = stored_name.split(_PIECE)
        pieces.setdefault((int(n), name), []).append((int(k), table.drop(columns="position")))
    output = CompareOutput()
    kept: dict[str, pd.DataFrame] = {}
    for (_, name), parts in sorted(pieces.items(), key=lambda item: item[0][0]):
        frames = [table for _, table in sorted(parts, key=lambda part: part[0])]
        table = frames[0] if len(frames) == 1 else pd.concat(frames)
        table = table.reset_index(drop=True)
        if name == _NOTES:
            output.notes.update(zip(table["name"], table["note"], strict=True))
        elif name.startswith(_EXTRA):
            kept[name.removeprefix(_EXTRA)] = table
        else:
            output.tables[name.removeprefix(_TABLE)] = table
    if kept:
        output.extras[_KEPT] = kept
    return output
