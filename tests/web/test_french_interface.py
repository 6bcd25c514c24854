"""The interface in French and English: the language chosen from Accept-Language or the switch's cookie, the
switch itself, pages kept and revalidated per language, dates and numbers in the reader's words, every page a
French reader sees without an English message left, and the data (JSON) in English for every reader."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from checker.claims import checkworthiness, registry
from checker.evidence.schema import APPEARANCE_DECISIONS
from checker.review import accounts, statuses
from checker.sources.schema import ATTEMPT_OUTCOMES
from checker.web import i18n
from checker.web.caching import EarlyAnswers
from tests.support.recheck import (
    CORRECTED,
    SECOND,
    Site,
    archive_as_evidence,
    page,
    recheck_app,
    run,
)
from tests.support.review import add_reviewer, login, token_on
from tests.support.scorecards import STOLTENBERG, build_scorecard_site
from tests.web.test_caching import flask_calls

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
POT = i18n.TRANSLATIONS_DIR / "messages.pot"


def catalogue(language: str):
    with i18n.po_path(language).open("rb") as po:
        return read_po(po, locale=language)


def msgid(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def french_words() -> dict[str, tuple[str, ...]]:
    """{English msgid (and plural): its French strings}, for every message whose French differs."""
    words = {}
    for message in catalogue("fr"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english not in strings:
                words[english] = strings
    return words


class Text(HTMLParser):
    """A page's text as the reader meets it, in the page's own language: text nodes and the attributes people
    read (aria-label, placeholder, label of an optgroup, title), leaving out whatever carries another lang
    (the articles' own words) and the JSON-LD block."""

    READ = ("aria-label", "placeholder", "label", "title", "alt")

    def __init__(self, page_lang: str):
        super().__init__(convert_charrefs=True)
        self.page_lang, self.stack, self.pieces = page_lang, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inherited = self.stack[-1] if self.stack else self.page_lang
        lang = attrs.get("lang", inherited)
        if tag == "script":
            lang = "data"
        if tag not in ("br", "input", "meta", "link", "img", "hr"):
            self.stack.append(lang)
        if lang == self.page_lang:
            self.pieces += [attrs[name] for name in self.READ if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag not in ("br", "input", "meta", "link", "img", "hr") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if (self.stack[-1] if self.stack else self.page_lang) == self.page_lang and data.strip():
            self.pieces.append(" ".join(data.split()))


def readable_text(html: str) -> list[str]:
    lang = re.search(r'<html lang="([^"]+)"', html).group(1)
    parser = Text(lang)
    parser.feed(html)
    return parser.pieces


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def english_left(html: str) -> list[str]:
    """The English messages a French page still shows: a text node that is a whole English message, or a piece
    of a longer message (between its placeholders) found in the page's own text."""
    pieces = readable_text(html)
    text = " | ".join(pieces)
    left = []
    for english in french_words():
        fixed = [piece.strip(" .:;,()“”") for piece in PLACEHOLDER.split(english)]
        if english in pieces or any(len(piece) >= 14 and piece in text for piece in fixed):
            left.append(english)
    return left


# --- the catalogues ---------------------------------------------------------------------------------------

def test_the_committed_catalogue_holds_every_string_of_the_code_and_templates(tmp_path):
    """pybabel extract, as the README says to run it, finds exactly the messages of the committed .pot: a new
    string cannot land without being extracted (and so, by the next test, translated)."""
    from babel.messages.frontend import CommandLineInterface

    fresh = tmp_path / "messages.pot"
    root = i18n.TRANSLATIONS_DIR.parent.parent
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(root / "babel.cfg"), "-k", "N_", "-k", "NP_:1,2",
                                "-k", "_l", "--no-location", "--sort-output", "--omit-header", "-w", "120",
                                "-o", str(fresh), str(root)])
    with fresh.open("rb") as extracted, POT.open("rb") as committed:
        found = {msgid(m) for m in read_po(extracted) if m.id}
        kept = {msgid(m) for m in read_po(committed) if m.id}
    assert found - kept == set(), "strings not in the catalogue: run the README's extract and update steps"
    assert kept - found == set(), "strings no longer used are still in the catalogue"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_catalogue_holds_every_message_of_the_template(language):
    with POT.open("rb") as committed:
        wanted = {msgid(m) for m in read_po(committed) if m.id}
    assert {msgid(m) for m in catalogue(language) if m.id} == wanted


