"""The span helpers answer what a scan over every span kept answers, on any spans."""
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.text.spans import CoveredPositions, TakenSpans

SIZE = 30
SPANS = st.lists(st.tuples(st.integers(-3, SIZE + 3), st.integers(-3, SIZE + 3)), max_size=12)


def overlaps_one(start: int, end: int, kept: list[tuple[int, int]]) -> bool:
    return any(start < kept_end and kept_start < end for kept_start, kept_end in kept)


@settings(max_examples=200, deadline=None)
@given(SPANS, st.integers(0, SIZE), st.integers(1, SIZE))
def test_a_span_overlaps_the_taken_ones_exactly_when_it_shares_a_character_with_one(kept, start, length):
    """What the steps ask: spans inside the text, not empty (kept spans may be anything)."""
    end = min(start + length, SIZE)
    if start >= end:
        return
    taken = TakenSpans(SIZE)
    inside = []
    for kept_start, kept_end in kept:
        taken.add(kept_start, kept_end)
        kept_start, kept_end = max(kept_start, 0), min(kept_end, SIZE)
        if kept_start < kept_end:
            inside.append((kept_start, kept_end))
    assert taken.overlaps(start, end) == overlaps_one(start, end, inside)


@settings(max_examples=200, deadline=None)
@given(SPANS, st.integers(-3, SIZE + 3))
def test_a_position_is_covered_exactly_when_one_of_the_spans_holds_it(spans, position):
    assert (position in CoveredPositions(spans)) == any(start <= position < end for start, end in spans)
