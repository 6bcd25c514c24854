"""Articles, their claims and their skipped lines."""
from __future__ import annotations

import json

from sqlite_utils import Database

from checker.db import insert_rows, now, to_json

# Claim columns stored as JSON text.
CLAIM_JSON_COLUMNS = ("reasons", "quantities", "dates", "entities", "attribution")
# Claims encoded and written at a time: an article's claims all fit (one statement), and a long text's JSON
# columns are never all held at once (a 2 MB table pasted as text gives some 50 MB of them).
CLAIMS_PER_WRITE = 256


# --- rows ------------------------------------------------------------------------------------

def decode_claim(row: dict | None) -> dict | None:
    """A claims row with its JSON columns read back into lists and dicts (any subset of columns will do)."""
    if row is None:
        return None
    row = dict(row)
    for column in CLAIM_JSON_COLUMNS:
        if column in row and isinstance(row[column], str):
            row[column] = json.loads(row[column])
    return row


def _encode_claim(row: dict) -> dict:
    row = dict(row)
    for column in CLAIM_JSON_COLUMNS:
        if column in row:
            row[column] = to_json(row[column])
    return row


# --- articles and claims -----------------------------------------------------------------------

def article_id_by_hash(db: Database, content_hash: str) -> int | None:
    row = db.execute("SELECT id FROM articles WHERE content_hash = ?", [content_hash]).fetchone()
    return row[0] if row else None


def save_article(db: Database, article: dict, claims: list[dict], skipped: list[dict]) -> tuple[int, bool]:
    """Write an article with its claims and skipped lines in one transaction.

    Returns (article id, created). The same text (same content hash) returns the existing id and
    writes nothing.
    """
    with db.atomic():
        existing = article_id_by_hash(db, article["content_hash"])
        if existing is not None:
            return existing, False
        stamp = now()
        article_id = insert_rows(db, "articles", [{**article, "created_at": stamp, "updated_at": stamp}])
        for first in range(0, len(claims), CLAIMS_PER_WRITE):
            insert_rows(db, "claims", [
                _encode_claim({**claim, "article_id": article_id, "seq": seq,
                               "checkworthy": int(bool(claim["checkworthy"])),
                               "source_id": (claim.get("attribution") or {}).get("source_id"),
                               "status": "unreviewed", "version": 1,
                               "created_at": stamp, "updated_at": stamp})
                for seq, claim in enumerate(claims[first:first + CLAIMS_PER_WRITE], first)
            ])
        insert_rows(db, "skipped", [{**line, "article_id": article_id, "created_at": stamp} for line in skipped])
    return article_id, True


def get_article(db: Database, article_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
    return rows[0] if rows else None


def list_articles(db: Database) -> list[dict]:
    return list(db.query(
        """SELECT a.id, a.title, a.language, a.published, a.created_at,
                  COUNT(c.id) AS claim_count, COALESCE(SUM(c.checkworthy), 0) AS checkworthy_count
           FROM articles a LEFT JOIN claims c ON c.article_id = a.id
           GROUP BY a.id ORDER BY a.id DESC"""
    ))


def claims_of_article(db: Database, article_id: int) -> list[dict]:
    return [decode_claim(row) for row in db.query(
        "SELECT * FROM claims WHERE article_id = ? ORDER BY seq", [article_id])]


def skipped_of_article(db: Database, article_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM skipped WHERE article_id = ? ORDER BY start", [article_id]))


def get_claim(db: Database, claim_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
    return decode_claim(rows[0]) if rows else None


def counts(db: Database) -> dict:
    return {table: db[table].count for table in ("articles", "claims", "skipped")}
