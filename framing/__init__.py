"""framing: compare how different news outlets tell the same story.

The flow runs one way: ingest → prepare → annotate → align → compare → render. Start with
:func:`load_corpus`; every table is a pandas DataFrame.
"""

from .config import Config, IngestOptions, PrepareOptions
from .corpus import Corpus, load_corpus, outlet_summary
from .errors import ConfigError, FramingError, InputError, SmallSampleWarning

__version__ = "0.1.0"

__all__ = [
    "Config",
    "ConfigError",
    "Corpus",
    "FramingError",
    "IngestOptions",
    "InputError",
    "PrepareOptions",
    "SmallSampleWarning",
    "load_corpus",
    "outlet_summary",
    "__version__",
]
