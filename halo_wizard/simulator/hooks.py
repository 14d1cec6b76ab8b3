"""Per-entity behaviour of simulated writes: validation, side effects and outbound calls."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from halo_wizard.api import constants as c
from halo_wizard.simulator.hook_types import (
    LOOPBACK_HOSTS,
    EntityHooks,
    HookEnv,
    ValidationFailed,
    WriteEvent,
    class_error,
    model_state,
)
from halo_wizard.simulator.state import InstanceState, JSONDict
from halo_wizard.simulator.sync import after_action_write, inbound_actions, inbound_tickets

log = logging.getLogger(__name__)

OUTBOUND_TIMEOUT_SECONDS = 3.0

# Commands some entities accept in a write; they act, but are never stored.
CONNECTED_INSTANCE_TEST = "_test"
CONNECTED_INSTANCE_TEST_OK = "_test_ok"
CONNECTED_INSTANCE_TEST_RESULT = "_test_result"
NEW_CLIENT_SITE_NAME = "newclient_sitename"
NOT_A_FIELD_IN_2_236 = "sendemail_via_api"
"""Once assumed for the API e-mail setting; TOutcome in Halo's 2.236 OpenAPI has no such field,
so the simulator never stores it (evidence digest section 5)."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _require(fields: JSONDict, existing: JSONDict | None, names: dict[str, str]) -> None:
    """Raise a model-state error for required fields that are (or would become) blank."""
    merged = {**(existing or {}), **fields}
    missing = {
        name: f"The {label} field is required."
        for name, label in names.items()
        if (existing is None or name in fields) and _blank(merged.get(name))
    }
    if missing:
        raise ValidationFailed(model_state(missing))


# ---- Users and sites --------------------------------------------------------------------------


def _prepare_user(state: InstanceState, fields: JSONDict, existing: JSONDict | None) -> JSONDict:
    _require(fields, existing, {"name": "name", "emailaddress": "emailaddress"})
    if existing is not None and "site_id" not in fields and "client_id" not in fields:
        return fields
    merged = {**(existing or {}), **fields}
    site_key = state.find_key("Site", merged.get("site_id")) if merged.get("site_id") else None
    if merged.get("site_id") and site_key is None:
        raise ValidationFailed(class_error(f"Site {merged['site_id']} does not exist."))
    if site_key is None and merged.get("client_id"):
        client_id = str(merged["client_id"])
        sites = [s for s in state.iter_records("Site") if str(s.get("client_id")) == client_id]
        if not sites:
            raise ValidationFailed(
                class_error("The customer has no site. Give a site_id or create a site first.")
            )
        site_key = int(sites[0]["id"])
    if site_key is None:
        raise ValidationFailed(class_error("A user must belong to a site. Give a site_id."))
    site = state.get("Site", site_key)
    out = {**fields, "site_id": site_key, "site_name": site.get("name")}
    if site.get("client_id") is not None:
        out["client_id"] = site["client_id"]
        out["client_name"] = site.get("client_name")
    return out


def _prepare_site(state: InstanceState, fields: JSONDict, existing: JSONDict | None) -> JSONDict:
    _require(fields, existing, {"name": "name"})
    if "client_id" not in fields:
        return fields
    client_key = state.find_key("Client", fields["client_id"])
    if client_key is None:
        raise ValidationFailed(class_error(f"Customer {fields['client_id']} does not exist."))
    return {
        **fields,
        "client_id": client_key,
        "client_name": state.get("Client", client_key)["name"],
    }


# ---- Profiles (Client and Supplier) -----------------------------------------------------------


def _prepare_client(state: InstanceState, fields: JSONDict, existing: JSONDict | None) -> JSONDict:
    _require(fields, existing, {"name": "name"})
    return fields


def _prepare_supplier(
    state: InstanceState, fields: JSONDict, existing: JSONDict | None
) -> JSONDict:
    _require(fields, existing, {"name": "name"})
    return fields


