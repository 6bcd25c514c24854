"""Every route of the app, walked with generated paths, query strings and form bodies, anonymous and logged in
(issue 17): no answer is a 5xx, and every error under /api/ is JSON.

Hypothesis picks a rule from `app.url_map`, fills its variables with real ids, hostile numbers ("²", "١",
5,000 digits, 2**63) or any text, adds query parameters (the names the pages take, tracking ones, random ones,
raw bytes) and, for a POST, form fields with a valid, missing or forged CSRF token and sometimes an upload.
Requests go through Flask's test client into a small seeded database; with TESTING on, an exception in a view
is raised here rather than hidden in a 500.

CI runs FUZZ_EXAMPLES cases in all (at least 10,000). `make fuzz` sets CHECKER_FUZZ_SCALE to run many more,
with a random seed; in CI the examples are derandomized, so a run repeats the last one.
"""
from __future__ import annotations

import io
import os
import re
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.security import generate_password_hash

from checker.db import get_db
from checker.review import store as review_store
from checker.sources import http as source_http
from tests.support.public import build_site
from tests.support.review import csrf_from

SCALE = float(os.environ.get("CHECKER_FUZZ_SCALE", "1"))
# Examples per walk in CI; they add up to 10,000.
WALKS = {"anonymous_get": 2500, "reviewer_get": 2500, "anonymous_post": 2000, "reviewer_post": 3000}
FUZZ_EXAMPLES = sum(WALKS.values())
PASSWORD = "fuzzing password"
CHEAP_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")  # logins in a loop must cost nothing
IDENTITIES = {"fuzz-admin": "admin", "fuzz-reviewer": "reviewer"}


def walk_settings(name: str):
    return settings(max_examples=max(1, int(WALKS[name] * SCALE)), deadline=None, database=None,
                    derandomize=SCALE == 1, suppress_health_check=list(HealthCheck))


# --- what goes into a request ------------------------------------------------------------------------------

NUMBERS = ["0", "1", "2", "3", "7", "-1", "+1", " 1", "01", "1.0", "1e3", "0x10", "²", "١", "１", "9" * 19,
           str(2 ** 63 - 1), str(2 ** 63), "9" * 30, "1" * 5000, ""]
WORDS = ["", " ", "verified", "false", "in_review", "unreviewed", "reviewed", "disputed", "bogus", "accepted",
         "rejected", "sign-off", "send-back", "admin", "reviewer", "all", "worthy", "1", "0", "on",
         "washington-post", "nato", "pentagon", "Bad Id", "2022", "2022-11", "2022-11-19", "2022-13", "yesterday",
         "drones", "Téhéran", "\"NEAR(", "a* OR b", "x" * 300, "=HYPERLINK(\"http://x/\",\"Click\")", "<script>",
         "../../etc/passwd", "%00", "\x00", "\r\nX: 1", "\u202e", "/review/", "//evil.example/", "/\\evil",
         "javascript:alert(1)", "http://127.0.0.1:9/x", "http://[2002:7f00:1::]/", "https://169.254.169.254/",
         "http://example.invalid/page", "ftp://example.org/", PASSWORD, "a long enough new password"]
PARAMETERS = ["before", "after", "limit", "page", "q", "status", "source", "from", "to", "article", "mine",
              "conflicts", "scope", "next", "lang", "utm_source", "fbclid", "_scheme", "_external", "_anchor",
              "_method", "date", "sort", "fields"]
FORM_FIELDS = ["status", "note", "version", "body", "reviewer_id", "decision", "url", "username", "password",
               "role", "active", "current", "next", "csrf_token"]

# Hypothesis spends more time drawing than Flask spends answering, and a text costs a draw per character: the
# listed values come three times as often as free text, which keeps a case at a few milliseconds.
text = st.text(max_size=12)
hostile = st.sampled_from(NUMBERS + WORDS)
values = st.one_of(hostile, hostile, hostile, text)
names = st.one_of(st.sampled_from(PARAMETERS), st.sampled_from(PARAMETERS), st.sampled_from(PARAMETERS), text)
raw_query = st.binary(max_size=24).map(lambda data: "".join(f"%{byte:02X}" for byte in data))


NUMERIC = {"before", "after", "limit", "page", "article"}


