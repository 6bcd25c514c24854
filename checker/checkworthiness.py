"""Sentence + its features → check-worthiness score (0..1), flag, kind and readable reasons.

STUB: to be replaced by the real scorer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("statistic", "quote", "event", "report", "prediction", "opinion")


@dataclass
class Verdict:
    score: float
    kind: str
    reasons: list[str] = field(default_factory=list)


def assess(sentence: str, lang: str, quantities: list[dict], dates: list[dict],
           entities: list[dict], attribution: dict | None) -> Verdict:
    score, reasons = 0.2, []
    if quantities:
        score += 0.4
        reasons.append("number with unit")
    if attribution:
        score += 0.3
        reasons.append("attributed to a named source")
    return Verdict(min(score, 1.0), "statistic" if quantities else "event", reasons)
