"""Tone toward an actor: what a sentence says about the one it names, not its overall mood.

Why not whole-sentence sentiment: "Smith said the economy is collapsing" is a gloomy sentence that
says nothing bad about Smith, and "protesters attacked the police" casts the protesters, not the
police, negatively. The scorer reads VADER's lexicon (Hutto & Gilbert 2014; the
``vaderSentiment`` package ships it, nothing is downloaded) with VADER's negation and booster
rules, and adds three documented choices:

1. **The clause around the mention.** Only words between the nearest clause boundaries (``;``,
   ``:``, a dash, a bracket, and *but*, *while*, *whereas*, *although*, *though*, *however*) count.
2. **Nearer words weigh more.** A word ``g`` tokens from the mention weighs ``1 / (1 + g / 4)``.
3. **Agent or target.** For a word listed in ``framing/data/tone_roles.csv``: a *harm* (attack,
   kill) counts against its agent, not its target (a victim); a *criticism* (accuse, blame) counts
   against its target, not against whoever voices it. The role comes from word order and voice:
   the mention before an active verb is its agent; after it, or before a passive one
   ("was attacked"), its target; after *by*, the agent again.

The sum is squashed into ``[-1, 1]`` with VADER's ``normalize``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd

from ..lexicons import read_records
from ..schema import Column
from ..tokens import TOKEN_PATTERN
from .base import Annotation, Annotator, AnnotatorInput, SpanTable, quote_spans

__all__ = ["TONE", "ToneLexicon", "tone_lexicon", "mention_tone", "sentence_tone", "label"]

DECAY_TOKENS = 4.0
"""A word this many tokens from the mention weighs half as much as one beside it."""
NEUTRAL_BAND = 0.05
"""|tone| below this is neutral (VADER's own threshold for its compound score)."""

_BOUNDARY = re.compile(
    r"[;:()\[\]]|\s[—–-]{1,2}\s|\b(?:but|while|whereas|although|though|however)\b", re.IGNORECASE
)
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]|‘[^’]*’(?!\w)")
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "got", "get", "gets"})
_IRREGULAR = {"shot": "shoot", "struck": "strike", "hit": "hit", "hurt": "hurt", "stole": "steal"}


@dataclass(frozen=True)
class ToneLexicon:
    """VADER's word valences (less ``tone_neutral.txt``), negations and boosters, the roles of
    ``tone_roles.csv`` and the reporting verbs' forms (``reporting_verbs.csv``)."""

    valence: dict[str, float]
    negations: frozenset[str]
    boosters: dict[str, float]
    roles: dict[str, str]
    reporting: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _vader() -> tuple[dict[str, float], frozenset[str], dict[str, float]]:
    """VADER's lexicon, negations and boosters, read once per process from its package."""
    import vaderSentiment.vaderSentiment as vader

    analyzer = vader.SentimentIntensityAnalyzer()
    return (
        dict(analyzer.lexicon),
        frozenset(w.lower() for w in vader.NEGATE),
        {k.lower(): v for k, v in vader.BOOSTER_DICT.items()},
    )


@lru_cache(maxsize=8)
def tone_lexicon(
    roles: tuple[tuple[str, str], ...] | None = None,
    neutral: tuple[str, ...] | None = None,
    reporting: tuple[str, ...] | None = None,
) -> ToneLexicon:
    """The lexicon from VADER and the given data (default: the packaged data files)."""
    if roles is None or neutral is None or reporting is None:
        from ..lexicons import read_lines

        roles = roles if roles is not None else role_pairs(read_records("tone_roles.csv"))
        neutral = neutral if neutral is not None else read_lines("tone_neutral.txt")
        reporting = (
            reporting
            if reporting is not None
            else reporting_forms(read_records("reporting_verbs.csv"))
        )
    valence, negations, boosters = _vader()
    plain = {w.strip().lower() for w in neutral}
    return ToneLexicon(
        valence={w: v for w, v in valence.items() if w not in plain},
        negations=negations,
        boosters=boosters,
        roles=dict(roles),
        reporting=frozenset(reporting),
    )


