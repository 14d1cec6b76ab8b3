"""Every Halo API name and value this project assumes, in one place.

halo-api.md tags some names [assumed]: nothing public confirms them. They all live here so a single
edit corrects them against a real instance. The simulator imports the same table, so the two never
disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MIN_VERSION: Final = (2, 184)
"""Ticket sync between Halo instances needs Halo 2.184 or later (seed 001)."""

DEFAULT_SCOPE: Final = "all"

# ---- Lists: which endpoints wrap their records, and under which key. -------------------------
# Wrapped lists look like {"record_count": N, "<key>": [...]}; the rest are bare JSON arrays.
WRAPPED_LIST_KEYS: Final[dict[str, str]] = {
    "Client": "clients",
    "Users": "users",
    "Tickets": "tickets",
    "Site": "sites",
    "Actions": "actions",
    "Supplier": "suppliers",  # [assumed]
}
BARE_LIST_ENTITIES: Final[tuple[str, ...]] = (
    "Status",
    "Priority",
    "TicketType",
    "Agent",
    # [assumed] below
    "Outcome",
    "Category",
    "FieldInfo",
    "Workflow",
    "Features",
    "ConnectedInstance",
    "Application",
)
PAGE_CAP: Final = 100
"""The server returns at most this many records a page, whatever page_size asks for."""
UNPAGED_LISTS: Final[frozenset[str]] = frozenset({"Agent"})
"""Lists that come back whole even when asked for one page: with pageinate=true, page_size,
page_no and count change nothing (pageinate only wraps them). [known] halocli's read-only sweep of
a production 2.236 tenant asked every list with pageinate=true&page_size=1&count=1
(scripts/prod_get_sweep.py): /Agent answered all 24 agents under `results`, while /Client
answered 1 row under `clients` (sweep_results.json). The client pages by what comes back, so one
request reads every agent. The bare lists asked the same way ignored count too: /Category
answered 162 rows, /TicketType 25, /Workflow 8. Whether count without pageinate is honoured is
not shown; the simulator honours it then."""

# ---- Modules ----------------------------------------------------------------------------------
SUPPLIERS_MODULE_NAME: Final = "Suppliers"  # Features row with module_name == this [assumed]

# ---- Profiles (Supplier and Client share these fields) ----------------------------------------
PROFILE_ALLOW_API_ACCESS: Final = "allow_api_access"
PROFILE_ISSUED_CLIENT_ID: Final = "api_access_clientid"
PROFILE_ISSUED_CLIENT_SECRET: Final = "api_access_clientsecret"
PROFILE_REMOTE_API_URL: Final = "thirdpartynhdapiurl"
PROFILE_REMOTE_AUTH_URL: Final = "thirdpartynhdauthurl"
PROFILE_REMOTE_TENANT: Final = "thirdpartynhdtenant"
PROFILE_REMOTE_CLIENT_ID: Final = "thirdpartynhdapiclientid"
PROFILE_REMOTE_CLIENT_SECRET_WRITE: Final = "new_thirdpartynhdapiclientsecret"
PROFILE_TEST_TRIGGER: Final = "test_thirdpartynhd"
PROFILE_VALIDATED: Final = "thirdpartynhd_validated"
PROFILE_WARNING: Final = "_warning"

MAPPING_STATUS: Final = "thirdpartynhd_status_mappings"
MAPPING_CATEGORY: Final = "thirdpartynhd_category_mappings"
MAPPING_ACTION: Final = "thirdpartynhd_outcome_mappings"
MAPPING_FIELD: Final = "thirdpartynhdcustomfieldmappings"
MAPPING_TICKET_TYPE: Final = "thirdpartynhd_tickettype_mappings"  # customers only
DEFAULT_STATUS: Final = "thirdpartynhd_status"
DEFAULT_CATEGORY: Final = "thirdpartynhd_category"
DEFAULT_ACTION: Final = "thirdpartynhd_outcome"
DEFAULT_TICKET_TYPE: Final = "thirdpartynhd_tickettype"  # customers only
OUTBOUND_ATTACHMENTS: Final = "thirdpartynhd_attachments"  # 1 send attachments, 0 don't

STATUS_ACTION_OR_TICKET_TYPE_DEFAULT: Final = -1
"""thirdpartynhd_status == -1 means "Action/Ticket Type Default". [assumed]"""

# Mapping row (IntegrationFieldMapping) keys [assumed]
MAPROW_LOCAL_ID: Final = "fiid"  # the record in THIS instance
MAPROW_LOCAL_NAME: Final = "name"
MAPROW_REMOTE_ID: Final = "thirdpartyname"  # the record in the OTHER instance, as a string
MAPROW_REMOTE_NAME: Final = "third_party_friendly_name"

# ---- Actions (Outcome) --------------------------------------------------------------------------
SYSTEMID_NONE: Final = 0
SYSTEMID_LOG_TO_SUPPLIER: Final = 11
SYSTEM_USES: Final[dict[int, str]] = {  # [assumed] known values of Outcome.systemid
    0: "No system use",
    1: "Close ticket",
    2: "Email user",
    3: "Private note",
    11: "Log to supplier",
}
SENDEMAIL_NO: Final = 0
SENDEMAIL_YES: Final = 1

SYNC_TO_HALO: Final = "sync_to_halo_api"  # "Send to Connected Halo Instance" [schema]
SYNC_NO: Final = 0  # No: the column's database default (schema.sql: DEFAULT ((0))) [inferred]
SYNC_SUPPLIER: Final = 1
SYNC_CUSTOMER: Final = 2
"""The simulator's default reading of the other numbers [unproven: constants.SYNC_VALUES]. The
wizard never uses these two: it reads the numbers through what each instance has shown
(steps/unknowns.py sync_number / sync_party)."""

ACTION_FIELD_NOTE: Final = "note"
ACTION_FIELD_SUPPLIER: Final = "supplier"
ACTION_FIELD_SUPPLIER_REF: Final = "supplierref"
ACTION_FIELD_SEND_TO_HALO: Final = "sendtohalo"

# ---- Custom fields (FieldInfo.type) ------------------------------------------------------------
FIELD_TYPES: Final[dict[int, str]] = {
    0: "Text",
    1: "Memo",
    2: "Single select",
    3: "Multi select",
    4: "Date",
    5: "Time",
    6: "Checkbox",
    10: "Rich text",
}
MAPPABLE_BUILTIN_FIELDS: Final = ("summary", "startdate", "targetdate")  # [assumed]

# ---- Token endpoint (hosted instances) ----------------------------------------------------------
HOSTED_DOMAINS: Final = (
    ".halopsa.com",
    ".haloitsm.com",
    ".haloservicedesk.com",
    ".halocrm.com",
    ".haloservicesolutions.com",
)

# ---- Rate limit (hosted Halo) ----------------------------------------------------------------
RATE_LIMIT_REQUESTS: Final = 700
"""2026 hosted tenants: "700 API requests per rolling 5 minutes" (halocli README, verified live;
evidence digest section 4). Older tenants had 300."""
RATE_LIMIT_WINDOW_SECONDS: Final = 300.0
RATE_LIMIT_TEXT: Final = "Rate Limit Reached - 700 Requests per rolling 5 minute window"
"""The 429 answer's text, sent as JSON {"error": RATE_LIMIT_TEXT}: "most likely JSON" (halo-api.md
section 0); no public 429 body was found, and whether Retry-After comes with it is unknown."""

# ---- Scopes ------------------------------------------------------------------------------------
# Which scope area guards which entity. edit:<area> implies read:<area>; "all" grants everything;
# "all:standard" every area but admin (assumed from its name); "admin" the admin area. An empty area
# is readable with any valid token and written with "all" or "admin". [assumed: Halo publishes no
# such table; tickets for Tickets/Actions and the customer and supplier areas follow the scope
# names, the rest is our decision]
SCOPE_AREA_BY_ENTITY: Final[dict[str, str]] = {
    "Tickets": "tickets",
    "Actions": "tickets",
    "Outcome": "tickets",  # ticket configuration lists [assumed]
    "Category": "tickets",
    "TicketType": "tickets",
    "FieldInfo": "tickets",
    "Workflow": "tickets",
    "Status": "",  # any valid token [assumed]
    "Priority": "",
    "Agent": "",
    "Team": "",
    "Client": "customers",
    "Site": "customers",
    "Users": "customers",
    "Supplier": "suppliers",
    "Features": "admin",
    "ConnectedInstance": "admin",
    "Application": "admin",
    "Control": "admin",
    "ViewLists": "admin",
    "InstanceInfo": "",  # answers without a token (halo-api.md section 0)
}
KNOWN_SCOPES: Final = frozenset(
    {
        # The 44 scopes of [HaloAuth]::Scopes in HaloAPI's Classes/HaloAuth.psm1 (evidence
        # digest section 6), exactly.
        "all",
        "all:standard",
        "admin",
        "read:tickets",
        "edit:tickets",
        "read:calendar",
        "edit:calendar",
        "read:customers",
        "edit:customers",
        "read:crm",
        "edit:crm",
        "editMine:timesheets",
        "read:timesheets",
        "edit:timesheets",
        "read:contracts",
        "edit:contracts",
        "read:suppliers",
        "edit:suppliers",
        "read:items",
        "edit:items",
        "read:projects",
        "edit:projects",
        "read:sales",
        "edit:sales",
        "read:quotes",
        "edit:quotes",
        "read:sos",
        "edit:sos",
        "read:pos",
        "edit:pos",
        "read:invoices",
        "edit:invoices",
        "read:reporting",
        "edit:reporting",
        "read:software",
        "edit:software",
        "read:softwarelicensing",
        "edit:softwarelicensing",
        "read:kb",
        "edit:kb",
        "read:assets",
        "edit:assets",
        "access:chat",
        "access:adpasswordreset",
        # Not in that list, but the halocli README asks for it next to read:reporting "for
        # refresh" on live tenants (evidence digest section 4): Halo accepts it.
        "offline_access",
    }
)

# ---- Statuses, ticket types, instance info (appended for the demo instances) ----------------
STATUS_DOMAIN_TICKETS: Final = 0
"""TStatus.type is the status's domain, not open/closed: 0 = ticket statuses. [known] On a live
sandbox "New" (id 1) and "Closed" (id 9) both have type 0 (HaloPsa.Api .NET client,
MetadataApiTests.cs, live-trimmed 2026-10-08; evidence digest section 8); the database default of
TstatusType is 0 (schema.sql). Statuses of other domains (orders, opportunities) share /Status
with other type numbers, which no public source names."""
CLOSED_STATUS_ID: Final = 9
""""Closed" is built-in status 9 [known by convention]: the live fixture above and halocli's live
tenant (mirror_evidence.json: only tickets at status 9 have hasbeenclosed) both have it at 9."""
CANCELLED_STATUS_ID: Final = 8
""""Cancelled" is built-in status 8. [assumed: no public source shows id 8]"""
ALLOWED_ACTION_ID: Final = "key1"
"""TicketType.allowed_actions rows (schema Restriction) hold the action id here and its name in
key1_name; they matter only when allowall_actions is false. [assumed]"""
INSTANCE_DISPLAY_NAME: Final = "name"
"""The InstanceInfo key the demo instances and the simulator use for a display name. [assumed]"""

# ---- Write-only secrets ------------------------------------------------------------------------
WRITE_ONLY_PREFIX: Final = "new_"
WRITE_ONLY_SECRET_WORDS: Final = ("secret", "password", "token", "key")
"""A `new_*` field whose name holds one of these words is a write-only secret: reads never return
it (e.g. new_thirdpartynhdapiclientsecret, new_clientsecret). Other `new_*` fields, such as an
action's new_status, are ordinary values. [assumed]"""

