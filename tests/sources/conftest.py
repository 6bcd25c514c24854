"""A stand-in host with an open robots.txt, and fetchers with short limits, for the cited-sources tests."""
from __future__ import annotations

import pytest

from checker.sources.http import Fetcher, Settings
from tests.support.standin_web import StandinHost

MB = 1024 * 1024
USER_AGENT = "ClaimTracker-test/0.1 (+https://example.org/contact)"


def fetch_settings(**overrides) -> Settings:
    """Limits short enough for tests, loopback allowed (the stand-in web is on 127.0.0.1), no host delay."""
    values = dict(user_agent=USER_AGENT, connect_timeout=0.5, read_timeout=0.4, deadline=1.5, retries=2,
                  backoff=0.01, retry_after_max=1.0, host_delay=0.0, max_bytes=20 * MB, max_redirects=5,
                  allow_private=True)
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def host():
    server = StandinHost()
    server.route("/robots.txt", b"User-agent: *\nAllow: /\n", content_type="text/plain")
    yield server
    server.close()


@pytest.fixture
def make_fetcher():
    """make_fetcher(**overrides) → a Fetcher with fetch_settings(**overrides), closed after the test."""
    made = []

    def make(**overrides) -> Fetcher:
        made.append(Fetcher(fetch_settings(**overrides)))
        return made[-1]
    yield make
    for fetcher in made:
        fetcher.close()


@pytest.fixture
def fetcher(make_fetcher):
    return make_fetcher()
