"""Claim × passage → score, signals, reasons and conflicts. Pure functions: plain dicts in, plain data out.

A claim (French, as the store gives it: text, quantities, dates, entities, attribution) and a passage (its
features, computed once when it is indexed: keys, quantities, dates, publication date, any denial) are
compared on five signals:

- topic:   the weighted share of the claim's keys (names, countries, field terms, other words; see
           `bilingual`) that the passage has too. Every other signal counts only in proportion to it
           (up to `topic_gate`), so a passage with nothing in common scores 0, and "the same figure in
           an unrelated story" or "a contracts list full of numbers" stays low;
- figure:  the claim's quantities against the passage's quantities of the same unit (`figures.compare`);
- date:    the claim's dates against the passage's dates, or the day the passage was published;
- cited:   the passage comes from a document of a source the claim cites;
- meaning: an embedding similarity, only when a local model is configured (off by default).

Conflicts are hints for reviewers, never verdicts: a different figure for the same unit in a passage
about the same story, a different date for an agreeing figure, a cited source that says otherwise.
"""
from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from checker.claims import dates, quantities
from checker.config import Config
from checker.evidence import figures, keys
from checker.text.fold import fold

# How much each kind of key says about a story. Numbers are left to the figure signal.
KEY_WEIGHTS = {"name": 1.5, "country": 1.0, "term": 1.2, "word": 0.7}
# Durations often differ between two accounts of one story ("within three months", "for six days"):
# a different duration is not reported as a conflict.
DURATION_UNITS = frozenset({"tday", "tweek", "tmonth", "tyear", "thour"})
PRECISE = frozenset({"exact", "inferred"})
SINCE_BEFORE = re.compile(r"(?:since|depuis|from|des|starting)\s+(?:le\s+|the\s+)?$")
# A passage that denies or disputes something: with the claim's story in it, a hint that it says otherwise.
DENIAL = re.compile(
    r"\b((?:denied|denies|denying|dismissed|rejected|refuted|disputed)\s+(?:that|the|any|these|those|this|reports?|"
    r"claims?|allegations?|it)|false|untrue|not true|no evidence|no indication|baseless|fabricated|"
    r"dementi|dement|a nie|ont nie|faux|aucune preuve|aucune indication)\b")
# A claim that itself denies something ("rien n'indiquait…", "no evidence that…") agrees with a denial.
CLAIM_NEGATION = re.compile(r"\b(?:ne|n'|rien|aucune?|jamais|nie|dement\w*|not|no|never|denie[sd]|deny)\b|n'")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MAX_LISTED = 5  # names or terms listed in one reason
COMMON_KEY_FLOOR = 0.3  # a key found in every passage still weighs this share of its kind's weight
SCORE_ROUNDING = 0.00005  # scores are rounded to 4 decimals: a bound allows for rounding up


@dataclass(frozen=True)
class Weights:
    """How the signals add up, and the lines a link must cross (configured from checker/config.py)."""
    topic: float = 0.55
    figure: float = 0.25
    date: float = 0.10
    cited: float = 0.10
    meaning: float = 0.0  # an embedding similarity; 0 unless a local model is configured
    topic_gate: float = 0.30  # below this topic, the other signals count in proportion
    threshold: float = Config.LINK_THRESHOLD  # a link is kept from this score
    conflict_topic: float = 0.35  # a passage this close to the claim is "about the same story"
    tolerance: figures.Tolerance = field(default_factory=figures.Tolerance)


@dataclass
class Scored:
    score: float
    signals: dict
    reasons: list[str]
    conflicts: list[str]


# ---------------------------------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------------------------------

def _since(text: str, start: int) -> bool:
    return bool(SINCE_BEFORE.search(fold(text[max(0, start - 14):start])))


def _quantity(q: dict) -> dict:
    return {"value": q["value"], "unit": q.get("unit"), "bound": q.get("bound") or "exact",
            "text": q.get("text"), "approximate": bool(q.get("approximate")),
            "unit_key": keys.unit_key(q.get("unit"))}


def _date(d: dict, text: str, offset: int) -> dict:
    start = d.get("start", offset) - offset
    return {"text": d.get("text"), "value": d.get("value"), "certainty": d.get("certainty") or "exact",
            "since": _since(text, start) if start >= 0 else False}


