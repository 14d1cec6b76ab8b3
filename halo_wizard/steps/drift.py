"""The drift check: what on the live instances no longer matches a saved plan, in plain words."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.plan.model import (
    ActionSettings,
    ConnectionKind,
    MappingKind,
    Plan,
    Side,
    utc_now_iso,
)
from halo_wizard.steps import mappings as M
from halo_wizard.steps.changes import yes_no
from halo_wizard.steps.configuration import as_int as _as_int
from halo_wizard.steps.mappings import DIRECTIONS, SPEC, Catalogue, Direction
from halo_wizard.steps.profiles import CUSTOMER_PROFILE, ROLES, ProfileRole, press_authenticate
from halo_wizard.steps.read_model import (
    SYNC_SETTING_LABELS,
    SYNC_SETTINGS,
    setting_number,
    sync_settings,
    system_use_name,
)
from halo_wizard.steps.session import Session
from halo_wizard.steps.unknowns import LOCAL_IN_FIID, AnswerNeeded, answer, read_row

logger = logging.getLogger(__name__)

ACTION_SETTINGS_KEY: Final = "action_settings"
"""The plan section (Plan.action_settings) with the key settings of the actions the mappings use."""
ACTION_SETTING_FIELDS: Final = SYNC_SETTINGS  # the read model's: what sync depends on
SETTING_LABELS: Final = SYNC_SETTING_LABELS
_EXAMPLES: Final = 5
_APPLY_FIX: Final = (
    "Run `halo-wizard apply --plan FILE` to write the plan again, or, if the change was meant, "
    "update the plan in the window's Mappings step and apply it."
)
_KIND_WORDS: Final[dict[MappingKind, str]] = {
    MappingKind.STATUS: "status",
    MappingKind.CATEGORY: "category",
    MappingKind.FIELD: "field",
    MappingKind.ACTION: "action",
    MappingKind.TICKET_TYPE: "ticket type",
}
_KIND_SCREENS: Final[dict[MappingKind, str]] = {
    MappingKind.STATUS: "Configuration > Tickets > Status",
    MappingKind.CATEGORY: "Configuration > Tickets > Categories",
    MappingKind.FIELD: "Configuration > Custom Objects > Custom Fields",
    MappingKind.ACTION: "Configuration > Actions",
    MappingKind.TICKET_TYPE: "Configuration > Tickets > Ticket Types",
}


class DriftKind(StrEnum):
    """What has drifted."""

    RECORD_RENAMED = "record_renamed"
    RECORD_DELETED = "record_deleted"
    MAPPINGS_CHANGED = "mappings_changed"
    PROFILE_DELETED = "profile_deleted"
    PROFILE_RENAMED = "profile_renamed"
    API_ACCESS_OFF = "api_access_off"
    CONNECTION_DETAILS_CHANGED = "connection_details_changed"
    NOT_AUTHENTICATING = "not_authenticating"
    SUPPLIERS_MODULE_OFF = "suppliers_module_off"
    ACTION_SETTINGS_CHANGED = "action_settings_changed"
    LINKED_LIST = "linked_list"  # a shared ticket list (connected instances) no longer as planned


@dataclass(frozen=True, slots=True)
class Drift:
    """One difference between the plan and a live instance, with where it is and how to fix it."""

    kind: DriftKind
    side: Side
    instance: str  # the instance's name, e.g. "Northwind MSP"
    record: str  # the record concerned in words, e.g. "action 'Internal Note' (id 5)"
    what: str  # what happened, one sentence
    expected: str
    found: str
    fix: str
    entity: str = ""  # the API entity of the record ("Status", "Outcome", "Client", ...)
    record_id: int | None = None

    @property
    def text(self) -> str:
        return (
            f"{self.instance}, {self.record}: {self.what} Expected: {self.expected}. "
            f"Found: {self.found}. Fix: {self.fix}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "side": self.side.value,
            "instance": self.instance,
            "record": self.record,
            "entity": self.entity,
            "record_id": self.record_id,
            "what": self.what,
            "expected": self.expected,
            "found": self.found,
            "fix": self.fix,
        }


@dataclass(slots=True)
class DriftReport:
    """Every drift found, in the order checked (module, profiles, connection, mappings, records,
    action settings, authentication)."""

    plan_name: str = ""
    checked_at: str = field(default_factory=utc_now_iso)
    authenticated: bool = False  # whether "Authenticate connection" was pressed on both profiles
    drifts: list[Drift] = field(default_factory=list)
    partner: str = ""
    """The partner's instance (two-party set-up): not checked here, its admin's check covers it;
    what this side knows of it is their catalogue, not the instance as it is now."""

    @property
    def ok(self) -> bool:
        return not self.drifts

    def of_kind(self, kind: DriftKind) -> list[Drift]:
        return [d for d in self.drifts if d.kind is kind]

    def add(self, drift: Drift) -> None:
        if drift not in self.drifts:
            self.drifts.append(drift)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan_name,
            "checked_at": self.checked_at,
            "authenticated": self.authenticated,
            "ok": self.ok,
            "drifts": [d.to_dict() for d in self.drifts],
            **({"partner_not_checked": self.partner} if self.partner else {}),
        }

    def format_text(self) -> str:
        lines = [f"Drift check of {self.plan_name} at {self.checked_at}"]
        if not self.authenticated:
            lines.append("(Authenticate connection was not pressed: credentials not tested)")
        if self.partner:
            lines.append(
                f"({self.partner} is your partner's instance: not checked here; their own "
                "`halo-wizard check` covers it.)"
            )
        if self.ok:
            lines.append("No drift: the instances hold what the plan says.")
        else:
            lines.append(f"{len(self.drifts)} drift(s):")
            for number, drift in enumerate(self.drifts, 1):
                lines.append(f"{number}. {drift.instance}, {drift.record}: {drift.what}")
                lines.append(f"   expected: {drift.expected}")
                lines.append(f"   found:    {drift.found}")
                lines.append(f"   fix:      {drift.fix}")
        return "\n".join(lines) + "\n"


# ---- the action settings fingerprint -------------------------------------------------------------


def action_fingerprint(record: Mapping[str, Any]) -> dict[str, Any]:
    """The key settings of one action (what sync depends on), with its name for display."""
    return sync_settings(record)


def planned_actions(plan: Plan) -> dict[Side, set[int]]:
    """The actions the plan's mappings and defaults use, per instance that holds them."""
    used: dict[Side, set[int]] = {Side.CUSTOMER: set(), Side.SUPPLIER: set()}
    for direction in DIRECTIONS:
        wanted = direction.mappings(plan)
        for row in wanted.rows_of(MappingKind.ACTION):
            if row.mapped and row.local_id is not None:
                used[direction.receiver].add(row.local_id)
                used[direction.sender].add(row.remote_id)
        if wanted.default_action is not None:
            used[direction.receiver].add(wanted.default_action)
    return used


