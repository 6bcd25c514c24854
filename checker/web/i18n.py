"""The interface in the reader's language: French or English, from Accept-Language or the language switch.

- **Which language.** The `lang` cookie when the reader chose one with the switch, else the best match of
  Accept-Language among UI_LANGUAGES, else UI_DEFAULT_LANGUAGE (`chosen`). The early answers in front of
  Flask (checker/web/caching.py) call the same function, so both always pick the same page.
- **The switch** is a link per language in the page header to `/language/<code>?next=<this page>`: a GET that
  sets the cookie and sends the reader back to a page of this site (never elsewhere). It is the only place
  the cookie is set: a plain page view sets none, as issue 19 wants for anonymous readers.
- **Catalogues** are the `.po` files under checker/translations/, compiled in memory the first time a process
  needs one (`catalogue`): nothing generated is kept on disk, so a catalogue can never be older than its
  `.po`. The README says how to add a string.
- **Messages from the stages** (checker.text.messages.N_ and NP_) are English strings that keep their message
  id (and plural and count); `translate` shows them in the reader's language.
- **Dates and numbers** go through Babel with the reader's locale: "19 novembre 2022", "1 000", "0,91".

The JSON API, the CSV and the Atom feed are data and stay in English, whatever the reader's language: their
strings are stable for programs, and one cached answer serves every reader.
"""
from __future__ import annotations

import functools
from datetime import date, datetime, timezone
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Blueprint, Flask, abort, current_app, redirect, request
from flask_babel import (
    Babel,
    Domain,
    format_date,
    format_decimal,
    format_time,
    get_locale,
    get_translations,
    gettext,
)
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header
from werkzeug.utils import cached_property

from checker.review import statuses
from checker.text.messages import N_, Listing, Message, Number
from checker.web import params

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"
# Each language named in its own words, for the switch: a reader who cannot read the page still finds theirs.
AUTONYMS = {"en": "English", "fr": "Français"}

# What a public answer varies on: an HTML page on the reader's language too (Accept-Language, or the switch's
# cookie); data (JSON, CSV, Atom) on the cookie alone (a reviewer's private copy).
VARY_PAGE = "Accept-Language, Cookie"
VARY_DATA = "Cookie"

bp = Blueprint("language", __name__)


# --- which language --------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1024)
def negotiated(accept_language: str | None, languages: tuple[str, ...], default: str) -> str:
    """The best of `languages` for an Accept-Language value ("fr-FR" takes "fr"), else `default`. Readers send
    few distinct values, so each is parsed once per process."""
    if not accept_language:
        return default
    return parse_accept_header(accept_language, LanguageAccept).best_match(languages) or default


def chosen(cookie: str | None, accept_language: str | None, languages: tuple[str, ...], default: str) -> str:
    """The interface language: the switch's cookie when it names one of ours, else Accept-Language."""
    if cookie in languages:
        return cookie
    return negotiated(accept_language, languages, default)


def request_language() -> str:
    """This request's language (Flask-Babel's locale selector): reads the cookie only when the request has one."""
    config = current_app.config
    cookie = request.cookies.get(config["UI_LANGUAGE_COOKIE"]) if "HTTP_COOKIE" in request.environ else None
    return chosen(cookie, request.environ.get("HTTP_ACCEPT_LANGUAGE"), config["UI_LANGUAGES"],
                  config["UI_DEFAULT_LANGUAGE"])


def current_language() -> str:
    return str(get_locale() or current_app.config["UI_DEFAULT_LANGUAGE"])


# --- catalogues ----------------------------------------------------------------------------------------

