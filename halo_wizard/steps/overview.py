"""Every connection of this machine checked together: the drift check and the test records left
behind, for each plan, concurrently, within each instance's request budget (issue 18).

The budget is shared by construction: every client of one instance (its API address and tenant)
in one event loop draws on one RollingWindowLimiter (api.ratelimit.shared_limiter), so an MSP's
own instance, which all its customers' plans name, is never asked more than Halo allows, however
many plans are checked at once.

The lists that are the same whatever the plan (statuses, actions, ticket types, ...:
configuration.SHARED_LISTS) are read once per instance and API application in a run and handed
to every check of that run (configuration.SharedReads): fifty checks against one MSP read its
actions once, not fifty times. What is plan-specific (the profiles, the test records left
behind) each check still reads itself."""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import Plan
from halo_wizard.steps.configuration import SharedReads
from halo_wizard.steps.session import Session

log = logging.getLogger(__name__)

CHECKS_AT_ONCE = 8
"""Plans checked at the same time. The instances' budgets pace the requests; this only bounds
how many sessions (connections, memory) are open together."""


class CheckState(enum.StrEnum):
    CLEAN = "no drift"
    DRIFTED = "drifted"
    CANNOT = "could not be checked"


@dataclass(slots=True)
class ConnectionCheck:
    """What checking one plan found."""

    plan_id: str
    name: str
    path: Path
    kind: str = ""
    customer: str = ""
    supplier: str = ""
    state: CheckState = CheckState.CANNOT
    drifts: list[dict[str, Any]] = field(default_factory=list)
    leftovers: int = 0
    """Test records an earlier end-to-end test left behind (the next test removes them)."""
    leftover_lines: list[str] = field(default_factory=list)
    reason: str = ""
    """Why it could not be checked (a missing secret, an instance that did not answer...)."""

    @property
    def summary(self) -> str:
        if self.state is CheckState.CANNOT:
            return f"could not be checked: {self.reason}"
        parts = []
        if self.drifts:
            parts.append(f"{len(self.drifts)} drift" + ("s" if len(self.drifts) != 1 else ""))
        if self.leftovers:
            parts.append(f"{self.leftovers} test record(s) left behind")
        return ", ".join(parts) or "no drift"

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "name": self.name,
            "file": str(self.path),
            "kind": self.kind,
            "customer": self.customer,
            "supplier": self.supplier,
            "state": self.state.name.lower(),
            "summary": self.summary,
            "drifts": self.drifts,
            "leftovers": self.leftovers,
            "leftover_lines": self.leftover_lines,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Connection:
    """One plan to check: its file, and the plan when it could be read (else why not)."""

    plan_id: str
    name: str
    path: Path
    plan: Plan | None
    problem: str = ""


SessionOpener = Callable[[Plan], "Session | str"]
"""A session on a plan's instances, or the reason there is none (a missing secret...)."""
Progress = Callable[[int, int, ConnectionCheck], None]
"""progress(done, total, just_checked), on the loop's thread."""


async def check_all(
    connections: Sequence[Connection],
    open_session: SessionOpener,
    *,
    authenticate: bool = True,
    progress: Progress | None = None,
    at_once: int = CHECKS_AT_ONCE,
) -> list[ConnectionCheck]:
    """Check every connection, `at_once` at a time; results in the order given. A plan that
    cannot be checked is said in its result; it never stops the others."""
    gate = asyncio.Semaphore(max(1, at_once))
    done = 0
    shared = SharedReads()

    async def one(connection: Connection) -> ConnectionCheck:
        nonlocal done
        async with gate:
            result = await _check_one(connection, open_session, authenticate, shared)
        done += 1
        if progress is not None:
            progress(done, len(connections), result)
        return result

    try:
        return list(await asyncio.gather(*(one(c) for c in connections)))
    finally:
        await shared.aclose()
        log.info("checked %d plan(s); %d list read(s) shared", len(connections), shared.served)


async def _check_one(
    connection: Connection, open_session: SessionOpener, authenticate: bool, shared: SharedReads
) -> ConnectionCheck:
    from halo_wizard.steps.drift import check_plan_drift
    from halo_wizard.steps.leftovers import find_leftovers

    result = ConnectionCheck(connection.plan_id, connection.name, connection.path)
    plan = connection.plan
    if plan is None:
        result.reason = connection.problem or "the plan file could not be read"
        return result
    result.kind = plan.kind.value
    result.customer = plan.customer.name
    result.supplier = plan.supplier.name
    opened = open_session(plan)
    if isinstance(opened, str):
        result.reason = opened
        return result
    session = opened
    for side in session.own_sides():
        session.reader(side).shared = shared
    try:
        report = await check_plan_drift(session, authenticate=authenticate)
        leftovers = await find_leftovers(session)
    except HaloError as exc:
        result.reason = exc.message
        return result
    finally:
        await session.aclose()
    result.drifts = list(report.to_dict().get("drifts", []))
    result.leftovers = len(leftovers.found)
    result.leftover_lines = leftovers.lines() if leftovers.any else []
    clean = report.ok and not leftovers.any
    result.state = CheckState.CLEAN if clean else CheckState.DRIFTED
    log.info("%s: %s", connection.name, result.summary)
    return result
