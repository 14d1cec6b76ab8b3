"""The mappings being edited: plan, catalogues and profiles, and every edit as undoable data.

No Qt here: the page turns each edit into an undo command and the table model reads rows from here.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.api.values import as_int
from halo_wizard.plan.automap import Choice, FieldOption
from halo_wizard.plan.automap import Progress as AutoMapProgress
from halo_wizard.plan.model import (
    DEFAULT_ATTRIBUTE,
    MappingKind,
    MappingOrigin,
    MappingRow,
    Plan,
    ProfileMappings,
    Side,
)
from halo_wizard.steps import mappings as engine
from halo_wizard.steps import unknowns
from halo_wizard.steps.changes import Change
from halo_wizard.steps.mappings import (
    DIRECTIONS,
    SPEC,
    AutoMapCount,
    Catalogue,
    Direction,
    KindSpec,
    MappingSurvey,
)
from halo_wizard.steps.read_model import is_hidden, sends_email, sync_party

log = logging.getLogger(__name__)

Key = tuple[MappingKind, int]
"""A row of one profile's mappings: its kind and the other instance's record id."""

ATTACHMENTS = "outbound_attachments"


class EditAction(enum.Enum):
    """What an edit does (the page words it for the undo history)."""

    CHOOSE = "choose"
    CLEAR = "clear"
    CLEAR_ALL = "clear-all"
    ACCEPT = "accept"
    ACCEPT_ALL = "accept-all"
    AUTO_MAP = "auto-map"
    DEFAULT = "default"
    ATTACHMENTS = "attachments"


class ActionWarning(enum.Enum):
    """A mapped pair of actions that breaks a documented rule of seed 001."""

    BOTH_SEND_EMAIL = "R8"  # e-mail action mapped to e-mail action: the sync times out
    TARGET_SENDS_BACK = "R9"  # the target itself sends to the connected instance: a loop


class DefaultWarning(enum.Enum):
    """A default action that is not the generic hidden note seed 001 recommends (R6)."""

    NOT_HIDDEN = "not-hidden"
    SENDS_EMAIL = "sends-email"
    SENDS_BACK = "sends-back"


@dataclass(frozen=True, slots=True)
class ActionSettings:
    """The settings of an action that decide whether a mapping to or from it is safe."""

    sends_email: bool
    hidden_from_user: bool
    sends_to: str
    """ "No", "Supplier", "Customer", or "?" (it sends; the instance has not shown which way)."""

    @classmethod
    def of(cls, record: Record | None, sync_answer: str | None) -> ActionSettings | None:
        if record is None:
            return None
        return cls(
            sends_email=sends_email(record),
            hidden_from_user=is_hidden(record),
            sends_to=sync_party(record, sync_answer),
        )


@dataclass(frozen=True, slots=True)
class RoundTrip:
    """A status there and back: what the receiving instance sets for the sender's status, and
    what the other profile's mapping turns that into on the way back to the sender."""

    start_id: int
    there_id: int
    there: str
    back_id: int | None
    """None: the other profile does not map `there` back (the sender leaves its status)."""
    back: str

    @property
    def same(self) -> bool:
        return self.back_id == self.start_id


@dataclass(slots=True)
class MappingEdit:
    """An undoable change to one profile's mappings: rows, settings, counters before and after."""

    direction: Direction
    kind: MappingKind | None  # the table it was made in (None: several tables)
    action: EditAction
    details: dict[str, Any] = field(default_factory=dict)  # names and counts for its wording
    rows_before: dict[Key, MappingRow | None] = field(default_factory=dict)
    rows_after: dict[Key, MappingRow | None] = field(default_factory=dict)
    settings_before: dict[str, Any] = field(default_factory=dict)
    settings_after: dict[str, Any] = field(default_factory=dict)
    counts_before: dict[MappingKind, AutoMapCount | None] = field(default_factory=dict)
    counts_after: dict[MappingKind, AutoMapCount | None] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return (
            self.rows_before == self.rows_after
            and self.settings_before == self.settings_after
            and self.counts_before == self.counts_after
        )