def remember_action_settings(plan: Plan, catalogues: Mapping[Side, Catalogue]) -> list[str]:
    """Keep in the plan the key settings of every action the plan uses, as the instances hold
    them now (call after applying the plan), so a later check can tell when one changed.

    Returns, one line per action, the recorded settings this replaced because Halo holds others
    now: the caller says so (a changed setting is never recorded in silence)."""
    before = plan.action_settings
    section: dict[str, Any] = {"recorded_at": utc_now_iso()}
    replaced: list[str] = []
    for side, ids in planned_actions(plan).items():
        actions = catalogues[side].records.get(MappingKind.ACTION, {})
        section[side.value] = {}
        for action_id in sorted(ids):
            if action_id not in actions:
                continue
            now = action_fingerprint(actions[action_id])
            section[side.value][str(action_id)] = now
            then = before.of(side, action_id) if before is not None else {}
            changed = [f for f in ACTION_SETTING_FIELDS if f in then and then[f] != now[f]]
            if changed:
                record = _describe_record(MappingKind.ACTION, now["name"], action_id)
                replaced.append(
                    f"{plan.instance(side).name}, {record}: "
                    + "; ".join(
                        f"{SETTING_LABELS[f]} {_setting_words(f, then[f])} → "
                        f"{_setting_words(f, now[f])}"
                        for f in changed
                    )
                )
    plan.action_settings = ActionSettings.from_dict(section)
    return replaced


# ---- helpers -----------------------------------------------------------------------------------


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def _url(text: Any) -> str:
    return str(text or "").strip().rstrip("/").casefold()


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return yes_no(value)
    return f"'{value}'" if isinstance(value, str) else str(value)


