"""Claim Tracker: article in, check-worthy claims, cited sources and evidence out."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

from checker import config as config_module
from checker import store

ERROR_MESSAGES = {
    400: "The request was not understood; nothing was saved.",
    401: "Log in first.",
    403: "You are not allowed to do that.",
    404: "This page does not exist.",
    405: "That method is not allowed here.",
    409: "Someone else changed this first; nothing was saved.",
    413: "That upload is too large; nothing was saved.",
    429: "Too many attempts; wait a minute and try again.",
}


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask app: configuration, database (migrated), blueprints and CLI commands."""
    app = Flask(__name__, template_folder="../templates")
    app.config.from_object(config_module.Config)
    if config:
        app.config.update(config)
    config_module.finalize(app.config)

    store.init_app(app)

    from checker.web import api, auth, public, review, revalidate, security

    revalidate.init_app(app)  # inside the security headers, which init_app below wraps around everything
    security.init_app(app)
    auth.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(review.bp)
    security.limit_failed_logins(app, auth.bp)

    from checker import cli

    cli.register(app)
    _register_error_pages(app)
    return app


def _error_page(code: int, message: str | None = None):
    """An error as JSON for API clients, else as a page; the message says what happened in plain words."""
    from checker.web.auth import wants_json

    text = message or ERROR_MESSAGES.get(code, "Something went wrong.")
    if wants_json():
        return jsonify({"error": text}), code
    kept_note = (request.form.get("note") or "").strip() if request.method == "POST" else ""
    return render_template("error.html", code=code, message=text, kept_note=kept_note), code


def _register_error_pages(app: Flask) -> None:
    for code in ERROR_MESSAGES:
        app.register_error_handler(code, lambda error, code=code: _error_page(
            code, error.description if code in (401, 403, 429) and error.description else None))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _error_page(400, "This form has expired or did not come from this site (missing or stale CSRF "
                                "token); nothing was saved. Reload the page and submit again.")
