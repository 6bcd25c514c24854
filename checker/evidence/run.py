"""One article's claims linked to archived passages: index new passages → search → score → decide → store.

1. Index: every passage not yet indexed gets its features (`scoring.passage_features`: groups of
   language-neutral keys, quantities, dates) and its keys go into the FTS5 index, once, when the linking
   step first sees it (so a re-run after `scrape` or `import` picks up new documents by itself).
2. Search, per claim, cited or not: the whole archive through FTS5, ranked by bm25() over the claim's keys
   that find something (a key held by most passages finds nothing useful), plus every passage of the
   documents its cited sources produced for this article, and the passages of links a reviewer already
   decided on (so their scores are refreshed too). A cited source raises a passage's score; it does not
   decide which passages are searched.
3. Rank, then decide: each candidate gets `scoring.score`, best possible score first, skipping those whose
   bound cannot reach the links kept; links are kept from the threshold (calibrated on translated news
   pairs with distractors, `benchmarks/crosslingual.py`), at most a few per claim, plus decided links.
   Two passes: each claim is first ranked on its own; then the documents where the article's other claims
   found their best passage (the report the article follows) raise their passages' scores, the support
   signal, and the claims' candidates in those documents are scored again.
4. Store them in one transaction per claim (reviewers' accept/reject decisions kept), with what the run
   searched: "no evidence found in N documents from M sources" when nothing passed.

The store does the SQL, `scoring` the scoring; this module only moves plain data between them.
"""
from __future__ import annotations

import bisect
import gc
import hashlib
import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

from checker.claims import store as claims_store
from checker.config import Config
from checker.evidence import keys, scoring
from checker.evidence import store as evidence_store
from checker.text import crosslingual, meaning, translate
from checker.text.messages import N_, Message

# Bump when passage features or keys change: every passage is then indexed again on the next run.
FEATURES_VERSION = 4
COMMON_KEYS_SEARCHED = 3  # a claim whose keys are all common searches by its least common ones (all of them)


class LinkingError(ValueError):
    """The linking step cannot run as configured; the message says why."""


@dataclass
class Settings:
    weights: scoring.Weights = field(default_factory=scoring.Weights)
    max_links: int = Config.LINK_MAX_PER_CLAIM
    candidates: int = Config.LINK_CANDIDATES
    common_key_share: float = Config.LINK_COMMON_KEY_SHARE
    common_key_min: int = Config.LINK_COMMON_KEY_MIN
    search_keys: int = Config.LINK_SEARCH_KEYS
    translation_search_keys: int = Config.LINK_TRANSLATION_SEARCH_KEYS
    index_batch: int = Config.LINK_INDEX_BATCH
    keyer: crosslingual.Keyer | None = None  # None: keys.keyer() with the configured dictionaries
    encoder: meaning.Encoder | None = None  # sentence vectors for the meaning signal (None: without it)
    # (claim texts, their language) → their English machine translations (checker.text.translate.Batch), and
    # the pivots it uses when all work ("": claims are linked by their own keys alone)
    translate: Callable[[list[str], str | None], translate.Batch] = \
        lambda texts, language: translate.Batch([() for _ in texts], "")
    pivots: str = ""

    @classmethod
    def from_config(cls, config) -> "Settings":
        apertium = config["LINK_APERTIUM_DIR"] if config["LINK_TRANSLATE"] else None
        try:
            encoder = meaning.load(config["LINK_MEANING"])
        except meaning.MeaningError as error:
            raise LinkingError(str(error)) from None
        return cls(weights=scoring.Weights(threshold=config["LINK_THRESHOLD"]),
                   max_links=config["LINK_MAX_PER_CLAIM"], candidates=config["LINK_CANDIDATES"],
                   common_key_share=config["LINK_COMMON_KEY_SHARE"], common_key_min=config["LINK_COMMON_KEY_MIN"],
                   search_keys=config["LINK_SEARCH_KEYS"], index_batch=config["LINK_INDEX_BATCH"],
                   translation_search_keys=config["LINK_TRANSLATION_SEARCH_KEYS"],
                   keyer=keys.keyer(config["LINK_DICTD_DIR"], config["CACHE_DIR"], config["LINK_APERTIUM_DIR"]),
                   encoder=encoder,
                   translate=keys.translator(apertium, config["LINK_TRANSLATE_TIMEOUT"]),
                   pivots=keys.pivots_label(apertium))


@dataclass
class SourceInfo:
    """How a cited source is searched and shown: a person's statements are looked for on the source
    they are affiliated with (Lloyd Austin → the Pentagon)."""
    searched_id: str
    name: str


# ---------------------------------------------------------------------------------------------------
# 1. Index
# ---------------------------------------------------------------------------------------------------

