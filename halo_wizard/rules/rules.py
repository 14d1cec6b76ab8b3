"""The documented rules of ticket sync (R1-R18 of product.md, from seed 001) and the checks across
both instances (X1-X5), each a small named unit; `check` runs them all.

Severities: what makes sync fail is an error, what makes it surprising is a warning, guidance is
info. A setting the API does not show gives a manual finding ("confirm by hand") whose severity is
what the rule's failure would be; a matching confirmation in the plan turns it into a note.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record, parse_version
from halo_wizard.plan.automap import FieldOption, builtin_name, is_mappable_field
from halo_wizard.plan.model import Confirmation, MappingKind, Plan, Side
from halo_wizard.rules.context import (
    ENTITY_OF,
    SOMEWHERE,
    Context,
    Flow,
    MappedRow,
    action_name,
    field_names,
    is_hidden,
    role_in,
    sends_email,
    sync_party,
    system_use,
    system_use_name,
)
from halo_wizard.rules.inputs import CheckInput, api_profiles, points_at
from halo_wizard.rules.model import (
    SECTION_ACTIONS,
    SECTION_CONNECTING,
    SECTION_EXAMPLE,
    SECTION_MAPPINGS,
    SECTION_TROUBLESHOOTING,
    Finding,
    Locator,
    Severity,
)
from halo_wizard.steps import unknowns
from halo_wizard.steps.agents import normalise_email
from halo_wizard.steps.configuration import as_int
from halo_wizard.steps.mappings import choose_default_action
from halo_wizard.steps.profiles import ROLES, SUPPLIER_PROFILE

logger = logging.getLogger(__name__)

ERROR: Final = Severity.ERROR
WARNING: Final = Severity.WARNING
INFO: Final = Severity.INFO
LIST_LIMIT: Final = 5
"""Up to this many records get a finding each; more are grouped into one finding."""
SEND_TO_HALO_LABEL: Final = "Send to Connected Halo Instance"


@dataclass(frozen=True, slots=True)
class Draft:
    """A finding before the rule's id, title, section and the instance's name are added."""

    severity: Severity
    side: Side
    record: str
    message: str
    fix: str
    manual: bool = False
    locator: Locator | None = None
    details: tuple[str, ...] = ()


Check = Callable[[Context], Iterable[Draft]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One documented rule: its id, its title, the part of seed 001 it comes from, its check."""

    id: str
    title: str
    section: str
    run: Check = field(repr=False)

    def findings(self, context: Context) -> list[Finding]:
        return [
            Finding(
                rule=self.id,
                severity=d.severity,
                side=d.side,
                instance=context.name(d.side),
                record=d.record,
                message=d.message,
                fix=d.fix,
                section=self.section,
                title=self.title,
                manual=d.manual,
                locator=d.locator,
                details=d.details,
            )
            for d in self.run(context)
        ]


RULES: list[Rule] = []


def _rule(rule_id: str, title: str, section: str) -> Callable[[Check], Check]:
    def register(run: Check) -> Check:
        RULES.append(Rule(rule_id, title, section, run))
        return run

    return register


def rule_by_id(rule_id: str) -> Rule:
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def _rule_order(rule_id: str) -> tuple[int, int]:
    prefix = 0 if rule_id.startswith("R") else 1
    return prefix, as_int(rule_id[1:]) or 0


def check(found: CheckInput, rules: Sequence[Rule] | None = None) -> list[Finding]:
    """Run the rules (all of them by default) and return the findings, sorted by instance
    (customer first), severity (errors first), rule and record."""
    context = Context(found)
    findings: list[Finding] = []
    for rule in RULES if rules is None else rules:
        findings.extend(rule.findings(context))
    findings = [_confirmed(f, found.plan) for f in findings]
    findings.sort(
        key=lambda f: (
            0 if f.side is Side.CUSTOMER else 1,
            f.severity.rank,
            _rule_order(f.rule),
            f.record.casefold(),
        )
    )
    return findings


def _confirmed(finding: Finding, plan: Plan | None) -> Finding:
    if not finding.manual or plan is None:
        return finding
    confirmation = find_confirmation(plan.confirmations, finding)
    return finding.confirm(confirmation) if confirmation is not None else finding


def find_confirmation(
    confirmations: Iterable[Confirmation], finding: Finding
) -> Confirmation | None:
    """The admin's confirmation of a manual finding: same rule, side and record name."""
    wanted = finding.record.strip().casefold()
    for confirmation in confirmations:
        if (
            confirmation.rule_id == finding.rule
            and confirmation.side is finding.side
            and confirmation.record_name.strip().casefold() == wanted
        ):
            return confirmation
    return None


def has_blocking(findings: Iterable[Finding]) -> bool:
    """Whether any finding stops sync (an error, or an unconfirmed check by hand that would be)."""
    return any(f.blocking for f in findings)


# ---- wording helpers ---------------------------------------------------------------------------


def _action_path(name: str, setting: str, value: str) -> str:
    return f"Configuration > Tickets > Actions > {name} > {setting}: {value}"


def _names(items: Iterable[str], limit: int = 8) -> str:
    names = list(dict.fromkeys(items))
    if len(names) <= limit:
        return ", ".join(f"'{n}'" for n in names)
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    return f"{shown} and {len(names) - limit} more"


def _grouped(
    items: Sequence[Any],
    one: Callable[[Any], Draft],
    many: Callable[[Sequence[Any]], Draft],
) -> Iterator[Draft]:
    """A finding per item when there are a few, else one finding for them all."""
    if len(items) <= LIST_LIMIT:
        for item in items:
            yield one(item)
    elif items:
        yield many(items)


def _note_action_name(context: Context, side: Side) -> str:
    """A generic internal note of `side` to suggest as a target (seed 001's recommendation)."""
    choice = choose_default_action(context.actions(side).values())
    return action_name(choice) if choice is not None else "an internal note action"


# ---- R1-R4: connecting instances -------------------------------------------------------------


@_rule("R1", "Suppliers module on in both instances", SECTION_CONNECTING)
def _suppliers_module(context: Context) -> Iterator[Draft]:
    for side in Side:
        config = context.config(side)
        rows = [
            r
            for r in config.list("Features")
            if str(r.get("module_name") or "") == C.SUPPLIERS_MODULE_NAME
        ]
        if not rows:
            yield Draft(
                ERROR,
                side,
                "Suppliers module",
                f"The modules list of {config.name} does not show the Suppliers module, so the "
                "check cannot see whether it is on (can the wizard's agent read modules?).",
                "In Halo: Configuration > the Suppliers module must show as enabled (if not, "
                "click its '+'); then confirm it here.",
                manual=True,
                locator=Locator.module(side, None),
            )
        elif not rows[0].get("enabled"):
            shown = str(rows[0].get("actual_name") or "Suppliers")
            also = f" (shown as '{shown}')" if shown != C.SUPPLIERS_MODULE_NAME else ""
            yield Draft(
                ERROR,
                side,
                "Suppliers module",
                f"The Suppliers module{also} is off in {config.name}: without it there are no "
                "supplier profiles and no ticket can be sent between the instances.",
                f"Configuration > Suppliers module{also}: click '+' to enable it",
                locator=Locator.module(side, as_int(rows[0].get("id"))),
            )


