"""Scorecards on the public pages: verdicts over time on source and speaker pages, claims by status on the claim
index, speaker pages linked from claims, the same figures in the chart's text alternative and its table, a new
verdict on the next request, and the static export."""
from __future__ import annotations

import re

import pytest

from tests.support.scorecards import (
    STOLTENBERG,
    build_scorecard_site,
    counts_said,
    described,
    give_verdict,
)

DESC = re.compile(r'<desc id="([\w-]+)-desc">(.*?)</desc>', re.S)
ROW = re.compile(r'<tr[^>]*><th scope="row">([^<]+)</th>(.*?)</tr>', re.S)
CELL = re.compile(r'<td data-status="(\w+)">([\d,]+)</td>')


@pytest.fixture
def scored(tmp_path):
    return build_scorecard_site(tmp_path)


def desc_of(page: str, cid: str = "scorecard") -> str:
    return dict(DESC.findall(page))[cid]




def tabled(page: str) -> dict[str, dict[str, int]]:
    """The table under the chart read back: {row label: {status: count}}, zeros left out."""
    table = page[page.index('<table class="chart-table"'):]
    table = table[:table.index("</table>")]
    return {label: {s: int(n) for s, n in CELL.findall(cells) if n != "0"} for label, cells in ROW.findall(table)}


def test_a_source_page_charts_its_verdicts_by_month_with_the_same_figures_in_words_and_table(scored):
    app, _ = scored
    page = app.test_client().get("/sources/washington-post").get_data(as_text=True)
    assert '<svg class="chart-svg" viewBox="0 0 ' in page and 'role="img"' in page
    assert 'aria-labelledby="scorecard-title scorecard-desc"' in page
    assert "Verdicts by month, Sep 2022 to Jan 2023" in page
    rows = tabled(page)
    assert rows["Sep 2022"] == {"verified": 1} and rows["Nov 2022"] == {"disputed": 1}
    assert rows["Jan 2023"] == {"misleading": 1}
    assert rows["Oct 2022"] == {} and rows["Dec 2022"] == {}  # months with no claims keep their row
    words = described(desc_of(page))
    assert words == {label: counts for label, counts in rows.items() if counts and label != "All"}
    assert "Other months: none." in desc_of(page)
    assert page.count('class="bar-segment"') == 3
    assert " style=" not in page and "<script" not in page.replace('<script type="application/ld+json">', "")


def test_a_speaker_cited_by_name_has_a_page_with_claims_verdicts_and_a_scorecard(scored):
    app, facts = scored
    client = app.test_client()
    page = client.get(f"/speakers/{STOLTENBERG}").get_data(as_text=True)
    assert "<h1>Jens Stoltenberg</h1>" in page and "not in our source registry" in page
    for number in (0, 2, 3):
        assert f'href="/claims/{facts["claims"][(number, "Jens Stoltenberg")]}"' in page
    rows = tabled(page)
    assert rows["Sep 2022"] == {"false": 1} and rows["Jan 2023"] == {"verified": 1}
    assert rows["Month not known"] == {"unverifiable": 1}
    assert rows["All"] == {"false": 1, "verified": 1, "unverifiable": 1}
    words = described(desc_of(page))
    assert words == {label: counts for label, counts in rows.items() if counts and label != "All"}


def test_claim_pages_claim_lists_and_the_sources_page_link_to_the_speaker(scored):
    app, facts = scored
    client = app.test_client()
    claim = client.get(f"/claims/{facts['claims'][(0, 'Jens Stoltenberg')]}").get_data(as_text=True)
    assert f'<a href="/speakers/{STOLTENBERG}">Jens Stoltenberg</a>' in claim
    registered = client.get(f"/claims/{facts['claims'][(0, 'The Washington Post')]}").get_data(as_text=True)
    assert 'href="/sources/washington-post"' in registered and "/speakers/" not in registered
    listing = client.get("/sources/").get_data(as_text=True)
    assert f'<a href="/speakers/{STOLTENBERG}">Jens Stoltenberg</a>' in listing
    assert f'href="/speakers/{STOLTENBERG}"' in client.get("/claims/").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/speakers/nobody-cited", "/speakers/NOT_A_KEY", "/speakers/-x",
                                  "/speakers/" + "a" * 101])
def test_an_unknown_or_malformed_speaker_is_a_404(scored, path):
    app, _ = scored
    assert app.test_client().get(path).status_code == 404


