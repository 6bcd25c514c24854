"""Citations and discovery: which sources each claim cites, and which of their pages may hold the report.

`find_citations(claims, registry)` reads the claims (plain dicts from the store) and returns
`{"claim_id", "source_id", "cue"}` records; `link_citations` adds the article's links (cue "link", the
strongest: the address of the report itself) and `domain_citations` the sources cited by a domain name
("selon lesjours.fr"). `named_sources` lists the registry sources the article names anywhere, cited or not
(issue 15: searched for the claims nobody cites). `site_entrances` finds a site's feeds and sitemaps at run
time: the `Sitemap:` lines of its robots.txt and its home page's `<link rel="alternate">`. `discover(...)`
reads a source's feeds and sitemaps (and the Wayback capture index when they do not reach back), keeps
entries inside the claim's date window and returns them ranked by how well they match the claims across
languages. Network goes through a `fetch.Fetcher`; nothing here touches the database.
"""
from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from checker.claims import entities, links
from checker.claims.registry import Registry, Source, name_key
from checker.config import Config
from checker.sources.extract import normalise_date
from checker.sources.http import Fetcher, FetchError
from checker.text import crosslingual, language

# A sentence cites someone when a reporting cue sits in it.
REPORTING_CUE = re.compile(
    r"\b(a|ont|avait|aurait)\s+(rapporté|déclaré|dit|précisé|affirmé|annoncé|indiqué|confirmé|assuré|révélé)"
    r"|\bselon\b|\bd[’']après\b|\baffirme\b|\bdéclare\b|\bestime\b"
    r"|\b(said|says|reported|told|stated|announced|according to)\b", re.I)
# "selon le rapport", "d'après le journal": the report named earlier in the article.
BACK_REFERENCE = re.compile(
    r"\b(selon|d[’']après)\s+(le|ce|ledit|cet)\s+(rapport|journal|quotidien|article|média)\b"
    r"|\baccording to the (report|paper|newspaper)\b|\bthe (report|paper) (said|says)\b", re.I)
# A source the writer failed to reach is not a source of the claim.
NOT_REACHED = re.compile(r"(n[’']a|n[’']ont)\s+pas\s+pu\s+joindre|could not (immediately )?reach|"
                         r"did not (immediately )?respond|n[’']a pas répondu", re.I)
NOT_REACHED_SPAN = 60  # characters around a "could not reach" phrase
CUE_BEFORE = 90  # characters a speaker may stand before its verb cue (titles are long)
CUE_AFTER = 30  # characters between "selon" and the name it introduces
# A source cited by its address: "selon lesjours.fr", "according to Semafor.com".
# A site's address written in a sentence: labels and a top-level domain of letters, not inside a longer
# address or an e-mail ("lesjours.fr", "Semafor.com", "www.insee.fr").
DOMAIN_IN_TEXT = re.compile(
    r"(?<![\w@/.-])((?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})(?![\w/@-]|\.\w)", re.I)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")
SITE_NAME_MAX_CHARS = 80
UNDATED_RANK = 0.8  # an undated entry may lie outside the window: its rank counts this much
NAME_RANK = 2.0  # a name in the claim ("Pologne") says more about which page speaks of it than a common word


@dataclass
class Candidate:
    url: str
    source_id: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD when known
    origin: str = "feed"  # feed | sitemap | cdx
    summary: str | None = None
    score: float = 0.0
    matched: int | None = None  # which of the claims ranked against it matches best (its index)


@dataclass
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"url", "reason"}
    entries: list[Candidate] = field(default_factory=list)  # every entry read, before the window and ranking


@dataclass
class Entrances:
    """Where a site lists its pages, found at run time."""
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    name: str | None = None  # the site's own name (og:site_name, else the home page's title)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------------------------------

def _not_reached_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start() - NOT_REACHED_SPAN, m.end() + NOT_REACHED_SPAN) for m in NOT_REACHED.finditer(text)]


