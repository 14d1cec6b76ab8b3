"""What the action check reads: both instances' configuration (snapshots or live) and the plan."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.plan.model import Plan, ProfileMappings, Side, derive_api_url, derive_auth_url
from halo_wizard.steps.agents import end_users_for
from halo_wizard.steps.configuration import CONFIG_LISTS, InstanceConfig, as_int
from halo_wizard.steps.profiles import (
    CUSTOMER_PROFILE,
    ROLES,
    SUPPLIER_PROFILE,
    ProfileRole,
    find_by_name,
)
from halo_wizard.steps.session import Session

logger = logging.getLogger(__name__)


def config_from_snapshot(
    side: Side, snapshot: Mapping[str, Any], name: str | None = None
) -> InstanceConfig:
    """From a halo-snapshot/1 dict (its `simulator` section, if any, is never read)."""
    info = snapshot.get("instanceinfo") or {}
    auth = snapshot.get("authinfo") or {}
    raw = snapshot.get("records") or {}
    if not isinstance(raw, Mapping):
        raise ValueError("the snapshot's records must be an object of lists")
    records = {
        str(k): [r for r in v if isinstance(r, dict)] for k, v in raw.items() if isinstance(v, list)
    }
    display = name or _display_name(info, auth, side)
    # The agent address may be a vanity host, so only the authorisation server is taken.
    auth_url = str(info.get("auth_url") or auth.get("auth_url") or "")
    return InstanceConfig(
        side=side,
        name=display,
        records=records,
        tenant=str(auth.get("tenant_id") or info.get("tenant_id") or ""),
        auth_url=auth_url,
        version=str(info.get("app_version") or ""),
        addresses_from="instanceinfo" if auth_url else "",
    )


async def config_from_session(
    session: Session, side: Side, *, with_people: bool = True
) -> InstanceConfig:
    """What the rules need from a live instance, through the session's read model: the
    configuration lists (profiles, ticket types and workflows read in full where the lists leave
    fields out) and, for agent checks, the customer side's agents."""
    client = session.client(side)
    info = await client.connect(require_sync_version=False)
    entities = [*CONFIG_LISTS, *(("Agent",) if with_people and side is Side.CUSTOMER else ())]
    records = dict(await session.read_all(side, entities, full=True))
    endpoint = client.endpoint
    return InstanceConfig(
        side=side,
        name=session.plan.instance(side).name or endpoint.host,
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
    planned_mappings: bool = False
    """True: the checks read the plan's mappings, as they will be once written."""
    learned: dict[Side, dict[str, str]] = field(default_factory=dict)
    """Without a plan: what each instance has shown of Halo's unknowns (answers by key)."""
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
        if self.plan is None:
            return self
        return CheckInput(
            self.customer, self.supplier, self.plan, planned_mappings=True, learned=self.learned
        )

    def planned(self, receiver: Side) -> ProfileMappings | None:
        """The plan's mappings for the profile in `receiver`'s instance, when the check looks at
        the plan rather than at what the profile holds now (with_planned_mappings)."""
        plan = self.plan
        if plan is None or not self.planned_mappings:
            return None
        from halo_wizard.steps.mappings import direction_into

        direction = direction_into(receiver)
        mappings = direction.mappings(plan)
        return mappings if mappings.rows or mappings.default_action else None

    def answer(self, side: Side, unknown: C.Unknown) -> str | None:
        """What `side`'s instance has shown of one of Halo's unknowns: the plan's learned fact,
        else (checking snapshots without a plan) what the snapshot's own records show."""
        if self.plan is not None:
            found = self.plan.instance(side).learned.get(unknown.key)
            if found is not None:
                return found.answer
        given = self.learned.get(side, {}).get(unknown.key)
        if given is not None:
            return given
        if unknown is C.MAPPING_ROW_IDS:
            return self._row_ids_from_records(side)
        return None

    def _row_ids_from_records(self, side: Side) -> str | None:
        from halo_wizard.steps import unknowns

        config = self.config(side)
        entity = unknowns.PROFILE_ENTITY_IN[side]
        local = {e: config.by_id(e) for _, e, _ in unknowns.ROW_KINDS.values()}
        in_fiid, in_third = unknowns.orientation_votes(config.list(entity), local)
        if bool(in_fiid) == bool(in_third):
            return None
        return unknowns.LOCAL_IN_FIID if in_fiid else unknowns.LOCAL_IN_THIRDPARTYNAME

    @classmethod
    def from_snapshots(
        cls,
        customer: Mapping[str, Any],
        supplier: Mapping[str, Any],
        plan: Plan | None = None,
        *,
        learned: Mapping[Side, Mapping[str, str]] | None = None,
    ) -> CheckInput:
        """Two snapshots: the first from the customer's instance (it sends tickets), the second
        from the supplier's (it receives them). `learned` gives, without a plan, what each
        instance has shown of Halo's unknowns (answers by constants.Unknown.key)."""
        names = {side: plan.instance(side).name if plan else None for side in Side}
        result = cls(
            config_from_snapshot(Side.CUSTOMER, customer, names[Side.CUSTOMER] or None),
            config_from_snapshot(Side.SUPPLIER, supplier, names[Side.SUPPLIER] or None),
            plan,
            learned={side: dict(answers) for side, answers in (learned or {}).items()},
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
            config_from_session(session, Side.CUSTOMER, with_people=with_people),
            config_from_session(session, Side.SUPPLIER, with_people=with_people),
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
    """The supplier's end users R4 judges: those under the customer profile, and those anywhere
    on the instance with the address of one of the customer's agents (an agent who is an end
    user under another customer, as well as or instead of under the profile). Read now, never
    from the session's lists: people change between checks (the Agents step, an admin in
    Halo); see agents.end_users_for for how the instance's search is used, and when not."""
    profile_id = found.profile(CUSTOMER_PROFILE).record_id
    if profile_id is None:
        return []
    emails = [str(a.get("email") or "") for a in found.customer.list("Agent")]
    return await end_users_for(session.client(Side.SUPPLIER), profile_id, emails)


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


def _points_elsewhere(record: Mapping[str, Any], other: InstanceConfig) -> bool:
    """Whether a profile's outbound connection names an instance that is not `other`."""
    url = str(record.get(C.PROFILE_REMOTE_API_URL) or "").strip()
    known = other.api_url or other.auth_url
    if url and known and _host(url) != _host(known):
        return True
    tenant = str(record.get(C.PROFILE_REMOTE_TENANT) or "").strip().casefold()
    return bool(tenant and other.tenant) and tenant != other.tenant.strip().casefold()


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
    # A profile whose connection leads to another instance is that instance's, not this one's.
    open_ended = [r for r in candidates if not _points_elsewhere(r, other)]
    if len(open_ended) == 1 and len(candidates) == 1 and plan is None:
        return ProfileMatch(role, open_ended[0], "only one")
    named = find_by_name(config.list(role.entity), other.name)
    if named is not None and not _points_elsewhere(named, other):
        return ProfileMatch(role, named, "name")
    if candidates:
        problem = (
            f"{len(candidates)} {kind} records in {config.name} allow API access, but none "
            f"points at {other.name} (its tenant, address or credentials)."
        )
    else:
        problem = f"No {kind} record in {config.name} allows API access."
    return ProfileMatch(role, None, "", problem)
