"""Cues: the reporting verbs, "according to" and "claims by X" of a sentence, each with the
phrase that names its speaker."""

from __future__ import annotations

from dataclasses import dataclass

from ..actors import normalize_name
from .phrases import _phrase_after, _phrase_before, _sentence_subject, _speaker_before, _subject
from .words import _PRONOUNS, Lexicon, _is_title, _lemma_of, _Token


@dataclass
class _Cue:
    verb: str
    verb_class: str
    first: int  # token range of the whole attribution (speaker and verb)
    last: int
    verb_at: int
    mention: tuple[int, int] | None  # token range of the speaker phrase
    speaker: str = ""
    group: str = ""
    mention_text: str = ""
    position: int = 0  # character offset, for "nearest earlier"


def _verb_at(tokens: list[_Token], i: int, lexicon: Lexicon) -> tuple[str, str, int] | None:
    """(lemma, class, tokens used) of a reporting verb starting at token ``i``."""
    if tokens[i].is_quote:
        return None
    if i + 1 < len(tokens):
        pair = f"{tokens[i].lower} {tokens[i + 1].lower}"
        if pair == "according to":
            return "according to", "neutral", 2
        if pair in lexicon.verbs:
            return (*lexicon.verbs[pair], 2)
    if tokens[i].lower in lexicon.verbs and not tokens[i].capital:
        return (*lexicon.verbs[tokens[i].lower], 1)
    return None


def _unknown_verb(tokens: list[_Token], i: int) -> bool:
    """A lower-case -ed word in an attribution's place next to a quotation."""
    word = tokens[i].text
    return (
        not tokens[i].is_quote
        and word.islower()
        and word.endswith("ed")
        and len(word) > 4
        and word.isalpha()
    )


def _cues(tokens: list[_Token], lexicon: Lexicon) -> list[_Cue]:
    cues: list[_Cue] = []
    starts = lexicon.cue_starts
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.lower not in starts and not (
            token.lower.endswith("ed") and _next_to_quote(tokens, i)
        ):
            i += 1
            continue
        found = _verb_at(tokens, i, lexicon)
        if found is None and _unknown_verb(tokens, i) and _next_to_quote(tokens, i):
            found = (_lemma_of(tokens[i].lower), "other", 1)
        if _claim_by(tokens, i, lexicon):
            cues.append(_claim_cue(tokens, i, lexicon))
            i += 1
            continue
        owner = _claim_of(tokens, i, lexicon)
        if owner is not None:
            cues.append(_Cue("", "", owner[0], i, i, owner))
            i += 1
            continue
        if found is None or found[0] != "according to" and _noun_use(tokens, i, found[2], lexicon):
            i += 1
            continue
        verb, verb_class, used = found
        if verb_class == "none":  # "called for", "called together": not an attribution
            i += used
            continue
        form = " ".join(t.lower for t in tokens[i : i + used])
        if form.endswith("ing") and verb != "according to":
            mention = _participle_speaker(tokens, i, cues, lexicon)
        else:
            mention = _mention(tokens, i, used, verb, form, lexicon)
        if mention is not None:
            first = min(mention[0], i)
            last = max(mention[1], i + used - 1)
            cues.append(_Cue(verb, verb_class, first, last, i, mention))
        i += used
    return cues


def _issuer(
    tokens: list[_Token], phrase: tuple[int, int] | None, lexicon: Lexicon
) -> tuple[int, int] | None:
    """ "a statement by the ministry", "a report from X": the speaker is who issued it."""
    if phrase is None or tokens[phrase[1]].lower not in lexicon.document_nouns:
        return phrase
    k = phrase[1] + 1
    if k < len(tokens) and tokens[k].lower in ("by", "from", "of"):
        issuer = _phrase_after(tokens, k + 1, lexicon)
        if issuer is not None:
            return issuer
    return phrase


def _appositive(
    tokens: list[_Token], phrase: tuple[int, int] | None, lexicon: Lexicon
) -> tuple[int, int] | None:
    """ "the commander-in-chief of the military, Valerii Zaluzhnyi, ...": the name that
    follows a role phrase between commas is the speaker."""
    if (
        phrase is None
        or tokens[phrase[1]].capital
        and not _is_title(tokens[phrase[1]].text, lexicon.titles)
    ):
        return phrase
    k = phrase[1] + 1
    if k < len(tokens) and tokens[k].lower == "of":
        while k < len(tokens) and tokens[k].text != "," and k - phrase[1] < 6:
            k += 1
    if k + 1 < len(tokens) and tokens[k].text == "," and tokens[k + 1].capital:
        name = _phrase_after(tokens, k + 1, lexicon)
        if name is not None and name[1] + 1 < len(tokens) and tokens[name[1] + 1].text == ",":
            return name
    return phrase


