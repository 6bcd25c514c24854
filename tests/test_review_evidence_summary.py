"""The reviewer claim view says how far the evidence search went when nothing was found."""
from __future__ import annotations

try:
    from tests.review_support import add_reviewer, first_claim, load_article, login, make_app
except ModuleNotFoundError:
    from review_support import add_reviewer, first_claim, load_article, login, make_app


def test_claim_view_says_no_evidence_was_found_in_how_many_documents_after_linking(tmp_path):
    app = make_app(tmp_path)
    add_reviewer(app, "journalist")
    article_id = load_article(app)
    claim = first_claim(app, article_id)
    client = app.test_client()
    login(client, "journalist")
    assert "No evidence linked yet." in client.get(f"/review/claims/{claim['id']}").get_data(as_text=True)

    result = app.test_cli_runner().invoke(args=["link", str(article_id)])
    assert result.exit_code == 0, result.stderr
    page = client.get(f"/review/claims/{claim['id']}").get_data(as_text=True)
    assert "No evidence found in 0 documents from 0 sources" in page
