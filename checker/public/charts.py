"""Scorecards as plain data: the geometry of the charts the public pages draw as inline SVG, and the figures
of the table and the text alternative that go with them. `templates/public/charts.html` draws them; nothing
here knows HTML, and nothing here reads the database.

- `verdict_timeline`: the verdicts on a source's or speaker's claims, one stacked bar per month the claim was
  published (per year when the months would not fit), with axis ticks, a legend and one table row per bar.
- `status_bar`: claims per status as one horizontal stacked bar.

Every word and number a chart shows comes from the label functions below (`period_label`, `count_label`,
`status_label`), so a locale is applied in one place; the web passes its own `label` for statuses (the reader's
language, from its catalogue), and the sentences around the figures are the template's, translated there.
Status is never told by colour alone: each status has its own fill pattern as well as its colour, and a legend
and a table name it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date

from babel.dates import format_skeleton
from babel.numbers import format_decimal

from checker.review import statuses

# From the best verdict to the worst, then the workflow: the order of the stacks, the legend and the table.
STATUS_ORDER = ("verified", "disputed", "misleading", "false", "unverifiable", "in_review", "unreviewed")
VERDICT_ORDER = tuple(s for s in STATUS_ORDER if statuses.is_verdict(s))

# Each status's fill: a colour with at least 3:1 contrast against the white page and against the white lines
# of its pattern (WCAG's figure for graphics), and a pattern of its own, so two statuses differ in shape too.
STYLES = {
    "verified": ("#1e6b2a", "solid"),
    "disputed": ("#8a4b00", "stripes"),
    "misleading": ("#6e5a00", "dots"),
    "false": ("#9b1c1c", "crosshatch"),
    "unverifiable": ("#4b2a7a", "rows"),
    "in_review": ("#0b4f94", "columns"),
    "unreviewed": ("#5f5f5f", "backslash"),
}
PATTERN_LINE = "#ffffff"

# The drawing's own coordinates (the viewBox): the SVG scales to its container, so these fix proportions only.
# A narrow drawing, so that its text stays readable when a phone shrinks it to the screen.
TIMELINE_WIDTH, TIMELINE_HEIGHT = 520, 280
FONT_SIZE = 13
TIMELINE_MARGIN = {"left": 52, "right": 12, "top": 24, "bottom": 60}
BAR_SHARE = 0.7  # of a bar's band; the rest is the gap between bars
BAR_MAX_WIDTH = 56
X_LABEL_WIDTH = 80  # room one period label needs ("Sep 2022"); labels are thinned to fit
Y_TICKS_MAX = 5
STATUS_BAR_WIDTH, STATUS_BAR_HEIGHT = 640, 32
SEGMENT_MIN_WIDTH = 4  # a status with a single claim among thousands still shows

MONTH = re.compile(r"(\d{4})-(\d{2})\Z")

Labeller = Callable[[str], str]  # a status's name for readers


# --- labels: every word and number the charts show ------------------------------------------------------

def period_label(period: str, locale: str = "en") -> str:
    """"2022-11" → "Nov 2022"; "2022" → "2022"."""
    found = MONTH.match(period)
    if not found:
        return period
    return format_skeleton("yMMM", date(int(found.group(1)), int(found.group(2)), 1), locale=locale)


def count_label(count: int, locale: str = "en") -> str:
    return format_decimal(count, locale=locale)


def status_label(status: str) -> str:
    return statuses.label(status)


# --- periods ----------------------------------------------------------------------------------------------

def month_of(value: str | None) -> str | None:
    """A "YYYY-MM" month when the value is one, else None (a date with no month, or none at all)."""
    found = MONTH.match(value or "")
    if not found or not 1 <= int(found.group(2)) <= 12:
        return None
    return value


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month_name(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def periods_for(months: list[str], max_bars: int) -> tuple[str, list[str]]:
    """The bars' periods, oldest first, for the months that have data: ("month", every month from the first to
    the last, empty ones included) when that is at most max_bars; else ("year", every year likewise); else
    ("year", only the years that have data)."""
    if not months:
        return "month", []
    first, last = _month_number(min(months)), _month_number(max(months))
    if last - first + 1 <= max_bars:
        return "month", [_month_name(n) for n in range(first, last + 1)]
    years = sorted({month[:4] for month in months})
    if int(years[-1]) - int(years[0]) + 1 <= max_bars:
        return "year", [f"{y:04d}" for y in range(int(years[0]), int(years[-1]) + 1)]
    return "year", years


# --- the timeline ------------------------------------------------------------------------------------------

def nice_ticks(top: int, most: int = Y_TICKS_MAX) -> list[int]:
    """Whole-number axis ticks from 0 past `top`, in steps of 1, 2 or 5 × 10^k, at most `most` of them."""
    top = max(top, 1)
    exponent = 0
    while True:
        for multiple in (1, 2, 5):
            step = multiple * 10 ** exponent
            if math.ceil(top / step) + 1 <= most:
                return list(range(0, math.ceil(top / step) * step + 1, step))
        exponent += 1


def _parts(counts: dict[str, int], order: tuple[str, ...], locale: str, label: Labeller) -> list[dict]:
    """A period's non-zero statuses, in order, as the text alternative names them."""
    return [{"status": s, "label": label(s), "count": counts[s], "count_label": count_label(counts[s], locale)}
            for s in order if counts.get(s)]


