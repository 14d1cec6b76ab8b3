"""Two demo instances set up for ticket sync as seed 001 documents it, for the sync and e2e tests.

Two ways to get there:

- `synced_by_hand()`: what an admin does in Halo's own screens and through the API, without the
  wizard: the Suppliers module on, the two profiles, API access, the credential swap, "Authenticate
  connection", mappings by name, the defaults, end users for the escalating agents. Mapping rows,
  sync values and the API e-mail setting go through simulator.console, so every dialect works. The
  simulator's own tests (tests/test_sync.py, tests/test_simulator_dialects.py) use this.
- `synced_demo()`: tests/demo_setup.set_up (the wizard's steps 1-7, auto-mapped), for the
  wizard's end-to-end tests.

Either way `configure_sync` then creates the sync actions through the API (Contoso: a
log-to-supplier clone, a note to the MSP, a closing action that tells the MSP; Northwind: a note to
the customer, an indirect e-mail, a resolve action), adds them to the workflows and maps them in
both profiles.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from demo_instances import demo_instances

from halo_wizard.api import constants as C
from halo_wizard.plan.model import Plan
from halo_wizard.simulator import SimulatedInstance, console
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.simulator.dialects import CUSTOMER, SUPPLIER, Dialect

CUSTOMER_CLIENT = "Contoso Ltd"
"""The Contoso customer whose end users raise the tickets."""
ESCALATING_AGENT_EMAIL = "tom.whitfield@contoso.com"
"""A Contoso agent that the set-up made an end user under the Contoso profile in Northwind."""
SUPPLIER_PROFILE_NAME = "Northwind MSP"  # in Contoso
CUSTOMER_PROFILE_NAME = "Contoso"  # in Northwind


class Api:
    """A small synchronous client for one simulated instance, with the wizard's application."""

    def __init__(self, instance: SimulatedInstance) -> None:
        app = instance.application
        assert app is not None
        self.instance = instance
        self.http = httpx.Client(base_url=instance.api_url, timeout=10.0, trust_env=False)
        reply = httpx.post(
            f"{instance.auth_url}/token",
            params={"tenant": instance.tenant} if instance.tenant else None,
            data={
                "grant_type": "client_credentials",
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "scope": "all",
            },
            trust_env=False,
        )
        reply.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"

    def close(self) -> None:
        self.http.close()

    def post(self, entity: str, record: dict[str, Any]) -> httpx.Response:
        return self.http.post(f"/{entity}", json=[record])

    def save(self, entity: str, record: dict[str, Any]) -> dict[str, Any]:
        reply = self.post(entity, record)
        assert reply.status_code == 200, reply.text
        body: dict[str, Any] = reply.json()
        return body

    def get(self, entity: str, record_id: int, *, details: bool = True) -> dict[str, Any]:
        """The whole record (?includedetails=true unless `details` is false)."""
        params = {C.INCLUDE_DETAILS: "true"} if details else None
        reply = self.http.get(f"/{entity}/{record_id}", params=params)
        assert reply.status_code == 200, reply.text
        body: dict[str, Any] = reply.json()
        return body

    def rows(self, entity: str, **params: Any) -> list[dict[str, Any]]:
        reply = self.http.get(f"/{entity}", params={"count": 100000, **params})
        assert reply.status_code == 200, reply.text
        body = reply.json()
        if isinstance(body, dict):
            key = C.WRAPPED_LIST_KEYS[entity]
            rows: list[dict[str, Any]] = body[key]
            return rows
        return list(body)

    def named(self, entity: str, name: str, field: str = "name") -> dict[str, Any]:
        found = [r for r in self.rows(entity) if r.get(field) == name]
        assert len(found) == 1, f"{len(found)} {entity} named {name!r}"
        return found[0]

    def actions_on(self, ticket_id: int) -> list[dict[str, Any]]:
        return self.rows("Actions", ticket_id=ticket_id)

    def action_details(self, ticket_id: int) -> list[dict[str, Any]]:
        """The ticket's actions read one by one with their details (list rows are thin)."""
        return [self.get("Actions", r["id"]) for r in self.actions_on(ticket_id)]

    def sync_value(self, party: str) -> int:
        """The sync_to_halo_api number of "Supplier" / "Customer" on this instance."""
        return self.instance.dialect.sync_number(party)


