"""French sentences machine-translated into English by Debian's Apertium pairs, through Spanish and
Esperanto: line for line, cached, and nothing but fewer translations when a pivot is missing or fails."""
from __future__ import annotations

import logging

from checker.config import Config
from checker.text import translate
from tests.support.evidence import needs_apertium

APERTIUM = Config.LINK_APERTIUM_DIR


@needs_apertium
def test_a_french_sentence_gets_an_english_translation_through_each_pivot():
    batch = translate.to_english(["Bien sûr, le maire parle aux habitants."], "fr", APERTIUM)
    [english] = batch.english
    assert len(english) == len(translate.pivots(APERTIUM)) == 2 and batch.pivots == "fr-es fr-eo"
    assert english[0].startswith("Of course") and "mayor" in english[0]


@needs_apertium
def test_translations_stay_in_line_with_their_sentences_whatever_the_breaks_and_blanks():
    texts = ["Le maire\nparle.", "", "Les écoles ferment.", "Le maire\nparle."]
    found = translate.to_english(texts, "fr", APERTIUM).english
    assert len(found) == 4 and found[1] == () and found[0] == found[3]
    assert all("school" in english.lower() for english in found[2])
    assert all("\n" not in english for english in found[0])


def test_sentences_in_other_languages_and_installations_without_apertium_get_none(tmp_path):
    assert translate.to_english(["The mayor speaks."], "en", APERTIUM) == ([()], "")
    assert translate.to_english(["Le maire parle."], "fr", tmp_path) == ([()], "")
    assert translate.to_english(["Le maire parle."], "fr", None) == ([()], "")
    assert translate.to_english([], "fr", APERTIUM) == ([], "")


@needs_apertium
def test_a_failing_pivot_is_left_out_with_one_warning_and_the_others_still_translate(tmp_path, caplog):
    modes = tmp_path / "modes"
    modes.mkdir()
    (modes / "fr-es.mode").write_text("cat\n")  # passes the French through: "translated" as written
    (modes / "spa-eng.mode").write_text("cat\n")
    (modes / "fr-eo.mode").write_text("exit 3\n")  # a broken pair
    (modes / "eo-en.mode").write_text("cat\n")
    with caplog.at_level(logging.WARNING, logger="checker.text.translate"):
        found = translate.to_english(["Le maire parle.", "Les écoles ferment."], "fr", tmp_path)
    assert found == ([("Le maire parle.",), ("Les écoles ferment.",)], "fr-es")
    assert [r.message for r in caplog.records if "fr-eo" in r.message] == [
        "Apertium pivot fr-eo → eo-en failed (exit 3): claims are linked without it"]


@needs_apertium
def test_a_batch_longer_than_one_apertium_run_is_translated_in_runs_and_stays_in_line(monkeypatch):
    monkeypatch.setattr(translate, "CHUNK_LINES", 2)
    texts = ["Le maire parle.", "Les écoles ferment.", "Le port reste ouvert.", "Il pleut."]
    english = translate.to_english([f"{t} " for t in texts], "fr", APERTIUM).english  # not from the cache
    assert "mayor" in english[0][0] and "school" in english[1][0] and "port" in english[2][0]
    assert len(english) == 4 and all(len(e) == 2 for e in english)
