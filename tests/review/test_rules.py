"""The review workflow: rules, status changes with history, optimistic locking, sign-off, comments, links, queue."""
from __future__ import annotations

import sqlite3

import pytest

from checker.db import get_db, open_db
from checker.evidence import store as evidence_store
from checker.review import rules, statuses
from checker.review import store as review_store
from checker.text import display

try:  # tests/ as a package (tests/__init__.py) or as plain files on sys.path
    from tests.review_support import add_reviewer, first_claim, load_article, login, make_app, token_on
except ModuleNotFoundError:
    from review_support import add_reviewer, first_claim, load_article, login, make_app, token_on

MAX_NOTE = 10_000


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    add_reviewer(app, "alice", "admin")
    add_reviewer(app, "bob")
    return app


@pytest.fixture
def claim(app):
    return first_claim(app, load_article(app))


@pytest.fixture
def db(app):
    database = open_db(app.config["CHECKER_DB"])
    yield database
    database.close()


def _id(db, username):
    return review_store.reviewer_by_username(db, username)["id"]


def _post_status(client, claim_id, status, note, version, token=None):
    token = token or token_on(client, f"/review/claims/{claim_id}")
    return client.post(f"/review/claims/{claim_id}/status",
                       data={"status": status, "note": note, "version": str(version), "csrf_token": token})


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


def test_workflow_states_and_verdicts_are_kept_apart():
    assert set(statuses.WORKFLOW) == {"unreviewed", "in_review"}
    assert set(statuses.VERDICTS) == {"verified", "disputed", "false", "misleading", "unverifiable"}
    assert not set(statuses.WORKFLOW) & set(statuses.VERDICTS)


def test_scraped_markup_becomes_plain_text_and_only_web_links_survive():
    assert display.plain_text('<p onclick="x()">1 000 <script>alert(1)</script>drones</p>') == "1 000 drones"
    assert display.plain_text("5 < 6 & 7") == "5 < 6 & 7"
    assert display.safe_link("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil.example", "/relative"):
        assert display.safe_link(bad) is None, bad


def test_highlight_finds_figures_in_any_spelling_and_names():
    claim = {"quantities": [{"text": "1 000 drones", "value": 1000}], "entities": [{"text": "Téhéran"}],
             "attribution": {"source": "Washington Post"}}
    pieces = display.highlight("Téhéran would build 1,000 drones, the Washington Post said; 10000 no.",
                              display.highlight_terms(claim))
    assert [text for text, hit in pieces if hit] == ["Téhéran", "1,000", "Washington Post"]


# --- status changes in the store -------------------------------------------------------------------

def test_a_change_updates_the_status_and_appends_history_in_one_go(db, claim):
    bob = _id(db, "bob")
    result = rules.change_status(db, claim["id"], rules.Change("disputed", "Two sources disagree.", 1), bob,
                                 max_note_chars=MAX_NOTE)
    assert result == {"state": {"id": claim["id"], "status": "disputed", "version": 2}, "published": True}
    [row] = review_store.history_of_claim(db, claim["id"])
    assert (row["from_status"], row["to_status"], row["note"], row["reviewer_name"], row["version"]) == \
        ("unreviewed", "disputed", "Two sources disagree.", "bob", 2)
    assert row["created_at"]


def test_stale_version_raises_and_changes_nothing(db, claim):
    bob = _id(db, "bob")
    rules.change_status(db, claim["id"], rules.Change("in_review", "", 1), bob, max_note_chars=MAX_NOTE)
    with pytest.raises(rules.StaleVersion) as raised:
        rules.change_status(db, claim["id"], rules.Change("false", "late", 1), bob, max_note_chars=MAX_NOTE)
    assert raised.value.current == {"id": claim["id"], "status": "in_review", "version": 2}
    assert review_store.claim_state(db, claim["id"])["status"] == "in_review"
    assert len(review_store.history_of_claim(db, claim["id"])) == 1


