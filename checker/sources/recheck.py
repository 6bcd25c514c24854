"""Archived sources fetched again: pages are edited, corrected or pulled after a claim was checked.

`recheck(db, fetcher, options)` reads top to bottom:
1. `choose`: every archived web address with an extracted copy, or with `due` only those whose last check (or
   archiving) is older than their interval: daily for the sources of articles whose claims reviewers have taken
   up, weekly for the rest. `.invalid` addresses (our stand-ins) are never fetched.
2. one polite `Fetcher.get_many` (robots.txt, per-host turns, retries, caps, SSRF guard), each request
   conditional on the ETag and Last-Modified of the copy we hold;
3. `settle`, per address, in one transaction: a 304, or a body whose SHA-256 we already hold, records only the
   check; 404 and 410 (or being sent to the site's home page) record the page as gone; a new body is archived,
   and when its extracted main text differs from the copy the evidence was read from, the new copy's document
   is stored for the same articles and the change is recorded, for the evidence stage to flag the claims whose
   accepted evidence came from it. A new body with the same main text (the markup changed: ads, links, a
   timestamp) is archived without a new document, so evidence linking sees no copy of the same passages.

Every failure is a value with a reason (robots.txt, DNS, timeouts, other HTTP errors), never an exception.
The reason a change is recorded with (the page gone, its main text changed) is a message (N_): English for
the command line and the JSON, kept with its id so reviewers read it in their language.
"""
from __future__ import annotations

import email.utils
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable
from urllib.parse import urlsplit

from checker.config import Config
from checker.db import now, write_transaction
from checker.sources import archive, extract, textdiff
from checker.sources import store as sources_store
from checker.sources.http import Fetcher, FetchError, Request, Response
from checker.sources.schema import CHECK_OUTCOMES
from checker.text.messages import N_

OUTCOMES = CHECK_OUTCOMES  # what a check may find: unchanged, changed, gone, error
GONE_STATUSES = (404, 410)
# RFC 2606 keeps .invalid for names that never resolve: our stand-in pages live there.
NEVER_FETCHED_SUFFIX = ".invalid"


@dataclass
class Options:
    due: bool = False
    reviewed_hours: float = Config.RECHECK_REVIEWED_HOURS
    other_hours: float = Config.RECHECK_OTHER_HOURS
    max_per_run: int = Config.RECHECK_MAX_PER_RUN

    @classmethod
    def from_config(cls, config, due: bool) -> "Options":
        return cls(due=due, reviewed_hours=config["RECHECK_REVIEWED_HOURS"],
                   other_hours=config["RECHECK_OTHER_HOURS"], max_per_run=config["RECHECK_MAX_PER_RUN"])


@dataclass
class Checked:
    """What one check found, as `flask recheck --json` prints it."""
    url: str
    outcome: str  # one of OUTCOMES
    http_status: int | None
    reason: str
    checked_at: str
    previous_snapshot_id: int
    snapshot_id: int | None = None  # the copy current after the check: a new one when changed, None when gone
    change_id: int | None = None  # the recorded change (changed or gone), for the evidence stage
    flagged_claims: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"url": self.url, "status": self.http_status, "changed": self.outcome == "changed",
                "gone": self.outcome == "gone", "outcome": self.outcome, "reason": self.reason,
                "checked_at": self.checked_at, "previous_snapshot_id": self.previous_snapshot_id,
                "snapshot_id": self.snapshot_id, "change_id": self.change_id,
                "flagged_claims": self.flagged_claims}


# --- which pages --------------------------------------------------------------------------------

def fetchable(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".")
    return bool(host) and not host.endswith(NEVER_FETCHED_SUFFIX)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def due(target: dict, options: Options, moment: datetime) -> bool:
    """Whether a page's last check (or its archiving, when never checked) is as old as its interval."""
    hours = options.reviewed_hours if target["reviewed"] else options.other_hours
    return target["last_seen_at"] <= _stamp(moment - timedelta(hours=hours))


def choose(targets: list[dict], options: Options, moment: datetime) -> list[dict]:
    """The pages to fetch again now: fetchable, due when asked, the longest unchecked first, at most the cap
    when only the due ones are asked for (a scheduled run stays bounded; a run by hand checks everything)."""
    chosen = [t for t in targets if fetchable(t["url"]) and (not options.due or due(t, options, moment))]
    return chosen[:options.max_per_run] if options.due else chosen


def request_for(db, target: dict) -> Request:
    """A conditional request, with the validators of the newest live copy of the address (a copy archived for
    a markup change still answers a 304 next time)."""
    return Request(target["url"], *archive.validators(sources_store.latest_snapshot(db, target["url"], "live")))


# --- what an answer means -----------------------------------------------------------------------

def sent_home(response: Response) -> bool:
    """A page redirected to its site's home page: how many sites answer for an article they pulled."""
    if not response.redirects:
        return False
    asked, final = urlsplit(response.url), urlsplit(response.final_url)
    return asked.path.strip("/") != "" and final.path.strip("/") == ""