# ---- Ticket sync records (appended for ticket sync in the simulator and the end-to-end test) ----
ACTION_SUPPLIER_ID: Final = "new_supplier_id"
"""The Supplier chosen on a log-to-supplier action. [schema Actions (2.236) + the halopsa client's
Action.py; `supplier_id` is not an action field: evidence digest section 5]"""
ACTION_SUPPLIER_REF: Final = "new_supplier_ref"
"""The Supplier Ref typed on a log-to-supplier action; must be blank to sync (R18). [schema
Actions; `supplierref` is not an action field. ACTION_FIELD_SUPPLIER_REF, an entry of an action's
field list, is a different thing]"""
ACTION_SENT_TO_API_URL: Final = "senttoapiurl"
"""Set on an action that reached the other instance: the other's URL and endpoint. [schema]"""
ACTION_WHO_AGENT_ID: Final = "who_agentid"  # the agent who did the action [schema]
ACTION_NEW_STATUS: Final = "new_status"  # the ticket's status after the action [schema]
ACTION_HIDDEN_FROM_USER: Final = "hiddenfromuser"  # [schema]
ACTION_SEND_EMAIL: Final = "sendemail"  # on a ticket action: true when it sent an e-mail [schema]
ACTION_EMAIL_TO: Final = "emailto"  # [schema]
ACTION_ATTACHMENTS: Final = "attachments"  # [schema]
TICKET_THIRD_PARTY_ID: Final = "third_party_id"
"""On a synced ticket: the id of the linked ticket in the other instance. [schema; use assumed]"""
TICKET_SUPPLIER_ID: Final = "supplier_id"  # [schema]
END_USER_EMAIL: Final = "emailaddress"  # Users.emailaddress [known]
AGENT_EMAIL: Final = "email"  # Agent.email [schema]

