"""The end-to-end test (step 10) on two simulated instances: a correct set-up passes every hop, each
misconfiguration of Halo's troubleshooting table fails the hop it should with the right explanation,
afterwards both instances hold exactly what they held before, and where an instance has not shown
its sync numbering the test's own trial notes show it, only where they can reach nobody else."""

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
from demo_instances import DemoPair
from demo_setup import session_for, set_up
from e2e_cases import (
    FAST,
    HOPS,
    MISCONFIGURATIONS,
    email_to_email,
    hidden_supplier_note,
    run,
    wrong_credentials,
)
from sync_setup import Synced, comparable, synced_demo

from halo_wizard.api import constants as C
from halo_wizard.plan.model import Plan, Side, StepId, StepStatus
from halo_wizard.plan.store import save_plan
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps import end_to_end as e2e
from halo_wizard.steps import unknowns
from halo_wizard.steps.end_to_end import E2EPreview, E2EResult, HopStatus
from halo_wizard.steps.session import Session


@pytest.fixture
def s() -> Iterator[Synced]:
    with synced_demo() as synced:
        for instance in (synced.contoso, synced.northwind):
            instance.state.sync_settings.email_timeout_delay = 0.005
        yield synced


@pytest.fixture
def fresh() -> Iterator[Synced]:
    """Set up through steps 1-7 for real, not started from the session's snapshots."""
    with synced_demo(fresh=True) as synced:
        yield synced


def snapshots(s: Synced) -> tuple[dict[str, Any], dict[str, Any]]:
    return comparable(s.contoso.snapshot()), comparable(s.northwind.snapshot())


def statuses(result: E2EResult) -> dict[str, str]:
    return {hop.name: hop.status.value for hop in result.hops}


def hop(result: E2EResult, name: str) -> e2e.Hop:
    return next(h for h in result.hops if h.name == name)


def test_a_correct_configuration_passes_every_hop_and_leaves_no_trace(fresh: Synced) -> None:
    s = fresh
    before = snapshots(s)
    seen: list[str] = []
    previews: list[E2EPreview] = []

    def confirm(preview: E2EPreview) -> bool:
        previews.append(preview)
        return True

    result = run(s, confirm=confirm, progress=lambda done, total, text: seen.append(text))

    assert [h.name for h in result.hops] == HOPS
    assert all(h.status is HopStatus.PASSED for h in result.hops), e2e.format_result(result)
    assert result.passed and result.cleanup_ok and result.started
    assert all(h.ms > 0 for h in result.hops)
    assert result.tag.startswith("[halo_wizard test ") and len(result.tag) == len(
        "[halo_wizard test 12345678]"
    )
    assert snapshots(s) == before
    # Nobody real was e-mailed: the one e-mail went to the reserved test address.
    emails = s.contoso.state.outgoing_emails + s.northwind.state.outgoing_emails
    assert len(emails) == 1 and emails[0]["to"].endswith("@example.invalid")
    assert previews and any("example.invalid" in line for line in previews[0].lines)
    assert seen[0] == "Check the set-up" and seen[-1] == "Done"
    # The result is kept in the plan, and the plan still reads back.
    assert s.plan.e2e is not None and s.plan.e2e["passed"] is True
    assert [h["status"] for h in s.plan.e2e["hops"]] == ["passed"] * len(HOPS)
    assert Plan.from_dict(s.plan.to_dict()).e2e == s.plan.e2e
    assert s.plan.step(StepId.END_TO_END).status is StepStatus.DONE


@pytest.mark.parametrize("name", list(MISCONFIGURATIONS))
def test_each_misconfiguration_fails_its_hop_with_the_right_explanation(
    s: Synced, name: str
) -> None:
    misconfigure, failing, key, fix_words = MISCONFIGURATIONS[name]
    misconfigure(s)
    before = snapshots(s)

    result = run(s)

    failed = [h.name for h in result.hops if h.status is HopStatus.FAILED]
    assert failed == [failing], e2e.format_result(result)
    broken = hop(result, failing)
    assert broken.explanation is not None
    assert broken.explanation.key == key
    assert broken.explanation.row == e2e.ROWS[key][0]
    assert fix_words in broken.explanation.fix, broken.explanation.fix
    assert not result.passed and result.cleanup_ok
    assert snapshots(s) == before
    assert s.plan.step(StepId.END_TO_END).status is StepStatus.ATTENTION
    assert s.plan.e2e is not None and s.plan.e2e["passed"] is False


