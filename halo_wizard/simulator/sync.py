"""Ticket sync between simulated instances: logging to the supplier, synced actions, their errors.

The behaviour is product.md's "How an instance behaves during sync". Each instance calls the other
over real HTTP with the credentials stored in its profile (a token from the other's /auth/token,
then a POST to the other's /api), exactly as the admin configured them, so a wrong URL, secret or
tenant fails the way it would between two real instances.

Decisions where Halo's guide is silent:

- The ticket logged to the supplier goes under the customer whose issued credentials made the call
  when the escalating agent's e-mail matches an end user of that customer. When it matches an end
  user of another customer only, the ticket goes to that customer (end users are matched across the
  whole instance: the guide's "assigned to the incorrect customer"). When it matches nobody, the
  ticket is created without a user and without a customer. In both cases updates from the supplier
  side cannot reach the customer side (the ticket's customer has no API connection): they are
  logged in `sync_log`, never shown as an error.
- A sync that fails (refused, timed out, wrong credentials) fails the agent's action: the POST
  answers 400 with the text Halo shows the agent, and the action is not kept.
- A received action's own "status after action" wins; without one the sender's new status is
  mapped through the status mappings (an unmapped status leaves the ticket as it is).
- An action created through the profile connection sends an e-mail only when its "send an e-mail
  when created using the Supplier/Organisation API connection" setting is on (kept where the
  instance's dialect keeps it: private by default, auto_forward_halo_api under api-email-field); an
  action posted with an application's credentials sends one when its action sends e-mails and the
  post asks to.
- Categories are not synced.
- Each instance reads its own profiles' mapping rows, sync_to_halo_api numbers and default status
  the way its own dialect (simulator.dialects) says.
- A new ticket whose status is unmapped takes the profile's default status: a real status, else
  (the dialect's "Action/Ticket Type Default" value, unset, or a value that is neither, such as -1
  under status-default-zero) the ticket type's initial status; the journal says which.
- A ticket whose status becomes Closed (9) or Cancelled (8) is marked hasbeenclosed.

The wire format between two simulated instances (fields starting with "_sync", the escalating
agent's e-mail, the sender's own ids) is the simulator's own: nothing in the wizard reads it.
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from halo_wizard.api import constants as c
from halo_wizard.simulator.dialects import CUSTOMER, SUPPLIER, Dialect
from halo_wizard.simulator.hook_types import (
    LOOPBACK_HOSTS,
    HookEnv,
    InboundReply,
    ValidationFailed,
    WriteEvent,
)
from halo_wizard.simulator.state import InstanceState, IssuedToken, JSONDict, RecordKey

log = logging.getLogger(__name__)

# ---- What Halo answers and shows (seed 001's troubleshooting table) ---------------------------
NOT_SUPPORTED = "This functionality is not supported"
NO_TICKET = "An action must be associated with a ticket_id"
NO_ACCESS = "You do not have access to this action at the moment"
TIMED_OUT = "The operation has timed out"
SUPPLIER_PARTY = "Supplier"
CUSTOMER_PARTY = "Client"
DEFAULT_SUPPLIER_TEMPLATE = "Supplier Ticket"


def log_failure_text(reason: str) -> str:
    """What the agent sees when logging a ticket to the supplier's instance fails."""
    return f"Failed to log to Supplier's Instance - BadRequest - {reason}"


def supplier_ref_failure_text(reason: str) -> str:
    """What the agent sees when a log to the supplier carries a Supplier Ref (Halo's spelling)."""
    return f"Failed to Update ticket in Supplier's Instance- Badrequest - {reason}"


def update_failure_text(party: str, reason: str) -> str:
    """What the agent sees when an action cannot be added to the linked ticket."""
    return f"Failed to update ticket in {party}'s Instance - BadRequest - {reason}"


def timeout_failure_text(party: str) -> str:
    """What the agent sees when the other instance does not answer in time."""
    return f"Failed to update ticket in {party}'s Instance - Timeout - {TIMED_OUT}"


# ---- The simulator's own wire format between two instances ---------------------------------------
WIRE_HOP = "_sync_hop"
WIRE_SENDER_SENDS_EMAIL = "_sync_sender_sends_email"
WIRE_SENDER_STATUS = "_sync_status"
WIRE_FIELDS = "_sync_fields"
WIRE_USER_EMAIL = "_sync_user_email"
WIRE_WHO = "_sync_who"
WARNING = "_warning"

