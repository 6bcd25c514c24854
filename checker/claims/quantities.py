"""Sentence → quantities: value, singular unit lemma, bound (exact, about, at least, at most).

Each quantity is a dict:

    {"value": 1000, "unit": "drone", "text": "1 000 drones", "bound": "exact", "start": 0, "end": 12}

plus, when it applies, ``"approximate": True`` and a plain-language ``"note"``. Offsets are relative to the
sentence passed in; ``text`` is ``sentence[start:end]`` and includes the bound cue ("plus de 25 drones").

Conventions, chosen so that a fact-checker can compare quantities across sources:

- ``unit`` is a singular lemma in the sentence's language, lower-cased ("drones kamikazes" → "drone",
  "MISSILES" → "missile", "countries" → "country", "people" → "person"). Short all-capital abbreviations keep
  their case ("MW"). Money takes the currency lemma ("dollar", "euro"; "pound" in English, "livre" in French).
- Percentages use one unit per language: "pour cent" in French, "percent" in English, "%" elsewhere.
- ``unit`` is None when the number stands alone and the counted thing is elided ("en a tué deux"): guessing
  the noun from an earlier sentence would be a claim the text does not make.
- Vague plurals ("des centaines de", "hundreds of", "des dizaines", "dozens") take the base value of the word
  (100, 100, 10, 12) with bound "at least" and ``approximate`` set: that is the most the text commits to.
  "une douzaine", "une centaine", "a dozen" are "about" 12 / 100 / 12.
- In French, "billion" is 10**12 (French usage); "milliard" is 10**9. In English, "billion" is 10**9.
- Thousands separators: space, no-break space, narrow no-break space, comma or dot, each followed by exactly
  three digits ("1 000", "1,000", "1.000"); any other group length makes the comma or dot a decimal mark
  ("3,5 km", "3.5 km"). A leading "0" always means a decimal ("0.125").
- Not quantities: years (2022), dates ("11 novembre", "Nov. 11"), times ("14h30", "10 a.m."), model and
  reference numbers (Shahed-136, S-300, F-16, "article 5"), ordinals ("1er", "3rd"), and "un"/"une"/"one"
  on their own (they are mostly articles or pronouns).
"""
from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import chain, islice

from checker.text import vocabulary
from checker.text.language import base_language
from checker.text.scan import (
    Latin1GatedPattern,
    SmallLetterPattern,
    has_ignorecase_lookalike,
    letter_words,
    small_letter_copy,
)
from checker.text.spans import TakenSpans

BOUNDS = ("exact", "about", "at least", "at most")

PERCENT_UNITS = {"fr": "pour cent", "en": "percent"}
DEFAULT_PERCENT_UNIT = "%"

NUMBER_WORDS = vocabulary.NUMBER_WORDS
NUMBER_WORD_SETS = {lang: frozenset(words) for lang, words in NUMBER_WORDS.items()}  # for fast word tests
# Alone, these are articles or pronouns far more often than counts.
NOT_COUNTS_ALONE = frozenset({"un", "une", "one", "hundred", "thousand"})
# Alone, these have another common meaning ("un avion neuf", "sept." for September): count them only when a
# noun follows.
NEEDS_NOUN = frozenset({"neuf", "sept", "cent", "cents"})

MULTIPLIERS = {
    "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9,
    "billion": 10**9, "billions": 10**9, "trillion": 10**12, "trillions": 10**12,
    "thousand": 10**3, "mille": 10**3, "bn": 10**9, "mn": 10**6, "md": 10**9, "mds": 10**9, "mrd": 10**9,
}
# The long scale: French "billion" and "trillion" are 10**12 and 10**18.
FR_MULTIPLIERS = {**MULTIPLIERS, "billion": 10**12, "billions": 10**12,
                  "trillion": 10**18, "trillions": 10**18}

# Vague plurals ("des centaines de") and approximate collectives ("une centaine de").
FR_VAGUE_BASES = {"dizaines": 10, "douzaines": 12, "vingtaines": 20, "centaines": 100, "milliers": 1000,
                  "millions": 10**6, "milliards": 10**9}
FR_APPROX_BASES = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
                   "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
                   "millier": 1000}
FR_ONE_BASES = {"million": 10**6, "milliard": 10**9}
EN_VAGUE_BASES = {"dozens": 12, "scores": 20, "tens": 10, "hundreds": 100, "thousands": 1000,
                  "millions": 10**6, "billions": 10**9}
EN_ONE_BASES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}

CURRENCY_SYMBOLS = {"$": "dollar", "us$": "dollar", "$us": "dollar", "usd": "dollar", "€": "euro",
                    "eur": "euro", "£": "pound", "gbp": "pound", "¥": "yen"}
FR_CURRENCY_OVERRIDES = {"pound": "livre"}

# After a currency symbol, a glued "m" or "k" is a multiplier ("£3m"), not metres.
CURRENCY_GLUED_MULTIPLIERS = {"m": 10**6, "k": 10**3, "bn": 10**9, "mn": 10**6, "md": 10**9}
# Units written straight after the digits ("5km"); any other glued letters make it a code ("136M", "5G").
GLUED_UNITS = frozenset({"km", "m", "cm", "mm", "kg", "g", "mg", "t", "kt", "mt", "l", "ml", "ha",
                         "mw", "gw", "kw", "kwh", "mwh", "gwh", "twh", "bn", "mn", "md", "mds", "k", "km²",
                         "m²", "%"})