@_rule(
    "R2",
    "A supplier profile in the sending instance, a customer profile in the receiver",
    SECTION_CONNECTING,
)
def _profile_roles(context: Context) -> Iterator[Draft]:
    customer, supplier = context.name(Side.CUSTOMER), context.name(Side.SUPPLIER)
    for role in ROLES:
        match = context.input.profile(role)
        if match.found:
            continue
        side = role.side
        wanted = context.profile_label(side)
        if role is SUPPLIER_PROFILE:
            message = (
                f"{customer} has no supplier record for {supplier} with API access: tickets can "
                f"only be sent to an instance that {customer} has a supplier relationship with."
            )
            fix = f"Suppliers > New: name it '{wanted}' > API Access > Allow Access: Yes"
        else:
            message = (
                f"{supplier} has no customer record for {customer} with API access: {supplier} "
                "cannot receive its tickets or send updates back."
            )
            fix = (
                f"Customers > New: name it '{wanted}' > API Access > Allow Access: Yes (no API "
                "Access tab? Configuration > Advanced Settings > Screen Layout Profiles > "
                "Organisation/Customer > Tab Layout > API Access: show)"
            )
        if match.problem:
            message += " " + match.problem
        yield Draft(ERROR, side, wanted, message, fix, locator=Locator.profile(side, None))
    # Set up the wrong way round: the sender holds a customer, or the receiver a supplier.
    for side, entity, should in (
        (Side.CUSTOMER, "Client", "supplier"),
        (Side.SUPPLIER, "Supplier", "customer"),
    ):
        config, other = context.config(side), context.config(side.other)
        others = api_profiles(other, "Supplier") + api_profiles(other, "Client")
        for record in api_profiles(config, entity):
            if not points_at(record, other, others):
                continue
            name = str(record.get("name") or "")
            label = "customer" if entity == "Client" else "supplier"
            yield Draft(
                ERROR,
                side,
                name,
                f"'{name}' is set up as a {label} in {config.name} and points at {other.name}, "
                f"but {other.name} must be the {should} here: tickets can only be created in the "
                f"supplier's instance ({supplier}), sent from the customer's ({customer}).",
                f"{'Customers' if entity == 'Client' else 'Suppliers'} > {name} > API Access > "
                f"Allow Access: No; set the connection up on a "
                f"{'Supplier' if should == 'supplier' else 'Customer'} record instead",
                locator=Locator.profile(side, as_int(record.get("id"))),
            )


def _canonical(url: Any) -> str:
    return str(url or "").strip().rstrip("/").casefold()


@_rule(
    "R3",
    "API access on for both profiles, each holding the other's credentials",
    SECTION_CONNECTING,
)
def _credentials(context: Context) -> Iterator[Draft]:
    for role in ROLES:
        match = context.input.profile(role)
        if match.record is None:
            continue
        record, side = match.record, role.side
        other_side = side.other
        other = context.config(other_side)
        other_match = context.input.profile(role_in(other_side))
        name = match.name
        locator = Locator.profile(side, match.record_id)
        other_label = f"the {other_match.role.label} profile in {other.name}"
        if not record.get(C.PROFILE_ALLOW_API_ACCESS):
            yield Draft(
                ERROR,
                side,
                name,
                f"API access is off on '{name}': {other.name} cannot call {context.name(side)} "
                "with the credentials this profile issues.",
                context.profile_path(side, "Allow Access: Yes"),
                locator=locator,
            )
        missing = [
            label
            for key, label in (
                (C.PROFILE_REMOTE_API_URL, "Resource Server (API URL)"),
                (C.PROFILE_REMOTE_AUTH_URL, "Authorisation Server"),
                (C.PROFILE_REMOTE_CLIENT_ID, "Client ID"),
            )
            if not str(record.get(key) or "").strip()
        ]
        copy_fix = context.profile_path(
            side,
            f"Access to the other Halo's API: enter the Client ID, Client Secret, Resource "
            f"Server, Authorisation Server and Tenant shown on {other_label}, then "
            "'Authenticate connection'",
        )
        if missing:
            yield Draft(
                ERROR,
                side,
                name,
                f"'{name}' holds no {', no '.join(missing)} of {other.name}: "
                f"{context.name(side)} cannot call {other.name}.",
                copy_fix,
                locator=locator,
            )
        else:
            held = str(record.get(C.PROFILE_REMOTE_CLIENT_ID) or "").strip()
            issued = (
                str(other_match.record.get(C.PROFILE_ISSUED_CLIENT_ID) or "").strip()
                if other_match.record is not None
                else ""
            )
            if issued and held != issued:
                yield Draft(
                    ERROR,
                    side,
                    name,
                    f"The Client ID on '{name}' is not the one {other_label} issued: calls to "
                    f"{other.name} fail with 'BadRequest - This functionality is not supported'.",
                    copy_fix,
                    locator=locator,
                )
            tenant = str(record.get(C.PROFILE_REMOTE_TENANT) or "").strip()
            if other.tenant and tenant.casefold() != other.tenant.strip().casefold():
                yield Draft(
                    ERROR,
                    side,
                    name,
                    f"'{name}' holds the tenant '{tenant or '(empty)'}', but {other.name}'s tenant "
                    f"is '{other.tenant}' (its /api/instanceinfo page shows it).",
                    context.profile_path(side, f"Tenant: {other.tenant}"),
                    locator=locator,
                )
            sure = other.addresses_from in ("live", "plan")
            yield from _addresses(context, side, name, record, other.api_url, other.auth_url, sure)
        validated = record.get(C.PROFILE_VALIDATED)
        if validated is None:
            yield Draft(
                ERROR,
                side,
                name,
                f"The API does not show whether 'Authenticate connection' succeeded on '{name}'.",
                context.profile_path(
                    side, "press 'Authenticate connection': it must say the connection works"
                ),
                manual=True,
                locator=locator,
            )
        elif not validated:
            reason = str(record.get(C.PROFILE_WARNING) or "").strip()
            yield Draft(
                ERROR,
                side,
                name,
                f"'Authenticate connection' fails on '{name}'"
                + (f" ({reason})" if reason else "")
                + f": sending to {other.name} fails with 'BadRequest - This functionality is not "
                "supported' until the credentials are right.",
                copy_fix,
                locator=locator,
            )


def _addresses(
    context: Context,
    side: Side,
    name: str,
    record: Mapping[str, Any],
    api_url: str,
    auth_url: str,
    sure: bool,
) -> Iterator[Draft]:
    """The held addresses against the other's (an error when the wizard connected there itself,
    a warning when only its InstanceInfo says so), else their shape."""
    other = context.name(side.other)
    for key, label, known, tail in (
        (C.PROFILE_REMOTE_API_URL, "Resource Server", api_url, "/api"),
        (C.PROFILE_REMOTE_AUTH_URL, "Authorisation Server", auth_url, "/auth"),
    ):
        held = str(record.get(key) or "").strip()
        if not held:
            continue
        if known and _canonical(held) != _canonical(known):
            yield Draft(
                ERROR if sure else WARNING,
                side,
                name,
                f"The {label} on '{name}' is {held}, but {other}'s is {known}.",
                context.profile_path(side, f"{label}: {known}"),
                locator=Locator.profile(side, as_int(record.get("id"))),
            )
        elif not known and not _canonical(held).endswith(tail):
            yield Draft(
                WARNING,
                side,
                name,
                f"The {label} on '{name}' is {held}, which does not end in '{tail}' as Halo's "
                "API Details screen shows it.",
                context.profile_path(side, f"{label}: the address shown in {other}'s API Details"),
                locator=Locator.profile(side, as_int(record.get("id"))),
            )


