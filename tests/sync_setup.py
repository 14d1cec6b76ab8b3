"""Two demo instances set up for ticket sync as seed 001 documents it, for the sync and e2e tests.

After tests/demo_setup.set_up(..., auto_map=True) the instances are connected and auto-mapped but
have no sync actions. `configure_sync` creates them through the API (Contoso: a log-to-supplier
clone, a note to the MSP, a closing action that tells the MSP; Northwind: a note to the customer, an
indirect e-mail, a resolve action), adds them to the workflows and maps them in both profiles.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from demo_setup import set_up

from halo_wizard.api import constants as C
from halo_wizard.plan.model import Plan
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.demo import demo_snapshots

CUSTOMER_CLIENT = "Contoso Ltd"
"""The Contoso customer whose end users raise the tickets."""
ESCALATING_AGENT_EMAIL = "tom.whitfield@contoso.com"
"""A Contoso agent that step 6 made an end user under the Contoso profile in Northwind."""


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

    def get(self, entity: str, record_id: int) -> dict[str, Any]:
        reply = self.http.get(f"/{entity}/{record_id}")
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
    """Map other-instance action ids (keys) to local action ids (values) in a profile."""
    profile = api.get(entity, profile_id)
    rows = [
        r for r in profile.get(C.MAPPING_ACTION) or [] if int(r[C.MAPROW_REMOTE_ID]) not in pairs
    ]
    for remote, local in pairs.items():
        rows.append(
            {
                C.MAPROW_LOCAL_ID: local,
                C.MAPROW_LOCAL_NAME: api.get("Outcome", local)["outcome"],
                C.MAPROW_REMOTE_ID: str(remote),
                C.MAPROW_REMOTE_NAME: "",
            }
        )
    api.save(entity, {"id": profile_id, C.MAPPING_ACTION: rows})


def unmap_action(api: Api, entity: str, profile_id: int, remote: int) -> None:
    profile = api.get(entity, profile_id)
    rows = [r for r in profile.get(C.MAPPING_ACTION) or [] if int(r[C.MAPROW_REMOTE_ID]) != remote]
    api.save(entity, {"id": profile_id, C.MAPPING_ACTION: rows})


def configure_sync(a: Api, b: Api, plan: Plan) -> SyncConfig:
    """Create, allow and map the sync actions of seed 001 on both demo instances."""
    supplier_profile = plan.supplier_profile.record_id
    customer_profile = plan.customer_profile.record_id
    assert supplier_profile and customer_profile
    a_status = {r["name"]: r["id"] for r in a.rows("Status")}
    b_status = {r["name"]: r["id"] for r in b.rows("Status")}
    a_actions = {r["outcome"]: r["id"] for r in a.rows("Outcome")}
    b_actions = {r["outcome"]: r["id"] for r in b.rows("Outcome")}

    def action(api: Api, name: str, **settings: Any) -> int:
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
        record["default_send_to_halo"] = record[C.SYNC_TO_HALO] != C.SYNC_NO
        return int(api.save("Outcome", record)["id"])

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
    a_note = action(a, "Note to MSP", hidefromuser=True, **{C.SYNC_TO_HALO: C.SYNC_SUPPLIER})
    a_close = action(
        a,
        "Close and Tell MSP",
        newstatus=a_status["Closed"],
        **{C.SYNC_TO_HALO: C.SYNC_SUPPLIER},
    )
    a.save("Outcome", {"id": a_actions["Email User"], C.SEND_EMAIL_VIA_API: True})
    _allow_in_workflows(a, [1, 2], [escalate, a_note, a_close])
    # The supplier may send an indirect e-mail on any escalated ticket, whatever its type (R10).
    _allow_in_workflows(a, [w["id"] for w in a.rows("Workflow")], [a_actions["Email User"]])

    b_note = action(b, "Note to Customer", **{C.SYNC_TO_HALO: C.SYNC_CUSTOMER})
    b_email = action(b, "Indirect Email to End User", **{C.SYNC_TO_HALO: C.SYNC_CUSTOMER})
    b_resolve = action(
        b,
        "Resolve Third Party Ticket",
        newstatus=b_status["Resolved"],
        **{C.SYNC_TO_HALO: C.SYNC_CUSTOMER},
    )
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
            r["id"] for r in a.rows("Agent") if r.get("email") == ESCALATING_AGENT_EMAIL
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


@dataclass
class Synced:
    """Two connected, mapped demo instances with the sync actions, and a client for each."""

    contoso: SimulatedInstance
    northwind: SimulatedInstance
    plan: Plan
    a: Api
    b: Api
    config: SyncConfig


_baseline: tuple[dict[str, Any], dict[str, Any], dict[str, Any], SyncConfig] | None = None


def _fresh(simulator: Simulator) -> Synced:
    contoso, northwind = (simulator.add(s) for s in demo_snapshots())
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
    a, b = Api(contoso), Api(northwind)
    return Synced(contoso, northwind, plan, a, b, configure_sync(a, b, plan))


def _repoint(plan: Plan, contoso: SimulatedInstance, northwind: SimulatedInstance) -> None:
    """Point the plan and both profiles at instances started from the baseline's snapshots."""
    for instance, side in ((contoso, plan.customer), (northwind, plan.supplier)):
        side.base_url, side.api_url, side.auth_url = (
            instance.url,
            instance.api_url,
            instance.auth_url,
        )
    for here, entity, other in ((contoso, "Supplier", northwind), (northwind, "Client", contoso)):
        profile_id = plan.supplier_profile if entity == "Supplier" else plan.customer_profile
        assert profile_id.record_id is not None
        with here.state.lock:
            record = here.state.get(entity, profile_id.record_id)
            record[C.PROFILE_REMOTE_API_URL] = other.api_url
            record[C.PROFILE_REMOTE_AUTH_URL] = other.auth_url


@contextmanager
def synced_demo(*, fresh: bool = False) -> Iterator[Synced]:
    """Two demo instances set up for sync. The set-up (steps 1-7 and configure_sync) runs for real
    once per test session (or every time with `fresh`); later calls start from its snapshots."""
    global _baseline
    with Simulator(rate_limit=(100_000, 1.0)) as simulator:
        if fresh or _baseline is None:
            synced = _fresh(simulator)
            if _baseline is None:
                _baseline = (
                    synced.contoso.snapshot(),
                    synced.northwind.snapshot(),
                    synced.plan.to_dict(),
                    synced.config,
                )
        else:
            a_snap, b_snap, plan_data, config = _baseline
            contoso, northwind = simulator.add(a_snap), simulator.add(b_snap)
            plan = Plan.from_dict(copy.deepcopy(plan_data))
            _repoint(plan, contoso, northwind)
            synced = Synced(
                contoso, northwind, plan, Api(contoso), Api(northwind), copy.deepcopy(config)
            )
        try:
            yield synced
        finally:
            synced.a.close()
            synced.b.close()


def comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot without what a test run may change harmlessly (the simulator's next ids)."""
    out = dict(snapshot)
    simulator = dict(out.get("simulator") or {})
    simulator.pop("next_ids", None)
    out["simulator"] = simulator
    return out
