"""Whether what a step, the action check or the end-to-end test found still describes the plan.

Each finished step records a digest of every input it depended on (the instances, the profiles,
the agents, the mappings, the recorded action settings, the confirmations); the stored check and
test results record the plan's fingerprint and the same digests. A later change to one of those
inputs makes them stale, and this module says which input changed. A step or result recorded by an
older version, without digests, is "unknown": never called stale, never called current either.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from halo_wizard.plan.linked import step_title, steps_for
from halo_wizard.plan.model import (
    CHECK_RESULT_KEY,
    CREATED_ROWS_KEY,
    INPUT_GROUPS,
    JOURNEY_STEPS,
    STEP_INPUTS,
    ActionCheck,
    CreatedRows,
    Plan,
    Side,
    StepId,
    StepStatus,
    input_digests,
    step_inputs,
    utc_now_iso,
)

logger = logging.getLogger(__name__)

__all__ = [
    "CHECK_RESULT_KEY",
    "CREATED_ROWS_KEY",
    "INPUT_LABELS",
    "STEP_INPUTS",
    "Freshness",
    "ResultState",
    "Staleness",
    "carry_forward",
    "changed_inputs",
    "check_state",
    "created_by_wizard",
    "e2e_state",
    "input_digests",
    "remember_created_row",
    "rerun_steps",
    "stale_steps",
    "staleness",
    "stamp",
    "step_inputs",
    "store_check_result",
]

# The stored action check is Plan.action_check, saved under CHECK_RESULT_KEY ("action_check").

INPUT_LABELS: Final[dict[str, str]] = {
    "instances": "the instances (addresses, tenant or Client ID)",
    "profiles": "the profiles",
    "agents": "the agents to add as end users",
    "mappings": "the mappings",
    "action_settings": "the settings of the mapped actions",
    "confirmations": "the rules confirmed by hand",
}


def changed_inputs(
    recorded: Mapping[str, Any] | None, current: Mapping[str, str]
) -> tuple[str, ...] | None:
    """The inputs whose digest differs from the recorded one; None when nothing was recorded."""
    if not isinstance(recorded, Mapping):
        return None
    return tuple(
        name
        for name in INPUT_GROUPS
        if name in recorded and recorded.get(name) != current.get(name)
    )


def _labels(names: Iterable[str]) -> str:
    words = [INPUT_LABELS.get(name, name) for name in names]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _when(value: str | None) -> str:
    if not value:
        return ""
    return value.replace("T", " ")[:16] + " UTC"


# ---- Steps ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Staleness:
    """A finished step whose inputs changed since it was marked."""

    step: StepId
    changed: tuple[str, ...]
    since: str | None

    @property
    def what_changed(self) -> str:
        """E.g. "the mappings and the settings of the mapped actions"."""
        return _labels(self.changed)

    @property
    def reason(self) -> str:
        """One sentence for a tooltip or a banner."""
        when = f" ({_when(self.since)})" if self.since else ""
        what = self.what_changed
        return f"{what[:1].upper()}{what[1:]} changed since this step was finished{when}."


def staleness(
    plan: Plan, step: StepId, current: Mapping[str, str] | None = None
) -> Staleness | None:
    """Why `step` is stale, or None when it is not (or nobody can tell: no digests recorded).
    `current` is input_digests(plan) when the caller has it already (one pass for many steps)."""
    state = plan.step(step)
    if not state.status.finished or state.inputs is None:
        return None
    changed = changed_inputs(state.inputs, step_inputs(plan, step, current))
    if not changed:
        return None
    return Staleness(step, changed, state.updated_at)


def stale_steps(plan: Plan, steps: Iterable[StepId] = JOURNEY_STEPS) -> dict[StepId, Staleness]:
    """Every stale step among `steps`, in journey order."""
    found: dict[StepId, Staleness] = {}
    current = input_digests(plan)
    for step in sorted(steps):
        why = staleness(plan, step, current)
        if why is not None:
            found[step] = why
    return found


def carry_forward(plan: Plan, step: StepId, inputs: Iterable[str]) -> bool:
    """Record the current digests of `inputs` for `step`, when a later step wrote to Halo what the
    plan now holds for them, so `step`'s result still holds (the action check writes the mapping
    rows of the actions it created: the Mappings step is not stale for it). Only a step that was
    current for those inputs before the write is carried forward; True when it was."""
    state = plan.step(step)
    if not state.status.finished or state.inputs is None:
        return False
    current = step_inputs(plan, step)
    names = [name for name in inputs if name in state.inputs]
    state.inputs.update({name: current[name] for name in names if name in current})
    return bool(names)


def rerun_steps(
    plan: Plan, step: StepId, stale: Mapping[StepId, Staleness] | None = None
) -> list[str]:
    """The stale steps up to and including `step`, as "7. Mappings": what to run again, in order.
    `stale` is stale_steps(plan) when the caller has it already (one digest of the plan)."""
    steps = sorted(steps_for(plan.kind) or JOURNEY_STEPS)
    stale = stale_steps(plan, steps) if stale is None else stale
    stale = {s: why for s, why in sorted(stale.items()) if s in steps and s <= step}
    numbers = {s: i for i, s in enumerate(steps, start=1)}
    return [f"{numbers[s]}. {step_title(plan.kind, s)}" for s in stale]


# ---- Stored results (the action check, the end-to-end test) --------------------------------------


class Freshness(StrEnum):
    """How a stored result stands against the plan as it is now."""

    NOT_RUN = "not_run"
    CURRENT = "current"  # made for this very configuration
    STALE = "stale"  # made for another configuration
    UNKNOWN = "unknown"  # made by an older version that did not record its configuration


@dataclass(frozen=True, slots=True)
class ResultState:
    """A stored check or test result, and whether it still describes the plan."""

    freshness: Freshness
    ran_at: str = ""
    fingerprint: str = ""  # the configuration it was made for ("" when not recorded)
    changed: tuple[str, ...] = ()

    @property
    def current(self) -> bool:
        return self.freshness is Freshness.CURRENT

    @property
    def what_changed(self) -> str:
        return _labels(self.changed) if self.changed else "the configuration"

    def describe(self, what: str) -> str:
        """One sentence, e.g. "The action check was made for configuration 1a2b… on …"."""
        when = _when(self.ran_at)
        if self.freshness is Freshness.NOT_RUN:
            return f"The {what} has not been run for this plan."
        if self.freshness is Freshness.CURRENT:
            return f"The {what} ran on {when} on this configuration ({self.fingerprint[:16]})."
        if self.freshness is Freshness.UNKNOWN:
            return (
                f"The {what} ran on {when}, but the configuration it ran on was not recorded: "
                "run it again to be sure it describes this configuration."
            )
        return (
            f"Stale: the {what} ran on {when} for configuration {self.fingerprint[:16]}; "
            f"{self.what_changed} changed since. Run it again."
        )


def stamp(plan: Plan, result: Mapping[str, Any]) -> dict[str, Any]:
    """`result` with the fingerprint and input digests of the configuration it was made on."""
    stamped = dict(result)
    stamped["fingerprint"] = plan.fingerprint()
    stamped["inputs"] = input_digests(plan)
    return stamped


def _state(plan: Plan, stored: Mapping[str, Any], ran_at: str) -> ResultState:
    fingerprint = stored.get("fingerprint")
    if not isinstance(fingerprint, str) or not fingerprint:
        return ResultState(Freshness.UNKNOWN, ran_at)
    if fingerprint == plan.fingerprint():
        return ResultState(Freshness.CURRENT, ran_at, fingerprint)
    changed = changed_inputs(stored.get("inputs"), input_digests(plan)) or ()
    return ResultState(Freshness.STALE, ran_at, fingerprint, changed)


def check_state(plan: Plan) -> ResultState:
    """How the stored action check stands: not run, current, stale or unknown."""
    stored = plan.action_check
    if stored is None:
        return ResultState(Freshness.NOT_RUN)
    return _state(plan, stored.to_dict(), stored.checked_at or "")


def e2e_state(plan: Plan, stored: Mapping[str, Any] | None = None) -> ResultState:
    """How the stored end-to-end result (or `stored`) stands; a run stopped before writing
    anything did not run."""
    stored = plan.e2e if stored is None else stored
    if not isinstance(stored, Mapping) or not stored.get("started", bool(stored.get("hops"))):
        return ResultState(Freshness.NOT_RUN)
    return _state(plan, stored, str(stored.get("finished_at") or stored.get("started_at") or ""))


def store_check_result(
    plan: Plan,
    findings: Sequence[Mapping[str, Any]],
    *,
    blocking: int,
    checked_at: str | None = None,
) -> dict[str, Any]:
    """Keep an action check's findings in the plan with the configuration they were found on, and
    mark the Action check step (done, or needing attention when `blocking` findings stop sync).
    The window and `halo-wizard validate --plan` both store through here."""
    stored = stamp(
        plan,
        {"checked_at": checked_at or utc_now_iso(), "findings": [dict(f) for f in findings]},
    )
    plan.action_check = ActionCheck(
        findings=stored["findings"],
        checked_at=stored["checked_at"],
        fingerprint=stored["fingerprint"],
        inputs=stored["inputs"],
    )
    if blocking:
        note = f"{blocking} error to fix" if blocking == 1 else f"{blocking} errors to fix"
        plan.mark_step(StepId.ACTION_CHECK, StepStatus.ATTENTION, note)
    else:
        plan.mark_step(StepId.ACTION_CHECK, StepStatus.DONE, "no error")
    logger.info("action check stored: %d finding(s), %d blocking", len(findings), blocking)
    return stored


# ---- What halo_wizard created (for the report's "Set by") ---------------------------------------

# Plan.created_by_halo_wizard, saved under CREATED_ROWS_KEY ("created_by_halo_wizard").


def remember_created_row(plan: Plan, receiver: str, remote_id: int, local_id: int) -> None:
    """Note that the action mapping `remote_id` -> `local_id` into `receiver`'s profile maps an
    action halo_wizard created."""
    if plan.created_by_halo_wizard is None:
        plan.created_by_halo_wizard = CreatedRows()
    plan.created_by_halo_wizard.remember(Side(receiver), remote_id, local_id)


def created_by_wizard(plan: Plan, receiver: str, remote_id: int, local_id: int | None) -> bool:
    """Whether that row still maps what halo_wizard created (an admin may have changed it)."""
    section = plan.created_by_halo_wizard
    return section is not None and section.maps(Side(receiver), remote_id, local_id)