def _claim_of(tokens: list[_Token], i: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "Trump's earlier claim that ...": the possessor made the claim."""
    if tokens[i].lower not in lexicon.claim_nouns:
        return None
    if not any(t.lower == "that" for t in tokens[i + 1 : i + 5]):
        return None
    k = i - 1
    while k >= 0 and tokens[k].text.islower() and not tokens[k].lower.endswith(("'s", "’s")):
        k -= 1
        if i - k > 3:
            return None
    if k < 0 or not tokens[k].lower.endswith(("'s", "’s")) or not tokens[k].capital:
        return None
    return _phrase_before(tokens, k, lexicon)


def _claim_by(tokens: list[_Token], i: int, lexicon: Lexicon) -> bool:
    """ "claims by Republicans that ...", "allegations from the ministry": a speaker without a
    verb."""
    return (
        tokens[i].lower in lexicon.claim_nouns
        and i + 2 < len(tokens)
        and tokens[i + 1].lower in ("by", "from")
        and _phrase_after(tokens, i + 2, lexicon) is not None
    )


def _claim_cue(tokens: list[_Token], i: int, lexicon: Lexicon) -> _Cue:
    mention = _phrase_after(tokens, i + 2, lexicon)
    return _Cue("", "", i, mention[1], i, mention)


_ADVERBIAL = frozenset({",", "by", "while", "after", "before", "when", "and", "also", "then", "as"})


def _participle_speaker(
    tokens: list[_Token], i: int, cues: list[_Cue], lexicon: Lexicon
) -> tuple[int, int] | None:
    """Who speaks in "..., saying", "by remarking", "was quoted as saying": the clause's
    speaker (the previous cue's) or the sentence's subject. A participle after a noun ("a host
    asking questions") is no attribution."""
    previous = tokens[i - 1].lower if i > 0 else ""
    if previous == "as":  # "X was quoted as saying"
        return _speaker_before(tokens, i, lexicon)
    if cues:
        return cues[-1].mention  # "X denounced the EU saying ...": X says it
    if previous not in _ADVERBIAL and previous not in lexicon.document_nouns:
        return None  # "a statement claiming ...": the subject issued it
    subject = _sentence_subject(tokens, lexicon)
    return subject if subject is not None and subject[1] < i else None


def _noun_use(tokens: list[_Token], i: int, used: int, lexicon: Lexicon) -> bool:
    """A verb form used as a noun or a passive: "its claims", "Russia's demand", "a
    briefing", "the said shells", "first reported by CNN"."""
    if i > 0:
        previous = tokens[i - 1].lower
        if previous in lexicon.determiners or previous.endswith(("'s", "’s")):
            return True
        if normalize_name(tokens[i - 1].text).lower() in lexicon.registry.adjectives:
            return True  # "Russian demands"
    following = tokens[i + used].lower if i + used < len(tokens) else ""
    return following == "by"


def _mention(
    tokens: list[_Token], i: int, used: int, verb: str, form: str, lexicon: Lexicon
) -> tuple[int, int] | None:
    if verb == "according to":
        return _appositive(
            tokens, _issuer(tokens, _phrase_after(tokens, i + 2, lexicon), lexicon), lexicon
        )
    mention = _speaker_before(tokens, i, lexicon)
    if mention is not None:
        return mention
    after = _phrase_after(tokens, i + used, lexicon)
    if after is not None and _inverted_ok(tokens, i):
        return after
    if form.endswith("s") and form != verb:
        return None  # "claims", "reports": a verb only next to its subject
    return _subject(tokens, i, lexicon)


def _next_to_quote(tokens: list[_Token], i: int) -> bool:
    """An unlisted verb in an attribution's place: “...,” NAME VERBED[.,] or “...,” VERBED
    NAME — a quotation, punctuation at most, a short name or pronoun, and the verb ending its
    clause (or right after the quotation)."""
    after = tokens[i + 1 : i + 3]
    if (
        i > 0
        and (tokens[i - 1].capital or tokens[i - 1].lower in _PRONOUNS)
        and len(after) == 2
        and after[0].text in ",:"
        and after[1].is_quote
    ):
        return True  # NAME VERBED, “...”
    k = i - 1
    while k >= 0 and not tokens[k].is_quote and i - k <= 4:
        if not (tokens[k].capital or tokens[k].lower in _PRONOUNS or tokens[k].text in ",.!?"):
            return False
        k -= 1
    if k < 0 or not tokens[k].is_quote:
        return False
    following = tokens[i + 1].text if i + 1 < len(tokens) else "."
    named_before = any(t.capital or t.lower in _PRONOUNS for t in tokens[k + 1 : i])
    return following in ".,;!?" if named_before else i + 1 < len(tokens) and tokens[i + 1].capital


def _inverted_ok(tokens: list[_Token], verb: int) -> bool:
    """ "said X" names the speaker only right after a quotation or clause: “...,” said X."""
    k = verb - 1
    while k >= 0 and tokens[k].text in ",":
        k -= 1
    return k < 0 or tokens[k].is_quote or tokens[k].text in ",;:"
