"""The read-only JSON API: articles, claims (with their public review), sources and search.

Lists are keyset-paginated (`?before=ID` / `?after=ID`, `?limit=` up to PUBLIC_API_MAX_LIMIT), newest first,
with `links.next` / `links.prev`. Every document carries site-relative `links`, which `flask freeze` rewrites
for the static export. Bad parameters, and parameters an endpoint does not take, get 400 with {"error"};
unknown ids get 404. Answers are conditional (ETag, Last-Modified, 304) like the pages.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, abort, current_app, url_for

from checker.claims import store as claims_store
from checker.public import shapes
from checker.public import store as public_store
from checker.review import statuses
from checker.web import pages, params
from checker.web.caching import cached
from checker.web.pages import db
from checker.web.params import BadParameter, accepts

bp = Blueprint("api", __name__, url_prefix="/api")
# The OpenAPI 3.1 description of this API, kept by hand beside this module; tests/web/test_openapi.py holds it to
# the routes (every /api rule, every parameter a view takes) and `make fuzz` runs Schemathesis against it.
OPENAPI_FILE = Path(__file__).with_name("openapi.json")



def _json(document) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _answer(validator: str, modified: str | None, build):
    return cached(validator, modified, lambda: _json(build()), mimetype="application/json")


def _limit() -> int:
    return params.arg_int("limit", 1, current_app.config["PUBLIC_API_MAX_LIMIT"]) or current_app.config["PUBLIC_PAGE_SIZE"]


def _list_links(endpoint: str, page: dict, args: dict, **values) -> dict:
    links = {"self": url_for(endpoint, **values, **args)}
    paging = params.page_links(endpoint, page, args, **values)
    if "older" in paging:
        links["next"] = paging["older"]
    if "newer" in paging:
        links["prev"] = paging["newer"]
    return links


def _claim_links(claim_id: int) -> dict:
    return {"self": url_for("api.claim", claim_id=claim_id), "html": url_for("public.claim", claim_id=claim_id)}


def _claim_summary(row: dict) -> dict:
    """A claim in a list: what it says, where, its status and rationale (the full claim is one link away)."""
    return {"id": row["id"], "article_id": row["article_id"], "text": row["text"], "status": row["status"],
            "status_label": statuses.label(row["status"]), "version": row["version"],
            "rationale": row["rationale"], "reviewed_at": row["reviewed_at"], "source_id": row["source_id"],
            "checkworthy": bool(row["checkworthy"]), "score": row["score"], "kind": row["kind"],
            "article_title": row["article_title"], "article_published": row["article_published"],
            "links": _claim_links(row["id"])}


@bp.get("/")
@accepts()
def index():
    validator, modified = pages.site_marker()
    return _answer(validator, modified, lambda: {"name": current_app.config["PUBLIC_ORG_NAME"], "statuses": list(statuses.STATUSES),
                    "verdicts": list(statuses.VERDICTS), "rating_values": shapes.RATING_VALUES,
                    "links": {"articles": url_for("api.articles"), "claims": url_for("api.claims"),
                              "sources": url_for("api.sources"), "feed": url_for("public.feed"),
                              "csv": url_for("public.export_csv")}})


@bp.get("/openapi.json")
@accepts()
def openapi():
    """This API described in OpenAPI 3.1."""
    document = current_app.extensions.get("api_openapi")
    if document is None:
        document = current_app.extensions["api_openapi"] = OPENAPI_FILE.read_bytes()
    return cached(f"openapi:{hashlib.sha256(document).hexdigest()}", None, lambda: document,
                  mimetype="application/json")


@bp.get("/articles")
@accepts("before", "after", "limit")
def articles():
    before, after = params.cursor()
    limit = _limit()
    validator, modified = pages.site_marker()

    def build():
        page = public_store.article_index(db(), limit, before, after)
        items = [{**{k: row[k] for k in ("id", "title", "language", "published", "claim_count", "reviewed_count")},
                  "links": {"self": url_for("api.article", article_id=row["id"]),
                            "html": url_for("public.article", article_id=row["id"])}} for row in page["items"]]
        args = {"limit": limit} if params.given("limit") else {}
        return {"items": items, "links": _list_links("api.articles", page, args)}
    return _answer(validator, modified, build)


@bp.get("/articles/<id:article_id>")
@accepts()
def article(article_id: int):
    marker = public_store.article_marker(db(), article_id)
    if marker is None:
        abort(404)

    def build():
        found = claims_store.get_article(db(), article_id)
        claims = public_store.article_claims(db(), article_id)
        histories = public_store.histories_of_claims(db(), [c["id"] for c in claims])
        document = shapes.public_article_json(found, claims, claims_store.skipped_of_article(db(), article_id),
                                               histories, lambda c: _claim_links(c["id"]))
        document["links"] = {"self": url_for("api.article", article_id=article_id),
                             "html": url_for("public.article", article_id=article_id)}
        return document
    return _answer(f"api-article:{article_id}:{marker['updated_at']}:{marker['claims']}", marker["updated_at"], build)


@bp.get("/claims")
@accepts("status", "source", "from", "to", "before", "after", "limit")
def claims():
    filters = params.claim_filters()
    before, after = params.cursor()
    limit = _limit()
    validator, modified = pages.site_marker()

    def build():
        page = public_store.claim_index(db(), filters, limit, before, after)
        args = {params.FILTER_ARGS[k]: v for k, v in filters.items()}
        if params.given("limit"):
            args["limit"] = limit
        return {"items": [_claim_summary(row) for row in page["items"]],
                "links": _list_links("api.claims", page, dict(sorted(args.items())))}
    return _answer(validator, modified, build)


@bp.get("/claims/<id:claim_id>")
@accepts()
def claim(claim_id: int):
    validator, modified = pages.claim_validator(claim_id)

    def build():
        context = pages.claim_context(claim_id)
        found = context["claim"]
        document = shapes.public_claim_json(found, public_store.public_history_rows(db(), claim_id),
                                             {**_claim_links(claim_id),
                                              "article": url_for("api.article", article_id=found["article_id"])})
        document["article_title"] = found["article_title"]
        document["evidence"] = [{k: e[k] for k in ("title", "url", "passage", "standin", "via", "fetched_at",
                                                   "published", "found", "found_note")} for e in context["evidence"]]
        document["unreviewed_suggestions"] = context["undecided"]
        document["source_changes"] = context["source_notes"]  # edited or removed after the verdict (flask recheck)
        document["appearances"] = [{"claim_id": a["claim_id"], "article_id": a["article_id"], "score": a["score"],
                                    "reasons": a["reasons"], "article_title": a["article_title"],
                                    "article_published": a["article_published"], "confirmed": a["confirmed"],
                                    "links": _claim_links(a["claim_id"])} for a in context["appearances"]]
        document["claim_review"] = context["claim_review"]
        return document
    return _answer(validator, modified, build)


@bp.get("/sources")
@accepts()
def sources():
    validator, modified = pages.site_marker()

    def build():
        counts = public_store.source_counts(db())
        return {"items": [{"id": source_id, "name": pages.source_name(source_id),
                           "kind": pages.source_kind(source_id), "counts": per_status,
                           "links": {"self": url_for("api.source", source_id=source_id),
                                     "html": url_for("public.source", source_id=source_id),
                                     "claims": url_for("api.claims", source=source_id)}}
                          for source_id, per_status in sorted(counts.items())],
                "links": {"self": url_for("api.sources")}}
    return _answer(validator, modified, build)


@bp.get("/sources/<source_id>")
@accepts()
def source(source_id: str):
    if not params.SOURCE_ID.match(source_id):
        abort(404)
    counts = public_store.source_counts(db(), source_id).get(source_id)
    if counts is None and pages.registry().get(source_id) is None:
        abort(404)
    validator, modified = pages.site_marker()
    return _answer(validator, modified, lambda: {
        "id": source_id, "name": pages.source_name(source_id), "kind": pages.source_kind(source_id),
        "counts": counts or {s: 0 for s in statuses.STATUSES},
        "links": {"self": url_for("api.source", source_id=source_id),
                  "html": url_for("public.source", source_id=source_id),
                  "claims": url_for("api.claims", source=source_id)}})


@bp.get("/search")
@accepts("q", "page")
def search():
    q, page = pages.search_args()
    if not q:
        raise BadParameter("give the words to search for in ?q=.")
    validator, modified = pages.site_marker()

    def build():
        results = pages.search_results(q, page)
        return {"q": q, "page": page,
                "claims": [{"id": r["id"], "article_id": r["article_id"], "text": r["text"], "status": r["status"],
                            "links": _claim_links(r["id"])} for r in results["claims"]],
                "articles": [{"id": r["id"], "title": r["title"], "published": r["published"],
                              "links": {"self": url_for("api.article", article_id=r["id"]),
                                        "html": url_for("public.article", article_id=r["id"])}}
                             for r in results["articles"]],
                "links": {"self": url_for("api.search", q=q, page=page),
                          **({"next": url_for("api.search", q=q, page=page + 1)} if results["more"] else {})}}
    return _answer(validator, modified, build)
