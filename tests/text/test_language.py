"""Language: the base language the extraction rules are keyed by, and the language of a text."""
import pytest

from checker.text.language import base_language, detect


@pytest.mark.parametrize("written", ["fr", "FR", "fr-FR", "fr_CA", " fr "])
def test_region_case_and_spaces_do_not_change_the_base_language(written):
    assert base_language(written) == "fr"


@pytest.mark.parametrize("written", [None, ""])
def test_no_language_gives_an_empty_code(written):
    assert base_language(written) == ""


@pytest.mark.parametrize("text, code", [
    ("Quelque 400 drones auraient été largués sur la ville.", "fr"),
    ("Bien sûr.", "fr"),
    ("Selon Reuters.", "fr"),
    ("The Pentagon said.", "en"),
    ("Unemployment fell to 3.5 percent in November, the bureau said.", "en"),
    ("Der Bundestag hat am Donnerstag das Gesetz beschlossen.", "de"),
    ("Правительство заявило в четверг, что переговоры продолжатся.", "ru"),
])
def test_one_sentence_is_enough_in_any_language(text, code):
    assert detect(text).code == code


@pytest.mark.parametrize("text", ["zzkx qwpl vbnm rtyu", "1234 5678", "", "— 12,5 % —"])
def test_text_that_is_no_language_gives_no_code(text):
    assert detect(text).code is None
