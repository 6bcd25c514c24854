"""Text, file, URL or stdin → an article ready to store: decoded text, language, date, content hash, and for
an HTML page its outbound links with their anchor text and their offsets in the stored text.

`prepare` is pure (bytes in, plain data out); `read_path` and `read_stdin` get the bytes, `page_input` takes
those of a page fetched by the caller;
`ingest` runs the steps and hands the result to the store in one transaction.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import charset_normalizer
from bs4 import BeautifulSoup, CData, NavigableString, Tag

from checker.claims import dates, learned, links, pipeline
from checker.claims import store as claims_store
from checker.claims.registry import Registry
from checker.config import Config
from checker.text import language

INGESTIBLE_SUFFIXES = (".txt", ".html", ".htm")
BINARY_CONTROL_RATIO = 0.02  # share of control characters above which bytes are not text
HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<p[\s>])", re.IGNORECASE)
BLOCK_TAGS = ("h1", "h2", "h3", "h4", "p", "li", "blockquote")
# Unicode category Cc is exactly these two ranges; newline and tab are kept as layout.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class IngestError(Exception):
    """A problem with the input, phrased for the person who gave it."""


@dataclass(frozen=True)
class RawInput:
    data: bytes
    origin: str  # path, URL or "stdin"
    is_html: bool = False


@dataclass
class Prepared:
    article: dict
    claims: list[dict]
    skipped: list[dict]
    links: list[dict] = field(default_factory=list)  # {"url", "anchor", "start", "end", "kind"}


@dataclass
class Page:
    """An HTML article read: its text (one block per paragraph), title, own address and outbound links."""
    text: str
    title: str | None
    url: str | None
    links: list[dict] = field(default_factory=list)


# --- reading ----------------------------------------------------------------------------------

def read_path(path: Path, max_bytes: int) -> RawInput:
    if not path.exists():
        raise IngestError(f"{path}: no such file or directory")
    if path.is_dir():
        raise IngestError(f"{path}: is a directory (ingest it as a batch instead)")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"{path}: file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                              "(CHECKER_MAX_ARTICLE_BYTES)")
        data = path.read_bytes()
    except PermissionError:
        raise IngestError(f"{path}: permission denied") from None
    except OSError as error:
        raise IngestError(f"{path}: cannot be read ({error.strerror or error})") from None
    return RawInput(data, str(path), path.suffix.lower() in (".html", ".htm") or bool(HTML_SNIFF.match(data)))


def read_stdin(stream, max_bytes: int) -> RawInput:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(f"stdin: input is over the {max_bytes:,}-byte limit (CHECKER_MAX_ARTICLE_BYTES)")
    return RawInput(data, "stdin", bool(HTML_SNIFF.match(data)))


def page_input(url: str, status: int, content_type: str, body: bytes, max_bytes: int) -> RawInput:
    """A downloaded article page (the caller fetches it: checker.cli.fetch_page) as
    ingest input: an error status or an oversized body is refused in words."""
    if status >= 400:
        raise IngestError(f"{url}: the server answered {status}")
    if len(body) > max_bytes:
        raise IngestError(f"{url}: page is over the {max_bytes:,}-byte limit (CHECKER_MAX_ARTICLE_BYTES)")
    return RawInput(body, url, "html" in content_type.lower() or bool(HTML_SNIFF.match(body)))


def is_url(spec: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", spec))


# --- decoding and cleaning --------------------------------------------------------------------

def decode(data: bytes, origin: str) -> str:
    """Bytes → text: UTF-8 (with or without BOM) first, else the detected encoding; never refuse text."""
    if not data.strip():
        raise IngestError(f"{origin}: the input is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{origin}: this looks like a binary file, not text or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise IngestError(f"{origin}: this looks like a binary file, not text or HTML") from None
        text = str(best)
    sniffed = Config.INGEST_SNIFF_CHARS
    controls = (len(CONTROL_CHARS.findall(text, 0, sniffed))
                - text.count("\r", 0, sniffed) - text.count("\f", 0, sniffed))
    if controls > BINARY_CONTROL_RATIO * min(len(text), sniffed):
        raise IngestError(f"{origin}: this looks like a binary file, not text or HTML")
    return text


SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)


def _page_url(soup: BeautifulSoup, html: str, fetched_from: str | None) -> str | None:
    """The page's own address: <link rel=canonical>, og:url, a browser's "saved from" note, else where it
    was fetched from (http and https only)."""
    found = []
    canonical = soup.find("link", rel="canonical", href=True)
    if canonical:
        found.append(canonical["href"])
    og = soup.find("meta", property="og:url", content=True)
    if og:
        found.append(og["content"])
    saved = SAVED_FROM.search(html[:4096])
    if saved:
        found.append(saved.group(1))
    if fetched_from:
        found.append(fetched_from)
    for candidate in found:
        absolute = urljoin(fetched_from or "", candidate.strip())
        if absolute.lower().startswith(("http://", "https://")):
            return absolute
    return None


def _link_of(string: NavigableString, block: Tag) -> Tag | None:
    """The <a href> holding this piece of text inside the block, if any."""
    for parent in string.parents:
        if parent is block:
            return None
        if parent.name == "a" and parent.get("href"):
            return parent
    return None


def _marks(anchor: Tag, root: Tag) -> set[str]:
    """The class and id words of the link and its ancestors up to the article's root."""
    values = []
    for element in [anchor, *anchor.parents]:
        if not isinstance(element, Tag):
            continue
        values += list(element.get("class") or []) + [element.get("id") or ""]
        if element is root:
            break
    return links.marks_of(values)


