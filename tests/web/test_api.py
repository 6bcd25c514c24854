"""Open data: the JSON API (shapes, keyset pages), the Atom feed and the CSV export."""
from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

from checker.claims import store as claims_store
from checker.db import get_db
from tests.support.public import RATIONALE

ATOM = "{http://www.w3.org/2005/Atom}"
# The CSV's columns, in order: what a spreadsheet or a script reading the export relies on.
CSV_COLUMNS = ("claim_id", "article_id", "article_title", "article_published", "text", "status", "status_label",
               "rationale", "reviewed_at", "source_id", "source_name", "checkworthy", "score", "kind", "version",
               "updated_at", "url")


def test_a_claim_carries_status_version_rationale_and_public_history_oldest_first(site):
    app, facts = site
    document = app.test_client().get(f"/api/claims/{facts['verified']}").get_json()
    assert document["status"] == "verified" and document["version"] == 3
    assert document["rationale"] == RATIONALE
    assert [(h["from"], h["to"]) for h in document["history"]] == [("unreviewed", "in_review"),
                                                                   ("in_review", "verified")]
    assert all(set(h) == {"from", "to", "note", "at"} for h in document["history"])
    assert document["evidence"][0]["standin"] is True and document["unreviewed_suggestions"] == 1
    assert document["claim_review"]["reviewRating"]["alternateName"] == "Verified"
    assert document["links"] == {"self": f"/api/claims/{facts['verified']}", "html": f"/claims/{facts['verified']}",
                                 "article": f"/api/articles/{facts['first']}"}


def test_the_article_api_keeps_the_contract_and_hides_local_paths(site):
    app, facts = site
    document = app.test_client().get(f"/api/articles/{facts['first']}").get_json()
    assert set(document) >= {"article", "claims", "skipped"}
    assert document["article"]["origin"] is None  # a file name on the server is not published
    assert {"id", "text", "start", "end", "status", "version", "history", "rationale"} <= set(document["claims"][0])


def test_claim_lists_page_through_every_claim_exactly_once(site):
    app, _ = site
    client = app.test_client()
    seen, url = [], "/api/claims?limit=2"
    while url:
        page = client.get(url).get_json()
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        url = page["links"].get("next")
    with app.app_context():
        total = claims_store.counts(get_db())["claims"]
    assert sorted(seen) == list(range(1, total + 1)) and seen == sorted(seen, reverse=True)
    back = client.get(f"/api/claims?limit=2&after={seen[-1]}").get_json()
    assert [item["id"] for item in back["items"]] == seen[-3:-1]


def test_the_feed_parses_as_atom_with_one_entry_per_published_verdict(site):
    app, facts = site
    response = app.test_client().get("/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    terms = sorted(entry.find(f"{ATOM}category").get("term") for entry in entries)
    assert terms == ["false", "verified"]
    for entry in entries:
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/claims/")
    summaries = [entry.find(f"{ATOM}summary").text for entry in entries]
    assert RATIONALE in summaries and "PROPOSAL" not in response.get_data(as_text=True)


def test_the_csv_round_trips_against_the_api(site):
    app, _ = site
    client = app.test_client()
    response = client.get("/export/claims.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    with app.app_context():
        assert len(rows) == claims_store.counts(get_db())["claims"]
    for row in rows:
        claim = client.get(f"/api/claims/{row['claim_id']}").get_json()
        assert row["text"] == claim["text"] and row["status"] == claim["status"]
        assert row["rationale"] == (claim["rationale"] or "") and int(row["version"]) == claim["version"]
        assert int(row["article_id"]) == claim["article_id"] and row["url"].endswith(f"/claims/{claim['id']}")
        assert float(row["score"]) == claim["score"]


def test_the_csv_export_takes_the_claim_index_filters(site):
    app, facts = site
    client = app.test_client()

    def exported(path):
        return {int(row["claim_id"]): row for row in
                csv.DictReader(io.StringIO(client.get(path).get_data(as_text=True), newline=""))}
    everything = exported("/export/claims.csv")
    false_only = exported("/export/claims.csv?status=false")
    assert facts["false"] in false_only and facts["verified"] not in false_only
    assert {row["status"] for row in false_only.values()} == {"false"}
    reviewed = exported("/export/claims.csv?status=reviewed")
    assert {facts["false"], facts["verified"]} <= set(reviewed) < set(everything)
    assert facts["verified"] in exported("/export/claims.csv?source=washington-post")
    assert exported("/export/claims.csv?from=2030") == {}
    assert 'href="/export/claims.csv?status=false"' in client.get("/claims/?status=false").get_data(as_text=True)
    etags = {client.get(path).headers["ETag"] for path in ("/export/claims.csv", "/export/claims.csv?status=false")}
    assert len(etags) == 2


def test_public_article_api_carries_status_version_and_history_per_claim(app, claim):
    document = app.test_client().get(f"/api/articles/{claim['article_id']}").get_json()
    assert set(document) >= {"article", "claims", "skipped"}
    for item in document["claims"]:
        assert item["status"] == "unreviewed" and item["version"] == 1 and item["history"] == []
