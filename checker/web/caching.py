"""HTTP caching of public answers: validators first, rendering only when needed.

Every public page and API answer is conditional: its ETag and Last-Modified come from a cheap validator read
before anything is rendered (`cached`), a revalidation gets 304, and a page rendered for the same state is
reused from a per-process cache. A logged-in reviewer gets private, uncached copies since the page header names
them, and so does a visitor with a message of their own waiting to be shown.

In front of Flask, a WSGI layer (`EarlyAnswers`) answers an anonymous reader of a claim page from what this
process already has, before Flask is entered: a 304 when the reader's copy is current, else the page this
process rendered for the claim's current state. When a claim goes viral, most requests are for that one page,
in the state it was last rendered in; each takes one indexed read (the validator, so a verdict shows on the
next request), a string comparison and a dictionary lookup, while Flask's request, contexts, hooks and
response around it cost several times more. The layer answers exactly those requests, with the headers and
body the Flask view sends (a test holds the two side by side), and passes everything else, and every doubt,
on to Flask:
- a GET of /claims/<id> or /api/claims/<id> with no query string (HEAD, tracking parameters and the rest go
  to the view, which serves them from the same render cache);
- no cookie at all (a logged-in reviewer gets private copies from the view; a reader with some other
  cookie simply takes the ordinary path);
- a 304 when If-None-Match names the current ETag exactly, as clients send it back; a 200 when the request
  has no If-None-Match nor If-Modified-Since and the render cache holds the page for the current ETag.
An unknown claim, a stale copy, a list of ETags, a date to compare or a page not rendered yet all go to the
view, which answers them in full (and keeps the rendering for the next reader).

Pages are in the reader's language (checker/web/i18n.py), so the language joins an HTML page's state: it is
part of the ETag (a French copy never revalidates an English one) and so of the render cache's key, and HTML
answers say `Vary: Accept-Language, Cookie`. This layer works the language out of Accept-Language with the
same function as the view (its requests have no cookie, so no switch's choice). JSON, CSV and Atom answers are
the same in every language and vary on Cookie alone.
"""
from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
import threading
from collections import OrderedDict
from datetime import datetime
from pathlib import Path

from flask import Flask, Response, current_app, request, session
from flask_login import current_user
from werkzeug.http import http_date
from werkzeug.utils import get_content_type

from checker.public import freeze
from checker.public import store as public_store
from checker.web import auth, i18n, params
from checker.web.i18n import VARY_DATA, VARY_PAGE


def frozen() -> bool:
    """True while `flask freeze` renders the page for the static export."""
    return bool(request.environ.get(freeze.FROZEN_ENVIRON))



_cache_lock = threading.Lock()
CONDITIONAL_HEADERS_KEPT = 4096  # page states whose ETag and Last-Modified are kept ready, per process


def build_tag() -> str:
    """What else a page depends on besides the data: the templates, the CSS, the registry and the settings."""
    tag = current_app.extensions.get("public_build")
    if tag is None:
        digest = hashlib.sha256()
        root = Path(current_app.root_path)
        files = sorted((root.parent / "templates").rglob("*.html")) + [root / "static" / "site.css",
                                                                          Path(current_app.config["CHECKER_SOURCES"])]
        files += sorted(i18n.TRANSLATIONS_DIR.rglob("*.po"))
        for path in files:
            try:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
            except OSError:
                digest.update(str(path).encode())
        for key in ("PUBLIC_ORG_NAME", "PUBLIC_ORG_URL", "PUBLIC_BASE_URL"):
            digest.update(str(current_app.config[key]).encode())
        tag = current_app.extensions["public_build"] = digest.hexdigest()[:12]
    return tag


def render_cache(app: Flask) -> OrderedDict:
    """The app's rendered pages, {(path, parameters, ETag): (body, Content-Type)}, least recently used first."""
    return app.extensions.setdefault("public_render_cache", OrderedDict())


def _parse_time(value: str | None) -> datetime | None:
    """A stored time as Last-Modified compares it: aware, to the second (HTTP dates have no fraction)."""
    moment = i18n.parse_moment(value) if value else None
    return moment.replace(microsecond=0) if moment else None


def sent_back(sent: str | None, etag: str) -> bool:
    """Whether an If-None-Match value is this ETag as clients send it back (strong or weak), read without
    parsing: the common case of a revalidation."""
    return sent == f'"{etag}"' or sent == f'W/"{etag}"'


