"""Evidence links and what linking needs: one link saved or read (claim × passage), the passages' FTS5 key
index and features, candidate look-ups, and the links one run writes for a claim (decided links keep their
decision), with what the run searched; and the same for claims × claims: the claims' key index and features, and the
pairs of claims that say the same thing in two articles (appearances). Reviewers' decisions on links and on
appearances are written by checker.review."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from sqlite_utils import Database

from checker.claims.store import decode_claim
from checker.db import now, to_json, write_transaction
from checker.text import messages

ID_CHUNK = 500  # ids per "IN (…)" list, well under SQLite's limit on bound parameters


def _id_chunks(ids: list[int]):
    """The distinct ids, in their order, ID_CHUNK at a time, each chunk with its "?, ?, …" marks."""
    distinct = list(dict.fromkeys(ids))
    for start in range(0, len(distinct), ID_CHUNK):
        chunk = distinct[start:start + ID_CHUNK]
        yield chunk, ", ".join("?" for _ in chunk)


# --- links -------------------------------------------------------------------------------------

_JSON_DEFAULTS = {"signals": {}, "reasons": [], "conflicts": []}



def decode_link(row: dict | None) -> dict | None:
    if row is None:
        return None
    row = dict(row)
    for column, default in _JSON_DEFAULTS.items():
        value = row.get(column)
        row[column] = json.loads(value) if isinstance(value, str) and value else default
    if "found_note_record" in row:
        row["found_note"] = messages.from_record(row.pop("found_note_record"), row.get("found_note"))
    records = json.loads(row.pop("reason_records", None) or "{}")
    for column in ("reasons", "conflicts"):  # messages again where they were kept (a row of before: as it is)
        row[column] = messages.from_records(records.get(column), row[column])
    if "score" in row:  # what the threshold decided on (scoring.Scored.keys_score), the score for older links
        row["keys_score"] = row["signals"].get("keys", row["score"]) or 0
    return row


def reason_records(link: dict) -> str:
    """The link's reasons and conflicts as message records, for `reason_records`."""
    return to_json({column: messages.to_records(link.get(column) or [])
                    for column in ("reasons", "conflicts")})


def _explanation(link: dict) -> dict:
    """The columns that say why a link was made, as stored: signals, reasons, conflicts and their records."""
    return {"signals": to_json(link.get("signals") or {}), "reasons": to_json(list(link.get("reasons") or [])),
            "conflicts": to_json(list(link.get("conflicts") or [])), "reason_records": reason_records(link)}


def save_link(db: Database, link: dict) -> int:
    """Insert or refresh one link, keyed by (claim_id, url, passage_id); a reviewer's decision is kept.

    link: claim_id, url, and optionally document_id, passage_id, passage, score, signals, reasons, conflicts.
    """
    stamp = now()
    values = {
        "claim_id": link["claim_id"],
        "url": link["url"],
        "document_id": link.get("document_id"),
        "passage_id": link.get("passage_id"),
        "passage": link.get("passage") or "",
        "score": float(link.get("score") or 0.0),
        **_explanation(link),
    }
    with write_transaction(db):
        existing = db.execute(
            "SELECT id FROM links WHERE claim_id = ? AND url = ? AND ifnull(passage_id, -1) = ifnull(?, -1)",
            [values["claim_id"], values["url"], values["passage_id"]]).fetchone()
        if existing:
            columns = ("document_id", "passage", "score", "signals", "reasons", "conflicts", "reason_records")
            db.execute(f"UPDATE links SET {', '.join(f'{c} = ?' for c in columns)}, updated_at = ? WHERE id = ?",
                       [*(values[c] for c in columns), stamp, existing[0]])
            return existing[0]
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        return db.execute(f"INSERT INTO links ({names}, created_at, updated_at) VALUES ({marks}, ?, ?)",
                          [*values.values(), stamp, stamp]).lastrowid


