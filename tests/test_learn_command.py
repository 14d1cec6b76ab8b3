"""`halo-wizard learn`: the one value to set in Halo's screen, then its read-back into the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from demo_instances import DemoPair, demo_instances
from demo_setup import demo_plan

from halo_wizard import cli, credentials
from halo_wizard.api import constants as C
from halo_wizard.plan.store import load_plan, save_plan
from halo_wizard.simulator import console


def test_learn_prints_the_step_then_reads_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with demo_instances(dialect="sync-values-reversed") as (contoso, northwind):
        path = tmp_path / "plan.json"
        save_plan(demo_plan(contoso, northwind), path)
        assert contoso.application and northwind.application
        monkeypatch.setenv(credentials.CUSTOMER_SECRET_ENV, contoso.application.client_secret)
        monkeypatch.setenv(credentials.SUPPLIER_SECRET_ENV, northwind.application.client_secret)
        args = ["learn", "--plan", str(path), "--question", "sync-values", "--side", "customer"]

        assert cli.main([*args, "--action", "Add Note"]) == 0  # no terminal: it says what to do
        said = capsys.readouterr().out
        assert "set 'Send to Connected Halo Instance' to Supplier" in said
        assert "--done" in said
        assert not load_plan(path).customer.learned

        note = next(
            r for r in contoso.snapshot()["records"]["Outcome"] if r["outcome"] == "Add Note"
        )
        console.set_send_to_connected_instance(contoso, note["id"], "Supplier")
        assert cli.main([*args, "--action", "Add Note", "--done"]) == 0
        assert "reads back as 2" in capsys.readouterr().out
        fact = load_plan(path).customer.learned[C.SYNC_VALUES.key]
        assert (fact.answer, fact.source) == ("1-customer-2-supplier", "example")
        # The plan file holds the fact and no secret.
        text = path.read_text(encoding="utf-8")
        assert contoso.application.client_secret not in text
        assert json.loads(text)["customer"]["learned"]["sync-values"]["source"] == "example"


def test_learn_on_a_value_that_was_not_set_learns_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    demo: DemoPair,
) -> None:
    contoso, northwind = demo
    path = tmp_path / "plan.json"
    save_plan(demo_plan(contoso, northwind), path)
    assert contoso.application and northwind.application
    monkeypatch.setenv(credentials.CUSTOMER_SECRET_ENV, contoso.application.client_secret)
    monkeypatch.setenv(credentials.SUPPLIER_SECRET_ENV, northwind.application.client_secret)
    code = cli.main(
        [
            "learn",
            "--plan",
            str(path),
            "--question",
            "sync-values",
            "--side",
            "customer",
            "--action",
            "Add Note",
            "--done",
        ]
    )
    assert code == 1
    assert "Nothing learned" in capsys.readouterr().out
    assert not load_plan(path).customer.learned
