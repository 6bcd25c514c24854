"""Comparing quantities across languages: "1 000 drones" = "1,000 drones", "quelque 400" ≈ "about 400".

A quantity is the dict `quantities.find` returns (value, unit lemma, bound, text, maybe `approximate`).
Its bound turns it into the range of values it allows; two figures agree when their ranges meet:

    exact 1000            [1000, 1000]
    about 400             [400 × (1 − about), 400 × (1 + about)]
    at least 25           [25, 25 × at_least_span]       "more than 25" is rarely written for 1,000
    at most 100           [100 / at_least_span, 100]
    "des centaines" ≥ 100 [100, 100 × vague_span]        a vague plural ("hundreds of")

Units are compared through the English lemmas they stand for (`keys.unit_keys`, `keys.same_unit`):
"frappe" and "strike" meet through the dictionary, "airstrike" is a strike by its head.
"""
from __future__ import annotations

from dataclasses import dataclass

SAME, CLOSE, DIFFERENT = "same", "close", "different"
# English words for the units whose plural is not just an added "s".
IRREGULAR_PLURALS = {"person": "people", "country": "countries", "army": "armies", "city": "cities",
                     "casualty": "casualties", "facility": "facilities", "percent": "percent",
                     "aircraft": "aircraft", "personnel": "personnel"}


@dataclass(frozen=True)
class Tolerance:
    about: float = 0.15  # "about 400" allows 340 to 460
    at_least_span: float = 1.5  # "more than 400" allows up to 600; "at most 100" down to 67
    vague_span: float = 10.0  # "hundreds of" allows 100 to 1,000


def value_range(quantity: dict, tolerance: Tolerance = Tolerance()) -> tuple[float, float]:
    """The values a quantity allows, given its bound."""
    value = float(quantity["value"])
    bound = quantity.get("bound") or "exact"
    if bound == "about":
        return value * (1 - tolerance.about), value * (1 + tolerance.about)
    if bound == "at least":
        span = tolerance.vague_span if quantity.get("approximate") else tolerance.at_least_span
        return value, value * span
    if bound == "at most":
        return value / tolerance.at_least_span, value
    return value, value


def compare(claim: dict, source: dict, tolerance: Tolerance = Tolerance()) -> str:
    """SAME when the figures are equal (whatever the bounds: "quelque 400" and "more than 400" both say 400),
    CLOSE when their ranges meet, DIFFERENT when they cannot both be true. Units are not checked here."""
    if float(claim["value"]) == float(source["value"]):
        return SAME
    low_a, high_a = value_range(claim, tolerance)
    low_b, high_b = value_range(source, tolerance)
    return CLOSE if low_a <= high_b and low_b <= high_a else DIFFERENT


def format_value(value: float | int) -> str:
    """1000 → "1,000"; 2.5 → "2.5"."""
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def english_unit(quantity: dict) -> str:
    """The unit as a reader expects it after the number: "drones", "strikes", "people" (a passage's
    quantities are in its own language, English for the sources we link to)."""
    word = quantity.get("unit") or ""
    if not word or float(quantity["value"]) == 1:
        return word
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    return word if word.endswith("s") else word + "s"


def describe(quantity: dict) -> str:
    """"400 drones": the figure and its unit, without the bound."""
    return " ".join(part for part in (format_value(quantity["value"]), english_unit(quantity)) if part)


def quote(quantity: dict) -> str:
    """The quantity as its text wrote it ("plus de 25 drones"), else described."""
    return " ".join((quantity.get("text") or describe(quantity)).split())
