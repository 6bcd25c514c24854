"""Language-neutral keys of a text: a French claim and an English passage share keys for the same things.

The linking step compares claims with passages and searches passages through these keys, so one pass over
the words must be cheap (every archived passage goes through it once). A text's keys are:

- countries, by ISO code (`cru`), from Babel's CLDR names in French and English, the gazetteer's extra
  spellings and the demonyms of `lexicon.FIELD_TERMS` ("russe", "Russian", "Russie" and "Russia" are all RU);
- the gazetteer's people, places and organisations, by canonical English name (`emoscow` for Moscou, Moscow);
- the field's concepts, by an English headword (`tdrone`, `tairdefence`): `lexicon.FIELD_TERMS` from the
  cited-sources step, then the linking step's own, wider French↔English word list below;
- every other content word, folded (`wshahed136`), so names and numbers-in-names match themselves.

Keys are plain ASCII letters and digits, so SQLite FTS5 indexes each key as one token. Numbers are not
found here: they come from `quantities.find`, which already knows years, dates and model numbers apart
(`number_key(1000)` is `n1000`).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale

from checker.claims import entities, quantities
from checker.text import lexicon
from checker.text.fold import fold

# The linking step's French↔English field words, beyond lexicon.FIELD_TERMS. Head: an English word,
# which is also how the key is shown to reviewers. Forms are folded (no accents, lower case); plurals and
# French feminine endings are tried by `_variants`, so "cible" covers "cibles" and "expedie" "expediees".
CONCEPTS = {
    "target": ["cible", "cibler", "target", "targeted", "targeting"],
    "civilian": ["civil", "civils", "civile", "civiles", "civilian"],
    "ship": ["expedie", "expedier", "expedition", "livre", "livrer", "livraison", "fourni", "fournir",
             "envoye", "envoyer", "transfere", "shipped", "ship", "shipment", "deliver", "delivered", "delivery",
             "deliveries", "supplied", "supply", "sent", "send", "provided", "provide", "transferred"],
    "launch": ["lance", "lancer", "lancement", "tire", "tirer", "tir", "largue", "larguer", "launched", "launch",
               "launches", "fired", "fire", "dropped", "drop"],
    "intercept": ["bloque", "bloquer", "intercepte", "intercepter", "interception", "abattu", "abattre",
                  "detruit", "detruire", "blocked", "intercepted", "interception", "shot down", "downed",
                  "destroyed", "neutralized", "neutralised"],
    "attack": ["attaque", "attaquer", "assaut", "offensive", "attack", "attacked", "assault"],
    "bombing": ["bombardement", "bombarde", "pilonnage", "bombing", "bombardment", "shelling", "shelled"],
    "hit": ["frappant", "touche", "toucher", "atteint", "hitting", "hit", "struck"],
    "city": ["ville", "city", "cities", "town", "towns"],
    "neighborhood": ["quartier", "neighborhood", "neighbourhood", "district", "residential area"],
    "infrastructure": ["infrastructure", "infrastructures"],
    "energy": ["energie", "energetique", "electricite", "electrique", "energy", "power", "electricity"],
    "war": ["guerre", "war", "conflit", "conflict"],
    "component": ["composant", "piece", "component", "components", "parts"],
    "design": ["conception", "modele", "design", "model"],
    "transfer": ["transfert", "transfer"],
    "military": ["militaire", "armee", "military", "army"],
    "defeat": ["defaite", "revers", "defeat", "setback", "setbacks"],
    "withdraw": ["retrait", "retire", "retirer", "withdrawal", "withdrew", "withdraw", "pulled out", "retreat"],
    "capital": ["capitale", "capital"],
    "loss": ["perte", "loss", "losses"],
    "front": ["front", "ligne de front", "lignes de front", "front line", "front lines", "frontline"],
    "west": ["ouest", "occidental", "occidentaux", "occidentale", "west", "western"],
    "help": ["aider", "aide", "soutien", "help", "aid", "assistance", "support"],
    "request": ["demande", "supplie", "supplier", "request", "plea", "pleaded", "begged", "urged"],
    "urgent": ["urgent", "urgente", "pressing"],
    "country": ["pays", "nation", "country", "countries"],
    "mix": ["melange", "mix", "combination"],
    "acquire": ["acquerir", "obtenir", "acquire", "gain", "obtain"],
    "crash": ["ecrase", "ecraser", "tombe", "crashed", "crash", "landed", "fell"],
    "system": ["systeme", "system"],
    "responsible": ["responsible", "to blame"],
    "increase": ["augmenter", "augmentera", "augmentation", "intensifie", "intensifier", "accroitre",
                 "increase", "increased", "boost", "ramp up", "step up", "stepped up", "intensified", "escalated"],
    "capacity": ["capacite", "capacity", "capability"],
    "region": ["region", "regional", "oblast", "province"],
    "investigation": ["enquete", "investigation", "inquiry", "probe"],
    "statement": ["declaration", "communique", "statement", "press release"],
    "press-conference": ["conference de presse", "press conference", "briefing", "point de presse"],
    "incessant": ["incessant", "incessants", "constant", "relentless", "continuous"],
    "site": ["site", "sites", "facility", "facilities"],
    "deputy": ["adjoint", "adjointe", "deputy"],
    "chief": ["chef", "chief", "head"],
    "general-staff": ["etat-major", "general staff"],
    "reach": ["conclu", "conclure", "conclue", "signe", "signer", "reached", "agreed", "signed", "struck a deal"],
    "strengthen": ["renforcer", "renforcement", "strengthen", "bolster", "reinforce"],
    "effort": ["effort", "efforts"],
    "learn": ["appris", "apprendre", "decouvert", "learned", "learnt", "discovered"],
    "plan": ["plan", "projet", "prevoir", "prevoient", "prevoit", "plans", "plan to", "planned", "intend"],
    "offer": ["offrir", "offre", "offer", "offered"],
    "reveal": ["revele", "reveler", "devoile", "revealed", "disclosed", "unveiled"],
    "officials": ["responsable", "officiel", "official"],
    "ground-forces": ["forces terrestres", "ground forces", "ground troops"],
    "east": ["oriental", "orientale", "east", "eastern"],
    "village": ["village", "villages", "hamlet"],
    "killed": ["mort", "morte", "deces", "death", "fatalities"],
    "wounded": ["blesse", "blesses", "wounded", "injured", "injuries"],
    "produce": ["fabrique", "produced", "manufactured", "built", "produit"],
    "shortage": ["penurie", "manque", "shortage", "lack"],
    "sanction": ["sanction", "sanctions"],
    "contract": ["contrat", "marche public", "contract", "contracts", "procurement"],
        "kamikaze": ["kamikaze", "kamikazes", "suicide", "loitering"],
    "rocket": ["roquette", "rocket"],
    "artillery": ["artillerie", "artillery"],
    "tank": ["char", "chars", "tank", "tanks"],
    "aircraft": ["avion", "aeronef", "aircraft", "plane", "jet"],
    "helicopter": ["helicoptere", "helicopter"],
    "troops": ["soldat", "soldier", "servicemen"],
    "day": ["jour", "journee", "day", "days"],
    "year": ["annee", "ans", "year", "years"],
    "hour": ["heure", "hour", "hours"],
    "person": ["personne", "gens", "habitant", "person", "people", "residents"],
    "percent": ["pour cent", "pourcent", "percent", "per cent"],
    "dollar": ["dollar", "dollars"],
    "euro": ["euro", "euros"],
    "kilometre": ["kilometre", "km", "kilometer", "kilometers", "kilometres"],
    "weapons-supply": ["livraisons d'armes", "arms deliveries", "weapons deliveries"],
    "news": ["nouvelle", "news"],
    "deal": ["entente", "pact", "arrangement"],
    "january": ["janvier", "january"], "february": ["fevrier", "february"], "march": ["mars", "march"],
    "april": ["avril", "april"], "may": ["mai"], "june": ["juin", "june"], "july": ["juillet", "july"],
    "august": ["aout", "august"], "september": ["septembre", "september"], "october": ["octobre", "october"],
    "november": ["novembre", "november"], "december": ["decembre", "december"],
    "drone-strike": ["attaque de drone", "attaques de drones", "drone attack", "drone attacks", "drone strike",
                     "drone strikes"],
}
# Concepts that say who speaks or when, not what happened: dates and attribution have their own signals.
IGNORED = frozenset({"tsaid", "treported", "tmonday", "ttuesday", "twednesday", "tthursday", "tfriday",
                     "tsaturday", "tsunday", "tnews"})
# A narrower concept also counts as its broader one when units are compared ("airstrikes" are strikes).
BROADER = {"tairstrike": "tstrike", "tcruisemissile": "tmissile", "tdronestrike": "tstrike"}
# Function words of both languages beyond lexicon.STOPWORDS: they say nothing about the story.
EXTRA_STOPWORDS = frozenset("""
aussi non seulement tres fait faire etait etaient sera seront peut pourrait pourraient doit devrait
lors afin ainsi alors donc depuis pendant contre vers chez sans sous entre encore deja toujours tous tout
toute toutes autre autres meme memes quelque quelques diverses divers plusieurs chaque certains
laquelle lequel lesquels lesquelles dont ou quand comment pourquoi fois ceux celle celles celui cela ceci
lui leurs notre nos votre vos mon mes ton tes son ses sur dans avec pour par que qui est sont ont
compte tenu egalement apparemment recemment immediatement rapidement plus moins bien mal
did does done doing being very just only even yet still however whether within without upon onto
against among amid around across through during since until while also than then them they their
there here what which whose whom would could should might must shall can will into onto other others
another such same each every both either neither much many several most more less least few
according reportedly recently apparently immediately quickly again already now ago early late later
abord tot avant apres travers
""".split()) | frozenset(quantities.NUMBER_WORDS["fr"]) | frozenset(quantities.NUMBER_WORDS["en"]) \
    | frozenset(fold(w) for w in quantities.VAGUE_WORDS)
SHORT_NAME_LETTERS = 3  # a name this short ("US", "UK", "EU") must be written in capitals
MAX_WORDS_PER_FORM = 6

TOKEN = re.compile(r"[^\W_]+(?:[-‐‑'’][^\W_]+)*")
ABBREVIATION = re.compile(r"\b((?:[A-Z]\.){2,})")
ELISION = re.compile(r"^(?:l|d|qu|s|n|j|m|t|c|jusqu|lorsqu|puisqu)'(?=\w)")
ORIGINAL_ELISION = re.compile(r"^[^\W\d_]+['’](?=\w)")
# French and English share many long words up to their endings ("préliminaire"/"preliminary",
# "analyse"/"analysis"): a long word's key is its first letters, so such cognates meet.
COGNATE_PREFIX = 6
NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Form:
    key: str
    needs_capital: bool = False  # a proper name: "Turkey" the country, not "turkey" the bird
    needs_upper: bool = False  # a short name: "US", never "us"


@dataclass(frozen=True)
class Keyer:
    forms: dict  # folded words joined by one space → Form
    first_words: frozenset  # the first word of every multi-word form
    longest: int
    display: dict  # key → how reviewers read it


def slug(text: str) -> str:
    return NOT_KEY_CHARS.sub("", fold(text))


def number_key(value: float | int) -> str:
    """`n1000`; a fraction keeps its digits (`n2p5`)."""
    if float(value).is_integer():
        return f"n{int(value)}"
    return "n" + f"{value:g}".replace(".", "p").replace("-", "m")


def kind(key: str) -> str:
    return {"n": "number", "c": "country", "e": "name", "t": "term", "w": "word"}.get(key[:1], "word")


@lru_cache(maxsize=1)
def _english_countries() -> dict[str, str]:
    """English country name (folded) → ISO code, so the gazetteer's canonical names map to codes."""
    return {fold(name): code for code, name in Locale("en").territories.items()
            if code.isalpha() and len(code) == 2}


