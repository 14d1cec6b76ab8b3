"""`halo-wizard apply --plan FILE` on a plan written by hand following docs/plan.md, against the two
demo instances over loopback: the set-up completes, a second run changes nothing, faults create no
duplicate, a process ended halfway finishes when started again, and with --recommended the
end-to-end test that follows passes every hop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from demo_instances import demo_instances
from setup_assertions import assert_setup_complete, record_counts

from halo_wizard import cli, credentials
from halo_wizard.api import constants as C
from halo_wizard.plan.model import Side
from halo_wizard.plan.store import load_plan
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps import unknowns


def write_plan(path: Path, customer: SimulatedInstance, supplier: SimulatedInstance) -> None:
    """The minimal plan of docs/plan.md, with the simulators' addresses."""
    plan = {
        "customer": {"name": "Contoso", "base_url": customer.url, "client_id": _app(customer)[0]},
        "supplier": {
            "name": "Northwind MSP",
            "base_url": supplier.url,
            "client_id": _app(supplier)[0],
        },
        "supplier_profile": {"name": "Northwind MSP"},
        "customer_profile": {"name": "Contoso"},
    }
    path.write_text(json.dumps(plan, indent=2), encoding="utf-8")


def writes_received(*instances: SimulatedInstance) -> int:
    """Every POST the instances received but token requests (which write nothing)."""
    return sum(
        n
        for instance in instances
        for (method, label), n in instance.stats.counts.items()
        if method == "POST" and label != "token"
    )


def _app(instance: SimulatedInstance) -> tuple[str, str]:
    app = instance.application
    assert app is not None
    return app.client_id, app.client_secret


