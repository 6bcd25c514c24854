"""Scorecards at scale: what the speaker index (public migration m003) costs and saves, and what a scorecard
adds to a page. Prints figures and ratios measured in the same run.

    python benchmarks/scorecards.py                    # 100k claims (a few minutes)
    python benchmarks/scorecards.py --sizes 20000,1000000

For each size it builds a database through the real store: articles of 100 claims spread over 36 months,
10 % of claims cited by name with no registry entry (2,000 names), 10 % citing the Washington Post, 1 % with
a verdict. Then, the median of --rounds rounds of each:
1. ingest: claims written per second with the speaker index, against the same writes without it;
2. a speaker's claims and counts read through the index, against the same query made to skip it
   (NOT INDEXED), which is what SQLite would do on its own;
3. the /sources/ and /speakers/ lookups of every cited name (one pass over the index);
4. pages rendered with the render cache off: a source page and a speaker page, each against its scorecard's
   own query (what the chart adds), and against the claim index (a page with no timeline).
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import create_app
from checker.claims import store as claims_store
from checker.db import migrate, open_db
from checker.public import speakers
from checker.public import store as public_store
from checker.public.schema import SPEAKER_INDEX
from checker.review import accounts, rules, statuses
from checker.review import store as review_store

CLAIMS_PER_ARTICLE = 100
MONTHS = 36
NAMES = 2000
NAMED_SHARE, SOURCE_SHARE, VERDICT_SHARE = 0.10, 0.10, 0.01
FIRST_NAMES = ("Jens", "Anna", "Oleksii", "Marie", "Lloyd", "Élise", "Piotr", "Yusuf", "Chloé", "Dmytro")


def name_of(number: int) -> str:
    return f"{FIRST_NAMES[number % len(FIRST_NAMES)]} Témoin{number}"


def build(path: Path, claims: int, with_index: bool = True) -> float:
    """Claims through claims_store.save_article; the seconds the claim writes took (verdicts apart)."""
    db = open_db(str(path))
    migrate(db)
    if not with_index:
        db.execute(f"DROP INDEX {SPEAKER_INDEX}")
    rng = random.Random(claims)
    writing = 0.0
    for number in range(-(-claims // CLAIMS_PER_ARTICLE)):
        rows = []
        for seq in range(min(CLAIMS_PER_ARTICLE, claims - number * CLAIMS_PER_ARTICLE)):
            draw = rng.random()
            if draw < NAMED_SHARE:
                attribution = {"source": name_of(rng.randrange(NAMES)), "source_id": None, "cue": "a déclaré"}
            elif draw < NAMED_SHARE + SOURCE_SHARE:
                attribution = {"source": "The Washington Post", "source_id": "washington-post", "cue": "selon"}
            else:
                attribution = None
            text = f"Claim {number}-{seq}: {rng.randint(2, 5000)} drones."
            rows.append({"text": text, "start": 0, "end": len(text), "paragraph": seq, "checkworthy": True,
                         "score": 0.5, "kind": "statistic", "reasons": [], "quantities": [], "dates": [],
                         "entities": [], "attribution": attribution})
        month = number % MONTHS
        article = {"title": f"Article {number}", "language": "fr",
                   "published": f"{2020 + month // 12}-{month % 12 + 1:02d}-10", "published_certainty": "given",
                   "date_note": "", "text": "\n".join(r["text"] for r in rows),
                   "content_hash": f"scorecard-{claims}-{number}", "origin": "benchmark"}
        started = time.perf_counter()
        claims_store.save_article(db, article, rows, [])
        writing += time.perf_counter() - started
    if with_index:
        reviewer = review_store.create_reviewer(db, "bench", accounts.hash_password("benchmark password"), "reviewer")
        for claim_id in rng.sample(range(1, claims + 1), max(1, int(claims * VERDICT_SHARE))):
            rules.change_status(db, claim_id, rules.Change(rng.choice(statuses.VERDICTS), "Benchmark.", 1),
                                reviewer["id"], max_note_chars=1000)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return writing


def timed(function, rounds: int) -> float:
    """Median seconds of one call."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def line(name: str, seconds: float, reference: float | None = None, against: str = "") -> None:
    ratio = f"  {reference / seconds:8.1f}× faster than {against}" if reference else ""
    print(f"  {name:<52} {seconds * 1000:9.2f} ms{ratio}")


def measure(path: Path, claims: int, rounds: int) -> None:
    db = public_store.public_db(str(path), 5000)
    names = speakers.speakers(public_store.speaker_counts(db))
    busiest = max(names.values(), key=lambda entry: entry["total"])
    filters = {"speaker_names": busiest["names"]}
    marks = ", ".join("?" for _ in busiest["names"])
    skipping = f"""SELECT c.status, COUNT(*) FROM claims c NOT INDEXED
                   WHERE c.source_id IS NULL AND json_extract(c.attribution, '$.source') IN ({marks})
                   GROUP BY c.status"""
    print(f"{claims:,} claims; the busiest speaker has {busiest['total']:,} claims")
    with_index = timed(lambda: public_store.claim_status_counts(db, filters), rounds)
    without = timed(lambda: db.execute(skipping, busiest["names"]).fetchall(), rounds)
    line("a speaker's counts, through the speaker index", with_index, without, "without it")
    line("a speaker's counts, every claim read", without)
    line("every cited name's counts (/sources/, /speakers/)", timed(lambda: public_store.speaker_counts(db), rounds))
    timeline = timed(lambda: public_store.verdict_months(db, filters), rounds)
    line("a speaker's verdicts by month (the scorecard)", timeline)
    source_timeline = timed(lambda: public_store.verdict_months(db, {"source_id": "washington-post"}), rounds)
    line("the Washington Post's verdicts by month", source_timeline)

    app = create_app({"CHECKER_DB": str(path), "SECRET_KEY": "benchmark", "PUBLIC_RENDER_CACHE": 0,
                      "PUBLIC_EARLY_ANSWERS": False, "INSTANCE_DIR": str(path.parent / "instance")})
    client = app.test_client()

    def page(url: str):
        return lambda: client.get(url).close()
    claims_page = timed(page("/claims/"), rounds)
    line("claim index page (no timeline)", claims_page)
    for url, query in ((f"/speakers/{busiest['key']}", timeline), ("/sources/washington-post", source_timeline)):
        seconds = timed(page(url), rounds)
        print(f"  {url:<52} {seconds * 1000:9.2f} ms  {seconds / claims_page:5.2f}× the claim index; "
              f"its scorecard's query is {query / seconds:4.0%} of it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000", help="claim counts, comma-separated (default 100000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each measurement (default 5)")
    options = parser.parse_args()
    sizes = sorted({int(size) for size in options.sizes.split(",") if size.strip()})
    if not sizes or sizes[0] < 1000 or not 1 <= options.rounds <= 50:
        parser.error("sizes must be ≥ 1000 and --rounds 1 to 50")
    folder = Path(tempfile.mkdtemp(prefix="claim-tracker-scorecards-"))
    try:
        build(folder / "warm-up.db", 2000)  # the first writes of a process pay for imports and caches
        for size in sizes:
            bare = build(folder / f"bare-{size}.db", size, with_index=False)
            indexed = build(folder / f"indexed-{size}.db", size)
            print(f"ingest of {size:,} claims: {size / indexed:,.0f} claims/s with the speaker index, "
                  f"{size / bare:,.0f} without it: the index keeps {bare / indexed:.2f}× of the speed")
            measure(folder / f"indexed-{size}.db", size, options.rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
