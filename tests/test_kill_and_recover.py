"""`kill -9` in the middle of the long commands, then a look at what is left (issue 17).

Each command runs as a real process (`python -m flask` with FLASK_APP=app.py and CHECKER_DB in tmp_path) and is
killed with SIGKILL once it is part way through its writes. Then: `PRAGMA integrity_check` is ok, foreign keys
hold, and nothing is half written (every article has all its claims, every document all its passages, every
claim's links agree with its evidence run, the passage index with the passage features). A second run finishes
the work.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from checker import create_app
from checker.claims import ingest
from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.config import Config
from checker.db import get_db
from checker.sources import store as sources_store
from tests.support.files import source_page
from tests.support.standin_web import StandinHost

ROOT = Path(__file__).resolve().parent.parent
WAIT = 120  # seconds a command may take to reach the point where it is killed, or to finish


# --- running and killing a command ----------------------------------------------------------------------------

def flask_env(tmp_path: Path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CHECKER_", "FLASK_"))}
    env.update({"FLASK_APP": "app.py", "CHECKER_DB": str(tmp_path / "checker.db"),
                "CHECKER_INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "kill-test", **extra})
    return env


def start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(args: list[str], env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def count(db_path: Path, sql: str) -> int:
    """A read from outside the process being killed (WAL lets it read while the other writes); 0 until the
    database and its tables exist."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def kill_when(process: subprocess.Popen, ready) -> None:
    """SIGKILL the process as soon as ready() holds; fail if it ended first."""
    deadline = time.monotonic() + WAIT
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"the command ended (status {process.returncode}) before it could be killed: "
                        f"{process.stderr.read().decode()[-2000:]}")
        assert time.monotonic() < deadline, "the command never reached the point where it is killed"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL


# --- what must hold after any kill ----------------------------------------------------------------------------

def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def assert_whole(db_path: Path) -> None:
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db_path, "PRAGMA foreign_key_check") == []
    # Every article has its claims: at least one, numbered 0..n-1 with no gap.
    for article_id, claims, last in rows(db_path, """SELECT a.id, COUNT(c.id), MAX(c.seq) FROM articles a
                                                     LEFT JOIN claims c ON c.article_id = a.id GROUP BY a.id"""):
        assert claims >= 1 and last == claims - 1, f"article {article_id}: {claims} claims, last seq {last}"
    # Every document has its passages, numbered 0..n-1; every snapshot its body.
    for document_id, passages, last in rows(db_path, """SELECT d.id, COUNT(p.id), MAX(p.seq) FROM documents d
                                                       LEFT JOIN passages p ON p.document_id = d.id GROUP BY d.id"""):
        assert passages >= 1 and last == passages - 1, f"document {document_id}: {passages} passages"
    assert rows(db_path, "SELECT id FROM snapshots WHERE sha256 NOT IN (SELECT sha256 FROM bodies)") == []
    # The passage index and the passage features are written together.
    features = rows(db_path, "SELECT COUNT(*) FROM passage_features")[0][0]
    indexed = rows(db_path, "SELECT COUNT(*) FROM passage_index")[0][0]
    assert features == indexed
    # Every claim's links agree with its evidence run: as many links above the threshold as the run kept, and no
    # machine link for a claim never linked.
    threshold = Config.LINK_THRESHOLD
    for claim_id, kept, found in rows(db_path, """
            SELECT c.id, r.links, (SELECT COUNT(*) FROM links l WHERE l.claim_id = c.id AND l.auto = 1
                                   AND l.score >= ?)
            FROM claims c LEFT JOIN evidence_runs r ON r.claim_id = c.id""", [threshold]):
        assert found == (kept or 0), f"claim {claim_id}: {found} links above the threshold, its run says {kept}"


# --- flask ingest DIRECTORY -------------------------------------------------------------------------------------

CITIES = ["Kharkiv", "Kherson", "Odessa", "Lviv", "Dnipro", "Zaporijia", "Mykolaïv", "Soumy", "Poltava", "Tchernihiv"]