@dataclass
class SyncConfig:
    """The ids of everything configure_sync made or uses."""

    supplier_profile: int  # in Contoso
    customer_profile: int  # in Northwind
    escalate: int  # Contoso: log to supplier (R11)
    a_note: int  # Contoso: note to the MSP (R13)
    a_close: int  # Contoso: close and tell the MSP
    a_internal_note: int
    a_email_user: int
    a_close_ticket: int
    b_note: int  # Northwind: note to the customer (R12)
    b_email: int  # Northwind: indirect e-mail to the end user (R14)
    b_resolve: int  # Northwind: resolve third party ticket (R15)
    b_internal_note: int
    b_close_ticket: int
    escalating_agent: int  # a Contoso agent id


def _fields(api: Api, *names: str) -> list[dict[str, Any]]:
    info = {r["name"]: r["id"] for r in api.rows("FieldInfo")}
    return [{"fieldid": info[n], "fieldname": n} for n in names]


def _allow_in_workflows(api: Api, workflow_ids: list[int], action_ids: list[int]) -> None:
    for workflow_id in workflow_ids:
        workflow = api.get("Workflow", workflow_id)
        always = list(workflow.get("always_allow_actions") or [])
        always += [{"id": a, "outcome": api.get("Outcome", a)["outcome"]} for a in action_ids]
        api.save("Workflow", {"id": workflow_id, "always_allow_actions": always})


def map_actions(api: Api, entity: str, profile_id: int, pairs: dict[int, int]) -> None:
    """Map other-instance action ids (keys) to local action ids (values) in a profile, the way
    Halo's profile screen writes the rows under the instance's dialect."""
    for remote, local in pairs.items():
        console.add_mapping(api.instance, entity, profile_id, "action", local, remote)


def unmap_action(api: Api, entity: str, profile_id: int, remote: int) -> None:
    console.remove_mapping(api.instance, entity, profile_id, "action", remote)


def sync_actions(
    contoso: SimulatedInstance,
    northwind: SimulatedInstance,
    supplier_profile: int | None,
    customer_profile: int | None,
) -> SyncConfig:
    """`configure_sync` on two instances the wizard set up (the profiles' ids from its plan),
    as each admin does it in Halo's own screens."""
    assert supplier_profile and customer_profile
    a, b = Api(contoso), Api(northwind)
    try:
        return configure_sync(a, b, supplier_profile, customer_profile)
    finally:
        a.close()
        b.close()


