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
    """What to do about spaces: the address meant, when joining the words of the host name with
    dots makes one (`acme halopsa.com` is `acme.halopsa.com`, `http://acme halopsa.com/api` is
    `https://acme.halopsa.com/api`), else to paste only the address."""
    scheme, _, rest = raw.rpartition("://")
    host_part, slash, path = rest.partition("/")
    joined = ".".join(host_part.split()).lower()
    if (
        not joined
        or "." not in joined
        or not _HOST_RE.match(joined)
        or any(ch.isspace() for ch in path)
    ):
        return "Paste only the address, without spaces, for example https://acme.halopsa.com."
    if not scheme:
        return f"Did you mean {joined}{slash}{path}?"
    wanted = "http" if scheme.lower() == "http" and is_loopback(joined) else "https"
    return f"Did you mean {wanted}://{joined}{slash}{path}?"


def _port_problem(raw: str) -> InvalidUrl | None:
    """A port that is not a number or is out of range, named (urlsplit only says ValueError)."""
    netloc = raw.partition("://")[2].split("/", 1)[0].rpartition("@")[2]
    if netloc.startswith("["):  # IPv6 literal: [::1]:8080
        netloc = netloc.partition("]")[2]
    if ":" not in netloc:
        return None
    port = netloc.rpartition(":")[2]
    if not port.isdigit():
        return InvalidUrl(
            f"The port {port!r} in {raw!r} is not a number.",
            "Remove it, or give the port your Halo answers on (usually none: https uses 443).",
        )
    if not 0 < int(port) <= 65535:
        return InvalidUrl(
            f"The port {port} in {raw!r} is out of range: ports go from 1 to 65535.",
            f"Remove ':{port}', or give the port your Halo answers on (usually none: https "
            "uses 443).",
        )
    return None


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
    problem = _port_problem(raw)
    if problem is not None:
        raise problem
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
