"""The same claim in other articles: each check-worthy claim matched against the claims already in the
tracker, in any language: index → search → score → decide → store.

Claims that come back are where fact-checkers lose their time: a French article repeating, in other words,
what an English one said last week should show the reviewer the verdict already given. This is the evidence
stage's kind of work, claims × claims instead of claims × passages, and it reuses the same parts:

1. Index: every claim worth matching (check-worthy, or given a status by a reviewer) gets the features the
   linker computes for a claim (`scoring.claim_features`: groups of language-neutral keys from
   checker.text.crosslingual, quantities with their unit and event, dates; who is cited and the reporting cue
   left out, so "selon le Pentagone, …" and "…" meet), plus its article's date, and its keys go into the
   `claim_index` FTS5 table, once.
2. Search: the claims of other articles sharing the claim's finding keys, best bm25() first
   (`run.finding_keys`, as for passages).
3. Score both ways: `scoring.score` of the claim against the other, and of the other against the claim, the
   smaller of the two (the same claim says the same thing whichever is read first; a long sentence that
   merely contains a short one is not it). Words weigh by their rarity among the indexed claims, never less
   than in a collection of `APPEARANCE_MIN_COLLECTION` claims (in a young tracker, two claims sharing a word
   does not make the word common).
4. Decide: the same claim from `APPEARANCE_THRESHOLD` (calibrated by benchmarks/appearances.py), unless the
   two state a fact differently (`scoring.disagreements`: a different figure for the same unit and event, a
   different day): "1 000 drones" and "2 000 drones" in the same words are two claims.
5. Store each pair both ways, with the reasons read from each side, in one transaction per claim; reviewers'
   decisions (confirmed by carrying a verdict over, or rejected as "not the same claim") are kept.

The store does the SQL, `scoring` the scoring; this module only moves plain data between them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

from checker.claims import store as claims_store
from checker.config import Config
from checker.evidence import keys, run, scoring
from checker.evidence import store as evidence_store
from checker.text import crosslingual

# Bump when claim features or keys change: every claim is then indexed (and matched) again on the next run.
FEATURES_VERSION = 1


def _weights(threshold: float) -> scoring.Weights:
    # No source is "cited" between two claims: the cited weight stays out of every score and bound.
    return scoring.Weights(threshold=threshold, cited=0.0)


@dataclass
class Settings:
    weights: scoring.Weights = field(default_factory=lambda: _weights(Config.APPEARANCE_THRESHOLD))
    candidates: int = Config.APPEARANCE_CANDIDATES
    max_per_claim: int = Config.APPEARANCE_MAX_PER_CLAIM
    min_collection: int = Config.APPEARANCE_MIN_COLLECTION
    common_key_share: float = Config.LINK_COMMON_KEY_SHARE
    common_key_min: int = Config.LINK_COMMON_KEY_MIN
    search_keys: int = Config.LINK_SEARCH_KEYS
    index_batch: int = Config.APPEARANCE_INDEX_BATCH
    keyer: crosslingual.Keyer | None = None  # None: keys.keyer() with the configured dictionaries

    @classmethod
    def from_config(cls, config) -> "Settings":
        return cls(weights=_weights(config["APPEARANCE_THRESHOLD"]), candidates=config["APPEARANCE_CANDIDATES"],
                   max_per_claim=config["APPEARANCE_MAX_PER_CLAIM"], min_collection=config["APPEARANCE_MIN_COLLECTION"],
                   common_key_share=config["LINK_COMMON_KEY_SHARE"], common_key_min=config["LINK_COMMON_KEY_MIN"],
                   search_keys=config["LINK_SEARCH_KEYS"], index_batch=config["APPEARANCE_INDEX_BATCH"],
                   keyer=keys.keyer(config["LINK_DICTD_DIR"], config["CACHE_DIR"], config["LINK_APERTIUM_DIR"]))


# ---------------------------------------------------------------------------------------------------
# Features and the comparison of two claims (pure)
# ---------------------------------------------------------------------------------------------------

def claim_features(claim: dict, language: str | None, published: str | None = None, keyer=None) -> dict:
    """What matching needs of a claim: the linker's claim features, and its article's date (which a date in
    the other claim may fall on)."""
    features = scoring.claim_features(claim, language, keyer)
    features["published"] = (published or "")[:10] or None
    return features


def pair_score(claim_f: dict, other_f: dict, rarity: crosslingual.Rarity, weights: scoring.Weights,
               share: float | None = None, floor: float = 0.0) -> float:
    """The smaller of the two scores, each claim read against the other (the second only when the first
    reaches `floor`). `share`: the claim's share held by the other, when already known."""
    held = None if share is None else (share, ())  # claims are matched by their own words, never translated
    forward = scoring.score(claim_f, other_f, None, weights, None, rarity, explain=False, held=held).score
    if forward < floor:
        return forward
    return min(forward, scoring.score(other_f, claim_f, None, weights, None, rarity, explain=False).score)


