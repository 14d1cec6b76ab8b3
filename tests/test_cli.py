"""The headless commands as a user runs them: simulate with --info, and snapshot export."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from halo_wizard.simulator import Simulator
from halo_wizard.simulator.demo import demo_snapshots


def _wait_for(path: Path, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, "simulate exited early"
        assert time.monotonic() < deadline, "simulate never wrote its info file"
        time.sleep(0.05)


def test_simulate_writes_info_others_can_connect_with(tmp_path: Path) -> None:
    import asyncio

    from halo_wizard.api.client import HaloClient

    info_file = tmp_path / "info.json"
    env = {**os.environ, "HALO_WIZARD_HOME": str(tmp_path / "home")}
    process = subprocess.Popen(
        [sys.executable, "-m", "halo_wizard", "simulate", "--demo", "--info", str(info_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        _wait_for(info_file, process)
        info = json.loads(info_file.read_text(encoding="utf-8"))

        async def connect_all() -> list[str]:
            found = []
            for entry in info["instances"]:
                async with HaloClient(
                    entry["url"], entry["client_id"], entry["client_secret"]
                ) as client:
                    found.append((await client.connect()).product)
            return found

        products = asyncio.run(connect_all())
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert [i["name"] for i in info["instances"]] == ["Contoso", "Northwind MSP"]
    assert [i["tenant"] for i in info["instances"]] == ["contoso", "northwind"]
    assert products == ["Halo ITSM", "Halo PSA"]
    assert process.returncode == 0, output
    for entry in info["instances"]:
        assert entry["client_secret"] not in output


def test_snapshot_export_holds_no_secret_and_loads_back(tmp_path: Path) -> None:
    out = tmp_path / "contoso.json"
    with Simulator(rate_limit=(10_000, 1.0)) as simulator:
        contoso = simulator.add(demo_snapshots()[0])
        app = contoso.application
        assert app is not None
        env = {
            **os.environ,
            "HALO_WIZARD_HOME": str(tmp_path / "home"),
            "HALO_CLIENT_SECRET": app.client_secret,
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "halo_wizard",
                "snapshot",
                "--url",
                contoso.url,
                "--client-id",
                app.client_id,
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        live = contoso.snapshot()
    assert result.returncode == 0, result.stdout + result.stderr
    text = out.read_text(encoding="utf-8")
    assert app.client_secret not in text and "simulator" not in json.loads(text)
    exported = json.loads(text)
    assert exported["format"] == "halo-snapshot/1"
    for entity in ("Status", "Outcome", "Users", "Workflow", "Features"):
        assert len(exported["records"][entity]) == len(live["records"][entity]), entity
    # Agents as Halo lists them: without API agents and disabled agents (halo-api.md section 0).
    listed = [
        a for a in live["records"]["Agent"] if not a.get("isapiagent") and not a.get("isdisabled")
    ]
    assert len(exported["records"]["Agent"]) == len(listed)
    assert all("email" in a for a in exported["records"]["Agent"] if a.get("id") != 1)
    # Workflows and ticket types are read in full, so the file can be checked offline.
    assert all("steps" in w for w in exported["records"]["Workflow"])
    assert all("workflow_id" in t for t in exported["records"]["TicketType"])
    # The export is itself a valid snapshot the simulator can start from.
    with Simulator() as simulator:
        again = simulator.add(exported)
        assert len(again.snapshot()["records"]["Outcome"]) == len(live["records"]["Outcome"])


def test_snapshot_without_a_secret_says_where_to_put_it(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "HALO_CLIENT_SECRET"}
    env["HALO_WIZARD_HOME"] = str(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "halo_wizard",
            "snapshot",
            "--url",
            "acme.halopsa.com",
            "--client-id",
            "x",
            "-o",
            str(tmp_path / "s.json"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "HALO_CLIENT_SECRET" in result.stderr


def test_export_keeps_ordinary_new_fields_and_drops_secret_ones() -> None:
    from halo_wizard.api.snapshot import strip_secrets

    record = {
        "new_status": 4,
        "new_thirdpartynhdapiclientsecret": "s",
        "api_access_clientsecret": "s",
        "allowed_actions": [{"key1": 7}],
        "nested": [{"access_token": "t", "name": "n"}],
    }
    assert strip_secrets(record) == {
        "new_status": 4,
        "allowed_actions": [{"key1": 7}],
        "nested": [{"name": "n"}],
    }
