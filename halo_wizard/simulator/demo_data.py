"""The two bundled demo Halo instances, Contoso (HaloITSM) and Northwind MSP (HaloPSA), as data.

Contoso is the company that sends tickets (the customer side); Northwind MSP is the MSP that
receives them (the supplier side). Both are set up the way an instance of their kind is out of the
box: the Suppliers module off, no profile for the other instance yet, no ticket-sync action yet.
What only Halo's own screens set is as a well-run instance's admin leaves it: Contoso's 'Email
User' sends its e-mail when created through the Supplier/Organisation API connection (seed 001
wants that of the action that e-mails end users; the API does not show it).

Conventions of these snapshots (the [assumed] names live in halo_wizard.api.constants):

- the instance's display name is ``instanceinfo["name"]`` (constants.INSTANCE_DISPLAY_NAME);
  ``app_name`` is "Halo PSA" / "Halo ITSM" (the PSA spelling is live evidence, the ITSM one by
  analogy) and the versions are those of the live 2.236 and 2.250 tenants of the evidence;
- ``Status.type`` is the status's domain: every ticket status has type 0
  (constants.STATUS_DOMAIN_TICKETS); "New" is id 1, "Cancelled" id 8 and "Closed" id 9 on both
  instances (the built-in ids), and only those two close a ticket. A few statuses of other
  domains (orders, opportunities: types 1 and 2, [assumed] numbers) share the list, as on a live
  tenant's /Status, and must never be offered as ticket statuses;
- ``Category.type_id`` 1 is the ticket category, 2 the closure category; ``category_name`` is the
  last part of ``value``;
- ``TicketType.allowed_actions`` rows carry the action id in constants.ALLOWED_ACTION_ID; they
  matter only where ``allowall_actions`` is false;
- ``FieldInfo`` holds the custom fields (``custom`` 1) and the built-in fields that actions use
  (``custom`` 0), all of ticket usage (constants.TICKET_FIELD_USAGE), plus fields of other usages
  (customer, site, user, asset: OTHER_FIELD_USAGES, [assumed] numbers), some with the label and type
  of a ticket field; only ticket fields may be mapped, and among the built-ins only
  constants.MAPPABLE_BUILTIN_FIELDS;
- the "send an e-mail when created through the API connection" setting of an action is no API
  field: the snapshot keeps it in ``simulator.api_email_settings``;
- each instance already has one or two other profiles connected to other Halo instances the way
  Halo's own screen wrote them: their mapping rows and "Action/Ticket Type Default" choices are
  ``simulator.screen_setup`` operations, laid out under the instance's dialect at load;
- ``Outcome.workflows`` and ``Outcome.tickettypes`` list (as ``value``/``label`` pairs) the
  workflows that allow the action and the ticket types whose workflow allows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from halo_wizard.api import constants as c

# How a demo status behaves (only for colours and regional copies; Halo's `type` is the domain).
OPEN: Final = "open"
HOLD: Final = "hold"
CLOSING: Final = "closing"
BUILTIN_STATUS_IDS: Final = {
    "New": 1,
    "Cancelled": c.CANCELLED_STATUS_ID,
    "Closed": c.CLOSED_STATUS_ID,
}
"""The built-in statuses keep their conventional ids on every instance (live fixture: New 1,
Closed 9; Cancelled 8 is assumed)."""
STATUS_DOMAIN_OPPORTUNITIES: Final = 1  # [assumed] no public enum of TStatus.type
STATUS_DOMAIN_ORDERS: Final = 2  # [assumed]
OTHER_FIELD_USAGES: Final = {"customer": 2, "site": 3, "user": 4, "asset": 5}
"""FieldInfo.usage of the demo's non-ticket fields. [assumed: no public enum; only 1 is hinted to
be tickets]"""
OTHER_FIELD_FIRST_ID: Final = 3000

# ---- Shared vocabulary ---------------------------------------------------------------------------

REGIONS: Final = (
    "EMEA",
    "APAC",
    "North America",
    "LATAM",
    "UK & Ireland",
    "DACH",
    "Nordics",
    "Benelux",
    "ANZ",
    "Iberia",
    "France",
    "Italy",
    "Middle East",
    "India",
    "Japan",
    "Southern Africa",
    "Canada",
    "US East",
    "US West",
    "Central Europe",
)

FIRST_NAMES: Final = (
    "Aaron", "Abigail", "Adam", "Aisha", "Alan", "Alexander", "Alice", "Amelia", "Amir", "Andrew",
    "Angela", "Anna", "Arjun", "Ava", "Ben", "Bethany", "Bilal", "Callum", "Carmen", "Caroline",
    "Charlotte", "Chloe", "Chris", "Claire", "Daniel", "David", "Deepa", "Diana", "Dominic",
    "Eleanor", "Elena", "Eliza", "Emily", "Emma", "Ethan", "Fatima", "Felix", "Fiona", "Francesca",
    "Gareth", "George", "Georgia", "Hannah", "Harriet", "Harry", "Hassan", "Helen", "Imogen",
    "Isaac", "Isabel", "Jack", "Jacob", "Jasmine", "Jessica", "Joanna", "John", "Jonathan",
    "Joseph", "Julia", "Karen", "Kate", "Keith", "Kwame", "Laura", "Leah", "Liam", "Lily", "Lucy",
    "Luke", "Maria", "Mark", "Matthew", "Maya", "Megan", "Mohammed", "Naomi", "Nathan", "Nicola",
    "Nina", "Noah", "Oliver", "Olivia", "Omar", "Oscar", "Patrick", "Paul", "Peter", "Rachel",
    "Rebecca", "Richard", "Rosa", "Ruth", "Ryan", "Samuel", "Sarah", "Sean", "Sophie", "Stephen",
    "Susan", "Thomas", "Tobias", "Victoria", "William", "Yusuf", "Zara", "Zoe",
)  # fmt: skip
LAST_NAMES: Final = (
    "Abbott", "Adeyemi", "Ahmed", "Allen", "Anderson", "Armstrong", "Bailey", "Baker", "Banerjee",
    "Barnes", "Bennett", "Bradley", "Brooks", "Campbell", "Carter", "Chapman", "Clarke", "Collins",
    "Cooper", "Cox", "Davies", "Dawson", "Dixon", "Edwards", "Ellis", "Evans", "Fernandes",
    "Fisher", "Fleming", "Foster", "Gallagher", "Garcia", "Gibson", "Gill", "Graham", "Grant",
    "Gray", "Green", "Hall", "Harris", "Hayes", "Hughes", "Hussain", "Jackson", "Jenkins",
    "Johnson", "Jones", "Kaur", "Kelly", "Kennedy", "Khan", "King", "Knight", "Lawrence", "Lee",
    "Lewis", "Lloyd", "Marshall", "Mason", "Matthews", "Mills", "Mitchell", "Moore", "Morgan",
    "Morris", "Murphy", "Murray", "Nguyen", "Nowak", "Okafor", "Owen", "Palmer", "Parker", "Patel",
    "Pearson", "Phillips", "Price", "Quinn", "Reid", "Reynolds", "Richards", "Roberts", "Robinson",
    "Rossi", "Russell", "Scott", "Shaw", "Simpson", "Singh", "Smith", "Stewart", "Sullivan",
    "Taylor", "Thompson", "Turner", "Walker", "Walsh", "Ward", "Watson", "Webb", "White",
    "Williams", "Wilson", "Wood", "Wright", "Young", "Zhang",
)  # fmt: skip
MIDDLE_INITIALS: Final = "ABCDEFGHJKLMNPRSTW"
ADMIN_TEAMS: Final = frozenset({"IT Management", "Service Delivery"})
"""Teams whose agents are Halo administrators (with the API agent)."""

STATUS_COLOURS: Final = {
    OPEN: ("#2e7d32", "#1565c0", "#00838f", "#6a1b9a"),
    HOLD: ("#ef6c00", "#f9a825", "#8d6e63"),
    CLOSING: ("#616161", "#424242"),
}

# The built-in fields actions and ticket types use: (name, label, type).
BUILTIN_FIELDS: Final = (
    ("summary", "Summary", 0),
    ("details", "Details", 10),
    ("startdate", "Start Date", 4),
    ("targetdate", "Target Date", 4),
    ("status", "Status", 2),
    ("category_1", "Category", 2),
    ("agent", "Agent", 2),
    ("team", "Team", 2),
    (c.ACTION_FIELD_NOTE, "Note", 10),
    ("emailto", "To", 0),
    ("emailcc", "CC", 0),
    (c.ACTION_FIELD_SUPPLIER, "Supplier", 2),
    (c.ACTION_FIELD_SUPPLIER_REF, "Supplier Ref", 0),
    ("timetaken", "Time Taken", 5),
    (c.ACTION_FIELD_SEND_TO_HALO, "Send to Connected Halo Instance", 2),
)

# Action field lists
NOTE: Final = (c.ACTION_FIELD_NOTE,)
MAIL: Final = ("emailto", "emailcc", c.ACTION_FIELD_NOTE)
SUPPLIER: Final = (c.ACTION_FIELD_SUPPLIER, c.ACTION_FIELD_SUPPLIER_REF, c.ACTION_FIELD_NOTE)
STATUS: Final = ("status", c.ACTION_FIELD_NOTE)
ASSIGN: Final = ("agent", "team", c.ACTION_FIELD_NOTE)
TIME: Final = (c.ACTION_FIELD_NOTE, "timetaken")


# ---- Instance descriptions -----------------------------------------------------------------------


@dataclass(frozen=True)
class ActionSpec:
    """One action definition (Outcome) as an admin would describe it."""

    name: str
    status: str | None = None
    email: str | None = None
    """The e-mail template the action sends; None: the action sends no e-mail."""
    hide: bool = False
    fields: tuple[str, ...] = NOTE
    systemid: int = c.SYSTEMID_NONE
    via_api: bool | None = None
    """Send an e-mail when created through the Supplier/Organisation API; None: field absent."""
    ai: bool = False
    ai_prompt: str = ""
    button_hidden: bool = False


@dataclass(frozen=True)
class WorkflowSpec:
    """A workflow: its steps with the actions each step offers, and the always-allowed actions."""

    name: str
    steps: tuple[tuple[str, tuple[str, ...]], ...]
    always: tuple[str, ...]
    active: bool = True


@dataclass(frozen=True)
class TicketTypeSpec:
    """A ticket type, its workflow and initial status; `allowall` false restricts the actions."""

    name: str
    workflow: str
    initial_status: str
    allowall: bool = True


@dataclass(frozen=True)
class ClientSpec:
    """A customer organisation with its sites, e-mail domain and number of end users."""

    name: str
    domain: str
    sites: tuple[str, ...]
    users: int


@dataclass(frozen=True)
class TeamSpec:
    """An agent team: how many agents and their job title."""

    name: str
    size: int
    job_title: str


@dataclass(frozen=True)
class TicketSpec:
    """An ordinary ticket and the actions already on it."""

    summary: str
    details: str
    client: str
    ticket_type: str
    status: str
    team: str
    when: str
    supplier: str | None = None
    actions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ConnectedSpec:
    """A customer or supplier profile connected to another (imaginary) Halo instance, set up in
    Halo's own screens before the snapshot: API access on, the outbound connection, a default
    status and a few inbound mappings of the other instance's records (id, name) to local names."""

    entity: str
    name: str
    tenant: str
    product: str
    statuses: tuple[tuple[int, str, str], ...]
    """(the other instance's status id, its name, the local status name)."""
    actions: tuple[tuple[int, str, str], ...]
    """(the other instance's action id, its name, the local action name)."""
    default_status: str | None
    """A local status name, or None for "Action/Ticket Type Default"."""
    default_action: str
    ticket_types: tuple[tuple[int, str, str], ...] = ()
    """(the other instance's ticket type id, its name, the local type name); customers only."""
    default_ticket_type: str | None = None
    attachments: int = 0


