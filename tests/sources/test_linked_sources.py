"""Issue 18: an article ingested from its web address cites what it links to. The linked report, on a host the
registry does not know, is fetched through the link (robots.txt, caps, SSRF guard), archived, kept for the claim
and linked to it as evidence; its site gets a provisional registry entry whose sitemaps come from its robots.txt
and whose feeds come from its home page; navigation, share buttons and ads are never citations. Reviewers then
confirm, rename or merge the provisional entry with `flask sources`. Every page is our own stand-in, served on
127.0.0.1."""
from __future__ import annotations

import json

import pytest

from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.db import open_db
from checker.evidence import store as evidence_store
from checker.sources import discover
from checker.sources import store as sources_store
from checker.sources.scrape import entry_id
from tests.support.app import make_test_app
from tests.support.standin_web import StandinHost

STANDIN = '<meta name="claim-tracker:standin" content="Stand-in page written for Claim Tracker tests">'
REPORT = "/publications/2022/chomage-t3.html"
FORBIDDEN = "/brouillons/chomage-t3.html"


def article_page(journal: StandinHost, institut: StandinHost) -> bytes:
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">{STANDIN}
<title>Stand-in : le chômage recule</title>
<link rel="canonical" href="{journal.url('/economie/chomage.html')}"></head>
<body><header><nav><a href="/economie/">Économie</a> <a href="{institut.url('/partenaires/')}">Partenaire</a></nav></header>
<article><h1>Le chômage recule au troisième trimestre</h1>
<p>Le taux de chômage a reculé à 7,1 % au troisième trimestre, selon
<a href="{institut.url(REPORT)}">la note trimestrielle de l’institut</a> publiée mardi.</p>
<p>Le nombre de demandeurs d’emploi a baissé de 40 000 en un an
<a href="{institut.url(FORBIDDEN)}">(brouillon)</a>.</p>
<p>Lire aussi <a href="/economie/inflation.html">notre article sur l’inflation</a>.</p>
<ul class="partage"><li><a href="https://twitter.com/intent/tweet?url=x">Partager sur X</a></li>
<li><a href="https://www.facebook.com/sharer/sharer.php?u=x">Partager sur Facebook</a></li></ul>
<p><a href="https://ad.doubleclick.net/clk?x=1" rel="sponsored">Publicité</a></p>
</article><footer><a href="/mentions-legales">Mentions légales</a></footer></body></html>""".encode("utf-8")


REPORT_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{STANDIN}
<title>Stand-in: Unemployment in the third quarter of 2022</title>
<meta property="article:published_time" content="2022-11-15"></head>
<body><article><h1>Unemployment in the third quarter of 2022</h1>
<p>This quarterly note is a stand-in written for Claim Tracker tests.</p>
<p>The unemployment rate fell to 7.1% in the third quarter of 2022, down 0.2 points from the previous quarter.</p>
<p>The number of jobseekers fell by 40,000 over the year.</p>
</article></body></html>""".encode("utf-8")


