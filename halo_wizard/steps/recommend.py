"""The recommended actions of seed 001 where a role has no suitable action: built as Changes (shown
before anything is written), with the workflow updates that allow them and the mapping rows to add
to the plan, so that what gets created then passes the rules."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from halo_wizard.api import constants as C
from halo_wizard.api.client import NaturalKey, Record
from halo_wizard.api.errors import HaloError
from halo_wizard.plan import freshness
from halo_wizard.plan.freshness import remember_created_row
from halo_wizard.plan.model import MappingKind, MappingOrigin, Plan, Side, StepId
from halo_wizard.rules.context import Context
from halo_wizard.rules.inputs import CheckInput
from halo_wizard.rules.rules import LOG_FIELDS
from halo_wizard.steps import unknowns
from halo_wizard.steps.apply import ApplyReport, apply_changes
from halo_wizard.steps.changes import Change, FieldChange, yes_no
from halo_wizard.steps.configuration import as_int
from halo_wizard.steps.learning import Example, ReadBack, read_back
from halo_wizard.steps.mappings import (
    DIRECTIONS,
    choose_default_action,
    direction_into,
    existing_mappings,
    mapping_changes,
    merge_existing,
    profile_record,
)
from halo_wizard.steps.read_model import (
    action_name,
    field_names,
    is_hidden,
    logs_to_supplier,
    sends_email,
    sync_party,
    system_use,
)
from halo_wizard.steps.session import Progress, Session, no_progress

logger = logging.getLogger(__name__)

ALWAYS_ALLOWED: Final = C.WORKFLOW_ALWAYS_ALLOWED
ALLOWED_ACTIONS: Final = C.TICKET_TYPE_ALLOWED_ACTIONS
INDIRECT_EMAIL_NAME: Final = "Indirect email to end user"
RESOLVE_NAME: Final = "Resolve third party ticket"


class NotAppliedYet(HaloError):
    title = "Recommended action not created yet"


@dataclass(frozen=True, slots=True)
class ActionRef:
    """An action of one side: an existing one (by id) or one a Change creates."""

    side: Side
    name: str
    action_id: int | None = None
    created_by: Change | None = field(default=None, compare=False)

    def resolve(self) -> int:
        """The action's id (for a created action: once its Change has been applied)."""
        if self.action_id is not None:
            return self.action_id
        if self.created_by is not None and self.created_by.record_id is not None:
            return self.created_by.record_id
        raise NotAppliedYet(
            f"The action '{self.name}' has not been created yet.",
            "Apply the recommended changes first.",
        )


@dataclass(frozen=True, slots=True)
class PlanEdit:
    """A mapping row to add to the plan: in `receiver`'s profile, `source` arrives as `target`."""

    receiver: Side
    source: ActionRef  # the sender's action (the row's remote record)
    target: ActionRef  # the receiver's action (the row's local record)

    def describe(self, receiver_name: str, profile_name: str) -> str:
        return (
            f"In {receiver_name}, profile '{profile_name}' > Action Mappings: "
            f"'{self.source.name}' → '{self.target.name}'"
        )


@dataclass(frozen=True, slots=True)
class Allow:
    """An action a workflow (or a restricted ticket type) must allow."""

    side: Side
    entity: str  # "Workflow" (always-allowed actions) or "TicketType" (allowed actions)
    record_id: int
    action: ActionRef


@dataclass(frozen=True, slots=True)
class InHalo:
    """What the admin finishes by hand in Halo's own screen after a recommendation is written: a
    setting the API does not show, or one whose value the instance has not shown halo_wizard yet.
    Read back afterwards (learning.read_back_follow_up), it lets the instance show the unknown."""

    text: str
    action: ActionRef
    setting: str  # "sync" (Send to Connected Halo Instance) or "api-email"
    value: str  # the party for "sync"; "on" for "api-email"
    teaches: C.Unknown | None = None
    before: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)
    """The action as the check read it (an existing action), to tell what the admin changed."""

    async def read_back(self, session: Session) -> ReadBack | None:
        """Read the action again once the admin says it is done in Halo: what it teaches is
        learned into the plan (None when it teaches nothing the plan does not know)."""
        if self.teaches is None:
            return None
        side = self.action.side
        example = Example(
            self.teaches,
            side,
            session.name(side),
            self.text,
            "Outcome",
            self.action.resolve(),
            dict(self.before or {}),
            {"party": self.value} if self.setting == "sync" else {},
        )
        return await read_back(session, example, before_known=self.before is not None)


