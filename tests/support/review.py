"""What the reviewer-workspace tests share: an app with CSRF on, reviewers, an article, logins, a live server."""
from __future__ import annotations

import functools
import re
import threading
from contextlib import contextmanager

from werkzeug.serving import make_server

from checker import create_app
from checker.claims import ingest
from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.config import Config
from checker.db import get_db
from checker.review import accounts
from checker.review import store as review_store

PASSWORD = "a long enough test password"
ARTICLE = ("date 2022-11-19 Moscou et Téhéran ont conclu un accord pour fabriquer 1 000 drones, "
           "a rapporté samedi le Washington Post.\n\nSelon le rapport, les deux pays prévoient "
           "de lancer la production dans les trois mois.\n")
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def make_app(tmp_path, **overrides):
    """The app on a real SQLite file, with CSRF explicitly ON (these tests are about it)."""
    config = {
        "TESTING": True,
        "WTF_CSRF_ENABLED": True,
        "CHECKER_DB": str(tmp_path / "checker.db"),
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": "review-test-secret",
        "SESSION_COOKIE_SECURE": False,  # plain http on 127.0.0.1 in tests
        "REVIEW_LOGIN_LIMIT": "1000 per minute",
    }
    config.update(overrides)
    return create_app(config)


@functools.cache
def password_hash() -> str:
    return accounts.hash_password(PASSWORD)


def add_reviewer(app, username: str, role: str = "reviewer") -> dict:
    with app.app_context():
        return review_store.create_reviewer(get_db(), username, password_hash(), role)


def load_article(app, text: str = ARTICLE) -> int:
    with app.app_context():
        raw = ingest.RawInput(text.encode("utf-8"), "review-test.txt")
        return ingest.ingest(get_db(), raw, source_registry.load(Config.CHECKER_SOURCES))[0]


def first_claim(app, article_id: int) -> dict:
    with app.app_context():
        claims = claims_store.claims_of_article(get_db(), article_id)
        return max(claims, key=lambda c: c["score"])


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def token_on(client, path: str) -> str:
    return csrf_from(client.get(path).get_data(as_text=True))


@contextmanager
def live_server(app):
    """The app served by werkzeug on 127.0.0.1, on a free port, threaded, in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
