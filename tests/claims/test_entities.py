"""Rule-based named entities: gazetteer places and organisations, known and unknown people."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.claims import entities


def found(sentence: str, lang: str = "fr") -> list[tuple[str, str]]:
    return [(e["text"], e["type"]) for e in entities.find(sentence, lang)]


def entity(sentence: str, text: str, lang: str = "fr") -> dict:
    return next(e for e in entities.find(sentence, lang) if e["text"] == text)


# --- the seed article -------------------------------------------------------------------------------

@pytest.fixture
def seed_entities(seed_text) -> set[tuple[str, str]]:
    text = seed_text.replace(" date 2022-11 ", "", 1)
    result = set()
    for paragraph in text.split("\n\n"):
        for e in entities.find(paragraph, "fr"):
            assert paragraph[e["start"]:e["end"]] == e["text"]
            result.add((e["text"], e["type"]))
    return result


@pytest.mark.parametrize("expected", [
    ("Moscou", "LOC"), ("Téhéran", "LOC"), ("Washington Post", "ORG"), ("Fox News", "ORG"),
    ("Pentagone", "ORG"), ("États-Unis", "LOC"), ("Russie", "LOC"), ("Ukraine", "LOC"), ("Kherson", "LOC"),
    ("Kharkiv", "LOC"), ("OTAN", "ORG"), ("Pologne", "LOC"), ("Biélorussie", "LOC"),
    ("Oleksii Hromov", "PER"), ("Lloyd Austin", "PER"), ("Groupe de contact avec l’Ukraine", "ORG"),
    ("Iran", "LOC"),
])
def test_seed_article_entities_are_found(seed_entities, expected):
    assert expected in seed_entities


def test_seed_article_has_no_person_that_is_not_a_person(seed_entities):
    people = {text for text, kind in seed_entities if kind == "PER"}
    assert people == {"Oleksii Hromov", "Lloyd Austin"}


def test_seed_article_has_no_drone_model_and_no_washington_place(seed_entities):
    texts = {text for text, _ in seed_entities}
    assert not any("Shahed" in t for t in texts)
    assert ("Washington", "LOC") not in seed_entities


# --- gazetteer ---------------------------------------------------------------------------------------

def test_washington_post_is_one_organisation_not_a_place():
    sentence = "Moscou et Téhéran ont conclu un accord, a rapporté samedi le Washington Post."
    post = entity(sentence, "Washington Post")
    assert post["type"] == "ORG" and post["source_id"] == "washington-post"
    assert post["canonical"] == "The Washington Post"
    assert ("Washington", "LOC") not in found(sentence)


def test_washington_alone_is_a_place():
    assert ("Washington", "LOC") in found("Le ministre s’est rendu à Washington mardi.")


@pytest.mark.parametrize("sentence", ["1 000 drones fournis par l’Iran", "1 000 drones fournis par l'Iran",
                                      "les drones d’Iran", "L’IRAN ENVOIE DES DRONES EN MASSE"])
def test_elided_article_does_not_hide_the_country(sentence):
    assert entity(sentence, next(t for t in ("Iran", "IRAN") if t in sentence))["type"] == "LOC"


def test_french_and_english_city_names_share_the_english_canonical_name():
    assert entity("Frappes sur Kyïv et Kharkov.", "Kyïv")["canonical"] == "Kyiv"
    assert entity("Frappes sur Kyïv et Kharkov.", "Kharkov")["canonical"] == "Kharkiv"
    assert entity("Strikes on Kiev and Warsaw.", "Warsaw", "en")["canonical"] == "Warsaw"
    assert entity("Le sommet de Varsovie.", "Varsovie")["canonical"] == "Warsaw"


def test_country_names_come_from_cldr_in_both_languages():
    assert entity("La Pologne et la Biélorussie.", "Pologne")["canonical"] == "Poland"
    assert entity("La Pologne et la Biélorussie.", "Biélorussie")["canonical"] == "Belarus"
    assert entity("Poland and Belarus.", "Belarus", "en")["canonical"] == "Belarus"
    assert entity("Les États-Unis ont révélé les plans.", "États-Unis")["canonical"] == "United States"


def test_organisations_know_their_registry_source():
    assert entity("Les frontières de l’OTAN.", "OTAN")["source_id"] == "nato"
    assert entity("Un porte-parole du Pentagone.", "Pentagone")["source_id"] == "pentagon"
    assert entity("Fox News n’a pas pu joindre le Pentagone.", "Fox News")["source_id"] == "fox-news"


def test_capitalised_gazetteer_words_must_be_capitalised_in_the_text():
    assert found("Le monde entier lit Le Monde.") == [("Le Monde", "ORG")]


def test_newspaper_spelling_of_acronyms_is_accepted():
    assert entity("Un sommet de l’Otan à Bruxelles.", "Otan")["canonical"] == "NATO"


def test_two_letter_acronyms_in_a_capitalised_headline_are_words():
    headline = "LA RUSSIE TIRE 18 MISSILES SUR L’UKRAINE UN JOUR APRÈS NOUS"
    assert found(headline) == [("RUSSIE", "LOC"), ("UKRAINE", "LOC")]


def test_shouted_words_are_not_people():
    assert found("CLIQUEZ ICI POUR OBTENIR L’APPLICATION FOX NEWS") == [("FOX NEWS", "ORG")]


def test_drone_model_is_not_a_person():
    assert found("des centaines de drones Shahed-136 plus tôt cette année") == []


def test_group_name_with_an_elided_article_is_one_organisation():
    sentence = "les nations qui composent le Groupe de contact avec l’Ukraine cherchaient"
    assert entity(sentence, "Groupe de contact avec l’Ukraine")["canonical"] == "Ukraine Defense Contact Group"


def test_lower_case_institution_name_is_found():
    sentence = "selon le chef adjoint de l’état-major ukrainien Oleksii Hromov jeudi"
    assert entity(sentence, "état-major ukrainien")["source_id"] == "ukraine-general-staff"


def test_decomposed_accents_match_like_composed_ones():
    sentence = unicodedata.normalize("NFD", "Téhéran et Moscou")
    assert [e["canonical"] for e in entities.find(sentence, "fr")] == ["Tehran", "Moscow"]


# --- people ----------------------------------------------------------------------------------------

def test_known_people_carry_canonical_name_and_source_id():
    hromov = entity("selon le chef adjoint de l’état-major ukrainien Oleksii Hromov jeudi", "Oleksii Hromov")
    assert hromov["type"] == "PER" and hromov["source_id"] == "oleksii-hromov"
    austin = entity("Defense Secretary Lloyd J. Austin III said on Tuesday", "Lloyd J. Austin III", "en")
    assert austin["canonical"] == "Lloyd Austin" and austin["source_id"] == "lloyd-austin"


def test_other_spellings_of_a_known_person_share_one_canonical_name():
    assert entity("a dit Olexiy Gromov", "Olexiy Gromov")["canonical"] == "Oleksii Hromov"


def test_two_unknown_capitalised_words_are_a_person():
    assert ("Dmytro Kuleba", "PER") in found("Selon le ministre ukrainien Dmytro Kuleba, Moscou ment.")


def test_one_unknown_word_after_a_title_is_a_person():
    assert found("M. Dupont a rencontré Mme Claire Martin à Varsovie.") == [
        ("Dupont", "PER"), ("Claire Martin", "PER"), ("Varsovie", "LOC")]
    assert ("Ryder", "PER") in found("Gen. Ryder briefed reporters.", "en")


def test_surname_after_a_title_links_to_the_known_person():
    austin = entity("le secrétaire Austin était à Kyiv", "Austin")
    assert austin["type"] == "PER" and austin["source_id"] == "lloyd-austin"


def test_one_unknown_capitalised_word_alone_is_not_a_person():
    assert found("Des drones ont visé Soledar hier.") == []


def test_sentence_opening_word_is_not_part_of_the_name():
    assert found("Selon Marie Dubois, le front tient.") == [("Marie Dubois", "PER")]
    assert found("According to Jane Doe, the front holds.", "en") == [("Jane Doe", "PER")]


def test_nationality_and_title_are_not_part_of_the_name():
    sentence = "Ukrainian President Volodymyr Zelenskyy told NATO leaders in Brussels."
    assert found(sentence, "en") == [("Volodymyr Zelenskyy", "PER"), ("NATO", "ORG"), ("Brussels", "LOC")]


def test_names_with_particles_initials_and_apostrophes_are_whole():
    sentence = "Ursula von der Leyen, Bashar al-Assad, John F. Kennedy and John O'Brien met."
    assert found(sentence, "en") == [("Ursula von der Leyen", "PER"), ("Bashar al-Assad", "PER"),
                                     ("John F. Kennedy", "PER"), ("John O'Brien", "PER")]
    assert found("Il a vu Jean-Pierre de la Fontaine hier.") == [("Jean-Pierre de la Fontaine", "PER")]


def test_place_that_is_also_a_given_name_yields_to_the_person():
    assert found("Chad Smith and Maurice Papon spoke in Chad.", "en") == [
        ("Chad Smith", "PER"), ("Maurice Papon", "PER"), ("Chad", "LOC")]


def test_title_case_headline_has_no_invented_people():
    assert found("Russia Fires 18 Cruise Missiles At Kyiv As Allies Pledge Support", "en") == [
        ("Russia", "LOC"), ("Kyiv", "LOC")]


def test_months_and_weekdays_are_not_names():
    assert found("In November Lloyd Austin met allies.", "en") == [("Lloyd Austin", "PER")]
    assert found("Lundi Mardi Gras est passé.") == []


# --- robustness --------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", ["", " ", "\x00\x01", "😀😀 🇺🇦", "\u202eنص عربي\u202c", "e\u0301\u0301\u0301",
                                      "A. B. C. D.", "'’-–—", "ǅǈǋ ﬁ ß İ"])
def test_odd_input_never_crashes(sentence):
    for e in entities.find(sentence, "fr"):
        assert sentence[e["start"]:e["end"]] == e["text"]


def test_other_languages_get_gazetteer_matches():
    assert ("NATO", "ORG") in found("Die NATO tagte in Brüssel mit Lloyd Austin.", "de")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200), st.sampled_from(["fr", "en", "ar", ""]))
def test_any_text_gives_entities_whose_offsets_spell_their_text(sentence, lang):
    for e in entities.find(sentence, lang):
        assert e["type"] in {"PER", "LOC", "ORG"}
        assert 0 <= e["start"] < e["end"] <= len(sentence)
        assert sentence[e["start"]:e["end"]] == e["text"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Moscou", "l’Iran", "Lloyd", "Austin", "de", "la", "J.", "OTAN", "UN", "Fox",
                                 "News", "M.", "selon", ",", "Washington", "Post", "Shahed-136", "ÉTATS-UNIS"]),
                max_size=12))
def test_word_salad_from_the_gazetteer_never_crashes(words):
    sentence = " ".join(words)
    for e in entities.find(sentence, "fr"):
        assert sentence[e["start"]:e["end"]] == e["text"]


@pytest.mark.parametrize("sentence, text, canonical", [
    ("Le Monde a publié un article.", "Le Monde", "Le Monde"),
    ("Des diplomates de Saint - Marin sont arrivés.", "Saint - Marin", "San Marino"),
    ("Le Saint-Marin a voté.", "Saint-Marin", "San Marino"),
])
def test_names_of_several_words_are_found_whatever_the_gap_between_them(sentence, text, canonical):
    """A word that starts only longer names ("Le", "Saint") is ruled out early when the next word, after a
    plain space, continues none of them; other gaps still go through the full lookup."""
    assert [(e["text"], e["canonical"]) for e in entities.find(sentence, "fr")] == [(text, canonical)]


def test_a_word_that_starts_only_longer_names_is_no_name_on_its_own():
    assert entities.find("Le monde entier regarde.", "fr") == []
