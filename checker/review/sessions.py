"""Reviewer sessions kept on the server: what a session is, when it has ended, and when to record activity.

A login starts a session: a random token goes into the (signed) session cookie, and only its SHA-256 digest is
stored (checker.review.store, table reviewer_sessions), so a copy of the database opens no session. Every
request looks the session up, so a session ends for every copy of the cookie at once when its row goes: at
logout (that session only), at a new password or a deactivation (all of the reviewer's sessions), when it has
been idle for REVIEW_SESSION_IDLE, or REVIEW_SESSION_LIFETIME after the login, however busy.

Why a table rather than a per-reviewer generation number in the cookie: a generation ends every session of the
reviewer at once, so logging out on one computer would log out the others, and an idle time would have to be
carried (and trusted) in the cookie. A row per session ends just that session, keeps the times on our side,
and costs one indexed read per reviewer request, plus a write at most once per REVIEW_SESSION_TOUCH.

Plain functions of times and rows; the store holds the SQL.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

TOKEN_BYTES = 32


def clock() -> datetime:
    """Now, in UTC: the one clock sessions are judged by (tests move it)."""
    return datetime.now(timezone.utc)


def stamp(moment: datetime) -> str:
    """A time as the tables store it."""
    return moment.isoformat(timespec="seconds")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """What the table keeps of a session token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _time(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def has_ended(row: dict, now: datetime, idle: timedelta, lifetime: timedelta) -> bool:
    """Whether a session row has been idle too long or has reached its lifetime."""
    return now - _time(row["last_seen_at"]) >= idle or now - _time(row["created_at"]) >= lifetime


def worth_recording(row: dict, now: datetime, every: timedelta) -> bool:
    """Whether to write this visit as the session's last activity (at most once per `every`)."""
    return now - _time(row["last_seen_at"]) >= every


def cutoffs(now: datetime, idle: timedelta, lifetime: timedelta) -> tuple[str, str]:
    """(last seen before, created before): the stamps before which a session row has ended."""
    return stamp(now - idle), stamp(now - lifetime)
