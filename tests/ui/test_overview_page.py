"""The first page is the overview of every connection (issue 18): sorted by what needs doing
first and by any column, filtered on any column, driven from the keyboard (Enter opens, Delete
deletes, Ctrl+F finds), and "Check all" checks every plan against the demo instances at once,
each row updated and each result kept in its plan as it comes, with progress and Cancel."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from demo_setup import set_up
from driver import click, plans_read, type_into, until
from overview_plans import write_folder
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from halo_wizard.plan.model import JOURNEY_STEPS, Plan, Side, StepId, StepStatus
from halo_wizard.plan.overview import SENTENCES, NextKind
from halo_wizard.simulator import Simulator
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.connections import ConnectionsPage
from halo_wizard.ui.pages.overview_model import SORT_ROLE, Column
from halo_wizard.ui.services import Services


def names(page: ConnectionsPage) -> list[str]:
    return [row.name for row in page.rows()]


def click_header(page: ConnectionsPage, column: Column) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_the_overview_sorts_filters_and_answers_the_keyboard(
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases = write_folder(services.plans.directory)
    window = make_window()
    window.resize(1920, 1080)
    page = window.connections
    assert page.model.sentences() == SENTENCES  # the window says what the engine says

    async def scenario() -> None:
        await plans_read(page)
        assert page.row_count() == len(cases)
        # Most urgent first: the file that cannot be opened, then the set-ups to finish.
        assert [r.next.kind for r in page.rows()][:2] == [
            NextKind.FIX_FILE,
            NextKind.FINISH_SETUP,
        ]
        assert not page.table.isColumnHidden(Column.TO_SUPPLIER)  # a wide window: both ways
        click_header(page, Column.DRIFT)
        assert names(page)[0] == "Cedar Logistics → Northwind MSP"  # the one that drifted
        click_header(page, Column.DRIFT)  # again: the other way round
        assert names(page)[-1] == "Cedar Logistics → Northwind MSP"
        click_header(page, Column.CONNECTION)
        assert names(page) == sorted(names(page), key=str.casefold)

        # The filter matches any column: a name, a state, an instance's address.
        type_into(page.filter, "cedar")
        assert names(page) == ["Cedar Logistics → Northwind MSP"]
        type_into(page.filter, "could not check")
        assert names(page) == ["Dunmore Schools → Northwind MSP"]
        type_into(page.filter, "birchwood.haloitsm")
        assert names(page) == ["Birchwood Legal → Northwind MSP"]
        assert "1 of" in page.count.text()
        QTest.keyClick(page.filter, Qt.Key.Key_Escape)
        assert page.filter.text() == "" and page.row_count() == len(cases)

        # Ctrl+F finds the filter; Down goes to the table; Enter opens the selected plan.
        window.activateWindow()
        await until(window.isActiveWindow, "the window to be active")
        page.table.setFocus()
        await until(page.table.hasFocus, "the table to take the focus")
        QTest.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        await until(page.filter.hasFocus, "the filter to take the focus")
        type_into(page.filter, "juniper")
        QTest.keyClick(page.filter, Qt.Key.Key_Down)
        selected = page.selected()
        assert selected is not None and selected.name == "Juniper Hotels → Northwind MSP"
        assert "Nothing to do" in page.details.text()
        QTest.keyClick(page.table, Qt.Key.Key_Return)
        assert window.plan is not None and window.plan.id == selected.plan_id
        window.show_connections()
        await plans_read(page)

        # Delete asks first; the Delete key is the button.
        answers: list[bool] = [False, True]
        asked: list[str] = []

        def confirm(row: Any) -> bool:
            asked.append(row.name)
            return answers.pop(0)

        monkeypatch.setattr(page, "confirm_delete", confirm)
        type_into(page.filter, "")
        page.select(selected.plan_id)
        QTest.keyClick(page.table, Qt.Key.Key_Delete)
        assert page.position(selected.plan_id) >= 0
        QTest.keyClick(page.table, Qt.Key.Key_Delete)
        assert asked == [selected.name, selected.name]
        assert page.position(selected.plan_id) < 0
        assert page.row_count() == len(cases) - 1

    run(scenario())


def test_a_narrow_window_keeps_what_matters(
    services: Services, make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    write_folder(services.plans.directory)
    window = make_window()
    window.resize(1024, 640)
    page = window.connections

    async def scenario() -> None:
        await plans_read(page)
        await until(lambda: page.table.isColumnHidden(Column.KIND), "the narrow columns")
        for column in (Column.CONNECTION, Column.AUTHENTICATED, Column.DRIFT, Column.NEXT):
            assert not page.table.isColumnHidden(column)
        assert page.table.isColumnHidden(Column.TO_SUPPLIER)
        header = page.table.horizontalHeader()
        assert header.length() <= page.table.viewport().width()  # no sideways scrolling
        page.select(page.rows()[0].plan_id)
        failing = next(r for r in page.rows() if r.next.kind is NextKind.AUTHENTICATE)
        at = page.model.index(page.model.position(failing.plan_id), Column.AUTHENTICATED)
        assert at.data() == "fails"
        assert "Supplier → customer: no" in at.data(Qt.ItemDataRole.ToolTipRole)

    run(scenario())


# ---- Check all against the demo instances ------------------------------------------------------


async def _plans(services: Services, simulator: Simulator) -> dict[str, Plan]:
    """Two set-up connections on the demo pair with their secrets, one whose secrets this
    computer lacks, and a damaged file."""
    contoso, northwind = simulator.instances
    plan = await set_up(contoso, northwind, auto_map=True)
    for step in JOURNEY_STEPS:
        if step < StepId.END_TO_END:
            plan.mark_step(step, StepStatus.DONE)
    made: dict[str, Plan] = {}
    for plan_id, name in (("first", "A first"), ("second", "B second"), ("orphan", "C orphan")):
        copy = Plan.from_dict(plan.to_dict())
        copy.id, copy.name = plan_id, name
        for side in Side:
            copy.instance(side).secret_key = ""
        services.plans.save(copy)
        made[plan_id] = copy
    for plan_id in ("first", "second"):
        for side, instance in ((Side.CUSTOMER, contoso), (Side.SUPPLIER, northwind)):
            assert instance.application is not None
            key = made[plan_id].secret_key_for(side)
            await services.secrets.set(key, instance.application.client_secret)
    (services.plans.directory / "damaged.halowiz.json").write_text("{ not json", "utf-8")
    return made


def test_check_all_updates_each_row_and_keeps_each_result(
    simulator: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    window = make_window()
    page = window.connections
    progress: list[tuple[int, int]] = []
    checking: list[int] = []

    orders: list[list[str]] = []

    def heard(value: int) -> None:
        progress.append((value, page.task.bar.maximum()))
        checking.append(len(page.model.checking()))
        orders.append([row.plan_id for row in page.rows()])

    page.task.bar.valueChanged.connect(heard)

    async def scenario() -> None:
        plans = await _plans(services, simulator)
        page.refresh()
        second = services.plans.path_for("second")
        before = second.read_text("utf-8")
        # The open plan gets the result too: it is saved as the window holds it.
        window.open_plan(services.plans.open("first"))
        window.show_connections()
        await plans_read(page)
        assert page.row_count() == 4
        click(page.check_button)
        assert page.is_busy()  # a second click starts nothing
        await until(lambda: not page.check_button.isEnabled(), "Check all to be disabled")
        await until(lambda: not page.is_busy(), "the check of every plan")
        assert not page.task.error.isVisible(), page.task.error.text()
        rows = {row.plan_id: row for row in page.rows()}
        for plan_id in ("first", "second"):
            last = rows[plan_id].drift.last
            assert last is not None and last.summary == "no drift"
            assert rows[plan_id].drift.stale is False
            kept = json.loads(services.plans.path_for(plan_id).read_text("utf-8"))
            assert kept["last_drift"]["fingerprint"] == plans[plan_id].fingerprint()
        orphan = rows["orphan"].drift.last
        assert orphan is not None and "no client secret" in orphan.summary
        assert rows["orphan"].next.kind is NextKind.CHECK_AGAIN
        assert not rows["damaged"].ok and rows["damaged"].drift.last is None
        # Only the result changed in the file: not even when it was last changed.
        after = json.loads(second.read_text("utf-8"))
        after.pop("last_drift")
        assert after == json.loads(before)
        assert window.plan is not None and window.plan.last_drift is not None
        assert window.plan.last_drift == services.plans.open("first").last_drift
        # Progress counted every connection; rows said "checking" until their result came.
        assert progress[-1] == (4, 4) and max(checking) == 3 and page.model.checking() == set()
        # Rows stayed where they were while results came, and took their places at the end.
        assert len(orders) > 1 and all(order == orders[0] for order in orders)
        column = page.table.horizontalHeader().sortIndicatorSection()
        keys = [page.proxy.index(at, column).data(SORT_ROLE) for at in range(page.row_count())]
        if page.table.horizontalHeader().sortIndicatorOrder() is Qt.SortOrder.DescendingOrder:
            keys.reverse()
        assert keys == sorted(keys)
        assert "Checked 4 connection(s): 2 without drift, 0 drifted, 2 could not" in (
            page.note.text()
        )

    run(scenario())


def test_check_all_can_be_cancelled(
    simulator: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    window = make_window()
    page = window.connections
    _, northwind = simulator.instances

    async def scenario() -> None:
        await _plans(services, simulator)
        page.refresh()
        await plans_read(page)
        northwind.faults.latency = 0.3  # slow enough to press Cancel while it checks
        try:
            click(page.check_button)
            await until(lambda: page.model.checking(), "the check to start")
            click(page.task.cancel_button)
            await until(lambda: not page.is_busy(), "the check to stop")
        finally:
            northwind.faults.latency = 0.0
        assert "Cancelled" in page.task.error.text()
        assert page.model.checking() == set()  # no row says it is being checked
        assert page.check_button.isEnabled()
        for row in page.rows():  # what the table shows is what the files hold
            if row.ok:
                kept = services.plans.open(row.plan_id).last_drift
                assert kept == row.drift.last, row.name

    run(scenario())


def test_an_export_writes_the_csv_or_the_pdf(
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
    tmp_path: Path,
) -> None:
    write_folder(services.plans.directory)
    window = make_window()
    page = window.connections

    class Dialogs:
        def __init__(self) -> None:
            self.answers: list[Path] = []

        def save_file(self, *_args: Any) -> Path | None:
            return self.answers.pop(0)

    dialogs = Dialogs()
    page.dialogs = dialogs  # type: ignore[assignment]

    async def scenario() -> None:
        await plans_read(page)
        dialogs.answers = [tmp_path / "overview"]  # no suffix: the chosen kind's is added
        page.export_pdf_action.trigger()
        await until(lambda: not page.is_busy(), "the PDF")
        assert (tmp_path / "overview.pdf").is_file()
        assert "(1 page)" in page.note.text()
        dialogs.answers = [tmp_path / "overview.csv"]
        page.export_csv_action.trigger()
        await until(lambda: not page.is_busy(), "the CSV")
        lines = (tmp_path / "overview.csv").read_text("utf-8-sig").splitlines()
        assert len(lines) == page.row_count() + 1
        blocker = tmp_path / "a-file"
        blocker.write_text("x", "utf-8")
        dialogs.answers = [blocker / "overview.csv"]
        page.export_csv_action.trigger()
        await until(lambda: not page.is_busy(), "the refused CSV")
        assert "was not written" in page.task.error.text()

    run(scenario())


def test_the_plan_folder_is_read_off_the_window_thread(
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The folder is read on a worker while the window goes on; reads asked for while one waits
    are one read; the newest read's rows are the ones shown; a folder that cannot be read says
    what to fix."""
    import threading

    import halo_wizard.ui.pages.connections as connections_module
    from halo_wizard.plan.overview import read_overview

    cases = write_folder(services.plans.directory)
    gate = threading.Event()
    readers: list[str] = []
    failure: list[Exception] = []

    def slow_read(store: Any) -> Any:
        readers.append(threading.current_thread().name)
        gate.wait(timeout=60)
        if failure:
            raise failure[0]
        return read_overview(store)

    monkeypatch.setattr(connections_module, "read_overview", slow_read)
    window = make_window()
    page = window.connections

    async def scenario() -> None:
        await until(lambda: readers, "the first read to start")
        assert page.reading and page.row_count() == 0
        assert page.count.text() == "Reading the plans…" and not page.empty.isVisible()
        # The window's thread is free while the worker waits: it typed into the filter.
        assert threading.current_thread().name not in readers
        type_into(page.filter, "Juniper")
        assert page.filter.text() == "Juniper" and page.reading
        type_into(page.filter, "")
        for _ in range(3):  # one read runs; the three asked for while it runs are one more
            page.refresh()
        gate.set()
        await plans_read(page)
        assert page.row_count() == len(cases)
        assert len(readers) == 2 and all(name.startswith("plan-folder") for name in readers)
        # A folder that cannot be read: a message that says what to fix, the rows kept.
        failure.append(PermissionError(13, "Permission denied", str(services.plans.directory)))
        page.refresh()
        await plans_read(page)
        assert page.problem.isVisible()
        assert str(services.plans.directory) in page.problem.text()
        assert page.row_count() == len(cases)

    run(scenario())