def po_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=None)
def catalogue(language: str) -> NullTranslations:
    """The language's translations, compiled from its .po in memory once per process (fuzzy entries left out,
    as `pybabel compile` does). A language without a catalogue shows the English message ids."""
    path = po_path(language)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        messages = read_po(po, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


class Catalogues(Domain):
    """Flask-Babel's message domain, reading our catalogues (above) instead of .mo files."""

    def get_translations(self):
        locale = get_locale()
        return catalogue(str(locale)) if locale is not None else NullTranslations()


class InterfaceBabel(Babel):
    @cached_property
    def domain_instance(self):
        return Catalogues(domain=DOMAIN)


# --- messages, dates and numbers --------------------------------------------------------------------

def translate(value):
    """A message made with N_ in the reader's language, its values translated in turn (numbers formatted);
    anything else as it is."""
    if isinstance(value, Message):
        values = {name: translate(item) for name, item in value.values.items()}
        if value.plural is not None:
            text = get_translations().ungettext(value.msgid, value.plural, value.num)
            return text % {**values, "num": format_decimal(value.num)}
        text = gettext(value.msgid)
        return text % values if values else text
    if isinstance(value, Listing):
        return reasons(value.items)
    if isinstance(value, Number):  # with the decimals its English text shows ("0.46", not "0,457"; "0,80")
        decimals = value.rsplit(".", 1)[1] if "." in value and value.spec.endswith("f") else ""
        if decimals:
            return format_decimal(round(value.value, len(decimals)), format="#,##0." + "0" * len(decimals))
        return format_decimal(value.value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_decimal(value)
    return value


def said(error: Exception):
    """What an exception says, as the message it was raised with (so still translatable), else as text."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, str) else str(error)


def status_label(status: str) -> str:
    """A status's name in the reader's language."""
    return translate(statuses.label(status))


def parse_moment(value) -> datetime | None:
    """A stored time ("2022-11-19T10:05:00+00:00") as an aware datetime; None when it is not one."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    try:
        stamp = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def day(value) -> str:
    """A date as the reader writes it: "2022-11-19" → "19 novembre 2022", "2022-11" → "novembre 2022", "2022"
    as it is; a time keeps its date. Anything else is shown as stored."""
    if not value:
        return ""
    text = str(value)
    try:
        if len(text) == 4 and text.isdigit():
            return text
        if len(text) == 7:
            return format_date(date.fromisoformat(text + "-01"), "LLLL y")
        if len(text) == 10:
            return format_date(date.fromisoformat(text), "long")
    except ValueError:
        return text
    moment = parse_moment(text)
    return format_date(moment, "long") if moment else text


def moment(value) -> str:
    """A stored time as the reader writes it, in UTC: "19 novembre 2022 à 10:05 UTC"."""
    found = parse_moment(value)
    if found is None:
        return str(value or "")
    return gettext("%(date)s at %(time)s UTC", date=format_date(found, "long"), time=format_time(found, "short"))


def number(value) -> str:
    """A count as the reader writes it: "1 000" (with Babel's narrow no-break space), "1,000"."""
    return format_decimal(value or 0)


def language_name(code) -> str:
    """A language code as the reader names the language: "fr" → "français" on a French page, "French" on an
    English one; a code Babel does not know is shown as it is."""
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code or ""


def score(value) -> str:
    """A score between 0 and 1 with two decimals: "0,91", "0.91"."""
    return format_decimal(value or 0, "0.00")


# Words the stages store as data (a claim's kind, a source's kind, an evidence decision), shown in the
# reader's language. tests/web/test_i18n.py holds this table to the stages' own lists.
WORDS = {
    "statistic": N_("statistic"), "quote": N_("quote"), "event": N_("event"),
    "report": N_("report"), "prediction": N_("prediction"), "opinion": N_("opinion"),
    "news": N_("news outlet"), "government": N_("government"),
    "organisation": N_("organisation"), "person": N_("speaker"),
    "accepted": N_("accepted"), "rejected": N_("rejected"), "confirmed": N_("confirmed"),
    "provisional": N_("provisional"), "merged": N_("merged"),
    "admin": N_("admin"), "reviewer": N_("reviewer"),
    "live": N_("live"), "wayback": N_("Wayback Machine"), "import": N_("import"),
    "marker": N_("from a date line in the text"), "narrowed": N_("narrowed"), "assumed": N_("assumed"),
    # what became of a page fetched for a source (fetch_attempts.outcome; "rejected" above)
    "archived": N_("archived"), "unchanged": N_("unchanged"), "not-modified": N_("not modified"),
    "failed": N_("failed"), "skipped": N_("skipped"),
}


def word(value) -> str:
    """A stored word (a kind, a decision, a role) in the reader's language; an unknown one as it is."""
    found = WORDS.get(value)
    return translate(found) if found is not None else (value or "")


# --- the switch -----------------------------------------------------------------------------------------

def here() -> str:
    """This page's path and the query parameters that make it (tracking ones left out, as the render cache
    does), for the switch to come back to."""
    kept = [(name, value) for name, value in request.args.items(multi=True) if not params.is_tracking(name)]
    if not kept:
        return request.path
    return f"{request.path}?{urlencode(kept)}"


@bp.get("/language/<code>")
@params.accepts("next")
def switch(code: str):
    """Remember the reader's language in the cookie and go back to `next`, a page of this site only."""
    from checker.web.auth import safe_next

    config = current_app.config
    if code not in config["UI_LANGUAGES"]:
        abort(404)
    response = redirect(safe_next(params.arg_text("next"), default="/"), 303)
    response.set_cookie(config["UI_LANGUAGE_COOKIE"], code, max_age=config["UI_LANGUAGE_COOKIE_MAX_AGE"],
                        path="/", secure=config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    response.headers["Cache-Control"] = "no-store"
    return response


def reasons(items) -> str:
    """Reasons in the reader's language, one after another, with the reader's separator ("; " in English,
    " ; " with a narrow no-break space in French)."""
    return gettext("; ").join(str(translate(item)) for item in items or ())


def capfirst(text) -> str:
    """The text with its first letter capitalised and the rest as it is (Jinja's `capitalize` lowers the rest:
    "NATO" would read "nato")."""
    text = str(text)
    return text[:1].upper() + text[1:]


def _template_helpers():
    language = current_language()
    return {"current_lang": language, "ui_languages": [(code, AUTONYMS.get(code, code))
                                                     for code in current_app.config["UI_LANGUAGES"]],
            "here": here, "translate": translate, "word": word}


def init_app(app: Flask) -> None:
    """Flask-Babel with our catalogues and locale selector, the filters, and the switch's route."""
    InterfaceBabel(app, locale_selector=request_language, default_domain=DOMAIN)
    app.jinja_env.filters.update(day=day, moment=moment, number=number, score=score, word=word,
                                 language_name=language_name, translate=translate, capfirst=capfirst,
                                 reasons=reasons)
    app.context_processor(_template_helpers)
    app.register_blueprint(bp)

