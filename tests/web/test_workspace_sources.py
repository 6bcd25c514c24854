"""The workspace page for the sources scraping added to the registry (issue 18.2): reviewers confirm, rename or
merge a provisional source; logged-in reviewers only, CSRF on every change, a refused change says why and writes
nothing."""
from __future__ import annotations

import html

import pytest

from checker.claims import store as claims_store
from checker.db import get_db
from tests.support.articles import first_claim, load_article
from tests.support.review import csrf_from, login, token_on

ENTRY = "institut-standin-invalid"


@pytest.fixture
def entry(app):
    with app.app_context():
        claims_store.save_registry_entry(get_db(), {
            "id": ENTRY, "name": "Accueil – Institut stand-in", "kind": "news", "status": "provisional",
            "domains": ["institut.standin.invalid"], "sitemaps": ["https://institut.standin.invalid/sitemap.xml"],
            "feeds": [], "note": "linked from article 1: https://institut.standin.invalid/rapport.html"})
    return ENTRY


def stored(app) -> dict:
    with app.app_context():
        return claims_store.registry_entry(get_db(), ENTRY)


def test_the_page_needs_a_logged_in_reviewer(client, entry):
    assert client.get("/review/sources").status_code in (302, 401)
    refused = client.post(f"/review/sources/{entry}", data={"action": "confirm"})
    assert refused.status_code in (302, 401, 400)
    assert stored(client.application)["status"] == "provisional"


def test_a_reviewer_sees_why_each_source_exists_and_confirms_one_with_a_better_name(client, entry):
    login(client, "bob")
    page = html.unescape(client.get("/review/sources").get_data(as_text=True))
    assert "Accueil – Institut stand-in" in page and "linked from article 1" in page
    assert "1 sitemap from its robots.txt" in page
    token = csrf_from(page)
    answer = client.post(f"/review/sources/{entry}", data={
        "action": "confirm", "name": "Institut stand-in de la statistique", "kind": "government",
        "aliases": "l'Institut stand-in, ISS", "csrf_token": token})
    assert answer.status_code == 303
    row = stored(client.application)
    assert (row["status"], row["name"], row["kind"]) == ("confirmed", "Institut stand-in de la statistique",
                                                         "government")
    assert row["aliases"] == ["l'Institut stand-in", "ISS"]


def test_rename_and_merge_from_the_page(client, app, entry):
    login(client, "bob")
    token = token_on(client, "/review/sources")
    client.post(f"/review/sources/{entry}", data={"action": "rename", "name": "Institut stand-in",
                                                  "csrf_token": token})
    assert stored(app)["name"] == "Institut stand-in"
    with app.app_context():
        claims_store.save_registry_entry(get_db(), {"id": "autre-standin-invalid", "name": "Autre", "kind": "news",
                                                    "status": "confirmed", "domains": ["autre.standin.invalid"]})
    answer = client.post(f"/review/sources/{entry}", data={"action": "merge", "into": "autre-standin-invalid",
                                                           "csrf_token": token})
    assert answer.status_code == 303
    assert (stored(app)["status"], stored(app)["merged_into"]) == ("merged", "autre-standin-invalid")


def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(client, entry):
    login(client, "bob")
    answer = client.post(f"/review/sources/{entry}", data={"action": "confirm"})
    assert answer.status_code == 400
    assert stored(client.application)["status"] == "provisional"


@pytest.mark.parametrize("data, message", [
    ({"action": "merge", "into": "nowhere"}, "no source &#39;nowhere&#39; to merge into"),
    ({"action": "rename", "name": ""}, "is not a name"),
    ({"action": "explode"}, "Choose confirm, rename or merge"),
])
def test_a_change_that_cannot_be_made_says_why_and_writes_nothing(client, entry, data, message):
    login(client, "bob")
    token = token_on(client, "/review/sources")
    answer = client.post(f"/review/sources/{entry}", data={**data, "csrf_token": token})
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    row = stored(client.application)
    assert (row["status"], row["name"]) == ("provisional", "Accueil – Institut stand-in")


def test_an_unknown_source_is_a_400_not_a_500(client):
    login(client, "bob")
    token = token_on(client, "/review/sources")
    answer = client.post("/review/sources/nobody-here", data={"action": "confirm", "csrf_token": token})
    assert answer.status_code == 400
    assert "no provisional or confirmed source" in html.unescape(answer.get_data(as_text=True))


def test_public_pages_name_a_provisional_source_and_follow_a_rename(app, entry):
    claim = first_claim(app, load_article(app))
    with app.app_context():
        db = get_db()
        with db.atomic():
            db.execute("UPDATE claims SET source_id = ? WHERE id = ?", [ENTRY, claim["id"]])
    reader = app.test_client()
    listing = html.unescape(reader.get("/sources/").get_data(as_text=True))
    assert "Accueil – Institut stand-in" in listing and f">{ENTRY}<" not in listing
    with app.app_context():
        claims_store.save_registry_entry(get_db(), {"id": ENTRY, "name": "Institut stand-in"})
    listing = html.unescape(reader.get("/sources/").get_data(as_text=True))
    assert "Institut stand-in" in listing and "Accueil – Institut stand-in" not in listing
    page = html.unescape(reader.get(f"/sources/{ENTRY}").get_data(as_text=True))
    assert "Institut stand-in" in page
