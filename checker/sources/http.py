"""Polite, safe HTTP for the cited sources: one session, robots.txt, per-host delays, caps, SSRF guard.

`Fetcher.get(url)` returns a `Response` or raises `FetchError` whose `reason` a person understands.
`Fetcher.get_many(requests)` fetches hosts in parallel and each host one request at a time.

Why our own retry loop rather than urllib3's `Retry`: `Retry` honours Retry-After without a cap and sleeps
outside our total deadline and our per-host turn, so a server saying "come back in an hour" would stall
the run. Redirects are followed by hand so every hop goes through the same address, scheme and robots
checks as the first request. The address check is made twice: `check_address` before each request, for a
plain reason, and `GuardedAdapter`'s connections where the socket is opened, so what is connected to is
what was checked.
"""
from __future__ import annotations

import email.utils
import functools
import ipaddress
import random
import socket
import sys
import threading
import time
import urllib.robotparser
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
import urllib3
import urllib3.connection
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
)
from urllib3.util.connection import allowed_gai_family, create_connection

from checker.config import Config
from checker.sources.pages import decode_body
from checker.text.messages import N_, Number

RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 16 * 1024
ROBOTS_AGENT = "ClaimTracker"


def server_answered(status: int) -> str:
    """"the server answered 404": how a failed answer is said, alone or inside a longer reason."""
    return N_("the server answered %(status)s", status=str(status))


class FetchError(Exception):
    """A download that did not happen; `reason` is one plain sentence, `kind` a short code."""

    def __init__(self, url: str, reason: str, kind: str = "error"):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.kind = kind


@dataclass
class Settings:
    """The fetcher's limits; the defaults are checker.config's (from_config reads an app's config)."""

    user_agent: str = Config.USER_AGENT
    connect_timeout: float = Config.FETCH_CONNECT_TIMEOUT
    read_timeout: float = Config.FETCH_READ_TIMEOUT
    deadline: float = Config.FETCH_DEADLINE
    retries: int = Config.FETCH_RETRIES
    backoff: float = Config.FETCH_BACKOFF
    retry_after_max: float = Config.FETCH_RETRY_AFTER_MAX
    host_delay: float = Config.FETCH_HOST_DELAY
    crawl_delay_max: float = Config.FETCH_CRAWL_DELAY_MAX
    host_workers: int = Config.FETCH_HOST_WORKERS
    max_bytes: int = Config.FETCH_MAX_BYTES
    max_redirects: int = Config.FETCH_MAX_REDIRECTS
    robots_ttl: float = Config.FETCH_ROBOTS_TTL
    robots_max_bytes: int = Config.FETCH_ROBOTS_MAX_BYTES
    allow_private: bool = False

    @classmethod
    def from_config(cls, config) -> "Settings":
        return cls(
            user_agent=config["USER_AGENT"], connect_timeout=config["FETCH_CONNECT_TIMEOUT"],
            read_timeout=config["FETCH_READ_TIMEOUT"], deadline=config["FETCH_DEADLINE"],
            retries=config["FETCH_RETRIES"], backoff=config["FETCH_BACKOFF"],
            retry_after_max=config["FETCH_RETRY_AFTER_MAX"], host_delay=config["FETCH_HOST_DELAY"],
            crawl_delay_max=config["FETCH_CRAWL_DELAY_MAX"], host_workers=config["FETCH_HOST_WORKERS"],
            max_bytes=config["FETCH_MAX_BYTES"], max_redirects=config["FETCH_MAX_REDIRECTS"],
            robots_ttl=config["FETCH_ROBOTS_TTL"], robots_max_bytes=config["FETCH_ROBOTS_MAX_BYTES"],
            allow_private=bool(config["CHECKER_ALLOW_PRIVATE"]),
        )


@dataclass
class Response:
    url: str  # what was asked for
    final_url: str  # where the last redirect led
    status: int
    headers: dict
    body: bytes
    fetched_at: str
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        return decode_body(self.body, self.headers.get("Content-Type", ""))


@dataclass
class Request:
    """One URL to fetch, with the validators of the copy we already hold (conditional GET)."""
    url: str
    etag: str | None = None
    last_modified: str | None = None


# ---------------------------------------------------------------------------------------------------
# Pure helpers: addresses
# ---------------------------------------------------------------------------------------------------

