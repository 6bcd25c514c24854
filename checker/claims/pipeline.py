"""Sentences → claims: score, kind, quantities, dates, entities and attribution.

This module only orchestrates. Each step lives in its own module and works on one sentence's text,
returning offsets relative to that sentence; here they are shifted to offsets into the article text.

    sentences.segment      text → sentence and skipped-line segments
    dates.narrow           the article date, narrowed from the text's own evidence
    entities.find          people, places, organisations
    quantities.find        value, unit lemma, bound
    dates.find             dates resolved against the article date
    attribution.find       who is cited, with the cue (follows "selon le rapport" back)
    checkworthiness.assess the rule score, kind and reasons
    features.find          the rule verdict and the steps' outputs as named features, with their words
    learned.judge          score, checkworthy flag and reasons in words: the learned model's for the
                           languages it was trained on (English), the rules' for the others
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from checker.claims import (
    attribution,
    checkworthiness,
    dates,
    entities,
    features,
    learned,
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


def _let_go(items: list) -> Iterator:
    """The items in order, each dropped from the list once given: a long text's date scans hold match objects
    for every date-like word, as much memory as its claims, and need not all be kept to the end."""
    for index in range(len(items)):
        item, items[index] = items[index], None
        yield item


@dataclass
class Analysis:
    """One sentence's step outputs (offsets relative to the sentence), and how check-worthy it is."""
    entities: list[dict]
    quantities: list[dict]
    dates: list[dict]
    attribution: dict | None
    verdict: checkworthiness.Verdict
    features: features.Features


def analyse(sentence: str, lang: str, published: dates.ArticleDate | None, registry: Registry,
            context: attribution.Context, date_scan: dates.Scan | None = None) -> Analysis:
    """Run the steps on one sentence. `context` carries the article's earlier citations ("selon le rapport")."""
    if date_scan is None:
        date_scan = dates.scan(sentence, lang, published is not None)
    found_entities = entities.find(sentence, lang)
    found_quantities = quantities.find(sentence, lang)
    found_dates = dates.find(sentence, lang, published, date_scan)
    cited = attribution.find(sentence, lang, found_entities, registry, context)
    verdict = checkworthiness.assess(sentence, lang, found_quantities, found_dates, found_entities, cited)
    found = features.find(sentence, found_quantities, found_dates, found_entities, cited, verdict)
    return Analysis(found_entities, found_quantities, found_dates, cited, verdict, found)


def extract(text: str, lang: str, article_date: dates.ArticleDate | None, registry: Registry,
            threshold: float = Config.CHECKWORTHY_THRESHOLD, model_dir: Path = learned.MODEL_DIR) -> Extraction:
    """Extract every body sentence as a claim (check-worthy or not) and every skipped line. `threshold` flags
    the rule score, in the languages the learned model does not know; the model has its own (model.json).
    `model_dir` holds the model: a folder without one leaves every language to the rules (benchmarks/ingest.py
    measures the model's cost so)."""
    segments = sentences.segment(text, lang)
    body = [s for s in segments if s.reason is None]
    # Each body sentence is scanned for dates once: narrow reads the scans for its evidence, find resolves them.
    date_scans = [dates.scan(s.text, lang, article_date is not None) for s in body]
    published = dates.narrow(text, [(s.start, s.end) for s in body], lang, article_date, date_scans)
    body_date_scans = _let_go(date_scans)  # the loop below meets the body sentences in the same order
    context = attribution.Context()
    model = learned.load(model_dir)
    result = Extraction(published=published)
    for segment in segments:
        if segment.reason is not None:
            result.skipped.append({"text": segment.text, "start": segment.start, "end": segment.end,
                                   "reason": segment.reason})
            continue
        sentence = segment.text
        found = analyse(sentence, lang, published, registry, context, next(body_date_scans))
        judged = learned.judge(sentence, lang, found.verdict, found.features, threshold, model)
        result.claims.append({
            "text": sentence,
            "start": segment.start,
            "end": segment.end,
            "paragraph": segment.paragraph,
            "checkworthy": judged.checkworthy,
            "score": round(judged.score, 3),
            "kind": found.verdict.kind,
            "reasons": judged.reasons + ([segment.note] if segment.note else []),  # part of a long sentence
            "quantities": _shift(found.quantities, segment.start),
            "dates": _shift(found.dates, segment.start),
            "entities": _shift(found.entities, segment.start),
            "attribution": found.attribution,
        })
    return result
