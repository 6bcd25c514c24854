"""Archive: keep every response as an immutable snapshot, fall back to the Wayback Machine, WARC in and out.

`settle(...)` turns the outcome of one live fetch into a snapshot (or a recorded failure): a 304 re-uses
the archived copy, a failed or walled page is asked of the Wayback availability API at the claim's date.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlencode

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from checker.db import now
from checker.sources import store as sources_store
from checker.sources.http import Fetcher, FetchError, Response, server_answered
from checker.sources.pages import decode_body, wall_reason
from checker.text.messages import N_

# Headers describing the transfer, not the (decoded) body we keep; dropped from the WARC records.
TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection"}
WAYBACK_STAMP = re.compile(r"(/web/\d{1,14})(?:[a-z]{2}_)?/")
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
CANONICAL = re.compile(r"""<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)["']""", re.I)
OG_URL = re.compile(r"""<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)["']""", re.I)


class ArchiveError(Exception):
    """An import that cannot be done; the message says why, in one line."""


@dataclass
class Settled:
    url: str
    snapshot: dict | None  # the archived copy used (new, unchanged, or re-used on 304)
    outcome: str  # archived | unchanged | not-modified | failed
    reason: str | None  # why it failed or why the Wayback copy was used


def validators(snapshot: dict | None) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified of an archived live copy, for a conditional GET."""
    if not snapshot:
        return None, None
    headers = {k.lower(): v for k, v in (snapshot.get("headers") or {}).items()}
    return headers.get("etag"), headers.get("last-modified")


def save(db, response: Response, via: str) -> tuple[dict, bool]:
    wall = wall_reason(decode_body(response.body, response.headers.get("Content-Type", "")), response.status)
    snapshot, created = sources_store.save_snapshot(
        db, {"url": response.url, "final_url": response.final_url, "status": response.status,
             "headers": response.headers, "fetched_at": response.fetched_at, "via": via, "wall": wall},
        response.body)
    if wall is not None and snapshot.get("wall") == wall:
        snapshot["wall"] = wall  # the message, which the row keeps as its English text: said again in a reason
    return snapshot, created


# ---------------------------------------------------------------------------------------------------
# Wayback
# ---------------------------------------------------------------------------------------------------

def raw_capture_url(capture: str) -> str:
    """The capture's address with `id_`, which returns the page as archived, without the Wayback banner."""
    return WAYBACK_STAMP.sub(lambda m: f"{m.group(1)}id_/", capture, count=1)


