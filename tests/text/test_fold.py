"""The one fold: case, accents and typographic apostrophes do not count, and offsets map back."""
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.text.fold import fold, fold_with_offsets


def test_case_accents_and_apostrophes_do_not_count():
    assert fold("l’État-major") == fold("l'etat-major") == "l'etat-major"


def test_a_letter_that_folds_to_two_maps_both_back_to_itself():
    assert fold_with_offsets("Straße A") == ("strasse a", (0, 1, 2, 3, 4, 4, 5, 6, 7, 8))


def test_a_lone_accent_folds_away():
    folded, offsets = fold_with_offsets("e\u0301t\u00e9")
    assert (folded, list(offsets)) == ("ete", [0, 2, 3, 4])


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("aÉé’ßﬁ\u0301 İΣ٣x")), max_size=30))
def test_each_folded_character_maps_back_to_the_character_it_came_from(text):
    folded, offsets = fold_with_offsets(text)
    assert len(offsets) == len(folded) + 1 and offsets[-1] == len(text)
    for index, char in enumerate(text):
        start = list(offsets).index(index) if index in offsets else None
        if start is not None:
            assert folded[start:start + list(offsets).count(index)] == fold(char)
