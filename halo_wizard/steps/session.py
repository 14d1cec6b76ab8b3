"""Both instances of a plan, connected: the one object every step works on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from halo_wizard.api.client import HaloClient, Record
from halo_wizard.api.ratelimit import RetryPolicy, RollingWindowLimiter
from halo_wizard.api.secret import Secret
from halo_wizard.api.urls import parse_instance_url
from halo_wizard.logsetup import register_secret
from halo_wizard.plan.model import InstancePlan, Plan, Side
from halo_wizard.secretstore import SecretStore
from halo_wizard.steps.configuration import InstanceReader, plan_hints


class Progress(Protocol):
    def __call__(self, done: int, total: int, text: str) -> None: ...


class SecretKeeper(Protocol):
    """Where the session keeps secrets an instance shows only once (the OS keychain)."""

    async def get(self, key: str) -> str | None: ...
    async def set(self, key: str, value: str) -> None: ...


class StoreKeeper:
    """A blocking secret store (secretstore.SecretStore) reached off the event loop."""

    def __init__(self, store: SecretStore) -> None:
        self._store = store

    async def get(self, key: str) -> str | None:
        # The value crosses the thread wrapped, and is scrubbed before any log can see it.
        store = self._store
        value = (await asyncio.to_thread(lambda: Secret(store.get(key) or ""))).reveal()
        register_secret(value)
        return value or None

    async def set(self, key: str, value: str) -> None:
        register_secret(value)
        store = self._store
        await asyncio.to_thread(lambda: store.set(key, value))


def no_progress(done: int, total: int, text: str) -> None:
    """A Progress that shows nothing (headless callers that print their own lines)."""


@dataclass(slots=True)
class Session:
    """A plan and a client per instance. Close it with `aclose()` while the loop still runs."""

    plan: Plan
    customer: HaloClient
    supplier: HaloClient
    readers: dict[Side, InstanceReader] = field(default_factory=dict)
    keeper: SecretKeeper | None = None
    """Keeps issued secrets an instance shows only once; None: they last for the session."""
    partner: Side | None = None
    """The side whose instance another organisation's admin manages (two-party set-up): its
    client is a steps.partner.PartnerInstance, read from their catalogue and never written."""

    def __post_init__(self) -> None:
        for side in Side:
            self.readers.setdefault(
                side, InstanceReader(self.client(side), plan_hints(self.plan, side))
            )

    def client(self, side: Side) -> HaloClient:
        return self.customer if side is Side.CUSTOMER else self.supplier

    def reader(self, side: Side) -> InstanceReader:
        return self.readers[side]

    def name(self, side: Side) -> str:
        return self.plan.instance(side).name or self.client(side).endpoint.host

    def own_sides(self) -> tuple[Side, ...]:
        """The sides this admin manages: both, or the one that is not the partner's."""
        return tuple(side for side in Side if side is not self.partner)

    def other(self, side: Side) -> Side:
        return Side.SUPPLIER if side is Side.CUSTOMER else Side.CUSTOMER

    async def records(
        self, side: Side, entity: str, *, fresh: bool = False, full: bool = False
    ) -> list[Record]:
        """A whole list of one instance (rows read in full where the list leaves fields out; for
        ticket types and workflows only when `full`: configuration.DETAILS_ON_DEMAND), read once
        per session unless `fresh`."""
        return await self.readers[side].records(entity, fresh=fresh, full=full)

    async def record(self, side: Side, entity: str, record_id: int) -> Record | None:
        """One record of one instance read in full now, or None when it is gone."""
        return await self.readers[side].record(entity, record_id)

    async def read_all(
        self, side: Side, entities: Iterable[str], *, fresh: bool = False, full: bool = False
    ) -> dict[str, list[Record]]:
        """Several lists of one instance at once (`full`: as records)."""
        return await self.readers[side].read_all(entities, fresh=fresh, full=full)

    def forget(self, side: Side, entity: str) -> None:
        """Read the list again next time it is asked for (after a write to it)."""
        self.readers[side].forget(entity)

    def forget_everything(self) -> None:
        """Read every list again (the instances may have changed outside the wizard)."""
        for reader in self.readers.values():
            reader.forget_all()

    async def aclose(self) -> None:
        for reader in self.readers.values():
            await reader.aclose()
        await self.customer.aclose()
        await self.supplier.aclose()


SecretLookup = Callable[[Side, InstancePlan], str | None]


def open_session(
    plan: Plan,
    secret_for: SecretLookup,
    *,
    limiter_factory: Callable[[], RollingWindowLimiter] | None = None,
    retry: RetryPolicy | None = None,
    keeper: SecretKeeper | None = None,
) -> Session:
    """Clients for both instances of `plan`, with secrets from `secret_for` (keychain, env)."""
    clients = {
        side: instance_client(
            plan.instance(side),
            secret_for(side, plan.instance(side)),
            limiter=limiter_factory() if limiter_factory else None,
            retry=retry,
        )
        for side in (Side.CUSTOMER, Side.SUPPLIER)
    }
    return Session(plan, clients[Side.CUSTOMER], clients[Side.SUPPLIER], keeper=keeper)


def instance_client(
    instance: InstancePlan,
    secret: str | None,
    *,
    limiter: RollingWindowLimiter | None = None,
    retry: RetryPolicy | None = None,
) -> HaloClient:
    """The client of one instance of a plan, signing in with its API application."""
    return HaloClient(
        parse_instance_url(instance.base_url),
        instance.client_id,
        secret or "",
        scope=instance.scope or "all",
        name=instance.name,
        limiter=limiter,
        retry=retry,
    )