def _block_text(block: Tag) -> tuple[str, list[tuple[Tag, int, int]]]:
    """The block's text, as `" ".join(block.get_text(" ", strip=True).split())` gives it, with where each
    link's text sits in it (offsets into the block's text)."""
    pieces: list[str] = []
    spans: dict[int, list] = {}
    size = 0
    for string in block.descendants:
        if type(string) not in (NavigableString, CData):
            continue
        piece = " ".join(string.split())
        if not piece:
            continue
        piece = _clean(piece)
        if not piece:
            continue
        start = size + (1 if pieces else 0)
        pieces.append(piece)
        size = start + len(piece)
        anchor = _link_of(string, block)
        if anchor is not None:
            span = spans.setdefault(id(anchor), [anchor, start, size])
            span[2] = size
    return " ".join(pieces), [tuple(span) for span in spans.values()]


def read_html(html: str, fetched_from: str | None = None) -> Page:
    """A page → its text (one block per paragraph), title, own address and outbound links (absolute http(s)
    addresses, each with its anchor text, its offsets in the text and its kind: citation, internal, share
    or ad; see checker/claims/links.py)."""
    soup = BeautifulSoup(html, "html.parser")
    page_url = _page_url(soup, html, fetched_from)
    base = soup.find("base", href=True)
    base_url = urljoin(page_url or "", base["href"]) if base else page_url
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer", "aside", "form"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    root = soup.find("article") or soup.body or soup
    blocks, found_links, size = [], [], 0
    for element in root.find_all(BLOCK_TAGS):
        text, spans = _block_text(element)
        if not text:
            continue
        start = size + (2 if blocks else 0)
        blocks.append(text)
        size = start + len(text)
        for anchor, link_start, link_end in spans:
            url = _absolute(anchor["href"], base_url)
            if url is None or (page_url and url.split("#")[0] == page_url.split("#")[0]):
                continue
            found_links.append({
                "url": url, "anchor": text[link_start:link_end], "start": start + link_start,
                "end": start + link_end,
                "kind": links.classify(url, page_url, " ".join(anchor.get("rel") or []), _marks(anchor, root))})
    if not blocks:
        blocks = [line.strip() for line in root.get_text("\n").splitlines() if line.strip()]
        found_links = []
    return Page("\n\n".join(blocks), title or None, page_url, found_links)


def _absolute(href: str, base_url: str | None) -> str | None:
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    url = urljoin(base_url or "", href)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _clean(text: str) -> str:
    """What `normalise` does, piece by piece, so offsets found while reading a page hold in the stored text."""
    return CONTROL_CHARS.sub("", unicodedata.normalize("NFC", text))


