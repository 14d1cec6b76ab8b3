"""Undo commands of the mappings page: one per mapping change, per accept-all, per auto-map."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from halo_wizard.ui.mapping.workspace import EditAction, MappingEdit

Apply = Callable[[MappingEdit, bool], None]
"""Does (True) or undoes (False) an edit and shows the result."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("MappingCommand", text)


def describe(edit: MappingEdit) -> str:
    """The edit in words, for the Undo and Redo buttons' tooltips."""
    details = edit.details
    count = int(details.get("count", 0))
    action = edit.action
    if action is EditAction.CHOOSE:
        target = details.get("target") or _tr("not mapped")
        return _tr("Map {source} to {target}").format(source=details.get("source"), target=target)
    if action is EditAction.CLEAR:
        return _tr("Clear {count} mapping(s)").format(count=count)
    if action is EditAction.CLEAR_ALL:
        return _tr("Clear all mappings of this table")
    if action is EditAction.ACCEPT:
        return _tr("Accept {count} suggestion(s)").format(count=count)
    if action is EditAction.ACCEPT_ALL:
        return _tr("Accept all {count} suggestion(s)").format(count=count)
    if action is EditAction.AUTO_MAP:
        if edit.kind is None:
            return _tr("Auto-map all tables")
        return _tr("Auto-map this table")
    if action is EditAction.DEFAULT:
        return _tr("Default: {target}").format(target=details.get("target") or _tr("none"))
    return _tr("Send attachments") if details.get("on") else _tr("Do not send attachments")


class MappingCommand(QUndoCommand):
    """A MappingEdit on the undo stack; pushing it does it."""

    def __init__(self, edit: MappingEdit, apply: Apply) -> None:
        super().__init__(describe(edit))
        self.edit = edit
        self._apply = apply

    def redo(self) -> None:
        self._apply(self.edit, True)

    def undo(self) -> None:
        self._apply(self.edit, False)


ApplyMany = Callable[[list[MappingEdit], bool, bool], None]
"""Does (True) or undoes (False) several edits, then shows the result once; the last argument
says the edits are done already (only what is around the tables is left to show)."""


class MappingsCommand(QUndoCommand):
    """Several MappingEdits (each table of an auto-map of every table) as one undo step, shown
    once when done or undone rather than after each edit."""

    def __init__(self, edits: list[MappingEdit], apply: ApplyMany, text: str) -> None:
        super().__init__(text)
        self.edits = edits
        self._apply = apply
        self.applied = False
        """True when the edits were done before the push (its first redo only shows them)."""

    def redo(self) -> None:
        applied, self.applied = self.applied, False
        self._apply(self.edits, True, applied)

    def undo(self) -> None:
        self._apply(self.edits, False, False)