LOG = "log"
LOG_WITH_REF = "log-with-supplier-ref"
UPDATE = "update"

_ssl_lock = threading.Lock()
_ssl_context: ssl.SSLContext | None = None


def _verify() -> ssl.SSLContext:
    """One TLS context for every outbound call (building one per call costs ~20 ms)."""
    global _ssl_context
    with _ssl_lock:
        if _ssl_context is None:
            _ssl_context = ssl.create_default_context()
        return _ssl_context


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _email(value: Any) -> str:
    return str(value or "").strip().casefold()


def _record(state: InstanceState, entity: str, record_id: Any) -> JSONDict | None:
    if _blank(record_id):
        return None
    key = state.find_key(entity, record_id)
    return state.get(entity, key) if key is not None else None


def _sends_email(outcome: Mapping[str, Any]) -> bool:
    return _int(outcome.get(c.OUTCOME_SEND_EMAIL)) == c.SENDEMAIL_YES


def _journal(state: InstanceState, env: HookEnv, event: str, **details: Any) -> None:
    with state.lock:
        state.sync_log.append({"instance": env.name, "event": event, **details})
    log.debug("%s: sync %s %s", env.name, event, details.get("reason", ""))


# ---- Workflows ---------------------------------------------------------------------------------


def workflow_action_ids(workflow: Mapping[str, Any]) -> set[int]:
    """Every action a workflow lists: its steps' actions and its always-allowed actions."""
    ids: set[int] = set()
    for step in workflow.get(c.WORKFLOW_STEPS) or []:
        for row in step.get(c.WORKFLOW_STEP_ACTIONS) or []:
            if (value := _int(row.get(c.WORKFLOW_STEP_ACTION_ID))) is not None:
                ids.add(value)
    for row in workflow.get(c.WORKFLOW_ALWAYS_ALLOWED) or []:
        if (value := _int(row.get("id"))) is not None:
            ids.add(value)
    return ids


def action_allowed(state: InstanceState, ticket: Mapping[str, Any], outcome_id: int) -> bool:
    """True when the ticket's type and workflow allow the action (no type: no restriction)."""
    ticket_type = _record(state, "TicketType", ticket.get("tickettype_id"))
    if ticket_type is None:
        return True
    if ticket_type.get(c.TICKET_TYPE_ALLOW_ALL_ACTIONS) is False:
        rows = ticket_type.get(c.TICKET_TYPE_ALLOWED_ACTIONS) or []
        allowed = {_int(r.get(c.ALLOWED_ACTION_ID)) for r in rows}
        if outcome_id not in allowed:
            return False
    workflow = _record(state, "Workflow", ticket_type.get(c.TICKET_TYPE_WORKFLOW_ID))
    return workflow is None or outcome_id in workflow_action_ids(workflow)


# ---- Profiles: the other instance's address and credentials, and the inbound mappings ----------


@dataclass(frozen=True)
class Connection:
    """Where and how a profile reaches the other instance."""

    profile: RecordKey
    api_url: str
    auth_url: str
    tenant: str
    client_id: str
    client_secret: str = field(repr=False)
    validated: bool
    attachments: bool


def connection(state: InstanceState, entity: str, record_id: Any) -> Connection | None:
    """The profile's outbound connection, or None when it has none (e.g. an e-mail supplier)."""
    key = state.find_key(entity, record_id) if not _blank(record_id) else None
    if key is None:
        return None
    record = state.get(entity, key)
    api_url = record.get(c.PROFILE_REMOTE_API_URL)
    if _blank(api_url):
        return None
    secret = state.get_write_only(entity, key, c.PROFILE_REMOTE_CLIENT_SECRET_WRITE)
    return Connection(
        profile=(entity, key),
        api_url=str(api_url).rstrip("/"),
        auth_url=str(record.get(c.PROFILE_REMOTE_AUTH_URL) or "").rstrip("/"),
        tenant=str(record.get(c.PROFILE_REMOTE_TENANT) or ""),
        client_id=str(record.get(c.PROFILE_REMOTE_CLIENT_ID) or ""),
        client_secret=str(secret or ""),
        validated=record.get(c.PROFILE_VALIDATED) is True,
        attachments=_int(record.get(c.OUTBOUND_ATTACHMENTS)) == 1,
    )


