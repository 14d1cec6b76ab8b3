"""The command line: the window by default, and the headless subcommands on the same engine."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from halo_wizard import __version__
from halo_wizard.api.constants import ISSUED_SECRET, UNKNOWNS
from halo_wizard.api.errors import HaloError
from halo_wizard.logsetup import configure_logging, install_excepthook
from halo_wizard.plan.model import ConnectionKind, Plan, PlanError, Side

if TYPE_CHECKING:
    from halo_wizard.steps.session import Session

log = logging.getLogger(__name__)

CUSTOMER_SECRET_ENV = "HALO_A_CLIENT_SECRET"
SUPPLIER_SECRET_ENV = "HALO_B_CLIENT_SECRET"
SNAPSHOT_SECRET_ENV = "HALO_CLIENT_SECRET"


def credential_key(base_url: str, client_id: str) -> str:
    """The keychain entry for one API application's secret (shared by plans and commands)."""
    return f"{base_url.rstrip('/').lower()} {client_id.strip()}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="halo-wizard",
        description="Connect two Halo instances for ticket sync. Without a command, opens the "
        "window.",
    )
    parser.add_argument("--version", action="version", version=f"halo_wizard {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open the window on two simulated demo instances"
    )
    parser.add_argument("--debug", action="store_true", help="log at debug level")
    parser.add_argument(
        "--smoke-test",
        metavar="REPORT_PDF",
        type=Path,
        help="start offscreen, build the window on the demo instances, write the demo report "
        "to REPORT_PDF and exit (checks a frozen build)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    sim = commands.add_parser("simulate", help="run simulated Halo instances until interrupted")
    sim.add_argument("--demo", action="store_true", help="the two bundled demo instances")
    sim.add_argument("--snapshot", action="append", type=Path, default=[], metavar="FILE")
    sim.add_argument("--scale", type=int, default=1, help="multiply the demo data (e.g. 20)")
    sim.add_argument("--info", type=Path, metavar="FILE", help="write URLs and credentials here")
    sim.add_argument("--latency", type=float, default=0.0, help="added latency in milliseconds")
    from halo_wizard.simulator.dialects import preset_names

    sim.add_argument(
        "--dialect",
        action="append",
        default=[],
        metavar="NAME",
        help="answer the unknowns about Halo this way (repeatable or comma-separated): "
        + ", ".join(preset_names()),
    )

    apply = commands.add_parser(
        "apply", help="perform the set-up steps of a saved plan without a window"
    )
    apply.add_argument("--plan", required=True, type=Path, metavar="FILE")
    apply.add_argument("--yes", action="store_true", help="write without asking")
    apply.add_argument(
        "--auto-map",
        action="store_true",
        help="before writing mappings, auto-map what the plan leaves unmapped (exact and "
        "near-exact names) and propose the defaults",
    )
    apply.add_argument(
        "--recommended",
        action="store_true",
        help="then create the recommended sync actions the action check proposes where they "
        "are missing (shown before they are written), with their workflows and mappings",
    )

    report = commands.add_parser("report", help="write the mapping report of a plan as PDF")
    report.add_argument("--plan", required=True, type=Path, metavar="FILE")
    report.add_argument("-o", "--output", required=True, type=Path, metavar="PDF")
    report.add_argument("--page-size", choices=("A4", "Letter"), default="A4")

    validate = commands.add_parser(
        "validate", help="check every documented action rule, live (--plan) or on two snapshots"
    )
    validate.add_argument("--plan", type=Path, metavar="FILE", help="a saved plan (live check)")
    validate.add_argument(
        "--snapshot",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="twice: the customer's instance (sends tickets), then the supplier's",
    )
    validate.add_argument("--json", action="store_true", help="print the findings as JSON")

    test = commands.add_parser(
        "test", help="run the end-to-end test of a saved plan (a tagged test ticket, removed after)"
    )
    test.add_argument("--plan", required=True, type=Path, metavar="FILE")
    test.add_argument("--json", action="store_true", help="print the result as JSON")

    drift = commands.add_parser(
        "check", help="compare a saved plan with the live instances and list every drift"
    )
    drift.add_argument("--plan", required=True, type=Path, metavar="FILE")
    drift.add_argument("--json", action="store_true", help="print the drifts as JSON")
    drift.add_argument(
        "--no-authenticate",
        action="store_true",
        help="do not press Authenticate connection on the profiles (it writes a test flag)",
    )

    learn = commands.add_parser(
        "learn",
        help="let an instance show one of Halo's unknowns: set one value in Halo's own screen, "
        "halo_wizard reads back how Halo holds it and keeps the answer in the plan",
    )
    learn.add_argument("--plan", required=True, type=Path, metavar="FILE")
    learn.add_argument(
        "--question",
        required=True,
        choices=[u.key for u in UNKNOWNS if u is not ISSUED_SECRET],
        help="the unknown to learn (halo-api.md section 0; `halo-wizard learn --help` lists them)",
    )
    learn.add_argument(
        "--side",
        choices=("customer", "supplier"),
        help="the instance to learn it on (default: where it matters most)",
    )
    learn.add_argument("--action", metavar="NAME", help="the action to make the example on")
    learn.add_argument(
        "--done",
        action="store_true",
        help="the value is already set in Halo: read it back without waiting",
    )

    snap = commands.add_parser("snapshot", help="export a live instance to a snapshot file")
    snap.add_argument("--url", required=True, help="the instance address")
    snap.add_argument("--client-id", required=True)
    snap.add_argument("--scope", default="all")
    snap.add_argument("-o", "--output", required=True, type=Path)

    probe = commands.add_parser(
        "probe",
        help="check what halo_wizard assumes about Halo against a live instance (read-only: "
        "GET requests and a token only)",
    )
    probe.add_argument("--url", required=True, help="the instance address")
    probe.add_argument("--client-id", required=True)
    probe.add_argument("--scope", default="all")
    probe.add_argument(
        "--json",
        action="store_true",
        help="print the report as JSON (product, version and verdicts only: safe to send)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(logging.DEBUG if args.debug else logging.INFO)
    install_excepthook()
    try:
        if args.command == "simulate":
            return _simulate(args)
        if args.command == "snapshot":
            return _snapshot(args)
        if args.command == "probe":
            return _probe(args)
        if args.command == "apply":
            return _apply(args)
        if args.command == "test":
            from halo_wizard.steps.end_to_end import run_test_command

            return run_test_command(args.plan, args.json)
        if args.command == "validate":
            from halo_wizard.rules.cli import run_validate

            return run_validate(args.plan, args.snapshot, args.json)
        if args.command == "report":
            return _report(args)
        if args.command == "learn":
            return _learn(args)
        if args.command == "check":
            from halo_wizard.steps.drift import run_check_command

            return run_check_command(args.plan, args.json, authenticate=not args.no_authenticate)
        if args.smoke_test:
            return _smoke_test(args.smoke_test)
        return _window(args)
    except (HaloError, PlanError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _window(args: argparse.Namespace) -> int:
    try:
        from halo_wizard.ui.app import run_window
    except ImportError:
        if not args.demo:
            print(
                "The window is not part of this build yet; try `halo-wizard simulate --demo`.",
                file=sys.stderr,
            )
            return 2
        print("The window is not part of this build yet: starting the demo instances instead.")
        return _simulate(
            argparse.Namespace(demo=True, snapshot=[], scale=1, info=None, latency=0.0)
        )
    return int(run_window(demo=args.demo))


def _simulate(args: argparse.Namespace) -> int:
    import json

    from halo_wizard.simulator.demo import demo_snapshots
    from halo_wizard.simulator.dialects import Dialect, DialectError
    from halo_wizard.simulator.run import run_simulator

    names = list(getattr(args, "dialect", None) or [])
    try:
        dialect = Dialect.parse(names) if names else None
    except DialectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    snapshots = [json.loads(Path(p).read_text(encoding="utf-8")) for p in args.snapshot]
    if args.demo or not snapshots:
        snapshots = demo_snapshots(max(1, args.scale)) + snapshots
    return run_simulator(
        snapshots, info_path=args.info, latency=args.latency / 1000.0, dialect=dialect
    )


def _snapshot(args: argparse.Namespace) -> int:
    from halo_wizard.api.client import HaloClient
    from halo_wizard.api.snapshot import write_json_atomic
    from halo_wizard.api.urls import parse_instance_url
    from halo_wizard.steps.configuration import export_snapshot

    endpoint = parse_instance_url(args.url)
    secret = _instance_secret(endpoint.base_url, args.client_id)
    if not secret:
        return 2

    async def run() -> int:
        async with HaloClient(endpoint, args.client_id, secret, scope=args.scope) as client:
            snapshot = await export_snapshot(
                client, progress=lambda e, n, t: print(f"  read {e} ({n}/{t})")
            )
        write_json_atomic(args.output, snapshot)
        counts = ", ".join(f"{len(v)} {k}" for k, v in snapshot["records"].items() if v)
        print(f"wrote {args.output}: {counts}")
        return 0

    return asyncio.run(run())


def _instance_secret(base_url: str, client_id: str) -> str | None:
    """One instance's client secret for a headless command: HALO_CLIENT_SECRET, else the
    keychain entry the window saved; None after saying where to put it."""
    from halo_wizard.secretstore import default_store, secret_from_environment

    secret = secret_from_environment(SNAPSHOT_SECRET_ENV) or default_store().get(
        credential_key(base_url, client_id)
    )
    if not secret:
        print(
            f"error: no client secret: set {SNAPSHOT_SECRET_ENV} or store it in the keychain "
            "from the window.",
            file=sys.stderr,
        )
    return secret or None


def _probe(args: argparse.Namespace) -> int:
    """Probe one instance; 0 when nothing a later step relies on is contradicted, else 1."""
    from halo_wizard.api.client import HaloClient
    from halo_wizard.api.urls import parse_instance_url
    from halo_wizard.steps.probe import probe

    endpoint = parse_instance_url(args.url)
    secret = _instance_secret(endpoint.base_url, args.client_id)
    if not secret:
        return 2

    async def run() -> int:
        async with HaloClient(endpoint, args.client_id, secret, scope=args.scope) as client:
            report = await probe(client)
        relied = report.relied_on_contradictions()
        if args.json:
            print(report.to_json())
        else:
            print(report.format_text())
            print()
            if relied:
                print(f"{len(relied)} contradiction(s) that a later step relies on:")
                for verdict in relied:
                    print(f"  {verdict.claim} ({verdict.relied_on_by})")
            elif report.contradictions():
                print(
                    "Nothing a later step relies on is contradicted; halo_wizard copes with "
                    "the rest."
                )
            else:
                print("Nothing halo_wizard assumes is contradicted.")
        return 1 if relied else 0

    return asyncio.run(run())


def plan_secret(plan_side: str, secret_key: str) -> str | None:
    """A plan side's client secret: its environment variable first, then the keychain."""
    from halo_wizard.secretstore import default_store, secret_from_environment

    env = CUSTOMER_SECRET_ENV if plan_side == "customer" else SUPPLIER_SECRET_ENV
    return secret_from_environment(env) or default_store().get(secret_key)


LINKED_SECRET_ENV = "HALO_LINKED_CLIENT_SECRET"


def linked_application_secret(plan: Plan) -> str | None:
    """The secret of the API application a shared list's second instance signs in with."""
    from halo_wizard.plan.linked import application_secret_key
    from halo_wizard.secretstore import default_store, secret_from_environment

    return secret_from_environment(LINKED_SECRET_ENV) or default_store().get(
        application_secret_key(plan)
    )


def _apply(args: argparse.Namespace) -> int:
    from halo_wizard.plan.store import load_plan, save_plan
    from halo_wizard.secretstore import default_store, secret_from_environment
    from halo_wizard.steps.flow import ISSUED_SECRET_ENV, run_linked_setup, run_setup
    from halo_wizard.steps.profiles import ROLES
    from halo_wizard.steps.session import StoreKeeper, open_session

    plan = load_plan(args.plan)
    problems = plan.missing_fields()
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    missing = [
        env
        for side, env in (("customer", CUSTOMER_SECRET_ENV), ("supplier", SUPPLIER_SECRET_ENV))
        if not plan_secret(side, plan.secret_key_for(Side(side)))
    ]
    if missing:
        print(
            "error: no client secret for "
            + " and ".join(missing)
            + ": set the environment variable(s) or save the plan once from the window.",
            file=sys.stderr,
        )
        return 2

    def confirm(changes: Sequence[object]) -> bool:
        if args.yes:
            return True
        if not sys.stdin.isatty():
            print("Not writing without --yes (no terminal to ask).", file=sys.stderr)
            return False
        return input(f"Write these {len(changes)} change(s)? [y/N] ").strip().lower() == "y"

    manual = {
        role.label: value
        for role in ROLES
        if (value := secret_from_environment(ISSUED_SECRET_ENV[role.side]))
    }

    async def run() -> int:
        session = open_session(
            plan,
            lambda side, inst: plan_secret(side.value, plan.secret_key_for(side)),
            keeper=StoreKeeper(default_store()),
        )
        try:
            if plan.kind is ConnectionKind.CONNECTED_INSTANCES:
                if args.recommended:
                    print("--recommended is for sync through profiles: a shared list has none.")
                await run_linked_setup(
                    session,
                    say=print,
                    confirm=confirm,
                    save_plan=lambda: save_plan(plan, args.plan),
                    application_secret=linked_application_secret(plan),
                )
            else:
                await run_setup(
                    session,
                    say=print,
                    confirm=confirm,
                    save_plan=lambda: save_plan(plan, args.plan),
                    manual_secrets=manual,
                    auto_map=args.auto_map,
                    recommended=args.recommended,
                )
        finally:
            await session.aclose()
            save_plan(plan, args.plan)
        print("Set-up complete.")
        return 0

    return asyncio.run(run())


def plan_session(plan_path: Path) -> tuple[Plan, Session] | None:
    """The plan and a session on both its instances, or None after saying what is missing."""
    from halo_wizard.plan.store import load_plan

    plan = load_plan(plan_path)
    session = session_for_plan(plan, sys.stderr)
    return None if session is None else (plan, session)


def session_for_plan(plan: Plan, err: TextIO) -> Session | None:
    """A session on both instances of `plan` (secrets from the environment or the keychain, the
    keychain keeping what an instance shows once), or None after saying on `err` what is
    missing: the one preamble of every headless command that works on a plan."""
    from halo_wizard.secretstore import default_store
    from halo_wizard.steps.session import StoreKeeper, open_session

    problems = plan.missing_fields()
    missing = [
        env
        for side, env in (
            (Side.CUSTOMER, CUSTOMER_SECRET_ENV),
            (Side.SUPPLIER, SUPPLIER_SECRET_ENV),
        )
        if not plan_secret(side.value, plan.secret_key_for(side))
    ]
    if missing:
        problems.append(
            "no client secret for " + " and ".join(missing) + ": set the environment "
            "variable(s) or save the plan once from the window."
        )
    for problem in problems:
        print(f"error: {problem}", file=err)
    if problems:
        return None
    return open_session(
        plan,
        lambda side, inst: plan_secret(side.value, plan.secret_key_for(side)),
        keeper=StoreKeeper(default_store()),
    )


def _learn(args: argparse.Namespace) -> int:
    from halo_wizard.api import constants as C
    from halo_wizard.plan.store import save_plan
    from halo_wizard.steps import learning

    unknown = C.UNKNOWN_BY_KEY[args.question]
    opened = plan_session(args.plan)
    if opened is None:
        return 2
    plan, session = opened
    side = Side(args.side) if args.side else learning.default_side(unknown)

    async def run() -> int:
        try:
            known = plan.instance(side).learned.get(unknown.key)
            if known is not None:
                print(
                    f"{session.name(side)} has shown it already: {known.answer} ({known.evidence})"
                )
            example = await learning.prepare(session, unknown, side, action=args.action)
            print(example.instructions)
            if not args.done:
                if not sys.stdin.isatty():
                    print("Then run this command again with --done.")
                    return 0
                input("Press Enter once it is saved in Halo… ")
            found = await learning.read_back(session, example, before_known=not args.done)
        finally:
            await session.aclose()
        save_plan(plan, args.plan)
        if found.answer is None:
            print(f"Nothing learned: {found.seen}. Check the value in Halo and try again.")
            return 1
        print(f"Learned on {session.name(side)}: {found.answer} ({found.seen})")
        return 0

    return asyncio.run(run())


def _report(args: argparse.Namespace) -> int:
    from halo_wizard.plan.store import load_plan
    from halo_wizard.report.build import write_plan_report

    plan = load_plan(args.plan)
    pages = write_plan_report(plan, args.output, page_size=args.page_size)
    print(f"wrote {args.output} ({pages} pages)")
    return 0


def _smoke_test(report_path: Path) -> int:
    """Offscreen: the window on the demo instances, then the demo report; 0 when both work."""
    import os

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from halo_wizard.ui.smoke import run_smoke_test

    return run_smoke_test(report_path)
