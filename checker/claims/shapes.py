"""Stored rows → the article JSON of the contract (DESIGN.md): the article, every body sentence as a claim
with its offsets, figures, dates, names and attribution, and the lines left out with their reason. An article
read from HTML may also carry its outbound links (`article.links`: url, anchor, offsets, kind)."""
from __future__ import annotations

CLAIM_FIELDS = ("id", "text", "start", "end", "checkworthy", "score", "kind", "reasons",
                "quantities", "dates", "entities", "attribution", "paragraph", "status")


def claim_json(claim: dict) -> dict:
    out = {key: claim.get(key) for key in CLAIM_FIELDS}
    out["checkworthy"] = bool(out["checkworthy"])
    return out


def article_json(article: dict, claims: list[dict], skipped: list[dict], links: list[dict] | None = None) -> dict:
    """The article JSON of the contract: article, every body sentence as a claim, skipped lines; with
    `links`, the article's outbound links too (in "article", so the top level keeps the contract's keys)."""
    document = {
        "article": {
            "id": article["id"],
            "title": article["title"],
            "language": article["language"],
            "published": article["published"],
            "published_certainty": article["published_certainty"],
            "date_note": article["date_note"],
            "origin": article["origin"],
            "text": article["text"],
        },
        "claims": [claim_json(c) for c in claims],
        "skipped": [{"text": s["text"], "start": s["start"], "end": s["end"], "reason": s["reason"]}
                    for s in skipped],
    }
    if links is not None:
        document["article"]["links"] = [{k: link[k] for k in ("url", "anchor", "start", "end", "kind")}
                                        for link in links]
    return document
