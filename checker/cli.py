"""What every `flask` command shares: one-line errors, the database opened for a command, JSON output, and
the announcements that new documents or new articles arrived.

Each stage keeps its own commands in its `commands.py`, as module-level click commands that `create_app`
adds to `app.cli`. JSON goes to stdout, messages to stderr; bad input exits non-zero with one line on stderr.
"""
from __future__ import annotations

import json
import sqlite3

import click
from flask import current_app
from flask.cli import with_appcontext

from checker import db as database

# app.extensions keys: what to call when a command has saved new documents (see announce_new_documents),
# new articles (see announce_new_articles), or found archived sources changed or gone (announce_changed_sources).
NEW_DOCUMENTS = "checker.new_documents"
NEW_ARTICLES = "checker.new_articles"
CHANGED_SOURCES = "checker.changed_sources"
PAGE_FETCHER = "checker.page_fetcher"  # how a command downloads one web page (see fetch_page)


class UserError(click.ClickException):
    """A one-line message on stderr and exit status 1, never a traceback."""

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def open_database():
    """The app's database, migrated, or a one-line error saying why it cannot be opened."""
    try:
        db = database.open_db(current_app.config["CHECKER_DB"], current_app.config["DB_BUSY_TIMEOUT_MS"])
        database.migrate(db)
    except sqlite3.Error as error:
        raise UserError(f"cannot open the database {current_app.config['CHECKER_DB']}: {error}") from None
    return db


# json.dumps(value, ensure_ascii=False, indent=2), in pieces: with an indent, json builds the text from many
# small strings, and joined at once a long article's JSON (40 MB for a 2 MB table pasted as text) held ten times
# its size in them. The text written is the same.
_INDENTED_JSON = json.JSONEncoder(ensure_ascii=False, indent=2)
JSON_PIECE_CHARS = 1 << 16  # characters of JSON written at a time


def print_json(value) -> None:
    pieces, size = [], 0
    for piece in _INDENTED_JSON.iterencode(value):
        pieces.append(piece)
        size += len(piece)
        if size >= JSON_PIECE_CHARS:
            click.echo("".join(pieces), nl=False)
            pieces, size = [], 0
    click.echo("".join(pieces))


def progress(message: str) -> None:
    click.echo(message, err=True)


def announce_new_documents(db) -> None:
    """Tell the later stages that documents were saved: the evidence stage relinks the articles they arrived for.

    The sources stage cannot import a later stage, so `create_app` registers the listeners here.
    """
    for listener in current_app.extensions.get(NEW_DOCUMENTS, ()):
        listener(db)


def announce_new_articles(db, article_ids: list[int]) -> None:
    """Tell the later stages that articles were saved: the evidence stage matches their claims against the
    claims already in the tracker (the same claim in another article, maybe already checked).

    The claims stage cannot import a later stage, so `create_app` registers the listeners here.
    """
    if not article_ids:
        return
    for listener in current_app.extensions.get(NEW_ARTICLES, ()):
        listener(db, list(article_ids))


def announce_changed_sources(db) -> dict[int, list[int]]:
    """Tell the later stages that archived sources changed or went (`flask recheck` recorded it in
    source_changes): the evidence stage flags the claims whose accepted evidence came from them. Returns what
    the listeners flagged: source change id → claim ids.

    The sources stage cannot import a later stage, so `create_app` registers the listeners here.
    """
    flagged: dict[int, list[int]] = {}
    for listener in current_app.extensions.get(CHANGED_SOURCES, ()):
        for change_id, claim_ids in listener(db).items():
            flagged[change_id] = sorted(set(flagged.get(change_id, [])) | set(claim_ids))
    return flagged


def fetch_page(url: str, max_bytes: int) -> tuple[int, str, bytes]:
    """One web page, downloaded as the sources stage downloads every page (robots.txt, retries, the address
    guard on every redirect, the deadline), at most `max_bytes`: (status, content type, body). A page that
    cannot be had is a UserError saying why.

    The claims stage (`flask ingest URL`) cannot import a later stage, so `create_app` registers the fetcher here.
    """
    return current_app.extensions[PAGE_FETCHER](url, max_bytes)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database or apply pending migrations (safe to run again)."""
    db = open_database()
    click.echo(f"database ready: {current_app.config['CHECKER_DB']}", err=True)
    db.close()
