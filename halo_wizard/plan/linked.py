"""The connected-instances section of a plan (a linked ticket list), kept in `Plan.extra`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Final

from halo_wizard.plan.model import STEP_TITLES, ConnectionKind, Plan, PlanError, Side, StepId

log = logging.getLogger(__name__)

SECTION: Final = "connected_instances"
"""The key of this section in the plan file (kept by older versions through Plan.extra)."""

PRIMARY: Final = Side.CUSTOMER
"""Instance A: holds the ticket list and the API application."""
SECONDARY: Final = Side.SUPPLIER
"""Instance B: holds the connected instance record and the linked list."""

LINKED_STEPS: Final[tuple[StepId, ...]] = (
    StepId.INSTANCES,
    StepId.PERMISSIONS,
    StepId.SUPPLIERS_MODULE,
    StepId.PROFILES,
    StepId.CREDENTIAL_SWAP,
)
"""A connected-instances plan reuses step numbers 1 to 5, with its own titles."""
LINKED_STEP_TITLES: Final[dict[StepId, str]] = {
    StepId.INSTANCES: "Instances",
    StepId.PERMISSIONS: "API application",
    StepId.SUPPLIERS_MODULE: "Connected instance",
    StepId.PROFILES: "Linked ticket list",
    StepId.CREDENTIAL_SWAP: "E-mail identifier",
}
DEFAULT_APPLICATION_NAME: Final = "Connected instance"


def steps_for(kind: ConnectionKind) -> tuple[StepId, ...] | None:
    """The steps of a connected-instances plan, or None for the ticket-sync journey."""
    return LINKED_STEPS if kind is ConnectionKind.CONNECTED_INSTANCES else None


def step_title(kind: ConnectionKind | None, step: StepId) -> str:
    """A step's title in the words of the plan's kind of connection."""
    if kind is ConnectionKind.CONNECTED_INSTANCES and step in LINKED_STEP_TITLES:
        return LINKED_STEP_TITLES[step]
    return STEP_TITLES[step]


@dataclass(slots=True)
class LinkedPlan:
    """What the admin chose for a linked ticket list, and what the wizard last found."""

    application_name: str = DEFAULT_APPLICATION_NAME
    application_client_id: str = ""
    application_verified: bool = False
    connected_instance_name: str = ""  # "" means: instance A's name
    connected_instance_id: int | None = None
    last_test_ok: bool | None = None
    last_test_result: str = ""
    last_tested: str = ""
    source_list_id: int | None = None
    source_list_name: str = ""
    source_filters: list[str] = field(default_factory=list)
    linked_list_name: str = ""  # "" means: the same name as A's list
    linked_list_id: int | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    """Side value -> the instance identifier wanted in outgoing e-mail subjects ("" = leave)."""

    def identifier(self, side: Side) -> str:
        return self.identifiers.get(side.value, "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_name": self.application_name,
            "application_client_id": self.application_client_id,
            "application_verified": self.application_verified,
            "connected_instance_name": self.connected_instance_name,
            "connected_instance_id": self.connected_instance_id,
            "last_test_ok": self.last_test_ok,
            "last_test_result": self.last_test_result,
            "last_tested": self.last_tested,
            "source_list_id": self.source_list_id,
            "source_list_name": self.source_list_name,
            "source_filters": list(self.source_filters),
            "linked_list_name": self.linked_list_name,
            "linked_list_id": self.linked_list_id,
            "identifiers": dict(self.identifiers),
        }

    @classmethod
    def from_dict(cls, data: object) -> LinkedPlan:
        """Read the section; unknown keys are refused (they are almost always typos)."""
        path = f"plan.{SECTION}"
        if not isinstance(data, dict):
            raise PlanError(f"{path}: expected an object {{...}}", field=path)
        known = set(cls().to_dict())
        for key in data:
            if key not in known:
                raise PlanError(
                    f"{path}.{key}: unknown field. Fields allowed here: {', '.join(sorted(known))}",
                    field=f"{path}.{key}",
                )
        out = cls()
        for key, value in data.items():
            default = getattr(out, key)
            if key in ("connected_instance_id", "source_list_id", "linked_list_id"):
                ok = value is None or (isinstance(value, int) and not isinstance(value, bool))
            elif key == "last_test_ok":
                ok = value is None or isinstance(value, bool)
            elif key == "source_filters":
                ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            elif key == "identifiers":
                ok = isinstance(value, dict) and all(
                    k in {s.value for s in Side} and isinstance(v, str) for k, v in value.items()
                )
            else:
                ok = isinstance(value, type(default))
            if not ok:
                raise PlanError(f"{path}.{key}: wrong kind of value", field=f"{path}.{key}")
            setattr(out, key, list(value) if isinstance(value, list) else value)
        if isinstance(data.get("identifiers"), dict):
            out.identifiers = dict(data["identifiers"])
        return out


def linked_of(plan: Plan) -> LinkedPlan:
    """The plan's connected-instances section (defaults when it has none yet)."""
    raw = plan.extra.get(SECTION)
    return LinkedPlan() if raw is None else LinkedPlan.from_dict(raw)


def store_linked(plan: Plan, linked: LinkedPlan) -> None:
    """Write the section back into the plan (the caller saves the plan)."""
    plan.extra[SECTION] = linked.to_dict()


def application_secret_key(plan: Plan | str) -> str:
    """The keychain entry of the secret of the application B signs in to A with (by plan or
    plan id)."""
    plan_id = plan if isinstance(plan, str) else plan.id
    return f"plan-{plan_id}-connected-application"
