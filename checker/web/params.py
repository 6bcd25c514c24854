"""Query parameters, read one way everywhere: each view declares the parameters it takes (`accepts`), and
reads them with `arg_text` and `arg_int`, which refuse what cannot be used with a 400 that says what the page
takes. Ids in paths use the same range (`ID`, SQLite's integers).
"""
from __future__ import annotations

import functools
import re

from flask import request, url_for

from checker.review import statuses

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
MAX_ID = 2 ** 63 - 1
ID = f"int(max={MAX_ID})"
STATUS_FILTERS = ("reviewed",) + statuses.STATUSES
FILTER_ARGS = {"status": "status", "source_id": "source", "date_from": "from", "date_to": "to"}



class BadParameter(ValueError):
    """A query parameter that cannot be used; the message says which and what is allowed."""


# What links shared on social networks and in newsletters carry. They change nothing on a page, so they are
# passed over rather than refused (a claim link going viral must not turn into an error page) and left out
# of the render cache's key (each click must not render the page again).
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "igshid",
                                 "yclid", "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src", "s"})


def is_tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


def accepts(*names: str):
    """A view that takes exactly these query parameters: any other one (tracking parameters aside), or one
    given twice, is a 400 that says what the page takes, rather than being silently ignored."""
    allowed = frozenset(names)
    takes = ", ".join(f"?{name}=" for name in names) if names else "no parameters"

    def decorate(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if request.args:
                for name, values in request.args.lists():
                    if name in allowed:
                        if len(values) > 1:
                            raise BadParameter(f"give ?{name[:40]}= once, not {len(values)} times.")
                    elif not is_tracking(name):
                        raise BadParameter(f"?{name[:40]}= is not a parameter of this page; it takes {takes}.")
            return view(*args, **kwargs)
        return checked
    return decorate


def arg_text(name: str, pattern: re.Pattern | None = None, choices=None, what: str = "") -> str | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if choices is not None and value not in choices:
        raise BadParameter(f"?{name}={value[:40]} is not allowed; use one of: {', '.join(choices)}.")
    if pattern is not None and not pattern.match(value):
        raise BadParameter(f"?{name}= must be {what}.")
    return value


def arg_int(name: str, low: int = 1, high: int = MAX_ID) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadParameter(f"?{name}= must be a whole number from {low} to {high}.")
    return int(value)


def claim_filters() -> dict:
    filters = {
        "status": arg_text("status", choices=STATUS_FILTERS),
        "source_id": arg_text("source", SOURCE_ID, what="a source id (lower-case letters, digits, dashes)"),
        "date_from": arg_text("from", DATE, what="a date: YYYY, YYYY-MM or YYYY-MM-DD"),
        "date_to": arg_text("to", DATE, what="a date: YYYY, YYYY-MM or YYYY-MM-DD"),
    }
    return {key: value for key, value in filters.items() if value}


def cursor() -> tuple[int | None, int | None]:
    before, after = arg_int("before"), arg_int("after")
    if before is not None and after is not None:
        raise BadParameter("give ?before= or ?after=, not both.")
    return before, after


def page_links(endpoint: str, page: dict, args: dict, **values) -> dict:
    """Newer/older links of a keyset page (ids run newest first)."""
    items = page["items"]
    links = {}
    kept = {k: v for k, v in args.items() if k not in ("before", "after")}
    if items and page["newer"]:
        links["newer"] = url_for(endpoint, **values, **kept, after=items[0]["id"])
    if items and page["older"]:
        links["older"] = url_for(endpoint, **values, **kept, before=items[-1]["id"])
    return links
