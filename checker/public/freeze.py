"""`flask freeze OUTDIR`: the whole public site as static files, with relative links, for any static server.

The freezer crawls the app from `/` (plus the feed, the CSV and the API index) through Flask's test client,
so the export holds exactly what a visitor can reach. Every site path maps to one file (`file_for`), and
every internal link in the HTML (href/src) and in the JSON (`links` objects) is rewritten to a relative path
to that file, so the export works from any folder of any static server, a CDN, or from disk.

Pages are rendered in "frozen" mode (`FROZEN_ENVIRON` in the WSGI environ): forms that need a server (the
search box, the date filter form) are left out and filter links change one filter at a time, which keeps the
crawl linear in the number of claims.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
import tempfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

FROZEN_ENVIRON = "checker.frozen"
SEEDS = ("/", "/feed.atom", "/export/claims.csv", "/api/", "/sources/", "/claims/")
# Extensions that a path already carries; anything else becomes .html (pages) or .json (under /api/).
KNOWN_EXTENSIONS = (".css", ".svg", ".png", ".ico", ".js", ".csv", ".atom", ".xml", ".json", ".txt", ".html")
_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class FreezeError(RuntimeError):
    """The export could not be written; the message says why."""


def file_for(url: str) -> str:
    """The export file (relative, posix) that a site path (with its query) is written to.

    / → index.html · /claims/ → claims/index.html · /claims/7 → claims/7.html · /api/claims/7 →
    api/claims/7.json · /claims/?status=false → claims/index--status-false.html · /static/site.css as is.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    if path.endswith("/"):
        path += "index"
    path = path.lstrip("/")
    stem, extension = posixpath.splitext(path)
    if extension not in KNOWN_EXTENSIONS:
        stem, extension = path, (".json" if path.startswith("api/") else ".html")
    if parts.query:
        pairs = sorted(parse_qsl(parts.query, keep_blank_values=False))
        if pairs:
            stem += "--" + "--".join(_SAFE.sub("_", f"{k}-{v}") for k, v in pairs)
    return stem + extension


def relative(from_file: str, to_url: str) -> str:
    """A link from one export file to the file of a site path, keeping any #fragment."""
    target, _, fragment = to_url.partition("#")
    target_file = file_for(target) if target else from_file
    link = posixpath.relpath(target_file, posixpath.dirname(from_file) or ".")
    return link + (f"#{fragment}" if fragment else "")


def _internal(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def rewrite_html(text: str, from_file: str, found: list[str]) -> str:
    """Rewrite internal href/src values to relative export paths; collect the site paths seen."""
    def replace(match: re.Match) -> str:
        url = html.unescape(match.group(2))
        if not _internal(url):
            return match.group(0)
        found.append(url.partition("#")[0])
        return match.group(1) + html.escape(relative(from_file, url), quote=True) + match.group(3)
    return _ATTRIBUTE.sub(replace, text)


def rewrite_json(value, from_file: str, found: list[str]):
    """Rewrite the internal paths inside every `links` object of an API document; collect them."""
    if isinstance(value, list):
        return [rewrite_json(item, from_file, found) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "links" and isinstance(item, dict):
            links = {}
            for name, url in item.items():
                if isinstance(url, str) and _internal(url):
                    found.append(url.partition("#")[0])
                    links[name] = relative(from_file, url)
                else:
                    links[name] = url
            out[key] = links
        else:
            out[key] = rewrite_json(item, from_file, found)
    return out


@dataclass
class FreezeReport:
    pages: int = 0
    bytes: int = 0
    failed: list[tuple[str, int]] = field(default_factory=list)


def freeze(app, outdir: str | Path, base_url: str | None = None, max_files: int = 2_000_000,
           progress=None) -> FreezeReport:
    """Write the public site under outdir (replacing what a previous freeze wrote there).

    The site is written to a temporary folder beside outdir and moved into place at the end, so a failed
    freeze never leaves a half-written export where the old one was.
    """
    outdir = Path(outdir).resolve()
    if outdir.exists() and not outdir.is_dir():
        raise FreezeError(f"{outdir} exists and is not a folder")
    if outdir.exists() and any(outdir.iterdir()) and not (outdir / ".claim-tracker-export").exists():
        raise FreezeError(f"{outdir} is not empty and was not written by `flask freeze`; choose an empty folder")
    outdir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".freeze-", dir=outdir.parent))
    try:
        report = _crawl(app, work, base_url, max_files, progress)
        (work / ".claim-tracker-export").write_text("written by flask freeze\n")
        work.chmod(0o755)  # mkdtemp makes it private; a static server's worker must read it
        if outdir.exists():
            shutil.rmtree(outdir)
        work.rename(outdir)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return report


def _crawl(app, work: Path, base_url: str | None, max_files: int, progress) -> FreezeReport:
    overrides = {"PUBLIC_BASE_URL": base_url} if base_url else {}
    saved = {key: app.config.get(key) for key in overrides}
    app.config.update(overrides)
    client = app.test_client()
    report = FreezeReport()
    queue, seen = deque(SEEDS), set(SEEDS)
    try:
        while queue:
            url = queue.popleft()
            response = client.get(url, environ_base={FROZEN_ENVIRON: True})
            if response.status_code != 200:
                report.failed.append((url, response.status_code))
                response.close()
                continue
            target = file_for(url)
            found: list[str] = []
            body = _rewritten(response, target, found)
            response.close()
            path = work / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
            report.pages += 1
            report.bytes += len(body)
            if progress:
                progress(report.pages)
            if report.pages >= max_files:
                raise FreezeError(f"more than {max_files} files to write; raise --max-files")
            for link in found:
                link = _canonical(link)
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
        error = client.get("/this-page-does-not-exist", environ_base={FROZEN_ENVIRON: True})
        (work / "404.html").write_bytes(_rewritten(error, "404.html", []))
    finally:
        app.config.update(saved)
    return report


def _canonical(url: str) -> str:
    """One spelling per page: query parameters sorted, so two links to one page fetch it once."""
    parts = urlsplit(url)
    if not parts.query:
        return parts.path
    return parts.path + "?" + urlencode(sorted(parse_qsl(parts.query)))


def _rewritten(response, target: str, found: list[str]) -> bytes:
    mimetype = response.mimetype or ""
    data = response.get_data()
    if mimetype == "text/html":
        return rewrite_html(data.decode("utf-8"), target, found).encode("utf-8")
    if mimetype == "application/json":
        document = rewrite_json(json.loads(data), target, found)
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    if mimetype == "text/css":
        return data
    return data
