"""Step 3: the Suppliers module, on in both instances (rule R1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from halo_wizard.api import constants as C
from halo_wizard.plan.model import Side, StepId
from halo_wizard.steps.changes import Change, FieldChange
from halo_wizard.steps.session import Session


@dataclass(frozen=True, slots=True)
class ModuleState:
    side: Side
    instance: str
    record_id: int | None
    enabled: bool

    @property
    def text(self) -> str:
        if self.record_id is None:
            return "The Suppliers module is not listed (is the agent allowed to read modules?)"
        return "On" if self.enabled else "Off"


@dataclass(slots=True)
class ModuleSurvey:
    states: dict[Side, ModuleState] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


async def survey(session: Session) -> ModuleSurvey:
    result = ModuleSurvey()
    for side in (Side.CUSTOMER, Side.SUPPLIER):
        rows = await session.records(side, "Features", fresh=True)
        row = next((r for r in rows if r.get("module_name") == C.SUPPLIERS_MODULE_NAME), None)
        state = ModuleState(
            side,
            session.name(side),
            int(row["id"]) if row else None,
            bool(row.get("enabled")) if row else False,
        )
        result.states[side] = state
        if state.record_id is not None and not state.enabled:
            result.changes.append(
                Change(
                    step=StepId.SUPPLIERS_MODULE,
                    side=side,
                    instance=state.instance,
                    entity="Features",
                    operation="update",
                    record="Suppliers",
                    record_id=state.record_id,
                    fields=[FieldChange("enabled", "Enabled", False, True)],
                    payload={"id": state.record_id, "enabled": True},
                    label="module",
                )
            )
    return result
