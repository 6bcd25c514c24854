import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checker.claims import sentences
from checker.claims.sentences import (
    REASON_BOILERPLATE,
    REASON_HEADLINE,
    Segment,
    segment,
)


def body(text, lang="fr"):
    return [s.text for s in segment(text, lang) if s.reason is None]


def skipped(text, lang="fr"):
    return {s.text: s.reason for s in segment(text, lang) if s.reason is not None}


def assert_offsets_are_exact(text, segments):
    for s in segments:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        assert s.text


# ── offsets, paragraphs, coverage ────────────────────────────────────────────────────────────

def test_empty_and_blank_text_give_no_segments():
    assert segment("", "fr") == []
    assert segment(" \n\n \t\u00a0\n", "en") == []


def test_offsets_point_back_into_the_text_and_segments_are_stripped():
    text = "  Premier point.   Deuxième point !  \n\n\tTroisième ligne sans point  \n"
    segments = segment(text, "fr")
    assert_offsets_are_exact(text, segments)
    assert [s.text for s in segments] == ["Premier point.", "Deuxième point !", "Troisième ligne sans point"]


def test_blank_lines_separate_paragraphs():
    text = "Un. Deux.\n\nTrois.\nQuatre.\n\n\nCinq."
    assert [(s.text, s.paragraph) for s in segment(text, "fr")] == [
        ("Un.", 0), ("Deux.", 0), ("Trois.", 1), ("Quatre.", 1), ("Cinq.", 2)]


def test_without_blank_lines_each_line_is_a_paragraph():
    text = "First line.\r\nSecond line.\r\nThird line."
    assert [s.paragraph for s in segment(text, "en")] == [0, 1, 2]


def test_each_line_without_final_punctuation_is_its_own_segment():
    text = "Un titre sans point\nLa suite du texte arrive ici\nEt une dernière ligne"
    assert body(text) == ["Un titre sans point", "La suite du texte arrive ici", "Et une dernière ligne"]


def test_windows_line_endings_and_unicode_separators_end_lines():
    text = "One line.\r\n\r\nAnother one\u2028and a third"
    assert body(text, "en") == ["One line.", "Another one", "and a third"]


# ── sentence boundaries ──────────────────────────────────────────────────────────────────────

def test_french_titles_do_not_end_sentences():
    text = "M. Macron et Mme Borne ont reçu MM. Dupont et Durand. Mme. Lefebvre était absente."
    assert body(text) == ["M. Macron et Mme Borne ont reçu MM. Dupont et Durand.",
                          "Mme. Lefebvre était absente."]


def test_english_titles_and_ranks_do_not_end_sentences():
    text = ("Gen. Mark Milley met Lt. Col. Smith, Sen. Jones, Rep. Brown and Dr. Lee in St. Louis. "
            "They talked for an hour.")
    assert body(text, "en") == ["Gen. Mark Milley met Lt. Col. Smith, Sen. Jones, Rep. Brown and Dr. Lee in St. Louis.",
                                "They talked for an hour."]


def test_initials_do_not_end_sentences():
    text = "Defense Secretary Lloyd J. Austin III spoke on Tuesday. He left."
    assert body(text, "en") == ["Defense Secretary Lloyd J. Austin III spoke on Tuesday.", "He left."]


def test_month_abbreviation_before_a_day_does_not_end_a_sentence():
    text = "The strikes began on Nov. 11 and stopped on Sept. 3. Nobody knows why."
    assert body(text, "en") == ["The strikes began on Nov. 11 and stopped on Sept. 3.", "Nobody knows why."]


def test_dotted_acronym_ends_a_sentence_only_before_a_sentence_opener():
    text = "The U.S. Army sent troops to the U.S. The Pentagon confirmed it."
    assert body(text, "en") == ["The U.S. Army sent troops to the U.S.", "The Pentagon confirmed it."]


def test_p_ex_and_etc_inside_a_sentence_do_not_split_it():
    text = "Des armes, p. ex. des drones, des missiles, etc. ont été livrées. Le reste suivra."
    assert body(text) == ["Des armes, p. ex. des drones, des missiles, etc. ont été livrées.", "Le reste suivra."]


def test_etc_before_a_new_sentence_ends_it():
    assert body("Des drones, des missiles, etc. Le ministre a confirmé.") == [
        "Des drones, des missiles, etc.", "Le ministre a confirmé."]


@pytest.mark.parametrize("number", ["1 000", "1\u00a0000", "1\u202f000", "1,000", "1.000", "3.5", "3,5"])
def test_numbers_with_separators_stay_in_one_sentence(number):
    text = f"La Russie a lancé {number} drones. Kyiv a riposté."
    assert body(text) == [f"La Russie a lancé {number} drones.", "Kyiv a riposté."]


def test_french_spacing_before_question_and_exclamation_marks():
    text = "Vraiment ? Oui ! Il l\u2019a dit\u00a0: c\u2019est fini\u00a0; tout est calme."
    assert body(text) == ["Vraiment ?", "Oui !", "Il l\u2019a dit\u00a0: c\u2019est fini\u00a0; tout est calme."]


