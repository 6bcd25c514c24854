"""One article's cited sources, end to end: citations → discovery → fetch → archive → extract → keep.

Network work (discovery, fetching) happens first, hosts in parallel through one `Fetcher`; the database is
written afterwards from this thread only, one transaction per record. Every failure ends as a
`fetch_attempts` row with a reason, never as an exception.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from checker.claims import store as claims_store
from checker.claims.registry import Registry
from checker.config import Config
from checker.sources import archive, discover, extract
from checker.sources import store as sources_store
from checker.sources.http import Fetcher, FetchError, Request


@dataclass
class Options:
    top_n: int = Config.SCRAPE_TOP_N
    days_before: int = Config.SCRAPE_DAYS_BEFORE
    days_after: int = Config.SCRAPE_DAYS_AFTER
    min_match: float = Config.SCRAPE_MIN_MATCH
    max_sitemaps: int = Config.SCRAPE_MAX_SITEMAPS
    cdx_limit: int = Config.SCRAPE_CDX_LIMIT

    @classmethod
    def from_config(cls, config) -> "Options":
        return cls(top_n=config["SCRAPE_TOP_N"], days_before=config["SCRAPE_DAYS_BEFORE"],
                   days_after=config["SCRAPE_DAYS_AFTER"], min_match=config["SCRAPE_MIN_MATCH"],
                   max_sitemaps=config["SCRAPE_MAX_SITEMAPS"], cdx_limit=config["SCRAPE_CDX_LIMIT"])


@dataclass
class _Target:
    """One source whose pages are searched, and the claims that lead there."""
    source_id: str
    claims: list[dict] = field(default_factory=list)


def _claim_dates(claims: list[dict]) -> list[str]:
    return [d["value"] for c in claims for d in (c.get("dates") or []) if d.get("value")]


def document_json(document: dict) -> dict:
    """A kept document, as `scrape --json` prints it (contract keys first, then ours)."""
    return {"url": document["snapshot_url"], "final_url": document["final_url"], "status": document["status"],
            "title": document["title"], "published": document["published"], "sha256": document["sha256"],
            "via": document["via"], "source_id": document["source_id"], "score": document["score"],
            "standin": bool(document["standin"])}


def keep_document(db, snapshot: dict, claim_texts: list[str], min_match: float, article_id: int,
                  source_id: str | None) -> tuple[int | None, float, extract.Document]:
    """Extract a snapshot; store it for the article when its text matches one of the claims."""
    body = sources_store.snapshot_body(db, snapshot["sha256"]) or b""
    document = extract.extract(body, snapshot["url"])
    score = max((discover.match_score(text, (document.title or "") + "\n" + document.text, document.language)
                 for text in claim_texts), default=0.0) if claim_texts else 1.0
    if score < min_match:
        return None, score, document
    fields = document.as_dict()
    passages = [{"text": p.text, "speaker": p.speaker} for p in document.passages]
    document_id = sources_store.save_document(db, snapshot["id"], fields, passages, article_id, source_id, round(score, 4))
    return document_id, score, document


def scrape(db, article_id: int, registry: Registry, fetcher: Fetcher, options: Options,
           progress: Callable[[str], None] = lambda message: None) -> dict:
    """Run the whole step for one article and return the `scrape --json` document."""
    article = claims_store.get_article(db, article_id)
    if article is None:
        raise LookupError(f"no article with id {article_id}")
    claims = claims_store.claims_of_article(db, article_id)
    citations = discover.find_citations(claims, registry)
    sources_store.save_citations(db, article_id, citations)
    progress(f"{len(citations)} citations in {len(claims)} claims")

    by_claim = {c["id"]: c for c in claims}
    targets: dict[str, _Target] = {}
    errors: list[dict] = []
    for citation in citations:
        target = discover.search_target(registry, citation["source_id"])
        if target is None:
            source = registry.get(citation["source_id"])
            reason = (f"{source.name if source else citation['source_id']} is a person with no affiliated "
                      "source to search")
            errors.append({"url": f"registry:{citation['source_id']}", "reason": reason})
            continue
        targets.setdefault(target.id, _Target(target.id)).claims.append(by_claim[citation["claim_id"]])

    def find(target: _Target) -> tuple[_Target, discover.Discovery, tuple | None]:
        texts = [discover.claim_text_for_matching(c["text"], registry) for c in target.claims]
        window = discover.date_window(article.get("published"), _claim_dates(target.claims),
                                      options.days_before, options.days_after)
        found = discover.discover(fetcher, registry, registry.get(target.source_id), texts, window,
                                  options.max_sitemaps, options.cdx_limit)
        progress(f"{target.source_id}: {len(found.candidates)} candidates, {len(found.errors)} errors")
        return target, found, window

    with ThreadPoolExecutor(max_workers=max(1, min(4, len(targets)))) as pool:
        discovered = list(pool.map(find, targets.values()))

    planned: list[tuple[_Target, discover.Candidate, tuple | None]] = []
    for target, found, window in discovered:
        errors += found.errors
        for candidate in found.candidates[:options.top_n]:
            planned.append((target, candidate, window))
    requests = [Request(c.url, *archive.validators(sources_store.latest_snapshot(db, c.url, "live"))) for _, c, _ in planned]
    results = fetcher.get_many(requests, on_done=lambda url, r: progress(
        f"fetched {url}" if not isinstance(r, FetchError) else f"failed {url}: {r.reason}"))

    documents: list[int] = []
    for (target, candidate, window), result in zip(planned, results):
        when = (window[0] + (window[1] - window[0]) / 2).isoformat() if window else candidate.published
        settled = archive.settle(db, fetcher, registry.wayback.get("available"), candidate.url, result,
                                 candidate.published or when)
        if settled.snapshot is None:
            sources_store.record_attempt(db, candidate.url, "failed", settled.reason, article_id, target.source_id)
            errors.append({"url": candidate.url, "reason": settled.reason})
            continue
        texts = [discover.claim_text_for_matching(c["text"], registry) for c in target.claims]
        document_id, score, _doc = keep_document(db, settled.snapshot, texts, options.min_match, article_id,
                                                 target.source_id)
        if document_id is None:
            reason = f"fetched, but its text does not match the claim (match {score:.2f} < {options.min_match:g})"
            sources_store.record_attempt(db, candidate.url, "rejected", reason, article_id, target.source_id,
                                 settled.snapshot["id"])
            errors.append({"url": candidate.url, "reason": reason})
            continue
        sources_store.record_attempt(db, candidate.url, settled.outcome, settled.reason, article_id, target.source_id,
                             settled.snapshot["id"])
        documents.append(document_id)
    for error in errors:
        if error["url"].startswith("registry:") or not any(error["url"] == c.url for _, c, _ in planned):
            sources_store.record_attempt(db, error["url"], "failed", error["reason"], article_id)
    kept = [d for d in sources_store.documents_of_article(db, article_id) if d["id"] in documents]
    return {"citations": sources_store.citations_of_article(db, article_id),
            "documents": [document_json(d) for d in kept],
            "errors": errors}


def fetch_one(db, article_id: int | None, url: str, registry: Registry, fetcher: Fetcher, when: str | None,
              claims: list[dict] | None = None, min_match: float = 0.0) -> dict:
    """`flask fetch`: one URL by hand as a source of an article; the same JSON shape as scrape."""
    previous = sources_store.latest_snapshot(db, url, "live")
    try:
        result = fetcher.get(url, *archive.validators(previous))
    except FetchError as error:
        result = error
    settled = archive.settle(db, fetcher, registry.wayback.get("available"), url, result, when)
    if settled.snapshot is None:
        sources_store.record_attempt(db, url, "failed", settled.reason, article_id)
        return {"citations": [], "documents": [], "errors": [{"url": url, "reason": settled.reason}]}
    source = registry.for_host(settled.snapshot["final_url"].split("/")[2]) if "://" in settled.snapshot["final_url"] \
        else None
    document_id, _score, _doc = keep_document(db, settled.snapshot, [], min_match, article_id,
                                              source.id if source else None)
    sources_store.record_attempt(db, url, settled.outcome, settled.reason, article_id, source.id if source else None,
                         settled.snapshot["id"])
    kept = [d for d in sources_store.documents_of_article(db, article_id) if d["id"] == document_id] if article_id else []
    return {"citations": [], "documents": [document_json(d) for d in kept], "errors": []}
