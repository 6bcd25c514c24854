"""One article's sources, end to end: citations → discovery → fetch → archive → extract → keep.

In order, each step's network work done before its database writes (hosts in parallel through one
`Fetcher`; the database written from this thread only, one transaction per record):

1. Citations. The article's links first (cue "link", the strongest kind: the report's own address), then the
   reporting cues and the attribution step's sources, then sources cited by a domain name. A linked or cited
   site the registry does not know gets a provisional entry (named from its home page), its sitemaps read from
   its robots.txt and its feeds from its home page.
2. Linked pages are fetched first, and kept whatever their text: the article points at them.
3. Cited sources are searched (feeds, sitemaps, the Wayback capture index, inside the claims' date window) for
   the claims that cite them; a source listing no feed or sitemap has them found at run time, and kept in the
   registry entries for `SCRAPE_ENTRANCES_DAYS`.
4. Sources named anywhere in the article (headlines and asides included) are searched the same way for the
   check-worthy claims nobody cites, ranked by title and summary against those claims before fetching, at most
   `SCRAPE_NAMED_MAX_PAGES` pages per article and `SCRAPE_NAMED_MAX_PER_HOST` per host.
5. Every kept document says why it was fetched (`document_reasons`): linked from a claim, cited by it, or only
   named in the article, and which claim it matches. Every failure ends as a `fetch_attempts` row with a reason,
   never as an exception.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from checker.claims import store as claims_store
from checker.claims.registry import Registry, Source
from checker.config import Config
from checker.db import now
from checker.sources import archive, discover, extract
from checker.sources import store as sources_store
from checker.sources.http import Fetcher, FetchError, Request

# How a document was found, strongest first: a link of the claim, a citation, a name in the article.
FOUND_ORDER = ("link", "cited", "named")
# Host endings of government and international bodies, for the kind of a provisional source.
GOVERNMENT_ENDINGS = (".gov", ".gouv.fr", ".gc.ca", ".gov.uk", ".admin.ch", ".belgium.be", ".fgov.be", ".gob.es",
                      ".gov.pl", ".gov.ua", ".europa.eu", ".mil")
TOPIC_TYPES = ("LOC", "ORG", "PER")
TOPIC_WORDS = 6  # a claim with no name is shown by its first words


@dataclass
class Options:
    top_n: int = Config.SCRAPE_TOP_N
    days_before: int = Config.SCRAPE_DAYS_BEFORE
    days_after: int = Config.SCRAPE_DAYS_AFTER
    min_match: float = Config.SCRAPE_MIN_MATCH
    max_sitemaps: int = Config.SCRAPE_MAX_SITEMAPS
    cdx_limit: int = Config.SCRAPE_CDX_LIMIT
    named_max_pages: int = Config.SCRAPE_NAMED_MAX_PAGES
    named_max_per_host: int = Config.SCRAPE_NAMED_MAX_PER_HOST
    named_min_rank: float = Config.SCRAPE_NAMED_MIN_RANK
    entrances_days: int = Config.SCRAPE_ENTRANCES_DAYS

    @classmethod
    def from_config(cls, config) -> "Options":
        return cls(top_n=config["SCRAPE_TOP_N"], days_before=config["SCRAPE_DAYS_BEFORE"],
                   days_after=config["SCRAPE_DAYS_AFTER"], min_match=config["SCRAPE_MIN_MATCH"],
                   max_sitemaps=config["SCRAPE_MAX_SITEMAPS"], cdx_limit=config["SCRAPE_CDX_LIMIT"],
                   named_max_pages=config["SCRAPE_NAMED_MAX_PAGES"],
                   named_max_per_host=config["SCRAPE_NAMED_MAX_PER_HOST"],
                   named_min_rank=config["SCRAPE_NAMED_MIN_RANK"], entrances_days=config["SCRAPE_ENTRANCES_DAYS"])


@dataclass
class _Target:
    """One source whose pages are searched: the claims that cite it, and those it may speak to because the
    article names it."""
    source_id: str
    claims: list[dict] = field(default_factory=list)
    cues: dict[int, str] = field(default_factory=dict)  # claim id → how it cites the source
    named_as: Source | None = None  # the registry source the article names (a person: their own entry)


@dataclass
class _Fetch:
    """One page to fetch, why, and for which claims."""
    url: str
    source_id: str | None
    found: str  # link | cited | named
    claims: list[dict]
    reasons: dict[int, str]  # claim id → the reason shown for that claim
    when: str | None  # the date to ask the Wayback Machine for
    min_match: float


def _claim_dates(claims: list[dict]) -> list[str]:
    return [d["value"] for c in claims for d in (c.get("dates") or []) if d.get("value")]


def document_json(document: dict, reasons: list[dict] | None = None) -> dict:
    """A kept document, as `scrape --json` prints it: the contract's keys first, then ours, among them how it
    was found (`found`: link, cited or named; `from_link`, `cited`), for which claims, and why (`why`)."""
    out = {"url": document["snapshot_url"], "final_url": document["final_url"], "status": document["status"],
           "title": document["title"], "published": document["published"], "sha256": document["sha256"],
           "via": document["via"], "source_id": document["source_id"], "score": document["score"],
           "standin": bool(document["standin"])}
    if reasons:
        found = min((r["found"] for r in reasons), key=FOUND_ORDER.index)
        out.update({"found": found, "from_link": any(r["found"] == "link" for r in reasons),
                    "cited": found in ("link", "cited"),
                    "claim_ids": sorted({r["claim_id"] for r in reasons if r["claim_id"] is not None}),
                    "why": "; ".join(dict.fromkeys(r["reason"] for r in reasons))})
    return out


def keep_document(db, snapshot: dict, claim_texts: list[str], min_match: float, article_id: int,
                  source_id: str | None) -> tuple[int | None, float, extract.Document]:
    """Extract a snapshot; store it for the article when its text matches one of the claims."""
    document_id, scores, document = _keep(db, snapshot, claim_texts, min_match, article_id, source_id)
    return document_id, max(scores, default=1.0), document


def _keep(db, snapshot: dict, claim_texts: list[str], min_match: float, article_id: int | None,
          source_id: str | None) -> tuple[int | None, list[float], extract.Document]:
    """keep_document, with the match of each claim (the best says which claim the page speaks to)."""
    body = sources_store.snapshot_body(db, snapshot["sha256"]) or b""
    document = extract.extract(body, snapshot["url"])
    described = (document.title or "") + "\n" + document.text
    scores = [discover.match_score(text, described, document.language) for text in claim_texts]
    score = max(scores, default=1.0)
    if score < min_match:
        return None, scores, document
    fields = document.as_dict()
    passages = [{"text": p.text, "speaker": p.speaker} for p in document.passages]
    document_id = sources_store.save_document(db, snapshot["id"], fields, passages, article_id, source_id,
                                              round(score, 4))
    return document_id, scores, document


# ---------------------------------------------------------------------------------------------------
# 1. Citations, and provisional sources for the sites the registry does not know
# ---------------------------------------------------------------------------------------------------

def _kind_for_host(host: str) -> str:
    host = host.lower().split(":")[0]
    if host.endswith(GOVERNMENT_ENDINGS) or ".gov." in host or ".gouv." in host:
        return "government"
    if host.endswith((".int", ".org")):
        return "organisation"
    return "news"


def _entry_id(host: str) -> str:
    return host.lower().removeprefix("www.")


def _stale(entry: dict | None, days: int) -> bool:
    if not entry or not entry.get("discovered_at"):
        return True
    try:
        when = datetime.fromisoformat(entry["discovered_at"])
    except ValueError:
        return True
    return datetime.now(timezone.utc) - when > timedelta(days=days)


def _provisional_sources(db, article_id: int, registry: Registry, fetcher: Fetcher, records: list[dict],
                         progress: Callable[[str], None]) -> Registry:
    """Give every linked or domain-cited site the registry does not know a provisional entry (named from its
    home page, with the sitemaps of its robots.txt and the feeds of its home page), and its records that id."""
    wanted: dict[str, dict] = {}
    for record in records:
        if record["source_id"] is None:
            known = registry.get(_entry_id(record["host"])) or registry.for_host(record["host"])
            if known is not None:
                record["source_id"] = known.id
            else:
                wanted.setdefault(_entry_id(record["host"]), record)
    if not wanted:
        return registry

    def look(item: tuple[str, dict]) -> tuple[str, dict, discover.Entrances]:
        entry_id, record = item
        return entry_id, record, discover.site_entrances(fetcher, Source(id=entry_id, name=entry_id,
                                                                         domains=(record["host"],)))

    with ThreadPoolExecutor(max_workers=max(1, min(4, len(wanted)))) as pool:
        looked = list(pool.map(look, wanted.items()))
    entries = []
    for entry_id, record, found in looked:
        how = f"linked from article {article_id}: {record['url']}" if record.get("url") else \
            f"cited by its address in article {article_id} ({record['cue']})"
        entry = {"id": entry_id, "name": found.name or entry_id, "kind": _kind_for_host(record["host"]),
                 "status": "provisional", "aliases": [found.name] if found.name and found.name != entry_id else [],
                 "domains": [record["host"]], "feeds": found.feeds, "sitemaps": found.sitemaps,
                 "note": how, "discovered_at": now()}
        claims_store.save_registry_entry(db, entry)
        entries.append(entry)
        progress(f"new provisional source {entry_id} ({entry['name']}): {len(found.sitemaps)} sitemaps from "
                 f"robots.txt, {len(found.feeds)} feeds from the home page")
    for record in records:
        if record["source_id"] is None:
            record["source_id"] = _entry_id(record["host"])
    return registry.with_entries(entries)


def _citations(db, article: dict, claims: list[dict], registry: Registry, fetcher: Fetcher,
               progress: Callable[[str], None]) -> tuple[list[dict], Registry]:
    """Links first, then cues and the attribution step's sources, then sources cited by a domain name."""
    linked = discover.link_citations(claims, claims_store.links_of_article(db, article["id"]), article["text"],
                                     registry)
    by_domain = discover.domain_citations(claims, registry)
    registry = _provisional_sources(db, article["id"], registry, fetcher, linked + by_domain, progress)
    found, seen = [], set()
    for record in linked + discover.find_citations(claims, registry) + by_domain:
        key = (record["claim_id"], record["source_id"], record.get("url"))
        if key not in seen:
            seen.add(key)
            found.append({k: record[k] for k in ("claim_id", "source_id", "cue", "url", "anchor") if record.get(k)})
    return found, registry


