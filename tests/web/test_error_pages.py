"""Error answers that cannot fail (issue 17, row 2): the 413, 400, 404 and 500 handlers never read the request
body, and the API answers every error as JSON, 500 included."""
from __future__ import annotations

import io

import pytest

from checker.public import store as public_store
from tests.support.app import make_test_app
from tests.support.articles import first_claim, load_article
from tests.support.review import add_reviewer, login, token_on

TWENTY_TWO_MB = 22 * 1024 * 1024


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path)
    add_reviewer(app, "bob")
    app.config["claim"] = first_claim(app, load_article(app))["id"]
    return app


def test_a_login_form_over_the_size_limit_gets_413_not_500(app):
    client = app.test_client()
    token = token_on(client, "/login")
    response = client.post("/login", data={"username": "bob", "password": "x" * TWENTY_TWO_MB, "csrf_token": token})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_a_body_over_the_size_limit_without_a_form_type_gets_413(app):
    response = app.test_client().post("/login", data=b"a=" + b"x" * TWENTY_TWO_MB,
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_an_evidence_upload_over_the_size_limit_gets_413_not_500(app):
    client = app.test_client()
    login(client, "bob")
    claim_id = app.config["claim"]
    token = token_on(client, f"/review/claims/{claim_id}")
    response = client.post(f"/review/claims/{claim_id}/evidence/upload",
                           data={"csrf_token": token, "note": "kept?",
                                 "page": (io.BytesIO(b"<p>" + b"x" * TWENTY_TWO_MB), "page.html")},
                           content_type="multipart/form-data")
    assert response.status_code == 413


@pytest.fixture
def failing_app(tmp_path, monkeypatch):
    """An app that turns an unexpected exception into a 500 answer, as in production."""
    app = make_test_app(tmp_path, TESTING=False, PROPAGATE_EXCEPTIONS=False)
    load_article(app)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr(public_store, "claim_index", broken)
    monkeypatch.setattr(public_store, "article_index", broken)
    return app


def test_an_api_failure_is_a_json_500(failing_app):
    response = failing_app.test_client().get("/api/claims")
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]


def test_a_page_failure_is_a_500_page(failing_app):
    response = failing_app.test_client().get("/claims/")
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert "went wrong" in response.get_data(as_text=True)


@pytest.mark.parametrize("method, path, code", [("GET", "/api/nothing-here", 404), ("POST", "/api/claims", 405),
                                                ("DELETE", "/api/articles", 405), ("GET", "/api/claims/0", 404)])
def test_every_api_error_is_json(app, method, path, code):
    response = app.test_client().open(path, method=method)
    assert response.status_code == code
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]


def test_a_forged_token_still_shows_the_note_back(app):
    client = app.test_client()
    login(client, "bob")
    claim_id = app.config["claim"]
    response = client.post(f"/review/claims/{claim_id}/status",
                           data={"status": "false", "note": "keep me", "version": "1", "csrf_token": "forged"})
    assert response.status_code == 400
    assert b"keep me" in response.data


def test_a_database_still_locked_after_the_busy_timeout_is_a_503_that_says_to_retry(app, monkeypatch):
    import sqlite3

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")
    monkeypatch.setattr(public_store, "claim_index", locked)
    for path, mimetype in (("/claims/", "text/html"), ("/api/claims", "application/json")):
        response = app.test_client().get(path)
        assert response.status_code == 503 and response.mimetype == mimetype
        assert response.headers["Retry-After"] == "1"
