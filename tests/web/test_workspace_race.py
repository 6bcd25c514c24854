"""Racing writers on one claim, through a real threaded server: every success is in the history, nothing else."""
from __future__ import annotations

import threading

import requests

from checker.db import get_db
from checker.review import store as review_store
from tests.support.app import live_server, make_test_app
from tests.support.articles import first_claim, load_article
from tests.support.review import PASSWORD, add_reviewer, csrf_from

THREADS = 6
ATTEMPTS = 5
STATUSES = ("in_review", "disputed", "false", "verified", "misleading", "unverifiable")


def _session(base: str, username: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    token = csrf_from(session.get(f"{base}/login", timeout=10).text)
    response = session.post(f"{base}/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                            timeout=10, allow_redirects=False)
    assert response.status_code == 302, response.text
    return session, token


def test_racing_threads_lose_nothing_and_every_success_is_one_history_row(tmp_path):
    app = make_test_app(tmp_path)
    claim = first_claim(app, load_article(app))
    for n in range(THREADS):
        add_reviewer(app, f"racer{n}")
    outcomes: list[tuple[int, str]] = []
    failures: list[str] = []
    lock = threading.Lock()

    with live_server(app) as base:
        sessions = [_session(base, f"racer{n}") for n in range(THREADS)]
        # the token of each session, read from a reviewer page after login
        sessions = [(s, csrf_from(s.get(f"{base}/review/claims/{claim['id']}", timeout=10).text)) for s, _ in sessions]
        start = threading.Barrier(THREADS)

        def race(n: int) -> None:
            session, token = sessions[n]
            try:
                start.wait(timeout=30)
                for attempt in range(ATTEMPTS):
                    version = session.get(f"{base}/api/claims/{claim['id']}", timeout=30).json()["version"]
                    note = f"racer {n} attempt {attempt}"
                    response = session.post(
                        f"{base}/review/claims/{claim['id']}/status", allow_redirects=False, timeout=30,
                        headers={"Accept": "application/json"},
                        data={"status": STATUSES[(n + attempt) % len(STATUSES)], "note": note,
                              "version": str(version), "csrf_token": token})
                    with lock:
                        outcomes.append((response.status_code, note))
            except Exception as error:  # noqa: BLE001 - a thread must report, never die silently
                with lock:
                    failures.append(f"racer {n}: {error!r}")

        threads = [threading.Thread(target=race, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    assert not failures, failures
    assert len(outcomes) == THREADS * ATTEMPTS
    codes = {code for code, _ in outcomes}
    assert codes <= {200, 409}, f"unexpected answers: {sorted(codes)}"
    won = sorted(note for code, note in outcomes if code == 200)
    assert won, "no write succeeded"

    with app.app_context():
        db = get_db()
        history = review_store.history_of_claim(db, claim["id"])
        state = review_store.claim_state(db, claim["id"])
    assert sorted(row["note"] for row in history) == won
    assert state["version"] == 1 + len(won)
    assert [row["version"] for row in history] == list(range(2, 2 + len(won)))
    # each change starts from the status the previous one left: no write was lost in between
    assert all(later["from_status"] == earlier["to_status"] for earlier, later in zip(history, history[1:]))
    assert history[0]["from_status"] == "unreviewed" and state["status"] == history[-1]["to_status"]
