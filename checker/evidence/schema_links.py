"""Evidence links: claims × passages, filled by the linking step, accepted or rejected by reviewers."""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("links")


@migrations()
def m001_links_and_decisions(db: Database) -> None:
    db.execute("""
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            url TEXT NOT NULL,
            document_id INTEGER,
            passage_id INTEGER,
            passage TEXT NOT NULL DEFAULT '',   -- scraped text: escaped whenever shown
            score REAL NOT NULL DEFAULT 0,
            signals TEXT NOT NULL DEFAULT '{}', -- JSON object
            reasons TEXT NOT NULL DEFAULT '[]', -- JSON list of strings
            conflicts TEXT NOT NULL DEFAULT '[]', -- JSON list of strings
            decision TEXT CHECK (decision IN ('accepted', 'rejected')),
            decided_by INTEGER REFERENCES reviewers(id),
            decided_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    # NULL passage ids would slip past a plain unique index, hence the expression.
    db.execute("CREATE UNIQUE INDEX links_claim_url_passage ON links (claim_id, url, ifnull(passage_id, -1))")
    db.execute("CREATE INDEX links_claim ON links (claim_id, score)")

    db.execute("""
        CREATE TABLE link_decisions (
            id INTEGER PRIMARY KEY,
            link_id INTEGER NOT NULL REFERENCES links(id),
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            previous TEXT,
            reviewer_id INTEGER REFERENCES reviewers(id),
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX link_decisions_link ON link_decisions (link_id, id)")
    for action in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER link_decisions_no_{action.lower()} BEFORE {action} ON link_decisions
            BEGIN SELECT RAISE(ABORT, 'link decisions are append-only'); END""")