def _live_names(catalogue: Catalogue, kind: MappingKind, record: Record) -> set[str]:
    record_id = _as_int(record.get("id"))
    names = {_norm(record.get(SPEC[kind].name_field)), _norm(record.get("name"))}
    names.update(
        _norm(choice.name) for choice in catalogue.choices.get(kind, []) if choice.id == record_id
    )
    names.update(_norm(record.get(key)) for key in (C.FIELD_LABEL,) if kind is MappingKind.FIELD)
    names.discard("")
    return names


def _describe_record(kind: MappingKind, name: str, record_id: int) -> str:
    return (
        f"{_KIND_WORDS[kind]} '{name}' (id {record_id})"
        if name
        else (f"{_KIND_WORDS[kind]} id {record_id}")
    )


# ---- the check ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Live:
    """What the check read from both instances."""

    catalogues: dict[Side, Catalogue] = field(default_factory=dict)
    profiles: dict[str, Record | None] = field(default_factory=dict)  # by role entity


async def check_drift(session: Session, *, authenticate: bool = True) -> DriftReport:
    """Compare both live instances with the session's plan and list every drift.

    With `authenticate`, "Authenticate connection" is pressed on both profiles (it writes the
    profile's test flag and validation result on the instances, nothing else)."""
    plan = session.plan
    report = DriftReport(plan_name=plan.name, authenticated=authenticate)
    await asyncio.gather(
        *(session.client(side).connect(require_sync_version=False) for side in Side)
    )
    for side in Side:  # a check reads what the instances hold now, never a cached list
        for entity in ("Features", "Client", "Supplier", *(s.entity for s in M.KINDS)):
            session.forget(side, entity)

    await _check_module(session, report)
    live = _Live()
    for role in ROLES:
        live.profiles[role.entity] = await _check_profile(session, role, report)
    for role in ROLES:
        _check_connection_details(session, role, live, report)
    customer, supplier = await asyncio.gather(
        M.load_catalogue(session, Side.CUSTOMER), M.load_catalogue(session, Side.SUPPLIER)
    )
    live.catalogues = {Side.CUSTOMER: customer, Side.SUPPLIER: supplier}
    for direction in DIRECTIONS:
        record = live.profiles.get(direction.role.entity)
        if record is not None:
            _check_profile_mappings(session, direction, record, report)
    _check_mapped_records(session, live.catalogues, report)
    _check_action_settings(session, live.catalogues, report)
    if authenticate:
        await _check_authentication(session, live, report)
    else:
        _check_last_validation(session, live, report)
    if session.partner is not None:
        report.partner = session.name(session.partner)
        report.drifts = [d for d in report.drifts if d.side is not session.partner]
    logger.info("drift check of %s: %d drift(s)", plan.name, len(report.drifts))
    return report


async def _check_module(session: Session, report: DriftReport) -> None:
    for side in Side:
        rows = await session.records(side, "Features", fresh=True)
        row = next((r for r in rows if r.get("module_name") == C.SUPPLIERS_MODULE_NAME), None)
        if row is None or row.get("enabled"):
            continue  # not listed: the permissions step explains; nothing to compare
        report.add(
            Drift(
                kind=DriftKind.SUPPLIERS_MODULE_OFF,
                side=side,
                instance=session.name(side),
                record="the Suppliers module",
                what="The Suppliers module has been turned off; ticket sync stops (rule R1).",
                expected="On",
                found="Off",
                fix="Turn it on in Configuration > General Settings > Modules > Suppliers, or "
                "run the wizard's Suppliers module step again.",
                entity="Features",
                record_id=_as_int(row.get("id")),
            )
        )


