"""Public, read-only pages: the article list, each article with its claims, each claim with its review."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template

from checker import publish, review, store

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    return render_template("public/index.html", articles=store.list_articles(store.get_db()))


@bp.get("/articles/<int:article_id>")
def article(article_id: int):
    db = store.get_db()
    found = store.get_article(db, article_id)
    if found is None:
        abort(404)
    return render_template("public/article.html", article=found,
                           claims=store.claims_of_article(db, article_id),
                           skipped=store.skipped_of_article(db, article_id))


# --- claims with their review status (public: the status, its rationale and history, never comments) ---

def _public_claim(claim: dict, history_rows: list[dict]) -> dict:
    history = review.public_history(history_rows)
    return {**publish.claim_json(claim), "article_id": claim["article_id"], "version": claim["version"],
            "rationale": review.rationale(history, claim["status"]), "history": history}


@bp.get("/claims/<int:claim_id>")
def claim(claim_id: int):
    db = store.get_db()
    found = store.get_claim(db, claim_id)
    if found is None:
        abort(404)
    return render_template("public/claim.html", claim=_public_claim(found, store.history_of_claim(db, claim_id)),
                           article=store.get_article(db, found["article_id"]), label=review.label)


@bp.get("/api/claims/<int:claim_id>")
def claim_api(claim_id: int):
    db = store.get_db()
    found = store.get_claim(db, claim_id)
    if found is None:
        return jsonify({"error": f"no claim with id {claim_id}"}), 404
    return jsonify(_public_claim(found, store.history_of_claim(db, claim_id)))


@bp.get("/api/articles/<int:article_id>")
def article_api(article_id: int):
    db = store.get_db()
    found = store.get_article(db, article_id)
    if found is None:
        return jsonify({"error": f"no article with id {article_id}"}), 404
    claims = store.claims_of_article(db, article_id)
    document = publish.article_json(found, claims, store.skipped_of_article(db, article_id))
    histories = store.history_of_claims(db, [c["id"] for c in claims])
    document["claims"] = [_public_claim(c, histories[c["id"]]) for c in claims]
    return jsonify(document)
