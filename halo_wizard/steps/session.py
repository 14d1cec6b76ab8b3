"""Both instances of a plan, connected: the one object every step works on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from halo_wizard.api.client import HaloClient, Record
from halo_wizard.api.ratelimit import RetryPolicy, RollingWindowLimiter
from halo_wizard.api.urls import parse_instance_url
from halo_wizard.plan.model import InstancePlan, Plan, Side


class Progress(Protocol):
    def __call__(self, done: int, total: int, text: str) -> None: ...


def no_progress(done: int, total: int, text: str) -> None:
    """A Progress that shows nothing (headless callers that print their own lines)."""


@dataclass(slots=True)
class Session:
    """A plan and a client per instance. Close it with `aclose()` while the loop still runs."""

    plan: Plan
    customer: HaloClient
    supplier: HaloClient
    cache: dict[tuple[Side, str], list[Record]] = field(default_factory=dict)

    def client(self, side: Side) -> HaloClient:
        return self.customer if side is Side.CUSTOMER else self.supplier

    def name(self, side: Side) -> str:
        return self.plan.instance(side).name or self.client(side).endpoint.host

    def other(self, side: Side) -> Side:
        return Side.SUPPLIER if side is Side.CUSTOMER else Side.CUSTOMER

    async def records(self, side: Side, entity: str, *, fresh: bool = False) -> list[Record]:
        """A whole list of one instance, read once per session unless `fresh`."""
        key = (side, entity)
        if fresh or key not in self.cache:
            self.cache[key] = await self.client(side).list_records(entity)
        return self.cache[key]

    def forget(self, side: Side, entity: str) -> None:
        self.cache.pop((side, entity), None)

    async def aclose(self) -> None:
        await self.customer.aclose()
        await self.supplier.aclose()


SecretLookup = Callable[[Side, InstancePlan], str | None]


def open_session(
    plan: Plan,
    secret_for: SecretLookup,
    *,
    limiter_factory: Callable[[], RollingWindowLimiter] | None = None,
    retry: RetryPolicy | None = None,
) -> Session:
    """Clients for both instances of `plan`, with secrets from `secret_for` (keychain, env)."""
    clients = {}
    for side in (Side.CUSTOMER, Side.SUPPLIER):
        instance = plan.instance(side)
        clients[side] = HaloClient(
            parse_instance_url(instance.base_url),
            instance.client_id,
            secret_for(side, instance) or "",
            scope=instance.scope or "all",
            name=instance.name,
            limiter=limiter_factory() if limiter_factory else None,
            retry=retry,
        )
    return Session(plan, clients[Side.CUSTOMER], clients[Side.SUPPLIER])
