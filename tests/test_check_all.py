"""`halo-wizard check --all` (issue 18): every plan of this machine checked in one run, each
plan's secrets from the keychain only; a plan that cannot be checked is said and does not stop
the others; exit code 1 when any connection drifted, 2 when none drifted but one could not be
checked."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from demo_instances import DemoPair
from demo_setup import set_up
from home_keyring import FILE_NAME as KEYCHAIN_FILE
from home_keyring import home_env
from sync_setup import Api

from halo_wizard.api import constants as C
from halo_wizard.plan.model import Plan, Side
from halo_wizard.plan.store import save_plan
from halo_wizard.secretstore import SERVICE


def check_all(home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    # a variable names no plan: --all must not use it for every plan
    env = home_env(home, "HALO_B_CLIENT_SECRET", "not-the-right-secret")
    return subprocess.run(
        [sys.executable, "-m", "halo_wizard", "check", "--all", "--no-authenticate", *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )


def copy_of(plan: Plan, plan_id: str, name: str) -> Plan:
    copy = Plan.from_dict(plan.to_dict())
    copy.id, copy.name = plan_id, name
    for side in Side:
        copy.instance(side).secret_key = ""  # its own keychain entries
    return copy


def test_every_plan_is_checked_and_each_result_said(demo: DemoPair, tmp_path: Path) -> None:
    contoso, northwind = demo
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
    assert contoso.application is not None and northwind.application is not None
    secrets = {
        Side.CUSTOMER: contoso.application.client_secret,
        Side.SUPPLIER: northwind.application.client_secret,
    }
    home = tmp_path / "home"
    plans = home / "data" / "plans"
    plans.mkdir(parents=True)
    # Two connections on the same two instances (the MSP's is shared by all), one whose
    # secrets this machine's keychain lacks, and a damaged file.
    first = copy_of(plan, "first-connection", "Contoso, first")
    second = copy_of(plan, "second-connection", "Contoso, second")
    orphan = copy_of(plan, "no-secrets", "Contoso, secrets elsewhere")
    keychain: dict[str, str] = {}
    for each in (first, second, orphan):
        save_plan(each, plans / f"{each.id}.halowiz.json")
    for each in (first, second):
        for side in Side:
            keychain[f"{SERVICE}/{each.secret_key_for(side)}"] = secrets[side]
    (home / KEYCHAIN_FILE).write_text(json.dumps(keychain), "utf-8")
    (plans / "damaged.halowiz.json").write_text("{ not json", "utf-8")

    before = check_all(home)
    assert before.returncode == 2, before.stdout + before.stderr  # none drifted, two unchecked
    lines = {line.split("  ")[0].strip(): line for line in before.stdout.splitlines()}
    assert "no drift" in lines["Contoso, first"]
    assert "no drift" in lines["Contoso, second"]
    assert "could not be checked" in lines["Contoso, secrets elsewhere"]
    assert "keychain" in lines["Contoso, secrets elsewhere"]
    assert "4 plan(s): 2 without drift, 0 drifted, 2 could not be checked." in before.stdout
    assert "HALO_B_CLIENT_SECRET not used with --all" in before.stderr
    assert "[4/4]" in before.stderr  # progress, one line per plan

    api = Api(northwind)
    try:
        row = api.named("Features", C.SUPPLIERS_MODULE_NAME, field="module_name")
        api.save("Features", {"id": row["id"], "enabled": False})
    finally:
        api.close()
    after = check_all(home, "--json")
    assert after.returncode == 1, after.stdout + after.stderr
    found = {p["name"]: p for p in json.loads(after.stdout)["plans"]}
    for name in ("Contoso, first", "Contoso, second"):
        assert found[name]["state"] == "drifted"
        assert [d["kind"] for d in found[name]["drifts"]] == ["suppliers_module_off"]
    assert found["Contoso, secrets elsewhere"]["state"] == "cannot"
    assert found["damaged.halowiz.json"]["state"] == "cannot"
    for done in (before, after):
        for secret in secrets.values():
            assert secret not in done.stdout + done.stderr
        assert "Traceback" not in done.stderr