class MappingWorkspace:
    """The plan's two ProfileMappings with what the instances hold, and the edits that change them.

    Every change goes through an edit (`apply`), so it can be undone; the row index stays in step.
    """

    def __init__(self, plan: Plan, survey: MappingSurvey) -> None:
        self.plan = plan
        self.blocked: list[unknowns.AnswerNeeded] = []
        """Profile updates that cannot be written yet (the instance has not shown something)."""
        self.catalogues: dict[Side, Catalogue] = {}
        self.profiles: dict[Side, Record] = {}
        self.auto_counts: dict[tuple[Side, MappingKind], AutoMapCount] = {}
        # Per receiving side and kind, remote id -> row: live dicts the table model reads from.
        self._tables: dict[Side, dict[MappingKind, dict[int, MappingRow]]] = {
            d.receiver: {kind: {} for kind in MappingKind} for d in DIRECTIONS
        }
        self._sources: dict[tuple[Side, MappingKind], list[Choice]] = {}
        # Counts the page shows after every keystroke, kept until an edit changes their table.
        self._tallies: dict[tuple[Side, MappingKind], tuple[int, list[int]]] = {}
        self._trips: dict[Side, int] = {}
        self._labels: dict[tuple[Side, MappingKind], list[str]] = {}
        self._settings: dict[tuple[Side, str | None], dict[int, ActionSettings | None]] = {}
        # Counted up on every edit of a table (and on every reading), so a view can keep what it
        # worked out from the table's rows while the count is the same.
        self._versions: dict[tuple[Side, MappingKind], int] = {}
        self._generation = 0
        self._changes: list[Change] | None = None
        self._fields: dict[Side, dict[int, FieldOption]] = {}
        self.load(survey)

    # ---- reading ----

    def load(self, survey: MappingSurvey) -> None:
        """Take a fresh survey (catalogues and profile records); the plan's rows are re-indexed."""
        self.catalogues = dict(survey.catalogues)
        self.profiles = dict(survey.profiles)
        self._fields = {
            side: {option.id: option for option in catalogue.fields}
            for side, catalogue in self.catalogues.items()
        }
        self.reindex()

    def reindex(self) -> None:
        """Read the plan's rows again (the table dicts are refilled in place)."""
        for direction in DIRECTIONS:
            tables = self._tables[direction.receiver]
            for table in tables.values():
                table.clear()
            for row in direction.mappings(self.plan).rows:
                tables[row.kind][row.remote_id] = row
        self._sources.clear()
        self._tallies.clear()
        self._trips.clear()
        self._labels.clear()
        self._settings.clear()
        self._generation += 1
        self._changes = None

    def mappings(self, direction: Direction) -> ProfileMappings:
        return direction.mappings(self.plan)

    def source(self, direction: Direction) -> Catalogue:
        """The other instance's values: the rows of the table."""
        return self.catalogues.get(direction.sender) or Catalogue()

    def target(self, direction: Direction) -> Catalogue:
        """This instance's values: what a row can be mapped to."""
        return self.catalogues.get(direction.receiver) or Catalogue()

    def table(self, direction: Direction, kind: MappingKind) -> dict[int, MappingRow]:
        """The rows of one table by the other instance's id; the same dict while edits apply."""
        return self._tables[direction.receiver][kind]

    def row(self, direction: Direction, kind: MappingKind, remote_id: int) -> MappingRow | None:
        return self._tables[direction.receiver][kind].get(remote_id)

    def rows_of(self, direction: Direction, kind: MappingKind) -> list[MappingRow]:
        return list(self._tables[direction.receiver][kind].values())

    def sources(self, direction: Direction, kind: MappingKind) -> list[Choice]:
        """Every value of the other instance, then plan rows whose value it no longer has."""
        key = (direction.receiver, kind)
        cached = self._sources.get(key)
        if cached is not None:
            return list(cached)
        choices = list(self.source(direction).choices.get(kind, []))
        known = {choice.id for choice in choices}
        for row in self.rows_of(direction, kind):
            if row.remote_id not in known:
                choices.append(Choice(row.remote_id, row.remote_name or str(row.remote_id)))
        self._sources[key] = choices
        return list(choices)

    def targets(self, direction: Direction, kind: MappingKind) -> list[Choice]:
        return list(self.target(direction).choices.get(kind, []))

    def target_labels(self, direction: Direction, kind: MappingKind) -> list[str]:
        """choice_labels of `targets` (worked out once per reading: thousands of names)."""
        key = (direction.receiver, kind)
        labels = self._labels.get(key)
        if labels is None:
            labels = self._labels[key] = choice_labels(self.targets(direction, kind))
        return labels

    def version(self, direction: Direction, kind: MappingKind) -> tuple[int, int]:
        """Changes whenever the rows of this table or the catalogues change."""
        return (self._generation, self._versions.get((direction.receiver, kind), 0))

    def field_type(self, side: Side, field_id: int | None) -> int | None:
        if field_id is None:
            return None
        option = self._fields.get(side, {}).get(field_id)
        return option.type if option is not None else None

    def field_targets(self, direction: Direction, source_id: int) -> list[Choice]:
        """The fields of this instance a field of the other may map to: the same type only (R7)."""
        wanted = self.field_type(direction.sender, source_id)
        fields = self._fields.get(direction.receiver, {})
        return [
            c
            for c in self.targets(direction, MappingKind.FIELD)
            if wanted is None or (c.id in fields and fields[c.id].type == wanted)
        ]

    def action_settings(self, side: Side, action_id: int | None) -> ActionSettings | None:
        if action_id is None:
            return None
        answer = unknowns.answer(self.plan, side, C.SYNC_VALUES)
        # Every painted row asks; the settings only change with a new reading or answer.
        known = self._settings.get((side, answer))
        if known is None:
            known = self._settings[(side, answer)] = {}
        if action_id not in known:
            record = self.catalogues.get(side, Catalogue()).records.get(MappingKind.ACTION, {})
            known[action_id] = ActionSettings.of(record.get(action_id), answer)
        return known[action_id]

    def action_warnings(
        self, direction: Direction, source_id: int, target_id: int | None
    ) -> list[ActionWarning]:
        """What is wrong with mapping the other instance's action to this one's (R8, R9)."""
        target = self.action_settings(direction.receiver, target_id)
        if target is None:
            return []
        source = self.action_settings(direction.sender, source_id)
        warnings: list[ActionWarning] = []
        if source is not None and source.sends_email and target.sends_email:
            warnings.append(ActionWarning.BOTH_SEND_EMAIL)
        if target.sends_to != "No":
            warnings.append(ActionWarning.TARGET_SENDS_BACK)
        return warnings

    def default_warnings(self, direction: Direction) -> list[DefaultWarning]:
        """What is wrong with the chosen default action (R6), if one is chosen."""
        settings = self.action_settings(direction.receiver, self.mappings(direction).default_action)
        if settings is None:
            return []
        warnings: list[DefaultWarning] = []
        if not settings.hidden_from_user:
            warnings.append(DefaultWarning.NOT_HIDDEN)
        if settings.sends_email:
            warnings.append(DefaultWarning.SENDS_EMAIL)
        if settings.sends_to != "No":
            warnings.append(DefaultWarning.SENDS_BACK)
        return warnings

    def round_trip(self, direction: Direction, source_id: int) -> RoundTrip | None:
        """Where the sender's status `source_id` goes and what comes back (None: not mapped)."""
        row = self.row(direction, MappingKind.STATUS, source_id)
        if row is None or not row.mapped or row.local_id is None:
            return None
        back_direction = engine.direction_into(direction.sender)
        back = self.row(back_direction, MappingKind.STATUS, row.local_id)
        there = self.target(direction).name(MappingKind.STATUS, row.local_id)
        if back is None or not back.mapped or back.local_id is None:
            return RoundTrip(source_id, row.local_id, there, None, "")
        name = self.source(direction).name(MappingKind.STATUS, back.local_id)
        return RoundTrip(source_id, row.local_id, there, back.local_id, name)

    def round_trips_that_change(self, direction: Direction) -> int:
        """How many mapped statuses of the sender come back as another status (or not at all)."""
        found = self._trips.get(direction.receiver)
        if found is None:
            found = sum(
                1
                for row in self.rows_of(direction, MappingKind.STATUS)
                if (trip := self.round_trip(direction, row.remote_id)) is not None and not trip.same
            )
            self._trips[direction.receiver] = found
        return found

    def _tally(self, direction: Direction, kind: MappingKind) -> tuple[int, list[int]]:
        """How many rows of a table are mapped, and its suggestions (counted once per edit)."""
        key = (direction.receiver, kind)
        found = self._tallies.get(key)
        if found is None:
            rows = self._tables[direction.receiver][kind].values()
            found = (
                sum(1 for row in rows if row.mapped),
                [
                    row.remote_id
                    for row in rows
                    if row.origin is MappingOrigin.SUGGESTED and row.local_id is not None
                ],
            )
            self._tallies[key] = found
        return found

    def mapped_count(self, direction: Direction, kind: MappingKind) -> int:
        return self._tally(direction, kind)[0]

    def suggestion_ids(self, direction: Direction, kind: MappingKind) -> list[int]:
        return list(self._tally(direction, kind)[1])

    def missing_defaults(self, direction: Direction) -> list[MappingKind]:
        """The defaults seed 001 asks for (R5) that this profile does not have yet."""
        needed = [MappingKind.STATUS, MappingKind.ACTION]
        if SPEC[MappingKind.TICKET_TYPE] in direction.kinds():
            needed.append(MappingKind.TICKET_TYPE)
        mappings = self.mappings(direction)
        return [kind for kind in needed if getattr(mappings, DEFAULT_ATTRIBUTE[kind]) is None]

    def changes(self) -> list[Change]:
        """The profile updates that would make both instances hold what the plan says."""
        if self._changes is None:
            result: list[Change] = []
            self.blocked = []
            for direction in DIRECTIONS:
                record = self.profiles.get(direction.receiver)
                if record is None:
                    continue
                try:
                    result.extend(engine.mapping_changes(self.plan, direction, record))
                except unknowns.AnswerNeeded as exc:
                    self.blocked.append(exc)
            self._changes = result
        return list(self._changes)

    def readable(self, changes: Iterable[Change]) -> list[Change]:
        """The changes with names instead of ids in the defaults, Yes/No for attachments (to show;
        the changes themselves are written as they are)."""
        by_field = {SPEC[kind].default_field: kind for kind in DEFAULT_ATTRIBUTE}
        shown: list[Change] = []
        for change in changes:
            direction = engine.direction_into(change.side)
            fields = []
            for f in change.fields:
                old, new = f.old, f.new
                kind = by_field.get(f.name)
                if kind is not None:
                    old = self.default_name(direction, kind, as_int(old)) or None
                    new = self.default_name(direction, kind, as_int(new)) or None
                elif f.name == C.OUTBOUND_ATTACHMENTS:
                    old = None if old is None else _flag(old)
                    new = _flag(new)
                fields.append(dataclasses.replace(f, old=old, new=new))
            shown.append(dataclasses.replace(change, fields=fields))
        return shown

    # ---- edits ----

    def _row_edit(
        self,
        direction: Direction,
        kind: MappingKind,
        action: EditAction,
        after: dict[Key, MappingRow | None],
        **details: Any,
    ) -> MappingEdit | None:
        tables = self._tables[direction.receiver]
        before = {key: tables[key[0]].get(key[1]) for key in after}
        changed = {key: row for key, row in after.items() if before[key] != row}
        if not changed:
            return None
        return MappingEdit(
            direction,
            kind,
            action,
            {"count": len(changed), **details},
            rows_before={key: before[key] for key in changed},
            rows_after=changed,
        )

    def choose(
        self, direction: Direction, kind: MappingKind, remote_id: int, local_id: int | None
    ) -> MappingEdit | None:
        """The admin maps one value by hand (None: 'not mapped', which auto-map then leaves)."""
        current = self.row(direction, kind, remote_id)
        source_name = self._source_name(direction, kind, remote_id, current)
        if current is not None and current.local_id == local_id and current.mapped:
            return None
        if current is None and local_id is None:
            return None
        row = MappingRow(
            kind,
            remote_id,
            source_name,
            local_id,
            self.target(direction).name(kind, local_id) if local_id is not None else "",
            MappingOrigin.MANUAL,
        )
        return self._row_edit(
            direction,
            kind,
            EditAction.CHOOSE,
            {(kind, remote_id): row},
            source=source_name,
            target=row.local_name,
        )

    def clear(
        self, direction: Direction, kind: MappingKind, remote_ids: Iterable[int]
    ) -> MappingEdit | None:
        """Mark values 'not mapped' by hand (kept so auto-map does not fill them again)."""
        after: dict[Key, MappingRow | None] = {}
        for remote_id in remote_ids:
            current = self.row(direction, kind, remote_id)
            if current is None or current.local_id is None:
                continue
            name = self._source_name(direction, kind, remote_id, current)
            after[(kind, remote_id)] = MappingRow(
                kind, remote_id, name, None, "", MappingOrigin.MANUAL
            )
        return self._row_edit(direction, kind, EditAction.CLEAR, after)

    def clear_all(self, direction: Direction, kind: MappingKind) -> MappingEdit | None:
        """Start this table again: every row goes (auto-map can fill them again)."""
        after: dict[Key, MappingRow | None] = {
            (kind, row.remote_id): None for row in self.rows_of(direction, kind)
        }
        edit = self._row_edit(direction, kind, EditAction.CLEAR_ALL, after)
        key = (direction.receiver, kind)
        if key in self.auto_counts:
            edit = edit or MappingEdit(direction, kind, EditAction.CLEAR_ALL, {"count": 0})
            edit.counts_before[kind] = self.auto_counts[key]
            edit.counts_after[kind] = None
        return edit

    def flagged_suggestion_ids(self, direction: Direction, kind: MappingKind) -> list[int]:
        """Suggestions that pair actions seed 001 warns against (R8, R9): Accept all leaves them
        for the admin to decide one by one."""
        if kind is not MappingKind.ACTION:
            return []
        return [
            remote_id
            for remote_id in self.suggestion_ids(direction, kind)
            if self.action_warnings(
                direction, remote_id, self._tables[direction.receiver][kind][remote_id].local_id
            )
        ]

    def accept(
        self, direction: Direction, kind: MappingKind, remote_ids: Iterable[int] | None = None
    ) -> MappingEdit | None:
        """Suggestions become mappings written with the plan (origin accepted, which auto-map
        leaves as it is). Without `remote_ids` (Accept all), suggestions flagged by R8/R9 are left
        for the admin to decide."""
        if remote_ids is None:
            flagged = set(self.flagged_suggestion_ids(direction, kind))
            wanted = [r for r in self.suggestion_ids(direction, kind) if r not in flagged]
        else:
            wanted = list(remote_ids)
        after: dict[Key, MappingRow | None] = {}
        for remote_id in wanted:
            row = self.row(direction, kind, remote_id)
            if row is None or row.origin is not MappingOrigin.SUGGESTED or row.local_id is None:
                continue
            after[(kind, remote_id)] = dataclasses.replace(row, origin=MappingOrigin.ACCEPTED)
        action = EditAction.ACCEPT_ALL if remote_ids is None else EditAction.ACCEPT
        return self._row_edit(direction, kind, action, after)

    def auto_map(
        self,
        direction: Direction,
        kinds: Iterable[KindSpec],
        progress: AutoMapProgress | None = None,
    ) -> MappingEdit | None:
        """Run the engine's auto-map (and default proposals) on a copy, and diff it into an edit.

        Only reads the workspace (the page runs it off the GUI thread while edits wait);
        `progress` as engine.auto_map_direction's."""
        specs = [spec for spec in kinds if spec in direction.kinds()]
        if not specs:
            return None
        current = self.mappings(direction)
        scratch = dataclasses.replace(current, rows=list(current.rows))
        source, target = self.source(direction), self.target(direction)
        counts = engine.auto_map_direction(scratch, source, target, specs, progress)
        engine.propose_defaults(
            scratch,
            target,
            direction,
            unknowns.answer(self.plan, direction.receiver, C.STATUS_ACTION_DEFAULT),
        )
        kinds_done = {spec.kind for spec in specs}
        rows_after: dict[Key, MappingRow | None] = {}
        rows_before: dict[Key, MappingRow | None] = {}
        for kind in kinds_done:
            before = self.table(direction, kind)
            after = {r.remote_id: r for r in scratch.rows if r.kind is kind}
            for remote_id in before.keys() | after.keys():
                old, new = before.get(remote_id), after.get(remote_id)
                if old != new:
                    rows_before[(kind, remote_id)] = old
                    rows_after[(kind, remote_id)] = new
        edit = MappingEdit(
            direction,
            specs[0].kind if len(specs) == 1 else None,
            EditAction.AUTO_MAP,
            {"count": len(rows_after)},
            rows_before=rows_before,
            rows_after=rows_after,
        )
        for attr in DEFAULT_ATTRIBUTE.values():
            old_value, new_value = getattr(current, attr), getattr(scratch, attr)
            if old_value != new_value:
                edit.settings_before[attr] = old_value
                edit.settings_after[attr] = new_value
        for count in counts:
            edit.counts_before[count.kind] = self.auto_counts.get((direction.receiver, count.kind))
            edit.counts_after[count.kind] = count
        return None if edit.empty else edit

    def set_default(
        self, direction: Direction, kind: MappingKind, value: int | None
    ) -> MappingEdit | None:
        attr = DEFAULT_ATTRIBUTE[kind]
        old = getattr(self.mappings(direction), attr)
        if old == value:
            return None
        return MappingEdit(
            direction,
            kind,
            EditAction.DEFAULT,
            {"target": self.default_name(direction, kind, value)},
            settings_before={attr: old},
            settings_after={attr: value},
        )

    def set_attachments(self, direction: Direction, on: bool) -> MappingEdit | None:
        old = self.mappings(direction).outbound_attachments
        if old == on:
            return None
        return MappingEdit(
            direction,
            None,
            EditAction.ATTACHMENTS,
            {"on": on},
            settings_before={ATTACHMENTS: old},
            settings_after={ATTACHMENTS: on},
        )

    def apply(self, edit: MappingEdit, forward: bool = True) -> None:
        """Do (forward) or undo an edit on the plan."""
        mappings = self.mappings(edit.direction)
        rows = edit.rows_after if forward else edit.rows_before
        put_rows(mappings, rows)
        tables = self._tables[edit.direction.receiver]
        for (kind, remote_id), row in rows.items():
            if row is None:
                tables[kind].pop(remote_id, None)
            else:
                tables[kind][remote_id] = row
        for kind in {kind for kind, _ in rows}:
            self._sources.pop((edit.direction.receiver, kind), None)
            self._tallies.pop((edit.direction.receiver, kind), None)
            key = (edit.direction.receiver, kind)
            self._versions[key] = self._versions.get(key, 0) + 1
            if kind is MappingKind.STATUS:
                self._trips.clear()  # both directions' round trips go through these rows
        self._changes = None
        for attr, value in (edit.settings_after if forward else edit.settings_before).items():
            setattr(mappings, attr, value)
        for kind, count in (edit.counts_after if forward else edit.counts_before).items():
            if count is None:
                self.auto_counts.pop((edit.direction.receiver, kind), None)
            else:
                self.auto_counts[(edit.direction.receiver, kind)] = count

    # ---- names ----

    def default_name(self, direction: Direction, kind: MappingKind, value: int | None) -> str:
        if value is None:
            return ""
        return self.target(direction).name(kind, value)

    def _source_name(
        self, direction: Direction, kind: MappingKind, remote_id: int, row: MappingRow | None
    ) -> str:
        if remote_id in self.source(direction).records.get(kind, {}):
            return self.source(direction).name(kind, remote_id)
        return row.remote_name if row is not None and row.remote_name else str(remote_id)


def choice_labels(choices: Sequence[Choice]) -> list[str]:
    """The names to show; a name two records share gets its id, so each label is one record."""
    counts = Counter(c.name.casefold() for c in choices)
    return [f"{c.name} (#{c.id})" if counts[c.name.casefold()] > 1 else c.name for c in choices]


def _flag(value: Any) -> bool:
    """A yes/no setting as Halo sends it: a bool, or a number where 0 is no."""
    return value if isinstance(value, bool) else bool(as_int(value))


def put_rows(mappings: ProfileMappings, rows: dict[Key, MappingRow | None]) -> None:
    """Replace, add (at the end) or remove (None) many rows in one pass over the list."""
    if not rows:
        return
    position = {(row.kind, row.remote_id): i for i, row in enumerate(mappings.rows)}
    removed: set[int] = set()
    for key, row in rows.items():
        at = position.get(key)
        if row is None:
            if at is not None:
                removed.add(at)
        elif at is None:
            position[key] = len(mappings.rows)
            mappings.rows.append(row)
        else:
            mappings.rows[at] = row
            removed.discard(at)
    if removed:
        mappings.rows[:] = [row for i, row in enumerate(mappings.rows) if i not in removed]
