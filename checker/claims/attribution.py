"""Sentence → who is cited for it, with the cue ("selon", "a déclaré", "according to", "said").

Three shapes of citation, in French and English:

* a cue that names its source after it: "selon le chef adjoint de l’état-major ukrainien Oleksii Hromov",
  "according to NATO";
* a reporting verb with its subject before it: "Le secrétaire à la Défense Lloyd Austin a déclaré",
  "the Pentagon said on Friday";
* the same verb inverted after a comma, the source following it and maybe a time word:
  "…, a rapporté samedi le Washington Post", "…, said the Pentagon".

When the source is "le rapport", "the newspaper", "il" or "she", the citation points back to an earlier
sentence: `Context` remembers the last report (a news outlet or organisation cited with a reporting cue,
or named as the author of a report) and the people cited so far; such citations carry
"via": "back-reference". A name next to no cue is not a source: in "Fox News n’a pas pu joindre le
Pentagone" nobody is cited.

Choice: a sentence in the conditional with no named source ("Quelque 400 drones auraient été largués")
is not attributed. The conditional marks the claim as reported, but naming a source the sentence does not
name would put words in someone's mouth; check-worthiness can use the mood on its own.

A sentence in capitals (a promotional headline such as "L’OTAN DIT QUE…") is attributed like any other,
but does not become the "last report": it links to another story, so "selon le rapport" never means it.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from operator import itemgetter
from typing import Iterable, Iterator, NamedTuple

from checker.claims.entities import TITLE_WORDS, tokens_of
from checker.claims.registry import Registry, Source
from checker.text import vocabulary
from checker.text.capitals import in_capitals
from checker.text.fold import fold, fold_with_offsets
from checker.text.language import base_language
from checker.text.scan import (
    has_ignorecase_lookalike,
    letter_words,
    small_letter_copy,
    small_letter_twin,
)
from checker.text.spans import CoveredPositions

# Registry kinds whose publications "le rapport" / "the report" can refer back to.
REPORTING_KINDS = frozenset({"news", "organisation"})
# How far an inverted source may sit from its verb: "a rapporté samedi soir le Washington Post".
MAX_WORDS_BEFORE_INVERTED_SOURCE = 6
MAX_ROLE_WORDS = 10

_FR_VERBS_PAST = (r"rapporté|déclaré|dit|affirmé|indiqué|annoncé|précisé|ajouté|écrit|estimé|expliqué"
                  r"|assuré|souligné|confirmé|averti|révélé|raconté|reconnu|démenti|répété")
_FR_VERBS_PRESENT = (r"rapporte|rapportent|déclare|déclarent|dit|disent|affirme|affirment|indique|indiquent"
                     r"|annonce|annoncent|précise|précisent|ajoute|ajoutent|écrit|écrivent|estime|estiment"
                     r"|explique|expliquent|assure|assurent|souligne|soulignent|confirme|confirment")
_FR_ADVERBS = (r"également|aussi|encore|alors|ensuite|notamment|déjà|récemment|pourtant|cependant|enfin"
               r"|toutefois|par ailleurs|de son côté|pour sa part")
_PRONOUN_SUFFIX = r"(?:(?:-t-|-)(?P<{}>il|elle|ils|elles))"

_FR_AUXILIARIES = "a|ont|avait|avaient|aurait|auraient"
_FR_AUXILIARY = rf"(?:{_FR_AUXILIARIES})"
FR_VERB_CUE = re.compile(
    rf"(?<![\w'’])(?:{_FR_AUXILIARY}{_PRONOUN_SUFFIX.format('pronoun')}?(?:\s+(?:{_FR_ADVERBS}))?"
    rf"\s+(?:{_FR_VERBS_PAST})(?:e|s|es)?"
    rf"|(?:{_FR_VERBS_PRESENT}){_PRONOUN_SUFFIX.format('inverted_pronoun')}?)(?![\w-])",
    re.IGNORECASE)
_FR_PASSIVE_PARTICIPLES = "cité|rapporté|publié"
# "selon laquelle" (the claim that…), "selon que" (depending on), "selon les cas" cite nobody.
FR_AFTER_CUE = re.compile(
    r"(?<![\w'’])(?:selon"
    r"(?!\s+(?:laquelle|lequel|lesquels|lesquelles|que|qu['’]|toute|tous|les\s+cas|le\s+cas)\b)"
    rf"|d['’]après(?![\w-])|(?:{_FR_PASSIVE_PARTICIPLES})(?:e|s|es)?\s+par)(?![\w-])",
    re.IGNORECASE)
_EN_VERBS = (r"said|says|say|told|tells|reported|reports|announced|announces|stated|states|wrote|writes|added"
             r"|adds|claimed|claims|explained|noted|confirmed|warned|estimated|estimates|tweeted")
_EN_AUXILIARIES = "has|have|had"
_EN_ADVERBS = "also|later|earlier|previously|again|then"
EN_VERB_CUE = re.compile(
    rf"(?<![\w'’])(?:(?:{_EN_AUXILIARIES})\s+)?(?:(?:{_EN_ADVERBS})\s+)?(?:{_EN_VERBS})(?![\w-])",
    re.IGNORECASE)
_EN_PASSIVE_PARTICIPLES = "cited|quoted|reported|published"
EN_AFTER_CUE = re.compile(rf"(?<![\w'’])(?:according\s+to|(?:{_EN_PASSIVE_PARTICIPLES})\s+by)(?![\w-])",
                          re.IGNORECASE)
PRONOUN_GROUPS = ("pronoun", "inverted_pronoun")
CUES = {"fr": (FR_AFTER_CUE, FR_VERB_CUE), "en": (EN_AFTER_CUE, EN_VERB_CUE)}
NEGATION_BEFORE = re.compile(r"(?:\bnot|n['’]t|\bnever|\bpas|\bjamais)\s+$", re.IGNORECASE)
# The longest negation word ("jamais"): a negation ends this close to the spaces before a cue.
NEGATION_MAX_LENGTH = 6


def _with_endings(words: str, endings: tuple[str, ...]) -> frozenset[str]:
    """Each of the "|"-separated words with each ending."""
    return frozenset(word + ending for word in words.split("|") for ending in endings)


_PARTICIPLE_ENDINGS = ("", "e", "s", "es")
# Every match of a cue pattern holds one of these as a whole word (a run of letters), lower-cased: a sentence
# holding none of them (and none of the letters re.IGNORECASE matches to a different small letter) is not
# scanned with that pattern. Built from the words the patterns are built from; tests/claims/test_attribution.py
# spells out every cue the patterns match and checks it holds one, and opens with one of OPENING_WORDS.
CUE_WORDS = {
    FR_AFTER_CUE: frozenset({"selon", "après"}) | _with_endings(_FR_PASSIVE_PARTICIPLES, _PARTICIPLE_ENDINGS),
    FR_VERB_CUE: _with_endings(_FR_VERBS_PAST, _PARTICIPLE_ENDINGS) | _with_endings(_FR_VERBS_PRESENT, ("",)),
    EN_AFTER_CUE: frozenset({"according"}) | _with_endings(_EN_PASSIVE_PARTICIPLES, ("",)),
    EN_VERB_CUE: _with_endings(_EN_VERBS, ("",)),
}
# Every match of a cue pattern opens with one of these as a whole word (a run of letters), lower-cased: the
# lookbehind rules out a letter before it, and what the pattern wants next (a space, "-t-il", "’après", the
# end of the word) rules out a letter after it.
OPENING_WORDS = {
    FR_AFTER_CUE: frozenset({"selon", "d"}) | _with_endings(_FR_PASSIVE_PARTICIPLES, _PARTICIPLE_ENDINGS),
    FR_VERB_CUE: _with_endings(f"{_FR_AUXILIARIES}|{_FR_VERBS_PRESENT}", ("",)),
    EN_AFTER_CUE: CUE_WORDS[EN_AFTER_CUE],
    EN_VERB_CUE: _with_endings(f"{_EN_AUXILIARIES}|{_EN_ADVERBS}|{_EN_VERBS}", ("",)),
}


def _standalone_word(word: str) -> re.Pattern:
    """The word with no letter before or after it. The lookbehind comes after the word, so that re searches
    for the word's first letter in its quick literal loop instead of trying the lookbehind everywhere."""
    escaped = re.escape(word)
    return re.compile(rf"{escaped}(?<![^\W\d_]{escaped})(?![^\W\d_])")


