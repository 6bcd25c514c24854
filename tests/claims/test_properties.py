"""Properties that hold for any input: ingest never crashes, and offsets always index the stored text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.claims import ingest
from checker.claims import registry as source_registry
from checker.config import Config

REGISTRY = source_registry.load(Config.CHECKER_SOURCES)
# Article-like text: letters, digits, punctuation, typographic quotes, odd spaces and any other code point.
ARTICLE_ALPHABET = st.one_of(
    st.sampled_from(list("abcdeéèàçôABCDÉ  .,;:!?«»“”’'-–—\n\u00a0\u202f0123456789")),
    st.characters(),
)
ARTICLE_WORDS = st.sampled_from(["selon", "le", "Washington", "Post", "a", "déclaré", "1 000", "drones",
                                 "samedi", "11 novembre", "plus de", "said", "according to", "NATO",
                                 "CLIQUEZ ICI", "environ", "Nov.", "M.", "\n\n", "date 2022-11 "])


def _check(text: str, lang: str | None) -> None:
    try:
        prepared = ingest.prepare(ingest.RawInput(text.encode("utf-8", "surrogatepass"), "prop"), REGISTRY,
                                  lang=lang)
    except ingest.IngestError:
        return  # a clear refusal is a correct answer; a crash is not
    stored = prepared.article["text"]
    for item in prepared.claims + prepared.skipped:
        assert stored[item["start"]:item["end"]] == item["text"]
        for key in ("quantities", "dates", "entities"):
            for found in item.get(key, []):
                if "start" in found:
                    assert 0 <= found["start"] <= found["end"] <= len(stored)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ARTICLE_ALPHABET, max_size=400), st.sampled_from(["fr", "en", "de", "xx", None]))
def test_arbitrary_unicode_never_crashes_ingest_and_offsets_hold(text, lang):
    _check(text, lang)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ARTICLE_WORDS, max_size=60).map(" ".join), st.sampled_from(["fr", "en", None]))
def test_article_like_word_salad_never_crashes_and_offsets_hold(text, lang):
    _check(text, lang)
