"""The one reading of an instance's configuration: what an action does, what a ticket type allows.

Every part of the engine asks the same few questions of Halo's records: does this action send an
e-mail, does it send to the connected instance, may it be added to a ticket of this type, does it
close the ticket, what does an update arrive as, what is its system use. They are answered here,
once; the rules (rules.context), the end-to-end test, drift, the recommendations and the mapping
page ask through this module. Only the simulator keeps a model of its own, on purpose: it is the
independent oracle the agreement test compares the wizard with.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.plan.model import MappingKind, ProfileMappings, Side
from halo_wizard.steps import unknowns
from halo_wizard.steps.configuration import (
    InstanceConfig,
    as_int,
    closes_tickets,
    workflow_action_ids,
)

logger = logging.getLogger(__name__)

SOMEWHERE: Final = "?"
"""An action sent to a connected instance when the instance has not shown which value means
Supplier and which Customer (or only `default_send_to_halo` says it sends)."""


# ---- one action definition (an Outcome record) ---------------------------------------------


def action_name(action: Mapping[str, Any] | None, fallback: int | None = None) -> str:
    """The action's name as the admin knows it."""
    if action is None:
        return f"(missing action {fallback})" if fallback is not None else "(none)"
    return str(
        action.get(C.OUTCOME_NAME)
        or action.get(C.OUTCOME_BUTTON_NAME)
        or f"Action {action.get('id')}"
    )


def sends_email(action: Mapping[str, Any]) -> bool:
    """'Send an email': a number other than No (a boolean where an instance holds one)."""
    value = action.get(C.OUTCOME_SEND_EMAIL)
    if isinstance(value, bool):
        return value
    return (as_int(value) or 0) != C.SENDEMAIL_NO


def field_names(action: Mapping[str, Any]) -> set[str]:
    """The names on the action's field list (lower case)."""
    names: set[str] = set()
    for row in action.get(C.OUTCOME_FIELDS) or []:
        if isinstance(row, Mapping):
            name = str(row.get(C.OUTCOME_FIELD_NAME) or row.get("name") or "").strip().casefold()
            if name:
                names.add(name)
    return names


def sync_number(action: Mapping[str, Any]) -> int:
    """The action's own 'Send to Connected Halo Instance' number (0, No, when it has none)."""
    return as_int(action.get(C.SYNC_TO_HALO)) or C.SYNC_NO


def sync_party(action: Mapping[str, Any], answer: str | None) -> str:
    """ "Send to Connected Halo Instance" of an action: "No", "Supplier", "Customer", or SOMEWHERE
    when it sends but the instance has not shown which way its number points (sync-values)."""
    number = as_int(action.get(C.SYNC_TO_HALO))
    if number is None:
        return SOMEWHERE if action.get(C.OUTCOME_DEFAULT_SEND_TO_HALO) else "No"
    return unknowns.sync_party(answer, number) or SOMEWHERE


def sends_to_other(action: Mapping[str, Any], side: Side, answer: str | None) -> bool:
    """Whether the action's definition sends it to the connected instance (no choice needed); an
    action that sends where the instance has not shown counts (the check says so: X6)."""
    return sync_party(action, answer) in (unknowns.party_toward(side), SOMEWHERE)


def system_use(action: Mapping[str, Any]) -> int:
    return as_int(action.get(C.OUTCOME_SYSTEM_ID)) or C.SYSTEMID_NONE


def system_use_name(value: int) -> str:
    return C.SYSTEM_USES.get(value, f"system use {value}")


def logs_to_supplier(action: Mapping[str, Any]) -> bool:
    """System use 'Log to supplier': the action creates the ticket in the supplier's instance."""
    return system_use(action) == C.SYSTEMID_LOG_TO_SUPPLIER


def may_sync(action: Mapping[str, Any], side: Side, answer: str | None) -> bool:
    """Whether an action of `side` can reach the other instance: it sends by default, or its field
    list lets the agent choose to send it. The log-to-supplier action creates the ticket instead."""
    if logs_to_supplier(action):
        return False
    return sends_to_other(action, side, answer) or C.ACTION_FIELD_SEND_TO_HALO in field_names(
        action
    )


