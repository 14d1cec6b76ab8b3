"""Step 4: the supplier profile in the customer's instance and the customer profile in the
supplier's instance, found by name or created, with API access on (rules R2, R3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process, utils

from halo_wizard.api import constants as C
from halo_wizard.api.client import NaturalKey, Record
from halo_wizard.plan.model import Plan, ProfilePlan, Side, StepId
from halo_wizard.steps.changes import Change, FieldChange
from halo_wizard.steps.session import Session

DEFAULT_SITE_NAME = "Main"


@dataclass(frozen=True, slots=True)
class ProfileRole:
    """Where a profile lives and what it is called there."""

    side: Side  # the instance that holds the record
    entity: str  # "Supplier" or "Client"
    label: str  # "supplier" or "customer"

    def plan(self, plan: Plan) -> ProfilePlan:
        return plan.supplier_profile if self.entity == "Supplier" else plan.customer_profile


SUPPLIER_PROFILE = ProfileRole(Side.CUSTOMER, "Supplier", "supplier")
CUSTOMER_PROFILE = ProfileRole(Side.SUPPLIER, "Client", "customer")
ROLES = (SUPPLIER_PROFILE, CUSTOMER_PROFILE)


@dataclass(slots=True)
class ProfileState:
    role: ProfileRole
    instance: str
    wanted_name: str
    record: dict[str, Any] | None
    suggestions: list[tuple[str, int, float]] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.record is not None

    @property
    def api_access(self) -> bool:
        return bool(self.record and self.record.get(C.PROFILE_ALLOW_API_ACCESS))


@dataclass(slots=True)
class ProfileSurvey:
    states: list[ProfileState] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def suggest_names(
    wanted: str, names: list[tuple[str, int]], limit: int = 5
) -> list[tuple[str, int, float]]:
    """Existing records whose names look like `wanted`, best first."""
    if not wanted or not names:
        return []
    found = process.extract(
        wanted,
        [n for n, _ in names],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=60,
    )
    return [(names[i][0], names[i][1], float(score)) for _, score, i in found]


def find_by_name(records: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    wanted = " ".join(name.split()).casefold()
    for record in records:
        if " ".join(str(record.get("name") or "").split()).casefold() == wanted:
            return record
    return None


async def survey(session: Session) -> ProfileSurvey:
    result = ProfileSurvey()
    for role in ROLES:
        profile = role.plan(session.plan)
        records = await session.records(role.side, role.entity, fresh=True)
        record = None
        if profile.record_id:
            record = next((r for r in records if r.get("id") == profile.record_id), None)
        if record is None:
            record = find_by_name(records, profile.name)
        state = ProfileState(role, session.name(role.side), profile.name, record)
        state.suggestions = suggest_names(
            profile.name,
            [(str(r.get("name") or ""), int(r["id"])) for r in records if r.get("name")],
        )
        result.states.append(state)
        change = _change_for(role, state)
        if change is not None:
            result.changes.append(change)
    return result


def _change_for(role: ProfileRole, state: ProfileState) -> Change | None:
    label = f"{role.label} profile"
    if state.record is None:
        payload: dict[str, Any] = {"name": state.wanted_name, C.PROFILE_ALLOW_API_ACCESS: True}
        fields = [
            FieldChange("name", "Name", None, state.wanted_name),
            FieldChange(C.PROFILE_ALLOW_API_ACCESS, "API access: Allow access", None, True),
        ]
        if role.entity == "Client":
            payload["newclient_sitename"] = DEFAULT_SITE_NAME
            fields.append(FieldChange("newclient_sitename", "Site", None, DEFAULT_SITE_NAME))
        return Change(
            step=StepId.PROFILES,
            side=role.side,
            instance=state.instance,
            entity=role.entity,
            operation="create",
            record=state.wanted_name,
            fields=fields,
            payload=payload,
            key=NaturalKey(("name",)),
            label=label,
        )
    if not state.api_access:
        record_id = int(state.record["id"])
        return Change(
            step=StepId.PROFILES,
            side=role.side,
            instance=state.instance,
            entity=role.entity,
            operation="update",
            record=str(state.record.get("name")),
            record_id=record_id,
            fields=[
                FieldChange(C.PROFILE_ALLOW_API_ACCESS, "API access: Allow access", False, True)
            ],
            payload={"id": record_id, C.PROFILE_ALLOW_API_ACCESS: True},
            label=label,
        )
    return None


def remember(plan: Plan, survey_result: ProfileSurvey) -> None:
    """Keep the found records' ids in the plan, so a renamed profile is still found."""
    for state in survey_result.states:
        if state.record is not None:
            state.role.plan(plan).record_id = int(state.record["id"])


async def press_authenticate(session: Session, role: ProfileRole, record_id: int) -> Record:
    """Press "Authenticate connection" on a profile; the write's answer.

    The profile's instance then signs in to the other instance with the credentials the profile
    holds: a request to the other instance that the wizard does not send but that Halo counts in
    that instance's rate limit. So one place of the other instance's budget is held while the
    button is pressed (the limiter keeps it for a window after the answer, as for any request)."""
    async with session.client(role.side.other).limiter.slot():
        return await session.client(role.side).save(
            role.entity, {"id": record_id, C.PROFILE_TEST_TRIGGER: True}
        )
