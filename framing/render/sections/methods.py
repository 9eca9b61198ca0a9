"""The methods and caveats section: what was measured and what it allows one to conclude."""

from __future__ import annotations

from typing import Any

from ...stats import MIN_ARTICLES, MIN_WORDS
from .base import ReportSource, Section

__all__ = ["METHODS"]


def _methods_context(result: ReportSource) -> dict[str, Any]:
    options = result.config.compare
    return {
        "options": options,
        "min_articles": MIN_ARTICLES,
        "min_words": MIN_WORDS,
        "confidence": int(round(options.confidence * 100)),
    }


METHODS = Section("Methods and caveats", "methods.md.j2", _methods_context)