def index_passages(db, batch: int = 500, progress: Callable[[str], None] = lambda message: None,
                   keyer: crosslingual.Keyer | None = None, encoder: meaning.Encoder | None = None) -> int:
    """Compute features for every passage not indexed yet (or indexed by an older version), then the sentence
    vector of every English one without one (with `encoder`); return how many passages were indexed.
    First, the passages of page copies a newer copy replaced leave the index: each page is read once."""
    evidence_store.drop_superseded_passages(db)
    done = 0
    while True:
        rows = evidence_store.passages_to_index(db, FEATURES_VERSION, batch)
        if not rows:
            break
        indexed = []
        for row in rows:
            features = scoring.passage_features(row["text"], row["language"], row["published"], keyer)
            indexed.append({"passage_id": row["id"], "keys": scoring.index_keys(features),
                            "features": scoring.stored(features), "facts": scoring.bound_facts(features),
                            "old_keys": row["old_keys"]})
        evidence_store.save_passage_features(db, FEATURES_VERSION, indexed)
        done += len(rows)
        progress(f"indexed {done} passages")
    if encoder is not None:
        vectorise_passages(db, encoder, batch, progress)
    return done


def vectorise_passages(db, encoder: meaning.Encoder, batch: int = 500,
                       progress: Callable[[str], None] = lambda message: None) -> int:
    """The sentence vector of every indexed English passage without one by this model; return how many."""
    done = 0
    while rows := evidence_store.passages_to_vectorise(db, meaning.MODEL_ID, batch):
        vectors = encoder.vectors([text for _id, text in rows])
        evidence_store.save_passage_vectors(db, meaning.MODEL_ID, [
            (passage_id, meaning.to_blob(vector)) for (passage_id, _text), vector in zip(rows, vectors)])
        done += len(rows)
        progress(f"{done} passages given their sentence vectors")
    return done


# ---------------------------------------------------------------------------------------------------
# 2. Search (one `Corpus` per run caches what every claim asks of the index)
# ---------------------------------------------------------------------------------------------------

def finding_keys(claim_f: dict, frequencies: dict[str, int], common: int, limit: int) -> list[str]:
    """The claim's keys that find something in an index with these key counts, rarest first, at most `limit`:
    those some row holds but not more than `common` rows (a key held by most rows ranks nothing), long cognates
    before short ones, and a short cognate only for a word with no other key found. The evidence stage searches
    passages with it, and claims for the same claim elsewhere (checker.evidence.appearances)."""
    found: dict[str, int] = {}
    held: dict[str, int] = {}  # every key some row holds, for a claim whose keys are all common
    for group in claim_f["groups"]:
        usable = [(frequencies.get(k, 0), k, kind) for k, kind in zip(group[1], group[2])]
        held.update((key, count) for count, key, kind in usable if count and kind != "c")
        usable = [item for item in usable if 0 < item[0] <= common]
        if any(kind != "c" for _count, _k, kind in usable):
            usable = [item for item in usable if item[2] != "c"]
        for count, key, _kind in usable:
            found[key] = count
    if not found:  # all common: the least common ones still rank rows
        found = dict(sorted(held.items(), key=lambda item: (item[1], item[0]))[:COMMON_KEYS_SEARCHED])
    return sorted(found, key=lambda k: (found[k], k))[:limit]


