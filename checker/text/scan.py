"""Text helpers the extraction steps share: a gated pattern scan, and a sentence's cached small-letter copy
and letter words, with patterns scanned on that copy.

They make the steps fast without changing what they find: each helper gives what the plain regex or str
method would, and falls back to it for text it cannot take (letters that re.IGNORECASE reads otherwise than
str.lower()).
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache


class Latin1GatedPattern:
    """A compiled pattern (that matches no empty string) tried only where it can start: at one of a few
    Latin-1 characters (`openers`) or at a character past U+00FF. re tries a pattern at each position of the
    text, which costs most when the pattern opens with a group or an assertion.

    A regex scan for a character class costs some 100 instructions a character; encoding the text to Latin-1
    with "replace" (one "?" byte for each character past U+00FF, so byte offsets are character offsets),
    one bytes.translate and bytes.find cost a few. The byte gate marks every opener, every "?" and every
    character past U+00FF: a superset of the positions where the pattern can start."""

    def __init__(self, pattern: re.Pattern, openers: str):
        self.pattern = pattern
        table = bytearray(b" " * 256)
        for byte in (openers + "?").encode("latin-1", "replace"):
            table[byte] = ord("*")
        self._table = bytes(table)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        """What self.pattern.finditer(text, pos, endpos) yields."""
        openings = text.encode("latin-1", "replace").translate(self._table)
        while (start := openings.find(b"*", pos, endpos)) >= 0:
            match = self.pattern.match(text, start, endpos)
            if match is None:
                pos = start + 1
                continue
            yield match
            pos = max(match.end(), start + 1)


# ---------------------------------------------------------------------------------------------------------
# Case-insensitive patterns scanned on a sentence's small-letter copy

# Letters re.IGNORECASE matches to a small letter that str.lower() does not give ("ſ" for "s", "ı" for
# "i"), and "İ", which lowers to two characters. For the letters, classes and escapes of every pattern scanned
# on a small-letter copy (SMALL_LETTER_PATTERNS), no other character behaves differently: tests/text/
# test_scan.py checks it over all of Unicode (the Kelvin sign "K", for one, lowers to "k" as IGNORECASE reads it).
IGNORECASE_LOOKALIKES = "İıſ"
# Group names and escapes (\W, \S) may hold capitals; any other capital would never match a small letter.
_NOT_LITERAL = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")
# Every re.IGNORECASE pattern whose case-sensitive twin scans small-letter copies, for that test.
SMALL_LETTER_PATTERNS: list[re.Pattern] = []


def _written_in_small_letters(source: str) -> bool:
    literals = _NOT_LITERAL.sub("", source)
    return literals == literals.lower()


def small_letter_twin(pattern: re.Pattern) -> re.Pattern:
    """The case-sensitive twin of an re.IGNORECASE pattern written in small letters: on a small_letter_copy,
    it finds what the pattern finds in the sentence, at the same offsets (about twice as fast on long
    alternations)."""
    if not pattern.flags & re.IGNORECASE or not _written_in_small_letters(pattern.pattern):
        raise ValueError(f"needs an re.IGNORECASE pattern written in small letters: {pattern.pattern[:60]!r}")
    SMALL_LETTER_PATTERNS.append(pattern)
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def has_ignorecase_lookalike(text: str) -> bool:
    """True when `text` holds one of IGNORECASE_LOOKALIKES, so that tests on its lower-cased copy may
    miss what re.IGNORECASE finds."""
    return "ı" in text or "ſ" in text or "İ" in text  # IGNORECASE_LOOKALIKES, spelled out: the fastest test


@lru_cache(maxsize=1024)
def letter_words(sentence: str) -> frozenset[str]:
    """The sentence's runs of letters, lower-cased, for cheap word tests before a pattern's scan.
    Cached: dates, quantities and attribution all ask."""
    # The small-letter copy is sentence.lower() when there is one, and cached: attribution asks for it too.
    return frozenset(_LETTER_RUN.findall(small_letter_copy(sentence) or sentence.lower()))


def may_hold_word(sentence: str, words: frozenset[str]) -> bool:
    """False only when none of these lower-case words is a whole word of the sentence, and no letter that
    re.IGNORECASE reads otherwise than str.lower() could hide one: a pre-check before a pattern's scan."""
    return not letter_words(sentence).isdisjoint(words) or has_ignorecase_lookalike(sentence)


@lru_cache(maxsize=1024)
def small_letter_copy(sentence: str) -> str | None:
    """sentence.lower() when it keeps every character at its offset and holds no IGNORECASE_LOOKALIKES,
    so that a case-sensitive scan of it finds what re.IGNORECASE finds in the sentence; else None.
    Cached: dates, quantities and attribution scan the same sentence."""
    lowered = sentence.lower()
    if len(lowered) != len(sentence) or has_ignorecase_lookalike(sentence):
        return None
    return lowered


class SmallLetterPattern:
    """A re.IGNORECASE pattern written in small letters that scans the sentence's small-letter copy
    case-sensitively, which is about twice as fast on long alternations. Every hit is matched again
    with the original pattern at the same offset, so callers get the same re.Match objects as before
    (text read from the original sentence, capitals included)."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self._twin = small_letter_twin(pattern)

    def finditer(self, sentence: str, pos: int = 0, endpos: int = sys.maxsize):
        lowered = small_letter_copy(sentence)
        if lowered is None:
            yield from self.pattern.finditer(sentence, pos, endpos)
            return
        for hit in self._twin.finditer(lowered, pos, endpos):
            yield self.pattern.match(sentence, hit.start(), endpos)

    def search(self, sentence: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        lowered = small_letter_copy(sentence)
        if lowered is None:
            return self.pattern.search(sentence, pos, endpos)
        hit = self._twin.search(lowered, pos, endpos)
        return self.pattern.match(sentence, hit.start(), endpos) if hit else None


def trie_alternation(keys, key_end: str = "", space: str | None = None) -> str:
    """A pattern that matches the longest of `keys` found where it is tried: the keys as a trie of
    characters, each branch tried before the end of a shorter key that it extends, so re follows one branch
    per character instead of trying every key. `key_end` is what must follow where a key ends (a word
    boundary, say); `space`, when given, is what a space in a key matches (a run of spaces, say)."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}  # a key ends here
    return _trie_branches(trie, key_end, space)


def _trie_branches(node: dict, key_end: str, space: str | None) -> str:
    """The alternation for one trie node: a branch per next character, then the end of a key."""
    branches = [(space if space is not None and char == " " else re.escape(char))
                + _trie_branches(child, key_end, space) for char, child in sorted(node.items()) if char]
    if "" in node:
        branches.append(key_end)  # last, so that a longer key wins
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