def find_citations(claims: list[dict], registry: Registry) -> list[dict]:
    """For each claim, the registry sources it cites and the cue that says so (one record per pair)."""
    found: list[dict] = []
    last_report: str | None = None  # the last news source cited, for "selon le rapport"
    for claim in claims:
        text = claim["text"]
        cited: dict[str, str] = {}
        attribution = claim.get("attribution") or {}
        if attribution.get("source_id") and registry.get(attribution["source_id"]):
            cited[attribution["source_id"]] = attribution.get("cue") or attribution.get("source") or "attributed"
        cues = list(REPORTING_CUE.finditer(text))
        blocked = _not_reached_spans(text)
        for source, start, end in registry.mentions(text):
            if source.id in cited or any(lo <= start <= hi or lo <= end <= hi for lo, hi in blocked):
                continue
            # The speaker stands just before a verb cue ("l'OTAN a déclaré") or just after "selon".
            cue = next((c for c in cues if c.start() - CUE_BEFORE <= start and end <= c.end() + CUE_AFTER), None)
            if cue is not None:
                cited[source.id] = f"{cue.group(0).strip()} … {text[start:end]}"
        back = BACK_REFERENCE.search(text)
        if back and last_report and last_report not in cited:
            cited[last_report] = back.group(0)
        for source_id, cue_text in cited.items():
            found.append({"claim_id": claim["id"], "source_id": source_id, "cue": cue_text})
            source = registry.get(source_id)
            if source is not None and source.kind == "news":
                last_report = source_id
    return found


def link_citations(claims: list[dict], article_links: list[dict], text: str, registry: Registry) -> list[dict]:
    """The article's links that cite a claim (checker.claims.links): {"claim_id", "source_id" (None for a
    site the registry does not know), "cue": "link", "url", "anchor", "host"}, in the page's order."""
    found = []
    for link in article_links:
        if link["kind"] != "citation":
            continue
        claim = links.claim_of(link, claims, text)
        if claim is None:
            continue
        source = registry.for_url(link["url"])
        found.append({"claim_id": claim["id"], "source_id": source.id if source else None, "cue": "link",
                      "url": link["url"], "anchor": link["anchor"], "host": urlsplit(link["url"]).netloc.lower()})
    return found


def domain_citations(claims: list[dict], registry: Registry) -> list[dict]:
    """Sources cited by their address next to a reporting cue ("selon lesjours.fr", "according to
    Semafor.com"): {"claim_id", "source_id" (None for a site the registry does not know), "cue", "host"}."""
    found = []
    for claim in claims:
        text = claim["text"]
        cues = list(REPORTING_CUE.finditer(text))
        for match in DOMAIN_IN_TEXT.finditer(text):
            start, end = match.span(1)
            cue = next((c for c in cues if c.start() - CUE_BEFORE <= start and end <= c.end() + CUE_AFTER), None)
            if cue is None:
                continue
            host = match.group(1).lower()
            source = registry.for_host(host)
            found.append({"claim_id": claim["id"], "source_id": source.id if source else None,
                          "cue": f"{cue.group(0).strip()} … {match.group(1)}", "host": host})
    return found


def named_sources(text: str, registry: Registry) -> list[tuple[Source, Source, str]]:
    """(source searched, source named, the name as written) for every registry source the text names anywhere,
    headlines and asides included, first mention first; a person is searched on the source they are affiliated
    with, and a source is listed once, at its first mention."""
    found: dict[str, tuple[Source, Source, str]] = {}
    for source, start, end in registry.mentions(text):
        target = search_target(registry, source.id)
        if target is not None:
            found.setdefault(target.id, (target, source, text[start:end]))
    return list(found.values())


def differs(written: str, name: str) -> bool:
    """Whether a name as written in the article is worth showing beside the registry's ("le Pentagone" beside
    "U.S. Department of Defense"; not "NATO" beside "NATO")."""
    return name_key(written) != name_key(name)


def search_target(registry: Registry, source_id: str) -> Source | None:
    """Where a source's statements are looked for: itself, or for a person the affiliated source."""
    source = registry.get(source_id)
    if source is None:
        return None
    if source.kind == "person":
        return registry.affiliation_of(source)
    return source


# ---------------------------------------------------------------------------------------------------
# Date window
# ---------------------------------------------------------------------------------------------------