def mapped_id(
    dialect: Dialect, profile: Mapping[str, Any], rows_field: str, remote_id: Any
) -> int | None:
    """The local id a profile's inbound mapping gives the other instance's `remote_id`, reading
    the rows the way this instance's `dialect` writes them."""
    wanted = _int(remote_id)
    if wanted is None:
        return None
    for row in profile.get(rows_field) or []:
        if isinstance(row, Mapping):
            local, remote = dialect.read_mapping_row(row)
            if remote == wanted:
                return local
    return None


# ---- Calling the other instance ------------------------------------------------------------------


@dataclass
class Answer:
    """What the other instance answered (or why it could not be asked)."""

    status: int = 0
    body: Any = None
    refused: bool = False
    """The credentials, URL or tenant did not give a token."""
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300 and not self.refused and not self.timed_out

    @property
    def record_id(self) -> int | None:
        if self.ok and isinstance(self.body, dict):
            value = _int(self.body.get("id"))
            return value if value is not None and value > 0 else None
        return None


def _loopback(url: str) -> bool:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return False
    return parsed.scheme in ("http", "https") and parsed.host in LOOPBACK_HOSTS


def call_other(conn: Connection, path: str, payload: JSONDict, timeout: float) -> Answer:
    """POST one record to the other instance with the profile's credentials.

    Only loopback addresses are called: the simulator never reaches outside the machine.
    """
    token_url = f"{conn.auth_url}/token"
    if not conn.validated or not _loopback(token_url) or not _loopback(conn.api_url):
        return Answer(refused=True)
    if _blank(conn.client_id) or _blank(conn.client_secret):
        return Answer(refused=True)
    form = {
        "grant_type": "client_credentials",
        "client_id": conn.client_id,
        "client_secret": conn.client_secret,
        "scope": c.DEFAULT_SCOPE,
    }
    params = {"tenant": conn.tenant} if conn.tenant else None
    try:
        with httpx.Client(timeout=timeout, trust_env=False, verify=_verify()) as http:
            token_reply = http.post(token_url, params=params, data=form)
            token = (
                _json(token_reply).get("access_token") if token_reply.status_code == 200 else None
            )
            if not isinstance(token, str) or not token:
                return Answer(status=token_reply.status_code, refused=True)
            reply = http.post(
                f"{conn.api_url}/{path}",
                json=[payload],
                headers={"Authorization": f"Bearer {token}"},
            )
    except httpx.TimeoutException:
        return Answer(timed_out=True)
    except httpx.HTTPError:
        return Answer(refused=True)
    try:
        body: Any = reply.json()
    except ValueError:
        body = reply.text
    return Answer(status=reply.status_code, body=body)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def reason_of(body: Any) -> str:
    """The human text of an error body, whichever shape it has."""
    if isinstance(body, str):
        return body.strip()
    if isinstance(body, dict):
        for key in ("Message", "message", "error_description"):
            if isinstance(body.get(key), str):
                return str(body[key])
        texts = [v for value in body.values() if isinstance(value, list) for v in value]
        if texts:
            return "; ".join(str(t) for t in texts)
    return ""


# ---- Deciding what an action does ---------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """An action that arrived from the other instance, already translated by the mappings."""

    profile: RecordKey
    mapped_status: int | None
    fields: dict[str, Any]
    hop: int


@dataclass
class Outbound:
    """A request to the other instance that completes an action."""

    kind: str
    conn: Connection
    party: str
    path: str
    payload: JSONDict

    def failure(self, answer: Answer) -> str | None:
        """The text the agent sees, or None when the other instance took it."""
        if answer.timed_out or answer.status in (408, 504):
            return timeout_failure_text(self.party)
        if answer.refused or answer.status in (401, 403):
            if self.kind == UPDATE:
                return update_failure_text(self.party, NOT_SUPPORTED)
            return log_failure_text(NOT_SUPPORTED)
        if answer.ok:
            return None
        reason = reason_of(answer.body) or NOT_SUPPORTED
        if self.kind == LOG_WITH_REF:
            return supplier_ref_failure_text(reason)
        if self.kind == LOG:
            return log_failure_text(reason)
        return update_failure_text(self.party, reason)


@dataclass
class Decision:
    """Everything an action does to its ticket and to the other instance."""

    ticket_key: int
    outcome: JSONDict
    new_status: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    email: bool = False
    who_agent_id: int | None = None
    send: Outbound | None = None


