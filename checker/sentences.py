"""Text → segments: body sentences, and skipped lines (boilerplate, related-article headlines).

Every non-blank stretch of the article text ends up in exactly one segment, so the article can be
shown back in full with each part explained. A segment never crosses a line break: a line without
final punctuation (a title, a caption) is still its own segment.

Paragraphs are blocks separated by blank lines; a text with no blank line at all is read as one
paragraph per line (many pasted articles use single line breaks between paragraphs).

Sentence splitting is rule-based. A run of terminal marks (. ! ? … and the CJK/Arabic/Devanagari
ones), followed by any closing quotes or brackets, ends a sentence when whitespace follows and the
next word starts like a sentence: a capital, a digit, or a letter of a script without case.
A period after an abbreviation, an initial or a list number does not end a sentence.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import Callable, NamedTuple


# Western European text (ASCII, the Latin-1 letters, typographic quotes and dashes, œ, €) has one byte per
# character in Windows-1252: a per-character mapping of it is then one bytes.translate in C.
WESTERN_CODEC = "cp1252"
# Each character of Windows-1252 → its byte (5 bytes have no character: they decode to U+FFFD).
_WESTERN_BYTES = {char: byte for byte, char in enumerate(bytes(range(256)).decode(WESTERN_CODEC, "replace"))
                  if char != "\ufffd"}


class WesternTranslation:
    """A per-character mapping of text (`char_map`: character → character), done on the text's bytes.

    `translate` gives the same text as mapping character by character, or None when some character has no
    Windows-1252 byte or `char_map` does not give it one character that has one: the caller then maps the
    slow way. Much faster than a str.translate with a dict (one dict lookup per character) or a regex scan."""

    def __init__(self, char_map: Callable[[str], str]):
        table = bytearray(range(256))
        mapped_bytes = bytearray()  # the bytes whose character maps to one character that has a byte
        for char, byte in _WESTERN_BYTES.items():  # in byte order
            mapped = char_map(char)
            if mapped in _WESTERN_BYTES:  # one character, that has a byte
                table[byte] = _WESTERN_BYTES[mapped]
                mapped_bytes.append(byte)
        self._table = bytes(table)
        self._mapped_bytes = bytes(mapped_bytes)
        # ASCII text takes str.translate's own fast path for ASCII, cheaper than encoding it.
        self._ascii_table = ({code: chr(table[code]) for code in range(128)}
                             if mapped_bytes.startswith(bytes(range(128))) else None)

    def translate(self, text: str) -> str | None:
        if self._ascii_table is not None and text.isascii():
            return text.translate(self._ascii_table)
        # "ignore" drops a character without a byte, so a shorter result means the text holds one.
        encoded = text.encode(WESTERN_CODEC, "ignore")
        if len(encoded) != len(text) or encoded.translate(None, self._mapped_bytes):
            return None
        return encoded.translate(self._table).decode(WESTERN_CODEC)


class CharacterRuns:
    """pattern.findall(text) for a pattern that is one character class repeated (r"[\\w']+") and matches no
    whitespace: every character outside the class becomes a space, so str.split() cuts the same runs."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self._spaced = WesternTranslation(lambda char: char if pattern.fullmatch(char) else " ")

    def findall(self, text: str) -> list[str]:
        spaced = self._spaced.translate(text)
        return spaced.split() if spaced is not None else self.pattern.findall(text)