def is_hidden(action: Mapping[str, Any]) -> bool:
    return bool(action.get(C.OUTCOME_HIDE_FROM_USER))


def sends_back(target: Mapping[str, Any], receiver: Side, answer: str | None) -> bool:
    """Whether an action that arrives in `receiver` is sent on to the other instance (a hidden
    action of the supplier's instance does not sync: rule R12 reports it)."""
    if receiver is Side.SUPPLIER and is_hidden(target):
        return False
    return sends_to_other(target, receiver, answer)


def closes(action: Mapping[str, Any]) -> bool:
    """Whether the action closes the ticket: its "Status after action" is a closed status
    (Halo's built-in Closed or Cancelled: Status.type is the status's domain, not open or
    closed)."""
    return closes_tickets(action.get(C.OUTCOME_NEW_STATUS))


# ---- the settings sync depends on, as the drift check keeps them -------------------------------

SYNC_SETTINGS: Final[tuple[str, ...]] = (
    C.OUTCOME_SEND_EMAIL,
    C.OUTCOME_HIDE_FROM_USER,
    C.SYNC_TO_HALO,
    C.OUTCOME_SYSTEM_ID,
    C.OUTCOME_NEW_STATUS,
)
"""The settings of an action that decide what it does to a synced ticket."""
SYNC_SETTING_LABELS: Final[dict[str, str]] = {
    C.OUTCOME_SEND_EMAIL: "Send an email",
    C.OUTCOME_HIDE_FROM_USER: "Hide from user",
    C.SYNC_TO_HALO: "Send to Connected Halo Instance",
    C.OUTCOME_SYSTEM_ID: "System use",
    C.OUTCOME_NEW_STATUS: "Status after the action",
}


