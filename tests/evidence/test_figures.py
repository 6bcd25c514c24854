"""Comparing figures across languages: thousands separators, and bounds such as "about" and "at least"."""
from __future__ import annotations

from checker.evidence import figures


def test_thousands_separators_and_bounds_compare_across_languages():
    assert figures.compare({"value": 1000, "bound": "exact"}, {"value": 1000, "bound": "exact"}) == figures.SAME
    assert figures.compare({"value": 400, "bound": "about"}, {"value": 410, "bound": "about"}) == figures.CLOSE
    assert figures.compare({"value": 25, "bound": "at least"}, {"value": 30, "bound": "exact"}) == figures.CLOSE
    assert figures.compare({"value": 1000, "bound": "exact"}, {"value": 400, "bound": "at least"}) == figures.DIFFERENT
    assert figures.compare({"value": 100, "bound": "at least", "approximate": True},
                           {"value": 400, "bound": "at least"}) == figures.CLOSE