class GatedPattern:
    """A compiled pattern scanned faster, through a `gate`: a cheap pattern that matches (at least) at every
    position where the pattern matches, usually the pattern's first character or first few characters.

    re tries a pattern at each position of the text, which costs most when the pattern opens with a group
    or an assertion; a gate that opens with a plain character or class is searched in re's quick
    first-character loop. `finditer` tries the pattern only where the gate matches, and yields the same
    matches as pattern.finditer (the pattern must not match the empty string)."""

    def __init__(self, pattern: re.Pattern, gate: str):
        self.pattern = pattern
        self._gate = re.compile(gate)

    def _opening_finder(self, text: str, endpos: int):
        """pos → where the gate next matches in text[pos:endpos], or -1."""
        search = self._gate.search

        def next_opening(pos: int) -> int:
            opening = search(text, pos, endpos)
            return -1 if opening is None else opening.start()
        return next_opening

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        next_opening = self._opening_finder(text, endpos)
        while (start := next_opening(pos)) >= 0:
            match = self.pattern.match(text, start, endpos)
            if match is None:
                pos = start + 1
                continue
            yield match
            pos = max(match.end(), start + 1)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)


class Latin1GatedPattern(GatedPattern):
    """A GatedPattern for a pattern that can only start at one of a few Latin-1 characters (`openers`) or at a
    character past U+00FF, with the gate found by bytes.find instead of a regex search.

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

    def _opening_finder(self, text: str, endpos: int):
        openings = text.encode("latin-1", "replace").translate(self._table)
        return lambda pos: openings.find(b"*", pos, endpos)


class Segment(NamedTuple):
    """A NamedTuple (immutable, fields by name): some 30 are built an article, each several times cheaper than
    a frozen dataclass, whose __init__ sets every field through object.__setattr__."""
    start: int  # offset into the article text
    end: int
    text: str  # == article_text[start:end]
    paragraph: int  # index of the paragraph (blank-line separated block)
    reason: str | None = None  # None for a body sentence; else why it is skipped


REASON_BOILERPLATE = "boilerplate"
REASON_HEADLINE = "related-article headline (all capitals)"

# Characters that are invisible but not str.isspace(); a line made only of them counts as blank.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

# Lines end at str.splitlines() line boundaries, so "\r\n", "\u2028" etc. all end a line.
_PARAGRAPH_SEPARATOR = "\u2029"

# A run of sentence-final marks, then closing quotes/brackets (French » may follow a space).
_TERMINAL = GatedPattern(re.compile(
    r"(?P<term>[.!?…‽]+|[。！？؟۔।]+)"
    r"(?P<close>(?:[ \u00a0\u202f\u2009]*»)?[”\"’'»)\]]*)"
), gate="[.!?…‽。！？؟۔।]")
# Marks after which a new sentence may start without any space (scripts without word spacing).
_NO_SPACE_TERMINALS = frozenset("。！？")
# What may stand between a sentence end and the first letter of the next sentence.
_OPENERS = "«“‘\"'([{—–-¿¡*•· \u00a0\u202f\u2009"

# Abbreviations that stand before a name, so the period never ends a sentence (case-sensitive).
TITLE_ABBREVIATIONS = frozenset("""
    M MM Mme Mmes Mlle Mlles Mgr Me Pr Dr Drs Prof Mr Mrs Ms Messrs
    Gen Gén Lt Lieut Col Cpt Capt Cmdr Cdt Adm Maj Sgt Brig Cpl Pvt
    Sen Rep Gov Pres Amb Rev Hon Supt Insp Det Fr
    St Ste Sts Mt Ft
""".split())

# Abbreviations that can also end a sentence: the period ends one only when a typical
# sentence-opening word follows ("in the U.S. The Pentagon said" but "U.S. Army").
OTHER_ABBREVIATIONS = frozenset("""
    etc cf vs ex al approx env resp inc corp ltd co bros jr sr no nos vol art fig ch pp éd ed
    jan janv feb fév févr mar apr avr jun jul juil aug sep sept oct nov dec déc
    av bd min max tél tel env
""".split())

SENTENCE_OPENERS = frozenset("""
    the a an it he she they we i you this that these those there but and so yet in on at for from
    however meanwhile after before when while as his her its their our my if since
    le la les l un une des il elle ils elles on nous vous je j ce cet cette ces c mais et donc
    en dans selon après avant depuis pour cependant toutefois par son sa ses leur leurs du de d
    lors alors ainsi puis or
