"""The simple public pages: the article list and an article with its claims."""
from __future__ import annotations

from checker.claims import ingest
from checker.claims import registry as source_registry
from checker.config import Config

FRENCH = ("date 2022-11-19 Moscou et Téhéran ont conclu un accord pour fabriquer 1 000 drones, "
          "a rapporté samedi le Washington Post.\n\nCLIQUEZ ICI POUR OBTENIR L’APPLICATION\n\n"
          "Selon le rapport, <script>alert(1)</script> les deux pays prévoient la production.\n")


def _load(db):
    raw = ingest.RawInput(FRENCH.encode("utf-8"), "test.txt")
    return ingest.ingest(db, raw, source_registry.load(Config.CHECKER_SOURCES))[0]


def test_index_lists_the_articles(client, db):
    article_id = _load(db)
    page = client.get("/")
    assert page.status_code == 200
    assert f'/articles/{article_id}"'.encode() in page.data


def test_article_page_shows_claims_with_their_fields(client, db):
    article_id = _load(db)
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "1 000 drones" in html
    assert "Score" in html and "Kind" in html


def test_article_text_is_escaped_never_rendered_raw(client, db):
    article_id = _load(db)
    html = client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_unknown_article_is_a_404_page(client):
    page = client.get("/articles/999")
    assert page.status_code == 404
    assert b"does not exist" in page.data
