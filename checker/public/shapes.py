"""Stored rows → the public shapes: the public claim and article JSON (the contract's article JSON plus each
claim's public review), ClaimReview JSON-LD, the CSV export and the Atom feed.

Plain data in, plain data out: the views hand in rows and the URLs to use; nothing here reads the database."""
from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

from checker.claims.shapes import article_json, claim_json
from checker.review import statuses
from checker.text.display import safe_link

# ClaimReview ratings (documented in the README): a 1–5 scale from false to verified. 4 stays unused: we
# have no "mostly true" verdict. "Unverifiable" has no place on a true/false scale, so it carries its name
# (alternateName) and no number rather than a number that would pretend to one.
RATING_BEST, RATING_WORST = 5, 1
RATING_VALUES = {"false": 1, "misleading": 2, "disputed": 3, "verified": 5}
CLAIM_REVIEWED_MAX_CHARS = 200

CSV_COLUMNS = ("claim_id", "article_id", "article_title", "article_published", "text", "status", "status_label",
               "rationale", "reviewed_at", "source_id", "source_name", "checkworthy", "score", "kind", "version",
               "updated_at", "url")

ATOM = "http://www.w3.org/2005/Atom"
# A cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): it starts with one of these, maybe after
# spaces or line breaks, which some spreadsheets trim.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_origin(origin: str | None) -> str | None:
    """An article's origin when it is a web address; a local file path is nobody else's business."""
    return safe_link(origin)


def public_claim_json(claim: dict, history_rows: list[dict], links: dict | None = None) -> dict:
    """A claim as the public API gives it: the article JSON's claim fields, article id, version, rationale,
    history, and optional links to its pages."""
    history = statuses.public_history(history_rows)
    out = {**claim_json(claim), "article_id": claim["article_id"], "version": claim["version"],
           "status_label": statuses.label(claim["status"]), "rationale": statuses.rationale(history, claim["status"]),
           "history": history}
    if links:
        out["links"] = links
    return out


def public_article_json(article: dict, claims: list[dict], skipped: list[dict], histories: dict[int, list[dict]],
                        claim_links=None) -> dict:
    """The article JSON of the contract, with each claim's public review and the origin only when a URL."""
    document = article_json(article, claims, skipped)
    document["article"]["origin"] = safe_origin(article.get("origin"))
    document["claims"] = [public_claim_json(c, histories.get(c["id"], []),
                                            claim_links(c) if claim_links else None) for c in claims]
    return document