""".split())

_DOTTED_ACRONYM = re.compile(r"(?:\w\.)+\w")
_FIRST_WORD = re.compile(r"\w+")

# Boilerplate that announces itself in its first words (checked on lines and on sentences).
_BOILERPLATE_START = re.compile(
    r"^[\W_]*(?:"
    r"(?:click|tap|press)\s+here|(?:cliquez|cliquer|appuyez|touchez)\s+ici"
    r"|read\s+(?:more|also|next)|see\s+also|more\s+from|related(?:\s+(?:articles?|stories|coverage|content))?\s*[:\-–—]"
    r"|(?:à\s+|a\s+)?lire\s+(?:aussi|également|la\s+suite)|(?:à\s+)?voir\s+aussi|sur\s+le\s+même\s+sujet"
    r"|subscribe\b|abonnez[-\s]vous|inscrivez[-\s]vous|s['’]abonner|je\s+m['’]abonne|sign\s+up\b"
    r"|follow\s+us|suivez[-\s]nous|listen\s+to\s+this\s+article|écouter\s+(?:cet\s+)?article"
    r"|(?:share|partager|partagez)(?:\s+(?:on|sur|this|cet|via|l['’]article|the\s+article)\b|\s*[:|]|\s*$)"
    r"|©|\(c\)\s*\d|copyright\b"
    r"|(?:advertisement|publicité|sponsored|contenu\s+sponsorisé|annonce|ad|pub)\s*[:.]?\s*$"
    r")",
    re.IGNORECASE,
)
# Boilerplate that may sit anywhere in a short line.
_BOILERPLATE_ANYWHERE = re.compile(
    r"(?:click|tap)\s+here\b|(?:cliquez|appuyez)\s+ici\b"
    r"|\b(?:download|get|install|télécharge[rz]?|obtenir|obtenez|installez)\s+(?:the\s+|our\s+|l['’]\s*|notre\s+)?"
    r"(?:[\w-]+\s+){0,3}(?:app|application|appli)\b"
    r"|\b(?:all\s+rights\s+reserved|tous\s+droits\s+réservés|this\s+material\s+may\s+not\s+be\s+published)"
    r"|\b(?:sign\s+up|subscribe|inscrivez[-\s]vous|abonnez[-\s]vous|recevez|receive)\b.{0,60}\bnewsletters?\b"
    r"|\bnewsletters?\b.{0,40}\b(?:sign\s+up|subscribe|inscri|abonne)"
    r"|\b(?:subscribe\s+(?:now|today|to\s+our|for)|abonnez[-\s]vous)\b"
    r"|\b(?:follow\s+us\s+on|suivez[-\s]nous\s+sur)\b",
    re.IGNORECASE,
)
# Cheap substring test before the slower pattern: every _BOILERPLATE_ANYWHERE match holds one of these.
_BOILERPLATE_HINTS = ("here", " ici", "app ", "app.", "appli", "réservés", "reserved", "material", "newsletter",
                      "subscribe", "abonnez", "follow us", "suivez")
# Long lines are articles' own prose even when they mention an app or a newsletter.
BOILERPLATE_MAX_WORDS = 40
# A line of nothing but share-button labels.
_SHARE_SEPARATORS = ",|·•/"  # besides spaces
_SHARE_BUTTONS = re.compile(
    r"^(?:(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|courriel|print|imprimer|copy\s+link"
    rf"|copier\s+le\s+lien|reddit|pinterest|telegram|messenger|flipboard|bluesky|threads)[\s{_SHARE_SEPARATORS}]*){{2,}}$",
    re.IGNORECASE,
)

# A headline in capitals: enough cased letters, nearly all upper case, more than one word.
HEADLINE_MIN_CASED_LETTERS = 10
HEADLINE_MIN_WORDS = 2
HEADLINE_MIN_UPPER_SHARE = 0.85
# The same limit as a fraction, for an exact integer test: more small letters than this share of the
# characters rules a headline out.
HEADLINE_MAX_SMALL_SHARE = (3, 20)  # 1 - HEADLINE_MIN_UPPER_SHARE
ASCII_SMALL_LETTERS = b"abcdefghijklmnopqrstuvwxyz"


def segment(text: str, lang: str) -> list[Segment]:
    """Split article text into body sentences and skipped lines, with offsets into `text`."""
    segments: list[Segment] = []
    for line_start, line_end, paragraph in _content_lines(text):
        line = text[line_start:line_end]
        reason = skipped_line_reason(line)
        if reason is not None:
            segments.append(Segment(line_start, line_end, line, paragraph, reason))
            continue
        for start, end in sentence_spans(line):
            start, end = _trimmed(text, line_start + start, line_start + end)
            if start >= end:
                continue
            sentence = text[start:end]
            segments.append(Segment(start, end, sentence, paragraph, _sentence_boilerplate_reason(sentence)))
    return segments


def _is_blank_char(char: str) -> bool:
    return char.isspace() or char in INVISIBLE


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with blank characters removed from both edges."""
    while start < end and _is_blank_char(text[start]):
        start += 1
    while end > start and _is_blank_char(text[end - 1]):
        end -= 1
    return start, end