@_rule(
    "R4", "The sending side's agents are end users under the customer profile", SECTION_CONNECTING
)
def _agents_as_users(context: Context) -> Iterator[Draft]:
    match = context.profile_in(Side.SUPPLIER)
    if match.record is None:
        return
    customer, supplier = context.config(Side.CUSTOMER), context.config(Side.SUPPLIER)
    profile = match.name
    locator = Locator("users", Side.SUPPLIER, match.record_id)
    if not customer.has("Agent") or not supplier.has("Users"):
        yield Draft(
            ERROR,
            Side.SUPPLIER,
            "end users",
            f"The check could not read {customer.name}'s agents and {supplier.name}'s end users, "
            f"so it cannot see whether every agent is an end user under '{profile}'.",
            f"Customers > {profile} > Users: every agent of {customer.name} must be listed "
            "with the same e-mail address; then confirm it here",
            manual=True,
            locator=locator,
        )
        return
    plan = context.input.plan
    skip = {normalise_email(e) for e in plan.agents.skip} if plan else set()
    include_disabled = plan.agents.include_disabled if plan else False
    by_email: dict[str, list[Record]] = defaultdict(list)
    for user in supplier.list("Users"):
        email = normalise_email(user.get("emailaddress"))
        if email and not user.get("inactive"):
            by_email[email].append(user)
    clients = supplier.by_id("Client")

    def client_name(user: Mapping[str, Any]) -> str:
        found = clients.get(as_int(user.get("client_id")) or 0)
        return str(user.get("client_name") or (found or {}).get("name") or "another customer")

    missing: list[tuple[str, str]] = []
    wrong: list[tuple[str, str, str]] = []
    doubled: list[tuple[str, str, str]] = []
    for agent in customer.list("Agent"):
        email = normalise_email(agent.get("email"))
        if agent.get("isapiagent") or "@" not in email or email in skip:
            continue
        if agent.get("isdisabled") and not include_disabled:
            continue
        name = " ".join(str(agent.get("name") or email).split())
        users = by_email.get(email, [])
        under = [u for u in users if as_int(u.get("client_id")) == match.record_id]
        elsewhere = sorted({client_name(u) for u in users if u not in under})
        if under and elsewhere:
            doubled.append((name, email, ", ".join(elsewhere)))
        elif elsewhere:
            wrong.append((name, email, ", ".join(elsewhere)))
        elif not under:
            missing.append((name, email))

    add_user = f"Customers > {profile} > Users > New"
    yield from _grouped(
        wrong,
        lambda w: Draft(
            ERROR,
            Side.SUPPLIER,
            w[0],
            f"{w[0]} ({w[1]}) is an end user under '{w[2]}' in {supplier.name}, not under "
            f"'{profile}': a ticket {w[0]} sends is logged under the wrong customer, and "
            f"updates on it never reach {customer.name}.",
            f"{add_user}: {w[0]}, {w[1]} (or move the user from '{w[2]}' to '{profile}')",
            locator=locator,
        ),
        lambda ws: Draft(
            ERROR,
            Side.SUPPLIER,
            f"{len(ws)} agents",
            f"{len(ws)} agents of {customer.name} are end users under other customers in "
            f"{supplier.name}, not under '{profile}': their tickets are logged under the wrong "
            f"customer and updates never reach {customer.name} ({_names(w[0] for w in ws)}).",
            f"{add_user} for each of them (or move them to '{profile}')",
            locator=locator,
            details=tuple(f"{w[0]} <{w[1]}> under {w[2]}" for w in ws),
        ),
    )
    yield from _grouped(
        missing,
        lambda m: Draft(
            ERROR,
            Side.SUPPLIER,
            m[0],
            f"{m[0]} ({m[1]}) is not an end user under '{profile}' in {supplier.name}: a "
            f"ticket {m[0]} sends is not matched to '{profile}', and updates cannot sync back.",
            f"{add_user}: {m[0]}, {m[1]}",
            locator=locator,
        ),
        lambda ms: Draft(
            ERROR,
            Side.SUPPLIER,
            f"{len(ms)} agents",
            f"{len(ms)} agents of {customer.name} are not end users under '{profile}' in "
            f"{supplier.name} ({_names(m[0] for m in ms)}): their tickets are not matched to "
            "the customer, and updates cannot sync back.",
            f"{add_user} for each of them (the wizard's 'Agents as end users' step does it)",
            locator=locator,
            details=tuple(f"{m[0]} <{m[1]}>" for m in ms),
        ),
    )
    yield from _grouped(
        doubled,
        lambda d: Draft(
            WARNING,
            Side.SUPPLIER,
            d[0],
            f"{d[0]} ({d[1]}) is an end user under '{profile}' and also under '{d[2]}' in "
            f"{supplier.name}: a ticket may be matched to the other customer.",
            f"Customers > {d[2]} > Users > {d[0]}: remove or deactivate the duplicate",
            locator=locator,
        ),
        lambda ds: Draft(
            WARNING,
            Side.SUPPLIER,
            f"{len(ds)} agents",
            f"{len(ds)} agents are end users under '{profile}' and under another customer too "
            f"({_names(d[0] for d in ds)}): tickets may be matched to the other customer.",
            "Remove or deactivate the duplicate end users under the other customers",
            locator=locator,
            details=tuple(f"{d[0]} <{d[1]}> also under {d[2]}" for d in ds),
        ),
    )


# ---- R5-R10: mappings -----------------------------------------------------------------------


@_rule("R5", "Status, action and ticket type mappings, each with a default", SECTION_MAPPINGS)
def _defaults(context: Context) -> Iterator[Draft]:
    for receiver in Side:
        mappings = context.mappings(receiver)
        match = context.profile_in(receiver)
        if mappings is None:
            continue
        sender = context.name(receiver.other)
        here = context.name(receiver)
        profile = match.name
        locator = Locator.profile(receiver, match.record_id)
        if not mappings.mapped_count(MappingKind.STATUS):
            yield Draft(
                WARNING,
                receiver,
                profile,
                f"'{profile}' maps no status: when {sender} changes a ticket's status, the ticket "
                f"in {here} keeps its own.",
                context.mapping_path(receiver, "Status Mappings: map each status"),
                locator=locator,
            )
        if not mappings.default_status:
            yield Draft(
                WARNING,
                receiver,
                profile,
                f"'{profile}' has no default status: a ticket from {sender} whose status is not "
                "mapped gets no defined status.",
                context.mapping_path(
                    receiver, "Default Status: a status, or 'Action/Ticket Type Default'"
                ),
                locator=locator,
            )
        unmapped = [f for f in context.flows(receiver) if f.via != "mapping"]
        if not mappings.default_action:
            names = _names(action_name(f.source) for f in unmapped)
            yield Draft(
                ERROR,
                receiver,
                profile,
                f"'{profile}' has no default action: an action from {sender} that is not mapped "
                "does not arrive, and nobody sees an error"
                + (f" (today: {names})." if unmapped else "."),
                context.mapping_path(
                    receiver,
                    f"Default Action: a generic action hidden from the user, such as "
                    f"'{_note_action_name(context, receiver)}'",
                ),
                locator=locator,
            )
        elif unmapped:
            default = action_name(context.action(receiver, mappings.default_action))
            yield Draft(
                INFO,
                receiver,
                profile,
                f"{len(unmapped)} action(s) that {sender} sends have no mapping in '{profile}' "
                f"and arrive as the default action '{default}': "
                f"{_names(action_name(f.source) for f in unmapped)}.",
                context.mapping_path(receiver, "Action Mappings: map them if they mean more"),
                locator=locator,
            )
        if not mappings.mapped_count(MappingKind.ACTION):
            yield Draft(
                WARNING,
                receiver,
                profile,
                f"'{profile}' maps no action: every action {sender} sends arrives as the default "
                "action.",
                context.mapping_path(receiver, "Action Mappings: map each synced action"),
                locator=locator,
            )
        if receiver is Side.SUPPLIER:
            if not mappings.mapped_count(MappingKind.TICKET_TYPE):
                yield Draft(
                    WARNING,
                    receiver,
                    profile,
                    f"'{profile}' maps no ticket type: every ticket from {sender} is logged as "
                    "the default type.",
                    context.mapping_path(receiver, "Ticket Type Mappings: map each ticket type"),
                    locator=locator,
                )
            if not mappings.default_ticket_type:
                yield Draft(
                    WARNING,
                    receiver,
                    profile,
                    f"'{profile}' has no default ticket type: a ticket from {sender} whose type "
                    "is not mapped has no type to be logged as.",
                    context.mapping_path(receiver, "Default Ticket Type: e.g. 'Incident'"),
                    locator=locator,
                )


@_rule("R6", "The default action is generic, hidden from the user and allowed", SECTION_MAPPINGS)
def _default_action(context: Context) -> Iterator[Draft]:
    for receiver in Side:
        mappings = context.mappings(receiver)
        if mappings is None or not mappings.default_action:
            continue
        action = context.action(receiver, mappings.default_action)
        if action is None:
            continue  # X3 reports a default that no longer exists
        name = action_name(action)
        locator = Locator.action(receiver, mappings.default_action)
        sender = context.name(receiver.other)
        if not is_hidden(action):
            yield Draft(
                WARNING,
                receiver,
                name,
                f"The default action '{name}' is visible to end users: every unmapped action "
                f"from {sender} would show on the end user's ticket.",
                _action_path(name, "Hide from user", "Yes")
                + " (or choose a hidden generic action as the default)",
                locator=locator,
            )
        if system_use(action) != C.SYSTEMID_NONE:
            yield Draft(
                WARNING,
                receiver,
                name,
                f"The default action '{name}' has the system use "
                f"'{system_use_name(system_use(action))}': unmapped actions from {sender} would "
                "trigger it.",
                context.mapping_path(receiver, "Default Action: a generic note action"),
                locator=locator,
            )
        if sends_email(action):
            yield Draft(
                WARNING,
                receiver,
                name,
                f"The default action '{name}' sends an e-mail: every unmapped action from "
                f"{sender} would e-mail the end user (and an unmapped e-mail action times out).",
                context.mapping_path(
                    receiver,
                    f"Default Action: an action that sends no e-mail, such as "
                    f"'{_note_action_name(context, receiver)}'",
                ),
                locator=locator,
            )


