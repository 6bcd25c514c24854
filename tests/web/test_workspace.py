"""The reviewer workspace through the test client: verdicts the public sees, 409 on stale writes, sign-off,
comments, assignment, the queue page, and the claim view beside its evidence."""
from __future__ import annotations

import pytest

from checker.db import get_db
from checker.evidence import store as evidence_store
from tests.support.app import make_test_app
from tests.support.articles import first_claim, load_article
from tests.support.review import add_reviewer, login, reviewer_id, token_on


def post_status(client, claim_id, status, note, version, token=None):
    token = token or token_on(client, f"/review/claims/{claim_id}")
    return client.post(f"/review/claims/{claim_id}/status",
                       data={"status": status, "note": note, "version": str(version), "csrf_token": token})


def test_a_reviewer_sets_a_verdict_and_the_public_sees_status_rationale_and_history(app, claim):
    client = app.test_client()
    login(client, "bob")
    response = post_status(client, claim["id"], "disputed", "The ministry denies the figure.", 1)
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
    post_status(client, claim["id"], "in_review", "", 1)
    post_status(client, claim["id"], "verified", "Checked.", 2)
    history = app.test_client().get(f"/api/claims/{claim['id']}").get_json()["history"]
    assert [h["to"] for h in history] == ["in_review", "verified"]
    assert set(history[0]) == {"from", "to", "note", "at"}


def test_two_sessions_on_one_claim_the_second_gets_409_with_the_current_state(app, claim):
    first, second = app.test_client(), app.test_client()
    login(first, "alice")
    login(second, "bob")
    token_first = token_on(first, f"/review/claims/{claim['id']}")
    token_second = token_on(second, f"/review/claims/{claim['id']}")
    assert post_status(first, claim["id"], "false", "First verdict.", 1, token_first).status_code == 303
    late = post_status(second, claim["id"], "verified", "My note must not be lost.", 1, token_second)
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
    post_status(client, claim["id"], "in_review", "", 1, token)
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
    post_status(client, claim["id"], "in_review", "", 1, token)
    assert "Call the embassy first." in client.get(f"/review/claims/{claim['id']}").get_data(as_text=True)
    public = app.test_client()
    for path in (f"/claims/{claim['id']}", f"/api/claims/{claim['id']}", f"/api/articles/{claim['article_id']}",
                 f"/articles/{claim['article_id']}"):
        assert "embassy" not in public.get(path).get_data(as_text=True), path


def test_the_public_never_sees_a_verdict_before_it_is_signed_off(tmp_path):
    app = make_test_app(tmp_path, REVIEW_REQUIRE_SIGNOFF=True)
    add_reviewer(app, "alice")
    add_reviewer(app, "bob")
    claim = first_claim(app, load_article(app))
    bob, alice = app.test_client(), app.test_client()
    login(bob, "bob")
    login(alice, "alice")
    assert post_status(bob, claim["id"], "false", "Secret until signed.", 1).status_code == 303
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
        bob = reviewer_id(get_db(), "bob")
    token = token_on(client, f"/review/claims/{claim['id']}")
    assert client.post(f"/review/claims/{claim['id']}/assign",
                       data={"reviewer_id": str(bob), "csrf_token": token}).status_code == 303
    bob_client = app.test_client()
    login(bob_client, "bob")
    mine = bob_client.get("/review/?mine=1&scope=all").get_data(as_text=True)
    assert f"/review/claims/{claim['id']}\"" in mine
    assert "1 claim." in mine
    assert f"/review/claims/{claim['id']}\"" not in client.get("/review/?mine=1&scope=all").get_data(as_text=True)


def test_the_queue_page_shows_counts_and_filters(app, claim):
    client = app.test_client()
    login(client, "bob")
    page = client.get("/review/?status=unreviewed&scope=all")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Unreviewed" in html and "has conflicts" in html and "assigned to me" in html


def test_the_queue_names_the_cited_sources_rather_than_their_ids(app, claim):
    client = app.test_client()
    login(client, "bob")
    html = client.get("/review/?scope=all").get_data(as_text=True)
    assert '<option value="washington-post" >The Washington Post</option>' in html
    assert "<td>The Washington Post</td>" in html and "<td>washington-post</td>" not in html


def test_the_queue_names_who_a_claim_cites_when_the_registry_does_not_know_them(app):
    load_article(app, "date 2022-11-16 Le secrétaire général de l’Alliance, Jens Stoltenberg, a précisé que rien "
                      "n’indiquait une attaque délibérée contre la Pologne.\n")
    add_reviewer(app, "carol")
    client = app.test_client()
    login(client, "carol")
    html = client.get("/review/?scope=all").get_data(as_text=True)
    assert '<td><span lang="fr">Jens Stoltenberg</span></td>' in html


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


def test_claim_view_says_no_evidence_was_found_in_how_many_documents_after_linking(tmp_path):
    app = make_test_app(tmp_path)
    add_reviewer(app, "journalist")
    article_id = load_article(app)
    claim = first_claim(app, article_id)
    client = app.test_client()
    login(client, "journalist")
    assert "No evidence linked yet." in client.get(f"/review/claims/{claim['id']}").get_data(as_text=True)

    result = app.test_cli_runner().invoke(args=["link", str(article_id)])
    assert result.exit_code == 0, result.stderr
    page = client.get(f"/review/claims/{claim['id']}").get_data(as_text=True)
    assert "No evidence found in 0 documents from 0 sources" in page
