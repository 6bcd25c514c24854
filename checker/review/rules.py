"""Review rules: which changes are allowed, and the writes that apply them.

A status change, a sign-off, a link decision, a verdict carried over from the same claim in another article, a
decision on such a pair and an assignment each run in one write transaction (BEGIN
IMMEDIATE, so concurrent writers queue on SQLite's lock instead of failing): read the claim's version through
the store, refuse a stale one or one the rules forbid, then write through the store. The store speaks SQL and
knows no rule; the views show these rules' messages as they are.
"""
from __future__ import annotations

from dataclasses import dataclass

from checker.db import now, write_transaction
from checker.evidence import store as evidence_store
from checker.evidence.schema import APPEARANCE_DECISIONS
from checker.review import store
from checker.review.statuses import LINK_DECISIONS, STATUSES, is_verdict, label
from checker.text.messages import N_


class ReviewError(ValueError):
    """A change the rules refuse; the message is shown to the reviewer as it is."""


class StaleVersion(ReviewError):
    """The claim changed since the reviewer's form was drawn: nothing was written."""

    def __init__(self, current: dict):
        super().__init__(N_(
            "Someone else changed this claim while you were working on it: it is now “%(status)s” (version "
            "%(version)s). Nothing was saved; your note is kept below so you can submit it again.",
            status=label(current["status"]), version=str(current["version"])))
        self.current = current


@dataclass(frozen=True)
class Change:
    """A status change asked for by a reviewer, before it is checked."""

    status: str
    note: str
    version: int


def clean_note(note: str | None) -> str:
    """The note as it will be stored: trimmed, with Windows line ends made plain."""
    return (note or "").replace("\r\n", "\n").strip()


def check_change(current_status: str, change: Change, max_note_chars: int) -> None:
    """Raise ReviewError when the change is not allowed; return quietly when it is.

    Any status may follow any other (a verdict can be reopened or revised), but a verdict needs a rationale,
    and staying on the same status only makes sense to record a new note.
    """
    if change.status not in STATUSES:
        raise ReviewError(N_("“%(status)s” is not a status; choose one of: %(statuses)s.", status=change.status,
                             statuses=", ".join(STATUSES)))
    if len(change.note) > max_note_chars:
        raise ReviewError(N_("The note is %(length)s characters long; the limit is %(limit)s.",
                             length=len(change.note), limit=max_note_chars))
    if is_verdict(change.status) and not change.note:
        raise ReviewError(N_("A verdict (“%(status)s”) needs a rationale: write it in the note. It is published "
                             "with the verdict.", status=label(change.status)))
    if change.status == current_status and not change.note:
        raise ReviewError(N_("The claim is already “%(status)s”: add a note to record anything.",
                             status=label(current_status)))


def check_signoff(proposal: dict | None, signer_id: int) -> None:
    """A second reviewer, never the proposer, signs off a pending verdict."""
    if proposal is None:
        raise ReviewError(N_("There is no verdict waiting for sign-off on this claim."))
    if proposal["proposed_by"] == signer_id:
        raise ReviewError(N_("A second reviewer must sign off: you proposed this verdict yourself."))


# --- the writes --------------------------------------------------------------------------------

def _checked_state(db, claim_id: int, version: int) -> dict:
    state = store.claim_state(db, claim_id)
    if state is None:
        raise store.ClaimNotFound(f"no claim with id {claim_id}")
    if state["version"] != version:
        raise StaleVersion(state)
    return state


def _bump(db, claim_id: int, version: int, status: str, stamp: str) -> None:
    if not store.bump_version(db, claim_id, version, status, stamp):
        raise StaleVersion(store.claim_state(db, claim_id))


def change_status(db, claim_id: int, change: Change, reviewer_id: int, *, max_note_chars: int,
                  require_signoff: bool = False) -> dict:
    """Apply a reviewer's status change, or propose it for sign-off, in one transaction.

    Returns {"state": {id, status, version}, "published": bool}. Raises store.ClaimNotFound, StaleVersion
    (nothing written) or ReviewError (nothing written).
    """
    stamp = now()
    with write_transaction(db):
        state = _checked_state(db, claim_id, change.version)
        check_change(state["status"], change, max_note_chars)
        store.close_proposals(db, claim_id, "superseded", reviewer_id, stamp)
        if require_signoff and is_verdict(change.status):
            store.add_proposal(db, claim_id, change.status, change.note, reviewer_id, stamp)
            # The claim's status stays; its version moves so that forms drawn before the proposal are stale.
            _bump(db, claim_id, change.version, state["status"], stamp)
            published = False
        else:
            _bump(db, claim_id, change.version, change.status, stamp)
            store.append_history(db, claim_id, reviewer_id, state["status"], change.status, change.note,
                                 change.version + 1, stamp)
            published = True
    return {"state": store.claim_state(db, claim_id), "published": published}


