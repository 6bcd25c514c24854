"""One test for text in capitals, read by the headline rule and by the steps that relax case in a headline."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.text.capitals import CAPITALS_MIN_LETTERS, CAPITALS_MIN_SHARE, in_capitals


@pytest.mark.parametrize("text", ["LES ALLIÉS PROMETTENT 5 000 OBUS À KYIV", "L’OTAN DIT QUE LA RUSSIE EST RESPONSABLE",
                                  "CLIQUEZ ICI POUR RECEVOIR NOTRE LETTRE", "McDONALD'S FERME SES RESTAURANTS"])
def test_a_line_of_capitals_is_in_capitals(text):
    assert in_capitals(text)


@pytest.mark.parametrize("text", ["Moscou et Téhéran ont conclu un accord.", "OTAN", "UN JOUR", "1 000 000 €",
                                  "北约峰会 NATO SUMMIT 在布鲁塞尔举行会议讨论援助", "The NATO Summit In Brussels"])
def test_prose_short_acronyms_and_uncased_scripts_are_not(text):
    assert not in_capitals(text)


PIECES = st.sampled_from(["A", "B", "É", "a", "é", "ß", "Σ", "σ", "ǅ", "中", "Ⓐ", "1", " ", ".", "’", "\u0301"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_the_quick_count_of_small_letters_never_changes_the_answer(text):
    letters = re.findall(r"[^\W\d_]", text)
    capitals = [letter for letter in letters if letter.isupper()]
    expected = len(letters) >= CAPITALS_MIN_LETTERS and len(capitals) >= CAPITALS_MIN_SHARE * len(letters)
    assert in_capitals(text) == expected
