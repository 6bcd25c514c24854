"""`flask recheck` against a local server (pytest-httpserver) whose page changes between two runs: unchanged (304,
and 200 with the same body), changed (a new copy and a flagged claim), gone (404, 410, sent home), robots.txt
refusals and errors reported with their reason, and `--due`."""
from __future__ import annotations

import pytest
from werkzeug.wrappers import Response

from checker.db import get_db
from checker.sources import recheck
from checker.sources import store as sources_store
from checker.sources.http import Fetcher, Settings
from tests.support.files import FIXTURES
from tests.support.recheck import (
    CORRECTED,
    FIRST,
    SECOND,
    Site,
    archive_as_evidence,
    page,
    recheck_app,
    run,
)
from tests.support.review import add_reviewer


@pytest.fixture
def app(tmp_path):
    app = recheck_app(tmp_path)
    add_reviewer(app, "bob")
    return app


@pytest.fixture
def site(httpserver):
    return Site(httpserver)


def test_an_unchanged_page_answers_304_and_only_the_check_time_is_recorded(app, site):
    archive_as_evidence(app, site)
    with app.app_context():
        before = sources_store.latest_snapshot(get_db(), site.url)
    [checked] = run(app)["checked"]
    assert checked["url"] == site.url and checked["status"] == 304
    assert checked["outcome"] == "unchanged" and not checked["changed"] and not checked["gone"]
    assert checked["snapshot_id"] == before["id"]
    with app.app_context():
        assert sources_store.latest_snapshot(get_db(), site.url)["id"] == before["id"]
        check = sources_store.get_source_check(get_db(), site.url)
    assert check["outcome"] == "unchanged" and check["checked_at"] == checked["checked_at"]
    asked = [request for request, _ in site.server.log if request.path == "/report"]
    assert asked[-1].headers.get("If-None-Match") == '"v1"'


def test_the_same_body_without_validators_is_unchanged_and_adds_no_copy(app, site):
    site.etag = None
    archive_as_evidence(app, site)
    result = run(app)
    [checked] = result["checked"]
    assert checked["status"] == 200 and checked["outcome"] == "unchanged"
    assert "same SHA-256" in checked["reason"]
    assert result["flagged_claims"] == []
    with app.app_context():
        assert len(sources_store.snapshots_of_article(get_db(), 1)) == 1


def test_a_markup_change_archives_a_copy_but_is_not_an_edit(app, site):
    archive_as_evidence(app, site)
    site.body, site.etag = page(FIRST, SECOND, footer="<footer>Related: something else</footer>"), '"v2"'
    result = run(app)
    [checked] = result["checked"]
    assert checked["outcome"] == "unchanged" and "markup changed" in checked["reason"]
    assert result["flagged_claims"] == []


def test_an_edited_page_gets_a_new_copy_and_its_claim_is_flagged(app, site):
    done = archive_as_evidence(app, site)
    site.body, site.etag = page(CORRECTED, SECOND), '"v2"'
    site.headers = {"Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"}  # before our copy: not credible
    result = run(app)
    [checked] = result["checked"]
    assert checked["outcome"] == "changed" and checked["changed"] and checked["status"] == 200
    assert "1 sentence reworded" in checked["reason"]
    assert checked["snapshot_id"] != checked["previous_snapshot_id"]
    assert result["flagged_claims"] == [done["claim_id"]] == checked["flagged_claims"]
    with app.app_context():
        db = get_db()
        new_document = sources_store.document_for_snapshot(db, checked["snapshot_id"])
        change = sources_store.get_source_change(db, checked["change_id"])
        # the new copy is a source of the same article, under the same cited source
        assert new_document["id"] in {d["id"] for d in sources_store.documents_of_article(db, done["article_id"])}
    assert "400 drones" in new_document["text"]
    assert change["edited_at"] == change["detected_at"] == checked["checked_at"]
    # A second run finds the new copy unchanged and flags nothing more.
    again = run(app)
    assert [c["outcome"] for c in again["checked"]] == ["unchanged"] and again["flagged_claims"] == []


def test_a_credible_last_modified_is_the_edit_date(app, site):
    archive_as_evidence(app, site)
    site.body, site.etag = page(CORRECTED, SECOND), '"v2"'
    site.headers = {"Last-Modified": "Fri, 31 Dec 2100 00:00:00 GMT"}  # in the future: not credible either
    [checked] = run(app)["checked"]
    with app.app_context():
        change = sources_store.get_source_change(get_db(), checked["change_id"])
    assert change["edited_at"] == checked["checked_at"]


