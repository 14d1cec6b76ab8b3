"""Where in Halo's own screens an admin makes a change by hand, when the API refuses it."""

from __future__ import annotations

from halo_wizard.steps.changes import Change

_SCREENS: dict[str, str] = {
    "Features": "Configuration, then the '+' on the {record} module",
    "Supplier": "Suppliers, {open} '{record}', then its API Access tab",
    "Client": "Customers, {open} '{record}', then its API Access tab",
    "Users": "Customers, open '{customer}', Users, then New",
    "Site": "Customers, open '{customer}', Sites, then New",
    "Outcome": "Configuration > Tickets > Actions, {open} '{record}'",
    "Workflow": "Configuration > Tickets > Workflows, open '{record}'",
    "ConnectedInstance": "Configuration > Integrations > Halo API > Connected Instances, "
    "{open} '{record}'",
    "ViewLists": "Tickets, the list settings: {open} the list '{record}'",
}


def where_in_halo(change: Change) -> str:
    """One sentence: the screen to open and what to do there, in Halo's words."""
    screen = _SCREENS.get(change.entity, "the {label} '{record}'")
    customer = next(
        (str(f.new) for f in change.fields if f.name == "client_id" and f.new), "the customer"
    )
    text = screen.format(
        record=change.record,
        open="create" if change.operation == "create" else "open",
        customer=customer,
        label=change.label or change.entity,
    )
    verb = "set these values and save" if change.fields else "save"
    return f"In {change.instance}: {text}; {verb}."