class Corpus:
    """The indexed passages as one run sees them: key frequencies (their rarity), features, cached."""

    def __init__(self, db, settings: Settings):
        self.db = db
        self.settings = settings
        self.frequencies = evidence_store.key_frequencies(db)
        self.size = evidence_store.indexed_passage_count(db)
        self.rarity = crosslingual.Rarity(self.frequencies, self.size, indexed=True)  # passages indexed first
        self.common = max(settings.common_key_min, int(settings.common_key_share * self.size))
        self.scope = evidence_store.search_scope(db)  # (documents, sources) searched, for every claim's message
        self.newest_passage = evidence_store.newest_passage_id(db)
        self._passages: dict[int, dict] = {}
        self._facts: dict[int, dict] = {}
        self._vectors = meaning.Table()  # the passages' vectors, as their facts are read
        self._sets: dict[str, set[int]] = {}

    def finding_keys(self, claim_f: dict) -> list[str]:
        """The claim's keys that find passages, rarest first (see `finding_keys`), then the rarest few of each
        machine translation's that it does not have."""
        found = finding_keys(claim_f, self.frequencies, self.common, self.settings.search_keys)
        for translation in claim_f.get("translations") or ():
            found += [key for key in finding_keys(translation, self.frequencies, self.common,
                                                  self.settings.search_keys) if key not in found
                      ][:self.settings.translation_search_keys]
        return found

    def common_keys(self, claim_f: dict) -> list[str]:
        """The claim's keys (no cognates) that more than the common share of passages hold, least common first."""
        found = {k: self.frequencies[k] for g in claim_f["groups"] for k, kind in zip(g[1], g[2])
                 if kind not in "c5" and self.frequencies.get(k, 0) > self.common}
        return sorted(found, key=lambda k: (found[k], k))

    def holding_all(self, keys_wanted: list[str]) -> set[int]:
        """The passages holding every one of these keys (each key's passages read once per run)."""
        sets = sorted((self._postings(k) for k in keys_wanted), key=len)
        return set.intersection(*sets) if sets else set()

    def _postings(self, key: str) -> set[int]:
        if key not in self._sets:
            self._sets[key] = set(evidence_store.passages_with_key(self.db, key))
        return self._sets[key]

    def search(self, claim_f: dict, limit: int) -> list[int]:
        """The passages of the whole archive that share the claim's finding keys, best bm25() first."""
        return evidence_store.search_passages(self.db, self.finding_keys(claim_f), limit)

    def facts(self, ids: list[int]) -> dict[int, dict]:
        """Passage id → what bounds its score, read before its features: its keys (a set), its document,
        the units it counts and whether it has dates."""
        missing = [i for i in ids if i not in self._facts]
        if missing:
            model = meaning.MODEL_ID if self.settings.encoder is not None else ""
            vectors = []
            for passage_id, (keys_text, document_id, facts, vector) in evidence_store.passage_facts(
                    self.db, missing, model).items():
                self._facts[passage_id] = {"keys": frozenset(keys_text.split()), "document_id": document_id,
                                           **json.loads(facts)}
                if vector is not None:
                    vectors.append((passage_id, vector))
            self._vectors.add(vectors)
        return {i: self._facts[i] for i in ids if i in self._facts}

    def closeness_of_each(self, claim_f: dict, ids: list[int]) -> dict[int, float | None]:
        """Passage id → how close in meaning it is to the claim (`meaning.closeness`; None without vectors)."""
        self.facts(ids)  # their vectors come with their facts (read once a run)
        return dict(zip(ids, self._vectors.closeness_of_each(claim_f.get("vectors"), ids)))

    def passages(self, ids: list[int]) -> dict[int, dict]:
        missing = [i for i in ids if i not in self._passages]
        if missing:
            for passage_id, row in evidence_store.passage_candidates(self.db, missing).items():
                if passage_id in self._facts:  # the same keys, already a set
                    row["features"]["keyset"] = self._facts[passage_id]["keys"]
                row["features"] = scoring.prepare(row["features"])
                self._passages[passage_id] = row
        return {i: self._passages[i] for i in ids if i in self._passages}


# ---------------------------------------------------------------------------------------------------
# 3 and 4. Score, decide and store
# ---------------------------------------------------------------------------------------------------

def _cited(db, cited_ids: list[str], claim: dict, sources: dict[str, SourceInfo]) -> dict[int, str]:
    """Document id → the name of the cited source it stands for, for this claim."""
    names_by_searched: dict[str, str] = {}
    for source_id in cited_ids:
        info = sources.get(source_id) or SourceInfo(source_id, source_id)
        shown = info.name if info.searched_id == source_id or info.searched_id not in sources \
            else f"{info.name} (via {sources[info.searched_id].name})"
        names_by_searched.setdefault(info.searched_id, shown)
    documents = evidence_store.cited_documents(db, claim["article_id"], sorted(names_by_searched))
    return {document_id: names_by_searched[source_id] for document_id, source_id in documents.items()}


def _missing_cited(cited_ids: list[str], sources: dict[str, SourceInfo], cited_documents: dict[int, str]) -> list[str]:
    found = set(cited_documents.values())
    names = []
    for source_id in cited_ids:
        info = sources.get(source_id) or SourceInfo(source_id, source_id)
        if not any(name == info.name or name.startswith(f"{info.name} (via ") for name in found):
            names.append(info.name)
    return names


