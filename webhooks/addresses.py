"""The SSRF guard: a subscriber URL may only reach public addresses.

Checked when a subscription is saved and again at every delivery, after DNS resolution: every
address the name resolves to must be global. The delivery then connects to one of the
addresses checked here (webhooks/sending.py pins it), so a name that resolves to a public
address for the check and a private one a moment later (DNS rebinding) reaches nothing.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata services: link-local and unique-local already, named for the message.
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)


class RefusedURL(ValueError):
    """A subscriber URL the guard will not send to; the message says why, for the lead."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with its query string
    addresses: tuple[str, ...]  # every one checked, in getaddrinfo's order


def check_url(url: str) -> Target:
    """Parse, resolve and check `url`; raise RefusedURL with a reason a lead can act on."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise RefusedURL("The URL must start with https://.")
    if scheme != "https" and settings.WEBHOOKS_REQUIRE_HTTPS:
        raise RefusedURL("The URL must be https: deliveries carry your forum's events.")
    if parts.username is not None or parts.password is not None:
        raise RefusedURL("The URL must not contain a user name or password.")
    host = parts.hostname
    if not host:
        raise RefusedURL("The URL has no host name.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise RefusedURL("The URL's port is not a number between 1 and 65535.") from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme=scheme, host=host, port=port, path=path, addresses=_resolve_public(host, port))


def _resolve_public(host: str, port: int) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RefusedURL(f"The host name {host} could not be resolved.") from None
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise RefusedURL(f"The host name {host} could not be resolved.")
    for address in addresses:
        refusal = refusal_for(ipaddress.ip_address(address.split("%", 1)[0]))
        if refusal:
            raise RefusedURL(f"The URL points at {refusal} ({address}): webhooks go to public addresses only.")
    return addresses


def refusal_for(address: IPAddress) -> str:
    """What is wrong with sending to `address` ("" when nothing is): "a private address"..."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if mapped is not None:
            return refusal_for(mapped)
    if address in METADATA:
        return "a cloud metadata address"
    if address.is_loopback:
        return "" if settings.WEBHOOKS_ALLOW_LOOPBACK else "a loopback address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in SHARED:
        return "a shared (carrier-grade NAT) address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private or not address.is_global:
        return "a private address"
    return ""
