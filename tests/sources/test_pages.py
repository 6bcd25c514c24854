"""What a fetched page says about itself before extraction: paywalls and consent walls are recognised."""
from __future__ import annotations

from checker.sources.pages import wall_reason
from tests.support.files import source_page


def test_paywalls_and_consent_walls_are_recognised():
    assert "isAccessibleForFree" in wall_reason(source_page("wapo-drones-paywall.html").decode())
    assert wall_reason(source_page("wapo-drones.html").decode()) is None
    assert "consent" in wall_reason('<div id="consent-wall">Accept cookies</div>')
