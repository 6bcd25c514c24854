"""One fold for comparing words and names: case, accents, typographic apostrophes and hyphens do not count,
and letters that do not decompose are spelled out ("œ" → "oe", "ł" → "l"), so "l’État-major" and
"l'etat-major" compare equal, and "Cœur" and "coeur". `fold_with_offsets` also says where each folded character
came from, so a match found in folded text maps back to the original.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# Typographic apostrophes and look-alikes, all read as the ASCII apostrophe.
APOSTROPHES = "’‘ʼ‛`´′"
# Typographic hyphens, read as the ASCII hyphen.
HYPHENS = "‐‑–"
# Letters Unicode does not decompose into a base letter and an accent, as their plain spelling.
SPELLED_OUT = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in APOSTROPHES:
        return "'"
    if char in HYPHENS:
        return "-"
    decomposed = unicodedata.normalize("NFKD", char)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return SPELLED_OUT.get(folded, folded)


class _FoldTable(dict):
    """code point → folded text, filled on first sight, for str.translate (one C-level pass per text).

    `uneven` collects the characters that do not fold to exactly one character ("ß", a lone accent):
    only texts holding one of them need an offset table built character by character.
    """

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        if len(folded) != 1:
            self.uneven.add(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=1024)
def fold_with_offsets(text: str) -> tuple[str, tuple[int, ...] | range]:
    """Return (folded text, offsets) where offsets[i] is where folded char i came from in `text`.

    offsets has one extra entry, len(text), so a match ending at the folded end maps back too.
    Folding drops accents and case and turns typographic apostrophes into "'".
    """
    if text.isascii():
        return text.lower().replace("`", "'"), range(len(text) + 1)
    folded = text.translate(_FOLD_TABLE)  # which also classifies every character of the text
    if _FOLD_TABLE.uneven.isdisjoint(text):
        return folded, range(len(text) + 1)  # one folded char per char: offsets are positions
    offsets: list[int] = []
    for index, char in enumerate(text):
        offsets.extend([index] * len(_FOLD_TABLE[ord(char)]))
    offsets.append(len(text))
    return folded, tuple(offsets)


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of `text` (not offset-preserving)."""
    return fold_with_offsets(text)[0]