@_rule(
    "R7", "Field mappings join fields of the same type that ticket sync can map", SECTION_MAPPINGS
)
def _fields(context: Context) -> Iterator[Draft]:
    for receiver in Side:
        if context.mappings(receiver) is None:
            continue
        summary_ok = False
        for row in context.rows(receiver, MappingKind.FIELD):
            if row.remote is None or row.local is None:
                continue  # X3
            remote, local = _field(row.remote), _field(row.local)
            label = f"{row.remote_name} → {row.local_name}"
            locator = Locator.mapping(receiver, MappingKind.FIELD, row.remote_id)
            fix = context.mapping_path(
                receiver, f"Field Mappings > {row.remote_name}: remove or re-map"
            )
            unmappable = [f.label for f in (remote, local) if not is_mappable_field(f)]
            if unmappable:
                yield Draft(
                    ERROR,
                    receiver,
                    label,
                    f"{_names(unmappable)} cannot be synced: only custom fields, the summary, "
                    "the start date and the target date can be mapped.",
                    fix,
                    locator=locator,
                )
                continue
            if remote.type != local.type:
                yield Draft(
                    ERROR,
                    receiver,
                    label,
                    f"'{row.remote_name}' ({C.FIELD_TYPES.get(remote.type, remote.type)}) and "
                    f"'{row.local_name}' ({C.FIELD_TYPES.get(local.type, local.type)}) are of "
                    "different types: only fields of the same type can be mapped.",
                    fix,
                    locator=locator,
                )
                continue
            ends = (builtin_name(remote), builtin_name(local))
            if ends == ("summary", "summary"):
                summary_ok = True
            elif "summary" in ends:
                yield Draft(
                    WARNING,
                    receiver,
                    label,
                    "The summary should be mapped to the summary: the two tickets' summaries "
                    "differ otherwise.",
                    fix,
                    locator=locator,
                )
        if not summary_ok:
            yield Draft(
                INFO,
                receiver,
                context.profile_label(receiver),
                f"The summary of {context.name(receiver.other)} is not mapped to the summary of "
                f"{context.name(receiver)}: to keep the summaries of the two tickets the same, "
                "map them together.",
                context.mapping_path(receiver, "Field Mappings > Summary: Summary"),
                locator=Locator.profile(receiver, context.profile_in(receiver).record_id),
            )


def _field(record: Mapping[str, Any]) -> FieldOption:
    return FieldOption(
        id=as_int(record.get("id")) or 0,
        name=str(record.get("name") or ""),
        label=str(record.get("label") or record.get("name") or ""),
        type=as_int(record.get("type")) or 0,
        custom=bool(as_int(record.get("custom"))),
    )


def _remap_fix(context: Context, flow: Flow, wanted: str) -> str:
    if flow.via == "default":
        return context.mapping_path(
            flow.receiver,
            f"Action Mappings > {action_name(flow.source)}: map it to {wanted} (it arrives as the "
            "default action today)",
        )
    return context.mapping_path(
        flow.receiver, f"Action Mappings > {action_name(flow.source)}: re-map to {wanted}"
    )


def _flow_locator(flow: Flow) -> Locator:
    if flow.via == "default":
        return Locator.profile(flow.receiver, None)
    return Locator.mapping(flow.receiver, MappingKind.ACTION, flow.source_id)


@_rule("R8", "Never map an e-mail action to an e-mail action", SECTION_MAPPINGS)
def _email_to_email(context: Context) -> Iterator[Draft]:
    for receiver in Side:
        note = _note_action_name(context, receiver)
        wanted = f"an action that sends no e-mail, such as '{note}'"
        for flow in context.flows(receiver):
            if flow.target is None or not (sends_email(flow.source) and sends_email(flow.target)):
                continue
            yield Draft(
                ERROR,
                receiver,
                flow.label,
                f"'{action_name(flow.source)}' sends an e-mail in {context.name(flow.sender)} and "
                f"arrives as '{action_name(flow.target)}', which sends one too: the same e-mail "
                "is sent from both instances and the sync times out.",
                _remap_fix(context, flow, wanted),
                locator=_flow_locator(flow),
            )
        live = {f.source_id for f in context.flows(receiver)}
        dormant = [
            row
            for row in context.rows(receiver, MappingKind.ACTION)
            if row.remote is not None
            and row.local is not None
            and row.remote_id not in live
            and system_use(row.remote) != C.SYSTEMID_LOG_TO_SUPPLIER  # creates, never synced
            and sends_email(row.remote)
            and sends_email(row.local)
        ]
        if dormant:
            pairs = [f"{r.remote_name} → {r.local_name}" for r in dormant]
            yield Draft(
                INFO,
                receiver,
                context.profile_label(receiver),
                f"{len(dormant)} mapping(s) join two e-mail actions ({_names(pairs)}). None of "
                f"them syncs today (the actions are not sent to {context.name(receiver)}), but "
                "each would time out if it did.",
                context.mapping_path(receiver, f"Action Mappings: re-map them to {wanted}"),
                locator=Locator.profile(receiver, context.profile_in(receiver).record_id),
                details=tuple(pairs),
            )


@_rule("R9", "A mapped action must not send to the connected instance itself", SECTION_ACTIONS)
def _bounce(context: Context) -> Iterator[Draft]:
    for receiver in Side:
        for flow in context.flows(receiver):
            if flow.target is None or not context.sends_back(receiver, flow.target):
                continue
            target = action_name(flow.target)
            yield Draft(
                ERROR,
                receiver,
                flow.label,
                f"'{action_name(flow.source)}' from {context.name(flow.sender)} arrives as "
                f"'{target}', which is itself sent to the connected instance: it goes straight "
                f"back to {context.name(flow.sender)} (a loop of syncs).",
                _action_path(target, SEND_TO_HALO_LABEL, "No")
                + f" (or re-map it: {_remap_fix(context, flow, 'an internal note')})",
                locator=_flow_locator(flow),
            )


@_rule("R10", "A mapped action is allowed by the target ticket's workflow", SECTION_MAPPINGS)
def _workflow_allows(context: Context) -> Iterator[Draft]:
    for receiver in Side:
        targets: dict[int, list[Flow]] = defaultdict(list)
        for flow in context.flows(receiver):
            if flow.target is not None and flow.target_id is not None:
                targets[flow.target_id].append(flow)
        mappings = context.mappings(receiver)
        default = mappings.default_action if mappings else None
        if default and context.action(receiver, default) is not None:
            targets.setdefault(default, [])
        for target_id, flows in targets.items():
            target = context.action(receiver, target_id)
            name = action_name(target, target_id)
            refused, unknown = context.not_allowed_on(receiver, target_id)
            sources = _names(action_name(f.source) for f in flows)
            what = f"'{name}'" + (f" (for {sources})" if sources else " (the default action)")
            locator = Locator.action(receiver, target_id)
            if refused:
                flows_text = _names(context.workflow_name(receiver, t) for t in refused)
                types_text = _names(str(t.get("name")) for t in refused)
                first = context.workflow_name(receiver, refused[0])
                yield Draft(
                    ERROR,
                    receiver,
                    name,
                    f"{what} is not allowed on {types_text} tickets (workflow {flows_text}): "
                    f"syncing to such a ticket fails with 'You do not have access to this action "
                    "at the moment'.",
                    f"Configuration > Tickets > Workflows > {first}: allow '{name}' (and in the "
                    "other workflows named); or re-map to an allowed action in "
                    + context.mapping_path(receiver, "Action Mappings"),
                    locator=locator,
                    details=tuple(
                        f"{t.get('name')}: workflow {context.workflow_name(receiver, t)}"
                        for t in refused
                    ),
                )
            if unknown:
                yield Draft(
                    ERROR,
                    receiver,
                    name,
                    f"The workflows of {_names(str(t.get('name')) for t in unknown)} cannot be "
                    f"read, so the check cannot see whether they allow {what}.",
                    "Configuration > Tickets > Workflows: check that each allows "
                    f"'{name}'; then confirm it here",
                    manual=True,
                    locator=locator,
                )