# ---------------------------------------------------------------------------------------------------
# 3 and 4. What to search: cited sources for their claims, named sources for the claims nobody cites
# ---------------------------------------------------------------------------------------------------

def _targets(citations: list[dict], claims: list[dict], article: dict, registry: Registry,
             errors: list[dict]) -> tuple[dict[str, _Target], dict[str, _Target], list[dict]]:
    """(cited targets, named targets, uncited check-worthy claims)."""
    by_claim = {c["id"]: c for c in claims}
    linked_pairs = {(c["claim_id"], c["source_id"]) for c in citations if c["cue"] == "link"}
    cited: dict[str, _Target] = {}
    for citation in citations:
        if citation["cue"] == "link" or (citation["claim_id"], citation["source_id"]) in linked_pairs:
            continue  # the claim links to the page itself
        target = discover.search_target(registry, citation["source_id"])
        if target is None:
            source = registry.get(citation["source_id"])
            reason = (f"{source.name if source else citation['source_id']} is a person with no affiliated "
                      "source to search")
            errors.append({"url": f"registry:{citation['source_id']}", "reason": reason})
            continue
        entry = cited.setdefault(target.id, _Target(target.id))
        if citation["claim_id"] not in entry.cues:
            entry.claims.append(by_claim[citation["claim_id"]])
            entry.cues[citation["claim_id"]] = citation["cue"]
    citing = {c["claim_id"] for c in citations}
    uncited = [c for c in claims if c.get("checkworthy") and c["id"] not in citing and not c.get("attribution")]
    named: dict[str, _Target] = {}
    if uncited:
        for target, named_as in discover.named_sources(article["text"], registry):
            named[target.id] = _Target(target.id, list(uncited), named_as=named_as)
    return cited, named, uncited


