"""annotate: per-sentence features, one small pure annotator per concern.

``DEFAULT_ANNOTATORS`` is the list ``framing.analyze`` runs; later capabilities (quotes and
speakers, hedges, naming variants, tone, frames) each add one annotator here.
"""

from .base import Annotator, annotate, check_annotator
from .length import LENGTH

DEFAULT_ANNOTATORS: tuple[Annotator, ...] = (LENGTH,)

__all__ = ["Annotator", "annotate", "check_annotator", "DEFAULT_ANNOTATORS", "LENGTH"]