@dataclass(slots=True)
class Recommendation:
    """One recommended action (or fix) for a rule: the changes to write and the plan edits."""

    rule: str
    side: Side
    title: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    plan_edits: list[PlanEdit] = field(default_factory=list)
    allows: list[Allow] = field(default_factory=list)
    in_halo: list[InHalo] = field(default_factory=list)
    """What the admin finishes in Halo's own screen (never written on a guess)."""

    def describe(self, found: CheckInput) -> list[str]:
        """Lines for a terminal or the review page (changes, then the mapping rows)."""
        lines = [f"{self.title} ({self.rule})", f"  {self.reason}"]
        for change in self.changes:
            lines.extend("  " + line for line in change.describe())
        context = Context(found)
        for edit in self.plan_edits:
            lines.append(
                "  "
                + edit.describe(context.name(edit.receiver), context.profile_label(edit.receiver))
            )
        lines.extend(f"  then, by hand: {step.text}" for step in self.in_halo)
        return lines


# ---- choosing existing actions ---------------------------------------------------------------


def _allowed_count(context: Context, side: Side, action: Mapping[str, Any]) -> int:
    return -context.refused_count(side, as_int(action.get("id")) or 0)


def _note_target(context: Context, side: Side) -> Record | None:
    """An internal note of `side` for notes from the other side: hidden, no e-mail, not synced,
    no system use; the profile's default action first when it is one."""
    candidates = [
        a
        for a in context.actions(side).values()
        if is_hidden(a)
        and not sends_email(a)
        and not context.sends_to_other(side, a)
        and system_use(a) == C.SYSTEMID_NONE
        and not context.closes(side, a)
    ]
    if not candidates:
        return None
    mappings = context.mappings(side)
    default = mappings.default_action if mappings else None
    preferred = choose_default_action(candidates)

    def score(action: Record) -> tuple[int, int, int]:
        return (
            _allowed_count(context, side, action),
            int(as_int(action.get("id")) == default),
            int(action is preferred),
        )

    return max(candidates, key=score)


def _email_target(context: Context) -> Record | None:
    """The customer's action that e-mails the end user (for the indirect e-mail)."""
    side = Side.CUSTOMER
    candidates = [
        a
        for a in context.actions(side).values()
        if sends_email(a)
        and not context.sends_to_other(side, a)
        and not is_hidden(a)
        and not context.closes(side, a)
        and system_use(a) in (C.SYSTEMID_NONE, 2)
    ]

    answer = context.answer(side, C.API_EMAIL_FIELD)

    def score(action: Record) -> tuple[int, int, int, int, int]:
        via_api = unknowns.api_email_setting(answer, action)
        name = action_name(action).casefold()
        return (
            _allowed_count(context, side, action) if via_api is not False else -10_000,
            2 if via_api is True else (1 if via_api is None else 0),
            int(system_use(action) == 2),
            int("email user" in name or "e-mail user" in name),
            -len(name),
        )

    return max(candidates, key=score) if candidates else None


def _closing_target(context: Context, side: Side, *, email: bool) -> Record | None:
    """A closing action of `side` that is not sent on (so a closing that arrives stops here)."""
    candidates = [
        a
        for a in context.actions(side).values()
        if context.closes(side, a) and not context.sends_to_other(side, a)
    ]

    def score(action: Record) -> tuple[int, int, int, int, int]:
        name = action_name(action).casefold()
        return (
            _allowed_count(context, side, action),
            int(system_use(action) == 1),
            int(sends_email(action) == email),
            int("close" in name or "resolve" in name),
            -len(name),
        )

    return max(candidates, key=score) if candidates else None


def _closed_status(context: Context, side: Side) -> Record | None:
    """Halo's built-in Closed status of `side`'s instance (else Cancelled)."""
    statuses = context.config(side).by_id("Status")
    for wanted in (C.CLOSED_STATUS_ID, C.CANCELLED_STATUS_ID):
        if wanted in statuses:
            return statuses[wanted]
    return None


# ---- building the changes ----------------------------------------------------------------------


