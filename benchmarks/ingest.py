"""Ingest benchmark: batch ingest of generated ~4 KB articles, one `flask ingest` from a cold start, and long
texts with no sentence end.

Prints articles/s for the whole step (decode, date, language, claim extraction, one transaction per
article) against a baseline measured in the same run: storing the same articles with no extraction.
The cold-start figure is set against `flask --help` in a fresh process, the floor any command pays.
Goal: at least 50 articles/s on one core (the median of --rounds rounds, 3 by default).

The same rounds run with the example's seven sources only (the registry before it grew), interleaved with
the full default registry's, so the cost of the bigger registry is a ratio of one run. Goal: within 10 %.

The learned check-worthiness model's cost is the full registry's ingest with the rules alone (a model folder
with no model: every language keeps the rules, as French does), article by article in turns with the full
ingest so that a busy machine slows both alike. Goal (issue 14): within 20 % of the rules' rate.

Long texts (issue 20): each kind of tests/support/long_texts.py (one phrase repeated, a table pasted as one line,
words with no punctuation) is prepared (decode, clean, claim extraction) at 200k and at 1.6M characters, the
second text eight times the first and starting with it; the CPU time ratio is 8 when every step is linear.
Goal: at most 10. Then `flask ingest` of the text cut just under the ingest size limit, in a fresh process:
wall and CPU time and peak memory (the child's maximum resident set), set against the same command on
one paragraph of news. Goals: under 10 s, under 300 MB.

    python benchmarks/ingest.py [--articles 300] [--part all|articles|long]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.claims import ingest
from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.config import Config  # noqa: E402
from checker.db import migrate, open_db
from tests.support.long_texts import KINDS, long_text, under_bytes

GOAL_ARTICLES_PER_SECOND = 50
GOAL_MODEL_RATIO = 0.8  # issue 14: scoring keeps ingest within 20 % of the rules' rate
SHORT_CHARS, LONG_CHARS = 200_000, 1_600_000  # the scaling pair: linear time gives a ratio of 8
GOAL_SCALING_RATIO = 10
GOAL_LIMIT_SECONDS = 10  # `flask ingest` of a text just under the size limit, CPU time of the process
GOAL_LIMIT_MEGABYTES = 300  # its peak resident memory
LONG_LANG, LONG_DATE = "fr", "2022-11"  # given, as a table of figures tells no language
GOAL_REGISTRY_SLOWDOWN = 0.10  # the full registry may cost at most this share of the seven sources' speed
# The sources of the example article: the whole default registry before it grew.
EXAMPLE_SOURCE_IDS = ("washington-post", "pentagon", "nato", "ukraine-general-staff", "fox-news", "lloyd-austin",
                      "oleksii-hromov")
# Sentences of news length: the seed article averages about 210 characters a sentence, and these about
# 160 (the benchmark prints both), so the per-sentence work is not undercounted.
FRENCH_SENTENCES = [
    "Selon le ministère de la Défense, {n} drones ont été abattus depuis le {d} {m} au-dessus des régions de "
    "l’est, où les frappes visent surtout les installations électriques.",
    "Le porte-parole {p} a déclaré {w} que plus de {n} missiles avaient visé des sites civils, dont des écoles "
    "et des hôpitaux, au cours des dernières semaines.",
    "Quelque {n} soldats auraient été déployés près de {c} en {m}, a rapporté le {s}, qui cite des "
    "responsables du renseignement sous le couvert de l’anonymat.",
    "La Russie a lancé environ {n} missiles de croisière contre l’Ukraine depuis le début de l’hiver, selon "
    "l’état-major, qui affirme en avoir intercepté la plupart.",
    "On ne sait pas si l’accord pourrait être appliqué dans les trois mois, ni quelle part de la production "
    "serait réellement livrée aux forces engagées sur le front.",
    "Les deux pays ont d’abord démenti les informations publiées plus tôt cette année, avant de reconnaître "
    "des discussions sur la fabrication de drones sur le sol russe.",
    "CLIQUEZ ICI POUR RECEVOIR NOTRE LETTRE D’INFORMATION",
    "LES ALLIÉS PROMETTENT {n} 000 OBUS À KYIV APRÈS LE SOMMET DE {C}",
]
ENGLISH_SENTENCES = [
    "According to the defence ministry, {n} drones have been shot down since {M} {d} over the eastern regions, "
    "where the strikes mostly target power plants.",
    "Spokesman {p} said on {W} that more than {n} missiles had hit civilian sites, including schools and "
    "hospitals, over the past few weeks.",
    "Some {n} troops were reportedly deployed near {c} in {M}, the {s} reported, citing intelligence officials "
    "who spoke on condition of anonymity.",
    "Russia launched about {n} cruise missiles at Ukraine since the start of the winter, the general staff "
    "said, adding that most of them were intercepted.",
    "It is unclear whether the deal could be carried out within three months, or how much of the output would "
    "actually reach the forces on the front line.",
]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September"]


def generated_article(seed: int, target_bytes: int = 4096) -> str:
    """A news-like article: paragraphs of two or three sentences, one promo line, one capitals headline."""
    rng = random.Random(seed)
    french = seed % 3 != 0
    templates = [t for t in (FRENCH_SENTENCES if french else ENGLISH_SENTENCES) if not t.isupper()]
    extras = [t for t in FRENCH_SENTENCES if t.isupper()] if french else []

    def fill(template: str) -> str:
        return template.format(
            n=f"{rng.randint(2, 9999):,}".replace(",", "\u00a0" if french else ","),
            d=rng.randint(1, 28), m=rng.choice(MONTHS_FR), M=rng.choice(MONTHS_EN),
            p=rng.choice(["Igor Konachenkov", "John Kirby", "Oleksii Hromov"]),
            w=rng.choice(["jeudi", "samedi", "lundi"]), W=rng.choice(["Thursday", "Monday"]),
            c=rng.choice(["Kharkiv", "Kherson", "Bakhmout"]), C=rng.choice(["BRUXELLES", "MADRID"]),
            s=rng.choice(["Washington Post", "New York Times"]))

    paragraphs, size = [], 0
    while size < target_bytes:
        paragraph = " ".join(fill(rng.choice(templates)) for _ in range(rng.randint(2, 3)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    for extra in extras:
        paragraphs.insert(rng.randint(1, len(paragraphs) - 1), fill(extra))
    return f"date 2022-{rng.randint(1, 12):02d} " + "\n\n".join(paragraphs)


def average_sentence_chars(text: str, registry) -> float:
    prepared = ingest.prepare(ingest.RawInput(text.encode("utf-8"), "sample"), registry)
    claims = prepared.claims
    return sum(len(c["text"]) for c in claims) / max(len(claims), 1)


def example_registry(registry: source_registry.Registry) -> source_registry.Registry:
    return source_registry.Registry([s for s in registry.sources if s.id in EXAMPLE_SOURCE_IDS], registry.wayback)


class Batch(NamedTuple):
    full: float  # articles/s, wall clock
    full_cpu: float  # articles/s per CPU second of this process
    rules_cpu: float | None  # the same with the rules alone, per CPU second, when measured
    baseline: float  # storing only, wall clock
    average_bytes: int


def bench_batch(count: int, registry: source_registry.Registry, rules_alone: bool) -> Batch:
    """The full ingest of `count` articles, in turns with the same ingest by the rules alone if asked, then
    the store-only baseline."""
    articles = [generated_article(i).encode("utf-8") for i in range(count)]
    average_bytes = sum(map(len, articles)) // count
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(os.path.join(folder, "bench.db"))
        migrate(db)
        rules_db = open_db(os.path.join(folder, "rules.db"))
        migrate(rules_db)
        no_model = Path(folder)  # holds no model.json
        wall = cpu = rules_cpu = 0.0
        for i, data in enumerate(articles):
            # In turns, each first every other article: whatever else the machine runs slows both alike.
            for with_model in ((True, False) if i % 2 else (False, True)) if rules_alone else (True,):
                started, cpu_started = time.perf_counter(), time.process_time()
                if with_model:
                    ingest.ingest(db, ingest.RawInput(data, f"bench-{i}.txt"), registry)
                    wall += time.perf_counter() - started
                    # CPU time of this one process: what one core does, whatever else the machine is running.
                    cpu += time.process_time() - cpu_started
                else:
                    ingest.ingest(rules_db, ingest.RawInput(data, f"bench-{i}.txt"), registry, model_dir=no_model)
                    rules_cpu += time.process_time() - cpu_started

        baseline_db = open_db(os.path.join(folder, "baseline.db"))
        migrate(baseline_db)
        started = time.perf_counter()
        for i, data in enumerate(articles):
            text = data.decode("utf-8")
            claims_store.save_article(baseline_db, {
                "title": text[:60], "language": "fr", "published": None, "published_certainty": "unknown",
                "date_note": "", "text": text, "content_hash": hashlib.sha256(data).hexdigest(),
                "origin": f"bench-{i}.txt"}, [], [])
        baseline = count / (time.perf_counter() - started)
    return Batch(count / wall, count / cpu, count / rules_cpu if rules_alone else None, baseline, average_bytes)


def cold_start() -> tuple[float, float]:
    flask = str(Path(sys.executable).with_name("flask"))
    env = {**os.environ, "FLASK_APP": str(ROOT / "app.py")}
    with tempfile.TemporaryDirectory() as folder:
        env["CHECKER_DB"] = os.path.join(folder, "cold.db")
        article = Path(folder) / "article.txt"
        article.write_text(generated_article(10_001), encoding="utf-8")
        subprocess.run([flask, "init-db"], env=env, check=True, capture_output=True, cwd=ROOT)
        started = time.perf_counter()
        subprocess.run([flask, "--help"], env=env, check=True, capture_output=True, cwd=ROOT)
        floor = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run([flask, "ingest", str(article)], env=env, check=True, capture_output=True, cwd=ROOT)
        one = time.perf_counter() - started
    return one, floor


def prepare_seconds(text: str, registry) -> float:
    """CPU seconds of ingest.prepare (decode, clean, claim extraction) on `text`: one core's work, whatever else
    the machine runs."""
    raw = ingest.RawInput(text.encode("utf-8"), "long.txt")
    started = time.process_time()
    ingest.prepare(raw, registry, LONG_LANG, LONG_DATE)
    return time.process_time() - started


# Runs a command and prints its wall seconds, CPU seconds and peak resident kilobytes (ru_maxrss, in kilobytes
# on Linux), or exits with its status. A small process of its own starts the command: a child's ru_maxrss
# counts the memory of the process it was forked from, which here would be this benchmark's.
MEASURE = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
if status:
    sys.exit(1)
print(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def flask_ingest_cost(text: str) -> tuple[float, float, float, dict]:
    """`flask ingest` of `text` in a fresh process on a fresh database: (wall seconds, CPU seconds, peak resident
    megabytes, the database's row counts)."""
    flask = str(Path(sys.executable).with_name("flask"))
    env = {**os.environ, "FLASK_APP": str(ROOT / "app.py")}
    with tempfile.TemporaryDirectory() as folder:
        env["CHECKER_DB"] = os.path.join(folder, "long.db")
        article = Path(folder) / "long.txt"
        article.write_text(text, encoding="utf-8")
        subprocess.run([flask, "init-db"], env=env, check=True, capture_output=True, cwd=ROOT)
        command = [flask, "ingest", str(article), "--lang", LONG_LANG, "--date", LONG_DATE]
        done = subprocess.run([sys.executable, "-c", MEASURE, *command], env=env, cwd=ROOT, capture_output=True,
                              text=True)
        if done.returncode != 0:
            raise SystemExit(f"flask ingest failed on a long text: {done.stderr.strip()[-500:]}")
        wall, cpu, peak_kilobytes = map(float, done.stdout.split())
        db = open_db(env["CHECKER_DB"])
        counts = claims_store.counts(db)
        db.close()
    return wall, cpu, peak_kilobytes / 1024, counts


def long_texts(registry) -> None:
    print(f"long texts with no sentence end (tests/support/long_texts.py), --lang {LONG_LANG}:")
    print(f"  claim extraction (ingest.prepare), CPU seconds at {SHORT_CHARS:,} and {LONG_CHARS:,} characters, "
          f"ratio (linear: {LONG_CHARS // SHORT_CHARS}, goal <= {GOAL_SCALING_RATIO}):")
    for kind in KINDS:
        text = long_text(kind, LONG_CHARS)
        short = prepare_seconds(text[:SHORT_CHARS], registry)
        long = prepare_seconds(text, registry)
        ratio = long / short
        print(f"    {kind:17} {short:7.2f} s {long:7.2f} s   ratio {ratio:5.2f}   "
              f"{'met' if ratio <= GOAL_SCALING_RATIO else 'NOT met'}")
    limit = Config.MAX_ARTICLE_BYTES
    floor_wall, floor_cpu, floor_memory, _ = flask_ingest_cost(generated_article(10_002).split("\n")[0])
    print(f"  flask ingest, fresh process, a text just under the {limit:,}-byte limit "
          f"(goals: < {GOAL_LIMIT_SECONDS} s CPU, < {GOAL_LIMIT_MEGABYTES} MB peak):")
    print(f"    baseline, one paragraph: {floor_wall:6.2f} s wall {floor_cpu:6.2f} s CPU {floor_memory:6.0f} MB")
    for kind in KINDS:
        text = under_bytes(long_text(kind, limit), limit)
        wall, cpu, memory, counts = flask_ingest_cost(text)
        met = cpu < GOAL_LIMIT_SECONDS and memory < GOAL_LIMIT_MEGABYTES
        print(f"    {kind:17} {wall:6.2f} s wall {cpu:6.2f} s CPU {memory:6.0f} MB   "
              f"{len(text):,} characters, {counts['claims']:,} claims   {'met' if met else 'NOT met'}   "
              f"(CPU {cpu / floor_cpu:.1f}x, memory {memory / floor_memory:.1f}x the baseline)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3,
                        help="batch rounds, each on a fresh database; the median is the figure (default 3)")
    parser.add_argument("--part", choices=("all", "articles", "long"), default="all",
                        help="articles: batch and cold start only; long: the long texts only (default all)")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 20 or not 1 <= args.articles <= 100_000:
        parser.error("--rounds 1 to 20, --articles 1 to 100000")
    if args.part != "long":
        articles(args)
    if args.part != "articles":
        long_texts(source_registry.load(Config.CHECKER_SOURCES))


def articles(args) -> None:
    # The same work several times over: on a shared machine one round can run 20 % slower than the next.
    # Each round ingests with the example's seven sources, then with the whole registry, so both meet the
    # same machine load.
    registry = source_registry.load(Config.CHECKER_SOURCES)
    seven = example_registry(registry)
    rounds, seven_rounds = [], []
    for _ in range(args.rounds):
        # Both in turns with the rules alone, so that the two registries' figures are taken alike.
        seven_rounds.append(bench_batch(args.articles, seven, rules_alone=True))
        rounds.append(bench_batch(args.articles, registry, rules_alone=True))
    full, full_cpu, rules_cpu, baseline = (statistics.median(getattr(r, name) for r in rounds)
                                           for name in ("full", "full_cpu", "rules_cpu", "baseline"))
    model_ratio = statistics.median(r.full_cpu / r.rules_cpu for r in rounds)
    seven_cpu = statistics.median(r.full_cpu for r in seven_rounds)
    size = rounds[0].average_bytes
    print(f"batch ingest: {args.articles} generated articles of ~{size:,} bytes, one process, "
          f"median of {args.rounds} rounds")
    seed = ROOT.parent / "shared" / "seed" / "drones-2022-11.fr.txt"
    shape = f"  sentence length: {average_sentence_chars(generated_article(0), registry):.0f} characters on average"
    if seed.exists():
        shape += f" (the seed article: {average_sentence_chars(seed.read_text(encoding='utf-8'), registry):.0f})"
    print(shape)
    print(f"  full ingest (extract + store): {full:8.1f} articles/s wall clock")
    print(f"  full ingest per CPU second:    {full_cpu:8.1f} articles/s   goal >= {GOAL_ARTICLES_PER_SECOND}: "
          f"{'met' if full_cpu >= GOAL_ARTICLES_PER_SECOND else 'NOT met'}")
    print(f"    rounds: {', '.join(f'{r.full_cpu:.1f}' for r in rounds)}")
    print(f"  rules alone, per CPU second:   {rules_cpu:8.1f} articles/s   (no check-worthiness model)")
    print(f"  ratio with model/rules alone:  {model_ratio:8.3f}   goal >= {GOAL_MODEL_RATIO}: "
          f"{'met' if model_ratio >= GOAL_MODEL_RATIO else 'NOT met'}   "
          f"(rounds: {', '.join(f'{r.full_cpu / r.rules_cpu:.3f}' for r in rounds)})")
    print(f"  baseline (store only):         {baseline:8.1f} articles/s")
    print(f"  ratio full/baseline:           {full / baseline:8.3f}")
    slowdown = 1 - full_cpu / seven_cpu
    print(f"registry: {len(registry.sources)} sources against the example's {len(seven.sources)}, same run:")
    print(f"  per CPU second, {len(seven.sources)} sources:      {seven_cpu:8.1f} articles/s")
    print(f"    rounds: {', '.join(f'{r.full_cpu:.1f}' for r in seven_rounds)}")
    print(f"  per CPU second, {len(registry.sources)} sources:    {full_cpu:8.1f} articles/s")
    print(f"  slowdown:                      {slowdown:8.1%}   goal <= {GOAL_REGISTRY_SLOWDOWN:.0%}: "
          f"{'met' if slowdown <= GOAL_REGISTRY_SLOWDOWN else 'NOT met'}")
    one, floor = cold_start()
    print("cold start, fresh process:")
    print(f"  flask ingest ARTICLE:          {one:8.3f} s")
    print(f"  baseline flask --help:         {floor:8.3f} s")
    print(f"  ratio ingest/--help:           {one / floor:8.3f}")


if __name__ == "__main__":
    main()
