"""The fetcher against a real local server: timeouts, retries, redirects, caps, charset, robots, SSRF."""
from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time

import pytest
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from checker.sources.http import (
    AddressRefused,
    FetchError,
    GuardedHTTPConnection,
    GuardedHTTPSConnection,
    Request,
    check_address,
)
from tests.support.standin_web import StandinHost

MB = 1024 * 1024


def test_requests_carry_our_named_user_agent_with_a_contact_url(host, fetcher):
    host.route("/a", b"<p>ok</p>")
    fetcher.get(host.url("/a"))
    assert host.requests[-1].headers["User-Agent"] == fetcher.settings.user_agent
    assert "(+https://example.org/contact)" in fetcher.settings.user_agent


def test_a_server_that_never_answers_ends_in_a_timeout_error(host, fetcher):
    def slow(request):
        time.sleep(1.0)
        return Response("late")
    host.route("/slow", slow)
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/slow"))
    assert error.value.kind == "timeout"
    assert "timeout" in error.value.reason


def test_a_body_trickled_slowly_is_cut_at_the_total_deadline(host, make_fetcher):
    def trickle(request):
        def drip():
            for _ in range(200):
                time.sleep(0.02)
                yield b"x"
        return Response(drip(), content_type="text/html")
    host.route("/trickle", trickle)
    fetcher = make_fetcher(deadline=0.6)
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/trickle"))
    assert error.value.kind == "timeout"
    assert "deadline" in error.value.reason


@pytest.mark.parametrize("status", [429, 503])
def test_429_and_503_with_retry_after_are_retried_then_succeed(host, fetcher, status):
    answers = iter([Response("busy", status=status, headers={"Retry-After": "0"}), Response("<p>fine</p>")])
    host.route("/busy", lambda request: next(answers))
    response = fetcher.get(host.url("/busy"))
    assert response.status == 200
    assert host.paths().count("/busy") == 2


def test_a_retry_after_longer_than_our_cap_gives_up_with_the_reason(host, fetcher):
    host.route("/later", b"busy", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/later"))
    assert "3600" in error.value.reason and "limit" in error.value.reason
    assert host.paths().count("/later") == 1


def test_persistent_503_gives_up_after_the_configured_retries(host, fetcher):
    host.route("/down", b"down", status=503)
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/down"))
    assert "503" in error.value.reason
    assert host.paths().count("/down") == 3  # first try + 2 retries


def test_a_redirect_loop_is_detected(host, fetcher):
    host.route("/a", b"", status=302, headers={"Location": "/b"})
    host.route("/b", b"", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/a"))
    assert "redirect loop" in error.value.reason


def test_more_than_five_redirects_are_refused(host, fetcher):
    for n in range(8):
        host.route(f"/r{n}", b"", status=301, headers={"Location": f"/r{n + 1}"})
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/r0"))
    assert "more than 5 redirects" in error.value.reason
    assert "/r6" not in host.paths()


def test_a_redirect_to_the_cloud_metadata_address_is_refused_even_with_private_allowed(host, fetcher):
    host.route("/go", b"", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/go"))
    assert error.value.kind == "ssrf"


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f000001/", "http://127.1/", "http://[::1]/",
                                 "http://10.0.0.8/", "http://192.168.1.1/", "http://[fd00::1]/",
                                 "http://169.254.169.254/"])
def test_non_global_addresses_are_refused_by_default(url):
    with pytest.raises(FetchError) as error:
        check_address(url, allow_private=False)
    assert error.value.kind == "ssrf"
    assert "non-public" in error.value.reason or "link-local" in error.value.reason


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "gopher://example.org/"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError) as error:
        check_address(url, allow_private=True)
    assert error.value.kind == "scheme"


# The address policy at connect time. "localhost" resolves to 127.0.0.1 through the system resolver, so a
# name that passes no pre-check still reaches the connection: these tests go through the session (or a bare
# connection) and skip `check_address`, or through `Fetcher.get` with a name that rebinds after the pre-check.