# ---- R11-R18: action configuration -------------------------------------------------------------


LOG_FIELDS: Final = frozenset(
    {C.ACTION_FIELD_SUPPLIER, C.ACTION_FIELD_NOTE, C.ACTION_FIELD_SEND_TO_HALO}
)


@_rule(
    "R11",
    "A log-to-supplier action: Log to supplier, Send an email Yes, fields Supplier, Note",
    SECTION_ACTIONS,
)
def _log_to_supplier(context: Context) -> Iterator[Draft]:
    side = Side.CUSTOMER
    supplier = context.name(Side.SUPPLIER)
    customer = context.name(side)
    by_use = [
        a for a in context.actions(side).values() if system_use(a) == C.SYSTEMID_LOG_TO_SUPPLIER
    ]
    valid = context.log_actions
    recipe = (
        "System use: Log to supplier, Send an email: Yes, fields Supplier and Note (clone "
        "'Log to supplier', rename it, keep only Note and Supplier)"
    )
    if not by_use:
        yield Draft(
            ERROR,
            side,
            "Log to supplier",
            f"No action in {customer} has the system use 'Log to supplier': tickets cannot be "
            f"sent to {supplier}.",
            f"Configuration > Tickets > Actions > New: {recipe}",
            locator=Locator.action(side, None),
        )
        return
    for action in by_use:
        if action in valid:
            continue
        name = action_name(action)
        problems: list[str] = []
        settings: list[str] = []
        if not sends_email(action):
            problems.append("Send an email is No")
            settings.append("Send an email: Yes")
        if C.ACTION_FIELD_SUPPLIER not in field_names(action):
            problems.append("its field list has no Supplier field")
            settings.append("Field list: add 'Supplier'")
        yield Draft(
            WARNING if valid else ERROR,
            side,
            name,
            f"'{name}' logs to a supplier, but {' and '.join(problems)}: it cannot send a "
            f"ticket to {supplier} (it must be set to send an e-mail, though no e-mail is sent).",
            f"Configuration > Tickets > Actions > {name} > " + "; ".join(settings),
            locator=Locator.action(side, as_int(action.get("id"))),
        )
    if not valid:
        return
    everywhere = context.ticket_types(side)
    usable = [
        a
        for a in valid
        if any(context.allowed(side, t, as_int(a.get("id")) or 0) is not False for t in everywhere)
    ]
    if not usable:
        name = action_name(valid[0])
        yield Draft(
            ERROR,
            side,
            name,
            f"'{name}' is not allowed by any workflow of {customer}: no agent can use it to send "
            f"a ticket to {supplier}.",
            f"Configuration > Tickets > Workflows: add '{name}' to the workflows of the ticket "
            "types that may be escalated",
            locator=Locator.action(side, as_int(valid[0].get("id"))),
        )
    for action in valid:
        if C.ACTION_FIELD_NOTE not in field_names(action):
            name = action_name(action)
            yield Draft(
                INFO,
                side,
                name,
                f"'{name}' has no Note field: the ticket reaches {supplier} without the agent's "
                "note (seed 001 recommends the Note field).",
                _action_path(name, "Field list", "add 'Note'"),
                locator=Locator.action(side, as_int(action.get("id"))),
            )
    if not any(field_names(a) <= LOG_FIELDS for a in valid):
        name = action_name(valid[0])
        yield Draft(
            INFO,
            side,
            name,
            f"Agents send tickets to {supplier} with '{name}', which has more fields than "
            "Supplier and Note. Seed 001 recommends a dedicated copy with only those two, named "
            "for the connection, so technicians are not confused.",
            f"Configuration > Tickets > Actions > {name} > Clone: rename it (e.g. 'Escalate to "
            f"{supplier}'), keep only Note and Supplier; add it to the same workflows",
            locator=Locator.action(side, as_int(valid[0].get("id"))),
        )


def _role_missing(
    side: Side, record: str, message: str, fix: str, severity: Severity = WARNING
) -> Draft:
    return Draft(severity, side, record, message, fix, locator=Locator.action(side, None))


def _note_system_use_warning(side: Side, flow: Flow, other: str) -> Iterator[Draft]:
    """A note action with a system use also triggers that system behaviour when used."""
    if system_use(flow.source) != C.SYSTEMID_NONE:
        name = action_name(flow.source)
        yield Draft(
            WARNING,
            side,
            name,
            f"'{name}' sends notes to {other} but has the system use "
            f"'{system_use_name(system_use(flow.source))}'.",
            _action_path(name, "System use", "None"),
            locator=Locator.action(side, flow.source_id),
        )


def _usable_warning(context: Context, side: Side, action: Record, what: str) -> Iterator[Draft]:
    """The role action must be allowed where the synced tickets are (seed: add to workflows)."""
    action_id = as_int(action.get("id")) or 0
    refused, _unknown = context.not_allowed_on(side, action_id)
    if refused:
        name = action_name(action)
        yield Draft(
            WARNING,
            side,
            name,
            f"'{name}' ({what}) is not allowed on {_names(str(t.get('name')) for t in refused)} "
            "tickets: agents cannot use it on those synced tickets.",
            f"Configuration > Tickets > Workflows > {context.workflow_name(side, refused[0])}: "
            f"allow '{name}'",
            locator=Locator.action(side, action_id),
        )


@_rule(
    "R12",
    "The supplier's note action: no e-mail, visible to the user, sends to the customer",
    SECTION_ACTIONS,
)
def _supplier_note(context: Context) -> Iterator[Draft]:
    side = Side.SUPPLIER
    if not context.roles_known(side):
        return  # R2 reports the missing profile; the roles depend on its mappings
    customer = context.name(Side.CUSTOMER)
    notes = context.role_flows(side, "note")
    visible = [f for f in notes if not is_hidden(f.source)]
    for flow in notes:
        name = action_name(flow.source)
        locator = Locator.action(side, flow.source_id)
        if is_hidden(flow.source):
            yield Draft(
                ERROR,
                side,
                name,
                f"'{name}' sends to {customer} but is hidden from the user: an action of the "
                f"supplier's instance that is hidden from the user does not sync, and no error "
                "is shown.",
                _action_path(name, "Hide from user", "No"),
                locator=locator,
            )
        yield from _note_system_use_warning(side, flow, customer)
        if flow.target is not None and not is_hidden(flow.target):
            yield Draft(
                INFO,
                Side.CUSTOMER,
                flow.label,
                f"'{name}' arrives in {customer} as '{action_name(flow.target)}', which end users "
                f"can see: internal updates from {context.name(side)} show in {customer}'s "
                "portal. Seed 001 recommends an internal note.",
                _remap_fix(context, flow, f"'{_note_action_name(context, Side.CUSTOMER)}'"),
                locator=_flow_locator(flow),
            )
        if not is_hidden(flow.source):
            yield from _usable_warning(context, side, flow.source, f"notes to {customer}")
    if not visible:
        yield _role_missing(
            side,
            f"Note to {customer}",
            f"No action of {context.name(side)} sends internal updates to {customer}: it needs "
            f"one with no system use, no e-mail, not hidden from the user, and {SEND_TO_HALO_LABEL}"
            f": Customer, mapped in {customer} to an internal note.",
            "Configuration > Tickets > Actions > New: System use None, Send an email No, Hide "
            f"from user No, {SEND_TO_HALO_LABEL}: Customer (the wizard can create it)",
        )


