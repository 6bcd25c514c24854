"""What the reviewer-workspace tests share: reviewers, logins and the CSRF token of a page."""
from __future__ import annotations

import functools
import re

from checker.db import get_db
from checker.review import accounts
from checker.review import store as review_store
from tests.support.app import make_test_app

PASSWORD = "a long enough test password"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@functools.cache
def password_hash() -> str:
    return accounts.hash_password(PASSWORD)


def add_reviewer(app, username: str, role: str = "reviewer") -> dict:
    with app.app_context():
        return review_store.create_reviewer(get_db(), username, password_hash(), role)


def app_with_reviewers(folder, **overrides):
    """A test app with an admin, alice, and a reviewer, bob (both with PASSWORD)."""
    app = make_test_app(folder, **overrides)
    add_reviewer(app, "alice", "admin")
    add_reviewer(app, "bob")
    return app


def reviewer_id(db, username: str) -> int:
    return review_store.reviewer_by_username(db, username)["id"]


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def token_on(client, path: str) -> str:
    return csrf_from(client.get(path).get_data(as_text=True))
