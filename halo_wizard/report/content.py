"""What the mapping report says, as plain data (no Qt): sections of paragraphs and tables built
from the plan, the action check's findings and the end-to-end result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from halo_wizard import __version__
from halo_wizard.api import constants as C
from halo_wizard.plan.freshness import (
    Freshness,
    ResultState,
    check_state,
    created_by_wizard,
    e2e_state,
    stale_steps,
)
from halo_wizard.plan.linked import linked_of, step_title, steps_for
from halo_wizard.plan.model import (
    JOURNEY_STEPS,
    ConnectionKind,
    MappingKind,
    MappingOrigin,
    MappingRow,
    Plan,
    Side,
    StepId,
    StepStatus,
    derive_api_url,
    derive_auth_url,
)
from halo_wizard.steps.changes import yes_no
from halo_wizard.steps.mappings import DIRECTIONS, Direction

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_DEFAULT_LABELS = {
    MappingKind.STATUS: "Default status",
    MappingKind.CATEGORY: "Default category",
    MappingKind.ACTION: "Default action",
    MappingKind.TICKET_TYPE: "Default ticket type",
}
_STATUS_WORDS = {
    StepStatus.DONE: "Done",
    StepStatus.ATTENTION: "Needs attention",
    StepStatus.SKIPPED: "Skipped",
    StepStatus.CURRENT: "Not finished",
    StepStatus.PENDING: "Not started",
}


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    widths: tuple[int, ...] = ()  # percentages; empty for equal columns
    empty_text: str = "None."


@dataclass(slots=True)
class Section:
    title: str
    anchor: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[tuple[str, Table]] = field(default_factory=list)  # (caption, table)
    diagram: list[Hop] | None = None


@dataclass(frozen=True, slots=True)
class Hop:
    """One arrow of the ticket's path: an action on `side` and what arrives on the other.

    `role` names the step of the worked example ("Note", "E-mail"...); `missing` is True when
    the plan maps no action for it (drawn dashed, in the warning colour)."""

    side: Side
    action: str
    arrives_as: str
    role: str = ""
    missing: bool = False


@dataclass(slots=True)
class ReportContent:
    title: str
    plan_name: str
    fingerprint: str
    generated: str
    cover: list[tuple[str, str, str]]  # (label, customer value, supplier value)
    direction: str
    sections: list[Section]
    parties: tuple[str, str] = ("For the customer", "For the supplier")
    """The sign-off blocks' headings, customer first."""


def _mask_client_id(value: str) -> str:
    value = value.strip()
    if len(value) <= 8:
        return value
    return f"{value[:4]}…{value[-4:]}"


def _when(value: str | None) -> str:
    if not value:
        return "never"
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _yes(value: bool | None) -> str:
    return "Not tested" if value is None else yes_no(value)


