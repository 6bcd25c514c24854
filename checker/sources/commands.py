"""`flask scrape`, `fetch`, `extract`, `export-warc`, `import`, `demo-sources` and `recheck`: the cited sources.

Progress goes to stderr, JSON to stdout.
"""
from __future__ import annotations

import dataclasses
import sqlite3
import tomllib
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from checker import config
from checker.claims import ingest as ingest_step
from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.claims.commands import EXAMPLE_ARTICLE, load_registry
from checker.cli import (
    UserError,
    announce_changed_sources,
    announce_new_documents,
    open_database,
    print_json,
    progress,
)
from checker.sources import archive, provisional, store
from checker.sources import extract as extract_step
from checker.sources import recheck as recheck_step
from checker.sources import scrape as scrape_step
from checker.sources.http import Fetcher, FetchError, Settings
from checker.sources.pages import decode_body

STANDIN_DIR = config.ROOT / "examples" / "standins"
# `make run` has no internet: fail fast and say why, rather than wait on retries.
DEMO_LIMITS = {"connect_timeout": 3.0, "read_timeout": 5.0, "deadline": 8.0, "retries": 0, "host_delay": 0.0}


def _fetcher(**overrides) -> Fetcher:
    settings = Settings.from_config(current_app.config)
    return Fetcher(dataclasses.replace(settings, **overrides))


def fetch_page(url: str, max_bytes: int) -> tuple[int, str, bytes]:
    """One page for another stage's command (checker.cli.fetch_page; `create_app` registers this): (status,
    content type, body), or a one-line error saying why there is none."""
    fetcher = _fetcher(max_bytes=max_bytes)
    try:
        response = fetcher.get(url)
    except FetchError as error:
        raise UserError(f"{url}: {error.reason}") from None
    finally:
        fetcher.close()
    return response.status, response.headers.get("Content-Type", ""), response.body


def _article_or_fail(db, article_id: int) -> dict:
    article = claims_store.get_article(db, article_id)
    if article is None:
        raise UserError(f"no article with id {article_id}")
    return article


def _print_result(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    for citation in result["citations"]:
        click.echo(f"claim {citation['claim_id']:>5}  cites {citation['source_id']:<24} ({citation['cue']})")
    for document in result["documents"]:
        mark = " [stand-in]" if document.get("standin") else ""
        click.echo(f"kept  {document['via']:<8} {document['url']}  {document['title'] or ''}{mark}")
    for error in result["errors"]:
        click.echo(f"failed {error['url']}: {error['reason']}")


def _scrape(db, article_id: int, fetcher: Fetcher) -> dict:
    try:
        return scrape_step.scrape(db, article_id, load_registry(), fetcher,
                                  scrape_step.Options.from_config(current_app.config), progress)
    except sqlite3.Error as error:
        raise UserError(f"article {article_id}: could not save the sources ({error})") from None
    finally:
        fetcher.close()


def _import_standins(db, article_id: int) -> list[dict]:
    """Archive and extract the stand-in pack, linked to the example article."""
    manifest_path = STANDIN_DIR / "manifest.toml"
    try:
        manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UserError(f"{manifest_path}: cannot be read ({error})") from None
    kept = []
    for page in manifest.get("page", []):
        snapshot = archive.import_html(db, STANDIN_DIR / page["file"], page["url"], page.get("fetched_at"))
        document_id, _score, document = scrape_step.keep_document(db, snapshot, [], 0.0, article_id,
                                                                  page.get("source_id"))
        kept.append({"source_id": page.get("source_id"), "title": document.title, "url": page["url"],
                     "standin": document.standin})
    return kept


@click.command("scrape")
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print citations, documents and errors as JSON.")
@with_appcontext
def scrape_command(article_id: int, as_json: bool) -> None:
    """Find the article's cited sources: citations, discovery, polite fetch, archive, extraction."""
    db = open_database()
    try:
        _article_or_fail(db, article_id)
        result = _scrape(db, article_id, _fetcher())
        announce_new_documents(db)
    finally:
        db.close()
    _print_result(result, as_json)


@click.command("fetch")
@click.argument("url")
@click.option("--article", "article_id", type=int, required=True, help="The article this URL is a source of.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (the scrape shape).")
@with_appcontext
def fetch_command(url: str, article_id: int, as_json: bool) -> None:
    """Fetch one URL by hand (politely, with the Wayback fallback) as a source of an article."""
    db = open_database()
    fetcher = _fetcher()
    try:
        article = _article_or_fail(db, article_id)
        result = scrape_step.fetch_one(db, article_id, url, load_registry(), fetcher, article.get("published"))
        announce_new_documents(db)
    finally:
        fetcher.close()
        db.close()
    _print_result(result, as_json)
    if result["errors"]:
        raise UserError(f"{url}: {result['errors'][0]['reason']}")


@click.command("extract")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", help="The page's address: picks the site adapter and fills the canonical URL.")
@click.option("--json", "as_json", is_flag=True, help="Print {title, text, published, author, url, language}.")
@with_appcontext
def extract_command(path: Path, url: str | None, as_json: bool) -> None:
    """Extract title, date, byline, canonical URL, language and text from a saved HTML page."""
    try:
        body = path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror})") from None
    if not body.strip():
        raise UserError(f"{path}: the file is empty")
    document = extract_step.extract(decode_body(body), url)
    if as_json:
        print_json(document.contract())
        return
    click.echo(f"{document.title}\n{document.published or '-'} · {document.author or '-'} · {document.url or '-'}"
               f" · {document.language or '-'} · {document.layout}")
    for passage in document.passages:
        click.echo(f"\n{passage.speaker + ': ' if passage.speaker else ''}{passage.text}")


