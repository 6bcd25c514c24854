"""Articles, their claims, skipped lines and outbound links, and what the database adds to the source registry."""
from __future__ import annotations

import json

from sqlite_utils import Database

from checker.db import insert_rows, now, to_json
from checker.text import messages

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
    if "reason_records" in row:  # the reasons as messages again where they were kept (a row of before: as it is)
        records = row.pop("reason_records")
        row["reasons"] = messages.from_records(json.loads(records) if records else None, row.get("reasons") or [])
    return row


def _encode_claim(row: dict) -> dict:
    row = dict(row)
    if "reasons" in row:
        records = messages.to_records(row["reasons"])
        row["reason_records"] = to_json(records) if records else None
    for column in CLAIM_JSON_COLUMNS:
        if column in row:
            row[column] = to_json(row[column])
    return row


# --- articles and claims -----------------------------------------------------------------------

def article_id_by_hash(db: Database, content_hash: str) -> int | None:
    row = db.execute("SELECT id FROM articles WHERE content_hash = ?", [content_hash]).fetchone()
    return row[0] if row else None


def save_article(db: Database, article: dict, claims: list[dict], skipped: list[dict],
                 links: list[dict] = ()) -> tuple[int, bool]:
    """Write an article with its claims, skipped lines and outbound links in one transaction.

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
        insert_rows(db, "article_links", [
            {"article_id": article_id, "seq": seq, "url": link["url"], "anchor": link["anchor"],
             "start": link["start"], "end": link["end"], "kind": link["kind"], "created_at": stamp}
            for seq, link in enumerate(links)])
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


def links_of_article(db: Database, article_id: int) -> list[dict]:
    return list(db.query("SELECT url, anchor, start, \"end\", kind FROM article_links WHERE article_id = ?"
                         " ORDER BY seq", [article_id]))


def get_claim(db: Database, claim_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
    return decode_claim(rows[0]) if rows else None


def counts(db: Database) -> dict:
    return {table: db[table].count for table in ("articles", "claims", "skipped")}


# --- what the database adds to the registry ----------------------------------------------------

REGISTRY_JSON_COLUMNS = ("aliases", "domains", "feeds", "sitemaps")


def _entry(row: dict) -> dict:
    row = dict(row)
    for column in REGISTRY_JSON_COLUMNS:
        row[column] = json.loads(row[column]) if row.get(column) else []
    return row


def registry_entries(db: Database, status: str | None = None) -> list[dict]:
    sql = "SELECT * FROM registry_entries" + (" WHERE status = ?" if status else "") + " ORDER BY id"
    return [_entry(row) for row in db.query(sql, [status] if status else [])]


def registry_entry(db: Database, entry_id: str) -> dict | None:
    rows = list(db.query("SELECT * FROM registry_entries WHERE id = ?", [entry_id]))
    return _entry(rows[0]) if rows else None


def save_registry_entry(db: Database, entry: dict) -> None:
    """Insert or update one entry (its id, and any of the other columns given), in one transaction."""
    stamp = now()
    values = {k: (to_json(list(v)) if k in REGISTRY_JSON_COLUMNS else v) for k, v in entry.items()}
    with db.atomic():
        if db.execute("SELECT 1 FROM registry_entries WHERE id = ?", [entry["id"]]).fetchone():
            columns = [k for k in values if k != "id"]
            if columns:
                db.execute(f"UPDATE registry_entries SET {', '.join(f'{c} = ?' for c in columns)}, updated_at = ? "
                           "WHERE id = ?", [*(values[c] for c in columns), stamp, entry["id"]])
        else:
            db["registry_entries"].insert({**values, "created_at": stamp, "updated_at": stamp})


def reassign_claims_source(db: Database, old_id: str, new_id: str) -> None:
    """Claims attributed to `old_id` (a source merged by a reviewer) are attributed to `new_id`."""
    db.execute("""UPDATE claims SET source_id = ?, updated_at = ?,
                  attribution = CASE WHEN attribution IS NULL THEN NULL
                                     ELSE json_set(attribution, '$.source_id', ?) END
                  WHERE source_id = ?""", [new_id, now(), new_id, old_id])