def explain(claim_f: dict, other_f: dict, rarity: crosslingual.Rarity, weights: scoring.Weights) -> dict:
    """A match as it is stored: its score, its signals, and its reasons read from each side ("fournis ↔
    supplied" for the claim, "supplied ↔ fournis" for the other)."""
    forward = scoring.score(claim_f, other_f, None, weights, None, rarity)
    backward = scoring.score(other_f, claim_f, None, weights, None, rarity)
    signals = {"words": min(forward.signals["words"], backward.signals["words"]),
               "figure": min(forward.signals["figure"], backward.signals["figure"]),
               "date": min(forward.signals["date"], backward.signals["date"])}
    return {"score": min(forward.score, backward.score), "signals": signals,
            "reasons": forward.reasons, "other_reasons": backward.reasons}


# ---------------------------------------------------------------------------------------------------
# 1. Index
# ---------------------------------------------------------------------------------------------------

def index_claims(db, settings: Settings, progress: Callable[[str], None] = lambda message: None) -> int:
    """Compute features for every claim worth matching not indexed yet (or indexed by an older version);
    return how many."""
    done = 0
    keyer = settings.keyer
    while True:
        rows = evidence_store.claims_to_index(db, FEATURES_VERSION, settings.index_batch)
        if not rows:
            break
        indexed = []
        for row in rows:
            features = claim_features(row, row["language"], row["published"], keyer)
            indexed.append({"claim_id": row["id"], "keys": scoring.index_keys(features),
                            "features": scoring.stored(features), "facts": scoring.bound_facts(features),
                            "old_keys": row["old_keys"]})
        evidence_store.save_claim_features(db, FEATURES_VERSION, indexed)
        done += len(rows)
        progress(f"indexed {done} claims for matching")
    return done


# ---------------------------------------------------------------------------------------------------
# 2 and 3. Search and score (one `ClaimIndex` per run caches what every claim asks of the index)
# ---------------------------------------------------------------------------------------------------

class ClaimIndex:
    """The indexed claims as one run sees them: key counts (their rarity), facts and features, cached."""

    def __init__(self, db, settings: Settings):
        self.db = db
        self.settings = settings
        self.frequencies = evidence_store.claim_key_frequencies(db)
        self.size = evidence_store.indexed_claim_count(db)
        self.rarity = crosslingual.Rarity(self.frequencies, max(self.size, settings.min_collection))
        self.common = max(settings.common_key_min, int(settings.common_key_share * self.size))
        self._facts: dict[int, dict] = {}
        self._features: dict[int, dict] = {}

    def search(self, claim_f: dict, article_id: int | None) -> list[int]:
        """The claims of other articles sharing the claim's finding keys, best bm25() first."""
        found = run.finding_keys(claim_f, self.frequencies, self.common, self.settings.search_keys)
        return evidence_store.search_claims(self.db, found, self.settings.candidates, article_id)

    def facts(self, ids: list[int]) -> dict[int, dict]:
        """Claim id → what bounds its score: its keys (a set), its article, the units it counts, its dates."""
        missing = [i for i in ids if i not in self._facts]
        if missing:
            for claim_id, (keys_text, article_id, facts) in evidence_store.claim_facts(self.db, missing).items():
                self._facts[claim_id] = {"keys": frozenset(keys_text.split()), "article_id": article_id,
                                         **json.loads(facts)}
        return {i: self._facts[i] for i in ids if i in self._facts}

    def features(self, ids: list[int]) -> dict[int, dict]:
        missing = [i for i in ids if i not in self._features]
        if missing:
            for claim_id, features in evidence_store.claim_match_features(self.db, missing).items():
                if claim_id in self._facts:
                    features["keyset"] = self._facts[claim_id]["keys"]
                self._features[claim_id] = scoring.prepare(features)
        return {i: self._features[i] for i in ids if i in self._features}


