"""HTML → document: site adapters first, then JSON-LD articleBody, then trafilatura. Pure functions.

A document has a title, a published date, a byline, a canonical URL, a language, its text and its
passages: paragraphs, or in a transcript one passage per speaker turn with the speaker's name.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import trafilatura
from bs4 import BeautifulSoup, Tag

from checker.sources.pages import decode_body, json_ld_objects, wall_reason
from checker.text import language

STANDIN_META = "claim-tracker:standin"
# A transcript label: "SECRETARY AUSTIN:", "MR. RYDER:", "Q:" — capitals, then a colon.
UPPER_LABEL = re.compile(r"^\s*((?:Q|[A-Z][A-Z0-9 .,'’\-]{1,80}?[A-Z.I]))\s*:\s+(.+)$", re.S)
ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                 "WebPage", "Report", "SpeechObject"}


@dataclass
class Passage:
    text: str
    speaker: str | None = None


@dataclass
class Document:
    title: str | None
    text: str
    published: str | None
    author: str | None
    url: str | None
    language: str | None
    passages: list[Passage] = field(default_factory=list)
    layout: str = "generic"
    standin: bool = False
    wall: str | None = None

    def contract(self) -> dict:
        """The `flask extract --json` shape."""
        return {"title": self.title, "text": self.text, "published": self.published, "author": self.author,
                "url": self.url, "language": self.language}

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Layout:
    """Where one site puts its parts; CSS selectors, tried in order."""
    name: str
    hosts: tuple[str, ...]
    signature: str  # present on every page of this layout, for copies served from elsewhere
    title: tuple[str, ...]
    body: tuple[str, ...]
    date: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    transcript_paths: tuple[str, ...] = ()  # URL path pieces that mean "transcript"


LAYOUTS = (
    Layout("washington-post", ("washingtonpost.com",), '[data-qa="headline"], .article-body [data-el="text"]',
           title=('[data-qa="headline"]', "h1"), body=(".article-body",),
           date=('[data-testid="display-date"]', '[data-qa="display-date"]'),
           author=('[data-qa="author-name"]',)),
    Layout("defense.gov", ("defense.gov",), "div.adetail, h1.maintitle",
           title=("h1.maintitle", "h1"), body=("div.body", "div.adetail .content"),
           date=("span.date", "time"), author=("div.byline", "span.author"),
           transcript_paths=("/transcripts/", "/speeches/")),
    Layout("nato.int", ("nato.int",), "div.nato-content, body.natohq",
           title=("div.nato-content h1", "h1"), body=("div.nato-content section.text", "div.nato-content"),
           date=("p.date", "time"), author=(),
           transcript_paths=("/opinions_",)),
)


# ---------------------------------------------------------------------------------------------------
# Metadata shared by every layout
# ---------------------------------------------------------------------------------------------------

def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name}) \
            or soup.find("meta", attrs={"itemprop": name})
        if tag and tag.get("content", "").strip():
            return tag["content"].strip()
    return None


def _first_text(soup: BeautifulSoup, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        tag = soup.select_one(selector)
        if tag is not None:
            if tag.name == "time" and tag.get("datetime"):
                return tag["datetime"].strip()
            text = " ".join(tag.get_text(" ").split())
            if text:
                return text
    return None


def _article_ld(objects: list[dict]) -> dict:
    for item in objects:
        types = item.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if types & ARTICLE_TYPES:
            return item
    return {}


def _ld_author(item: dict) -> str | None:
    author = item.get("author")
    people = author if isinstance(author, list) else [author]
    names = [p.get("name") if isinstance(p, dict) else p for p in people if p]
    names = [n.strip() for n in names if isinstance(n, str) and n.strip()]
    return ", ".join(names) or None


def normalise_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) when one can be read, else the text as found."""
    if not value:
        return None
    match = ISO_DATE.search(value)
    if match:
        return match.group(1)
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        pass
    for pattern in ("%B %d, %Y", "%b. %d, %Y", "%b %d, %Y", "%d %b. %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(" ".join(value.replace("Updated", "").replace("Published", "").split())
                                     .split(" at ")[0].strip(" .|"), pattern).date().isoformat()
        except ValueError:
            continue
    return value.strip()


def _metadata(soup: BeautifulSoup, ld: dict, url: str | None) -> dict:
    canonical = soup.find("link", rel="canonical")
    html = soup.find("html")
    return {
        "title": _meta(soup, "og:title", "twitter:title") or ld.get("headline")
        or (soup.title.get_text(" ", strip=True) if soup.title else None),
        "published": _meta(soup, "article:published_time", "datePublished", "date", "DC.date.issued")
        or ld.get("datePublished") or _first_text(soup, ("time[datetime]",)),
        "author": _meta(soup, "author", "article:author") or _ld_author(ld),
        "url": (canonical.get("href") if canonical and canonical.get("href") else None)
        or _meta(soup, "og:url") or ld.get("url") or url,
        "language": (html.get("lang") if isinstance(html, Tag) and html.get("lang") else None)
        or _meta(soup, "og:locale", "content-language") or ld.get("inLanguage"),
    }


