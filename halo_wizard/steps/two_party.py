"""Two organisations, two admins: each side set up by its own admin, joined by an invitation and
a reply (issue 15; seed 001's main cases, a company and its MSP).

The admin who starts connects only their own instance, turns the module on and creates the
profile that represents the partner (its API access issues the credentials the partner needs),
and sends an invitation: their instance's addresses, tenant, product and version, those issued
credentials (the only secret) and the catalogue the partner's mappings and checks need. The
partner opens it, sets up their own side against that catalogue (their profile holds the
inviter's addresses and credentials, "Authenticate connection" calls the inviter's instance for
real) and replies the same way. The inviter finishes their side from the reply. No admin
credential ever leaves its side: each set-up runs the one engine (steps.flow) on a session whose
other instance is a steps.partner.PartnerInstance, read from the catalogue and never written.

The files themselves are sealed by halo_wizard.pairing; this module says what goes in them.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any, Final

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient, Record
from halo_wizard.api.errors import HaloError
from halo_wizard.api.secret import Secret
from halo_wizard.api.urls import Endpoint, parse_instance_url
from halo_wizard.api.values import as_int
from halo_wizard.pairing.contents import (
    CATALOGUE_FIELDS,
    Catalogue,
    InstanceDetails,
    Invitation,
    IssuedCredentials,
    Reply,
)
from halo_wizard.plan.model import (
    PAIRING_KEY,
    InstancePlan,
    Pairing,
    Plan,
    Side,
    issued_secret_key,
)
from halo_wizard.steps.configuration import CONFIG_LISTS
from halo_wizard.steps.partner import PartnerInstance
from halo_wizard.steps.profiles import ROLES, ProfileRole
from halo_wizard.steps.session import SecretKeeper, Session

log = logging.getLogger(__name__)

__all__ = [
    "PAIRING_KEY",
    "PairingProblem",
    "invitation_of",
    "partner_secrets",
    "partner_session",
    "plan_from_invitation",
    "read_catalogue",
    "reply_of",
    "start_pairing",
    "take_reply",
]

CATALOGUE_LISTS: Final = tuple(
    e for e in CONFIG_LISTS if e in CATALOGUE_FIELDS and e not in C.PROFILE_ENTITIES
)
"""The configuration lists read whole for a catalogue (the profile and people are read apart)."""


class PairingProblem(HaloError):
    """A file that does not fit this plan, or a plan that is not ready to write one."""

    title = "Invitation"


Described = Invitation | Reply
"""What a file says of the side that wrote it."""


def _role_in(side: Side) -> ProfileRole:
    """The profile that lives in `side`'s instance (it represents the other side)."""
    return next(role for role in ROLES if role.side is side)


# ---- this side, as its next file tells it ---------------------------------------------------


async def read_catalogue(session: Session, side: Side) -> Catalogue:
    """What the partner needs of `side`'s instance, read now (pairing.contents says which lists
    and fields): the configuration lists, the profile of this connection, and the people (the
    customer's escalating agents as the agents step chooses them, or the end users and sites the
    supplier holds under the customer's profile). Never a secret."""
    plan = session.plan
    client = session.client(side)
    info = await client.connect()
    records: dict[str, list[Record]] = dict(
        await session.read_all(side, CATALOGUE_LISTS, fresh=True, full=True)
    )
    role = _role_in(side)
    profile = role.plan(plan)
    record = (
        await session.record(side, role.entity, profile.record_id) if profile.record_id else None
    )
    if record is None or not profile.record_id:
        raise PairingProblem(
            f"The {role.label} profile '{profile.name}' is not on {session.name(side)} yet.",
            "Run the set-up of your side first: it creates the profile.",
            instance=session.name(side),
        )
    records[role.entity] = [record]
    agents = None
    if side is Side.CUSTOMER:
        agents = escalating_agents(plan, await session.records(side, "Agent", fresh=True))
    else:
        records["Users"] = await client.list_records("Users", {"client_id": profile.record_id})
        records["Site"] = await client.list_records("Site", {"client_id": profile.record_id})
    return Catalogue.build(
        records,
        side=side,
        profile_id=profile.record_id,
        taken=dt.datetime.now(dt.UTC),
        info=info.raw,
        tenant=client.endpoint.tenant,
        agents=agents,
    )


