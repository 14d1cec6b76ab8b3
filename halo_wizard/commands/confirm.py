"""`halo-wizard confirm`: confirm by hand a setting the API does not show, as the window does.

Without a rule it lists what the plan's last action check (window or `validate --plan`) is
waiting for. With one (`confirm --plan P R14 --by NAME`) it keeps the confirmation in the plan;
the next `validate` counts it. Exit codes: 0 confirmed or listed, 1 nothing matched, 2 the plan
cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Final, TextIO

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._session import load_plan_or_say, say_line
from halo_wizard.plan.model import PlanError, Side
from halo_wizard.steps import by_hand

EXIT_OK: Final = 0
EXIT_NOTHING_MATCHED: Final = 1


def run(args: argparse.Namespace) -> int:
    return run_confirm(
        args.plan,
        args.rule,
        by=args.by,
        side=Side(args.side) if args.side else None,
        record=args.record,
        note=args.note or "",
        every=args.all,
    )


def run_confirm(
    path: Path,
    rule: str | None,
    *,
    by: str | None,
    side: Side | None = None,
    record: str | None = None,
    note: str = "",
    every: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    from halo_wizard.plan.store import save_plan

    out = out or sys.stdout
    err = err or sys.stderr
    plan = load_plan_or_say(path, err)
    if plan is None:
        return EXIT_CANNOT_RUN
    if not by_hand.has_stored_check(plan):
        say_line(
            f"error: {path} holds no action check yet; run `halo-wizard validate --plan {path}` "
            "first, then confirm what it lists",
            err,
        )
        return EXIT_CANNOT_RUN
    waiting = by_hand.waiting(plan)
    if rule is None:
        _list(waiting, path, out)
        return EXIT_OK
    chosen = by_hand.matching(waiting, rule, side=side, record=record)
    if not chosen:
        say_line(f"Nothing to confirm for {rule.upper()} in the last action check.", err)
        if waiting:
            _list(waiting, path, err)
        return EXIT_NOTHING_MATCHED
    if len(chosen) > 1 and not every:
        say_line(
            f"{rule.upper()} waits on {len(chosen)} records; name one with --record NAME "
            "(and --side), or confirm them all with --all:",
            err,
        )
        for item in chosen:
            say_line(f"  {item.label()}", err)
        return EXIT_NOTHING_MATCHED
    if by is None or not by.strip():
        say_line("error: give your name with --by NAME: the plan and the report keep it", err)
        return EXIT_CANNOT_RUN
    by_hand.confirm(plan, chosen, by, note)
    try:
        save_plan(plan, path)
    except (PlanError, OSError) as exc:
        say_line(f"error: the confirmation was not saved: {exc}", err)
        return EXIT_CANNOT_RUN
    for item in chosen:
        say_line(f"Confirmed by hand: {item.label()}", out)
    say_line(f"Run `halo-wizard validate --plan {path}` to check again with it.", out)
    return EXIT_OK


def _list(waiting: list[by_hand.Waiting], path: Path, out: TextIO) -> None:
    if not waiting:
        say_line("The last action check waits on no check by hand.", out)
        return
    say_line("The last action check waits on these checks by hand:", out)
    for item in waiting:
        blocks = "blocks sync until confirmed" if item.blocking else "a warning"
        say_line(f"  {item.label()} ({blocks})", out)
        say_line(f"    {item.message}", out)
        say_line(f"    In Halo: {item.fix}", out)
    say_line(
        f"Look in Halo, then: halo-wizard confirm --plan {path} RULE --by NAME "
        "[--record NAME] [--note TEXT]",
        out,
    )
