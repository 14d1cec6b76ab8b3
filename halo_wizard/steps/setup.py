"""Steps 3-7 as one engine: survey each step, write its changes, read it back. The window's
Review and apply page and `halo-wizard apply` (steps.flow) are two faces over these functions."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import StepId
from halo_wizard.steps import agents, credential_swap, mappings, profiles, suppliers_module
from halo_wizard.steps.apply import ApplyReport, apply_changes
from halo_wizard.steps.changes import Change
from halo_wizard.steps.drift import remember_action_settings
from halo_wizard.steps.session import Progress, Session, no_progress

log = logging.getLogger(__name__)

SETUP_STEPS = (
    StepId.SUPPLIERS_MODULE,
    StepId.PROFILES,
    StepId.CREDENTIAL_SWAP,
    StepId.AGENTS,
    StepId.MAPPINGS,
)
"""Surveyed and applied in this order: the later steps need the profiles to exist."""


class WaitingFor(enum.StrEnum):
    """Why a step's changes cannot be listed or written yet; each face words it."""

    PROFILES = "profiles"  # names, instances: each profile still to create and where
    ISSUED_SECRET = "issued_secret"  # names: the role labels whose issued secret is not known
    CUSTOMER_SITE = "customer_site"  # text: the instance's own message and what to do
    MAPPING_ANSWER = "mapping_answer"  # text: what the instance must show first


@dataclass(frozen=True, slots=True)
class Waiting:
    reason: WaitingFor
    names: tuple[str, ...] = ()
    instances: tuple[str, ...] = ()
    text: str = ""
    fix: str = ""
    count: int = 1  # how many changes wait for the same reason


@dataclass(slots=True)
class StepReview:
    """One step's changes, or why they cannot be listed yet, with the step's own survey."""

    step: StepId
    changes: list[Change] = field(default_factory=list)
    waiting: Waiting | None = None
    survey: Any = None
    for_partner: list[Change] = field(default_factory=list)
    """Changes to the partner's instance (two-party set-up): never written here; their admin
    makes them from the file this side sends."""


@dataclass(slots=True)
class Review:
    steps: list[StepReview] = field(default_factory=list)

    def changes(self) -> list[Change]:
        return [change for step in self.steps for change in step.changes]

    def waiting(self) -> list[StepReview]:
        return [step for step in self.steps if step.waiting is not None]

    def is_clean(self) -> bool:
        return not self.changes() and not self.waiting()

    def step(self, step: StepId) -> StepReview | None:
        return next((s for s in self.steps if s.step is step), None)


class AuthenticationFailed(HaloError):
    """'Authenticate connection' failed or reported nothing: later steps are not written."""

    title = "Authentication failed"


def authentication_problem(results: list[credential_swap.AuthResult]) -> HaloError | None:
    """The error that stops the set-up after the credential swap, or None when both pass."""
    failed = [r for r in results if not r.ok]
    if not failed:
        return None
    unreported = [r.role.label for r in failed if r.ok is None]
    if unreported:
        return AuthenticationFailed(
            "Halo did not report through the API whether the "
            + " and ".join(unreported)
            + " profile(s) authenticate; halo_wizard does not claim they do.",
            "Press 'Authenticate connection' on the profile's API Access tab in Halo, then "
            "apply again: it reads the result and goes on.",
        )
    return AuthenticationFailed(
        "Authenticate connection failed: " + "; ".join(f"{r.instance}: {r.reason}" for r in failed),
        "Check the URLs, tenant and credentials each profile holds, then apply again.",
    )


async def survey_step(
    session: Session, step: StepId, *, manual_secrets: dict[str, str] | None = None
) -> StepReview:
    """What `step` would change on the instances now; nothing is written. In a two-party set-up
    the changes to the partner's instance are set aside in `for_partner`."""
    return _own(session, await _survey(session, step, manual_secrets))


