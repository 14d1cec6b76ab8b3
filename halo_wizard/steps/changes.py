"""A change the wizard proposes to one instance, shown before it is written (secrets masked)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from halo_wizard.api.client import NaturalKey
from halo_wizard.plan.model import Side, StepId

MASK = "••••••••"
Operation = Literal["create", "update"]


def yes_no(value: object) -> str:
    """A yes/no setting as Halo's screens and the report word it: "Yes" when set, else "No"."""
    return "Yes" if value else "No"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's old and new value; a secret field shows only as masked."""

    name: str
    label: str
    old: Any
    new: Any
    secret: bool = False

    def __repr__(self) -> str:  # a secret's value must not reach a log line through a repr
        return (
            f"FieldChange(name={self.name!r}, label={self.label!r}, old={self.old_text!r}, "
            f"new={self.new_text!r}, secret={self.secret!r})"
            if self.secret
            else f"FieldChange(name={self.name!r}, label={self.label!r}, old={self.old!r}, "
            f"new={self.new!r}, secret={self.secret!r})"
        )

    def shown(self, value: Any) -> str:
        if value is None or value == "":
            return "(empty)"
        if self.secret:
            return MASK
        if isinstance(value, bool):
            return yes_no(value)
        return str(value)

    @property
    def old_text(self) -> str:
        return self.shown(self.old)

    @property
    def new_text(self) -> str:
        return self.shown(self.new)


@dataclass(slots=True)
class Change:
    """Create or update one record on one instance."""

    step: StepId
    side: Side
    instance: str
    entity: str
    operation: Operation
    record: str
    record_id: int | None = None
    fields: list[FieldChange] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict, repr=False)
    key: NaturalKey | None = field(default=None, repr=False)
    label: str = ""
    answer: dict[str, Any] | None = field(default=None, repr=False)
    """The record as the instance answered the write (secrets taken out), once written."""

    @property
    def summary(self) -> str:
        what = self.label or self.entity
        verb = "Create" if self.operation == "create" else "Update"
        return f"{verb} {what} '{self.record}' in {self.instance}"

    def describe(self) -> list[str]:
        """Lines for a terminal or the review page; secrets masked."""
        lines = [self.summary]
        for f in self.fields:
            if self.operation == "create":
                lines.append(f"    {f.label}: {f.new_text}")
            else:
                lines.append(f"    {f.label}: {f.old_text} → {f.new_text}")
        return lines


def field_changes(
    current: Mapping[str, Any],
    wanted: Mapping[str, Any],
    labels: Mapping[str, str],
    *,
    secrets: frozenset[str] = frozenset(),
) -> list[FieldChange]:
    """The fields of `wanted` whose value differs from `current` (secrets always count)."""
    changes: list[FieldChange] = []
    for name, new in wanted.items():
        old = current.get(name)
        if name in secrets or _differs(old, new):
            changes.append(
                FieldChange(name, labels.get(name, name), old, new, secret=name in secrets)
            )
    return changes


def _differs(old: Any, new: Any) -> bool:
    if isinstance(new, str) and isinstance(old, str):
        return old.strip() != new.strip()
    if isinstance(new, bool):
        return bool(old) != new
    return bool(old != new)