def _content_lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of every non-blank line, trimmed."""
    lines: list[tuple[int, int, bool]] = []  # start, end, blank line (or ¶ separator) before it
    blank_before = False
    line_start = 0
    for line in text.splitlines(keepends=True):  # each line with its break: its offset is the sum of lengths
        start, end = _trimmed(text, line_start, line_start + len(line))
        line_start += len(line)
        if start >= end:
            blank_before = True
            continue
        lines.append((start, end, blank_before and bool(lines)))
        blank_before = line.endswith(_PARAGRAPH_SEPARATOR)  # a ¶ separator starts a block, as a blank line does
    blocks = any(new_block for _, _, new_block in lines)
    out = []
    paragraph = -1
    for index, (start, end, new_block) in enumerate(lines):
        if index == 0 or new_block or not blocks:
            paragraph += 1
        out.append((start, end, paragraph))
    return out


def skipped_line_reason(line: str) -> str | None:
    """Why a whole line is not article prose, or None when it is."""
    reason = boilerplate_reason(line)
    if reason is not None:
        return reason
    if is_capitals_headline(line):
        return REASON_HEADLINE
    return None


def boilerplate_reason(text: str) -> str | None:
    """'boilerplate' for app promos, subscription calls, share buttons, "read more" links, copyright."""
    if _BOILERPLATE_START.search(text) or _is_share_buttons(text):
        return REASON_BOILERPLATE
    if _is_short(text) and _has_boilerplate_hint(text.lower()) and _BOILERPLATE_ANYWHERE_SCAN.search(text):
        return REASON_BOILERPLATE
    return None


def _sentence_boilerplate_reason(sentence: str) -> str | None:
    """boilerplate_reason, its tests made cheapest for a sentence: the first words and the hints are looked for
    in the small-letter copy, which later steps ask for anyway (it is cached), before the words are counted."""
    if _BOILERPLATE_START_SCAN.search(sentence) or _is_share_buttons(sentence):
        return REASON_BOILERPLATE
    lowered = small_letter_copy(sentence) or sentence.lower()
    if _has_boilerplate_hint(lowered) and _is_short(sentence) and _BOILERPLATE_ANYWHERE_SCAN.search(sentence):
        return REASON_BOILERPLATE
    return None


def _is_share_buttons(text: str) -> bool:
    return _may_be_share_buttons(text) and _SHARE_BUTTONS.match(text) is not None


def _may_be_share_buttons(text: str) -> bool:
    """False when the last character cannot end _SHARE_BUTTONS (a label's letter, a separator or the "\n"
    before the end): prose ends in a mark, so the pattern is seldom tried."""
    last = text[-1:]
    return last.isalnum() or last.isspace() or last in _SHARE_SEPARATORS


def _is_short(text: str) -> bool:
    """True when the text has at most BOILERPLATE_MAX_WORDS words."""
    # Splitting stops after BOILERPLATE_MAX_WORDS words: one more piece (the rest) says the text is longer.
    return len(text.split(maxsplit=BOILERPLATE_MAX_WORDS)) <= BOILERPLATE_MAX_WORDS


def _has_boilerplate_hint(lowered: str) -> bool:
    """True when the small-letter text holds one of _BOILERPLATE_HINTS (a hint may end where the text does)."""
    lowered += " "
    return any(map(lowered.__contains__, _BOILERPLATE_HINTS))  # map() keeps the loop in C


def is_capitals_headline(line: str) -> bool:
    """True when nearly every cased letter is a capital (digits, quotes and punctuation allowed)."""
    # Fast exit for prose, before counting letter by letter: small ASCII letters alone are too many.
    encoded = line.encode()
    ascii_small = len(encoded) - len(encoded.translate(None, ASCII_SMALL_LETTERS))
    numerator, denominator = HEADLINE_MAX_SMALL_SHARE
    if ascii_small * denominator > numerator * len(line):
        return False
    upper = sum(map(str.isupper, line))
    lower = sum(map(str.islower, line))
    cased = upper + lower
    if cased < HEADLINE_MIN_CASED_LETTERS or len(line.split()) < HEADLINE_MIN_WORDS:
        return False
    return upper / cased >= HEADLINE_MIN_UPPER_SHARE


def sentence_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in one line, relative to the line; the spans cover the line."""
    spans = []
    start = 0
    for match in _TERMINAL.finditer(line):
        end = match.end()
        if end == len(line):
            break  # nothing after it on this line: the line end closes the sentence anyway
        if end <= start or not _ends_sentence(line, match):
            continue
        spans.append((start, end))
        start = end
    if start < len(line):
        spans.append((start, len(line)))
    return spans


