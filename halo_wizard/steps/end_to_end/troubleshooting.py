"""What Halo's guide says about a failed hop (seed 001's troubleshooting table), in our words: the
row an error belongs to, what it means, and where a setting is made in Halo's own screen."""

from __future__ import annotations

from halo_wizard.api.errors import ConnectionLost, HaloError, WriteOutcomeUnknown
from halo_wizard.steps.end_to_end.result import NOT_DEFAULT_YET, Explanation
from halo_wizard.steps.learning import SEND_TO_HALO

TIMEOUT = "timeout"
NO_ACCESS = "not-in-workflow"
SUPPLIER_REF = "supplier-ref"
CREDENTIALS = "credentials"
NOT_SYNCED = "not-synced"
LOOP = "loop"
NOT_EMAILED = "not-emailed"
MISSING_ACTION = "missing-action"
NOT_CLOSED = "not-closed"
WRONG_CUSTOMER = "wrong-customer"
NOT_SET_UP = "not-set-up"
REFUSED = "refused"

ROWS: dict[str, tuple[str, str, str, str]] = {
    # key: (row as the guide names it, what it means, rule, section of the guide)
    TIMEOUT: (
        "Timeout error",
        "Two actions that both send an e-mail are mapped together: both instances try to send "
        "the same e-mail and the request times out.",
        "R8",
        "Troubleshooting",
    ),
    NO_ACCESS: (
        "Failed to update ticket in …'s Instance - BadRequest - You do not have access to this "
        "action at the moment",
        "The action is mapped to an action that the linked ticket's workflow does not allow.",
        "R10",
        "Troubleshooting",
    ),
    SUPPLIER_REF: (
        "Failed to Update ticket in Supplier's Instance- Badrequest - An action must be "
        "associated with a ticket_id",
        "The ticket was sent to the other instance with the 'Supplier Ref' field filled in.",
        "R18",
        "Troubleshooting",
    ),
    CREDENTIALS: (
        "Failed to log to Supplier's Instance - BadRequest - This functionality is not supported",
        "The API access credentials held by the supplier and/or customer profile are wrong.",
        "R3",
        "Troubleshooting",
    ),
    NOT_SYNCED: (
        "No error but action does not sync to linked ticket",
        "A synced action carries the linked instance's URL; this one was not sent, or the other "
        "instance did not add it.",
        "R5",
        "Troubleshooting",
    ),
    LOOP: (
        "A 'loop' of syncs",
        "The action the update arrived as itself sends to the connected instance, so the update "
        "bounces back.",
        "R9",
        "Action Configuration",
    ),
    NOT_EMAILED: (
        "Action to communicate with the end user of the ticket using the Company's Mailbox",
        "The indirect e-mail arrived, but the action it arrived as did not e-mail the end user.",
        "R14",
        "Action Configuration",
    ),
    MISSING_ACTION: (
        "Action Configuration",
        "No action has the settings this hop needs.",
        "R11-R15",
        "Action Configuration",
    ),
    NOT_CLOSED: (
        "Action to Resolve/Close ticket",
        "Closing the ticket on one side must close the linked ticket through mapped closing "
        "actions.",
        "R15",
        "Action Configuration",
    ),
    WRONG_CUSTOMER: (
        "Add Agents to Customer profile",
        "The escalated ticket was not matched to the customer profile, so updates from the "
        "supplier side have no connection to travel on.",
        "R4",
        "Connecting instances",
    ),
    NOT_SET_UP: (
        "Connecting instances",
        "The profiles of both instances must exist, hold each other's credentials and be "
        "authenticated before tickets can be passed.",
        "R2-R3",
        "Connecting instances",
    ),
    REFUSED: (
        "Halo refused the request",
        "Halo answered with an error that the guide does not list.",
        "",
        "",
    ),
}


def explain(key: str, fix: str) -> Explanation:
    row, meaning, rule, source = ROWS[key]
    return Explanation(key=key, row=row, meaning=meaning, fix=fix, rule=rule, source=source)


def classify_error(text: str) -> str:
    """Which troubleshooting row an error text belongs to."""
    low = text.casefold()
    if "timed out" in low or "timeout" in low:
        return TIMEOUT
    if "do not have access to this action" in low:
        return NO_ACCESS
    if "must be associated with a ticket_id" in low:
        return SUPPLIER_REF
    if "not supported" in low:
        return CREDENTIALS
    return REFUSED


def error_text(exc: HaloError) -> tuple[str, bool]:
    """(the error's text, True when the request may have timed out)."""
    lost = isinstance(exc, WriteOutcomeUnknown | ConnectionLost)
    return exc.message, lost


def action_path(name: str, setting: str, value: str) -> str:
    """Where an action's setting is made in Halo's own screen."""
    return f"Configuration > Tickets > Actions > '{name}' > '{setting}': {value}"


def not_by_default(instance: str, action: str, party: str) -> str:
    """Where to set 'Send to Connected Halo Instance' when the action does not default to it
    (the test set it on its own note, as an agent does)."""
    return (
        f"in {instance}, {action_path(action, SEND_TO_HALO, party)} ({NOT_DEFAULT_YET}: the "
        "test set it on its note, as an agent does)"
    )
