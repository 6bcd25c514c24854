"""`flask scrape` end to end against a stand-in web: feeds, sitemaps, robots.txt and a Wayback stand-in."""
from __future__ import annotations

import json

import pytest
from werkzeug.wrappers import Response

from checker.db import open_db
from checker.sources import store as sources_store
from tests.support.app import make_test_app
from tests.support.files import source_page
from tests.support.review import add_reviewer, login
from tests.support.standin_web import StandinHost

ARTICLE = (
    "date 2022-11-19 Moscou et Téhéran ont conclu un accord pour fabriquer 1 000 drones sur le sol russe, "
    "a rapporté samedi le Washington Post.\n\n"
    "L’OTAN a déclaré que l’explosion en Pologne avait probablement été causée par un missile de la défense "
    "aérienne ukrainienne.\n\n"
    "Le secrétaire à la Défense Lloyd Austin a déclaré que quelque 50 nations cherchaient le bon mélange de "
    "défenses aériennes pour l’Ukraine.\n")
WAPO_STORY = "/national-security/2022/11/19/russia-iran-drones-deal/"
DOD_TRANSCRIPT = "/News/Transcripts/Transcript/3220000/austin-contact-group/"
NATO_PAGE = "/cps/en/natohq/opinions_209000.htm"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def rss(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{u}</link><pubDate>{d}</pubDate></item>" for t, u, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>stand-in</title>{entries}</channel></rss>'.encode()


@pytest.fixture
def web():
    hosts = {name: StandinHost() for name in ("wapo", "dod", "nato", "wayback")}
    wapo, dod, nato, wayback = hosts["wapo"], hosts["dod"], hosts["nato"], hosts["wayback"]
    for server in (wapo, dod, nato):
        server.route("/robots.txt", ROBOTS, content_type="text/plain")
    wayback.route("/robots.txt", b"", status=404)
    wapo.route("/rss/world", rss([
        ("Russia and Iran agree to build drones in Russia", wapo.url(WAPO_STORY), "Sat, 19 Nov 2022 09:00:00 GMT"),
        ("An old story about something else", wapo.url("/2021/01/01/old/"), "Fri, 01 Jan 2021 09:00:00 GMT"),
    ]), content_type="application/rss+xml")
    wapo.route("/sitemaps/news.xml", (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
        f'<loc>{wapo.url("/private/russia-iran-drones-draft/")}</loc><news:news>'
        '<news:publication_date>2022-11-19T08:00:00Z</news:publication_date>'
        '<news:title>Russia Iran drones deal draft</news:title></news:news></url></urlset>').encode(),
        content_type="application/xml")
    wapo.route(WAPO_STORY, source_page("wapo-drones-paywall.html"))
    wapo.route("/private/russia-iran-drones-draft/", b"<p>never to be fetched</p>")
    dod.route("/sitemap.xml", (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f'<sitemap><loc>{dod.url("/sitemap-2022-11.xml")}</loc><lastmod>2022-11-30</lastmod></sitemap>'
        f'<sitemap><loc>{dod.url("/sitemap-2019-01.xml")}</loc><lastmod>2019-01-31</lastmod></sitemap>'
        '</sitemapindex>').encode(), content_type="application/xml")
    dod.route("/sitemap-2022-11.xml", (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f'<url><loc>{dod.url(DOD_TRANSCRIPT)}</loc><lastmod>2022-11-16</lastmod></url></urlset>').encode(),
        content_type="application/xml")
    dod.route(DOD_TRANSCRIPT, source_page("defense-transcript.html"), headers={"ETag": '"dod-1"'})
    nato.route("/feed.atom", (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>stand-in</title><entry>'
        '<title>Press conference on the explosion in Poland</title>'
        f'<link href="{nato.url(NATO_PAGE)}"/><updated>2022-11-16T12:00:00Z</updated></entry></feed>').encode(),
        content_type="application/atom+xml")
    nato.route(NATO_PAGE, source_page("nato-statement.html"))

    def available(request):
        capture = wayback.url(f"/web/20221119120000/{request.args['url']}")
        return Response(json.dumps({"archived_snapshots": {"closest": {
            "available": True, "url": capture, "timestamp": "20221119120000", "status": "200"}}}),
            content_type="application/json")
    wayback.route("/wayback/available", available)
    wayback.route("/web/20221119120000id_/*", source_page("wapo-drones.html"))
    yield hosts
    for server in hosts.values():
        server.close()


@pytest.fixture
def registry_file(tmp_path, web):
    wapo, dod, nato, wayback = web["wapo"], web["dod"], web["nato"], web["wayback"]
    path = tmp_path / "sources.toml"
    path.write_text(f'''
[[source]]
id = "washington-post"
name = "The Washington Post"
aliases = ["Washington Post", "le Washington Post"]
kind = "news"
domains = ["{wapo.netloc}"]
feeds = ["{wapo.url('/rss/world')}"]
sitemaps = ["{wapo.url('/sitemaps/news.xml')}"]

[[source]]
id = "pentagon"
name = "U.S. Department of Defense"
aliases = ["Pentagone", "le Pentagone"]
kind = "government"
domains = ["{dod.netloc}"]
sitemaps = ["{dod.url('/sitemap.xml')}"]

[[source]]
id = "nato"
name = "NATO"
aliases = ["OTAN", "l'OTAN"]
kind = "organisation"
domains = ["{nato.netloc}"]
feeds = ["{nato.url('/feed.atom')}"]

[[source]]
id = "lloyd-austin"
name = "Lloyd Austin"
aliases = ["secrétaire à la Défense Lloyd Austin"]
kind = "person"
affiliation = "pentagon"

[wayback]
available = "{wayback.url('/wayback/available')}"
cdx = "{wayback.url('/cdx')}"
''', encoding="utf-8")
    return path


@pytest.fixture
def scraper(tmp_path, registry_file):
    app = make_test_app(tmp_path, CHECKER_SOURCES=str(registry_file), CHECKER_ALLOW_PRIVATE=True,
                        FETCH_HOST_DELAY=0.0, FETCH_BACKOFF=0.01, FETCH_DEADLINE=3.0, FETCH_READ_TIMEOUT=1.0,
                        FETCH_CONNECT_TIMEOUT=1.0)
    runner = app.test_cli_runner()
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(args=["ingest", str(article)])
    assert result.exit_code == 0, result.stderr
    return app, runner, int(result.stdout.strip())


def scrape_json(runner, article_id: int) -> dict:
    result = runner.invoke(args=["scrape", str(article_id), "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_scrape_finds_the_cited_reports_and_follows_the_contract(scraper, web):
    app, runner, article_id = scraper
    output = scrape_json(runner, article_id)
    assert set(output) == {"citations", "documents", "errors"}
    cited = {c["source_id"] for c in output["citations"]}
    assert {"washington-post", "nato", "lloyd-austin"} <= cited
    for citation in output["citations"]:
        assert set(citation) >= {"claim_id", "source_id", "cue"}
    by_source = {d["source_id"]: d for d in output["documents"]}
    assert set(by_source) == {"washington-post", "pentagon", "nato"}
    for document in output["documents"]:
        assert set(document) >= {"url", "final_url", "status", "title", "published", "sha256", "via"}
        assert len(document["sha256"]) == 64 and document["standin"] is True
    assert by_source["pentagon"]["url"] == web["dod"].url(DOD_TRANSCRIPT)
    assert by_source["nato"]["via"] == "live"


def test_a_paywalled_page_is_recovered_from_the_wayback_stand_in(scraper, web):
    app, runner, article_id = scraper
    output = scrape_json(runner, article_id)
    wapo = next(d for d in output["documents"] if d["source_id"] == "washington-post")
    assert wapo["via"] == "wayback"
    assert wapo["url"] == web["wapo"].url(WAPO_STORY)
    assert "/web/20221119120000id_/" in wapo["final_url"]
    assert wapo["published"] == "2022-11-19"


def test_a_page_disallowed_by_robots_but_listed_in_a_sitemap_is_never_fetched(scraper, web):
    app, runner, article_id = scraper
    output = scrape_json(runner, article_id)
    assert not any(p.startswith("/private/") for p in web["wapo"].paths())
    refused = [e for e in output["errors"] if "/private/" in e["url"]]
    assert refused and "robots.txt" in refused[0]["reason"]
    assert "/sitemap-2019-01.xml" not in web["dod"].paths()  # outside the claim's date window


def test_transcripts_are_stored_one_passage_per_speaker_turn(scraper):
    app, runner, article_id = scraper
    scrape_json(runner, article_id)
    db = open_db(app.config["CHECKER_DB"])
    document = next(d for d in sources_store.documents_of_article(db, article_id) if d["source_id"] == "pentagon")
    speakers = [p["speaker"] for p in sources_store.passages_of_document(db, document["id"])]
    db.close()
    assert speakers == ["SECRETARY OF DEFENSE LLOYD J. AUSTIN III", "Q", "SEC. AUSTIN"]


def test_rescraping_unchanged_pages_adds_no_copy_and_records_each_failure(scraper, web):
    app, runner, article_id = scraper
    scrape_json(runner, article_id)
    db = open_db(app.config["CHECKER_DB"])
    before = db["snapshots"].count
    again = scrape_json(runner, article_id)
    assert db["snapshots"].count == before
    assert web["dod"].requests[-1].headers.get("If-None-Match") == '"dod-1"'
    failed = sources_store.attempts_of_article(db, article_id, failed_only=True)
    db.close()
    assert {e["url"] for e in again["errors"]} <= {a["url"] for a in failed}
    assert all(a["reason"] for a in failed)


def test_warc_export_then_import_round_trips_every_snapshot(scraper, tmp_path):
    app, runner, article_id = scraper
    scrape_json(runner, article_id)
    warc = tmp_path / "sources.warc.gz"
    result = runner.invoke(args=["export-warc", str(article_id), str(warc)])
    assert result.exit_code == 0, result.stderr
    db = open_db(app.config["CHECKER_DB"])
    exported = {(s["url"], s["sha256"]) for s in sources_store.snapshots_of_article(db, article_id)}
    db.close()
    other = make_test_app(tmp_path / "other", CHECKER_SOURCES=app.config["CHECKER_SOURCES"])
    imported = other.test_cli_runner().invoke(args=["import", str(warc), "--json"])
    assert imported.exit_code == 0, imported.stderr
    rows = json.loads(imported.stdout)["documents"]
    assert {(r["url"], r["sha256"]) for r in rows} == exported
    assert {r["via"] for r in rows} == {"import"}


def test_fetch_by_hand_of_a_refused_address_records_the_reason_and_exits_nonzero(scraper):
    app, runner, article_id = scraper
    result = runner.invoke(args=["fetch", "http://169.254.169.254/latest/", "--article", str(article_id)])
    assert result.exit_code != 0
    assert "link-local" in result.stderr
    db = open_db(app.config["CHECKER_DB"])
    assert sources_store.attempts_of_article(db, article_id)[-1]["outcome"] == "failed"
    db.close()


def test_why_a_fetch_went_as_it_did_reads_in_the_reviewers_language(scraper, web):
    """The attempt's reason is stored as a message too: the French workspace says it in French, the command
    line and the stored text keep the English."""
    app, runner, article_id = scraper
    scrape_json(runner, article_id)
    db = open_db(app.config["CHECKER_DB"])
    attempt = next(a for a in sources_store.attempts_of_article(db, article_id)
                   if a["source_id"] == "washington-post" and a["reason"])
    stored = db.execute("SELECT reason FROM fetch_attempts WHERE id = ?", [attempt["id"]]).fetchone()[0]
    claim_id = db.execute("SELECT id FROM claims WHERE article_id = ? AND source_id = 'washington-post'",
                          [article_id]).fetchone()[0]
    db.close()
    assert attempt["reason"] == stored == "the page says it is not free to read (JSON-LD isAccessibleForFree: " \
        "false); used the Wayback Machine copy of " + stored.rsplit(" ", 1)[1]
    add_reviewer(app, "alice")
    client = app.test_client()
    login(client, "alice")
    french = client.get(f"/review/claims/{claim_id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "la page indique qu’elle n’est pas en accès libre (JSON-LD isAccessibleForFree\u00a0: false)\u202f; " \
           "copie de la Wayback Machine du " in french
    assert "not free to read" not in french
    english = client.get(f"/review/claims/{claim_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "(JSON-LD isAccessibleForFree: false); used the Wayback Machine copy of " in english


def test_a_cited_person_lists_the_pages_fetched_from_the_source_searched_for_them(scraper, web):
    app, runner, article_id = scraper
    scrape_json(runner, article_id)
    db = open_db(app.config["CHECKER_DB"])
    claim_id = db.execute("SELECT id FROM claims WHERE article_id = ? AND source_id = 'lloyd-austin'",
                          [article_id]).fetchone()[0]
    db.close()
    add_reviewer(app, "alice")
    client = app.test_client()
    login(client, "alice")
    page = client.get(f"/review/claims/{claim_id}").get_data(as_text=True)
    austin = page[page.index("<strong>Lloyd Austin</strong>"):page.index("</ul>", page.index("<strong>Lloyd Austin"))]
    assert "A person: their statements are looked for on U.S. Department of Defense." in austin
    assert web["dod"].url(DOD_TRANSCRIPT) in austin and "Not fetched yet." not in austin
