"""Evidence schema: the links the linking step makes between claims and passages (the "links" set, with
the reviewers' append-only decisions on them), passage features and their FTS5 key index, and what each
claim's last linking run searched (for "no evidence found in N documents from M sources").

`passage_index` is a contentless FTS5 table: one row per passage (rowid = passages.id) holding the passage's
language-neutral keys (checker/evidence/keys.py), so a French claim finds English passages through SQLite's
full-text index, ranked by bm25() (which needs detail='full': with detail='none' it returns 0 for every row,
hence migration 002). `passage_index_vocab` gives each key's passage count, which weighs rare keys above
common ones. `passage_features` keeps what scoring needs (groups of keys, quantities, dates…) so nothing is
re-extracted per claim.

The same claim in other articles (migration 003): `claim_index` does for check-worthy claims what
`passage_index` does for passages, and `appearances` holds the pairs found, with the reviewers' decisions.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from checker.sources.schema import CHANGE_KINDS, FOUND_KINDS

# What a reviewer may decide about two claims found to be the same (the names the appearances tables hold).
APPEARANCE_DECISIONS = ("confirmed", "rejected")

# Where a link's document came from (links.found): how the sources stage found it for the claim's article, or
# elsewhere in the archive (fetched for another claim or article, or imported).
LINK_FOUND_KINDS = (*FOUND_KINDS, "elsewhere")

# Two sets, applied in this order: the links set predates the passage index.
links = Migrations("links")
migrations = Migrations("evidence")
MIGRATION_SETS = (links, migrations)


@links()
def m001_links_and_decisions(db: Database) -> None:
    db.execute("""
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            url TEXT NOT NULL,
            document_id INTEGER,
            passage_id INTEGER,
            passage TEXT NOT NULL DEFAULT '',   -- scraped text: escaped whenever shown
            score REAL NOT NULL DEFAULT 0,
            signals TEXT NOT NULL DEFAULT '{}', -- JSON object
            reasons TEXT NOT NULL DEFAULT '[]', -- JSON list of strings
            conflicts TEXT NOT NULL DEFAULT '[]', -- JSON list of strings
            decision TEXT CHECK (decision IN ('accepted', 'rejected')),
            decided_by INTEGER REFERENCES reviewers(id),
            decided_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    # NULL passage ids would slip past a plain unique index, hence the expression.
    db.execute("CREATE UNIQUE INDEX links_claim_url_passage ON links (claim_id, url, ifnull(passage_id, -1))")
    db.execute("CREATE INDEX links_claim ON links (claim_id, score)")

    db.execute("""
        CREATE TABLE link_decisions (
            id INTEGER PRIMARY KEY,
            link_id INTEGER NOT NULL REFERENCES links(id),
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            previous TEXT,
            reviewer_id INTEGER REFERENCES reviewers(id),
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX link_decisions_link ON link_decisions (link_id, id)")
    for action in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER link_decisions_no_{action.lower()} BEFORE {action} ON link_decisions
            BEGIN SELECT RAISE(ABORT, 'link decisions are append-only'); END""")



