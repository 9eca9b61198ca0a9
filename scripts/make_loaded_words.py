"""Write ``framing/data/loaded_words.csv``: the cues of loaded wording the ``loaded`` annotator
looks for in an outlet's own voice, each with a kind and a weight.

Two sources, merged (a hand-listed word keeps its hand-given kind and weight):

1. **Hand lists** (below): derogatory labels (regime, thugs, leftist, shill), emotive verbs of
   attack and spectacle that replace plain reporting verbs (slammed, blasted, torpedoed),
   evaluative adjectives and nouns (disgraceful, pernicious, hypocrisy, shtick) and
   intensifiers (utterly, outright, brazenly). Written for news and opinion writing: each word
   judges what it names instead of only naming it.
2. **VADER's lexicon** (Hutto & Gilbert 2014, vaderSentiment 3.3.x, MIT licence): every
   lower-case, alphabetic entry whose mean valence is at least ``VADER_MIN`` in magnitude
   (strongly felt words: disgusting, sinister, heroic), **minus** ``NEUTRAL_IN_NEWS``: words
   that name events, acts, conditions and outcomes a neutral report has to use (killed, war,
   attack, crisis, prison, won, support, justice). That exclusion was made by reading every
   VADER word of that strength that occurs at least three times in the own-voice text of 2,000
   random AllSides articles; a word is kept when an outlet choosing it over a plain synonym is
   taking a side (``fiasco`` for *failure*, ``vile`` for *bad*), dropped when it is the plain
   word for what happened. Its weight is ``|valence| / 2.5`` (2.0 → 0.8, 3.4 → 1.36). VADER's
   booster words (``BOOSTER_DICT``, the ones that increase intensity) become intensifiers,
   minus the degree words of plain reporting (more, most, so, especially, fully).
3. **Pattern's subjectivity lexicon of English adjectives** (De Smedt & Daelemans 2012,
   ``en-sentiment.xml``, public domain (PDDL); shipped in the ``textblob`` package): every
   one-word adjective whose mean subjectivity over its senses is at least ``PATTERN_SUBJECTIVITY``
   and whose mean polarity is at least ``PATTERN_POLARITY`` in magnitude (strongly subjective,
   clearly for or against: shameful, splendid, ridiculous), minus ``PLAIN_ADJECTIVES``: the
   ones news uses as plain description or in fixed terms (own, latest, guilty, deadly, grand
   jury, affirmative action), found by reading the commonest of them in 3,000 AllSides
   articles. These weigh ``PATTERN_WEIGHT`` (0.5): milder evidence than a listed word, they
   mostly rank sentences that no listed word reaches.

4. **Milder evaluative words** (``MILD_EVALUATIVE``, weight ``MILD_WEIGHT`` = 0.5): framing and
   judging words of news commentary that are weaker than the main lists (drastic, divisive,
   muddled, so-called, obviously, scathing), and the **inflections** of hand-listed cues (a
   verb's -s/-ed/-ing, an adjective's -ly adverb), at their cue's weight. Written after the
   first held-out score (ROC AUC 0.61–0.66) showed the lists missed milder evaluation, from
   general knowledge of news commentary and from reading the development sentences.

Kinds and hand weights: ``derogatory`` 2.0 (a label that condemns its referent), ``emotive`` 1.5
(a vivid verb or noun chosen for feeling), ``evaluative`` 1.0 (a judgement of quality or
morality), ``intensifier`` 0.5 (turns the volume up, judges nothing by itself).

Regenerate (``textblob`` is needed only here, for Pattern's lexicon; framing reads only the CSV
this writes, and ``vaderSentiment`` is installed with framing)::

    pip install textblob && python scripts/make_loaded_words.py
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from vaderSentiment.vaderSentiment import B_INCR, BOOSTER_DICT, SentimentIntensityAnalyzer

OUT = Path(__file__).resolve().parent.parent / "framing" / "data" / "loaded_words.csv"
VADER_MIN = 2.0
PATTERN_SUBJECTIVITY = 0.6
PATTERN_POLARITY = 0.5
PATTERN_WEIGHT = 0.5
MILD_WEIGHT = 0.5
PLAIN_ADJECTIVES = """
own able kind sure latest base sexual popular winning fair rose cutting cold grand elect fly
chicken catching affirmative artificial unilateral rank ill guilty innocent experienced violent
deadly magic acute striking bright warm drunk sick stabbing wealthy affluent expensive prominent
famous favored favorite successful complicated great
"""
WEIGHTS = {"derogatory": 2.0, "emotive": 1.5, "evaluative": 1.0, "intensifier": 0.5}

DEROGATORY = """
regime regimes thug thugs thuggish thuggery goon goons henchman henchmen stooge stooges crony
cronies cronyism lackey lackeys puppet puppets shill shills demagogue demagogues demagoguery
zealot zealots extremist extremists fanatic fanatics fanatical radicals leftist leftists
far-left far-right hard-left hard-right ultra-left ultra-right alt-left rightwing right-winger
right-wingers left-winger left-wingers lefty lefties libtard libtards snowflake snowflakes
wingnut wingnuts moonbat moonbats rino rinos commie commies socialists marxist marxists
fascists nazis totalitarian authoritarian authoritarians despot despots despotic tyrant tyrants
tyranny dictator dictators dictatorial strongman autocrat autocrats cabal cabals junta
propagandist propagandists propaganda mouthpiece mouthpieces apologist apologists sycophant
sycophants sycophantic bootlicker lapdog lapdogs elitist elitists elites globalist globalists
mob mobs rabble rioters looters hoodlum hoodlums crook crooks crooked swamp deep state police
state nanny state welfare queen anchor baby anchor babies illegals illegal aliens open borders
death panels warmonger warmongers warmongering hawkish grifter grifters grift huckster
hucksters charlatan charlatans con man con artist conspiracy theorist conspiracy theorists
crackpot crackpots kook kooks nutjob nutjobs lunatic lunatics lunacy idiot idiots imbecile
moron morons clown clowns clownish buffoon buffoons buffoonery bigot bigots bigoted bigotry
xenophobic xenophobe xenophobes misogynist misogynists misogynistic homophobic homophobes
racists sexist sexists puppet master cult cultish brainwashed indoctrination indoctrinate
indoctrinated sham shams hoax hoaxes witch hunt scam scams fraudster fraudsters liar liars
hypocrite hypocrites scapegoat scapegoats scapegoating gun grabbers death tax
government takeover job-killing job-crushing
"""

EMOTIVE = """
slam slams slammed slamming blasted ripped ripping lambaste lambastes lambasted lambasting bash
bashes bashed bashing skewer skewers skewered skewering eviscerate eviscerates eviscerated
eviscerating torched torching trashes trashed trashing savage savages savaged savaging pummel
pummeled hammered hammering lash out lashes out lashed out lashing out fume fumes fumed fuming
rant rants ranted ranting tirade tirades diatribe diatribes screed screeds meltdown meltdowns
melt down melted down freak out freaked out tantrum tantrums hysteria hysterical hysterics
frenzy frenzied onslaught torpedo torpedoes torpedoed torpedoing sabotage sabotaged
sabotaging gutted gutting decimate decimated decimating implode implodes imploded imploding
implosion debacle debacles fiasco fiascos spectacle circus farce farcical travesty charade
charades bombshell bombshells firestorm uproar outcry furor bully bullies bullied bullying
belittle belittles belittled belittling bemoan bemoans bemoaned bemoaning smear smears smeared
smearing vilify vilifies vilified vilifying demonize demonizes demonized demonizing demonise
demonised mock mocks mocked mocking sneer sneers sneered sneering scoff scoffs scoffed scoffing
gloat gloats gloated gloating crowed whine whines whined whining whiny grovel groveled
groveling kowtow kowtowed kowtowing caved caving cower cowered flip-flop flip-flops
flip-flopped flip-flopping dodges dodged dodging weasel peddle peddles peddled peddling spew
spews spewed spewing parrot parrots parroted parroting tout touts touted touting trumpet
trumpets trumpeted trumpeting brag brags bragged bragging boast boasts boasted boasting
ginning up gin up stoke stokes stoked stoking fearmongering fear-mongering scaremongering
hand-wringing pearl-clutching virtue signaling virtue-signaling grandstanding grandstand
grandstanded showboating pandering pander panders pandered cozy up cozied up cozying up ram
through rammed through ramming through jam through jammed through strong-arm strong-armed
strong-arming stonewall stonewalls stonewalled stonewalling whitewash whitewashed whitewashing
cover-up cover-ups coverup hush up hushed up threw under the bus thrown under the bus power
grab power grabs land grab cash grab shakedown slush fund boondoggle boondoggles pork barrel
handout handouts giveaway giveaways coronation witch-hunt hit piece hit job
smear campaign cancel culture woke wokeness weaponize weaponized weaponizing weaponization
trample trampled trampling shred shredded shredding
rail against rails against railed against railing against
"""

EVALUATIVE = """
disgraceful disgrace disgraced shameful shameless shamelessly outrageous outrageously egregious
egregiously appalling appallingly abhorrent abominable atrocious deplorable deplorables
despicable detestable reprehensible repugnant repulsive revolting vile odious heinous monstrous
sickening nauseating unconscionable inexcusable indefensible unforgivable unhinged deranged
delusional paranoid insane insanity crazy craziness absurd absurdity absurdly ludicrous
ludicrously ridiculous ridiculously preposterous laughable nonsensical asinine idiotic moronic
stupid stupidity dumb dimwitted clueless inept ineptitude incompetent incompetence hapless
feckless spineless gutless cowardly cowardice craven pathetic pitiful dismal abysmal woeful
woefully disastrous disastrously catastrophic calamitous ruinous reckless recklessly
irresponsible irresponsibly destructive corrosive poisonous pernicious insidious nefarious
sinister sleazy seedy shady unsavory dodgy dishonest disingenuous deceitful deceptive
duplicitous mendacious two-faced hypocrisy hypocritical hypocritically sanctimonious
self-righteous smug arrogant arrogance condescending patronizing pompous elitist petty
vindictive spiteful mean-spirited cynical cynically hyper-partisan ideologue ideologues zealous
draconian heavy-handed high-handed oppressive authoritarian tyrannical lawless corrupt venal
crooked rigged bogus phony phoney sham bogus baseless specious spurious dubious shoddy sloppy
lousy half-baked misguided wrongheaded wrong-headed ill-conceived ill-advised boneheaded
unhinged erratic chaotic dysfunctional dysfunction mess messy shambles shambolic useless
worthless pointless senseless needless needlessly wasteful bloated overreach overreaching
overblown overhyped grotesque obscene obscenely grossly scandalous shocking shockingly stunning
stunningly staggering staggeringly jaw-dropping mind-boggling astonishing astonishingly
alarming alarmingly chilling horrifying horrific horrendous horrible horribly terrible terribly
awful awfully dreadful dreadfully tragic tragically sad sadly unfortunately regrettable
regrettably lamentable brazen brazenly blatant blatantly flagrant flagrantly nakedly bald-faced
barefaced shameless unabashed unabashedly thinly veiled shtick gimmick gimmicks stunt stunts
publicity stunt ploy ploys charade screed rubbish nonsense drivel garbage claptrap hogwash
baloney malarkey bunk hokum twaddle folly heroic heroically hero heroes heroine courageous
courageously brave bravely bravery valiant valiantly gallant noble nobly selfless visionary
brilliant brilliantly genius masterful masterfully masterpiece magnificent splendid superb
stellar exemplary admirable admirably laudable commendable praiseworthy inspiring
inspirational remarkable remarkably phenomenal triumphant triumph trailblazing groundbreaking
game-changing game-changer wonderful marvelous glorious stirring principled honorable righteous
finally at last mercifully thankfully luckily fortunately predictably conveniently curiously
tellingly notoriously infamous infamously notorious self-serving self-dealing cherry-picked
cherry-picking sinister ulterior motives hidden agenda agenda-driven crony capitalism
lackluster useless lazy greed greedy stubborn gullible mindless meaningless crap
sucks damn damned astounding
radical radicals radicalized
"""

MILD_EVALUATIVE = """
so-called drastic drastically excessive excessively aggressive aggressively contentious
divisive polarizing inflammatory incendiary provocative combative belligerent bellicose hawkish
dovish rabid rabidly fiery firebrand bombastic bluster blustering grandstanding posturing
pandering spouted spouting spouts peddle peddled peddling peddles muddled muddle incoherent
rambling garbled vague evasive evasion deception deceptions deceived deceiving misleading
misled falsehood falsehoods fabricated fabrication fabrications distortion distortions
distorted smear smears smeared salacious lurid sordid sensational sensationalist tawdry
unseemly unsavory embarrassing embarrassment humiliating humiliation humiliated debacle botched
bungled fumbled flailing floundering faltering lackluster tepid feeble weak-kneed toothless
half-hearted timid meek bold boldly audacious audacity daring crisp forceful potent solemn
obvious obviously undeniably definitively unquestionably indisputably of course ironically
tellingly sadly alas dubiously questionable disturbing disturbingly worrisome unsettling
menacing ominous ominously kooky wacky bizarre bizarrely weird absurd outlandish far-fetched
unrealistic naive naively simplistic shallow tokenism lip service window dressing whitewash
whitewashed cover-up coverup stonewall stonewalled stonewalling obstruct obstructionist
obstructionism hyperpartisan dogmatic doctrinaire intransigent obstinate intolerant bigoted
racist racists sexist misogynist misogynistic homophobic xenophobic xenophobia hateful
hate-filled vitriol vitriolic venomous venom toxic poison poisoned common-sense commonsense
pragmatic thoughtful wise wisely savvy shrewd deft deftly skillful skillfully adept impressive
impressively robust strong-arm bullying bully bullies demonize demonized demonizing vilify
vilified vilifying scapegoat scapegoating fearmonger demagogic cronies pet project boondoggle
freebies bloated squander squandered squandering splurge binge orgy rampage onslaught tirade
rant ranted ranting diatribe harangue broadside blistering scathing withering stinging sharply
sharp-tongued fiercely fierce furious furiously angrily indignant outrage outraged firestorm
meltdown implosion imploding unraveling disarray doomed
"""

INTENSIFIERS = """
utterly outright downright flat-out totally completely absolutely entirely thoroughly wholly
blatantly truly incredibly unbelievably insanely wildly massively hugely enormously
tremendously extremely exceedingly overwhelmingly staggeringly deeply profoundly desperately
frantically furiously fiercely bitterly viciously relentlessly endlessly brutally savagely
mercilessly unprecedented never-ending nonstop non-stop whopping colossal mammoth monumental
gargantuan epic rampant runaway out-of-control sheer utter mere merely
"""

# VADER words of at least VADER_MIN valence that a neutral report of events uses: what
# happened, to whom, with what outcome; legal, medical and military terms; plain positive words
# of ordinary prose (like, care, help, free). See the module docstring for how it was read.
NEUTRAL_IN_NEWS = """
care justice war won supreme attack win intelligence agreement free violence best crisis killed
interest criminal kind death illegal ban failed great threat strong hand bad fired poor wrong
freedom crime friends winning approval assault fear dead worse benefit forced died trust prison
success effective friend damage hurt rejected arrested failure positive killing rich arguing
terrorist love wealth heart grand pretty threatened violent peace save poverty confidence worst
defeat anger conspiracy terrorism wins murder super attacked terror failing gain attacking
abuse bomb successful negative fraud danger broken praised angry favorite lying blamed hate
liberty suffered happy respect wars winner l encourage greatest violated damaging fail
suffering confident cancer sick harm defeated die enemy terrorists disaster frustrated
motivated kill collapse hopeful threatening enemies liberties praise succeed offensive rescue
destroy pain peaceful penalty strength suicide destroyed infected popularity frustration
favorable honor intellectual prosecution badly rape welcome comfortable earnest prisoners
harassment banned cares rob violations criminals loyalty unfair violate winners abuses
violating ambitious failures perfect tragedy violation abandoned destruction enjoyed generous
honest prize punishment scandals stolen loyal wisdom encouraging loved slavery beating fatal
inspired killings suffer dedicated feared losers optimism proud blaming engagement suspended
depression disappointed friendly murders awards acceptance cry hatred riots gross punish
assaulted celebrated enjoy felony rejects cheers enthusiastic respected reward improved
murdered rejecting riot torture accident award celebrate cheered condemnation courage dire
impressive joy passion perfectly praising severely attackers ethical hostility injustice
sophisticated survived sympathetic trapped valuable dangers fun loves panic scare assassination
celebrating exploited fearing killer luck punishing jeopardy praises troubled wise insult
neglect prisoner ruin safely superior abused cheering fearful medal outraged violates beloved
harassed heroin illnesses poorest rejection richest steal wealthiest caring censor
disappointment improvement laughed hearts punished revenge richer smarter troubles angered
crying devastated happily laugh passionate poison satisfy stealing tops wealthier vip
beneficiary betrayal foes enjoying excellent kills laughing peacefully precious prejudice
strengthening sunshine ardent beautiful blessing compassion gratitude hurts laughter prosperous
respectful ruined shattered admired betrayed casualty cheer darkest distress drowned grief
hated jailed killers mad raped sin smiled trustworthy unfortunate violently abusing bonus
bonuses energize excitement fatalities freeing frustrations harmed honored laughs passions
rewarded rewards sincerely successes sweet wasted admiration appreciated ashamed confidently
curse depressed disasters gently glad grateful harms harshest honestly horror impressed
neglected powerless proudly terrified trusts fu ly affection anguish apprehension attracting
bankrupt brightest champions cheating clever dissatisfaction grievance harming honoring honors
imprisoned inspiration painfully pleasant poisoning prizes succeeding talented tortured
troublesome vibrant applauding assassinations assaulting attacker charming cherished choked
choking contagion deprived depriving devotion enthusiastically excelled exciting foreclosures
glee happiness harsher honorable irritated joyous lament lamenting paradise passionately
perpetrator prized relaxed satisfying smiling suffers worsen admire agitated applaud
appreciation beauty betray celebrates charities compassionate condemns congratulate divinity
excellence failings fatality faults felonies fraudulent friendlier helpless hopelessly insulted
intelligent irritation kissing loving motivating neat pleasure polluters positively punitive
rages resentful revered rewarding stresses succeeds suicidal unpleasant worsening abduction
appreciates blessed blockbuster cheerfully choke compliment congratulations dearth delight
devoting distraught distrustful elegant excite generosity goodness grieving heartfelt heaven
hostilities hug hugs infringement lovers murderer murdering offending oppressed poisoned robber
shamed sins smuggling talents terrorized unhappiness adoring angering bereaved cheated congrats
delighted deprive destroyers dignified distrusted dread dreaded drown elated energizing
enlightened enthused eviction festival frustrate happier happiest harassing helpfully honesty
honour innovate intellect jewels kindly lover murderers persecute raping rapist relaxing
respecting smuggler steals strengthens stressful thieves unhealthy warmth weakest fake relief
dick racism dangerous assaults enjoys ideal woo successfully trusted fatally
"""

# booster words of plain degree, common in neutral reporting
PLAIN_BOOSTERS = {
    "more",
    "most",
    "so",
    "especially",
    "particularly",
    "fully",
    "substantially",
    "considerable",
    "considerably",
    "highly",
    "greatly",
    "really",
    "quite",
    "very",
    "much",
    "unusually",
    "exceptionally",
    "exceptional",
    "majorly",
    "decidedly",
    "purely",
    "remarkably",
    "intensely",
    "enormous",
    "major",
    "total",
    "frackin",
    "fracking",
}

HEADER = """\
# Loaded wording: words and phrases that evaluate, stir feeling, intensify or condemn instead of
# only reporting. The `loaded` annotator sums the weights of those it finds in a sentence's own
# voice (outside quotation marks), matching whole words, lower case; a phrase matches as whole
# words with any spacing. Written by scripts/make_loaded_words.py from its hand lists and from
# VADER's lexicon (vaderSentiment {version}, C.J. Hutto and E. Gilbert, "VADER: A Parsimonious
# Rule-based Model for Sentiment Analysis of Social Media Text", ICWSM 2014; MIT licence,
# Copyright (c) 2016 C.J. Hutto), entries of valence >= {vmin} in magnitude less the words
# a neutral report of events uses (see the script), and from Pattern's subjectivity lexicon of
# English adjectives (T. De Smedt and W. Daelemans, "Pattern for Python", JMLR 2012; public
# domain, PDDL; as shipped in textblob), strongly subjective and polar adjectives less plain ones
# (source `pattern`, weight 0.5). Kinds: derogatory 2.0, emotive 1.5, evaluative 1.0,
# intensifier 0.5; VADER's words weigh |valence| / 2.5. A corpus may replace this
# file with its own <corpus>/lexicons/loaded_words.csv (columns word,kind,weight,source).
"""


def phrases(block: str) -> list[str]:
    """The entries of a hand list: words, and phrases of known multi-word cues."""
    words = block.split()
    known = _known_phrases()
    found: list[str] = []
    index = 0
    while index < len(words):
        for size in (5, 4, 3, 2):
            candidate = " ".join(words[index : index + size])
            if candidate in known:
                found.append(candidate)
                index += size
                break
        else:
            found.append(words[index])
            index += 1
    return found


def _known_phrases() -> set[str]:
    return {
        "deep state",
        "police state",
        "nanny state",
        "welfare queen",
        "anchor baby",
        "anchor babies",
        "illegal aliens",
        "open borders",
        "death panels",
        "con man",
        "con artist",
        "conspiracy theorist",
        "conspiracy theorists",
        "puppet master",
        "witch hunt",
        "rail against",
        "rails against",
        "railed against",
        "railing against",
        "lash out",
        "lashes out",
        "lashed out",
        "lashing out",
        "melt down",
        "melted down",
        "freak out",
        "freaked out",
        "ginning up",
        "gin up",
        "cozy up",
        "cozied up",
        "cozying up",
        "ram through",
        "rammed through",
        "ramming through",
        "jam through",
        "jammed through",
        "hush up",
        "hushed up",
        "threw under the bus",
        "thrown under the bus",
        "power grab",
        "power grabs",
        "land grab",
        "cash grab",
        "slush fund",
        "pork barrel",
        "hit piece",
        "hit job",
        "smear campaign",
        "cancel culture",
        "thinly veiled",
        "publicity stunt",
        "at last",
        "virtue signaling",
        "ulterior motives",
        "hidden agenda",
        "crony capitalism",
        "gun grabbers",
        "death tax",
        "government takeover",
        "of course",
        "lip service",
        "window dressing",
        "pet project",
        "strong-arm",
    }


def rows() -> list[tuple[str, str, float, str]]:
    """``(word, kind, weight, source)`` for every cue, hand lists first."""
    table: dict[str, tuple[str, str, float, str]] = {}
    for kind, block in (
        ("derogatory", DEROGATORY),
        ("emotive", EMOTIVE),
        ("evaluative", EVALUATIVE),
        ("intensifier", INTENSIFIERS),
    ):
        for word in phrases(block):
            table.setdefault(word, (word, kind, WEIGHTS[kind], "hand"))
    hand = dict(table)
    neutral = set(NEUTRAL_IN_NEWS.split())
    lexicon = SentimentIntensityAnalyzer().lexicon
    for word, valence in sorted(lexicon.items()):
        if abs(valence) < VADER_MIN or word in neutral or word in table:
            continue
        if re.fullmatch(r"[a-z]+(?:-[a-z]+)*", word) and len(word) > 2:
            table[word] = (word, "emotive", round(abs(valence) / 2.5, 2), "vader")
    for word, value in sorted(BOOSTER_DICT.items()):
        plain = word in PLAIN_BOOSTERS or word in table
        if value == B_INCR and not plain and re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", word):
            table[word] = (word, "intensifier", WEIGHTS["intensifier"], "vader-booster")
    for word in _pattern_adjectives():
        table.setdefault(word, (word, "evaluative", PATTERN_WEIGHT, "pattern"))
    # last, so that they never lower a stronger source's weight for the same word
    for word in phrases(MILD_EVALUATIVE):
        table.setdefault(word, (word, "evaluative", MILD_WEIGHT, "hand-mild"))
    for word, kind, weight, source in list(hand.values()):
        for form in _forms(word, kind):
            table.setdefault(form, (form, kind, weight, f"{source}-form"))
    return sorted(table.values(), key=lambda r: (r[1], r[0]))


def _forms(word: str, kind: str) -> list[str]:
    """Inflections a hand-listed cue also takes: a verb's -s/-ed/-ing (slam → slams, slammed,
    slamming; blast → blasting) and an evaluative adjective's -ly adverb (bold → boldly, rabid
    → rabidly). Forms that are not English words never occur, so over-generating is harmless;
    only one-word cues of letters are inflected."""
    if not word.isalpha() or len(word) < 4:
        return []
    forms = []
    if kind == "emotive":
        stem = word[:-1] if word.endswith("e") else word
        forms += [word + "s", stem + "ed", stem + "ing"]
        if word.endswith("ed"):  # slammed → slamming, blasted → blasting (not the bare stem:
            base = word[:-2]  # crowed → "crow" would be Jim Crow)
            base = base[:-1] if len(base) > 3 and base[-1] == base[-2] else base
            forms += [base + "ing", base + base[-1] + "ing"]
    if kind in ("evaluative", "derogatory") and not word.endswith(("ly", "ness")):
        if word.endswith("ic"):
            forms.append(word + "ally")
        elif word.endswith("le"):
            forms.append(word[:-1] + "y")
        elif word.endswith("y"):
            forms.append(word[:-1] + "ily")
        else:
            forms.append(word + "ly")
    return forms


def _pattern_adjectives() -> list[str]:
    """Pattern's strongly subjective, clearly polar adjectives (see the module docstring)."""
    import xml.etree.ElementTree as ET

    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-sentiment.xml"
    senses: dict[str, list[tuple[float, float]]] = {}
    for entry in ET.parse(path).getroot().iter("word"):
        if entry.get("pos", "JJ") == "JJ":
            senses.setdefault(entry.get("form", "").lower(), []).append(
                (float(entry.get("subjectivity", 0)), float(entry.get("polarity", 0)))
            )
    plain = set(PLAIN_ADJECTIVES.split())
    out = []
    for word, values in sorted(senses.items()):
        subjectivity = sum(v[0] for v in values) / len(values)
        polarity = sum(v[1] for v in values) / len(values)
        strong = subjectivity >= PATTERN_SUBJECTIVITY and abs(polarity) >= PATTERN_POLARITY
        if strong and word.isalpha() and word not in plain:
            out.append(word)
    return out


def main() -> None:
    import vaderSentiment

    version = getattr(vaderSentiment, "__version__", "3.3.2")
    out = io.StringIO()
    out.write(HEADER.format(version=version, vmin=VADER_MIN))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["word", "kind", "weight", "source"])
    for row in rows():
        writer.writerow(row)
    OUT.write_text(out.getvalue(), encoding="utf-8")
    print(f"wrote {OUT} ({len(rows())} cues)")


if __name__ == "__main__":
    main()