class OpeningWordScanner:
    """pattern.finditer for a cue pattern, with the pattern tried only where one of its OPENING_WORDS stands.

    re has no quick way to find where these patterns may start (they open with a lookbehind and long
    alternations), so pattern.finditer tries every character; the few opening words the sentence holds are
    found in re's quick literal loop instead (see _standalone_word). A start inside the previous match is
    skipped, so the matches are pattern.finditer's, as every match starts at an opening word (see CUE_WORDS).

    Like text.SmallLetterPattern, it matches the sentence's small-letter copy case-sensitively, which is
    faster than re.IGNORECASE; it yields those matches as they are: the same spans and groups as the
    pattern's on the sentence (see text.small_letter_twin), but their text is in small letters."""

    def __init__(self, pattern: re.Pattern, opening_words: frozenset[str]):
        self.pattern = pattern
        self._small_letter_twin = small_letter_twin(pattern)
        self._opening_words = opening_words
        self._finders = {word: _standalone_word(word) for word in opening_words}

    def _starts(self, words: frozenset[str], lowered: str) -> list[int]:
        """Where one of the sentence's letter words that is an opening word stands alone in the small-letter
        copy, in order."""
        return sorted(match.start() for word in words & self._opening_words
                      for match in self._finders[word].finditer(lowered))

    def finditer(self, sentence: str, words: frozenset[str] | None = None) -> list[re.Match]:
        """The matches, in a list (a generator costs more per match). `words`: the sentence's
        text.letter_words, when the caller has them at hand."""
        lowered = small_letter_copy(sentence)
        if lowered is None:
            # A letter lower() lengthens, or one re.IGNORECASE reads as another ("ſ" as "s"): the small-letter
            # words could miss an opening, so try every character.
            return list(self.pattern.finditer(sentence))
        matches = []
        resume = 0
        match_at = self._small_letter_twin.match
        for start in self._starts(letter_words(sentence) if words is None else words, lowered):
            if start >= resume and (match := match_at(lowered, start)) is not None:
                resume = match.end()
                matches.append(match)
        return matches


CUE_SCANNERS = {pattern: OpeningWordScanner(pattern, words) for pattern, words in OPENING_WORDS.items()}


class CueScan(NamedTuple):
    """A cue pattern with what find_cues needs of it."""
    scanner: OpeningWordScanner
    words: frozenset[str]  # its CUE_WORDS
    verb: bool


def _cue_scan(pattern: re.Pattern) -> CueScan:
    # find_cues reads a pronoun from match.lastindex: the pronoun groups must be the only capturing groups.
    assert set(pattern.groupindex) <= set(PRONOUN_GROUPS) and pattern.groups == len(pattern.groupindex)
    return CueScan(CUE_SCANNERS[pattern], CUE_WORDS[pattern], pattern in (FR_VERB_CUE, EN_VERB_CUE))


# Looked up once here: a re.Pattern hashes its whole compiled code, so a dict keyed by these long patterns
# costs more per lookup than the scan the lookup gates.
CUE_SCANS = {lang: tuple(map(_cue_scan, patterns)) for lang, patterns in CUES.items()}

