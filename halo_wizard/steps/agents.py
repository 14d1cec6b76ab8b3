"""Step 6: the customer side's agents become end users under the customer profile in the
supplier's instance, matched by e-mail (rule R4)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api.client import NaturalKey
from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import Side, StepId
from halo_wizard.steps.changes import Change, FieldChange
from halo_wizard.steps.session import Session


class AgentOutcome(enum.StrEnum):
    CREATE = "will create"
    EXISTS = "already there"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class AgentRow:
    agent_id: int
    name: str
    email: str
    outcome: AgentOutcome
    reason: str = ""
    user_id: int | None = None


@dataclass(slots=True)
class AgentSurvey:
    rows: list[AgentRow] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    site_id: int | None = None

    def count(self, outcome: AgentOutcome) -> int:
        return sum(1 for r in self.rows if r.outcome is outcome)


def normalise_email(value: object) -> str:
    return str(value or "").strip().casefold()


class CustomerSiteMissing(HaloError):
    title = "No site for the customer"


async def survey(session: Session) -> AgentSurvey:
    plan = session.plan
    profile = plan.customer_profile
    supplier_name = session.name(Side.SUPPLIER)
    if not profile.record_id:
        raise CustomerSiteMissing(
            f"The customer profile '{profile.name}' does not exist yet.",
            "Finish the Profiles step first.",
            instance=supplier_name,
        )
    client = session.client(Side.SUPPLIER)
    agents = await session.records(Side.CUSTOMER, "Agent", fresh=True)
    users = await client.list_records("Users", {"client_id": profile.record_id})
    sites = await client.list_records("Site", {"client_id": profile.record_id})
    sites = [s for s in sites if s.get("client_id") in (None, profile.record_id)]
    result = AgentSurvey(site_id=int(sites[0]["id"]) if sites else None)
    existing = {normalise_email(u.get("emailaddress")): u for u in users if u.get("emailaddress")}
    skip = {normalise_email(e) for e in plan.agents.skip}
    planned: set[str] = set()
    for agent in sorted(agents, key=lambda a: str(a.get("name") or "").casefold()):
        email = normalise_email(agent.get("email"))
        row = _classify(agent, email, existing, skip, planned, plan.agents.include_disabled)
        result.rows.append(row)
        if row.outcome is AgentOutcome.CREATE:
            planned.add(email)
    creates = [r for r in result.rows if r.outcome is AgentOutcome.CREATE]
    if creates and result.site_id is None:
        raise CustomerSiteMissing(
            f"The customer '{profile.name}' has no site, and end users need one.",
            f"In {supplier_name}, open the customer and add a site (e.g. 'Main'), then look again.",
            instance=supplier_name,
        )
    for row in creates:
        payload: dict[str, Any] = {
            "name": row.name,
            "emailaddress": row.email,
            "client_id": profile.record_id,
            "site_id": result.site_id,
        }
        result.changes.append(
            Change(
                step=StepId.AGENTS,
                side=Side.SUPPLIER,
                instance=supplier_name,
                entity="Users",
                operation="create",
                record=row.name,
                fields=[
                    FieldChange("name", "Name", None, row.name),
                    FieldChange("emailaddress", "E-mail", None, row.email),
                    FieldChange("client_id", "Customer", None, profile.name),
                ],
                payload=payload,
                key=NaturalKey(("emailaddress",), {"client_id": str(profile.record_id)}),
                label="end user",
            )
        )
    return result


def _classify(
    agent: dict[str, Any],
    email: str,
    existing: dict[str, dict[str, Any]],
    skip: set[str],
    planned: set[str],
    include_disabled: bool,
) -> AgentRow:
    agent_id = int(agent["id"])
    name = " ".join(str(agent.get("name") or "").split()) or f"Agent {agent_id}"
    if agent.get("isapiagent"):
        return AgentRow(agent_id, name, email, AgentOutcome.SKIPPED, "API-only agent")
    if not email or "@" not in email:
        return AgentRow(agent_id, name, email, AgentOutcome.SKIPPED, "no e-mail address")
    if agent.get("isdisabled") and not include_disabled:
        return AgentRow(agent_id, name, email, AgentOutcome.SKIPPED, "disabled")
    if email in skip:
        return AgentRow(agent_id, name, email, AgentOutcome.SKIPPED, "left out by the admin")
    if email in existing:
        user = existing[email]
        return AgentRow(agent_id, name, email, AgentOutcome.EXISTS, "", int(user["id"]))
    if email in planned:
        return AgentRow(agent_id, name, email, AgentOutcome.SKIPPED, "same e-mail as another agent")
    return AgentRow(agent_id, name, email, AgentOutcome.CREATE)
