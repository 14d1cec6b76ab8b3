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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import LAST_DRIFT_KEY, DriftResult, LastDrift, Plan, Side, utc_now_iso
from halo_wizard.plan.store import PlanFile, PlanStore, update_plan

if TYPE_CHECKING:  # the session loads the HTTP client: not needed to show the overview
    from halo_wizard.steps.configuration import SharedReads
    from halo_wizard.steps.drift import DriftReport
    from halo_wizard.steps.leftovers import Leftovers
    from halo_wizard.steps.session import SecretKeeper, Session

log = logging.getLogger(__name__)

SECTION: Final = LAST_DRIFT_KEY
"""The plan section each check's result is kept in (Plan.last_drift)."""
_SUMMARY_DRIFTS: Final = 3
"""Drifts named in a kept summary; the rest are counted."""

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
    checked_at: str = field(default_factory=utc_now_iso)
    fingerprint: str | None = None
    """The fingerprint of the plan as it was checked (None: the file could not be read)."""
    authenticated: dict[Side, bool | None] = field(default_factory=dict)
    """By the side whose profile it is (Plan.profile(side)): whether Authenticate connection
    succeeded during the check; None or absent when it was not pressed."""

    def take(
        self, plan: Plan, report: DriftReport, leftover_lines: Iterable[str], found: int
    ) -> None:
        """What the drift check and the search for test records found, for `plan`."""
        from halo_wizard.steps.drift import DriftKind
        from halo_wizard.steps.profiles import ROLES

        self.drifts = list(report.to_dict().get("drifts", []))
        self.leftovers = found
        self.leftover_lines = list(leftover_lines) if found else []
        self.checked_at = report.checked_at
        self.state = CheckState.CLEAN if report.ok and not found else CheckState.DRIFTED
        partner = plan.pairing.partner_side if plan.pairing is not None else None
        for role in ROLES:  # each profile lives in role.side's instance
            side = role.side.other  # the party it represents: Plan.profile(side)
            kinds = {d.kind for d in report.drifts if d.side is role.side}
            if DriftKind.NOT_AUTHENTICATING in kinds:
                self.authenticated[side] = False
            elif (
                report.authenticated
                and DriftKind.PROFILE_DELETED not in kinds
                and plan.profile(side).record_id is not None
                and role.side is not partner
            ):
                self.authenticated[side] = True

    def last_drift(self) -> LastDrift:
        """The result as the plan keeps it."""
        summary = self.summary
        if self.state is CheckState.DRIFTED and self.drifts:
            named = [f"{d.get('instance')}: {d.get('what')}" for d in self.drifts[:_SUMMARY_DRIFTS]]
            more = len(self.drifts) - len(named)
            summary = "; ".join(named) + (f"; and {more} more" if more else "")
            if self.leftovers:
                summary += f"; {self.leftovers} test record(s) left behind"
        result = {
            CheckState.CLEAN: DriftResult.CLEAN,
            CheckState.DRIFTED: DriftResult.DRIFTED,
            CheckState.CANNOT: DriftResult.COULD_NOT,
        }[self.state]
        return LastDrift(
            checked_at=self.checked_at,
            result=result,
            drifts=len(self.drifts),
            summary=LastDrift.short(summary),
            leftovers=self.leftovers,
            fingerprint=self.fingerprint,
            supplier_profile_authenticated=self.authenticated.get(Side.SUPPLIER),
            customer_profile_authenticated=self.authenticated.get(Side.CUSTOMER),
        )

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

    @classmethod
    def of(cls, entry: PlanFile) -> Connection:
        """The connection a plan file holds (named by the file when it cannot be read)."""
        plan = entry.plan
        name = plan.name if plan is not None else entry.path.name
        return cls(entry.id, name, entry.path, plan, str(entry.error or ""))


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
    from halo_wizard.steps.configuration import SharedReads  # the HTTP client, when checking

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


async def drift_and_leftovers(
    session: Session, *, authenticate: bool = True
) -> tuple[DriftReport, Leftovers]:
    """One connection's check, wherever it is asked for (the Report page, `check --plan`,
    Check all): its drift, then the test records an earlier end-to-end test left behind."""
    from halo_wizard.steps.drift import check_plan_drift
    from halo_wizard.steps.leftovers import find_leftovers

    report = await check_plan_drift(session, authenticate=authenticate)
    return report, await find_leftovers(session)


async def _check_one(
    connection: Connection, open_session: SessionOpener, authenticate: bool, shared: SharedReads
) -> ConnectionCheck:
    result = ConnectionCheck(connection.plan_id, connection.name, connection.path)
    plan = connection.plan
    if plan is None:
        result.reason = connection.problem or "the plan file could not be read"
        return result
    result.kind = plan.kind.value
    result.customer = plan.customer.name
    result.supplier = plan.supplier.name
    result.fingerprint = plan.fingerprint()
    opened = open_session(plan)
    if isinstance(opened, str):
        result.reason = opened
        return result
    session = opened
    for side in session.own_sides():
        session.reader(side).shared = shared
    try:
        report, leftovers = await drift_and_leftovers(session, authenticate=authenticate)
    except HaloError as exc:
        result.reason = exc.message
        return result
    finally:
        await session.aclose()
    result.take(plan, report, leftovers.lines(), len(leftovers.found))
    log.info("%s: %s", connection.name, result.summary)
    return result


def secret_sides(plan: Plan) -> tuple[Side, ...]:
    """The sides whose admin secret a check of `plan` needs (a paired plan: this admin's)."""
    if plan.pairing is not None:
        return (plan.pairing.own_side,)
    return (Side.CUSTOMER, Side.SUPPLIER)


def session_with(
    plan: Plan, secrets: Mapping[Side, str | None], *, keeper: SecretKeeper | None = None
) -> Session | str:
    """A session on the plan's instances with secrets read beforehand (the window reads them
    from its keychain off the loop), or what is missing, in words."""
    from halo_wizard.steps.session import instance_client, open_session

    sides = secret_sides(plan)
    problems = plan.missing_fields()  # the partner's address is not asked of a paired plan
    missing = [plan.instance(side).name or side.value for side in sides if not secrets.get(side)]
    if missing:
        problems.append(
            "no client secret for " + " and ".join(missing) + " on this computer: open the "
            "plan once and enter it"
        )
    if problems:
        return "; ".join(problems)
    if plan.pairing is not None:
        from halo_wizard.steps.two_party import partner_session

        own = plan.pairing.own_side
        client = instance_client(plan.instance(own), secrets.get(own))
        return partner_session(plan, client, keeper=keeper)
    return open_session(plan, lambda side, _instance: secrets.get(side), keeper=keeper)


def keep_result(plan: Plan, result: ConnectionCheck) -> None:
    """Put the check's result into `plan` (its other contents untouched)."""
    plan.last_drift = result.last_drift()


def save_result(
    result: ConnectionCheck, *, store: PlanStore | None = None, secrets: Iterable[str] = ()
) -> Plan | None:
    """Keep the result in its plan file: the file is read again and written back with only its
    last drift check changed (`updated_at` kept); returns the plan as written. None when there
    is nothing to keep it in (the file could not be read when it was checked). Raises OSError
    or PlanError."""
    if result.fingerprint is None:
        return None
    if store is not None and store.path_for(result.plan_id) == result.path:
        plan = store.update(result.plan_id, lambda plan: keep_result(plan, result), secrets=secrets)
    else:
        plan = update_plan(result.path, lambda plan: keep_result(plan, result), secrets=secrets)
    log.info("kept the drift check of %s in %s", result.name, result.path.name)
    return plan
