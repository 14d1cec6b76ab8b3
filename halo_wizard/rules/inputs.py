"""What the action check reads: both instances' configuration (snapshots or live) and the plan."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final
from urllib.parse import urlsplit

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import Plan, Side, derive_api_url, derive_auth_url
from halo_wizard.steps.agents import normalise_email
from halo_wizard.steps.profiles import (
    CUSTOMER_PROFILE,
    ROLES,
    SUPPLIER_PROFILE,
    ProfileRole,
    find_by_name,
)
from halo_wizard.steps.session import Session

logger = logging.getLogger(__name__)

CONFIG_LISTS: Final = (
    "Features",
    "Status",
    "Category",
    "TicketType",
    "FieldInfo",
    "Outcome",
    "Workflow",
    "Client",
    "Supplier",
)
"""The lists every rule may need, read on both sides."""
USER_SEARCH_LIMIT: Final = 50
"""Live checks look up at most this many agents missing from the customer profile one by one."""


@dataclass(slots=True)
class InstanceConfig:
    """One instance's records as its API returns them, with the few facts the rules need."""

    side: Side
    name: str
    records: dict[str, list[Record]]
    tenant: str = ""
    api_url: str = ""  # this instance's Resource Server, when known (plan, live, InstanceInfo)
    auth_url: str = ""
    version: str = ""
    addresses_from: str = ""  # "live", "plan" or "instanceinfo": how sure api_url/auth_url are
    _index: dict[str, dict[int, Record]] = field(default_factory=dict, repr=False)

    def has(self, entity: str) -> bool:
        """Whether the list was read at all (an empty list is still a list that was read)."""
        return entity in self.records

    def list(self, entity: str) -> list[Record]:
        return self.records.get(entity) or []

    def by_id(self, entity: str) -> dict[int, Record]:
        found = self._index.get(entity)
        if found is None:
            found = {}
            for record in self.list(entity):
                key = as_int(record.get("id"))
                if key is not None:
                    found[key] = record
            self._index[entity] = found
        return found

    def get(self, entity: str, record_id: int | None) -> Record | None:
        return None if record_id is None else self.by_id(entity).get(record_id)

    def forget_indexes(self) -> None:
        """Call after changing `records` in place."""
        self._index.clear()

    @classmethod
    def from_snapshot(
        cls, side: Side, snapshot: Mapping[str, Any], name: str | None = None
    ) -> InstanceConfig:
        """From a halo-snapshot/1 dict (its `simulator` section, if any, is never read)."""
        info = snapshot.get("instanceinfo") or {}
        auth = snapshot.get("authinfo") or {}
        raw = snapshot.get("records") or {}
        if not isinstance(raw, Mapping):
            raise ValueError("the snapshot's records must be an object of lists")
        records = {
            str(k): [r for r in v if isinstance(r, dict)]
            for k, v in raw.items()
            if isinstance(v, list)
        }
        display = name or _display_name(info, auth, side)
        # The agent address may be a vanity host, so only the authorisation server is taken.
        auth_url = str(info.get("auth_url") or auth.get("auth_url") or "")
        return cls(
            side=side,
            name=display,
            records=records,
            tenant=str(auth.get("tenant_id") or ""),
            auth_url=auth_url,
            version=str(info.get("app_version") or ""),
            addresses_from="instanceinfo" if auth_url else "",
        )

    @classmethod
    async def from_session(
        cls, session: Session, side: Side, *, with_people: bool = True
    ) -> InstanceConfig:
        """Read what the rules need from a live instance: the configuration lists, both profiles
        in full, workflows in full where the list leaves their steps out, and (for agent checks)
        the customer side's agents and the end users under the customer profile."""
        client = session.client(side)
        info = await client.connect(require_sync_version=False)
        lists = await client.read_many(CONFIG_LISTS)
        records: dict[str, list[Record]] = dict(lists)
        for role in ROLES:
            wanted = role.plan(session.plan).record_id if role.side is side else None
            records[role.entity] = await _with_details(
                session, side, role.entity, records[role.entity], wanted
            )
        records["Workflow"] = await _workflows_in_full(session, side, records["Workflow"])
        plan = session.plan
        if with_people and side is Side.CUSTOMER:
            records["Agent"] = await client.list_records("Agent")
        endpoint = client.endpoint
        return cls(
            side=side,
            name=plan.instance(side).name or endpoint.host,
            records=records,
            tenant=endpoint.tenant,
            api_url=endpoint.api_url,
            auth_url=endpoint.auth_url,
            version=info.version,
            addresses_from="live",
        )


def _display_name(info: Mapping[str, Any], auth: Mapping[str, Any], side: Side) -> str:
    name = str(info.get(C.INSTANCE_DISPLAY_NAME) or "").strip()
    if name:
        return name
    tenant = str(auth.get("tenant_id") or "").strip()
    product = str(info.get("app_name") or "").strip()
    if tenant:
        return f"{product} {tenant}".strip()
    return f"the {side.value}'s instance"


