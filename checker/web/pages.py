"""Public, read-only pages: articles with their claims highlighted, claim pages with ClaimReview, the claim
index with filters, sources and speakers, archived copies, search, the Atom feed and the CSV export.

Nothing here writes. Every page is conditional (ETag and Last-Modified from a cheap validator read before
anything is rendered, 304 on revalidation) and cacheable for PUBLIC_MAX_AGE seconds; a logged-in reviewer
gets private, uncached copies since the page header names them. What the public never sees: reviewer names,
internal comments, sign-off proposals, and evidence no reviewer accepted.
"""
from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections import OrderedDict
from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request, stream_with_context, url_for
from flask_login import current_user
from werkzeug.http import http_date

from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.public import freeze, shapes
from checker.public import store as public_store
from checker.review import statuses
from checker.text import display
from checker.web import auth

bp = Blueprint("public", __name__)

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
MAX_ID = 2 ** 63 - 1
ID = f"int(max={MAX_ID})"
STATUS_FILTERS = ("reviewed",) + statuses.STATUSES
LEGEND = ("verified", "disputed", "misleading", "false", "unverifiable", "in_review", "unreviewed")


class BadParameter(ValueError):
    """A query parameter that cannot be used; the message says which and what is allowed."""


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return render_template("error.html", code=400, message=str(error)), 400


# --- the data every page shares --------------------------------------------------------------------

def db():
    return public_store.public_db(current_app.config["CHECKER_DB"], current_app.config["DB_BUSY_TIMEOUT_MS"])


def registry() -> source_registry.Registry:
    """The source registry, read once per app (names and kinds of cited sources)."""
    found = current_app.extensions.get("public_registry")
    if found is None:
        try:
            found = source_registry.load(current_app.config["CHECKER_SOURCES"])
        except (OSError, ValueError, KeyError, source_registry.RegistryError):
            found = source_registry.Registry()  # pages still work, showing source ids instead of names
        current_app.extensions["public_registry"] = found
    return found


def source_name(source_id: str | None, fallback: str | None = None) -> str | None:
    found = registry().get(source_id) if source_id else None
    return found.name if found else (fallback or source_id)


def source_kind(source_id: str | None) -> str | None:
    found = registry().get(source_id) if source_id else None
    return found.kind if found else None


def frozen() -> bool:
    """True while `flask freeze` renders the page for the static export."""
    return bool(request.environ.get(freeze.FROZEN_ENVIRON))


def absolute_url(endpoint: str, **values) -> str:
    """An absolute URL for ClaimReview, the feed and the CSV (the export's file when frozen)."""
    path = url_for(endpoint, **values)
    if frozen():
        path = "/" + freeze.file_for(path)
    base = current_app.config["PUBLIC_BASE_URL"] or request.url_root
    return base.rstrip("/") + path


def organisation() -> dict:
    return {"name": current_app.config["PUBLIC_ORG_NAME"], "url": current_app.config["PUBLIC_ORG_URL"] or None}


# --- caching: validators first, rendering only when needed ------------------------------------------

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


def _render_cache() -> OrderedDict:
    return current_app.extensions.setdefault("public_render_cache", OrderedDict())


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)).replace(microsecond=0)


def sent_back(sent: str | None, etag: str) -> bool:
    """Whether an If-None-Match value is this ETag as clients send it back (strong or weak), read without
    parsing: the common case of a revalidation."""
    return sent == f'"{etag}"' or sent == f'W/"{etag}"'


def validator_headers(etag: str, last_modified_header: str | None, cache_control: str) -> list[tuple[str, str]]:
    """The headers of every public answer, 304s included: ready-made strings rather than the ETag, date,
    CacheControl and Vary helpers, since this runs for every request."""
    headers = [("ETag", f'"{etag}"'), ("Cache-Control", cache_control), ("Vary", "Cookie")]
    if last_modified_header:
        headers.append(("Last-Modified", last_modified_header))
    return headers


def _not_modified(etag: str, modified: datetime | None) -> bool:
    if sent_back(request.environ.get("HTTP_IF_NONE_MATCH"), etag):
        return True
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return bool(since and modified and modified <= since)