_OUTBOUND_CONNECTION_FIELDS = (
    c.PROFILE_REMOTE_API_URL,
    c.PROFILE_REMOTE_AUTH_URL,
    c.PROFILE_REMOTE_TENANT,
    c.PROFILE_REMOTE_CLIENT_ID,
    c.PROFILE_REMOTE_CLIENT_SECRET_WRITE,
)


def _sync_api_access(state: InstanceState, event: WriteEvent) -> None:
    """Issue credentials when API access turns on; withdraw them when it turns off. A changed
    outbound connection counts as authenticated again only after Authenticate connection."""
    record = state.get(event.entity, event.key)
    if any(name in event.incoming for name in _OUTBOUND_CONNECTION_FIELDS):
        record[c.PROFILE_VALIDATED] = False
    if record.get(c.PROFILE_ALLOW_API_ACCESS) is True:
        if not state.has_issued_credentials(event.entity, event.key):
            state.issue_profile_credentials(event.entity, event.key)
            secret = state.issued_secret(event.entity, event.key)
            if secret is not None and state.dialect.secret_in_issuing_answer:
                # secret-once: this save's answer is the only place the API shows it.
                event.response_extra[c.PROFILE_ISSUED_CLIENT_SECRET] = secret
    else:
        state.revoke_profile_credentials(event.entity, event.key)


def _on_write_client(state: InstanceState, event: WriteEvent, env: HookEnv) -> None:
    site_name = event.incoming.get(NEW_CLIENT_SITE_NAME)
    if event.created and isinstance(site_name, str) and site_name.strip():
        record = state.get("Client", event.key)
        site_key = state.create(
            "Site",
            {"name": site_name.strip(), "client_id": event.key, "client_name": record["name"]},
        )
        record["main_site_id"] = site_key
        record["main_site_name"] = site_name.strip()
    _sync_api_access(state, event)


def _on_write_supplier(state: InstanceState, event: WriteEvent, env: HookEnv) -> None:
    _sync_api_access(state, event)


def _after_write_profile(state: InstanceState, event: WriteEvent, env: HookEnv) -> None:
    """Authenticate connection: try the stored outbound credentials against the other instance.

    Where it reports depends on the dialect: in the answer (default), only on a later read
    (auth-reread), or nowhere, since the API ignores the flag (auth-manual)."""
    if event.incoming.get(c.PROFILE_TEST_TRIGGER) is not True:
        return
    with state.lock:
        dialect = state.dialect
    if not dialect.authenticate_through_api:
        log.debug("%s: the test flag is ignored through the API (auth-manual)", env.name)
        return
    failure = authenticate_profile(state, event.entity, event.key)
    if dialect.authenticate_answers:
        if failure is not None:
            event.response_extra[c.PROFILE_WARNING] = failure
    else:
        event.response_omit.add(c.PROFILE_VALIDATED)
    log.debug(
        "%s: authenticate connection of %s %s: %s",
        env.name,
        event.entity,
        event.key,
        "ok" if failure is None else failure,
    )


def authenticate_profile(state: InstanceState, entity: str, key: int) -> str | None:
    """Try a profile's stored outbound credentials and record the result in
    thirdpartynhd_validated; None on success, else the reason. Call without the lock."""
    with state.lock:
        if state.find_key(entity, key) is None:
            return "The profile no longer exists"
        record = state.get(entity, key)
        auth_url = record.get(c.PROFILE_REMOTE_AUTH_URL)
        tenant = record.get(c.PROFILE_REMOTE_TENANT)
        client_id = record.get(c.PROFILE_REMOTE_CLIENT_ID)
        secret = state.get_write_only(entity, key, c.PROFILE_REMOTE_CLIENT_SECRET_WRITE)
    failure = try_token(auth_url, tenant, client_id, secret)
    with state.lock:
        if state.find_key(entity, key) is not None:
            state.get(entity, key)[c.PROFILE_VALIDATED] = failure is None
    return failure


