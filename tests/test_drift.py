"""The drift check: an unchanged set-up has none; each kind of change made on the instances is
reported with its instance and record; `halo-wizard check` exits 0, 1 or 2."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from demo_instances import DemoPair
from demo_setup import session_for, set_up
from sync_setup import Api

from halo_wizard.api import constants as C
from halo_wizard.plan.model import MappingKind, Plan, Side
from halo_wizard.plan.store import save_plan
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps.drift import (
    ACTION_SETTINGS_KEY,
    Drift,
    DriftKind,
    DriftReport,
    check_drift,
)

CONTOSO = "Contoso"
NORTHWIND = "Northwind MSP"


@dataclass
class Demo:
    contoso: SimulatedInstance
    northwind: SimulatedInstance
    plan: Plan
    a: Api  # Contoso, the customer (sends tickets)
    b: Api  # Northwind MSP, the supplier

    @property
    def supplier_profile(self) -> int:
        record_id = self.plan.supplier_profile.record_id
        assert record_id is not None
        return record_id

    @property
    def customer_profile(self) -> int:
        record_id = self.plan.customer_profile.record_id
        assert record_id is not None
        return record_id

    def check(self, *, authenticate: bool = True) -> DriftReport:
        async def run() -> DriftReport:
            session = session_for(self.plan, self.contoso, self.northwind)
            try:
                return await check_drift(session, authenticate=authenticate)
            finally:
                await session.aclose()

        return asyncio.run(run())


@pytest.fixture
def demo(demo: DemoPair) -> Iterator[Demo]:
    """The shared demo instances (tests/conftest.py) taken through steps 1-7 with auto-map."""
    contoso, northwind = demo
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
    a, b = Api(contoso), Api(northwind)
    try:
        yield Demo(contoso, northwind, plan, a, b)
    finally:
        a.close()
        b.close()


def _only(report: DriftReport, kind: DriftKind) -> list[Drift]:
    found = report.of_kind(kind)
    assert found, f"no {kind.value} drift in:\n{report.format_text()}"
    return found


def _mapped_row_id(plan: Plan, side: Side, kind: MappingKind, *, local: bool) -> tuple[int, str]:
    """A mapped row of the profile whose mappings are `plan.mappings(side)`: its local or remote
    record id and name."""
    for row in plan.mappings(side).rows_of(kind):
        if row.mapped and row.local_id is not None:
            return (row.local_id, row.local_name) if local else (row.remote_id, row.remote_name)
    raise AssertionError(f"no mapped {kind.value} row")


# ---- no drift ------------------------------------------------------------------------------------


def test_unchanged_setup_has_no_drift(demo: Demo) -> None:
    assert demo.plan.customer_profile_mappings.mapped_count(MappingKind.STATUS) > 0
    assert demo.plan.supplier_profile_mappings.mapped_count(MappingKind.ACTION) > 0
    report = demo.check()
    assert report.ok, report.format_text()
    assert report.drifts == []
    assert report.authenticated
    data = report.to_dict()
    assert data["ok"] is True and data["drifts"] == []
    assert "No drift" in report.format_text()
    assert demo.check(authenticate=False).ok


def test_setup_remembers_the_settings_of_the_actions_it_maps(demo: Demo) -> None:
    section = demo.plan.to_dict()[ACTION_SETTINGS_KEY]
    default_action = demo.plan.customer_profile_mappings.default_action
    assert default_action is not None
    stored = section["supplier"][str(default_action)]
    live = demo.b.get("Outcome", default_action)
    assert stored["name"] == live["outcome"]
    assert stored["hidefromuser"] == int(bool(live.get("hidefromuser")))
    assert set(stored) >= {"sendemail", "hidefromuser", C.SYNC_TO_HALO, "systemid", "newstatus"}
    # It survives a save and load (under the same key).
    again = Plan.from_dict(json.loads(json.dumps(demo.plan.to_dict())))
    assert again.to_dict()[ACTION_SETTINGS_KEY] == section


# ---- renamed and deleted records -----------------------------------------------------------------


def test_renamed_status_is_reported_on_the_side_that_renamed_it(demo: Demo) -> None:
    # Statuses that Contoso sends, mapped in the customer profile in Northwind.
    status_id, name = _mapped_row_id(demo.plan, Side.CUSTOMER, MappingKind.STATUS, local=False)
    demo.a.save("Status", {"id": status_id, "name": f"{name} (old)"})
    report = demo.check()
    drifts = _only(report, DriftKind.RECORD_RENAMED)
    assert [(d.instance, d.side, d.entity, d.record_id) for d in drifts] == [
        (CONTOSO, Side.CUSTOMER, "Status", status_id)
    ]
    assert drifts[0].expected == f"'{name}'"
    assert drifts[0].found == f"'{name} (old)'"
    assert name in drifts[0].record
    assert not report.of_kind(DriftKind.MAPPINGS_CHANGED)  # the ids still join


def test_renamed_local_status_is_reported_in_the_receiving_instance(demo: Demo) -> None:
    status_id, _ = _mapped_row_id(demo.plan, Side.CUSTOMER, MappingKind.STATUS, local=True)
    demo.b.save("Status", {"id": status_id, "name": "Something else entirely"})
    drifts = _only(demo.check(), DriftKind.RECORD_RENAMED)
    assert {(d.instance, d.record_id) for d in drifts} == {(NORTHWIND, status_id)}


def test_deleted_mapped_action_is_reported(demo: Demo) -> None:
    # Actions that Northwind sends, mapped in the supplier profile in Contoso to Contoso actions.
    action_id, name = _mapped_row_id(demo.plan, Side.SUPPLIER, MappingKind.ACTION, local=True)
    reply = demo.a.http.delete(f"/Outcome/{action_id}")
    assert reply.status_code == 200, reply.text
    report = demo.check()
    drifts = _only(report, DriftKind.RECORD_DELETED)
    assert {(d.instance, d.entity, d.record_id) for d in drifts} == {
        (CONTOSO, "Outcome", action_id)
    }
    assert any(name in d.record for d in drifts)
    assert all(d.found == "no such record" and d.fix for d in drifts)


def test_deleted_default_action_is_reported(demo: Demo) -> None:
    default_action = demo.plan.customer_profile_mappings.default_action
    assert default_action is not None
    assert demo.b.http.delete(f"/Outcome/{default_action}").status_code == 200
    drifts = _only(demo.check(), DriftKind.RECORD_DELETED)
    assert (NORTHWIND, default_action) in {(d.instance, d.record_id) for d in drifts}


# ---- action settings -----------------------------------------------------------------------------


def test_changed_action_settings_are_reported(demo: Demo) -> None:
    default_action = demo.plan.customer_profile_mappings.default_action
    assert default_action is not None
    before = demo.b.get("Outcome", default_action)
    assert before.get("hidefromuser") and not before.get("sendemail")
    demo.b.save(
        "Outcome", {"id": default_action, "hidefromuser": False, "sendemail": C.SENDEMAIL_YES}
    )
    drifts = _only(demo.check(), DriftKind.ACTION_SETTINGS_CHANGED)
    assert [(d.instance, d.side, d.record_id) for d in drifts] == [
        (NORTHWIND, Side.SUPPLIER, default_action)
    ]
    drift = drifts[0]
    assert "Hide from user" in drift.what and "Send an email" in drift.what
    assert "Hide from user Yes" in drift.expected and "Hide from user No" in drift.found
    assert "Send an email No" in drift.expected and "Send an email Yes" in drift.found


def test_action_settings_unchanged_when_only_an_unrelated_field_changes(demo: Demo) -> None:
    default_action = demo.plan.customer_profile_mappings.default_action
    assert default_action is not None
    demo.b.save("Outcome", {"id": default_action, "buttonname": "Renamed button"})
    assert demo.check().ok


# ---- module, profiles, credentials ------------------------------------------------------------


def test_suppliers_module_turned_off_is_reported(demo: Demo) -> None:
    row = demo.b.named("Features", C.SUPPLIERS_MODULE_NAME, field="module_name")
    demo.b.save("Features", {"id": row["id"], "enabled": False})
    drifts = _only(demo.check(), DriftKind.SUPPLIERS_MODULE_OFF)
    assert [(d.instance, d.side, d.record_id) for d in drifts] == [
        (NORTHWIND, Side.SUPPLIER, row["id"])
    ]
    assert drifts[0].expected == "On" and drifts[0].found == "Off"


def test_api_access_turned_off_is_reported_and_the_other_side_no_longer_authenticates(
    demo: Demo,
) -> None:
    demo.b.save("Client", {"id": demo.customer_profile, C.PROFILE_ALLOW_API_ACCESS: False})
    report = demo.check()
    off = _only(report, DriftKind.API_ACCESS_OFF)
    assert [(d.instance, d.entity, d.record_id) for d in off] == [
        (NORTHWIND, "Client", demo.customer_profile)
    ]
    # Contoso's supplier profile holds credentials Northwind issued: they were withdrawn.
    failed = _only(report, DriftKind.NOT_AUTHENTICATING)
    assert (CONTOSO, "Supplier", demo.supplier_profile) in {
        (d.instance, d.entity, d.record_id) for d in failed
    }


def test_changed_stored_secret_no_longer_authenticates(demo: Demo) -> None:
    demo.a.save(
        "Supplier",
        {
            "id": demo.supplier_profile,
            C.PROFILE_REMOTE_CLIENT_SECRET_WRITE: "not-the-issued-secret-0000",
        },
    )
    report = demo.check()
    failed = _only(report, DriftKind.NOT_AUTHENTICATING)
    assert [(d.instance, d.side, d.record_id) for d in failed] == [
        (CONTOSO, Side.CUSTOMER, demo.supplier_profile)
    ]
    assert "not-the-issued-secret" not in json.dumps(report.to_dict())
    # The failed result stays on the profile: a check that does not press the button sees it.
    later = demo.check(authenticate=False).of_kind(DriftKind.NOT_AUTHENTICATING)
    assert [(d.instance, d.record_id) for d in later] == [(CONTOSO, demo.supplier_profile)]


def test_changed_stored_tenant_is_reported(demo: Demo) -> None:
    demo.a.save("Supplier", {"id": demo.supplier_profile, C.PROFILE_REMOTE_TENANT: "elsewhere"})
    drifts = _only(demo.check(authenticate=False), DriftKind.CONNECTION_DETAILS_CHANGED)
    assert [(d.instance, d.entity, d.record_id) for d in drifts] == [
        (CONTOSO, "Supplier", demo.supplier_profile)
    ]
    assert "tenant" in drifts[0].record
    assert drifts[0].found == "'elsewhere'"


def test_changed_stored_api_url_is_reported(demo: Demo) -> None:
    demo.b.save(
        "Client",
        {"id": demo.customer_profile, C.PROFILE_REMOTE_API_URL: "https://other.example/api"},
    )
    drifts = _only(demo.check(authenticate=False), DriftKind.CONNECTION_DETAILS_CHANGED)
    assert [(d.instance, d.record_id) for d in drifts] == [(NORTHWIND, demo.customer_profile)]
    assert "API URL" in drifts[0].record


def test_renamed_profile_is_reported(demo: Demo) -> None:
    demo.a.save("Supplier", {"id": demo.supplier_profile, "name": "Northwind (old contract)"})
    drifts = _only(demo.check(), DriftKind.PROFILE_RENAMED)
    assert [(d.instance, d.record_id, d.found) for d in drifts] == [
        (CONTOSO, demo.supplier_profile, "'Northwind (old contract)'")
    ]


def test_deleted_profile_is_reported(demo: Demo) -> None:
    assert demo.b.http.delete(f"/Client/{demo.customer_profile}").status_code == 200
    left = sorted(r["id"] for r in demo.b.rows("Client"))
    report = demo.check()
    drifts = _only(report, DriftKind.PROFILE_DELETED)
    assert [(d.instance, d.entity, d.record_id) for d in drifts] == [
        (NORTHWIND, "Client", demo.customer_profile)
    ]
    # Authenticate connection was pressed only where the profile still exists: none was made.
    assert sorted(r["id"] for r in demo.b.rows("Client")) == left


# ---- mappings on a profile -----------------------------------------------------------------------


def test_removed_status_mapping_on_a_profile_is_reported(demo: Demo) -> None:
    profile = demo.b.get("Client", demo.customer_profile)
    rows = profile[C.MAPPING_STATUS]
    removed = rows[0]
    demo.b.save("Client", {"id": demo.customer_profile, C.MAPPING_STATUS: rows[1:]})
    drifts = _only(demo.check(authenticate=False), DriftKind.MAPPINGS_CHANGED)
    assert [(d.instance, d.entity, d.record_id) for d in drifts] == [
        (NORTHWIND, "Client", demo.customer_profile)
    ]
    assert "Status mappings" in drifts[0].record
    assert "1 planned row(s) missing" in drifts[0].what
    assert str(removed[C.MAPROW_REMOTE_NAME]) in drifts[0].what


def test_changed_default_action_and_attachments_are_reported(demo: Demo) -> None:
    default_action = demo.plan.supplier_profile_mappings.default_action
    other = next(r["id"] for r in demo.a.rows("Outcome") if r["id"] != default_action)
    demo.a.save(
        "Supplier",
        {
            "id": demo.supplier_profile,
            C.DEFAULT_ACTION: other,
            C.OUTBOUND_ATTACHMENTS: 0
            if demo.plan.supplier_profile_mappings.outbound_attachments
            else 1,
        },
    )
    drifts = _only(demo.check(authenticate=False), DriftKind.MAPPINGS_CHANGED)
    records = sorted(d.record for d in drifts)
    assert len(drifts) == 2
    assert all(d.instance == CONTOSO and d.record_id == demo.supplier_profile for d in drifts)
    assert any("Default action" in r for r in records)
    assert any("attachments" in r for r in records)
    default = next(d for d in drifts if "Default action" in d.record)
    assert default.expected == f"action id {default_action}"
    assert default.found == f"action id {other}"


def test_report_as_dict_carries_every_field(demo: Demo) -> None:
    row = demo.a.named("Features", C.SUPPLIERS_MODULE_NAME, field="module_name")
    demo.a.save("Features", {"id": row["id"], "enabled": False})
    data = json.loads(json.dumps(demo.check(authenticate=False).to_dict()))
    assert data["ok"] is False
    assert data["drifts"][0]["kind"] == "suppliers_module_off"
    assert data["drifts"][0]["instance"] == CONTOSO
    assert set(data["drifts"][0]) >= {"what", "expected", "found", "fix", "record", "side"}


# ---- the command -------------------------------------------------------------------------------


def _run_check(
    plan_file: Path, env: dict[str, str], *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "halo_wizard", "check", "--plan", str(plan_file), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_check_command_exit_codes(demo: Demo, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    save_plan(demo.plan, plan_file)
    apps = (demo.contoso.application, demo.northwind.application)
    assert apps[0] is not None and apps[1] is not None
    env = dict(os.environ)
    env["HALO_A_CLIENT_SECRET"] = apps[0].client_secret
    env["HALO_B_CLIENT_SECRET"] = apps[1].client_secret

    clean = _run_check(plan_file, env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "No drift" in clean.stdout

    row = demo.b.named("Features", C.SUPPLIERS_MODULE_NAME, field="module_name")
    demo.b.save("Features", {"id": row["id"], "enabled": False})
    drifted = _run_check(plan_file, env, "--json")
    assert drifted.returncode == 1, drifted.stdout + drifted.stderr
    data = json.loads(drifted.stdout)
    assert data["ok"] is False
    assert [(d["kind"], d["instance"]) for d in data["drifts"]] == [
        ("suppliers_module_off", NORTHWIND)
    ]

    no_secret = {k: v for k, v in env.items() if k != "HALO_B_CLIENT_SECRET"}
    missing = _run_check(plan_file, no_secret)
    assert missing.returncode == 2
    assert "HALO_B_CLIENT_SECRET" in missing.stderr


def test_check_command_cannot_run_when_an_instance_is_unreachable(
    demo: Demo, tmp_path: Path
) -> None:
    plan = Plan.from_dict(demo.plan.to_dict())
    plan.supplier.base_url = "http://127.0.0.1:9"  # discard port: nothing listens
    plan.supplier.api_url = plan.supplier.auth_url = ""
    plan_file = tmp_path / "plan.json"
    save_plan(plan, plan_file)
    env = dict(os.environ, HALO_A_CLIENT_SECRET="x-secret-a", HALO_B_CLIENT_SECRET="x-secret-b")
    result = _run_check(plan_file, env, "--no-authenticate")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "could not run" in result.stderr
    assert "Traceback" not in result.stderr
