"""Hostile parameters and ids (issue 17, rows 1, 4 and 8): integers in queries and paths are ASCII digits within
SQLite's range; anything else is a 400 (JSON under /api/, a page elsewhere), never a 500 and never an alias."""
from __future__ import annotations

import pytest

from tests.support.app import make_test_app
from tests.support.articles import first_claim, load_article
from tests.support.review import add_reviewer, login, token_on

SUPERSCRIPT_TWO = "%C2%B2"  # "²": str.isdigit() says yes, int() says no
ARABIC_ONE = "%D9%A1"  # "١": int() reads it as 1
FIVE_THOUSAND_ONES = "1" * 5000  # over Python's 4,300-digit limit for int()
BEYOND_SQLITE = "9223372036854775808"  # 2**63, one past SQLite's largest integer
HUGE = "99999999999999999999"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One app for the module: nothing here may change it, and a test that did would fail on its own."""
    app = make_test_app(tmp_path_factory.mktemp("hostile"))
    add_reviewer(app, "alice", "admin")
    add_reviewer(app, "bob")
    article_id = load_article(app)
    app.config["facts"] = {"article": article_id, "claim": first_claim(app, article_id)["id"]}
    return app


@pytest.fixture(scope="module")
def admin(app):
    client = app.test_client()
    assert login(client, "alice").status_code == 302
    return client


def _assert_refused(response, path):
    assert response.status_code == 400, (path, response.status_code)
    if path.startswith("/api/"):
        assert response.mimetype == "application/json", path
        assert "error" in response.get_json(), path
    else:
        assert response.mimetype == "text/html", path


PUBLIC_PAGES = ["/", "/claims/", "/sources/washington-post", "/api/articles", "/api/claims", "/search?q=drones&",
                "/api/search?q=drones&"]


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, ARABIC_ONE, FIVE_THOUSAND_ONES, BEYOND_SQLITE, "-1", "+1",
                                   " 1", "1_000", "0x10", "1e3"])
@pytest.mark.parametrize("name", ["before", "after", "limit", "page"])
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_query_integer_that_is_not_plain_digits_in_range_gets_400(app, page, name, value):
    path = f"{page}{'' if page.endswith('&') else '?'}{name}={value}"
    _assert_refused(app.test_client().get(path), path)


@pytest.mark.parametrize("path", [f"/claims/{ARABIC_ONE}", f"/articles/{ARABIC_ONE}", f"/api/claims/{ARABIC_ONE}",
                                  f"/api/articles/{ARABIC_ONE}", f"/archive/{ARABIC_ONE}", f"/claims/{SUPERSCRIPT_TWO}",
                                  "/claims/%EF%BC%91", "/claims/01", "/api/claims/001", f"/claims/{BEYOND_SQLITE}",
                                  f"/api/articles/{FIVE_THOUSAND_ONES}", "/claims/-1", "/claims/abc"])
def test_an_id_in_the_path_that_is_not_plain_digits_in_range_gets_400_not_an_alias(app, path):
    _assert_refused(app.test_client().get(path), path)


def test_the_real_claim_page_still_answers_at_its_one_address(app):
    claim_id = app.config["facts"]["claim"]
    assert app.test_client().get(f"/claims/{claim_id}").status_code == 200
    assert app.test_client().get(f"/api/claims/{claim_id}").status_code == 200


@pytest.mark.parametrize("path", [f"/review/claims/{BEYOND_SQLITE}", f"/review/claims/{HUGE}",
                                  f"/review/claims/{ARABIC_ONE}", f"/review/snapshots/{BEYOND_SQLITE}",
                                  f"/review/?article={SUPERSCRIPT_TWO}", f"/review/?article={FIVE_THOUSAND_ONES}",
                                  f"/review/?page={SUPERSCRIPT_TWO}", f"/review/?page={HUGE}",
                                  "/review/?_scheme=javascript", "/review/?_external=1&_anchor=x"])
def test_reviewer_pages_refuse_hostile_ids_and_filters_with_400(admin, path):
    _assert_refused(admin.get(path), path)


@pytest.mark.parametrize("action", ["claims/{id}/status", "claims/{id}/signoff", "claims/{id}/comments",
                                    "claims/{id}/assign", "claims/{id}/evidence/url", "claims/{id}/evidence/upload",
                                    "links/{id}/decision", "reviewers/{id}"])
@pytest.mark.parametrize("bad_id", [HUGE, BEYOND_SQLITE, ARABIC_ONE])
def test_reviewer_actions_on_hostile_ids_get_400(admin, action, bad_id):
    client = admin
    token = token_on(client, "/review/")
    path = "/review/" + action.format(id=bad_id)
    response = client.post(path, data={"csrf_token": token, "status": "false", "note": "n", "version": "1",
                                       "body": "b", "reviewer_id": "0", "decision": "accepted", "role": "reviewer",
                                       "active": "1", "url": "http://192.0.2.1/"})
    _assert_refused(response, path)


@pytest.mark.parametrize("field, value", [("version", HUGE), ("version", BEYOND_SQLITE), ("version", "²"),
                                          ("version", FIVE_THOUSAND_ONES), ("version", "١")])
def test_a_status_form_with_a_hostile_version_is_refused_and_changes_nothing(app, admin, field, value):
    client = admin
    claim_id = app.config["facts"]["claim"]
    token = token_on(client, f"/review/claims/{claim_id}")
    response = client.post(f"/review/claims/{claim_id}/status",
                           data={"csrf_token": token, "status": "in_review", "note": "", field: value})
    assert response.status_code in (400, 409), response.status_code
    assert app.test_client().get(f"/api/claims/{claim_id}").get_json()["status"] == "unreviewed"


@pytest.mark.parametrize("field, value", [("reviewer_id", HUGE), ("reviewer_id", FIVE_THOUSAND_ONES),
                                          ("reviewer_id", "²"), ("reviewer_id", "-1")])
def test_an_assignment_with_a_hostile_reviewer_id_is_refused(app, admin, field, value):
    client = admin
    claim_id = app.config["facts"]["claim"]
    token = token_on(client, f"/review/claims/{claim_id}")
    response = client.post(f"/review/claims/{claim_id}/assign", data={"csrf_token": token, field: value})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/login", "/logout", "/review/reviewers"])
def test_a_multipart_form_with_a_nameless_part_gets_400(app, path):
    """Werkzeug files a part without a name under the key None, which Flask-WTF's token search cannot read."""
    client = app.test_client()
    token = token_on(client, "/login")
    body = (b"--x\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n"
            b"--x\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token.encode() + b"\r\n--x--\r\n")
    response = client.post(path, data=body, content_type="multipart/form-data; boundary=x")
    _assert_refused(response, path)