def _relocate(found_links: list[dict], before: str, after: str) -> list[dict]:
    """The links' offsets in `after`, the text once its date marker is taken out and it is stripped (only the
    first line changes length): shifted, checked against the anchor, else looked for nearby; a link whose
    anchor is no longer there is dropped."""
    shift = len(before) - len(after)
    kept = []
    for link in found_links:
        start = link["start"] - shift
        if after[start:start + len(link["anchor"])] != link["anchor"]:
            nearby = after.find(link["anchor"], max(0, start - 200))
            if nearby < 0:
                continue
            start = nearby
        kept.append({**link, "start": start, "end": start + len(link["anchor"])})
    return kept


def normalise(text: str) -> str:
    """One newline convention and NFC, so the same article always hashes the same."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    # Control characters other than newlines and tabs carry no meaning in an article.
    return CONTROL_CHARS.sub("", text)


def take_date_marker(text: str) -> tuple[str, dates.ArticleDate | None]:
    """Remove a `date YYYY-MM[-DD]` marker from the first line, wherever on it, and parse it."""
    first_end = text.find("\n")
    first_line = text if first_end == -1 else text[:first_end]
    match = dates.MARKER.search(first_line)
    if not match:
        return text, None
    try:
        marker = dates.parse(match.group(0).split(None, 1)[1], certainty="marker")
    except ValueError:
        return text, None
    rest = first_line[:match.start()].rstrip() + " " + first_line[match.end():].lstrip()
    return rest.strip() + text[len(first_line):], marker


def title_from(text: str, first_sentence: str | None) -> str:
    candidate = (first_sentence or text.strip().split("\n", 1)[0]).strip()
    if len(candidate) <= Config.TITLE_MAX_CHARS:
        return candidate
    cut = candidate[:Config.TITLE_MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


# --- the step ---------------------------------------------------------------------------------

def prepare(raw: RawInput, registry: Registry, lang: str | None = None,
            date: str | None = None, threshold: float = Config.CHECKWORTHY_THRESHOLD,
            model_dir: Path = learned.MODEL_DIR) -> Prepared:
    """Decode, clean, date, detect the language and extract claims. Pure: touches no database. `model_dir`
    holds the check-worthiness model (a folder without one: every language keeps the rules)."""
    text = decode(raw.data, raw.origin)
    html_title, found_links = None, []
    if raw.is_html:
        page = read_html(text, raw.origin if is_url(raw.origin) else None)
        text, html_title, found_links = page.text, page.title, page.links
    read = normalise(text)
    text, marker = take_date_marker(read)
    text = text.strip()
    found_links = _relocate(found_links, read, text) if found_links else []
    if not text:
        raise IngestError(f"{raw.origin}: the input has no text once cleaned")

    if lang is not None:
        lang = lang.strip().lower()
        if not language.is_valid_code(lang):
            raise IngestError(f"--lang {lang!r} is not a language code; use two letters such as fr or en")
    else:
        guess = language.detect(text)
        if guess.code is None:
            raise IngestError(f"{raw.origin}: could not tell the language of this text; "
                              "give it with --lang (for example --lang fr)")
        lang = guess.code

    given = None
    if date is not None:
        try:
            given = dates.parse(date, certainty="given")
        except ValueError:
            raise IngestError(f"--date {date!r} is not a date; use YYYY-MM-DD or YYYY-MM") from None
    article_date = given or marker

    extraction = pipeline.extract(text, lang, article_date, registry, threshold, model_dir)
    published = extraction.published
    first = extraction.claims[0]["text"] if extraction.claims else None
    article = {
        "title": html_title or title_from(text, first),
        "language": lang,
        "published": published.value if published else None,
        "published_certainty": published.certainty if published else "unknown",
        "date_note": published.note if published else "no date marker or --date given",
        "text": text,
        "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "origin": raw.origin,
    }
    return Prepared(article, extraction.claims, extraction.skipped, found_links)


def ingest(db, raw: RawInput, registry: Registry, lang: str | None = None,
           date: str | None = None, threshold: float = Config.CHECKWORTHY_THRESHOLD,
           model_dir: Path = learned.MODEL_DIR) -> tuple[int, bool]:
    """Prepare and store one article. Returns (article id, created)."""
    prepared = prepare(raw, registry, lang, date, threshold, model_dir)
    existing = claims_store.article_id_by_hash(db, prepared.article["content_hash"])
    if existing is not None:
        return existing, False
    return claims_store.save_article(db, prepared.article, prepared.claims, prepared.skipped, prepared.links)


def batch_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in INGESTIBLE_SUFFIXES)
