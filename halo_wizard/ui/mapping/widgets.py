"""Small widgets of the mappings page: a combo box to search in, and a two-way segmented switch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from halo_wizard.ui.compat import override
from halo_wizard.ui.widgets import metrics


class _Unchanged:
    """What SearchableCombo.value() returns when the typed text names no choice."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


class SearchableCombo(QComboBox):
    """An editable combo: type any part of a name and pick from the matching ones.

    Holds (label, value) items; `value()` is the chosen value, or UNCHANGED when the text typed
    names none of them. `committed` is emitted when a choice is picked from a list.
    """

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(16)
        self.setCompleter(completer)
        completer.activated.connect(self.on_completer_activated)
        self.activated.connect(self.on_self_activated)
        self._labels: list[str] = []
        self._values: list[Any] = []

    def set_options(self, options: Sequence[tuple[str, Any]], value: Any = None) -> None:
        labels = [label for label, _ in options]
        values = [data for _, data in options]
        if labels != self._labels or values != self._values or self.count() != len(labels):
            # The labels go in with one call, the values stay here: thousands of items one by
            # one would keep the window still for a moment.
            self.blockSignals(True)
            self.clear()
            self.addItems(labels)
            self._labels, self._values = labels, values
            self.blockSignals(False)
        self.set_value(value)

    def itemData(self, index: int, role: int = Qt.ItemDataRole.UserRole) -> Any:
        if role == Qt.ItemDataRole.UserRole and self._holds_values() and 0 <= index < self.count():
            return self._values[index]
        return super().itemData(index, role)

    def findData(
        self,
        data: Any,
        role: int = Qt.ItemDataRole.UserRole,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive,
    ) -> int:
        if role == Qt.ItemDataRole.UserRole and self._holds_values():
            try:
                return self._values.index(data)
            except ValueError:
                return -1
        return super().findData(data, role, flags)

    def _holds_values(self) -> bool:
        """True while the items are the ones set_options put in (their values are kept here)."""
        return len(self._values) == self.count() > 0

    def set_value(self, value: Any) -> None:
        index = self.findData(value) if value is not None else self._none_index()
        self.blockSignals(True)
        self.setCurrentIndex(max(index, 0) if self.count() else -1)
        self.blockSignals(False)

    def value(self) -> Any:
        """The chosen value: the current item if its label is shown, else the item whose label
        equals the text (any case), else UNCHANGED."""
        text = self.currentText().strip()
        index = self.currentIndex()
        if index >= 0 and self.itemText(index) == text:
            return self.itemData(index)
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.itemData(index)
        return UNCHANGED

    def best_value(self) -> Any:
        """value(), or else the best item for the typed text: the one highlighted in the list,
        else the first whose label starts with it, else the first that contains it."""
        value = self.value()
        if value is not UNCHANGED:
            return value
        text = self.currentText().strip().casefold()
        if not text:
            return UNCHANGED
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            current = popup.currentIndex()
            if current.isValid():
                index = self.findText(str(current.data()), Qt.MatchFlag.MatchExactly)
                if index >= 0:
                    return self.itemData(index)
        labels = [self.itemText(i).casefold() for i in range(self.count())]
        starts = [i for i, label in enumerate(labels) if label.startswith(text)]
        contains = [i for i, label in enumerate(labels) if text in label]
        found = starts or contains
        return self.itemData(found[0]) if found else UNCHANGED

    def revert(self) -> None:
        """Show the current item's label again (after text that names nothing)."""
        index = self.currentIndex()
        if index >= 0:
            self.setEditText(self.itemText(index))

    def _none_index(self) -> int:
        if self._holds_values():
            return max(self.findData(None), 0)
        for i in range(self.count()):
            if self.itemData(i) is None:
                return i
        return 0

    def on_completer_activated(self, text: str) -> None:
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            self.setCurrentIndex(index)
        self.committed.emit()

    def on_self_activated(self, _index: int) -> None:
        self.committed.emit()

    @override
    def focusOutEvent(self, event: QFocusEvent) -> None:
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if (popup is None or not popup.isVisible()) and self.value() is UNCHANGED:
            self.revert()
        super().focusOutEvent(event)


class SegmentedSwitch(QWidget):
    """Two or more buttons side by side, exactly one pressed: a choice visible at a glance."""

    changed = Signal(int)

    def __init__(self, labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.buttons: list[QPushButton] = []
        last = len(labels) - 1
        for i, label in enumerate(labels):
            button = QPushButton(label, self)
            button.setCheckable(True)
            button.setObjectName("segment")
            left = "4px" if i == 0 else "0"
            right = "4px" if i == last else "0"
            button.setStyleSheet(
                "QPushButton#segment {"
                f" border: 1px solid #9aa0a6; padding: 5px {metrics.SECTION_SPACING}px;"
                f" border-top-left-radius: {left}; border-bottom-left-radius: {left};"
                f" border-top-right-radius: {right}; border-bottom-right-radius: {right};"
                f" {'border-left: none;' if i else ''} background: palette(button); }}"
                "QPushButton#segment:checked {"
                f" background: {metrics.CURRENT_COLOR}; color: {metrics.ON_CURRENT_TEXT};"
                f" border-color: {metrics.CURRENT_COLOR}; }}"
                "QPushButton#segment:focus { text-decoration: underline; }"
            )
            self.group.addButton(button, i)
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)
        if self.buttons:
            self.buttons[0].setChecked(True)
        self.group.idToggled.connect(self.on_group_idToggled)

    def set_labels(self, labels: Sequence[str]) -> None:
        for button, label in zip(self.buttons, labels, strict=False):
            button.setText(label)

    def set_tooltips(self, tips: Sequence[str]) -> None:
        for button, tip in zip(self.buttons, tips, strict=False):
            button.setToolTip(tip)

    def current(self) -> int:
        return self.group.checkedId()

    def set_current(self, index: int) -> None:
        button: QAbstractButton | None = self.group.button(index)
        if button is not None and not button.isChecked():
            button.setChecked(True)

    def on_group_idToggled(self, index: int, checked: bool) -> None:
        if checked:
            self.changed.emit(index)
