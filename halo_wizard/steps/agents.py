"""Step 6: the customer side's agents become end users under the customer profile in the
supplier's instance, matched by e-mail (rule R4)."""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient, NaturalKey, Record
from halo_wizard.api.errors import HaloError
from halo_wizard.api.values import as_int
from halo_wizard.plan.model import Side, StepId
from halo_wizard.steps.changes import Change, FieldChange
from halo_wizard.steps.session import Session

log = logging.getLogger(__name__)


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
    users = await users_under(client, profile.record_id)
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


# ---- finding end users without listing every one ----------------------------------------------


async def users_under(client: HaloClient, customer_id: int) -> list[Record]:
    """The end users under one customer, read with Halo's client_id filter [schema]. Rows of
    another customer (an instance or proxy that ignored the filter) are left out."""
    users = await client.list_records("Users", {"client_id": customer_id})
    return [u for u in users if as_int(u.get("client_id")) in (None, customer_id)]


async def end_users_for(
    client: HaloClient, customer_id: int, emails: Iterable[str]
) -> list[Record]:
    """The end users rule R4 looks at: every user under the customer profile, and every user of
    the instance, under any customer, whose e-mail is one of `emails` (an agent who is an end
    user elsewhere).

    Halo's `search` on /Users ("like your search string") is not known to match e-mail
    addresses, so it is tried on a user whose address is known first: when it finds them, each
    address is searched for (rows compared exactly); when it does not, or when reading the whole
    list costs fewer requests than the searches, every end user is read as before."""
    under = await users_under(client, customer_id)
    wanted = sorted({e for e in map(normalise_email, emails) if "@" in e})
    if not wanted:
        return under
    sample, total = await client.first_page("Users", page_size=1)
    if not sample:
        return under  # the instance has no end user at all
    whole_list = -(-total // C.PAGE_CAP) if total is not None else None
    if whole_list is not None and whole_list <= len(wanted) + 1:
        return await _every_user(client, "the whole list costs no more requests")
    known = next(
        (u for u in under if normalise_email(u.get(C.END_USER_EMAIL)) in wanted),
        next(
            (u for u in [*under, *sample] if "@" in normalise_email(u.get(C.END_USER_EMAIL))), None
        ),
    )
    if known is None:
        return await _every_user(client, "no end user with an address to try search on")
    probe = normalise_email(known.get(C.END_USER_EMAIL))
    terms = [probe, *(e for e in wanted if e != probe)]
    answers = await asyncio.gather(*(_search_email(client, term) for term in terms))
    found = dict(zip(terms, answers, strict=True))
    if any(rows is None for rows in answers) or not any(
        as_int(u.get("id")) == as_int(known.get("id")) for u in found[probe] or ()
    ):
        return await _every_user(client, "search did not find an end user by address")
    people = {as_int(u.get("id")): u for u in under}
    for term in wanted:
        for user in found[term] or ():
            people.setdefault(as_int(user.get("id")), user)
    log.info("%s: %d end users found by %d searches", client.name, len(people), len(terms))
    return list(people.values())


async def _search_email(client: HaloClient, email: str) -> list[Record] | None:
    """The end users whose address is `email`, from one page searched for it; None when the page
    came back full (the search did not narrow the list: an instance that ignores it)."""
    rows, total = await client.first_page("Users", {C.LIST_SEARCH: email})
    if len(rows) >= C.PAGE_CAP or (total is not None and total > len(rows)):
        return None
    return [u for u in rows if normalise_email(u.get(C.END_USER_EMAIL)) == email]


async def _every_user(client: HaloClient, why: str) -> list[Record]:
    log.info("%s: reading every end user (%s)", client.name, why)
    return await client.list_records("Users")
