"""`flask link` end to end: a French article, English stand-in sources imported through the issue-3 import
path, links stored with reasons and conflicts, decisions kept on re-runs, new documents picked up."""
from __future__ import annotations

import json

import pytest

from checker.claims import store as claims_store
from checker.evidence import store as evidence_store
from checker.review import rules
from tests.support.files import FIXTURES

OWN_ARTICLE = FIXTURES / "link_article.fr.txt"
WAPO_URL = "https://www.washingtonpost.com/world/2022/11/19/standin-iran-russia-drone-factory/"
PAGES = [
    ("link_wapo_drones.html", WAPO_URL),
    ("link_unrelated_drones.html", "https://news.example.invalid/2022/11/19/retailer-drones/"),
    ("link_contracts.html", "https://www.defense.gov/News/Contracts/Contract/Article/3220001/"),
]
DOD_PAGE = ("link_dod_contradicts.html", "https://www.defense.gov/News/Transcripts/Transcript/Article/3220002/")


def invoke(runner, *args):
    result = runner.invoke(args=[str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result


def import_page(runner, article_id, name, url):
    invoke(runner, "import", FIXTURES / name, "--url", url, "--article", article_id)


def link_json(runner, article_id) -> dict:
    return json.loads(invoke(runner, "link", article_id, "--json").stdout)


@pytest.fixture(params=["own article", "seed"])
def article(request, runner):
    path = OWN_ARTICLE if request.param == "own article" else request.getfixturevalue("seed_path")
    article_id = int(invoke(runner, "ingest", path).stdout.strip())
    for name, url in PAGES:
        import_page(runner, article_id, name, url)
    return article_id


def claim_with(db, article_id, words):
    return next(c for c in claims_store.claims_of_article(db, article_id) if words in c["text"])


def test_link_prints_the_contract_and_the_right_passages_with_reasons(runner, db, article):
    output = link_json(runner, article)
    assert set(output) == {"links"}
    for row in output["links"]:
        assert {"claim_id", "url", "passage", "score", "reasons", "conflicts"} <= set(row)
        assert all(isinstance(r, str) for r in row["reasons"] + row["conflicts"])
        assert row["url"] == WAPO_URL  # the retailer story and the contracts list never pass
    deal = claim_with(db, article, "Téhéran ont conclu")
    best = next(r for r in output["links"] if r["claim_id"] == deal["id"])
    assert best["passage"].startswith("Moscow and Tehran reached a deal")
    assert "from the cited source: The Washington Post" in best["reasons"]
    words = next(r for r in best["reasons"] if r.startswith("words: "))
    assert "Moscou ↔ Moscow" in words and "Téhéran ↔ Tehran" in words and "fabriquer ↔ manufacture" in words
    launched = claim_with(db, article, "Quelque 400 drones")
    best = next(r for r in output["links"] if r["claim_id"] == launched["id"])
    assert best["passage"].startswith("Some 400 drones have been launched")
    assert "same figure: 400 drones" in best["reasons"]


def test_the_1000_against_400_discrepancy_is_flagged(runner, db, article):
    output = link_json(runner, article)
    shipped = claim_with(db, article, "1 000 drones")
    rows = [r for r in output["links"] if r["claim_id"] == shipped["id"]]
    flagged = next(r for r in rows if r["passage"].startswith("Iran has shipped more than 400 drones"))
    assert "different figure: more than 400 drones where the claim says 1 000 drones" in flagged["conflicts"]
    assert any(reason.startswith("same period: since August 2022") for reason in flagged["reasons"])


def test_a_claim_whose_sources_were_never_found_shows_no_evidence_and_says_why(runner, db, article):
    result = invoke(runner, "link", article, "--json")
    hromov = claim_with(db, article, "Hromov")
    assert not [r for r in json.loads(result.stdout)["links"] if r["claim_id"] == hromov["id"]]
    summary = evidence_store.evidence_summary(db, hromov["id"])
    assert summary["no_evidence"] is True
    assert summary["message"].startswith("no evidence found in 3 documents from 3 sources")
    assert f"claim {hromov['id']:>5}  no evidence found in 3 documents" in result.stderr


def test_relinking_keeps_decisions_and_picks_up_new_documents(runner, db, article):
    first = link_json(runner, article)
    launched = claim_with(db, article, "Quelque 400 drones")
    chosen = next(r for r in first["links"] if r["claim_id"] == launched["id"])
    rules.decide_link(db, chosen["link_id"], "rejected", None)
    austin = claim_with(db, article, "Lloyd Austin")
    assert evidence_store.evidence_summary(db, austin["id"])["no_evidence"]

    import_page(runner, article, *DOD_PAGE)  # a new document arrives from the Pentagon: `import` relinks
    assert evidence_store.articles_to_relink(db) == []
    again = link_json(runner, article)
    kept = next(r for r in again["links"] if r["link_id"] == chosen["link_id"])
    assert kept["decision"] == "rejected" and "same figure: 400 drones" in kept["reasons"]  # rescored, decision kept
    assert len({(r["claim_id"], r["passage_id"]) for r in again["links"]}) == len(again["links"])
    said = [r for r in again["links"] if r["claim_id"] == austin["id"]]
    assert said and said[0]["url"] == DOD_PAGE[1]
    assert "from the cited source: Lloyd Austin (via U.S. Department of Defense)" in said[0]["reasons"]
    assert any(c.startswith("the cited source says otherwise: Nearly 30 nations") for c in said[0]["conflicts"])
    assert not evidence_store.evidence_summary(db, austin["id"])["no_evidence"]
    assert evidence_store.articles_to_relink(db) == []


def test_linking_an_unknown_article_fails_with_one_line_and_writes_nothing(runner, db):
    result = runner.invoke(args=["link", "999"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no article with id 999"
    assert db.execute("SELECT count(*) FROM evidence_runs").fetchone()[0] == 0