def _after_write_connected_instance(state: InstanceState, event: WriteEvent, env: HookEnv) -> None:
    if event.incoming.get(CONNECTED_INSTANCE_TEST) is not True:
        return
    with state.lock:
        if state.find_key(event.entity, event.key) is None:
            return
        record = state.get(event.entity, event.key)
        auth_url = record.get("authurl")
        tenant = record.get("tenant")
        client_id = record.get("clientid")
        secret = state.get_write_only(event.entity, event.key, "new_clientsecret")
    failure = try_token(auth_url, tenant, client_id, secret)
    event.response_extra[CONNECTED_INSTANCE_TEST_OK] = failure is None
    event.response_extra[CONNECTED_INSTANCE_TEST_RESULT] = failure or "Connection successful"


def try_token(auth_url: Any, tenant: Any, client_id: Any, client_secret: Any) -> str | None:
    """Ask `<auth_url>/token` for a token; None on success, else the reason in plain words.

    Only loopback addresses are called: the simulator never reaches outside the machine.
    """
    if _blank(auth_url) or _blank(client_id) or _blank(client_secret):
        return "Authentication failed: the authorisation URL, client ID or client secret is empty"
    try:
        url = httpx.URL(str(auth_url).rstrip("/") + "/token")
    except (httpx.InvalidURL, ValueError):
        return "Could not reach the authorisation server"
    if url.scheme not in ("http", "https") or url.host not in LOOPBACK_HOSTS:
        log.debug("outbound call to a non-loopback host refused")
        return "Could not reach the authorisation server"
    params = {"tenant": str(tenant)} if not _blank(tenant) else None
    form = {
        "grant_type": "client_credentials",
        "client_id": str(client_id),
        "client_secret": str(client_secret),
        "scope": c.DEFAULT_SCOPE,
    }
    try:
        with httpx.Client(timeout=OUTBOUND_TIMEOUT_SECONDS, trust_env=False) as client:
            response = client.post(url, params=params, data=form)
    except httpx.HTTPError:
        return "Could not reach the authorisation server"
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code == 200 and isinstance(body, dict) and body.get("access_token"):
        return None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return f"Authentication failed: {body['error']}"
    return f"Authentication failed: the authorisation server answered {response.status_code}"


# ---- Configuration ----------------------------------------------------------------------------


def _prepare_outcome(state: InstanceState, fields: JSONDict, existing: JSONDict | None) -> JSONDict:
    _require(fields, existing, {"outcome": "outcome"})
    name = state.dialect.api_email_field_name
    candidate = c.API_EMAIL_SETTING_CANDIDATE
    if name is None:
        # not-in-api: the setting is not an API field; what is posted under its name is dropped.
        fields = {k: v for k, v in fields.items() if k != candidate}
    elif name in fields:
        fields = {**fields, name: fields[name] is True}
    return fields


def _prepare_features(
    state: InstanceState, fields: JSONDict, existing: JSONDict | None
) -> JSONDict:
    if existing is None:
        raise ValidationFailed("Modules cannot be created, only enabled or disabled.")
    return fields


def _prepare_action(state: InstanceState, fields: JSONDict, existing: JSONDict | None) -> JSONDict:
    ticket_id = {**(existing or {}), **fields}.get("ticket_id")
    if not ticket_id or state.find_key("Tickets", ticket_id) is None:
        raise ValidationFailed("An action must be associated with a ticket_id")
    if existing is not None:
        return fields
    return {**fields, **_resolve_outcome(state, fields)}


def _resolve_outcome(state: InstanceState, fields: JSONDict) -> JSONDict:
    """The action definition a new ticket action names: by outcome_id, else by its unique name
    (`outcome`); neither gives 400 (public end-to-end tests expect 400 for a missing outcome)."""
    name_field = c.ACTION_OUTCOME_NAME
    outcome_id = fields.get("outcome_id")
    if not _blank(outcome_id) and outcome_id not in (0, "0"):
        key = state.find_key("Outcome", outcome_id)
        if key is None or not _blank(fields.get(name_field)):
            return {}
        return {name_field: state.get("Outcome", key).get("outcome")}
    name = fields.get(name_field)
    if _blank(name):
        raise ValidationFailed(model_state({name_field: "The outcome field is required."}))
    wanted = str(name).strip().casefold()
    for record in state.iter_records("Outcome"):
        if str(record.get("outcome") or "").strip().casefold() == wanted:
            return {"outcome_id": record["id"], name_field: record.get("outcome")}
    raise ValidationFailed(model_state({name_field: f"There is no action called '{name}'."}))