def build_content(
    plan: Plan,
    *,
    findings: Sequence[Mapping[str, Any]] = (),
    e2e: Mapping[str, Any] | None = None,
    names: Mapping[Side, Mapping[str, Mapping[int, str]]] | None = None,
    today: dt.datetime | None = None,
) -> ReportContent:
    """The report for `plan`. `names` (side -> kind -> id -> name) names defaults by record.

    The findings and the end-to-end result are described as what they are for this plan's
    configuration: current, stale (made for another fingerprint) or not run."""
    now = today or dt.datetime.now(dt.UTC)
    customer, supplier = plan.customer, plan.supplier
    if plan.kind is ConnectionKind.CONNECTED_INSTANCES:
        return _linked_content(plan, now)
    cover = [
        ("Instance", customer.name, supplier.name),
        ("Role", "Customer (sends tickets)", "Supplier (receives tickets)"),
        ("Product", customer.product or "-", supplier.product or "-"),
        ("Version", customer.version or "-", supplier.version or "-"),
        ("Address", customer.base_url, supplier.base_url),
        ("Tenant", customer.tenant or "(self-hosted)", supplier.tenant or "(self-hosted)"),
    ]
    # Each of these digests the whole configuration: worked out once for the whole report.
    fingerprint = plan.fingerprint()
    check = _check_of(plan, findings)
    tested = e2e_state(plan, e2e or {})
    test_section = _end_to_end(e2e, tested, _skip_reason(plan, StepId.END_TO_END))
    pairing = plan.pairing
    agreed = [
        "Both parties confirm that the configuration described in this report, "
        f"fingerprint {fingerprint[:16]}, is the one agreed for ticket sync "
        f"between {customer.name} and {supplier.name}."
    ]
    parties = ("For the customer", "For the supplier")
    if pairing is not None:
        prints = {pairing.own_side: fingerprint, pairing.partner_side: pairing.partner_fingerprint}
        own = pairing.own_side
        cover.append(
            (
                "Plan fingerprint",
                _print_of(prints[Side.CUSTOMER], own is Side.CUSTOMER),
                _print_of(prints[Side.SUPPLIER], own is Side.SUPPLIER),
            )
        )
        _partner_half(test_section, plan, e2e)
        agreed = [_two_admins_agree(plan, fingerprint)]
        parties = (f"For {customer.name} (customer)", f"For {supplier.name} (supplier)")
    sections = [
        _connection(plan),
        *(_mapping_section(plan, d, names) for d in DIRECTIONS),
        _findings(plan, findings, check),
        test_section,
        _path(plan),
        Section(
            "Sign-off",
            "signoff",
            [*agreed, *_not_vouched(plan, findings, e2e, (check, tested))],
        ),
    ]
    return ReportContent(
        title="Ticket sync mapping report",
        plan_name=plan.name,
        fingerprint=fingerprint,
        generated=now.strftime("%Y-%m-%d %H:%M UTC"),
        cover=cover,
        direction=f"Tickets are sent from {customer.name} to {supplier.name}; updates flow "
        "both ways.",
        sections=sections,
        parties=parties,
    )


# ---- two organisations, two admins: both halves -------------------------------------------------


def _print_of(fingerprint: str, own: bool) -> str:
    if fingerprint:
        return fingerprint[:16] + (" (this plan)" if own else " (their plan, as their reply said)")
    return "not received yet: their next reply carries it"


def _two_admins_agree(plan: Plan, fingerprint: str) -> str:
    """The sign-off's sentence when each admin holds one instance: each signs their own plan."""
    pairing = plan.pairing
    assert pairing is not None
    own, theirs = plan.instance(pairing.own_side).name, plan.instance(pairing.partner_side).name
    text = (
        f"Each party confirms that the configuration of their own instance described in this "
        f"report is the one agreed for ticket sync between {plan.customer.name} and "
        f"{plan.supplier.name}: {own} signs its plan, fingerprint {fingerprint[:16]}"
    )
    if pairing.partner_fingerprint:
        return text + f"; {theirs} signs its plan, fingerprint {pairing.partner_fingerprint[:16]}."
    return text + f"; {theirs}'s fingerprint comes with their next reply."


def _partner_half(section: Section, plan: Plan, own: Mapping[str, Any] | None) -> None:
    """Add the partner's run from their side to the test section, and what both runs proved
    between them (each proves the hops its own instance shows)."""
    pairing = plan.pairing
    assert pairing is not None
    theirs = pairing.partner_test
    partner = plan.instance(pairing.partner_side).name
    if not theirs:
        section.paragraphs.append(
            f"{partner}'s half: not received. Their admin runs the test from their side at the "
            "same time as this one, then sends a new reply; its result appears here."
        )
        return
    when = _when(str(theirs.get("finished_at") or theirs.get("started_at") or "") or None)
    same = bool(pairing.partner_fingerprint) and theirs.get("fingerprint") == (
        pairing.partner_fingerprint
    )
    freshness = (
        "on the configuration their plan describes"
        if same
        else "for an earlier configuration of their plan: their plan changed since, so the "
        "test should run again on both sides"
    )
    section.paragraphs.append(
        f"{partner}'s half, from their reply: run on {when}, {freshness}. "
        + str(theirs.get("summary") or "")
    )
    section.tables.append((f"Hops seen from {partner}'s side", _hop_table(theirs)))
    proven = _proven(own) | _proven(theirs)
    names = [str(h.get("name", "")) for h in theirs.get("hops") or [] if isinstance(h, Mapping)]
    missing = [n for n in names if n not in proven]
    if missing:
        section.paragraphs.append(
            f"Between both runs, {len(names) - len(missing)} of {len(names)} hops were proven; "
            f"not proven by either: {', '.join(missing)}."
        )
    else:
        section.paragraphs.append(
            f"Between both runs, every one of the {len(names)} hops was proven, each on the "
            "instance that shows it."
        )


