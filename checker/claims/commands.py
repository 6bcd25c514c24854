"""`flask ingest`, `claims` and `demo`: an article in, its claims out."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from checker import config
from checker.claims import ingest as ingest_step
from checker.claims import registry as source_registry
from checker.claims import store
from checker.claims.shapes import article_json
from checker.cli import (
    UserError,
    announce_new_articles,
    fetch_page,
    open_database,
    print_json,
)

EXAMPLE_ARTICLE = config.ROOT / "examples" / "pologne-missile-2022-11.fr.txt"


def load_registry(db=None) -> source_registry.Registry:
    """The source registry the app is configured with, or a one-line error saying what is wrong with it; with
    `db`, what that database adds to it too (provisional sources, reviewers' confirmations and merges)."""
    path = current_app.config["CHECKER_SOURCES"]
    try:
        registry = source_registry.load(path)
    except FileNotFoundError:
        raise UserError(f"source registry {path} does not exist (check CHECKER_SOURCES)") from None
    except (ValueError, KeyError, source_registry.RegistryError) as error:
        raise UserError(f"source registry {path} is not valid: {error}") from None
    return registry.with_entries(store.registry_entries(db)) if db is not None else registry


def _article_json(db, article_id: int) -> dict | None:
    article = store.get_article(db, article_id)
    if article is None:
        return None
    return article_json(article, store.claims_of_article(db, article_id), store.skipped_of_article(db, article_id),
                        store.links_of_article(db, article_id))


def _read(spec: str) -> ingest_step.RawInput:
    cfg = current_app.config
    if spec == "-":
        return ingest_step.read_stdin(click.open_file("-", "rb"), cfg["MAX_ARTICLE_BYTES"])
    if ingest_step.is_url(spec):
        return _read_url(spec)
    return ingest_step.read_path(Path(spec), cfg["MAX_ARTICLE_BYTES"])


def _read_url(url: str) -> ingest_step.RawInput:
    """An article page, fetched like every page the tracker reads (checker.cli.fetch_page), capped at the
    article size limit."""
    if not url.lower().startswith(("http://", "https://")):
        raise ingest_step.IngestError(f"{url}: only http and https addresses can be ingested")
    limit = current_app.config["MAX_ARTICLE_BYTES"]
    status, content_type, body = fetch_page(url, limit)
    return ingest_step.page_input(url, status, content_type, body, limit)


def _ingest_one(db, registry, spec: str, lang: str | None, date: str | None) -> tuple[int, bool]:
    raw = _read(spec)
    try:
        return ingest_step.ingest(db, raw, registry, lang, date, current_app.config["CHECKWORTHY_THRESHOLD"])
    except sqlite3.Error as error:
        raise UserError(f"{raw.origin}: could not be saved ({error}); nothing was written") from None


def _ingest_directory(db, registry, directory: Path, lang, date, as_json: bool) -> None:
    files = ingest_step.batch_files(directory)
    if not files:
        raise UserError(f"{directory}: holds no .txt or .html file to ingest")
    ids, created, failures = [], [], []
    with click.progressbar(files, label=f"ingesting {len(files)} files", file=sys.stderr,
                           item_show_func=lambda p: p.name if p else "") as bar:
        for path in bar:
            try:
                article_id, new = _ingest_one(db, registry, str(path), lang, date)
            except (ingest_step.IngestError, UserError) as error:
                failures.append(str(error) if isinstance(error, ingest_step.IngestError) else error.format_message())
                continue
            ids.append(article_id)
            if new:
                created.append(article_id)
    for message in failures:
        click.echo(f"skipped: {message}", err=True)
    announce_new_articles(db, created)  # once for the batch: each article is matched against all the others
    if as_json:
        print_json([_article_json(db, article_id) for article_id in ids])
    else:
        for article_id in ids:
            click.echo(article_id)
    click.echo(f"{len(ids)} ingested, {len(failures)} failed", err=True)
    if failures:
        sys.exit(1)


@click.command("ingest")
@click.argument("source")
@click.option("--lang", help="Language code of the article (fr, en, …); detected when omitted.")
@click.option("--date", "date", help="Publication date YYYY-MM-DD or YYYY-MM; overrides the text's `date` marker.")
@click.option("--json", "as_json", is_flag=True, help="Print the article JSON instead of the id.")
@with_appcontext
def ingest_command(source: str, lang: str | None, date: str | None, as_json: bool) -> None:
    """Ingest an article from a file, a directory of .txt/.html files, a URL, or - for stdin.

    Prints the article id. The same text ingested again gives the same id.
    """
    db = open_database()
    try:
        registry = load_registry(db)
        if source != "-" and not ingest_step.is_url(source) and Path(source).is_dir():
            _ingest_directory(db, registry, Path(source), lang, date, as_json)
            return
        article_id, created = _ingest_one(db, registry, source, lang, date)
        if created:
            announce_new_articles(db, [article_id])
    except ingest_step.IngestError as error:
        raise UserError(str(error)) from None
    finally:
        db.close()
    if not created:
        click.echo(f"already ingested as article {article_id}", err=True)
    if as_json:
        db = open_database()
        print_json(_article_json(db, article_id))
        db.close()
    else:
        click.echo(article_id)


@click.command("claims")
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the article JSON (the default output is a table).")
@with_appcontext
def claims_command(article_id: int, as_json: bool) -> None:
    """Show an article's claims: score, kind, quantities, dates and attribution."""
    db = open_database()
    document = _article_json(db, article_id)
    db.close()
    if document is None:
        raise UserError(f"no article with id {article_id}")
    if as_json:
        print_json(document)
        return
    for claim in document["claims"]:
        mark = "*" if claim["checkworthy"] else " "
        cited = (claim["attribution"] or {}).get("source") or "-"
        click.echo(f"{mark} {claim['id']:>5} {claim['score']:.2f} {claim['kind']:<10} {cited:<24} "
                   f"{claim['text'][:80]}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the example article (used by `make run`); safe to run again."""
    registry = load_registry()
    db = open_database()
    try:
        article_id, created = _ingest_one(db, registry, str(EXAMPLE_ARTICLE), None, None)
        if created:
            announce_new_articles(db, [article_id])
    except ingest_step.IngestError as error:
        raise UserError(str(error)) from None
    finally:
        db.close()
    state = "loaded" if created else "already loaded"
    click.echo(f"example article {state} as article {article_id}", err=True)


@click.command("train")
@click.option("--no-validate", "skip_validation", is_flag=True,
              help="Fit and write the model without the cross-validated figures (a minute instead of several).")
@with_appcontext
def train_command(skip_validation: bool) -> None:
    """Rebuild the learned check-worthiness model from CHECKER_DATA/checkworthy/ and print its figures.

    Needs the optional training dependencies: `make train` installs them (pip install -e '.[train]').
    """
    try:
        from checker.claims.training import data, train
    except ImportError as error:
        raise UserError(f"training needs scikit-learn, numpy and scipy ({error.name} is missing): run `make train`, "
                        "or pip install -e '.[train]'") from None
    cfg = current_app.config
    try:
        train.main(Path(cfg["DATA_DIR"]), load_registry(), cfg["CHECKWORTHY_THRESHOLD"], check=not skip_validation,
                   echo=click.echo)
    except data.DataMissing as error:
        raise UserError(str(error)) from None


COMMANDS = (ingest_command, claims_command, demo_command, train_command)
