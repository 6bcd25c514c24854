"""What reviewers and readers see once `flask recheck` found a source edited or removed after the verdict: the
difference in the workspace (escaped, never the page's markup), the claim flagged and the queue's "evidence
changed" filter, and the public claim page's note, until a verdict is given again."""
from __future__ import annotations

import pytest

from checker.db import get_db
from checker.review import rules
from checker.review import store as review_store
from tests.support.recheck import (
    CORRECTED,
    SECOND,
    Site,
    archive_as_evidence,
    page,
    recheck_app,
    run,
)
from tests.support.review import add_reviewer, login


@pytest.fixture
def app(tmp_path):
    app = recheck_app(tmp_path)
    add_reviewer(app, "bob")
    return app


@pytest.fixture
def site(httpserver):
    return Site(httpserver)


@pytest.fixture
def reviewer(app):
    client = app.test_client()
    login(client, "bob")
    return client


def edit(site, *paragraphs):
    site.body, site.etag = page(*paragraphs), '"v2"'


def test_reviewers_see_what_changed_struck_out_and_put_in(app, site, reviewer):
    done = archive_as_evidence(app, site)
    edit(site, CORRECTED, SECOND)
    [checked] = run(app)["checked"]
    html = reviewer.get(f"/review/claims/{done['claim_id']}").get_data(as_text=True)
    assert "Accepted evidence changed" in html and "the accepted passage is no longer there" in html
    change_page = f"/review/source-changes/{checked['change_id']}"
    assert change_page in html
    diff = reviewer.get(change_page)
    assert diff.status_code == 200
    text = diff.get_data(as_text=True)
    assert "<del>1 000</del>" in text and "<ins>400</ins>" in text
    assert f"/review/claims/{done['claim_id']}" in text


def test_the_difference_shows_hostile_text_escaped(app, site, reviewer):
    archive_as_evidence(app, site)
    edit(site, CORRECTED, SECOND, "Ajout: &lt;script&gt;alert(1)&lt;/script&gt; &lt;b onmouseover=x&gt;gras&lt;/b&gt;")
    [checked] = run(app)["checked"]
    text = reviewer.get(f"/review/source-changes/{checked['change_id']}").get_data(as_text=True)
    assert "<script>alert" not in text and "<b onmouseover" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_difference_page_needs_a_reviewer_and_unknown_changes_are_404(app, site, reviewer):
    assert app.test_client().get("/review/source-changes/1").status_code in (302, 401)
    assert reviewer.get("/review/source-changes/99").status_code == 404


def test_the_queue_filters_claims_whose_evidence_changed(app, site, reviewer):
    done = archive_as_evidence(app, site)
    link = f'href="/review/claims/{done["claim_id"]}"'
    assert link not in reviewer.get("/review/?changed=1&scope=all").get_data(as_text=True)
    edit(site, CORRECTED, SECOND)
    run(app)
    flagged = reviewer.get("/review/?changed=1&scope=all").get_data(as_text=True)
    assert link in flagged and "evidence changed" in flagged
    assert reviewer.get("/review/?changed=2").status_code == 400


def test_the_public_page_says_the_source_was_edited_after_the_verdict(app, site):
    done = archive_as_evidence(app, site)
    reader = app.test_client()
    assert "was edited" not in reader.get(f"/claims/{done['claim_id']}").get_data(as_text=True)
    edit(site, CORRECTED, SECOND)
    [checked] = run(app)["checked"]
    html = reader.get(f"/claims/{done['claim_id']}").get_data(as_text=True)
    assert f"was edited on <time datetime=\"{checked['checked_at'][:10]}\">" in html
    assert "after this verdict" in html


def test_the_api_says_the_source_was_edited_after_the_verdict(app, site):
    done = archive_as_evidence(app, site)
    reader = app.test_client()
    assert reader.get(f"/api/claims/{done['claim_id']}").get_json()["source_changes"] == []
    edit(site, CORRECTED, SECOND)
    [checked] = run(app)["checked"]
    [change] = reader.get(f"/api/claims/{done['claim_id']}").get_json()["source_changes"]
    assert change["kind"] == "changed" and change["after_verdict"] is True
    assert change["date"] == checked["checked_at"][:10] and change["url"].startswith("http")


def test_the_public_page_says_the_source_was_removed(app, site):
    done = archive_as_evidence(app, site)
    site.status, site.etag = 410, None
    run(app)
    html = app.test_client().get(f"/claims/{done['claim_id']}").get_data(as_text=True)
    assert "was removed after this verdict" in html


def test_a_source_edited_before_any_verdict_gets_no_public_note_but_is_flagged(app, site, reviewer):
    done = archive_as_evidence(app, site, verdict=None)
    edit(site, CORRECTED, SECOND)
    assert run(app)["flagged_claims"] == [done["claim_id"]]
    assert "was edited" not in app.test_client().get(f"/claims/{done['claim_id']}").get_data(as_text=True)
    assert f'href="/review/claims/{done["claim_id"]}"' in reviewer.get("/review/?changed=1&scope=all").get_data(
        as_text=True)


def test_a_verdict_given_again_settles_the_flag_and_the_note(app, site, reviewer):
    done = archive_as_evidence(app, site)
    edit(site, CORRECTED, SECOND)
    run(app)
    with app.app_context():
        db = get_db()
        state = review_store.claim_state(db, done["claim_id"])
        rules.change_status(db, done["claim_id"], rules.Change("false", "Corrected since: 400 drones, still false.",
                                                               state["version"]),
                           review_store.reviewer_by_username(db, "bob")["id"], max_note_chars=10_000)
    assert f'href="/review/claims/{done["claim_id"]}"' not in reviewer.get("/review/?changed=1&scope=all").get_data(
        as_text=True)
    assert "was edited" not in app.test_client().get(f"/claims/{done['claim_id']}").get_data(as_text=True)
    assert "settled" in reviewer.get(f"/review/claims/{done['claim_id']}").get_data(as_text=True)


def test_rejecting_the_changed_evidence_settles_the_flag(app, site, reviewer):
    done = archive_as_evidence(app, site)
    edit(site, CORRECTED, SECOND)
    run(app)
    with app.app_context():
        db = get_db()
        rules.decide_link(db, done["link_id"], "rejected", review_store.reviewer_by_username(db, "bob")["id"])
    assert f'href="/review/claims/{done["claim_id"]}"' not in reviewer.get("/review/?changed=1&scope=all").get_data(
        as_text=True)
