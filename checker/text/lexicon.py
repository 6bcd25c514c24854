"""Cross-language match keys: a claim in French and a report in English share keys for the same things.

`keys(text)` gives the set of comparable keys of a text: numbers (1 000 and 1,000 are 1000), country
names in either language (Babel's CLDR data: "Pologne" and "Poland" are both PL), and the field's words
from the small French↔English lexicon below (drone, missile, air defence, capitals…), plus the remaining
folded content words, so names such as "Przewodów" or "Shahed-136" match themselves.
"""
from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

from checker.text.fold import fold

# key: forms in French and English (folded: lower case, no accents). Multi-word forms are matched first.
FIELD_TERMS = {
    "drone": ["drone", "drones", "kamikaze drones", "drones kamikazes", "uav", "uavs"],
    "missile": ["missile", "missiles"],
    "cruise-missile": ["missile de croisiere", "missiles de croisiere", "cruise missile", "cruise missiles"],
    "air-defence": ["defense aerienne", "defenses aeriennes", "defence aerienne", "air defense", "air defenses",
                    "air defence", "air defences", "antiaerienne", "anti-aerienne"],
    "air-strike": ["frappe aerienne", "frappes aeriennes", "airstrike", "airstrikes", "air strike",
                   "air strikes", "attaques aeriennes", "air attacks"],
    "strike": ["frappe", "frappes", "strike", "strikes"],
    "deal": ["accord", "accords", "deal", "agreement"],
    "produce": ["fabriquer", "fabrication", "produire", "production", "manufacture", "manufacturing",
                "produce", "build"],
    "troops": ["soldats", "troupes", "troops", "soldiers", "forces"],
    "explosion": ["explosion", "blast"],
    "border": ["frontiere", "frontieres", "border", "borders"],
    "killed": ["tue", "tues", "tuant", "morts", "killed", "killing", "dead", "deaths"],
    "intelligence": ["renseignement", "intelligence"],
    "officials": ["responsables", "officials"],
    "alliance": ["alliance", "allies", "allied", "allie"],
    "contact-group": ["groupe de contact", "contact group"],
    "ambassadors": ["ambassadeurs", "ambassadors"],
    "secretary-general": ["secretaire general", "secretary general"],
    "defense-secretary": ["secretaire a la defense", "defense secretary", "secretary of defense"],
    "nato": ["otan", "nato"],
    "pentagon": ["pentagone", "pentagon"],
    "deliberate": ["deliberee", "delibere", "deliberate"],
    "farmers": ["agriculteurs", "farmers"],
    "village": ["village"],
    "weapons": ["armements", "armes", "weapons"],
    "superiority": ["superiorite", "superiority"],
    "power-grid": ["reseau electrique", "power grid", "energy infrastructure", "infrastructure energetique"],
    "week": ["semaine", "week"],
    "reported": ["rapporte", "rapport", "reported", "report", "reports"],
    "soil": ["sol", "soil", "territoire", "territory"],
    "monday": ["lundi", "monday"], "tuesday": ["mardi", "tuesday"], "wednesday": ["mercredi", "wednesday"],
    "thursday": ["jeudi", "thursday"], "friday": ["vendredi", "friday"], "saturday": ["samedi", "saturday"],
    "sunday": ["dimanche", "sunday"],
    "said": ["declare", "dit", "affirme", "precise", "said", "stated", "told"],
    "month": ["mois", "month", "months"],
    # Capitals and places whose names differ between the languages
    "moscow": ["moscou", "moscow"], "tehran": ["teheran", "tehran"], "kyiv": ["kyiv", "kiev"],
    "warsaw": ["varsovie", "warsaw"], "brussels": ["bruxelles", "brussels"], "washington": ["washington"],
    "kherson": ["kherson"], "kharkiv": ["kharkiv", "kharkov"], "minsk": ["minsk"],
    # Demonyms point to their country's code
    "RU": ["russe", "russes", "russian", "russians", "russie"],
    "IR": ["iranien", "iranienne", "iraniens", "iraniennes", "iranian", "iranians"],
    "UA": ["ukrainien", "ukrainienne", "ukrainiens", "ukrainiennes", "ukrainian", "ukrainians"],
    "PL": ["polonais", "polonaise", "polish"],
    "US": ["americain", "americaine", "americains", "americaines", "american", "americans", "etats-unis",
           "etats unis", "united states", "u.s.", "us"],
    "BY": ["bielorusse", "belarusian", "bielorussie", "belarus"],
}
STOPWORDS = set("""
a au aux avec ce ces cette dans de des du elle en est et il ils la le les leur lui mais ne nous on ou par pas
plus pour qu que qui sa se ses son sont sur un une y d l s n c j m t qu ete etre avait ont a été selon apres
the of and to in for on at by with from as is was were are be been has have had that this these those it its
an or not but their they he she his her which who will would could should than then also into about over
after before said says say more most some such there when where while all any can may
""".split())
WORD = re.compile(r"[a-z0-9][a-z0-9'\-\.]*[a-z0-9]|[a-z0-9]")
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+|\d+)(?:[.,](\d+))?(?![\w])")