# What ends the phrase holding a source: punctuation, or a word that opens a new clause.
_CLAUSE_PUNCTUATION = ",;:.!?()[]«»\"“”—–"
_CLAUSE_WORDS = ("que|qu['’]|qui|dont|où|mais|et|ou|car|lorsque|quand|that|which|who|where|but|and|or|while|when"
                 "|because")
CLAUSE_BREAK = re.compile(rf"[{re.escape(_CLAUSE_PUNCTUATION)}]|(?<!\w)(?:{_CLAUSE_WORDS})(?!\w)", re.IGNORECASE)


def _words_by_first_letter(words: str) -> str:
    """The "|"-separated words as one alternative per first letter, each word with CLAUSE_BREAK's lookbehind
    after it (as in _standalone_word). Words with other first letters cannot match where a word matches, so
    this tries them in CLAUSE_BREAK's order and finds the same matches; re tests one alternative per letter."""
    groups: dict[str, list[str]] = {}
    for word in words.split("|"):
        groups.setdefault(word[0], []).append(rf"{word[1:]}(?<!\w{word})")
    return "|".join(rf"{first}(?:{'|'.join(rests)})(?!\w)" for first, rests in groups.items())


# CLAUSE_BREAK for the sentence's small-letter copy (case-sensitive, as in OpeningWordScanner), each alternative
# opening with a literal character: re then jumps to where one of those characters stands instead of trying
# every alternative at every character. Same spans as CLAUSE_BREAK on the sentence.
SMALL_LETTER_CLAUSE_BREAK = re.compile("|".join(
    [*map(re.escape, _CLAUSE_PUNCTUATION), _words_by_first_letter(_CLAUSE_WORDS)]))
# Marks before a verb that make it an inverted incise: "…, a rapporté le Post", "« … », a dit X".
INCISE_OPENERS = frozenset(",«»\"“”—–(")

DETERMINERS = r"(?:le|la|les|l['’]|ce|cet|cette|ces|ledit|ladite|the|this|that|these|a|an|un|une)"
BACK_REFERENCE_NOUNS = (r"rapport|journal|quotidien|hebdomadaire|article|enquête|média|document|étude|site"
                        r"|chaîne|agence|report|newspaper|paper|daily|outlet|publication|study|network"
                        r"|agency|story|investigation")
BACK_REFERENCE_AFTER = re.compile(
    rf"^\s*{DETERMINERS}\s*(?:même\s+|same\s+|même\s+|latest\s+|dernier\s+)?(?:{BACK_REFERENCE_NOUNS})\b",
    re.IGNORECASE)
BACK_REFERENCE_BEFORE = re.compile(
    rf"(?<!\w){DETERMINERS}\s*(?:même\s+|same\s+)?(?:{BACK_REFERENCE_NOUNS})\s*$", re.IGNORECASE)
PRONOUN_AFTER = re.compile(r"^\s*(?:lui|elle|him|her)\b(?!\s+-)", re.IGNORECASE)
PRONOUN_BEFORE = re.compile(r"(?<!\w)(?:il|elle|he|she)\s*$", re.IGNORECASE)
# ", le porte-parole du ministère," right before the verb: an apposition naming the subject's role.
APPOSITION_BEFORE_CUE = re.compile(r",\s*([^,]{1,80}),\s*$")
# "un rapport du Washington Post", "a report by NATO": the named author becomes the last report.
REPORT_OF_BEFORE = re.compile(
    r"(?:rapport|article|enquête|étude|report|article|investigation|story|study)\s+"
    r"(?:du|de\s+la|de\s+l['’]|de|des|d['’]|publiée?\s+par|by|from|of|in)\s*(?:the\s+)?$",
    re.IGNORECASE)
REPORT_OF_AFTER = re.compile(r"^(?:['’]s)?\s+(?:report|article|story|investigation|study)\b", re.IGNORECASE)
_REPORT_WORDS = "rapport|article|enquête|étude|report|investigation|story|study"
REPORT_WORD = re.compile(_REPORT_WORDS, re.IGNORECASE)
# REPORT_WORD's words, looked for in the small-letter copy: a substring test each, quicker than a search.
REPORT_WORD_SPELLINGS = tuple(_REPORT_WORDS.split("|"))

# Weekday names, folded: a time word, as "hier" or "yesterday" is.
_WEEKDAYS = tuple(fold(day) for lang in vocabulary.LANGUAGES for day in vocabulary.WEEKDAYS[lang])
# Words allowed between a subject and its verb: "the Pentagon on Friday said", "X, lui aussi, a dit".
# Matched on folded text (no accents, small letters).
FILLER_PHRASES = (
    "also", "later", "earlier", "previously", "again", "then", "now", "still", "already", "on", "in a statement",
    "this week", "last week", "aussi", "egalement", "encore", "alors", "ensuite", "deja", "pour sa part",
    "de son cote", "quant a lui", "quant a elle", "lui-meme", "elle-meme", "lui aussi", "elle aussi",
    "cette semaine", "hier", "hier soir", "yesterday", *_WEEKDAYS)
FILLER = re.compile(r"^(?:[\s,]|(?<![\w'])(?:"
                    + "|".join(r"\s+".join(map(re.escape, phrase.split()))
                               for phrase in sorted(FILLER_PHRASES, key=len, reverse=True))
                    + r")(?![\w']))*$")
# A run of folded text between spaces and commas is part of a filler only when it is one of these words:
# text holding another such run whole is no filler, however long (see _Names.filler_barrier).
FILLER_WORDS = frozenset(word for phrase in FILLER_PHRASES for word in phrase.split())
_FILLER_RUN = re.compile(r"[^\s,]+")
# Words that may open the text before a name without being part of the role, folded.
ROLE_LEAD_WORDS = frozenset("""
le la les l ce cet cette ces the this that a an un une on hier soir matin semaine week
""".split()) | frozenset(_WEEKDAYS)


