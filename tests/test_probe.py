"""The probe (halo-wizard probe): each assumption of api/constants.py checked read-only against a
simulated instance over real sockets, the report free of secrets, names and addresses."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_instances import demo_instances
from sim_fixtures import minimal_snapshot

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.simulator.endpoints import Reply, Request, json_reply
from halo_wizard.steps import probe as P
from halo_wizard.steps.probe import ProbeReport, probe

Change = Callable[[SimulatedInstance], None]

TICKET_LIST = {
    "id": 1,
    "name": "Open tickets",
    "use": C.VIEWLIST_USE_TICKETS,
    "filters": [{"filter_name": "status", "filter_value": "1"}],
}


def run_probe(
    snapshot: dict[str, Any], *, dialect: str | None = None, change: Change | None = None
) -> tuple[ProbeReport, SimulatedInstance]:
    """One probe of a fresh instance (its request counts start at zero)."""
    with Simulator() as simulator:
        instance = simulator.add(snapshot, dialect=dialect)
        if change is not None:
            change(instance)
        app = instance.application
        assert app is not None

        async def go() -> ProbeReport:
            async with HaloClient(instance.url, app.client_id, app.client_secret) as client:
                return await probe(client)

        report = asyncio.run(go())
    return report, instance


@pytest.fixture(scope="module")
def demo() -> Iterator[list[tuple[dict[str, Any], ProbeReport, SimulatedInstance]]]:
    """Both demo instances probed once (snapshot, report, instance)."""
    found = []
    for snapshot in demo_snapshots():
        report, instance = run_probe(snapshot)
        found.append((snapshot, report, instance))
    yield found


def _status(report: ProbeReport) -> dict[str, str]:
    return {v.key: v.status for v in report.verdicts}


# ---- the table -----------------------------------------------------------------------------


def test_every_assumption_names_real_constants_and_every_unknown_is_read() -> None:
    keys = [a.key for a in P.ASSUMPTIONS]
    assert len(keys) == len(set(keys))
    for assumption in P.ASSUMPTIONS:
        assert assumption.evidence in (P.KNOWN, P.SCHEMA, P.ASSUMED), assumption.key
        for name in assumption.constants:
            assert hasattr(C, name), (assumption.key, name)
        assert assumption.relied_on_by == "" or assumption.relied_on_by.startswith("step ")
    for entity in C.LIST_ROWS_LEAVE_OUT:
        assert f"rows-leave-out-{entity.lower()}" in keys
    assert set(P.UNKNOWN_READERS) == {u.key for u in C.UNKNOWNS}


# ---- the demo instances ----------------------------------------------------------------------


def test_on_the_demo_instances_every_assumption_holds_but_what_they_cannot_show(
    demo: list[tuple[dict[str, Any], ProbeReport, SimulatedInstance]],
) -> None:
    for _snapshot, report, _instance in demo:
        statuses = _status(report)
        assert not report.contradictions(), [v.line() for v in report.contradictions()]
        # The demo instances hold no ticket list (ViewLists): nothing to read in full.
        assert {k for k, s in statuses.items() if s != P.HOLDS} == {"rows-leave-out-viewlists"}
        known = [v for v in report.verdicts if v.evidence == P.KNOWN]
        assert len(known) >= 15
        assert report.reading("mapping-row-ids").answer == "local-in-fiid"
        assert report.reading("status-action-default").answer == "-1"
        assert report.reading("issued-secret").answer == "readable"
        assert report.reading("sync-values").status == P.CANT_TELL
    contoso, northwind = (r for _, r, _ in demo)
    assert (contoso.product, contoso.version, contoso.hosted) == ("Halo ITSM", "2.250.32", True)
    assert northwind.version == "2.236.133"
    seen = northwind.verdict("page-cap").seen
    assert seen["rows"] == C.PAGE_CAP and seen["record_count"] > C.PAGE_CAP


def test_a_ticket_list_read_in_full_shows_its_filters() -> None:
    snapshot = demo_snapshots()[0]
    snapshot["records"][C.VIEWLIST_ENTITY] = [TICKET_LIST]
    report, _ = run_probe(snapshot)
    verdict = report.verdict("rows-leave-out-viewlists")
    assert verdict.status == P.HOLDS
    assert verdict.seen["rows_with"] == {C.VIEWLIST_FILTERS: 0}
    assert all(v.status == P.HOLDS for v in report.verdicts)


def test_the_probe_reads_only_a_few_dozen_times_and_writes_nothing(
    demo: list[tuple[dict[str, Any], ProbeReport, SimulatedInstance]],
) -> None:
    for _snapshot, report, instance in demo:
        counts = instance.stats.counts
        assert {k for k in counts if k[0] != "GET"} == {("POST", "token")}
        assert counts[("POST", "token")] == 1
        assert report.requests == instance.stats.total_requests
        assert report.requests <= 48


def _private_values(snapshot: dict[str, Any], instance: SimulatedInstance) -> list[str]:
    """Everything the report must never hold: secrets, people's and customers' names and
    addresses, the instance's address and tenant."""
    records = snapshot["records"]
    sim = snapshot["simulator"]
    values = [app["client_secret"] for app in sim["applications"]]
    values += [entry["client_secret"] for entry in sim.get("profile_secrets") or []]
    values += [str(a.get(k)) for a in records["Agent"] for k in ("name", "email") if a.get(k)]
    values += [str(u.get(k)) for u in records["Users"] for k in ("name", "emailaddress")]
    values += [str(c["name"]) for entity in ("Client", "Supplier") for c in records[entity]]
    values += [
        str(p.get(C.PROFILE_REMOTE_API_URL)) for p in records["Supplier"] + records["Client"]
    ]
    values += [instance.url, instance.url.split("//", 1)[1], instance.tenant]
    return [v for v in values if v and v != "None"]


