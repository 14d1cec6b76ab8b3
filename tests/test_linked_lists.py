"""Connected instances against two simulated instances: the application verified in A, the
connected instance record and its test in B, the linked ticket list, the e-mail identifiers;
a second run changes nothing, and drift is reported."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from demo_instances import DemoPair
from demo_setup import session_for

from halo_wizard.api import constants as C
from halo_wizard.plan.linked import linked_of, store_linked
from halo_wizard.plan.model import ConnectionKind, InstancePlan, Plan, Side
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.simulator.state import Application
from halo_wizard.steps import linked_lists as L
from halo_wizard.steps.apply import apply_changes
from halo_wizard.steps.session import Session

SOURCE_LIST = {
    "name": "Escalations for Northwind",
    "use": C.VIEWLIST_USE_TICKETS,
    C.VIEWLIST_FILTERS: [
        {"id": 1, C.VIEWFILTER_NAME: "Status", C.VIEWFILTER_VALUE: "Open"},
        {"id": 2, C.VIEWFILTER_NAME: "Team", C.VIEWFILTER_VALUE: "Service Desk"},
    ],
}


def seed_source_lists(a: SimulatedInstance) -> int:
    """What the admin does by hand in A: a ticket list with filters (and a list of another use)."""
    with a.state.lock:
        a.state.create(C.VIEWLIST_ENTITY, {"name": "Assets to renew", "use": "assets"})
        return a.state.create(C.VIEWLIST_ENTITY, dict(SOURCE_LIST))


def create_application(a: SimulatedInstance) -> Application:
    """What the admin does by hand in A: the application B will sign in with."""
    with a.state.lock:
        agent = next(r for r in a.state.iter_records("Agent") if r.get("isapiagent"))
        return a.state.add_api_application(
            "Connected instance", agent_id=int(agent["id"]), scopes=C.LINKED_APP_SCOPES
        )


def linked_plan(a: SimulatedInstance, b: SimulatedInstance) -> Plan:
    assert a.application and b.application
    return Plan.new(
        "Contoso ⇢ Northwind MSP",
        InstancePlan("Contoso", a.url, client_id=a.application.client_id),
        InstancePlan("Northwind MSP", b.url, client_id=b.application.client_id),
        kind=ConnectionKind.CONNECTED_INSTANCES,
    )


async def one_pass(session: Session, secret: str) -> int:
    """Survey, write, test, re-survey each part in order; returns how many changes were written."""
    written = 0
    connection = await L.survey_connection(session, secret)
    if connection.changes:
        report = await apply_changes(session, connection.changes)
        assert report.ok, report.error
        written += len(report.written)
        assert (await L.run_connection_test(session)).ok
    assert not (await L.survey_connection(session, secret)).changes
    lists = await L.survey_lists(session)
    if lists.changes:
        report = await apply_changes(session, lists.changes)
        assert report.ok, report.error
        written += len(report.written)
    assert not (await L.survey_lists(session)).changes
    identifiers = await L.survey_identifiers(session)
    if identifiers.changes:
        report = await apply_changes(session, identifiers.changes)
        assert report.ok, report.error
        written += len(report.written)
    assert not (await L.survey_identifiers(session)).changes
    return written


def records(instance: SimulatedInstance, entity: str) -> list[dict[str, Any]]:
    with instance.state.lock:
        return [dict(r) for r in instance.state.iter_records(entity)]


def test_linked_list_is_set_up_on_both_instances_and_a_second_run_changes_nothing(
    demo: DemoPair,
) -> None:
    a, b = demo
    source_id = seed_source_lists(a)
    app = create_application(a)
    plan = linked_plan(a, b)

    async def scenario() -> tuple[int, int, list[str]]:
        session = session_for(plan, a, b)
        try:
            wrong = await L.verify_application(session, app.client_id, "not-the-secret")
            assert not wrong.signed_in
            check = await L.verify_application(session, app.client_id, app.client_secret)
            assert check.signed_in and check.found_in_list and check.active
            assert check.name == "Connected instance"
            assert set(check.scopes) == set(C.LINKED_APP_SCOPES)
            lists = await L.survey_lists(session)
            names = [v["name"] for v in lists.source_lists]
            assert names == ["Escalations for Northwind"]  # the assets list is not offered
            linked = linked_of(plan)
            linked.source_list_id = source_id
            linked.identifiers = {Side.CUSTOMER.value: "CONTOSO", Side.SUPPLIER.value: "NW"}
            store_linked(plan, linked)
            first = await one_pass(session, app.client_secret)
            second = await one_pass(session, app.client_secret)
            drift = await L.linked_drift(session)
        finally:
            await session.aclose()
        return first, second, drift

    first, second, drift = asyncio.run(scenario())
    assert first == 4  # connected instance, linked list, two e-mail settings
    assert second == 0
    assert drift == []

    (ci,) = records(b, C.CONNECTED_INSTANCE_ENTITY)
    assert ci[C.CI_API_URL] == f"{a.url}/api" and ci[C.CI_AUTH_URL] == f"{a.url}/auth"
    assert ci[C.CI_TENANT] == a.tenant and ci[C.CI_CLIENT_ID] == app.client_id
    assert C.CI_CLIENT_SECRET_WRITE not in ci  # write-only, kept aside
    with b.state.lock:
        stored = b.state.get_write_only(C.CONNECTED_INSTANCE_ENTITY, ci["id"], "new_clientsecret")
    assert stored == app.client_secret
    (linked_view,) = records(b, C.VIEWLIST_ENTITY)
    assert linked_view[C.VIEWLIST_CONNECTED_INSTANCE] == ci["id"]
    assert linked_view[C.VIEWLIST_CONNECTED_LIST] == source_id
    assert linked_view["name"] == "Escalations for Northwind"
    assert len(records(a, C.VIEWLIST_ENTITY)) == 2  # A's lists untouched
    for instance, identifier in ((a, "CONTOSO"), (b, "NW")):
        (settings,) = records(instance, C.CONTROL_ENTITY)
        assert settings[C.EMAIL_IDENTIFIER_ENABLED] is True
        assert settings[C.EMAIL_IDENTIFIER] == identifier
    linked = linked_of(plan)
    assert linked.last_test_ok is True and linked.connected_instance_id == ci["id"]
    assert linked.source_filters == ["Status: Open", "Team: Service Desk"]
    assert "secret" not in str(plan.to_dict()).lower().replace("secret_key", "")


def test_drift_and_a_failed_test_are_reported(
    demo: DemoPair,
) -> None:
    a, b = demo
    source_id = seed_source_lists(a)
    app = create_application(a)
    plan = linked_plan(a, b)

    async def scenario() -> tuple[list[str], L.ConnectionTestResult, list[str]]:
        session = session_for(plan, a, b)
        try:
            assert (await L.verify_application(session, app.client_id, app.client_secret)).signed_in
            linked = linked_of(plan)
            linked.source_list_id = source_id
            linked.identifiers = {Side.SUPPLIER.value: "NW"}
            store_linked(plan, linked)
            await one_pass(session, app.client_secret)
            # Someone changes things by hand in Halo.
            with b.state.lock:
                key = b.state.find_key(
                    C.CONNECTED_INSTANCE_ENTITY, linked_of(plan).connected_instance_id
                )
                assert key is not None
                b.state.set_write_only(C.CONNECTED_INSTANCE_ENTITY, key, "new_clientsecret", "x")
                b.state.records[C.CONTROL_ENTITY][1][C.EMAIL_IDENTIFIER] = "OTHER"
            with a.state.lock:
                a.state.records[C.VIEWLIST_ENTITY][source_id][C.VIEWLIST_FILTERS] = []
            drift = await L.linked_drift(session)
            failed = await L.run_connection_test(session)
            again = await L.survey_connection(session, app.client_secret)
            secret_fields = [f for c in again.changes for f in c.fields if f.secret]
            return drift, failed, [f.new_text for f in secret_fields]
        finally:
            await session.aclose()

    drift, failed, masked = asyncio.run(scenario())
    assert any("filters" in line for line in drift), drift
    assert any("OTHER" in line for line in drift), drift
    assert not failed.ok and "invalid_client" in failed.text
    assert masked == ["••••••••"]  # the secret is offered again, and shown masked


def test_report_of_a_linked_plan_has_its_own_sections_and_no_ticket_sync_ones(
    demo: DemoPair,
) -> None:
    from halo_wizard.report.content import build_content

    a, b = demo
    plan = linked_plan(a, b)
    linked = linked_of(plan)
    linked.application_client_id = "0123456789abcdef"
    linked.source_list_name = "Escalations"
    linked.source_filters = ["Status: Open"]
    linked.last_test_ok = True
    linked.last_test_result = "Connection successful"
    linked.identifiers = {Side.SUPPLIER.value: "NW"}
    store_linked(plan, linked)
    content = build_content(plan)
    titles = [section.title for section in content.sections]
    assert titles[:4] == [
        "The API application in A",
        "The connected instance in B",
        "The linked ticket list",
        "E-mail identification",
    ]
    text = str([(s.paragraphs, s.tables) for s in content.sections])
    assert "mapping" not in " ".join(titles).lower()
    assert "0123456789abcdef" not in text and "0123…cdef" in text
    assert "Status: Open" in text and "NW" in text and "passed: Connection successful" in text


def test_check_command_reports_drift_of_a_shared_ticket_list(
    demo: DemoPair,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import json

    from halo_wizard.commands.check import run_check_command
    from halo_wizard.plan.store import save_plan

    a, b = demo
    source_id = seed_source_lists(a)
    app = create_application(a)
    plan = linked_plan(a, b)

    async def set_up_linked() -> None:
        session = session_for(plan, a, b)
        try:
            assert (await L.verify_application(session, app.client_id, app.client_secret)).signed_in
            linked = linked_of(plan)
            linked.source_list_id = source_id
            store_linked(plan, linked)
            await one_pass(session, app.client_secret)
        finally:
            await session.aclose()

    asyncio.run(set_up_linked())
    path = tmp_path / "linked.json"
    save_plan(plan, path)
    for env, instance in (("HALO_A_CLIENT_SECRET", a), ("HALO_B_CLIENT_SECRET", b)):
        assert instance.application is not None
        monkeypatch.setenv(env, instance.application.client_secret)

    clean = io.StringIO()
    assert run_check_command(path, True, out=clean) == 0, clean.getvalue()
    assert json.loads(clean.getvalue())["drifts"] == []

    with a.state.lock:
        a.state.records[C.VIEWLIST_ENTITY][source_id][C.VIEWLIST_FILTERS] = []
    drifted = io.StringIO()
    assert run_check_command(path, True, out=drifted) == 1
    found = json.loads(drifted.getvalue())["drifts"]
    assert any("filters" in d["what"] for d in found), found


def test_headless_apply_sets_up_a_shared_list_and_a_second_run_changes_nothing(
    demo: DemoPair, tmp_path: Any
) -> None:
    import os
    import subprocess
    import sys

    from halo_wizard.plan.store import save_plan

    a, b = demo
    source_id = seed_source_lists(a)
    app = create_application(a)
    plan = linked_plan(a, b)

    async def verify() -> None:
        session = session_for(plan, a, b)
        try:
            assert (await L.verify_application(session, app.client_id, app.client_secret)).signed_in
        finally:
            await session.aclose()

    asyncio.run(verify())
    linked = linked_of(plan)
    linked.source_list_id = source_id
    linked.identifiers = {Side.SUPPLIER.value: "NW"}
    store_linked(plan, linked)
    path = tmp_path / "linked.json"
    save_plan(plan, path)
    assert a.application is not None and b.application is not None
    env = {
        **os.environ,
        "HALO_WIZARD_HOME": str(tmp_path / "home"),
        "HALO_A_CLIENT_SECRET": a.application.client_secret,
        "HALO_B_CLIENT_SECRET": b.application.client_secret,
        "HALO_LINKED_CLIENT_SECRET": app.client_secret,
    }
    command = [sys.executable, "-m", "halo_wizard", "apply", "--plan", str(path), "--yes"]

    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Test: passed" in first.stdout
    connected = records(b, C.CONNECTED_INSTANCE_ENTITY)
    assert len(connected) == 1 and connected[0]["apiurl"] == a.api_url
    linked_lists = [v for v in records(b, C.VIEWLIST_ENTITY) if v.get("connectedinstance_id")]
    assert len(linked_lists) == 1
    assert app.client_secret not in first.stdout + first.stderr

    counts = {e: len(records(b, e)) for e in (C.CONNECTED_INSTANCE_ENTITY, C.VIEWLIST_ENTITY)}
    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("nothing to change") == 3, second.stdout
    assert {e: len(records(b, e)) for e in counts} == counts