def _ip_from_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def check_address(url: str, allow_private: bool) -> None:
    """Refuse anything but http(s) to a public address. Integer, hex and octal host forms
    (http://2130706433/, http://0x7f.1/) are resolved the way the C library would, then checked."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(url, N_("only http and https addresses are fetched, not %(scheme)s", scheme=parts.scheme)
                         if parts.scheme else N_("only http and https addresses are fetched, not a bare path"),
                         "scheme")
    host = parts.hostname
    if not host:
        raise FetchError(url, N_("the address has no host name"), "scheme")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchError(url, N_("the address has an invalid port"), "scheme") from None
    literal = _ip_from_literal(host)
    addresses = [literal] if literal else []
    if not addresses:
        try:
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError):
            raise FetchError(url, N_("the host name %(host)s could not be resolved (no DNS answer)", host=host),
                             "dns") from None
        addresses = [_ip_of(info[4]) for info in infos]
    for address in addresses:
        reason = address_refusal(host, address, allow_private)
        if reason:
            raise FetchError(url, reason, "ssrf")


def _ip_of(sockaddr: tuple) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(sockaddr[0].split("%")[0])


# NAT64 (RFC 6052): the well-known prefix, and the local-use prefix of RFC 8215, both read in their /96 form
# (the IPv4 address in the last 32 bits), the one NAT64 gateways use.
NAT64_PREFIXES = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
IP = ipaddress.IPv4Address | ipaddress.IPv6Address


def carried_ipv4(address: IP) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 transition address leads to: IPv4-mapped (::ffff:a.b.c.d), 6to4 (2002::/16),
    Teredo (2001::/32: its server and its client) and NAT64; empty for anything else. A packet sent to one of
    these ends at the IPv4 address it carries, so that is the address to judge."""
    if address.version != 6:
        return []
    if address.ipv4_mapped:
        return [address.ipv4_mapped]
    if address.sixtofour:
        return [address.sixtofour]
    if address.teredo:
        return list(address.teredo)
    if any(address in prefix for prefix in NAT64_PREFIXES):
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return []


def address_refusal(host: str, address: IP, allow_private: bool) -> str | None:
    """Why `host` may not be fetched at `address`, or None when the address is allowed.

    A transition address is judged by the IPv4 address(es) it carries: 2002:7f00:1:: is 127.0.0.1."""
    for judged in carried_ipv4(address) or [address]:
        reason = _refusal(judged)
        if reason == "never" or (reason == "private" and not allow_private):
            shown = N_("%(address)s, which leads to %(judged)s", address=str(address), judged=str(judged)) \
                if judged != address else str(address)
            if reason == "never":
                return N_("refused: %(host)s points to a link-local, reserved or multicast address (%(shown)s)",
                          host=host, shown=shown)
            return N_("refused: %(host)s points to a non-public address (%(shown)s); set CHECKER_ALLOW_PRIVATE=1 "
                      "only for local test servers", host=host, shown=shown)
    return None


def _refusal(address: IP) -> str | None:
    """"never" for what is never a source, "private" for loopback and private networks, None for public."""
    # Link-local (cloud metadata at 169.254.169.254), unspecified, multicast and reserved addresses are never a
    # source, even when CHECKER_ALLOW_PRIVATE lets tests reach loopback and private test servers.
    if address.is_link_local or address.is_unspecified or address.is_multicast or address.is_reserved:
        return "never"
    if address.is_private or address.is_loopback:
        return "private"
    # is_global also leaves out what is neither private nor public, such as shared address space (100.64/10).
    return None if address.is_global else "private"


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds, from either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------------------
# The connection: the address policy applied where the socket is opened
# ---------------------------------------------------------------------------------------------------

