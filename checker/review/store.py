"""Reviewers, status changes with their history, comments, assignments, sign-off, and the review queue.

A status change is one write transaction (BEGIN IMMEDIATE, so concurrent writers queue on SQLite's lock
instead of failing): read the claim's version, refuse a stale one, apply the rules of checker.review,
update claims.status with `WHERE version = ?`, and append the history row.
"""
from __future__ import annotations

import secrets
import sqlite3
from contextlib import contextmanager

from sqlite_utils import Database

from checker import review
from checker.store.db import now

__all__ = [
    "ReviewerExists", "ClaimNotFound", "write_transaction",
    "create_reviewer", "get_reviewer", "reviewer_by_username", "list_reviewers", "update_reviewer",
    "record_login",
    "claim_state", "change_status", "pending_proposal", "decide_proposal", "history_of_claim",
    "history_of_claims",
    "add_comment", "comments_of_claim",
    "assign_claim", "assignment_of_claim",
    "review_queue", "status_counts", "queue_choices",
]


class ReviewerExists(ValueError):
    """A reviewer with that username already exists."""


class ClaimNotFound(LookupError):
    """No claim with that id."""


@contextmanager
def write_transaction(db: Database):
    """One write transaction that takes SQLite's write lock at once (waiting up to the busy timeout)."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.rollback()
        raise
    conn.execute("COMMIT")


def _one(db: Database, sql: str, params: list) -> dict | None:
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


# --- reviewers ---------------------------------------------------------------------------------

def create_reviewer(db: Database, username: str, password_hash: str, role: str = "reviewer") -> dict:
    if role not in review.ROLES:
        raise review.ReviewError(f"“{role}” is not a role; choose one of: {', '.join(review.ROLES)}.")
    stamp = now()
    try:
        with write_transaction(db):
            cursor = db.execute(
                """INSERT INTO reviewers (username, password_hash, role, active, session_token, created_at, updated_at)
                   VALUES (?, ?, ?, 1, ?, ?, ?)""",
                [username, password_hash, role, secrets.token_hex(16), stamp, stamp])
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
    if role is not None and role not in review.ROLES:
        raise review.ReviewError(f"“{role}” is not a role; choose one of: {', '.join(review.ROLES)}.")
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
        if password_hash is not None or active is False:
            values["session_token"] = secrets.token_hex(16)
        assignments = ", ".join(f"{column} = ?" for column in values)
        db.execute(f"UPDATE reviewers SET {assignments} WHERE id = ?", [*values.values(), reviewer_id])
    return get_reviewer(db, reviewer_id)


def record_login(db: Database, reviewer_id: int) -> None:
    with write_transaction(db):
        db.execute("UPDATE reviewers SET last_login_at = ? WHERE id = ?", [now(), reviewer_id])


# --- status ------------------------------------------------------------------------------------

def claim_state(db: Database, claim_id: int) -> dict | None:
    """The claim's current status and version: what an optimistic lock compares against."""
    return _one(db, "SELECT id, status, version FROM claims WHERE id = ?", [claim_id])


def _bump(db: Database, claim_id: int, version: int, status: str, stamp: str) -> None:
    cursor = db.execute(
        "UPDATE claims SET status = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
        [status, stamp, claim_id, version])
    if cursor.rowcount != 1:
        raise review.StaleVersion(claim_state(db, claim_id))


def _checked_state(db: Database, claim_id: int, version: int) -> dict:
    state = claim_state(db, claim_id)
    if state is None:
        raise ClaimNotFound(f"no claim with id {claim_id}")
    if state["version"] != version:
        raise review.StaleVersion(state)
    return state


def _close_proposals(db: Database, claim_id: int, outcome: str, reviewer_id: int | None, stamp: str) -> None:
    db.execute(
        """UPDATE verdict_proposals SET outcome = ?, decided_by = ?, decided_at = ?, updated_at = ?
           WHERE claim_id = ? AND outcome IS NULL""",
        [outcome, reviewer_id, stamp, stamp, claim_id])


