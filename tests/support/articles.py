"""A short French article that cites the Washington Post, and the helpers that load it into an app."""
from __future__ import annotations

from checker.claims import ingest
from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.config import Config
from checker.db import get_db

ARTICLE = ("date 2022-11-19 Moscou et Téhéran ont conclu un accord pour fabriquer 1 000 drones, "
           "a rapporté samedi le Washington Post.\n\nSelon le rapport, les deux pays prévoient "
           "de lancer la production dans les trois mois.\n")


def ingest_text(db, text: str = ARTICLE, name: str = "test-article.txt") -> int:
    """Ingest `text` into an open database; the article's id."""
    raw = ingest.RawInput(text.encode("utf-8"), name)
    return ingest.ingest(db, raw, source_registry.load(Config.CHECKER_SOURCES))[0]


def load_article(app, text: str = ARTICLE) -> int:
    with app.app_context():
        return ingest_text(get_db(), text, "review-test.txt")


def first_claim(app, article_id: int) -> dict:
    """The article's most check-worthy claim."""
    with app.app_context():
        claims = claims_store.claims_of_article(get_db(), article_id)
        return max(claims, key=lambda c: c["score"])
