"""Starting the end-to-end test: on both instances when this admin holds both, or from this
admin's side when a partner's admin holds the other (issue 15)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from halo_wizard.steps.end_to_end.one_side import OneSideRun
from halo_wizard.steps.end_to_end.result import ConfirmStart, E2EResult, E2ESettings
from halo_wizard.steps.end_to_end.run import StepRunner, _Run, both_sides, drive
from halo_wizard.steps.session import Progress, Session


async def run_end_to_end(
    session: Session,
    *,
    progress: Progress,
    confirm_start: ConfirmStart,
    settings: E2ESettings | None = None,
    short_id: str | None = None,
    keep: Callable[[], None] | None = None,
) -> E2EResult:
    """Run seed 001's worked example; the result is also kept in plan.e2e. Nothing is written
    before `confirm_start` approves the preview; whatever the run created is deleted (or closed)
    afterwards, whatever happened. `keep` saves the plan: it is called each time the run has put
    a new record's id in plan.e2e, so that a run killed later can be cleaned up.

    With a partner (two organisations), the run writes to this admin's instance only and proves
    what it shows; the partner's run, started at about the same time, proves the rest."""
    chosen = settings or E2ESettings()
    short = short_id or uuid.uuid4().hex[:8]
    if session.partner is not None:
        one = OneSideRun(session, progress, chosen, short, keep)
        return await drive(one, progress=progress, confirm_start=confirm_start, hops=one.hops)
    run = _Run(session, progress, chosen, short, keep)

    async def hops(step: StepRunner) -> None:
        await both_sides(run, step)

    return await drive(run, progress=progress, confirm_start=confirm_start, hops=hops)
