"""Shared fixtures: an app on a real SQLite file in a temporary folder, its client and CLI runner."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker import create_app
from checker.db import open_db

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "drones-2022-11.fr.txt"
EXAMPLE = ROOT / "examples" / "pologne-missile-2022-11.fr.txt"


# Debian's chromium, driven by Playwright with the flags this machine needs (no browser download).
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "CHECKER_DB": str(tmp_path / "checker.db"),
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret",
    })
    yield app


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
def seed_text():
    if not SEED.exists():
        pytest.skip("the seed article ../shared/seed/drones-2022-11.fr.txt is not here")
    return SEED.read_text(encoding="utf-8")
