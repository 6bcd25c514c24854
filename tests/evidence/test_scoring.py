"""Scoring one claim against one passage: figures with bounds, names across languages, dates, traps, conflicts."""
from __future__ import annotations

from checker.evidence import scoring
from tests.support.evidence import LAUNCHED, SHIPPED, claim, passage


def test_same_figure_period_and_names_give_plain_reasons():
    result = scoring.score(scoring.claim_features(SHIPPED), passage(
        "Iran has shipped some 1,000 drones to Russia since August, and they were launched at civilian targets "
        "in Ukraine, officials said."))
    assert result.score >= scoring.Weights().threshold
    assert "same figure: 1,000 drones" in result.reasons
    assert "same period: since August 2022" in result.reasons
    words = next(r for r in result.reasons if r.startswith("words: "))
    assert {"1 000 ↔ 1,000", "août ↔ August", "expédiés ↔ shipped", "Russie ↔ Russia", "civiles ↔ civilian"} \
        <= set(words[len("words: "):].split("; "))
    assert result.conflicts == []


def test_a_different_figure_for_the_same_story_is_flagged_not_judged():
    result = scoring.score(scoring.claim_features(SHIPPED), passage(
        "Iran has shipped more than 400 drones to Russia since August, and they were launched at civilian "
        "targets in Ukraine, officials said."))
    assert result.score >= scoring.Weights().threshold  # still evidence worth reading
    assert result.conflicts == ["different figure: more than 400 drones where the claim says 1 000 drones"]


def test_quelque_400_matches_more_than_400():
    result = scoring.score(scoring.claim_features(LAUNCHED), passage(
        "Iran has sent more than 400 drones, launched at targets across Ukraine and civilian neighborhoods."))
    assert "same figure: 400 drones" in result.reasons and result.conflicts == []


def test_an_unrelated_story_with_the_same_figure_stays_below_the_threshold():
    result = scoring.score(scoring.claim_features(LAUNCHED), passage(
        "A Texas retailer said it would put 400 delivery drones in the air over Dallas suburbs by next spring."))
    assert result.score < scoring.Weights().threshold
    assert result.conflicts == []


def test_a_contracts_list_full_of_numbers_stays_below_the_threshold():
    contracts = passage(
        "Example Aerospace Corp. was awarded a $400,000,000 contract for 1,000 guidance kits; Sample Systems Inc. "
        "was awarded $25,000,000 for 150 simulators and 400 spare parts; Model Drone Works, 400 small drones.")
    for text in (SHIPPED, LAUNCHED):
        assert scoring.score(scoring.claim_features(text), contracts).score < scoring.Weights().threshold


def test_a_cited_source_that_says_otherwise_is_a_hint():
    austin = claim("Lloyd Austin a déclaré que les quelque 50 autres nations du Groupe de contact avec l’Ukraine "
                   "cherchaient le bon mélange de défenses aériennes.",
                   quantities=[{"value": 50, "unit": "nation", "bound": "about", "text": "quelque 50 autres nations"}])
    result = scoring.score(scoring.claim_features(austin), passage(
        "Nearly 30 nations of the Ukraine Defense Contact Group are here to send Ukraine the right mix of air "
        "defenses."), cited_source="U.S. Department of Defense")
    assert "from the cited source: U.S. Department of Defense" in result.reasons
    assert result.conflicts == ["the cited source says otherwise: Nearly 30 nations where the claim says "
                                "quelque 50 autres nations"]


def test_a_different_date_for_the_same_figure_is_flagged():
    since = claim("Depuis le 11 novembre, la Russie a lancé environ 150 missiles contre l’Ukraine.",
                  quantities=[{"value": 150, "unit": "missile", "bound": "about", "text": "environ 150 missiles"}],
                  dates=[{"text": "11 novembre", "value": "2022-11-11", "certainty": "inferred", "start": 10}])
    result = scoring.score(scoring.claim_features(since), passage(
        "Since Nov. 15, Russia has launched about 150 missiles against Ukraine."))
    assert "same figure: 150 missiles" in result.reasons
    assert any(c.startswith("different date: Nov. 15 (15 November 2022)") for c in result.conflicts)


def test_a_passage_with_nothing_in_common_scores_zero():
    result = scoring.score(scoring.claim_features(LAUNCHED), passage("The weather in Lisbon was mild on Tuesday."))
    assert result.score == 0