def configure_sync(a: Api, b: Api, supplier_profile: int, customer_profile: int) -> SyncConfig:
    """Create, allow and map the sync actions of seed 001 on both demo instances."""
    a_status = {r["name"]: r["id"] for r in a.rows("Status")}
    b_status = {r["name"]: r["id"] for r in b.rows("Status")}
    a_actions = {r["outcome"]: r["id"] for r in a.rows("Outcome")}
    b_actions = {r["outcome"]: r["id"] for r in b.rows("Outcome")}

    def action(api: Api, name: str, party: str = "No", **settings: Any) -> int:
        record = {
            "outcome": name,
            "buttonname": name,
            "systemid": C.SYSTEMID_NONE,
            "sendemail": C.SENDEMAIL_NO,
            "hidefromuser": False,
            C.SYNC_TO_HALO: C.SYNC_NO,
            "fields": _fields(api, C.ACTION_FIELD_NOTE, C.ACTION_FIELD_SEND_TO_HALO),
            **settings,
        }
        created = int(api.save("Outcome", record)["id"])
        # "Send to Connected Halo Instance" chosen in Halo's screen: the dialect's number.
        console.set_send_to_connected_instance(api.instance, created, party)
        return created

    escalate = action(
        a,
        "Escalate to Northwind MSP",
        systemid=C.SYSTEMID_LOG_TO_SUPPLIER,
        sendemail=C.SENDEMAIL_YES,
        hidefromuser=True,
        newstatus=a_status["With Supplier"],
        emailtemplate_id=35,
        emailtemplate_name="Supplier Ticket",
        fields=_fields(a, C.ACTION_FIELD_SUPPLIER, C.ACTION_FIELD_NOTE),
    )
    a_note = action(a, "Note to MSP", SUPPLIER, hidefromuser=True)
    a_close = action(a, "Close and Tell MSP", SUPPLIER, newstatus=a_status["Closed"])
    console.tick_api_email_setting(a.instance, a_actions["Email User"], on=True)
    _allow_in_workflows(a, [1, 2], [escalate, a_note, a_close])
    # The supplier may send an indirect e-mail on any escalated ticket, whatever its type (R10).
    _allow_in_workflows(a, [w["id"] for w in a.rows("Workflow")], [a_actions["Email User"]])

    b_note = action(b, "Note to Customer", CUSTOMER)
    b_email = action(b, "Indirect Email to End User", CUSTOMER)
    b_resolve = action(b, "Resolve Third Party Ticket", CUSTOMER, newstatus=b_status["Closed"])
    _allow_in_workflows(b, [4, 5], [b_note, b_email, b_resolve])

    config = SyncConfig(
        supplier_profile=supplier_profile,
        customer_profile=customer_profile,
        escalate=escalate,
        a_note=a_note,
        a_close=a_close,
        a_internal_note=a_actions["Internal Note"],
        a_email_user=a_actions["Email User"],
        a_close_ticket=a_actions["Close Ticket"],
        b_note=b_note,
        b_email=b_email,
        b_resolve=b_resolve,
        b_internal_note=b_actions["Internal Note"],
        b_close_ticket=b_actions["Close Ticket"],
        escalating_agent=next(
            r["id"]
            for r in a.rows("Agent", withemail="true")
            if r.get("email") == ESCALATING_AGENT_EMAIL
        ),
    )
    map_actions(
        a,
        "Supplier",
        supplier_profile,
        {
            b_note: config.a_internal_note,
            b_email: config.a_email_user,
            b_resolve: config.a_close_ticket,
        },
    )
    map_actions(
        b,
        "Client",
        customer_profile,
        {a_note: config.b_internal_note, a_close: config.b_close_ticket},
    )
    return config


# ---- by hand: Halo's screens and the API, no wizard ----------------------------------------------


def _ticket_statuses(api: Api) -> dict[str, int]:
    return {r["name"]: r["id"] for r in api.rows("Status") if r["type"] == C.STATUS_DOMAIN_TICKETS}


def _ticket_fields(api: Api) -> dict[tuple[str, int], int]:
    return {
        (r["name"], r["type"]): r["id"]
        for r in api.rows("FieldInfo")
        if r.get(C.FIELD_USAGE) == C.TICKET_FIELD_USAGE
        and (r.get("custom") or r["name"] in C.MAPPABLE_BUILTIN_FIELDS)
    }


def _map_by_name(
    here: Api,
    entity: str,
    profile_id: int,
    kind: str,
    local: dict[Any, int],
    remote: dict[Any, int],
) -> None:
    for name, local_id in local.items():
        if name in remote:
            console.add_mapping(here.instance, entity, profile_id, kind, local_id, remote[name])


def _connect(here: Api, entity: str, profile_id: int, other: Api, issued: tuple[str, str]) -> None:
    """Type the other instance's address and the credentials it issued into a profile."""
    here.save(
        entity,
        {
            "id": profile_id,
            C.PROFILE_REMOTE_API_URL: other.instance.api_url,
            C.PROFILE_REMOTE_AUTH_URL: other.instance.auth_url,
            C.PROFILE_REMOTE_TENANT: other.instance.tenant,
            C.PROFILE_REMOTE_CLIENT_ID: issued[0],
            C.PROFILE_REMOTE_CLIENT_SECRET_WRITE: issued[1],
        },
    )