async def _with_details(
    session: Session, side: Side, entity: str, rows: list[Record], wanted: int | None
) -> list[Record]:
    """The profiles with API access (and the plan's own profile) read in full by id."""
    ids = [
        int(r["id"])
        for r in rows
        if as_int(r.get("id")) is not None
        and (r.get(C.PROFILE_ALLOW_API_ACCESS) or as_int(r.get("id")) == wanted)
    ]
    client = session.client(side)
    details = await asyncio.gather(*(client.get(entity, i) for i in ids))
    by_id = {as_int(d.get("id")): d for d in details}
    return [by_id.get(as_int(r.get("id"))) or r for r in rows]


async def _workflows_in_full(session: Session, side: Side, rows: list[Record]) -> list[Record]:
    if all("steps" in r or "always_allow_actions" in r for r in rows):
        return rows
    client = session.client(side)
    missing = [int(r["id"]) for r in rows if "steps" not in r and as_int(r.get("id")) is not None]
    details = await asyncio.gather(*(client.get("Workflow", i) for i in missing))
    by_id = {as_int(d.get("id")): d for d in details}
    return [by_id.get(as_int(r.get("id"))) or r for r in rows]


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).netloc or "").casefold()
    except ValueError:
        return ""


@dataclass(frozen=True, slots=True)
class ProfileMatch:
    """The profile that represents one side, as found in the other side's instance."""

    role: ProfileRole
    record: Record | None
    how: str  # "plan", "credentials", "tenant", "address", "name", "only one"
    problem: str = ""  # why none was found, in plain words

    @property
    def found(self) -> bool:
        return self.record is not None

    @property
    def name(self) -> str:
        return str(self.record.get("name") or "") if self.record else ""

    @property
    def record_id(self) -> int | None:
        return as_int(self.record.get("id")) if self.record else None


@dataclass(slots=True)
class CheckInput:
    """Both instances and, when there is one, the plan (profile ids, confirmations, names)."""

    customer: InstanceConfig
    supplier: InstanceConfig
    plan: Plan | None = None
    _profiles: dict[str, ProfileMatch] = field(default_factory=dict, repr=False)

    def config(self, side: Side) -> InstanceConfig:
        return self.customer if side is Side.CUSTOMER else self.supplier

    def profile(self, role: ProfileRole) -> ProfileMatch:
        """The supplier profile (in the customer's instance) or the customer profile."""
        found = self._profiles.get(role.entity)
        if found is None:
            found = find_profile(self, role)
            self._profiles[role.entity] = found
        return found

    def with_planned_mappings(self) -> CheckInput:
        """The input as it will be once the plan's mappings are written to both profiles (so the
        action check can run before anything is applied). Without a plan: unchanged."""
        plan = self.plan
        if plan is None:
            return self
        from halo_wizard.steps.mappings import DIRECTIONS, profile_payload

        configs = {side: self.config(side) for side in Side}
        for direction in DIRECTIONS:
            mappings = direction.mappings(plan)
            match = self.profile(direction.role)
            if match.record is None or not (mappings.rows or mappings.default_action):
                continue
            config = configs[direction.receiver]
            planned = {**match.record, **profile_payload(mappings, direction)}
            records = dict(config.records)
            records[direction.role.entity] = [
                planned if r is match.record else r for r in config.list(direction.role.entity)
            ]
            configs[direction.receiver] = replace(config, records=records, _index={})
        return CheckInput(configs[Side.CUSTOMER], configs[Side.SUPPLIER], plan)

    @classmethod
    def from_snapshots(
        cls,
        customer: Mapping[str, Any],
        supplier: Mapping[str, Any],
        plan: Plan | None = None,
    ) -> CheckInput:
        """Two snapshots: the first from the customer's instance (it sends tickets), the second
        from the supplier's (it receives them)."""
        names = {side: plan.instance(side).name if plan else None for side in Side}
        result = cls(
            InstanceConfig.from_snapshot(Side.CUSTOMER, customer, names[Side.CUSTOMER] or None),
            InstanceConfig.from_snapshot(Side.SUPPLIER, supplier, names[Side.SUPPLIER] or None),
            plan,
        )
        if plan is not None:
            for side in Side:
                _fill_addresses(result.config(side), plan, side)
        return result

    @classmethod
    async def from_session(
        cls, session: Session, *, with_people: bool = True, authenticate: bool = False
    ) -> CheckInput:
        """Both instances read live, with the session's plan.

        With `authenticate`, "Authenticate connection" is pressed on both profiles first (a test,
        it changes no setting), so credentials that went stale since the last test show (R3)."""
        if authenticate:
            await _authenticate_profiles(session)
        customer, supplier = await asyncio.gather(
            InstanceConfig.from_session(session, Side.CUSTOMER, with_people=with_people),
            InstanceConfig.from_session(session, Side.SUPPLIER, with_people=with_people),
        )
        result = cls(customer, supplier, session.plan)
        if with_people:
            supplier.records["Users"] = await _end_users(session, result)
            supplier.forget_indexes()
        return result


async def _authenticate_profiles(session: Session) -> None:
    from halo_wizard.steps.credential_swap import authenticate

    if all(role.plan(session.plan).record_id for role in ROLES):
        await authenticate(session)