def test_a_speaker_page_takes_only_its_page_parameters(scored):
    app, _ = scored
    client = app.test_client()
    assert client.get(f"/speakers/{STOLTENBERG}?before=99999").status_code == 200
    assert client.get(f"/speakers/{STOLTENBERG}?page=2").status_code == 400
    assert client.get(f"/speakers/{STOLTENBERG}?before=-1").status_code == 400


def test_a_source_with_no_verdict_says_so_instead_of_drawing_an_empty_chart(scored):
    app, _ = scored
    page = app.test_client().get("/sources/lloyd-austin").get_data(as_text=True)
    assert "No verdict yet on a claim attributed to Lloyd Austin." in page
    assert "chart-svg" not in page and "chart-table" not in page


def test_the_claim_index_shows_counts_by_status_as_a_bar_with_the_numbers_in_words(scored):
    app, _ = scored
    client = app.test_client()
    page = client.get("/claims/").get_data(as_text=True)
    desc = desc_of(page, "status-bar")
    words = counts_said(desc.split(";")[0])
    links = {s: int(n) for s, n in re.findall(r'status=(\w+)"[^>]*>[^<(]+\((\d+)\)', page) if s != "reviewed"}
    assert words == links and sum(words.values()) == 7
    assert f"; {sum(words.values())} in all." in desc
    segments = re.findall(r'class="bar-segment" data-status="(\w+)" data-count="(\d+)"', page)
    assert {s: int(n) for s, n in segments} == {s: n for s, n in words.items() if n}
    filtered = desc_of(client.get("/claims/?source=washington-post").get_data(as_text=True), "status-bar")
    assert filtered == "1 Verified, 1 Disputed, 1 Misleading, 0 False, 0 Unverifiable, 0 In review, 1 Unreviewed; 4 in all."


def test_the_claim_index_says_there_is_nothing_to_count_when_filters_match_no_claim(scored):
    app, _ = scored
    page = app.test_client().get("/claims/?from=1990&to=1990").get_data(as_text=True)
    assert "No claim to count." in page and "chart-svg" not in page


@pytest.mark.parametrize("path", ["/sources/washington-post", f"/speakers/{STOLTENBERG}", "/claims/", "/sources/"])
def test_a_new_verdict_shows_on_the_next_request_whatever_the_caches_hold(scored, path):
    app, facts = scored
    client = app.test_client()
    before = client.get(path)
    assert client.get(path, headers={"If-None-Match": before.headers["ETag"]}).status_code == 304
    claim_id = facts["claims"][(0, "Jens Stoltenberg")] if "washington" not in path \
        else facts["claims"][(0, "The Washington Post")]
    give_verdict(app, claim_id, "misleading", facts["reviewer"])
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.get_data() != before.get_data()
    page = after.get_data(as_text=True)
    if path.startswith(("/sources/washington-post", "/speakers/")):
        assert tabled(page)["Sep 2022"] == {"misleading": 1}
        assert "Sep 2022: 1 Misleading." in desc_of(page)
    elif path == "/claims/":
        assert "2 Misleading" in desc_of(page, "status-bar")


def test_the_static_export_carries_the_charts_inline_with_relative_links(scored, tmp_path):
    app, _ = scored
    outdir = tmp_path / "export"
    result = app.test_cli_runner().invoke(args=["freeze", str(outdir)])
    assert result.exit_code == 0, result.output
    speaker = (outdir / "speakers" / f"{STOLTENBERG}.html").read_text()
    source = (outdir / "sources" / "washington-post.html").read_text()
    claims = (outdir / "claims" / "index.html").read_text()
    sources = (outdir / "sources" / "index.html").read_text()
    for page in (speaker, source):
        assert '<svg class="chart-svg"' in page and 'class="chart-table"' in page
        assert 'fill="url(#scorecard-' in page
    assert 'id="status-bar-desc"' in claims
    assert f'href="../speakers/{STOLTENBERG}.html"' in sources
    for page in (speaker, source, claims, sources):
        assert 'href="/' not in page and 'src="/' not in page
        # Nothing is fetched from elsewhere: the only stylesheet is the export's own copy.
        assert not re.search(r'(?:src|href)="https?://(?!schema\.org)', page.split("open-data")[0])
    assert (outdir / "static" / "site.css").exists()