def is_ticket_field(row: Mapping[str, Any]) -> bool:
    """True for a FieldInfo row of ticket usage (rows without a usage count as ticket fields)."""
    usage = _int(row.get(c.FIELD_USAGE))
    return usage is None or usage == c.TICKET_FIELD_USAGE


def _ticket_fields(state: InstanceState, action: Mapping[str, Any]) -> list[tuple[int, str, Any]]:
    """(field id, field name, value) of the mappable ticket fields an action carries."""
    out: list[tuple[int, str, Any]] = []
    for row in state.iter_records("FieldInfo"):
        if not is_ticket_field(row):
            continue
        name = row.get("name")
        mappable = bool(row.get(c.FIELD_CUSTOM)) or name in c.MAPPABLE_BUILTIN_FIELDS
        if isinstance(name, str) and mappable and name in action and _int(row.get("id")):
            out.append((int(row["id"]), name, action[name]))
    return out


def _agent_email(state: InstanceState, agent_id: int | None) -> str:
    agent = _record(state, "Agent", agent_id) if agent_id is not None else None
    return str(agent.get(c.AGENT_EMAIL) or "") if agent else ""


def _agent_name(state: InstanceState, agent_id: int | None) -> str:
    agent = _record(state, "Agent", agent_id) if agent_id is not None else None
    return str(agent.get("name") or "") if agent else ""


def _decide(
    state: InstanceState,
    env: HookEnv,
    key: int,
    caller: IssuedToken | None,
    received: Received | None,
) -> Decision | None:
    """What the action `key` does; None when its ticket is gone. Call with the lock held."""
    action = state.get("Actions", key)
    ticket_key = state.find_key("Tickets", action.get("ticket_id"))
    if ticket_key is None:
        return None
    ticket = state.get("Tickets", ticket_key)
    outcome = _record(state, "Outcome", action.get("outcome_id")) or {}
    decision = Decision(ticket_key=ticket_key, outcome=outcome)
    hop = received.hop if received is not None else 0

    who = _int(action.get(c.ACTION_WHO_AGENT_ID))
    if who is None and caller is not None and caller.application is not None:
        who = caller.application.agent_id
    decision.who_agent_id = who

    sender_fields: list[tuple[int, str, Any]] = []
    if received is None:
        status = action.get(c.ACTION_NEW_STATUS)
        if _blank(status):
            status = outcome.get(c.OUTCOME_NEW_STATUS)
        sender_fields = _ticket_fields(state, action)
        decision.fields = {name: value for _, name, value in sender_fields}
        is_log = _int(outcome.get(c.OUTCOME_SYSTEM_ID)) == c.SYSTEMID_LOG_TO_SUPPLIER
        decision.email = (
            _sends_email(outcome) and bool(action.get(c.ACTION_SEND_EMAIL)) and not is_log
        )
    else:
        status = outcome.get(c.OUTCOME_NEW_STATUS)
        if _blank(status):
            status = received.mapped_status
        decision.fields = dict(received.fields)
        outcome_key = state.find_key("Outcome", outcome.get("id")) if outcome else None
        decision.email = (
            _sends_email(outcome) and outcome_key is not None and state.api_email_on(outcome_key)
        )
    new_status = _int(status)
    if new_status is not None and state.find_key("Status", new_status) is not None:
        decision.new_status = new_status

    if _int(outcome.get(c.OUTCOME_SYSTEM_ID)) == c.SYSTEMID_LOG_TO_SUPPLIER and not _blank(
        action.get(c.ACTION_SUPPLIER_ID)
    ):
        decision.send = _log_request(state, action, ticket, outcome, who, hop)
        return decision

    if received is None and c.SYNC_TO_HALO in action:
        number = action.get(c.SYNC_TO_HALO)
    else:
        number = outcome.get(c.SYNC_TO_HALO)
    send_to = state.dialect.sync_party(number)  # this instance's own numbering
    if send_to not in (SUPPLIER, CUSTOMER):
        return decision
    if send_to == SUPPLIER:
        entity, record_id, party = "Supplier", ticket.get(c.TICKET_SUPPLIER_ID), SUPPLIER_PARTY
    else:
        entity, record_id, party = "Client", ticket.get("client_id"), CUSTOMER_PARTY
    hidden = action.get(c.ACTION_HIDDEN_FROM_USER)
    if received is not None or hidden is None:
        hidden = outcome.get(c.OUTCOME_HIDE_FROM_USER)
    base = {"ticket_id": ticket_key, "action_id": key, "outcome": outcome.get(c.OUTCOME_NAME)}
    conn = connection(state, entity, record_id)
    if conn is None:
        who_has = "supplier" if entity == "Supplier" else "customer"
        _journal(state, env, "not sent", **base, reason=f"the ticket's {who_has} has no connection")
        return decision
    if _blank(ticket.get(c.TICKET_THIRD_PARTY_ID)):
        _journal(state, env, "not sent", **base, reason="the ticket is not linked")
        return decision
    if send_to == CUSTOMER and hidden:
        # Seed 001: the supplier side's action must be visible to the user to sync.
        _journal(state, env, "not sent", **base, reason="the action is hidden from the user")
        return decision
    if hop + 1 > state.sync_settings.max_hops:
        with state.lock:
            state.loop_log.append({"instance": env.name, **base, "hops": hop})
        _journal(state, env, "loop stopped", **base, hop=hop)
        return decision

    payload: JSONDict = {
        "ticket_id": _int(ticket.get(c.TICKET_THIRD_PARTY_ID)),
        "outcome_id": _int(outcome.get("id")),
        c.ACTION_OUTCOME_NAME: outcome.get(c.OUTCOME_NAME),
        c.ACTION_FIELD_NOTE: action.get(c.ACTION_FIELD_NOTE) or "",
        WIRE_SENDER_SENDS_EMAIL: _sends_email(outcome),
        WIRE_WHO: _agent_name(state, who),
        WIRE_HOP: hop + 1,
    }
    if decision.new_status is not None and decision.new_status != _int(ticket.get("status_id")):
        payload[WIRE_SENDER_STATUS] = decision.new_status
    if sender_fields:
        payload[WIRE_FIELDS] = [{"id": fid, "value": value} for fid, _, value in sender_fields]
    attachments = action.get(c.ACTION_ATTACHMENTS)
    if attachments and conn.attachments:
        payload[c.ACTION_ATTACHMENTS] = attachments
    decision.send = Outbound(UPDATE, conn, party, "Actions", payload)
    return decision


