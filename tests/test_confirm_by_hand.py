"""`halo-wizard confirm`: a setting the API does not show (R14's e-mail through the API connection)
blocks `validate` until an admin confirms it by hand; the confirmation is kept in the plan with
who confirmed it, and the next `validate` counts it as a confirmed note."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_instances import DemoPair
from demo_setup import set_up

from halo_wizard.commands.confirm import EXIT_NOTHING_MATCHED, EXIT_OK, run_confirm
from halo_wizard.commands.validate import EXIT_BLOCKING, run_validate
from halo_wizard.plan.model import Side
from halo_wizard.plan.store import load_plan, save_plan


@pytest.fixture
def plan_file(demo: DemoPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The demo set up with the action check's recommended actions: what is left is R14's
    setting the API does not show."""
    contoso, northwind = demo
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True, recommended=True))
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    assert contoso.application is not None and northwind.application is not None
    monkeypatch.setenv("HALO_A_CLIENT_SECRET", contoso.application.client_secret)
    monkeypatch.setenv("HALO_B_CLIENT_SECRET", northwind.application.client_secret)
    yield path


def validate(path: Path) -> tuple[int, list[dict[str, Any]]]:
    out, err = io.StringIO(), io.StringIO()
    code = run_validate(path, [], True, out=out, err=err)
    assert code in (0, 1), err.getvalue()
    findings: list[dict[str, Any]] = json.loads(out.getvalue())["findings"]
    return code, findings


def confirm(path: Path, *args: str | None, **kwargs: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rule = args[0] if args else None
    code = run_confirm(path, rule, out=out, err=err, **{"by": None, **kwargs})
    return code, out.getvalue(), err.getvalue()


def test_a_setting_the_api_hides_blocks_until_confirmed_by_hand(plan_file: Path) -> None:
    code, findings = validate(plan_file)
    waiting = [f for f in findings if f["manual"] and f["confirmed"] is None]
    assert code == EXIT_BLOCKING
    assert [(f["rule"], f["severity"], f["record"]) for f in waiting] == [
        ("R14", "error", "Email User")
    ]
    assert [f for f in findings if f["severity"] == "error" and not f["manual"]] == []

    listed, out, _ = confirm(plan_file)
    assert listed == EXIT_OK
    assert "R14 on Contoso: 'Email User' (blocks sync until confirmed)" in out
    assert "Send an email when this action is created" in out

    done, out, err = confirm(plan_file, "r14", by="Ann Admin", note="ticked on 3 Dec")
    assert done == EXIT_OK, err
    assert "Confirmed by hand: R14 on Contoso: 'Email User'" in out
    kept = load_plan(plan_file).confirmations
    assert [(c.rule_id, c.side, c.record_name, c.confirmed_by, c.note) for c in kept] == [
        ("R14", Side.CUSTOMER, "Email User", "Ann Admin", "ticked on 3 Dec")
    ]

    code, findings = validate(plan_file)
    assert code == 0
    (r14,) = [f for f in findings if f["rule"] == "R14" and f["record"] == "Email User"]
    assert r14["outcome"] == "confirmed" and r14["severity"] == "info"
    assert r14["message"].startswith("Confirmed by hand by Ann Admin on ")
    _, out, _ = confirm(plan_file)
    assert "waits on no check by hand" in out


def test_nothing_is_confirmed_without_a_name_or_a_match(plan_file: Path) -> None:
    validate(plan_file)
    before = plan_file.read_bytes()
    code, _, err = confirm(plan_file, "R14", by="  ")
    assert code == 2 and "--by NAME" in err
    code, _, err = confirm(plan_file, "R12", by="Ann Admin")
    assert code == EXIT_NOTHING_MATCHED
    assert "Nothing to confirm for R12" in err and "R14 on Contoso" in err
    code, _, err = confirm(plan_file, "R14", by="Ann Admin", record="Some Other Action")
    assert code == EXIT_NOTHING_MATCHED
    assert plan_file.read_bytes() == before


def test_a_plan_never_checked_is_sent_to_validate_first(plan_file: Path) -> None:
    code, _, err = confirm(plan_file, "R14", by="Ann Admin")
    assert code == 2
    assert f"run `halo-wizard validate --plan {plan_file}` first" in err
