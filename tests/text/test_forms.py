"""Spelling out the strings a small regex matches, for the constants a fast path reads from its rule."""
import pytest

from checker.text.forms import regex_forms


def test_alternatives_options_and_classes_are_spelled_out():
    assert regex_forms(r"(?:au\s+)?d['’]ici") == {"d'ici", "d’ici", "au d'ici", "au d’ici"}


def test_a_run_of_spaces_reads_as_one_and_a_digit_as_nine():
    assert regex_forms(r"il\s+y\s+a\s+\d{1,2}") == {"il y a 9", "il y a 99"}


def test_lookarounds_match_no_character_whatever_they_hold():
    assert regex_forms(r"(?<![\w'’])selon(?!\s+(?:laquelle|qu['’])\b)") == {"selon"}


def test_a_class_range_is_spelled_out():
    assert regex_forms(r"3[0-2]") == {"30", "31", "32"}


@pytest.mark.parametrize("source", [r"a.b", r"[^a]", r"[\w-]", r"(?:a|b"])
def test_what_cannot_be_spelled_out_is_refused(source):
    with pytest.raises(ValueError):
        regex_forms(source)
