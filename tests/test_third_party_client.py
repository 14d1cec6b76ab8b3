"""A Halo client from PyPI, written against real Halo, authenticates and reads from the simulator:
proof that the simulator speaks Halo and not only our own dialect."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from HaloPSA import Halo  # the test extra installs it: a missing one must fail loudly
from sim_fixtures import APP_CLIENT_ID, APP_CLIENT_SECRET, minimal_snapshot

from halo_wizard.simulator import SimulatedInstance, Simulator


class _ToSimulator(requests.adapters.HTTPAdapter):  # type: ignore[misc]
    """Sends what the package addresses to https://<tenant>.haloitsm.com to the simulator
    instead: the request still crosses a real socket; only the host is replaced."""

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = urlsplit(target)

    def send(self, request: Any, **kwargs: Any) -> Any:
        parts = urlsplit(request.url)
        assert parts.hostname == "contoso.haloitsm.com", parts.hostname
        request.url = urlunsplit(
            (self.target.scheme, self.target.netloc, parts.path, parts.query, "")
        )
        return super().send(request, **kwargs)


@pytest.fixture
def contoso() -> Iterator[SimulatedInstance]:
    with Simulator(rate_limit=(1000, 1.0)) as simulator:
        yield simulator.add(minimal_snapshot(tenant="contoso"), name="Contoso")


def test_third_party_client_reads_statuses_and_ticket_types(
    contoso: SimulatedInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions: list[Any] = []

    class RoutedSession(requests.Session):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.mount("https://", _ToSimulator(contoso.url))
            sessions.append(self)

    monkeypatch.setattr(requests, "Session", RoutedSession)
    halo = Halo(
        tenant="contoso", clientid=APP_CLIENT_ID, secret=APP_CLIENT_SECRET, tenant_type="itsm"
    )
    try:
        statuses = halo.Status.search()
        ticket_types = halo.TicketTypes.search()
    finally:
        for session in sessions:
            session.close()

    records = contoso.snapshot()["records"]
    assert sorted(s["name"] for s in statuses) == sorted(s["name"] for s in records["Status"])
    assert sorted(t["name"] for t in ticket_types) == sorted(
        t["name"] for t in records["TicketType"]
    )
    assert contoso.stats.count("POST", "token") == 1
    assert contoso.stats.count("GET", "Status") == 1