async def _check_profile(session: Session, role: ProfileRole, report: DriftReport) -> Record | None:
    profile = role.plan(session.plan)
    side = role.side
    instance = session.name(side)
    where = f"{role.label} profile '{profile.name}'"
    if profile.record_id is None:
        report.add(
            Drift(
                kind=DriftKind.PROFILE_DELETED,
                side=side,
                instance=instance,
                record=where,
                what="The plan has no record of this profile: it was never applied.",
                expected="the profile found or created by the wizard",
                found="no record id in the plan",
                fix="Apply the plan (`halo-wizard apply --plan FILE`) before checking it.",
                entity=role.entity,
            )
        )
        return None
    record = await session.record(side, role.entity, profile.record_id)
    if record is None or _as_int(record.get("id")) != profile.record_id:
        report.add(
            Drift(
                kind=DriftKind.PROFILE_DELETED,
                side=side,
                instance=instance,
                record=f"{where} (id {profile.record_id})",
                what="The profile has been deleted; nothing syncs through it any more.",
                expected=f"a {role.entity} record with id {profile.record_id}",
                found="no such record",
                fix="Run the wizard's Profiles and Credential swap steps again to create it and "
                "exchange credentials, then apply the mappings.",
                entity=role.entity,
                record_id=profile.record_id,
            )
        )
        return None
    name = str(record.get("name") or "")
    if _norm(name) != _norm(profile.name):
        report.add(
            Drift(
                kind=DriftKind.PROFILE_RENAMED,
                side=side,
                instance=instance,
                record=f"{role.label} profile (id {profile.record_id})",
                what="The profile has been renamed.",
                expected=_shown(profile.name),
                found=_shown(name),
                fix="Rename it back in Halo, or take the new name into the plan at the "
                "Profiles step.",
                entity=role.entity,
                record_id=profile.record_id,
            )
        )
    if profile.api_access and not record.get(C.PROFILE_ALLOW_API_ACCESS):
        report.add(
            Drift(
                kind=DriftKind.API_ACCESS_OFF,
                side=side,
                instance=instance,
                record=f"{where} (id {profile.record_id})",
                what="API access has been turned off on the profile; the other instance can no "
                "longer sign in with the credentials it issued (rule R3).",
                expected="API access: Allow access on",
                found="off",
                fix="Turn on Allow access on the profile's API Access tab; Halo issues new "
                "credentials, so run the Credential swap step again.",
                entity=role.entity,
                record_id=profile.record_id,
            )
        )
    return record


def _check_connection_details(
    session: Session, role: ProfileRole, live: _Live, report: DriftReport
) -> None:
    """The profile in one instance must hold the other instance's addresses, tenant and the
    client id issued by the other instance's profile."""
    record = live.profiles.get(role.entity)
    if record is None:
        return
    other_side = role.side.other
    other = session.client(other_side).endpoint
    other_role = next(r for r in ROLES if r is not role)
    issuer = live.profiles.get(other_role.entity)
    expected: list[tuple[str, str, Any, bool]] = [
        (C.PROFILE_REMOTE_API_URL, "Other instance's API URL", other.api_url, True),
        (C.PROFILE_REMOTE_AUTH_URL, "Other instance's authorisation URL", other.auth_url, True),
        (C.PROFILE_REMOTE_TENANT, "Other instance's tenant", other.tenant, False),
    ]
    if issuer is not None and issuer.get(C.PROFILE_ISSUED_CLIENT_ID):
        expected.append(
            (
                C.PROFILE_REMOTE_CLIENT_ID,
                "Client ID issued by the other instance",
                issuer.get(C.PROFILE_ISSUED_CLIENT_ID),
                False,
            )
        )
    profile = role.plan(session.plan)
    for name, label, wanted, is_url in expected:
        found = record.get(name)
        same = _url(found) == _url(wanted) if is_url else _norm(found) == _norm(wanted)
        if same:
            continue
        report.add(
            Drift(
                kind=DriftKind.CONNECTION_DETAILS_CHANGED,
                side=role.side,
                instance=session.name(role.side),
                record=f"{role.label} profile '{record.get('name') or profile.name}' "
                f"(id {profile.record_id}): {label}",
                what=f"The profile no longer holds {session.name(other_side)}'s details.",
                expected=_shown(wanted),
                found=_shown(found),
                fix="Run the wizard's Credential swap step again (it writes the other "
                "instance's URLs, tenant and credentials and authenticates).",
                entity=role.entity,
                record_id=profile.record_id,
            )
        )


def _row_key_names(rows: Any, orientation: str) -> dict[tuple[int | None, int | None], str]:
    """Rows as the instance holds them, each named 'sender's record → receiver's record'."""
    found: dict[tuple[int | None, int | None], str] = {}
    if not isinstance(rows, list):
        return found
    for row in rows:
        if isinstance(row, Mapping):
            ids = read_row(row, orientation)
            key = (ids.remote_id, ids.local_id)
            found[key] = f"{ids.remote_name or ids.remote_id} → {ids.local_name or ids.local_id}"
    return found