def test_the_troubleshooting_rows_carry_halos_error_texts(s: Synced) -> None:
    email_to_email(s)
    wrong_credentials(s)
    result = run(s)
    escalate = hop(result, "Escalate to Northwind MSP (log to supplier)")
    assert escalate.explanation is not None and escalate.explanation.row == (
        "Failed to log to Supplier's Instance - BadRequest - This functionality is not supported"
    )
    assert "This functionality is not supported" in escalate.error
    # Everything after the failed escalation is skipped, with the reason.
    later = result.hops[3:]
    assert all(h.status is HopStatus.SKIPPED and h.detail for h in later)


def test_a_filled_supplier_ref_fails_the_escalation(s: Synced) -> None:
    before = snapshots(s)

    def typed_a_supplier_ref(session: Session) -> None:
        # As if the agent typed a Supplier Ref on the log-to-supplier action (R18).
        original = session.customer.save

        async def save(entity: str, record: Any, *, key: Any = None) -> dict[str, Any]:
            if entity == "Actions" and record.get("outcome_id") == s.config.escalate:
                record = {**record, C.ACTION_SUPPLIER_REF: "SR-1042"}
            return await original(entity, record, key=key)

        session.customer.save = save  # type: ignore[method-assign]

    result = run(s, tweak=typed_a_supplier_ref)

    escalate = hop(result, "Escalate to Northwind MSP (log to supplier)")
    assert escalate.status is HopStatus.FAILED
    assert escalate.explanation is not None and escalate.explanation.key == e2e.SUPPLIER_REF
    assert "An action must be associated with a ticket_id" in escalate.error
    assert "Supplier Ref" in escalate.explanation.fix
    assert snapshots(s) == before


def test_an_agent_missing_as_end_user_lands_the_ticket_under_no_customer(s: Synced) -> None:
    for user in s.b.rows("Users", client_id=s.config.customer_profile):
        assert s.b.http.delete(f"/Users/{user['id']}").status_code == 200
    before = snapshots(s)

    result = run(s)

    found = hop(result, "Find the ticket in Northwind MSP")
    assert found.status is HopStatus.FAILED
    assert found.explanation is not None and found.explanation.key == e2e.WRONG_CUSTOMER
    back = hop(result, "Note Northwind MSP → Contoso")
    assert back.status is HopStatus.FAILED
    assert back.explanation is not None and back.explanation.key == e2e.NOT_SYNCED
    assert "end users" in back.explanation.fix
    assert hop(result, "Note Contoso → Northwind MSP").status is HopStatus.PASSED
    assert snapshots(s) == before


def test_without_a_log_to_supplier_action_nothing_is_written(s: Synced) -> None:
    for action in s.a.rows("Outcome"):
        if action.get("systemid") == C.SYSTEMID_LOG_TO_SUPPLIER:
            s.a.save("Outcome", {"id": action["id"], "systemid": C.SYSTEMID_NONE})
    before_full = (s.contoso.snapshot(), s.northwind.snapshot())
    asked: list[E2EPreview] = []

    result = run(s, confirm=lambda p: asked.append(p) or True)

    check = hop(result, "Check the set-up")
    assert check.status is HopStatus.FAILED
    assert check.explanation is not None and check.explanation.key == e2e.MISSING_ACTION
    assert "Log to supplier" in check.explanation.fix
    assert not asked and not result.started and result.cleanup == []
    assert (s.contoso.snapshot(), s.northwind.snapshot()) == before_full


@pytest.mark.parametrize("answer", ["no", "async no"])
def test_nothing_is_written_unless_the_preview_is_confirmed(s: Synced, answer: str) -> None:
    before_full = (s.contoso.snapshot(), s.northwind.snapshot())

    async def async_no(_: E2EPreview) -> bool:
        return False

    result = run(s, confirm=async_no if answer == "async no" else (lambda _: False))

    assert not result.started and not result.passed
    assert hop(result, "Check the set-up").status is HopStatus.PASSED
    assert all(h.status is HopStatus.SKIPPED for h in result.hops[1:])
    assert (s.contoso.snapshot(), s.northwind.snapshot()) == before_full
    assert s.plan.e2e is not None and s.plan.e2e["started"] is False


def test_an_async_confirmation_is_awaited(s: Synced) -> None:
    async def yes(_: E2EPreview) -> bool:
        await asyncio.sleep(0)
        return True

    assert run(s, confirm=yes).passed


