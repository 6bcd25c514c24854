"""Claim Tracker: article in, check-worthy claims, cited sources and evidence out."""
from __future__ import annotations

from flask import Flask, render_template

from checker import config as config_module
from checker import store


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask app: configuration, database (migrated), blueprints and CLI commands."""
    app = Flask(__name__, template_folder="../templates")
    app.config.from_object(config_module.Config)
    if config:
        app.config.update(config)
    config_module.finalize(app.config)

    store.init_app(app)

    from checker.web import public

    app.register_blueprint(public.bp)

    from checker import cli

    cli.register(app)

    @app.errorhandler(404)
    def not_found(error):
        return render_template("error.html", code=404, message="This page does not exist."), 404

    @app.errorhandler(405)
    def method_not_allowed(error):
        return render_template("error.html", code=405, message="That method is not allowed here."), 405

    return app
