"""One MSP instance (Northwind MSP) and many simulated customers, each on a HaloITSM instance.

An MSP's admin runs one ticket-sync connection per customer, all against the MSP's own instance
(issue 18). This module describes that demo as variations of the two bundled flavours (demo_data),
built by the same builder (demo.build_snapshot):

- the MSP is Northwind MSP with one customer record (Client) per customer beside its own;
- customer 1 is Contoso itself; every further customer is a Contoso-like HaloITSM instance with its
  own display name, tenant, e-mail domain, seed (so its people, ids and API keys are its own) and
  slightly different team and directory sizes;
- every customer instance holds a supplier record (Supplier) for the MSP, with API access off, as
  an admin leaves it before connecting.

Everything follows from the number of customers: the same number always gives the same data, and a
larger number keeps every customer of a smaller one.
"""

from __future__ import annotations

import dataclasses
import random
import re
from dataclasses import dataclass
from typing import Final

from halo_wizard.simulator.demo import JSONDict, build_snapshot
from halo_wizard.simulator.demo_data import (
    CONTOSO,
    NORTHWIND,
    ClientSpec,
    Flavour,
    TeamSpec,
    TicketSpec,
)

MAX_CUSTOMERS: Final = 200
"""More customers than this is no demo a laptop serves (one HTTP server and thread each)."""
CUSTOMER_SITE: Final = "Head Office"
CUSTOMER_CONTACTS: Final = 3
"""End users each customer's record in the MSP holds (the customer's own contacts)."""
MSP_SUPPLIER: Final = (
    NORTHWIND.display_name,
    "servicedesk@northwindmsp.com",
    "0161 496 0900",
    "northwindmsp.com",
)
"""The MSP as each customer's instance knows it: (name, e-mail, phone, website)."""

_PLACES: Final = (
    "Ashford",
    "Brightwater",
    "Carrowmore",
    "Denholm",
    "Eastleigh",
    "Fernhill",
    "Glenmore",
    "Hartwell",
    "Ivybridge",
    "Larchfield",
    "Kingsmere",
    "Langholm",
    "Millbrook",
    "Newhaven",
    "Oakridge",
    "Pembury",
    "Redcliffe",
    "Stonebridge",
    "Thornhill",
    "Upton",
)
_TRADES: Final = (
    "Health",
    "Logistics",
    "Legal",
    "Foods",
    "Energy",
    "Retail",
    "Insurance",
    "Engineering",
    "Education",
    "Hospitality",
)
_SEED_STEP: Final = 7919
_MAIN_NAME: Final = CONTOSO.display_name


@dataclass(frozen=True, slots=True)
class Customer:
    """One customer of the MSP: its instance's display name, tenant and e-mail domain."""

    number: int
    """1 for Contoso, then 2, 3, ..."""
    name: str
    tenant: str
    domain: str

    @property
    def seed(self) -> int:
        return CONTOSO.seed + _SEED_STEP * (self.number - 1)


