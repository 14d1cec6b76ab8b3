"""The overview table: one row per connection (plan.overview's rows), in the admin's words, with a
mark for what is wrong or stale, a tooltip with the details and a sort key per column."""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QIcon

from halo_wizard.plan.freshness import Freshness
from halo_wizard.plan.model import ConnectionKind, DriftResult
from halo_wizard.plan.overview import (
    Authentication,
    DriftState,
    E2EState,
    NextKind,
    OverviewRow,
    ReportState,
    local_time,
)
from halo_wizard.ui.compat import override
from halo_wizard.ui.widgets import icons
from halo_wizard.ui.widgets.icons import Mark

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
PLAN_ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(enum.IntEnum):
    CONNECTION = 0
    KIND = 1
    CUSTOMER = 2
    SUPPLIER = 3
    AUTHENTICATED = 4  # both ways in one column (a narrow window)
    TO_SUPPLIER = 5  # customer → supplier authenticates
    TO_CUSTOMER = 6
    DRIFT = 7
    CHECKED = 8
    E2E = 9
    REPORT = 10
    NEXT = 11


Cell = tuple[str, Mark | None, str]
"""A cell's text, mark (None: no icon) and tooltip."""

_EACH_WAY = frozenset(Column) - {Column.AUTHENTICATED}
LEVELS: tuple[frozenset[Column], ...] = (
    _EACH_WAY,
    _EACH_WAY - {Column.KIND, Column.CUSTOMER, Column.SUPPLIER, Column.CHECKED},
    frozenset(
        {
            Column.CONNECTION,
            Column.AUTHENTICATED,
            Column.DRIFT,
            Column.E2E,
            Column.REPORT,
            Column.NEXT,
        }
    ),
)
"""The columns shown, from a wide window to a narrow one: the first that fits is used (the
tooltips and the details line say what a narrower one leaves out)."""


_NEXT_MARKS: dict[NextKind, Mark] = {
    NextKind.FIX_FILE: Mark.ATTENTION,
    NextKind.PARTNER: Mark.CURRENT,
    NextKind.FINISH_SETUP: Mark.CURRENT,
    NextKind.AUTHENTICATE: Mark.ATTENTION,
    NextKind.FIX_DRIFT: Mark.ATTENTION,
    NextKind.CHECK_AGAIN: Mark.UNKNOWN,
    NextKind.RUN_TEST: Mark.PENDING,
    NextKind.EXPORT_REPORT: Mark.PENDING,
    NextKind.CHECK_DRIFT: Mark.PENDING,
    NextKind.NOTHING: Mark.DONE,
}
"""The mark of a connection as a whole, by what it needs next."""


def connection_mark(row: OverviewRow) -> Mark:
    """The mark of the connection as a whole: a failed test is trouble, not just to do."""
    if row.next.sentence == "fix_test":
        return Mark.ATTENTION
    return _NEXT_MARKS[row.next.kind]


