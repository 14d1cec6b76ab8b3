"""Step 10: the worked example run for real with a tagged test ticket, after a preview."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from halo_wizard.plan.model import StepId, StepStatus
from halo_wizard.steps.end_to_end import (
    E2EPreview,
    E2EResult,
    E2ESettings,
    Hop,
    HopStatus,
    in_halo_footer,
    run_end_to_end,
)
from halo_wizard.steps.session import Progress
from halo_wizard.ui.compat import override
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.services import Services
from halo_wizard.ui.widgets import icons, layouts, metrics
from halo_wizard.ui.widgets.status_line import StatusLine
from halo_wizard.ui.wording import counted

log = logging.getLogger(__name__)

SKIP_PREFIX = "Skipped: "
"""How the step's note starts when the admin skipped the test (kept in the plan)."""

Index = QModelIndex | QPersistentModelIndex


class HopModel(QAbstractTableModel):
    """The hops of one run: name, result, time, and for a failure Halo's troubleshooting row."""

    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hops: list[Hop] = []

    def set_hops(self, hops: list[Hop]) -> None:
        self.beginResetModel()
        self.hops = list(hops)
        self.endResetModel()

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.hops)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self.COLUMNS

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("Hop"),
                self.tr("Result"),
                self.tr("Time"),
                self.tr("What happened"),
            )[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == 3:
            return self.tr("For a failed hop: the row of Halo's troubleshooting table")
        return None

    def status_text(self, hop: Hop) -> str:
        return {
            HopStatus.PASSED: self.tr("passed"),
            HopStatus.FAILED: self.tr("failed"),
            HopStatus.SKIPPED: self.tr("not run"),
            HopStatus.NOT_SEEN: self.tr("not seen here"),
        }[hop.status]

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hop = self.hops[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return hop.name
            if column == 1:
                return self.status_text(hop)
            if column == 2:
                return (
                    ""
                    if hop.status in (HopStatus.SKIPPED, HopStatus.NOT_SEEN)
                    else self.tr("{ms} ms").format(ms=f"{hop.ms:,.0f}")
                )
            if column == 3:
                if hop.explanation is not None:
                    return hop.explanation.row
                return hop.detail
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            mark = {
                HopStatus.PASSED: icons.Mark.DONE,
                HopStatus.FAILED: icons.Mark.ATTENTION,
                HopStatus.SKIPPED: icons.Mark.PENDING,
                HopStatus.NOT_SEEN: icons.Mark.PENDING,
            }[hop.status]
            return icons.icon(mark)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if hop.explanation is not None:
                return f"{hop.explanation.meaning}\n{hop.explanation.fix}"
            return "\n".join(t for t in (hop.detail, hop.in_halo) if t) or None
        return None


class EndToEndPage(StepPage):
    """Preview, then (only after "Start the test") the run with each hop's result."""

    step_id = StepId.END_TO_END

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self._set_intro()
        self.settings: E2ESettings | None = None
        """How long to wait for each update (None: the engine's defaults)."""
        self.preview: E2EPreview | None = None
        self.result: E2EResult | None = None
        self._answer: asyncio.Future[bool] | None = None

        # Before the run: what it will do, and the go-ahead.
        self.prepare_button = QPushButton(self.tr("Check and preview"), self)
        self.prepare_button.setToolTip(
            self.tr("Check the set-up and show what the test will create (nothing is written)")
        )
        self.preview_text = layouts.wrapped_label("", self)
        self.start_button = QPushButton(self.tr("Start the test"), self)
        self.start_button.setToolTip(
            self.tr(
                "Create the tagged test ticket and run every hop; everything it creates is "
                "removed afterwards"
            )
        )
        self.start_button.setDefault(True)
        self.not_now_button = QPushButton(self.tr("Don't start"), self)
        self.not_now_button.setToolTip(self.tr("Close the preview without writing anything"))
        self.preview_line = StatusLine("", self)
        preview_box = QGroupBox(self.tr("What the test will do"), self)
        preview_layout = layouts.vbox(
            layouts.hbox(self.preview_line, self.prepare_button),
            self.preview_text,
            layouts.hbox(None, self.not_now_button, self.start_button),
            margin=metrics.SPACING + 4,
        )
        preview_box.setLayout(preview_layout)
        preview_layout.setStretch(0, 0)

        # After the run: each hop, the clean-up, the total.
        self.verdict = StatusLine("", self)
        self.model = HopModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        row_height = self.table.fontMetrics().height() + metrics.SPACING
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        # Room for the nine hops without scrolling.
        self.table.setMinimumHeight(
            row_height * 9 + header.sizeHint().height() + 2 * self.table.frameWidth() + 2
        )
        self.hop_detail = layouts.wrapped_label("", self)
        # What the hops relied on that only Halo's own screens set (named as Halo names it).
        self.in_halo_text = layouts.wrapped_label("", self)
        self.cleanup_line = StatusLine("", self)
        result_box = QGroupBox(self.tr("Result"), self)
        # The table is as tall as its nine rows: spare height goes below the page, not into it.
        self.table.setMaximumHeight(self.table.minimumHeight())
        result_layout = layouts.vbox(
            self.verdict,
            self.table,
            self.in_halo_text,
            self.hop_detail,
            self.cleanup_line,
            margin=metrics.SPACING + 4,
        )
        result_box.setLayout(result_layout)
        self.result_box = result_box

        # Skipping, with a reason kept in the plan.
        self.skip_reason = QLineEdit(self)
        self.skip_reason.setPlaceholderText(self.tr("Why the test is skipped for now"))
        self.skip_button = QPushButton(self.tr("Skip for now"), self)
        self.skip_button.setToolTip(
            self.tr("Go on without the test; the step stays marked as needing attention")
        )
        self.skip_row = skip_row = layouts.row(self.skip_reason, self.skip_button)

        self.add_section(preview_box)
        self.add_section(result_box)
        self.add_section(skip_row)
        self.body_layout.addStretch(1)

        self.task.guard(self.prepare_button, self.skip_button)
        self.prepare_button.clicked.connect(self.on_prepare_button_clicked)
        self.start_button.clicked.connect(self.on_start_button_clicked)
        self.not_now_button.clicked.connect(self.on_not_now_button_clicked)
        self.skip_button.clicked.connect(self.on_skip_button_clicked)
        self.skip_reason.textChanged.connect(self.on_skip_reason_textChanged)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_currentRowChanged)
        self.reset()

    # ---- the window's calls ----

    def _set_intro(self) -> None:
        if self.plan is not None and self.plan.pairing is not None:
            partner = self.plan.instance(self.plan.pairing.partner_side).name
            intro = self.tr(
                "Halo's worked example run for real from your side: your run writes to your "
                "instance only and proves each hop your instance shows; {partner}'s admin runs "
                "the test on their side at the same time, and their run proves the rest. Each "
                "run waits for the other's steps; afterwards each removes what it created."
            ).format(partner=partner or self.tr("your partner"))
        else:
            intro = self.tr(
                "Halo's worked example run for real with a tagged test ticket: it is escalated, "
                "notes go both ways, the end user is e-mailed indirectly, and the ticket is "
                "resolved and closed on both sides. Each hop is timed; afterwards everything "
                "the test created is deleted."
            )
        self.set_heading(self.tr("End-to-end test"), intro)

    def reset(self) -> None:
        self._set_intro()
        self.preview = None
        self.result = None
        self._answer = None
        self.task.error.clear()
        self.preview_line.set(
            icons.Mark.PENDING,
            self.tr(
                "Check the set-up first: the test's records and actions are shown before "
                "anything is written."
            ),
        )
        self.preview_text.setText("")
        self.preview_text.hide()
        self._show_result(self._stored_result())
        self.update_controls()

    def is_complete(self) -> bool:
        if self.is_busy():
            return False
        if self.result is not None:
            return self.result.passed or self.skipped()
        stored = self.plan.e2e if self.plan is not None else None
        return bool(stored and stored.get("passed")) or self.skipped()

    def skipped(self) -> bool:
        if self.plan is None:
            return False
        state = self.plan.step(self.step_id)
        if state.status is StepStatus.SKIPPED:
            return True
        # A plan saved by an earlier version kept a skip as "attention" with this prefix.
        return state.status is StepStatus.ATTENTION and state.note.startswith(SKIP_PREFIX)

    # ---- the run ----

    def prepare(self) -> None:
        """Check the set-up, show the preview, and wait for "Start the test"."""
        self.result = None
        self.preview = None
        self.task.run(self.tr("Checking the set-up…"), self._run_job, self._finished)

    async def _run_job(self, progress: Progress) -> E2EResult:
        session = await self.services.sessions.session()
        return await run_end_to_end(
            session, progress=progress, confirm_start=self._ask, settings=self.settings
        )

    async def _ask(self, preview: E2EPreview) -> bool:
        """Show what the test will do and wait for the admin's answer (never starts by itself)."""
        self.preview = preview
        self._answer = asyncio.get_running_loop().create_future()
        self.preview_line.set(
            icons.Mark.CURRENT,
            self.tr("Ready: test {tag} from {customer} to {supplier}").format(
                tag=preview.tag, customer=preview.customer, supplier=preview.supplier
            ),
        )
        self.preview_text.setText("\n".join("• " + line for line in preview.lines))
        self.preview_text.show()
        self.task.text.setText(self.tr("Waiting for you to start the test…"))
        self.update_controls()
        try:
            return await self._answer
        finally:
            self._answer = None
            self.update_controls()

    def waiting_for_answer(self) -> bool:
        return self._answer is not None and not self._answer.done()

    def answer(self, start: bool) -> None:
        if self.waiting_for_answer():
            assert self._answer is not None
            self._answer.set_result(start)

    def _finished(self, result: E2EResult) -> None:
        self.result = result
        self._show_result(result.to_dict(), result.hops)
        self.update_controls()
        if result.started:
            self.preview_text.hide()  # done: the room goes to the result
            self.preview_line.set(
                icons.Mark.DONE if result.passed else icons.Mark.ATTENTION,
                self.tr("Ran test {tag}; to run it again, check and preview first.").format(
                    tag=result.tag
                ),
            )
        self.planChanged.emit()  # the engine kept the result in plan.e2e and marked the step
        self.completeChanged.emit()
        self.statusMessage.emit(self.verdict.text())

    # ---- showing ----

    def _stored_result(self) -> dict[str, Any] | None:
        return self.plan.e2e if self.plan is not None else None

    def _show_result(self, data: dict[str, Any] | None, hops: list[Hop] | None = None) -> None:
        self.model.set_hops(hops or [])
        self.hop_detail.setText("")
        self.hop_detail.hide()
        self.table.setVisible(bool(hops))
        self._show_in_halo(data)
        if not data:
            self.verdict.set(icons.Mark.PENDING, self.tr("Not run yet"))
            self.cleanup_line.hide()
            return
        rows = data.get("hops") or []
        passed = sum(1 for h in rows if h.get("status") == HopStatus.PASSED.value)
        total_ms = float(data.get("total_ms") or 0)
        when = str(data.get("finished_at") or "")[:16].replace("T", " ")
        if not data.get("started"):
            mark = icons.Mark.ATTENTION
            text = self.tr("Not started ({when}): nothing was written.").format(when=when)
            failed = [h for h in rows if h.get("status") == HopStatus.FAILED.value]
            if failed:
                text = self.tr("The set-up is not ready ({when}): nothing was written.").format(
                    when=when
                )
        elif data.get("side"):
            # A run from one side proves what this instance shows; the partner's run the rest.
            mark = icons.Mark.DONE if data.get("passed") else icons.Mark.ATTENTION
            theirs = len(data.get("needs_partner") or [])
            unseen = len(data.get("not_seen") or [])
            failed_here = sum(1 for h in rows if h.get("status") == HopStatus.FAILED.value)
            if data.get("passed"):
                text = self.tr(
                    "Passed on your side: {passed} of {total} hops proven here; {theirs} are "
                    "shown by {partner}'s own test ({when})"
                ).format(
                    passed=passed,
                    total=len(rows),
                    theirs=theirs,
                    partner=data.get("partner") or self.tr("your partner"),
                    when=when,
                )
            elif failed_here:
                text = self.tr(
                    "Failed on your side: {failed} of {total} hops failed here ({when})"
                ).format(failed=failed_here, total=len(rows), when=when)
            else:
                text = self.tr(
                    "Not proven yet: {unseen} hops need {partner}'s run at the same time ({when})"
                ).format(
                    unseen=unseen,
                    partner=data.get("partner") or self.tr("your partner"),
                    when=when,
                )
        elif data.get("passed"):
            mark = icons.Mark.DONE
            text = self.tr("Passed: {passed} of {total} hops in {ms} ms ({when})").format(
                passed=passed, total=len(rows), ms=f"{total_ms:,.0f}", when=when
            )
        else:
            mark = icons.Mark.ATTENTION
            text = self.tr("Failed: {passed} of {total} hops passed, in {ms} ms ({when})").format(
                passed=passed, total=len(rows), ms=f"{total_ms:,.0f}", when=when
            )
        self.verdict.set(mark, text)
        cleanup = data.get("cleanup") or {}
        steps = cleanup.get("steps") or []
        self.cleanup_line.setVisible(bool(data.get("started")))
        if cleanup.get("ok", True):
            self.cleanup_line.set(
                icons.Mark.DONE,
                counted(
                    len(steps),
                    self.tr("Cleaned up: {n} test record removed; no other ticket was touched."),
                    self.tr("Cleaned up: {n} test records removed; no other ticket was touched."),
                ),
            )
        else:
            left = [str(s.get("text")) for s in steps if not s.get("ok")]
            self.cleanup_line.set(
                icons.Mark.ATTENTION,
                self.tr("Not everything could be removed: {left}").format(left="; ".join(left)),
            )
        if hops:
            failed_rows = [i for i, h in enumerate(hops) if h.status is HopStatus.FAILED]
            if failed_rows:  # the first failure's troubleshooting row, shown at once
                self.table.selectRow(failed_rows[0])

    def _show_in_halo(self, data: dict[str, Any] | None) -> None:
        """The settings the hops depended on, as Halo's own screens make them."""
        rows = [h for h in (data or {}).get("hops") or [] if h.get("in_halo")]
        footer = in_halo_footer([str(h.get("in_halo")) for h in rows])
        self.in_halo_text.setText(
            "\n".join(
                [self.tr("What the hops relied on, as Halo's own screens set it:")]
                + [f"• {h.get('name')}: {h.get('in_halo')}" for h in rows]
                + ([footer] if footer else [])
            )
            if rows
            else ""
        )
        self.in_halo_text.setVisible(bool(rows))

    def hop_text(self, hop: Hop) -> str:
        """What one hop did, and for a failure Halo's troubleshooting row and the fix."""
        lines = [f"{hop.name}: {self.model.status_text(hop)}"]
        if hop.detail:
            lines.append(hop.detail)
        if hop.error:
            lines.append(self.tr("Halo said: {error}").format(error=hop.error))
        if hop.in_halo:
            lines.append(self.tr("In Halo's own screen: {how}").format(how=hop.in_halo))
        why = hop.explanation
        if why is not None:
            lines.append(
                self.tr("Halo's guide ({source}): {row}").format(source=why.source, row=why.row)
            )
            lines.append(self.tr("Why: {meaning}").format(meaning=why.meaning))
            lines.append(self.tr("Fix: {fix}").format(fix=why.fix))
        return "\n".join(lines)

    def update_controls(self) -> None:
        busy = self.is_busy()
        waiting = self.waiting_for_answer()
        self.prepare_button.setEnabled(self.plan is not None and not busy)
        self.start_button.setVisible(waiting)
        self.not_now_button.setVisible(waiting)
        self.skip_button.setEnabled(not busy and bool(self.skip_reason.text().strip()))
        stored = self.plan.e2e if self.plan is not None else None
        passed = (
            self.result.passed if self.result is not None else bool(stored and stored.get("passed"))
        )
        self.skip_row.setVisible(not passed)  # nothing to skip once the test has passed

    # ---- slots ----

    def on_prepare_button_clicked(self) -> None:
        self.prepare()

    def on_start_button_clicked(self) -> None:
        self.answer(True)
        self.task.text.setText(self.tr("Running the test…"))

    def on_not_now_button_clicked(self) -> None:
        self.answer(False)

    def on_skip_button_clicked(self) -> None:
        reason = self.skip_reason.text().strip()
        if not reason or self.plan is None:
            return
        self.mark(StepStatus.SKIPPED, reason)
        self.statusMessage.emit(self.tr("End-to-end test skipped for now"))
        self.completeChanged.emit()

    def on_skip_reason_textChanged(self, _text: str) -> None:
        self.update_controls()

    def on_table_currentRowChanged(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hops = self.model.hops
        if not current.isValid() or current.row() >= len(hops):
            self.hop_detail.hide()
            return
        self.hop_detail.setText(self.hop_text(hops[current.row()]))
        self.hop_detail.show()