@dataclass(frozen=True)
class Flavour:
    """Everything that makes one demo instance what it is."""

    key: str
    display_name: str
    app_name: str
    app_version: str
    tenant: str
    seed: int
    first_ids: dict[str, int]
    modules: tuple[tuple[str, str, bool, bool, bool], ...]
    statuses: tuple[tuple[str, str], ...]
    """(name, how it behaves: OPEN, HOLD or CLOSING), all of the ticket domain."""
    other_statuses: tuple[tuple[str, int], ...]
    """(name, domain) of statuses that are not ticket statuses."""
    categories: tuple[str, ...]
    closure_categories: tuple[str, ...]
    custom_fields: tuple[tuple[str, str, int, tuple[str, ...]], ...]
    templates: dict[str, int]
    actions: tuple[ActionSpec, ...]
    workflows: tuple[WorkflowSpec, ...]
    ticket_types: tuple[TicketTypeSpec, ...]
    teams: tuple[TeamSpec, ...]
    agent_domain: str
    named_agents: tuple[tuple[str, str, str, str], ...]
    """Fixed agents: (team, first name, surname, e-mail as the directory holds it)."""
    disabled_agents: int
    api_agent: str
    clients: tuple[ClientSpec, ...]
    named_users: tuple[tuple[str, str, str | None], ...]
    """Fixed end users: (client, name, e-mail as stored, None for none)."""
    suppliers: tuple[tuple[str, str, str, str], ...]
    tickets: tuple[TicketSpec, ...]
    other_fields: tuple[tuple[str, str, int, str, tuple[str, ...]], ...] = ()
    """Fields of other usages: (name, label, type, usage key of OTHER_FIELD_USAGES, values)."""
    connected: tuple[ConnectedSpec, ...] = ()
    """Profiles already connected to other Halo instances through Halo's own screens."""
    priorities: tuple[tuple[str, str], ...] = (
        ("Critical", "#c62828"),
        ("High", "#ef6c00"),
        ("Medium", "#f9a825"),
        ("Low", "#2e7d32"),
    )


def _workflow_gaps(common: tuple[str, ...], *missing: str) -> tuple[str, ...]:
    """`common` without `missing`: the always-allowed actions of a workflow that lacks a few."""
    unknown = set(missing) - set(common)
    if unknown:
        raise ValueError(f"not in the common actions: {sorted(unknown)}")
    return tuple(name for name in common if name not in missing)


# ---- Contoso (HaloITSM, the customer side) -------------------------------------------------------

_CONTOSO_COMMON = (
    "Add Note",
    "Internal Note",
    "Private Note",
    "Email User",
    "Update",
    "Change Status",
    "Phone User",
    "Add Attachment",
    "Reassign",
    "Assign to Me",
    "Follow Up",
    "Put On Hold",
    "Take Off Hold",
    "Merge Tickets",
    "Duplicate",
    "Forward",
    "Quality Review",
    "Portal Update",
)

