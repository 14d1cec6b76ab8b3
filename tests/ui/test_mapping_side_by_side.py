"""The mappings page with both directions side by side (a wide window) or one at a time, and
the round trip of each status: what it becomes on the other side and what comes back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from demo_setup import set_up
from driver import keep_secrets, until
from mapping_fixtures import SMALL_PAGE, Demo, Run, cell, opened, rows
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from halo_wizard.plan.model import MappingKind, MappingOrigin, StepId
from halo_wizard.steps import mappings
from halo_wizard.ui.mapping.model import Column
from halo_wizard.ui.mapping.page import WIDE_WIDTH, MappingsPage

FULL_HD_PAGE = (1920 - 240, 900)
"""The page's share of a 1920x1080 window."""


def settle() -> None:
    """Posted events (layout requests, resizes) delivered now, without running the loop."""
    for _ in range(3):
        QApplication.sendPostedEvents()


def test_both_directions_side_by_side_when_wide_one_at_a_time_when_narrow(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            assert FULL_HD_PAGE[0] >= WIDE_WIDTH
            page.resize(*FULL_HD_PAGE)
            settle()
            assert page.wide
            left, right = page.tables
            assert left.isVisible() and right.isVisible()
            # Next to each other: the second starts right of where the first ends.
            assert (
                left.mapToGlobal(left.rect().topRight()).x()
                < right.mapToGlobal(right.rect().topLeft()).x()
            )
            assert page.models[0].direction == mappings.TO_SUPPLIER
            assert page.models[1].direction == mappings.TO_CUSTOMER
            assert page.models[0].kind is page.models[1].kind is MappingKind.STATUS
            assert page.direction == mappings.TO_SUPPLIER
            # A click in the other table makes its direction the one being edited.
            QTest.mouseClick(right.viewport(), Qt.MouseButton.LeftButton)
            assert page.direction == mappings.TO_CUSTOMER
            assert page.table is right and page.directions.current() == 1
            # Another kind: both tables follow.
            page.kinds.setCurrentIndex(3)
            assert page.models[0].kind is page.models[1].kind is MappingKind.ACTION
            # Narrow: one table, the switch between directions.
            page.resize(*SMALL_PAGE)
            settle()
            assert not page.wide
            assert page.table.isVisible()
            assert [t.isVisible() for t in page.tables].count(True) == 1
            page.directions.set_current(0)
            assert page.direction == mappings.TO_SUPPLIER and left.isVisible()
            assert not right.isVisible()

    run(scenario())


def test_a_round_trip_that_does_not_come_back_is_marked(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    """Contoso's Awaiting Third Party accepted as Northwind MSP's Awaiting Parts comes back as
    Contoso's Awaiting Parts: marked in words; a status that comes back as itself is not."""

    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            plan, workspace = page.plan, page.workspace
            assert plan is not None and workspace is not None
            page.resize(*FULL_HD_PAGE)
            page.toolbar.auto_all.trigger()
            await until(lambda: not page.is_busy(), "the auto-map", page)
            page.show_table(mappings.TO_SUPPLIER, MappingKind.STATUS)
            names = {c.name: c.id for c in workspace.sources(page.direction, MappingKind.STATUS)}
            new, third_party = names["New"], names["Awaiting Third Party"]
            assert "round trip" not in page.counter_text()
            # New → New → New: the same status back.
            index = cell(page, new, Column.ROUND_TRIP)
            assert index.data() == "New"
            assert "comes back as New" in str(index.data(Qt.ItemDataRole.ToolTipRole))
            # Accept the suggestion: it goes there as Awaiting Parts, which comes back as such.
            row = rows(plan, page.direction, MappingKind.STATUS)[third_party]
            assert row.origin is MappingOrigin.SUGGESTED and row.local_name == "Awaiting Parts"
            assert cell(page, third_party, Column.ROUND_TRIP).data() == ""
            page.table.match_delegate.acceptClicked.emit(cell(page, third_party, Column.MATCH))
            index = cell(page, third_party, Column.ROUND_TRIP)
            assert index.data() == "Awaiting Parts"
            tip = str(index.data(Qt.ItemDataRole.ToolTipRole))
            assert tip.startswith("Not the same status back")
            assert "Contoso sets Awaiting Parts" in tip
            assert "1 round trip(s) come back different" in page.counter_text()
            assert page.table.go_to(third_party)
            assert "Not the same status back" in page.sentence.text()
            # The other table shows the way back; clearing it there leaves nothing to come back.
            back = page.models[1]
            assert back.direction == mappings.TO_CUSTOMER
            parts = row.local_id
            assert parts is not None
            page.push(workspace.clear(mappings.TO_CUSTOMER, MappingKind.STATUS, [parts]))
            page.show_table(mappings.TO_SUPPLIER, MappingKind.STATUS)
            index = cell(page, third_party, Column.ROUND_TRIP)
            assert index.data() == "not mapped back"
            assert "leaves the status as it is" in str(index.data(Qt.ItemDataRole.ToolTipRole))

    run(scenario())


def test_every_table_and_the_check_fit_a_1024x640_window_without_sideways_scrolling(
    demo: Demo, run: Run, make_window: Any, services: Any
) -> None:
    """At 1024x640 the page has the window minus the sidebar: nothing may need a horizontal
    scroll bar, on any table of either direction, nor on the action check."""
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        await keep_secrets(services, plan, contoso, northwind)
        services.plans.save(plan)
        window = make_window()
        window.resize(1024, 640)
        window.open_plan(services.plans.open(plan.id))
        page = window.pages[StepId.MAPPINGS]
        assert isinstance(page, MappingsPage)
        window.show_step(StepId.MAPPINGS)
        await until(lambda: page.workspace is not None and not page.is_busy(), "the read", page)
        assert not page.wide

        def assert_fits(what: str) -> None:
            settle()
            bar = page.scroll.horizontalScrollBar()
            assert not (bar.isVisible() and bar.maximum() > 0), what
            for table in page.tables:
                if table.isVisible():
                    inner = table.horizontalScrollBar()
                    assert not (inner.isVisible() and inner.maximum() > 0), what

        for direction in mappings.DIRECTIONS:
            for spec in direction.kinds():
                page.show_table(direction, spec.kind)
                assert_fits(f"{direction.title(plan)}, {spec.title}")
                # The names keep room to be read beside the settings and the match.
                view = page.table
                names = [page.model.column(Column.SOURCE), page.model.column(Column.TARGET)]
                assert min(view.columnWidth(c) for c in names) >= 120, spec.title
        check = window.pages[StepId.ACTION_CHECK]
        window.show_step(StepId.ACTION_CHECK)
        await until(lambda: check.result is not None and not check.is_busy(), "the check", check)
        settle()
        bar = check.scroll.horizontalScrollBar()
        assert not (bar.isVisible() and bar.maximum() > 0)

    run(scenario())
