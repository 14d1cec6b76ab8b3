"""Builds the snapshots of the two bundled demo Halo instances from their descriptions (demo_data).

What each instance holds, and the conventions of its snapshot, are in
halo_wizard.simulator.demo_data; this module turns a description into records, reads and writes the
bundled files, and keeps every name of the data importable from here.

At ``scale`` N > 1 every instance gains N - 1 regional copies ("Email User (EMEA)", "Incident
(APAC)") of its actions, open statuses, categories, custom fields, workflows and ticket types, and
N - 1 more blocks of agents and end users. Everything is generated from fixed seeds: the same scale
always gives the same snapshot, and a larger scale keeps every record of a smaller one.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
import time
import uuid
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from halo_wizard.api import constants as c
from halo_wizard.api.values import workflow_action_ids
from halo_wizard.atomic import write_text_atomic
from halo_wizard.simulator.demo_data import (
    ADMIN_TEAMS,
    ASSIGN,
    BUILTIN_FIELDS,
    BUILTIN_STATUS_IDS,
    CLOSING,
    CONTOSO,
    FIRST_NAMES,
    FLAVOURS,
    HOLD,
    LAST_NAMES,
    MAIL,
    MIDDLE_INITIALS,
    NORTHWIND,
    NOTE,
    OPEN,
    OTHER_FIELD_FIRST_ID,
    OTHER_FIELD_USAGES,
    REGIONS,
    STATUS,
    STATUS_COLOURS,
    STATUS_DOMAIN_OPPORTUNITIES,
    STATUS_DOMAIN_ORDERS,
    SUPPLIER,
    TIME,
    ActionSpec,
    ClientSpec,
    ConnectedSpec,
    Flavour,
    TeamSpec,
    TicketSpec,
    TicketTypeSpec,
    WorkflowSpec,
)

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]

SNAPSHOT_FORMAT: Final = c.SNAPSHOT_FORMAT
DATA_DIR: Final = Path(__file__).resolve().parent / "data"
CONTOSO_FILE: Final = DATA_DIR / "contoso.json"
NORTHWIND_FILE: Final = DATA_DIR / "northwind.json"

RECORD_LISTS_EXTRA: Final = ("Priority", "Team")
"""Lists the demo instances also hold (GET /api/Priority and /api/Team of public clients)."""
RECORD_LISTS: Final = (*c.SNAPSHOT_RECORD_LISTS, *RECORD_LISTS_EXTRA)


__all__ = [
    "ADMIN_TEAMS",
    "ASSIGN",
    "BUILTIN_FIELDS",
    "BUILTIN_STATUS_IDS",
    "CLOSING",
    "CONTOSO",
    "CONTOSO_FILE",
    "DATA_DIR",
    "FIRST_NAMES",
    "FLAVOURS",
    "HOLD",
    "LAST_NAMES",
    "MAIL",
    "MIDDLE_INITIALS",
    "NORTHWIND",
    "NORTHWIND_FILE",
    "NOTE",
    "OPEN",
    "OTHER_FIELD_FIRST_ID",
    "OTHER_FIELD_USAGES",
    "RECORD_LISTS",
    "RECORD_LISTS_EXTRA",
    "REGIONS",
    "SNAPSHOT_FORMAT",
    "STATUS",
    "STATUS_COLOURS",
    "STATUS_DOMAIN_OPPORTUNITIES",
    "STATUS_DOMAIN_ORDERS",
    "SUPPLIER",
    "TIME",
    "ActionSpec",
    "ClientSpec",
    "ConnectedSpec",
    "Flavour",
    "JSONDict",
    "TeamSpec",
    "TicketSpec",
    "TicketTypeSpec",
    "WorkflowSpec",
    "build_snapshot",
    "contoso_snapshot",
    "demo_snapshots",
    "main",
    "northwind_snapshot",
    "record_counts",
    "region_labels",
    "snapshot_json",
    "workflow_action_ids",
    "write_bundled",
]


# ---- Generation ----------------------------------------------------------------------------------


def region_labels(scale: int) -> list[str]:
    """The region label of each copy a snapshot of `scale` adds: EMEA, APAC, ..., EMEA 2, ..."""
    labels = []
    for index in range(scale - 1):
        region = REGIONS[index % len(REGIONS)]
        round_no = index // len(REGIONS)
        labels.append(region if round_no == 0 else f"{region} {round_no + 1}")
    return labels


def _regional(name: str, region: str | None) -> str:
    return name if region is None else f"{name} ({region})"


def _email_part(text: str) -> str:
    """A name as the local part of an e-mail address: "Anne O'Hara J." -> "anne.ohara.j"."""
    cleaned = re.sub(r"[^a-z0-9.\-]", "", text.lower().replace(" ", "."))
    return re.sub(r"\.{2,}", ".", cleaned).strip(".")


def _initials(number: int) -> str:
    """Middle initials for the `number`-th reuse of the name list: "A.", ..., "W.", "A. A.", ..."""
    letters = []
    while number > 0:
        number -= 1
        letters.append(f"{MIDDLE_INITIALS[number % len(MIDDLE_INITIALS)]}.")
        number //= len(MIDDLE_INITIALS)
    return " ".join(reversed(letters))


class _Ids:
    """Ascending ids from a first value, with the odd gap a deleted record leaves."""

    def __init__(self, first: int, rng: random.Random) -> None:
        self._next = first
        self._rng = rng

    def take(self) -> int:
        value = self._next
        self._next += 1 if self._rng.random() >= 0.08 else self._rng.randint(2, 4)
        return value


class _NamePool:
    """Unique realistic person names, in a seeded order, with middle initials once exhausted."""

    def __init__(self, rng: random.Random, taken: Iterable[str] = ()) -> None:
        self._order = [
            (first, last) for first in FIRST_NAMES for last in LAST_NAMES if first != last
        ]
        rng.shuffle(self._order)
        self._pos = 0
        self._taken = set(taken)

    def take(self) -> tuple[str, str]:
        while True:
            index = self._pos
            self._pos += 1
            first, last = self._order[index % len(self._order)]
            round_no = index // len(self._order)
            if round_no:
                first = f"{first} {_initials(round_no)}"
            full = f"{first} {last}"
            if full not in self._taken:
                self._taken.add(full)
                return first, last


class _Builder:
    """Builds one instance's snapshot from its flavour, at a scale."""

    def __init__(self, flavour: Flavour, scale: int) -> None:
        self.fl = flavour
        self.scale = scale
        self.regions: list[str | None] = [None, *region_labels(scale)]
        self._counters: dict[str, _Ids] = {}
        self.status_ids: dict[tuple[str, str | None], int] = {}
        self.status_kinds: dict[int, str] = {}
        self.field_ids: dict[str, int] = {}
        self.action_ids: dict[tuple[str, str | None], int] = {}
        self.actions_by_id: dict[int, JSONDict] = {}
        self.specs_by_name = {spec.name: spec for spec in flavour.actions}
        self.workflow_ids: dict[tuple[str, str | None], int] = {}
        self.type_ids: dict[tuple[str, str | None], int] = {}
        self.client_ids: dict[str, int] = {}
        self.client_sites: dict[str, list[JSONDict]] = {}
        self.supplier_ids: dict[str, int] = {}
        self.records: dict[str, list[JSONDict]] = {name: [] for name in RECORD_LISTS}
        self.api_email: dict[int, bool] = {}
        self.screen_setup: list[JSONDict] = []
        self.profile_secrets: list[JSONDict] = []
        self.write_only: list[JSONDict] = []

    # ---- helpers -------------------------------------------------------------------------

    def rng(self, purpose: str) -> random.Random:
        """A generator private to one purpose, so a larger scale keeps every smaller record."""
        return random.Random(self.fl.seed * 1_000_003 + zlib.crc32(purpose.encode()))

    def ids(self, entity: str) -> _Ids:
        counter = self._counters.get(entity)
        if counter is None:
            counter = _Ids(self.fl.first_ids[entity], self.rng(f"ids:{entity}"))
            self._counters[entity] = counter
        return counter

    def status_id(self, name: str, region: str | None) -> int:
        """The status `name` of a region, or the shared one where the region has no copy."""
        found = self.status_ids.get((name, region)) or self.status_ids.get((name, None))
        if found is None:
            raise ValueError(f"{self.fl.display_name}: no status called {name!r}")
        return found

    def action_id(self, name: str, region: str | None) -> int:
        found = self.action_ids.get((name, region))
        if found is None:
            raise ValueError(f"{self.fl.display_name}: no action called {name!r}")
        return found

    # ---- configuration -------------------------------------------------------------------

    def build_features(self) -> None:
        ids = self.ids("Features")
        for module_name, actual_name, enabled, core, licensed in self.fl.modules:
            self.records["Features"].append(
                {
                    "id": ids.take(),
                    "module_name": module_name,
                    "actual_name": actual_name,
                    "enabled": enabled,
                    "core": core,
                    "licensed": licensed,
                }
            )

    def build_statuses(self) -> None:
        ids = self.ids("Status")
        rows = self.records["Status"]
        reserved = set(BUILTIN_STATUS_IDS.values())

        def take() -> int:
            while True:
                value = ids.take()
                if value not in reserved:
                    return value

        for region in self.regions:
            for name, kind in self.fl.statuses:
                builtin = name in BUILTIN_STATUS_IDS
                if region is not None and (kind == CLOSING or builtin):
                    continue  # regional teams share the first and the final statuses
                if kind == CLOSING and not builtin:
                    raise ValueError(
                        f"{name}: only the built-in Closed and Cancelled close tickets"
                    )
                status_id = BUILTIN_STATUS_IDS[name] if builtin else take()
                colours = STATUS_COLOURS[kind]
                full_name = _regional(name, region)
                rows.append(
                    {
                        "id": status_id,
                        "name": full_name,
                        "shortname": full_name,
                        c.STATUS_DOMAIN: c.STATUS_DOMAIN_TICKETS,
                        "sequence": (len(rows) + 1) * 10,
                        "colour": colours[len(rows) % len(colours)],
                    }
                )
                self.status_ids[(name, region)] = status_id
                self.status_kinds[status_id] = kind
            if region is None:
                for name, domain in self.fl.other_statuses:
                    status_id = take()
                    rows.append(
                        {
                            "id": status_id,
                            "name": name,
                            "shortname": name,
                            c.STATUS_DOMAIN: domain,
                            "sequence": (len(rows) + 1) * 10,
                            "colour": "#546e7a",
                        }
                    )
        rows.sort(key=lambda row: int(row["id"]))

    def build_categories(self) -> None:
        ids = self.ids("Category")
        for region in self.regions:
            for type_id, values in ((1, self.fl.categories), (2, self.fl.closure_categories)):
                for value in values:
                    full = value if region is None else f"{region}>{value}"
                    self.records["Category"].append(
                        {
                            "id": ids.take(),
                            "value": full,
                            "category_name": full.rsplit(">", 1)[-1],
                            "type_id": type_id,
                        }
                    )

    def build_fields(self) -> None:
        rows = self.records["FieldInfo"]
        ids = self.ids("FieldInfo")
        ticket = c.TICKET_FIELD_USAGE
        for name, label, field_type in BUILTIN_FIELDS:
            field_id = ids.take()
            rows.append(
                {
                    "id": field_id,
                    "name": name,
                    c.FIELD_LABEL: label,
                    c.FIELD_TYPE: field_type,
                    c.FIELD_CUSTOM: 0,
                    c.FIELD_USAGE: ticket,
                }
            )
            self.field_ids[name] = field_id
        custom_ids = self.ids("CustomField")
        lookup_ids = self.ids("Lookup")
        for region in self.regions:
            suffix = "" if region is None else "_" + re.sub(r"[^A-Za-z0-9]", "", region)
            for name, label, field_type, values in self.fl.custom_fields:
                row: JSONDict = {
                    "id": custom_ids.take(),
                    "name": name + suffix,
                    c.FIELD_LABEL: _regional(label, region),
                    c.FIELD_TYPE: field_type,
                    c.FIELD_CUSTOM: 1,
                    c.FIELD_USAGE: ticket,
                }
                if values:
                    row["values"] = [{"id": lookup_ids.take(), "name": v} for v in values]
                rows.append(row)
        # Fields of other usages: their own id range, so every scale keeps the same ids.
        for offset, (name, label, field_type, usage, values) in enumerate(self.fl.other_fields):
            other: JSONDict = {
                "id": OTHER_FIELD_FIRST_ID + offset,
                "name": name,
                c.FIELD_LABEL: label,
                c.FIELD_TYPE: field_type,
                c.FIELD_CUSTOM: 1,
                c.FIELD_USAGE: OTHER_FIELD_USAGES[usage],
            }
            if values:
                other["values"] = [
                    {"id": OTHER_FIELD_FIRST_ID + 100 * (offset + 1) + n, "name": v}
                    for n, v in enumerate(values)
                ]
            rows.append(other)

    def build_actions(self) -> None:
        ids = self.ids("Outcome")
        row_ids = self.ids("OutcomeField")
        has_via_api = any(spec.via_api is not None for spec in self.fl.actions)
        for region in self.regions:
            for spec in self.fl.actions:
                action_id = ids.take()
                name = _regional(spec.name, region)
                record: JSONDict = {
                    "id": action_id,
                    c.OUTCOME_NAME: name,
                    c.OUTCOME_BUTTON_NAME: name,
                    "sequence": (len(self.records["Outcome"]) + 1) * 10,
                    c.OUTCOME_HIDDEN: spec.button_hidden,
                    c.OUTCOME_SYSTEM_ID: spec.systemid,
                    c.OUTCOME_SEND_EMAIL: c.SENDEMAIL_YES if spec.email else c.SENDEMAIL_NO,
                    c.OUTCOME_HIDE_FROM_USER: spec.hide,
                }
                if spec.status is not None:
                    record[c.OUTCOME_NEW_STATUS] = self.status_id(spec.status, region)
                if spec.email is not None:
                    record[c.OUTCOME_EMAIL_TEMPLATE_ID] = self.fl.templates[spec.email]
                    record[c.OUTCOME_EMAIL_TEMPLATE_NAME] = spec.email
                record[c.OUTCOME_FIELDS] = [
                    {
                        "id": row_ids.take(),
                        c.OUTCOME_FIELD_ID: self.field_ids[field_name],
                        c.OUTCOME_FIELD_NAME: field_name,
                        "seq": seq,
                    }
                    for seq, field_name in enumerate(spec.fields, start=1)
                ]
                record["workflows"] = []
                record["tickettypes"] = []
                record[c.SYNC_TO_HALO] = c.SYNC_NO
                record[c.OUTCOME_DEFAULT_SEND_TO_HALO] = False
                if has_via_api and spec.email is not None and spec.via_api is not None:
                    # Not an API field: only Halo's screen shows it (simulator section).
                    self.api_email[action_id] = spec.via_api
                record[c.OUTCOME_AI_IMPROVE_NOTE] = spec.ai
                record["ai_prompt"] = spec.ai_prompt
                self.records["Outcome"].append(record)
                self.action_ids[(spec.name, region)] = action_id
                self.actions_by_id[action_id] = record

    def build_workflows(self) -> None:
        ids = self.ids("Workflow")
        step_ids = self.ids("WorkflowStep")
        row_ids = self.ids("WorkflowAction")
        for region in self.regions:
            for spec in self.fl.workflows:
                if region is not None and not spec.active:
                    continue
                flow_id = ids.take()
                numbered = [(step_ids.take(), step) for step in spec.steps]
                last_step = numbered[-1][0]
                steps = []
                for index, (step_id, (step_name, action_names)) in enumerate(numbered):
                    rows = []
                    for seq, action_name in enumerate(action_names, start=1):
                        action_id = self.action_id(action_name, region)
                        new_status = self.actions_by_id[action_id].get(c.OUTCOME_NEW_STATUS)
                        closes = new_status in c.CLOSING_STATUS_IDS
                        rows.append(
                            {
                                "id": row_ids.take(),
                                "flow_id": flow_id,
                                "start_step": step_id,
                                "end_step": last_step if closes else step_id,
                                c.WORKFLOW_STEP_ACTION_ID: action_id,
                                "action_name": self.actions_by_id[action_id][c.OUTCOME_NAME],
                                "seq": seq,
                            }
                        )
                    steps.append(
                        {
                            "step_id": step_id,
                            "flow_id": flow_id,
                            "name": step_name,
                            "isstart": index == 0,
                            "isend": step_id == last_step,
                            c.WORKFLOW_STEP_ACTIONS: rows,
                        }
                    )
                always = [
                    {"id": aid, c.OUTCOME_NAME: self.actions_by_id[aid][c.OUTCOME_NAME]}
                    for aid in (self.action_id(name, region) for name in spec.always)
                ]
                guid_rng = self.rng(f"workflow-guid:{flow_id}")
                self.records["Workflow"].append(
                    {
                        "id": flow_id,
                        "guid": str(uuid.UUID(int=guid_rng.getrandbits(128), version=4)),
                        "name": _regional(spec.name, region),
                        "note": "" if spec.active else "Kept for old tickets; do not use.",
                        "active": spec.active,
                        "notinuse": False,
                        c.WORKFLOW_STEPS: steps,
                        c.WORKFLOW_ALWAYS_ALLOWED: always,
                    }
                )
                self.workflow_ids[(spec.name, region)] = flow_id

    def build_ticket_types(self) -> None:
        ids = self.ids("TicketType")
        workflows = {w["id"]: w for w in self.records["Workflow"]}
        for region in self.regions:
            for seq, spec in enumerate(self.fl.ticket_types, start=1):
                flow_id = self.workflow_ids.get((spec.workflow, region))
                if flow_id is None:
                    raise ValueError(f"{spec.name}: no workflow called {spec.workflow!r}")
                allowed: list[JSONDict] = []
                if not spec.allowall:
                    allowed = [
                        {
                            c.ALLOWED_ACTION_ID: aid,
                            c.ALLOWED_ACTION_NAME: self.actions_by_id[aid][c.OUTCOME_NAME],
                        }
                        for aid in workflow_action_ids(workflows[flow_id])
                    ]
                type_id = ids.take()
                self.records["TicketType"].append(
                    {
                        "id": type_id,
                        "name": _regional(spec.name, region),
                        "sequence": seq * 10,
                        c.TICKET_TYPE_WORKFLOW_ID: flow_id,
                        c.TICKET_TYPE_WORKFLOW_NAME: workflows[flow_id]["name"],
                        c.TICKET_TYPE_INITIAL_STATUS: self.status_id(spec.initial_status, region),
                        c.TICKET_TYPE_ALLOW_ALL_ACTIONS: spec.allowall,
                        c.TICKET_TYPE_ALLOWED_ACTIONS: allowed,
                    }
                )
                self.type_ids[(spec.name, region)] = type_id

    def link_actions(self) -> None:
        """Fill each action's workflows and ticket types from the workflows that allow it."""
        by_workflow: dict[int, list[JSONDict]] = {}
        for ticket_type in self.records["TicketType"]:
            by_workflow.setdefault(ticket_type[c.TICKET_TYPE_WORKFLOW_ID], []).append(ticket_type)
        for workflow in self.records["Workflow"]:
            workflow["notinuse"] = workflow["id"] not in by_workflow
        for workflow in self.records["Workflow"]:
            pair = {"value": str(workflow["id"]), "label": workflow["name"]}
            types = by_workflow.get(workflow["id"], [])
            for action_id in workflow_action_ids(workflow):
                action = self.actions_by_id[action_id]
                action["workflows"].append(dict(pair))
                for ticket_type in types:
                    allowed = ticket_type[c.TICKET_TYPE_ALLOW_ALL_ACTIONS] or any(
                        row[c.ALLOWED_ACTION_ID] == action_id
                        for row in ticket_type[c.TICKET_TYPE_ALLOWED_ACTIONS]
                    )
                    if allowed:
                        action["tickettypes"].append(
                            {"value": str(ticket_type["id"]), "label": ticket_type["name"]}
                        )

    # ---- people --------------------------------------------------------------------------

    def build_agents(self) -> None:
        ids = self.ids("Agent")
        rows = self.records["Agent"]
        named = {
            (team, index): person for index, (team, *person) in _numbered(self.fl.named_agents)
        }
        pool = _NamePool(
            self.rng("agent-names"), taken=(f"{p[1]} {p[2]}" for p in self.fl.named_agents)
        )
        rows.append(_agent(ids.take(), "Unassigned", None, None, None, None, False, False))
        regular: list[JSONDict] = []
        for team in self.fl.teams:
            for index in range(team.size):
                person = named.get((team.name, index))
                if person is not None:
                    first, last, email = person
                else:
                    first, last = pool.take()
                    email = f"{_email_part(first)}.{_email_part(last)}@{self.fl.agent_domain}"
                row = _agent(ids.take(), f"{first} {last}", first, last, email, team, False, False)
                rows.append(row)
                if person is None:
                    regular.append(row)
        for row in self.rng("agents-disabled").sample(regular, self.fl.disabled_agents):
            row["isdisabled"] = True
        rows.append(_agent(ids.take(), self.fl.api_agent, None, None, None, None, False, True))

        base_size = len(rows)
        teams = [team for team in self.fl.teams for _ in range(team.size)]
        teams += [self.fl.teams[0]] * (base_size - len(teams))
        disable = self.rng("agents-disabled-regional")
        for region in self.regions[1:]:
            for team in teams:
                first, last = pool.take()
                email = f"{_email_part(first)}.{_email_part(last)}@{self.fl.agent_domain}"
                row = _agent(
                    ids.take(), f"{first} {last}", first, last, email, team, False, False, region
                )
                row["isdisabled"] = disable.random() < 0.05
                rows.append(row)

    def build_customers(self) -> None:
        client_ids = self.ids("Client")
        site_ids = self.ids("Site")
        for spec in self.fl.clients:
            client_id = client_ids.take()
            sites = []
            for site_name in spec.sites:
                sites.append(
                    {
                        "id": site_ids.take(),
                        "name": site_name,
                        "client_id": client_id,
                        "client_name": spec.name,
                        "inactive": False,
                        "emaildomain": spec.domain,
                    }
                )
            self.records["Client"].append(
                {
                    "id": client_id,
                    "name": spec.name,
                    "inactive": False,
                    "main_site_id": sites[0]["id"],
                    "website": f"https://www.{spec.domain}",
                    "toplevel_id": 1,  # the ordinary fields of a live /Client row
                    "toplevel_name": self.fl.display_name,
                    c.PROFILE_ALLOW_API_ACCESS: False,
                }
            )
            self.records["Site"].extend(sites)
            self.client_ids[spec.name] = client_id
            self.client_sites[spec.name] = sites

    def build_users(self) -> None:
        ids = self.ids("Users")
        rng = self.rng("users")
        pool = _NamePool(self.rng("user-names"), taken=(n for _, n, _ in self.fl.named_users))
        named: dict[str, list[tuple[str, str | None]]] = {}
        for client, name, email in self.fl.named_users:
            named.setdefault(client, []).append((name, email))
        for region in self.regions:
            for spec in self.fl.clients:
                fixed = named.get(spec.name, []) if region is None else []
                sites = self.client_sites[spec.name]
                for index in range(spec.users):
                    if index < len(fixed):
                        full, email = fixed[index]
                        first, _, last = full.partition(" ")
                    else:
                        first, last = pool.take()
                        full = f"{first} {last}"
                        email = f"{_email_part(first)}.{_email_part(last)}@{spec.domain}"
                    site = sites[0] if len(sites) == 1 else rng.choice(sites)
                    row: JSONDict = {
                        "id": ids.take(),
                        "name": full,
                        "firstname": first,
                        "surname": last,
                    }
                    if email is not None:
                        row[c.END_USER_EMAIL] = email
                    row.update(
                        {
                            "client_id": self.client_ids[spec.name],
                            "client_name": spec.name,
                            "site_id": site["id"],
                            "site_name": site["name"],
                            "inactive": index >= len(fixed) and rng.random() < 0.04,
                        }
                    )
                    self.records["Users"].append(row)

    def build_suppliers(self) -> None:
        ids = self.ids("Supplier")
        for name, email, phone, site in self.fl.suppliers:
            supplier_id = ids.take()
            self.records["Supplier"].append(
                {
                    "id": supplier_id,
                    "name": name,
                    "email_address": email,
                    "phone_number": phone,
                    "website": f"https://www.{site}",
                    "inactive": False,
                    "toplevel_id": 1,  # the ordinary fields of a live /Supplier row
                    "toplevel_name": self.fl.display_name,
                    c.PROFILE_ALLOW_API_ACCESS: False,
                }
            )
            self.supplier_ids[name] = supplier_id

    # ---- tickets -------------------------------------------------------------------------

    def build_tickets(self) -> None:
        ticket_ids = self.ids("Tickets")
        action_ids = self.ids("Actions")
        rng = self.rng("tickets")
        types = {t["name"]: t for t in self.records["TicketType"]}
        workflows = {w["id"]: w for w in self.records["Workflow"]}
        for spec in self.fl.tickets:
            client_id = self.client_ids[spec.client]
            users = [
                u
                for u in self.records["Users"]
                if u["client_id"] == client_id and c.END_USER_EMAIL in u and not u["inactive"]
            ]
            user = rng.choice(users[:60])
            agents = [
                a
                for a in self.records["Agent"]
                if a.get("team") == spec.team and not a["isdisabled"] and c.AGENT_EMAIL in a
            ]
            agent = rng.choice(agents)
            ticket_type = types[spec.ticket_type]
            ticket: JSONDict = {
                "id": ticket_ids.take(),
                "summary": spec.summary,
                "details": spec.details,
                "client_id": client_id,
                "client_name": spec.client,
                "site_id": user["site_id"],
                "user_id": user["id"],
                "user_name": user["name"],
                "tickettype_id": ticket_type["id"],
                "status_id": self.status_id(spec.status, None),
                "agent_id": agent["id"],
                "team": spec.team,
                "dateoccurred": spec.when,
            }
            if spec.supplier is not None:
                ticket[c.TICKET_SUPPLIER_ID] = self.supplier_ids[spec.supplier]
            if ticket["status_id"] in c.CLOSING_STATUS_IDS:
                ticket[c.TICKET_HAS_BEEN_CLOSED] = True
            self.records["Tickets"].append(ticket)
            allowed = workflow_action_ids(workflows[ticket_type[c.TICKET_TYPE_WORKFLOW_ID]])
            hour, minute = int(spec.when[11:13]), int(spec.when[14:16])
            for step, (action_name, note) in enumerate(spec.actions, start=1):
                outcome = self.actions_by_id[self.action_id(action_name, None)]
                if outcome["id"] not in allowed:
                    raise ValueError(f"{spec.summary}: {action_name!r} is not in its workflow")
                total = hour * 60 + minute + 25 * step
                record: JSONDict = {
                    "id": action_ids.take(),
                    "ticket_id": ticket["id"],
                    "outcome_id": outcome["id"],
                    c.ACTION_OUTCOME_NAME: outcome[c.OUTCOME_NAME],
                    "note": note,
                    c.ACTION_HIDDEN_FROM_USER: outcome[c.OUTCOME_HIDE_FROM_USER],
                    c.ACTION_SEND_EMAIL: outcome[c.OUTCOME_SEND_EMAIL] == c.SENDEMAIL_YES,
                    c.ACTION_WHO_AGENT_ID: agent["id"],
                    "actiondatecreated": f"{spec.when[:11]}{total // 60:02d}:{total % 60:02d}:00",
                    c.SYNC_TO_HALO: c.SYNC_NO,
                }
                self.records["Actions"].append(record)

    # ---- the whole snapshot --------------------------------------------------------------

    def application(self) -> JSONDict:
        rng = self.rng("application")
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        api_agent = next(a for a in self.records["Agent"] if a[c.AGENT_IS_API_AGENT])
        return {
            "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "client_secret": "".join(rng.choice(alphabet) for _ in range(48)),
            "scope": c.DEFAULT_SCOPE,
            "agent_id": api_agent["id"],
        }

    def build_priorities(self) -> None:
        rng = self.rng("priorities")
        for number, (name, colour) in enumerate(self.fl.priorities, start=1):
            self.records["Priority"].append(
                {
                    # A priority's id is a GUID; tickets store the number (priorityid).
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    c.PRIORITY_NUMBER: number,
                    "name": name,
                    "colour": colour,
                    "ishidden": False,
                    "slaid": 1,
                }
            )

    def build_teams(self) -> None:
        ids = self.ids("Team")
        rng = self.rng("teams")
        itsm = self.fl.app_name == c.APP_NAME_ITSM  # a company's IT department, or an MSP's
        for region in self.regions:
            for seq, team in enumerate(self.fl.teams, start=1):
                self.records["Team"].append(
                    {
                        "id": ids.take(),
                        "guid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "name": _regional(team.name, region),
                        "sequence": seq,
                        "inactive": False,
                        "department_id": 1,
                        "department_name": "IT" if itsm else "Service Delivery",
                        "forrequests": True,
                        "foropps": team.name == "Account Management",
                        "forprojects": team.name.startswith("3rd Line"),
                    }
                )

    def build_connected(self) -> None:
        """The profiles Halo's own screens already connected to other Halo instances."""
        rng = self.rng("connected")
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        statuses = {r["name"]: r["id"] for r in self.records["Status"]}
        actions = {r[c.OUTCOME_NAME]: r["id"] for r in self.records["Outcome"]}
        types = {r["name"]: r["id"] for r in self.records["TicketType"]}
        for spec in self.fl.connected:
            ids = self.client_ids if spec.entity == "Client" else self.supplier_ids
            profile_id = ids[spec.name]
            record = next(r for r in self.records[spec.entity] if r["id"] == profile_id)
            product = "haloitsm" if spec.product == "haloitsm" else "halopsa"
            base = f"https://{spec.tenant}.{product}.com"
            record.update(
                {
                    c.PROFILE_ALLOW_API_ACCESS: True,
                    c.PROFILE_ISSUED_CLIENT_ID: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    c.PROFILE_REMOTE_API_URL: f"{base}/api",
                    c.PROFILE_REMOTE_AUTH_URL: f"{base}/auth",
                    c.PROFILE_REMOTE_TENANT: spec.tenant,
                    c.PROFILE_REMOTE_CLIENT_ID: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    c.PROFILE_VALIDATED: True,
                    c.DEFAULT_ACTION: actions[spec.default_action],
                    c.OUTBOUND_ATTACHMENTS: spec.attachments,
                }
            )
            if spec.default_status is not None:
                record[c.DEFAULT_STATUS] = statuses[spec.default_status]
            if spec.default_ticket_type is not None:
                record[c.DEFAULT_TICKET_TYPE] = types[spec.default_ticket_type]
            self.profile_secrets.append(
                {
                    "entity": spec.entity,
                    "id": profile_id,
                    "client_secret": "".join(rng.choice(alphabet) for _ in range(48)),
                }
            )
            self.write_only.append(
                {
                    "entity": spec.entity,
                    "id": profile_id,
                    "field": c.PROFILE_REMOTE_CLIENT_SECRET_WRITE,
                    "value": "".join(rng.choice(alphabet) for _ in range(48)),
                }
            )
            where = {"profile_entity": spec.entity, "profile_id": profile_id}
            for kind, rows, local_ids in (
                ("status", spec.statuses, statuses),
                ("action", spec.actions, actions),
                ("ticket_type", spec.ticket_types, types),
            ):
                for remote_id, remote_name, local_name in rows:
                    self.screen_setup.append(
                        {
                            "operation": "add_mapping",
                            **where,
                            "kind": kind,
                            "local_id": local_ids[local_name],
                            "remote_id": remote_id,
                            "local_name": local_name,
                            "remote_name": remote_name,
                        }
                    )
            if spec.default_status is None:
                self.screen_setup.append(
                    {"operation": "set_default_status_action_default", **where}
                )

    def snapshot(self) -> JSONDict:
        self.build_features()
        self.build_statuses()
        self.build_categories()
        self.build_fields()
        self.build_actions()
        self.build_workflows()
        self.build_ticket_types()
        self.link_actions()
        self.build_agents()
        self.build_customers()
        self.build_users()
        self.build_suppliers()
        self.build_tickets()
        self.build_priorities()
        self.build_teams()
        self.build_connected()
        simulator: JSONDict = {"hosted": True, "applications": [self.application()]}
        if self.profile_secrets:
            simulator["profile_secrets"] = self.profile_secrets
            simulator["write_only"] = self.write_only
        simulator["api_email_settings"] = [
            {"outcome_id": key, "on": on} for key, on in sorted(self.api_email.items())
        ]
        simulator["screen_setup"] = self.screen_setup
        major, minor = (int(part) for part in self.fl.app_version.split(".")[:2])
        return {
            "format": SNAPSHOT_FORMAT,
            "instanceinfo": {
                c.INSTANCE_DISPLAY_NAME: self.fl.display_name,
                "app_name": self.fl.app_name,
                "app_version": self.fl.app_version,
                "database_version": f"{major}{minor:03d}",
            },
            "authinfo": {"tenant_id": self.fl.tenant},
            "records": self.records,
            "simulator": simulator,
        }


