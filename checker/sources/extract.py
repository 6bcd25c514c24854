"""HTML → document, from one parse of the page. Pure functions.

A document has a title, a published date, a byline, a canonical URL, a language, its text and its
passages: paragraphs, or in a transcript one passage per speaker turn with the speaker's name.

The page is parsed once, with lxml, and every step reads that tree:
1. metadata: <meta> tags, the canonical link, <html lang> and the page's JSON-LD;
2. a site adapter (Washington Post, defense.gov, nato.int), only for a page from its own host (or a copy of one
   whose canonical address is there, or one of our stand-ins written in its layout);
3. elsewhere trafilatura, on the same tree, with the options measured by benchmarks/extract.py;
4. JSON-LD `articleBody` only when it passes a check against what trafilatura found: never when it looks
   cut short or says much that the page's text does not. When it passes, it trims trafilatura's text to
   the article's span; when trafilatura found (almost) nothing, it stands in for the text.
"""
from __future__ import annotations

import html as html_entities
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, fromstring

from checker.config import Config
from checker.sources.pages import decode_body, json_ld_in_blocks, wall_reason
from checker.text import language

STANDIN_META = "claim-tracker:standin"
# A transcript label: "SECRETARY AUSTIN:", "MR. RYDER:", "Q:", "LE PORTE-PAROLE :" — capitals, then a colon.
LABEL = re.compile(r"^\s*([^\W\d_][^:\n]{0,80}?)\s*:\s+(.+)$", re.S)
ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|$|-)")  # /2022/11/19/ in an article's address
ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                 "LiveBlogPosting", "OpinionNewsArticle", "WebPage", "Report", "SpeechObject"}
WORD = re.compile(r"\w+")
ELLIPSIS = ("…", "...")
SENTENCE_END = tuple('.!?"»”’\')')
MARKUP = re.compile(r"<[^>]+>")
LINE_BREAK_TAGS = re.compile(r"</p>|<br\s*/?>|</h\d>|</li>", re.I)
BYLINE_PREFIX = re.compile(r"^(by|par)\s+", re.I)
Line = tuple[str, str | None]  # a paragraph's text, and the speaker label it opens with in bold, if any


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

    def passage_rows(self) -> list[dict]:
        """The passages as the store saves them."""
        return [{"text": p.text, "speaker": p.speaker} for p in self.passages]


# ---------------------------------------------------------------------------------------------------
# Site adapters
# ---------------------------------------------------------------------------------------------------

def css_to_xpath(selector: str) -> str:
    """The XPath of a CSS selector made of tags, .classes, [attr="value"] and descendant spaces (with commas
    between alternatives): the only CSS the adapters need, without a CSS library."""
    alternatives = []
    for alternative in selector.split(","):
        steps = []
        for step in alternative.split():
            tag = re.match(r"[a-zA-Z][\w-]*", step)
            tests = [f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
                     for name in re.findall(r"\.([\w-]+)", step)]
            tests += [f'@{name}="{value}"' for name, value in re.findall(r'\[([\w-]+)="([^"]*)"\]', step)]
            steps.append((tag.group(0) if tag else "*") + "".join(f"[{test}]" for test in tests))
        alternatives.append("descendant-or-self::" + "//".join(steps))
    return " | ".join(alternatives)


@dataclass(frozen=True)
class Layout:
    """Where one site puts its parts; CSS selectors, tried in order."""
    name: str
    hosts: tuple[str, ...]
    signature: str  # present on every page of this layout: how our stand-ins in it are recognised
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
_XPATHS: dict[str, etree.XPath] = {}


def _select(tree: HtmlElement, selector: str) -> HtmlElement | None:
    if selector not in _XPATHS:
        _XPATHS[selector] = etree.XPath(css_to_xpath(selector))
    found = _XPATHS[selector](tree)
    return found[0] if found else None