@st.composite
def query_strings(draw, taken: tuple = ()) -> str:
    """Query parameters: mostly those the page takes (so a value gets past the name check), numbers for the
    numeric ones, and now and then other names, tracking parameters or raw bytes."""
    name_choice = st.one_of(st.sampled_from(taken), st.sampled_from(taken), names) if taken else names
    pairs = []
    for _ in range(draw(st.integers(0, 3))):
        name = draw(name_choice)
        pairs.append((name, draw(st.one_of(st.sampled_from(NUMBERS), values) if name in NUMERIC else values)))
    query = "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)
    if draw(st.integers(0, 9)) == 0:
        query += ("&" if query else "") + draw(raw_query)
    return query


@st.composite
def paths(draw, rules, ids) -> tuple[str, object]:
    """A path for one rule, its variables filled with real ids, hostile numbers or any text; now and then a
    path that no rule names."""
    if draw(st.integers(0, 19)) == 0:
        return "/" + quote(draw(text), safe="/"), None
    rule = draw(st.sampled_from(rules))

    def fill(match: re.Match) -> str:
        converter, name = match.group(1) or "default", match.group(2)
        known = ids.get(name) or ids.get(converter) or []
        value = draw(st.one_of(st.sampled_from(known or ["1"]), values))
        return quote(value, safe="")
    return re.sub(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>", fill, rule.rule), rule


@st.composite
def form_bodies(draw, token: str | None) -> dict:
    fields = st.one_of(st.sampled_from(FORM_FIELDS), st.sampled_from(FORM_FIELDS), text)
    data = dict(draw(st.lists(st.tuples(fields, values), max_size=4)))
    choice = draw(st.sampled_from(["valid", "valid", "valid", "missing", "forged"]))
    if choice == "valid" and token:
        data["csrf_token"] = token
    elif choice == "forged":
        data["csrf_token"] = draw(text)
    if draw(st.integers(0, 9)) == 0:
        name = draw(st.sampled_from(["page.html", "page.txt", "", "../x.html", "page.HTML"]))
        data["page"] = (io.BytesIO(draw(st.binary(max_size=200))), name)
    return data


# --- the site and the people using it ----------------------------------------------------------------------

@dataclass
class Visitor:
    """A test client that stays what it should be: anonymous, or logged in as its reviewer (logging in again,
    and restoring the account, when a request ended its session)."""

    app: object
    username: str | None
    client: object = None
    token: str | None = None
    lost: bool = True
    requests: int = 0

    def ready(self) -> "Visitor":
        if self.client is None or self.lost:
            self._start()
        return self

    def _start(self) -> None:
        self.client = self.app.test_client()
        if self.username:
            with self.app.app_context():
                db = get_db()
                row = review_store.reviewer_by_username(db, self.username)
                review_store.update_reviewer(db, row["id"], role=IDENTITIES[self.username], active=True,
                                             password_hash=CHEAP_HASH)
            token = csrf_from(self.client.get("/login").get_data(as_text=True))
            response = self.client.post("/login", data={"username": self.username, "password": PASSWORD,
                                                        "csrf_token": token})
            assert response.status_code == 302, response.status_code
            self.token = csrf_from(self.client.get("/review/account").get_data(as_text=True))
        else:
            self.token = csrf_from(self.client.get("/login").get_data(as_text=True))
        self.lost = False

    def notice(self, method: str, path: str, response) -> None:
        """After a request: was the session (or the anonymity) lost on the way? A session another request ended
        (a new password, a deactivation) shows on the next one, as a redirect to the login or a 401."""
        if self.username:
            to_login = response.headers.get("Location", "").startswith("/login")
            self.lost = response.status_code == 401 or to_login or (method == "POST" and path == "/logout")
        else:
            self.lost = path.startswith("/login") and response.status_code == 302


@dataclass
class Site:
    app: object
    ids: dict
    rules: dict = field(default_factory=dict)
    visitors: dict = field(default_factory=dict)


def _offline(host, port, *args, **kwargs):
    """getaddrinfo for the fuzz run: numbers as they are, names never resolved (no network, no waiting)."""
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in str(host) else socket.AF_INET, str(host).strip("[]"))
    except OSError:
        raise socket.gaierror(socket.EAI_NONAME, "names are not resolved in the fuzz tests") from None
    return _real_getaddrinfo(host, port, *args, **kwargs)


_real_getaddrinfo = socket.getaddrinfo


