"""Ingest: reading, decoding, the date marker, language, idempotence and offsets."""
from __future__ import annotations

import io

import pytest

from checker.claims import ingest
from checker.claims import registry as source_registry
from checker.claims import store as claims_store
from checker.config import Config

REGISTRY = source_registry.load(Config.CHECKER_SOURCES)
FRENCH = ("date 2022-11-19 Moscou et Téhéran ont conclu un accord, a rapporté samedi le Washington Post. "
          "Selon le rapport, les deux pays prévoient de produire des drones dans les trois mois.\n")


def raw(text: str | bytes, origin="test.txt", is_html=False) -> ingest.RawInput:
    return ingest.RawInput(text.encode("utf-8") if isinstance(text, str) else text, origin, is_html)


def test_date_marker_is_read_from_the_first_line_and_removed_from_the_text():
    prepared = ingest.prepare(raw(FRENCH), REGISTRY)
    assert prepared.article["published"] == "2022-11-19"
    assert prepared.article["published_certainty"] == "marker"
    assert prepared.article["text"].startswith("Moscou et Téhéran")
    assert "date 2022" not in prepared.article["text"]


def test_date_marker_at_the_end_of_the_first_line_is_read_too():
    prepared = ingest.prepare(raw("Moscou et Téhéran ont conclu un accord selon le journal. date 2022-11-19\n"
                                  "Les deux pays vont produire des drones."), REGISTRY)
    assert prepared.article["published"] == "2022-11-19"
    assert "date 2022" not in prepared.article["text"]


def test_a_date_marker_after_the_first_line_is_left_alone():
    prepared = ingest.prepare(raw("Les deux pays vont produire des drones dans le pays.\n"
                                  "date 2022-11-19 est une date."), REGISTRY)
    assert prepared.article["published"] is None


def test_date_option_overrides_the_marker():
    prepared = ingest.prepare(raw(FRENCH), REGISTRY, date="2022-11-20")
    assert prepared.article["published"] == "2022-11-20"
    assert prepared.article["published_certainty"] == "given"


def test_bad_date_option_is_a_clear_error():
    with pytest.raises(ingest.IngestError, match="YYYY-MM-DD"):
        ingest.prepare(raw(FRENCH), REGISTRY, date="2022-13-45")


def test_language_is_detected_for_french_and_english():
    assert ingest.prepare(raw(FRENCH), REGISTRY).article["language"] == "fr"
    english = "The Pentagon said on Thursday that more than 400 drones had been launched at Ukraine since August."
    assert ingest.prepare(raw(english), REGISTRY).article["language"] == "en"


def test_lang_option_overrides_detection():
    assert ingest.prepare(raw(FRENCH), REGISTRY, lang="EN").article["language"] == "en"


def test_unknown_language_is_a_clear_error_that_suggests_lang():
    with pytest.raises(ingest.IngestError, match="--lang"):
        ingest.prepare(raw("zzkx qwpl vbnm rtyu"), REGISTRY)


def test_nonsense_lang_code_is_refused():
    with pytest.raises(ingest.IngestError, match="not a language code"):
        ingest.prepare(raw(FRENCH), REGISTRY, lang="french!")


def test_latin1_text_is_decoded_by_detection():
    data = ("Le ministre a déclaré jeudi que la frontière était fermée depuis trois semaines "
            "et que les élections étaient reportées à l'été prochain.").encode("latin-1")
    prepared = ingest.prepare(raw(data), REGISTRY)
    assert "déclaré" in prepared.article["text"]


def test_utf16_with_bom_is_decoded():
    data = "Le ministre a déclaré jeudi que la frontière était fermée depuis trois semaines.".encode("utf-16")
    assert "frontière" in ingest.prepare(raw(data), REGISTRY).article["text"]


def test_windows_newlines_and_decomposed_accents_hash_like_the_clean_text():
    clean = ingest.prepare(raw("Le ministre a déclaré que la frontière est fermée depuis lundi.\n"), REGISTRY)
    messy = ingest.prepare(raw("Le ministre a de\u0301clare\u0301 que la frontie\u0300re est fermée depuis lundi.\r\n"),
                           REGISTRY)
    assert clean.article["content_hash"] == messy.article["content_hash"]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 50, "binary"),
])
def test_empty_and_binary_inputs_are_refused_with_a_reason(data, message):
    with pytest.raises(ingest.IngestError, match=message):
        ingest.prepare(raw(data), REGISTRY)


def test_oversize_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(ingest.IngestError, match="over the 1,000-byte limit"):
        ingest.read_path(path, max_bytes=1000)


def test_oversize_stdin_is_refused():
    with pytest.raises(ingest.IngestError, match="limit"):
        ingest.read_stdin(io.BytesIO(b"a" * 2000), max_bytes=1000)


def test_missing_path_says_so(tmp_path):
    with pytest.raises(ingest.IngestError, match="no such file"):
        ingest.read_path(tmp_path / "nope.txt", max_bytes=1000)


def test_html_page_gives_its_paragraphs_and_title():
    page = ("<html><head><title>Drones : l’accord</title><script>alert(1)</script></head><body>"
            "<nav>Menu Accueil</nav><article><h1>Drones : l’accord</h1>"
            "<p>Moscou et Téhéran ont conclu un accord, selon le Washington Post.</p>"
            "<p>Les deux pays prévoient de produire des drones dans les trois mois.</p></article></body></html>")
    prepared = ingest.prepare(raw(page, "page.html", is_html=True), REGISTRY)
    assert prepared.article["title"] == "Drones : l’accord"
    assert "alert" not in prepared.article["text"] and "Menu" not in prepared.article["text"]
    assert "Les deux pays prévoient" in prepared.article["text"]


def test_same_text_ingested_twice_gives_the_same_id(db):
    first = ingest.ingest(db, raw(FRENCH), REGISTRY)
    second = ingest.ingest(db, raw(FRENCH), REGISTRY)
    assert first == (first[0], True)
    assert second == (first[0], False)
    assert claims_store.counts(db)["articles"] == 1


def test_claim_offsets_index_the_stored_text(db):
    article_id, _ = ingest.ingest(db, raw(FRENCH), REGISTRY)
    text = claims_store.get_article(db, article_id)["text"]
    for claim in claims_store.claims_of_article(db, article_id):
        assert text[claim["start"]:claim["end"]] == claim["text"]
    for line in claims_store.skipped_of_article(db, article_id):
        assert text[line["start"]:line["end"]] == line["text"]