def _own(session: Session, review: StepReview) -> StepReview:
    if session.partner is None:
        return review
    theirs = [change for change in review.changes if change.side is session.partner]
    review.changes = [change for change in review.changes if change.side is not session.partner]
    review.for_partner = theirs
    return review


async def _survey(
    session: Session, step: StepId, manual_secrets: dict[str, str] | None
) -> StepReview:
    if step is StepId.SUPPLIERS_MODULE:
        module = await suppliers_module.survey(session)
        return StepReview(step, module.changes, survey=module)
    if step is StepId.PROFILES:
        found = await profiles.survey(session)
        profiles.remember(session.plan, found)  # the record ids the later steps use
        return StepReview(step, found.changes, survey=found)
    if step is StepId.CREDENTIAL_SWAP:
        swap = await credential_swap.survey(session, manual_secrets)
        waiting = None
        if swap.manual_secret_needed:
            waiting = Waiting(
                WaitingFor.ISSUED_SECRET,
                tuple(role.label for role in swap.manual_secret_needed),
            )
        return StepReview(step, swap.changes, waiting, survey=swap)
    if step is StepId.AGENTS:
        try:
            people = await agents.survey(session)
        except agents.CustomerSiteMissing as exc:
            return StepReview(
                step, waiting=Waiting(WaitingFor.CUSTOMER_SITE, text=exc.message, fix=exc.fix)
            )
        return StepReview(step, people.changes, survey=people)
    if step is StepId.MAPPINGS:
        mapped = await mappings.survey(session)
        return StepReview(step, mapped.changes, _blocked(mapped), survey=mapped)
    raise ValueError(f"step {step.key} is not surveyed by the set-up engine")


def _blocked(survey: mappings.MappingSurvey) -> Waiting | None:
    """Why some profile updates cannot be written: records missing first, then unknowns."""
    blocked: list[HaloError] = [*survey.missing, *survey.blocked]
    if not blocked:
        return None
    first = blocked[0]
    return Waiting(WaitingFor.MAPPING_ANSWER, text=first.message, fix=first.fix, count=len(blocked))


async def review_setup(
    session: Session,
    progress: Progress = no_progress,
    *,
    manual_secrets: dict[str, str] | None = None,
) -> Review:
    """Survey steps 3-7 in order; while a profile does not exist, the steps after it wait."""
    review = Review()
    total = len(SETUP_STEPS)
    for index, step in enumerate(SETUP_STEPS):
        progress(index, total, step.key)
        found = await survey_step(session, step, manual_secrets=manual_secrets)
        review.steps.append(found)
        if step is StepId.PROFILES:
            missing = [state for state in found.survey.states if state.record is None]
            if missing:
                waiting = Waiting(
                    WaitingFor.PROFILES,
                    tuple(s.wanted_name for s in missing),
                    tuple(s.instance for s in missing),
                )
                for later in SETUP_STEPS[index + 1 :]:
                    review.steps.append(StepReview(later, waiting=waiting))
                break
    progress(total, total, "")
    return review


@dataclass(slots=True)
class StepApplied:
    """One step written: what was written, its authentication results, and the step read back."""

    step: StepId
    report: ApplyReport
    authentication: list[credential_swap.AuthResult] = field(default_factory=list)
    read_back: StepReview | None = None
    settings_recorded: list[str] = field(default_factory=list)
    """Mapped actions whose settings changed in Halo since they were recorded, recorded anew
    (one line each): the faces say so, so the change is never taken in silence."""

    @property
    def error(self) -> HaloError | None:
        if self.report.error is not None:
            return self.report.error
        return authentication_problem(self.authentication)


