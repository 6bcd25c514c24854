"""The review rules: which changes are allowed, status changes with history, optimistic locking, sign-off,
and decisions on evidence links."""
from __future__ import annotations

import sqlite3

import pytest

from checker.config import Config
from checker.evidence import store as evidence_store
from checker.review import rules
from checker.review import store as review_store
from tests.support.review import reviewer_id

MAX_NOTE = Config.REVIEW_MAX_NOTE_CHARS


# --- the rules -----------------------------------------------------------------------------------

@pytest.mark.parametrize("current, status, note, problem", [
    ("unreviewed", "disputed", "", "needs a rationale"),
    ("unreviewed", "maybe", "x", "is not a status"),
    ("in_review", "in_review", "", "already"),
    ("unreviewed", "false", "x" * (MAX_NOTE + 1), "limit"),
])
def test_rules_refuse_bad_changes_in_plain_words(current, status, note, problem):
    with pytest.raises(rules.ReviewError, match=problem):
        rules.check_change(current, rules.Change(status, note, 1), MAX_NOTE)


@pytest.mark.parametrize("current, status, note", [
    ("unreviewed", "in_review", ""),
    ("in_review", "verified", "Confirmed by the ministry's statement."),
    ("verified", "in_review", ""),  # a verdict can be reopened
    ("false", "misleading", "Revised after a correction."),
    ("disputed", "disputed", "A better rationale."),
])
def test_rules_allow_workflow_moves_and_verdicts_with_a_rationale(current, status, note):
    rules.check_change(current, rules.Change(status, note, 1), MAX_NOTE)


# --- status changes in the store -------------------------------------------------------------------

def test_a_change_updates_the_status_and_appends_history_in_one_go(db, claim):
    bob = reviewer_id(db, "bob")
    result = rules.change_status(db, claim["id"], rules.Change("disputed", "Two sources disagree.", 1), bob,
                                 max_note_chars=MAX_NOTE)
    assert result == {"state": {"id": claim["id"], "status": "disputed", "version": 2}, "published": True}
    [row] = review_store.history_of_claim(db, claim["id"])
    assert (row["from_status"], row["to_status"], row["note"], row["reviewer_name"], row["version"]) == \
        ("unreviewed", "disputed", "Two sources disagree.", "bob", 2)
    assert row["created_at"]


def test_stale_version_raises_and_changes_nothing(db, claim):
    bob = reviewer_id(db, "bob")
    rules.change_status(db, claim["id"], rules.Change("in_review", "", 1), bob, max_note_chars=MAX_NOTE)
    with pytest.raises(rules.StaleVersion) as raised:
        rules.change_status(db, claim["id"], rules.Change("false", "late", 1), bob, max_note_chars=MAX_NOTE)
    assert raised.value.current == {"id": claim["id"], "status": "in_review", "version": 2}
    assert review_store.claim_state(db, claim["id"])["status"] == "in_review"
    assert len(review_store.history_of_claim(db, claim["id"])) == 1


def test_a_refused_change_writes_nothing(db, claim):
    with pytest.raises(rules.ReviewError):
        rules.change_status(db, claim["id"], rules.Change("false", "", 1), reviewer_id(db, "bob"),
                            max_note_chars=MAX_NOTE)
    assert review_store.claim_state(db, claim["id"]) == {"id": claim["id"], "status": "unreviewed", "version": 1}
    assert review_store.history_of_claim(db, claim["id"]) == []


def test_history_is_append_only_in_the_database_itself(db, claim):
    rules.change_status(db, claim["id"], rules.Change("in_review", "", 1), reviewer_id(db, "bob"),
                        max_note_chars=MAX_NOTE)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE status_history SET note = 'rewritten'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM status_history")


def test_with_signoff_a_verdict_waits_for_a_second_reviewer(db, claim):
    alice, bob = reviewer_id(db, "alice"), reviewer_id(db, "bob")
    proposed = rules.change_status(db, claim["id"], rules.Change("false", "The figure is invented.", 1), bob,
                                   max_note_chars=MAX_NOTE, require_signoff=True)
    assert proposed["published"] is False
    assert proposed["state"]["status"] == "unreviewed" and proposed["state"]["version"] == 2
    assert review_store.history_of_claim(db, claim["id"]) == []
    with pytest.raises(rules.ReviewError, match="second reviewer"):
        rules.decide_proposal(db, claim["id"], 2, bob, accept=True)
    signed = rules.decide_proposal(db, claim["id"], 2, alice, accept=True)
    assert signed["state"]["status"] == "false"
    [row] = review_store.history_of_claim(db, claim["id"])
    assert (row["reviewer_name"], row["signed_off_by_name"], row["note"]) == ("bob", "alice", "The figure is invented.")
    assert review_store.pending_proposal(db, claim["id"]) is None


def test_a_verdict_sent_back_is_never_published(db, claim):
    bob, alice = reviewer_id(db, "bob"), reviewer_id(db, "alice")
    rules.change_status(db, claim["id"], rules.Change("verified", "Looks right.", 1), bob,
                        max_note_chars=MAX_NOTE, require_signoff=True)
    result = rules.decide_proposal(db, claim["id"], 2, alice, accept=False)
    assert result["published"] is False and result["state"]["status"] == "unreviewed"
    assert review_store.history_of_claim(db, claim["id"]) == []


# --- links -------------------------------------------------------------------------------------

def test_links_are_saved_once_per_claim_url_and_passage_and_keep_their_decision(db, claim):
    link = {"claim_id": claim["id"], "url": "https://example.org/a", "passage": "1 000 drones", "score": 0.8,
            "reasons": ["same figure"], "conflicts": []}
    first = evidence_store.save_link(db, link)
    rules.decide_link(db, first, "accepted", reviewer_id(db, "bob"))
    again = evidence_store.save_link(db, {**link, "score": 0.9})
    assert again == first
    [saved] = evidence_store.links_of_claim(db, claim["id"])
    assert saved["decision"] == "accepted" and saved["score"] == 0.9 and saved["reasons"] == ["same figure"]
    assert evidence_store.save_link(db, {**link, "passage_id": 7}) != first


def test_each_link_decision_is_kept_in_its_own_trail(db, claim):
    link_id = evidence_store.save_link(db, {"claim_id": claim["id"], "url": "https://example.org/b", "passage": "x"})
    rules.decide_link(db, link_id, "accepted", reviewer_id(db, "bob"))
    decided = rules.decide_link(db, link_id, "rejected", reviewer_id(db, "alice"))
    assert (decided["decision"], decided["decided_by"]) == ("rejected", reviewer_id(db, "alice"))
    trail = review_store.decisions_of_link(db, link_id)
    assert [(d["previous"], d["decision"], d["reviewer_name"]) for d in trail] == \
        [(None, "accepted", "bob"), ("accepted", "rejected", "alice")]
    with pytest.raises(rules.ReviewError):
        rules.decide_link(db, link_id, "maybe", None)
