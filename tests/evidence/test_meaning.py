"""The meaning signal: sentence vectors from the installed model rank the passage that says the claim first,
are made once and stored, and never make a link on their own (the threshold decides on the keys' score)."""
from __future__ import annotations

import shutil

import pytest

from checker.claims import store as claims_store
from checker.db import open_db
from checker.evidence import run, scoring
from checker.evidence import store as evidence_store
from checker.text import meaning
from tests.evidence.test_link_command import PAGES, claim_with, import_page, invoke
from tests.evidence.test_link_command import link_json as linked_json
from tests.support.app import make_test_app
from tests.support.evidence import SHIPPED, passage
from tests.support.files import FIXTURES

OWN_ARTICLE = FIXTURES / "link_article.fr.txt"

pytestmark = pytest.mark.skipif(meaning.installed_files() is None, reason="the sentence model is not installed")


@pytest.fixture(scope="module")
def encoder():
    return meaning.load()


def test_a_paraphrase_is_closer_in_meaning_than_a_sentence_on_another_subject(encoder):
    claim, paraphrase, other = encoder.vectors(["Of course.", "Definitely.", "The central bank raised its rates."])
    assert meaning.closeness(claim[None, :], paraphrase) > meaning.closeness(claim[None, :], other)


def test_vectors_are_unit_length_and_read_back_from_storage_within_a_thousandth(encoder):
    vectors = encoder.vectors(["Iran has shipped drones to Russia.", "Prices rose by 2 % in November."])
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
    stored = meaning.from_blob(meaning.to_blob(vectors))
    assert stored.shape == vectors.shape
    assert abs(float(stored[0] @ stored[1]) - float(vectors[0] @ vectors[1])) < 1e-3


def test_no_texts_give_no_rows(encoder):
    assert encoder.vectors([]).shape == (0, meaning.DIMENSIONS)


def test_a_model_file_other_than_the_measured_one_is_refused_with_a_clear_message(tmp_path):
    files = meaning.installed_files()
    changed = tmp_path / "model.onnx"
    shutil.copyfile(files.model, changed)
    with changed.open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(meaning.MeaningError, match="SHA-256 differs"):
        meaning.Encoder(meaning.Files(changed, files.tokenizer))


def test_the_meaning_ranks_but_the_threshold_reads_the_keys_score():
    claim_f = scoring.claim_features(SHIPPED)
    passage_f = passage("Iran has shipped drones to Russia since August.")
    without = scoring.score(claim_f, passage_f)
    close = scoring.score(claim_f, passage_f, meaning=0.9)
    far = scoring.score(claim_f, passage_f, meaning=0.1)
    assert without.keys_score == close.keys_score == far.keys_score == without.score
    assert far.score < without.score < close.score
    assert "close in meaning: 0.90" in close.reasons and not any("meaning" in r for r in far.reasons)


@pytest.fixture
def linked(runner, db):
    article_id = int(invoke(runner, "ingest", OWN_ARTICLE).stdout.strip())
    for name, url in PAGES:
        import_page(runner, article_id, name, url)
    return article_id, linked_json(runner, article_id)


def test_claims_and_english_passages_get_their_vectors_once(runner, db, linked):
    article_id, _output = linked
    passages = db.execute("SELECT count(*) FROM passages").fetchone()[0]
    vectors = db.execute("SELECT count(*) FROM passage_vectors WHERE model = ?", [meaning.MODEL_ID]).fetchone()[0]
    assert 0 < vectors == passages  # the stand-in sources are all English
    claims = db.execute("SELECT claim_id, vectors FROM claim_vectors").fetchall()
    assert claims and all(len(blob) % (2 * meaning.DIMENSIONS) == 0 for _id, blob in claims)
    linked_json(runner, article_id)
    assert db.execute("SELECT claim_id, vectors FROM claim_vectors").fetchall() == claims


def test_articles_relinked_together_get_their_claims_vectors_in_one_run_as_linking_makes_them(app, db, linked):
    article_id, _output = linked
    before = dict(db.execute("SELECT claim_id, vectors FROM claim_vectors").fetchall())
    db.execute("DELETE FROM claim_vectors")
    db.conn.commit()
    with app.app_context():
        settings = run.Settings.from_config(app.config)
    assert run.vectorise_articles(db, [article_id, 99999], settings) == len(before)  # an unknown article: none
    after = dict(db.execute("SELECT claim_id, vectors FROM claim_vectors").fetchall())
    assert after.keys() == before.keys()
    for claim_id, blob in after.items():
        assert abs(meaning.from_blob(blob) - meaning.from_blob(before[claim_id])).max() < 0.002


def test_the_best_link_says_how_close_in_meaning_it_is(db, linked):
    article_id, output = linked
    deal = claim_with(db, article_id, "Moscou et Téhéran")
    best = next(r for r in output["links"] if r["claim_id"] == deal["id"])
    assert best["signals"]["meaning"] > 0.7
    assert any(reason.startswith("close in meaning: 0.") for reason in best["reasons"])
    assert best["signals"]["keys"] >= scoring.Weights().threshold
    stored = evidence_store.links_of_claim(db, deal["id"])[0]
    assert stored["keys_score"] == best["signals"]["keys"] != stored["score"]  # what the threshold decided on


def test_a_link_stored_before_the_meaning_signal_decided_on_its_score():
    row = {"id": 1, "score": 0.41, "signals": '{"shared": 0.5}', "reasons": "[]", "conflicts": "[]"}
    assert evidence_store.decode_link(row)["keys_score"] == 0.41


def test_the_same_claims_get_evidence_with_the_meaning_on_or_off(tmp_path, runner, db, linked):
    article_id, _output = linked
    with_meaning = {c["id"]: evidence_store.evidence_summary(db, c["id"])["no_evidence"]
                    for c in claims_store.claims_of_article(db, article_id)}
    off = make_test_app(tmp_path / "off", LINK_MEANING=False)
    off_runner = off.test_cli_runner()
    off_article = int(invoke(off_runner, "ingest", OWN_ARTICLE).stdout.strip())
    for name, url in PAGES:
        import_page(off_runner, off_article, name, url)
    output = linked_json(off_runner, off_article)
    assert output["links"] and all(link["signals"]["meaning"] is None for link in output["links"])
    off_db = open_db(off.config["CHECKER_DB"])
    without = [evidence_store.evidence_summary(off_db, c["id"])["no_evidence"]
               for c in claims_store.claims_of_article(off_db, off_article)]
    off_db.close()
    assert without == [with_meaning[claim_id] for claim_id in sorted(with_meaning)]
    assert False in without and True in without
