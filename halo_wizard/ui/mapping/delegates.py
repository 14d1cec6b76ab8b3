"""How the mapping table's cells are drawn and edited: searchable choice, badges, Accept."""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from halo_wizard.plan.model import MappingOrigin
from halo_wizard.ui.compat import override
from halo_wizard.ui.mapping.model import (
    BADGES_ROLE,
    ORIGIN_ROLE,
    SUGGESTED_ROLE,
    Badge,
    MappingTableModel,
    Tone,
)
from halo_wizard.ui.mapping.widgets import UNCHANGED, SearchableCombo
from halo_wizard.ui.widgets import metrics

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

TONES: dict[Tone, tuple[str, str]] = {  # background, text
    Tone.INFO: ("#e3f2fd", "#0d47a1"),
    Tone.MUTED: ("#eceff1", "#455a64"),
    Tone.SENDS: ("#fff3e0", "#b34700"),
    Tone.BAD: (metrics.MISSING_COLOR, "#ffffff"),
}
ON_INSTANCE = ("#ede7f6", "#4527a0")
PILL_PADDING = 6
PILL_GAP = 4


def _plain_background(
    painter: QPainter, option: QStyleOptionViewItem, index: Index, delegate: QStyledItemDelegate
) -> QStyleOptionViewItem:
    """Draw the cell's background and selection without its text; returns the option used."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    opt.icon = QIcon()
    style = opt.widget.style() if opt.widget is not None else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
    return opt


def paint_pill(
    painter: QPainter, left: int, rect: QRect, text: str, background: str, color: str
) -> int:
    """A rounded label at `left`, centred in `rect`'s height; returns its width."""
    metrics_ = QFontMetrics(painter.font())
    width = metrics_.horizontalAdvance(text) + 2 * PILL_PADDING
    height = min(rect.height() - 4, metrics_.height() + 4)
    box = QRect(left, rect.top() + (rect.height() - height) // 2, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(background))
    painter.drawRoundedRect(box, height / 2, height / 2)
    painter.setPen(QColor(color))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    return width


def pill_width(option: QStyleOptionViewItem, text: str) -> int:
    return QFontMetrics(option.font).horizontalAdvance(text) + 2 * PILL_PADDING


class TargetDelegate(QStyledItemDelegate):
    """The chosen value of this instance, edited in a combo box that searches as you type."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.typed = (
            ""  # a key typed on the table that opened the editor: the search starts with it
        )

    @override
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        assert isinstance(model, MappingTableModel)
        options: list[tuple[str, int | None]] = [(self.tr("— not mapped —"), None)]
        options += model.target_option_labels(index.row())
        editor = SearchableCombo(parent)
        editor.setFrame(False)
        editor.set_options(options, index.data(Qt.ItemDataRole.EditRole))
        editor.committed.connect(lambda: self._commit(editor))
        editor.setProperty("closing", False)
        return editor

    @override
    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if not isinstance(editor, SearchableCombo):
            return
        editor.set_value(index.data(Qt.ItemDataRole.EditRole))
        if self.typed:
            text, self.typed = self.typed, ""
            editor.setEditText(text)
            completer = editor.completer()
            if completer is not None:
                completer.setCompletionPrefix(text)
                completer.complete()
        elif (line := editor.lineEdit()) is not None:
            line.selectAll()

    @override
    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if not isinstance(editor, SearchableCombo):
            return
        value = editor.best_value()
        if value is UNCHANGED:
            return
        current = index.data(Qt.ItemDataRole.EditRole)
        suggested = bool(index.data(SUGGESTED_ROLE))
        if value == current and not suggested and index.data(ORIGIN_ROLE) is not None:
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    @override
    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        editor.setGeometry(option.rect)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, SearchableCombo)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._commit(watched)
            return True
        return super().eventFilter(watched, event)

    def _commit(self, editor: SearchableCombo) -> None:
        if editor.property("closing"):
            return
        editor.setProperty("closing", True)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        state = option.state
        if state & (QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_HasFocus):
            arrow = QStyleOptionViewItem(option)
            size = 9
            arrow.rect = QRect(
                option.rect.right() - size - 6,
                option.rect.center().y() - size // 2,
                size,
                size,
            )
            style = option.widget.style() if option.widget is not None else QApplication.style()
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_IndicatorArrowDown, arrow, painter, option.widget
            )


class BadgeDelegate(QStyledItemDelegate):
    """An action's settings as small coloured labels (E-mail, Hidden, Sends to …)."""

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        badges: list[Badge] = index.data(BADGES_ROLE) or []
        if not badges:
            super().paint(painter, option, index)
            return
        opt = _plain_background(painter, option, index, self)
        painter.save()
        painter.setFont(opt.font)
        left = opt.rect.left() + PILL_GAP
        for badge in badges:
            background, color = TONES[badge.tone]
            left += paint_pill(painter, left, opt.rect, badge.text, background, color) + PILL_GAP
        painter.restore()

    @override
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        badges: list[Badge] = index.data(BADGES_ROLE) or []
        width = sum(pill_width(option, b.text) + PILL_GAP for b in badges) + PILL_GAP
        return QSize(max(hint.width(), width), hint.height())


class MatchDelegate(QStyledItemDelegate):
    """How a row came to be; an 'On instance' marker; an Accept button on a suggestion."""

    acceptClicked = Signal(QModelIndex)

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        origin = index.data(ORIGIN_ROLE)
        suggested = bool(index.data(SUGGESTED_ROLE))
        if origin == MappingOrigin.EXISTING and not suggested:
            opt = _plain_background(painter, option, index, self)
            painter.save()
            painter.setFont(opt.font)
            paint_pill(
                painter, opt.rect.left() + PILL_GAP, opt.rect, str(index.data()), *ON_INSTANCE
            )
            painter.restore()
            return
        if not suggested:
            super().paint(painter, option, index)
            return
        opt = _plain_background(painter, option, index, self)
        button = self.button_rect(opt)
        text_rect = QRect(opt.rect)
        text_rect.setRight(button.left() - PILL_GAP)
        text_rect.adjust(PILL_GAP, 0, 0, 0)
        painter.save()
        painter.setFont(opt.font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        text = QFontMetrics(opt.font).elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, max(0, text_rect.width())
        )
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
        )
        painter.restore()
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        push = QStyleOptionButton()
        push.rect = button
        push.text = self.tr("Accept")
        push.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        push.palette = opt.palette
        push.fontMetrics = QFontMetrics(opt.font)
        style.drawControl(QStyle.ControlElement.CE_PushButton, push, painter, opt.widget)

    def button_rect(self, option: QStyleOptionViewItem) -> QRect:
        width = QFontMetrics(option.font).horizontalAdvance(self.tr("Accept")) + 18
        height = min(option.rect.height() - 2, QFontMetrics(option.font).height() + 6)
        return QRect(
            option.rect.right() - width - 3,
            option.rect.top() + (option.rect.height() - height) // 2,
            width,
            height,
        )

    @override
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        extra = QFontMetrics(option.font).horizontalAdvance(self.tr("Accept")) + 30
        return QSize(hint.width() + extra, hint.height())

    def hits_button(self, option: QStyleOptionViewItem, index: Index, pos: QPoint) -> bool:
        """True when `pos` (viewport coordinates) is on the Accept button of a suggestion."""
        return bool(index.data(SUGGESTED_ROLE)) and self.button_rect(option).contains(pos)
