"""Evidence links (claim × passage) and reviewers' decisions on them, each decision kept in link_decisions."""
from __future__ import annotations

import json

from sqlite_utils import Database

from checker import review
from checker.store.db import now, to_json
from checker.store.review import write_transaction

__all__ = ["save_link", "get_link", "links_of_claim", "decide_link", "decisions_of_link"]

_JSON_DEFAULTS = {"signals": {}, "reasons": [], "conflicts": []}


def _decode(row: dict | None) -> dict | None:
    if row is None:
        return None
    row = dict(row)
    for column, default in _JSON_DEFAULTS.items():
        value = row.get(column)
        row[column] = json.loads(value) if isinstance(value, str) and value else default
    return row


def save_link(db: Database, link: dict) -> int:
    """Insert or refresh one link, keyed by (claim_id, url, passage_id); a reviewer's decision is kept.

    link: claim_id, url, and optionally document_id, passage_id, passage, score, signals, reasons, conflicts.
    """
    stamp = now()
    values = {
        "claim_id": link["claim_id"],
        "url": link["url"],
        "document_id": link.get("document_id"),
        "passage_id": link.get("passage_id"),
        "passage": link.get("passage") or "",
        "score": float(link.get("score") or 0.0),
        "signals": to_json(link.get("signals") or {}),
        "reasons": to_json(list(link.get("reasons") or [])),
        "conflicts": to_json(list(link.get("conflicts") or [])),
    }
    with write_transaction(db):
        existing = db.execute(
            "SELECT id FROM links WHERE claim_id = ? AND url = ? AND ifnull(passage_id, -1) = ifnull(?, -1)",
            [values["claim_id"], values["url"], values["passage_id"]]).fetchone()
        if existing:
            columns = ("document_id", "passage", "score", "signals", "reasons", "conflicts")
            db.execute(f"UPDATE links SET {', '.join(f'{c} = ?' for c in columns)}, updated_at = ? WHERE id = ?",
                       [*(values[c] for c in columns), stamp, existing[0]])
            return existing[0]
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        return db.execute(f"INSERT INTO links ({names}, created_at, updated_at) VALUES ({marks}, ?, ?)",
                          [*values.values(), stamp, stamp]).lastrowid


def get_link(db: Database, link_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM links WHERE id = ?", [link_id]))
    return _decode(rows[0]) if rows else None


def links_of_claim(db: Database, claim_id: int) -> list[dict]:
    """A claim's evidence links, best score first, with the name of whoever decided on each."""
    return [_decode(row) for row in db.query(
        """SELECT l.*, r.username AS decided_by_name FROM links l
           LEFT JOIN reviewers r ON r.id = l.decided_by
           WHERE l.claim_id = ? ORDER BY l.score DESC, l.id""", [claim_id])]


def decide_link(db: Database, link_id: int, decision: str, reviewer_id: int | None) -> dict:
    """Accept or reject a link; the decision and the one it replaces go to link_decisions, in one transaction."""
    if decision not in review.LINK_DECISIONS:
        raise review.ReviewError(f"“{decision}” is not a decision; choose accepted or rejected.")
    stamp = now()
    with write_transaction(db):
        current = get_link(db, link_id)
        if current is None:
            raise LookupError(f"no evidence link with id {link_id}")
        db.execute("UPDATE links SET decision = ?, decided_by = ?, decided_at = ?, updated_at = ? WHERE id = ?",
                   [decision, reviewer_id, stamp, stamp, link_id])
        db.execute("""INSERT INTO link_decisions (link_id, decision, previous, reviewer_id, created_at)
                      VALUES (?, ?, ?, ?, ?)""", [link_id, decision, current["decision"], reviewer_id, stamp])
    return get_link(db, link_id)


def decisions_of_link(db: Database, link_id: int) -> list[dict]:
    return list(db.query("""SELECT d.*, r.username AS reviewer_name FROM link_decisions d
                            LEFT JOIN reviewers r ON r.id = d.reviewer_id
                            WHERE d.link_id = ? ORDER BY d.id""", [link_id]))
