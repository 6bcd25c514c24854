"""Archiving fetched pages: a re-fetch sends validators, and an unchanged page adds no second copy."""
from __future__ import annotations

from werkzeug.wrappers import Response

from checker.sources import archive
from checker.sources import store as sources_store
from tests.support.files import source_page


def test_a_refetch_sends_validators_and_a_304_reuses_the_archived_copy(host, fetcher, db):
    def conditional(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(source_page("wapo-drones.html"), content_type="text/html",
                        headers={"ETag": '"v1"', "Last-Modified": "Sat, 19 Nov 2022 09:00:00 GMT"})
    host.route("/story", conditional)
    url = host.url("/story")
    first = archive.settle(db, fetcher, None, url, fetcher.get(url), None)
    assert first.outcome == "archived"
    etag, modified = archive.validators(first.snapshot)
    again = fetcher.get(url, etag, modified)
    assert again.status == 304 and again.body == b""
    second = archive.settle(db, fetcher, None, url, again, None)
    assert second.outcome == "not-modified"
    assert second.snapshot["id"] == first.snapshot["id"]
    assert host.requests[-1].headers["If-Modified-Since"] == "Sat, 19 Nov 2022 09:00:00 GMT"
    assert db["snapshots"].count == 1


def test_an_unchanged_refetch_without_validators_adds_no_copy(host, fetcher, db):
    host.route("/plain", source_page("nato-statement.html"))
    url = host.url("/plain")
    first = archive.settle(db, fetcher, None, url, fetcher.get(url), None)
    second = archive.settle(db, fetcher, None, url, fetcher.get(url), None)
    assert (first.outcome, second.outcome) == ("archived", "unchanged")
    assert db["snapshots"].count == 1 and db["bodies"].count == 1
    assert sources_store.snapshot_body(db, first.snapshot["sha256"]) == source_page("nato-statement.html")
