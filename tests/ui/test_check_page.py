"""The action check page (step 8) on two simulated demo instances: findings, recommended actions
created and checked again, a check confirmed by hand kept in the plan, and "Show me"."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from demo_setup import set_up
from driver import click, until
from PySide6.QtWidgets import QDialogButtonBox

from halo_wizard.api import constants as C
from halo_wizard.plan.model import MappingKind, Plan, Side, StepId, StepStatus
from halo_wizard.plan.store import PlanStore
from halo_wizard.report.build import LAST_CHECK_KEY
from halo_wizard.rules import Severity, has_blocking
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import SimulatedInstance, Simulator, console
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.ui.mapping.page import MappingsPage
from halo_wizard.ui.pages.action_check import ActionCheckPage
from halo_wizard.ui.services import make_services

Demo = tuple[SimulatedInstance, SimulatedInstance]
SCREENSHOTS = os.environ.get("HALO_WIZARD_SCREENSHOTS", "")
"""A folder to save the page's picture in (unset in ordinary runs)."""
PAGE_SIZE = (1040, 736)
"""The page's share of the 1280x800 window (the sidebar takes the rest)."""


@pytest.fixture
def demo() -> Iterator[Demo]:
    with Simulator(rate_limit=(1_000_000, 1.0)) as simulator:
        contoso, northwind = (simulator.add(s) for s in demo_snapshots())
        yield contoso, northwind


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
            stored = plan.extra[LAST_CHECK_KEY]
            assert stored["checked_at"] and len(stored["findings"]) == len(page.findings)
            assert plan.step(StepId.ACTION_CHECK).status is StepStatus.ATTENTION
            supplier = page.tree.topLevelItem(1)
            assert supplier.child(0).text(0).startswith("Errors")

            # The recommended actions are listed before anything is written.
            lines = "\n".join(page.recommendation_lines())
            assert "Create action 'Indirect email to end user' in Northwind MSP" in lines
            assert "'Indirect email to end user' → 'Email User'" in lines
            with northwind.state.lock:
                names = {r.get("outcome") for r in northwind.state.records["Outcome"].values()}
            assert "Indirect email to end user" not in names
            if SCREENSHOTS:
                page.grab().save(str(Path(SCREENSHOTS) / "08-action-check.png"))
            click(page.create_button)
            await until(lambda: page.is_busy(), "creating to start")
            await until(lambda: not page.is_busy(), "the recommended actions", page)
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
            item = next(
                page.tree.topLevelItem(1).child(0).child(i)
                for i in range(page.tree.topLevelItem(1).child(0).childCount())
            )
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
            confirmed = page.current_finding()
            assert confirmed is not None and confirmed.confirmed is not None
            assert "Dana Admin" in page.detail_confirmed.text()
            assert not has_blocking(page.findings) and page.is_complete()
            assert plan.step(StepId.ACTION_CHECK).status is StepStatus.DONE
            stored = plan.extra[LAST_CHECK_KEY]["findings"]
            assert any(f["confirmed"] and f["rule"] == "R1" for f in stored)

            # Re-check: the confirmation comes from the plan, so it holds.
            click(page.recheck_button)
            await until(lambda: page.is_busy(), "the re-check to start")
            await until(lambda: not page.is_busy(), "the re-check", page)
            assert page.is_complete()
            assert any(f.confirmed is not None for f in page.findings)

    run(scenario())


def test_show_me_opens_a_mapping_row_or_shows_the_action(
    demo: Demo, run: Any, tmp_path: Path
) -> None:
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        async with opened(demo, tmp_path, plan) as page:
            assert not has_blocking(page.findings)  # warnings only: Next is enabled
            assert page.is_complete()
            actions: list[tuple[Any, int]] = []
            page.showActionRequested.connect(lambda side, action: actions.append((side, action)))
            index = next(
                i
                for i, f in enumerate(page.findings)
                if f.locator is not None and f.locator.kind == "action" and f.locator.record_id
            )
            finding = page.findings[index]
            page._show(select=(finding.rule, finding.side, finding.record))
            assert page.current_finding() == finding
            assert page.action_box.isVisible()
            assert "System use:" in page.action_settings.text()
            click(page.show_button)
            assert finding.locator is not None
            assert actions == [(finding.side, finding.locator.record_id)]

    run(scenario())


def test_the_mappings_page_opens_the_row_show_me_asks_for(
    demo: Demo, run: Any, tmp_path: Path
) -> None:
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        services = make_services(PlanStore(tmp_path / "plans"), MemoryStore())
        for side, instance in ((Side.CUSTOMER, contoso), (Side.SUPPLIER, northwind)):
            assert instance.application is not None
            await services.secrets.set(
                plan.secret_key_for(side), instance.application.client_secret
            )
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
            assert not page.show_mapping(Side.SUPPLIER, MappingKind.STATUS, None)
            assert page.direction.receiver is Side.SUPPLIER
        finally:
            page.cancel()
            await until(lambda: not page.is_busy(), "the page to stop")
            await services.sessions.aclose()
            page.hide()
            page.deleteLater()
            await until(lambda: not shiboken6.isValid(page), "the page to be deleted")

    run(scenario())
