"""Sentence → named entities: people (PER), places (LOC) and organisations (ORG).

STUB: to be replaced by the real recogniser.
"""
from __future__ import annotations


def find(sentence: str, lang: str) -> list[dict]:
    return []
