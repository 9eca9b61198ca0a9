"""The reproducibility section: command, configuration, inputs, and the annotators with keys."""

from __future__ import annotations

from typing import Any

from ..markdown import code_block, code_span, table
from .base import AnnotationRun, ReportSource, Section

__all__ = ["REPRODUCIBILITY"]


def _reproducibility_context(result: ReportSource) -> dict[str, Any]:
    import pandas as pd

    annotated = result.annotated
    rows = pd.DataFrame(
        [
            {"name": a.name, "version": a.version, "key": result_key(annotated, a.name)}
            for a in (annotated.annotators if annotated is not None else ())
        ],
        columns=["name", "version", "key"],
    )
    return {
        "command": code_span(result.command or "framing.analyze(...)  # from Python"),
        "config": code_block(result.config.to_toml().rstrip(), "toml"),
        "input_hash": code_span(result.corpus.input_hash or "unknown"),
        "annotators": table(
            rows,
            {"name": "annotator", "version": "version", "key": "cache key"},
            formats={"key": code_span},
        )
        if len(rows)
        else None,
    }


def result_key(annotated: AnnotationRun, name: str) -> str:
    """The first 16 hex digits of an annotator's cache key (enough to tell runs apart)."""
    return annotated.keys[name][:16]


REPRODUCIBILITY = Section("Reproducibility", "reproducibility.md.j2", _reproducibility_context)
