"""The database: migrations, connection pragmas, and one transaction per ingest."""
from __future__ import annotations

import sqlite3

import pytest

from checker.claims import store as claims_store
from checker.db import migrate, open_db


def test_migrations_apply_once_and_again_safely(tmp_path):
    db = open_db(str(tmp_path / "x.db"))
    first = migrate(db)
    assert first and first[0] == "core:m001_articles_and_claims"
    assert migrate(db) == []
    assert {"articles", "claims", "skipped", "_sqlite_migrations"} <= set(db.table_names())


def test_connection_uses_wal_busy_timeout_and_foreign_keys(tmp_path):
    db = open_db(str(tmp_path / "x.db"), busy_timeout_ms=1234)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 1234
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def _article(text="Un texte.") -> dict:
    return {"title": "t", "language": "fr", "published": None, "published_certainty": "unknown",
            "date_note": "", "text": text, "content_hash": f"hash-{text}", "origin": "test"}


def _claim(start=0, end=9) -> dict:
    return {"text": "Un texte.", "start": start, "end": end, "paragraph": 0, "checkworthy": False,
            "score": 0.1, "kind": "opinion", "reasons": [], "quantities": [], "dates": [],
            "entities": [], "attribution": None}


def test_a_failing_claim_write_leaves_no_half_article(db):
    broken = _claim()
    broken["start"] = None  # violates NOT NULL after the article row is written
    with pytest.raises(sqlite3.IntegrityError):
        claims_store.save_article(db, _article(), [_claim(), broken], [])
    assert claims_store.counts(db) == {"articles": 0, "claims": 0, "skipped": 0}


def test_saved_article_round_trips_its_json_columns(db):
    claim = _claim()
    claim["quantities"] = [{"value": 1000, "unit": "drone", "text": "1 000 drones", "bound": "exact"}]
    claim["attribution"] = {"source": "The Washington Post", "source_id": "washington-post", "cue": "selon"}
    article_id, created = claims_store.save_article(db, _article(), [claim], [])
    assert created
    saved = claims_store.claims_of_article(db, article_id)[0]
    assert saved["quantities"][0]["value"] == 1000
    assert saved["source_id"] == "washington-post"
    assert saved["status"] == "unreviewed" and saved["version"] == 1


def test_claims_cannot_point_to_a_missing_article(db):
    with pytest.raises(sqlite3.IntegrityError):
        db["claims"].insert({"article_id": 999, "seq": 0, "text": "x", "start": 0, "end": 1,
                             "status": "unreviewed", "version": 1})
