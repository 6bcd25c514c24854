"""The reviewer workspace under /review/: queue, claim beside its evidence, status, comments, the sources scraping
added to the registry, reviewers.

Every route here needs a logged-in reviewer (checked once, before any view runs); reviewer management needs
an admin. Views stay thin: they read forms, call checker.review's rules (which write through its store), and render.
"""
from __future__ import annotations

import sqlite3

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user

from checker import db as database
from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.evidence import manual
from checker.evidence import store as evidence_store
from checker.review import accounts, rules, statuses
from checker.review import store as review_store
from checker.sources import discover, provisional, textdiff
from checker.sources import store as sources_store
from checker.text import display
from checker.text.messages import N_
from checker.web import pages, params
from checker.web.auth import admin_required, end_current_session
from checker.web.errors import wants_json
from checker.web.forms import (
    COMMENT_MAX_CHARS,
    AppearanceDecisionForm,
    AssignForm,
    CarryOverForm,
    CommentForm,
    EditReviewerForm,
    EmptyForm,
    EvidenceUploadForm,
    EvidenceUrlForm,
    LinkDecisionForm,
    NewReviewerForm,
    PasswordForm,
    SignoffForm,
    SourceEntryForm,
    StatusForm,
)
from checker.web.i18n import said, status_label, translate, word

bp = Blueprint("review", __name__, url_prefix="/review")

BUSY_MESSAGE = N_("The database is busy right now; nothing was saved. Submit again in a moment.")



@bp.before_request
def require_reviewer():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


# --- the queue ---------------------------------------------------------------------------------

QUEUE_ARGS = ("article", "source", "status", "scope", "mine", "conflicts", "changed", "page")


def _queue_filters() -> dict:
    """The queue's filters from its query parameters, each read through checker.web.params."""
    return {
        "article_id": params.arg_int("article"),
        "source_id": params.arg_text("source", params.SOURCE_ID, what=params.SOURCE_ID_WANTED),
        "status": params.arg_text("status", choices=statuses.STATUSES),
        "assigned_to": current_user.id if params.arg_text("mine", choices=("1",)) else None,
        "has_conflicts": bool(params.arg_text("conflicts", choices=("1",))),
        "evidence_changed": bool(params.arg_text("changed", choices=("1",))),
        "checkworthy_only": (params.arg_text("scope", choices=("worthy", "all")) or "worthy") != "all",
    }


