"""What the recheck tests share: a page on a local server (pytest-httpserver) that a test changes between two
`flask recheck` runs, an app that may fetch it, and a reviewer's work on it before it changes."""
from __future__ import annotations

import json

from werkzeug.wrappers import Response

from checker.db import get_db
from checker.evidence import store as evidence_store
from checker.review import rules
from checker.review import store as review_store
from checker.sources import store as sources_store
from tests.support.app import make_test_app
from tests.support.articles import first_claim, load_article


def recheck_app(folder, **overrides):
    """A test app (on the database in `folder`) whose fetcher reaches 127.0.0.1 at once."""
    return make_test_app(folder, **{"CHECKER_ALLOW_PRIVATE": True, "FETCH_HOST_DELAY": 0.0, "FETCH_RETRIES": 0,
                                    "FETCH_DEADLINE": 10.0, **overrides})


STANDIN = ('<meta name="claim-tracker:standin" content="written for Claim Tracker tests">'
           "<p><em>Stand-in page written for Claim Tracker tests; it is not real reporting.</em></p>")


def page(*paragraphs: str, footer: str = "") -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Accord sur les drones</title>'
            f"</head><body>{STANDIN}<article><h1>Accord sur les drones</h1>{body}</article>{footer}"
            "</body></html>").encode()


FIRST = ("Selon des responsables cités dans cette page de test, Moscou et Téhéran auraient conclu un accord portant "
         "sur la fabrication de 1 000 drones, dont la production commencerait dans les prochains mois.")
SECOND = "Un second paragraphe sans chiffre, écrit pour que l'extracteur trouve assez de texte dans la page."
CORRECTED = FIRST.replace("1 000 drones", "400 drones")
ORIGINAL = page(FIRST, SECOND)


class Site:
    """One page whose answer a test changes between runs; it honours If-None-Match with its ETag."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.body, self.status, self.etag, self.headers = ORIGINAL, 200, '"v1"', {}
        self.robots = "User-agent: *\nAllow: /\n"
        httpserver.expect_request("/robots.txt").respond_with_handler(
            lambda request: Response(self.robots, content_type="text/plain"))
        httpserver.expect_request("/report").respond_with_handler(self.answer)
        httpserver.expect_request("/").respond_with_data("home page")
        self.url = httpserver.url_for("/report")

    def answer(self, request):
        if self.etag and request.headers.get("If-None-Match") == self.etag:
            return Response(status=304, headers={"ETag": self.etag})
        headers = {**self.headers, **({"ETag": self.etag} if self.etag else {})}
        return Response(self.body, status=self.status, content_type="text/html; charset=utf-8", headers=headers)


def run(app, *args) -> dict:
    result = app.test_cli_runner().invoke(args=["recheck", "--json", *args])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def archive_as_evidence(app, site, verdict: str | None = "false") -> dict:
    """The page fetched as a source of the test article, its passage accepted as evidence for the claim, and
    (unless verdict is None) a verdict given: what a reviewer has done before the page changes."""
    article_id = load_article(app)
    claim = first_claim(app, article_id)
    result = app.test_cli_runner().invoke(args=["fetch", site.url, "--article", str(article_id), "--json"])
    assert result.exit_code == 0, result.stderr
    with app.app_context():
        db = get_db()
        [document] = sources_store.documents_of_article(db, article_id)
        passage = next(p for p in sources_store.passages_of_document(db, document["id"]) if "1 000" in p["text"])
        link_id = evidence_store.save_link(db, {"claim_id": claim["id"], "url": site.url, "document_id": document["id"],
                                                "passage": passage["text"], "score": 0.9})
        bob = review_store.reviewer_by_username(db, "bob")["id"]
        rules.decide_link(db, link_id, "accepted", bob)
        if verdict:
            rules.change_status(db, claim["id"], rules.Change(verdict, "The report says 1 000 drones.",
                                                              claim["version"]), bob, max_note_chars=10_000)
    return {"article_id": article_id, "claim_id": claim["id"], "link_id": link_id, "document": document}