@click.command("export-warc")
@click.argument("article_id", type=int)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_warc_command(article_id: int, path: Path) -> None:
    """Write every archived copy of the article's sources to a WARC file (gzipped records)."""
    db = open_database()
    try:
        _article_or_fail(db, article_id)
        count = archive.export_warc(db, article_id, path)
    except OSError as error:
        raise UserError(f"{path}: cannot be written ({error.strerror})") from None
    finally:
        db.close()
    click.echo(f"{count} records written to {path}", err=True)


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", help="The address a saved HTML page came from (read from the page when omitted).")
@click.option("--article", "article_id", type=int, help="Link the imported pages to this article.")
@click.option("--json", "as_json", is_flag=True, help="Print the imported documents as JSON.")
@with_appcontext
def import_command(path: Path, url: str | None, article_id: int | None, as_json: bool) -> None:
    """Import a WARC file or an HTML page saved from a browser as archived sources (via "import")."""
    db = open_database()
    try:
        if article_id is not None:
            _article_or_fail(db, article_id)
        snapshots = archive.import_file(db, path, url)
        registry = load_registry(db)
        rows = []
        for snapshot in snapshots:
            host = snapshot["url"].split("/")[2] if "://" in snapshot["url"] else ""
            source = registry.for_host(host)
            scrape_step.keep_document(db, snapshot, [], 0.0, article_id, source.id if source else None)
            document = store.document_for_snapshot(db, snapshot["id"])
            rows.append({"url": snapshot["url"], "final_url": snapshot["final_url"], "status": snapshot["status"],
                         "title": document["title"] if document else None,
                         "published": document["published"] if document else None,
                         "sha256": snapshot["sha256"], "via": snapshot["via"],
                         "standin": bool(document["standin"]) if document else False})
        announce_new_documents(db)
    except archive.ArchiveError as error:
        raise UserError(str(error)) from None
    except sqlite3.Error as error:
        raise UserError(f"{path}: could not be saved ({error}); nothing was written") from None
    finally:
        db.close()
    if as_json:
        print_json({"documents": rows})
    else:
        for row in rows:
            click.echo(f"{row['sha256'][:12]} {row['url']} {row['title'] or ''}")
    click.echo(f"{len(rows)} imported", err=True)


@click.command("demo-sources")
@with_appcontext
def demo_sources_command() -> None:
    """Scrape the example's sources (showing why each fetch fails offline) and import the stand-in pack."""
    registry = load_registry()
    db = open_database()
    try:
        article_id, _created = ingest_step.ingest(db, ingest_step.read_path(EXAMPLE_ARTICLE, 10**7), registry,
                                                  None, None, current_app.config["CHECKWORTHY_THRESHOLD"])
        result = _scrape(db, article_id, _fetcher(**DEMO_LIMITS))
        for citation in result["citations"]:
            progress(f"claim {citation['claim_id']} cites {citation['source_id']} ({citation['cue']})")
        for error in result["errors"]:
            progress(f"  not fetched: {error['url']}: {error['reason']}")
        for page in _import_standins(db, article_id):
            progress(f"stand-in imported for {page['source_id']}: {page['title']} ({page['url']}); "
                      "written by Claim Tracker, not the original reporting")
        announce_new_documents(db)
    except ingest_step.IngestError as error:
        raise UserError(str(error)) from None
    finally:
        db.close()


@click.group("sources")
def sources_group() -> None:
    """The sources scraping adds to the registry (sites an article links to or cites by address): list them,
    confirm, rename or merge them."""