def claim_features(claim: dict) -> dict:
    """A stored claim's keys, quantities and dates; the names of the sources it cites are left out
    (a report rarely names itself)."""
    text, offset = claim["text"], claim.get("start") or 0
    attribution = claim.get("attribution") or {}
    cited_names = {fold(attribution.get("source") or "")} - {""}
    pieces, last = [], 0
    for entity in sorted(claim.get("entities") or [], key=lambda e: e.get("start", 0)):
        is_source = entity.get("source_id") and entity.get("source_id") == attribution.get("source_id") \
            or fold(entity.get("canonical") or "") in cited_names
        start, end = entity.get("start", offset) - offset, entity.get("end", offset) - offset
        if is_source and 0 <= start <= end <= len(text):
            pieces.append(text[last:start])
            last = end
    pieces.append(text[last:])
    found = keys.keys_of(" ".join(pieces))
    for entity in claim.get("entities") or []:
        if entity.get("canonical") and fold(entity["canonical"]) not in cited_names \
                and not (entity.get("source_id") and entity.get("source_id") == attribution.get("source_id")):
            found.setdefault(keys.entity_key(entity["canonical"]), entity.get("text") or entity["canonical"])
    claim_quantities = [_quantity(q) for q in claim.get("quantities") or []]
    for q in claim_quantities:
        found.setdefault(keys.number_key(q["value"]), q["text"] or figures.format_value(q["value"]))
    return {"keys": found, "quantities": claim_quantities,
            "dates": [_date(d, text, offset) for d in claim.get("dates") or [] if d.get("value")],
            "negated": bool(CLAIM_NEGATION.search(fold(text)))}


def passage_features(text: str, language: str | None, published: str | None) -> dict:
    """What the linking step needs of a passage, computed once when it is indexed (JSON-ready)."""
    lang = quantities.base_language(language) if language else "en"
    try:
        article_date = dates.parse(published[:10]) if published else None
    except ValueError:
        article_date = None
    found_quantities = [_quantity(q) for q in quantities.find(text, lang)]
    found_dates = [_date(d, text, 0) for d in dates.find(text, lang, article_date) if d.get("value")]
    found = keys.keys_of(text)
    for q in found_quantities:
        found.setdefault(keys.number_key(q["value"]), q["text"] or figures.format_value(q["value"]))
    denial, denying = _first_denial(text)
    return {"keys": found, "quantities": found_quantities, "dates": found_dates,
            "published": (published or "")[:10] or None, "denial": denial,
            "denial_keys": sorted(keys.keys_of(denying)) if denial else []}


def _first_denial(text: str) -> tuple[str | None, str]:
    """The first denial in the passage and the sentence it stands in (what the denial is about)."""
    for sentence in SENTENCE_END.split(text):
        found = DENIAL.search(fold(sentence))
        if found:
            return found.group(0), sentence
    return None, ""


def _denial_concerns_claim(claim_f: dict, passage_f: dict) -> bool:
    """A denial is a hint against the claim only when the claim does not deny too, and the denying
    sentence names something of the claim's (features indexed before this rule carry no sentence keys)."""
    if claim_f.get("negated"):
        return False
    denial_keys = passage_f.get("denial_keys")
    if denial_keys is None:
        return True
    return any(keys.kind(k) in ("name", "country", "term") and k in claim_f["keys"] for k in denial_keys)


# ---------------------------------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------------------------------

def rarity(passages_with_key: int, passages: int) -> float:
    """From 1 (no passage has the key) down towards 0 (every passage has it), on a log scale."""
    if passages <= 0:
        return 1.0
    return max(0.0, 1.0 - math.log1p(min(passages_with_key, passages)) / math.log1p(passages))


def key_weights(claim_keys, frequencies: dict | None = None, passages: int = 0,
                floor: float = COMMON_KEY_FLOOR) -> dict[str, float]:
    """What each of the claim's keys weighs: its kind, times how rare it is among the indexed passages
    ("Russia" in a war archive says less than "Przewodów"). Without corpus figures, the kind alone."""
    weights = {}
    for key in claim_keys:
        base = KEY_WEIGHTS.get(keys.kind(key), 0.0)
        if base and frequencies is not None:
            base *= floor + (1 - floor) * rarity(frequencies.get(key, 0), passages)
        if base:
            weights[key] = base
    return weights


def topic(claim_keys, passage_keys, weights: dict[str, float] | None = None) -> tuple[float, list[str]]:
    """(weighted share of the claim's keys found in the passage, the shared keys in the claim's order)."""
    weights = weights if weights is not None else key_weights(claim_keys)
    total = sum(weights.values())
    if total == 0:
        return 0.0, []
    shared = [k for k in claim_keys if k in passage_keys and k in weights]
    return sum(weights[k] for k in shared) / total, shared


