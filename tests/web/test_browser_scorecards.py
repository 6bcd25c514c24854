"""The scorecards in Debian's Chromium, without JavaScript: the bars are drawn (boxes of non-zero size), the
SVG scales with the window, and each chart's text alternative states the numbers of the table beside it."""
from __future__ import annotations

import re

import pytest

from tests.support.app import live_server
from tests.support.scorecards import (
    STOLTENBERG,
    build_scorecard_site,
    counts_said,
    described,
)


@pytest.fixture
def scored_server(tmp_path):
    app, facts = build_scorecard_site(tmp_path)
    with live_server(app) as base:
        yield base, facts


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 900})
    errors = []
    opened = context.new_page()
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    assert errors == []


def drawn_segments(page, chart: str) -> list[dict]:
    """The chart's bar segments as drawn: status, count and bounding box."""
    segments = page.locator(f"#{chart} svg.chart-svg .bar-segment")
    return [{"status": segments.nth(i).get_attribute("data-status"),
             "count": int(segments.nth(i).get_attribute("data-count")),
             "box": segments.nth(i).bounding_box()} for i in range(segments.count())]


def table_figures(page, table: str) -> dict[str, dict[str, int]]:
    """{row heading: {status: count}} of the table, zeros left out."""
    figures = {}
    rows = page.locator(f"#{table} tr:has(th[scope=row])")
    for i in range(rows.count()):
        row = rows.nth(i)
        cells = row.locator("td[data-status]")
        counts = {cells.nth(j).get_attribute("data-status"): int(cells.nth(j).inner_text().replace(",", ""))
                  for j in range(cells.count())}
        figures[row.locator("th").inner_text().strip()] = {s: n for s, n in counts.items() if n}
    return figures




@pytest.mark.parametrize("path", ["/sources/washington-post", f"/speakers/{STOLTENBERG}"])
def test_the_verdict_timeline_draws_its_bars_and_says_the_numbers_of_its_table(scored_server, page, path):
    base, _ = scored_server
    page.goto(base + path)
    segments = drawn_segments(page, "scorecard")
    assert segments
    for segment in segments:
        assert segment["box"] and segment["box"]["width"] > 0 and segment["box"]["height"] > 0
    figures = table_figures(page, "scorecard-table")
    in_months = {label: counts for label, counts in figures.items() if counts and label not in ("All", "Month not known")}
    # One segment per non-zero cell of the table, as tall as its count says.
    assert sorted((s["status"], s["count"]) for s in segments) == \
        sorted((status, n) for counts in in_months.values() for status, n in counts.items())
    unit = min(s["box"]["height"] / s["count"] for s in segments)
    for segment in segments:
        assert segment["box"]["height"] == pytest.approx(segment["count"] * unit, rel=0.05)
    # The text alternative (title and desc, the image's accessible name) states the same numbers.
    desc = page.locator("#scorecard-desc").text_content()
    assert described(desc) == {label: counts for label, counts in figures.items() if counts and label != "All"}
    chart = page.get_by_role("img", name=re.compile(r"Verdicts by month, Sep 2022 to Jan 2023"))
    assert chart.count() == 1
    # The pattern fill resolves: the legend names each status beside its swatch.
    legend = page.locator("#scorecard .chart-legend li")
    assert [legend.nth(i).inner_text().strip() for i in range(legend.count())] == \
        ["Verified", "Disputed", "Misleading", "False", "Unverifiable"]


def test_the_chart_scales_with_the_window(scored_server, page):
    base, _ = scored_server
    page.goto(f"{base}/speakers/{STOLTENBERG}")
    wide = page.locator("#scorecard svg.chart-svg").bounding_box()
    page.set_viewport_size({"width": 360, "height": 800})
    narrow = page.locator("#scorecard svg.chart-svg").bounding_box()
    assert narrow["width"] < wide["width"] and narrow["width"] <= 360
    assert narrow["height"] / narrow["width"] == pytest.approx(wide["height"] / wide["width"], rel=0.02)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling


def test_the_claim_index_bar_draws_each_status_and_says_the_counts_its_legend_shows(scored_server, page):
    base, _ = scored_server
    page.goto(f"{base}/claims/")
    segments = drawn_segments(page, "status-bar")
    assert segments and all(s["box"]["width"] > 0 and s["box"]["height"] > 0 for s in segments)
    total_width = page.locator("#status-bar svg.chart-svg").bounding_box()["width"]
    assert sum(s["box"]["width"] for s in segments) == pytest.approx(total_width, rel=0.02)
    legend = page.locator("#status-bar .chart-legend li")
    shown = {legend.nth(i).get_attribute("data-status"):
             int(legend.nth(i).locator(".legend-count").inner_text().replace(",", "")) for i in range(legend.count())}
    desc = page.locator("#status-bar-desc").text_content()
    said = counts_said(desc.split(";")[0])
    assert said == shown
    assert {s["status"]: s["count"] for s in segments} == {s: n for s, n in shown.items() if n}
    assert f"{sum(shown.values())} in all" in desc
    assert page.get_by_role("img", name=re.compile("Claims by status")).count() == 1
