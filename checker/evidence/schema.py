"""Evidence-linking schema: passage features and their FTS5 key index, which links the step made, and
what each claim's last linking run searched (for "no evidence found in N documents from M sources").

`passage_index` is a contentless FTS5 table: one row per passage (rowid = passages.id) holding the passage's
language-neutral keys (checker/bilingual.py), so a French claim finds English passages through SQLite's
full-text index. `passage_index_vocab` gives each key's passage count, which weighs rare keys above common
ones. `passage_features` keeps what scoring needs (quantities, dates…) so nothing is re-extracted per claim.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("evidence")


@migrations()
def m001_passage_index_and_runs(db: Database) -> None:
    db.execute("""
        CREATE TABLE passage_features (
            passage_id INTEGER PRIMARY KEY REFERENCES passages(id),
            version INTEGER NOT NULL,      -- checker.linking.FEATURES_VERSION when computed
            keys TEXT NOT NULL,            -- space-separated keys, as indexed
            features TEXT NOT NULL,        -- JSON: keys with their words, quantities, dates, published, denial
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE VIRTUAL TABLE passage_index USING fts5(keys, content='', detail='none')")
    db.execute("CREATE VIRTUAL TABLE passage_index_vocab USING fts5vocab(passage_index, 'row')")
    # Links the linking step wrote (1) may be replaced by the next run when undecided; others never.
    db.execute("ALTER TABLE links ADD COLUMN auto INTEGER NOT NULL DEFAULT 0")
    db.execute("""
        CREATE TABLE evidence_runs (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
            documents INTEGER NOT NULL,    -- documents searched
            sources INTEGER NOT NULL,      -- sources those documents came from
            links INTEGER NOT NULL,        -- links kept above the threshold
            message TEXT NOT NULL,         -- what the reviewer reads ("no evidence found in …")
            last_passage_id INTEGER NOT NULL DEFAULT 0,  -- newest passage indexed when this ran
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