BOUND_CUES = {
    "fr": [
        ("at most", r"pas\s+plus\s+d(?:e\s+|['’]\s*)"),
        ("at least", r"plus\s+d(?:e\s+|['’]\s*)|au\s+moins|au\s+minimum|pas\s+moins\s+d(?:e\s+|['’]\s*)"
                     r"|supérieure?s?\s+à|davantage\s+qu(?:e\s+|['’]\s*)"),
        ("at most", r"moins\s+d(?:e\s+|['’]\s*)|jusqu['’]\s*à|au\s+plus|au\s+maximum|inférieure?s?\s+à"),
        ("about", r"environ|quelque|près\s+d(?:e\s+|['’]\s*)|presque|à\s+peu\s+près|approximativement"
                  r"|autour\s+d(?:e\s+|['’]\s*)|quasiment|grosso\s+modo|~|≈"),
    ],
    "en": [
        ("at most", r"no\s+more\s+than|not\s+more\s+than"),
        ("at least", r"more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|no\s+fewer\s+than"
                     r"|no\s+less\s+than|greater\s+than"),
        ("at most", r"up\s+to|fewer\s+than|less\s+than|at\s+most|under|below|as\s+many\s+as"),
        ("about", r"about|around|some|roughly|nearly|almost|approximately|an\s+estimated|estimated"
                  r"|circa|close\s+to|~|≈"),
    ],
}
# The most digits an integer may have to be written as text (and so in the article JSON): Python's limit on
# int-to-text conversion (sys.get_int_max_str_digits, 4,300 by default; 0 means none).
WRITABLE_DIGITS = sys.get_int_max_str_digits() or sys.maxsize
# How many characters before a number are read for its cues: bound cues, and dates, references and years.
BOUND_CUE_WINDOW = 40
CUE_WINDOW = 30
TRAILING_CUES = {
    "fr": [("at least", r"ou\s+plus|et\s+plus|au\s+moins"), ("about", r"environ")],
    "en": [("at least", r"or\s+more|and\s+more|at\s+least|plus"), ("about", r"or\s+so")],
}
# "over six days" is a duration, not "more than six days".
DURATION_LEMMAS = frozenset({"day", "week", "month", "year", "hour", "minute", "jour", "semaine", "mois",
                             "an", "année", "heure", "minute"})
WEAK_AT_LEAST_CUES = frozenset({"over", "under"})

# Words that sit between a number and its noun and are skipped ("100 des frappes", "two of the strikes").
FR_DETERMINERS = frozenset({"de", "des", "du", "d'", "ces", "ses", "leurs", "nos", "vos", "mes", "tes", "les",
                            "la", "le", "l'", "d’"})
EN_DETERMINERS = frozenset({"of", "the", "these", "those", "its", "their", "his", "her", "our", "your", "my"})
# Adjectives that come before the noun ("50 autres nations", "two more drones").
FR_PRENOMINAL = frozenset({
    "autres", "nouveaux", "nouvelles", "nouvel", "premiers", "premières", "derniers", "dernières", "petits",
    "petites", "grands", "grandes", "gros", "grosses", "jeunes", "vieux", "vieilles", "anciens", "anciennes",
    "principaux", "principales", "seuls", "seules", "bons", "bonnes", "longues", "longs", "véritables",
    "vrais", "vraies", "hauts", "hautes", "pleins", "pleines", "courts", "courtes", "nombreux", "nombreuses",
})
EN_PRENOMINAL = frozenset({"other", "more", "additional", "new", "extra", "further", "separate", "different",
                           "several", "many", "few", "last", "first", "next", "such"})
# A word here right after the number means there is no unit noun ("en a tué deux en Pologne").
FR_STOP_WORDS = frozenset({
    "à", "a", "au", "aux", "en", "et", "ou", "sur", "dans", "pour", "par", "avec", "sans", "qui", "que",
    "qu'", "ont", "sont", "est", "été", "était", "étaient", "selon", "contre", "vers", "chez", "entre",
    "lors", "après", "avant", "pendant", "depuis", "mais", "donc", "car", "ni", "se", "s'", "ne", "n'", "y",
    "il", "elle", "ils", "elles", "on", "nous", "vous", "un", "une", "ce", "cet", "cette", "plus",
    "moins", "sous", "dont", "où", "comme", "si", "fois-ci", "seulement", "ans-là", "autour", "parmi",
    "fut", "furent", "sera", "seront", "avaient", "avait", "auraient", "aurait", "ont-ils", "ayant",
    "jusqu'", "lui", "leur", "eux", "elles-mêmes", "tous", "toutes", "chacun", "chacune", "même", "mêmes",
    "ci", "là", "d'entre", "ceux", "celles", "puis", "alors", "aussi", "encore", "déjà", "toujours", "ainsi",
    "également", "environ", "près", "jamais", "désormais", "hier", "demain", "aujourd'hui",
})
EN_STOP_WORDS = frozenset({
    "and", "or", "to", "in", "on", "at", "by", "for", "from", "with", "was", "were", "is", "are", "has",
    "have", "had", "be", "been", "that", "which", "who", "whom", "said", "says", "than", "as", "a", "an",
    "it", "they", "he", "she", "we", "you", "i", "this", "not", "no", "so", "but", "if", "when", "after",
    "before", "during", "since", "until", "into", "over", "under", "about", "per", "them", "us", "him",
    "each", "apiece", "while", "will", "would", "could", "should", "may", "might", "can", "did", "do",
    "does", "against", "between", "among", "across", "through", "via", "while", "where", "there", "here",
    "out", "up", "down", "off", "ago", "later", "earlier", "only", "just", "times", "all", "both",
    "then", "also", "again", "still", "already", "ever", "yet", "yesterday", "today", "tomorrow",
})
# unit_after's words by language: (determiners, prenominal adjectives, stop words).
NOUN_CONTEXT_WORDS = {"fr": (FR_DETERMINERS, FR_PRENOMINAL, FR_STOP_WORDS),
                      "en": (EN_DETERMINERS, EN_PRENOMINAL, EN_STOP_WORDS)}
NO_NOUN_CONTEXT_WORDS = (frozenset(), frozenset(), frozenset())
# Words before a number that make it a reference, not a count ("article 5", "vol MH17", "page 3").
REFERENCE_WORDS = (
    "article", "art", "numéro", "numero", "no", "nº", "n°", "page", "p", "pp", "chapitre", "chapter", "section",
    "résolution", "resolution", "paragraphe", "paragraph", "alinéa", "vol", "volume", "tome", "route", "flight",
    "room", "salle", "ligne", "line", "version", "niveau", "level", "phase", "stade", "catégorie", "category",
    "classe", "class", "type", "modèle", "model", "mark", "mk", "série", "series", "canal", "channel", "quai",
    "gate", "porte", "covid", "top", "rue", "street", "avenue", "bd", "boulevard", "no.")
