"""The public pages: nothing private, articles with their claims highlighted in place, claim pages, filters,
sources, 404/400, search, and no script."""
from __future__ import annotations

import re

import pytest

from checker.claims import store as claims_store
from checker.db import get_db
from checker.sources import store as sources_store
from tests.support.articles import ingest_text
from tests.support.public import ACCEPTED_PASSAGE, PRIVATE, build_site, crawl

CRAWL_FROM = ("/", "/feed.atom", "/export/claims.csv", "/api/", "/sources/", "/claims/?status=reviewed")
HOSTILE_ARTICLE = ("date 2022-11-19 Moscou et Téhéran ont conclu un accord pour fabriquer 1 000 drones, "
                   "a rapporté samedi le Washington Post.\n\nCLIQUEZ ICI POUR OBTENIR L’APPLICATION\n\n"
                   "Selon le rapport, <script>alert(1)</script> les deux pays prévoient la production.\n")


def test_nothing_private_appears_in_any_public_page_or_api_answer(site):
    app, facts = site
    pages = crawl(app.test_client(), CRAWL_FROM)
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
        seen += [int(i) for i in re.findall(r'<a href="/claims/(\d+)"[^>]*>', html)]
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


def test_index_lists_the_articles(client, db):
    article_id = ingest_text(db, HOSTILE_ARTICLE)
    page = client.get("/")
    assert page.status_code == 200
    assert f'/articles/{article_id}"'.encode() in page.data


def test_article_page_shows_claims_with_their_fields(client, db):
    article_id = ingest_text(db, HOSTILE_ARTICLE)
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "1 000 drones" in html
    assert "Score" in html and "Kind" in html


def test_article_text_is_escaped_never_rendered_raw(client, db):
    article_id = ingest_text(db, HOSTILE_ARTICLE)
    html = client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_unknown_article_is_a_404_page(client):
    page = client.get("/articles/999")
    assert page.status_code == 404
    assert b"does not exist" in page.data