# ---- Connected instances and linked ticket lists (seed 000; appended for issue 8) -------------
CONNECTED_INSTANCE_ENTITY: Final = "ConnectedInstance"  # /api/ConnectedInstance [schema]
CI_NAME: Final = "name"  # [schema]
CI_API_URL: Final = "apiurl"  # the primary instance's /api [schema]
CI_AUTH_URL: Final = "authurl"  # the primary instance's /auth [schema]
CI_TENANT: Final = "tenant"  # [schema]
CI_CLIENT_ID: Final = "clientid"  # [schema]
CI_CLIENT_SECRET_WRITE: Final = "new_clientsecret"  # write-only [schema]
CI_TEST: Final = "_test"  # the "Test" button: POST the record with this true [schema]
CI_TEST_OK: Final = "_test_ok"  # [schema]
CI_TEST_RESULT: Final = "_test_result"  # [schema]
CI_TEST_OK_TEXT: Final = "Connection successful"  # what the simulator answers [assumed]

APPLICATION_ENTITY: Final = "Application"  # /api/Application, schema NHD_Identity_Application
APP_ID: Final = "id"  # a string [schema]
APP_CLIENT_ID: Final = "clientId"  # [schema]
APP_DISPLAY_NAME: Final = "displayName"  # [schema]
APP_LOGIN_AGENT: Final = "loginas_agent_id"  # [schema]
APP_LOGIN_AGENT_NAME: Final = "loginas_agent_name"  # [schema]
APP_SCOPES: Final = "scopes"  # rows of NHD_Identity_ApplicationScope (id, application_id, name)
APP_SCOPE_NAME: Final = "name"  # [schema]
APP_INACTIVE: Final = "inactive"  # [schema]
APPLICATION_WRITES_SUPPORTED: Final = False
"""The OpenAPI document lists POST /Application, but whether Halo creates an application (and
hands back its secret) through the API is unknown; the wizard guides the admin and then verifies
the pasted Client ID and Secret by signing in with them. [assumed]"""
APP_AUTH_METHOD_LABEL: Final = "Client ID and Secret (Services)"  # Halo's wording (seed 000)
LINKED_APP_SCOPES: Final = ("read:tickets", "read:customers")
"""Permissions recommended for the connected instance's application: it reads the primary
instance's ticket lists and the tickets and customers they show (agents need no scope of their
own). Halo has no read:agents scope (HaloAuth.psm1's 44 scopes). [assumed: the guide's figure is
not readable]"""

