"""The public pages: nothing private, claims highlighted in place, filters, sources, 404/400, caching, search."""
from __future__ import annotations

import re

import pytest

from checker.claims import store as claims_store
from checker.db import get_db
from checker.review import rules
from checker.review import store as review_store
from checker.sources import store as sources_store

try:
    from tests.public_support import ACCEPTED_PASSAGE, PRIVATE, RATIONALE, build_site, crawl
    from tests.review_support import login, make_app
except ModuleNotFoundError:
    from public_support import ACCEPTED_PASSAGE, PRIVATE, build_site, crawl
    from review_support import login, make_app

SEEDS = ("/", "/feed.atom", "/export/claims.csv", "/api/", "/sources/", "/claims/?status=reviewed")


@pytest.fixture
def site(tmp_path):
    return build_site(tmp_path)


def test_nothing_private_appears_in_any_public_page_or_api_answer(site):
    app, facts = site
    pages = crawl(app.test_client(), SEEDS)
    assert len(pages) > 30
    assert f"/claims/{facts['verified']}" in pages and f"/api/claims/{facts['verified']}" in pages
    assert f"/archive/{facts['snapshot']}" in pages
    forbidden = [*PRIVATE.values(), *facts["hashes"], "scrypt:", "password_hash", "reviewer_id", "decided_by",
                 "proposed_by", "signed_off", "session_token"]
    for path, response in pages.items():
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        for secret in forbidden:
            assert secret not in body, (path, secret)


def test_a_pending_sign_off_leaves_the_public_status_unchanged(site):
    app, facts = site
    document = app.test_client().get(f"/api/claims/{facts['pending']}").get_json()
    assert document["status"] in ("unreviewed", "in_review")
    assert "claim_review" not in document or document["claim_review"] is None


def test_the_article_page_highlights_claims_in_place_with_a_label_and_a_link(site):
    app, facts = site
    html = app.test_client().get(f"/articles/{facts['first']}").get_data(as_text=True)
    text = html[html.index('id="article-text"'):]
    highlight = re.search(rf'<a class="hl hl-verified" id="claim-{facts["verified"]}" href="/claims/{facts["verified"]}"'
                          r'[^>]*><span class="hl-label"[^>]*>Verified', text)
    assert highlight, "the verified claim is a labelled link in the article text"
    assert "Moscou et Téhéran" in text[highlight.end():highlight.end() + 200]
    second = app.test_client().get(f"/articles/{facts['second']}").get_data(as_text=True)
    assert f'<a class="hl hl-false" id="claim-{facts["false"]}"' in second
    assert "Score" in html and "Kind" in html


def test_the_claim_page_shows_status_rationale_accepted_evidence_and_history(site):
    app, facts = site
    html = app.test_client().get(f"/claims/{facts['verified']}").get_data(as_text=True)
    assert '<strong class="status status-verified" id="public-status">Verified</strong>' in html
    assert "The Washington Post&#39;s own report says 1 000 drones" in html
    assert ACCEPTED_PASSAGE in html
    assert f'href="/archive/{facts["snapshot"]}"' in html and ">Archived copy<" in html
    assert 'href="https://washington-post.standin.invalid/' in html and 'rel="noopener noreferrer"' in html
    assert '<span class="standin">stand-in</span>' in html
    assert "1 machine-suggested passage still awaits a reviewer" in html
    history = html[html.index("<h2>History</h2>"):]
    assert history.index("In review") < history.index("Verified")


def test_an_archived_copy_is_public_only_behind_accepted_evidence(site):
    app, facts = site
    client = app.test_client()
    page = client.get(f"/archive/{facts['snapshot']}").get_data(as_text=True)
    assert "stand-in" in page and "not the original reporting" in page and ACCEPTED_PASSAGE in page
    with app.app_context():
        db = get_db()
        other, _ = sources_store.save_snapshot(db, {"url": "https://private.invalid/x", "status": 200, "via": "live"},
                                       b"<p>fetched but never accepted</p>")
        sources_store.save_document(db, other["id"], {"text": "fetched but never accepted"}, [])
    assert client.get(f"/archive/{other['id']}").status_code == 404


@pytest.mark.parametrize("path", ["/claims/999999", "/articles/999999", "/archive/999999", "/sources/nobody-known",
                                  "/sources/NOT_AN_ID", "/api/claims/999999",
                                  "/api/articles/999999", "/api/sources/nobody-known"])
def test_unknown_ids_get_404(site, path):
    app, _ = site
    assert app.test_client().get(path).status_code == 404


@pytest.mark.parametrize("path", ["/claims/?status=bogus", "/claims/?source=Bad%20Id", "/claims/?from=2022-13",
                                  "/claims/?to=yesterday", "/claims/?before=abc", "/claims/?before=1&after=2",
                                  "/?before=0", "/search?q=" + "x" * 300, "/search?q=drones&page=0",
                                  "/search?q=drones&page=9999", "/sources/washington-post?before=-4",
                                  "/api/claims?limit=0", "/api/claims?limit=100000", "/api/claims?status=nope",
                                  "/api/search", "/api/articles?after=x", "/api/claims?page=-1",
                                  "/api/claims?page=abc", "/claims/?date=2022-13", "/export/claims.csv?status=zz",
                                  "/export/claims.csv?from=2022-13", "/claims/?status=false&status=verified",
                                  "/claims/1?lang=en", "/api/claims/1?fields=text", "/feed.atom?page=2",
                                  "/api/search?q=drones&sort=date", "/sources/?q=x",
                                  "/claims/99999999999999999999999", "/claims/-1"])