@_rule("R13", "The customer's note action: no e-mail, sends to the supplier", SECTION_ACTIONS)
def _customer_note(context: Context) -> Iterator[Draft]:
    side = Side.CUSTOMER
    if not context.roles_known(side):
        return  # R2 reports the missing profile; the roles depend on its mappings
    supplier = context.name(Side.SUPPLIER)
    notes = context.role_flows(side, "note")
    for flow in notes:
        name = action_name(flow.source)
        locator = Locator.action(side, flow.source_id)
        if not is_hidden(flow.source):
            yield Draft(
                INFO,
                side,
                name,
                f"'{name}' sends private notes to {supplier} but is visible to end users; seed "
                "001 recommends hiding it, as these are internal notes.",
                _action_path(name, "Hide from user", "Yes"),
                locator=locator,
            )
        yield from _note_system_use_warning(side, flow, supplier)
        if flow.target is not None and not is_hidden(flow.target):
            yield Draft(
                INFO,
                Side.SUPPLIER,
                flow.label,
                f"'{name}' arrives in {supplier} as '{action_name(flow.target)}', which end users "
                "can see. Seed 001 recommends an internal note.",
                _remap_fix(context, flow, f"'{_note_action_name(context, Side.SUPPLIER)}'"),
                locator=_flow_locator(flow),
            )
        yield from _usable_warning(context, side, flow.source, f"notes to {supplier}")
    if not notes:
        yield _role_missing(
            side,
            f"Private note to {supplier}",
            f"No action of {context.name(side)} sends private notes to {supplier}: it needs one "
            f"with no system use, no e-mail and {SEND_TO_HALO_LABEL}: Supplier (hidden from the "
            f"user recommended), mapped in {supplier} to an internal note.",
            "Configuration > Tickets > Actions > New: System use None, Send an email No, Hide "
            f"from user Yes, {SEND_TO_HALO_LABEL}: Supplier (the wizard can create it)",
        )


@_rule(
    "R14",
    "The supplier's indirect e-mail action, mapped to an e-mail action sending via API",
    SECTION_ACTIONS,
)
def _indirect_email(context: Context) -> Iterator[Draft]:
    side = Side.SUPPLIER
    if not context.roles_known(side):
        return  # R2 reports the missing profile; the roles depend on its mappings
    customer = context.name(Side.CUSTOMER)
    flows = context.role_flows(side, "indirect email")
    for flow in flows:
        name = action_name(flow.source)
        fields = field_names(flow.source)
        locator = Locator.action(side, flow.source_id)
        missing = [
            label
            for key, label in (
                (C.ACTION_FIELD_NOTE, "Note"),
                (C.ACTION_FIELD_SEND_TO_HALO, SEND_TO_HALO_LABEL),
            )
            if key not in fields
        ]
        if missing:
            yield Draft(
                WARNING,
                side,
                name,
                f"'{name}' e-mails {customer}'s end users indirectly but its field list lacks "
                f"{' and '.join(missing)}: the agent cannot write the message or choose to send "
                "it.",
                _action_path(name, "Field list", "add " + " and ".join(f"'{m}'" for m in missing)),
                locator=locator,
            )
        if is_hidden(flow.source):
            yield Draft(
                ERROR,
                side,
                name,
                f"'{name}' is hidden from the user: an action of the supplier's instance that is "
                "hidden from the user does not sync.",
                _action_path(name, "Hide from user", "No"),
                locator=locator,
            )
        target = flow.target
        if target is None:
            continue
        target_name = action_name(target)
        target_locator = Locator.action(Side.CUSTOMER, flow.target_id)
        setting = "Send an email when this action is created using the Supplier/Organisation API"
        api_email = unknowns.api_email_setting(
            context.answer(Side.CUSTOMER, C.API_EMAIL_FIELD), target
        )
        if api_email is None:
            yield Draft(
                WARNING,
                Side.CUSTOMER,
                target_name,
                f"'{name}' from {context.name(side)} arrives as '{target_name}', which must send "
                f"its e-mail when created through the API connection; the API does not show that "
                "setting.",
                _action_path(target_name, setting, "Yes") + "; then confirm it here",
                manual=True,
                locator=target_locator,
            )
        elif not api_email:
            yield Draft(
                WARNING,
                Side.CUSTOMER,
                target_name,
                f"'{name}' from {context.name(side)} arrives as '{target_name}', which does not "
                f"send its e-mail when created through the API connection: the end user never "
                "gets the message.",
                _action_path(target_name, setting, "Yes"),
                locator=target_locator,
            )
        yield from _usable_warning(context, side, flow.source, "indirect e-mail")
    if not flows:
        yield _role_missing(
            side,
            "Indirect email to end user",
            f"No action of {context.name(side)} e-mails {customer}'s end users through "
            f"{customer}'s mailbox: it needs one with no system use, no e-mail, "
            f"{SEND_TO_HALO_LABEL}: Customer and the Note field, mapped in {customer} to an "
            "action that sends an e-mail (such as 'Email User').",
            "Configuration > Tickets > Actions > New 'Indirect email to end user': System use "
            f"None, Send an email No, {SEND_TO_HALO_LABEL}: Customer, fields Note and "
            f"{SEND_TO_HALO_LABEL} (the wizard can create it)",
        )


@_rule(
    "R15",
    "A closing action on the supplier side, closing actions mapped both ways",
    SECTION_ACTIONS,
)
def _closing(context: Context) -> Iterator[Draft]:
    side = Side.SUPPLIER
    if not context.roles_known(side):
        return  # R2 reports the missing profile; the roles depend on its mappings
    customer, supplier = context.name(Side.CUSTOMER), context.name(side)
    closing = context.role_flows(side, "close")
    quiet = [f for f in closing if not sends_email(f.source)]
    for flow in closing:
        name = action_name(flow.source)
        locator = Locator.action(side, flow.source_id)
        if sends_email(flow.source):
            yield Draft(
                WARNING,
                side,
                name,
                f"'{name}' closes the ticket, sends it to {customer} and sends an e-mail: the "
                "end user gets two closure e-mails.",
                _action_path(name, "Send an email", "No"),
                locator=locator,
            )
        if flow.target is not None and not context.closes(Side.CUSTOMER, flow.target):
            yield Draft(
                WARNING,
                Side.CUSTOMER,
                flow.label,
                f"'{name}' closes the ticket in {supplier} but arrives in {customer} as "
                f"'{action_name(flow.target)}', which does not close it there.",
                _remap_fix(context, flow, f"{customer}'s resolve/close action"),
                locator=_flow_locator(flow),
            )
        yield from _usable_warning(context, side, flow.source, "closing")
    if not quiet:
        yield _role_missing(
            side,
            "Resolve third party ticket",
            f"No action of {supplier} closes the ticket without an e-mail and sends it to "
            f"{customer}: closing in {supplier} either leaves {customer}'s ticket open or "
            "sends the end user two closure e-mails.",
            "Configuration > Tickets > Actions > New 'Resolve third party ticket': System use "
            f"None, Status after action Resolved/Closed, Send an email No, {SEND_TO_HALO_LABEL}: "
            f"Customer; map it in {customer} to the close action (the wizard can create it)",
        )
    both_ways = any(
        row.remote is not None
        and row.local is not None
        and context.closes(Side.CUSTOMER, row.remote)
        and context.closes(side, row.local)
        for row in context.rows(side, MappingKind.ACTION)
    )
    if context.mappings(side) is not None and not both_ways:
        yield Draft(
            WARNING,
            side,
            context.profile_label(side),
            f"No closing action of {customer} is mapped to a closing action in {supplier}: when "
            f"{customer} closes the ticket, {supplier}'s ticket stays open.",
            context.mapping_path(
                side,
                f"Action Mappings: map {customer}'s close action to a close action of {supplier}",
            ),
            locator=Locator.profile(side, context.profile_in(side).record_id),
        )


@_rule(
    "R16", "Attachments sync only when the sending side's outbound setting is on", SECTION_MAPPINGS
)
def _attachments(context: Context) -> Iterator[Draft]:
    for sender in Side:
        match = context.profile_in(sender)
        if match.record is None:
            continue
        other = context.name(sender.other)
        locator = Locator.profile(sender, match.record_id)
        fix = context.profile_path(sender, "Outbound settings > Sync attachments: Yes")
        if C.OUTBOUND_ATTACHMENTS not in match.record:
            yield Draft(
                INFO,
                sender,
                match.name,
                f"The API does not show whether attachments from {context.name(sender)} are "
                f"sent to {other}.",
                fix + " if attachments should go across; then confirm it here",
                manual=True,
                locator=locator,
            )
            continue
        if as_int(match.record.get(C.OUTBOUND_ATTACHMENTS)):
            continue
        attaching = [
            action_name(a) for a in context.live(sender) if "attach" in action_name(a).casefold()
        ]
        yield Draft(
            WARNING if attaching else INFO,
            sender,
            match.name,
            f"Attachments added to synced actions in {context.name(sender)} do not reach "
            f"{other} (the outbound setting is off)"
            + (f", yet {_names(attaching)} is sent to {other}." if attaching else "."),
            fix + " to send them",
            locator=locator,
        )


