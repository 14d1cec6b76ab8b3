"""The probe: every assumption of api/constants.py checked against an instance with reads only,
reported without a secret, a name or an address; headless as `halo-wizard probe`."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps import probe as P


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    with Simulator(rate_limit=(100_000, 1.0)) as sim:
        yield sim


def run_probe(instance: SimulatedInstance) -> P.ProbeReport:
    app = instance.application
    assert app is not None

    async def go() -> P.ProbeReport:
        async with HaloClient(instance.url, app.client_id, app.client_secret) as client:
            return await P.probe(client)

    return asyncio.run(go())


def writes(instance: SimulatedInstance) -> dict[tuple[str, str], int]:
    return {k: n for k, n in instance.stats.counts.items() if k[0] != "GET" and k[1] != "token"}


def test_every_assumption_has_a_check_and_every_unknown_a_reading() -> None:
    keys = [a.key for a in P.ASSUMPTIONS]
    assert len(keys) == len(set(keys))
    assert all(a.claim and a.evidence in (P.KNOWN, P.SCHEMA, P.ASSUMED) for a in P.ASSUMPTIONS)
    assert all(hasattr(C, name) for a in P.ASSUMPTIONS for name in a.constants)
    assert set(P.UNKNOWN_READERS) == {u.key for u in C.UNKNOWNS}


def test_the_demo_instance_holds_what_the_wizard_assumes(simulator: Simulator) -> None:
    contoso, northwind = (simulator.add(s) for s in demo_snapshots())
    for instance in (contoso, northwind):
        report = run_probe(instance)
        assert report.contradictions() == [], report.format_text()
        assert report.counts()[P.HOLDS] >= 25
        assert report.version == instance.state.instanceinfo["app_version"]
        # Reads only: the token request is the one POST.
        assert writes(instance) == {}
        assert report.requests == instance.stats.total_requests
        assert report.reading(C.MAPPING_ROW_IDS.key).answer == "local-in-fiid"


def test_the_report_holds_no_secret_no_name_and_no_address(simulator: Simulator) -> None:
    northwind = simulator.add(demo_snapshots()[1])
    report = run_probe(northwind)
    text = report.to_json() + report.format_text()
    state = northwind.state
    assert northwind.application is not None
    forbidden = [northwind.application.client_secret, northwind.url, "127.0.0.1", "northwind"]
    forbidden += [str(s) for s in state.profile_secrets.values()]
    with state.lock:
        for entity, field in (("Agent", "email"), ("Agent", "name"), ("Client", "name")):
            forbidden += [
                str(r[field])
                for r in state.iter_records(entity)
                if field in r and len(str(r[field])) > 3
            ]
    leaked = [value for value in forbidden if value and value in text]
    assert leaked == []
    data: dict[str, Any] = json.loads(report.to_json())
    assert data["format"] == P.PROBE_FORMAT and set(data["instance"]) == {
        "product",
        "version",
        "hosted",
    }


def test_an_instance_that_contradicts_says_so(simulator: Simulator) -> None:
    snapshot = demo_snapshots()[1]
    outcomes = snapshot["records"]["Outcome"]
    outcomes[0]["sendemail_via_api"] = True  # a field 2.236 does not have
    statuses = snapshot["records"]["Status"]
    closed = next(s for s in statuses if s["id"] == C.CLOSED_STATUS_ID)
    closed["name"] = "Waiting on Parts"  # 9 is no longer Halo's Closed here
    instance = simulator.add(snapshot)
    report = run_probe(instance)
    contradicted = {v.key for v in report.contradictions()}
    assert {"outcome-no-sendemail-via-api", "status-closed"} <= contradicted
    relied = {v.key for v in report.relied_on_contradictions()}
    assert "status-closed" in relied
    assert "status-closed" in report.format_text().split("Contradicted")[1]


def test_a_reversed_instance_shows_its_mapping_rows_the_other_way(simulator: Simulator) -> None:
    instance = simulator.add(demo_snapshots()[1], dialect="mapping-rows-reversed")
    report = run_probe(instance)
    reading = report.reading(C.MAPPING_ROW_IDS.key)
    assert (reading.status, reading.answer) == (P.SHOWS, "local-in-thirdpartyname")


def _probe_command(instance: SimulatedInstance, home: Path, *extra: str) -> Any:
    app = instance.application
    assert app is not None
    env = {**os.environ, "HALO_WIZARD_HOME": str(home), "HALO_WIZARD_MEMORY_SECRETS": "1"}
    if "--no-secret" not in extra:
        env["HALO_CLIENT_SECRET"] = app.client_secret
    args = [a for a in extra if a != "--no-secret"]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "halo_wizard",
            "probe",
            "--url",
            instance.url,
            "--client-id",
            app.client_id,
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_probe_command_exit_codes_and_json(simulator: Simulator, tmp_path: Path) -> None:
    instance = simulator.add(demo_snapshots()[0])
    done = _probe_command(instance, tmp_path, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["contradicted"] == 0
    assert instance.application is not None
    assert instance.application.client_secret not in done.stdout + done.stderr

    missing = _probe_command(instance, tmp_path, "--no-secret")
    assert missing.returncode == 2 and "HALO_CLIENT_SECRET" in missing.stderr
    assert "Traceback" not in missing.stderr

    snapshot = demo_snapshots()[0]
    for status in snapshot["records"]["Status"]:
        if status["id"] == C.CLOSED_STATUS_ID:
            status["name"] = "Triage"
    broken = simulator.add(snapshot, name="broken")
    relied = _probe_command(broken, tmp_path)
    assert relied.returncode == 1
    assert "a later step relies on" in relied.stdout