def verdict_timeline(rows: list[dict], max_bars: int, locale: str = "en", label: Labeller = status_label) -> dict:
    """The timeline of verdicts, from rows {"month": "YYYY-MM" or None, "status", "count"} (any order; statuses
    that are not verdicts are left out), numbers in `locale` and statuses named by `label`.

    Returns {"empty": no verdict at all, "unit": "month" | "year", "width", "height", "plot", "bars",
    "y_ticks", "x_axis", "legend", "statuses", "table", "undated", "totals", "total", "first", "last"}: each bar
    has its period, label, total, the x, width and top of the whole bar and its segments (status, y, height,
    count), bottom to top in VERDICT_ORDER; "table" has one row per bar, "undated" the verdicts on claims with
    no known month, "totals" the sums of every row.
    """
    per_month: dict[str, dict[str, int]] = {}
    undated: dict[str, int] = {}
    for row in rows:
        if row["status"] not in VERDICT_ORDER or not row["count"]:
            continue
        month = month_of(row["month"])
        into = per_month.setdefault(month, {}) if month else undated
        into[row["status"]] = into.get(row["status"], 0) + row["count"]
    unit, periods = periods_for(sorted(per_month), max_bars)
    per_period: dict[str, dict[str, int]] = {period: {} for period in periods}
    for month, counts in per_month.items():
        bucket = per_period.get(month if unit == "month" else month[:4])
        for status, count in counts.items():
            bucket[status] = bucket.get(status, 0) + count
    totals = {s: sum(c.get(s, 0) for c in per_period.values()) + undated.get(s, 0) for s in VERDICT_ORDER}
    total = sum(totals.values())
    frame = {"width": TIMELINE_WIDTH, "height": TIMELINE_HEIGHT, **TIMELINE_MARGIN}
    peak = max((sum(c.values()) for c in per_period.values()), default=0)
    ticks = nice_ticks(peak)
    bars = _timeline_bars(periods, per_period, ticks[-1], frame, locale, label)
    return {
        "empty": total == 0, "unit": unit, "width": frame["width"], "height": frame["height"], "font_size": FONT_SIZE,
        "plot": _plot_box(frame), "bars": bars, "y_ticks": _y_ticks(ticks, frame, locale),
        "x_axis": _x_labels(bars, frame), "titles": _axis_titles(frame),
        "legend": legend(VERDICT_ORDER, totals, locale, label),
        "statuses": [{"status": s, "label": label(s)} for s in VERDICT_ORDER],
        "table": [_table_row(bar["label"], bar["counts"], locale, label) for bar in bars],
        "undated": _table_row(None, undated, locale, label), "totals": _table_row(None, totals, locale, label),
        "total": total, "first": bars[0]["label"] if bars else None, "last": bars[-1]["label"] if bars else None,
    }


def _table_row(period: str | None, counts: dict[str, int], locale: str, label: Labeller) -> dict:
    """One row of the table under a timeline: a count per verdict, the row's total, and the non-zero ones as
    the text alternative names them."""
    total = sum(counts.get(s, 0) for s in VERDICT_ORDER)
    return {"label": period, "cells": [{"status": s, "count": counts.get(s, 0),
                                       "count_label": count_label(counts.get(s, 0), locale)} for s in VERDICT_ORDER],
            "total": total, "total_label": count_label(total, locale),
            "parts": _parts(counts, VERDICT_ORDER, locale, label)}


def _plot_box(frame: dict) -> dict:
    return {"left": frame["left"], "top": frame["top"], "right": frame["width"] - frame["right"],
            "bottom": frame["height"] - frame["bottom"]}