def role_pairs(records: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    """``tone_roles.csv`` rows as (word, role) pairs."""
    return tuple((r["word"].strip().lower(), r["role"].strip()) for r in records)


def reporting_forms(records: list[dict[str, str]]) -> tuple[str, ...]:
    """Every form of the reporting verbs of ``reporting_verbs.csv`` (said, says, told ...),
    except the phrases marked ``none``."""
    forms: set[str] = set()
    for row in records:
        if (row.get("class") or "").strip() == "none" or " " in row["verb"].strip():
            continue
        forms.add(row["verb"].strip().lower())
        forms.update(f.strip().lower() for f in (row.get("forms") or "").split(";") if f.strip())
    return tuple(sorted(forms))


def sentence_tone(
    sentence: str, lexicon: ToneLexicon, tokens: list[tuple[int, int, str]] | None = None
) -> float:
    """The whole sentence's valence in ``[-1, 1]`` (VADER's rules over its words, no roles)."""
    tokens = _tokens(sentence) if tokens is None else tokens
    total = sum(_valence(tokens, k, lexicon) for k in range(len(tokens)))
    return _normalize(total)


def mention_tone(
    sentence: str,
    start: int,
    end: int,
    lexicon: ToneLexicon,
    tokens: list[tuple[int, int, str]] | None = None,
    quoted: list[tuple[int, int]] | None = None,
    valences: Sequence[float] | None = None,
    boundaries: list[tuple[int, int]] | None = None,
) -> float:
    """Tone toward the actor named at ``sentence[start:end]``, in ``[-1, 1]``.

    ``tokens``: the sentence's, when the caller has them already; ``quoted``: the spans of the
    sentence inside quotation marks (the annotator passes the article's ``quote_marks``, which
    see quotations that run over several sentences; by default, quotations opened and closed in
    the sentence); ``valences``: each token's valence (``_valence``) and ``boundaries``: the
    clause boundaries' spans (``_BOUNDARY``), when the caller has them for all of the sentence's
    names."""
    low, high = _clause(sentence, start, end, boundaries)
    tokens = _tokens(sentence) if tokens is None else tokens
    # tokens are in order and do not overlap: those inside the clause are one run of them
    starts = [t[0] for t in tokens]
    ends = [t[1] for t in tokens]
    begin, stop = bisect_left(starts, low), bisect_right(ends, high)
    first = max(begin, bisect_right(ends, start))  # the first ending after the name's start
    last = min(stop, bisect_left(starts, end)) - 1  # the last starting before its end
    if first >= stop or last < begin:
        return 0.0
    if quoted is None:
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(sentence)]
    inside = _own_words(sentence, tokens, list(range(begin, stop)), first, last, lexicon, quoted)
    if valences is None:
        valences = [_valence(tokens, k, lexicon) for k in range(len(tokens))]
    total = 0.0
    for k in inside:
        if first <= k <= last:
            continue  # the name itself ("Trump", "Hope") carries no tone
        value = valences[k]
        if not value:
            continue
        gap = (first - k - 1) if k < first else (k - last - 1)
        total += value * _role_weight(tokens, k, first, last, lexicon) / (1 + gap / DECAY_TOKENS)
    return _normalize(total)


def _own_words(
    sentence: str,
    tokens: list[tuple[int, int, str]],
    inside: list[int],
    first: int,
    last: int,
    lexicon: ToneLexicon,
    quoted: list[tuple[int, int]],
) -> list[int]:
    """The clause's tokens that may speak of the actor. When the actor is the speaker of a
    reporting verb, what it says is not said of it, and never the words in quotation marks:

    - "Smith said the plan failed": only the words before the verb count;
    - "The plan failed, Smith said" (the name after a comma or a closing quote): only the words
      from the name on;
    - "..., said Smith, a senator": only the words after the verb;
    - "according to Smith, the plan failed": none.
    """
    verb = _reporting_verb(sentence, tokens, inside, first, last, lexicon)
    if verb is None:
        return inside
    if verb < first and tokens[verb][2] == "to":  # according to Smith
        return []

    def spoken(k: int) -> bool:
        return any(low <= tokens[k][0] < high for low, high in quoted)

    if verb > last:
        after_break = _break_before(sentence, tokens, first)
        side = [k for k in inside if k < verb and (k >= first or not after_break)]
    else:
        side = [k for k in inside if k > verb]
    return [k for k in side if not spoken(k)]


_BREAK = re.compile(r"[,”\"’]\s*$")


