"""Cited sources: citations, immutable snapshots with their bodies, fetch attempts, documents, passages, and why
each document was fetched for an article."""
from __future__ import annotations

import hashlib
import json

from sqlite_utils import Database

from checker.db import now
from checker.text import messages


def _snapshot(row: dict | None) -> dict | None:
    if row is None:
        return None
    row = dict(row)
    row["headers"] = json.loads(row["headers"]) if row.get("headers") else {}
    return row


# --- citations ---------------------------------------------------------------------------------

def save_citations(db: Database, article_id: int, citations: list[dict]) -> None:
    """Replace the article's citations with these, in one transaction (a re-scrape is idempotent)."""
    stamp = now()
    with db.atomic():
        db.execute("DELETE FROM citations WHERE article_id = ?", [article_id])
        db["citations"].insert_all(
            {"article_id": article_id, "claim_id": c["claim_id"], "source_id": c["source_id"],
             "cue": c.get("cue"), "url": c.get("url"), "anchor": c.get("anchor"), "created_at": stamp,
             "updated_at": stamp}
            for c in citations)


def citations_of_article(db: Database, article_id: int) -> list[dict]:
    """The article's citations, claim by claim: {claim_id, source_id, cue}, and for a link (cue "link") its
    url and anchor."""
    rows = db.query("SELECT claim_id, source_id, cue, url, anchor FROM citations WHERE article_id = ? "
                    "ORDER BY claim_id, id", [article_id])
    return [{k: v for k, v in row.items() if v is not None or k not in ("url", "anchor")} for row in rows]


# --- snapshots ---------------------------------------------------------------------------------

def latest_snapshot(db: Database, url: str, via: str | None = None) -> dict | None:
    sql = "SELECT * FROM snapshots WHERE url = ?" + (" AND via = ?" if via else "") + " ORDER BY id DESC LIMIT 1"
    rows = list(db.query(sql, [url, via] if via else [url]))
    return _snapshot(rows[0]) if rows else None