@migrations()
def m001_passage_index_and_runs(db: Database) -> None:
    db.execute("""
        CREATE TABLE passage_features (
            passage_id INTEGER PRIMARY KEY REFERENCES passages(id),
            version INTEGER NOT NULL,      -- checker.linking.FEATURES_VERSION when computed
            keys TEXT NOT NULL,            -- space-separated keys, as indexed
            features TEXT NOT NULL,        -- JSON: keys with their words, quantities, dates, published, denial
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE VIRTUAL TABLE passage_index USING fts5(keys, content='', detail='none')")
    db.execute("CREATE VIRTUAL TABLE passage_index_vocab USING fts5vocab(passage_index, 'row')")
    # Links the linking step wrote (1) may be replaced by the next run when undecided; others never.
    db.execute("ALTER TABLE links ADD COLUMN auto INTEGER NOT NULL DEFAULT 0")
    db.execute("""
        CREATE TABLE evidence_runs (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
            documents INTEGER NOT NULL,    -- documents searched
            sources INTEGER NOT NULL,      -- sources those documents came from
            links INTEGER NOT NULL,        -- links kept above the threshold
            message TEXT NOT NULL,         -- what the reviewer reads ("no evidence found in …")
            last_passage_id INTEGER NOT NULL DEFAULT 0,  -- newest passage indexed when this ran
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")


@migrations()
def m002_passage_index_ranked_by_bm25(db: Database) -> None:
    """Rebuild the key index with detail='full', so bm25() ranks the passages a claim searches. Every
    passage's features are forgotten too: the next linking run indexes them all again, with the new keys."""
    db.execute("DROP TABLE passage_index_vocab")
    db.execute("DROP TABLE passage_index")
    db.execute("DELETE FROM passage_features")
    db.execute("CREATE VIRTUAL TABLE passage_index USING fts5(keys, content='', detail='full')")
    db.execute("CREATE VIRTUAL TABLE passage_index_vocab USING fts5vocab(passage_index, 'row')")
    # What bounds a passage's score besides its keys (units it counts, dates), read before its features.
    db.execute("ALTER TABLE passage_features ADD COLUMN facts TEXT NOT NULL DEFAULT '{}'")


@migrations()
def m003_claim_index_and_appearances(db: Database) -> None:
    """The same claim in other articles (checker.evidence.appearances): the claims' keys in an FTS5 index of
    their own, ranked by bm25() like the passages', and the pairs of claims found to say the same thing.

    A pair is kept both ways (claim → other, other → claim), each with the reasons read from its own side
    ("fournis ↔ supplied" one way, "supplied ↔ fournis" the other), so a claim's appearances are one indexed
    read. A reviewer confirms a pair (by carrying a verdict over) or rejects it ("not the same claim"): the
    decision is on both rows, and every decision is also appended to appearance_decisions."""
    db.execute("""
        CREATE TABLE claim_features (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
            version INTEGER NOT NULL,      -- checker.evidence.appearances.FEATURES_VERSION when computed
            keys TEXT NOT NULL,            -- space-separated keys, as indexed
            features TEXT NOT NULL,        -- JSON: groups of keys, quantities, dates, the article's date
            facts TEXT NOT NULL DEFAULT '{}',  -- JSON: what bounds a score before the features are read
            matched_at TEXT,               -- when the claim was last matched against the others (NULL: never)
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX claim_features_unmatched ON claim_features (matched_at)")
    db.execute("CREATE VIRTUAL TABLE claim_index USING fts5(keys, content='', detail='full')")
    db.execute("CREATE VIRTUAL TABLE claim_index_vocab USING fts5vocab(claim_index, 'row')")
    db.execute("""
        CREATE TABLE appearances (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            other_claim_id INTEGER NOT NULL REFERENCES claims(id) CHECK (other_claim_id != claim_id),
            score REAL NOT NULL,
            signals TEXT NOT NULL DEFAULT '{}',  -- JSON object
            reasons TEXT NOT NULL DEFAULT '[]',  -- JSON list of strings, read from claim_id's side
            decision TEXT CHECK (decision IN ('confirmed', 'rejected')),
            decided_by INTEGER REFERENCES reviewers(id),
            decided_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE UNIQUE INDEX appearances_pair ON appearances (claim_id, other_claim_id)")
    db.execute("CREATE INDEX appearances_claim_score ON appearances (claim_id, score)")
    db.execute("""
        CREATE TABLE appearance_decisions (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            other_claim_id INTEGER NOT NULL REFERENCES claims(id),
            decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
            previous TEXT,
            reviewer_id INTEGER REFERENCES reviewers(id),
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX appearance_decisions_pair ON appearance_decisions (claim_id, other_claim_id, id)")
    for action in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER appearance_decisions_no_{action.lower()} BEFORE {action} ON appearance_decisions
            BEGIN SELECT RAISE(ABORT, 'appearance decisions are append-only'); END""")


@migrations()
def m004_evidence_changes(db: Database) -> None:
    """Accepted evidence whose source changed or went after the fact (checker.evidence.changed).

    `flask recheck` records each change of an archived page in the sources stage's `source_changes`; this stage
    flags every accepted link read from the page's earlier copy, once per change, with the claim's version and
    status at that moment. A later verdict (a history row with a higher version) or a link no longer accepted
    settles a flag: the review queue and the public page read them that way. `evidence_change_checks` marks the
    source changes already considered, so a run cut short is finished by the next."""
    kinds = ", ".join(f"'{kind}'" for kind in CHANGE_KINDS)
    db.execute(f"""
        CREATE TABLE evidence_changes (
            id INTEGER PRIMARY KEY,
            source_change_id INTEGER NOT NULL REFERENCES source_changes(id),
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            link_id INTEGER NOT NULL REFERENCES links(id),
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            claim_version INTEGER NOT NULL,    -- claims.version when the change was found
            claim_status TEXT NOT NULL,        -- claims.status then
            passage_kept INTEGER,              -- 1: the accepted passage is still in the new copy; 0: not; NULL: gone
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE UNIQUE INDEX evidence_changes_change_link ON evidence_changes (source_change_id, link_id)")
    db.execute("CREATE INDEX evidence_changes_claim ON evidence_changes (claim_id, id)")
    db.execute("""
        CREATE TABLE evidence_change_checks (
            source_change_id INTEGER PRIMARY KEY REFERENCES source_changes(id),
            links INTEGER NOT NULL,            -- accepted links flagged for it
            created_at TEXT NOT NULL
        )""")
    # Accepted links are looked up by the document they were read from.
    db.execute("CREATE INDEX IF NOT EXISTS links_document ON links (document_id)")


@migrations()
def m005_where_evidence_was_found(db: Database) -> None:
    """Where a link's document came from, as reviewers and readers see it (issue 15): `found` is linked (the claim
    links to it), cited (a source the claim cites), named (a source the article only names) or elsewhere (the
    archive: a page fetched for another claim or article, or imported); `found_note` says it in words."""
    kinds = ", ".join(f"'{kind}'" for kind in LINK_FOUND_KINDS)
    db.execute(f"ALTER TABLE links ADD COLUMN found TEXT CHECK (found IN ({kinds}))")
    db.execute("ALTER TABLE links ADD COLUMN found_note TEXT")


@migrations()
def m006_claim_translations(db: Database) -> None:
    """Each French claim's English machine translations (checker.text.translate), made the first time the
    claim is linked and read on every later run: Apertium takes far longer than the linking itself. A claim
    whose text changed, or a different set of working pivots, is translated again."""
    db.execute("""
        CREATE TABLE claim_translations (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            text_sha256 TEXT NOT NULL,     -- the claim text translated
            pivots TEXT NOT NULL,          -- the Apertium pivots that made them ("fr-es fr-eo")
            english TEXT NOT NULL,         -- JSON list of translations, one per pivot that gave one
            created_at TEXT NOT NULL
        )""")


@migrations()
def m007_link_reason_messages(db: Database) -> None:
    """A link's reasons and conflicts kept as messages too (checker.text.messages records, JSON
    {"reasons": [...], "conflicts": [...]}, null for a plain sentence) beside their English text, so the
    workspace reads them in the reviewer's language."""
    db.execute("ALTER TABLE links ADD COLUMN reason_records TEXT")


@migrations()
def m008_found_note_messages(db: Database) -> None:
    """Where a link's document was found (`found_note`), kept as a message too (checker.text.messages.to_record)
    beside its English text, so reviewers and readers see it in their language. NULL for rows written before."""
    db.execute("ALTER TABLE links ADD COLUMN found_note_record TEXT")


@migrations()
def m009_appearance_reason_messages(db: Database) -> None:
    """Why two claims are the same claim, kept as messages too (a JSON list of checker.text.messages records,
    one per reason, null for a plain sentence) beside their English text: the workspace reads them in the
    reviewer's language. NULL for rows written before."""
    db.execute("ALTER TABLE appearances ADD COLUMN reason_records TEXT")


@migrations()
def m010_sentence_vectors(db: Database) -> None:
    """Sentence vectors for the meaning signal (checker.text.meaning): each English passage's, made when it is
    indexed, and each claim's (its own text when English, else its machine translations), made the first time
    the claim is linked. `model` says which model made them: vectors of another model are made again; a claim
    whose English changed too (`text_sha256` of its English forms)."""
    db.execute("""
        CREATE TABLE passage_vectors (
            passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL           -- float16, checker.text.meaning.to_blob
        )""")
    db.execute("""
        CREATE TABLE claim_vectors (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,     -- the English forms the vectors were made of
            vectors BLOB NOT NULL          -- float16 rows, one per English form
        )""")
