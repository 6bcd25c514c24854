"""Public, read-only pages: the article list and each article with its claims."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from checker import store

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
