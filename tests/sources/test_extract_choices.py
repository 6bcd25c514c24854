"""Which extraction a page gets: a site adapter only on its host, JSON-LD articleBody only when it passes its
check against the text trafilatura found, speaker turns on any transcript, and one parse of the page."""
from __future__ import annotations

import json

import lxml.html
import trafilatura.utils

from checker.config import Config
from checker.sources import extract as extraction
from checker.sources.extract import check_article_body, extract
from tests.support.files import FIXTURES

PARAGRAPHS = [
    "The regional council approved a plan on Monday to add 4,200 places in after-school clubs by 2026, "
    "at a cost of 31 million euros over four years.",
    "Most of the new places will be in the towns on the eastern side of the region, where waiting lists are "
    "longest, the council's education committee said in its report.",
    "Parents' associations welcomed the decision but said the fees charged to families should also be lowered, "
    "since they had risen twice in three years.",
    "The first clubs will open in September, in converted classrooms and in two new buildings next to primary "
    "schools, and recruitment of staff will begin in the spring.",
]


def news_page(*, body: str | None = None, extra_head: str = "", before: str = "", after: str = "",
              standin: bool = False, canonical: str | None = None) -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council adds after-school places",
          "datePublished": "2023-03-06T10:00:00+01:00"}
    if body is not None:
        ld["articleBody"] = body
    marker = '<meta name="claim-tracker:standin" content="Stand-in written for tests">' if standin else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f'<html lang="en"><head><title>Council adds after-school places</title>{marker}{link}'
            f'<script type="application/ld+json">{json.dumps(ld)}</script>{extra_head}</head><body>'
            f'<nav><a href="/">Home</a> <a href="/news">News</a></nav>{before}<article>'
            f'<h1>Council adds after-school places</h1>{paragraphs}</article>{after}<footer>Contact us</footer>'
            f'</body></html>')


def washington_post_markup(standin: bool = False) -> str:
    marker = '<meta name="claim-tracker:standin" content="Stand-in written for tests">' if standin else ""
    paragraphs = "".join(f'<p data-el="text">{p}</p>' for p in PARAGRAPHS)
    return (f'<html lang="en"><head><title>A story</title>{marker}</head><body>'
            f'<h1 data-qa="headline">A story</h1><aside class="article-body"><p>Most read: one short line.</p></aside>'
            f'<div class="article-body">{paragraphs}</div></body></html>')


# --- site adapters run only on their hosts ---------------------------------------------------------------

def test_site_adapter_runs_on_its_host_and_on_copies_of_its_pages():
    page = washington_post_markup()
    assert extract(page, "https://www.washingtonpost.com/world/2022/11/19/a-story/").layout == "washington-post"
    archived = "https://web.archive.org/web/20221119090000/https://www.washingtonpost.com/world/2022/11/19/a-story/"
    assert extract(page, archived).layout == "washington-post"
    copy = page.replace("<title>", '<link rel="canonical" href="https://www.washingtonpost.com/x/"><title>')
    assert extract(copy, "http://127.0.0.1:8765/x/").layout == "washington-post"


def test_site_adapter_is_not_run_on_another_host_that_shares_its_markup():
    document = extract(washington_post_markup(), "https://news.example.org/world/a-story/")
    assert document.layout != "washington-post"
    assert "after-school clubs" in document.text


def test_our_stand_ins_written_in_a_site_layout_get_that_site_adapter_wherever_they_are_served():
    assert extract(washington_post_markup(standin=True), "http://127.0.0.1:8765/a/").layout == "washington-post"


# --- JSON-LD articleBody only when it passes its check ----------------------------------------------------

def test_article_body_cut_short_is_not_used_and_the_whole_text_is_kept():
    document = extract(news_page(body=PARAGRAPHS[0][:90] + "…"), "https://news.example.org/a")
    assert document.layout == "generic"
    assert all(p in document.text for p in PARAGRAPHS)


def test_article_body_full_of_boilerplate_is_not_used():
    junk = ["Advertisement", "Sign up for our newsletter to get the day's top stories in your inbox.",
            "Share this article on Facebook, Twitter or by email.", "Read more: Ten things to do this weekend"]
    document = extract(news_page(body="\n".join(PARAGRAPHS + junk)), "https://news.example.org/a")
    assert document.layout == "generic"
    assert "newsletter" not in document.text and "weekend" not in document.text


def test_clean_article_body_trims_what_trafilatura_kept_around_the_article():
    related = ('<section class="more"><h2>Recent publications</h2><ul>' + "".join(
        f"<li><p>A different report from last year on bus lanes, school meals and parking fees, number {n}, "
        f"published by the council's transport and education committees.</p></li>" for n in range(3)) +
        "</ul></section>")
    page = news_page(body="\n\n".join(PARAGRAPHS))
    alone = extract(news_page(), "https://news.example.org/a")
    document = extract(page.replace("</article>", related + "</article>"), "https://news.example.org/a")
    assert document.layout == "generic+json-ld"
    assert [p.text for p in document.passages] == PARAGRAPHS
    assert alone.layout == "generic" and [p.text for p in alone.passages] == PARAGRAPHS


