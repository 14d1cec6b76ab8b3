"""The two-party journey headless (issue 15): `invite`, `accept`, `reply`, `finish`, each run as
its own process with its own home (HALO_WIZARD_HOME) and keychain, each holding only its own
instance's admin secret; the instances end up as the one-admin path leaves them, and no secret or
pairing code is in any file either side wrote (the sealed files hold the issued credentials only
encrypted)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from demo_instances import DemoPair, demo_instances
from demo_setup import set_up
from home_keyring import FILE_NAME as KEYCHAIN_FILE
from home_keyring import home_env
from setup_assertions import assert_setup_complete
from sync_setup import sync_actions
from two_party_journey import CODE_LINE, comparable, inviter_plan, same_records

from halo_wizard.plan.store import load_plan
from halo_wizard.report.content import build_content
from halo_wizard.simulator import SimulatedInstance

TESTS = Path(__file__).parent


def _secret(sim: SimulatedInstance) -> str:
    assert sim.application is not None
    return sim.application.client_secret


def _client_id(sim: SimulatedInstance) -> str:
    assert sim.application is not None
    return sim.application.client_id


def wizard(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "halo_wizard", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def journey(pair: DemoPair, work: Path) -> dict[str, object]:
    contoso, northwind = pair
    home_a, home_b = work / "contoso-admin", work / "northwind-admin"
    env_a = home_env(home_a, "HALO_A_CLIENT_SECRET", _secret(contoso))
    env_b = home_env(home_b, "HALO_B_CLIENT_SECRET", _secret(northwind))
    plan_a, plan_b = home_a / "contoso.halowiz.json", home_b / "northwind.halowiz.json"
    invitation, reply = work / "to-northwind.halo-invitation", work / "to-contoso.halo-reply"
    home_a.mkdir()
    inviter_plan(plan_a, contoso)

    shown = ok(wizard(env_a, "invite", "--plan", str(plan_a), "-o", str(invitation), "--yes"))
    found = CODE_LINE.findall(shown)
    assert len(found) == 1, shown
    code = found[0]
    env_a["HALO_PAIRING_CODE"] = env_b["HALO_PAIRING_CODE"] = code
    ok(
        wizard(
            env_b,
            "accept",
            str(invitation),
            "--plan",
            str(plan_b),
            "--url",
            northwind.url,
            "--client-id",
            _client_id(northwind),
            "--name",
            "Northwind MSP",
            "--yes",
            "--auto-map",
        )
    )
    ok(wizard(env_b, "reply", "--plan", str(plan_b), "-o", str(reply)))
    ok(wizard(env_a, "finish", "--plan", str(plan_a), "--reply", str(reply), "--yes", "--auto-map"))
    return {
        "code": code,
        "homes": (home_a, home_b),
        "files": (invitation, reply),
        "runs": ((env_a, plan_a), (env_b, plan_b)),
    }


def both_halves(pair: DemoPair, ran: dict[str, Any], work: Path) -> None:
    """The end-to-end test from both sides at once, each admin's `test` in its own process on
    their own plan (after the sync actions each admin makes in Halo's own screens); then the
    partner's new reply carries their half to the inviter, whose report holds both."""
    (env_a, plan_a), (env_b, plan_b) = ran["runs"]
    inviter = load_plan(plan_a)
    sync_actions(*pair, inviter.supplier_profile.record_id, inviter.customer_profile.record_id)
    with ThreadPoolExecutor(2) as pool:
        runs = list(
            pool.map(lambda run: wizard(run[0], "test", "--plan", str(run[1])), ran["runs"])
        )
    for done in runs:
        assert "Result: PASSED on this side" in ok(done), done.stdout
    again = work / "to-contoso-after-the-test.halo-reply"
    ok(wizard(env_b, "reply", "--plan", str(plan_b), "-o", str(again)))
    ok(wizard(env_a, "finish", "--plan", str(plan_a), "--reply", str(again), "--yes"))
    ok(wizard(env_a, "report", "--plan", str(plan_a), "-o", str(work / "report.pdf")))
    finished = load_plan(plan_a)
    assert finished.pairing is not None and finished.pairing.partner_test is not None
    assert finished.pairing.partner_fingerprint == load_plan(plan_b).fingerprint()
    content = build_content(finished, e2e=finished.e2e)
    test = next(x for x in content.sections if x.anchor == "e2e")
    assert "every one of the 9 hops was proven" in " ".join(test.paragraphs)
    assert len(test.tables) == 2


def writes_received(pair: DemoPair) -> int:
    """Every POST the instances received but token requests (which write nothing)."""
    return sum(
        n
        for sim in pair
        for (method, label), n in sim.stats.counts.items()
        if method == "POST" and label != "token"
    )


@pytest.fixture(scope="module")
def one_admin() -> dict[int, Any]:
    with demo_instances() as pair:
        asyncio.run(set_up(*pair, auto_map=True))
        return comparable(pair)


def test_two_admins_in_two_homes_set_up_what_one_admin_does_and_leave_no_secret(
    tmp_path: Path, one_admin: dict[int, Any]
) -> None:
    with demo_instances() as pair:
        ran = journey(pair, tmp_path)
        assert_setup_complete(
            *pair, supplier_profile_name="Northwind MSP", customer_profile_name="Contoso"
        )
        found = comparable(pair)
        snapshots = [sim.snapshot() for sim in pair]
        # Each side's plan afterwards, with its own secret only: a second apply writes nothing,
        # and check finds no drift (the partner's side is theirs to check).
        for env, plan in ran["runs"]:
            before = writes_received(pair)
            ok(wizard(env, "apply", "--plan", str(plan), "--yes"))
            checked = ok(wizard(env, "check", "--plan", str(plan), "--no-authenticate"))
            assert "No drift" in checked and "your partner's instance: not checked here" in checked
            assert writes_received(pair) == before, f"{plan.name}: a second run wrote"
        both_halves(pair, ran, tmp_path)
    same_records(one_admin, found)

    issued = [
        entry["client_secret"]
        for snap in snapshots
        for entry in snap.get("simulator", {}).get("profile_secrets", [])
    ]
    secrets = {
        "pairing code": str(ran["code"]),
        "pairing code without dashes": str(ran["code"]).replace("-", ""),
        "Contoso's admin secret": _secret(pair[0]),
        "Northwind's admin secret": _secret(pair[1]),
        **{f"issued secret {i}": value for i, value in enumerate(issued)},
    }
    written = [
        path
        for path in tmp_path.rglob("*")
        if path.is_file() and path.name != KEYCHAIN_FILE  # the OS keychain's stand-in
    ]
    assert len(written) >= 4, written  # two plans, two sealed files, the logs
    for path in written:
        text = path.read_bytes()
        for what, value in secrets.items():
            assert value.encode() not in text, f"{what} found in {path.relative_to(tmp_path)}"
