"""The database: connections (WAL, busy timeout, foreign keys), write transactions, batched inserts, and the
migrations runner; in a Flask app, one connection per worker thread for requests.

Every stage owns its tables in its `schema.py` (sqlite-utils Migrations) and its SQL in its `store.py`; this
module is what they share. It imports no stage at import time and no Flask: `import checker.claims` must work
without a web app.
"""
from __future__ import annotations

import importlib
import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed

from checker.config import Config

# One encoder, built once: json.dumps with options builds a new encoder on every call, and an ingest
# writes five JSON columns for every claim.
to_json = json.JSONEncoder(ensure_ascii=False).encode


# Cells sqlite3 stores as they are; anything else is converted the way sqlite-utils' insert() converts it.
_PLAIN_CELLS = (str, int, float, type(None), bytes)
# Values bound in one statement, well under SQLite's limit (32,766 since 3.32).
MAX_BOUND_VALUES = 30_000


def insert_rows(db: Database, table: str, rows: list[dict]) -> int | None:
    """Insert rows into an existing table with multi-row INSERT statements; returns the new row's id when
    one row is given.

    The same rows and cells as sqlite-utils' insert_all() (columns: every key the rows have; dicts and
    lists as JSON), without its per-call table lookups and statement building, which cost more than the
    writes themselves when an ingest stores some 25 claims an article. One statement for many rows, not
    executemany: the tables' triggers keep the FTS5 indexes, which flush their pending terms at the end of
    every statement, so one statement per row costs about three times as much.
    """
    if not rows:
        return None
    columns = list(dict.fromkeys(key for row in rows for key in row))
    names = ", ".join(f'"{column}"' for column in columns)
    placeholders = f"({', '.join('?' * len(columns))})"
    per_statement = max(1, MAX_BOUND_VALUES // len(columns))
    cursor = None
    for first in range(0, len(rows), per_statement):
        chunk = rows[first:first + per_statement]
        values = [cell if isinstance(cell, _PLAIN_CELLS) else jsonify_if_needed(cell)
                  for row in chunk for cell in (row.get(column) for column in columns)]
        cursor = db.conn.execute(f'INSERT INTO "{table}" ({names}) VALUES {", ".join([placeholders] * len(chunk))}',
                                 values)
    return cursor.lastrowid if len(rows) == 1 else None


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_db(path: str, busy_timeout_ms: int = Config.DB_BUSY_TIMEOUT_MS) -> Database:
    """Open the database file with WAL, a busy timeout and foreign keys switched on."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return Database(conn)


# Each stage's schema module, in pipeline order: later sets may reference earlier sets' tables. Never edit a
# migration that has been applied: add a new one to the end of its set.
SCHEMAS = ("checker.claims.schema", "checker.sources.schema", "checker.evidence.schema", "checker.review.schema",
           "checker.public.schema")


def migrate(db: Database) -> list[str]:
    """Apply every pending migration of every stage; return the names applied now."""
    applied = []
    for module in SCHEMAS:
        for migrations in importlib.import_module(module).MIGRATION_SETS:
            applied += [f"{migrations.name}:{m.name}" for m in migrations.pending(db)]
            migrations.apply(db)
    return applied


@contextmanager
def write_transaction(db: Database):
    """One write transaction that takes SQLite's write lock at once (waiting up to the busy timeout)."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.rollback()
        raise
    conn.execute("COMMIT")


# --- Flask integration -------------------------------------------------------------------------

def init_app(app) -> None:
    """Apply migrations at start-up and give each worker thread one connection, lent to one app context at
    a time."""
    db = open_db(app.config["CHECKER_DB"], app.config["DB_BUSY_TIMEOUT_MS"])
    try:
        migrate(db)
    finally:
        db.close()
    app.extensions["db_per_thread"] = threading.local()
    app.teardown_appcontext(close_db)


def get_db() -> Database:
    """The app context's read-write connection: its thread's own, kept open between requests, since opening one
    (connect, PRAGMAs) costs about a millisecond, more than most pages. An app context nested in another on the
    same thread (a test client inside a command) gets a connection of its own, closed with it."""
    from flask import (  # here, not at the top: the pipeline stages use this module without Flask
        current_app,
        g,
    )

    if "db" not in g:
        kept = current_app.extensions["db_per_thread"]
        if getattr(kept, "lent", False):
            g.db, g.db_kept = _open_for_app(), False
        else:
            if getattr(kept, "db", None) is None:
                kept.db = _open_for_app()
            kept.lent = True
            g.db, g.db_kept = kept.db, True
    return g.db


def _open_for_app() -> Database:
    from flask import current_app

    return open_db(current_app.config["CHECKER_DB"], current_app.config["DB_BUSY_TIMEOUT_MS"])


def close_db(_error=None) -> None:
    """End of an app context: a transaction left open (a failed request) is rolled back, as closing the
    connection used to do, so the next request starts clean; then the connection goes back to its thread."""
    from flask import current_app, g

    db = g.pop("db", None)
    if db is None:
        return
    if not g.pop("db_kept", False):
        db.close()
        return
    kept = current_app.extensions["db_per_thread"]
    kept.lent = False
    if db.conn.in_transaction:
        try:
            db.conn.rollback()
        except sqlite3.Error:
            kept.db = None  # not reusable: closing it discards the transaction, the next request opens anew
            db.close()
