"""The checks an admin confirms by hand: settings the API does not show, kept as confirmations.

The action check reports a setting Halo's API does not show (R14's "Send an email when this
action is created using the Supplier/Organisation API connection", for one) as a check by hand.
Where the guide's words make it an error, it blocks until an admin has looked in Halo and
confirmed it; the confirmation, with who and when, is kept in the plan and the next check turns
the finding into a confirmed note. The window's Action check and `halo-wizard confirm` both go
through here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from halo_wizard.plan.model import Confirmation, Plan, Side

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Waiting:
    """One check by hand the last stored action check is waiting for."""

    rule: str
    side: Side
    instance: str
    record: str
    message: str
    fix: str
    blocking: bool

    def label(self) -> str:
        """One line for a list: rule, instance, record."""
        return f"{self.rule} on {self.instance}: '{self.record}'"


def _waiting(finding: Mapping[str, Any]) -> Waiting | None:
    if not finding.get("manual") or finding.get("confirmed"):
        return None
    try:
        side = Side(str(finding.get("side", "")))
    except ValueError:
        return None  # a stored finding from a damaged plan: nothing to confirm it against
    return Waiting(
        rule=str(finding.get("rule", "")),
        side=side,
        instance=str(finding.get("instance", "")),
        record=str(finding.get("record", "")),
        message=str(finding.get("message", "")),
        fix=str(finding.get("fix", "")),
        blocking=finding.get("severity") == "error",
    )


def waiting(plan: Plan) -> list[Waiting]:
    """The checks by hand of the plan's last stored action check not yet confirmed, blocking
    ones first; empty when no check was stored."""
    stored = plan.action_check
    if stored is None:
        return []
    found = [w for w in (_waiting(f) for f in stored.findings) if w is not None]
    return sorted(found, key=lambda w: (not w.blocking, w.rule, w.side.value, w.record))


def has_stored_check(plan: Plan) -> bool:
    return plan.action_check is not None


def matching(
    candidates: Sequence[Waiting],
    rule: str,
    *,
    side: Side | None = None,
    record: str | None = None,
) -> list[Waiting]:
    """The waiting checks of `rule` (case-insensitive), narrowed to one instance and one record
    (the record's name compared without case) when given."""
    wanted = rule.strip().upper()
    chosen = [w for w in candidates if w.rule.upper() == wanted]
    if side is not None:
        chosen = [w for w in chosen if w.side is side]
    if record is not None:
        name = record.strip().casefold()
        chosen = [w for w in chosen if w.record.casefold() == name]
    return chosen


def confirm(plan: Plan, chosen: Sequence[Waiting], by: str, note: str = "") -> list[Confirmation]:
    """Keep the admin's confirmation of each chosen check in the plan (a renewed one replaces the
    old); the next action check counts them."""
    who = by.strip()
    if not who:
        raise ValueError("give the name of the admin who confirms it")
    made = [plan.confirm(w.rule, w.side, w.record, who, note.strip()) for w in chosen]
    logger.info("confirmed by hand: %d check(s)", len(made))
    return made
