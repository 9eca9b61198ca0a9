"""The report's sections, one module each, in the order the report shows them.

A capability adds its section by writing one module here (a :class:`Section`: title, template,
the tables it needs, context, figures, findings) and listing it in ``SECTIONS``; the report frame
does not change. A section whose tables a run did not make is left out.
"""

from .base import CHART_MAX_OUTLETS, FIGURE_MAX_OUTLETS, Finding, ReportSource, Section
from .corpus import CORPUS
from .lexical import LEXICAL
from .loaded import LOADED
from .methods import METHODS
from .naming import NAMING
from .reproducibility import REPRODUCIBILITY
from .tone import TONE
from .voices import VOICES

SECTIONS: tuple[Section, ...] = (
    CORPUS,
    LEXICAL,
    VOICES,
    NAMING,
    TONE,
    LOADED,
    METHODS,
    REPRODUCIBILITY,
)
"""The default sections, in report order."""

__all__ = [
    "CHART_MAX_OUTLETS",
    "CORPUS",
    "FIGURE_MAX_OUTLETS",
    "Finding",
    "LEXICAL",
    "LOADED",
    "METHODS",
    "NAMING",
    "REPRODUCIBILITY",
    "ReportSource",
    "SECTIONS",
    "TONE",
    "VOICES",
    "Section",
]
