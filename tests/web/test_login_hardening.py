"""The login form (issue 17, rows 5 and 9): `next` with control characters goes to the default page before any
cookie is set, a 429 says when to come back, and an unknown user costs the same as a known one from the start."""
from __future__ import annotations

import pytest

from checker.review import accounts
from tests.support.app import make_test_app
from tests.support.review import PASSWORD, add_reviewer, login, token_on


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path)
    add_reviewer(app, "bob")
    return app


@pytest.mark.parametrize("target", ["/review/\r\nX: 1", "/review/\nSet-Cookie: a=b", "/review/\r", "/review/\x00",
                                    "/review/\t", "/review/\x7f", "/review/\x85", "/review/\u2028x",
                                    "/review/\u202ex"])
def test_next_with_a_control_character_goes_to_the_default_page(app, target):
    client = app.test_client()
    token = token_on(client, "/login")
    response = client.post("/login", data={"username": "bob", "password": PASSWORD, "csrf_token": token,
                                           "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/review/"
    assert client.get("/review/").status_code == 200


def test_a_logged_in_visit_to_login_with_a_hostile_next_goes_to_the_default_page(app):
    client = app.test_client()
    login(client, "bob")
    response = client.get("/login?next=/review/%0D%0AX:%201")
    assert response.status_code == 302 and response.headers["Location"] == "/review/"


def test_a_429_on_login_says_when_to_retry(tmp_path):
    app = make_test_app(tmp_path, REVIEW_LOGIN_LIMIT="2 per minute")
    add_reviewer(app, "carol")
    client = app.test_client()
    assert [login(client, "carol", "wrong").status_code for _ in range(2)] == [401, 401]
    blocked = login(client, "carol")
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60


def test_the_dummy_hash_is_built_when_the_app_starts_not_at_the_first_unknown_login(tmp_path, monkeypatch):
    built = []
    real = accounts.generate_password_hash
    monkeypatch.setattr(accounts, "generate_password_hash", lambda *a, **k: built.append(1) or real(*a, **k))
    accounts.dummy_hash.cache_clear()
    app = make_test_app(tmp_path)
    built_at_start = len(built)
    response = login(app.test_client(), "nobody-known", "some password")
    assert response.status_code == 401
    assert built_at_start == 1 and len(built) == 1