CONTOSO: Final = Flavour(
    key="contoso",
    display_name="Contoso",
    app_name=c.APP_NAME_ITSM,
    app_version="2.250.32",
    tenant="contoso",
    seed=4101,
    first_ids={
        "Features": 1,
        "Status": 2,
        "Team": 1,
        "Priority": 1,
        "Category": 2,
        "TicketType": 1,
        "FieldInfo": 2,
        "CustomField": 160,
        "Lookup": 1,
        "Outcome": 1,
        "OutcomeField": 1,
        "Workflow": 1,
        "WorkflowStep": 1,
        "WorkflowAction": 1,
        "Agent": 1,
        "Users": 2,
        "Client": 12,
        "Site": 18,
        "Supplier": 1,
        "Tickets": 1001,
        "Actions": 1,
    },
    modules=(
        ("Tickets", "Tickets", True, True, True),
        ("Customers", "Users", True, True, True),
        (c.SUPPLIERS_MODULE_NAME, "Suppliers", False, False, True),
        ("Assets", "Configuration Items", True, False, True),
        ("KnowledgeBase", "Knowledge Base", True, False, True),
        ("Services", "Service Catalogue", True, False, True),
        ("Changes", "Change Calendar", True, False, True),
        ("Releases", "Releases", True, False, True),
        ("Projects", "Projects", True, False, True),
        ("Contracts", "Contracts", False, False, True),
        ("Items", "Products", True, False, True),
        ("PurchaseOrders", "Purchase Orders", True, False, True),
        ("SalesOrders", "Sales Orders", False, False, False),
        ("Quotations", "Quotations", False, False, False),
        ("Invoices", "Invoices", False, False, False),
        ("Billing", "Billing", False, False, False),
        ("Opportunities", "Opportunities", False, False, False),
        ("Timesheets", "Timesheets", True, False, True),
        ("Calendar", "Calendar", True, True, True),
        ("Reporting", "Reporting", True, True, True),
        ("Chat", "Chat", True, False, True),
        ("Portal", "Self-Service Portal", True, False, True),
        ("ServiceStatus", "Service Status", True, False, True),
        ("SoftwareLicences", "Software Licences", True, False, True),
        ("Integrations", "Integrations", True, True, True),
        ("Automations", "Automations", True, False, True),
        ("Bookings", "Bookings", False, False, True),
        ("Documents", "Documents", False, False, True),
    ),
    statuses=(
        ("New", OPEN),
        ("Assigned", OPEN),
        ("In Progress", OPEN),
        ("Waiting on User", HOLD),
        ("User Responded", OPEN),
        ("With Supplier", HOLD),
        ("Supplier Responded", OPEN),
        ("On Hold", HOLD),
        ("Pending Approval", HOLD),
        ("Approved", OPEN),
        ("Scheduled", HOLD),
        ("Awaiting Parts", HOLD),
        ("Awaiting Third Party", HOLD),
        ("Escalated", OPEN),
        ("Re-Opened", OPEN),
        ("Pending Closure", HOLD),
        ("Resolved", HOLD),
        ("Closed", CLOSING),
        ("Cancelled", CLOSING),
        ("Under Investigation", OPEN),
        ("Root Cause Identified", OPEN),
        ("Known Error", OPEN),
        ("Awaiting CAB", HOLD),
        ("CAB Approved", OPEN),
        ("Implementing", OPEN),
        ("Implemented", OPEN),
        ("Post Implementation Review", OPEN),
        ("Major Incident Active", OPEN),
        ("Service Restored", OPEN),
        ("Monitoring", OPEN),
    ),
    other_statuses=(
        ("Open Order", STATUS_DOMAIN_ORDERS),
        ("Closed Order", STATUS_DOMAIN_ORDERS),
        ("Awaiting Delivery", STATUS_DOMAIN_ORDERS),
    ),
    categories=(
        "Hardware>Laptop",
        "Hardware>Desktop",
        "Hardware>Monitor",
        "Hardware>Printer",
        "Hardware>Mobile Phone",
        "Hardware>Docking Station",
        "Hardware>Peripherals",
        "Software>Office Apps",
        "Software>Email",
        "Software>ERP",
        "Software>HR System",
        "Software>Finance System",
        "Software>Browser",
        "Software>Installation Request",
        "Network>Wi-Fi",
        "Network>VPN",
        "Network>Internet",
        "Network>LAN",
        "Network>Firewall",
        "Access>Password Reset",
        "Access>New Account",
        "Access>Permissions",
        "Access>Multi-Factor Authentication",
        "Access>Leaver",
        "Security>Phishing",
        "Security>Malware",
        "Security>Data Loss",
        "Security>Lost Device",
        "Telephony>Desk Phone",
        "Telephony>Mobile Contract",
        "Telephony>Voicemail",
        "Facilities>Meeting Room AV",
        "Facilities>Printing Supplies",
        "Service Request>New Starter",
        "Service Request>Equipment Request",
        "Service Request>Software Request",
        "Service Request>Access Request",
        "Change>Standard",
        "Change>Normal",
        "Change>Emergency",
    ),
    closure_categories=(
        "Resolution>Fixed by Service Desk",
        "Resolution>Fixed by 2nd Line",
        "Resolution>Fixed by Supplier",
        "Resolution>Workaround Provided",
        "Resolution>No Fault Found",
        "Resolution>User Error",
        "Resolution>Duplicate",
        "Resolution>Request Fulfilled",
    ),
    custom_fields=(
        ("CFAssetTag", "Asset Tag", 0, ()),
        ("CFCostCentre", "Cost Centre", 2, ("Finance", "HR", "IT", "Operations", "Sales", "Legal")),
        ("CFBusinessImpact", "Business Impact", 2, ("Low", "Medium", "High", "Critical")),
        (
            "CFAffectedServices",
            "Affected Services",
            3,
            ("Email", "File Shares", "VPN", "Telephony", "ERP", "Intranet", "Printing"),
        ),
        (
            "CFAffectedUsers",
            "Affected Users",
            3,
            ("Single User", "Team", "Department", "Whole Site", "Whole Company"),
        ),
        ("CFEmployeeID", "Employee ID", 0, ()),
        ("CFSymptoms", "Detailed Symptoms", 1, ()),
        ("CFWorkaround", "Workaround", 10, ()),
        ("CFRequiredBy", "Required By", 4, ()),
        ("CFOutageStart", "Outage Start Time", 5, ()),
        ("CFVIPUser", "VIP User", 6, ()),
        ("CFDataBreach", "Possible Data Breach", 6, ()),
        ("CFFloor", "Floor", 2, ("Ground", "1st", "2nd", "3rd", "4th")),
        ("CFChangeWindow", "Change Window", 4, ()),
        ("CFBackoutPlan", "Backout Plan", 10, ()),
        ("CFRiskAssessment", "Risk Assessment", 1, ()),
        ("CFLineManager", "Line Manager", 0, ()),
        ("CFEmployeeStartDate", "Employee Start Date", 4, ()),
    ),
    templates={
        "Action Email to User": 4,
        "Acknowledgement": 7,
        "Ticket Closed": 9,
        "Ticket Resolved": 10,
        "Chase User": 14,
        "Awaiting Information": 15,
        "Approval Request": 21,
        "Request Rejected": 22,
        "Ticket Cancelled": 24,
        "Pending Closure": 26,
        "Supplier Ticket": 35,
        "Supplier Chase": 36,
        "Supplier Email": 37,
        "Appointment Confirmation": 44,
        "Change Notification": 47,
        "Major Incident Notification": 52,
        "Survey Invitation": 60,
        "Access Granted": 63,
        "Escalation Notice": 66,
    },
    actions=(
        ActionSpec("Add Note"),
        ActionSpec("Internal Note", hide=True),
        ActionSpec("Private Note", hide=True, systemid=3),
        # Ticked in Halo's screen, as seed 001 wants of the action that e-mails end users; the
        # API does not show it (simulator.api_email_settings).
        ActionSpec(
            "Email User", email="Action Email to User", fields=MAIL, systemid=2, via_api=True
        ),
        ActionSpec("Update"),
        ActionSpec("Acknowledge", status="Assigned", email="Acknowledgement"),
        ActionSpec("Assign to Me", status="Assigned", hide=True),
        ActionSpec("Reassign", hide=True, fields=ASSIGN),
        ActionSpec("Start Work", status="In Progress", hide=True),
        ActionSpec("Phone User", fields=TIME),
        ActionSpec("Chase User", status="Waiting on User", email="Chase User", fields=MAIL),
        ActionSpec("Awaiting User", status="Waiting on User", email="Awaiting Information"),
        ActionSpec("User Responded", status="User Responded"),
        ActionSpec("Put On Hold", status="On Hold", hide=True),
        ActionSpec("Take Off Hold", status="In Progress", hide=True),
        ActionSpec("Change Status", hide=True, fields=STATUS),
        ActionSpec("Escalate to 2nd Line", status="Escalated", hide=True, fields=ASSIGN),
        ActionSpec("Escalate to 3rd Line", status="Escalated", hide=True, fields=ASSIGN),
        ActionSpec(
            "Log to supplier",
            status="With Supplier",
            email="Supplier Ticket",
            hide=True,
            fields=SUPPLIER,
            systemid=c.SYSTEMID_LOG_TO_SUPPLIER,
        ),
        ActionSpec("Chase Supplier", email="Supplier Chase", hide=True, fields=SUPPLIER),
        ActionSpec("E-mail Supplier", email="Supplier Email", hide=True, fields=MAIL),
        ActionSpec("Supplier Update", status="Supplier Responded", hide=True),
        ActionSpec("Schedule Appointment", status="Scheduled", email="Appointment Confirmation"),
        ActionSpec(
            "Approval Request", status="Pending Approval", email="Approval Request", hide=True
        ),
        ActionSpec("Approve", status="Approved"),
        ActionSpec("Reject", status="Cancelled", email="Request Rejected"),
        ActionSpec("Resolve Incident", status="Resolved", email="Ticket Resolved"),
        ActionSpec("Close Ticket", status="Closed", email="Ticket Closed", systemid=1),
        ActionSpec("Re-Open", status="Re-Opened"),
        ActionSpec("Cancel Ticket", status="Cancelled", email="Ticket Cancelled"),
        ActionSpec("Pending Closure", status="Pending Closure", email="Pending Closure"),
        ActionSpec("Send Survey", email="Survey Invitation", fields=()),
        ActionSpec("Merge Tickets", hide=True),
        ActionSpec("Create Child Ticket", hide=True),
        ActionSpec("Link to Problem", hide=True),
        ActionSpec("Link to Known Error", hide=True),
        ActionSpec("Raise Change", hide=True),
        ActionSpec("Convert to Problem", hide=True),
        ActionSpec("Root Cause Identified", status="Root Cause Identified", hide=True),
        ActionSpec("Workaround Provided", email="Action Email to User", fields=MAIL),
        ActionSpec("Known Error Raised", status="Known Error", hide=True),
        ActionSpec("Submit for CAB", status="Awaiting CAB", hide=True),
        ActionSpec("CAB Approved", status="CAB Approved", hide=True),
        ActionSpec("CAB Rejected", status="Cancelled", hide=True),
        ActionSpec("Implement Change", status="Implementing", hide=True),
        ActionSpec("Change Implemented", status="Implemented", email="Change Notification"),
        ActionSpec("Back Out Change", status="In Progress", hide=True),
        ActionSpec("Post Implementation Review", status="Post Implementation Review", hide=True),
        ActionSpec("Declare Major Incident", status="Major Incident Active", hide=True),
        ActionSpec(
            "Major Incident Update",
            email="Major Incident Notification",
            fields=MAIL,
            ai=True,
            ai_prompt="Rewrite this update for a non-technical audience.",
        ),
        ActionSpec(
            "Stakeholder Update", email="Major Incident Notification", hide=True, fields=MAIL
        ),
        ActionSpec("Service Restored", status="Service Restored", email="Action Email to User"),
        ActionSpec("Monitoring", status="Monitoring"),
        ActionSpec("Password Reset Completed", status="Resolved", email="Ticket Resolved"),
        ActionSpec("Access Granted", email="Access Granted"),
        ActionSpec("Hardware Dispatched", email="Action Email to User"),
        ActionSpec("Software Installed"),
        ActionSpec("New Starter Setup Complete", status="Resolved", email="Ticket Resolved"),
        ActionSpec("Leaver Processed", status="Resolved", hide=True),
        ActionSpec("Asset Assigned", hide=True),
        ActionSpec("Asset Returned", hide=True),
        ActionSpec("Knowledge Article Created", hide=True),
        ActionSpec(
            "Request More Information",
            status="Waiting on User",
            email="Awaiting Information",
            fields=MAIL,
            ai=True,
        ),
        ActionSpec("Remote Session", fields=TIME),
        ActionSpec("Site Visit", status="Scheduled", fields=TIME),
        ActionSpec("Callback Requested"),
        ActionSpec("Add Attachment"),
        ActionSpec("Forward", email="Action Email to User", hide=True, fields=MAIL),
        ActionSpec("Duplicate", status="Cancelled", hide=True),
        ActionSpec("Awaiting Parts", status="Awaiting Parts", hide=True),
        ActionSpec("Awaiting Third Party", status="Awaiting Third Party", hide=True),
        ActionSpec("Task Complete", hide=True),
        ActionSpec("Approval Reminder", email="Approval Request", hide=True, fields=()),
        ActionSpec("Portal Update", button_hidden=True),
        ActionSpec("Follow Up"),
        ActionSpec("Escalate to Manager", email="Escalation Notice", hide=True, fields=MAIL),
        ActionSpec("Security Incident Raised", status="Escalated", hide=True),
        ActionSpec("Phishing Report Reviewed", email="Action Email to User"),
        ActionSpec("Out of Hours Call", fields=TIME),
        ActionSpec("Quality Review", hide=True),
    ),
    workflows=(
        WorkflowSpec(
            "Incident Management",
            steps=(
                (
                    "Logged",
                    (
                        "Acknowledge",
                        "Start Work",
                        "Escalate to 2nd Line",
                        "Escalate to 3rd Line",
                        "Declare Major Incident",
                        "Security Incident Raised",
                        "Phishing Report Reviewed",
                        "Convert to Problem",
                    ),
                ),
                (
                    "Investigation",
                    (
                        "Chase User",
                        "Awaiting User",
                        "User Responded",
                        "Request More Information",
                        "Remote Session",
                        "Site Visit",
                        "Callback Requested",
                        "Log to supplier",
                        "Chase Supplier",
                        "E-mail Supplier",
                        "Supplier Update",
                        "Awaiting Parts",
                        "Awaiting Third Party",
                        "Link to Problem",
                        "Link to Known Error",
                        "Create Child Ticket",
                        "Workaround Provided",
                        "Escalate to Manager",
                        "Out of Hours Call",
                        "Password Reset Completed",
                        "Hardware Dispatched",
                        "Software Installed",
                    ),
                ),
                (
                    "Resolution",
                    (
                        "Resolve Incident",
                        "Pending Closure",
                        "Send Survey",
                        "Knowledge Article Created",
                    ),
                ),
                ("Closed", ("Close Ticket", "Re-Open", "Cancel Ticket")),
            ),
            always=(*_CONTOSO_COMMON, "Schedule Appointment"),
        ),
        WorkflowSpec(
            "Service Request Fulfilment",
            steps=(
                (
                    "Submitted",
                    ("Acknowledge", "Approval Request", "Approve", "Reject", "Approval Reminder"),
                ),
                (
                    "Fulfilment",
                    (
                        "Start Work",
                        "Access Granted",
                        "Hardware Dispatched",
                        "Software Installed",
                        "New Starter Setup Complete",
                        "Leaver Processed",
                        "Asset Assigned",
                        "Asset Returned",
                        "Log to supplier",
                        "Chase Supplier",
                        "Supplier Update",
                        "Awaiting Parts",
                        "Schedule Appointment",
                        "Task Complete",
                        "Create Child Ticket",
                        "Awaiting User",
                        "Chase User",
                        "User Responded",
                    ),
                ),
                (
                    "Completion",
                    ("Close Ticket", "Pending Closure", "Send Survey", "Cancel Ticket", "Re-Open"),
                ),
            ),
            always=_CONTOSO_COMMON,
        ),
        WorkflowSpec(
            "Problem Management",
            steps=(
                (
                    "Investigation",
                    (
                        "Start Work",
                        "Root Cause Identified",
                        "Known Error Raised",
                        "Workaround Provided",
                    ),
                ),
                (
                    "Permanent Fix",
                    ("Raise Change", "Link to Known Error", "Log to supplier", "Supplier Update"),
                ),
                ("Closure", ("Close Ticket", "Cancel Ticket", "Re-Open")),
            ),
            # Problems are worked by IT; nobody e-mails or phones an end user from them.
            always=_workflow_gaps(_CONTOSO_COMMON, "Email User", "Phone User", "Portal Update"),
        ),
        WorkflowSpec(
            "Change Management",
            steps=(
                ("Draft", ("Submit for CAB", "Approval Request", "Approve", "Reject")),
                ("CAB", ("CAB Approved", "CAB Rejected")),
                (
                    "Implementation",
                    (
                        "Schedule Appointment",
                        "Implement Change",
                        "Change Implemented",
                        "Back Out Change",
                    ),
                ),
                ("Review", ("Post Implementation Review", "Close Ticket", "Cancel Ticket")),
            ),
            always=(
                *_workflow_gaps(_CONTOSO_COMMON, "Email User", "Phone User", "Portal Update"),
                "Stakeholder Update",
            ),
        ),
        WorkflowSpec(
            "Major Incident Process",
            steps=(
                (
                    "Declared",
                    (
                        "Major Incident Update",
                        "Stakeholder Update",
                        "Escalate to 3rd Line",
                        "Escalate to Manager",
                        "Log to supplier",
                        "Chase Supplier",
                        "Supplier Update",
                    ),
                ),
                (
                    "Restoration",
                    ("Service Restored", "Monitoring", "Raise Change", "Convert to Problem"),
                ),
                (
                    "Closure",
                    ("Resolve Incident", "Post Implementation Review", "Close Ticket", "Re-Open"),
                ),
            ),
            always=_workflow_gaps(_CONTOSO_COMMON, "Private Note", "Merge Tickets", "Duplicate"),
        ),
        WorkflowSpec(
            "Legacy Desktop Requests",
            steps=(("Open", ("Start Work", "Close Ticket")),),
            always=("Add Note", "Internal Note", "Email User"),
            active=False,
        ),
    ),
    ticket_types=(
        TicketTypeSpec("Incident", "Incident Management", "New"),
        TicketTypeSpec("Service Request", "Service Request Fulfilment", "New"),
        TicketTypeSpec("Problem", "Problem Management", "Under Investigation"),
        TicketTypeSpec("Change Request", "Change Management", "New"),
        TicketTypeSpec("Major Incident", "Major Incident Process", "Major Incident Active", False),
        TicketTypeSpec("New Starter Request", "Service Request Fulfilment", "Pending Approval"),
    ),
    teams=(
        TeamSpec("Service Desk", 16, "Service Desk Analyst"),
        TeamSpec("Desktop Support", 9, "Desktop Support Engineer"),
        TeamSpec("Infrastructure", 8, "Infrastructure Engineer"),
        TeamSpec("Networks", 4, "Network Engineer"),
        TeamSpec("Applications", 6, "Applications Analyst"),
        TeamSpec("Security", 3, "Security Analyst"),
        TeamSpec("Change & Release", 2, "Change Manager"),
        TeamSpec("IT Management", 2, "IT Service Manager"),
    ),
    agent_domain="contoso.com",
    named_agents=(
        # These three also exist as end users in Northwind, stored differently (case, spaces).
        ("Service Desk", "Priya", "Shah", "Priya.Shah@contoso.com"),
        ("Service Desk", "Tom", "Whitfield", "tom.whitfield@contoso.com"),
        ("Desktop Support", "Grace", "O'Neill", "grace.oneill@contoso.com"),
    ),
    disabled_agents=3,
    api_agent="Halo Integration (API)",
    clients=(
        ClientSpec(
            "Contoso Ltd",
            "contoso.com",
            ("London Head Office", "Manchester Office", "Edinburgh Office", "Reading Data Centre"),
            262,
        ),
        ClientSpec(
            "Contoso Retail",
            "contoso-retail.com",
            ("Retail Support Centre", "Birmingham Flagship Store"),
            44,
        ),
    ),
    named_users=(
        ("Contoso Ltd", "Reception London", "reception@contoso.com"),
        ("Contoso Retail", "Birmingham Store Tills", None),
    ),
    suppliers=(
        (
            "Northwind Traders",
            "orders@northwindtraders.com",
            "0161 496 0734",
            "northwindtraders.com",
        ),
        ("Fabrikam Computers", "support@fabrikam.com", "0118 496 0201", "fabrikam.com"),
        ("Proseware Broadband", "faults@proseware.net", "0800 496 0555", "proseware.net"),
        ("Litware Telecom", "service@litwaretelecom.com", "0203 496 0188", "litwaretelecom.com"),
        (
            "Adatum Print Services",
            "engineers@adatumprint.co.uk",
            "0121 496 0412",
            "adatumprint.co.uk",
        ),
    ),
    other_fields=(
        # Same label and type as a ticket field: a wizard that ignores the usage maps the wrong one.
        ("CFAreaCostCentre", "Cost Centre", 2, "customer", ("Finance", "HR", "IT", "Operations")),
        ("CFSiteFloorPlan", "Floor", 2, "site", ("Ground", "1st", "2nd", "3rd", "4th")),
        ("CFUserEmployeeID", "Employee ID", 0, "user", ()),
        ("CFDeviceAssetTag", "Asset Tag", 0, "asset", ()),
        ("CFDeviceWarrantyEnd", "Warranty End", 4, "asset", ()),
    ),
    connected=(
        ConnectedSpec(
            entity="Supplier",
            name="Fabrikam Computers",
            tenant="fabrikam",
            product="halopsa",
            statuses=(
                (1, "New", "New"),
                (21, "Waiting on Customer", "Waiting on User"),
                (23, "Engineer Assigned", "Supplier Responded"),
                (9, "Closed", "Closed"),
            ),
            actions=(
                (210, "Customer Update", "Supplier Update"),
                (214, "Resolved - Close", "Close Ticket"),
                (215, "Private Note", "Internal Note"),
            ),
            default_status=None,
            default_action="Internal Note",
            attachments=1,
        ),
    ),
    tickets=(
        TicketSpec(
            "Laptop will not start after last night's update",
            "Black screen with spinning dots since the update finished.",
            "Contoso Ltd",
            "Incident",
            "In Progress",
            "Desktop Support",
            "2026-03-02T08:47:00",
            actions=(
                ("Acknowledge", "Thanks, we are looking into this now."),
                ("Start Work", "Booted into recovery; checking the update log."),
            ),
        ),
        TicketSpec(
            "VPN disconnects every few minutes when working from home",
            "Happens on home broadband only; the office network is fine.",
            "Contoso Ltd",
            "Incident",
            "Waiting on User",
            "Networks",
            "2026-03-02T10:12:00",
            actions=(
                (
                    "Awaiting User",
                    "Could you send the time of the next drop and the model of your router?",
                ),
            ),
        ),
        TicketSpec(
            "New starter: Finance Analyst starting 16 March",
            "Laptop, phone and access to the finance system please.",
            "Contoso Ltd",
            "New Starter Request",
            "Pending Approval",
            "Service Desk",
            "2026-03-03T09:05:00",
            actions=(("Approval Request", "Sent to the Finance Director for approval."),),
        ),
        TicketSpec(
            "Third floor printer jams on every job",
            "Paper jams in tray 2 on every print job since Monday.",
            "Contoso Ltd",
            "Incident",
            "With Supplier",
            "Desktop Support",
            "2026-03-03T14:30:00",
            supplier="Adatum Print Services",
            actions=(
                ("Log to supplier", "Printer jams on every job; engineer visit needed."),
                ("Internal Note", "Supplier engineer due Thursday morning."),
            ),
        ),
        TicketSpec(
            "Access to the shared Finance drive",
            "Please add me to the Finance shared drive (read only).",
            "Contoso Ltd",
            "Service Request",
            "New",
            "Service Desk",
            "2026-03-04T11:20:00",
        ),
        TicketSpec(
            "Upgrade core switch firmware",
            "Vendor advisory: firmware update fixes a memory leak on the core switches.",
            "Contoso Ltd",
            "Change Request",
            "Awaiting CAB",
            "Networks",
            "2026-03-04T15:45:00",
            actions=(("Submit for CAB", "For the CAB on Tuesday."),),
        ),
        TicketSpec(
            "Card terminal offline at the Birmingham store",
            "Terminal shows 'no connection' at till 3.",
            "Contoso Retail",
            "Incident",
            "Resolved",
            "Service Desk",
            "2026-03-05T12:02:00",
            actions=(
                ("Resolve Incident", "Terminal re-paired with its base station; payments working."),
            ),
        ),
    ),
)


