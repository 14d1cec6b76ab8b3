"""Connected instances: a ticket list of instance A shown in instance B (seed 000), surveyed,
written as Changes and checked again."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient, NaturalKey, Record
from halo_wizard.api.errors import HaloError, NotFound, PermissionDenied
from halo_wizard.plan.linked import PRIMARY, SECONDARY, LinkedPlan, linked_of, store_linked
from halo_wizard.plan.model import Side, StepId
from halo_wizard.steps.changes import Change, FieldChange, field_changes
from halo_wizard.steps.session import Session

log = logging.getLogger(__name__)

CI_LABELS = {
    C.CI_NAME: "Name",
    C.CI_API_URL: "API URL",
    C.CI_AUTH_URL: "Authorisation URL",
    C.CI_TENANT: "Tenant",
    C.CI_CLIENT_ID: "Client ID",
    C.CI_CLIENT_SECRET_WRITE: "Client secret",
}
LIST_LABELS = {
    C.VIEWLIST_NAME: "Name",
    C.VIEWLIST_USE: "Use",
    C.VIEWLIST_CONNECTED_INSTANCE: "Halo API (connected instance)",
    C.VIEWLIST_CONNECTED_LIST: "List of the connected instance",
}
EMAIL_LABELS = {
    C.EMAIL_IDENTIFIER_ENABLED: "Add an instance identifier to the subject of outgoing e-mails",
    C.EMAIL_IDENTIFIER: "Instance identifier",
}


def _same_url(a: Any, b: Any) -> bool:
    return (
        str(a or "").strip().rstrip("/").casefold() == str(b or "").strip().rstrip("/").casefold()
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# ---- Instance A: the API application ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplicationCheck:
    """What signing in to A with the pasted Client ID and Secret showed."""

    signed_in: bool
    message: str
    fix: str = ""
    name: str = ""
    active: bool | None = None
    agent: str = ""
    scopes: tuple[str, ...] = ()
    found_in_list: bool | None = None
    """True when /api/Application lists it; None when the list could not be read."""


async def verify_application(
    session: Session, client_id: str, client_secret: str
) -> ApplicationCheck:
    """Sign in to A with the application's credentials, then look it up in A's application list.

    The wizard never creates or changes the application (C.APPLICATION_WRITES_SUPPORTED)."""
    primary = session.client(PRIMARY)
    if not client_id.strip() or not client_secret:
        return ApplicationCheck(False, "Paste the application's Client ID and Secret first.")
    probe = HaloClient(
        primary.endpoint.base_url,
        client_id.strip(),
        client_secret,
        scope=C.DEFAULT_SCOPE,
        name=session.name(PRIMARY),
    )
    try:
        await probe.discover()
        await probe.authenticate()
    except HaloError as exc:
        return ApplicationCheck(False, exc.message, exc.fix)
    finally:
        await probe.aclose()
    found: Record | None = None
    listed: bool | None = None
    try:
        apps = await session.records(PRIMARY, C.APPLICATION_ENTITY, fresh=True)
        found = next((a for a in apps if str(a.get(C.APP_CLIENT_ID)) == client_id.strip()), None)
        listed = found is not None
    except (PermissionDenied, NotFound):
        log.info("the application list of %s cannot be read", session.name(PRIMARY))
    scopes = tuple(
        str(s.get(C.APP_SCOPE_NAME))
        for s in (found or {}).get(C.APP_SCOPES) or []
        if isinstance(s, dict) and s.get(C.APP_SCOPE_NAME)
    )
    inactive = (found or {}).get(C.APP_INACTIVE)
    linked = linked_of(session.plan)
    linked.application_client_id = client_id.strip()
    linked.application_verified = inactive is not True
    if found is not None and found.get(C.APP_DISPLAY_NAME):
        linked.application_name = str(found[C.APP_DISPLAY_NAME])
    store_linked(session.plan, linked)
    if inactive is True:
        return ApplicationCheck(
            True,
            "Signed in, but the application is marked inactive.",
            "Untick Inactive on the application in Halo, then verify again.",
            name=str(found.get(C.APP_DISPLAY_NAME) or "") if found else "",
            active=False,
            found_in_list=listed,
        )
    return ApplicationCheck(
        True,
        f"Signed in to {session.name(PRIMARY)} with the application.",
        name=str((found or {}).get(C.APP_DISPLAY_NAME) or ""),
        active=None if found is None else True,
        agent=str((found or {}).get(C.APP_LOGIN_AGENT_NAME) or ""),
        scopes=scopes,
        found_in_list=listed,
    )


# ---- Instance B: the connected instance record -----------------------------------------------


@dataclass(slots=True)
class ConnectionSurvey:
    """B's connected instance record compared with what A says about itself."""

    primary: str
    secondary: str
    wanted: dict[str, Any]
    record: Record | None
    ready: bool
    """False until the application was verified (nothing to write without its credentials)."""
    changes: list[Change] = field(default_factory=list)
    test_ok: bool | None = None
    test_result: str = ""


