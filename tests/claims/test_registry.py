"""The source registry: loading, validation, name matching and mentions in text."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.claims import registry as source_registry
from checker.claims.registry import Registry, RegistryError, Source


@pytest.fixture(scope="module")
def registry() -> Registry:
    return source_registry.load()


def write(tmp_path, text: str):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the default registry -------------------------------------------------------------------------

def test_default_registry_has_the_sources_the_seed_article_cites(registry):
    ids = {s.id for s in registry.sources}
    assert {"washington-post", "pentagon", "nato", "ukraine-general-staff", "fox-news",
            "lloyd-austin", "oleksii-hromov"} <= ids


def test_people_in_the_default_registry_are_affiliated_with_their_institution(registry):
    assert registry.get("lloyd-austin").affiliation == "pentagon"
    assert registry.get("oleksii-hromov").affiliation == "ukraine-general-staff"
    assert registry.affiliation_of(registry.get("lloyd-austin")).id == "pentagon"
    assert registry.get("lloyd-austin").kind == "person"


def test_default_registry_lists_real_domains_and_feeds(registry):
    assert "www.washingtonpost.com" in registry.get("washington-post").domains
    assert any("defense.gov" in feed for feed in registry.get("pentagon").feeds)
    assert "www.nato.int" in registry.get("nato").domains


def test_wayback_defaults_to_the_archive_org_endpoints(registry):
    assert registry.wayback == {"available": "https://archive.org/wayback/available",
                                "cdx": "https://web.archive.org/cdx/search/cdx"}


def test_missing_wayback_table_gets_the_defaults(tmp_path):
    loaded = source_registry.load(write(tmp_path, '[[source]]\nid = "x"\nname = "X"\n'))
    assert loaded.wayback["cdx"] == "https://web.archive.org/cdx/search/cdx"


def test_wayback_table_overrides_one_endpoint_and_keeps_the_other(tmp_path):
    loaded = source_registry.load(write(tmp_path, '[wayback]\ncdx = "http://127.0.0.1:9/cdx"\n'))
    assert loaded.wayback == {"available": "https://archive.org/wayback/available",
                              "cdx": "http://127.0.0.1:9/cdx"}


def test_host_with_a_port_finds_its_source(tmp_path):
    loaded = source_registry.load(write(tmp_path, '[[source]]\nid = "local"\nname = "Local Times"\n'
                                          'domains = ["127.0.0.1:8765"]\n'))
    assert loaded.for_host("127.0.0.1:8765").id == "local"
    assert loaded.for_host("example.org") is None


def test_registry_built_by_hand_still_matches_after_a_source_is_added():
    registry = Registry([Source(id="a", name="Alpha News")])
    assert registry.match("alpha news").id == "a"
    registry.sources.append(Source(id="b", name="Beta Post"))
    assert registry.match("Beta Post").id == "b"


# --- matching names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("The Washington Post", "washington-post"),
    ("washington post", "washington-post"),
    ("le Washington Post", "washington-post"),
    ("WaPo", "washington-post"),
    ("Pentagone", "pentagon"),
    ("le Pentagone", "pentagon"),
    ("the Pentagon", "pentagon"),
    ("US Department of Defense", "pentagon"),
    ("L’OTAN", "nato"),
    ("l'Otan", "nato"),
    ("NATO", "nato"),
    ("l’état-major ukrainien", "ukraine-general-staff"),
    ("Etat-Major Ukrainien", "ukraine-general-staff"),
    ("Ukrainian General Staff", "ukraine-general-staff"),
    ("état-major général des forces armées ukrainiennes", "ukraine-general-staff"),
    ("Lloyd J. Austin III", "lloyd-austin"),
    ("Defense Secretary Lloyd Austin", "lloyd-austin"),
    ("secrétaire à la Défense Lloyd Austin", "lloyd-austin"),
    ("Olexiy Gromov", "oleksii-hromov"),
    ("Oleksiy Hromov", "oleksii-hromov"),
    ("fox-news", "fox-news"),
])
def test_match_ignores_case_accents_apostrophes_and_leading_articles(registry, name, expected):
    assert registry.match(name).id == expected


@pytest.mark.parametrize("name", ["", None, "Le Grand Continent", "le monde", "Austin", "the", "   "])
def test_match_returns_none_for_names_nobody_registered(registry, name):
    assert registry.match(name) is None


def test_match_reads_decomposed_accents_like_composed_ones(registry):
    assert registry.match(unicodedata.normalize("NFD", "l’État-major ukrainien")).id == "ukraine-general-staff"


# --- mentions in text ---------------------------------------------------------------------------------

def test_mentions_give_offsets_into_the_original_text(registry):
    text = "Fox News n’a pas pu joindre le Pentagone, selon l’état-major ukrainien."
    found = [(s.id, text[a:b]) for s, a, b in registry.mentions(text)]
    assert found == [("fox-news", "Fox News"), ("pentagon", "le Pentagone"),
                     ("ukraine-general-staff", "l’état-major ukrainien")]


def test_mentions_prefer_the_longest_alias(registry):
    text = "Le secrétaire à la Défense Lloyd Austin a déclaré"
    [(source, start, end)] = registry.mentions(text)
    assert source.id == "lloyd-austin"
    assert text[start:end] == "secrétaire à la Défense Lloyd Austin"


def test_mentions_stay_on_word_boundaries(registry):
    assert registry.mentions("The pentagonal shape of the NATOs") == []


def test_mentions_are_case_insensitive(registry):
    assert [s.id for s, _, _ in registry.mentions("CLIQUEZ ICI POUR L’APPLICATION FOX NEWS")] == ["fox-news"]


def test_mentions_in_decomposed_text_cover_the_combining_marks():
    registry = Registry([Source(id="t", name="Téhéran Times")])
    text = unicodedata.normalize("NFD", "Selon le Téhéran Times, rien.")
    [(source, start, end)] = registry.mentions(text)
    assert unicodedata.normalize("NFC", text[start:end]) == "Téhéran Times"


def test_mentions_allow_several_spaces_inside_an_alias(registry):
    text = "the Washington\u00a0 Post said"
    [(source, start, end)] = registry.mentions(text)
    assert source.id == "washington-post" and text[start:end] == "the Washington\u00a0 Post"


def test_an_empty_registry_mentions_nothing():
    assert Registry().mentions("The Washington Post") == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_mentions_and_match_never_crash_on_any_text(text):
    registry = source_registry.load()
    for source, start, end in registry.mentions(text):
        assert 0 <= start < end <= len(text)
    registry.match(text)


# --- validation -------------------------------------------------------------------------------------

def error_for(tmp_path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as caught:
        source_registry.load(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_source_without_id_is_refused_with_its_position(tmp_path):
    message = error_for(tmp_path, '[[source]]\nid = "a"\nname = "A"\n\n[[source]]\nname = "Nameless"\n')
    assert "source #2" in message and "no id" in message and "Nameless" in message


def test_source_without_name_is_refused(tmp_path):
    assert "no name" in error_for(tmp_path, '[[source]]\nid = "a"\n')


def test_duplicate_id_is_refused_naming_both_sources(tmp_path):
    message = error_for(tmp_path, '[[source]]\nid = "a"\nname = "A"\n[[source]]\nid = "a"\nname = "B"\n')
    assert "duplicate id 'a'" in message and "#1" in message and "#2" in message


def test_unknown_affiliation_is_refused(tmp_path):
    message = error_for(tmp_path, '[[source]]\nid = "p"\nname = "P"\nkind = "person"\naffiliation = "nobody"\n')
    assert "unknown affiliation 'nobody'" in message


def test_bad_toml_is_refused_with_the_parser_position(tmp_path):
    message = error_for(tmp_path, '[[source]\nid = "a"\n')
    assert "not valid TOML" in message and "line" in message


def test_unknown_kind_is_refused_listing_the_kinds(tmp_path):
    message = error_for(tmp_path, '[[source]]\nid = "a"\nname = "A"\nkind = "blog"\n')
    assert "unknown kind 'blog'" in message and "organisation" in message


def test_aliases_written_as_a_string_are_refused_with_the_fix(tmp_path):
    message = error_for(tmp_path, '[[source]]\nid = "a"\nname = "A"\naliases = "Alpha"\n')
    assert "aliases must be a list" in message and "['Alpha']" in message


def test_single_bracket_source_table_is_refused(tmp_path):
    assert "[[source]]" in error_for(tmp_path, '[source]\nid = "a"\nname = "A"\n')


def test_american_spelling_of_organisation_is_accepted(tmp_path):
    loaded = source_registry.load(write(tmp_path, '[[source]]\nid = "a"\nname = "A"\nkind = "organization"\n'))
    assert loaded.get("a").kind == "organisation"


def test_missing_registry_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        source_registry.load(tmp_path / "absent.toml")


def test_registry_error_is_a_value_error_for_callers_that_catch_those():
    assert issubclass(RegistryError, ValueError)
