"""The documented rules of ticket sync (R1-R18 of product.md, from seed 001) and the checks across
both instances (X1-X6), each a small named unit; `check` runs them all.

Severities follow the guide's words: each rule records the sentences of seed 001 it checks (`Said`,
with the guide's word in it), and every finding is made against one of them, so its severity is
that word's (model.GUIDE_WORDS): "must", "need", "required", "will not sync", a timeout, a failure
of the troubleshooting table → error; "recommend", "should", an instruction → warning; guidance →
note. A setting the API does not show gives a manual finding ("confirm by hand") with the severity
of the sentence it would break; a matching confirmation in the plan turns it into a note.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final
from urllib.parse import urlsplit

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
    hidden_from_agents,
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
    Said,
    Severity,
)
from halo_wizard.steps import unknowns
from halo_wizard.steps.agents import normalise_email
from halo_wizard.steps.configuration import as_int
from halo_wizard.steps.mappings import choose_default_action
from halo_wizard.steps.profiles import ROLES, SUPPLIER_PROFILE
from halo_wizard.steps.read_model import logs_to_supplier

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
    said: Said | None = None


def _said(
    said: Said,
    side: Side,
    record: str,
    message: str,
    fix: str,
    *,
    manual: bool = False,
    locator: Locator | None = None,
    details: tuple[str, ...] = (),
) -> Draft:
    """A finding against one sentence of the guide: its severity is that sentence's word's."""
    return Draft(said.severity, side, record, message, fix, manual, locator, details, said)


Check = Callable[[Context], Iterable[Draft]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One documented rule: its id, its title, the part of seed 001 it comes from, its check."""

    id: str
    title: str
    section: str
    run: Check = field(repr=False)
    said: tuple[Said, ...] = ()
    """The sentences of seed 001 the rule checks (empty for the checks across both instances)."""

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
                said=d.said,
            )
            for d in self.run(context)
        ]


RULES: list[Rule] = []


def _rule(
    rule_id: str, title: str, section: str, said: tuple[Said, ...] = ()
) -> Callable[[Check], Check]:
    def register(run: Check) -> Check:
        RULES.append(Rule(rule_id, title, section, run, said))
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
    source = catalogue_source(found)
    if source:
        findings = [replace(f, source=source) for f in findings]
    findings.sort(
        key=lambda f: (
            0 if f.side is Side.CUSTOMER else 1,
            f.severity.rank,
            _rule_order(f.rule),
            f.record.casefold(),
        )
    )
    return findings


def catalogue_source(found: CheckInput) -> str:
    """For a two-admin connection, where the partner's side of the check was read: their
    catalogue and the moment it was taken (every finding of such a check says so, since the
    rules hold this instance against it); empty when both instances were read here."""
    plan = found.plan
    pairing = plan.pairing if plan is not None else None
    if pairing is None or pairing.catalogue is None:
        return ""
    taken = str(pairing.catalogue.get("taken") or "").strip()
    when = taken.replace("T", " ")[:16] + " UTC" if taken else "an unknown date"
    partner = found.config(pairing.partner_side).name
    return f"{partner}'s side as their catalogue of {when} shows it"


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


# ---- What the guide says: the sentences each rule checks ---------------------------------------
# Each sentence is quoted from seed 001 as it stands (its spelling included); the word in it gives
# the severity of a finding against it (model.GUIDE_WORDS).

