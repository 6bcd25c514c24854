"""The schema, as sqlite-utils migration sets applied in pipeline order.

Each part of the pipeline owns one set (one module here), so a change to one part never edits another's
migrations. Never edit a migration that has been applied: add a new one to the end of its set.
"""
from __future__ import annotations

import importlib
import pkgutil

from sqlite_utils import Database

# Pipeline order: later sets may reference earlier sets' tables. A module listed here that does not
# exist yet is skipped, so parts can land one at a time.
SET_MODULES = ("core", "sources", "review", "links", "public", "evidence")


def migration_sets():
    present = {info.name for info in pkgutil.iter_modules(__path__)}
    for name in SET_MODULES:
        if name in present:
            yield importlib.import_module(f"{__name__}.{name}").migrations


def apply(db: Database) -> list[str]:
    """Apply every pending migration; return the names applied now."""
    applied = []
    for migrations in migration_sets():
        applied += [f"{migrations.name}:{m.name}" for m in migrations.pending(db)]
        migrations.apply(db)
    return applied