def _score_best(corpus: Corpus, claim: dict, claim_f: dict, ids: list[int], cited_documents: dict[int, str],
                decided: dict, scored: list, best_scores: list[float], support: dict[int, int] | None = None,
                candidates: dict[int, tuple[int, scoring.Held]] | None = None) -> None:
    """Score the passages that could enter the best links (and the decided ones), adding to `scored` and
    to `best_scores` (the scores of those that pass the threshold, negated, sorted). Full scoring only where it
    can matter: best possible score first (from the passage's keys, facts and vector, before its features are
    read), skipping what cannot pass the threshold or rank above the links already kept (the bounds never
    underestimate, so the kept links are those of scoring every passage given). `support`: document id →
    other claims of the article with their best evidence there; `candidates`: every passage given → (its
    document, what it holds of the claim: `scoring.shares_held`), filled here and read when it comes again."""
    settings, rarity, support = corpus.settings, corpus.rarity, support or {}
    threshold = settings.weights.threshold
    candidates = {} if candidates is None else candidates
    bounded = []
    found_facts = corpus.facts(ids)
    closeness_of = corpus.closeness_of_each(claim_f, list(found_facts))
    for passage_id, facts in found_facts.items():
        known = candidates.get(passage_id)
        held = known[1] if known else scoring.shares_held(claim_f, facts["keys"], facts.get("language"), rarity)
        keys_bound = scoring.score_bound(claim_f, facts, scoring.combined_share(held),
                                         facts["document_id"] in cited_documents, settings.weights,
                                         support.get(facts["document_id"], 0))
        closeness = closeness_of[passage_id]
        bound = scoring.blend(keys_bound, closeness, settings.weights) + scoring.SCORE_ROUNDING
        bounded.append((bound, passage_id, keys_bound, closeness))
        candidates[passage_id] = (facts["document_id"], held)
    bounded.sort(key=lambda item: (-item[0], item[1]))

    def may_enter(bound: float, keys_bound: float, passage_id: int) -> bool:
        return passage_id in decided or (keys_bound >= threshold and bound >= _floor(settings, best_scores))

    position = 0
    while position < len(bounded):
        # Read the features of as many passages as could still enter the links, together (one query).
        batch = []
        while position < len(bounded) and len(batch) < max(2, settings.max_links - len(best_scores)):
            item = bounded[position]
            position += 1
            if may_enter(item[0], item[2], item[1]):
                batch.append(item)
        found = corpus.passages([item[1] for item in batch])
        for bound, passage_id, keys_bound, closeness in batch:
            if passage_id not in found or not may_enter(bound, keys_bound, passage_id):
                continue
            passage = found[passage_id]
            result = scoring.score(claim_f, passage["features"], cited_documents.get(passage["document_id"]),
                                   settings.weights, closeness, rarity, explain=False,
                                   held=candidates[passage_id][1], support=support.get(passage["document_id"], 0))
            scored.append((result, passage, closeness))
            if result.keys_score >= threshold:
                bisect.insort(best_scores, -result.score)


def _floor(settings: Settings, best_scores: list[float]) -> float:
    """The least score a passage needs to rank among the links kept: the last kept link's, once there are
    enough (the scores of passages that pass the threshold); 0 before."""
    if len(best_scores) >= settings.max_links:
        return -best_scores[settings.max_links - 1]
    return 0.0


def rank_claim(corpus: Corpus, claim: dict, claim_f: dict, cited_documents: dict[int, str],
               decided: dict | None = None, candidates: dict[int, tuple[int, scoring.Held]] | None = None
               ) -> list[tuple[scoring.Scored, dict, float | None]]:
    """The claim's candidates (the archive searched through FTS5, the cited documents' passages, decided
    links), scored where they could matter, best first: (score without reasons, passage, meaning). Then,
    only when they could still enter the links, the passages holding the claim's least common keys that
    most passages hold (another account of the same event, with no rarer word in common). `candidates`
    receives every passage searched → (its document, what it holds of the claim: `scoring.shares_held`)."""
    db, settings = corpus.db, corpus.settings
    decided = decided or {}
    ids = evidence_store.passages_of_documents(db, sorted(cited_documents))
    ids += corpus.search(claim_f, settings.candidates) + sorted(decided)
    ids = list(dict.fromkeys(ids))
    scored: list[tuple[scoring.Scored, dict, float | None]] = []
    best_scores: list[float] = []
    _score_best(corpus, claim, claim_f, ids, cited_documents, decided, scored, best_scores, candidates=candidates)
    common = corpus.common_keys(claim_f)
    if common:
        share = scoring.share_of(claim_f, frozenset(common), corpus.rarity)
        floor = max(settings.weights.threshold, _floor(settings, best_scores))
        if scoring.upper_bound(share, settings.weights) >= floor:
            more = sorted(corpus.holding_all(common[:COMMON_KEYS_SEARCHED]) - set(ids))
            _score_best(corpus, claim, claim_f, more, cited_documents, decided, scored, best_scores,
                        candidates=candidates)
    scored.sort(key=lambda item: (-item[0].score, item[1]["id"]))
    return scored


@dataclass
class Ranking:
    """One claim ranked on its own (the first pass), kept for the second pass, which adds the article's support."""
    claim: dict
    features: dict
    cited_ids: list[str]
    cited_documents: dict[int, str]  # document id → the cited source it stands for
    decided: dict  # passage id → the link a reviewer decided on
    scored: list  # (Scored, passage, meaning), best first
    # every passage searched → (its document, what it holds of the claim: `scoring.shares_held`)
    candidates: dict[int, tuple[int, scoring.Held]]

    def vote(self, threshold: float) -> int | None:
        """The document of the claim's best passage a reviewer accepted, else of its best passage at or above the
        threshold that no reviewer rejected."""
        decisions = {passage_id: row.get("decision") for passage_id, row in self.decided.items()}
        accepted = [passage for _result, passage, _meaning in self.scored if decisions.get(passage["id"]) == "accepted"]
        if accepted:
            return accepted[0]["document_id"]
        for result, passage, _meaning in self.scored:
            if result.keys_score >= threshold and decisions.get(passage["id"]) != "rejected":
                return passage["document_id"]
        return None


