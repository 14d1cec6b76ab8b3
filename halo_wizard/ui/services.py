"""What pages are given instead of reaching for files, the keychain or HTTP clients themselves."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from halo_wizard.api.secret import Secret
from halo_wizard.journey import Side
from halo_wizard.logsetup import register_secret
from halo_wizard.secretstore import SecretStore

if TYPE_CHECKING:  # imported where first used: none of these is needed to paint the window
    from halo_wizard.api.client import HaloClient
    from halo_wizard.api.ratelimit import RollingWindowLimiter
    from halo_wizard.plan.model import Plan
    from halo_wizard.plan.store import PlanStore
    from halo_wizard.steps.session import Session

log = logging.getLogger(__name__)


class AsyncSecrets:
    """The secret store, reached through the loop's executor so the window never waits on it.

    A value set this session is kept in memory from the moment it is handed over, so a read
    that follows never races the keychain's (possibly slow) write and never returns the old
    value. Every value is registered for scrubbing before any other code sees it, and none
    crosses the executor as an argument or a result (its debug log shows both): the calls are
    closures and the answers come back wrapped in `Secret`."""

    def __init__(self, store: SecretStore) -> None:
        self._store = store
        self._known: dict[str, str] = {}  # this session's values: read, typed or written
        self._writes: dict[str, asyncio.Future[None]] = {}  # the last keychain write per key

    @property
    def secure(self) -> bool:
        return self._store.secure

    @property
    def description(self) -> str:
        return self._store.description

    def remember(self, key: str, value: str) -> None:
        """Take a typed value at once (scrubbed from now on); `get` answers it from now on."""
        register_secret(value)
        if value:
            self._known[key] = value
        else:
            self._known.pop(key, None)

    async def get(self, key: str) -> str | None:
        if key in self._known:
            return self._known[key]  # typed or read this session: no keychain round trip
        pending = self._writes.get(key)
        if pending is not None:  # a delete not finished yet: read what it leaves
            with contextlib.suppress(Exception):
                await asyncio.shield(pending)
            if key in self._known:
                return self._known[key]
        store = self._store
        wrapped = await asyncio.get_running_loop().run_in_executor(
            None, lambda: Secret(store.get(key) or "")
        )
        value = wrapped.reveal() or None
        if value:
            register_secret(value)
            self._known.setdefault(key, value)  # a value typed meanwhile wins
        return self._known.get(key, value)

    async def set(self, key: str, value: str) -> None:
        self.remember(key, value)
        await self._write(key, lambda store: store.set(key, value))

    async def delete(self, key: str) -> None:
        self._known.pop(key, None)
        await self._write(key, lambda store: store.delete(key))

    async def _write(self, key: str, write: Callable[[SecretStore], None]) -> None:
        """One keychain write per key at a time, in the order they were asked for."""
        previous = self._writes.get(key)
        store = self._store
        loop = asyncio.get_running_loop()

        async def run() -> None:
            if previous is not None:
                with contextlib.suppress(Exception):  # reported to whoever awaited it
                    await previous
            await loop.run_in_executor(None, lambda: write(store))

        task = asyncio.ensure_future(run())
        self._writes[key] = task
        try:
            await task
        finally:
            if self._writes.get(key) is task:
                del self._writes[key]

    def known_values(self) -> list[str]:
        """Secrets read or written this session (never shown; used to check saved plans)."""
        return [value for value in self._known.values() if value]


def _fingerprint(plan: Plan, side: Side, secret: str | None) -> tuple[str, ...]:
    instance = plan.instance(side)
    digest = hashlib.sha256((secret or "").encode("utf-8")).hexdigest()
    return (
        instance.name,
        instance.base_url.strip(),
        instance.client_id.strip(),
        instance.scope,
        digest,
    )


def _partner_fingerprint(plan: Plan) -> tuple[str, ...]:
    """What the partner's side of a paired plan is made from: their instance as the plan holds
    it and the catalogue their last file carried."""
    pairing = plan.pairing
    assert pairing is not None
    theirs = plan.instance(pairing.partner_side)
    catalogue = pairing.catalogue or {}
    return (
        pairing.connection_id,
        pairing.own_side.value,
        theirs.name,
        theirs.base_url,
        theirs.api_url,
        theirs.auth_url,
        theirs.tenant,
        str(catalogue.get("taken") or ""),
        str(id(pairing.catalogue)),
    )


class SessionProvider:
    """One HTTP client per instance of the open plan, rebuilt when its address or keys change.

    A plan set up with a partner (two organisations, issue 15) has a client for this admin's
    instance only, signed in with this side's secret only; the partner's instance is read from
    the catalogue their last file carried (steps.two_party.partner_session), never over the
    network. Close it with `aclose()` while the loop still runs.
    """

    def __init__(
        self,
        secrets: AsyncSecrets,
        budget: Callable[[], RollingWindowLimiter] | None = None,
    ) -> None:
        self._secrets = secrets
        self._budget = budget
        """Each client's request budget; None: the one every client of its instance shares
        (Halo's documented limit). A benchmark on instances whose limit is lifted gives one."""
        self._plan: Plan | None = None
        self._clients: dict[Side, tuple[tuple[str, ...], HaloClient]] = {}
        self._session: Session | None = None
        self._partner: tuple[tuple[str, ...], HaloClient] | None = None
        self._retired: list[HaloClient] = []

    @property
    def plan(self) -> Plan | None:
        return self._plan

    def set_plan(self, plan: Plan | None) -> None:
        """Work on another plan from now on (the old clients close at the next call)."""
        if plan is self._plan:
            return
        self._plan = plan
        self._retired.extend(client for _, client in self._clients.values())
        self._clients.clear()
        self._retire_partner()
        self._session = None

    async def client(self, side: Side) -> HaloClient:
        """The client of one side (raises InvalidUrl in plain words for a bad address); the
        partner's side of a paired plan is their catalogue, read-only."""
        plan = self._require_plan()
        if plan.pairing is not None and side is plan.pairing.partner_side:
            return (await self.session()).client(side)
        await self._close_retired()
        secret = await self._secrets.get(plan.secret_key_for(side))
        wanted = _fingerprint(plan, side, secret)
        current = self._clients.get(side)
        if current is not None and current[0] == wanted:
            return current[1]
        from halo_wizard.api.client import HaloClient
        from halo_wizard.api.urls import parse_instance_url

        instance = plan.instance(side)
        endpoint = parse_instance_url(instance.base_url)
        client = HaloClient(
            endpoint,
            instance.client_id,
            secret or "",
            scope=instance.scope,
            name=instance.name,
            limiter=self._budget() if self._budget is not None else None,
        )
        if current is not None:
            self._retired.append(current[1])
        self._clients[side] = (wanted, client)
        self._session = None
        await self._close_retired()
        return client

    async def session(self) -> Session:
        """Both clients with the plan, kept while neither changes (so its list cache is kept)."""
        plan = self._require_plan()
        if plan.pairing is not None:
            return await self._partner_session(plan)
        self._retire_partner()  # the plan is no longer set up with a partner
        customer = await self.client(Side.CUSTOMER)
        supplier = await self.client(Side.SUPPLIER)
        session = self._session
        if (
            session is None
            or session.plan is not plan
            or session.customer is not customer
            or session.supplier is not supplier
        ):
            from halo_wizard.steps.session import Session

            session = self._session = Session(plan, customer, supplier, keeper=self._secrets)
        return session

    async def _partner_session(self, plan: Plan) -> Session:
        """This admin's instance live and the partner's from their catalogue; only this side's
        admin secret is read."""
        from halo_wizard.steps.two_party import partner_session

        assert plan.pairing is not None
        own_side = plan.pairing.own_side
        for side in list(self._clients):
            if side is not own_side:  # the roles of a plan that was not paired before
                self._retired.append(self._clients.pop(side)[1])
                self._session = None
        own = await self.client(own_side)
        wanted = _partner_fingerprint(plan)
        session = self._session
        if (
            session is not None
            and session.plan is plan
            and session.client(own_side) is own
            and self._partner is not None
            and self._partner[0] == wanted
        ):
            return session
        self._retire_partner()
        session = self._session = partner_session(plan, own, keeper=self._secrets)
        self._partner = (wanted, session.client(plan.pairing.partner_side))
        await self._close_retired()
        return session

    def _retire_partner(self) -> None:
        if self._partner is not None:
            self._retired.append(self._partner[1])
            self._partner = None

    def open_clients(self) -> list[HaloClient]:
        """The clients not closed yet (for the window's shutdown and its tests)."""
        partner = [self._partner[1]] if self._partner is not None else []
        return [client for _, client in self._clients.values()] + partner + list(self._retired)

    async def aclose(self) -> None:
        """Close every client (call while the loop still runs)."""
        self._retired.extend(client for _, client in self._clients.values())
        self._clients.clear()
        self._retire_partner()
        if self._session is not None:
            for reader in self._session.readers.values():
                await reader.aclose()
        self._session = None
        await self._close_retired()

    async def _close_retired(self) -> None:
        retired, self._retired = self._retired, []
        for client in retired:
            await client.aclose()

    def _require_plan(self) -> Plan:
        if self._plan is None:
            raise RuntimeError("no plan is open")
        return self._plan


class Services:
    """Everything a page may use: the plan files, the secrets and the connections.

    `plans` may be given as the folder of the plan files: the store (and the plan model it
    loads, tens of milliseconds) is opened when a page first uses it, after the window's first
    paint."""

    __slots__ = ("_plans", "secrets", "sessions")

    def __init__(
        self, plans: PlanStore | Path, secrets: AsyncSecrets, sessions: SessionProvider
    ) -> None:
        self._plans = plans
        self.secrets = secrets
        self.sessions = sessions

    @property
    def plans(self) -> PlanStore:
        if isinstance(self._plans, Path):
            from halo_wizard.plan.store import PlanStore

            self._plans = PlanStore(self._plans)
        return self._plans


def make_services(plans: PlanStore | Path, store: SecretStore) -> Services:
    secrets = AsyncSecrets(store)
    return Services(plans, secrets, SessionProvider(secrets))
