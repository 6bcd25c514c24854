"""Reviewers, status changes with their history, comments, assignments, sign-off proposals, decisions on
evidence links and on the same claim found in other articles, and the review queue: SQL only.

The rules (checker.review.rules) open the write transaction, check versions and what is allowed, and call the
writes here; `bump_version` updates claims.status with `WHERE version = ?`, so a stale form changes nothing.
"""
from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from checker.db import now, write_transaction
from checker.evidence.store import decode_appearance, decode_link
from checker.review.schema import QUEUE_ORDER, STATUSES, VERDICTS
from checker.sources.store import change_reason


class ReviewerExists(ValueError):
    """A reviewer with that username already exists."""


class ClaimNotFound(LookupError):
    """No claim with that id."""


def _one(db: Database, sql: str, params: list) -> dict | None:
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


# --- reviewers ---------------------------------------------------------------------------------

def create_reviewer(db: Database, username: str, password_hash: str, role: str = "reviewer") -> dict:
    stamp = now()
    try:
        with write_transaction(db):
            cursor = db.execute(
                """INSERT INTO reviewers (username, password_hash, role, active, created_at, updated_at)
                   VALUES (?, ?, ?, 1, ?, ?)""",
                [username, password_hash, role, stamp, stamp])
            reviewer_id = cursor.lastrowid
    except sqlite3.IntegrityError:
        raise ReviewerExists(f"a reviewer named {username!r} already exists") from None
    return get_reviewer(db, reviewer_id)


def get_reviewer(db: Database, reviewer_id: int) -> dict | None:
    return _one(db, "SELECT * FROM reviewers WHERE id = ?", [reviewer_id])


def reviewer_by_username(db: Database, username: str) -> dict | None:
    return _one(db, "SELECT * FROM reviewers WHERE username = ?", [username])


def list_reviewers(db: Database, active_only: bool = False) -> list[dict]:
    where = "WHERE active = 1" if active_only else ""
    return list(db.query(f"SELECT * FROM reviewers {where} ORDER BY username COLLATE NOCASE"))


def update_reviewer(db: Database, reviewer_id: int, *, role: str | None = None, active: bool | None = None,
                    password_hash: str | None = None) -> dict:
    """Change a reviewer's role, active flag or password. A new password or deactivation ends their sessions."""
    with write_transaction(db):
        current = get_reviewer(db, reviewer_id)
        if current is None:
            raise LookupError(f"no reviewer with id {reviewer_id}")
        values = {"updated_at": now()}
        if role is not None:
            values["role"] = role
        if active is not None:
            values["active"] = int(bool(active))
        if password_hash is not None:
            values["password_hash"] = password_hash
        assignments = ", ".join(f"{column} = ?" for column in values)
        db.execute(f"UPDATE reviewers SET {assignments} WHERE id = ?", [*values.values(), reviewer_id])
        if password_hash is not None or active is False:
            end_sessions_of(db, reviewer_id)
    return get_reviewer(db, reviewer_id)


# --- sessions (checker.review.sessions holds the rules) ------------------------------------------------

