"""The seed article (../shared/seed/), end to end through `flask ingest --json`, against our expectations."""
from __future__ import annotations

import json

import pytest


@pytest.fixture
def seed(runner, seed_text):
    result = runner.invoke(args=["ingest", "-", "--json"], input=seed_text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def claim_with(document: dict, fragment: str) -> dict:
    matches = [c for c in document["claims"] if fragment in c["text"]]
    assert len(matches) == 1, f"expected one claim containing {fragment!r}, found {len(matches)}"
    return matches[0]


def quantity(claim: dict, value) -> dict:
    found = [q for q in claim["quantities"] if q["value"] == value]
    assert found, f"no quantity {value} in {claim['quantities']}"
    return found[0]


def test_seed_is_french_dated_november_2022_narrowed_to_the_19th(seed):
    article = seed["article"]
    assert article["language"] == "fr"
    assert article["published"] == "2022-11-19"
    assert article["published_certainty"] == "narrowed"
    assert "2022-11" in article["date_note"]
    assert not article["text"].startswith("date") and "date 2022-11" not in article["text"]


def test_seed_offsets_index_the_stored_text(seed):
    text = seed["article"]["text"]
    for item in seed["claims"] + seed["skipped"]:
        assert text[item["start"]:item["end"]] == item["text"]


def test_seed_promo_line_and_capitalised_headlines_are_skipped_with_reasons(seed):
    reasons = {s["text"][:20]: s["reason"] for s in seed["skipped"]}
    assert len(seed["skipped"]) == 3
    assert reasons["CLIQUEZ ICI POUR OBT"] == "boilerplate"
    assert "headline" in reasons["LA RUSSIE TIRE 18 MI"]
    assert "headline" in reasons["L’OTAN DIT QUE LA RU"]
    assert not any("CLIQUEZ" in c["text"] or "TIRE 18 MISSILES" in c["text"] for c in seed["claims"])


def test_seed_has_thirteen_body_sentences(seed):
    assert len(seed["claims"]) == 13


def test_seed_lead_is_attributed_to_the_washington_post_on_saturday(seed):
    lead = claim_with(seed, "Moscou et Téhéran ont conclu un accord")
    assert lead["checkworthy"]
    assert lead["attribution"]["source_id"] == "washington-post"
    assert lead["attribution"]["cue"] == "a rapporté"
    assert {"text": "samedi", "value": "2022-11-19"}.items() <= lead["dates"][0].items()
    names = {(e["text"], e["type"]) for e in lead["entities"]}
    assert {("Moscou", "LOC"), ("Téhéran", "LOC"), ("Washington Post", "ORG")} <= names


def test_selon_le_rapport_follows_back_to_the_washington_post(seed):
    for fragment in ("Fox News n’a pas pu joindre", "On ne sait pas quelle conception"):
        claim = claim_with(seed, fragment)
        assert claim["attribution"]["source_id"] == "washington-post"
        assert claim["attribution"]["via"] == "back-reference"
        assert claim["attribution"]["cue"] == "selon"


def test_the_pentagon_that_could_not_be_reached_is_not_the_cited_source(seed):
    claim = claim_with(seed, "Fox News n’a pas pu joindre")
    assert claim["attribution"]["source_id"] != "pentagon"
    assert {"text": "début novembre", "value": "2022-11"}.items() <= claim["dates"][0].items()


def test_one_thousand_written_with_a_space_is_one_figure_and_shahed_136_is_not_a_quantity(seed):
    claim = claim_with(seed, "1 000 drones")
    assert claim["kind"] == "statistic" and claim["checkworthy"]
    assert {"value": 1000, "unit": "drone", "bound": "exact"}.items() <= quantity(claim, 1000).items()
    assert {"unit": "drone", "bound": "at least"}.items() <= quantity(claim, 100).items()  # des centaines
    assert all(q["value"] != 136 for q in claim["quantities"])
    assert any(d["text"] == "août" and d["value"] == "2022-08" for d in claim["dates"])


def test_hedged_figures_keep_their_bounds(seed):
    assert quantity(claim_with(seed, "Quelque 400 drones"), 400)["bound"] == "about"
    hromov = claim_with(seed, "environ 150 missiles")
    assert {"unit": "missile", "bound": "about"}.items() <= quantity(hromov, 150).items()
    assert {"unit": "drone", "bound": "at least"}.items() <= quantity(hromov, 25).items()
    assert {"unit": "frappe", "bound": "at least"}.items() <= quantity(claim_with(seed, "Plus de 100 des frappes"), 100).items()


def test_hromov_is_cited_with_his_role_and_thursday_is_the_17th(seed):
    claim = claim_with(seed, "Oleksii Hromov")
    assert claim["attribution"]["source"] == "Oleksii Hromov"
    assert claim["attribution"]["source_id"] == "oleksii-hromov"
    assert "état-major" in claim["attribution"]["role"]
    values = {d["text"]: d["value"] for d in claim["dates"]}
    assert values["11 novembre"] == "2022-11-11"
    assert values["jeudi"] == "2022-11-17"


def test_lloyd_austin_is_cited_with_a_declared_cue(seed):
    claim = claim_with(seed, "Lloyd Austin")
    assert claim["attribution"]["source_id"] == "lloyd-austin"
    assert claim["attribution"]["cue"] == "a déclaré"
    assert {"value": 50, "unit": "nation", "bound": "about"}.items() <= quantity(claim, 50).items()
    assert any(d["text"] == "cette semaine" for d in claim["dates"])


def test_figures_rank_above_speculation(seed):
    speculation = claim_with(seed, "pourrait non seulement augmenter")
    assert not speculation["checkworthy"]
    assert speculation["kind"] == "prediction"
    for fragment in ("1 000 drones", "Quelque 400 drones", "environ 150 missiles", "Plus de 100 des frappes"):
        figure = claim_with(seed, fragment)
        assert figure["score"] > speculation["score"]
        assert f"a figure ({fragment})" in figure["reasons"]  # the reason says which figure


def test_a_reported_plan_with_a_deadline_is_flagged_despite_the_unknown_before_it(seed):
    plan = claim_with(seed, "On ne sait pas quelle conception")
    assert plan["checkworthy"] and plan["kind"] == "prediction"  # the unknown design is still a guess
    assert plan["score"] > claim_with(seed, "pourrait non seulement augmenter")["score"]


def test_a_plea_backed_by_the_time_it_has_lasted_is_flagged(seed):
    plea = claim_with(seed, "L’Ukraine a supplié ses alliés")
    assert plea["checkworthy"]
    assert "a plea backed by facts (a supplié … depuis le début de la guerre)" in plea["reasons"]


def test_reasons_say_the_words_behind_them(seed):
    assert "attributed (a rapporté: The Washington Post)" in claim_with(seed, "Moscou et Téhéran ont conclu")["reasons"]
    plan = claim_with(seed, "On ne sait pas quelle conception")
    assert "attributed (selon le rapport: The Washington Post)" in plan["reasons"]
    assert "a plan with a date (dans les trois mois)" in plan["reasons"]


def test_unattributed_sentences_carry_no_attribution(seed):
    assert claim_with(seed, "Quelque 400 drones")["attribution"] is None
    assert claim_with(seed, "Plus de 100 des frappes")["attribution"] is None
