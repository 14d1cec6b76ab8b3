"""What an admin does in Halo's own web screens, done to a simulated instance under its dialect.

The wizard cannot do these through the API (or does not know how yet); tests and a person trying
the demo do them here, the way Halo's screen would store them under the instance's dialect
(simulator.dialects). Every function takes a SimulatedInstance (a ServedInstance) or its state.

The same operations are served over HTTP on each instance, outside /api and /auth, so that someone
running ``halo-wizard simulate --demo --dialect X`` can perform the manual steps with curl:

    GET  <base>/_console                       -> {"dialect": [...], "operations": [...]}
    POST <base>/_console/<operation>  {JSON}   -> {"ok": true, ...} or 400 {"error": "..."}

for example::

    curl -s -X POST http://127.0.0.1:PORT/_console/press_authenticate_connection \\
         -H 'Content-Type: application/json' \\
         -d '{"profile_entity": "Supplier", "profile_id": 7}'

The body's keys are the Python functions' parameter names. The console needs no token, is never
rate limited or faulty, and listens on 127.0.0.1 only (the instance's own socket). It answers the
secret of shown_issued_secret because Halo's API Access tab shows it; nothing is logged of it.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Protocol

from halo_wizard.api import constants as c
from halo_wizard.simulator.dialects import PARTIES, Dialect, DialectError
from halo_wizard.simulator.endpoints import Reply, Request, empty_reply, json_reply
from halo_wizard.simulator.hooks import authenticate_profile
from halo_wizard.simulator.state import MAPPING_KINDS, PROFILE_ENTITIES, InstanceState, JSONDict

log = logging.getLogger(__name__)

TYPE_DEFAULT_TEXT = "Action/Ticket Type Default"
"""What the profile screen shows for the default status's special option."""


class ServedInstance(Protocol):
    """What the console needs of a running instance (simulator.server's SimulatedInstance)."""

    @property
    def name(self) -> str: ...

    @property
    def state(self) -> InstanceState: ...

    @property
    def dialect(self) -> Dialect: ...


class ConsoleError(ValueError):
    """An operation Halo's screen would not let the admin do (unknown record, bad value)."""


def _state(target: ServedInstance | InstanceState) -> InstanceState:
    return target if isinstance(target, InstanceState) else target.state


def _key(state: InstanceState, entity: str, record_id: Any) -> int:
    key = state.find_key(entity, record_id)
    if key is None:
        raise ConsoleError(f"{entity} {record_id} does not exist")
    return key


def _profile_key(state: InstanceState, entity: str, record_id: Any) -> int:
    if entity not in PROFILE_ENTITIES:
        raise ConsoleError(f"{entity!r} is not a profile; one of {', '.join(PROFILE_ENTITIES)}")
    return _key(state, entity, record_id)


# ---- Actions (Outcome) ---------------------------------------------------------------------------


def tick_api_email_setting(
    target: ServedInstance | InstanceState, outcome_id: int, on: bool = True
) -> None:
    """Tick (or untick) "Send an email when this action is created using the
    Supplier/Organisation API connection" on an action."""
    state = _state(target)
    with state.lock:
        state.set_api_email(_key(state, "Outcome", outcome_id), bool(on))


def api_email_setting(target: ServedInstance | InstanceState, outcome_id: int) -> bool:
    """Whether the action's API e-mail setting is ticked, as the screen shows it."""
    state = _state(target)
    with state.lock:
        return state.api_email_on(_key(state, "Outcome", outcome_id))


def set_send_to_connected_instance(
    target: ServedInstance | InstanceState, outcome_id: int, party: str
) -> int:
    """Choose "Send to Connected Halo Instance" = Supplier, Customer or No on an action; stores
    the dialect's number in sync_to_halo_api and returns it."""
    if party not in PARTIES:
        raise ConsoleError(f"{party!r} is not one of {', '.join(PARTIES)}")
    state = _state(target)
    with state.lock:
        key = _key(state, "Outcome", outcome_id)
        number = state.dialect.sync_number(party)
        record = state.get("Outcome", key)
        record[c.SYNC_TO_HALO] = number
        record["default_send_to_halo"] = number != c.SYNC_NO
        return number


# ---- Profiles (Supplier and Client) --------------------------------------------------------------


def add_mapping(
    target: ServedInstance | InstanceState,
    profile_entity: str,
    profile_id: int,
    kind: str,
    local_id: int,
    remote_id: int,
    local_name: str = "",
    remote_name: str = "",
) -> JSONDict:
    """Map the other instance's `remote_id` to this instance's `local_id` on a profile's inbound
    settings (kind: status, category, action, field or ticket_type); returns the row as Halo
    writes it under the dialect. Without names, this instance's record name is filled in."""
    if kind not in MAPPING_KINDS:
        raise ConsoleError(f"{kind!r} is not one of {', '.join(MAPPING_KINDS)}")
    state = _state(target)
    with state.lock:
        key = _profile_key(state, profile_entity, profile_id)
        if not local_name:
            local_name = _local_name(state, kind, local_id)
        row = state.screen_add_mapping(
            profile_entity, key, kind, int(local_id), int(remote_id), local_name, remote_name
        )
        return dict(row)


def remove_mapping(
    target: ServedInstance | InstanceState,
    profile_entity: str,
    profile_id: int,
    kind: str,
    remote_id: int,
) -> int:
    """Remove the mapping of the other instance's `remote_id`; returns how many rows went."""
    if kind not in MAPPING_KINDS:
        raise ConsoleError(f"{kind!r} is not one of {', '.join(MAPPING_KINDS)}")
    state = _state(target)
    with state.lock:
        key = _profile_key(state, profile_entity, profile_id)
        return state.screen_remove_mapping(profile_entity, key, kind, int(remote_id))


