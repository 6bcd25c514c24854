"""Review rules: the statuses, which changes are allowed, and what the public may see.

Pure logic, no database: the store applies these rules inside its transactions, the views show their
messages. The workflow states (`unreviewed`, `in_review`) say where a claim is in the work; the verdicts say
what the reviewers concluded. A verdict always carries a rationale, which is published with it.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from werkzeug.security import check_password_hash, generate_password_hash

WORKFLOW = ("unreviewed", "in_review")
VERDICTS = ("verified", "disputed", "false", "misleading", "unverifiable")
STATUSES = WORKFLOW + VERDICTS

LABELS = {
    "unreviewed": "Unreviewed",
    "in_review": "In review",
    "verified": "Verified",
    "disputed": "Disputed",
    "false": "False",
    "misleading": "Misleading",
    "unverifiable": "Unverifiable",
}

# The queue shows the work in hand first, then the work to start, then what is done.
QUEUE_ORDER = ("in_review", "unreviewed", "disputed", "false", "misleading", "unverifiable", "verified")

ROLES = ("reviewer", "admin")
LINK_DECISIONS = ("accepted", "rejected")


class ReviewError(ValueError):
    """A change the rules refuse; the message is shown to the reviewer as it is."""


class StaleVersion(ReviewError):
    """The claim changed since the reviewer's form was drawn: nothing was written."""

    def __init__(self, current: dict):
        super().__init__(
            f"Someone else changed this claim while you were working on it: it is now "
            f"“{LABELS.get(current['status'], current['status'])}” (version {current['version']}). "
            "Nothing was saved; your note is kept below so you can submit it again.")
        self.current = current


@dataclass(frozen=True)
class Change:
    """A status change asked for by a reviewer, before it is checked."""

    status: str
    note: str
    version: int


def is_verdict(status: str) -> bool:
    return status in VERDICTS


def label(status: str) -> str:
    return LABELS.get(status, status)


def clean_note(note: str | None) -> str:
    """The note as it will be stored: trimmed, with Windows line ends made plain."""
    return (note or "").replace("\r\n", "\n").strip()


def check_change(current_status: str, change: Change, max_note_chars: int) -> None:
    """Raise ReviewError when the change is not allowed; return quietly when it is.

    Any status may follow any other (a verdict can be reopened or revised), but a verdict needs a rationale,
    and staying on the same status only makes sense to record a new note.
    """
    if change.status not in STATUSES:
        raise ReviewError(f"“{change.status}” is not a status; choose one of: {', '.join(STATUSES)}.")
    if len(change.note) > max_note_chars:
        raise ReviewError(f"The note is {len(change.note)} characters long; the limit is {max_note_chars}.")
    if is_verdict(change.status) and not change.note:
        raise ReviewError(f"A verdict (“{label(change.status)}”) needs a rationale: write it in the note. "
                          "It is published with the verdict.")
    if change.status == current_status and not change.note:
        raise ReviewError(f"The claim is already “{label(current_status)}”: add a note to record anything.")


def check_signoff(proposal: dict | None, signer_id: int) -> None:
    """A second reviewer, never the proposer, signs off a pending verdict."""
    if proposal is None:
        raise ReviewError("There is no verdict waiting for sign-off on this claim.")
    if proposal["proposed_by"] == signer_id:
        raise ReviewError("A second reviewer must sign off: you proposed this verdict yourself.")


def public_history(rows: list[dict]) -> list[dict]:
    """History rows as the public sees them (contract: from, to, note, at; oldest first; no names)."""
    ordered = sorted(rows, key=lambda row: (row["created_at"], row["id"]))
    return [{"from": row["from_status"], "to": row["to_status"], "note": row["note"] or "",
             "at": row["created_at"]} for row in ordered]


def rationale(history: list[dict], status: str) -> str | None:
    """The public rationale of the current verdict: the note of the latest change to it."""
    if not is_verdict(status):
        return None
    for row in reversed(history):
        if row["to"] == status and row["note"]:
            return row["note"]
    return None


# --- accounts ---------------------------------------------------------------------------------

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$")
_DUMMY_HASH: list[str] = []


def check_username(username: str) -> None:
    if not USERNAME.match(username or ""):
        raise ReviewError("A username is 2 to 100 letters, digits, dots, dashes, underscores or @, "
                          "starting with a letter or digit.")


def check_new_password(password: str, min_chars: int) -> None:
    if len(password or "") < min_chars:
        raise ReviewError(f"A password needs at least {min_chars} characters.")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password; an unknown user costs the same time as a known one."""
    if password_hash is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password("not a real password"))
        check_password_hash(_DUMMY_HASH[0], password)
        return False
    return check_password_hash(password_hash, password)


# --- scraped text ------------------------------------------------------------------------------

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
            terms += _number_spellings(value)
    for entity in claim.get("entities") or []:
        terms.append(str(entity.get("text") or ""))
    attribution = claim.get("attribution") or {}
    if attribution.get("source"):
        terms.append(str(attribution["source"]))
    unique = {term.strip() for term in terms if len(term.strip()) >= 2 or term.strip().isdigit()}
    return sorted(unique, key=len, reverse=True)


def _number_spellings(value: float) -> list[str]:
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
