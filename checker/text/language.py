"""Text → language code, from the frequency of each language's commonest words.

A stop-word vote is fast (no model to load), deterministic and good on news prose of a few
sentences or more; it is enough to tell French from English and to recognise a handful of other
European languages, which then go through extraction with fewer fields.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import repeat

from checker.config import Config


# Frequent, mostly unambiguous function words per language.
STOPWORDS = {
    "fr": "le la les des du de un une et est sont dans pour sur avec par qui que ne pas au aux ce "
          "cette ces il elle ils elles nous vous leur mais ont été selon après avant depuis plus "
          "très où sa son ses l d qu n s c j lors aussi entre".split(),
    "en": "the of and to in is are was were for on with by that this these it its from as at "
          "has have had be been not but which who after before since more than their they said "
          "would could will an or".split(),
    "de": "der die das und ist sind nicht ein eine einen mit von zu den dem des auf für im "
          "auch sich dass wie wurde werden nach bei aus hat".split(),
    "es": "el la los las y es son en del un una por con para que se no al lo como más su sus "
          "pero fue han este esta según".split(),
    "it": "il lo la gli le e è sono di del della un una per con che non si al alla come più "
          "anche ma stato dopo secondo".split(),
    "pt": "o a os as e é são de do da dos das um uma por com para que não se ao como mais "
          "mas foi segundo também".split(),
    "nl": "de het een en is zijn van in op met voor niet dat die te aan ook als maar door "
          "werd naar bij".split(),
}
STOPWORD_SETS = {code: frozenset(words) for code, words in STOPWORDS.items()}
ALL_STOPWORDS = frozenset().union(*STOPWORD_SETS.values())
SUPPORTED = frozenset(STOPWORDS)  # codes accepted by --lang without a warning
FULLY_SUPPORTED = frozenset({"fr", "en"})  # languages with every extraction field
MIN_HITS = 3  # stop-word hits needed before any guess is trusted
MIN_MARGIN = 1.2  # the winner must beat the runner-up by this factor

# Words are runs of letters: a word with an apostrophe counts as its parts (l’accord → l, accord), so that
# French elisions such as "l" and "d" vote.
LETTERS = re.compile(r"[^\W\d_]+")
LANG_CODE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class Guess:
    code: str | None  # None when the text gives too little evidence
    hits: int
    margin: float


def _stopword_counts(text: str) -> Counter:
    """How often each word (run of letters) occurs in `text`, lower-cased."""
    # Splitting at spaces is several times faster than a regex scan of the whole text, and most pieces are
    # already words; only the distinct pieces holding something else ("l’est", "drones,") are scanned.
    counts = Counter(text.lower().split())
    for piece in [piece for piece in counts if not piece.isalpha()]:
        times = counts.pop(piece)
        for word in LETTERS.findall(piece):
            counts[word] += times
    return counts


def detect(text: str, sample_chars: int = Config.INGEST_SNIFF_CHARS) -> Guess:
    """Guess the language of `text` from its first `sample_chars` characters."""
    counts = _stopword_counts(text[:sample_chars])
    # dict.get: a Counter's [] calls Counter.__missing__ (Python code) for each of the many absent stop words
    scores = {code: sum(map(counts.get, words, repeat(0))) for code, words in STOPWORD_SETS.items()}
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_hits), (_, second_hits) = ranked[0], ranked[1]
    margin = best_hits / max(second_hits, 1)
    if best_hits < MIN_HITS or margin < MIN_MARGIN:
        return Guess(None, best_hits, margin)
    return Guess(best, best_hits, margin)


def base_language(lang: str | None) -> str:
    """'fr-FR', 'FR', 'fr_CA' → 'fr': the code the extraction rules are keyed by; anything else keeps its
    first two letters, which no rule is keyed by."""
    return (lang or "").strip().lower()[:2]


def is_valid_code(code: str) -> bool:
    """True for a plausible ISO 639 code (two or three lowercase letters)."""
    return bool(LANG_CODE.fullmatch(code or ""))
