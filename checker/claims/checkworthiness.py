"""Sentence + its features → check-worthiness score (0..1), kind and readable reasons.

The score is a transparent weighted sum: BASE_SCORE plus one weight per feature found, clamped to
[0, 1]. Every feature that moves the score adds its reason, so a reviewer can see why a sentence was
picked. Features come from the other steps (quantities, dates, entities, attribution) and from cue
words in the sentence itself, so the scorer still works when the feature lists are empty.

What raises the score: figures with units, dates, a named source, named actors, a concrete past
action, a direct quotation, a reported plan with a date or a deadline ("selon le rapport, … prévoient de
mettre la fabrication en marche dans les trois mois"), a named actor's plea backed by facts ("l'Ukraine a
supplié ses alliés depuis le début de la guerre"). What lowers it: opinion wording, hedging and speculation, the
conditional mood (a little: a reported figure stays checkable), questions, greetings and
procedural lines such as "did not immediately respond to a request for comment".

Cue words exist for French and English; other languages get the language-neutral signals only
(figures, dates in digits, question marks, the feature lists).

Cue lists are plain phrases. They are matched as whole words in a normalised copy of the sentence
(lower case, straight apostrophes, punctuation and hyphens turned into spaces) through one pattern per
language that holds every phrase, so a sentence is read once for all cue lists; a trailing * in a
phrase matches a word prefix ("spécul*").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from checker.claims.entities import STOPWORDS as SENTENCE_OPENERS
from checker.text import vocabulary
from checker.text.fold import fold
from checker.text.language import base_language
from checker.text.scan import trie_alternation

KINDS = ("statistic", "quote", "event", "report", "prediction", "opinion")


@dataclass
class Verdict:
    score: float
    kind: str
    reasons: list[str] = field(default_factory=list)
    # reason → the sentence's words behind it, for the reasons whose words only this step knows (a plan's
    # deadline, a plea and its facts); the other reasons' words are in the steps' outputs.
    words: dict[str, str] = field(default_factory=dict)


# ── Weights ────────────────────────────────────────────────────────────────────────────────────
BASE_SCORE = 0.25

W_QUANTITY = 0.35  # a figure with a unit: "1 000 drones", "3.5%"
W_BARE_NUMBER = 0.2  # a figure without a unit
W_SMALL_NUMBER_IN_WORDS = 0.08  # "deux pays", "three days": rarely the point of a claim
W_DURATION = 0.08  # "dans les trois mois"
W_EXTRA_QUANTITY = 0.05  # per further figure…
MAX_EXTRA_QUANTITY = 0.1  # …up to this much
W_NAMED_SOURCE = 0.2
W_UNNAMED_SOURCE = 0.1  # attributed without a name, or a reporting cue ("selon", "said") in the text
W_DATE = 0.12
W_ENTITY = 0.05  # per distinct named actor…
MAX_ENTITY = 0.15  # …up to this much
W_GUESSED_ENTITY = 0.04  # per capitalised name when no entity list was given…
MAX_GUESSED_ENTITY = 0.08  # …up to this much
W_PAST_ACTION = 0.12
W_QUOTATION = 0.1

W_OPINION = -0.35
W_HEDGE = -0.2
W_CONDITIONAL = -0.07
W_FUTURE = -0.1
W_QUESTION = -0.35
W_FIRST_PERSON = -0.1
W_GREETING = -0.5
W_PROCEDURAL = -0.5  # the sentence is a request-for-comment line…
W_PROCEDURAL_CLAUSE = -0.1  # …or only one clause of it is
W_TOO_SHORT = -0.1
# A plan with a deadline, reported by a source, is a commitment one can check later: as checkable as a figure.
# It replaces the future-tense penalty.
W_REPORTED_PLAN = W_QUANTITY
# A named actor's plea is their stated position, checkable like a statement cited to them.
W_ATTRIBUTED_PLEA = W_NAMED_SOURCE

PROCEDURAL_SHARE = 0.6  # share of the sentence the request-for-comment clause needs to sink it
MIN_WORDS = 5
MIN_QUOTATION_WORDS = 4
# Figures written in words count as statistics from this value up ("des centaines", "thousands").
BIG_NUMBER = 100

R_QUANTITY = "number with unit"
R_BARE_NUMBER = "number"
R_SMALL_NUMBER = "small number in words"
R_DURATION = "duration"
R_PROCEDURAL = "procedural line (request for comment)"
R_PROCEDURAL_CLAUSE = "includes a request-for-comment clause"
R_REPORTED_PLAN = "reported plan with a date"
R_ATTRIBUTED_PLEA = "attributed plea backed by facts"
STATISTIC_REASONS = (R_QUANTITY, R_BARE_NUMBER)

DURATION_UNITS = frozenset("""
    seconde minute heure jour semaine mois an année décennie siècle
    second minute hour day week month year decade century
