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
4. Sources named anywhere in the article (headlines and asides included) are searched the same way, in a window
   around the article, for the check-worthy claims nobody cites: ranked by title and summary against those
   claims before fetching, at most `SCRAPE_NAMED_MAX_PAGES` pages per article and `SCRAPE_NAMED_MAX_PER_HOST`
   per host. A page fetched for a cited claim is also matched against those claims when its source is named.
5. Every kept document says why it was fetched (`document_reasons`): linked from a claim, cited by it, or only
   named in the article, and which claim it matches. Every failure ends as a `fetch_attempts` row with a reason,
   never as an exception.
"""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable
from urllib.parse import urlsplit

from checker.claims import store as claims_store
from checker.claims.registry import Registry, Source
from checker.config import Config
from checker.db import now
from checker.sources import archive, discover, extract
from checker.sources import store as sources_store
from checker.sources.http import Fetcher, FetchError, Request
from checker.sources.schema import FOUND_KINDS
from checker.text.messages import N_, Number

# Host endings of government and international bodies, for the kind of a provisional source.
GOVERNMENT_ENDINGS = (".gov", ".gouv.fr", ".gc.ca", ".gov.uk", ".admin.ch", ".belgium.be", ".fgov.be", ".gob.es",
                      ".europa.eu", ".mil")
ORGANISATION_ENDINGS = (".int", ".org")
NOT_IN_IDS = re.compile(r"[^a-z0-9]+")  # what a registry id never holds
MAX_ID_CHARS = 100
TOPIC_TYPES = ("LOC", "ORG", "PER")
TOPIC_WORDS = 6  # a claim with no name is shown by its first words
PARALLEL_SITES = 4  # sites whose entrances or entries are read at once (each host stays one request at a time)


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
    named_min_match: float = Config.SCRAPE_NAMED_MIN_MATCH
    entrances_days: int = Config.SCRAPE_ENTRANCES_DAYS

    @classmethod
    def from_config(cls, config) -> "Options":
        return cls(top_n=config["SCRAPE_TOP_N"], days_before=config["SCRAPE_DAYS_BEFORE"],
                   days_after=config["SCRAPE_DAYS_AFTER"], min_match=config["SCRAPE_MIN_MATCH"],
                   max_sitemaps=config["SCRAPE_MAX_SITEMAPS"], cdx_limit=config["SCRAPE_CDX_LIMIT"],
                   named_max_pages=config["SCRAPE_NAMED_MAX_PAGES"],
                   named_max_per_host=config["SCRAPE_NAMED_MAX_PER_HOST"],
                   named_min_rank=config["SCRAPE_NAMED_MIN_RANK"], named_min_match=config["SCRAPE_NAMED_MIN_MATCH"],
                   entrances_days=config["SCRAPE_ENTRANCES_DAYS"])


@dataclass
class _Target:
    """One source whose pages are searched, and the claims it is searched for."""
    source_id: str
    claims: list[dict] = field(default_factory=list)
    cues: dict[int, str] = field(default_factory=dict)  # cited: claim id → how the claim cites the source
    named_as: str | None = None  # named: how the reason shows it ("NATO", "U.S. Department of Defense (“le Pentagone”)")


@dataclass
class _Purpose:
    """Why a page is fetched: for which claims, and what keeps it."""
    found: str  # linked | cited | named
    source_id: str | None
    claims: list[dict]
    min_match: float  # a linked page is kept whatever its text (0)
    why: dict[int, str] = field(default_factory=dict)  # linked, cited: claim id → the reason shown
    named_as: str | None = None  # named: the reason is written once the page's text says which claim it matches


@dataclass
class _Fetch:
    url: str
    when: str | None  # the date to ask the Wayback Machine for
    purposes: list[_Purpose]


def _claim_dates(claims: list[dict]) -> list[str]:
    return [d["value"] for c in claims for d in (c.get("dates") or []) if d.get("value")]


def document_json(document: dict, reasons: list[dict] | None = None) -> dict:
    """A kept document, as `scrape --json` prints it: the contract's keys first, then ours, among them how it
    was found (`found`: linked, cited or named; `from_link`), for which claims, and why (`why`)."""
    out = {"url": document["snapshot_url"], "final_url": document["final_url"], "status": document["status"],
           "title": document["title"], "published": document["published"], "sha256": document["sha256"],
           "via": document["via"], "source_id": document["source_id"], "score": document["score"],
           "standin": bool(document["standin"])}
    if reasons:
        found = min((r["found"] for r in reasons), key=FOUND_KINDS.index)
        out.update({"found": found, "from_link": any(r["found"] == "linked" for r in reasons),
                    "claim_ids": sorted({r["claim_id"] for r in reasons if r["claim_id"] is not None}),
                    "why": "; ".join(dict.fromkeys(r["reason"] for r in reasons))})
    return out


def keep_document(db, snapshot: dict, claim_texts: list[str], min_match: float, article_id: int,
                  source_id: str | None) -> tuple[int | None, float, extract.Document]:
    """Extract a snapshot; store it for the article when its text matches one of the claims (any text when
    no claim is given)."""
    body = sources_store.snapshot_body(db, snapshot["sha256"]) or b""
    document = extract.extract(body, snapshot["url"])
    described = (document.title or "") + "\n" + document.text
    score = max((discover.match_score(text, described, document.language) for text in claim_texts), default=1.0)
    if score < min_match:
        return None, score, document
    document_id = sources_store.save_document(db, snapshot["id"], document.as_dict(), document.passage_rows(),
                                              article_id, source_id, round(score, 4))
    return document_id, score, document


# ---------------------------------------------------------------------------------------------------
# 1. Citations, and provisional sources for the sites the registry does not know
# ---------------------------------------------------------------------------------------------------

def kind_for_host(host: str) -> str:
    """The kind a provisional source starts with, from its host's ending (a reviewer may change it)."""
    host = host.lower().split(":")[0]
    if host.endswith(GOVERNMENT_ENDINGS) or ".gov." in host or ".gouv." in host:
        return "government"
    if host.endswith(ORGANISATION_ENDINGS):
        return "organisation"
    return "news"


