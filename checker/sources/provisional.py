"""What the database adds to the source registry, and what reviewers do with it.

Scraping gives a site the registry does not know a provisional entry (its id is its host, its name its home
page's title, which nobody has read yet, so it is found by its domain only). A reviewer then:
- confirms it, maybe with a better name, a kind and aliases: from then on its names are found in articles;
- renames it;
- merges it into another source (of the file or of the database): its domains and aliases go to that source,
  and every citation, fetch, document and claim that named it names the other one.

The rules live here; `claims.store` and `sources.store` do the SQL, in one write transaction per change.
"""
from __future__ import annotations

from dataclasses import dataclass

from checker.claims import store as claims_store
from checker.claims.registry import KINDS, Registry, name_key
from checker.db import write_transaction
from checker.sources import store as sources_store
from checker.text.messages import N_

STATUSES = ("provisional", "confirmed", "merged")


class EntryError(ValueError):
    """A change a reviewer asked for that cannot be made; the message (made with N_, so the workspace shows it
    in the reader's language) says why and what to do."""


@dataclass
class Entry:
    """One source the database adds, as reviewers see it."""
    id: str
    name: str
    kind: str
    status: str
    merged_into: str | None
    aliases: list[str]
    domains: list[str]
    feeds: list[str]
    sitemaps: list[str]
    note: str | None

    def as_json(self) -> dict:
        return dict(self.__dict__)


def _entry(row: dict) -> Entry:
    return Entry(row["id"], row["name"], row["kind"], row["status"], row.get("merged_into"), row["aliases"],
                 row["domains"], row["feeds"], row["sitemaps"], row.get("note"))


def entries(db, status: str | None = None) -> list[Entry]:
    """The sources the database adds (not the rows that only keep a file source's feeds found at run time)."""
    if status is not None and status not in STATUSES:
        raise EntryError(N_("unknown status %(status)s (use one of %(statuses)s)", status=repr(status),
                            statuses=", ".join(STATUSES)))
    return [_entry(row) for row in claims_store.registry_entries(db, status) if row["status"] in STATUSES]


def _editable(db, registry: Registry, entry_id: str) -> dict:
    row = claims_store.registry_entry(db, entry_id)
    if row is None or row["status"] not in STATUSES:
        if registry.get(entry_id) is not None and registry.get(entry_id).status == "registry":
            raise EntryError(N_("%(id)s comes from the registry file; change it there", id=entry_id))
        raise EntryError(N_("no provisional or confirmed source %(id)s (`flask sources list` shows them)",
                            id=repr(entry_id)))
    if row["status"] == "merged":
        raise EntryError(N_("%(id)s was merged into %(into)s; change that source instead", id=entry_id,
                            into=row["merged_into"]))
    return row


def _check_names(registry: Registry, entry_id: str, names: list[str]) -> None:
    """No alias belongs to two sources."""
    for name in names:
        if not name_key(name):
            raise EntryError(N_("%(name)s is not a name", name=repr(name)))
        owner = registry.match(name)
        if owner is not None and owner.id != entry_id:
            raise EntryError(N_("the name %(name)s already belongs to %(id)s (%(owner)s)", name=repr(name),
                                id=owner.id, owner=owner.name))


def confirm(db, registry: Registry, entry_id: str, name: str | None = None, kind: str | None = None,
            aliases: list[str] = ()) -> Entry:
    """A reviewer vouches for a provisional source: its name (and aliases) are found in articles from now on."""
    row = _editable(db, registry, entry_id)
    if kind is not None and kind not in KINDS:
        raise EntryError(N_("unknown kind %(kind)s (use one of %(kinds)s)", kind=repr(kind), kinds=", ".join(KINDS)))
    name = (name or row["name"]).strip()
    aliases = list(dict.fromkeys([*row["aliases"], *(a.strip() for a in aliases if a.strip())]))
    _check_names(registry, entry_id, [name, *aliases])
    with write_transaction(db):
        claims_store.save_registry_entry(db, {"id": entry_id, "name": name, "kind": kind or row["kind"],
                                              "aliases": aliases, "status": "confirmed"})
    return _entry(claims_store.registry_entry(db, entry_id))


def rename(db, registry: Registry, entry_id: str, name: str) -> Entry:
    """A new display name for a provisional or confirmed source (its status unchanged)."""
    _editable(db, registry, entry_id)
    name = (name or "").strip()
    _check_names(registry, entry_id, [name])
    with write_transaction(db):
        claims_store.save_registry_entry(db, {"id": entry_id, "name": name})
    return _entry(claims_store.registry_entry(db, entry_id))


def merge(db, registry: Registry, entry_id: str, into_id: str) -> Entry:
    """`entry_id` is the same source as `into_id`: its domains and aliases go there, and everything that named
    it names `into_id` (citations, fetch attempts, documents, reasons, claims)."""
    _editable(db, registry, entry_id)
    target = registry.get(into_id)
    if target is None:
        raise EntryError(N_("no source %(id)s to merge into", id=repr(into_id)))
    if target.id == entry_id:
        raise EntryError(N_("%(id)s cannot be merged into itself", id=entry_id))
    with write_transaction(db):
        claims_store.save_registry_entry(db, {"id": entry_id, "status": "merged", "merged_into": target.id})
        claims_store.reassign_claims_source(db, entry_id, target.id)
        sources_store.reassign_source(db, entry_id, target.id)
    return _entry(claims_store.registry_entry(db, entry_id))
