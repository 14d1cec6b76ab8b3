"""`halo-wizard validate`: the action check without a window, live from a plan or on two snapshots.

Exit codes: 0 when nothing stops sync; 1 when a finding is blocking, that is an error, or a
setting to confirm by hand whose failure would be an error and that no confirmation in the plan
covers (a check by hand whose failure is only a warning never fails the command); 2 when the
check could not run (bad arguments, unreadable files, no secret, an instance that cannot be
reached).

`validate --plan FILE` (live) keeps the findings in the plan file, with the fingerprint of the
configuration they were found on, as the window's Action check does; the report reads them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from halo_wizard.plan.model import Plan, Side
from halo_wizard.rules.inputs import CheckInput
from halo_wizard.rules.model import Finding, Outcome, Severity
from halo_wizard.rules.rules import check, has_blocking

logger = logging.getLogger(__name__)

ACTION_ENTITY = "Outcome"  # the API's name for actions
EXIT_OK = 0
EXIT_BLOCKING = 1
EXIT_CANNOT_CHECK = 2


def run_validate(
    plan_path: Path | None,
    snapshots: Sequence[Path],
    as_json: bool,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the action check and print the findings (JSON or text); return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    plan: Plan | None = None
    if plan_path is not None:
        from halo_wizard.plan.model import PlanError
        from halo_wizard.plan.store import load_plan

        try:
            plan = load_plan(plan_path)
        except (PlanError, OSError) as exc:
            print(f"error: {exc}", file=err)
            return EXIT_CANNOT_CHECK
    if snapshots:
        if len(snapshots) != 2:
            print(
                "error: give two snapshots: --snapshot CUSTOMER.json (the instance that sends "
                "tickets) --snapshot SUPPLIER.json (the instance that receives them)",
                file=err,
            )
            return EXIT_CANNOT_CHECK
        loaded: list[dict[str, Any]] = []
        for path in snapshots:
            try:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                print(f"error: cannot read the snapshot {path}: {exc}", file=err)
                return EXIT_CANNOT_CHECK
            if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
                print(f"error: {path} is not a halo-snapshot/1 file (no records)", file=err)
                return EXIT_CANNOT_CHECK
            loaded.append(data)
        found = CheckInput.from_snapshots(loaded[0], loaded[1], plan)
    elif plan is not None:
        live = _read_live(plan, err)
        if live is None:
            return EXIT_CANNOT_CHECK
        found = live
    else:
        print("error: give --plan FILE (live) or two --snapshot FILE (offline)", file=err)
        return EXIT_CANNOT_CHECK
    findings = check(found)
    if plan is not None and plan_path is not None and not snapshots:
        _keep_findings(plan, plan_path, found, findings, err)
    if as_json:
        json.dump({"findings": [f.to_dict() for f in findings]}, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(format_text(found, findings))
    return EXIT_BLOCKING if has_blocking(findings) else EXIT_OK


def record_check(plan: Plan, found: CheckInput, findings: Sequence[Finding]) -> dict[str, Any]:
    """Keep an action check in the plan: first the settings of the mapped actions as the check
    read them (so the fingerprint covers what was judged), then the findings with that
    fingerprint, and where the Action check step stands. The window's Action check and
    `validate --plan` both store through here; returns what was stored."""
    from halo_wizard.plan.freshness import store_check_result
    from halo_wizard.plan.model import utc_now_iso
    from halo_wizard.steps.drift import ACTION_SETTINGS_KEY, action_fingerprint, planned_actions

    section: dict[str, Any] = {"recorded_at": utc_now_iso()}
    for side, ids in planned_actions(plan).items():
        actions = found.config(side).by_id(ACTION_ENTITY)
        section[side.value] = {
            str(action_id): action_fingerprint(actions[action_id])
            for action_id in sorted(ids)
            if action_id in actions
        }
    plan.extra[ACTION_SETTINGS_KEY] = section
    return store_check_result(
        plan, [f.to_dict() for f in findings], blocking=sum(f.blocking for f in findings)
    )


def _keep_findings(
    plan: Plan, path: Path, found: CheckInput, findings: Sequence[Finding], err: TextIO
) -> None:
    """Store the findings in the plan file (atomically), as the window does."""
    from halo_wizard.plan.model import PlanError
    from halo_wizard.plan.store import save_plan

    record_check(plan, found, findings)
    try:
        save_plan(plan, path)
    except (PlanError, OSError) as exc:
        # The findings printed below are still true; only the report will not show them.
        print(f"warning: the findings were not saved in {path}: {exc}", file=err)


def _read_live(plan: Plan, err: TextIO) -> CheckInput | None:
    from halo_wizard.cli import session_for_plan

    session = session_for_plan(plan, err)
    if session is None:
        return None

    async def read() -> CheckInput:
        try:
            return await CheckInput.from_session(session, authenticate=True)
        finally:
            await session.aclose()

    return asyncio.run(read())


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
