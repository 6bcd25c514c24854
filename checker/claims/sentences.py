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

A sentence longer than Config.SENTENCE_MAX_CHARS (a table pasted as text, a phrase repeated with no full
stop) is cut into parts of at most that many characters, after a clause mark where there is one, and each
part is a body segment with a `note` saying which part of how long a sentence it is. Every step of the
split reads the text a bounded number of times, so it stays linear in the text however it is shaped.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from checker.config import Config
from checker.text import vocabulary
from checker.text.capitals import in_capitals
from checker.text.messages import N_, Number
from checker.text.scan import SmallLetterPattern, small_letter_copy


class Segment(NamedTuple):
    """A NamedTuple (immutable, fields by name): some 30 are built an article, each several times cheaper than
    a frozen dataclass, whose __init__ sets every field through object.__setattr__."""
    start: int  # offset into the article text
    end: int
    text: str  # == article_text[start:end]
    paragraph: int  # index of the paragraph (blank-line separated block)
    reason: str | None = None  # None for a body sentence; else why it is skipped
    note: str | None = None  # for a part of a sentence too long to read whole: which part, and why


REASON_BOILERPLATE = "boilerplate"
REASON_HEADLINE = "related-article headline (all capitals)"

# Characters that are invisible but not str.isspace(); a line made only of them counts as blank.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

# Lines end at str.splitlines() line boundaries, so "\r\n", "\u2028" etc. all end a line.
_PARAGRAPH_SEPARATOR = "\u2029"

# Sentence-final marks of Latin script, and of other scripts (CJK, Arabic, Urdu, Devanagari): a run of marks
# keeps to one of the two.
_LATIN_TERMINALS = ".!?…‽"
_OTHER_TERMINALS = "。！？؟۔।"
# A run of sentence-final marks, then closing quotes/brackets (French » may follow a space). It opens with one
# class holding every mark, which re looks for in its quick first-character loop; the run then goes on with
# marks of its first mark's script.
_TERMINAL = re.compile(
    rf"(?P<term>[{_LATIN_TERMINALS}{_OTHER_TERMINALS}]"
    rf"(?:(?<=[{_LATIN_TERMINALS}])[{_LATIN_TERMINALS}]*|(?<=[{_OTHER_TERMINALS}])[{_OTHER_TERMINALS}]*))"
    r"(?P<close>(?:[ \u00a0\u202f\u2009]*»)?[”\"’'»)\]]*)")
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
    av bd min max tél tel env