def test_a_name_resolving_to_loopback_is_refused_at_connect_time_without_allow_private(host, make_fetcher):
    host.route("/a", b"<p>private</p>")
    fetcher = make_fetcher(allow_private=False)
    with pytest.raises(AddressRefused) as error:
        fetcher.session.get(f"http://localhost:{host.port}/a", timeout=1)
    assert "non-public address (127.0.0.1)" in error.value.reason
    assert "CHECKER_ALLOW_PRIVATE" in error.value.reason  # the refusal says what would allow a test server
    with pytest.raises(AddressRefused):
        GuardedHTTPConnection("localhost", host.port, allow_private=False).connect()
    assert host.requests == []


def test_a_name_resolving_to_loopback_is_reached_with_allow_private(host, fetcher):
    host.route("/a", b"<p>private</p>")
    response = fetcher.session.get(f"http://localhost:{host.port}/a", timeout=1)
    assert response.status_code == 200 and response.content == b"<p>private</p>"


@pytest.fixture
def rebinding_dns(monkeypatch):
    """rebinding_dns(name, first, then): `name` resolves to `first` until the stand-in web has answered one
    request, then to `then`, as a DNS-rebinding host would (every other name resolves as usual)."""
    resolve = socket.getaddrinfo

    def install(name: str, first: str, then: str, host: StandinHost) -> None:
        def getaddrinfo(hostname, port, *args, **kwargs):
            if hostname == name:
                hostname = then if host.requests else first
            return resolve(hostname, port, *args, **kwargs)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return install


def test_a_host_rebinding_after_the_check_is_refused_at_connect_time_as_ssrf_and_not_retried(host, make_fetcher,
                                                                                            rebinding_dns):
    host.route("/robots.txt", b"User-agent: *\nAllow: /\n", content_type="text/plain",
               headers={"Connection": "close"})  # the page needs a new connection, hence a new lookup
    host.route("/a", b"<p>private</p>")
    rebinding_dns("rebinding.test", "127.0.0.1", "169.254.169.254", host)
    fetcher = make_fetcher(retries=2)
    url = f"http://rebinding.test:{host.port}/a"
    with pytest.raises(FetchError) as error:
        fetcher.get(url)  # the pre-check saw 127.0.0.1 (allowed here); the connection would go to 169.254.169.254
    assert error.value.kind == "ssrf"
    assert "link-local" in error.value.reason
    assert fetcher.requests_made == [f"http://rebinding.test:{host.port}/robots.txt", url]
    assert host.paths() == ["/robots.txt"]


@pytest.mark.parametrize("address", ["169.254.169.254", "169.254.0.1"])
def test_link_local_is_refused_at_connect_time_even_with_allow_private(address):
    with pytest.raises(AddressRefused) as error:
        GuardedHTTPConnection(address, 80, allow_private=True, timeout=0.5).connect()
    assert "link-local" in error.value.reason
    with pytest.raises(AddressRefused):
        GuardedHTTPSConnection(address, 443, allow_private=True, timeout=0.5).connect()


