"""Accepted evidence whose source changed or went after the fact: the claims it backs are flagged.

`flask recheck` (the sources stage) records each page whose main text changed, or which went, in
`source_changes`, and announces it; `flag_claims` then flags every accepted link read from the page's earlier
copy, with the claim's version and status at that moment and whether the accepted passage is still in the new
copy, word for word. The flags are settled by the review stage's own records (a verdict given after the flag,
or the link no longer accepted), so nothing here needs to be cleared. Changes are considered once each, oldest
first; a run cut short is finished by the next.
"""
from __future__ import annotations

from checker.evidence import store
from checker.sources import store as sources_store


def passage_kept(passage: str | None, text: str | None) -> bool:
    """Whether the passage is still in the text, word for word (white space aside)."""
    words = " ".join((passage or "").split())
    return bool(words) and words in " ".join((text or "").split())


def flag_claims(db) -> dict[int, list[int]]:
    """Flag the accepted links every source change not yet considered affected; change id → claim ids."""
    flagged: dict[int, list[int]] = {}
    for change in store.unconsidered_source_changes(db):
        new_copy = sources_store.document_for_snapshot(db, change["snapshot_id"]) if change["snapshot_id"] else None
        rows = [{**link, "passage_kept": None if change["kind"] == "gone" else
                 int(passage_kept(link["passage"], new_copy["text"] if new_copy else ""))}
                for link in store.accepted_links_from_url(db, change["url"], change["snapshot_id"])]
        store.save_evidence_changes(db, change, rows)
        flagged[change["id"]] = sorted({row["claim_id"] for row in rows})
    return flagged
