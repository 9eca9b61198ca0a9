"""ingest: read any supported corpus form into one validated article table and a log."""

from .corpus import read_corpus
from .dates import parse_date
from .decode import decode_bytes
from .log import LogEntry, log_frame

__all__ = ["read_corpus", "parse_date", "decode_bytes", "LogEntry", "log_frame"]