def _append_history(db: Database, claim_id: int, reviewer_id: int | None, from_status: str, to_status: str,
                    note: str, version: int, stamp: str, signed_off_by: int | None = None) -> int:
    return db.execute(
        """INSERT INTO status_history (claim_id, reviewer_id, from_status, to_status, note, version,
                                       signed_off_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [claim_id, reviewer_id, from_status, to_status, note, version, signed_off_by, stamp]).lastrowid


def change_status(db: Database, claim_id: int, change: review.Change, reviewer_id: int, *,
                  max_note_chars: int, require_signoff: bool = False) -> dict:
    """Apply a reviewer's status change, or propose it for sign-off, in one transaction.

    Returns {"state": {id, status, version}, "published": bool}. Raises ClaimNotFound, review.StaleVersion
    (nothing written) or review.ReviewError (nothing written).
    """
    stamp = now()
    with write_transaction(db):
        state = _checked_state(db, claim_id, change.version)
        review.check_change(state["status"], change, max_note_chars)
        if require_signoff and review.is_verdict(change.status):
            _close_proposals(db, claim_id, "superseded", reviewer_id, stamp)
            db.execute(
                """INSERT INTO verdict_proposals (claim_id, status, note, proposed_by, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                [claim_id, change.status, change.note, reviewer_id, stamp, stamp])
            # The claim's status stays; its version moves so that forms drawn before the proposal are stale.
            _bump(db, claim_id, change.version, state["status"], stamp)
            published = False
        else:
            _close_proposals(db, claim_id, "superseded", reviewer_id, stamp)
            _bump(db, claim_id, change.version, change.status, stamp)
            _append_history(db, claim_id, reviewer_id, state["status"], change.status, change.note,
                            change.version + 1, stamp)
            published = True
    return {"state": claim_state(db, claim_id), "published": published}


def pending_proposal(db: Database, claim_id: int) -> dict | None:
    return _one(db, """SELECT p.*, r.username AS proposed_by_name FROM verdict_proposals p
                       LEFT JOIN reviewers r ON r.id = p.proposed_by
                       WHERE p.claim_id = ? AND p.outcome IS NULL ORDER BY p.id DESC LIMIT 1""", [claim_id])


def decide_proposal(db: Database, claim_id: int, version: int, reviewer_id: int, accept: bool) -> dict:
    """A second reviewer signs off the pending verdict (it is published) or sends it back (it is not)."""
    stamp = now()
    with write_transaction(db):
        state = _checked_state(db, claim_id, version)
        proposal = pending_proposal(db, claim_id)
        if accept:
            review.check_signoff(proposal, reviewer_id)
        elif proposal is None:
            raise review.ReviewError("There is no verdict waiting for sign-off on this claim.")
        db.execute("""UPDATE verdict_proposals SET outcome = ?, decided_by = ?, decided_at = ?, updated_at = ?
                      WHERE id = ?""",
                   ["signed_off" if accept else "rejected", reviewer_id, stamp, stamp, proposal["id"]])
        new_status = proposal["status"] if accept else state["status"]
        _bump(db, claim_id, version, new_status, stamp)
        if accept:
            _append_history(db, claim_id, proposal["proposed_by"], state["status"], proposal["status"],
                            proposal["note"], version + 1, stamp, signed_off_by=reviewer_id)
    return {"state": claim_state(db, claim_id), "published": accept}


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


def assign_claim(db: Database, claim_id: int, reviewer_id: int | None, assigned_by: int) -> None:
    """Give the claim to a reviewer, or to nobody when reviewer_id is None."""
    stamp = now()
    with write_transaction(db):
        if claim_state(db, claim_id) is None:
            raise ClaimNotFound(f"no claim with id {claim_id}")
        if reviewer_id is None:
            db.execute("DELETE FROM claim_assignments WHERE claim_id = ?", [claim_id])
            return
        target = get_reviewer(db, reviewer_id)
        if target is None or not target["active"]:
            raise review.ReviewError("That reviewer does not exist or is no longer active.")
        db.execute(
            """INSERT INTO claim_assignments (claim_id, reviewer_id, assigned_by, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (claim_id) DO UPDATE SET reviewer_id = excluded.reviewer_id,
                   assigned_by = excluded.assigned_by, updated_at = excluded.updated_at""",
            [claim_id, reviewer_id, assigned_by, stamp, stamp])


def assignment_of_claim(db: Database, claim_id: int) -> dict | None:
    return _one(db, """SELECT a.*, r.username AS reviewer_name FROM claim_assignments a
                       JOIN reviewers r ON r.id = a.reviewer_id WHERE a.claim_id = ?""", [claim_id])


# --- the queue ---------------------------------------------------------------------------------

_CONFLICTED = """EXISTS (SELECT 1 FROM links l WHERE l.claim_id = c.id AND json_array_length(l.conflicts) > 0
                         AND (l.decision IS NULL OR l.decision != 'rejected'))"""


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
    if filters.get("checkworthy_only"):
        clauses.append("c.checkworthy = 1")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def review_queue(db: Database, filters: dict, limit: int, offset: int = 0) -> tuple[list[dict], int]:
    """Claims to review, ordered by status (work in hand first), then check-worthiness; and the total.

    filters: article_id, source_id, status, assigned_to (reviewer id), has_conflicts, checkworthy_only.
    """
    where, params = _queue_where(filters)
    order = " ".join(f"WHEN '{status}' THEN {rank}" for rank, status in enumerate(review.QUEUE_ORDER))
    base = f"FROM claims c JOIN articles ar ON ar.id = c.article_id " \
           f"LEFT JOIN claim_assignments a ON a.claim_id = c.id LEFT JOIN reviewers r ON r.id = a.reviewer_id {where}"
    total = db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]
    rows = list(db.query(
        f"""SELECT c.id, c.article_id, c.text, c.status, c.version, c.score, c.checkworthy, c.kind,
                   c.source_id, ar.title AS article_title, r.username AS assigned_name,
                   a.reviewer_id AS assigned_to, {_CONFLICTED} AS has_conflicts,
                   (SELECT COUNT(*) FROM links l WHERE l.claim_id = c.id) AS link_count
            {base}
            ORDER BY CASE c.status {order} ELSE {len(review.QUEUE_ORDER)} END, c.checkworthy DESC,
                     c.score DESC, c.id
            LIMIT ? OFFSET ?""", [*params, limit, offset]))
    return rows, total


def status_counts(db: Database, filters: dict) -> dict[str, int]:
    """How many claims have each status, under the same filters except the status one."""
    where, params = _queue_where(filters, with_status=False)
    counts = {status: 0 for status in review.STATUSES}
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