def _proven(e2e: Mapping[str, Any] | None) -> set[str]:
    hops = (e2e or {}).get("hops") or []
    return {str(h.get("name")) for h in hops if isinstance(h, Mapping) and h.get("ok")}


def _connection(plan: Plan) -> Section:
    rows = []
    for side in (Side.CUSTOMER, Side.SUPPLIER):
        instance = plan.instance(side)
        rows.append(
            (
                instance.name,
                instance.api_url or derive_api_url(instance.base_url),
                _mask_client_id(instance.client_id),
                instance.login_agent or "-",
                _when(instance.last_tested),
            )
        )
    profiles = []
    for profile, holder, other in (
        (plan.supplier_profile, plan.customer, plan.supplier),
        (plan.customer_profile, plan.supplier, plan.customer),
    ):
        kind = "Supplier" if profile is plan.supplier_profile else "Customer"
        profiles.append(
            (
                f"{kind} profile '{profile.name}'",
                holder.name,
                _yes(profile.api_access),
                f"{other.name}'s credentials" if profile.authenticated else "not confirmed",
                _yes(profile.authenticated),
                _when(profile.last_authenticated),
            )
        )
    return Section(
        "The connection",
        "connection",
        [
            "No secret appears in this report. Client secrets are kept in each administrator's "
            "system keychain; the profiles hold the credentials the other instance issued.",
        ],
        [
            (
                "API applications used for the set-up",
                Table(
                    ("Instance", "Resource server", "Client ID", "Logs in as", "Last tested"),
                    rows,
                    (17, 32, 13, 17, 21),
                ),
            ),
            (
                "Profiles",
                Table(
                    (
                        "Profile",
                        "In instance",
                        "API access",
                        "Holds",
                        "Authenticated",
                        "Last authenticated",
                    ),
                    profiles,
                    (24, 13, 9, 19, 14, 21),
                ),
            ),
            _steps_table(plan),
        ],
    )


def _steps_table(plan: Plan) -> tuple[str, Table]:
    """Where each step of the set-up stands, a skipped one with its reason, a stale one with
    what changed since."""
    rows = []
    steps = steps_for(plan.kind) or JOURNEY_STEPS
    stale = stale_steps(plan, steps)
    for number, step in enumerate(steps, start=1):
        state = plan.step(step)
        status = _STATUS_WORDS[state.status]
        why = stale.get(step)
        if why is not None:
            status += " (stale)"
        note = state.note
        if why is not None:
            note = f"{note}. {why.reason}" if note else why.reason
        rows.append(
            (
                f"{number}. {step_title(plan.kind, step)}",
                status,
                _when(state.updated_at) if state.status.finished else "-",
                note or "-",
            )
        )
    table = Table(("Step", "Status", "When", "Note"), rows, (22, 16, 21, 41))
    return ("Steps of the set-up", table)


def _default_name(
    kind: MappingKind,
    value: int | None,
    side: Side,
    names: Mapping[Side, Mapping[str, Mapping[int, str]]] | None,
) -> str:
    if value is None:
        return "(none)"
    if kind is MappingKind.STATUS and value == -1:
        return "Action/Ticket Type Default"
    if names:
        found = names.get(side, {}).get(kind.value, {}).get(value)
        if found:
            return found
    return f"record {value}"