VIEWLIST_ENTITY: Final = "ViewLists"  # ticket lists ("view lists"): /api/ViewLists [schema]
VIEWLIST_NAME: Final = "name"  # [schema]
VIEWLIST_USE: Final = "use"  # [schema]
VIEWLIST_USE_TICKETS: Final = "tickets"  # a list of tickets (other uses are skipped) [assumed]
VIEWLIST_CONNECTED_INSTANCE: Final = "connectedinstance_id"  # "Halo API" field [schema]
VIEWLIST_CONNECTED_LIST: Final = "connectedinstance_list_id"  # the primary's list id [schema]
VIEWLIST_CONNECTED_NAME: Final = "connectedinstance_name"  # [schema]
VIEWLIST_FILTERS: Final = "filters"  # rows of ViewFilterDetails [schema]
VIEWFILTER_NAME: Final = "filter_name"  # [schema]
VIEWFILTER_VALUE: Final = "filter_value"  # [schema]
VIEWFILTER_VALUES: Final = "filter_values"  # KeyPair rows [schema]
LINKED_BARE_LIST_ENTITIES: Final = ("ViewLists",)
"""Bare-array lists added after BARE_LIST_ENTITIES was written (ViewLists [assumed bare])."""

# E-mail identification: "Add an instance identifier to the subject of Outgoing Emails" and the
# identifier. Halo's OpenAPI document has no such field (searched Control and every schema for
# "identifier", "instance", "subject"); both names below are [assumed]. /api/Control [schema]
# is the settings record; GET answers one object, POST takes a one-object array [assumed].
CONTROL_ENTITY: Final = "Control"
SINGLETON_ENTITIES: Final = ("Control",)
EMAIL_IDENTIFIER_ENABLED: Final = "email_add_instance_identifier"  # bool [assumed]
EMAIL_IDENTIFIER: Final = "email_instance_identifier"  # text [assumed]