@pytest.fixture
def tls_localhost(tmp_path):
    """A TLS server on 127.0.0.1 whose self-signed certificate names only "localhost"."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    server = make_server("127.0.0.1", 0, Response("<p>over tls</p>", content_type="text/html"),
                         threaded=True, ssl_context=(str(cert), str(key)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield server.server_port, str(cert)
    server.shutdown()
    server.server_close()


def test_tls_checks_the_certificate_against_the_host_name_not_the_address_connected_to(tls_localhost, fetcher):
    port, cert = tls_localhost
    fetcher.session.verify = cert
    # The connection goes to 127.0.0.1, a name the certificate does not hold: only an SNI and a check
    # against "localhost" let this through.
    assert fetcher.get(f"https://localhost:{port}/a").status == 200
    with pytest.raises(requests.exceptions.SSLError):
        fetcher.session.get(f"https://127.0.0.1:{port}/a", timeout=1)


def test_a_25_mb_body_is_stopped_at_the_20_mb_cap_while_streaming(host, fetcher):
    def huge(request):
        return Response((b"a" * MB for _ in range(25)), content_type="text/html")  # no Content-Length
    host.route("/huge", huge)
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/huge"))
    assert error.value.kind == "size"
    assert fetcher.body_bytes < 1000  # robots.txt only: the refused body is not kept


def test_a_declared_25_mb_body_is_refused_before_download(host, fetcher):
    host.route("/declared", lambda request: Response(b"a" * (25 * MB), content_type="text/html"))
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/declared"))
    assert "over the" in error.value.reason


def test_a_page_without_charset_is_decoded_from_its_bytes_not_as_latin1(host, fetcher):
    text = "Déclaration à Przewodów : « la défense aérienne » — Kyiv"
    host.route("/utf8", ("<html><body><p>" + text + "</p></body></html>").encode("utf-8"), content_type="text/html")
    host.route("/cp1252", ("<html><body><p>Déclaration à Varsovie, défense aérienne</p></body></html>")
               .encode("cp1252"), content_type="text/html")
    host.route("/meta", ('<html><head><meta charset="windows-1252"></head><body><p>Téhéran</p></body></html>')
               .encode("cp1252"), content_type="text/html")
    assert text in fetcher.get(host.url("/utf8")).text
    assert "défense aérienne" in fetcher.get(host.url("/cp1252")).text
    assert "Téhéran" in fetcher.get(host.url("/meta")).text


def test_robots_disallow_is_obeyed_and_the_page_never_requested(host, fetcher):
    host.route("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    host.route("/private/page.html", b"<p>secret</p>")
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/private/page.html"))
    assert error.value.kind == "robots"
    assert "/private/page.html" not in host.paths()


def test_robots_404_allows_everything(host, fetcher):
    del host.routes["/robots.txt"]
    host.route("/page.html", b"<p>ok</p>")
    assert fetcher.get(host.url("/page.html")).status == 200


def test_robots_500_or_no_answer_disallows_everything(host, fetcher):
    host.route("/robots.txt", b"oops", status=500)
    host.route("/page.html", b"<p>ok</p>")
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/page.html"))
    assert "nothing is fetched from that host" in error.value.reason
    assert "/page.html" not in host.paths()


def test_robots_is_read_once_per_host_and_its_crawl_delay_honoured(host, fetcher):
    host.route("/robots.txt", b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    arrived = []

    def timed(request):
        arrived.append(time.monotonic())
        return Response("<p>ok</p>")
    host.route("/one", timed)
    host.route("/two", timed)
    assert fetcher.allowed(host.url("/one")) == (True, "allowed")
    assert fetcher.allowed(host.url("/two")) == (True, "allowed")
    fetcher.get(host.url("/one"))
    fetcher.get(host.url("/two"))
    assert host.paths().count("/robots.txt") == 1
    assert arrived[1] - arrived[0] >= 0.95  # robots.txt's 1 s, over our 0 s host delay


def test_a_crawl_delay_beyond_our_limit_skips_the_host(host, make_fetcher):
    host.route("/robots.txt", b"User-agent: *\nCrawl-delay: 600\n", content_type="text/plain")
    host.route("/one", b"1")
    fetcher = make_fetcher(crawl_delay_max=60)
    with pytest.raises(FetchError) as error:
        fetcher.get(host.url("/one"))
    assert "600" in error.value.reason


def test_hosts_are_fetched_in_parallel_but_each_host_one_request_at_a_time(fetcher):
    hosts = [StandinHost() for _ in range(3)]
    active: dict[int, int] = {}
    overlaps = []

    def handler_for(port):
        def handler(request):
            active[port] = active.get(port, 0) + 1
            if active[port] > 1:
                overlaps.append(port)
            time.sleep(0.02)
            active[port] -= 1
            return Response("<p>ok</p>")
        return handler
    try:
        for server in hosts:
            server.route("/robots.txt", b"", content_type="text/plain")
            for n in range(4):
                server.route(f"/p{n}", handler_for(server.port))
        results = fetcher.get_many([Request(s.url(f"/p{n}")) for s in hosts for n in range(4)])
    finally:
        for server in hosts:
            server.close()
    assert all(r.status == 200 for r in results)
    assert overlaps == []
