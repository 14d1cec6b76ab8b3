"""Live and offline `validate` agree on the same configuration: the findings of `validate --plan`
(read live) are those of `validate --snapshot A --snapshot B` on snapshots exported from the same
instances, in particular for agents who are end users under another customer (instead of, or as
well as, under the customer profile)."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_instances import DemoPair
from demo_setup import set_up
from sync_setup import Api

from halo_wizard.api.client import HaloClient
from halo_wizard.atomic import write_json_atomic
from halo_wizard.commands.validate import run_validate
from halo_wizard.plan.model import Plan
from halo_wizard.plan.store import save_plan
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps.configuration import export_snapshot

ALREADY_ELSEWHERE = {"priya.shah@contoso.com", "grace.oneill@contoso.com"}
"""Contoso agents the demo already files under 'Contoso Pharmaceuticals' in Northwind: once the
Agents step has added them under the Contoso profile, they are end users under both."""
OTHER_CUSTOMER = "Contoso Pharmaceuticals"


@pytest.fixture
def configured(
    demo: DemoPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Plan, Path, SimulatedInstance, SimulatedInstance]]:
    contoso, northwind = demo
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
    plan_file = tmp_path / "plan.json"
    save_plan(plan, plan_file)
    assert contoso.application is not None and northwind.application is not None
    monkeypatch.setenv("HALO_A_CLIENT_SECRET", contoso.application.client_secret)
    monkeypatch.setenv("HALO_B_CLIENT_SECRET", northwind.application.client_secret)
    yield plan, plan_file, contoso, northwind


def live_findings(plan_file: Path) -> list[dict[str, Any]]:
    out, err = io.StringIO(), io.StringIO()
    assert run_validate(plan_file, [], True, out=out, err=err) in (0, 1), err.getvalue()
    findings: list[dict[str, Any]] = json.loads(out.getvalue())["findings"]
    return findings


def offline_findings(
    plan_file: Path, instances: tuple[SimulatedInstance, SimulatedInstance], folder: Path
) -> list[dict[str, Any]]:
    """`halo-wizard snapshot` of both instances (the same engine), then `validate --snapshot`."""

    async def export(instance: SimulatedInstance, path: Path) -> None:
        app = instance.application
        assert app is not None
        async with HaloClient(instance.url, app.client_id, app.client_secret) as client:
            write_json_atomic(path, await export_snapshot(client))

    paths = [folder / "customer.snapshot.json", folder / "supplier.snapshot.json"]
    for instance, path in zip(instances, paths, strict=True):
        asyncio.run(export(instance, path))
    out, err = io.StringIO(), io.StringIO()
    assert run_validate(plan_file, paths, True, out=out, err=err) in (0, 1), err.getvalue()
    findings: list[dict[str, Any]] = json.loads(out.getvalue())["findings"]
    return findings


def move_to_another_customer(
    contoso: SimulatedInstance, northwind: SimulatedInstance, plan: Plan
) -> str:
    """Move one Contoso agent's end user in Northwind from the Contoso profile to another
    customer (only there: 'under the wrong customer'); returns the agent's address."""
    a, b = Api(contoso), Api(northwind)
    try:
        agents = {
            str(r["email"]).strip().casefold()
            for r in a.rows("Agent", withemail="true")
            if r.get("email") and not r.get("isapiagent") and not r.get("isdisabled")
        }
        other = b.named("Client", OTHER_CUSTOMER)
        users = b.rows("Users", client_id=plan.customer_profile.record_id)
        movable = [
            u
            for u in users
            if (email := str(u.get("emailaddress")).strip().casefold()) in agents
            and email not in ALREADY_ELSEWHERE
        ]
        user = min(movable, key=lambda u: int(u["id"]))
        b.save(
            "Users", {"id": user["id"], "client_id": other["id"], "site_id": other["main_site_id"]}
        )
        return str(user["emailaddress"]).casefold()
    finally:
        a.close()
        b.close()


def r4(findings: list[dict[str, Any]]) -> dict[str, str]:
    """The R4 findings (agents as end users) by the address they name, with their severity."""
    found: dict[str, str] = {}
    for finding in findings:
        if finding["rule"] != "R4":
            continue
        for line in [finding["message"], *finding.get("details", [])]:
            for word in line.replace("(", " ").replace(")", " ").replace("<", " ").split():
                if "@" in word:
                    found[word.strip(">,.").casefold()] = finding["severity"]
    return found


def test_agents_under_another_customer_are_found_live_as_offline(
    configured: tuple[Plan, Path, SimulatedInstance, SimulatedInstance], tmp_path: Path
) -> None:
    plan, plan_file, contoso, northwind = configured
    moved = move_to_another_customer(contoso, northwind, plan)

    live = live_findings(plan_file)
    offline = offline_findings(plan_file, (contoso, northwind), tmp_path)

    assert live == offline
    people = r4(live)
    assert people.get(moved) == "error", people  # under the wrong customer only
    for email in ALREADY_ELSEWHERE:
        assert people.get(email) == "warning", people  # under the profile and another customer
    wrong = next(f for f in live if f["rule"] == "R4" and moved in f["message"].casefold())
    assert OTHER_CUSTOMER in wrong["message"]


def test_the_configuration_as_set_up_gives_the_same_findings_both_ways(
    configured: tuple[Plan, Path, SimulatedInstance, SimulatedInstance], tmp_path: Path
) -> None:
    _plan, plan_file, contoso, northwind = configured
    live = live_findings(plan_file)
    assert live == offline_findings(plan_file, (contoso, northwind), tmp_path)
    assert set(r4(live)) >= ALREADY_ELSEWHERE


def crowd(northwind: SimulatedInstance, count: int) -> None:
    """`count` more end users under another customer: an MSP's instance, not a demo's."""
    with northwind.state.lock:
        other = next(
            c for c in northwind.state.iter_records("Client") if c.get("name") == OTHER_CUSTOMER
        )
        for n in range(count):
            northwind.state.create(
                "Users",
                {
                    "name": f"Crowd User {n}",
                    "emailaddress": f"crowd.user{n}@pharma.example",
                    "client_id": other["id"],
                    "site_id": other.get("main_site_id"),
                },
            )


@pytest.mark.parametrize("search_finds_addresses", [True, False])
def test_a_crowded_instance_is_searched_by_address_only_where_search_is_shown_to_work(
    configured: tuple[Plan, Path, SimulatedInstance, SimulatedInstance],
    tmp_path: Path,
    search_finds_addresses: bool,
) -> None:
    """With 10,000 end users the live check asks for the agents' addresses (one search each)
    instead of reading 100 pages; where the instance's search does not match addresses (tried
    first, on a known user), it reads every end user. The findings are the same either way,
    and the same as offline."""
    plan, plan_file, contoso, northwind = configured
    moved = move_to_another_customer(contoso, northwind, plan)
    crowd(northwind, 10_000)
    if not search_finds_addresses:
        northwind.state.search_fields = ("name",)
    northwind.stats.reset()
    live = live_findings(plan_file)
    asked = northwind.stats.count("GET", "Users")

    offline = offline_findings(plan_file, (contoso, northwind), tmp_path)
    assert live == offline
    people = r4(live)
    assert people.get(moved) == "error", people
    for email in ALREADY_ELSEWHERE:
        assert people.get(email) == "warning", people
    whole_list = 10_000 // 100
    if search_finds_addresses:
        assert asked < whole_list, asked
    else:
        assert asked > whole_list, asked
