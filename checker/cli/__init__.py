"""The `flask` commands, one module per part of the pipeline.

JSON goes to stdout, messages to stderr; bad input exits non-zero with one line on stderr.
"""
from __future__ import annotations

from checker.cli import articles
from checker.cli import evidence
from checker.cli import public
from checker.cli import review
from checker.cli import sources


def register(app) -> None:
    articles.register(app)
    evidence.register(app)
    public.register(app)
    review.register(app)
    sources.register(app)
