"""Dates: narrowing the article date from the text, and dates in sentences resolved against it."""
import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.claims import dates
from checker.claims.dates import ArticleDate
from checker.text import vocabulary
from checker.text.forms import regex_forms
from checker.text.scan import has_ignorecase_lookalike, letter_words

MONTH_ONLY = ArticleDate(2022, 11, None, "marker")
NARROWED = ArticleDate(2022, 11, 19, "narrowed")
VALUE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def only(sentence, lang, article_date):
    found = dates.find(sentence, lang, article_date)
    assert len(found) == 1, found
    return found[0]


def simple_spans(text):
    """Sentence spans good enough for tests: split where '.', '!' or '?' meets a capital, and at line ends."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:[^\n]*?)(?:[.!?](?=\s+[A-ZÀ-Ý«“])|(?=\n)|$)", text)]


@pytest.fixture
def seed_article(seed_text):
    """The seed's text without its date marker, and the marker's date."""
    marker = dates.MARKER.search(seed_text)
    return seed_text[marker.end():].lstrip(), dates.parse(f"{marker.group(1)}-{marker.group(2)}", "marker")


# parse and the marker

def test_marker_gives_a_month_only_article_date():
    m = dates.MARKER.search(" date 2022-11 Moscou et Téhéran")
    assert dates.parse(f"{m.group(1)}-{m.group(2)}", "marker") == MONTH_ONLY


def test_parse_rejects_impossible_dates():
    with pytest.raises(ValueError):
        dates.parse("2022-02-30")
    with pytest.raises(ValueError):
        dates.parse("November 2022")


# narrow

def test_seed_article_is_narrowed_to_saturday_19_november_2022(seed_article):
    text, marker = seed_article
    narrowed = dates.narrow(text, simple_spans(text), "fr", marker)
    assert (narrowed.year, narrowed.month, narrowed.day) == (2022, 11, 19)
    assert narrowed.certainty == "narrowed"
    assert "11 novembre" in narrowed.note and "six jours" in narrowed.note and "samedi" in narrowed.note


def test_english_text_is_narrowed_the_same_way():
    text = ("Russia and Iran agreed to build drones in Russia, the Washington Post reported Saturday. "
            "Since Nov. 11, Russia has launched about 150 missiles, a Ukrainian general said Thursday. "
            "More than 100 of the strikes over the six-day period were blocked.")
    narrowed = dates.narrow(text, simple_spans(text), "en", MONTH_ONLY)
    assert narrowed.value == "2022-11-19" and narrowed.certainty == "narrowed"


def test_without_weekdays_the_month_is_kept():
    text = "Depuis le 11 novembre, la Russie a lancé 150 missiles."
    assert dates.narrow(text, simple_spans(text), "fr", MONTH_ONLY) == MONTH_ONLY


def test_without_explicit_dates_the_month_is_kept():
    text = "Le Washington Post a rapporté samedi que l'accord était conclu."
    assert dates.narrow(text, simple_spans(text), "fr", MONTH_ONLY) == MONTH_ONLY


def test_evidence_beyond_the_month_end_keeps_the_month():
    text = "Depuis le 28 novembre, les frappes continuent, a dit mardi le ministre."
    # 28 Nov 2022 is a Monday; the next Tuesday is 29 Nov, inside the month: narrowed.
    assert dates.narrow(text, simple_spans(text), "fr", MONTH_ONLY).value == "2022-11-29"
    text = "Depuis le 30 novembre, les frappes continuent, a dit mardi le ministre."
    assert dates.narrow(text, simple_spans(text), "fr", MONTH_ONLY) == MONTH_ONLY


def test_a_known_day_or_no_date_is_returned_unchanged(seed_article):
    text, _ = seed_article
    given_day = ArticleDate(2022, 11, 20, "given")
    assert dates.narrow(text, simple_spans(text), "fr", given_day) is given_day
    assert dates.narrow(text, simple_spans(text), "fr", None) is None


def test_headlines_outside_the_body_spans_are_not_evidence():
    text = "Depuis le 11 novembre, des frappes. Samedi à la une."
    spans = simple_spans(text)
    assert dates.narrow(text, spans[:1], "fr", MONTH_ONLY) == MONTH_ONLY


def test_future_weekdays_do_not_narrow():
    text = "Le 11 novembre, il a annoncé un sommet samedi prochain."
    assert dates.narrow(text, simple_spans(text), "fr", MONTH_ONLY) == MONTH_ONLY


# find: explicit dates

@pytest.mark.parametrize("sentence, lang, text, value, certainty", [
    ("Depuis le 11 novembre, les frappes", "fr", "11 novembre", "2022-11-11", "inferred"),
    ("le 11 novembre 2022", "fr", "11 novembre 2022", "2022-11-11", "exact"),
    ("le 1er novembre", "fr", "1er novembre", "2022-11-01", "inferred"),
    ("le 3 janv. 2023", "fr", "3 janv. 2023", "2023-01-03", "exact"),
    ("le 5 févr.", "fr", "5 févr.", "2022-02-05", "inferred"),
    ("le 5 fevrier", "fr", "5 fevrier", "2022-02-05", "inferred"),
    ("Since Nov. 11, the strikes", "en", "Nov. 11", "2022-11-11", "inferred"),
    ("on November 11, 2022,", "en", "November 11, 2022", "2022-11-11", "exact"),
    ("on 11 November the strikes", "en", "11 November", "2022-11-11", "inferred"),
    ("on Sept. 5 the strikes", "en", "Sept. 5", "2022-09-05", "inferred"),
    ("le 19/11/2022", "fr", "19/11/2022", "2022-11-19", "exact"),
    ("published 2022-11-19", "en", "2022-11-19", "2022-11-19", "exact"),
])
def test_explicit_dates(sentence, lang, text, value, certainty):
    d = only(sentence, lang, NARROWED)
    assert (d["text"], d["value"], d["certainty"]) == (text, value, certainty)
    assert sentence[d["start"]:d["end"]] == d["text"]


def test_a_day_after_the_article_month_is_last_year_unless_said_to_come():
    assert only("le 5 décembre", "fr", NARROWED)["value"] == "2021-12-05"
    assert only("le 5 décembre prochain", "fr", NARROWED)["value"] == "2022-12-05"


# find: months

@pytest.mark.parametrize("sentence, lang, value", [
    ("en août, 1 000 drones", "fr", "2022-08"), ("depuis son retrait en septembre", "fr", "2022-09"),
    ("en décembre", "fr", "2021-12"), ("in August", "en", "2022-08"), ("in December", "en", "2021-12"),
    ("en août 2021", "fr", "2021-08"), ("novembre 2022", "fr", "2022-11"), ("in May 2021", "en", "2021-05"),
    ("en octobre dernier", "fr", "2022-10"), ("last November", "en", "2021-11"),
])
def test_month_names(sentence, lang, value):
    assert only(sentence, lang, MONTH_ONLY)["value"] == value


@pytest.mark.parametrize("sentence, lang, value, first, last", [
    ("conclu début novembre", "fr", "2022-11", "2022-11-01", "2022-11-10"),
    ("fin octobre", "fr", "2022-10", "2022-10-21", "2022-10-31"),
    ("à la mi-novembre", "fr", "2022-11", "2022-11-11", "2022-11-20"),
    ("in early November", "en", "2022-11", "2022-11-01", "2022-11-10"),
    ("late October", "en", "2022-10", "2022-10-21", "2022-10-31"),
    ("au début du mois", "fr", "2022-11", "2022-11-01", "2022-11-10"),
])
def test_parts_of_months_are_approximate_ranges(sentence, lang, value, first, last):
    d = only(sentence, lang, MONTH_ONLY)
    assert (d["value"], d["certainty"], d["range"]) == (value, "approximate", [first, last])


def test_may_as_a_verb_is_not_a_month():
    assert dates.find("They may 5 times in may try again.", "en", NARROWED) == []


def test_sept_as_a_number_is_not_september():
    assert dates.find("en sept jours", "fr", NARROWED) == []


# find: weekdays and relative dates

@pytest.mark.parametrize("sentence, lang, value", [
    ("a rapporté samedi le Washington Post", "fr", "2022-11-19"),
    ("selon Oleksii Hromov jeudi", "fr", "2022-11-17"),
    ("reported on Saturday", "en", "2022-11-19"),
    ("said Thursday", "en", "2022-11-17"),
    ("samedi dernier", "fr", "2022-11-12"),
    ("last Friday", "en", "2022-11-18"),
    ("mardi prochain", "fr", "2022-11-22"),
    ("hier", "fr", "2022-11-18"),
    ("yesterday", "en", "2022-11-18"),
    ("aujourd'hui", "fr", "2022-11-19"),
    ("today", "en", "2022-11-19"),
    ("il y a trois jours", "fr", "2022-11-16"),
    ("three days ago", "en", "2022-11-16"),
])
def test_weekdays_and_days_resolve_against_a_known_day(sentence, lang, value):
    d = only(sentence, lang, NARROWED)
    assert (d["value"], d["certainty"]) == (value, "inferred")


def test_weekday_with_only_a_month_is_approximate_and_says_why():
    d = only("a rapporté samedi", "fr", MONTH_ONLY)
    assert d["value"] == "2022-11" and d["certainty"] == "approximate"
    assert d["range"] == ["2022-10-29", "2022-11-26"] and "unknown" in d["note"]


@pytest.mark.parametrize("sentence, lang, first, last", [
    ("Lloyd Austin a déclaré cette semaine", "fr", "2022-11-14", "2022-11-19"),
    ("said this week", "en", "2022-11-14", "2022-11-19"),
    ("la semaine dernière", "fr", "2022-11-07", "2022-11-13"),
    ("last week", "en", "2022-11-07", "2022-11-13"),
    ("plus tôt cette année", "fr", "2022-01-01", "2022-11-19"),
    ("earlier this year", "en", "2022-01-01", "2022-11-19"),
    ("ces derniers mois", "fr", "2022-08-19", "2022-11-19"),
    ("in recent months", "en", "2022-08-19", "2022-11-19"),
])
def test_spans_are_ranges(sentence, lang, first, last):
    d = only(sentence, lang, NARROWED)
    assert d["certainty"] == "range" and d["range"] == [first, last]
    assert VALUE.fullmatch(d["value"]) and "not a date" in d["note"]


def test_this_week_value_is_the_month():
    assert only("cette semaine", "fr", NARROWED)["value"] == "2022-11"


def test_last_month_is_a_month():
    d = only("le mois dernier", "fr", NARROWED)
    assert (d["value"], d["certainty"]) == ("2022-10", "inferred")


def test_without_an_article_date_only_dates_with_a_year_are_resolved():
    sentence = "Le 11 novembre 2022, samedi, hier, en août et le 12 novembre, cette semaine."
    assert [d["value"] for d in dates.find(sentence, "fr", None)] == ["2022-11-11"]


# The seed article

def test_seed_article_dates(seed_article):
    text, marker = seed_article
    spans = simple_spans(text)
    article_date = dates.narrow(text, spans, "fr", marker)
    found = {}
    for start, end in spans:
        for d in dates.find(text[start:end], "fr", article_date):
            found[d["text"]] = d
    assert found["samedi"]["value"] == "2022-11-19"
    assert found["jeudi"]["value"] == "2022-11-17"
    assert found["11 novembre"]["value"] == "2022-11-11"
    assert found["début novembre"]["value"] == "2022-11"
    assert found["début novembre"]["range"] == ["2022-11-01", "2022-11-10"]
    assert found["août"]["value"] == "2022-08"
    assert found["septembre"]["value"] == "2022-09"
    assert found["au début du mois"]["certainty"] == "approximate"
    assert found["cette semaine"]["range"] == ["2022-11-14", "2022-11-19"]
    assert found["plus tôt cette année"]["certainty"] == "range"
    assert found["ces derniers mois"]["certainty"] == "range"


# Robustness

ARTICLE_DATES = st.sampled_from([None, MONTH_ONLY, NARROWED, ArticleDate(2024, 2, 29), ArticleDate(2023),
                                 ArticleDate(2022, 1, 1), ArticleDate(2022, 12, 31)])


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["fr", "en", "de", "", "he"]), ARTICLE_DATES)
def test_find_never_crashes_and_values_follow_the_contract(text, lang, article_date):
    for d in dates.find(text, lang, article_date):
        assert text[d["start"]:d["end"]] == d["text"]
        assert VALUE.fullmatch(d["value"])
        assert d["certainty"] in ("exact", "inferred", "approximate", "range")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["le", "31", "1er", "novembre", "Nov.", "février", "samedi", "Saturday",
                                 "depuis", "since", "période de six jours", "six-day period", "hier",
                                 "il y a", "trois", "jours", "cette semaine", "2022", "\u0301", "😀", ",",
                                 "prochain", "last", "début", "fin"]), max_size=14),
       ARTICLE_DATES, st.sampled_from(["fr", "en"]))
def test_date_shaped_noise_never_crashes(parts, article_date, lang):
    text = " ".join(parts)
    for d in dates.find(text, lang, article_date):
        assert VALUE.fullmatch(d["value"])
    narrowed = dates.narrow(text, simple_spans(text), lang, article_date)
    if narrowed is not None and narrowed is not article_date:
        assert narrowed.certainty == "narrowed"
        assert (narrowed.year, narrowed.month) == (article_date.year, article_date.month)


def test_narrowed_date_never_goes_beyond_the_month():
    text = "Depuis le 30 novembre, les frappes, a dit samedi le ministre. Depuis le 29 novembre, dimanche."
    result = dates.narrow(text, simple_spans(text), "fr", MONTH_ONLY)
    assert result == MONTH_ONLY or dt.date(result.year, result.month, result.day) <= dt.date(2022, 11, 30)


DATE_PIECES = st.sampled_from(["le ", "Le ", "1er ", "11 ", "3", "31", "2022", " ", "  ", "\n", ",", ".", "-", "of ",
                               "the ", "th ", "novembre", "Novembre", "nov.", "mai", "May", "June", "sept",
                               "samedi", "Samedi", "Saturday", "last ", "next ", "prochain", "dernier", "ſamedi",
                               "İ", "x", "début ", "fin ", "mi-", "en ", "2022-11-19", "19/11/2022"])


@settings(max_examples=300, deadline=None)
@given(st.lists(DATE_PIECES, max_size=25).map("".join))
def test_gated_date_scans_find_what_the_plain_patterns_find(text):
    scanners = [*dates.EXPLICIT_PATTERNS["fr"], *dates.EXPLICIT_PATTERNS["en"], *dates.WEEKDAY_PATTERNS.values(),
                *dates.MONTH_PATTERNS.values(), *dates.MONTH_YEAR_PATTERNS.values(), *dates.RELATIVE_PATTERNS.values()]
    for scanner in scanners:
        assert ([m.span() for m in scanner.finditer(text)]
                == [m.span() for m in scanner.pattern.finditer(text)])


@settings(max_examples=300, deadline=None)
@given(st.lists(DATE_PIECES, max_size=25).map("".join), st.sampled_from(["fr", "en"]))
def test_a_month_or_weekday_pattern_matches_only_where_its_name_is_a_word(text, lang):
    """find() scans for months only in sentences with a month name as a word, and for weekdays likewise."""
    words = letter_words(text)
    lookalike = has_ignorecase_lookalike(text)
    if any(scanner.pattern.search(text) for scanner in (dates.MONTH_PATTERNS[lang], dates.MONTH_YEAR_PATTERNS[lang])):
        assert lookalike or words & dates.FULL_MONTH_WORDS[lang]
    if dates.WEEKDAY_PATTERNS[lang].pattern.search(text):
        assert lookalike or words & dates.WEEKDAY_WORDS[lang]


@pytest.mark.parametrize("sentence, text", [
    ("Attacks doubled over the past 3 weeks.", "over the past 3 weeks"),  # the rule's first count, n and u
    ("Attacks doubled the past 3 weeks.", "the past 3 weeks"),  # its second, n2 and u2
])
def test_a_relative_period_reads_its_count_from_either_alternative(sentence, text):
    found = dates.find(sentence, "en", dates.parse("2022-11-17", "marker"))
    assert [(d["text"], d["certainty"], d["range"]) for d in found] == [(text, "range", ["2022-10-27", "2022-11-17"])]


def test_the_reach_is_where_the_first_anchor_of_any_form_starts():
    assert dates.anchor_reach({"au début du mois de mars", "en mars"}, {"mars"}) == len("au début du mois de ")


def test_a_form_without_an_anchor_word_is_refused():
    with pytest.raises(ValueError, match="la quinzaine"):
        dates.anchor_reach({"la quinzaine", "la semaine"}, {"semaine"})


# Words of the month openings and relative rules, their longest forms, and separators: whitespace runs stretch
# a match beyond its reach, and a trigger or month name without a match stops a search.
ANCHORED_PIECES = st.sampled_from([
    "au début du mois de ", "à la fin du mois d’", "À la mi- ", "jusqu'en ", "until the beginning of ",
    "since early ", "at the end of this ", "au cours des quatre dernières ", "over the past several ",
    "depuis le début de l'", "the day before ", "il y a 999 ", "ces ", "les ", "derniers ", "dernières ",
    "au ", "cours ", "des ", "de ", "du ", "d'", "la ", "le ", "fin ", "début ", "mi-", "en ", "in ", "the ",
    "of ", "past ", "last ", "next ", "this ", "early ", "late ", "recent ", "few ", "three ", "3 ",
    "août", "Août", "mars", "novembre", "May", "june", "September", "2022", "dernier", "prochain", "ago",
    "jours", "semaines", "mois", "an", "ans", "année", "hier", "demain", "aujourd’hui", "soir", "midi",
    "day", "days", "week", "months", "year", "yesterday", "tonight", "morning", "night",
    " ", "  ", " \n ", "\t", ",", ".", "-", "'", "x", "é", "ſ", "İ",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(ANCHORED_PIECES, max_size=30).map("".join))
def test_anchored_scans_find_what_the_plain_patterns_find(text):
    for scanner in (*dates.MONTH_PATTERNS.values(), *dates.RELATIVE_PATTERNS.values()):
        assert ([m.span() for m in scanner.finditer(text)]
                == [m.span() for m in scanner.pattern.finditer(text)])


@pytest.mark.parametrize("lang, form", [
    ("fr", "au début du mois de mars 2022"), ("fr", "à la fin du mois d’août dernier"),
    ("en", "until the beginning of September, 2022"), ("fr", "au cours des cinquante dernières semaines"),
    ("fr", "depuis le début de l’année"), ("en", "at the beginning of this month"),
    ("en", "over the past several days"), ("en", "during the past seventeen years"),
])
@pytest.mark.parametrize("space", [" ", "  ", " \n"])
def test_the_longest_month_and_relative_forms_are_found_whatever_the_spaces(lang, form, space):
    written = form.replace(" ", space)
    text = "Déjà, " + written + " et " + written + "."
    found = dates.find(text, lang, dates.parse("2022-11-19"))
    assert [d["text"] for d in found] == [written] * 2


@pytest.mark.parametrize("lang, month", [(lang, month) for lang in vocabulary.LANGUAGES
                                         for month in vocabulary.month_spellings(lang)])
def test_every_month_spelling_dates_a_day(lang, month):
    number = vocabulary.month_spellings(lang)[month]
    found = dates.find(f"Le 3 {month.capitalize()} 2022, rien.", lang, None)
    assert [d["value"] for d in found] == [f"2022-{number:02d}-03"]


@pytest.mark.parametrize("lang, count, value", [("fr", "quarante", 40), ("en", "seventeen", 17)])
def test_any_number_word_counts_days_back(lang, count, value):
    sentence = {"fr": f"Il y a {count} jours, rien.", "en": f"{count.capitalize()} days ago, nothing."}[lang]
    found = dates.find(sentence, lang, dates.parse("2022-11-19"))
    assert [d["value"] for d in found] == [(dt.date(2022, 11, 19) - dt.timedelta(days=value)).isoformat()]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_since_and_period_match_holds_one_of_the_words_their_scans_wait_for(lang):
    for patterns, words in ((dates.SINCE_PATTERNS, dates.SINCE_WORDS), (dates.PERIOD_PATTERNS, dates.PERIOD_WORDS)):
        for form in regex_forms(patterns[lang].pattern):
            assert words[lang] & set(re.findall(r"[^\W\d_]+", form.lower())), form


def test_every_written_out_date_holds_its_hint():
    for pattern, hint in dates.DATE_HINTS.items():
        for form in regex_forms(pattern.pattern):
            assert hint.search(form), form
