"""Speakers resolved in their article: pronouns, "the spokesman", surnames, acronyms, then
the registry's canonical name and group."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..actors import find_names, normalize_name
from .cues import _Cue, _cues
from .phrases import _bare, _sentence_subject
from .words import _ACRONYM, _PRONOUNS, _WORDS, Lexicon, _is_title, _LazyTokens, _Token


@dataclass
class _Speaker:
    name: str
    kind: str  # person | organisation | group
    group: str
    words: frozenset[str]
    position: int


@dataclass
class _State:
    """What resolution needs from earlier in the article."""

    speakers: list[_Speaker] = field(default_factory=list)
    surnames: dict[str, str] = field(default_factory=dict)
    persons: list[tuple[int, str]] = field(default_factory=list)  # subject-position names
    genders: dict[str, str] = field(default_factory=dict)  # name → "he" or "she"


class _Article:
    """Attribution over one article: tokens per sentence, cues, quotations linked to them."""

    def __init__(
        self,
        text: str,
        sentences: list[tuple[int, int, int, int]],
        quotes: list[tuple[int, int, bool]],
        lexicon: Lexicon,
    ) -> None:
        self.text, self.sentences, self.quotes, self.lexicon = text, sentences, quotes, lexicon
        self.tokens = _LazyTokens(text, sentences, [(s, e) for s, e, _ in quotes])
        self.cues = [
            _cues(self.tokens[i], lexicon) if self._may_attribute(i) else []
            for i in range(len(sentences))
        ]
        self.state = _State()
        self._names()

    def _may_attribute(self, index: int) -> bool:
        """Whether a sentence can hold an attribution: it has a quotation or a cue word (a
        cheap test that spares tokenising the rest)."""
        if self.tokens.quoted(index):
            return True
        return index in self._cue_sentences()

    def _cue_sentences(self) -> set[int]:
        """Sentences holding a cue word, from one pass over the article's words."""
        if "cue_sentences" not in self.__dict__:
            starts = [s[0] for s in self.sentences]
            lowered = self.text.lower()
            # the cue words present, then where each stands: runs of letters equal to it
            present = self.lexicon.cue_starts.intersection(_WORDS.findall(lowered))
            found = {
                bisect.bisect_right(starts, at) - 1
                for word in present
                for at in _whole_word_at(word, lowered)
            }
            self.__dict__["cue_sentences"] = found
        return self.__dict__["cue_sentences"]

    def _names(self) -> None:
        """Full person names in the article (for surnames), and each sentence's subject when
        it is a name (the likely referent of a later "he", "she" or "it": the subject is the
        most salient entity of a sentence)."""

    def _all_names(self) -> list[tuple[int, int, str, bool]]:
        """The article's capitalised names, found once."""
        if "names" not in self.__dict__:
            self.__dict__["names"] = find_names(self.text, self.lexicon.titles)
        return self.__dict__["names"]

    def _acronyms(self) -> dict[str, str]:
        """Initials → the name they abbreviate in this article ("ADL" → "Anti-Defamation
        League"), from its capitalised names."""
        if "acronyms" not in self.__dict__:
            found: dict[str, str] = {}
            for _, _, name, _ in self._all_names():
                parts = [p for w in name.split() for p in w.split("-") if p[:1].isupper()]
                if len(parts) >= 2:
                    found.setdefault("".join(p[0] for p in parts), name)
            self.__dict__["acronyms"] = found
        return self.__dict__["acronyms"]

    def _full_name(self, surname: str) -> str | None:
        """The first full person name in the article that ends with ``surname`` ("Lavrov" →
        "Sergei Lavrov"), looked for only around the surname's occurrences."""
        surnames = self.state.surnames
        if surname not in surnames:
            surnames[surname] = ""
            for match in re.finditer(rf"\b{re.escape(surname)}\b", self.text):
                window = self.text[max(match.start() - 80, 0) : match.end()]
                names = find_names(window, self.lexicon.titles)
                if names and names[-1][1] == len(window):
                    words = names[-1][2].split()
                    if len(words) >= 2 and words[-1].lower() not in self.lexicon.org_nouns:
                        surnames[surname] = names[-1][2]
                        break
        return surnames[surname] or None

    SUBJECT_WINDOW = 10
    """Sentences back from a pronoun whose subjects are candidates (speakers count at any
    distance): a subject further back is rarely what "he" refers to."""

    def _subject_of(self, index: int) -> tuple[int, str] | None:
        """A sentence's subject when it is a name: (offset, phrase), found once."""
        cache = self.__dict__.setdefault("subjects", {})
        if index not in cache:
            tokens = self.tokens.opening(index)
            subject = _sentence_subject(tokens, self.lexicon)
            cache[index] = (
                None
                if subject is None
                else (
                    tokens[subject[0]].start,
                    self.text[tokens[subject[0]].start : tokens[subject[1]].end],
                )
            )
        return cache[index]

    def _candidates(self, position: int):
        """Earlier speakers and (within the window) sentence subjects, nearest first."""
        speakers = sorted(
            (s for s in self.state.speakers if s.position < position), key=lambda s: s.position
        )
        starts = [s[0] for s in self.sentences]
        index = bisect.bisect_right(starts, position) - 1
        j = len(speakers) - 1
        for k in range(index, max(index - self.SUBJECT_WINDOW, -1), -1):
            here = []
            while j >= 0 and speakers[j].position >= starts[k]:
                here.append(speakers[j])
                j -= 1
            subject = self._subject_of(k)
            if subject is not None and subject[0] < position:
                start, phrase = subject
                here.append(self._canonical(_bare(phrase, self.lexicon), phrase, start, ""))
            yield from sorted(here, key=lambda s: -s.position)
        yield from reversed(speakers[: j + 1])

    # --- speaker resolution -------------------------------------------------------------
    def resolve(self, cue: _Cue, sentence: int) -> None:
        tokens = self.tokens[sentence]
        first, last = cue.mention
        phrase = self.text[tokens[first].start : tokens[last].end]
        cue.mention_text = phrase
        cue.position = tokens[first].start
        lower = phrase.lower()
        if lower in _PRONOUNS:
            found = self._pronoun(_PRONOUNS[lower], cue.position, lower)
        else:
            found = self._phrase(tokens[first : last + 1], phrase, cue.position)
        if found is None:
            return
        cue.speaker, cue.group = found.name, found.group
        self.state.speakers.append(found)

    def _pronoun(self, kind: str, position: int, pronoun: str = "") -> _Speaker | None:
        """The nearest fitting earlier speaker or sentence subject: a person for he/she (not
        one known to be of the other gender: by a title such as "spokeswoman" or "Mr.", or by
        an earlier "he" or "she"), an organisation for it, a group or organisation for they."""
        for candidate in self._candidates(position):
            if not (candidate.kind == kind or kind == "group" and candidate.kind != "person"):
                continue
            if kind == "person" and self._gender(candidate) not in ("", pronoun):
                continue
            if kind == "person":
                self.state.genders.setdefault(candidate.name, pronoun)
            return _moved(candidate, position)
        return None

    def _gender(self, speaker: _Speaker) -> str:
        if speaker.name in self.state.genders:
            return self.state.genders[speaker.name]
        if speaker.words & self.lexicon.female_words:
            return "she"
        if speaker.words & self.lexicon.male_words:
            return "he"
        return ""

    def _phrase(self, tokens: list[_Token], phrase: str, position: int) -> _Speaker | None:
        lexicon = self.lexicon
        whole = lexicon.registry.actor(phrase)
        if whole is not None:
            return self._canonical(whole.name, phrase, position, "")
        words = [t for t in tokens if t.text not in "."]
        # the name: the last run of capitalised words that are not titles
        name_tokens: list[_Token] = []
        for token in reversed(words):
            if (
                token.capital
                and not _is_title(token.text, lexicon.titles)
                or name_tokens
                and token.lower in ("al", "bin", "de", "van", "von", "-")
            ):
                name_tokens.insert(0, token)
            else:
                break
        head = words[-1].lower if words else ""
        if len(name_tokens) == 1 and head in lexicon.nouns:
            name_tokens = []  # "Officials said", "Critics argue": a capital that opens a sentence
        if (
            name_tokens and head in self.lexicon.org_nouns
        ):  # "Defense Ministry": titles belong to the name
            at = len(words) - len(name_tokens)
            while at > 0 and (words[at - 1].capital or words[at - 1].lower == "of"):
                at -= 1
            name_tokens = [w for w in words[at:]]
            while name_tokens and name_tokens[0].lower == "of":
                name_tokens = name_tokens[1:]
        at = len(words) - len(name_tokens)
        if name_tokens and at >= 2 and words[at - 1].lower == "of" and words[at - 2].capital:
            earlier = at - 2
            while earlier > 0 and words[earlier - 1].capital:
                earlier -= 1
            run = [w for w in words[earlier : at - 1] if not _is_title(w.text, lexicon.titles)]
            titled_run = any(_is_title(w.text, lexicon.titles) for w in words[earlier : at - 1])
            if run and titled_run and run[-1] is words[at - 2]:
                name_tokens = run  # "GOP Rep. Tom Reed of New York"
                words = words[: at - 1]
        at = len(words) - len(name_tokens)
        while at > 0 and words[at - 1].capital:
            at -= 1  # back over titles of the name: "for First Lady Melania Trump"
        if (
            name_tokens
            and at >= 2
            and words[at - 1].lower in ("for", "of", "to")
            and words[at - 2].lower in self.lexicon.agent_nouns
        ):
            # "the spokeswoman for First Lady Melania Trump" is the spokeswoman, unnamed
            text = phrase[len(words[0].text) :].strip() if words[0].lower == "the" else phrase
            kind = "person" if words[at - 2].lower in self.lexicon.titles else "group"
            return _Speaker(text, kind, "", frozenset({words[at - 2].lower}), position)
        if at > 0 and words[at - 1].lower in ("of", "to", "for") and len(name_tokens) > 2:
            name_tokens = name_tokens[1:]  # "Secretary of State Antony Blinken"
        while len(name_tokens) > 2 and (
            name_tokens[0].text.isupper() or lexicon.registry.actor(name_tokens[0].text)
        ):
            name_tokens = name_tokens[1:]  # "NATO Kurt Volker"
        owners = [k for k, w in enumerate(name_tokens[:-1]) if w.lower.endswith(("'s", "’s"))]
        if owners and len(name_tokens) - owners[-1] - 1 >= 2 and head not in lexicon.org_nouns:
            name_tokens = name_tokens[owners[-1] + 1 :]  # "Vox’s Zack Beauchamp"
        if name_tokens and name_tokens[-1] is words[-1]:
            name = self.text[name_tokens[0].start : name_tokens[-1].end]
            name = re.sub(r"['’]s$", "", name)
            titled = len(name_tokens) < len(words)
            kind = "person" if titled and head not in self.lexicon.org_nouns else ""
            return self._canonical(name, phrase, position, kind)
        registered = lexicon.registry.actor(phrase)
        if registered is not None:
            return self._canonical(registered.name, phrase, position, "")
        # a role phrase: "the spokesman", "the ministry", "the embassy's statement"
        role = [t.lower.replace("’s", "").replace("'s", "") for t in words]
        definite = bool(words) and words[0].lower in ("the", "its", "his", "her", "their")
        if definite:
            nouns = [role[-1]] + [r for w, r in zip(words, role, strict=True) if w.lower != r]
            for word in nouns:  # the head, then a possessor ("the embassy's statement")
                match = self._described(word, position)
                if match is not None:
                    return _moved(match, position)
            if (
                _is_title(head, lexicon.titles)
                and head not in lexicon.fallback_nouns
                and head not in lexicon.offices
            ):
                found = self._pronoun("person", position)  # "the businessman-turned-politician"
                if found is not None:
                    return found
            if any(w in self.lexicon.fallback_nouns for w in nouns):
                wanted = (
                    "person"
                    if head in lexicon.titles or head in ("official", "diplomat")
                    else "organisation"
                )
                earlier = [
                    s for s in self.state.speakers if s.position < position and s.kind != "group"
                ]
                if head not in self.lexicon.document_nouns:
                    earlier = [s for s in earlier if s.kind == wanted]
                if earlier:
                    return _moved(earlier[-1], position)
        kept = [w for w in words if not (w.lower == "the" and w is words[0])]
        while len(kept) > 1 and "-" in kept[0].text and kept[0].text.rsplit("-", 1)[1].islower():
            kept = kept[1:]  # "the Trump-friendly Wall Street Journal editorial board"
        text = self.text[kept[0].start : kept[-1].end] if kept else phrase
        group = lexicon.registry.group_of(phrase) if head in self.lexicon.official_heads else ""
        kind = "person" if head in lexicon.titles else "group"
        return _Speaker(text, kind, group, frozenset(role), position)

    def _described(self, word: str, position: int) -> _Speaker | None:
        if word in ("the", "a", "an") or len(word) < 3:
            return None
        for speaker in reversed(self.state.speakers):
            if speaker.position < position and word in speaker.words:
                return speaker
        return None

    def _canonical(self, name: str, phrase: str, position: int, kind: str) -> _Speaker:
        registry = self.lexicon.registry
        words = name.split()
        while len(words) > 1 and "-" in words[0] and words[0].rsplit("-", 1)[1].islower():
            words = words[1:]  # "Trump-friendly Wall Street Journal editorial board"
        name = " ".join(words)
        if len(words) == 1 and _ACRONYM.match(name) and registry.actor(name) is None:
            name = self._acronyms().get(name, name)  # "ADL" after "Anti-Defamation League"
            words = name.split()
        full = self._full_name(words[0]) if len(words) == 1 and words[0][:1].isupper() else None
        if full is not None:
            name = full
            words = name.split()
            kind = kind or "person"
        actor = registry.actor(name) or registry.actor(phrase) or None
        descriptors = frozenset(
            w.lower().replace("’s", "").replace("'s", "").rstrip(".") for w in phrase.split()
        )
        if actor is not None:
            actor_kind = "person" if actor.type == "person" else "organisation"
            return _Speaker(actor.name, actor_kind, actor.group, descriptors, position)
        for earlier in reversed(self.state.speakers):
            if len(words) >= 2 and earlier.name.lower().endswith(" " + name.lower()):
                return _moved(earlier, position)
        if not kind:
            last = words[-1].lower() if words else ""
            org = last in self.lexicon.org_nouns or len(words) == 1 or "of" in words[1:-1]
            kind = "organisation" if org else "person"
        official = any(w.lower().rstrip(".") in self.lexicon.official_heads for w in phrase.split())
        group = registry.group_of(phrase) if official else ""
        return _Speaker(
            normalize_name(name) if name.lower().startswith("the ") else name,
            kind,
            group,
            descriptors,
            position,
        )


def _whole_word_at(word: str, text: str) -> list[int]:
    """Where ``word`` (lower-case letters) stands in ``text`` as a whole run of ``[a-z]``
    letters, as ``_WORDS`` reads them (``str.find``: no expression tried at every position)."""
    found = []
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and "a" <= text[at - 1] <= "z") and not (
            end < len(text) and "a" <= text[end] <= "z"
        ):
            found.append(at)
        at = text.find(word, at + 1)
    return found


def _moved(speaker: _Speaker, position: int) -> _Speaker:
    return _Speaker(speaker.name, speaker.kind, speaker.group, speaker.words, position)