def _clean_language(code: str | None, text: str) -> str | None:
    if code:
        return re.split(r"[-_]", code.strip())[0].lower() or None
    return language.detect(text).code if text else None


# ---------------------------------------------------------------------------------------------------
# Passages
# ---------------------------------------------------------------------------------------------------

def _paragraph_texts(container: Tag) -> list[tuple[str, str | None]]:
    """(text, bold label) for each paragraph; the label is a leading <strong>/<b> ending in a colon."""
    found = []
    for p in container.find_all(["p", "li", "blockquote"]):
        if p.find_parent(["p", "li", "blockquote"]) is not None and p.name != "p":
            continue
        text = " ".join(p.get_text(" ").split())
        if not text:
            continue
        label = None
        first = p.find(["strong", "b"])
        if first is not None:
            bold = " ".join(first.get_text(" ").split())
            if bold.endswith(":") and text.startswith(bold):
                label = bold[:-1].strip()
        found.append((text, label))
    return found


def speaker_turns(paragraphs: list[tuple[str, str | None]]) -> list[Passage]:
    """One passage per speaker turn: a labelled paragraph opens a turn, the unlabelled ones continue it."""
    turns: list[Passage] = []
    for text, label in paragraphs:
        speaker, said = None, text
        if label:
            speaker, said = label, text[len(label) + 1:].strip()
        else:
            match = UPPER_LABEL.match(text)
            if match:
                speaker, said = match.group(1).strip(), match.group(2).strip()
        if speaker:
            turns.append(Passage(said, speaker))
        elif turns:
            turns[-1].text += "\n\n" + text
        else:
            turns.append(Passage(text))
    return turns


def _looks_like_transcript(paragraphs: list[tuple[str, str | None]]) -> bool:
    labelled = sum(1 for text, label in paragraphs if label or UPPER_LABEL.match(text))
    return labelled >= 2


# ---------------------------------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------------------------------

def layout_for(soup: BeautifulSoup, url: str | None) -> Layout | None:
    host = (urlsplit(url).hostname or "") if url else ""
    for layout in LAYOUTS:
        if any(host == h or host.endswith("." + h) for h in layout.hosts):
            return layout
    for layout in LAYOUTS:
        if soup.select_one(layout.signature) is not None:
            return layout
    return None


def _from_layout(soup: BeautifulSoup, layout: Layout, url: str | None) -> tuple[dict, list[Passage]] | None:
    container = next((c for c in (soup.select_one(s) for s in layout.body) if c is not None), None)
    if container is None:
        return None
    paragraphs = _paragraph_texts(container)
    if not paragraphs:
        return None
    path = (urlsplit(url).path.lower() if url else "")
    transcript = any(p in path for p in layout.transcript_paths) or _looks_like_transcript(paragraphs)
    passages = speaker_turns(paragraphs) if transcript else [Passage(text) for text, _ in paragraphs]
    fields = {"title": _first_text(soup, layout.title), "published": _first_text(soup, layout.date),
              "author": _first_text(soup, layout.author)}
    if fields["author"]:
        fields["author"] = re.sub(r"^(by|par)\s+", "", fields["author"], flags=re.I)
    return fields, passages


def _from_json_ld(ld: dict) -> list[Passage] | None:
    body = ld.get("articleBody")
    if not isinstance(body, str) or not body.strip():
        return None
    return [Passage(" ".join(part.split())) for part in re.split(r"\n\s*\n|\n", body) if part.strip()]


def _from_trafilatura(html: str, url: str | None) -> tuple[dict, list[Passage]]:
    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                         include_tables=False)
    if result is None:
        return {}, []
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    passages = [Passage(line.strip()) for line in text.split("\n") if line.strip()]
    if passages and data.get("title") and passages[0].text == data["title"]:
        passages = passages[1:]
    return {"title": data.get("title"), "published": data.get("date"), "author": data.get("author")}, passages


def extract(html: str | bytes, url: str | None = None) -> Document:
    """Extract the document from a page. `url` picks the site adapter and fills a missing canonical URL."""
    if isinstance(html, bytes):
        html = decode_body(html)
    soup = BeautifulSoup(html, "lxml")
    ld = _article_ld(json_ld_objects(html))
    meta = _metadata(soup, ld, url)
    layout = layout_for(soup, url)
    found = _from_layout(soup, layout, url) if layout else None
    name = layout.name if found else "generic"
    if found is None:
        passages = _from_json_ld(ld)
        if passages:
            fields, name = {}, "json-ld"
        else:
            fields, passages = _from_trafilatura(html, url)
    else:
        fields, passages = found
    merged = {key: fields.get(key) or meta.get(key) for key in ("title", "published", "author")}
    text = "\n\n".join(p.text for p in passages)
    standin = soup.find("meta", attrs={"name": STANDIN_META}) is not None
    return Document(
        title=merged["title"], text=text, published=normalise_date(merged["published"]),
        author=merged["author"], url=meta["url"], language=_clean_language(meta["language"], text),
        passages=passages, layout=name, standin=standin, wall=wall_reason(html),
    )