@bp.get("/")
@params.accepts(*QUEUE_ARGS)
def queue():
    db = database.get_db()
    filters = _queue_filters()
    size = current_app.config["PAGE_SIZE"]
    page = params.arg_int("page", 1, params.MAX_ID // size) or 1
    rows, total = review_store.review_queue(db, filters, limit=size, offset=(page - 1) * size)
    # The links to other pages and statuses keep the filters given, and nothing else of the query.
    kept = params.given(*QUEUE_ARGS)
    return render_template("review/queue.html", claims=rows, total=total, page=page,
                           pages=max(1, -(-total // size)), filters=filters, args=kept,
                           counts=review_store.status_counts(db, filters), choices=review_store.queue_choices(db),
                           statuses=statuses.STATUSES, label=status_label)


# --- one claim ---------------------------------------------------------------------------------

def cited_sources(db, claim: dict, registry: source_registry.Registry) -> list[dict]:
    """The sources this claim cites, each with its fetch attempts (status or failure reason) and archived
    documents: its own, and for a person those of the source searched for them (`searched`: the affiliated
    source, as `discover.search_target` picks it)."""
    cited = {}
    attribution = claim.get("attribution") or {}
    if attribution.get("source_id"):
        cited[attribution["source_id"]] = {"source_id": attribution["source_id"], "name": attribution.get("source"),
                                           "cue": attribution.get("cue"), "attempts": [], "documents": []}
    for citation in sources_store.citations_of_article(db, claim["article_id"]):
        if citation["claim_id"] == claim["id"]:
            entry = cited.setdefault(citation["source_id"], {"source_id": citation["source_id"], "name": None,
                                                             "cue": citation.get("cue"), "attempts": [],
                                                             "documents": []})
            if citation.get("url"):  # the claim links to the page: the strongest citation
                entry.setdefault("links", []).append({"anchor": citation.get("anchor"), "url": citation["url"],
                                                      "href": display.safe_link(citation["url"])})
    holders: dict[str, list[dict]] = {}  # a source id → the cited entries its pages belong to
    for source_id, entry in cited.items():
        holders.setdefault(source_id, []).append(entry)
        target = discover.search_target(registry, source_id)
        if target is not None and target.id != source_id:
            entry["searched"] = target.name
            holders.setdefault(target.id, []).append(entry)
    for attempt in sources_store.attempts_of_article(db, claim["article_id"]):
        for entry in holders.get(attempt.get("source_id"), ()):
            entry["attempts"].append(attempt)
    for document in sources_store.documents_of_article(db, claim["article_id"]):
        for entry in holders.get(document.get("source_id"), ()):
            entry["documents"].append(document)
    return list(cited.values())


def _evidence(claim: dict, links: list[dict]) -> list[dict]:
    """Links ready to show: passages as plain text split for highlighting, outgoing URLs checked."""
    terms = display.highlight_terms(claim)
    threshold = current_app.config["LINK_THRESHOLD"]
    return [{**link, "pieces": display.highlight(display.plain_text(link["passage"]), terms),
             "href": display.safe_link(link["url"]),
             "below_threshold": link.get("found") in ("linked", "named") and link["keys_score"] < threshold}
            for link in links]


def _claim_context(db, claim_id: int, **overrides) -> dict:
    claim = claims_store.get_claim(db, claim_id)
    if claim is None:
        abort(404)
    article = claims_store.get_article(db, claim["article_id"])
    before, sentence, after = display.sentence_in_paragraph(article["text"], claim["start"], claim["end"])
    status_form = StatusForm(formdata=None, status=claim["status"], version=claim["version"])
    reviewers = review_store.list_reviewers(db, active_only=True)
    assign_form = AssignForm(formdata=None)
    assign_form.reviewer_id.choices = _assign_choices(reviewers)
    assignment = review_store.assignment_of_claim(db, claim_id)
    assign_form.reviewer_id.data = assignment["reviewer_id"] if assignment else 0
    context = {
        "claim": claim, "article": article, "before": before, "sentence": sentence, "after": after,
        "sources": cited_sources(db, claim, pages.registry()),
        "links": _evidence(claim, review_store.links_for_review(db, claim_id)),
        "evidence_summary": evidence_store.evidence_summary(db, claim_id),
        "history": review_store.history_of_claim(db, claim_id), "comments": review_store.comments_of_claim(db, claim_id),
        "assignment": assignment, "proposal": review_store.pending_proposal(db, claim_id),
        "require_signoff": current_app.config["REVIEW_REQUIRE_SIGNOFF"],
        "status_form": status_form, "signoff_form": SignoffForm(formdata=None),
        "comment_form": CommentForm(formdata=None), "assign_form": assign_form,
        "link_form": LinkDecisionForm(formdata=None), "url_form": EvidenceUrlForm(formdata=None),
        "upload_form": EvidenceUploadForm(formdata=None), "message": None, "label": status_label,
        "verdicts": statuses.VERDICTS,
        "appearances": review_store.appearances_for_review(db, claim_id), "carry_form": CarryOverForm(formdata=None),
        "appearance_form": AppearanceDecisionForm(formdata=None),
        "evidence_changes": review_store.evidence_changes_for_review(db, claim_id),
    }
    context.update(overrides)
    return context


def _render_claim(claim_id: int, status: int = 200, **overrides):
    return render_template("review/claim.html", **_claim_context(database.get_db(), claim_id, **overrides)), status


@bp.get("/claims/<id:claim_id>")
def claim(claim_id: int):
    return _render_claim(claim_id)


def _refused(claim_id: int, code: int, message: str, current: dict | None = None, **forms):
    """A change that did not happen: JSON for API clients (in English), else the claim page with the message in
    the reviewer's language and their input kept (the status form then carries the current version, so a
    deliberate resubmit works)."""
    if wants_json():
        return jsonify({"error": str(message), "current": current}), code
    return _render_claim(claim_id, code, message=translate(message), **forms)


@bp.post("/claims/<id:claim_id>/status")
def change_status(claim_id: int):
    db = database.get_db()
    form = StatusForm()
    if review_store.claim_state(db, claim_id) is None:
        abort(404)
    if not form.validate():
        problems = "; ".join(f"{name}: {', '.join(str(e) for e in errors)}" for name, errors in form.errors.items())
        return _refused(claim_id, 400, N_("The change was not saved: %(problems)s.", problems=problems))
    change = rules.Change(form.status.data, rules.clean_note(form.note.data), form.version.data)
    try:
        result = rules.change_status(db, claim_id, change, current_user.id,
                                     max_note_chars=current_app.config["REVIEW_MAX_NOTE_CHARS"],
                                     require_signoff=current_app.config["REVIEW_REQUIRE_SIGNOFF"])
    except rules.StaleVersion as stale:
        return _refused(claim_id, 409, said(stale), stale.current,
                        status_form=_kept_status_form(change, stale.current["version"]))
    except rules.ReviewError as error:
        return _refused(claim_id, 400, said(error), review_store.claim_state(db, claim_id),
                        status_form=_kept_status_form(change, change.version))
    except sqlite3.OperationalError:
        return _refused(claim_id, 503, BUSY_MESSAGE, None, status_form=_kept_status_form(change, change.version))
    if wants_json():
        return jsonify(result)
    if result["published"]:
        flash(gettext("Saved: the claim is now “%(status)s”.", status=status_label(result["state"]["status"])))
    else:
        flash(gettext("Proposed “%(status)s”: it is published once a second reviewer signs it off.",
                      status=status_label(change.status)))
    return redirect(url_for("review.claim", claim_id=claim_id), 303)


def _kept_status_form(change: rules.Change, version: int) -> StatusForm:
    return StatusForm(formdata=None, status=change.status, note=change.note, version=version)


@bp.post("/claims/<id:claim_id>/carry-over")
def carry_over(claim_id: int):
    """The verdict of the same claim in another article, carried over to this one (CSRF; 409 on a stale version)."""
    db = database.get_db()
    form = CarryOverForm()
    if review_store.claim_state(db, claim_id) is None:
        abort(404)
    if not form.validate():
        return _refused(claim_id, 400, N_("The carry-over form was incomplete; nothing was saved."))
    try:
        result = rules.carry_over_verdict(db, claim_id, form.original.data, form.version.data, current_user.id,
                                          max_note_chars=current_app.config["REVIEW_MAX_NOTE_CHARS"],
                                          require_signoff=current_app.config["REVIEW_REQUIRE_SIGNOFF"])
    except rules.StaleVersion as stale:
        return _refused(claim_id, 409, said(stale), stale.current)
    except rules.ReviewError as error:
        return _refused(claim_id, 400, said(error), review_store.claim_state(db, claim_id))
    except sqlite3.OperationalError:
        return _refused(claim_id, 503, BUSY_MESSAGE)
    if wants_json():
        return jsonify(result)
    if result["published"]:
        flash(gettext("Carried over: the claim is now “%(status)s”.", status=status_label(result["state"]["status"])))
    else:
        flash(gettext("Carried over as a proposal: it is published once a second reviewer signs it off."))
    return redirect(url_for("review.claim", claim_id=claim_id), 303)


@bp.post("/claims/<id:claim_id>/appearances/<id:other_claim_id>/decision")
def decide_appearance(claim_id: int, other_claim_id: int):
    """Confirm that another article's claim is this one, or reject the pair ("not the same claim")."""
    db = database.get_db()
    form = AppearanceDecisionForm()
    if review_store.claim_state(db, claim_id) is None:
        abort(404)
    if not form.validate():
        return _refused(claim_id, 400, N_("Choose confirmed or rejected."))
    try:
        rules.decide_appearance(db, claim_id, other_claim_id, form.decision.data, current_user.id)
    except LookupError:
        abort(404)
    except sqlite3.OperationalError:
        return _refused(claim_id, 503, BUSY_MESSAGE)
    flash(gettext("Marked as the same claim.") if form.decision.data == "confirmed"
          else gettext("Marked as not the same claim."))
    return redirect(url_for("review.claim", claim_id=claim_id, _anchor="appearances"), 303)


@bp.post("/claims/<id:claim_id>/signoff")
def signoff(claim_id: int):
    db = database.get_db()
    form = SignoffForm()
    if not form.validate():
        return _refused(claim_id, 400, N_("The sign-off form was incomplete; nothing was saved."))
    try:
        result = rules.decide_proposal(db, claim_id, form.version.data, current_user.id,
                                       accept=form.decision.data == "sign-off")
    except review_store.ClaimNotFound:
        abort(404)
    except rules.StaleVersion as stale:
        return _refused(claim_id, 409, said(stale), stale.current)
    except rules.ReviewError as error:
        return _refused(claim_id, 400, said(error), review_store.claim_state(db, claim_id))
    except sqlite3.OperationalError:
        return _refused(claim_id, 503, BUSY_MESSAGE)
    flash(gettext("Signed off: the verdict is published.") if result["published"]
          else gettext("Sent back: nothing was published."))
    return redirect(url_for("review.claim", claim_id=claim_id), 303)


@bp.post("/claims/<id:claim_id>/comments")
def comment(claim_id: int):
    form = CommentForm()
    if not form.validate():
        return _refused(claim_id, 400, N_("A comment needs some text (at most %(count)s characters).", count=COMMENT_MAX_CHARS),
                        comment_form=form)
    try:
        review_store.add_comment(database.get_db(), claim_id, current_user.id, rules.clean_note(form.body.data))
    except review_store.ClaimNotFound:
        abort(404)
    except sqlite3.OperationalError:
        return _refused(claim_id, 503, BUSY_MESSAGE, comment_form=form)
    flash(gettext("Comment added (internal, never published)."))
    return redirect(url_for("review.claim", claim_id=claim_id, _anchor="comments"), 303)


def _assign_choices(reviewers: list[dict]) -> dict:
    return {0: gettext("nobody"), **{r["id"]: r["username"] for r in reviewers}}


@bp.post("/claims/<id:claim_id>/assign")
def assign(claim_id: int):
    db = database.get_db()
    form = AssignForm()
    form.reviewer_id.choices = _assign_choices(review_store.list_reviewers(db, active_only=True))
    if not form.validate():
        return _refused(claim_id, 400, N_("Choose a reviewer from the list."))
    try:
        rules.assign_claim(db, claim_id, form.reviewer_id.data or None, current_user.id)
    except review_store.ClaimNotFound:
        abort(404)
    except rules.ReviewError as error:
        return _refused(claim_id, 400, said(error))
    flash(gettext("Assignment saved."))
    return redirect(url_for("review.claim", claim_id=claim_id), 303)


@bp.post("/links/<id:link_id>/decision")
def decide_link(link_id: int):
    db = database.get_db()
    link = evidence_store.get_link(db, link_id)
    if link is None:
        abort(404)
    form = LinkDecisionForm()
    if not form.validate():
        return _refused(link["claim_id"], 400, N_("Choose accept or reject."))
    rules.decide_link(db, link_id, form.decision.data, current_user.id)
    flash(gettext("Evidence accepted.") if form.decision.data == "accepted" else gettext("Evidence rejected."))
    return redirect(url_for("review.claim", claim_id=link["claim_id"], _anchor=f"link-{link_id}"), 303)


# --- adding evidence by hand (checker.evidence.manual: fetch or import, archive, extract, offer) ----------

def _run_evidence_step(claim_id: int, step, *args, form_name: str, form):
    """Run manual.add_url or manual.add_saved_page; their errors are plain-words messages for the reviewer."""
    db = database.get_db()
    claim = claims_store.get_claim(db, claim_id)
    if claim is None:
        abort(404)
    try:
        outcome = step(db, claim, *args, current_app.config)
    except (rules.ReviewError, ValueError, OSError, LookupError) as error:
        return _refused(claim_id, 422, N_("Nothing was added: %(reason)s", reason=said(error)), **{form_name: form})
    flash(translate((outcome or {}).get("message")) or gettext("Evidence added."))
    return redirect(url_for("review.claim", claim_id=claim_id, _anchor="evidence"), 303)


@bp.post("/claims/<id:claim_id>/evidence/url")
def add_evidence_url(claim_id: int):
    form = EvidenceUrlForm()
    if not form.validate() or display.safe_link(form.url.data) is None:
        return _refused(claim_id, 400, N_("Give a full http:// or https:// address."), url_form=form)
    return _run_evidence_step(claim_id, manual.add_url, form.url.data.strip(), form_name="url_form", form=form)


@bp.post("/claims/<id:claim_id>/evidence/upload")
def add_evidence_upload(claim_id: int):
    form = EvidenceUploadForm()
    if not form.validate():
        return _refused(claim_id, 400, N_("Choose a saved page (.html) to upload."), upload_form=form)
    upload = form.page.data
    data = upload.read(current_app.config["REVIEW_MAX_UPLOAD_BYTES"] + 1)
    if len(data) > current_app.config["REVIEW_MAX_UPLOAD_BYTES"]:
        return _refused(claim_id, 413, N_("That file is over the upload limit; nothing was added."), upload_form=form)
    return _run_evidence_step(claim_id, manual.add_saved_page, upload.filename or "page.html", data,
                              (form.url.data or "").strip() or None, form_name="upload_form", form=form)


@bp.get("/snapshots/<id:snapshot_id>")
def snapshot(snapshot_id: int):
    """An archived copy as reviewers may read it: its record and extracted text (escaped), never its HTML."""
    db = database.get_db()
    found = sources_store.get_snapshot(db, snapshot_id)
    if found is None:
        abort(404)
    document = sources_store.document_for_snapshot(db, snapshot_id)
    return render_template("review/snapshot.html", snapshot=found, document=document,
                           original=display.safe_link(found.get("final_url") or found.get("url")))


# --- sources scraping added to the registry (checker.sources.provisional) ------------------------------

def _render_sources(status: int = 200, message: str | None = None):
    entries = provisional.entries(database.get_db())
    entries.sort(key=lambda entry: (provisional.STATUSES.index(entry.status), entry.id))
    forms = {entry.id: SourceEntryForm(formdata=None, name=entry.name) for entry in entries}
    return render_template("review/sources.html", entries=entries, forms=forms, message=message,
                           kinds=source_registry.KINDS), status


@bp.get("/sources")
def sources():
    """The sources scraping added to the registry: provisional first, each with why it exists."""
    return _render_sources()


def _source_change(db, registry, entry_id: str, form: SourceEntryForm):
    if form.action.data == "confirm":
        aliases = [alias for alias in (form.aliases.data or "").split(",") if alias.strip()]
        return provisional.confirm(db, registry, entry_id, form.name.data or None, form.kind.data or None, aliases)
    if form.action.data == "rename":
        return provisional.rename(db, registry, entry_id, form.name.data or "")
    return provisional.merge(db, registry, entry_id, (form.into.data or "").strip())


@bp.post("/sources/<entry_id>")
def change_source(entry_id: str):
    form = SourceEntryForm()
    if not form.validate():
        return _render_sources(400, N_("Choose confirm, rename or merge, with a name or a source id."))
    db = database.get_db()
    try:
        registry = source_registry.load(current_app.config["CHECKER_SOURCES"]).with_entries(
            claims_store.registry_entries(db))
        entry = _source_change(db, registry, entry_id, form)
    except provisional.EntryError as error:
        return _render_sources(400, said(error))
    except (OSError, source_registry.RegistryError) as error:
        return _render_sources(503, N_("The source registry cannot be read (%(error)s); nothing was saved.",
                                       error=str(error)))
    except sqlite3.OperationalError:
        return _render_sources(503, BUSY_MESSAGE)
    if entry.merged_into:
        flash(gettext("%(id)s merged into %(into)s.", id=entry.id, into=entry.merged_into))
    else:
        flash(gettext("%(id)s: %(status)s, %(name)s.", id=entry.id, status=word(entry.status), name=entry.name))
    return redirect(url_for("review.sources"), 303)


@bp.get("/source-changes/<id:change_id>")
def source_change(change_id: int):
    """What changed on an archived page since the copy evidence was read from: the main texts compared sentence
    by sentence (escaped by the template, never markup), or that the page went; and the claims it flagged."""
    db = database.get_db()
    change = sources_store.get_source_change(db, change_id)
    if change is None:
        abort(404)
    old = sources_store.document_text(db, change["previous_document_id"]) if change["previous_document_id"] else ""
    new = sources_store.document_text(db, change["document_id"]) if change["document_id"] else ""
    difference = textdiff.text_changes(old, new, current_app.config["RECHECK_DIFF_CONTEXT"]) \
        if change["kind"] == "changed" else None
    return render_template("review/source_change.html", change=change, difference=difference,
                           claims=review_store.claims_of_source_change(db, change_id),
                           original=display.safe_link(change["url"]), label=status_label)


# --- reviewers and one's own account -------------------------------------------------------------

@bp.get("/reviewers")
@admin_required
def reviewers():
    return _render_reviewers()


def _render_reviewers(status: int = 200, new_form: NewReviewerForm | None = None, message: str | None = None):
    rows = review_store.list_reviewers(database.get_db())
    edit_forms = {row["id"]: EditReviewerForm(formdata=None, role=row["role"], active=str(row["active"]))
                  for row in rows}
    return render_template("review/reviewers.html", reviewers=rows, edit_forms=edit_forms,
                           new_form=new_form or NewReviewerForm(formdata=None), message=message), status


@bp.post("/reviewers")
@admin_required
def create_reviewer():
    form = NewReviewerForm()
    if not form.validate():
        return _render_reviewers(400, form, N_("Fill in a username, a password and a role."))
    username = form.username.data.strip()
    try:
        accounts.check_username(username)
        accounts.check_new_password(form.password.data, current_app.config["REVIEW_MIN_PASSWORD_CHARS"])
        review_store.create_reviewer(database.get_db(), username, accounts.hash_password(form.password.data), form.role.data)
    except (rules.ReviewError, review_store.ReviewerExists) as error:
        return _render_reviewers(400, form, said(error))
    flash(gettext("Reviewer %(name)s created.", name=username))
    return redirect(url_for("review.reviewers"), 303)


@bp.post("/reviewers/<id:reviewer_id>")
@admin_required
def edit_reviewer(reviewer_id: int):
    db = database.get_db()
    target = review_store.get_reviewer(db, reviewer_id)
    if target is None:
        abort(404)
    form = EditReviewerForm()
    if not form.validate():
        return _render_reviewers(400, message=N_("Choose a role and whether the account is active."))
    active = form.active.data == "1"
    if reviewer_id == current_user.id and (not active or form.role.data != "admin"):
        return _render_reviewers(400, message=N_("You cannot deactivate yourself or drop your own admin role."))
    password_hash = None
    if form.password.data:
        try:
            accounts.check_new_password(form.password.data, current_app.config["REVIEW_MIN_PASSWORD_CHARS"])
        except rules.ReviewError as error:
            return _render_reviewers(400, message=said(error))
        password_hash = accounts.hash_password(form.password.data)
    review_store.update_reviewer(db, reviewer_id, role=form.role.data, active=active, password_hash=password_hash)
    flash(gettext("Reviewer %(name)s updated.", name=target["username"]))
    return redirect(url_for("review.reviewers"), 303)


@bp.route("/account", methods=["GET", "POST"])
def account():
    form = PasswordForm()
    if request.method == "GET":
        return render_template("review/account.html", form=form, message=None)
    db = database.get_db()
    row = review_store.get_reviewer(db, current_user.id)
    message = None
    if not form.validate():
        message = N_("Fill in both passwords.")
    elif not accounts.password_matches(row["password_hash"], form.current.data):
        message = N_("Your current password is not that one.")
    else:
        try:
            accounts.check_new_password(form.password.data, current_app.config["REVIEW_MIN_PASSWORD_CHARS"])
        except rules.ReviewError as error:
            message = said(error)
    if message:
        return render_template("review/account.html", form=form, message=message), 400
    review_store.update_reviewer(db, current_user.id, password_hash=accounts.hash_password(form.password.data))
    end_current_session()  # the store has ended every session of this reviewer; this clears the cookie too
    flash(gettext("Password changed: every session, this one included, has ended. Log in again."))
    return redirect(url_for("auth.login"), 303)


@bp.app_context_processor
def review_helpers():
    """What every template may use: the empty form that carries a CSRF token (the logout button). It is built
    without form data: a form left to find its own would read the request body, and an error page shown because
    that body was too large would raise again while rendering."""
    return {"empty_form": _button_form}


def _button_form() -> EmptyForm:
    return EmptyForm(formdata=None)