def _find_connected_instance(
    records: list[Record], linked: LinkedPlan, api_url: str, name: str
) -> Record | None:
    if linked.connected_instance_id is not None:
        for r in records:
            if r.get("id") == linked.connected_instance_id:
                return r
    for r in records:
        if _same_url(r.get(C.CI_API_URL), api_url):
            return r
    wanted = name.strip().casefold()
    return next((r for r in records if str(r.get(C.CI_NAME) or "").casefold() == wanted), None)


async def survey_connection(session: Session, app_secret: str | None) -> ConnectionSurvey:
    """Read B's connected instances; propose the record pointing at A (secret only when needed)."""
    plan = session.plan
    linked = linked_of(plan)
    primary = session.client(PRIMARY)
    endpoint = await primary.discover()
    name = linked.connected_instance_name or session.name(PRIMARY)
    wanted: dict[str, Any] = {
        C.CI_NAME: name,
        C.CI_API_URL: endpoint.api_url,
        C.CI_AUTH_URL: endpoint.auth_url,
        C.CI_TENANT: endpoint.tenant,
        C.CI_CLIENT_ID: linked.application_client_id,
    }
    records = await session.records(SECONDARY, C.CONNECTED_INSTANCE_ENTITY, fresh=True)
    record = _find_connected_instance(records, linked, endpoint.api_url, name)
    result = ConnectionSurvey(
        primary=session.name(PRIMARY),
        secondary=session.name(SECONDARY),
        wanted=wanted,
        record=record,
        ready=linked.application_verified and bool(linked.application_client_id),
        test_ok=linked.last_test_ok if record is not None else None,
        test_result=linked.last_test_result if record is not None else "",
    )
    if record is not None and record.get("id") != linked.connected_instance_id:
        linked.connected_instance_id = int(record["id"])
        store_linked(plan, linked)
    if not result.ready:
        return result
    current = record or {}
    fields = field_changes(current, wanted, CI_LABELS)
    # The secret is write-only: send it when the record is new, its client changed, or the
    # last test did not pass (the admin may have pasted a new one).
    send_secret = (
        record is None
        or any(f.name == C.CI_CLIENT_ID for f in fields)
        or linked.last_test_ok is not True
    )
    if send_secret and app_secret:
        fields.append(
            FieldChange(
                C.CI_CLIENT_SECRET_WRITE,
                CI_LABELS[C.CI_CLIENT_SECRET_WRITE],
                None,
                app_secret,
                secret=True,
            )
        )
    if not fields:
        return result
    payload = {f.name: f.new for f in fields}
    if record is not None:
        payload["id"] = record["id"]
    result.changes.append(
        Change(
            step=StepId.SUPPLIERS_MODULE,
            side=SECONDARY,
            instance=session.name(SECONDARY),
            entity=C.CONNECTED_INSTANCE_ENTITY,
            operation="create" if record is None else "update",
            record=name,
            record_id=int(record["id"]) if record is not None else None,
            fields=fields,
            payload=payload,
            key=NaturalKey((C.CI_NAME,)) if record is None else None,
            label="connected instance",
        )
    )
    return result


@dataclass(frozen=True, slots=True)
class ConnectionTestResult:
    ok: bool
    text: str


async def run_connection_test(session: Session) -> ConnectionTestResult:
    """Press "Test" on B's connected instance record and keep the result in the plan."""
    linked = linked_of(session.plan)
    if linked.connected_instance_id is None:
        await survey_connection(session, None)  # finds a record written since the last survey
        linked = linked_of(session.plan)
    if linked.connected_instance_id is None:
        return ConnectionTestResult(False, "There is no connected instance record to test yet.")
    saved = await session.client(SECONDARY).save(
        C.CONNECTED_INSTANCE_ENTITY, {"id": linked.connected_instance_id, C.CI_TEST: True}
    )
    ok = saved.get(C.CI_TEST_OK) is True
    text = str(saved.get(C.CI_TEST_RESULT) or saved.get("_warning") or "")
    text = text or ("Connection successful" if ok else "The test gave no answer")
    linked.last_test_ok = ok
    linked.last_test_result = text
    linked.last_tested = _now()
    store_linked(session.plan, linked)
    log.info("test of the connected instance in %s: %s", session.name(SECONDARY), text)
    return ConnectionTestResult(ok, text)


