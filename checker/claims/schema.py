"""Core schema: articles, claims, skipped lines."""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("core")
MIGRATION_SETS = (migrations,)


@migrations()
def m001_articles_and_claims(db: Database) -> None:
    db["articles"].create(
        {
            "id": int,
            "title": str,
            "language": str,
            "published": str,  # YYYY-MM or YYYY-MM-DD, as precise as the evidence allows
            "published_certainty": str,  # given | marker | narrowed | unknown
            "date_note": str,  # why `published` is what it is, in plain words
            "text": str,  # the stored text: every claim offset indexes it
            "content_hash": str,  # sha256 of `text`: re-ingesting the same text finds the same row
            "origin": str,  # file path, URL or "stdin"
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"text", "content_hash", "language", "created_at", "updated_at"},
    )
    db["articles"].create_index(["content_hash"], unique=True)

    db["claims"].create(
        {
            "id": int,
            "article_id": int,
            "seq": int,  # position in the article
            "paragraph": int,  # index of the paragraph the sentence sits in
            "text": str,
            "start": int,
            "end": int,
            "checkworthy": int,
            "score": float,
            "kind": str,
            "reasons": str,  # JSON list of strings
            "quantities": str,  # JSON list
            "dates": str,  # JSON list
            "entities": str,  # JSON list
            "attribution": str,  # JSON object or null
            "source_id": str,  # registry id of the cited source, for filtering
            "status": str,
            "version": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "text", "start", "end", "status", "version"},
        defaults={"status": "unreviewed", "version": 1, "checkworthy": 0},
    )
    db["claims"].create_index(["article_id", "seq"], unique=True)
    db["claims"].create_index(["status", "score"])
    db["claims"].create_index(["source_id"])

    db["skipped"].create(
        {
            "id": int,
            "article_id": int,
            "text": str,
            "start": int,
            "end": int,
            "reason": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "start", "end", "reason"},
    )
    db["skipped"].create_index(["article_id"])



@migrations()
def m002_article_links_and_registry_entries(db: Database) -> None:
    """An HTML article's outbound links (issue 18: a link in a claim's sentence is its strongest citation), and
    what the database adds to the registry file: sources made from a linked or cited domain (provisional until
    a reviewer confirms them), renames and merges, and the feeds and sitemaps found at run time."""
    db["article_links"].create(
        {
            "id": int,
            "article_id": int,
            "seq": int,  # order in the page
            "url": str,  # absolute http(s) address
            "anchor": str,  # the link's text, as it stands in articles.text
            "start": int,  # offsets of the anchor in articles.text
            "end": int,
            "kind": str,  # citation | internal | share | ad (checker/claims/links.py)
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "seq", "url", "start", "end", "kind", "created_at"},
    )
    db["article_links"].create_index(["article_id", "seq"], unique=True)

    db["registry_entries"].create(
        {
            "id": str,  # a registry id: a file source's, or a new one (the domain) for a provisional source
            "name": str,
            "kind": str,
            "status": str,  # provisional | confirmed | merged | registry (a file source: only what was found)
            "merged_into": str,  # with status merged: the id it now belongs to
            "aliases": str,  # JSON list
            "domains": str,  # JSON list
            "feeds": str,  # JSON list: from the home page's <link rel="alternate">
            "sitemaps": str,  # JSON list: from the Sitemap: lines of robots.txt
            "note": str,  # why it exists, for the reviewer: "linked from article 3: https://…"
            "discovered_at": str,  # when feeds and sitemaps were last looked for
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"id", "name", "kind", "status", "created_at", "updated_at"},
        defaults={"aliases": "[]", "domains": "[]", "feeds": "[]", "sitemaps": "[]"},
    )
    db["registry_entries"].create_index(["status"])


@migrations()
def m003_claim_reason_messages(db: Database) -> None:
    """Why a claim got its check-worthiness score, kept as messages too (a JSON list of
    checker.text.messages records, one per reason, null for a plain sentence) beside the English `reasons`, so
    the workspace reads them in the reviewer's language. NULL for rows written before."""
    db.execute("ALTER TABLE claims ADD COLUMN reason_records TEXT")
