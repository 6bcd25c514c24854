"""Public, read-only pages: articles with their claims highlighted, claim pages with ClaimReview, the claim
index with filters, sources and speakers, archived copies, search, the Atom feed and the CSV export.

Nothing here writes. Every page is conditional (ETag and Last-Modified from a cheap validator read before
anything is rendered, 304 on revalidation) and cacheable for PUBLIC_MAX_AGE seconds; a logged-in reviewer
gets private, uncached copies since the page header names them. What the public never sees: reviewer names,
internal comments, sign-off proposals, and evidence no reviewer accepted.
"""
from __future__ import annotations

import re

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.public import charts, freeze, shapes, speakers
from checker.public import store as public_store
from checker.review import statuses
from checker.text import display
from checker.text.messages import N_
from checker.web import i18n
from checker.web.caching import (
    build_tag,
    cached,
    claim_state,
    conditional_headers,
    frozen,
    not_modified,
)
from checker.web.params import (
    FILTER_ARGS,
    SOURCE_ID,
    STATUS_FILTERS,
    BadParameter,
    accepts,
    arg_int,
    arg_text,
    claim_filters,
    cursor,
    page_links,
)

bp = Blueprint("public", __name__)

LEGEND = charts.STATUS_ORDER  # the article page lists the statuses in the order the charts stack them



# --- the data every page shares --------------------------------------------------------------------

def db():
    return public_store.public_db(current_app.config["CHECKER_DB"], current_app.config["DB_BUSY_TIMEOUT_MS"])


def registry() -> source_registry.Registry:
    """The source registry (names and kinds of cited sources): the file, read once per app, with the sources
    the database adds (scraping's provisional ones, reviewers' confirmations, renames and merges), read again
    when the site's change counter moved (their changes move it)."""
    base = current_app.extensions.get("public_registry")
    if base is None:
        try:
            base = source_registry.load(current_app.config["CHECKER_SOURCES"])
        except (OSError, ValueError, KeyError, source_registry.RegistryError):
            base = source_registry.Registry()  # pages still work, showing source ids instead of names
        current_app.extensions["public_registry"] = base
    if "registry" not in g:  # once per request
        generation = public_store.change_marker(db())["generation"]
        cached_generation, merged = current_app.extensions.get("public_registry_merged", (None, None))
        if cached_generation != generation:
            merged = base.with_entries(claims_store.registry_entries(db()))
            current_app.extensions["public_registry_merged"] = (generation, merged)
        g.registry = merged
    return g.registry


def source_name(source_id: str | None, fallback: str | None = None) -> str | None:
    found = registry().get(source_id) if source_id else None
    return found.name if found else (fallback or source_id)


def source_kind(source_id: str | None) -> str | None:
    found = registry().get(source_id) if source_id else None
    return found.kind if found else None


def absolute_url(endpoint: str, **values) -> str:
    """An absolute URL for ClaimReview, the feed and the CSV (the export's file when frozen)."""
    path = url_for(endpoint, **values)
    if frozen():
        path = "/" + freeze.file_for(path)
    base = current_app.config["PUBLIC_BASE_URL"] or request.url_root
    return base.rstrip("/") + path


def organisation() -> dict:
    return {"name": current_app.config["PUBLIC_ORG_NAME"], "url": current_app.config["PUBLIC_ORG_URL"] or None}


def site_marker() -> tuple[str, str]:
    """The whole site's validator: its change counter (moves with every public change)."""
    marker = public_store.change_marker(db())
    return f"site:{marker['generation']}", marker["changed_at"]


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

def chart_locale() -> str:
    """The locale charts format their month names and numbers in: the reader's (a page's language is part of
    its ETag and render-cache key, see checker/web/caching.py). Their status names come from i18n.status_label,
    in the same language."""
    return i18n.current_language()


def verdict_timeline(filters: dict) -> dict:
    """The scorecard chart of the claims under these filters (a source or a speaker)."""
    return charts.verdict_timeline(public_store.verdict_months(db(), filters),
                                   current_app.config["PUBLIC_CHART_MAX_BARS"], chart_locale(), i18n.status_label)


def speaker_url(name: str | None) -> str | None:
    """The page of a name cited with no registry entry."""
    return url_for("public.speaker", speaker_key=speakers.speaker_key(name)) if name and name.strip() else None


@bp.app_context_processor
def public_helpers():
    return {"label": i18n.status_label, "is_verdict": statuses.is_verdict, "frozen": frozen,
            "source_name": source_name, "speaker_url": speaker_url}


