"""End to end in Debian's Chromium: a reviewer logs in, sets a verdict, the public sees it; hostile evidence runs nothing."""
from __future__ import annotations

from checker.db import get_db
from checker.evidence import store as evidence_store
from tests.support.app import live_server, make_test_app
from tests.support.articles import first_claim, load_article
from tests.support.files import FIXTURES
from tests.support.review import PASSWORD, add_reviewer

HOSTILE_PAGE = FIXTURES / "review_hostile_source.html"
NOTE = "Le ministère dément le chiffre de 1 000 drones. <img src=x onerror=alert('note')>"


def test_a_reviewer_disputes_a_claim_in_the_browser_and_hostile_evidence_runs_nothing(tmp_path, browser):
    app = make_test_app(tmp_path)
    add_reviewer(app, "journalist")
    claim = first_claim(app, load_article(app))
    with app.app_context():
        db = get_db()
        evidence_store.save_link(db, {"claim_id": claim["id"], "url": "javascript:alert('url ran')",
                             "passage": HOSTILE_PAGE.read_text(encoding="utf-8"), "score": 0.9,
                             "reasons": ["same figure <script>alert('reason')</script>"],
                             "conflicts": ["<img src=x onerror=alert('conflict')>"]})

    dialogs, console_errors = [], []
    with live_server(app) as base:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: console_errors.append(str(error)))

        page.goto(f"{base}/login")
        page.fill("#username", "journalist")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]:has-text('Log in')")
        page.wait_for_url(f"{base}/review/")
        assert page.locator("h1").inner_text() == "Review queue"

        page.click(f"a[href='/review/claims/{claim['id']}']")
        page.wait_for_url(f"{base}/review/claims/{claim['id']}")
        evidence = page.locator(".evidence").first
        assert "Stand-in page written for Claim Tracker tests" in evidence.inner_text()
        assert page.locator(".evidence mark").count() >= 1  # the matched figures and names stand out
        evidence.hover()  # hover handlers in the hostile page must not exist either

        page.select_option("#status-select", "disputed")
        page.fill("#note", NOTE)
        page.click("button[type=submit]:has-text('Save status')")
        page.wait_for_url(f"{base}/review/claims/{claim['id']}")
        assert page.locator("#current-status").inner_text() == "Disputed"

        injected = page.evaluate("""() => ({
            scripts: document.querySelectorAll('script').length,
            handlers: [...document.querySelectorAll('*')].filter(
                el => [...el.attributes].some(a => a.name.startsWith('on'))).length,
            jsLinks: document.querySelectorAll('a[href^="javascript:" i], iframe, svg, img').length,
            injected: document.querySelectorAll('#injected').length,
            pwned: window.__pwned === true || document.title === 'pwned',
        })""")
        assert injected == {"scripts": 0, "handlers": 0, "jsLinks": 0, "injected": 0, "pwned": False}

        page.goto(f"{base}/claims/{claim['id']}")
        assert page.locator("#public-status").inner_text() == "Disputed"
        assert page.locator("#rationale").inner_text() == NOTE
        assert page.locator("img").count() == 0
        page.close()

    assert dialogs == []
    assert console_errors == []
