"""Sessions that end (issue 17, row 3): logout ends the session server-side, so a copied cookie is dead; a new
password or a deactivation ends every session of that reviewer; sessions expire when idle and at a fixed age."""
from __future__ import annotations

from datetime import timedelta

import pytest

from checker.db import get_db
from checker.review import sessions
from checker.review import store as review_store
from tests.support.app import make_test_app
from tests.support.review import add_reviewer, login, token_on


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path)
    add_reviewer(app, "alice", "admin")
    add_reviewer(app, "bob")
    return app


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def _with_cookie(app, value):
    client = app.test_client()
    client.set_cookie("session", value)
    return client


def test_a_copied_session_cookie_is_dead_after_logout(app):
    client = app.test_client()
    login(client, "bob")
    kept = _session_cookie(client)
    assert _with_cookie(app, kept).get("/review/").status_code == 200
    client.post("/logout", data={"csrf_token": token_on(client, "/review/")})
    assert client.get("/review/").status_code == 302
    assert _with_cookie(app, kept).get("/review/").status_code == 302


def test_logout_ends_only_that_session(app):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "bob")
    login(phone, "bob")
    laptop.post("/logout", data={"csrf_token": token_on(laptop, "/review/")})
    assert laptop.get("/review/").status_code == 302
    assert phone.get("/review/").status_code == 200


def test_a_new_password_ends_every_session_of_that_reviewer(app):
    laptop, phone, other = app.test_client(), app.test_client(), app.test_client()
    for client, name in ((laptop, "bob"), (phone, "bob"), (other, "alice")):
        login(client, name)
    kept = _session_cookie(phone)
    laptop.post("/review/account", data={"current": "a long enough test password", "password": "another long one",
                                         "csrf_token": token_on(laptop, "/review/account")})
    assert laptop.get("/review/").status_code == 302
    assert _with_cookie(app, kept).get("/review/").status_code == 302
    assert other.get("/review/").status_code == 200


def test_deactivation_by_an_admin_ends_the_reviewers_sessions(app):
    admin, bob = app.test_client(), app.test_client()
    login(admin, "alice")
    login(bob, "bob")
    with app.app_context():
        bob_id = review_store.reviewer_by_username(get_db(), "bob")["id"]
    response = admin.post(f"/review/reviewers/{bob_id}", data={"role": "reviewer", "active": "0",
                                                             "csrf_token": token_on(admin, "/review/reviewers")})
    assert response.status_code == 303
    assert bob.get("/review/").status_code == 302


def test_an_idle_session_ends(app, monkeypatch):
    client = app.test_client()
    login(client, "bob")
    start = sessions.clock()
    idle = app.config["REVIEW_SESSION_IDLE"]
    monkeypatch.setattr(sessions, "clock", lambda: start + idle - timedelta(seconds=5))
    assert client.get("/review/").status_code == 200  # still in time, and the visit counts as activity
    monkeypatch.setattr(sessions, "clock", lambda: start + 2 * idle - timedelta(seconds=10))
    assert client.get("/review/").status_code == 200
    monkeypatch.setattr(sessions, "clock", lambda: start + 3 * idle)
    assert client.get("/review/").status_code == 302


def test_a_session_ends_at_its_absolute_lifetime_even_when_busy(app, monkeypatch):
    client = app.test_client()
    login(client, "bob")
    start = sessions.clock()
    lifetime, idle = app.config["REVIEW_SESSION_LIFETIME"], app.config["REVIEW_SESSION_IDLE"]
    moment = start
    while moment + idle / 2 < start + lifetime:
        moment += idle / 2
        monkeypatch.setattr(sessions, "clock", lambda moment=moment: moment)
        assert client.get("/review/").status_code == 200
    monkeypatch.setattr(sessions, "clock", lambda: start + lifetime + timedelta(seconds=1))
    assert client.get("/review/").status_code == 302


def test_the_lifetimes_are_set_in_config(app):
    assert app.config["REVIEW_SESSION_IDLE"] <= timedelta(hours=2)
    assert app.config["REVIEW_SESSION_LIFETIME"] <= timedelta(hours=24)
    assert app.permanent_session_lifetime == app.config["REVIEW_SESSION_LIFETIME"]


def test_a_session_cookie_used_from_another_browser_is_refused(app):
    client = app.test_client()
    login(client, "bob")
    kept = _session_cookie(client)
    thief = _with_cookie(app, kept)
    assert thief.get("/review/", headers={"User-Agent": "Another browser/1.0"}).status_code == 302
    assert app.login_manager.session_protection == "strong"


def test_sessions_are_stored_as_digests_not_as_the_cookie_value(app):
    client = app.test_client()
    login(client, "bob")
    with client.session_transaction() as session:
        token = session["_user_id"]
    with app.app_context():
        row = review_store.session_by_digest(get_db(), sessions.digest(token))
        assert row is not None and token not in str(row)


def test_an_anonymous_reader_with_a_form_token_gets_no_cookie_from_public_pages(app):
    client = app.test_client()
    client.get("/login")  # the CSRF token now sits in a session cookie
    assert client.get_cookie("session") is not None
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
