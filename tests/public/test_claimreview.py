"""ClaimReview JSON-LD on claim pages: every field checked against schema.org and Google's fact-check list."""
from __future__ import annotations

import json
import re

import pytest

from checker.claims import store as claims_store
from checker.db import get_db
from checker.public import shapes
from checker.review import rules, statuses
from checker.review import store as review_store
from tests.support.articles import load_article
from tests.support.public import build_site

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)?)?)?$")

# Google's ClaimReview fields (required and recommended) and the schema.org properties they sit on.
CLAIM_REVIEW_FIELDS = {"@context", "@type", "url", "claimReviewed", "author", "datePublished", "dateModified",
                       "reviewRating", "itemReviewed"}
RATING_FIELDS = {"@type", "alternateName", "ratingValue", "bestRating", "worstRating"}
CLAIM_FIELDS = {"@type", "author", "datePublished", "appearance", "firstAppearance"}
WORK_FIELDS = {"@type", "url", "headline", "datePublished"}
CLAIM_REVIEWED_MAX_CHARS = 200  # the README's "cut to 200 characters"
# The README's rating scale: 1 to 5, 4 unused (no "mostly true"); unverifiable has no place on it.
DOCUMENTED_RATINGS = {"false": ("False", 1), "misleading": ("Misleading", 2), "disputed": ("Disputed", 3),
                      "verified": ("Verified", 5), "unverifiable": ("Unverifiable", None)}


def _claim_review(client, claim_id: int) -> dict | None:
    found = LD.findall(client.get(f"/claims/{claim_id}").get_data(as_text=True))
    assert len(found) <= 1
    return json.loads(found[0]) if found else None


@pytest.fixture
def site(tmp_path):
    return build_site(tmp_path, PUBLIC_BASE_URL="https://checks.example.org/")


def test_every_claimreview_field_matches_the_schema_org_and_google_field_list(site):
    app, facts = site
    data = _claim_review(app.test_client(), facts["verified"])
    assert set(data) <= CLAIM_REVIEW_FIELDS and {"url", "claimReviewed", "reviewRating", "author"} <= set(data)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["url"] == f"https://checks.example.org/claims/{facts['verified']}"
    assert data["author"] == {"@type": "Organization", "name": "Test Fact Desk", "url": "https://factdesk.example/"}
    assert ISO_DATE.match(data["datePublished"]) and ISO_DATE.match(data["dateModified"])
    claimed = data["claimReviewed"]
    assert claimed.startswith("Moscou et Téhéran") and len(claimed) <= CLAIM_REVIEWED_MAX_CHARS
    assert not any(label.lower() in claimed.lower() for label in ("verified", "false", "misleading"))
    rating = data["reviewRating"]
    assert set(rating) == RATING_FIELDS and rating["@type"] == "Rating"
    assert rating["alternateName"] == "Verified"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = data["itemReviewed"]
    assert set(item) <= CLAIM_FIELDS and item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "The Washington Post"}
    assert item["datePublished"] == "2022-11-19"
    own = item["appearance"][0]  # the claim's own article first, then the same claim's other appearances
    assert all(set(work) <= WORK_FIELDS and work["@type"] == "CreativeWork" for work in item["appearance"])
    assert own["url"] == f"https://checks.example.org/articles/{facts['first']}"
    assert item["firstAppearance"] == own  # the only article, or the earliest


def test_only_claims_with_a_published_verdict_carry_claimreview(site):
    app, facts = site
    client = app.test_client()
    assert _claim_review(client, facts["false"])["reviewRating"]["alternateName"] == "False"
    assert _claim_review(client, facts["in_review"]) is None
    assert _claim_review(client, facts["pending"]) is None  # a verdict waiting for sign-off is not published


@pytest.mark.parametrize("status", statuses.VERDICTS)
def test_each_verdict_is_rated_as_the_readme_documents(status):
    label, value = DOCUMENTED_RATINGS[status]
    rating = shapes.rating(status)
    assert rating["alternateName"] == label
    if value is None:
        assert "ratingValue" not in rating  # no place on a true/false scale
    else:
        assert rating["ratingValue"] == value
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)


def test_a_hostile_claim_cannot_break_out_of_the_json_ld_block(site):
    app, facts = site
    article_id = load_article(app, "date 2022-11-20 Le ministère a déclaré que 500 drones </script><script>alert(1)"
                                   "</script> avaient été livrés, a rapporté le Washington Post.\n")
    with app.app_context():
        db = get_db()
        claim = max(claims_store.claims_of_article(db, article_id), key=lambda c: c["score"])
        reviewer = review_store.reviewer_by_username(db, "quentin-admin")
        rules.change_status(db, claim["id"], rules.Change("false", "</script><b>x</b>", 1), reviewer["id"],
                            max_note_chars=100)
    html = app.test_client().get(f"/claims/{claim['id']}").get_data(as_text=True)
    block = html[html.index('<script type="application/ld+json">'):]
    block = block[:block.index("</script>")]
    assert "<script>" not in block.split(">", 1)[1] and "</" not in block
    assert "</script>" in json.loads(block.split(">", 1)[1])["claimReviewed"]
