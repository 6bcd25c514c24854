"""What a fetched page says about itself, before any extraction: its character encoding, its JSON-LD
objects, and whether it is a paywall or consent wall rather than the article.

Pure functions of the page's bytes or text; the fetcher (http.py) and the extractor (extract.py) both use them.
"""
from __future__ import annotations

import codecs
import json
import re

import charset_normalizer

from checker.text.messages import N_

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)


def _usable_codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def charset_of(body: bytes, content_type: str = "") -> str:
    """The body's encoding: BOM, then the header's declared charset, then <meta>, then detection.

    Never ISO-8859-1 merely because the header said text/html without a charset (requests' default).
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    declared = HEADER_CHARSET.search(content_type or "")
    codec = _usable_codec(declared.group(1)) if declared else None
    if codec:
        return codec
    meta = META_CHARSET.search(body[:4096])
    codec = _usable_codec(meta.group(1)) if meta else None
    if codec:
        return codec
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    return best.encoding if best is not None else "utf-8"


def decode_body(body: bytes, content_type: str = "") -> str:
    return body.decode(charset_of(body, content_type), errors="replace")


# (words, pattern, reason): a marker is looked for only in pages that hold one of its words (lower-cased, a
# plain substring search), and the pattern, when there is one, then says whether it is really there.
WALL_MARKERS = (
    (("paywall", "subscriber-only", "piano-offer", "meter-wall", "regwall"),
     re.compile(r"""class=["'][^"']*\b(paywall|subscriber-only|piano-offer|meter-wall|regwall)\b""", re.I),
     N_("the page is behind a paywall")),
    (("subscribe to continue reading", "already a subscriber?", "abonnez-vous pour lire la suite",
      "réservé aux abonnés"), None, N_("the page is behind a paywall")),
    (("consent-wall", "cookie-wall", "consent-page", "gdpr-wall"),
     re.compile(r"""(id|class)=["'][^"']*\b(consent-wall|cookie-wall|consent-page|gdpr-wall)\b""", re.I),
     N_("the page is a cookie-consent wall, not the article")),
)
JSON_LD = re.compile(r"""<script[^>]+type=["']application/ld\+json["'][^>]*>(.*?)</script>""", re.I | re.S)


def json_ld_objects(html: str) -> list[dict]:
    """Every JSON-LD object on the page, @graph members included; broken blocks are skipped."""
    return json_ld_in_blocks(JSON_LD.findall(html))


def json_ld_in_blocks(blocks) -> list[dict]:
    """Every JSON-LD object in these script bodies, @graph members included; broken blocks are skipped."""
    found: list[dict] = []
    for block in blocks:
        try:
            data = json.loads((block or "").strip())
        except json.JSONDecodeError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                stack.extend(g for g in (graph if isinstance(graph, list) else []) if isinstance(g, dict))
    return found


def wall_reason(html: str, status: int = 200, ld_objects: list[dict] | None = None) -> str | None:
    """Why this page is a paywall or consent wall rather than the article, or None. `ld_objects`: the page's
    JSON-LD objects when the caller has already read them."""
    if status == 402:
        return N_("the server answered 402 Payment Required (paywall)")
    for item in json_ld_objects(html) if ld_objects is None else ld_objects:
        free = item.get("isAccessibleForFree")
        if free is False or (isinstance(free, str) and free.strip().lower() == "false"):
            return N_("the page says it is not free to read (JSON-LD isAccessibleForFree: false)")
    lowered = html.lower()
    for words, pattern, reason in WALL_MARKERS:
        if any(word in lowered for word in words) and (pattern is None or pattern.search(html)):
            return reason
    return None