def claim_topic(claim: dict, claims: list[dict], leave_out: set[str] = frozenset()) -> str:
    """What a claim is about, in a few words: the name it holds that the article's other claims hold least
    (a place, a body, a person: "Poland"), else its first words."""
    def key(entity: dict) -> str:
        return (entity.get("canonical") or entity.get("text") or "").strip()

    names = [key(e) for e in claim.get("entities") or [] if e.get("type") in TOPIC_TYPES and key(e)
             and key(e).lower() not in leave_out]
    if names:
        held = {name: sum(1 for other in claims if any(key(e) == name for e in other.get("entities") or []))
                for name in names}
        return min(names, key=lambda name: (held[name], names.index(name)))
    words = claim["text"].split()
    return " ".join(words[:TOPIC_WORDS]) + ("…" if len(words) > TOPIC_WORDS else "")


def _named_reason(target: _Target, registry: Registry, claim: dict, claims: list[dict]) -> str:
    searched = registry.get(target.source_id)
    named = target.named_as or searched
    shown = named.name if named is searched or searched is None else f"{named.name} (searched on {searched.name})"
    leave_out = {n.lower() for n in (named.names if named else ())}
    return f"named in the article: {shown}; matches the claim on {claim_topic(claim, claims, leave_out)} " \
           f"(claim {claim['id']})"


