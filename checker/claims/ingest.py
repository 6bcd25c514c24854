"""Text, file, URL or stdin → an article ready to store: decoded text, language, date, content hash.

`prepare` is pure (bytes in, plain data out); `read_path`, `read_url` and `read_stdin` get the bytes;
`ingest` runs the steps and hands the result to the store in one transaction.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import requests
from bs4 import BeautifulSoup

from checker.claims import dates, learned, pipeline
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


def read_url(url: str, max_bytes: int, timeout: tuple[float, float], user_agent: str) -> RawInput:
    """Download an article page, stopping at `max_bytes`."""
    if not url.lower().startswith(("http://", "https://")):
        raise IngestError(f"{url}: only http and https addresses can be ingested")
    try:
        with requests.get(url, stream=True, timeout=timeout, headers={"User-Agent": user_agent}) as response:
            if response.status_code >= 400:
                raise IngestError(f"{url}: the server answered {response.status_code} {response.reason}")
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise IngestError(f"{url}: page is over the {max_bytes:,}-byte limit (CHECKER_MAX_ARTICLE_BYTES)")
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "")
    except requests.Timeout:
        raise IngestError(f"{url}: the server did not answer in time") from None
    except requests.ConnectionError:
        raise IngestError(f"{url}: could not connect (is the address right, and is the network up?)") from None
    except requests.RequestException as error:
        raise IngestError(f"{url}: could not be downloaded ({type(error).__name__})") from None
    data = b"".join(chunks)
    return RawInput(data, url, "html" in content_type.lower() or bool(HTML_SNIFF.match(data)))


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


def html_to_text(html: str) -> tuple[str, str | None]:
    """A page → (its readable text, one block per paragraph, and its title)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer", "aside", "form"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    root = soup.find("article") or soup.body or soup
    blocks = [" ".join(el.get_text(" ", strip=True).split()) for el in root.find_all(BLOCK_TAGS)]
    blocks = [b for b in blocks if b]
    if not blocks:
        blocks = [line.strip() for line in root.get_text("\n").splitlines() if line.strip()]
    return "\n\n".join(blocks), title or None


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
    html_title = None
    if raw.is_html:
        text, html_title = html_to_text(text)
    text, marker = take_date_marker(normalise(text))
    text = text.strip()
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
    return Prepared(article, extraction.claims, extraction.skipped)


def ingest(db, raw: RawInput, registry: Registry, lang: str | None = None,
           date: str | None = None, threshold: float = Config.CHECKWORTHY_THRESHOLD,
           model_dir: Path = learned.MODEL_DIR) -> tuple[int, bool]:
    """Prepare and store one article. Returns (article id, created)."""
    prepared = prepare(raw, registry, lang, date, threshold, model_dir)
    existing = claims_store.article_id_by_hash(db, prepared.article["content_hash"])
    if existing is not None:
        return existing, False
    return claims_store.save_article(db, prepared.article, prepared.claims, prepared.skipped)


def batch_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in INGESTIBLE_SUFFIXES)
