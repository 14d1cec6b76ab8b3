"""The command line: its parser, and the dispatch to the window or to a module of commands/."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from halo_wizard import __version__
from halo_wizard.api.errors import HaloError
from halo_wizard.files import FileProblem, os_reason
from halo_wizard.logsetup import configure_logging, install_excepthook

log = logging.getLogger(__name__)


class _SimulateHelp(argparse.HelpFormatter):
    """`simulate --help` names the dialects when it is shown: importing the simulator to name
    them up front would load it on every start of the window."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if action.dest == "dialect" and text is not None:
            from halo_wizard.simulator.dialects import preset_names

            return text + ", ".join(preset_names())
        return text


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line, or (`with_commands` False) only the options of the window, which a
    start of the window parses without building every command's parser (6 ms of its start)."""
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
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    from halo_wizard.api.constants import ISSUED_SECRET, UNKNOWNS

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    sim = commands.add_parser(
        "simulate",
        help="run simulated Halo instances until interrupted",
        formatter_class=_SimulateHelp,
    )
    sim.add_argument("--demo", action="store_true", help="the two bundled demo instances")
    sim.add_argument("--snapshot", action="append", type=Path, default=[], metavar="FILE")
    sim.add_argument("--scale", type=int, default=1, help="multiply the demo data (e.g. 20)")
    sim.add_argument(
        "--customers",
        type=int,
        metavar="N",
        help="the demo as an MSP sees it: Northwind MSP's instance and N customers' instances "
        "(Contoso and N-1 more, from 1 to 200), each customer to connect to the MSP",
    )
    sim.add_argument(
        "--plans",
        nargs="?",
        const="",
        metavar="DIR",
        help="with --customers: once the instances listen, set up one plan per customer in DIR "
        "(default: this machine's plans, where `check --all` and the window look), the secrets "
        "in the keychain; removed when the instances stop",
    )
    sim.add_argument("--info", type=Path, metavar="FILE", help="write URLs and credentials here")
    sim.add_argument("--latency", type=float, default=0.0, help="added latency in milliseconds")
    sim.add_argument(
        "--dialect",
        action="append",
        default=[],
        metavar="NAME",
        help="answer the unknowns about Halo this way (repeatable or comma-separated): ",
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
    which = drift.add_mutually_exclusive_group(required=True)
    which.add_argument("--plan", type=Path, metavar="FILE")
    which.add_argument(
        "--all", action="store_true", help="check every plan of this machine at once"
    )
    drift.add_argument("--json", action="store_true", help="print the drifts as JSON")
    drift.add_argument(
        "--no-authenticate",
        action="store_true",
        help="do not press Authenticate connection on the profiles (it writes a test flag)",
    )
    drift.add_argument(
        "--csv", type=Path, metavar="FILE", help="with --all: then write the overview as CSV"
    )
    drift.add_argument(
        "--pdf", type=Path, metavar="FILE", help="with --all: then write the overview as a PDF"
    )

    overview = commands.add_parser(
        "overview",
        help="every connection of this machine from what its plan holds (no instance is asked): "
        "authenticated, last drift check, last end-to-end test, report, what to do next",
    )
    overview.add_argument("--csv", type=Path, metavar="FILE", help="write it as CSV")
    overview.add_argument("--pdf", type=Path, metavar="FILE", help="write it as a one-page PDF")
    overview.add_argument("--json", action="store_true", help="print it as JSON")

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

    confirm = commands.add_parser(
        "confirm",
        help="confirm by hand a setting Halo's API does not show (the action check lists them); "
        "without a rule, list what the last check waits on",
    )
    confirm.add_argument("--plan", required=True, type=Path, metavar="FILE")
    confirm.add_argument("rule", nargs="?", help="the rule to confirm, e.g. R14")
    confirm.add_argument("--by", metavar="NAME", help="your name: the plan and the report keep it")
    confirm.add_argument(
        "--side", choices=("customer", "supplier"), help="the instance the record is on"
    )
    confirm.add_argument("--record", metavar="NAME", help="the action or record it is about")
    confirm.add_argument("--note", metavar="TEXT", help="what you looked at, for the report")
    confirm.add_argument(
        "--all", action="store_true", help="confirm every record the rule waits on"
    )

    invite = commands.add_parser(
        "invite",
        help="two organisations: set up your side of a plan and write an encrypted invitation for "
        "your partner's admin (the pairing code is shown on the terminal only)",
    )
    invite.add_argument("--plan", required=True, type=Path, metavar="FILE")
    invite.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    invite.add_argument(
        "--side",
        choices=("customer", "supplier"),
        help="the side you manage (default: the one whose address and client id the plan holds)",
    )
    invite.add_argument("--yes", action="store_true", help="write without asking")

    accept = commands.add_parser(
        "accept",
        help="open a partner's invitation and set up your side of the connection from it",
    )
    accept.add_argument("invitation", type=Path, metavar="FILE")
    accept.add_argument(
        "--plan",
        required=True,
        type=Path,
        metavar="FILE",
        help="your plan: a new file (give --url and --client-id) or one holding your instance",
    )
    accept.add_argument("--url", help="your instance's address (for a new plan)")
    accept.add_argument("--client-id", help="your API application's client id (for a new plan)")
    accept.add_argument("--name", help="your organisation's name (for a new plan)")
    accept.add_argument("--yes", action="store_true", help="write without asking")
    accept.add_argument(
        "--auto-map", action="store_true", help="auto-map what the plan leaves unmapped"
    )

    reply = commands.add_parser(
        "reply", help="write the encrypted reply to the invitation a plan accepted"
    )
    reply.add_argument("--plan", required=True, type=Path, metavar="FILE")
    reply.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")

    finish = commands.add_parser(
        "finish", help="open your partner's reply and finish your side of the connection"
    )
    finish.add_argument("--plan", required=True, type=Path, metavar="FILE")
    finish.add_argument("--reply", required=True, type=Path, metavar="FILE")
    finish.add_argument("--yes", action="store_true", help="write without asking")
    finish.add_argument(
        "--auto-map", action="store_true", help="auto-map what the plan leaves unmapped"
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
    """Parse `argv` and run the subcommand it names (the window without one); the exit code."""
    args = parse(sys.argv[1:] if argv is None else list(argv))
    try:
        configure_logging(logging.DEBUG if args.debug else logging.INFO)
    except OSError as exc:
        print(f"error: {_home_problem(exc)}", file=sys.stderr)
        return 2
    install_excepthook()
    try:
        return _dispatch(args)
    except (HaloError, FileProblem) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        if not _plan_error(exc):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        # A file or folder the command needed; the details go to the log, not the screen.
        log.debug("file error", exc_info=True)
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"error: a file could not be used{where}: {os_reason(exc)}. Check the path and "
            "that you may write there, then run the command again.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130


def _plan_error(exc: BaseException) -> bool:
    """Whether `exc` is a PlanError. Only a loaded plan model raises one, and the window's start
    does not load it (it is slow to load): looked for among the loaded modules, not imported."""
    model = sys.modules.get("halo_wizard.plan.model")
    return model is not None and isinstance(exc, model.PlanError)


def parse(argv: list[str]) -> argparse.Namespace:
    """`argv` parsed: by the window's options alone when they are all it holds (a start of the
    window), else by the whole parser (a command, help, or a mistake, with its full message)."""
    if all(arg.startswith("-") and arg not in ("-h", "--help") for arg in argv):
        window, rest = build_parser(with_commands=False).parse_known_args(argv)
        if not rest:
            return window
    return build_parser().parse_args(argv)


def _home_problem(exc: OSError) -> FileProblem:
    """halo_wizard's own folder (its log first of all) cannot be used."""
    from halo_wizard import paths

    home = os.environ.get(paths.HOME_ENV)
    # Named from the error, not from paths.log_dir(): that would try the same folder again.
    folder = exc.filename or "for its log"
    where = f"{paths.HOME_ENV}={home}" if home else f"halo_wizard's folder {folder}"
    return FileProblem(
        f"{where} cannot be used for halo_wizard's files: {os_reason(exc)}.",
        f"Set {paths.HOME_ENV} to a folder you can write to (or unset it).",
    )


def _dispatch(args: argparse.Namespace) -> int:
    """Run the module of commands/ that the parser's subcommand names (each has a run(args) and
    is imported only when it runs); without a subcommand, the window."""
    if args.command:
        module = importlib.import_module(f"halo_wizard.commands.{args.command}")
        code: int = module.run(args)
        return code
    from halo_wizard.commands import window

    if args.smoke_test:
        return window.smoke_test(args.smoke_test)
    return window.run(args)
