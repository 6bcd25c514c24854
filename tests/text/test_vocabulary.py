"""The calendar and counting words every extraction step reads."""
import pytest

from checker.text import vocabulary
from checker.text.fold import fold


@pytest.mark.parametrize("lang", vocabulary.LANGUAGES)
def test_each_month_and_weekday_has_one_full_name(lang):
    assert sorted(vocabulary.MONTHS[lang].values()) == list(range(1, 13))
    assert sorted(vocabulary.WEEKDAYS[lang].values()) == list(range(7))


@pytest.mark.parametrize("lang", vocabulary.LANGUAGES)
def test_an_abbreviation_is_the_start_of_the_month_it_stands_for(lang):
    full = {number: name for name, number in vocabulary.MONTHS[lang].items()}
    for abbreviation, number in vocabulary.MONTH_ABBREVIATIONS[lang].items():
        assert fold(full[number]).startswith(fold(abbreviation)), abbreviation


def test_spellings_without_accents_read_as_the_accented_ones():
    spellings = vocabulary.month_spellings("fr")
    assert (spellings["août"], spellings["aout"], spellings["déc"], spellings["dec"]) == (8, 8, 12, 12)
    assert vocabulary.with_unaccented({"may": 5}) == {"may": 5}