def _discover_all(fetcher: Fetcher, registry: Registry, article: dict, targets: list[tuple[_Target, bool]],
                  options: Options, progress: Callable[[str], None]) -> list[tuple[_Target, bool, discover.Discovery,
                                                                                   tuple | None]]:
    """Each target's entries in its claims' window (hosts in parallel), unranked."""
    def find(item: tuple[_Target, bool]):
        target, is_named = item
        window = discover.date_window(article.get("published"), _claim_dates(target.claims),
                                      options.days_before, options.days_after)
        found = discover.gather(fetcher, registry, registry.get(target.source_id), window, options.max_sitemaps,
                                options.cdx_limit)
        progress(f"{target.source_id}{' (named)' if is_named else ''}: {len(found.entries)} entries, "
                 f"{len(found.errors)} errors")
        return target, is_named, found, window

    with ThreadPoolExecutor(max_workers=max(1, min(4, len(targets)))) as pool:
        return list(pool.map(find, targets))


def _entrances(db, registry: Registry, fetcher: Fetcher, targets: list[_Target], days: int,
               progress: Callable[[str], None]) -> Registry:
    """Sources to search that list no feed and no sitemap get them from their robots.txt and home page, kept
    for `days` days in the registry entries (so later runs read them without asking again)."""
    wanted = []
    for target in {t.source_id: t for t in targets}.values():
        source = registry.get(target.source_id)
        if source is None or source.feeds or source.sitemaps or not source.domains:
            continue
        if _stale(claims_store.registry_entry(db, source.id), days):
            wanted.append(source)
    if not wanted:
        return registry
    with ThreadPoolExecutor(max_workers=max(1, min(4, len(wanted)))) as pool:
        looked = list(pool.map(lambda source: (source, discover.site_entrances(fetcher, source)), wanted))
    entries = []
    for source, found in looked:
        entry = {"id": source.id, "feeds": found.feeds, "sitemaps": found.sitemaps, "discovered_at": now()}
        if claims_store.registry_entry(db, source.id) is None:
            entry.update({"name": source.name, "kind": source.kind, "status": "registry",
                          "note": "feeds and sitemaps found at run time"})
        claims_store.save_registry_entry(db, entry)
        entries.append(claims_store.registry_entry(db, source.id))
        progress(f"{source.id}: {len(found.sitemaps)} sitemaps from robots.txt, {len(found.feeds)} feeds from the "
                 "home page")
    # A provisional source's row is the source itself: refresh it in the registry too.
    fresh = [e for e in entries if e["status"] == "registry"]
    updated = [e for e in entries if e["status"] in ("provisional", "confirmed")]
    registry = registry.with_entries(fresh)
    if updated:
        kept = [s for s in registry.sources if s.id not in {e["id"] for e in updated}]
        registry = Registry(kept, registry.wayback, registry.merged).with_entries(updated)
    return registry


def _plan_cited(target: _Target, found: discover.Discovery, window, registry: Registry,
                options: Options) -> list[_Fetch]:
    texts = [discover.claim_text_for_matching(c["text"], registry) for c in target.claims]
    ranked = discover.rank([e for e in found.entries if discover.in_window(e.published, window)], texts)
    name = registry.get(target.source_id).name
    reasons = {c["id"]: f"cited by claim {c['id']} ({target.cues.get(c['id'], name)})" for c in target.claims}
    return [_Fetch(c.url, target.source_id, "cited", target.claims, reasons, _when(window, c), options.min_match)
            for c in ranked[:options.top_n]]


