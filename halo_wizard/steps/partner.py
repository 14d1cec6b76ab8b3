"""The partner's instance as its catalogue shows it: read like any instance, never written.

When two organisations connect their instances, each admin holds admin credentials for their own
instance only. The other instance is known from the catalogue its admin sent in the invitation or
the reply (a filtered snapshot: statuses, actions, their profile...). `PartnerInstance` answers the
set-up engine's reads from that catalogue through the same client interface as a live instance, so
every step, rule and mapping works on it unchanged; a write is refused with a plain message (the
partner's admin makes those changes on their side), and the request never leaves this computer.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import httpx

from halo_wizard.api.client import HaloClient, InstanceInfo, Record
from halo_wizard.api.errors import HaloError, NotFound
from halo_wizard.api.urls import Endpoint
from halo_wizard.api.values import as_int

PAGING_PARAMS = frozenset({"pageinate", "page_size", "page_no", "includedetails", "withemail"})
"""Query parameters that shape a list's pages, not its content: a catalogue has no pages."""


class PartnerInstanceWrite(HaloError):
    """A change to the partner's instance: their admin makes it, never this wizard."""

    title = "Your partner's instance"


class PartnerInstance(HaloClient):
    """A read-only stand-in for the partner's instance, answering from its catalogue.

    `records` is the catalogue by entity (snapshot shape, no secrets); `info` what the partner's
    instance said of itself. Nothing is sent over the network: no token, no request.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        records: Mapping[str, list[Record]],
        info: Mapping[str, Any],
        *,
        name: str,
        taken: str = "",
        known: bool = True,
    ) -> None:
        self._guard = httpx.AsyncClient(transport=httpx.MockTransport(_refuse_network))
        super().__init__(endpoint, "", "", name=name, http=self._guard)
        self._records = {entity: [dict(r) for r in rows] for entity, rows in records.items()}
        self._info = dict(info)
        self.taken = taken
        """When the partner read their instance for this catalogue (UTC ISO), for messages."""
        self._discovered = True
        self.known = known
        """False until the partner's file arrives: the inviter knows only their name then."""

    def __repr__(self) -> str:
        return f"PartnerInstance({self.endpoint.base_url!r})"

    @property
    def entities(self) -> list[str]:
        return sorted(self._records)

    async def aclose(self) -> None:
        await self._guard.aclose()  # no connection was ever opened through it

    async def discover(self) -> Endpoint:
        return self.endpoint

    async def authenticate(self) -> None:
        """The partner's instance is never signed in to: its catalogue needs no token."""

    async def instance_info(self) -> InstanceInfo:
        version = str(self._info.get("app_version") or self._info.get("version") or "")
        product = str(self._info.get("app_name") or self._info.get("product") or "Halo")
        return InstanceInfo(product=product, version=version, raw=dict(self._info))

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        kind: Any = None,
    ) -> Any:
        """A read answered from the catalogue; any other request refused in plain words."""
        entity, _, rest = path.strip("/").partition("/")
        if method != "GET":
            raise self._refused(entity)
        if entity == "Agent" and rest == "me":
            raise NotFound(
                "Your partner's catalogue does not say which agent their wizard signs in as.",
                instance=self.name,
            )
        if entity == "InstanceInfo" and not rest:
            return dict(self._info)
        rows = self._records.get(entity, None if self.known else [])
        if rows is None:
            raise HaloError(
                f"Your partner's catalogue holds no {entity} records, and this step needs them.",
                "Ask your partner to send a new invitation or reply from the current halo_wizard.",
                instance=self.name,
            )
        if rest:
            wanted = as_int(rest)
            found = next((r for r in rows if as_int(r.get("id")) == wanted), None)
            if found is None:
                raise NotFound(
                    f"Your partner's catalogue has no {entity} record {rest}.",
                    "Ask your partner for a fresh catalogue if their instance changed.",
                    instance=self.name,
                )
            return copy.deepcopy(found)
        return [copy.deepcopy(r) for r in rows if _matches(r, params or {})]

    async def raw_get(self, path: str, *, authorized: bool = True) -> httpx.Response:
        raise self._refused(path.strip("/").split("/", 1)[0])

    def _refused(self, entity: str) -> PartnerInstanceWrite:
        return PartnerInstanceWrite(
            f"{self.name} is your partner's instance: halo_wizard does not change it ({entity}).",
            "Your partner's admin makes this change on their side, from the file you send them.",
            instance=self.name,
        )


def _matches(record: Record, params: Mapping[str, str]) -> bool:
    """Whether `record` passes the engine's list filters (unknown filters are refused loudly,
    so that a new read never silently gets the whole list)."""
    for key, value in params.items():
        if key in PAGING_PARAMS:
            continue
        if key == "client_id":
            if as_int(record.get("client_id")) != as_int(value):
                return False
        elif key == "search":
            needle = value.strip().lower()
            haystack = " ".join(
                str(record.get(field) or "") for field in ("name", "emailaddress", "email")
            ).lower()
            if needle not in haystack:
                return False
        else:
            raise ValueError(f"a partner catalogue cannot filter lists by {key!r}")
    return True


def _refuse_network(request: httpx.Request) -> httpx.Response:
    raise PartnerInstanceWrite(
        "A request to your partner's instance was about to leave this computer.",
        "This is a halo_wizard bug: nothing was sent.",
    )
