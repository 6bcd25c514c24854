"""Error answers: JSON for API clients, a page for everyone else, for every HTTP error and for a crash.

The handlers never read the request body. A body over MAX_CONTENT_LENGTH raises its 413 while the form is read;
a handler that read the form again would raise again, inside the handler, and turn the 413 into a 500. What
they show comes from the path and the headers only, plus the reviewer's note when the view already read the
form (so a refused status change does not lose the note).
"""
from __future__ import annotations

import sqlite3

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from checker.text.messages import N_
from checker.web.i18n import VARY_PAGE, translate

# Messages are made with N_: English as strings (the JSON answers, which stay English for the programs reading
# them), in the reader's language on an error page (checker/web/i18n.py).
ERROR_MESSAGES = {
    400: N_("The request was not understood; nothing was saved."),
    401: N_("Log in first."),
    403: N_("You are not allowed to do that."),
    404: N_("This page does not exist."),
    405: N_("That method is not allowed here."),
    409: N_("Someone else changed this first; nothing was saved."),
    413: N_("That upload is too large; nothing was saved."),
    429: N_("Too many attempts; wait a minute and try again."),
    500: N_("Something went wrong on our side; nothing was saved. Try again later."),
    503: N_("The site is busy right now; nothing was saved. Try again in a moment."),
}
OTHER_ERROR = N_("The request could not be answered; nothing was saved.")
CSRF_MESSAGE = N_("This form has expired or did not come from this site (missing or stale CSRF token); nothing was "
                  "saved. Reload the page and submit again.")
# Headers an error keeps from the exception that raised it: what the client needs to act on it.
KEPT_HEADERS = ("Allow", "Retry-After")
# The page shown when even the error page fails (say, the database is gone): no template, no database.
LAST_RESORT_PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{code} · Claim Tracker"
                    "</title></head><body><h1>{code}</h1><p>{message}</p><p><a href=\"/\">Back to the article list"
                    "</a></p></body></html>")


def wants_json() -> bool:
    """API clients (paths under /api/, or an Accept header preferring JSON) get JSON answers."""
    if request.path == "/api" or request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def kept_note() -> str:
    """The note the reviewer typed, when the view read the form before the error; never reads the body itself."""
    form = request.__dict__.get("form")  # set by Werkzeug once the form was read; absent if reading it failed
    if form is None or request.method != "POST":
        return ""
    return (form.get("note") or "").strip()


def error_page(code: int, message: str | None = None, headers: dict | None = None):
    """An error as JSON for API clients, else as a page; the message says what happened in plain words."""
    text = message or ERROR_MESSAGES.get(code, OTHER_ERROR)
    if wants_json():
        return jsonify({"error": str(text)}), code, headers or {}
    page = render_template("error.html", code=code, message=translate(text), kept_note=kept_note())
    return page, code, {"Vary": VARY_PAGE, **(headers or {})}


def _message_of(error: HTTPException) -> str | None:
    """The description we gave the error (abort(403, "…"), a BadParameter), not Werkzeug's generic one."""
    description = error.description
    return description if description and description != type(error).description else None


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    headers = {name: value for name, value in error.get_headers() if name in KEPT_HEADERS}
    return error_page(error.code, _message_of(error), headers)


def _crash(error: InternalServerError):
    """An unexpected exception: the 500 answer, which must not fail in turn. Rendering the page reads the
    session and may read the database (the page header names a logged-in reviewer); when that is what broke,
    the last-resort page is sent instead."""
    try:
        return error_page(500)
    except Exception:  # noqa: BLE001 - whatever broke the request may break its error page too
        if wants_json():
            return {"error": str(ERROR_MESSAGES[500])}, 500
        return LAST_RESORT_PAGE.format(code=500, message=ERROR_MESSAGES[500]), 500  # English: no catalogue here


def _database_error(error: sqlite3.OperationalError):
    """SQLite still locked after the busy timeout: a 503 that says to try again, not a crash. Any other
    OperationalError is a bug, answered as one."""
    if "locked" in str(error) or "busy" in str(error):
        return error_page(503, headers={"Retry-After": "1"})
    return _crash(InternalServerError(original_exception=error))


def init_app(app) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _crash)
    app.register_error_handler(sqlite3.OperationalError, _database_error)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(400, CSRF_MESSAGE)
