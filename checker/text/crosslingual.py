"""French and English texts as language-neutral keys, on any topic: no word list about one story.

A text becomes a list of *groups*, one per content word, number or name. A group holds the word as written
and its alternative keys, each with a kind that says how much a match through it is worth:

    kind  key          what it is
    ----  -----------  ---------------------------------------------------------------------------------
    l     e<lemma>     an English lemma: an English word's own (simplemma), or a French word's own spelling
                       (names and loan words: "internet", "Obama")
    d     e<lemma>     an English lemma reached through a dictionary: FreeDict French→English, FreeDict
                       English→French read backwards, CLDR names (countries, languages, months, days), and
                       the aliases the caller adds (the gazetteer's names)
    t     e<lemma>     an English lemma from a learned translation table (optional)
    c     c<skeleton>  a cognate: the folded lemma's first letter and next three consonants
                       ("gouvernement", "government" → cgvrn…), or (kind 5) the next four
    n     n<value>     a number: "1 000", "1,000", "mille", "1,5 million", "1.5 million"

Keys are ASCII letters and digits, so SQLite FTS5 indexes each as one token. A French sentence and its
English translation share their e…, c… and n… keys; the weight of a match is left to the caller (how rare
the key is among the passages, times the kind's weight).

Resources, all read-only and optional: simplemma's lemma tables (inside its wheel), FreeDict's dictd files
where Debian installs them (`dict-freedict-fra-eng`, `dict-freedict-eng-fra`), Babel's CLDR names. The
French→English lexicon derived from them is built once (a few hundred milliseconds) and kept as JSON in a
cache folder, rebuilt when the dictd files, simplemma or Babel change. Without FreeDict, French words are
keyed by their own spelling, cognates, CLDR names, the caller's aliases and numbers: fewer links, never none.

This module imports nothing of ours but text/: plain data in, plain data out.
"""
from __future__ import annotations

import gzip
import json
import math
import re
import shutil
import subprocess
import time
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import simplemma

from checker.text import vocabulary
from checker.text.fold import fold

KINDS = {"l": "lemma", "d": "dictionary", "t": "learned", "c": "cognate", "5": "cognate", "n": "number"}


# ---------------------------------------------------------------------------------------------------
# Closed-class words (the only hand-written lists: function words, auxiliaries, number and scale words)
# ---------------------------------------------------------------------------------------------------

STOPWORDS = vocabulary.STOPWORDS
# Lemmas that only mark mood, tense or linking: their translations are function words too.
STOP_LEMMAS = {
    "fr": frozenset("etre avoir devoir pouvoir falloir aller egalement toutefois cependant neanmoins pourtant "
                    "ainsi donc notamment".split()),
    "en": frozenset("be have do can may must will shall would should could might also however".split()),
}
# Elided French articles and pronouns: "l'électeur" is read as "électeur".
_ELIDED = frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu".split())
_ENGLISH_CLITICS = frozenset("s t ll re ve d m".split())

# Number words worth two or more ("un", "one" are articles as often as numbers), and scale words.
NUMBER_WORDS = {lang: {word: value for word, value in vocabulary.with_unaccented(words).items() if value > 1}
                for lang, words in vocabulary.NUMBER_WORDS.items()}
SCALES = vocabulary.SCALES