_LABELS: Final = {
    C.OUTCOME_NAME: "Name",
    C.OUTCOME_SYSTEM_ID: "System use",
    C.OUTCOME_SEND_EMAIL: "Send an email",
    C.OUTCOME_HIDE_FROM_USER: "Hide from user",
    C.SYNC_TO_HALO: "Send to Connected Halo Instance",
    C.OUTCOME_DEFAULT_SEND_TO_HALO: "Send to Connected Halo Instance by default",
    C.OUTCOME_NEW_STATUS: "Status after action",
    C.OUTCOME_EMAIL_TEMPLATE_ID: "Email template",
    C.OUTCOME_FIELDS: "Field list",
    unknowns.EMAIL_AUTO_FORWARD: ("Send an email when created using the Supplier/Organisation API"),
}
API_EMAIL_SETTING: Final = (
    "Send an email when this action is created using the Supplier/Organisation API connection"
)
SEND_TO_HALO: Final = "Send to Connected Halo Instance"


def _shown(context: Context, side: Side, name: str, value: Any) -> Any:
    if name == C.OUTCOME_SYSTEM_ID:
        return C.SYSTEM_USES.get(int(value), str(value))
    if name == C.OUTCOME_SEND_EMAIL:
        return yes_no(value)
    if name == C.SYNC_TO_HALO:
        return sync_party({C.SYNC_TO_HALO: value}, context.sync_answer(side)).replace(
            "?", str(value)
        )
    if name == C.OUTCOME_NEW_STATUS:
        status = context.config(side).get("Status", as_int(value))
        return str(status.get("name")) if status else value
    if name == C.OUTCOME_FIELDS:
        return ", ".join(str(r.get(C.OUTCOME_FIELD_NAME)) for r in value)
    return value


def _field_rows(context: Context, side: Side, names: Sequence[str]) -> list[dict[str, Any]]:
    by_name = {
        str(r.get("name") or "").casefold(): r for r in context.config(side).list("FieldInfo")
    }
    rows: list[dict[str, Any]] = []
    for name in names:
        row: dict[str, Any] = {C.OUTCOME_FIELD_NAME: name}
        found = by_name.get(name)
        if found is not None and as_int(found.get("id")) is not None:
            row = {C.OUTCOME_FIELD_ID: as_int(found.get("id")), C.OUTCOME_FIELD_NAME: name}
        rows.append(row)
    return rows


def _write(
    context: Context,
    side: Side,
    entity: str,
    record: str,
    fields: list[FieldChange],
    payload: dict[str, Any],
    label: str,
    *,
    record_id: int | None = None,
    key: NaturalKey | None = None,
) -> Change:
    """One write of the action check: a create, or (with `record_id`) an update of that record."""
    return Change(
        step=StepId.ACTION_CHECK,
        side=side,
        instance=context.name(side),
        entity=entity,
        operation="create" if record_id is None else "update",
        record=record,
        record_id=record_id,
        fields=fields,
        payload=payload if record_id is None else {"id": record_id, **payload},
        key=key,
        label=label,
    )


def _setting_changes(
    context: Context, side: Side, values: Mapping[str, Any], existing: Mapping[str, Any] | None
) -> list[FieldChange]:
    """The settings a write changes, in words (a new action: only the settings the admin sets)."""
    if existing is None:
        return [
            FieldChange(k, _LABELS.get(k, k), None, _shown(context, side, k, v))
            for k, v in values.items()
            if k in _LABELS
        ]
    return [
        FieldChange(
            k,
            _LABELS.get(k, k),
            _shown(context, side, k, existing.get(k))
            if k != C.OUTCOME_FIELDS
            else ", ".join(sorted(field_names(existing))),
            _shown(context, side, k, v),
        )
        for k, v in values.items()
    ]


def _action_change(
    context: Context, side: Side, name: str, settings: dict[str, Any], label: str
) -> tuple[Change | None, ActionRef]:
    """Create the action, or (when one of that name exists) update it to the settings; None when
    it exists with them already (nothing is written to it, not even an unchanged copy)."""
    existing = next(
        (
            a
            for a in context.actions(side).values()
            if action_name(a).strip().casefold() == name.strip().casefold()
        ),
        None,
    )
    if existing is None:
        payload = {C.OUTCOME_NAME: name, C.OUTCOME_BUTTON_NAME: name, **settings}
        fields = _setting_changes(context, side, payload, None)
        change = _write(
            context,
            side,
            "Outcome",
            name,
            fields,
            payload,
            label,
            key=NaturalKey((C.OUTCOME_NAME,)),
        )
        return change, ActionRef(side, name, created_by=change)
    action_id = as_int(existing.get("id")) or 0
    differs = {
        k: v
        for k, v in settings.items()
        if (
            field_names(existing) != {r[C.OUTCOME_FIELD_NAME] for r in v}
            if k == C.OUTCOME_FIELDS
            else existing.get(k) != v
        )
    }
    if not differs:
        return None, ActionRef(side, name, action_id)
    fields = _setting_changes(context, side, differs, existing)
    change = _write(context, side, "Outcome", name, fields, differs, label, record_id=action_id)
    return change, ActionRef(side, name, action_id)