def _host(url: str | None) -> str:
    """The host a URL stands for; a Wayback Machine address stands for the page it archived."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "web.archive.org":
        archived = re.match(r"/web/[^/]+/(.+)", parts.path + (f"?{parts.query}" if parts.query else ""))
        if archived:
            return _host(archived.group(1) if "://" in archived.group(1) else "http://" + archived.group(1))
    return host


def layout_for(tree: HtmlElement, hosts: list[str], standin: bool) -> Layout | None:
    """The site adapter for a page from one of these hosts; for our own stand-ins, the one whose layout
    they were written in. Any other page gets none, whatever its markup looks like."""
    for layout in LAYOUTS:
        if any(host == h or host.endswith("." + h) for host in hosts for h in layout.hosts):
            return layout
    if standin:
        for layout in LAYOUTS:
            if _select(tree, layout.signature) is not None:
                return layout
    return None


# ---------------------------------------------------------------------------------------------------
# Metadata, from the tree
# ---------------------------------------------------------------------------------------------------

@dataclass
class Head:
    """What the page says about itself outside the body."""
    metas: dict[str, str]  # name, property or itemprop → content (the first one)
    canonical: str | None
    lang: str | None
    title_tag: str | None
    ld: dict  # the page's article JSON-LD object, or {}
    ld_objects: list[dict]


def _text(element: HtmlElement) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _json_ld_objects(tree: HtmlElement) -> list[dict]:
    return json_ld_in_blocks(script.text for script in tree.iterfind('.//script[@type="application/ld+json"]'))


def _article_ld(objects: list[dict]) -> dict:
    for item in objects:
        types = item.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if types & ARTICLE_TYPES:
            return item
    return {}


def read_head(tree: HtmlElement) -> Head:
    metas: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        content = (meta.get("content") or "").strip()
        for key in ("property", "name", "itemprop"):
            name = meta.get(key)
            if name and content and name not in metas:
                metas[name] = content
    canonical = next((link.get("href") for link in tree.iterfind(".//link[@rel='canonical']") if link.get("href")),
                     None)
    title = tree.find(".//title")
    objects = _json_ld_objects(tree)
    return Head(metas=metas, canonical=canonical, lang=tree.get("lang") or None,
                title_tag=(_text(title) or None) if title is not None else None, ld=_article_ld(objects),
                ld_objects=objects)


def _ld_author(item: dict) -> str | None:
    author = item.get("author")
    people = author if isinstance(author, list) else [author]
    names = [p.get("name") if isinstance(p, dict) else p for p in people if p]
    names = [n.strip() for n in names if isinstance(n, str) and n.strip()]
    return ", ".join(names) or None


def _ld_text(item: dict, key: str) -> str | None:
    value = item.get(key)
    return value.strip() or None if isinstance(value, str) else None


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


def _url_date(url: str | None) -> str | None:
    match = URL_DATE.search(urlsplit(url).path) if url else None
    if match is None:
        return None
    try:
        return datetime(*map(int, match.groups())).date().isoformat()
    except ValueError:
        return None


def _metadata(tree: HtmlElement, head: Head, url: str | None) -> dict:
    metas, ld = head.metas, head.ld
    time_tag = tree.find(".//time[@datetime]")
    h1 = tree.find(".//h1")
    address = head.canonical or metas.get("og:url") or _ld_text(ld, "url") or url
    return {
        "title": metas.get("og:title") or metas.get("twitter:title") or _ld_text(ld, "headline")
        or (_text(h1) if h1 is not None else None) or head.title_tag,
        "published": metas.get("article:published_time") or metas.get("datePublished") or metas.get("date")
        or metas.get("DC.date.issued") or _ld_text(ld, "datePublished")
        or (time_tag.get("datetime").strip() if time_tag is not None else None) or _url_date(address),
        "author": metas.get("author") or metas.get("article:author") or _ld_author(ld),
        "url": address,
        "language": head.lang or metas.get("og:locale") or metas.get("content-language") or _ld_text(ld, "inLanguage"),
    }


def _clean_language(code: str | None, text: str) -> str | None:
    if code:
        return re.split(r"[-_]", code.strip())[0].lower() or None
    return language.detect(text).code if text else None


# ---------------------------------------------------------------------------------------------------
# Passages
# ---------------------------------------------------------------------------------------------------

def _paragraph_texts(container: HtmlElement) -> list[Line]:
    """(text, bold label) for each paragraph; the label is a leading <strong>/<b> ending in a colon."""
    found = []
    for p in container.iter("p", "li", "blockquote"):
        if p.tag != "p" and any(a.tag in ("p", "li", "blockquote") for a in p.iterancestors()):
            continue
        text = _text(p)
        if not text:
            continue
        label = None
        first = next(p.iter("strong", "b"), None)
        if first is not None:
            bold = _text(first)
            if bold.endswith(":") and text.startswith(bold):
                label = bold[:-1].strip()
        found.append((text, label))
    return found


def upper_label(text: str) -> tuple[str, str] | None:
    """(speaker, words) when the paragraph opens with a label in capitals and a colon."""
    match = LABEL.match(text)
    if match and match.group(1).isupper():
        return match.group(1).strip(), match.group(2).strip()
    return None


def speaker_turns(paragraphs: list[Line]) -> list[Passage]:
    """One passage per speaker turn: a labelled paragraph opens a turn, the unlabelled ones continue it."""
    turns: list[Passage] = []
    for text, label in paragraphs:
        speaker, said = None, text
        if label:
            speaker, said = label, text[len(label):].lstrip().removeprefix(":").strip()
        elif (labelled := upper_label(text)) is not None:
            speaker, said = labelled
        if speaker:
            turns.append(Passage(said, speaker))
        elif turns:
            turns[-1].text += "\n\n" + text
        else:
            turns.append(Passage(text))
    return turns


def _looks_like_transcript(paragraphs: list[Line]) -> bool:
    labelled = sum(1 for text, label in paragraphs if label or upper_label(text))
    return labelled >= 2


def _passages(paragraphs: list[Line], transcript: bool = False) -> list[Passage]:
    if transcript or _looks_like_transcript(paragraphs):
        return speaker_turns(paragraphs)
    return [Passage(text) for text, _ in paragraphs]


def _from_layout(tree: HtmlElement, layout: Layout, url: str | None) -> tuple[dict, list[Passage]] | None:
    container = next((c for c in (_select(tree, s) for s in layout.body) if c is not None), None)
    if container is None:
        return None
    paragraphs = _paragraph_texts(container)
    if not paragraphs:
        return None
    path = (urlsplit(url).path.lower() if url else "")
    passages = _passages(paragraphs, any(p in path for p in layout.transcript_paths))
    fields = {key: _first_text(tree, selectors) for key, selectors in
              (("title", layout.title), ("published", layout.date), ("author", layout.author))}
    if fields["author"]:
        fields["author"] = BYLINE_PREFIX.sub("", fields["author"])
    return fields, passages


def _first_text(tree: HtmlElement, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        element = _select(tree, selector)
        if element is not None:
            if element.tag == "time" and element.get("datetime"):
                return element.get("datetime").strip()
            text = _text(element)
            if text:
                return text
    return None


# ---------------------------------------------------------------------------------------------------
# The generic path: trafilatura, then JSON-LD articleBody if it passes
# ---------------------------------------------------------------------------------------------------

def trafilatura_options(settings=Config) -> dict:
    """The options our extractor gives trafilatura (chosen with benchmarks/extract.py)."""
    focus = settings.EXTRACT_FOCUS
    return {"include_comments": False, "include_tables": settings.EXTRACT_INCLUDE_TABLES,
            "favor_precision": focus == "precision", "favor_recall": focus == "recall", "fast": settings.EXTRACT_FAST}


def _body_lines(body: etree._Element) -> list[Line]:
    """(text, bold label) for each block of trafilatura's result: paragraphs, headings, list items, table rows."""
    lines: list[Line] = []
    for block in body:
        if block.tag == "list":
            lines.extend((_text(item), None) for item in block.iter("item"))
        elif block.tag == "table":
            for row in block.iter("row"):
                cells = [_text(cell) for cell in row.iter("cell")]
                lines.append((" | ".join(c for c in cells if c), None))
        else:
            text, label = _text(block), None
            first = block[0] if len(block) else None
            if first is not None and first.tag == "hi" and not (block.text or "").strip():
                bold = _text(first)
                if bold.endswith(":") and text.startswith(bold):
                    label = bold[:-1].strip()
            lines.append((text, label))
    return [(text, label) for text, label in lines if WORD.search(text)]


