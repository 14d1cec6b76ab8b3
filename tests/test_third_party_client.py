"""Halo clients from PyPI, written against real Halo, authenticate and read from the simulator:
proof that the simulator speaks Halo and not only our own dialect. Neither package is patched:
their requests cross a real socket; only the host they address is replaced."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from demo_instances import DemoPair
from halo.client import HaloClient as ItsmClient  # haloitsm-python: the test extra pins it
from HaloPSA import Halo  # HaloPSA: the test extra installs it; a missing one must fail loudly
from sim_fixtures import APP_CLIENT_ID, APP_CLIENT_SECRET, minimal_snapshot

from halo_wizard.simulator import SimulatedInstance, Simulator


class _ToSimulator(requests.adapters.HTTPAdapter):  # type: ignore[misc]
    """Sends what the package addresses to https://<tenant>.haloitsm.com to the simulator
    instead: the request still crosses a real socket; only the host is replaced."""

    def __init__(self, target: str, host: str, **options: Any) -> None:
        super().__init__(**options)
        self.target = urlsplit(target)
        self.host = host

    def send(self, request: Any, **kwargs: Any) -> Any:
        parts = urlsplit(request.url)
        assert parts.hostname == self.host, parts.hostname
        request.url = urlunsplit(
            (self.target.scheme, self.target.netloc, parts.path, parts.query, "")
        )
        return super().send(request, **kwargs)


@pytest.fixture
def contoso() -> Iterator[SimulatedInstance]:
    with Simulator(rate_limit=(1000, 1.0)) as simulator:
        yield simulator.add(minimal_snapshot(tenant="contoso"), name="Contoso")


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The routed sessions a test made (see _route), closed at the end."""
    sessions: list[Any] = []
    yield sessions
    for session in sessions:
        session.close()


def _route(
    monkeypatch: pytest.MonkeyPatch, sessions: list[Any], instance: SimulatedInstance, host: str
) -> None:
    class RoutedSession(requests.Session):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.mount("https://", _ToSimulator(instance.url, host))
            sessions.append(self)

        def mount(self, prefix: str, adapter: Any) -> None:
            # A package that mounts its own adapter (retries) keeps its options, not its host.
            if prefix.startswith("https") and not isinstance(adapter, _ToSimulator):
                adapter = _ToSimulator(instance.url, host, max_retries=adapter.max_retries)
            super().mount(prefix, adapter)

    monkeypatch.setattr(requests, "Session", RoutedSession)


# ---- HaloPSA (PyPI HaloPSA==2.0.2) ---------------------------------------------------------------


def test_third_party_client_reads_statuses_and_ticket_types(
    contoso: SimulatedInstance, monkeypatch: pytest.MonkeyPatch, routed: list[Any]
) -> None:
    _route(monkeypatch, routed, contoso, "contoso.haloitsm.com")
    halo = Halo(
        tenant="contoso", clientid=APP_CLIENT_ID, secret=APP_CLIENT_SECRET, tenant_type="itsm"
    )
    statuses = halo.Status.search()
    ticket_types = halo.TicketTypes.search()

    records = contoso.snapshot()["records"]
    assert sorted(s["name"] for s in statuses) == sorted(s["name"] for s in records["Status"])
    assert sorted(t["name"] for t in ticket_types) == sorted(
        t["name"] for t in records["TicketType"]
    )
    assert contoso.stats.count("POST", "token") == 1
    assert contoso.stats.count("GET", "Status") == 1


