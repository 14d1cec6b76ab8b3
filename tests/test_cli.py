"""The headless commands as a user runs them: simulate with --info, and snapshot export."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from demo_instances import DemoPair

from halo_wizard.simulator import Simulator


def _wait_for(path: Path, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, "simulate exited early"
        assert time.monotonic() < deadline, "simulate never wrote its info file"
        time.sleep(0.05)


def _as_from_a_terminal() -> None:
    """In the child, before it starts: Ctrl+C delivered, as from a terminal. A suite run in the
    background of a non-interactive shell inherits SIGINT ignored, and Python then installs no
    KeyboardInterrupt for it, so the simulator would never hear the test's SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


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
        preexec_fn=_as_from_a_terminal if os.name == "posix" else None,
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


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_simulate_ended_by_a_termination_request_removes_its_info_file(tmp_path: Path) -> None:
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
    finally:
        process.send_signal(signal.SIGTERM)  # as a service manager or `kill` stops it
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert not info_file.exists(), "the file with the instances' secrets is left behind"


def test_snapshot_export_holds_no_secret_and_loads_back(tmp_path: Path, demo: DemoPair) -> None:
    out = tmp_path / "contoso.json"
    contoso, _northwind = demo
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


def _imported_modules(path: Path, package: str) -> set[str]:
    """Every module `path` imports, at the top or inside a function (relative ones resolved)."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_the_engine_never_imports_the_commands() -> None:
    import halo_wizard

    root = Path(halo_wizard.__file__).parent
    offending = []
    for layer in ("steps", "rules", "plan", "api"):
        for path in sorted((root / layer).rglob("*.py")):
            package = ".".join(path.relative_to(root.parent).with_suffix("").parts[:-1])
            for name in _imported_modules(path, package):
                if name.split(".")[:2] in (["halo_wizard", "cli"], ["halo_wizard", "commands"]):
                    offending.append(f"{path.relative_to(root)} imports {name}")
    assert offending == []


def test_the_scan_sees_imports_inside_functions(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text(
        "def run():\n    from halo_wizard import cli\n    from ..commands import check\n",
        encoding="utf-8",
    )
    found = _imported_modules(source, "halo_wizard.steps")
    assert "halo_wizard.cli" in found and "halo_wizard.commands.check" in found


def test_only_the_credentials_module_names_a_secret_variable() -> None:
    import re

    import halo_wizard
    from halo_wizard import credentials

    root = Path(halo_wizard.__file__).parent
    literal = re.compile(r"[\"']HALO_[A-Z_]*SECRET[\"']")
    elsewhere = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "credentials.py" and literal.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []
    assert len(set(credentials.SECRET_ENVS)) == 6


def test_a_secret_from_the_environment_is_scrubbed_before_it_is_returned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from halo_wizard import credentials, logsetup
    from halo_wizard.plan.model import InstancePlan, Plan, Side
    from halo_wizard.secretstore import MemoryStore

    monkeypatch.setenv(credentials.SUPPLIER_SECRET_ENV, "  env-secret-of-the-supplier  ")
    plan = Plan.new(
        "Scrubbed",
        InstancePlan("Contoso", "https://contoso.haloitsm.com", client_id="cid-a"),
        InstancePlan("Northwind MSP", "https://northwind.halopsa.com", client_id="cid-b"),
    )
    store = MemoryStore()
    store.set(credentials.plan_secret_key(plan, Side.SUPPLIER), "keychain-secret-unused")
    assert credentials.plan_secret(plan, Side.SUPPLIER, store) == "env-secret-of-the-supplier"
    assert "env-secret-of-the-supplier" not in logsetup.scrub("got env-secret-of-the-supplier")
    monkeypatch.delenv(credentials.SUPPLIER_SECRET_ENV)
    assert credentials.plan_secret(plan, Side.SUPPLIER, store) == "keychain-secret-unused"
    assert credentials.plan_secret(plan, Side.CUSTOMER, store) is None


def test_every_subcommand_of_the_parser_has_its_module_in_commands() -> None:
    """The dispatch imports halo_wizard.commands.<name> for each subcommand the parser knows."""
    import argparse
    import importlib

    from halo_wizard.cli import build_parser

    (subcommands,) = (
        a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    assert len(subcommands.choices) >= 9
    for name in subcommands.choices:
        module = importlib.import_module(f"halo_wizard.commands.{name}")
        assert callable(getattr(module, "run", None)), name
