"""annotate: per-sentence features and span tables, one small pure annotator per concern.

``DEFAULT_ANNOTATORS`` is the registry ``framing.analyze`` runs: a capability adds its annotator
here (in any order: the runner orders them by what they require). Today: ``length`` (tokens per
sentence), ``quote_marks`` (spans between quotation marks), ``in_quote`` (sentences inside them),
``attribution`` (the ``quotes`` table: speakers, verbs, indirect speech), ``mentions`` (names,
registered or not), ``loaded`` (evaluative, emotive, intensified or derogatory wording
outside quotations), ``own_voice`` (hedges and scare quotes outside quotations), ``naming``
(which variant of a concept's name: Kiev or Kyiv) and ``tone`` (each sentence's valence, and
tone toward each mentioned actor, added to ``mentions``).
"""

from .actors import MENTIONS, Registry, find_names, registry_from_records
from .attribution import ATTRIBUTION, attribute_article
from .base import SENTENCE_BASE, Annotation, Annotator, AnnotatorInput, DataFiles, Option, SpanTable
from .in_quote import IN_QUOTE
from .length import LENGTH
from .loaded import LOADED
from .naming import NAMING
from .own_voice import OWN_VOICE
from .quote_marks import QUOTE_MARKS, find_quotes
from .run import Annotated, annotate, cache_keys, check_annotator, plan
from .tone import TONE

DEFAULT_ANNOTATORS: tuple[Annotator, ...] = (
    LENGTH,
    QUOTE_MARKS,
    IN_QUOTE,
    ATTRIBUTION,
    MENTIONS,
    LOADED,
    OWN_VOICE,
    NAMING,
    TONE,
)

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
    "LOADED",
    "Option",
    "QUOTE_MARKS",
    "ATTRIBUTION",
    "MENTIONS",
    "NAMING",
    "OWN_VOICE",
    "TONE",
    "Registry",
    "attribute_article",
    "find_names",
    "registry_from_records",
    "SpanTable",
    "annotate",
    "cache_keys",
    "check_annotator",
    "find_quotes",
    "plan",
]
