"""The review queue: ordered by status then check-worthiness, counted per status, filtered."""
from __future__ import annotations

from checker.config import Config
from checker.evidence import store as evidence_store
from checker.review import rules
from checker.review import store as review_store
from tests.support.articles import load_article
from tests.support.review import reviewer_id

MAX_NOTE = Config.REVIEW_MAX_NOTE_CHARS


def test_the_queue_orders_by_status_then_checkworthiness_and_counts_each_status(app, claim, db):
    rules.change_status(db, claim["id"], rules.Change("verified", "ok", 1), reviewer_id(db, "bob"),
                        max_note_chars=MAX_NOTE)
    rows, total = review_store.review_queue(db, {}, limit=100)
    assert total == len(rows) >= 2
    assert rows[-1]["id"] == claim["id"]  # done work goes last
    scores = [(r["checkworthy"], r["score"]) for r in rows if r["status"] == "unreviewed"]
    assert scores == sorted(scores, reverse=True)
    counts = review_store.status_counts(db, {})
    assert counts["verified"] == 1 and counts["unreviewed"] == total - 1
    assert review_store.review_queue(db, {"status": "verified"}, limit=100)[1] == 1


def test_the_queue_filters_by_article_source_and_conflicts(app, claim, db):
    other = load_article(app, "date 2022-11-20 Le ministère de la Défense a annoncé samedi que 40 000 soldats "
                              "étaient arrivés à Kiev, selon l’agence Reuters, qui cite des responsables.\n")
    assert {r["article_id"] for r in review_store.review_queue(db, {"article_id": other}, limit=100)[0]} == {other}
    assert review_store.review_queue(db, {"has_conflicts": True}, limit=100)[1] == 0
    evidence_store.save_link(db, {"claim_id": claim["id"], "url": "https://example.org/c", "passage": "500 drones",
                         "conflicts": ["500 drones, not 1 000"]})
    assert [r["id"] for r in review_store.review_queue(db, {"has_conflicts": True}, limit=100)[0]] == [claim["id"]]
    if claim["source_id"]:
        assert claim["id"] in [r["id"] for r in review_store.review_queue(db, {"source_id": claim["source_id"]}, limit=100)[0]]
