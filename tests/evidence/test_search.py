"""The whole archive is searched through FTS5 ranked by bm25 (the index keeps term detail, evidence
migration 002), and a claim that cites nobody still gets its candidates."""
from __future__ import annotations

from checker.db import migrate, open_db
from checker.evidence import run, scoring
from checker.evidence import store as evidence_store
from checker.sources import store as sources_store


def archive(db, texts):
    snapshot, _ = sources_store.save_snapshot(db, {"url": "https://search.standin.invalid/page", "status": 200,
                                                   "via": "import"}, b"stand-in")
    sources_store.save_document(db, snapshot["id"], {"title": "stand-in", "language": "en", "published": None,
                                                     "text": "\n".join(texts)}, [{"text": t} for t in texts])


def test_bm25_ranks_the_passage_holding_the_rarer_keys_first_for_an_uncited_claim(tmp_path):
    db = open_db(str(tmp_path / "search.db"))
    migrate(db)
    archive(db, ["The council met on Monday.", "The council voted the budget on Monday.",
                 "The council voted to close the Zwolle tram depot on Monday.", "Weather was mild in Lisbon."])
    settings = run.Settings()
    assert run.index_passages(db, settings.index_batch) == 4
    assert db.execute("SELECT count(*) FROM passage_index WHERE passage_index MATCH 'ecouncil' "
                      "AND bm25(passage_index) != 0").fetchone()[0] == 3  # detail='full': bm25 ranks
    corpus = run.Corpus(db, settings)
    claim = {"text": "Le conseil a voté la fermeture du dépôt de tramway de Zwolle lundi.", "start": 0,
             "quantities": [], "dates": [], "entities": [], "attribution": None}
    claim_f = scoring.claim_features(claim, "fr")
    found = corpus.search(claim_f, 10)
    texts = {row["id"]: row["text"] for row in evidence_store.passage_candidates(db, found).values()}
    assert texts[found[0]].startswith("The council voted to close the Zwolle tram depot")
    assert not any("Lisbon" in t for t in texts.values())
    ranked = run.rank_claim(corpus, claim, claim_f, {})
    assert ranked[0][1]["text"].startswith("The council voted to close the Zwolle tram depot")
    db.close()