def test_cleanup_runs_even_when_the_run_breaks_halfway(s: Synced) -> None:
    before = snapshots(s)

    def progress(done: int, total: int, text: str) -> None:
        if text.startswith("Indirect"):
            raise RuntimeError("the window was closed")

    with pytest.raises(RuntimeError):
        run(s, progress=progress)
    assert snapshots(s) == before
    assert s.plan.e2e is not None and s.plan.e2e["cleanup"]["ok"] is True


def test_headless_test_command_prints_json_and_stores_the_result(s: Synced, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    save_plan(s.plan, plan_file)
    before = snapshots(s)
    apps = (s.contoso.application, s.northwind.application)
    assert apps[0] is not None and apps[1] is not None
    env = dict(os.environ)
    env["HALO_A_CLIENT_SECRET"] = apps[0].client_secret
    env["HALO_B_CLIENT_SECRET"] = apps[1].client_secret
    env["HALO_WIZARD_HOME"] = str(tmp_path / "home")
    env["HALO_WIZARD_MEMORY_SECRETS"] = "1"
    env["PYTHONIOENCODING"] = "cp1252"  # a Windows console's code page has no "→"

    done = subprocess.run(
        [sys.executable, "-m", "halo_wizard", "test", "--plan", str(plan_file), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    printed = json.loads(done.stdout)
    assert printed["passed"] is True
    assert [h["name"] for h in printed["hops"]] == HOPS
    assert "[4/10] Note Northwind MSP ? Contoso" in done.stderr
    assert "will:" in done.stderr  # the preview goes to stderr, so stdout is only JSON
    stored = json.loads(plan_file.read_text(encoding="utf-8"))
    assert stored["e2e"]["tag"] == printed["tag"]
    assert stored["steps"]["end_to_end"]["status"] == "done"
    for secret in (apps[0].client_secret, apps[1].client_secret):
        assert secret not in done.stdout + done.stderr
        assert secret not in plan_file.read_text(encoding="utf-8")
    assert snapshots(s) == before


def test_headless_test_command_fails_with_exit_code_1_and_explains(
    s: Synced, tmp_path: Path
) -> None:
    hidden_supplier_note(s)
    plan_file = tmp_path / "plan.json"
    save_plan(s.plan, plan_file)
    apps = (s.contoso.application, s.northwind.application)
    assert apps[0] is not None and apps[1] is not None
    env = dict(os.environ)
    env["HALO_A_CLIENT_SECRET"] = apps[0].client_secret
    env["HALO_B_CLIENT_SECRET"] = apps[1].client_secret
    env["HALO_WIZARD_HOME"] = str(tmp_path / "home")
    env["HALO_WIZARD_MEMORY_SECRETS"] = "1"

    done = subprocess.run(
        [sys.executable, "-m", "halo_wizard", "test", "--plan", str(plan_file)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL  Note Northwind MSP → Contoso" in done.stdout
    assert "No error but action does not sync to linked ticket" in done.stdout
    assert "Result: FAILED" in done.stdout


def test_headless_test_command_without_secrets_exits_2(s: Synced, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    save_plan(s.plan, plan_file)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALO_")}
    env["HALO_WIZARD_HOME"] = str(tmp_path / "home")
    env["HALO_WIZARD_MEMORY_SECRETS"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "halo_wizard", "test", "--plan", str(plan_file)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "no client secret" in done.stderr


def test_error_texts_map_to_their_rows() -> None:
    assert (
        e2e.classify_error(
            "Failed to update ticket in Client's Instance - Timeout - The operation has timed out"
        )
        == e2e.TIMEOUT
    )
    assert (
        e2e.classify_error(
            "x refused: Failed to update ticket in Client's Instance - BadRequest - "
            "You do not have access to this action at the moment"
        )
        == e2e.NO_ACCESS
    )
    assert e2e.classify_error("An action must be associated with a ticket_id") == e2e.SUPPLIER_REF
    assert e2e.classify_error("BadRequest - This functionality is not supported") == e2e.CREDENTIALS
    assert e2e.classify_error("something else") == e2e.REFUSED


def test_a_ticket_that_cannot_be_deleted_is_closed_instead(s: Synced) -> None:
    app = s.contoso.application
    assert app is not None
    app.denied = ["DELETE Tickets"]  # the wizard's agent may not delete tickets in Contoso

    result = run(s)

    assert all(h.status is HopStatus.PASSED for h in result.hops)
    ticket_id = result.records["customer_ticket_id"]
    assert ticket_id is not None
    steps = [step.text for step in result.cleanup]
    assert any(f"closed test ticket {ticket_id}" in text for text in steps), steps
    assert result.cleanup_ok and result.passed
    ticket = s.a.get("Tickets", ticket_id)
    assert ticket["status_id"] in C.CLOSING_STATUS_IDS
    assert s.a.actions_on(ticket_id) == []
    supplier_ticket = result.records["supplier_ticket_id"]
    assert s.b.http.get(f"/Tickets/{supplier_ticket}").status_code == 404


def test_the_stored_result_reads_well_in_the_report(
    s: Synced, tmp_path: Path, qapp: object
) -> None:
    # qapp: pytest-qt's QApplication, so the report does not make a bare QGuiApplication.
    import pypdf

    from halo_wizard.report.build import write_plan_report

    hidden_supplier_note(s)
    run(s)
    assert s.plan.e2e is not None
    hops = s.plan.e2e["hops"]
    assert [h["ok"] for h in hops].count(False) == 1
    failed = next(h for h in hops if not h["ok"])
    assert failed["explanation"].startswith("No error but action does not sync to linked ticket")
    assert failed["troubleshooting"]["key"] == e2e.NOT_SYNCED

    pdf = tmp_path / "report.pdf"
    write_plan_report(s.plan, pdf)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages)
    assert f"8 of {len(HOPS)} hops passed" in " ".join(text.split())
    assert "{'key'" not in text  # the explanation is text, not a raw record


def test_a_declined_preview_keeps_the_last_real_result(s: Synced) -> None:
    first = run(s)
    assert first.passed and s.plan.e2e is not None and s.plan.e2e["started"]
    kept = dict(s.plan.e2e)
    declined = run(s, confirm=lambda _: False)
    assert not declined.started
    assert s.plan.e2e == kept


def _recommended_demo(demo: DemoPair) -> tuple[Plan, SimulatedInstance, SimulatedInstance]:
    """The plain demo through `apply --auto-map --recommended`'s engine (steps 1-8)."""
    contoso, northwind = demo
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True, recommended=True))
    return plan, contoso, northwind


def run_on(plan: Plan, contoso: SimulatedInstance, northwind: SimulatedInstance) -> E2EResult:
    async def go() -> E2EResult:
        session = session_for(plan, contoso, northwind)
        try:
            return await e2e.run_end_to_end(
                session, progress=lambda *_: None, confirm_start=lambda _: True, settings=FAST
            )
        finally:
            await session.aclose()

    return asyncio.run(go())


def test_trial_notes_show_the_numbering_and_only_where_they_reach_nobody_else(
    demo: DemoPair,
) -> None:
    plan, contoso, northwind = _recommended_demo(demo)
    assert all(C.SYNC_VALUES.key not in plan.instance(side).learned for side in Side)
    # Every Contoso customer now holds a connection of its own: a test note sent with the
    # wrong number could reach it, so none is tried on Contoso's side.
    with contoso.state.lock:
        for client in contoso.state.records["Client"].values():
            client[C.PROFILE_ALLOW_API_ACCESS] = True
    result = run_on(plan, contoso, northwind)
    status = {h.name: h.status for h in result.hops}
    assert status["Note Northwind MSP → Contoso"] is HopStatus.PASSED
    refused = hop(result, "Note Contoso → Northwind MSP")
    assert refused.status is HopStatus.FAILED
    assert "a trial note could reach another connected instance" in refused.detail
    assert refused.explanation is not None
    assert "'Private note to Northwind MSP' > 'Send to Connected Halo Instance': Supplier" in (
        refused.explanation.fix
    )
    # Northwind showed its numbering (as this simulator numbers); Contoso showed nothing.
    fact = plan.instance(Side.SUPPLIER).learned[C.SYNC_VALUES.key]
    assert (fact.answer, fact.source) == (unknowns.SYNC_1_SUPPLIER, "end-to-end")
    assert northwind.dialect.sync_number("Customer") == unknowns.sync_number(
        fact.answer, unknowns.CUSTOMER_PARTY
    )
    assert C.SYNC_VALUES.key not in plan.instance(Side.CUSTOMER).learned
    assert result.cleanup_ok
