"""The article's support: the document where an article's other claims found their best passage (the report the
article follows) raises its passages' scores for every claim of the article, with a reason that says so. A claim
judged alone (a one-claim article) gets no such help. The stand-in report and page below are our own words."""
from __future__ import annotations

from checker.claims import dates, entities, quantities
from checker.claims import store as claims_store
from checker.db import migrate, open_db
from checker.evidence import keys, run, scoring
from checker.sources import store as sources_store

ARTICLE_DATE = dates.ArticleDate(2023, 3, 8)
REPORT = ["The Zwolle council closed the tram depot on Monday after a vote of 31 to 8.",
          "Repairs to the Vecht bridge will cost 4.2 million euros, the council said.",
          "The council's auditors found that the harbour museum lost 600,000 euros last year.",
          "Many residents are still waiting for answers."]
ELSEWHERE = ["Residents of Lisbon are still waiting for answers about the metro."]
CLAIMS = ["Le conseil de Zwolle a fermé lundi le dépôt de tramway, par 31 voix contre 8.",
          "La réparation du pont de la Vecht coûtera 4,2 millions d'euros, selon le conseil.",
          "Selon les auditeurs du conseil, le musée du port a perdu 600 000 euros l'an dernier.",
          "Beaucoup d'habitants attendent toujours des réponses."]
LOOSE = CLAIMS[3]  # shares only "attendent ↔ waiting" and "réponses ↔ answers" with the report


def archive(db, url: str, texts: list[str]) -> None:
    snapshot, _ = sources_store.save_snapshot(db, {"url": url, "status": 200, "via": "import"}, url.encode())
    sources_store.save_document(db, snapshot["id"], {"title": "stand-in", "language": "en", "published": None,
                                                     "text": "\n".join(texts)}, [{"text": t} for t in texts])


def claim_row(text: str) -> dict:
    return {"text": text, "start": 0, "end": len(text), "paragraph": 0, "checkworthy": True, "score": 0.9,
            "kind": "statistic", "reasons": [], "quantities": quantities.find(text, "fr"),
            "dates": dates.find(text, "fr", ARTICLE_DATE), "entities": entities.find(text, "fr"), "attribution": None}


def linked(tmp_path, claims: list[str]) -> dict[str, list[dict]]:
    """Claim text → its links, the article's claims linked against the stand-in report and page."""
    db = open_db(str(tmp_path / "support.db"))
    migrate(db)
    archive(db, "https://council.standin.invalid/report", REPORT)
    archive(db, "https://news.standin.invalid/lisbon", ELSEWHERE)
    article_id, _ = claims_store.save_article(db, {"title": "stand-in", "language": "fr", "published": "2023-03-08",
                                                   "text": " ".join(claims), "content_hash": str(len(claims))},
                                              [claim_row(text) for text in claims], [])
    links = run.link_article(db, article_id, run.Settings(keyer=keys.keyer()), {})["links"]
    texts = {claim["id"]: claim["text"] for claim in claims_store.claims_of_article(db, article_id)}
    db.close()
    found: dict[str, list[dict]] = {text: [] for text in texts.values()}
    for link in links:
        found[texts[link["claim_id"]]].append(link)
    return found


def test_a_loose_claim_finds_its_passage_in_the_report_its_article_follows_and_says_why(tmp_path):
    found = linked(tmp_path, CLAIMS)
    for text, passage in zip(CLAIMS[:3], REPORT[:3]):
        assert found[text][0]["passage"] == passage
        assert found[text][0]["signals"]["support"] == 2
    best = found[LOOSE][0]
    assert best["passage"] == REPORT[3] and best["score"] >= scoring.Weights().threshold
    assert best["signals"]["support"] == 3
    assert "3 other claims of this article have their evidence in this document" in best["reasons"]
    assert best["score"] > best["signals"]["words"]


def test_the_same_claim_alone_gets_no_link(tmp_path):
    found = linked(tmp_path, [LOOSE])
    assert all(link["score"] < scoring.Weights().threshold for link in found[LOOSE])
    assert all("support" not in link["signals"] for link in found[LOOSE])


def ranking(*best: tuple[float, int, int], decided: dict | None = None) -> run.Ranking:
    """A claim's first pass: (score, passage id, document id), best first."""
    scored = [(scoring.Scored(score, {}, [], []), {"id": passage_id, "document_id": document_id}, None)
              for score, passage_id, document_id in best]
    return run.Ranking({}, {}, [], {}, decided or {}, scored, {})


def test_support_counts_the_other_claims_best_documents_above_the_threshold():
    rankings = [ranking((0.9, 1, 10)), ranking((0.8, 2, 10), (0.7, 3, 20)), ranking((0.5, 4, 20)),
                ranking((0.2, 5, 30)),  # below the threshold: no vote
                ranking((0.9, 6, 40), (0.6, 7, 20), decided={6: {"decision": "rejected"}}),  # rejected: next best
                ranking((0.9, 8, 40), (0.1, 9, 50), decided={9: {"decision": "accepted"}})]  # accepted, below too
    assert run.article_support(rankings, 0.36) == [
        {10: 1, 20: 2, 50: 1}, {10: 1, 20: 2, 50: 1}, {10: 2, 20: 1, 50: 1}, {10: 2, 20: 2, 50: 1},
        {10: 2, 20: 1, 50: 1}, {10: 2, 20: 2}]


def test_articles_linked_in_one_run_get_the_links_each_gets_alone(tmp_path):
    """`run.link_articles` (one corpus, the collector held off for the run) stores what `link_article` would
    store for each article on its own."""
    def links_of(db, article_ids, together: bool) -> list[tuple]:
        settings = run.Settings(keyer=keys.keyer())
        if together:
            found = run.link_articles(db, article_ids, settings, {})["links"]
        else:
            found = [link for article_id in article_ids
                     for link in run.link_article(db, article_id, settings, {})["links"]]
        return sorted((link["claim_id"], link["passage"], link["score"], tuple(link["reasons"])) for link in found)

    results = []
    for together in (False, True):
        db = open_db(str(tmp_path / f"run-{together}.db"))
        migrate(db)
        archive(db, "https://council.standin.invalid/report", REPORT)
        archive(db, "https://news.standin.invalid/lisbon", ELSEWHERE)
        article_ids = [claims_store.save_article(
            db, {"title": "stand-in", "language": "fr", "published": "2023-03-08", "text": " ".join(texts),
                 "content_hash": str(n)}, [claim_row(text) for text in texts], [])[0]
            for n, texts in enumerate((CLAIMS[:2], CLAIMS[2:]))]
        results.append(links_of(db, article_ids, together))
        db.close()
    assert results[0] == results[1]
    assert {passage for _claim, passage, _score, _reasons in results[1]} >= set(REPORT[:3])
