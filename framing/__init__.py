"""framing: compare how different news outlets tell the same story.

The flow runs one way: ingest → prepare → annotate → align → compare → render. Start with
:func:`load_corpus` or :func:`analyze`; every table is a pandas DataFrame (``Result.tables``), every
chart a matplotlib Figure.
"""

from .api import analyze
from .compare.options import CompareOptions
from .config import (
    AnnotateOptions,
    Config,
    IngestOptions,
    PrepareOptions,
    ReportOptions,
    load_config,
)
from .corpus import Corpus, load_corpus, outlet_summary
from .errors import (
    ConfigError,
    FramingError,
    InputError,
    OutletColumnWarning,
    OutputError,
    SmallSampleWarning,
)
from .result import Result

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
    "analyze",
    "load_config",
    "load_corpus",
    "outlet_summary",
    "__version__",
]
