"""The correct configuration for the rule tests, and small editors that break one rule in it.

The correct pair is the two demo instances taken through the whole wizard in a simulator (steps
1-7 with auto-mapping), with every recommended action of the action check accepted and applied,
then exported as snapshots. It is built once per test run; each test edits its own copy.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from demo_instances import demo_instances
from demo_setup import finish_in_halo, session_for, set_up

from halo_wizard.api import constants as C
from halo_wizard.plan.model import MappingKind, Plan, Side
from halo_wizard.rules import CheckInput, Finding, check
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps.recommend import apply_recommendations, recommended_changes

CUSTOMER = "Contoso"
SUPPLIER = "Northwind MSP"
PROFILE_ENTITY = {Side.CUSTOMER: "Supplier", Side.SUPPLIER: "Client"}
PROFILE_NAME = {Side.CUSTOMER: SUPPLIER, Side.SUPPLIER: CUSTOMER}


async def accept_recommendations(
    contoso: SimulatedInstance, northwind: SimulatedInstance
) -> tuple[Plan, list[str]]:
    """Steps 1-7 with auto-mapping, then every recommendation applied; returns the plan and the
    titles of the recommendations."""
    plan = await set_up(contoso, northwind, auto_map=True)
    session = session_for(plan, contoso, northwind)
    try:
        found = await CheckInput.from_session(session)
        recommendations = recommended_changes(found)
        report = await apply_recommendations(session, recommendations, found)
        assert report.ok, report.error
        # What the API cannot set yet (which sync number is Supplier), the admin sets in Halo.
        learned = await finish_in_halo(
            session, recommendations, {Side.CUSTOMER: contoso, Side.SUPPLIER: northwind}
        )
        assert learned, "the follow-ups in Halo showed the wizard the sync numbers"
    finally:
        await session.aclose()
    return plan, [r.title for r in recommendations]


@functools.lru_cache(maxsize=1)
def _correct_texts() -> tuple[str, str, str, tuple[str, ...]]:
    with demo_instances() as (contoso, northwind):
        plan, titles = asyncio.run(accept_recommendations(contoso, northwind))
        customer, supplier = contoso.snapshot(), northwind.snapshot()
    return json.dumps(customer), json.dumps(supplier), json.dumps(plan.to_dict()), tuple(titles)


def accepted_titles() -> tuple[str, ...]:
    return _correct_texts()[3]


@dataclass
class Pair:
    """Two snapshots (customer, supplier) and the plan that made them, with editors."""

    customer: dict[str, Any]
    supplier: dict[str, Any]
    plan: Plan

    def snapshot(self, side: Side) -> dict[str, Any]:
        return self.customer if side is Side.CUSTOMER else self.supplier

    def records(self, side: Side, entity: str) -> list[dict[str, Any]]:
        return self.snapshot(side)["records"].setdefault(entity, [])

    def one(self, side: Side, entity: str, key: str, value: Any) -> dict[str, Any]:
        found = [r for r in self.records(side, entity) if r.get(key) == value]
        assert len(found) == 1, f"{entity} with {key}={value!r}: {len(found)} found"
        return found[0]

    def action(self, side: Side, name: str) -> dict[str, Any]:
        return self.one(side, "Outcome", "outcome", name)

    def workflow(self, side: Side, name: str) -> dict[str, Any]:
        return self.one(side, "Workflow", "name", name)

    def status(self, side: Side, name: str) -> dict[str, Any]:
        return self.one(side, "Status", "name", name)

    def field(self, side: Side, name: str) -> dict[str, Any]:
        return self.one(side, "FieldInfo", "name", name)

    def profile(self, side: Side) -> dict[str, Any]:
        """The profile that lives in `side`'s instance (a Supplier in the customer's)."""
        return self.one(side, PROFILE_ENTITY[side], "name", PROFILE_NAME[side])

    def map_row(self, receiver: Side, kind: MappingKind, remote: int, local: int) -> None:
        """Add or replace a mapping row in the profile of `receiver`'s instance."""
        field_name = {
            MappingKind.STATUS: C.MAPPING_STATUS,
            MappingKind.CATEGORY: C.MAPPING_CATEGORY,
            MappingKind.FIELD: C.MAPPING_FIELD,
            MappingKind.ACTION: C.MAPPING_ACTION,
            MappingKind.TICKET_TYPE: C.MAPPING_TICKET_TYPE,
        }[kind]
        rows = self.profile(receiver).setdefault(field_name, [])
        rows[:] = [r for r in rows if str(r.get(C.MAPROW_REMOTE_ID)) != str(remote)]
        rows.append({C.MAPROW_LOCAL_ID: local, C.MAPROW_REMOTE_ID: str(remote)})

    def unmap(self, receiver: Side, remote: int) -> None:
        rows = self.profile(receiver).get(C.MAPPING_ACTION) or []
        rows[:] = [r for r in rows if str(r.get(C.MAPROW_REMOTE_ID)) != str(remote)]

    def action_fields(self, side: Side, name: str, names: list[str]) -> None:
        self.action(side, name)["fields"] = [{"fieldname": n} for n in names]

    def input(self, *, with_plan: bool = False) -> CheckInput:
        learned = {
            side: {k: f.answer for k, f in self.plan.instance(side).learned.items()}
            for side in Side
        }
        return CheckInput.from_snapshots(
            self.customer, self.supplier, self.plan if with_plan else None, learned=learned
        )

    def check(self, *, with_plan: bool = False) -> list[Finding]:
        return check(self.input(with_plan=with_plan))

    def write(self, directory: Path) -> tuple[Path, Path]:
        paths = (directory / "customer.json", directory / "supplier.json")
        for path, snapshot in zip(paths, (self.customer, self.supplier), strict=True):
            path.write_text(json.dumps(snapshot), encoding="utf-8")
        return paths