def rank_alone(corpus: Corpus, claim: dict, language: str | None, sources: dict[str, SourceInfo],
               translations: tuple[str, ...] = (), vectors=None) -> Ranking:
    """The first pass: the claim's candidates ranked on the claim's own signals. `translations`: the claim
    machine-translated into English; `vectors`: the sentence vectors of its English forms (`claim_vectors`)."""
    db, settings = corpus.db, corpus.settings
    claim = {**claim, "link_anchors": evidence_store.claim_link_anchors(db, claim["id"])}
    claim_f = scoring.claim_features(claim, language, settings.keyer, translations)
    claim_f["vectors"] = vectors
    cited_ids = evidence_store.claim_cited_sources(db, claim["id"])
    cited_documents = _cited(db, cited_ids, claim, sources)
    decided = {row["passage_id"]: row for row in evidence_store.links_of_claim(db, claim["id"])
               if row.get("decision") and row.get("passage_id") is not None}
    candidates: dict[int, tuple[int, scoring.Held]] = {}
    scored = rank_claim(corpus, claim, claim_f, cited_documents, decided, candidates)
    return Ranking(claim, claim_f, cited_ids, cited_documents, decided, scored, candidates)


def article_support(rankings: list[Ranking], threshold: float) -> list[dict[int, int]]:
    """For each claim, document id → how many other claims of the article have their evidence in that document
    (`Ranking.vote`): the report the article follows, where a weaker match is likelier to be the one."""
    return support_of_votes([ranking.vote(threshold) for ranking in rankings])


def support_of_votes(votes: list[int | None]) -> list[dict[int, int]]:
    """Each claim's vote (a document id, or None) → for each claim, document id → the other claims' votes for it."""
    counts = Counter(vote for vote in votes if vote is not None)
    return [{document_id: others for document_id, count in counts.items() if (others := count - (document_id == own))}
            for own in votes]


def rank_supported(corpus: Corpus, ranking: Ranking, support: dict[int, int]) -> list:
    """The second pass: the claim's candidates in the supported documents scored again with their support (it
    only raises their scores, so the other candidates keep the scores and places of the first pass)."""
    ids = sorted(passage_id for passage_id, (document_id, _held) in ranking.candidates.items()
                 if document_id in support)
    if not ids:
        return ranking.scored
    scored = [item for item in ranking.scored if item[1]["document_id"] not in support]
    best_scores = sorted(-item[0].score for item in scored if item[0].keys_score >= corpus.settings.weights.threshold)
    _score_best(corpus, ranking.claim, ranking.features, ids, ranking.cited_documents, ranking.decided, scored,
                best_scores, support, ranking.candidates)
    scored.sort(key=lambda item: (-item[0].score, item[1]["id"]))
    return scored


def store_links(corpus: Corpus, ranking: Ranking, scored: list, support: dict[int, int],
                sources: dict[str, SourceInfo], scope: tuple[int, int], newest_passage: int) -> list[dict]:
    """Keep the ranked passages above the threshold (and decided ones, and leads), explain them, store them with
    the run summary; return the links kept."""
    db, settings, claim, claim_f = corpus.db, corpus.settings, ranking.claim, ranking.features
    cited_documents, decided = ranking.cited_documents, ranking.decided
    chosen = [item for item in scored if item[0].keys_score >= settings.weights.threshold][:settings.max_links]
    chosen += [item for item in scored if item[1]["id"] in decided and item not in chosen]
    leads = _leads(corpus, claim, claim_f, cited_documents, chosen, support)
    chosen += leads
    kept = [(scoring.score(claim_f, passage["features"], cited_documents.get(passage["document_id"]),
                           settings.weights, closeness, corpus.rarity, support=support.get(passage["document_id"], 0)),
             passage) for _result, passage, closeness in chosen]
    origins = evidence_store.document_origins(db, claim["article_id"],
                                              sorted({passage["document_id"] for _result, passage in kept}))
    links = [{"claim_id": claim["id"], "url": passage["url"], "passage_id": passage["id"],
              "document_id": passage["document_id"], "passage": passage["text"], "score": result.score,
              "signals": result.signals, "reasons": result.reasons, "conflicts": result.conflicts,
              "title": passage["title"], "standin": bool(passage["standin"]),
              "cited": passage["document_id"] in cited_documents,
              **provenance(claim, origins.get(passage["document_id"]), cited_documents.get(passage["document_id"]),
                           sources)}
             for result, passage in kept]
    above = sum(1 for result, _passage in kept if result.keys_score >= settings.weights.threshold)
    message = _message(above, scope, _missing_cited(ranking.cited_ids, sources, cited_documents), len(leads))
    evidence_store.replace_claim_links(db, claim["id"], links, {"documents": scope[0], "sources": scope[1],
                                                                "links": above, "message": message,
                                                                "last_passage_id": newest_passage})
    return links