def _allow_api_access(api: Api, entity: str, profile_id: int) -> tuple[str, str]:
    """Tick "Allow API access"; the client id is read back, the secret copied from the screen."""
    api.save(entity, {"id": profile_id, C.PROFILE_ALLOW_API_ACCESS: True})
    client_id = str(api.get(entity, profile_id)[C.PROFILE_ISSUED_CLIENT_ID])
    return client_id, console.shown_issued_secret(api.instance, entity, profile_id)


def set_up_by_hand(a: Api, b: Api) -> tuple[int, int]:
    """Connect Contoso (a) to Northwind MSP (b) as an admin would; returns (supplier profile in
    Contoso, customer profile in Northwind)."""
    for api in (a, b):
        module = api.named("Features", C.SUPPLIERS_MODULE_NAME, field="module_name")
        api.save("Features", {"id": module["id"], "enabled": True})
    supplier = int(a.save("Supplier", {"name": SUPPLIER_PROFILE_NAME})["id"])
    customer = int(
        b.save("Client", {"name": CUSTOMER_PROFILE_NAME, "newclient_sitename": "Main"})["id"]
    )
    issued_by_b = _allow_api_access(b, "Client", customer)
    issued_by_a = _allow_api_access(a, "Supplier", supplier)
    _connect(a, "Supplier", supplier, b, issued_by_b)
    _connect(b, "Client", customer, a, issued_by_a)
    for api, entity, profile in ((a, "Supplier", supplier), (b, "Client", customer)):
        ok, reason = console.press_authenticate_connection(api.instance, entity, profile)
        assert ok, reason

    a_statuses, b_statuses = _ticket_statuses(a), _ticket_statuses(b)
    _map_by_name(a, "Supplier", supplier, "status", a_statuses, b_statuses)
    _map_by_name(b, "Client", customer, "status", b_statuses, a_statuses)
    a_fields, b_fields = _ticket_fields(a), _ticket_fields(b)
    _map_by_name(a, "Supplier", supplier, "field", a_fields, b_fields)
    _map_by_name(b, "Client", customer, "field", b_fields, a_fields)
    a_types = {r["name"]: r["id"] for r in a.rows("TicketType")}
    b_types = {r["name"]: r["id"] for r in b.rows("TicketType")}
    _map_by_name(b, "Client", customer, "ticket_type", b_types, a_types)

    a_actions = {r["outcome"]: r["id"] for r in a.rows("Outcome")}
    b_actions = {r["outcome"]: r["id"] for r in b.rows("Outcome")}
    a.save("Supplier", {"id": supplier, C.DEFAULT_ACTION: a_actions["Internal Note"]})
    b.save(
        "Client",
        {
            "id": customer,
            C.DEFAULT_ACTION: b_actions["Internal Note"],
            C.DEFAULT_TICKET_TYPE: b_types["Incident"],
        },
    )
    console.set_default_status_action_default(a.instance, "Supplier", supplier)
    console.set_default_status_action_default(b.instance, "Client", customer)

    # The escalating agents become end users of the Contoso customer in Northwind.
    site = b.rows("Site", client_id=customer)[0]
    people = [
        {"name": r["name"], "emailaddress": r["email"], "site_id": site["id"]}
        for r in a.rows("Agent", withemail="true", includedisabled="true")
        if r.get("email")
    ]
    reply = b.http.post("/Users", json=people, params={"returnall": "true"})
    assert reply.status_code == 200, reply.text
    return supplier, customer


# ---- the two ways, cached per session ------------------------------------------------------------


@dataclass
class Synced:
    """Two connected, mapped demo instances with the sync actions, and a client for each."""

    contoso: SimulatedInstance
    northwind: SimulatedInstance
    plan: Plan | None
    """The wizard's plan (synced_demo); None when set up by hand."""
    a: Api
    b: Api
    config: SyncConfig


Baseline = tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None, SyncConfig]
_baselines: dict[str, Baseline] = {}


def _fresh_wizard(contoso: SimulatedInstance, northwind: SimulatedInstance) -> Synced:
    from demo_setup import set_up

    plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
    a, b = Api(contoso), Api(northwind)
    supplier, customer = plan.supplier_profile.record_id, plan.customer_profile.record_id
    assert supplier and customer
    return Synced(contoso, northwind, plan, a, b, configure_sync(a, b, supplier, customer))