class OverviewModel(QAbstractTableModel):
    """The rows of plan.overview, one per plan; rows being checked say so."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[OverviewRow] = []
        self._checking: set[str] = set()
        self._headers = self._header_texts()
        self._tips = self._header_tips()
        self._sentences = self._next_sentences()

    # ---- what the page calls ----

    def set_rows(self, rows: Sequence[OverviewRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[OverviewRow]:
        return list(self._rows)

    def row_at(self, index: int) -> OverviewRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def position(self, plan_id: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.plan_id == plan_id), -1)

    def remove(self, plan_id: str) -> None:
        """The plan's row taken out (its file was deleted)."""
        at = self.position(plan_id)
        if at < 0:
            return
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        self.endRemoveRows()

    def replace(self, row: OverviewRow) -> None:
        """The row of the same plan, as read again (after a check)."""
        self._checking.discard(row.plan_id)
        at = self.position(row.plan_id)
        if at < 0:
            return
        self._rows[at] = row
        self.dataChanged.emit(self.index(at, 0), self.index(at, len(Column) - 1))

    def done_checking(self, plan_id: str) -> None:
        """The plan's check ended without a new row (its result could not be kept)."""
        self.set_checking(self._checking - {plan_id})

    def set_checking(self, plan_ids: set[str]) -> None:
        """Plans being checked now (their drift cell says so), or none."""
        changed = plan_ids ^ self._checking
        self._checking = set(plan_ids)
        for plan_id in changed:
            at = self.position(plan_id)
            if at >= 0:
                cell = self.index(at, Column.DRIFT)
                self.dataChanged.emit(cell, cell)

    def checking(self) -> set[str]:
        return set(self._checking)

    # ---- Qt overrides ----

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips.get(Column(section))
        return None

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = Column(index.column())
        if role == PLAN_ID_ROLE:
            return row.plan_id
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        text, mark, tip = self._cell(row, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == FILTER_ROLE:
            if column is Column.CONNECTION:
                return " ".join((text, row.customer_url, row.supplier_url, row.path.name))
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            return None if mark is None else self._icon(mark)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    # ---- words ----

    def _header_texts(self) -> dict[Column, str]:
        return {
            Column.CONNECTION: self.tr("Connection"),
            Column.KIND: self.tr("Kind"),
            Column.CUSTOMER: self.tr("Customer"),
            Column.SUPPLIER: self.tr("Supplier"),
            Column.AUTHENTICATED: self.tr("Authenticated"),
            Column.TO_SUPPLIER: self.tr("Customer\n→ supplier"),
            Column.TO_CUSTOMER: self.tr("Supplier\n→ customer"),
            Column.DRIFT: self.tr("Drift"),
            Column.CHECKED: self.tr("Last checked"),
            Column.E2E: self.tr("End-to-end"),
            Column.REPORT: self.tr("Report"),
            Column.NEXT: self.tr("Next"),
        }

    def _header_tips(self) -> dict[Column, str]:
        return {
            Column.AUTHENTICATED: self.tr(
                "Whether both profiles authenticate with the other instance (Authenticate "
                "connection); the tooltip says each way"
            ),
            Column.TO_SUPPLIER: self.tr(
                "Whether the supplier profile in the customer's instance authenticates with the "
                "supplier's instance (Authenticate connection)"
            ),
            Column.TO_CUSTOMER: self.tr(
                "Whether the customer profile in the supplier's instance authenticates with the "
                "customer's instance"
            ),
            Column.DRIFT: self.tr(
                "The last drift check: do the instances still hold what the plan says?"
            ),
            Column.CHECKED: self.tr("When the last drift check ran (this computer's time)"),
            Column.E2E: self.tr("The last end-to-end test with a real test ticket"),
            Column.REPORT: self.tr("Whether the signed report still describes the configuration"),
            Column.NEXT: self.tr("What needs doing next, most urgent first"),
        }

    def _next_sentences(self) -> dict[str, str]:
        """plan.overview.SENTENCES, translated (a test keeps the keys equal)."""
        return {
            "fix_file": self.tr("Fix the plan file: it cannot be opened"),
            "partner": self.tr("Open your partner's file (the exchange) to go on"),
            "finish_step": self.tr("Finish step {step}, {title}"),
            "redo_step": self.tr("Redo step {step}, {title}: {changed} changed"),
            "redo_connection_test": self.tr("Redo step {step}, {title}: the connection test fails"),
            "redo_swap": self.tr("Redo step {step}, Credential swap: {ways} fails"),
            "check_drifted_again": self.tr(
                "Check for drift again: the plan changed since it drifted"
            ),
            "remove_leftovers": self.tr(
                "Rerun the end-to-end test: {count} test record(s) left behind"
            ),
            "fix_one_drift": self.tr("Open the plan and fix the drift"),
            "fix_drifts": self.tr("Open the plan and fix {count} drifts"),
            "check_again": self.tr("Check again: the last check could not run"),
            "run_test": self.tr("Run the end-to-end test (step {step})"),
            "fix_test": self.tr("Fix and rerun the end-to-end test: it failed"),
            "rerun_test": self.tr("Rerun the end-to-end test: {changed} changed"),
            "export_report": self.tr("Export the report (step {step})"),
            "export_again": self.tr("Export the report again: {changed} changed"),
            "check_drift": self.tr("Check for drift (never checked)"),
            "check_drift_again": self.tr("Check for drift again: the plan changed"),
            "nothing": self.tr("Nothing to do"),
        }

    def sentences(self) -> dict[str, str]:
        return dict(self._sentences)

    def next_text(self, row: OverviewRow) -> str:
        """What to do next, in the window's words."""
        template = self._sentences.get(row.next.sentence)
        return template.format(**dict(row.next.values)) if template else row.next.text

    def kind_words(self, row: OverviewRow) -> str:
        if row.kind is ConnectionKind.CONNECTED_INSTANCES:
            return self.tr("Shared list")
        if row.kind is ConnectionKind.TICKET_SYNC:
            return self.tr("Sync, two orgs") if row.paired else self.tr("Ticket sync")
        return ""

    def details(self, row: OverviewRow) -> str:
        """Everything the row knows, for the tooltip of its first cell and the details line."""
        if not row.ok:
            return row.problem
        lines = [
            self.tr(
                "{kind}: {customer} ({customer_url}) sends to {supplier} ({supplier_url})"
            ).format(
                kind=self.kind_words(row),
                customer=row.customer,
                customer_url=row.customer_url or "—",
                supplier=row.supplier,
                supplier_url=row.supplier_url or "—",
            ),
            self.tr("Fingerprint {short}… · file {path}").format(
                short=row.fingerprint[:16], path=row.path
            ),
        ]
        if row.next.detail:
            lines.append(row.next.detail)
        return "\n".join(lines)

    def _way(self, way: Authentication) -> Cell:
        """Text, mark and tooltip of one way's authentication."""
        when = local_time(way.at)
        if not way.applies:
            return "—", None, self.tr("Only instance B signs in to instance A for a shared list.")
        if way.partner:
            return (
                self.tr("partner's"),
                Mark.SKIPPED,
                self.tr("This profile lives in your partner's instance: their admin tests it."),
            )
        if way.ok is None:
            return self.tr("untested"), Mark.PENDING, self.tr("Never authenticated yet.")
        by = {
            "credential swap": self.tr("credential swap"),
            "drift check": self.tr("drift check"),
            "connection test": self.tr("connection test"),
        }.get(way.by, way.by)
        if way.ok:
            tip = self.tr("Authenticated on {when} ({by}).").format(when=when, by=by)
            return self.tr("yes"), Mark.DONE, tip
        tip = self.tr("Did not authenticate on {when} ({by}).").format(when=when, by=by)
        return self.tr("no"), Mark.ATTENTION, tip

    def _both_ways(self, row: OverviewRow) -> Cell:
        """Both ways in one cell: fails when one fails, yes when every way this admin can
        test authenticates."""
        cells = [self._way(way) for way in row.authentication]
        tip = "\n".join(
            f"{label}: {text}. {why}"
            for label, (text, _, why) in zip(
                (self.tr("Customer → supplier"), self.tr("Supplier → customer")), cells, strict=True
            )
        )
        ways = [way for way in row.authentication if way.applies and not way.partner]
        if any(way.ok is False for way in ways):
            return self.tr("fails"), Mark.ATTENTION, tip
        if ways and all(way.ok for way in ways):
            return self.tr("yes"), Mark.DONE, tip
        if any(way.ok for way in ways):
            return self.tr("one way"), Mark.PENDING, tip
        return self.tr("untested"), Mark.PENDING, tip

    def _drift(self, drift: DriftState, checking: bool) -> Cell:
        last = drift.last
        if checking:
            return self.tr("checking…"), Mark.CURRENT, self.tr("Being checked now.")
        if last is None:
            return (
                self.tr("unchecked"),
                Mark.PENDING,
                self.tr("No drift check has run for this plan."),
            )
        if last.result is DriftResult.CLEAN:
            text, mark = self.tr("no drift"), Mark.DONE
        elif last.result is DriftResult.DRIFTED:
            text = (
                self.tr("drifted ({n})").format(n=last.drifts)
                if last.drifts
                else self.tr("records left")
            )
            mark = Mark.ATTENTION
        else:
            text, mark = self.tr("could not check"), Mark.UNKNOWN
        tip = self.tr("Checked on {when}: {summary}").format(
            when=local_time(last.checked_at), summary=last.summary
        )
        if drift.stale:
            tip += "\n" + self.tr("Stale: the plan changed since this check; check again.")
            return self.tr("{result}, stale").format(result=text), Mark.STALE, tip
        return text, mark, tip

    def _e2e(self, e2e: E2EState | None) -> Cell:
        if e2e is None:
            return "—", None, self.tr("A shared ticket list has no end-to-end test.")
        if not e2e.ran:
            return (
                self.tr("never run"),
                Mark.PENDING,
                self.tr("The end-to-end test has not run (step 10)."),
            )
        when = local_time(e2e.state.ran_at)
        if e2e.passed:
            text, mark = self.tr("passed"), Mark.DONE
            tip = self.tr("Passed on {when}.").format(when=when)
        else:
            text, mark = self.tr("failed"), Mark.ATTENTION
            tip = self.tr("Failed on {when}: step 10 shows which hop.").format(when=when)
        if e2e.state.freshness is Freshness.STALE:
            tip += "\n" + self.tr("Stale: {what} changed since the test ran.").format(
                what=e2e.state.what_changed
            )
            return self.tr("{result}, stale").format(result=text), Mark.STALE, tip
        if e2e.state.freshness is Freshness.UNKNOWN:
            tip += "\n" + self.tr("Made by an older version: its configuration is not known.")
        return text, mark, tip

    def _report(self, report: ReportState | None) -> Cell:
        if report is None:
            return "—", None, self.tr("A shared ticket list has no report.")
        if not report.made:
            return (
                self.tr("not made"),
                Mark.PENDING,
                self.tr("The report has not been made (step 11)."),
            )
        when = local_time(report.at)
        if report.stale is not None:
            tip = self.tr("Made on {when}; {what} changed since: export it again.").format(
                when=when, what=report.stale.what_changed
            )
            return self.tr("stale"), Mark.STALE, tip
        tip = self.tr("Made on {when} for this configuration.").format(when=when)
        return self.tr("current"), Mark.DONE, tip

    # ---- cells ----

    @staticmethod
    def _icon(mark: Mark) -> QIcon:
        return icons.icon(mark)

    def _cell(self, row: OverviewRow, column: Column) -> Cell:
        if column is Column.CONNECTION:
            return row.name, connection_mark(row), self.details(row)
        if column is Column.NEXT:
            text = self.next_text(row)
            return text, None, "\n".join(filter(None, [text, row.next.detail]))
        if not row.ok:
            if column is Column.KIND:
                return self.tr("cannot be opened"), None, row.problem
            return "", None, row.problem
        if column is Column.KIND:
            return self.kind_words(row), None, ""
        if column is Column.CUSTOMER:
            return row.customer, None, row.customer_url
        if column is Column.SUPPLIER:
            return row.supplier, None, row.supplier_url
        if column is Column.AUTHENTICATED:
            return self._both_ways(row)
        if column is Column.TO_SUPPLIER:
            return self._way(row.authentication[0])
        if column is Column.TO_CUSTOMER:
            return self._way(row.authentication[1])
        if column is Column.DRIFT:
            return self._drift(row.drift, row.plan_id in self._checking)
        if column is Column.CHECKED:
            last = row.drift.last
            return (local_time(last.checked_at), None, "") if last else ("", None, "")
        if column is Column.E2E:
            return self._e2e(row.e2e)
        return self._report(row.report)

    def _sort_key(self, row: OverviewRow, column: Column) -> Any:
        """What the column sorts by: urgency for marks, time for times, words for names."""
        if column is Column.NEXT:
            return (row.next.kind.rank, row.name.casefold())
        if column is Column.CHECKED:
            return (row.drift.last.checked_at if row.drift.last else "", row.name.casefold())
        if column is Column.DRIFT:
            last = row.drift.last
            rank = (
                {
                    DriftResult.DRIFTED: 0,
                    DriftResult.COULD_NOT: 1,
                    DriftResult.CLEAN: 3 if not row.drift.stale else 2,
                }.get(last.result, 4)
                if last
                else 4
            )
            return (rank, row.name.casefold())
        text, mark, _ = self._cell(row, column)
        if mark is not None and column is not Column.CONNECTION:
            return (_MARK_ORDER.index(mark), text.casefold(), row.name.casefold())
        return (text.casefold(), row.name.casefold())


_MARK_ORDER = [
    Mark.ATTENTION,
    Mark.UNKNOWN,
    Mark.STALE,
    Mark.PENDING,
    Mark.CURRENT,
    Mark.SKIPPED,
    Mark.DONE,
]


class OverviewFilter(QSortFilterProxyModel):
    """Sorts by each column's key and keeps the rows whose any column holds the filter text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    @override
    def lessThan(self, left: Index, right: Index) -> bool:
        mine, theirs = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(mine < theirs)
        except TypeError:  # keys of different shapes never meet in one column; be safe
            return str(mine) < str(theirs)
