"""Language-neutral keys: units and names share one key in French and English, and common words are not names."""
from __future__ import annotations

from checker.evidence import keys


def test_units_and_names_have_one_key_in_both_languages():
    assert keys.unit_key("frappe") == keys.unit_key("airstrike") == keys.unit_key("strike")
    assert keys.unit_key("nation") == keys.unit_key("country")
    for french, english in [("Pologne", "Poland"), ("OTAN", "NATO"), ("Moscou", "Moscow"), ("Téhéran", "Tehran"),
                            ("Kharkov", "Kharkiv"), ("États-Unis", "United States")]:
        assert keys.keys(french) == keys.keys(english), (french, english)


def test_a_pronoun_or_a_bird_is_not_a_country():
    assert "cus" not in keys.keys("They told us the turkey was cold.")
    assert "ctr" not in keys.keys("They told us the turkey was cold.")
    assert {"cus", "ctr"} <= keys.keys("The U.S. and Turkey agreed.")
