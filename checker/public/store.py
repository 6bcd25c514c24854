"""What the public side reads: claim pages, lists with filters and keyset pages, search, feed, export, backup.

Every function here only reads (the public connection is opened with `query_only`), except `backup_to`, which
writes a copy elsewhere. Nothing private is selected: no reviewer ids or names, no comments, no proposals,
no undecided or rejected evidence. Callers get plain dicts.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator

from sqlite_utils import Database

from checker.claims.store import decode_claim
from checker.public.schema import SPEAKER_INDEX
from checker.review.schema import STATUSES, VERDICTS
from checker.text import messages

_local = threading.local()

# Columns of a claim the public may read (no reviewer ids; attribution and figures are public).
_CLAIM_COLUMNS = ("c.id, c.article_id, c.seq, c.paragraph, c.text, c.start, c.end, c.checkworthy, c.score, c.kind, "
                  "c.reasons, c.quantities, c.dates, c.entities, c.attribution, c.source_id, c.status, c.version, "
                  "c.created_at, c.updated_at")
_VERDICT_MARKS = ", ".join(f"'{status}'" for status in VERDICTS)
# The public rationale: the note of the latest change to the current verdict (see checker.review.statuses.rationale).
_RATIONALE = """CASE WHEN c.status IN ({v}) THEN (SELECT h.note FROM status_history h WHERE h.claim_id = c.id
                  AND h.to_status = c.status AND h.note != '' ORDER BY h.id DESC LIMIT 1) END""".format(v=_VERDICT_MARKS)
# Who a claim with no registry entry cites, by name (the attribution step's display name).
SPEAKER_NAME = "json_extract(c.attribution, '$.source')"
_REVIEWED_AT = """CASE WHEN c.status IN ({v}) THEN (SELECT h.created_at FROM status_history h WHERE h.claim_id = c.id
                  AND h.to_status = c.status ORDER BY h.id DESC LIMIT 1) END""".format(v=_VERDICT_MARKS)


def public_db(path: str, busy_timeout_ms: int) -> Database:
    """A read-only connection for this thread, kept open between requests (opening one costs more than a page).

    WAL lets it read while reviewers write; each statement sees the latest committed data.
    """
    connections = getattr(_local, "connections", None)
    if connections is None:
        connections = _local.connections = {}
    db = connections.get(path)
    if db is None:
        conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA query_only = 1")
        db = connections[path] = Database(conn)
    return db


def _rows(db: Database, sql: str, params=()) -> list[dict]:
    return list(db.query(sql, list(params)))


def _one(db: Database, sql: str, params=()) -> dict | None:
    rows = _rows(db, sql, params)
    return rows[0] if rows else None


# --- validators (what ETag and Last-Modified are made of) ------------------------------------------

def change_marker(db: Database) -> dict:
    """The site's change counter: it goes up with every publicly visible change (see checker/public/schema.py)."""
    return _one(db, "SELECT generation, changed_at FROM public_changes WHERE id = 1")


def claim_marker(db: Database, claim_id: int) -> dict | None:
    """What a claim page depends on: the claim's version and times, its article's, and its evidence links' and
    appearances in other articles' (counted, summed by id and dated together, with the flagged source changes,
    as "links")."""
    # Plain execute, no dict-building helper: this runs on every request, 304s included.
    # "count/ids/changes:latest": the ids' sum moves when a run replaces one link by another within the same
    # second (times are kept to the second), and the count of flagged source changes when recheck flags one.
    row = db.execute("""SELECT c.version, c.updated_at, a.updated_at,
                               (SELECT COUNT(*) || '/' || ifnull(SUM(i), 0) || '/'
                                       || (SELECT COUNT(*) FROM evidence_changes ec WHERE ec.claim_id = c.id)
                                       || ':' || ifnull(MAX(u), '') FROM (
                                    SELECT l.id AS i, l.updated_at AS u FROM links l WHERE l.claim_id = c.id
                                    UNION ALL SELECT -ap.id, ap.updated_at FROM appearances ap WHERE ap.claim_id = c.id))
                        FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?""", [claim_id]).fetchone()
    if row is None:
        return None
    return {"version": row[0], "updated_at": row[1], "article_updated_at": row[2], "links": row[3]}