def _set_by(plan: Plan, direction: Direction, row: MappingRow) -> str:
    """Who set a mapping row: the wizard's auto-map, a suggestion the admin accepted, the instance,
    the admin, or halo_wizard itself when it created the action (the action check's one-click
    recommendations)."""
    if row.kind is MappingKind.ACTION and created_by_wizard(
        plan, direction.receiver.value, row.remote_id, row.local_id
    ):
        return "halo_wizard"
    by_origin = {
        MappingOrigin.AUTO: "auto-map",
        MappingOrigin.ACCEPTED: "accepted suggestion",
        MappingOrigin.EXISTING: "on instance",
    }
    return by_origin.get(row.origin, "admin")


def _mapping_section(
    plan: Plan,
    direction: Direction,
    names: Mapping[Side, Mapping[str, Mapping[int, str]]] | None,
) -> Section:
    mappings = direction.mappings(plan)
    sender = plan.instance(direction.sender).name
    receiver = plan.instance(direction.receiver).name
    profile = direction.role.plan(plan)
    section = Section(
        f"Mappings {sender} → {receiver}",
        f"mappings-{direction.receiver.value}",
        [
            f"Set on the {direction.role.label} profile '{profile.name}' in {receiver}: how "
            f"what {sender} sends is recorded in {receiver}. Outbound attachments from "
            f"{receiver}: {'on' if mappings.outbound_attachments else 'off'}.",
            "Set by: auto-map (matched by name), accepted suggestion (a near match the admin "
            "accepted), on instance (already there when read), admin (chosen by hand), "
            "halo_wizard (an action halo_wizard created for the action check's recommendation, "
            "and its mapping).",
        ],
    )
    defaults: list[tuple[str, ...]] = []
    for spec in direction.kinds():
        rows = sorted(
            (r for r in mappings.rows_of(spec.kind) if r.mapped),
            key=lambda r: (r.remote_name.casefold(), r.remote_id),
        )
        table = Table(
            (f"In {sender}", f"In {receiver}", "Set by"),
            [(r.remote_name, r.local_name, _set_by(plan, direction, r)) for r in rows],
            (43, 43, 14),
            "No mapping.",
        )
        section.tables.append((f"{spec.title} ({len(rows)})", table))
        attr = {
            MappingKind.STATUS: mappings.default_status,
            MappingKind.CATEGORY: mappings.default_category,
            MappingKind.ACTION: mappings.default_action,
            MappingKind.TICKET_TYPE: mappings.default_ticket_type,
        }
        if spec.default_field:
            known = {r.local_id: r.local_name for r in mappings.rows_of(spec.kind) if r.local_id}
            value = attr[spec.kind]
            defaults.append(
                (
                    _DEFAULT_LABELS[spec.kind],
                    known[value]
                    if value is not None and value in known
                    else _default_name(spec.kind, value, direction.receiver, names),
                )
            )
    section.tables.append(("Defaults", Table(("Setting", "Value"), defaults, (40, 60))))
    return section


def _not_vouched(
    plan: Plan,
    findings: Sequence[Mapping[str, Any]],
    e2e: Mapping[str, Any] | None,
    states: tuple[ResultState, ResultState] | None = None,
) -> list[str]:
    """A sentence for the signatories when the check or the test does not cover this very
    configuration (they sign knowing it)."""
    words = {
        Freshness.NOT_RUN: "has not been run",
        Freshness.STALE: "ran on an earlier configuration",
        Freshness.UNKNOWN: "does not say which configuration it ran on",
    }
    doubts = [
        f"the {what} {words[state.freshness]}"
        for what, state in zip(
            ("action check", "end-to-end test"),
            states or (_check_of(plan, findings), e2e_state(plan, e2e or {})),
            strict=True,
        )
        if not state.current
    ]
    if not doubts:
        return []
    return [f"When this report was made, {' and '.join(doubts)} (see sections 4 and 5)."]


def _check_of(plan: Plan, findings: Sequence[Mapping[str, Any]]) -> ResultState:
    """How the check behind `findings` stands; findings handed in without a stored check are
    of unknown configuration."""
    state = check_state(plan)
    if state.freshness is Freshness.NOT_RUN and findings:
        return ResultState(Freshness.UNKNOWN)
    return state