def test_the_no_evidence_message_names_documents_and_sources():
    assert scoring.no_evidence_message(4, 3) == "no evidence found in 4 documents from 3 sources"
    assert scoring.no_evidence_message(1, 1) == "no evidence found in 1 document from 1 source"


def test_a_denial_about_something_else_in_the_passage_is_not_a_conflict():
    claim = scoring.claim_features({"text": "L’OTAN a déclaré que l’explosion avait été causée par un missile de la "
                                         "défense aérienne ukrainienne.", "start": 0, "entities": [],
                                 "quantities": [], "dates": []})
    passage = scoring.passage_features("The explosion was probably caused by a Ukrainian air defence missile. "
                                    "We have no indication that this was a deliberate attack against Poland.",
                                    "en", "2022-11-16")
    assert passage["denial"] == "no indication"
    assert not any("otherwise" in c for c in scoring.score(claim, passage, "NATO").conflicts)


def test_a_denial_of_the_claims_own_story_is_flagged_unless_the_claim_denies_too():
    passage = scoring.passage_features("The ministry denied that Iranian drones were shipped to Russia.", "en", None)
    asserting = scoring.claim_features({"text": "Des drones iraniens ont été expédiés en Russie.", "start": 0,
                                     "entities": [], "quantities": [], "dates": []})
    denying = scoring.claim_features({"text": "Le ministère a nié que des drones iraniens aient été expédiés en "
                                            "Russie.", "start": 0, "entities": [], "quantities": [], "dates": []})
    assert any("otherwise" in c for c in scoring.score(asserting, passage, "The ministry").conflicts)
    assert not any("otherwise" in c for c in scoring.score(denying, passage, "The ministry").conflicts)


def test_a_paraphrased_statement_links_through_translations_and_cognates():
    claim = scoring.claim_features({"text": "Il ne disposait d’aucune information contredisant l’analyse préliminaire "
                                         "de la Pologne.", "start": 0, "entities": [], "quantities": [],
                                 "dates": []})
    passage = scoring.passage_features("We have no information that contradicts Poland's preliminary analysis.",
                                    "en", None)
    scored = scoring.score(claim, passage, "Lloyd Austin")
    assert {"eanalysis", "epoland"} <= set(scored.signals["shared"])
    assert "préliminaire ↔ preliminary" in scored.reasons[-1] and "Pologne ↔ Poland" in scored.reasons[-1]
    assert scored.score >= scoring.Weights().threshold


def test_a_vague_figure_never_hides_a_precise_one_in_the_same_sentence():
    sentence = ("Les États-Unis ont d’abord révélé les plans iraniens de “offrir” à la Russie des centaines de drones "
                "Shahed-136 plus tôt cette année et en août, 1 000 drones fournis par l’Iran ont été expédiés en "
                "Russie avant d’être largués sur des cibles civiles en Ukraine.")
    both = claim(sentence, quantities=[
        {"value": 100, "unit": "drone", "bound": "at least", "approximate": True, "text": "des centaines de drones",
         "start": 77, "end": 100},
        {"value": 1000, "unit": "drone", "bound": "exact", "text": "1 000 drones", "start": 145, "end": 157}])
    result = scoring.score(scoring.claim_features(both), passage(
        "Iran has supplied more than 400 Iranian-made drones to Russia since August, which launched them at "
        "civilian targets in Ukraine."))
    assert result.conflicts == ["different figure: more than 400 Iranian-made drones where the claim says 1 000 drones"]
    assert not any(r.startswith("close figure") for r in result.reasons)


def test_figures_are_compared_with_the_passage_figure_of_the_same_event():
    shipped_and_downed = claim(
        "En août, 1 000 drones ont été expédiés en Russie et 300 drones ont été abattus.",
        quantities=[{"value": 1000, "unit": "drone", "bound": "exact", "text": "1 000 drones", "start": 9, "end": 21},
                    {"value": 300, "unit": "drone", "bound": "exact", "text": "300 drones", "start": 54, "end": 64}])
    result = scoring.score(scoring.claim_features(shipped_and_downed), passage(
        "Some 300 drones were shot down, and 1,000 drones were shipped to Russia in August."))
    assert "same figure: 1,000 drones" in result.reasons and "same figure: 300 drones" in result.reasons
    assert result.conflicts == []