def article_body(ld: dict) -> list[str]:
    """JSON-LD articleBody as paragraphs, without markup."""
    body = ld.get("articleBody")
    if not isinstance(body, str) or not body.strip():
        return []
    if "<" in body and ">" in body:
        body = html_entities.unescape(MARKUP.sub("", LINE_BREAK_TAGS.sub("\n", body)))
    return [" ".join(part.split()) for part in body.splitlines() if part.strip()]


def _words(text: str) -> Counter:
    return Counter(WORD.findall(text.lower()))


def _found_little(found_words: int, body_words: int, settings=Config) -> bool:
    """Whether the extractor found so little next to articleBody that articleBody is the better text (a page its
    scripts render, a layout the extractor misreads)."""
    return found_words < settings.EXTRACT_LD_THIN_SHARE * body_words


def check_article_body(body: list[str], extracted: list[str], settings=Config) -> str | None:
    """Why JSON-LD articleBody should not be used, given the lines the extractor found; None when it may."""
    if not body:
        return "the page has no articleBody"
    said, found = _words("\n".join(body)), _words("\n".join(extracted))
    said_total, found_total = sum(said.values()), sum(found.values())
    if _found_little(found_total, said_total, settings):
        return None
    ending = body[-1].rstrip()
    if ending.endswith(ELLIPSIS) or not ending.endswith(SENTENCE_END):
        return "articleBody is cut short (it ends with an ellipsis or in the middle of a sentence)"
    shared = sum((said & found).values())
    if shared < settings.EXTRACT_LD_MIN_SUPPORT * said_total:
        return "articleBody holds text that the page's article does not (boilerplate or a different text)"
    if shared < settings.EXTRACT_LD_MIN_COVER * found_total:
        return "articleBody covers too little of the page's article (cut short)"
    return None


