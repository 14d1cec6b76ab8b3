"""The Agents page: its filter by outcome, columns that keep their width, and Tab leaving the
table."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from halo_wizard.steps.agents import AgentOutcome, AgentRow, AgentSurvey
from halo_wizard.ui.pages.agents import AgentsPage
from halo_wizard.ui.pages.agents_model import AGENT, EMAIL, OUTCOME
from halo_wizard.ui.services import Services

ROWS = [
    AgentRow(1, "Adele Vance", "adele.vance@contoso.example", AgentOutcome.CREATE),
    AgentRow(2, "Bo", "bo@contoso.example", AgentOutcome.EXISTS, user_id=7),
    AgentRow(3, "Christopher Montgomery-Whitfield", "", AgentOutcome.SKIPPED, "no e-mail"),
    AgentRow(4, "Dee", "dee@contoso.example", AgentOutcome.CREATE),
]


@pytest.fixture
def page(qtbot: QtBot, services: Services) -> Iterator[AgentsPage]:
    widget = AgentsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1024, 640)
    widget.show_survey(AgentSurvey(rows=list(ROWS)))
    yield widget


def shown_names(page: AgentsPage) -> set[str]:
    proxy = page.proxy
    return {proxy.data(proxy.index(row, AGENT)) for row in range(proxy.rowCount())}


def test_each_filter_value_shows_only_its_agents(page: AgentsPage) -> None:
    seen = {}
    for index in range(page.outcome.count()):
        page.outcome.setCurrentIndex(index)  # raised AttributeError for all but "All agents"
        seen[page.outcome.itemText(index)] = shown_names(page)
    assert seen["All agents"] == {row.name for row in ROWS}
    assert seen["will be created"] == {"Adele Vance", "Dee"}
    assert seen["already there"] == {"Bo"}
    assert seen["skipped"] == {"Christopher Montgomery-Whitfield"}


def test_columns_keep_their_width_when_a_search_narrows_the_list(page: AgentsPage) -> None:
    widths = [page.table.columnWidth(c) for c in (AGENT, EMAIL, OUTCOME)]
    name_width = page.table.fontMetrics().horizontalAdvance("Christopher Montgomery-Whitfield")
    assert widths[0] > name_width
    page.search.setText("bo")
    assert shown_names(page) == {"Bo"}
    page.show_survey(AgentSurvey(rows=list(ROWS)))  # "Check again" with the search still typed
    assert [page.table.columnWidth(c) for c in (AGENT, EMAIL, OUTCOME)] == widths

    page.show_survey(AgentSurvey(rows=[ROWS[1]]))  # only a short name: still a sensible width
    assert page.table.columnWidth(AGENT) >= 180
    assert page.table.columnWidth(EMAIL) >= 240


def test_tab_leaves_the_table_and_arrows_move_within(qtbot: QtBot, page: AgentsPage) -> None:
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    table = page.table
    table.setFocus()
    table.setCurrentIndex(page.proxy.index(0, AGENT))
    qtbot.waitUntil(table.hasFocus)
    QTest.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1
    QTest.keyClick(table, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and focused is not table
    assert table.currentIndex().column() == AGENT  # Tab did not walk to the next cell
