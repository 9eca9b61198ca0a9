"""Speaker phrases: the noun phrase before or after a reporting verb, appositives, a far
subject, a sentence's subject; read from tokens with word lists, no tagger."""

from __future__ import annotations

from ..actors import _common_words
from .words import _CONTRACTIONS, _PRONOUNS, Lexicon, _abbreviation, _is_title, _Token


def _is_head(token: _Token, lexicon: Lexicon) -> bool:
    """Can end a speaker phrase: a name, a pronoun, a role noun."""
    if token.is_quote or _CONTRACTIONS.match(token.lower):
        return False
    lower = token.lower.rstrip("'’s") if token.lower.endswith(("'s", "’s")) else token.lower
    if token.capital and lower in lexicon.function and lower not in _PRONOUNS:
        return False
    return (
        token.capital
        or lower in _PRONOUNS
        or lower in lexicon.quantifiers
        or lower in lexicon.nouns
        or _is_title(lower, lexicon.titles)
    )


def _inside_word(token: _Token, lexicon: Lexicon) -> bool:
    """Can stand inside a speaker phrase before its head."""
    if token.is_quote:
        return False
    lower = token.lower
    if token.capital and lower in lexicon.function or _CONTRACTIONS.match(lower):
        return False
    if lower.endswith(("'s", "’s")):
        return True
    return (
        token.capital
        or _is_title(lower, lexicon.titles)
        or lower in lexicon.nouns
        or lower in ("of", "for", "and", "-", "al", "bin", "de", "van", "von")
    )