def test_guillemets_with_non_breaking_spaces_close_the_quoted_sentence():
    text = "Il a déclaré\u00a0: «\u00a0Nous allons gagner.\u00a0» Le ministre est reparti."
    assert body(text) == ["Il a déclaré\u00a0: «\u00a0Nous allons gagner.\u00a0»", "Le ministre est reparti."]


def test_quoted_sentence_followed_by_its_speaker_stays_whole():
    assert body("« Nous allons gagner. » a-t-il affirmé jeudi.") == ["« Nous allons gagner. » a-t-il affirmé jeudi."]
    assert body("\u201cWe will win.\u201d he said on Thursday.", "en") == [
        "\u201cWe will win.\u201d he said on Thursday."]


def test_quotation_that_ends_a_sentence_keeps_its_closing_mark():
    text = 'He said: "We won." Then he left. She said: \u201cIt is over.\u201d The crowd cheered.'
    assert body(text, "en") == ['He said: "We won."', "Then he left.",
                                "She said: \u201cIt is over.\u201d", "The crowd cheered."]


def test_ellipsis_before_a_capital_ends_a_sentence_but_not_before_lowercase():
    text = "Il hésita\u2026 Puis il partit... vers le nord. Il cita (...) Le texte."
    assert body(text) == ["Il hésita\u2026", "Puis il partit... vers le nord.", "Il cita (...) Le texte."]


def test_hour_abbreviation_then_new_sentence_splits():
    assert body("Le vote a eu lieu à 10 h. Il a duré une heure.") == [
        "Le vote a eu lieu à 10 h.", "Il a duré une heure."]


def test_list_number_at_line_start_is_not_a_sentence():
    assert body("1. Le premier point est clair.") == ["1. Le premier point est clair."]


def test_acronyms_inside_a_sentence_do_not_make_it_a_headline():
    text = "L\u2019OTAN et les USA ont envoyé des missiles HIMARS à l\u2019Ukraine via la RFA."
    assert body(text) == [text]


# ── skipped lines ────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("line", [
    "CLIQUEZ ICI POUR OBTENIR L\u2019APPLICATION FOX NEWS",
    "CLICK HERE TO GET THE FOX NEWS APP",
    "Click here to subscribe",
    "Abonnez-vous à notre newsletter",
    "Sign up for our daily newsletter",
    "Download the app",
    "Téléchargez l\u2019application Le Monde",
    "Read more: Russia fires missiles at Kyiv",
    "Lire aussi : la Russie tire des missiles sur Kyiv",
    "À lire aussi",
    "Publicité",
    "ADVERTISEMENT",
    "Share on Facebook",
    "Partager sur Twitter",
    "Facebook Twitter LinkedIn Email",
    "© 2022 Fox News Network, LLC. All rights reserved.",
    "Copyright 2022 The Associated Press. All rights reserved.",
    "Tous droits réservés",
])
def test_boilerplate_lines_are_skipped_as_boilerplate(line):
    text = f"Une phrase du corps de l\u2019article.\n\n{line}\n\nUne autre phrase."
    assert skipped(text) == {line: REASON_BOILERPLATE}
    assert body(text) == ["Une phrase du corps de l\u2019article.", "Une autre phrase."]


def test_capitals_headline_line_is_skipped_as_related_article():
    line = ("LA RUSSIE TIRE 18 MISSILES DE CROISIÈRE, 5 DRONES SUR L\u2019UKRAINE UN JOUR APRÈS NOUS, "
            "LES ALLIÉS S\u2019ENGAGENT À RENFORCER LA DÉFENSE AÉRIENNE DE KYIV")
    assert skipped(f"Texte normal.\n\n{line}") == {line: REASON_HEADLINE}


def test_capitals_headline_with_quotes_is_skipped():
    line = "L\u2019OTAN DIT QUE LA RUSSIE EST \u201cULTIMEMENT RESPONSABLE\u201d DES MORTS EN POLOGNE"
    assert skipped(line) == {line: REASON_HEADLINE}


def test_capitals_line_that_is_boilerplate_is_called_boilerplate():
    assert skipped("CLICK HERE TO SUBSCRIBE TO OUR NEWSLETTER", "en") == {
        "CLICK HERE TO SUBSCRIBE TO OUR NEWSLETTER": REASON_BOILERPLATE}


@pytest.mark.parametrize("sentence", [
    "Share prices fell 5% on Monday after the announcement.",
    "The newsletter reported that 12 people died in the attack.",
    "Subscribers to the service rose by 2 million last year.",
    "Apple said its app store earned 20 billion dollars.",
])
def test_prose_that_mentions_shares_newsletters_or_apps_is_kept(sentence):
    assert body(sentence, "en") == [sentence]


