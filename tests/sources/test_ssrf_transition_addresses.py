"""The SSRF guard and IPv6 transition addresses (issue 17, row 7): an IPv6 address that carries an IPv4 address
(IPv4-mapped, 6to4, Teredo, NAT64) is judged by the IPv4 address it carries, with `ipaddress`' is_global."""
from __future__ import annotations

import ipaddress

import pytest

from checker.sources.http import FetchError, address_refusal, check_address


def teredo(server: str, client: str) -> str:
    """A Teredo address (2001::/32): server IPv4, flags, port, and the client IPv4 with its bits inverted."""
    s = int(ipaddress.IPv4Address(server))
    c = int(ipaddress.IPv4Address(client)) ^ 0xFFFFFFFF
    return str(ipaddress.IPv6Address((0x20010000 << 96) | (s << 64) | (0x8000 << 48) | (0xFFFF << 32) | c))


def six_to_four(ipv4: str) -> str:
    return str(ipaddress.IPv6Address((0x2002 << 112) | (int(ipaddress.IPv4Address(ipv4)) << 80)))


def nat64(ipv4: str, prefix: str = "64:ff9b::") -> str:
    return str(ipaddress.IPv6Address(int(ipaddress.IPv6Address(prefix)) | int(ipaddress.IPv4Address(ipv4))))


PUBLIC_SERVER = "65.54.227.120"
# Every form, carrying loopback, private, shared (CGNAT) and documentation addresses.
PRIVATE_FORMS = {
    "ipv4-mapped loopback": "::ffff:127.0.0.1",
    "ipv4-mapped private": "::ffff:10.1.2.3",
    "6to4 loopback (the probe's)": "2002:7f00:1::",
    "6to4 private": six_to_four("192.168.1.1"),
    "6to4 shared": six_to_four("100.64.0.1"),
    "teredo client loopback": teredo(PUBLIC_SERVER, "127.0.0.1"),
    "teredo client private": teredo(PUBLIC_SERVER, "10.0.0.8"),
    "teredo server private": teredo("10.0.0.1", "8.8.8.8"),
    "nat64 loopback": nat64("127.0.0.1"),
    "nat64 private": nat64("172.16.0.1"),
    "nat64 local-use loopback": nat64("127.0.0.1", "64:ff9b:1::"),
    "nat64 local-use private": nat64("192.168.0.1", "64:ff9b:1::"),
    "ipv4-compatible loopback": "::127.0.0.1",
}
LINK_LOCAL_FORMS = {
    "ipv4-mapped metadata": "::ffff:169.254.169.254",
    "6to4 metadata": six_to_four("169.254.169.254"),
    "teredo client metadata": teredo(PUBLIC_SERVER, "169.254.169.254"),
    "nat64 metadata": nat64("169.254.169.254"),
    "nat64 local-use metadata": nat64("169.254.169.254", "64:ff9b:1::"),
}
PUBLIC_FORMS = {
    "6to4 public": six_to_four("8.8.8.8"),
    "nat64 public": nat64("8.8.8.8"),
    "ipv4-mapped public": "::ffff:8.8.8.8",
}


@pytest.mark.parametrize("address", list(PRIVATE_FORMS.values()) + list(LINK_LOCAL_FORMS.values()),
                         ids=list(PRIVATE_FORMS) + list(LINK_LOCAL_FORMS))
def test_every_transition_form_carrying_a_non_public_address_is_refused(address):
    with pytest.raises(FetchError) as error:
        check_address(f"http://[{address}]/", allow_private=False)
    assert error.value.kind == "ssrf"
    assert address_refusal("example.org", ipaddress.ip_address(address), allow_private=False)


@pytest.mark.parametrize("address", list(LINK_LOCAL_FORMS.values()), ids=list(LINK_LOCAL_FORMS))
def test_link_local_inside_a_transition_form_is_refused_even_with_private_allowed(address):
    with pytest.raises(FetchError) as error:
        check_address(f"http://[{address}]/", allow_private=True)
    assert "link-local" in error.value.reason


@pytest.mark.parametrize("address", [PRIVATE_FORMS["6to4 loopback (the probe's)"], PRIVATE_FORMS["nat64 private"],
                                     PRIVATE_FORMS["ipv4-mapped loopback"]])
def test_private_allowed_reaches_loopback_and_private_in_any_form_as_it_does_plainly(address):
    check_address(f"http://[{address}]/", allow_private=True)


@pytest.mark.parametrize("address", list(PUBLIC_FORMS.values()), ids=list(PUBLIC_FORMS))
def test_a_transition_form_carrying_a_public_address_is_judged_by_that_address(address):
    check_address(f"http://[{address}]/", allow_private=False)


def test_the_refusal_names_the_address_it_carries():
    with pytest.raises(FetchError) as error:
        check_address("http://[2002:7f00:1::]/", allow_private=False)
    assert "127.0.0.1" in error.value.reason


def test_a_teredo_address_is_read_the_way_the_standard_writes_it():
    address = ipaddress.ip_address(teredo(PUBLIC_SERVER, "127.0.0.1"))
    assert address.teredo == (ipaddress.IPv4Address(PUBLIC_SERVER), ipaddress.IPv4Address("127.0.0.1"))
