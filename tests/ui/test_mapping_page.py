"""The mappings page on two simulated demo instances, driven inside the qasync loop: load,
auto-map, override, undo and redo, accept, filter, keyboard, write and read back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from demo_instances import demo_instances
from demo_setup import session_for, set_up
from driver import click
from mapping_fixtures import SMALL_PAGE, Demo, Run, cell, opened, rows, until
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListWidgetItem,
    QStyleOptionViewItem,
)

from halo_wizard.api import constants as C
from halo_wizard.plan.freshness import stale_steps
from halo_wizard.plan.model import MappingKind, MappingOrigin, Side, StepId, StepStatus
from halo_wizard.simulator import console
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps import mappings
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.mapping.model import BADGES_ROLE, ORIGIN_ROLE, Column, Show
from halo_wizard.ui.mapping.page import MappingsPage
from halo_wizard.ui.mapping.widgets import SearchableCombo
from halo_wizard.ui.services import Services
from halo_wizard.ui.sidebar import step_mark
from halo_wizard.ui.widgets import icons


def choose_through_delegate(page: MappingsPage, index: QModelIndex, label: str) -> None:
    """Open the target cell's editor, pick `label` as the admin would, commit it."""
    view = page.table
    view.setCurrentIndex(index)
    view.edit(index)
    editor = QApplication.focusWidget()
    while editor is not None and not isinstance(editor, SearchableCombo):
        editor = editor.parentWidget()
    assert isinstance(editor, SearchableCombo), "the searchable editor did not open"
    editor.setCurrentIndex(editor.findText(label))
    view.target_delegate.setModelData(editor, page.model, index)
    view.closeEditor(editor, view.target_delegate.EndEditHint.NoHint)


