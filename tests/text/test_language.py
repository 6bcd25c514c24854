"""Language codes: the base language the extraction rules are keyed by."""
import pytest

from checker.text.language import base_language


@pytest.mark.parametrize("written", ["fr", "FR", "fr-FR", "fr_CA", " fr "])
def test_region_case_and_spaces_do_not_change_the_base_language(written):
    assert base_language(written) == "fr"


@pytest.mark.parametrize("written", [None, ""])
def test_no_language_gives_an_empty_code(written):
    assert base_language(written) == ""
