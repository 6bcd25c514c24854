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
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Iterable, Iterator, NamedTuple

from checker.claims.entities import TITLE_WORDS, tokens_of
from checker.claims.registry import Registry, Source
from checker.text import vocabulary
from checker.text.capitals import in_capitals
from checker.text.fold import fold
from checker.text.language import base_language
from checker.text.scan import (
    has_ignorecase_lookalike,
    letter_words,
    small_letter_copy,
    small_letter_twin,
)

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
FILLER = re.compile(r"""^(?:[\s,]|(?<![\w'])(?:
    also|later|earlier|previously|again|then|now|still|already|on|in\s+a\s+statement|this\s+week|last\s+week
    |aussi|egalement|encore|alors|ensuite|deja|pour\s+sa\s+part|de\s+son\s+cote|quant\s+a\s+(?:lui|elle)
    |lui-meme|elle-meme|lui\s+aussi|elle\s+aussi|cette\s+semaine|hier(?:\s+soir)?|yesterday
    |""" + "|".join(_WEEKDAYS) + r"""
    )(?![\w']))*$""", re.VERBOSE)
# Words that may open the text before a name without being part of the role, folded.
ROLE_LEAD_WORDS = frozenset("""
le la les l ce cet cette ces the this that a an un une on hier soir matin semaine week
""".split()) | frozenset(_WEEKDAYS)


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

    def last_person(self) -> dict | None:
        return next((c for c in reversed(self.cited) if c.get("type") == "PER"), None)

    def cited_surnames(self) -> Iterable[tuple[str, dict]]:
        """(surname, last citation) of each person cited under a name of two words or more, in the order
        first cited."""
        for earlier in self.cited[self._surnames_read:]:
            if earlier.get("type") == "PER":
                words = earlier["source"].split()
                if len(words) >= 2:
                    self._surnames[earlier["source"]] = (words[-1], earlier)
        self._surnames_read = len(self.cited)
        return self._surnames.values()


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
    word_end = len(sentence[:cue_start].rstrip())
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
    for source, start, end in registry.mentions(sentence):
        overlapping = [c for c in found if c.start < end and start < c.end]
        # A registry name holding every name found there is the whole name: "the Bureau of Labor Statistics",
        # not "Labor Statistics"; the UN refugee agency, not the UN. (A person keeps the entity, so the role
        # read before it stays outside the name.)
        if overlapping and source.kind != "person" and all(start <= c.start and c.end <= end for c in overlapping):
            found = [c for c in found if c not in overlapping]
            overlapping = []
        if not overlapping:
            kind = "PER" if source.kind == "person" else "ORG"
            found.append(Candidate(start, end, sentence[start:end], kind, source, None))
            continue
        for candidate in overlapping:
            if candidate.source is None and (candidate.type == "PER") == (source.kind == "person"):
                found[found.index(candidate)] = Candidate(candidate.start, candidate.end, candidate.text,
                                                          candidate.type, source, candidate.canonical)
    found.extend(_surname_candidates(sentence, found, context, registry))
    return sorted(found, key=lambda c: c.start)


def _surname_candidates(sentence: str, found: list[Candidate], context: Context,
                        registry: Registry) -> list[Candidate]:
    """"Austin told reporters": a bare surname of someone cited earlier in the article is that person."""
    extra = []
    for surname, person in context.cited_surnames():
        if surname not in sentence:
            continue  # most sentences: spares building and running the pattern
        for m in re.finditer(rf"(?<!\w){re.escape(surname)}(?!\w)", sentence):
            if not any(c.start <= m.start() < c.end for c in found):
                extra.append(Candidate(m.start(), m.end(), m.group(), "PER",
                                       registry.get(person.get("source_id")), person["source"]))
    return extra


# ---------------------------------------------------------------------------------------------------
# Phrases around a cue
# ---------------------------------------------------------------------------------------------------

def _inside_name(position: int, candidates: list[Candidate]) -> bool:
    return any(c.start <= position < c.end for c in candidates)


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


def _ends_clause(sentence: str, position: int, candidates: list[Candidate]) -> bool:
    """A clause break at `position` is not part of a name, nor the dot of an initial."""
    return not _inside_name(position, candidates) and not _is_initial_dot(sentence, position)


def _phrase_end(sentence: str, start: int, candidates: list[Candidate]) -> int:
    for m in _clause_breaks(sentence, start, len(sentence)):
        if _ends_clause(sentence, m.start(), candidates):
            return m.start()
    return len(sentence)


def _clause_start(sentence: str, end: int, candidates: list[Candidate]) -> int:
    # The last break that ends a clause: looked for from the end, so the earlier ones are not tested.
    for m in reversed(list(_clause_breaks(sentence, 0, end))):
        if _ends_clause(sentence, m.start(), candidates):
            return m.end()
    return 0


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