def _examples(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:_EXAMPLES])
    more = len(names) - _EXAMPLES
    return shown + (f" and {more} more" if more > 0 else "")


def _check_profile_mappings(
    session: Session, direction: Direction, record: Record, report: DriftReport
) -> None:
    plan = session.plan
    wanted_mappings = direction.mappings(plan)
    if not wanted_mappings.rows and all(
        getattr(wanted_mappings, a) is None for a in M._DEFAULT_ATTR.values()
    ):
        return  # the plan holds no mappings for this profile: nothing to compare
    try:
        wanted = M.profile_payload(plan, direction)
    except AnswerNeeded:
        return  # never written (it needs what the instance has not shown): nothing to compare
    orientation = answer(plan, direction.receiver, C.MAPPING_ROW_IDS) or LOCAL_IN_FIID
    role = direction.role
    profile = role.plan(plan)
    where = f"{role.label} profile '{record.get('name') or profile.name}' (id {profile.record_id})"
    instance = session.name(direction.receiver)
    by_rows_field = {spec.rows_field: spec for spec in M.KINDS}
    for change in M.payload_differences(record, wanted):
        spec = by_rows_field.get(change.name)
        if spec is not None:
            planned = _row_key_names(wanted.get(change.name), orientation)
            held = _row_key_names(record.get(change.name), orientation)
            missing = [planned[k] for k in planned.keys() - held.keys()]
            extra = [held[k] for k in held.keys() - planned.keys()]
            parts = []
            if missing:
                parts.append(f"{len(missing)} planned row(s) missing: {_examples(missing)}")
            if extra:
                parts.append(f"{len(extra)} row(s) not in the plan: {_examples(extra)}")
            report.add(
                Drift(
                    kind=DriftKind.MAPPINGS_CHANGED,
                    side=direction.receiver,
                    instance=instance,
                    record=f"{where}: {change.label}",
                    what=f"The {change.label.lower()} on the profile differ from the plan ("
                    + "; ".join(parts)
                    + ").",
                    expected=f"{len(planned)} row(s) as planned",
                    found=f"{len(held)} row(s)",
                    fix=_APPLY_FIX,
                    entity=role.entity,
                    record_id=profile.record_id,
                )
            )
            continue
        report.add(
            Drift(
                kind=DriftKind.MAPPINGS_CHANGED,
                side=direction.receiver,
                instance=instance,
                record=f"{where}: {change.label}",
                what=f"The profile's setting '{change.label}' differs from the plan.",
                expected=_profile_setting_words(change.name, change.new),
                found=_profile_setting_words(change.name, change.old),
                fix=_APPLY_FIX,
                entity=role.entity,
                record_id=profile.record_id,
            )
        )


def _profile_setting_words(name: str, value: Any) -> str:
    """A default or the attachment setting of a profile, in words."""
    if name == C.OUTBOUND_ATTACHMENTS:
        return yes_no(bool(setting_number(value)))
    kind = next((k for k in M._DEFAULT_ATTR if SPEC[k].default_field == name), None)
    return _shown(value) if kind is None else _default_words(kind, value)


def _default_words(kind: MappingKind, value: Any) -> str:
    record_id = _as_int(value)
    if record_id is None:
        return "(empty)"
    if kind is MappingKind.STATUS and record_id == C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT:
        return "Action/Ticket Type Default"
    return f"{_KIND_WORDS[kind]} id {record_id}"


def _deleted(
    session: Session, side: Side, kind: MappingKind, name: str, record_id: int, use: str
) -> Drift:
    return Drift(
        kind=DriftKind.RECORD_DELETED,
        side=side,
        instance=session.name(side),
        record=_describe_record(kind, name, record_id),
        what=f"A {_KIND_WORDS[kind]} the plan uses has been deleted ({use}).",
        expected=f"the {_KIND_WORDS[kind]} {_shown(name) if name else f'id {record_id}'}",
        found="no such record",
        fix=f"Restore it in {_KIND_SCREENS[kind]}, or map another {_KIND_WORDS[kind]} in the "
        "window's Mappings step and apply the plan.",
        entity=SPEC[kind].entity,
        record_id=record_id,
    )


