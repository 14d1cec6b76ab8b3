"""Every drift check keeps its result in the plan it checked (issue 18): `halo-wizard check --all`
writes each plan's `last_drift` (nothing else in the file changes) and then the overview as CSV and
PDF; `check --plan FILE` keeps its result the same way; `halo-wizard overview` shows both."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from demo_instances import DemoPair
from demo_setup import set_up
from home_keyring import FILE_NAME as KEYCHAIN_FILE
from home_keyring import home_env
from pypdf import PdfReader
from sync_setup import Api

from halo_wizard.api import constants as C
from halo_wizard.plan.model import JOURNEY_STEPS, Plan, Side, StepId, StepStatus
from halo_wizard.plan.store import save_plan
from halo_wizard.secretstore import SERVICE


def halo_wizard(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = home_env(home, "HALO_UNUSED", "-")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "halo_wizard", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=240,
        check=False,
    )


def _without_result(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text("utf-8"))
    data.pop("last_drift", None)
    return dict(data)


def test_each_check_keeps_its_result_and_the_overview_shows_it(
    demo: DemoPair, tmp_path: Path
) -> None:
    contoso, northwind = demo
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
    for step in JOURNEY_STEPS:  # as if the admin went on through every step of the set-up
        if step < StepId.END_TO_END:
            plan.mark_step(step, StepStatus.DONE)
    assert contoso.application is not None and northwind.application is not None
    secrets = {
        Side.CUSTOMER: contoso.application.client_secret,
        Side.SUPPLIER: northwind.application.client_secret,
    }
    home = tmp_path / "home"
    plans = home / "data" / "plans"
    plans.mkdir(parents=True)
    keychain: dict[str, str] = {}
    paths: dict[str, Path] = {}
    for plan_id, name in (("first", "Contoso, first"), ("second", "Contoso, second")):
        copy = Plan.from_dict(plan.to_dict())
        copy.id, copy.name = plan_id, name
        for side in Side:
            copy.instance(side).secret_key = ""
            keychain[f"{SERVICE}/{copy.secret_key_for(side)}"] = secrets[side]
        paths[plan_id] = plans / f"{plan_id}.halowiz.json"
        save_plan(copy, paths[plan_id])
    (home / KEYCHAIN_FILE).write_text(json.dumps(keychain), "utf-8")
    before = {plan_id: _without_result(path) for plan_id, path in paths.items()}

    out = tmp_path / "out"
    done = halo_wizard(
        home, "check", "--all", "--csv", str(out / "all.csv"), "--pdf", str(out / "all.pdf")
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for plan_id, path in paths.items():
        kept = json.loads(path.read_text("utf-8"))["last_drift"]
        assert kept["result"] == "clean" and kept["drifts"] == 0
        assert kept["fingerprint"] == plan.fingerprint()
        assert kept["supplier_profile_authenticated"] is True  # Authenticate connection pressed
        assert kept["customer_profile_authenticated"] is True
        assert _without_result(path) == before[plan_id]  # updated_at too
    table = list(csv.reader(io.StringIO((out / "all.csv").read_text("utf-8-sig"))))
    assert {line[0]: line[11] for line in table[1:]} == {
        "Contoso, first": "no drift",
        "Contoso, second": "no drift",
    }
    assert len(PdfReader(out / "all.pdf").pages) == 1

    api = Api(northwind)
    try:
        row = api.named("Features", C.SUPPLIERS_MODULE_NAME, field="module_name")
        api.save("Features", {"id": row["id"], "enabled": False})
    finally:
        api.close()
    one = halo_wizard(home, "check", "--plan", str(paths["first"]), "--no-authenticate")
    assert one.returncode == 1, one.stdout + one.stderr
    kept = json.loads(paths["first"].read_text("utf-8"))["last_drift"]
    assert kept["result"] == "drifted" and kept["drifts"] == 1
    assert "Suppliers module" in kept["summary"]
    assert kept["supplier_profile_authenticated"] is None  # not pressed this time

    shown = halo_wizard(home, "overview")
    assert shown.returncode == 0, shown.stderr
    lines = {line.split("  ")[0]: line for line in shown.stdout.splitlines()}
    assert "Open the plan and fix the drift" in lines["Contoso, first"]
    assert "drift: no drift" in lines["Contoso, second"]
    for run in (done, one, shown):
        for secret in secrets.values():
            assert secret not in run.stdout + run.stderr
        assert "Traceback" not in run.stderr
