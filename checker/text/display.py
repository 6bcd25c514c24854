"""What pages show of scraped text and claims: plain text without markup, outgoing links that are safe to
follow, the claim's figures and names to highlight in a passage, and the sentence inside its paragraph.

Pure helpers, used by the web views and by the evidence a reviewer adds by hand. Whatever they return is still
escaped when rendered.
"""
from __future__ import annotations

import html
import re

import nh3


def plain_text(scraped: str | None) -> str:
    """Scraped text with any markup removed (script and style bodies included), as plain text.

    The result is still escaped when rendered: this only keeps stray tags from cluttering a passage.
    """
    if not scraped:
        return ""
    if "<" not in scraped:
        return scraped
    return html.unescape(nh3.clean(scraped, tags=set()))


def safe_link(url: str | None) -> str | None:
    """The URL when it may be an outgoing link (http or https only), else None."""
    if not url:
        return None
    candidate = url.strip()
    scheme = candidate.split(":", 1)[0].lower() if ":" in candidate else ""
    return candidate if scheme in ("http", "https") and "//" in candidate[:8] else None


def highlight_terms(claim: dict) -> list[str]:
    """What to highlight in an evidence passage: the claim's figures and names."""
    terms: list[str] = []
    for quantity in claim.get("quantities") or []:
        terms.append(str(quantity.get("text") or ""))
        value = quantity.get("value")
        if isinstance(value, (int, float)):
            terms += number_spellings(value)
    for entity in claim.get("entities") or []:
        terms.append(str(entity.get("text") or ""))
    attribution = claim.get("attribution") or {}
    if attribution.get("source"):
        terms.append(str(attribution["source"]))
    unique = {term.strip() for term in terms if len(term.strip()) >= 2 or term.strip().isdigit()}
    return sorted(unique, key=len, reverse=True)


def number_spellings(value: float) -> list[str]:
    """A number as articles write it: 1000, 1 000, 1,000, 1.000 (and 1 000 with a narrow space)."""
    if float(value) != int(value):
        return [str(value), str(value).replace(".", ",")]
    digits = str(int(value))
    grouped = f"{int(value):,}"
    return [digits, grouped, grouped.replace(",", " "), grouped.replace(",", "\u202f"),
            grouped.replace(",", "\u00a0"), grouped.replace(",", ".")]


def highlight(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """Split text into (piece, matched) pairs, matching the terms case-insensitively on word edges."""
    if not text:
        return []
    if not terms:
        return [(text, False)]
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(term) for term in terms) + r")(?!\w)", re.IGNORECASE)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def sentence_in_paragraph(article_text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, sentence, after) within the sentence's paragraph (one paragraph per line)."""
    line_start = article_text.rfind("\n", 0, start) + 1
    line_end = article_text.find("\n", end)
    if line_end == -1:
        line_end = len(article_text)
    return article_text[line_start:start], article_text[start:end], article_text[end:line_end]