def _template_text(outcome: Mapping[str, Any], ticket: Mapping[str, Any]) -> str:
    name = outcome.get(c.OUTCOME_EMAIL_TEMPLATE_NAME) or DEFAULT_SUPPLIER_TEMPLATE
    return (
        f"{name}: ticket {ticket.get('id')} '{ticket.get('summary') or ''}' is logged with you."
        f"\n{ticket.get('details') or ''}"
    ).rstrip()


def _log_request(
    state: InstanceState,
    action: Mapping[str, Any],
    ticket: Mapping[str, Any],
    outcome: Mapping[str, Any],
    who: int | None,
    hop: int,
) -> Outbound | None:
    conn = connection(state, "Supplier", action.get(c.ACTION_SUPPLIER_ID))
    if conn is None:
        return None  # an ordinary supplier, e-mailed as before
    note = str(action.get(c.ACTION_FIELD_NOTE) or "")
    ref = action.get(c.ACTION_SUPPLIER_REF)
    if not _blank(ref):
        # A filled Supplier Ref makes Halo update "that" ticket instead of logging a new one.
        payload: JSONDict = {
            "outcome_id": _int(outcome.get("id")),
            "note": note,
            c.ACTION_SUPPLIER_REF: ref,
            WIRE_HOP: hop + 1,
        }
        return Outbound(LOG_WITH_REF, conn, SUPPLIER_PARTY, "Actions", payload)
    details = "\n\n".join(t for t in (note, _template_text(outcome, ticket)) if t)
    payload = {
        "summary": ticket.get("summary") or "",
        "details": details,
        "tickettype_id": _int(ticket.get("tickettype_id")),
        "status_id": _int(ticket.get("status_id")),
        c.TICKET_THIRD_PARTY_ID: _int(ticket.get("id")),
        WIRE_USER_EMAIL: _agent_email(state, who),
        WIRE_HOP: hop + 1,
    }
    return Outbound(LOG, conn, SUPPLIER_PARTY, "Tickets", payload)


# ---- Completing an action -----------------------------------------------------------------------