def _check_paragraph(state: ResultState, findings: Sequence[Mapping[str, Any]]) -> str:
    errors = sum(1 for f in findings if f.get("severity") == "error")
    counts = f"{len(findings)} finding(s), {errors} error(s)"
    when = _when(state.ran_at or None)
    if state.freshness is Freshness.NOT_RUN:
        return (
            "Not run: the action check has not been run for this plan, so this report makes no "
            "claim about the actions' settings. Run it in the Action check step or with "
            "halo-wizard validate --plan FILE."
        )
    if state.freshness is Freshness.CURRENT:
        if not findings:
            return (
                f"Nothing found: the action check ran on {when} on this very configuration "
                f"(fingerprint {state.fingerprint[:16]}) and reported nothing."
            )
        return (
            f"{counts}, found on {when} on this very configuration (fingerprint "
            f"{state.fingerprint[:16]})."
        )
    then = f"It reported {counts} then." if findings else "It reported nothing then."
    if state.freshness is Freshness.STALE:
        return (
            f"Stale: the action check was made on {when} for configuration "
            f"{state.fingerprint[:16]}, not for this one; {state.what_changed} changed since. "
            f"{then} Run the check again before relying on it."
        )
    ran = f"ran on {when}" if state.ran_at else "ran"
    return (
        f"Not confirmed for this configuration: the action check {ran}, but the configuration it "
        f"ran on was not recorded. {then} Run the check again."
    )


def _findings(
    plan: Plan, findings: Sequence[Mapping[str, Any]], state: ResultState | None = None
) -> Section:
    state = state or _check_of(plan, findings)
    ordered = sorted(
        findings,
        key=lambda f: (
            str(f.get("instance", "")),
            SEVERITY_ORDER.get(str(f.get("severity")), 3),
            str(f.get("rule", "")),
        ),
    )
    rows = [
        (
            str(f.get("rule", "")),
            str(f.get("severity", "")).capitalize(),
            str(f.get("instance", "")),
            str(f.get("record", "")),
            str(f.get("message", "")) + (f" (Read from {f['source']}.)" if f.get("source") else ""),
            str(f.get("fix", "")),
        )
        for f in ordered
    ]
    caption = "Findings"
    if state.freshness is Freshness.STALE:
        caption = f"Findings (stale: for configuration {state.fingerprint[:16]})"
    elif state.freshness is Freshness.UNKNOWN:
        caption = "Findings (configuration not recorded)"
    section = Section(
        "Action check findings",
        "findings",
        [_check_paragraph(state, findings)],
    )
    if state.freshness is not Freshness.NOT_RUN:
        section.tables.append(
            (
                caption,
                Table(
                    ("Rule", "Severity", "Instance", "Record", "Finding", "Fix"),
                    rows,
                    (7, 11, 12, 14, 28, 28),
                    "No finding." if state.current else "No finding then.",
                ),
            )
        )
    confirmations = [
        (
            c.rule_id,
            plan.instance(c.side).name,
            c.record_name,
            c.confirmed_by,
            _when(c.confirmed_at),
            c.note,
        )
        for c in plan.confirmations
    ]
    section.tables.append(
        (
            "Confirmed by hand",
            Table(
                ("Rule", "Instance", "Record", "Confirmed by", "When", "Note"),
                confirmations,
                (8, 14, 22, 16, 16, 24),
                "No rule was confirmed by hand.",
            ),
        )
    )
    return section


def _e2e_paragraph(e2e: Mapping[str, Any], state: ResultState) -> str:
    hops = [h for h in e2e.get("hops") or [] if isinstance(h, Mapping)]
    passed = sum(1 for h in hops if h.get("ok"))
    when = _when(state.ran_at or None)
    outcome = f"{passed} of {len(hops)} hops passed"
    if e2e.get("side"):
        outcome = f"{passed} of {len(hops)} hops proven from this side"
    cleanup = e2e.get("cleanup")
    if isinstance(cleanup, Mapping) and "ok" in cleanup:
        outcome += (
            "; the test ticket and everything created for it were removed afterwards"
            if cleanup.get("ok")
            else "; the clean-up did not finish: some test records were left (see below)"
        )
    if state.freshness is Freshness.CURRENT:
        return (
            f"Run on {when} on this very configuration (fingerprint {state.fingerprint[:16]}): "
            f"{outcome}."
        )
    if state.freshness is Freshness.STALE:
        return (
            f"Stale: the test ran on {when} for configuration {state.fingerprint[:16]}, not for "
            f"this one; {state.what_changed} changed since. Then: {outcome}. Run the test again "
            "before relying on it."
        )
    return (
        f"Not confirmed for this configuration: the test ran on {when}, but the configuration it "
        f"ran on was not recorded. Then: {outcome}. Run the test again."
    )


