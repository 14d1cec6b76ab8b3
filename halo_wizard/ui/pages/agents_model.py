"""The table of the customer side's agents and what becomes of each (model and filter)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from halo_wizard.steps.agents import AgentOutcome, AgentRow
from halo_wizard.ui.compat import override
from halo_wizard.ui.widgets import icons

Index = QModelIndex | QPersistentModelIndex

AGENT, EMAIL, OUTCOME, REASON = range(4)
OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 1
_MARKS = {
    AgentOutcome.CREATE: icons.Mark.CURRENT,
    AgentOutcome.EXISTS: icons.Mark.DONE,
    AgentOutcome.SKIPPED: icons.Mark.PENDING,
}


class AgentTableModel(QAbstractTableModel):
    """One row per agent: name, e-mail, outcome (create / already there / skipped), reason."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AgentRow] = []
        self._headers = [self.tr("Agent"), self.tr("E-mail"), self.tr("Outcome"), self.tr("Reason")]
        self._outcomes = {
            AgentOutcome.CREATE: self.tr("will be created"),
            AgentOutcome.EXISTS: self.tr("already there"),
            AgentOutcome.SKIPPED: self.tr("skipped"),
        }

    def set_rows(self, rows: list[AgentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> AgentRow:
        return self._rows[row]

    def outcome_text(self, outcome: AgentOutcome) -> str:
        return self._outcomes[outcome]

    def column_texts(self, column: int) -> list[str]:
        """Every text of a column, header first, whatever a filter shows (for its width)."""
        return [self._headers[column]] + [
            str(self.data(self.index(row, column)) or "") for row in range(len(self._rows))
        ]

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == AGENT:
                return row.name
            if column == EMAIL:
                return row.email
            if column == OUTCOME:
                return self._outcomes[row.outcome]
            return row.reason
        if role == Qt.ItemDataRole.DecorationRole and column == OUTCOME:
            return icons.icon(_MARKS[row.outcome])
        if role == OUTCOME_ROLE:
            return row.outcome.value
        return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


class AgentFilter(QSortFilterProxyModel):
    """Rows whose name or e-mail contains the search text, of one outcome or of all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._outcome: str | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_text", text.strip().casefold()))

    def set_outcome(self, outcome: AgentOutcome | str | None) -> None:
        """Only rows of `outcome` (None: all). A combo box's item data comes back as the plain
        string of the enum, so both are accepted."""
        value = AgentOutcome(outcome).value if outcome is not None else None
        self._change_filter(lambda: setattr(self, "_outcome", value))

    def _change_filter(self, change: Callable[[], None]) -> None:
        """Change what the filter lets through, the way the installed Qt wants it announced."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    @override
    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if self._outcome is not None:
            index = model.index(source_row, OUTCOME, source_parent)
            if model.data(index, OUTCOME_ROLE) != self._outcome:
                return False
        if not self._text:
            return True
        for column in (AGENT, EMAIL):
            value = model.data(model.index(source_row, column, source_parent))
            if self._text in str(value or "").casefold():
                return True
        return False
