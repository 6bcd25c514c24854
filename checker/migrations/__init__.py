"""The schema, as sqlite-utils migration sets applied in pipeline order.

Each part of the pipeline owns one set (one module here), so a change to one part never edits another's
migrations. Never edit a migration that has been applied: add a new one to the end of its set.
"""
from __future__ import annotations

from sqlite_utils import Database

from checker.migrations import core, evidence, links, public, review, sources

# Pipeline order: later sets may reference earlier sets' tables.
MIGRATION_SETS = (core.migrations, sources.migrations, review.migrations, links.migrations,
                  public.migrations, evidence.migrations)


def apply(db: Database) -> list[str]:
    """Apply every pending migration; return the names applied now."""
    applied = []
    for migrations in MIGRATION_SETS:
        applied += [f"{migrations.name}:{m.name}" for m in migrations.pending(db)]
        migrations.apply(db)
    return applied