# ---- Northwind MSP (HaloPSA, the supplier side) --------------------------------------------------

_NORTHWIND_COMMON = (
    "Add Note",
    "Internal Note",
    "Private Note",
    "Email User",
    "Update",
    "Ticket Update",
    "Change Status",
    "Log Time",
    "Phone Call",
    "Add Attachments",
    "Re-assign",
    "Assign To Me",
    "Follow Up",
    "Put on Hold",
    "Remove From Hold",
    "Merge Ticket",
    "Forward Email",
    "Quality Check",
    "Timesheet Correction",
    "Travel Time",
)

NORTHWIND: Final = Flavour(
    key="northwind",
    display_name="Northwind MSP",
    app_name=c.APP_NAME_PSA,
    app_version="2.236.133",
    tenant="northwind",
    seed=7207,
    first_ids={
        "Features": 3,
        "Status": 14,
        "Team": 7,
        "Priority": 1,
        "Category": 31,
        "TicketType": 21,
        "FieldInfo": 5,
        "CustomField": 201,
        "Lookup": 40,
        "Outcome": 11,
        "OutcomeField": 300,
        "Workflow": 4,
        "WorkflowStep": 12,
        "WorkflowAction": 90,
        "Agent": 2,
        "Users": 11,
        "Client": 3,
        "Site": 5,
        "Supplier": 4,
        "Tickets": 2410,
        "Actions": 9620,
    },
    modules=(
        ("Tickets", "Tickets", True, True, True),
        ("Customers", "Customers", True, True, True),
        ("Assets", "Assets", True, False, True),
        ("KnowledgeBase", "Knowledge Base", True, False, True),
        ("Services", "Services", True, False, True),
        ("Contracts", "Contracts", True, False, True),
        ("Items", "Items", True, False, True),
        ("Opportunities", "Opportunities", True, False, True),
        ("Quotations", "Quotes", True, False, True),
        ("SalesOrders", "Sales Orders", True, False, True),
        ("PurchaseOrders", "Purchase Orders", True, False, True),
        (c.SUPPLIERS_MODULE_NAME, "Vendors", False, False, True),
        ("Invoices", "Invoices", True, False, True),
        ("Billing", "Billing", True, False, True),
        ("Projects", "Projects", True, False, True),
        ("Timesheets", "Timesheets", True, False, True),
        ("Calendar", "Calendar", True, True, True),
        ("Reporting", "Reporting", True, True, True),
        ("Portal", "Customer Portal", True, False, True),
        ("Documents", "Documents", True, False, True),
        ("Integrations", "Integrations", True, True, True),
        ("Automations", "Automations", True, False, True),
        ("SoftwareLicences", "Software Licences", True, False, True),
        ("Chat", "Chat", False, False, True),
        ("ServiceStatus", "Service Status", False, False, True),
        ("Releases", "Releases", False, False, False),
        ("Marketing", "Marketing", False, False, False),
        ("Bookings", "Bookings", False, False, True),
    ),
    statuses=(
        ("New", OPEN),
        ("Assigned", OPEN),
        ("In Progress", OPEN),
        ("Awaiting Customer Response", HOLD),
        ("Customer Responded", OPEN),
        ("With Supplier", HOLD),
        ("Supplier Responded", OPEN),
        ("On Hold", HOLD),
        ("Pending Approval", HOLD),
        ("Approved", OPEN),
        ("Scheduled", HOLD),
        ("Site Visit Booked", HOLD),
        ("Awaiting Parts", HOLD),
        ("Parts Received", OPEN),
        ("Quote Sent", HOLD),
        ("Quote Accepted", OPEN),
        ("Escalated", OPEN),
        ("Re-opened", OPEN),
        ("Waiting on Third Party", HOLD),
        ("Blocked", HOLD),
        ("Pending Closure", HOLD),
        ("Resolved", HOLD),
        ("Closed", CLOSING),
        ("Cancelled", CLOSING),
        ("Alert Received", OPEN),
        ("Monitoring", OPEN),
        ("Onboarding In Progress", OPEN),
        ("Project Planning", OPEN),
        ("Project In Progress", OPEN),
        ("Ready to Invoice", HOLD),
    ),
    other_statuses=(
        # A live /Status lists order and item statuses next to the ticket ones (halocli
        # mirror_evidence.json: "Open Order", "Closed Order", "Open Item", "Invoiced").
        ("Open Order", STATUS_DOMAIN_ORDERS),
        ("Closed Order", STATUS_DOMAIN_ORDERS),
        ("Invoiced", STATUS_DOMAIN_ORDERS),
        ("Prospect", STATUS_DOMAIN_OPPORTUNITIES),
        ("Proposal Sent", STATUS_DOMAIN_OPPORTUNITIES),
        ("Won", STATUS_DOMAIN_OPPORTUNITIES),
        ("Lost", STATUS_DOMAIN_OPPORTUNITIES),
    ),
    categories=(
        "Hardware>Laptop",
        "Hardware>Desktop PC",
        "Hardware>Printers",
        "Hardware>Server",
        "Hardware>Mobile Device",
        "Hardware>Peripherals",
        "Software>Office Apps",
        "Software>Line of Business App",
        "Software>Installation",
        "Software>Licensing",
        "Network>Wireless",
        "Network>VPN",
        "Network>Broadband",
        "Network>Firewall",
        "Network>Switching",
        "Cloud>Email",
        "Cloud>File Sharing",
        "Cloud>Backup",
        "Cloud>Identity",
        "Accounts>Password Reset",
        "Accounts>New User",
        "Accounts>Leaver",
        "Accounts>Permissions",
        "Accounts>MFA",
        "Security>Phishing",
        "Security>Antivirus",
        "Security>Suspicious Login",
        "Server>Patching",
        "Server>Disk Space",
        "Server>Backup Failure",
        "Server>Performance",
        "Monitoring>Alert",
        "Monitoring>Uptime",
        "Telephony>VoIP",
        "Telephony>Mobile",
        "Projects>Migration",
        "Projects>Onboarding",
        "Projects>Hardware Refresh",
        "Billing>Invoice Query",
        "Billing>Contract Query",
        "Procurement>Quote Request",
    ),
    closure_categories=(
        "Resolution>Resolved Remotely",
        "Resolution>Resolved Onsite",
        "Resolution>Fixed by Vendor",
        "Resolution>Workaround",
        "Resolution>No Fault Found",
        "Resolution>Customer Error",
        "Resolution>Not Covered by Contract",
    ),
    custom_fields=(
        ("CFAssetTagNo", "Asset Tag No.", 0, ()),
        ("CFCostCenter", "Cost Center", 2, ("Finance", "HR", "IT", "Operations", "Sales")),
        ("CFBusinessImpact", "Business Impact", 2, ("Low", "Medium", "High", "Critical")),
        (
            "CFAffectedService",
            "Affected Service",
            3,
            ("Email", "File Server", "VPN", "Phones", "Line of Business App", "Internet"),
        ),
        # Same name as a Contoso field, different type: only same-type fields may be mapped.
        ("CFAffectedUsers", "Affected Users", 0, ()),
        ("CFSymptoms", "Symptoms", 1, ()),
        ("CFWorkaroundDetails", "Workaround Details", 10, ()),
        ("CFRequiredByDate", "Required By Date", 4, ()),
        ("CFOutageStart", "Outage Start", 5, ()),
        ("CFVIP", "VIP", 6, ()),
        ("CFBillable", "Billable", 6, ()),
        ("CFContractRef", "Contract Reference", 0, ()),
        ("CFDeviceName", "Device Name", 0, ()),
        (
            "CFAlertSource",
            "Alert Source",
            2,
            ("RMM", "Backup", "Firewall", "Email Security", "Uptime Monitor"),
        ),
        ("CFRemoteAccessNotes", "Remote Access Notes", 1, ()),
        ("CFProjectCode", "Project Code", 0, ()),
        ("CFNewStarterName", "New Starter Name", 0, ()),
        ("CFEmployeeStart", "Employee Start Date", 4, ()),
        ("CFCustomerPO", "Customer PO Number", 0, ()),
        ("CFTimeOnSite", "Time on Site", 5, ()),
    ),
    templates={
        "Action Email to User": 6,
        "Acknowledgement": 8,
        "Ticket Closed": 11,
        "Ticket Resolved": 12,
        "Chase Customer": 17,
        "Awaiting Information": 18,
        "Approval Request": 23,
        "Ticket Cancelled": 25,
        "Pending Closure": 27,
        "Supplier Ticket": 35,
        "Supplier Chase": 38,
        "Supplier Email": 39,
        "Appointment Confirmation": 45,
        "Site Visit Confirmation": 46,
        "Survey Invitation": 61,
        "Quote Email": 70,
        "Onboarding Complete": 74,
        "Milestone Update": 75,
        "Out of Scope Notice": 78,
    },
    actions=(
        ActionSpec("Log Time", hide=True, fields=TIME),
        ActionSpec(
            "Email User",
            email="Action Email to User",
            fields=MAIL,
            systemid=2,
            via_api=False,
        ),
        ActionSpec("Private Note", hide=True, systemid=3),
        ActionSpec("Add Note"),
        ActionSpec("Internal Note", hide=True),
        ActionSpec("Update"),
        ActionSpec("Ticket Update"),
        ActionSpec("Acknowledged", status="Assigned", email="Acknowledgement"),
        ActionSpec("Assign To Me", status="Assigned", hide=True),
        ActionSpec("Re-assign", hide=True, fields=ASSIGN),
        ActionSpec("Start Work", status="In Progress", hide=True),
        ActionSpec("Phone Call", fields=TIME),
        ActionSpec(
            "Chase",
            status="Awaiting Customer Response",
            email="Chase Customer",
            fields=MAIL,
            via_api=False,
        ),
        ActionSpec(
            "Awaiting Customer", status="Awaiting Customer Response", email="Awaiting Information"
        ),
        ActionSpec("Customer Responded", status="Customer Responded"),
        ActionSpec("Put on Hold", status="On Hold", hide=True),
        ActionSpec("Remove From Hold", status="In Progress", hide=True),
        ActionSpec("Change Status", hide=True, fields=STATUS),
        ActionSpec("Escalate to Second Line", status="Escalated", hide=True, fields=ASSIGN),
        ActionSpec("Escalate to Third Line", status="Escalated", hide=True, fields=ASSIGN),
        ActionSpec(
            "Log to Supplier",
            status="With Supplier",
            email="Supplier Ticket",
            hide=True,
            fields=SUPPLIER,
            systemid=c.SYSTEMID_LOG_TO_SUPPLIER,
        ),
        ActionSpec("Chase Supplier", email="Supplier Chase", hide=True, fields=SUPPLIER),
        ActionSpec("Email Supplier", email="Supplier Email", hide=True, fields=MAIL),
        ActionSpec("Update from Supplier", status="Supplier Responded", hide=True),
        ActionSpec("Schedule Appointments", status="Scheduled", email="Appointment Confirmation"),
        ActionSpec(
            "Request Approval", status="Pending Approval", email="Approval Request", hide=True
        ),
        ActionSpec("Approved", status="Approved"),
        ActionSpec("Rejected", status="Cancelled", email="Ticket Cancelled"),
        ActionSpec("Resolve Ticket", status="Resolved", email="Ticket Resolved"),
        ActionSpec("Close Ticket", status="Closed", email="Ticket Closed", systemid=1),
        ActionSpec("Reopen", status="Re-opened"),
        ActionSpec("Cancel Request", status="Cancelled", email="Ticket Cancelled"),
        ActionSpec("Pending Closure", status="Pending Closure", email="Pending Closure"),
        ActionSpec("Send Satisfaction Survey", email="Survey Invitation", fields=()),
        ActionSpec("Merge Ticket", hide=True),
        ActionSpec("Create Child Ticket", hide=True),
        ActionSpec("Action: Remote Session", fields=TIME),
        ActionSpec("Onsite Visit", fields=TIME),
        ActionSpec("Book Site Visit", status="Site Visit Booked", email="Site Visit Confirmation"),
        ActionSpec("Action: Call Back"),
        ActionSpec("Travel Time", hide=True, fields=("timetaken",)),
        ActionSpec("Quote Sent", status="Quote Sent", email="Quote Email", fields=MAIL),
        ActionSpec("Quote Accepted", status="Quote Accepted"),
        ActionSpec("Parts Ordered", status="Awaiting Parts", hide=True),
        ActionSpec("Parts Received", status="Parts Received", hide=True),
        ActionSpec("Invoice Query", hide=True),
        ActionSpec("Billing Adjustment", hide=True),
        ActionSpec("Contract Check", hide=True),
        ActionSpec("Alert Acknowledged", status="In Progress", hide=True),
        ActionSpec("Alert Auto-Resolved", status="Closed", hide=True),
        ActionSpec("Alert Escalated", status="Escalated", hide=True),
        ActionSpec("Backup Failure Investigated", hide=True),
        ActionSpec("Patch Deployed"),
        ActionSpec("Onboarding Task Complete", hide=True),
        ActionSpec("Onboarding Complete", status="Closed", email="Onboarding Complete"),
        ActionSpec("Project Task Update"),
        ActionSpec("Project Task Complete", status="Closed"),
        ActionSpec("Milestone Reached", email="Milestone Update", fields=MAIL),
        ActionSpec("Site Survey", fields=TIME),
        ActionSpec("Warranty Claim Raised", hide=True, fields=SUPPLIER),
        # Looks like a log-to-supplier action, but has no system use.
        ActionSpec("Vendor Case Opened", status="With Supplier", hide=True, fields=SUPPLIER),
        ActionSpec("Follow Up"),
        ActionSpec("Quality Check", hide=True),
        ActionSpec("Account Manager Review", hide=True),
        ActionSpec("Out of Scope", email="Out of Scope Notice", fields=MAIL),
        ActionSpec("Chargeable Work Approved"),
        ActionSpec("Email Contact", email="Action Email to User", fields=MAIL, via_api=True),
        ActionSpec(
            "Reply to Customer",
            email="Action Email to User",
            fields=MAIL,
            via_api=False,
            ai=True,
            ai_prompt="Make this reply friendly and professional.",
        ),
        ActionSpec("Add Attachments"),
        ActionSpec("Forward Email", email="Action Email to User", hide=True, fields=MAIL),
        ActionSpec("Password Reset", status="Resolved", email="Ticket Resolved"),
        ActionSpec("New User Setup Complete", status="Resolved", email="Ticket Resolved"),
        ActionSpec("Leaver Processed", status="Resolved", hide=True),
        ActionSpec("Hardware Dispatched", email="Action Email to User"),
        ActionSpec("Software Installed"),
        ActionSpec("Asset Assigned", hide=True),
        ActionSpec("Knowledge Article Created", hide=True),
        ActionSpec("Waiting on Third Party", status="Waiting on Third Party", hide=True),
        ActionSpec("Blocked", status="Blocked", hide=True),
        ActionSpec("Monitoring", status="Monitoring"),
        ActionSpec("Root Cause Found", hide=True),
        ActionSpec("Workaround Provided", email="Action Email to User", fields=MAIL, via_api=True),
        ActionSpec("Emergency Change Approved", status="Approved", hide=True),
        ActionSpec("Timesheet Correction", hide=True, fields=TIME),
        ActionSpec("Alert Suppressed", hide=True),
        ActionSpec("Portal Update", button_hidden=True),
    ),
    workflows=(
        WorkflowSpec(
            "Reactive Support Workflow",
            steps=(
                (
                    "Triage",
                    (
                        "Acknowledged",
                        "Start Work",
                        "Escalate to Second Line",
                        "Escalate to Third Line",
                    ),
                ),
                (
                    "Working",
                    (
                        "Chase",
                        "Awaiting Customer",
                        "Customer Responded",
                        "Action: Remote Session",
                        "Onsite Visit",
                        "Book Site Visit",
                        "Action: Call Back",
                        "Log to Supplier",
                        "Chase Supplier",
                        "Email Supplier",
                        "Update from Supplier",
                        "Vendor Case Opened",
                        "Warranty Claim Raised",
                        "Parts Ordered",
                        "Parts Received",
                        "Waiting on Third Party",
                        "Blocked",
                        "Email Contact",
                        "Reply to Customer",
                        "Workaround Provided",
                        "Root Cause Found",
                        "Password Reset",
                        "Hardware Dispatched",
                        "Software Installed",
                        "Create Child Ticket",
                        "Out of Scope",
                        "Chargeable Work Approved",
                        "Quote Sent",
                        "Quote Accepted",
                    ),
                ),
                (
                    "Resolution",
                    (
                        "Resolve Ticket",
                        "Pending Closure",
                        "Send Satisfaction Survey",
                        "Knowledge Article Created",
                    ),
                ),
                ("Closed", ("Close Ticket", "Reopen", "Cancel Request")),
            ),
            always=(*_NORTHWIND_COMMON, "Portal Update"),
        ),
        WorkflowSpec(
            "Service Request Workflow",
            steps=(
                (
                    "Requested",
                    (
                        "Acknowledged",
                        "Request Approval",
                        "Approved",
                        "Rejected",
                        "Emergency Change Approved",
                    ),
                ),
                (
                    "Fulfilment",
                    (
                        "Start Work",
                        "New User Setup Complete",
                        "Leaver Processed",
                        "Asset Assigned",
                        "Hardware Dispatched",
                        "Software Installed",
                        "Log to Supplier",
                        "Update from Supplier",
                        "Parts Ordered",
                        "Parts Received",
                        "Schedule Appointments",
                        "Awaiting Customer",
                        "Chase",
                        "Customer Responded",
                        "Email Contact",
                        "Quote Sent",
                        "Quote Accepted",
                    ),
                ),
                (
                    "Completion",
                    (
                        "Resolve Ticket",
                        "Close Ticket",
                        "Cancel Request",
                        "Reopen",
                        "Send Satisfaction Survey",
                    ),
                ),
            ),
            always=(*_NORTHWIND_COMMON, "Portal Update"),
        ),
        WorkflowSpec(
            "Project Task Workflow",
            steps=(
                ("Planned", ("Start Work", "Schedule Appointments", "Site Survey")),
                (
                    "In Progress",
                    (
                        "Project Task Update",
                        "Milestone Reached",
                        "Blocked",
                        "Onsite Visit",
                        "Action: Remote Session",
                        "Log to Supplier",
                    ),
                ),
                ("Done", ("Project Task Complete", "Close Ticket", "Reopen")),
            ),
            # Project tasks talk to the project manager, not to end users.
            always=_workflow_gaps(_NORTHWIND_COMMON, "Email User", "Forward Email", "Phone Call"),
        ),
        WorkflowSpec(
            "Alert Workflow",
            steps=(
                (
                    "Raised",
                    (
                        "Alert Acknowledged",
                        "Alert Suppressed",
                        "Alert Escalated",
                        "Backup Failure Investigated",
                        "Patch Deployed",
                        "Monitoring",
                    ),
                ),
                ("Cleared", ("Alert Auto-Resolved", "Close Ticket", "Reopen")),
            ),
            # Alerts come from monitoring: no user to write to, notes are private notes only.
            always=_workflow_gaps(
                _NORTHWIND_COMMON, "Internal Note", "Email User", "Forward Email", "Ticket Update"
            ),
        ),
        WorkflowSpec(
            "Onboarding Workflow",
            steps=(
                (
                    "Kick-off",
                    (
                        "Acknowledged",
                        "Request Approval",
                        "Approved",
                        "Account Manager Review",
                        "Contract Check",
                    ),
                ),
                (
                    "Tasks",
                    (
                        "Onboarding Task Complete",
                        "Site Survey",
                        "Hardware Dispatched",
                        "Software Installed",
                        "Asset Assigned",
                        "Log to Supplier",
                        "Chase",
                        "Awaiting Customer",
                        "Customer Responded",
                    ),
                ),
                (
                    "Complete",
                    ("Onboarding Complete", "Close Ticket", "Reopen", "Send Satisfaction Survey"),
                ),
            ),
            always=_NORTHWIND_COMMON,
        ),
    ),
    ticket_types=(
        TicketTypeSpec("Incident", "Reactive Support Workflow", "New"),
        TicketTypeSpec("Service Request", "Service Request Workflow", "New"),
        TicketTypeSpec("Problem", "Reactive Support Workflow", "New"),
        TicketTypeSpec("Change Request", "Service Request Workflow", "Pending Approval"),
        TicketTypeSpec("Project Task", "Project Task Workflow", "Project Planning"),
        TicketTypeSpec("Alert", "Alert Workflow", "Alert Received", False),
        TicketTypeSpec("Onboarding", "Onboarding Workflow", "Onboarding In Progress"),
    ),
    teams=(
        TeamSpec("1st Line Support", 13, "Support Technician"),
        TeamSpec("2nd Line Support", 10, "Support Engineer"),
        TeamSpec("3rd Line & Projects", 8, "Senior Engineer"),
        TeamSpec("Network Operations Centre", 6, "NOC Engineer"),
        TeamSpec("Onboarding", 4, "Onboarding Specialist"),
        TeamSpec("Account Management", 4, "Account Manager"),
        TeamSpec("Service Delivery", 3, "Service Delivery Manager"),
    ),
    agent_domain="northwindmsp.com",
    named_agents=(),
    disabled_agents=2,
    api_agent="API Integration User",
    clients=(
        ClientSpec("Contoso Pharmaceuticals", "contosopharma.com", ("Cambridge Campus",), 18),
        ClientSpec(
            "Harbourside Dental Group",
            "harboursidedental.co.uk",
            ("Harbourside Practice", "Marina Practice"),
            16,
        ),
        ClientSpec(
            "Kestrel Logistics", "kestrel-logistics.co.uk", ("Head Office", "Felixstowe Depot"), 34
        ),
        ClientSpec("Meridian Accountants", "meridianaccountants.co.uk", ("Head Office",), 14),
        ClientSpec("Bramble & Oak Interiors", "brambleandoak.co.uk", ("Showroom",), 7),
        ClientSpec("Cobalt Engineering", "cobalteng.com", ("Head Office", "Workshop"), 26),
        ClientSpec("Ashdown Veterinary Practice", "ashdownvets.co.uk", ("Main Surgery",), 9),
        ClientSpec(
            "Pinecrest Academy Trust",
            "pinecrest-academy.org.uk",
            ("Pinecrest Primary", "Pinecrest High"),
            38,
        ),
        ClientSpec(
            "Riverside Housing Association", "riversidehousing.org.uk", ("Head Office",), 22
        ),
        ClientSpec("Sterling Wealth Partners", "sterlingwealth.co.uk", ("Head Office",), 11),
        ClientSpec("Thornbury Architects", "thornburyarchitects.com", ("Studio",), 12),
        ClientSpec("Larkspur Hotels", "larkspurhotels.com", ("Larkspur Bath", "Larkspur York"), 20),
        ClientSpec("Northgate Medical Centre", "northgatemedical.co.uk", ("Main Building",), 15),
        ClientSpec("Quayside Marine Services", "quaysidemarine.co.uk", ("Boatyard",), 8),
        ClientSpec("Elmfield Solicitors", "elmfieldlaw.co.uk", ("Head Office",), 13),
        ClientSpec("Silverline Recruitment", "silverline-recruitment.co.uk", ("Head Office",), 10),
        ClientSpec(
            "Greenway Garden Centres",
            "greenwaygardens.co.uk",
            ("Greenway Oxford", "Greenway Swindon"),
            17,
        ),
        ClientSpec("Hollybrook Care Homes", "hollybrookcare.co.uk", ("Hollybrook House",), 19),
        ClientSpec("Summit Print & Design", "summitprint.co.uk", ("Print Works",), 6),
        ClientSpec("Valewood Brewery", "valewoodbrewery.co.uk", ("Brewery",), 9),
        ClientSpec("Beacon Insurance Brokers", "beaconbrokers.co.uk", ("Head Office",), 12),
        ClientSpec("Orchard Lane Surgery", "orchardlanesurgery.co.uk", ("Surgery",), 10),
        ClientSpec(
            "Westbridge Property Management", "westbridgeproperty.co.uk", ("Head Office",), 11
        ),
        ClientSpec("Tailspin Toys", "tailspintoys.com", ("Warehouse",), 9),
        ClientSpec("Wide World Importers", "wideworldimporters.com", ("Head Office",), 14),
        ClientSpec("Alpine Ski House", "alpineskihouse.com", ("Chalet Office",), 5),
    ),
    named_users=(
        # Contoso agents who once logged tickets here, filed under the near-name customer.
        ("Contoso Pharmaceuticals", "Priya Shah", "priya.shah@contoso.com"),
        ("Contoso Pharmaceuticals", "Tom Whitfield", "tom.whitfield@contoso.com "),
        ("Contoso Pharmaceuticals", "Grace O'Neill", "Grace.ONeill@Contoso.com"),
        ("Kestrel Logistics", "Reception Desk", None),
        ("Meridian Accountants", "Accounts Team", "accounts@meridianaccountants.co.uk"),
        ("Larkspur Hotels", "Front Desk York", None),
    ),
    suppliers=(
        ("Fabrikam Distribution", "sales@fabrikamdist.com", "0330 496 0100", "fabrikamdist.com"),
        ("Relecloud Fibre", "noc@relecloudfibre.net", "0800 496 0777", "relecloudfibre.net"),
        ("Wingtip Networks", "orders@wingtipnetworks.com", "0117 496 0345", "wingtipnetworks.com"),
        (
            "Lucerne Licensing",
            "renewals@lucernelicensing.com",
            "0207 496 0099",
            "lucernelicensing.com",
        ),
        (
            "Consolidated Messenger",
            "bookings@consolidatedmessenger.com",
            "0845 496 0123",
            "consolidatedmessenger.com",
        ),
        ("Proseware Broadband", "partners@proseware.net", "0800 496 0556", "proseware.net"),
    ),
    other_fields=(
        ("CFClientCostCenter", "Cost Center", 2, "customer", ("Finance", "HR", "IT", "Sales")),
        ("CFSiteAccessNotes", "Site Access Notes", 1, "site", ()),
        ("CFContactVIP", "VIP", 6, "user", ()),
        ("CFDeviceSerial", "Serial Number", 0, "asset", ()),
        ("CFDeviceName2", "Device Name", 0, "asset", ()),
    ),
    connected=(
        ConnectedSpec(
            entity="Client",
            name="Harbourside Dental Group",
            tenant="harbourside",
            product="haloitsm",
            statuses=(
                (1, "New", "New"),
                (4, "Waiting on User", "Awaiting Customer Response"),
                (6, "With Supplier", "In Progress"),
                (9, "Closed", "Closed"),
            ),
            actions=(
                (17, "Note to MSP", "Internal Note"),
                (35, "Close and Tell MSP", "Close Ticket"),
            ),
            ticket_types=((1, "Incident", "Incident"), (3, "Service Request", "Service Request")),
            default_status="Assigned",
            default_ticket_type="Incident",
            default_action="Internal Note",
            attachments=1,
        ),
        ConnectedSpec(
            entity="Client",
            name="Pinecrest Academy Trust",
            tenant="pinecrest",
            product="haloitsm",
            statuses=(
                (1, "New", "New"),
                (2, "In Progress", "In Progress"),
                (9, "Closed", "Closed"),
            ),
            actions=((5, "Update", "Ticket Update"),),
            ticket_types=((2, "Fault", "Incident"),),
            default_status=None,
            default_ticket_type="Incident",
            default_action="Ticket Update",
        ),
    ),
    tickets=(
        TicketSpec(
            "Email not syncing on phones",
            "Since this morning no phone in the office receives new mail.",
            "Kestrel Logistics",
            "Incident",
            "In Progress",
            "1st Line Support",
            "2026-03-02T08:31:00",
            actions=(
                ("Acknowledged", "Thanks, we're on it."),
                ("Action: Remote Session", "Connected to the mail gateway; sync queue stuck."),
            ),
        ),
        TicketSpec(
            "Backup job failed on FS01",
            "Nightly backup job reported 2 failed items.",
            "Harbourside Dental Group",
            "Alert",
            "Alert Received",
            "Network Operations Centre",
            "2026-03-02T02:14:00",
            actions=(("Alert Acknowledged", "Looking at the job log."),),
        ),
        TicketSpec(
            "New user: receptionist starting Monday",
            "Account, mailbox and a laptop for the new receptionist.",
            "Meridian Accountants",
            "Onboarding",
            "Onboarding In Progress",
            "Onboarding",
            "2026-03-03T09:40:00",
            actions=(("Onboarding Task Complete", "Account created; laptop being imaged."),),
        ),
        TicketSpec(
            "Replace failing firewall",
            "Firewall reboots under load; replacement agreed in the last review.",
            "Cobalt Engineering",
            "Project Task",
            "Project In Progress",
            "3rd Line & Projects",
            "2026-03-03T13:05:00",
            supplier="Wingtip Networks",
            actions=(("Log to Supplier", "One firewall please, next-day delivery."),),
        ),
        TicketSpec(
            "Wi-Fi very slow in the staff room",
            "Staff room access point is slow at lunchtime.",
            "Pinecrest Academy Trust",
            "Incident",
            "Awaiting Customer Response",
            "2nd Line Support",
            "2026-03-04T12:50:00",
            actions=(("Awaiting Customer", "Is it slow on every device, or only on laptops?"),),
        ),
        TicketSpec(
            "Quote for five laptops",
            "Five laptops for the new architects, same spec as last year.",
            "Thornbury Architects",
            "Service Request",
            "Quote Sent",
            "Account Management",
            "2026-03-04T16:10:00",
            supplier="Fabrikam Distribution",
            actions=(("Quote Sent", "Quote Q-1042 attached."),),
        ),
        TicketSpec(
            "Shared mailbox permissions for the lab team",
            "Please give the lab team access to the samples mailbox.",
            "Contoso Pharmaceuticals",
            "Service Request",
            "Closed",
            "1st Line Support",
            "2026-03-05T10:25:00",
            actions=(("Close Ticket", "Permissions granted; confirmed with the lab manager."),),
        ),
    ),
)

FLAVOURS: Final = (CONTOSO, NORTHWIND)
