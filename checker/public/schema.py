"""Public-side schema: full-text search (FTS5) over claims and articles, and the site's change counter.

Both are kept in sync by triggers, inside the writer's own transaction, so no code path that writes claims,
articles, history or links has to remember them:

- `claims_fts` and `articles_fts` are external-content FTS5 indexes (the text is stored once, in the base
  tables). Only a change of the indexed text touches them: a status change does not.
- `public_changes` is one row whose `generation` goes up with every change the public can see (an article,
  a claim, a status change, an evidence link). List pages, the feed, the CSV and the API lists use it as their
  HTTP validator (ETag / Last-Modified), so revalidating them costs one primary-key read.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("public")
MIGRATION_SETS = (migrations,)

# unicode61 with diacritics folded: "Téhéran" is found by "teheran", as readers type it.
TOKENIZER = "unicode61 remove_diacritics 2"

STAMP = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"


def _fts(db: Database, table: str, columns: tuple[str, ...]) -> None:
    index = f"{table}_fts"
    names = ", ".join(columns)
    new_values = ", ".join(f"new.{c}" for c in columns)
    old_values = ", ".join(f"old.{c}" for c in columns)
    db.execute(f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', content_rowid='id', "
               f"tokenize='{TOKENIZER}')")
    db.execute(f"""CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN
                     INSERT INTO {index} (rowid, {names}) VALUES (new.id, {new_values}); END""")
    db.execute(f"""CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN
                     INSERT INTO {index} ({index}, rowid, {names}) VALUES ('delete', old.id, {old_values}); END""")
    db.execute(f"""CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} BEGIN
                     INSERT INTO {index} ({index}, rowid, {names}) VALUES ('delete', old.id, {old_values});
                     INSERT INTO {index} (rowid, {names}) VALUES (new.id, {new_values}); END""")
    db.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")


@migrations()
def m001_search_and_change_counter(db: Database) -> None:
    _fts(db, "claims", ("text",))
    _fts(db, "articles", ("title", "text"))

    db.execute("""CREATE TABLE public_changes (
                      id INTEGER PRIMARY KEY CHECK (id = 1),
                      generation INTEGER NOT NULL,
                      changed_at TEXT NOT NULL)""")
    db.execute(f"INSERT INTO public_changes (id, generation, changed_at) VALUES (1, 1, {STAMP})")
    bump = f"UPDATE public_changes SET generation = generation + 1, changed_at = {STAMP} WHERE id = 1;"
    for table, events in (("articles", ("INSERT", "UPDATE", "DELETE")), ("claims", ("INSERT", "UPDATE", "DELETE")),
                          ("status_history", ("INSERT",)), ("links", ("INSERT", "UPDATE", "DELETE"))):
        for event in events:
            db.execute(f"CREATE TRIGGER public_changes_{table}_{event.lower()} AFTER {event} ON {table} "
                       f"BEGIN {bump} END")

    # The feed reads the newest verdicts; the claim index filters by status and pages by id.
    db.execute("CREATE INDEX IF NOT EXISTS status_history_created ON status_history (created_at)")
    db.execute("CREATE INDEX IF NOT EXISTS claims_status_id ON claims (status, id)")
    db.execute("CREATE INDEX IF NOT EXISTS claims_source_id_id ON claims (source_id, id)")
    db.execute("CREATE INDEX IF NOT EXISTS articles_published ON articles (published)")
    db.execute("CREATE INDEX IF NOT EXISTS links_claim_decision ON links (claim_id, decision)")


@migrations()
def m002_drop_duplicate_source_index(db: Database) -> None:
    # claims_source_id_id (source_id, id) repeats the core set's index on (source_id): every SQLite index
    # already ends in the rowid, and id is the rowid. The copy only made each claim insert write twice.
    db.execute("DROP INDEX IF EXISTS claims_source_id_id")


@migrations()
def m003_registry_entries_are_public_changes(db: Database) -> None:
    """The sources scraping adds to the registry (claims' `registry_entries`), and reviewers' confirmations,
    renames and merges, change the names the public pages show: they move the change counter too."""
    bump = f"UPDATE public_changes SET generation = generation + 1, changed_at = {STAMP} WHERE id = 1;"
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER public_changes_registry_entries_{event.lower()} AFTER {event} ON registry_entries "
                   f"BEGIN {bump} END")


# A cited name with no registry entry (checker.public.store.SPEAKER_NAME): speaker pages read the claims of one
# name, and the sources page every name's counts, through this index alone instead of every claim's JSON.
SPEAKER_INDEX = "claims_speaker"


@migrations()
def m003_speaker_index(db: Database) -> None:
    db.execute(f"""CREATE INDEX IF NOT EXISTS {SPEAKER_INDEX}
                   ON claims (json_extract(attribution, '$.source'), status)
                   WHERE source_id IS NULL AND json_extract(attribution, '$.source') IS NOT NULL""")
