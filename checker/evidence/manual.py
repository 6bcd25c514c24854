"""Evidence added by hand in the reviewer workspace: one URL fetched, or one saved page imported, through the
cited-sources step (fetch → archive → extract), then offered on the claim as an evidence link.

The reviewer workspace's evidence forms (checker/web/workspace.py) call `add_url` and `add_saved_page`; their
errors are plain-words messages shown to the reviewer.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.evidence import store as evidence_store
from checker.sources import archive, scrape
from checker.sources import store as sources_store
from checker.sources.http import Fetcher, Settings
from checker.text import display
from checker.text.messages import N_

HAND_REASON = "added by hand from the reviewer workspace"


class EvidenceError(ValueError):
    """A page that could not be added; the message says why in plain words."""


def add_url(db, claim: dict, url: str, config) -> dict:
    """Fetch one page politely (robots, caps, SSRF guard, Wayback fallback), archive it, link it to the claim."""
    registry = source_registry.load(config["CHECKER_SOURCES"])
    article = claims_store.get_article(db, claim["article_id"])
    fetcher = Fetcher(Settings.from_config(config))
    try:
        result = scrape.fetch_one(db, claim["article_id"], url, registry, fetcher, article.get("published"))
    finally:
        fetcher.close()
    if result["errors"]:
        raise EvidenceError(N_("%(url)s could not be fetched: %(reason)s", url=url,
                               reason=result["errors"][0]["reason"]))
    if not result["documents"]:
        raise EvidenceError(N_("%(url)s was fetched but no text could be extracted from it", url=url))
    kept = result["documents"][0]
    document = next(d for d in sources_store.documents_of_article(db, claim["article_id"])
                    if d["sha256"] == kept["sha256"] and d["snapshot_url"] == kept["url"])
    return _offer(db, claim, kept["final_url"] or url, document["id"], kept["title"])


def add_saved_page(db, claim: dict, filename: str, data: bytes, url: str | None, config) -> dict:
    """Import a page the reviewer saved from a browser (via "import"), extract it, link it to the claim."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (".html", ".htm", ".xhtml"):
        raise EvidenceError(N_("upload a page saved as .html (a WARC file goes through `flask import`)"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"saved{suffix}"
        path.write_bytes(data)
        try:
            snapshot = archive.import_html(db, path, url)
        except archive.ArchiveError as error:
            raise EvidenceError(str(error).replace(str(path), filename)) from None
    registry = source_registry.load(config["CHECKER_SOURCES"]).with_entries(claims_store.registry_entries(db))
    host = urlsplit(snapshot["final_url"]).netloc
    source = registry.for_host(host) if host else None
    source_id = source.id if source else None
    document_id, _score, document = scrape.keep_document(db, snapshot, [], 0.0, claim["article_id"], source_id)
    sources_store.record_attempt(db, snapshot["url"], "archived", N_("imported by a reviewer"), claim["article_id"],
                                 source_id, snapshot["id"])
    if document_id is None:
        raise EvidenceError(N_("%(file)s was archived but no text could be extracted from it", file=filename))
    return _offer(db, claim, snapshot["final_url"], document_id, document.title)


def _offer(db, claim: dict, url: str, document_id: int, title: str | None) -> dict:
    """The document's passage that best matches the claim's figures and names becomes an evidence link."""
    passages = sources_store.passages_of_document(db, document_id)
    terms = display.highlight_terms(claim)
    best = max(passages, key=lambda p: sum(hit for _, hit in display.highlight(p["text"], terms)), default=None)
    link_id = evidence_store.save_link(db, {
        "claim_id": claim["id"], "url": url, "document_id": document_id,
        "passage": best["text"] if best else "", "score": 0.0, "reasons": [HAND_REASON],
        "signals": {"by_hand": True}})
    return {"link_id": link_id, "message": N_("Added “%(title)s” as evidence; accept or reject it below.",
                                              title=title or url)}