def entry_id(host: str) -> str:
    """A provisional source's id: its host without "www.", written as registry ids are (lower-case letters,
    digits, dashes: "institut-example-org"); the port is kept, since two local servers are two sites."""
    return NOT_IN_IDS.sub("-", host.lower().removeprefix("www.")).strip("-")[:MAX_ID_CHARS]


def _stale(entry: dict | None, days: int) -> bool:
    if not entry or not entry.get("discovered_at"):
        return True
    try:
        when = datetime.fromisoformat(entry["discovered_at"])
    except ValueError:
        return True
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc) - when > timedelta(days=days)


def _in_parallel(work: Callable, items: list) -> list:
    with ThreadPoolExecutor(max_workers=max(1, min(PARALLEL_SITES, len(items)))) as pool:
        return list(pool.map(work, items))


def _provisional_sources(db, article_id: int, registry: Registry, fetcher: Fetcher, records: list[dict],
                         progress: Callable[[str], None]) -> Registry:
    """Give every linked or domain-cited site the registry does not know a provisional entry (named from its
    home page, with the sitemaps of its robots.txt and the feeds of its home page), and give its records that
    id. Returns the registry with the new entries."""
    wanted: dict[str, dict] = {}
    for record in records:
        if record["source_id"] is None:
            known = registry.get(entry_id(record["host"])) or registry.for_host(record["host"])
            if known is not None:
                record["source_id"] = known.id
            else:
                wanted.setdefault(entry_id(record["host"]), record)
    for record in records:
        if record["source_id"] is None:
            record["source_id"] = entry_id(record["host"])
    if not wanted:
        return registry

    def look(item: tuple[str, dict]) -> tuple[str, dict, discover.Entrances]:
        _id, record = item
        home = discover.site_of_url(record["url"]) if record.get("url") else \
            discover.home_page(Source(id=_id, name=_id, domains=(record["host"],)))
        return _id, record, discover.site_entrances(fetcher, home)

    for new_id, record, found in _in_parallel(look, list(wanted.items())):
        how = (f"linked from article {article_id}: {record['url']}" if record.get("url")
               else f"cited by its address in article {article_id} ({record['cue']})")
        claims_store.save_registry_entry(db, {
            "id": new_id, "name": found.name or new_id, "kind": kind_for_host(record["host"]),
            "status": "provisional", "aliases": [], "domains": [record["host"]], "feeds": found.feeds,
            "sitemaps": found.sitemaps, "note": "; ".join([how, *found.notes]), "discovered_at": now()})
        progress(f"new provisional source {new_id} ({found.name or 'no name found'}): {len(found.sitemaps)} "
                 f"sitemaps from robots.txt, {len(found.feeds)} feeds from the home page")
    return registry.with_entries(claims_store.registry_entries(db))


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