_WORD_RUN = re.compile(r"\w+")
# Up to this many surnames cited, a sentence tries each one (a substring test); past it, it looks up its own
# words. An article cites a handful, and for them the look-up cost more than the tests (attribution 8 % slower
# on benchmarks/ingest.py's articles); a text citing thousands would cost surnames × sentence length.
SURNAMES_TRIED_EACH = 16
# A verb's subject is nearly always one of the last few names before it: so many are tried plainly (a fold of
# the text between name and verb each) before the sentence is folded whole to find where filler must stop.
SUBJECTS_TRIED_PLAINLY = 4


@dataclass
class Context:
    """What earlier sentences cited, so "selon le rapport" can be followed back."""
    last_report: dict | None = None
    cited: list[dict] = field(default_factory=list)
    # (registry, source id, text, canonical name) of an entity → the registry's source for it: an article
    # names the same people and places sentence after sentence, and each lookup folds the names again.
    sources_of_entities: dict = field(default_factory=dict, repr=False, compare=False)
    # What cited_surnames gives, as of the first `_surnames_read` entries of `cited` (which only grows): each
    # sentence reads only the citations added since, instead of going over `cited` again.
    _surnames: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _surnames_read: int = field(default=0, init=False, repr=False, compare=False)
    # The names of `_surnames` by the word their surname opens with, and the order they were first cited in:
    # a sentence looks up its own words rather than testing every surname cited so far.
    _names_by_opening: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _name_order: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # The last person cited, as of the first `_people_read` entries of `cited`: read on from there.
    _last_person: dict | None = field(default=None, init=False, repr=False, compare=False)
    _people_read: int = field(default=0, init=False, repr=False, compare=False)

    def last_person(self) -> dict | None:
        for earlier in self.cited[self._people_read:]:
            if earlier.get("type") == "PER":
                self._last_person = earlier
        self._people_read = len(self.cited)
        return self._last_person

    def cited_surnames(self) -> Iterable[tuple[str, dict]]:
        """(surname, last citation) of each person cited under a name of two words or more, in the order
        first cited."""
        for earlier in self.cited[self._surnames_read:]:
            if earlier.get("type") == "PER":
                name = earlier["source"]
                words = name.split()
                if len(words) >= 2:
                    if name not in self._surnames:
                        self._name_order[name] = len(self._name_order)
                        opening = _WORD_RUN.match(words[-1])
                        self._names_by_opening.setdefault(opening.group() if opening else "", []).append(name)
                    self._surnames[name] = (words[-1], earlier)
        self._surnames_read = len(self.cited)
        return self._surnames.values()

    def surnames_in(self, sentence: str) -> list[tuple[str, dict]]:
        """What cited_surnames gives, but past SURNAMES_TRIED_EACH only the surnames that may stand in
        `sentence`: a surname stands where a run of word characters of the sentence starts, and that run is the
        one its surname opens with (a surname that opens with another character is always tried)."""
        surnames = self.cited_surnames()
        if len(surnames) <= SURNAMES_TRIED_EACH:
            return list(surnames)
        by_opening = self._names_by_opening
        names = [name for run in set(_WORD_RUN.findall(sentence)) for name in by_opening.get(run, ())]
        names += by_opening.get("", ())
        names.sort(key=self._name_order.__getitem__)
        return [self._surnames[name] for name in names]


# Cues and candidates are tuples: a sentence makes several, and a frozen dataclass is slow to build.
class Cue(NamedTuple):
    start: int
    end: int
    text: str
    verb: bool  # a reporting verb (subject before, or inverted); else a preposition ("selon")
    pronoun: bool  # "a-t-il déclaré": the subject is a pronoun


class Candidate(NamedTuple):
    start: int
    end: int
    text: str
    type: str  # PER, ORG or LOC
    source: Source | None
    canonical: str | None


# ---------------------------------------------------------------------------------------------------
# Cues and candidates
# ---------------------------------------------------------------------------------------------------

def _cue_scans(lang: str) -> tuple[CueScan, ...]:
    return CUE_SCANS.get(base_language(lang), ())


def _has_report_word(sentence: str) -> bool:
    # Substring tests on the lower-cased copy are faster than REPORT_WORD; map() keeps their loop in C. On the
    # small-letter copy they find what REPORT_WORD finds (see OpeningWordScanner), so only another copy needs
    # REPORT_WORD to confirm.
    lowered = small_letter_copy(sentence)
    if lowered is not None:
        return any(map(lowered.__contains__, REPORT_WORD_SPELLINGS))
    return ((any(map(sentence.lower().__contains__, REPORT_WORD_SPELLINGS)) or has_ignorecase_lookalike(sentence))
            and REPORT_WORD.search(sentence) is not None)


def _negated(sentence: str, cue_start: int) -> bool:
    """True when "not", "pas", "jamais"… and spaces come right before the cue ("n’a pas dit")."""
    word_end = _before_spaces(sentence, cue_start)
    if word_end == cue_start:
        return False  # NEGATION_BEFORE needs a space before the cue
    # A negation word ends where the spaces start, so the search can begin just before it.
    window_start = max(0, word_end - NEGATION_MAX_LENGTH)
    return NEGATION_BEFORE.search(sentence, window_start, cue_start) is not None


def find_cues(sentence: str, lang: str) -> list[Cue]:
    """Every reporting cue in the sentence, in order."""
    cues = []
    # text.may_hold_word, with the sentence's words and look-alike letters read once for all the patterns
    words, lookalike = letter_words(sentence), has_ignorecase_lookalike(sentence)
    scanned = 0
    for scan in _cue_scans(lang):
        if words.isdisjoint(scan.words) and not lookalike:
            continue
        scanned += 1
        for m in scan.scanner.finditer(sentence, words):
            start, end = m.span()
            if scan.verb and _negated(sentence, start):
                continue
            # The pronoun groups are the pattern's only capturing groups (see _cue_scan): one took part in the
            # match exactly when the match has a last group. tuple.__new__ skips Cue(...)'s keyword handling.
            cues.append(tuple.__new__(Cue, (start, end, sentence[start:end], scan.verb, m.lastindex is not None)))
    if scanned > 1:
        cues.sort(key=itemgetter(0))  # by Cue.start; each scan's cues come in order already
    return cues