def test_bad_parameters_get_400_never_500(site, path):
    app, _ = site
    response = app.test_client().get(path)
    assert response.status_code == 400, path
    if path.startswith("/api/"):
        assert "error" in response.get_json()


def test_a_parameter_a_page_does_not_take_gets_400_naming_what_it_takes(site):
    app, _ = site
    client = app.test_client()
    page = client.get("/claims/?date=2022-13").get_data(as_text=True)
    assert "?date= is not a parameter of this page" in page and "?from=" in page and "?to=" in page
    error = client.get("/api/claims?page=2").get_json()["error"]
    assert error.startswith("?page= is not a parameter") and "?before=" in error and "?after=" in error


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


def test_the_claim_index_filters_by_status_source_and_date_and_pages_through_everything(tmp_path):
    app, facts = build_site(tmp_path, PUBLIC_PAGE_SIZE=2)
    client = app.test_client()
    reviewed = client.get("/claims/?status=reviewed").get_data(as_text=True)
    assert f'href="/claims/{facts["verified"]}"' in reviewed and f'href="/claims/{facts["false"]}"' in reviewed
    only_false = client.get("/claims/?status=false").get_data(as_text=True)
    assert f'href="/claims/{facts["false"]}"' in only_false and f'href="/claims/{facts["verified"]}"' not in only_false
    by_source = client.get("/claims/?source=washington-post").get_data(as_text=True)
    assert f'href="/claims/{facts["verified"]}"' in by_source
    assert f'href="/claims/{facts["verified"]}"' not in client.get("/claims/?from=2023").get_data(as_text=True)
    assert f'href="/claims/{facts["verified"]}"' in client.get("/claims/?from=2022-11-19&to=2022-11-19").get_data(as_text=True)
    seen, path = [], "/claims/"
    while path:
        html = client.get(path).get_data(as_text=True)
        seen += [int(i) for i in re.findall(r'<a href="/claims/(\d+)">', html)]
        older = re.search(r'<a href="([^"]+)" rel="next">Older', html)
        path = older.group(1).replace("&amp;", "&") if older else None
    with app.app_context():
        total = claims_store.counts(get_db())["claims"]
    assert sorted(seen) == list(range(1, total + 1))


def test_source_and_speaker_pages_list_their_claims_and_verdict_counts(site):
    app, facts = site
    client = app.test_client()
    wapo = client.get("/sources/washington-post").get_data(as_text=True)
    assert "<h1>The Washington Post</h1>" in wapo
    assert re.search(r'status-verified">Verified</span></td><td>1</td>', wapo)
    listing = client.get("/sources/").get_data(as_text=True)
    assert 'href="/sources/washington-post"' in listing
    with app.app_context():
        speakers = {c["source_id"] for c in claims_store.claims_of_article(get_db(), facts["second"])}
    for source_id in speakers - {None}:
        assert client.get(f"/sources/{source_id}").status_code == 200
    assert client.get("/sources/lloyd-austin").status_code == 200  # in the registry: a page even before claims


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
    from checker.web.caching import EarlyRevalidation
    assert isinstance(app.wsgi_app.wsgi_app, EarlyRevalidation)
    plain_app = make_app(tmp_path, PUBLIC_EARLY_304=False, PUBLIC_ORG_NAME=app.config["PUBLIC_ORG_NAME"],
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


def test_search_ranks_claims_and_articles_ignoring_accents_and_operators(site):
    app, facts = site
    client = app.test_client()
    html = client.get("/search?q=teheran drones").get_data(as_text=True)
    assert f'href="/claims/{facts["verified"]}"' in html and "<mark>" in html
    assert "No claim matches" in client.get("/search?q=zzzzqqq").get_data(as_text=True)
    for hostile in ('"unbalanced', "NEAR(a b", "drones OR *", "-x AND", "<script>alert(1)</script>"):
        response = client.get("/search", query_string={"q": hostile})
        assert response.status_code == 200, hostile
        assert "<script>alert" not in response.get_data(as_text=True)
    results = client.get("/api/search?q=missiles").get_json()["claims"]
    assert results and all("missile" in r["text"].lower() for r in results)


def test_public_pages_run_no_script_and_work_without_javascript(site):
    app, facts = site
    for path in ("/", "/claims/", f"/articles/{facts['first']}", f"/claims/{facts['verified']}", "/sources/"):
        html = app.test_client().get(path).get_data(as_text=True)
        scripts = re.findall(r"<script[^>]*>", html)
        assert all(tag == '<script type="application/ld+json">' for tag in scripts), path
        assert " style=" not in html and "onclick" not in html