def rank_claim(index: ClaimIndex, claim_f: dict, article_id: int | None, floor: float) -> list[tuple[float, int]]:
    """The claims of other articles that could be this one, best first: (score, claim id) for each scoring at
    least `floor` and stating no fact differently. Full scoring only where the bound (from the other claim's
    keys and facts) reaches the floor: the bound never underestimates, so nothing above it is skipped."""
    weights, rarity = index.settings.weights, index.rarity
    ids = index.search(claim_f, article_id)
    possible = []
    for claim_id, facts in index.facts(ids).items():
        share = scoring.share_of(claim_f, facts["keys"], rarity)
        if scoring.score_bound(claim_f, facts, share, False, weights) >= floor:
            possible.append((claim_id, share))
    found = index.features([claim_id for claim_id, _share in possible])
    ranked = []
    for claim_id, share in possible:
        other_f = found[claim_id]
        value = pair_score(claim_f, other_f, rarity, weights, share, floor)
        if value >= floor and not scoring.disagreements(claim_f, other_f, weights):
            ranked.append((value, claim_id))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return ranked


# ---------------------------------------------------------------------------------------------------
# 4 and 5. Decide and store
# ---------------------------------------------------------------------------------------------------

def match_claim(index: ClaimIndex, claim_id: int, article_id: int) -> list[dict]:
    """Find the claim's appearances in other articles, store them both ways; return what was stored for it."""
    settings = index.settings
    claim_f = index.features([claim_id]).get(claim_id)
    if claim_f is None:  # not worth matching (neither check-worthy nor reviewed): nothing to find
        return []
    ranked = rank_claim(index, claim_f, article_id, settings.weights.threshold)[:settings.max_per_claim]
    others = index.features([other_id for _score, other_id in ranked])
    found = [{"other_claim_id": other_id, **explain(claim_f, others[other_id], index.rarity, settings.weights)}
             for _score, other_id in ranked]
    evidence_store.replace_appearances(index.db, claim_id, found)
    return found


def match_claims(db, claim_ids: list[int], settings: Settings,
                 progress: Callable[[str], None] = lambda message: None) -> int:
    """Index what is new, then match these claims against every other article's; return how many pairs were
    found (each counted once per claim matched)."""
    index_claims(db, settings, progress)
    index = ClaimIndex(db, settings)
    articles = evidence_store.article_of_claims(db, claim_ids)
    pairs = 0
    for n, claim_id in enumerate(claim_ids, 1):
        if claim_id in articles:
            pairs += len(match_claim(index, claim_id, articles[claim_id]))
        if n % 500 == 0:
            progress(f"matched {n} of {len(claim_ids)} claims against the others")
    return pairs


def match_article(db, article_id: int, settings: Settings,
                  progress: Callable[[str], None] = lambda message: None) -> list[dict]:
    """Match every claim of the article worth matching against the other articles' claims (again, when done
    before: reviewers' decisions are kept); return the article's appearances elsewhere."""
    if claims_store.get_article(db, article_id) is None:
        raise LookupError(f"no article with id {article_id}")
    claim_ids = [claim["id"] for claim in claims_store.claims_of_article(db, article_id)]
    match_claims(db, claim_ids, settings, progress)
    return evidence_store.appearances_of_article(db, article_id)


def match_unmatched(db, settings: Settings, progress: Callable[[str], None] = lambda message: None) -> list[int]:
    """Match every claim never matched (the claims of new articles, or of a run cut short); return the
    articles they belong to."""
    index_claims(db, settings, progress)  # first: the new articles' claims are among those never matched
    claim_ids = evidence_store.claims_never_matched(db)
    match_claims(db, claim_ids, settings, progress)
    return evidence_store.articles_of_claims(db, claim_ids)


def appearance_json(row: dict) -> dict:
    """A stored appearance as the API and `flask appearances --json` give it: the contract's keys first."""
    return {"claim_id": row["other_claim_id"], "article_id": row["article_id"], "score": row["score"],
            "reasons": row["reasons"]}