def test_a_refused_change_writes_nothing(db, claim):
    with pytest.raises(rules.ReviewError):
        rules.change_status(db, claim["id"], rules.Change("false", "", 1), _id(db, "bob"), max_note_chars=MAX_NOTE)
    assert review_store.claim_state(db, claim["id"]) == {"id": claim["id"], "status": "unreviewed", "version": 1}
    assert review_store.history_of_claim(db, claim["id"]) == []


def test_history_is_append_only_in_the_database_itself(db, claim):
    rules.change_status(db, claim["id"], rules.Change("in_review", "", 1), _id(db, "bob"), max_note_chars=MAX_NOTE)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE status_history SET note = 'rewritten'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM status_history")


def test_with_signoff_a_verdict_waits_for_a_second_reviewer(db, claim):
    alice, bob = _id(db, "alice"), _id(db, "bob")
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
    bob, alice = _id(db, "bob"), _id(db, "alice")
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
    rules.decide_link(db, first, "accepted", _id(db, "bob"))
    again = evidence_store.save_link(db, {**link, "score": 0.9})
    assert again == first
    [saved] = evidence_store.links_of_claim(db, claim["id"])
    assert saved["decision"] == "accepted" and saved["score"] == 0.9 and saved["reasons"] == ["same figure"]
    assert evidence_store.save_link(db, {**link, "passage_id": 7}) != first


def test_each_link_decision_is_kept_in_its_own_trail(db, claim):
    link_id = evidence_store.save_link(db, {"claim_id": claim["id"], "url": "https://example.org/b", "passage": "x"})
    rules.decide_link(db, link_id, "accepted", _id(db, "bob"))
    decided = rules.decide_link(db, link_id, "rejected", _id(db, "alice"))
    assert (decided["decision"], decided["decided_by"]) == ("rejected", _id(db, "alice"))
    trail = review_store.decisions_of_link(db, link_id)
    assert [(d["previous"], d["decision"], d["reviewer_name"]) for d in trail] == \
        [(None, "accepted", "bob"), ("accepted", "rejected", "alice")]
    with pytest.raises(rules.ReviewError):
        rules.decide_link(db, link_id, "maybe", None)


# --- the web workflow ------------------------------------------------------------------------------

def test_a_reviewer_sets_a_verdict_and_the_public_sees_status_rationale_and_history(app, claim):
    client = app.test_client()
    login(client, "bob")
    response = _post_status(client, claim["id"], "disputed", "The ministry denies the figure.", 1)
    assert response.status_code == 303
    document = app.test_client().get(f"/api/claims/{claim['id']}").get_json()
    assert document["status"] == "disputed" and document["version"] == 2
    assert document["rationale"] == "The ministry denies the figure."
    assert [{k: h[k] for k in ("from", "to", "note")} for h in document["history"]] == \
        [{"from": "unreviewed", "to": "disputed", "note": "The ministry denies the figure."}]
    page = app.test_client().get(f"/claims/{claim['id']}").get_data(as_text=True)
    assert "Disputed" in page and "The ministry denies the figure." in page


def test_history_is_oldest_first_in_the_api(app, claim):
    client = app.test_client()
    login(client, "bob")
    _post_status(client, claim["id"], "in_review", "", 1)
    _post_status(client, claim["id"], "verified", "Checked.", 2)
    history = app.test_client().get(f"/api/claims/{claim['id']}").get_json()["history"]
    assert [h["to"] for h in history] == ["in_review", "verified"]
    assert set(history[0]) == {"from", "to", "note", "at"}


def test_two_sessions_on_one_claim_the_second_gets_409_with_the_current_state(app, claim):
    first, second = app.test_client(), app.test_client()
    login(first, "alice")
    login(second, "bob")
    token_first = token_on(first, f"/review/claims/{claim['id']}")
    token_second = token_on(second, f"/review/claims/{claim['id']}")
    assert _post_status(first, claim["id"], "false", "First verdict.", 1, token_first).status_code == 303
    late = _post_status(second, claim["id"], "verified", "My note must not be lost.", 1, token_second)
    assert late.status_code == 409
    html = late.get_data(as_text=True)
    assert "Someone else changed this claim" in html and "False" in html
    assert "My note must not be lost." in html
    assert 'name="version" value="2"' in html  # resubmitting from here is a deliberate overwrite
    state = app.test_client().get(f"/api/claims/{claim['id']}").get_json()
    assert state["status"] == "false" and len(state["history"]) == 1


