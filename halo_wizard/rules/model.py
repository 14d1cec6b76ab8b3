"""What the action check reports: findings with a severity, the setting to change and a locator."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Final

from halo_wizard.plan.model import Confirmation, MappingKind, Side

logger = logging.getLogger(__name__)

# The sections of seed 001 (Halo's guide to ticket sync) that the rules come from.
SECTION_CONNECTING: Final = "Connecting instances"
SECTION_MAPPINGS: Final = "Determine how Tickets and actions are synced (mappings)"
SECTION_ACTIONS: Final = "Action Configuration"
SECTION_EXAMPLE: Final = "How to Pass tickets and updates between Instances - Worked Example"
SECTION_TROUBLESHOOTING: Final = "Troubleshooting"


class Severity(StrEnum):
    """How bad a finding is: an error makes sync fail, a warning surprises, info guides."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @property
    def heading(self) -> str:
        return {"error": "Errors", "warning": "Warnings", "info": "Notes"}[self.value]


_SEVERITY_RANK: Final = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


GUIDE_WORDS: Final[dict[str, Severity]] = {
    # What makes sync fail, in the guide's words: an error.
    "must": Severity.ERROR,
    "must not": Severity.ERROR,
    "need": Severity.ERROR,
    "required": Severity.ERROR,
    "will not sync": Severity.ERROR,
    "will not be able to": Severity.ERROR,
    "cannot": Severity.ERROR,
    "can only": Severity.ERROR,
    "times out": Severity.ERROR,
    "fails": Severity.ERROR,  # a row of the troubleshooting table: the agent's action fails
    # What the guide recommends or tells the admin to do without a must: a warning.
    "recommend": Severity.WARNING,
    "should": Severity.WARNING,
    "should not": Severity.WARNING,
    "ensure": Severity.WARNING,
    "instruction": Severity.WARNING,  # a plain imperative ("Map these actions ... too")
    # Everything else the guide says: a note.
    "guidance": Severity.INFO,
}
"""The guide's word in a sentence, and the severity of a finding against that sentence."""


@dataclass(frozen=True, slots=True)
class Said:
    """One sentence of seed 001 that a rule checks: the guide's word in it (GUIDE_WORDS), which
    gives the severity of a finding against it, and the values the sentence names."""

    sentence: str
    word: str
    values: tuple[str, ...] = ()

    @property
    def severity(self) -> Severity:
        return GUIDE_WORDS[self.word]

    def line(self) -> str:
        """'"<sentence>" (need → error)', as the rule's documentation shows it."""
        return f'"{self.sentence}" ({self.word} → {self.severity.value})'


class Outcome(StrEnum):
    """The outcome of one check that did not simply pass."""

    PROBLEM = "problem"  # the API shows a setting that breaks (or bends) a rule
    CONFIRM_BY_HAND = "confirm by hand"  # the API does not show the setting
    CONFIRMED = "confirmed"  # not visible through the API, but an admin confirmed it


class Tally(StrEnum):
    """Where a finding is counted, the same everywhere it is counted (summary, tree, report):
    a problem by its severity, an unconfirmed check by hand on its own, a confirmed one as a
    note (it became one)."""

    ERROR = "errors"
    WARNING = "warnings"
    MANUAL = "manual"
    NOTE = "notes"


TALLY_ORDER: Final = (Tally.ERROR, Tally.MANUAL, Tally.WARNING, Tally.NOTE)
"""Errors first, then the checks by hand (an unconfirmed one may block), then the rest."""


def tally_of(finding: Finding) -> Tally:
    """The one count a finding belongs to."""
    if finding.manual and finding.confirmed is None:
        return Tally.MANUAL
    return {
        Severity.ERROR: Tally.ERROR,
        Severity.WARNING: Tally.WARNING,
        Severity.INFO: Tally.NOTE,
    }[finding.severity]


def tally(findings: Iterable[Finding]) -> dict[Tally, int]:
    """How many findings each count holds (every count present, zero or not)."""
    counts = dict.fromkeys(TALLY_ORDER, 0)
    for finding in findings:
        counts[tally_of(finding)] += 1
    return counts


