"""The simulator answers as live 2026 Halo does (halo-api.md section 0; /work/evidence/digest.md):
thin list rows, full details, status domains, real scope names, the rate limit, error bodies."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from demo_instances import demo_instances
from sim_fixtures import SimApi, minimal_snapshot

from halo_wizard.api import constants as c
from halo_wizard.simulator import DEFAULT_RATE_LIMIT, Simulator
from halo_wizard.simulator.shapes import LIST_ROWS

FAST = (100_000, 1.0)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limit=FAST) as simulator:
        yield simulator


@pytest.fixture
def acme(sim: Simulator) -> Iterator[SimApi]:
    api = SimApi(sim.add(minimal_snapshot(tenant="acme"), name="acme"))
    yield api
    api.close()


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[SimApi, SimApi]]:
    """The two demo instances, read only by the tests that use them."""
    with demo_instances(rate_limit=FAST) as (contoso, northwind):
        a, b = SimApi(contoso), SimApi(northwind)
        try:
            yield a, b
        finally:
            a.close()
            b.close()


def connected_profile(api: SimApi) -> dict[str, Any]:
    """Supplier 5 with API access on, an outbound connection and mapping rows."""
    return api.saved(
        "Supplier",
        {
            "id": 5,
            c.PROFILE_ALLOW_API_ACCESS: True,
            c.PROFILE_REMOTE_API_URL: "https://other.halopsa.com/api",
            c.PROFILE_REMOTE_AUTH_URL: "https://other.halopsa.com/auth",
            c.PROFILE_REMOTE_TENANT: "other",
            c.PROFILE_REMOTE_CLIENT_ID: "abc",
            c.PROFILE_REMOTE_CLIENT_SECRET_WRITE: "outbound-secret-0123456789",
            c.MAPPING_STATUS: [{c.MAPROW_LOCAL_ID: 1, c.MAPROW_REMOTE_ID: "4"}],
            c.DEFAULT_STATUS: 2,
        },
    )


# ---- thin list rows, full details ----------------------------------------------------------------


def test_profile_list_rows_hide_api_access_and_connection_but_keep_the_api_url(
    acme: SimApi,
) -> None:
    connected_profile(acme)
    row = acme.ok("Supplier")["suppliers"][0]
    # sweep /Supplier row (prod 2.236, uncapped): thirdpartynhdapiurl, none of the rest.
    assert row[c.PROFILE_REMOTE_API_URL] == "https://other.halopsa.com/api"
    assert row["name"] == "Parts Depot" and row["id"] == 5
    hidden = [k for k in row if k.startswith(("thirdpartynhd", "api_access", "allow_api"))]
    assert hidden == [c.PROFILE_REMOTE_API_URL]
    details = acme.ok("Supplier/5", includedetails="true")
    assert details[c.PROFILE_ALLOW_API_ACCESS] is True
    assert details[c.PROFILE_ISSUED_CLIENT_ID] and details[c.PROFILE_ISSUED_CLIENT_SECRET]
    assert details[c.MAPPING_STATUS] == [{c.MAPROW_LOCAL_ID: 1, c.MAPROW_REMOTE_ID: "4"}]
    # Without includedetails: the scalars, not the nested lists. [assumed]
    plain = acme.ok("Supplier/5")
    assert plain[c.DEFAULT_STATUS] == 2 and c.MAPPING_STATUS not in plain
    client = acme.saved("Client", {"id": 10, c.PROFILE_ALLOW_API_ACCESS: True})
    assert client[c.PROFILE_ISSUED_CLIENT_ID]
    listed = next(r for r in acme.ok("Client")["clients"] if r["id"] == 10)
    assert c.PROFILE_ALLOW_API_ACCESS not in listed and c.PROFILE_ISSUED_CLIENT_ID not in listed


def test_ticket_type_and_workflow_rows_are_thin(acme: SimApi) -> None:
    row = acme.ok("TicketType")[0]
    for name in ("workflow_id", "initial_status", "allowall_actions", "allowed_actions"):
        assert name not in row, name
    assert acme.ok("TicketType/1")["workflow_id"] == 1
    workflow = acme.ok("Workflow")[0]
    assert set(workflow) == {"id", "guid", "name", "active", "notinuse"}  # prod 2.236: no note
    assert "steps" not in acme.ok("Workflow/1")
    details = acme.ok("Workflow/1", includedetails="true")
    assert details["always_allow_actions"] == [{"id": 3, "outcome": "Private Note"}]


def test_workflow_rows_carry_the_note_from_2_250(sim: Simulator) -> None:
    api = SimApi(sim.add(minimal_snapshot(app_version="2.250.32")))
    try:
        assert set(api.ok("Workflow")[0]) == {"id", "guid", "name", "active", "note", "notinuse"}
    finally:
        api.close()


def test_view_list_rows_have_no_filters(acme: SimApi) -> None:
    filters = [{c.VIEWFILTER_NAME: "status", c.VIEWFILTER_VALUE: "1"}]
    saved = acme.saved(
        c.VIEWLIST_ENTITY, {"name": "Escalations", "use": "tickets", c.VIEWLIST_FILTERS: filters}
    )
    row = acme.ok(c.VIEWLIST_ENTITY)[0]
    assert row["name"] == "Escalations" and c.VIEWLIST_FILTERS not in row
    details = acme.ok(f"{c.VIEWLIST_ENTITY}/{saved['id']}", includedetails="true")
    assert details[c.VIEWLIST_FILTERS] == filters


def test_agent_list_leaves_out_email_api_and_disabled_agents_unless_asked(acme: SimApi) -> None:
    rows = acme.ok("Agent")
    assert [r["name"] for r in rows] == ["Dana Dale"]
    assert c.AGENT_EMAIL not in rows[0] and c.AGENT_IS_API_AGENT not in rows[0]
    everyone = acme.ok("Agent", withemail="true", includeapiagents="true", includedisabled="true")
    assert [r[c.AGENT_EMAIL] for r in everyone] == [
        "api@acme.example",
        "dana@acme.example",
        "eli@acme.example",
    ]
    assert [r[c.AGENT_IS_API_AGENT] for r in everyone] == [True, False, False]
    paged = acme.ok("Agent", pageinate="true", page_size=10, page_no=1, includeapiagents="true")
    assert set(paged) == {"record_count", "results"}  # sweep envelope `results`
    assert paged["record_count"] == 2 and len(paged["results"]) == 2
    full = acme.ok("Agent/1")
    assert full[c.AGENT_EMAIL] == "api@acme.example" and full[c.AGENT_IS_API_AGENT] is True
    assert full["is_admin"] is True
    assert acme.ok("Agent/me")["id"] == 1


def test_lists_asked_for_one_row_answer_as_the_live_sweep_did(
    demo: tuple[SimApi, SimApi],
) -> None:
    """halocli's sweep asked every list with pageinate=true&page_size=1&count=1: /Agent came back
    whole under `results`, the bare lists whole, /Client one row (c.UNPAGED_LISTS)."""
    one = {"pageinate": "true", "page_size": 1, "page_no": 1, "count": 1}
    for api in demo:
        everyone = api.ok("Agent")
        agents = api.ok("Agent", **one)
        assert set(agents) == {"record_count", "results"}
        assert len(agents["results"]) == agents["record_count"] == len(everyone) > 1
        assert api.ok("Agent", **{**one, "page_no": 2})["results"] == agents["results"]
        for entity in ("Category", "TicketType", "Workflow", "Status"):
            rows = api.ok(entity, **one)
            assert isinstance(rows, list) and len(rows) == len(api.ok(entity)) > 1, entity
        clients = api.ok("Client", **one)
        assert len(clients["clients"]) == 1 and clients["record_count"] >= 1
        assert len(api.ok("Status", count=1)) == 1  # count alone: not shown live, honoured


def test_field_info_returns_every_usage(demo: tuple[SimApi, SimApi]) -> None:
    for api in demo:
        rows = api.ok("FieldInfo")
        usages = {r[c.FIELD_USAGE] for r in rows}
        assert c.TICKET_FIELD_USAGE in usages and len(usages) >= 4
        ticket = {(r["label"], r["type"]) for r in rows if r[c.FIELD_USAGE] == 1 and r["custom"]}
        others = [r for r in rows if r[c.FIELD_USAGE] != c.TICKET_FIELD_USAGE]
        assert [r for r in others if (r["label"], r["type"]) in ticket]
        builtins = {r["name"]: r for r in rows if not r["custom"]}
        assert all(builtins[n][c.FIELD_USAGE] == 1 for n in ("summary", "details", "startdate"))


def test_status_type_is_the_domain(demo: tuple[SimApi, SimApi]) -> None:
    for api in demo:
        rows = {r["id"]: r for r in api.ok("Status")}
        assert rows[c.CLOSED_STATUS_ID]["name"] == "Closed"
        assert rows[c.CANCELLED_STATUS_ID]["name"] == "Cancelled"
        assert rows[c.CLOSED_STATUS_ID]["type"] == rows[1]["type"] == c.STATUS_DOMAIN_TICKETS
        assert {r["type"] for r in rows.values()} - {c.STATUS_DOMAIN_TICKETS}


def test_site_user_and_ticket_rows_carry_their_display_fields(acme: SimApi) -> None:
    site = acme.ok("Site", client_id=10)["sites"][0]
    assert site["client_name"] == "Blue River Ltd"
    assert site["clientsite_name"] == "Blue River Ltd / Blue River Head Office"
    user = acme.ok("Users", client_id=11)["users"][0]
    assert user["client_name"] == "Green Hill Farms" and user["site_name"] == "Green Hill Main"
    acme.saved("Tickets", {"id": 100, "status_name": "New", "agent_name": "Dana Dale"})
    ticket = acme.ok("Tickets")["tickets"][0]
    assert "status_name" not in ticket and "agent_name" not in ticket  # halocli: none shipped
    assert acme.ok("Tickets/100")["status_name"] == "New"


def test_ticket_rows_carry_the_customer_name_on_the_demo(demo: tuple[SimApi, SimApi]) -> None:
    rows = demo[1].ok("Tickets")["tickets"]
    assert rows and all(r["client_name"] for r in rows)  # sweep /Tickets row has client_name


def test_action_rows_follow_actions_list_and_details_are_full(acme: SimApi) -> None:
    saved = acme.saved(
        "Actions",
        {
            "ticket_id": 100,
            "outcome_id": 3,
            "note": "Thin rows",
            c.SYNC_TO_HALO: c.SYNC_NO,
            "sendemail": False,
            "who": "Dana",
        },
    )
    row = next(r for r in acme.ok("Actions", ticket_id=100)["actions"] if r["id"] == saved["id"])
    assert row["note"] == "Thin rows" and row["outcome_id"] == 3
    assert row["outcome"] == "Private Note"  # the action's name is filled in
    for name in (c.SYNC_TO_HALO, "sendemail", c.ACTION_SUPPLIER_ID, "who"):
        assert name not in row, name
    assert set(row) <= LIST_ROWS["Actions"].keep  # type: ignore[operator]
    details = acme.ok(f"Actions/{saved['id']}", includedetails="true")
    assert details[c.SYNC_TO_HALO] == c.SYNC_NO and details["sendemail"] is False


def test_team_and_priority_lists(acme: SimApi) -> None:
    teams = acme.ok("Team")
    assert [t["name"] for t in teams] == ["Service Desk", "Field Engineers"]
    priorities = acme.ok("Priority")
    assert [(p[c.PRIORITY_NUMBER], p["name"]) for p in priorities] == [(1, "Critical"), (2, "High")]
    guid = priorities[0]["id"]
    assert len(guid) == 36
    # A priority's id is a GUID: /Priority/<int> answers 404 with an empty body.
    missing = acme.get("Priority/1")
    assert missing.status_code == 404 and missing.content == b""
    assert acme.ok(f"Priority/{guid}")["name"] == "Critical"


# ---- actions, log to supplier, e-mail setting ----------------------------------------------------


def test_an_action_named_by_its_outcome_alone_is_resolved(acme: SimApi) -> None:
    saved = acme.saved("Actions", {"ticket_id": 100, "outcome": "private note", "note": "x"})
    assert saved["outcome_id"] == 3 and saved["outcome"] == "Private Note"
    neither = acme.post("Actions", {"ticket_id": 100, "note": "no outcome"})
    assert neither.status_code == 400
    assert "outcome" in neither.json()
    unknown = acme.post("Actions", {"ticket_id": 100, "outcome": "Nothing Like It"})
    assert unknown.status_code == 400


def test_sendemail_via_api_is_no_field_and_the_candidate_is_not_writable(acme: SimApi) -> None:
    not_a_field = "sendemail_via_api"  # absent from TOutcome in 2.236
    saved = acme.saved("Outcome", {"id": 4, not_a_field: True, c.API_EMAIL_SETTING_CANDIDATE: True})
    for record in (saved, acme.ok("Outcome/4", includedetails="true")):
        assert not_a_field not in record
        assert c.API_EMAIL_SETTING_CANDIDATE not in record  # default dialect: not in the API
    assert acme.instance.state.api_email_on(4) is False


def test_log_to_supplier_fields_are_the_new_supplier_ones() -> None:
    assert c.ACTION_SUPPLIER_ID == "new_supplier_id"
    assert c.ACTION_SUPPLIER_REF == "new_supplier_ref"
    assert c.ACTION_FIELD_SUPPLIER_REF == "supplierref"  # an entry of an action's field list


# ---- anonymous InstanceInfo, scopes, rate limit -----------------------------------------------


def test_instanceinfo_answers_without_a_token_and_names_the_tenant(
    sim: Simulator, demo: tuple[SimApi, SimApi]
) -> None:
    inst = sim.add(minimal_snapshot(tenant="acme"))
    with httpx.Client(trust_env=False) as http:
        anonymous = http.get(f"{inst.url}/api/InstanceInfo")
        bogus = http.get(f"{inst.url}/api/InstanceInfo", headers={"Authorization": "Bearer x"})
        northwind = http.get(f"{demo[1].instance.url}/api/InstanceInfo").json()
    assert anonymous.status_code == bogus.status_code == 200
    assert anonymous.json()[c.INSTANCE_TENANT] == "acme"
    assert northwind["app_name"] == "Halo PSA" and northwind[c.INSTANCE_TENANT] == "northwind"
    assert northwind["agent_url"] == demo[1].instance.url


def test_scope_names_are_halos_own(acme: SimApi) -> None:
    assert len(c.KNOWN_SCOPES - {"offline_access"}) == 44
    assert set(c.LINKED_APP_SCOPES) <= c.KNOWN_SCOPES
    with httpx.Client(base_url=acme.instance.url, trust_env=False) as http:

        def token(scope: str) -> httpx.Response:
            form = {"grant_type": "client_credentials", "scope": scope}
            app = acme.instance.application
            assert app is not None
            form.update(client_id=app.client_id, client_secret=app.client_secret)
            return http.post("/auth/token", data=form)

        for made_up in ("read:agents", "edit:agents", "all:teams", "admin:webhooks"):
            refused = token(f"read:tickets {made_up}")
            assert refused.status_code == 400, made_up
            assert refused.json()["error"] == "invalid_scope"
        assert token("all:standard offline_access read:kb editMine:timesheets").status_code == 200


def test_all_standard_grants_every_area_but_admin(acme: SimApi) -> None:
    standard = SimApi(acme.instance, scope="all:standard")
    try:
        for entity in ("Tickets", "Client", "Supplier", "Outcome", "Agent"):
            assert standard.get(entity).status_code == 200, entity
        for entity in ("Features", "Application", "ConnectedInstance", "ViewLists", "Control"):
            assert standard.get(entity).status_code == 403, entity
        assert standard.post("Users", {"id": 1, "name": "Alice A."}).status_code == 200
    finally:
        standard.close()


def test_the_default_rate_limit_is_700_per_rolling_5_minutes() -> None:
    assert DEFAULT_RATE_LIMIT == (700, 300.0)
    assert c.RATE_LIMIT_TEXT == "Rate Limit Reached - 700 Requests per rolling 5 minute window"


# ---- error bodies --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["Status/probe", "Agent/x", "Tickets/abc", "Client/1.5"])
def test_a_non_numeric_id_is_a_400_with_halos_model_state(acme: SimApi, path: str) -> None:
    reply = acme.get(path)
    assert reply.status_code == 400
    value = path.split("/")[1]
    assert reply.json() == {"id": [f"The value '{value}' is not valid."]}


def test_401_403_and_404_bodies_are_empty(acme: SimApi) -> None:
    with httpx.Client(base_url=acme.instance.url, trust_env=False) as http:
        unauthorised = http.get("/api/Status")
    reader = SimApi(acme.instance, scope="read:tickets")
    try:
        forbidden = reader.get("Users")
    finally:
        reader.close()
    replies = {
        "401": unauthorised,
        "403": forbidden,
        "404 record": acme.get("Status/7777"),
        "404 entity": acme.get("NoSuchThing"),
        "404 update": acme.post("Status", {"id": 7777, "name": "X"}),
        "404 delete": acme.http.delete("/api/Users/7777", headers=acme.headers),
        "404 application": acme.get("Application/probe"),
        "404 users/me": acme.get("Users/me"),
        "401 client/me": acme.get("Client/me"),
    }
    for label, reply in replies.items():
        assert str(reply.status_code) == label.split()[0], label
        assert reply.content == b"", label


def test_closing_a_ticket_marks_it_has_been_closed(acme: SimApi) -> None:
    acme.saved("Outcome", {"id": 4, "newstatus": c.CLOSED_STATUS_ID})
    acme.saved("Actions", {"ticket_id": 100, "outcome_id": 4, "note": "Done"})
    ticket = acme.ok("Tickets/100")
    assert ticket["status_id"] == c.CLOSED_STATUS_ID
    assert ticket[c.TICKET_HAS_BEEN_CLOSED] is True
    assert c.CLOSING_STATUS_IDS == (9, 8)


def test_reads_never_change_the_state(acme: SimApi) -> None:
    before = copy.deepcopy(acme.instance.snapshot())
    for path in ("Supplier", "Agent", "Actions", "Workflow", "Outcome/17", "Tickets/100"):
        acme.get(path)
    assert acme.instance.snapshot() == before


def test_list_shapes_cite_their_evidence() -> None:
    for entity, shape in LIST_ROWS.items():
        assert len(shape.evidence) > 30, entity


def test_a_connected_demo_customer_is_thin_in_the_list_and_whole_in_details(
    demo: tuple[SimApi, SimApi],
) -> None:
    northwind = demo[1]
    row = next(r for r in northwind.ok("Client")["clients"] if r["name"].startswith("Harbourside"))
    assert row["toplevel_name"] == "Northwind MSP" and row["inactive"] is False
    assert row[c.PROFILE_REMOTE_API_URL] == "https://harbourside.haloitsm.com/api"
    assert not [k for k in row if k.startswith("thirdpartynhd_") or k.startswith("api_access")]
    details = northwind.ok(f"Client/{row['id']}", includedetails="true")
    assert details[c.PROFILE_VALIDATED] is True and details[c.PROFILE_ALLOW_API_ACCESS] is True
    assert len(details[c.MAPPING_STATUS]) == 4 and details[c.MAPPING_TICKET_TYPE]
    assert c.MAPPING_STATUS not in northwind.ok(f"Client/{row['id']}")
