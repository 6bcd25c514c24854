"""The scorecards' geometry as plain data: bars, axes, legend and table from verdict counts."""
from __future__ import annotations

import pytest

from checker.public import charts, speakers


def rows(*items):
    return [{"month": month, "status": status, "count": count} for month, status, count in items]


def test_months_with_no_claims_get_an_empty_bar_and_a_table_row_of_zeros():
    chart = charts.verdict_timeline(rows(("2022-09", "false", 2), ("2022-12", "verified", 1)), max_bars=36)
    assert chart["unit"] == "month"
    assert [bar["period"] for bar in chart["bars"]] == ["2022-09", "2022-10", "2022-11", "2022-12"]
    assert [bar["label"] for bar in chart["bars"]] == ["Sep 2022", "Oct 2022", "Nov 2022", "Dec 2022"]
    empty = chart["bars"][1]
    assert empty["total"] == 0 and empty["segments"] == [] and empty["parts"] == []
    assert [row["total"] for row in chart["table"]] == [2, 0, 0, 1]
    assert [cell["count"] for cell in chart["table"][1]["cells"]] == [0] * len(charts.VERDICT_ORDER)
    # Every bar keeps its place on the axis: the empty months are as wide as the others.
    assert len({bar["width"] for bar in chart["bars"]}) == 1
    xs = [bar["x"] for bar in chart["bars"]]
    assert xs == sorted(xs)


def test_one_status_only_makes_single_segment_bars_of_that_status():
    chart = charts.verdict_timeline(rows(("2023-01", "false", 3), ("2023-02", "false", 1)), max_bars=36)
    segments = [seg for bar in chart["bars"] for seg in bar["segments"]]
    assert {seg["status"] for seg in segments} == {"false"}
    assert [len(bar["segments"]) for bar in chart["bars"]] == [1, 1]
    assert [item["count"] for item in chart["legend"]] == [0, 0, 0, 4, 0]
    bar = charts.status_bar({"false": 5})
    assert [(seg["status"], seg["x"], seg["width"]) for seg in bar["segments"]] == [("false", 0, bar["width"])]


def test_segments_stack_in_verdict_order_and_bar_heights_follow_the_counts():
    chart = charts.verdict_timeline(rows(("2022-11", "false", 3), ("2022-11", "verified", 1),
                                         ("2022-12", "disputed", 2)), max_bars=36)
    november, december = chart["bars"]
    assert [seg["status"] for seg in november["segments"]] == ["verified", "false"]  # bottom to top
    bottom = chart["plot"]["bottom"]
    verified, false = november["segments"]
    assert verified["y"] + verified["height"] == pytest.approx(bottom)
    assert false["y"] + false["height"] == pytest.approx(verified["y"])
    assert false["height"] == pytest.approx(3 * verified["height"])
    assert december["segments"][0]["height"] == pytest.approx(2 * verified["height"])
    # The axis reaches the tallest bar, in whole-number ticks.
    assert chart["y_ticks"][-1]["value"] >= 4
    assert all(isinstance(tick["value"], int) for tick in chart["y_ticks"])
    assert november["top"] >= chart["plot"]["top"]


def test_many_months_become_years_and_labels_are_thinned_to_fit():
    months = [f"{year}-{month:02d}" for year in range(2015, 2023) for month in (1, 6)]
    chart = charts.verdict_timeline(rows(*[(m, "verified", 1) for m in months]), max_bars=36)
    assert chart["unit"] == "year"
    assert [bar["period"] for bar in chart["bars"]] == [str(y) for y in range(2015, 2023)]
    assert [bar["total"] for bar in chart["bars"]] == [2] * 8

    monthly = charts.verdict_timeline(rows(("2020-01", "false", 1), ("2022-12", "verified", 1)), max_bars=36)
    assert monthly["unit"] == "month" and len(monthly["bars"]) == 36
    labels = monthly["x_axis"]
    assert labels[0]["label"] == "Jan 2020" and len(labels) < 36
    gaps = [b["x"] - a["x"] for a, b in zip(labels, labels[1:])]
    assert min(gaps) >= charts.X_LABEL_WIDTH - 1  # no two labels overlap
    assert len(monthly["table"]) == 36  # the table keeps every month


def test_years_too_many_to_fill_show_only_the_years_with_verdicts():
    chart = charts.verdict_timeline(rows(("1950-03", "false", 1), ("2022-11", "verified", 2)), max_bars=36)
    assert chart["unit"] == "year"
    assert [bar["period"] for bar in chart["bars"]] == ["1950", "2022"]


def test_zero_claims_is_empty_so_the_page_says_so_instead_of_drawing():
    chart = charts.verdict_timeline([], max_bars=36)
    assert chart["empty"] and chart["bars"] == [] and chart["table"] == [] and chart["total"] == 0
    workflow_only = charts.verdict_timeline(rows(("2022-11", "unreviewed", 9), ("2022-11", "in_review", 2)), 36)
    assert workflow_only["empty"]
    bar = charts.status_bar({status: 0 for status in charts.STATUS_ORDER})
    assert bar["empty"] and bar["segments"] == []


