"""The calendar and counting words of French and English: months, weekdays and numbers written in words.

Every extraction step reads its month, weekday and number words from here, so a spelling added here is
read the same way by all of them. Words are in small letters, as written in each language (accents kept);
`with_unaccented` adds the spellings without accents that articles also use ("aout", "decembre").
"""
from __future__ import annotations

from checker.text.fold import fold

LANGUAGES = ("fr", "en")

# Full month names → month number.
MONTHS = {
    "fr": {"janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
           "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12},
    "en": {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
           "september": 9, "october": 10, "november": 11, "december": 12},
}
# Abbreviated month names → month number (written with or without their period).
MONTH_ABBREVIATIONS = {
    "fr": {"janv": 1, "févr": 2, "fév": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12},
    "en": {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9, "sep": 9,
           "oct": 10, "nov": 11, "dec": 12},
}
# Weekday names → weekday number, Monday 0 as in datetime.
WEEKDAYS = {
    "fr": {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6},
    "en": {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6},
}
# Numbers written in words → value. Compounds ("vingt-cinq", "two hundred") are read from these parts.
NUMBER_WORDS = {
    "fr": {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
           "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
           "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
           "soixante": 60, "cent": 100, "cents": 100, "mille": 1000},
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
           "thousand": 1000},
}

# Scale words after a number ("1,5 million", "3 bn") → multiplier. French uses the long scale: a "billion"
# is a million millions.
_SHORT_SCALE = {"mille": 10**3, "milles": 10**3, "thousand": 10**3, "thousands": 10**3,
                "million": 10**6, "millions": 10**6, "mln": 10**6, "mio": 10**6, "mn": 10**6,
                "milliard": 10**9, "milliards": 10**9, "md": 10**9, "mds": 10**9, "mrd": 10**9, "bn": 10**9,
                "billion": 10**9, "billions": 10**9, "trillion": 10**12, "trillions": 10**12}
SCALES = {"en": _SHORT_SCALE,
          "fr": {**_SHORT_SCALE, "billion": 10**12, "billions": 10**12, "trillion": 10**18, "trillions": 10**18}}


def compound_number(parts: list[str], lang: str) -> int | None:
    """The value of a number written in words and hyphens ("dix-sept", "quatre-vingt-dix", "twenty-five"),
    or None when a part is not a number word: a part worth more than the total so far multiplies it
    ("quatre-vingt" is 4 × 20), any other part adds to it."""
    words = NUMBER_WORDS.get(lang, {})
    total = 0
    for part in parts:
        value = words.get(part)
        if value is None:
            return None
        total = total * value if 0 < total < value and value in (20, 100, 1000) else total + value
    return total


def with_unaccented(words: dict[str, int]) -> dict[str, int]:
    """The words and, for those with accents, their spelling without them, each with its value."""
    spelled = dict(words)
    for word, value in words.items():
        spelled.setdefault(fold(word), value)
    return spelled


def month_spellings(lang: str) -> dict[str, int]:
    """Every spelling of a month in the language: full names and abbreviations, with and without accents."""
    return with_unaccented({**MONTHS[lang], **MONTH_ABBREVIATIONS[lang]})

# Function words, accent-folded: words that carry no topic (the evidence keys skip them; the check-worthiness
# reasons never show them alone).
STOPWORDS = {
    "fr": frozenset("""
a ai aie aient ais ait as au aucun aucune aupres auquel aura aurai auraient aurait auront aussi autant autre
autres aux auxquelles auxquels avaient avais avait avant avec avez avoir avons ayant c ca car ce ceci cela
celle celles celui cependant certain certaine certaines certains ces cet cette ceux chacun chacune chaque chez
ci comme comment d dans de des desquelles desquels deja donc dont du duquel elle elles en encore entre es est
et etaient etais etait etant ete etes etre eu eue eues eurent eus eut eux fait faire fois furent fut ici il
ils j je jusqu jusque l la laquelle le lequel les lesquelles lesquels leur leurs lors lorsque lui m ma mais
me meme memes mes moi moins mon n ne ni non nos notre nous on ont or ou par parce pas peu peut peuvent plus
plutot pour pourquoi pourra pourrait pourraient puis puisque qu quand que quel quelle quelles quels qui quoi
s sa sans se sera serai seraient serait seront ses si sien sienne soi soit sommes son sont sous suis sur t ta
tandis te tel telle telles tels tes toi ton tous tout toute toutes tres tu un une unes uns vers via voici
voila vos votre vous y etc afin ainsi alors apres selon contre chez pendant depuis avant
surtout bien toujours jamais rien quelque quelques plusieurs
""".split()),
    "en": frozenset("""
a about above after again against all also am an and any are aren as at be because been before being below
between both but by can cannot could couldn did didn do does doesn doing don down during each either few for
from further had hadn has hasn have haven having he her here hers herself him himself his how however i if in
into is isn it its itself just let me might more most much must mustn my myself neither no nor not now of off
on once only or other others our ours ourselves out over own same shall she should shouldn so some such than
that the their theirs them themselves then there these they this those through thus to too under until up upon
us very was wasn we were weren what when where whether which while who whom whose why will with within without
won would wouldn yet you your yours yourself yourselves s t ll re ve d m o per via etc whereas
""".split()),
}
