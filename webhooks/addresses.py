"""The SSRF guard: a subscriber URL may only reach public addresses.

Checked when a subscription is saved and again at every delivery, after DNS resolution: every
address the name resolves to must be global. The delivery then connects to one of the
addresses checked here (webhooks/sending.py pins it), so a name that resolves to a public
address for the check and a private one a moment later (DNS rebinding) reaches nothing.

A URL is stored, and sent, as a browser sends it: the host in IDNA (UTS 46, as browsers
resolve it), the path, query and fragment percent-encoded as UTF-8 (`/café` is `/caf%C3%A9`),
since a request line and a Host header are ASCII.
"""

import ipaddress
import socket
import threading
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import idna
from django.conf import settings

from webhooks.conf import conf

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata services: link-local and unique-local already, named for the message.
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
# Special-purpose ranges (IANA's registries) that ipaddress calls global, at least in some
# Python 3.11 releases: the IETF's protocol assignments (192.0.0.0/24, of which ipaddress
# knows only a few), the deprecated 6to4 relay anycast (RFC 7526), the deprecated IPv6
# site-local addresses (RFC 3879) and the IPv6 documentation range of RFC 9637.
SPECIAL_PURPOSE = tuple(
    ipaddress.ip_network(network) for network in ("192.0.0.0/24", "192.88.99.0/24", "fec0::/10", "3fff::/20")
)
MAX_LENGTH = 2000  # Subscription.url's, once encoded

# What a browser leaves as it is (WHATWG URL's percent-encode sets); everything else, and
# every character beyond ASCII, is percent-encoded. "%" stays: a URL encoded already is kept.
_PRINTABLE = "".join(chr(code) for code in range(0x21, 0x7F))
PATH_SAFE = "".join(c for c in _PRINTABLE if c not in '"#<>?`{}')
QUERY_SAFE = "".join(c for c in _PRINTABLE if c not in "\"#<>'")
FRAGMENT_SAFE = "".join(c for c in _PRINTABLE if c not in '"<>`')


class RefusedURL(ValueError):
    """A subscriber URL the guard will not send to; the message says why, for the lead."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with its query string
    addresses: tuple[str, ...]  # every one checked, in getaddrinfo's order


@dataclass(frozen=True)
class _Parts:
    scheme: str
    host: str  # ASCII: IDNA, or an IP literal without brackets
    port: int | None  # as typed; None for the scheme's own
    path: str  # percent-encoded, with its query string
    fragment: str


def normalise_url(url: str) -> str:
    """`url` as it is stored and sent (see the module's docstring); RefusedURL with a reason
    when it cannot be one."""
    parts = _parse(url)
    host = f"[{parts.host}]" if ":" in parts.host else parts.host
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    normalised = f"{parts.scheme}://{netloc}{parts.path}" + (f"#{parts.fragment}" if parts.fragment else "")
    if len(normalised) > MAX_LENGTH:
        raise RefusedURL(f"The URL is longer than {MAX_LENGTH} characters once percent-encoded.")
    return normalised


def check_url(url: str, *, timeout: float | None = None) -> Target:
    """Parse, resolve and check `url`, encoded as normalise_url() encodes it (so a URL stored
    before that existed is sent right too); raise RefusedURL with a reason a lead can act on.
    The lookup waits `timeout` seconds at most (WEBHOOK_TIMEOUT by default)."""
    parts = _parse(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if timeout is None:
        timeout = conf.WEBHOOK_TIMEOUT.total_seconds()
    addresses = _resolve_public(parts.host, port, timeout=timeout)
    return Target(scheme=parts.scheme, host=parts.host, port=port, path=parts.path, addresses=addresses)


def _parse(url: str) -> _Parts:
    try:
        parts = urlsplit(url)
    except ValueError:  # "[::1" and the like
        raise RefusedURL("This is not a well-formed URL.") from None
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
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:  # 0 is no port to send to; never read as "the default"
        raise RefusedURL("The URL's port is not a number between 1 and 65535.")
    try:
        path = quote(parts.path or "/", safe=PATH_SAFE)
        query = quote(parts.query, safe=QUERY_SAFE)
        fragment = quote(parts.fragment, safe=FRAGMENT_SAFE)
    except UnicodeError:  # a lone surrogate: no UTF-8 for it
        raise RefusedURL("This is not a well-formed URL.") from None
    return _Parts(
        scheme=scheme,
        host=_ascii_host(host),
        port=port,
        path=path + (f"?{query}" if query else ""),
        fragment=fragment,
    )


def _ascii_host(host: str) -> str:
    if host.isascii():
        return host  # a name (urlsplit lowercased it) or an IP literal: DNS and the check judge it
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise RefusedURL(f"The host name {host} is not a valid international domain name.") from None


def _resolve_public(host: str, port: int, *, timeout: float) -> tuple[str, ...]:
    infos = _lookup(host, port, timeout=timeout)
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise RefusedURL(f"The host name {host} could not be resolved.")
    for address in addresses:
        refusal = refusal_for(ipaddress.ip_address(address.split("%", 1)[0]))
        if refusal:
            raise RefusedURL(f"The URL points at {refusal} ({address}): webhooks go to public addresses only.")
    return addresses


def _lookup(host: str, port: int, *, timeout: float) -> list:
    """getaddrinfo, waited for `timeout` seconds at most: the resolver's own timeouts and
    retries can add up to half a minute, more than an attempt may last. A lookup given up on
    ends by itself, in its daemon thread."""
    outcome: list = []
    done = threading.Event()

    def look_up() -> None:
        try:
            outcome.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError, ValueError):
            pass  # told below, as a name that could not be resolved
        finally:
            done.set()

    threading.Thread(target=look_up, name=f"webhook-lookup-{host}", daemon=True).start()
    if not done.wait(max(timeout, 0)):
        raise RefusedURL(f"The host name {host} did not resolve in time.")
    if not outcome:
        raise RefusedURL(f"The host name {host} could not be resolved.")
    return outcome[0]


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
    if any(address in network for network in SPECIAL_PURPOSE):
        return "a special-purpose address"
    if address.is_private or not address.is_global:
        return "a private address"
    return ""
