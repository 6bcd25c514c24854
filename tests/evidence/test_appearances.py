"""The same claim in another article: matched when an article is ingested, in any language, listed best first
in the API and on the public page, in ClaimReview; never for unrelated claims or a different figure."""
from __future__ import annotations

import json

from checker.db import get_db, open_db
from checker.evidence import appearances
from checker.evidence import store as evidence_store
from checker.review import rules
from tests.support.appearances import (
    CHECKED,
    IN_ENGLISH,
    OTHER_FIGURE,
    REWORDED,
    UNRELATED,
    claim_saying,
    ingest,
)
from tests.support.review import add_reviewer


def _appearances_of(app, claim_id: int) -> list[dict]:
    return app.test_client().get(f"/api/claims/{claim_id}").get_json()["appearances"]


def test_an_ingested_article_repeating_a_claim_in_the_other_language_is_matched_both_ways(app, runner):
    first = ingest(runner, CHECKED)
    second = ingest(runner, IN_ENGLISH)
    french, english = claim_saying(app, first, "1 000 drones"), claim_saying(app, second, "1,000 drones")
    found = _appearances_of(app, english["id"])
    assert [(a["claim_id"], a["article_id"]) for a in found] == [(french["id"], first)]
    assert any(r.startswith("same figure") for r in found[0]["reasons"])
    assert any("Téhéran" in r and "Tehran" in r for r in found[0]["reasons"])  # word pairs in both languages
    back = _appearances_of(app, french["id"])
    assert [(a["claim_id"], a["article_id"], a["score"]) for a in back] == [(english["id"], second, found[0]["score"])]
    # The sentence on energy prices is nobody's appearance.
    energy = claim_saying(app, second, "Brussels")
    assert _appearances_of(app, energy["id"]) == []


def test_the_api_lists_appearances_best_first_with_the_contract_fields(app, runner):
    first = ingest(runner, CHECKED)
    ingest(runner, IN_ENGLISH)
    ingest(runner, REWORDED)
    found = _appearances_of(app, claim_saying(app, first, "1 000 drones")["id"])
    assert len(found) == 2
    assert all({"claim_id", "article_id", "score", "reasons"} <= set(a) for a in found)
    assert [a["score"] for a in found] == sorted((a["score"] for a in found), reverse=True)
    assert all(a["score"] >= app.config["APPEARANCE_THRESHOLD"] and a["reasons"] for a in found)


def test_unrelated_claims_do_not_match(app, runner):
    ingest(runner, CHECKED)
    unrelated = ingest(runner, UNRELATED)
    with app.app_context():
        assert evidence_store.appearances_of_article(get_db(), unrelated) == []


def test_a_different_figure_for_the_same_event_is_not_the_same_claim(app, runner):
    first = ingest(runner, CHECKED)
    other = ingest(runner, OTHER_FIGURE)
    assert _appearances_of(app, claim_saying(app, other, "2 000 drones")["id"]) == []
    assert _appearances_of(app, claim_saying(app, first, "1 000 drones")["id"]) == []


def test_the_first_article_waits_for_a_second_to_be_matched(app, runner, db):
    """With nothing to compare with, ingesting loads nothing; the claims are indexed when the next one comes."""
    ingest(runner, CHECKED)
    assert evidence_store.indexed_claim_count(db) == 0
    ingest(runner, IN_ENGLISH)
    assert evidence_store.indexed_claim_count(db) >= 2
    assert evidence_store.claims_never_matched(db) == []


def test_flask_appearances_prints_the_json_and_keeps_a_rejected_pair_rejected(app, runner, db):
    first = ingest(runner, CHECKED)
    second = ingest(runner, IN_ENGLISH)
    french, english = claim_saying(app, first, "1 000 drones"), claim_saying(app, second, "1,000 drones")
    result = runner.invoke(args=["appearances", str(first), "--json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document == {"claims": [{"claim_id": french["id"], "appearances": [
        {"claim_id": english["id"], "article_id": second, "score": document["claims"][0]["appearances"][0]["score"],
         "reasons": document["claims"][0]["appearances"][0]["reasons"]}]}]}
    reviewer = add_reviewer(app, "carol")
    rules.decide_appearance(db, english["id"], french["id"], "rejected", reviewer["id"])
    assert runner.invoke(args=["appearances", "--all"]).exit_code == 0
    assert _appearances_of(app, english["id"]) == [] and _appearances_of(app, french["id"]) == []
    assert evidence_store.get_appearance(db, french["id"], english["id"])["decision"] == "rejected"
    page = app.test_client().get(f"/claims/{english['id']}").get_data(as_text=True)
    assert "The same claim elsewhere" not in page