def validator_headers(etag: str, last_modified_header: str | None, cache_control: str,
                      vary: str = VARY_DATA) -> list[tuple[str, str]]:
    """The headers of every public answer, 304s included: ready-made strings rather than the ETag, date,
    CacheControl and Vary helpers, since this runs for every request."""
    headers = [("ETag", f'"{etag}"'), ("Cache-Control", cache_control), ("Vary", vary)]
    if last_modified_header:
        headers.append(("Last-Modified", last_modified_header))
    return headers


def not_modified(etag: str, modified: datetime | None) -> bool:
    """Whether the client's copy is current: If-None-Match when it names an ETag (then the date is not looked
    at), else If-Modified-Since. The headers are parsed only when the request has them."""
    environ = request.environ
    if "HTTP_IF_NONE_MATCH" in environ:
        if sent_back(environ["HTTP_IF_NONE_MATCH"], etag):
            return True
        if request.if_none_match:
            return request.if_none_match.contains_weak(etag)
    if "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    since = request.if_modified_since
    return bool(since and modified and modified <= since)


def for_this_visitor_alone() -> bool:
    """Whether the page will show what is this visitor's alone, so it is never shared or kept: the page header
    names a logged-in reviewer, or a message waits to be shown once ("You are logged out."). Neither can
    happen without a session cookie, and finding that out costs nothing."""
    return auth.may_be_logged_in() and (current_user.is_authenticated or "_flashes" in session)


def cached(validator: str, modified: str | None, render, mimetype: str = "text/html") -> Response:
    """Answer a GET from a validator: 304 when the client's copy is current, a kept rendering when this
    process has one for this exact state, else render() (str or bytes) and keep it.

    validator: a string that changes whenever what render() would produce changes.
    """
    localized = mimetype == "text/html"  # pages speak the reader's language; data does not
    if for_this_visitor_alone():
        response = Response(render(), mimetype=mimetype)
        response.cache_control.private = True
        response.cache_control.no_cache = True
        response.vary.add("Cookie")
        if localized:
            response.vary.add("Accept-Language")
        return response
    language = i18n.current_language() if localized else ""
    etag, last_modified, last_modified_header = conditional_headers(validator, modified, build_tag(), frozen(),
                                                                    language)
    if not_modified(etag, last_modified):
        response = Response(status=304)
    else:
        key = _cache_key(etag)
        cache = render_cache(current_app)
        page = kept_page(cache, key)
        if page is None:
            body = render()
            page = (body.encode("utf-8") if isinstance(body, str) else body, content_type_of(mimetype))
            keep_page(cache, key, page, current_app.config["PUBLIC_RENDER_CACHE"])
        response = Response(page[0], content_type=page[1])
    response.headers.extend(validator_headers(etag, last_modified_header, public_cache_control(),
                                              VARY_PAGE if localized else VARY_DATA))
    return response


def kept_page(cache: OrderedDict, key: tuple) -> tuple[bytes, str] | None:
    """The (body, Content-Type) rendered for this key, if this process still has it."""
    with _cache_lock:
        page = cache.get(key)
        if page is not None:
            cache.move_to_end(key)
    return page


def keep_page(cache: OrderedDict, key: tuple, page: tuple[bytes, str], size: int) -> None:
    with _cache_lock:
        cache[key] = page
        while len(cache) > size:
            cache.popitem(last=False)


@functools.lru_cache(maxsize=None)
def content_type_of(mimetype: str) -> str:
    """The Content-Type Werkzeug sends for a mimetype ("text/html; charset=utf-8")."""
    return get_content_type(mimetype, "utf-8")


@functools.lru_cache(maxsize=CONDITIONAL_HEADERS_KEPT)
def conditional_headers(validator: str, modified: str | None, build: str, is_frozen: bool,
                        language: str = "") -> tuple[str, datetime | None, str | None]:
    """The ETag, the Last-Modified time and its HTTP date for a page's state, in a language ("" for data, the
    same in every language). The same state always gives the same answer, and clients revalidate the same
    pages over and over, so each is worked out once per process."""
    etag = hashlib.sha1(f"{validator}|{build}|{int(is_frozen)}|{language}".encode()).hexdigest()[:20]
    last_modified = _parse_time(modified)
    return etag, last_modified, http_date(last_modified) if last_modified else None


def public_cache_control() -> str:
    """The Cache-Control value of every public answer, built once per app."""
    value = current_app.extensions.get("public_cache_control")
    if value is None:
        value = current_app.extensions["public_cache_control"] = \
            f"public, max-age={int(current_app.config['PUBLIC_MAX_AGE'])}"
    return value