def _figures(claim_f: dict, passage_f: dict, tolerance: figures.Tolerance) -> list[dict]:
    """For each claim quantity with a unit the passage also counts: the best match and what it is."""
    found = []
    for q in claim_f["quantities"]:
        if not q["unit_key"]:
            continue
        same_unit = [p for p in passage_f["quantities"] if p.get("unit_key") == q["unit_key"]]
        if not same_unit:
            continue
        outcomes = [(figures.compare(q, p, tolerance), p) for p in same_unit]
        rank = {figures.SAME: 0, figures.CLOSE: 1, figures.DIFFERENT: 2}
        outcome, best = min(outcomes, key=lambda item: rank[item[0]])
        found.append({"claim": q, "passage": best, "match": outcome})
    return found


@lru_cache(maxsize=4096)
def _span(value: str) -> tuple[date, date] | None:
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return day, day
        if len(parts) == 2:
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], calendar.monthrange(*parts)[1])
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except (ValueError, TypeError):
        return None
    return None


def _day_precise(d: dict) -> bool:
    return len(d.get("value") or "") == 10 and d.get("certainty") in PRECISE


def _readable(value: str) -> str:
    """"2022-08" → "August 2022"; "2022-11-11" → "11 November 2022"."""
    span = _span(value)
    if span is None:
        return value
    first = span[0]
    if len(value) == 10:
        return f"{first.day} {calendar.month_name[first.month]} {first.year}"
    if len(value) == 7:
        return f"{calendar.month_name[first.month]} {first.year}"
    return str(first.year)


def _overlap(a: dict, b: dict) -> bool:
    span_a, span_b = _span(a["value"]), _span(b["value"])
    return bool(span_a and span_b and span_a[0] <= span_b[1] and span_b[0] <= span_a[1])


def _dates(claim_f: dict, passage_f: dict) -> tuple[float, str | None, tuple[dict, dict] | None]:
    """(date signal, reason, a (claim date, passage date) pair that disagree, for a possible conflict)."""
    best = (0.0, None)
    for c in claim_f["dates"]:
        for p in passage_f["dates"]:
            if not _overlap(c, p):
                continue
            if _day_precise(c) and _day_precise(p):
                return 1.0, f"same date: {_readable(p['value'])}", None
            since = "since " if p.get("since") or c.get("since") else ""
            value = p["value"] if len(p["value"]) <= len(c["value"]) else c["value"]
            best = max(best, (0.7, f"same period: {since}{_readable(value)}"), key=lambda item: item[0])
    if best[0] == 0 and passage_f.get("published"):
        published = {"value": passage_f["published"], "certainty": "exact"}
        if any(_day_precise(c) and _overlap(c, published) for c in claim_f["dates"]):
            best = (0.4, f"published that day: {_readable(passage_f['published'])}")
    disagree = None
    if best[0] == 0:
        claim_days = [c for c in claim_f["dates"] if _day_precise(c)]
        passage_days = [p for p in passage_f["dates"] if _day_precise(p)]
        if claim_days and passage_days:
            disagree = (claim_days[0], passage_days[0])
    return best[0], best[1], disagree


def _listed(shared: list[str], claim_keys: dict) -> str:
    shown = []
    for key in shared[:MAX_LISTED]:
        shown.append(keys.display(key) if keys.kind(key) != "word" else claim_keys.get(key, key[1:]))
    return ", ".join(shown)


# ---------------------------------------------------------------------------------------------------
# The score
# ---------------------------------------------------------------------------------------------------