def escalating_agents(plan: Plan, agents: list[Record]) -> list[Record]:
    """The agents this side sends tickets as, as the agents step chooses them: not API-only,
    with an e-mail, not left out by the admin, and enabled unless the plan includes disabled
    ones."""
    skip = {str(e).strip().casefold() for e in plan.agents.skip}
    chosen = []
    for agent in agents:
        email = str(agent.get(C.AGENT_EMAIL) or "").strip().casefold()
        if agent.get(C.AGENT_IS_API_AGENT) or "@" not in email or email in skip:
            continue
        if agent.get("isdisabled") and not plan.agents.include_disabled:
            continue
        chosen.append(agent)
    return chosen


async def _this_side(
    session: Session,
) -> tuple[Side, InstanceDetails, IssuedCredentials, Catalogue]:
    plan = session.plan
    side = _pairing(plan).own_side
    role = _role_in(side)
    profile = role.plan(plan)
    catalogue = await read_catalogue(session, side)
    record = catalogue.records[role.entity][0]
    issued_id = str(record.get(C.PROFILE_ISSUED_CLIENT_ID) or "")
    secret = await _issued_secret(session, side, int(record["id"]))
    if not issued_id or secret is None:
        raise PairingProblem(
            f"The {role.label} profile '{profile.name}' has not issued credentials halo_wizard "
            "can send.",
            "Run the set-up of your side again (it turns API access on), or paste the secret "
            "from the profile's API Access tab when asked.",
            instance=session.name(side),
        )
    client = session.client(side)
    details = InstanceDetails.of(
        client.endpoint, await client.instance_info(), plan.instance(side).name
    )
    return side, details, IssuedCredentials(issued_id, Secret(secret)), catalogue


async def invitation_of(session: Session) -> Invitation:
    """The invitation this admin's side sends, read from their instance now."""
    side, details, issued, catalogue = await _this_side(session)
    plan = session.plan
    return Invitation(
        instance=details,
        side=side,
        profile_name=_role_in(side).plan(plan).name,
        partner_profile_name=_role_in(side.other).plan(plan).name,
        issued=issued,
        catalogue=catalogue,
    )


async def reply_of(session: Session) -> Reply:
    """The reply this admin's side sends: as an invitation, with their inbound mappings."""
    side, details, issued, catalogue = await _this_side(session)
    plan = session.plan
    return Reply(
        instance=details,
        side=side,
        profile_name=_role_in(side).plan(plan).name,
        issued=issued,
        catalogue=catalogue,
        mappings=plan.mappings(side.other),
        test=_own_half(plan),
        fingerprint=plan.fingerprint(),
    )


def _own_half(plan: Plan) -> dict[str, Any] | None:
    """This side's end-to-end run, when it ran from this side (a reply written after the test
    carries it, for the inviter's report)."""
    e2e = plan.e2e
    if not e2e or not e2e.get("started") or not e2e.get("side"):
        return None
    return dict(e2e)


async def _issued_secret(session: Session, side: Side, record_id: int) -> str | None:
    """The secret this side's profile issued: as the instance showed it this session, or kept
    in the keychain since."""
    role = _role_in(side)
    shown = session.reader(side).issued.get((role.entity, record_id))
    if shown is not None:
        return shown.secret.reveal()
    if session.keeper is None:
        return None
    return await session.keeper.get(issued_secret_key(session.plan.id, side))


def _pairing(plan: Plan) -> Pairing:
    if plan.pairing is None:
        raise PairingProblem(
            f"The plan '{plan.name}' is not a connection with a partner.",
            "Start it with `halo-wizard invite`, or open an invitation with `halo-wizard accept`.",
        )
    return plan.pairing


# ---- plans and sessions ---------------------------------------------------------------------


def start_pairing(plan: Plan, own_side: Side) -> Pairing:
    """Make `plan` the inviter's half of a two-party connection (a new connection id)."""
    plan.pairing = Pairing(
        connection_id=uuid.uuid4().hex, own_side=own_side, started_here=True, catalogue=None
    )
    return plan.pairing


def plan_from_invitation(
    invitation: Invitation,
    connection_id: str,
    file_id: str,
    own: InstancePlan,
) -> Plan:
    """The partner's plan, made from the invitation they opened and their own instance."""
    own_side = invitation.side.other
    theirs = _partner_instance(invitation)
    if _same_address(own.base_url, theirs.base_url):
        raise PairingProblem(
            f"The invitation comes from {theirs.base_url}, the instance you gave as yours: ticket "
            "sync joins two different instances, so the same instance cannot be both sides.",
            "Give your own Halo instance's address, not your partner's.",
        )
    customer, supplier = (own, theirs) if own_side is Side.CUSTOMER else (theirs, own)
    plan = Plan.new("", customer, supplier)
    # The inviter's profile (in their instance) represents this side; this side's profile
    # represents the inviter, under the name the inviter chose for this side's.
    _role_in(invitation.side).plan(plan).name = invitation.profile_name
    _role_in(invitation.side).plan(plan).record_id = _profile_id(invitation)
    _role_in(own_side).plan(plan).name = invitation.partner_profile_name
    plan.pairing = Pairing(
        connection_id=connection_id,
        own_side=own_side,
        started_here=False,
        catalogue=invitation.catalogue.to_json(),
        files_seen=[file_id],
    )
    return plan