def _cited_targets(citations: list[dict], claims: list[dict], registry: Registry,
                   errors: list[dict]) -> dict[str, _Target]:
    """The sources to search for the claims that cite them without linking to the page itself."""
    by_claim = {c["id"]: c for c in claims}
    linked_pairs = {(c["claim_id"], c["source_id"]) for c in citations if c["cue"] == "link"}
    cited: dict[str, _Target] = {}
    for citation in citations:
        if citation["cue"] == "link" or (citation["claim_id"], citation["source_id"]) in linked_pairs:
            continue  # the claim links to the page itself
        target = discover.search_target(registry, citation["source_id"])
        if target is None:
            source = registry.get(citation["source_id"])
            reason = N_("%(name)s is a person with no affiliated source to search",
                        name=source.name if source else citation["source_id"])
            errors.append({"url": f"registry:{citation['source_id']}", "reason": reason})
            continue
        entry = cited.setdefault(target.id, _Target(target.id))
        if citation["claim_id"] not in entry.cues:
            entry.claims.append(by_claim[citation["claim_id"]])
            entry.cues[citation["claim_id"]] = citation["cue"]
    return cited


def uncited_claims(claims: list[dict], citations: list[dict]) -> list[dict]:
    """The check-worthy claims that cite no source we can search: no citation (a claim attributed to someone
    the registry does not know, "Jens Stoltenberg", has none either)."""
    citing = {c["claim_id"] for c in citations}
    return [c for c in claims if c.get("checkworthy") and c["id"] not in citing]


def _named_targets(text: str, uncited: list[dict], registry: Registry) -> dict[str, _Target]:
    """The sources the article names anywhere (a person: the source they are affiliated with), each to search
    for the claims nobody cites."""
    if not uncited:
        return {}
    named: dict[str, _Target] = {}
    for target, source, written in discover.named_sources(text, registry):
        shown = source.name if source is target else N_("%(source)s (searched on %(target)s)", source=source.name,
                                                         target=target.name)
        if discover.differs(written, source.name):
            shown = N_("%(name)s (“%(written)s”)", name=shown, written=written)
        named[target.id] = _Target(target.id, list(uncited), named_as=shown)
    return named


def claim_topic(claim: dict, claims: list[dict], leave_out: set[str] = frozenset()) -> str:
    """What a claim is about, in a few words: the name it holds that the article's other claims hold least
    (a place, a body, a person: "Pologne"), else its first words."""
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


def _window_around(window: tuple[date, date] | None, other: tuple[date, date] | None) -> tuple[date, date] | None:
    """The smallest window holding both (None, no window, wins: it keeps everything)."""
    if window is None or other is None:
        return None
    return min(window[0], other[0]), max(window[1], other[1])


def _entrances(db, registry: Registry, fetcher: Fetcher, source_ids: list[str], days: int,
               progress: Callable[[str], None]) -> Registry:
    """Sources to search that list no feed and no sitemap get them from their robots.txt and home page, kept
    for `days` days in the registry entries (so later runs read them without asking again)."""
    wanted = []
    for source_id in dict.fromkeys(source_ids):
        source = registry.get(source_id)
        if source is None or source.feeds or source.sitemaps or not source.domains:
            continue
        if _stale(claims_store.registry_entry(db, source.id), days):
            wanted.append(source)
    if not wanted:
        return registry
    looked = _in_parallel(lambda source: (source, discover.site_entrances(fetcher, discover.home_page(source))),
                          wanted)
    for source, found in looked:
        entry = {"id": source.id, "feeds": found.feeds, "sitemaps": found.sitemaps, "discovered_at": now()}
        if claims_store.registry_entry(db, source.id) is None:
            entry.update({"name": source.name, "kind": source.kind, "status": "registry",
                          "note": "feeds and sitemaps found at run time"})
        claims_store.save_registry_entry(db, entry)
        progress(f"{source.id}: {len(found.sitemaps)} sitemaps from robots.txt, {len(found.feeds)} feeds from the "
                 "home page" + "".join(f"; {note}" for note in found.notes))
    return registry.with_entries(claims_store.registry_entries(db))


def _gather_all(fetcher: Fetcher, registry: Registry, windows: dict[str, tuple[date, date] | None],
                options: Options, progress: Callable[[str], None]) -> dict[str, discover.Discovery]:
    """Each source's entries inside its window (sites in parallel), unranked."""
    def find(source_id: str) -> tuple[str, discover.Discovery]:
        found = discover.gather(fetcher, registry, registry.get(source_id), windows[source_id],
                                options.max_sitemaps, options.cdx_limit)
        progress(f"{source_id}: {len(found.entries)} entries in the window, {len(found.errors)} errors")
        return source_id, found

    return dict(_in_parallel(find, list(windows)))


