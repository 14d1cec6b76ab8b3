"""`halo-wizard check --plan FILE [--json]`: compare a saved plan with the live instances, and
name the test records an earlier end-to-end test left behind (reported only: the next
`halo-wizard test` removes them). `halo-wizard check --all [--json]` does the same for every plan
of this machine at once, within each instance's request budget; secrets come from the keychain
only (a HALO_A_/HALO_B_CLIENT_SECRET variable fits one plan, not all).

Exit codes: 0 no drift and nothing left behind, 1 drift or test records left behind (with --all:
in any plan), 2 the check cannot run (with --all: some plan could not be checked and none
drifted).

Every check keeps its result in the plan it checked (the plan's `last_drift`: when, what it found,
the configuration it was made on), so the overview (`halo-wizard overview`, the window's first
page) can tell which connection drifted and whether the result still describes the plan. With
--all, `--csv FILE` and `--pdf FILE` write that overview once every plan is checked."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from halo_wizard.api.errors import HaloError
from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._session import open_plan_session, run_work

if TYPE_CHECKING:
    from halo_wizard.plan.store import PlanStore
    from halo_wizard.steps.overview import ConnectionCheck

EXIT_NO_DRIFT: Final = 0
EXIT_DRIFT: Final = 1
EXIT_CANNOT_CHECK: Final = EXIT_CANNOT_RUN


def run(args: argparse.Namespace) -> int:
    if args.all:
        return run_check_all(
            args.json,
            authenticate=not args.no_authenticate,
            csv_path=args.csv,
            pdf_path=args.pdf,
        )
    if args.csv or args.pdf:
        print(
            "error: --csv and --pdf write the overview of every plan: use them with --all, or "
            "run `halo-wizard overview` (without checking).",
            file=sys.stderr,
        )
        return EXIT_CANNOT_CHECK
    return run_check_command(args.plan, args.json, authenticate=not args.no_authenticate)


def _keep(result: ConnectionCheck, err: TextIO, store: PlanStore | None = None) -> None:
    """Keep the result in its plan file; a file that cannot take it is said, not raised."""
    from halo_wizard.files import os_reason
    from halo_wizard.plan.model import PlanError
    from halo_wizard.steps.overview import save_result

    try:
        save_result(result, store=store)
    except OSError as exc:
        print(
            f"note: the result of {result.name} was not kept in {result.path}: {os_reason(exc)}.",
            file=err,
        )
    except PlanError as exc:
        print(f"note: the result of {result.name} was not kept: {exc}", file=err)


def run_check_command(
    plan_path: Path,
    as_json: bool,
    *,
    authenticate: bool = True,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Check the plan's instances for drift and print the report (JSON or text)."""
    from halo_wizard.steps.drift import DriftReport
    from halo_wizard.steps.leftovers import Leftovers
    from halo_wizard.steps.overview import CheckState, ConnectionCheck, drift_and_leftovers

    out = out or sys.stdout
    err = err or sys.stderr
    opened = open_plan_session(plan_path, err)
    if opened is None:
        return EXIT_CANNOT_CHECK
    plan, session = opened
    result = ConnectionCheck(plan.id, plan.name, Path(plan_path), fingerprint=plan.fingerprint())

    async def run_check() -> tuple[DriftReport, Leftovers]:
        try:
            return await drift_and_leftovers(session, authenticate=authenticate)
        finally:
            await session.aclose()

    try:
        report, leftovers = run_work(run_check(), err)
    except HaloError as exc:
        print(f"error: the check could not run: {exc}", file=err)
        result.state, result.reason = CheckState.CANNOT, exc.message
        _keep(result, err)
        return EXIT_CANNOT_CHECK
    result.take(plan, report, leftovers.lines(), len(leftovers.found))
    _keep(result, err)
    if as_json:
        json.dump(
            {**report.to_dict(), "leftovers": leftovers.to_dict()},
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    else:
        out.write(report.format_text())
        out.write("\n".join(leftovers.lines()) + "\n")
    return EXIT_NO_DRIFT if report.ok and not leftovers.any else EXIT_DRIFT


def run_check_all(
    as_json: bool,
    *,
    authenticate: bool = True,
    plans_folder: Path | None = None,
    csv_path: Path | None = None,
    pdf_path: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Check every plan in the plans folder, keeping each result in its plan; progress on `err`,
    the results on `out`; then the overview to `csv_path` / `pdf_path` when given."""
    import io
    import os

    from halo_wizard import credentials
    from halo_wizard.commands._session import session_for_plan
    from halo_wizard.commands.overview import check_outputs, export_overview
    from halo_wizard.paths import plans_dir
    from halo_wizard.plan.model import Plan
    from halo_wizard.plan.store import PlanStore
    from halo_wizard.steps.overview import CheckState, Connection, check_all
    from halo_wizard.steps.session import Session

    out = out or sys.stdout
    err = err or sys.stderr
    folder = plans_folder or plans_dir()
    check_outputs(csv_path, pdf_path)  # before the work: a folder, or one not writable
    store = PlanStore(folder)
    entries = store.read_all()  # each file read once
    if not entries:
        print(f"No plans in {folder}: nothing to check.", file=err)
        export_overview(store, csv_path, pdf_path, err)
        return EXIT_NO_DRIFT
    ignored = [name for name in credentials.PLAN_SECRET_ENV.values() if os.environ.get(name)]
    if ignored:
        print(
            f"note: {' and '.join(ignored)} not used with --all: each plan's secrets come from "
            "the keychain.",
            file=err,
        )
    connections = [Connection.of(entry) for entry in entries]

    def open_session(plan: Plan) -> Session | str:
        said = io.StringIO()
        session = session_for_plan(plan, said, environment=False)
        if session is None:
            lines = [line.removeprefix("error: ") for line in said.getvalue().splitlines()]
            return "; ".join(lines) or "no session"
        return session

    def progress(done: int, total: int, result: ConnectionCheck) -> None:
        print(f"[{done}/{total}] {result.name}: {result.summary}", file=err, flush=True)
        _keep(result, err, store)

    results = run_work(
        check_all(connections, open_session, authenticate=authenticate, progress=progress), err
    )
    drifted = [r for r in results if r.state is CheckState.DRIFTED]
    unchecked = [r for r in results if r.state is CheckState.CANNOT]
    if as_json:
        json.dump(
            {
                "ok": not drifted and not unchecked,
                "plans": [r.to_dict() for r in results],
            },
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    else:
        width = max(len(r.name) for r in results)
        for r in results:
            between = f"{r.customer} → {r.supplier}: " if r.customer or r.supplier else ""
            out.write(f"{r.name:<{width}}  {between}{r.summary}\n")
        out.write(
            f"{len(results)} plan(s): {len(results) - len(drifted) - len(unchecked)} without "
            f"drift, {len(drifted)} drifted, {len(unchecked)} could not be checked.\n"
        )
    export_overview(store, csv_path, pdf_path, err)
    if drifted:
        return EXIT_DRIFT
    return EXIT_CANNOT_CHECK if unchecked else EXIT_NO_DRIFT
