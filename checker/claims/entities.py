"""Sentence → named entities: people (PER), places (LOC) and organisations (ORG).

Rule-based, for French and English (other languages get the gazetteer matches only):

1. Gazetteer: country names from Babel's CLDR data (French and English), plus the cities, organisations
   and people in data/gazetteer.toml. Matching is token by token on folded text (case, accents and
   apostrophes do not count), the longest name wins, so "Washington Post" is one ORG and not a place.
   A word written with a capital in the gazetteer must be capitalised in the text ("Le Monde" the
   paper, not "le monde"), unless the whole sentence is in capitals (a headline).
2. Unknown people: 2–4 capitalised words in a row (with particles such as "de", "von", "al-" and
   initials such as "J."), or a single one right after a title ("M. Dupont", "Gen. Milley").
   Words found by the gazetteer, function words, months, titles and nationalities are never names.

Each entity is {"text", "type", "start", "end"} with offsets into the sentence, plus "canonical" (the
English name) and "source_id" (the default registry's id) when the gazetteer knows them.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import not_
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from checker.text import vocabulary
from checker.text.capitals import in_capitals
from checker.text.fold import fold, fold_with_offsets

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.toml"

# Babel region codes that are not countries, and "world", which is not a place anyone cites.
NOT_COUNTRY_CODES = frozenset({"EU", "UN", "EZ", "QO", "XA", "XB", "ZZ", "001"})
PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*")

# A word: letters/digits joined by hyphens; "O'Brien" and "D'Angelo" stay whole. Combining marks count
# as letters so decomposed (NFD) text tokenises like composed text. In one group, so that WORDS.split gives
# gap, word, gap, … in C. "O'" is one of two ways to start a word, not an optional prefix tried at every
# character: the same words (its O is a WORD_CHAR too), found a little faster. The repeats are possessive
# (*+, ++): nothing follows them in the pattern, so giving characters back could never help a match, and
# re skips saving the points to backtrack to. The Latin-1 word characters, all \w already, are listed
# so that re tests most characters against a bitmap before asking for their Unicode category.
WORD_CHAR = r"[0-9A-Z_a-zª²³µ¹º¼-¾À-ÖØ-öø-ÿ\w\u0300-\u036f]"
WORDS = re.compile(rf"((?:[OD]['’](?=[A-Z])|{WORD_CHAR}){WORD_CHAR}*+(?:[-‐‑]{WORD_CHAR}++)*+)")
GAP_SPACE = re.compile(r"[ \t\u00a0\u202f]+")


def _plain_hyphens(text: str) -> str:
    """The text with its Unicode hyphens (‐ ‑) as "-" (str.replace: str.translate is slow on non-ASCII text)."""
    return text.replace("‐", "-").replace("‑", "-")


# Two-letter acronyms that are ordinary words in an all-capitals headline ("UN JOUR", "US ALLIES").
SHORT_ACRONYM_LENGTH = 2
# Title Case headlines ("Russia Fires Missiles At Kyiv") capitalise most long words.
TITLE_CASE_MIN_WORDS = 4
TITLE_CASE_WORD_LENGTH = 4
# Longer words that Title Case headlines still leave in small letters.
TITLE_CASE_SMALL_WORDS = frozenset("""
a an the and or but nor for of in on at to by as up via vs with from into onto upon over than that amid
s t le la les l d de du des et ou en au aux a sur par avec dans pour sans sous vers chez entre
""".split())
MIN_PERSON_WORDS, MAX_PERSON_WORDS = 2, 4
TITLE_LOOKBACK_TOKENS = 6

# Places that are also given names: "Chad Smith" and "Maurice Papon" are people.
GIVEN_NAME_PLACES = frozenset({"chad", "jordan", "georgia", "maurice", "salvador", "israel", "florence",
                               "victoria", "paris", "lincoln", "austin", "madison", "charlotte"})

# Function words and sentence openers that are capitalised only because they start a sentence.
STOPWORDS = frozenset("""
le la les l un une des du de d au aux et ou mais donc or ni car que qu qui quoi dont ce cet cette ces
son sa ses leur leurs mon ma mes notre nos votre vos il elle ils elles on nous vous je tu lui eux y en ne
pas plus moins tres selon apres avant depuis pendant lors lorsque quand si alors ainsi aussi encore deja
puis enfin pour par sur sous dans avec sans entre vers chez contre malgre comme quelque quelques
plusieurs tous tout toute toutes chaque aucun aucune certains certaines autre autres meme cependant
pourtant toutefois neanmoins outre parmi voici voila ici hier aujourd demain cela ceci ca celui celle
ceux celles c s n j m t environ pres presque seulement notamment face suite lorsqu puisque parce
the a an and or but nor so yet for of in on at to from by with without about after before since during
while when where which who whom whose what why how if then than as this that these those his her its
their our your my he she it they we you i me him them us there here also still already meanwhile however
although though because according last next early late more most many much some any each every all both
either neither no not only just even again today yesterday tomorrow now thus hence despite amid among
between through across against into onto upon over under within around nearly almost some such
click here cliquez ici read lire more plus watch regardez
""".split())

# Month and weekday names, folded: capitalised in English, they are still no names.
MONTHS_AND_DAYS = frozenset(fold(word) for lang in vocabulary.LANGUAGES
                            for word in (*vocabulary.MONTHS[lang], *vocabulary.WEEKDAYS[lang]))

# Titles that announce a person's name ("le ministre Reznikov", "Gen. Milley"), folded.
TITLE_WORDS = frozenset("""
m mme mlle mm me dr pr president presidente ministre secretaire chef general generale colonel
lieutenant capitaine commandant amiral marechal sergent porte-parole ambassadeur ambassadrice senateur
senatrice depute deputee maire gouverneur juge procureur procureure directeur directrice conseiller
conseillere roi reine prince princesse pape cardinal chancelier chanceliere commissaire dirigeant
homologue analyste expert experte journaliste correspondant correspondante reporter adjoint adjointe
premier premiere vice-president vice-presidente haut-representant representant representante
mr mrs ms prof vice minister secretary chief gen lt col maj major capt captain adm admiral sgt sen
senator rep representative gov governor mayor judge ambassador spokesman spokeswoman spokesperson
chancellor king queen pope premier prime deputy director commander sir lord lady dame analyst
correspondent chairman chairwoman chair leader official officer envoy prosecutor attorney
""".split())

# Capitalised nouns inside titles and institution names, never part of a person's name.
INSTITUTION_WORDS = frozenset("""
defense defence etat state affaires etrangeres interieur justice sante tresor treasury armees armee
forces force staff joint chiefs security securite national nationale army navy air marine republic
republique ministry ministere department departement office bureau council conseil committee comite
commission house maison senate senat congress congres parliament parlement government gouvernement
foreign affairs interior homeland intelligence renseignement federal federale union unies united
nations international internationale european europeenne general
""".split())

# Nationalities: "Ukrainian President Volodymyr Zelensky" has no person called "Ukrainian".
NATIONALITY = re.compile(r"""^(?:
    americain|russe|ukrainien|iranien|polonais|bielorusse|britannique|francais|allemand|chinois|israelien
    |palestinien|turc|turque|europeen|occidental|occidentaux|sovietique|syrien|irakien|afghan|italien
    |espagnol|canadien|japonais|coreen|indien|pakistanais|saoudien|egyptien|libanais|hongrois|roumain
    |moldave|georgien|lituanien|letton|estonien|finlandais|suedois|norvegien|danois|neerlandais|belge
    |suisse|autrichien|tcheque|slovaque|grec|serbe|croate|bulgare
    |american|russian|ukrainian|iranian|polish|belarusian|belarussian|british|french|german|chinese
    |israeli|palestinian|turkish|european|western|eastern|soviet|syrian|iraqi|italian|spanish|canadian
    |japanese|korean|indian|pakistani|saudi|emirati|qatari|egyptian|lebanese|hungarian|romanian
    |moldovan|georgian|lithuanian|latvian|estonian|finnish|swedish|norwegian|danish|dutch|belgian|swiss
    |austrian|czech|slovak|greek|serbian|croatian|bulgarian|allied|ally|allies
    )(?:e|s|es|ne|nes)?$""", re.VERBOSE)

# Lower-case words that join the parts of a name: "Ursula von der Leyen", "Charles de Gaulle".
PARTICLES = frozenset({"de", "du", "des", "da", "di", "del", "della", "van", "von", "der", "den", "ter",
                       "bin", "ibn", "ben", "al", "el", "zu", "dos", "das", "do"})
# "al-Assad", "el-Sissi": a lower-case prefix, then the capitalised name.
PREFIXED_NAME = re.compile(r"^(?:al|el|ad|ash|as|an|ar|at|az|ben|bin|ibn|abu)-[A-Z]")
COMPOUND_PARTICLE_ARTICLES = frozenset({"la", "le", "l"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Verbs that end a title's reach when looking back from a lone capitalised word.
VERBISH = frozenset("""
a ont est sont etait etaient ete sera seront avait avaient fait dit has have had is was were will would
said says told visited met
""".split())


@dataclass(frozen=True)
class Name:
    """One way of writing a gazetteer entry."""
    type: str
    canonical: str
    source_id: str | None
    tokens: tuple[str, ...]  # as written in the gazetteer, for the capitalisation check
    trailing_dot: bool


@dataclass(frozen=True)
class Gazetteer:
    by_key: dict  # folded key → tuple[Name, ...]
    lengths_by_first: dict  # first folded token → token counts to try, longest first
    by_surname: dict  # folded surname of a known person → Name, when only one person has it
    # every beginning of a key in by_key: "le" starts "Le Monde" only, and is in most French sentences without
    # "monde" after it, which "le " + the next word tells without building the longer keys
    key_prefixes: frozenset = frozenset()


class Token(NamedTuple):
    text: str
    start: int
    end: int
    folded: str


class Words(NamedTuple):
    """A text's words as parallel lists, word n at index n. A sentence is read through these lists rather than
    through Token tuples: building a Token for every word cost more than the rest of the tokenising, and map()
    runs a test over a whole list in C."""
    texts: list[str]
    starts: list[int]
    ends: list[int]
    foldeds: list[str]
    gaps: list[str]  # gaps[n] is the text before word n, gaps[n + 1] the text after it


# ---------------------------------------------------------------------------------------------------
# Tokens and keys
# ---------------------------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def _fold_token(text: str) -> str:
    return _plain_hyphens(fold(text))


# Sentences whose words are kept: the steps ask for a sentence's words one after the other, so a few hundred
# are plenty, and at most Config.SENTENCE_MAX_CHARS characters each they hold a few tens of MB at most (with
# 1,024 kept, a 2 MB table pasted as text held 80 MB of words).
SENTENCES_KEPT = 256


@lru_cache(maxsize=SENTENCES_KEPT)
def words_of(text: str) -> Words:
    """The words of `text` with their offsets and folded forms (cached: several steps ask)."""
    parts = WORDS.split(text)  # gap, word, gap, word, …, gap
    words = parts[1::2]
    bounds = list(accumulate(map(len, parts)))  # a gap ends where its word starts
    starts, ends = bounds[::2], bounds[1::2]
    # The sentence is folded whole (and cached: the registry folds it again when it looks for sources).
    folded, offsets = fold_with_offsets(text)
    if isinstance(offsets, range):
        # Each character folds to one character, so a word's folded form is a slice of the folded text.
        folded = _plain_hyphens(folded)
        foldeds = [folded[start:end] for start, end in zip(starts, ends)]
    else:
        foldeds = list(map(_fold_token, words))
    return Words(words, starts, ends, foldeds, parts[::2])


@lru_cache(maxsize=SENTENCES_KEPT)
def tokens_of(text: str) -> tuple[Token, ...]:
    """The words of `text` with their offsets and folded forms, as Tokens (cached: several steps ask)."""
    words = words_of(text)
    # tuple.__new__ builds each Token from its row without the keyword handling of Token(...): there are dozens.
    return tuple(map(tuple.__new__, repeat(Token), zip(words.texts, words.starts, words.ends, words.foldeds)))


def _positions(flags: Iterable[bool]) -> Iterator[int]:
    """The positions of the true flags, picked in C (compress) rather than by a Python loop over every word."""
    return compress(count(), flags)


def _gap_key(gap: str) -> str | None:
    """How the text between two words counts in a key: a space, or its punctuation ("." in "U.S").
    None when the gap breaks a name (a line break)."""
    if gap == " ":
        return gap  # the usual gap, answered before the checks below
    if "\n" in gap or "\r" in gap:
        return None
    stripped = GAP_SPACE.sub("", gap)
    return fold(stripped) if stripped else " "


def _key(words: Words) -> str | None:
    parts = [words.foldeds[0]]
    for n in range(1, len(words.texts)):
        gap = _gap_key(words.gaps[n])
        if gap is None:
            return None
        parts.append(gap)
        parts.append(words.foldeds[n])
    return "".join(parts)


# ---------------------------------------------------------------------------------------------------
# The gazetteer, built once on first use
# ---------------------------------------------------------------------------------------------------

def _split_parenthesis(name: str) -> list[str]:
    """"Myanmar (Burma)" is two names, "Myanmar" and "Burma"."""
    inside = PARENTHESIS.findall(name)
    outside = PARENTHESIS.sub(" ", name).strip()
    return [n for n in (outside, *inside) if n]


@lru_cache(maxsize=1)
def _country_names() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(English canonical name, names in French and English) for each country and world region."""
    from babel import (
        Locale,  # imported here: only the first call pays for loading CLDR data
    )

    english, french = Locale("en").territories, Locale("fr").territories
    countries = []
    for code, canonical in english.items():
        if code in NOT_COUNTRY_CODES:
            continue
        names = [*_split_parenthesis(canonical), *_split_parenthesis(french.get(code, ""))]
        countries.append((code, canonical, tuple(n for n in names if n[:1].isupper())))
    return tuple((canonical, names) for _code, canonical, names in countries)