def _when(window, candidate: discover.Candidate) -> str | None:
    if candidate.published:
        return candidate.published
    return (window[0] + (window[1] - window[0]) / 2).isoformat() if window else None


def _host(url: str) -> str:
    return (urlsplit(url).netloc or "").lower()


class _Plan:
    """The pages to fetch, in order, each with every purpose it serves."""

    def __init__(self):
        self.fetches: dict[str, _Fetch] = {}
        self.named_per_host: dict[str, int] = {}
        self.named_pages = 0

    def add(self, url: str, when: str | None, purpose: _Purpose) -> None:
        if url in self.fetches:
            self.fetches[url].purposes.append(purpose)
        else:
            self.fetches[url] = _Fetch(url, when, [purpose])

    def add_named(self, url: str, when: str | None, purpose: _Purpose, options: Options) -> bool:
        """A named source's page: free when the page is fetched anyway, else within the caps."""
        if url in self.fetches:
            self.fetches[url].purposes.append(purpose)
            return True
        host = _host(url)
        if self.named_pages >= options.named_max_pages or \
                self.named_per_host.get(host, 0) >= options.named_max_per_host:
            return False
        self.named_pages += 1
        self.named_per_host[host] = self.named_per_host.get(host, 0) + 1
        self.add(url, when, purpose)
        return True


def _plan_cited(plan: _Plan, target: _Target, found: discover.Discovery, window, registry: Registry,
                options: Options, named: _Target | None) -> None:
    texts = [discover.claim_text_for_matching(c["text"], registry) for c in target.claims]
    ranked = discover.rank([e for e in found.entries if discover.in_window(e.published, window)], texts)
    name = registry.get(target.source_id).name
    why = {c["id"]: N_("cited by claim %(claim)s (%(cue)s)", claim=str(c["id"]), cue=target.cues.get(c["id"], name))
           for c in target.claims}
    for candidate in ranked[:options.top_n]:
        plan.add(candidate.url, _when(window, candidate),
                 _Purpose("cited", target.source_id, target.claims, options.min_match, why))
        if named is not None:  # the page may speak to a claim nobody cites as well
            plan.add(candidate.url, None, _named_purpose(named, options))


def _named_purpose(target: _Target, options: Options) -> _Purpose:
    return _Purpose("named", target.source_id, target.claims, options.named_min_match, named_as=target.named_as)


def _plan_named(plan: _Plan, named: list[tuple[_Target, discover.Discovery, tuple | None]],
                registry: Registry, options: Options, progress: Callable[[str], None]) -> None:
    """The named sources' best candidates for the uncited claims, all sources together, best first, within
    the per-article and per-host caps."""
    pool = []
    for target, found, window in named:
        texts = [discover.claim_text_for_matching(c["text"], registry) for c in target.claims]
        ranked = discover.rank([e for e in found.entries if discover.in_window(e.published, window)], texts)
        pool += [(candidate, target, window) for candidate in ranked if candidate.score >= options.named_min_rank]
    pool.sort(key=lambda item: (-item[0].score, item[0].url))
    left_out = 0
    for candidate, target, window in pool:
        if not plan.add_named(candidate.url, _when(window, candidate), _named_purpose(target, options), options):
            left_out += 1
    if left_out:
        progress(f"{left_out} pages of named sources left out (at most {options.named_max_pages} per article, "
                 f"{options.named_max_per_host} per host)")


# ---------------------------------------------------------------------------------------------------
# 2 and 5. Fetch, archive, keep, and say why
# ---------------------------------------------------------------------------------------------------

@dataclass
class _Page:
    """A fetched page as the purposes judge it: its plain match with each claim, and the claim nobody cites
    it speaks to most (`ClaimMatcher`, which weighs the words the other claims say less)."""
    scores: dict[int, float]
    named_claim: dict | None
    named_share: float


