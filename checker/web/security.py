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
# Built once: every response gets them, so adding them must cost next to nothing.
_HEADER_ITEMS = tuple((name.lower(), (name, value)) for name, value in HEADERS.items())

# Pages that show what only reviewers may see are never kept by browsers or proxies.
PRIVATE_PREFIXES = ("/review", "/login", "/logout")

TOO_MANY_FAILED_LOGINS = "Too many failed logins from this address; wait a minute and try again."


def init_app(app: Flask) -> None:
    """Switch on CSRF protection and the security headers."""
    csrf = CSRFProtect()
    # Flask-WTF's own hook looks up exemptions before the method on every request; ours goes straight past
    # GET and HEAD, and checks every POST (PUT, PATCH, DELETE) exactly as that hook would.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)

    @app.before_request
    def check_csrf():
        if request.method in app.config["WTF_CSRF_METHODS"]:
            refuse_nameless_fields()
            if app.config["WTF_CSRF_ENABLED"]:
                csrf.protect(apply_exemptions=True)

    app.wsgi_app = SecurityHeaders(app.wsgi_app)


NAMELESS_FIELD = "A field of this form has no name; nothing was saved."


def refuse_nameless_fields() -> None:
    """A 400 for a multipart part without a name: Werkzeug files it under the key None, which no form reads and
    Flask-WTF's search for the token cannot compare (an AttributeError, so a 500)."""
    if None in request.form or None in request.files:
        raise BadRequest(NAMELESS_FIELD)


class SecurityHeaders:
    """WSGI middleware: the security headers on every response the app sends, error pages included, and
    `no-store` on reviewer pages. The headers are ready-made tuples appended as the response starts, since
    this runs for every request and must cost next to nothing; a header the app set itself is kept."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        # The path as Flask sees it (request.path strips extra leading slashes the same way).
        private = ("/" + environ.get("PATH_INFO", "").lstrip("/")).startswith(PRIVATE_PREFIXES)

        def start_with_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers = [*headers, *(item for lower, item in _HEADER_ITEMS if lower not in present)]
            if private:
                headers = [item for item in headers if item[0].lower() != "cache-control"]
                headers.append(("Cache-Control", "no-store"))
            return start_response(status, headers, exc_info)

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
