"""Derive an instance's base, API and auth URLs from whatever the admin pastes."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from halo_wizard.api.constants import HOSTED_DOMAINS
from halo_wizard.api.errors import InvalidUrl

# First path segments of Halo's agent and portal screens: a URL copied from the browser's address
# bar ends at the instance root once these are cut.
_UI_SEGMENTS = frozenset(
    {
        "api",
        "auth",
        "tickets",
        "ticket",
        "config",
        "customers",
        "suppliers",
        "home",
        "dashboard",
        "portal",
        "apidoc",
        "agent",
        "reports",
        "assets",
        "calendar",
    }
)
_HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where an instance lives: its root, its Resource Server and its Authorisation Server."""

    base_url: str
    api_url: str
    auth_url: str
    tenant: str = ""

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def hosted(self) -> bool:
        """True for Halo-hosted instances (their token URL carries ?tenant=)."""
        return self.host.endswith(HOSTED_DOMAINS)

    @property
    def token_url(self) -> str:
        return f"{self.auth_url}/token"

    def with_auth(self, auth_url: str | None, tenant: str | None) -> Endpoint:
        """The same endpoint with what /api/authinfo said filled in."""
        return replace(
            self,
            auth_url=(auth_url or self.auth_url).rstrip("/"),
            tenant=(tenant if tenant is not None else self.tenant).strip(),
        )

    def same_instance(self, other: Endpoint) -> bool:
        return self.base_url.lower() == other.base_url.lower()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _space_fix(raw: str) -> str:
    """What to do about spaces: the address meant, when joining the words with dots makes one
    (`acme halopsa.com` is `acme.halopsa.com`), else to paste only the address."""
    joined = ".".join(raw.split())
    if "/" not in joined and _HOST_RE.match(joined.lower()) and "." in joined:
        return f"Did you mean {joined.lower()}?"
    return "Paste only the address, without spaces, for example https://acme.halopsa.com."


def parse_instance_url(text: str) -> Endpoint:
    """Turn `acme.halopsa.com`, `https://acme.halopsa.com/`, `.../api`, `.../auth` into an Endpoint.

    Plain http is accepted only for loopback addresses (the simulator); everything else is https.
    """
    raw = (text or "").strip().strip("\"'<>").strip()
    if not raw:
        raise InvalidUrl(
            "The instance address is empty.",
            "Paste the address you open Halo with, for example https://acme.halopsa.com.",
        )
    if any(ch.isspace() for ch in raw):
        raise InvalidUrl("The instance address contains spaces.", _space_fix(raw))
    if "://" not in raw:
        host_part = raw.split("/", 1)[0].split(":", 1)[0]
        raw = ("http://" if is_loopback(host_part) else "https://") + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(
            f"The instance address is not a web address: {raw!r}.",
            "Check for a typing mistake; it looks like https://acme.halopsa.com.",
        ) from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https"):
        raise InvalidUrl(
            f"Halo is reached over https, not {scheme}.",
            "Use an address that starts with https://.",
        )
    if not host or not (_HOST_RE.match(host) or is_loopback(host)):
        raise InvalidUrl(
            f"{host or raw!r} is not a host name.",
            "Check for a typing mistake; it looks like acme.halopsa.com.",
        )
    if len(host) > 253 or any(len(label) > 63 for label in host.split(".")):
        raise InvalidUrl(
            f"The host name {host[:40]}… is longer than any host name can be.",
            "Paste only the address, for example https://acme.halopsa.com.",
        )
    if port == 0:
        raise InvalidUrl(
            f"The address {raw!r} has port 0, which no server listens on.",
            "Remove the ':0', or use the port your Halo answers on.",
        )
    if scheme == "http" and not is_loopback(host):
        raise InvalidUrl(
            "Halo instances are only reached over https (plain http would send the secret "
            "unencrypted).",
            f"Use https://{host} instead.",
        )
    if parts.username or parts.password:
        raise InvalidUrl(
            "The address contains a user name or password.",
            "Remove it: credentials go in the Client ID and Client Secret fields.",
        )
    segments = [s for s in parts.path.split("/") if s]
    kept: list[str] = []
    for seg in segments:
        if seg.lower() in _UI_SEGMENTS or seg.startswith("#"):
            break
        kept.append(seg)
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    path = "/" + "/".join(kept) if kept else ""
    base = urlunsplit((scheme, netloc, path, "", ""))
    return Endpoint(base_url=base, api_url=f"{base}/api", auth_url=f"{base}/auth")