@dataclass(slots=True)
class _RecordUse:
    """One record of one instance that the plan names, and where the plan uses it."""

    name: str = ""
    uses: list[str] = field(default_factory=list)

    def add(self, name: str, use: str) -> None:
        self.name = self.name or name
        if use not in self.uses:
            self.uses.append(use)

    @property
    def use(self) -> str:
        return "; ".join(self.uses)


def _planned_records(plan: Plan) -> dict[tuple[Side, MappingKind, int], _RecordUse]:
    """Every record a mapped row or a default names, per instance, with its planned name."""
    found: dict[tuple[Side, MappingKind, int], _RecordUse] = {}
    for direction in DIRECTIONS:
        wanted = direction.mappings(plan)
        profile = f"the {direction.role.label} profile '{direction.role.plan(plan).name}'"
        for row in wanted.rows:
            if not row.mapped or row.local_id is None:
                continue
            for side, record_id, name in (
                (direction.sender, row.remote_id, row.remote_name),
                (direction.receiver, row.local_id, row.local_name),
            ):
                key = (side, row.kind, record_id)
                found.setdefault(key, _RecordUse()).add(name, f"mapped in {profile}")
        for kind, attr in M._DEFAULT_ATTR.items():
            if kind is MappingKind.TICKET_TYPE and direction.role is not CUSTOMER_PROFILE:
                continue
            record_id = getattr(wanted, attr)
            if record_id is not None:
                key = (direction.receiver, kind, record_id)
                found.setdefault(key, _RecordUse()).add("", f"default of {profile}")
    return found


def _check_mapped_records(
    session: Session, catalogues: Mapping[Side, Catalogue], report: DriftReport
) -> None:
    """Every record a mapped row or a default names must still exist, under the planned name."""
    for (side, kind, record_id), planned in _planned_records(session.plan).items():
        if kind is MappingKind.STATUS and record_id == C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT:
            continue
        catalogue = catalogues[side]
        record = catalogue.records.get(kind, {}).get(record_id)
        if record is None:
            report.add(_deleted(session, side, kind, planned.name, record_id, planned.use))
            continue
        name = planned.name
        if not name.strip() or _norm(name) in _live_names(catalogue, kind, record):
            continue
        report.add(
            Drift(
                kind=DriftKind.RECORD_RENAMED,
                side=side,
                instance=session.name(side),
                record=_describe_record(kind, name, record_id),
                what=f"A {_KIND_WORDS[kind]} the plan uses has been renamed ({planned.use}).",
                expected=_shown(name),
                found=_shown(catalogue.name(kind, record_id)),
                fix="The mapping still joins the same records by id. If the record's meaning "
                "changed too, map it again in the window's Mappings step; otherwise rename it "
                "back, or open the plan in the window and save it to take the new name.",
                entity=SPEC[kind].entity,
                record_id=record_id,
            )
        )


def _check_action_settings(
    session: Session, catalogues: Mapping[Side, Catalogue], report: DriftReport
) -> None:
    section = session.plan.action_settings
    if section is None:
        return  # never recorded (a plan applied by an older version): nothing to compare
    for side in Side:
        if side not in section.actions:
            continue
        actions = catalogues[side].records.get(MappingKind.ACTION, {})
        for record_id, then in section.actions[side].items():
            name = str(then.get("name") or "")
            record = actions.get(record_id)
            if record is None:
                known = any(
                    d.kind is DriftKind.RECORD_DELETED
                    and (d.side, d.entity, d.record_id) == (side, "Outcome", record_id)
                    for d in report.drifts
                )
                use = "its settings were recorded when the plan was applied"
                if not known:
                    report.add(_deleted(session, side, MappingKind.ACTION, name, record_id, use))
                continue
            now = action_fingerprint(record)
            changed = [s for s in ACTION_SETTING_FIELDS if s in then and then[s] != now[s]]
            if not changed:
                continue
            report.add(
                Drift(
                    kind=DriftKind.ACTION_SETTINGS_CHANGED,
                    side=side,
                    instance=session.name(side),
                    record=_describe_record(MappingKind.ACTION, now["name"] or name, record_id),
                    what="Settings of an action the mappings use have changed since the plan "
                    "was applied: " + ", ".join(SETTING_LABELS[s] for s in changed) + ".",
                    expected="; ".join(
                        f"{SETTING_LABELS[s]} {_setting_words(s, then[s])}" for s in changed
                    ),
                    found="; ".join(
                        f"{SETTING_LABELS[s]} {_setting_words(s, now[s])}" for s in changed
                    ),
                    fix="Set them back in Configuration > Actions, or run the action check "
                    "(`halo-wizard validate --plan FILE`) to see whether the new settings break "
                    "a rule, then apply the plan again to record them.",
                    entity="Outcome",
                    record_id=record_id,
                )
            )


