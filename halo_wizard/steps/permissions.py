"""Step 2: prove, before anything is written, that each side's application can do what later
steps need, and say exactly what to grant where it cannot."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Final

from halo_wizard.api.client import ENTITY_LABELS, Record
from halo_wizard.api.errors import HaloError, MissingScope, PermissionDenied
from halo_wizard.api.scopes import entity_allowed
from halo_wizard.plan.model import Side
from halo_wizard.steps.session import Progress, Session, no_progress

_AGENT_PATH = "Configuration > Teams & Agents > Agents > the application's agent > Permissions"
_APP_PATH = "Configuration > Integrations > Halo API > Applications > the application > Permissions"

# entity -> (what a later step needs it for, what to grant)
_NEEDS: dict[str, tuple[str, str]] = {
    "Features": (
        "turning the Suppliers module on (step 3)",
        f"Give the agent access to configuration ({_AGENT_PATH}), and tick 'all' in {_APP_PATH}.",
    ),
    "Supplier": (
        "the supplier profile and its mappings (steps 4, 5, 7)",
        f"Set 'Suppliers' access to Read and Modify ({_AGENT_PATH}); tick 'edit:suppliers' or "
        f"'all' in {_APP_PATH}.",
    ),
    "Client": (
        "the customer profile and its mappings (steps 4, 5, 7)",
        f"Set 'Customers' access to Read and Modify and allow all customers ({_AGENT_PATH}); "
        f"tick 'edit:customers' or 'all' in {_APP_PATH}.",
    ),
    "Site": (
        "the customer profile's site for its end users (step 6)",
        f"Set 'Customers' access to Read and Modify ({_AGENT_PATH}).",
    ),
    "Users": (
        "adding the other side's agents as end users (step 6)",
        f"Set 'Users' access to Read and Modify ({_AGENT_PATH}); tick 'edit:customers' or 'all' "
        f"in {_APP_PATH}.",
    ),
    "Agent": (
        "listing the agents who will escalate tickets (step 6)",
        f"Allow the agent to view other agents ({_AGENT_PATH}).",
    ),
    "Outcome": (
        "checking and creating the sync actions (steps 7, 8)",
        f"Give the agent access to configuration of tickets and actions ({_AGENT_PATH}).",
    ),
    "Status": ("the status mappings (step 7)", f"Allow all ticket types ({_AGENT_PATH})."),
    "Category": ("the category mappings (step 7)", f"Allow all ticket types ({_AGENT_PATH})."),
    "TicketType": (
        "the ticket type mappings (step 7)",
        f"Set 'Allow use of all Ticket Types' to Yes ({_AGENT_PATH}).",
    ),
    "FieldInfo": ("the field mappings (step 7)", f"Give access to configuration ({_AGENT_PATH})."),
    "Workflow": (
        "checking that mapped actions are allowed (step 8)",
        f"Give access to configuration ({_AGENT_PATH}).",
    ),
}

# What each side reads and writes. The supplier profile lives in the customer's instance, the
# customer profile (with its users) in the supplier's.
_READS = (
    "Features",
    "Agent",
    "Outcome",
    "Status",
    "Category",
    "TicketType",
    "FieldInfo",
    "Workflow",
)
_WRITES: dict[Side, tuple[str, ...]] = {
    Side.CUSTOMER: ("Features", "Supplier", "Outcome"),
    Side.SUPPLIER: ("Features", "Client", "Users", "Outcome"),
}
_EXTRA_READS: dict[Side, tuple[str, ...]] = {
    Side.CUSTOMER: ("Supplier",),
    Side.SUPPLIER: ("Client", "Site", "Users"),
}
ONE_PAGE_PROBES: Final = frozenset({"Site", "Users"})
"""Lists the later steps read only under the customer profile (agents.users_under): one row of one
page proves they can be read, where reading the list would page through every end user of the
instance (308 requests at --scale 80)."""


@dataclass(slots=True)
class Capability:
    """One thing a side must be able to do, and whether it can."""

    side: Side
    entity: str
    write: bool
    ok: bool | None = None
    detail: str = ""

    @property
    def label(self) -> str:
        verb = "Change" if self.write else "Read"
        return f"{verb} {ENTITY_LABELS.get(self.entity, self.entity)}"

    @property
    def needed_for(self) -> str:
        return _NEEDS.get(self.entity, ("later steps", ""))[0]

    @property
    def grant(self) -> str:
        return _NEEDS.get(self.entity, ("", "Give the application's agent full access."))[1]


def capabilities(side: Side) -> list[Capability]:
    reads = [Capability(side, e, False) for e in (*_READS, *_EXTRA_READS[side])]
    return reads + [Capability(side, e, True) for e in _WRITES[side]]


async def preflight(session: Session, progress: Progress = no_progress) -> list[Capability]:
    """Read every list the later steps read (the session's configuration read, kept for them),
    and judge each write from the application's granted scopes and its agent: nothing is
    written, not even an unchanged copy of a record the wizard does not own."""
    # The partner's instance (two-party set-up) is their admin's to check, on their side.
    checks = [check for side in session.own_sides() for check in capabilities(side)]
    done = 0

    async def run(check: Capability) -> None:
        nonlocal done
        try:
            await _probe_read(session, check)
        except (PermissionDenied, MissingScope) as exc:
            check.ok, check.detail = False, exc.message
        except HaloError as exc:
            check.ok, check.detail = None, f"Could not test: {exc.message}"
        done += 1
        progress(done, len(checks), f"{session.name(check.side)}: {check.label}")

    await asyncio.gather(*(run(c) for c in checks if not c.write))
    sides = session.own_sides()
    agents = await asyncio.gather(*(session.client(side).me() for side in sides))
    login = dict(zip(sides, agents, strict=True))
    reads = {(c.side, c.entity): c for c in checks if not c.write}
    for check in (c for c in checks if c.write):
        _judge(check, session, login[check.side], reads.get((check.side, check.entity)))
        done += 1
        progress(done, len(checks), f"{session.name(check.side)}: {check.label}")
    return checks


async def _probe_read(session: Session, check: Capability) -> None:
    if check.entity in ONE_PAGE_PROBES:
        rows, total = await session.client(check.side).first_page(check.entity, page_size=1)
        check.ok = True
        shown = total if total is not None else len(rows)
        check.detail = f"Readable ({shown:,} on the instance)"
        return
    records = await session.records(check.side, check.entity, fresh=True)
    check.ok = True
    if not records and check.entity in ("Agent", "Status", "TicketType", "Outcome", "Features"):
        # A missing permission often shows as an empty list rather than an error.
        check.ok = None
        check.detail = "The list came back empty, which usually means the agent is restricted."
    else:
        check.detail = f"{len(records)} read"


def _judge(
    check: Capability, session: Session, agent: Record | None, read: Capability | None
) -> None:
    client = session.client(check.side)
    granted = client.granted_scopes
    scopes = granted if granted is not None else frozenset(client.scope.split())
    shown = " ".join(sorted(scopes)) or "none"
    if not entity_allowed(scopes, check.entity, write=True):
        check.ok = False
        check.detail = (
            f"The application's scopes ({shown}) do not let it change "
            f"{ENTITY_LABELS.get(check.entity, check.entity)}."
        )
        return
    if read is not None and read.ok is False:
        check.ok = False
        check.detail = "It cannot even read them: " + read.detail
        return
    name = str((agent or {}).get("name") or "the application's agent")
    if agent is not None and agent.get("is_admin") is True:
        check.ok = True
        check.detail = f"Allowed by the scopes ({shown}); '{name}' is an administrator."
        return
    check.ok = None
    check.detail = (
        f"Allowed by the scopes ({shown}). Whether '{name}' may change them shows at the first "
        "change, which is listed before it is made (nothing is written to test it)."
    )


def blocking(checks: list[Capability]) -> list[Capability]:
    """The capabilities that failed outright."""
    return [c for c in checks if c.ok is False]