REFERENCE_SIGNS = ("#", "№", "°")
REFERENCE_CUES = re.compile(
    r"(?:\b(?:" + "|".join(map(re.escape, REFERENCE_WORDS)) + r")\.?|[" + "".join(REFERENCE_SIGNS) + r"])\s*$",
    re.IGNORECASE)
# Any spelling of a month or a weekday, in either language: a number before one is part of a date.
MONTH_WORDS = frozenset(month for lang in vocabulary.LANGUAGES for month in vocabulary.month_spellings(lang))
WEEKDAY_WORDS = frozenset(day for lang in vocabulary.LANGUAGES for day in vocabulary.WEEKDAYS[lang])
# Words before a four-digit number that make it a year ("en 2022", "depuis 2014").
YEAR_CUE_WORDS = (
    "en", "in", "de", "du", "depuis", "since", "année", "year", "of", "by", "until", "jusqu'en", "jusqu’en", "dès",
    "début", "fin", "mi", "printemps", "été", "automne", "hiver", "spring", "summer", "autumn", "fall", "winter",
    "l'an", "l’an", "an", "d'ici", "d’ici", "avant", "après", "before", "after", "from", "to", "à", "et", "and",
    "or", "ou", "entre", "between", "les", "the", *MONTH_WORDS)
YEAR_CUES = re.compile(
    r"\b(?:" + "|".join(sorted({re.escape(w) for w in YEAR_CUE_WORDS}, key=len, reverse=True)) + r")\.?[\s-]*$",
    re.IGNORECASE)
MONTH_BEFORE = re.compile(
    r"\b(?:" + "|".join(sorted({re.escape(k) for k in MONTH_WORDS}, key=len, reverse=True))
    + r")\.?\s+(?:the\s+)?$", re.IGNORECASE)
SINGULAR_ARTICLE_BEFORE = re.compile(r"(?:^|\s)(?:le|du|au)\s+$", re.IGNORECASE)
TIME_ARTICLE_BEFORE = re.compile(r"(?:^|\s)(?:à|a|at|vers|dès|from|until|jusqu['’]à)\s+$", re.IGNORECASE)
# "10 et 20 drones", "between 10 and 20 drones": the words that join the two ends of a range.
RANGE_JOINER = re.compile(r"[ \u00a0\u202f]*(?:et|à|ou|and|to|or|[-–])[ \u00a0\u202f]*", re.IGNORECASE)
RANGE_OPENER = re.compile(r"(?:^|\s)(?:entre|between|de|from)[ \u00a0\u202f]+$", re.IGNORECASE)
HOUR_LEMMAS = frozenset({"h", "heure", "hour", "hr"})

# French singular ↔ plural: exceptions first, then rules in _singular_fr.
FR_IRREGULAR = {
    "yeux": "œil", "cieux": "ciel", "travaux": "travail", "vitraux": "vitrail", "coraux": "corail",
    "émaux": "émail", "baux": "bail", "aïeux": "aïeul", "messieurs": "monsieur", "mesdames": "madame",
    "mesdemoiselles": "mademoiselle", "bonshommes": "bonhomme", "gens": "gens",
}
FR_INVARIANT = frozenset({
    "pays", "mois", "fois", "prix", "voix", "choix", "corps", "temps", "poids", "cours", "bras", "gaz",
    "nez", "obus", "virus", "bus", "campus", "fils", "os", "souris", "avis", "procès", "succès", "accès",
    "progrès", "excès", "palais", "repas", "bois", "héros", "tas", "taux", "faux", "perdrix", "croix",
    "noix", "paix", "époux", "jus", "refus", "abus", "concours", "discours", "secours", "recours",
    "parcours", "remords", "dos", "propos", "repos", "enclos", "processus", "consensus", "terminus",
    "blocus", "corpus", "bonus", "malus", "cursus", "sinus", "lapsus", "prospectus", "détritus", "fœtus",
    "rendez-vous", "débris", "frais", "mœurs", "ans", "kilos", "kms", "km", "radis", "tapis", "puits",
    "relais", "rubis", "colis", "compris", "permis", "mépris", "appuis",
})
FR_AUX_TO_AU = frozenset({"tuyaux", "noyaux", "boyaux", "joyaux", "fléaux", "matériaux", "landaux",
                          "sarraux", "unaux"})
FR_INVARIANT_PLURAL_FORMS = {"ans": "an", "kms": "km", "appuis": "appui"}
EN_IRREGULAR = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "feet": "foot",
    "teeth": "tooth", "mice": "mouse", "geese": "goose", "lives": "life", "wives": "wife", "knives": "knife",
    "halves": "half", "wolves": "wolf", "leaves": "leaf", "thieves": "thief", "shelves": "shelf",
    "selves": "self", "calves": "calf", "loaves": "loaf", "crises": "crisis", "analyses": "analysis",
    "theses": "thesis", "hypotheses": "hypothesis", "diagnoses": "diagnosis", "criteria": "criterion",
    "phenomena": "phenomenon", "heroes": "hero", "potatoes": "potato", "tomatoes": "tomato",
    "echoes": "echo", "vetoes": "veto", "torpedoes": "torpedo", "buses": "bus", "gases": "gas",
    "quizzes": "quiz", "movies": "movie", "cookies": "cookie", "zombies": "zombie", "lies": "lie",
    "ties": "tie", "pies": "pie", "indices": "index", "matrices": "matrix", "appendices": "appendix",
    "oxen": "ox", "lenses": "lens", "statuses": "status", "viruses": "virus", "campuses": "campus",
}
EN_INVARIANT = frozenset({
    "sheep", "fish", "deer", "aircraft", "spacecraft", "hovercraft", "series", "species", "news", "means",
    "headquarters", "barracks", "police", "personnel", "offspring", "crossroads", "physics", "economics",
    "politics", "gas", "bus", "status", "virus", "campus", "census", "crisis", "basis", "analysis",
    "thesis", "chassis", "corps", "data", "media", "km", "percent", "yes", "its", "this", "his", "is",
    "was", "has", "us", "plus", "bonus", "surplus", "apparatus", "consensus", "focus", "radius",
})
EN_MEN_EXCEPTIONS = frozenset({"omen", "semen", "abdomen", "specimen", "regimen", "stamen", "amen", "yemen"})