def score(claim_f: dict, passage_f: dict, cited_source: str | None = None, weights: Weights = Weights(),
          meaning: float | None = None, claim_weights: dict[str, float] | None = None,
          explain: bool = True) -> Scored:
    """Score one passage for one claim. `cited_source` names the cited source the passage comes from, if
    it does; `meaning` is an embedding similarity in [0, 1] when a model is configured; `claim_weights`
    are the claim's `key_weights` (computed once per claim, with the corpus figures). With `explain` off,
    only the score and signals are computed (reasons and conflicts stay empty): the same score, faster."""
    claim_keys, passage_keys = claim_f["keys"], passage_f["keys"]
    topic_share, shared = topic(claim_keys, passage_keys, claim_weights)
    gate = min(1.0, topic_share / weights.topic_gate) if weights.topic_gate > 0 else 1.0
    about_same_story = topic_share >= weights.conflict_topic

    matched = _figures(claim_f, passage_f, weights.tolerance)
    matches = {f["match"] for f in matched}
    figure = 1.0 if figures.SAME in matches else 0.7 if figures.CLOSE in matches else 0.4 if matched else 0.0
    date_signal, date_reason, dates_disagree = _dates(claim_f, passage_f)

    meaning_signal = meaning if meaning is not None else 0.0
    total = weights.topic * topic_share + gate * (weights.figure * figure + weights.date * date_signal
                                                  + weights.cited * (1.0 if cited_source else 0.0)
                                                  + weights.meaning * meaning_signal)
    signals = {"topic": round(topic_share, 3), "figure": figure, "date": date_signal,
               "cited": bool(cited_source), "meaning": meaning, "shared": shared}
    if not explain:
        return Scored(round(min(1.0, total), 4), signals, [], [])
    signals["figures"] = [{"claim": figures.quote(f["claim"]), "passage": figures.quote(f["passage"]),
                           "match": f["match"]} for f in matched]
    reasons, conflicts = [], []
    if cited_source:
        reasons.append(f"from the cited source: {cited_source}")
    for f in matched:
        if f["match"] == figures.SAME:
            reasons.append(f"same figure: {figures.describe(f['passage'])}")
        elif f["match"] == figures.CLOSE:
            reasons.append(f"close figure: {figures.quote(f['claim'])} ≈ {figures.quote(f['passage'])}")
        elif about_same_story and not f["claim"]["approximate"] and not f["passage"].get("approximate") \
                and f["claim"]["unit_key"] not in DURATION_UNITS:
            says = f"{figures.quote(f['passage'])} where the claim says {figures.quote(f['claim'])}"
            conflicts.append(f"the cited source says otherwise: {says}" if cited_source
                             else f"different figure: {says}")
    if date_reason:
        reasons.append(date_reason)
    if dates_disagree and about_same_story and matches & {figures.SAME, figures.CLOSE}:
        claim_date, passage_date = dates_disagree
        conflicts.append(f"different date: {passage_date['text']} ({_readable(passage_date['value'])}) where the "
                         f"claim says {claim_date['text']} ({_readable(claim_date['value'])})")
    names = [k for k in shared if keys.kind(k) in ("name", "country")]
    terms = [k for k in shared if keys.kind(k) in ("term", "word")]
    if names:
        reasons.append(f"names: {_listed(names, claim_keys)}")
    if terms:
        reasons.append(f"terms: {_listed(terms, claim_keys)}")
    if about_same_story and passage_f.get("denial") and _denial_concerns_claim(claim_f, passage_f):
        who = "the cited source" if cited_source else "this passage"
        conflicts.append(f"{who} may say otherwise: “{passage_f['denial']}”")

    return Scored(round(min(1.0, total), 4), signals, reasons, conflicts)


def upper_bound(topic_share: float, weights: Weights = Weights()) -> float:
    """The most `score` can give a passage with this topic share, whatever its figures, dates and source:
    passages below the threshold (or below the links already kept) need no full scoring."""
    gate = min(1.0, topic_share / weights.topic_gate) if weights.topic_gate > 0 else 1.0
    return weights.topic * topic_share + gate * (weights.figure + weights.date + weights.cited + weights.meaning)


def least_topic(floor: float, weights: Weights = Weights(), meaning: bool = False) -> float:
    """The smallest topic share whose `upper_bound` (for a passage not from a cited source) reaches `floor`:
    a passage sharing less cannot score `floor`."""
    others = weights.figure + weights.date + (weights.meaning if meaning else 0.0)
    slope = weights.topic + (others / weights.topic_gate if weights.topic_gate > 0 else 0.0)
    if weights.topic_gate > 0 and floor / slope <= weights.topic_gate:
        return max(0.0, floor / slope)
    return max(0.0, (floor - others) / weights.topic) if weights.topic > 0 else 0.0


def score_bound(claim_f: dict, passage_f: dict, topic_share: float, cited: bool, weights: Weights = Weights(),
                meaning: bool = False) -> float:
    """A tighter `upper_bound`, from what the passage has: the figure counts only when the passage counts
    something in a unit the claim counts, the date only when both have dates (or the passage a publication
    day), the source only when cited, the meaning only when a model gives one. Never below `score`, plus
    `SCORE_ROUNDING` (the score is rounded), so a passage skipped on it could not have ranked higher."""
    gate = min(1.0, topic_share / weights.topic_gate) if weights.topic_gate > 0 else 1.0
    claim_units = {q["unit_key"] for q in claim_f["quantities"] if q["unit_key"]}
    figure = 1.0 if any(p.get("unit_key") in claim_units for p in passage_f["quantities"]) else 0.0
    date_signal = 0.0
    if claim_f["dates"]:
        date_signal = 1.0 if passage_f["dates"] else 0.4 if passage_f.get("published") else 0.0
    return (weights.topic * topic_share + SCORE_ROUNDING
            + gate * (weights.figure * figure + weights.date * date_signal + weights.cited * cited
                      + weights.meaning * meaning))


def no_evidence_message(documents: int, sources: int) -> str:
    """What a claim without a link above the threshold says (the reviewer's claim view shows it)."""
    return (f"no evidence found in {documents} document{'s' if documents != 1 else ''} "
            f"from {sources} source{'s' if sources != 1 else ''}")
