"""One mapping table (a kind, a direction): every value of the other instance and its mapping.

Filtering and sorting happen here on precomputed lower-case text (a proxy model would call back into
Python for every row and comparison), so a keystroke in the filter stays fast at thousands of rows.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from halo_wizard.api import constants as C
from halo_wizard.plan.automap import Choice
from halo_wizard.plan.model import MappingKind, MappingOrigin, MappingRow
from halo_wizard.steps.mappings import SPEC, Direction
from halo_wizard.ui.compat import override
from halo_wizard.ui.mapping.workspace import (
    ActionSettings,
    ActionWarning,
    MappingWorkspace,
    RoundTrip,
    choice_labels,
)
from halo_wizard.ui.widgets import icons, metrics

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


class Column(enum.Enum):
    SOURCE = "source"  # the other instance's value
    SOURCE_INFO = "source-info"  # its type (fields) or settings (actions)
    TARGET = "target"  # this instance's value it maps to
    TARGET_INFO = "target-info"
    MATCH = "match"  # how the mapping came to be
    ROUND_TRIP = "round-trip"  # statuses: what comes back to the sender


class Show(enum.Enum):
    """Which rows the table shows besides the filter text."""

    ALL = "all"
    UNMAPPED = "unmapped"
    SUGGESTED = "suggested"
    MAPPED = "mapped"
    WARNINGS = "warnings"


class Tone(enum.Enum):
    """How a badge is coloured."""

    INFO = "info"
    MUTED = "muted"
    SENDS = "sends"
    BAD = "bad"


@dataclass(frozen=True, slots=True)
class Badge:
    text: str
    tone: Tone


REMOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ORIGIN_ROLE = Qt.ItemDataRole.UserRole + 2
"""The row's MappingOrigin value ("auto", ...; Qt hands enums back as plain text), or None."""
BADGES_ROLE = Qt.ItemDataRole.UserRole + 3
SUGGESTED_ROLE = Qt.ItemDataRole.UserRole + 4
"""True on a suggestion that waits for Accept."""


_ANSWERED = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        BADGES_ROLE,
        REMOTE_ID_ROLE,
        ORIGIN_ROLE,
        SUGGESTED_ROLE,
    )
)
"""The roles data() has an answer for."""


@cache
def _brush(color: str) -> QBrush:
    return QBrush(QColor(color))


def tint(name: str) -> QBrush:
    """A row colour from metrics, looked up when drawn (light or dark theme)."""
    return _brush(str(getattr(metrics, name)))


_ORIGIN_RANK = {
    MappingOrigin.EXISTING: 0,
    MappingOrigin.MANUAL: 1,
    MappingOrigin.AUTO: 2,
    MappingOrigin.ACCEPTED: 3,
    MappingOrigin.SUGGESTED: 4,
}


def columns_for(kind: MappingKind) -> list[Column]:
    if kind in (MappingKind.FIELD, MappingKind.ACTION):
        return [Column.SOURCE, Column.SOURCE_INFO, Column.TARGET, Column.TARGET_INFO, Column.MATCH]
    if kind is MappingKind.STATUS:
        return [Column.SOURCE, Column.TARGET, Column.ROUND_TRIP, Column.MATCH]
    return [Column.SOURCE, Column.TARGET, Column.MATCH]


@dataclass(slots=True)
class _Kept:
    """What show_table worked out for one table: shown again unchanged, it is used again."""

    workspace: MappingWorkspace
    version: tuple[int, int]
    sources: list[Choice]
    known: set[int]
    position: dict[int, int]
    haystack: list[str]


