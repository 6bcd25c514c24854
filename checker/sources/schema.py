"""Cited-sources schema: citations, archived snapshots (bodies as BLOBs), fetch attempts, documents, passages.

Bodies are BLOBs keyed by SHA-256 rather than files on disk: a snapshot row and its bytes are written in one
transaction (never a row without its body, or an orphan file), identical bodies are stored once, backups
and WARC export read one SQLite file, and the 20 MB fetch cap bounds the size of any one value.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sources")
MIGRATION_SETS = (migrations,)

# What a check of an archived page found (source_checks.outcome), and the changes recorded (source_changes.kind).
CHECK_OUTCOMES = ("unchanged", "changed", "gone", "error")
CHANGE_KINDS = ("changed", "gone")
# What became of a page fetched for a source (fetch_attempts.outcome).
ATTEMPT_OUTCOMES = ("archived", "unchanged", "not-modified", "failed", "skipped", "rejected")
# How a document was found for an article (document_reasons.found), strongest first: the claim links to it, a
# claim cites its source, or the article only names its source.
FOUND_KINDS = ("linked", "cited", "named")


def _one_of(names: tuple[str, ...]) -> str:
    return ", ".join(f"'{name}'" for name in names)


@migrations()
def m001_snapshots_documents_citations(db: Database) -> None:
    db["citations"].create(
        {"id": int, "article_id": int, "claim_id": int, "source_id": str, "cue": str,
         "created_at": str, "updated_at": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("claim_id", "claims", "id")],
        not_null={"article_id", "claim_id", "source_id", "created_at", "updated_at"},
    )
    db["citations"].create_index(["claim_id", "source_id"], unique=True)
    db["citations"].create_index(["article_id"])

    db["bodies"].create(
        {"sha256": str, "body": bytes, "size": int, "created_at": str},
        pk="sha256", not_null={"body", "size", "created_at"},
    )
    db["snapshots"].create(
        {
            "id": int,
            "url": str,  # what was asked for
            "final_url": str,  # where redirects led (for Wayback: the capture's address)
            "status": int,
            "headers": str,  # JSON object
            "fetched_at": str,
            "sha256": str,
            "via": str,  # live | wayback | import
            "wall": str,  # why the page is a paywall/consent wall, or null
            "created_at": str,
            "updated_at": str,  # equal to created_at: snapshots are never changed
        },
        pk="id",
        foreign_keys=[("sha256", "bodies", "sha256")],
        not_null={"url", "final_url", "status", "headers", "fetched_at", "sha256", "via", "created_at"},
    )
    db["snapshots"].create_index(["url", "fetched_at"])
    db["snapshots"].create_index(["sha256"])

    db["fetch_attempts"].create(
        {
            "id": int,
            "article_id": int,  # null for a fetch not made for an article
            "url": str,
            "source_id": str,
            "outcome": str,  # archived | unchanged | not-modified | failed | skipped | rejected
            "reason": str,  # a sentence a reviewer understands
            "snapshot_id": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("snapshot_id", "snapshots", "id")],
        not_null={"url", "outcome", "created_at"},
    )
    db["fetch_attempts"].create_index(["article_id", "url"])

    db["documents"].create(
        {
            "id": int, "snapshot_id": int, "url": str, "title": str, "published": str, "author": str,
            "language": str, "text": str, "layout": str, "standin": int,
            "created_at": str, "updated_at": str,
        },
        pk="id",
        foreign_keys=[("snapshot_id", "snapshots", "id")],
        not_null={"snapshot_id", "text", "created_at"},
        defaults={"standin": 0},
    )
    db["documents"].create_index(["snapshot_id"], unique=True)

    db["passages"].create(
        {"id": int, "document_id": int, "seq": int, "speaker": str, "text": str, "created_at": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "seq", "text"},
    )
    db["passages"].create_index(["document_id", "seq"], unique=True)

    db["article_documents"].create(
        {"article_id": int, "document_id": int, "source_id": str, "score": float,
         "created_at": str, "updated_at": str},
        pk=("article_id", "document_id"),
        foreign_keys=[("article_id", "articles", "id"), ("document_id", "documents", "id")],
    )


@migrations()
def m002_source_checks_and_changes(db: Database) -> None:
    """Sources fetched again after the fact (checker.sources.recheck): each page's latest check, and the changes
    found, append-only.

    `source_checks` holds one row per archived address: when it was last fetched again and what came of it (a
    304 or the same body changes only this row). `source_changes` records each time a page's main text changed
    (a new snapshot, with the one it replaces) or the page went (404, 410, or sent to the site's home page);
    the evidence stage flags the claims whose accepted evidence came from it."""
    db.execute(f"""
        CREATE TABLE source_checks (
            url TEXT PRIMARY KEY,          -- snapshots.url: the address archived
            checked_at TEXT NOT NULL,      -- the latest check
            outcome TEXT NOT NULL CHECK (outcome IN ({_one_of(CHECK_OUTCOMES)})),
            http_status INTEGER,           -- the answer's status; NULL when none came (robots, DNS, timeout)
            reason TEXT,                   -- a sentence a reviewer understands
            snapshot_id INTEGER REFERENCES snapshots(id),  -- the archived copy that is current after the check
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute(f"""
        CREATE TABLE source_changes (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ({_one_of(CHANGE_KINDS)})),
            previous_snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),  -- the copy evidence was read from
            snapshot_id INTEGER REFERENCES snapshots(id),  -- the new copy; NULL when the page went
            http_status INTEGER,
            reason TEXT NOT NULL,
            edited_at TEXT NOT NULL,       -- the page's own Last-Modified when it is credible, else detected_at
            detected_at TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX source_changes_url ON source_changes (url, id)")
    for action in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER source_changes_no_{action.lower()} BEFORE {action} ON source_changes
            BEGIN SELECT RAISE(ABORT, 'source changes are append-only'); END""")


@migrations()
def m003_link_citations_and_why_documents_were_fetched(db: Database) -> None:
    """A citation may be a link of the article (issue 18: cue "link", with its address and anchor), so one
    claim may cite one source through several addresses; and each document kept for an article says why it
    was fetched (issue 15): linked from a claim, cited by it, or only named in the article."""
    db.execute("ALTER TABLE citations ADD COLUMN url TEXT")  # the linked address, for cue "link"
    db.execute("ALTER TABLE citations ADD COLUMN anchor TEXT")  # the link's text
    db.execute("DROP INDEX IF EXISTS idx_citations_claim_id_source_id")
    db.execute("CREATE UNIQUE INDEX citations_claim_source_url ON citations (claim_id, source_id, ifnull(url, ''))")

    db.execute(f"""
        CREATE TABLE document_reasons (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            document_id INTEGER NOT NULL REFERENCES documents(id),
            claim_id INTEGER REFERENCES claims(id),  -- the claim it was fetched for, when one
            found TEXT NOT NULL CHECK (found IN ({_one_of(FOUND_KINDS)})),
            source_id TEXT,
            reason TEXT NOT NULL,                    -- a sentence a reviewer understands
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("""CREATE UNIQUE INDEX document_reasons_one ON document_reasons
                  (article_id, document_id, ifnull(claim_id, -1), found)""")


@migrations()
def m004_source_change_reason_messages(db: Database) -> None:
    """The reason of a source change as a message (checker.text.messages.to_record: its English id and values,
    as JSON), beside the English `reason`: reviewers read it in their language. Rows written before keep NULL
    and are shown as stored."""
    db.execute("ALTER TABLE source_changes ADD COLUMN reason_message TEXT")


@migrations()
def m005_document_reason_messages(db: Database) -> None:
    """Why a document was fetched, as a message too (checker.text.messages.to_record), beside the English
    `reason`: the workspace and the claim pages say where evidence was found in the reader's language. Rows
    written before keep NULL and are shown as stored."""
    db.execute("ALTER TABLE document_reasons ADD COLUMN reason_message TEXT")


@migrations()
def m006_fetch_attempt_reason_messages(db: Database) -> None:
    """Why a fetch failed (or why the Wayback copy was used), as a message too (checker.text.messages.to_record),
    beside the English `reason`: the workspace names it in the reviewer's language. Rows written before keep
    NULL and are shown as stored."""
    db.execute("ALTER TABLE fetch_attempts ADD COLUMN reason_message TEXT")
