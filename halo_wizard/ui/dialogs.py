"""The file dialogs and the "open this file" call, behind one object that tests replace."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def documents_folder() -> Path:
    """The user's Documents folder (the home folder when the system names none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def safe_file_name(text: str) -> str:
    """`text` without the characters file systems refuse (e.g. "/" or ":")."""
    return " ".join(_UNSAFE.sub("-", text).split()).strip(" .") or "halo_wizard"


class FileDialogs:
    """Asks where to save or what to open, and opens files with the system's viewer."""

    def save_file(self, parent: QWidget, title: str, suggested: Path, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return Path(chosen) if chosen else None

    def open_file(self, parent: QWidget, title: str, folder: Path, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, str(folder), filters)
        return Path(chosen) if chosen else None

    def ask(self, parent: QWidget, title: str, question: str) -> bool:
        answer = QMessageBox.question(parent, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def open_path(self, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
