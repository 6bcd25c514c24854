"""Text written in capitals: a related-article headline, a promotional line ("CLIQUEZ ICI…")."""
from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

# Text is in capitals when it has this many letters at least and this share of them are capitals: a
# headline may keep a few small letters ("McDONALD'S", "5 km"), and a word or two in capitals is an acronym.
CAPITALS_MIN_LETTERS = 10
CAPITALS_MIN_SHARE = Fraction(85, 100)  # a fraction: the share at the limit is compared exactly
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_SMALL_LETTERS = b"abcdefghijklmnopqrstuvwxyz"


@lru_cache(maxsize=256)  # a one-sentence line is asked about as a line, then as a sentence by two steps
def in_capitals(text: str) -> bool:
    """True when nearly every letter of `text` is a capital (digits, quotes and punctuation do not count)."""
    # Prose has many small ASCII letters: counted in C first, they rule most text out before the letters
    # are counted one by one (no capital can be one of them).
    capitals, parts = CAPITALS_MIN_SHARE.numerator, CAPITALS_MIN_SHARE.denominator  # in integers: Fraction is slow
    if _ascii_small_letter_count(text) * parts > (parts - capitals) * len(text):
        return False
    letters = _LETTER.findall(text)
    return len(letters) >= CAPITALS_MIN_LETTERS and sum(map(str.isupper, letters)) * parts >= capitals * len(letters)


def _ascii_small_letter_count(text: str) -> int:
    """The bytes left once the small ASCII letters are deleted: a small ASCII letter is one byte in UTF-8, and
    no byte of another character equals one."""
    encoded = text.encode()
    return len(encoded) - len(encoded.translate(None, _ASCII_SMALL_LETTERS))