def _cache_key(etag: str) -> tuple:
    """The render cache's key: the path, the parameters that matter, and the state of the page."""
    if not request.args:
        return request.path, (), etag
    return request.path, tuple(sorted((name, value) for name, value in request.args.items(multi=True)
                                      if not params.is_tracking(name))), etag


def claim_state(claim_id: int, marker: dict) -> tuple[str, str]:
    """A claim page's validator and last change, from its public_store.claim_marker row."""
    links = marker["links"] or ":"
    modified = max(filter(None, [marker["updated_at"], marker["article_updated_at"], links.split(":", 1)[1]]))
    return f"claim:{claim_id}:{marker['version']}:{marker['updated_at']}:{links}", modified


# --- the early answers ---------------------------------------------------------------------------

CLAIM_PATH = re.compile(r"/(?:api/)?claims/([1-9][0-9]{0,18})\Z")
NOT_MODIFIED = "304 NOT MODIFIED"  # the status lines Werkzeug writes for the view's answers
OK = "200 OK"


class EarlyAnswers:
    """Answer an anonymous reader's GET of a claim page with 304 or with the page kept for its current state,
    or hand the request to the app."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app
        self._settings: tuple | None = None

    def __call__(self, environ, start_response):
        if (environ.get("REQUEST_METHOD") == "GET" and not environ.get("QUERY_STRING")
                and "HTTP_COOKIE" not in environ and not environ.get(freeze.FROZEN_ENVIRON)):
            path = environ.get("PATH_INFO", "")
            found = CLAIM_PATH.match(path)
            if found and int(found.group(1)) <= params.MAX_ID:
                answer = self._answer(path, int(found.group(1)), environ)
                if answer is not None:
                    status, headers, body = answer
                    start_response(status, headers)
                    return body
        return self.wsgi_app(environ, start_response)

    def _answer(self, path: str, claim_id: int, environ) -> tuple[str, list, list] | None:
        sent = environ.get("HTTP_IF_NONE_MATCH")
        db_path, busy_timeout_ms, build, cache_control, keeps_pages, languages, default = self._app_settings()
        if sent is None and ("HTTP_IF_MODIFIED_SINCE" in environ or not keeps_pages):
            return None  # a date to compare, or no page can be kept here (PUBLIC_RENDER_CACHE=0): the view's
        try:
            marker = public_store.claim_marker(public_store.public_db(db_path, busy_timeout_ms), claim_id)
        except sqlite3.Error:
            return None  # the view meets the same trouble and answers it with a proper page
        if marker is None:
            return None
        validator, modified = claim_state(claim_id, marker)
        if path.startswith("/api/"):
            language, vary = "", VARY_DATA
        else:  # the page in the reader's language, as the view's locale selector picks it (no cookie here)
            language = i18n.chosen(None, environ.get("HTTP_ACCEPT_LANGUAGE"), languages, default)
            vary = VARY_PAGE
        etag, _, last_modified_header = conditional_headers(validator, modified, build, False, language)
        if sent is not None:
            if not sent_back(sent, etag):
                return None
            # What the view's 304 carries: Werkzeug drops Last-Modified from a 304, and the security headers
            # are added by the middleware around this one.
            return NOT_MODIFIED, validator_headers(etag, None, cache_control, vary), []
        page = kept_page(render_cache(self.app), (path, (), etag))
        if page is None:
            return None  # not rendered in this process yet: the view renders it and keeps it
        body, content_type = page
        return OK, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                    *validator_headers(etag, last_modified_header, cache_control, vary)], [body]

    def _app_settings(self) -> tuple[str, int, str, str, bool, tuple[str, ...], str]:
        """The database, the build tag, the Cache-Control value, whether pages are kept at all, and the
        interface's languages and default: fixed for the life of the process."""
        if self._settings is None:
            with self.app.app_context():
                config = self.app.config
                self._settings = (config["CHECKER_DB"], config["DB_BUSY_TIMEOUT_MS"], build_tag(),
                                  public_cache_control(), config["PUBLIC_RENDER_CACHE"] > 0,
                                  tuple(config["UI_LANGUAGES"]), config["UI_DEFAULT_LANGUAGE"])
        return self._settings


def answer_early(app: Flask) -> None:
    """Put the early answers in front of the app when PUBLIC_EARLY_ANSWERS is on (it is by default)."""
    if app.config["PUBLIC_EARLY_ANSWERS"]:
        app.wsgi_app = EarlyAnswers(app.wsgi_app, app)
