"""The direction in words above the table: 'When Contoso sets a ticket to Resolved, ...'."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from halo_wizard.plan.model import DEFAULT_ATTRIBUTE, MappingKind, MappingRow, Plan
from halo_wizard.steps.mappings import Direction
from halo_wizard.ui.compat import override
from halo_wizard.ui.mapping.workspace import MappingWorkspace
from halo_wizard.ui.widgets import metrics


def _bold(text: str) -> str:
    return f"<b>{html.escape(text)}</b>"


LINES = 2
"""The sentence always takes this many lines: selecting a row never moves the table below."""
PADDING = 6


class SentenceLabel(QLabel):
    """One sentence: what the receiving instance does when the sender uses the current row's
    value (or, with no row selected, how to read the table).

    Its height is fixed (LINES lines) so that nothing below moves when the text changes; a text
    too long for the width drops its last part (the full text is the tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sentence")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(
            "#sentence { background: palette(alternate-base); border-left: 3px solid "
            f"{metrics.CURRENT_COLOR}; padding: {PADDING}px 10px; }}"
        )
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * LINES + 2 * PADDING + 4)
        self._texts: tuple[str, str] = ("", "")

    def show_text(self, text: str, shorter: str = "") -> None:
        """Show `text`, or `shorter` when `text` needs more than the label's lines."""
        self._texts = (text, shorter or text)
        self._fit()

    def _fit(self) -> None:
        text, shorter = self._texts
        room = self.height() - 2 * PADDING
        width = max(1, self.width() - 24)
        document = QTextDocument()
        document.setDefaultFont(self.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        document.setTextWidth(width)
        fits = document.size().height() <= room
        self.setText(text if fits else shorter)
        self.setToolTip("" if fits else text)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def show_general(self, plan: Plan | None, direction: Direction) -> None:
        if plan is None:
            self.show_text("")
            return
        self.show_text(
            self.tr(
                "Each row: when {sender} uses the value on the left, {receiver} uses the value "
                "on the right. Select a row to read it in words."
            ).format(
                sender=_bold(plan.instance(direction.sender).name),
                receiver=_bold(plan.instance(direction.receiver).name),
            )
        )

    def show_row(
        self,
        workspace: MappingWorkspace,
        direction: Direction,
        kind: MappingKind,
        source: str,
        mapping: MappingRow | None,
        target: str,
        round_trip: str = "",
    ) -> None:
        """`target` is the name of the row's target (or suggestion), '' when it has none;
        `round_trip`, when the status does not come back as itself, says so (it is kept when
        the whole does not fit)."""
        plan = workspace.plan
        words = {
            "sender": _bold(plan.instance(direction.sender).name),
            "receiver": _bold(plan.instance(direction.receiver).name),
            "source": _bold(source),
            "target": _bold(target),
            "default": "",
        }
        attr = DEFAULT_ATTRIBUTE.get(kind)
        if kind in (MappingKind.ACTION, MappingKind.TICKET_TYPE) and attr is not None:
            value = getattr(workspace.mappings(direction), attr)
            if value is not None:
                words["default"] = _bold(workspace.default_name(direction, kind, value))
        mapped = mapping is not None and mapping.mapped
        text = self._mapped(kind) if mapped else self._unmapped(kind, bool(words["default"]))
        text = text.format(**words)
        if mapping is not None and not mapped and mapping.local_id is not None:
            hint = self.tr(
                "Suggested: {target}; accept it with Ctrl+Enter or choose another."
            ).format(target=words["target"])
            self.show_text(f"{text} {hint}", hint)
            return
        if round_trip:
            self.show_text(f"{text} {html.escape(round_trip)}", html.escape(round_trip))
            return
        self.show_text(text)

    def _mapped(self, kind: MappingKind) -> str:
        texts = {
            MappingKind.STATUS: self.tr(
                "When {sender} sets a ticket to {source}, {receiver} sets it to {target}."
            ),
            MappingKind.CATEGORY: self.tr(
                "When {sender} files a ticket under {source}, {receiver} files it under {target}."
            ),
            MappingKind.FIELD: self.tr(
                "When {sender} updates the field {source}, {receiver} updates {target}."
            ),
            MappingKind.ACTION: self.tr(
                "When {sender} adds the action {source}, {receiver} adds {target}."
            ),
            MappingKind.TICKET_TYPE: self.tr(
                "When {sender} sends a {source} ticket, {receiver} logs it as {target}."
            ),
        }
        return texts[kind]

    def _unmapped(self, kind: MappingKind, has_default: bool) -> str:
        if kind is MappingKind.STATUS:
            return self.tr(
                "When {sender} sets a ticket to {source}, {receiver} leaves the status as it is."
            )
        if kind is MappingKind.CATEGORY:
            return self.tr(
                "When {sender} files a ticket under {source}, {receiver} leaves the category "
                "as it is."
            )
        if kind is MappingKind.FIELD:
            return self.tr("When {sender} updates the field {source}, {receiver} updates no field.")
        if kind is MappingKind.ACTION:
            if has_default:
                return self.tr(
                    "When {sender} adds the action {source}, {receiver} adds the default "
                    "action {default}."
                )
            return self.tr(
                "When {sender} adds the action {source}, nothing arrives in {receiver} "
                "(there is no default action)."
            )
        if has_default:
            return self.tr(
                "When {sender} sends a {source} ticket, {receiver} logs it as the default "
                "type {default}."
            )
        return self.tr(
            "When {sender} sends a {source} ticket, {receiver} logs it with no type: map it "
            "or choose a default type."
        )
