"""What a simulated Halo instance answers to each request, apart from transport and faults."""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from halo_wizard.api import constants as c
from halo_wizard.api.values import as_int
from halo_wizard.simulator.hook_types import HookEnv, RecordNotFound, ValidationFailed, WriteEvent
from halo_wizard.simulator.hooks import hooks_for
from halo_wizard.simulator.shapes import list_row, version_of, without_nested_lists
from halo_wizard.simulator.state import (
    TOKEN_EXPIRES_IN,
    InstanceState,
    IssuedToken,
    JSONDict,
    is_write_only_secret,
    strip_nulls,
)

log = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 50
DEFAULT_APP_NAME = c.APP_NAME_PSA
DEFAULT_APP_VERSION = "2.236.133"
STRING_ID_ENTITIES: frozenset[str] = frozenset({c.APPLICATION_ENTITY, "Priority"})
"""Entities whose id is not a number: a non-numeric id is looked up, never refused with 400
(sweep: /Application/probe and /Priority/probe answer 404, every other /{id} route 400)."""
ME_ANSWERS: dict[str, int] = {"Client": 401, "Users": 404}
"""/api/Client/me and /api/Users/me asked with an agent's token (sweep: 401 and 404)."""
SEARCH_FIELDS: tuple[str, ...] = (
    "name",
    "outcome",
    "value",
    "emailaddress",
    "email",
    "summary",
    "module_name",
)
LIST_FILTERS: dict[str, frozenset[str]] = {
    "client_id": frozenset({"Users", "Site", "Tickets"}),
    "ticket_id": frozenset({"Actions"}),
    "site_id": frozenset({"Users", "Tickets"}),
    "type_id": frozenset({"Category"}),
    "status_id": frozenset({"Tickets"}),
    "agent_id": frozenset({"Tickets"}),
    "user_id": frozenset({"Tickets"}),
}
"""Query parameter -> the lists it filters."""
UNKNOWN_ENTITY_AREA = "admin"


@dataclass
class Reply:
    """A response before it is put on the wire."""

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_json(self) -> bool:
        """True when the body is JSON."""
        return self.content_type is not None and self.content_type.startswith("application/json")


def json_reply(status: int, value: Any, headers: dict[str, str] | None = None) -> Reply:
    """A JSON response."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Reply(status, body, "application/json; charset=utf-8", dict(headers or {}))


def text_reply(status: int, text: str, headers: dict[str, str] | None = None) -> Reply:
    """A plain-text response."""
    return Reply(status, text.encode("utf-8"), "text/plain; charset=utf-8", dict(headers or {}))


def empty_reply(status: int, headers: dict[str, str] | None = None) -> Reply:
    """A response without a body."""
    return Reply(status, b"", None, dict(headers or {}))


@dataclass(frozen=True)
class Request:
    """The parts of an HTTP request the endpoints use."""

    method: str
    path: str
    query: Mapping[str, str]
    """Query parameters, names in lower case (last value wins)."""
    headers: Mapping[str, str]
    """Headers, names in lower case."""
    body: bytes = b""


@dataclass(frozen=True)
class Route:
    """Where a path leads."""

    kind: str
    """"authinfo", "token", "instanceinfo", "entity", "console" or "unknown"."""
    entity: str | None = None
    record_id: str | None = None
    label: str = ""
    """The name requests are counted under in the statistics."""
    limited: bool = True
    """True for paths under /auth and /api: they count against the rate limit and get faults."""


def route(state: InstanceState, path: str) -> Route:
    """The route of a (decoded) path; matching is case-insensitive, as on Halo."""
    parts = [p for p in path.split("/") if p]
    head = parts[0].casefold() if parts else ""
    if head == "auth":
        if len(parts) == 2 and parts[1].casefold() == "token":
            return Route("token", label="token")
        return Route("unknown", label="/auth")
    if head == CONSOLE_PATH:
        # Halo's own screens, for tests and demos: never rate limited, never faulty.
        operation = parts[1] if len(parts) == 2 else None
        return Route("console", record_id=operation, label="console", limited=False)
    if head != "api":
        return Route("unknown", label="other", limited=False)
    if len(parts) < 2:
        return Route("unknown", label="/api")
    name = parts[1].casefold()
    if name == "authinfo" and len(parts) == 2:
        return Route("authinfo", label="authinfo")
    if name == "instanceinfo" and len(parts) == 2:
        return Route("instanceinfo", entity="InstanceInfo", label="InstanceInfo")
    entity = state.canonical_entity(parts[1])
    if entity is None or len(parts) > 3:
        return Route("unknown", label="/api")
    return Route(
        "entity", entity=entity, record_id=parts[2] if len(parts) == 3 else None, label=entity
    )


CONSOLE_PATH = "_console"
"""/_console/<operation>: what an admin does in Halo's own screens (simulator.console)."""