def decide_proposal(db, claim_id: int, version: int, reviewer_id: int, accept: bool) -> dict:
    """A second reviewer signs off the pending verdict (it is published) or sends it back (it is not)."""
    stamp = now()
    with write_transaction(db):
        state = _checked_state(db, claim_id, version)
        proposal = store.pending_proposal(db, claim_id)
        if accept:
            check_signoff(proposal, reviewer_id)
        elif proposal is None:
            raise ReviewError(N_("There is no verdict waiting for sign-off on this claim."))
        store.settle_proposal(db, proposal["id"], "signed_off" if accept else "rejected", reviewer_id, stamp)
        _bump(db, claim_id, version, proposal["status"] if accept else state["status"], stamp)
        if accept:
            store.append_history(db, claim_id, proposal["proposed_by"], state["status"], proposal["status"],
                                 proposal["note"], version + 1, stamp, signed_off_by=reviewer_id)
    return {"state": store.claim_state(db, claim_id), "published": accept}


def decide_link(db, link_id: int, decision: str, reviewer_id: int | None) -> dict:
    """Accept or reject a link; the decision and the one it replaces go to link_decisions, in one transaction."""
    if decision not in LINK_DECISIONS:
        raise ReviewError(N_("“%(decision)s” is not a decision; choose accepted or rejected.", decision=decision))
    with write_transaction(db):
        current = evidence_store.get_link(db, link_id)
        if current is None:
            raise LookupError(f"no evidence link with id {link_id}")
        store.record_link_decision(db, link_id, decision, current["decision"], reviewer_id, now())
    return evidence_store.get_link(db, link_id)


def carried_over_note(pair: dict, max_note_chars: int) -> str:
    """The rationale of a verdict carried over: it names the original claim and its article, and quotes the
    original rationale (cut to fit the note's limit)."""
    where = f"“{pair['article_title']}”" + (f", {pair['article_published']}" if pair.get("article_published") else "")
    head = (f"Carried over from claim {pair['other_claim_id']} in article {pair['article_id']} ({where}), "
            f"the same claim, checked “{label(pair['status'])}” there")
    rationale = " ".join((pair.get("rationale") or "").split())
    if not rationale:
        return head + "."
    room = max_note_chars - len(head) - 2
    if len(rationale) > room:
        rationale = rationale[:max(0, room - 1)].rstrip() + "…"
    return f"{head}: {rationale}"


def carry_over_verdict(db, claim_id: int, original_claim_id: int, version: int, reviewer_id: int, *,
                       max_note_chars: int, require_signoff: bool = False) -> dict:
    """Give the claim the verdict of the same claim in another article (a pair checker.evidence.appearances
    found), in one transaction: the claim's version checked, the pair and the original's verdict checked, the
    verdict applied (or proposed, when sign-off is required) with its own history row whose note names the
    original claim and article, and the pair marked confirmed.

    Returns what change_status returns. Raises store.ClaimNotFound, StaleVersion or ReviewError (nothing
    written)."""
    stamp = now()
    with write_transaction(db):
        _checked_state(db, claim_id, version)
        pair = store.appearance_pair(db, claim_id, original_claim_id)
        if pair is None or pair["decision"] == "rejected":
            raise ReviewError(N_("Claim %(id)s is not listed as the same claim as this one; nothing was carried "
                                 "over.", id=str(original_claim_id)))
        if not is_verdict(pair["status"]):
            raise ReviewError(N_("Claim %(id)s has no verdict to carry over: it is “%(status)s”. Nothing was "
                                 "changed.", id=str(original_claim_id), status=label(pair["status"])))
        change = Change(pair["status"], carried_over_note(pair, max_note_chars), version)
        result = change_status(db, claim_id, change, reviewer_id, max_note_chars=max_note_chars,
                               require_signoff=require_signoff)
        if pair["decision"] != "confirmed":
            store.record_appearance_decision(db, claim_id, original_claim_id, "confirmed", pair["decision"],
                                             reviewer_id, stamp)
    return result


def decide_appearance(db, claim_id: int, other_claim_id: int, decision: str, reviewer_id: int | None) -> dict:
    """Confirm two claims are the same, or reject the pair ("not the same claim": it is no longer shown, and
    matching again keeps it rejected); the decision goes to both rows and to appearance_decisions, in one
    transaction."""
    if decision not in APPEARANCE_DECISIONS:
        raise ReviewError(N_("“%(decision)s” is not a decision; choose %(choices)s.", decision=decision,
                             choices=" or ".join(APPEARANCE_DECISIONS)))
    with write_transaction(db):
        pair = store.appearance_pair(db, claim_id, other_claim_id)
        if pair is None:
            raise LookupError(f"claim {other_claim_id} is not listed as the same claim as claim {claim_id}")
        if pair["decision"] != decision:
            store.record_appearance_decision(db, claim_id, other_claim_id, decision, pair["decision"], reviewer_id,
                                             now())
    return store.appearance_pair(db, claim_id, other_claim_id)


def assign_claim(db, claim_id: int, reviewer_id: int | None, assigned_by: int) -> None:
    """Give the claim to an active reviewer, or to nobody when reviewer_id is None."""
    with write_transaction(db):
        if store.claim_state(db, claim_id) is None:
            raise store.ClaimNotFound(f"no claim with id {claim_id}")
        if reviewer_id is None:
            store.clear_assignment(db, claim_id)
            return
        target = store.get_reviewer(db, reviewer_id)
        if target is None or not target["active"]:
            raise ReviewError(N_("That reviewer does not exist or is no longer active."))
        store.set_assignment(db, claim_id, reviewer_id, assigned_by, now())