def _reasons(purpose: _Purpose, page: _Page, claims: list[dict], registry: Registry) -> dict[int, str]:
    """Claim id → why the page is kept for it, under this purpose (nothing: this purpose does not keep it)."""
    if purpose.found == "linked":
        return purpose.why
    if purpose.found == "cited":
        best = max((page.scores[c["id"]] for c in purpose.claims), default=0.0)
        return purpose.why if best >= purpose.min_match else {}
    claim = page.named_claim
    if claim is None or page.named_share < purpose.min_match:
        return {}
    # What the claim is about, not who speaks in it: the registry's sources are left out of the topic.
    speakers = [registry.get(purpose.source_id)] + [found for found, _s, _e in registry.mentions(claim["text"])]
    leave_out = {name.lower() for source in speakers if source for name in source.names}
    return {claim["id"]: N_("named in the article: %(source)s; matches the claim on %(topic)s (claim %(claim)s)",
                            source=purpose.named_as, topic=claim_topic(claim, claims, leave_out),
                            claim=str(claim["id"]))}


def _judge(fetch: _Fetch, document: extract.Document, texts: dict[int, str],
           named: tuple[list[dict], discover.ClaimMatcher] | None) -> _Page:
    described = (document.title or "") + "\n" + document.text
    scores: dict[int, float] = {}
    for purpose in fetch.purposes:
        for claim in purpose.claims:
            if claim["id"] not in scores:
                scores[claim["id"]] = discover.match_score(texts[claim["id"]], described, document.language)
    if named is None or not any(p.found == "named" for p in fetch.purposes):
        return _Page(scores, None, 0.0)
    uncited, matcher = named
    index, share = matcher.best(discover.bag_of(described, document.language))
    return _Page(scores, uncited[index] if index is not None else None, share)


def _keep_fetched(db, article_id: int, snapshot: dict, fetch: _Fetch, registry: Registry, claims: list[dict],
                  texts: dict[int, str], named) -> tuple[int | None, float]:
    """Extract a fetched page; store it for the article with its reasons when a purpose keeps it (one
    transaction). Returns (document id or None, the best match of its text with the claims it was fetched for)."""
    body = sources_store.snapshot_body(db, snapshot["sha256"]) or b""
    document = extract.extract(body, snapshot["url"])
    page = _judge(fetch, document, texts, named)
    reasons = []
    for purpose in fetch.purposes:
        for claim_id, reason in _reasons(purpose, page, claims, registry).items():
            reasons.append({"claim_id": claim_id, "found": purpose.found, "source_id": purpose.source_id,
                            "reason": reason})
    best = max(page.scores.values(), default=0.0)
    if not reasons:
        return None, max(best, page.named_share)
    source_id = next((p.source_id for p in fetch.purposes if p.source_id), None)
    document_id = sources_store.save_document(db, snapshot["id"], document.as_dict(), document.passage_rows(),
                                              article_id, source_id, round(best, 4), reasons)
    return document_id, best


def _fetch_and_keep(db, article_id: int, fetches: list[_Fetch], registry: Registry, fetcher: Fetcher,
                    claims: list[dict], progress: Callable[[str], None], errors: list[dict],
                    named: tuple[list[dict], discover.ClaimMatcher] | None = None) -> list[int]:
    requests = [Request(f.url, *archive.validators(sources_store.latest_snapshot(db, f.url, "live"))) for f in fetches]
    results = fetcher.get_many(requests, on_done=lambda url, r: progress(
        f"fetched {url}" if not isinstance(r, FetchError) else f"failed {url}: {r.reason}"))
    texts = {c["id"]: discover.claim_text_for_matching(c["text"], registry) for c in claims}
    kept: list[int] = []
    for fetch, result in zip(fetches, results):
        source_id = next((p.source_id for p in fetch.purposes if p.source_id), None)
        settled = archive.settle(db, fetcher, registry.wayback.get("available"), fetch.url, result, fetch.when)
        if settled.snapshot is None:
            sources_store.record_attempt(db, fetch.url, "failed", settled.reason, article_id, source_id)
            errors.append({"url": fetch.url, "reason": settled.reason})
            continue
        document_id, best = _keep_fetched(db, article_id, settled.snapshot, fetch, registry, claims, texts, named)
        if document_id is None:
            least = min(p.min_match for p in fetch.purposes)
            reason = N_("fetched, but its text does not match the claim (match %(match)s < %(least)s)",
                        match=Number(best, ".2f"), least=Number(least, "g"))
            sources_store.record_attempt(db, fetch.url, "rejected", reason, article_id, source_id,
                                         settled.snapshot["id"])
            errors.append({"url": fetch.url, "reason": reason})
            continue
        sources_store.record_attempt(db, fetch.url, settled.outcome, settled.reason, article_id, source_id,
                                     settled.snapshot["id"])
        kept.append(document_id)
    return kept