def test_the_report_holds_no_secret_no_name_and_no_address(
    demo: list[tuple[dict[str, Any], ProbeReport, SimulatedInstance]],
) -> None:
    for snapshot, report, instance in demo:
        private = _private_values(snapshot, instance)
        assert len(private) > 50
        for text in (report.to_json(), report.format_text(), repr(report)):
            leaked = [v for v in private if v.casefold() in text.casefold()]
            assert not leaked, leaked
        shown = report.to_dict()
        assert set(shown["instance"]) == {"product", "version", "hosted"}
        fields = report.verdict("profile-connection-fields").seen
        assert "present" in json.dumps(fields)  # said, never shown


# ---- instances that answer otherwise -------------------------------------------------------


def _wrap_status_list(instance: SimulatedInstance) -> None:
    """Serve /api/Status wrapped, as a list of records with record_count."""
    original = instance.process

    def process(request: Request) -> Reply | None:
        reply = original(request)
        if (
            reply is not None
            and reply.status == 200
            and request.method == "GET"
            and request.path.casefold() == "/api/status"
        ):
            rows = json.loads(reply.body)
            return json_reply(200, {"record_count": len(rows), "statuses": rows})
        return reply

    instance.process = process  # type: ignore[method-assign]


def test_a_wrapped_status_list_contradicts_the_bare_lists_but_no_step_relies_on_it() -> None:
    report, _ = run_probe(minimal_snapshot(), change=_wrap_status_list)
    verdict = report.verdict("lists-bare")
    assert verdict.status == P.CONTRADICTED
    assert verdict.seen["Status"] == {
        "shape": "wrapped",
        "key": "statuses",
        "record_count": True,
        "rows": 4,
    }
    assert verdict.seen["Priority"]["shape"] == "bare"
    # The client reads either shape: the statuses still checked fine.
    assert report.verdict("status-closed").status == P.HOLDS
    assert verdict not in report.relied_on_contradictions()


def _sendemail_via_api(snapshot: dict[str, Any]) -> None:
    for outcome in snapshot["records"]["Outcome"]:
        outcome[P.ABSENT_OUTCOME_FIELD] = True


def _closed_renamed(snapshot: dict[str, Any]) -> None:
    for status in snapshot["records"]["Status"]:
        if status["id"] == C.CLOSED_STATUS_ID:
            status["name"] = "Resolved"


def _suppliers_module_renamed(snapshot: dict[str, Any]) -> None:
    for row in snapshot["records"]["Features"]:
        if row["module_name"] == C.SUPPLIERS_MODULE_NAME:
            row["module_name"] = "Vendors"


def _closed_in_another_domain(snapshot: dict[str, Any]) -> None:
    for status in snapshot["records"]["Status"]:
        if status["id"] == C.CLOSED_STATUS_ID:
            status["type"] = 2


def _custom_fields_without_usage(snapshot: dict[str, Any]) -> None:
    snapshot["records"]["FieldInfo"] = [
        {"id": 1, "name": "summary", "custom": 0, "type": 0},
        {"id": 50, "name": "CFasset", "label": "Asset tag", "custom": 1, "type": 0},
    ]


def _builtins_of_usage_four(snapshot: dict[str, Any]) -> None:
    snapshot["records"]["FieldInfo"] = [
        {"id": 1, "name": "summary", "custom": 0, "type": 0, C.FIELD_USAGE: 4},
        {"id": 2, "name": "details", "custom": 0, "type": 1, C.FIELD_USAGE: 4},
    ]


@pytest.mark.parametrize(
    ("change", "key", "relied_on"),
    [
        (_sendemail_via_api, "outcome-no-sendemail-via-api", True),
        (_closed_renamed, "status-closed", True),
        (_suppliers_module_renamed, "suppliers-module", True),
        (_closed_in_another_domain, "status-type-domain", True),
        (_custom_fields_without_usage, "fieldinfo-usage", True),
        (_builtins_of_usage_four, "ticket-field-usage", False),  # learned from the built-ins
    ],
)
def test_an_instance_that_answers_otherwise_contradicts_the_assumption(
    change: Callable[[dict[str, Any]], None], key: str, relied_on: bool
) -> None:
    snapshot = demo_snapshots()[1]  # live-like: every other assumption holds on it
    change(snapshot)
    report, _ = run_probe(snapshot)
    assert report.verdict(key).status == P.CONTRADICTED
    assert {v.key for v in report.contradictions()} == {key}
    relied = [v.key for v in report.relied_on_contradictions()]
    assert relied == ([key] if relied_on else [])
    text = report.format_text()
    contradicted = text.split("Contradicted (1):", 1)[1].splitlines()[1]
    assert f"({key})" in contradicted