def _plan_named(named: list[tuple[_Target, discover.Discovery, tuple | None]], claims: list[dict],
                planned: set[str], host_counts: dict[str, int], registry: Registry,
                options: Options) -> list[_Fetch]:
    """The named sources' best candidates for the uncited claims, all sources together, best first, within
    the per-article and per-host caps."""
    pool = []
    for target, found, window in named:
        texts = [discover.claim_text_for_matching(c["text"], registry) for c in target.claims]
        ranked = discover.rank([e for e in found.entries if discover.in_window(e.published, window)], texts)
        pool += [(candidate, target, window) for candidate in ranked if candidate.score >= options.named_min_rank]
    pool.sort(key=lambda item: (-item[0].score, item[0].url))
    chosen: list[_Fetch] = []
    for candidate, target, window in pool:
        if len(chosen) >= options.named_max_pages:
            break
        host = candidate.url.split("/")[2].lower() if "://" in candidate.url else ""
        if candidate.url in planned or host_counts.get(host, 0) >= options.named_max_per_host:
            continue
        claim = target.claims[candidate.matched or 0]
        planned.add(candidate.url)
        host_counts[host] = host_counts.get(host, 0) + 1
        chosen.append(_Fetch(candidate.url, target.source_id, "named", target.claims,
                             {claim["id"]: _named_reason(target, registry, claim, claims)}, _when(window, candidate),
                             options.min_match))
    return chosen


def _when(window, candidate: discover.Candidate) -> str | None:
    if candidate.published:
        return candidate.published
    return (window[0] + (window[1] - window[0]) / 2).isoformat() if window else None


# ---------------------------------------------------------------------------------------------------
# 2 and 5. Fetch, archive, keep, and say why
# ---------------------------------------------------------------------------------------------------

def _fetch_and_keep(db, article_id: int, fetches: list[_Fetch], registry: Registry, fetcher: Fetcher,
                    progress: Callable[[str], None], errors: list[dict], claims: list[dict]) -> list[int]:
    requests = [Request(f.url, *archive.validators(sources_store.latest_snapshot(db, f.url, "live"))) for f in fetches]
    results = fetcher.get_many(requests, on_done=lambda url, r: progress(
        f"fetched {url}" if not isinstance(r, FetchError) else f"failed {url}: {r.reason}"))
    kept: list[int] = []
    for planned, result in zip(fetches, results):
        settled = archive.settle(db, fetcher, registry.wayback.get("available"), planned.url, result, planned.when)
        if settled.snapshot is None:
            sources_store.record_attempt(db, planned.url, "failed", settled.reason, article_id, planned.source_id)
            errors.append({"url": planned.url, "reason": settled.reason})
            continue
        texts = [discover.claim_text_for_matching(c["text"], registry) for c in planned.claims]
        document_id, scores, _doc = _keep(db, settled.snapshot, texts, planned.min_match, article_id,
                                          planned.source_id)
        if document_id is None:
            best = max(scores, default=0.0)
            reason = f"fetched, but its text does not match the claim (match {best:.2f} < {planned.min_match:g})"
            sources_store.record_attempt(db, planned.url, "rejected", reason, article_id, planned.source_id,
                                         settled.snapshot["id"])
            errors.append({"url": planned.url, "reason": reason})
            continue
        sources_store.record_attempt(db, planned.url, settled.outcome, settled.reason, article_id, planned.source_id,
                                     settled.snapshot["id"])
        reasons = planned.reasons
        if planned.found == "named" and scores:
            # The claim the page's text matches best, which may not be the one its title matched.
            best = planned.claims[scores.index(max(scores))]
            target = _Target(planned.source_id, planned.claims)
            named_as = next(iter(reasons.values())).split(";")[0]
            reasons = {best["id"]: f"{named_as}; matches the claim on "
                                   f"{claim_topic(best, claims, _names_of(registry, planned.source_id))} "
                                   f"(claim {best['id']})"} if target else reasons
        for claim_id, reason in reasons.items():
            sources_store.save_document_reason(db, article_id, document_id, claim_id, planned.found,
                                               planned.source_id, reason)
        kept.append(document_id)
    return kept


def _names_of(registry: Registry, source_id: str | None) -> set[str]:
    source = registry.get(source_id)
    return {name.lower() for name in source.names} if source else set()


