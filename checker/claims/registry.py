"""The source registry (TOML): names, aliases in several languages, domains, feeds, sitemaps.

`load(path)` reads and validates the file (see DESIGN.md, contract: source registry). A `Registry` answers
two questions the citation steps ask: which source does this name mean (`match`), and where does this text
name a known source (`mentions`). Names are compared folded: case, accents and typographic apostrophes
do not count, so "l’État-major ukrainien" finds the alias "l'état-major ukrainien".
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from checker.text.fold import fold, fold_with_offsets

# The default registry sits at the package top (checker/sources.toml), where CHECKER_SOURCES may replace it.
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "sources.toml"

KINDS = ("news", "government", "organisation", "person")
# Spellings people write in a hand-edited file, accepted as the canonical kind.
KIND_SPELLINGS = {"organization": "organisation", "org": "organisation", "gov": "government"}
LIST_KEYS = ("aliases", "domains", "feeds", "sitemaps")

WAYBACK_DEFAULTS = {
    "available": "https://archive.org/wayback/available",
    "cdx": "https://web.archive.org/cdx/search/cdx",
}

# Leading articles dropped before comparing names: "le Pentagone" is "Pentagone".
LEADING_ARTICLE = re.compile(r"^(?:(?:the|le|la|les|el|los|las|der|die|das)\s+|l')")
# Dots vanish ("U.S." is "US"); other punctuation separates words ("état-major" is "état major").
DOTS = re.compile(r"\.")
PUNCTUATION_IN_NAMES = re.compile(r"[\-‐‑–—_,;:!?\"“”«»()\[\]]+")
SPACES = re.compile(r"\s+")
MIN_ALIAS_LENGTH = 2


class RegistryError(ValueError):
    """The registry file cannot be used; the message says which file and what is wrong, on one line."""


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

    @property
    def names(self) -> tuple[str, ...]:
        """The display name first, then every alias."""
        return (self.name, *self.aliases)


@lru_cache(maxsize=4096)  # an article names the same people and bodies again and again
def name_key(name: str) -> str:
    """The key two spellings of one name share: folded, no punctuation, no leading article."""
    key = fold(name)
    key = PUNCTUATION_IN_NAMES.sub(" ", DOTS.sub("", key))
    key = SPACES.sub(" ", key).strip(" '")
    return LEADING_ARTICLE.sub("", key, count=1).strip(" '")


def _alias_pattern(folded_alias: str) -> str:
    # Any run of spaces in the text matches one space in the alias.
    return r"\s+".join(re.escape(part) for part in folded_alias.split())


def _aliases_pattern(folded_aliases: list[str]) -> str:
    """The alternation of the aliases, in their order, grouped by first character: re tries the alternatives
    one by one at each character of the text, and aliases with another first character cannot match there,
    so a group stands for all of its aliases in one test."""
    groups: dict[str, list[str]] = {}
    for alias in folded_aliases:
        groups.setdefault(alias[0], []).append(_alias_pattern(alias)[len(re.escape(alias[0])):])
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


# ---------------------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Index:
    by_key: dict
    pattern: re.Pattern | None
    by_folded_alias: dict
    # A word of each alias (its longest), minus those holding another: text holding none names no source.
    alias_words: tuple[str, ...]


def _alias_words(folded_aliases: list[str]) -> tuple[str, ...]:
    longest = {max(alias.split(), key=len) for alias in folded_aliases}
    return tuple(sorted(word for word in longest if not any(other in word for other in longest - {word})))


def _build_index(sources: list[Source]) -> _Index:
    by_key: dict[str, Source] = {}
    by_folded_alias: dict[str, Source] = {}
    for source in sources:
        for name in (*source.names, source.id):
            key = name_key(name)
            if key:
                by_key.setdefault(key, source)
        for name in source.names:
            folded = SPACES.sub(" ", fold(name)).strip()
            if len(folded) >= MIN_ALIAS_LENGTH:
                by_folded_alias.setdefault(folded, source)
    # Longest alias first, so the regex alternation prefers "le Washington Post" to "Washington Post".
    aliases = sorted(by_folded_alias, key=len, reverse=True)
    pattern = None
    if aliases:
        pattern = re.compile(r"(?<!\w)(?:" + _aliases_pattern(aliases) + r")(?!\w)")
    return _Index(by_key, pattern, by_folded_alias, _alias_words(aliases))


@dataclass
class Registry:
    """Sources by id, name and alias. Treat it as read-only once loaded: lookups are indexed lazily."""
    sources: list[Source] = field(default_factory=list)
    wayback: dict = field(default_factory=lambda: dict(WAYBACK_DEFAULTS))
    _index_cache: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def _index(self) -> _Index:
        # Keyed on the identities of the sources, so a registry built by hand and then extended still works.
        identity = tuple(map(id, self.sources))
        if self._index_cache is None or self._index_cache[0] != identity:
            self._index_cache = (identity, _build_index(self.sources))
        return self._index_cache[1]

    def get(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def match(self, name: str | None) -> Source | None:
        """The source this name means (its name, an alias or its id), ignoring case, accents,
        typographic apostrophes and a leading article; None when nobody matches."""
        if not name:
            return None
        key = name_key(name)
        return self._index().by_key.get(key) if key else None

    def mentions(self, text: str) -> list[tuple[Source, int, int]]:
        """Every place `text` names a known source: (source, start, end), offsets into `text`.

        Matches sit on word boundaries; where aliases overlap the leftmost, then longest, wins.
        """
        index = self._index()
        if not text or index.pattern is None:
            return []
        folded, offsets = fold_with_offsets(text)
        # The alternation of every alias is tried at each character; most sentences hold no alias word at
        # all, which substring tests rule out first (each alias is matched word for word). map() keeps the
        # loop in C.
        if not any(map(folded.__contains__, index.alias_words)):
            return []
        found = []
        for m in index.pattern.finditer(folded):
            source = index.by_folded_alias.get(SPACES.sub(" ", m.group()))
            if source is not None:
                found.append((source, offsets[m.start()], offsets[m.end()]))
        return found

    def for_host(self, host: str) -> Source | None:
        """The source whose domains include this host name (with or without "www.")."""
        wanted = host.lower().removeprefix("www.")
        for source in self.sources:
            if any(d.lower().removeprefix("www.") == wanted for d in source.domains):
                return source
        return None

    def affiliation_of(self, source: Source) -> Source | None:
        return self.get(source.affiliation) if source.affiliation else None


# ---------------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------------

def _describe(position: int, table: dict) -> str:
    label = table.get("id") or table.get("name")
    return f"source #{position}" + (f" ({label!r})" if isinstance(label, str) and label else "")


def _string_list(table: dict, key: str, where: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        raise RegistryError(f"{path}: {where}: {key} must be a list of strings, like {key} = [{value!r}]")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{path}: {where}: {key} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _required_text(table: dict, key: str, where: str, path: Path) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{path}: {where} has no {key} (add {key} = \"...\")")
    return value.strip()


def _source_from_table(table: object, position: int, path: Path) -> Source:
    if not isinstance(table, dict):
        raise RegistryError(f"{path}: source #{position} is not a table; write each one as [[source]]")
    where = _describe(position, table)
    source_id = _required_text(table, "id", where, path)
    name = _required_text(table, "name", where, path)
    kind = str(table.get("kind", "news")).strip().lower()
    kind = KIND_SPELLINGS.get(kind, kind)
    if kind not in KINDS:
        raise RegistryError(f"{path}: {where}: unknown kind {table.get('kind')!r} (use one of {', '.join(KINDS)})")
    affiliation = table.get("affiliation")
    if affiliation is not None and (not isinstance(affiliation, str) or not affiliation.strip()):
        raise RegistryError(f"{path}: {where}: affiliation must be the id of another source")
    lists = {key: _string_list(table, key, where, path) for key in LIST_KEYS}
    return Source(id=source_id, name=name, kind=kind, affiliation=affiliation.strip() if affiliation else None,
                  **lists)


def _check_ids(sources: list[Source], path: Path) -> None:
    seen: dict[str, int] = {}
    for position, source in enumerate(sources, start=1):
        if source.id in seen:
            raise RegistryError(f"{path}: duplicate id {source.id!r} (sources #{seen[source.id]} and #{position})")
        seen[source.id] = position
    for source in sources:
        if source.affiliation and source.affiliation not in seen:
            raise RegistryError(f"{path}: source {source.id!r} names an unknown affiliation "
                                f"{source.affiliation!r} (no source has that id)")


def _wayback_from(data: dict, path: Path) -> dict:
    table = data.get("wayback", {})
    if not isinstance(table, dict):
        raise RegistryError(f"{path}: wayback must be a table: [wayback]")
    wayback = dict(WAYBACK_DEFAULTS)
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise RegistryError(f"{path}: wayback.{key} must be a URL string")
        wayback[key] = value.strip()
    return wayback


def parse(text: str, path: str | Path = "<registry>") -> Registry:
    """Build a registry from TOML text; `path` only names the file in error messages."""
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = " ".join(str(error).split())
        raise RegistryError(f"{path}: not valid TOML: {message}") from None
    tables = data.get("source", [])
    if isinstance(tables, dict):
        raise RegistryError(f"{path}: write sources as [[source]] (an array of tables), not [source]")
    if not isinstance(tables, list):
        raise RegistryError(f"{path}: 'source' must be a list of [[source]] tables")
    sources = [_source_from_table(table, position, path) for position, table in enumerate(tables, start=1)]
    _check_ids(sources, path)
    return Registry(sources, _wayback_from(data, path))


def load(path: str | Path = DEFAULT_PATH) -> Registry:
    """Read and validate a registry file. A missing file raises FileNotFoundError; anything else wrong
    raises RegistryError with a one-line message."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise RegistryError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except IsADirectoryError:
        raise RegistryError(f"{path}: is a directory, not a TOML file") from None
    return parse(text, path)
