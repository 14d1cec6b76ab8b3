"""`halo-wizard validate`: the action check without a window, live from a plan or on two snapshots.

Exit codes: 0 when nothing stops sync; 1 when a finding is blocking, that is an error, or a
setting to confirm by hand whose failure would be an error and that no confirmation in the plan
covers (a check by hand whose failure is only a warning never fails the command); 2 when the
check could not run (bad arguments, unreadable files, no secret, an instance that cannot be
reached).

`validate --plan FILE` (live) keeps the findings in the plan file, with the fingerprint of the
configuration they were found on, as the window's Action check does; the report reads them. It
also names the test records an earlier end-to-end test left behind (its own section, `leftovers`
in JSON; reported only, and not a finding: the next `halo-wizard test` removes them).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from halo_wizard.api.snapshot import read_snapshot
from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._session import load_plan_or_say, run_work, session_for_plan
from halo_wizard.files import FileProblem
from halo_wizard.plan.model import Plan, PlanError
from halo_wizard.rules.check_record import format_text, record_check
from halo_wizard.rules.inputs import CheckInput
from halo_wizard.rules.model import Finding
from halo_wizard.rules.rules import check, has_blocking
from halo_wizard.steps.leftovers import Leftovers

EXIT_OK: Final = 0
EXIT_BLOCKING: Final = 1
EXIT_CANNOT_CHECK: Final = EXIT_CANNOT_RUN


def run(args: argparse.Namespace) -> int:
    return run_validate(args.plan, args.snapshot, args.json)


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
    leftovers: Leftovers | None = None
    if plan_path is not None:
        plan = load_plan_or_say(plan_path, err)
        if plan is None:
            return EXIT_CANNOT_CHECK
    if snapshots:
        loaded = _load_snapshots(snapshots, err)
        if loaded is None:
            return EXIT_CANNOT_CHECK
        found = CheckInput.from_snapshots(loaded[0], loaded[1], plan)
    elif plan is not None:
        live = _read_live(plan, err)
        if live is None:
            return EXIT_CANNOT_CHECK
        found, leftovers = live
    else:
        print("error: give --plan FILE (live) or two --snapshot FILE (offline)", file=err)
        return EXIT_CANNOT_CHECK
    findings = check(found)
    if plan is not None and plan_path is not None and not snapshots:
        _keep_findings(plan, plan_path, found, findings, err)
    if as_json:
        printed: dict[str, Any] = {"findings": [f.to_dict() for f in findings]}
        if leftovers is not None:
            printed["leftovers"] = leftovers.to_dict()
        json.dump(printed, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(format_text(found, findings))
        if leftovers is not None and leftovers.looked:
            out.write("\n" + "\n".join(leftovers.lines()) + "\n")
    return EXIT_BLOCKING if has_blocking(findings) else EXIT_OK


def _load_snapshots(snapshots: Sequence[Path], err: TextIO) -> list[dict[str, Any]] | None:
    """The customer's and the supplier's snapshot, or None after saying what is wrong."""
    if len(snapshots) != 2:
        print(
            "error: give two snapshots: --snapshot CUSTOMER.json (the instance that sends "
            "tickets) --snapshot SUPPLIER.json (the instance that receives them)",
            file=err,
        )
        return None
    loaded: list[dict[str, Any]] = []
    for path in snapshots:
        try:
            loaded.append(read_snapshot(Path(path)))
        except FileProblem as exc:
            print(f"error: {exc}", file=err)
            return None
    return loaded


def _keep_findings(
    plan: Plan, path: Path, found: CheckInput, findings: Sequence[Finding], err: TextIO
) -> None:
    """Store the findings in the plan file (atomically), as the window does."""
    from halo_wizard.plan.store import save_plan

    record_check(plan, found, findings)
    try:
        save_plan(plan, path)
    except (PlanError, OSError) as exc:
        # The findings printed below are still true; only the report will not show them.
        print(f"warning: the findings were not saved in {path}: {exc}", file=err)


def _read_live(plan: Plan, err: TextIO) -> tuple[CheckInput, Leftovers] | None:
    """Both instances read live (pressing Authenticate connection) with what the end-to-end test
    left behind, or None after saying why."""
    from halo_wizard.steps.leftovers import find_leftovers

    session = session_for_plan(plan, err)
    if session is None:
        return None

    async def read() -> tuple[CheckInput, Leftovers]:
        try:
            found = await CheckInput.from_session(session, authenticate=True)
            return found, await find_leftovers(session)
        finally:
            await session.aclose()

    return run_work(read(), err)
