"""Public IP addresses: IPv4 and IPv6 outside private, loopback and documentation ranges."""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterator

from secure_check.detectors.pii.rules import Lines, Match, clear_before, context_before, labels_in

_IPV4 = re.compile(
    r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    r"(?![\w]|\.[0-9]|/[0-9]|-[0-9]|\+)"
)
# NOTE: found from the literal dots (fast to seek), then widened to the first octet.
_DOTTED = re.compile(r"\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?![\w]|\.[0-9]|/[0-9]|-[0-9]|\+)")
# NOTE: a listing of cloud machines or load balancers shows servers' addresses, not people's.
_INFRA_WORDS = ("external_ip", "internal_ip", "external ip", "natip", "load balancer", "ingress")
_SKIP_LINE = re.compile(
    r"site-packages|dist-packages|requirement already|\.whl|collecting |downloading |"
    r"successfully installed|resolving |connecting to |version",
    re.I,
)
_IPV6 = re.compile(r"[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,7}")
# NOTE: sought from a colon (a literal: fast to seek), then widened to the first group.
_V6_TAIL = re.compile(r":[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){1,7}(?![\w:.]|/[0-9])")
_VERSION_BEFORE = re.compile(
    r"(?:\bv|\brv:|version|ver\.?|release|build|cuda|driver|python|==|>=|<=|~=|!=|@|-)\s*:?\s*$",
    re.I,
)
# NOTE: public resolvers and well-known anycast addresses are infrastructure, not a person.
_INFRASTRUCTURE = frozenset(
    {"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "208.67.222.222",
     "208.67.220.220", "4.2.2.2", "2001:4860:4860::8888", "2001:4860:4860::8844",
     "2606:4700:4700::1111", "2606:4700:4700::1001"}
)  # fmt: skip
_DOCUMENTATION_V6 = ipaddress.ip_network("2001:db8::/32")
_PRIVATE_V6 = ipaddress.ip_network("fc00::/7")
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")


@functools.lru_cache(maxsize=2048)
def public_ip(raw: str) -> str | None:
    """Return the normalised address when ``raw`` is a public unicast IP, else None.

    A fully written IPv6 address (eight groups) counts unless it is private, loopback,
    link-local, multicast or documentation; a compressed one (``::``) must be global unicast.
    """
    try:
        addr = ipaddress.ip_address(raw)
    except ValueError:
        return None
    if addr.version == 6 and not _public_v6(addr, "::" not in raw):
        return None
    if addr.version == 4 and (not addr.is_global or addr.is_multicast or addr.is_reserved):
        return None
    text = addr.compressed
    return None if text in _INFRASTRUCTURE or _placeholder_v4(text) else text


def _placeholder_v4(text: str) -> bool:
    """``4.4.4.4`` or ``1.2.3.4``: an address made up for an example."""
    parts = [int(p) for p in text.split(".")] if "." in text and ":" not in text else []
    return len(parts) == 4 and (
        len(set(parts)) == 1 or parts == list(range(parts[0], parts[0] + 4))
    )


def _public_v6(addr: ipaddress.IPv6Address, written_out: bool) -> bool:
    special = (addr.is_loopback or addr.is_link_local or addr.is_multicast or addr.is_unspecified
               or addr.is_site_local or addr in _PRIVATE_V6 or addr in _DOCUMENTATION_V6
               or addr.ipv4_mapped is not None)  # fmt: skip
    if special:
        return False
    return written_out or (addr in _GLOBAL_UNICAST_V6 and addr.is_global)


def find_ips(text: str) -> Iterator[Match]:
    """Public IPv4 (not a version string) and IPv6 addresses."""
    if labels_in(text, _INFRA_WORDS):
        return
    if "." in text:
        lines = Lines(text)
        for m in _DOTTED.finditer(text):
            start = m.start()
            while start > 0 and m.start() - start < 3 and "0" <= text[start - 1] <= "9":
                start -= 1
            found = _ipv4_at(text, start, m.end(), lines)
            if found:
                yield start, m.end(), found, 0.8
    if "::" in text or text.count(":") >= 7:
        yield from _ipv6s(text)


def _ipv6s(text: str) -> Iterator[Match]:
    for m in _V6_TAIL.finditer(text):
        start = m.start()
        while start > 0 and m.start() - start < 4 and text[start - 1] in _HEX:
            start -= 1
        if clear_before(text, start, ":.") and m.group().count(":") >= 2:
            value = public_ip(text[start : m.end()])
            if value:
                yield start, m.end(), value, 0.8


def _ipv4_at(text: str, start: int, end: int, lines: Lines) -> str | None:
    raw = text[start:end]
    if start == end - len(raw) and not _IPV4.fullmatch(raw):
        return None
    if not clear_before(text, start, ".") or text[start - 1 : start] == "/":
        return None  # NOTE: part of a longer dotted number, or a URL path
    value = public_ip(raw)
    if value is None or _VERSION_BEFORE.search(context_before(text, start, 12)):
        return None
    if lines.fact(start, "skip", _skip_line) or raw in lines.fact(start, "hosts", _url_hosts):
        return None  # NOTE: a server in a URL or a pip/wget log line, not a person
    return value


def _skip_line(line: str) -> bool:
    return _SKIP_LINE.search(line) is not None


def _url_hosts(line: str) -> frozenset[str]:
    """Every IPv4-long string right after a ``://`` (``raw in`` it = ``"://" + raw in line``)."""
    heads: set[str] = set()
    at = line.find("://")
    while at >= 0:
        heads.update(line[at + 3 : at + 3 + n] for n in range(7, 16))
        at = line.find("://", at + 1)
    return frozenset(heads)


_HEX = frozenset("0123456789abcdefABCDEF")


def is_ip(value: str) -> bool:
    """Whether a whole cell is a public IP address."""
    value = value.strip()
    return (bool(_IPV4.fullmatch(value)) or bool(_IPV6.fullmatch(value))) and bool(public_ip(value))