def mapped_local_id(
    target: ServedInstance | InstanceState,
    profile_entity: str,
    profile_id: int,
    kind: str,
    remote_id: int,
) -> int | None:
    """The local record the screen shows mapped to the other instance's `remote_id`."""
    state = _state(target)
    with state.lock:
        key = _profile_key(state, profile_entity, profile_id)
        for row in state.mapping_rows(profile_entity, key, kind):
            local, remote = state.dialect.read_mapping_row(row)
            if remote == int(remote_id):
                return local
        return None


def set_default_status_action_default(
    target: ServedInstance | InstanceState, profile_entity: str, profile_id: int
) -> int:
    """Choose "Action/Ticket Type Default" as a profile's default status; stores and returns the
    dialect's value (-1 by default, 0 under status-default-zero)."""
    state = _state(target)
    with state.lock:
        key = _profile_key(state, profile_entity, profile_id)
        value = state.dialect.status_type_default
        state.get(profile_entity, key)[c.DEFAULT_STATUS] = value
        return value


def shown_default_status(
    target: ServedInstance | InstanceState, profile_entity: str, profile_id: int
) -> str:
    """What the profile screen shows as the default status: a status name, "Action/Ticket Type
    Default", or "" when the stored value is neither (e.g. -1 under status-default-zero)."""
    state = _state(target)
    with state.lock:
        key = _profile_key(state, profile_entity, profile_id)
        value = state.get(profile_entity, key).get(c.DEFAULT_STATUS)
        if isinstance(value, int) and not isinstance(value, bool):
            if value == state.dialect.status_type_default:
                return TYPE_DEFAULT_TEXT
            status_key = state.find_key("Status", value)
            if status_key is not None:
                return str(state.get("Status", status_key).get("name") or "")
        return ""


def press_authenticate_connection(
    target: ServedInstance | InstanceState, profile_entity: str, profile_id: int
) -> tuple[bool, str]:
    """Press "Authenticate connection" on a profile: (True, "") when the stored outbound
    credentials give a token from the other instance, else (False, the reason shown)."""
    state = _state(target)
    with state.lock:
        key = _profile_key(state, profile_entity, profile_id)
    failure = authenticate_profile(state, profile_entity, key)
    return failure is None, failure or ""


def shown_issued_secret(
    target: ServedInstance | InstanceState, profile_entity: str, profile_id: int
) -> str:
    """The client secret a profile's API Access tab shows ("" when API access is off)."""
    state = _state(target)
    with state.lock:
        key = _profile_key(state, profile_entity, profile_id)
        return state.issued_secret(profile_entity, key) or ""


def _local_name(state: InstanceState, kind: str, local_id: int) -> str:
    entity, name_field = {
        "status": ("Status", "name"),
        "category": ("Category", "value"),
        "action": ("Outcome", "outcome"),
        "field": ("FieldInfo", "label"),
        "ticket_type": ("TicketType", "name"),
    }[kind]
    key = state.find_key(entity, local_id)
    return str(state.get(entity, key).get(name_field) or "") if key is not None else ""


# ---- over HTTP -----------------------------------------------------------------------------------

OPERATIONS: dict[str, Any] = {
    "tick_api_email_setting": tick_api_email_setting,
    "api_email_setting": api_email_setting,
    "set_send_to_connected_instance": set_send_to_connected_instance,
    "add_mapping": add_mapping,
    "remove_mapping": remove_mapping,
    "mapped_local_id": mapped_local_id,
    "set_default_status_action_default": set_default_status_action_default,
    "shown_default_status": shown_default_status,
    "press_authenticate_connection": press_authenticate_connection,
    "shown_issued_secret": shown_issued_secret,
}
"""Operation name -> the function; the HTTP body holds its keyword arguments."""


def http_reply(instance: ServedInstance, request: Request, operation: str | None) -> Reply:
    """The answer to a /_console request (see the module docstring)."""
    if operation is None:
        if request.method != "GET":
            return empty_reply(405, {"Allow": "GET"})
        return json_reply(
            200, {"dialect": instance.dialect.names(), "operations": sorted(OPERATIONS)}
        )
    function = OPERATIONS.get(operation)
    if function is None:
        return json_reply(404, {"error": f"no console operation {operation!r}"})
    if request.method != "POST":
        return empty_reply(405, {"Allow": "POST"})
    try:
        arguments = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return json_reply(400, {"error": "the body must be a JSON object"})
    if not isinstance(arguments, dict):
        return json_reply(400, {"error": "the body must be a JSON object"})
    try:
        result = function(instance, **arguments)
    except TypeError as exc:
        return json_reply(400, {"error": f"wrong arguments for {operation}: {exc}"})
    except (ConsoleError, DialectError, KeyError, ValueError) as exc:
        return json_reply(400, {"error": str(exc)})
    log.debug("%s: console %s", instance.name, operation)
    return json_reply(200, _result_body(operation, result))


def _result_body(operation: str, result: Any) -> JSONDict:
    if operation == "press_authenticate_connection":
        ok, reason = result
        return {"ok": ok, "reason": reason}
    if operation == "shown_issued_secret":
        return {"ok": True, "secret": result}
    if isinstance(result, dict):
        return {"ok": True, "row": result}
    return {"ok": True, "value": result}


def dialect_of(target: ServedInstance | InstanceState) -> Dialect:
    """The dialect the console writes under."""
    state = _state(target)
    with state.lock:
        return state.dialect
