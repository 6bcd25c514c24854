"""Reviewer sessions: /login, /logout, Flask-Login, and the guards the reviewer pages use."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE_NAME

from checker import db as database
from checker.review import accounts
from checker.review import store as review_store
from checker.web.errors import wants_json
from checker.web.forms import EmptyForm, LoginForm

bp = Blueprint("auth", __name__)


class Reviewer(UserMixin):
    """The logged-in reviewer. The session id includes a token that a new password or deactivation changes."""

    def __init__(self, row: dict):
        self.row = row
        self.id = row["id"]
        self.username = row["username"]
        self.role = row["role"]

    @property
    def is_active(self) -> bool:
        return bool(self.row["active"])

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def get_id(self) -> str:
        return f"{self.row['id']}:{self.row['session_token']}"


def may_be_logged_in() -> bool:
    """Whether the request carries a session or remember-me cookie. Without one no reviewer can be loaded
    (the session is the only way in), so anonymous readers skip the signer, the session check and the loader."""
    if "HTTP_COOKIE" not in request.environ:
        return False
    config = current_app.config
    return bool(request.cookies.get(config["SESSION_COOKIE_NAME"])
                or request.cookies.get(config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE_NAME)))


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building the signer for a request that has no session cookie
    (every anonymous reader): its session is empty either way."""

    def open_session(self, app, request):
        if app.secret_key and ("HTTP_COOKIE" not in request.environ
                               or not request.cookies.get(self.get_cookie_name(app))):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if not session and not session.modified:  # nothing to set or delete: skip the cookie settings
            if session.accessed and response.headers.get("Vary") != "Cookie":
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


class ReviewerLogins(LoginManager):
    """Flask-Login, answering "anonymous" at once when no cookie could name a reviewer."""

    def _load_user(self):
        if not may_be_logged_in():
            return self._update_request_context_with_user(None)
        return super()._load_user()


def init_app(app) -> None:
    app.session_interface = CookieSessions()
    manager = ReviewerLogins(app)
    manager.login_view = "auth.login"
    manager.login_message = "Log in to use the reviewer workspace."
    manager.session_protection = "basic"
    manager.user_loader(_load_reviewer)
    manager.unauthorized_handler(_unauthorized)


def _load_reviewer(session_id: str) -> Reviewer | None:
    reviewer_id, _, token = session_id.partition(":")
    if not reviewer_id.isdigit():
        return None
    row = review_store.get_reviewer(database.get_db(), int(reviewer_id))
    if row is None or not row["active"] or row["session_token"] != token:
        return None
    return Reviewer(row)


def _unauthorized():
    """GET: to the login page, coming back here after. POST (say, a session ended mid-form): 401 with the
    reviewer's note shown back, since the redirect would drop it."""
    if wants_json():
        return jsonify({"error": "log in first"}), 401
    if request.method != "GET":
        abort(401, "Your session has ended; nothing was saved. Log in again, then submit once more.")
    flash("Log in to use the reviewer workspace.")
    return redirect(url_for("auth.login", next=request.full_path))


def admin_required(view):
    """Reviewer pages for admins only; others get 403 (login is checked first)."""
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403, "Only an admin can manage reviewers.")
        return view(*args, **kwargs)
    return guarded


def safe_next(target: str | None) -> str:
    """Follow `next` only when it stays on this site (a path, no scheme, no host)."""
    if not target:
        return url_for("review.queue")
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("review.queue")
    return target.rstrip("?") or url_for("review.queue")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if current_user.is_authenticated:
            return redirect(safe_next(form.next.data))
        return render_template("auth/login.html", form=form)
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400
    db = database.get_db()
    row = review_store.reviewer_by_username(db, form.username.data.strip())
    if not accounts.password_matches(row["password_hash"] if row else None, form.password.data) or not row["active"]:
        form.password.errors = ["Wrong username or password, or the account is deactivated."]
        return render_template("auth/login.html", form=form), 401
    target = safe_next(form.next.data)
    session.clear()  # no state from before the login survives it (session fixation)
    login_user(Reviewer(row))
    review_store.record_login(db, row["id"])
    return redirect(target)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET shows a button (so a plain link works); POST, with its CSRF token, ends the session."""
    if request.method == "GET":
        return render_template("auth/logout.html", form=EmptyForm())
    logout_user()
    session.clear()
    flash("You are logged out.")
    return redirect(url_for("public.index"))
