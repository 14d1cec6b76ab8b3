"""The overview's table view: sorted by what needs doing first, one row selected at a time, and
as many columns as the window has room for (the narrower, the fewer; tooltips say the rest)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from halo_wizard.ui.compat import override
from halo_wizard.ui.pages.overview_model import LEVELS, Column
from halo_wizard.ui.widgets import icons

log = logging.getLogger(__name__)

COMFORTABLE = 440
"""The width the name and Next columns get at least before a column is left out."""
NAME_WIDTH_MAX = 360
NAME_WIDTH_MIN = 130
NEXT_WIDTH_MIN = 150
STATE_WIDTH_MIN = 64


def _cap(widths: list[int], room: int) -> int:
    """The largest width such that the widths, none wider than it, fit in `room`."""
    if sum(widths) <= room:
        return max(widths, default=0)
    cap = max(widths, default=0)
    while cap > STATE_WIDTH_MIN and sum(min(w, cap) for w in widths) > room:
        cap -= 4
    return cap


class OverviewTable(QTableView):
    """The connections, one row each; `fit_columns` after the rows change."""

    def __init__(self, proxy: QSortFilterProxyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitted: dict[Column, int] = {}
        self.setModel(proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(Column.NEXT, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setIconSize(icons.icon(icons.Mark.DONE).availableSizes()[0])
        self.setAccessibleName(self.tr("Connections"))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.viewport().installEventFilter(self)

    def fit_columns(self) -> None:
        """Measure every column's contents again (the rows changed), then fit them."""
        self._fitted = {}
        self.fit_to_width()

    def fit_to_width(self) -> None:
        """The most columns that fit the window: all of them when wide; without the kind, the
        instances and the time of the check (their tooltips and the details line say them);
        then both ways of authentication in one column. The name and Next share the rest."""
        room = self.viewport().width()
        if not self._fitted:
            header = self.horizontalHeader()
            for column in Column:  # a hidden section has no size hint
                self.setColumnHidden(column, False)
            self._fitted = {
                column: max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
                for column in Column
            }
        fitted = self._fitted
        shown: list[Column] = []
        for level in LEVELS:
            shown = [c for c in Column if c in level]
            states = sum(fitted[c] for c in shown if c not in (Column.CONNECTION, Column.NEXT))
            if states + COMFORTABLE <= room:
                break
        for column in Column:
            self.setColumnHidden(column, column not in shown)
        states_shown = [c for c in shown if c not in (Column.CONNECTION, Column.NEXT)]
        cap = _cap([fitted[c] for c in states_shown], room - NAME_WIDTH_MIN - NEXT_WIDTH_MIN)
        for column in states_shown:  # the widest cut first (their tooltips say them whole)
            self.setColumnWidth(column, max(STATE_WIDTH_MIN, min(fitted[column], cap)))
        spare = max(0, room - sum(self.columnWidth(c) for c in states_shown))
        name = min(fitted[Column.CONNECTION], NAME_WIDTH_MAX, max(NAME_WIDTH_MIN, spare * 9 // 20))
        self.setColumnWidth(Column.CONNECTION, name)
        self.setColumnWidth(Column.NEXT, max(NEXT_WIDTH_MIN, spare - name))

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_to_width()
        return super().eventFilter(watched, event)