@_rule("R17", "AI note improvement on a synced action asks for HTML only", SECTION_TROUBLESHOOTING)
def _ai(context: Context) -> Iterator[Draft]:
    for side in Side:
        concerned: dict[int, Record] = {}
        for action in context.live(side):
            concerned[as_int(action.get("id")) or 0] = action
        for flow in context.flows(side):
            if flow.target is not None and sends_email(flow.target):
                concerned[flow.target_id or 0] = flow.target
        unseen: list[str] = []
        for action_id, action in sorted(concerned.items()):
            name = action_name(action)
            if "ai_improve_agent_note_default_on" not in action:
                unseen.append(name)
                continue
            if not action.get("ai_improve_agent_note_default_on"):
                continue
            prompt = str(action.get("ai_prompt") or "")
            if "html" in prompt.casefold():
                continue
            yield Draft(
                WARNING,
                side,
                name,
                f"'{name}' improves the note with AI without asking for HTML: synced notes and "
                "e-mails can show tags around the rich text or strange formatting.",
                f"Configuration > Tickets > Actions > {name} > AI: end the prompt with 'Return "
                "only HTML, no markdown' (or turn AI improvement off)",
                locator=Locator.action(side, action_id),
            )
        if unseen:
            yield Draft(
                INFO,
                side,
                f"{len(unseen)} synced actions" if len(unseen) > 1 else unseen[0],
                f"The API does not show the AI settings of {_names(unseen)}.",
                "Configuration > Tickets > Actions > each of them > AI: the prompt must ask "
                "for HTML only; then confirm it here",
                manual=True,
                details=tuple(unseen),
            )


@_rule("R18", "Supplier Ref must be blank when sending a ticket", SECTION_EXAMPLE)
def _supplier_ref(context: Context) -> Iterator[Draft]:
    side = Side.CUSTOMER
    with_ref = [a for a in context.log_actions if C.ACTION_FIELD_SUPPLIER_REF in field_names(a)]
    supplier = context.name(Side.SUPPLIER)
    yield from _grouped(
        with_ref,
        lambda a: Draft(
            INFO,
            side,
            action_name(a),
            f"'{action_name(a)}' shows the Supplier Ref field: it must be left blank when "
            f"sending a ticket to {supplier}, or sending fails with 'An action must be "
            "associated with a ticket_id'.",
            _action_path(action_name(a), "Field list", "remove 'Supplier Ref'")
            + " (or tell agents to leave it blank)",
            locator=Locator.action(side, as_int(a.get("id"))),
        ),
        lambda many: Draft(
            INFO,
            side,
            f"{len(many)} log-to-supplier actions",
            f"{_names(action_name(a) for a in many)} show the Supplier Ref field: it must be "
            f"left blank when sending a ticket to {supplier}, or sending fails with 'An action "
            "must be associated with a ticket_id'.",
            "Configuration > Tickets > Actions > each of them > Field list: remove 'Supplier Ref'",
            details=tuple(action_name(a) for a in many),
        ),
    )


# ---- X1-X5: across both instances ------------------------------------------------------------


@_rule("X1", "No loop of syncs between the two instances", SECTION_ACTIONS)
def _loops(context: Context) -> Iterator[Draft]:
    nodes: dict[tuple[Side, int], tuple[Side, int]] = {}
    for receiver in Side:
        for flow in context.flows(receiver):
            if (
                flow.target is not None
                and flow.target_id is not None
                and context.sends_back(receiver, flow.target)
            ):
                nodes[(flow.sender, flow.source_id)] = (receiver, flow.target_id)
    reported: set[frozenset[tuple[Side, int]]] = set()
    for start in sorted(nodes, key=lambda n: (n[0].value, n[1])):
        path: list[tuple[Side, int]] = []
        seen: dict[tuple[Side, int], int] = {}
        node: tuple[Side, int] | None = start
        while node is not None and node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = nodes.get(node)
        if node is None:
            continue
        cycle = path[seen[node] :]
        key = frozenset(cycle)
        if key in reported:
            continue
        reported.add(key)
        first_side, first_id = cycle[0]
        names = [f"{action_name(context.action(s, i), i)} ({context.name(s)})" for s, i in cycle]
        first = action_name(context.action(first_side, first_id), first_id)
        yield Draft(
            ERROR,
            first_side,
            first,
            "A loop of syncs: " + " → ".join([*names, names[0]]) + ". Each action arrives as "
            "one that is sent back again, without end.",
            _action_path(first, SEND_TO_HALO_LABEL, "No")
            + " on the action the other instance maps to (or re-map to an internal note)",
            locator=Locator.action(first_side, first_id),
            details=tuple(names),
        )


@_rule(
    "X2",
    "Values keep their meaning when they come back (both directions composed)",
    SECTION_MAPPINGS,
)
def _round_trip(context: Context) -> Iterator[Draft]:
    for kind, table in (
        (MappingKind.STATUS, "Status Mappings"),
        (MappingKind.CATEGORY, "Category Mappings"),
        (MappingKind.FIELD, "Field Mappings"),
    ):
        rows = {side: context.rows(side, kind) for side in Side}
        back = {
            side: {r.remote_id: r for r in rows[side] if r.local_id is not None} for side in Side
        }
        for start in Side:
            # A value of `start` goes to the other side (the row in the other side's profile)
            # and comes back through the row in start's own profile.
            bounces: list[tuple[MappedRow, MappedRow]] = []
            for out in rows[start.other]:
                if out.local_id is None:
                    continue
                home = back[start].get(out.local_id)
                if home is not None and home.local_id != out.remote_id:
                    bounces.append((out, home))
            yield from _bounce_drafts(context, kind, table, start, bounces)
        if kind is MappingKind.FIELD:
            continue
        for receiver in Side:
            onto: dict[int, list[MappedRow]] = defaultdict(list)
            for row in rows[receiver]:
                if row.local_id is not None:
                    onto[row.local_id].append(row)
            for group in onto.values():
                if len(group) < 3:
                    continue
                target = group[0].local_name
                yield Draft(
                    INFO,
                    receiver,
                    target,
                    f"{len(group)} {kind.value} values of {context.name(receiver.other)} all "
                    f"become '{target}' in {context.name(receiver)} "
                    f"({_names([r.remote_name for r in group], 5)}): the difference is lost, and "
                    "what goes back is a single value.",
                    context.mapping_path(receiver, f"{table}: map them apart if they matter"),
                    locator=Locator.mapping(receiver, kind, group[0].remote_id),
                    details=tuple(r.remote_name for r in group),
                )
    yield from _types_onto_default(context)


def _types_onto_default(context: Context) -> Iterator[Draft]:
    """Ticket types that can be sent but have no mapping all become the default type."""
    receiver = Side.SUPPLIER
    mappings = context.mappings(receiver)
    if mappings is None or not mappings.default_ticket_type:
        return
    default = context.config(receiver).get("TicketType", mappings.default_ticket_type)
    if default is None:
        return  # X3
    mapped = {r.remote_id for r in context.rows(receiver, MappingKind.TICKET_TYPE)}
    unmapped = [
        str(t.get("name"))
        for t in context.relevant_types(Side.CUSTOMER)
        if as_int(t.get("id")) not in mapped
    ]
    if not unmapped:
        return
    name = str(default.get("name") or default.get("id"))
    yield Draft(
        INFO,
        receiver,
        name,
        f"{len(unmapped)} ticket type(s) of {context.name(Side.CUSTOMER)} that can be sent have "
        f"no mapping and are all logged as the default '{name}' in {context.name(receiver)}: "
        f"{_names(unmapped, 5)}.",
        context.mapping_path(receiver, "Ticket Type Mappings: map them if they differ"),
        locator=Locator.profile(receiver, context.profile_in(receiver).record_id),
        details=tuple(unmapped),
    )