def _setting_words(name: str, value: Any) -> str:
    if value is None:
        return "(empty)"
    number = setting_number(value)
    if name in (C.OUTCOME_SEND_EMAIL, C.OUTCOME_HIDE_FROM_USER) and number is not None:
        return yes_no(bool(number))
    if name == C.SYNC_TO_HALO and number is not None:
        # Which number is Supplier the instance shows (sync-values); the drift is the change.
        return "No" if number == 0 else str(number)
    if name == C.OUTCOME_SYSTEM_ID and number is not None:
        return system_use_name(number)
    if name == C.OUTCOME_NEW_STATUS:
        return f"status id {value}" if number else "(unchanged)"
    return str(value)


def _not_authenticating(
    session: Session, role: ProfileRole, record: Record, reason: str, found: str
) -> Drift:
    profile = role.plan(session.plan)
    other = session.name(role.side.other)
    return Drift(
        kind=DriftKind.NOT_AUTHENTICATING,
        side=role.side,
        instance=session.name(role.side),
        record=f"{role.label} profile '{record.get('name') or profile.name}' "
        f"(id {profile.record_id})",
        what=f"The credentials the profile holds no longer sign in to {other} ({reason}).",
        expected="Authenticate connection: Connection successful",
        found=found,
        fix="Run the wizard's Credential swap step again: it copies the credentials the other "
        "instance's profile issued, with its URLs and tenant, and authenticates (rule R3).",
        entity=role.entity,
        record_id=profile.record_id,
    )


async def _check_authentication(session: Session, live: _Live, report: DriftReport) -> None:
    """Press "Authenticate connection" on every profile that still exists."""
    for role in ROLES:
        record = live.profiles.get(role.entity)
        profile = role.plan(session.plan)
        if record is None or profile.record_id is None or role.side is session.partner:
            continue
        answer = await press_authenticate(session, role, profile.record_id)
        if answer.get(C.PROFILE_VALIDATED):
            continue
        reason = str(answer.get(C.PROFILE_WARNING) or "the instance did not say why")
        report.add(_not_authenticating(session, role, record, reason, "failed"))


def _check_last_validation(session: Session, live: _Live, report: DriftReport) -> None:
    """Without pressing the button: report a profile whose last authentication failed."""
    for role in ROLES:
        record = live.profiles.get(role.entity)
        if record is not None and record.get(C.PROFILE_VALIDATED) is False:
            report.add(
                _not_authenticating(
                    session, role, record, "its last Authenticate connection failed", "failed"
                )
            )


# ---- the whole check of a plan -----------------------------------------------------------------


async def check_plan_drift(session: Session, *, authenticate: bool = True) -> DriftReport:
    """Every drift of the session's plan: a shared list's through the linked engine, sync
    through profiles by `check_drift` (`authenticate`: press Authenticate connection)."""
    if session.plan.kind is ConnectionKind.CONNECTED_INSTANCES:
        return await _linked_report(session)
    return await check_drift(session, authenticate=authenticate)


async def _linked_report(session: Session) -> DriftReport:
    """A shared ticket list's plan: the linked engine's sentences as one report."""
    from halo_wizard.steps.linked_lists import linked_drift

    plan = session.plan
    report = DriftReport(plan_name=plan.name, authenticated=False)
    for sentence in await linked_drift(session):
        report.drifts.append(
            Drift(
                kind=DriftKind.LINKED_LIST,
                side=Side.SUPPLIER,
                instance=plan.supplier.name,
                record="shared ticket list",
                what=sentence,
                expected="as the plan says",
                found="different",
                fix="Open the plan in the window and run its steps again.",
            )
        )
    return report
