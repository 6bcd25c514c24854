"""The shared text helpers give exactly what the plain regex or string method gives, on any text."""
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.claims import attribution, pipeline, quantities  # noqa: F401  (pipeline: every step's patterns)
from checker.text import scan
from checker.text.scan import Latin1GatedPattern, SmallLetterPattern

# Pieces that reach every path: ASCII, Latin-1 and Windows-1252 letters, the IGNORECASE look-alikes, a letter
# past U+00FF, digits with separators, currency signs, and line breaks.
PIECES = st.sampled_from(["Un", " ", "  ", "\n", "\u00a0", ".", "...", "!?", "»", "”", "’", "(", "3.5", "1 000",
                          "7,737", "US$", "€", "¥", "U.S.", "M", "selon", "SELON", "ſelon", "İ", "ı", "x", "é",
                          "Œ", "ß", "Σ", "ǅ", "٣", "_", "'"])
TEXTS = st.lists(PIECES, max_size=40).map("".join)


SELON = re.compile(r"(?<![\w'])selon(?!\w)", re.IGNORECASE)
SELON_SCAN = SmallLetterPattern(SELON)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 5), st.integers(0, 60))
def test_a_small_letter_scan_finds_what_the_plain_pattern_finds(sample, pos, endpos):
    pattern, scanned = SELON, SELON_SCAN
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


# ── the small-letter copy, over all of Unicode ─────────────────────────────────────────────────

# Patterns read on small-letter copies besides the registered twins: attribution's clause breaks and report
# words (substring tests), quantities' cue pre-checks (ending tests), and the letter words' class.
READ_ON_SMALL_LETTERS = [attribution.CLAUSE_BREAK, attribution.REPORT_WORD, quantities.MONTH_BEFORE,
                         quantities.REFERENCE_CUES, quantities.YEAR_CUES, re.compile(r"[^\W\d_]+")]
_ESCAPED = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")
_CLASS = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]")
_ESCAPE_CLASS = re.compile(r"\\[wWdDsS]")


def _case_related_characters() -> list[str]:
    """Every character with a case mapping: the only ones re.IGNORECASE can read otherwise than as written."""
    return [char for char in map(chr, range(sys.maxunicode + 1))
            if (char.lower() != char or char.upper() != char) and char not in scan.IGNORECASE_LOOKALIKES
            and len(char.lower()) == 1]


def _small_letter_forms(char: str) -> set[str]:
    """What `char` becomes in a small-letter copy: its small letter (and a final sigma for the capital sigma)."""
    return {char.lower(), "ς"} if char == "Σ" else {char.lower()}


def test_outside_the_lookalikes_a_small_letter_copy_reads_as_the_text_does_under_ignorecase():
    patterns = [*scan.SMALL_LETTER_PATTERNS, *READ_ON_SMALL_LETTERS]
    sources = {pattern.pattern for pattern in patterns}
    letters = {char for source in sources for char in _ESCAPED.sub("", _CLASS.sub("", source)) if char.isalpha()}
    classes = {found for source in sources for found in _CLASS.findall(source)}
    escapes = {found for source in sources for found in _ESCAPE_CLASS.findall(source)}
    assert len(scan.SMALL_LETTER_PATTERNS) >= 10 and letters and classes and escapes
    wrong = []
    for char in _case_related_characters():
        for small in _small_letter_forms(char):
            wrong += [(char, letter) for letter in letters
                      if bool(re.fullmatch(re.escape(letter), char, re.IGNORECASE)) != (small == letter)]
            wrong += [(char, found) for found in classes
                      if bool(re.fullmatch(found, char, re.IGNORECASE)) != bool(re.fullmatch(found, small))]
            wrong += [(char, found) for found in escapes
                      if bool(re.fullmatch(found, char)) != bool(re.fullmatch(found, small))]
    assert wrong == []