@lru_cache(maxsize=1)
def _gazetteer_file() -> dict:
    return tomllib.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))


def _entries() -> list[tuple[str, str, str | None, list[str]]]:
    """(type, canonical, source_id, names) for every gazetteer entry, countries included."""
    data = _gazetteer_file()
    english = {}
    entries = []
    for canonical, names in _country_names():
        entries.append(["LOC", canonical, None, list(names)])
        english[canonical] = entries[-1]
    from babel import Locale

    territories = Locale("en").territories
    for code, extra in data.get("countries", {}).items():
        entry = english.get(territories.get(code, ""))
        if entry is not None:
            entry[3].extend(extra)
    for item in data.get("entity", []):
        entries.append([item["type"], item["canonical"], item.get("source_id"), list(item["names"])])
    return [tuple(e) for e in entries]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    by_key: dict[str, list[Name]] = {}
    lengths: dict[str, set[int]] = {}
    surnames: dict[str, set[Name]] = {}
    for kind, canonical, source_id, names in _entries():
        for written in names:
            words = words_of(written)
            if not words.texts:
                continue
            key = _key(words)
            if key is None:
                continue
            name = Name(kind, canonical, source_id, tuple(words.texts), written.rstrip().endswith("."))
            if name not in by_key.setdefault(key, []):
                by_key[key].append(name)
            lengths.setdefault(words.foldeds[0], set()).add(len(words.texts))
            if kind == "PER" and len(words.texts) > 1:
                surname = next(f for f in reversed(words.foldeds) if f not in NAME_SUFFIXES)
                surnames.setdefault(surname, set()).add(Name(kind, canonical, source_id, (), False))
    return Gazetteer({k: tuple(v) for k, v in by_key.items()},
                     {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
                     {k: next(iter(v)) for k, v in surnames.items() if len(v) == 1},
                     frozenset(key[:end] for key in by_key for end in range(1, len(key) + 1)))


# ---------------------------------------------------------------------------------------------------
# Sentence shape
# ---------------------------------------------------------------------------------------------------

def _is_title_case(words: Words) -> bool:
    """True for a Title Case headline: every word capitalised but a few small ones ("at", "of")."""
    # A small-letter word that is not a small one settles it, usually within the first few words.
    if any(text.islower() and folded not in TITLE_CASE_SMALL_WORDS
           for text, folded in zip(words.texts, words.foldeds)):
        return False
    long_words = [text for text in words.texts[1:] if text.isalpha() and len(text) >= TITLE_CASE_WORD_LENGTH]
    return len(long_words) >= TITLE_CASE_MIN_WORDS


# ---------------------------------------------------------------------------------------------------
# Gazetteer matching
# ---------------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)  # asked only of the gazetteer's own words, for every name found
def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and any(c.isalpha() for c in word)


def _case_fits(written: str, found: str) -> bool:
    if _is_acronym(written):
        # "OTAN", and the newspapers' "Otan"; two-letter ones ("UE", "US") only in capitals.
        return found.isupper() or (len(written) > SHORT_ACRONYM_LENGTH and found[:1].isupper())
    if written[:1].isupper():
        return found[:1].isupper()
    return True


def _name_fits(name: Name, found: list[str], shouting: bool) -> bool:
    """True when the words `found` in the text are capitalised as the gazetteer writes the name."""
    if shouting:
        # In a capitalised headline "UN" and "US" are words; longer names are safe.
        return not (len(name.tokens) == 1 and _is_acronym(name.tokens[0])
                    and len(name.tokens[0]) <= SHORT_ACRONYM_LENGTH)
    for written, text in zip(name.tokens, found):  # a loop, not all(…): most names are one word
        if not _case_fits(written, text):
            return False
    return True


def _gazetteer_match_at(words: Words, i: int, index: Gazetteer, shouting: bool) -> tuple[Name, int] | None:
    """The longest gazetteer name starting at word i (a word that starts some name), with its length."""
    lengths = index.lengths_by_first[words.foldeds[i]]
    if lengths[-1] > 1 and _no_name_continues(words, i, index):
        return None  # the word starts only longer names, and the next word continues none of them
    keys = _prefix_keys(words, i, lengths[0], index.key_prefixes)
    for length in lengths:
        if length > len(keys):
            continue
        for name in index.by_key.get(keys[length - 1], ()):
            if _name_fits(name, words.texts[i:i + length], shouting):
                return name, length
    return None


def _no_name_continues(words: Words, i: int, index: Gazetteer) -> bool:
    """True when no gazetteer key starts with the key of words i and i + 1, told for the usual single space
    between them (the key of a longer window starts with that key, so no name of two words or more fits)."""
    if i + 1 == len(words.texts):
        return True
    if words.gaps[i + 1] != " ":
        return False  # not told here: the gap's key is built with the others
    return words.foldeds[i] + " " + words.foldeds[i + 1] not in index.key_prefixes


def _prefix_keys(words: Words, i: int, most: int, key_prefixes: frozenset) -> list[str]:
    """_key of each leading part of the `most` words from word i (the first word, the first two…), the gaps
    folded once, up to the first that begins no gazetteer key (no longer part can be a key then) or that a
    line break cuts."""
    keys = [words.foldeds[i]]
    for n in range(i + 1, min(i + most, len(words.texts))):
        gap = _gap_key(words.gaps[n])
        if gap is None:
            break
        key = keys[-1] + gap + words.foldeds[n]
        if key not in key_prefixes:
            break
        keys.append(key)
    return keys


def _gazetteer_entities(words: Words, sentence: str, shouting: bool) -> tuple[list[dict], set[int]]:
    """Gazetteer entities and the indexes of the words they cover."""
    index = gazetteer()
    found, covered = [], set()
    next_free = 0  # the first word after the last name matched
    # Most words start no name: only the others are tried, found in one pass over the sentence.
    for i in _positions(map(index.lengths_by_first.__contains__, words.foldeds)):
        if i < next_free:
            continue
        match = _gazetteer_match_at(words, i, index, shouting)
        if match is None:
            continue
        name, length = match
        start, end = words.starts[i], words.ends[i + length - 1]
        if name.trailing_dot and sentence[end:end + 1] == ".":
            end += 1
        entity = {"text": sentence[start:end], "type": name.type,
                  "start": start, "end": end, "canonical": name.canonical}
        if name.source_id:
            entity["source_id"] = name.source_id
        found.append(entity)
        covered.update(range(i, i + length))
        next_free = i + length
    return found, covered


def _release_given_names(found: list[dict], covered: set[int], words: Words) -> None:
    """Drop a one-word place that is a given name followed by a surname ("Chad Smith")."""
    if "LOC" not in [entity["type"] for entity in found]:
        return  # the usual case: no place, so no word index to build
    foldeds = words.foldeds
    if GIVEN_NAME_PLACES.isdisjoint([foldeds[n] for n in covered]):
        return  # the usual case with a place: no gazetteer word is a given name, so no word index either
    by_start = {start: n for n, start in enumerate(words.starts)}
    released = set()  # positions in `found`, dropped at the end in one pass rather than one list.remove each
    for position, entity in enumerate(found):
        n = by_start.get(entity["start"])
        if (n is None or entity["type"] != "LOC" or words.ends[n] != entity["end"]
                or foldeds[n] not in GIVEN_NAME_PLACES or n + 1 >= len(foldeds)):
            continue
        if n + 1 not in covered and _plain_gap(words, n + 1) and _word_class(words, n + 1) == "name":
            released.add(position)
            covered.discard(n)
    if released:
        found[:] = [entity for position, entity in enumerate(found) if position not in released]


# ---------------------------------------------------------------------------------------------------
# Unknown people
# ---------------------------------------------------------------------------------------------------

def _is_initial(words: Words, n: int) -> bool:
    text = words.texts[n]
    return len(text) == 1 and text.isupper() and words.gaps[n + 1][:1] == "."


def _word_class(words: Words, n: int) -> str:
    """name, title, particle, suffix or other."""
    text, folded = words.texts[n], words.foldeds[n]
    if folded in NAME_SUFFIXES and text[:1].isupper() and len(text) > 1:
        return "suffix"
    if folded in PARTICLES and text.islower():
        return "particle"
    if "-" in text and PREFIXED_NAME.match(text):  # the cheap test first: every prefixed name has its "-"
        return "name"
    # No letter is a digit or "_": the character test is needed only for the few words that are not all letters.
    if not text[:1].isupper() or (not text.isalpha() and any(c.isdigit() or c == "_" for c in text)):
        return "other"
    if folded in STOPWORDS or folded in MONTHS_AND_DAYS:
        return "other"
    if folded in TITLE_WORDS or folded in INSTITUTION_WORDS or NATIONALITY.match(folded):
        return "title"
    if len(text) == 1:
        return "name" if _is_initial(words, n) else "other"
    if text.isupper():
        return "other"  # an acronym or a shouted word, not a name
    return "name"


def _plain_gap(words: Words, n: int) -> bool:
    """True when only a space (or an initial's or abbreviation's dot and a space) comes before word n."""
    return words.gaps[n] in (" ", "\u00a0", ". ", ".\u00a0")


def _runs(words: Words, classes: list[str]) -> list[list[int]]:
    """Index lists of capitalised-word runs that could be names."""
    runs, current = [], []
    for n in [n for n, word_class in enumerate(classes) if word_class != "other"]:
        if current and current[-1] != n - 1:
            runs.append(current)  # an "other" word came between
            current = []
        if current and not _plain_gap(words, n):
            runs.append(current)
            current = []
        if words.gaps[n + 1][:1] == "." and classes[n] == "name" and not _is_initial(words, n):
            # "Smith." ends the sentence; "J." does not.
            current.append(n)
            runs.append(current)
            current = []
            continue
        current.append(n)
    if current:
        runs.append(current)
    return runs


def _title_before(words: Words, first: int) -> bool:
    """True when a title word closely precedes word `first` in the same clause."""
    for n in range(first - 1, max(first - 1 - TITLE_LOOKBACK_TOKENS, -1), -1):
        gap = words.gaps[n + 1]
        if any(c in gap for c in ",;:!?()[]«»\"“”") or (gap.strip() == "." and not _is_abbreviation(words, n)):
            return False
        if words.foldeds[n] in TITLE_WORDS:
            return True
        if words.foldeds[n] in VERBISH:
            return False
    return False


def _is_abbreviation(words: Words, n: int) -> bool:
    return words.foldeds[n] in TITLE_WORDS and len(words.texts[n]) <= 4


def _person_from_run(run: list[int], words: Words, classes: list[str],
                     sentence: str) -> tuple[dict | None, bool]:
    """The person a run of capitalised words names (or None), and whether a title announced it."""
    texts, foldeds = words.texts, words.foldeds
    titled = False
    # The run is cut by moving its ends (first, last), not by slicing it word by word: a run of many titles
    # or particles ("de de de …") would cost its length squared.
    first, last = 0, len(run)
    while first < last and classes[run[first]] in ("title", "particle", "suffix"):
        titled = titled or foldeds[run[first]] in TITLE_WORDS
        first += 1
    # An institution word inside ends the name: "Lloyd Austin Defense" is "Lloyd Austin".
    for position in range(first, last):
        n = run[position]
        if classes[n] == "title" and foldeds[n] not in TITLE_WORDS:
            last = position
            break
    while first < last and classes[run[last - 1]] == "particle":
        last -= 1
    run = run[first:last]
    names = [n for n in run if classes[n] in ("name", "title")]
    if not names or all(len(texts[n]) == 1 for n in names) or _is_initial(words, run[-1]):
        return None, titled
    titled = titled or _title_before(words, run[0])
    if not (MIN_PERSON_WORDS <= len(names) <= MAX_PERSON_WORDS or (len(names) == 1 and titled)):
        return None, titled
    start, end = words.starts[run[0]], words.ends[run[-1]]
    return {"text": sentence[start:end], "type": "PER", "start": start, "end": end}, titled


def _mark_compound_particles(words: Words, classes: list[str]) -> None:
    """"de la Fontaine", "de l'Isle": the article after "de" belongs to the name."""
    if "particle" not in classes:
        return
    # Only the words right after a particle can be such an article: a few, not every word.
    for n in [n + 1 for n, word_class in enumerate(classes[:-2]) if word_class == "particle"]:
        if (words.texts[n] in COMPOUND_PARTICLE_ARTICLES and words.foldeds[n - 1] == "de"
                and classes[n + 1] == "name"):
            classes[n] = "particle"


def _with_known_surname(person: dict) -> dict:
    """"le secrétaire Austin" is Lloyd Austin when only one known person has that surname."""
    known = gazetteer().by_surname.get(_fold_token(person["text"]))
    if known is not None:
        person["canonical"] = known.canonical
        if known.source_id:
            person["source_id"] = known.source_id
    return person


def _classes(words: Words, covered: set[int]) -> list[str]:
    """_word_class of each word but the particles; gazetteer words are "other"."""
    classes = ["other"] * len(words.texts)
    # islower() is False for a capital initial (and for "al-Assad"), so a word in small letters is neither
    # capitalised nor a prefixed name: only the few others are looked at one by one.
    for n in _positions(map(not_, map(str.islower, words.texts))):
        text = words.texts[n]
        if (text[:1].isupper() or "-" in text) and n not in covered:
            classes[n] = _word_class(words, n)
    return classes


def _mark_particles(words: Words, covered: set[int], classes: list[str]) -> None:
    """"de", "von": the particles outside gazetteer names (in small letters, as _word_class wants them)."""
    for n in _positions(map(PARTICLES.__contains__, words.foldeds)):
        if words.texts[n].islower() and n not in covered:
            classes[n] = "particle"


def _people(words: Words, covered: set[int], sentence: str) -> list[dict]:
    classes = _classes(words, covered)
    if "name" not in classes and "title" not in classes:
        return []  # a person needs a name or title word; particles ("de", "des") are marked only then
    _mark_particles(words, covered, classes)
    title_case = _is_title_case(words)
    _mark_compound_particles(words, classes)
    people = []
    for run in _runs(words, classes):
        person, titled = _person_from_run(run, words, classes, sentence)
        if person is None:
            continue
        if title_case and not titled:
            continue  # in a Title Case headline every word is capitalised; only titled names count
        people.append(_with_known_surname(person))
    return people


# ---------------------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------------------

def _start_of(entity: dict) -> int:
    return entity["start"]


def find(sentence: str, lang: str) -> list[dict]:
    """People, places and organisations named in `sentence`, in order, with offsets into it."""
    if not sentence or not isinstance(sentence, str):
        return []
    words = words_of(sentence)
    if not words.texts:
        return []
    shouting = in_capitals(sentence)
    found, covered = _gazetteer_entities(words, sentence, shouting)
    if not shouting:
        _release_given_names(found, covered, words)
        found.extend(_people(words, covered, sentence))
    found.sort(key=_start_of)
    return found
