"""Claim Tracker: article in, check-worthy claims, cited sources and evidence out.

This package module holds only `create_app`. The pipeline reads in order, one package per stage:
claims → sources → evidence → review → public, with shared helpers in text/, db.py, config.py and cli.py, and
the web app in web/. Flask is imported when an app is built, never by importing a stage.
"""
from __future__ import annotations


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
    from checker.web import (
        api,
        auth,
        caching,
        errors,
        pages,
        params,
        security,
        workspace,
    )

    app = Flask(__name__, template_folder="../templates")
    app.config.from_object(config_module.Config)
    if config:
        app.config.update(config)
    config_module.finalize(app.config)

    db.init_app(app)
    app.url_map.converters["id"] = params.IdConverter  # before any route names it

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
    # The claims commands announce new articles; the evidence stage matches their claims against the others.
    app.extensions[cli.NEW_ARTICLES] = [evidence_commands.match_after_new_articles]
    errors.init_app(app)
    return app