def _allow_changes(
    context: Context,
    side: Side,
    action: ActionRef,
    types: Iterable[Record],
    existing_id: int | None,
) -> tuple[list[Change], list[Allow]]:
    """Workflow (and restricted ticket type) updates so that `action` is allowed on `types`."""
    changes: list[Change] = []
    allows: list[Allow] = []
    done: set[tuple[str, int]] = set()
    config = context.config(side)
    for ticket_type in types:
        if existing_id is not None and context.allowed(side, ticket_type, existing_id) is not False:
            continue
        workflow_id = as_int(ticket_type.get(C.TICKET_TYPE_WORKFLOW_ID))
        workflow = config.get("Workflow", workflow_id)
        in_workflow = (
            existing_id is not None
            and workflow_id is not None
            and existing_id in (context.workflow_actions(side, workflow_id) or frozenset())
        )
        if workflow is not None and workflow_id is not None and not in_workflow:
            key = ("Workflow", workflow_id)
            if key not in done:
                done.add(key)
                allows.append(Allow(side, "Workflow", workflow_id, action))
                changes.append(
                    _update_change(
                        context,
                        side,
                        "Workflow",
                        workflow,
                        ALWAYS_ALLOWED,
                        "Always allowed actions",
                        action,
                        "workflow",
                    )
                )
        type_id = as_int(ticket_type.get("id"))
        if ticket_type.get(C.TICKET_TYPE_ALLOW_ALL_ACTIONS) is False and type_id is not None:
            key = ("TicketType", type_id)
            if key not in done:
                done.add(key)
                allows.append(Allow(side, "TicketType", type_id, action))
                changes.append(
                    _update_change(
                        context,
                        side,
                        "TicketType",
                        ticket_type,
                        ALLOWED_ACTIONS,
                        "Allowed actions",
                        action,
                        "ticket type",
                    )
                )
    return changes, allows


def _update_change(
    context: Context,
    side: Side,
    entity: str,
    record: Mapping[str, Any],
    list_field: str,
    label: str,
    action: ActionRef,
    what: str,
) -> Change:
    current = record.get(list_field) or []
    record_id = as_int(record.get("id")) or 0
    return _write(
        context,
        side,
        entity,
        str(record.get("name") or record_id),
        [FieldChange(list_field, label, f"{len(current)} actions", f"+ '{action.name}'")],
        # The new action's id is known once it is created: finish_changes fills it in.
        {list_field: [dict(r) for r in current]},
        what,
        record_id=record_id,
    )


def _workflows_with(context: Context, side: Side, action_id: int) -> list[Record]:
    """Ticket types whose workflow lists the action (where a clone should go as well)."""
    return [
        t for t in context.ticket_types(side) if context.allowed(side, t, action_id) is not False
    ]


# ---- the recommendations -------------------------------------------------------------------------


def _new_action(
    context: Context,
    side: Side,
    rule: str,
    title: str,
    reason: str,
    name: str,
    settings: dict[str, Any],
    label: str,
    allow_on: Iterable[Record],
) -> tuple[Recommendation, ActionRef]:
    change, ref = _action_change(context, side, name, settings, label)
    recommendation = Recommendation(rule, side, title, reason, [change] if change else [])
    existing = ref.action_id
    updates, allows = _allow_changes(context, side, ref, allow_on, existing)
    recommendation.changes.extend(updates)
    recommendation.allows.extend(allows)
    return recommendation, ref


def _target(
    context: Context,
    recommendation: Recommendation,
    side: Side,
    action: Record,
) -> ActionRef:
    """Use an existing action as a mapping target, allowing it where synced tickets are."""
    action_id = as_int(action.get("id")) or 0
    ref = ActionRef(side, action_name(action), action_id)
    updates, allows = _allow_changes(context, side, ref, context.relevant_types(side), action_id)
    recommendation.changes.extend(updates)
    recommendation.allows.extend(allows)
    return ref


