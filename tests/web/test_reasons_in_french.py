"""Why a passage was linked, read in the reviewer's language: the linking step keeps its reasons and conflicts as
messages beside their English text, so the French workspace says "de la source citée : …" and "mots : …" with
dates in French, while `flask link --json` and the API keep the English."""
from __future__ import annotations

import json

from checker.db import get_db
from checker.evidence import store as evidence_store
from checker.text import meaning
from tests.support.files import FIXTURES
from tests.support.review import login

ARTICLE = FIXTURES / "link_article.fr.txt"
WAPO = ("link_wapo_drones.html", "https://www.washingtonpost.com/world/2022/11/19/standin-iran-russia-drone-factory/")


def test_the_french_workspace_gives_a_links_reasons_in_french_and_the_json_keeps_english(app):
    runner = app.test_cli_runner()
    article_id = runner.invoke(args=["ingest", str(ARTICLE)]).stdout.strip()
    runner.invoke(args=["import", str(FIXTURES / WAPO[0]), "--url", WAPO[1], "--article", article_id])
    linked = json.loads(runner.invoke(args=["link", article_id, "--json"]).stdout)["links"]
    cited = next(link for link in linked if any(r.startswith("from the cited source: ") for r in link["reasons"]))
    assert any(r.startswith("words: ") for r in cited["reasons"])  # the JSON stays English
    with app.app_context():
        [stored] = [row for row in evidence_store.links_of_claim(get_db(), cited["claim_id"])
                    if row["id"] == cited["link_id"]]
    assert stored["reasons"] == cited["reasons"]

    client = app.test_client()
    login(client, "bob")
    french = client.get(f"/review/claims/{cited['claim_id']}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "de la source citée\u00a0: " in french and "mots\u00a0: " in french
    assert "from the cited source" not in french and "words: " not in french
    if meaning.installed_files() is not None:  # the sentence model says how close the passage is
        closeness = next(r for r in cited["reasons"] if r.startswith("close in meaning: "))
        assert f"proche par le sens\u00a0: {closeness.split(': ')[1].replace('.', ',')}" in french
    english = client.get(f"/review/claims/{cited['claim_id']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "from the cited source: " in english


def test_the_article_support_reason_reads_in_french_with_its_plural(app):
    runner = app.test_cli_runner()
    article_id = runner.invoke(args=["ingest", str(ARTICLE)]).stdout.strip()
    runner.invoke(args=["import", str(FIXTURES / WAPO[0]), "--url", WAPO[1], "--article", article_id])
    linked = json.loads(runner.invoke(args=["link", article_id, "--json"]).stdout)["links"]
    supported = next(link for link in linked if link["signals"].get("support", 0) > 1)
    count = supported["signals"]["support"]
    assert f"{count} other claims of this article have their evidence in this document" in supported["reasons"]
    client = app.test_client()
    login(client, "bob")
    french = client.get(f"/review/claims/{supported['claim_id']}",
                        headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert f"{count} autres affirmations de cet article ont leur preuve dans ce document" in french
    assert "other claims of this article" not in french


def test_where_evidence_was_found_reads_in_french_and_the_api_keeps_english(app):
    runner = app.test_cli_runner()
    article_id = runner.invoke(args=["ingest", str(ARTICLE)]).stdout.strip()
    runner.invoke(args=["import", str(FIXTURES / WAPO[0]), "--url", WAPO[1], "--article", article_id])
    linked = json.loads(runner.invoke(args=["link", article_id, "--json"]).stdout)["links"]
    cited = next(link for link in linked if link["found"] == "cited")
    assert cited["found_note"].startswith("from a source the claim cites: ")
    client = app.test_client()
    login(client, "bob")
    french = client.get(f"/review/claims/{cited['claim_id']}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "D’une source que l’affirmation cite\u00a0: " in french
    assert "from a source the claim cites" not in french
    english = client.get(f"/review/claims/{cited['claim_id']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "From a source the claim cites: " in english
