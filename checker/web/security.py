"""Protection every page gets: CSRF on every POST, security headers, and the login rate limit."""
from __future__ import annotations

import math
import time
from functools import partial

from flask import Blueprint, Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import BadRequest

from checker.text.messages import N_

# Only our own files: no inline script or style, no plugins, no framing, forms post back to us only.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Pages that show what only reviewers may see are never kept by browsers or proxies.
PRIVATE_PREFIXES = ("/review", "/login", "/logout")
NOT_STORED = ("Cache-Control", "no-store")

# The headers each kind of response gets, built once: public answers get HEADERS, reviewer pages HEADERS and
# NOT_STORED (in place of any Cache-Control the view set).
PUBLIC_HEADERS = tuple(HEADERS.items())
PRIVATE_HEADERS = (*PUBLIC_HEADERS, NOT_STORED)
_OWN_NAMES = frozenset(name.lower() for name in HEADERS)

TOO_MANY_FAILED_LOGINS = N_("Too many failed logins from this address; wait a minute and try again.")


def protect_forms(app: Flask) -> None:
    """CSRF on every POST (PUT, PATCH, DELETE): one hook, which goes straight past GET and HEAD."""
    csrf = CSRFProtect()
    # Flask-WTF's own hook would run on every request and look up exemptions before the method; it is
    # switched off (WTF_CSRF_CHECK_DEFAULT) and taken out, and ours checks every POST exactly as it would.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    kept = list(app.before_request_funcs.get(None, []))
    csrf.init_app(app)
    app.before_request_funcs[None] = kept

    @app.before_request
    def check_csrf():
        if request.method in app.config["WTF_CSRF_METHODS"]:
            refuse_nameless_fields()
            if app.config["WTF_CSRF_ENABLED"]:
                csrf.protect(apply_exemptions=True)


def add_headers(app: Flask) -> None:
    """The security headers on every response, around everything else the app is wrapped in."""
    app.wsgi_app = SecurityHeaders(app.wsgi_app)


NAMELESS_FIELD = N_("A field of this form has no name; nothing was saved.")


def refuse_nameless_fields() -> None:
    """A 400 for a multipart part without a name: Werkzeug files it under the key None, which no form reads and
    Flask-WTF's search for the token cannot compare (an AttributeError, so a 500)."""
    if None in request.form or None in request.files:
        raise BadRequest(NAMELESS_FIELD)


class SecurityHeaders:
    """WSGI middleware: the security headers on every response the app sends, error pages and early answers
    included, and `no-store` on reviewer pages. Each kind's headers are a ready-made tuple appended as the
    response starts, since this runs for every request; a header the app set itself is kept."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        # The path as Flask sees it (request.path strips extra leading slashes the same way).
        private = ("/" + environ.get("PATH_INFO", "").lstrip("/")).startswith(PRIVATE_PREFIXES)

        def start_with_headers(status, headers, exc_info=None):
            if private:
                headers = [item for item in headers if item[0].lower() != "cache-control"]
            own = PRIVATE_HEADERS if private else PUBLIC_HEADERS
            present = {name.lower() for name, _ in headers}
            if not present.isdisjoint(_OWN_NAMES):  # the view set one of them itself: its own is kept
                own = [item for item in own if item[0].lower() not in present]
            return start_response(status, [*headers, *own], exc_info)

        return self.wsgi_app(environ, start_with_headers)


def limit_failed_logins(app: Flask, blueprint: Blueprint) -> Limiter:
    """Count failed logins (answered 401) per client address with Flask-Limiter; over the limit, every POST
    to the blueprint (the right password included) gets 429 until the window ends.

    Flask-Limiter hooks itself into every request of the app. Only the login blueprint has a limit, so its
    hooks are moved to that blueprint's scope in Flask's {scope: [functions]} tables: no other request (the
    public pages above all) pays for rate-limit bookkeeping.
    """
    limiter = Limiter(get_remote_address, app=app, storage_uri=app.config["RATELIMIT_STORAGE_URI"],
                      default_limits=[])
    _scope_hooks(app, limiter, blueprint.name)
    limiter.limit(lambda: app.config["REVIEW_LOGIN_LIMIT"], methods=["POST"],
                  deduct_when=lambda response: response.status_code == 401,
                  error_message=TOO_MANY_FAILED_LOGINS)(blueprint)

    def say_when_to_retry(response):
        """A 429 says in how many seconds the window ends (Retry-After), so a client need not guess."""
        breached = limiter.current_limit if response.status_code == 429 else None
        if breached is not None:
            window = breached.limit.get_expiry()
            response.headers["Retry-After"] = str(min(window, max(1, math.ceil(breached.reset_at - time.time()))))
        return response
    app.after_request_funcs.setdefault(blueprint.name, []).append(say_when_to_retry)
    return limiter


def _scope_hooks(app: Flask, limiter: Limiter, scope: str) -> None:
    def is_limiters(hook) -> bool:
        owner = hook.args[0] if isinstance(hook, partial) and hook.args else getattr(hook, "__self__", None)
        return owner is limiter

    for table in (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs):
        app_wide = table.get(None, [])
        moved = [hook for hook in app_wide if is_limiters(hook)]
        table[None] = [hook for hook in app_wide if not is_limiters(hook)]
        table.setdefault(scope, []).extend(moved)