# ---- What list rows leave out, and how lists are asked for (halo-api.md section 0) ---------
PROFILE_ENTITIES: Final = ("Supplier", "Client")
LIST_ROWS_LEAVE_OUT: Final[dict[str, tuple[str, ...]]] = {
    # [known] prod 2.236 sweep (halocli sweep_results.json) and the Company_List schema: profile
    # rows carry thirdpartynhdapiurl but no API access fields and no mapping lists.
    "Client": ("allow_api_access",),
    "Supplier": ("allow_api_access",),
    # [known] the sweep's TicketType rows (27 keys, uncapped) carry none of these.
    "TicketType": ("workflow_id", "allowall_actions"),
    # [known] Workflow rows are id, guid, name, active, notinuse; steps only in the detail.
    "Workflow": ("steps", "always_allow_actions"),
    # [known] the sweep's first agent row has no email (Uname_List has it). isapiagent is not
    # asked for: /Agent leaves API agents out unless includeapiagents=true [schema parameter;
    # the sweep's default row has no isapiagent either], so a listed agent is not one.
    "Agent": ("email",),
    # [known] ViewLists rows carry filter_profile_id, not the filters.
    "ViewLists": ("filters",),
    # [assumed] prod Outcome rows are full (91 rows, 333 KB); read in full only a row without
    # its field list.
    "Outcome": ("fields",),
}
"""Per list: fields the wizard reads that list rows may leave out. A row without them is read in
full (GET <Entity>/<id>?includedetails=true), concurrently and within the rate limit."""
LIST_PARAMS: Final[dict[str, dict[str, str]]] = {
    # [schema] /Agent parameters: withemail puts agents' e-mail on the rows, which saves reading
    # each agent in full; whether Halo honours it is unproven (rows without it are read in full).
    "Agent": {"withemail": "true"},  # constants.AGENT_WITH_EMAIL
}

CLOSING_STATUS_IDS: Final = (CLOSED_STATUS_ID, CANCELLED_STATUS_ID)
"""A ticket is closed when its status is one of these (the built-in Closed and Cancelled)."""