# ---- Connected instances and linked ticket lists ------------------------------------------------


def _prepare_connected_instance(
    state: InstanceState, fields: JSONDict, existing: JSONDict | None
) -> JSONDict:
    _require(fields, existing, {c.CI_NAME: "name"})
    return fields


def _prepare_view_list(
    state: InstanceState, fields: JSONDict, existing: JSONDict | None
) -> JSONDict:
    _require(fields, existing, {c.VIEWLIST_NAME: "name"})
    merged = {**(existing or {}), **fields}
    link = merged.get(c.VIEWLIST_CONNECTED_INSTANCE)
    if link in (None, 0):
        return {**fields, c.VIEWLIST_CONNECTED_NAME: None} if existing else fields
    key = state.find_key(c.CONNECTED_INSTANCE_ENTITY, link)
    if key is None:
        raise ValidationFailed(class_error(f"Connected instance {link} does not exist."))
    if merged.get(c.VIEWLIST_CONNECTED_LIST) in (None, 0, ""):
        raise ValidationFailed(
            model_state({c.VIEWLIST_CONNECTED_LIST: "Choose the list of the connected instance."})
        )
    name = state.get(c.CONNECTED_INSTANCE_ENTITY, key).get(c.CI_NAME)
    return {**fields, c.VIEWLIST_CONNECTED_INSTANCE: key, c.VIEWLIST_CONNECTED_NAME: name}


def _prepare_application(
    state: InstanceState, fields: JSONDict, existing: JSONDict | None
) -> JSONDict:
    # Whether Halo takes application writes through the API is unknown: the simulator refuses.
    raise ValidationFailed(
        class_error("API applications are created in Configuration > Integrations > Halo API.")
    )


_PROFILE_READ_ONLY = frozenset(
    {c.PROFILE_ISSUED_CLIENT_ID, c.PROFILE_ISSUED_CLIENT_SECRET, c.PROFILE_VALIDATED}
)

HOOKS: dict[str, EntityHooks] = {
    "Users": EntityHooks(prepare=_prepare_user),
    "Site": EntityHooks(prepare=_prepare_site),
    "Client": EntityHooks(
        prepare=_prepare_client,
        on_write=_on_write_client,
        after_write=_after_write_profile,
        transient=frozenset({c.PROFILE_TEST_TRIGGER, NEW_CLIENT_SITE_NAME}),
        read_only=_PROFILE_READ_ONLY,
    ),
    "Supplier": EntityHooks(
        prepare=_prepare_supplier,
        on_write=_on_write_supplier,
        after_write=_after_write_profile,
        transient=frozenset({c.PROFILE_TEST_TRIGGER}),
        read_only=_PROFILE_READ_ONLY,
    ),
    "Outcome": EntityHooks(prepare=_prepare_outcome, read_only=frozenset({NOT_A_FIELD_IN_2_236})),
    "Features": EntityHooks(prepare=_prepare_features),
    "Actions": EntityHooks(
        prepare=_prepare_action, after_write=after_action_write, inbound=inbound_actions
    ),
    "Tickets": EntityHooks(inbound=inbound_tickets),
    "ConnectedInstance": EntityHooks(
        prepare=_prepare_connected_instance, after_write=_after_write_connected_instance
    ),
    c.VIEWLIST_ENTITY: EntityHooks(
        prepare=_prepare_view_list, read_only=frozenset({c.VIEWLIST_CONNECTED_NAME})
    ),
    c.APPLICATION_ENTITY: EntityHooks(prepare=_prepare_application),
}
"""Entity -> its write behaviour; entities not listed are stored as a plain merge."""

NO_HOOKS = EntityHooks()


def hooks_for(entity: str) -> EntityHooks:
    """The write behaviour of `entity` (a plain merge when it has none)."""
    return HOOKS.get(entity, NO_HOOKS)
