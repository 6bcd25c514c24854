"""What an anonymous reader's request does not do (issue 19): no cookie is ever set on the public side, and a
request without a session cookie opens no session, loads no reviewer and makes no CSRF token; the login limit
runs on the login routes alone. A request that carries a session cookie still gets all of it."""
from __future__ import annotations

import pytest
from flask_wtf import csrf as flask_wtf_csrf

from checker.web import auth
from tests.support.public import PRIVATE, crawl
from tests.support.review import login

CRAWL_FROM = ("/", "/feed.atom", "/export/claims.csv", "/api/", "/api/openapi.json", "/sources/",
              "/claims/?status=reviewed", "/search?q=drones")
# Public answers that are not pages a crawler finds: errors, refused parameters, files, tracking parameters.
ODD_PATHS = ("/no-such-page", "/claims/999999", "/claims/abc", "/claims/?status=bogus", "/api/claims/999999",
             "/api/claims?limit=0", "/search?q=" + "x" * 500, "/static/site.css", "/static/favicon.svg",
             "/claims/1?utm_source=newsletter")


def public_answers(app, facts):
    """Every public answer an anonymous reader can get: each page of the crawl, fetched plain, revalidated
    (If-None-Match, both early and through the view) and with HEAD, and the odd ones."""
    client = app.test_client()
    pages = crawl(client, CRAWL_FROM)
    assert len(pages) > 30
    answers = list(pages.items())
    for path, response in pages.items():
        if response.headers.get("ETag"):
            answers.append((path + " (304)", client.get(path, headers={"If-None-Match": response.headers["ETag"]})))
    answers += [(path + " (HEAD)", client.head(path)) for path in list(pages)[:10]]
    answers += [(path, client.get(path)) for path in ODD_PATHS]
    for _, response in answers:
        response.get_data()  # read whole: a streamed answer left open keeps its request context pushed
    return client, answers


@pytest.fixture
def counted(site, monkeypatch):
    """The site's app with counters on the work a reviewer's request needs: the session signer (opening or
    re-signing a session cookie), the reviewer loader, and the CSRF token maker."""
    app, facts = site
    calls = {"signer": 0, "loader": 0, "csrf": 0}
    signer = auth.CookieSessions.get_signing_serializer
    loader = app.login_manager._user_callback
    serializer = flask_wtf_csrf.URLSafeTimedSerializer

    def counting_signer(self, app):
        calls["signer"] += 1
        return signer(self, app)

    def counting_loader(token):
        calls["loader"] += 1
        return loader(token)

    def counting_serializer(*args, **kwargs):
        calls["csrf"] += 1
        return serializer(*args, **kwargs)

    monkeypatch.setattr(auth.CookieSessions, "get_signing_serializer", counting_signer)
    monkeypatch.setattr(app.login_manager, "_user_callback", counting_loader)
    monkeypatch.setattr(flask_wtf_csrf, "URLSafeTimedSerializer", counting_serializer)
    return app, facts, calls


def test_no_public_answer_sets_a_cookie_on_an_anonymous_reader(site):
    app, facts = site
    client, answers = public_answers(app, facts)
    for path, response in answers:
        assert "Set-Cookie" not in response.headers, path
    assert not list(client._cookies), "the reader's browser holds no cookie"


def test_an_anonymous_public_request_opens_no_session_loads_no_reviewer_and_makes_no_csrf_token(counted):
    app, facts, calls = counted
    public_answers(app, facts)
    assert calls == {"signer": 0, "loader": 0, "csrf": 0}


def test_a_request_with_a_session_cookie_still_opens_the_session_and_loads_the_reviewer(counted):
    app, facts, calls = counted
    client = app.test_client()
    login(client, PRIVATE["admin"])
    assert calls["csrf"] >= 1 and calls["signer"] >= 1  # the login form's token, then the session cookie
    before = dict(calls)
    page = client.get(f"/claims/{facts['verified']}")
    assert calls["loader"] == before["loader"] + 1 and calls["signer"] > before["signer"]
    assert PRIVATE["admin"] in page.get_data(as_text=True)  # the page header names the reviewer
    assert "private" in page.headers["Cache-Control"]


def test_a_reader_with_only_a_form_token_cookie_is_still_anonymous_and_gets_no_new_cookie(counted):
    app, facts, calls = counted
    client = app.test_client()
    client.get("/login")  # the login form's CSRF token now sits in a session cookie
    assert client.get_cookie("session") is not None
    for path in ("/", f"/claims/{facts['verified']}", f"/api/claims/{facts['verified']}"):
        response = client.get(path)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, path
        assert "public" in response.headers["Cache-Control"], path
    assert calls["loader"] == 0  # the session holds no reviewer: there is nobody to load


def test_the_login_limit_runs_on_the_login_routes_alone(app):
    limiter = app.extensions["limiter"]
    limiter = next(iter(limiter)) if isinstance(limiter, set) else limiter

    def owner(hook):
        return getattr(hook, "__self__", None) or (hook.args[0] if getattr(hook, "args", None) else None)

    for table in (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs):
        scopes = {scope for scope, hooks in table.items() for hook in hooks if owner(hook) is limiter}
        assert scopes <= {"auth"}, table
    assert any(owner(hook) is limiter for hook in app.before_request_funcs["auth"])