def article_marker(db: Database, article_id: int) -> dict | None:
    return _one(db, """SELECT a.updated_at, (SELECT SUM(version) || ':' || MAX(updated_at) FROM claims
                                             WHERE article_id = a.id) AS claims
                       FROM articles a WHERE a.id = ?""", [article_id])


# --- one claim -----------------------------------------------------------------------------------

def public_claim(db: Database, claim_id: int) -> dict | None:
    """A claim with its article's title, date and language, its rationale and when its verdict was given."""
    row = _one(db, f"""SELECT {_CLAIM_COLUMNS}, a.title AS article_title, a.published AS article_published,
                              a.language AS article_language, a.origin AS article_origin,
                              {_RATIONALE} AS rationale, {_REVIEWED_AT} AS reviewed_at
                       FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?""", [claim_id])
    return decode_claim(row)


def public_history_rows(db: Database, claim_id: int) -> list[dict]:
    """Status changes of a claim, oldest first: from, to, note, time. No reviewer."""
    return _rows(db, """SELECT id, from_status, to_status, note, created_at FROM status_history
                        WHERE claim_id = ? ORDER BY id""", [claim_id])


def histories_of_claims(db: Database, claim_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {claim_id: [] for claim_id in claim_ids}
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(f"""SELECT id, claim_id, from_status, to_status, note, created_at FROM status_history
                                WHERE claim_id IN ({marks}) ORDER BY id""", chunk):
            out[row["claim_id"]].append(row)
    return out


def public_evidence(db: Database, claim_id: int) -> tuple[list[dict], int]:
    """The claim's evidence a reviewer accepted, with its document and archived copy; and how many machine
    suggestions are still undecided (counted, never shown)."""
    accepted = _rows(db, """SELECT l.id, l.url, l.passage, l.decided_at, l.found, l.found_note, l.found_note_record,
                                   d.title,
                                   d.published AS document_published,
                                   d.author, d.standin, s.id AS snapshot_id, s.final_url, s.via, s.fetched_at
                            FROM links l LEFT JOIN documents d ON d.id = l.document_id
                            LEFT JOIN snapshots s ON s.id = d.snapshot_id
                            WHERE l.claim_id = ? AND l.decision = 'accepted' ORDER BY l.score DESC, l.id""",
                     [claim_id])
    for row in accepted:  # where it was found, in the reader's language (a message, where one was kept)
        row["found_note"] = messages.from_record(row.pop("found_note_record"), row["found_note"])
    undecided = db.execute("SELECT COUNT(*) FROM links WHERE claim_id = ? AND decision IS NULL",
                           [claim_id]).fetchone()[0]
    return accepted, undecided


def public_appearances(db: Database, claim_id: int) -> list[dict]:
    """The same claim in other articles, best first: the other claim and its article (title, date, origin,
    language), the match's score and reasons, and whether a reviewer confirmed it. Pairs a reviewer rejected
    ("not the same claim") are left out; who decided is never selected."""
    rows = _rows(db, """SELECT ap.other_claim_id AS claim_id, o.article_id, ap.score, ap.reasons,
                               ap.decision = 'confirmed' AS confirmed, ar.title AS article_title,
                               ar.published AS article_published, ar.origin AS article_origin,
                               ar.language AS article_language
                        FROM appearances ap JOIN claims o ON o.id = ap.other_claim_id
                        JOIN articles ar ON ar.id = o.article_id
                        WHERE ap.claim_id = ? AND (ap.decision IS NULL OR ap.decision != 'rejected')
                        ORDER BY ap.score DESC, ap.other_claim_id""", [claim_id])
    for row in rows:
        row["reasons"] = json.loads(row["reasons"] or "[]")
        row["confirmed"] = bool(row["confirmed"])
    return rows


def public_snapshot(db: Database, snapshot_id: int) -> dict | None:
    """An archived copy, only when it backs evidence a reviewer accepted: its record and extracted text."""
    return _one(db, """SELECT s.id, s.url, s.final_url, s.status, s.fetched_at, s.via, s.sha256,
                              d.title, d.published, d.author, d.text, d.standin, d.language
                       FROM snapshots s JOIN documents d ON d.snapshot_id = s.id
                       WHERE s.id = ? AND EXISTS (SELECT 1 FROM links l WHERE l.document_id = d.id
                                                  AND l.decision = 'accepted')""", [snapshot_id])


# --- lists ---------------------------------------------------------------------------------------

def _claim_where(filters: dict) -> tuple[list[str], list]:
    clauses, params = [], []
    status = filters.get("status")
    if status == "reviewed":
        clauses.append(f"c.status IN ({_VERDICT_MARKS})")
    elif status:
        clauses.append("c.status = ?")
        params.append(status)
    if filters.get("source_id"):
        clauses.append("c.source_id = ?")
        params.append(filters["source_id"])
    if filters.get("article_id"):
        clauses.append("c.article_id = ?")
        params.append(filters["article_id"])
    if filters.get("checkworthy"):
        clauses.append("c.checkworthy = 1")
    if filters.get("speaker_names"):
        names = list(filters["speaker_names"])
        clauses.append(f"c.source_id IS NULL AND {SPEAKER_NAME} IN ({', '.join('?' for _ in names)})")
        params += names
    # Dates are YYYY, YYYY-MM or YYYY-MM-DD: compare an article's date at the precision asked for.
    if filters.get("date_from"):
        clauses.append("substr(a.published, 1, ?) >= ?")
        params += [len(filters["date_from"]), filters["date_from"]]
    if filters.get("date_to"):
        clauses.append("substr(a.published, 1, ?) <= ?")
        params += [len(filters["date_to"]), filters["date_to"]]
    return clauses, params


def _claims_table(filters: dict) -> str:
    """The claims table as a query names it: a speaker's claims are read through the speaker index, which
    SQLite would otherwise pass over for the index on source_id (it cannot know most claims have no source)."""
    return f"claims c INDEXED BY {SPEAKER_INDEX}" if filters.get("speaker_names") else "claims c"


def _keyset(clauses: list[str], params: list, before: int | None, after: int | None,
            column: str) -> tuple[list[str], list, str]:
    clauses, params = list(clauses), list(params)
    if after is not None:
        clauses.append(f"{column} > ?")
        params.append(after)
        return clauses, params, "ASC"
    if before is not None:
        clauses.append(f"{column} < ?")
        params.append(before)
    return clauses, params, "DESC"


def _page(rows: list[dict], limit: int, order: str, before, after) -> dict:
    """Rows newest first, and whether there are newer / older ones beyond this page."""
    more = len(rows) > limit
    rows = rows[:limit]
    if order == "ASC":
        rows.reverse()
        return {"items": rows, "newer": more, "older": True}
    return {"items": rows, "newer": before is not None, "older": more}


def claim_index(db: Database, filters: dict, limit: int, before: int | None = None,
                after: int | None = None) -> dict:
    """Claims, newest first, one keyset page: {"items", "newer", "older"} (cheap at any depth)."""
    clauses, params = _claim_where(filters)
    clauses, params, order = _keyset(clauses, params, before, after, "c.id")
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = _rows(db, f"""SELECT {_CLAIM_COLUMNS}, a.title AS article_title, a.published AS article_published,
                                a.language AS article_language,
                                {_RATIONALE} AS rationale, {_REVIEWED_AT} AS reviewed_at
                         FROM {_claims_table(filters)} JOIN articles a ON a.id = c.article_id {where}
                         ORDER BY c.id {order} LIMIT ?""", [*params, limit + 1])
    return _page([decode_claim(row) for row in rows], limit, order, before, after)


def claim_status_counts(db: Database, filters: dict) -> dict[str, int]:
    """How many claims have each status under the filters (the status filter left out)."""
    clauses, params = _claim_where({**filters, "status": None})
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    join = "JOIN articles a ON a.id = c.article_id" if filters.get("date_from") or filters.get("date_to") else ""
    counts = {status: 0 for status in STATUSES}
    for status, count in db.execute(f"SELECT c.status, COUNT(*) FROM {_claims_table(filters)} {join} {where} "
                                    "GROUP BY c.status", params).fetchall():
        counts[status] = count
    return counts


def claim_ids(db: Database, filters: dict | None = None) -> Iterator[int]:
    clauses, params = _claim_where(filters or {})
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return [row[0] for row in db.execute(
        f"SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id {where} ORDER BY c.id", params)]


def article_index(db: Database, limit: int, before: int | None = None, after: int | None = None,
                  filters: dict | None = None) -> dict:
    filters = filters or {}
    clauses, params = [], []
    if filters.get("date_from"):
        clauses.append("substr(a.published, 1, ?) >= ?")
        params += [len(filters["date_from"]), filters["date_from"]]
    if filters.get("date_to"):
        clauses.append("substr(a.published, 1, ?) <= ?")
        params += [len(filters["date_to"]), filters["date_to"]]
    clauses, params, order = _keyset(clauses, params, before, after, "a.id")
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = _rows(db, f"""SELECT a.id, a.title, a.language, a.published, a.published_certainty, a.origin,
                                a.created_at, a.updated_at,
                                (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id) AS claim_count,
                                (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id
                                 AND c.status IN ({_VERDICT_MARKS})) AS reviewed_count
                         FROM articles a {where} ORDER BY a.id {order} LIMIT ?""", [*params, limit + 1])
    return _page(rows, limit, order, before, after)


def article_claims(db: Database, article_id: int) -> list[dict]:
    """Every claim of an article in reading order, with its rationale."""
    return [decode_claim(row) for row in db.query(
        f"""SELECT {_CLAIM_COLUMNS}, {_RATIONALE} AS rationale, {_REVIEWED_AT} AS reviewed_at
            FROM claims c WHERE c.article_id = ? ORDER BY c.seq""", [article_id])]


def source_counts(db: Database, source_id: str | None = None) -> dict[str, dict[str, int]]:
    """Claims per cited source and status: {source_id: {status: count}}."""
    sql = "SELECT source_id, status, COUNT(*) FROM claims WHERE source_id IS NOT NULL"
    params = []
    if source_id is not None:
        sql += " AND source_id = ?"
        params.append(source_id)
    out: dict[str, dict[str, int]] = {}
    for source, status, count in db.execute(sql + " GROUP BY source_id, status", params).fetchall():
        out.setdefault(source, {s: 0 for s in STATUSES})[status] = count
    return out


def speaker_counts(db: Database) -> dict[str, dict[str, int]]:
    """Claims per status of each name cited with no registry entry: {name: {status: count}} (one pass over
    the speaker index)."""
    out: dict[str, dict[str, int]] = {}
    for name, status, count in db.execute(
            f"""SELECT {SPEAKER_NAME}, c.status, COUNT(*) FROM {_claims_table({"speaker_names": True})}
                WHERE c.source_id IS NULL AND {SPEAKER_NAME} IS NOT NULL GROUP BY 1, 2""").fetchall():
        out.setdefault(name, {s: 0 for s in STATUSES})[status] = count
    return out


def verdict_months(db: Database, filters: dict) -> list[dict]:
    """Verdicts per month their claims' articles were published, under the claim filters (source or speaker):
    [{"month": "YYYY-MM" or None when the article gives no month, "status", "count"}]."""
    clauses, params = _claim_where({**filters, "status": "reviewed"})
    return _rows(db, f"""SELECT CASE WHEN a.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
                                     THEN substr(a.published, 1, 7) END AS month, c.status, COUNT(*) AS count
                         FROM {_claims_table(filters)} JOIN articles a ON a.id = c.article_id
                         WHERE {" AND ".join(clauses)} GROUP BY 1, 2""", params)


def article_months(db: Database) -> list[str]:
    """The months articles were published in (YYYY-MM), newest first: the date filter's choices."""
    return [row[0] for row in db.execute(
        """SELECT DISTINCT substr(published, 1, 7) FROM articles
           WHERE published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' ORDER BY 1 DESC""").fetchall()]


# --- search --------------------------------------------------------------------------------------

# Snippet markers: control characters the template turns into <mark> after escaping the rest.
MARK_START, MARK_END = "\x02", "\x03"


def search_claims(db: Database, fts_query: str, limit: int, offset: int = 0) -> list[dict]:
    """Claims matching an FTS5 query, best first (bm25), each with a marked snippet."""
    return _rows(db, f"""SELECT c.id, c.article_id, c.status, c.text, a.title AS article_title,
                                a.language AS article_language,
                                snippet(claims_fts, 0, '{MARK_START}', '{MARK_END}', '…', 24) AS snippet
                         FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
                         JOIN articles a ON a.id = c.article_id
                         WHERE claims_fts MATCH ? ORDER BY claims_fts.rank, c.id LIMIT ? OFFSET ?""",
                 [fts_query, limit, offset])


def search_articles(db: Database, fts_query: str, limit: int, offset: int = 0) -> list[dict]:
    return _rows(db, f"""SELECT a.id, a.title, a.published, a.language,
                                snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', '…', 24) AS snippet
                         FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                         WHERE articles_fts MATCH ? ORDER BY articles_fts.rank, a.id LIMIT ? OFFSET ?""",
                 [fts_query, limit, offset])


# --- feed and export -----------------------------------------------------------------------------

def latest_verdicts(db: Database, limit: int) -> list[dict]:
    """The newest published verdicts (one per status change), newest first."""
    return _rows(db, f"""SELECT h.id, h.claim_id, h.to_status, h.note, h.created_at, c.text, c.article_id,
                                a.title AS article_title, a.language AS article_language
                         FROM status_history h JOIN claims c ON c.id = h.claim_id
                         JOIN articles a ON a.id = c.article_id
                         WHERE h.to_status IN ({_VERDICT_MARKS}) ORDER BY h.id DESC LIMIT ?""", [limit])


def export_rows(path: str, busy_timeout_ms: int, filters: dict | None = None) -> Iterator[dict]:
    """Every claim under the filters (those of the claim index) with its article and rationale, in id order,
    streamed from a connection of its own (closed when the export ends or is abandoned)."""
    clauses, params = _claim_where(filters or {})
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA query_only = 1")
        cursor = conn.execute(
            f"""SELECT c.id, c.article_id, c.text, c.status, c.source_id, c.attribution, c.checkworthy, c.score,
                       c.kind, c.version, c.updated_at, a.title AS article_title, a.published AS article_published,
                       {_RATIONALE} AS rationale, {_REVIEWED_AT} AS reviewed_at
                FROM claims c JOIN articles a ON a.id = c.article_id {where} ORDER BY c.id""", params)
        for row in cursor:
            yield dict(row)
    finally:
        conn.close()


# --- backup --------------------------------------------------------------------------------------

def backup_to(db: Database, target: str) -> None:
    """A consistent copy of the whole database in one new file (VACUUM INTO: compact, readers and writers
    carry on meanwhile). The target must not exist."""
    db.execute("VACUUM INTO ?", [target])


def integrity_check(path: str) -> list[str]:
    """SQLite's integrity check of a database file: ["ok"] when sound."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    finally:
        conn.close()


# --- sources changed after the verdict -------------------------------------------------------------

def source_changes_after_verdict(db: Database, claim_id: int) -> list[dict]:
    """Pages behind the claim's accepted evidence that were edited or removed after its current verdict was
    given (found by `flask recheck` when the claim's version was already the verdict's), oldest first: the
    change's kind, the page's address and title, when it was edited (or found gone) and when the verdict was
    given. Empty for a claim without a verdict."""
    return _rows(db, f"""
        WITH verdict AS (SELECT h.version, h.created_at FROM status_history h JOIN claims c ON c.id = h.claim_id
                         WHERE h.claim_id = ? AND c.status IN ({_VERDICT_MARKS}) AND h.to_status = c.status
                         ORDER BY h.id DESC LIMIT 1)
        SELECT DISTINCT ch.id, ch.kind, ch.url, ch.edited_at, ch.detected_at, d.title,
               verdict.created_at AS verdict_at
        FROM evidence_changes ec JOIN verdict ON ec.claim_version >= verdict.version
        JOIN links l ON l.id = ec.link_id AND l.decision = 'accepted'
        JOIN source_changes ch ON ch.id = ec.source_change_id
        LEFT JOIN documents d ON d.snapshot_id = ch.previous_snapshot_id
        WHERE ec.claim_id = ? ORDER BY ch.id""", [claim_id, claim_id])
