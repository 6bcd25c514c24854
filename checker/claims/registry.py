"""The source registry (TOML): names, aliases in several languages, domains, feeds, sitemaps.

`load(path)` reads and validates the file (see DESIGN.md, contract: source registry). A `Registry` answers
the questions the citation steps ask: which source does this name mean (`match`), where does this text
name a known source (`mentions`), and whose page is this address (`for_url`). Names are compared folded:
case, accents and typographic apostrophes do not count, so "l’État-major ukrainien" finds the alias
"l'état-major ukrainien".

Beyond the contract's keys, a source may give its aliases by language (`aliases_fr`, `aliases_en`, any
`aliases_<code>`), and `cased`: names that count only written with their capitals, because in small letters
they are common words ("Le Monde" but not "tout le monde", "WHO" but not "who"). A leading article may be
written either way ("selon le Monde"); every other word written with a capital needs one, a word in capitals
needs capitals, and an acronym in capitals is not read inside a run of capitals (a headline: "WHO IS…").

The database may add to the file (`with_entries`): provisional sources made from a linked or cited domain,
the ones reviewers confirmed, renamed or merged, and the feeds and sitemaps found at run time.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from checker.text.fold import fold, fold_with_offsets
from checker.text.scan import trie_alternation

# The default registry sits at the package top (checker/sources.toml), where CHECKER_SOURCES may replace it.
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "sources.toml"

KINDS = ("news", "government", "organisation", "person")
# Spellings people write in a hand-edited file, accepted as the canonical kind.
KIND_SPELLINGS = {"organization": "organisation", "org": "organisation", "gov": "government"}
LIST_KEYS = ("aliases", "domains", "feeds", "sitemaps", "cased")
# aliases_fr, aliases_en, …: aliases in one language (a two- or three-letter code).
LOCALISED_KEY = re.compile(r"^aliases_([a-z]{2,3})$")

WAYBACK_DEFAULTS = {
    "available": "https://archive.org/wayback/available",
    "cdx": "https://web.archive.org/cdx/search/cdx",
}

# Leading articles dropped before comparing names: "le Pentagone" is "Pentagone".
LEADING_ARTICLE = re.compile(r"^(?:(?:the|le|la|les|el|los|las|der|die|das)\s+|l')")
LEADING_ARTICLE_WORDS = frozenset({"the", "le", "la", "les", "l", "el", "los", "las", "der", "die", "das"})
# Dots vanish ("U.S." is "US"); other punctuation separates words ("état-major" is "état major").
DOTS = re.compile(r"\.")
PUNCTUATION_IN_NAMES = re.compile(r"[\-‐‑–—_,;:!?\"“”«»()\[\]]+")
SPACES = re.compile(r"\s+")
# The words of a name, as the capitals test reads them: "l'Humanité" is "l" and "Humanité".
NAME_WORDS = re.compile(r"[^\W_]+")
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
    localised: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (language, its aliases): aliases_fr, aliases_en
    cased: tuple[str, ...] = ()  # names that count only written with their capitals
    status: str = "registry"  # registry (the file) | provisional | confirmed (the database)
    note: str | None = None  # why a provisional source exists ("linked from article 3")

    @property
    def names(self) -> tuple[str, ...]:
        """The display name first, then every alias (the language ones and the cased ones included)."""
        every = [self.name, *self.aliases, *(a for _lang, aliases in self.localised for a in aliases), *self.cased]
        return tuple(dict.fromkeys(every))

    def aliases_in(self, language: str) -> tuple[str, ...]:
        return next((aliases for lang, aliases in self.localised if lang == language), ())


@lru_cache(maxsize=4096)  # an article names the same people and bodies again and again
def name_key(name: str) -> str:
    """The key two spellings of one name share: folded, no punctuation, no leading article."""
    key = fold(name)
    key = PUNCTUATION_IN_NAMES.sub(" ", DOTS.sub("", key))
    key = SPACES.sub(" ", key).strip(" '")
    return LEADING_ARTICLE.sub("", key, count=1).strip(" '")


def _folded_alias(name: str) -> str:
    """How an alias is looked for in folded text: folded, one space between words."""
    return SPACES.sub(" ", fold(name)).strip()


def capitals_agree(written: str, found: str) -> bool:
    """Whether `found` (a folded match of `written`) keeps the capitals of `written`: a word written with a
    capital starts with one, a word in capitals (two letters or more) is in capitals; a leading article
    may be written either way."""
    written_words, found_words = NAME_WORDS.findall(written), NAME_WORDS.findall(found)
    if len(written_words) != len(found_words):
        return False
    for position, (want, got) in enumerate(zip(written_words, found_words)):
        if position == 0 and fold(want) in LEADING_ARTICLE_WORDS and len(written_words) > 1:
            continue
        if len(want) >= 2 and want.isupper():
            if not got.isupper():
                return False
        elif want[:1].isupper() and not got[:1].isupper():
            return False
    return True


def _is_acronym(written: str) -> bool:
    words = NAME_WORDS.findall(written)
    return bool(words) and all(len(w) >= 2 and w.isupper() for w in words)


def _shouted_word(text: str, start: int, end: int) -> bool:
    """True when a word in capitals (two letters or more) stands right before or right after text[start:end]."""
    before = NAME_WORDS.findall(text[max(0, start - 40):start])
    after = NAME_WORDS.findall(text[end:end + 40])
    return any(len(w) >= 2 and w.isupper() for w in (before[-1:] + after[:1]))


def _key_words(folded_aliases: list[str]) -> frozenset[str]:
    """One word (run of letters and digits) of each alias, the one fewest aliases share (then the longest;
    words of one or two letters and numbers only when the alias has nothing else):
    a text holding none of them as a word names no source. Words many aliases share ("la", "the",
    "ministere") are common in any text too, so a rarer word of the alias lets more sentences skip the scan."""
    worded = [words for words in map(NAME_WORDS.findall, folded_aliases) if words]
    shared: dict[str, int] = {}
    for words in worded:
        for word in set(words):
            shared[word] = shared.get(word, 0) + 1
    return frozenset(min(words, key=lambda w: (len(w) < 3 or w.isdigit(), shared[w], -len(w), w))
                     for words in worded)


# ---------------------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Index:
    by_id: dict
    by_key: dict  # name_key of each name written in any case → source
    by_cased_key: dict  # folded cased name → (source, the name as written)
    pattern: re.Pattern | None
    by_folded_alias: dict  # folded alias → source
    cased_aliases: dict  # folded cased alias → (source, the name as written)
    key_words: frozenset[str]
    by_domain: dict  # host without "www." → [(path prefix, source)], longest prefix first


def _domain_parts(domain: str) -> tuple[str, str]:
    """("host", "/path") of a registry domain, which may hold a port and a path prefix (ec.europa.eu/eurostat)."""
    domain = domain.strip().lower()
    if "://" in domain:
        domain = domain.split("://", 1)[1]
    host, _slash, path = domain.partition("/")
    return host.removeprefix("www."), ("/" + path.rstrip("/")) if path else ""


def _build_index(sources: list[Source]) -> _Index:
    by_id: dict[str, Source] = {}
    by_key: dict[str, Source] = {}
    by_cased_key: dict[str, tuple[Source, str]] = {}
    by_folded_alias: dict[str, Source] = {}
    cased_aliases: dict[str, tuple[Source, str]] = {}
    by_domain: dict[str, list[tuple[str, Source]]] = {}
    for source in sources:
        by_id.setdefault(source.id, source)
        cased = {_folded_alias(name) for name in source.cased}
        # A provisional source is named after its home page's title, which no reviewer has read yet ("Accueil",
        # "Home"): it is found by its domain only, until a reviewer confirms it.
        names = () if source.status == "provisional" else source.names
        for name in names:
            folded = _folded_alias(name)
            if folded in cased:
                if len(folded) >= MIN_ALIAS_LENGTH:
                    cased_aliases.setdefault(folded, (source, name))
                    by_cased_key.setdefault(folded, (source, name))
                continue
            key = name_key(name)
            if key:
                by_key.setdefault(key, source)
            if len(folded) >= MIN_ALIAS_LENGTH:
                by_folded_alias.setdefault(folded, source)
        for domain in source.domains:
            host, path = _domain_parts(domain)
            if host:
                by_domain.setdefault(host, []).append((path, source))
    for entries in by_domain.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    aliases = [*by_folded_alias, *(a for a in cased_aliases if a not in by_folded_alias)]
    # One branch per character (the aliases as a trie), so the scan costs about the same with 7 sources or 200;
    # at a position the longest alias wins, each ending on a word boundary; a space matches any run of spaces.
    pattern = re.compile(r"(?<!\w)" + trie_alternation(aliases, r"(?!\w)", r"\s+")) if aliases else None
    return _Index(by_id, by_key, by_cased_key, pattern, by_folded_alias, cased_aliases, _key_words(aliases),
                  by_domain)


# Indexes built lately, by the identities of their sources: every `load` of one file gives the same Source
# objects (see _parsed), so a command or a test that loads the registry again does not index it again.
# Each entry holds its sources, so their identities cannot be reused while it is kept.
_INDEXES: dict[tuple[int, ...], tuple[tuple[Source, ...], _Index]] = {}
_INDEXES_KEPT = 8


def _shared_index(sources: tuple[Source, ...], identity: tuple[int, ...]) -> _Index:
    kept = _INDEXES.get(identity)
    if kept is None:
        if len(_INDEXES) >= _INDEXES_KEPT:
            _INDEXES.pop(next(iter(_INDEXES)))
        kept = _INDEXES[identity] = (sources, _build_index(list(sources)))
    return kept[1]


@dataclass
class Registry:
    """Sources by id, name, alias and domain. Treat it as read-only once loaded: lookups are indexed lazily."""
    sources: list[Source] = field(default_factory=list)
    wayback: dict = field(default_factory=lambda: dict(WAYBACK_DEFAULTS))
    # A merged source's id → the id of the source it was merged into (reviewers' `flask sources merge`).
    merged: dict = field(default_factory=dict)
    _index_cache: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def _index(self) -> _Index:
        # Keyed on the identities of the sources, so a registry built by hand and then extended still works.
        identity = tuple(map(id, self.sources))
        if self._index_cache is None or self._index_cache[0] != identity:
            self._index_cache = (identity, _shared_index(tuple(self.sources), identity))
        return self._index_cache[1]

    def get(self, source_id: str | None) -> Source | None:
        """The source with this id (a merged id gives the source it was merged into)."""
        if source_id is None:
            return None
        by_id = self._index().by_id
        for _ in range(len(self.merged) + 1):
            if source_id in by_id or source_id not in self.merged:
                break
            source_id = self.merged[source_id]
        return by_id.get(source_id)

    def match(self, name: str | None) -> Source | None:
        """The source this name means (its name, an alias or its id), ignoring case, accents,
        typographic apostrophes and a leading article (a cased name must keep its capitals); None when
        nobody matches."""
        if not name or not isinstance(name, str):
            return None
        index = self._index()
        key = name_key(name)
        found = index.by_key.get(key) if key else None
        if found is not None:
            return found
        cased = index.by_cased_key.get(_folded_alias(name))
        if cased is not None and capitals_agree(cased[1], name.strip()):
            return cased[0]
        return self.get(name.strip()) if name.strip() in self.merged or name.strip() in index.by_id else None

    def mentions(self, text: str) -> list[tuple[Source, int, int]]:
        """Every place `text` names a known source: (source, start, end), offsets into `text`.

        Matches sit on word boundaries; where aliases overlap the leftmost, then longest, wins.
        """
        index = self._index()
        if not text or index.pattern is None:
            return []
        folded, offsets = fold_with_offsets(text)
        # Most sentences hold no alias's longest word at all: a set test rules them out before the scan.
        if index.key_words.isdisjoint(NAME_WORDS.findall(folded)):
            return []
        found = []
        for m in index.pattern.finditer(folded):
            alias = SPACES.sub(" ", m.group())
            start, end = offsets[m.start()], offsets[m.end()]
            source = index.by_folded_alias.get(alias)
            if source is None:
                source = self._cased_source(index, alias, text, start, end)
            if source is not None:
                found.append((source, start, end))
        return found

    @staticmethod
    def _cased_source(index: _Index, alias: str, text: str, start: int, end: int) -> Source | None:
        source, written = index.cased_aliases.get(alias, (None, ""))
        if source is None or not capitals_agree(written, text[start:end]):
            return None
        # "La Croix" is not the start of "la Croix-Rouge", nor "Sud Ouest" the end of "Grand-Sud Ouest".
        if text[end:end + 2][:1] == "-" and text[end + 1:end + 2].isalnum():
            return None
        if start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum():
            return None
        if _is_acronym(written) and _shouted_word(text, start, end):
            return None
        return source

    def for_url(self, url: str) -> Source | None:
        """The source whose domains hold this address: the host or a parent domain (edition.cnn.com is
        cnn.com's), with or without "www.", the longest path prefix first (ec.europa.eu/eurostat)."""
        parts = urlsplit(url if "://" in url or url.startswith("//") else f"//{url}")
        host = (parts.netloc or "").lower().rsplit("@", 1)[-1].removeprefix("www.")
        if not host:
            return None
        path = parts.path or "/"
        by_domain = self._index().by_domain
        labels = host.split(".")
        for i in range(len(labels)):
            for prefix, source in by_domain.get(".".join(labels[i:]), ()):
                if not prefix or path == prefix or path.startswith(prefix + "/"):
                    return source
        return None

    def for_host(self, host: str) -> Source | None:
        """The source whose domains include this host name (with or without "www.", or a parent domain)."""
        return self.for_url(f"//{host}/")

    def affiliation_of(self, source: Source) -> Source | None:
        return self.get(source.affiliation) if source.affiliation else None

    def with_entries(self, entries: list[dict]) -> "Registry":
        """This registry with what the database adds (`claims.store.registry_entries` rows): provisional and
        confirmed sources, merges (the merged source's names and domains go to the one it was merged into),
        and feeds and sitemaps found at run time for sources that list none. Applying the same rows again
        gives the same registry."""
        sources = {source.id: source for source in self.sources}
        merged = dict(self.merged)
        for entry in entries:
            known = sources.get(entry["id"])
            # The database's row is the truth for a source it made (applied again, it replaces the older copy);
            # a source of the file is never replaced by one of the database.
            if entry["status"] in ("provisional", "confirmed") and (known is None or known.status != "registry"):
                sources[entry["id"]] = Source(
                    id=entry["id"], name=entry["name"], kind=entry.get("kind") or "news",
                    aliases=tuple(entry.get("aliases") or ()), domains=tuple(entry.get("domains") or ()),
                    feeds=tuple(entry.get("feeds") or ()), sitemaps=tuple(entry.get("sitemaps") or ()),
                    status=entry["status"], note=entry.get("note"))
        for entry in entries:
            if entry["status"] == "merged" and entry.get("merged_into"):
                merged[entry["id"]] = entry["merged_into"]
                sources.pop(entry["id"], None)
        result = Registry(list(sources.values()), dict(self.wayback), merged)
        for entry in entries:
            if entry["status"] == "merged" and entry.get("merged_into"):
                target = result.get(entry["merged_into"])
                if target is not None:  # its domains and the aliases reviewers gave it (not its page's title)
                    sources[target.id] = replace(
                        sources[target.id],
                        aliases=tuple(dict.fromkeys([*sources[target.id].aliases, *(entry.get("aliases") or ())])),
                        domains=tuple(dict.fromkeys([*sources[target.id].domains, *(entry.get("domains") or ())])))
            elif entry["status"] == "registry" and entry["id"] in sources:
                known = sources[entry["id"]]
                sources[known.id] = replace(known, feeds=known.feeds or tuple(entry.get("feeds") or ()),
                                            sitemaps=known.sitemaps or tuple(entry.get("sitemaps") or ()))
        return Registry(list(sources.values()), dict(self.wayback), merged)


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
    localised = tuple((LOCALISED_KEY.match(key).group(1), _string_list(table, key, where, path))
                      for key in sorted(table) if LOCALISED_KEY.match(key))
    return Source(id=source_id, name=name, kind=kind, affiliation=affiliation.strip() if affiliation else None,
                  localised=localised, **lists)


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
    raises RegistryError with a one-line message. The file is parsed again only when it changed."""
    path = Path(path)
    try:
        stat = path.stat()
    except IsADirectoryError:
        raise RegistryError(f"{path}: is a directory, not a TOML file") from None
    sources, wayback = _parsed(str(path), stat.st_mtime_ns, stat.st_size)
    return Registry(list(sources), dict(wayback))


@lru_cache(maxsize=8)
def _parsed(path: str, _mtime_ns: int, _size: int) -> tuple[tuple[Source, ...], dict]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise RegistryError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except IsADirectoryError:
        raise RegistryError(f"{path}: is a directory, not a TOML file") from None
    registry = parse(text, path)
    return tuple(registry.sources), registry.wayback