def entity_key(canonical: str) -> str:
    """The key of a gazetteer entity or a person: a country's code, else its canonical name."""
    code = _english_countries().get(fold(canonical))
    return f"c{code.lower()}" if code else "e" + slug(canonical)


def _fold_words(text: str) -> list[str]:
    return [_fold_token(m.group()) for m in TOKEN.finditer(ABBREVIATION.sub(_squeeze, text))]


def _squeeze(match: re.Match) -> str:
    return match.group(1).replace(".", "")


@lru_cache(maxsize=65536)
def _fold_token(token: str) -> str:
    folded = fold(token).replace("‐", "-").replace("‑", "-")
    folded = ELISION.sub("", folded)
    return folded[:-2] if folded.endswith("'s") else folded


def _add(forms: dict, display: dict, written: str, key: str, proper: bool, shown: str) -> None:
    words = _fold_words(written)
    if not words or len(words) > MAX_WORDS_PER_FORM:
        return
    phrase = " ".join(words)
    letters = sum(c.isalpha() for c in phrase)
    forms.setdefault(phrase, Form(key, needs_capital=proper and written[:1].isupper(),
                                  needs_upper=letters <= SHORT_NAME_LETTERS and (proper or written.isupper()
                                                                                or phrase in {"us", "u.s"})))
    display.setdefault(key, shown)