class MappingTableModel(QAbstractTableModel):
    """Rows: every value of the other instance (mapped or not); the target column is editable.

    Edits are not made here: setData asks for one through `editRequested(MappingEdit)`, which the
    page turns into an undo command; the page then calls `rows_changed`.
    """

    editRequested = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace: MappingWorkspace | None = None
        self.direction: Direction | None = None
        self.kind = MappingKind.STATUS
        self.columns = columns_for(self.kind)
        self._sources: list[Choice] = []
        self._rows: dict[int, MappingRow] = {}  # the workspace's live table: remote id -> row
        self._known: set[int] = set()  # source ids the other instance still has
        self._position: dict[int, int] = {}  # remote id -> index in _sources
        self._haystack: list[str] = []
        self._kept: dict[tuple[str, str], _Kept] = {}  # by table_key
        self._sorted: list[int] = []
        self._order: list[int] = []  # the visible rows: indexes into _sources
        self._row_of_cache: dict[int, int] | None = {}
        self._filtered = False  # _order is the filter's answer, and no row changed since
        self._text = ""
        self._show = Show.ALL
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._things = {
            MappingKind.STATUS: self.tr("status"),
            MappingKind.CATEGORY: self.tr("category"),
            MappingKind.FIELD: self.tr("field"),
            MappingKind.ACTION: self.tr("action"),
            MappingKind.TICKET_TYPE: self.tr("ticket type"),
        }

    # ---- what the page calls ----

    def table_key(self) -> tuple[str, str] | None:
        if self.direction is None:
            return None
        return (self.direction.receiver.value, self.kind.value)

    def show_table(
        self,
        workspace: MappingWorkspace | None,
        direction: Direction,
        kind: MappingKind,
        *,
        text: str | None = None,
        show: Show | None = None,
    ) -> None:
        """Show another table (or the same one again after a new survey), filtered by `text` and
        `show` when given (else as before)."""
        self.beginResetModel()
        if text is not None:
            self._text = " ".join(text.split()).casefold()
        if show is not None:
            self._show = show
        same = self.workspace is workspace and self.direction == direction and self.kind is kind
        self.workspace, self.direction, self.kind = workspace, direction, kind
        self.columns = columns_for(kind)
        if not same:
            self._sort_column = -1
            self._sort_order = Qt.SortOrder.AscendingOrder
        if workspace is None:
            self._sources = []
            self._rows = {}
            self._known = set()
            self._position = {}
            self._haystack = []
        else:
            self._rows = workspace.table(direction, kind)
            kept = self._kept.get(self.table_key() or ("", ""))
            version = workspace.version(direction, kind)
            if kept is not None and kept.workspace is workspace and kept.version == version:
                self._sources, self._known = kept.sources, kept.known
                self._position, self._haystack = kept.position, kept.haystack
            else:
                self._sources = workspace.sources(direction, kind)
                known = workspace.source(direction).records.get(kind, {})
                self._known = {c.id for c in self._sources if c.id in known}
                self._position = {choice.id: i for i, choice in enumerate(self._sources)}
                self._haystack = self._hays(range(len(self._sources)))
                self._keep(version)
        self._sort()
        self._filter()
        self.endResetModel()

    def _keep(self, version: tuple[int, int]) -> None:
        """Remember what show_table worked out for this table, valid while `version` holds."""
        key = self.table_key()
        if self.workspace is None or key is None:
            return
        self._kept[key] = _Kept(
            self.workspace, version, self._sources, self._known, self._position, self._haystack
        )

    def set_filter(self, text: str, show: Show | None = None) -> None:
        text = " ".join(text.split()).casefold()
        show = self._show if show is None else show
        if text == self._text and show is self._show:
            return
        self.beginResetModel()
        narrower = self._filtered and show is self._show and bool(self._text) and self._text in text
        self._text, self._show = text, show
        self._filter(self._order if narrower else None)
        self.endResetModel()

    def rows_changed(self, remote_ids: Iterable[int] | None = None) -> None:
        """The plan's rows for these values changed (None: any of them). Rows stay where they
        are until the filter or sort changes, so the admin's place in the table is kept."""
        if self.workspace is None or self.direction is None:
            return
        wanted: Iterable[int]
        if remote_ids is None:
            wanted = range(len(self._sources))
        else:
            wanted = [self._position[r] for r in remote_ids if r in self._position]
        if (
            not self._rows.keys() <= self._position.keys()
        ):  # a row for a value the other instance no longer has came back (undo)
            self.show_table(self.workspace, self.direction, self.kind)
            return
        wanted = list(wanted)
        self._filtered = False  # an edited row may now match a text it did not
        for i, hay in zip(wanted, self._hays(wanted), strict=True):
            self._haystack[i] = hay
        rows = [row for i in wanted if (row := self._row_of.get(i)) is not None]
        if len(self.workspace.sources(self.direction, self.kind)) == len(self._sources):
            self._keep(self.workspace.version(self.direction, self.kind))  # in step again
        if not rows:
            return
        last = self.columnCount() - 1
        if len(rows) > 64:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, last))
            return
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        """The column rows are sorted by (-1: as the instance lists them) and the order."""
        return self._sort_column, self._sort_order

    def column(self, column: Column) -> int:
        return self.columns.index(column)

    def column_at(self, section: int) -> Column:
        return self.columns[section]

    def remote_id_at(self, row: int) -> int:
        return self._sources[self._order[row]].id

    def row_for(self, remote_id: int) -> int | None:
        """The visible row of a value of the other instance (None when filtered out)."""
        i = self._position.get(remote_id)
        return None if i is None else self._row_of.get(i)

    def source_name(self, row: int) -> str:
        return self._sources[self._order[row]].name

    def source_name_of(self, remote_id: int) -> str:
        """The name of a value of the other instance, shown or filtered out."""
        i = self._position.get(remote_id)
        return self._sources[i].name if i is not None else str(remote_id)

    def total(self) -> int:
        return len(self._sources)

    def mapping_at(self, row: int) -> MappingRow | None:
        if self.workspace is None or self.direction is None:
            return None
        return self._rows.get(self.remote_id_at(row))

    def target_name(self, row: int) -> str:
        mapping = self.mapping_at(row)
        return self._target_name(mapping)

    def target_options(self, row: int) -> list[Choice]:
        """What the value in `row` may be mapped to (fields: only fields of the same type)."""
        if self.workspace is None or self.direction is None:
            return []
        if self.kind is MappingKind.FIELD:
            return self.workspace.field_targets(self.direction, self.remote_id_at(row))
        return self.workspace.targets(self.direction, self.kind)

    def target_option_labels(self, row: int) -> list[tuple[str, int]]:
        """target_options as (label, id), labels as choice_labels words them."""
        choices = self.target_options(row)
        if self.workspace is None or self.direction is None:
            return []
        if self.kind is MappingKind.FIELD:
            labels = choice_labels(choices)
        else:
            labels = self.workspace.target_labels(self.direction, self.kind)
        return list(zip(labels, (c.id for c in choices), strict=True))

    def round_trip(self, source_id: int) -> RoundTrip | None:
        if self.kind is not MappingKind.STATUS or self.workspace is None or self.direction is None:
            return None
        return self.workspace.round_trip(self.direction, source_id)

    def round_trip_text(self, trip: RoundTrip, source: str) -> str:
        """The round trip in words, for the cell's tooltip and the sentence."""
        assert self.workspace is not None and self.direction is not None
        plan = self.workspace.plan
        words = {
            "sender": plan.instance(self.direction.sender).name,
            "receiver": plan.instance(self.direction.receiver).name,
            "source": source,
            "there": trip.there,
            "back": trip.back,
        }
        if trip.back_id is None:
            return self.tr(
                "{sender}'s {source} becomes {there} in {receiver}; {there} is not mapped back, "
                "so when {receiver} sets it, {sender} leaves the status as it is."
            ).format(**words)
        if trip.same:
            return self.tr(
                "{sender}'s {source} becomes {there} in {receiver}, and comes back as {source}."
            ).format(**words)
        return self.tr(
            "Not the same status back: {sender}'s {source} becomes {there} in {receiver}, and "
            "when {receiver} sets {there}, {sender} sets {back}."
        ).format(**words)

    def settings_at(self, row: int, column: Column) -> ActionSettings | None:
        """The settings of the action a settings column shows in `row` (None: no action)."""
        if self.kind is not MappingKind.ACTION or self.workspace is None or self.direction is None:
            return None
        source = self._sources[self._order[row]]
        if column is Column.SOURCE_INFO:
            return self.workspace.action_settings(self.direction.sender, source.id)
        mapping = self._rows.get(source.id)
        return self.workspace.action_settings(self.direction.receiver, _local(mapping))

    def warnings_at(self, row: int) -> list[ActionWarning]:
        if self.kind is not MappingKind.ACTION or self.workspace is None or self.direction is None:
            return []
        mapping = self.mapping_at(row)
        if mapping is None or mapping.local_id is None:
            return []
        return self.workspace.action_warnings(self.direction, mapping.remote_id, mapping.local_id)

    def warning_text(self, warnings: list[ActionWarning], row: int) -> str:
        if self.direction is None or self.workspace is None:
            return ""
        plan = self.workspace.plan
        sender = plan.instance(self.direction.sender).name
        receiver = plan.instance(self.direction.receiver).name
        lines = []
        for warning in warnings:
            if warning is ActionWarning.BOTH_SEND_EMAIL:
                lines.append(
                    self.tr(
                        "Both actions send an e-mail: the sync times out (the same e-mail would "
                        "be sent from both instances). Map it to an action of {receiver} that "
                        "sends no e-mail."
                    ).format(receiver=receiver)
                )
            else:
                lines.append(
                    self.tr(
                        "{target} itself sends to the connected instance: the update would go "
                        "back to {sender} (a loop). Map it to an action that does not send."
                    ).format(target=self.target_name(row), sender=sender)
                )
        return "\n".join(lines)

    # ---- Qt overrides ----

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()] is Column.TARGET:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.direction is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(self.columns[section])
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section] is Column.TARGET:
            return self.tr("Press F2 or Enter, or start typing, to choose; Delete clears")
        return None

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED or not index.isValid() or self.workspace is None:
            return None  # painting asks for roles this model never answers, for every cell
        if self.direction is None:
            return None
        row = index.row()
        i = self._order[row]
        source = self._sources[i]
        mapping = self._rows.get(source.id)
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, source, mapping)
        if role == Qt.ItemDataRole.EditRole:
            if column is Column.TARGET:
                return mapping.local_id if mapping is not None else None
            return self._display(column, source, mapping)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, mapping)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is Column.TARGET and (mapping is None or mapping.local_id is None):
                return tint("MUTED_TEXT")
            if column is Column.MATCH and (mapping is None or mapping.local_id is None):
                return tint("MUTED_TEXT")
            if column is Column.SOURCE and source.id not in self._known:
                return tint("MUTED_TEXT")
            if self._background(row, mapping) is not None:
                return tint("TINTED_TEXT")  # readable on the tint in either theme
            return None
        if role == Qt.ItemDataRole.FontRole:
            if column is Column.TARGET and (mapping is None or mapping.local_id is None):
                return self._italic
            return None
        if role == Qt.ItemDataRole.DecorationRole and column is Column.ROUND_TRIP:
            trip = self.round_trip(source.id)
            if trip is None:
                return None
            return icons.icon(icons.Mark.DONE if trip.same else icons.Mark.ATTENTION)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.TARGET:
            if self.warnings_at(row) or self._target_missing(mapping):
                return icons.icon(icons.Mark.ATTENTION)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, row, source, mapping)
        if role == BADGES_ROLE:
            return self._badges(column, row, source, mapping)
        if role == REMOTE_ID_ROLE:
            return source.id
        if role == ORIGIN_ROLE:
            return mapping.origin.value if mapping is not None else None
        if role == SUGGESTED_ROLE:
            return (
                mapping is not None
                and mapping.origin is MappingOrigin.SUGGESTED
                and mapping.local_id is not None
            )
        if role == Qt.ItemDataRole.AccessibleTextRole and column in (
            Column.SOURCE_INFO,
            Column.TARGET_INFO,
        ):
            return self._display(column, source, mapping)
        return None

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or self.columns[index.column()] is not Column.TARGET
            or self.workspace is None
            or self.direction is None
        ):
            return False
        local_id = None if value is None or value == "" else int(value)
        if local_id is not None and local_id not in {
            c.id for c in self.target_options(index.row())
        }:
            log.info("refused %s %s: not a choice for this row", self.kind.value, local_id)
            return False
        edit = self.workspace.choose(
            self.direction, self.kind, self.remote_id_at(index.row()), local_id
        )
        if edit is not None:
            self.editRequested.emit(edit)
        return True

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == self._sort_column and order == self._sort_order:
            return
        self.beginResetModel()
        self._sort_column, self._sort_order = column, order
        self._sort()
        self._filter()
        self.endResetModel()

    # ---- rows ----

    def _target_name(self, mapping: MappingRow | None) -> str:
        if mapping is None or mapping.local_id is None or self.workspace is None:
            return ""
        assert self.direction is not None
        records = self.workspace.target(self.direction).records.get(self.kind, {})
        if mapping.local_id in records or (
            self.kind is MappingKind.STATUS and mapping.local_id < 0
        ):
            return self.workspace.target(self.direction).name(self.kind, mapping.local_id)
        return mapping.local_name or str(mapping.local_id)

    def _target_missing(self, mapping: MappingRow | None) -> bool:
        if mapping is None or mapping.local_id is None or self.workspace is None:
            return False
        assert self.direction is not None
        records = self.workspace.target(self.direction).records.get(self.kind, {})
        return mapping.local_id not in records

    def _hays(self, indexes: Iterable[int]) -> list[str]:
        """The text the filter looks in, per row: both names, lower-cased (in one pass, with the
        look-ups of _target_name taken out of the loop)."""
        sources, rows = self._sources, self._rows
        if self.workspace is None or self.direction is None:
            return [f"{sources[i].name}\n".casefold() for i in indexes]
        records = self.workspace.target(self.direction).records.get(self.kind, {})
        name_field = SPEC[self.kind].name_field
        hays = []
        for i in indexes:
            source = sources[i]
            mapping = rows.get(source.id)
            if mapping is None or mapping.local_id is None:
                target = ""
            elif (record := records.get(mapping.local_id)) is not None:
                target = str(record.get(name_field) or record.get("name") or mapping.local_id)
            else:
                target = self._target_name(mapping)
            hays.append(f"{source.name}\n{target}".casefold())
        return hays

    def _sort(self) -> None:
        indexes = list(range(len(self._sources)))
        if self._sort_column < 0 or self._sort_column >= len(self.columns):
            self._sorted = indexes
            return
        column = self.columns[self._sort_column]
        names = [s.name.casefold() for s in self._sources]
        if column is Column.SOURCE:
            key: Any = names.__getitem__
        else:
            keys = [self._sort_key(column, i) for i in indexes]
            key = keys.__getitem__
        indexes.sort(key=lambda i: names[i])
        indexes.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._sorted = indexes

    def _sort_key(self, column: Column, i: int) -> tuple[Any, ...]:
        assert self.workspace is not None and self.direction is not None
        source = self._sources[i]
        mapping = self._rows.get(source.id)
        if column is Column.TARGET:
            name = self._target_name(mapping)
            return (not name, name.casefold())
        if column is Column.MATCH:
            if mapping is None or mapping.local_id is None:
                return (9, 0.0)
            return (_ORIGIN_RANK[mapping.origin], -(mapping.score or 0.0))
        return (str(self._display(column, source, mapping)).casefold(),)

    def _filter(self, within: list[int] | None = None) -> None:
        """The visible rows: of `within` (rows shown for a shorter text, when no row changed
        since) or else of every row."""
        text, show = self._text, self._show
        order = self._sorted if within is None else within
        if text:
            hay = self._haystack
            order = [i for i in order if text in hay[i]]
        if show is not Show.ALL and self.workspace is not None and self.direction is not None:
            order = [i for i in order if self._shown(i, show)]
        self._order = order
        self._row_of_cache = None
        self._filtered = True

    @property
    def _row_of(self) -> dict[int, int]:
        """Index in _sources -> visible row (worked out when first asked after a filter)."""
        if self._row_of_cache is None:
            self._row_of_cache = {i: row for row, i in enumerate(self._order)}
        return self._row_of_cache

    def _shown(self, i: int, show: Show) -> bool:
        assert self.workspace is not None and self.direction is not None
        source = self._sources[i]
        mapping = self._rows.get(source.id)
        if show is Show.UNMAPPED:
            return mapping is None or mapping.local_id is None
        if show is Show.SUGGESTED:
            return mapping is not None and mapping.origin is MappingOrigin.SUGGESTED
        if show is Show.MAPPED:
            return mapping is not None and mapping.mapped
        if mapping is None or mapping.local_id is None:
            return False
        if self._target_missing(mapping) or source.id not in self._known:
            return True
        return self.kind is MappingKind.ACTION and bool(
            self.workspace.action_warnings(self.direction, source.id, mapping.local_id)
        )

    # ---- cells ----

    def _header(self, column: Column) -> str:
        assert self.direction is not None
        thing = self._things[self.kind]
        if self.workspace is None:
            sender, receiver = self.tr("Sending instance"), self.tr("Receiving instance")
        else:
            plan = self.workspace.plan
            sender = plan.instance(self.direction.sender).name
            receiver = plan.instance(self.direction.receiver).name
        if column is Column.SOURCE:
            return self.tr("{instance} {thing}").format(instance=sender, thing=thing)
        if column is Column.TARGET:
            return self.tr("→ {instance} {thing}").format(instance=receiver, thing=thing)
        if column is Column.MATCH:
            return self.tr("Match")
        if column is Column.ROUND_TRIP:
            return self.tr("↩ Back in {instance}").format(instance=sender)
        return self.tr("Type") if self.kind is MappingKind.FIELD else self.tr("Settings")

    def _display(self, column: Column, source: Choice, mapping: MappingRow | None) -> Any:
        if column is Column.SOURCE:
            return source.name
        if column is Column.TARGET:
            name = self._target_name(mapping)
            return name or self.tr("not mapped")
        if column is Column.MATCH:
            return self._match_text(mapping)
        if column is Column.ROUND_TRIP:
            trip = self.round_trip(source.id)
            if trip is None:
                return ""
            return trip.back if trip.back_id is not None else self.tr("not mapped back")
        assert self.workspace is not None and self.direction is not None
        side = self.direction.sender if column is Column.SOURCE_INFO else self.direction.receiver
        record_id = source.id if column is Column.SOURCE_INFO else _local(mapping)
        if self.kind is MappingKind.FIELD:
            type_id = self.workspace.field_type(side, record_id)
            return C.FIELD_TYPES.get(type_id, "") if type_id is not None else ""
        settings = self.workspace.action_settings(side, record_id)
        return ", ".join(b.text for b in self._settings_badges(settings, set()))

    def _match_text(self, mapping: MappingRow | None) -> str:
        if mapping is None or mapping.local_id is None:
            if mapping is not None and mapping.origin is MappingOrigin.MANUAL:
                return self.tr("Not mapped (by hand)")
            return self.tr("Not mapped")
        origin = mapping.origin
        if origin is MappingOrigin.EXISTING:
            return self.tr("On instance")
        if origin is MappingOrigin.MANUAL:
            return self.tr("Chosen by hand")
        score = f"{mapping.score:.0f}" if mapping.score is not None else "?"
        if origin is MappingOrigin.SUGGESTED:
            return self.tr("Suggestion · {score}").format(score=score)
        if origin is MappingOrigin.ACCEPTED:
            return self.tr("Accepted suggestion · {score}").format(score=score)
        if mapping.score is not None and mapping.score >= 100:
            return self.tr("Same name")
        return self.tr("Near match · {score}").format(score=score)

    def _background(self, row: int, mapping: MappingRow | None) -> QBrush | None:
        if mapping is None or mapping.local_id is None:
            return None
        if self.warnings_at(row):
            return tint("PROBLEM_TINT")
        if mapping.origin in (MappingOrigin.AUTO, MappingOrigin.ACCEPTED):
            return tint("AUTO_TINT")
        if mapping.origin is MappingOrigin.SUGGESTED:
            return tint("SUGGESTION_TINT")
        return None

    def _tooltip(self, column: Column, row: int, source: Choice, mapping: MappingRow | None) -> Any:
        assert self.workspace is not None and self.direction is not None
        if column is Column.ROUND_TRIP:
            trip = self.round_trip(source.id)
            return self.round_trip_text(trip, source.name) if trip is not None else None
        plan = self.workspace.plan
        if column is Column.SOURCE and source.id not in self._known:
            return self.tr("{sender} no longer has this {thing}; clear the row.").format(
                sender=plan.instance(self.direction.sender).name, thing=self._things[self.kind]
            )
        if column is Column.TARGET:
            warnings = self.warnings_at(row)
            if warnings:
                return self.warning_text(warnings, row)
            if self._target_missing(mapping):
                return self.tr("{receiver} no longer has this {thing}: choose another.").format(
                    receiver=plan.instance(self.direction.receiver).name,
                    thing=self._things[self.kind],
                )
            return None
        if column is Column.MATCH and mapping is not None and mapping.local_id is not None:
            texts = {
                MappingOrigin.AUTO: self.tr("Matched by name; written when you write mappings"),
                MappingOrigin.SUGGESTED: self.tr(
                    "A near name, not applied: Accept it (Ctrl+Enter) or choose another"
                ),
                MappingOrigin.MANUAL: self.tr("Chosen by you; auto-map leaves it as it is"),
                MappingOrigin.ACCEPTED: self.tr(
                    "A suggestion you accepted; written when you write mappings, and auto-map "
                    "leaves it as it is"
                ),
                MappingOrigin.EXISTING: self.tr(
                    "Already on the instance when the wizard read it; auto-map never changes it"
                ),
            }
            return texts[mapping.origin]
        if column in (Column.SOURCE_INFO, Column.TARGET_INFO) and self.kind is MappingKind.ACTION:
            return self.tr(
                "E-mail: sends an e-mail. Hidden: hidden from the end user. "
                "→ Supplier, → Customer: sends to the connected instance."
            )
        return None

    def _badges(
        self, column: Column, row: int, source: Choice, mapping: MappingRow | None
    ) -> list[Badge]:
        if self.kind is not MappingKind.ACTION or column not in (
            Column.SOURCE_INFO,
            Column.TARGET_INFO,
        ):
            return []
        assert self.workspace is not None and self.direction is not None
        warnings = set(self.warnings_at(row))
        if column is Column.SOURCE_INFO:
            settings = self.workspace.action_settings(self.direction.sender, source.id)
            bad = {"email"} if ActionWarning.BOTH_SEND_EMAIL in warnings else set()
        else:
            settings = self.workspace.action_settings(self.direction.receiver, _local(mapping))
            bad = set()
            if ActionWarning.BOTH_SEND_EMAIL in warnings:
                bad.add("email")
            if ActionWarning.TARGET_SENDS_BACK in warnings:
                bad.add("sends")
        return self._settings_badges(settings, bad)

    def _settings_badges(self, settings: ActionSettings | None, bad: set[str]) -> list[Badge]:
        if settings is None:
            return []
        badges = []
        if settings.sends_email:
            badges.append(Badge(self.tr("E-mail"), Tone.BAD if "email" in bad else Tone.INFO))
        if settings.hidden_from_user:
            badges.append(Badge(self.tr("Hidden"), Tone.MUTED))
        text = {
            "Supplier": self.tr("→ Supplier"),
            "Customer": self.tr("→ Customer"),
            "?": self.tr("→ Connected instance"),
        }.get(settings.sends_to, "")
        if text:
            badges.append(Badge(text, Tone.BAD if "sends" in bad else Tone.SENDS))
        return badges


def _local(mapping: MappingRow | None) -> int | None:
    return mapping.local_id if mapping is not None else None