def _break_before(sentence: str, tokens: list[tuple[int, int, str]], k: int) -> bool:
    """A comma or a closing quotation mark just before token ``k`` ("…, Smith said")."""
    before = sentence[tokens[k - 1][1] if k else 0 : tokens[k][0]]
    return bool(_BREAK.search(before))


def _reporting_verb(
    sentence: str,
    tokens: list[tuple[int, int, str]],
    inside: list[int],
    first: int,
    last: int,
    lexicon: ToneLexicon,
) -> int | None:
    """The token of the reporting verb whose speaker the mention is, if any:

    - within two tokens after it, with no form of *be* between ("Smith told", "Smith also
      said"; "Smith was praised" makes Smith the target, and "Smith, 54, said" is missed);
    - just before it, after a comma or a closing quote ("…,” said Smith"; in "critics condemned
      Smith", Smith is the object);
    - "according to" before it.
    """
    for k in (last + 1, last + 2):
        if k in inside and tokens[k][2] in lexicon.reporting:
            between = {t[2] for t in tokens[last + 1 : k]}
            return None if between & _BE else k
    before = first - 1
    if before in inside and tokens[before][2] in lexicon.reporting:
        return before if _break_before(sentence, tokens, before) else None
    if first >= 2 and (tokens[first - 2][2], tokens[first - 1][2]) == ("according", "to"):
        return first - 1
    return None


def label(tone: float, band: float = NEUTRAL_BAND) -> str:
    """``negative``, ``neutral`` or ``positive``."""
    if tone <= -band:
        return "negative"
    return "positive" if tone >= band else "neutral"


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Lower-cased tokens with offsets; a capitalised word inside the sentence is part of a name
    (*United* States, *Liberty* University, *Hope* Hicks) and carries no valence."""
    out = []
    for k, match in enumerate(TOKEN_PATTERN.finditer(text)):
        word = match.group(0)
        named = k > 0 and word[:1].isupper() and not word.isupper()
        out.append((match.start(), match.end(), "" if named else word.lower()))
    return out


def _clause(
    sentence: str, start: int, end: int, boundaries: list[tuple[int, int]] | None = None
) -> tuple[int, int]:
    """Character bounds of the clause holding ``[start, end)``; ``boundaries``: the spans of
    ``_BOUNDARY`` in the sentence, when known."""
    if boundaries is None:
        boundaries = _boundaries(sentence)
    low, high = 0, len(sentence)
    for b_start, b_end in boundaries:
        if b_end <= start:
            low = b_end
        elif b_start >= end:
            high = b_start
            break
    return low, high


def _boundaries(sentence: str) -> list[tuple[int, int]]:
    """Spans of the clause boundaries (``_BOUNDARY``) in ``sentence``."""
    return [match.span() for match in _BOUNDARY.finditer(sentence)]


def _valence(tokens: list[tuple[int, int, str]], k: int, lexicon: ToneLexicon) -> float:
    """VADER's valence of token ``k``: a booster before it adds, a negation in the three tokens
    before it flips and damps it."""
    word = tokens[k][2]
    value = lexicon.valence.get(word, 0.0)
    if not value:
        return 0.0
    if k and tokens[k - 1][2] in lexicon.boosters:
        boost = lexicon.boosters[tokens[k - 1][2]]
        value += boost if value > 0 else -boost
    if any(tokens[j][2] in lexicon.negations for j in range(max(0, k - 3), k)):
        value *= -0.74
    return value


def _role_weight(
    tokens: list[tuple[int, int, str]], k: int, first: int, last: int, lexicon: ToneLexicon
) -> float:
    """1 when the word reflects on the mentioned actor, 0 when the actor is only its victim (a
    harm) or its voice (a criticism)."""
    role = _role(tokens[k][2], lexicon)
    if role is None:
        return 1.0
    if k > last:  # the actor comes first: its agent, unless the verb is passive
        between = {t[2] for t in tokens[last + 1 : k]}
        target = bool(between & _BE) and _participle(tokens[k][2])
    else:  # the verb comes first: the actor is its object, unless "by" precedes it
        target = not (first and tokens[first - 1][2] == "by")
    agent = not target
    return 1.0 if (role == "harm" and agent) or (role == "criticism" and target) else 0.0


def _role(word: str, lexicon: ToneLexicon) -> str | None:
    if word in _IRREGULAR:
        return lexicon.roles.get(_IRREGULAR[word])
    for stem in _stems(word):
        if stem in lexicon.roles:
            return lexicon.roles[stem]
    return None


def _stems(word: str) -> list[str]:
    """The word and what it may be an inflection of (attacks, attacked, attacking, shelled)."""
    out = [word]
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)]
            out += [base, base + "e"]
            if len(base) > 2 and base[-1] == base[-2]:
                out.append(base[:-1])
            if base.endswith("i"):
                out.append(base[:-1] + "y")
    return out


def _participle(word: str) -> bool:
    return word.endswith("ed") or word in _IRREGULAR


def _normalize(score: float, alpha: float = 15.0) -> float:
    """VADER's squashing of a valence sum into ``[-1, 1]``."""
    if not score:
        return 0.0
    return score / (score * score + alpha) ** 0.5