def _ends_sentence(line: str, match: re.Match) -> bool:
    term = match.group("term")
    end = match.end()
    if term[-1] in _NO_SPACE_TERMINALS:
        return _has_text_after(line, end)
    if end < len(line) and not line[end].isspace():
        return False  # 3.5, U.S.A, example.com, "?!x"
    next_index = _next_word_index(line, end)
    if next_index is None:
        return False  # nothing after it on this line: the line end closes the sentence anyway
    if not _starts_like_sentence(line[next_index]):
        return False
    if term in ("...", "…") or term.startswith(".."):
        return not _is_bracketed_ellipsis(line, match)
    if term == ".":
        return _period_ends_sentence(line, match.start(), next_index)
    return True


def _has_text_after(line: str, index: int) -> bool:
    return any(not _is_blank_char(char) for char in line[index:])


def _next_word_index(line: str, index: int) -> int | None:
    """Index of the first character after `index` that is not space, an opening quote or a dash."""
    while index < len(line) and (line[index] in _OPENERS or _is_blank_char(line[index])):
        index += 1
    return index if index < len(line) else None


def _starts_like_sentence(char: str) -> bool:
    if char.isupper() or char.isdigit():
        return True
    # Letters of scripts without case (Arabic, Hebrew, CJK, Devanagari…) cannot signal a start.
    return char.isalpha() and not char.islower()


def _is_bracketed_ellipsis(line: str, match: re.Match) -> bool:
    before = line[match.start() - 1] if match.start() > 0 else ""
    return before in "([" and any(char in ")]" for char in match.group("close"))


def _word_before(line: str, index: int) -> str:
    if index == 0 or line[index - 1].isspace():
        return ""
    # The text since the last space before `index`.
    return line[:index].rsplit(None, 1)[-1].lstrip(_OPENERS)