def _skip_reason(plan: Plan, step: StepId) -> str | None:
    state = plan.step(step)
    return state.note or "no reason given" if state.status is StepStatus.SKIPPED else None


def _end_to_end(
    e2e: Mapping[str, Any] | None, state: ResultState | None = None, skipped: str | None = None
) -> Section:
    state = state or (ResultState(Freshness.NOT_RUN) if not e2e else ResultState(Freshness.UNKNOWN))
    if not e2e or state.freshness is Freshness.NOT_RUN:
        text = "Not run: the end-to-end test has not been run for this plan."
        if skipped is not None:
            text += f" The administrator skipped it: {skipped}."
        if e2e and e2e.get("started") is False:
            text += (
                f" It was prepared on {_when(str(e2e.get('started_at') or '') or None)} but "
                "not started, so nothing was written."
            )
        return Section("End-to-end test", "e2e", [text])
    caption = "Hops" if not e2e.get("side") else "Hops seen from this side"
    if state.freshness is Freshness.STALE:
        caption = f"{caption} (stale: for configuration {state.fingerprint[:16]})"
    paragraphs = [_e2e_paragraph(e2e, state)]
    if e2e.get("summary"):
        paragraphs.append(str(e2e["summary"]))
    section = Section("End-to-end test", "e2e", paragraphs, [(caption, _hop_table(e2e))])
    cleanup = e2e.get("cleanup")
    steps = cleanup.get("steps") if isinstance(cleanup, Mapping) else None
    left = [s for s in steps or [] if isinstance(s, Mapping) and not s.get("ok")]
    if left:
        section.tables.append(
            (
                "Test records left on the instances",
                Table(("What",), [(str(s.get("text", "")),) for s in left]),
            )
        )
    return section


RESULT_WORDS: Final = {
    "passed": "Pass",
    "failed": "Fail",
    "skipped": "Skipped",
    "not seen": "Not seen here",
}


def _hop_table(e2e: Mapping[str, Any]) -> Table:
    """One run's hops: a hop one side cannot see says so (the other side's run shows it)."""
    rows = [
        (
            str(i + 1),
            str(h.get("name", "")),
            RESULT_WORDS.get(str(h.get("status", "")), "Pass" if h.get("ok") else "Fail"),
            f"{h.get('ms', 0):.0f} ms"
            if isinstance(h.get("ms"), int | float) and h.get("status") != "not seen"
            else "",
            str(h.get("explanation") or h.get("detail") or ""),
        )
        for i, h in enumerate(e2e.get("hops") or [])
        if isinstance(h, Mapping)
    ]
    return Table(("#", "Hop", "Result", "Time", "Explanation"), rows, (5, 31, 14, 9, 41))


@dataclass(frozen=True, slots=True)
class _Role:
    """One step of seed 001's worked example: who sends, and how its action is recognised."""

    title: str
    sender: Side
    words: tuple[str, ...]  # words of the action's name (sender's or receiver's)
    setting: str = ""  # "email": the receiving action sends an e-mail; "closing": closes


_ROLES: tuple[_Role, ...] = (
    _Role("Note", Side.SUPPLIER, ("note",)),
    _Role("Note", Side.CUSTOMER, ("note",)),
    _Role("E-mail", Side.SUPPLIER, ("email", "e-mail"), "email"),
    _Role("Closing", Side.SUPPLIER, ("close", "resolve"), "closing"),
    _Role("Closing", Side.CUSTOMER, ("close", "resolve"), "closing"),
)