def test_page_rendered_by_its_scripts_gets_the_article_body_as_text():
    shell = news_page(body="\n\n".join(PARAGRAPHS)).replace(
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS), '<div id="app">Loading the article…</div>')
    document = extract(shell, "https://news.example.org/a")
    assert document.layout == "json-ld" and [p.text for p in document.passages] == PARAGRAPHS


def test_article_body_in_html_tags_is_read_as_paragraphs():
    body = "".join(f"<p>{p.replace('euros', '&euro;')}</p>" for p in PARAGRAPHS[:2])
    assert extraction.article_body({"articleBody": body}) == [PARAGRAPHS[0].replace("euros", "€"),
                                                              PARAGRAPHS[1]]


def test_the_check_says_why_an_article_body_is_refused():
    found = PARAGRAPHS
    assert check_article_body(PARAGRAPHS, found) is None
    assert "cut short" in check_article_body([PARAGRAPHS[0] + " The average…"], found)
    assert "cut short" in check_article_body([PARAGRAPHS[0][:-1] + " and"], found)
    assert "cut short" in check_article_body(PARAGRAPHS[:1], found)  # a sentence, then nothing
    dirty = PARAGRAPHS + ["Follow us on social media, download our app, and subscribe to the print edition "
                          "for exclusive offers from our partners and sponsors every week."]
    assert "does not" in check_article_body(dirty, found)
    assert check_article_body(PARAGRAPHS, ["Loading the article"]) is None  # next to nothing found: it is used


# --- transcripts, on any site --------------------------------------------------------------------------

def test_generic_transcripts_get_speaker_turns_from_bold_or_capital_labels_in_french_too():
    pages = FIXTURES / "extraction" / "pages"
    briefing = extract((pages / "fr-conference-presse-porte-parole.html").read_text(encoding="utf-8"),
                       "https://porte-parole.standin.invalid/b/")
    assert [p.speaker for p in briefing.passages[1:4]] == ["LE PORTE-PAROLE", "QUESTION", "LE PORTE-PAROLE"]
    assert briefing.passages[1].text.startswith("Mesdames et messieurs, bonjour.")
    interview = extract((pages / "fr-entretien-prix-electricite.html").read_text(encoding="utf-8"),
                        "https://radio-vallees.standin.invalid/i/")
    assert {p.speaker for p in interview.passages} >= {"HÉLÈNE GARNIER", "BASTIEN MOREL"}


def test_a_transcript_text_leads_each_turn_with_its_speaker():
    page = (FIXTURES / "sources" / "defense-transcript.html").read_text(encoding="utf-8")
    document = extract(page, "https://www.defense.gov/News/Transcripts/Transcript/1/")
    assert "\n\nQ: Do you have information that contradicts" in document.text
    assert document.text.startswith("SECRETARY OF DEFENSE LLOYD J. AUSTIN III: Good afternoon.")


def test_capital_labels_are_not_read_in_ordinary_sentences():
    assert extraction.upper_label("Q: Is it?") == ("Q", "Is it?")
    assert extraction.upper_label("HÉLÈNE GARNIER : Merci.") == ("HÉLÈNE GARNIER", "Merci.")
    assert extraction.upper_label("The minister said: no.") is None
    assert extraction.upper_label("10:42 The count goes on") is None


# --- one parse --------------------------------------------------------------------------------------------

def test_the_page_is_parsed_once(monkeypatch):
    """Every step reads one tree. (trafilatura's readability fallback parses readability's own summary, a
    different and smaller document; it does so in trafilatura alone too.)"""
    parsed = []

    def counting(parse):
        def wrapped(markup, *args, **kwargs):
            parsed.append(markup.decode() if isinstance(markup, bytes) else markup)
            return parse(markup, *args, **kwargs)
        return wrapped

    monkeypatch.setattr(trafilatura.utils, "fromstring", counting(trafilatura.utils.fromstring))
    monkeypatch.setattr(trafilatura.utils, "fromstring_bytes", counting(trafilatura.utils.fromstring_bytes))
    monkeypatch.setattr(lxml.html, "fromstring", counting(lxml.html.fromstring))
    monkeypatch.setattr(extraction, "fromstring", counting(extraction.fromstring))
    extract(news_page(body="\n\n".join(PARAGRAPHS)), "https://news.example.org/a")
    assert sum("application/ld+json" in markup for markup in parsed) == 1


def test_the_configured_trafilatura_options_leave_comments_out():
    options = extraction.trafilatura_options(Config)
    assert options["include_comments"] is False
    assert options["include_tables"] is Config.EXTRACT_INCLUDE_TABLES
    assert options["favor_precision"] == (Config.EXTRACT_FOCUS == "precision")
