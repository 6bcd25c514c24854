"""The web tests' app has an admin (alice) and a reviewer (bob); `site` is the public side's reviewed site; the
browser tests drive Debian's Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.public import build_site
from tests.support.review import app_with_reviewers

# Debian's chromium, driven by Playwright with the flags this machine needs (no browser download).
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def app(tmp_path):
    return app_with_reviewers(tmp_path)


@pytest.fixture
def site(tmp_path):
    """(app, facts): the public side's site of tests.support.public.build_site, with the ids in facts."""
    return build_site(tmp_path)


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()