def _link_date(article: dict, claim: dict) -> str | None:
    """The date to ask the Wayback Machine for a linked page: the claim's first date, else the article's."""
    dates = _claim_dates([claim])
    return dates[0] if dates else article.get("published")


def _plan_links(citations: list[dict], claims: list[dict], article: dict) -> _Plan:
    by_claim = {c["id"]: c for c in claims}
    plan = _Plan()
    for citation in (c for c in citations if c["cue"] == "link"):
        claim = by_claim[citation["claim_id"]]
        reason = N_("linked from claim %(claim)s: “%(anchor)s”", claim=str(claim["id"]),
                    anchor=citation.get("anchor") or citation["url"])
        plan.add(citation["url"], _link_date(article, claim),
                 _Purpose("linked", citation["source_id"], [claim], 0.0, {claim["id"]: reason}))
    return plan


def scrape(db, article_id: int, registry: Registry, fetcher: Fetcher, options: Options,
           progress: Callable[[str], None] = lambda message: None) -> dict:
    """Run the whole step for one article and return the `scrape --json` document. `registry` is the file's;
    what the database adds to it (provisional sources, reviewers' changes, entrances found) is read here."""
    article = claims_store.get_article(db, article_id)
    if article is None:
        raise LookupError(f"no article with id {article_id}")
    registry = registry.with_entries(claims_store.registry_entries(db))
    claims = claims_store.claims_of_article(db, article_id)
    citations, registry = _citations(db, article, claims, registry, fetcher, progress)
    sources_store.save_citations(db, article_id, citations)
    progress(f"{len(citations)} citations in {len(claims)} claims "
             f"({sum(1 for c in citations if c['cue'] == 'link')} links)")
    errors: list[dict] = []

    # Linked pages first: the article points at them, so they are kept whatever their text says.
    linked = _plan_links(citations, claims, article)
    documents = _fetch_and_keep(db, article_id, list(linked.fetches.values()), registry, fetcher, claims,
                                progress, errors)

    cited = _cited_targets(citations, claims, registry, errors)
    uncited = uncited_claims(claims, citations)
    named = _named_targets(article["text"], uncited, registry)
    if named:
        progress(f"{len(uncited)} check-worthy claims cite nobody; searching the {len(named)} sources the article "
                 f"names: {', '.join(named)}")
    registry = _entrances(db, registry, fetcher, [*cited, *named], options.entrances_days, progress)
    around_article = discover.date_window(article.get("published"), [], options.days_before, options.days_after)
    windows = {source_id: discover.date_window(article.get("published"), _claim_dates(target.claims),
                                               options.days_before, options.days_after)
               for source_id, target in cited.items()}
    for source_id in named:
        windows[source_id] = _window_around(windows[source_id], around_article) if source_id in windows \
            else around_article
    discovered = _gather_all(fetcher, registry, windows, options, progress)
    for found in discovered.values():
        errors += found.errors

    plan = _Plan()
    for source_id, target in cited.items():
        window = discover.date_window(article.get("published"), _claim_dates(target.claims), options.days_before,
                                      options.days_after)
        _plan_cited(plan, target, discovered[source_id], window, registry, options, named.get(source_id))
    _plan_named(plan, [(target, discovered[source_id], around_article) for source_id, target in named.items()],
                registry, options, progress)
    fetches = [fetch for url, fetch in plan.fetches.items() if url not in linked.fetches]
    matcher = (uncited, discover.ClaimMatcher([discover.claim_text_for_matching(c["text"], registry)
                                               for c in uncited])) if named else None
    documents += _fetch_and_keep(db, article_id, fetches, registry, fetcher, claims, progress, errors, matcher)

    fetched = set(linked.fetches) | set(plan.fetches)
    for error in errors:
        if error["url"].startswith("registry:") or error["url"] not in fetched:
            sources_store.record_attempt(db, error["url"], "failed", error["reason"], article_id)
    reasons = sources_store.document_reasons(db, article_id)
    kept = [d for d in sources_store.documents_of_article(db, article_id) if d["id"] in set(documents)]
    return {"citations": sources_store.citations_of_article(db, article_id),
            "documents": [document_json(d, [r for r in reasons if r["document_id"] == d["id"]]) for d in kept],
            "errors": errors}


def fetch_one(db, article_id: int | None, url: str, registry: Registry, fetcher: Fetcher, when: str | None,
              claims: list[dict] | None = None, min_match: float = 0.0) -> dict:
    """`flask fetch`: one URL by hand as a source of an article; the same JSON shape as scrape."""
    registry = registry.with_entries(claims_store.registry_entries(db))
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
