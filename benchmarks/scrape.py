"""Scrape benchmark against local servers: politeness overhead and bytes re-downloaded.

1. Wall time of N pages spread over H hosts with a per-host delay d, against the politeness bound
   (each host's requests, robots.txt included, spaced d apart; hosts in parallel). Goal: ≤ 1.2×.
2. Body bytes downloaded when the same pages are fetched again with their validators (ETag). Goal: 0.

Run: .venv/bin/python benchmarks/scrape.py [N] [H] [d]
"""
from __future__ import annotations

import hashlib
import logging
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import make_server  # noqa: E402
from werkzeug.wrappers import Request, Response  # noqa: E402

from checker.sources.http import Fetcher, Settings  # noqa: E402
from checker.sources.http import Request as FetchRequest

PAGE = ("<html><head><meta charset='utf-8'><title>benchmark page</title></head><body>"
        + "<p>Benchmark paragraph about air defence and drones.</p>" * 200 + "</body></html>").encode()
ETAG = '"' + hashlib.sha256(PAGE).hexdigest()[:16] + '"'


@Request.application
def app(request: Request) -> Response:
    if request.path == "/robots.txt":
        return Response("User-agent: *\nAllow: /\n", content_type="text/plain")
    if request.headers.get("If-None-Match") == ETAG:
        return Response(status=304, headers={"ETag": ETAG})
    return Response(PAGE, content_type="text/html; charset=utf-8", headers={"ETag": ETAG})


def start_hosts(count: int):
    servers = [make_server("127.0.0.1", 0, app, threaded=True) for _ in range(count)]
    for server in servers:
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return servers


def main(pages: int = 40, hosts: int = 4, delay: float = 0.1) -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # keep the output to our figures
    servers = start_hosts(hosts)
    urls = [f"http://127.0.0.1:{servers[i % hosts].server_port}/page/{i}" for i in range(pages)]
    fetcher = Fetcher(Settings(user_agent="ClaimTracker-benchmark/0.1 (+https://example.org/contact)",
                               host_delay=delay, host_workers=hosts, allow_private=True))
    try:
        started = time.perf_counter()
        first = fetcher.get_many([FetchRequest(u) for u in urls])
        wall = time.perf_counter() - started
        per_host = -(-pages // hosts) + 1  # pages of the busiest host, plus its robots.txt
        bound = (per_host - 1) * delay
        print(f"pages={pages} hosts={hosts} delay={delay:g}s")
        print(f"wall time          {wall:.3f} s")
        print(f"politeness bound   {bound:.3f} s   ratio {wall / bound:.2f}x (goal <= 1.2x)")
        before = fetcher.body_bytes
        etags = [r.headers.get("ETag") for r in first]
        second = fetcher.get_many([FetchRequest(u, etag) for u, etag in zip(urls, etags)])
        print(f"first pass bytes   {before:,} (robots.txt and pages)")
        print(f"re-scrape bytes    {fetcher.body_bytes - before:,} (goal 0); "
              f"{sum(1 for r in second if r.status == 304)}/{pages} answered 304")
    finally:
        fetcher.close()
        for server in servers:
            server.shutdown()


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 40, int(args[1]) if len(args) > 1 else 4, float(args[2]) if len(args) > 2 else 0.1)
