"""The source registry (TOML): names, aliases in several languages, domains, feeds, sitemaps.

STUB: the minimal registry; the "Cited sources" issue completes it with citations and discovery.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str = "news"
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    affiliation: str | None = None


@dataclass
class Registry:
    sources: list[Source] = field(default_factory=list)
    wayback: dict = field(default_factory=dict)

    def get(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


def load(path: str | Path) -> Registry:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    sources = [Source(id=s["id"], name=s["name"], kind=s.get("kind", "news"),
                      aliases=tuple(s.get("aliases", ())), domains=tuple(s.get("domains", ())),
                      feeds=tuple(s.get("feeds", ())), sitemaps=tuple(s.get("sitemaps", ())),
                      affiliation=s.get("affiliation"))
               for s in data.get("source", [])]
    return Registry(sources, data.get("wayback", {}))
