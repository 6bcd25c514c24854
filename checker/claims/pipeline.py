"""Sentences → claims: score, kind, quantities, dates, entities and attribution.

This module only orchestrates. Each step lives in its own module and works on one sentence's text,
returning offsets relative to that sentence; here they are shifted to offsets into the article text.

    sentences.segment      text → sentence and skipped-line segments
    dates.narrow           the article date, narrowed from the text's own evidence
    entities.find          people, places, organisations
    quantities.find        value, unit lemma, bound
    dates.find             dates resolved against the article date
    attribution.find       who is cited, with the cue (follows "selon le rapport" back)
    checkworthiness.assess score, checkworthy flag, kind, reasons
"""
from __future__ import annotations

from dataclasses import dataclass, field

from checker.claims import (
    attribution,
    checkworthiness,
    dates,
    entities,
    quantities,
    sentences,
)
from checker.claims.registry import Registry
from checker.config import Config


@dataclass
class Extraction:
    claims: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    published: dates.ArticleDate | None = None


def _shift(items: list[dict], offset: int) -> list[dict]:
    shifted = []
    for item in items:
        item = dict(item)
        if "start" in item and "end" in item:
            item["start"] += offset
            item["end"] += offset
        shifted.append(item)
    return shifted


def extract(text: str, lang: str, article_date: dates.ArticleDate | None, registry: Registry,
            threshold: float = Config.CHECKWORTHY_THRESHOLD) -> Extraction:
    """Extract every body sentence as a claim (check-worthy or not) and every skipped line."""
    segments = sentences.segment(text, lang)
    body = [s for s in segments if s.reason is None]
    # Each body sentence is scanned for dates once: narrow reads the scans for its evidence, find resolves them.
    date_scans = [dates.scan(s.text, lang, article_date is not None) for s in body]
    published = dates.narrow(text, [(s.start, s.end) for s in body], lang, article_date, date_scans)
    body_date_scans = iter(date_scans)  # the loop below meets the body sentences in the same order
    context = attribution.Context()
    result = Extraction(published=published)
    for segment in segments:
        if segment.reason is not None:
            result.skipped.append({"text": segment.text, "start": segment.start, "end": segment.end,
                                   "reason": segment.reason})
            continue
        sentence = segment.text
        found_entities = entities.find(sentence, lang)
        found_quantities = quantities.find(sentence, lang)
        found_dates = dates.find(sentence, lang, published, next(body_date_scans))
        cited = attribution.find(sentence, lang, found_entities, registry, context)
        verdict = checkworthiness.assess(sentence, lang, found_quantities, found_dates,
                                         found_entities, cited)
        result.claims.append({
            "text": sentence,
            "start": segment.start,
            "end": segment.end,
            "paragraph": segment.paragraph,
            "checkworthy": verdict.score >= threshold,
            "score": round(verdict.score, 3),
            "kind": verdict.kind,
            "reasons": verdict.reasons,
            "quantities": _shift(found_quantities, segment.start),
            "dates": _shift(found_dates, segment.start),
            "entities": _shift(found_entities, segment.start),
            "attribution": cited,
        })
    return result