VAGUE_WORDS = frozenset({*FR_VAGUE_BASES, *FR_APPROX_BASES, *FR_ONE_BASES, *EN_VAGUE_BASES, *EN_ONE_BASES})
# The words that open a number in words or a vague quantity, by language.
COUNT_WORDS = {lang: words | VAGUE_WORDS for lang, words in NUMBER_WORD_SETS.items()}
_WORD = r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*['’]?"
_NEXT_WORD = re.compile(r"[ \t\u00a0\u202f]*(" + _WORD + r")")


# Currency signs written before a number ("US$5", "€ 40").
CURRENCIES_BEFORE = ("US$", "$US", "$", "€", "£", "¥")
_NUMERAL = Latin1GatedPattern(re.compile(
    r"(?:(?P<cur>" + "|".join(map(re.escape, CURRENCIES_BEFORE)) + r")[ \u00a0\u202f]?)?"
    r"(?<![\w\-‐‑–/.,:°#№'’])"
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?:,\d+(?!\d))?"
    r"|\d{1,3}(?:,\d{3})+(?![\d])(?:\.\d+)?"
    r"|\d{1,3}(?:\.\d{3})+(?![\d])(?:,\d+)?"
    r"|\d+(?:[.,]\d+)?)"),
    # A digit or a currency's first character: the other decimal digits (\d) all lie past U+00FF, where every
    # character is an opener (tests/claims/test_quantities.py checks both).
    openers="0123456789" + "".join(currency[0] for currency in CURRENCIES_BEFORE))
# What follows the digits: either what makes them no count (the `skip` group), or letters glued to them
# ("5km", "136M"). One match, not two in a row: at one position, an alternation tries its branches in order.
_AFTER_DIGITS = re.compile(
    r"(?P<skip>(?i:[-‐‑–][\w]"             # 25-year-old, 3-1, 136-M
    r"|/\d"                                 # 11/11/2022
    r"|[:hH]\d{2}"                          # 14:30, 14h30
    r"|[ \u00a0]?[hH](?:[ \u00a0]?\d{2})?(?!\w)"   # 14 h, 14 h 30
    r"|[ \u00a0]?(?:a\.?m\.?|p\.?m\.?|o['’]clock)(?!\w)"
    r"|(?:er|re|ère|e|ème|eme|è|nd|nde|st|rd|th|º)(?!\w)))"
    r"|[^\W\d_][^\W\d_²]*²?")
_MULTIPLIER_AFTER = re.compile(
    r"[ \u00a0\u202f]*(millions?|milliards?|billions?|trillions?|thousand|mille|bn|mn|mds?|mrd)(?![\w])",
    re.IGNORECASE)
# The sign after a number, in this order: a currency, a percent sign or word, another unit symbol. One match
# for the three, as for _AFTER_DIGITS; the percent branch leaves both named groups empty.
_SIGN_AFTER = re.compile(
    r"[ \u00a0\u202f]?(?P<currency>US\$|\$US|\$|€|£|¥|USD|EUR|GBP)(?!\w)"
    r"|(?i:[ \u00a0\u202f]?%|[ \u00a0\u202f]+(?:pour[ \u00a0-]?cent|per[ \u00a0-]?cent|percent|pourcents?)\b)"
    r"|[ \u00a0\u202f]?(?P<symbol>%|°[CF]|km/h|km²|m²)")
_ELISION = re.compile(r"^(?:d|l|qu|jusqu)['’](?=\w)", re.IGNORECASE)


