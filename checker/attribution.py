"""Sentence → who is cited for it, with the cue ("selon", "a déclaré", "according to", "said").

STUB: to be replaced by the real detector.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from checker.sources import Registry


@dataclass
class Context:
    """What earlier sentences cited, so "selon le rapport" can be followed back."""
    last_report: dict | None = None
    cited: list[dict] = field(default_factory=list)


def find(sentence: str, lang: str, entities: list[dict], registry: Registry,
         context: Context) -> dict | None:
    return None
