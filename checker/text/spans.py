"""Span helpers for the extraction steps: overlap tests and look-ups whose cost does not grow with the number
of spans already found, so a step stays linear in its text however many items one sentence holds."""
from __future__ import annotations

from bisect import bisect_right


class TakenSpans:
    """Spans of a text already claimed by an earlier find: does a new span overlap one of them?

    A byte per character of the text marks the claimed ones, so a test costs the length of the span tested
    (a C-level search), not a loop over every span kept. Two non-empty spans overlap exactly when they share a
    character, which is what `start < taken_end and taken_start < end` says of them; an empty span (never
    asked about by the steps) shares none."""

    __slots__ = ("_claimed",)

    def __init__(self, size: int):
        self._claimed = bytearray(size)

    def overlaps(self, start: int, end: int) -> bool:
        return self._claimed.find(1, max(start, 0), max(end, 0)) >= 0

    def add(self, start: int, end: int) -> None:
        start, end = max(start, 0), min(end, len(self._claimed))
        if start < end:
            self._claimed[start:end] = b"\x01" * (end - start)


class CoveredPositions:
    """The union of a few spans, for `position in spans` tests in O(log n): is this character inside one?"""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans):
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(span for span in spans if span[0] < span[1]):
            if starts and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)  # touching or overlapping: one run
            else:
                starts.append(start)
                ends.append(end)
        self._starts, self._ends = starts, ends

    def __contains__(self, position: int) -> bool:
        index = bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]