def _numbered(
    people: Sequence[tuple[str, str, str, str]],
) -> list[tuple[int, tuple[str, str, str, str]]]:
    """Each fixed agent with its position among the fixed agents of its team."""
    seen: dict[str, int] = {}
    out = []
    for person in people:
        index = seen.get(person[0], 0)
        seen[person[0]] = index + 1
        out.append((index, person))
    return out


def _agent(
    agent_id: int,
    name: str,
    first: str | None,
    last: str | None,
    email: str | None,
    team: TeamSpec | None,
    disabled: bool,
    api: bool,
    region: str | None = None,
) -> JSONDict:
    row: JSONDict = {"id": agent_id, "name": name}
    if first is not None and last is not None:
        row["firstname"] = first
        row["surname"] = last
    if email is not None:
        row[c.AGENT_EMAIL] = email
    if team is not None:
        row["team"] = _regional(team.name, region)
        row["jobtitle"] = team.job_title
    row["isdisabled"] = disabled
    row[c.AGENT_IS_API_AGENT] = api
    row["is_admin"] = api or (team is not None and team.name in ADMIN_TEAMS)
    return row


# ---- Public interface ----------------------------------------------------------------------------


def _check_scale(scale: int) -> None:
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise ValueError(f"scale must be a whole number of at least 1, not {scale!r}")


