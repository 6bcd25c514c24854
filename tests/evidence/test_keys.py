"""Language-neutral keys of the linking step: names and units meet across languages, capitals decide names."""
from __future__ import annotations

from checker.evidence import keys
from tests.support.evidence import needs_freedict


def shared(french: str, english: str) -> set[str]:
    return {k for k in keys.text_keys(french, "fr").bag if k[0] == "e"} & set(keys.text_keys(english, "en").bag)


def test_the_gazetteer_and_cldr_names_meet_across_languages():
    for french, english in [("Pologne", "Poland"), ("OTAN", "NATO"), ("Moscou", "Moscow"), ("Téhéran", "Tehran"),
                            ("Kharkov", "Kharkiv"), ("États-Unis", "United States"), ("à Kyiv", "in Kiev")]:
        assert shared(french, english), (french, english)


@needs_freedict
def test_units_meet_through_the_dictionary_and_a_compound_is_its_head():
    assert keys.same_unit(keys.unit_keys("frappe", "fr"), keys.unit_keys("strike", "en"))
    assert keys.same_unit(keys.unit_keys("frappe", "fr"), keys.unit_keys("airstrike", "en"))
    assert keys.same_unit(keys.unit_keys("pays", "fr"), keys.unit_keys("country", "en"))
    assert not keys.same_unit(keys.unit_keys("drone", "fr"), keys.unit_keys("missile", "en"))


def test_a_pronoun_is_not_a_country_but_the_capitals_are():
    assert "eunite" not in keys.text_keys("They told us the truth.", "en").bag
    assert {"eunite", "estate"} <= set(keys.text_keys("The U.S. and Turkey agreed.", "en").bag)