def get_link(db: Database, link_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM links WHERE id = ?", [link_id]))
    return decode_link(rows[0]) if rows else None


def links_of_claim(db: Database, claim_id: int) -> list[dict]:
    """A claim's evidence links, best score first (checker.review.store.links_for_review adds who decided)."""
    return [decode_link(row) for row in db.query(
        "SELECT * FROM links WHERE claim_id = ? ORDER BY score DESC, id", [claim_id])]


# --- the passage index -------------------------------------------------------------------------

# Documents a newer copy of the same page replaced (`flask recheck` archived the page again, its main text
# changed, and the new copy has its document): their passages are left out of the index, so linking reads each
# page once, in its newest copy. A page that went keeps its last copy.
SUPERSEDED_DOCUMENTS = """SELECT d.id FROM documents d JOIN source_changes c ON c.previous_snapshot_id = d.snapshot_id
                          WHERE c.kind = 'changed'
                            AND EXISTS (SELECT 1 FROM documents n WHERE n.snapshot_id = c.snapshot_id)"""


def passages_to_index(db: Database, version: int, limit: int = 1000) -> list[dict]:
    """Passages never indexed, or indexed by an older version of the features: text and document facts.
    Passages of a copy a newer one replaced are not indexed."""
    return list(db.query(
        f"""SELECT p.id, p.text, p.speaker, p.document_id, d.language, d.published, f.keys AS old_keys
            FROM passages p JOIN documents d ON d.id = p.document_id
            LEFT JOIN passage_features f ON f.passage_id = p.id
            WHERE (f.passage_id IS NULL OR f.version != ?) AND p.document_id NOT IN ({SUPERSEDED_DOCUMENTS})
            ORDER BY p.id LIMIT ?""", [version, limit]))


def drop_superseded_passages(db: Database) -> int:
    """Take the passages of copies a newer one replaced out of the index (and their features), in one
    transaction; return how many. Links a reviewer decided on keep them (the passage rows stay)."""
    with write_transaction(db):
        rows = db.execute(f"""SELECT f.passage_id, f.keys FROM passage_features f JOIN passages p ON p.id = f.passage_id
                              WHERE p.document_id IN ({SUPERSEDED_DOCUMENTS})""").fetchall()
        for passage_id, keys in rows:
            db.execute("INSERT INTO passage_index (passage_index, rowid, keys) VALUES ('delete', ?, ?)", [passage_id, keys])
            db.execute("DELETE FROM passage_features WHERE passage_id = ?", [passage_id])
    return len(rows)


def save_passage_features(db: Database, version: int, rows: list[dict]) -> None:
    """Index passages: rows of {"passage_id", "keys" (list), "features" (dict), "facts" (dict), "old_keys"
    (or None)}, in one transaction (an index row never without its features)."""
    stamp = now()
    with write_transaction(db):
        for row in rows:
            if row.get("old_keys") is not None:  # a contentless FTS5 row is removed by giving its old value
                db.execute("INSERT INTO passage_index (passage_index, rowid, keys) VALUES ('delete', ?, ?)",
                           [row["passage_id"], row["old_keys"]])
            keys = " ".join(row["keys"])
            db.execute("INSERT INTO passage_index (rowid, keys) VALUES (?, ?)", [row["passage_id"], keys])
            db.execute("""INSERT OR REPLACE INTO passage_features (passage_id, version, keys, features, facts,
                                                                     created_at) VALUES (?, ?, ?, ?, ?, ?)""",
                       [row["passage_id"], version, keys, to_json(row["features"]), to_json(row.get("facts") or {}),
                        stamp])


def claim_translations(db: Database, claim_ids: list[int]) -> dict[int, tuple[str, str, list[str]]]:
    """Claim id → (the SHA-256 of the text translated, the pivots, the English translations), as stored."""
    found: dict[int, tuple[str, str, list[str]]] = {}
    for chunk, marks in _id_chunks(claim_ids):
        for claim_id, digest, pivots, english in db.execute(
                f"SELECT claim_id, text_sha256, pivots, english FROM claim_translations WHERE claim_id IN ({marks})",
                chunk):
            found[claim_id] = (digest, pivots, json.loads(english))
    return found


def save_claim_translations(db: Database, rows: list[dict]) -> None:
    """Rows of {"claim_id", "text_sha256", "pivots", "english" (list)}, in one transaction."""
    stamp = now()
    with write_transaction(db):
        for row in rows:
            db.execute("""INSERT OR REPLACE INTO claim_translations (claim_id, text_sha256, pivots, english, created_at)
                          VALUES (?, ?, ?, ?, ?)""",
                       [row["claim_id"], row["text_sha256"], row["pivots"], to_json(row["english"]), stamp])


def passages_to_vectorise(db: Database, model: str, limit: int = 1000) -> list[tuple[int, str]]:
    """(id, text) of indexed English passages without a vector of this model (checker.text.meaning)."""
    return db.execute(
        """SELECT p.id, p.text FROM passage_features f JOIN passages p ON p.id = f.passage_id
           JOIN documents d ON d.id = p.document_id
           LEFT JOIN passage_vectors v ON v.passage_id = p.id AND v.model = ?
           WHERE v.passage_id IS NULL AND lower(d.language) LIKE 'en%' ORDER BY p.id LIMIT ?""",
        [model, limit]).fetchall()


def save_passage_vectors(db: Database, model: str, rows: list[tuple[int, bytes]]) -> None:
    """(passage id, vector blob) rows, in one transaction."""
    with write_transaction(db):
        db.conn.executemany("INSERT OR REPLACE INTO passage_vectors (passage_id, model, vector) VALUES (?, ?, ?)",
                       [(passage_id, model, blob) for passage_id, blob in rows])


def claim_vectors(db: Database, claim_ids: list[int], model: str) -> dict[int, tuple[str, bytes]]:
    """Claim id → (the SHA-256 of the English forms, their vectors' blob), made by this model."""
    found: dict[int, tuple[str, bytes]] = {}
    for chunk, marks in _id_chunks(claim_ids):
        for claim_id, digest, blob in db.execute(
                f"SELECT claim_id, text_sha256, vectors FROM claim_vectors WHERE model = ? AND claim_id IN ({marks})",
                [model, *chunk]):
            found[claim_id] = (digest, blob)
    return found


def save_claim_vectors(db: Database, model: str, rows: list[tuple[int, str, bytes]]) -> None:
    """(claim id, SHA-256 of its English forms, vectors blob) rows, in one transaction."""
    with write_transaction(db):
        db.conn.executemany("""INSERT OR REPLACE INTO claim_vectors (claim_id, model, text_sha256, vectors)
                          VALUES (?, ?, ?, ?)""", [(claim_id, model, digest, blob) for claim_id, digest, blob in rows])


def indexed_passage_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM passage_features").fetchone()[0]


def key_frequencies(db: Database) -> dict[str, int]:
    """Every indexed key → how many passages have it."""
    return dict(db.execute("SELECT term, doc FROM passage_index_vocab").fetchall())


def _any_of(keys: list[str]) -> str:
    """An FTS5 query matching a row holding any of the keys (plain letters and digits, each quoted)."""
    return " OR ".join(f'"{key}"' for key in keys)


def search_passages(db: Database, keys: list[str], limit: int) -> list[int]:
    """Ids of the passages holding any of `keys`, best bm25() rank first (then the lower id), at most `limit`."""
    if not keys or limit <= 0:
        return []
    return [row[0] for row in db.execute(
        "SELECT rowid FROM passage_index WHERE passage_index MATCH ? ORDER BY rank, rowid LIMIT ?",
        [_any_of(keys), limit])]


def passages_with_key(db: Database, key: str) -> list[int]:
    """Ids of the passages holding one key (the benchmark's brute force reads them)."""
    return [row[0] for row in db.execute("SELECT rowid FROM passage_index WHERE passage_index MATCH ?",
                                         [_any_of([key])])]


def passage_facts(db: Database, passage_ids: list[int],
                  model: str = "") -> dict[int, tuple[str, int, str, bytes | None]]:
    """Passage id → (its indexed keys, its document id, its facts as JSON, its vector by this model or None):
    what a score's bound needs."""
    found: dict[int, tuple[str, int, str, bytes | None]] = {}
    for chunk, marks in _id_chunks(passage_ids):
        for passage_id, keys, document_id, facts, vector in db.execute(
                f"""SELECT f.passage_id, f.keys, p.document_id, f.facts, v.vector FROM passage_features f
                    JOIN passages p ON p.id = f.passage_id
                    LEFT JOIN passage_vectors v ON v.passage_id = f.passage_id AND v.model = ?
                    WHERE f.passage_id IN ({marks})""", [model, *chunk]):
            found[passage_id] = (keys, document_id, facts, vector)
    return found


def passage_candidates(db: Database, passage_ids: list[int]) -> dict[int, dict]:
    """Passage id → its text, features and document (url, title, standin), for the ids asked."""
    found: dict[int, dict] = {}
    for chunk, marks in _id_chunks(passage_ids):
        # Plain tuples rather than `db.query` dicts: this runs for every claim's candidates.
        for passage_id, text, speaker, document_id, features, url, title, standin, snapshot_url in db.execute(
                f"""SELECT p.id, p.text, p.speaker, p.document_id, f.features, d.url, d.title, d.standin,
                           s.url AS snapshot_url
                    FROM passages p JOIN passage_features f ON f.passage_id = p.id
                    JOIN documents d ON d.id = p.document_id JOIN snapshots s ON s.id = d.snapshot_id
                    WHERE p.id IN ({marks})""", chunk):
            found[passage_id] = {"id": passage_id, "text": text, "speaker": speaker, "document_id": document_id,
                                 "features": json.loads(features), "url": snapshot_url or url, "title": title,
                                 "standin": standin, "snapshot_url": snapshot_url}
    return found


# --- what a claim cites ------------------------------------------------------------------------

def claim_cited_sources(db: Database, claim_id: int) -> list[str]:
    """Registry ids the claim cites: its citations (from `scrape`) and its attribution."""
    rows = db.execute("""SELECT source_id FROM citations WHERE claim_id = ?
                         UNION SELECT source_id FROM claims WHERE id = ? AND source_id IS NOT NULL""",
                      [claim_id, claim_id]).fetchall()
    return sorted(row[0] for row in rows)


def claim_link_anchors(db: Database, claim_id: int) -> list[str]:
    """The anchor texts of the claim's links (cue "link"): words that name the report, not what it says."""
    return [row[0] for row in db.execute(
        "SELECT anchor FROM citations WHERE claim_id = ? AND cue = 'link' AND anchor IS NOT NULL ORDER BY id",
        [claim_id]).fetchall()]


def documents_found_for(db: Database, claim_id: int) -> list[int]:
    """The documents the sources stage fetched for this claim itself: the claim links to them, or their source
    is named in the article and their text speaks to this claim (`document_reasons`)."""
    return [row[0] for row in db.execute(
        """SELECT DISTINCT document_id FROM document_reasons WHERE claim_id = ? AND found IN ('linked', 'named')
           ORDER BY document_id""", [claim_id]).fetchall()]


def document_origins(db: Database, article_id: int, document_ids: list[int]) -> dict[int, dict]:
    """Where each document came from: {"reasons": why it was fetched for this article ([{claim_id, found,
    source_id, reason}]), "articles": the articles it was kept for ([{article_id, source_id}])}."""
    if not document_ids:
        return {}
    marks = ", ".join("?" for _ in document_ids)
    found = {document_id: {"reasons": [], "articles": []} for document_id in document_ids}
    for row in db.query(f"""SELECT document_id, claim_id, found, source_id, reason, reason_message
                            FROM document_reasons WHERE article_id = ? AND document_id IN ({marks}) ORDER BY id""",
                        [article_id, *document_ids]):
        row["reason"] = messages.from_record(row.pop("reason_message"), row["reason"])
        found[row.pop("document_id")]["reasons"].append(row)
    for row in db.query(f"""SELECT document_id, article_id, source_id FROM article_documents
                            WHERE document_id IN ({marks}) ORDER BY article_id""", list(document_ids)):
        found[row.pop("document_id")]["articles"].append(row)
    return found


def cited_documents(db: Database, article_id: int, source_ids: list[str]) -> dict[int, str]:
    """Documents found for the article from these sources: document id → source id."""
    if not source_ids:
        return {}
    marks = ", ".join("?" for _ in source_ids)
    return dict(db.execute(f"""SELECT document_id, source_id FROM article_documents
                               WHERE article_id = ? AND source_id IN ({marks})""",
                           [article_id, *source_ids]).fetchall())


def passages_of_documents(db: Database, document_ids: list[int]) -> list[int]:
    if not document_ids:
        return []
    marks = ", ".join("?" for _ in document_ids)
    return [row[0] for row in db.execute(
        f"""SELECT p.id FROM passages p JOIN passage_features f ON f.passage_id = p.id
            WHERE p.document_id IN ({marks}) ORDER BY p.id""", list(document_ids))]


def search_scope(db: Database) -> tuple[int, int]:
    """(documents with indexed passages, sources they came from): a registry source when one is known,
    else the document's host."""
    sources: set[str] = set()
    documents = 0
    for document_id, url, source_id in db.execute(
            """SELECT d.id, coalesce(s.url, d.url), (SELECT min(ad.source_id) FROM article_documents ad
                                                   WHERE ad.document_id = d.id)
               FROM documents d JOIN snapshots s ON s.id = d.snapshot_id
               WHERE EXISTS (SELECT 1 FROM passages p JOIN passage_features f ON f.passage_id = p.id
                             WHERE p.document_id = d.id)"""):
        documents += 1
        sources.add(source_id or urlsplit(url or "").netloc or f"document {document_id}")
    return documents, len(sources)


def newest_passage_id(db: Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0]


# --- links -------------------------------------------------------------------------------------

def replace_claim_links(db: Database, claim_id: int, links: list[dict], run: dict) -> None:
    """Write one claim's links from a linking run, in one transaction.

    Each link (claim_id, url, passage_id, document_id, passage, score, signals, reasons, conflicts, found,
    found_note) is
    inserted or refreshed; a reviewer's decision on it is kept. Links an earlier run made that this run no
    longer finds are removed, unless a reviewer decided on them. `run`: documents, sources, links, message,
    last_passage_id."""
    stamp = now()
    with write_transaction(db):
        kept_ids = []
        for link in links:
            values = [link["document_id"], link["passage"], float(link["score"]), *_explanation(link).values(),
                      link.get("found"), *messages.stored(link.get("found_note"))]
            existing = db.execute(
                "SELECT id FROM links WHERE claim_id = ? AND url = ? AND ifnull(passage_id, -1) = ifnull(?, -1)",
                [claim_id, link["url"], link["passage_id"]]).fetchone()
            if existing:
                db.execute("""UPDATE links SET document_id = ?, passage = ?, score = ?, signals = ?, reasons = ?,
                              conflicts = ?, reason_records = ?, found = ?, found_note = ?, found_note_record = ?,
                              auto = 1, updated_at = ?
                              WHERE id = ?""",
                           [*values, stamp, existing[0]])
                kept_ids.append(existing[0])
            else:
                kept_ids.append(db.execute(
                    """INSERT INTO links (claim_id, url, passage_id, document_id, passage, score, signals, reasons,
                                          conflicts, reason_records, found, found_note, found_note_record, auto,
                                          created_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""",
                    [claim_id, link["url"], link["passage_id"], *values, stamp, stamp]).lastrowid)
        marks = ", ".join("?" for _ in kept_ids) or "NULL"
        db.execute(f"""DELETE FROM links WHERE claim_id = ? AND auto = 1 AND decision IS NULL
                       AND id NOT IN ({marks})
                       AND NOT EXISTS (SELECT 1 FROM link_decisions d WHERE d.link_id = links.id)""",
                   [claim_id, *kept_ids])
        db.execute("""INSERT INTO evidence_runs (claim_id, documents, sources, links, message, last_passage_id,
                                                 created_at, updated_at)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                      ON CONFLICT (claim_id) DO UPDATE SET documents = excluded.documents,
                        sources = excluded.sources, links = excluded.links, message = excluded.message,
                        last_passage_id = excluded.last_passage_id, updated_at = excluded.updated_at""",
                   [claim_id, run["documents"], run["sources"], run["links"], run["message"],
                    run["last_passage_id"], stamp, stamp])


def evidence_summary(db: Database, claim_id: int) -> dict | None:
    """What the claim's last linking run searched and found, for the reviewer's claim view:
    {"message", "documents", "sources", "links", "no_evidence", "updated_at"}; None if never linked.
    `message` reads "no evidence found in N documents from M sources" when nothing passed the threshold."""
    row = db.execute("SELECT documents, sources, links, message, updated_at FROM evidence_runs WHERE claim_id = ?",
                     [claim_id]).fetchone()
    if row is None:
        return None
    documents, sources, links, message, updated_at = row
    return {"message": message, "documents": documents, "sources": sources, "links": links,
            "no_evidence": links == 0, "updated_at": updated_at}


def links_of_article(db: Database, article_id: int) -> list[dict]:
    """Every evidence link of the article's claims: claims in order, best score first."""
    rows = []
    for row in db.query(
            """SELECT l.*, c.seq, d.title, d.standin FROM links l JOIN claims c ON c.id = l.claim_id
               LEFT JOIN documents d ON d.id = l.document_id
               WHERE c.article_id = ? ORDER BY c.seq, l.score DESC, l.id""", [article_id]):
        row = dict(row)
        for column, default in (("signals", {}), ("reasons", []), ("conflicts", [])):
            row[column] = json.loads(row[column]) if row.get(column) else default
        rows.append(row)
    return rows


def articles_to_relink(db: Database) -> list[int]:
    """Articles with a claim never linked, or linked before the newest indexed passage arrived."""
    newest = newest_passage_id(db)
    return [row[0] for row in db.execute(
        """SELECT DISTINCT c.article_id FROM claims c LEFT JOIN evidence_runs r ON r.claim_id = c.id
           WHERE r.claim_id IS NULL OR r.last_passage_id < ? ORDER BY c.article_id""", [newest])]


# --- the same claim in other articles (checker.evidence.appearances) ----------------------------

def claims_to_index(db: Database, version: int, limit: int = 1000) -> list[dict]:
    """Claims worth matching (check-worthy, or given a status by a reviewer) never indexed, or indexed by an
    older version of the features: the claim with its article's language and date."""
    return [decode_claim(row) for row in db.query(
        """SELECT c.id, c.article_id, c.text, c.start, c.quantities, c.dates, c.entities, c.attribution,
                  a.language, a.published, f.keys AS old_keys
           FROM claims c JOIN articles a ON a.id = c.article_id
           LEFT JOIN claim_features f ON f.claim_id = c.id
           WHERE (c.checkworthy = 1 OR c.status != 'unreviewed') AND (f.claim_id IS NULL OR f.version != ?)
           ORDER BY c.id LIMIT ?""", [version, limit])]


def save_claim_features(db: Database, version: int, rows: list[dict]) -> None:
    """Index claims: rows of {"claim_id", "keys" (list), "features" (dict), "facts" (dict), "old_keys" (or
    None)}, in one transaction (an index row never without its features). A claim indexed again is matched
    again (its matched_at is cleared)."""
    stamp = now()
    with write_transaction(db):
        for row in rows:
            if row.get("old_keys") is not None:  # a contentless FTS5 row is removed by giving its old value
                db.execute("INSERT INTO claim_index (claim_index, rowid, keys) VALUES ('delete', ?, ?)",
                           [row["claim_id"], row["old_keys"]])
            keys = " ".join(row["keys"])
            db.execute("INSERT INTO claim_index (rowid, keys) VALUES (?, ?)", [row["claim_id"], keys])
            db.execute("""INSERT INTO claim_features (claim_id, version, keys, features, facts, matched_at,
                                                      created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
                          ON CONFLICT (claim_id) DO UPDATE SET version = excluded.version, keys = excluded.keys,
                            features = excluded.features, facts = excluded.facts, matched_at = NULL,
                            updated_at = excluded.updated_at""",
                       [row["claim_id"], version, keys, to_json(row["features"]), to_json(row.get("facts") or {}),
                        stamp, stamp])


def indexed_claim_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM claim_features").fetchone()[0]


def claim_key_frequencies(db: Database) -> dict[str, int]:
    """Every indexed claim key → how many claims have it."""
    return dict(db.execute("SELECT term, doc FROM claim_index_vocab").fetchall())


def articles_worth_matching(db: Database, at_most: int = 2) -> int:
    """How many articles (counting up to `at_most`) hold a claim worth matching (check-worthy or reviewed):
    below two, a claim has nothing to be matched against."""
    return db.execute("""SELECT count(*) FROM (SELECT DISTINCT article_id FROM claims
                                               WHERE checkworthy = 1 OR status != 'unreviewed' LIMIT ?)""",
                      [at_most]).fetchone()[0]


def search_claims(db: Database, keys: list[str], limit: int, other_than_article: int | None = None) -> list[int]:
    """Ids of the indexed claims holding any of `keys`, best bm25() rank first (then the lower id), at most
    `limit`, leaving out the claims of one article (a claim's own article is not "another article")."""
    if not keys or limit <= 0:
        return []
    return [row[0] for row in db.execute(
        """SELECT rowid FROM claim_index WHERE claim_index MATCH ?
             AND rowid NOT IN (SELECT id FROM claims WHERE article_id = ?)
           ORDER BY rank, rowid LIMIT ?""", [_any_of(keys), -1 if other_than_article is None else other_than_article,
                                            limit])]


def claim_facts(db: Database, claim_ids: list[int]) -> dict[int, tuple[str, int, str]]:
    """Claim id → (its indexed keys, its article id, its facts as JSON): what a score's bound needs."""
    found: dict[int, tuple[str, int, str]] = {}
    for chunk, marks in _id_chunks(claim_ids):
        for claim_id, keys, article_id, facts in db.execute(
                f"""SELECT f.claim_id, f.keys, c.article_id, f.facts FROM claim_features f
                    JOIN claims c ON c.id = f.claim_id WHERE f.claim_id IN ({marks})""", chunk):
            found[claim_id] = (keys, article_id, facts)
    return found


def claim_match_features(db: Database, claim_ids: list[int]) -> dict[int, dict]:
    """Claim id → its stored features (JSON read back), for the ids asked."""
    found: dict[int, dict] = {}
    for chunk, marks in _id_chunks(claim_ids):
        for claim_id, features in db.execute(
                f"SELECT claim_id, features FROM claim_features WHERE claim_id IN ({marks})", chunk):
            found[claim_id] = json.loads(features)
    return found


def claims_never_matched(db: Database) -> list[int]:
    """Indexed claims never matched against the others (a new article, or a run cut short), oldest first."""
    return [row[0] for row in db.execute("SELECT claim_id FROM claim_features WHERE matched_at IS NULL "
                                         "ORDER BY claim_id")]


def article_of_claims(db: Database, claim_ids: list[int]) -> dict[int, int]:
    """Claim id → its article id, for the ids asked."""
    found: dict[int, int] = {}
    for chunk, marks in _id_chunks(claim_ids):
        found.update(db.execute(f"SELECT id, article_id FROM claims WHERE id IN ({marks})", chunk).fetchall())
    return found


def articles_of_claims(db: Database, claim_ids: list[int]) -> list[int]:
    """The articles these claims belong to, in id order."""
    return sorted(set(article_of_claims(db, claim_ids).values()))


def replace_appearances(db: Database, claim_id: int, found: list[dict]) -> None:
    """Write what one matching run found for a claim, in one transaction: each pair both ways (score and
    signals shared, reasons read from each side), a reviewer's decision kept; the claim's undecided pairs the
    run no longer finds removed; the claim marked as matched.

    found: [{"other_claim_id", "score", "signals", "reasons", "other_reasons"}]."""
    stamp = now()
    with write_transaction(db):
        others = []
        for pair in found:
            other = pair["other_claim_id"]
            others.append(other)
            for mine, theirs, reasons in ((claim_id, other, pair["reasons"]),
                                          (other, claim_id, pair["other_reasons"])):
                db.execute("""INSERT INTO appearances (claim_id, other_claim_id, score, signals, reasons,
                                                       reason_records, created_at, updated_at)
                              VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                              ON CONFLICT (claim_id, other_claim_id) DO UPDATE SET score = excluded.score,
                                signals = excluded.signals, reasons = excluded.reasons,
                                reason_records = excluded.reason_records, updated_at = excluded.updated_at
                              WHERE appearances.score != excluded.score OR appearances.reasons != excluded.reasons
                                 OR appearances.signals != excluded.signals
                                 OR appearances.reason_records IS NOT excluded.reason_records""",
                           [mine, theirs, float(pair["score"]), to_json(pair.get("signals") or {}),
                            to_json(list(reasons)), to_json(messages.to_records(reasons)), stamp, stamp])
        marks = ", ".join("?" for _ in others) or "NULL"
        for column, other_column in (("claim_id", "other_claim_id"), ("other_claim_id", "claim_id")):
            db.execute(f"""DELETE FROM appearances WHERE {column} = ? AND decision IS NULL
                           AND {other_column} NOT IN ({marks})""", [claim_id, *others])
        db.execute("UPDATE claim_features SET matched_at = ? WHERE claim_id = ?", [stamp, claim_id])


_APPEARANCE_SELECT = """SELECT ap.id, ap.claim_id, ap.other_claim_id, ap.score, ap.signals, ap.reasons,
                               ap.reason_records, ap.decision,
                               ap.decided_at, ap.updated_at, o.article_id, o.text, o.status, o.version,
                               ar.title AS article_title, ar.published AS article_published,
                               ar.origin AS article_origin
                        FROM appearances ap JOIN claims o ON o.id = ap.other_claim_id
                        JOIN articles ar ON ar.id = o.article_id"""


def decode_appearance(row: dict) -> dict:
    """An appearances row with its JSON columns read back."""
    row = dict(row)
    row["signals"] = json.loads(row["signals"]) if row.get("signals") else {}
    row["reasons"] = json.loads(row["reasons"]) if row.get("reasons") else []
    row["reasons"] = messages.from_records(json.loads(row.pop("reason_records", None) or "[]"), row["reasons"])
    return row


def appearances_of_article(db: Database, article_id: int) -> list[dict]:
    """Every appearance elsewhere of the article's claims (rejected pairs left out): claims in order, best first."""
    return [decode_appearance(row) for row in db.query(
        f"""{_APPEARANCE_SELECT} JOIN claims c ON c.id = ap.claim_id
            WHERE c.article_id = ? AND (ap.decision IS NULL OR ap.decision != 'rejected')
            ORDER BY c.seq, ap.score DESC, ap.other_claim_id""", [article_id])]


def get_appearance(db: Database, claim_id: int, other_claim_id: int) -> dict | None:
    rows = list(db.query(f"{_APPEARANCE_SELECT} WHERE ap.claim_id = ? AND ap.other_claim_id = ?",
                         [claim_id, other_claim_id]))
    return decode_appearance(rows[0]) if rows else None


# --- accepted evidence whose source changed (checker.evidence.changed) ------------------------------

def unconsidered_source_changes(db: Database) -> list[dict]:
    """Source changes `flask recheck` recorded that no flagging run has considered yet, oldest first."""
    return list(db.query("""SELECT ch.id, ch.url, ch.kind, ch.previous_snapshot_id, ch.snapshot_id
                            FROM source_changes ch
                            WHERE NOT EXISTS (SELECT 1 FROM evidence_change_checks x WHERE x.source_change_id = ch.id)
                            ORDER BY ch.id"""))


def accepted_links_from_url(db: Database, url: str, other_than_snapshot: int | None) -> list[dict]:
    """Accepted links read from an archived copy of `url` other than `other_than_snapshot` (the new copy), or
    made by hand to `url` with no document: the link, its passage, and its claim's version and status."""
    return list(db.query(
        """SELECT l.id AS link_id, l.claim_id, l.passage, c.version AS claim_version, c.status AS claim_status
           FROM links l JOIN claims c ON c.id = l.claim_id
           WHERE l.decision = 'accepted' AND (
               l.document_id IN (SELECT d.id FROM documents d JOIN snapshots s ON s.id = d.snapshot_id
                                 WHERE s.url = ? AND s.id != ifnull(?, -1))
               OR (l.document_id IS NULL AND l.url = ?))
           ORDER BY l.claim_id, l.id""", [url, other_than_snapshot, url]))


def save_evidence_changes(db: Database, change: dict, rows: list[dict]) -> None:
    """Flag the accepted links one source change affected (rows: link_id, claim_id, claim_version, claim_status,
    passage_kept) and mark the change considered, in one transaction. The flagged links' updated_at moves, so
    the public pages that show them (whose validators read it) are rendered anew."""
    stamp = now()
    with write_transaction(db):
        for row in rows:
            db.execute("""INSERT OR IGNORE INTO evidence_changes (source_change_id, claim_id, link_id, kind,
                                                                  claim_version, claim_status, passage_kept,
                                                                  created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                       [change["id"], row["claim_id"], row["link_id"], change["kind"], row["claim_version"],
                        row["claim_status"], row["passage_kept"], stamp])
            db.execute("UPDATE links SET updated_at = ? WHERE id = ?", [stamp, row["link_id"]])
        db.execute("INSERT OR IGNORE INTO evidence_change_checks (source_change_id, links, created_at) VALUES (?, ?, ?)",
                   [change["id"], len(rows), stamp])