R1_MODULE: Final = Said(
    "To do this, you will need to first, ensure that the suppliers module is enabled in both Halo "
    "instances.",
    "need",
    ("Suppliers module enabled in the customer's instance", "... and in the supplier's"),
)
R2_SUPPLIER: Final = Said(
    "Note: The instance that tickets are being sent to must be the 'supplier', tickets can only be "
    "created in instances that you have a 'supplier' relationship with.",
    "must",
    (
        "a supplier record with API access in the sending instance",
        "a customer profile with API access in the receiving instance",
        "neither set up the wrong way round",
    ),
)
R3_DETAILS: Final = Said(
    "Each need to allow API access then have the authentication details from the other instance "
    "entered.",
    "need",
    (
        "Allow Access on both profiles",
        "Client ID: the one the other profile issued",
        "Resource Server (API URL): the other instance's",
        "Authorisation Server: the other instance's",
        "Tenant: the other instance's tenant_id",
    ),
)
R3_AUTHENTICATE: Final = Said(
    "Once complete hit 'Authenticate connection' to check you have connected successfully. If the "
    "check fails, ensure you have completed the authentication fields correctly.",
    "fails",
    ("'Authenticate connection' succeeds on both profiles (Client Secret included)",),
)
R4_END_USERS: Final = Said(
    "The Customer profile created in the MSP's instance (B) will need to have the agents in "
    "Customer A's instance added as end users.",
    "need",
    ("every active agent of the customer's instance", "an end user with the same e-mail address"),
)
R4_ONE_CUSTOMER: Final = Said(
    "However, the correct customer should be matched automatically provided the agent who "
    "sent/escalated the ticket is a user under this customer in the supplier's (MSP's) instance.",
    "should",
    ("no second end user with the agent's e-mail address under another customer",),
)
R5_CONFIGURED: Final = Said(
    "Each customer/supplier profile will need to have the inbound settings configured as this "
    "controls how incoming requests are processed.",
    "need",
    ("Status Mappings", "Action Mappings", "Ticket Type Mappings (customer profile)"),
)
R5_DEFAULT_STATUS: Final = Said(
    "You will also need to set a default status, tickets that have been sent to your instance "
    "will have this status when created, if the initial status is not mapped.",
    "need",
    ("Default Status (a status, or 'Action/Ticket Type Default')",),
)
R5_DEFAULT_ACTION: Final = Said(
    "Sync will not occur when the action you have carried out is not mapped to an action in the "
    "linked instance.",
    "will not sync",
    ("Default Action",),
)
R5_DEFAULT_TYPE: Final = Said(
    "So you only need to configure inbound ticket type mappings against the customer profile in "
    "the MSP's instance as the MSP cannot send ticket to be created in the customer's instance.",
    "need",
    ("Default Ticket Type (customer profile)",),
)
R5_ARRIVES_AS_DEFAULT: Final = Said(
    "The default action will be the action that is used when an action is added to the linked "
    "ticket that is not mapped",
    "guidance",
    ("the actions that arrive as the default action",),
)
R6_GENERIC: Final = Said(
    "We recommend setting this to be a generic action that is hidden from the user (such as "
    "Internal Note).",
    "recommend",
    ("Hide from user: Yes", "System use: None", "Send an email: No"),
)
R6_WORKFLOW: Final = Said(
    "The default action will be the action that is used when an action is added to the linked "
    "ticket that is not mapped, but bear in mind this action still needs to be available on the "
    "ticket workflow to be added to the ticket.",
    "need",
    ("allowed by the workflow of every ticket type a synced ticket can have",),
)
R7_SAME_TYPE: Final = Said(
    "Only fields of the same type can be mapped together, e.g. a date field in one instance cannot "
    "be mapped to a text field in another.",
    "cannot",
    ("the two fields' types",),
)
R7_WHICH_FIELDS: Final = Said(
    "At present only custom fields, the summary, start date and target fields can be mapped.",
    "can only",
    ("custom fields", "summary", "start date", "target date"),
)
R7_SUMMARY: Final = Said(
    "Note: If you would like the summary of the tickets in each instance to be the same ensure you "
    "map the summary fields together.",
    "guidance",
    ("Summary mapped to Summary",),
)
R8_TIMES_OUT: Final = Said(
    "Doing this will result in the same email attempting to be sent from both instance, when this "
    "happens the action will not be able to sync between instances as it times out.",
    "times out",
    ("Send an email of a synced action and of the action it arrives as",),
)
R8_SHOULD_NOT: Final = Said(
    "Important: You should not map two email actions together.",
    "should not",
    ("Send an email of both ends of every action mapping",),
)
R9_LOOP: Final = Said(
    "The action this one is mapped to should not be set to send to a connected Halo instance "
    "(Send to Connected Halo Instance = No) otherwise a 'loop' of syncs can occur.",
    "should not",
    ("Send to Connected Halo Instance of every action a synced action arrives as",),
)
R10_WORKFLOW: Final = Said(
    "That is, if a mapped action is not present/allowed by the ticket's workflow the action will "
    "not be able to be added to the ticket.",
    "will not be able to",
    ("every mapped target action, on every ticket type a synced ticket can have",),
)
R11_RECIPE: Final = Said(
    "An action with the following configuration will need to be configured to send a ticket to a "
    "connected instance",
    "need",
    (
        "System use: Log to supplier",
        "an action agents can pick (not hidden from their lists)",
        "allowed by a workflow",
    ),
)
R11_SEND_EMAIL: Final = Said(
    "The action will not actually send an email, but must be configured to do so.",
    "must",
    ("Send an email: Yes",),
)
R11_SUPPLIER_FIELD: Final = Said(
    "Field list must contain the field - 'Supplier', 'Note' field is recommended",
    "must",
    ("Field list: Supplier",),
)
R11_NOTE_FIELD: Final = Said(
    "Field list must contain the field - 'Supplier', 'Note' field is recommended",
    "recommend",
    ("Field list: Note",),
)
R11_OWN_COPY: Final = Said(
    "You can use the out-of-the-box action 'Log to supplier' but we recommend creating a new one "
    "if you are sending the ticket to an instance that is not actually a supplier instance to "
    "avoid confusion amongst technicians.",
    "recommend",
    ("a copy with only the Note and Supplier fields",),
)
R12_RECIPE: Final = Said(
    "An action with the following configuration will need to be configured to send an "
    "update/note from the supplier's (MSP's) instance to the company's instance:",
    "need",
    (
        "System use: None",
        "Send an email: No",
        "Hide from user: No",
        "Send to Connected Halo Instance: Yes (Customer)",
    ),
)
R12_VISIBLE: Final = Said(
    "Note: In order for this action to send across to the linked instance it must not be hidden "
    "from the user.",
    "must not",
    ("Hide from user: No",),
)
R12_DEFAULTS: Final = Said(
    "If you have the 'Send to Connected Halo Instance' field on the action, this should default "
    "to 'Customer', if this has defaulted correctly, the action will be sent to the connected "
    "instance.",
    "should",
    ("Send to Connected Halo Instance set on the action itself, not only offered as a field",),
)
R12_MAPPED: Final = Said(
    "Now, you will need to map this action to an action in the company's instance (we recommend "
    "an internal note action).",
    "need",
    ("an Action Mapping (or the default action) in the customer's instance",),
)
R12_INTERNAL: Final = Said(
    "Now, you will need to map this action to an action in the company's instance (we recommend "
    "an internal note action).",
    "recommend",
    ("the target hidden from the user (an internal note)",),
)
NOTES_IN_WORKFLOWS: Final = Said(
    "Ensure both actions are added to their respective workflows.",
    "ensure",
    ("the synced action allowed on the ticket types of synced tickets",),
)
R13_RECIPE: Final = Said(
    "An action with the following configuration will need to be configured to send an "
    "update/note from the company's instance to the supplier's (MSP's) instance:",
    "need",
    ("System use: None", "Send an email: No", "Send to Connected Halo Instance: Yes (Supplier)"),
)
R13_HIDDEN: Final = Said(
    "Note: This action does not need to be set to be visible to the ends user, however, as this "
    "is an internal, private, note we recommend setting Hide from user = Yes.",
    "recommend",
    ("Hide from user: Yes",),
)
R13_DEFAULTS: Final = Said(
    "Company A can send an update back to the MSP in the same way, ensuring 'Supplier' has been "
    "populated in the 'Send to Connected Halo Instance' field.",
    "ensure",
    ("Send to Connected Halo Instance set on the action itself, not only offered as a field",),
)
R13_MAPPED: Final = Said(
    "Now, you will need to map this action to an action in the MSP's instance (we recommend an "
    "internal note action).",
    "need",
    ("an Action Mapping (or the default action) in the supplier's instance",),
)
R13_INTERNAL: Final = Said(
    "Now, you will need to map this action to an action in the MSP's instance (we recommend an "
    "internal note action).",
    "recommend",
    ("the target hidden from the user (an internal note)",),
)
R14_RECIPE: Final = Said(
    "This action will need to be created in the suppliers (MSP's) instance:",
    "need",
    (
        "System use: No system use",
        "Send an email: No",
        "Send to Connected Halo Instance: Yes (Customer)",
    ),
)
R14_FIELDS: Final = Said(
    "Field list must contain 'Send to connected instance' field, and any rich text field such as "
    "'Note'",
    "must",
    ("Field list: Note", "Field list: Send to Connected Halo Instance"),
)
R14_VISIBLE: Final = Said(
    "For example, if you are completing a private note action, the action that is completed in "
    "the supplier's (MSP) instance must be set to be visible to users.",
    "must",
    ("Hide from user: No",),
)
R14_DEFAULTS: Final = Said(
    "When completing this action enter the information/query you would like to send to the end "
    "user in the note field of the action and ensure to set ' 'Send to Connected Halo Instance' "
    "as Customer.",
    "ensure",
    ("Send to Connected Halo Instance set on the action itself, not only offered as a field",),
)
R14_MAPPED: Final = Said(
    "Now, you will need to map this action to an action that sends an email from the company's "
    "instance.",
    "need",
    ("an Action Mapping to an action that sends an e-mail",),
)
R14_API_EMAIL: Final = Said(
    "The email action you choose must have the setting 'Send an email when this action is "
    "created using the Supplier/Organisation API connection' enabled against it.",
    "must",
    ("Send an email when this action is created using the Supplier/Organisation API connection",),
)
R14_WORKFLOWS: Final = Said(
    "Once this action is created ensure it is added to the relevant workflows.",
    "ensure",
    ("the synced action allowed on the ticket types of synced tickets",),
)
R15_RECIPE: Final = Said(
    "To prevent the end user of the ticket being sent two closure conformation emails you will "
    "need to create a new action to close the ticket, this action will need to be created in the "
    "MSP's instance.",
    "need",
    (
        "System use: No system use",
        "Status after action: Closed/Resolved",
        "Send an email: No",
        "Send to Connected Halo Instance: Yes (Customer)",
    ),
)
R15_DEFAULTS: Final = Said(
    "If you have the 'Send to Connected Halo Instance' field on the action, this should default "
    "to 'Customer', if this has defaulted correctly, the action will be sent to the connected "
    "instance.",
    "should",
    ("Send to Connected Halo Instance set on the action itself, not only offered as a field",),
)
R15_MAPPED: Final = Said(
    "Once created you will need to map this action to the resolve/close action in customer A's "
    "instance.",
    "need",
    ("an Action Mapping to an action that closes the ticket",),
)
R15_BOTH_WAYS: Final = Said(
    "Map these actions in the MSP's instance too.",
    "instruction",
    ("a closing action of the customer mapped to a closing action of the supplier",),
)
R16_SET_IT: Final = Said(
    "Set this to 'Yes' in the instance you would like to send attachments from.",
    "instruction",
    ("Outbound settings > Sync attachments, where attachments are sent",),
)
R16_WHAT_IT_DOES: Final = Said(
    "As this is an outbound settings this determines if attachments sent out from this instance "
    "will be synced to the linked instance.",
    "guidance",
    ("Outbound settings > Sync attachments",),
)
R17_PROMPT: Final = Said(
    "Update the prompt to tell it to return only HTML with no markdown. Alternatively, disable AI "
    "improvements for the action.",
    "instruction",
    ("the AI prompt of every synced action and of every e-mail action a synced one arrives as",),
)
R18_BLANK: Final = Said(
    "The 'Supplier Ref' field MUST be left blank in order for the ticket to be synced across.",
    # The must is about what the agent types when sending, which no configuration shows; the
    # check can only point at a field list that offers it: product.md has it "shown as guidance".
    "guidance",
    ("Supplier Ref on the field list of a log-to-supplier action",),
)


# ---- R1-R4: connecting instances -------------------------------------------------------------