def take_reply(plan: Plan, reply: Reply, file_id: str) -> None:
    """Put what the reply says of the partner's side into the inviter's plan."""
    pairing = _pairing(plan)
    if reply.side is not pairing.partner_side:
        raise PairingProblem(
            f"The reply was written by the {reply.side.value} side, and this plan's partner is "
            f"the {pairing.partner_side.value}.",
            "Open the reply your partner wrote for this connection.",
        )
    mine = plan.instance(pairing.own_side)
    if _same_address(reply.instance.base_url, mine.base_url):
        raise PairingProblem(
            f"The reply describes {reply.instance.base_url}, your own instance: your partner "
            "set up their side on the same instance.",
            "Ask your partner to open the invitation against their own Halo instance.",
        )
    theirs = _partner_instance(reply)
    theirs.secret_key = plan.instance(pairing.partner_side).secret_key
    if pairing.partner_side is Side.CUSTOMER:
        plan.customer = theirs
    else:
        plan.supplier = theirs
    _role_in(pairing.partner_side).plan(plan).name = reply.profile_name
    _role_in(pairing.partner_side).plan(plan).record_id = _profile_id(reply)
    pairing.catalogue = reply.catalogue.to_json()
    pairing.files_seen.append(file_id)
    pairing.partner_fingerprint = reply.fingerprint
    if reply.test is not None:
        pairing.partner_test = dict(reply.test)
    # The partner's inbound mappings: their profile represents this side (for the report).
    if pairing.own_side is Side.SUPPLIER:
        plan.supplier_profile_mappings = reply.mappings
    else:
        plan.customer_profile_mappings = reply.mappings


def _profile_id(described: Described) -> int | None:
    """The record id of the profile a file's catalogue holds (the one of this connection), so
    that the steps after the profiles find it without reading it by name again."""
    entity = _role_in(described.side).entity
    rows = described.catalogue.records.get(entity) or []
    return as_int(rows[0].get("id")) if rows else None


def _same_address(one: str, other: str) -> bool:
    try:
        return parse_instance_url(one).same_instance(parse_instance_url(other))
    except HaloError:
        return False


def _partner_instance(described: Described) -> InstancePlan:
    found = described.instance
    return InstancePlan(
        name=found.name,
        base_url=found.base_url,
        api_url=found.api_url,
        auth_url=found.auth_url,
        tenant=found.tenant,
        product=found.product,
        version=found.version,
    )


def partner_session(plan: Plan, own: HaloClient, *, keeper: SecretKeeper | None = None) -> Session:
    """A session on this admin's instance and on the partner's catalogue (their instance as
    their last file showed it; empty until their file arrives)."""
    pairing = _pairing(plan)
    partner_side = pairing.partner_side
    theirs = plan.instance(partner_side)
    catalogue = pairing.catalogue or {}
    records = catalogue.get("records") or {}
    endpoint = (
        Endpoint(
            parse_instance_url(theirs.base_url).base_url,
            theirs.api_url,
            theirs.auth_url,
            theirs.tenant,
        )
        if theirs.base_url
        else Endpoint("https://partner.invalid", "https://partner.invalid/api", "", "")
    )
    partner = PartnerInstance(
        endpoint,
        {entity: list(rows) for entity, rows in records.items()} if pairing.catalogue else {},
        catalogue.get("instanceinfo") or {},
        name=theirs.name or "your partner",
        taken=str(catalogue.get("taken") or ""),
        known=pairing.catalogue is not None,
    )
    customer, supplier = (own, partner) if pairing.own_side is Side.CUSTOMER else (partner, own)
    return Session(plan, customer, supplier, keeper=keeper, partner=partner_side)


def partner_secrets(described: Described) -> dict[str, str]:
    """The secret the partner's profile issued, as the credential swap takes a pasted one (it
    keeps it in the keychain once it is used)."""
    return {_role_in(described.side).label: described.issued.secret.reveal()}