def _before_spaces(sentence: str, index: int) -> int:
    """len(sentence[:index].rstrip()), read back from `index` over the spaces only: rstrip would copy everything
    before `index`, which is the whole sentence for each cue of a sentence made of cues."""
    while index > 0 and sentence[index - 1].isspace():
        index -= 1
    return index


def _last_words_start(sentence: str, start: int, end: int, count: int) -> int:
    """Where the last `count` runs of non-space characters before `end` begin (not before `start`): a pattern
    anchored at `end` whose matches hold at most that many such runs starts there or later. Either `start`,
    or a position right after a space."""
    index = _before_spaces(sentence, end)
    for _ in range(count):
        while index > start and not sentence[index - 1].isspace():
            index -= 1
        if index <= start:
            return start
        if _ != count - 1:
            index = max(_before_spaces(sentence, index), start)
    return index


def _source_for(entity: dict, registry: Registry) -> Source | None:
    return (registry.get(entity.get("source_id")) or registry.match(entity.get("text"))
            or registry.match(entity.get("canonical")))


def _remembered_source_for(entity: dict, registry: Registry, context: Context) -> Source | None:
    """_source_for, looked up once per article for each name."""
    key = (id(registry), entity.get("source_id"), entity.get("text"), entity.get("canonical"))
    try:
        return context.sources_of_entities[key]
    except KeyError:
        source = context.sources_of_entities[key] = _source_for(entity, registry)
        return source
    except TypeError:
        return _source_for(entity, registry)  # an unhashable value where a name should be: look it up as is


def _candidates(sentence: str, entities: list[dict], registry: Registry, context: Context) -> list[Candidate]:
    """Named things that could be a source: entities, registry aliases, surnames of people cited before."""
    found = []
    for entity in entities:
        if entity.get("type") in ("PER", "ORG", "LOC") and 0 <= entity.get("start", -1) < entity.get("end", -1):
            found.append(Candidate(entity["start"], entity["end"], sentence[entity["start"]:entity["end"]],
                                   entity["type"], _remembered_source_for(entity, registry, context),
                                   entity.get("canonical")))
    mentions = registry.mentions(sentence)
    if mentions:
        found = _with_mentions(sentence, found, mentions)
    found.extend(_surname_candidates(sentence, found, context, registry))
    return sorted(found, key=lambda c: c.start)


def _with_mentions(sentence: str, found: list[Candidate], mentions: list[tuple[Source, int, int]]) -> list[Candidate]:
    """The candidates with the registry's mentions read in: a mention holding every candidate it overlaps is the
    whole name ("the Bureau of Labor Statistics", not "Labor Statistics"; the UN refugee agency, not the UN) and
    replaces them, unless it names a person (a person keeps the entity, so the role read before it stays outside
    the name); a mention overlapping no candidate is a candidate of its own; else it gives its source to the
    candidates it overlaps that have none (and are a person exactly when it is). The mentions come in order of
    start, so one sweep over the candidates sorted by start pairs each mention with those it overlaps, instead
    of a test of every candidate for each mention."""
    found = list(found)  # a replaced candidate becomes None here until the end
    by_start = sorted(range(len(found)), key=lambda index: found[index].start)
    waiting = 0  # by_start[waiting:] start at or after the end of every mention so far
    active: list[int] = []  # candidates that started before the last mention's end, and may reach the next one
    for source, start, end in mentions:
        while waiting < len(by_start) and found[by_start[waiting]].start < end:
            active.append(by_start[waiting])
            waiting += 1
        active = [index for index in active if found[index] is not None and found[index].end > start]
        overlapping = sorted(index for index in active if found[index].start < end)
        if overlapping and source.kind != "person" and all(
                start <= found[index].start and found[index].end <= end for index in overlapping):
            for index in overlapping:
                found[index] = None
            overlapping = []
        if not overlapping:
            kind = "PER" if source.kind == "person" else "ORG"
            found.append(Candidate(start, end, sentence[start:end], kind, source, None))
            active.append(len(found) - 1)
            continue
        for index in overlapping:
            candidate = found[index]
            if candidate.source is None and (candidate.type == "PER") == (source.kind == "person"):
                found[index] = Candidate(candidate.start, candidate.end, candidate.text, candidate.type, source,
                                         candidate.canonical)
    return [candidate for candidate in found if candidate is not None]


def _surname_candidates(sentence: str, found: list[Candidate], context: Context,
                        registry: Registry) -> list[Candidate]:
    """"Austin told reporters": a bare surname of someone cited earlier in the article is that person."""
    extra = []
    covered = None  # the candidates' characters, gathered once the first surname is seen
    for surname, person in context.surnames_in(sentence):
        if surname not in sentence:
            continue  # most sentences: spares building and running the pattern
        if covered is None:
            covered = CoveredPositions((c.start, c.end) for c in found)
        for m in re.finditer(rf"(?<!\w){re.escape(surname)}(?!\w)", sentence):
            if m.start() not in covered:
                extra.append(Candidate(m.start(), m.end(), m.group(), "PER",
                                       registry.get(person.get("source_id")), person["source"]))
    return extra


# ---------------------------------------------------------------------------------------------------
# A sentence's candidates, and the look-ups its cues make
# ---------------------------------------------------------------------------------------------------

