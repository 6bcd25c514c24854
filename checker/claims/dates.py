"""Dates: the article date (marker, narrowed from the text) and dates in sentences resolved against it.

The article date comes from an inline marker (``date 2022-11``) or from ``--date``. When it is only a month,
``narrow`` looks for the text's own evidence of the day (see its docstring) and says how in ``note``.

``find`` returns one dict per date expression in a sentence:

    {"text": "samedi", "value": "2022-11-19", "certainty": "inferred", "start": 61, "end": 67,
     "note": "the latest Saturday on or before the article date 2022-11-19 (narrowed)"}

``certainty`` says how much the value can be trusted:

- ``exact``: written out in full in the text ("le 11 novembre 2022", "novembre 2022").
- ``inferred``: the text names the day or month but the year, or the whole date, comes from the article
  date ("11 novembre", "en août", "hier", "samedi" once the article's day is known).
- ``approximate``: the text points at part of a month ("début novembre"), or the article's day is unknown so
  a relative date can only be placed within a ``range`` ("samedi" with a month-only article date).
- ``range``: the text names a span ("cette semaine", "ces derniers mois", "plus tôt cette année").

Whenever there is a ``range``, ``value`` is the month that holds the middle of the range: the best single
month under the contract's YYYY-MM form, never a claim that the event happened then. A fact-checker should
read ``range`` (and ``note``) before showing the value as a date.

Without an article date, only dates written with their year are resolved; relative ones are skipped.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from checker.text import vocabulary
from checker.text.forms import regex_forms
from checker.text.language import base_language
from checker.text.scan import (
    SmallLetterPattern,
    has_ignorecase_lookalike,
    letter_words,
    may_hold_word,
    small_letter_copy,
    small_letter_twin,
)
from checker.text.spans import TakenSpans


@dataclass(frozen=True)
class ArticleDate:
    year: int
    month: int | None = None
    day: int | None = None
    certainty: str = "given"  # given | marker | narrowed | assumed
    note: str = ""

    @property
    def value(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


MARKER = re.compile(r"(?<![\w-])date\s+(\d{4})-(\d{2})(?:-(\d{2}))?(?![\w-])", re.IGNORECASE)

# Every spelling of a month (abbreviations too), and the full names only, used where an abbreviation would be
# ambiguous ("en sept jours").
MONTHS = {lang: vocabulary.month_spellings(lang) for lang in vocabulary.LANGUAGES}
FULL_MONTHS = {lang: vocabulary.with_unaccented(vocabulary.MONTHS[lang]) for lang in vocabulary.LANGUAGES}
WEEKDAYS = vocabulary.WEEKDAYS
# The English names, for the notes: month 1 at index 1, Monday at index 0.
MONTH_NAMES_EN = ("", *(name.capitalize() for name in vocabulary.MONTHS["en"]))
WEEKDAY_NAMES_EN = tuple(name.capitalize() for name in vocabulary.WEEKDAYS["en"])

# Parts of a month: "début novembre" = 1–10, "mi-novembre" = 11–20, "fin novembre" = 21–end.
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
# "ces derniers mois" and friends: how far back "recent" reaches, in days (months use calendar months).
RECENT_DAYS = {"days": 7, "weeks": 21}
RECENT_MONTHS = 3
# A count before "jours", "days"…: a number word, or in English an indefinite one ("a few days ago").
COUNT_WORDS = {"fr": vocabulary.NUMBER_WORDS["fr"],
               "en": {**vocabulary.NUMBER_WORDS["en"], "a": 1, "an": 1, "few": 3, "several": 3}}
UNIT_WORDS = {
    "jour": "day", "jours": "day", "semaine": "week", "semaines": "week", "mois": "month", "an": "year",
    "ans": "year", "année": "year", "années": "year", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _count_alt(lang: str) -> str:
    return r"\d{1,3}|" + _alt(COUNT_WORDS[lang])


def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _scanner(pattern: str) -> SmallLetterPattern:
    """For the patterns that scan whole sentences, where the small-letter copy pays off."""
    return SmallLetterPattern(_compile(pattern))


# Two whitespace characters in a row: the one thing that lets a match stretch beyond an AnchoredScan's reach.
_WHITESPACE_RUN = re.compile(r"\s\s")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


class AnchoredScan:
    """A re.IGNORECASE pattern written in small letters (like SmallLetterPattern) that opens with a lookbehind
    for a word character, and whose every match holds an anchor, a whole word among `anchors`. `forms` are the
    pattern's matches spelled out (text.forms.regex_forms), up to their anchor at least: the reach, how far
    into a match its first anchor can start, is read from them (where no two whitespace characters follow
    each other, each \\s+ of the pattern matches one character, as in the forms).

    re tries such a pattern at every character of the text. finditer instead finds the sentence's anchors
    (its words tell which to look for), and for each searches the small-letter copy for a match only from
    `reach` characters before it, up to the anchor: a match that starts before that holds an earlier anchor.
    It yields what pattern.finditer yields."""

    def __init__(self, pattern: str, anchors, forms):
        self.pattern = _compile(pattern)
        self._anchors = frozenset(anchors)
        self.reach = anchor_reach(forms, self._anchors)
        # Searched in " " + the small-letter copy, it matches at i when a match (or an anchor) starts at i in
        # the copy, so after a character that is no word character (no small ASCII letter, digit or "_" at
        # least): re finds such a character quickly, by a table, and the search stops at the next anchor.
        stop = rf"(?P<_anchor>(?:{_alt(anchors)})(?![^\W\d_]))"
        self._until_anchor = re.compile(rf"[^a-z0-9_](?=(?:{small_letter_twin(self.pattern).pattern})|{stop})")

    def finditer(self, sentence: str):
        lowered = small_letter_copy(sentence)
        if lowered is None:
            yield from self.pattern.finditer(sentence)
            return
        padded = " " + lowered  # a space reads as no character to the pattern's lookbehind
        pos = 0  # the matches that start before pos have been yielded
        for anchor in _word_starts(lowered, letter_words(sentence) & self._anchors):
            while pos <= anchor:  # else the anchor is inside a match already yielded, or searched
                start = anchor - self.reach
                if start <= pos or _WHITESPACE_RUN.search(lowered, start, anchor):
                    start = pos  # a longer whitespace run may stretch a match: search from pos
                hit = self._until_anchor.search(padded, start)
                if hit is None:
                    return
                if hit.lastgroup == "_anchor":  # no match starts at or before this stop
                    pos = hit.start() + 1
                    continue
                match = self.pattern.match(sentence, hit.start())
                yield match
                pos = match.end()


def anchor_reach(forms, anchors) -> int:
    """How far into one of the `forms` its first anchor word starts, at most. ValueError for a form that holds
    no anchor (as a whole word): an AnchoredScan would never find it."""
    reach = 0
    for form in forms:
        starts = [word.start() for word in _LETTER_RUN.finditer(form.lower()) if word.group() in anchors]
        if not starts:
            raise ValueError(f"{form!r} holds none of the anchor words {sorted(anchors)}")
        reach = max(reach, starts[0])
    return reach


def _word_starts(text: str, words) -> list[int]:
    """Where the words stand in `text` with no letter on either side, in order."""
    starts = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if not text[start - 1:start].isalpha() and not text[end:end + 1].isalpha():
                starts.append(start)
            start = text.find(word, start + 1)
    return sorted(starts)


_DAY = r"(?P<d>1er|[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?P<y>(?:1[89]|2[01])\d\d)(?!\d)"

# Explicit dates start at the day or the month (a weekday before them is looked up afterwards, which keeps
# the scan fast).
EXPLICIT_PATTERNS = {
    "fr": [_scanner(rf"(?<![\w.,]){_DAY}(?!\d)\s+(?P<m>{_alt(MONTHS['fr'])})(?P<dot>\.)?(?!\w)"
                    rf"(?:\s+{_YEAR})?(?:\s+(?P<rel>dernier|prochain))?")],
    "en": [
        _scanner(rf"(?<![\w.,])(?P<m>{_alt(MONTHS['en'])})(?P<dot>\.)?\s+(?:the\s+)?{_DAY}(?:st|nd|rd|th)?"
                 rf"(?![\w])(?:,?\s+{_YEAR})?"),
        _scanner(rf"(?<![\w.,]){_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_alt(MONTHS['en'])})(?P<dot>\.)?(?!\w)"
                 rf"(?:,?\s+{_YEAR})?"),
    ],
}
WEEKDAY_BEFORE = {
    "fr": _compile(rf"(?<![\w-])(?P<wd>{_alt(WEEKDAYS['fr'])})\s+$"),
    "en": _compile(rf"(?<![\w-])(?P<wd>{_alt(WEEKDAYS['en'])}),?\s+(?:the\s+)?$"),
}
ISO_DATE = re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])")
SLASH_DATE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})(?![\d/])")
# What every ISO_DATE or SLASH_DATE match holds, a quicker scan that rules out most sentences (each opens with
# a character re looks for in its quick loop; tests/claims/test_dates.py spells out the patterns to check).
DATE_HINTS = {ISO_DATE: re.compile(r"-\d\d-"), SLASH_DATE: re.compile(r"[/.]\d")}

# What stands before the month in MONTH_PATTERNS: "début", "fin du mois de", "en", "in early", "until the end of", …
_MONTH_OPENINGS = {
    "fr": (r"(?:au\s+)?début\s+(?:du\s+mois\s+)?(?:de\s+|d['’])?"
           r"|(?:à\s+la\s+)?fin\s+(?:du\s+mois\s+)?(?:de\s+|d['’])?"
           r"|(?:à\s+la\s+|la\s+)?mi-\s?"
           r"|au\s+mois\s+(?:de\s+|d['’])|depuis\s+|jusqu['’]en\s+|dès\s+|en\s+|d['’]|de\s+"),
    "en": (r"(?:in\s+|since\s+|until\s+|by\s+)?(?:early|late|mid)(?:-|\s+)"
           r"|(?:at\s+|in\s+|by\s+|since\s+|until\s+)?the\s+(?:beginning|start|end|middle)\s+of\s+"
           r"|in\s+|since\s+|until\s+|by\s+|during\s+|from\s+|through\s+|last\s+|this\s+|next\s+"),
}


def _month_forms(lang: str) -> set[str]:
    """Each opening with each month name after it: where MONTH_PATTERNS find their anchor."""
    return {opening + month for opening in regex_forms(_MONTH_OPENINGS[lang]) for month in FULL_MONTHS[lang]}


MONTH_PATTERNS = {
    "fr": AnchoredScan(rf"(?<!\w)(?P<mod>{_MONTH_OPENINGS['fr']})"
                       rf"(?P<m>{_alt(FULL_MONTHS['fr'])})(?!\w)(?:\s+{_YEAR})?(?:\s+(?P<rel>dernier|prochain))?",
                       FULL_MONTHS["fr"], _month_forms("fr")),
    "en": AnchoredScan(rf"(?<!\w)(?P<mod>{_MONTH_OPENINGS['en']})"
                       rf"(?P<m>{_alt(FULL_MONTHS['en'])})(?!\w)(?:,?\s+{_YEAR})?",
                       FULL_MONTHS["en"], _month_forms("en")),
}
MONTH_YEAR_PATTERNS = {
    lang: _scanner(rf"(?<![\w.])(?P<m>{_alt(FULL_MONTHS[lang])})(?!\w),?\s+{_YEAR}")
    for lang in ("fr", "en")
}
WEEKDAY_PATTERNS = {
    "fr": _scanner(rf"(?<![\w-])(?P<wd>{_alt(WEEKDAYS['fr'])})(?!\w)(?:\s+(?P<rel>dernier|prochain))?"),
    "en": _scanner(rf"(?<![\w-])(?:(?P<rel>last|next|this|past)\s+)?(?P<wd>{_alt(WEEKDAYS['en'])})(?!\w)"),
}

# Relative expressions: (pattern, kind, argument). The kinds are resolved in _resolve_relative.
RELATIVE_RULES = {
    "fr": [
        (r"avant-hier", "shift", -2),
        (r"après-demain", "shift", 2),
        (r"hier(?:\s+(?:soir|matin|après-midi))?", "shift", -1),
        (r"aujourd['’]hui|ce\s+matin|ce\s+soir|cet\s+après-midi|cette\s+nuit", "shift", 0),
        (r"demain(?:\s+(?:soir|matin))?", "shift", 1),
        (r"il\s+y\s+a\s+(?P<n>{count})\s+(?P<u>jours?|semaines?|mois|ans|années?)", "ago", None),
        (r"plus\s+tôt\s+cette\s+semaine|cette\s+semaine", "week", 0),
        (r"la\s+semaine\s+(?:dernière|passée)", "week", -1),
        (r"la\s+semaine\s+prochaine", "week", 1),
        (r"(?:plus\s+tôt\s+)?ce\s+mois-ci|plus\s+tôt\s+ce\s+mois", "month_so_far", 0),
        (r"le\s+mois\s+(?:dernier|passé)", "month", -1),
        (r"le\s+mois\s+prochain", "month", 1),
        (r"(?:au\s+)?début\s+du\s+mois(?!\s+(?:de\b|d['’]))", "month_part", "early"),
        (r"(?:à\s+la\s+)?fin\s+du\s+mois(?:\s+(?P<last>dernier))?(?!\s+(?:de\b|d['’]))", "month_part",
         "late"),
        (r"(?:à\s+la\s+)?mi-mois", "month_part", "mid"),
        (r"plus\s+tôt\s+cette\s+année|cette\s+année|depuis\s+le\s+début\s+de\s+l['’]année", "year", 0),
        (r"l['’]année\s+(?:dernière|passée)|l['’]an\s+(?:dernier|passé)", "year", -1),
        (r"(?:au\s+cours\s+des|ces|les)\s+(?P<n>{count})\s+(?:derniers|dernières)\s+"
         r"(?P<u>jours|semaines|mois|années)", "recent_n", None),
        (r"(?:au\s+cours\s+des\s+|ces\s+|dans\s+les\s+)?derniers\s+mois|ces\s+derniers\s+mois", "recent",
         "months"),
        (r"(?:au\s+cours\s+des\s+|ces\s+)?dernières\s+semaines", "recent", "weeks"),
        (r"(?:au\s+cours\s+des\s+|ces\s+)derniers\s+jours", "recent", "days"),
    ],
    "en": [
        (r"the\s+day\s+before\s+yesterday", "shift", -2),
        (r"the\s+day\s+after\s+tomorrow", "shift", 2),
        (r"yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night", "shift", -1),
        (r"today|this\s+(?:morning|afternoon|evening)|tonight", "shift", 0),
        (r"tomorrow", "shift", 1),
        (r"(?P<n>{count})\s+(?P<u>days?|weeks?|months?|years?)\s+ago", "ago", None),
        (r"earlier\s+this\s+week|this\s+week", "week", 0),
        (r"last\s+week|the\s+previous\s+week|the\s+past\s+week", "week", -1),
        (r"next\s+week", "week", 1),
        (r"earlier\s+this\s+month|this\s+month", "month_so_far", 0),
        (r"last\s+month", "month", -1),
        (r"next\s+month", "month", 1),
        (r"(?:at\s+the\s+(?:beginning|start)\s+of|early)\s+(?:this|the)\s+month", "month_part", "early"),
        (r"(?:at\s+the\s+end\s+of|late)\s+(?:this|the)\s+month", "month_part", "late"),
        (r"(?:at\s+the\s+end\s+of|late)\s+last\s+month", "month_part", "late_last"),
        (r"earlier\s+this\s+year|this\s+year", "year", 0),
        (r"last\s+year", "year", -1),
        (r"(?:over|in|during)\s+the\s+(?:past|last)\s+(?P<n>{count})\s+(?P<u>days|weeks|months|years)"
         r"|the\s+(?:past|last)\s+(?P<n2>{count})\s+(?P<u2>days|weeks|months|years)", "recent_n", None),
        (r"(?:in|over|during)\s+(?:recent|the\s+(?:past|last)\s+(?:few|several))\s+months|recent\s+months",
         "recent", "months"),
        (r"(?:in|over|during)\s+(?:recent|the\s+(?:past|last)\s+(?:few|several))\s+weeks|recent\s+weeks",
         "recent", "weeks"),
        (r"(?:in|over|during)\s+(?:recent|the\s+(?:past|last)\s+(?:few|several))\s+days|recent\s+days",
         "recent", "days"),
    ],
}


# Every relative rule contains one of these words as a whole word (anchor_reach fails at import when one does
# not): a sentence without any of them skips the scan, and they anchor the scan of the others.
RELATIVE_TRIGGERS = {
    "fr": frozenset({"hier", "demain", "aujourd", "matin", "soir", "midi", "nuit", "jour", "jours", "semaine",
                     "semaines", "mois", "an", "ans", "année", "années"}),
    "en": frozenset({"yesterday", "today", "tomorrow", "tonight", "night", "morning", "afternoon", "evening",
                     "day", "days", "week", "weeks", "month", "months", "year", "years"}),
}


def _relative_forms(lang: str) -> set[str]:
    """The relative rules spelled out, each count as the widest count ("999", "cinquante"): how far a trigger
    word can sit from where a match starts depends on the count's length only."""
    widest = max(("999", *COUNT_WORDS[lang]), key=len)
    return {form for rule, _, _ in RELATIVE_RULES[lang] for form in regex_forms(rule.replace("{count}", widest))}


