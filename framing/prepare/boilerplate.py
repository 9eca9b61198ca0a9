"""Boilerplate learned from the corpus: lines that recur across one outlet's articles.

Why learn it: every site has its own furniture (a sign-up box, "Hide Caption", "Updated at
3:15 p.m. ET", a columnist's byline, "Advertisement:"), and no list of patterns written in
advance knows them all; on real corpora that furniture outranks the framing in keyness. What
gives furniture away is repetition: a site prints it in article after article, while a reporter
rarely writes the same paragraph twice.

The rule (one pass over the raw bodies, before cleaning):

1. Each line (paragraph) of a body gets a key: Unicode-composed, lower-cased, digits replaced by
   ``0`` (so timestamps and "1 of 24" match), runs of spaces made one.
2. For each outlet, a key is *boilerplate* when it has at most ``MAX_WORDS`` (60) words and
   occurs in at least ``min_articles`` (default 3) different stories of that outlet. Stories,
   not articles: articles with the same (normalised) title count once, so that updated versions
   of one story, which share their paragraphs, cannot make reporting look like furniture.
3. Cleaning removes those lines from each of the outlet's articles (the ``boilerplate`` step)
   and logs each removal with the line and how many of the outlet's stories print it.

Single-article evidence (a caption ending "(AP Photo)", "Click here to subscribe") stays with
the pattern files in ``framing/data``; this rule needs no data file, only the corpus.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple

__all__ = ["MAX_WORDS", "Boilerplate", "learn_boilerplate", "line_key"]

MAX_WORDS = 60
"""Longer lines are never boilerplate: furniture is short; a long repeated paragraph is more
likely a reused background paragraph, which is reporting."""

_DIGITS = re.compile(r"\d+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


class Boilerplate(NamedTuple):
    """A learned boilerplate line of one outlet: in how many of its stories it occurs."""

    stories: int
    outlet_stories: int


def line_key(line: str) -> str:
    """The key two printings of the same furniture line share.

    >>> line_key("Updated at 3:15 p.m. ET")
    'updated at 0:0 p.m. et'
    """
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", line))
    return _DIGITS.sub("0", " ".join(text.lower().split()))


def learn_boilerplate(
    bodies: Iterable[str],
    outlets: Iterable[str],
    titles: Iterable[str | None],
    *,
    min_articles: int = 3,
) -> list[dict[str, Boilerplate]]:
    """For each article, the boilerplate lines it contains (key → how common), by the rule above.

    Parameters
    ----------
    bodies, outlets, titles : iterables of the same length
        Each article's raw body, outlet and title (None or "" when it has none).
    min_articles : int, default=3
        Stories of the outlet a line must occur in to count as boilerplate.

    Returns
    -------
    list of dict
        Aligned with the input: for each article, its lines that are its outlet's boilerplate.

    >>> found = learn_boilerplate(
    ...     ["News one.\\nSign up now", "News two.\\nSign up now", "News three.\\nSign up now"],
    ...     ["X", "X", "X"], ["a", "b", "c"])
    >>> found[0]
    {'sign up now': Boilerplate(stories=3, outlet_stories=3)}
    """
    articles = [
        (outlet, _story(title, body), _keys(body))
        for body, outlet, title in zip(bodies, outlets, titles, strict=True)
    ]
    stories_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    outlet_stories: dict[str, set[str]] = defaultdict(set)
    for outlet, story, keys in articles:
        outlet_stories[outlet].add(story)
        for key in keys:
            stories_of[(outlet, key)].add(story)
    learned = {
        pair: Boilerplate(len(stories), len(outlet_stories[pair[0]]))
        for pair, stories in stories_of.items()
        if len(stories) >= min_articles
    }
    return [_found(outlet, keys, learned) for outlet, _story_id, keys in articles]


def _keys(body: str) -> set[str]:
    keys = (line_key(line) for line in body.split("\n"))
    return {k for k in keys if k and k.count(" ") < MAX_WORDS}


def _story(title: str | None, body: str) -> str:
    """The story an article tells, for counting: its normalised title, else its body's digest."""
    key = line_key(title or "")
    return "t:" + key if key else "b:" + hashlib.blake2b(body.encode(), digest_size=12).hexdigest()


def _found(
    outlet: str, keys: set[str], learned: Mapping[tuple[str, str], Boilerplate]
) -> dict[str, Boilerplate]:
    return {k: learned[(outlet, k)] for k in sorted(keys) if (outlet, k) in learned}