def test_boilerplate_sentence_inside_a_body_line_is_skipped_alone():
    text = "Kyiv a été frappée lundi. Lire aussi : les frappes de la nuit."
    segments = segment(text, "fr")
    assert [(s.text, s.reason) for s in segments] == [
        ("Kyiv a été frappée lundi.", None), ("Lire aussi : les frappes de la nuit.", REASON_BOILERPLATE)]


# ── the seed article ────────────────────────────────────────────────────────────────────────

@pytest.fixture
def seed_body(seed_text):
    """The seed without its date marker, as ingest stores it."""
    return re.sub(r"^\s*date\s+\d{4}-\d{2}\s*", "", seed_text)


def test_seed_article_headlines_and_app_promo_are_skipped(seed_body):
    reasons = skipped(seed_body)
    assert sorted(reasons.values()) == [REASON_BOILERPLATE, REASON_HEADLINE, REASON_HEADLINE]
    assert reasons["CLIQUEZ ICI POUR OBTENIR L\u2019APPLICATION FOX NEWS"] == REASON_BOILERPLATE
    assert any(text.startswith("LA RUSSIE TIRE 18 MISSILES") for text in reasons)
    assert any(text.startswith("L\u2019OTAN DIT QUE") for text in reasons)


def test_seed_article_paragraphs_are_one_sentence_each(seed_body):
    segments = segment(seed_body, "fr")
    assert_offsets_are_exact(seed_body, segments)
    assert len(segments) == 16
    assert [s.paragraph for s in segments] == list(range(16))
    sentences = body(seed_body)
    assert sentences[0].startswith("Moscou et Téhéran ont conclu un accord")
    assert sentences[0].endswith("a rapporté samedi le Washington Post.")
    assert any(s.startswith("Depuis le 11 novembre") and s.endswith("jeudi.") for s in sentences)


# ── robustness ──────────────────────────────────────────────────────────────────────────────

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_text_gives_exact_ordered_segments_covering_all_visible_characters(text):
    segments = segment(text, "xx")
    assert all(isinstance(s, Segment) for s in segments)
    assert_offsets_are_exact(text, segments)
    covered = [False] * len(text)
    previous_end, previous_paragraph = 0, 0
    for s in segments:
        assert s.start >= previous_end and s.paragraph >= previous_paragraph
        previous_end, previous_paragraph = s.end, s.paragraph
        covered[s.start:s.end] = [True] * (s.end - s.start)
    uncovered = "".join(char for char, done in zip(text, covered) if not done)
    assert all(char.isspace() or char in "\u200b\u200c\u200d\u2060\ufeff\u00ad" for char in uncovered)


@pytest.mark.parametrize("text", ["\x00\x01 .?!", "🚀🚀. 🚀!", "مرحبا بالعالم. كيف حالك؟ جيد.", "e\u0301\u0301. A.",
                                  "中文句子。第二句！", "...", "«»", "\u202e\u202dRTL. Text."])
def test_odd_inputs_do_not_crash(text):
    assert_offsets_are_exact(text, segment(text, "fr"))


def test_chinese_sentences_split_without_spaces():
    assert body("中文句子。第二句！", "zh") == ["中文句子。", "第二句！"]


@pytest.mark.parametrize("text, expected", [
    ("Un mot?! Deux mots.", ["Un mot?!", "Deux mots."]),
    ("Quoi ?!? Oui.", ["Quoi ?!?", "Oui."]),
    ("Un mot‽ Deux mots.", ["Un mot‽", "Deux mots."]),
    ("سلام؟ مرحبا بكم", ["سلام؟", "مرحبا بكم"]),
    ("नमस्ते। आप कैसे हैं", ["नमस्ते।", "आप कैसे हैं"]),
    ("Fin.。Suite", ["Fin.。", "Suite"]),
])
def test_a_run_of_final_marks_of_any_script_ends_the_sentence(text, expected):
    assert body(text) == expected


def test_a_promotion_ending_a_long_line_is_still_boilerplate():
    prose = "Les frappes ont repris dans la nuit sur plusieurs villes de l'est du pays, selon les autorités. " * 3
    line = prose + "Download our app"
    assert skipped(line) == {"Download our app": REASON_BOILERPLATE}


@pytest.mark.parametrize("words, expected", [(40, REASON_BOILERPLATE), (41, None)])
def test_a_promotion_counts_as_boilerplate_up_to_the_word_limit(words, expected):
    assert sentences.BOILERPLATE_MAX_WORDS == 40
    line = " ".join(["mot"] * (words - 3)) + "\t Download our  app "
    assert sentences.boilerplate_reason(line) == expected


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.from_regex(sentences.BOILERPLATE_ANYWHERE))
def test_a_short_line_the_anywhere_pattern_matches_is_boilerplate(line):
    """Whatever the spaces and letters in it: the hint words (a cheap first test) miss no match."""
    assume(len(line.split()) <= sentences.BOILERPLATE_MAX_WORDS)
    assert sentences.boilerplate_reason(line) == REASON_BOILERPLATE