def _trim_to_body(lines: list[Line], body: list[str], settings=Config) -> list[Line]:
    """The extractor's lines from the first to the last one that articleBody confirms. Only a line of a few
    words or more can confirm: a short one ("Report", a date) finds its words in any long text."""
    vocabulary = set(WORD.findall("\n".join(body).lower()))
    confirmed = []
    for n, (text, _) in enumerate(lines):
        words = WORD.findall(text.lower())
        if len(words) >= settings.EXTRACT_LD_ANCHOR_WORDS and \
                sum(w in vocabulary for w in words) >= settings.EXTRACT_LD_LINE_SUPPORT * len(words):
            confirmed.append(n)
    if not confirmed:
        return lines
    return lines[confirmed[0]:confirmed[-1] + 1]


def _without_titles(lines: list[Line], titles: set[str], settings=Config) -> list[Line]:
    """The lines without the headline, which the extractor sometimes keeps at the top."""
    folded = {" ".join(t.split()).casefold() for t in titles if t}
    top = settings.EXTRACT_TITLE_LINES
    return [line for n, line in enumerate(lines) if n >= top or line[0].casefold() not in folded]


def with_article_body(lines: list[Line], body: list[str],
                      settings=Config) -> tuple[list[Line], str]:
    """The lines to keep and the layout's name, once JSON-LD articleBody has been checked against them."""
    if check_article_body(body, [text for text, _ in lines], settings) is not None:
        return lines, "generic"
    if _found_little(sum(len(WORD.findall(text)) for text, _ in lines),
                     sum(len(WORD.findall(text)) for text in body), settings):
        return [(text, None) for text in body], "json-ld"
    return _trim_to_body(lines, body, settings), "generic+json-ld"


def _generic(tree: HtmlElement, head: Head, url: str | None, titles: set[str],
             settings=Config) -> tuple[list[Passage], str]:
    # Bold runs are kept (as <hi>) only to read speaker labels; the text is the same either way.
    result = trafilatura.bare_extraction(tree, url=url, include_formatting=True, **trafilatura_options(settings))
    lines = _body_lines(result.body) if result is not None and result.body is not None else []
    lines, name = with_article_body(_without_titles(lines, titles, settings), article_body(head.ld), settings)
    return _passages(lines), name


# ---------------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------------

def parse(html: str) -> HtmlElement | None:
    """The page's tree, or None when there is nothing to parse."""
    tree = trafilatura.load_html(html)
    if tree is None and html.strip():
        try:  # a fragment rather than a page: trafilatura wants a whole document
            tree = fromstring(f"<html><body><div>{html}</div></body></html>")
        except (etree.ParserError, ValueError):
            return None
    return tree


def document_text(passages: list[Passage]) -> str:
    """The text as a reader sees it: paragraphs, each turn of a transcript led by its speaker."""
    return "\n\n".join(f"{p.speaker}: {p.text}" if p.speaker else p.text for p in passages)


def extract(html: str | bytes, url: str | None = None, settings=Config) -> Document:
    """Extract the document from a page. `url` picks the site adapter and fills a missing canonical URL."""
    if isinstance(html, bytes):
        html = decode_body(html)
    tree = parse(html)
    if tree is None:
        return Document(title=None, text="", published=None, author=None, url=url, language=None,
                        wall=wall_reason(html))
    head = read_head(tree)
    meta = _metadata(tree, head, url)
    standin = STANDIN_META in head.metas
    layout = layout_for(tree, [_host(url), _host(head.canonical)], standin)
    found = _from_layout(tree, layout, url) if layout else None
    if found is not None:
        (fields, passages), name = found, layout.name
    else:
        h1 = tree.find(".//h1")
        titles = {meta["title"], head.title_tag, _text(h1) if h1 is not None else None}
        fields, (passages, name) = {}, _generic(tree, head, url, titles, settings)
    merged = {key: fields.get(key) or meta.get(key) for key in ("title", "published", "author")}
    text = document_text(passages)
    return Document(
        title=merged["title"], text=text, published=normalise_date(merged["published"]),
        author=merged["author"], url=meta["url"], language=_clean_language(meta["language"], text),
        passages=passages, layout=name, standin=standin, wall=wall_reason(html, ld_objects=head.ld_objects),
    )