class _Sentences:
    """The tokens of every sentence, found by one pass of ``TOKEN_PATTERN`` each, with every
    token's valence as ``_valence`` gives it: a few tens of thousands of distinct words are
    looked up, not millions of tokens.

    Attributes
    ----------
    words : list of list of str
        Each sentence's tokens as written.
    bounds : ndarray
        ``bounds[i]:bounds[i + 1]`` index sentence ``i``'s tokens in the flat arrays.
    read : ndarray of object
        Each token as ``_tokens`` gives it: lower case, "" for a word of a name.
    valences : ndarray of object
        Each token's valence (Python floats, so that sums and products stay ``_valence``'s).
    """

    def __init__(self, texts: Sequence[str], lexicon: ToneLexicon) -> None:
        self.words = [TOKEN_PATTERN.findall(text) for text in texts]
        lengths = np.fromiter(map(len, self.words), dtype=np.int64, count=len(self.words))
        self.bounds = np.zeros(len(self.words) + 1, dtype=np.int64)
        np.cumsum(lengths, out=self.bounds[1:])
        if not self.bounds[-1]:
            self.read = self.valences = np.array([], dtype=object)
            return
        flat = np.fromiter(chain.from_iterable(self.words), dtype=object, count=self.bounds[-1])
        codes, uniques = pd.factorize(flat)
        lower = np.array([word.lower() for word in uniques], dtype=object)
        named = np.array([w[:1].isupper() and not w.isupper() for w in uniques])[codes]
        named[self.bounds[:-1][lengths > 0]] = False  # a sentence's first word: capitalised
        self.read = np.where(named, "", lower[codes])
        self.valences = self._valences(lexicon, lower, codes, named, lengths)

    def _valences(
        self,
        lexicon: ToneLexicon,
        lower: np.ndarray,
        codes: np.ndarray,
        named: np.ndarray,
        lengths: np.ndarray,
    ) -> np.ndarray:
        """``_valence`` of every token, over arrays: a booster just before a word with a
        valence adds to it, a negation among the three tokens before flips and damps it."""
        base = np.array([lexicon.valence.get(w, 0.0) for w in lower])[codes]
        boosting = np.array([w in lexicon.boosters for w in lower])[codes] & ~named
        boost = np.array([lexicon.boosters.get(w, 0.0) for w in lower])[codes]
        negating = np.array([w in lexicon.negations for w in lower])[codes] & ~named
        at = np.flatnonzero((base != 0) & ~named)  # the tokens with a valence
        first = np.repeat(self.bounds[:-1], lengths)[at]  # their sentence's first token
        value = base[at]
        before = np.maximum(at - 1, 0)
        boosted = (at - 1 >= first) & boosting[before]
        value = np.where(boosted & (base[at] > 0), value + boost[before], value)
        value = np.where(boosted & ~(base[at] > 0), value - boost[before], value)
        negated = np.zeros(len(at), dtype=bool)
        for back in (1, 2, 3):
            negated |= (at - back >= first) & negating[np.maximum(at - back, 0)]
        values = np.zeros(len(codes), dtype=np.float64)
        values[at] = np.where(negated, value * -0.74, value)
        return values.astype(object)

    def tones(self) -> np.ndarray:
        """Each sentence's tone (``sentence_tone``): the sum of its tokens' valences that are
        not zero, in order, squashed."""
        whole = np.zeros(len(self.words))
        at = np.flatnonzero(self.valences.astype(bool))
        if not len(at):
            return whole
        rows = np.searchsorted(self.bounds, at, side="right") - 1
        cuts = np.flatnonzero(np.diff(rows)) + 1
        parts = np.split(self.valences[at], cuts)
        for row, values in zip(rows[np.r_[0, cuts]], parts, strict=True):
            whole[row] = _normalize(sum(values.tolist()))
        return whole

    def tokens(self, row: int, text: str) -> list[tuple[int, int, str]]:
        """Sentence ``row``'s tokens as ``_tokens(text)`` gives them. Each token is found with
        ``str.find`` after the previous one: a token starts with a letter or digit, and none
        lies between two tokens (the pattern would have started one there)."""
        tokens = []
        at = 0
        for word, read in zip(
            self.words[row], self.read[self.bounds[row] : self.bounds[row + 1]], strict=True
        ):
            start = text.find(word, at)
            at = start + len(word)
            tokens.append((start, at, read))
        return tokens

    def values(self, row: int) -> list[float]:
        """Sentence ``row``'s token valences."""
        return self.valences[self.bounds[row] : self.bounds[row + 1]].tolist()


