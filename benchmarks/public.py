"""Public side under load: prints every figure and its ratio against the goals of issues 6 and 19.

    python benchmarks/public.py                       # 1k, 100k and 1M claims (about half an hour)
    python benchmarks/public.py --sizes 1000,100000   # without the 1M database (about ten minutes)
    python benchmarks/public.py --sizes 1000,20000 --duration 2 --rounds 1   # a quick look

What it does, on 127.0.0.1 only, every load bounded in time:
1. builds databases of N claims through the real store (articles of 100 claims, 1 % with a verdict);
2. the app's favicon (no page work: what every request pays), a claim page and its 304 revalidation under
   gunicorn, for the full app and with each of its layers switched off in turn (checker.LAYERS: sessions,
   logins, csrf, limiter, headers, early answers), against a Flask hello-world page of the claim page's size,
   same workers, same run; goals: claim page ≥ 0.85× hello world, 304 path ≥ 1.1×;
3. p50 latency of random claim pages at the largest size against the smallest (goal ≤ 1.2×);
4. the static export (`flask freeze`) served by nginx against nginx serving a plain file of the same size;
5. random claim pages read while reviewer threads write verdicts (goal: 0 errors, 0 "database is locked").

Steps 2 and 3 serve every variant at once and measure them in turn for --rounds rounds, so a burst of other
work on the machine lands on all of them alike; medians are printed, and ratios are taken within each round.
Load comes from wrk (Debian's /usr/bin/wrk) when installed, else from a Python keep-alive generator (slower,
so its ratios are conservative). Without nginx, step 4 is skipped with a message. Compare the ratios, not
the absolute figures: machines are noisy.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import LAYERS, create_app
from checker.claims import store as claims_store
from checker.db import migrate, open_db
from checker.review import accounts, rules, statuses
from checker.review import store as review_store

BIN = Path(sys.executable).parent
CLAIMS_PER_ARTICLE = 100
VERDICT_SHARE = 0.01
SENTENCES = ("Selon le ministère, {n} drones ont été livrés à {city} en novembre 2022.",
             "The report says {n} missiles were fired at {city} on Tuesday, officials said.",
             "Le budget de la défense a augmenté de {n} % à {city}, a rapporté le Washington Post.",
             "About {n} people were evacuated from {city}, according to the Pentagon.")
CITIES = ("Kyiv", "Przewodów", "Téhéran", "Moscou", "Varsovie", "Odessa", "Lviv", "Kharkiv")
SOURCES = (None, "washington-post", "pentagon", "nato", "lloyd-austin")


# --- data ------------------------------------------------------------------------------------------

def build_database(path: Path, claims: int) -> float:
    """N claims through claims_store.save_article (triggers, FTS and all), 1 % of them given a verdict."""
    started = time.perf_counter()
    db = open_db(str(path))
    migrate(db)
    rng = random.Random(claims)
    reviewer = review_store.create_reviewer(db, "bench", accounts.hash_password("benchmark password"), "reviewer")
    articles = -(-claims // CLAIMS_PER_ARTICLE)
    for number in range(articles):
        count = min(CLAIMS_PER_ARTICLE, claims - number * CLAIMS_PER_ARTICLE)
        sentences = [rng.choice(SENTENCES).format(n=rng.randint(2, 5000), city=rng.choice(CITIES))
                     for _ in range(count)]
        text = "\n".join(sentences)
        position, rows = 0, []
        for seq, sentence in enumerate(sentences):
            source = rng.choice(SOURCES)
            rows.append({"text": sentence, "start": position, "end": position + len(sentence), "paragraph": seq,
                         "checkworthy": True, "score": round(rng.random(), 2), "kind": "statistic",
                         "reasons": ["number with unit"], "quantities": [], "dates": [], "entities": [],
                         "attribution": {"source": source, "source_id": source, "cue": "selon"} if source else None})
            position += len(sentence) + 1
        article = {"title": f"Benchmark article {number}", "language": "fr",
                   "published": f"2022-{1 + number % 12:02d}-{1 + number % 28:02d}", "published_certainty": "given",
                   "date_note": "", "text": text, "content_hash": f"bench-{claims}-{number}", "origin": "benchmark"}
        claims_store.save_article(db, article, rows, [])
    for claim_id in rng.sample(range(1, claims + 1), max(1, int(claims * VERDICT_SHARE))):
        rules.change_status(db, claim_id, rules.Change(rng.choice(statuses.VERDICTS), "Benchmark rationale.", 1),
                            reviewer["id"], max_note_chars=1000)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return time.perf_counter() - started


# --- servers -----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class Server:
    """A process we start and stop ourselves (by its own pid)."""

    def __init__(self, args: list[str], env: dict, url: str, cwd: Path | None = None):
        self.process = subprocess.Popen(args, env={**os.environ, **env}, cwd=cwd, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, start_new_session=True)
        self.url = url
        try:
            wait_for(url)
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.stderr.read().decode("utf-8", "replace") if self.process.stderr else ""


def gunicorn(app_spec: str, env: dict, workers: int, cwd: Path | None = None, probe: str = "/") -> Server:
    port = free_port()
    return Server([str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                   "--log-level", "warning", app_spec], env, f"http://127.0.0.1:{port}{probe}", cwd)


def hello_app(folder: Path, size: int) -> str:
    (folder / "hello_bench.py").write_text(textwrap.dedent(f"""
        from flask import Flask
        app = Flask(__name__)
        BODY = ("<!doctype html><title>hello</title><p>" + "x" * {size}).encode()[:{size}]

        @app.get("/")
        def hello():
            return BODY
    """))
    return "hello_bench:app"


# --- load ----------------------------------------------------------------------------------------------

def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(url: str, duration: float, connections: int, threads: int, headers: dict | None = None,
            random_ids: int | None = None, folder: Path | None = None) -> dict:
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, int(duration))}s", "--latency", "--timeout", "5s"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    if random_ids:
        script = folder / "random.lua"
        script.write_text(f'math.randomseed(os.time())\nrequest = function()\n'
                          f'  return wrk.format("GET", "/claims/" .. math.random(1, {random_ids}))\nend\n')
        args += ["-s", str(script)]
    output = subprocess.run(args + [url], capture_output=True, text=True, timeout=duration + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {"rps": rps, "p50_ms": float(p50.group(1)) * scale[p50.group(2)] if p50 else None,
            "errors": (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, errors.groups())) if errors else 0),
            "requests": int(re.search(r"(\d+) requests in", output).group(1))}


def run_python_load(url: str, duration: float, connections: int, headers: dict | None = None,
                    random_ids: int | None = None) -> dict:
    """Keep-alive clients in threads: requests/s, p50 latency and errors (a 304 counts as success)."""
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    path = "/" + url.split("//", 1)[1].split("/", 1)[1]
    latencies, errors, stop = [], [0], time.monotonic() + duration
    lock = threading.Lock()

    def worker(seed: int) -> None:
        rng, mine, failed = random.Random(seed), [], 0
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        while time.monotonic() < stop:
            target = f"/claims/{rng.randint(1, random_ids)}" if random_ids else path
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers or {})
                response = conn.getresponse()
                response.read()
                if response.status not in (200, 304):
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=5)
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"rps": len(latencies) / duration, "p50_ms": statistics.median(latencies) * 1000 if latencies else None,
            "errors": errors[0], "requests": len(latencies)}


def load(url: str, options, folder: Path, connections: int | None = None, **kwargs) -> dict:
    connections = connections or options.connections
    if options.python_load or not wrk_available():
        return run_python_load(url, options.duration, connections, **kwargs)
    return run_wrk(url, options.duration, connections, min(options.threads, connections), folder=folder, **kwargs)


# --- the steps --------------------------------------------------------------------------------------------

def ratio_line(name: str, value: float, reference: float, goal: str) -> str:
    ratio = value / reference if reference else float("nan")
    return f"  {name}: {ratio:.2f}× (goal {goal})"


def app_env(db: Path, folder: Path) -> dict:
    return {"CHECKER_DB": str(db), "CHECKER_INSTANCE": str(folder / "instance"), "SECRET_KEY": "benchmark only"}


# The app's layers switched off in turn (checker.LAYERS; create_app(without=...)), then all of them: what is
# left is Flask and the views. Each row's figures against the full app's are what that layer costs.
VARIANTS = [("full app", ())] + [(f"without {layer}", (layer,)) for layer in LAYERS] + [("without all six", LAYERS)]
VIEWS = ("favicon", "claim page", "304 path")


def app_spec(without: tuple[str, ...]) -> str:
    return f"checker:create_app(without={without!r})" if without else "checker:create_app()"


def layers_vs_hello(options, folder: Path, db: Path, claim_id: int) -> None:
    """The favicon (no page work: what every request pays), the claim page and its 304 under the full app and
    with each layer off, against a Flask hello world of the claim page's size, all served at once.

    Each round measures the hello world and then the full app's three views (the goals' ratios), then each
    variant's view paired with the full app's same view, back to back, in alternating order from one round to
    the next: a layer's cost is the ratio within its pair, which drifts in the machine's load cannot fake.
    Printed: medians over the rounds, of the figures and of the ratios.
    """
    env = app_env(db, folder)
    path = f"/claims/{claim_id}"
    servers, hello = {}, None
    try:
        for name, without in VARIANTS:
            servers[name] = gunicorn(app_spec(without), env, options.workers, cwd=ROOT, probe=path)
        with urllib.request.urlopen(servers["full app"].url) as response:
            size, etag = len(response.read()), response.headers["ETag"]
        hello = gunicorn(hello_app(folder, size), {}, options.workers, cwd=folder)

        def measure(name: str, view: str) -> dict:
            url = servers[name].url
            if view == "favicon":
                return load(url.rsplit(path, 1)[0] + "/static/favicon.svg", options, folder)
            return load(url, options, folder, headers={"If-None-Match": etag} if view == "304 path" else None)

        rounds = []
        for number in range(options.rounds):
            figures = {"hello world": load(hello.url, options, folder)}
            for view in VIEWS:
                figures["full app", view] = measure("full app", view)
            for name, _ in VARIANTS[1:]:
                for view in VIEWS:
                    pair = ["full app", name] if number % 2 == 0 else [name, "full app"]
                    for member in pair:
                        figures[member, view, name] = measure(member, view)
            rounds.append(figures)
    finally:
        logs = [server.stop() for server in servers.values()]
        if hello is not None:
            hello.stop()

    def median(key) -> float:
        return statistics.median(figures[key]["rps"] for figures in rounds)

    def ratio(key, reference) -> float:
        return statistics.median(figures[key]["rps"] / figures[reference]["rps"] for figures in rounds)

    def errors(name) -> int:
        return sum(run["errors"] for figures in rounds for key, run in figures.items() if key[0] == name)

    print(f"layers: the favicon (no page work), a claim page ({size:,} bytes) and its 304 path in req/s under "
          f"gunicorn {options.workers} workers, medians of {options.rounds} rounds. In brackets, what leaving the "
          f"layer off gains against the full app measured just before or after it:")
    def row(name: str, cells: list[str], note: str = "") -> None:
        print(f"  {name:24} {' '.join(cell.ljust(17) for cell in cells)}{note}")

    row("", [f"{view:>9}" for view in VIEWS])
    row("hello world, same size", ["", f"{median('hello world'):9.0f}"])
    row("full app", [f"{median(('full app', view)):9.0f}" for view in VIEWS], f"{errors('full app')} errors")
    for name, _ in VARIANTS[1:]:
        gains = [ratio((name, view, name), ("full app", view, name)) - 1 for view in VIEWS]
        row(name, [f"{median((name, view, name)):9.0f} ({gain:+4.0%})" for view, gain in zip(VIEWS, gains)],
            f"{errors(name)} errors")
    print("  full app, ratios within each round (median):")
    print(f"    claim page / hello world: {ratio(('full app', 'claim page'), 'hello world'):.2f}× (goal ≥ 0.85×)")
    print(f"    304 path / hello world: {ratio(('full app', '304 path'), 'hello world'):.2f}× (goal ≥ 1.1×)")
    print(f"    favicon / hello world: {ratio(('full app', 'favicon'), 'hello world'):.2f}× (for scale: every "
          f"layer and Flask's static files, no page)")
    print(f"    claim page through Flask (without early) / hello world: "
          f"{ratio(('without early', 'claim page', 'without early'), 'hello world'):.2f}× (for scale)")
    for log in logs:
        if "Traceback" in log:
            print("  an app logged a traceback:\n" + log[-2000:])


def latency_by_size(options, folder: Path, databases: dict[int, Path]) -> None:
    # The per-process render cache is switched off here: at 1k claims every page would soon be served from it
    # and at 100k almost none, so the ratio would measure the cache, not how the database scales.
    # One server per size, all up at once, measured in turn for several rounds: a burst of other work on
    # the machine then lands on every size alike, and the median of the rounds is compared. One connection
    # per worker: with more, a request's latency is mostly its wait in the queue, not what the page costs.
    print(f"random claim pages, render cache off (every page built from the database), {options.workers} "
          f"connections (one per worker), median of {options.rounds} rounds taken in turn:")
    servers, figures = {}, {size: [] for size in databases}
    try:
        for size, db in sorted(databases.items()):
            env = {**app_env(db, folder), "CHECKER_RENDER_CACHE": "0"}
            servers[size] = gunicorn("checker:create_app()", env, options.workers, cwd=ROOT, probe="/claims/1")
        for _ in range(options.rounds):
            for size, server in servers.items():
                figures[size].append(load(server.url.rsplit("/claims/", 1)[0] + "/claims/1", options, folder,
                                          connections=options.workers, random_ids=size))
    finally:
        for server in servers.values():
            server.stop()
    p50 = {size: statistics.median(run["p50_ms"] for run in runs) for size, runs in figures.items()}
    for size, runs in sorted(figures.items()):
        rounds = ", ".join(f"{run['p50_ms']:.1f}" for run in runs)
        print(f"  at {size:>9,} claims: p50 {p50[size]:.2f} ms (rounds: {rounds}), "
              f"{statistics.median(run['rps'] for run in runs):.0f} req/s, {sum(run['errors'] for run in runs)} errors")
    small, large = min(figures), max(figures)
    if small != large:
        print(ratio_line(f"p50 at {large:,} / p50 at {small:,}", p50[large], p50[small], "≤ 1.2×"))


def nginx_static(options, folder: Path, db: Path, claim_id: int) -> None:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not nginx:
        print("static export via nginx: skipped (nginx is not installed; apt-get install nginx)")
        return
    export = folder / "export"
    app = create_app({"CHECKER_DB": str(db), "INSTANCE_DIR": str(folder / "instance"), "SECRET_KEY": "benchmark"})
    from checker.public import freeze
    started = time.perf_counter()
    report = freeze.freeze(app, export, base_url="http://127.0.0.1/")
    print(f"flask freeze of {db.name}: {report.pages:,} files, {report.bytes:,} bytes in "
          f"{time.perf_counter() - started:.1f} s")
    page = export / freeze.file_for(f"/claims/{claim_id}")
    plain = folder / "plain"
    plain.mkdir(exist_ok=True)
    (plain / "plain.html").write_bytes(b"x" * page.stat().st_size)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(textwrap.dedent(f"""
        worker_processes {options.workers};
        pid {folder}/nginx.pid;
        error_log {folder}/nginx-error.log;
        events {{ worker_connections 1024; }}
        http {{
            access_log off;
            client_body_temp_path {folder}/tmp-body; proxy_temp_path {folder}/tmp-proxy;
            fastcgi_temp_path {folder}/tmp-fcgi; uwsgi_temp_path {folder}/tmp-uwsgi; scgi_temp_path {folder}/tmp-scgi;
            types {{ text/html html; text/css css; application/json json; }}
            server {{
                listen 127.0.0.1:{port};
                location /plain/ {{ root {folder}; }}
                location / {{ root {export}; etag on; }}
            }}
        }}
    """))
    server = Server([nginx, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"], {},
                    f"http://127.0.0.1:{port}/plain/plain.html")
    try:
        exported = load(f"http://127.0.0.1:{port}/{freeze.file_for(f'/claims/{claim_id}')}", options, folder)
        plain_file = load(f"http://127.0.0.1:{port}/plain/plain.html", options, folder)
    finally:
        server.stop()
    print(f"nginx, {options.workers} workers: exported claim page {exported['rps']:.0f} req/s, "
          f"plain file of the same size {plain_file['rps']:.0f} req/s")
    print(ratio_line("exported page / plain file", exported["rps"], plain_file["rps"], "≈ 1×: it is a plain file"))


def reads_while_writing(options, folder: Path, db: Path, claims: int) -> None:
    server = gunicorn("checker:create_app()", app_env(db, folder), options.workers, cwd=ROOT, probe="/claims/1")
    stop, writes, locked, failures = threading.Event(), [0], [0], []

    def reviewer(seed: int) -> None:
        rng = random.Random(seed)
        conn_db = open_db(str(db))
        reviewer_id = review_store.reviewer_by_username(conn_db, "bench")["id"]
        while not stop.is_set():
            claim_id = rng.randint(1, claims)
            try:
                state = review_store.claim_state(conn_db, claim_id)
                rules.change_status(conn_db, claim_id, rules.Change(rng.choice(statuses.VERDICTS), "Load test note.",
                                                                     state["version"]),
                                    reviewer_id, max_note_chars=1000)
                writes[0] += 1
            except rules.StaleVersion:
                pass
            except sqlite3.OperationalError as error:
                if "locked" in str(error):
                    locked[0] += 1
                else:
                    failures.append(str(error))
            time.sleep(0.01)
        conn_db.close()

    writers = [threading.Thread(target=reviewer, args=(n,)) for n in range(options.writers)]
    try:
        for thread in writers:
            thread.start()
        figures = load(server.url, options, folder, random_ids=claims)
    finally:
        stop.set()
        for thread in writers:
            thread.join()
        log = server.stop()
    locked_in_log = log.count("database is locked")
    print(f"public reads while {options.writers} reviewers write ({claims:,} claims): "
          f"{figures['rps']:.0f} req/s, {figures['requests']:,} requests, {figures['errors']} errors; "
          f"{writes[0]:,} verdicts written, {locked[0] + locked_in_log} \"database is locked\", "
          f"{len(failures)} other write errors (goal: 0 errors, 0 locked)")


STEPS = ("layers", "latency", "nginx", "writes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000,1000000",
                        help="claim counts to build, comma-separated (default 1000,100000,1000000)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per load measurement (default 5)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn and nginx workers (default 2)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the layers and latency-by-size steps (default 3)")
    parser.add_argument("--steps", default=",".join(STEPS),
                        help=f"steps to run, comma-separated (default all: {','.join(STEPS)})")
    parser.add_argument("--writers", type=int, default=2, help="reviewer threads writing verdicts (default 2)")
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator even with wrk")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (databases, export)")
    parser.add_argument("--folder", type=Path,
                        help="work in this folder and keep it; a database of the same size found there is used as "
                             "it is (as the last run left it: the writes step adds verdicts), not built again")
    options = parser.parse_args()
    sizes = sorted({int(size) for size in options.sizes.split(",") if size.strip()})
    steps = [step.strip() for step in options.steps.split(",") if step.strip()]
    if not set(steps) <= set(STEPS):
        parser.error(f"--steps takes some of {', '.join(STEPS)}")
    if (not sizes or sizes[0] < 100 or options.duration > 120 or options.connections > 256
            or not 1 <= options.rounds <= 20):
        parser.error("sizes must be ≥ 100, --duration ≤ 120 s, --connections ≤ 256, --rounds 1 to 20 "
                     "(loads stay bounded)")

    if options.folder:
        folder = options.folder.resolve()
        folder.mkdir(parents=True, exist_ok=True)
        options.keep = True
    else:
        folder = Path(tempfile.mkdtemp(prefix="claim-tracker-bench-"))
    folder.chmod(0o755)  # nginx workers (another user when started by root) read the export and plain file
    print(f"load generator: {'Python' if options.python_load or not wrk_available() else 'wrk'}; "
          f"{options.connections} connections, {options.duration:g} s per measurement; folder {folder}")
    try:
        databases = {}
        for size in sizes:
            path = folder / f"claims-{size}.db"
            databases[size] = path
            if options.folder and path.exists():
                print(f"using {path} as it is ({path.stat().st_size / 1e6:.1f} MB)")
                continue
            building = folder / f"building-{path.name}"  # renamed once whole: a build cut short is never used
            for leftover in folder.glob(f"{building.name}*"):
                leftover.unlink()
            seconds = build_database(building, size)
            building.rename(path)
            print(f"built {size:,} claims in {seconds:.1f} s ({size / seconds:,.0f} claims/s, "
                  f"{path.stat().st_size / 1e6:.1f} MB)")
        largest = max(sizes)
        if "layers" in steps:
            layers_vs_hello(options, folder, databases[largest], claim_id=largest // 2)
        if "latency" in steps:
            latency_by_size(options, folder, databases)
        if "nginx" in steps:
            nginx_static(options, folder, databases[min(sizes)], claim_id=min(sizes) // 2)
        if "writes" in steps:
            reads_while_writing(options, folder, databases[largest], largest)
    finally:
        if options.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
