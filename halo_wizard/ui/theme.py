"""Light and dark palettes on Fusion, following the system or forced by HALO_WIZARD_THEME."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from halo_wizard.ui.widgets import icons, metrics

log = logging.getLogger(__name__)

THEME_ENV = "HALO_WIZARD_THEME"
"""light or dark: force that theme (screenshots, tests); anything else follows the system."""

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

_LIGHT = {
    Role.Window: "#f3f3f3",
    Role.WindowText: "#1f1f1f",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#ebedf0",
    Role.ToolTipBase: "#ffffdc",
    Role.ToolTipText: "#1f1f1f",
    Role.PlaceholderText: "#6b6b6b",
    Role.Text: "#1f1f1f",
    Role.Button: "#f0f0f0",
    Role.ButtonText: "#1f1f1f",
    Role.BrightText: "#ffffff",
    Role.Light: "#ffffff",
    Role.Midlight: "#e3e3e3",
    Role.Mid: "#b8b8b8",
    Role.Dark: "#9a9a9a",
    Role.Shadow: "#6e6e6e",
    Role.Highlight: "#1565c0",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#0b57d0",
    Role.LinkVisited: "#6a1b9a",
}
_DARK = {
    Role.Window: "#26282b",
    Role.WindowText: "#e8eaed",
    Role.Base: "#1d1f21",
    Role.AlternateBase: "#2f3236",
    Role.ToolTipBase: "#3c4043",
    Role.ToolTipText: "#e8eaed",
    Role.PlaceholderText: "#9aa0a6",
    Role.Text: "#e8eaed",
    Role.Button: "#34373b",
    Role.ButtonText: "#e8eaed",
    Role.BrightText: "#ffffff",
    Role.Light: "#4a4d52",
    Role.Midlight: "#3c3f43",
    Role.Mid: "#55585d",
    Role.Dark: "#18191b",
    Role.Shadow: "#000000",
    Role.Highlight: "#3d7bd9",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#8ab4f8",
    Role.LinkVisited: "#c58af9",
}
_DISABLED_TEXT = {False: "#9a9a9a", True: "#6f7378"}


def palette(dark: bool) -> QPalette:
    """The explicit palette of one theme (every role set, disabled text dimmed)."""
    result = QPalette()
    for role, color in (_DARK if dark else _LIGHT).items():
        result.setColor(role, QColor(color))
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText):
        result.setColor(Group.Disabled, role, QColor(_DISABLED_TEXT[dark]))
    return result


def forced_theme() -> str | None:
    value = os.environ.get(THEME_ENV, "").strip().lower()
    return value if value in ("light", "dark") else None


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(app: QApplication) -> bool:
    """True when the dark palette is in use."""
    return bool(app.property("halo_wizard_dark"))


def apply_theme(app: QApplication, dark: bool | None = None) -> bool:
    """Fusion with the light or dark palette (forced, given, or the system's); returns dark."""
    forced = forced_theme()
    if forced is not None:
        dark = forced == "dark"
    elif dark is None:
        dark = system_is_dark()
    app.setStyle("Fusion")
    app.setPalette(palette(dark))
    app.setProperty("halo_wizard_dark", dark)
    metrics.use_dark_colors(dark)
    icons.icon.cache_clear()
    log.debug("theme: %s", "dark" if dark else "light")
    return dark


def follow_system(app: QApplication) -> None:
    """Switch palettes when the system's colour scheme changes (unless one is forced)."""

    def on_color_scheme_changed(scheme: Qt.ColorScheme) -> None:
        if forced_theme() is None:
            apply_theme(app, scheme == Qt.ColorScheme.Dark)

    QGuiApplication.styleHints().colorSchemeChanged.connect(on_color_scheme_changed)
