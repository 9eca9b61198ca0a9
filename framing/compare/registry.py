"""The comparisons ``framing.analyze`` runs: the one list, and the call that runs it.

Why a registry: a capability (voices, labels, frames ...) adds one compare module that defines
its :class:`~framing.compare.base.Comparison` (importing only ``framing.compare.base`` for the
contract) and lists it in ``COMPARISONS`` here; the runner orders them by what they require,
the result holds their tables by name, and the writer writes each with its schema
(``framing.schema``). Nothing else in the code changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..annotate import DEFAULT_ANNOTATORS
from .base import CompareInput, CompareOutput, Comparison
from .evidence import EVIDENCE
from .lexical import LEXICAL
from .loaded import LOADED
from .naming import NAMING
from .run import annotator_inputs, compare
from .tone import TONE
from .voices import ACTOR_CANDIDATES, OWN_VOICE, VOICES

__all__ = ["CompareInput", "CompareOutput", "Comparison", "COMPARISONS", "run_comparisons"]

COMPARISONS: tuple[Comparison, ...] = (
    LEXICAL,
    EVIDENCE,
    VOICES,
    ACTOR_CANDIDATES,
    OWN_VOICE,
    NAMING,
    TONE,
    LOADED,
)
"""Every comparison ``framing.analyze`` runs (in any order: the runner orders them by what they
require, keeping this order where it can)."""


def run_comparisons(
    given: CompareInput, comparisons: Sequence[Comparison] = COMPARISONS
) -> CompareOutput:
    """Run ``comparisons`` on ``given`` (see :func:`framing.compare.run.compare`): a requirement
    on an annotator's output that this run lacks leaves its comparison out with a note; one that
    no registered annotator (``DEFAULT_ANNOTATORS``) or comparison makes is a ``ConfigError``."""
    return compare(given, comparisons, known=annotator_inputs(DEFAULT_ANNOTATORS))
