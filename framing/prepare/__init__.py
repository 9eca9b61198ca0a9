"""prepare: clean article bodies, split them into sentences, flag duplicates and languages."""

from .clean import Change, Cleaned, clean_article
from .pipeline import prepare_article, prepare_articles
from .sentences import Span, sentence_texts, split_sentences

__all__ = [
    "Change",
    "Cleaned",
    "clean_article",
    "prepare_article",
    "prepare_articles",
    "Span",
    "split_sentences",
    "sentence_texts",
]