def _sync_settings(context: Context, side: Side, *, hide: bool) -> dict[str, Any]:
    """The settings of an action that sends to the other instance. Its "Send to Connected Halo
    Instance" is written only where the instance has shown which number is which (sync-values);
    elsewhere the action is created without it and the admin sets it once in Halo (a follow-up
    of the recommendation), which shows halo_wizard the number."""
    settings: dict[str, Any] = {
        C.OUTCOME_SYSTEM_ID: C.SYSTEMID_NONE,
        C.OUTCOME_SEND_EMAIL: C.SENDEMAIL_NO,
        C.OUTCOME_HIDE_FROM_USER: hide,
        # Said out loud so rule R17 can see it: no AI rewrite of notes that cross over.
        C.OUTCOME_AI_IMPROVE_NOTE: False,
    }
    answer = context.sync_answer(side)
    if answer is not None:
        settings[C.SYNC_TO_HALO] = unknowns.sync_number(answer, unknowns.party_toward(side))
        settings[C.OUTCOME_DEFAULT_SEND_TO_HALO] = True
    return settings


def _finish_sync_in_halo(
    context: Context, recommendation: Recommendation, side: Side, ref: ActionRef
) -> None:
    if context.sync_answer(side) is None:
        party = unknowns.party_toward(side)
        recommendation.in_halo.append(
            InHalo(
                f"In {context.name(side)}, open the action '{ref.name}' (Configuration > "
                f"Tickets > Actions) and set '{SEND_TO_HALO}' to {party}: halo_wizard then "
                "reads it back and learns which number Halo uses for it.",
                ref,
                "sync",
                party,
                C.SYNC_VALUES,
            )
        )


def _log_to_supplier(context: Context) -> Recommendation | None:
    side = Side.CUSTOMER
    if any(field_names(a) <= LOG_FIELDS for a in context.log_actions):
        return None
    supplier = context.name(Side.SUPPLIER)
    by_use = [a for a in context.actions(side).values() if logs_to_supplier(a)]
    original = max(
        by_use,
        key=lambda a: (
            int(a in context.log_actions),
            _allowed_count(context, side, a),
            int(action_name(a).casefold() == "log to supplier"),
        ),
        default=None,
    )
    settings: dict[str, Any] = {
        C.OUTCOME_SYSTEM_ID: C.SYSTEMID_LOG_TO_SUPPLIER,
        C.OUTCOME_SEND_EMAIL: C.SENDEMAIL_YES,
        C.OUTCOME_HIDE_FROM_USER: bool(original.get(C.OUTCOME_HIDE_FROM_USER, True))
        if original
        else True,
        C.SYNC_TO_HALO: 0,  # No: the column's default (the log action creates the ticket itself)
        C.OUTCOME_DEFAULT_SEND_TO_HALO: False,
    }
    if original is not None:
        for key in (C.OUTCOME_NEW_STATUS, C.OUTCOME_EMAIL_TEMPLATE_ID):
            if original.get(key) is not None:
                settings[key] = original[key]
    settings[C.OUTCOME_FIELDS] = _field_rows(
        context, side, (C.ACTION_FIELD_NOTE, C.ACTION_FIELD_SUPPLIER)
    )
    where = (
        _workflows_with(context, side, as_int(original.get("id")) or 0)
        if original is not None
        else context.ticket_types(side)
    ) or context.ticket_types(side)
    copied = f" (a copy of '{action_name(original)}')" if original is not None else ""
    recommendation, _ref = _new_action(
        context,
        side,
        "R11",
        f"Create 'Escalate to {supplier}'{copied}",
        f"A dedicated action to send tickets to {supplier}: System use Log to supplier, Send an "
        "email Yes, only the Supplier and Note fields (no Supplier Ref to fill in by mistake), "
        "allowed wherever the original is.",
        f"Escalate to {supplier}",
        settings,
        "action",
        where,
    )
    return recommendation


