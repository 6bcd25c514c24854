"""Reviewer sessions: /login, /logout, Flask-Login, and the guards the reviewer pages use."""
from __future__ import annotations

import functools
import sqlite3
import unicodedata
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
from flask.sessions import SecureCookieSessionInterface, SessionInterface
from flask_babel import gettext, lazy_gettext
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE_NAME

from checker import db as database
from checker.review import accounts, sessions
from checker.review import store as review_store
from checker.text.messages import N_
from checker.web import params
from checker.web.errors import wants_json
from checker.web.forms import EmptyForm, LoginForm

bp = Blueprint("auth", __name__)


class Reviewer(UserMixin):
    """The logged-in reviewer, through one server-side session (checker.review.sessions): Flask-Login keeps
    the session's token in the cookie as the "user id", and the token is what logout ends."""

    def __init__(self, row: dict, token: str):
        self.row = row
        self.token = token
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
        return self.token


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


class NoSessions(SessionInterface):
    """No sessions at all: every request gets Flask's null session. Only for benchmarks/public.py, which
    switches the sessions layer off to measure what it costs (create_app(without=...)); no login works."""

    def open_session(self, app, request):
        return None

    def save_session(self, app, session, response):
        return None


class ReviewerLogins(LoginManager):
    """Flask-Login, answering "anonymous" at once when no cookie could name a reviewer, and ending on the
    server a session whose cookie came from another address or browser ("strong" session protection)."""

    def _update_remember_cookie(self, response):
        # Flask-Login's after-request hook. Remember-me state is set only by a login that asks for it (ours
        # never do) and cleared only at a logout that sent the cookie, so a request without a session or
        # remember-me cookie has none to set or clear. Looking would count as reading the session (Vary:
        # Cookie on a static file) and, with REMEMBER_COOKIE_REFRESH_EACH_REQUEST, change it.
        if not may_be_logged_in():
            return response
        return super()._update_remember_cookie(response)

    def _load_user(self):
        if not may_be_logged_in():
            return self._update_request_context_with_user(None)
        return super()._load_user()

    def _session_protection_failed(self) -> bool:
        token = session.get("_user_id")
        if token is None:
            # Nobody is logged in (the session holds a CSRF token at most): nothing to protect, and Flask-Login
            # would rewrite the session, and so send a cookie, with every anonymous answer.
            return False
        failed = super()._session_protection_failed()
        if failed and isinstance(token, str):
            review_store.end_session(database.get_db(), sessions.digest(token))
        return failed


def init_logins(app) -> None:
    manager = ReviewerLogins(app)
    manager.login_view = "auth.login"
    manager.login_message = lazy_gettext("Log in to use the reviewer workspace.")
    manager.session_protection = app.config["SESSION_PROTECTION"]
    manager.user_loader(_load_reviewer)
    manager.unauthorized_handler(_unauthorized)
    accounts.dummy_hash()  # now, not at the first login of an unknown user (which would then be the slow one)


def _load_reviewer(token: str) -> Reviewer | None:
    """The reviewer whose session this token opens, while the session lasts; None once it has ended."""
    if not isinstance(token, str):
        return None
    config, db = current_app.config, database.get_db()
    digest = sessions.digest(token)
    found = review_store.session_by_digest(db, digest)
    if found is None:
        return None
    now = sessions.clock()
    if sessions.has_ended(found, now, config["REVIEW_SESSION_IDLE"], config["REVIEW_SESSION_LIFETIME"]):
        try:
            review_store.end_session(db, digest)
        except sqlite3.OperationalError:
            pass  # the database is busy: the row stays until a login clears ended sessions; it opens nothing
        return None
    row = review_store.get_reviewer(db, found["reviewer_id"])
    if row is None or not row["active"]:
        return None
    if sessions.worth_recording(found, now, config["REVIEW_SESSION_TOUCH"]):
        try:
            review_store.touch_session(db, digest, sessions.stamp(now))
        except sqlite3.OperationalError:
            pass  # the database is busy: the visit is recorded by the next one, a minute of idle time at most
    return Reviewer(row, token)


def end_current_session() -> None:
    """Logout: end this session on the server (every copy of its cookie with it), then clear the cookie."""
    if current_user.is_authenticated:
        review_store.end_session(database.get_db(), sessions.digest(current_user.token))
    logout_user()
    session.clear()


def _unauthorized():
    """GET: to the login page, coming back here after. POST (say, a session ended mid-form): 401 with the
    reviewer's note shown back, since the redirect would drop it."""
    if wants_json():
        return jsonify({"error": "log in first"}), 401
    if request.method != "GET":
        abort(401, N_("Your session has ended; nothing was saved. Log in again, then submit once more."))
    flash(gettext("Log in to use the reviewer workspace."))
    return redirect(url_for("auth.login", next=request.full_path))


def admin_required(view):
    """Reviewer pages for admins only; others get 403 (login is checked first)."""
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403, N_("Only an admin can manage reviewers."))
        return view(*args, **kwargs)
    return guarded


# Unicode categories never followed in `next`: control characters (CR and LF would split the Location header),
# format characters (bidirectional overrides), surrogates, private-use and unassigned code points, and the line
# and paragraph separators.
REFUSED_IN_NEXT = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def safe_next(target: str | None, default: str | None = None) -> str:
    """Follow `next` only when it stays on this site (a path, no scheme, no host) and holds no control or
    invisible character; anything else goes to `default` (the queue unless given)."""
    default = default or url_for("review.queue")
    if not target or any(unicodedata.category(ch) in REFUSED_IN_NEXT for ch in target):
        return default
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target.rstrip("?") or default


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = params.arg_text("next") or ""
        if current_user.is_authenticated:
            return redirect(safe_next(form.next.data))
        return render_template("auth/login.html", form=form)
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400
    db = database.get_db()
    row = review_store.reviewer_by_username(db, form.username.data.strip())
    if not accounts.password_matches(row["password_hash"] if row else None, form.password.data) or not row["active"]:
        form.password.errors = [gettext("Wrong username or password, or the account is deactivated.")]
        return render_template("auth/login.html", form=form), 401
    target = safe_next(form.next.data)  # checked before anything is written or any cookie set
    token, now = sessions.new_token(), sessions.clock()
    config = current_app.config
    review_store.start_session(db, row["id"], sessions.digest(token), sessions.stamp(now),
                               sessions.cutoffs(now, config["REVIEW_SESSION_IDLE"], config["REVIEW_SESSION_LIFETIME"]))
    session.clear()  # no state from before the login survives it (session fixation)
    login_user(Reviewer(row, token))
    return redirect(target)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET shows a button (so a plain link works); POST, with its CSRF token, ends the session."""
    if request.method == "GET":
        return render_template("auth/logout.html", form=EmptyForm())
    end_current_session()
    flash(gettext("You are logged out."))
    return redirect(url_for("public.index"))