FIELD_USAGE: Final = "usage"
"""FieldInfo.usage (int): which record a field belongs to. [schema] FieldInfo.usage, FIELDINFO.
FIusage; /FieldInfo answers fields of every usage (430 rows on one tenant)."""
BUILTIN_TICKET_FIELDS: Final = ("summary", "details", "startdate", "targetdate")
"""Built-in ticket fields: their usage is the instance's ticket usage (learned, not assumed)."""
TICKET_FIELD_USAGE: Final = 1
"""The usage of ticket fields when an instance shows no built-in ticket field to learn it from
(the wizard learns it from the built-ins). /api/FieldInfo returns fields of every usage (430 rows
on one tenant: ticket, customer, site, asset fields); only ticket fields may be mapped.
[unproven: the one public hint is a SQL snippet pairing FICustom = 1 with FIusage = 1 for ticket
custom fields; no enum is published (evidence digest section 9)]"""


# ---- What is still unknown about Halo (halo-api.md section 0) ------------------------------
# Each unknown below changes what the wizard writes or concludes. The wizard never assumes an
# answer: it learns it from the instance (records Halo itself wrote, an example the admin makes
# once in Halo's own screen, what the end-to-end test observes) and keeps it in the plan as a
# learned fact with its evidence, or it stops before the write that depends on it. The simulator
# answers each one way by default and the other ways under `simulate --dialect NAME`.


@dataclass(frozen=True, slots=True)
class Unknown:
    """One open question about Halo and the answers it may have."""

    key: str
    question: str
    answers: tuple[str, ...]
    """Every plausible answer; the first is what the simulator does by default."""
    affects: str
    """What the wizard writes or concludes with the answer."""
    learned_by: str
    """How the wizard finds the answer on an instance."""


MAPPING_ROW_IDS: Final = Unknown(
    "mapping-row-ids",
    "Which id a mapping row holds in fiid and which in thirdpartyname",
    ("local-in-fiid", "local-in-thirdpartyname"),
    "every mapping row written to a profile, and every mapping read back",
    "mapping rows Halo already holds (any profile), else one mapping the admin makes in Halo",
)
SYNC_VALUES: Final = Unknown(
    "sync-values",
    "Which sync_to_halo_api number means Supplier and which Customer",
    ("1-supplier-2-customer", "1-customer-2-supplier"),
    "the sync setting of created actions and test actions; the loop and note rules",
    "an action the admin sets once in Halo, or the end-to-end test's own test notes",
)
API_EMAIL_FIELD: Final = Unknown(
    "api-email-field",
    "Which field holds 'Send an email when created using the Supplier/Organisation API'",
    ("not-in-api", "auto_forward_halo_api"),
    "rule R14 and the e-mail action the wizard would create",
    "the admin ticks the setting once on an action in Halo; the wizard reads what changed",
)
ISSUED_SECRET: Final = Unknown(
    "issued-secret",
    "Whether a profile's issued client secret can be read back through the API",
    ("readable", "once", "hidden"),
    "the secret copied into the other instance's profile (credential swap)",
    "the profile read after API access is on, or the answer of the write that turned it on",
)
AUTHENTICATE: Final = Unknown(
    "authenticate-connection",
    "How 'Authenticate connection' is pressed through the API and where it reports",
    ("answer", "reread", "manual"),
    "whether the wizard says a profile authenticates",
    "the answer of the test write, else the profile read again, else the admin presses it",
)
STATUS_ACTION_DEFAULT: Final = Unknown(
    "status-action-default",
    "Which thirdpartynhd_status value means 'Action/Ticket Type Default'",
    ("-1", "0"),
    "a profile's default status when the admin chooses 'Action/Ticket Type Default'",
    "a profile whose default status Halo holds as a value that is no status, else the admin "
    "chooses it once in Halo",
)
UNKNOWNS: Final[tuple[Unknown, ...]] = (
    MAPPING_ROW_IDS,
    SYNC_VALUES,
    API_EMAIL_FIELD,
    ISSUED_SECRET,
    AUTHENTICATE,
    STATUS_ACTION_DEFAULT,
)
UNKNOWN_BY_KEY: Final[dict[str, Unknown]] = {u.key: u for u in UNKNOWNS}


