"""Language: the base language the extraction rules are keyed by, and the stop-word vote."""
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.text.language import STOPWORD_SETS, base_language, detect


@pytest.mark.parametrize("written", ["fr", "FR", "fr-FR", "fr_CA", " fr "])
def test_region_case_and_spaces_do_not_change_the_base_language(written):
    assert base_language(written) == "fr"


@pytest.mark.parametrize("written", [None, ""])
def test_no_language_gives_an_empty_code(written):
    assert base_language(written) == ""



PIECES = st.sampled_from(["le", "La", "LES", "de", "l’", "d'", "the", "of", "und", "é", "Σ", "ς", "ſ", "İ", "٣", "_",
                          "2", " ", "  ", "\n", "\u00a0", ",", ".", "-", "’", "'", "drones"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_the_vote_counts_every_run_of_letters_as_a_word(text):
    """Pieces between spaces are counted whole when they are all letters, and cut into runs of letters else."""
    counts = Counter(re.findall(r"[^\W\d_]+", text.lower()))
    assert detect(text).hits == max(sum(counts[word] for word in words) for words in STOPWORD_SETS.values())
