"""Extraction: site adapters, JSON-LD articleBody, the generic extractor, and `flask extract --json`."""
from __future__ import annotations

import json

from checker.sources.extract import extract
from tests.support.files import SOURCE_PAGES, source_page


def read(name: str) -> str:
    return source_page(name).decode("utf-8")


def test_washington_post_layout_gives_title_date_byline_canonical_and_paragraphs():
    document = extract(read("wapo-drones.html"))
    assert document.layout == "washington-post"
    assert document.title.startswith("Stand-in: Russia and Iran")
    assert (document.published, document.author, document.language) == ("2022-11-19", "Test Writer", "en")
    assert document.url.endswith("/russia-iran-drones-deal/")
    assert len(document.passages) == 3 and document.standin
    assert "Stand-in page written" not in document.text  # the note sits outside the article body


def test_defense_gov_transcript_gives_one_passage_per_speaker_turn():
    document = extract(read("defense-transcript.html"), "https://www.defense.gov/News/Transcripts/Transcript/1/")
    assert [p.speaker for p in document.passages] == ["SECRETARY OF DEFENSE LLOYD J. AUSTIN III", "Q", "SEC. AUSTIN"]
    assert "right mix of air defenses" in document.passages[0].text  # the unlabelled paragraph continues the turn


def test_defense_gov_releases_have_no_speakers_and_speeches_one_per_turn():
    release = extract(read("defense-release.html"), "https://www.defense.gov/News/Releases/Release/1/")
    assert release.layout == "defense.gov" and all(p.speaker is None for p in release.passages)
    speech = extract(read("defense-speech.html"), "https://www.defense.gov/News/Speeches/Speech/1/")
    assert [p.speaker for p in speech.passages] == ["SECRETARY AUSTIN", "MODERATOR"]


def test_nato_layout_reads_the_date_and_mixed_case_bold_speaker_labels():
    document = extract(read("nato-statement.html"))
    assert document.layout == "nato.int" and document.published == "2022-11-16"
    assert document.passages[0].speaker == "NATO Secretary General Jens Stoltenberg"


def test_json_ld_article_body_is_used_by_the_generic_path():
    html = ('<html lang="fr"><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Titre",'
            '"datePublished":"2022-11-20T10:00:00+01:00","author":{"@type":"Person","name":"A. Auteur"},'
            '"articleBody":"Premier paragraphe.\\nSecond paragraphe."}</script></head><body><div>menu</div></body></html>')
    document = extract(html, "https://example.org/a")
    assert document.layout == "json-ld"
    assert [p.text for p in document.passages] == ["Premier paragraphe.", "Second paragraphe."]
    assert (document.title, document.published, document.author, document.language) == \
        ("Titre", "2022-11-20", "A. Auteur", "fr")


def test_other_sites_get_the_generic_extractor_without_navigation_or_footer():
    paragraphs = "".join(f"<p>Paragraph {n} says the air defence system intercepted several missiles over the "
                         f"region during the night, officials said.</p>" for n in range(4))
    html = f"<html><head><title>Other site</title></head><body><nav>Home</nav><article><h1>Other site</h1>" \
           f"{paragraphs}</article><footer>Contact</footer></body></html>"
    document = extract(html, "https://news.example.org/story")
    assert document.layout == "generic"
    assert "Paragraph 3" in document.text and "Contact" not in document.text


def test_flask_extract_json_follows_the_contract(runner):
    result = runner.invoke(args=["extract", str(SOURCE_PAGES / "wapo-drones.html"), "--url",
                                 "https://www.washingtonpost.com/x/", "--json"])
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    assert set(output) == {"title", "text", "published", "author", "url", "language"}
    assert output["published"] == "2022-11-19"


def test_flask_extract_of_a_missing_file_is_one_line_on_stderr(runner, tmp_path):
    result = runner.invoke(args=["extract", str(tmp_path / "missing.html"), "--json"])
    assert result.exit_code != 0 and result.stdout == ""