def short_claim(text: str, limit: int = CLAIM_REVIEWED_MAX_CHARS) -> str:
    """The claim's words, cut at a word boundary when long (ClaimReview's claimReviewed is a short text)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def rating(status: str) -> dict:
    """The schema.org Rating of a verdict, following RATING_VALUES."""
    out = {"@type": "Rating", "alternateName": statuses.label(status)}
    if status in RATING_VALUES:
        out.update(ratingValue=RATING_VALUES[status], bestRating=RATING_BEST, worstRating=RATING_WORST)
    return out


def claimant(claim: dict, kind_of) -> dict | None:
    """Who made the claim, as a schema.org Person or Organization, when the article names them.

    kind_of(source_id) gives the registry's kind (person, news, …) or None for a name we cannot place: then
    we say nothing rather than guess whether it is a person.
    """
    attribution = claim.get("attribution") or {}
    name = attribution.get("source")
    kind = kind_of(attribution.get("source_id")) if attribution.get("source_id") else None
    if not name or kind is None:
        return None
    return {"@type": "Person" if kind == "person" else "Organization", "name": name}


def creative_work(article: dict, article_url: str) -> dict:
    """An article where a claim appeared, as a schema.org CreativeWork: its own address when it is a web
    address, else its page here."""
    work = {"@type": "CreativeWork", "url": safe_origin(article.get("origin")) or article_url,
            "headline": article.get("title")}
    if article.get("published"):
        work["datePublished"] = article["published"]
    return work


def claim_review(claim: dict, history: list[dict], *, claim_url: str, article: dict, article_url: str,
                 organisation: dict, kind_of, also_in: list[dict] = ()) -> dict | None:
    """ClaimReview JSON-LD (schema.org, with Google's fact-check fields) for a claim with a verdict, else None.

    also_in: the other articles the same claim appeared in ({"origin", "title", "published", "url"}, url being
    the article's page here). `itemReviewed.appearance` lists the claim's article, then those; its
    `firstAppearance` is the earliest dated one (the claim's own article when none is dated)."""
    if not statuses.is_verdict(claim["status"]):
        return None
    verdicts = [h for h in history if statuses.is_verdict(h["to"])]
    current = [h for h in verdicts if h["to"] == claim["status"]]
    published = (verdicts[0]["at"] if verdicts else claim.get("updated_at"))
    modified = (current[-1]["at"] if current else published)
    works = [creative_work(article, article_url)] + [creative_work(other, other["url"]) for other in also_in]
    dated = [work for work in works if work.get("datePublished")]
    item = {"@type": "Claim", "appearance": works,
            "firstAppearance": min(dated, key=lambda work: work["datePublished"]) if dated else works[0]}
    author = claimant(claim, kind_of)
    if author:
        item["author"] = author
    if article.get("published"):
        item["datePublished"] = article["published"]
    org = {"@type": "Organization", "name": organisation["name"]}
    if organisation.get("url"):
        org["url"] = organisation["url"]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_url,
        "claimReviewed": short_claim(claim["text"]),
        "author": org,
        "datePublished": published,
        "dateModified": modified,
        "reviewRating": rating(claim["status"]),
        "itemReviewed": item,
    }


def spreadsheet_safe(value):
    """A CSV cell that no spreadsheet evaluates: text that could start a formula gets a single quote in front
    (OWASP's advice), so "=HYPERLINK(…)" is exported as "'=HYPERLINK(…)". Numbers are left as numbers."""
    if isinstance(value, str) and value.lstrip(" \n").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(row: dict, claim_url: str, source_name: str | None) -> list:
    values = {
        "claim_id": row["id"], "article_id": row["article_id"], "article_title": row["article_title"],
        "article_published": row["article_published"] or "", "text": row["text"], "status": row["status"],
        "status_label": statuses.label(row["status"]), "rationale": row["rationale"] or "",
        "reviewed_at": row["reviewed_at"] or "", "source_id": row["source_id"] or "", "source_name": source_name or "",
        "checkworthy": int(bool(row["checkworthy"])), "score": row["score"], "kind": row["kind"] or "",
        "version": row["version"], "updated_at": row["updated_at"] or "", "url": claim_url,
    }
    return [spreadsheet_safe(values[column]) for column in CSV_COLUMNS]


def csv_lines(rows, claim_url, source_name):
    """The claims as CSV (RFC 4180, UTF-8, a header line first), one encoded line at a time. Every text cell is
    quoted, so a comma or a quote inside one never starts another cell, and none starts a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)

    def take() -> bytes:
        data = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return data.encode("utf-8")

    writer.writerow(CSV_COLUMNS)
    yield take()
    for row in rows:
        source_id = row["source_id"]
        writer.writerow(csv_row(row, claim_url(row["id"]), source_name(source_id) if source_id else None))
        yield take()


def atom_feed(entries: list[dict], *, feed_url: str, site_url: str, title: str, organisation: dict,
              updated: str, claim_url) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of published verdicts, built with ElementTree so all text is escaped."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", feed_url)
    sub(feed, "title", title)
    sub(feed, "updated", updated)
    sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    author = sub(feed, "author")
    sub(author, "name", organisation["name"])
    if organisation.get("url"):
        sub(author, "uri", organisation["url"])
    for entry in entries:
        url = claim_url(entry["claim_id"])
        item = sub(feed, "entry")
        sub(item, "id", f"{url}#change-{entry['id']}")
        sub(item, "title", f"{statuses.label(entry['to_status'])}: {short_claim(entry['text'], 120)}")
        sub(item, "updated", entry["created_at"])
        sub(item, "published", entry["created_at"])
        sub(item, "link", rel="alternate", href=url, type="text/html")
        sub(item, "category", term=entry["to_status"], label=statuses.label(entry["to_status"]))
        sub(item, "summary", entry["note"] or statuses.label(entry["to_status"]), type="text")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")).encode("utf-8")
