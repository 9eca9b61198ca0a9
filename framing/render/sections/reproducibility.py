"""The reproducibility section: command, configuration, inputs, and each cached stage (prepare,
the annotators, the per-article measures, the comparisons) with its key and what was found in the
cache or computed."""

from __future__ import annotations

from typing import Any

from ...compare.cached import COMPARISON_SUFFIX
from ..markdown import code_block, code_span, table
from .base import AnnotationRun, ReportSource, Section

__all__ = ["REPRODUCIBILITY"]


def _reproducibility_context(result: ReportSource) -> dict[str, Any]:
    return {
        "command": code_span(result.command or "framing.analyze(...)  # from Python"),
        "config": code_block(result.config.to_toml(run=False).rstrip(), "toml"),
        "input_hash": code_span(result.corpus.input_hash or "unknown"),
        "stages": _stage_table(result),
        "cache": _cache_line(result),
    }


def _stage_table(result: ReportSource) -> str | None:
    """Per cached stage (prepare, then each annotator run): version, key, and how many articles
    were found in the cache and how many computed (without a cache: the annotators' keys)."""
    import pandas as pd

    stats = result.extras.get("cache")
    if stats is not None:
        frame = stats.table()
        comparison = frame["stage"].str.endswith(COMPARISON_SUFFIX)
        # a comparison's key covers framing's code: it would change the report with every commit
        frame.loc[comparison, "key"] = ""
        headers = {
            "stage": "stage",
            "version": "version",
            "key": "cache key",
            "hits": "from the cache",
            "misses": "computed",
        }
        formats = {
            "key": lambda key: code_span(key) if key else "",
            "hits": "{:,}".format,
            "misses": "{:,}".format,
        }
        return table(frame, headers, formats=formats) if len(frame) else None
    annotated = result.annotated
    frame = pd.DataFrame(
        [
            {"stage": a.name, "version": a.version, "key": result_key(annotated, a.name)}
            for a in (annotated.annotators if annotated is not None else ())
        ],
        columns=["stage", "version", "key"],
    )
    headers = {"stage": "stage", "version": "version", "key": "cache key"}
    return table(frame, headers, formats={"key": code_span}) if len(frame) else None


def _cache_line(result: ReportSource) -> str:
    stats = result.extras.get("cache")
    if stats is None:
        return "Run without a cache: every article was prepared, annotated and measured anew."
    line = (
        "Per-article work was looked up in framing's cache first (see framing cache info); "
        "tables are the same either way."
    )
    if stats.rebuilt:
        line += f" {stats.rebuilt:,} damaged cache entries were found and computed anew."
    if stats.evicted_chunks:
        line += (
            f" The cache was over its size bound: {stats.evicted_chunks:,} least recently used "
            f"chunks ({stats.evicted_bytes / 1e6:,.0f} MB) were evicted."
        )
    return line


def result_key(annotated: AnnotationRun, name: str) -> str:
    """The first 16 hex digits of an annotator's cache key (enough to tell runs apart)."""
    return annotated.keys[name][:16]


REPRODUCIBILITY = Section("Reproducibility", "reproducibility.md.j2", _reproducibility_context)
