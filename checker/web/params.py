"""Parameters, read one way everywhere.

Query parameters: each view declares the parameters it takes (`accepts`), and reads them with `arg_text` and
`arg_int`, which refuse what cannot be used with a 400 that says what the page takes. Ids in paths go through
the `id` URL converter (`IdConverter`, registered on the app), and integers in forms through `parse_id` too:
one spelling per number, ASCII digits within SQLite's integer range, so "²" or 5,000 digits are a 400 rather
than a crash, and "/claims/١" is not another address of claim 1.
"""
from __future__ import annotations

import functools
import re

from flask import request, url_for
from werkzeug.exceptions import BadRequest
from werkzeug.routing import BaseConverter

from checker.review import statuses
from checker.text.messages import N_

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}\Z")
DATE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\Z")
MAX_ID = 2 ** 63 - 1  # SQLite's largest integer
# ASCII digits only ([0-9], never \d, which takes any script's digits), no sign, no leading zero, and at most as
# many digits as MAX_ID, so int() never sees a number it would refuse (over 4,300 digits) or SQLite one it cannot
# store.
WHOLE_NUMBER = re.compile(f"(?:0|[1-9][0-9]{{0,{len(str(MAX_ID)) - 1}}})")
STATUS_FILTERS = ("reviewed",) + statuses.STATUSES
SOURCE_ID_WANTED = N_("a source id (lower-case letters, digits, dashes)")
DATE_WANTED = N_("a date: YYYY, YYYY-MM or YYYY-MM-DD")
FILTER_ARGS = {"status": "status", "source_id": "source", "date_from": "from", "date_to": "to"}


class BadParameter(BadRequest):
    """A parameter that cannot be used: a 400 whose message says which and what is allowed."""

    def __init__(self, message: str):
        super().__init__(message)  # made with N_: English in JSON, the reader's language on a page


def parse_id(text: str) -> int | None:
    """The number a parameter spells in ASCII digits, from 0 to MAX_ID; None for anything else."""
    if not WHOLE_NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def _shown(text: str) -> str:
    """A refused value as a message may quote it: short, and with no control character."""
    return "".join(ch if ch.isprintable() else "?" for ch in text[:40])


class IdConverter(BaseConverter):
    """`<id:name>` in a route: an id as parse_id reads it. Anything else in that place is a 400 that says what an
    id looks like (Werkzeug's `int` takes any script's digits, so "/claims/١" was claim 1)."""

    regex = r"[^/]+"
    weight = 50  # what Werkzeug's own number converters weigh
    part_isolating = True

    def to_python(self, value: str) -> int:
        found = parse_id(value)
        if found is None:
            raise BadParameter(N_("“%(value)s” is not an id: an id is a whole number from 0 to %(max)s, in the "
                                  "digits 0-9, with no sign and no leading zero.", value=_shown(value),
                                  max=str(MAX_ID)))
        return found

    def to_url(self, value) -> str:
        return str(int(value))


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
    takes = ", ".join(f"?{name}=" for name in names) if names else N_("no parameters")

    def decorate(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if request.args:
                for name, values in request.args.lists():
                    if name in allowed:
                        if len(values) > 1:
                            raise BadParameter(N_("give ?%(name)s= once, not %(count)s times.", name=_shown(name),
                                                  count=len(values)))
                    elif not is_tracking(name):
                        raise BadParameter(N_("?%(name)s= is not a parameter of this page; it takes %(takes)s.",
                                              name=_shown(name), takes=takes))
            return view(*args, **kwargs)
        checked.parameters = tuple(names)  # what the view takes, for whoever lists it (the fuzz tests do)
        return checked
    return decorate


def given(*names: str) -> dict[str, str]:
    """The parameters among these that the request gives a value, as given (for links that keep them)."""
    return {name: request.args[name] for name in names if request.args.get(name)}


def arg_text(name: str, pattern: re.Pattern | None = None, choices=None, what: str = "") -> str | None:
    """A text parameter, trimmed; None when absent or empty. `what` says what the pattern wants (made with N_)."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if choices is not None and value not in choices:
        raise BadParameter(N_("?%(name)s=%(value)s is not allowed; use one of: %(choices)s.", name=name,
                              value=_shown(value), choices=", ".join(choices)))
    if pattern is not None and not pattern.match(value):
        raise BadParameter(N_("?%(name)s= must be %(what)s.", name=name, what=what))
    return value


def arg_int(name: str, low: int = 1, high: int = MAX_ID) -> int | None:
    """A whole number from low to high in the digits 0-9 (no sign, no spaces, no leading zero); None when the
    parameter is absent or empty."""
    value = request.args.get(name, "")
    if not value:
        return None
    number = parse_id(value)
    if number is None or not low <= number <= high:
        raise BadParameter(N_("?%(name)s= must be a whole number from %(low)s to %(high)s, in the digits 0-9.",
                              name=name, low=str(low), high=str(high)))
    return number


def claim_filters() -> dict:
    filters = {
        "status": arg_text("status", choices=STATUS_FILTERS),
        "source_id": arg_text("source", SOURCE_ID, what=SOURCE_ID_WANTED),
        "date_from": arg_text("from", DATE, what=DATE_WANTED),
        "date_to": arg_text("to", DATE, what=DATE_WANTED),
    }
    return {key: value for key, value in filters.items() if value}


def cursor() -> tuple[int | None, int | None]:
    before, after = arg_int("before"), arg_int("after")
    if before is not None and after is not None:
        raise BadParameter(N_("give ?before= or ?after=, not both."))
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
