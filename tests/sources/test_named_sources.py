"""Issue 15: sources the article only names are searched for the claims nobody cites. On a stand-in web for the
seed (the Washington Post, the Pentagon, NATO and Fox News, each a local server with its robots.txt, feeds and
sitemaps), the seed's claim on the explosion in Poland cites nobody, but the article names NATO (in a related
headline and in "les frontières de l'OTAN") and the Pentagon: their pages are found, ranked by title against the
claim, fetched within the caps, and become its evidence, marked as found beyond the citations. Nothing a
robots.txt forbids is fetched."""
from __future__ import annotations

import html
import json

import pytest

from checker.claims import registry as source_registry
from checker.db import open_db
from checker.evidence import store as evidence_store
from checker.sources import discover
from tests.support.app import make_test_app
from tests.support.files import source_page
from tests.support.review import add_reviewer, login, token_on
from tests.support.standin_web import StandinHost

DOD_TRANSCRIPT = "/News/Transcripts/Transcript/3220000/austin-contact-group/"
NATO_PAGE = "/cps/en/natohq/opinions_209000.htm"
WAPO_STORY = "/world/2022/11/19/russia-iran-drones-deal/"
FOX_STORY = "/world/poland-missile-explosion-nato"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def rss(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{u}</link><pubDate>{d}</pubDate></item>" for t, u, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>stand-in</title>{entries}</channel></rss>'.encode()


def urlset(urls: list[tuple[str, str]]) -> bytes:
    rows = "".join(f"<url><loc>{u}</loc><lastmod>{d}</lastmod></url>" for u, d in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()


@pytest.fixture
def web():
    hosts = {name: StandinHost() for name in ("wapo", "dod", "nato", "fox", "wayback")}
    wapo, dod, nato, fox, wayback = (hosts[n] for n in ("wapo", "dod", "nato", "fox", "wayback"))
    for server in (wapo, dod, nato):
        server.route("/robots.txt", ROBOTS, content_type="text/plain")
    fox.route("/robots.txt", b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    wayback.route("/robots.txt", b"", status=404)
    wapo.route("/rss/world", rss([
        ("Russia and Iran agree to build drones in Russia", wapo.url(WAPO_STORY), "Sat, 19 Nov 2022 09:00:00 GMT"),
        ("Draft: Poland explosion", wapo.url("/private/poland-draft/"), "Wed, 16 Nov 2022 09:00:00 GMT"),
    ]), content_type="application/rss+xml")
    wapo.route(WAPO_STORY, source_page("wapo-drones.html"))
    dod.route("/sitemap.xml", urlset([(dod.url(DOD_TRANSCRIPT), "2022-11-16")]), content_type="application/xml")
    dod.route(DOD_TRANSCRIPT, source_page("defense-transcript.html"))
    nato.route("/feed.atom", (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>stand-in</title>'
        '<entry><title>Press conference on the explosion in Poland</title>'
        f'<link href="{nato.url(NATO_PAGE)}"/><updated>2022-11-16T12:00:00Z</updated></entry>'
        '<entry><title>Meeting of NATO defence ministers</title>'
        f'<link href="{nato.url("/cps/en/natohq/news_2019.htm")}"/><updated>2019-02-14T12:00:00Z</updated></entry>'
        '</feed>').encode(), content_type="application/atom+xml")
    nato.route(NATO_PAGE, source_page("nato-statement.html"))
    fox.route("/sitemap.xml", urlset([(fox.url(FOX_STORY), "2022-11-16")]), content_type="application/xml")
    fox.route(FOX_STORY, b"<p>never to be fetched: robots.txt forbids the whole site</p>")
    yield hosts
    for server in hosts.values():
        server.close()


@pytest.fixture
def app(tmp_path, web):
    wapo, dod, nato, fox, wayback = (web[n] for n in ("wapo", "dod", "nato", "fox", "wayback"))
    registry = tmp_path / "sources.toml"
    registry.write_text(f'''
[[source]]
id = "washington-post"
name = "The Washington Post"
aliases = ["Washington Post", "le Washington Post"]
domains = ["{wapo.netloc}"]
feeds = ["{wapo.url('/rss/world')}"]

[[source]]
id = "pentagon"
name = "U.S. Department of Defense"
aliases = ["Pentagone", "le Pentagone", "Pentagon"]
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
id = "fox-news"
name = "Fox News"
aliases = ["Fox News"]
domains = ["{fox.netloc}"]
sitemaps = ["{fox.url('/sitemap.xml')}"]

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
    return make_test_app(tmp_path, CHECKER_SOURCES=str(registry), CHECKER_ALLOW_PRIVATE=True, FETCH_HOST_DELAY=0.0,
                         FETCH_BACKOFF=0.01, FETCH_DEADLINE=3.0, FETCH_READ_TIMEOUT=1.0, FETCH_CONNECT_TIMEOUT=1.0)


def invoke(runner, *args) -> str:
    result = runner.invoke(args=[str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def seed(runner, seed_path):
    article = json.loads(invoke(runner, "ingest", seed_path, "--json"))
    poland = next(c for c in article["claims"] if "en a tué deux en Pologne" in c["text"])
    assert poland["checkworthy"] and poland["attribution"] is None  # nobody is cited for it
    return article, poland


@pytest.fixture
def scraped(runner, seed):
    article, poland = seed
    return article, poland, json.loads(invoke(runner, "scrape", article["article"]["id"], "--json"))


def test_the_poland_claim_gets_evidence_from_nato_and_the_pentagon_found_beyond_its_citations(app, scraped, web):
    _article, poland, _output = scraped
    db = open_db(app.config["CHECKER_DB"])
    links = evidence_store.links_of_claim(db, poland["id"])
    db.close()
    by_host = {}
    for row in links:
        by_host.setdefault(row["url"].split("/")[2], row)
    nato, pentagon = by_host.get(web["nato"].netloc), by_host.get(web["dod"].netloc)
    assert nato is not None and pentagon is not None, [(r["url"], r["score"]) for r in links]
    assert "explosion in Poland" in nato["passage"] and "Poland" in pentagon["passage"]
    for row, name in ((nato, "NATO"), (pentagon, "U.S. Department of Defense")):
        assert row["found"] == "named" and row["signals"]["cited"] is False
        assert row["found_note"].startswith(f"found beyond the citations: named in the article: {name}")
        assert f"(claim {poland['id']})" in row["found_note"]


def test_scrape_json_says_how_each_document_was_found_and_why(scraped, web):
    _article, poland, output = scraped
    by_host = {d["url"].split("/")[2]: d for d in output["documents"]}
    nato = by_host[web["nato"].netloc]
    assert nato["found"] == "named" and nato["from_link"] is False and nato["claim_ids"] == [poland["id"]]
    assert nato["why"].startswith("named in the article: NATO (“L’OTAN”); matches the claim on Poland")
    pentagon = by_host[web["dod"].netloc]
    assert pentagon["found"] == "cited"  # the Lloyd Austin claim cites it; the Poland claim only names it
    assert "cited by claim" in pentagon["why"]
    assert "named in the article: U.S. Department of Defense (“le Pentagone”); matches the claim on Poland" \
        in pentagon["why"]
    assert by_host[web["wapo"].netloc]["found"] == "cited"


def test_no_page_a_robots_txt_forbids_is_fetched(scraped, web):
    _article, _poland, output = scraped
    assert web["fox"].paths() == ["/robots.txt"]  # Fox News is named, but its robots.txt forbids everything
    assert not any(p.startswith("/private/") for p in web["wapo"].paths())
    refused = [e for e in output["errors"] if web["fox"].netloc in e["url"] or "/private/" in e["url"]]
    assert refused and all("robots.txt" in e["reason"] for e in refused)


def test_named_pages_stay_within_the_caps_per_article_and_per_host(app, tmp_path, web, seed_path):
    capped = make_test_app(tmp_path / "capped", CHECKER_SOURCES=app.config["CHECKER_SOURCES"],
                           CHECKER_ALLOW_PRIVATE=True, FETCH_HOST_DELAY=0.0, FETCH_DEADLINE=3.0,
                           SCRAPE_NAMED_MAX_PAGES=0)
    runner = capped.test_cli_runner()
    article_id = int(invoke(runner, "ingest", seed_path).strip())
    result = runner.invoke(args=["scrape", str(article_id), "--json"])
    assert result.exit_code == 0, result.stderr
    assert "pages of named sources left out (at most 0 per article, 2 per host)" in result.stderr
    output = json.loads(result.stdout)
    assert not any(d.get("found") == "named" for d in output["documents"])
    assert NATO_PAGE not in web["nato"].paths()


def test_a_source_named_only_in_a_headline_or_an_aside_is_a_named_source(seed_text):
    registry = source_registry.load()
    named = {target.id: written for target, _source, written in discover.named_sources(seed_text, registry)}
    assert named["nato"] == "L’OTAN"  # first named in the related-article headline, in capitals
    assert named["pentagon"] == "le Pentagone"
    aside = "Un missile est tombé près des frontières de l’OTAN, tuant deux personnes."
    assert [t.id for t, _s, _w in discover.named_sources(aside, registry)] == ["nato"]


def test_reviewers_and_readers_see_where_the_evidence_was_found(app, scraped, web):
    _article, poland, _output = scraped
    add_reviewer(app, "alice")
    client = app.test_client()
    login(client, "alice")
    page = client.get(f"/review/claims/{poland['id']}").get_data(as_text=True)
    shown = html.unescape(page)
    # Where it was found, said once: the note, which names the source and why it was read.
    assert "<strong>Found beyond the citations: named in the article: NATO (“L’OTAN”); matches the claim on " \
           "Poland (claim " in shown
    assert "from a source the article names." not in shown
    assert "Below the linking threshold: shown because the page was found for this claim." in shown
    db = open_db(app.config["CHECKER_DB"])
    nato = next(row for row in evidence_store.links_of_claim(db, poland["id"]) if web["nato"].netloc in row["url"])
    db.close()
    token = token_on(client, f"/review/claims/{poland['id']}")
    accepted = client.post(f"/review/links/{nato['id']}/decision", data={"decision": "accepted", "csrf_token": token})
    assert accepted.status_code == 303
    client.get("/logout")
    public = html.unescape(app.test_client().get(f"/claims/{poland['id']}").get_data(as_text=True))
    assert "Found beyond the citations: named in the article: NATO (“L’OTAN”); matches the claim on Poland" in public
    assert "from a source the article names." not in public
    french = html.unescape(app.test_client().get(f"/claims/{poland['id']}",
                                                 headers={"Accept-Language": "fr"}).get_data(as_text=True))
    assert "Trouvée au-delà des citations\xa0: nommée dans l’article\xa0: NATO («\u202fL’OTAN\u202f»)\u202f; " \
           "correspond à l’affirmation sur " in french
    api = app.test_client().get(f"/api/claims/{poland['id']}").get_json()
    assert [(e["found"], e["found_note"].split(";")[0]) for e in api["evidence"]] == [
        ("named", "found beyond the citations: named in the article: NATO (“L’OTAN”)")]


def test_evidence_from_a_source_the_claim_cites_is_marked_so(app, scraped, web):
    article, _poland, _output = scraped
    austin = next(c for c in article["claims"] if "Lloyd Austin" in c["text"])
    db = open_db(app.config["CHECKER_DB"])
    links = evidence_store.links_of_claim(db, austin["id"])
    db.close()
    assert links and links[0]["found"] == "cited"
    assert links[0]["found_note"] == "from a source the claim cites: Lloyd Austin (via U.S. Department of Defense)"