def _leads(corpus: Corpus, claim: dict, claim_f: dict, cited_documents: dict[int, str],
           chosen: list, support: dict[int, int]) -> list[tuple[scoring.Scored, dict, float | None]]:
    """The closest passage of each page the sources stage fetched for this claim itself (the claim links to it,
    or a source the article names wrote it and its text speaks to this claim) that no chosen link comes from:
    shown even below the threshold, since finding the page was the point (a long claim of two clauses may
    share too few words with any one passage to cross it). Closest by the keys' score: the meaning of a claim of
    two clauses is close to neither clause's passage."""
    represented = {passage["document_id"] for _result, passage, _meaning in chosen}
    leads = []
    for document_id in evidence_store.documents_found_for(corpus.db, claim["id"]):
        if document_id in represented:
            continue
        passages = corpus.passages(evidence_store.passages_of_documents(corpus.db, [document_id]))
        closeness = corpus.closeness_of_each(claim_f, list(passages))
        best = max(((scoring.score(claim_f, passage["features"], cited_documents.get(document_id),
                                   corpus.settings.weights, closeness[passage_id], corpus.rarity, explain=False,
                                   support=support.get(document_id, 0)), passage)
                    for passage_id, passage in passages.items()),
                   key=lambda item: (item[0].keys_score, -item[1]["id"]), default=None)
        if best is not None and best[0].score > 0:
            leads.append((best[0], best[1], closeness[best[1]["id"]]))
    return leads


def provenance(claim: dict, origin: dict | None, cited_name: str | None,
               sources: dict[str, SourceInfo]) -> dict:
    """Where a link's document came from, for reviewers and readers: {"found", "found_note"}. The claim links
    to it, or it is a page of a source the claim cites; else it was found beyond the citations, and the note
    says where: a source the article names, a page fetched for another claim or article, or an import."""
    origin = origin or {"reasons": [], "articles": []}
    own = [r for r in origin["reasons"] if r["claim_id"] == claim["id"]]
    linked = next((r for r in own if r["found"] == "linked"), None)
    if linked is not None:
        reason = linked["reason"]  # "linked from claim 3: “la note de l’institut”"
        anchor = reason.values["anchor"] if isinstance(reason, Message) and "anchor" in reason.values \
            else reason.split(": ", 1)[-1].strip("“”")
        return {"found": "linked", "found_note": N_("linked by the claim: “%(anchor)s”", anchor=anchor)}
    if cited_name is not None:
        return {"found": "cited", "found_note": N_("from a source the claim cites: %(source)s", source=cited_name)}
    named = next((r for r in own if r["found"] == "named"), None)
    if named is not None:
        return {"found": "named", "found_note": N_("found beyond the citations: %(reason)s", reason=named["reason"])}
    other = next((r for r in origin["reasons"] if r["claim_id"] is not None), None)
    if other is not None:
        return {"found": "elsewhere", "found_note": N_(
            "found beyond the citations, in a page of %(source)s fetched for claim %(claim)s",
            source=_source_name(other["source_id"], sources), claim=str(other["claim_id"]))}
    articles = [a for a in origin["articles"] if a["article_id"] != claim["article_id"]]
    if articles:
        return {"found": "elsewhere", "found_note": N_(
            "found beyond the citations, in a page of %(source)s archived for article %(article)s",
            source=_source_name(articles[0]["source_id"], sources), article=str(articles[0]["article_id"]))}
    return {"found": "elsewhere", "found_note": N_("found beyond the citations, in the archive")}


def _source_name(source_id: str | None, sources: dict[str, SourceInfo]) -> str:
    if source_id is None:
        return "an unknown site"
    info = sources.get(source_id)
    return info.name if info else source_id


def _message(linked: int, scope: tuple[int, int], missing_cited: list[str], leads: int = 0) -> str:
    if linked:
        text = (f"{linked} passage{'s' if linked != 1 else ''} linked, from {scope[0]} "
                f"document{'s' if scope[0] != 1 else ''} searched")
    else:
        text = scoring.no_evidence_message(*scope)
    if leads:
        text += (f"; the closest passage of {leads} page{'s' if leads != 1 else ''} found for this claim "
                 "is shown below the threshold")
    if missing_cited:
        text += f"; nothing was found from the cited source{'s' if len(missing_cited) > 1 else ''} " \
                f"{', '.join(missing_cited)}"
    return text


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector held off while articles are linked (claims ranked, links stored). The
    run's `Corpus` keeps millions of small objects (the passages' features) and ranking allocates fast, so the
    collector would walk that cache over and over (linking the 10k claims of `benchmarks/link.py` against
    100k passages took 79 s CPU with it, 64 s without, in one process). Ranking makes no reference cycles that
    must die young; any it makes are collected once the collector resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def link_article(db, article_id: int, settings: Settings, sources: dict[str, SourceInfo],
                 progress: Callable[[str], None] = lambda message: None, corpus: Corpus | None = None) -> dict:
    """Index new passages, then link every claim of the article. Returns {"links", "claims"} where
    "claims" holds each claim's run summary (its message included). Claims not yet machine-translated are
    translated (Apertium's processes) while the passages are indexed."""
    article = claims_store.get_article(db, article_id)
    if article is None:
        raise LookupError(f"no article with id {article_id}")
    with collector_paused():
        return _link_article(db, article, settings, sources, progress, corpus)


