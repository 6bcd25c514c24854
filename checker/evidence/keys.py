"""The keys a claim and a passage are compared and searched by: checker.text.crosslingual's general keys
(English lemmas through FreeDict, simplemma and CLDR; cognates; numbers), with the gazetteer's names added
to its lexicon, so "Kharkov" and "Kharkiv", "OTAN" and "NATO", "Moscou" and "Moscow" meet.

No word list about one story: a French claim on unemployment, a court ruling or a vaccine meets the English
passage that says it through the same keys as one about drones.

One `Keyer` per dictionary folder and cache folder, built on first use: the lexicon comes from its JSON
cache (a few milliseconds) or is built from the dictd files once (a few hundred).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from checker.claims import entities
from checker.config import Config
from checker.text import crosslingual, translate


def keyer(dictd_dir: str | None = None, cache_dir: str | None = None,
          apertium_dir: str | None = None) -> crosslingual.Keyer:
    """The keyer for this dictionary folder (default `CHECKER_DICTD_DIR`) and lexicon cache folder
    (default `CHECKER_CACHE_DIR`, else the instance folder's cache/), Apertium folder (default
    `CHECKER_APERTIUM_DIR`), with the gazetteer's names: one per
    process (the cited-sources step ranks pages with the same one)."""
    return crosslingual.shared_keyer(dictd_dir if dictd_dir is not None else Config.LINK_DICTD_DIR,
                                     cache_dir or Config.CACHE_DIR, str(entities.GAZETTEER_PATH),
                                     apertium_dir if apertium_dir is not None else Config.LINK_APERTIUM_DIR)


def dictionaries_found(dictd_dir: str | None = None) -> bool:
    return crosslingual.has_dictionaries(Path(dictd_dir if dictd_dir is not None else Config.LINK_DICTD_DIR))


def text_keys(text: str, language: str | None, with_keyer: crosslingual.Keyer | None = None) -> crosslingual.Keyed:
    """A text's groups, sentences and bag of keys, read as `language` (French, English; others by their own
    spelling and cognates)."""
    return (with_keyer or keyer()).keys(text, (language or "en").lower())


def unit_keys(unit: str | None, language: str | None, with_keyer: crosslingual.Keyer | None = None) -> list[str]:
    """A quantity's unit lemma ("frappe", "airstrike", "drone") as the English lemmas it stands for."""
    if not unit:
        return []
    return list(_unit_keys(unit, language, with_keyer or keyer()))


@lru_cache(maxsize=8192)
def _unit_keys(unit: str, language: str | None, with_keyer: crosslingual.Keyer) -> tuple[str, ...]:
    keyed = text_keys(unit, language, with_keyer)
    return tuple(sorted({key for group in keyed.groups for key, kind in group.keys if key.startswith("e")}))


def same_unit(a, b) -> bool:
    """Two units meet when they share an English lemma, or one is the other's head ("airstrike" is a strike)."""
    if not a or not b:
        return False
    return _same_unit(tuple(a), tuple(b))


@lru_cache(maxsize=65536)
def _same_unit(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if set(a) & set(b):
        return True
    return any(len(y) >= 5 and len(x) > len(y) and x.endswith(y[1:]) for x in a for y in b) \
        or any(len(x) >= 5 and len(y) > len(x) and y.endswith(x[1:]) for x in a for y in b)


def translator(apertium_dir: str | None, timeout: float = Config.LINK_TRANSLATE_TIMEOUT):
    """(claim texts, their language) → each claim's English machine translations through Apertium's pivots
    (checker.text.translate); none when `apertium_dir` is None or Apertium is not installed."""
    def english(texts: list[str], language: str | None) -> list[tuple[str, ...]]:
        return translate.to_english(texts, language, apertium_dir, timeout)
    return english