def start_session(db: Database, reviewer_id: int, digest: str, stamp: str, ended_before: tuple[str, str]) -> None:
    """A login: the new session row and the reviewer's last login, in one transaction; sessions that have
    ended (last seen before ended_before[0], or created before ended_before[1]) are removed on the way."""
    with write_transaction(db):
        db.execute("DELETE FROM reviewer_sessions WHERE last_seen_at < ? OR created_at < ?", list(ended_before))
        db.execute("INSERT INTO reviewer_sessions (digest, reviewer_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                   [digest, reviewer_id, stamp, stamp])
        db.execute("UPDATE reviewers SET last_login_at = ? WHERE id = ?", [stamp, reviewer_id])


def session_by_digest(db: Database, digest: str) -> dict | None:
    return _one(db, "SELECT * FROM reviewer_sessions WHERE digest = ?", [digest])


def touch_session(db: Database, digest: str, stamp: str) -> None:
    with write_transaction(db):
        db.execute("UPDATE reviewer_sessions SET last_seen_at = ? WHERE digest = ?", [stamp, digest])


def end_session(db: Database, digest: str) -> None:
    with write_transaction(db):
        db.execute("DELETE FROM reviewer_sessions WHERE digest = ?", [digest])


def end_sessions_of(db: Database, reviewer_id: int) -> None:
    """End every session of a reviewer (a new password, a deactivation)."""
    with write_transaction(db):
        db.execute("DELETE FROM reviewer_sessions WHERE reviewer_id = ?", [reviewer_id])


# --- status ------------------------------------------------------------------------------------

def claim_state(db: Database, claim_id: int) -> dict | None:
    """The claim's current status and version: what an optimistic lock compares against."""
    return _one(db, "SELECT id, status, version FROM claims WHERE id = ?", [claim_id])


def bump_version(db: Database, claim_id: int, version: int, status: str, stamp: str) -> bool:
    """Set the status and move the version on, only if the claim is still at `version`; False when it was not."""
    cursor = db.execute(
        "UPDATE claims SET status = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
        [status, stamp, claim_id, version])
    return cursor.rowcount == 1


def close_proposals(db: Database, claim_id: int, outcome: str, reviewer_id: int | None, stamp: str) -> None:
    db.execute(
        """UPDATE verdict_proposals SET outcome = ?, decided_by = ?, decided_at = ?, updated_at = ?
           WHERE claim_id = ? AND outcome IS NULL""",
        [outcome, reviewer_id, stamp, stamp, claim_id])


def add_proposal(db: Database, claim_id: int, status: str, note: str, reviewer_id: int, stamp: str) -> None:
    db.execute(
        """INSERT INTO verdict_proposals (claim_id, status, note, proposed_by, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [claim_id, status, note, reviewer_id, stamp, stamp])


def settle_proposal(db: Database, proposal_id: int, outcome: str, reviewer_id: int, stamp: str) -> None:
    db.execute("""UPDATE verdict_proposals SET outcome = ?, decided_by = ?, decided_at = ?, updated_at = ?
                  WHERE id = ?""", [outcome, reviewer_id, stamp, stamp, proposal_id])


def append_history(db: Database, claim_id: int, reviewer_id: int | None, from_status: str, to_status: str,
                   note: str, version: int, stamp: str, signed_off_by: int | None = None) -> int:
    return db.execute(
        """INSERT INTO status_history (claim_id, reviewer_id, from_status, to_status, note, version,
                                       signed_off_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [claim_id, reviewer_id, from_status, to_status, note, version, signed_off_by, stamp]).lastrowid


def pending_proposal(db: Database, claim_id: int) -> dict | None:
    return _one(db, """SELECT p.*, r.username AS proposed_by_name FROM verdict_proposals p
                       LEFT JOIN reviewers r ON r.id = p.proposed_by
                       WHERE p.claim_id = ? AND p.outcome IS NULL ORDER BY p.id DESC LIMIT 1""", [claim_id])


_HISTORY_SELECT = """SELECT h.*, r.username AS reviewer_name, s.username AS signed_off_by_name
                     FROM status_history h
                     LEFT JOIN reviewers r ON r.id = h.reviewer_id
                     LEFT JOIN reviewers s ON s.id = h.signed_off_by"""


def history_of_claim(db: Database, claim_id: int) -> list[dict]:
    """Every status change of a claim, oldest first, with reviewer names (for reviewers only)."""
    return list(db.query(f"{_HISTORY_SELECT} WHERE h.claim_id = ? ORDER BY h.id", [claim_id]))


def history_of_claims(db: Database, claim_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {claim_id: [] for claim_id in claim_ids}
    if not claim_ids:
        return out
    marks = ", ".join("?" for _ in claim_ids)
    for row in db.query(f"{_HISTORY_SELECT} WHERE h.claim_id IN ({marks}) ORDER BY h.id", list(claim_ids)):
        out[row["claim_id"]].append(row)
    return out


# --- comments and assignment ---------------------------------------------------------------------

def add_comment(db: Database, claim_id: int, reviewer_id: int, body: str) -> int:
    """An internal comment: seen by reviewers, never published."""
    stamp = now()
    with write_transaction(db):
        if claim_state(db, claim_id) is None:
            raise ClaimNotFound(f"no claim with id {claim_id}")
        return db.execute(
            "INSERT INTO review_comments (claim_id, reviewer_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            [claim_id, reviewer_id, body, stamp, stamp]).lastrowid


def comments_of_claim(db: Database, claim_id: int) -> list[dict]:
    return list(db.query("""SELECT c.*, r.username AS reviewer_name FROM review_comments c
                            LEFT JOIN reviewers r ON r.id = c.reviewer_id
                            WHERE c.claim_id = ? ORDER BY c.id""", [claim_id]))


def set_assignment(db: Database, claim_id: int, reviewer_id: int, assigned_by: int, stamp: str) -> None:
    db.execute(
        """INSERT INTO claim_assignments (claim_id, reviewer_id, assigned_by, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (claim_id) DO UPDATE SET reviewer_id = excluded.reviewer_id,
               assigned_by = excluded.assigned_by, updated_at = excluded.updated_at""",
        [claim_id, reviewer_id, assigned_by, stamp, stamp])


def clear_assignment(db: Database, claim_id: int) -> None:
    db.execute("DELETE FROM claim_assignments WHERE claim_id = ?", [claim_id])


def assignment_of_claim(db: Database, claim_id: int) -> dict | None:
    return _one(db, """SELECT a.*, r.username AS reviewer_name FROM claim_assignments a
                       JOIN reviewers r ON r.id = a.reviewer_id WHERE a.claim_id = ?""", [claim_id])


# --- decisions on evidence links -------------------------------------------------------------------

def record_link_decision(db: Database, link_id: int, decision: str, previous: str | None, reviewer_id: int | None,
                         stamp: str) -> None:
    """The link's current decision, and the decision with the one it replaces appended to link_decisions."""
    db.execute("UPDATE links SET decision = ?, decided_by = ?, decided_at = ?, updated_at = ? WHERE id = ?",
               [decision, reviewer_id, stamp, stamp, link_id])
    db.execute("""INSERT INTO link_decisions (link_id, decision, previous, reviewer_id, created_at)
                  VALUES (?, ?, ?, ?, ?)""", [link_id, decision, previous, reviewer_id, stamp])


def links_for_review(db: Database, claim_id: int) -> list[dict]:
    """A claim's evidence links, best score first, with the name of whoever decided on each."""
    return [decode_link(row) for row in db.query(
        """SELECT l.*, r.username AS decided_by_name FROM links l
           LEFT JOIN reviewers r ON r.id = l.decided_by
           WHERE l.claim_id = ? ORDER BY l.score DESC, l.id""", [claim_id])]


def decisions_of_link(db: Database, link_id: int) -> list[dict]:
    return list(db.query("""SELECT d.*, r.username AS reviewer_name FROM link_decisions d
                            LEFT JOIN reviewers r ON r.id = d.reviewer_id
                            WHERE d.link_id = ? ORDER BY d.id""", [link_id]))


# --- the same claim in other articles (pairs found by checker.evidence.appearances) ----------------

_RATIONALE_OF_OTHER = """(SELECT h.note FROM status_history h WHERE h.claim_id = o.id AND h.to_status = o.status
                         AND h.note != '' ORDER BY h.id DESC LIMIT 1)"""
_VERDICT_AT_OF_OTHER = """(SELECT h.created_at FROM status_history h WHERE h.claim_id = o.id AND h.to_status = o.status
                          ORDER BY h.id DESC LIMIT 1)"""


def appearances_for_review(db: Database, claim_id: int) -> list[dict]:
    """The same claim in other articles, as the reviewer weighs them: the pair's score, reasons and decision
    (with who decided), the other claim's text, status, version and current rationale, and its article's title
    and date. Best first; rejected pairs last."""
    return _appearances(db, claim_id)


def appearance_pair(db: Database, claim_id: int, other_claim_id: int) -> dict | None:
    """One pair as the rules check it: its decision, and the other claim's status, rationale and article."""
    found = _appearances(db, claim_id, other_claim_id)
    return found[0] if found else None


def _appearances(db: Database, claim_id: int, other_claim_id: int | None = None) -> list[dict]:
    """The claim's pairs as appearances_for_review describes them; only the one with other_claim_id if given."""
    one = "AND ap.other_claim_id = ?" if other_claim_id is not None else ""
    return [decode_appearance(row) for row in db.query(
        f"""SELECT ap.id, ap.claim_id, ap.other_claim_id, ap.score, ap.signals, ap.reasons, ap.reason_records,
                   ap.decision, ap.decided_at,
                   r.username AS decided_by_name, o.article_id, o.text, o.status, o.version,
                   {_RATIONALE_OF_OTHER} AS rationale, {_VERDICT_AT_OF_OTHER} AS checked_at,
                   ar.title AS article_title, ar.published AS article_published,
                   ar.language AS article_language
            FROM appearances ap JOIN claims o ON o.id = ap.other_claim_id JOIN articles ar ON ar.id = o.article_id
            LEFT JOIN reviewers r ON r.id = ap.decided_by
            WHERE ap.claim_id = ? {one}
            ORDER BY ifnull(ap.decision = 'rejected', 0), ap.score DESC, ap.other_claim_id""",
        [claim_id] if other_claim_id is None else [claim_id, other_claim_id])]


def record_appearance_decision(db: Database, claim_id: int, other_claim_id: int, decision: str,
                               previous: str | None, reviewer_id: int | None, stamp: str) -> None:
    """The pair's decision on both its rows, and the decision with the one it replaces appended to
    appearance_decisions."""
    db.execute("""UPDATE appearances SET decision = ?, decided_by = ?, decided_at = ?, updated_at = ?
                  WHERE (claim_id = ? AND other_claim_id = ?) OR (claim_id = ? AND other_claim_id = ?)""",
               [decision, reviewer_id, stamp, stamp, claim_id, other_claim_id, other_claim_id, claim_id])
    db.execute("""INSERT INTO appearance_decisions (claim_id, other_claim_id, decision, previous, reviewer_id,
                                                    created_at) VALUES (?, ?, ?, ?, ?, ?)""",
               [claim_id, other_claim_id, decision, previous, reviewer_id, stamp])


# --- the queue ---------------------------------------------------------------------------------

_CONFLICTED = """EXISTS (SELECT 1 FROM links l WHERE l.claim_id = c.id AND json_array_length(l.conflicts) > 0
                         AND (l.decision IS NULL OR l.decision != 'rejected'))"""
# A flag on accepted evidence whose source changed or went (checker.evidence.changed) is open while the link is
# still accepted and no verdict was given after it was raised (a history row with a later version).
_OPEN_CHANGE = """(l.decision = 'accepted' AND NOT EXISTS (
                      SELECT 1 FROM status_history h WHERE h.claim_id = ec.claim_id AND h.version > ec.claim_version
                      AND h.to_status IN ({verdicts})))""".format(verdicts=", ".join(f"'{v}'" for v in VERDICTS))
_EVIDENCE_CHANGED = f"""EXISTS (SELECT 1 FROM evidence_changes ec JOIN links l ON l.id = ec.link_id
                                WHERE ec.claim_id = c.id AND {_OPEN_CHANGE})"""


def _queue_where(filters: dict, with_status: bool = True) -> tuple[str, list]:
    clauses, params = [], []
    if filters.get("article_id"):
        clauses.append("c.article_id = ?")
        params.append(filters["article_id"])
    if filters.get("source_id"):
        clauses.append("c.source_id = ?")
        params.append(filters["source_id"])
    if with_status and filters.get("status"):
        clauses.append("c.status = ?")
        params.append(filters["status"])
    if filters.get("assigned_to"):
        clauses.append("a.reviewer_id = ?")
        params.append(filters["assigned_to"])
    if filters.get("has_conflicts"):
        clauses.append(_CONFLICTED)
    if filters.get("evidence_changed"):
        clauses.append(_EVIDENCE_CHANGED)
    if filters.get("checkworthy_only"):
        clauses.append("c.checkworthy = 1")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def review_queue(db: Database, filters: dict, limit: int, offset: int = 0) -> tuple[list[dict], int]:
    """Claims to review, ordered by status (work in hand first), then check-worthiness; and the total.

    filters: article_id, source_id, status, assigned_to (reviewer id), has_conflicts, evidence_changed,
    checkworthy_only.
    """
    where, params = _queue_where(filters)
    order = " ".join(f"WHEN '{status}' THEN {rank}" for rank, status in enumerate(QUEUE_ORDER))
    base = f"FROM claims c JOIN articles ar ON ar.id = c.article_id " \
           f"LEFT JOIN claim_assignments a ON a.claim_id = c.id LEFT JOIN reviewers r ON r.id = a.reviewer_id {where}"
    total = db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]
    rows = list(db.query(
        f"""SELECT c.id, c.article_id, c.text, c.status, c.version, c.score, c.checkworthy, c.kind,
                   c.source_id, json_extract(c.attribution, '$.source') AS cited_name,
                   ar.title AS article_title, ar.language AS article_language, r.username AS assigned_name,
                   a.reviewer_id AS assigned_to, {_CONFLICTED} AS has_conflicts,
                   {_EVIDENCE_CHANGED} AS evidence_changed,
                   (SELECT COUNT(*) FROM links l WHERE l.claim_id = c.id) AS link_count
            {base}
            ORDER BY CASE c.status {order} ELSE {len(QUEUE_ORDER)} END, c.checkworthy DESC,
                     c.score DESC, c.id
            LIMIT ? OFFSET ?""", [*params, limit, offset]))
    return rows, total


def status_counts(db: Database, filters: dict) -> dict[str, int]:
    """How many claims have each status, under the same filters except the status one."""
    where, params = _queue_where(filters, with_status=False)
    counts = {status: 0 for status in STATUSES}
    for status, count in db.execute(
            f"""SELECT c.status, COUNT(*) FROM claims c LEFT JOIN claim_assignments a ON a.claim_id = c.id
                {where} GROUP BY c.status""", params).fetchall():
        counts[status] = count
    return counts


def queue_choices(db: Database) -> dict:
    """What the queue's filters can offer: the articles and the cited sources."""
    return {
        "articles": list(db.query("SELECT id, title FROM articles ORDER BY id DESC")),
        "sources": [row[0] for row in db.execute(
            "SELECT DISTINCT source_id FROM claims WHERE source_id IS NOT NULL ORDER BY source_id").fetchall()],
    }


# --- accepted evidence whose source changed (flags raised by checker.evidence.changed) --------------

def evidence_changes_for_review(db: Database, claim_id: int) -> list[dict]:
    """The claim's flags, newest first: the page, what happened to it and when, whether the accepted passage is
    still there word for word, and whether the flag is still open (see _OPEN_CHANGE)."""
    return [change_reason(row) for row in db.query(
        f"""SELECT ec.id, ec.source_change_id, ec.link_id, ec.kind, ec.passage_kept, ec.claim_status,
                   ch.url, ch.reason, ch.reason_message, ch.http_status, ch.edited_at, ch.detected_at,
                   ch.previous_snapshot_id, ch.snapshot_id, {_OPEN_CHANGE} AS open
            FROM evidence_changes ec JOIN source_changes ch ON ch.id = ec.source_change_id
            JOIN links l ON l.id = ec.link_id
            WHERE ec.claim_id = ? ORDER BY ec.id DESC""", [claim_id])]


def claims_of_source_change(db: Database, source_change_id: int) -> list[dict]:
    """The claims a source change flagged: id, text (and its article's language), status, and whether the flag
    is still open."""
    return list(db.query(
        f"""SELECT c.id, c.text, c.status, ar.language AS article_language, max({_OPEN_CHANGE}) AS open
            FROM evidence_changes ec JOIN claims c ON c.id = ec.claim_id JOIN links l ON l.id = ec.link_id
            JOIN articles ar ON ar.id = c.article_id
            WHERE ec.source_change_id = ? GROUP BY c.id ORDER BY c.id""", [source_change_id]))