def test_halopsa_package_reads_customers_users_agents_and_tickets(
    contoso: SimulatedInstance, monkeypatch: pytest.MonkeyPatch, routed: list[Any]
) -> None:
    _route(monkeypatch, routed, contoso, "contoso.haloitsm.com")
    halo = Halo(
        tenant="contoso", clientid=APP_CLIENT_ID, secret=APP_CLIENT_SECRET, tenant_type="itsm"
    )
    clients = halo.Clients.search(search="blue")
    client = halo.Clients.get(10, includedetails=True)
    every_client = halo.Clients.get_all()
    sites = halo.Sites.search(client_id=11)
    users = halo.Users.search(client_id=10)
    paged = halo.Users.search(pageinate=True, page_size=2, page_no=2)
    agents = halo.Agents.search()
    agent = halo.Agents.get(2, includedetails=True)
    tickets = halo.Tickets.search(client_id=10)
    ticket = halo.Tickets.get(100, includedetails=True)
    actions = halo.Actions.search(ticket_id=100)
    action = halo.Actions.get(500, ticket_id=100)
    suppliers = halo.Suppliers.search()
    teams = halo.Teams.search()

    assert [c["name"] for c in clients["clients"]] == ["Blue River Ltd"]
    assert client["id"] == 10 and client["name"] == "Blue River Ltd"
    assert [c["id"] for c in every_client] == [10, 11, 12]
    assert [s["clientsite_name"] for s in sites["sites"]] == ["Green Hill Farms / Green Hill Main"]
    assert [u["name"] for u in users["users"]] == ["Alice Archer", "Bob Baker"]
    assert paged["record_count"] == 3 and [u["id"] for u in paged["users"]] == [3]
    assert [a["name"] for a in agents] == ["Dana Dale"]
    assert agent["email"] == "dana@acme.example"
    assert [t["id"] for t in tickets["tickets"]] == [100]
    assert ticket["summary"] == "Printer jammed"
    assert [a["id"] for a in actions["actions"]] == [500]
    assert action["note"] == "Looked at it"
    assert [s["name"] for s in suppliers["suppliers"]] == ["Parts Depot"]
    assert [t["name"] for t in teams] == ["Service Desk", "Field Engineers"]


def test_halopsa_package_adds_an_action_by_outcome_name(
    contoso: SimulatedInstance, monkeypatch: pytest.MonkeyPatch, routed: list[Any]
) -> None:
    _route(monkeypatch, routed, contoso, "contoso.haloitsm.com")
    halo = Halo(
        tenant="contoso", clientid=APP_CLIENT_ID, secret=APP_CLIENT_SECRET, tenant_type="itsm"
    )
    saved = halo.Actions.update(ticket_id=100, outcome="Private Note", note="From a client")
    assert saved["outcome_id"] == 3
    with pytest.raises(ValueError, match="400"):
        halo.Actions.update(ticket_id=100, note="No outcome")


# ---- haloitsm-python (PyPI haloitsm-python==0.1.0) ----------------------------------------------


def test_haloitsm_package_reads_the_demo_instance(
    monkeypatch: pytest.MonkeyPatch, routed: list[Any], demo: DemoPair
) -> None:
    contoso, _northwind = demo
    app = contoso.application
    assert app is not None
    _route(monkeypatch, routed, contoso, "contoso.haloitsm.com")
    client = ItsmClient(
        base_url="https://contoso.haloitsm.com",
        client_id=app.client_id,
        client_secret=app.client_secret,
    )
    ticket_types = client.ticket_types.list()
    incident = client.ticket_types.get(ticket_types[0].id, include_details=True)
    tickets = client.tickets.list(page_size=5)
    ticket = client.tickets.get(tickets[0].id)
    customers = client.clients.list()
    users = client.users.list(page_size=10, client_id=customers[0].id)
    actions = client.actions.list(ticket_id=tickets[0].id)
    categories = client.categories.list(type_id=2)

    records = contoso.snapshot()["records"]
    assert [t.name for t in ticket_types] == [t["name"] for t in records["TicketType"]]
    assert incident.raw["workflow_id"] == records["TicketType"][0]["workflow_id"]
    assert "workflow_id" not in ticket_types[0].raw  # list rows are thin
    assert len(tickets) == 5 and ticket.summary == records["Tickets"][0]["summary"]
    assert {c.name for c in customers} == {"Contoso Ltd", "Contoso Retail"}
    assert len(users) == 10 and all(u.client_id == customers[0].id for u in users)
    assert [a.outcome for a in actions] == [
        a["outcome"] for a in records["Actions"] if a["ticket_id"] == tickets[0].id
    ]
    assert categories and all(cat.type_id == 2 for cat in categories)
    assert contoso.stats.count("POST", "token") == 1