# ---- The linked ticket list ------------------------------------------------------------------


def filters_text(view: Record) -> list[str]:
    """A list's filters as "name: value" lines (as the admin set them in Halo)."""
    lines: list[str] = []
    for row in view.get(C.VIEWLIST_FILTERS) or []:
        if not isinstance(row, dict):
            continue
        name = str(row.get(C.VIEWFILTER_NAME) or "filter")
        value = row.get(C.VIEWFILTER_VALUE)
        if value in (None, ""):
            pairs = row.get(C.VIEWFILTER_VALUES) or []
            value = ", ".join(
                str(p.get("value") or p.get("key") or "") for p in pairs if isinstance(p, dict)
            )
        lines.append(f"{name}: {value}" if value not in (None, "") else name)
    return lines


def is_ticket_list(view: Record) -> bool:
    use = view.get(C.VIEWLIST_USE)
    return use in (None, "") or str(use).casefold() == C.VIEWLIST_USE_TICKETS


@dataclass(slots=True)
class ListSurvey:
    """A's ticket lists, the one chosen, and its linked list in B."""

    source_lists: list[Record]
    source: Record | None
    connected_instance_id: int | None
    linked: Record | None
    changes: list[Change] = field(default_factory=list)

    @property
    def source_filters(self) -> list[str]:
        return filters_text(self.source) if self.source else []


async def survey_lists(session: Session) -> ListSurvey:
    plan = session.plan
    linked = linked_of(plan)
    views = await session.records(PRIMARY, C.VIEWLIST_ENTITY, fresh=True)
    sources = [v for v in views if is_ticket_list(v) and not v.get(C.VIEWLIST_CONNECTED_INSTANCE)]
    source = next((v for v in sources if v.get("id") == linked.source_list_id), None)
    b_views = await session.records(SECONDARY, C.VIEWLIST_ENTITY, fresh=True)
    ci_id = linked.connected_instance_id
    match = None
    if ci_id is not None and source is not None:
        match = next(
            (
                v
                for v in b_views
                if v.get(C.VIEWLIST_CONNECTED_INSTANCE) == ci_id
                and v.get(C.VIEWLIST_CONNECTED_LIST) == source.get("id")
            ),
            None,
        )
    result = ListSurvey(sources, source, ci_id, match)
    if source is not None:
        linked.source_list_name = str(source.get(C.VIEWLIST_NAME) or "")
        linked.source_filters = filters_text(source)
    linked.linked_list_id = int(match["id"]) if match is not None else None
    store_linked(plan, linked)
    if source is None or ci_id is None:
        return result
    name = linked.linked_list_name or str(source.get(C.VIEWLIST_NAME) or "")
    if match is None:
        wanted = {
            C.VIEWLIST_NAME: name,
            C.VIEWLIST_USE: C.VIEWLIST_USE_TICKETS,
            C.VIEWLIST_CONNECTED_INSTANCE: ci_id,
            C.VIEWLIST_CONNECTED_LIST: source["id"],
        }
        result.changes.append(
            Change(
                step=StepId.PROFILES,
                side=SECONDARY,
                instance=session.name(SECONDARY),
                entity=C.VIEWLIST_ENTITY,
                operation="create",
                record=name,
                fields=field_changes({}, wanted, LIST_LABELS),
                payload=dict(wanted),
                key=NaturalKey((C.VIEWLIST_NAME,)),
                label="ticket list",
            )
        )
    elif linked.linked_list_name and str(match.get(C.VIEWLIST_NAME)) != name:
        result.changes.append(
            Change(
                step=StepId.PROFILES,
                side=SECONDARY,
                instance=session.name(SECONDARY),
                entity=C.VIEWLIST_ENTITY,
                operation="update",
                record=str(match.get(C.VIEWLIST_NAME)),
                record_id=int(match["id"]),
                fields=field_changes(match, {C.VIEWLIST_NAME: name}, LIST_LABELS),
                payload={"id": match["id"], C.VIEWLIST_NAME: name},
                label="ticket list",
            )
        )
    return result