def _settings(plan: Plan, side: Side, action_id: int | None) -> Mapping[str, Any]:
    section = plan.action_settings
    return {} if action_id is None or section is None else section.of(side, action_id)


def _truthy(value: object) -> bool:
    return value not in (None, "", 0, False, "0", "false", "False")


def _plays(plan: Plan, role: _Role, row: MappingRow, names: str | None = None) -> int:
    """How well `row` plays `role`: 2 by its recorded settings, 1 by its name, 0 not at all.
    `names`: the row's two names, casefolded, when the caller has them already."""
    receiver = role.sender.other
    if role.setting == "email" and _truthy(
        _settings(plan, receiver, row.local_id).get(C.OUTCOME_SEND_EMAIL)
    ):
        return 2
    if role.setting == "closing" and (
        _settings(plan, role.sender, row.remote_id).get(C.OUTCOME_NEW_STATUS)
        in C.CLOSING_STATUS_IDS
        or _settings(plan, receiver, row.local_id).get(C.OUTCOME_NEW_STATUS) in C.CLOSING_STATUS_IDS
    ):
        return 2
    if names is None:
        names = f"{row.remote_name} {row.local_name}".casefold()
    return 1 if any(word in names for word in role.words) else 0


def _path(plan: Plan) -> Section:
    """Seed 001's worked example drawn from this plan's action mappings (none made up)."""
    hops: list[Hop] = [
        Hop(Side.CUSTOMER, "Log to supplier", f"New ticket in {plan.supplier.name}", "Escalate"),
    ]
    missing: list[str] = []
    # Each sender's mapped action rows with their names casefolded, read once for all roles.
    candidates: dict[Side, list[tuple[MappingRow, str, str]]] = {}
    for direction in DIRECTIONS:
        candidates[direction.sender] = [
            (r, f"{r.remote_name} {r.local_name}".casefold(), r.remote_name.casefold())
            for r in direction.mappings(plan).rows_of(MappingKind.ACTION)
            if r.mapped
        ]
    for role in _ROLES:
        used = {(h.side, h.action) for h in hops}
        # The best player of the role; among equals the first by name, then by id.
        best: tuple[int, str, int] | None = None
        best_row: MappingRow | None = None
        for r, names, remote in candidates.get(role.sender, []):
            if (role.sender, r.remote_name) in used:
                continue
            key = (-_plays(plan, role, r, names), remote, r.remote_id)
            if best is None or key < best:
                best, best_row = key, r
        sender = plan.instance(role.sender).name
        receiver = plan.instance(role.sender.other).name
        if best is not None and best_row is not None and best[0] < 0:
            row = best_row
            hops.append(Hop(role.sender, row.remote_name, row.local_name, role.title))
        else:
            hops.append(
                Hop(role.sender, f"No {role.title.lower()} action mapped", "–", role.title, True)
            )
            missing.append(f"the {role.title.lower()} action {sender} → {receiver}")
    paragraphs = [
        f"Seed 001's worked example, drawn from this plan's action mappings: the ticket is logged "
        f"from {plan.customer.name} to {plan.supplier.name}, a note goes each way, "
        f"{plan.supplier.name} e-mails the end user through {plan.customer.name}, and the "
        "ticket is closed from each side. Each arrow is an action on one side and the action it "
        "arrives as on the other.",
    ]
    if missing:
        paragraphs.append(
            "Not mapped (drawn dashed): " + "; ".join(missing) + ". The action check's rules "
            "R12 to R15 say which actions these should be."
        )
    return Section("A ticket's path", "path", paragraphs, diagram=hops)


def footer_line(content: ReportContent) -> str:
    return (
        f"{content.plan_name} · fingerprint {content.fingerprint[:16]} · halo_wizard {__version__}"
    )


# ---- Connected instances (a shared ticket list): its own sections, no ticket-sync ones ----------