def complete_action(
    state: InstanceState,
    env: HookEnv,
    key: int,
    *,
    caller: IssuedToken | None,
    received: Received | None = None,
) -> None:
    """Send the saved action `key` where it must go, then apply it to its ticket.

    Raises ValidationFailed with the text the agent sees when the other instance refused it; the
    action is then removed and its ticket left as it was."""
    with state.lock:
        if state.find_key("Actions", key) is None:
            return
        decision = _decide(state, env, key, caller, received)
    if decision is None:
        return
    answer: Answer | None = None
    send = decision.send
    if send is not None:
        answer = call_other(send.conn, send.path, send.payload, state.sync_settings.request_timeout)
        failure = send.failure(answer)
        if failure is not None:
            with state.lock:
                if state.find_key("Actions", key) is not None:
                    state.delete("Actions", key)
            _journal(
                state,
                env,
                "timed out" if answer.timed_out or answer.status == 504 else "failed",
                ticket_id=decision.ticket_key,
                action_id=key,
                outcome=decision.outcome.get(c.OUTCOME_NAME),
                reason=failure,
            )
            raise ValidationFailed(failure)
    with state.lock:
        _apply(state, env, key, decision, answer, received)


def _apply(
    state: InstanceState,
    env: HookEnv,
    key: int,
    decision: Decision,
    answer: Answer | None,
    received: Received | None,
) -> None:
    if state.find_key("Actions", key) is None:
        return
    action = state.get("Actions", key)
    if decision.who_agent_id is not None and c.ACTION_WHO_AGENT_ID not in action:
        action[c.ACTION_WHO_AGENT_ID] = decision.who_agent_id
    ticket_key = state.find_key("Tickets", decision.ticket_key)
    ticket = state.get("Tickets", ticket_key) if ticket_key is not None else None
    if ticket is not None:
        if decision.new_status is not None:
            ticket["status_id"] = decision.new_status
            if decision.new_status in c.CLOSING_STATUS_IDS:
                ticket[c.TICKET_HAS_BEEN_CLOSED] = True
        ticket.update(decision.fields)
    if received is not None or decision.email:
        _send_email(state, env, action, ticket, decision)
    send = decision.send
    if send is None or answer is None:
        return
    base = {
        "ticket_id": decision.ticket_key,
        "action_id": key,
        "outcome": action.get(c.ACTION_OUTCOME_NAME),
    }
    remote_id = answer.record_id
    if send.kind == UPDATE and remote_id is None:
        # The other instance took the request but added nothing (no mapping, no default action).
        _journal(state, env, "not added there", **base, reason=reason_of(answer.body))
        return
    action[c.ACTION_SENT_TO_API_URL] = f"{send.conn.api_url}/{send.path}"
    if send.kind == LOG and ticket is not None and remote_id is not None:
        ticket[c.TICKET_SUPPLIER_ID] = send.conn.profile[1]
        ticket[c.TICKET_THIRD_PARTY_ID] = remote_id
    hop = send.payload.get(WIRE_HOP)
    _journal(state, env, "sent", **base, remote_id=remote_id, kind=send.kind, hop=hop)


def _send_email(
    state: InstanceState,
    env: HookEnv,
    action: JSONDict,
    ticket: JSONDict | None,
    decision: Decision,
) -> None:
    """Record the e-mail the action would send to the ticket's end user (nobody is e-mailed)."""
    user = _record(state, "Users", ticket.get("user_id")) if ticket is not None else None
    address = str(user.get(c.END_USER_EMAIL) or "") if user is not None else ""
    if not decision.email or not address:
        action[c.ACTION_SEND_EMAIL] = False
        return
    action[c.ACTION_SEND_EMAIL] = True
    action[c.ACTION_EMAIL_TO] = address
    state.outgoing_emails.append(
        {
            "instance": env.name,
            "to": address,
            "subject": f"[Ticket {ticket.get('id') if ticket else ''}] "
            f"{ticket.get('summary') if ticket else ''}",
            "body": str(action.get(c.ACTION_FIELD_NOTE) or ""),
            "ticket_id": ticket.get("id") if ticket else None,
            "action_id": action.get("id"),
            "outcome": action.get(c.ACTION_OUTCOME_NAME),
        }
    )


# ---- Hooks --------------------------------------------------------------------------------------