def correct_pair() -> Pair:
    """A fresh copy of the correct configuration."""
    customer, supplier, plan, _titles = _correct_texts()
    return Pair(json.loads(customer), json.loads(supplier), Plan.from_dict(json.loads(plan)))


def key(finding: Finding) -> tuple[str, str, str, str, str]:
    return (
        finding.rule,
        finding.severity.value,
        finding.side.value,
        finding.record,
        finding.message,
    )


@functools.lru_cache(maxsize=1)
def _baseline_keys() -> frozenset[tuple[str, str, str, str, str]]:
    return frozenset(key(f) for f in correct_pair().check())


def new_findings(findings: list[Finding]) -> list[Finding]:
    """The findings the correct pair does not have."""
    baseline = _baseline_keys()
    return [f for f in findings if key(f) not in baseline]


def matching(
    findings: list[Finding],
    rule: str,
    severity: str | None = None,
    instance: str | None = None,
    record: str | None = None,
) -> list[Finding]:
    return [
        f
        for f in findings
        if f.rule == rule
        and (severity is None or f.severity.value == severity)
        and (instance is None or f.instance == instance)
        and (record is None or f.record == record)
    ]


def deep(value: Any) -> Any:
    return copy.deepcopy(value)


# ---- appended for the guide's words (issue 16): configurations the check has never seen ------


def own_addresses(pair: Pair, side: Side) -> tuple[str, str, str]:
    """`side`'s own Resource Server, Authorisation Server and tenant, as the plan holds them
    (what a profile in the other instance must hold)."""
    instance = pair.plan.instance(side)
    return instance.api_url, instance.auth_url, instance.tenant


def show_api_email_field(pair: Pair, side: Side) -> None:
    """The instance shows "Send an email when created using the Supplier/Organisation API
    connection" through the API, in the one candidate field (the api-email-field dialect)."""
    from halo_wizard.steps import unknowns

    unknowns.learn(pair.plan, side, C.API_EMAIL_FIELD, unknowns.EMAIL_AUTO_FORWARD, "example", "")


def of_rule(findings: list[Finding], rule: str) -> list[str]:
    """'severity record: message' of each finding of `rule`, for assertion messages."""
    return [f"{f.severity.value} {f.record}: {f.message}" for f in findings if f.rule == rule]
