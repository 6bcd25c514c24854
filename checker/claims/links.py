"""An HTML article's outbound links: where each sits in the stored text, and which may be a citation.

`classify(url, page_url, rel, context)` tells a link that may cite a report ("citation") from the article's own
site ("internal": its navigation, tags, related stories), a share button ("share") and an advertisement
("ad"). `claim_of(link, claims, text)` says which claim a citation belongs to: the sentence it sits in, or the
sentence it follows in the same paragraph ("… a rapporté le Post [lien]"). Pure functions; ingest.py reads
the links from the page, the sources stage turns citations into fetches.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from checker.config import Config

KINDS = ("citation", "internal", "share", "ad")

# Share buttons: the sharing endpoints of social networks and messengers.
SHARE_URL = re.compile(
    r"^https?://(?:[\w-]+\.)*(?:"
    r"facebook\.com/(?:sharer|share|dialog/(?:share|feed))|(?:twitter|x)\.com/(?:intent|share)"
    r"|linkedin\.com/(?:shareArticle|sharing|cws/share)|reddit\.com/submit|pinterest\.[a-z.]+/pin/create"
    r"|whatsapp\.com/send|wa\.me/|t\.me/share|telegram\.me/share|bsky\.app/intent|tumblr\.com/share"
    r"|news\.ycombinator\.com/submitlink|flipboard\.com/bookmarklet|getpocket\.com/(?:save|edit)"
    r"|mail\.google\.com/mail/\?.*\bview=cm|threads\.net/intent)", re.I)
# Advertising and sponsored-content networks: a link there is an advertisement wherever it stands.
AD_HOSTS = ("doubleclick.net", "googleadservices.com", "googlesyndication.com", "adnxs.com", "taboola.com",
            "outbrain.com", "criteo.com", "amazon-adsystem.com", "adform.net", "smartadserver.com")
# Class or id words of the blocks holding share buttons, advertisements and site navigation.
SHARE_MARKS = frozenset({"share", "shares", "sharing", "social", "partage", "partager", "sharebar", "share-bar"})
AD_MARKS = frozenset({"ad", "ads", "advert", "advertisement", "advertising", "sponsor", "sponsored", "promo",
                      "pub", "publicite", "publicité", "dfp", "outbrain", "taboola", "commercial"})
NAV_MARKS = frozenset({"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "tags", "tag-list",
                       "pagination", "related", "read-more", "lire-aussi", "a-lire", "sur-le-meme-sujet",
                       "footer", "header", "sidebar", "newsletter", "subscribe", "abonnement"})
MARK_WORDS = re.compile(r"[\w-]+")
# Second-level suffixes under which a site's own name is the third label (bbc.co.uk, interieur.gouv.fr).
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "gouv", "ac", "edu", "gc", "qc", "govt", "nhs"})


def site_of(host: str) -> str:
    """The site a host belongs to: its last two labels (www.lemonde.fr → lemonde.fr), three under a
    second-level suffix (news.bbc.co.uk → bbc.co.uk); an address with a port is its own site."""
    host = host.lower().rsplit("@", 1)[-1]
    if ":" in host or re.fullmatch(r"[\d.]+", host):
        return host
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def marks_of(attribute_values: list[str]) -> set[str]:
    """The class and id words of a link's ancestors, small letters, split on spaces ("share-bar" kept whole,
    and its parts too)."""
    words: set[str] = set()
    for value in attribute_values:
        for word in MARK_WORDS.findall(value.lower()):
            words.add(word)
            words.update(part for part in word.split("-") if part)
    return words


def classify(url: str, page_url: str | None, rel: str = "", marks: set[str] | frozenset = frozenset()) -> str:
    """One of KINDS for a link (an absolute http(s) address) found on the page at `page_url`."""
    if SHARE_URL.match(url) or marks & SHARE_MARKS:
        return "share"
    host = (urlsplit(url).netloc or "").lower()
    if "sponsored" in rel.lower().split() or marks & AD_MARKS or any(
            host == ad or host.endswith("." + ad) for ad in AD_HOSTS):
        return "ad"
    page_host = (urlsplit(page_url).netloc or "").lower() if page_url else ""
    if page_host and site_of(host) == site_of(page_host):
        return "internal"
    if marks & NAV_MARKS:
        return "internal"
    return "citation"


def claim_of(link: dict, claims: list[dict], text: str, after: int = Config.CITED_LINK_AFTER_CHARS) -> dict | None:
    """The claim a link cites: the sentence it sits in, else the one it follows closely in the same paragraph
    (at most `after` characters later, nothing but the link's own line in between)."""
    start, end = link["start"], link["end"]
    for claim in claims:
        if claim["start"] < end and start < claim["end"]:
            return claim
    before = [c for c in claims if c["end"] <= start]
    if not before:
        return None
    claim = max(before, key=lambda c: c["end"])
    gap = text[claim["end"]:start]
    if len(gap) <= after and "\n" not in gap:
        return claim
    return None
