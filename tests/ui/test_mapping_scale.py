"""The mappings page at thousands of rows (issue 17): what it keeps between keystrokes and tables
(filter text, counts, choice labels, action settings) stays right after every edit, and "Auto-map
every table" applies its edits a table at a time, as one undo step, all undone on Cancel."""

from __future__ import annotations

import asyncio
import contextlib
import random
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from halo_wizard.api import constants as C
from halo_wizard.plan.automap import Choice
from halo_wizard.plan.model import InstancePlan, MappingKind, Plan, Side
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.steps import unknowns
from halo_wizard.steps.mappings import TO_CUSTOMER, TO_SUPPLIER, Catalogue, MappingSurvey
from halo_wizard.ui.mapping.model import Column, Show
from halo_wizard.ui.mapping.page import MappingsPage
from halo_wizard.ui.mapping.widgets import UNCHANGED, SearchableCombo
from halo_wizard.ui.mapping.workspace import MappingWorkspace, choice_labels
from halo_wizard.ui.services import make_services

ROWS = 3000
WORDS = ("Email", "Log", "Escalate", "Close", "Note", "Chase", "Review", "Forward", "Assign")


def names(count: int, seed: int) -> list[Choice]:
    rng = random.Random(seed)
    return [Choice(1000 + i, f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}") for i in range(count)]


def catalogue(choices: list[Choice], seed: int, emails: bool) -> Catalogue:
    """Actions with these names; some send an e-mail when `emails` (never both sides: every
    pair of twins is then a safe mapping)."""
    rng = random.Random(seed)
    records = {
        c.id: {
            "id": c.id,
            "outcome": c.name,
            "sendemail": int(emails and rng.random() < 0.2),
            "hidefromuser": rng.random() < 0.5,
            C.SYNC_TO_HALO: 0,
        }
        for c in choices
    }
    return Catalogue(
        choices={MappingKind.ACTION: choices, MappingKind.STATUS: []},
        records={MappingKind.ACTION: records},
    )


def survey() -> MappingSurvey:
    both = names(ROWS, 1)
    return MappingSurvey(
        catalogues={
            Side.CUSTOMER: catalogue(both, 2, emails=True),
            Side.SUPPLIER: catalogue(
                [Choice(c.id + 50_000, c.name) for c in both], 3, emails=False
            ),
        }
    )


def page_on(tmp_path: Path) -> tuple[MappingsPage, MappingWorkspace]:
    plan = Plan.new(
        "scale",
        InstancePlan("Contoso", "https://contoso.example.com", "a"),
        InstancePlan("Northwind MSP", "https://northwind.example.com", "b"),
    )
    page = MappingsPage(make_services(PlanStore(tmp_path / "plans"), MemoryStore()))
    page.resize(1040, 750)
    page.set_plan(plan)
    workspace = MappingWorkspace(plan, survey())
    page.workspace = workspace
    page.show_table(TO_SUPPLIER, MappingKind.ACTION)
    return page, workspace


def shown_ids(page: MappingsPage) -> list[int]:
    return [page.model.remote_id_at(row) for row in range(page.model.rowCount())]


def test_the_combo_keeps_values_beside_its_labels(qtbot: Any) -> None:
    combo = SearchableCombo()
    qtbot.addWidget(combo)
    options: list[tuple[str, object]] = [("— none —", None), ("Alpha", 7), ("Beta", 9)]
    combo.set_options(options, 9)
    assert combo.currentText() == "Beta" and combo.value() == 9
    assert [combo.itemData(i) for i in range(3)] == [None, 7, 9]
    assert combo.findData(7) == 1 and combo.findData(8) == -1
    combo.set_value(None)
    assert combo.currentIndex() == 0 and combo.value() is None
    combo.setEditText("alp")
    assert combo.value() is UNCHANGED and combo.best_value() == 7
    combo.set_options([("— none —", None), ("Gamma", 9)], 9)  # other options: filled again
    assert combo.count() == 2 and combo.currentText() == "Gamma" and combo.findData(7) == -1
    combo.addItem("Delta", 11)  # an item put in by hand keeps its own data
    assert combo.itemData(2) == 11 and combo.findData(11) == 2


def test_filter_narrows_and_widens_like_a_fresh_filter(qtbot: Any, tmp_path: Path) -> None:
    page, workspace = page_on(tmp_path)
    qtbot.addWidget(page)
    everyone = shown_ids(page)
    assert len(everyone) == ROWS
    found = {}
    for text in ("e", "es", "esc", "escalate", "escalate c", "esc", ""):
        page.toolbar.search.setText(text)
        found[text] = shown_ids(page)
        expected = [r for r in everyone if text in page.model.source_name_of(r).casefold()]
        assert found[text] == expected, text
    assert 0 < len(found["escalate c"]) < len(found["esc"]) < ROWS
    # A row mapped while the filter shows "note" may now match a longer text through its
    # target's name: the next keystroke looks at every row again, not only the ones shown.
    page.toolbar.search.setText("xyz")
    assert page.model.rowCount() == 0
    remote = everyone[0]
    target = workspace.targets(TO_SUPPLIER, MappingKind.ACTION)[5]
    page.push(workspace.choose(TO_SUPPLIER, MappingKind.ACTION, remote, target.id))
    word = target.name.casefold().split()[-1]  # the number in the target's name
    page.toolbar.search.setText(word)
    assert remote in shown_ids(page)


def test_counts_labels_and_filter_text_follow_every_edit_and_undo(
    qtbot: Any, tmp_path: Path
) -> None:
    page, workspace = page_on(tmp_path)
    qtbot.addWidget(page)
    page.push(workspace.auto_map(TO_SUPPLIER, [s for s in TO_SUPPLIER.kinds()]))
    mapped = workspace.mapped_count(TO_SUPPLIER, MappingKind.ACTION)
    suggestions = len(workspace.suggestion_ids(TO_SUPPLIER, MappingKind.ACTION))
    assert mapped == ROWS  # every name has its twin
    assert f"{mapped} of {ROWS} mapped" in page.counter_text()
    page.on_clear_all_button_clicked()
    assert workspace.mapped_count(TO_SUPPLIER, MappingKind.ACTION) == 0
    assert f"0 of {ROWS} mapped" in page.counter_text()
    page.undo_stack.undo()
    assert workspace.mapped_count(TO_SUPPLIER, MappingKind.ACTION) == mapped
    assert len(workspace.suggestion_ids(TO_SUPPLIER, MappingKind.ACTION)) == suggestions

    # The other direction's table, edited while this one is shown, is filtered on its new
    # target names when shown again (what was worked out for it before is not used).
    page.show_table(TO_CUSTOMER, MappingKind.ACTION)
    page.show_table(TO_SUPPLIER, MappingKind.ACTION)
    back = workspace.sources(TO_CUSTOMER, MappingKind.ACTION)[0]
    there = workspace.targets(TO_CUSTOMER, MappingKind.ACTION)[42]
    edit = workspace.choose(TO_CUSTOMER, MappingKind.ACTION, back.id, there.id)
    assert edit is not None
    workspace.apply(edit)
    page.toolbar.search.setText(there.name)
    page.show_table(TO_CUSTOMER, MappingKind.ACTION)
    assert back.id in shown_ids(page)
    index = page.model.index(page.model.row_for(back.id) or 0, page.model.column(Column.TARGET))
    assert index.data() == there.name

    # The choices of a row and the default below the table use the same labels.
    options = page.model.target_option_labels(0)
    targets = workspace.targets(TO_CUSTOMER, MappingKind.ACTION)
    assert [label for label, _ in options] == choice_labels(targets)
    assert page.defaults.combo.count() == len(targets) + 1  # and "— none —"


def test_a_new_sync_answer_shows_in_the_settings_at_once(qtbot: Any, tmp_path: Path) -> None:
    page, workspace = page_on(tmp_path)
    qtbot.addWidget(page)
    action = workspace.sources(TO_SUPPLIER, MappingKind.ACTION)[0].id
    records = workspace.catalogues[Side.CUSTOMER].records[MappingKind.ACTION]
    records[action][C.SYNC_TO_HALO] = 1
    workspace.reindex()  # as after a new reading
    first = workspace.action_settings(Side.CUSTOMER, action)
    assert first is not None and first.sends_to == "?"  # it sends; which way is not known
    assert workspace.action_settings(Side.CUSTOMER, action) is first  # asked again: kept
    assert page.plan is not None
    found = "1-supplier-2-customer"
    unknowns.learn(page.plan, Side.CUSTOMER, C.SYNC_VALUES, found, "test", "seen")
    answered = workspace.action_settings(Side.CUSTOMER, action)
    assert answered is not None and answered.sends_to == "Supplier"


def test_auto_map_every_table_is_applied_in_turns_and_undone_whole(
    run: Any, qtbot: Any, tmp_path: Path
) -> None:
    page, _workspace = page_on(tmp_path)
    qtbot.addWidget(page)
    page.show()
    plan = page.plan
    assert plan is not None

    async def scenario() -> None:
        page.toolbar.search.setText("escalate")
        page.toolbar.auto_all.trigger()
        assert page.is_busy()
        while page.is_busy():
            await asyncio.sleep(0.01)
        assert page.undo_stack.count() == 1
        assert page.undo_stack.undoText() == "Auto-map every table"
        customer_rows = len(TO_CUSTOMER.mappings(plan).rows)
        supplier_rows = len(TO_SUPPLIER.mappings(plan).rows)
        assert customer_rows == supplier_rows == ROWS
        # The table shown is filtered and counted on the new rows.
        assert page.model.rowCount() == len(
            [r for r in shown_ids(page) if "escalate" in page.model.source_name_of(r).casefold()]
        )
        assert f"{ROWS} of {ROWS} mapped" in page.counter_text()
        index = page.model.index(0, page.model.column(Column.MATCH))
        assert index.data(Qt.ItemDataRole.DisplayRole) == "Same name"
        page.undo_stack.undo()
        assert not TO_CUSTOMER.mappings(plan).rows and not TO_SUPPLIER.mappings(plan).rows
        assert f"0 of {ROWS} mapped" in page.counter_text()
        page.undo_stack.redo()
        assert len(TO_CUSTOMER.mappings(plan).rows) == customer_rows
        assert f"{ROWS} of {ROWS} mapped" in page.counter_text()

    run(scenario())
    page.hide()


def test_cancel_while_the_edits_are_applied_leaves_the_tables_as_they_were(
    run: Any, qtbot: Any, tmp_path: Path
) -> None:
    page, workspace = page_on(tmp_path)
    qtbot.addWidget(page)
    plan = page.plan
    assert plan is not None
    edits = [e for d in (TO_SUPPLIER, TO_CUSTOMER) if (e := workspace.auto_map(d, d.kinds()))]
    assert len(edits) == 2

    async def scenario() -> None:
        task = asyncio.ensure_future(page._apply_in_turns(workspace, edits))
        await asyncio.sleep(0)  # the first profile's edit is applied, then Cancel
        assert TO_SUPPLIER.mappings(plan).rows
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert not TO_SUPPLIER.mappings(plan).rows and not TO_CUSTOMER.mappings(plan).rows
        assert workspace.mapped_count(TO_SUPPLIER, MappingKind.ACTION) == 0
        assert f"0 of {ROWS} mapped" in page.counter_text()
        assert not page.undo_stack.canUndo()

    run(scenario())


def test_a_hidden_table_is_filtered_when_shown(qtbot: Any, tmp_path: Path) -> None:
    page, workspace = page_on(tmp_path)
    qtbot.addWidget(page)
    page.show_table(TO_CUSTOMER, MappingKind.ACTION)
    page.show_table(TO_SUPPLIER, MappingKind.ACTION)
    page.toolbar.search.setText("chase")
    page.toolbar.set_show(Show.UNMAPPED)
    page.show_table(TO_CUSTOMER, MappingKind.ACTION)
    shown = shown_ids(page)
    assert shown and all("chase" in page.model.source_name_of(r).casefold() for r in shown)
    assert len(shown) < ROWS
    assert page.model.rowCount() == len(
        [
            c
            for c in workspace.sources(TO_CUSTOMER, MappingKind.ACTION)
            if "chase" in c.name.casefold()
            and workspace.row(TO_CUSTOMER, MappingKind.ACTION, c.id) is None
        ]
    )
