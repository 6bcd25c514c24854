"""The default registry (checker/sources.toml): the outlets and institutions fact-checkers cite most, each with
a domain and names in French and English, no name or domain shared by two entries, and attribution finding
them by any of their names."""
from __future__ import annotations

from collections import defaultdict

import pytest

from checker.claims import attribution, entities
from checker.claims import registry as source_registry
from checker.claims.attribution import Context
from checker.claims.registry import name_key

# The sources of the example article: their hand-checked feeds are the only ones typed into the file.
EXAMPLE_IDS = {"washington-post", "pentagon", "nato", "ukraine-general-staff", "fox-news", "lloyd-austin",
               "oleksii-hromov"}


@pytest.fixture(scope="module")
def registry():
    return source_registry.load()


def test_the_default_registry_holds_at_least_150_sources(registry):
    assert len(registry.sources) >= 150


def test_every_entry_has_a_domain_or_an_affiliation_that_has_one(registry):
    for source in registry.sources:
        if source.kind == "person":
            assert registry.affiliation_of(source).domains, source.id
        else:
            assert source.domains, source.id


def test_every_entry_has_aliases_in_french_and_in_english(registry):
    for source in registry.sources:
        assert source.aliases_in("fr") and source.aliases_in("en"), source.id


def test_no_name_or_alias_belongs_to_two_entries(registry):
    owners = defaultdict(set)
    for source in registry.sources:
        for name in source.names:
            owners[name_key(name)].add(source.id)
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_no_domain_belongs_to_two_entries(registry):
    owners = defaultdict(set)
    for source in registry.sources:
        for domain in source.domains:
            owners[domain.lower().removeprefix("www.").rstrip("/")].add(source.id)
    assert {domain: ids for domain, ids in owners.items() if len(ids) > 1} == {}


def test_feeds_and_sitemaps_are_typed_only_for_the_example_sources(registry):
    """Everything else is found at run time (robots.txt, the home page), never typed from memory."""
    typed = {s.id for s in registry.sources if s.feeds or s.sitemaps}
    assert typed <= EXAMPLE_IDS


@pytest.mark.parametrize("wanted", [
    # wire agencies
    "afp", "reuters", "associated-press", "belga", "keystone-ats", "canadian-press", "pa-media",
    # national newspapers and broadcasters, by country
    "le-monde", "le-figaro", "liberation", "france-televisions", "radio-france", "france-24",
    "le-soir", "la-libre", "rtbf", "le-temps", "rts", "radio-canada", "cbc", "la-presse", "le-devoir",
    "bbc", "the-guardian", "the-times", "new-york-times", "washington-post", "cnn", "npr",
    # statistics offices
    "insee", "statbel", "swiss-statistics", "statistics-canada", "ons", "bls", "census-bureau", "eurostat",
    # ministries and governments
    "ministere-des-armees", "ministere-interieur", "uk-ministry-of-defence", "state-department", "pentagon",
    "elysee", "white-house", "uk-government", "government-of-canada", "swiss-federal-council",
    "belgian-government", "kremlin", "german-government",
    # UN agencies, EU institutions, NATO
    "united-nations", "who", "unhcr", "unicef", "iaea", "european-commission", "european-parliament",
    "eu-council", "ecb", "nato",
])
def test_the_registry_covers_what_fact_checkers_cite_most(registry, wanted):
    assert registry.get(wanted) is not None


def test_domains_find_their_source_from_any_subdomain_and_path_prefixes_first(registry):
    assert registry.for_url("https://edition.cnn.com/2022/11/16/europe/poland").id == "cnn"
    assert registry.for_url("https://ec.europa.eu/eurostat/web/main/news").id == "eurostat"
    assert registry.for_url("https://ec.europa.eu/commission/presscorner/home").id == "european-commission"
    assert registry.for_url("https://www.canada.ca/fr/sante-canada/nouvelles.html").id == "health-canada"
    assert registry.for_url("https://www.canada.ca/en/services.html").id == "government-of-canada"
    assert registry.for_url("https://www.ons.gov.uk/employment").id == "ons"
    assert registry.for_url("https://www.gov.uk/government/news/x").id == "uk-government"
    assert registry.for_url("https://unknown.example/") is None


# --- attribution finds them ---------------------------------------------------------------------------

def cited(sentence: str, lang: str, registry) -> str | None:
    found = attribution.find(sentence, lang, entities.find(sentence, lang), registry, Context())
    return found["source_id"] if found else None


@pytest.mark.parametrize("sentence, lang, expected", [
    ("Le taux de chômage a reculé à 7,1 % au troisième trimestre, selon l’Insee.", "fr", "insee"),
    ("D’après Reuters, une trentaine de drones ont été abattus dans la nuit.", "fr", "reuters"),
    ("L’Organisation mondiale de la santé a indiqué que 3 000 cas avaient été signalés.", "fr", "who"),
    ("The Bureau of Labor Statistics said 261,000 jobs were added in October.", "en", "bls"),
    ("Plus de 7 millions de personnes ont fui l’Ukraine, a déclaré l’OMS jeudi.", "fr", "who"),
    ("The Guardian reported that 40 people had died in the floods.", "en", "the-guardian"),
    ("Selon Le Monde, 3 000 personnes manifestaient samedi.", "fr", "le-monde"),
    ("Selon la police polonaise, deux agriculteurs ont été tués.", "fr", "polish-police"),
    ("The WHO said 40 countries had reported cases.", "en", "who"),
    ("Le Haut-Commissariat des Nations unies pour les réfugiés a indiqué que 3 000 personnes ont fui.", "fr",
     "unhcr"),
    ("Selon Statistique Canada, le taux d’inflation a atteint 6,9 % en octobre.", "fr", "statistics-canada"),
    ("According to the Office for National Statistics, inflation rose to 11.1%.", "en", "ons"),
])
def test_attribution_resolves_a_named_outlet_or_institution_to_its_entry(registry, sentence, lang, expected):
    assert cited(sentence, lang, registry) == expected


@pytest.mark.parametrize("text", [
    "Tout le monde a dit que 3 000 personnes étaient là.",  # "le monde", not Le Monde
    "Les vingt-sept victimes ont été identifiées.",  # a number, not the EU
    "WHO IS BEHIND THE 40 ATTACKS ON POWER STATIONS",  # a headline in capitals
    "Who said that 40 people died?",
    "La TVA a rapporté 200 milliards d’euros.",  # the tax, not TVA Nouvelles
    "Le temps a manqué pour compter les 300 votes.",
    "La Croix-Rouge a distribué 2 000 colis.",  # the Red Cross, not La Croix
])
def test_names_that_are_common_words_count_only_with_their_capitals(registry, text):
    ids = [source.id for source, _start, _end in registry.mentions(text)]
    assert not {"le-monde", "european-union", "who", "tva-nouvelles", "le-temps", "la-croix"} & set(ids), ids


def test_a_cased_name_keeps_its_capitals_but_not_its_article():
    registry = source_registry.load()
    text = "selon le Monde et d’après LE MONDE"
    assert [source.id for source, _s, _e in registry.mentions(text)] == ["le-monde", "le-monde"]
    assert registry.match("Le Monde").id == "le-monde"
    assert registry.match("le monde") is None