def test_a_stale_write_from_an_api_client_gets_json_409(app, claim):
    client = app.test_client()
    login(client, "bob")
    token = token_on(client, f"/review/claims/{claim['id']}")
    _post_status(client, claim["id"], "in_review", "", 1, token)
    response = client.post(f"/review/claims/{claim['id']}/status", headers={"Accept": "application/json"},
                           data={"status": "false", "note": "x", "version": "1", "csrf_token": token})
    assert response.status_code == 409
    assert response.get_json()["current"] == {"id": claim["id"], "status": "in_review", "version": 2}


@pytest.mark.parametrize("form, problem", [
    ({"status": "false", "note": "", "version": "1"}, "needs a rationale"),
    ({"status": "nonsense", "note": "x", "version": "1"}, "Not a valid choice"),
    ({"status": "false", "note": "x"}, "version"),
    ({"status": "false", "note": "x", "version": "abc"}, "version"),
])
def test_a_bad_status_form_gets_400_and_changes_nothing(app, claim, form, problem):
    client = app.test_client()
    login(client, "bob")
    token = token_on(client, f"/review/claims/{claim['id']}")
    response = client.post(f"/review/claims/{claim['id']}/status", data={**form, "csrf_token": token})
    assert response.status_code == 400
    assert problem in response.get_data(as_text=True)
    assert app.test_client().get(f"/api/claims/{claim['id']}").get_json()["version"] == 1


def test_an_unknown_claim_is_404(app):
    client = app.test_client()
    login(client, "bob")
    assert client.get("/review/claims/999").status_code == 404
    token = token_on(client, "/review/")
    assert client.post("/review/claims/999/status", data={"status": "false", "note": "x", "version": "1",
                                                          "csrf_token": token}).status_code == 404
    assert app.test_client().get("/api/claims/999").status_code == 404


def test_internal_comments_are_shown_to_reviewers_and_never_published(app, claim):
    client = app.test_client()
    login(client, "bob")
    token = token_on(client, f"/review/claims/{claim['id']}")
    client.post(f"/review/claims/{claim['id']}/comments", data={"body": "Call the embassy first.", "csrf_token": token})
    _post_status(client, claim["id"], "in_review", "", 1, token)
    assert "Call the embassy first." in client.get(f"/review/claims/{claim['id']}").get_data(as_text=True)
    public = app.test_client()
    for path in (f"/claims/{claim['id']}", f"/api/claims/{claim['id']}", f"/api/articles/{claim['article_id']}",
                 f"/articles/{claim['article_id']}"):
        assert "embassy" not in public.get(path).get_data(as_text=True), path


def test_the_public_never_sees_a_verdict_before_it_is_signed_off(tmp_path):
    app = make_app(tmp_path, REVIEW_REQUIRE_SIGNOFF=True)
    add_reviewer(app, "alice")
    add_reviewer(app, "bob")
    claim = first_claim(app, load_article(app))
    bob, alice = app.test_client(), app.test_client()
    login(bob, "bob")
    login(alice, "alice")
    assert _post_status(bob, claim["id"], "false", "Secret until signed.", 1).status_code == 303
    public = app.test_client().get(f"/api/claims/{claim['id']}").get_json()
    assert public["status"] == "unreviewed" and "Secret" not in str(public)
    token = token_on(alice, f"/review/claims/{claim['id']}")
    assert "Secret until signed." in alice.get(f"/review/claims/{claim['id']}").get_data(as_text=True)
    signed = alice.post(f"/review/claims/{claim['id']}/signoff",
                        data={"version": "2", "decision": "sign-off", "csrf_token": token})
    assert signed.status_code == 303
    public = app.test_client().get(f"/api/claims/{claim['id']}").get_json()
    assert public["status"] == "false" and public["rationale"] == "Secret until signed."


