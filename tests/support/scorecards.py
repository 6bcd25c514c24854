"""A site for the scorecard tests: articles from several months citing the Washington Post (in the registry)
and Jens Stoltenberg (cited by name, not in the registry), with verdicts given through the review rules."""
from __future__ import annotations

import re

from checker.claims import store as claims_store
from checker.db import get_db
from checker.review import rules
from checker.review import store as review_store
from tests.support.app import make_test_app
from tests.support.articles import load_article
from tests.support.review import add_reviewer

# (article text, {who is cited: verdict}); October and December 2022 have no article: empty months.
ARTICLES = (
    ("date 2022-09-05 Le secrétaire général de l'Alliance, Jens Stoltenberg, a précisé que 30 pays avaient "
     "livré des munitions à l'Ukraine en août.\n\nSelon le Washington Post, 400 drones ont été livrés à la "
     "Russie le mois dernier.\n", {"Jens Stoltenberg": "false", "The Washington Post": "verified"}),
    ("date 2022-11-19 Le Washington Post a rapporté samedi que 1 000 drones seraient fabriqués en Russie.\n\n"
     "Selon le Washington Post, 300 ingénieurs iraniens travaillent déjà sur le site.\n",
     {"The Washington Post": "disputed"}),
    ("date 2023-01-12 Jens Stoltenberg a déclaré jeudi que 12 000 soldats étaient déployés en Pologne.\n\n"
     "Le Washington Post a rapporté lundi que 2 000 missiles avaient été tirés depuis octobre.\n",
     {"Jens Stoltenberg": "verified", "The Washington Post": "misleading"}),
    # No date in the text: its claims have no known month.
    ("Jens Stoltenberg a affirmé que 50 avions avaient été livrés au cours de l'été.\n",
     {"Jens Stoltenberg": "unverifiable"}),
)
STOLTENBERG = "jens-stoltenberg"


def give_verdict(app, claim_id: int, status: str, reviewer_id: int) -> None:
    with app.app_context():
        db = get_db()
        version = review_store.claim_state(db, claim_id)["version"]
        rules.change_status(db, claim_id, rules.Change(status, f"Checked: {status}.", version), reviewer_id,
                            max_note_chars=10000)


def build_scorecard_site(folder, **overrides):
    """(app, facts): facts["claims"] maps (article number, cited name) to a claim id, facts["reviewer"] is
    the id of a reviewer who may give more verdicts, facts["unreviewed"] a claim with no verdict."""
    app = make_test_app(folder, **overrides)
    reviewer = add_reviewer(app, "scorer")
    facts = {"claims": {}, "articles": [], "reviewer": reviewer["id"]}
    for number, (text, verdicts) in enumerate(ARTICLES):
        article_id = load_article(app, text)
        facts["articles"].append(article_id)
        with app.app_context():
            claims = claims_store.claims_of_article(get_db(), article_id)
        for claim in claims:
            cited = (claim["attribution"] or {}).get("source")
            if cited in verdicts and (number, cited) not in facts["claims"]:
                facts["claims"][(number, cited)] = claim["id"]
                give_verdict(app, claim["id"], verdicts[cited], reviewer["id"])
            elif cited:
                facts.setdefault("unreviewed", claim["id"])
    return app, facts


# How a timeline's text alternative names its counts ("12 Verified, 3 In review").
PART = re.compile(r"([\d,]+) ([A-Z][a-z]+(?: [a-z]+)?)")
LABELS = {"Verified": "verified", "Disputed": "disputed", "Misleading": "misleading", "False": "false",
          "Unverifiable": "unverifiable", "In review": "in_review", "Unreviewed": "unreviewed"}


def counts_said(text: str) -> dict[str, int]:
    """"12 Verified, 3 In review" → {"verified": 12, "in_review": 3}."""
    return {LABELS[name]: int(n.replace(",", "")) for n, name in PART.findall(text)}


def described(desc: str) -> dict[str, dict[str, int]]:
    """The timeline's text alternative read back: {period label: {status: count}} for each sentence."""
    out = {}
    for sentence in filter(None, (s.strip() for s in desc.split("."))):
        label, _, parts = sentence.partition(": ")
        if parts != "none":
            out[label] = counts_said(parts)
    return out