def test_a_small_instance_cannot_show_the_page_cap_nor_its_mapping_rows() -> None:
    report, _ = run_probe(minimal_snapshot())
    # Three users: no list is longer than a page; no profile holds a connection.
    assert report.verdict("page-cap").status == P.CANT_TELL
    assert report.reading("mapping-row-ids").status == P.CANT_TELL
    assert report.verdict("profile-connection-fields").status == P.CANT_TELL


def test_more_users_than_a_page_show_the_page_cap() -> None:
    report, _ = run_probe(minimal_snapshot(extra_users=C.PAGE_CAP + 20))
    assert report.verdict("page-cap").status == P.HOLDS
    assert report.verdict("page-cap").seen["rows"] == C.PAGE_CAP


def test_a_self_hosted_instance_cannot_show_the_tenant_in_instanceinfo() -> None:
    report, _ = run_probe(minimal_snapshot(hosted=False))
    assert report.hosted is False
    assert report.verdict("instanceinfo-tenant").status == P.CANT_TELL


# ---- what the instance shows of the unknowns --------------------------------------------------


def test_under_reversed_mapping_rows_the_instance_shows_local_in_thirdpartyname() -> None:
    for snapshot in demo_snapshots():
        report, _ = run_probe(snapshot, dialect="mapping-rows-reversed")
        reading = report.reading("mapping-row-ids")
        assert (reading.status, reading.answer) == (P.SHOWS, "local-in-thirdpartyname")
        assert reading.seen["by_thirdpartyname"] > 0
        assert reading.seen["rows_naming_a_record_by_fiid"] == 0
        assert "shows local-in-thirdpartyname" in report.format_text()


def test_a_hidden_secret_and_a_zero_default_status_show_nothing_by_themselves() -> None:
    snapshot = demo_snapshots()[1]
    report, _ = run_probe(snapshot, dialect="secret-hidden,status-default-zero")
    assert report.reading("issued-secret").status == P.CANT_TELL
    assert report.reading("status-action-default").status == P.CANT_TELL
    assert report.reading("status-action-default").seen["holding_zero"] >= 1
    fields = report.verdict("profile-connection-fields").seen["Client"]
    assert fields["issued_secret"] == "absent"


# ---- the command -------------------------------------------------------------------------


def _command(
    tmp_path: Path, instance: SimulatedInstance | None, *extra: str, secret: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HALO_CLIENT_SECRET"}
    env["HALO_WIZARD_HOME"] = str(tmp_path / "home")
    if secret is not None:
        env["HALO_CLIENT_SECRET"] = secret
    url = instance.url if instance is not None else "acme.halopsa.com"
    app = instance.application if instance is not None else None
    client_id = app.client_id if app is not None else "x"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "halo_wizard",
            "probe",
            "--url",
            url,
            "--client-id",
            client_id,
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_command_exits_0_1_or_2_and_prints_json_that_names_no_address(
    tmp_path: Path,
) -> None:
    broken = demo_snapshots()[1]
    _closed_renamed(broken)
    with demo_instances(rate_limit=None, snapshots=[demo_snapshots()[0], broken]) as (fine, wrong):
        assert fine.application is not None and wrong.application is not None
        ok = _command(tmp_path, fine, "--json", secret=fine.application.client_secret)
        bad = _command(tmp_path, wrong, secret=wrong.application.client_secret)
        refused = _command(tmp_path, fine, secret="not-the-secret-0123456789")
    assert ok.returncode == 0, ok.stderr
    shown = json.loads(ok.stdout)
    assert shown["format"] == P.PROBE_FORMAT
    assert shown["summary"]["contradicted"] == 0
    assert fine.url.split("//", 1)[1] not in ok.stdout and fine.tenant not in ok.stdout
    assert fine.application.client_secret not in ok.stdout + ok.stderr

    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Contradicted (1):" in bad.stdout
    assert "step 7 (mappings)" in bad.stdout

    assert refused.returncode == 2
    assert "refused the Client ID or Client Secret" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_the_command_without_a_secret_or_with_an_unusable_address_says_so(
    tmp_path: Path,
) -> None:
    missing = _command(tmp_path, None)
    assert missing.returncode == 2
    assert "HALO_CLIENT_SECRET" in missing.stderr
    unusable = subprocess.run(
        [
            sys.executable,
            "-m",
            "halo_wizard",
            "probe",
            "--url",
            "http://acme.halopsa.com",
            "--client-id",
            "x",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "HALO_CLIENT_SECRET": "s", "HALO_WIZARD_HOME": str(tmp_path)},
        timeout=60,
        check=False,
    )
    assert unusable.returncode == 2
    assert unusable.stderr.startswith("error:") and "Traceback" not in unusable.stderr