def cached(validator: str, modified: str | None, render, mimetype: str = "text/html") -> Response:
    """Answer a GET from a validator: 304 when the client's copy is current, a kept rendering when this
    process has one for this exact state, else render() (str or bytes) and keep it.

    validator: a string that changes whenever what render() would produce changes.
    """
    # The page header names a logged-in reviewer: never shared, never kept. A reader without a session
    # cookie is anonymous, and finding that out costs nothing.
    if auth.may_be_logged_in() and current_user.is_authenticated:
        response = Response(render(), mimetype=mimetype)
        response.cache_control.private = True
        response.cache_control.no_cache = True
        response.vary.add("Cookie")
        return response
    etag, last_modified, last_modified_header = conditional_headers(validator, modified, build_tag(), frozen())
    if _not_modified(etag, last_modified):
        response = Response(status=304)
    else:
        key = _cache_key(etag)
        cache = _render_cache()
        with _cache_lock:
            body = cache.get(key)
            if body is not None:
                cache.move_to_end(key)
        if body is None:
            body = render()
            body = body.encode("utf-8") if isinstance(body, str) else body
            with _cache_lock:
                cache[key] = body
                while len(cache) > current_app.config["PUBLIC_RENDER_CACHE"]:
                    cache.popitem(last=False)
        response = Response(body, mimetype=mimetype)
    response.headers.extend(validator_headers(etag, last_modified_header, public_cache_control()))
    return response


@functools.lru_cache(maxsize=CONDITIONAL_HEADERS_KEPT)
def conditional_headers(validator: str, modified: str | None, build: str,
                        is_frozen: bool) -> tuple[str, datetime | None, str | None]:
    """The ETag, the Last-Modified time and its HTTP date for a page's state. The same state always gives the
    same answer, and clients revalidate the same pages over and over, so each is worked out once per process."""
    etag = hashlib.sha1(f"{validator}|{build}|{int(is_frozen)}".encode()).hexdigest()[:20]
    last_modified = _parse_time(modified)
    return etag, last_modified, http_date(last_modified) if last_modified else None


def public_cache_control() -> str:
    """The Cache-Control value of every public answer, built once per app."""
    value = current_app.extensions.get("public_cache_control")
    if value is None:
        value = current_app.extensions["public_cache_control"] = \
            f"public, max-age={int(current_app.config['PUBLIC_MAX_AGE'])}"
    return value


def site_marker() -> tuple[str, str]:
    """The whole site's validator: its change counter (moves with every public change)."""
    marker = public_store.change_marker(db())
    return f"site:{marker['generation']}", marker["changed_at"]


# --- query parameters -------------------------------------------------------------------------------

# What links shared on social networks and in newsletters carry. They change nothing on a page, so they are
# passed over rather than refused (a claim link going viral must not turn into an error page) and left out
# of the render cache's key (each click must not render the page again).
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "igshid",
                                 "yclid", "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src", "s"})


def _is_tracking(name: str) -> bool:
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
                    elif not _is_tracking(name):
                        raise BadParameter(f"?{name[:40]}= is not a parameter of this page; it takes {takes}.")
            return view(*args, **kwargs)
        return checked
    return decorate


def _cache_key(etag: str) -> tuple:
    """The render cache's key: the path, the parameters that matter, and the state of the page."""
    if not request.args:
        return request.path, (), etag
    return request.path, tuple(sorted((name, value) for name, value in request.args.items(multi=True)
                                      if not _is_tracking(name))), etag


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


FILTER_ARGS = {"status": "status", "source_id": "source", "date_from": "from", "date_to": "to"}


def filter_url(endpoint: str, filters: dict, changes: dict, **values) -> str:
    """The index with some filters changed (None clears one), the others kept; frozen: the changed ones alone."""
    args = {} if frozen() else {FILTER_ARGS[k]: v for k, v in filters.items() if v}
    for name, value in changes.items():
        if value:
            args[name] = value
        else:
            args.pop(name, None)
    return url_for(endpoint, **values, **dict(sorted(args.items())))