def after_action_write(state: InstanceState, event: WriteEvent, env: HookEnv) -> None:
    """An action saved through the ordinary write (an agent's or an application's)."""
    if event.created:
        complete_action(state, env, event.key, caller=event.caller)


def _is_create(item: Mapping[str, Any]) -> bool:
    value = _int(item.get("id"))
    return value is None or value <= 0


def _profile(state: InstanceState, profile: RecordKey) -> JSONDict | None:
    table = state.records.get(profile[0], {})
    return table.get(profile[1])


def inbound_actions(
    state: InstanceState, items: list[JSONDict], caller: IssuedToken, env: HookEnv
) -> InboundReply | None:
    """An action sent by the other instance with a profile's issued credentials."""
    if caller.profile is None or len(items) != 1 or not _is_create(items[0]):
        return None
    item = items[0]
    hop = _int(item.get(WIRE_HOP)) or 1
    remote_outcome = item.get(c.ACTION_OUTCOME_NAME)
    with state.lock:
        profile = _profile(state, caller.profile)
        if profile is None:
            return 400, NOT_SUPPORTED
        ticket_key = state.find_key("Tickets", item.get("ticket_id"))
        ticket = state.get("Tickets", ticket_key) if ticket_key is not None else None
        if ticket is None or _blank(ticket.get(c.TICKET_THIRD_PARTY_ID)):
            _journal(state, env, "refused", outcome=remote_outcome, reason=NO_TICKET)
            return 400, NO_TICKET
        local_id = mapped_id(state.dialect, profile, c.MAPPING_ACTION, item.get("outcome_id"))
        if local_id is None:
            local_id = _int(profile.get(c.DEFAULT_ACTION))
        outcome = _record(state, "Outcome", local_id) if local_id else None
        if outcome is None or local_id is None:
            reason = "no action mapping and no default action"
            _journal(
                state, env, "not added", ticket_id=ticket_key, outcome=remote_outcome, reason=reason
            )
            return 200, {WARNING: f"The action was not added: {reason}."}
        if not action_allowed(state, ticket, local_id):
            _journal(
                state,
                env,
                "refused",
                ticket_id=ticket_key,
                outcome=outcome.get(c.OUTCOME_NAME),
                reason=NO_ACCESS,
            )
            return 400, NO_ACCESS
        timed_out = bool(item.get(WIRE_SENDER_SENDS_EMAIL)) and _sends_email(outcome)
        received = Received(
            profile=caller.profile,
            mapped_status=_mapped_status(state, profile, item.get(WIRE_SENDER_STATUS)),
            fields=_mapped_fields(state, profile, item.get(WIRE_FIELDS)),
            hop=hop,
        )
        key: int | None = None
        if not timed_out:
            record: JSONDict = {
                "ticket_id": ticket_key,
                "outcome_id": local_id,
                c.ACTION_OUTCOME_NAME: outcome.get(c.OUTCOME_NAME),
                c.ACTION_FIELD_NOTE: str(item.get(c.ACTION_FIELD_NOTE) or ""),
                c.ACTION_HIDDEN_FROM_USER: bool(outcome.get(c.OUTCOME_HIDE_FROM_USER)),
                c.SYNC_TO_HALO: _int(outcome.get(c.SYNC_TO_HALO)) or c.SYNC_NO,
                "who": str(item.get(WIRE_WHO) or ""),
            }
            if item.get(c.ACTION_ATTACHMENTS):
                record[c.ACTION_ATTACHMENTS] = item[c.ACTION_ATTACHMENTS]
            key = state.create("Actions", record)
            _journal(
                state,
                env,
                "received",
                ticket_id=ticket_key,
                action_id=key,
                outcome=outcome.get(c.OUTCOME_NAME),
                hop=hop,
            )
    if key is None:
        # Both actions send an e-mail: the request hangs until it times out (seed 001).
        time.sleep(max(0.0, state.sync_settings.email_timeout_delay))
        _journal(
            state,
            env,
            "timed out",
            ticket_id=ticket_key,
            outcome=outcome.get(c.OUTCOME_NAME),
            reason=TIMED_OUT,
        )
        return 504, TIMED_OUT
    try:
        complete_action(state, env, key, caller=caller, received=received)
    except ValidationFailed as exc:
        return 400, exc.body
    with state.lock:
        if state.find_key("Actions", key) is None:
            return 200, {WARNING: "The action was removed meanwhile."}
        return 200, state.public_record("Actions", key)


