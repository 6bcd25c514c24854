"""What every command shares: one-line errors, the database, the registry, JSON output."""
from __future__ import annotations

import json
import sqlite3

import click
from flask import current_app

from checker import sources, store


class UserError(click.ClickException):
    """A one-line message on stderr and exit status 1, never a traceback."""

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def open_database():
    try:
        db = store.open_db(current_app.config["CHECKER_DB"], current_app.config["DB_BUSY_TIMEOUT_MS"])
        store.migrate(db)
    except sqlite3.Error as error:
        raise UserError(f"cannot open the database {current_app.config['CHECKER_DB']}: {error}") from None
    return db


def load_registry() -> sources.Registry:
    path = current_app.config["CHECKER_SOURCES"]
    try:
        return sources.load(path)
    except FileNotFoundError:
        raise UserError(f"source registry {path} does not exist (check CHECKER_SOURCES)") from None
    except (ValueError, KeyError, sources.RegistryError) as error:
        raise UserError(f"source registry {path} is not valid: {error}") from None


def print_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