def edited_at(response: Response, previous_fetched_at: str | None, detected_at: str) -> str:
    """When the page changed: its Last-Modified when that falls after our previous copy and not in the future,
    else the time we found the change."""
    try:
        stated = email.utils.parsedate_to_datetime(response.headers.get("Last-Modified") or "")
    except (TypeError, ValueError):
        return detected_at
    if stated is None:
        return detected_at
    stamp = _stamp(stated if stated.tzinfo else stated.replace(tzinfo=timezone.utc))
    if previous_fetched_at and previous_fetched_at < stamp <= detected_at:
        return stamp
    return detected_at


def _check(target: dict, outcome: str, status: int | None, reason: str, stamp: str) -> Checked:
    """A check whose current copy is still the one held (a gone page has none)."""
    current = None if outcome == "gone" else target["snapshot_id"]
    return Checked(target["url"], outcome, status, reason, stamp, target["snapshot_id"], current)


def settle(db, target: dict, result: Response | FetchError) -> Checked:
    """Record one page's check (and the change it found) in one transaction; what was found."""
    stamp = now()
    if isinstance(result, FetchError):
        return _record(db, _check(target, "error", None, result.reason, stamp))
    if result.not_modified:
        return _record(db, _check(target, "unchanged", 304, "not modified since the archived copy (304)", stamp))
    if result.status in GONE_STATUSES or (result.status < 300 and sent_home(result)):
        why = (N_("the server answered %(status)s", status=str(result.status)) if result.status in GONE_STATUSES
               else N_("the page now sends readers to the site's home page (%(url)s)", url=result.final_url))
        return _gone(db, target, result.status, why, stamp)
    if result.status >= 300:
        return _record(db, _check(target, "error", result.status,
                                  N_("the server answered %(status)s", status=str(result.status)), stamp))
    return _new_body(db, target, result, stamp)


def _record(db, checked: Checked, change: dict | None = None) -> Checked:
    checked.change_id = sources_store.record_check(db, {
        "url": checked.url, "outcome": checked.outcome, "http_status": checked.http_status,
        "reason": checked.reason, "snapshot_id": checked.snapshot_id, "checked_at": checked.checked_at}, change)
    return checked


def _gone(db, target: dict, status: int, why: str, stamp: str) -> Checked:
    checked = _check(target, "gone", status, why, stamp)
    if target["last_outcome"] == "gone":  # already recorded: the claims were flagged when it went
        checked.reason = f"still gone: {why}"
        return _record(db, checked)
    return _record(db, checked, {"kind": "gone", "previous_snapshot_id": target["snapshot_id"], "http_status": status,
                                 "reason": why, "edited_at": stamp})


def _new_body(db, target: dict, response: Response, stamp: str) -> Checked:
    digest = hashlib.sha256(response.body).hexdigest()
    latest_live = sources_store.latest_snapshot(db, target["url"], "live")
    if digest in {target["sha256"], latest_live and latest_live["sha256"]}:
        return _record(db, _check(target, "unchanged", response.status, "the same body as the archived copy "
                                                                        "(same SHA-256)", stamp))
    document = extract.extract(response.body, target["url"])  # pure and slow: before the transaction
    old_text = sources_store.document_text(db, target["document_id"])
    with write_transaction(db):
        snapshot, _created = archive.save(db, response, "live")
        if snapshot.get("wall"):
            checked = _check(target, "error", response.status, f"the page now shows a wall ({snapshot['wall']}); "
                                                               "its text was not compared", stamp)
            return _record(db, checked)
        if textdiff.same_text(old_text, document.text):
            checked = _check(target, "unchanged", response.status, "the markup changed, the main text did not; "
                                                                   "the new copy is archived", stamp)
            return _record(db, checked)
        _store_document(db, snapshot["id"], document, target["document_id"])
        changes = textdiff.text_changes(old_text, document.text)
        checked = _check(target, "changed", response.status,
                         N_("the main text changed: %(summary)s", summary=textdiff.summary(changes)), stamp)
        checked.snapshot_id = snapshot["id"]
        return _record(db, checked, {
            "kind": "changed", "previous_snapshot_id": target["snapshot_id"], "snapshot_id": snapshot["id"],
            "http_status": response.status, "reason": checked.reason,
            "edited_at": edited_at(response, target["fetched_at"], stamp)})


def _store_document(db, snapshot_id: int, document: extract.Document, previous_document_id: int) -> None:
    """The new copy's document, a source of the same articles as the copy it replaces."""
    fields, passages = document.as_dict(), document.passage_rows()
    articles = sources_store.article_links_of_document(db, previous_document_id) or [{}]
    for link in articles:
        sources_store.save_document(db, snapshot_id, fields, passages, link.get("article_id"), link.get("source_id"),
                                    link.get("score"))


# --- the step -----------------------------------------------------------------------------------

def recheck(db, fetcher: Fetcher, options: Options,
            progress: Callable[[str], None] = lambda message: None) -> list[Checked]:
    """Fetch the chosen archived pages again and record what each check found."""
    targets = choose(sources_store.recheck_targets(db), options, datetime.now(timezone.utc))
    progress(f"{len(targets)} archived page{'s' if len(targets) != 1 else ''} to check again")
    results = fetcher.get_many([request_for(db, target) for target in targets],
                               on_done=lambda url, result: progress(f"fetched {url}"))
    return [settle(db, target, result) for target, result in zip(targets, results)]