def test_every_message_has_a_french_translation_with_the_same_placeholders():
    french = catalogue("fr")
    for message in french:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"no French for {msgid(message)!r}"
        assert "fuzzy" not in message.flags, f"fuzzy French for {msgid(message)!r}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) - {"%(num)s", "%(count)s"}
        for string in strings:
            assert wanted <= set(PLACEHOLDER.findall(string)), f"placeholders lost in {string!r}"
    assert not list(french.check())  # Babel's own checks: python-format placeholders, plural forms


def test_the_catalogues_compile_in_memory_and_translate():
    assert i18n.catalogue("fr").gettext("Verified") == "Exact"
    assert i18n.catalogue("en").gettext("Verified") == "Verified"
    assert i18n.catalogue("fr").ngettext("%(count)s claim", "%(count)s claims", 2) == "%(count)s affirmations"


def test_the_words_the_stages_store_all_have_a_name_for_readers():
    stored = {*checkworthiness.KINDS, *registry.KINDS, *statuses.LINK_DECISIONS, *APPEARANCE_DECISIONS,
              *accounts.ROLES, *ATTEMPT_OUTCOMES}
    assert stored <= set(i18n.WORDS)


# --- which language ---------------------------------------------------------------------------------------

def test_the_language_comes_from_accept_language_and_the_switch_cookie(site):
    app, _ = site
    client = app.test_client()
    for accept, lang in (("fr-FR,fr;q=0.9", "fr"), ("fr-CA", "fr"), ("en-US", "en"), ("de-DE,de", "en"),
                         ("", "en"), ("de, fr;q=0.5, en;q=0.1", "fr")):
        page = client.get("/", headers={"Accept-Language": accept}).get_data(as_text=True)
        assert f'<html lang="{lang}">' in page, accept
    client.set_cookie("lang", "fr")
    assert '<html lang="fr">' in client.get("/", headers=ENGLISH).get_data(as_text=True)
    client.set_cookie("lang", "xx")  # not one of ours: Accept-Language decides
    assert '<html lang="en">' in client.get("/", headers=ENGLISH).get_data(as_text=True)


def test_a_plain_page_view_sets_no_cookie_in_either_language(site):
    app, facts = site
    client = app.test_client()
    for headers in (FRENCH, ENGLISH):
        for path in ("/", f"/claims/{facts['verified']}", f"/articles/{facts['first']}", "/search?q=drones",
                     "/claims/", "/nowhere"):
            assert "Set-Cookie" not in client.get(path, headers=headers).headers, path


def test_the_switch_remembers_the_language_and_goes_back_to_a_page_of_this_site_only(site):
    app, facts = site
    client = app.test_client()
    answer = client.get(f"/language/fr?next=/claims/{facts['verified']}")
    assert answer.status_code == 303 and answer.headers["Location"] == f"/claims/{facts['verified']}"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("lang=fr;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Max-Age=31536000" in cookie and "Path=/" in cookie
    assert answer.headers["Cache-Control"] == "no-store"
    assert '<html lang="fr">' in client.get(f"/claims/{facts['verified']}", headers=ENGLISH).get_data(as_text=True)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
                   "/claims/\r\nSet-Cookie: x=1", "", "evil.example"):
        away = client.get("/language/en", query_string={"next": target})
        assert away.status_code == 303 and away.headers["Location"] == "/", target
    assert client.get("/language/de?next=/").status_code == 404
    assert client.get("/language/fr?next=/&other=1").status_code == 400
    assert client.post("/language/fr").status_code == 405