def setting_value(value: Any) -> int | str | None:
    """One setting as compared and stored: booleans and numbers as whole numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value))
    except ValueError:
        return str(value)


def setting_number(value: Any) -> int | None:
    """A setting as a whole number (a boolean as 0 or 1), None when it is none."""
    return as_int(setting_value(value))


def sync_settings(action: Mapping[str, Any]) -> dict[str, Any]:
    """The key settings of one action (what sync depends on), with its name for display."""
    found: dict[str, Any] = {"name": str(action.get(C.OUTCOME_NAME) or action.get("name") or "")}
    for name in SYNC_SETTINGS:
        found[name] = setting_value(action.get(name))
    return found


# ---- what a ticket type allows --------------------------------------------------------------


def workflow_actions(workflow: Mapping[str, Any] | None) -> frozenset[int] | None:
    """Every action a workflow allows (its steps' and its always-allowed actions); None when the
    workflow or its lists cannot be seen (a list row read without its details)."""
    if workflow is None or (
        C.WORKFLOW_STEPS not in workflow and C.WORKFLOW_ALWAYS_ALLOWED not in workflow
    ):
        return None
    return frozenset(workflow_action_ids(workflow))


def type_lists(ticket_type: Mapping[str, Any], action_id: int) -> bool:
    """Whether the ticket type's own list lets the action on (it only restricts when its
    'allow all actions' is off)."""
    listed = type_list(ticket_type)
    return listed is None or action_id in listed


def type_list(ticket_type: Mapping[str, Any]) -> frozenset[int] | None:
    """The actions the ticket type's own list lets on; None when it lets every action on (its
    'allow all actions' is not off)."""
    if ticket_type.get(C.TICKET_TYPE_ALLOW_ALL_ACTIONS) is not False:
        return None
    return frozenset(
        action_id
        for row in ticket_type.get(C.TICKET_TYPE_ALLOWED_ACTIONS) or []
        if isinstance(row, Mapping)
        and (action_id := as_int(row.get(C.ALLOWED_ACTION_ID))) is not None
    )


ANY_ACTION: Final[Literal["any"]] = "any"
"""InstanceModel.allowed_actions of a ticket type that restricts no action."""


# ---- what an update arrives as -----------------------------------------------------------------


def arrives_as(mappings: ProfileMappings | None, source_id: int | None) -> tuple[int | None, str]:
    """What an action of the sender arrives as under a profile's inbound settings: (action id,
    "mapping" / "default" / ""); (None, "") without a profile."""
    if mappings is None:
        return None, ""
    row = mappings.find(MappingKind.ACTION, source_id) if source_id is not None else None
    if row is not None and row.mapped:
        return row.local_id, "mapping"
    if mappings.default_action:
        return mappings.default_action, "default"
    return None, ""


# ---- one instance ------------------------------------------------------------------------------


@dataclass(slots=True)
class InstanceModel:
    """One instance's configuration with the questions every part asks of it, answered with what
    the instance has shown of Halo's numbering (sync-values)."""

    config: InstanceConfig
    sync_answer: str | None = None
    _workflows: dict[int, frozenset[int] | None] = field(default_factory=dict, repr=False)
    _allows: dict[int, tuple[Mapping[str, Any], frozenset[int] | Literal["any"] | None]] = field(
        default_factory=dict, repr=False
    )
    """allowed_actions by the ticket type's identity (the record kept, so the key stays its)."""

    @property
    def side(self) -> Side:
        return self.config.side

    @property
    def name(self) -> str:
        return self.config.name

    def actions(self) -> dict[int, Record]:
        return self.config.by_id("Outcome")

    def action(self, action_id: int | None) -> Record | None:
        return self.config.get("Outcome", action_id)

    def sends_to_other(self, action: Mapping[str, Any]) -> bool:
        return sends_to_other(action, self.side, self.sync_answer)

    def may_sync(self, action: Mapping[str, Any]) -> bool:
        return may_sync(action, self.side, self.sync_answer)

    def sends_back(self, arrived: Mapping[str, Any]) -> bool:
        """Whether an action that arrived here is sent on to the other instance."""
        return sends_back(arrived, self.side, self.sync_answer)

    def closes(self, action: Mapping[str, Any]) -> bool:
        return closes(action)

    def closing_status(self, status_id: Any) -> bool:
        """Whether a status of this instance closes tickets (the built-in Closed or Cancelled)."""
        return self.config.get("Status", as_int(status_id)) is not None and closes_tickets(
            status_id
        )

    def workflow_actions(self, workflow_id: int) -> frozenset[int] | None:
        """Every action a workflow allows; None when the workflow or its lists cannot be seen."""
        if workflow_id not in self._workflows:
            self._workflows[workflow_id] = workflow_actions(
                self.config.get("Workflow", workflow_id)
            )
        return self._workflows[workflow_id]

    def allowed(self, ticket_type: Mapping[str, Any], action_id: int) -> bool | None:
        """Whether an action can be added to a ticket of this type (None: cannot be seen)."""
        allows = self.allowed_actions(ticket_type)
        if allows is None:
            return None
        return allows == ANY_ACTION or action_id in allows

    def allowed_actions(
        self, ticket_type: Mapping[str, Any]
    ) -> frozenset[int] | Literal["any"] | None:
        """Every action a ticket of this type can have added: those its workflow allows that
        its own list lets on; ANY_ACTION when neither restricts; None when its workflow or its
        details cannot be seen."""
        kept = self._allows.get(id(ticket_type))
        if kept is not None and kept[0] is ticket_type:
            return kept[1]
        allows = self._allowed_actions(ticket_type)
        self._allows[id(ticket_type)] = (ticket_type, allows)
        return allows

    def _allowed_actions(
        self, ticket_type: Mapping[str, Any]
    ) -> frozenset[int] | Literal["any"] | None:
        if C.TICKET_TYPE_WORKFLOW_ID not in ticket_type:
            return None
        listed = type_list(ticket_type)
        workflow_id = as_int(ticket_type.get(C.TICKET_TYPE_WORKFLOW_ID))
        if not workflow_id:
            return ANY_ACTION if listed is None else listed
        ids = self.workflow_actions(workflow_id)
        if ids is None:
            return None
        return ids if listed is None else ids & listed

    def workflow_of(self, ticket_type: Mapping[str, Any] | None) -> Record | None:
        if ticket_type is None:
            return None
        return self.config.get("Workflow", as_int(ticket_type.get(C.TICKET_TYPE_WORKFLOW_ID)))
