"""Refuse requests to private addresses, and connect only to the address that was checked.

A url's host is resolved once, every address it resolves to is checked against the policy, and
the connection goes to the first checked address, with the ``Host`` header and TLS SNI (so also
certificate verification) still naming the host. There is no second lookup between the check
and the connection, so a DNS answer that changes in between (DNS rebinding) changes nothing.

Refused unless allowed by configuration: loopback, private (RFC 1918, unique local), link-local
(cloud metadata services live at 169.254.169.254), shared (carrier-grade NAT), multicast,
reserved and unspecified addresses, also when written as IPv4-mapped or 6to4 IPv6, or as the
C library reads IPv4 (``2130706433``, ``0x7f.1``, ``127.1``).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

Resolver = Callable[[str, int], Sequence[str]]
"""``(host, port) -> addresses``: how host names are resolved (tests pass a stub)."""

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254")
)


class RefusedAddress(httpx.TransportError):
    """A request to an address that the policy refuses; no connection was attempted."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"refused {host} -> {address}: {reason} address (not allowed)")
        self.host = host
        self.address = address
        self.reason = reason


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to through the system resolver, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


_LEGACY_IPV4 = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]*|[0-9]+)){0,3}")


def legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address of a host written the way ``inet_aton`` reads it, or None.

    ``2130706433``, ``0x7f.1``, ``0177.0.0.1`` and ``127.1`` are all 127.0.0.1 to the C
    library, so to the system resolver; they are read here, so that a resolver of another kind
    (or a DNS server answering for such a "name") cannot make them anything else.
    """
    if not _LEGACY_IPV4.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Addresses or CIDR networks (``127.0.0.1``, ``10.0.0.0/8``) as networks.

    Raises ``ValueError`` naming a value that is neither.
    """
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


def refusal_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public address, or None when it is one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return refusal_reason(address.ipv4_mapped)
    if isinstance(address, ipaddress.IPv6Address) and address.sixtofour is not None:
        # 2002:7f00:1:: is 127.0.0.1 to a host with a 6to4 tunnel: judged by its IPv4 address
        return refusal_reason(address.sixtofour)
    checks = (
        (address in METADATA_ADDRESSES, "cloud metadata"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.is_unspecified, "unspecified"),
        (address.is_multicast, "multicast"),
        (address.is_private, "private"),
        (address.is_reserved, "reserved"),
        (not address.is_global, "non-global"),
    )
    return next((reason for refused, reason in checks if refused), None)


class AddressPolicy:
    """Resolves hosts and refuses non-public addresses outside ``allowed`` networks."""

    def __init__(
        self, allowed: Iterable[IPNetwork] = (), resolver: Resolver = system_resolver
    ) -> None:
        self.allowed = tuple(allowed)
        self.resolver = resolver

    def resolve(self, host: str, port: int) -> str:
        """The address to connect to for ``host``: every address it resolves to must pass.

        Raises :class:`RefusedAddress` for a refused address and ``httpx.ConnectError`` when
        the name does not resolve.
        """
        addresses = self._addresses(host, port)
        if not addresses:
            raise httpx.ConnectError(f"cannot resolve {host}: no address")
        for address in addresses:
            reason = refusal_reason(address)
            if reason is not None and not any(address in net for net in self.allowed):
                raise RefusedAddress(host, str(address), reason)
        return str(addresses[0])

    def _addresses(self, host: str, port: int) -> list[IPAddress]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        numeric = legacy_ipv4(host)
        if numeric is not None:  # never a name to look up, whatever the resolver
            return [numeric]
        try:
            return [ipaddress.ip_address(a.split("%")[0]) for a in self.resolver(host, port)]
        except (OSError, UnicodeError) as exc:
            raise httpx.ConnectError(f"cannot resolve {host}: {exc}") from exc


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport that checks each request's host and connects to the checked address.

    Wraps ``inner`` (an ``httpx.HTTPTransport`` by default); a refused host never reaches it.
    """

    def __init__(self, policy: AddressPolicy, inner: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self.inner = inner if inner is not None else httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        address = self.policy.resolve(url.host, url.port or (443 if url.scheme == "https" else 80))
        pinned = httpx.Request(
            request.method,
            url.copy_with(host=address),
            headers=request.headers,  # keeps Host: the name, not the address
            stream=request.stream,
            extensions={**request.extensions, "sni_hostname": url.host},
        )
        return self.inner.handle_request(pinned)

    def close(self) -> None:
        self.inner.close()