# --- pages ---------------------------------------------------------------------------------------

@bp.app_context_processor
def public_helpers():
    return {"label": statuses.label, "is_verdict": statuses.is_verdict, "frozen": frozen,
            "source_name": source_name}


@bp.get("/")
@accepts("before", "after")
def index():
    before, after = cursor()
    validator, modified = site_marker()

    def render():
        page = public_store.article_index(db(), current_app.config["PUBLIC_PAGE_SIZE"], before, after)
        counts = public_store.claim_status_counts(db(), {})
        return render_template("public/index.html", articles=page["items"], counts=counts,
                               links=page_links("public.index", page, dict(request.args)),
                               feed=public_store.latest_verdicts(db(), 5))
    return cached(validator, modified, render)


@bp.get("/claims/")
@accepts("status", "source", "from", "to", "before", "after")
def claims():
    filters = claim_filters()
    before, after = cursor()
    validator, modified = site_marker()

    def render():
        page = public_store.claim_index(db(), filters, current_app.config["PUBLIC_PAGE_SIZE"], before, after)
        return render_template(
            "public/claims.html", claims=page["items"], filters=filters,
            counts=public_store.claim_status_counts(db(), filters), statuses=STATUS_FILTERS,
            links=page_links("public.claims", page, {FILTER_ARGS[k]: v for k, v in filters.items()}),
            months=public_store.article_months(db()), source_ids=sorted(public_store.source_counts(db())),
            filter_url=lambda changes: filter_url("public.claims", filters, changes),
            csv_url=url_for("public.export_csv", **{FILTER_ARGS[k]: v for k, v in sorted(filters.items())})
            if filters and not frozen() else None)
    return cached(validator, modified, render)


def article_paragraphs(text: str, claims: list[dict]) -> list[list[dict]]:
    """The article as paragraphs (one per line) of pieces: plain text, or a claim to highlight in place.

    Highlighted: check-worthy claims and any claim a reviewer has touched.
    """
    shown = sorted((c for c in claims if c["checkworthy"] or c["status"] != "unreviewed"), key=lambda c: c["start"])
    paragraphs: list[list[dict]] = [[]]
    position = 0

    def plain(piece: str) -> None:
        for number, line in enumerate(piece.split("\n")):
            if number:
                paragraphs.append([])
            if line:
                paragraphs[-1].append({"text": line})

    for claim in shown:
        if claim["start"] < position or claim["end"] > len(text):
            continue  # overlapping or out of range: left as plain text rather than guessed
        plain(text[position:claim["start"]])
        paragraphs[-1].append({"text": text[claim["start"]:claim["end"]], "claim": claim})
        position = claim["end"]
    plain(text[position:])
    return [paragraph for paragraph in paragraphs if any(piece["text"].strip() for piece in paragraph)]


@bp.get(f"/articles/<{ID}:article_id>")
@accepts()
def article(article_id: int):
    marker = public_store.article_marker(db(), article_id)
    if marker is None:
        abort(404)

    def render():
        found = claims_store.get_article(db(), article_id)
        claims = public_store.article_claims(db(), article_id)
        return render_template("public/article.html", article=found, claims=claims, legend=LEGEND,
                               paragraphs=article_paragraphs(found["text"], claims),
                               origin=shapes.safe_origin(found["origin"]))
    return cached(f"article:{article_id}:{marker['updated_at']}:{marker['claims']}",
                  max(filter(None, [marker["updated_at"], (marker["claims"] or ":").split(":", 1)[1]])), render)