def _period_ends_sentence(line: str, period_index: int, next_index: int) -> bool:
    word = _word_before(line, period_index)
    if not word:
        return True
    if len(word) == 1 and word.isupper():
        return False  # an initial (Lloyd J. Austin) or Monsieur (M. Macron)
    if word in TITLE_ABBREVIATIONS:
        return False
    if word.isdigit() and not line[:period_index - len(word)].strip():
        return False  # a list number at the start of the line: "1. Le premier point"
    if (word.lower() in OTHER_ABBREVIATIONS or _DOTTED_ACRONYM.fullmatch(word)
            or (len(word) == 1 and word.isalpha())):
        return _first_word(line, next_index) in SENTENCE_OPENERS
    return True


def _first_word(text: str, start: int) -> str:
    match = _FIRST_WORD.match(text, start)
    return match.group().lower() if match else ""


# ---------------------------------------------------------------------------------------------------------
# Case-insensitive patterns scanned on a sentence's small-letter copy (later steps share this)

# Letters re.IGNORECASE matches to a small letter that str.lower() does not give ("ſ" for "s", "ı" for
# "i"), and "İ", which lowers to two characters. Checked over all of Unicode against the letters, digits,
# punctuation and classes (\w, \d, \s) of every SmallLetterPattern: no other character behaves
# differently (the Kelvin sign "K", for one, lowers to "k" as IGNORECASE reads it).
IGNORECASE_LOOKALIKES = "İıſ"
# Group names and escapes (\W, \S) may hold capitals; any other capital would never match a small letter.
_NOT_LITERAL = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")


def _written_in_small_letters(source: str) -> bool:
    literals = _NOT_LITERAL.sub("", source)
    return literals == literals.lower()


_LETTER_RUN = re.compile(r"[^\W\d_]+")
_LETTER_RUNS = CharacterRuns(_LETTER_RUN)


def has_ignorecase_lookalike(text: str) -> bool:
    """True when `text` holds one of IGNORECASE_LOOKALIKES, so that tests on its lower-cased copy may
    miss what re.IGNORECASE finds."""
    return "ı" in text or "ſ" in text or "İ" in text  # IGNORECASE_LOOKALIKES, spelled out: the fastest test


@lru_cache(maxsize=1024)
def letter_words(sentence: str) -> frozenset[str]:
    """The sentence's runs of letters, lower-cased, for cheap word tests before a pattern's scan.
    Cached: dates, quantities and attribution all ask."""
    # The small-letter copy is sentence.lower() when there is one, and cached: attribution asks for it too.
    return frozenset(_LETTER_RUNS.findall(small_letter_copy(sentence) or sentence.lower()))


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

    def __init__(self, pattern: re.Pattern, gate: str | None = None):
        """`gate`, when given, is a GatedPattern gate for the small-letter copy: it must match wherever the
        pattern does."""
        if not pattern.flags & re.IGNORECASE or not _written_in_small_letters(pattern.pattern):
            raise ValueError(f"needs an re.IGNORECASE pattern written in small letters: {pattern.pattern[:60]!r}")
        self.pattern = pattern
        twin = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
        self._twin = twin if gate is None else GatedPattern(twin, gate)

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


# Checked over all of Unicode, for every letter, mark and class of _BOILERPLATE_START: it may scan the small-letter
# copy (lines, which have none cached, use the pattern itself).
_BOILERPLATE_START_SCAN = SmallLetterPattern(_BOILERPLATE_START)
# _BOILERPLATE_ANYWHERE, tried only where one of the words its alternatives open with starts.
_BOILERPLATE_ANYWHERE_SCAN = SmallLetterPattern(
    _BOILERPLATE_ANYWHERE,
    gate="click|tap|cliquez|appuyez|download|get|install|télécharge|obtenir|obtenez|installez|all|tous|this|sign"
         "|subscribe|inscrivez|abonnez|recevez|receive|newsletter|follow|suivez")