def _person_in_apposition(sentence: str, end: int, candidates: list[Candidate], phrase: str) -> Candidate | None:
    """"selon le porte-parole du Pentagone, le général Pat Ryder, …": the person the role names."""
    if sentence[end:end + 1] != "," or _role(phrase) is None:
        return None
    next_end = _phrase_end(sentence, end + 1, candidates)
    people = [c for c in candidates if end < c.start and c.end <= next_end and c.type == "PER"]
    return people[0] if people else None


def _source_after(sentence: str, cue: Cue, candidates: list[Candidate], context: Context,
                  inverted: bool) -> dict | None:
    """The source named after the cue: "selon le Pentagone", "…, a rapporté samedi le Washington Post"."""
    end = _phrase_end(sentence, cue.end, candidates)
    phrase = sentence[cue.end:end]
    named = [c for c in candidates if cue.end <= c.start and c.end <= end]
    if inverted:
        named = [c for c in named if len(tokens_of(sentence[cue.end:c.start])) <= MAX_WORDS_BEFORE_INVERTED_SOURCE]
    best = _best_named(named)
    if best is not None and best.type != "PER":
        best = _person_in_apposition(sentence, end, candidates, phrase) or best
    if best is not None:
        role = None
        if best.type == "PER":
            role = _role(sentence[cue.end:best.start]) if best.start < end else _role(phrase)
        return _named(best, cue, role)
    if BACK_REFERENCE_AFTER.match(phrase):
        return _back_reference(context.last_report, cue)
    if not inverted and PRONOUN_AFTER.match(phrase):
        return _back_reference(context.last_person(), cue)
    return None


def _only_role_words(text: str) -> bool:
    return all(t.folded in ROLE_LEAD_WORDS or t.folded in TITLE_WORDS for t in tokens_of(text))


def _person_named_by_apposition(sentence: str, apposition: re.Match, start: int,
                                candidates: list[Candidate]) -> Candidate | None:
    """"Le secrétaire général de l’Alliance, Jens Stoltenberg, a précisé": the apposition names the person
    whose title comes before it, and the person is a more precise source than the body in the title."""
    inner_start, inner_end = apposition.span(1)
    people = [c for c in candidates if c.type == "PER" and inner_start <= c.start and c.end <= inner_end
              and _only_role_words(sentence[inner_start:c.start]) and _only_filler(sentence[c.end:inner_end])]
    if not people or _role(sentence[start:apposition.start()]) is None:
        return None
    # A full name before the commas is the subject and the apposition a second one ("Le président Emmanuel
    # Macron, le chancelier Olaf Scholz, ont déclaré"); a single word may be the title's body mistaken for
    # a name ("de l’Alliance").
    if any(c.type == "PER" and len(tokens_of(c.text)) >= 2 and start <= c.start and c.end <= apposition.start()
           for c in candidates):
        return None
    return people[0]


def _subject_before(sentence: str, cue: Cue, candidates: list[Candidate], context: Context) -> dict | None:
    """The subject of a reporting verb: "Le secrétaire à la Défense Lloyd Austin a déclaré"."""
    end = cue.start
    apposition = APPOSITION_BEFORE_CUE.search(sentence[:end])
    role_after = None
    if apposition and sentence[:apposition.start()].strip():
        end = apposition.start()
        start = _clause_start(sentence, end, candidates)
        person = _person_named_by_apposition(sentence, apposition, start, candidates)
        if person is not None:
            return _named(person, cue, _role(sentence[start:end]))
        role_after = _role(apposition.group(1))
    else:
        start = _clause_start(sentence, end, candidates)
    # The last candidate with only filler words up to the verb; looked for from the end, so the filler test
    # (which folds the text) is not run for the candidates before it.
    subject = next((c for c in reversed(candidates)
                    if start <= c.start and c.end <= end and _only_filler(sentence[c.end:end])), None)
    if subject is not None:
        role = role_after
        if subject.type == "PER" and role is None:
            role = _role(sentence[start:subject.start])
        return _named(subject, cue, role)
    tail = sentence[start:end]
    if BACK_REFERENCE_BEFORE.search(tail):
        return _back_reference(context.last_report, cue)
    if PRONOUN_BEFORE.search(tail):
        return _back_reference(context.last_person(), cue)
    return None


def _resolve(sentence: str, cue: Cue, candidates: list[Candidate], context: Context) -> dict | None:
    if not cue.verb:
        return _source_after(sentence, cue, candidates, context, inverted=False)
    if cue.pronoun:
        return _back_reference(context.last_person(), cue)
    opener = sentence[:cue.start].rstrip()[-1:]
    if not opener or opener in INCISE_OPENERS:
        found = _source_after(sentence, cue, candidates, context, inverted=True)
        if found is not None or not opener:
            return found
    return _subject_before(sentence, cue, candidates, context)


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
        if (REPORT_OF_BEFORE.search(sentence, 0, candidate.start)
                or REPORT_OF_AFTER.match(sentence[candidate.end:])):
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
    found = None
    for cue in cues:
        if _inside_name(cue.start, candidates):
            continue  # "States" in "United States" is not a verb
        found = _resolve(sentence, cue, candidates, context)
        if found is not None:
            break
    _remember(sentence, found, candidates, context)
    return _public(found) if found else None
