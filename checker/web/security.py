"""Protection every page gets: CSRF on every POST, security headers, and the login rate limit."""
from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

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


def init_app(app: Flask) -> Limiter:
    """Switch on CSRF protection and the security headers; return the app's rate limiter."""
    CSRFProtect(app)
    app.after_request(_add_headers)
    return Limiter(get_remote_address, app=app, storage_uri=app.config["RATELIMIT_STORAGE_URI"],
                   default_limits=[])


def _add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith(PRIVATE_PREFIXES):
        response.headers["Cache-Control"] = "no-store"
    return response


def limit_failed_logins(limiter: Limiter, app: Flask, blueprint) -> None:
    """Count failed logins (answered 401) per client address; over the limit, logins get 429."""
    limiter.limit(lambda: app.config["REVIEW_LOGIN_LIMIT"], methods=["POST"],
                  deduct_when=lambda response: response.status_code == 401,
                  error_message="Too many failed logins from this address; wait a minute and try again.")(blueprint)