def _mapped_status(state: InstanceState, profile: Mapping[str, Any], remote: Any) -> int | None:
    local = mapped_id(state.dialect, profile, c.MAPPING_STATUS, remote)
    return local if local is not None and state.find_key("Status", local) is not None else None


def _mapped_fields(state: InstanceState, profile: Mapping[str, Any], rows: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, Mapping):
            continue
        local = mapped_id(state.dialect, profile, c.MAPPING_FIELD, row.get("id"))
        info = _record(state, "FieldInfo", local) if local is not None else None
        if info is not None and is_ticket_field(info) and isinstance(info.get("name"), str):
            out[info["name"]] = row.get("value")
    return out


def inbound_tickets(
    state: InstanceState, items: list[JSONDict], caller: IssuedToken, env: HookEnv
) -> InboundReply | None:
    """A ticket logged by the customer's instance with a profile's issued credentials."""
    if caller.profile is None or len(items) != 1 or not _is_create(items[0]):
        return None
    item = items[0]
    if caller.profile[0] != "Client":
        # Tickets can only be created in the supplier's instance (seed 001).
        _journal(state, env, "refused", reason="tickets come only from customers")
        return 400, NOT_SUPPORTED
    with state.lock:
        profile = _profile(state, caller.profile)
        if profile is None:
            return 400, NOT_SUPPORTED
        type_id = mapped_id(
            state.dialect, profile, c.MAPPING_TICKET_TYPE, item.get("tickettype_id")
        )
        if type_id is None or state.find_key("TicketType", type_id) is None:
            type_id = _int(profile.get(c.DEFAULT_TICKET_TYPE))
        ticket_type = _record(state, "TicketType", type_id)
        if ticket_type is None:
            ticket_type = next(iter(state.iter_records("TicketType")), None)
        status_id = _mapped_status(state, profile, item.get("status_id"))
        status_reason = "mapped status"
        if status_id is None:
            status_id, status_reason = _default_status(state, profile, ticket_type)
        record: JSONDict = {
            "summary": str(item.get("summary") or ""),
            "details": str(item.get("details") or ""),
            "tickettype_id": _int(ticket_type.get("id")) if ticket_type else None,
            "status_id": status_id,
            c.TICKET_THIRD_PARTY_ID: _int(item.get(c.TICKET_THIRD_PARTY_ID)),
        }
        user = _match_user(state, item.get(WIRE_USER_EMAIL), caller.profile[1])
        if user is not None:
            record.update(
                {
                    "client_id": user.get("client_id"),
                    "client_name": user.get("client_name"),
                    "site_id": user.get("site_id"),
                    "user_id": user.get("id"),
                    "user_name": user.get("name"),
                }
            )
        key = state.create("Tickets", {k: v for k, v in record.items() if v is not None})
        matched = "no end user" if user is None else f"end user {user.get('id')}"
        _journal(state, env, "ticket logged", ticket_id=key, reason=matched, status=status_reason)
        return 200, state.public_record("Tickets", key)


def _default_status(
    state: InstanceState, profile: Mapping[str, Any], ticket_type: Mapping[str, Any] | None
) -> tuple[int | None, str]:
    """The status a new ticket takes when its status is unmapped, and why."""
    initial = _int(ticket_type.get(c.TICKET_TYPE_INITIAL_STATUS)) if ticket_type else None
    default = _int(profile.get(c.DEFAULT_STATUS))
    if default is not None and default == state.dialect.status_type_default:
        return initial, "Action/Ticket Type Default"
    if default is not None and state.find_key("Status", default) is not None:
        return default, "the profile's default status"
    if default is None:
        return initial, "no default status: the ticket type's initial status"
    # e.g. -1 where the dialect stores the option as 0: no valid value, so no status is set.
    return initial, f"default status {default} is no valid value: the ticket type's initial status"


def _match_user(state: InstanceState, email: Any, client_id: int) -> JSONDict | None:
    """The end user with this e-mail: under the calling customer first, then anywhere."""
    wanted = _email(email)
    if not wanted:
        return None
    found = [u for u in state.iter_records("Users") if _email(u.get(c.END_USER_EMAIL)) == wanted]
    found = [u for u in found if not u.get("inactive")] or found
    own = [u for u in found if _int(u.get("client_id")) == client_id]
    candidates = own or found
    return candidates[0] if candidates else None