def test_claims_with_no_known_month_are_counted_apart_from_the_bars():
    chart = charts.verdict_timeline(rows((None, "disputed", 2), ("2022", "false", 1), ("2022-13", "false", 1)), 36)
    assert not chart["empty"] and chart["bars"] == []
    assert chart["undated"]["total"] == 4
    assert [(p["status"], p["count"]) for p in chart["undated"]["parts"]] == [("disputed", 2), ("false", 2)]
    assert chart["totals"]["total"] == 4


def test_a_single_claim_among_thousands_still_shows_in_the_status_bar():
    bar = charts.status_bar({"unreviewed": 100_000, "false": 1, "verified": 3})
    widths = {seg["status"]: seg["width"] for seg in bar["segments"]}
    assert widths["false"] >= charts.SEGMENT_MIN_WIDTH and widths["verified"] >= charts.SEGMENT_MIN_WIDTH
    assert sum(widths.values()) == pytest.approx(bar["width"])
    ends = [seg["x"] + seg["width"] for seg in bar["segments"]]
    assert [seg["x"] for seg in bar["segments"][1:]] == pytest.approx(ends[:-1])  # no gap, no overlap
    assert [item["status"] for item in bar["legend"]] == list(charts.STATUS_ORDER)  # zeros listed too
    assert bar["total_label"] == "100,004"


def test_labels_are_made_in_one_place_and_follow_a_locale():
    assert charts.period_label("2022-11") == "Nov 2022"
    assert charts.period_label("2022-11", "fr") == "nov. 2022"
    assert charts.count_label(12345) == "12,345"
    assert charts.count_label(12345, "fr").replace("\u202f", " ").replace("\xa0", " ") == "12 345"
    chart = charts.verdict_timeline(rows(("2022-11", "false", 1200)), max_bars=36, locale="fr")
    assert chart["bars"][0]["label"] == "nov. 2022"
    assert chart["bars"][0]["total_label"] != "1,200"


def test_status_names_come_from_the_labeller_the_page_gives_everywhere_a_chart_names_them():
    french = {"false": "Faux", "verified": "Exact"}.get
    chart = charts.verdict_timeline(rows(("2022-11", "false", 1), (None, "verified", 1)), 36, "fr", french)
    assert chart["bars"][0]["segments"][0]["label"] == chart["bars"][0]["parts"][0]["label"] == "Faux"
    assert chart["undated"]["parts"][0]["label"] == "Exact"
    assert {s["label"] for s in chart["statuses"]} == {item["label"] for item in chart["legend"]} >= {"Faux", "Exact"}
    bar = charts.status_bar({"false": 2}, "fr", french)
    assert bar["segments"][0]["label"] == "Faux" and bar["legend"][0]["label"] == "Exact"
    assert charts.status_bar({"false": 2})["segments"][0]["label"] == "False"  # English by default


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("status", charts.STATUS_ORDER)
def test_every_status_colour_stands_out_from_the_page_and_its_pattern_lines(status):
    colour, pattern = charts.STYLES[status]
    white = _luminance(charts.PATTERN_LINE)
    assert (white + 0.05) / (_luminance(colour) + 0.05) >= 3  # WCAG 1.4.11, graphics
    others = [p for s, (_, p) in charts.STYLES.items() if s != status]
    assert pattern not in others  # status told by shape too, not colour alone


@pytest.mark.parametrize("top, expected", [(0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]),
                                           (45, [0, 20, 40, 60]), (1000, [0, 500, 1000])])
def test_axis_ticks_are_whole_round_numbers_reaching_the_top(top, expected):
    assert charts.nice_ticks(top) == expected


@pytest.mark.parametrize("name, key", [("Jens Stoltenberg", "jens-stoltenberg"), ("jens  STOLTENBERG", "jens-stoltenberg"),
                                       ("Éric Dupond-Moretti", "eric-dupond-moretti"),
                                       ("l’État-major", "l-etat-major")])
def test_a_speaker_key_folds_case_accents_and_punctuation(name, key):
    assert speakers.speaker_key(name) == key


def test_a_name_in_another_script_gets_a_safe_key_of_its_own():
    first, second = speakers.speaker_key("Путин"), speakers.speaker_key("Зеленский")
    assert first != second and speakers.KEY.match(first) and speakers.KEY.match(second)
    assert speakers.KEY.match(speakers.speaker_key("x" * 500))


def test_spellings_of_one_name_are_one_speaker_shown_by_its_commonest_spelling():
    found = speakers.speakers({"Jens Stoltenberg": {"false": 2, "verified": 1},
                               "jens stoltenberg": {"false": 1, "verified": 0}, "  ": {"false": 4}})
    assert list(found) == ["jens-stoltenberg"]
    entry = found["jens-stoltenberg"]
    assert entry["name"] == "Jens Stoltenberg" and sorted(entry["names"]) == ["Jens Stoltenberg", "jens stoltenberg"]
    assert entry["counts"] == {"false": 3, "verified": 1} and entry["total"] == 4 and entry["verdicts"] == 4