class _Names:
    """One sentence's candidates, sorted by start, and what the cues ask of them and of the sentence: which
    candidates lie in a span, whether a position is inside one, where clauses end, where filler may begin.
    Each answer is read from structures built once per sentence (or on first use), in O(log n) or in what it
    returns, so a sentence of many cues and names costs its length, not cues × names."""

    def __init__(self, sentence: str, candidates: list[Candidate]):
        self.sentence = sentence
        self.items = candidates
        self._starts = [c.start for c in candidates]
        self._covered = CoveredPositions((c.start, c.end) for c in candidates)
        # The sentence's clause breaks are read as the cues need them, from one scan: (starts, ends) of those
        # read so far that end a clause, and where the last one read starts.
        self._breaks: Iterator[re.Match] | None = None
        self._break_starts: list[int] = []
        self._break_ends: list[int] = []
        self._breaks_read_to = -1
        self._filler_runs = None
        self._latest_ends = None
        self._leading_spaces = None

    def text_before(self, position: int) -> bool:
        """True when sentence[:position] holds more than spaces (told without copying it)."""
        if self._leading_spaces is None:
            self._leading_spaces = len(self.sentence) - len(self.sentence.lstrip())
        return self._leading_spaces < position

    def inside(self, position: int) -> bool:
        """True when `position` is inside a candidate ("States" in "United States" is no cue)."""
        return position in self._covered

    def within(self, start: int, end: int) -> list[Candidate]:
        """The candidates that lie in sentence[start:end], in order."""
        found = []
        for index in range(bisect_left(self._starts, start), bisect_right(self._starts, end)):
            if self.items[index].end <= end:
                found.append(self.items[index])
        return found

    def _read_breaks(self, *, starting_from: int) -> None:
        """Read the sentence's clause breaks on until one that starts at or after `starting_from` is read (so
        every one before it is), keeping those that end a clause (not in a name, not an initial's dot). The
        matches of a scan from any position are those of the whole scan from there on (each is one mark or one
        whole word), so one scan, read only as far as the cues ask, serves them all."""
        if self._breaks is None:
            self._breaks = _clause_breaks(self.sentence, 0, len(self.sentence))
        for match in self._breaks:
            position = self._breaks_read_to = match.start()
            if _ends_clause(self.sentence, position, self):
                self._break_starts.append(position)
                self._break_ends.append(match.end())
            if position >= starting_from:
                return
        self._breaks_read_to = len(self.sentence) + 1  # every break read

    def phrase_end(self, start: int) -> int:
        """Where the first clause break at or after `start` begins; the sentence's end if none."""
        starts = self._break_starts
        while (not starts or starts[-1] < start) and self._breaks_read_to <= len(self.sentence):
            self._read_breaks(starting_from=max(start, self._breaks_read_to + 1))
        index = bisect_left(starts, start)
        return starts[index] if index < len(starts) else len(self.sentence)

    def clause_start(self, end: int) -> int:
        """Where the text after the last clause break that ends by `end` begins; 0 if none."""
        if self._breaks_read_to < end:
            self._read_breaks(starting_from=end)
        ends = self._break_ends
        index = bisect_right(ends, end)
        return ends[index - 1] if index else 0

    def subject_before(self, start: int, end: int) -> Candidate | None:
        """The last candidate in sentence[start:end] with only filler words between it and `end`. The
        candidates are tried from the end, as before. Once SUBJECTS_TRIED_PLAINLY have failed, one whose filler
        would have to hold a run of text that is no filler word (see filler_barrier) fails untried, and the
        search stops when every candidate before it does."""
        sentence = self.sentence
        barrier = None
        tried = 0
        index = bisect_right(self._starts, end) - 1
        while index >= 0 and self.items[index].start >= start:
            candidate = self.items[index]
            if barrier is None and tried == SUBJECTS_TRIED_PLAINLY:
                barrier = self.filler_barrier(end)
            if barrier is not None and self._latest_end(index) <= barrier:
                return None  # this candidate and all those before it end before the barrier
            if candidate.end <= end and (barrier is None or barrier < candidate.end):
                if _only_filler(sentence[candidate.end:end]):
                    return candidate
                tried += 1
            index -= 1
        return None

    def _latest_end(self, index: int) -> int:
        """The latest end of the candidates up to `index` in order of start."""
        if self._latest_ends is None:
            self._latest_ends = list(accumulate((c.end for c in self.items), max))
        return self._latest_ends[index]

    def filler_barrier(self, end: int) -> int:
        """A position such that sentence[p:end] is no filler for any p up to it: where the last run of folded
        text between spaces and commas that is no filler word, and lies whole before `end`, begins (-1 if none).
        FILLER's phrases are made of FILLER_WORDS joined by spaces, so such a run cannot be part of one; the
        runs are walked back from `end` only over filler words, which a cue's own verb stops."""
        folded, offsets, runs = self._folded_runs()
        folded_end = bisect_left(offsets, end) if not isinstance(offsets, range) else end
        index = bisect_left(runs, (folded_end,)) - 1
        while index >= 0:
            run_start, run_end = runs[index]
            if folded[run_start:min(run_end, folded_end)] not in FILLER_WORDS:
                return offsets[run_start]
            index -= 1
        return -1

    def _folded_runs(self):
        if self._filler_runs is None:
            folded, offsets = fold_with_offsets(self.sentence)
            self._filler_runs = folded, offsets, [m.span() for m in _FILLER_RUN.finditer(folded)]
        return self._filler_runs


# ---------------------------------------------------------------------------------------------------
# Phrases around a cue
# ---------------------------------------------------------------------------------------------------

def _is_initial_dot(sentence: str, position: int) -> bool:
    """The dot of "J." or "U.S." is not the end of a clause."""
    return (sentence[position] == "." and position >= 1 and sentence[position - 1].isupper()
            and (position < 2 or not sentence[position - 2].isalpha()))


def _clause_breaks(sentence: str, start: int, end: int) -> Iterator[re.Match]:
    """CLAUSE_BREAK's matches in sentence[start:end]; only their spans are read (their text may be in small
    letters)."""
    lowered = small_letter_copy(sentence)
    if lowered is None:
        return CLAUSE_BREAK.finditer(sentence, start, end)
    return SMALL_LETTER_CLAUSE_BREAK.finditer(lowered, start, end)


