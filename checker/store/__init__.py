"""The store: the only package that speaks SQL. Callers hand in and get back plain dicts.

One submodule per part of the pipeline; everything is re-exported here, so callers write
`store.get_article(db, 1)` whatever submodule holds it.
"""
from checker.store.db import close_db, get_db, init_app, migrate, now, open_db  # noqa: F401
from checker.store.articles import *  # noqa: F401,F403
from checker.store.sources import *  # noqa: F401,F403
from checker.store.review import *  # noqa: F401,F403
from checker.store.links import *  # noqa: F401,F403
from checker.store.public import *  # noqa: F401,F403
from checker.store.evidence import *  # noqa: F401,F403