@_rule("R1", "Suppliers module on in both instances", SECTION_CONNECTING, (R1_MODULE,))
def _suppliers_module(context: Context) -> Iterator[Draft]:
    """R1. "you will need to first, ensure that the suppliers module is enabled in both Halo
    instances" (need → error): the Suppliers module, in each instance."""
    for side in Side:
        config = context.config(side)
        rows = [
            r
            for r in config.list("Features")
            if str(r.get("module_name") or "") == C.SUPPLIERS_MODULE_NAME
        ]
        if not rows:
            yield _said(
                R1_MODULE,
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
            yield _said(
                R1_MODULE,
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
    (R2_SUPPLIER,),
)
def _profile_roles(context: Context) -> Iterator[Draft]:
    """R2. "The instance that tickets are being sent to must be the 'supplier'" (must → error):
    a supplier record in the sender, a customer profile in the receiver, neither reversed."""
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
        yield _said(R2_SUPPLIER, side, wanted, message, fix, locator=Locator.profile(side, None))
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
            yield _said(
                R2_SUPPLIER,
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


_DEFAULT_PORTS: Final = {"https": 443, "http": 80}


def _canonical(url: Any) -> str:
    """An address as Halo treats it: scheme and host in any case, the default port or none, the
    path without a trailing slash (Halo's paths are case-insensitive too: halo-api.md)."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text.rstrip("/").casefold()
    if not parts.scheme or not parts.hostname:
        return text.rstrip("/").casefold()
    scheme = parts.scheme.casefold()
    shown_port = "" if port is None or port == _DEFAULT_PORTS.get(scheme) else f":{port}"
    path = parts.path.rstrip("/").casefold()
    return f"{scheme}://{parts.hostname.casefold()}{shown_port}{path}"


R3_FIELDS: Final = (
    (C.PROFILE_REMOTE_API_URL, "Resource Server (API URL)"),
    (C.PROFILE_REMOTE_AUTH_URL, "Authorisation Server"),
    (C.PROFILE_REMOTE_CLIENT_ID, "Client ID"),
)


@_rule(
    "R3",
    "API access on for both profiles, each holding the other's credentials",
    SECTION_CONNECTING,
    (R3_DETAILS, R3_AUTHENTICATE),
)
def _credentials(context: Context) -> Iterator[Draft]:
    """R3. "Each need to allow API access then have the authentication details from the other
    instance entered" (need → error): Allow Access, and each of Client ID, Resource Server,
    Authorisation Server and Tenant compared with the other instance's own value; then
    'Authenticate connection' (troubleshooting: the credentials are incorrect → error)."""
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
            yield _said(
                R3_DETAILS,
                side,
                name,
                f"API access is off on '{name}': {other.name} cannot call {context.name(side)} "
                "with the credentials this profile issues.",
                context.profile_path(side, "Allow Access: Yes"),
                locator=locator,
            )
        copy_fix = context.profile_path(
            side,
            f"Access to the other Halo's API: enter the Client ID, Client Secret, Resource "
            f"Server, Authorisation Server and Tenant shown on {other_label}, then "
            "'Authenticate connection'",
        )
        held = {key: str(record.get(key) or "").strip() for key, _label in R3_FIELDS}
        missing = [label for key, label in R3_FIELDS if not held[key]]
        if missing:
            yield _said(
                R3_DETAILS,
                side,
                name,
                f"'{name}' holds no {', no '.join(missing)} of {other.name}: "
                f"{context.name(side)} cannot call {other.name}.",
                copy_fix,
                locator=locator,
            )
        # Every value held is compared with the other instance's own, each on its own.
        issued = (
            str(other_match.record.get(C.PROFILE_ISSUED_CLIENT_ID) or "").strip()
            if other_match.record is not None
            else ""
        )
        client_id = held[C.PROFILE_REMOTE_CLIENT_ID]
        if issued and client_id and client_id.casefold() != issued.casefold():
            yield _said(
                R3_DETAILS,
                side,
                name,
                f"The Client ID on '{name}' is {client_id}, but {other_label} issued {issued}: "
                f"calls to {other.name} fail with 'BadRequest - This functionality is not "
                "supported'.",
                context.profile_path(side, f"Client ID: {issued}") + "; then the Client Secret "
                f"{other_label} issued, and 'Authenticate connection'",
                locator=locator,
            )
        tenant = str(record.get(C.PROFILE_REMOTE_TENANT) or "").strip()
        own_tenant = other.tenant.strip()
        if own_tenant and tenant.casefold() != own_tenant.casefold():
            yield _said(
                R3_DETAILS,
                side,
                name,
                f"The Tenant on '{name}' is '{tenant or '(empty)'}', but {other.name}'s own "
                f"tenant is '{own_tenant}' (its /api/instanceinfo page shows it as tenant_id).",
                context.profile_path(side, f"Tenant: {own_tenant}"),
                locator=locator,
            )
        yield from _addresses(context, side, name, record)
        validated = record.get(C.PROFILE_VALIDATED)
        if validated is None:
            yield _said(
                R3_AUTHENTICATE,
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
            yield _said(
                R3_AUTHENTICATE,
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
    context: Context, side: Side, name: str, record: Mapping[str, Any]
) -> Iterator[Draft]:
    """The addresses a profile holds against the other instance's own (where the check learned
    them: live, the plan or InstanceInfo), else against the shape Halo's API Details shows."""
    other = context.config(side.other)
    source = context.own_values_source(side.other)
    for key, label, known, tail in (
        (C.PROFILE_REMOTE_API_URL, "Resource Server", other.api_url, "/api"),
        (C.PROFILE_REMOTE_AUTH_URL, "Authorisation Server", other.auth_url, "/auth"),
    ):
        held = str(record.get(key) or "").strip()
        if not held:
            continue  # R3 reports it missing
        locator = Locator.profile(side, as_int(record.get("id")))
        if known and _canonical(held) != _canonical(known):
            base = _canonical(known).removesuffix(tail)
            why = f" (the base address: '{tail}' is missing)" if _canonical(held) == base else ""
            yield _said(
                R3_DETAILS,
                side,
                name,
                f"The {label} on '{name}' is {held}{why}, but {other.name}'s own is {known} "
                f"({source}).",
                context.profile_path(side, f"{label}: {known}"),
                locator=locator,
            )
        elif not known and not _canonical(held).endswith(tail):
            yield _said(
                R3_DETAILS,
                side,
                name,
                f"The {label} on '{name}' is {held}, which does not end in '{tail}' as "
                f"{other.name}'s API Details screen shows it.",
                context.profile_path(
                    side, f"{label}: the address shown in {other.name}'s API Details"
                ),
                locator=locator,
            )


@_rule(
    "R4",
    "The sending side's agents are end users under the customer profile",
    SECTION_CONNECTING,
    (R4_END_USERS, R4_ONE_CUSTOMER),
)
def _agents_as_users(context: Context) -> Iterator[Draft]:
    """R4. "The Customer profile ... will need to have the agents in Customer A's instance added
    as end users" (need → error): every active agent, by e-mail, under the customer profile;
    "the correct customer should be matched automatically provided the agent ... is a user
    under this customer" (should → warning): no second end user under another customer."""
    match = context.profile_in(Side.SUPPLIER)
    if match.record is None:
        return
    customer, supplier = context.config(Side.CUSTOMER), context.config(Side.SUPPLIER)
    profile = match.name
    locator = Locator("users", Side.SUPPLIER, match.record_id)
    if not customer.has("Agent") or not supplier.has("Users"):
        yield _said(
            R4_END_USERS,
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
        lambda w: _said(
            R4_END_USERS,
            Side.SUPPLIER,
            w[0],
            f"{w[0]} ({w[1]}) is an end user under '{w[2]}' in {supplier.name}, not under "
            f"'{profile}': a ticket {w[0]} sends is logged under the wrong customer, and "
            f"updates on it never reach {customer.name}.",
            f"{add_user}: {w[0]}, {w[1]} (or move the user from '{w[2]}' to '{profile}')",
            locator=locator,
        ),
        lambda ws: _said(
            R4_END_USERS,
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
        lambda m: _said(
            R4_END_USERS,
            Side.SUPPLIER,
            m[0],
            f"{m[0]} ({m[1]}) is not an end user under '{profile}' in {supplier.name}: a "
            f"ticket {m[0]} sends is not matched to '{profile}', and updates cannot sync back.",
            f"{add_user}: {m[0]}, {m[1]}",
            locator=locator,
        ),
        lambda ms: _said(
            R4_END_USERS,
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
        lambda d: _said(
            R4_ONE_CUSTOMER,
            Side.SUPPLIER,
            d[0],
            f"{d[0]} ({d[1]}) is an end user under '{profile}' and also under '{d[2]}' in "
            f"{supplier.name}: a ticket may be matched to the other customer.",
            f"Customers > {d[2]} > Users > {d[0]}: remove or deactivate the duplicate",
            locator=locator,
        ),
        lambda ds: _said(
            R4_ONE_CUSTOMER,
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


@_rule(
    "R5",
    "Status, action and ticket type mappings, each with a default",
    SECTION_MAPPINGS,
    (R5_CONFIGURED, R5_DEFAULT_STATUS, R5_DEFAULT_ACTION, R5_DEFAULT_TYPE, R5_ARRIVES_AS_DEFAULT),
)
def _defaults(context: Context) -> Iterator[Draft]:
    """R5. "Each customer/supplier profile will need to have the inbound settings configured"
    (need → error): status, action and (customer profile) ticket type mappings; "You will also
    need to set a default status" (need → error); an unmapped action without a default: "Sync
    will not occur" (error); the default ticket type: "you only need to configure inbound ticket
    type mappings against the customer profile" (need → error); actions arriving as the default:
    guidance (note)."""
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
            yield _said(
                R5_CONFIGURED,
                receiver,
                profile,
                f"'{profile}' maps no status (Status Mappings is empty): when {sender} changes a "
                f"ticket's status, the ticket in {here} keeps its own.",
                context.mapping_path(receiver, "Status Mappings: map each status"),
                locator=locator,
            )
        if not mappings.default_status:
            yield _said(
                R5_DEFAULT_STATUS,
                receiver,
                profile,
                f"'{profile}' has no default status (Default Status is empty): a ticket from "
                f"{sender} whose status is not mapped gets no defined status.",
                context.mapping_path(
                    receiver, "Default Status: a status, or 'Action/Ticket Type Default'"
                ),
                locator=locator,
            )
        unmapped = [f for f in context.flows(receiver) if f.via != "mapping"]
        if not mappings.default_action:
            names = _names(action_name(f.source) for f in unmapped)
            yield _said(
                R5_DEFAULT_ACTION,
                receiver,
                profile,
                f"'{profile}' has no default action (Default Action is empty): an action from "
                f"{sender} that is not mapped does not arrive, and nobody sees an error"
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
            yield _said(
                R5_ARRIVES_AS_DEFAULT,
                receiver,
                profile,
                f"{len(unmapped)} action(s) that {sender} sends have no mapping in '{profile}' "
                f"and arrive as the default action '{default}': "
                f"{_names(action_name(f.source) for f in unmapped)}.",
                context.mapping_path(receiver, "Action Mappings: map them if they mean more"),
                locator=locator,
            )
        if not mappings.mapped_count(MappingKind.ACTION):
            yield _said(
                R5_CONFIGURED,
                receiver,
                profile,
                f"'{profile}' maps no action (Action Mappings is empty): every action {sender} "
                "sends arrives as the default action, if there is one.",
                context.mapping_path(receiver, "Action Mappings: map each synced action"),
                locator=locator,
            )
        if receiver is Side.SUPPLIER:
            if not mappings.mapped_count(MappingKind.TICKET_TYPE):
                yield _said(
                    R5_CONFIGURED,
                    receiver,
                    profile,
                    f"'{profile}' maps no ticket type (Ticket Type Mappings is empty): every "
                    f"ticket from {sender} is logged as the default type, if there is one.",
                    context.mapping_path(receiver, "Ticket Type Mappings: map each ticket type"),
                    locator=locator,
                )
            if not mappings.default_ticket_type:
                yield _said(
                    R5_DEFAULT_TYPE,
                    receiver,
                    profile,
                    f"'{profile}' has no default ticket type (Default Ticket Type is empty): a "
                    f"ticket from {sender} whose type is not mapped has no type to be logged as.",
                    context.mapping_path(receiver, "Default Ticket Type: e.g. 'Incident'"),
                    locator=locator,
                )


@_rule(
    "R6",
    "The default action is generic, hidden from the user and allowed",
    SECTION_MAPPINGS,
    (R6_GENERIC, R6_WORKFLOW),
)
def _default_action(context: Context) -> Iterator[Draft]:
    """R6. "We recommend setting this to be a generic action that is hidden from the user"
    (recommend → warning): Hide from user, System use, Send an email; "this action still needs
    to be available on the ticket workflow" (need → error): every ticket type of synced
    tickets."""
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
            yield _said(
                R6_GENERIC,
                receiver,
                name,
                f"The default action '{name}' is visible to end users (Hide from user: No): "
                f"every unmapped action from {sender} would show on the end user's ticket.",
                _action_path(name, "Hide from user", "Yes")
                + " (or choose a hidden generic action as the default)",
                locator=locator,
            )
        if system_use(action) != C.SYSTEMID_NONE:
            yield _said(
                R6_GENERIC,
                receiver,
                name,
                f"The default action '{name}' has the system use "
                f"'{system_use_name(system_use(action))}': unmapped actions from {sender} would "
                "trigger it.",
                context.mapping_path(receiver, "Default Action: a generic note action"),
                locator=locator,
            )
        if sends_email(action):
            yield _said(
                R6_GENERIC,
                receiver,
                name,
                f"The default action '{name}' sends an e-mail (Send an email: Yes): every "
                f"unmapped action from {sender} would e-mail the end user (and an unmapped e-mail "
                "action times out).",
                context.mapping_path(
                    receiver,
                    f"Default Action: an action that sends no e-mail, such as "
                    f"'{_note_action_name(context, receiver)}'",
                ),
                locator=locator,
            )
        yield from _workflow_drafts(
            context,
            receiver,
            mappings.default_action,
            "'" + name + "' (the default action)",
            R6_WORKFLOW,
        )


@_rule(
    "R7",
    "Field mappings join fields of the same type that ticket sync can map",
    SECTION_MAPPINGS,
    (R7_SAME_TYPE, R7_WHICH_FIELDS, R7_SUMMARY),
)
def _fields(context: Context) -> Iterator[Draft]:
    """R7. "Only fields of the same type can be mapped together" (cannot → error); "only custom
    fields, the summary, start date and target fields can be mapped" (can only → error); "If you
    would like the summary ... to be the same ensure you map the summary fields together"
    (guidance → note)."""
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
                yield _said(
                    R7_WHICH_FIELDS,
                    receiver,
                    label,
                    f"{_names(unmappable)} cannot be synced: only custom fields, the summary, "
                    "the start date and the target date can be mapped.",
                    fix,
                    locator=locator,
                )
                continue
            if remote.type != local.type:
                yield _said(
                    R7_SAME_TYPE,
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
                yield _said(
                    R7_SUMMARY,
                    receiver,
                    label,
                    "The summary is mapped to another field: the two tickets' summaries differ "
                    "unless the summary is mapped to the summary.",
                    fix,
                    locator=locator,
                )
        if not summary_ok:
            yield _said(
                R7_SUMMARY,
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


@_rule(
    "R8",
    "Never map an e-mail action to an e-mail action",
    SECTION_MAPPINGS,
    (R8_TIMES_OUT, R8_SHOULD_NOT),
)
def _email_to_email(context: Context) -> Iterator[Draft]:
    """R8. "the action will not be able to sync between instances as it times out" (times out →
    error) for a synced pair; "You should not map two email actions together" (should not →
    warning) for a mapping of two e-mail actions that does not sync today."""
    for receiver in Side:
        note = _note_action_name(context, receiver)
        wanted = f"an action that sends no e-mail, such as '{note}'"
        for flow in context.flows(receiver):
            if flow.target is None or not (sends_email(flow.source) and sends_email(flow.target)):
                continue
            yield _said(
                R8_TIMES_OUT,
                receiver,
                flow.label,
                f"'{action_name(flow.source)}' sends an e-mail in {context.name(flow.sender)} and "
                f"arrives as '{action_name(flow.target)}', which sends one too (Send an email: "
                "Yes on both): the same e-mail is sent from both instances and the sync times "
                "out.",
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
            yield _said(
                R8_SHOULD_NOT,
                receiver,
                context.profile_label(receiver),
                f"{len(dormant)} mapping(s) join two e-mail actions ({_names(pairs)}). None of "
                f"them syncs today (the actions are not sent to {context.name(receiver)}), but "
                "each would time out if it did.",
                context.mapping_path(receiver, f"Action Mappings: re-map them to {wanted}"),
                locator=Locator.profile(receiver, context.profile_in(receiver).record_id),
                details=tuple(pairs),
            )


@_rule(
    "R9",
    "A mapped action must not send to the connected instance itself",
    SECTION_ACTIONS,
    (R9_LOOP,),
)
def _bounce(context: Context) -> Iterator[Draft]:
    """R9. "The action this one is mapped to should not be set to send to a connected Halo
    instance ... otherwise a 'loop' of syncs can occur" (should not → warning): Send to
    Connected Halo Instance of each action a synced action arrives as. A loop that does close
    is X1's error."""
    for receiver in Side:
        for flow in context.flows(receiver):
            if flow.target is None or not context.sends_back(receiver, flow.target):
                continue
            target = action_name(flow.target)
            yield _said(
                R9_LOOP,
                receiver,
                flow.label,
                f"'{action_name(flow.source)}' from {context.name(flow.sender)} arrives as "
                f"'{target}', which is itself sent to the connected instance ("
                f"{SEND_TO_HALO_LABEL}: {sync_party(flow.target, context.sync_answer(receiver))}"
                f"): it goes straight back to {context.name(flow.sender)} (a loop of syncs can "
                "occur).",
                _action_path(target, SEND_TO_HALO_LABEL, "No")
                + f" (or re-map it: {_remap_fix(context, flow, 'an internal note')})",
                locator=_flow_locator(flow),
            )


def _workflow_drafts(
    context: Context, receiver: Side, target_id: int, what: str, said: Said
) -> Iterator[Draft]:
    """An action the ticket types of synced tickets must allow: those whose workflow refuses it,
    and those whose workflow cannot be read (a check by hand)."""
    target = context.action(receiver, target_id)
    name = action_name(target, target_id)
    refused, unknown = context.not_allowed_on(receiver, target_id)
    locator = Locator.action(receiver, target_id)
    if refused:
        flows_text = _names(context.workflow_name(receiver, t) for t in refused)
        types_text = _names(str(t.get("name")) for t in refused)
        first = context.workflow_name(receiver, refused[0])
        yield _said(
            said,
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
                f"{t.get('name')}: workflow {context.workflow_name(receiver, t)}" for t in refused
            ),
        )
    if unknown:
        yield _said(
            said,
            receiver,
            name,
            f"The workflows of {_names(str(t.get('name')) for t in unknown)} cannot be "
            f"read, so the check cannot see whether they allow {what}.",
            f"Configuration > Tickets > Workflows: check that each allows '{name}'; then "
            "confirm it here",
            manual=True,
            locator=locator,
        )


@_rule(
    "R10",
    "A mapped action is allowed by the target ticket's workflow",
    SECTION_MAPPINGS,
    (R10_WORKFLOW,),
)
def _workflow_allows(context: Context) -> Iterator[Draft]:
    """R10. "if a mapped action is not present/allowed by the ticket's workflow the action will
    not be able to be added to the ticket" (will not be able to → error): every mapped target,
    on every ticket type of synced tickets (the default action is R6's)."""
    for receiver in Side:
        targets: dict[int, list[Flow]] = defaultdict(list)
        for flow in context.flows(receiver):
            if flow.via == "mapping" and flow.target is not None and flow.target_id is not None:
                targets[flow.target_id].append(flow)
        for target_id, flows in targets.items():
            name = action_name(context.action(receiver, target_id), target_id)
            sources = _names(action_name(f.source) for f in flows)
            yield from _workflow_drafts(
                context, receiver, target_id, f"'{name}' (for {sources})", R10_WORKFLOW
            )


# ---- R11-R18: action configuration -------------------------------------------------------------


LOG_FIELDS: Final = frozenset(
    {C.ACTION_FIELD_SUPPLIER, C.ACTION_FIELD_NOTE, C.ACTION_FIELD_SEND_TO_HALO}
)


@_rule(
    "R11",
    "A log-to-supplier action: Log to supplier, Send an email Yes, fields Supplier, Note",
    SECTION_ACTIONS,
    (R11_RECIPE, R11_SEND_EMAIL, R11_SUPPLIER_FIELD, R11_NOTE_FIELD, R11_OWN_COPY),
)
def _log_to_supplier(context: Context) -> Iterator[Draft]:
    """R11. "An action with the following configuration will need to be configured to send a
    ticket" (need → error): System use Log to supplier, an action agents can pick, allowed by a
    workflow; "must be configured to do so" (must → error): Send an email Yes; "Field list must
    contain the field - 'Supplier'" (must → error); "'Note' field is recommended" and "we
    recommend creating a new one" (recommend → warning)."""
    side = Side.CUSTOMER
    supplier = context.name(Side.SUPPLIER)
    customer = context.name(side)
    by_use = [a for a in context.actions(side).values() if logs_to_supplier(a)]
    recipe = (
        "System use: Log to supplier, Send an email: Yes, fields Supplier and Note (clone "
        "'Log to supplier', rename it, keep only Note and Supplier)"
    )
    if not by_use:
        yield _said(
            R11_RECIPE,
            side,
            "Log to supplier",
            f"No action in {customer} has the system use 'Log to supplier': tickets cannot be "
            f"sent to {supplier}.",
            f"Configuration > Tickets > Actions > New: {recipe}",
            locator=Locator.action(side, None),
        )
        return
    valid = context.log_actions
    pickable = [a for a in valid if not hidden_from_agents(a)]
    for action in by_use:
        name = action_name(action)
        locator = Locator.action(side, as_int(action.get("id")))
        if hidden_from_agents(action):
            if not pickable:
                yield _said(
                    R11_RECIPE,
                    side,
                    name,
                    f"'{name}' logs to a supplier but is hidden from agents' action lists "
                    f"(Hidden: Yes): no agent can pick it to send a ticket to {supplier}.",
                    _action_path(name, "Hidden", "No"),
                    locator=locator,
                )
            continue  # a retired copy: agents use another
        if not sends_email(action):
            yield _said(
                R11_SEND_EMAIL,
                side,
                name,
                f"'{name}' logs to a supplier, but Send an email is No: it cannot send a ticket "
                f"to {supplier} (it must be set to send an e-mail, though no e-mail is sent).",
                _action_path(name, "Send an email", "Yes"),
                locator=locator,
            )
        if C.ACTION_FIELD_SUPPLIER not in field_names(action):
            yield _said(
                R11_SUPPLIER_FIELD,
                side,
                name,
                f"'{name}' logs to a supplier, but its field list has no Supplier field: it "
                f"cannot send a ticket to {supplier} (the agent chooses the instance there).",
                _action_path(name, "Field list", "add 'Supplier'"),
                locator=locator,
            )
    if not pickable:
        return
    everywhere = context.ticket_types(side)
    usable = [
        a
        for a in pickable
        if any(context.allowed(side, t, as_int(a.get("id")) or 0) is not False for t in everywhere)
    ]
    if not usable:
        name = action_name(pickable[0])
        yield _said(
            R11_RECIPE,
            side,
            name,
            f"'{name}' is not allowed by any workflow of {customer}: no agent can use it to send "
            f"a ticket to {supplier}.",
            f"Configuration > Tickets > Workflows: add '{name}' to the workflows of the ticket "
            "types that may be escalated",
            locator=Locator.action(side, as_int(pickable[0].get("id"))),
        )
    for action in pickable:
        if C.ACTION_FIELD_NOTE not in field_names(action):
            name = action_name(action)
            yield _said(
                R11_NOTE_FIELD,
                side,
                name,
                f"'{name}' has no Note field: the ticket reaches {supplier} without the agent's "
                "note (seed 001 recommends the Note field).",
                _action_path(name, "Field list", "add 'Note'"),
                locator=Locator.action(side, as_int(action.get("id"))),
            )
    if not any(field_names(a) <= LOG_FIELDS for a in pickable):
        name = action_name(pickable[0])
        yield _said(
            R11_OWN_COPY,
            side,
            name,
            f"Agents send tickets to {supplier} with '{name}', which has more fields than "
            "Supplier and Note. Seed 001 recommends a dedicated copy with only those two, named "
            "for the connection, so technicians are not confused.",
            f"Configuration > Tickets > Actions > {name} > Clone: rename it (e.g. 'Escalate to "
            f"{supplier}'), keep only Note and Supplier; add it to the same workflows",
            locator=Locator.action(side, as_int(pickable[0].get("id"))),
        )


# ---- the role actions of R12-R15 ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Role:
    """One synced role of seed 001 on one side: the note, the indirect e-mail, the close."""

    key: str  # context.role_of's word
    sender: Side
    title: str  # "private notes to Northwind MSP"
    recipe: Said
    defaults: Said
    names: tuple[str, ...]  # what the guide and the wizard call such an action
    recipe_text: str  # the settings the action needs, in the admin's words


def _setting_value(context: Context, side: Side, action: Mapping[str, Any]) -> str:
    return sync_party(action, context.sync_answer(side))


def _disqualifiers(context: Context, role: _Role, action: Record) -> list[str]:
    """Why an action of the sender does not do the role: each setting at fault with its value
    (an empty list when it would do it)."""
    side, other = role.sender, role.sender.other
    model = context.model(side)
    reasons: list[str] = []
    closes = context.closes(side, action)
    if role.key == "close" and not closes:
        reasons.append("it does not close the ticket (Status after action: not Closed)")
    if role.key != "close" and closes:
        return []  # a closing action: R15's, not a note or an e-mail
    if sends_email(action):
        reasons.append("it sends an e-mail itself (Send an email: Yes)")
    if not model.may_sync(action):
        reasons.append(
            f"it is not sent to {context.name(other)} ({SEND_TO_HALO_LABEL}: "
            f"{_setting_value(context, side, action)}, and the field is not on its field list)"
        )
    if side is Side.SUPPLIER and is_hidden(action):
        reasons.append("it is hidden from the user (Hide from user: Yes), so it does not sync")
    action_id = as_int(action.get("id"))
    target_id, _via = context.target_of(other, action_id or 0)
    target = context.action(other, target_id)
    there = context.name(other)
    if target_id is None:
        reasons.append(f"it arrives nowhere in {there} (no Action Mapping and no default action)")
    elif target is not None and role.key == "note" and sends_email(target):
        reasons.append(
            f"it arrives in {there} as '{action_name(target)}', which sends an e-mail "
            "(Send an email: Yes)"
        )
    elif target is not None and role.key == "indirect email" and not sends_email(target):
        reasons.append(
            f"it arrives in {there} as '{action_name(target)}', which sends no e-mail "
            "(Send an email: No)"
        )
    return reasons


def _relays_email(context: Context, side: Side, action: Record) -> bool:
    """Whether an action sends no e-mail itself but arrives as one that does (R14's role)."""
    target_id, _via = context.target_of(side.other, as_int(action.get("id")) or 0)
    target = context.action(side.other, target_id)
    return not sends_email(action) and target is not None and sends_email(target)


def _near_misses(context: Context, role: _Role, flows: Sequence[Flow]) -> list[tuple[Record, str]]:
    """The sender's actions that look meant for the role but do not do it, each with the
    settings at fault; for the e-mail role only those named for it or mapped to an e-mail
    action (other synced actions are notes, not failed e-mails)."""
    doing = {f.source_id for f in flows}
    out: list[tuple[Record, str]] = []
    for action in context.role_candidates(role.sender, role.names):
        if (as_int(action.get("id")) or 0) in doing:
            continue
        name = action_name(action).casefold()
        named = name in {n.strip().casefold() for n in role.names}
        if role.key == "indirect email" and not (
            "indirect" in name or "email" in name or "e-mail" in name
        ):
            continue
        if role.key == "note" and not named and _relays_email(context, role.sender, action):
            continue  # an indirect e-mail (R14's), not a failed note
        if role.key == "close" and not (
            context.closes(role.sender, action) or "resolve" in name or "close" in name
        ):
            continue
        reasons = _disqualifiers(context, role, action)
        if reasons:
            out.append((action, "; ".join(reasons)))
    return out


def _role_missing(
    context: Context, role: _Role, flows: Sequence[Flow], generic: Draft
) -> Iterator[Draft]:
    """No action does the role: name the actions that were meant to and the settings at fault,
    else say what the action needs (the generic finding)."""
    misses = _near_misses(context, role, flows)
    side = role.sender
    if not misses:
        yield generic
        return
    yield from _grouped(
        misses,
        lambda m: _said(
            role.recipe,
            side,
            action_name(m[0]),
            f"No action of {context.name(side)} sends {role.title}: '{action_name(m[0])}' "
            f"cannot, because {m[1]}.",
            f"Configuration > Tickets > Actions > {action_name(m[0])}: {role.recipe_text}",
            locator=Locator.action(side, as_int(m[0].get("id"))),
        ),
        lambda ms: _said(
            role.recipe,
            side,
            f"{len(ms)} actions",
            f"No action of {context.name(side)} sends {role.title}: "
            f"{_names(action_name(m[0]) for m in ms)} cannot (see each for the settings at "
            "fault).",
            generic.fix,
            details=tuple(f"{action_name(m[0])}: {m[1]}" for m in ms),
        ),
    )


def _chosen_drafts(context: Context, role: _Role, flows: Sequence[Flow]) -> Iterator[Draft]:
    """A role action sent only when the agent picks the instance in its field each time."""
    party = unknowns.party_toward(role.sender)
    for flow in flows:
        name = action_name(flow.source)
        yield _said(
            role.defaults,
            role.sender,
            name,
            f"'{name}' sends {role.title} only when the agent picks {party} in its "
            f"'{SEND_TO_HALO_LABEL}' field ({SEND_TO_HALO_LABEL}: "
            f"{_setting_value(context, role.sender, flow.source)} on the action): it should "
            f"default to {party}.",
            _action_path(name, SEND_TO_HALO_LABEL, party),
            locator=Locator.action(role.sender, flow.source_id),
        )


def _system_use_drafts(context: Context, role: _Role, flow: Flow) -> Iterator[Draft]:
    """The role's recipe says System use None: an action with one triggers it when used."""
    if system_use(flow.source) != C.SYSTEMID_NONE:
        name = action_name(flow.source)
        yield _said(
            role.recipe,
            role.sender,
            name,
            f"'{name}' sends {role.title} but has the system use "
            f"'{system_use_name(system_use(flow.source))}' (System use must be None).",
            _action_path(name, "System use", "None"),
            locator=Locator.action(role.sender, flow.source_id),
        )


def _arrives_nowhere(context: Context, flow: Flow, said: Said, wanted: str) -> Iterator[Draft]:
    """A role action with no mapping and no default in the receiver: it does not arrive."""
    if flow.target_id is None:
        name = action_name(flow.source)
        yield _said(
            said,
            flow.receiver,
            name,
            f"'{name}' from {context.name(flow.sender)} has no Action Mapping in "
            f"{context.name(flow.receiver)} and there is no default action: it does not arrive.",
            _remap_fix(context, flow, wanted),
            locator=_flow_locator(flow),
        )


def _usable(context: Context, side: Side, action: Record, what: str, said: Said) -> Iterator[Draft]:
    """The role action must be allowed where the synced tickets are (seed: add to workflows)."""
    action_id = as_int(action.get("id")) or 0
    refused, _unknown = context.not_allowed_on(side, action_id)
    if refused:
        name = action_name(action)
        yield _said(
            said,
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
    (R12_RECIPE, R12_VISIBLE, R12_DEFAULTS, R12_MAPPED, R12_INTERNAL, NOTES_IN_WORKFLOWS),
)
def _supplier_note(context: Context) -> Iterator[Draft]:
    """R12. "An action with the following configuration will need to be configured to send an
    update/note from the supplier's (MSP's) instance" (need → error): System use None, Send an
    email No, Hide from user No ("must not be hidden" → error), Send to Connected Halo Instance
    Customer ("should default to 'Customer'" → warning when only offered); "you will need to map
    this action" (need → error), "we recommend an internal note action" (→ warning); "Ensure
    both actions are added to their respective workflows" (ensure → warning)."""
    side = Side.SUPPLIER
    if not context.roles_known(side):
        return  # R2 reports the missing profile; the roles depend on its mappings
    customer = context.name(Side.CUSTOMER)
    role = _Role(
        "note",
        side,
        f"internal updates to {customer}",
        R12_RECIPE,
        R12_DEFAULTS,
        (f"Note to {customer}",),
        f"System use None, Send an email No, Hide from user No, {SEND_TO_HALO_LABEL}: Customer; "
        f"map it in {customer} to an internal note",
    )
    chosen = context.chosen_flows(side, "note")
    notes = [*context.role_flows(side, "note"), *chosen]
    for flow in notes:
        name = action_name(flow.source)
        locator = Locator.action(side, flow.source_id)
        if is_hidden(flow.source):
            yield _said(
                R12_VISIBLE,
                side,
                name,
                f"'{name}' sends to {customer} but is hidden from the user (Hide from user: "
                "Yes): an action of the supplier's instance that is hidden from the user does "
                "not sync, and no error is shown.",
                _action_path(name, "Hide from user", "No"),
                locator=locator,
            )
        yield from _system_use_drafts(context, role, flow)
        yield from _arrives_nowhere(
            context, flow, R12_MAPPED, f"'{_note_action_name(context, Side.CUSTOMER)}'"
        )
        if flow.target is not None and not is_hidden(flow.target):
            yield _said(
                R12_INTERNAL,
                Side.CUSTOMER,
                flow.label,
                f"'{name}' arrives in {customer} as '{action_name(flow.target)}', which end users "
                f"can see (Hide from user: No): internal updates from {context.name(side)} show "
                f"in {customer}'s portal. Seed 001 recommends an internal note.",
                _remap_fix(context, flow, f"'{_note_action_name(context, Side.CUSTOMER)}'"),
                locator=_flow_locator(flow),
            )
        if not is_hidden(flow.source):
            yield from _usable(
                context, side, flow.source, f"notes to {customer}", NOTES_IN_WORKFLOWS
            )
    yield from _chosen_drafts(context, role, [f for f in chosen if not is_hidden(f.source)])
    if not notes:
        yield from _role_missing(
            context,
            role,
            notes,
            _said(
                R12_RECIPE,
                side,
                f"Note to {customer}",
                f"No action of {context.name(side)} sends internal updates to {customer}: it "
                f"needs one with no system use, no e-mail, not hidden from the user, and "
                f"{SEND_TO_HALO_LABEL}: Customer, mapped in {customer} to an internal note.",
                "Configuration > Tickets > Actions > New: System use None, Send an email No, Hide "
                f"from user No, {SEND_TO_HALO_LABEL}: Customer (the wizard can create it)",
                locator=Locator.action(side, None),
            ),
        )


@_rule(
    "R13",
    "The customer's note action: no e-mail, sends to the supplier",
    SECTION_ACTIONS,
    (R13_RECIPE, R13_HIDDEN, R13_DEFAULTS, R13_MAPPED, R13_INTERNAL, NOTES_IN_WORKFLOWS),
)
def _customer_note(context: Context) -> Iterator[Draft]:
    """R13. "An action with the following configuration will need to be configured to send an
    update/note from the company's instance" (need → error): System use None, Send an email No,
    Send to Connected Halo Instance Supplier ("ensuring 'Supplier' has been populated" →
    warning when only offered); "we recommend setting Hide from user = Yes" (→ warning); "you
    will need to map this action" (need → error), "we recommend an internal note action"
    (→ warning); workflows (ensure → warning). When no action qualifies, each action meant for
    it is named with the setting that disqualifies it."""
    side = Side.CUSTOMER
    if not context.roles_known(side):
        return  # R2 reports the missing profile; the roles depend on its mappings
    supplier = context.name(Side.SUPPLIER)
    role = _Role(
        "note",
        side,
        f"private notes to {supplier}",
        R13_RECIPE,
        R13_DEFAULTS,
        (f"Private note to {supplier}",),
        f"System use None, Send an email No, Hide from user Yes, {SEND_TO_HALO_LABEL}: "
        f"Supplier; map it in {supplier} to an internal note",
    )
    chosen = context.chosen_flows(side, "note")
    notes = [*context.role_flows(side, "note"), *chosen]
    for flow in notes:
        name = action_name(flow.source)
        locator = Locator.action(side, flow.source_id)
        if not is_hidden(flow.source):
            yield _said(
                R13_HIDDEN,
                side,
                name,
                f"'{name}' sends private notes to {supplier} but is visible to end users (Hide "
                "from user: No); seed 001 recommends hiding it, as these are internal notes.",
                _action_path(name, "Hide from user", "Yes"),
                locator=locator,
            )
        yield from _system_use_drafts(context, role, flow)
        yield from _arrives_nowhere(
            context, flow, R13_MAPPED, f"'{_note_action_name(context, Side.SUPPLIER)}'"
        )
        if flow.target is not None and not is_hidden(flow.target):
            yield _said(
                R13_INTERNAL,
                Side.SUPPLIER,
                flow.label,
                f"'{name}' arrives in {supplier} as '{action_name(flow.target)}', which end users "
                "can see (Hide from user: No). Seed 001 recommends an internal note.",
                _remap_fix(context, flow, f"'{_note_action_name(context, Side.SUPPLIER)}'"),
                locator=_flow_locator(flow),
            )
        yield from _usable(context, side, flow.source, f"notes to {supplier}", NOTES_IN_WORKFLOWS)
    yield from _chosen_drafts(context, role, chosen)
    if not notes:
        yield from _role_missing(
            context,
            role,
            notes,
            _said(
                R13_RECIPE,
                side,
                f"Private note to {supplier}",
                f"No action of {context.name(side)} sends private notes to {supplier}: it needs "
                f"one with no system use, no e-mail and {SEND_TO_HALO_LABEL}: Supplier (hidden "
                f"from the user recommended), mapped in {supplier} to an internal note.",
                "Configuration > Tickets > Actions > New: System use None, Send an email No, Hide "
                f"from user Yes, {SEND_TO_HALO_LABEL}: Supplier (the wizard can create it)",
                locator=Locator.action(side, None),
            ),
        )


API_EMAIL_SETTING_LABEL: Final = (
    "Send an email when this action is created using the Supplier/Organisation API connection"
)


@_rule(
    "R14",
    "The supplier's indirect e-mail action, mapped to an e-mail action sending via API",
    SECTION_ACTIONS,
    (R14_RECIPE, R14_FIELDS, R14_VISIBLE, R14_DEFAULTS, R14_MAPPED, R14_API_EMAIL, R14_WORKFLOWS),
)
def _indirect_email(context: Context) -> Iterator[Draft]:
    """R14. "This action will need to be created in the suppliers (MSP's) instance" (need →
    error): System use None, Send an email No, Send to Connected Halo Instance Customer ("ensure
    to set ... as Customer" → warning when only offered); "Field list must contain 'Send to
    connected instance' field, and any rich text field such as 'Note'" (must → error); visible
    to users (must → error); "map this action to an action that sends an email" (need → error);
    that action "must have the setting 'Send an email when this action is created using the
    Supplier/Organisation API connection' enabled" (must → error; a check by hand where the API
    does not show it)."""
    side = Side.SUPPLIER
    if not context.roles_known(side):
        return  # R2 reports the missing profile; the roles depend on its mappings
    customer = context.name(Side.CUSTOMER)
    role = _Role(
        "indirect email",
        side,
        f"e-mails to {customer}'s end users through {customer}'s mailbox",
        R14_RECIPE,
        R14_DEFAULTS,
        ("Indirect email to end user",),
        f"System use None, Send an email No, {SEND_TO_HALO_LABEL}: Customer, fields Note and "
        f"{SEND_TO_HALO_LABEL}; map it in {customer} to an action that sends an e-mail",
    )
    chosen = context.chosen_flows(side, "indirect email")
    flows = [*context.role_flows(side, "indirect email"), *chosen]
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
            yield _said(
                R14_FIELDS,
                side,
                name,
                f"'{name}' e-mails {customer}'s end users indirectly but its field list lacks "
                f"{' and '.join(missing)}: the agent cannot write the message or choose to send "
                "it.",
                _action_path(name, "Field list", "add " + " and ".join(f"'{m}'" for m in missing)),
                locator=locator,
            )
        if is_hidden(flow.source):
            yield _said(
                R14_VISIBLE,
                side,
                name,
                f"'{name}' is hidden from the user (Hide from user: Yes): an action of the "
                "supplier's instance that is hidden from the user does not sync.",
                _action_path(name, "Hide from user", "No"),
                locator=locator,
            )
        yield from _system_use_drafts(context, role, flow)
        target = flow.target
        if target is None:
            continue
        target_name = action_name(target)
        target_locator = Locator.action(Side.CUSTOMER, flow.target_id)
        shown_in = context.answer(Side.CUSTOMER, C.API_EMAIL_FIELD)
        api_email = unknowns.api_email_setting(shown_in, target)
        if shown_in is not None and shown_in not in target:
            api_email = None  # a row read without the field: unseen, not off (halo-api.md 0)
        if api_email is None:
            yield _said(
                R14_API_EMAIL,
                Side.CUSTOMER,
                target_name,
                f"'{name}' from {context.name(side)} arrives as '{target_name}', which must send "
                f"its e-mail when created through the API connection ('{API_EMAIL_SETTING_LABEL}'"
                "), or the end user never gets the message; the API does not show that setting.",
                _action_path(target_name, API_EMAIL_SETTING_LABEL, "Yes")
                + "; then confirm it here",
                manual=True,
                locator=target_locator,
            )
        elif not api_email:
            yield _said(
                R14_API_EMAIL,
                Side.CUSTOMER,
                target_name,
                f"'{name}' from {context.name(side)} arrives as '{target_name}', which does not "
                f"send its e-mail when created through the API connection "
                f"('{API_EMAIL_SETTING_LABEL}': No): the end user never gets the message.",
                _action_path(target_name, API_EMAIL_SETTING_LABEL, "Yes"),
                locator=target_locator,
            )
        yield from _usable(context, side, flow.source, "indirect e-mail", R14_WORKFLOWS)
    yield from _chosen_drafts(context, role, [f for f in chosen if not is_hidden(f.source)])
    if not flows:
        yield from _role_missing(
            context,
            role,
            flows,
            _said(
                R14_RECIPE,
                side,
                "Indirect email to end user",
                f"No action of {context.name(side)} e-mails {customer}'s end users through "
                f"{customer}'s mailbox: it needs one with no system use, no e-mail, "
                f"{SEND_TO_HALO_LABEL}: Customer and the Note field, mapped in {customer} to an "
                "action that sends an e-mail (such as 'Email User').",
                "Configuration > Tickets > Actions > New 'Indirect email to end user': System use "
                f"None, Send an email No, {SEND_TO_HALO_LABEL}: Customer, fields Note and "
                f"{SEND_TO_HALO_LABEL} (the wizard can create it)",
                locator=Locator.action(side, None),
            ),
        )


@_rule(
    "R15",
    "A closing action on the supplier side, closing actions mapped both ways",
    SECTION_ACTIONS,
    (R15_RECIPE, R15_DEFAULTS, R15_MAPPED, R15_BOTH_WAYS, R14_WORKFLOWS),
)
def _closing(context: Context) -> Iterator[Draft]:
    """R15. "you will need to create a new action to close the ticket, this action will need to
    be created in the MSP's instance" (need → error): System use None, Status after action
    Closed/Resolved, Send an email No, Send to Connected Halo Instance Customer (only offered →
    warning, as R12); "you will need to map this action to the resolve/close action in customer
    A's instance" (need → error); "Map these actions in the MSP's instance too" (instruction →
    warning)."""
    side = Side.SUPPLIER
    if not context.roles_known(side):
        return  # R2 reports the missing profile; the roles depend on its mappings
    customer, supplier = context.name(Side.CUSTOMER), context.name(side)
    role = _Role(
        "close",
        side,
        f"the ticket's closing to {customer}",
        R15_RECIPE,
        R15_DEFAULTS,
        ("Resolve third party ticket",),
        f"System use None, Status after action Closed, Send an email No, {SEND_TO_HALO_LABEL}: "
        f"Customer; map it in {customer} to the close action",
    )
    chosen = context.chosen_flows(side, "close")
    closing = [*context.role_flows(side, "close"), *chosen]
    for flow in closing:
        name = action_name(flow.source)
        locator = Locator.action(side, flow.source_id)
        if sends_email(flow.source):
            yield _said(
                R15_RECIPE,
                side,
                name,
                f"'{name}' closes the ticket, sends it to {customer} and sends an e-mail (Send an "
                "email: Yes): the end user gets two closure e-mails.",
                _action_path(name, "Send an email", "No"),
                locator=locator,
            )
        yield from _system_use_drafts(context, role, flow)
        yield from _arrives_nowhere(context, flow, R15_MAPPED, f"{customer}'s resolve/close action")
        if flow.target is not None and not context.closes(Side.CUSTOMER, flow.target):
            yield _said(
                R15_MAPPED,
                Side.CUSTOMER,
                flow.label,
                f"'{name}' closes the ticket in {supplier} but arrives in {customer} as "
                f"'{action_name(flow.target)}', which does not close it there (its Status after "
                "action is not a closed status).",
                _remap_fix(context, flow, f"{customer}'s resolve/close action"),
                locator=_flow_locator(flow),
            )
        yield from _usable(context, side, flow.source, "closing", R14_WORKFLOWS)
    yield from _chosen_drafts(context, role, chosen)
    if not closing:
        yield from _role_missing(
            context,
            role,
            closing,
            _said(
                R15_RECIPE,
                side,
                "Resolve third party ticket",
                f"No action of {supplier} closes the ticket without an e-mail and sends it to "
                f"{customer}: closing in {supplier} either leaves {customer}'s ticket open or "
                "sends the end user two closure e-mails.",
                "Configuration > Tickets > Actions > New 'Resolve third party ticket': System use "
                f"None, Status after action Resolved/Closed, Send an email No, "
                f"{SEND_TO_HALO_LABEL}: Customer; map it in {customer} to the close action (the "
                "wizard can create it)",
                locator=Locator.action(side, None),
            ),
        )
    both_ways = any(
        row.remote is not None
        and row.local is not None
        and context.closes(Side.CUSTOMER, row.remote)
        and context.closes(side, row.local)
        for row in context.rows(side, MappingKind.ACTION)
    )
    if context.mappings(side) is not None and not both_ways:
        yield _said(
            R15_BOTH_WAYS,
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
    "R16",
    "Attachments sync only when the sending side's outbound setting is on",
    SECTION_MAPPINGS,
    (R16_SET_IT, R16_WHAT_IT_DOES),
)
def _attachments(context: Context) -> Iterator[Draft]:
    """R16. "Set this to 'Yes' in the instance you would like to send attachments from"
    (instruction → warning) where an attachment action is synced; otherwise what the setting
    does (guidance → note)."""
    for sender in Side:
        match = context.profile_in(sender)
        if match.record is None:
            continue
        other = context.name(sender.other)
        locator = Locator.profile(sender, match.record_id)
        fix = context.profile_path(sender, "Outbound settings > Sync attachments: Yes")
        if C.OUTBOUND_ATTACHMENTS not in match.record:
            yield _said(
                R16_WHAT_IT_DOES,
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
        yield _said(
            R16_SET_IT if attaching else R16_WHAT_IT_DOES,
            sender,
            match.name,
            f"Attachments added to synced actions in {context.name(sender)} do not reach "
            f"{other} (Sync attachments: No)"
            + (f", yet {_names(attaching)} is sent to {other}." if attaching else "."),
            fix + " to send them",
            locator=locator,
        )


@_rule(
    "R17",
    "AI note improvement on a synced action asks for HTML only",
    SECTION_TROUBLESHOOTING,
    (R17_PROMPT,),
)
def _ai(context: Context) -> Iterator[Draft]:
    """R17. Troubleshooting: "Update the prompt to tell it to return only HTML with no markdown.
    Alternatively, disable AI improvements" (instruction → warning): every synced action and
    every e-mail action one arrives as."""
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
            if C.OUTCOME_AI_IMPROVE_NOTE not in action:
                unseen.append(name)
                continue
            if not action.get(C.OUTCOME_AI_IMPROVE_NOTE):
                continue
            prompt = str(action.get("ai_prompt") or "")
            if "html" in prompt.casefold():
                continue
            yield _said(
                R17_PROMPT,
                side,
                name,
                f"'{name}' improves the note with AI without asking for HTML: synced notes and "
                "e-mails can show tags around the rich text or strange formatting.",
                f"Configuration > Tickets > Actions > {name} > AI: end the prompt with 'Return "
                "only HTML, no markdown' (or turn AI improvement off)",
                locator=Locator.action(side, action_id),
            )
        if unseen:
            yield _said(
                R17_PROMPT,
                side,
                f"{len(unseen)} synced actions" if len(unseen) > 1 else unseen[0],
                f"The API does not show the AI settings of {_names(unseen)}.",
                "Configuration > Tickets > Actions > each of them > AI: the prompt must ask "
                "for HTML only; then confirm it here",
                manual=True,
                details=tuple(unseen),
            )


@_rule("R18", "Supplier Ref must be blank when sending a ticket", SECTION_EXAMPLE, (R18_BLANK,))
def _supplier_ref(context: Context) -> Iterator[Draft]:
    """R18. "The 'Supplier Ref' field MUST be left blank in order for the ticket to be synced
    across": what agents type is not configuration, so a field list offering it is guidance
    (note), as product.md has it."""
    side = Side.CUSTOMER
    with_ref = [a for a in context.log_actions if C.ACTION_FIELD_SUPPLIER_REF in field_names(a)]
    supplier = context.name(Side.SUPPLIER)
    yield from _grouped(
        with_ref,
        lambda a: _said(
            R18_BLANK,
            side,
            action_name(a),
            f"'{action_name(a)}' shows the Supplier Ref field: it must be left blank when "
            f"sending a ticket to {supplier}, or sending fails with 'An action must be "
            "associated with a ticket_id'.",
            _action_path(action_name(a), "Field list", "remove 'Supplier Ref'")
            + " (or tell agents to leave it blank)",
            locator=Locator.action(side, as_int(a.get("id"))),
        ),
        lambda many: _said(
            R18_BLANK,
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
