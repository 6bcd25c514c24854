"""`flask link`: the evidence-linking step. Progress and the claims without evidence go to stderr, JSON to stdout."""
from __future__ import annotations

import sqlite3

import click
from flask import current_app
from flask.cli import with_appcontext

from checker.claims import store as claims_store
from checker.claims.commands import load_registry
from checker.cli import UserError, open_database, print_json, progress
from checker.evidence import keys, store
from checker.evidence import run as linking


def _settings() -> linking.Settings:
    try:
        settings = linking.Settings.from_config(current_app.config)
    except linking.LinkingError as error:
        raise UserError(str(error)) from None
    dictd_dir = current_app.config["LINK_DICTD_DIR"]
    if not keys.dictionaries_found(dictd_dir):
        progress(f"FreeDict dictionaries not found in {dictd_dir}: linking with cognates, names and numbers alone "
                 "(as root: apt-get install dict-freedict-fra-eng dict-freedict-eng-fra)")
    return settings


def relink_stale(db) -> dict:
    """Link every article that new passages arrived for; the source commands call this after saving documents,
    so evidence is recomputed as soon as documents arrive (reviewers' decisions are kept)."""
    settings = _settings()
    sources = linking.sources_from_registry(load_registry())
    linking.index_passages(db, settings.index_batch, progress, settings.keyer)
    corpus = linking.Corpus(db, settings)
    merged = {"links": [], "claims": []}
    for article_id in store.articles_to_relink(db):
        result = linking.link_article(db, article_id, settings, sources, progress, corpus)
        merged["links"] += result["links"]
        merged["claims"] += result["claims"]
    return merged


def relink_after_new_documents(db) -> None:
    """New documents may be evidence: relink the articles they arrived for (reviewers' decisions are kept).
    `create_app` registers this with checker.cli.announce_new_documents, which the source commands call."""
    try:
        relink_stale(db)
    except sqlite3.Error as error:
        raise UserError(f"the documents were saved, but linking them failed ({error}); run `flask link --stale`") from None


def _print(result: dict, as_json: bool) -> None:
    if as_json:
        print_json({"links": result["links"]})
    else:
        for row in result["links"]:
            click.echo(f"claim {row['claim_id']:>5}  {row['score']:.2f}  {row['url']}")
            click.echo(f"             {'; '.join(row['reasons'])}")
            for conflict in row["conflicts"]:
                click.echo(f"             conflict: {conflict}")
    for summary in result["claims"]:
        if summary.get("no_evidence"):
            click.echo(f"claim {summary['claim_id']:>5}  {summary['message']}", err=True)


@click.command("link")
@click.argument("article_id", type=int, required=False)
@click.option("--json", "as_json", is_flag=True, help='Print {"links": [{claim_id, url, passage, score, '
                                                      'reasons, conflicts, …}]}.')
@click.option("--stale", is_flag=True, help="Link every article whose claims were linked before the newest "
                                            "passages arrived (or never).")
@with_appcontext
def link_command(article_id: int | None, as_json: bool, stale: bool) -> None:
    """Link an article's claims to archived passages, scored, with reasons and conflicts; store them."""
    if (article_id is None) == (not stale):
        raise UserError("give an ARTICLE_ID, or --stale to relink every article with new passages")
    settings = _settings()
    db = open_database()
    try:
        if article_id is not None and claims_store.get_article(db, article_id) is None:
            raise UserError(f"no article with id {article_id}")
        if stale:
            merged = relink_stale(db)
        else:
            sources = linking.sources_from_registry(load_registry())
            merged = linking.link_article(db, article_id, settings, sources, progress)
    except sqlite3.Error as error:
        raise UserError(f"could not link the evidence ({error}); the claims linked so far are kept") from None
    finally:
        db.close()
    _print(merged, as_json)


COMMANDS = (link_command,)