def _no_connection(*args, **kwargs):
    raise OSError("no connection is opened in the fuzz tests")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", _offline)
        patch.setattr(source_http, "create_connection", _no_connection)
        app, facts = build_site(tmp_path_factory.mktemp("fuzz"), REVIEW_LOGIN_LIMIT="1000000 per minute",
                                FETCH_RETRIES=0, FETCH_DEADLINE=2.0, FETCH_CONNECT_TIMEOUT=0.2,
                                FETCH_HOST_DELAY=0.0)
        with app.app_context():
            db = get_db()
            for username, role in IDENTITIES.items():
                review_store.create_reviewer(db, username, CHEAP_HASH, role)
            reviewers = [str(row["id"]) for row in review_store.list_reviewers(db)]
            links = [str(row["id"]) for claim_id in (facts["verified"], facts["false"])
                     for row in review_store.links_for_review(db, claim_id)]
        claims = [str(facts[key]) for key in ("verified", "false", "in_review", "pending")]
        ids = {"claim_id": claims, "article_id": [str(facts["first"]), str(facts["second"])],
               "snapshot_id": [str(facts["snapshot"])], "link_id": links, "reviewer_id": reviewers,
               "source_id": ["washington-post", "nato", "pentagon", "nobody-known"],
               "filename": ["site.css", "favicon.svg", "../checker.db", "nothing.css"],
               "code": ["fr", "en", "de"]}
        rules = {"GET": [], "POST": []}
        for rule in app.url_map.iter_rules():
            for method in ("GET", "POST"):
                if method in rule.methods:
                    rules[method].append(rule)
        found = Site(app, ids, rules)
        found.visitors = {None: Visitor(app, None), **{name: Visitor(app, name) for name in IDENTITIES}}
        yield found


def _send(seen: set, visitor: Visitor, method: str, path: str, rule, query: str, body: dict | None):
    started = time.monotonic()
    response = visitor.client.open(path, method=method, query_string=query, data=body)
    payload = response.get_data()  # a streamed answer (the CSV) fails while it is read, if it fails
    response.close()
    where = f"{method} {path}?{query} as {visitor.username or 'anonymous'}"
    assert response.status_code < 500, where
    if (path == "/api" or path.startswith("/api/")) and response.status_code >= 400:
        assert response.mimetype == "application/json", where
        assert method == "HEAD" or b"\"error\"" in payload, where
    assert time.monotonic() - started < 30, f"{where} took {time.monotonic() - started:.1f} s"
    if rule is not None:
        seen.add((method, rule.endpoint))
    visitor.notice(method, path, response)


def _walk(site: Site, name: str, method: str, usernames: list[str | None]):
    rules, seen = site.rules[method], set()

    @walk_settings(name)
    @given(st.data())
    def walk(data):
        visitor = site.visitors[data.draw(st.sampled_from(usernames))].ready()
        path, rule = data.draw(paths(rules, site.ids))
        taken = getattr(site.app.view_functions.get(rule.endpoint if rule else None), "parameters", ())
        query = data.draw(query_strings(taken))
        verb = data.draw(st.sampled_from([method] * 8 + ["HEAD", "OPTIONS", "PUT", "DELETE"]))
        body = data.draw(form_bodies(visitor.token)) if verb in ("POST", "PUT") else None
        _send(seen, visitor, verb, path, rule, query, body)

    walk()
    if WALKS[name] * SCALE < 1000:
        return None  # a short run (CHECKER_FUZZ_SCALE below 1) need not reach every route
    return {(verb, endpoint) for verb, endpoint in seen if verb == method}


def _endpoints(site: Site, method: str, prefix: str = "") -> set:
    return {(method, rule.endpoint) for rule in site.rules[method] if rule.endpoint.startswith(prefix)}


def test_an_anonymous_walk_over_every_get_route_meets_no_5xx(site):
    reached = _walk(site, "anonymous_get", "GET", [None])
    assert reached is None or reached >= _endpoints(site, "GET")


def test_a_logged_in_walk_over_every_get_route_meets_no_5xx(site):
    reached = _walk(site, "reviewer_get", "GET", list(IDENTITIES))
    assert reached is None or reached >= _endpoints(site, "GET")


def test_anonymous_posts_to_every_route_meet_no_5xx(site):
    reached = _walk(site, "anonymous_post", "POST", [None])
    assert reached is None or reached >= _endpoints(site, "POST")


def test_logged_in_posts_to_every_route_meet_no_5xx(site):
    reached = _walk(site, "reviewer_post", "POST", list(IDENTITIES))
    assert reached is None or reached >= _endpoints(site, "POST")


def test_ci_runs_at_least_ten_thousand_cases():
    assert FUZZ_EXAMPLES >= 10_000
