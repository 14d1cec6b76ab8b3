"""`halo-wizard test --plan FILE [--json]`: the end-to-end test of a saved plan, its result kept
in the plan.

What an earlier test left behind (a run killed during its clean-up) is named in the preview and
removed before the test creates anything; the plan file is saved each time the test has created a
record, so that a run killed later leaves its records named there.

Exit codes: 0 every hop passed, 1 a hop failed (or cleanup was incomplete), 2 unusable plan."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._session import open_plan_session, run_work, say_line
from halo_wizard.plan.model import PlanError

if TYPE_CHECKING:
    from halo_wizard.steps.end_to_end import E2ESettings


def run(args: argparse.Namespace) -> int:
    return run_test_command(args.plan, args.json)


def run_test_command(plan_path: Path, as_json: bool, *, settings: E2ESettings | None = None) -> int:
    """Run the end-to-end test and print its hops (JSON on stdout with --json, progress on
    stderr then)."""
    from halo_wizard.plan.store import save_plan
    from halo_wizard.steps.end_to_end import E2EPreview, E2EResult, format_result, run_end_to_end

    opened = open_plan_session(plan_path)
    if opened is None:
        return EXIT_CANNOT_RUN
    plan, session = opened
    say = sys.stderr if as_json else sys.stdout
    unsaved: list[str] = []

    def progress(done: int, total: int, text: str) -> None:
        say_line(f"  [{done}/{total}] {text}", say)

    def confirm(preview: E2EPreview) -> bool:
        say_line(f"The end-to-end test {preview.tag} will:", say)
        for line in preview.lines:
            say_line(f"  - {line}", say)
        return True

    def keep() -> None:
        try:
            save_plan(plan, plan_path)
        except (PlanError, OSError) as exc:
            if not unsaved:  # said once; the next run still finds the records by their tag
                say_line(
                    f"warning: the plan file {plan_path} could not be saved ({exc}); if this "
                    "test is interrupted, the next one finds its records by their tag",
                    sys.stderr,
                )
            unsaved.append(str(exc))

    async def run_test() -> E2EResult:
        try:
            return await run_end_to_end(
                session, progress=progress, confirm_start=confirm, settings=settings, keep=keep
            )
        finally:
            await session.aclose()

    result = run_work(run_test())
    try:
        save_plan(plan, plan_path)
    except (PlanError, OSError) as exc:
        say_line(f"warning: the result was not saved in {plan_path}: {exc}", sys.stderr)
    if as_json:
        # ASCII escapes: valid JSON on any console code page or pipe.
        say_line(json.dumps(result.to_dict(), indent=2), sys.stdout)
    else:
        for line in format_result(result):
            say_line(line, sys.stdout)
    return 0 if result.passed else 1