LocatorKind = str
""""mapping", "action", "profile", "module", "workflow", "ticket_type", "users" or "instance"."""


@dataclass(frozen=True, slots=True)
class Locator:
    """Where "show me" goes: a mapping row, an action, a profile, a module..."""

    kind: LocatorKind
    side: Side  # the instance that holds the record
    record_id: int | None = None
    mapping_kind: MappingKind | None = None  # kind "mapping": which table
    remote_id: int | None = None  # kind "mapping": the other instance's record (the row's key)

    @property
    def direction(self) -> Side | None:
        """For a mapping: the receiving side (whose profile holds the row)."""
        return self.side if self.kind == "mapping" else None

    @classmethod
    def mapping(cls, receiver: Side, kind: MappingKind, remote_id: int | None) -> Locator:
        return cls("mapping", receiver, None, kind, remote_id)

    @classmethod
    def action(cls, side: Side, action_id: int | None) -> Locator:
        return cls("action", side, action_id)

    @classmethod
    def profile(cls, side: Side, record_id: int | None) -> Locator:
        return cls("profile", side, record_id)

    @classmethod
    def module(cls, side: Side, record_id: int | None) -> Locator:
        return cls("module", side, record_id)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "side": self.side.value}
        if self.record_id is not None:
            data["record_id"] = self.record_id
        if self.kind == "mapping":
            data["direction"] = self.side.value
            data["mapping_kind"] = self.mapping_kind.value if self.mapping_kind else None
            data["remote_id"] = self.remote_id
        return data


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the action check found, in the admin's words, with the setting that fixes it.

    `manual` findings are settings the API does not show: the admin confirms them by hand, and the
    confirmation (kept in the plan) turns the finding into a confirmed note.
    """

    rule: str  # "R1".."R18", or "X1".. for checks across both instances
    severity: Severity
    side: Side
    instance: str  # the instance's display name
    record: str  # the action, status, mapping, profile or module concerned
    message: str
    fix: str  # which screen, which setting, which value
    section: str = ""  # the part of seed 001 the rule comes from
    title: str = ""  # the rule's title
    manual: bool = False
    confirmed: Confirmation | None = None
    locator: Locator | None = None
    details: tuple[str, ...] = field(default=())  # longer lists (all the names), one per line
    said: Said | None = None  # the sentence of seed 001 the finding holds the instance against
    source: str = ""
    """Where the partner's side of a two-admin connection was read for this finding: their
    catalogue and the moment it was taken (empty: both instances read live here)."""

    @property
    def outcome(self) -> Outcome:
        if self.confirmed is not None:
            return Outcome.CONFIRMED
        return Outcome.CONFIRM_BY_HAND if self.manual else Outcome.PROBLEM

    @property
    def blocking(self) -> bool:
        """True for an error that stops sync: a problem, or an unconfirmed check by hand whose
        failure would be an error (a confirmed one never blocks)."""
        return self.severity is Severity.ERROR and self.confirmed is None

    def confirm(self, confirmation: Confirmation) -> Finding:
        """This finding once an admin has confirmed it by hand (it becomes a note)."""
        when = confirmation.confirmed_at[:10]
        note = f" ({confirmation.note})" if confirmation.note else ""
        return replace(
            self,
            severity=Severity.INFO,
            confirmed=confirmation,
            message=f"Confirmed by hand by {confirmation.confirmed_by} on {when}{note}: "
            f"{self.message}",
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: rule, severity, instance, record, message, fix first, then the rest."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "instance": self.instance,
            "record": self.record,
            "message": self.message,
            "fix": self.fix,
            "side": self.side.value,
            "title": self.title,
            "section": self.section,
            "manual": self.manual,
            "outcome": self.outcome.value,
            "confirmed": self.confirmed.to_dict() if self.confirmed else None,
            "locator": self.locator.to_dict() if self.locator else None,
            "details": list(self.details),
            **({"source": self.source} if self.source else {}),
        }