def test_the_switch_links_come_back_to_the_same_page_without_tracking_parameters(site):
    app, facts = site
    page = app.test_client().get("/claims/?status=false&utm_source=mail", headers=ENGLISH).get_data(as_text=True)
    assert 'href="/language/fr?next=/claims/?status%3Dfalse"' in page
    assert 'aria-current="true">English<' in page


# --- caching per language ---------------------------------------------------------------------------------

def test_pages_are_kept_and_revalidated_per_language(site):
    app, facts = site
    client = app.test_client()
    for path in (f"/claims/{facts['verified']}", f"/articles/{facts['first']}", "/", "/claims/", "/sources/",
                 "/search?q=drones"):
        french, english = client.get(path, headers=FRENCH), client.get(path, headers=ENGLISH)
        assert french.headers["Vary"] == english.headers["Vary"] == "Accept-Language, Cookie", path
        assert french.headers["ETag"] != english.headers["ETag"], path
        assert b'<html lang="fr">' in french.data and b'<html lang="en">' in english.data, path
        # A French copy never revalidates an English one, and the other way round.
        stale = client.get(path, headers={**ENGLISH, "If-None-Match": french.headers["ETag"]})
        assert stale.status_code == 200 and b'<html lang="en">' in stale.data, path
        assert client.get(path, headers={**FRENCH, "If-None-Match": french.headers["ETag"]}).status_code == 304
        # Each reader gets their own language again from the kept pages.
        assert client.get(path, headers=FRENCH).data == french.data
        assert client.get(path, headers=ENGLISH).data == english.data


