"""Connections: WAL, busy timeout, foreign keys; migrations; one connection per Flask app context."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app, g
from sqlite_utils import Database

from checker import migrations


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_db(path: str, busy_timeout_ms: int = 5000) -> Database:
    """Open the database file with WAL, a busy timeout and foreign keys switched on."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return Database(conn)


def migrate(db: Database) -> list[str]:
    return migrations.apply(db)


# --- Flask integration -------------------------------------------------------------------------

def init_app(app) -> None:
    """Apply migrations at start-up and give each app context its own connection."""
    db = open_db(app.config["CHECKER_DB"], app.config["DB_BUSY_TIMEOUT_MS"])
    try:
        migrate(db)
    finally:
        db.close()
    app.teardown_appcontext(close_db)


def get_db() -> Database:
    if "db" not in g:
        g.db = open_db(current_app.config["CHECKER_DB"], current_app.config["DB_BUSY_TIMEOUT_MS"])
    return g.db


def close_db(_error=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()