def test_assigning_a_claim_feeds_the_assigned_to_me_filter(app, claim):
    client = app.test_client()
    login(client, "alice")
    with app.app_context():
        bob = _id(get_db(), "bob")
    token = token_on(client, f"/review/claims/{claim['id']}")
    assert client.post(f"/review/claims/{claim['id']}/assign",
                       data={"reviewer_id": str(bob), "csrf_token": token}).status_code == 303
    bob_client = app.test_client()
    login(bob_client, "bob")
    mine = bob_client.get("/review/?mine=1&scope=all").get_data(as_text=True)
    assert f"/review/claims/{claim['id']}\"" in mine
    assert "1 claim." in mine
    assert f"/review/claims/{claim['id']}\"" not in client.get("/review/?mine=1&scope=all").get_data(as_text=True)


def test_the_queue_orders_by_status_then_checkworthiness_and_counts_each_status(app, claim, db):
    rules.change_status(db, claim["id"], rules.Change("verified", "ok", 1), _id(db, "bob"), max_note_chars=MAX_NOTE)
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


def test_the_queue_page_shows_counts_and_filters(app, claim):
    client = app.test_client()
    login(client, "bob")
    page = client.get("/review/?status=unreviewed&scope=all")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Unreviewed" in html and "has conflicts" in html and "assigned to me" in html


def test_the_claim_view_works_with_no_links_and_no_sources(app, claim):
    client = app.test_client()
    login(client, "bob")
    html = client.get(f"/review/claims/{claim['id']}").get_data(as_text=True)
    assert "No evidence linked yet." in html
    assert "<mark class=\"sentence\">" in html
    assert 'name="status"' in html and 'name="note"' in html and 'name="version" value="1"' in html


def test_hostile_evidence_is_shown_as_text_and_its_links_go_nowhere(app, claim, db):
    evidence_store.save_link(db, {"claim_id": claim["id"], "url": "javascript:alert(document.cookie)",
                         "passage": '<img src=x onerror="alert(1)"><script>alert(2)</script>1 000 drones '
                                    '<a href="javascript:alert(3)">more</a>', "conflicts": ["<b>bold</b> claim"]})
    client = app.test_client()
    login(client, "bob")
    html = client.get(f"/review/claims/{claim['id']}").get_data(as_text=True)
    assert "<script>alert" not in html and "onerror=" not in html
    assert 'href="javascript:' not in html
    assert "<mark>1 000 drones</mark>" in html or "<mark>1 000</mark>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_accepting_and_rejecting_a_link_from_the_claim_view(app, claim, db):
    link_id = evidence_store.save_link(db, {"claim_id": claim["id"], "url": "https://example.org/d", "passage": "1 000 drones"})
    client = app.test_client()
    login(client, "bob")
    token = token_on(client, f"/review/claims/{claim['id']}")
    response = client.post(f"/review/links/{link_id}/decision", data={"decision": "accepted", "csrf_token": token})
    assert response.status_code == 303
    assert evidence_store.get_link(db, link_id)["decision"] == "accepted"
    bad = client.post(f"/review/links/{link_id}/decision", data={"decision": "maybe", "csrf_token": token})
    assert bad.status_code == 400
    assert 'rel="noopener noreferrer"' in client.get(f"/review/claims/{claim['id']}").get_data(as_text=True)


def test_adding_evidence_by_a_non_web_address_is_refused(app, claim):
    client = app.test_client()
    login(client, "bob")
    token = token_on(client, f"/review/claims/{claim['id']}")
    bad = client.post(f"/review/claims/{claim['id']}/evidence/url", data={"url": "javascript:alert(1)",
                                                                         "csrf_token": token})
    assert bad.status_code == 400


def test_public_article_api_carries_status_version_and_history_per_claim(app, claim):
    document = app.test_client().get(f"/api/articles/{claim['article_id']}").get_json()
    assert set(document) >= {"article", "claims", "skipped"}
    for item in document["claims"]:
        assert item["status"] == "unreviewed" and item["version"] == 1 and item["history"] == []
