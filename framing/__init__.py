"""framing: compare how different news outlets tell the same story.

The flow runs one way: ingest → prepare → annotate → align → compare → render. Start with
:func:`load_corpus` or :func:`analyze`; every table is a pandas DataFrame (``Result.tables``), every
chart a matplotlib Figure.
"""

from __future__ import annotations

import importlib

from .errors import (
    ConfigError,
    FramingError,
    InputError,
    OutletColumnWarning,
    OutputError,
    SmallSampleWarning,
    WorkerError,
)

__version__ = "0.1.0"

__all__ = [
    "AnnotateOptions",
    "CompareOptions",
    "Config",
    "ConfigError",
    "Corpus",
    "FramingError",
    "IngestOptions",
    "InputError",
    "OutputError",
    "PrepareOptions",
    "ReportOptions",
    "Result",
    "SmallSampleWarning",
    "OutletColumnWarning",
    "WorkerError",
    "analyze",
    "load_config",
    "load_corpus",
    "outlet_summary",
    "read_table",
    "__version__",
]

_LAZY = {
    "analyze": "api",
    "CompareOptions": "compare.options",
    "AnnotateOptions": "config",
    "Config": "config",
    "IngestOptions": "config",
    "PrepareOptions": "config",
    "ReportOptions": "config",
    "load_config": "config",
    "Corpus": "corpus",
    "load_corpus": "corpus",
    "outlet_summary": "corpus",
    "Result": "result",
    "read_table": "result",
}
"""Public names and the module that defines each, imported on first use: ``import framing``
costs nothing until a stage is needed, so the command line can report a machine too small to
load pandas and scikit-learn as one line (``framing._launch``) instead of a traceback."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