@lru_cache(maxsize=1)
def keyer() -> Keyer:
    """Every known form, first writer wins: the gazetteer, CLDR countries, lexicon.FIELD_TERMS, CONCEPTS."""
    forms: dict[str, Form] = {}
    display: dict[str, str] = {}
    english = Locale("en").territories
    data = tomllib.loads(entities.GAZETTEER_PATH.read_text(encoding="utf-8"))
    for item in data.get("entity", []):
        key = entity_key(item["canonical"])
        for name in item["names"]:
            _add(forms, display, name, key, True, item["canonical"])
    for code, names in data.get("countries", {}).items():
        for name in names:
            _add(forms, display, name, f"c{code.lower()}", True, english.get(code, code))
    for lang in ("en", "fr"):
        for code, name in Locale(lang).territories.items():
            if code.isalpha() and len(code) == 2:
                for part in re.split(r"\s*[()]\s*", name):
                    if part:
                        _add(forms, display, part, f"c{code.lower()}", True, english.get(code, code))
    for head, written in lexicon.FIELD_TERMS.items():
        is_country = len(head) == 2 and head.isupper()
        key = f"c{head.lower()}" if is_country else "t" + slug(head)
        shown = english.get(head, head) if is_country else head.replace("-", " ")
        for form in written:
            _add(forms, display, form, key, False, shown)
    for head, written in CONCEPTS.items():
        for form in written:
            _add(forms, display, form, "t" + slug(head), False, head.replace("-", " "))
    first_words = frozenset(phrase.split(" ", 1)[0] for phrase in forms if " " in phrase)
    return Keyer(forms, first_words, max(len(p.split(" ")) for p in forms), display)