def test_the_early_answers_keep_a_page_per_language(site):
    app, facts = site
    client = app.test_client()
    into_flask = flask_calls(app)
    path = f"/claims/{facts['verified']}"
    french = client.get(path, headers=FRENCH)
    english = client.get(path, headers=ENGLISH)
    assert into_flask == [path, path]  # each rendered once by the view
    into_flask.clear()
    for _ in range(3):
        assert client.get(path, headers=FRENCH).data == french.data
        assert client.get(path, headers=ENGLISH).data == english.data
        assert client.get(path, headers={"Accept-Language": "fr-CA"}).data == french.data
        assert client.get(path).data == english.data  # no Accept-Language: the default, English
    assert into_flask == []  # all answered before Flask, each in its reader's language
    again = client.get(path, headers={**FRENCH, "If-None-Match": french.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Vary"] == "Accept-Language, Cookie"
    assert into_flask == []
    # An English reader holding the French copy: not current for them, so the view answers (from the kept page).
    assert client.get(path, headers={**ENGLISH, "If-None-Match": french.headers["ETag"]}).data == english.data
    into_flask.clear()
    switched = app.test_client()
    switched.set_cookie("lang", "fr")  # a cookie: the view answers, from the same kept French page
    assert switched.get(path, headers=ENGLISH).data == french.data and into_flask == [path]
    assert isinstance(app.wsgi_app.wsgi_app, EarlyAnswers)


def test_the_json_api_is_the_same_in_every_language(site):
    app, facts = site
    client = app.test_client()
    for path in (f"/api/claims/{facts['verified']}", "/api/claims", f"/api/articles/{facts['first']}"):
        french, english = client.get(path, headers=FRENCH), client.get(path, headers=ENGLISH)
        assert french.data == english.data and french.headers["ETag"] == english.headers["ETag"], path
        assert french.headers["Vary"] == "Cookie", path
    assert client.get(f"/api/claims/{facts['verified']}", headers=FRENCH).get_json()["status_label"] == "Verified"
    refused = client.get("/api/claims?limit=0", headers=FRENCH)
    assert refused.status_code == 400 and refused.get_json()["error"].startswith("?limit= must be a whole number")
    assert client.get("/api/nowhere", headers=FRENCH).get_json() == {"error": "This page does not exist."}


# --- dates and numbers ------------------------------------------------------------------------------------

def test_dates_and_numbers_are_written_the_readers_way(site):
    app, _ = site
    with app.test_request_context(headers=FRENCH):
        assert i18n.day("2022-11-19") == "19 novembre 2022"
        assert i18n.day("2022-11") == "novembre 2022" and i18n.day("2022") == "2022"
        assert i18n.day("not a date") == "not a date" and i18n.day(None) == ""
        assert i18n.moment("2022-11-19T10:05:00+00:00") == "19 novembre 2022 à 10:05 UTC"
        assert i18n.number(1000) == "1\u202f000" and i18n.score(0.912) == "0,91"
        assert i18n.status_label("verified") == "Exact" and i18n.word("statistic") == "statistique"
    with app.test_request_context(headers=ENGLISH):
        assert i18n.day("2022-11-19") == "November 19, 2022" and i18n.day("2022-11") == "November 2022"
        assert i18n.moment("2022-11-19T10:05:00+00:00") == "November 19, 2022 at 10:05\u202fAM UTC"
        assert i18n.number(1000) == "1,000" and i18n.score(0.912) == "0.91"


def test_a_refusal_made_in_a_stage_is_shown_in_the_readers_language(site):
    from checker.review.rules import Change, ReviewError, check_change

    app, _ = site
    with pytest.raises(ReviewError) as refused:
        check_change("unreviewed", Change("verified", "x" * 20, 1), max_note_chars=10)
    assert str(refused.value) == "The note is 20 characters long; the limit is 10."  # the CLI's and the API's
    with app.test_request_context(headers=FRENCH):
        assert i18n.translate(i18n.said(refused.value)) == "La note compte 20 caractères\u202f; la limite est de 10."


def test_a_counted_message_from_a_stage_takes_the_french_plural(site):
    from checker.sources.textdiff import summary

    app, _ = site
    said = summary({"reworded": 2, "added": 1, "removed": 0})
    assert said == "2 sentences reworded, 1 sentence added"  # the CLI's and the JSON's
    with app.test_request_context(headers=FRENCH):
        assert i18n.translate(said) == "2 phrases reformulées, 1 phrase ajoutée"
        assert i18n.translate(summary({"reworded": 0, "added": 0, "removed": 1200})) == "1\u202f200 phrases supprimées"


def test_numbers_in_a_stage_message_are_written_in_the_readers_locale(site):
    from checker.claims import sentences

    app, _ = site
    [first, *_rest] = sentences.segment("word, " * 2500, "en", max_chars=2000)
    assert first.note.startswith("part 1 of 8 of a 14,999-character sentence, split at clause marks ")
    refused = "the page is 2,500,000 bytes, over the 1,000,000-byte limit"
    with app.test_request_context(headers=FRENCH):
        french = i18n.translate(first.note)
        assert french.startswith("partie 1 sur 8 d’une phrase de 14\u202f999 caractères, coupée sur les signes de ")
        assert "de plus de 2\u202f000 caractères" in french
        from checker.sources.http import FetchError
        from checker.text.messages import N_, Listing, Number
        error = FetchError("https://example.org/", N_("the page is %(size)s bytes, over the %(limit)s-byte limit",
                                                      size=Number(2_500_000), limit=Number(1_000_000)))
        assert error.reason == refused
        assert i18n.translate(error.reason) == "la page fait 2\u202f500\u202f000 octets, au-delà de la limite de " \
            "1\u202f000\u202f000 octets"
        assert i18n.translate(N_("could not connect within %(seconds)s s", seconds=Number(2.5, "g"))) == \
            "connexion impossible en 2,5\u00a0s"
        pairs = N_("words: %(pairs)s", pairs=Listing(["fournis ↔ supplied", "Pologne ↔ Poland"]))
        assert i18n.translate(pairs) == "mots\u00a0: fournis ↔ supplied\u202f; Pologne ↔ Poland"
        # A figure shown with two decimals in English keeps them in French, trailing zero included.
        assert i18n.translate(N_("close in meaning: %(similarity)s", similarity=Number(0.8, ".2f"))) == \
            "proche par le sens\u00a0: 0,80"


# --- every page, in both languages ------------------------------------------------------------------------

def public_pages(facts) -> list[str]:
    return ["/", f"/articles/{facts['first']}", f"/articles/{facts['second']}", f"/claims/{facts['verified']}",
            f"/claims/{facts['false']}", f"/claims/{facts['in_review']}", "/claims/", "/claims/?status=reviewed",
            "/sources/", "/sources/washington-post", "/search", "/search?q=drones", "/search?q=zzzzqqq",
            f"/archive/{facts['snapshot']}", "/login"]


def test_every_public_page_in_french_leaves_no_english_message(site):
    app, facts = site
    client = app.test_client()
    for path in public_pages(facts):
        page = client.get(path, headers=FRENCH)
        assert page.status_code == 200, path
        html = page.get_data(as_text=True)
        assert '<html lang="fr">' in html, path
        assert english_left(html) == [], path
        english = client.get(path, headers=ENGLISH).get_data(as_text=True)
        assert '<html lang="en">' in english, path


def test_the_article_keeps_its_own_language_on_a_page_in_another(site):
    app, facts = site
    page = app.test_client().get(f"/articles/{facts['first']}", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="en">' in page and 'class="article-text" lang="fr"' in page
    assert re.search(r'<h1 lang="fr">', page)
    assert '<span class="hl-label" lang="en">' in page  # the status labels speak the page's language
    claim = app.test_client().get(f"/claims/{facts['verified']}", headers=ENGLISH).get_data(as_text=True)
    assert '<blockquote class="sentence" lang="fr">' in claim
    listing = app.test_client().get("/claims/", headers=FRENCH).get_data(as_text=True)
    assert f'<a href="/claims/{facts["verified"]}" lang="fr">' in listing


def test_dates_counts_and_statuses_on_french_pages(site):
    app, facts = site
    client = app.test_client()
    article = client.get(f"/articles/{facts['first']}", headers=FRENCH).get_data(as_text=True)
    assert "19 novembre 2022" in article and "Exact" in article and "Comment lire le surlignage" in article
    claim = client.get(f"/claims/{facts['verified']}", headers=FRENCH).get_data(as_text=True)
    assert "Statut\u00a0:" in claim and ">Exact<" in claim and "Historique" in claim
    assert re.search(r"\d{1,2} novembre 2022 à \d\d:\d\d UTC|\d{4} à \d\d:\d\d UTC", claim)  # history times
    assert "prise le 20 novembre 2022" in claim  # the archived copy's date
    english = client.get(f"/claims/{facts['verified']}", headers=ENGLISH).get_data(as_text=True)
    assert "Status:" in english and ">Verified<" in english and "taken November 20, 2022" in english
    search = client.get("/search?q=drones", headers=FRENCH).get_data(as_text=True)
    assert "<title>«\u202fdrones\u202f» · Rechercher · Claim Tracker</title>" in search


def test_error_pages_in_french(site):
    app, _ = site
    client = app.test_client()
    for path, code, said in (("/nowhere", 404, "Cette page n’existe pas."),
                             ("/claims/?status=nonsense", 400, "?status=nonsense n’est pas accepté"),
                             ("/claims/abc", 400, "n’est pas un identifiant"),
                             ("/claims/?page=2", 400, "n’est pas un paramètre de cette page"),
                             ("/review/", 302, None)):
        answer = client.get(path, headers=FRENCH)
        assert answer.status_code == code, path
        if said:
            html = answer.get_data(as_text=True)
            assert said in html and '<html lang="fr">' in html and english_left(html) == [], path
            assert answer.headers["Vary"] == "Accept-Language, Cookie"
    expired = client.post("/login", data={"username": "x", "password": "y"}, headers=FRENCH)
    assert expired.status_code == 400 and "jeton CSRF absent ou périmé" in expired.get_data(as_text=True)


def test_the_reviewer_side_in_french_flashes_labels_and_refusals(app):
    client = app.test_client()
    login_page = client.get("/login", headers=FRENCH).get_data(as_text=True)
    assert "Connexion des vérificateurs" in login_page and english_left(login_page) == []
    wrong = client.post("/login", headers=FRENCH, data={"username": "bob", "password": "nope",
                                                         "csrf_token": token_on(client, "/login")})
    assert wrong.status_code == 401 and "Nom d’utilisateur ou mot de passe incorrect" in wrong.get_data(as_text=True)
    assert login(client, "alice").status_code == 302
    from tests.support.articles import first_claim, load_article
    claim = first_claim(app, load_article(app))
    for path in ("/review/", f"/review/claims/{claim['id']}", "/review/reviewers", "/review/account"):
        html = client.get(path, headers=FRENCH).get_data(as_text=True)
        assert '<html lang="fr">' in html and english_left(html) == [], path
    queue = client.get("/review/", headers=FRENCH).get_data(as_text=True)
    assert "File de vérification" in queue and "Non vérifié" in queue
    token = token_on(client, f"/review/claims/{claim['id']}")
    refused = client.post(f"/review/claims/{claim['id']}/status", headers=FRENCH,
                          data={"status": "false", "note": "", "version": "1", "csrf_token": token})
    assert refused.status_code == 400
    assert "Un verdict («\u202fFaux\u202f») doit être justifié" in refused.get_data(as_text=True)
    saved = client.post(f"/review/claims/{claim['id']}/status", headers=FRENCH, follow_redirects=True,
                        data={"status": "false", "note": "Compté deux fois.", "version": "1", "csrf_token": token})
    page = saved.get_data(as_text=True)
    assert "Enregistré\u00a0: l’affirmation est maintenant «\u202fFaux\u202f»." in page and english_left(page) == []
    stale = client.post(f"/review/claims/{claim['id']}/status", headers=FRENCH,
                        data={"status": "verified", "note": "Non.", "version": "1", "csrf_token": token})
    assert stale.status_code == 409 and "Quelqu’un d’autre a modifié cette affirmation" in stale.get_data(as_text=True)
    as_json = client.post(f"/review/claims/{claim['id']}/status", headers={**FRENCH, "Accept": "application/json"},
                          data={"status": "verified", "note": "Non.", "version": "1", "csrf_token": token})
    assert as_json.status_code == 409 and as_json.get_json()["error"].startswith("Someone else changed this claim")
    logged_out = client.post("/logout", headers=FRENCH, follow_redirects=True,
                             data={"csrf_token": token_on(client, "/logout")})
    assert "Vous êtes déconnecté." in logged_out.get_data(as_text=True)


def french_page(client, path: str) -> str:
    """A page as a French reader gets it, checked to be French with no English message left."""
    answer = client.get(path, headers=FRENCH)
    assert answer.status_code == 200, path
    html = answer.get_data(as_text=True)
    assert '<html lang="fr">' in html and english_left(html) == [], path
    return html


def desc_of(html: str, cid: str) -> str:
    return re.search(rf'<desc id="{cid}-desc">(.*?)</desc>', html, re.S).group(1)


def test_the_scorecards_in_french_leave_no_english_message(tmp_path):
    """Speaker page, a source page with its chart, the claim index with its status bar, the sources list with
    the names cited, and a source with no verdict yet: French words, French months and numbers, French status
    names in the charts' text alternatives, legends and tables."""
    app, _ = build_scorecard_site(tmp_path)
    client = app.test_client()
    for path in (f"/speakers/{STOLTENBERG}", "/sources/washington-post", "/claims/", "/sources/",
                 "/sources/lloyd-austin", "/claims/?from=1990&to=1990"):
        french_page(client, path)
    speaker = french_page(client, f"/speakers/{STOLTENBERG}")
    assert "Verdicts par mois, de sept. 2022 à janv. 2023" in speaker
    assert desc_of(speaker, "scorecard") == ("sept. 2022\u00a0: 1 Faux. janv. 2023\u00a0: 1 Exact. Autres mois\u00a0: "
                                             "aucun. Mois inconnu\u00a0: 1 Invérifiable.")
    assert '<th scope="row">Mois inconnu</th>' in speaker and '<th scope="row">Ensemble</th>' in speaker
    assert '<th scope="col">Invérifiable</th>' in speaker and "Mois de publication de l’affirmation" in speaker
    source = french_page(client, "/sources/washington-post")
    assert "nov. 2022\u00a0: 1 Contesté." in desc_of(source, "scorecard")
    assert "<title>nov. 2022\u00a0: 1 Contesté</title>" in source  # a bar's own tooltip
    index = french_page(client, "/claims/")
    assert desc_of(index, "status-bar").endswith("\u202f; 7 au total.") and "Affirmations par statut" in index
    assert 'Exact\u00a0: <span class="legend-count">' in index
    assert "Également cités par leur nom" in french_page(client, "/sources/")
    assert "Aucun verdict pour l’instant sur une affirmation attribuée à Lloyd Austin." in french_page(
        client, "/sources/lloyd-austin")
    assert "Aucune affirmation à compter." in french_page(client, "/claims/?from=1990&to=1990")
    # The same charts for an English reader keep their English words.
    english = client.get(f"/speakers/{STOLTENBERG}", headers=ENGLISH).get_data(as_text=True)
    assert desc_of(english, "scorecard").startswith("Sep 2022: 1 False. Jan 2023: 1 Verified.")


@pytest.fixture
def changed_source(tmp_path, httpserver):
    """(app, facts): a claim whose accepted evidence came from a page `flask recheck` then found edited."""
    app = recheck_app(tmp_path)
    add_reviewer(app, "bob")
    site = Site(httpserver)
    done = archive_as_evidence(app, site)
    site.body, site.etag = page(CORRECTED, SECOND), '"v2"'
    [checked] = run(app)["checked"]
    return app, {**done, "site": site, "checked": checked}


def test_a_source_edited_after_the_verdict_in_french_for_readers_and_reviewers(changed_source):
    app, facts = changed_source
    assert facts["checked"]["reason"] == "the main text changed: 1 sentence reworded"  # the CLI's JSON: English
    claim = french_page(app.test_client(), f"/claims/{facts['claim_id']}")
    assert re.search(r"a été modifiée le <time datetime=\"[\d-]+\">\d{1,2} \w+ \d{4}</time>, après ce verdict\.", claim)
    reviewer = app.test_client()
    login(reviewer, "bob")
    change = french_page(reviewer, f"/review/source-changes/{facts['checked']['change_id']}")
    assert "La source a été modifiée" in change and "le texte principal a changé\u00a0: 1 phrase reformulée" in change
    assert "<del>Barré</del>\u00a0: ne figure plus sur la page." in change
    queue = french_page(reviewer, "/review/?changed=1&scope=all")
    assert f'href="/review/claims/{facts["claim_id"]}"' in queue and "preuve modifiée" in queue
    workspace = french_page(reviewer, f"/review/claims/{facts['claim_id']}")
    assert "Preuves acceptées modifiées" in workspace and "le passage accepté n’y figure plus tel quel." in workspace


def test_a_source_removed_after_the_verdict_in_french(tmp_path, httpserver):
    app = recheck_app(tmp_path)
    add_reviewer(app, "bob")
    site = Site(httpserver)
    done = archive_as_evidence(app, site)
    site.status, site.etag = 410, None
    [checked] = run(app)["checked"]
    assert checked["reason"] == "the server answered 410"
    claim = french_page(app.test_client(), f"/claims/{done['claim_id']}")
    assert "a été retirée après ce verdict (disparition constatée le <time" in claim
    reviewer = app.test_client()
    login(reviewer, "bob")
    change = french_page(reviewer, f"/review/source-changes/{checked['change_id']}")
    assert "La source a été retirée" in change and "le serveur a répondu 410" in change
    workspace = french_page(reviewer, f"/review/claims/{done['claim_id']}")
    assert "La page a été retirée (constaté le <time" in workspace and "le serveur a répondu 410." in workspace


def test_the_static_export_is_in_english_without_the_switch(site, tmp_path):
    from checker.public.freeze import freeze

    app, _ = site
    freeze(app, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and "/language/" not in index and "Claims by status" in index
    assert not (tmp_path / "site" / "language").exists()
