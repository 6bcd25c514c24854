"""Who a sentence cites: cues, sources before and after them, and "selon le rapport" followed back."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.claims import attribution, entities
from checker.claims import registry as source_registry
from checker.claims.attribution import Context
from checker.claims.registry import Registry, Source
from checker.text.forms import regex_forms
from checker.text.scan import may_hold_word, small_letter_copy


@pytest.fixture(scope="module")
def registry() -> Registry:
    return source_registry.load()


def cite(sentence: str, lang: str, registry: Registry, context: Context | None = None) -> dict | None:
    context = context if context is not None else Context()
    found = attribution.find(sentence, lang, entities.find(sentence, lang), registry, context)
    if found is not None:
        assert sentence[found["cue_start"]:found["cue_end"]] == found["cue"]
    return found


def cite_all(sentences: list[str], lang: str, registry: Registry) -> list[dict | None]:
    context = Context()
    return [cite(s, lang, registry, context) for s in sentences]


# --- the seed article ----------------------------------------------------------------------------------

@pytest.fixture
def seed_citations(registry, seed_text) -> list[tuple[str, dict | None]]:
    text = seed_text.replace(" date 2022-11 ", "", 1)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]  # each paragraph of the seed is one sentence
    return list(zip(paragraphs, cite_all(paragraphs, "fr", registry)))


def citation_of(seed_citations, opening: str) -> dict | None:
    return next(found for sentence, found in seed_citations if sentence.startswith(opening))


def test_seed_first_sentence_cites_the_washington_post_after_the_cue(seed_citations):
    found = citation_of(seed_citations, "Moscou et Téhéran")
    assert found == {"source": "The Washington Post", "source_id": "washington-post", "cue": "a rapporté",
                     "cue_start": found["cue_start"], "cue_end": found["cue_end"], "via": "direct", "role": None}


def test_seed_unreached_pentagon_is_not_the_source_but_the_report_is(seed_citations):
    found = citation_of(seed_citations, "Fox News n’a pas pu joindre")
    assert (found["source_id"], found["cue"], found["via"]) == ("washington-post", "selon", "back-reference")


def test_seed_later_selon_le_rapport_still_means_the_washington_post(seed_citations):
    found = citation_of(seed_citations, "On ne sait pas")
    assert (found["source_id"], found["cue"], found["via"]) == ("washington-post", "selon", "back-reference")


def test_seed_hromov_is_cited_with_his_role(seed_citations):
    found = citation_of(seed_citations, "Depuis le 11 novembre")
    assert found["source"] == "Oleksii Hromov" and found["source_id"] == "oleksii-hromov"
    assert found["cue"] == "selon" and found["via"] == "direct"
    assert found["role"] == "chef adjoint de l’état-major ukrainien"


def test_seed_austin_is_cited_as_subject_of_a_declared(seed_citations):
    found = citation_of(seed_citations, "Le secrétaire à la Défense")
    assert (found["source"], found["source_id"], found["cue"]) == ("Lloyd Austin", "lloyd-austin", "a déclaré")
    assert found["role"] == "secrétaire à la Défense"


@pytest.mark.parametrize("opening", [
    "Les États-Unis ont d’abord", "L’accord a apparemment", "Quelque 400 drones", "La Russie a intensifié",
    "Plus de 100 des frappes", "Mais le dernier accord", "CLIQUEZ ICI", "L’Ukraine a supplié",
    "La nouvelle selon laquelle", "LA RUSSIE TIRE",
])
def test_seed_sentences_that_name_no_source_are_not_attributed(seed_citations, opening):
    assert citation_of(seed_citations, opening) is None


def test_seed_capitalised_nato_headline_is_attributed_to_nato(seed_citations):
    found = citation_of(seed_citations, "L’OTAN DIT QUE")
    assert found["source_id"] == "nato" and found["cue"] == "DIT"


# --- French ---------------------------------------------------------------------------------------

def test_inverted_verb_with_a_time_word_finds_the_source_after_it(registry):
    found = cite("Un accord a été conclu, a rapporté samedi soir le Washington Post.", "fr", registry)
    assert (found["source_id"], found["via"]) == ("washington-post", "direct")


def test_subject_before_the_verb_is_the_source(registry):
    found = cite("Le Pentagone a déclaré vendredi que l’aide continuerait.", "fr", registry)
    assert (found["source"], found["source_id"]) == ("U.S. Department of Defense", "pentagon")


def test_registry_alias_that_is_not_an_entity_is_still_a_source():
    registry = Registry([Source(id="kyiv-independent", name="The Kyiv Independent", aliases=("Kyiv Independent",))])
    found = cite("Selon le Kyiv Independent, 30 drones ont été abattus.", "fr", registry)
    assert found["source_id"] == "kyiv-independent"


def test_selon_le_rapport_without_an_earlier_report_cites_nobody(registry):
    assert cite("Selon le rapport, les drones seront livrés en mars.", "fr", registry) is None


def test_not_reaching_someone_is_not_citing_them(registry):
    sentence = "Fox News n’a pas pu joindre immédiatement le Pentagone pour un commentaire."
    assert cite(sentence, "fr", registry) is None


def test_selon_laquelle_and_selon_les_cas_are_not_cues(registry):
    assert cite("La nouvelle selon laquelle Moscou augmentera sa production survient.", "fr", registry) is None
    assert cite("Le prix de l’OTAN varie selon les cas.", "fr", registry) is None


def test_denial_is_not_a_citation(registry):
    assert cite("Le Washington Post n’a pas dit que Moscou mentait.", "fr", registry) is None


def test_unnamed_officials_cite_nobody(registry):
    assert cite("Selon des responsables américains, l’accord est conclu.", "fr", registry) is None


def test_report_named_with_its_author_becomes_the_last_report(registry):
    found = cite_all(["Un rapport du Washington Post décrit l’accord.",
                      "D’après le journal, l’accord a été conclu début novembre."], "fr", registry)
    assert found[0] is None
    assert (found[1]["source_id"], found[1]["via"]) == ("washington-post", "back-reference")


def test_pronouns_refer_back_to_the_last_person_cited(registry):
    found = cite_all(["Le secrétaire à la Défense Lloyd Austin a déclaré que l’aide continuerait.",
                      "« Nous continuerons », a-t-il ajouté.",
                      "L’aide continuera, selon lui."], "fr", registry)
    assert [(f["source_id"], f["via"]) for f in found] == [
        ("lloyd-austin", "direct"), ("lloyd-austin", "back-reference"), ("lloyd-austin", "back-reference")]
    assert found[1]["cue"] == "a-t-il ajouté"


def test_person_in_apposition_after_a_role_is_the_source(registry):
    found = cite("Selon le porte-parole du Pentagone, le général Pat Ryder, l’aide continuera.", "fr", registry)
    assert (found["source"], found["source_id"], found["role"]) == ("Pat Ryder", None, "porte-parole du Pentagone")


def test_inverted_role_drops_the_time_word(registry):
    found = cite("L’aide continuera, a déclaré jeudi le porte-parole du Pentagone John Kirby.", "fr", registry)
    assert (found["source"], found["role"]) == ("John Kirby", "porte-parole du Pentagone")


def test_person_outranks_the_institution_in_the_same_phrase(registry):
    found = cite("selon le chef adjoint de l’état-major ukrainien Oleksii Hromov jeudi.", "fr", registry)
    assert found["source_id"] == "oleksii-hromov"


def test_government_statement_does_not_become_the_report(registry):
    found = cite_all(["Le Pentagone a déclaré que l’aide continuerait.",
                      "Selon le rapport, les drones seront livrés."], "fr", registry)
    assert found[0]["source_id"] == "pentagon" and found[1] is None


# --- English ----------------------------------------------------------------------------------------

def test_english_article_follows_the_report_back(registry):
    found = cite_all(["Russia and Iran agreed to build drones, the Washington Post reported on Saturday.",
                      "According to the report, US officials learned of the deal this month.",
                      "The newspaper reported that production could start within three months.",
                      "The report said Iran would supply components."], "en", registry)
    assert found[0]["source_id"] == "washington-post" and found[0]["via"] == "direct"
    assert [(f["source_id"], f["via"]) for f in found[1:]] == [("washington-post", "back-reference")] * 3
    assert [f["cue"] for f in found] == ["reported", "According to", "reported", "said"]


def test_the_pentagon_said(registry):
    found = cite("The Pentagon said on Friday that it had sent more air defences.", "en", registry)
    assert (found["source_id"], found["cue"]) == ("pentagon", "said")


def test_according_to_nato(registry):
    found = cite("Russia fired 150 missiles, according to NATO.", "en", registry)
    assert (found["source"], found["source_id"], found["cue"]) == ("NATO", "nato", "according to")


def test_title_before_the_name_is_the_role(registry):
    found = cite("Defense Secretary Lloyd Austin said this week that allies were sending air defences.", "en",
                 registry)
    assert (found["source_id"], found["role"]) == ("lloyd-austin", "Defense Secretary")


def test_apposition_between_commas_is_the_role(registry):
    found = cite("Lloyd Austin, the defense secretary, said the aid would continue.", "en", registry)
    assert (found["source_id"], found["role"]) == ("lloyd-austin", "defense secretary")


@pytest.mark.parametrize("sentence, lang, role", [
    ("Le secrétaire général de l’Alliance, Jens Stoltenberg, a précisé que rien n’indiquait une attaque "
     "délibérée contre la Pologne.", "fr", "secrétaire général de l’Alliance"),
    ("Le secrétaire général de l'OTAN, Jens Stoltenberg, a déclaré que rien n'indiquait une attaque.", "fr",
     "secrétaire général de l'OTAN"),
    ("The alliance's secretary general, Jens Stoltenberg, said there was no sign of a deliberate attack.", "en",
     "alliance's secretary general"),
    ("NATO Secretary General Jens Stoltenberg said there was no sign of a deliberate attack.", "en",
     "NATO Secretary General"),
])
def test_person_named_after_his_title_outranks_the_organisation_in_it(registry, sentence, lang, role):
    found = cite(sentence, lang, registry)
    assert (found["source"], found["via"], found["role"]) == ("Jens Stoltenberg", "direct", role)


def test_name_in_commas_after_a_spokesman_title_is_the_subject(registry):
    found = cite("Le porte-parole du Pentagone, le général Pat Ryder, a déclaré que l’aide continuerait.", "fr",
                 registry)
    assert (found["source"], found["role"]) == ("Pat Ryder", "porte-parole du Pentagone")


def test_second_full_name_in_commas_does_not_replace_the_subject(registry):
    found = cite("Le président Emmanuel Macron, le chancelier Olaf Scholz, ont déclaré que l’aide continuerait.",
                 "fr", registry)
    assert found["source"] == "Emmanuel Macron"


def test_bare_surname_of_a_person_cited_earlier_is_that_person(registry):
    found = cite_all(["Defense Secretary Lloyd Austin said allies were sending air defences.",
                      "“We will keep helping,” Austin told reporters.",
                      "He said more was coming."], "en", registry)
    assert [(f["source_id"], f["via"]) for f in found] == [
        ("lloyd-austin", "direct"), ("lloyd-austin", "direct"), ("lloyd-austin", "back-reference")]


def test_united_states_is_not_a_verb_and_not_said_is_not_a_citation(registry):
    assert cite("The United States has not said whether it will respond.", "en", registry) is None


def test_reaching_for_comment_is_not_a_citation(registry):
    assert cite("Fox News could not immediately reach the Pentagon for comment.", "en", registry) is None


def test_inverted_english_verb_takes_the_source_after_it(registry):
    found = cite("Drones hit Kyiv, said Ukrainian General Staff spokesman Oleksii Hromov.", "en", registry)
    assert (found["source_id"], found["role"]) == ("oleksii-hromov", "Ukrainian General Staff spokesman")


def test_source_unknown_to_the_registry_keeps_its_name_and_no_id(registry):
    found = cite("Baltic Herald reported that talks had stalled.", "en", registry)
    assert (found["source"], found["source_id"]) == ("Baltic Herald", None)


def test_replaced_registry_without_the_source_gives_no_id():
    empty = Registry([Source(id="other", name="Other Paper")])
    found = cite("Un accord a été conclu, a rapporté samedi le Washington Post.", "fr", empty)
    assert (found["source"], found["source_id"]) == ("The Washington Post", None)


# --- robustness --------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", ["", "selon", "said", ", a déclaré", "according to", "a-t-il dit",
                                      "\x00\u202e😀", "selon le rapport", " , said", "l’OTAN"])
@pytest.mark.parametrize("lang", ["fr", "en", "de", ""])
def test_fragments_and_odd_text_never_crash(registry, sentence, lang):
    cite(sentence, lang, registry)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["selon", "le", "rapport", ",", "a déclaré", "said", "according to", "Lloyd",
                                 "Austin", "Pentagone", "the", "report", "il", "he", "a-t-il ajouté", "OTAN",
                                 "Washington Post", "jeudi", "J.", "«", "»", "."]), max_size=14),
       st.sampled_from(["fr", "en"]))
def test_word_salad_of_cues_and_names_never_crashes(words, lang):
    registry = source_registry.load()
    sentence = " ".join(words)
    context = Context()
    for _ in range(2):
        found = attribution.find(sentence, lang, entities.find(sentence, lang), registry, context)
        if found is not None:
            assert sentence[found["cue_start"]:found["cue_end"]] == found["cue"]
            assert found["via"] in {"direct", "back-reference"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_never_crashes(sentence):
    registry = source_registry.load()
    for lang in ("fr", "en"):
        attribution.find(sentence, lang, entities.find(sentence, lang), registry, Context())


def test_passive_reported_by_names_the_source(registry):
    found = cite("The deal, first reported by the Washington Post, was signed.", "en", registry)
    assert (found["source_id"], found["cue"]) == ("washington-post", "reported by")


def test_capitalised_promo_headline_never_becomes_the_report(registry):
    found = cite_all(["L’OTAN DIT QUE LA RUSSIE EST RESPONSABLE DES MORTS EN POLOGNE",
                      "Selon le rapport, les drones seront livrés en mars."], "fr", registry)
    assert found[0]["source_id"] == "nato" and found[1] is None


CUE_PIECES = st.sampled_from(["selon", "Selon", "SELON", "ſelon", "d’après", "d'après", "a", "ont", "avait", "-t-il",
                              " ", "  ", "\n", ",", "déclaré", "déclarée", "DÉCLARÉ", "dit", "disent", "rapporte",
                              "également", "said", "has", "also", "told", "according", "to", "cited", "by", "par",
                              "publiés", "x", "l'", "İ", "ı"])


@settings(max_examples=300, deadline=None)
@given(st.lists(CUE_PIECES, max_size=25).map("".join))
def test_cue_word_tests_and_gated_scans_miss_no_cue(text):
    """A sentence is scanned for a cue only when it holds one of the cue's words, through a quicker scan: every
    cue the plain pattern finds is still found."""
    for pattern, scanner in attribution.CUE_SCANNERS.items():
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in scanner.finditer(text)] == expected
        if expected:
            assert may_hold_word(text, attribution.CUE_WORDS[pattern])  # find_cues' pre-check


@pytest.mark.parametrize("pattern", list(attribution.CUE_WORDS), ids=["fr-after", "fr-verb", "en-after", "en-verb"])
def test_every_spelling_of_a_cue_opens_with_an_opening_word_and_holds_a_cue_word(pattern):
    """The words the cue scans look for first are those of the patterns: a cue added to a pattern alone fails."""
    for form in regex_forms(pattern.pattern):
        words = re.findall(r"[^\W\d_]+", form.lower())
        assert words[0] in attribution.OPENING_WORDS[pattern], form
        assert not attribution.CUE_WORDS[pattern].isdisjoint(words), form


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["que", "QU’", "qui", "Où", "mais", "and", "While", "whom", "étant", ",", "«", "—",
                                 " ", "  ", "\n", "x", "ſ", "İ", "é"]), max_size=25).map("".join))
def test_clause_breaks_found_in_the_small_letter_copy_are_those_of_the_sentence(text):
    lowered = small_letter_copy(text)
    if lowered is not None:
        assert ([m.span() for m in attribution.SMALL_LETTER_CLAUSE_BREAK.finditer(lowered)]
                == [m.span() for m in attribution.CLAUSE_BREAK.finditer(text)])