# ---- Snapshots (halo-api.md section 5) -----------------------------------------------------
SNAPSHOT_FORMAT: Final = "halo-snapshot/1"
SNAPSHOT_RECORD_LISTS: Final = (
    "Features",
    "Status",
    "Category",
    "TicketType",
    "FieldInfo",
    "Outcome",
    "Workflow",
    "Agent",
    "Users",
    "Client",
    "Supplier",
    "Site",
    "Tickets",
    "Actions",
    "ConnectedInstance",
)
"""The record lists of a snapshot, in the order halo-api.md gives them."""


# ---- Live Halo answers (simulator evidence) -----------------------------------------------
# What recorded answers of live 2026 Halo tenants show; the simulator answers the same way. Sources
# are in /work/evidence/digest.md (halo-api.md section 0).

AGENT_WITH_EMAIL: Final = "withemail"
"""/api/Agent parameter: list rows carry `email` only when asked. [schema parameter; the live
/Agent row has no email and no isapiagent (sweep_results.json, prod 2.236): behaviour assumed]"""
AGENT_INCLUDE_API_AGENTS: Final = "includeapiagents"  # /api/Agent parameter [schema]
AGENT_INCLUDE_DISABLED: Final = "includedisabled"  # /api/Agent parameter [schema]
AGENT_IS_API_AGENT: Final = "isapiagent"  # Agent.isapiagent [schema]
PAGINATED_LIST_KEYS: Final[dict[str, str]] = {"Agent": "results"}
"""Bare lists that come back wrapped under this key when asked with pageinate=true (/Agent with
pageinate=true: envelope `results`, sweep_results.json prod 2.236)."""
INCLUDE_DETAILS: Final = "includedetails"
"""GET /api/<Entity>/<id>?includedetails=true gives the record with its nested lists (workflow
steps, mapping rows); list rows are thin projections (sweep_results.json,
advanced_config_evidence.json)."""
INSTANCE_TENANT: Final = "tenant_id"
"""InstanceInfo carries the tenant on hosted instances (halo_version_snapshot.json)."""
APP_NAME_PSA: Final = "Halo PSA"  # InstanceInfo.app_name on a live PSA (with a space) [known]
APP_NAME_ITSM: Final = "Halo ITSM"  # by analogy with the PSA [assumed]
PRIORITY_NUMBER: Final = "priorityid"
"""A priority's `id` is a GUID; its number (what tickets store) is `priorityid`, and
/api/Priority/<int> answers 404 (HaloPsa.Api live fixture; halocli README)."""
ERROR_INVALID_ID: Final = "The value '{value}' is not valid."
"""400 body for a non-numeric id: {"id": ["The value 'x' is not valid."]} (sweep_results.json)."""
ACTION_OUTCOME_NAME: Final = "outcome"
"""A ticket action may name its action definition by name alone (`outcome`); names are unique
(TOUTCOME.UC_Ooutcome) and an action with neither `outcome` nor `outcome_id` gets 400
(HaloAPI PowerShell end-to-end tests; evidence digest section 9)."""
API_EMAIL_SETTING_CANDIDATE: Final = API_EMAIL_FIELD.answers[1]
"""The one candidate field for "Send an email when created using the Supplier/Organisation API
connection" (TOutcome.auto_forward_halo_api, column oautoforwardhaloapi); absent from the live
/Outcome row. [unproven]"""
TICKET_HAS_BEEN_CLOSED: Final = "hasbeenclosed"
"""Set on tickets that reached a closing status (halocli mirror_evidence.json: true for every
sampled ticket at status 9, null for the rest). [known]"""

# ---- Workflow records (GET /api/Workflow/<id>?includedetails=true) [schema] -------------------
WORKFLOW_STEPS: Final = "steps"
"""A workflow's steps; each step lists the actions it allows under WORKFLOW_STEP_ACTIONS."""
WORKFLOW_STEP_ACTIONS: Final = "actions"
WORKFLOW_STEP_ACTION_ID: Final = "action_id"
"""The action (Outcome) id of a workflow step's action row."""
WORKFLOW_ALWAYS_ALLOWED: Final = "always_allow_actions"
"""The actions a workflow allows at every step; each row holds the action id under "id"."""