@pytest.mark.parametrize("status", [404, 410])
def test_a_page_answering_404_or_410_is_gone_and_its_claim_flagged_once(app, site, status):
    done = archive_as_evidence(app, site)
    site.status, site.etag, site.body = status, None, b"not here"
    result = run(app)
    [checked] = result["checked"]
    assert checked["outcome"] == "gone" and checked["gone"] and checked["status"] == status
    assert checked["snapshot_id"] is None
    assert result["flagged_claims"] == [done["claim_id"]]
    again = run(app)
    assert again["checked"][0]["reason"].startswith("still gone") and again["flagged_claims"] == []


def test_a_page_sent_to_the_home_page_is_gone(app, site, httpserver):
    archive_as_evidence(app, site)
    httpserver.clear_all_handlers()
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/report").respond_with_response(
        Response(status=301, headers={"Location": httpserver.url_for("/")}))
    httpserver.expect_request("/").respond_with_data("home page", content_type="text/html")
    [checked] = run(app)["checked"]
    assert checked["outcome"] == "gone" and "home page" in checked["reason"]


def test_robots_txt_refusing_the_page_is_an_error_and_it_is_not_fetched(app, site):
    archive_as_evidence(app, site)
    fetched = sum(1 for request, _ in site.server.log if request.path == "/report")
    site.robots = "User-agent: *\nDisallow: /report\n"
    result = run(app)
    [checked] = result["checked"]
    assert checked["outcome"] == "error" and checked["status"] is None
    assert "robots.txt" in checked["reason"] and "disallows" in checked["reason"]
    assert sum(1 for request, _ in site.server.log if request.path == "/report") == fetched
    assert result["flagged_claims"] == []


def test_a_server_error_is_reported_with_its_reason_not_a_traceback(app, site):
    archive_as_evidence(app, site)
    site.status, site.etag = 503, None
    result = app.test_cli_runner().invoke(args=["recheck"])
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    assert "error" in result.stdout and "503" in result.stdout
    assert "1 checked: 0 unchanged, 0 changed, 0 gone, 1 error" in result.stderr


def test_due_checks_only_pages_whose_interval_has_passed(app, site, tmp_path):
    archive_as_evidence(app, site)
    assert run(app, "--due")["checked"] == []  # archived a moment ago
    overdue = recheck_app(tmp_path, RECHECK_REVIEWED_HOURS=0.0)
    assert [c["url"] for c in run(overdue, "--due")["checked"]] == [site.url]


def test_due_gives_unreviewed_articles_the_longer_interval(app, site, tmp_path):
    archive_as_evidence(app, site, verdict=None)  # evidence accepted, but no claim given a status yet
    reviewed_only_due = recheck_app(tmp_path, RECHECK_REVIEWED_HOURS=0.0)
    assert run(reviewed_only_due, "--due")["checked"] == []
    everything_due = recheck_app(tmp_path, RECHECK_OTHER_HOURS=0.0)
    assert len(run(everything_due, "--due")["checked"]) == 1


def test_stand_in_addresses_are_never_fetched(app):
    saved = FIXTURES / "review_evidence_page.html"  # its canonical address is https://standin.invalid/…
    result = app.test_cli_runner().invoke(args=["import", str(saved)])
    assert result.exit_code == 0, result.stderr
    assert run(app)["checked"] == []


def test_a_change_recorded_by_a_run_cut_short_before_flagging_is_flagged_by_the_next(app, site):
    done = archive_as_evidence(app, site)
    site.body, site.etag = page(CORRECTED, SECOND), '"v2"'
    with app.app_context():  # the step alone: the run "stops" before announcing the change
        fetcher = Fetcher(Settings.from_config(app.config))
        [checked] = recheck.recheck(get_db(), fetcher, recheck.Options())
        fetcher.close()
    assert checked.outcome == "changed"
    result = run(app)
    assert [c["outcome"] for c in result["checked"]] == ["unchanged"]
    assert result["flagged_claims"] == [done["claim_id"]]


def test_linking_reads_an_edited_page_in_its_newest_copy_only(app, site):
    done = archive_as_evidence(app, site)
    site.body, site.etag = page(CORRECTED, SECOND), '"v2"'
    [checked] = run(app)["checked"]
    result = app.test_cli_runner().invoke(args=["link", str(done["article_id"]), "--json"])
    assert result.exit_code == 0, result.stderr
    with app.app_context():
        db = get_db()
        old = sources_store.document_for_snapshot(db, checked["previous_snapshot_id"])
        new = sources_store.document_for_snapshot(db, checked["snapshot_id"])
        indexed = {row[0] for row in db.execute(
            "SELECT p.document_id FROM passage_features f JOIN passages p ON p.id = f.passage_id")}
        accepted = db.execute("SELECT document_id FROM links WHERE claim_id = ? AND decision = 'accepted'",
                              [done["claim_id"]]).fetchall()
    assert new["id"] in indexed and old["id"] not in indexed  # the unchanged paragraph is not read twice
    assert accepted == [(old["id"],)]  # the reviewer's accepted passage of the old copy stays, flagged
