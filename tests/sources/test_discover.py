"""Citations, date windows, feed/sitemap parsing and cross-language ranking."""
from __future__ import annotations

from datetime import date

from checker.claims import registry as source_registry
from checker.sources import discover

REGISTRY = source_registry.parse('''
[[source]]
id = "washington-post"
name = "The Washington Post"
aliases = ["Washington Post", "le Washington Post"]
[[source]]
id = "pentagon"
name = "Pentagon"
aliases = ["le Pentagone", "Pentagone"]
kind = "government"
[[source]]
id = "fox-news"
name = "Fox News"
''')


def claim(claim_id, text, attribution=None):
    return {"id": claim_id, "text": text, "attribution": attribution, "dates": []}


def test_back_references_cite_the_report_named_earlier_and_unreached_sources_are_not_cited():
    claims = [
        claim(1, "Moscou et Téhéran ont conclu un accord, a rapporté samedi le Washington Post."),
        claim(2, "Fox News n’a pas pu joindre immédiatement le Pentagone pour un commentaire, mais selon le "
                 "rapport, les responsables américains ont appris l’accord."),
    ]
    found = discover.find_citations(claims, REGISTRY)
    assert [(c["claim_id"], c["source_id"]) for c in found] == [(1, "washington-post"), (2, "washington-post")]
    assert found[1]["cue"] == "selon le rapport"


def test_the_attribution_step_source_is_kept_with_its_cue():
    found = discover.find_citations([claim(1, "Texte.", {"source_id": "pentagon", "cue": "a déclaré"})], REGISTRY)
    assert found == [{"claim_id": 1, "source_id": "pentagon", "cue": "a déclaré"}]


def test_date_window_surrounds_the_claim_dates_else_the_article_month():
    assert discover.date_window("2022-11", [], 2, 1) == (date(2022, 10, 30), date(2022, 12, 1))
    assert discover.date_window("2022-11", ["2022-11-19"], 2, 1) == (date(2022, 11, 17), date(2022, 11, 20))
    assert discover.in_window(None, (date(2022, 11, 1), date(2022, 11, 2)))


def test_feeds_rss_and_atom_and_news_sitemaps_are_parsed():
    rss = (b"<rss><channel><item><title>T</title><link>https://a.org/1</link>"
           b"<pubDate>Sat, 19 Nov 2022 09:00:00 GMT</pubDate></item></channel></rss>")
    assert [(c.url, c.published) for c in discover.parse_feed(rss, "s")] == [("https://a.org/1", "2022-11-19")]
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><link href="https://a.org/2"/>'
            b"<updated>2022-11-16T12:00:00Z</updated></entry></feed>")
    assert discover.parse_feed(atom, "s")[0].url == "https://a.org/2"
    news = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.org/3</loc>'
            b"<news:news><news:publication_date>2022-11-18</news:publication_date><news:title>Drones"
            b"</news:title></news:news></url></urlset>")
    pages, children = discover.parse_sitemap(news, "s")
    assert (pages[0].title, pages[0].published, children) == ("Drones", "2022-11-18", [])


def test_xml_entities_are_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><item><title>&x;</title><link>https://a.org/</link></item></channel></rss>")
    entries = discover.parse_feed(bomb, "s")
    assert all("root:" not in (e.title or "") for e in entries)


def test_ranking_matches_a_french_claim_to_the_english_report():
    texts = ["Moscou et Téhéran ont conclu un accord pour fabriquer 1 000 drones sur le sol russe."]
    candidates = [discover.Candidate("https://a.org/sports/football-final", "s", "Football final tonight"),
                  discover.Candidate("https://a.org/world/russia-iran-drones-deal", "s",
                                     "Russia and Iran agree to manufacture 1,000 drones", "2022-11-19")]
    ranked = discover.rank(candidates, texts)
    assert ranked[0].url.endswith("russia-iran-drones-deal") and ranked[0].score > ranked[1].score
