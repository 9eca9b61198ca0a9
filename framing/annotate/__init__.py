"""annotate: per-sentence features and span tables, one small pure annotator per concern.

``DEFAULT_ANNOTATORS`` is the registry ``framing.analyze`` runs: a capability adds its annotator
here (in any order: the runner orders them by what they require). Today: ``length`` (tokens per
sentence), ``quotes`` (quotation spans) and ``in_quote`` (sentences inside them).
"""

from .base import SENTENCE_BASE, Annotation, Annotator, AnnotatorInput, DataFiles, Option, SpanTable
from .in_quote import IN_QUOTE
from .length import LENGTH
from .quotes import QUOTES, find_quotes
from .run import Annotated, annotate, cache_keys, check_annotator, plan

DEFAULT_ANNOTATORS: tuple[Annotator, ...] = (LENGTH, QUOTES, IN_QUOTE)

__all__ = [
    "DEFAULT_ANNOTATORS",
    "SENTENCE_BASE",
    "Annotated",
    "Annotation",
    "Annotator",
    "AnnotatorInput",
    "DataFiles",
    "IN_QUOTE",
    "LENGTH",
    "Option",
    "QUOTES",
    "SpanTable",
    "annotate",
    "cache_keys",
    "check_annotator",
    "find_quotes",
    "plan",
]