def home_page(institut: StandinHost) -> bytes:
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">{STANDIN}
<title>Accueil – Institut stand-in de la statistique</title>
<meta property="og:site_name" content="Institut stand-in de la statistique">
<link rel="alternate" type="application/rss+xml" title="Publications" href="/publications.rss">
<link rel="alternate" hreflang="en" href="/en/"></head>
<body><p>Page d’accueil de démonstration.</p></body></html>""".encode("utf-8")


@pytest.fixture
def web():
    journal, institut, wayback = StandinHost(), StandinHost(), StandinHost()
    journal.route("/robots.txt", b"User-agent: *\nAllow: /\n", content_type="text/plain")
    journal.route("/economie/chomage.html", article_page(journal, institut))
    institut.route("/robots.txt", (f"User-agent: *\nDisallow: /brouillons/\n\nSitemap: {institut.url('/sitemap.xml')}\n"
                                   ).encode(), content_type="text/plain")
    institut.route("/", home_page(institut))
    institut.route("/sitemap.xml", (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f'<url><loc>{institut.url(REPORT)}</loc><lastmod>2022-11-15</lastmod></url></urlset>').encode(),
        content_type="application/xml")
    institut.route(REPORT, REPORT_PAGE)
    institut.route(FORBIDDEN, b"<p>never to be fetched</p>")
    wayback.route("/robots.txt", b"", status=404)
    yield {"journal": journal, "institut": institut, "wayback": wayback}
    for host in (journal, institut, wayback):
        host.close()


@pytest.fixture
def app(tmp_path, web):
    registry = tmp_path / "sources.toml"
    registry.write_text(f'''
[[source]]
id = "insee"
name = "Insee"
aliases = ["l'Insee"]
aliases_fr = ["l'Insee"]
aliases_en = ["Insee"]
kind = "government"
domains = ["www.insee.fr"]

[wayback]
available = "{web['wayback'].url('/wayback/available')}"
cdx = "{web['wayback'].url('/cdx')}"
''', encoding="utf-8")
    return make_test_app(tmp_path, CHECKER_SOURCES=str(registry), CHECKER_ALLOW_PRIVATE=True, FETCH_HOST_DELAY=0.0,
                         FETCH_BACKOFF=0.01, FETCH_DEADLINE=3.0, FETCH_READ_TIMEOUT=1.0, FETCH_CONNECT_TIMEOUT=1.0)


def invoke(runner, *args, input_text: str | None = None) -> str:
    result = runner.invoke(args=[str(a) for a in args], input=input_text)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def scraped(app, runner, web):
    article = json.loads(invoke(runner, "ingest", web["journal"].url("/economie/chomage.html"), "--date", "2022-11-15",
                                "--json"))
    output = json.loads(invoke(runner, "scrape", article["article"]["id"], "--json"))
    return article, output


def claim_with(article: dict, words: str) -> dict:
    return next(c for c in article["claims"] if words in c["text"])


def test_the_linked_report_is_fetched_through_the_link_archived_and_kept_for_its_claim(app, scraped, web):
    article, output = scraped
    report_url = web["institut"].url(REPORT)
    claim = claim_with(article, "7,1 %")
    link = next(c for c in output["citations"] if c.get("url") == report_url)
    assert (link["claim_id"], link["cue"], link["anchor"]) == (claim["id"], "link", "la note trimestrielle de l’institut")
    document = next(d for d in output["documents"] if d["url"] == report_url)
    assert document["found"] == "linked" and document["from_link"] is True and document["via"] == "live"
    assert document["claim_ids"] == [claim["id"]]
    assert "linked from claim" in document["why"] and "la note trimestrielle" in document["why"]
    assert document["source_id"] == entry_id(web["institut"].netloc) and len(document["sha256"]) == 64
    assert REPORT in web["institut"].paths()


def test_the_linked_report_becomes_evidence_of_the_claim_marked_as_linked(app, scraped, web):
    article, _output = scraped
    claim = claim_with(article, "7,1 %")
    db = open_db(app.config["CHECKER_DB"])
    links = evidence_store.links_of_claim(db, claim["id"])
    db.close()
    from_report = [row for row in links if row["url"] == web["institut"].url(REPORT)]
    assert from_report, links
    assert from_report[0]["passage"].startswith("The unemployment rate fell to 7.1%")
    assert from_report[0]["found"] == "linked"
    assert "linked by the claim" in from_report[0]["found_note"]


def test_a_site_missing_from_the_registry_gets_a_provisional_entry_with_its_sitemap_and_feed(app, scraped, web):
    institut = web["institut"]
    db = open_db(app.config["CHECKER_DB"])
    entry = claims_store.registry_entry(db, entry_id(institut.netloc))
    db.close()
    assert entry["status"] == "provisional"
    assert entry["name"] == "Institut stand-in de la statistique"
    assert entry["domains"] == [institut.netloc]
    assert entry["sitemaps"] == [institut.url("/sitemap.xml")]  # from the Sitemap: line of robots.txt
    assert entry["feeds"] == [institut.url("/publications.rss")]  # from <link rel="alternate"> of the home page
    assert "linked from article" in entry["note"]


def test_navigation_share_buttons_and_ads_are_not_citations(scraped, web):
    article, output = scraped
    kinds = {link["url"]: link["kind"] for link in article["article"]["links"]}
    assert kinds["https://twitter.com/intent/tweet?url=x"] == "share"
    assert kinds["https://www.facebook.com/sharer/sharer.php?u=x"] == "share"
    assert kinds["https://ad.doubleclick.net/clk?x=1"] == "ad"
    assert kinds[web["journal"].url("/economie/inflation.html")] == "internal"
    assert web["institut"].url("/partenaires/") not in kinds  # in the page's <nav>: not part of the text
    cited_urls = {c["url"] for c in output["citations"] if c.get("url")}
    assert cited_urls == {web["institut"].url(REPORT), web["institut"].url(FORBIDDEN)}
    every_url = json.dumps(output)
    assert "twitter.com" not in every_url and "facebook.com" not in every_url and "doubleclick" not in every_url
    assert "/economie/inflation.html" not in web["journal"].paths()
    assert "/partenaires/" not in web["institut"].paths()


def test_a_linked_page_robots_txt_forbids_is_never_fetched(scraped, web):
    _article, output = scraped
    assert FORBIDDEN not in web["institut"].paths()
    refused = next(e for e in output["errors"] if e["url"] == web["institut"].url(FORBIDDEN))
    assert "robots.txt" in refused["reason"]


def test_a_second_scrape_reads_the_provisional_entry_instead_of_looking_again(app, runner, scraped, web):
    article, _output = scraped
    home_visits = web["institut"].paths().count("/")
    invoke(runner, "scrape", article["article"]["id"], "--json")
    assert web["institut"].paths().count("/") == home_visits


# --- reviewers: flask sources ----------------------------------------------------------------------------

def test_reviewers_list_and_confirm_a_provisional_source_which_then_is_cited_by_name(app, runner, scraped, web):
    netloc = entry_id(web["institut"].netloc)
    listed = json.loads(invoke(runner, "sources", "list", "--status", "provisional", "--json"))["sources"]
    assert [entry["id"] for entry in listed] == [netloc]
    invoke(runner, "sources", "confirm", netloc, "--name", "Institut de la statistique stand-in",
           "--kind", "government", "--alias", "l'Institut stand-in")
    entry = json.loads(invoke(runner, "sources", "list", "--json"))["sources"][0]
    assert (entry["status"], entry["name"], entry["kind"]) == ("confirmed", "Institut de la statistique stand-in",
                                                               "government")
    later = json.loads(invoke(runner, "ingest", "-", "--json", input_text=(
        "date 2022-12-01 Le taux de chômage a atteint 7,3 %, selon l’Institut stand-in.\n")))
    assert later["claims"][0]["attribution"]["source_id"] == netloc


def test_a_provisional_name_is_not_read_in_articles_until_confirmed(app, runner, scraped):
    later = json.loads(invoke(runner, "ingest", "-", "--json", input_text=(
        "date 2022-12-01 Le taux de chômage a atteint 7,3 %, selon l’Institut stand-in de la statistique.\n")))
    assert (later["claims"][0]["attribution"] or {}).get("source_id") is None


def test_renaming_keeps_the_status_and_refuses_a_name_another_source_has(app, runner, scraped, web):
    netloc = entry_id(web["institut"].netloc)
    invoke(runner, "sources", "rename", netloc, "Institut stand-in")
    entry = json.loads(invoke(runner, "sources", "list", "--json"))["sources"][0]
    assert (entry["status"], entry["name"]) == ("provisional", "Institut stand-in")
    clash = runner.invoke(args=["sources", "rename", netloc, "Insee"])
    assert clash.exit_code != 0 and "already belongs to insee" in clash.stderr
    assert clash.stderr.count("\n") == 1


def test_merging_moves_citations_documents_and_domains_to_the_other_source(app, runner, scraped, web):
    article, _output = scraped
    netloc = entry_id(web["institut"].netloc)
    assert "merged into insee" in invoke(runner, "sources", "merge", netloc, "insee")
    db = open_db(app.config["CHECKER_DB"])
    citations = sources_store.citations_of_article(db, article["article"]["id"])
    documents = sources_store.documents_of_article(db, article["article"]["id"])
    db.close()
    assert {c["source_id"] for c in citations} == {"insee"}
    assert {d["source_id"] for d in documents} == {"insee"}
    again = json.loads(invoke(runner, "scrape", article["article"]["id"], "--json"))
    assert {c["source_id"] for c in again["citations"]} == {"insee"}  # the host is insee's now


@pytest.mark.parametrize("args, message", [
    (["sources", "confirm", "nowhere.invalid"], "no provisional or confirmed source 'nowhere.invalid'"),
    (["sources", "rename", "insee", "Autre nom"], "comes from the registry file"),
    (["sources", "merge", "{netloc}", "nowhere"], "no source 'nowhere' to merge into"),
    (["sources", "merge", "{netloc}", "{netloc}"], "cannot be merged into itself"),
    (["sources", "confirm", "{netloc}", "--kind", "alien"], "Invalid value for '--kind'"),
])
def test_a_change_that_cannot_be_made_says_why_and_writes_nothing(app, runner, scraped, web, args, message):
    before = invoke(runner, "sources", "list", "--json")
    result = runner.invoke(args=[a.format(netloc=entry_id(web["institut"].netloc)) for a in args])
    assert result.exit_code != 0 and message in result.stderr
    assert invoke(runner, "sources", "list", "--json") == before


def test_a_source_cited_by_its_address_is_a_citation_known_or_not():
    claims = [{"id": 1, "text": "Le nombre de chômeurs a baissé de 3 %, selon lesjours.fr."},
              {"id": 2, "text": "According to Semafor.com, 40 people died in the floods."},
              {"id": 3, "text": "Selon lemonde.fr, 3,5 millions de personnes ont défilé."},
              {"id": 4, "text": "Les U.S. ont dépensé 7.1 milliards, a dit le ministre (voir www.example.org/x)."}]
    found = discover.domain_citations(claims, source_registry.load())
    assert [(c["claim_id"], c["source_id"], c["host"]) for c in found] == [
        (1, None, "lesjours.fr"), (2, None, "semafor.com"), (3, "le-monde", "lemonde.fr")]
