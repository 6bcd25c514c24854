"""Cross-language match keys: a French text and an English one share keys for the same places and things."""
from __future__ import annotations

from checker.text import lexicon


def test_lexicon_maps_countries_capitals_and_field_words_across_languages():
    assert {"PL", "air-defence", "missile", "#10000"} <= lexicon.keys("un missile de la défense aérienne, "
                                                                       "10 000 soldats en Pologne")
    assert {"PL", "air-defence", "missile", "#10000"} <= lexicon.keys("an air defence missile, 10,000 troops "
                                                                       "in Poland")
