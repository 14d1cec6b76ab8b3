"""The one preamble of every command that works on a plan: load it, check it, find its secrets,
open a session; each failure said on stderr in the same words."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO, TypeVar

from halo_wizard import credentials
from halo_wizard.plan.model import Plan, PlanError, Side

if TYPE_CHECKING:  # the HTTP client is imported by the commands that talk to an instance only
    from halo_wizard.steps.session import Session


T = TypeVar("T")

HOLD_NOTE_EVERY: Final = 30.0
"""Seconds between two lines on stderr while an instance's request budget holds a command back."""


def run_work(work: Coroutine[Any, Any, T], err: TextIO | None = None) -> T:
    """Run a command's work in a new event loop (asyncio.run), saying on `err` whenever an
    instance's request budget holds it back (Halo allows 700 requests per 5 minutes): a long
    read at an MSP's scale may wait minutes, and a silent terminal looks hung."""
    stream = err or sys.stderr

    async def main() -> T:
        from halo_wizard.api.ratelimit import holds

        async def tell() -> None:
            loop = asyncio.get_running_loop()
            said_at: float | None = None
            while True:
                await asyncio.sleep(1.0)
                shown = holds()
                if not shown:
                    said_at = None
                elif said_at is None or loop.time() - said_at >= HOLD_NOTE_EVERY:
                    for hold in shown:
                        say_line(f"waiting: {hold.words()}", stream)
                    said_at = loop.time()

        teller = asyncio.create_task(tell())
        try:
            return await work
        finally:
            teller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await teller

    return asyncio.run(main())


def confirm_writes(yes: bool) -> Callable[[Sequence[object]], bool]:
    """The set-up's confirmation before it writes: --yes, or a question on the terminal."""

    def confirm(changes: Sequence[object]) -> bool:
        if yes:
            return True
        if not sys.stdin.isatty():
            print("Not writing without --yes (no terminal to ask).", file=sys.stderr)
            return False
        return input(f"Write these {len(changes)} change(s)? [y/N] ").strip().lower() == "y"

    return confirm


def say_line(text: str, stream: TextIO) -> None:
    """Print a line; characters the console's code page lacks (e.g. →) become '?'."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()


def load_plan_or_say(plan_path: Path, err: TextIO | None = None) -> Plan | None:
    """The plan in `plan_path`, or None after saying on `err` why it cannot be used."""
    from halo_wizard.plan.store import load_plan

    err = err or sys.stderr
    try:
        return load_plan(plan_path)
    except PlanError as exc:  # the message names the file and what to do
        print(f"error: {exc}", file=err)
    except OSError as exc:
        print(f"error: the plan file {plan_path} could not be read: {exc}", file=err)
    return None


def session_for_plan(
    plan: Plan, err: TextIO | None = None, *, environment: bool = True
) -> Session | None:
    """A session on both instances of `plan`, or None after saying on `err` every problem:
    first the fields the plan lacks, then the secrets neither the environment nor the keychain
    holds (the keychain alone when not `environment`). The keychain keeps what an instance
    shows only once."""
    from halo_wizard.secretstore import default_store
    from halo_wizard.steps.session import StoreKeeper, open_session

    err = err or sys.stderr
    if plan.pairing is not None:
        # the partner's instance is their admin's
        return own_session(plan, err, environment=environment)
    store = default_store()
    problems = plan.missing_fields()
    secrets = {
        side: credentials.plan_secret(plan, side, store, environment=environment) for side in Side
    }
    missing = [credentials.PLAN_SECRET_ENV[side] for side in Side if not secrets[side]]
    if missing and not environment:
        problems.append(
            "no client secret for "
            + " and ".join(
                plan.instance(side).name or side.value for side in Side if not secrets[side]
            )
            + " in the keychain: open the plan once in the window and save its secrets."
        )
    elif missing:
        problems.append(
            "no client secret for " + " and ".join(missing) + ": set the environment "
            "variable(s) or save the plan once from the window."
        )
    for problem in problems:
        print(f"error: {problem}", file=err)
    if problems:
        return None
    return open_session(plan, lambda side, inst: secrets[side], keeper=StoreKeeper(store))


def open_plan_session(plan_path: Path, err: TextIO | None = None) -> tuple[Plan, Session] | None:
    """The plan in `plan_path` and a session on both its instances, or None after saying on
    `err` what stops it (load plan → missing fields → secrets → session)."""
    plan = load_plan_or_say(plan_path, err)
    if plan is None:
        return None
    session = session_for_plan(plan, err)
    return None if session is None else (plan, session)


def own_session(
    plan: Plan, err: TextIO | None = None, *, environment: bool = True
) -> Session | None:
    """A session on this admin's instance and the partner's catalogue, or None after saying
    which secret is missing. Only this side's admin secret is ever looked for."""
    from halo_wizard.secretstore import default_store
    from halo_wizard.steps.session import StoreKeeper, instance_client
    from halo_wizard.steps.two_party import partner_session

    err = err or sys.stderr
    assert plan.pairing is not None
    side = plan.pairing.own_side
    store = default_store()
    problems = [p for p in plan.missing_fields() if p.startswith(f"plan.{side.value}")]
    secret = credentials.plan_secret(plan, side, store, environment=environment)
    if not secret:
        problems.append(
            f"no client secret for your instance: set {credentials.PLAN_SECRET_ENV[side]} or "
            "save the plan once from the window."
        )
    for problem in problems:
        print(f"error: {problem}", file=err)
    if problems:
        return None
    client = instance_client(plan.instance(side), secret)
    return partner_session(plan, client, keeper=StoreKeeper(store))