# ---- Action definitions (Outcome) and ticket types: their fields (appended for issue 14) -------
OUTCOME_NAME: Final = "outcome"  # the action's name [schema TOutcome]
OUTCOME_BUTTON_NAME: Final = "buttonname"  # [schema TOutcome]
OUTCOME_SYSTEM_ID: Final = "systemid"  # the action's system use: SYSTEM_USES [schema TOutcome]
OUTCOME_SEND_EMAIL: Final = "sendemail"  # SENDEMAIL_NO / SENDEMAIL_YES [schema TOutcome]
OUTCOME_NEW_STATUS: Final = "newstatus"  # the status the action sets, if any [schema TOutcome]
OUTCOME_HIDE_FROM_USER: Final = "hidefromuser"  # [schema TOutcome]
OUTCOME_EMAIL_TEMPLATE_ID: Final = "emailtemplate_id"  # [schema TOutcome]
OUTCOME_EMAIL_TEMPLATE_NAME: Final = "emailtemplate_name"  # [schema TOutcome]
OUTCOME_DEFAULT_SEND_TO_HALO: Final = "default_send_to_halo"  # [schema TOutcome]
TICKET_TYPE_WORKFLOW_ID: Final = "workflow_id"  # [schema RequestType]
TICKET_TYPE_WORKFLOW_NAME: Final = "workflow_name"  # [schema RequestType]
TICKET_TYPE_INITIAL_STATUS: Final = "initial_status"  # [schema RequestType]
TICKET_TYPE_ALLOW_ALL_ACTIONS: Final = "allowall_actions"  # [schema RequestType]
TICKET_TYPE_ALLOWED_ACTIONS: Final = "allowed_actions"  # ALLOWED_ACTION_ID rows [schema]

# ---- More record keys of action definitions, statuses and fields (appended for issue 14) -------
OUTCOME_FIELDS: Final = "fields"  # the action's field list, rows of RequestTypeField [schema]
OUTCOME_FIELD_NAME: Final = "fieldname"  # a field list row's field name [schema RequestTypeField]
OUTCOME_FIELD_ID: Final = "fieldid"  # a field list row's FieldInfo id [schema RequestTypeField]
OUTCOME_AI_IMPROVE_NOTE: Final = "ai_improve_agent_note_default_on"  # [schema TOutcome]
ALLOWED_ACTION_NAME: Final = "key1_name"  # the action's name on an allowed_actions row [schema]
STATUS_DOMAIN: Final = "type"  # TStatus.type: STATUS_DOMAIN_TICKETS for tickets [schema TStatus]
FIELD_LABEL: Final = "label"  # FieldInfo.label, what the screen shows [schema FieldInfo]
FIELD_TYPE: Final = "type"  # FieldInfo.type: FIELD_TYPES [schema FieldInfo]
FIELD_CUSTOM: Final = "custom"  # FieldInfo.custom (int): a custom field [schema FieldInfo]
OUTCOME_HIDDEN: Final = "hidden"  # the action is hidden from agents' action lists [schema TOutcome]

# ---- Tickets and end users the end-to-end test left behind (appended for issue 16) --------------
TICKET_SUMMARY: Final = "summary"  # Faults.summary, where the test's tag is [schema Faults]
TICKET_USER_ID: Final = "user_id"  # Faults.user_id: the end user who raised it [schema Faults]
TICKET_DELETED: Final = "deleted"
"""Faults.deleted (bool) [schema]: whether GET /Tickets/{id} still answers a deleted ticket (a
recycle bin) is unknown; a ticket that says it is deleted is not counted as left behind."""
LIST_SEARCH: Final = "search"
"""List parameter [schema]: /Users "Filter by Users like your search string", /Tickets "Filters
response based on the search string". Which fields it matches (e-mail? summary?) and whether it
lists closed tickets is unproven: never the only way a record is found (see steps/leftovers.py)."""