def _fill_addresses(config: InstanceConfig, plan: Plan, side: Side) -> None:
    """The plan's addresses of the instance (what the wizard connected to) win."""
    instance = plan.instance(side)
    if instance.api_url or instance.base_url:
        config.api_url = instance.api_url or derive_api_url(instance.base_url)
        config.auth_url = instance.auth_url or derive_auth_url(instance.base_url)
        config.addresses_from = "plan"
    if not config.tenant and instance.tenant:
        config.tenant = instance.tenant


async def _end_users(session: Session, found: CheckInput) -> list[Record]:
    """The end users under the customer profile, plus, for agents missing there, the users with
    their e-mail address anywhere in the supplier's instance (filed under the wrong customer)."""
    profile = found.profile(CUSTOMER_PROFILE)
    client = session.client(Side.SUPPLIER)
    if profile.record_id is None:
        return []
    users = await client.list_records("Users", {"client_id": profile.record_id})
    present = {normalise_email(u.get("emailaddress")) for u in users}
    missing = [
        email
        for agent in found.customer.list("Agent")
        if (email := normalise_email(agent.get("email")))
        and "@" in email
        and not agent.get("isapiagent")
        and not agent.get("isdisabled")
        and email not in present
    ][:USER_SEARCH_LIMIT]
    seen = {as_int(u.get("id")) for u in users}
    for email in missing:
        try:
            rows = await client.list_records("Users", {"search": email})
        except HaloError as exc:
            logger.info("looking up an end user by e-mail failed: %s", exc.message)
            continue
        for row in rows:
            if (
                normalise_email(row.get("emailaddress")) == email
                and as_int(row.get("id")) not in seen
            ):
                seen.add(as_int(row.get("id")))
                users.append(row)
    return users


# ---- finding the profiles -------------------------------------------------------------------


def _linked(record: Mapping[str, Any], others: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a profile holds credentials issued by one of `others`, or issued theirs."""
    mine_remote = str(record.get(C.PROFILE_REMOTE_CLIENT_ID) or "").strip()
    mine_issued = str(record.get(C.PROFILE_ISSUED_CLIENT_ID) or "").strip()
    for other in others:
        theirs_issued = str(other.get(C.PROFILE_ISSUED_CLIENT_ID) or "").strip()
        theirs_remote = str(other.get(C.PROFILE_REMOTE_CLIENT_ID) or "").strip()
        if mine_remote and mine_remote == theirs_issued:
            return True
        if mine_issued and mine_issued == theirs_remote:
            return True
    return False


def points_at(
    record: Mapping[str, Any], other: InstanceConfig, other_profiles: list[Record]
) -> str:
    """How `record` (a profile) points at the `other` instance: "credentials", "tenant",
    "address", or "" when it does not."""
    if _linked(record, other_profiles):
        return "credentials"
    tenant = str(record.get(C.PROFILE_REMOTE_TENANT) or "").strip().casefold()
    if tenant and other.tenant and tenant == other.tenant.strip().casefold():
        return "tenant"
    url = str(record.get(C.PROFILE_REMOTE_API_URL) or "")
    if url and other.api_url and _host(url) == _host(other.api_url):
        return "address"
    return ""


def api_profiles(config: InstanceConfig, entity: str) -> list[Record]:
    return [r for r in config.list(entity) if r.get(C.PROFILE_ALLOW_API_ACCESS)]


def find_profile(found: CheckInput, role: ProfileRole) -> ProfileMatch:
    """The profile of `role`: the plan's record id, else the record that points at the other
    instance, else (no plan) the only one with API access, else one named like the other."""
    config = found.config(role.side)
    other = found.config(role.side.other)
    other_role = CUSTOMER_PROFILE if role is SUPPLIER_PROFILE else SUPPLIER_PROFILE
    kind = "Supplier" if role.entity == "Supplier" else "customer (Client)"
    if not config.has(role.entity):
        return ProfileMatch(
            role, None, "", f"The {role.entity} list of {config.name} could not be read."
        )
    plan = found.plan
    if plan is not None:
        planned = role.plan(plan)
        record = config.get(role.entity, planned.record_id)
        if record is None and planned.name:
            record = find_by_name(config.list(role.entity), planned.name)
        if record is not None:
            return ProfileMatch(role, record, "plan")
    candidates = api_profiles(config, role.entity)
    others = api_profiles(other, other_role.entity)
    for how in ("credentials", "tenant", "address"):
        matches = [r for r in candidates if points_at(r, other, others) == how]
        if matches:
            return ProfileMatch(role, matches[0], how)
    if len(candidates) == 1 and plan is None:
        return ProfileMatch(role, candidates[0], "only one")
    named = find_by_name(config.list(role.entity), other.name)
    if named is not None:
        return ProfileMatch(role, named, "name")
    if candidates:
        problem = (
            f"{len(candidates)} {kind} records in {config.name} allow API access, but none "
            f"points at {other.name} (its tenant, address or credentials)."
        )
    else:
        problem = f"No {kind} record in {config.name} allows API access."
    return ProfileMatch(role, None, "", problem)