def _span(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day, day
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = map(int, value.split("-"))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None
    return None


def date_window(article_published: str | None, claim_dates: list[str], days_before: int,
                days_after: int) -> tuple[date, date] | None:
    """The dates a cited report may carry: around the claim's dates, else the article's date."""
    spans = [s for s in map(_span, claim_dates) if s] or [s for s in [_span(article_published)] if s]
    if not spans:
        return None
    return (min(s[0] for s in spans) - timedelta(days=days_before),
            max(s[1] for s in spans) + timedelta(days=days_after))


def in_window(published: str | None, window: tuple[date, date] | None) -> bool:
    """Entries without a date are kept (we cannot tell); dated ones must fall in the window."""
    if window is None or not published:
        return True
    span = _span(published[:10])
    return span is None or window[0] <= span[0] <= window[1]


# ---------------------------------------------------------------------------------------------------
# Feeds and sitemaps (pure parsers)
# ---------------------------------------------------------------------------------------------------

def _xml(body: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return None


def _child_text(element, *names: str) -> str | None:
    for name in names:
        for child in element.iter():
            if isinstance(child.tag, str) and etree.QName(child).localname == name and (child.text or "").strip():
                return child.text.strip()
    return None


def parse_feed(body: bytes, source_id: str) -> list[Candidate]:
    """Entries of an RSS 2.0 or Atom feed."""
    root = _xml(body)
    if root is None:
        return []
    entries = []
    for item in root.iter():
        if not isinstance(item.tag, str) or etree.QName(item).localname not in {"item", "entry"}:
            continue
        link = None
        for child in item:
            if isinstance(child.tag, str) and etree.QName(child).localname == "link":
                link = child.get("href") if child.get("href") and child.get("rel", "alternate") == "alternate" \
                    else (child.text or "").strip() or link
        if not link:
            continue
        entries.append(Candidate(
            url=link, source_id=source_id, title=_child_text(item, "title"),
            published=normalise_date(_child_text(item, "pubDate", "published", "updated", "date")),
            origin="feed", summary=_child_text(item, "description", "summary")))
    return entries


def parse_sitemap(body: bytes, source_id: str) -> tuple[list[Candidate], list[tuple[str, str | None]]]:
    """(page entries, child sitemaps with their lastmod). News sitemaps give a date and a title."""
    root = _xml(body)
    if root is None:
        return [], []
    kind = etree.QName(root).localname
    pages, children = [], []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        loc = _child_text(element, "loc")
        if not loc:
            continue
        if kind == "sitemapindex":
            children.append((loc, normalise_date(_child_text(element, "lastmod"))))
        else:
            pages.append(Candidate(
                url=loc, source_id=source_id, title=_child_text(element, "title"),
                published=normalise_date(_child_text(element, "publication_date", "lastmod")), origin="sitemap"))
    return pages, children


def parse_cdx(body: bytes, source_id: str) -> list[Candidate]:
    """Rows of the Wayback capture index in JSON output: a header row, then one row per capture."""
    try:
        rows = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return []
    if not isinstance(rows, list) or len(rows) < 2:
        return []
    header = rows[0]
    found = []
    for row in rows[1:]:
        record = dict(zip(header, row))
        stamp = str(record.get("timestamp", ""))
        published = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}" if len(stamp) >= 8 else None
        if record.get("original"):
            found.append(Candidate(url=record["original"], source_id=source_id, published=published, origin="cdx"))
    return found


# ---------------------------------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------------------------------

def _slug_words(url: str) -> str:
    path = urlsplit(url).path
    return " ".join(w for w in re.split(r"[/\-_.]+", path) if w and not w.isdigit() and w not in {"html", "htm"})


def claim_text_for_matching(claim_text: str, registry: Registry) -> str:
    """The claim without the names of its sources (a report rarely names itself)."""
    pieces, last = [], 0
    for _source, start, end in registry.mentions(claim_text):
        pieces.append(claim_text[last:start])
        last = end
    pieces.append(claim_text[last:])
    return " ".join(pieces)


def _keyer() -> crosslingual.Keyer:
    return crosslingual.shared_keyer(Config.LINK_DICTD_DIR, Config.CACHE_DIR, str(entities.GAZETTEER_PATH),
                                     Config.LINK_APERTIUM_DIR)


def match_score(claim_text: str, text: str, text_language: str | None = None) -> float:
    """The share of the claim's words a page (or its title and summary) says too, in either language, through
    the evidence stage's general keys (FreeDict, Apertium, lemmas, cognates, names, numbers)."""
    return crosslingual.match_score(claim_text, text, _keyer(), language.detect(claim_text).code or "fr",
                                    text_language or language.detect(text).code or "en")


def _described(candidate: Candidate) -> str:
    return " ".join(filter(None, [candidate.title, candidate.summary, _slug_words(candidate.url)]))


def bag_of(text: str, text_language: str | None = None) -> dict[str, str]:
    """A text's cross-language keys, for `ClaimMatcher`."""
    return _keyer().keys(text, text_language or language.detect(text).code or "en").bag if text else {}


class ClaimMatcher:
    """Which of several claims a text (a title, a page) speaks to. Each claim is keyed once; a key counts by
    how few of the claims and of the other texts compared hold it (a word every claim of the article says,
    "Russie", or every title of a site, "News", tells them apart less than "Pologne"), a name written with a
    capital twice."""

    def __init__(self, claim_texts: list[str], other_bags: list[dict] = ()):
        keyer = _keyer()
        keyed = [keyer.keys(text, language.detect(text).code or "fr").groups for text in claim_texts]
        held = Counter(key for bag in other_bags for key in bag)
        held.update(key for groups in keyed for key in {k for group in groups for k, _kind in group.keys})
        rarity = crosslingual.Rarity(held, len(other_bags) + len(keyed))
        self.claims = []
        for groups in keyed:
            keys = [group.keys for group in groups]
            boosts = [NAME_RANK if group.name else 1.0 for group in groups]
            weighted = [tuple((key, value * boost) for key, value in row)
                        for row, boost in zip(crosslingual.weighted(keys, rarity), boosts)]
            self.claims.append((weighted, [crosslingual.group_weight(group, rarity) * boost
                                           for group, boost in zip(keys, boosts)]))

    def scores(self, bag: dict) -> list[float]:
        """Each claim's weighted share of its keys the text (its bag of keys) holds."""
        return [crosslingual.covered(weighted, weights, bag) for weighted, weights in self.claims]

    def best(self, bag: dict) -> tuple[int | None, float]:
        """(index of the claim the text speaks to most, its share); (None, 0) when it speaks to none."""
        scores = self.scores(bag)
        best = max(scores, default=0.0)
        return (scores.index(best), best) if best > 0 else (None, 0.0)


def rank(candidates: list[Candidate], claim_texts: list[str]) -> list[Candidate]:
    """Best first: each candidate's best match with any of the claims (`matched` says which): its title,
    summary and address words against the claims' cross-language keys, weighted by `ClaimMatcher` over the
    claims and the candidates; undated entries count a little less. Each claim and candidate is keyed once."""
    if not candidates:
        return []
    bags = [bag_of(_described(candidate)) for candidate in candidates]
    matcher = ClaimMatcher(claim_texts, bags)
    for candidate, bag in zip(candidates, bags):
        candidate.matched, best = matcher.best(bag)
        candidate.score = round(best * (1.0 if candidate.published else UNDATED_RANK), 4)
    return sorted(candidates, key=lambda c: (-c.score, c.url))


# ---------------------------------------------------------------------------------------------------
# Discovery (network through the fetcher)
# ---------------------------------------------------------------------------------------------------

def _read(fetcher: Fetcher, url: str, errors: list[dict], what: str) -> bytes | None:
    try:
        response = fetcher.get(url)
    except FetchError as error:
        errors.append({"url": url, "reason": f"{what}: {error.reason}"})
        return None
    if response.status >= 400:
        errors.append({"url": url, "reason": f"{what}: the server answered {response.status}"})
        return None
    return response.body


def _sitemap_entries(fetcher: Fetcher, url: str, source_id: str, window, errors: list[dict],
                     max_children: int, depth: int = 0) -> list[Candidate]:
    body = _read(fetcher, url, errors, "sitemap")
    if body is None:
        return []
    pages, children = parse_sitemap(body, source_id)
    if depth < 2:
        # A child sitemap last changed before the window began cannot list a page from the window.
        wanted = [loc for loc, lastmod in children if window is None or not lastmod or _span(lastmod[:10]) is None
                  or _span(lastmod[:10])[0] >= window[0]]
        for loc in wanted[:max_children]:
            pages += _sitemap_entries(fetcher, loc, source_id, window, errors, max_children, depth + 1)
    return pages


def _cdx_entries(fetcher: Fetcher, cdx_url: str, source: Source, window, limit: int,
                 errors: list[dict]) -> list[Candidate]:
    found = []
    for domain in source.domains:
        params = {"url": f"{domain}/*", "output": "json", "collapse": "urlkey", "limit": str(limit),
                  "filter": "statuscode:200"}
        if window:
            params["from"], params["to"] = window[0].strftime("%Y%m%d"), window[1].strftime("%Y%m%d")
        body = _read(fetcher, f"{cdx_url}?{urlencode(params)}", errors, "Wayback capture index")
        if body is not None:
            found += parse_cdx(body, source.id)
    return found


def gather(fetcher: Fetcher, registry: Registry, source: Source, window: tuple[date, date] | None,
           max_sitemaps: int = 20, cdx_limit: int = 200) -> Discovery:
    """Every entry of `source`'s feeds and sitemaps inside the window (the Wayback capture index when none is
    dated), de-duplicated, not ranked: `discover` ranks them for one set of claims, and scraping may rank the
    same entries for the claims that cite the source and for those that only name it."""
    result = Discovery()
    if not (source.feeds or source.sitemaps or source.domains):
        result.errors.append({"url": f"registry:{source.id}",
                              "reason": f"the registry gives no feed, sitemap or domain for {source.name}; "
                                        "nothing to search"})
        return result
    entries: list[Candidate] = []
    for feed in source.feeds:
        body = _read(fetcher, feed, result.errors, "feed")
        if body is not None:
            entries += parse_feed(body, source.id)
    for sitemap in source.sitemaps:
        entries += _sitemap_entries(fetcher, sitemap, source.id, window, result.errors, max_sitemaps)
    kept = [e for e in entries if in_window(e.published, window)]
    if not any(e.published for e in kept) and registry.wayback.get("cdx") and source.domains:
        kept += [e for e in _cdx_entries(fetcher, registry.wayback["cdx"], source, window, cdx_limit, result.errors)
                 if in_window(e.published, window)]
    unique: dict[str, Candidate] = {}
    for entry in kept:
        unique.setdefault(entry.url, entry)
    result.entries = list(unique.values())
    return result


def discover(fetcher: Fetcher, registry: Registry, source: Source, claim_texts: list[str],
             window: tuple[date, date] | None, max_sitemaps: int = 20, cdx_limit: int = 200) -> Discovery:
    """Candidate pages of `source` for these claims: in the window, de-duplicated, ranked best first."""
    result = gather(fetcher, registry, source, window, max_sitemaps, cdx_limit)
    result.candidates = rank(list(result.entries), claim_texts)
    return result


# ---------------------------------------------------------------------------------------------------
# Entrances: where a site lists its pages, found at run time
# ---------------------------------------------------------------------------------------------------

def home_page(source: Source) -> str | None:
    """The address of a source's home page: its first domain (with its path prefix, if any), over https
    (http for a local address with a port, as tests serve)."""
    if not source.domains:
        return None
    domain = source.domains[0].strip().rstrip("/")
    if "://" in domain:
        return domain + "/"
    host = domain.split("/", 1)[0]
    scheme = "http" if re.match(r"^(?:\d+\.){3}\d+:\d+$|^localhost:\d+$", host) else "https"
    return f"{scheme}://{domain}/"


def parse_home_page(body: bytes, page_url: str) -> tuple[list[str], str | None]:
    """(feeds, site name) of a home page: its `<link rel="alternate">` of a feed type, absolute, in order;
    its og:site_name, else its title."""
    try:
        tree = lxml_html.fromstring(body)
    except (etree.ParserError, ValueError):
        return [], None
    feeds = []
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").lower().split(";")[0].strip()
        href = (element.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            absolute = urljoin(page_url, href)
            if absolute.lower().startswith(("http://", "https://")) and absolute not in feeds:
                feeds.append(absolute)
    name = None
    for meta in tree.iter("meta"):
        if (meta.get("property") or "").lower() == "og:site_name" and (meta.get("content") or "").strip():
            name = meta.get("content").strip()
            break
    if name is None:
        title = tree.find(".//title")
        if title is not None and (title.text_content() or "").strip():
            name = " ".join(title.text_content().split())
    return feeds, name[:SITE_NAME_MAX_CHARS] if name else None


def site_of_url(url: str) -> str:
    """The home page of the site an address is on: its scheme and host ("http://127.0.0.1:8001/")."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}/"


def site_entrances(fetcher: Fetcher, home: str) -> Entrances:
    """A site's sitemaps from the `Sitemap:` lines of its robots.txt and its feeds from its home page's
    `<link rel="alternate">`, both fetched politely through the fetcher (robots.txt, delays, caps, SSRF guard);
    what could not be read is a note, never an exception."""
    found = Entrances()
    found.sitemaps = [url for url in fetcher.robots_sitemaps(home) if url.lower().startswith(("http://", "https://"))]
    try:
        response = fetcher.get(home)
    except FetchError as error:
        found.notes.append(f"home page {home}: {error.reason}")
        return found
    if response.status >= 400:
        found.notes.append(f"home page {home}: the server answered {response.status}")
        return found
    found.feeds, found.name = parse_home_page(response.body, response.final_url or home)
    return found