def _phrase_before(tokens: list[_Token], k: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The speaker phrase ending at token ``k`` (inclusive), if one does."""
    if k < 0 or not _is_head(tokens[k], lexicon) and tokens[k].text != ".":
        return None
    if tokens[k].text == ".":  # "Jr." "Sen." — the full stop of an abbreviation
        if k == 0 or not _abbreviation(tokens[k - 1], lexicon):
            return None
        k -= 1
    if tokens[k].lower in _PRONOUNS:
        return k, k
    first = k
    while first - 1 >= 0:
        previous = tokens[first - 1]
        if previous.text == "." and first - 2 >= 0 and _abbreviation(tokens[first - 2], lexicon):
            first -= 1
            continue
        if _inside_word(previous, lexicon):
            first -= 1
            continue
        break
    while first < k and tokens[first].lower in ("of", "for", "and", "-"):
        first += 1
    # unknown lower-case words (adjectives) count only when a determiner opens the phrase
    # within three of them: "a senior administration official", "the diplomatic mission"
    look = first - 1
    for _ in range(4):
        if look < 0 or tokens[look].is_quote or tokens[look].text in ",.;:":
            break
        if tokens[look].lower in lexicon.determiners:
            first = look
            break
        if tokens[look].lower in lexicon.quantifiers and look == first - 1:
            first = look  # "some people", "many critics"
            break
        if (
            tokens[look].lower in lexicon.skip
            or tokens[look].lower in lexicon.function
            or tokens[look].lower in lexicon.verbs
        ):
            break
        look -= 1
    # "Zack Beauchamp at Vox called": the person, not the outlet they work for
    if first >= 2 and tokens[first - 1].lower in ("at", "from") and tokens[first - 2].capital:
        person = _phrase_before(tokens, first - 2, lexicon)
        if person is not None and tokens[person[1]].capital and person[0] < person[1]:
            return person
    # "a spokeswoman for the university": the agent the phrase belongs to
    if (
        first >= 3
        and tokens[first - 1].lower in ("for", "of", "at")
        and tokens[first - 2].lower in lexicon.agent_nouns
    ):
        extended = _phrase_before(tokens, first - 2, lexicon)
        if extended is not None:
            first = extended[0]
    return first, k


def _phrase_after(tokens: list[_Token], i: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The speaker phrase starting at token ``i`` ("said Kremlin spokesman Dmitry Peskov")."""
    if i >= len(tokens) or tokens[i].is_quote:
        return None
    if tokens[i].lower in _PRONOUNS:
        return i, i
    last = i - 1
    j = i
    if tokens[j].lower in lexicon.determiners:
        j += 1
        # adjectives after a determiner, up to three, before the phrase's words
        scan = j
        while scan < len(tokens) and scan - j < 3 and not _inside_word(tokens[scan], lexicon):
            if tokens[scan].text in ",.;:" or tokens[scan].is_quote:
                break
            scan += 1
        if scan < len(tokens) and _inside_word(tokens[scan], lexicon):
            j = scan
    while j < len(tokens):
        token = tokens[j]
        if token.text == "." and j > i and tokens[j - 1].capital and len(tokens[j - 1].text) <= 4:
            if j + 1 < len(tokens) and tokens[j + 1].capital:
                j += 1
                continue
            break
        if _inside_word(token, lexicon):
            last = j
            j += 1
            continue
        if j > i and token.lower.isalpha() and token.text.islower():
            ahead = j
            while ahead < len(tokens) and ahead - j < 3 and tokens[ahead].text.islower():
                if _is_title(tokens[ahead].text, lexicon.titles):
                    break
                ahead += 1
            if (
                ahead < len(tokens)
                and ahead - j < 3
                and _is_title(tokens[ahead].text, lexicon.titles)
                and ahead + 1 < len(tokens)
                and tokens[ahead + 1].capital
            ):
                j = ahead  # "ACLU senior staff attorney Lee Rowland"
                continue
        if (  # "Ambassador to NATO Kurt Volker", "Secretary of State Antony Blinken"
            token.lower in ("to", "of")
            and j > i
            and (tokens[j - 1].capital or _is_title(tokens[j - 1].text, lexicon.titles))
            and j + 1 < len(tokens)
            and tokens[j + 1].capital
        ):
            j += 1
            continue
        if (  # "the Russian Embassy in Washington"
            token.lower == "in"
            and j > i
            and tokens[j - 1].lower in ("embassy", "consulate", "mission", "office", "bureau")
            and tokens[j - 1].capital
            and j + 1 < len(tokens)
            and tokens[j + 1].capital
        ):
            j += 1
            continue
        break
    while last >= i and tokens[last].lower in ("of", "for", "and", "-"):
        last -= 1
    if last < i or not _is_head(tokens[last], lexicon):
        return None
    return i, last


def _back_over_skips(tokens: list[_Token], k: int, lexicon: Lexicon) -> int:
    """Index before the adverbs and time words between a subject and its verb."""
    while k >= 0 and (
        tokens[k].lower in lexicon.skip
        or tokens[k].lower.endswith("ly")
        and len(tokens[k].text) > 4
        and not tokens[k].capital
    ):
        k -= 1
    return k


def _speaker_before(tokens: list[_Token], verb: int, lexicon: Lexicon) -> tuple[int, int] | None:
    k = _back_over_skips(tokens, verb - 1, lexicon)
    if k < 0:
        return None
    if tokens[k].text in (",", "—", "–", "--") and k > 0:
        return _appositive_speaker(tokens, k, lexicon)
    if tokens[k].lower in ("who", "which") and k >= 2 and tokens[k - 1].text == ",":
        return _phrase_before(tokens, k - 2, lexicon)  # "Breitbart, which has called ..."
    if tokens[k].text == ")":  # "Rep. Carlos Curbelo (R-FL) said"
        opening = _opening_bracket(tokens, k)
        if opening is not None:
            return _phrase_before(tokens, opening - 1, lexicon)
    if tokens[k].is_quote or tokens[k].text in ".;:!?—–":
        return None
    phrase = _phrase_before(tokens, k, lexicon)
    unclosed = (
        phrase is not None
        and not tokens[phrase[1]].capital
        and phrase[0] >= 2
        and tokens[phrase[0] - 1].text == ","
        and tokens[phrase[0]].lower in ("a", "an")
    )
    if unclosed:  # "Glen Bolger, a Republican pollster told ..." (the comma left out)
        name = _phrase_before(tokens, phrase[0] - 2, lexicon)
        opens = name is not None and (
            name[0] == 0 or tokens[name[0] - 1].text in ",;:—–" or tokens[name[0] - 1].is_quote
        )
        if opens and tokens[name[1]].capital:
            return name
    return phrase


def _opening_bracket(tokens: list[_Token], k: int) -> int | None:
    for j in range(k - 1, max(k - 8, -1), -1):
        if tokens[j].text == "(":
            return j
    return None


def _appositive_speaker(tokens: list[_Token], k: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The speaker before appositives between commas or dashes, right before the verb: "X, a
    spokesman for Y, said", "the aide, Jane Roe, said", "Dan Baker, a retiree from Boynton
    Beach, Fla., said", "X — who has ... — said", "Rep. X (R-FL), who was ..., said". The
    leftmost segment (within reach) that is a whole name phrase is the speaker; failing one, a
    role phrase ("the ministry's spokesman")."""
    dashed = tokens[k].text != ","
    marks = (",", "—", "–", "--") if dashed else (",",)
    segments: list[tuple[int, int]] = []
    end = k - 1
    p = end
    while p >= 0 and k - p < 45:
        token = tokens[p]
        if token.is_quote and not dashed:
            break
        if token.text in ".;:!?" and not (p > 0 and tokens[p - 1].capital):
            break
        if token.text in marks:
            segments.append((p + 1, end))
            end = p - 1
        p -= 1
    segments.append((max(p + 1, 0), end))
    best_role = None
    for first, last in reversed(segments):  # leftmost first
        if first <= last and tokens[last].text == ")":
            opening = _opening_bracket(tokens, last)
            last = opening - 1 if opening is not None else last
        if first > last:
            continue
        phrase = _phrase_before(tokens, last, lexicon)
        opens_clause = first == 0 or tokens[first - 1].text in (";", ":")
        if phrase is None or phrase[0] != first and not (opens_clause and tokens[last].capital):
            continue  # not a whole name or role phrase ("a retiree from Boynton Beach")
        if tokens[phrase[1]].capital:
            return phrase
        if best_role is None:
            best_role = phrase
    return best_role


def _subject(tokens: list[_Token], before: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The sentence's subject for a verb far from it ("X returned to the stage and declared"):
    the first phrase of the sentence, after an opening phrase that ends in a comma."""
    start = 0
    for i in range(min(before, 8)):
        if tokens[i].text == ",":
            start = i + 1
            break
    phrase = _phrase_after(tokens, start, lexicon)
    if phrase and phrase[1] < before and tokens[phrase[1]].lower not in lexicon.document_nouns:
        # the verb must be coordinated with the subject's own verb: "... and declared"
        k = before - 1
        while k > phrase[1] and (
            tokens[k].lower in ("also", "then", "later")
            or tokens[k].lower.endswith("ly")
            and len(tokens[k].text) > 4
        ):
            k -= 1
        if k > phrase[1] + 1 and tokens[k].lower in ("and", "but"):
            return phrase
    return None


def _bare(phrase: str, lexicon: Lexicon) -> str:
    """A subject phrase without titles and determiners: "Former US Ambassador Kurt Volker" →
    "Kurt Volker" (the last run of capitalised words that are not titles)."""
    words = phrase.split()
    kept: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() and not _is_title(word, lexicon.titles):
            kept.insert(0, word)
        elif kept:
            break
    while len(kept) > 2 and (kept[0].isupper() or lexicon.registry.actor(kept[0])):
        kept = kept[1:]  # "NATO Kurt Volker"
    return " ".join(kept) or phrase


def _sentence_subject(tokens: list[_Token], lexicon: Lexicon) -> tuple[int, int] | None:
    """A sentence's subject when it is a name: the first capitalised phrase that opens the
    sentence or follows an opening phrase's comma, not after a preposition, and is followed
    by a lower-case word (its verb): "In West Palm Beach, Fla., Robert Saplin was ..."."""
    starts = [0] + [i + 1 for i, t in enumerate(tokens[:20]) if t.text == ","]
    if tokens and tokens[0].lower in lexicon.subordinators:
        starts.insert(1, 1)  # "While Ossoff has criticized Trump, he ..."
    for start in starts:
        if (
            start >= len(tokens)
            or not tokens[start].capital
            or tokens[start].lower in lexicon.function
        ):
            continue
        phrase = _phrase_after(tokens, start, lexicon)
        if phrase is None or not tokens[phrase[1]].capital:
            continue
        common = phrase[0] == phrase[1] and tokens[start].lower in _common_words()
        if common and lexicon.registry.actor(tokens[start].text) is None:
            continue  # "Last year, ...", "Do you ..."
        after = phrase[1] + 1
        if after < len(tokens) and tokens[after].text == ",":  # "Jane Roe, a spokeswoman, met"
            closing = [
                k for k in range(after + 1, min(after + 14, len(tokens))) if tokens[k].text == ","
            ]
            after = closing[0] + 1 if closing else after
        if (
            after < len(tokens)
            and tokens[after].text.islower()
            and tokens[after].lower
            not in (
                "of",
                "and",
                "or",
            )
        ):
            return phrase
    return None
