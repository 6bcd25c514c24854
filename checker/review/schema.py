"""Review schema: reviewers, the append-only status history, comments, assignments, sign-off proposals.

The current status stays in claims.status / claims.version (core set); every change of it is also a row here,
written in the same transaction by checker.review.rules through checker.review.store.

The names the tables hold are defined here, once: the statuses (workflow states, then verdicts), the order
the queue shows them in, the reviewer roles and the decisions on an evidence link.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

WORKFLOW = ("unreviewed", "in_review")
VERDICTS = ("verified", "disputed", "false", "misleading", "unverifiable")
STATUSES = WORKFLOW + VERDICTS
# The queue shows the work in hand first, then the work to start, then what is done.
QUEUE_ORDER = ("in_review", "unreviewed", "disputed", "false", "misleading", "unverifiable", "verified")
ROLES = ("reviewer", "admin")
LINK_DECISIONS = ("accepted", "rejected")

migrations = Migrations("review")
MIGRATION_SETS = (migrations,)


@migrations()
def m001_reviewers_history_comments(db: Database) -> None:
    db.execute("""
        CREATE TABLE reviewers (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT 'reviewer' CHECK (role IN ('reviewer', 'admin')),
            active INTEGER NOT NULL DEFAULT 1,
            -- part of the login session id: changing it (new password, deactivation) ends every session
            session_token TEXT NOT NULL,
            last_login_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")

    db.execute("""
        CREATE TABLE status_history (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            reviewer_id INTEGER REFERENCES reviewers(id),
            from_status TEXT NOT NULL,
            to_status TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',      -- the public rationale
            version INTEGER NOT NULL,           -- claims.version after this change
            signed_off_by INTEGER REFERENCES reviewers(id),
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX status_history_claim ON status_history (claim_id, id)")
    db.execute("CREATE UNIQUE INDEX status_history_claim_version ON status_history (claim_id, version)")
    # Append-only: the database itself refuses to rewrite or delete history.
    for action in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER status_history_no_{action.lower()} BEFORE {action} ON status_history
            BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END""")

    db.execute("""
        CREATE TABLE review_comments (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
            body TEXT NOT NULL,                 -- internal: never published
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX review_comments_claim ON review_comments (claim_id, id)")

    db.execute("""
        CREATE TABLE claim_assignments (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
            reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
            assigned_by INTEGER REFERENCES reviewers(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX claim_assignments_reviewer ON claim_assignments (reviewer_id)")

    # With REVIEW_REQUIRE_SIGNOFF, a verdict waits here until a second reviewer signs it off.
    db.execute("""
        CREATE TABLE verdict_proposals (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            status TEXT NOT NULL,
            note TEXT NOT NULL,
            proposed_by INTEGER NOT NULL REFERENCES reviewers(id),
            outcome TEXT CHECK (outcome IN ('signed_off', 'rejected', 'superseded')),
            decided_by INTEGER REFERENCES reviewers(id),
            decided_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX verdict_proposals_claim ON verdict_proposals (claim_id, id)")


@migrations()
def m002_reviewer_sessions(db: Database) -> None:
    """Sessions kept on the server (checker.review.sessions says why a table): a session ends when its row goes,
    for every copy of its cookie. They replace reviewers.session_token, which could only end all of a
    reviewer's sessions at once, never one at logout."""
    db.execute("""
        CREATE TABLE reviewer_sessions (
            id INTEGER PRIMARY KEY,
            digest TEXT NOT NULL UNIQUE,        -- SHA-256 of the token in the cookie; the token is never stored
            reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
            created_at TEXT NOT NULL,           -- the login: the session ends REVIEW_SESSION_LIFETIME after it
            last_seen_at TEXT NOT NULL          -- the updated time: the session ends REVIEW_SESSION_IDLE after it
        )""")
    db.execute("CREATE INDEX reviewer_sessions_reviewer ON reviewer_sessions (reviewer_id)")
    db.execute("CREATE INDEX reviewer_sessions_last_seen ON reviewer_sessions (last_seen_at)")
    db.execute("ALTER TABLE reviewers DROP COLUMN session_token")