def wayback_fetch(fetcher: Fetcher, available_api: str, url: str, when: str | None) -> Response:
    """The Wayback capture of `url` closest to `when` (YYYY-MM-DD or YYYY-MM); FetchError when none."""
    params = {"url": url}
    if when:
        params["timestamp"] = re.sub(r"\D", "", when)
    lookup = f"{available_api}?{urlencode(params)}"
    answer = fetcher.get(lookup)
    if answer.status >= 400:
        raise FetchError(url, N_("the Wayback availability API answered %(status)s", status=str(answer.status)),
                         "wayback")
    try:
        data = json.loads(answer.body.decode("utf-8"))
        closest = data["archived_snapshots"]["closest"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        raise FetchError(url, N_("the Wayback Machine holds no capture of this page"), "wayback") from None
    if not closest.get("available", True) or not closest.get("url"):
        raise FetchError(url, N_("the Wayback Machine holds no capture of this page"), "wayback")
    response = fetcher.get(raw_capture_url(closest["url"]))
    if response.status >= 400:
        raise FetchError(url, N_("the Wayback capture answered %(status)s", status=str(response.status)), "wayback")
    response.url = url  # the snapshot is of the original address; final_url keeps the capture's
    return response


def settle(db, fetcher: Fetcher, wayback_api: str | None, url: str, result: Response | FetchError,
           when: str | None) -> Settled:
    """Archive a live fetch result, falling back to the Wayback Machine when the page failed or is walled."""
    problem = None
    if isinstance(result, FetchError):
        if result.kind in {"robots", "ssrf", "scheme"}:
            return Settled(url, None, "failed", result.reason)  # never work around a refusal
        problem = result.reason
    elif result.not_modified:
        previous = sources_store.latest_snapshot(db, url, "live")
        if previous is not None:
            return Settled(url, previous, "not-modified", N_("unchanged since the archived copy (304)"))
        problem = N_("the server answered 304 but no archived copy exists")
    elif result.status >= 400:
        problem = server_answered(result.status)
    else:
        snapshot, created = save(db, result, "live")
        if not snapshot.get("wall"):
            return Settled(url, snapshot, "archived" if created else "unchanged", None)
        problem = snapshot["wall"]
    if not wayback_api:
        return Settled(url, None, "failed", problem)
    try:
        capture = wayback_fetch(fetcher, wayback_api, url, when)
    except FetchError as error:
        return Settled(url, None, "failed", N_("%(problem)s; Wayback fallback: %(reason)s", problem=problem,
                                               reason=error.reason))
    snapshot, created = save(db, capture, "wayback")
    if snapshot.get("wall"):
        return Settled(url, None, "failed", N_("%(problem)s; the Wayback copy is walled too", problem=problem))
    return Settled(url, snapshot, "archived" if created else "unchanged",
                   N_("%(problem)s; used the Wayback Machine copy of %(date)s", problem=problem,
                      date=capture.fetched_at[:10]))


# ---------------------------------------------------------------------------------------------------
# WARC export and import
# ---------------------------------------------------------------------------------------------------

def _reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def export_warc(db, article_id: int, path: Path) -> int:
    """Write the article's snapshots as gzipped WARC response records; returns how many."""
    snapshots = sources_store.snapshots_of_article(db, article_id)
    with open(path, "wb") as output:
        writer = WARCWriter(output, gzip=True)
        for snapshot in snapshots:
            body = sources_store.snapshot_body(db, snapshot["sha256"]) or b""
            headers = [(k, v) for k, v in snapshot["headers"].items() if k.lower() not in TRANSFER_HEADERS]
            headers.append(("Content-Length", str(len(body))))
            http_headers = StatusAndHeaders(f"{snapshot['status']} {_reason_phrase(snapshot['status'])}",
                                            headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                snapshot["final_url"], "response", payload=io.BytesIO(body), http_headers=http_headers,
                warc_headers_dict={"WARC-Date": snapshot["fetched_at"].replace("+00:00", "Z"),
                                   "WARC-Claim-Tracker-Via": snapshot["via"],
                                   "WARC-Claim-Tracker-URL": snapshot["url"]})
            writer.write_record(record)
    return len(snapshots)


def import_warc(db, path: Path) -> list[dict]:
    """Archive every HTTP response record of a WARC file (via `import`); returns the snapshots."""
    saved = []
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                target = record.rec_headers.get_header("WARC-Target-URI")
                url = record.rec_headers.get_header("WARC-Claim-Tracker-URL") or target
                body = record.content_stream().read()
                status = int((record.http_headers.get_statuscode() or "200"))
                response = Response(url=url, final_url=target, status=status,
                                    headers=dict(record.http_headers.headers), body=body,
                                    fetched_at=(record.rec_headers.get_header("WARC-Date") or "").replace("Z", "+00:00"))
                saved.append(save(db, response, "import")[0])
    except ArchiveLoadFailed as error:
        raise ArchiveError(f"{path}: not a readable WARC file ({error})") from None
    return saved


def url_of_saved_page(html: str) -> str | None:
    """The address a browser-saved page came from: its "saved from" comment, canonical link or og:url."""
    for pattern in (SAVED_FROM, CANONICAL, OG_URL):
        match = pattern.search(html[:200_000])
        if match:
            return match.group(1)
    return None


def import_html(db, path: Path, url: str | None, fetched_at: str | None = None) -> dict:
    """Archive a page a reviewer saved from a browser (via `import`)."""
    body = path.read_bytes()
    if not body.strip():
        raise ArchiveError(f"{path}: the file is empty")
    url = url or url_of_saved_page(decode_body(body))
    if not url:
        raise ArchiveError(f"{path}: cannot tell which address this page came from; give it with --url")
    response = Response(url=url, final_url=url, status=200, headers={"Content-Type": "text/html"}, body=body,
                        fetched_at=fetched_at or now())
    return save(db, response, "import")[0]


def import_file(db, path: Path, url: str | None = None) -> list[dict]:
    """A WARC file (.warc, .warc.gz) or a saved HTML page (.html, .htm)."""
    name = path.name.lower()
    if not path.is_file():
        raise ArchiveError(f"{path}: no such file")
    if name.endswith((".warc", ".warc.gz")):
        return import_warc(db, path)
    if name.endswith((".html", ".htm", ".xhtml")):
        return [import_html(db, path, url)]
    raise ArchiveError(f"{path}: import takes a WARC file (.warc, .warc.gz) or a saved page (.html)")