def _alternation(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _number_word_regex(table: dict) -> re.Pattern:
    word = _alternation(table)
    joiner = r"(?:-et-|[ \u00a0]+et[ \u00a0]+(?=(?:un|une|onze)\b)|-|[ \u00a0]+)"
    return re.compile(rf"(?<![\w\-])(?:{word})(?:{joiner}(?:{word}))*(?![\w\-])", re.IGNORECASE)


_NUMBER_WORD_RES = {lang: _number_word_regex(table) for lang, table in NUMBER_WORDS.items()}
_VAGUE_RES = {
    "fr": SmallLetterPattern(re.compile(
        r"(?<!\w)(?:(?P<plural>des|plusieurs|quelques)\s+(?P<w>" + _alternation(FR_VAGUE_BASES) + r")"
        r"(?:\s+de\s+(?P<w2>milliers|millions|milliards))?"
        r"|(?P<one>une?|quelque)\s+(?P<a>" + _alternation(FR_APPROX_BASES) + r")(?=\s+d(?:e\b|['’]))"
        r"|un\s+(?P<m>" + _alternation(FR_ONE_BASES) + r")(?!\w))", re.IGNORECASE)),
    "en": SmallLetterPattern(re.compile(
        r"(?<!\w)(?:(?:several\s+|many\s+)?(?P<w>" + _alternation(EN_VAGUE_BASES) + r")"
        r"(?:\s+of\s+(?P<w2>thousands|millions|billions))?(?=\s+of\b|\s+(?:were|have|had|are|more)\b)"
        r"|(?:a|one)\s+(?P<m>" + _alternation(EN_ONE_BASES) + r")(?!\w))", re.IGNORECASE)),
}


def _bound_cue_regex(cues: list[tuple[str, str]]) -> re.Pattern:
    """One search for a language's cues, a group per cue (they hold no group of their own), instead of one
    search per cue in turn; the same cue wins. Every match ends at the number, and no spelling of a cue ends
    with a spelling of an earlier cue (tests/claims/test_quantities.py spells them all out to check), so the
    first cue that matches at all matches furthest left, where the alternation tries it before the later ones."""
    alternatives = "|".join(f"({cue})" for _, cue in cues)
    return re.compile(r"(?:^|(?<=[\s(«“\"'’]))(?:" + alternatives + r")[ \u00a0\u202f]*$", re.IGNORECASE)


_BOUND_RES = {lang: _bound_cue_regex(cues) for lang, cues in BOUND_CUES.items()}
# One pattern per language, a group per cue (they hold no group of their own): the cues start with a
# letter, so the alternation tries them in order after the same spaces, as one pattern per cue did.
_TRAILING_RES = {
    lang: re.compile(r"[ \u00a0\u202f]+(?:" + "|".join(f"({cue})" for _, cue in cues) + r")(?!\w)",
                     re.IGNORECASE)
    for lang, cues in TRAILING_CUES.items()
}


def _by_last_character(endings) -> dict[str, tuple[str, ...]]:
    """The (non-empty) `endings` grouped by their last character: text.endswith(table.get(text[-1:], ())) is
    text.endswith(tuple(endings)), with the few endings that share the text's last character tried instead
    of them all."""
    table: dict[str, list[str]] = {}
    for ending in endings:
        table.setdefault(ending[-1], []).append(ending)
    return {last: tuple(group) for last, group in table.items()}


MONTH_ENDINGS = _by_last_character(MONTH_WORDS)
REFERENCE_ENDINGS = _by_last_character([*(w.rstrip(".") for w in REFERENCE_WORDS), *REFERENCE_SIGNS])
YEAR_CUE_ENDINGS = _by_last_character(YEAR_CUE_WORDS)


def _caseless(text: str) -> str | None:
    """`text` lower-cased for a literal pre-check; None when a letter that re.IGNORECASE reads otherwise than
    str.lower() makes the check unsafe (tests/text/test_scan.py checks the cue patterns over all of Unicode)."""
    return None if has_ignorecase_lookalike(text) else text.lower()


# The pre-checks below take the CUE_WINDOW characters before the number lower-cased by _caseless. None means a
# case quirk made the pre-check unsafe: it answers True and the pattern decides.

def _may_end_with_month(lowered: str | None) -> bool:
    """False only when MONTH_BEFORE cannot match: the month word ends the last word, or the word before a
    last "the" ("November the 11")."""
    if lowered is None:
        return True
    if not lowered[-1:].isspace():
        return False
    words = lowered.rsplit(maxsplit=2)
    if words[-1:] == ["the"]:
        words.pop()
    return _last_word_ends_with(words, MONTH_ENDINGS)


def _may_end_with_reference(lowered: str | None) -> bool:
    """False only when REFERENCE_CUES cannot match: the cue ends the last word."""
    if lowered is None:
        return True
    words = lowered.rsplit(maxsplit=1)
    return _last_word_ends_with(words, REFERENCE_ENDINGS)


def _may_end_with_year_cue(lowered: str | None) -> bool:
    """False only when YEAR_CUES cannot match: the cue ends the last word, hyphens aside ("mi-")."""
    if lowered is None:
        return True
    words = lowered.replace("-", " ").rsplit(maxsplit=1)
    return _last_word_ends_with(words, YEAR_CUE_ENDINGS)


def _last_word_ends_with(words: list[str], endings: dict[str, tuple[str, ...]]) -> bool:
    """Whether the last of `words`, periods aside, ends with one of `endings` (grouped by _by_last_character)."""
    if not words:
        return False
    word = words[-1].rstrip(".")
    return word.endswith(endings.get(word[-1:], ()))


def _as_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# The thousands separators and marks before a last group of three digits: "1 000", "1,000" and "1.000" are 1000.
ONE_GROUP_SEPARATORS = frozenset(" \u00a0\u202f,.")
_NUMBER_WORD_SEPARATOR = re.compile(r"[-\s\u00a0]+")


def parse_numeral(text: str) -> Decimal | None:
    """Digits with thousands separators or a decimal mark → Decimal; None when it is not a number."""
    if text.isdecimal():
        return _decimal(text)  # plain digits, the usual case: no space, separator or mark to read
    head, separator, last_group = text[:-4], text[-4:-3], text[-3:]
    if separator in ONE_GROUP_SEPARATORS and head != "0" and head.isdecimal() and last_group.isdecimal():
        return _decimal(head + last_group)  # "7,737", "6 388": what the general reading below gives them
    text = text.strip()
    if not text:
        return None
    # Split at every group separator, made one by str.replace: cheaper than a pattern's split.
    groups = text.replace("\u00a0", " ").replace("\u202f", " ").split(" ")
    if len(groups) > 1:
        if not all(len(g) == 3 and g.isdigit() for g in groups[1:-1]) or not groups[0].isdigit():
            return None
        tail = groups[-1].replace(",", ".", 1)
        text = "".join(groups[:-1]) + tail
        return _decimal(text)
    has_dot, has_comma = "." in text, "," in text
    if not has_dot and not has_comma:
        return _decimal(text)
    if has_dot and has_comma:
        # "1.234,5" or "1,234.5": the last mark is the decimal one.
        decimal_mark = text[max(text.rfind("."), text.rfind(","))]
        thousands_mark = "," if decimal_mark == "." else "."
        return _decimal(text.replace(thousands_mark, "").replace(decimal_mark, "."))
    mark = "." if has_dot else ","
    head, *rest = text.split(mark)
    if head != "0" and set(map(len, rest)) == {3}:  # all groups after a mark have 3 digits (there is one)
        return _decimal(text.replace(mark, ""))
    if len(rest) == 1:
        return _decimal(head + "." + rest[0])
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_number_words(text: str, lang: str) -> int | None:
    """'vingt-cinq' → 25, 'quatre-vingt-dix' → 90, 'two hundred fifty' → 250; None when not a number."""
    table = NUMBER_WORDS.get(base_language(lang))
    if not table:
        return None
    tokens = [t for t in _NUMBER_WORD_SEPARATOR.split(text.lower()) if t and t != "et"]
    if not tokens or any(t not in table for t in tokens):
        return None
    total, current = 0, 0
    for token in tokens:
        value = table[token]
        if value == 100:
            current = max(current, 1) * 100
        elif value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value == 20 and current % 100 == 4:  # quatre-vingt(s) = 80
            current += 76
        else:
            current += value
    return total + current


def parse_number(text: str, lang: str) -> int | float | None:
    """A number written in digits or in words → int or float; None when it is neither."""
    numeral = parse_numeral(text)
    if numeral is not None:
        return _as_number(numeral)
    return parse_number_words(text, lang)


@lru_cache(maxsize=4096)  # a pure function of two short strings, asked again for each noun counted
def singular(word: str, lang: str) -> str:
    """The singular lemma of a noun: 'canaux' → 'canal', 'countries' → 'country'; other languages unchanged."""
    if len(word) <= 3 and word.isupper() and word.isalpha():
        return word  # an abbreviation such as MW or USD
    lower = word.lower().replace("’", "'")
    lang = base_language(lang)
    if lang == "fr":
        return _singular_fr(lower)
    if lang == "en":
        return _singular_en(lower)
    return lower


def _singular_fr(word: str) -> str:
    if "-" in word and word not in FR_INVARIANT:
        head, _, rest = word.partition("-")
        return _singular_fr(head) + "-" + rest
    if word in FR_IRREGULAR:
        return FR_IRREGULAR[word]
    if word in FR_INVARIANT_PLURAL_FORMS:
        return FR_INVARIANT_PLURAL_FORMS[word]
    if word in FR_INVARIANT or len(word) <= 2:
        return word
    if word.endswith("eaux") or word in FR_AUX_TO_AU:
        return word[:-1]
    if word.endswith("aux"):
        return word[:-3] + "al"
    if word.endswith(("eux", "oux", "œux")):
        return word[:-1]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _singular_en(word: str) -> str:
    if word in EN_IRREGULAR:
        return EN_IRREGULAR[word]
    if word in EN_INVARIANT or len(word) <= 2:
        return word
    if word.endswith("men") and len(word) > 4 and word not in EN_MEN_EXCEPTIONS:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)  # a pure function of two short strings, asked again for each noun counted
