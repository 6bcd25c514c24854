"""Adding evidence by hand from the claim view: a URL fetched from a local stand-in server, or a saved page."""
from __future__ import annotations

import io

import pytest

from checker.db import get_db
from checker.evidence import store as evidence_store
from tests.support.app import make_test_app
from tests.support.articles import first_claim, load_article
from tests.support.files import FIXTURES
from tests.support.review import add_reviewer, login, token_on

PAGE = (FIXTURES / "review_evidence_page.html").read_bytes()


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path, CHECKER_ALLOW_PRIVATE=True, FETCH_HOST_DELAY=0.0, FETCH_RETRIES=0,
                        FETCH_DEADLINE=10.0)
    add_reviewer(app, "bob")
    return app


@pytest.fixture
def reviewer(app):
    client = app.test_client()
    login(client, "bob")
    return client


def test_a_url_is_fetched_archived_and_offered_as_evidence_on_the_claim(app, reviewer, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/drones").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    claim = first_claim(app, load_article(app))
    token = token_on(reviewer, f"/review/claims/{claim['id']}")
    response = reviewer.post(f"/review/claims/{claim['id']}/evidence/url",
                             data={"url": httpserver.url_for("/drones"), "csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        [link] = evidence_store.links_of_claim(get_db(), claim["id"])
    assert "1 000 drones" in link["passage"] and link["reasons"] == ["added by hand from the reviewer workspace"]
    html = reviewer.get(f"/review/claims/{claim['id']}").get_data(as_text=True)
    assert "Stand-in page written for Claim Tracker tests" in html or "1 000 drones" in html


def test_a_url_that_fails_says_why_and_adds_no_link(app, reviewer, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    claim = first_claim(app, load_article(app))
    token = token_on(reviewer, f"/review/claims/{claim['id']}")
    response = reviewer.post(f"/review/claims/{claim['id']}/evidence/url",
                             data={"url": httpserver.url_for("/private"), "csrf_token": token})
    assert response.status_code == 422
    assert "Nothing was added" in response.get_data(as_text=True)
    with app.app_context():
        assert evidence_store.links_of_claim(get_db(), claim["id"]) == []


def test_a_saved_page_is_imported_and_offered_as_evidence(app, reviewer):
    claim = first_claim(app, load_article(app))
    token = token_on(reviewer, f"/review/claims/{claim['id']}")
    response = reviewer.post(f"/review/claims/{claim['id']}/evidence/upload", content_type="multipart/form-data",
                             data={"page": (io.BytesIO(PAGE), "saved.html"), "csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        [link] = evidence_store.links_of_claim(get_db(), claim["id"])
    assert link["url"] == "https://standin.invalid/drones-accord"


def test_an_upload_that_is_not_a_saved_page_is_refused(app, reviewer):
    claim = first_claim(app, load_article(app))
    token = token_on(reviewer, f"/review/claims/{claim['id']}")
    response = reviewer.post(f"/review/claims/{claim['id']}/evidence/upload", content_type="multipart/form-data",
                             data={"page": (io.BytesIO(b"\x00\x01"), "data.bin"), "csrf_token": token})
    assert response.status_code == 422
    assert ".html" in response.get_data(as_text=True)


def test_adding_evidence_by_a_non_web_address_is_refused(reviewer, claim):
    token = token_on(reviewer, f"/review/claims/{claim['id']}")
    bad = reviewer.post(f"/review/claims/{claim['id']}/evidence/url", data={"url": "javascript:alert(1)",
                                                                           "csrf_token": token})
    assert bad.status_code == 400