@bp.get("/")
@accepts("before", "after")
def index():
    before, after = cursor()
    validator, modified = site_marker()

    def render():
        page = public_store.article_index(db(), current_app.config["PUBLIC_PAGE_SIZE"], before, after)
        counts = public_store.claim_status_counts(db(), {})
        return render_template("public/index.html", articles=page["items"], counts=counts,
                               links=page_links("public.index", page, {}),
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
        counts = public_store.claim_status_counts(db(), filters)
        return render_template(
            "public/claims.html", claims=page["items"], filters=filters, counts=counts,
            status_bar=charts.status_bar(counts, chart_locale(), i18n.status_label), statuses=STATUS_FILTERS,
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


@bp.get("/articles/<id:article_id>")
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
        "found": link["found"], "found_note": link["found_note"],
        "archived": url_for("public.archived", snapshot_id=link["snapshot_id"]) if link["snapshot_id"] else None,
    } for link in accepted]
    article_row = {"id": found["article_id"], "title": found["article_title"], "published": found["article_published"],
                   "origin": found["article_origin"], "language": found["article_language"]}
    appearances = public_store.public_appearances(db(), claim_id)
    also_in = [{"origin": a["article_origin"], "title": a["article_title"], "published": a["article_published"],
                "url": absolute_url("public.article", article_id=a["article_id"])} for a in appearances]
    claim_review = shapes.claim_review(
        found, history, claim_url=absolute_url("public.claim", claim_id=claim_id), article=article_row,
        article_url=absolute_url("public.article", article_id=found["article_id"]), organisation=organisation(),
        kind_of=source_kind, also_in=also_in)
    return {"claim": found, "history": history, "rationale": statuses.rationale(history, found["status"]),
            "evidence": evidence, "undecided": undecided, "article": article_row, "claim_review": claim_review,
            "source_notes": source_notes(claim_id),
            "appearances": appearances,
            "claimant": (found["attribution"] or {}).get("source"),
            "claimant_kind": source_kind(found["source_id"]), "rating_values": shapes.RATING_VALUES}


def source_notes(claim_id: int) -> list[dict]:
    """"The source was edited on <date>, after this verdict" (or removed), for each page behind the accepted
    evidence that changed after the verdict. The date is the page's own Last-Modified when credible, else the day
    `flask recheck` found the change; an edit dated before the verdict but found after it is said so."""
    return [{"kind": row["kind"], "title": row["title"] or row["url"], "url": row["url"], "date": row["edited_at"][:10],
             "after_verdict": row["edited_at"] >= row["verdict_at"]}
            for row in public_store.source_changes_after_verdict(db(), claim_id)]


def claim_validator(claim_id: int) -> tuple[str, str]:
    marker = public_store.claim_marker(db(), claim_id)
    if marker is None:
        abort(404)
    return claim_state(claim_id, marker)


@bp.get("/claims/<id:claim_id>")
@accepts()
def claim(claim_id: int):
    validator, modified = claim_validator(claim_id)
    return cached(validator, modified, lambda: render_template("public/claim.html", **claim_context(claim_id)))


@bp.get("/archive/<id:snapshot_id>")
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
        cited = sorted(speakers.speakers(public_store.speaker_counts(db())).values(),
                       key=lambda row: (-row["total"], row["name"].lower()))
        return render_template("public/sources.html", sources=rows, speakers=cited, verdicts=statuses.VERDICTS)
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
            timeline=verdict_timeline(filters), links=page_links("public.source", page, {}, source_id=source_id))
    return cached(validator, modified, render)


@bp.get("/speakers/<speaker_key>")
@accepts("before", "after")
def speaker(speaker_key: str):
    """A name claims are attributed to with no registry entry: its claims, verdict counts and scorecard."""
    if not speakers.KEY.match(speaker_key):
        abort(404)
    before, after = cursor()
    validator, modified = site_marker()

    def render():
        # Looked up here, not before: a revalidation costs the site's change counter alone.
        found = speakers.speakers(public_store.speaker_counts(db())).get(speaker_key)
        if found is None:
            abort(404)
        filters = {"speaker_names": found["names"]}
        page = public_store.claim_index(db(), filters, current_app.config["PUBLIC_PAGE_SIZE"], before, after)
        return render_template(
            "public/speaker.html", speaker=found, claims=page["items"], verdicts=statuses.VERDICTS,
            counts=found["counts"], timeline=verdict_timeline(filters),
            links=page_links("public.speaker", page, {}, speaker_key=speaker_key))
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
    q = arg_text("q")
    if q and len(q) > current_app.config["PUBLIC_SEARCH_MAX_CHARS"]:
        raise BadParameter(N_("?q= is limited to %(count)s characters.", count=current_app.config["PUBLIC_SEARCH_MAX_CHARS"]))
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
    if not_modified(etag, last_modified):
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
