"""The statuses a claim goes through: workflow states and verdicts are two separate sets."""
from __future__ import annotations

from checker.review import statuses


def test_workflow_states_and_verdicts_are_kept_apart():
    assert set(statuses.WORKFLOW) == {"unreviewed", "in_review"}
    assert set(statuses.VERDICTS) == {"verified", "disputed", "false", "misleading", "unverifiable"}
    assert not set(statuses.WORKFLOW) & set(statuses.VERDICTS)