def _timeline_bars(periods: list[str], per_period: dict, y_max: int, frame: dict, locale: str,
                   label: Labeller) -> list[dict]:
    box = _plot_box(frame)
    band = (box["right"] - box["left"]) / max(len(periods), 1)
    width = min(band * BAR_SHARE, BAR_MAX_WIDTH)
    scale = (box["bottom"] - box["top"]) / y_max
    bars = []
    for index, period in enumerate(periods):
        counts = per_period[period]
        base = box["bottom"]
        segments = []
        for status in VERDICT_ORDER:
            count = counts.get(status, 0)
            if not count:
                continue
            height = count * scale
            base -= height
            segments.append({"status": status, "label": label(status), "count": count,
                             "count_label": count_label(count, locale), "y": _r(base), "height": _r(height)})
        total = sum(counts.values())
        x = box["left"] + index * band + (band - width) / 2
        bars.append({"period": period, "label": period_label(period, locale), "x": _r(x), "width": _r(width),
                     "centre": _r(x + width / 2), "top": _r(base), "total_y": _r(base - FONT_SIZE / 2), "total": total,
                     "total_label": count_label(total, locale), "segments": segments,
                     "counts": {s: counts.get(s, 0) for s in VERDICT_ORDER},
                     "parts": _parts(counts, VERDICT_ORDER, locale, label)})
    return bars


def _y_ticks(ticks: list[int], frame: dict, locale: str) -> list[dict]:
    box = _plot_box(frame)
    scale = (box["bottom"] - box["top"]) / ticks[-1]
    return [{"value": tick, "label": count_label(tick, locale), "y": _r(box["bottom"] - tick * scale),
             "label_x": box["left"] - FONT_SIZE / 2, "label_y": _r(box["bottom"] - tick * scale + FONT_SIZE / 3)}
            for tick in ticks]


def _axis_titles(frame: dict) -> dict:
    """Where the axis titles go: under the period labels, and turned along the left edge."""
    box = _plot_box(frame)
    return {"x": {"x": _r((box["left"] + box["right"]) / 2), "y": frame["height"] - FONT_SIZE * 0.8},
            "y": {"x": FONT_SIZE + 1, "y": _r((box["top"] + box["bottom"]) / 2)}}


def _x_labels(bars: list[dict], frame: dict) -> list[dict]:
    """The period labels shown under the bars: every bar's when they fit, else every k-th, the first included."""
    box = _plot_box(frame)
    fit = max(1, int((box["right"] - box["left"]) // X_LABEL_WIDTH))
    step = math.ceil(len(bars) / fit) if bars else 1
    y = box["bottom"] + FONT_SIZE * 1.5
    return [{"label": bar["label"], "x": bar["centre"], "y": y} for index, bar in enumerate(bars) if index % step == 0]


def legend(order: tuple[str, ...], counts: dict[str, int], locale: str = "en",
           label: Labeller = status_label) -> list[dict]:
    return [{"status": s, "label": label(s), "count": counts.get(s, 0),
             "count_label": count_label(counts.get(s, 0), locale), "colour": STYLES[s][0],
             "pattern": STYLES[s][1]} for s in order]


# --- the status bar -------------------------------------------------------------------------------------

def status_bar(counts: dict[str, int], locale: str = "en", label: Labeller = status_label) -> dict:
    """Claims per status as one horizontal stacked bar, in STATUS_ORDER (numbers in `locale`, statuses named by
    `label`): {"empty", "width", "height",
    "segments" (status, x, width, count), "legend" (every status, zeros included), "total"}."""
    total = sum(counts.get(s, 0) for s in STATUS_ORDER)
    present = [s for s in STATUS_ORDER if counts.get(s)]
    widths = _segment_widths([counts[s] for s in present], STATUS_BAR_WIDTH, SEGMENT_MIN_WIDTH)
    segments, x = [], 0.0
    for status, width in zip(present, widths):
        segments.append({"status": status, "label": label(status), "count": counts[status],
                         "count_label": count_label(counts[status], locale), "x": _r(x), "width": _r(width)})
        x += width
    return {"empty": total == 0, "width": STATUS_BAR_WIDTH, "height": STATUS_BAR_HEIGHT, "segments": segments,
            "legend": legend(STATUS_ORDER, counts, locale, label), "total": total,
            "total_label": count_label(total, locale)}


def _segment_widths(counts: list[int], width: float, minimum: float) -> list[float]:
    """Widths proportional to the counts, summing to `width`, none under `minimum` (when they all fit)."""
    if not counts:
        return []
    if minimum * len(counts) >= width:
        return [width / len(counts)] * len(counts)
    widths = [width * count / sum(counts) for count in counts]
    small = [i for i, w in enumerate(widths) if w < minimum]
    while small:
        rest = [i for i in range(len(counts)) if i not in small]
        left = width - minimum * len(small)
        share = sum(counts[i] for i in rest)
        widths = [minimum if i in small else left * counts[i] / share for i in range(len(counts))]
        more = [i for i in rest if widths[i] < minimum]
        if not more:
            break
        small += more
    return widths


def _r(value: float) -> float:
    """Coordinates to two decimals: exact enough for any screen, and short in the page."""
    return round(value, 2)
