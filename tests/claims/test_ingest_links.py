"""An article ingested from HTML keeps its outbound links: anchor text, offsets in the stored text, and whether
each may cite a report (not the site's own navigation, a share button or an advertisement)."""
from __future__ import annotations

import json

import pytest

from checker.claims import ingest, links
from checker.claims import registry as source_registry
from tests.support.app import make_test_app
from tests.support.standin_web import StandinHost

REGISTRY = source_registry.load()

PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<meta name="claim-tracker:standin" content="Stand-in page written for Claim Tracker tests">
<title>Stand-in : drones</title>
<link rel="canonical" href="https://journal-standin.invalid/monde/drones.html"></head>
<body><nav><a href="/rubrique/monde">Monde</a> <a href="https://autre-standin.invalid/">Partenaire</a></nav>
<article><h1>Moscou et Téhéran s’accordent sur les drones</h1>
<p class="standin-note">Page de démonstration écrite pour Claim Tracker, pas un article réel.</p>
<p>Moscou et Téhéran ont conclu un accord pour fabriquer 1 000 drones en Russie, selon
<a href="https://institut-standin.invalid/rapports/2022/drones.html">un rapport de l’institut</a> publié samedi.</p>
<p>Deux personnes ont été tuées en Pologne, selon <a href="/monde/pologne.html">notre article</a>.
<a href="https://ads.doubleclick.net/click?x=1">Publicité</a></p>
<ul class="share"><li><a href="https://twitter.com/intent/tweet?url=x">Partager sur X</a></li></ul>
<p>La Russie a lancé 150 missiles depuis le 11 novembre. <a href="https://armee-standin.invalid/bilan">(source)</a></p>
</article></body></html>"""


def prepared(page: str = PAGE, origin: str = "page.html") -> ingest.Prepared:
    return ingest.prepare(ingest.RawInput(page.encode("utf-8"), origin, is_html=True), REGISTRY)


def test_links_keep_their_anchor_text_and_offsets_into_the_stored_text():
    result = prepared()
    text = result.article["text"]
    assert result.links
    for link in result.links:
        assert text[link["start"]:link["end"]] == link["anchor"]
    report = next(link for link in result.links if "institut-standin" in link["url"])
    assert report["anchor"] == "un rapport de l’institut" and report["kind"] == "citation"


def test_own_site_share_buttons_and_ads_are_not_citations_and_navigation_is_dropped():
    kinds = {link["url"]: link["kind"] for link in prepared().links}
    assert kinds["https://journal-standin.invalid/monde/pologne.html"] == "internal"
    assert kinds["https://ads.doubleclick.net/click?x=1"] == "ad"
    assert kinds["https://twitter.com/intent/tweet?url=x"] == "share"
    assert "https://autre-standin.invalid/" not in kinds  # inside <nav>: not part of the text at all
    citations = [link["url"] for link in prepared().links if link["kind"] == "citation"]
    assert citations == ["https://institut-standin.invalid/rapports/2022/drones.html",
                         "https://armee-standin.invalid/bilan"]


def test_a_link_cites_the_sentence_it_sits_in_or_the_one_it_follows_closely():
    result = prepared()
    text = result.article["text"]
    claims = [{**claim, "id": n} for n, claim in enumerate(result.claims)]
    by_url = {link["url"]: link for link in result.links}
    inside = links.claim_of(by_url["https://institut-standin.invalid/rapports/2022/drones.html"], claims, text)
    assert inside["text"].startswith("Moscou et Téhéran ont conclu")
    after = links.claim_of(by_url["https://armee-standin.invalid/bilan"], claims, text)
    assert after is not None and after["text"].startswith("La Russie a lancé 150 missiles")


def test_a_link_in_another_paragraph_cites_nothing():
    text = "Une phrase qui affirme 3 choses.\n\nAutre paragraphe : lien"
    claims = [{"id": 1, "start": 0, "end": 32, "text": text[:32]}]
    assert links.claim_of({"start": 53, "end": 57}, claims, text) is None


@pytest.mark.parametrize("url, page, expected", [
    ("https://www.facebook.com/sharer/sharer.php?u=1", "https://a-standin.invalid/", "share"),
    ("https://www.linkedin.com/shareArticle?url=1", "https://a-standin.invalid/", "share"),
    ("https://news.bbc.co.uk/x", "https://www.bbc.co.uk/news", "internal"),
    ("https://www.insee.fr/fr/statistiques/1", "https://www.lemonde.fr/x", "citation"),
    ("http://127.0.0.1:8001/report", "http://127.0.0.1:8000/article", "citation"),
    ("http://127.0.0.1:8000/tag/x", "http://127.0.0.1:8000/article", "internal"),
    ("https://securepubads.g.doubleclick.net/x", "https://a-standin.invalid/", "ad"),
])
def test_classify(url, page, expected):
    assert links.classify(url, page) == expected


@pytest.fixture
def web_runner(tmp_path):
    """A runner whose fetcher may reach the stand-in host on 127.0.0.1 (refused by default: the address guard)."""
    return make_test_app(tmp_path, CHECKER_ALLOW_PRIVATE=True, FETCH_HOST_DELAY=0.0, FETCH_RETRIES=0).test_cli_runner()


def test_a_page_ingested_from_a_url_gives_its_links_in_the_article_json(web_runner):
    runner = web_runner
    host = StandinHost()
    try:
        host.route("/monde/drones.html", PAGE.replace("https://journal-standin.invalid/monde/drones.html",
                                                      host.url("/monde/drones.html")).encode("utf-8"))
        result = runner.invoke(args=["ingest", host.url("/monde/drones.html"), "--json"])
    finally:
        host.close()
    assert result.exit_code == 0, result.stderr
    article = json.loads(result.stdout)["article"]
    by_url = {link["url"]: link for link in article["links"]}
    assert by_url[host.url("/monde/pologne.html")]["kind"] == "internal"  # relative, read against the page
    assert by_url["https://institut-standin.invalid/rapports/2022/drones.html"]["kind"] == "citation"
    shown = runner.invoke(args=["claims", str(article["id"]), "--json"])
    assert json.loads(shown.stdout)["article"]["links"] == article["links"]


def test_ingesting_a_url_goes_through_the_guarded_fetcher(runner, web_runner):
    host = StandinHost()
    try:
        host.route("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        host.route("/private/page.html", PAGE.encode("utf-8"))
        host.route("/gone.html", b"gone", status=404)
        refused = runner.invoke(args=["ingest", host.url("/monde/drones.html")])  # loopback, by default
        robots = web_runner.invoke(args=["ingest", host.url("/private/page.html")])
        gone = web_runner.invoke(args=["ingest", host.url("/gone.html")])
        dead = web_runner.invoke(args=["ingest", "http://127.0.0.1:9/nothing-listens-here"])
    finally:
        host.close()
    assert "could not connect" in dead.stderr
    for result in (refused, robots, gone, dead):
        assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "non-public address (127.0.0.1)" in refused.stderr
    assert "robots.txt" in robots.stderr
    assert "the server answered 404" in gone.stderr
