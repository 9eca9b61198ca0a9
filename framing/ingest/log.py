"""The ingest/prepare log: one row per thing that happened to an input, so nothing is silent."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ..schema import LOG, conform

__all__ = ["LogEntry", "log_frame"]


class LogEntry(NamedTuple):
    """One event: an input rejected, an article flagged, a cleaning step that changed text."""

    source: str
    article_id: str | None
    stage: str
    action: str
    reason: str
    detail: str

    def line(self) -> str:
        """The one-line message shown to users: ``source: detail``."""
        return f"{self.source}: {self.detail}"


def log_frame(entries: list[LogEntry]) -> pd.DataFrame:
    """The log entries as a DataFrame with the contract's columns."""
    frame = pd.DataFrame(entries, columns=[c.name for c in LOG])
    return conform(frame, LOG)