def _by_hand_snapshots(dialects: tuple[Dialect, Dialect]) -> list[dict[str, Any]]:
    """The demo snapshots, each answering in its own dialect (the pair shares none)."""
    snapshots = demo_snapshots()
    for snapshot, dialect in zip(snapshots, dialects, strict=True):
        if not dialect.is_default:
            snapshot["simulator"]["dialect"] = dialect.names()
    return snapshots


def _fresh_by_hand(contoso: SimulatedInstance, northwind: SimulatedInstance) -> Synced:
    a, b = Api(contoso), Api(northwind)
    supplier, customer = set_up_by_hand(a, b)
    return Synced(contoso, northwind, None, a, b, configure_sync(a, b, supplier, customer))


def _repoint(
    plan: Plan | None, config: SyncConfig, contoso: SimulatedInstance, northwind: SimulatedInstance
) -> None:
    """Point the plan and both profiles at instances started from the baseline's snapshots."""
    if plan is not None:
        for instance, side in ((contoso, plan.customer), (northwind, plan.supplier)):
            side.base_url, side.api_url, side.auth_url = (
                instance.url,
                instance.api_url,
                instance.auth_url,
            )
    for here, entity, other, profile_id in (
        (contoso, "Supplier", northwind, config.supplier_profile),
        (northwind, "Client", contoso, config.customer_profile),
    ):
        with here.state.lock:
            record = here.state.get(entity, profile_id)
            record[C.PROFILE_REMOTE_API_URL] = other.api_url
            record[C.PROFILE_REMOTE_AUTH_URL] = other.auth_url


@contextmanager
def _synced(
    key: str, fresh: bool, make: Any, snapshots: list[dict[str, Any]] | None = None
) -> Iterator[Synced]:
    baseline = None if fresh else _baselines.get(key)
    served = snapshots if baseline is None else [baseline[0], baseline[1]]
    with demo_instances(snapshots=served) as (contoso, northwind):
        if baseline is None:
            synced: Synced = make(contoso, northwind)
            if key not in _baselines:
                _baselines[key] = (
                    synced.contoso.snapshot(),
                    synced.northwind.snapshot(),
                    synced.plan.to_dict() if synced.plan is not None else None,
                    synced.config,
                )
        else:
            _a_snap, _b_snap, plan_data, config = baseline
            plan = Plan.from_dict(copy.deepcopy(plan_data)) if plan_data is not None else None
            _repoint(plan, config, contoso, northwind)
            synced = Synced(
                contoso, northwind, plan, Api(contoso), Api(northwind), copy.deepcopy(config)
            )
        try:
            yield synced
        finally:
            synced.a.close()
            synced.b.close()


@contextmanager
def synced_demo(*, fresh: bool = False) -> Iterator[Synced]:
    """Two demo instances set up for sync by the wizard. The set-up (steps 1-7 and
    configure_sync) runs for real once per test session (or every time with `fresh`); later calls
    start from its snapshots."""
    with _synced("wizard", fresh, _fresh_wizard) as synced:
        yield synced


@contextmanager
def synced_by_hand(
    contoso_dialect: Dialect | str | None = None,
    northwind_dialect: Dialect | str | None = None,
    *,
    fresh: bool = False,
) -> Iterator[Synced]:
    """Two demo instances set up for sync by hand (no wizard), each answering in its own dialect;
    the set-up runs once per session and dialect pair, later calls start from its snapshots."""
    dialects = tuple(
        Dialect.parse(d) if isinstance(d, str) else (d or Dialect())
        for d in (contoso_dialect, northwind_dialect)
    )
    pair = (dialects[0], dialects[1])
    key = f"hand:{pair[0].label()}|{pair[1].label()}"
    with _synced(key, fresh, _fresh_by_hand, _by_hand_snapshots(pair)) as synced:
        yield synced


def comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot without what a test run may change harmlessly (the simulator's next ids)."""
    out = dict(snapshot)
    simulator = dict(out.get("simulator") or {})
    simulator.pop("next_ids", None)
    out["simulator"] = simulator
    return out