def test_flask_appearances_wants_an_article_or_all(runner):
    result = runner.invoke(args=["appearances"])
    assert result.exit_code != 0 and "--all" in result.stderr
    result = runner.invoke(args=["appearances", "99"])
    assert result.exit_code != 0 and "no article with id 99" in result.stderr


def test_the_public_claim_page_lists_the_other_appearances_with_titles_and_dates(app, runner):
    first = ingest(runner, CHECKED)
    second = ingest(runner, IN_ENGLISH)
    french = claim_saying(app, first, "1 000 drones")
    english = claim_saying(app, second, "1,000 drones")
    page = app.test_client().get(f"/claims/{french['id']}").get_data(as_text=True)
    assert "The same claim elsewhere" in page
    assert f'href="/claims/{english["id"]}"' in page and "published November 23, 2022" in page
    assert "matched automatically" in page


def test_claimreview_lists_each_appearance_and_the_first_one(app, runner, db):
    first = ingest(runner, CHECKED)  # 19 November
    second = ingest(runner, IN_ENGLISH)  # 23 November
    english = claim_saying(app, second, "1,000 drones")
    reviewer = add_reviewer(app, "carol")
    rules.change_status(db, english["id"], rules.Change("disputed", "Tehran denies the deal.", 1), reviewer["id"],
                        max_note_chars=10_000)
    review = app.test_client().get(f"/api/claims/{english['id']}").get_json()["claim_review"]
    item = review["itemReviewed"]
    urls = [work["url"] for work in item["appearance"]]
    assert [url.rsplit("/", 1)[1] for url in urls] == [str(second), str(first)]
    assert item["firstAppearance"]["datePublished"] == "2022-11-19"
    assert item["firstAppearance"]["url"].endswith(f"/articles/{first}")


def test_matching_is_the_same_through_the_step_as_through_the_command(app, runner, db):
    """`match_article` again finds what the ingest found, and changes nothing it did not need to."""
    first = ingest(runner, CHECKED)
    ingest(runner, IN_ENGLISH)
    before = evidence_store.appearances_of_article(db, first)
    with app.app_context():
        again = appearances.match_article(db, first, appearances.Settings.from_config(app.config))
    assert [(r["claim_id"], r["other_claim_id"], r["score"], r["updated_at"]) for r in again] == \
        [(r["claim_id"], r["other_claim_id"], r["score"], r["updated_at"]) for r in before]


def test_a_claim_indexed_again_after_a_features_change_is_matched_again(app, runner, tmp_path):
    first = ingest(runner, CHECKED)
    ingest(runner, IN_ENGLISH)
    db = open_db(app.config["CHECKER_DB"])
    try:
        db.execute("UPDATE claim_features SET version = 0")
        with app.app_context():
            assert appearances.match_unmatched(db, appearances.Settings.from_config(app.config)) != []
        assert evidence_store.claims_never_matched(db) == []
        assert len(evidence_store.appearances_of_article(db, first)) == 1
    finally:
        db.close()


def test_a_batch_of_new_articles_is_matched_among_itself(app, runner, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, text in (("a.txt", CHECKED), ("b.txt", IN_ENGLISH), ("c.txt", OTHER_FIGURE)):
        (folder / name).write_text(text, encoding="utf-8")
    result = runner.invoke(args=["ingest", str(folder)])
    assert result.exit_code == 0, result.stderr
    first, second, third = (int(n) for n in result.stdout.split())
    found = _appearances_of(app, claim_saying(app, first, "1 000 drones")["id"])
    assert [a["article_id"] for a in found] == [second]
    assert _appearances_of(app, claim_saying(app, third, "2 000 drones")["id"]) == []