def build_snapshot(flavour: Flavour, scale: int = 1) -> JSONDict:
    """Generate one demo instance's snapshot at `scale` (always generated, never read from disk)."""
    _check_scale(scale)
    return _Builder(flavour, scale).snapshot()


def contoso_snapshot(scale: int = 1) -> JSONDict:
    """Contoso, the HaloITSM company that sends tickets (customer side), generated at `scale`."""
    return build_snapshot(CONTOSO, scale)


def northwind_snapshot(scale: int = 1) -> JSONDict:
    """Northwind MSP, the HaloPSA MSP receiving tickets (supplier side), generated at `scale`."""
    return build_snapshot(NORTHWIND, scale)


def demo_snapshots(scale: int = 1) -> list[JSONDict]:
    """[Contoso, Northwind MSP]: the bundled files at scale 1, generated data at larger scales."""
    _check_scale(scale)
    if scale > 1:
        return [contoso_snapshot(scale), northwind_snapshot(scale)]
    snapshots = []
    for path, flavour in ((CONTOSO_FILE, CONTOSO), (NORTHWIND_FILE, NORTHWIND)):
        try:
            snapshots.append(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            log.warning("Bundled demo file %s is missing; generating it instead", path.name)
            snapshots.append(build_snapshot(flavour))
    return snapshots


def snapshot_json(snapshot: JSONDict) -> str:
    """The text of a snapshot file: pretty-printed, in the snapshot's own (stable) order."""
    return json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n"


def write_bundled(directory: Path = DATA_DIR) -> list[Path]:
    """Write the scale-1 pair as contoso.json and northwind.json into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for flavour in FLAVOURS:
        path = directory / f"{flavour.key}.json"
        # A file to commit, not a private temp file: readable by all.
        write_text_atomic(path, snapshot_json(build_snapshot(flavour)), mode=0o644)
        written.append(path)
    return written


def record_counts(snapshot: JSONDict) -> dict[str, int]:
    """How many records each list of a snapshot holds."""
    return {name: len(rows) for name, rows in snapshot["records"].items()}


def main(argv: Sequence[str] | None = None) -> int:
    """`--write` regenerates the bundled files; otherwise print the counts at `--scale`."""
    parser = argparse.ArgumentParser(
        prog="python -m halo_wizard.simulator.demo",
        description="The bundled demo Halo instances (Contoso and Northwind MSP).",
    )
    parser.add_argument("--write", action="store_true", help="write the scale-1 files")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="directory for --write")
    parser.add_argument("--scale", type=int, default=1, help="scale to count (default 1)")
    args = parser.parse_args(argv)
    if args.write:
        for path in write_bundled(args.out):
            print(f"wrote {path}")
        return 0
    started = time.perf_counter()
    snapshots = [contoso_snapshot(args.scale), northwind_snapshot(args.scale)]
    elapsed = time.perf_counter() - started
    for snapshot in snapshots:
        counts = record_counts(snapshot)
        print(snapshot["instanceinfo"][c.INSTANCE_DISPLAY_NAME] + ":")
        print("  " + ", ".join(f"{name} {count}" for name, count in counts.items()))
    print(f"generated scale {args.scale} in {elapsed:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
