"""Claim Tracker: article in, check-worthy claims, cited sources and evidence out.

This package module holds only `create_app` and LAYERS, the names of what it puts around the views. The
pipeline reads in order, one package per stage: claims → sources → evidence → review → public, with shared
helpers in text/, db.py, config.py and cli.py, and the web app in web/. Flask is imported when an app is built,
never by importing a stage.
"""
from __future__ import annotations

# What every request passes through besides the views, in the order create_app puts them on: signed-cookie
# sessions, Flask-Login's reviewer loading, CSRF on POSTs, the failed-login limit, the security headers, and
# the early answers to anonymous readers of claim pages (checker/web/caching.py).
LAYERS = ("sessions", "logins", "csrf", "limiter", "headers", "early")


def create_app(config: dict | None = None, *, without: tuple[str, ...] = ()):
    """Build the Flask app: configuration, database (migrated), blueprints, the layers and CLI commands.

    without: layers (names from LAYERS) left off. Only benchmarks/public.py uses it, to measure what each
    layer costs; an app without them is unprotected, so no setting or environment variable can ask for it.
    """
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
        i18n,
        pages,
        params,
        security,
        workspace,
    )

    unknown = sorted(set(without) - set(LAYERS))
    if unknown:
        raise ValueError(f"no such layer: {', '.join(unknown)}; the layers are {', '.join(LAYERS)}")
    app = Flask(__name__, template_folder="../templates")
    app.config.from_object(config_module.Config)
    if config:
        app.config.update(config)
    config_module.finalize(app.config)

    db.init_app(app)
    i18n.init_app(app)  # before the blueprints: the switch's route, the filters and the locale selector
    app.url_map.converters["id"] = params.IdConverter  # before any route names it

    if "early" not in without:
        caching.answer_early(app)  # inside the security headers, which wrap around everything
    if "headers" not in without:
        security.add_headers(app)
    if "csrf" not in without:
        security.protect_forms(app)
    app.session_interface = auth.NoSessions() if "sessions" in without else auth.CookieSessions()
    if "logins" not in without:
        auth.init_logins(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(workspace.bp)
    if "limiter" not in without:
        security.limit_failed_logins(app, auth.bp)

    app.cli.add_command(cli.init_db_command)
    for stage in (claims_commands, sources_commands, evidence_commands, review_commands, public_commands):
        for command in stage.COMMANDS:
            app.cli.add_command(command)
    # The source commands announce new documents; the evidence stage, which comes later, relinks them.
    app.extensions[cli.NEW_DOCUMENTS] = [evidence_commands.relink_after_new_documents]
    # The claims commands announce new articles; the evidence stage matches their claims against the others.
    app.extensions[cli.NEW_ARTICLES] = [evidence_commands.match_after_new_articles]
    # `flask recheck` announces changed or vanished sources; the evidence stage flags the claims they backed.
    app.extensions[cli.CHANGED_SOURCES] = [evidence_commands.flag_after_changed_sources]
    # `flask ingest URL` downloads the article with the sources stage's fetcher, which comes later.
    app.extensions[cli.PAGE_FETCHER] = sources_commands.fetch_page
    errors.init_app(app)
    return app
