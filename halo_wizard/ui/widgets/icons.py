"""State icons drawn in code (no image files): done, current, needs attention, pending, stale
(done, but something it depends on changed since) and skipped."""

from __future__ import annotations

import enum
import math
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from halo_wizard.ui.widgets import metrics


class Mark(enum.Enum):
    """What an icon says."""

    DONE = "done"
    CURRENT = "current"
    ATTENTION = "attention"
    PENDING = "pending"
    UNKNOWN = "unknown"
    STALE = "stale"
    SKIPPED = "skipped"


_COLOR_NAMES = {
    Mark.DONE: "OK_COLOR",
    Mark.CURRENT: "CURRENT_COLOR",
    Mark.ATTENTION: "MISSING_COLOR",
    Mark.PENDING: "PENDING_COLOR",
    Mark.UNKNOWN: "WARNING_COLOR",
    Mark.STALE: "WARNING_COLOR",
    Mark.SKIPPED: "PENDING_COLOR",
}


def _color(mark: Mark) -> QColor:
    """Looked up when drawn: the theme may have changed the colours (see metrics)."""
    return QColor(str(getattr(metrics, _COLOR_NAMES[mark])))


_GREY: frozenset[Mark] = frozenset({Mark.PENDING, Mark.SKIPPED})
"""Marks drawn in the theme's grey, which reads poorly on a selection's highlight."""


def _draw(painter: QPainter, mark: Mark, size: float, selected: bool = False) -> None:
    """`selected`: on a selected row's highlight, where the grey marks are drawn in white and
    the coloured ones get a white rim, so every state still reads on the highlight colour."""
    color = _color(mark)
    box = QRectF(1.5, 1.5, size - 3, size - 3)
    if mark is Mark.PENDING:
        painter.setPen(QPen(QColor("white") if selected else color, 1.6))
        painter.drawEllipse(box)
        return
    if selected and mark in _GREY:
        color = QColor("white")
    painter.setPen(QPen(QColor("white"), 1.2) if selected else Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(box)
    # the sign inside: white on the colour, or the highlight's grey on a white (selected) disc
    sign = _color(mark) if selected and mark in _GREY else QColor("white")
    white = QPen(sign, max(1.6, size / 9), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    white.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(white)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    s = size
    if mark is Mark.DONE:
        path = QPainterPath(QPointF(s * 0.28, s * 0.52))
        path.lineTo(QPointF(s * 0.44, s * 0.68))
        path.lineTo(QPointF(s * 0.73, s * 0.34))
        painter.drawPath(path)
    elif mark is Mark.CURRENT:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawEllipse(QPointF(s / 2, s / 2), s * 0.17, s * 0.17)
    elif mark is Mark.ATTENTION:
        painter.drawLine(QPointF(s / 2, s * 0.26), QPointF(s / 2, s * 0.56))
        painter.drawPoint(QPointF(s / 2, s * 0.74))
    elif mark is Mark.STALE:  # a circular arrow: "run it again"
        r = s * 0.22
        painter.drawArc(QRectF(s / 2 - r, s / 2 - r, 2 * r, 2 * r), 40 * 16, 270 * 16)
        end = math.radians(40 + 270)  # where the arc ends, counterclockwise from 3 o'clock
        point = QPointF(s / 2 + r * math.cos(end), s / 2 - r * math.sin(end))
        tangent = QPointF(-math.sin(end), -math.cos(end))  # counterclockwise, y pointing down
        normal = QPointF(-tangent.y(), tangent.x())
        head = QPainterPath(point + tangent * (s * 0.16))
        head.lineTo(point + normal * (s * 0.12))
        head.lineTo(point - normal * (s * 0.12))
        head.closeSubpath()
        painter.fillPath(head, QColor("white"))
    elif mark is Mark.SKIPPED:  # two chevrons: "went past it"
        for x in (s * 0.3, s * 0.5):
            path = QPainterPath(QPointF(x, s * 0.32))
            path.lineTo(QPointF(x + s * 0.17, s / 2))
            path.lineTo(QPointF(x, s * 0.68))
            painter.drawPath(path)
    else:  # UNKNOWN: a question mark would need a font; a dash reads as "not known"
        painter.drawLine(QPointF(s * 0.32, s / 2), QPointF(s * 0.68, s / 2))


@cache
def icon(mark: Mark, size: int = metrics.ICON_SIZE) -> QIcon:
    """The icon for `mark`, drawn at 1x, 1.5x, 2x and 3x for sharp display at any scale, with a
    variant for a selected row's highlight (QIcon's Selected mode, which views use there)."""
    result = QIcon()
    for mode, selected in ((QIcon.Mode.Normal, False), (QIcon.Mode.Selected, True)):
        for scale in (1, 1.5, 2, 3):
            pixmap = QPixmap(round(size * scale), round(size * scale))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.scale(scale, scale)
            _draw(painter, mark, float(size), selected)
            painter.end()
            pixmap.setDevicePixelRatio(scale)
            result.addPixmap(pixmap, mode)
    return result
