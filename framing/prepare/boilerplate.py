"""Boilerplate learned from the corpus: lines that recur across one outlet's articles.

Why learn it: every site has its own furniture (a sign-up box, "Hide Caption", "Updated at
3:15 p.m. ET", a columnist's byline, "Advertisement:"), and no list of patterns written in
advance knows them all; on real corpora that furniture outranks the framing in keyness. What
gives furniture away is repetition: a site prints it in article after article, while a reporter
rarely writes the same paragraph twice.

The rule (one pass over the raw bodies, before cleaning):

1. Each line (paragraph) of a body gets a key: Unicode-composed, lower-cased, runs of spaces
   made one, and in lines of at most ``FOLD_DIGITS_WORDS`` (12) words digits replaced by ``0``
   (so "Updated at 3:15 p.m. ET" and "Slideshow (12 Images)" match their other printings, while
   "fired 12 missiles" and "fired 30 missiles" stay two lines).
2. For each outlet, a key is *boilerplate* when it has at most ``MAX_WORDS`` (60) words and
   occurs in at least ``min_articles`` (default 3) different *stories* of that outlet. Versions
   of one story count once: articles with the same title, and articles that share at least
   half of the shorter one's lines (counting lines that recur in at most
   ``VERSION_LINES_MAX`` (20) of the outlet's articles, so that furniture cannot make two
   stories one). Updated versions share their quotes and background paragraphs; without this,
   reporting would look like furniture.
3. Cleaning removes those lines from each of the outlet's articles (the ``boilerplate`` step)
   and logs each removal with the line and how many of the outlet's stories print it.

Single-article evidence (a caption ending "(AP Photo)", "Click here to subscribe") stays with
the pattern files in ``framing/data``; this rule needs no data file, only the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import NamedTuple

__all__ = ["MAX_WORDS", "Boilerplate", "learn_boilerplate", "line_key"]

MAX_WORDS = 60
"""Longer lines are never boilerplate: furniture is short; a long repeated paragraph is more
likely a reused background paragraph, which is reporting."""
FOLD_DIGITS_WORDS = 12
"""Digits are folded in lines this short (timestamps, counters); longer lines keep them."""
VERSION_LINES_MAX = 20
"""Lines recurring in more of an outlet's articles than this are ignored when telling versions
of one story apart (they are furniture candidates themselves, and comparing every pair of the
thousand articles that print a sign-up box would cost a million comparisons)."""

_DIGITS = re.compile(r"\d+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


class Boilerplate(NamedTuple):
    """A learned boilerplate line of one outlet: in how many of its stories it occurs."""

    stories: int
    outlet_stories: int


def line_key(line: str) -> str:
    """The key two printings of the same furniture line share.

    >>> line_key("Updated at 3:15 p.m.  ET")
    'updated at 0:0 p.m. et'
    """
    text = " ".join(unicodedata.normalize("NFC", _INVISIBLE.sub("", line)).lower().split())
    return _DIGITS.sub("0", text) if text.count(" ") < FOLD_DIGITS_WORDS else text


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
    bodies, titles = list(bodies), list(titles)
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for index, outlet in enumerate(outlets):
        by_outlet[outlet].append(index)
    found: list[dict[str, Boilerplate]] = [{} for _ in bodies]
    for members in by_outlet.values():  # one outlet at a time: memory of the largest only
        if len(members) < min_articles:
            continue
        keys = [_keys(bodies[i]) for i in members]
        story = _stories([titles[i] for i in members], keys)
        learned = _learned(keys, story, min_articles)
        for index, own in zip(members, keys, strict=True):
            found[index] = {k: learned[k] for k in sorted(own) if k in learned}
    return found


def _keys(body: str) -> set[str]:
    keys = (line_key(line) for line in body.split("\n"))
    return {k for k in keys if k and k.count(" ") < MAX_WORDS}


def _learned(keys: list[set[str]], story: list[int], min_articles: int) -> dict[str, Boilerplate]:
    """Keys occurring in at least ``min_articles`` distinct stories."""
    stories_of: dict[str, set[int]] = defaultdict(set)
    for own, root in zip(keys, story, strict=True):
        for key in own:
            stories_of[key].add(root)
    total = len(set(story))
    return {
        key: Boilerplate(len(roots), total)
        for key, roots in stories_of.items()
        if len(roots) >= min_articles
    }


def _stories(titles: Sequence[str | None], keys: list[set[str]]) -> list[int]:
    """A story number per article: the same for one title, and for versions (articles sharing
    at least half of the shorter one's rarer lines)."""
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root(i)] = root(j)

    first_with: dict[str, int] = {}
    for i, title in enumerate(titles):
        key = line_key(title or "")
        if key:
            join(i, first_with.setdefault(key, i))
    for i, j in _versions(keys):
        join(i, j)
    return [root(i) for i in range(len(keys))]


def _versions(keys: list[set[str]]) -> list[tuple[int, int]]:
    """Pairs of articles that share at least half (and at least two) of the shorter one's
    lines, counting only lines in at most ``VERSION_LINES_MAX`` articles."""
    holders: dict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(keys):
        for key in own:
            holders[key].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for members in holders.values():
        if 2 <= len(members) <= VERSION_LINES_MAX:
            shared.update(combinations(members, 2))
    return [
        (i, j)
        for (i, j), n in shared.items()
        if n >= 2 and 2 * n >= min(len(keys[i]), len(keys[j]))
    ]