class AddressRefused(Exception):
    """A connection refused by the address policy; `reason` is the sentence `check_address` would give.

    Deliberately not an OSError nor a urllib3 error, so neither urllib3 nor requests retries it or
    rewords it as "could not connect": it reaches `Fetcher._download` as it was raised."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _GuardedConnection:
    """Mixed into urllib3's HTTP and HTTPS connections: the host name is resolved once, every answer
    goes through `address_refusal`, and the socket goes only to those answers. `check_address` alone
    resolved the name, then the connection resolved it again, so a DNS-rebinding host could answer a
    public address to the check and a private one to the connection."""

    def __init__(self, *args, allow_private: bool = False, **kwargs):
        self.allow_private = allow_private
        super().__init__(*args, **kwargs)

    # The one private hook: urllib3 2.x's `HTTPConnection._new_conn`, which opens the TCP socket for
    # both connection classes (HTTPS wraps it in TLS afterwards, and `connect()` keeps `self.host` as
    # the SNI name and the name the certificate is checked against). No public option of urllib3 or
    # requests chooses the address a connection goes to. The exceptions are those the original raises,
    # so timeouts and connection errors read and retry as before.
    def _new_conn(self) -> socket.socket:
        host = self.host.strip("[]")
        try:
            infos = socket.getaddrinfo(host, self.port, allowed_gai_family(), socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise NameResolutionError(self.host, self, error) from error
        addresses: list[str] = []
        for info in infos:
            reason = address_refusal(host, _ip_of(info[4]), self.allow_private)
            if reason:
                raise AddressRefused(reason)
            if info[4][0] not in addresses:
                addresses.append(info[4][0])
        failure: Exception = NewConnectionError(self, f"Failed to establish a new connection: no address for {host}")
        for address in addresses:
            try:
                # A numeric address: create_connection's own getaddrinfo does no DNS lookup.
                sock = create_connection((address, self.port), self.timeout, source_address=self.source_address,
                                         socket_options=self.socket_options)
            except socket.timeout:
                failure = ConnectTimeoutError(self, f"Connection to {self.host} timed out. "
                                                    f"(connect timeout={self.timeout})")
            except OSError as error:
                failure = NewConnectionError(self, f"Failed to establish a new connection: {error}")
            else:
                sys.audit("http.client.connect", self, self.host, self.port)
                return sock
        raise failure


class GuardedHTTPConnection(_GuardedConnection, urllib3.connection.HTTPConnection):
    pass


class GuardedHTTPSConnection(_GuardedConnection, urllib3.connection.HTTPSConnection):
    pass


class _GuardedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class _GuardedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter with pools whose connections apply the address policy (see `_GuardedConnection`).

    `allow_private` reaches each connection through the pool's keyword arguments, which urllib3 hands
    to every connection it makes."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private
        super().__init__()

    def init_poolmanager(self, connections, maxsize, block=requests.adapters.DEFAULT_POOLBLOCK, **pool_kwargs):
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": functools.partial(_GuardedHTTPPool, allow_private=self.allow_private),
            "https": functools.partial(_GuardedHTTPSPool, allow_private=self.allow_private),
        }

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        # Through a proxy the proxy would pick the address, past our check; the session sets
        # trust_env = False and no proxies, so this only stops a future change from opening that door.
        raise AddressRefused(N_("refused: the fetcher does not go through proxies (%(proxy)s)", proxy=str(proxy)))


# ---------------------------------------------------------------------------------------------------
# The fetcher
# ---------------------------------------------------------------------------------------------------

@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None with `allow_all` deciding
    allow_all: bool
    note: str
    read_at: float


class Fetcher:
    """One requests Session, a turn per host, a robots.txt cache. Safe to share between threads."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.session = requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.max_redirects = settings.max_redirects
        self.session.trust_env = False  # no proxy or .netrc surprises; proxies would skip the address check
        guarded = GuardedAdapter(settings.allow_private)
        self.session.mount("http://", guarded)
        self.session.mount("https://", guarded)
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self.requests_made: list[str] = []  # every URL actually requested, in order
        self.body_bytes = 0  # body bytes received, for the benchmark

    def close(self) -> None:
        self.session.close()

    # -- politeness ---------------------------------------------------------------------------------

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def _delay_for(self, host: str) -> float:
        robots = self._robots.get(host)
        crawl = None
        if robots and robots.parser is not None:
            crawl = robots.parser.crawl_delay(ROBOTS_AGENT)
        return max(self.settings.host_delay, float(crawl or 0))

    def _wait_turn(self, host: str) -> None:
        """Sleep until this host's delay since its last request has passed (caller holds the host lock)."""
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self._delay_for(host) - time.monotonic()
            if wait > 0:
                time.sleep(wait)

    def _mark(self, host: str, url: str) -> None:
        self._last_request[host] = time.monotonic()
        with self._lock:
            self.requests_made.append(url)

    # -- robots.txt ---------------------------------------------------------------------------------

    def _robots_for(self, url: str) -> _Robots:
        host = host_key(url)
        cached = self._robots.get(host)
        if cached and time.monotonic() - cached.read_at < self.settings.robots_ttl:
            return cached
        robots_url = host + "/robots.txt"
        try:
            response = self._robots_download(robots_url)
        except FetchError as error:
            entry = _Robots(None, False, N_("robots.txt of %(host)s could not be read (%(reason)s), so nothing is "
                                            "fetched from that host", host=urlsplit(url).netloc, reason=error.reason),
                            time.monotonic())
        else:
            if response.status >= 500:
                entry = _Robots(None, False, N_("robots.txt of %(host)s answered %(status)s, so nothing is fetched "
                                                "from that host", host=urlsplit(url).netloc,
                                                status=str(response.status)),
                                time.monotonic())
            elif response.status >= 400:
                entry = _Robots(None, True, "no robots.txt", time.monotonic())
            else:
                parser = urllib.robotparser.RobotFileParser(robots_url)
                parser.parse(decode_body(response.body, response.headers.get("Content-Type", "")).splitlines())
                entry = _Robots(parser, True, "robots.txt read", time.monotonic())
        self._robots[host] = entry
        return entry

    def _robots_download(self, robots_url: str) -> Response:
        """robots.txt, redirects followed by hand (each hop address-checked); a redirect elsewhere
        is read like any answer, as Google's crawler does."""
        deadline = time.monotonic() + self.settings.deadline
        current = robots_url
        for _ in range(self.settings.max_redirects + 1):
            check_address(current, self.settings.allow_private)
            response = self._download(current, {}, self.settings.robots_max_bytes, deadline, host_key(current))
            location = response.headers.get("Location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            current = urljoin(current, location)
        raise FetchError(robots_url, N_("robots.txt redirects too many times"), "redirects")

    def robots_sitemaps(self, url: str) -> list[str]:
        """The `Sitemap:` lines of the robots.txt of `url`'s host (read once, as for every fetch there)."""
        entry = self._robots_for(url)
        if entry.parser is None:
            return []
        return list(entry.parser.site_maps() or [])

    def allowed(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt lets us fetch `url`, and why not."""
        entry = self._robots_for(url)
        if entry.parser is None:
            return entry.allow_all, entry.note
        if not entry.parser.can_fetch(ROBOTS_AGENT, url):
            return False, N_("robots.txt of %(host)s disallows this page; it was not fetched",
                             host=urlsplit(url).netloc)
        crawl = entry.parser.crawl_delay(ROBOTS_AGENT)
        if crawl and float(crawl) > self.settings.crawl_delay_max:
            return False, N_("robots.txt of %(host)s asks for %(asked)s s between requests, more than our %(limit)s s "
                             "limit; not fetched", host=urlsplit(url).netloc, asked=str(crawl),
                             limit=Number(self.settings.crawl_delay_max, "g"))
        return True, "allowed"

    # -- one download -------------------------------------------------------------------------------

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch `url` politely; a 304 answer comes back with an empty body (re-use the archived copy)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.settings.deadline
        return self._follow(url, headers, deadline)

    def _follow(self, url: str, headers: dict, deadline: float) -> Response:
        seen = [url]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            check_address(current, self.settings.allow_private)
            ok, why = self.allowed(current)
            if not ok:
                raise FetchError(current, why, "robots")
            response = self._with_retries(current, headers, deadline)
            location = response.headers.get("Location")
            if response.status not in REDIRECT_STATUSES or not location:
                response.url, response.redirects = url, seen[1:]
                return response
            following = urljoin(current, location)
            if following in seen:
                raise FetchError(url, N_("redirect loop: %(page)s sends us back to %(target)s", page=current,
                                          target=following), "redirects")
            seen.append(following)
            current = following
        raise FetchError(url, N_("more than %(count)s redirects; gave up", count=str(self.settings.max_redirects)),
                         "redirects")

    def _with_retries(self, url: str, headers: dict, deadline: float) -> Response:
        host = host_key(url)
        attempt = 0
        while True:
            try:
                response = self._download(url, headers, self.settings.max_bytes, deadline, host)
            except FetchError as error:
                if error.kind not in {"connect"} or attempt >= self.settings.retries:
                    raise
                wait = self._backoff(attempt)
                failure = error
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                asked = retry_after_seconds(response.headers.get("Retry-After"))
                described = server_answered(response.status)
                if asked is not None and asked > self.settings.retry_after_max:
                    raise FetchError(url, N_("%(answer)s and asked us to wait %(asked)s s, more than our %(limit)s s "
                                             "limit", answer=described, asked=Number(asked, "g"),
                                             limit=Number(self.settings.retry_after_max, "g")), "http")
                if attempt >= self.settings.retries:
                    raise FetchError(url, N_("%(answer)s %(count)s times; gave up", answer=described,
                                             count=str(attempt + 1)), "http")
                wait = asked if asked is not None else self._backoff(attempt)
                failure = FetchError(url, described, "http")
            if time.monotonic() + wait > deadline:
                raise FetchError(url, N_("%(reason)s; retrying would pass the %(deadline)s s deadline",
                                         reason=failure.reason, deadline=Number(self.settings.deadline, "g")),
                                 failure.kind)
            time.sleep(wait)
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff * (2 ** attempt)
        return min(base + random.uniform(0, self.settings.backoff), self.settings.retry_after_max)

    def _download(self, url: str, headers: dict, max_bytes: int, deadline: float, host: str) -> Response:
        """One request, no redirects followed, body streamed under the size cap and the deadline."""
        with self._host_lock(host):
            self._wait_turn(host)
            self._mark(host, url)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(url, N_("the %(deadline)s s deadline passed before the request",
                                         deadline=Number(self.settings.deadline, "g")), "timeout")
            timeout = (min(self.settings.connect_timeout, remaining), min(self.settings.read_timeout, remaining))
            try:
                raw = self.session.get(url, headers=headers, stream=True, allow_redirects=False, timeout=timeout)
            except AddressRefused as refusal:
                raise FetchError(url, refusal.reason, "ssrf") from None
            except requests.exceptions.ConnectTimeout:
                raise FetchError(url, N_("could not connect within %(seconds)s s", seconds=Number(timeout[0], "g")),
                                 "connect") from None
            except requests.exceptions.ReadTimeout:
                raise FetchError(url, N_("the server sent nothing for %(seconds)s s (timeout)",
                                         seconds=Number(timeout[1], "g")), "timeout") from None
            except requests.exceptions.ConnectionError:
                raise FetchError(url, N_("could not connect (host down or the network is off)"), "connect") from None
            except requests.exceptions.RequestException as error:
                raise FetchError(url, N_("the request failed (%(error)s)", error=type(error).__name__),
                                 "error") from None
            try:
                body = self._read_body(raw, url, max_bytes, deadline)
            finally:
                raw.close()
        return Response(url=url, final_url=url, status=raw.status_code, headers=dict(raw.headers),
                        body=body, fetched_at=_now())

    def _read_body(self, raw: requests.Response, url: str, max_bytes: int, deadline: float) -> bytes:
        declared = raw.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(url, N_("the page is %(size)s bytes, over the %(limit)s-byte limit",
                                     size=Number(int(declared)), limit=Number(max_bytes)), "size")
        # A body trickled one byte at a time never trips the read timeout; the watchdog closes the
        # connection at the deadline so the blocked read below returns.
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            raw.close()

        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), expire)
        watchdog.daemon = True
        watchdog.start()
        too_slow = FetchError(url, N_("the download took longer than the %(deadline)s s deadline (body too slow)",
                                      deadline=Number(self.settings.deadline, "g")), "timeout")
        chunks, size = [], 0
        try:
            while True:
                try:
                    chunk = raw.raw.read1(CHUNK, decode_content=True)
                except (urllib3.exceptions.HTTPError, requests.exceptions.RequestException, OSError,
                        ValueError, AttributeError) as error:
                    if expired.is_set():
                        raise too_slow from None
                    name = type(error).__name__
                    raise FetchError(url, N_("the connection broke during the download (%(error)s)", error=name),
                                     "timeout" if "Timeout" in name else "error") from None
                if expired.is_set():
                    raise too_slow
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(url, N_("the page is over the %(limit)s-byte limit; download stopped",
                                             limit=Number(max_bytes)), "size")
                chunks.append(chunk)
        finally:
            watchdog.cancel()
        with self._lock:
            self.body_bytes += size
        return b"".join(chunks)

    # -- many downloads -----------------------------------------------------------------------------

    def get_many(self, requests_: list[Request], on_done=None) -> list[Response | FetchError]:
        """Fetch every request; hosts in parallel, each host one at a time. Results in input order."""
        by_host: dict[str, list[int]] = {}
        for index, request in enumerate(requests_):
            by_host.setdefault(host_key(request.url), []).append(index)
        results: list[Response | FetchError | None] = [None] * len(requests_)

        def run_host(indexes: list[int]) -> None:
            for index in indexes:
                request = requests_[index]
                try:
                    results[index] = self.get(request.url, request.etag, request.last_modified)
                except FetchError as error:
                    results[index] = error
                if on_done:
                    on_done(request.url, results[index])

        workers = max(1, min(self.settings.host_workers, len(by_host)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run_host, by_host.values()))
        return results  # type: ignore[return-value]