def test_auto_map_override_undo_accept_and_write_read_back(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    contoso, northwind = demo

    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            plan = page.plan
            assert plan is not None and page.workspace is not None
            to_supplier = mappings.TO_SUPPLIER
            assert page.direction == to_supplier and page.kind is MappingKind.STATUS
            # Every Contoso status is a row, mapped or not.
            statuses = page.workspace.source(to_supplier).choices[MappingKind.STATUS]
            assert page.model.rowCount() == len(statuses) > 0
            assert "0 of" in page.counter_text()

            expected = mappings.auto_map_direction(
                mappings.ProfileMappings(),
                page.workspace.source(to_supplier),
                page.workspace.target(to_supplier),
                [mappings.SPEC[MappingKind.STATUS]],
            )[0]
            page.toolbar.auto_button.click()
            await until(lambda: not page.is_busy(), "the auto-map")
            assert expected.text in page.counter_text()  # "17 of 32 matched automatically"
            applied = {
                rid: r
                for rid, r in rows(plan, to_supplier, MappingKind.STATUS).items()
                if r.origin is MappingOrigin.AUTO
            }
            assert len(applied) == expected.matched
            assert all(r.local_id is not None for r in applied.values())

            # Override an auto-mapped row through the delegate: origin manual.
            remote_id, auto_row = next(iter(applied.items()))
            other = next(
                c
                for c in page.workspace.target(to_supplier).choices[MappingKind.STATUS]
                if c.id != auto_row.local_id
            )
            choose_through_delegate(page, cell(page, remote_id, Column.TARGET), other.name)
            overridden = rows(plan, to_supplier, MappingKind.STATUS)[remote_id]
            assert (overridden.local_id, overridden.origin) == (other.id, MappingOrigin.MANUAL)
            assert page.model.data(cell(page, remote_id, Column.MATCH)) == "Chosen by hand"

            # Undo brings the auto row back; redo the choice again.
            page.undo_action.trigger()
            assert rows(plan, to_supplier, MappingKind.STATUS)[remote_id] == auto_row
            page.redo_action.trigger()
            assert rows(plan, to_supplier, MappingKind.STATUS)[remote_id].local_id == other.id

            # Accept one suggestion with its row's button, then all the others.
            suggested = page.workspace.suggestion_ids(to_supplier, MappingKind.STATUS)
            assert suggested, "the demo has near names that are only suggested"
            first = suggested[0]
            wanted = rows(plan, to_supplier, MappingKind.STATUS)[first].local_id
            assert not rows(plan, to_supplier, MappingKind.STATUS)[first].mapped
            page.table.match_delegate.acceptClicked.emit(cell(page, first, Column.MATCH))
            accepted = rows(plan, to_supplier, MappingKind.STATUS)[first]
            assert accepted.mapped and accepted.local_id == wanted
            # An accepted suggestion is recorded as such: neither auto-map's nor a choice by hand.
            assert accepted.origin is MappingOrigin.ACCEPTED
            assert accepted.score is not None
            assert page.model.data(cell(page, first, Column.MATCH)) == (
                f"Accepted suggestion · {accepted.score:.0f}"
            )
            assert "you accepted" in page.model.data(
                cell(page, first, Column.MATCH), Qt.ItemDataRole.ToolTipRole
            )
            others = [r for r in suggested if r != first]
            page.toolbar.accept_all_button.click()
            assert page.workspace.suggestion_ids(to_supplier, MappingKind.STATUS) == []
            after_all = rows(plan, to_supplier, MappingKind.STATUS)
            assert others and all(
                after_all[r].mapped and after_all[r].origin is MappingOrigin.ACCEPTED
                for r in others
            )

            # The other direction and every other table, then write both profiles.
            page.toolbar.auto_all.trigger()
            await until(lambda: not page.is_busy(), "the auto-map")
            assert page.workspace.missing_defaults(to_supplier) == []
            page.write_bar.review_button.click()
            review = page.review.text()
            assert "Status mappings: 0 rows →" in review
            assert "Default status: (empty) → Action/Ticket Type Default" in review
            page.review.changes.write_button.click()
            await until(lambda: not page.is_busy(), "writing")
            assert "the instances hold exactly what the plan says" in page.review.text()
            assert page.is_complete()
            # The mapped actions' settings are remembered for a later drift check.
            assert page.plan is not None and page.plan.action_settings is not None
            assert page.plan.action_settings.actions[Side.CUSTOMER]

        for direction, instance in (
            (mappings.TO_SUPPLIER, northwind),
            (mappings.TO_CUSTOMER, contoso),
        ):
            record_id = direction.role.plan(plan).record_id
            record = next(
                r
                for r in instance.snapshot()["records"][direction.role.entity]
                if r["id"] == record_id
            )
            read_back = mappings.existing_mappings(plan, direction, record)
            assert {(r.kind, r.remote_id, r.local_id) for r in read_back.rows} == {
                (r.kind, r.remote_id, r.local_id) for r in direction.mappings(plan).rows if r.mapped
            }
            assert read_back.default_action == direction.mappings(plan).default_action

    run(scenario())


def test_filter_narrows_the_rows_and_keeps_the_current_one(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            page.kinds.setCurrentIndex(3)
            assert page.kind is MappingKind.ACTION
            page.toolbar.auto_button.click()
            await until(lambda: not page.is_busy(), "the auto-map")
            total = page.model.rowCount()
            names = [page.model.source_name(r) for r in range(total)]
            note = next(n for n in names if "Note" in n)
            page.table.go_to(page.model.remote_id_at(names.index(note)))
            QTest.keyClicks(page.toolbar.search, "note")
            shown = [page.model.source_name(r) for r in range(page.model.rowCount())]
            targets = [page.model.target_name(r) for r in range(page.model.rowCount())]
            assert 0 < len(shown) < total
            assert all("note" in f"{s} {t}".casefold() for s, t in zip(shown, targets, strict=True))
            assert page.model.source_name(page.table.currentIndex().row()) == note
            assert f"{len(shown)} shown" in page.counter_text()
            page.toolbar.search.clear()
            assert page.model.rowCount() == total
            # "Needs attention": e-mail action mapped to e-mail action (R8) is flagged.
            page.toolbar.show_filter.setCurrentIndex(
                page.toolbar.show_filter.findData(Show.WARNINGS)
            )
            assert page.model.rowCount() > 0
            for row in range(page.model.rowCount()):
                index = page.model.index(row, page.model.column(Column.TARGET))
                assert "e-mail" in str(page.model.data(index, Qt.ItemDataRole.ToolTipRole))
                assert page.model.data(index, Qt.ItemDataRole.DecorationRole) is not None
            # Sorting by the target column puts the unmapped values last.
            page.toolbar.show_filter.setCurrentIndex(page.toolbar.show_filter.findData(Show.ALL))
            page.table.sortByColumn(page.model.column(Column.TARGET), Qt.SortOrder.AscendingOrder)
            mapped = [page.model.mapping_at(r) for r in range(page.model.rowCount())]
            flags = [m is not None and m.local_id is not None for m in mapped]
            assert flags == sorted(flags, reverse=True)

    run(scenario())


def test_keyboard_type_to_search_enter_delete_and_ctrl_z(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            plan = page.plan
            assert plan is not None and page.workspace is not None
            direction = page.direction
            view = page.table
            view.setFocus()
            first = page.model.remote_id_at(0)
            view.setCurrentIndex(page.model.index(0, 0))
            target = next(
                c
                for c in page.workspace.targets(direction, MappingKind.STATUS)
                if c.name == "In Progress"
            )
            QTest.keyClick(view, Qt.Key.Key_I)  # type to search: the editor opens with "I"
            assert view.state() == QAbstractItemView.State.EditingState
            editor = QApplication.focusWidget()
            assert editor is not None
            QTest.keyClicks(editor, "n Progress")
            QTest.keyClick(editor, Qt.Key.Key_Return)
            await until(
                lambda: view.state() != QAbstractItemView.State.EditingState, "the editor to close"
            )
            row = rows(plan, direction, MappingKind.STATUS).get(first)
            assert row is not None and row.local_id == target.id
            assert row.origin is MappingOrigin.MANUAL
            # Part of a name and Enter: the best match (a name that starts with it) is taken.
            closed = next(
                c
                for c in page.workspace.targets(direction, MappingKind.STATUS)
                if c.name == "Closed"
            )
            second = page.model.remote_id_at(1)
            view.setCurrentIndex(page.model.index(1, 0))
            QTest.keyClick(view, Qt.Key.Key_C)
            editor = QApplication.focusWidget()
            assert editor is not None
            QTest.keyClicks(editor, "lo")
            QTest.keyClick(editor, Qt.Key.Key_Return)
            await until(
                lambda: view.state() != QAbstractItemView.State.EditingState, "the editor to close"
            )
            assert rows(plan, direction, MappingKind.STATUS)[second].local_id == closed.id
            view.setCurrentIndex(page.model.index(0, 0))
            # Delete clears it by hand (auto-map leaves it); Ctrl+Z brings the choice back.
            QTest.keyClick(view, Qt.Key.Key_Delete)
            cleared = rows(plan, direction, MappingKind.STATUS)[first]
            assert cleared.local_id is None and cleared.origin is MappingOrigin.MANUAL
            page.toolbar.auto_button.click()
            await until(lambda: not page.is_busy(), "the auto-map")
            assert rows(plan, direction, MappingKind.STATUS)[first].local_id is None
            page.undo_action.trigger()  # the auto-map
            page.undo_action.trigger()  # the clear
            assert rows(plan, direction, MappingKind.STATUS)[first].local_id == target.id
            # Ctrl+Enter accepts the current suggestion.
            page.toolbar.auto_button.click()
            await until(lambda: not page.is_busy(), "the auto-map")
            suggestion = page.workspace.suggestion_ids(direction, MappingKind.STATUS)[0]
            assert view.go_to(suggestion)
            QTest.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            assert rows(plan, direction, MappingKind.STATUS)[suggestion].mapped

    run(scenario())


def test_fields_offer_only_the_same_type_and_actions_flag_a_loop(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    contoso, _northwind = demo

    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            workspace = page.workspace
            assert workspace is not None and page.plan is not None
            page.kinds.setCurrentIndex(2)
            assert page.kind is MappingKind.FIELD
            direction = page.direction
            for row in range(page.model.rowCount()):
                wanted = workspace.field_type(direction.sender, page.model.remote_id_at(row))
                options = page.model.target_options(row)
                assert options
                assert {workspace.field_type(direction.receiver, c.id) for c in options} == {wanted}
            text_type = page.model.index(0, page.model.column(Column.SOURCE_INFO)).data()
            assert text_type == C.FIELD_TYPES[0]  # Summary is Text

            # An action of Contoso that itself sends to the supplier: mapping to it is a loop.
            session = session_for(page.plan, contoso, _northwind)
            try:
                note = next(
                    a
                    for a in contoso.snapshot()["records"]["Outcome"]
                    if a["outcome"] == "Internal Note"
                )
                # Set in Halo's screen: the plan has not learned yet which number is which.
                console.set_send_to_connected_instance(contoso, note["id"], "Supplier")
            finally:
                await session.aclose()
            page.services.sessions.set_plan(None)
            page.services.sessions.set_plan(page.plan)  # a fresh session: no cached lists
            page.write_bar.read_again_button.click()
            await until(lambda: not page.is_busy(), "reading again")
            page.directions.set_current(1)
            page.kinds.setCurrentIndex(3)
            assert page.direction == mappings.TO_CUSTOMER and page.kind is MappingKind.ACTION
            source = next(
                c
                for c in workspace.sources(page.direction, MappingKind.ACTION)
                if c.name == "Internal Note"
            )
            page.model.setData(cell(page, source.id, Column.TARGET), note["id"])
            index = cell(page, source.id, Column.TARGET)
            assert "a loop" in str(index.data(Qt.ItemDataRole.ToolTipRole))
            badges = cell(page, source.id, Column.TARGET_INFO).data(BADGES_ROLE)
            assert any(b.text == "→ Connected instance" and b.tone.value == "bad" for b in badges)

    run(scenario())


def test_mappings_on_the_instance_are_marked_and_kept_by_auto_map(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind)
        resolved = next(
            s for s in contoso.snapshot()["records"]["Status"] if s["name"] == "Resolved"
        )
        odd = next(s for s in northwind.snapshot()["records"]["Status"] if s["name"] == "New")
        session = session_for(plan, contoso, northwind)
        try:
            await session.client(Side.SUPPLIER).save(
                "Client",
                {
                    "id": plan.customer_profile.record_id,
                    C.MAPPING_STATUS: [
                        {
                            C.MAPROW_LOCAL_ID: odd["id"],
                            C.MAPROW_LOCAL_NAME: odd["name"],
                            C.MAPROW_REMOTE_ID: str(resolved["id"]),
                            C.MAPROW_REMOTE_NAME: "Resolved",
                        }
                    ],
                },
            )
        finally:
            await session.aclose()
        async with opened(demo, tmp_path, qtbot, plan) as page:
            assert page.plan is not None and page.workspace is not None
            index = cell(page, resolved["id"], Column.MATCH)
            assert index.data() == "On instance"
            assert index.data(ORIGIN_ROLE) == MappingOrigin.EXISTING.value
            page.toolbar.auto_button.click()
            await until(lambda: not page.is_busy(), "the auto-map")
            row = rows(page.plan, mappings.TO_SUPPLIER, MappingKind.STATUS)[resolved["id"]]
            assert (row.local_id, row.origin) == (odd["id"], MappingOrigin.EXISTING)
            # Auto-map of every table is one step to undo.
            before = len(mappings.TO_CUSTOMER.mappings(page.plan).rows)
            page.toolbar.auto_all.trigger()
            await until(lambda: not page.is_busy(), "the auto-map")
            assert len(mappings.TO_CUSTOMER.mappings(page.plan).rows) > before
            page.undo_action.trigger()
            assert len(mappings.TO_CUSTOMER.mappings(page.plan).rows) == before
            # The default below the table and the attachment setting are undoable edits too.
            profile = mappings.TO_SUPPLIER.mappings(page.plan)
            page.show_table(mappings.TO_SUPPLIER, MappingKind.STATUS)
            combo = page.defaults.combo
            assert combo.itemData(1) == C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT
            assert combo.itemText(1) == "Action/Ticket Type Default"
            combo.setEditText("pending clo")  # part of a name, then Enter
            line = combo.lineEdit()
            assert line is not None
            QTest.keyClick(line, Qt.Key.Key_Return)
            pending = next(
                c
                for c in page.workspace.targets(mappings.TO_SUPPLIER, MappingKind.STATUS)
                if c.name == "Pending Closure"
            )
            assert profile.default_status == pending.id
            assert not profile.outbound_attachments
            page.defaults.attachments.click()
            assert profile.outbound_attachments
            page.undo_action.trigger()
            page.undo_action.trigger()
            assert not profile.outbound_attachments
            assert profile.default_status == C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT

    run(scenario())


def test_rows_wait_for_halo_to_show_how_it_keeps_them(run: Run, tmp_path: Path, qtbot: Any) -> None:
    """No profile on either instance shows which id a mapping row keeps where: the review says
    so instead of writing, shows the one mapping to make in Halo, and reads it back."""
    snapshots = demo_snapshots()
    for snapshot in snapshots:
        snapshot["simulator"].pop("screen_setup", None)
    with demo_instances(snapshots=snapshots) as demo:
        contoso, northwind = demo

        async def scenario() -> None:
            async with opened(demo, tmp_path, qtbot) as page:
                plan = page.plan
                assert plan is not None and page.workspace is not None
                page.toolbar.auto_all.trigger()
                await until(lambda: not page.is_busy(), "the auto-map")
                page.directions.set_current(1)
                page.toolbar.auto_all.trigger()
                await until(lambda: not page.is_busy(), "the auto-map")
                page.write_bar.review_button.click()
                review = page.review
                learned = {s: dict(plan.instance(s).learned) for s in Side}
                assert review.learn_box.isVisible(), (page.workspace.blocked, learned)
                assert "Not written yet" in review.text() and "fiid" in review.text()
                posts = northwind.stats.count("POST", "Client") + contoso.stats.count(
                    "POST", "Supplier"
                )
                review.learn_button.click()
                await until(lambda: not page.is_busy(), "the example")
                assert "Status mappings, add the row" in review.learn_text.text()
                example = page._example
                assert example is not None
                target = contoso if example.side is Side.CUSTOMER else northwind
                console.add_mapping(
                    target,
                    example.entity,
                    example.record_id,
                    "status",
                    example.expect["local_id"],
                    example.expect["remote_id"],
                )
                review.learn_button.click()
                await until(lambda: not page.is_busy(), "the read-back")
                assert C.MAPPING_ROW_IDS.key in plan.instance(example.side).learned
                # Nothing was written by the wizard while it did not know.
                assert (
                    northwind.stats.count("POST", "Client")
                    + contoso.stats.count("POST", "Supplier")
                    == posts
                )

        run(scenario())


async def press_and_release(view: Any, pos: Any) -> None:
    """A click as a hand makes it: the loop runs between the press and the release, and the
    pointer stays where it was on the screen (whatever moved under it)."""
    viewport = view.viewport()
    on_screen = viewport.mapToGlobal(pos)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    for _ in range(5):  # the layouts react to the press (posted events), as between two hands
        QApplication.sendPostedEvents()
        await asyncio.sleep(0)
    pos = viewport.mapFromGlobal(on_screen)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    QApplication.sendPostedEvents()


def accept_button_centre(page: MappingsPage, remote_id: int) -> Any:
    view = page.table
    index = cell(page, remote_id, Column.MATCH)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    return view.match_delegate.button_rect(option).center()


def test_one_click_on_accept_accepts_and_nothing_moves(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    """Clicking Accept on a row that is not selected accepts it; the table stays where it was
    (a sentence that grows on selecting the row would push it away from the pointer)."""

    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            plan = page.plan
            assert plan is not None and page.workspace is not None
            direction = page.direction
            page.resize(*SMALL_PAGE)
            page.toolbar.auto_button.click()
            await until(lambda: not page.is_busy(), "the auto-map")
            page.table.clearSelection()
            page.table.setCurrentIndex(QModelIndex())
            QApplication.sendPostedEvents()
            suggested = page.workspace.suggestion_ids(direction, MappingKind.STATUS)
            assert suggested
            remote_id = suggested[0]
            top = page.table.mapTo(page, page.table.rect().topLeft())
            sentence = page.sentence.height()
            await press_and_release(page.table, accept_button_centre(page, remote_id))
            row = rows(plan, direction, MappingKind.STATUS)[remote_id]
            assert row.mapped, "the click only selected the row"
            for _ in range(5):
                QApplication.sendPostedEvents()
                await asyncio.sleep(0)
            assert page.table.mapTo(page, page.table.rect().topLeft()) == top
            assert page.sentence.height() == sentence
            assert row.origin is MappingOrigin.ACCEPTED

    run(scenario())


def test_accept_all_leaves_the_flagged_action_pairs_and_lists_them(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    """Accept all takes only the suggestions nothing is wrong with; e-mail action to e-mail
    action (R8) stays a suggestion and is listed; the accepted ones are not 'by hand'."""

    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            plan = page.plan
            workspace = page.workspace
            assert plan is not None and workspace is not None
            page.show_table(mappings.TO_SUPPLIER, MappingKind.ACTION)
            direction = page.direction
            page.toolbar.auto_button.click()
            await until(lambda: not page.is_busy(), "the auto-map")
            suggestions = rows(plan, direction, MappingKind.ACTION)
            flagged: list[int] = []
            plain: list[int] = []
            for r in workspace.suggestion_ids(direction, MappingKind.ACTION):
                warned = workspace.action_warnings(direction, r, suggestions[r].local_id)
                (flagged if warned else plain).append(r)
            assert flagged and plain, "the demo has both kinds of suggestion"
            email_user = next(
                c.id
                for c in workspace.sources(direction, MappingKind.ACTION)
                if c.name == "Email User"
            )
            assert email_user in flagged
            click(page.toolbar.accept_all_button)
            table = rows(plan, direction, MappingKind.ACTION)
            assert all(table[r].origin is MappingOrigin.SUGGESTED for r in flagged)
            assert not table[email_user].mapped
            assert all(table[r].mapped and table[r].origin is MappingOrigin.ACCEPTED for r in plain)
            # The flagged ones are named and shown, for the admin to decide one by one.
            assert "Email User" in page.notice
            assert page.toolbar.show_filter.currentData() == Show.WARNINGS
            shown = {page.model.remote_id_at(r) for r in range(page.model.rowCount())}
            assert set(flagged) <= shown
            # Auto-map again keeps what was accepted.
            page.toolbar.auto_button.click()
            await until(lambda: not page.is_busy(), "the auto-map")
            again = rows(plan, direction, MappingKind.ACTION)
            assert all(again[r] == table[r] for r in plain)

    run(scenario())


def test_a_write_by_another_step_makes_the_page_read_again(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    """Another step creates an action in Northwind MSP (and forgets the list it wrote, as every
    write does): when the page is shown next it reads again and counts the new action."""

    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            workspace = page.workspace
            assert workspace is not None
            page.show_table(mappings.TO_CUSTOMER, MappingKind.ACTION)
            before = len(workspace.sources(mappings.TO_CUSTOMER, MappingKind.ACTION))
            page.enter()  # nothing changed: no new read
            assert not page.is_busy() and page.workspace is workspace
            session = await page.services.sessions.session()
            await session.client(Side.SUPPLIER).save(
                "Outcome", {"outcome": "Written by another step"}
            )
            session.forget(Side.SUPPLIER, "Outcome")
            page.enter()
            await until(lambda: not page.is_busy(), "reading again")
            now = page.workspace
            assert now is not None
            names = [c.name for c in now.sources(mappings.TO_CUSTOMER, MappingKind.ACTION)]
            assert "Written by another step" in names and len(names) == before + 1
            assert f"/{before + 1}" in page.kinds.tabText(page.kinds.currentIndex())

    run(scenario())


def test_writing_the_mappings_finishes_the_step_at_once_and_a_later_change_makes_it_stale(
    demo: Demo,
    run: Run,
    services: Services,
    make_window: Callable[[], MainWindow],
) -> None:
    """The step was finished once, then the mappings changed: after Write mappings succeeds the
    step is done and fresh before Next is pressed (sidebar and banner too); a change to one row
    afterwards makes it stale again."""
    contoso, northwind = demo

    async def scenario() -> None:
        plan = await set_up(contoso, northwind)
        for side, instance in ((Side.CUSTOMER, contoso), (Side.SUPPLIER, northwind)):
            assert instance.application is not None
            secret = instance.application.client_secret
            await services.secrets.set(plan.secret_key_for(side), secret)
        plan.mark_step(StepId.MAPPINGS, StepStatus.DONE)  # finished on no mappings at all
        plan.current_step = StepId.MAPPINGS
        services.plans.save(plan)
        window = make_window()
        window.open_plan(plan)
        page = window.pages[StepId.MAPPINGS]
        assert isinstance(page, MappingsPage) and window.current_page() is page
        await until(lambda: page.workspace is not None and not page.is_busy(), "the first read")
        page.toolbar.auto_all.trigger()
        await until(lambda: not page.is_busy(), "the auto-map")
        assert StepId.MAPPINGS in stale_steps(plan)  # the mappings changed since it was done
        assert not page.stale_banner.isHidden()

        page.write_bar.review_button.click()
        page.review.changes.write_button.click()
        await until(lambda: not page.is_busy(), "writing")
        assert page.is_complete(), page.review.text()
        assert window.current_page() is page  # Next not pressed
        assert StepId.MAPPINGS not in stale_steps(plan)
        assert plan.step(StepId.MAPPINGS).status is StepStatus.DONE
        assert page.stale_banner.isHidden()
        assert step_mark(plan, StepId.MAPPINGS, StepId.MAPPINGS) is icons.Mark.DONE
        assert "Stale" not in sidebar_item(window, StepId.MAPPINGS).toolTip()

        # One row changed afterwards: the written mappings no longer match the plan.
        assert page.workspace is not None
        direction = page.direction
        row = next(r for r in direction.mappings(plan).rows_of(page.kind) if r.mapped)
        other = next(
            c for c in page.workspace.targets(direction, page.kind) if c.id != row.local_id
        )
        page.model.setData(cell(page, row.remote_id, Column.TARGET), other.id)
        changed = direction.mappings(plan).find(page.kind, row.remote_id)
        assert changed is not None and changed.local_id == other.id
        assert StepId.MAPPINGS in stale_steps(plan)
        assert not page.stale_banner.isHidden()
        assert "Stale" in sidebar_item(window, StepId.MAPPINGS).toolTip()

    run(scenario())


def sidebar_item(window: MainWindow, step: StepId) -> QListWidgetItem:
    for row in range(window.sidebar.steps.count()):
        item = window.sidebar.steps.item(row)
        if int(item.data(Qt.ItemDataRole.UserRole)) == int(step):
            return item
    raise AssertionError(f"no sidebar item for {step}")


def test_auto_map_runs_off_the_gui_thread_and_cancel_leaves_the_tables_as_they_were(
    demo: Demo, run: Run, tmp_path: Path, qtbot: Any
) -> None:
    """Issue 17: "Auto-map all" matches on a worker thread while the task panel shows it (the
    page is busy, the window keeps answering); Cancel pushes nothing, a full run one undo step."""
    import threading

    async def scenario() -> None:
        async with opened(demo, tmp_path, qtbot) as page:
            workspace = page.workspace
            assert workspace is not None
            threads: list[int] = []
            real = workspace.auto_map

            def spy(*args: Any, **kwargs: Any) -> Any:
                threads.append(threading.get_ident())
                return real(*args, **kwargs)

            workspace.auto_map = spy  # type: ignore[method-assign]
            before = page.counter_text()
            page.toolbar.auto_all.trigger()
            assert page.is_busy() and page.task.isVisible()
            page.cancel()
            await until(lambda: not page.is_busy(), "the cancelled auto-map")
            assert page.counter_text() == before and not page.undo_stack.canUndo()

            page.toolbar.auto_all.trigger()
            assert page.is_busy()
            await until(lambda: not page.is_busy(), "the auto-map")
            assert threads and threading.get_ident() not in threads
            assert page.counter_text() != before
            assert page.undo_stack.count() == 1  # every table in one undo step

    run(scenario())
