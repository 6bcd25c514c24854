"""Claim Tracker: article in, check-worthy claims, cited sources and evidence out.

This package module holds only `create_app`. The pipeline reads in order, one package per stage:
claims → sources → evidence → review → public, with shared helpers in text/, db.py, config.py and cli.py, and
the web app in web/. Flask is imported when an app is built, never by importing a stage.
"""
from __future__ import annotations

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


def create_app(config: dict | None = None):
    """Build the Flask app: configuration, database (migrated), blueprints and CLI commands."""
    from flask import Flask

    from checker import cli, db
    from checker import config as config_module
    from checker.claims import commands as claims_commands
    from checker.evidence import commands as evidence_commands
    from checker.public import commands as public_commands
    from checker.review import commands as review_commands
    from checker.sources import commands as sources_commands
    from checker.web import api, auth, caching, pages, security, workspace

    app = Flask(__name__, template_folder="../templates")
    app.config.from_object(config_module.Config)
    if config:
        app.config.update(config)
    config_module.finalize(app.config)

    db.init_app(app)

    caching.init_app(app)  # inside the security headers, which init_app below wraps around everything
    security.init_app(app)
    auth.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(workspace.bp)
    security.limit_failed_logins(app, auth.bp)

    app.cli.add_command(cli.init_db_command)
    for stage in (claims_commands, sources_commands, evidence_commands, review_commands, public_commands):
        for command in stage.COMMANDS:
            app.cli.add_command(command)
    # The source commands announce new documents; the evidence stage, which comes later, relinks them.
    app.extensions[cli.NEW_DOCUMENTS] = [evidence_commands.relink_after_new_documents]
    _register_error_pages(app)
    return app


def _error_page(code: int, message: str | None = None):
    """An error as JSON for API clients, else as a page; the message says what happened in plain words."""
    from flask import jsonify, render_template, request

    from checker.web.auth import wants_json

    text = message or ERROR_MESSAGES.get(code, "Something went wrong.")
    if wants_json():
        return jsonify({"error": text}), code
    kept_note = (request.form.get("note") or "").strip() if request.method == "POST" else ""
    return render_template("error.html", code=code, message=text, kept_note=kept_note), code


def _register_error_pages(app) -> None:
    from flask_wtf.csrf import CSRFError

    for code in ERROR_MESSAGES:
        app.register_error_handler(code, lambda error, code=code: _error_page(
            code, error.description if code in (401, 403, 429) and error.description else None))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _error_page(400, "This form has expired or did not come from this site (missing or stale CSRF "
                                "token); nothing was saved. Reload the page and submit again.")