def check_customers(count: object) -> int:
    """`count` when it is a number of customers this demo serves, else ValueError saying why."""
    if isinstance(count, bool) or not isinstance(count, int):
        raise ValueError(f"the number of customers must be a whole number, not {count!r}")
    if not 1 <= count <= MAX_CUSTOMERS:
        raise ValueError(
            f"the number of customers must be from 1 to {MAX_CUSTOMERS}, not {count} "
            "(one simulated instance each)"
        )
    return count


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def customer(number: int) -> Customer:
    """Customer `number` (1-based): Contoso, then invented organisations in a fixed order."""
    check_customers(number)
    if number == 1:
        return Customer(1, CONTOSO.display_name, CONTOSO.tenant, CONTOSO.agent_domain)
    index = number - 2
    # Every (place, trade) pair once, neighbours differing in both words.
    place = _PLACES[index % len(_PLACES)]
    trade = _TRADES[(index // len(_PLACES) + index) % len(_TRADES)]
    name = f"{place} {trade}"
    return Customer(number, name, _slug(name), _slug(name).replace("-", "") + ".com")


def customers(count: int) -> list[Customer]:
    """The first `count` customers."""
    return [customer(number) for number in range(1, check_customers(count) + 1)]


def _renamed(text: str, who: Customer) -> str:
    """Contoso's own words (client names, e-mail domains) as another customer's."""
    return text.replace(_MAIN_NAME, who.name).replace(
        _MAIN_NAME.casefold(), who.domain.removesuffix(".com")
    )


def customer_flavour(who: Customer) -> Flavour:
    """The flavour of a customer's instance: Contoso's, renamed and re-seeded, with the MSP as a
    supplier. Customer 1 is Contoso exactly, plus that supplier record."""
    suppliers = (*CONTOSO.suppliers, MSP_SUPPLIER)
    if who.number == 1:
        return dataclasses.replace(CONTOSO, suppliers=suppliers)
    rng = random.Random(who.seed)
    teams = tuple(
        TeamSpec(team.name, max(2, team.size + rng.randint(-2, 2)), team.job_title)
        for team in CONTOSO.teams
    )
    clients = tuple(
        ClientSpec(
            _renamed(spec.name, who),
            _renamed(spec.domain, who),
            spec.sites,
            max(5, round(spec.users * rng.uniform(0.3, 1.0))),
        )
        for spec in CONTOSO.clients
    )
    named_users = tuple(
        (_renamed(client, who), name, None if email is None else _renamed(email, who))
        for client, name, email in CONTOSO.named_users
    )
    tickets = tuple(
        dataclasses.replace(ticket, client=_renamed(ticket.client, who))
        for ticket in CONTOSO.tickets
    )
    return dataclasses.replace(
        CONTOSO,
        key=f"customer-{who.number}",
        display_name=who.name,
        tenant=who.tenant,
        seed=who.seed,
        teams=teams,
        agent_domain=who.domain,
        named_agents=(),  # Contoso's three are Contoso's people
        clients=clients,
        named_users=named_users,
        suppliers=suppliers,
        tickets=_checked_tickets(tickets, clients),
    )


def _checked_tickets(
    tickets: tuple[TicketSpec, ...], clients: tuple[ClientSpec, ...]
) -> tuple[TicketSpec, ...]:
    names = {spec.name for spec in clients}
    unknown = sorted({t.client for t in tickets} - names)
    if unknown:
        raise ValueError(f"tickets name clients the instance lacks: {unknown}")
    return tickets


def msp_flavour(who: list[Customer]) -> Flavour:
    """Northwind MSP with one customer record per customer, after its own."""
    own = {spec.name.casefold() for spec in NORTHWIND.clients}
    clash = [c.name for c in who if c.name.casefold() in own]
    if clash:
        raise ValueError(f"customers named like the MSP's own: {clash}")
    added = tuple(ClientSpec(c.name, c.domain, (CUSTOMER_SITE,), CUSTOMER_CONTACTS) for c in who)
    return dataclasses.replace(NORTHWIND, clients=(*NORTHWIND.clients, *added))


@dataclass(frozen=True, slots=True)
class MspDemo:
    """The snapshots of one MSP instance and its customers' instances."""

    msp: JSONDict
    customers: list[JSONDict]

    def snapshots(self) -> list[JSONDict]:
        """[the MSP, customer 1, customer 2, ...]: the order `simulate` serves them in."""
        return [self.msp, *self.customers]


def msp_demo(count: int, scale: int = 1) -> MspDemo:
    """The MSP and `count` customers' instances, generated at `scale` (demo.build_snapshot)."""
    who = customers(count)
    return MspDemo(
        msp=build_snapshot(msp_flavour(who), scale),
        customers=[build_snapshot(customer_flavour(c), scale) for c in who],
    )
