"""Sentence → quantities: value, singular unit lemma, bound (exact, about, at least, at most).

STUB: to be replaced by the real extractor.
"""
from __future__ import annotations

import re

BOUNDS = ("exact", "about", "at least", "at most")


def find(sentence: str, lang: str) -> list[dict]:
    out = []
    for m in re.finditer(r"\b(\d+)\s+(\w+)", sentence):
        out.append({"value": int(m.group(1)), "unit": m.group(2).rstrip("s"), "text": m.group(),
                    "bound": "exact", "start": m.start(), "end": m.end()})
    return out