# A token: a number (digits with thousands and decimal separators, maybe an ordinal suffix), or a word
# (letters, with inner apostrophes and hyphens).
_TOKEN = re.compile(r"""
    (?P<num>(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])
          | (?<![\w.,])\d+(?:[.,]\d+)*(?![\d]))
    (?P<ord>(?:er|re|ère|e|ème|eme|nd|st|rd|th)\b)?
  | (?P<word>[^\W\d_]+(?:['’\-‐‑][^\W\d_]+)*)
""", re.VERBOSE)
_ABBREVIATION = re.compile(r"\b(?:[A-Z]\.){2,}")  # "U.S." is read as "US"
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”’)]*\s+(?=[\"«“(]?[A-ZÀ-Ý0-9])|\n+")
_LETTERS = re.compile(r"[a-z0-9]+")
_NOT_KEY = re.compile(r"[^a-z0-9]")


def number_key(value: float) -> str:
    """`n1000`; a fraction keeps its digits (`n2p5`)."""
    value = float(value)
    if value.is_integer():
        return f"n{int(value)}"
    return "n" + f"{value:.6g}".replace(".", "p").replace("-", "m").replace("+", "")


def parse_number(text: str, lang: str) -> float | None:
    """Digits as written in `lang`: French "1 000", "1,5", "1.000"; English "1,000", "1.5"."""
    digits = re.sub(r"[ \u00a0\u202f]", "", text)
    decimal, group = (",", ".") if lang == "fr" else (".", ",")
    if digits.count(decimal) > 1:
        return None
    if group in digits:
        rest = digits.split(decimal)[0].split(group)[1:]
        if not all(len(part) == 3 for part in rest):
            if len(rest) == 1 and decimal not in digits:  # "1,5" in English: the other convention
                return float(digits.replace(group, "."))
            return None
        digits = digits.replace(group, "")
    try:
        return float(digits.replace(decimal, "."))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------
# Lemmas and cognate skeletons
# ---------------------------------------------------------------------------------------------------

def lemma(word: str, lang: str) -> str:
    """The folded lemma of a word (simplemma; other languages than French and English are folded only)."""
    if lang not in ("fr", "en"):
        return fold(word)
    return fold(simplemma.lemmatize(word, lang=lang))


_SKELETON_SPELLINGS = (("ph", "f"), ("th", "t"), ("qu", "k"), ("ck", "k"), ("c", "k"), ("q", "k"), ("z", "s"),
                       ("x", "ks"))
_NOT_CONSONANTS = frozenset("aeiouyhw")
SKELETON_LETTERS = 5  # the long cognate key; the short one is its first four letters


def skeleton(folded: str) -> str | None:
    """The first letter, then the next consonants, a doubled one once: "gouvernement" and "government"
    → "gvrnm", "préliminaire" and "preliminary" → "prlmn". None for short words."""
    letters = "".join(c for c in folded if "a" <= c <= "z")
    if len(letters) < 4:
        return None
    for written, sound in _SKELETON_SPELLINGS:
        letters = letters.replace(written, sound)
    bones = [letters[0]]
    for c in letters[1:]:
        if c in _NOT_CONSONANTS or c == bones[-1]:
            continue
        bones.append(c)
        if len(bones) == SKELETON_LETTERS:
            break
    return "".join(bones) if len(bones) >= 3 else None


# ---------------------------------------------------------------------------------------------------
# The French→English lexicon: FreeDict (dictd files) and CLDR names
# ---------------------------------------------------------------------------------------------------

DICTIONARIES = ("freedict-fra-eng", "freedict-eng-fra")
_BASE64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_SENSE_NUMBER = re.compile(r"^\s*\d+\.\s*")
_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)|\"[^\"]*\"|<[^>]*>")
_EN_LEADING = re.compile(r"^(?:to|a|an|the|be)\s+")
_FR_LEADING = re.compile(r"^(?:se |s'|le |la |l'|les |un |une |du |de la |des )")


def _dictd_number(text: str) -> int:
    value = 0
    for c in text:
        value = value * 64 + _BASE64[c]
    return value


def read_dictd(stem: Path) -> dict[str, list[list[str]]]:
    """A dictd dictionary (`stem`.index and `stem`.dict.dz) → headword as written → its senses, each a
    list of translations. Usage examples and grammar tags are left out."""
    data = gzip.open(f"{stem}.dict.dz").read()
    entries: dict[str, list[list[str]]] = {}
    with open(f"{stem}.index", encoding="utf-8") as index:
        for line in index:
            head, offset, length = line.rstrip("\n").split("\t")
            if head.startswith(("00database", "00-database")):
                continue
            start = _dictd_number(offset)
            body = data[start:start + _dictd_number(length)].decode("utf-8").strip("\n").split("\n")
            senses = entries.setdefault(body[0].split(" /", 1)[0].strip(), [])
            for raw in body[1:]:
                if raw.startswith("      "):  # a usage example
                    continue
                words = [t.strip() for t in _BRACKETS.sub(" ", _SENSE_NUMBER.sub("", raw)).split(",") if t.strip()]
                if words:
                    senses.append(words)
    return entries


def english_keys(phrase: str, max_words: int = 2) -> list[str]:
    """An English gloss ("to combat", "drop of water") → the lemmas of its content words, at most
    `max_words` of them (a longer gloss says too little about one word)."""
    phrase = _EN_LEADING.sub("", fold(phrase).strip())
    words = [w for w in _LETTERS.findall(phrase) if w not in STOPWORDS["en"]]
    if not words or len(words) > max_words:
        return []
    return [_NOT_KEY.sub("", lemma(w, "en")) for w in words]


@dataclass
class Lexicon:
    """French folded word or lemma → English lemmas; French phrases ("etats unis") likewise; and English
    aliases (a folded English spelling → the lemmas of its canonical name: "kiev" → kyiv)."""
    fr_en: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fr_phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    en_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.phrase_first = {phrase.split(" ", 1)[0] for phrase in self.fr_phrases}

    def add(self, french: str, english: list[str]) -> None:
        words = _LETTERS.findall(_FR_LEADING.sub("", fold(french).strip()))
        if not english or not words:
            return
        table = self.fr_en if len(words) == 1 else self.fr_phrases
        if len(words) > 1:
            self.phrase_first.add(words[0])
        key = " ".join(words)
        old = table.get(key, ())
        table[key] = old + tuple(e for e in english if e not in old)

    def add_alias(self, english_form: str, english: list[str]) -> None:
        key = " ".join(_LETTERS.findall(fold(english_form)))
        if key and english:
            old = self.en_aliases.get(key, ())
            self.en_aliases[key] = old + tuple(e for e in english if e not in old)

    def as_json(self) -> dict:
        return {"sources": self.sources, "fr_en": self.fr_en, "fr_phrases": self.fr_phrases,
                "en_aliases": self.en_aliases}

    @classmethod
    def from_json(cls, data: dict) -> "Lexicon":
        return cls(fr_en={k: tuple(v) for k, v in data["fr_en"].items()},
                   fr_phrases={k: tuple(v) for k, v in data["fr_phrases"].items()},
                   en_aliases={k: tuple(v) for k, v in data.get("en_aliases", {}).items()},
                   sources=list(data["sources"]))