""".split())

# ── Normalised phrase matching ──────────────────────────────────────────────────────────────────
_NORMALISED_WORDS = re.compile(r"[\w']+")


def _normalised_words(text: str) -> tuple[str, ...]:
    """The words of `text` in lower case, with straight apostrophes; any other non-word character splits."""
    return tuple(_NORMALISED_WORDS.findall(text.lower().replace("’", "'").replace("‘", "'")))


def _phrase_key(text: str) -> str:
    """A cue phrase as the text it matches in the joined words: its words, and a space after the last one
    unless the phrase ends in * ("spécul*": any word that starts so)."""
    words = " ".join(_normalised_words(text.rstrip("*")))
    return words if text.endswith("*") else words + " "


def _word_ending(endings: tuple[str, ...]) -> re.Pattern:
    """A pattern that finds, in the joined words (a space before each), each of `endings` that ends a word.
    Endings with several first letters but one second letter ("erai", "iront") are found from that
    letter, looking back for the first: re finds one given letter much faster than any of several, and
    "e" and "i" come every few characters in French."""
    seconds = {ending[1:2] for ending in endings}
    if len({ending[0] for ending in endings}) == 1 or len(seconds) != 1 or "" in seconds:
        return re.compile(trie_alternation(endings) + "(?= |$)")
    second = seconds.pop()
    rests: dict[str, list[str]] = {}
    for ending in endings:
        rests.setdefault(ending[0], []).append(ending[2:])
    after_second = "|".join(f"(?<={re.escape(first + second)}){trie_alternation(rest)}"
                            for first, rest in rests.items())
    return re.compile(f"{re.escape(second)}(?:{after_second})(?= |$)")


def _words_ending_in(joined: str, ending: re.Pattern):
    """The words of the joined words that end with a match of `ending` (from _word_ending): one scan of the
    text instead of a test of each word."""
    for match in ending.finditer(joined):
        yield joined[joined.rfind(" ", 0, match.start()) + 1:match.end()]


class _CueIndex:
    """Every cue phrase of one language in one pattern, so a sentence is read once for all cue lists.

    The pattern is tried after each space of the joined words and matches the longest phrase key
    (_phrase_key) starting there; it reads the key in a look-ahead, so phrases that overlap ("is likely
    to", "likely") are all found. Its trie shape makes it fast: re turns down a branch on its first
    character, so a word that starts no phrase costs a few character tests, not one test per phrase. Every
    key that matches at a place is a prefix of the text there, so of the longest one: the groups found
    there are known from the longest key alone (`groups_of`)."""

    def __init__(self, groups: dict[str, tuple[str, ...]]):
        groups_of_key: dict[str, set[str]] = {}
        for group, texts in groups.items():
            for text in texts:
                groups_of_key.setdefault(_phrase_key(text), set()).add(group)
        self.groups_of = {key: tuple(sorted({group for shorter, found in groups_of_key.items()
                                             if key.startswith(shorter) for group in found}))
                          for key in groups_of_key}
        self.pattern = re.compile(" (?=(" + trie_alternation(groups_of_key) + "))")

    def hits(self, joined: str) -> dict[str, list[int]]:
        """Cue group → word positions where one of its phrases starts; `joined` is " " + " ".join(words)."""
        found: dict[str, list[int]] = {}
        text = joined + " "  # the last word, too, is followed by the space that ends a key
        # The space before word i is the (i + 1)th: counted on from the last match, so the text is read once
        # however many cues it holds.
        index, counted_to = -1, 0
        for match in self.pattern.finditer(text):
            index += text.count(" ", counted_to, match.start() + 1)
            counted_to = match.start() + 1
            for group in self.groups_of[match.group(1)]:
                found.setdefault(group, []).append(index)
        return found


# ── Cue lists, by language ─────────────────────────────────────────────────────────────────────
OPINION = {
    "fr": (
        "je pense", "je crois", "je trouve", "je suis convaincu", "je considère", "j'estime", "j'espère",
        "j'ai l'impression", "à mon avis", "à mon sens", "selon moi", "pour moi", "il faut", "il faudrait",
        "on doit", "on devrait", "nous devons", "nous devrions", "vous devriez", "il est temps",
        "il est essentiel", "il est important", "il est nécessaire", "il est crucial", "il est urgent",
        "heureusement", "malheureusement", "scandaleux", "scandaleuse", "honteux", "honteuse", "inacceptable",
        "inadmissible", "absurde", "formidable", "lamentable", "déplorable"),
    "en": (
        "i think", "i believe", "i feel", "i guess", "i suppose", "i am convinced", "i'm convinced",
        "in my view", "in my opinion", "we must", "we should", "we need to", "should", "ought to", "must",
        "it is time", "it's time", "it is essential", "it is important", "it is crucial", "it is vital",
        "it is imperative", "fortunately", "unfortunately", "hopefully", "shameful", "disgraceful", "outrageous",
        "unacceptable", "ridiculous", "absurd", "terrible", "wonderful", "pathetic"),
}
HEDGE = {
    "fr": (
        "pourrait", "pourraient", "pourra", "pourront", "peut-être", "probablement", "sans doute",
        "vraisemblablement", "possiblement", "éventuellement", "il est possible", "il se peut", "semble",
        "semblent", "semblerait", "sembleraient", "on ne sait pas", "on ignore", "nul ne sait", "personne ne sait",
        "reste à voir", "reste à savoir", "reste à déterminer", "il n'est pas clair", "pas clair",
        "il n'est pas certain", "incertain*", "hypothétique*", "risque de", "susceptible de", "spécul*"),
    "en": (
        "could", "might", "possibly", "perhaps", "maybe", "probably", "likely", "unlikely", "unclear",
        "not clear", "it is not known", "remains to be seen", "uncertain*", "appear to", "appears to",
        "seem to", "seems to", "speculat*", "rumor*", "rumour*"),
}
# "could not" states a fact ("could not confirm"); "may" is a hedge only in lower case ("May 2022").
_NOT_A_HEDGE = ("could", "not")
_HEDGE_MAY = re.compile(r"\bmay\b")
CONDITIONAL = {
    "fr": ("apparemment", "prétendument", "présumé*", "selon toute vraisemblance"),
    "en": ("reportedly", "allegedly", "apparently", "purportedly", "supposedly", "would"),
}
FRENCH_CONDITIONAL_ENDINGS = ("rait", "raient")
# Nouns and adjectives that share the conditional endings.
NOT_CONDITIONAL = frozenset({"portrait", "retrait", "extrait", "attrait", "trait", "abstrait", "distrait",
                             "soustrait"})
FUTURE = {
    "fr": ("devrait", "devraient", "devra", "devront", "prévoit d*", "prévoient d*", "envisage*",
                   "compte faire", "sera", "seront", "aura", "auront", "fera", "feront", "ira", "iront",
                   "pourra", "viendra", "tiendra", "verra", "faudra"),
    "en": ("will", "won't", "shall", "is expected to", "are expected to", "is set to", "are set to",
                   "is likely to", "are likely to", "is going to", "are going to", "plans to", "plan to",
                   "intends to", "intend to", "aims to", "aim to"),
}
FRENCH_FUTURE_ENDINGS = ("erai", "eras", "era", "erons", "erez", "eront", "irai", "iront")
FRENCH_GOING_TO = frozenset({"va", "vont", "allait", "allaient"})
_FRENCH_CONDITIONAL_ENDING = _word_ending(FRENCH_CONDITIONAL_ENDINGS)
_FRENCH_FUTURE_ENDING = _word_ending(FRENCH_FUTURE_ENDINGS)
FRENCH_INFINITIVE_ENDINGS = ("er", "ir", "re")
FRENCH_OBJECT_PRONOUNS = frozenset({"se", "s'", "le", "la", "les", "lui", "leur", "y", "en", "nous", "vous", "me"})
QUESTION_MARKS = "?？؟"
QUESTION = re.compile(rf"[{QUESTION_MARKS}]\s*[»”\"’')\]]*\s*$")
FIRST_PERSON_WORDS = {
    "fr": frozenset({"je", "moi", "mon", "ma", "mes"}),
    "en": frozenset({"me", "my", "i'm", "i've", "i'd", "i'll", "myself"}),
}
_FRENCH_J = " j'"
# "I" as a word, not an initial ("I. Ivanov"). The look-behind comes after the I, like in _CAPITALISED_WORD,
# so that re looks for the letter I alone instead of trying a \b at every character.
_ENGLISH_I = re.compile(r"I(?<!\wI)(?![\w.])")
GREETING_START = {
    "fr": ("bonjour", "bonsoir", "salut", "coucou", "chers lecteurs", "chères lectrices", "bienvenue"),
    "en": ("hello", "hi", "hey", "good morning", "good afternoon", "good evening", "dear reader",
                   "dear readers", "welcome"),
}
GREETING_ANYWHERE = {
    "fr": ("merci de votre lecture", "merci pour votre lecture", "merci d'avoir lu", "merci de votre fidélité",
                   "merci de votre attention", "à bientôt", "à demain", "bonne lecture", "bonne journée",
                   "bonne soirée"),
    "en": ("thanks for reading", "thank you for reading", "thanks for watching", "thank you for watching",
                   "thanks for listening", "see you soon", "see you tomorrow", "see you next", "talk to you soon",
                   "have a nice day", "have a great weekend", "have a good weekend"),
}
PROCEDURAL = {
    "fr": (
        "n'a pas pu joindre", "n'ont pas pu joindre", "n'a pas pu être joint*", "n'ont pas pu être joint*",
        "n'a pas été joint*", "n'a pas pu obtenir de commentaire", "n'a pas répondu", "n'ont pas répondu",
        "n'avait pas répondu", "n'a pas immédiatement répondu", "n'ont pas immédiatement répondu",
        "n'a pas donné suite", "n'ont pas donné suite", "n'a pas réagi", "n'a pas souhaité commenter",
        "n'a pas souhaité réagir", "n'a pas souhaité s'exprimer", "pour un commentaire", "pour commenter",
        "demande de commentaire", "a refusé de commenter", "ont refusé de commenter", "a refusé de s'exprimer",
        "cet article a été mis à jour", "a contribué à cet article", "a contribué à ce reportage"),
    "en": (
        "did not respond", "did not immediately respond", "didn't respond", "didn't immediately respond",
        "has not responded", "have not responded", "hasn't responded", "did not reply", "did not immediately reply",
        "did not return", "did not immediately return", "could not be reached", "could not immediately be reached",
        "could not reach", "declined to comment", "refused to comment", "request for comment",
        "requests for comment", "for comment", "reached out to", "contributed to this report",
        "contributed to this story", "this story has been updated", "this article has been updated"),
}
# Pleas: a verb of begging or urging, in the perfect or the present ("a supplié", "urged", "calls on").
PLEA = {
    "fr": (*(f"{aux} {verb}" for aux in ("a", "ont", "avait", "avaient")
             for verb in ("supplié*", "imploré*", "exhorté*", "conjuré*", "réclamé*", "plaidé*", "appelé à",
                          "pressé*")),
           "supplie", "supplient", "implore", "implorent", "exhorte", "exhortent", "conjure", "conjurent",
           "réclament", "plaide", "plaident", "appelle à", "appellent à", "ne cesse de réclamer",
           "n'a cessé de réclamer", "ne cesse d'appeler"),
    "en": ("begged", "begs", "pleaded", "pleads", "implored", "implores", "urged", "urges", "beseeched",
           "appealed to", "appeals to", "called on", "calls on", "called for", "calls for", "pressed for",
           "presses for"),
}
# Spans of time that back a plea with facts when no date or figure does: "depuis le début de la guerre",
# "for months". The phrases ending in a noun that needs its complement ("le début" of what) are shown with it.
SINCE = {
    "fr": ("depuis le début", "depuis la fin", "depuis le lancement", "depuis le déclenchement",
           "depuis le commencement", "depuis l'arrivée", "depuis l'élection", "depuis des jours",
           "depuis des semaines", "depuis des mois", "depuis des années", "depuis des décennies", "depuis plusieurs*",
           "depuis quelques*", "depuis longtemps"),
    "en": ("since the start", "since the beginning", "since the outbreak", "since the end", "since the launch",
           "ever since", "for days", "for weeks", "for months", "for years", "for decades", "for the past*",
           "over the past*", "in recent*"),
}
SINCE_NEEDS_COMPLEMENT = frozenset({"début", "fin", "lancement", "déclenchement", "commencement", "start",
                                    "beginning", "outbreak", "end", "launch"})
COMPLEMENT_WORDS = frozenset({"de", "du", "des", "d'", "la", "le", "l'", "les", "of", "the", "a", "an", "this",
                              "that", "cette", "ce", "cet"})
# Before a plan's date or deadline: the words that say "by then" ("dans les trois mois", "d'ici mars").
_DEADLINE_BEFORE = re.compile(
    r"(?<![\w'’])(?:dans\s+les|dans\s+un|dans\s+une|dans|d['’]ici(?:\s+(?:à|au|la|le|les))?|sous|avant|"
    r"within(?:\s+the(?:\s+next)?)?|by|in\s+the\s+next|over\s+the\s+next|in)\s*$", re.IGNORECASE)
DEADLINE_LOOKBACK = 20  # characters before a date or a duration where its "by then" words are looked for

# Where a sentence splits into clauses that may carry separate claims.
_CLAUSE_BREAK = re.compile(r"\s*(?:[;—–]|,\s*(?:mais|but|however|cependant|toutefois|alors\s+que|while)\b)\s*",
                           re.IGNORECASE)
# _CLAUSE_BREAK without its spaces on either side: found from here, the break's spaces are added around it.
_CLAUSE_BREAK_MARK = re.compile(r"[;—–]|,\s*(?:mais|but|however|cependant|toutefois|alors\s+que|while)\b",
                                re.IGNORECASE)
_SPACES = re.compile(r"\s*")


def _split_clauses(text: str) -> list[str]:
    """_CLAUSE_BREAK.split(text), found from the marks. The pattern opens with spaces, so re tries it at each
    space of a run and reads the run to its end each time: a long run of spaces cost its length squared. A
    break is its mark with the spaces on either side (those before it not before the last break's end)."""
    pieces, last = [], 0
    while (mark := _CLAUSE_BREAK_MARK.search(text, last)) is not None:
        start = mark.start()
        while start > last and text[start - 1].isspace():
            start -= 1
        pieces.append(text[last:start])
        last = _SPACES.match(text, mark.end()).end()
    pieces.append(text[last:])
    return pieces
# Past actions: an auxiliary, at most two adverbs, then a participle.
PAST_AUXILIARIES = {
    "fr": frozenset({"a", "ont", "avait", "avaient", "aurait", "auraient", "s'est", "s'était", "s'étaient",
                     "été"}),
    "en": frozenset({"has", "have", "had", "was", "were"}),
}
PAST_PARTICIPLE_ENDINGS = {
    "fr": ("é", "ée", "és", "ées", "is", "it", "its", "u", "us", "ue", "ues", "ert", "erts", "ort"),
    "en": ("ed", "en", "wn", "ght", "ung", "ent", "ade", "ost", "ot", "un", "eld", "old", "ound"),
}
ADVERBS_BEFORE_PARTICIPLE = frozenset({
    "déjà", "été", "bien", "aussi", "jamais", "récemment", "d'abord", "enfin", "finalement", "notamment",
    "been", "already", "also", "now", "recently", "just", "first", "finally"})
ADVERB_ENDINGS = ("ment", "ly")
# "est arrivé", "sont morts": être with a participle of movement or state change.
FRENCH_ETRE = frozenset({"est", "sont", "était", "étaient"})
FRENCH_ETRE_PARTICIPLE_STEMS = ("arrivé", "mort", "parti", "tombé", "entré", "sorti", "venu", "devenu", "né",
                                "décédé", "passé", "resté", "monté", "descendu", "revenu", "intervenu")
_PAST_ACTION_STARTS = {"fr": PAST_AUXILIARIES["fr"] | {"sont"} | FRENCH_ETRE, "en": PAST_AUXILIARIES["en"]}
ENGLISH_PAST_VERBS = frozenset("""
    said told announced launched fired killed signed agreed approved voted reported attacked struck sent
    delivered deployed captured arrested died rose fell increased decreased won lost shot downed destroyed
    intercepted blocked seized invaded withdrew retreated crashed exploded passed rejected raised cut paid
    spent sold bought built released published confirmed denied admitted warned ordered banned imposed met
    visited hit bombed reached became began ended started shipped supplied dropped revealed recorded grew
    shrank doubled tripled closed opened hired sued charged convicted elected appointed resigned
""".split())
SPEECH_CUES = {
    "fr": ("selon", "d'après", "a t il", "a t elle", "ont ils", "ont elles", "rapporte", "affirme",
                   "déclare", "indique", "annonce", "ajoute", "estime",
                   *(f"{aux} {verb}" for aux in ("a", "ont", "avait", "avaient")
                     for verb in ("déclaré", "dit", "affirmé", "annoncé", "rapporté", "indiqué", "précisé",
                                  "expliqué", "assuré", "souligné", "ajouté", "confirmé", "estimé", "averti",
                                  "révélé", "écrit"))),
    "en": ("according to", "said", "says", "told", "reported", "reports", "announced", "stated",
                   "confirmed", "claimed", "added", "wrote", "warned", "insisted", "argued", "noted"),
}
DATE_WORDS = {
    "fr": frozenset([*vocabulary.MONTHS["fr"], *vocabulary.WEEKDAYS["fr"], "hier", "aujourd'hui", "avant-hier"]),
    # English month and day names count only capitalised ("May", "March"), so they are looked up raw.
    "en": frozenset([*(word.capitalize() for word in (*vocabulary.MONTHS["en"], *vocabulary.MONTH_ABBREVIATIONS["en"],
                                                      *vocabulary.WEEKDAYS["en"])),
                     "yesterday", "today"]),
}
DATE_PHRASES = {
    "fr": ("cette semaine", "cette année", "la semaine dernière", "le mois dernier", "l'an dernier",
                   "ces derniers jours", "ces dernières semaines", "ces derniers mois", "ces dernières années"),
    "en": ("this week", "last week", "this month", "last month", "this year", "last year",
                   "in recent days", "in recent weeks", "in recent months", "in recent years"),
}
# The look-behind comes after the two digits it is about, so that re looks for them first (as in
# _CAPITALISED_WORD below).
_YEAR = re.compile(r"(?:1[89]|20)(?<![\d.,]\d\d)\d\d(?![\d.,])")
_NUMERIC_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
# Month names as written, abbreviations too: a number before one is a day, not a figure. (Unlike the dates
# step, the spellings without accents are not read: "le 5 fevrier" has always scored as a figure here.)
MONTH_NAMES = frozenset(month for lang in vocabulary.LANGUAGES
                        for month in (*vocabulary.MONTHS[lang], *vocabulary.MONTH_ABBREVIATIONS[lang]))
# A figure followed by a word: the text-only stand-in for a quantity ("400 drones", "3,5 %").
_NUMBER_THEN_WORD = re.compile(
    r"(?<![\w.,-])(\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+|\d+(?:[.,]\d+)?)\s*(%|[^\W\d_]{2,})")
_DIGITS = re.compile(r"\d")
# Quotation marks: an opening mark and the marks that may close it.
QUOTATION_MARKS = (("«", "»"), ("“", "”"), ("„", "“”"), ('"', '"'))
_QUOTATION = re.compile("|".join(f"{opening}([^{closing}]*)[{closing}]" for opening, closing in QUOTATION_MARKS))
_QUOTATION_OPENING = re.compile("[" + "".join(opening for opening, _ in QUOTATION_MARKS) + "]")
_CLOSINGS = dict(QUOTATION_MARKS)


def _quotation_matches(sentence: str) -> list[re.Match]:
    """What _QUOTATION.finditer(sentence) yields, tried only at an opening mark with a closing one after it:
    re tries every opening mark, and one that nothing closes has it read the rest of the sentence, so a
    sentence of unclosed marks cost its length squared. Where each closing mark next stands is kept and
    looked for again only once passed."""
    matches, resume = [], 0
    next_closing: dict[str, int] = {}  # closing mark → where it next stands (-1: nowhere further)
    for opening in _QUOTATION_OPENING.finditer(sentence):
        start = opening.start()
        if start < resume:
            continue  # inside the last quotation
        closed = False
        for closing in _CLOSINGS[opening.group()]:
            at = next_closing.get(closing, 0)
            if 0 <= at <= start:
                at = next_closing[closing] = sentence.find(closing, start + 1)
            closed = closed or at > start
        if closed:
            match = _QUOTATION.match(sentence, start)
            matches.append(match)
            resume = match.end()
    return matches
_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_ENGLISH_DATE_WORD = re.compile(trie_alternation(DATE_WORDS["en"]) + r"\b")
# Capitalised words (Latin, Greek and Cyrillic capitals): the stand-in for names when no entity list is given.
# The look-behind comes after the capital it is about ("(?<!…)X" would say the same), so that re tries the
# pattern at capitals only instead of at every character.
_CAPITALISED_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſΑ-ΩА-Я](?<![\w'’-].)[\w'’-]+")


_CUE_GROUPS = {
    language: {"opinion": OPINION[language], "hedge": HEDGE[language], "conditional": CONDITIONAL[language],
               "future": FUTURE[language], "greeting": GREETING_ANYWHERE[language],
               "procedural": PROCEDURAL[language], "speech": SPEECH_CUES[language], "date": DATE_PHRASES[language],
               "plea": PLEA[language], "since": SINCE[language],
               # Not cues but the words that can start a past action: found in the same scan, the loop in
               # _reports_past_action visits them alone.
               "past_start": tuple(_PAST_ACTION_STARTS[language])}
    for language in ("fr", "en")
}
CUE_INDEX = {language: _CueIndex(groups) for language, groups in _CUE_GROUPS.items()}
_GREETING_OPENERS = {language: tuple(_normalised_words(text) for text in texts)
                     for language, texts in GREETING_START.items()}
_GREETING_FIRST_WORDS = {language: frozenset(opener[0] for opener in openers)
                         for language, openers in _GREETING_OPENERS.items()}
# Each language's plea and time-span phrases as (normalised words, whether the last is a word's start),
# longest first, to show the words found.
_SHOWN_PHRASES = {group: {language: tuple(sorted(((_normalised_words(text.rstrip("*")), text.endswith("*"))
                                                  for text in texts[language]), key=lambda item: -len(item[0])))
                          for language in texts}
                  for group, texts in (("plea", PLEA), ("since", SINCE))}


class _Text(NamedTuple):
    """One piece of text in the forms the cue tests need (a tuple: one or two are built per sentence, and a
    frozen dataclass is slow to build)."""
    raw: str
    words: tuple[str, ...]  # normalised words
    joined: str  # the normalised words with a space before each, for substring tests
    cues: dict[str, list[int]]  # cue group → positions in `words`


def _text(raw: str, language: str) -> _Text:
    words = _normalised_words(raw)
    joined = " " + " ".join(words)
    index = CUE_INDEX.get(language)
    return _Text(raw, words, joined, index.hits(joined) if index else {})


def assess(sentence: str, lang: str, quantities: list[dict], dates: list[dict],
           entities: list[dict], attribution: dict | None) -> Verdict:
    """Score how check-worthy a sentence is, say what kind of claim it is, and why."""
    language = base_language(lang)
    quantities = [q for q in quantities or [] if isinstance(q, dict)]
    dates = [d for d in dates or [] if isinstance(d, dict)]
    entities = [e for e in entities or [] if isinstance(e, dict)]
    attribution = attribution if isinstance(attribution, dict) else None
    whole = _text(sentence, language)
    quoted, unquoted = _quotations(sentence)
    cited = attribution is not None or "speech" in whole.cues
    # A quoted opinion attributed to someone is a checkable fact: they said it.
    own = _text(unquoted, language) if quoted and cited else whole

    contributions: list[tuple[float, str]] = []
    figure = _figure_contribution(quantities, sentence)
    contributions += figure
    contributions += _source_contribution(attribution, whole, language)
    contributions += _date_contribution(dates, whole, language)
    contributions += _entity_contribution(entities, sentence)
    past_action = _reports_past_action(whole, language)
    if past_action:
        contributions.append((W_PAST_ACTION, "concrete past action"))
    if quoted and cited:
        contributions.append((W_QUOTATION, "direct quotation"))

    signals = _tone_signals(own, whole, language)
    words: dict[str, str] = {}
    if "future" in signals and cited:
        deadline = _deadline(whole, quantities, dates, language)
        if deadline is not None:
            del signals["future"]  # a dated plan is checkable, not a guess about the future
            contributions.append((W_REPORTED_PLAN, R_REPORTED_PLAN))
            words[R_REPORTED_PLAN] = deadline
    if "plea" in whole.cues and _names_an_actor(sentence, entities, cited):
        plea = _plea_with_facts(whole, quantities, dates, language)
        if plea is not None:
            contributions.append((W_ATTRIBUTED_PLEA, R_ATTRIBUTED_PLEA))
            words[R_ATTRIBUTED_PLEA] = plea
    contributions += signals.values()
    if len(whole.words) < MIN_WORDS:
        contributions.append((W_TOO_SHORT, "too short to check"))

    weights, reasons = zip(*contributions) if contributions else ((), ())  # one pass, in C
    score = _clamped(BASE_SCORE + sum(weights))
    is_statistic = bool(figure) and figure[0][1] in STATISTIC_REASONS  # the strongest figure comes first
    kind = _kind(signals, bool(quoted and cited), is_statistic, past_action, cited, max(weights, default=0) > 0)
    return Verdict(score, kind, list(reasons), words)


def _clamped(score: float) -> float:
    return min(1.0, max(0.0, score))


def _quotations(sentence: str) -> tuple[list[str], str]:
    """Quotations of at least MIN_QUOTATION_WORDS words, and the sentence with them removed."""
    if not any(opening in sentence for opening, _ in QUOTATION_MARKS):
        return [], sentence  # most sentences: spared the pattern's scan
    quoted = []
    pieces = []
    last = 0
    for match in _quotation_matches(sentence):
        inner = next(group for group in match.groups() if group is not None)
        if len(_WORD.findall(inner)) < MIN_QUOTATION_WORDS:
            continue  # scare quotes around a word or two ("offrir", "bon mélange")
        quoted.append(inner)
        pieces.append(sentence[last:match.start()])
        last = match.end()
    pieces.append(sentence[last:])
    return quoted, " ".join(pieces)


# ── Raising features ───────────────────────────────────────────────────────────────────────────

def _quantity_contribution(quantity: dict) -> tuple[float, str]:
    unit = str(quantity.get("unit") or "").strip().lower()
    text = str(quantity.get("text") or "")
    value = quantity.get("value")
    if unit in DURATION_UNITS:
        return W_DURATION, R_DURATION
    written_in_digits = not text or _DIGITS.search(text) is not None
    if not written_in_digits and not _is_big_number(value):
        return W_SMALL_NUMBER_IN_WORDS, R_SMALL_NUMBER
    if not unit:
        return W_BARE_NUMBER, R_BARE_NUMBER
    return W_QUANTITY, R_QUANTITY


def _is_big_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= BIG_NUMBER


def _figure_contribution(quantities: list[dict], sentence: str) -> list[tuple[float, str]]:
    """The strongest figure, plus a little for each further figure that is not a duration."""
    found = list(map(_quantity_contribution, quantities)) or _figures_in_text(sentence)
    if len(found) < 2:
        return found  # the usual case: one figure or none
    found.sort(reverse=True)
    others = [reason for _, reason in found[1:] if reason in STATISTIC_REASONS]
    out = [found[0]]
    if others:
        out.append((min(MAX_EXTRA_QUANTITY, W_EXTRA_QUANTITY * len(others)), "several figures"))
    return out


def _figures_in_text(sentence: str) -> list[tuple[float, str]]:
    """Figures read from the text when no quantity list was given; years and days of months are not figures."""
    if not _DIGITS.search(sentence):
        return []
    found = []
    for match in _NUMBER_THEN_WORD.finditer(sentence):
        number, word = match.group(1), match.group(2).lower()
        if word in MONTH_NAMES or _YEAR.fullmatch(number):
            continue
        is_duration = word in DURATION_UNITS or word.rstrip("s") in DURATION_UNITS
        found.append((W_DURATION, R_DURATION) if is_duration else (W_QUANTITY, R_QUANTITY))
    return found


def _source_contribution(attribution: dict | None, whole: _Text, language: str) -> list[tuple[float, str]]:
    if attribution and (attribution.get("source") or attribution.get("source_id")):
        return [(W_NAMED_SOURCE, "attributed to a named source")]
    if attribution:
        return [(W_UNNAMED_SOURCE, "attributed, source not named")]
    if "speech" in whole.cues:
        return [(W_UNNAMED_SOURCE, "reporting verb or cue")]
    return []


def _mentions_date(whole: _Text, language: str) -> bool:
    if language == "en":
        if _names_english_date(whole.raw):
            return True
    elif not DATE_WORDS.get(language, frozenset()).isdisjoint(whole.words):
        return True
    if "date" in whole.cues or "since" in whole.cues:  # "ces derniers mois", "depuis le début de la guerre"
        return True
    first_digit = _DIGITS.search(whole.raw)
    if first_digit is None:
        return False
    # Years and numeric dates start with a digit: their scans start at the first one (look-behinds still see
    # the text before it).
    start = first_digit.start()
    return _has_year(whole.raw, start) or _NUMERIC_DATE.search(whole.raw, start) is not None


def _names_english_date(text: str) -> bool:
    """Whether a whole word of `text` is one of DATE_WORDS["en"], capitals as written."""
    # _ENGLISH_DATE_WORD checks where the word ends, this where it starts: a \b opening the pattern would
    # make re try it at every character instead of at the date words' first letters.
    return any(match.start() == 0 or _WORD_CHAR.match(text, match.start() - 1) is None
               for match in _ENGLISH_DATE_WORD.finditer(text))


def _has_year(text: str, start: int) -> bool:
    return _YEAR.search(text, start) is not None


def _date_contribution(dates: list[dict], whole: _Text, language: str) -> list[tuple[float, str]]:
    if dates or _mentions_date(whole, language):
        return [(W_DATE, "dated event")]
    return []


def _entity_contribution(entities: list[dict], sentence: str) -> list[tuple[float, str]]:
    names = {str(e.get("text") or "").strip().lower() for e in entities}
    names.discard("")
    if names:
        return [(min(MAX_ENTITY, W_ENTITY * len(names)), _actors_reason(len(names)))]
    guessed = _capitalised_names(sentence)
    if guessed:
        return [(min(MAX_GUESSED_ENTITY, W_GUESSED_ENTITY * len(guessed)), "mentions capitalised names")]
    return []


def _actors_reason(count: int) -> str:
    return "names an actor" if count == 1 else f"names {count} actors"


def _capitalised_names(sentence: str) -> set[str]:
    """Capitalised words and acronyms after the first word: a rough stand-in when no entity list was given."""
    first_word = _WORD.search(sentence)
    first_start = first_word.start() if first_word else -1
    return {match.group().lower() for match in _CAPITALISED_WORD.finditer(sentence)
            if match.start() != first_start and match.group()[0].isupper()}


def _is_adverb(word: str) -> bool:
    return word in ADVERBS_BEFORE_PARTICIPLE or word.endswith(ADVERB_ENDINGS)


def _participle_after(words: tuple[str, ...], index: int) -> str:
    """The word after words[index], skipping at most two adverbs ("a apparemment coïncidé")."""
    for offset in range(1, 4):
        if index + offset >= len(words):
            return ""
        word = words[index + offset]
        if offset < 3 and _is_adverb(word):
            continue
        return word
    return ""


def _reports_past_action(whole: _Text, language: str) -> bool:
    auxiliaries = PAST_AUXILIARIES.get(language)
    if auxiliaries is None:
        return False
    words = whole.words
    if language == "en" and not ENGLISH_PAST_VERBS.isdisjoint(words):
        return True
    endings = PAST_PARTICIPLE_ENDINGS[language]
    for index in whole.cues.get("past_start", ()):
        word = words[index]
        if word in auxiliaries or (language == "fr" and word == "sont" and index and words[index - 1] == "se"):
            participle = _participle_after(words, index)
            if len(participle) > 2 and participle.endswith(endings):
                return True
        elif language == "fr" and word in FRENCH_ETRE:
            if _participle_after(words, index).startswith(FRENCH_ETRE_PARTICIPLE_STEMS):
                return True
    return False


# ── Plans and pleas ────────────────────────────────────────────────────────────────────────────

def _deadline(whole: _Text, quantities: list[dict], dates: list[dict], language: str) -> str | None:
    """The words of a plan's date or deadline ("dans les trois mois", "le 5 mars"), "" when the text names a
    date the steps did not give, None when the sentence names no time."""
    spans = [(d.get("start"), str(d.get("text") or "")) for d in dates]
    spans += [(q.get("start"), str(q.get("text") or "")) for q in quantities
              if str(q.get("unit") or "").strip().lower() in DURATION_UNITS]
    for start, text in spans:
        if text:
            return _with_deadline_words(whole.raw, start, text)
    return "" if _mentions_date(whole, language) else None


def _with_deadline_words(sentence: str, start, text: str) -> str:
    """`text` with the "by then" words written just before it in the sentence ("dans les" + "trois mois")."""
    if not isinstance(start, int) or sentence[start:start + len(text)] != text:
        return text
    before = _DEADLINE_BEFORE.search(sentence[max(0, start - DEADLINE_LOOKBACK):start])
    return f"{before.group().strip()} {text}" if before else text


def _plea_with_facts(whole: _Text, quantities: list[dict], dates: list[dict], language: str) -> str | None:
    """"a supplié … depuis le début de la guerre": the plea and the time span, date or figure that backs it,
    or None when nothing does."""
    facts = (_phrase_at(whole, "since", language, complement=True) or next(
        (str(item.get("text")) for item in (*dates, *quantities) if item.get("text")), None))
    if facts is None:
        return None
    return f"{_phrase_at(whole, 'plea', language)} … {facts}"


def _phrase_at(whole: _Text, group: str, language: str, complement: bool = False) -> str | None:
    """The first phrase of cue `group` in the sentence, as its normalised words; with `complement`, followed by
    what completes its last noun ("depuis le début" + "de la guerre")."""
    positions = whole.cues.get(group)
    if not positions:
        return None
    index = positions[0]
    words = whole.words
    shown = next((words[index:index + len(phrase)] for phrase, prefix in _SHOWN_PHRASES[group][language]
                  if _starts_with(words[index:index + len(phrase)], phrase, prefix)), words[index:index + 1])
    end = index + len(shown)
    if complement and shown[-1] in SINCE_NEEDS_COMPLEMENT:
        while end < len(words) and words[end] in COMPLEMENT_WORDS:
            end += 1
        end = min(end + 1, len(words))  # the noun after "de la"
        if end - index - len(shown) < 2:  # no complement after all: just the phrase
            end = index + len(shown)
    return " ".join(words[index:end])


def _starts_with(words: tuple[str, ...], phrase: tuple[str, ...], prefix: bool) -> bool:
    """Whether `words` are the phrase, its last word maybe only a word's start when `prefix`."""
    if len(words) != len(phrase) or words[:-1] != phrase[:-1]:
        return False
    return words[-1].startswith(phrase[-1]) if prefix else words[-1] == phrase[-1]


def _names_an_actor(sentence: str, entities: list[dict], cited: bool) -> bool:
    """Whether someone is named: a source, an entity, or a capitalised name, the first word included unless
    it is capitalised only because it starts the sentence ("Greenpeace exhorte", not "Ils ont supplié")."""
    if cited or entities or _capitalised_names(sentence):
        return True
    first = _WORD.search(sentence)
    return first is not None and first.group()[0].isupper() and fold(first.group()) not in SENTENCE_OPENERS


# ── Lowering features ──────────────────────────────────────────────────────────────────────────

def _procedural_weight(whole: _Text, language: str) -> tuple[float, str] | None:
    """Full penalty when the request-for-comment clause is most of the sentence, a small one otherwise."""
    if "procedural" not in whole.cues:
        return None
    clauses = _split_clauses(whole.raw)
    procedural = sum(len(clause) for clause in clauses if "procedural" in _text(clause, language).cues)
    total = sum(len(clause) for clause in clauses) or 1
    if not procedural or procedural / total >= PROCEDURAL_SHARE:
        return W_PROCEDURAL, R_PROCEDURAL  # no clause holds the cue alone: it spans a break
    return W_PROCEDURAL_CLAUSE, R_PROCEDURAL_CLAUSE


def _is_conditional(own: _Text, language: str) -> bool:
    if "conditional" in own.cues:
        return True
    return language == "fr" and any(len(word) > 5 and word not in NOT_CONDITIONAL
                                    for word in _words_ending_in(own.joined, _FRENCH_CONDITIONAL_ENDING))


def _is_hedged(own: _Text, language: str) -> bool:
    size = len(_NOT_A_HEDGE)
    positions = own.cues.get("hedge")
    if positions and any(own.words[index:index + size] != _NOT_A_HEDGE for index in positions):
        return True
    return language == "en" and "may" in own.raw and _HEDGE_MAY.search(own.raw) is not None


def _speaks_of_future(own: _Text, language: str) -> bool:
    if "future" in own.cues:
        return True
    if language != "fr":
        return False
    if any(len(word) > 5 for word in _words_ending_in(own.joined, _FRENCH_FUTURE_ENDING)):
        return True
    words = own.words
    if FRENCH_GOING_TO.isdisjoint(words):
        return False
    return any(word in FRENCH_GOING_TO and _going_to_infinitive(words, index) for index, word in enumerate(words))


def _going_to_infinitive(words: tuple[str, ...], index: int) -> bool:
    """"va lancer", "vont se retirer": a form of aller, an optional pronoun, an infinitive."""
    following = [w for w in words[index + 1:index + 3] if w not in FRENCH_OBJECT_PRONOUNS][:1]
    return bool(following) and following[0].endswith(FRENCH_INFINITIVE_ENDINGS)


def _is_question(text: str) -> bool:
    # QUESTION needs a question mark: a substring test per mark spares most sentences its scan.
    return any(map(text.__contains__, QUESTION_MARKS)) and QUESTION.search(text.strip()) is not None


def _speaks_in_first_person(own: _Text, language: str) -> bool:
    words = FIRST_PERSON_WORDS.get(language)
    if words is None:
        return False
    if not words.isdisjoint(own.words):
        return True
    if language == "fr":
        return _FRENCH_J in own.joined
    return "I" in own.raw and _ENGLISH_I.search(own.raw) is not None


def _is_greeting(whole: _Text, language: str) -> bool:
    if "greeting" in whole.cues:
        return True
    if not whole.words or whole.words[0] not in _GREETING_FIRST_WORDS.get(language, ()):
        return False  # the usual case, told by the first word alone
    return any(whole.words[:len(opener)] == opener for opener in _GREETING_OPENERS[language])


def _tone_signals(own: _Text, whole: _Text, language: str) -> dict[str, tuple[float, str]]:
    """The lowering signals present, name → (weight, reason), in the order of their reasons. Opinion and
    hedges are read in the writer's own words."""
    signals = {}
    if _is_greeting(whole, language):
        signals["greeting"] = (W_GREETING, "greeting or sign-off")
    procedural = _procedural_weight(whole, language)
    if procedural is not None:
        signals["procedural"] = procedural
    if _is_question(own.raw):
        signals["question"] = (W_QUESTION, "question")
    if "opinion" in own.cues:
        signals["opinion"] = (W_OPINION, "opinion wording")
    if _is_hedged(own, language):
        signals["hedge"] = (W_HEDGE, "hedged or speculative wording")
    if _is_conditional(own, language):
        signals["conditional"] = (W_CONDITIONAL, "conditional or unconfirmed wording")
    if _speaks_of_future(own, language):
        signals["future"] = (W_FUTURE, "future or planned action")
    if _speaks_in_first_person(own, language):
        signals["first_person"] = (W_FIRST_PERSON, "first-person statement")
    return signals


def _kind(present: dict[str, tuple[float, str]], quotation: bool, statistic: bool,
          past_action: bool, reported: bool, factual: bool) -> str:
    """The kind, from the most telling signal present (from _tone_signals): a non-claim line, then quote,
    opinion, prediction, figure, source."""
    if "greeting" in present:
        return "opinion"
    if "procedural" in present and present["procedural"][1] == R_PROCEDURAL:
        return "report"
    if quotation:
        return "quote"
    if "opinion" in present or "question" in present:
        return "opinion"
    # Future tense in a sentence that also reports a past action is usually background ("the news
    # that Moscow will increase production comes three days after…"), not a prediction.
    if "hedge" in present or ("future" in present and not statistic and not past_action):
        return "prediction"
    if statistic:
        return "statistic"
    if reported:
        return "report"
    return "event" if factual else "opinion"
