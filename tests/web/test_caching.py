"""Caching: ETag and Last-Modified on every public answer, 304s (early and from the view), one rendering shared by
links with tracking parameters, and private, uncached copies for reviewers."""
from __future__ import annotations

from checker.db import get_db
from checker.review import rules
from checker.review import store as review_store
from checker.web.caching import EarlyRevalidation
from tests.support.app import make_test_app
from tests.support.public import PRIVATE
from tests.support.review import login


def test_links_shared_with_tracking_parameters_still_work_and_share_one_rendering(site):
    app, facts = site
    client = app.test_client()
    plain = client.get(f"/claims/{facts['verified']}")
    cache = app.extensions["public_render_cache"]
    kept = len(cache)
    for click in range(5):
        shared = client.get(f"/claims/{facts['verified']}?fbclid=click{click}&utm_source=social")
        assert shared.status_code == 200 and shared.get_data() == plain.get_data()
    assert len(cache) == kept
    assert client.get("/claims/?status=false&utm_campaign=x").status_code == 200


def test_pages_revalidate_with_304_and_change_after_a_review(site):
    app, facts = site
    client = app.test_client()
    for path in (f"/claims/{facts['false']}", f"/articles/{facts['second']}", "/", "/claims/", "/feed.atom",
                 "/export/claims.csv", f"/api/claims/{facts['false']}", "/api/claims"):
        first = client.get(path)
        assert first.headers["ETag"] and first.headers["Last-Modified"], path
        assert "public" in first.headers["Cache-Control"] and "max-age=" in first.headers["Cache-Control"]
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b"", path
        since = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
        assert since.status_code == 304, path
    before = client.get(f"/claims/{facts['false']}")
    with app.app_context():
        db = get_db()
        state = review_store.claim_state(db, facts["false"])
        reviewer = review_store.reviewer_by_username(db, PRIVATE["admin"])
        rules.change_status(db, facts["false"], rules.Change("misleading", "Counted twice.", state["version"]),
                            reviewer["id"], max_note_chars=100)
    after = client.get(f"/claims/{facts['false']}", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and b"Misleading" in after.data
    listing = client.get("/claims/?status=misleading")
    assert f'/claims/{facts["false"]}"'.encode() in listing.data


def test_the_early_304_answers_as_the_view_does_and_leaves_every_other_request_to_it(site, tmp_path):
    app, facts = site
    early = app.test_client()
    assert isinstance(app.wsgi_app.wsgi_app, EarlyRevalidation)
    plain_app = make_test_app(tmp_path, PUBLIC_EARLY_304=False, PUBLIC_ORG_NAME=app.config["PUBLIC_ORG_NAME"],
                              PUBLIC_ORG_URL=app.config["PUBLIC_ORG_URL"])
    assert not isinstance(plain_app.wsgi_app.wsgi_app, EarlyRevalidation)
    view = plain_app.test_client()
    for path in (f"/claims/{facts['verified']}", f"/api/claims/{facts['false']}"):
        first = view.get(path)
        assert early.get(path).headers["ETag"] == first.headers["ETag"]
        for sent in (first.headers["ETag"], "W/" + first.headers["ETag"]):
            answers = [client.get(path, headers={"If-None-Match": sent}) for client in (early, view)]
            assert [a.status for a in answers] == ["304 NOT MODIFIED"] * 2
            assert [sorted(a.headers.items()) for a in answers] == [sorted(answers[1].headers.items())] * 2
            assert answers[0].get_data() == b""
        assert early.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200
        assert early.get(path + "?x=1", headers={"If-None-Match": first.headers["ETag"]}).status_code == 400
        with_cookie = early.get(path, headers={"If-None-Match": first.headers["ETag"], "Cookie": "other=1"})
        assert with_cookie.status_code == 304 and with_cookie.headers == answers[1].headers
    assert early.get("/claims/999999", headers={"If-None-Match": '"x"'}).status_code == 404
    path = f"/claims/{facts['in_review']}"
    before = early.get(path).headers["ETag"]
    assert early.get(path, headers={"If-None-Match": before}).status_code == 304
    with app.app_context():
        db = get_db()
        rules.change_status(db, facts["in_review"], rules.Change("verified", "Checked.",
                                                                  review_store.claim_state(db, facts["in_review"])["version"]),
                            1, max_note_chars=10000)
    assert early.get(path, headers={"If-None-Match": before}).status_code == 200


def test_a_logged_in_reviewer_gets_private_uncached_copies(site):
    app, facts = site
    client = app.test_client()
    login(client, PRIVATE["admin"])
    response = client.get(f"/claims/{facts['verified']}")
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"] and "ETag" not in response.headers
    anonymous = app.test_client().get(f"/claims/{facts['verified']}")
    assert PRIVATE["admin"] not in anonymous.get_data(as_text=True)


def test_api_lists_and_documents_revalidate(site):
    app, facts = site
    client = app.test_client()
    for path in ("/api/", "/api/claims", "/api/articles", "/api/sources", f"/api/articles/{facts['first']}"):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["ETag"], path
        assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304, path


def test_reviewer_pages_are_not_cached(app):
    client = app.test_client()
    login(client, "bob")
    assert client.get("/review/").headers["Cache-Control"] == "no-store"
