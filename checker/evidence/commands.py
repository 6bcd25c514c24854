"""`flask link`: the evidence-linking step; `flask appearances`: the same claim in other articles. Progress, the
claims without evidence and the claims already checked elsewhere go to stderr, JSON to stdout. And the listeners
`create_app` registers for the earlier stages' announcements: new documents, new articles, changed sources."""
from __future__ import annotations

import sqlite3

import click
from flask import current_app
from flask.cli import with_appcontext

from checker.claims import store as claims_store
from checker.claims.commands import load_registry
from checker.cli import UserError, open_database, print_json, progress
from checker.evidence import appearances, changed, keys, store
from checker.evidence import run as linking


def _settings() -> linking.Settings:
    try:
        settings = linking.Settings.from_config(current_app.config)
    except linking.LinkingError as error:
        raise UserError(str(error)) from None
    _warn_without_dictionaries("linking")
    return settings


def _warn_without_dictionaries(doing: str) -> None:
    """On stderr, when the FreeDict dictionaries are missing: `doing` then works across languages with less."""
    dictd_dir = current_app.config["LINK_DICTD_DIR"]
    if not keys.dictionaries_found(dictd_dir):
        progress(f"FreeDict dictionaries not found in {dictd_dir}: {doing} with cognates, names and numbers alone "
                 "(as root: apt-get install dict-freedict-fra-eng dict-freedict-eng-fra)")


def relink_stale(db) -> dict:
    """Link every article that new passages arrived for; the source commands call this after saving documents,
    so evidence is recomputed as soon as documents arrive (reviewers' decisions are kept)."""
    return linking.link_stale(db, _settings(), linking.sources_from_registry(load_registry(db)), progress)


def relink_after_new_documents(db) -> None:
    """New documents may be evidence: relink the articles they arrived for (reviewers' decisions are kept).
    `create_app` registers this with checker.cli.announce_new_documents, which the source commands call."""
    try:
        relink_stale(db)
    except sqlite3.Error as error:
        raise UserError(f"the documents were saved, but linking them failed ({error}); run `flask link --stale`") from None


def flag_after_changed_sources(db) -> dict[int, list[int]]:
    """Archived sources changed or went: flag the claims whose accepted evidence came from them. `create_app`
    registers this with checker.cli.announce_changed_sources, which `flask recheck` calls."""
    try:
        return changed.flag_claims(db)
    except sqlite3.Error as error:
        raise UserError(f"the checks were recorded, but flagging the claims failed ({error}); run `flask recheck` "
                        "again to finish") from None


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
            sources = linking.sources_from_registry(load_registry(db))
            merged = linking.link_article(db, article_id, settings, sources, progress)
    except sqlite3.Error as error:
        raise UserError(f"could not link the evidence ({error}); the claims linked so far are kept") from None
    finally:
        db.close()
    _print(merged, as_json)


# --- the same claim in other articles ------------------------------------------------------------

def _matching_settings() -> appearances.Settings:
    _warn_without_dictionaries("matching claims across languages")
    return appearances.Settings.from_config(current_app.config)


def _tell_already_checked(rows: list[dict]) -> None:
    """On stderr, each claim of these appearances that another article's claim already has a verdict for."""
    for row in rows:
        if row["status"] not in ("unreviewed", "in_review"):
            dated = f", {row['article_published']}" if row["article_published"] else ""
            progress(f"claim {row['claim_id']} repeats claim {row['other_claim_id']} of article "
                     f"{row['article_id']} (“{row['article_title']}”{dated}), already checked: {row['status']}")


def match_after_new_articles(db, article_ids: list[int]) -> None:
    """New articles may repeat claims already in the tracker: match their claims (and any claim a run cut short
    left unmatched) against every other article's. `create_app` registers this with
    checker.cli.announce_new_articles, which `flask ingest` and `flask demo` call. While a single article holds
    claims worth matching there is nothing to compare them with, and nothing is loaded: they are indexed when
    the next article arrives."""
    if store.articles_worth_matching(db) < 2:
        return
    try:
        appearances.match_unmatched(db, _matching_settings(), progress)
    except sqlite3.Error as error:
        progress(f"warning: the article was saved, but matching its claims against the others failed ({error}); "
                 f"run `flask appearances {article_ids[0]}`")
        return
    _tell_already_checked([row for one in article_ids for row in store.appearances_of_article(db, one)])


@click.command("appearances")
@click.argument("article_id", type=int, required=False)
@click.option("--all", "every", is_flag=True, help="Match every article's claims again.")
@click.option("--json", "as_json", is_flag=True, help='Print {"claims": [{claim_id, appearances: [{claim_id, '
                                                      'article_id, score, reasons}]}]}.')
@with_appcontext
def appearances_command(article_id: int | None, every: bool, as_json: bool) -> None:
    """Match an article's claims against every other article's: the same claim elsewhere, with score and reasons."""
    if (article_id is None) == (not every):
        raise UserError("give an ARTICLE_ID, or --all to match every article again")
    settings = _matching_settings()
    db = open_database()
    try:
        if article_id is not None and claims_store.get_article(db, article_id) is None:
            raise UserError(f"no article with id {article_id}")
        article_ids = [article_id] if article_id is not None else \
            [row["id"] for row in claims_store.list_articles(db)][::-1]
        for one in article_ids:
            appearances.match_article(db, one, settings, progress)
        # read after every article is matched: matching a later article may change an earlier one's pairs
        rows = [row for one in article_ids for row in store.appearances_of_article(db, one)]
        _tell_already_checked(rows)
    except sqlite3.Error as error:
        raise UserError(f"could not match the claims ({error}); the claims matched so far are kept") from None
    finally:
        db.close()
    by_claim: dict[int, list[dict]] = {}
    for row in rows:
        by_claim.setdefault(row["claim_id"], []).append(row)
    if as_json:
        print_json({"claims": [{"claim_id": claim_id, "appearances": [appearances.appearance_json(r) for r in found]}
                               for claim_id, found in by_claim.items()]})
        return
    for claim_id, found in by_claim.items():
        for row in found:
            click.echo(f"claim {claim_id:>5}  {row['score']:.2f}  claim {row['other_claim_id']} in article "
                       f"{row['article_id']} ({row['status']})")
            click.echo(f"             {'; '.join(row['reasons'])}")
    if not by_claim:
        progress("no claim of " + (f"article {article_id}" if article_id is not None else "any article")
                 + " appears in another article")


COMMANDS = (link_command, appearances_command)
