"""Reviewer accounts: usernames, passwords and roles, checked before the store writes them.

A new password or a deactivation ends the reviewer's sessions (the store removes their session rows).
"""
from __future__ import annotations

import functools
import re

from werkzeug.security import check_password_hash, generate_password_hash

from checker.review import store
from checker.review.rules import ReviewError
from checker.review.schema import ROLES
from checker.text.messages import N_

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}\Z")


def check_username(username: str) -> None:
    if not USERNAME.match(username or ""):
        raise ReviewError(N_("A username is 2 to 100 letters, digits, dots, dashes, underscores or @, starting "
                             "with a letter or digit."))


def check_new_password(password: str, min_chars: int) -> None:
    if len(password or "") < min_chars:
        raise ReviewError(N_("A password needs at least %(count)s characters.", count=min_chars))


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


@functools.cache
def dummy_hash() -> str:
    """A hash made like every real one, checked against when the username is unknown. create_app builds it
    (checker.web.auth.init_logins): built at the first unknown login instead, that login would be the slower one
    and tell an attacker the name was not taken."""
    return hash_password("not a real password")


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password; an unknown user costs the same time as a known one."""
    if password_hash is None:
        check_password_hash(dummy_hash(), password)
        return False
    return check_password_hash(password_hash, password)


def check_role(role: str) -> None:
    if role not in ROLES:
        raise ReviewError(N_("“%(role)s” is not a role; choose one of: %(roles)s.", role=role, roles=", ".join(ROLES)))


def create_reviewer(db, username: str, password_hash: str, role: str = "reviewer") -> dict:
    """A new account; raises ReviewError for an unknown role, store.ReviewerExists for a taken username."""
    check_role(role)
    return store.create_reviewer(db, username, password_hash, role)


def update_reviewer(db, reviewer_id: int, *, role: str | None = None, active: bool | None = None,
                    password_hash: str | None = None) -> dict:
    """Change a reviewer's role, active flag or password. A new password or deactivation ends their sessions."""
    if role is not None:
        check_role(role)
    return store.update_reviewer(db, reviewer_id, role=role, active=active, password_hash=password_hash)
