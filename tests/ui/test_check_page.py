"""The action check page (step 8) on two simulated demo instances: findings, recommended actions
created and checked again, a check confirmed by hand kept in the plan, and "Show me"."""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import shiboken6
from demo_setup import set_up
from driver import click, keep_secrets, until
from PySide6.QtWidgets import QDialogButtonBox

from halo_wizard.api import constants as C
from halo_wizard.plan.model import MappingKind, Plan, Side, StepId, StepStatus
from halo_wizard.plan.store import PlanStore
from halo_wizard.report.build import LAST_CHECK_KEY
from halo_wizard.rules import Severity, has_blocking
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import SimulatedInstance, console
from halo_wizard.steps.mappings import direction_into
from halo_wizard.ui.mapping.page import MappingsPage
from halo_wizard.ui.pages import action_check
from halo_wizard.ui.pages.action_check import ActionCheckPage, changes_to_write, counts_of
from halo_wizard.ui.services import make_services

Demo = tuple[SimulatedInstance, SimulatedInstance]
SCREENSHOTS = os.environ.get("HALO_WIZARD_SCREENSHOTS", "")
"""A folder to save the page's picture in (unset in ordinary runs)."""
PAGE_SIZE = (1040, 736)
"""The page's share of the 1280x800 window (the sidebar takes the rest)."""


@asynccontextmanager
async def opened(demo: Demo, tmp_path: Path, plan: Plan) -> AsyncIterator[ActionCheckPage]:
    contoso, northwind = demo
    services = make_services(PlanStore(tmp_path / "plans"), MemoryStore())
    for side, instance in ((Side.CUSTOMER, contoso), (Side.SUPPLIER, northwind)):
        assert instance.application is not None
        await services.secrets.set(plan.secret_key_for(side), instance.application.client_secret)
    services.sessions.set_plan(plan)
    page = ActionCheckPage(services)
    page.resize(*PAGE_SIZE)
    page.set_plan(plan)
    page.show()
    try:
        page.enter()
        await until(lambda: page.result is not None and not page.is_busy(), "the check", page)
        yield page
    finally:
        page.cancel()
        await until(lambda: not page.is_busy(), "the page to stop")
        await services.sessions.aclose()
        page.hide()
        page.deleteLater()
        await until(lambda: not shiboken6.isValid(page), "the page to be deleted")


def assert_tree_agrees_with_summary(page: ActionCheckPage) -> None:
    """Every group of the tree ('Warnings (1)') adds up to the summary's count of it."""
    groups: dict[str, int] = {}
    for t in range(page.tree.topLevelItemCount()):
        top = page.tree.topLevelItem(t)
        for g in range(top.childCount()):
            head = top.child(g).text(0)
            name, _, number = head.rpartition(" (")
            groups[name] = groups.get(name, 0) + int(number.rstrip(")"))
            assert top.child(g).childCount() == int(number.rstrip(")"))
    n = counts_of(page.findings)
    summary = page.summary.text()
    for name, key, one, many in (
        ("Errors", "errors", "error", "errors"),
        ("Warnings", "warnings", "warning", "warnings"),
        ("To confirm by hand", "manual", "to confirm by hand", "to confirm by hand"),
        ("Notes", "notes", "note", "notes"),
    ):
        assert groups.get(name, 0) == n[key], (name, groups, n)
        word = one if n[key] == 1 else many
        assert f"{n[key]} {word}" in summary, (summary, name)


def hide_suppliers_module(instance: SimulatedInstance) -> None:
    """The module list no longer shows the Suppliers module: a check by hand that is an error."""
    with instance.state.lock:
        table = instance.state.records["Features"]
        key = next(k for k, r in table.items() if r.get("module_name") == C.SUPPLIERS_MODULE_NAME)
        instance.state.delete("Features", key)


