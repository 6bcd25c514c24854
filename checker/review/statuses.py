"""The statuses a claim goes through, their labels, and what the public sees of a claim's history.

The workflow states (`unreviewed`, `in_review`) say where a claim is in the work; the verdicts say what the
reviewers concluded. A verdict always carries a rationale, which is published with it. The names themselves
are part of the schema (checker.review.schema), since the tables hold them.
"""
from __future__ import annotations

from checker.review.schema import (
    LINK_DECISIONS,
    QUEUE_ORDER,
    STATUSES,
    VERDICTS,
    WORKFLOW,
)
from checker.text.messages import N_

__all__ = ["WORKFLOW", "VERDICTS", "STATUSES", "QUEUE_ORDER", "LINK_DECISIONS", "LABELS", "is_verdict", "label",
           "public_history", "rationale"]

# English labels that keep their message id (checker.text.messages): the data (JSON, CSV, feed, ClaimReview)
# says them in English, the web pages in the reader's language.
LABELS = {
    "unreviewed": N_("Unreviewed"),
    "in_review": N_("In review"),
    "verified": N_("Verified"),
    "disputed": N_("Disputed"),
    "false": N_("False"),
    "misleading": N_("Misleading"),
    "unverifiable": N_("Unverifiable"),
}

def is_verdict(status: str) -> bool:
    return status in VERDICTS


def label(status: str) -> str:
    return LABELS.get(status, status)


def public_history(rows: list[dict]) -> list[dict]:
    """History rows as the public sees them (contract: from, to, note, at; oldest first; no names)."""
    ordered = sorted(rows, key=lambda row: (row["created_at"], row["id"]))
    return [{"from": row["from_status"], "to": row["to_status"], "note": row["note"] or "",
             "at": row["created_at"]} for row in ordered]


def rationale(history: list[dict], status: str) -> str | None:
    """The public rationale of the current verdict: the note of the latest change to it."""
    if not is_verdict(status):
        return None
    for row in reversed(history):
        if row["to"] == status and row["note"]:
            return row["note"]
    return None


