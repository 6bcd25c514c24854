"""Reviewer accounts: passwords are kept only as scrypt hashes."""
from __future__ import annotations

from checker.db import get_db
from checker.review import store as review_store
from tests.support.review import PASSWORD


def test_passwords_are_stored_as_scrypt_hashes(app):
    with app.app_context():
        row = review_store.reviewer_by_username(get_db(), "bob")
    assert row["password_hash"].startswith("scrypt:")
    assert PASSWORD not in row["password_hash"]
