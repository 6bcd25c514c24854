"""The reviewer's claim page when an ingested article repeats a checked claim: "already checked" with the
earlier verdict, its article, date and the match's reasons; one action carries the verdict over (CSRF, 409
on a stale version)."""
from __future__ import annotations

import pytest

from checker.review import rules
from tests.support.appearances import CHECKED, IN_ENGLISH, claim_saying, ingest
from tests.support.review import login, reviewer_id, token_on

RATIONALE = "Tehran denied any such deal; the Post's sources are unnamed."


@pytest.fixture
def pair(app, runner, db):
    first = ingest(runner, CHECKED)
    original = claim_saying(app, first, "1 000 drones")
    rules.change_status(db, original["id"], rules.Change("disputed", RATIONALE, 1), reviewer_id(db, "alice"),
                        max_note_chars=10_000)
    second = ingest(runner, IN_ENGLISH)
    return original, claim_saying(app, second, "1,000 drones")


def carry(client, claim_id, original_id, version, token=None):
    token = token if token is not None else token_on(client, f"/review/claims/{claim_id}")
    return client.post(f"/review/claims/{claim_id}/carry-over",
                       data={"original": str(original_id), "version": str(version), "csrf_token": token})


def test_the_reviewer_sees_the_earlier_verdict_with_its_article_date_and_reasons(app, pair):
    original, repeated = pair
    client = app.test_client()
    login(client, "bob")
    page = client.get(f"/review/claims/{repeated['id']}").get_data(as_text=True)
    assert "Already checked: Disputed</strong>, in" in page
    assert "Moscou et Téhéran ont conclu un accord" in page and ", November 19, 2022" in page  # its article and date (in the reader's words)
    assert RATIONALE.replace("'", "&#39;") in page
    assert "same figure: 1,000 drones" in page and "Tehran ↔ Téhéran" in page  # the match's reasons
    assert f'name="original" value="{original["id"]}"' in page


def test_the_matchs_reasons_read_in_french_in_the_french_workspace(app, pair):
    _original, repeated = pair
    client = app.test_client()
    login(client, "bob")
    page = client.get(f"/review/claims/{repeated['id']}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "même chiffre\u00a0: 1,000 drones" in page and "Tehran ↔ Téhéran" in page
    assert "same figure" not in page


def test_the_ingest_command_says_the_claim_was_already_checked(app, runner, db):
    first = ingest(runner, CHECKED)
    original = claim_saying(app, first, "1 000 drones")
    rules.change_status(db, original["id"], rules.Change("false", "No deal.", 1), reviewer_id(db, "alice"),
                        max_note_chars=10_000)
    result = runner.invoke(args=["ingest", "-"], input=IN_ENGLISH.encode("utf-8"))
    assert result.exit_code == 0
    assert f"repeats claim {original['id']} of article {first}" in result.stderr
    assert "already checked: false" in result.stderr


def test_one_action_carries_the_verdict_over_and_the_public_sees_it(app, pair):
    original, repeated = pair
    client = app.test_client()
    login(client, "bob")
    response = carry(client, repeated["id"], original["id"], 1)
    assert response.status_code == 303
    document = app.test_client().get(f"/api/claims/{repeated['id']}").get_json()
    assert document["status"] == "disputed" and document["version"] == 2
    assert f"Carried over from claim {original['id']}" in document["rationale"]
    assert document["appearances"][0]["confirmed"] is True
    page = app.test_client().get(f"/claims/{repeated['id']}").get_data(as_text=True)
    assert "confirmed by a reviewer" in page


def test_a_stale_version_gets_409_and_changes_nothing(app, pair):
    original, repeated = pair
    client = app.test_client()
    login(client, "bob")
    token = token_on(client, f"/review/claims/{repeated['id']}")
    other = app.test_client()
    login(other, "alice")
    assert other.post(f"/review/claims/{repeated['id']}/status",
                      data={"status": "in_review", "note": "", "version": "1",
                            "csrf_token": token_on(other, f"/review/claims/{repeated['id']}")}).status_code == 303
    late = carry(client, repeated["id"], original["id"], 1, token)
    assert late.status_code == 409 and "Someone else changed this claim" in late.get_data(as_text=True)
    document = app.test_client().get(f"/api/claims/{repeated['id']}").get_json()
    assert document["status"] == "in_review" and len(document["history"]) == 1


def test_carrying_over_needs_the_csrf_token_and_a_login(app, pair):
    original, repeated = pair
    anonymous = app.test_client()
    assert carry(anonymous, repeated["id"], original["id"], 1, token="").status_code in (302, 400, 401)
    client = app.test_client()
    login(client, "bob")
    assert carry(client, repeated["id"], original["id"], 1, token="forged").status_code == 400
    assert app.test_client().get(f"/api/claims/{repeated['id']}").get_json()["status"] == "unreviewed"


def test_not_the_same_claim_hides_the_pair_from_the_public(app, pair):
    original, repeated = pair
    client = app.test_client()
    login(client, "bob")
    token = token_on(client, f"/review/claims/{repeated['id']}")
    response = client.post(f"/review/claims/{repeated['id']}/appearances/{original['id']}/decision",
                           data={"decision": "rejected", "csrf_token": token})
    assert response.status_code == 303
    assert app.test_client().get(f"/api/claims/{repeated['id']}").get_json()["appearances"] == []
    page = client.get(f"/review/claims/{repeated['id']}").get_data(as_text=True)
    assert "Rejected: not the same claim" in page and "Carry “Disputed” over" not in page
    missing = client.post(f"/review/claims/{repeated['id']}/appearances/999/decision",
                          data={"decision": "rejected", "csrf_token": token})
    assert missing.status_code == 404