""".split()) | frozenset(month for lang in vocabulary.LANGUAGES for month in vocabulary.MONTH_ABBREVIATIONS[lang])

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
BOILERPLATE_START = re.compile(
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
BOILERPLATE_ANYWHERE = re.compile(
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
# Cheap substring test before the slower pattern: every BOILERPLATE_ANYWHERE match holds one of these words
# (tests/claims/test_sentences.py generates matches of the pattern to check it).
BOILERPLATE_HINTS = ("here", "cliquez", "app", "reserved", "réservés", "material", "newsletter", "subscribe",
                     "abonnez", "follow", "suivez")
# Long lines are articles' own prose even when they mention an app or a newsletter.
BOILERPLATE_MAX_WORDS = 40
# A line of nothing but share-button labels.
_SHARE_SEPARATORS = ",|·•/"  # besides spaces
_SHARE_BUTTONS = re.compile(
    r"^(?:(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|courriel|print|imprimer|copy\s+link"
    rf"|copier\s+le\s+lien|reddit|pinterest|telegram|messenger|flipboard|bluesky|threads)[\s{_SHARE_SEPARATORS}]*){{2,}}$",
    re.IGNORECASE,
)

# A headline in capitals has more than one word: one long word in capitals may be a name or an acronym.
HEADLINE_MIN_WORDS = 2

# Where a sentence over the length bound is cut, best first: after a clause mark (a table's tab or bar counts
# as one), else at a space, else at the bound itself (a run with neither). Read from the end of a part's room,
# so each cut costs that room once.
CLAUSE_MARKS = ",;:—–|\t•·"
_LAST_CLAUSE_MARK = re.compile(rf".*[{re.escape(CLAUSE_MARKS)}]", re.DOTALL)
_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
CUT_AT_CLAUSE_MARK, CUT_AT_SPACE, CUT_AT_BOUND = N_("clause marks"), N_("spaces"), N_("the length bound")


def segment(text: str, lang: str, max_chars: int = Config.SENTENCE_MAX_CHARS) -> list[Segment]:
    """Split article text into body sentences and skipped lines, with offsets into `text`. A sentence longer
    than `max_chars` becomes several body segments, each at most that long, each with its `note`."""
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
            if end - start > max_chars:
                segments += _parts_of_long_sentence(text, start, end, paragraph, max_chars)
                continue
            sentence = text[start:end]
            segments.append(Segment(start, end, sentence, paragraph, boilerplate_reason(sentence)))
    return segments


def _parts_of_long_sentence(text: str, start: int, end: int, paragraph: int, max_chars: int) -> list[Segment]:
    """The sentence text[start:end], longer than `max_chars`, as body segments of at most `max_chars`
    characters each, blanks at the cuts left out, each noting which part of the sentence it is."""
    spans, ways = [], set()
    while end - start > max_chars:
        cut, way = _cut(text, start, max_chars)
        ways.add(way)
        part_start, part_end = _trimmed(text, start, cut)
        if part_start < part_end:
            spans.append((part_start, part_end))
        start = _trimmed(text, cut, end)[0]
    if start < end:
        spans.append((start, end))
    how = _listed([way for way in (CUT_AT_CLAUSE_MARK, CUT_AT_SPACE, CUT_AT_BOUND) if way in ways])
    length = end - spans[0][0]
    parts = []
    for number, (part_start, part_end) in enumerate(spans, 1):
        part = text[part_start:part_end]
        note = N_("part %(part)s of %(parts)s of a %(length)s-character sentence, split at %(how)s (a sentence "
                  "over %(limit)s characters is read in parts)", part=str(number), parts=str(len(spans)),
                  length=Number(length), how=how, limit=Number(max_chars))
        parts.append(Segment(part_start, part_end, part, paragraph, boilerplate_reason(part), note))
    return parts


def _listed(ways: list[str]) -> str:
    """"clause marks and spaces": the ways a long sentence was cut, as one message."""
    if len(ways) == 3:
        return N_("%(first)s and %(second)s and %(third)s", first=ways[0], second=ways[1], third=ways[2])
    if len(ways) == 2:
        return N_("%(first)s and %(second)s", first=ways[0], second=ways[1])
    return ways[0]


def _cut(text: str, start: int, max_chars: int) -> tuple[int, str]:
    """Where the part of a long sentence that opens at `start` ends, and how it was cut: after the last clause
    mark in the second half of its room, else after its last space there, else after the last of either in
    the first half, else at the bound. Parts stay at least half the bound long on the whole: after a short
    part, the next part's room holds no mark or space before its second half."""
    limit, half = start + max_chars, start + max(max_chars // 2, 1)
    for low in (half, start + 1):
        mark = _LAST_CLAUSE_MARK.match(text, low, limit)
        space = _LAST_SPACE.match(text, low, limit)
        if mark is not None and (space is None or low == half or mark.end() >= space.end()):
            return mark.end(), CUT_AT_CLAUSE_MARK
        if space is not None:
            return space.end(), CUT_AT_SPACE
    while limit - 1 > start and unicodedata.combining(text[limit]):
        limit -= 1  # an accent written as its own character stays with its letter
    return limit, CUT_AT_BOUND


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
    if _BOILERPLATE_START_SCAN.search(text) or _is_share_buttons(text):
        return REASON_BOILERPLATE
    if _may_hold_hint(text) and _is_short(text) and _BOILERPLATE_ANYWHERE_SCAN.search(text):
        return REASON_BOILERPLATE
    return None


def _may_hold_hint(text: str) -> bool:
    """False only when the text's small-letter copy holds none of BOILERPLATE_HINTS, and no letter that
    re.IGNORECASE reads otherwise than str.lower() could hide one."""
    lowered = small_letter_copy(text)  # cached: later steps ask for a sentence's copy too
    if lowered is None:
        return True
    return any(map(lowered.__contains__, BOILERPLATE_HINTS))  # map() keeps the loop in C


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


def is_capitals_headline(line: str) -> bool:
    """True for a line of more than one word in capitals (digits, quotes and punctuation allowed)."""
    return in_capitals(line) and len(line.split()) >= HEADLINE_MIN_WORDS


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
    # Read from `index` without slicing the rest of the line: a copy of it for each mark would cost a line of
    # many marks its length squared.
    return any(not _is_blank_char(line[at]) for at in range(index, len(line)))


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
    """The text since the last space before `index`, opening quotes and dashes aside."""
    # Walked back from `index` rather than split off the line before it, which would copy that whole part of
    # the line for each period.
    start = index
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:index].lstrip(_OPENERS)


def _period_ends_sentence(line: str, period_index: int, next_index: int) -> bool:
    word = _word_before(line, period_index)
    if not word:
        return True
    if len(word) == 1 and word.isupper():
        return False  # an initial (Lloyd J. Austin) or Monsieur (M. Macron)
    if word in TITLE_ABBREVIATIONS:
        return False
    if word.isdigit() and _only_spaces_before(line, period_index - len(word)):
        return False  # a list number at the start of the line: "1. Le premier point"
    if (word.lower() in OTHER_ABBREVIATIONS or _DOTTED_ACRONYM.fullmatch(word)
            or (len(word) == 1 and word.isalpha())):
        return _first_word(line, next_index) in SENTENCE_OPENERS
    return True


def _only_spaces_before(line: str, index: int) -> bool:
    """True when line[:index] is empty or only spaces, told from the line's start: the usual line starts with a
    word, so the answer comes at once instead of after a copy of everything before `index`."""
    start = 0
    while start < index and line[start].isspace():
        start += 1
    return start == index


def _first_word(text: str, start: int) -> str:
    match = _FIRST_WORD.match(text, start)
    return match.group().lower() if match else ""


_BOILERPLATE_START_SCAN = SmallLetterPattern(BOILERPLATE_START)
_BOILERPLATE_ANYWHERE_SCAN = SmallLetterPattern(BOILERPLATE_ANYWHERE)