def _looks_plural(word: str, lang: str) -> bool:
    lower = word.lower()
    if len(lower) <= 2:
        return False
    if base_language(lang) == "en":
        return lower in EN_IRREGULAR or (lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous")))
    return lower.endswith(("s", "x")) and lower not in FR_INVARIANT


def _words_after(sentence: str, pos: int, limit: int = 5):
    """The words that follow `pos`, up to `limit` of them and stopping at punctuation, with an elided article
    as a word of its own ("d’Ukrainiens" → "d'", "Ukrainiens"): (word, start, end). Read lazily: the noun
    is most often the first word."""
    for _ in range(limit):
        m = _NEXT_WORD.match(sentence, pos)
        if not m:
            return
        word = m[1]
        start, pos = m.span(1)  # the word ends the match
        if "'" in word or "’" in word:  # only a word with an apostrophe may open with an elided article
            word, bare_start, elided = _strip_elision(word, start)
            if elided:
                yield elided, start, bare_start
                start = bare_start
        yield word, start, pos


def _strip_elision(word: str, start: int) -> tuple[str, int, str]:
    """'d’Ukrainiens' → ('Ukrainiens', start + 2, "d'"); other words unchanged with an empty prefix."""
    m = _ELISION.match(word)
    if not m:
        return word, start, ""
    return word[m.end():], start + m.end(), m.group().lower().replace("’", "'")


def unit_after(sentence: str, pos: int, lang: str) -> tuple[str | None, int, str]:
    """The noun counted by a number ending at `pos`: (lemma or None, end of the noun, what it is).

    What it is: "plural" or "noun" (a noun follows, plural-looking or not), "none" (no noun follows),
    "month" or "weekday" (the number is part of a date). `lang` as base_language gives it (find reads it once).
    """
    determiners, prenominal, stops = NOUN_CONTEXT_WORDS.get(lang, NO_NOUN_CONTEXT_WORDS)
    words = _words_after(sentence, pos)
    word = next(words, None)
    while word is not None and word[0].lower().replace("’", "'") in determiners:
        word = next(words, None)
    while word is not None and word[0].lower() in prenominal:
        word = next(words, None)
    if word is None:
        return None, pos, "none"
    first = word[0].lower().rstrip("'’")
    if first in MONTH_WORDS:
        return None, pos, "month"
    if first in WEEKDAY_WORDS:
        return None, pos, "weekday"
    if first in stops or first + "'" in stops:
        return None, pos, "none"
    chosen = word
    if lang == "en":
        chosen = _english_head_noun(chain((word,), islice(words, 2)), stops) or chosen
    lemma, what = _noun_reading(chosen[0].rstrip("'’"), lang)
    return lemma, chosen[2], what


@lru_cache(maxsize=4096)  # one look-up for both answers, asked again for each noun counted
def _noun_reading(surface: str, lang: str) -> tuple[str, str]:
    """(singular lemma, "plural" or "noun") of the noun counted."""
    return singular(surface, lang), "plural" if _looks_plural(surface, lang) else "noun"


def _english_head_noun(window, stops):
    """English puts adjectives first ("25 Iranian drones"): the first plural-looking word is the head.
    `window` is read lazily: most often the first word is the head, and the next ones need not be read."""
    for word, start, end in window:
        if word.lower() in stops:
            return None
        if _looks_plural(word, "en"):
            return word, start, end
    return None


def _bound_before(sentence: str, start: int, lang: str) -> tuple[str, int]:
    """The bound cue that ends right before `start`: (bound, where the cue starts); ("exact", start) if none."""
    if lang not in _BOUND_RES:
        return "exact", start
    offset = max(0, start - BOUND_CUE_WINDOW)
    m = _BOUND_RES[lang].search(sentence[offset:start])  # a slice: "^" may match where the window starts
    if m is None:
        return "exact", start
    return BOUND_CUES[lang][m.lastindex - 1][0], offset + m.start()


def _bound_after(sentence: str, end: int, lang: str) -> tuple[str | None, int]:
    regex = _TRAILING_RES.get(lang)
    m = regex.match(sentence, end) if regex else None
    if m is None:
        return None, end
    return TRAILING_CUES[lang][m.lastindex - 1][0], m.end()


def _numeral_candidates(sentence: str) -> list[dict]:
    out = []
    for m in _NUMERAL.finditer(sentence):
        num = m.group("num")
        end = m.end("num")
        after = _AFTER_DIGITS.match(sentence, end)
        glued_unit = None
        if after:
            if after["skip"] is not None or after.group().lower() not in GLUED_UNITS:
                continue  # a date, a time, an ordinal, or a code such as 136M or 5G
            glued_unit = after
        value = parse_numeral(num)
        if value is None:
            continue
        out.append({"start": m.start(), "num_start": m.start("num"), "end": end, "value": value,
                    "currency": m.group("cur"), "glued": glued_unit, "source": "digits", "raw": num})
    return out


def _word_candidates(sentence: str, lang: str, present: frozenset[str]) -> list[dict]:
    """`present`: the number words among the sentence's letter_words."""
    out = []
    for m in _number_word_matches(sentence, lang, present):
        words = m.group().lower()
        value = parse_number_words(words, lang)
        if value is None or words in NOT_COUNTS_ALONE:
            continue
        out.append({"start": m.start(), "num_start": m.start(), "end": m.end(), "value": Decimal(value),
                    "currency": None, "glued": None, "source": "words", "raw": words})
    return out


def _number_word_matches(sentence: str, lang: str, present: frozenset[str]):
    """What _NUMBER_WORD_RES[lang].finditer(sentence) yields, from far fewer tries. A match opens with a whole
    number word, so with one of `present`, the number words among the sentence's letter_words; in the
    sentence's small_letter_copy, that word sits at the match's start. So the pattern need only be tried where
    str.find finds those words in the copy, left to right, past the last match: the pattern opens with a
    look-behind, and a scan tries it at every character, at a far higher cost."""
    regex = _NUMBER_WORD_RES[lang]
    lowered = small_letter_copy(sentence)
    if lowered is None:
        yield from regex.finditer(sentence)
        return
    resume = 0
    for start in sorted(_occurrences(lowered, present)):
        match = regex.match(sentence, start) if start >= resume else None
        if match:
            yield match
            resume = match.end()


def _occurrences(text: str, words) -> set[int]:
    """Where each of `words` starts in `text`, inside longer words too."""
    found = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.add(at)
            at = text.find(word, at + 1)
    return found


def _vague_candidates(sentence: str, lang: str) -> list[dict]:
    regex = _VAGUE_RES.get(lang)
    if regex is None:
        return []
    out = []
    for m in regex.finditer(sentence):
        groups = m.groupdict()
        if groups.get("w"):
            bases = FR_VAGUE_BASES if lang == "fr" else EN_VAGUE_BASES
            w = groups["w"].lower()
            if w == "tens" and not groups.get("w2"):
                continue  # "tens" alone is not a count
            value = bases[w] * (bases.get(groups["w2"].lower(), 1) if groups.get("w2") else 1)
            bound, approximate = "at least", True
            note = f"'{m.group()}' read as at least {value:,}".replace(",", " ")
        elif groups.get("a"):
            value = FR_APPROX_BASES[groups["a"].lower()]
            bound, approximate, note = "about", True, f"'{m.group()}' read as about {value}"
        else:
            word = groups["m"].lower()
            value = (FR_ONE_BASES if lang == "fr" else EN_ONE_BASES)[word]
            bound, approximate = ("about", True) if word == "dozen" else ("exact", False)
            note = f"'{m.group()}' read as about {value}" if approximate else ""
        out.append({"start": m.start(), "num_start": m.start(), "end": m.end(), "value": Decimal(value),
                    "currency": None, "glued": None, "source": "vague", "raw": m.group(),
                    "bound": bound, "approximate": approximate, "note": note})
    return out


def _complete(cand: dict, sentence: str, lang: str) -> dict | None:
    """Add multiplier, unit and bound to a candidate; None when it is a year, date, time or reference."""
    start, end, value = cand["start"], cand["end"], cand["value"]
    multipliers = FR_MULTIPLIERS if lang == "fr" else MULTIPLIERS
    source = cand["source"]
    prefix = sentence[max(0, start - CUE_WINDOW):start]
    lowered_prefix = _caseless(prefix)
    if source == "digits" and not cand["currency"]:
        if _may_end_with_month(lowered_prefix) and MONTH_BEFORE.search(prefix):
            return None  # "Nov. 11", "November 11"
        if _may_end_with_reference(lowered_prefix) and REFERENCE_CUES.search(prefix):
            return None
    if source == "words" and cand["raw"] == "sept" and re.search(r"\d\s*$", prefix):
        return None  # "11 sept." is a date
    multiplied = False
    unit, kind, what = None, "count", "symbol"
    if cand["glued"] is not None:
        glued = cand["glued"].group()
        if cand["currency"] and glued.lower() in CURRENCY_GLUED_MULTIPLIERS:
            value *= CURRENCY_GLUED_MULTIPLIERS[glued.lower()]  # "£3m", "$40k"
            multiplied = True
        elif glued.lower() in multipliers:
            value *= multipliers[glued.lower()]
            multiplied = True
        else:
            unit = glued if glued.isupper() and len(glued) <= 3 else glued.lower()
        end = cand["glued"].end()
    elif source != "vague":
        m = _MULTIPLIER_AFTER.match(sentence, end)
        if m and (source == "digits" or m.group(1).lower() != "mille"):
            value *= multipliers[m.group(1).lower()]
            end, multiplied = m.end(), True
    currency = cand["currency"]
    if currency:
        unit, kind = _currency_lemma(currency, lang), "money"
    elif unit is None:
        sign = _SIGN_AFTER.match(sentence, end)
        if sign is None:
            unit, noun_end, what = unit_after(sentence, end, lang)
            if what in ("month", "weekday"):
                return None
            end = noun_end
        elif sign["currency"]:
            unit, kind, end = _currency_lemma(sign["currency"], lang), "money", sign.end()
        elif sign["symbol"]:
            unit, end = sign["symbol"], sign.end()
        else:
            unit, kind, end = PERCENT_UNITS.get(lang, DEFAULT_PERCENT_UNIT), "percent", sign.end()
    if unit is None and source == "words" and cand["raw"] in NEEDS_NOUN:
        return None
    if _is_year(cand, what, multiplied, kind, prefix, lowered_prefix) or _is_time(cand, unit, prefix):
        return None
    if source == "digits" and unit is None and kind == "count" and lang == "fr" \
            and SINGULAR_ARTICLE_BEFORE.search(prefix):
        return None  # "le 11" is a day of the month, "le 49.3" an article of the constitution
    if kind == "count" and unit in ("dollar", "euro", "livre", "pound", "yen"):
        kind = "money"
    bound, cue_start = ("exact", start)
    approximate = cand.get("approximate", False)
    note = cand.get("note", "")
    if source == "vague":
        bound = cand["bound"]
    else:
        bound, cue_start = _bound_before(sentence, start, lang)
        if unit in DURATION_LEMMAS and sentence[cue_start:start].strip().lower() in WEAK_AT_LEAST_CUES:
            bound, cue_start = "exact", start  # "over six days" is a span of time
        trailing, trailing_end = _bound_after(sentence, end, lang)
        if trailing and bound == "exact":
            bound, end = trailing, trailing_end
    if value.adjusted() >= WRITABLE_DIGITS:
        return None  # a run of digits too long for the article JSON to write is no count anyway
    quantity = {"value": _as_number(value), "unit": unit, "text": sentence[cue_start:end], "bound": bound,
                "start": cue_start, "end": end, "kind": kind}
    if approximate:
        quantity["approximate"] = True
    if note:
        quantity["note"] = note
    return quantity


def _currency_lemma(symbol: str, lang: str) -> str:
    lemma = CURRENCY_SYMBOLS.get(symbol.lower(), symbol.lower())
    return FR_CURRENCY_OVERRIDES.get(lemma, lemma) if lang == "fr" else lemma


def _is_year(cand: dict, what: str, multiplied: bool, kind: str, prefix: str, lowered_prefix: str | None
             ) -> bool:
    """A bare four-digit number from 1800 to 2100 is a year unless a plural noun follows ("2000 soldats").
    `lowered_prefix`: `prefix` as the pre-checks take it."""
    raw = cand["raw"]
    if cand["source"] != "digits" or multiplied or kind != "count" or len(raw) != 4 or not raw.isdigit():
        return False
    if not 1800 <= int(raw) <= 2100:
        return False
    return (_may_end_with_year_cue(lowered_prefix) and bool(YEAR_CUES.search(prefix))) or what != "plural"


def _is_time(cand: dict, unit: str | None, prefix: str) -> bool:
    if cand["source"] != "digits" or unit not in HOUR_LEMMAS:
        return False
    return bool(TIME_ARTICLE_BEFORE.search(prefix))


def find(sentence: str, lang: str) -> list[dict]:
    """Every quantity in the sentence, in order: value, unit lemma, surface text, bound and offsets."""
    if not sentence:
        return []
    lang = base_language(lang)
    found: list[dict] = []
    # What earlier candidates claimed: a test costs the candidate's length, not the number of quantities so far.
    taken = TakenSpans(len(sentence))
    # Cheap word-set checks spare the costlier scans on sentences that cannot match them.
    candidates = _numeral_candidates(sentence)  # no digit pre-check: its gated scan is as cheap
    words = letter_words(sentence)
    if not words.isdisjoint(COUNT_WORDS.get(lang, VAGUE_WORDS)):  # one test for most sentences, not two
        number_words = words & NUMBER_WORD_SETS.get(lang, frozenset())
        candidates = ((_vague_candidates(sentence, lang) if not words.isdisjoint(VAGUE_WORDS) else [])
                      + candidates
                      + (_word_candidates(sentence, lang, number_words) if number_words else []))
    for cand in candidates:
        if taken.overlaps(cand["num_start"], cand["end"]):
            continue
        quantity = _complete(cand, sentence, lang)
        if quantity is None:
            # Still reserve the span so that "sept" in "11 sept." or "136" is not read again.
            taken.add(cand["num_start"], cand["end"])
            continue
        if taken.overlaps(quantity["start"], quantity["end"]):
            continue
        taken.add(quantity["start"], quantity["end"])
        found.append(quantity)
    if len(found) < 2:
        return found  # nothing to sort, and no range
    found.sort(key=lambda q: q["start"])
    return _share_range_units(sentence, found)


def _share_range_units(sentence: str, found: list[dict]) -> list[dict]:
    """'entre 10 et 20 drones': the first number counts drones too, and the pair bounds a range."""
    for first, second in zip(found, found[1:]):
        if first["unit"] is not None or second["unit"] is None or first["kind"] != "count":
            continue
        if not RANGE_JOINER.fullmatch(sentence[first["end"]:second["start"]]):
            continue
        first["unit"], first["kind"] = second["unit"], second["kind"]
        opener = RANGE_OPENER.search(sentence, max(0, first["start"] - 12), first["start"])
        if opener and first["bound"] == second["bound"] == "exact":
            first["bound"], second["bound"] = "at least", "at most"
            first["note"] = second["note"] = f"range {first['value']}–{second['value']}"
    return found