def _tone(given: AnnotatorInput) -> Annotation:
    data = given.data
    lexicon = tone_lexicon(
        role_pairs(data.records("tone_roles.csv")),
        data.lines("tone_neutral.txt"),
        reporting_forms(data.records("reporting_verbs.csv")),
    )
    sentences = given.sentences
    texts = sentences["text"].to_numpy(dtype=object)
    read = _Sentences(texts, lexicon)
    row_of = {
        key: row
        for row, key in enumerate(
            zip(sentences["article_id"], sentences["sentence_id"].astype(int), strict=True)
        )
    }
    starts = sentences["start"].to_numpy()
    marks = quote_spans(given)
    found: dict[int, tuple] = {}  # a sentence's tokens, valences, clause bounds and quotations
    mentions = given.spans["mentions"]
    tones = np.full(len(mentions), np.nan)
    for i, (article_id, sentence_id, start, end) in enumerate(
        mentions[["article_id", "sentence_id", "start", "end"]].itertuples(index=False, name=None)
    ):
        row = row_of.get((article_id, int(sentence_id)))
        if row is None:
            continue
        offset = int(starts[row])
        low, high = int(start) - offset, int(end) - offset
        if not 0 <= low < high <= len(texts[row]):
            continue  # a name running over a sentence end is not read: its clause is unknown
        if row not in found:  # found once for all the sentence's names
            text = texts[row]
            found[row] = (
                read.tokens(row, text),
                read.values(row),
                _boundaries(text),
                [
                    (q_start - offset, q_end - offset)
                    for q_start, q_end in marks.get(article_id, ())
                    if q_start < offset + len(text) and q_end > offset
                ],
            )
        tokens, values, boundaries, quoted = found[row]
        tones[i] = mention_tone(texts[row], low, high, lexicon, tokens, quoted, values, boundaries)
    table = pd.DataFrame(
        {
            "article_id": mentions["article_id"].astype("string"),
            "start": mentions["start"].astype("int64"),
            "end": mentions["end"].astype("int64"),
            "tone": tones,
        }
    )
    return Annotation(
        pd.DataFrame({"tone": read.tones()}, index=sentences.index),
        spans={"mention_tone": table},
    )


TONE = Annotator(
    name="tone",
    function=_tone,
    columns=(
        Column(
            "tone",
            "float64",
            "The sentence's valence in [-1, 1]: VADER's lexicon, negation and booster rules over "
            "its words (less `tone_neutral.txt`), squashed as VADER squashes; not about anyone.",
        ),
    ),
    spans=(
        SpanTable(
            "mention_tone",
            (
                Column("article_id", "string", "Article the name is in."),
                Column("start", "int64", "Offset of the name's first character."),
                Column("end", "int64", "Offset one past its last character."),
                Column(
                    "tone",
                    "float64",
                    "Tone toward the named actor in [-1, 1]: the valence of the words of its "
                    "clause, nearer words weighing more, negation and agent/target roles "
                    "(`tone_roles.csv`) applied, a speaker's own reported words left out "
                    "(see `framing/annotate/tone.py`). Empty when the name runs over its "
                    "sentence's end (its clause is unknown).",
                ),
            ),
            "a name in the text (tone toward it)",
            extends="mentions",
        ),
    ),
    requires=("mentions", "quote_marks"),
    data_files=("tone_roles.csv", "tone_neutral.txt", "reporting_verbs.csv"),
    version="2",
)
