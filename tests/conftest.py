"""Shared fixtures: an app on a real SQLite file in a temporary folder, its client and CLI runner, and the seed.

Every app a test uses is built by `tests.support.app.make_test_app`; a folder's conftest.py may give `app`
other overrides or reviewers (tests/review/, tests/web/), and `client`, `runner`, `db` and `claim` follow it.
"""
from __future__ import annotations

import pytest

from checker.db import open_db
from tests.support.app import make_test_app
from tests.support.articles import first_claim, load_article
from tests.support.files import ROOT

# The seed article lives beside the repository, in ../shared/seed/; tests that read it skip when it is absent.
SEED = ROOT.parent / "shared" / "seed" / "drones-2022-11.fr.txt"


@pytest.fixture
def app(tmp_path):
    return make_test_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    """Click >= 8.2 keeps stdout and stderr apart: result.stdout, result.stderr."""
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    database = open_db(app.config["CHECKER_DB"])
    yield database
    database.close()


@pytest.fixture
def claim(app):
    """The most check-worthy claim of tests.support.articles.ARTICLE, loaded into the app."""
    return first_claim(app, load_article(app))


@pytest.fixture
def seed_path():
    if not SEED.exists():
        pytest.skip("the seed article ../shared/seed/drones-2022-11.fr.txt is not here")
    return SEED


@pytest.fixture
def seed_text(seed_path):
    return seed_path.read_text(encoding="utf-8")