def link_articles(db, article_ids: list[int], settings: Settings, sources: dict[str, SourceInfo],
                  progress: Callable[[str], None] = lambda message: None, corpus: Corpus | None = None) -> dict:
    """`link_article` for each of these articles, with one `Corpus` and the collector held off for the whole run:
    resumed after each article, it would walk the corpus's growing cache of passages again (ranking makes no
    reference cycles: none were found after any article of `benchmarks/link.py`). A corpus this makes (new
    passages indexed first) is dropped before the collector resumes, so the collector never walks its cache
    (3 s at 10k claims × 100k passages); a `corpus` given stays the caller's. Returns the merged
    {"links", "claims"}."""
    with collector_paused():
        return _link_articles(db, article_ids, settings, sources, progress,
                              corpus if corpus is not None else fresh_corpus(db, settings, progress))


def link_stale(db, settings: Settings, sources: dict[str, SourceInfo],
               progress: Callable[[str], None] = lambda message: None) -> dict:
    """Index new passages, then link every article that has a claim never linked or linked before the newest
    passage arrived (`link_articles`, its claims machine-translated in one batch first)."""
    with collector_paused():
        corpus = fresh_corpus(db, settings, progress)
        articles = evidence_store.articles_to_relink(db)
        translate_articles(db, articles, settings)  # one Apertium batch for them all
        vectorise_articles(db, articles, settings)
        merged = _link_articles(db, articles, settings, sources, progress, corpus)
        del corpus  # before the collector resumes (see link_articles)
        return merged


def fresh_corpus(db, settings: Settings, progress: Callable[[str], None] = lambda message: None) -> Corpus:
    """The archive as a run sees it, every passage indexed first."""
    index_passages(db, settings.index_batch, progress, settings.keyer, settings.encoder)
    return Corpus(db, settings)


def _link_articles(db, article_ids: list[int], settings: Settings, sources: dict[str, SourceInfo],
                   progress: Callable[[str], None], corpus: Corpus) -> dict:
    merged: dict[str, list] = {"links": [], "claims": []}
    for article_id in article_ids:
        result = link_article(db, article_id, settings, sources, progress, corpus)
        merged["links"] += result["links"]
        merged["claims"] += result["claims"]
    return merged


def _link_article(db, article: dict, settings: Settings, sources: dict[str, SourceInfo],
                  progress: Callable[[str], None], corpus: Corpus | None) -> dict:
    article_id, language = article["id"], article.get("language")
    claims = claims_store.claims_of_article(db, article_id)
    english, untranslated = stored_translations(db, claims, language, settings)
    with ThreadPoolExecutor(max_workers=1) as pool:
        translating = pool.submit(settings.translate, [claim["text"] for claim in untranslated], language) \
            if untranslated else None
        corpus = corpus if corpus is not None else fresh_corpus(db, settings, progress)
        if translating is not None:
            english.update(_save_translations(db, untranslated, translating.result(), settings))
    scope = corpus.scope
    summaries = []
    vectors = claim_vectors(db, claims, language, english, settings)
    rankings = [rank_alone(corpus, claim, language, sources, english.get(claim["id"], ()), vectors.get(claim["id"]))
                for claim in claims]
    for ranking, support in zip(rankings, article_support(rankings, settings.weights.threshold)):
        store_links(corpus, ranking, rank_supported(corpus, ranking, support), support, sources, scope,
                    corpus.newest_passage)
        claim_id = ranking.claim["id"]
        summaries.append({"claim_id": claim_id, **(evidence_store.evidence_summary(db, claim_id) or {})})
    progress(f"article {article_id}: {sum(1 for s in summaries if not s.get('no_evidence'))} of "
             f"{len(summaries)} claims have evidence, from {scope[0]} documents in {scope[1]} sources")
    return {"links": [link_json(row) for row in evidence_store.links_of_article(db, article_id)], "claims": summaries}


def translate_articles(db, article_ids: list[int], settings: Settings) -> int:
    """Machine-translate the claims of these articles not translated yet, in one batch per language (Apertium
    starts once, not once per article); return how many claims were translated."""
    by_language: dict[str | None, list[dict]] = {}
    for article_id in article_ids:
        article = claims_store.get_article(db, article_id)
        if article is not None:
            by_language.setdefault(article.get("language"), []).extend(claims_store.claims_of_article(db, article_id))
    done = 0
    for language, claims in by_language.items():
        _english, untranslated = stored_translations(db, claims, language, settings)
        if untranslated:
            _save_translations(db, untranslated, settings.translate([c["text"] for c in untranslated], language),
                               settings)
            done += len(untranslated)
    return done


