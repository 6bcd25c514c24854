"""`flask freeze OUTDIR` (the public site as static files) and `flask backup FILE` (a consistent copy)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from checker.cli import UserError, open_database
from checker.public import freeze as freezer
from checker.public import store


@click.command("freeze")
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--base-url", default=None,
              help="Where the export will be served (for ClaimReview, the feed and the CSV), "
                   "e.g. https://checks.example.org/. Default: CHECKER_BASE_URL.")
@click.option("--max-files", default=2_000_000, show_default=True, help="Stop rather than write more files.")
@with_appcontext
def freeze(outdir: str, base_url: str | None, max_files: int) -> None:
    """Export the whole public site (pages, JSON, CSV, feed) as static files with relative links."""
    open_database().close()  # migrated, or a one-line error
    base = base_url or current_app.config["PUBLIC_BASE_URL"]
    if not base:
        click.echo("note: no --base-url or CHECKER_BASE_URL; absolute links (ClaimReview, feed, CSV) "
                   "will point to http://localhost/", err=True)
    if base and not base.startswith(("http://", "https://")):
        raise UserError(f"--base-url must start with http:// or https:// (got {base!r})")
    try:
        report = freezer.freeze(current_app, outdir, base_url=base or None, max_files=max_files)
    except (freezer.FreezeError, OSError) as error:
        raise UserError(f"cannot export to {outdir}: {error}") from None
    for url, code in report.failed:
        click.echo(f"warning: {url} answered {code}; not exported", err=True)
    click.echo(f"wrote {report.pages} files ({report.bytes:,} bytes) to {outdir}", err=True)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@with_appcontext
def backup(file: str) -> None:
    """Write a consistent copy of the database to FILE (VACUUM INTO) and check its integrity."""
    target = Path(file)
    if target.exists():
        raise UserError(f"{file} already exists; give a new file name (a backup never overwrites)")
    if not target.parent.exists():
        raise UserError(f"the folder {target.parent} does not exist")
    db = open_database()
    try:
        store.backup_to(db, str(target))
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise UserError(f"backup failed: {error}") from None
    finally:
        db.close()
    problems = store.integrity_check(str(target))
    if problems != ["ok"]:
        raise UserError(f"the copy in {file} failed its integrity check: {problems[0]}")
    click.echo(f"backed up {current_app.config['CHECKER_DB']} to {file} "
               f"({target.stat().st_size:,} bytes, integrity ok)", err=True)


COMMANDS = (freeze, backup)