def _ends_clause(sentence: str, position: int, names: _Names) -> bool:
    """A clause break at `position` is not part of a name, nor the dot of an initial."""
    return not names.inside(position) and not _is_initial_dot(sentence, position)


def _role(text: str) -> str | None:
    """A title in front of a name ("le chef adjoint de l’état-major ukrainien"), without the article or a
    time word before it ("jeudi le porte-parole" → "porte-parole"); None when it holds no title."""
    tokens = tokens_of(text)
    while tokens and tokens[0].folded in ROLE_LEAD_WORDS:
        tokens = tokens[1:]
    if not tokens or len(tokens) > MAX_ROLE_WORDS or not any(t.folded in TITLE_WORDS for t in tokens):
        return None
    return text[tokens[0].start:].strip(" ,")


def _best_named(candidates: list[Candidate]) -> Candidate | None:
    """A person is the most precise source; then an organisation; a place only as a last resort."""
    for wanted in ("PER", "ORG", "LOC"):
        for candidate in candidates:
            if candidate.type == wanted:
                return candidate
    return None


def _only_filler(text: str) -> bool:
    return FILLER.match(fold(text)) is not None


def _matched_at(pattern: re.Pattern) -> re.Pattern:
    """An anchored pattern ("^…") for pattern.match(text, position): re's "^" matches only where the text
    starts, so matching there spares slicing the text from `position` on."""
    assert pattern.pattern.startswith("^")
    return re.compile(pattern.pattern[1:], pattern.flags)


_BACK_REFERENCE_AFTER_AT = _matched_at(BACK_REFERENCE_AFTER)
_PRONOUN_AFTER_AT = _matched_at(PRONOUN_AFTER)
_REPORT_OF_AFTER_AT = _matched_at(REPORT_OF_AFTER)
# How many runs of non-space characters a match of these patterns, which end where the text does, holds at most:
# the determiner, "même" and the noun; the pronoun; the report word, two words of "de la" or "publiée par", "the".
BACK_REFERENCE_BEFORE_RUNS, PRONOUN_BEFORE_RUNS, REPORT_OF_BEFORE_RUNS = 3, 1, 4


# ---------------------------------------------------------------------------------------------------
# Resolving one cue
# ---------------------------------------------------------------------------------------------------

def _source_fields(candidate: Candidate) -> dict:
    """Who a candidate is: display name (the registry's when known), registry id, type and kind."""
    source = candidate.source
    return {"source": source.name if source else (candidate.canonical or candidate.text),
            "source_id": source.id if source else None, "type": candidate.type,
            "kind": source.kind if source else None}


def _named(candidate: Candidate, cue: Cue, role: str | None) -> dict:
    return {**_source_fields(candidate), "cue": cue.text, "cue_start": cue.start, "cue_end": cue.end,
            "via": "direct", "role": role}


def _back_reference(earlier: dict | None, cue: Cue) -> dict | None:
    if earlier is None:
        return None
    return {"source": earlier["source"], "source_id": earlier.get("source_id"), "cue": cue.text,
            "cue_start": cue.start, "cue_end": cue.end, "via": "back-reference", "role": earlier.get("role"),
            "type": earlier.get("type"), "kind": earlier.get("kind")}


def _person_in_apposition(sentence: str, end: int, names: _Names, phrase: str) -> Candidate | None:
    """"selon le porte-parole du Pentagone, le général Pat Ryder, …": the person the role names."""
    if sentence[end:end + 1] != "," or _role(phrase) is None:
        return None
    next_end = names.phrase_end(end + 1)
    people = [c for c in names.within(end + 1, next_end) if c.type == "PER"]
    return people[0] if people else None


def _within_words_of(sentence: str, start: int, named: list[Candidate], most: int) -> list[Candidate]:
    """The named candidates with at most `most` words between `start` and them. They come in order of start,
    and the words of sentence[start:p] never get fewer as p moves on, so they are a leading part of the list:
    the words are counted up to the first one that fails, not up to every candidate."""
    kept = []
    for candidate in named:
        if len(tokens_of(sentence[start:candidate.start])) > most:
            break
        kept.append(candidate)
    return kept


def _source_after(sentence: str, cue: Cue, names: _Names, context: Context, inverted: bool) -> dict | None:
    """The source named after the cue: "selon le Pentagone", "…, a rapporté samedi le Washington Post"."""
    end = names.phrase_end(cue.end)
    named = names.within(cue.end, end)
    if inverted:
        named = _within_words_of(sentence, cue.end, named, MAX_WORDS_BEFORE_INVERTED_SOURCE)
    best = _best_named(named)
    if best is not None and best.type != "PER":
        best = _person_in_apposition(sentence, end, names, sentence[cue.end:end]) or best
    if best is not None:
        role = None
        if best.type == "PER":
            role = _role(sentence[cue.end:best.start]) if best.start < end else _role(sentence[cue.end:end])
        return _named(best, cue, role)
    if _BACK_REFERENCE_AFTER_AT.match(sentence, cue.end, end):
        return _back_reference(context.last_report, cue)
    if not inverted and _PRONOUN_AFTER_AT.match(sentence, cue.end, end):
        return _back_reference(context.last_person(), cue)
    return None


def _only_role_words(text: str) -> bool:
    return all(t.folded in ROLE_LEAD_WORDS or t.folded in TITLE_WORDS for t in tokens_of(text))


