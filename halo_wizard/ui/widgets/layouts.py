"""Tiny layout helpers so pages read as a list of what they show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from halo_wizard.ui.widgets import metrics

Item = QWidget | QLayout | int | None
"""A widget, a nested layout, a fixed spacing (int > 0) or a stretch (None)."""


def _fill(layout: QBoxLayout, items: tuple[Item, ...], margin: int, spacing: int) -> QBoxLayout:
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.setSpacing(spacing)
    for item in items:
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, int):
            layout.addSpacing(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


def hbox(*items: Item, margin: int = 0, spacing: int = metrics.SPACING) -> QHBoxLayout:
    layout = QHBoxLayout()
    _fill(layout, items, margin, spacing)
    return layout


def vbox(*items: Item, margin: int = 0, spacing: int = metrics.SPACING) -> QVBoxLayout:
    layout = QVBoxLayout()
    _fill(layout, items, margin, spacing)
    return layout


def wrapped_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that wraps and whose text can be selected (and so copied) with the mouse."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def heading(text: str, parent: QWidget | None = None, *, delta: int = 2) -> QLabel:
    """A bold label `delta` points larger than the body text."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() + delta)
    label.setFont(font)
    return label


def colored(label: QLabel, color: str) -> QLabel:
    label.setStyleSheet(f"color: {color};")
    return label


def row(*items: Item, stretch: int | None = 0) -> QWidget:
    """A plain widget holding `items` in a row; item number `stretch` takes the spare width."""
    widget = QWidget()
    layout = hbox(*items)
    widget.setLayout(layout)
    if stretch is not None:
        layout.setStretch(stretch, 1)
    return widget
