"""What pages show of scraped text: plain text without markup, safe links, and the claim's terms highlighted."""
from __future__ import annotations

from checker.text import display


def test_scraped_markup_becomes_plain_text_and_only_web_links_survive():
    assert display.plain_text('<p onclick="x()">1 000 <script>alert(1)</script>drones</p>') == "1 000 drones"
    assert display.plain_text("5 < 6 & 7") == "5 < 6 & 7"
    assert display.safe_link("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil.example", "/relative"):
        assert display.safe_link(bad) is None, bad


def test_highlight_finds_figures_in_any_spelling_and_names():
    claim = {"quantities": [{"text": "1 000 drones", "value": 1000}], "entities": [{"text": "Téhéran"}],
             "attribution": {"source": "Washington Post"}}
    pieces = display.highlight("Téhéran would build 1,000 drones, the Washington Post said; 10000 no.",
                              display.highlight_terms(claim))
    assert [text for text, hit in pieces if hit] == ["Téhéran", "1,000", "Washington Post"]
