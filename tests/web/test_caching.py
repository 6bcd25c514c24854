"""Caching: ETag and Last-Modified on every public answer, 304s and kept pages (early and from the view), one
rendering shared by links with tracking parameters, a verdict shown on the next request, and private, uncached
copies for reviewers."""
from __future__ import annotations

from checker.db import get_db
from checker.review import rules
from checker.review import store as review_store
from checker.web.caching import EarlyAnswers
from tests.support.app import make_test_app
from tests.support.public import PRIVATE
from tests.support.review import login, token_on


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


def flask_calls(app) -> list[str]:
    """The paths of the requests that got past the early answers into Flask, from now on."""
    early = app.wsgi_app.wsgi_app
    assert isinstance(early, EarlyAnswers)
    calls, inner = [], early.wsgi_app

    def counted(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return inner(environ, start_response)
    early.wsgi_app = counted
    return calls


def change_status(app, claim_id: int, status: str, note: str) -> None:
    with app.app_context():
        db = get_db()
        version = review_store.claim_state(db, claim_id)["version"]
        rules.change_status(db, claim_id, rules.Change(status, note, version), 1, max_note_chars=10000)


def test_the_early_answers_are_the_views_own_and_every_other_request_goes_to_it(site, tmp_path):
    app, facts = site
    early = app.test_client()
    plain_app = make_test_app(tmp_path, PUBLIC_EARLY_ANSWERS=False, PUBLIC_ORG_NAME=app.config["PUBLIC_ORG_NAME"],
                              PUBLIC_ORG_URL=app.config["PUBLIC_ORG_URL"])
    assert not isinstance(plain_app.wsgi_app.wsgi_app, EarlyAnswers)
    view = plain_app.test_client()
    into_flask = flask_calls(app)
    for path in (f"/claims/{facts['verified']}", f"/api/claims/{facts['false']}"):
        first = view.get(path)
        assert early.get(path).get_data() == first.get_data() and into_flask[-1] == path  # rendered, then kept
        into_flask.clear()
        kept = early.get(path)
        assert into_flask == []  # answered from the kept page, Flask untouched
        assert (kept.status, sorted(kept.headers.items()), kept.get_data()) == \
            (first.status, sorted(first.headers.items()), first.get_data())
        for sent in (first.headers["ETag"], "W/" + first.headers["ETag"]):
            answers = [client.get(path, headers={"If-None-Match": sent}) for client in (early, view)]
            assert [a.status for a in answers] == ["304 NOT MODIFIED"] * 2
            assert [sorted(a.headers.items()) for a in answers] == [sorted(answers[1].headers.items())] * 2
            assert answers[0].get_data() == b""
        assert into_flask == []
        # Everything else is the view's, which answers it in full.
        assert early.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200
        assert early.get(path + "?x=1", headers={"If-None-Match": first.headers["ETag"]}).status_code == 400
        assert early.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
        assert early.head(path).status_code == 200
        assert early.get(path + "?utm_source=x").get_data() == first.get_data()
        with_cookie = app.test_client()
        with_cookie.set_cookie("other", "1")  # the test client drops a Cookie header given by hand
        revalidated = with_cookie.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert revalidated.status_code == 304 and revalidated.headers == answers[1].headers
        assert with_cookie.get(path).get_data() == first.get_data()
        assert into_flask == [path] * 7
        into_flask.clear()
    assert early.get("/claims/999999", headers={"If-None-Match": '"x"'}).status_code == 404
    assert early.get("/claims/999999").status_code == 404
    path = f"/claims/{facts['in_review']}"
    before = early.get(path).headers["ETag"]
    assert early.get(path, headers={"If-None-Match": before}).status_code == 304
    change_status(app, facts["in_review"], "verified", "Checked.")
    assert early.get(path, headers={"If-None-Match": before}).status_code == 200


def test_a_verdict_shows_on_the_next_request_to_every_page_that_shows_the_claim(site):
    app, facts = site
    client = app.test_client()
    claim = facts["in_review"]
    shown = {f"/claims/{claim}": b"Misleading", f"/api/claims/{claim}": b'"status":"misleading"',
             f"/articles/{facts['second']}": f'class="hl hl-misleading" id="claim-{claim}"'.encode(),
             "/claims/?status=misleading": f'/claims/{claim}"'.encode(), "/": f'/claims/{claim}"'.encode(),
             "/feed.atom": f"/claims/{claim}#change".encode(),
             "/api/claims?status=misleading": f'"id":{claim},'.encode(),
             "/export/claims.csv?status=misleading": f"/claims/{claim}".encode()}
    for path, verdict in shown.items():
        for _ in range(2):  # rendered, then kept (and answered early where the layer does)
            assert verdict not in client.get(path).get_data(), path
    change_status(app, claim, "misleading", "Counted twice.")
    for path, verdict in shown.items():
        assert verdict in client.get(path).get_data(), path


def test_a_worker_without_the_render_cache_still_answers_every_claim_page(site, tmp_path):
    app, facts = site
    uncached = make_test_app(tmp_path, PUBLIC_RENDER_CACHE=0)
    client = uncached.test_client()
    into_flask = flask_calls(uncached)
    path = f"/claims/{facts['verified']}"
    assert [client.get(path).status_code for _ in range(3)] == [200] * 3
    assert into_flask == [path] * 3 and not uncached.extensions["public_render_cache"]


def test_a_logged_in_reviewer_gets_private_uncached_copies(site):
    app, facts = site
    client = app.test_client()
    login(client, PRIVATE["admin"])
    response = client.get(f"/claims/{facts['verified']}")
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"] and "ETag" not in response.headers
    anonymous = app.test_client().get(f"/claims/{facts['verified']}")
    assert PRIVATE["admin"] not in anonymous.get_data(as_text=True)


def test_a_message_shown_to_one_visitor_is_never_kept_for_the_others(site):
    app, _ = site
    for kept_already in (False, True):  # the front page not rendered yet, then kept for anonymous readers
        client = app.test_client()
        login(client, PRIVATE["admin"])
        landing = client.post("/logout", data={"csrf_token": token_on(client, "/logout")}, follow_redirects=True)
        assert b"You are logged out." in landing.data and "private" in landing.headers["Cache-Control"]
        for later in (app.test_client().get("/"), client.get("/")):
            assert b"You are logged out." not in later.data and "public" in later.headers["Cache-Control"]


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