def article_text(n: int) -> str:
    city = CITIES[n % len(CITIES)]
    return (f"date 2022-11-{10 + n % 18:02d} Selon le ministère, {40 + n} drones ont été abattus au-dessus de {city} "
            f"dans la nuit de samedi, article numéro {n}.\n\n"
            f"Le gouverneur de la région a déclaré que {n % 9 + 2} personnes avaient été blessées et que "
            f"{n * 3 + 7} bâtiments étaient endommagés.\n\n"
            f"Selon l'OTAN, {n % 50 + 10} missiles de croisière ont été tirés le même jour contre {city}.\n")


def test_a_killed_batch_ingest_leaves_whole_articles_and_a_rerun_finishes(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    files = 400
    for n in range(files):
        (folder / f"article-{n:03d}.txt").write_text(article_text(n), encoding="utf-8")
    env = flask_env(tmp_path)
    db_path = tmp_path / "checker.db"
    process = start(["ingest", str(folder)], env)
    kill_when(process, lambda: count(db_path, "SELECT COUNT(*) FROM articles") >= 5)
    assert_whole(db_path)
    stored = rows(db_path, "SELECT COUNT(*) FROM articles")[0][0]
    assert 5 <= stored < files, "the kill came too late to test anything"
    _assert_claims_as_prepared(db_path)

    finish(["ingest", str(folder)], env)
    assert_whole(db_path)
    assert rows(db_path, "SELECT COUNT(*) FROM articles")[0][0] == files
    _assert_claims_as_prepared(db_path, every=20)


def _assert_claims_as_prepared(db_path: Path, every: int = 1) -> None:
    """The stored articles hold exactly the claims the ingest step makes of their file (every n-th one)."""
    registry = source_registry.load(Config.CHECKER_SOURCES)
    for article_id, origin, claims in rows(db_path, """SELECT a.id, a.origin, COUNT(c.id) FROM articles a
                                                       JOIN claims c ON c.article_id = a.id
                                                       GROUP BY a.id ORDER BY a.id DESC""")[::every]:
        prepared = ingest.prepare(ingest.read_path(Path(origin), Config.MAX_ARTICLE_BYTES), registry,
                                  threshold=Config.CHECKWORTHY_THRESHOLD)
        assert claims == len(prepared.claims), f"article {article_id} from {origin}"


# --- flask scrape ----------------------------------------------------------------------------------------------

SCRAPED_ARTICLE = ("date 2022-11-19 Moscou et Téhéran ont conclu un accord pour fabriquer 1 000 drones sur le sol "
                   "russe, a rapporté samedi le Washington Post.\n")
STORIES = 8
STORY_DELAY = 0.3  # seconds each page takes to arrive: time to kill the command while it works


@pytest.fixture
def slow_web():
    host = StandinHost()
    host.route("/robots.txt", b"", status=404)
    items = "".join(f"<item><title>Russia and Iran agree to build drones in Russia ({n})</title>"
                    f"<link>{host.url(f'/world/2022/11/19/drones-{n}/')}</link>"
                    "<pubDate>Sat, 19 Nov 2022 09:00:00 GMT</pubDate></item>" for n in range(STORIES))
    host.route("/rss/world", f'<?xml version="1.0"?><rss version="2.0"><channel><title>stand-in</title>{items}'
                             '</channel></rss>'.encode(), content_type="application/rss+xml")
    story = source_page("wapo-drones.html")

    def slow_story(request):
        time.sleep(STORY_DELAY)
        return Response(story.replace(b"</body>", f"<!-- {request.path} --></body>".encode()),
                        content_type="text/html; charset=utf-8")
    host.route("/world/*", slow_story)
    host.route("/wayback/*", b"", status=404)
    yield host
    host.close()


def test_a_killed_scrape_leaves_whole_documents_and_a_rerun_finishes(tmp_path, slow_web):
    registry_file = tmp_path / "sources.toml"
    registry_file.write_text(f'''
[[source]]
id = "washington-post"
name = "The Washington Post"
aliases = ["Washington Post", "le Washington Post"]
kind = "news"
domains = ["{slow_web.netloc}"]
feeds = ["{slow_web.url('/rss/world')}"]

[wayback]
available = "{slow_web.url('/wayback/available')}"
cdx = "{slow_web.url('/wayback/cdx')}"
''', encoding="utf-8")
    env = flask_env(tmp_path, CHECKER_SOURCES=str(registry_file), CHECKER_ALLOW_PRIVATE="1",
                    CHECKER_FETCH_HOST_DELAY="0", CHECKER_FETCH_RETRIES="0", CHECKER_SCRAPE_TOP_N=str(STORIES))
    db_path = tmp_path / "checker.db"
    article = tmp_path / "article.txt"
    article.write_text(SCRAPED_ARTICLE, encoding="utf-8")
    article_id = finish(["ingest", str(article)], env).strip()

    process = start(["scrape", article_id], env)
    kill_when(process, lambda: count(db_path, "SELECT COUNT(*) FROM documents") >= 1)
    assert_whole(db_path)
    assert rows(db_path, "SELECT COUNT(*) FROM documents")[0][0] < STORIES, "the kill came too late"

    finish(["scrape", article_id], env)
    assert_whole(db_path)
    assert rows(db_path, "SELECT COUNT(*) FROM documents")[0][0] == STORIES
    assert rows(db_path, "SELECT COUNT(*) FROM article_documents WHERE article_id = ?", [article_id])[0][0] == STORIES


# --- flask link ------------------------------------------------------------------------------------------------

def test_a_killed_link_leaves_consistent_links_and_a_rerun_finishes(tmp_path):
    env = flask_env(tmp_path)
    db_path = tmp_path / "checker.db"
    app = create_app({"TESTING": True, "CHECKER_DB": str(db_path), "INSTANCE_DIR": str(tmp_path / "instance"),
                      "SECRET_KEY": "kill-test"})
    with app.app_context():
        article_id = _article_with_many_claims_and_passages(get_db())
        claims = len(claims_store.claims_of_article(get_db(), article_id))
        passages = rows(db_path, "SELECT COUNT(*) FROM passages")[0][0]

    # Killed while it indexes the passages (a batch of features and index rows per transaction) ...
    process = start(["link", str(article_id)], env)
    kill_when(process, lambda: count(db_path, "SELECT COUNT(*) FROM passage_features") >= 1)
    assert_whole(db_path)
    assert rows(db_path, "SELECT COUNT(*) FROM passage_features")[0][0] < passages, "the kill came too late"

    # ... and while it writes the claims' links (one claim's links and run per transaction).
    process = start(["link", str(article_id)], env)
    kill_when(process, lambda: count(db_path, "SELECT COUNT(*) FROM evidence_runs") >= 3)
    assert_whole(db_path)
    assert rows(db_path, "SELECT COUNT(*) FROM evidence_runs")[0][0] < claims, "the kill came too late"

    finish(["link", str(article_id)], env)
    assert_whole(db_path)
    assert rows(db_path, "SELECT COUNT(*) FROM evidence_runs")[0][0] == claims
    assert rows(db_path, "SELECT COUNT(*) FROM passage_features")[0][0] == passages
    assert rows(db_path, "SELECT COUNT(*) FROM links WHERE auto = 1")[0][0] > 0


def _article_with_many_claims_and_passages(db) -> int:
    """One long article (many claims to link) and many archived passages about the same events, in English."""
    text = "date 2022-11-19 " + "\n\n".join(
        f"Selon le ministère, {40 + n} drones ont été abattus au-dessus de {CITIES[n % len(CITIES)]} le {n % 28 + 1} "
        f"novembre, et {n % 9 + 2} personnes ont été blessées." for n in range(400))
    raw = ingest.RawInput(text.encode("utf-8"), "long-article.txt")
    article_id, _ = ingest.ingest(db, raw, source_registry.load(Config.CHECKER_SOURCES))
    for d in range(40):
        url = f"https://standin.invalid/report-{d}/"
        snapshot, _ = sources_store.save_snapshot(db, {"url": url, "status": 200, "via": "import"},
                                                  f"<p>report {d}</p>".encode())
        paragraphs = [{"text": f"Officials said {40 + d * 10 + p} drones were shot down over "
                               f"{CITIES[(d + p) % len(CITIES)]} on November {p % 28 + 1}, and {p % 9 + 2} people "
                               "were wounded."} for p in range(60)]
        sources_store.save_document(db, snapshot["id"], {"url": url, "title": f"Report {d}",
                                                         "text": " ".join(p["text"] for p in paragraphs)},
                                    paragraphs, article_id=article_id, source_id="washington-post")
    return article_id
