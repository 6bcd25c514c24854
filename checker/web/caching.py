"""WSGI middleware: a reader revalidating a claim page gets its 304 before Flask is entered.

When a claim goes viral, most requests are browsers and CDNs asking whether their copy is still current.
The answer takes one indexed read and a string comparison; building Flask's request, contexts and
response around it costs several times more. This middleware answers exactly those requests, with the
headers the Flask view sends on its own 304 (a test holds the two side by side), and passes everything
else, and every doubt, on to Flask:
- a GET of /claims/<id> or /api/claims/<id> with no query string;
- no cookie at all (a logged-in reviewer gets private copies from the view; a reader with some other
  cookie simply takes the ordinary path);
- an If-None-Match that names the current ETag exactly, as clients send it back.
An unknown claim, a stale copy or a list of ETags all go to the view, which answers them in full.
"""
from __future__ import annotations

import re
import sqlite3

from flask import Flask

from checker.public import freeze
from checker.public import store as public_store
from checker.web import pages

CLAIM_PATH = re.compile(r"/(?:api/)?claims/([1-9][0-9]{0,18})\Z")
NOT_MODIFIED = "304 NOT MODIFIED"  # the status line Werkzeug writes for the view's 304


class EarlyRevalidation:
    """Answer the anonymous revalidation of a claim page with 304, or hand the request to the app."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app
        self._settings: tuple[str, int, str, str] | None = None

    def __call__(self, environ, start_response):
        sent = environ.get("HTTP_IF_NONE_MATCH")
        if (sent and environ.get("REQUEST_METHOD") == "GET" and not environ.get("QUERY_STRING")
                and "HTTP_COOKIE" not in environ and not environ.get(freeze.FROZEN_ENVIRON)):
            found = CLAIM_PATH.match(environ.get("PATH_INFO", ""))
            if found and int(found.group(1)) <= pages.MAX_ID:
                headers = self._not_modified_headers(int(found.group(1)), sent)
                if headers is not None:
                    start_response(NOT_MODIFIED, headers)
                    return []
        return self.wsgi_app(environ, start_response)

    def _not_modified_headers(self, claim_id: int, sent: str) -> list[tuple[str, str]] | None:
        path, busy_timeout_ms, build, cache_control = self._app_settings()
        try:
            marker = public_store.claim_marker(public_store.public_db(path, busy_timeout_ms), claim_id)
        except sqlite3.Error:
            return None  # the view meets the same trouble and answers it with a proper page
        if marker is None:
            return None
        validator, modified = pages.claim_state(claim_id, marker)
        etag = pages.conditional_headers(validator, modified, build, False)[0]
        if not pages.sent_back(sent, etag):
            return None
        # What the view's 304 carries: Werkzeug drops Last-Modified from a 304, and the security headers are
        # added by the middleware around this one.
        return pages.validator_headers(etag, None, cache_control)

    def _app_settings(self) -> tuple[str, int, str, str]:
        """The database, the build tag and the Cache-Control value: fixed for the life of the process."""
        if self._settings is None:
            with self.app.app_context():
                config = self.app.config
                self._settings = (config["CHECKER_DB"], config["DB_BUSY_TIMEOUT_MS"], pages.build_tag(),
                                  pages.public_cache_control())
        return self._settings


def init_app(app: Flask) -> None:
    """Put the early answer in front of the app when PUBLIC_EARLY_304 is on (it is by default)."""
    if app.config["PUBLIC_EARLY_304"]:
        app.wsgi_app = EarlyRevalidation(app.wsgi_app, app)