def _note(context: Context, side: Side) -> Recommendation | None:
    other = side.other
    other_name = context.name(other)
    if side is Side.CUSTOMER:
        if context.role_flows(side, "note"):
            return None
        name, hide, rule = f"Private note to {other_name}", True, "R13"
        reason = (
            f"Private notes from {context.name(side)} to {other_name}: no e-mail, hidden from the "
            f"user, sent to the supplier; mapped in {other_name} to an internal note."
        )
    else:
        notes = context.role_flows(side, "note")
        if any(not is_hidden(f.source) for f in notes):
            return None
        if notes:
            return _unhide(context, notes[0].source)
        name, hide, rule = f"Note to {other_name}", False, "R12"
        reason = (
            f"Internal updates from {context.name(side)} to {other_name}: no e-mail, not hidden "
            "from the user (hidden supplier actions do not sync), sent to the customer; mapped in "
            f"{other_name} to an internal note."
        )
    settings = _sync_settings(context, side, hide=hide)
    settings[C.OUTCOME_FIELDS] = _field_rows(
        context, side, (C.ACTION_FIELD_NOTE, C.ACTION_FIELD_SEND_TO_HALO)
    )
    recommendation, ref = _new_action(
        context,
        side,
        rule,
        f"Create '{name}'",
        reason,
        name,
        settings,
        "action",
        context.relevant_types(side),
    )
    _finish_sync_in_halo(context, recommendation, side, ref)
    target = _note_target(context, other)
    if target is not None:
        recommendation.plan_edits.append(
            PlanEdit(other, ref, _target(context, recommendation, other, target))
        )
    return recommendation


def _unhide(context: Context, action: Record) -> Recommendation:
    name = action_name(action)
    action_id = as_int(action.get("id")) or 0
    return Recommendation(
        "R12",
        Side.SUPPLIER,
        f"Show '{name}' to the user",
        "A supplier-side action hidden from the user does not sync: the note action must be "
        "visible to the user.",
        [
            _write(
                context,
                Side.SUPPLIER,
                "Outcome",
                name,
                [FieldChange(C.OUTCOME_HIDE_FROM_USER, "Hide from user", "Yes", "No")],
                {C.OUTCOME_HIDE_FROM_USER: False},
                "action",
                record_id=action_id,
            )
        ],
    )


def _indirect_email(context: Context) -> Recommendation | None:
    side = Side.SUPPLIER
    if context.role_flows(side, "indirect email"):
        return None
    target = _email_target(context)
    if target is None:
        return None
    customer = context.name(Side.CUSTOMER)
    settings = _sync_settings(context, side, hide=False)
    settings[C.OUTCOME_FIELDS] = _field_rows(
        context, side, (C.ACTION_FIELD_NOTE, C.ACTION_FIELD_SEND_TO_HALO)
    )
    recommendation, ref = _new_action(
        context,
        side,
        "R14",
        f"Create '{INDIRECT_EMAIL_NAME}'",
        f"Lets {context.name(side)} e-mail the end user from {customer}'s mailbox with "
        f"{customer}'s templates: no e-mail here, sent to the customer, mapped in {customer} to "
        f"'{action_name(target)}'.",
        INDIRECT_EMAIL_NAME,
        settings,
        "action",
        context.relevant_types(side),
    )
    _finish_sync_in_halo(context, recommendation, side, ref)
    target_ref = _target(context, recommendation, Side.CUSTOMER, target)
    recommendation.plan_edits.append(PlanEdit(Side.CUSTOMER, ref, target_ref))
    api_email = unknowns.api_email_setting(context.answer(Side.CUSTOMER, C.API_EMAIL_FIELD), target)
    if api_email is False:
        target_id = target_ref.resolve()
        field_name = unknowns.EMAIL_AUTO_FORWARD
        recommendation.changes.append(
            _write(
                context,
                Side.CUSTOMER,
                "Outcome",
                target_ref.name,
                [FieldChange(field_name, _LABELS[field_name], "No", "Yes")],
                {field_name: True},
                "action",
                record_id=target_id,
            )
        )
    elif api_email is None:
        recommendation.in_halo.append(
            InHalo(
                f"In {customer}, open the action '{target_ref.name}' and tick "
                f"'{API_EMAIL_SETTING}' (the API does not show this setting: confirm it on the "
                "Action check page, or with `halo-wizard confirm --plan FILE R14 --by NAME`).",
                target_ref,
                "api-email",
                "on",
                C.API_EMAIL_FIELD
                if context.answer(Side.CUSTOMER, C.API_EMAIL_FIELD) is None
                else None,
                before=target,
            )
        )
    return recommendation


