"""The shared text helpers give exactly what the plain regex or string method gives, on any text."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.text import scan
from checker.text.scan import Latin1GatedPattern, SmallLetterPattern

# Pieces that reach every path: ASCII, Latin-1 and Windows-1252 letters, the IGNORECASE look-alikes, a letter
# past U+00FF, digits with separators, currency signs, and line breaks.
PIECES = st.sampled_from(["Un", " ", "  ", "\n", "\u00a0", ".", "...", "!?", "»", "”", "’", "(", "3.5", "1 000",
                          "7,737", "US$", "€", "¥", "U.S.", "M", "selon", "SELON", "ſelon", "İ", "ı", "x", "é",
                          "Œ", "ß", "Σ", "ǅ", "٣", "_", "'"])
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 5), st.integers(0, 60))
def test_a_small_letter_scan_finds_what_the_plain_pattern_finds(sample, pos, endpos):
    pattern = re.compile(r"(?<![\w'])selon(?!\w)", re.IGNORECASE)
    scanned = SmallLetterPattern(pattern)
    assert ([m.span() for m in scanned.finditer(sample, pos, endpos)]
            == [m.span() for m in pattern.finditer(sample, pos, endpos)])
    found = scanned.search(sample, pos, endpos)
    expected = pattern.search(sample, pos, endpos)
    assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 5), st.integers(0, 60))
def test_a_latin1_gated_scan_finds_what_the_plain_pattern_finds(sample, pos, endpos):
    pattern = re.compile(r"(?:(?P<cur>US\$|€|¥)\s?)?(?<![\w.])\d+(?:[.,]\d+)?")
    gated = Latin1GatedPattern(pattern, openers="0123456789U€¥")
    assert ([m.span() for m in gated.finditer(sample, pos, endpos)]
            == [m.span() for m in pattern.finditer(sample, pos, endpos)])


def test_the_lookalike_test_knows_every_ignorecase_lookalike():
    for character in scan.IGNORECASE_LOOKALIKES:
        assert scan.has_ignorecase_lookalike(f"a{character}b")
    assert not scan.has_ignorecase_lookalike("plain ascii and accents: é à ü")
