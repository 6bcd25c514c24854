"""The review tests' app has an admin (alice) and a reviewer (bob)."""
from __future__ import annotations

import pytest

from tests.support.review import app_with_reviewers


@pytest.fixture
def app(tmp_path):
    return app_with_reviewers(tmp_path)