def _bounce_drafts(
    context: Context,
    kind: MappingKind,
    table: str,
    start: Side,
    bounces: Sequence[tuple[MappedRow, MappedRow]],
) -> Iterator[Draft]:
    word = kind.value.replace("_", " ")

    def chain(b: tuple[MappedRow, MappedRow]) -> str:
        return f"{b[0].remote_name} → {b[0].local_name} → {b[1].local_name}"

    def one(b: tuple[MappedRow, MappedRow]) -> Draft:
        return Draft(
            WARNING,
            start,
            chain(b),
            f"A {word} '{b[0].remote_name}' set in {context.name(start)} becomes "
            f"'{b[0].local_name}' in {context.name(start.other)}, and comes back as "
            f"'{b[1].local_name}', not '{b[0].remote_name}'.",
            context.mapping_path(
                start, f"{table} > {b[1].remote_name}: map it to {b[0].remote_name}"
            ),
            locator=Locator.mapping(start, kind, b[1].remote_id),
        )

    def many(bs: Sequence[tuple[MappedRow, MappedRow]]) -> Draft:
        return Draft(
            WARNING,
            start,
            f"{len(bs)} {word} mappings",
            f"{len(bs)} {word} values set in {context.name(start)} come back from "
            f"{context.name(start.other)} as a different value: "
            + _names([chain(b) for b in bs], 4)
            + ".",
            context.mapping_path(start, f"{table}: map each value back to itself"),
            locator=Locator.profile(start, context.profile_in(start).record_id),
            details=tuple(chain(b) for b in bs),
        )

    yield from _grouped(bounces, one, many)


_DEFAULT_FIELDS: Final = (
    (MappingKind.STATUS, "default_status", "Default Status"),
    (MappingKind.CATEGORY, "default_category", "Default Category"),
    (MappingKind.ACTION, "default_action", "Default Action"),
    (MappingKind.TICKET_TYPE, "default_ticket_type", "Default Ticket Type"),
)


@_rule("X3", "Mappings and defaults name records that exist", SECTION_MAPPINGS)
def _stale(context: Context) -> Iterator[Draft]:
    for receiver in Side:
        mappings = context.mappings(receiver)
        if mappings is None:
            continue
        here, there = context.name(receiver), context.name(receiver.other)
        profile = context.profile_label(receiver)
        for kind in MappingKind:
            table = f"{kind.value.replace('_', ' ').title()} Mappings"
            for row in context.rows(receiver, kind):
                label = f"{row.remote_name} → {row.local_name}"
                locator = Locator.mapping(receiver, kind, row.remote_id)
                if row.local is None and context.config(receiver).has(_entity(kind)):
                    yield Draft(
                        ERROR,
                        receiver,
                        label,
                        f"'{profile}' maps '{row.remote_name}' to a {kind.value.replace('_', ' ')} "
                        f"of {here} that no longer exists (id {row.local_id}): syncing it fails.",
                        context.mapping_path(receiver, f"{table} > {row.remote_name}: re-map"),
                        locator=locator,
                    )
                elif row.remote is None and context.config(receiver.other).has(_entity(kind)):
                    yield Draft(
                        WARNING,
                        receiver,
                        label,
                        f"'{profile}' maps a {kind.value.replace('_', ' ')} of {there} that no "
                        f"longer exists (id {row.remote_id}, '{row.remote_name}'): the row does "
                        "nothing.",
                        context.mapping_path(receiver, f"{table} > {row.remote_name}: remove"),
                        locator=locator,
                    )
        for kind, attr, label in _DEFAULT_FIELDS:
            value = getattr(mappings, attr)
            if not value or (
                kind is MappingKind.STATUS and value == C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT
            ):
                continue
            if receiver is Side.CUSTOMER and kind is MappingKind.TICKET_TYPE:
                continue
            config = context.config(receiver)
            if config.has(_entity(kind)) and config.get(_entity(kind), value) is None:
                yield Draft(
                    ERROR,
                    receiver,
                    profile,
                    f"The {label.lower()} of '{profile}' (id {value}) no longer exists in {here}.",
                    context.mapping_path(receiver, f"{label}: choose one that exists"),
                    locator=Locator.profile(receiver, context.profile_in(receiver).record_id),
                )


def _entity(kind: MappingKind) -> str:
    return ENTITY_OF[kind]


@_rule("X4", "Send to Connected Halo Instance points the right way", SECTION_ACTIONS)
def _direction(context: Context) -> Iterator[Draft]:
    for side in Side:
        wanted = unknowns.party_toward(side)
        answer = context.sync_answer(side)
        wrong = [
            a
            for a in context.actions(side).values()
            if sync_party(a, answer) not in ("No", wanted, SOMEWHERE)
        ]
        yield from _direction_drafts(context, side, wrong)


def _direction_drafts(context: Context, side: Side, wrong: Sequence[Record]) -> Iterator[Draft]:
    other = context.name(side.other)
    word = unknowns.party_toward(side)
    role = "supplier" if side is Side.CUSTOMER else "customer"
    answer = context.sync_answer(side)

    def one(action: Record) -> Draft:
        name = action_name(action)
        return Draft(
            INFO,
            side,
            name,
            f"'{name}' is sent to {sync_party(action, answer)} connections, but {other} is "
            f"{context.name(side)}'s {role}: it does not reach {other}.",
            _action_path(name, SEND_TO_HALO_LABEL, f"{word} (if it is meant for {other})"),
            locator=Locator.action(side, as_int(action.get("id"))),
        )

    def many(actions: Sequence[Record]) -> Draft:
        return Draft(
            INFO,
            side,
            f"{len(actions)} actions",
            f"{_names(action_name(a) for a in actions)} are sent the other way round and do not "
            f"reach {other}.",
            f"Configuration > Tickets > Actions > each of them > {SEND_TO_HALO_LABEL}: {word} "
            f"(if meant for {other})",
            details=tuple(action_name(a) for a in actions),
        )

    yield from _grouped(wrong, one, many)


@_rule("X5", "Both instances run Halo 2.184 or later", SECTION_CONNECTING)
def _version(context: Context) -> Iterator[Draft]:
    for side in Side:
        version = context.config(side).version
        parsed = parse_version(version) if version else None
        if parsed is not None and parsed[:2] < C.MIN_VERSION:
            need = ".".join(str(n) for n in C.MIN_VERSION)
            yield Draft(
                ERROR,
                side,
                context.name(side),
                f"{context.name(side)} runs Halo {version}; ticket sync between instances needs "
                f"{need} or later.",
                "Ask Halo support to upgrade the instance",
            )


@_rule("X6", "What the check needs the instances to have shown of Halo", SECTION_CONNECTING)
def _conventions(context: Context) -> Iterator[Draft]:
    """The checks never guess an unknown of Halo (halo-api.md section 0): where one matters and
    the instance has not shown its answer yet, say what the check could not conclude."""
    for side in Side:
        here = context.name(side)
        unread = context.rows_unreadable(side)
        if unread:
            profile = context.profile_label(side)
            yield Draft(
                WARNING,
                side,
                profile,
                f"'{profile}' holds {unread} mapping row(s) that cannot be read yet: {here} has "
                "not shown which id a mapping row keeps in fiid and which in thirdpartyname, so "
                "the checks of those mappings did not run on them.",
                _learn_fix(C.MAPPING_ROW_IDS),
                manual=True,
                locator=Locator.profile(side, context.profile_in(side).record_id),
            )
        answer = context.sync_answer(side)
        sending = [
            action_name(a)
            for a in context.actions(side).values()
            if answer is None and (as_int(a.get(C.SYNC_TO_HALO)) or 0) > 0
        ]
        if sending:
            yield Draft(
                INFO,
                side,
                here,
                f"{here} has not shown which '{SEND_TO_HALO_LABEL}' value means Supplier and "
                f"which Customer: {_names(sending)} were taken as sent to the connected instance "
                "(the direction was not checked).",
                _learn_fix(C.SYNC_VALUES),
                manual=True,
                details=tuple(sending),
            )


def _learn_fix(unknown: C.Unknown) -> str:
    return (
        f"Let the instance show it ({unknown.learned_by}): halo-wizard learn --plan FILE "
        f"--question {unknown.key}, or the window's action check"
    )