def _entry_change(change) -> None:
    """Run one reviewer's change with the registry the database extends; print the entry it leaves."""
    db = open_database()
    try:
        entry = change(db, load_registry(db))
    except provisional.EntryError as error:
        raise UserError(str(error)) from None
    except sqlite3.Error as error:
        raise UserError(f"could not save the change ({error}); nothing was written") from None
    finally:
        db.close()
    click.echo(f"{entry.id}: {entry.status}, {entry.name}"
               + (f" (merged into {entry.merged_into})" if entry.merged_into else ""))


@sources_group.command("list")
@click.option("--status", type=click.Choice(provisional.STATUSES), help="Only the entries with this status.")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON.")
@with_appcontext
def sources_list_command(status: str | None, as_json: bool) -> None:
    """List the sources the database adds to the registry, with why each exists."""
    db = open_database()
    try:
        found = provisional.entries(db, status)
    finally:
        db.close()
    if as_json:
        print_json({"sources": [entry.as_json() for entry in found]})
        return
    for entry in found:
        into = f" → {entry.merged_into}" if entry.merged_into else ""
        click.echo(f"{entry.status:<11} {entry.id:<32} {entry.name}{into}  [{', '.join(entry.domains)}] "
                   f"{len(entry.sitemaps)} sitemaps, {len(entry.feeds)} feeds; {entry.note or ''}")


@sources_group.command("confirm")
@click.argument("entry_id")
@click.option("--name", help="The source's name, if the home page's title is not it.")
@click.option("--kind", type=click.Choice(source_registry.KINDS), help="news, government, organisation or person.")
@click.option("--alias", "aliases", multiple=True, help="Another name articles use for it (repeatable).")
@with_appcontext
def sources_confirm_command(entry_id: str, name: str | None, kind: str | None, aliases: tuple[str, ...]) -> None:
    """Confirm a provisional source: from then on articles naming it cite it."""
    _entry_change(lambda db, registry: provisional.confirm(db, registry, entry_id, name, kind, list(aliases)))


@sources_group.command("rename")
@click.argument("entry_id")
@click.argument("name")
@with_appcontext
def sources_rename_command(entry_id: str, name: str) -> None:
    """Give a provisional or confirmed source another name."""
    _entry_change(lambda db, registry: provisional.rename(db, registry, entry_id, name))


@sources_group.command("merge")
@click.argument("entry_id")
@click.argument("into_id")
@with_appcontext
def sources_merge_command(entry_id: str, into_id: str) -> None:
    """Merge a provisional or confirmed source into another one (its domains, citations and documents move)."""
    _entry_change(lambda db, registry: provisional.merge(db, registry, entry_id, into_id))


@click.command("recheck")
@click.option("--due", is_flag=True, help="Only the pages whose last check is older than their interval "
                                          "(CHECKER_RECHECK_REVIEWED_HOURS, CHECKER_RECHECK_OTHER_HOURS).")
@click.option("--json", "as_json", is_flag=True, help='Print {"checked": [{url, status, changed, gone, outcome, '
                                                      'reason, …}], "flagged_claims": [claim ids]}.')
@with_appcontext
def recheck_command(due: bool, as_json: bool) -> None:
    """Fetch archived sources again (conditional requests); record edits and removals, flag the claims they back."""
    db = open_database()
    fetcher = _fetcher()
    try:
        checked = recheck_step.recheck(db, fetcher, recheck_step.Options.from_config(current_app.config, due),
                                       progress)
        flagged = announce_changed_sources(db)
        if any(c.outcome == "changed" for c in checked):
            announce_new_documents(db)
    except sqlite3.Error as error:
        raise UserError(f"could not record the checks ({error}); the pages checked so far are recorded") from None
    finally:
        fetcher.close()
        db.close()
    for one in checked:
        one.flagged_claims = flagged.get(one.change_id, [])
    claim_ids = sorted({claim_id for ids in flagged.values() for claim_id in ids})
    if as_json:
        print_json({"checked": [one.as_json() for one in checked], "flagged_claims": claim_ids})
    else:
        for one in checked:
            click.echo(f"{one.outcome:<9} {one.url}  {one.reason}")
        if claim_ids:
            click.echo(f"claims whose accepted evidence changed or went: {', '.join(map(str, claim_ids))}")
    counts = {outcome: sum(c.outcome == outcome for c in checked) for outcome in recheck_step.OUTCOMES}
    progress(f"{len(checked)} checked: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items()))


COMMANDS = (scrape_command, fetch_command, extract_command, export_warc_command, import_command,
            demo_sources_command, recheck_command, sources_group)