# Apertium's pairs through a pivot language: French → Spanish, Esperanto or Catalan → English. Each: the
# pair's French analyser (and lt-proc flags), the French→pivot and pivot→English bilingual dictionaries.
APERTIUM_PIVOTS = (
    ("apertium-fr-es/fr-es.automorf.bin", (), "apertium-fr-es/fr-es.autobil.bin",
     "apertium-eng-spa/spa-eng.autobil.bin"),
    ("apertium-eo-fr/fr-eo.automorf.bin", (), "apertium-eo-fr/fr-eo.autobil.bin", "apertium-eo-en/eo-en.autobil.bin"),
    ("apertium-fra-cat/fra-cat.automorf.bin", ("-w",), "apertium-fra-cat/fra-cat.autobil.bin",
     "apertium-eng-cat/cat-eng.autobil.bin"),
)
_CONTENT_TAGS = frozenset("n np adj adv vblex vbmod num".split())
_APERTIUM_UNIT = re.compile(r"\^((?:\\.|[^$\\])*)\$")
_APERTIUM_TAG = re.compile(r"<([^>]+)>")
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:['’\- ][^\W\d_]+)*")


def _lt_proc(arguments: list[str], lines: list[str]) -> str:
    """lttoolbox's lt-proc over one line per input (one process for all of them)."""
    return subprocess.run(["lt-proc", *arguments], input="\n".join(lines) + "\n", capture_output=True, text=True,
                          check=True).stdout


def _unit_parts(body: str) -> tuple[str, list[str]]:
    """An lt-proc unit "surface/reading1/reading2" → (surface, readings)."""
    parts = re.split(r"(?<!\\)/", body)
    return parts[0], parts[1:]


def _lemma_tags(reading: str) -> tuple[str, list[str]]:
    cut = reading.find("<")
    return (reading, []) if cut < 0 else (reading[:cut], _APERTIUM_TAG.findall(reading[cut:]))


def _pivot_variants(reading: str) -> list[str]:
    """A pivot-language lemma with the tags the first dictionary gave, then looser tag sets: the second may
    want another gender or number ("tasa<n><f><ND>" → "tasa<n><f><sg>")."""
    lem, tags = _lemma_tags(reading)
    if not tags:
        return [reading]
    pos = tags[0]
    out = [reading, f"{lem}<{pos}>", f"{lem}<{pos}>" + "".join(f"<{'sg' if t in ('ND', 'sp') else t}>" for t in tags[1:])]
    if pos in ("n", "adj", "np"):
        for gender in ("m", "f", "mf", "nt"):
            out += [f"{lem}<{pos}><{gender}><sg>", f"{lem}<{pos}><{gender}>"]
        out.append(f"{lem}<{pos}><sg>")
    if pos.startswith("vb"):
        out.append(f"{lem}<{pos}><inf>")
    return list(dict.fromkeys(out))


def has_apertium(apertium_dir: Path | None) -> bool:
    return bool(apertium_dir) and shutil.which("lt-proc") is not None and any(
        all(Path(apertium_dir, part).exists() for part in (morf, bil1, bil2)) for morf, _f, bil1, bil2 in APERTIUM_PIVOTS)


def pivot_translations(apertium_dir: Path, words: list[str]) -> dict[str, list[str]]:
    """French folded lemma → English lemmas through Apertium's pairs: each French word is analysed by a
    pair's French analyser (content words, every reading), each reading goes through the French→pivot
    dictionary, each pivot lemma through the pivot→English one. Empty without lt-proc or the pairs."""
    if not has_apertium(apertium_dir):
        return {}
    found: dict[str, list[str]] = {}
    for morf, flags, bil1, bil2 in APERTIUM_PIVOTS:
        if not all(Path(apertium_dir, part).exists() for part in (morf, bil1, bil2)):
            continue
        readings: dict[tuple, str] = {}
        for unit in _APERTIUM_UNIT.finditer(_lt_proc([*flags, str(Path(apertium_dir, morf))], words)):
            for reading in _unit_parts(unit.group(1))[1]:
                lem, tags = _lemma_tags(reading)
                if reading[:1] not in "*@#" and tags and tags[0] in _CONTENT_TAGS:
                    readings.setdefault((lem, tuple(tags[:2])), reading)
        pivot = {}
        for unit in _APERTIUM_UNIT.finditer(_lt_proc(["-b", str(Path(apertium_dir, bil1))],
                                                     [f"^{r}$" for r in readings.values()])):
            source, outs = _unit_parts(unit.group(1))
            pivot[source] = [o for o in outs if not o.startswith("@")]
        asked = sorted({v for outs in pivot.values() for o in outs for v in _pivot_variants(o)})
        english = {}
        for unit in _APERTIUM_UNIT.finditer(_lt_proc(["-b", str(Path(apertium_dir, bil2))], [f"^{a}$" for a in asked])):
            source, outs = _unit_parts(unit.group(1))
            english[source] = [_lemma_tags(o)[0] for o in outs if not o.startswith("@")]
        for reading in readings.values():
            french = fold(_lemma_tags(reading)[0])
            for middle in pivot.get(reading, ()):
                got = next((english[v] for v in _pivot_variants(middle) if english.get(v)), [])
                for gloss in got:
                    for key in english_keys(gloss.replace("#", " ").replace("_", " ")):
                        if key not in found.setdefault(french, []):
                            found[french].append(key)
    return found


def _french_lemmas() -> list[str]:
    """Every French lemma simplemma knows (its table ships in the wheel): the words Apertium is asked."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory  # noqa: PLC0415

    table = DefaultDictionaryFactory().get_dictionary("fr")
    return sorted({lem for lem in table.values() if _PLAIN_WORD.fullmatch(lem)})


def has_dictionaries(dictd_dir: Path) -> bool:
    return all(Path(dictd_dir, f"{name}.index").exists() for name in DICTIONARIES)


def build_lexicon(dictd_dir: Path | None, apertium_dir: Path | None = None) -> Lexicon:
    """FreeDict French→English, then English→French read backwards (when the dictd files are there), then
    Apertium's pairs through a pivot language (when installed, with lt-proc), then CLDR's names of countries,
    languages and nationalities, months and days."""
    lexicon = Lexicon()
    forward = Path(dictd_dir or "/nonexistent", DICTIONARIES[0])
    if Path(f"{forward}.index").exists():
        for head, senses in read_dictd(forward).items():
            english = [k for sense in senses for gloss in sense for k in english_keys(gloss)]
            lexicon.add(head, english)
            lexicon.add(lemma(head, "fr"), english)
        lexicon.sources.append(DICTIONARIES[0])
    backward = Path(dictd_dir or "/nonexistent", DICTIONARIES[1])
    if Path(f"{backward}.index").exists():
        for head, senses in read_dictd(backward).items():
            english = english_keys(head, max_words=1)
            for sense in senses:
                for french in sense:
                    lexicon.add(french, english)
        lexicon.sources.append(DICTIONARIES[1])
    pivoted = pivot_translations(Path(apertium_dir), _french_lemmas()) if apertium_dir else {}
    for french, english in pivoted.items():
        lexicon.add(french, english)
    if pivoted:
        lexicon.sources.append("apertium")
    from babel import Locale  # noqa: PLC0415 (Babel's data loads only when a lexicon is built)
    french, english = Locale("fr"), Locale("en")
    for table in ("territories", "languages"):
        english_names = getattr(english, table)
        for code, name in getattr(french, table).items():
            if code in english_names and not code.isdigit():
                lexicon.add(name, english_keys(english_names[code], max_words=3))
    for month in range(1, 13):
        lexicon.add(french.months["format"]["wide"][month], english_keys(english.months["format"]["wide"][month]))
    for day in range(7):
        lexicon.add(french.days["format"]["wide"][day], english_keys(english.days["format"]["wide"][day]))
    lexicon.sources.append("cldr")
    return lexicon


LEXICON_VERSION = 2  # bump when build_lexicon changes what it makes: cached lexicons are rebuilt


def lexicon_stamp(dictd_dir: Path | None, apertium_dir: Path | None = None) -> str:
    """What a lexicon is built from: this code's version, the dictd files, Apertium's pairs (and whether
    lt-proc is there), simplemma and Babel."""
    import babel  # noqa: PLC0415

    parts = [f"v{LEXICON_VERSION}", f"simplemma:{simplemma.__version__}", f"babel:{babel.__version__}"]
    files = [Path(dictd_dir or "/nonexistent", name + suffix) for name in DICTIONARIES for suffix in (".index", ".dict.dz")]
    if apertium_dir and has_apertium(Path(apertium_dir)):
        files += [Path(apertium_dir, part) for pivot in APERTIUM_PIVOTS for part in (pivot[0], pivot[2], pivot[3])]
    for path in files:
        parts.append(f"{path.name}:{path.stat().st_size}:{int(path.stat().st_mtime)}" if path.exists() else f"{path.name}:-")
    return "|".join(parts)


def load_lexicon(dictd_dir: Path | None, cache_dir: Path | None, apertium_dir: Path | None = None) -> Lexicon:
    """The lexicon from its JSON cache when it was built from the same files, else built (a few hundred
    milliseconds from FreeDict, about half a minute more with Apertium) and cached. The cache holds only
    what this module derived (French word → English lemmas), never the dictionaries."""
    stamp = lexicon_stamp(dictd_dir, apertium_dir)
    path = Path(cache_dir, "crosslingual-fr-en.json") if cache_dir else None
    if path is not None and path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("stamp") == stamp:
                return Lexicon.from_json(data)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is rebuilt
    lexicon = build_lexicon(dictd_dir, apertium_dir)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_suffix(f".{time.monotonic_ns()}.part")
            part.write_text(json.dumps({"stamp": stamp, **lexicon.as_json()}), encoding="utf-8")
            part.replace(path)
        except OSError:
            pass  # a read-only cache folder: the lexicon is rebuilt by the next process
    return lexicon


def add_names(lexicon: Lexicon, names_file: Path) -> None:
    """A gazetteer of names (TOML: `[countries]` ISO code → spellings, `[[entity]]` with `canonical` and
    `names`): every spelling means its canonical English name, in French text and as an English alias
    ("Kiev" → Kyiv). Spellings of three letters or fewer ("US", "EAU") are aliases only: they count only
    when written in capitals."""
    from babel import Locale  # noqa: PLC0415

    data = tomllib.loads(Path(names_file).read_text(encoding="utf-8"))
    english = Locale("en").territories
    named = [(item["canonical"], item["names"]) for item in data.get("entity", [])]
    named += [(english.get(code, code), names) for code, names in data.get("countries", {}).items()]
    for canonical, names in named:
        meaning = english_keys(canonical, max_words=4)
        for name in [canonical, *names]:
            if sum(c.isalpha() for c in name) > 3:
                lexicon.add(name, meaning)
            lexicon.add_alias(name, meaning)


@lru_cache(maxsize=4)
def shared_keyer(dictd_dir: str, cache_dir: str | None, names_file: str | None = None,
                 apertium_dir: str | None = None) -> "Keyer":
    """One keyer per process for these dictionaries, lexicon cache and names: the lexicon is loaded once."""
    lexicon = load_lexicon(Path(dictd_dir), Path(cache_dir) if cache_dir else None,
                           Path(apertium_dir) if apertium_dir else None)
    if names_file:
        add_names(lexicon, Path(names_file))
    return Keyer(lexicon)


# ---------------------------------------------------------------------------------------------------
# Groups: a text's words and their alternative keys
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Group:
    word: str                          # as written in the text
    keys: tuple[tuple[str, str], ...]  # (key, kind), best first
    start: int = 0                     # where the word starts in the text
    name: bool = False                 # capitalised inside a sentence, or an acronym


@dataclass
class Keyed:
    """A text's groups, its sentences (ranges of groups) and its bag (key → the first word it came from)."""
    lang: str
    groups: list[Group]
    sentences: list[tuple[int, int]]
    bag: dict[str, str]


_PARTICIPLE_ENDINGS = (("ees", "er"), ("ee", "er"), ("es", "er"), ("e", "er"), ("ies", "ir"), ("ie", "ir"),
                       ("is", "ir"), ("i", "ir"), ("it", "ire"), ("ues", "re"), ("ue", "re"), ("us", "re"),
                       ("u", "re"), ("u", "oir"))


def _infinitive_guesses(folded: str):
    """"fourni" → "fournir", "tuee" → "tuer": participles simplemma left alone, for look-up only."""
    for ending, infinitive in _PARTICIPLE_ENDINGS:
        if folded.endswith(ending) and len(folded) > len(ending) + 2:
            yield folded[: -len(ending)] + infinitive


def _adverb_guesses(folded: str):
    """"totalement" → "totale", "rapidement" → "rapide": the adjective of a French -ment adverb."""
    if folded.endswith("ment") and len(folded) > 7:
        yield folded[:-4]
        yield lemma(folded[:-4], "fr")
        yield folded[:-5]


def _without_elision(word: str, lang: str) -> str:
    if "'" not in word and "’" not in word:
        return word
    parts = re.split(r"['’]", word)
    if len(parts) == 2 and lang == "fr" and fold(parts[0]) in _ELIDED:
        return parts[1]
    if len(parts) == 2 and lang == "en" and fold(parts[1]) in _ENGLISH_CLITICS:
        return parts[0]
    return word


class Keyer:
    """Turns French and English texts into groups of keys with one lexicon (and optionally a learned
    translation table: French lemma → English lemmas). Caches each word's keys: vocabularies repeat."""

    def __init__(self, lexicon: Lexicon, learned: dict[str, tuple[str, ...]] | None = None):
        self.lexicon = lexicon
        self.learned = learned or {}
        self._words: dict[tuple[str, str, bool], tuple[tuple[str, str], ...]] = {}

    def word_keys(self, word: str, lang: str, name: bool = False) -> tuple[tuple[str, str], ...]:
        """The alternative keys of one word, best first."""
        cached = self._words.get((word, lang, name))
        if cached is None:
            cached = self._words[(word, lang, name)] = self._word_keys(word, lang, name)
        return cached

    def _word_keys(self, word: str, lang: str, name: bool) -> tuple[tuple[str, str], ...]:
        folded = fold(word)
        lem = lemma(word.lower(), lang)
        if lem in STOP_LEMMAS.get(lang, ()) and not name:
            return ()
        keys: dict[str, str] = {}
        own, own_lemma = _NOT_KEY.sub("", folded), _NOT_KEY.sub("", lem)
        if lang == "fr":
            # The word as written, its lemma, then the verb or adjective it may come from ("frappe" the noun,
            # and "frapper"; "fourni" and "fournir"), the first guess found.
            for form in (folded, lem):
                for english in self.lexicon.fr_en.get(form, ()):
                    keys.setdefault("e" + english, "d")
            for form in (*_infinitive_guesses(lem), *_adverb_guesses(lem)):
                if form in self.lexicon.fr_en:
                    for english in self.lexicon.fr_en[form]:
                        keys.setdefault("e" + english, "d")
                    break
            for form in (lem, folded):
                for english in self.learned.get(form, ()):
                    keys.setdefault("e" + english, "t")
            keys.setdefault("e" + own, "l")  # its own spelling: names and loan words
            keys.setdefault("e" + own_lemma, "l")
        else:
            keys["e" + own_lemma] = "l"
            keys.setdefault("e" + own, "l")
            if lang == "en" and lem.endswith("ly") and not lem.endswith("ply") and len(lem) > 6:  # "completely" also reads "complete"
                keys.setdefault("e" + _NOT_KEY.sub("", lemma(lem[:-3] + "y" if lem.endswith("ily") else lem[:-2],
                                                               "en")), "l")
        if name or word.isupper():  # a name's other spellings ("Kiev" → Kyiv, "US" → United States)
            for english in self.lexicon.en_aliases.get(" ".join(_LETTERS.findall(folded)), ()):
                keys.setdefault("e" + english, "d")
        bones = [skeleton(lem) or skeleton(folded)]
        if lang == "fr" and len(lem) > 5 and lem.endswith(("er", "ir", "re")):
            bones.append(skeleton(lem[:-2]))  # "visiter"/"visit", "stopper"/"stop"
        if lang == "fr" and word[:1] in "éÉ" and len(lem) > 4:
            bones.append(skeleton("s" + lem[1:]))  # é- for an older s-: "état"/"state", "école"/"school"
        for bone in bones:
            if bone and len(bone) == SKELETON_LETTERS:
                keys.setdefault("c" + bone, "5")
        for bone in bones:
            if bone:
                keys.setdefault("c" + bone[:4], "c")
        return tuple((k, kind) for k, kind in keys.items() if len(k) > 1)

    def keys(self, text: str, lang: str) -> Keyed:
        """A text's groups (numbers, dictionary phrases, content words), sentences and bag."""
        lang = "fr" if lang.startswith("fr") else "en" if lang.startswith("en") else lang
        text = _ABBREVIATION.sub(lambda m: m.group().replace(".", "") + " " * m.group().count("."), text)
        stop = STOPWORDS.get(lang, STOPWORDS["en"])
        scales = SCALES.get(lang, SCALES["en"])
        number_words = NUMBER_WORDS.get(lang, {})
        groups: list[Group] = []
        sentence_starts = {0} | {m.end() for m in _SENTENCE_END.finditer(text)}
        tokens = list(_TOKEN.finditer(text))
        i, count = 0, len(tokens)
        while i < count:
            token = tokens[i]
            step = 1
            if token.group("num") is not None:
                value = parse_number(token.group("num"), lang)
                shown = token.group(0)
                if value is not None and token.group("ord") is None and i + 1 < count:
                    after = tokens[i + 1].group("word")
                    if after and fold(after) in scales and tokens[i + 1].start() - token.end() <= 1:
                        value *= scales[fold(after)]
                        shown, step = text[token.start():tokens[i + 1].end()], 2
                if value is not None:
                    groups.append(Group(shown, ((number_key(value), "n"),), token.start()))
                i += step
                continue
            raw = token.group("word")
            word = _without_elision(raw, lang)
            folded = fold(word)
            first = token.start() in sentence_starts or _last_mark(text, token.start()) in _OPENING_MARKS
            is_name = (not first and word[:1].isupper()) or (len(word) >= 2 and word.isupper())
            compound = vocabulary.compound_number(folded.split("-"), lang) if "-" in folded else None
            if folded in number_words or compound:
                value = float(number_words.get(folded) or compound)
                shown = raw
                after = tokens[i + 1].group("word") if i + 1 < count else None
                if after and fold(after) in scales:
                    value *= scales[fold(after)]
                    shown, step = text[token.start():tokens[i + 1].end()], 2
                groups.append(Group(shown, ((number_key(value), "n"),), token.start()))
                i += step
                continue
            if lang == "fr":
                phrase = self._phrase_at(tokens, i)
                if phrase:
                    n, english = phrase
                    keys = tuple(("e" + e, "d") for e in english)
                    if len(english) > 1:
                        keys += (("e" + "".join(english), "d"),)
                    groups.append(Group(text[token.start():tokens[i + n - 1].end()], keys, token.start(), is_name))
                    i += n
                    continue
            if folded in stop and not (is_name and word.isupper() and len(word) >= 2):
                i += 1
                continue
            if "-" in folded and not (lang == "fr" and folded in self.lexicon.fr_en):
                parts = [p for p in re.split(r"[-‐‑]", word) if p and fold(p) not in stop]
            else:
                parts = [word]
            offset = token.start()
            for part in parts:
                if len(part) >= 2:
                    keys = self.word_keys(part, lang, is_name)
                    if keys:
                        groups.append(Group(part, keys, offset + max(0, word.find(part)), is_name))
            i += 1
        return Keyed(lang, groups, _sentences(groups, sentence_starts), _bag(groups))

    def _phrase_at(self, tokens, i: int, longest: int = 4):
        """The longest French dictionary phrase starting at token i: (its length in tokens, English lemmas)."""
        first = tokens[i].group("word")
        head = _LETTERS.match(fold(first or ""))
        if head is None or head.group() not in self.lexicon.phrase_first:
            return None
        words, ends = [], []
        for token in tokens[i:i + longest]:
            if token.group("word") is None:
                break
            words.extend(_LETTERS.findall(fold(token.group("word"))))
            ends.append(len(words))
        for n_words in range(min(len(words), 5), 1, -1):
            english = self.lexicon.fr_phrases.get(" ".join(words[:n_words]))
            if english and n_words in ends:
                return ends.index(n_words) + 1, english
        return None


_OPENING_MARKS = frozenset(("", "«", '"', "“", ":"))  # after these, a capital does not make a name


def _last_mark(text: str, position: int) -> str:
    """The last character before `position` that is not white space ("" at the start of the text)."""
    position -= 1
    while position >= 0 and text[position].isspace():
        position -= 1
    return text[position] if position >= 0 else ""


def _sentences(groups: list[Group], starts: set[int]) -> list[tuple[int, int]]:
    """Ranges of groups, one per sentence of the text (a sentence without groups is left out)."""
    bounds = sorted(starts)
    ranges, first, current = [], 0, 0
    for n, group in enumerate(groups):
        while current + 1 < len(bounds) and group.start >= bounds[current + 1]:
            current += 1
            if n > first:
                ranges.append((first, n))
            first = n
    if len(groups) > first:
        ranges.append((first, len(groups)))
    return ranges


def _bag(groups: list[Group]) -> dict[str, str]:
    bag: dict[str, str] = {}
    for group in groups:
        for key, _kind in group.keys:
            bag.setdefault(key, group.word)
    return bag


# ---------------------------------------------------------------------------------------------------
# Learned translations (IBM Model 1 over aligned sentence pairs), optional
# ---------------------------------------------------------------------------------------------------

def _learning_units(keyed: Keyed) -> list[str]:
    """French lemmas, or English lemma keys (numbers and phrases left out)."""
    units = []
    for group in keyed.groups:
        if group.keys[0][1] == "n" or " " in group.word:
            continue
        units.append(lemma(group.word.lower(), "fr") if keyed.lang == "fr" else group.keys[0][0][1:])
    return units


def learn_translations(pairs: list[tuple[Keyed, Keyed]], iterations: int = 8, min_count: int = 2,
                       min_probability: float = 0.2, top: int = 3) -> dict[str, tuple[str, ...]]:
    """French lemma → its likeliest English lemmas, by IBM Model 1's EM over (French, English) sentence
    pairs: lemmas seen in `min_count` pairs or more, translations of probability `min_probability` or more."""
    corpus = [(_learning_units(fr) + ["<null>"], _learning_units(en)) for fr, en in pairs]
    seen: dict[str, int] = {}
    for french, _english in corpus:
        for f in set(french):
            seen[f] = seen.get(f, 0) + 1
    table: dict[tuple[str, str], float] = {}
    uniform = 1.0 / max(1, len({e for _f, english in corpus for e in english}))
    for _ in range(iterations):
        expected: dict[tuple[str, str], float] = {}
        totals: dict[str, float] = {}
        for french, english in corpus:
            for e in english:
                weights = [table.get((f, e), uniform) for f in french]
                norm = sum(weights)
                for f, w in zip(french, weights):
                    expected[(f, e)] = expected.get((f, e), 0.0) + w / norm
                    totals[f] = totals.get(f, 0.0) + w / norm
        table = {(f, e): c / totals[f] for (f, e), c in expected.items()}
    best: dict[str, list[tuple[float, str]]] = {}
    for (f, e), p in table.items():
        if f != "<null>" and seen.get(f, 0) >= min_count and p >= min_probability:
            best.setdefault(f, []).append((p, e))
    return {f: tuple(e for _p, e in sorted(items, reverse=True)[:top]) for f, items in best.items()}


# ---------------------------------------------------------------------------------------------------
# Coverage: how much of one text's groups another text's keys hold
# ---------------------------------------------------------------------------------------------------

# What a match of each kind is worth next to a plain lemma match (from the prototype's training half).
KIND_WEIGHTS = {"l": 1.0, "d": 1.0, "t": 0.8, "c": 0.6, "5": 0.9, "n": 1.2}


class Rarity:
    """Inverse document frequency of keys among `passages` passages, from each key's passage count. `indexed`:
    the counts are an index's, and every text compared under them is read against an indexed one, so a key no
    indexed text holds can match nothing (`weighted` leaves it out)."""

    def __init__(self, frequencies: dict[str, int], passages: int, indexed: bool = False):
        self.frequencies = frequencies
        self.passages = passages
        self.indexed = indexed
        self.unseen = math.log(passages + 1)
        self._cache: dict[str, float] = {}

    def __call__(self, key: str) -> float:
        value = self._cache.get(key)
        if value is None:
            count = self.frequencies.get(key, 0)
            value = self._cache[key] = math.log((self.passages + 1) / (count + 0.5)) if count else self.unseen

        return value


def group_weight(keys, rarity: Rarity) -> float:
    """What a group is worth: the rarity of its commonest alternative among those the passages have (a word
    with many translations is as common as its commonest one; cognates count only when nothing else is
    there). A group none of whose keys any passage has (an unknown name) weighs as the rarest key."""
    best = None
    for key, kind in keys:
        count = rarity.frequencies.get(key)
        if count and (best is None or (best[2] in "c5" and kind not in "c5")
                      or ((kind in "c5") == (best[2] in "c5") and count > best[0])):
            best = (count, key, kind)
    if best is None:
        return rarity.unseen * KIND_WEIGHTS[keys[0][1]]
    return rarity(best[1]) * KIND_WEIGHTS[best[2]]


def _worth(item: tuple[str, float]) -> float:
    return -item[1]


def weighted(groups, rarity: Rarity) -> list[tuple[tuple[str, float], ...]]:
    """Each group's keys with what a match through each is worth: its rarity times its kind's weight, the most
    worth first (keys of equal worth in the group's order), so that `covered` stops at a group's first key
    held. Under an `indexed` rarity, only the keys some indexed text holds (about half of a French claim's,
    most of them translations no archived passage uses): the others could never match."""
    held = rarity.frequencies if rarity.indexed else None
    return [tuple(sorted(((key, rarity(key) * KIND_WEIGHTS[kind]) for key, kind in group
                          if held is None or key in held), key=_worth))
            for group in groups]


def covered(weighted_groups, weights: list[float], other, matches: list | None = None) -> float:
    """The weighted share of the groups (their keys `weighted`, the groups their `group_weight`s) whose keys
    `other` (a bag or a set of keys) holds, each group counted once with its best matching key (the first held:
    `weighted` puts the most worth first), and never for more than its weight. `matches` collects (group index,
    key, weight) for the reasons."""
    got = total = 0.0
    for n, group in enumerate(weighted_groups):
        weight = weights[n]
        total += weight
        for key, value in group:
            if key in other:
                if value > 0.0:
                    got += value if value < weight else weight
                    if matches is not None:
                        matches.append((n, key, min(value, weight)))
                break
    return got / total if total else 0.0


def coverage(groups, weights: list[float], other, rarity: Rarity, matches: list | None = None) -> float:
    """`covered` for groups of (key, kind) pairs, weighted by `rarity`."""
    return covered(weighted(groups, rarity), weights, other, matches)


def match_score(text: str, other: str, keyer: Keyer, lang: str = "fr", other_lang: str = "en") -> float:
    """The share of `text`'s words (weighted alike) that `other` says too, in either language, from 0 to 1:
    how well a cited page or its title matches a claim, before any passage is indexed."""
    keyed = keyer.keys(text, lang)
    if not keyed.groups:
        return 0.0
    uniform = Rarity({}, 1000)
    groups = [g.keys for g in keyed.groups]
    weights = [KIND_WEIGHTS[g[0][1]] for g in groups]
    return coverage(groups, weights, keyer.keys(other, other_lang).bag, uniform)
