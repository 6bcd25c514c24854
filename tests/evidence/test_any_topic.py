"""Linking on any topic: a French article on unemployment, a court ruling and a vaccine, none of them citing
anybody, against English stand-in pages we wrote (marked as stand-ins): each claim finds the passage that
says it, with the matched words in both languages; the claim whose evidence was never archived gets no link
and says what was searched; without FreeDict the linker still works, with fewer links."""
from __future__ import annotations

import json

import pytest

from checker.claims import store as claims_store
from checker.evidence import store as evidence_store
from tests.support.app import make_test_app
from tests.support.evidence import needs_apertium, needs_freedict
from tests.support.files import FIXTURES

ARTICLE = FIXTURES / "link_any_topic.fr.txt"
PAGES = [
    ("link_topic_unemployment.html", "https://economy.standin.invalid/2023/03/08/unemployment-low/"),
    ("link_topic_court.html", "https://courts.standin.invalid/2023/03/07/rent-law-struck-down/"),
    ("link_topic_vaccine.html", "https://health.standin.invalid/2023/03/09/flu-vaccine-study/"),
]


def invoke(runner, *args):
    result = runner.invoke(args=[str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result


def load(runner) -> int:
    article_id = int(invoke(runner, "ingest", ARTICLE).stdout.strip())
    for name, url in PAGES:
        invoke(runner, "import", FIXTURES / name, "--url", url)  # archived for no article: nobody cites them
    return article_id


def best_links(runner, db, article_id) -> dict[str, dict]:
    """First words of each claim → its best link (claims without one left out)."""
    links = json.loads(invoke(runner, "link", article_id, "--json").stdout)["links"]
    best = {}
    for claim in claims_store.claims_of_article(db, article_id):
        rows = [r for r in links if r["claim_id"] == claim["id"]]
        if rows:
            best[claim["text"][:12]] = rows[0]
    return best


def words_of(link: dict) -> set[str]:
    reason = next(r for r in link["reasons"] if r.startswith("words: "))
    return set(reason[len("words: "):].split("; "))


@needs_freedict
def test_uncited_french_claims_on_any_topic_find_the_english_passage_that_says_them(runner, db):
    article_id = load(runner)
    best = best_links(runner, db, article_id)
    unemployment, court, vaccine = best["Le taux de c"], best["La Cour supr"], best["Le nouveau v"]
    assert unemployment["passage"].startswith("Unemployment fell to 7.2%")
    assert {"7,2 ↔ 7.2", "quinze ↔ fifteen", "niveau ↔ level"} <= words_of(unemployment)
    assert court["passage"].startswith("The Supreme Court on Tuesday struck down the rent law")
    assert {"loi ↔ law", "propriété ↔ property"} <= words_of(court)
    assert vaccine["passage"].startswith("The new flu vaccine cuts the risk")
    assert {"grippe ↔ flu", "60 ↔ 60"} <= words_of(vaccine)
    for link in (unemployment, court, vaccine):
        assert not link["cited"] and link["standin"] and link["conflicts"] == []


def test_a_claim_whose_evidence_was_never_archived_gets_no_link_and_says_what_was_searched(runner, db):
    article_id = load(runner)
    result = invoke(runner, "link", article_id, "--json")
    football = next(c for c in claims_store.claims_of_article(db, article_id) if "football" in c["text"])
    assert not [r for r in json.loads(result.stdout)["links"] if r["claim_id"] == football["id"]]
    summary = evidence_store.evidence_summary(db, football["id"])
    assert summary["no_evidence"] and summary["message"] == "no evidence found in 3 documents from 3 sources"
    assert f"claim {football['id']:>5}  no evidence found in 3 documents from 3 sources" in result.stderr


@pytest.fixture
def bare_app(tmp_path):
    """An installation without Debian's FreeDict files or Apertium pairs: their folders are empty."""
    (tmp_path / "none").mkdir()
    return make_test_app(tmp_path, LINK_DICTD_DIR=str(tmp_path / "none"), LINK_APERTIUM_DIR=str(tmp_path / "none"),
                         CACHE_DIR=str(tmp_path / "cache"))


def test_without_freedict_linking_says_so_and_still_links_through_cognates_names_and_numbers(bare_app):
    runner = bare_app.test_cli_runner()
    article_id = load(runner)
    result = invoke(runner, "link", article_id, "--json")
    assert "FreeDict dictionaries not found" in result.stderr
    links = json.loads(result.stdout)["links"]
    by_passage = {r["passage"][:20]: r for r in links}
    vaccine = by_passage["The new flu vaccine "]
    assert {"vaccin ↔ vaccine", "60 ↔ 60", "hospitalisation ↔ hospitalisation"} <= words_of(vaccine)
    assert all(not r["passage"].startswith(("Wages", "The government", "Researchers")) for r in links)


@needs_apertium
def test_french_claims_are_also_read_through_their_machine_translation(runner, db):
    article_id = load(runner)
    best = best_links(runner, db, article_id)
    unemployment = best["Le taux de c"]
    assert unemployment["passage"].startswith("Unemployment fell to 7.2%")
    assert 0 < unemployment["signals"]["translated"] <= 1
    reason = next(r for r in unemployment["reasons"] if r.startswith("machine translation: “"))
    assert "” shares " in reason and "unemployment" in reason.lower()


def test_with_translation_turned_off_claims_are_linked_by_their_own_words_alone(tmp_path):
    app = make_test_app(tmp_path, LINK_TRANSLATE=False)
    runner = app.test_cli_runner()
    article_id = load(runner)
    links = json.loads(invoke(runner, "link", article_id, "--json").stdout)["links"]
    assert links and all("translated" not in r["signals"] for r in links)
    assert not any(r.startswith("machine translation") for link in links for r in link["reasons"])
