"""Articles that repeat one claim, in the other language or in other words, and articles that do not; and the
helpers that ingest them through `flask ingest` (which matches each new article against the others)."""
from __future__ import annotations

from checker.claims import store as claims_store
from checker.db import get_db
from tests.support.articles import ARTICLE

CHECKED = ARTICLE  # "Moscou et Téhéran ont conclu un accord pour fabriquer 1 000 drones, a rapporté samedi …"
# The same claim in English, four days later, next to a sentence on something else.
IN_ENGLISH = ("date 2022-11-23 Moscow and Tehran reached a deal to manufacture 1,000 drones, according to the "
              "Washington Post.\n\nSeparately, European energy ministers met in Brussels on Wednesday to discuss "
              "a cap on gas prices.\n")
# The same claim in French again, in other words, with the reporting cue moved.
REWORDED = ("date 2022-11-25 Selon le Washington Post, Téhéran et Moscou se sont mis d'accord pour produire "
            "1 000 drones en Russie.\n")
# The same words, another figure: another claim.
OTHER_FIGURE = ("date 2022-11-24 Moscou et Téhéran ont conclu un accord pour fabriquer 2 000 drones, a rapporté "
                "jeudi le Washington Post.\n")
UNRELATED = ("date 2022-11-20 Le taux de chômage en France a baissé à 7,1 % au troisième trimestre, selon "
             "l'Insee.\n\nLa Cour de cassation a confirmé mardi la condamnation de l'ancien maire de Lyon pour "
             "corruption.\n")


def ingest(runner, text: str) -> int:
    """Ingest `text` as `flask ingest -` does (new articles are matched against the others); its id."""
    result = runner.invoke(args=["ingest", "-"], input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.strip())


def claim_saying(app, article_id: int, words: str) -> dict:
    with app.app_context():
        return next(c for c in claims_store.claims_of_article(get_db(), article_id) if words in c["text"])
