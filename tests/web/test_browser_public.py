"""The article page in Debian's Chromium: highlights present, labelled, reachable with the keyboard, no script."""
from __future__ import annotations

from tests.support.app import live_server


def test_article_highlights_are_labelled_links_reached_with_the_keyboard(site, browser):
    app, facts = site
    errors = []
    with live_server(app) as base:
        context = browser.new_context(java_script_enabled=False)  # the page must work without JavaScript
        page = context.new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(f"{base}/articles/{facts['second']}")
        highlights = page.locator("#article-text a.hl")
        count = highlights.count()
        assert count >= 2
        labels = [highlights.nth(i).locator(".hl-label").inner_text().strip() for i in range(count)]
        assert "FALSE" in [label.upper() for label in labels] and all(labels)
        false_link = page.locator(f"#claim-{facts['false']}")
        assert false_link.get_attribute("href") == f"/claims/{facts['false']}"
        # The label is part of the link's accessible name: status is never told by colour alone.
        assert false_link.inner_text().strip().upper().startswith("FALSE")
        background = false_link.evaluate("el => getComputedStyle(el).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")

        # Tab through the page: every highlight takes the focus, in reading order.
        focused = []
        for _ in range(60):
            page.keyboard.press("Tab")
            element_id = page.evaluate("document.activeElement && document.activeElement.id")
            if element_id and element_id.startswith("claim-"):
                focused.append(element_id)
        expected = [highlights.nth(i).get_attribute("id") for i in range(count)]
        assert focused[:count] == expected

        page.focus(f"#claim-{facts['false']}")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/claims/{facts['false']}")
        assert page.locator("#public-status").inner_text() == "False"
        context.close()
    assert errors == []


def test_a_reader_switches_the_interface_to_french_and_it_stays_french(site, browser):
    """Chromium asks for English; the reader clicks "Français" in the header: the page comes back in French, the
    choice is kept for the next pages (a cookie set by the switch alone), and "English" switches back."""
    app, facts = site
    with live_server(app) as base:
        context = browser.new_context(java_script_enabled=False, locale="en-US")
        page = context.new_page()
        page.goto(f"{base}/claims/{facts['false']}")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("#public-status").inner_text() == "False"
        assert context.cookies() == []  # reading sets no cookie
        page.click("nav.languages >> text=Français")
        page.wait_for_url(f"{base}/claims/{facts['false']}")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.locator("#public-status").inner_text() == "Faux"
        assert page.locator("blockquote.sentence").get_attribute("lang") == "fr"
        assert [cookie["name"] for cookie in context.cookies()] == ["lang"]
        page.click("nav.public-nav >> text=Affirmations")
        assert page.locator("html").get_attribute("lang") == "fr" and page.locator("h1").inner_text() == "Affirmations"
        page.click("nav.languages >> text=English")
        assert page.locator("html").get_attribute("lang") == "en" and page.locator("h1").inner_text() == "Claims"
        context.close()