def test_findings_recommended_actions_and_a_confirmation_by_hand(
    demo: Demo, run: Any, tmp_path: Path
) -> None:
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        hide_suppliers_module(northwind)
        async with opened(demo, tmp_path, plan) as page:
            changed: list[bool] = []
            page.planChanged.connect(lambda: changed.append(True))
            # The plain demo: no sync actions yet, and a check by hand that would be an error.
            rules = {(f.rule, f.side) for f in page.findings}
            assert {("R12", Side.SUPPLIER), ("R14", Side.SUPPLIER), ("R15", Side.SUPPLIER)} <= rules
            manual = [f for f in page.findings if f.manual and f.severity is Severity.ERROR]
            assert [f.record for f in manual] == ["Suppliers module"]
            assert has_blocking(page.findings) and not page.is_complete()
            summary = page.summary.text()
            assert "1 to confirm by hand" in summary and "warnings" in summary
            # Errors first within each instance, and the findings are kept for the report.
            stored = plan.to_dict()[LAST_CHECK_KEY]
            assert stored["checked_at"] and len(stored["findings"]) == len(page.findings)
            assert plan.step(StepId.ACTION_CHECK).status is StepStatus.ATTENTION
            supplier = page.tree.topLevelItem(1)
            # What blocks comes first: the errors (the actions seed 001 says "will need to be"
            # created are missing), then the check by hand of the module (an error if so).
            assert supplier.child(0).text(0).startswith("Errors")
            assert supplier.child(1).text(0).startswith("To confirm by hand")
            # One count everywhere: the tree's groups add up to the summary's numbers.
            assert_tree_agrees_with_summary(page)

            # The recommended actions are listed before anything is written.
            lines = "\n".join(page.recommendation_lines())
            assert "Create action 'Indirect email to end user' in Northwind MSP" in lines
            assert "'Indirect email to end user' → 'Email User'" in lines
            with northwind.state.lock:
                names = {r.get("outcome") for r in northwind.state.records["Outcome"].values()}
            assert "Indirect email to end user" not in names
            if SCREENSHOTS:
                page.grab().save(str(Path(SCREENSHOTS) / "08-action-check.png"))
            assert page.result is not None
            to_write = changes_to_write(page.result.recommendations)
            assert f"{to_write} changes to write" in page.recommend_summary.text()
            click(page.create_button)
            await until(lambda: page.is_busy(), "creating to start")
            await until(lambda: not page.is_busy(), "the recommended actions", page)
            # What was announced is what was written.
            assert page.recommend_note.text().startswith(f"{to_write} changes written")
            assert_tree_agrees_with_summary(page)
            assert page.result is not None and page.result.recommendations == []
            # Which sync number means Supplier is not shown yet: the admin sets it in Halo.
            steps = page.result.in_halo
            assert steps and page.in_halo_box.isVisible()
            assert "Send to Connected Halo Instance" in page.in_halo_text.text()
            for step in steps:
                target = contoso if step.action.side is Side.CUSTOMER else northwind
                if step.setting == "sync":
                    console.set_send_to_connected_instance(
                        target, step.action.resolve(), step.value
                    )
                else:
                    console.tick_api_email_setting(target, step.action.resolve())
            click(page.in_halo_button)
            await until(lambda: page.is_busy(), "reading back to start")
            await until(lambda: not page.is_busy(), "the read-back", page)
            assert page.result is not None and page.result.in_halo == []
            assert plan.instance(Side.CUSTOMER).learned[C.SYNC_VALUES.key].source == "example"
            assert not any(
                f.rule in {"R12", "R13", "R14", "R15"}
                for f in page.findings
                if f.severity is not Severity.INFO and not f.manual
            )
            with northwind.state.lock:
                names = {r.get("outcome") for r in northwind.state.records["Outcome"].values()}
            assert "Indirect email to end user" in names
            assert "Read back" in page.recommend_note.text()
            assert changed

            # Still blocked by the check by hand: confirm it through the dialog.
            assert not page.is_complete()
            supplier = page.tree.topLevelItem(1)
            manual_group = next(
                supplier.child(g)
                for g in range(supplier.childCount())
                if supplier.child(g).text(0).startswith("To confirm by hand")
            )
            item = manual_group.child(0)
            page.tree.setCurrentItem(item)
            finding = page.current_finding()
            assert finding is not None and finding.record == "Suppliers module"
            assert page.confirm_button.isVisible()
            click(page.confirm_button)
            dialog = page.confirm_dialog
            assert dialog is not None
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            assert not ok.isEnabled()  # nobody named yet
            dialog.who_edit.setText("Dana Admin")
            dialog.note_edit.setText("module shows as enabled")
            click(ok)
            await until(lambda: page.confirm_dialog is None, "the dialog to close")
            assert [(c.rule_id, c.side, c.confirmed_by) for c in plan.confirmations] == [
                ("R1", Side.SUPPLIER, "Dana Admin")
            ]
            # the rules run again on what was read, off the window's thread
            assert page.is_busy()
            await until(lambda: not page.is_busy(), "the rules checked again", page)
            confirmed = page.current_finding()
            assert confirmed is not None and confirmed.confirmed is not None
            assert "Dana Admin" in page.detail_confirmed.text()
            assert not page.is_complete()
            # The API e-mail setting ticked in Halo is not shown by the API: a "must" (R14) to
            # confirm by hand too, on the customer's side.
            assert [(f.rule, f.record) for f in page.findings if f.blocking] == [
                ("R14", "Email User")
            ]
            customer = page.tree.topLevelItem(0)
            manual_group = next(
                customer.child(g)
                for g in range(customer.childCount())
                if customer.child(g).text(0).startswith("To confirm by hand")
            )
            page.tree.setCurrentItem(manual_group.child(0))
            finding = page.current_finding()
            assert finding is not None and finding.rule == "R14"
            click(page.confirm_button)
            dialog = page.confirm_dialog
            assert dialog is not None
            dialog.who_edit.setText("Dana Admin")
            click(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
            await until(lambda: page.confirm_dialog is None, "the dialog to close")
            await until(lambda: not page.is_busy(), "the rules checked again", page)
            assert not has_blocking(page.findings) and page.is_complete()
            assert plan.step(StepId.ACTION_CHECK).status is StepStatus.DONE
            stored = plan.to_dict()[LAST_CHECK_KEY]["findings"]
            assert any(f["confirmed"] and f["rule"] == "R1" for f in stored)

            # Re-check: the confirmation comes from the plan, so it holds.
            click(page.recheck_button)
            await until(lambda: page.is_busy(), "the re-check to start")
            await until(lambda: not page.is_busy(), "the re-check", page)
            assert page.is_complete()
            assert any(f.confirmed is not None for f in page.findings)

    run(scenario())


def test_show_me_in_the_window_opens_the_row_of_the_action(
    demo: Demo, run: Any, make_window: Any, services: Any
) -> None:
    """'Show me' on a finding about an action opens step 7 at the row of that action; a
    finding with nothing to show has the button disabled, with the reason."""
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        await keep_secrets(services, plan, contoso, northwind)
        services.plans.save(plan)
        window = make_window()
        window.open_plan(services.plans.open(plan.id))
        window.show_step(StepId.ACTION_CHECK)
        page = window.pages[StepId.ACTION_CHECK]
        assert isinstance(page, ActionCheckPage)
        await until(lambda: page.result is not None and not page.is_busy(), "the check", page)
        finding = next(
            f
            for f in page.findings
            if f.locator is not None and f.locator.kind == "action" and f.locator.record_id
        )
        page._show(select=(finding.rule, finding.side, finding.record))
        assert page.current_finding() == finding
        assert "System use:" in page.action_settings.text()
        target = page._show_target(finding)
        assert target is not None and target[0] == "mapping"
        receiver, kind, remote_id = target[1]
        click(page.show_button)
        mappings_page = window.pages[StepId.MAPPINGS]
        assert isinstance(mappings_page, MappingsPage)
        await until(lambda: window.current_page() is mappings_page, "step 7 shown")
        await until(
            lambda: mappings_page.workspace is not None and not mappings_page.is_busy(),
            "step 7 read",
            mappings_page,
        )
        assert mappings_page.direction.receiver is receiver and mappings_page.kind is kind
        current = mappings_page.table.currentIndex()
        assert current.isValid() and mappings_page.model.remote_id_at(current.row()) == remote_id
        action_id = finding.locator.record_id if finding.locator else None
        row = mappings_page.model.mapping_at(current.row())
        # The row is the action's: it maps to it, or it is the action itself (as the sender's).
        assert remote_id == action_id or (row is not None and row.local_id == action_id)

        # A finding about an action that does not exist yet: nothing to show, and why.
        window.show_step(StepId.ACTION_CHECK)
        missing = next(
            (
                f
                for f in page.findings
                if f.locator is not None
                and f.locator.kind == "action"
                and f.locator.record_id is None
            ),
            None,
        )
        if missing is not None:
            page._show(select=(missing.rule, missing.side, missing.record))
            assert not page.show_button.isEnabled()
            assert "no such action yet" in page.show_button.toolTip()

    run(scenario())


def test_the_mappings_page_opens_the_row_show_me_asks_for(
    demo: Demo, run: Any, tmp_path: Path
) -> None:
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        services = make_services(PlanStore(tmp_path / "plans"), MemoryStore())
        await keep_secrets(services, plan, contoso, northwind)
        services.sessions.set_plan(plan)
        page = MappingsPage(services)
        page.set_plan(plan)
        page.show()
        try:
            page.enter()
            await until(lambda: page.workspace is not None and not page.is_busy(), "the read")
            rows = plan.supplier_profile_mappings.rows_of(MappingKind.ACTION)
            wanted = rows[-1].remote_id
            page.toolbar.search.setText("no such value")
            assert page.show_mapping(Side.CUSTOMER, MappingKind.ACTION, wanted)
            assert page.direction.receiver is Side.CUSTOMER and page.kind is MappingKind.ACTION
            assert page.table.currentIndex().row() == page.model.row_for(wanted)
            assert not page.show_mapping(Side.SUPPLIER, MappingKind.STATUS, 987654)
            assert page.show_mapping(Side.SUPPLIER, MappingKind.STATUS, None)  # the table
            assert page.direction.receiver is Side.SUPPLIER
        finally:
            page.cancel()
            await until(lambda: not page.is_busy(), "the page to stop")
            await services.sessions.aclose()
            page.hide()
            page.deleteLater()
            await until(lambda: not shiboken6.isValid(page), "the page to be deleted")

    run(scenario())


def test_actions_created_by_the_check_show_on_the_mappings_page_without_read_again(
    demo: Demo, run: Any, make_window: Any, services: Any
) -> None:
    """Step 7 read, step 8 creates the recommended actions, back to step 7: its tables and
    counts already hold the new actions (the page read again by itself)."""
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        await keep_secrets(services, plan, contoso, northwind)
        services.plans.save(plan)
        window = make_window()
        window.open_plan(services.plans.open(plan.id))
        mappings_page = window.pages[StepId.MAPPINGS]
        assert isinstance(mappings_page, MappingsPage)
        window.show_step(StepId.MAPPINGS)
        await until(
            lambda: mappings_page.workspace is not None and not mappings_page.is_busy(),
            "step 7 read",
            mappings_page,
        )
        back = direction_into(Side.CUSTOMER)  # Northwind MSP's actions arrive in Contoso

        def northwind_actions() -> list[str]:
            workspace = mappings_page.workspace
            assert workspace is not None
            return [c.name for c in workspace.sources(back, MappingKind.ACTION)]

        before = northwind_actions()
        assert "Indirect email to end user" not in before
        window.show_step(StepId.ACTION_CHECK)
        check = window.pages[StepId.ACTION_CHECK]
        assert isinstance(check, ActionCheckPage)
        await until(lambda: check.result is not None and not check.is_busy(), "the check", check)
        click(check.create_button)
        await until(check.is_busy, "creating to start")
        await until(lambda: not check.is_busy(), "the recommended actions", check)
        window.show_step(StepId.MAPPINGS)
        await until(lambda: not mappings_page.is_busy(), "step 7 again", mappings_page)
        after = northwind_actions()
        assert "Indirect email to end user" in after and len(after) > len(before)
        mappings_page.show_table(back, MappingKind.ACTION)
        tab = mappings_page.kinds.tabText(mappings_page.kinds.currentIndex())
        assert tab.endswith(f"/{len(after)}"), tab

    run(scenario())


def test_show_me_on_the_module_opens_its_step(demo: Demo, run: Any, tmp_path: Path) -> None:
    """The Suppliers module is set on step 3: 'Show me' on its finding asks for that step."""
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        hide_suppliers_module(northwind)
        async with opened(demo, tmp_path, plan) as page:
            steps: list[Any] = []
            page.showStepRequested.connect(steps.append)
            finding = next(f for f in page.findings if f.record == "Suppliers module")
            page._show(select=(finding.rule, finding.side, finding.record))
            assert page.current_finding() == finding and page.show_button.isEnabled()
            click(page.show_button)
            assert steps == [StepId.SUPPLIERS_MODULE]

    run(scenario())


def test_a_plan_changed_while_the_rules_run_is_checked_again(
    demo: Demo, run: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The rules run on a worker thread: an edit made meanwhile makes their result out of date,
    so it is not shown as the plan's; the check runs again on the plan as it is now."""
    contoso, northwind = demo
    entered, go = threading.Event(), threading.Event()
    judged: list[str] = []
    real = action_check._judged

    def held(found: Any, plan_data: Any) -> Any:
        result = real(found, plan_data)
        judged.append(result.judged)
        if len(judged) == 1:
            entered.set()
            go.wait(timeout=120)  # the admin edits the plan now
        return result

    async def scenario() -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        async with opened(demo, tmp_path, plan) as page:
            monkeypatch.setattr(action_check, "_judged", held)
            before = plan.fingerprint()
            page.recheck()
            await until(entered.is_set, "the rules to run")
            mappings = plan.customer_profile_mappings
            mappings.outbound_attachments = not mappings.outbound_attachments
            go.set()
            await until(lambda: len(judged) == 2 and not page.is_busy(), "the second check", page)
            assert judged == [before, plan.fingerprint()] and before != plan.fingerprint()
            assert page.result is not None and page.result.judged == plan.fingerprint()
            stored = plan.action_check
            assert stored is not None and stored.fingerprint == plan.fingerprint()

    try:
        run(scenario())
    finally:
        go.set()  # never leave the worker waiting
