"""Quantities: value, singular unit lemma, bound and offsets, in French and English."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.claims import quantities
from checker.claims.dates import MARKER
from checker.text import vocabulary
from checker.text.forms import regex_forms


def only(sentence, lang):
    found = quantities.find(sentence, lang)
    assert len(found) == 1, found
    return found[0]


def summary(sentence, lang):
    return [(q["value"], q["unit"], q["bound"]) for q in quantities.find(sentence, lang)]


# Separators and decimals

def test_french_thousands_with_space_is_one_number():
    q = only("L'Iran a livré 1 000 drones.", "fr")
    assert (q["value"], q["unit"], q["text"]) == (1000, "drone", "1 000 drones")


@pytest.mark.parametrize("number", ["1\u00a0000", "1\u202f000", "1,000", "1.000"])
def test_every_thousands_separator_gives_one_thousand(number):
    assert only(f"Il y a {number} soldats.", "fr")["value"] == 1000


@pytest.mark.parametrize("text, value", [("3,5 km", 3.5), ("3.5 km", 3.5), ("0.125 km", 0.125),
                                         ("1,000.5 km", 1000.5), ("1.234,5 km", 1234.5)])
def test_short_digit_groups_are_decimals(text, value):
    q = only(f"Une route de {text}.", "fr")
    assert q["value"] == value and q["unit"] == "km"


def test_value_is_an_int_when_whole():
    assert isinstance(only("1,000 drones", "en")["value"], int)


# Number words, vague plurals and multipliers

def test_french_number_words_count():
    assert summary("les deux nations et trois mois plus tard, cinquante soldats", "fr") == [
        (2, "nation", "exact"), (3, "mois", "exact"), (50, "soldat", "exact")]


def test_french_compound_number_words():
    assert summary("quatre-vingt-dix jours, vingt-cinq ans, deux cent cinquante soldats", "fr") == [
        (90, "jour", "exact"), (25, "an", "exact"), (250, "soldat", "exact")]


def test_english_number_words_count():
    assert summary("two countries sent three hundred troops", "en") == [
        (2, "country", "exact"), (300, "troop", "exact")]


def test_des_centaines_is_at_least_a_hundred_and_marked_approximate():
    q = only("des centaines de drones Shahed-136", "fr")
    assert (q["value"], q["unit"], q["bound"], q["text"]) == (100, "drone", "at least",
                                                              "des centaines de drones")
    assert q["approximate"] is True and "note" in q


@pytest.mark.parametrize("sentence, lang, value, bound", [
    ("des dizaines de civils", "fr", 10, "at least"),
    ("des milliers de soldats", "fr", 1000, "at least"),
    ("une douzaine de pays", "fr", 12, "about"),
    ("dozens of civilians", "en", 12, "at least"),
    ("hundreds of drones", "en", 100, "at least"),
    ("thousands of troops", "en", 1000, "at least"),
    ("a dozen countries", "en", 12, "about"),
    ("tens of thousands of refugees", "en", 10000, "at least"),
])
def test_vague_counts(sentence, lang, value, bound):
    q = only(sentence, lang)
    assert (q["value"], q["bound"]) == (value, bound) and q.get("approximate")


@pytest.mark.parametrize("sentence, lang, value, unit", [
    ("2 millions de personnes", "fr", 2_000_000, "personne"),
    ("3 milliards d’euros", "fr", 3_000_000_000, "euro"),
    ("50 millions de dollars", "fr", 50_000_000, "dollar"),
    ("1.5 billion barrels", "en", 1_500_000_000, "barrel"),
    ("$1.2 billion in aid", "en", 1_200_000_000, "dollar"),
    ("€40 million", "en", 40_000_000, "euro"),
    ("£3m", "en", 3_000_000, "pound"),
])
def test_multipliers_and_money(sentence, lang, value, unit):
    q = only(sentence, lang)
    assert (q["value"], q["unit"]) == (value, unit)


@pytest.mark.parametrize("sentence, lang, unit", [
    ("25 %", "fr", "pour cent"), ("25%", "fr", "pour cent"), ("25 pour cent", "fr", "pour cent"),
    ("25 per cent", "en", "percent"), ("25 percent", "en", "percent"), ("25%", "en", "percent"),
])
def test_percentages_use_one_unit_per_language(sentence, lang, unit):
    q = only(sentence, lang)
    assert (q["value"], q["unit"], q["kind"]) == (25, unit, "percent")


# Bounds

@pytest.mark.parametrize("cue, bound", [
    ("environ", "about"), ("quelque", "about"), ("près de", "about"), ("plus de", "at least"),
    ("au moins", "at least"), ("moins de", "at most"), ("jusqu'à", "at most"), ("jusqu’à", "at most"),
])
def test_french_bound_cues(cue, bound):
    q = only(f"La Russie a lancé {cue} 150 missiles.", "fr")
    assert q["bound"] == bound and q["text"] == f"{cue} 150 missiles"


@pytest.mark.parametrize("cue, bound", [
    ("about", "about"), ("around", "about"), ("some", "about"), ("roughly", "about"), ("nearly", "about"),
    ("more than", "at least"), ("over", "at least"), ("at least", "at least"), ("up to", "at most"),
    ("fewer than", "at most"), ("less than", "at most"), ("at most", "at most"),
])
def test_english_bound_cues(cue, bound):
    assert only(f"Russia fired {cue} 150 missiles.", "en")["bound"] == bound


def test_over_before_a_duration_is_a_span_not_a_bound():
    assert only("fighting over six days", "en")["bound"] == "exact"


# Units

@pytest.mark.parametrize("sentence, lang, unit", [
    ("25 drones kamikazes", "fr", "drone"),
    ("18 missiles de croisière", "fr", "missile"),
    ("LA RUSSIE TIRE 18 MISSILES DE CROISIÈRE", "fr", "missile"),
    ("Plus de 100 des frappes aériennes", "fr", "frappe"),
    ("six jours", "fr", "jour"),
    ("deux pays", "fr", "pays"),
    ("trois canaux", "fr", "canal"),
    ("deux hôpitaux", "fr", "hôpital"),
    ("cinq bateaux", "fr", "bateau"),
    ("quelque 50 autres nations", "fr", "nation"),
    ("two countries", "en", "country"),
    ("five people", "en", "person"),
    ("3,000 troops", "en", "troop"),
    ("some 400 Iranian drones", "en", "drone"),
    ("100 of the strikes", "en", "strike"),
    ("two more drones", "en", "drone"),
])
def test_unit_is_the_singular_noun(sentence, lang, unit):
    assert only(sentence, lang)["unit"] == unit


def test_a_number_standing_alone_has_no_unit():
    q = only("et en a tué deux en Pologne", "fr")
    assert (q["value"], q["unit"], q["text"]) == (2, None, "deux")


# What is not a quantity

@pytest.mark.parametrize("sentence, lang", [
    ("des drones Shahed-136", "fr"), ("des S-300 et des F-16", "fr"), ("F-16s and S-300 systems", "en"),
    ("en 2022", "fr"), ("in 2022, the war", "en"), ("le 11 novembre", "fr"), ("le 11 novembre 2022", "fr"),
    ("on Nov. 11", "en"), ("November 11, 2022", "en"), ("11 November", "en"), ("à 14h30", "fr"),
    ("à 14 h", "fr"), ("at 10 a.m.", "en"), ("le 1er mars", "fr"), ("the 3rd brigade", "en"),
    ("l'article 5 de l'OTAN", "fr"), ("Covid-19", "en"), ("le 11 sept.", "fr"), ("un avion neuf", "fr"),
    ("un jour après", "fr"), ("one of them", "en"), ("a 25-year-old man", "en"), ("le 11/11/2022", "fr"),
])
def test_dates_times_years_models_and_ordinals_are_not_quantities(sentence, lang):
    assert quantities.find(sentence, lang) == []


def test_a_four_digit_count_before_a_plural_noun_is_a_quantity():
    assert summary("2000 soldiers", "en") == [(2000, "soldier", "exact")]


# Helpers

@pytest.mark.parametrize("word, lang, lemma", [
    ("jours", "fr", "jour"), ("pays", "fr", "pays"), ("canaux", "fr", "canal"), ("travaux", "fr", "travail"),
    ("jeux", "fr", "jeu"), ("obus", "fr", "obus"), ("countries", "en", "country"), ("people", "en", "person"),
    ("troops", "en", "troop"), ("churches", "en", "church"), ("houses", "en", "house"),
    ("gunmen", "en", "gunman"), ("aircraft", "en", "aircraft"), ("crises", "en", "crisis"),
    ("MW", "en", "MW"),
])
def test_singular(word, lang, lemma):
    assert quantities.singular(word, lang) == lemma


def test_parse_number_reads_digits_and_words():
    assert quantities.parse_number("1 000", "fr") == 1000
    assert quantities.parse_number("soixante-dix", "fr") == 70
    assert quantities.parse_number("twenty-one", "en") == 21
    assert quantities.parse_number("drones", "fr") is None


def test_other_languages_get_digits_without_crashing():
    found = quantities.find("Russland hat 1.000 Drohnen geliefert.", "de")
    assert [q["value"] for q in found] == [1000]


def test_offsets_point_at_the_text():
    sentence = "Depuis le 11 novembre, la Russie a lancé environ 150 missiles et plus de 25 drones."
    for q in quantities.find(sentence, "fr"):
        assert sentence[q["start"]:q["end"]] == q["text"]


# The seed article

@pytest.fixture
def seed_quantities(seed_text):
    text = MARKER.sub("", seed_text, count=1)
    sentences = [s.strip() for s in text.replace("\n", " ").split(". ") if s.strip()]
    return [q for sentence in sentences for q in quantities.find(sentence, "fr")]


def test_seed_article_quantities(seed_quantities):
    by_text = {q["text"]: q for q in seed_quantities}
    expected = {
        "des centaines de drones": (100, "drone", "at least"),
        "1 000 drones": (1000, "drone", "exact"),
        "Quelque 400 drones": (400, "drone", "about"),
        "environ 150 missiles": (150, "missile", "about"),
        "plus de 25 drones": (25, "drone", "at least"),
        "Plus de 100 des frappes": (100, "frappe", "at least"),
        "six jours": (6, "jour", "exact"),
        "trois mois": (3, "mois", "exact"),
        "quelque 50 autres nations": (50, "nation", "about"),
        "deux nations": (2, "nation", "exact"),
        "deux": (2, None, "exact"),
    }
    for text, (value, unit, bound) in expected.items():
        assert text in by_text, (text, sorted(by_text))
        q = by_text[text]
        assert (q["value"], q["unit"], q["bound"]) == (value, unit, bound), q


def test_seed_article_has_no_model_number_or_date_as_quantity(seed_quantities):
    values = {q["value"] for q in seed_quantities}
    assert 136 not in values and 11 not in values and 2022 not in values


# Robustness

@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["fr", "en", "de", "", "ar", "fr-FR"]))
def test_never_crashes_and_offsets_are_consistent(text, lang):
    for q in quantities.find(text, lang):
        assert text[q["start"]:q["end"]] == q["text"]
        assert q["bound"] in quantities.BOUNDS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["1 000", "deux", "des centaines de", "drones", "\u202f", "%", "$", "F-16",
                                 "plus de", "\u0301", "\u200f", "😀", "\x00", ",", ".", "1,5", "millions",
                                 "novembre", "2022", " "]), max_size=12))
def test_never_crashes_on_number_shaped_noise(parts):
    text = " ".join(parts)
    for lang in ("fr", "en"):
        for q in quantities.find(text, lang):
            assert text[q["start"]:q["end"]] == q["text"]


def test_a_range_shares_its_unit_and_bounds_both_ends():
    low, high = quantities.find("entre 10 et 20 drones", "fr")
    assert (low["value"], low["unit"], low["bound"]) == (10, "drone", "at least")
    assert (high["value"], high["unit"], high["bound"]) == (20, "drone", "at most")
    low, high = quantities.find("between 3,000 and 4,000 troops", "en")
    assert (low["unit"], high["unit"]) == ("troop", "troop")


def test_a_number_after_le_is_a_day_or_a_reference():
    assert quantities.find("le gouvernement a utilisé le 49.3 puis a attendu le 11", "fr") == []


def test_an_adverb_after_a_number_is_not_its_unit():
    assert summary("ils étaient 40 puis 50", "fr") == [(40, None, "exact"), (50, None, "exact")]


@pytest.mark.parametrize("currency", quantities.CURRENCIES_BEFORE)
@pytest.mark.parametrize("space", [" ", "\u00a0"])
def test_a_number_after_any_currency_sign_is_money(currency, space):
    found = only(f"Le contrat vaut {currency}{space}40 millions.", "fr")
    assert (found["value"], found["kind"], found["text"]) == (40_000_000, "money", f"{currency}{space}40 millions")


def test_the_only_decimal_digits_of_latin1_are_the_ascii_ones():
    """The number scan is tried at ASCII digits and past U+00FF only: no other Latin-1 character is a \\d."""
    assert [chr(code) for code in range(256) if re.fullmatch(r"\d", chr(code))] == list("0123456789")


@pytest.mark.parametrize("lang", sorted(quantities.BOUND_CUES))
def test_no_bound_cue_spelling_ends_with_a_spelling_of_an_earlier_cue(lang):
    # _bound_before finds a language's cues in one search, which picks the cue that starts furthest left; that
    # is the first cue in BOUND_CUES order (what one search per cue in turn picked) only while no cue can be
    # spelled as a longer form of an earlier cue (every cue ends where the number starts).
    spellings = [{form.lower() for form in regex_forms(cue)} for _, cue in quantities.BOUND_CUES[lang]]
    for later, forms in enumerate(spellings):
        for earlier in spellings[:later]:
            assert {(form, short) for form in forms for short in earlier
                    if form != short and form.endswith(short)} == set()


@pytest.mark.parametrize("lang, month", [(lang, month) for lang in vocabulary.LANGUAGES
                                         for month in vocabulary.month_spellings(lang)])
def test_a_number_before_any_month_spelling_is_a_day_not_a_quantity(lang, month):
    assert quantities.find(f"Le 3 {month.capitalize()} 2022, rien.", lang) == []