def get_snapshot(db: Database, snapshot_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM snapshots WHERE id = ?", [snapshot_id]))
    return _snapshot(rows[0]) if rows else None


def save_snapshot(db: Database, snapshot: dict, body: bytes) -> tuple[dict, bool]:
    """Archive a response: (snapshot, created). The same URL with the same body as its latest copy
    adds nothing and returns that copy. Body and row are written in one transaction."""
    digest = hashlib.sha256(body).hexdigest()
    with db.atomic():
        latest = latest_snapshot(db, snapshot["url"], snapshot["via"])
        if latest is not None and latest["sha256"] == digest:
            return latest, False
        stamp = now()
        if not db.execute("SELECT 1 FROM bodies WHERE sha256 = ?", [digest]).fetchone():
            db["bodies"].insert({"sha256": digest, "body": body, "size": len(body), "created_at": stamp})
        row = {"url": snapshot["url"], "final_url": snapshot.get("final_url") or snapshot["url"],
               "status": snapshot["status"], "headers": json.dumps(snapshot.get("headers") or {}),
               "fetched_at": snapshot.get("fetched_at") or stamp, "sha256": digest, "via": snapshot["via"],
               "wall": snapshot.get("wall"), "created_at": stamp, "updated_at": stamp}
        snapshot_id = db["snapshots"].insert(row).last_pk
    return get_snapshot(db, snapshot_id), True


def snapshot_body(db: Database, sha256: str) -> bytes | None:
    row = db.execute("SELECT body FROM bodies WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def snapshots_of_article(db: Database, article_id: int) -> list[dict]:
    """Every snapshot fetched or imported for the article (kept documents and any attempt that archived)."""
    return [_snapshot(row) for row in db.query(
        """SELECT * FROM snapshots WHERE id IN (
               SELECT snapshot_id FROM fetch_attempts WHERE article_id = ? AND snapshot_id IS NOT NULL
               UNION SELECT d.snapshot_id FROM documents d
                     JOIN article_documents ad ON ad.document_id = d.id WHERE ad.article_id = ?)
           ORDER BY id""", [article_id, article_id])]


# --- attempts ----------------------------------------------------------------------------------

def record_attempt(db: Database, url: str, outcome: str, reason: str | None = None, article_id: int | None = None,
                   source_id: str | None = None, snapshot_id: int | None = None) -> int:
    stamp = now()
    text, record = messages.stored(reason)
    with db.atomic():
        return db["fetch_attempts"].insert({
            "article_id": article_id, "url": url, "source_id": source_id, "outcome": outcome,
            "reason": text, "reason_message": record,
            "snapshot_id": snapshot_id, "created_at": stamp, "updated_at": stamp}).last_pk


def attempts_of_article(db: Database, article_id: int, failed_only: bool = False) -> list[dict]:
    """The article's fetch attempts, oldest first; each `reason` a message again where one was kept."""
    sql = "SELECT * FROM fetch_attempts WHERE article_id = ?"
    if failed_only:
        sql += " AND outcome IN ('failed', 'skipped', 'rejected')"
    rows = []
    for row in db.query(sql + " ORDER BY id", [article_id]):
        row["reason"] = messages.from_record(row.pop("reason_message", None), row["reason"])
        rows.append(row)
    return rows


# --- documents ---------------------------------------------------------------------------------

def document_for_snapshot(db: Database, snapshot_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM documents WHERE snapshot_id = ?", [snapshot_id]))
    return rows[0] if rows else None


def save_document(db: Database, snapshot_id: int, document: dict, passages: list[dict],
                  article_id: int | None = None, source_id: str | None = None, score: float | None = None,
                  reasons: list[dict] = ()) -> int:
    """Store an extracted document with its passages and link it to the article, with why it was fetched
    (`reasons`: {claim_id, found, source_id, reason}), in one transaction. A snapshot already extracted keeps
    its document; only the article link and the reasons are added."""
    stamp = now()
    with db.atomic():
        existing = document_for_snapshot(db, snapshot_id)
        if existing is not None:
            document_id = existing["id"]
        else:
            document_id = db["documents"].insert({
                "snapshot_id": snapshot_id, "url": document.get("url"), "title": document.get("title"),
                "published": document.get("published"), "author": document.get("author"),
                "language": document.get("language"), "text": document.get("text") or "",
                "layout": document.get("layout"), "standin": int(bool(document.get("standin"))),
                "created_at": stamp, "updated_at": stamp}).last_pk
            db["passages"].insert_all(
                {"document_id": document_id, "seq": seq, "speaker": p.get("speaker"), "text": p["text"],
                 "created_at": stamp} for seq, p in enumerate(passages))
        if article_id is not None:
            db["article_documents"].upsert(
                {"article_id": article_id, "document_id": document_id, "source_id": source_id, "score": score,
                 "created_at": stamp, "updated_at": stamp}, pk=("article_id", "document_id"))
            for reason in reasons:
                _save_document_reason(db, article_id, document_id, reason, stamp)
    return document_id


def documents_of_article(db: Database, article_id: int) -> list[dict]:
    return list(db.query(
        """SELECT d.*, ad.source_id, ad.score, s.url AS snapshot_url, s.final_url, s.status, s.sha256, s.via,
                  s.fetched_at, s.wall
           FROM article_documents ad JOIN documents d ON d.id = ad.document_id
           JOIN snapshots s ON s.id = d.snapshot_id
           WHERE ad.article_id = ? ORDER BY d.id""", [article_id]))


def passages_of_document(db: Database, document_id: int) -> list[dict]:
    return list(db.query("SELECT seq, speaker, text FROM passages WHERE document_id = ? ORDER BY seq",
                         [document_id]))


# --- why a document was fetched ------------------------------------------------------------------

def _save_document_reason(db: Database, article_id: int, document_id: int, reason: dict, stamp: str) -> None:
    """Why a document was fetched for an article: one row per claim and way found (linked, cited, named)."""
    existing = db.execute("""SELECT id FROM document_reasons WHERE article_id = ? AND document_id = ?
                             AND ifnull(claim_id, -1) = ifnull(?, -1) AND found = ?""",
                          [article_id, document_id, reason["claim_id"], reason["found"]]).fetchone()
    text, record = messages.stored(reason["reason"])
    if existing:
        db.execute("UPDATE document_reasons SET source_id = ?, reason = ?, reason_message = ?, updated_at = ? "
                   "WHERE id = ?", [reason["source_id"], text, record, stamp, existing[0]])
    else:
        db["document_reasons"].insert({"article_id": article_id, "document_id": document_id,
                                       "claim_id": reason["claim_id"], "found": reason["found"],
                                       "source_id": reason["source_id"], "reason": text, "reason_message": record,
                                       "created_at": stamp, "updated_at": stamp})


def document_reasons(db: Database, article_id: int) -> list[dict]:
    """Why each of the article's documents was fetched: {document_id, claim_id, found, source_id, reason}; the
    reason a message where one was kept (its text is the English sentence)."""
    rows = list(db.query("""SELECT document_id, claim_id, found, source_id, reason, reason_message
                            FROM document_reasons WHERE article_id = ? ORDER BY document_id, id""", [article_id]))
    for row in rows:
        row["reason"] = messages.from_record(row.pop("reason_message"), row["reason"])
    return rows


def reassign_source(db: Database, old_id: str, new_id: str) -> None:
    """A reviewer merged `old_id` into `new_id`: the citations, attempts, documents and reasons that named the
    old id name the new one (a citation the claim already has under the new id is dropped)."""
    with db.atomic():
        db.execute("""DELETE FROM citations WHERE source_id = ? AND EXISTS (
                          SELECT 1 FROM citations other WHERE other.claim_id = citations.claim_id
                          AND other.source_id = ? AND ifnull(other.url, '') = ifnull(citations.url, ''))""",
                   [old_id, new_id])
        for table in ("citations", "fetch_attempts", "article_documents", "document_reasons"):
            db.execute(f"UPDATE {table} SET source_id = ? WHERE source_id = ?", [new_id, old_id])


# --- rechecks: archived sources fetched again (checker.sources.recheck) ------------------------------

def recheck_targets(db: Database) -> list[dict]:
    """Every archived web address with an extracted copy: its latest such copy (snapshot and document), the
    last check, and whether an article it is a source of has a claim reviewers have taken up (any status but
    the claims stage's default, `unreviewed`). The longest unchecked first."""
    rows = db.query(
        """WITH latest AS (SELECT s.url, max(s.id) AS snapshot_id FROM snapshots s
                           JOIN documents d ON d.snapshot_id = s.id
                           WHERE s.url LIKE 'http://%' OR s.url LIKE 'https://%' GROUP BY s.url)
           SELECT l.url, l.snapshot_id, s.sha256, s.via, s.headers, s.fetched_at, s.created_at AS archived_at,
                  d.id AS document_id, c.checked_at, c.outcome AS last_outcome,
                  coalesce(c.checked_at, s.created_at) AS last_seen_at,
                  EXISTS (SELECT 1 FROM snapshots s2 JOIN documents d2 ON d2.snapshot_id = s2.id
                          JOIN article_documents ad ON ad.document_id = d2.id
                          JOIN claims cl ON cl.article_id = ad.article_id
                          WHERE s2.url = l.url AND cl.status != 'unreviewed') AS reviewed
           FROM latest l JOIN snapshots s ON s.id = l.snapshot_id JOIN documents d ON d.snapshot_id = s.id
           LEFT JOIN source_checks c ON c.url = l.url
           ORDER BY last_seen_at, l.url""")
    return [_snapshot(row) for row in rows]


def article_links_of_document(db: Database, document_id: int) -> list[dict]:
    """The articles a document is a source of, with the cited source and match score of each."""
    return list(db.query("SELECT article_id, source_id, score FROM article_documents WHERE document_id = ? "
                         "ORDER BY article_id", [document_id]))


def record_check(db: Database, check: dict, change: dict | None = None) -> int | None:
    """Record one check of an archived address (and the change it found, if any) in the caller's transaction
    or one of its own; the change's id, or None. check: url, outcome, http_status, reason, snapshot_id,
    checked_at; change: kind, previous_snapshot_id, snapshot_id, http_status, reason, edited_at."""
    stamp = check["checked_at"]
    with db.atomic():
        db.execute("""INSERT INTO source_checks (url, checked_at, outcome, http_status, reason, snapshot_id,
                                                 created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                      ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at, outcome = excluded.outcome,
                        http_status = excluded.http_status, reason = excluded.reason,
                        snapshot_id = coalesce(excluded.snapshot_id, source_checks.snapshot_id),
                        updated_at = excluded.updated_at""",
                   [check["url"], stamp, check["outcome"], check.get("http_status"), check.get("reason"),
                    check.get("snapshot_id"), stamp, stamp])
        if change is None:
            return None
        return db.execute("""INSERT INTO source_changes (url, kind, previous_snapshot_id, snapshot_id, http_status,
                                                         reason, reason_message, edited_at, detected_at, created_at)
                             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                          [check["url"], change["kind"], change["previous_snapshot_id"], change.get("snapshot_id"),
                           change.get("http_status"), *messages.stored(change["reason"]),
                           change["edited_at"], stamp, stamp]).lastrowid


def get_source_check(db: Database, url: str) -> dict | None:
    rows = list(db.query("SELECT * FROM source_checks WHERE url = ?", [url]))
    return rows[0] if rows else None


_CHANGE_SELECT = """SELECT ch.*, ps.fetched_at AS previous_fetched_at, pd.id AS previous_document_id,
                           pd.title AS previous_title, nd.id AS document_id, nd.title,
                           coalesce(nd.language, pd.language) AS language
                    FROM source_changes ch JOIN snapshots ps ON ps.id = ch.previous_snapshot_id
                    LEFT JOIN documents pd ON pd.snapshot_id = ch.previous_snapshot_id
                    LEFT JOIN documents nd ON nd.snapshot_id = ch.snapshot_id"""


def change_reason(row: dict) -> dict:
    """A change row with its reason as the message it was recorded with (English as text, translatable on the
    web), in place of the stored JSON."""
    row["reason"] = messages.from_record(row.pop("reason_message", None), row["reason"])
    return row


def get_source_change(db: Database, change_id: int) -> dict | None:
    """One change, with the documents extracted from the copy before and after it."""
    rows = list(db.query(f"{_CHANGE_SELECT} WHERE ch.id = ?", [change_id]))
    return change_reason(rows[0]) if rows else None


def document_text(db: Database, document_id: int) -> str | None:
    row = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    return row[0] if row else None