def _variants(word: str):
    """The word, then its singular and masculine guesses, for dictionary look-up only
    ("cibles" → "cible", "expediees" → "expedie")."""
    yield word
    stems = []
    if word.endswith(("s", "x")) and len(word) > 3:
        stems.append(word[:-1])
    if word.endswith("es") and len(word) > 4:
        stems.append(word[:-2])
    for stem in stems:
        yield stem
    for stem in [word, *stems]:
        if stem.endswith("ee") and len(stem) > 4:
            yield stem[:-1]


def _fits(form: Form, originals: list[str]) -> bool:
    if form.needs_upper:
        return all(o.isupper() for o in originals)
    if form.needs_capital:
        return originals[0][:1].isupper()
    return True


def keys_of(text: str) -> dict[str, str]:
    """Key → the words of `text` it was read from (the first time), in reading order."""
    index = keyer()
    found: dict[str, str] = {}
    matches = list(TOKEN.finditer(ABBREVIATION.sub(_squeeze, text)))
    folded = [_fold_token(m.group()) for m in matches]
    # "l’Iran" is read as "Iran", capital and all.
    originals = [ORIGINAL_ELISION.sub("", m.group()) if ELISION.match(fold(m.group())) else m.group()
                 for m in matches]
    i, count = 0, len(folded)
    while i < count:
        word = folded[i]
        step = 1
        if word in index.first_words:
            for n in range(min(index.longest, count - i), 1, -1):
                form = index.forms.get(" ".join(folded[i:i + n]))
                if form is not None and _fits(form, originals[i:i + n]):
                    found.setdefault(form.key, " ".join(originals[i:i + n]))
                    step = n
                    break
        if step == 1:
            if word in lexicon.STOPWORDS or word in EXTRA_STOPWORDS:
                i += 1
                continue
            form = next((index.forms[v] for v in _variants(word) if v in index.forms), None)
            if form is not None and _fits(form, originals[i:i + 1]):
                found.setdefault(form.key, originals[i])
            elif not word.isdigit() and len(word) >= 3 and word not in lexicon.STOPWORDS \
                    and word not in EXTRA_STOPWORDS and not (form is not None and form.key.startswith(("c", "e"))):
                stem = NOT_KEY_CHARS.sub("", word[:-1] if word.endswith("s") and len(word) > 4 else word)
                key = "w" + (stem[:COGNATE_PREFIX] if len(stem) > COGNATE_PREFIX else stem)
                if len(key) > 1 and not key[1:].isdigit():
                    found.setdefault(key, originals[i])
        i += step
    for key in IGNORED & found.keys():
        del found[key]
    return found


def keys(text: str) -> set[str]:
    return set(keys_of(text))


def unit_key(unit: str | None) -> str | None:
    """A quantity's unit lemma ("frappe", "airstrike", "drone") as a concept key, broadened for comparison."""
    if not unit:
        return None
    index = keyer()
    phrase = " ".join(_fold_words(unit))
    form = index.forms.get(phrase) or next((index.forms[v] for v in _variants(phrase) if v in index.forms), None)
    key = form.key if form is not None else "w" + NOT_KEY_CHARS.sub("", phrase)
    return BROADER.get(key, key)


def display(key: str) -> str:
    """How a key reads to a reviewer: "Russia", "air defence", "1,000", "shahed136"."""
    if key.startswith("n"):
        body = key[1:].replace("p", ".")
        return f"{int(body):,}" if body.isdigit() else body
    return keyer().display.get(key, key[1:])