async def apply_step(
    session: Session,
    step: StepId,
    changes: list[Change],
    progress: Progress = no_progress,
    *,
    manual_secrets: dict[str, str] | None = None,
) -> StepApplied:
    """Write one step's changes, then what the step does after writing (the credential swap
    presses 'Authenticate connection'; the mappings remember the mapped actions' settings), then
    read the step back. A failed write stops before anything after it."""
    report = await apply_changes(session, changes, progress) if changes else ApplyReport()
    applied = StepApplied(step, report)
    done = len(changes)
    if report.error is not None:
        # What is left, read from the instance, so that applying again finishes the rest.
        applied.read_back = await _read_back(session, step, manual_secrets)
        return applied
    if step is StepId.CREDENTIAL_SWAP:
        progress(done, done, "Authenticating both connections…")
        # A profile that received nothing now and that Halo shows as authenticated is not
        # pressed again: a second run of a finished set-up writes nothing.
        written = {change.entity for change in changes}
        untouched = frozenset(r.label for r in profiles.ROLES if r.entity not in written)
        applied.authentication = await credential_swap.authenticate(
            session, skip_authenticated=untouched
        )
    progress(done, done, "Reading the step back…")
    applied.read_back = await _read_back(session, step, manual_secrets)
    if step is StepId.MAPPINGS:
        # What the mapped actions look like now, so a later drift check sees changes.
        applied.settings_recorded = remember_action_settings(
            session.plan, applied.read_back.survey.catalogues
        )
    return applied


async def _read_back(
    session: Session, step: StepId, manual_secrets: dict[str, str] | None
) -> StepReview:
    """The step surveyed again after a write; the mappings without merging the instances' own
    rows into the plan again (the plan is what was just written)."""
    if step is StepId.MAPPINGS:
        again = await mappings.survey(session, load_existing=False)
        return _own(session, StepReview(step, again.changes, _blocked(again), again))
    return await survey_step(session, step, manual_secrets=manual_secrets)


StepStarted = Callable[[StepId, int, int], None]
"""Called as each step's writing starts: the step, its index, how many steps are written."""


def _offset(progress: Progress, before: int, count: int) -> Progress:
    """A step's progress counted along the whole list of `count` changes."""

    def counting(done: int, total: int, text: str) -> None:
        progress(before + done, count, text)

    return counting


def in_step_order(changes: list[Change]) -> list[Change]:
    """`changes` in the order apply_review writes them (progress counts along this list)."""
    return [change for step in SETUP_STEPS for change in changes if change.step is step]


@dataclass(slots=True)
class SetupApplied:
    """Every listed change written step by step (or where it stopped), then both read back."""

    report: ApplyReport = field(default_factory=ApplyReport)
    steps: list[StepApplied] = field(default_factory=list)
    review: Review | None = None  # read back, unless a write stopped

    @property
    def authentication(self) -> list[credential_swap.AuthResult]:
        return [result for step in self.steps for result in step.authentication]

    @property
    def settings_recorded(self) -> list[str]:
        return [line for step in self.steps for line in step.settings_recorded]


async def apply_review(
    session: Session,
    changes: list[Change],
    progress: Progress = no_progress,
    *,
    on_step: StepStarted | None = None,
) -> SetupApplied:
    """Write `changes` in step order with `apply_step`; stop at the first failed write or
    authentication (the rest is reported not written); then review every step again."""
    outcome = SetupApplied()
    ordered = in_step_order(changes)
    groups = [(step, [c for c in ordered if c.step is step]) for step in SETUP_STEPS]
    groups = [(step, group) for step, group in groups if group]
    total = len(ordered)
    before = 0
    for index, (step, group) in enumerate(groups):
        if on_step is not None:
            on_step(step, index, len(groups))

        applied = await apply_step(session, step, group, _offset(progress, before, total))
        outcome.steps.append(applied)
        outcome.report.written.extend(applied.report.written)
        error = applied.error
        if error is not None:
            outcome.report.error = error
            outcome.report.not_written = applied.report.not_written + [
                change for _, later in groups[index + 1 :] for change in later
            ]
            if applied.report.error is None:
                # Written, but the connection does not authenticate: what is left, read again.
                outcome.review = await review_setup(session)
            return outcome
        before += len(group)
    progress(total, total, "Reading both instances back…")
    outcome.review = await review_setup(session)
    return outcome