# ---- E-mail identification -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IdentifierState:
    side: Side
    instance: str
    readable: bool
    enabled: bool
    identifier: str
    wanted: str

    @property
    def ok(self) -> bool:
        return not self.wanted or (self.enabled and self.identifier == self.wanted)


@dataclass(slots=True)
class IdentifierSurvey:
    states: dict[Side, IdentifierState] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


async def read_settings(client: HaloClient) -> Record | None:
    """The instance's settings record, or None when the application may not read it."""
    try:
        body = await client.request("GET", C.CONTROL_ENTITY)
    except (PermissionDenied, NotFound):
        return None
    if isinstance(body, list):
        body = body[0] if body and isinstance(body[0], dict) else {}
    return body if isinstance(body, dict) else None


def suggested_identifier(name: str) -> str:
    """A short identifier from an instance's name ("Northwind MSP" -> "NORTHWIND")."""
    word = next((w for w in name.split() if w.isalnum()), name.strip())
    return word.upper()[:20]


async def survey_identifiers(session: Session) -> IdentifierSurvey:
    linked = linked_of(session.plan)
    result = IdentifierSurvey()
    for side in (PRIMARY, SECONDARY):
        settings = await read_settings(session.client(side))
        wanted = linked.identifier(side).strip()
        state = IdentifierState(
            side=side,
            instance=session.name(side),
            readable=settings is not None,
            enabled=bool((settings or {}).get(C.EMAIL_IDENTIFIER_ENABLED)),
            identifier=str((settings or {}).get(C.EMAIL_IDENTIFIER) or ""),
            wanted=wanted,
        )
        result.states[side] = state
        if settings is None or state.ok:
            continue
        want = {C.EMAIL_IDENTIFIER_ENABLED: True, C.EMAIL_IDENTIFIER: wanted}
        fields = field_changes(settings, want, EMAIL_LABELS)
        payload: dict[str, Any] = {f.name: f.new for f in fields}
        if isinstance(settings.get("id"), int):
            payload["id"] = settings["id"]
        result.changes.append(
            Change(
                step=StepId.CREDENTIAL_SWAP,
                side=side,
                instance=state.instance,
                entity=C.CONTROL_ENTITY,
                operation="update",
                record="E-mail settings",
                record_id=settings.get("id") if isinstance(settings.get("id"), int) else None,
                fields=fields,
                payload=payload,
                label="settings",
            )
        )
    return result


# ---- Drift ------------------------------------------------------------------------------------


async def linked_drift(session: Session) -> list[str]:
    """Where the two instances no longer match the plan, one plain sentence each (read only)."""
    plan = session.plan
    linked = linked_of(plan)
    found: list[str] = []
    a, b = session.name(PRIMARY), session.name(SECONDARY)
    connection = await survey_connection(session, None)
    if connection.record is None:
        found.append(f"{b} has no connected instance record for {a}.")
    else:
        for name, value in connection.wanted.items():
            if not value:
                continue
            current = connection.record.get(name)
            if str(current or "").strip().rstrip("/") != str(value).strip().rstrip("/"):
                found.append(
                    f"{b}: the connected instance's {CI_LABELS[name]} is '{current or ''}', "
                    f"the plan says '{value}'."
                )
    if linked.source_list_id is not None:
        agreed_filters = list(linked.source_filters)
        lists = await survey_lists(session)
        store_linked(plan, linked)  # a check reads; it keeps what the plan had agreed
        if lists.source is None:
            found.append(f"{a} no longer has the ticket list '{linked.source_list_name}'.")
        else:
            if lists.source_filters != agreed_filters:
                found.append(f"{a}: the filters of '{linked.source_list_name}' changed.")
            if lists.linked is None:
                found.append(
                    f"{b} has no ticket list linked to '{linked.source_list_name}' in {a}."
                )
    identifiers = await survey_identifiers(session)
    for state in identifiers.states.values():
        if not state.readable and state.wanted:
            found.append(f"{state.instance}: the e-mail settings cannot be read.")
        elif not state.ok:
            found.append(
                f"{state.instance}: the e-mail instance identifier is "
                f"'{state.identifier if state.enabled else 'off'}', the plan says "
                f"'{state.wanted}'."
            )
    return found