@lru_cache(maxsize=1)
def _phrases() -> tuple[list[tuple[re.Pattern, str]], dict[str, str]]:
    """(multi-word patterns longest first, single word → key)."""
    words: dict[str, str] = {}
    multi: list[tuple[str, str]] = []
    for key, forms in FIELD_TERMS.items():
        for form in forms:
            (multi.append((form, key)) if (" " in form or "-" in form) else words.setdefault(form, key))
    for lang in ("fr", "en"):
        for code, name in Locale(lang).territories.items():
            if not code.isalpha() or len(code) != 2:
                continue
            folded = fold(name)
            (multi.append((folded, code)) if " " in folded or "-" in folded else words.setdefault(folded, code))
    multi.sort(key=lambda item: len(item[0]), reverse=True)
    patterns = [(re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)"), key) for form, key in multi]
    return patterns, words


def numbers(text: str) -> set[str]:
    """Numbers written with spaces, commas or dots as thousands separators, as plain digit strings."""
    found = set()
    for match in NUMBER.finditer(text):
        whole = re.sub(r"[ \u00a0\u202f,.]", "", match.group(1))
        value = int(whole)
        if 1900 <= value <= 2100 and len(whole) == 4:
            continue  # a year says little about whether two texts tell the same story
        if value >= 2:
            found.add(f"#{value}")
    return found


def keys(text: str) -> set[str]:
    """Comparable keys of `text`, whatever its language."""
    found = numbers(text)
    folded = fold(text)
    patterns, words = _phrases()
    for pattern, key in patterns:
        if pattern.search(folded):
            found.add(key)
            folded = pattern.sub(" ", folded)
    for word in WORD.findall(folded):
        word = word.strip("'.-")
        if word.startswith(("l'", "d'", "qu'", "s'", "n'")):
            word = word.split("'", 1)[1]
        if not word or word in STOPWORDS or word.isdigit() or len(word) < 3:
            continue
        found.add(words.get(word, word.rstrip("s") if len(word) > 4 else word))
    return found


def weight(key: str) -> float:
    """Numbers and names say more than common words."""
    if key.startswith("#"):
        return 2.0
    if key in FIELD_TERMS or (len(key) == 2 and key.isupper()):
        return 1.5
    return 1.0


def match_score(claim_text: str, candidate_text: str) -> float:
    """Share of the claim's keys (weighted) that the candidate text also has, from 0 to 1."""
    wanted = keys(claim_text)
    if not wanted:
        return 0.0
    have = keys(candidate_text)
    total = sum(weight(k) for k in wanted)
    return sum(weight(k) for k in wanted & have) / total
