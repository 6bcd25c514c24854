"""What the public-side tests share: a database with reviewed claims, private data planted beside the public
data (comments, reviewer names and e-mails, password hashes, sign-off proposals, undecided and rejected
evidence), and a crawler that follows every public link."""
from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

from checker.claims import store as claims_store
from checker.db import get_db
from checker.evidence import store as evidence_store
from checker.review import rules
from checker.review import store as review_store
from checker.sources import store as sources_store
from tests.support.app import make_test_app
from tests.support.articles import load_article
from tests.support.review import add_reviewer

SECOND_ARTICLE = ("date 2022-11-16 Lloyd Austin a déclaré mercredi que 90 missiles avaient été tirés contre "
                  "l'Ukraine, a rapporté le Pentagone.\n\nSelon l'OTAN, les défenses aériennes ukrainiennes "
                  "ont intercepté 70 missiles ce jour-là.\n")

# Strings that only reviewers may ever see.
PRIVATE = {
    "comment": "INTERNAL-COMMENT-call-the-embassy",
    "proposal": "PROPOSAL-NOTE-not-signed-yet",
    "undecided": "UNDECIDED-PASSAGE-machine-guess",
    "rejected": "REJECTED-PASSAGE-wrong-report",
    "reviewer": "zelda.reviewer@example.org",
    "admin": "quentin-admin",
}
RATIONALE = "The Washington Post's own report says 1 000 drones; the figure matches."
ACCEPTED_PASSAGE = "Moscow and Tehran agreed to build 1,000 drones, officials said."
STANDIN_URL = "https://washington-post.standin.invalid/world/2022/11/19/drones-standin/"
STANDIN_HTML = (b"<html><head><title>Drones deal (stand-in)</title></head><body><article><h1>Drones deal</h1>"
                b"<p>Stand-in page written for Claim Tracker tests.</p><p>" + ACCEPTED_PASSAGE.encode() +
                b"</p></article></body></html>")


def build_site(folder, **overrides):
    """An app with two articles; claims with a verdict, one in review, one with a pending sign-off; evidence
    accepted, rejected and undecided; comments. Returns (app, facts) where facts holds the ids."""
    app = make_test_app(folder, PUBLIC_ORG_NAME="Test Fact Desk", PUBLIC_ORG_URL="https://factdesk.example/",
                   **overrides)
    zelda = add_reviewer(app, PRIVATE["reviewer"])
    quentin = add_reviewer(app, PRIVATE["admin"], "admin")
    first = load_article(app)
    second = load_article(app, SECOND_ARTICLE)
    with app.app_context():
        db = get_db()
        claims = [c for c in claims_store.claims_of_article(db, first) if c["checkworthy"]]
        verified = max(claims, key=lambda c: c["score"])
        others = [c for c in claims_store.claims_of_article(db, second) if c["checkworthy"]]
        false_claim, in_review = others[0], others[-1]
        rules.change_status(db, verified["id"], rules.Change("in_review", "", 1), zelda["id"], max_note_chars=10000)
        rules.change_status(db, verified["id"], rules.Change("verified", RATIONALE, 2), zelda["id"],
                            max_note_chars=10000)
        rules.change_status(db, false_claim["id"], rules.Change("false", "NATO counted 70, not 90.", 1),
                            quentin["id"], max_note_chars=10000)
        if in_review["id"] != false_claim["id"]:
            rules.change_status(db, in_review["id"], rules.Change("in_review", "", 1), zelda["id"],
                                max_note_chars=10000)
        # A verdict proposed but not signed off: the public must not see it.
        pending = next(c for c in claims if c["id"] != verified["id"]) if len(claims) > 1 else in_review
        rules.change_status(db, pending["id"], rules.Change("false", PRIVATE["proposal"],
                                                             review_store.claim_state(db, pending["id"])["version"]),
                            zelda["id"], max_note_chars=10000, require_signoff=True)
        review_store.add_comment(db, verified["id"], zelda["id"], PRIVATE["comment"])
        snapshot, _ = sources_store.save_snapshot(db, {"url": STANDIN_URL, "status": 200, "via": "import",
                                               "fetched_at": "2022-11-20T10:00:00+00:00"}, STANDIN_HTML)
        document_id = sources_store.save_document(db, snapshot["id"], {"url": STANDIN_URL, "title": "Drones deal (stand-in)",
                                                               "text": ACCEPTED_PASSAGE, "standin": True},
                                          [{"text": ACCEPTED_PASSAGE}], article_id=first,
                                          source_id="washington-post")
        accepted = evidence_store.save_link(db, {"claim_id": verified["id"], "url": STANDIN_URL, "document_id": document_id,
                                        "passage_id": 1, "passage": ACCEPTED_PASSAGE, "score": 0.9})
        rules.decide_link(db, accepted, "accepted", zelda["id"])
        rejected = evidence_store.save_link(db, {"claim_id": verified["id"], "url": "https://elsewhere.invalid/a",
                                        "passage": PRIVATE["rejected"], "score": 0.5})
        rules.decide_link(db, rejected, "rejected", quentin["id"])
        evidence_store.save_link(db, {"claim_id": verified["id"], "url": "https://elsewhere.invalid/b",
                             "passage": PRIVATE["undecided"], "score": 0.7})
        hashes = [row["password_hash"] for row in review_store.list_reviewers(db)]
    facts = {"first": first, "second": second, "verified": verified["id"], "false": false_claim["id"],
             "in_review": in_review["id"], "pending": pending["id"], "snapshot": snapshot["id"], "hashes": hashes}
    return app, facts


LINK = re.compile(r'(?:href|src)="([^"]+)"')
# Not pages: the reviewer side, and the language switch (an action that sets a cookie, then redirects).
NOT_PUBLIC = ("/login", "/logout", "/review", "/language/")


def crawl(client, start=("/",), limit: int = 2000) -> dict[str, object]:
    """Every public page reachable from start, through the test client: {path: response}."""
    seen, queue, pages = set(start), list(start), {}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        response = client.get(path)
        response.get_data()  # read it whole now: a streamed answer left open keeps its request context pushed
        pages[path] = response
        if response.mimetype == "text/html":
            for link in LINK.findall(response.get_data(as_text=True)):
                target = urljoin(path, html.unescape(link))
                parts = urlsplit(target)
                if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(NOT_PUBLIC):
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        elif response.mimetype == "application/json":
            for value in json_links(response.get_json()):
                if value.startswith("/") and value not in seen and not value.startswith(NOT_PUBLIC):
                    seen.add(value)
                    queue.append(value)
    return pages


def json_links(value):
    """Every address under a "links" object, at any depth of a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "links" and isinstance(item, dict):
                yield from (v for v in item.values() if isinstance(v, str))
            else:
                yield from json_links(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_links(item)