def claim_context(claim_id: int) -> dict:
    found = public_store.public_claim(db(), claim_id)
    if found is None:
        abort(404)
    history = statuses.public_history(public_store.public_history_rows(db(), claim_id))
    accepted, undecided = public_store.public_evidence(db(), claim_id)
    evidence = [{
        "title": link["title"], "passage": display.plain_text(link["passage"]), "standin": bool(link["standin"]),
        "original": display.safe_link(link["url"]), "url": link["url"], "via": link["via"],
        "fetched_at": link["fetched_at"], "published": link["document_published"],
        "archived": url_for("public.archived", snapshot_id=link["snapshot_id"]) if link["snapshot_id"] else None,
    } for link in accepted]
    article_row = {"id": found["article_id"], "title": found["article_title"], "published": found["article_published"],
                   "origin": found["article_origin"], "language": found["article_language"]}
    claim_review = shapes.claim_review(
        found, history, claim_url=absolute_url("public.claim", claim_id=claim_id), article=article_row,
        article_url=absolute_url("public.article", article_id=found["article_id"]), organisation=organisation(),
        kind_of=source_kind)
    return {"claim": found, "history": history, "rationale": statuses.rationale(history, found["status"]),
            "evidence": evidence, "undecided": undecided, "article": article_row, "claim_review": claim_review,
            "claimant": (found["attribution"] or {}).get("source"),
            "claimant_kind": source_kind(found["source_id"]), "rating_values": shapes.RATING_VALUES}


def claim_validator(claim_id: int) -> tuple[str, str]:
    marker = public_store.claim_marker(db(), claim_id)
    if marker is None:
        abort(404)
    return claim_state(claim_id, marker)


def claim_state(claim_id: int, marker: dict) -> tuple[str, str]:
    """A claim page's validator and last change, from its public_store.claim_marker row."""
    links = marker["links"] or ":"
    modified = max(filter(None, [marker["updated_at"], marker["article_updated_at"], links.split(":", 1)[1]]))
    return f"claim:{claim_id}:{marker['version']}:{marker['updated_at']}:{links}", modified


@bp.get(f"/claims/<{ID}:claim_id>")
@accepts()
def claim(claim_id: int):
    validator, modified = claim_validator(claim_id)
    return cached(validator, modified, lambda: render_template("public/claim.html", **claim_context(claim_id)))


@bp.get(f"/archive/<{ID}:snapshot_id>")
@accepts()
def archived(snapshot_id: int):
    """An archived copy behind accepted evidence: its record and extracted text (escaped), never its HTML."""
    found = public_store.public_snapshot(db(), snapshot_id)
    if found is None:
        abort(404)
    return cached(f"archive:{snapshot_id}", found["fetched_at"], lambda: render_template(
        "public/archived.html", snapshot=found, text=display.plain_text(found["text"]),
        original=display.safe_link(found["final_url"] or found["url"])))


@bp.get("/sources/")
@accepts()
def source_list():
    validator, modified = site_marker()

    def render():
        counts = public_store.source_counts(db())
        rows = [{"id": source_id, "name": source_name(source_id), "kind": source_kind(source_id),
                 "counts": per_status, "total": sum(per_status.values()),
                 "verdicts": sum(per_status[s] for s in statuses.VERDICTS)}
                for source_id, per_status in counts.items()]
        rows.sort(key=lambda row: (-row["total"], (row["name"] or "").lower()))
        return render_template("public/sources.html", sources=rows, verdicts=statuses.VERDICTS)
    return cached(validator, modified, render)


@bp.get("/sources/<source_id>")
@accepts("before", "after")
def source(source_id: str):
    if not SOURCE_ID.match(source_id):
        abort(404)
    before, after = cursor()
    counts = public_store.source_counts(db(), source_id).get(source_id)
    if counts is None and registry().get(source_id) is None:
        abort(404)
    validator, modified = site_marker()

    def render():
        filters = {"source_id": source_id}
        page = public_store.claim_index(db(), filters, current_app.config["PUBLIC_PAGE_SIZE"], before, after)
        entry = registry().get(source_id)
        return render_template(
            "public/source.html", source_id=source_id, name=source_name(source_id), entry=entry,
            counts=counts or {s: 0 for s in statuses.STATUSES}, claims=page["items"], verdicts=statuses.VERDICTS,
            links=page_links("public.source", page, {}, source_id=source_id))
    return cached(validator, modified, render)


# --- search -------------------------------------------------------------------------------------------

WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """The reader's words as a safe FTS5 query: each word quoted (no operators), all required, the last one
    also matched as a prefix so a half-typed word still finds something."""
    words = WORD.findall(text)[:20]
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def marked(snippet: str | None) -> list[tuple[str, bool]]:
    """A search snippet split into (text, matched) pieces; the template escapes every piece."""
    pieces, matched = [], False
    for part in re.split(f"([{public_store.MARK_START}{public_store.MARK_END}])", snippet or ""):
        if part == public_store.MARK_START:
            matched = True
        elif part == public_store.MARK_END:
            matched = False
        elif part:
            pieces.append((part, matched))
    return pieces


def search_results(q: str | None, page: int) -> dict:
    size = current_app.config["PUBLIC_SEARCH_PAGE_SIZE"]
    query = fts_query(q or "")
    if not query:
        return {"claims": [], "articles": [], "more": False}
    claims = public_store.search_claims(db(), query, size + 1, (page - 1) * size)
    articles = public_store.search_articles(db(), query, size, (page - 1) * size) if page == 1 else []
    return {"claims": claims[:size], "articles": articles, "more": len(claims) > size}


def search_args() -> tuple[str | None, int]:
    q = request.args.get("q", "").strip() or None
    if q and len(q) > current_app.config["PUBLIC_SEARCH_MAX_CHARS"]:
        raise BadParameter(f"?q= is limited to {current_app.config['PUBLIC_SEARCH_MAX_CHARS']} characters.")
    return q, arg_int("page", 1, current_app.config["PUBLIC_SEARCH_MAX_PAGE"]) or 1


@bp.get("/search")
@accepts("q", "page")
def search():
    q, page = search_args()
    validator, modified = site_marker()

    def render():
        results = search_results(q, page)
        for row in results["claims"] + results["articles"]:
            row["pieces"] = marked(row["snippet"])
        more = url_for("public.search", q=q, page=page + 1) if results["more"] else None
        return render_template("public/search.html", q=q or "", page=page, results=results, more=more)
    return cached(validator, modified, render)


# --- feed and export -----------------------------------------------------------------------------------

@bp.get("/feed.atom")
@accepts()
def feed():
    validator, modified = site_marker()

    def render():
        entries = public_store.latest_verdicts(db(), current_app.config["PUBLIC_FEED_SIZE"])
        updated = entries[0]["created_at"] if entries else modified
        return shapes.atom_feed(
            entries, feed_url=absolute_url("public.feed"), site_url=absolute_url("public.index"),
            title=f"{current_app.config['PUBLIC_ORG_NAME']}: newly reviewed claims", organisation=organisation(),
            updated=updated, claim_url=lambda claim_id: absolute_url("public.claim", claim_id=claim_id))
    return cached(validator, modified, render, mimetype="application/atom+xml")


@bp.get("/export/claims.csv")
@accepts("status", "source", "from", "to")
def export_csv():
    """Every claim as CSV, or those under the claim index's filters, streamed (never held whole in memory);
    304 when unchanged."""
    filters = claim_filters()
    validator, modified = site_marker()
    chosen = "&".join(f"{key}={value}" for key, value in sorted(filters.items()))
    etag, last_modified, _ = conditional_headers(f"{validator}|csv|{chosen}", modified, build_tag(), frozen())
    if _not_modified(etag, last_modified):
        response = Response(status=304)
    else:
        base = (current_app.config["PUBLIC_BASE_URL"] or request.url_root).rstrip("/")
        template = base + ("/" + freeze.file_for(url_for("public.claim", claim_id=0)) if frozen()
                           else url_for("public.claim", claim_id=0))
        prefix, suffix = template.rsplit("0", 1)
        names = {}

        def name_of(source_id):
            if source_id not in names:
                names[source_id] = source_name(source_id)
            return names[source_id]
        rows = public_store.export_rows(current_app.config["CHECKER_DB"], current_app.config["DB_BUSY_TIMEOUT_MS"],
                                 filters)
        lines = shapes.csv_lines(rows, lambda claim_id: f"{prefix}{claim_id}{suffix}", name_of)
        response = Response(stream_with_context(lines), mimetype="text/csv")
        response.headers["Content-Disposition"] = "inline; filename=claims.csv"
    response.set_etag(etag)
    if last_modified:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_MAX_AGE"]
    return response
