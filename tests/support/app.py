"""The one way tests build an app, and a live server for the tests that need a real socket."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from checker import create_app


def make_test_app(folder: Path, **overrides):
    """The app on a real SQLite file in `folder` (folder/checker.db, folder/instance), with `overrides` on top.

    CSRF stays ON, as in production: the workspace tests are about it. Cookies are not Secure because tests
    speak plain http to 127.0.0.1, and the failed-login limit is high so only the rate-limit tests meet it.
    """
    config = {
        "TESTING": True,
        "WTF_CSRF_ENABLED": True,
        "CHECKER_DB": str(Path(folder) / "checker.db"),
        "INSTANCE_DIR": str(Path(folder) / "instance"),
        "SECRET_KEY": "test-secret",
        "SESSION_COOKIE_SECURE": False,
        "REVIEW_LOGIN_LIMIT": "1000 per minute",
    }
    config.update(overrides)
    return create_app(config)


@contextmanager
def live_server(app):
    """The app served by werkzeug on 127.0.0.1, on a free port, threaded, in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