def scope_allows(scopes: frozenset[str], area: str, method: str) -> bool:
    """True when `scopes` let `method` reach an entity of scope area `area` (constants'
    SCOPE_AREA_BY_ENTITY: "all" everything, "all:standard" every area but admin, edit:X read:X)."""
    if "all" in scopes:
        return True
    if area == "admin":
        return "admin" in scopes
    if area == "":
        # Readable with any valid token; written with admin rights. [assumed]
        return bool(scopes) if method == "GET" else "admin" in scopes
    if "all:standard" in scopes:
        return True
    if method == "GET":
        return f"read:{area}" in scopes or f"edit:{area}" in scopes
    return f"edit:{area}" in scopes


def _int_param(query: Mapping[str, str], name: str) -> int | None:
    try:
        return int(query[name])
    except (KeyError, ValueError):
        return None


def _true(query: Mapping[str, str], name: str) -> bool:
    return query.get(name, "").casefold() in ("true", "1", "yes")


class Endpoints:
    """Answers requests against one instance's state (thread-safe)."""

    def __init__(self, state: InstanceState, env: HookEnv) -> None:
        self.state = state
        self.env = env

    @property
    def base_url(self) -> str:
        """The instance's base URL."""
        return self.env.base_url

    def tenant(self) -> str:
        """The tenant on a hosted instance, else an empty string."""
        return self.state.tenant(self.env.name)

    # ---- /api/authinfo and /auth/token --------------------------------------------------------

    def authinfo(self) -> Reply:
        """Where to authenticate, and the tenant (empty when not hosted)."""
        with self.state.lock:
            info = {k: v for k, v in self.state.authinfo.items() if v is not None}
        info["auth_url"] = f"{self.base_url}/auth"
        info["tenant_id"] = self.tenant()
        return json_reply(200, info)

    def token(self, request: Request) -> Reply:
        """The client-credentials token endpoint."""
        if request.method != "POST":
            return empty_reply(405, {"Allow": "POST"})
        tenant = self.tenant()
        asked_tenant = request.query.get("tenant")
        if tenant and asked_tenant and asked_tenant.casefold() != tenant.casefold():
            # Real hosted instances have been seen answering a wrong tenant with a bare 500.
            return text_reply(500, "An error has occurred.")
        form = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        if form.get("grant_type") != "client_credentials":
            return json_reply(
                400,
                {
                    "error": "unsupported_grant_type",
                    "error_description": "Only the client_credentials grant is supported.",
                },
            )
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if not client_id:
            client_id, client_secret = _basic_credentials(request.headers.get("authorization"))
        requested = form.get("scope", "")
        scopes = frozenset(requested.split())
        unknown = sorted(s for s in scopes if s not in c.KNOWN_SCOPES)
        with self.state.lock:
            credential = self.state.find_credential(client_id) if client_id else None
            if credential is None or credential.client_secret != client_secret:
                return json_reply(
                    401,
                    {
                        "error": "invalid_client",
                        "error_description": "The client ID or client secret is not valid.",
                    },
                )
            if unknown:
                return json_reply(
                    400,
                    {
                        "error": "invalid_scope",
                        "error_description": f"Unknown scope: {' '.join(unknown)}",
                    },
                )
            token = self.state.issue_token(credential, scopes)
        log.debug("%s: token issued (scope %r)", self.env.name, requested)
        return json_reply(
            200,
            {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": TOKEN_EXPIRES_IN,
                "scope": requested,
            },
        )

    # ---- /api/* ---------------------------------------------------------------------------------

    def api(self, request: Request, target: Route, token_lifetime: float | None) -> Reply:
        """Any /api request other than authinfo: authentication, scope, then the entity."""
        if target.kind == "unknown" or target.entity is None:
            return empty_reply(404)
        if target.kind == "instanceinfo":
            # Current builds answer InstanceInfo without a token (halo-api.md section 0).
            return self._instanceinfo() if request.method == "GET" else empty_reply(405)
        info = self._bearer(request, token_lifetime)
        if info is None:
            return empty_reply(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if not self._permitted(info, request.method, target.entity):
            return empty_reply(403)
        entity = target.entity
        record_id = target.record_id
        try:
            if record_id is not None and record_id.casefold() == "me":
                if entity == "Agent" and request.method == "GET":
                    return self._me(info)
                if entity in ME_ANSWERS:
                    return empty_reply(ME_ANSWERS[entity])
            if record_id is not None and request.method in ("GET", "DELETE"):
                refused = _invalid_id(entity, record_id)
                if refused is not None:
                    return refused
            if request.method == "GET":
                if record_id is None:
                    return self._list(entity, request.query)
                return self._get(entity, record_id, request.query)
            if request.method == "POST" and record_id is None:
                return self._post(entity, request, info)
            if request.method == "DELETE" and record_id is not None:
                return self._delete(entity, record_id)
        except RecordNotFound:
            return empty_reply(404)  # Halo's 404 bodies are empty (sweep)
        except ValidationFailed as exc:
            return json_reply(400, exc.body)
        return empty_reply(405)

    def _bearer(self, request: Request, token_lifetime: float | None) -> IssuedToken | None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.casefold() != "bearer" or not token.strip():
            return None
        with self.state.lock:
            info = self.state.token_info(token.strip(), token_lifetime)
        # A token issued without any scope authenticates nothing (as on Halo).
        if info is None or not info.scopes:
            return None
        return info

    def _permitted(self, info: IssuedToken, method: str, entity: str) -> bool:
        area = c.SCOPE_AREA_BY_ENTITY.get(entity, UNKNOWN_ENTITY_AREA)
        if not scope_allows(info.scopes, area, method):
            return False
        app = info.application
        return app is None or (
            scope_allows(app.scopes, area, method) and not app.denies(method, entity)
        )

    def _instanceinfo(self) -> Reply:
        with self.state.lock:
            info: JSONDict = strip_nulls(self.state.instanceinfo)
        for name in (c.INSTANCE_TENANT, "tenant"):
            info.pop(name, None)
        info.setdefault("app_name", DEFAULT_APP_NAME)
        info.setdefault("app_version", DEFAULT_APP_VERSION)
        info["agent_url"] = self.base_url
        info["portal_url"] = f"{self.base_url}/portal/"
        info["auth_url"] = f"{self.base_url}/auth"
        tenant = self.tenant()
        if tenant:
            # Hosted instances name their tenant here (halo_version_snapshot.json).
            info[c.INSTANCE_TENANT] = tenant
        return json_reply(200, info)

    def _list(self, entity: str, query: Mapping[str, str]) -> Reply:
        if entity in c.SINGLETON_ENTITIES:
            # A settings record: one object, not a list.
            with self.state.lock:
                row = next(self.state.iter_records(entity), None)
                return json_reply(200, strip_nulls(row) if row is not None else {})
        search = query.get("search", "").casefold()
        filters = {
            name: value
            for name, entities in LIST_FILTERS.items()
            if entity in entities and (value := query.get(name, "")) != ""
        }
        paginate = _true(query, "pageinate")
        with_email = _true(query, c.AGENT_WITH_EMAIL)
        api_agents = _true(query, c.AGENT_INCLUDE_API_AGENTS)
        disabled = _true(query, c.AGENT_INCLUDE_DISABLED)
        with self.state.lock:
            version = version_of(self.state.instanceinfo.get("app_version"))
            fields = self.state.search_fields or SEARCH_FIELDS
            rows = [
                row
                for row in self.state.iter_records(entity)
                if (not search or _matches(row, search, fields))
                and all(str(row.get(n)) == v for n, v in filters.items())
                and (entity != "Agent" or _agent_listed(row, api_agents, disabled))
            ]
            total = len(rows)
            wrapped_key = c.WRAPPED_LIST_KEYS.get(entity)
            if wrapped_key is None and paginate:
                wrapped_key = c.PAGINATED_LIST_KEYS.get(entity)
            # With pageinate, bare lists and c.UNPAGED_LISTS come back whole (the live sweep).
            if not paginate:
                count = _int_param(query, "count")
                if count is not None and count > 0:
                    rows = rows[:count]
            elif wrapped_key is not None and entity not in c.UNPAGED_LISTS:
                size = min(max(_int_param(query, "page_size") or DEFAULT_PAGE_SIZE, 1), c.PAGE_CAP)
                page = max(_int_param(query, "page_no") or 1, 1)
                rows = rows[(page - 1) * size : page * size]
            out = [
                strip_nulls(
                    list_row(
                        entity,
                        row,
                        version=version,
                        with_email=with_email,
                        with_api_flag=api_agents,
                    )
                )
                for row in rows
            ]
            if wrapped_key is None:
                return json_reply(200, out)
            return json_reply(200, {"record_count": total, wrapped_key: out})

    def _get(self, entity: str, record_id: str, query: Mapping[str, str]) -> Reply:
        with self.state.lock:
            key = self.state.find_key(entity, record_id)
            if key is None or (entity == "Priority" and as_int(record_id) is not None):
                # A priority's id is a GUID: /Priority/<int> answers 404 (halocli README).
                raise RecordNotFound(f"{entity} {record_id} was not found.")
            record = self.state.public_record(entity, key, with_issued_secret=True)
        if not _true(query, c.INCLUDE_DETAILS):
            record = without_nested_lists(record)
        return json_reply(200, record)

    def _me(self, info: IssuedToken) -> Reply:
        """The agent the token's application logs in as (GET /api/Agent/me)."""
        agent_id = info.application.agent_id if info.application else None
        with self.state.lock:
            key = self.state.find_key("Agent", str(agent_id)) if agent_id is not None else None
            if key is None:
                raise RecordNotFound("The application does not log in as an agent.")
            return json_reply(200, self.state.public_record("Agent", key))

    def _delete(self, entity: str, record_id: str) -> Reply:
        with self.state.lock:
            key = self.state.find_key(entity, record_id)
            if key is None:
                raise RecordNotFound(f"{entity} {record_id} was not found.")
            return json_reply(200, strip_nulls(self.state.delete(entity, key)))

    def _post(self, entity: str, request: Request, caller: IssuedToken) -> Reply:
        try:
            items = json.loads(request.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError):
            return json_reply(400, "The request body is not valid JSON.")
        if not isinstance(items, list) or not items:
            return json_reply(400, "The request body must be a JSON array of records.")
        if not all(isinstance(item, dict) for item in items):
            return json_reply(400, "Every element of the array must be a record.")
        hooks = hooks_for(entity)
        if hooks.inbound is not None:
            answered = hooks.inbound(self.state, items, caller, self.env)
            if answered is not None:
                return json_reply(*answered)
        events: list[WriteEvent] = []
        with self.state.lock:
            # Every object is checked before any is saved, so a refused batch changes nothing.
            planned = [self._plan(entity, item) for item in items]
            for item, (key, fields, write_only) in zip(items, planned, strict=True):
                created = key is None
                if key is None:
                    key = self.state.create(entity, fields)
                else:
                    self.state.update(entity, key, fields)
                for name, value in write_only.items():
                    self.state.set_write_only(entity, key, name, value)
                event = WriteEvent(
                    entity=entity, key=key, incoming=item, created=created, caller=caller
                )
                if hooks.on_write is not None:
                    hooks.on_write(self.state, event, self.env)
                events.append(event)
        if hooks.after_write is not None:
            for event in events:
                hooks.after_write(self.state, event, self.env)
        with self.state.lock:
            saved = [self._saved(event) for event in events]
        log.debug("%s: saved %d %s record(s)", self.env.name, len(saved), entity)
        if len(saved) == 1:
            return json_reply(200, saved[0])
        return json_reply(200, saved if _true(request.query, "returnall") else saved[-1])

    def _plan(self, entity: str, item: JSONDict) -> tuple[int | None, JSONDict, JSONDict]:
        """(key of the record to update or None to create, fields to store, write-only fields)."""
        hooks = hooks_for(entity)
        raw_id = item.get("id")
        key: int | None = None
        if entity in c.SINGLETON_ENTITIES:
            # There is one settings record: every write updates it (created on the first).
            key = next(iter(sorted(self.state.table(entity))), None)
        elif not _is_new_id(raw_id):
            key = self.state.find_key(entity, raw_id)
            if key is None:
                raise RecordNotFound(f"{entity} {raw_id} was not found.")
        fields: JSONDict = {}
        write_only: JSONDict = {}
        for name, value in item.items():
            if (
                name == "id"
                or name.startswith("_")
                or name in hooks.transient
                or name in hooks.read_only
            ):
                continue
            if is_write_only_secret(name):
                write_only[name] = value
            else:
                fields[name] = value
        if hooks.prepare is not None:
            existing = self.state.get(entity, key) if key is not None else None
            fields = hooks.prepare(self.state, fields, existing)
        return key, fields, write_only

    def _saved(self, event: WriteEvent) -> JSONDict:
        if self.state.find_key(event.entity, event.key) is None:
            # Deleted by another request meanwhile: answer with what was posted.
            posted: JSONDict = strip_nulls({**event.incoming, "id": event.key})
            return {**posted, **event.response_extra}
        record = self.state.public_record(event.entity, event.key, with_issued_secret=True)
        saved = {**record, **event.response_extra}
        for name in event.response_omit:
            saved.pop(name, None)
        return saved


def _invalid_id(entity: str, record_id: str) -> Reply | None:
    """400 for a non-numeric id, as Halo's model validation answers it (sweep_results.json)."""
    if entity in STRING_ID_ENTITIES or entity in c.SINGLETON_ENTITIES:
        return None
    if as_int(record_id) is not None:
        return None
    return json_reply(400, {"id": [c.ERROR_INVALID_ID.format(value=record_id)]})


def _agent_listed(agent: JSONDict, api_agents: bool, disabled: bool) -> bool:
    """/api/Agent leaves out API agents unless includeapiagents=true and disabled agents unless
    includedisabled=true (both schema parameters of /Agent; the behaviour is assumed)."""
    if agent.get(c.AGENT_IS_API_AGENT) is True and not api_agents:
        return False
    return not (agent.get("isdisabled") is True and not disabled)


def _is_new_id(raw_id: Any) -> bool:
    if raw_id is None or raw_id == "" or isinstance(raw_id, bool):
        return True
    if isinstance(raw_id, int | float):
        return raw_id <= 0
    if isinstance(raw_id, str) and raw_id.strip().lstrip("-").isdigit():
        return int(raw_id) <= 0
    return False


def _matches(row: JSONDict, needle: str, fields: tuple[str, ...]) -> bool:
    return any(
        isinstance(value := row.get(name), str) and needle in value.casefold() for name in fields
    )


def _basic_credentials(header: str | None) -> tuple[str | None, str | None]:
    """Client id and secret from an HTTP Basic header (form-encoded inside, per OAuth 2)."""
    if not header:
        return None, None
    scheme, _, encoded = header.partition(" ")
    if scheme.casefold() != "basic":
        return None, None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    user, sep, password = decoded.partition(":")
    if not sep:
        return None, None
    return unquote_plus(user), unquote_plus(password)
