"""The security headers on every kind of answer (issue 19): public pages, API documents, files, revalidations
(early and through the view), public errors, and on the reviewer side the login and logout pages, the
workspace, its redirects and refusals. Each kind carries exactly its set, once; the reviewer side is never
stored by browsers or proxies, and needs a login."""
from __future__ import annotations

from checker.web import security
from tests.support.public import PRIVATE
from tests.support.review import login, token_on

PUBLIC = dict(security.HEADERS)
PRIVATE_KIND = {**security.HEADERS, "Cache-Control": "no-store"}


def security_headers(response) -> dict:
    """The security headers a response carries, each one required to appear once."""
    found = {}
    for name in PRIVATE_KIND:
        values = response.headers.getlist(name)
        assert len(values) <= 1, (name, values)
        if values:
            found[name] = values[0]
    return found


def public_answers(app, facts) -> dict:
    client = app.test_client()
    claim = f"/claims/{facts['verified']}"
    page = client.get(claim)
    api = client.get(f"/api/claims/{facts['verified']}")
    answers = {
        "claim page": page,
        "claim page, early 304": client.get(claim, headers={"If-None-Match": page.headers["ETag"]}),
        "claim page, 304 from the view": client.get(claim,
                                                    headers={"If-Modified-Since": page.headers["Last-Modified"]}),
        "claim page, HEAD": client.head(claim),
        "tracking parameters": client.get(claim + "?utm_source=x"),
        "article index": client.get("/"),
        "API document": api,
        "API 304": client.get(f"/api/claims/{facts['verified']}", headers={"If-None-Match": api.headers["ETag"]}),
        "feed": client.get("/feed.atom"),
        "CSV": client.get("/export/claims.csv"),
        "static file": client.get("/static/site.css"),
        "404 page": client.get("/no-such-page"),
        "400 page": client.get("/claims/?status=bogus"),
        "404 JSON": client.get("/api/claims/999999"),
        "405": client.post(claim),
    }
    for response in answers.values():
        response.get_data()  # read whole: a streamed answer left open keeps its request context pushed
    return answers


def reviewer_answers(app, facts) -> dict:
    anonymous, reviewer = app.test_client(), app.test_client()
    answers = {
        "login page": anonymous.get("/login"),
        "workspace, anonymous: redirect": anonymous.get("/review/"),
        "workspace, anonymous API client: 401": anonymous.get("/review/", headers={"Accept": "application/json"}),
        "login without a CSRF token: 400": anonymous.post("/login", data={"username": "x", "password": "y"}),
        "wrong password: 401": login(anonymous, PRIVATE["admin"], "not the password"),
        "login: redirect": login(reviewer, PRIVATE["admin"]),
        "queue": reviewer.get("/review/"),
        "reviewer claim page": reviewer.get(f"/review/claims/{facts['verified']}"),
        "reviewers (admin)": reviewer.get("/review/reviewers"),
        "reviewer 404": reviewer.get("/review/claims/999999"),
        "logout page": reviewer.get("/logout"),
    }
    answers["status change without a token: 400"] = reviewer.post(
        f"/review/claims/{facts['verified']}/status", data={"status": "false", "note": "n", "version": "1"})
    answers["logout: redirect"] = reviewer.post("/logout", data={"csrf_token": token_on(reviewer, "/logout")})
    return answers


def test_every_public_answer_carries_the_public_set_of_headers_once(site):
    app, facts = site
    for kind, response in public_answers(app, facts).items():
        assert security_headers(response) == {**PUBLIC, **({"Cache-Control": response.headers["Cache-Control"]}
                                                            if "Cache-Control" in response.headers else {})}, kind
        assert response.headers.get("Cache-Control") != "no-store", kind


def test_every_reviewer_side_answer_carries_the_private_set_and_is_never_stored(site):
    app, facts = site
    for kind, response in reviewer_answers(app, facts).items():
        assert security_headers(response) == PRIVATE_KIND, kind


def test_public_pages_are_cacheable_and_reviewer_pages_need_a_login(site):
    app, facts = site
    answers = public_answers(app, facts)
    for kind in ("claim page", "claim page, early 304", "article index", "API document", "feed", "CSV"):
        assert answers[kind].headers["Cache-Control"].startswith("public, max-age="), kind
    reviewer = reviewer_answers(app, facts)
    assert reviewer["workspace, anonymous: redirect"].status_code == 302
    assert reviewer["workspace, anonymous: redirect"].headers["Location"].startswith("/login")
    assert reviewer["workspace, anonymous API client: 401"].status_code == 401
    assert reviewer["queue"].status_code == 200 and reviewer["reviewers (admin)"].status_code == 200
