"""The action check's record in a plan and its text for a terminal (the engine half of
`halo-wizard validate`, whose command is halo_wizard/commands/validate.py)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from halo_wizard.plan.model import ActionCheck, ActionSettings, Plan, Side, StepId, StepState
from halo_wizard.rules.inputs import CheckInput
from halo_wizard.rules.model import Finding, Outcome, Severity
from halo_wizard.rules.rules import has_blocking

logger = logging.getLogger(__name__)

ACTION_ENTITY = "Outcome"  # the API's name for actions


def record_check(plan: Plan, found: CheckInput, findings: Sequence[Finding]) -> dict[str, Any]:
    """Keep an action check in the plan: first the settings of the mapped actions as the check
    read them (so the fingerprint covers what was judged), then the findings with that
    fingerprint, and where the Action check step stands. The window's Action check and
    `validate --plan` both store through here; returns what was stored."""
    from halo_wizard.plan.freshness import store_check_result
    from halo_wizard.plan.model import ActionSettings, utc_now_iso
    from halo_wizard.steps.drift import action_fingerprint, planned_actions

    section: dict[str, Any] = {"recorded_at": utc_now_iso()}
    for side, ids in planned_actions(plan).items():
        actions = found.config(side).by_id(ACTION_ENTITY)
        section[side.value] = {
            str(action_id): action_fingerprint(actions[action_id])
            for action_id in sorted(ids)
            if action_id in actions
        }
    plan.action_settings = ActionSettings.from_dict(section)
    return store_check_result(
        plan, [f.to_dict() for f in findings], blocking=sum(f.blocking for f in findings)
    )


@dataclass(frozen=True, slots=True)
class KeptCheck:
    """An action check as record_check keeps it, made on a copy of a plan (off the window's
    thread: at an MSP's scale fingerprinting the mapped actions' settings takes a fifth of a
    second), to be put into the plan the copy was taken from while the two are still equal."""

    action_settings: ActionSettings | None
    action_check: ActionCheck | None
    step: StepState

    @classmethod
    def made_on(cls, copy: Plan, found: CheckInput, findings: Sequence[Finding]) -> KeptCheck:
        """record_check on `copy` (which it changes), and what it kept."""
        record_check(copy, found, findings)
        return cls(copy.action_settings, copy.action_check, copy.step(StepId.ACTION_CHECK))

    def keep(self, plan: Plan) -> None:
        """Into `plan` (equal to the copy it was made on), as record_check would have kept it."""
        plan.action_settings = self.action_settings
        plan.action_check = self.action_check
        plan.steps[StepId.ACTION_CHECK] = self.step


def format_text(found: CheckInput, findings: Sequence[Finding]) -> str:
    """The findings for a terminal: by instance, then by severity, each with its fix."""
    lines = [
        f"Action check: {found.customer.name} (sends tickets) and {found.supplier.name} "
        "(receives them)",
        "",
    ]
    for side in Side:
        config = found.config(side)
        mine = [f for f in findings if f.side is side]
        lines.append(f"{config.name} ({side.value} side)")
        if not mine:
            lines.append("  nothing to report")
        for severity in Severity:
            group = [f for f in mine if f.severity is severity]
            if not group:
                continue
            lines.append(f"  {severity.heading} ({len(group)})")
            for finding in group:
                tag = ""
                if finding.outcome is Outcome.CONFIRM_BY_HAND:
                    tag = "  [confirm by hand]"
                elif finding.outcome is Outcome.CONFIRMED:
                    tag = "  [confirmed]"
                lines.append(f"    {finding.rule:<4} {finding.record}{tag}")
                lines.append(f"         {finding.message}")
                lines.append(f"         Fix: {finding.fix}")
                if finding.source:
                    lines.append(f"         Read from: {finding.source}")
        lines.append("")
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    notes = sum(1 for f in findings if f.severity is Severity.INFO)
    by_hand = sum(1 for f in findings if f.outcome is Outcome.CONFIRM_BY_HAND)
    summary = f"{errors} error(s), {warnings} warning(s), {notes} note(s)"
    if by_hand:
        summary += f"; {by_hand} to confirm by hand"
    verdict = (
        "Sync will fail until the errors are fixed."
        if has_blocking(findings)
        else "Nothing found that stops sync."
    )
    lines.append(f"{summary}. {verdict}")
    return "\n".join(lines) + "\n"