def _person_named_by_apposition(sentence: str, apposition: re.Match, start: int, names: _Names) -> Candidate | None:
    """"Le secrétaire général de l’Alliance, Jens Stoltenberg, a précisé": the apposition names the person
    whose title comes before it, and the person is a more precise source than the body in the title."""
    inner_start, inner_end = apposition.span(1)
    people = [c for c in names.within(inner_start, inner_end) if c.type == "PER"
              and _only_role_words(sentence[inner_start:c.start]) and _only_filler(sentence[c.end:inner_end])]
    if not people or _role(sentence[start:apposition.start()]) is None:
        return None
    # A full name before the commas is the subject and the apposition a second one ("Le président Emmanuel
    # Macron, le chancelier Olaf Scholz, ont déclaré"); a single word may be the title's body mistaken for
    # a name ("de l’Alliance").
    if any(c.type == "PER" and len(tokens_of(c.text)) >= 2 for c in names.within(start, apposition.start())):
        return None
    return people[0]


def _apposition_before(sentence: str, end: int) -> re.Match | None:
    """APPOSITION_BEFORE_CUE.search(sentence[:end]), searched from the comma before the last one: a match
    ends with a comma and spaces, and holds no other comma but its first."""
    last = _before_spaces(sentence, end)
    if last == 0 or sentence[last - 1] != ",":
        return None
    first = sentence.rfind(",", 0, last - 1)
    return APPOSITION_BEFORE_CUE.search(sentence, first, end) if first >= 0 else None


def _subject_before(sentence: str, cue: Cue, names: _Names, context: Context) -> dict | None:
    """The subject of a reporting verb: "Le secrétaire à la Défense Lloyd Austin a déclaré"."""
    end = cue.start
    apposition = _apposition_before(sentence, end)
    role_after = None
    if apposition and names.text_before(apposition.start()):
        end = apposition.start()
        start = names.clause_start(end)
        person = _person_named_by_apposition(sentence, apposition, start, names)
        if person is not None:
            return _named(person, cue, _role(sentence[start:end]))
        role_after = _role(apposition.group(1))
    else:
        start = names.clause_start(end)
    subject = names.subject_before(start, end)
    if subject is not None:
        role = role_after
        if subject.type == "PER" and role is None:
            role = _role(sentence[start:subject.start])
        return _named(subject, cue, role)
    # Both patterns end where the text does: only the last few words before `end` are read.
    if BACK_REFERENCE_BEFORE.search(
            sentence[_last_words_start(sentence, start, end, BACK_REFERENCE_BEFORE_RUNS):end]):
        return _back_reference(context.last_report, cue)
    if PRONOUN_BEFORE.search(sentence[_last_words_start(sentence, start, end, PRONOUN_BEFORE_RUNS):end]):
        return _back_reference(context.last_person(), cue)
    return None


def _resolve(sentence: str, cue: Cue, names: _Names, context: Context) -> dict | None:
    if not cue.verb:
        return _source_after(sentence, cue, names, context, inverted=False)
    if cue.pronoun:
        return _back_reference(context.last_person(), cue)
    before = _before_spaces(sentence, cue.start)
    opener = sentence[before - 1:before] if before else ""
    if not opener or opener in INCISE_OPENERS:
        found = _source_after(sentence, cue, names, context, inverted=True)
        if found is not None or not opener:
            return found
    return _subject_before(sentence, cue, names, context)


# ---------------------------------------------------------------------------------------------------
# Remembering what was cited
# ---------------------------------------------------------------------------------------------------

def _as_earlier(found: dict) -> dict:
    return {k: found.get(k) for k in ("source", "source_id", "type", "kind", "role")}


def _is_report_author(found: dict) -> bool:
    if found.get("kind"):
        return found["kind"] in REPORTING_KINDS
    return found.get("type") == "ORG"


def _named_report_author(sentence: str, candidates: list[Candidate]) -> Candidate | None:
    """"un rapport du Washington Post", "a NATO report": the organisation that wrote a report."""
    if not _has_report_word(sentence):
        return None
    for candidate in candidates:
        if candidate.type != "ORG":
            continue
        # REPORT_OF_BEFORE ends where the candidate starts: only its last few words are searched.
        if (REPORT_OF_BEFORE.search(sentence, _last_words_start(sentence, 0, candidate.start, REPORT_OF_BEFORE_RUNS),
                                    candidate.start)
                or _REPORT_OF_AFTER_AT.match(sentence, candidate.end)):
            return candidate
    return None


def _remember(sentence: str, found: dict | None, candidates: list[Candidate], context: Context) -> None:
    if in_capitals(sentence):
        return  # a promotional headline for another story: never what "le rapport" refers to
    if found is not None and found["via"] == "direct":
        context.cited.append(_as_earlier(found))
        if _is_report_author(found):
            context.last_report = _as_earlier(found)
            return
    author = _named_report_author(sentence, candidates)
    if author is not None:
        context.last_report = _as_earlier(_source_fields(author))


# ---------------------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------------------

def _public(found: dict) -> dict:
    return {k: found[k] for k in ("source", "source_id", "cue", "cue_start", "cue_end", "via", "role")}


def find(sentence: str, lang: str, entities: list[dict], registry: Registry,
         context: Context) -> dict | None:
    """Who the sentence cites, or None; updates `context` for the sentences that follow.

    Returns {"source", "source_id", "cue", "cue_start", "cue_end", "via", "role"}: the display name (the
    registry's when known), the registry id or None, the cue as written with offsets into the sentence,
    "direct" or "back-reference", and the person's title when the sentence gives one (else None).
    """
    if not sentence or not isinstance(sentence, str):
        return None
    cues = find_cues(sentence, lang)
    if not cues and not _has_report_word(sentence):
        return None
    candidates = _candidates(sentence, entities or [], registry, context)
    names = _Names(sentence, candidates)
    found = None
    for cue in cues:
        if names.inside(cue.start):
            continue  # "States" in "United States" is not a verb
        found = _resolve(sentence, cue, names, context)
        if found is not None:
            break
    _remember(sentence, found, candidates, context)
    return _public(found) if found else None