def english_forms(claim: dict, language: str | None, english: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """What of a claim the English sentence model reads: its own text when English, else its translation by
    the best pivot that gave one (the translations come best first). The others' vectors would cost as much
    again for less: on the dev pairs, the best of both cosines ranked the translation first for 0.961 of the
    claims, the first pivot's alone for 0.963 (benchmarks/crosslingual.py)."""
    if (language or "").lower().startswith("en"):
        return (claim["text"],)
    return tuple(text for text in english.get(claim["id"], ()) if text)[:1]


def claim_vectors(db, claims: list[dict], language: str | None, english: dict[int, tuple[str, ...]],
                  settings: Settings) -> dict:
    """Claim id → the sentence vectors of its English forms (float32 rows), made once and stored; claims with
    no English form (an untranslated French claim) have none, and none are made without the model."""
    return _vectors_of_forms(db, {claim["id"]: english_forms(claim, language, english) for claim in claims},
                             settings)


def vectorise_articles(db, article_ids: list[int], settings: Settings) -> int:
    """Make and store the sentence vectors of these articles' claims that have none yet, in one run of the
    model for them all (their translations made first: `translate_articles`); return how many claims have
    vectors."""
    forms: dict[int, tuple[str, ...]] = {}
    for article_id in article_ids:
        article = claims_store.get_article(db, article_id)
        if article is None:
            continue
        claims = claims_store.claims_of_article(db, article_id)
        english, _untranslated = stored_translations(db, claims, article.get("language"), settings)
        forms.update((claim["id"], english_forms(claim, article.get("language"), english)) for claim in claims)
    return len(_vectors_of_forms(db, forms, settings))


def _vectors_of_forms(db, forms: dict[int, tuple[str, ...]], settings: Settings) -> dict:
    """`claim_vectors` of claims given by their English forms: those stored for the same forms are read, the
    others made in one run of the model and stored."""
    if settings.encoder is None:
        return {}
    forms = {claim_id: texts for claim_id, texts in forms.items() if texts}
    stored = evidence_store.claim_vectors(db, sorted(forms), meaning.MODEL_ID)
    found, missing = {}, []
    for claim_id, texts in forms.items():
        row = stored.get(claim_id)
        if row is not None and row[0] == _digest("\n".join(texts)):
            found[claim_id] = meaning.from_blob(row[1])
        else:
            missing.append(claim_id)
    if missing:
        blobs = meaning.stored_vectors(settings.encoder, [forms[claim_id] for claim_id in missing])
        evidence_store.save_claim_vectors(db, meaning.MODEL_ID, [
            (claim_id, _digest("\n".join(forms[claim_id])), blob) for claim_id, blob in zip(missing, blobs)])
        # As later runs read them back, so that they score the same.
        found.update((claim_id, meaning.from_blob(blob)) for claim_id, blob in zip(missing, blobs))
    return found


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def stored_translations(db, claims: list[dict], language: str | None,
                        settings: Settings) -> tuple[dict[int, tuple[str, ...]], list[dict]]:
    """(claim id → its stored translations, still those of its text by the pivots installed; the claims to
    translate). Nothing to translate when no pivot is installed or the claims are not French."""
    if not settings.pivots or not translate.translates(language):
        return {}, []
    stored = evidence_store.claim_translations(db, [claim["id"] for claim in claims])
    english: dict[int, tuple[str, ...]] = {}
    untranslated = []
    for claim in claims:
        row = stored.get(claim["id"])
        if row is not None and row[0] == _digest(claim["text"]) and row[1] == settings.pivots:
            english[claim["id"]] = tuple(row[2])
        else:
            untranslated.append(claim)
    return english, untranslated


def _save_translations(db, claims: list[dict], batch: translate.Batch,
                       settings: Settings) -> dict[int, tuple[str, ...]]:
    """Store the batch's translations when every pivot worked (a failed one is tried again next run); return
    claim id → its translations either way."""
    if batch.pivots == settings.pivots:
        evidence_store.save_claim_translations(db, [
            {"claim_id": claim["id"], "text_sha256": _digest(claim["text"]), "pivots": batch.pivots,
             "english": list(english)} for claim, english in zip(claims, batch.english)])
    return {claim["id"]: english for claim, english in zip(claims, batch.english)}


def link_json(row: dict) -> dict:
    """A stored link as `flask link --json` prints it: the contract's keys first, then ours."""
    return {"claim_id": row["claim_id"], "url": row["url"], "passage": row["passage"], "score": row["score"],
            "reasons": row["reasons"], "conflicts": row["conflicts"], "link_id": row["id"],
            "passage_id": row["passage_id"], "document_id": row["document_id"], "title": row.get("title"),
            "standin": bool(row.get("standin")), "cited": bool(row["signals"].get("cited")),
            "found": row.get("found"), "found_note": row.get("found_note"),
            "decision": row["decision"], "signals": row["signals"]}


def sources_from_registry(registry) -> dict[str, SourceInfo]:
    """Each registry source: where its statements are searched (a person's affiliation) and its name."""
    found = {}
    for source in registry.sources:
        searched = registry.affiliation_of(source) if source.kind == "person" else None
        found[source.id] = SourceInfo(searched.id if searched else source.id, source.name)
    return found