def _linked_content(plan: Plan, now: dt.datetime) -> ReportContent:
    a, b = plan.customer, plan.supplier
    linked = linked_of(plan)
    cover = [
        ("Instance", a.name, b.name),
        ("Role", "A: holds the ticket list", "B: shows the list"),
        ("Product", a.product or "-", b.product or "-"),
        ("Version", a.version or "-", b.version or "-"),
        ("Address", a.base_url, b.base_url),
        ("Tenant", a.tenant or "(self-hosted)", b.tenant or "(self-hosted)"),
    ]
    application = Section(
        "The API application in A",
        "application",
        [
            f"Instance {b.name} reads the list from {a.name} through an API application of "
            f"{a.name}, authenticated with Client ID and Secret (Services). The secret is kept "
            "only in the system keychain and in Halo; it is never in this report.",
        ],
        [
            (
                "Application in A",
                Table(
                    ("Setting", "Value"),
                    [
                        ("Name", linked.application_name or "-"),
                        ("Client ID", _mask_client_id(linked.application_client_id) or "-"),
                        ("Signed in with it", _yes(linked.application_verified)),
                    ],
                    (40, 60),
                ),
            ),
            _steps_table(plan),
        ],
    )
    test = (
        "not run"
        if linked.last_test_ok is None
        else ("passed" if linked.last_test_ok else "failed")
        + (f": {linked.last_test_result}" if linked.last_test_result else "")
    )
    record = Section(
        "The connected instance in B",
        "connected-instance",
        [f"Configuration > Integrations > Halo API > Connected Instances in {b.name}."],
        [
            (
                "Connected instance record",
                Table(
                    ("Field", "Value"),
                    [
                        ("Name", linked.connected_instance_name or a.name),
                        ("Record id", str(linked.connected_instance_id or "-")),
                        ("API URL", a.api_url or derive_api_url(a.base_url)),
                        ("Authorisation URL", a.auth_url or derive_auth_url(a.base_url)),
                        ("Tenant", a.tenant or "(self-hosted)"),
                        ("Client ID", _mask_client_id(linked.application_client_id) or "-"),
                        ("Test", test),
                        ("Tested", _when(linked.last_tested or None)),
                    ],
                    (40, 60),
                ),
            )
        ],
    )
    lists = Section(
        "The linked ticket list",
        "linked-list",
        [
            f"The list '{linked.source_list_name or '-'}' of {a.name} appears in {b.name} under "
            "My Lists. Agents of B who open a ticket sign in to A, so they need a login there.",
        ],
        [
            (
                "The list in each instance",
                Table(
                    ("", a.name, b.name),
                    [
                        (
                            "List",
                            linked.source_list_name or "-",
                            linked.linked_list_name or linked.source_list_name or "-",
                        ),
                        (
                            "Record id",
                            str(linked.source_list_id or "-"),
                            str(linked.linked_list_id or "-"),
                        ),
                        ("Halo API", "-", linked.connected_instance_name or a.name),
                    ],
                    (24, 38, 38),
                ),
            ),
            (
                "Filters of the list in A",
                Table(
                    ("Filter",),
                    [(line,) for line in linked.source_filters],
                    empty_text="No filters: the list shows every ticket the agent may see.",
                ),
            ),
        ],
    )
    emails = Section(
        "E-mail identification",
        "email-identifiers",
        [
            "Each instance adds its identifier to the subject of outgoing e-mails "
            "(Configuration > Email > General Settings).",
        ],
        [
            (
                "Identifier in outgoing e-mail subjects",
                Table(
                    ("Instance", "Identifier"),
                    [
                        (plan.instance(side).name, linked.identifier(side) or "(left as it was)")
                        for side in (Side.CUSTOMER, Side.SUPPLIER)
                    ],
                    (50, 50),
                ),
            )
        ],
    )
    signoff = Section(
        "Sign-off",
        "signoff",
        [
            "Both parties confirm that the configuration described in this report is the one "
            f"agreed for sharing the ticket list of {a.name} with {b.name}.",
        ],
    )
    return ReportContent(
        title="Connected instances report",
        plan_name=plan.name,
        fingerprint=plan.fingerprint(),
        generated=now.strftime("%Y-%m-%d %H:%M UTC"),
        cover=cover,
        direction=f"A ticket list of {a.name} is shown in {b.name}.",
        sections=[application, record, lists, emails, signoff],
    )
