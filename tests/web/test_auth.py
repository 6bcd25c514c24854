"""Reviewer sessions: the auth/CSRF matrix over every reviewer route, login and logout, the rate limit, cookies,
and the account pages (password change, reviewers managed by admins)."""
from __future__ import annotations

import importlib

import pytest

from checker import config as config_module
from checker.db import get_db
from checker.review import store as review_store
from tests.support.app import make_test_app
from tests.support.articles import load_article
from tests.support.review import PASSWORD, add_reviewer, login, token_on


@pytest.fixture
def app(app):
    """The web tests' app with the test article loaded: claim 1 exists, so /review/claims/1 is a real page."""
    load_article(app)
    return app


def routes_of(app, prefix: str = "review."):
    """Every route of the app whose endpoint starts with prefix, as (method, concrete path)."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(prefix):
            continue
        path = rule.build({name: 1 for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, path))
    return found


def test_the_matrix_finds_every_reviewer_route_with_concrete_ids(app):
    routes = routes_of(app)
    assert len(routes) >= 12
    assert ("POST", "/review/claims/1/status") in routes


def test_every_reviewer_page_sends_an_anonymous_visitor_to_the_login(app):
    client = app.test_client()
    for method, path in routes_of(app):
        if method != "GET":
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login"), path


def test_every_reviewer_post_by_an_anonymous_visitor_with_a_valid_token_is_refused(app):
    client = app.test_client()
    token = token_on(client, "/login")
    for method, path in routes_of(app):
        if method != "POST":
            continue
        response = client.post(path, data={"csrf_token": token, "status": "false", "note": "keep me", "version": "1"})
        assert response.status_code == 401, path
        assert b"keep me" in response.data and b'href="/login"' in response.data, path


def test_api_clients_get_401_not_a_redirect(app):
    client = app.test_client()
    for method, path in routes_of(app):
        if method == "GET":
            response = client.get(path, headers={"Accept": "application/json"})
            assert response.status_code == 401, path
            assert response.get_json() == {"error": "log in first"}


def test_every_post_without_a_csrf_token_gets_400_even_when_logged_in(app):
    anonymous, logged_in = app.test_client(), app.test_client()
    login(logged_in, "alice")
    posts = [path for method, path in routes_of(app, "") if method == "POST"]
    assert "/login" in posts and "/logout" in posts and "/review/claims/1/status" in posts
    for client in (anonymous, logged_in):
        for path in posts:
            response = client.post(path, data={"status": "false", "note": "x", "version": "1"})
            assert response.status_code == 400, path
            assert b"CSRF" in response.data


def test_a_post_with_a_forged_csrf_token_gets_400_and_changes_nothing(app):
    client = app.test_client()
    login(client, "alice")
    response = client.post("/review/claims/1/status",
                           data={"status": "false", "note": "keep me", "version": "1", "csrf_token": "forged"})
    assert response.status_code == 400
    assert b"keep me" in response.data  # the reviewer's note is shown back, not lost
    assert client.get("/api/claims/1").get_json()["status"] == "unreviewed"


def test_login_opens_the_queue_and_logout_closes_it(app):
    client = app.test_client()
    response = login(client, "bob")
    assert response.status_code == 302 and response.headers["Location"] == "/review/"
    assert client.get("/review/").status_code == 200
    token = token_on(client, "/review/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/review/").status_code == 302


def test_a_wrong_password_is_refused_with_401_and_the_same_words_as_an_unknown_user(app):
    client = app.test_client()
    wrong = login(client, "bob", "not the password")
    unknown = login(client, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert b"Wrong username or password" in wrong.data and b"Wrong username or password" in unknown.data
    assert client.get("/review/").status_code == 302


def test_next_is_followed_only_when_it_stays_on_the_site(app):
    for target, expected in [("/review/claims/1", "/review/claims/1"), ("https://evil.example/", "/review/"),
                             ("//evil.example/x", "/review/"), ("/\\evil.example", "/review/"),
                             ("javascript:alert(1)", "/review/")]:
        client = app.test_client()
        token = token_on(client, "/login")
        response = client.post("/login", data={"username": "bob", "password": PASSWORD, "csrf_token": token,
                                               "next": target})
        assert response.headers["Location"] == expected, target


def test_the_login_page_carries_next_from_the_redirect(app):
    client = app.test_client()
    location = client.get("/review/claims/1").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert 'name="next"' in page and "/review/claims/1" in page


def test_the_session_is_cleared_at_login(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "bob")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert "_user_id" in session


def test_too_many_failed_logins_get_429(tmp_path):
    app = make_test_app(tmp_path, REVIEW_LOGIN_LIMIT="3 per minute")
    add_reviewer(app, "carol")
    client = app.test_client()
    assert [login(client, "carol", "wrong").status_code for _ in range(3)] == [401, 401, 401]
    blocked = login(client, "carol")  # even the right password, once the limit is hit
    assert blocked.status_code == 429
    assert b"Too many failed logins" in blocked.data


def test_successful_logins_do_not_count_against_the_limit(tmp_path):
    app = make_test_app(tmp_path, REVIEW_LOGIN_LIMIT="2 per minute")
    add_reviewer(app, "dan")
    for _ in range(3):
        assert login(app.test_client(), "dan").status_code == 302


def test_session_cookie_is_httponly_samesite_lax_and_secure_outside_development(tmp_path):
    app = make_test_app(tmp_path, SESSION_COOKIE_SECURE=True)
    add_reviewer(app, "erin")
    response = login(app.test_client(), "erin")
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_the_session_cookie_is_secure_unless_checker_dev_is_set(monkeypatch):
    # Config reads the environment when checker.config is imported: reload it under each setting, and once
    # more at the end so later tests see the configuration of the real environment.
    try:
        monkeypatch.setenv("CHECKER_DEV", "1")
        assert importlib.reload(config_module).Config.SESSION_COOKIE_SECURE is False
        monkeypatch.delenv("CHECKER_DEV")
        assert importlib.reload(config_module).Config.SESSION_COOKIE_SECURE is True
    finally:
        monkeypatch.undo()
        importlib.reload(config_module)


def test_a_deactivated_reviewer_is_logged_out_and_cannot_log_in(app):
    client = app.test_client()
    login(client, "bob")
    with app.app_context():
        db = get_db()
        review_store.update_reviewer(db, review_store.reviewer_by_username(db, "bob")["id"], active=False)
    assert client.get("/review/").status_code == 302
    assert login(client, "bob").status_code == 401


def test_changing_the_password_ends_the_session(app):
    client = app.test_client()
    login(client, "bob")
    token = token_on(client, "/review/account")
    new = "another long password"
    response = client.post("/review/account", data={"current": PASSWORD, "password": new, "csrf_token": token})
    assert response.status_code == 303
    assert client.get("/review/").status_code == 302
    assert login(client, "bob", new).status_code == 302


def test_only_admins_manage_reviewers(app):
    reviewer, admin = app.test_client(), app.test_client()
    login(reviewer, "bob")
    login(admin, "alice")
    assert reviewer.get("/review/reviewers").status_code == 403
    token = token_on(reviewer, "/review/")
    forbidden = reviewer.post("/review/reviewers", data={"username": "mallory", "password": PASSWORD,
                                                         "role": "admin", "csrf_token": token})
    assert forbidden.status_code == 403
    token = token_on(admin, "/review/reviewers")
    created = admin.post("/review/reviewers", data={"username": "frank", "password": PASSWORD,
                                                    "role": "reviewer", "csrf_token": token})
    assert created.status_code == 303
    assert login(app.test_client(), "frank").status_code == 302
    assert login(app.test_client(), "mallory").status_code == 401


def test_an_admin_cannot_lock_themselves_out(app):
    admin = app.test_client()
    login(admin, "alice")
    with app.app_context():
        alice = review_store.reviewer_by_username(get_db(), "alice")
    token = token_on(admin, "/review/reviewers")
    response = admin.post(f"/review/reviewers/{alice['id']}", data={"role": "admin", "active": "0",
                                                                  "csrf_token": token})
    assert response.status_code == 400
    assert admin.get("/review/reviewers").status_code == 200
