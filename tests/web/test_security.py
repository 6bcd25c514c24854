"""Protection every page gets: security headers, and no inline script, style or event handler anywhere."""
from __future__ import annotations

import re

import pytest

from tests.support.articles import load_article
from tests.support.review import login


@pytest.fixture
def app(app):
    """The web tests' app with the test article loaded: claim 1 exists, so /review/claims/1 is a real page."""
    load_article(app)
    return app


def test_security_headers_are_on_every_page(app):
    client = app.test_client()
    for path in ("/", "/login", "/claims/1", "/api/claims/1", "/no-such-page"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"]


def test_pages_have_no_inline_script_or_style(app):
    client = app.test_client()
    login(client, "alice")
    for path in ("/", "/login", "/claims/1", "/review/", "/review/claims/1", "/review/reviewers", "/review/account"):
        html = client.get(path).get_data(as_text=True)
        assert "<script" not in html, path
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path
