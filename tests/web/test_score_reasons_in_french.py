"""Why a sentence got its check-worthiness score, read in the reviewer's language: the claims stage keeps its
reasons as messages beside their English text (claims.reason_records), so the French workspace says
"un chiffre (1 000 drones)" and "le mot « … »", while `flask ingest --json`, the API and rows stored before
keep the English."""
from __future__ import annotations

import json

from checker.claims import store as claims_store
from checker.db import get_db
from tests.support.files import FIXTURES
from tests.support.review import login

ARTICLE = FIXTURES / "link_article.fr.txt"
# Our own English sentences, with a figure and a plain opinion, for the learned model's reasons.
IN_ENGLISH = ("date 2022-11-20 The ministry said on Monday that 1,200 nurses had left public hospitals in 2021.\n\n"
              "I think that this is a wonderful day for all of us and I thank you.\n")


def _claims(app, article_id: str) -> list[dict]:
    with app.app_context():
        return claims_store.claims_of_article(get_db(), int(article_id))


def _page(app, claim_id: int, language: str) -> str:
    client = app.test_client()
    login(client, "bob")
    return client.get(f"/review/claims/{claim_id}", headers={"Accept-Language": language}).get_data(as_text=True)


def test_the_french_workspace_gives_the_rules_reasons_in_french_and_the_json_keeps_english(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ingest", str(ARTICLE), "--json"])
    printed = json.loads(result.stdout)
    claims = _claims(app, str(printed["article"]["id"]))
    figure = next(c for c in claims if "a figure (1 000 drones)" in c["reasons"])
    assert [c["reasons"] for c in printed["claims"]] == [c["reasons"] for c in claims]  # the English, as printed

    french = _page(app, figure["id"], "fr")
    assert 'id="score-reasons"' in french and "Pourquoi ce score\u00a0:" in french
    assert "un chiffre (1 000 drones)\u202f; " in french and "a figure (" not in french  # French separators
    attributed = next(c for c in claims for r in c["reasons"] if r.startswith("attributed (") and ": " in r)
    said = next(r for r in attributed["reasons"] if r.startswith("attributed ("))  # "attributed (cue: source)"
    cue, source = said.removeprefix("attributed (").removesuffix(")").split(": ")
    assert f"attribuée ({cue}\u00a0: {source})" in _page(app, attributed["id"], "fr")  # French typography
    english = _page(app, figure["id"], "en")
    assert "Why this score:" in english and "a figure (1 000 drones); " in english

    client = app.test_client()
    api = client.get(f"/api/claims/{figure['id']}").get_json()
    assert "a figure (1 000 drones)" in json.dumps(api, ensure_ascii=False)


def test_the_models_reasons_for_an_english_sentence_read_in_french(app):
    runner = app.test_cli_runner()
    article_id = runner.invoke(args=["ingest", "-", "--lang", "en"], input=IN_ENGLISH.encode("utf-8")).stdout.strip()
    claims = _claims(app, article_id)
    worded = [(claim, reason) for claim in claims for reason in claim["reasons"]
              if reason.startswith('the word "') or reason.startswith('the words "')]
    assert worded, [c["reasons"] for c in claims]
    claim, reason = worded[0]
    shown = reason.split('"')[1]
    french = _page(app, claim["id"], "fr")
    expected = ("le mot" if reason.startswith('the word "') else "les mots") + f" «\u202f{shown}\u202f»"
    assert expected in french and 'the word "' not in french and 'the words "' not in french
    against = [reason for claim in claims for reason in claim["reasons"] if reason.endswith(" (against)")]
    for claim in claims:
        page = _page(app, claim["id"], "fr")
        assert " (against)" not in page
        if any(reason.endswith(" (against)") for reason in claim["reasons"]):
            assert " (en défaveur)" in page
    assert against  # the opinion sentence has a reason that lowered its score
    scored = next(c for c in claims for r in c["reasons"] if r.startswith("the rules' score ("))
    said = next(r for r in scored["reasons"] if r.startswith("the rules' score ("))  # "the rules' score (0.98)"
    assert f"le score des règles ({said[18:-1].replace('.', ',')})" in _page(app, scored["id"], "fr")


def test_a_claim_stored_before_the_reasons_were_kept_as_messages_shows_its_english(app):
    runner = app.test_cli_runner()
    article_id = runner.invoke(args=["ingest", str(ARTICLE)]).stdout.strip()
    figure = next(c for c in _claims(app, article_id) if "a figure (1 000 drones)" in c["reasons"])
    with app.app_context():
        db = get_db()
        db.execute("UPDATE claims SET reason_records = NULL WHERE id = ?", [figure["id"]])
        db.conn.commit()
        assert claims_store.get_claim(db, figure["id"])["reasons"] == figure["reasons"]
    assert "a figure (1 000 drones)" in _page(app, figure["id"], "fr")
