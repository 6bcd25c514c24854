"""The bounds the linking step skips full scoring on: never below the score they stand for."""
from __future__ import annotations

import pytest

from checker.evidence import scoring
from tests.support.evidence import LAUNCHED, SHIPPED, passage

PASSAGES = [
    passage("Since August, Iran has shipped 1,000 drones to Russia, which launched them at civilian targets "
            "in Ukraine."),
    passage("Russia launched more than 400 Iranian drones at Ukraine in August, officials said."),
    passage("A retailer in Ohio said it would buy 1,000 drones for its warehouses by March."),
    passage("Acme Corp. was awarded $120,000,000 for 1,000 drones; Bolt Corp. was awarded $40,000,000 for 25 tanks."),
    passage("Iran and Russia discussed civilian targets in Ukraine.", published=None),
    passage("Iran denied the reports that it shipped drones to Russia on 11 November 2022."),
]
# A French claim with machine translations (written here by hand: any English text will do) is scored
# through them too, against English passages: the bounds hold for it as well.
TRANSLATED = scoring.claim_features(SHIPPED, translations=("Iran would have shipped 1,000 drones to Russia",
                                                           "Iran sent a thousand drones in Russia"))
CLAIMS = [scoring.claim_features(SHIPPED), scoring.claim_features(LAUNCHED), TRANSLATED]


@pytest.mark.parametrize("claim_f", CLAIMS)
@pytest.mark.parametrize("cited", [None, "The Washington Post"])
@pytest.mark.parametrize("meaning", [None, 0.0, 0.45, 1.0])
@pytest.mark.parametrize("support", [0, 1, scoring.SUPPORT_FULL + 2])
def test_the_score_bound_is_never_below_the_score(claim_f, cited, meaning, support):
    weights = scoring.Weights(meaning=0.3)
    for passage_f in PASSAGES:
        share = scoring.claim_share(claim_f, passage_f)
        result = scoring.score(claim_f, passage_f, cited, weights, meaning, support=support)
        bound = scoring.score_bound(claim_f, scoring.bound_facts(passage_f), share, bool(cited), weights, support)
        upper = scoring.upper_bound(share, weights, support) + scoring.SCORE_ROUNDING
        assert result.keys_score <= bound <= upper
        assert result.score <= scoring.blend(bound, meaning, weights) + scoring.SCORE_ROUNDING


def test_the_score_bound_leaves_out_what_the_passage_lacks():
    claim_f = scoring.claim_features(SHIPPED)
    no_figure_no_date = PASSAGES[4]
    share = scoring.claim_share(claim_f, no_figure_no_date)
    assert share > 0
    assert scoring.score_bound(claim_f, scoring.bound_facts(no_figure_no_date), share, False) < scoring.upper_bound(share) - scoring.Weights().cited


def test_the_words_signal_is_never_above_the_claim_share():
    for claim_f in CLAIMS:
        for passage_f in PASSAGES:
            signal, share, _translated = scoring.words(claim_f, passage_f)
            assert signal <= share == scoring.claim_share(claim_f, passage_f)


def test_translations_count_only_against_a_passage_in_another_language():
    english, french = PASSAGES[0], passage("Depuis août, l'Iran a expédié 1 000 drones en Russie.", language="fr")
    assert "translated" in scoring.score(TRANSLATED, english).signals
    assert "translated" not in scoring.score(TRANSLATED, french).signals
    assert scoring.score(TRANSLATED, french).score == scoring.score(scoring.claim_features(SHIPPED), french).score
