"""The menu bar, Back/Next shortcuts, window icon and remembered window size of the main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QWidget

from halo_wizard import __version__, paths
from halo_wizard.journey import LINKED_STEP_TITLES, STEP_TITLES, ConnectionKind
from halo_wizard.ui.help_texts import help_text
from halo_wizard.ui.widgets import layouts, metrics

if TYPE_CHECKING:
    from halo_wizard.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ICON_FILE = "halo_wizard-256.png"


def icons_dir() -> Path:
    """resources/icons beside the package (the source tree, or the frozen bundle's folder)."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "icons"


def app_icon() -> QIcon:
    """The application's icon (empty when the icon files are not installed)."""
    path = icons_dir() / ICON_FILE
    return QIcon(str(path)) if path.is_file() else QIcon()


def window_settings() -> QSettings:
    """The window's own settings file in the config folder (size, position)."""
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


class InfoDialog(QDialog):
    """A small non-modal text window: help on a step, or about the application."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(460, 320)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        self.setLayout(layouts.vbox(self.text, buttons, margin=metrics.MARGIN))

    def set_content(self, title: str, html: str) -> None:
        self.setWindowTitle(title)
        self.text.setHtml(html)


class Menus(QObject):
    """File and Help menus, keyboard shortcuts and window state, attached to the main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        """How a folder is opened (tests put a recorder here)."""
        self.help_dialog: InfoDialog | None = None
        self.about_dialog: InfoDialog | None = None
        self.plans_note = ""
        """Said after the plans folder in About (e.g. that a demo's folder is temporary)."""
        window.setWindowIcon(app_icon())
        bar = window.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = file_menu.addAction(self.tr("&New plan"))
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.log_action = file_menu.addAction(self.tr("Open &log folder"))
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("&Quit"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.help_action = help_menu.addAction(self.tr("&Help on this step"))
        self.help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.about_action = help_menu.addAction(self.tr("&About halo_wizard"))
        self.new_action.triggered.connect(self.on_new_action_triggered)
        self.log_action.triggered.connect(self.on_log_action_triggered)
        self.quit_action.triggered.connect(window.close)
        self.help_action.triggered.connect(self.on_help_action_triggered)
        self.about_action.triggered.connect(self.on_about_action_triggered)

        window.back_button.setToolTip(self.tr("Go back to the previous step (Alt+Left)"))
        window.next_button.setToolTip(
            self.tr("Go on to the next step once this one is complete (Alt+Right)")
        )
        window.sidebar.plans_button.setToolTip(self.tr("Back to the list of saved plans"))
        self.shortcuts: list[QShortcut] = []
        for keys, button in (
            ("Alt+Left", window.back_button),
            ("Ctrl+PgUp", window.back_button),
            ("Alt+Right", window.next_button),
            ("Ctrl+PgDown", window.next_button),
        ):
            shortcut = QShortcut(QKeySequence(keys), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda b=button: self.press(b))
            self.shortcuts.append(shortcut)
        self.restore_window_state()

    def press(self, button: QWidget) -> None:
        """A shortcut presses a button only when it is shown and enabled."""
        if button.isVisibleTo(self.window) and button.isEnabled():
            button.click()  # type: ignore[attr-defined]

    # ---- window state ----

    def restore_window_state(self) -> None:
        settings = window_settings()
        geometry = settings.value("window/geometry")
        if geometry is not None and not self.window.restoreGeometry(geometry):
            log.info("saved window geometry not usable; using the default size")

    def save_window_state(self) -> None:
        settings = window_settings()
        settings.setValue("window/geometry", self.window.saveGeometry())
        settings.sync()

    # ---- slots ----

    def on_new_action_triggered(self) -> None:
        self.window.on_connections_newRequested()

    def on_log_action_triggered(self) -> None:
        folder = paths.log_dir()
        if not self.open_url(QUrl.fromLocalFile(str(folder))):
            self.window.show_message(self.tr("Could not open {path}").format(path=folder))

    def linked(self) -> bool:
        plan = self.window.plan
        return plan is not None and plan.kind is ConnectionKind.CONNECTED_INSTANCES

    def help_title(self) -> str:
        step = self.window.current_step()
        titles = LINKED_STEP_TITLES if self.linked() else STEP_TITLES
        name = (
            self.tr(titles.get(step, STEP_TITLES[step])) if step is not None else self.tr("Plans")
        )
        return self.tr("Help: {step}").format(step=name)

    def on_help_action_triggered(self) -> None:
        text = help_text(self.window.current_step(), self.linked())
        if self.help_dialog is None:
            self.help_dialog = InfoDialog(self.help_title(), text, self.window)
        else:
            self.help_dialog.set_content(self.help_title(), text)
        self.help_dialog.show()
        self.help_dialog.raise_()

    def about_html(self) -> str:
        rows = [
            (self.tr("Version"), __version__),
            (self.tr("Qt / PySide6"), f"{qVersion()} / {pyside_version}"),
            (self.tr("Plans"), self.plans_folder()),
            (self.tr("Settings"), str(paths.config_dir())),
            (self.tr("Logs"), str(paths.log_dir())),
            (self.tr("Cache"), str(paths.cache_dir())),
        ]
        table = "".join(f"<tr><td><b>{k}</b>&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        intro = self.tr("Connects two Halo instances for ticket sync, step by step.")
        return f"<h3>halo_wizard</h3><p>{intro}</p><table>{table}</table>"

    def plans_folder(self) -> str:
        """The folder the window's plans are actually kept in (a demo's is temporary)."""
        import html  # only when the About box opens: not on every start

        folder = html.escape(str(self.window.services.plans.directory))
        note = f" ({html.escape(self.plans_note)})" if self.plans_note else ""
        return folder + note

    def on_about_action_triggered(self) -> None:
        if self.about_dialog is None:
            self.about_dialog = InfoDialog(
                self.tr("About halo_wizard"), self.about_html(), self.window
            )
        else:
            self.about_dialog.set_content(self.tr("About halo_wizard"), self.about_html())
        self.about_dialog.show()
        self.about_dialog.raise_()