def _resolve(context: Context) -> Recommendation | None:
    side = Side.SUPPLIER
    if any(not sends_email(f.source) for f in context.role_flows(side, "close")):
        return None
    status = _closed_status(context, side)
    target = _closing_target(context, Side.CUSTOMER, email=True)
    if status is None or target is None:
        return None
    customer = context.name(Side.CUSTOMER)
    settings = _sync_settings(context, side, hide=False)
    settings[C.OUTCOME_NEW_STATUS] = as_int(status.get("id"))
    settings[C.OUTCOME_FIELDS] = _field_rows(
        context, side, (C.ACTION_FIELD_NOTE, C.ACTION_FIELD_SEND_TO_HALO)
    )
    recommendation, ref = _new_action(
        context,
        side,
        "R15",
        f"Create '{RESOLVE_NAME}'",
        f"Closes the ticket in {context.name(side)} without an e-mail and closes {customer}'s "
        f"ticket with '{action_name(target)}', so the end user gets one closure e-mail, from "
        f"{customer}.",
        RESOLVE_NAME,
        settings,
        "action",
        context.relevant_types(side),
    )
    _finish_sync_in_halo(context, recommendation, side, ref)
    recommendation.plan_edits.append(
        PlanEdit(Side.CUSTOMER, ref, _target(context, recommendation, Side.CUSTOMER, target))
    )
    both_ways = any(
        row.remote is not None
        and row.local is not None
        and context.closes(Side.CUSTOMER, row.remote)
        and context.closes(side, row.local)
        for row in context.rows(side, MappingKind.ACTION)
    )
    back = _closing_target(context, side, email=False)
    if not both_ways and back is not None:
        recommendation.plan_edits.append(
            PlanEdit(
                side,
                ActionRef(Side.CUSTOMER, action_name(target), as_int(target.get("id"))),
                _target(context, recommendation, side, back),
            )
        )
    return recommendation


def recommended_changes(found: CheckInput) -> list[Recommendation]:
    """Every recommendation for the roles of seed 001 that have no suitable action."""
    context = Context(found)
    if not all(context.roles_known(side) for side in Side):
        return []  # the profiles come first (R2): the roles depend on their mappings
    return [r for r in _recommendations(context) if _left_to_do(context, r)]


async def read_for_recommendations(session: Session) -> CheckInput:
    """Both instances read as the action check reads them: as they will be once the plan's
    mappings are written (the one read behind the window's check and `apply --recommended`)."""
    return (await CheckInput.from_session(session)).with_planned_mappings()


def pending_in_halo(found: CheckInput) -> list[InHalo]:
    """What the admin still has to finish in Halo's screen for actions already created (the
    recommendations with nothing left to write)."""
    context = Context(found)
    if not all(context.roles_known(side) for side in Side):
        return []
    return [
        step for r in _recommendations(context) if not _left_to_do(context, r) for step in r.in_halo
    ]


def _left_to_do(context: Context, recommendation: Recommendation) -> bool:
    """Whether a recommendation still writes something: a change, or a mapping row the profile
    does not hold yet."""
    if recommendation.changes:
        return True
    for edit in recommendation.plan_edits:
        mappings = context.mappings(edit.receiver)
        source, target = edit.source.action_id, edit.target.action_id
        row = mappings.find(MappingKind.ACTION, source) if mappings and source else None
        if row is None or not row.mapped or row.local_id != target:
            return True
    return False


def _recommendations(context: Context) -> list[Recommendation]:
    made = [
        _log_to_supplier(context),
        _note(context, Side.CUSTOMER),
        _note(context, Side.SUPPLIER),
        _indirect_email(context),
        _resolve(context),
    ]
    return [r for r in made if r is not None]


# ---- after the creates: the workflow lists, the plan, the profiles -----------------------------


