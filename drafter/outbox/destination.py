"""Where a store's replies may be posted: https only, to public addresses, with a long enough secret.

A webhook URL comes from store configuration, and the outbox runs inside the seller's network: a URL
pointing at 127.0.0.1, at a private range or at a cloud metadata address (169.254.169.254) would turn
the outbox into a way to reach internal services. So the host is resolved here, every address it
resolves to is checked, and the call is then made to the checked address (a second lookup by the HTTP
client could answer differently). Development receivers opt in per store:
`webhook_allow_http_hosts` (plain http) and `webhook_allow_private_hosts` (loopback/private addresses).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from drafter.models import StoreProfile

MIN_SECRET_BYTES = 32


class WebhookRefused(Exception):
    """The store's webhook settings break a rule; the reply waits until they are fixed."""


@dataclass(frozen=True)
class Destination:
    url: str  # the configured URL
    host: str  # its host name, for the Host header and TLS (SNI and certificate check)
    addresses: tuple[str, ...]  # the checked IP addresses, tried in this order
    port: int
    scheme: str

    @property
    def address(self) -> str:
        return self.addresses[0]

    def pinned_url(self, address: str | None = None) -> str:
        """The URL with the host replaced by a checked address (IPv6 in brackets)."""
        parts = urlsplit(self.url)
        address = address or self.address
        ip = f"[{address}]" if ":" in address else address
        netloc = f"{ip}:{self.port}"
        path = parts.path or "/"
        return f"{self.scheme}://{netloc}{path}" + (f"?{parts.query}" if parts.query else "")

    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        return self.host if self.port == default else f"{self.host}:{self.port}"


def _listed(host: str, allowed: list[str]) -> bool:
    return host.lower().rstrip(".") in {h.lower().rstrip(".") for h in allowed}


def check_secret(secret: str | None) -> None:
    if not secret:
        raise WebhookRefused("the store's webhook has no webhook_secret to sign with")
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        raise WebhookRefused(
            f"the store's webhook_secret is shorter than {MIN_SECRET_BYTES} bytes; "
            "use a random one (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        )


def check_url(store: StoreProfile) -> tuple[str, str, int]:
    """Scheme and host rules that need no lookup. Returns (scheme, host, port)."""
    try:
        parts = urlsplit(store.webhook_url or "")
        port = parts.port
    except ValueError as exc:
        raise WebhookRefused(f"the store's webhook_url is not a valid URL: {exc}") from None
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    if not host or scheme not in ("https", "http"):
        raise WebhookRefused("the store's webhook_url must be an https:// URL with a host")
    if parts.username or parts.password:
        raise WebhookRefused("the store's webhook_url must not carry a user name or password")
    if scheme == "http" and not _listed(host, store.webhook_allow_http_hosts):
        raise WebhookRefused(
            f"the store's webhook_url must use https (plain http only to hosts listed in "
            f"webhook_allow_http_hosts, for development): {host}"
        )
    return scheme, host, port or (443 if scheme == "https" else 80)


def _forbidden(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "unspecified", "multicast", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global and not ip.is_private:  # e.g. 100.64.0.0/10, shared address space
        return "non-public"
    return None


def resolve(store: StoreProfile) -> Destination:
    """Check the store's webhook settings and pick the address to call; WebhookRefused when not allowed."""
    check_secret(store.webhook_secret)
    scheme, host, port = check_url(store)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise LookupFailed(f"cannot resolve the webhook host {host}: {exc}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise LookupFailed(f"the webhook host {host} has no address")
    if not _listed(host, store.webhook_allow_private_hosts):
        for address in addresses:
            kind = _forbidden(address)
            if kind:
                raise WebhookRefused(
                    f"the webhook host {host} resolves to a {kind} address ({address}); list the "
                    "host in the store's webhook_allow_private_hosts if that is intended"
                )
    return Destination(
        url=store.webhook_url or "", host=host, addresses=tuple(addresses), port=port, scheme=scheme
    )


class LookupFailed(Exception):
    """DNS did not answer: a failed attempt, retried like an unreachable webhook."""