def _relative_regex(lang: str) -> AnchoredScan:
    """All of a language's relative rules as one alternation (one scan per sentence): rule i ends with the
    empty group r_i, so that m.lastgroup names the rule that matched, and its inner groups n, n2, u, u2, last
    become n_i, n2_i, … so that the names stay unique. (A group around the whole rule would name it too,
    but re skips an alternative by its first letter only when it starts with that letter: twice as fast.)"""
    parts = []
    for index, (pattern, _, _) in enumerate(RELATIVE_RULES[lang]):
        pattern = pattern.replace("{count}", _count_alt(lang))
        pattern = re.sub(r"\(\?P<(\w+)>", lambda g: f"(?P<{g.group(1)}_{index}>", pattern)
        parts.append(f"(?:{pattern})(?P<r_{index}>)")
    pattern = r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"
    return AnchoredScan(pattern, RELATIVE_TRIGGERS[lang], _relative_forms(lang))


RELATIVE_PATTERNS = {lang: _relative_regex(lang) for lang in RELATIVE_RULES}


def _relative_group_names(lang: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """For each relative rule, its groups as (name in the alternation, name in the rule), in pattern order:
    a match reads its own rule's groups only, instead of the groupdict of every rule's groups."""
    regex = RELATIVE_PATTERNS[lang].pattern
    return tuple(tuple((name, name.rsplit("_", 1)[0]) for name in regex.groupindex
                       if name.endswith(f"_{index}") and not name.startswith("r_"))
                 for index in range(len(RELATIVE_RULES[lang])))


_RELATIVE_GROUPS = {lang: _relative_group_names(lang) for lang in RELATIVE_RULES}
# The names as sets, for word tests (a set tests against a dict by walking all of the dict's keys).
MONTH_WORDS = {lang: frozenset(MONTHS[lang]) for lang in MONTHS}
FULL_MONTH_WORDS = {lang: frozenset(FULL_MONTHS[lang]) for lang in FULL_MONTHS}
WEEKDAY_WORDS = {lang: frozenset(WEEKDAYS[lang]) for lang in WEEKDAYS}
MONTH_AND_WEEKDAY_WORDS = {lang: MONTH_WORDS[lang] | WEEKDAY_WORDS[lang] for lang in MONTHS}
_HAS_DIGIT = re.compile(r"\d")
_YEAR_ALONE = re.compile(_YEAR)  # what MONTH_YEAR_PATTERNS need: most sentences have no year


# Narrowing evidence: "depuis le 11 novembre" / "since November 11" and a period of N days.
SINCE_PATTERNS = {
    "fr": _compile(r"\bdepuis\s+(?:le\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
                   rf"{_DAY}(?!\d)\s+(?P<m>{_alt(MONTHS['fr'])})\.?(?!\w)"),
    "en": _compile(rf"\bsince\s+(?:(?P<m>{_alt(MONTHS['en'])})\.?\s+{_DAY}(?:st|nd|rd|th)?(?!\w)"
                   rf"|(?P<d2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_alt(MONTHS['en'])})"
                   r"\.?(?!\w))"),
}
PERIOD_PATTERNS = {
    "fr": _compile(rf"\b(?:période|intervalle|espace)\s+de\s+(?P<n>{_count_alt('fr')})\s+jours\b"
                   rf"|\b(?:les|ces)\s+(?P<n2>{_count_alt('fr')})\s+derniers\s+jours\b"
                   rf"|\ben\s+(?P<n3>{_count_alt('fr')})\s+jours\b"),
    "en": _compile(rf"\b(?P<n>{_count_alt('en')})-day\s+(?:period|span|stretch)\b"
                   rf"|\b(?:past|last)\s+(?P<n2>{_count_alt('en')})\s+days\b"
                   rf"|\bin\s+(?P<n3>{_count_alt('en')})\s+days\b"),
}
# Every match of SINCE_PATTERNS or PERIOD_PATTERNS holds one of these as a whole word, lower-cased: a sentence
# without them (and without a letter re.IGNORECASE reads otherwise than str.lower()) is not scanned.
# tests/claims/test_dates.py spells out every match of the patterns to check it.
SINCE_WORDS = {"fr": frozenset({"depuis"}), "en": frozenset({"since"})}
PERIOD_WORDS = {"fr": frozenset({"jours"}), "en": frozenset({"day", "days"})}
FUTURE_AFTER = _compile(r"\s*(?:prochain|next|à\s+venir|upcoming)\b")


def parse(value: str, certainty: str = "given") -> ArticleDate:
    """Parse YYYY-MM or YYYY-MM-DD into an ArticleDate; ValueError when it is not a real date."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value.strip())
    if not m:
        raise ValueError(f"not a date of the form YYYY-MM or YYYY-MM-DD: {value!r}")
    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3)) if m.group(3) else None
    dt.date(year, month, day or 1)  # raises ValueError for impossible dates
    return ArticleDate(year, month, day, certainty)


# ---------------------------------------------------------------------------------------------------------
# Small date helpers


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@lru_cache(maxsize=64)
def article_bounds(article_date: ArticleDate | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day the article date allows; None when there is no usable date.
    Cached: every sentence of an article asks for the same date's bounds."""
    if article_date is None:
        return None
    try:
        if article_date.month is None:
            return dt.date(article_date.year, 1, 1), dt.date(article_date.year, 12, 31)
        if article_date.day is None:
            return (dt.date(article_date.year, article_date.month, 1),
                    month_end(article_date.year, article_date.month))
        day = dt.date(article_date.year, article_date.month, article_date.day)
    except (ValueError, TypeError):
        return None
    return day, day


def weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def month_part_span(year: int, month: int, part: str) -> tuple[dt.date, dt.date]:
    """'early' → days 1–10, 'mid' → 11–20, 'late' → 21 to the month's last day."""
    first_day, last_day = MONTH_PARTS[part]
    end = month_end(year, month)
    return dt.date(year, month, first_day), end if last_day >= end.day else dt.date(year, month, last_day)


def middle_month(first: dt.date, last: dt.date) -> str:
    middle = first + (last - first) / 2
    return f"{middle.year:04d}-{middle.month:02d}"


def _count(text: str, lang: str) -> int | None:
    text = text.lower()
    if text.isdigit():
        return int(text)
    return COUNT_WORDS.get(lang, {}).get(text)


# re.IGNORECASE reads "ſ" as "s" and "ı", "İ" as "i": a name matched with them is looked up as written so.
_LOOKALIKE_LETTERS = str.maketrans({"ſ": "s", "ı": "i", "İ": "i"})


def _name_key(word: str) -> str:
    """The small-letter key of a month or weekday name the patterns matched."""
    return word.translate(_LOOKALIKE_LETTERS).lower()


@lru_cache(maxsize=256)
def _month_number(word: str, lang: str) -> int | None:
    return MONTHS.get(lang, {}).get(_name_key(word).rstrip("."))


@lru_cache(maxsize=256)
def _weekday_number(word: str, lang: str) -> int:
    return WEEKDAYS[lang][_name_key(word)]


def _day_number(text: str) -> int:
    return 1 if text.lower() == "1er" else int(text)


def _describe(article_date: ArticleDate) -> str:
    suffix = f" ({article_date.certainty})" if article_date.certainty in ("narrowed", "assumed") else ""
    return f"the article date {article_date.value}{suffix}"


# ---------------------------------------------------------------------------------------------------------
# Year inference for dates written without their year


def infer_year(month: int, day: int | None, article_date: ArticleDate, direction: str | None) -> int:
    """The year of a month (and day) written without one.

    News looks back: a month after the article's month is last year's ("en décembre" in a November
    article). "prochain"/"next" looks forward, "dernier"/"last" strictly back.
    """
    year = article_date.year
    ref_month = article_date.month or 12
    if direction in ("prochain", "next"):
        # With an unknown article day, a day of the article's month counts as still to come.
        later = (month, day) > (ref_month, article_date.day or 0) if day else month > ref_month
        return year if later else year + 1
    if direction in ("dernier", "last"):
        earlier = (month, day) < (ref_month, article_date.day or 32) if day else month < ref_month
        return year if earlier else year - 1
    return year if month <= ref_month else year - 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------
# scan


class Scan(NamedTuple):
    """A sentence's date expressions as the patterns matched them, before any article date. `narrow` reads the
    body sentences' explicit dates and weekdays, and `find` resolves every match against the narrowed date:
    given one Scan per sentence (see claims.extract), both read one scan of each sentence."""
    written_out: tuple[dict, ...] = ()  # ISO and d/m/y dates, items already: they need no article date
    explicit: tuple[re.Match, ...] = ()  # EXPLICIT_PATTERNS (a day and a month), resolved by _explicit_item
    day_and_month: bool = False  # _may_hold_day_and_month, which narrow's "depuis le D" evidence needs too
    month_years: tuple[re.Match, ...] = ()
    months: tuple[re.Match, ...] = ()
    relative: tuple[re.Match, ...] = ()
    weekday_word: bool = False  # a weekday name is a word of the sentence: narrow reads only these weekdays
    weekdays: tuple[re.Match, ...] = ()


def scan(sentence: str, lang: str, dated: bool = True) -> Scan:
    """The matches of every date pattern in the sentence. Relative dates and weekdays resolve only against an
    article date: without one (`dated` False) they are not scanned."""
    lang = base_language(lang)
    words = letter_words(sentence)
    has_names = not words.isdisjoint(MONTH_AND_WEEKDAY_WORDS.get(lang, ()))
    # A month pattern needs a full month name, a weekday pattern a weekday name, as a whole word; a letter that
    # re.IGNORECASE reads otherwise than str.lower() ("ſ") may hide it from the word test.
    lookalike = has_names and has_ignorecase_lookalike(sentence)
    has_month = has_names and (lookalike or not words.isdisjoint(FULL_MONTH_WORDS[lang]))
    weekday_word = has_names and not words.isdisjoint(WEEKDAY_WORDS[lang])
    has_weekday = dated and (weekday_word or lookalike)
    has_relative = dated and not words.isdisjoint(RELATIVE_TRIGGERS.get(lang, ()))
    written_out, explicit, day_and_month = _scan_explicit_dates(sentence, lang)
    return Scan(written_out, explicit, day_and_month,
                month_years=_month_year_matches(sentence, lang) if has_month else (),
                months=tuple(MONTH_PATTERNS[lang].finditer(sentence)) if has_month else (),
                relative=tuple(RELATIVE_PATTERNS[lang].finditer(sentence)) if has_relative else (),
                weekday_word=weekday_word,
                weekdays=tuple(WEEKDAY_PATTERNS[lang].finditer(sentence)) if has_weekday else ())


def _may_hold_day_and_month(sentence: str, lang: str) -> bool:
    """False when the sentence has no digit or no month word, so no "12 novembre" can be in it."""
    if _HAS_DIGIT.search(sentence) is None:
        return False
    return may_hold_word(sentence, MONTH_WORDS.get(lang, frozenset()))


def _scan_explicit_dates(sentence: str, lang: str) -> tuple[tuple[dict, ...], tuple[re.Match, ...], bool]:
    """The sentence's ISO and d/m/y dates as items, the EXPLICIT_PATTERNS matches, whose items depend on the
    article date, and whether the sentence may hold a day and a month."""
    if not _HAS_DIGIT.search(sentence):
        return (), (), False  # every explicit date has a digit: skip the costlier patterns
    out = []
    for m in ISO_DATE.finditer(sentence) if DATE_HINTS[ISO_DATE].search(sentence) else ():
        day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if day:
            out.append(_item(m.group(), m.start(), m.end(), day.isoformat(), "exact"))
    for m in SLASH_DATE.finditer(sentence) if DATE_HINTS[SLASH_DATE].search(sentence) else ():
        a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
        day_first = lang != "en" or a > 12
        day = _safe_date(year, b, a) if day_first else _safe_date(year, a, b)
        if day:
            note = "" if day_first else "read as month/day/year (US order)"
            out.append(_item(m.group(), m.start(), m.end(), day.isoformat(), "exact", note))
    if not _may_hold_day_and_month(sentence, lang):
        return tuple(out), (), False
    return tuple(out), tuple(m for regex in EXPLICIT_PATTERNS.get(lang, ()) for m in regex.finditer(sentence)), True


def _month_year_matches(sentence: str, lang: str) -> tuple[re.Match, ...]:
    if not _YEAR_ALONE.search(sentence):
        return ()  # most sentences have no year
    return tuple(MONTH_YEAR_PATTERNS[lang].finditer(sentence))


# ---------------------------------------------------------------------------------------------------------
# find


def _item(match_text: str, start: int, end: int, value: str, certainty: str, note: str = "",
          span: tuple[dt.date, dt.date] | None = None) -> dict:
    item = {"text": match_text, "value": value, "certainty": certainty, "start": start, "end": end}
    if span is not None:
        item["range"] = [span[0].isoformat(), span[1].isoformat()]
    if note:
        item["note"] = note
    return item


def _explicit_dates(sentence: str, lang: str, scanned: Scan, article_date: ArticleDate | None) -> list[dict]:
    if not scanned.written_out and not scanned.explicit:
        return []  # most sentences
    # Fresh dicts each time: callers own what they are given.
    out = [dict(item) for item in scanned.written_out]
    for m in scanned.explicit:
        item = _explicit_item(m, sentence, lang, article_date)
        if item:
            out.append(item)
    return out


def _explicit_item(m: re.Match, sentence: str, lang: str, article_date: ArticleDate | None) -> dict | None:
    month_word = m["m"]
    if lang == "en" and not month_word[0].isupper():
        return None  # English capitalises months; "may 5" is not May 5
    month = _month_number(month_word, lang)
    day = _day_number(m["d"])
    written_rel = m["rel"] if "rel" in m.re.groupindex else None  # only the French pattern has the group
    rel = written_rel
    if rel is None and FUTURE_AFTER.match(sentence, m.end()):
        rel = "prochain"
    end = m.end() if written_rel is None else m.start("rel") - 1
    end = m.start() + len(sentence[m.start():end].rstrip())  # the match starts at a digit or a letter
    before = WEEKDAY_BEFORE[lang].search(sentence, max(0, m.start() - 16), m.start())
    start = before.start() if before else m.start()
    weekday_word = before["wd"] if before else None
    text = sentence[start:end]
    if m["y"]:
        found = _safe_date(int(m["y"]), month, day)
        certainty, note = "exact", ""
    elif article_date is None:
        return None
    else:
        year = infer_year(month, day, article_date, rel)
        found = _safe_date(year, month, day)
        certainty, note = "inferred", f"year {year} taken from {_describe(article_date)}"
    if found is None:
        return None
    if weekday_word and found.weekday() != _weekday_number(weekday_word, lang):
        # Worth a fact-checker's look: the text's weekday and date disagree.
        note = "; ".join(filter(None, [note, f"the text's weekday does not match: {found.isoformat()} is a "
                                             f"{WEEKDAY_NAMES_EN[found.weekday()]}"]))
    return _item(text, start, end, found.isoformat(), certainty, note)


def _month_dates(scanned: Scan, lang: str, article_date: ArticleDate | None) -> list[dict]:
    if not scanned.months and not scanned.month_years:
        return []  # most sentences
    out = []
    for m in scanned.month_years:
        if lang == "en" and not m["m"][0].isupper():
            continue
        month = _month_number(m["m"], lang)
        out.append(_item(m.group(), m.start(), m.end(), f"{int(m['y']):04d}-{month:02d}", "exact"))
    for m in scanned.months:
        try:
            item = _month_item(m, lang, article_date)
        except ValueError:
            continue  # year 0 or 10000: outside the calendar
        if item:
            out.append(item)
    return out


def _month_part(modifier: str) -> str | None:
    modifier = modifier.lower()
    if any(w in modifier for w in ("début", "early", "beginning", "start")):
        return "early"
    if any(w in modifier for w in ("fin", "late", "end")):
        return "late"
    if any(w in modifier for w in ("mi-", "mid", "middle")):
        return "mid"
    return None


def _month_item(m: re.Match, lang: str, article_date: ArticleDate | None) -> dict | None:
    if lang == "en" and not m["m"][0].isupper():
        return None
    month = _month_number(m["m"], lang)
    modifier = m["mod"].strip().lower()
    part = _month_part(modifier)
    rel = m.groupdict().get("rel") or (modifier if modifier in ("last", "next", "this") else None)
    # The surface text starts at the modifier only when it carries meaning (a part or a direction).
    start = m.start() if part or modifier in ("last", "next", "this") else m.start("m")
    if m["y"]:
        year, certainty, note = int(m["y"]), "exact", ""
    elif article_date is None:
        return None
    else:
        year = article_date.year if rel == "this" else infer_year(month, None, article_date, rel)
        certainty, note = "inferred", f"year {year} taken from {_describe(article_date)}"
    value = f"{year:04d}-{month:02d}"
    if part:
        span = month_part_span(year, month, part)
        note = "; ".join(filter(None, [f"{part} {MONTH_NAMES_EN[month]} read as days "
                                       f"{span[0].day}–{span[1].day}", note]))
        return _item(m.group()[start - m.start():], start, m.end(), value, "approximate", note, span)
    return _item(m.group()[start - m.start():], start, m.end(), value, certainty, note)


def _weekday_dates(sentence: str, scanned: Scan, lang: str, article_date: ArticleDate | None) -> list[dict]:
    bounds = article_bounds(article_date) if scanned.weekdays else None  # most sentences have none
    if bounds is None:
        return []
    out = []
    for m in scanned.weekdays:
        if lang == "en" and not m["wd"][0].isupper():
            continue
        try:
            out.append(_weekday_item(m, sentence, lang, bounds, article_date))
        except (ValueError, OverflowError):
            continue  # outside the calendar
    return out


def _weekday_item(m: re.Match, sentence: str, lang: str, bounds: tuple[dt.date, dt.date],
                  article_date: ArticleDate) -> dict:
    """A weekday as the latest (or, with "prochain"/"next", the first following) such day."""
    weekday = _weekday_number(m["wd"], lang)
    rel = (m["rel"] or "").lower()
    if rel in ("prochain", "next") or (not rel and FUTURE_AFTER.match(sentence, m.end())):
        first = weekday_on_or_after(bounds[0] + dt.timedelta(days=1), weekday)
        last = weekday_on_or_after(bounds[1] + dt.timedelta(days=1), weekday)
        how = "the first {} after"
    elif rel in ("dernier", "last", "past"):
        first = weekday_on_or_before(bounds[0] - dt.timedelta(days=1), weekday)
        last = weekday_on_or_before(bounds[1] - dt.timedelta(days=1), weekday)
        how = "the last {} before"
    else:
        first = weekday_on_or_before(bounds[0], weekday)
        last = weekday_on_or_before(bounds[1], weekday)
        how = "the latest {} on or before"
    how = how.format(WEEKDAY_NAMES_EN[weekday])
    start = m.start() if rel and rel != "this" else m.start("wd")
    return _point_item(sentence, start, m.end(), first, last, article_date, how)


def _point_item(sentence: str, start: int, end: int, first: dt.date, last: dt.date,
                article_date: ArticleDate, how: str) -> dict:
    """A single day, known exactly when the article's day is known, else placed within a range."""
    text = sentence[start:end]
    if first == last:
        return _item(text, start, end, first.isoformat(), "inferred", f"{how} {_describe(article_date)}")
    note = (f"{how} {_describe(article_date)}; the article's day is unknown, so somewhere from "
            f"{first.isoformat()} to {last.isoformat()}")
    return _item(text, start, end, middle_month(first, last), "approximate", note, (first, last))


def _span_item(text: str, start: int, end: int, first: dt.date, last: dt.date, article_date: ArticleDate,
               what: str) -> dict:
    note = (f"{what}, counted from {_describe(article_date)}: from {first.isoformat()} to "
            f"{last.isoformat()}; the value is the middle month, not a date")
    return _item(text, start, end, middle_month(first, last), "range", note, (first, last))


def _relative_dates(scanned: Scan, lang: str, article_date: ArticleDate | None) -> list[dict]:
    bounds = article_bounds(article_date) if scanned.relative else None  # most sentences have none
    if bounds is None:
        return []
    out = []
    for m in scanned.relative:
        index = int(m.lastgroup[2:])
        _, kind, arg = RELATIVE_RULES[lang][index]
        groups = {short: m[name] for name, short in _RELATIVE_GROUPS[lang][index] if m[name] is not None}
        try:
            item = _resolve_relative(m, groups, kind, arg, lang, bounds, article_date)
        except (ValueError, OverflowError):
            continue  # the date would fall outside the calendar (an article date near year 1 or 9999)
        if item:
            out.append(item)
    return out


def _resolve_relative(m: re.Match, groups: dict, kind: str, arg, lang: str,
                      bounds: tuple[dt.date, dt.date], article_date: ArticleDate) -> dict | None:
    lo, hi = bounds
    text, start, end = m.group(), m.start(), m.end()
    if kind == "shift":
        delta = dt.timedelta(days=arg)
        how = {-2: "two days before", -1: "the day before", 0: "the same day as", 1: "the day after",
               2: "two days after"}[arg]
        return _point_item(m.string, start, end, lo + delta, hi + delta, article_date, how)
    if kind == "ago":
        return _ago_item(m, groups, lang, lo, hi, article_date)
    if kind == "week":
        first = lo - dt.timedelta(days=lo.weekday()) + dt.timedelta(weeks=arg)
        last = hi if arg == 0 else hi - dt.timedelta(days=hi.weekday()) + dt.timedelta(weeks=arg, days=6)
        what = {0: "this week (Monday to the article date)", -1: "last week (Monday to Sunday)",
                1: "next week (Monday to Sunday)"}[arg]
        return _span_item(text, start, end, first, last, article_date, what)
    if kind in ("month", "month_so_far"):
        first_month = add_months(lo.replace(day=1), arg)
        last_month = add_months(hi.replace(day=1), arg)
        if first_month != last_month:
            return _span_item(text, start, end, first_month, month_end(last_month.year, last_month.month),
                              article_date, "a month relative to the article's month")
        if kind == "month_so_far":
            return _span_item(text, start, end, first_month, hi, article_date,
                              "this month up to the article date")
        return _item(text, start, end, first_month.strftime("%Y-%m"), "inferred",
                     f"the month {'before' if arg < 0 else 'after'} {_describe(article_date)}")
    if kind == "month_part":
        offset = -1 if arg == "late_last" or groups.get("last") else 0
        part = "late" if arg == "late_last" else arg
        month_start = add_months(hi.replace(day=1), offset)
        span = month_part_span(month_start.year, month_start.month, part)
        note = (f"{part} in the month of {_describe(article_date)}, read as days {span[0].day}–{span[1].day}")
        return _item(text, start, end, month_start.strftime("%Y-%m"), "approximate", note, span)
    if kind == "year":
        if arg == 0:
            return _span_item(text, start, end, dt.date(hi.year, 1, 1), hi, article_date,
                              "this year up to the article date")
        year = hi.year + arg
        return _span_item(text, start, end, dt.date(year, 1, 1), dt.date(year, 12, 31), article_date,
                          "last year")
    if kind == "recent":
        first = add_months(lo, -RECENT_MONTHS) if arg == "months" else lo - dt.timedelta(days=RECENT_DAYS[arg])
        what = (f"recent {arg}, taken as the {RECENT_MONTHS} months before the article"
                if arg == "months" else f"recent {arg}, taken as the {RECENT_DAYS[arg]} days before the article")
        return _span_item(text, start, end, first, hi, article_date, what)
    if kind == "recent_n":
        count = _count(groups.get("n") or groups.get("n2") or "", lang)
        unit = UNIT_WORDS.get((groups.get("u") or groups.get("u2") or "").lower())
        if count is None or unit is None:
            return None
        first = _shift_back(lo, count, unit)
        return _span_item(text, start, end, first, hi, article_date, f"the last {count} {unit}s")
    return None


def _shift_back(day: dt.date, count: int, unit: str) -> dt.date:
    if unit == "day":
        return day - dt.timedelta(days=count)
    if unit == "week":
        return day - dt.timedelta(weeks=count)
    if unit == "month":
        return add_months(day, -count)
    return add_months(day, -12 * count)


def _ago_item(m: re.Match, groups: dict, lang: str, lo: dt.date, hi: dt.date,
              article_date: ArticleDate) -> dict | None:
    count = _count(groups.get("n", ""), lang)
    unit = UNIT_WORDS.get(groups.get("u", "").lower())
    if count is None or unit is None or count > 10000:
        return None
    text, start, end = m.group(), m.start(), m.end()
    first, last = _shift_back(lo, count, unit), _shift_back(hi, count, unit)
    how = f"{count} {unit}{'s' if count != 1 else ''} before"
    if unit == "day":
        return _point_item(m.string, start, end, first, last, article_date, how)
    if unit == "week":
        item = _point_item(m.string, start, end, first, last, article_date, how)
        item["certainty"] = "approximate"
        return item
    # Months and years ago name a month at best.
    first_month, last_month = first.strftime("%Y-%m"), last.strftime("%Y-%m")
    if first_month == last_month:
        return _item(text, start, end, first_month, "approximate", f"about {how} {_describe(article_date)}")
    return _item(text, start, end, middle_month(first, last), "approximate",
                 f"about {how} {_describe(article_date)}", (first, last))


def _start_then_longest(item: dict) -> tuple[int, int]:
    return item["start"], item["start"] - item["end"]


def _start(item: dict) -> int:
    return item["start"]


def find(sentence: str, lang: str, article_date: ArticleDate | None, scanned: Scan | None = None) -> list[dict]:
    """Every date expression in the sentence, resolved against the (narrowed) article date; `scanned`, when
    given, is the sentence's scan (else it is scanned here)."""
    if not sentence:
        return []
    lang = base_language(lang)
    if scanned is None:
        scanned = scan(sentence, lang, article_bounds(article_date) is not None)
    found, taken = [], TakenSpans(len(sentence))
    # Most specific first: a full date wins over the month or weekday inside it.
    groups = (_explicit_dates(sentence, lang, scanned, article_date),
              _month_dates(scanned, lang, article_date),
              _relative_dates(scanned, lang, article_date),
              _weekday_dates(sentence, scanned, lang, article_date))
    for items in groups:
        for item in sorted(items, key=_start_then_longest):
            if taken.overlaps(item["start"], item["end"]):
                continue
            taken.add(item["start"], item["end"])
            found.append(item)
    found.sort(key=_start)
    return found


# ---------------------------------------------------------------------------------------------------------
# narrow


def _body_sentences(text: str, body_spans: list[tuple[int, int]], scans: list[Scan] | None,
                    lang: str) -> list[tuple[str, Scan]]:
    """The body sentences with their scans: the given ones, else scanned here."""
    if scans is None:
        scans = [None] * len(body_spans)
    out = []
    for (start, end), scanned in zip(body_spans, scans, strict=True):
        if 0 <= start < end <= len(text):
            sentence = text[start:end]
            out.append((sentence, scanned or scan(sentence, lang)))
    return out


def _latest_explicit_day(sentences: list[tuple[str, Scan]], lang: str, article_date: ArticleDate,
                         first: dt.date, last: dt.date) -> tuple[dt.date | None, str]:
    latest, text = None, ""
    for sentence, scanned in sentences:
        for item in _explicit_dates(sentence, lang, scanned, article_date):
            if len(item["value"]) != 10 or FUTURE_AFTER.match(sentence, item["end"]):
                continue
            day = dt.date.fromisoformat(item["value"])
            if first <= day <= last and (latest is None or day > latest):
                latest, text = day, item["text"]
    return latest, text


def _since_plus_period(sentences: list[tuple[str, Scan]], lang: str, article_date: ArticleDate,
                       first: dt.date, last: dt.date, lower: dt.date | None) -> list[tuple[dt.date, str]]:
    """Dates given by 'depuis le D' with 'période de N jours' in the same or the next sentence: D + N, with
    what says so. Each pair of a 'depuis' and a period is read in the text's order, and only those that give
    a later day than every one before (and than `lower`) are returned: the evidence that moves the lower
    bound. Each sentence's periods are read once; a day past the window never counts, so the pairs need not
    all be built (a sentence of many of each would make them as many as their product)."""
    since_re, period_re = SINCE_PATTERNS.get(lang), PERIOD_PATTERNS.get(lang)
    if since_re is None or period_re is None:
        return []
    out = []
    periods_of: dict[int, tuple[dict[int, re.Match], int]] = {}  # sentence index → its periods, longest
    for index, (sentence, scanned) in enumerate(sentences):
        if not scanned.day_and_month or not may_hold_word(sentence, SINCE_WORDS[lang]):
            continue  # "depuis le D M" needs all three: most sentences are ruled out without the pattern
        for since in since_re.finditer(sentence):
            month = _month_number(since["m"] or since.groupdict().get("m2") or "", lang)
            day_text = since["d"] or since.groupdict().get("d2")
            if month is None or not day_text:
                continue
            start_day = _safe_date(infer_year(month, None, article_date, None), month, _day_number(day_text))
            if start_day is None:
                continue
            # The periods that fit the window, in the text's order: this sentence's, then the next one's.
            fitting = []
            for offset in (0, 1):
                if index + offset >= len(sentences):
                    continue
                if index + offset not in periods_of:
                    by_count = _first_period_of_each_count(sentences[index + offset][0], lang, period_re)
                    periods_of[index + offset] = by_count, max(by_count, default=0)
                by_count, longest = periods_of[index + offset]
                if longest > (dt.date.max - start_day).days:
                    raise OverflowError("a period ends past year 9999")  # as adding it to the day would
                fitting += sorted((period.start(), count, period, offset)
                                  for count, period in _counts_in(by_count, (first - start_day).days,
                                                                  (last - start_day).days))
            for _, count, period, offset in fitting:
                end_day = start_day + dt.timedelta(days=count)
                if lower is not None and end_day <= lower:
                    continue
                lower = end_day
                out.append((end_day, f"'{since.group()}' with '{period.group()}'"
                                     f"{' in the next sentence' if offset else ''} gives "
                                     f"{end_day.isoformat()} ({day_text} + {count} days)"
                                     + _weekday_agreement(sentence, lang, end_day)))
    return out


def _first_period_of_each_count(sentence: str, lang: str, period_re: re.Pattern) -> dict[int, re.Match]:
    """Count of days → the first period in the sentence that gives it (a later one with the same count can
    never move a bound further)."""
    found: dict[int, re.Match] = {}
    if not may_hold_word(sentence, PERIOD_WORDS[lang]):
        return found
    for period in period_re.finditer(sentence):
        count = _count(period["n"] or period["n2"] or period["n3"], lang)
        if count:
            found.setdefault(count, period)
    return found


def _counts_in(by_count: dict[int, re.Match], least: int, most: int):
    """(count, period) of the counts from `least` to `most` days: the shorter of the range and the counts."""
    wanted = range(max(least, 1), most + 1)
    if len(wanted) <= len(by_count):
        return [(count, by_count[count]) for count in wanted if count in by_count]
    return [(count, period) for count, period in by_count.items() if count in wanted]


def _weekday_agreement(sentence: str, lang: str, day: dt.date) -> str:
    """', a Thursday, as the sentence's 'jeudi' says' when a weekday in the sentence agrees with `day`."""
    regex = WEEKDAY_PATTERNS.get(lang)
    for m in regex.finditer(sentence) if regex else ():
        if _weekday_number(m["wd"], lang) == day.weekday():
            return f", a {WEEKDAY_NAMES_EN[day.weekday()]}, as the sentence's '{m['wd']}' says"
    return ""


def _weekday_mentions(sentences: list[tuple[str, Scan]], lang: str,
                      article_date: ArticleDate) -> list[tuple[int, str, int]]:
    """(weekday number, surface word, sentence index) of weekdays that point back in time."""
    out = []
    for index, (sentence, scanned) in enumerate(sentences):
        if not scanned.weekday_word:
            continue
        explicit = TakenSpans(len(sentence))
        for item in _explicit_dates(sentence, lang, scanned, article_date):
            explicit.add(item["start"], item["end"])
        for m in scanned.weekdays:
            rel = (m["rel"] or "").lower()
            if rel in ("prochain", "next") or FUTURE_AFTER.match(sentence, m.end()):
                continue
            if lang == "en" and not m["wd"][0].isupper():
                continue
            if explicit.overlaps(m.start("wd"), m.end("wd")):
                continue
            out.append((_weekday_number(m["wd"], lang), m["wd"], index))
    return out


def narrow(text: str, body_spans: list[tuple[int, int]], lang: str, article_date: ArticleDate | None,
           scans: list[Scan] | None = None) -> ArticleDate | None:
    """Narrow a month-only article date to a day using the text's own evidence. `scans`, when given, are the
    body sentences' scans, in the order of `body_spans`.

    Evidence, in order:
    1. Explicit dates in the article's month give a lower bound: the article is from that day or later.
    2. "depuis le D" / "since D" with "période de N jours" / "N-day period" / "past N days" in the same or
       the next sentence date the statement to D + N, a later lower bound.
    3. Weekday names in news refer to the most recent such day, after the dates the text mentions: each
       weekday resolves to the first such day on or after the lower bound.
    The narrowed date is the latest resolved weekday. Without a weekday (nothing but a lower bound), when a
    weekday falls beyond the month's end (the evidence conflicts), or when the date is already a day or only
    a year, the date is returned unchanged.
    """
    if article_date is None or article_date.month is None or article_date.day is not None:
        return article_date
    lang = base_language(lang)
    bounds = article_bounds(article_date)
    if bounds is None or lang not in MONTHS:
        return article_date
    try:
        return _narrowed(_body_sentences(text or "", body_spans or [], scans, lang), lang, article_date, bounds)
    except OverflowError:
        return article_date  # evidence past year 9999: nothing to narrow


def _narrowed(sentences: list[tuple[str, Scan]], lang: str, article_date: ArticleDate,
              bounds: tuple[dt.date, dt.date]) -> ArticleDate:
    first, last = bounds
    reasons = []
    lower, explicit_text = _latest_explicit_day(sentences, lang, article_date, first, last)
    if lower is not None:
        reasons.append(f"the latest explicit date in the text is '{explicit_text}' ({lower.isoformat()})")
    for day, described in _since_plus_period(sentences, lang, article_date, first, last, lower):
        lower = day
        reasons.append(described)
    if lower is None:
        return article_date
    resolved = []
    for weekday, word, _ in _weekday_mentions(sentences, lang, article_date):
        day = weekday_on_or_after(lower, weekday)
        if day > last:
            return article_date  # the evidence does not fit in the month: keep the month
        resolved.append((day, word))
    if not resolved:
        return article_date
    resolved.sort()
    weekday_notes = ", ".join(f"'{word}' = {day.isoformat()}" for day, word in dict.fromkeys(resolved))
    reasons.append("a weekday name in news means the most recent such day before publication, and it "
                   "comes after the dates the text mentions, so " + weekday_notes)
    narrowed = resolved[-1][0]
    note = (f"Narrowed from {article_date.value}: " + "; ".join(reasons)
            + f". The article is from {narrowed.isoformat()} or a little later.")
    return ArticleDate(narrowed.year, narrowed.month, narrowed.day, "narrowed", note)
