"""Evidence links and what linking needs: one link saved or read (claim × passage), the passages' FTS5 key
index and features, candidate look-ups, and the links one run writes for a claim (decided links keep their
decision), with what the run searched. Reviewers' decisions on links are written by checker.review."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from sqlite_utils import Database

from checker.db import now, to_json, write_transaction

# --- links -------------------------------------------------------------------------------------

_JSON_DEFAULTS = {"signals": {}, "reasons": [], "conflicts": []}


def decode_link(row: dict | None) -> dict | None:
    if row is None:
        return None
    row = dict(row)
    for column, default in _JSON_DEFAULTS.items():
        value = row.get(column)
        row[column] = json.loads(value) if isinstance(value, str) and value else default
    return row


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
        "signals": to_json(link.get("signals") or {}),
        "reasons": to_json(list(link.get("reasons") or [])),
        "conflicts": to_json(list(link.get("conflicts") or [])),
    }
    with write_transaction(db):
        existing = db.execute(
            "SELECT id FROM links WHERE claim_id = ? AND url = ? AND ifnull(passage_id, -1) = ifnull(?, -1)",
            [values["claim_id"], values["url"], values["passage_id"]]).fetchone()
        if existing:
            columns = ("document_id", "passage", "score", "signals", "reasons", "conflicts")
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

def passages_to_index(db: Database, version: int, limit: int = 1000) -> list[dict]:
    """Passages never indexed, or indexed by an older version of the features: text and document facts."""
    return list(db.query(
        """SELECT p.id, p.text, p.speaker, p.document_id, d.language, d.published, f.keys AS old_keys
           FROM passages p JOIN documents d ON d.id = p.document_id
           LEFT JOIN passage_features f ON f.passage_id = p.id
           WHERE f.passage_id IS NULL OR f.version != ?
           ORDER BY p.id LIMIT ?""", [version, limit]))


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


def indexed_passage_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM passage_features").fetchone()[0]


def key_frequencies(db: Database) -> dict[str, int]:
    """Every indexed key → how many passages have it."""
    return dict(db.execute("SELECT term, doc FROM passage_index_vocab").fetchall())


def search_passages(db: Database, keys: list[str], limit: int) -> list[int]:
    """Ids of the passages holding any of `keys`, best bm25() rank first (then the lower id), at most `limit`.
    Keys are plain letters and digits, each quoted for FTS5."""
    if not keys or limit <= 0:
        return []
    query = " OR ".join(f'"{key}"' for key in keys)
    return [row[0] for row in db.execute(
        "SELECT rowid FROM passage_index WHERE passage_index MATCH ? ORDER BY rank, rowid LIMIT ?", [query, limit])]


def passages_with_key(db: Database, key: str) -> list[int]:
    """Ids of the passages holding one key (the benchmark's brute force reads them)."""
    return [row[0] for row in db.execute("SELECT rowid FROM passage_index WHERE passage_index MATCH ?",
                                         [f'"{key}"'])]


def passage_facts(db: Database, passage_ids: list[int]) -> dict[int, tuple[str, int, str]]:
    """Passage id → (its indexed keys, its document id, its facts as JSON): what a score's bound needs."""
    found: dict[int, tuple[str, int, str]] = {}
    ids = list(dict.fromkeys(passage_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for passage_id, keys, document_id, facts in db.execute(
                f"""SELECT f.passage_id, f.keys, p.document_id, f.facts FROM passage_features f
                    JOIN passages p ON p.id = f.passage_id WHERE f.passage_id IN ({marks})""", chunk):
            found[passage_id] = (keys, document_id, facts)
    return found


def passage_candidates(db: Database, passage_ids: list[int]) -> dict[int, dict]:
    """Passage id → its text, features and document (url, title, standin), for the ids asked."""
    found: dict[int, dict] = {}
    ids = list(dict.fromkeys(passage_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
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

    Each link (claim_id, url, passage_id, document_id, passage, score, signals, reasons, conflicts) is
    inserted or refreshed; a reviewer's decision on it is kept. Links an earlier run made that this run no
    longer finds are removed, unless a reviewer decided on them. `run`: documents, sources, links, message,
    last_passage_id."""
    stamp = now()
    with write_transaction(db):
        kept_ids = []
        for link in links:
            values = [link["document_id"], link["passage"], float(link["score"]),
                      to_json(link.get("signals") or {}),
                      to_json(list(link.get("reasons") or [])),
                      to_json(list(link.get("conflicts") or []))]
            existing = db.execute(
                "SELECT id FROM links WHERE claim_id = ? AND url = ? AND ifnull(passage_id, -1) = ifnull(?, -1)",
                [claim_id, link["url"], link["passage_id"]]).fetchone()
            if existing:
                db.execute("""UPDATE links SET document_id = ?, passage = ?, score = ?, signals = ?, reasons = ?,
                              conflicts = ?, auto = 1, updated_at = ? WHERE id = ?""", [*values, stamp, existing[0]])
                kept_ids.append(existing[0])
            else:
                kept_ids.append(db.execute(
                    """INSERT INTO links (claim_id, url, passage_id, document_id, passage, score, signals, reasons,
                                          conflicts, auto, created_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""",
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
