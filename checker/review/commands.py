"""`flask reviewer …` (accounts) and `flask demo-reviewer` (what `make run` logs in with)."""
from __future__ import annotations

import os
import secrets
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from checker.cli import UserError, open_database
from checker.review import accounts, store
from checker.review.rules import ReviewError
from checker.review.schema import ROLES

DEMO_USERNAME = "demo"


def _read_password(prompt: str) -> str:
    """From stdin when it is not a terminal (first line), else asked twice without echo."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True, err=True)
    line = sys.stdin.readline()
    if not line:
        raise UserError("no password on stdin (give it as the first line)")
    return line.rstrip("\r\n")


def _checked_password(prompt: str = "Password") -> str:
    password = _read_password(prompt)
    try:
        accounts.check_new_password(password, current_app.config["REVIEW_MIN_PASSWORD_CHARS"])
    except ReviewError as error:
        raise UserError(str(error)) from None
    return password


def _existing(db, name: str) -> dict:
    row = store.reviewer_by_username(db, name)
    if row is None:
        raise UserError(f"no reviewer named {name!r} (see `flask reviewer list`)")
    return row


@click.group("reviewer")
def reviewer() -> None:
    """Manage reviewer accounts: create, list, set-password, deactivate, activate."""

@reviewer.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="reviewer", show_default=True,
              help="An admin can also manage reviewers.")
@with_appcontext
def create(name: str, role: str) -> None:
    """Create a reviewer; the password is read from stdin when it is not a terminal."""
    try:
        accounts.check_username(name)
    except ReviewError as error:
        raise UserError(str(error)) from None
    password = _checked_password()
    db = open_database()
    try:
        row = accounts.create_reviewer(db, name, accounts.hash_password(password), role)
    except store.ReviewerExists as error:
        raise UserError(str(error)) from None
    finally:
        db.close()
    click.echo(f"reviewer {row['username']} created ({row['role']})", err=True)
    click.echo(row["id"])

@reviewer.command("list")
@with_appcontext
def list_command() -> None:
    """List reviewers: id, username, role, active, last login."""
    db = open_database()
    rows = store.list_reviewers(db)
    db.close()
    for row in rows:
        state = "active" if row["active"] else "deactivated"
        click.echo(f"{row['id']:>4} {row['username']:<24} {row['role']:<9} {state:<12} "
                   f"{row['last_login_at'] or 'never logged in'}")

@reviewer.command("set-password")
@click.argument("name")
@with_appcontext
def set_password(name: str) -> None:
    """Give a reviewer a new password (stdin when not a terminal); their sessions end."""
    db = open_database()
    try:
        row = _existing(db, name)
        accounts.update_reviewer(db, row["id"], password_hash=accounts.hash_password(_checked_password("New password")))
    finally:
        db.close()
    click.echo(f"password of {row['username']} changed", err=True)

@reviewer.command("deactivate")
@click.argument("name")
@with_appcontext
def deactivate(name: str) -> None:
    """Stop a reviewer from logging in (their history stays); their sessions end."""
    db = open_database()
    try:
        row = _existing(db, name)
        accounts.update_reviewer(db, row["id"], active=False)
    finally:
        db.close()
    click.echo(f"{row['username']} deactivated", err=True)

@reviewer.command("activate")
@click.argument("name")
@with_appcontext
def activate(name: str) -> None:
    """Let a deactivated reviewer log in again."""
    db = open_database()
    try:
        row = _existing(db, name)
        accounts.update_reviewer(db, row["id"], active=True)
    finally:
        db.close()
    click.echo(f"{row['username']} activated", err=True)


@click.command("demo-reviewer")
@with_appcontext
def demo_reviewer() -> None:
    """Create (or reset) the local demo admin with a fresh random password and print the login."""
    password = secrets.token_urlsafe(12)
    db = open_database()
    try:
        row = store.reviewer_by_username(db, DEMO_USERNAME)
        if row is None:
            accounts.create_reviewer(db, DEMO_USERNAME, accounts.hash_password(password), "admin")
        else:
            accounts.update_reviewer(db, row["id"], active=True, role="admin",
                                  password_hash=accounts.hash_password(password))
    finally:
        db.close()
    click.echo(f"demo reviewer login: username {DEMO_USERNAME}  password {password}  "
               f"(log in at http://127.0.0.1:{os.environ.get('PORT', '5000')}/login)", err=True)


COMMANDS = (reviewer, demo_reviewer)