def finish_changes(recommendations: Sequence[Recommendation], found: CheckInput) -> None:
    """Fill the created actions' ids into the workflow and ticket type updates (call once the
    creates are applied). Updates of the same record get one merged list."""
    additions: dict[tuple[Side, str, int], list[ActionRef]] = {}
    for recommendation in recommendations:
        for allow in recommendation.allows:
            additions.setdefault((allow.side, allow.entity, allow.record_id), []).append(
                allow.action
            )
    lists: dict[tuple[Side, str, int], list[dict[str, Any]]] = {}
    for (side, entity, record_id), refs in additions.items():
        record = found.config(side).get(entity, record_id) or {}
        if entity == "Workflow":
            rows = [dict(r) for r in record.get(ALWAYS_ALLOWED) or []]
            have = {as_int(r.get("id")) for r in rows}
            for ref in refs:
                action_id = ref.resolve()
                if action_id not in have:
                    have.add(action_id)
                    rows.append({"id": action_id, C.OUTCOME_NAME: ref.name})
        else:
            rows = [dict(r) for r in record.get(ALLOWED_ACTIONS) or []]
            have = {as_int(r.get(C.ALLOWED_ACTION_ID)) for r in rows}
            for ref in refs:
                action_id = ref.resolve()
                if action_id not in have:
                    have.add(action_id)
                    rows.append({C.ALLOWED_ACTION_ID: action_id, C.ALLOWED_ACTION_NAME: ref.name})
        lists[(side, entity, record_id)] = rows
    for recommendation in recommendations:
        for change in recommendation.changes:
            if change.operation != "update" or change.record_id is None:
                continue
            merged = lists.get((change.side, change.entity, change.record_id))
            if merged is None:
                continue
            list_field = ALWAYS_ALLOWED if change.entity == "Workflow" else ALLOWED_ACTIONS
            change.payload = {"id": change.record_id, list_field: [dict(r) for r in merged]}


def apply_plan_edits(plan: Plan, recommendations: Iterable[Recommendation]) -> int:
    """Add the recommendations' mapping rows to the plan (chosen by the admin: origin manual)."""
    count = 0
    for recommendation in recommendations:
        for edit in recommendation.plan_edits:
            direction = direction_into(edit.receiver)
            direction.mappings(plan).set_row(
                MappingKind.ACTION,
                edit.source.resolve(),
                local_id=edit.target.resolve(),
                remote_name=edit.source.name,
                local_name=edit.target.name,
                origin=MappingOrigin.MANUAL,
            )
            if edit.source.created_by is not None or edit.target.created_by is not None:
                # The report says "Set by: halo_wizard" for what the wizard created.
                remember_created_row(
                    plan, edit.receiver.value, edit.source.resolve(), edit.target.resolve()
                )
            count += 1
    return count


async def apply_recommendations(
    session: Session,
    recommendations: Sequence[Recommendation],
    found: CheckInput,
    progress: Progress = no_progress,
) -> ApplyReport:
    """Write the accepted recommendations: the new actions, then the workflow updates that allow
    them, then their mapping rows (into the plan, and onto the profiles)."""
    report = ApplyReport()
    # The mapping rows come last: if they cannot be written yet, nothing is written at all.
    for receiver in {e.receiver for r in recommendations for e in r.plan_edits}:
        unknowns.require(
            session.plan, receiver, C.MAPPING_ROW_IDS, "mapping the recommended actions"
        )
    creates = [c for r in recommendations for c in r.changes if c.operation == "create"]
    first = await apply_changes(session, creates, progress)
    report.written.extend(first.written)
    if not first.ok:
        report.error, report.not_written = first.error, first.not_written
        return report
    finish_changes(recommendations, found)
    updates: dict[tuple[Side, str, int | None], Change] = {}
    for recommendation in recommendations:
        for change in recommendation.changes:
            if change.operation == "update":
                updates[(change.side, change.entity, change.record_id)] = change
    second = await apply_changes(session, list(updates.values()), progress)
    report.written.extend(second.written)
    if not second.ok:
        report.error, report.not_written = second.error, second.not_written
        return report
    # Were the plan's mappings all written before? Then the rows added here, once written too,
    # leave the Mappings step's result true.
    mappings_current = freshness.staleness(session.plan, StepId.MAPPINGS) is None
    apply_plan_edits(session.plan, recommendations)
    receivers = {e.receiver for r in recommendations for e in r.plan_edits}
    writes: list[Change] = []
    for direction in DIRECTIONS:
        if direction.receiver not in receivers:
            continue
        record = await profile_record(session, direction, fresh=True)
        if record is None:
            continue
        merge_existing(
            direction.mappings(session.plan), existing_mappings(session.plan, direction, record)
        )
        writes.extend(mapping_changes(session.plan, direction, record))
    third = await apply_changes(session, writes, progress)
    report.written.extend(third.written)
    if not third.ok:
        report.error, report.not_written = third.error, third.not_written
    elif mappings_current:
        freshness.carry_forward(session.plan, StepId.MAPPINGS, ("mappings",))
    return report