def scrape(db, article_id: int, registry: Registry, fetcher: Fetcher, options: Options,
           progress: Callable[[str], None] = lambda message: None) -> dict:
    """Run the whole step for one article and return the `scrape --json` document."""
    article = claims_store.get_article(db, article_id)
    if article is None:
        raise LookupError(f"no article with id {article_id}")
    claims = claims_store.claims_of_article(db, article_id)
    citations, registry = _citations(db, article, claims, registry, fetcher, progress)
    sources_store.save_citations(db, article_id, citations)
    progress(f"{len(citations)} citations in {len(claims)} claims "
             f"({sum(1 for c in citations if c['cue'] == 'link')} links)")
    errors: list[dict] = []
    by_claim = {c["id"]: c for c in claims}

    # Linked pages first: the article points at them, so they are kept whatever their text says.
    linked: dict[str, _Fetch] = {}
    for citation in (c for c in citations if c["cue"] == "link"):
        claim = by_claim[citation["claim_id"]]
        fetch = linked.setdefault(citation["url"], _Fetch(citation["url"], citation["source_id"], "link", [], {},
                                                          _link_date(article, claim), 0.0))
        fetch.claims.append(claim)
        fetch.reasons[claim["id"]] = f"linked from claim {claim['id']}: “{citation.get('anchor') or citation['url']}”"
    documents = _fetch_and_keep(db, article_id, list(linked.values()), registry, fetcher, progress, errors, claims)

    cited, named, uncited = _targets(citations, claims, article, registry, errors)
    if named:
        progress(f"{len(uncited)} check-worthy claims cite nobody; searching the {len(named)} sources the article "
                 f"names: {', '.join(sorted(named))}")
    registry = _entrances(db, registry, fetcher, [*cited.values(), *named.values()], options.entrances_days,
                          progress)
    # One discovery per source, over the window of every claim it is searched for.
    both = {source_id: _Target(source_id, [*cited.get(source_id, _Target(source_id)).claims,
                                           *named.get(source_id, _Target(source_id)).claims])
            for source_id in [*cited, *(s for s in named if s not in cited)]}
    discovered = {target.source_id: (found, window) for target, _named, found, window in
                  _discover_all(fetcher, registry, article, [(t, t.source_id not in cited) for t in both.values()],
                                options, progress)}
    planned_urls = set(linked)
    fetches: list[_Fetch] = []
    for source_id, target in cited.items():
        found, _window = discovered[source_id]
        errors += found.errors
        window = discover.date_window(article.get("published"), _claim_dates(target.claims), options.days_before,
                                      options.days_after)
        for fetch in _plan_cited(target, found, window, registry, options):
            if fetch.url not in planned_urls:
                planned_urls.add(fetch.url)
                fetches.append(fetch)
    host_counts: dict[str, int] = {}
    for fetch in [*linked.values(), *fetches]:
        host = fetch.url.split("/")[2].lower() if "://" in fetch.url else ""
        host_counts[host] = host_counts.get(host, 0) + 1
    named_found = []
    for source_id, target in named.items():
        found, _window = discovered[source_id]
        if source_id not in cited:
            errors += found.errors
        window = discover.date_window(article.get("published"), _claim_dates(target.claims), options.days_before,
                                      options.days_after)
        named_found.append((target, found, window))
    fetches += _plan_named(named_found, claims, planned_urls, host_counts, registry, options)
    documents += _fetch_and_keep(db, article_id, fetches, registry, fetcher, progress, errors, claims)

    fetched = set(planned_urls)
    for error in errors:
        if error["url"].startswith("registry:") or error["url"] not in fetched:
            sources_store.record_attempt(db, error["url"], "failed", error["reason"], article_id)
    reasons = sources_store.document_reasons(db, article_id)
    kept = [d for d in sources_store.documents_of_article(db, article_id) if d["id"] in set(documents)]
    return {"citations": sources_store.citations_of_article(db, article_id),
            "documents": [document_json(d, [r for r in reasons if r["document_id"] == d["id"]]) for d in kept],
            "errors": errors}


def _link_date(article: dict, claim: dict) -> str | None:
    """The date to ask the Wayback Machine for a linked page: the claim's first date, else the article's."""
    dates = _claim_dates([claim])
    return dates[0] if dates else article.get("published")


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
    # The page's own address (a Wayback copy's final address is the archive's).
    source = registry.for_url(settled.snapshot["url"]) or registry.for_url(settled.snapshot["final_url"])
    document_id, _score, _doc = keep_document(db, settled.snapshot, [], min_match, article_id,
                                              source.id if source else None)
    sources_store.record_attempt(db, url, settled.outcome, settled.reason, article_id, source.id if source else None,
                                 settled.snapshot["id"])
    kept = [d for d in sources_store.documents_of_article(db, article_id) if d["id"] == document_id] if article_id else []
    return {"citations": [], "documents": [document_json(d) for d in kept], "errors": []}
