"""Carrying a verdict over from the same claim in another article: one transaction, the version checked, a
history row naming the original claim and article, the pair confirmed; and rejecting a pair."""
from __future__ import annotations

import pytest

from checker.evidence import store as evidence_store
from checker.review import rules
from checker.review import store as review_store
from tests.support.appearances import CHECKED, IN_ENGLISH, claim_saying, ingest
from tests.support.review import reviewer_id

RATIONALE = "Tehran denied any such deal; the Post's sources are unnamed."


@pytest.fixture
def pair(app, runner, db):
    """(original claim, its article id, the repeated claim): the original already checked "disputed"."""
    first = ingest(runner, CHECKED)
    original = claim_saying(app, first, "1 000 drones")
    rules.change_status(db, original["id"], rules.Change("disputed", RATIONALE, 1), reviewer_id(db, "alice"),
                        max_note_chars=10_000)
    second = ingest(runner, IN_ENGLISH)
    return original, first, claim_saying(app, second, "1,000 drones")


def test_carrying_the_verdict_over_writes_a_history_row_naming_the_original(db, pair):
    original, article_id, repeated = pair
    result = rules.carry_over_verdict(db, repeated["id"], original["id"], 1, reviewer_id(db, "bob"),
                                      max_note_chars=10_000)
    assert result == {"state": {"id": repeated["id"], "status": "disputed", "version": 2}, "published": True}
    history = review_store.history_of_claim(db, repeated["id"])
    assert [(h["from_status"], h["to_status"], h["reviewer_name"]) for h in history] == \
        [("unreviewed", "disputed", "bob")]
    note = history[0]["note"]
    assert f"claim {original['id']}" in note and f"article {article_id}" in note and "2022-11-19" in note
    assert RATIONALE in note
    assert evidence_store.get_appearance(db, repeated["id"], original["id"])["decision"] == "confirmed"
    assert evidence_store.get_appearance(db, original["id"], repeated["id"])["decision"] == "confirmed"


def test_a_stale_version_carries_nothing_over(db, pair):
    original, _article_id, repeated = pair
    rules.change_status(db, repeated["id"], rules.Change("in_review", "", 1), reviewer_id(db, "alice"),
                        max_note_chars=10_000)
    with pytest.raises(rules.StaleVersion):
        rules.carry_over_verdict(db, repeated["id"], original["id"], 1, reviewer_id(db, "bob"), max_note_chars=10_000)
    assert review_store.claim_state(db, repeated["id"])["status"] == "in_review"
    assert len(review_store.history_of_claim(db, repeated["id"])) == 1
    assert evidence_store.get_appearance(db, repeated["id"], original["id"])["decision"] is None


def test_only_a_published_verdict_of_a_listed_pair_is_carried_over(app, runner, db):
    first = ingest(runner, CHECKED)
    second = ingest(runner, IN_ENGLISH)
    original, repeated = claim_saying(app, first, "1 000 drones"), claim_saying(app, second, "1,000 drones")
    bob = reviewer_id(db, "bob")
    with pytest.raises(rules.ReviewError, match="no verdict to carry over"):
        rules.carry_over_verdict(db, repeated["id"], original["id"], 1, bob, max_note_chars=10_000)
    unrelated = claim_saying(app, second, "Brussels")
    with pytest.raises(rules.ReviewError, match="not listed as the same claim"):
        rules.carry_over_verdict(db, repeated["id"], unrelated["id"], 1, bob, max_note_chars=10_000)
    rules.change_status(db, original["id"], rules.Change("false", "No deal.", 1), bob, max_note_chars=10_000)
    rules.decide_appearance(db, repeated["id"], original["id"], "rejected", bob)
    with pytest.raises(rules.ReviewError, match="not listed as the same claim"):
        rules.carry_over_verdict(db, repeated["id"], original["id"], 1, bob, max_note_chars=10_000)
    assert review_store.history_of_claim(db, repeated["id"]) == []


def test_with_sign_off_required_a_carried_over_verdict_is_a_proposal(db, pair):
    original, _article_id, repeated = pair
    result = rules.carry_over_verdict(db, repeated["id"], original["id"], 1, reviewer_id(db, "bob"),
                                      max_note_chars=10_000, require_signoff=True)
    assert result["published"] is False and result["state"]["status"] == "unreviewed"
    proposal = review_store.pending_proposal(db, repeated["id"])
    assert proposal["status"] == "disputed" and f"claim {original['id']}" in proposal["note"]


def test_the_carried_note_fits_the_note_limit():
    pair = {"other_claim_id": 7, "article_id": 3, "article_title": "Drones", "article_published": "2022-11-19",
            "status": "false", "rationale": "word " * 5000}
    note = rules.carried_over_note(pair, 300)
    assert len(note) <= 300 and note.startswith("Carried over from claim 7 in article 3 (“Drones”, 2022-11-19)")
    assert note.endswith("…")


def test_decisions_on_a_pair_are_appended_and_apply_both_ways(db, pair):
    original, _article_id, repeated = pair
    bob = reviewer_id(db, "bob")
    rules.decide_appearance(db, repeated["id"], original["id"], "rejected", bob)
    rules.decide_appearance(db, original["id"], repeated["id"], "confirmed", bob)
    rows = db.execute("SELECT claim_id, decision, previous FROM appearance_decisions ORDER BY id").fetchall()
    assert rows == [(repeated["id"], "rejected", None), (original["id"], "confirmed", "rejected")]
    assert evidence_store.get_appearance(db, repeated["id"], original["id"])["decision"] == "confirmed"
    with pytest.raises(rules.ReviewError):
        rules.decide_appearance(db, repeated["id"], original["id"], "maybe", bob)
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM appearance_decisions")
