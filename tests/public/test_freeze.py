"""`flask freeze`: the public site as static files, served by a plain static server, every link working."""
from __future__ import annotations

import functools
import html
import json
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest

from checker.public import freeze
from tests.support.public import LINK, PRIVATE, build_site, json_links


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def served(tmp_path):
    app, facts = build_site(tmp_path / "site")
    outdir = tmp_path / "export"
    result = app.test_cli_runner().invoke(args=["freeze", str(outdir), "--base-url", "https://checks.example.org/"])
    assert result.exit_code == 0, result.output
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(outdir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", outdir, facts
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except HTTPError as error:
        return error.code, b"", ""


def test_the_export_served_by_a_plain_static_server_has_no_broken_link(served):
    base, outdir, facts = served
    seen, queue, fetched = {base}, [base], {}
    while queue:
        url = queue.pop()
        status, body, kind = _get(url)
        assert status == 200, url
        fetched[url] = body
        if url.endswith(".json"):
            targets = json_links(json.loads(body))
        elif url.endswith((".html", "/")):
            targets = (html.unescape(link) for link in LINK.findall(body.decode("utf-8")))
        else:
            continue
        for target in targets:
            absolute = urljoin(url, target).partition("#")[0]
            if absolute.startswith(base) and absolute not in seen:
                seen.add(absolute)
                queue.append(absolute)
    paths = {urlsplit(url).path for url in fetched}
    assert f"/claims/{facts['verified']}.html" in paths and f"/api/claims/{facts['verified']}.json" in paths
    assert f"/articles/{facts['first']}.html" in paths and "/static/site.css" in paths
    assert "/sources/washington-post.html" in paths and f"/archive/{facts['snapshot']}.html" in paths
    assert "/export/claims.csv" in paths and "/feed.atom" in paths
    for body in fetched.values():
        text = body.decode("utf-8")
        assert 'href="/' not in text and 'src="/' not in text  # every internal link is relative
        assert PRIVATE["comment"] not in text and PRIVATE["reviewer"] not in text
        assert "/login" not in text and "csrf_token" not in text


def test_frozen_pages_point_machines_at_the_public_address(served):
    base, outdir, facts = served
    page = (outdir / f"claims/{facts['verified']}.html").read_text()
    block = page[page.index('<script type="application/ld+json">'):].split(">", 1)[1].split("</script>")[0]
    assert json.loads(block)["url"] == f"https://checks.example.org/claims/{facts['verified']}.html"
    feed = ET.fromstring((outdir / "feed.atom").read_bytes())
    hrefs = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert "https://checks.example.org/feed.atom" in hrefs
    assert f"https://checks.example.org/claims/{facts['verified']}.html" in hrefs


def test_freeze_refuses_a_folder_it_did_not_write_and_replaces_its_own(tmp_path):
    app, _ = build_site(tmp_path / "site")
    runner = app.test_cli_runner()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    refused = runner.invoke(args=["freeze", str(foreign)])
    assert refused.exit_code == 1 and "not empty" in refused.stderr
    assert (foreign / "keep.txt").read_text() == "mine"
    out = tmp_path / "out"
    assert runner.invoke(args=["freeze", str(out)]).exit_code == 0
    (out / "stale.html").write_text("old")
    assert runner.invoke(args=["freeze", str(out)]).exit_code == 0
    assert not (out / "stale.html").exists() and (out / "index.html").exists()


@pytest.mark.parametrize("url, expected", [
    ("/", "index.html"), ("/claims/", "claims/index.html"), ("/claims/7", "claims/7.html"),
    ("/api/claims/7", "api/claims/7.json"), ("/static/site.css", "static/site.css"),
    ("/claims/?status=false&before=9", "claims/index--before-9--status-false.html"),
    ("/export/claims.csv", "export/claims.csv"), ("/feed.atom", "feed.atom")])
def test_every_site_path_maps_to_one_file(url, expected):
    assert freeze.file_for(url) == expected


def test_links_become_relative_to_the_file_they_sit_in():
    assert freeze.relative("claims/7.html", "/articles/3#claim-7") == "../articles/3.html#claim-7"
    assert freeze.relative("index.html", "/static/site.css") == "static/site.css"