def _env(customer: SimulatedInstance, supplier: SimulatedInstance, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HALO_A_CLIENT_SECRET"] = _app(customer)[1]
    env["HALO_B_CLIENT_SECRET"] = _app(supplier)[1]
    env["HALO_WIZARD_HOME"] = str(home)
    env["HALO_WIZARD_MEMORY_SECRETS"] = "1"
    return env


def apply(plan: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "halo_wizard", "apply", "--plan", str(plan), "--yes", *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )


def test_apply_on_a_hand_written_plan_completes_and_is_idempotent(
    demo: tuple[SimulatedInstance, SimulatedInstance], tmp_path: Path
) -> None:
    contoso, northwind = demo
    plan = tmp_path / "plan.json"
    write_plan(plan, contoso, northwind)
    env = _env(contoso, northwind, tmp_path / "home")

    first = apply(plan, env, "--auto-map")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "statuses: " in first.stdout or "status: " in first.stdout
    assert "matched automatically" in first.stdout
    assert "Create supplier profile 'Northwind MSP' in Contoso" in first.stdout
    assert "authenticated" in first.stdout
    assert_setup_complete(
        contoso, northwind, supplier_profile_name="Northwind MSP", customer_profile_name="Contoso"
    )
    for secret in (_app(contoso)[1], _app(northwind)[1]):
        assert secret not in first.stdout + first.stderr
        assert secret not in plan.read_text(encoding="utf-8")
    saved: dict[str, Any] = json.loads(plan.read_text(encoding="utf-8"))
    assert saved["supplier_profile"]["record_id"] and saved["customer_profile"]["record_id"]
    assert saved["customer_profile_mappings"]["rows"], "the plan file holds the mappings"

    counts = (record_counts(contoso), record_counts(northwind))
    writes = writes_received(contoso, northwind)
    second = apply(plan, env, "--auto-map")
    assert second.returncode == 0, second.stdout + second.stderr
    assert (record_counts(contoso), record_counts(northwind)) == counts
    # Not one write: no unchanged save, no test flag on a profile that already authenticates.
    assert writes_received(contoso, northwind) == writes
    assert "Create" not in second.stdout and "Update" not in second.stdout
    assert second.stdout.count("nothing to change") >= 5


def test_apply_under_faults_creates_nothing_twice(
    demo: tuple[SimulatedInstance, SimulatedInstance], tmp_path: Path
) -> None:
    contoso, northwind = demo
    for seed, instance in enumerate((contoso, northwind)):
        faults = instance.faults
        faults.seed = 100 + seed
        faults.error_rate = 0.1
        faults.drop_rate = 0.03
        faults.drop_after_write_rate = 0.1
        faults.retry_after = 0.05
        faults.burst_429 = 5
    plan = tmp_path / "plan.json"
    write_plan(plan, contoso, northwind)
    result = apply(plan, _env(contoso, northwind, tmp_path / "home"))
    assert result.returncode == 0, result.stdout + result.stderr
    for instance in (contoso, northwind):
        instance.faults.clear()
    assert_setup_complete(
        contoso, northwind, supplier_profile_name="Northwind MSP", customer_profile_name="Contoso"
    )
    # The faults really struck: both 429 bursts were answered (and waited out).
    assert sum(i.stats.rate_limited for i in (contoso, northwind)) >= 10


def test_a_process_ended_halfway_resumes_and_finishes(
    demo: tuple[SimulatedInstance, SimulatedInstance], tmp_path: Path
) -> None:
    contoso, northwind = demo
    # Slow both down so that the kill lands in the middle of the credential swap.
    contoso.faults.latency = northwind.faults.latency = 0.03
    plan = tmp_path / "plan.json"
    write_plan(plan, contoso, northwind)
    env = _env(contoso, northwind, tmp_path / "home")
    process = subprocess.Popen(
        [sys.executable, "-m", "halo_wizard", "apply", "--plan", str(plan), "--yes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + 120
    for line in process.stdout:
        seen.append(line)
        if "Step 5" in line or time.monotonic() > deadline:
            break
    process.kill()
    process.wait(timeout=30)
    process.stdout.close()
    assert any("Step 5" in line for line in seen), "".join(seen)
    contoso.faults.clear()
    northwind.faults.clear()

    finish = apply(plan, env)
    assert finish.returncode == 0, finish.stdout + finish.stderr
    assert_setup_complete(
        contoso, northwind, supplier_profile_name="Northwind MSP", customer_profile_name="Contoso"
    )


def test_authenticate_connection_is_pressed_again_after_a_passing_server_failure() -> None:
    from halo_wizard.steps.credential_swap import looks_transient

    assert looks_transient("Authentication failed: the authorisation server answered 502")
    assert looks_transient("Could not reach the authorisation server")
    assert not looks_transient("Authentication failed: invalid_client")
    assert not looks_transient("Connection successful")


@pytest.mark.parametrize(
    ("dialect", "numbering"),
    [(None, unknowns.SYNC_1_SUPPLIER), ("sync-values-reversed", unknowns.SYNC_1_CUSTOMER)],
)
def test_apply_recommended_then_test_passes_every_hop_and_apply_again_writes_nothing(
    dialect: str | None,
    numbering: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The demo as `halo-wizard simulate --demo [--dialect]` serves it, through the CLI entry:
    apply with the recommended sync actions, then the end-to-end test."""
    with demo_instances(dialect=dialect) as (contoso, northwind):
        _recommended_then_tested(contoso, northwind, numbering, tmp_path, monkeypatch, capsys)


def _recommended_then_tested(
    contoso: SimulatedInstance,
    northwind: SimulatedInstance,
    numbering: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = tmp_path / "plan.json"
    write_plan(plan, contoso, northwind)
    monkeypatch.setenv(credentials.CUSTOMER_SECRET_ENV, _app(contoso)[1])
    monkeypatch.setenv(credentials.SUPPLIER_SECRET_ENV, _app(northwind)[1])
    args = ["apply", "--plan", str(plan), "--yes", "--auto-map", "--recommended"]

    assert cli.main(args) == 0
    first = capsys.readouterr().out
    step8 = first[first.index("Step 8: Recommended actions") :]
    for created in (
        "Create action 'Escalate to Northwind MSP' in Contoso",
        "Create action 'Private note to Northwind MSP' in Contoso",
        "Create action 'Note to Contoso' in Northwind MSP",
        "Create action 'Indirect email to end user' in Northwind MSP",
        "Create action 'Resolve third party ticket' in Northwind MSP",
    ):
        assert created in step8
    # Shown before written: the last mapping row of the list comes before the first write.
    assert step8.index("'Resolve third party ticket' → 'Close Ticket'") < step8.index("[1/")
    # What only Halo's screen sets is named, never written on a guess.
    assert "then, in Halo's own screen:" in step8 and "Send to Connected Halo Instance" in step8

    writes = writes_received(contoso, northwind)
    counts = (record_counts(contoso), record_counts(northwind))
    assert cli.main(args) == 0
    second = capsys.readouterr().out
    assert writes_received(contoso, northwind) == writes, second
    assert (record_counts(contoso), record_counts(northwind)) == counts
    assert second[second.index("Step 8") :].splitlines()[1] == "  nothing to change"

    code = cli.main(["test", "--plan", str(plan)])
    tested = capsys.readouterr().out
    assert code == 0, tested
    # Its trial notes went on the test tickets only, and those are gone with them.
    assert "sent with each number in turn, on the test ticket only" in tested
    assert (record_counts(contoso), record_counts(northwind)) == counts
    assert "Result: PASSED (9 of 9 hops)" in tested
    assert tested.count("  PASS  ") == 9 and "FAIL" not in tested
    # The hop that depends on a setting the API does not show says where Halo's screen has it.
    assert (
        "Configuration > Tickets > Actions > 'Email User' > 'Send an email when this action is "
        "created using the Supplier/Organisation API connection': ticked"
    ) in tested
    saved = load_plan(plan)
    assert saved.e2e is not None and saved.e2e["passed"] is True
    assert all(h["status"] == "passed" for h in saved.e2e["hops"])
    # The test's own notes showed each instance's numbering (as this Halo numbers), kept...
    for side in (Side.CUSTOMER, Side.SUPPLIER):
        fact = saved.instance(side).learned[C.SYNC_VALUES.key]
        assert (fact.answer, fact.source) == (numbering, "end-to-end")

    # ...so apply now makes it the created actions' default (four of them send), then rests.
    writes = writes_received(contoso, northwind)
    assert cli.main(args) == 0
    third = capsys.readouterr().out
    assert writes_received(contoso, northwind) - writes == 4, third
    assert third.count("Send to Connected Halo Instance: No → ") == 4
    writes = writes_received(contoso, northwind)
    assert cli.main(args) == 0
    capsys.readouterr()
    assert writes_received(contoso, northwind) == writes
