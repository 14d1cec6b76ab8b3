"""The Halo simulator over real loopback HTTP: auth, lists, writes, profiles, limits and faults."""

from __future__ import annotations

import copy
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sim_fixtures import (
    APP_CLIENT_ID,
    APP_CLIENT_SECRET,
    READER_CLIENT_ID,
    READER_CLIENT_SECRET,
    minimal_snapshot,
)

from halo_wizard.api import constants as c
from halo_wizard.simulator import (
    Faults,
    InstanceState,
    SimulatedInstance,
    Simulator,
    run_simulator,
)

TEST_RATE_LIMIT = (10_000, 1.0)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limit=TEST_RATE_LIMIT) as simulator:
        yield simulator


@pytest.fixture
def hosted(sim: Simulator) -> SimulatedInstance:
    return sim.add(minimal_snapshot(tenant="acme", hosted=True), name="acme")


@pytest.fixture
def selfhosted(sim: Simulator) -> SimulatedInstance:
    return sim.add(minimal_snapshot(hosted=False), name="onprem")


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0, trust_env=False) as client:
        yield client


def token_response(
    http: httpx.Client,
    inst: SimulatedInstance,
    *,
    client_id: str = APP_CLIENT_ID,
    client_secret: str = APP_CLIENT_SECRET,
    scope: str | None = "all",
    tenant: str | None = None,
) -> httpx.Response:
    form = {"grant_type": "client_credentials", "client_id": client_id}
    form["client_secret"] = client_secret
    if scope is not None:
        form["scope"] = scope
    params = {"tenant": tenant} if tenant is not None else None
    return http.post(f"{inst.url}/auth/token", data=form, params=params)


def bearer(http: httpx.Client, inst: SimulatedInstance, **kwargs: Any) -> dict[str, str]:
    response = token_response(http, inst, **kwargs)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def get(http: httpx.Client, inst: SimulatedInstance, path: str, **kwargs: Any) -> httpx.Response:
    headers = kwargs.pop("headers", None) or bearer(http, inst)
    return http.get(f"{inst.url}/api/{path}", headers=headers, **kwargs)


def post(
    http: httpx.Client, inst: SimulatedInstance, entity: str, body: Any, **kwargs: Any
) -> httpx.Response:
    headers = kwargs.pop("headers", None) or bearer(http, inst)
    return http.post(f"{inst.url}/api/{entity}", headers=headers, json=body, **kwargs)


# ---- authinfo and tokens ------------------------------------------------------------------------


def test_authinfo_hosted_gives_auth_url_and_tenant(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    body = http.get(f"{hosted.url}/api/authinfo").json()
    assert body["auth_url"] == f"{hosted.url}/auth"
    assert body["tenant_id"] == "acme" == hosted.tenant


def test_authinfo_self_hosted_has_empty_tenant(
    http: httpx.Client, selfhosted: SimulatedInstance
) -> None:
    body = http.get(f"{selfhosted.url}/api/authinfo").json()
    assert body == {"auth_url": f"{selfhosted.url}/auth", "tenant_id": ""}
    assert selfhosted.tenant == ""


def test_token_is_issued_with_form_or_basic_credentials(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    body = token_response(http, hosted, tenant="acme").json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "all"
    assert len(body["access_token"]) >= 20
    basic = http.post(
        f"{hosted.url}/auth/token",
        data={"grant_type": "client_credentials", "scope": "all"},
        auth=(APP_CLIENT_ID, APP_CLIENT_SECRET),
    )
    assert basic.status_code == 200
    assert basic.json()["access_token"] != body["access_token"]
    status = get(
        http, hosted, "Status", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert status.status_code == 200


@pytest.mark.parametrize(
    ("client_id", "client_secret"),
    [(APP_CLIENT_ID, "wrong-secret"), ("nobody", APP_CLIENT_SECRET)],
)
def test_bad_client_gets_invalid_client(
    http: httpx.Client, hosted: SimulatedInstance, client_id: str, client_secret: str
) -> None:
    response = token_response(http, hosted, client_id=client_id, client_secret=client_secret)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.json()["error_description"]


def test_unknown_scope_gets_invalid_scope(http: httpx.Client, hosted: SimulatedInstance) -> None:
    response = token_response(http, hosted, scope="all read:everything")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_other_grant_types_are_refused(http: httpx.Client, hosted: SimulatedInstance) -> None:
    response = http.post(
        f"{hosted.url}/auth/token",
        data={"grant_type": "password", "client_id": APP_CLIENT_ID},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_wrong_tenant_gives_500_and_missing_tenant_is_accepted(
    http: httpx.Client, hosted: SimulatedInstance, selfhosted: SimulatedInstance
) -> None:
    assert token_response(http, hosted, tenant="someone-else").status_code == 500
    assert token_response(http, hosted, tenant="ACME").status_code == 200
    assert token_response(http, hosted).status_code == 200
    # Self-hosted instances have no tenant to get wrong.
    assert token_response(http, selfhosted, tenant="anything").status_code == 200


def test_token_without_scope_is_issued_but_never_authenticates(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    response = token_response(http, hosted, scope=None)
    assert response.status_code == 200
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    assert http.get(f"{hosted.url}/api/Status", headers=headers).status_code == 401
    assert http.get(f"{hosted.url}/api/Tickets", headers=headers).status_code == 401


def test_api_without_a_valid_token_is_401(http: httpx.Client, hosted: SimulatedInstance) -> None:
    assert http.get(f"{hosted.url}/api/Status").status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert http.get(f"{hosted.url}/api/Status", headers=bad).status_code == 401
    basic = {"Authorization": "Basic abc"}
    assert http.get(f"{hosted.url}/api/Status", headers=basic).status_code == 401


def test_instanceinfo_fills_urls_and_names_the_tenant_of_a_hosted_instance(
    http: httpx.Client, hosted: SimulatedInstance, selfhosted: SimulatedInstance
) -> None:
    info = get(http, hosted, "InstanceInfo").json()
    assert info["app_name"] == "HaloITSM"
    assert info["app_version"] == "2.190.1"
    assert info["agent_url"] == hosted.url
    assert info["auth_url"] == f"{hosted.url}/auth"
    assert info["portal_url"] == f"{hosted.url}/portal/"
    # Live InstanceInfo carries tenant_id (halo_version_snapshot.json); self-hosted has none.
    assert info[c.INSTANCE_TENANT] == "acme"
    assert not any("tenant" in key for key in get(http, selfhosted, "InstanceInfo").json())


# ---- scopes and permissions ----------------------------------------------------------------------


def test_scopes_limit_areas_and_methods(http: httpx.Client, hosted: SimulatedInstance) -> None:
    reader = bearer(
        http,
        hosted,
        client_id=READER_CLIENT_ID,
        client_secret=READER_CLIENT_SECRET,
        scope="read:tickets",
    )
    assert get(http, hosted, "Status", headers=reader).status_code == 200
    assert get(http, hosted, "TicketType", headers=reader).status_code == 200
    refused = post(http, hosted, "Outcome", [{"outcome": "Nope"}], headers=reader)
    assert refused.status_code == 403
    assert refused.content == b""
    assert get(http, hosted, "Users", headers=reader).status_code == 403
    assert get(http, hosted, "Features", headers=reader).status_code == 403

    editor = bearer(http, hosted, scope="edit:customers")
    assert get(http, hosted, "Users", headers=editor).status_code == 200
    assert get(http, hosted, "TicketType", headers=editor).status_code == 403
    # Agents, teams, priorities and statuses: any valid token reads them (SCOPE_AREA_BY_ENTITY).
    for entity in ("Status", "Agent", "Team", "Priority"):
        assert get(http, hosted, entity, headers=editor).status_code == 200, entity
    assert post(http, hosted, "Status", [{"name": "X"}], headers=editor).status_code == 403

    admin = bearer(http, hosted, scope="admin")
    assert get(http, hosted, "Features", headers=admin).status_code == 200
    assert get(http, hosted, "Tickets", headers=admin).status_code == 403


def test_denied_agent_permission_gives_403_even_with_all(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    headers = bearer(
        http, hosted, client_id=READER_CLIENT_ID, client_secret=READER_CLIENT_SECRET, scope="all"
    )
    assert get(http, hosted, "Features", headers=headers).status_code == 200
    enable = post(http, hosted, "Features", [{"id": 7, "enabled": True}], headers=headers)
    assert enable.status_code == 403
    assert get(http, hosted, "supplier", headers=headers).status_code == 403
    assert get(http, hosted, "Client", headers=headers).status_code == 200


# ---- lists ------------------------------------------------------------------------------------


def test_bare_and_wrapped_list_shapes(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    statuses = get(http, hosted, "Status", headers=headers).json()
    assert isinstance(statuses, list)
    assert [s["name"] for s in statuses] == ["New", "In Progress", "Cancelled", "Closed"]
    users = get(http, hosted, "Users", headers=headers).json()
    assert users["record_count"] == 3
    assert [u["id"] for u in users["users"]] == [1, 2, 3]
    suppliers = get(http, hosted, "Supplier", headers=headers).json()
    assert suppliers["record_count"] == 1
    assert suppliers["suppliers"][0]["name"] == "Parts Depot"
    for entity in c.BARE_LIST_ENTITIES:
        assert isinstance(get(http, hosted, entity, headers=headers).json(), list), entity
    for entity, key in c.WRAPPED_LIST_KEYS.items():
        body = get(http, hosted, entity, headers=headers).json()
        assert isinstance(body[key], list), entity


def test_paging_is_capped_at_the_page_cap(http: httpx.Client, sim: Simulator) -> None:
    inst = sim.add(minimal_snapshot(extra_users=250))
    headers = bearer(http, inst)
    seen: list[int] = []
    page_no = 1
    total = None
    while total is None or len(seen) < total:
        body = get(
            http,
            inst,
            "Users",
            headers=headers,
            params={"pageinate": "true", "page_size": 500, "page_no": page_no},
        ).json()
        total = body["record_count"]
        assert len(body["users"]) <= c.PAGE_CAP
        assert body["users"], "ran out of pages before record_count"
        seen += [u["id"] for u in body["users"]]
        page_no += 1
    assert total == 253
    assert len(seen) == len(set(seen)) == 253
    assert page_no - 1 == 3
    past_end = get(
        http, inst, "Users", headers=headers, params={"pageinate": "true", "page_no": 99}
    ).json()
    assert past_end == {"record_count": 253, "users": []}
    small = get(
        http,
        inst,
        "Users",
        headers=headers,
        params={"pageinate": "true", "page_size": 10, "page_no": 2},
    ).json()
    assert [u["id"] for u in small["users"]] == seen[10:20]
    unpaged = get(http, inst, "Users", headers=headers).json()
    assert len(unpaged["users"]) == 253


def test_search_count_and_filters(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    found = get(http, hosted, "Users", headers=headers, params={"search": "ALICE"}).json()
    assert [u["name"] for u in found["users"]] == ["Alice Archer"]
    assert found["record_count"] == 1
    by_mail = get(http, hosted, "Users", headers=headers, params={"search": "greenhill"}).json()
    assert [u["id"] for u in by_mail["users"]] == [3]
    outcomes = get(http, hosted, "Outcome", headers=headers, params={"search": "supplier"}).json()
    assert [o["id"] for o in outcomes] == [17]
    modules = get(http, hosted, "Features", headers=headers, params={"search": "suppl"}).json()
    assert [m["module_name"] for m in modules] == [c.SUPPLIERS_MODULE_NAME]
    of_client = get(http, hosted, "Users", headers=headers, params={"client_id": 10}).json()
    assert [u["id"] for u in of_client["users"]] == [1, 2]
    sites = get(http, hosted, "Site", headers=headers, params={"client_id": 11}).json()
    assert [s["id"] for s in sites["sites"]] == [21]
    actions = get(http, hosted, "Actions", headers=headers, params={"ticket_id": 100}).json()
    assert [a["id"] for a in actions["actions"]] == [500]
    none = get(http, hosted, "Actions", headers=headers, params={"ticket_id": 101}).json()
    assert none == {"record_count": 0, "actions": []}
    counted = get(http, hosted, "Status", headers=headers, params={"count": 2}).json()
    assert len(counted) == 2


def test_null_fields_are_left_out(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    bob = get(http, hosted, "Users/2", headers=headers).json()
    assert bob["name"] == "Bob Baker"
    assert "phonenumber" not in bob
    listed = get(http, hosted, "Users", headers=headers).json()["users"][1]
    assert "phonenumber" not in listed


def test_get_by_id_and_404(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    outcome = get(http, hosted, "Outcome/17", headers=headers, params={"includedetails": "true"})
    assert outcome.status_code == 200
    assert outcome.json()["outcome"] == "Log to Supplier"
    assert outcome.json()["fields"][0]["fieldname"] == c.ACTION_FIELD_SUPPLIER
    assert get(http, hosted, "Outcome/9999", headers=headers).status_code == 404
    assert get(http, hosted, "NoSuchThing", headers=headers).status_code == 404
    assert get(http, hosted, "NoSuchThing/1", headers=headers).status_code == 404


def test_paths_are_case_insensitive(http: httpx.Client, hosted: SimulatedInstance) -> None:
    form = {
        "grant_type": "client_credentials",
        "client_id": APP_CLIENT_ID,
        "client_secret": APP_CLIENT_SECRET,
        "scope": "all",
    }
    token = http.post(f"{hosted.url}/AUTH/Token", data=form).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    lower = http.get(f"{hosted.url}/api/status", headers=headers)
    upper = http.get(f"{hosted.url}/API/STATUS", headers=headers)
    assert lower.status_code == upper.status_code == 200
    assert lower.json() == upper.json()
    assert http.get(f"{hosted.url}/api/outcome/17", headers=headers).json()["id"] == 17
    assert http.get(f"{hosted.url}/api/AuthInfo").json()["tenant_id"] == "acme"
    assert http.get(f"{hosted.url}/api/instanceinfo", headers=headers).status_code == 200


# ---- writes --------------------------------------------------------------------------------------


def test_create_update_and_returnall(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    created = post(http, hosted, "Status", [{"name": "Waiting", "type": 2}], headers=headers)
    assert created.status_code == 200
    waiting = created.json()
    assert waiting["name"] == "Waiting"
    assert waiting["id"] == 10  # after the highest existing id
    updated = post(
        http, hosted, "Status", [{"id": waiting["id"], "name": "Waiting on user"}], headers=headers
    ).json()
    assert updated == {"id": waiting["id"], "name": "Waiting on user", "type": 2}

    two = [{"name": "Parked", "type": 2}, {"name": "Escalated", "type": 2}]
    last = post(http, hosted, "Status", two, headers=headers).json()
    assert isinstance(last, dict)
    assert last["name"] == "Escalated"
    both = post(
        http,
        hosted,
        "Status",
        [{"name": "A", "type": 1}, {"id": 1, "name": "Brand new"}],
        headers=headers,
        params={"returnall": "true"},
    ).json()
    assert [s["name"] for s in both] == ["A", "Brand new"]
    names = [s["name"] for s in get(http, hosted, "Status", headers=headers).json()]
    assert names == [
        "Brand new",
        "In Progress",
        "Cancelled",
        "Closed",
        "Waiting on user",
        "Parked",
        "Escalated",
        "A",
    ]


def test_update_of_unknown_id_is_404_and_changes_nothing(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    headers = bearer(http, hosted)
    response = post(
        http,
        hosted,
        "Status",
        [{"name": "Fresh", "type": 1}, {"id": 777, "name": "X"}],
        headers=headers,
    )
    assert response.status_code == 404
    names = [s["name"] for s in get(http, hosted, "Status", headers=headers).json()]
    assert "Fresh" not in names


def test_commands_are_never_stored(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    saved = post(http, hosted, "Status", [{"name": "Cmd", "_dryrun": True}], headers=headers)
    assert "_dryrun" not in saved.json()
    again = get(http, hosted, f"Status/{saved.json()['id']}", headers=headers).json()
    assert "_dryrun" not in again


def test_write_only_secret_is_never_returned(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    secret = "outbound-secret-value-0123456789"
    saved = post(
        http,
        hosted,
        "Supplier",
        [
            {
                "id": 5,
                c.PROFILE_REMOTE_CLIENT_ID: "abc",
                c.PROFILE_REMOTE_CLIENT_SECRET_WRITE: secret,
            }
        ],
        headers=headers,
    )
    assert saved.status_code == 200
    assert saved.json()[c.PROFILE_REMOTE_CLIENT_ID] == "abc"
    for response in (
        saved,
        get(http, hosted, "Supplier/5", headers=headers),
        get(http, hosted, "Supplier", headers=headers),
    ):
        assert secret not in response.text
        assert c.PROFILE_REMOTE_CLIENT_SECRET_WRITE not in response.text
    snapshot = hosted.snapshot()
    assert secret not in json.dumps(snapshot["records"])
    assert secret in json.dumps(snapshot["simulator"])


def test_new_fields_that_are_not_secrets_are_ordinary_values(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    headers = bearer(http, hosted)
    saved = post(
        http,
        hosted,
        "Actions",
        [{"ticket_id": 100, "outcome_id": 3, "note": "Done", "new_status": 9}],
        headers=headers,
    ).json()
    assert saved["new_status"] == 9
    assert get(http, hosted, f"Actions/{saved['id']}", headers=headers).json()["new_status"] == 9


def test_a_secret_left_in_snapshot_records_is_moved_aside() -> None:
    snapshot = minimal_snapshot()
    snapshot["records"]["ConnectedInstance"] = [
        {"id": 1, "name": "Peer", "clientid": "peer", "new_clientsecret": "peer-secret-value-1234"}
    ]
    out = InstanceState.from_snapshot(snapshot).to_snapshot()
    assert out["records"]["ConnectedInstance"] == [{"id": 1, "name": "Peer", "clientid": "peer"}]
    assert out["simulator"]["write_only"] == [
        {
            "entity": "ConnectedInstance",
            "id": 1,
            "field": "new_clientsecret",
            "value": "peer-secret-value-1234",
        }
    ]


def test_validation_error_shapes(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    missing = post(http, hosted, "Users", [{"name": "No Mail", "site_id": 20}], headers=headers)
    assert missing.status_code == 400
    assert isinstance(missing.json()["emailaddress"], list)  # model-state map by field

    siteless = post(
        http,
        hosted,
        "Users",
        [{"name": "Eve", "emailaddress": "eve@siteless.example", "client_id": 12}],
        headers=headers,
    )
    assert siteless.status_code == 400
    assert set(siteless.json()) == {"ClassName", "Message"}

    module = post(http, hosted, "Features", [{"module_name": "Billing"}], headers=headers)
    assert module.status_code == 400
    assert isinstance(module.json(), str)

    orphan = post(http, hosted, "Actions", [{"outcome_id": 3, "note": "x"}], headers=headers)
    assert orphan.status_code == 400
    assert orphan.json() == "An action must be associated with a ticket_id"

    not_array = post(http, hosted, "Status", {"name": "Single"}, headers=headers)
    assert not_array.status_code == 400
    assert isinstance(not_array.json(), str)

    nameless = post(http, hosted, "Supplier", [{"allow_api_access": True}], headers=headers)
    assert nameless.status_code == 400
    assert "name" in nameless.json()
    nameless_outcome = post(http, hosted, "Outcome", [{"buttonname": "X"}], headers=headers)
    assert "outcome" in nameless_outcome.json()


def test_users_get_their_site_from_the_customer(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    headers = bearer(http, hosted)
    client = post(
        http,
        hosted,
        "Client",
        [{"name": "Orange Tree", "newclient_sitename": "Main"}],
        headers=headers,
    ).json()
    assert "newclient_sitename" not in client
    sites = get(http, hosted, "Site", headers=headers, params={"client_id": client["id"]}).json()
    assert [s["name"] for s in sites["sites"]] == ["Main"]
    users = [
        {"name": "Fay", "emailaddress": "fay@orange.example", "client_id": client["id"]},
        {"name": "Gus", "emailaddress": "gus@orange.example", "site_id": sites["sites"][0]["id"]},
    ]
    saved = post(http, hosted, "Users", users, headers=headers, params={"returnall": "true"}).json()
    assert [u["site_id"] for u in saved] == [sites["sites"][0]["id"]] * 2
    assert [u["client_id"] for u in saved] == [client["id"]] * 2


def test_enabling_the_suppliers_module(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    saved = post(http, hosted, "Features", [{"id": 7, "enabled": True}], headers=headers).json()
    assert saved["enabled"] is True
    assert saved["module_name"] == c.SUPPLIERS_MODULE_NAME


def test_delete_returns_the_record(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    deleted = http.delete(f"{hosted.url}/api/Users/2", headers=headers)
    assert deleted.status_code == 200
    assert deleted.json()["name"] == "Bob Baker"
    assert get(http, hosted, "Users/2", headers=headers).status_code == 404
    assert http.delete(f"{hosted.url}/api/Users/2", headers=headers).status_code == 404


# ---- profiles: API access and "Authenticate connection" ------------------------------------------


def enable_api_access(
    http: httpx.Client, inst: SimulatedInstance, entity: str, record_id: int
) -> dict[str, Any]:
    response = post(http, inst, entity, [{"id": record_id, c.PROFILE_ALLOW_API_ACCESS: True}])
    assert response.status_code == 200, response.text
    saved: dict[str, Any] = response.json()
    return saved


def test_allow_api_access_issues_working_credentials(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    saved = enable_api_access(http, hosted, "Supplier", 5)
    client_id = saved[c.PROFILE_ISSUED_CLIENT_ID]
    secret = saved[c.PROFILE_ISSUED_CLIENT_SECRET]
    assert len(client_id) == 36 and client_id.count("-") == 4
    assert len(secret) >= 40
    shown = get(http, hosted, "Supplier/5").json()
    assert shown[c.PROFILE_ISSUED_CLIENT_SECRET] == secret
    # Saving again keeps the credentials.
    again = enable_api_access(http, hosted, "Supplier", 5)
    assert again[c.PROFILE_ISSUED_CLIENT_ID] == client_id
    headers = bearer(http, hosted, client_id=client_id, client_secret=secret, tenant="acme")
    assert get(http, hosted, "Status", headers=headers).status_code == 200

    post(http, hosted, "Supplier", [{"id": 5, c.PROFILE_ALLOW_API_ACCESS: False}])
    assert get(http, hosted, "Status", headers=headers).status_code == 401
    refused = token_response(http, hosted, client_id=client_id, client_secret=secret)
    assert refused.status_code == 401
    assert c.PROFILE_ISSUED_CLIENT_SECRET not in get(http, hosted, "Supplier/5").json()


def test_issued_credentials_survive_a_snapshot_round_trip(
    http: httpx.Client, hosted: SimulatedInstance, sim: Simulator
) -> None:
    saved = enable_api_access(http, hosted, "Client", 10)
    snapshot = hosted.snapshot()
    secret = saved[c.PROFILE_ISSUED_CLIENT_SECRET]
    assert secret not in json.dumps(snapshot["records"])
    assert secret in json.dumps(snapshot["simulator"])
    clone = sim.add(snapshot, name="clone")
    response = token_response(
        http, clone, client_id=saved[c.PROFILE_ISSUED_CLIENT_ID], client_secret=secret
    )
    assert response.status_code == 200


def connect_profiles(
    http: httpx.Client,
    customer_side: SimulatedInstance,
    supplier_side: SimulatedInstance,
    *,
    secret_override: str | None = None,
) -> httpx.Response:
    """Supplier profile 5 in customer_side holds the keys of customer 10 in supplier_side."""
    issued = enable_api_access(http, supplier_side, "Client", 10)
    secret = secret_override or issued[c.PROFILE_ISSUED_CLIENT_SECRET]
    profile = {
        "id": 5,
        c.PROFILE_ALLOW_API_ACCESS: True,
        c.PROFILE_REMOTE_API_URL: f"{supplier_side.url}/api",
        c.PROFILE_REMOTE_AUTH_URL: f"{supplier_side.url}/auth",
        c.PROFILE_REMOTE_TENANT: supplier_side.tenant,
        c.PROFILE_REMOTE_CLIENT_ID: issued[c.PROFILE_ISSUED_CLIENT_ID],
        c.PROFILE_REMOTE_CLIENT_SECRET_WRITE: secret,
    }
    assert post(http, customer_side, "Supplier", [profile]).status_code == 200
    return post(http, customer_side, "Supplier", [{"id": 5, c.PROFILE_TEST_TRIGGER: True}])


def test_authenticate_connection_between_two_instances(
    http: httpx.Client, hosted: SimulatedInstance, selfhosted: SimulatedInstance
) -> None:
    response = connect_profiles(http, selfhosted, hosted)
    assert response.status_code == 200
    body = response.json()
    assert body[c.PROFILE_VALIDATED] is True
    assert c.PROFILE_WARNING not in body
    assert c.PROFILE_TEST_TRIGGER not in body
    stored = get(http, selfhosted, "Supplier/5").json()
    assert stored[c.PROFILE_VALIDATED] is True
    assert c.PROFILE_TEST_TRIGGER not in stored
    assert hosted.stats.count("POST", "token") >= 2  # the wizard's and the profile's


def test_a_changed_connection_needs_authenticating_again(
    http: httpx.Client, hosted: SimulatedInstance, selfhosted: SimulatedInstance
) -> None:
    assert connect_profiles(http, selfhosted, hosted).json()[c.PROFILE_VALIDATED] is True
    unrelated = post(http, selfhosted, "Supplier", [{"id": 5, "name": "Renamed"}])
    assert unrelated.json()[c.PROFILE_VALIDATED] is True  # other fields leave it alone
    changed = post(
        http, selfhosted, "Supplier", [{"id": 5, c.PROFILE_REMOTE_CLIENT_SECRET_WRITE: "new"}]
    )
    assert changed.json()[c.PROFILE_VALIDATED] is False


def test_authenticate_connection_with_a_wrong_secret_fails(
    http: httpx.Client, hosted: SimulatedInstance, selfhosted: SimulatedInstance
) -> None:
    response = connect_profiles(http, selfhosted, hosted, secret_override="not-the-secret")
    assert response.status_code == 200
    body = response.json()
    assert body[c.PROFILE_VALIDATED] is False
    assert body[c.PROFILE_WARNING] == "Authentication failed: invalid_client"
    assert get(http, selfhosted, "Supplier/5").json()[c.PROFILE_VALIDATED] is False


def test_authenticate_connection_to_nowhere(
    http: httpx.Client, hosted: SimulatedInstance, sim: Simulator
) -> None:
    gone = sim.add(minimal_snapshot(tenant="gone"), name="gone")
    url = gone.url
    gone.stop()
    profile = {
        "id": 5,
        c.PROFILE_REMOTE_AUTH_URL: f"{url}/auth",
        c.PROFILE_REMOTE_CLIENT_ID: "x",
        c.PROFILE_REMOTE_CLIENT_SECRET_WRITE: "y",
        c.PROFILE_TEST_TRIGGER: True,
    }
    body = post(http, hosted, "Supplier", [profile]).json()
    assert body[c.PROFILE_VALIDATED] is False
    assert body[c.PROFILE_WARNING] == "Could not reach the authorisation server"


def test_authenticate_connection_with_a_wrong_tenant(
    http: httpx.Client, hosted: SimulatedInstance, sim: Simulator
) -> None:
    other = sim.add(minimal_snapshot(tenant="globex"), name="globex")
    issued = enable_api_access(http, other, "Client", 10)
    profile = {
        "id": 5,
        c.PROFILE_REMOTE_AUTH_URL: f"{other.url}/auth",
        c.PROFILE_REMOTE_TENANT: "acme",
        c.PROFILE_REMOTE_CLIENT_ID: issued[c.PROFILE_ISSUED_CLIENT_ID],
        c.PROFILE_REMOTE_CLIENT_SECRET_WRITE: issued[c.PROFILE_ISSUED_CLIENT_SECRET],
        c.PROFILE_TEST_TRIGGER: True,
    }
    body = post(http, hosted, "Supplier", [profile]).json()
    assert body[c.PROFILE_VALIDATED] is False
    assert "500" in body[c.PROFILE_WARNING]


# ---- rate limit ----------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_the_text(http: httpx.Client, sim: Simulator) -> None:
    inst = sim.add(minimal_snapshot(), rate_limit=(5, 60.0))
    headers = bearer(http, inst)  # request 1
    answers = [get(http, inst, "Status", headers=headers) for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert answers[-1].json() == {"error": c.RATE_LIMIT_TEXT}
    assert "700 Requests per rolling 5 minute window" in c.RATE_LIMIT_TEXT
    assert "Retry-After" not in answers[-1].headers
    inst.faults.retry_after = 2.5
    limited = get(http, inst, "Status", headers=headers)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "2.5"
    assert inst.stats.rate_limited == 2
    assert len(inst.stats.accepted_times) == 5
    assert inst.stats.total_requests == 7


# ---- faults --------------------------------------------------------------------------------------


def test_fault_error_rate(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    hosted.faults.error_rate = 1.0
    hosted.faults.error_codes = (503,)
    assert get(http, hosted, "Status", headers=headers).status_code == 503
    assert token_response(http, hosted).status_code == 503
    # authinfo is exempt from faults.
    assert http.get(f"{hosted.url}/api/authinfo").status_code == 200
    hosted.faults.error_codes = (500, 502, 504)
    codes = {get(http, hosted, "Status", headers=headers).status_code for _ in range(20)}
    assert codes <= {500, 502, 504}
    hosted.faults.error_rate = 0.0
    assert get(http, hosted, "Status", headers=headers).status_code == 200


def test_fault_drop_closes_without_an_answer(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    hosted.faults.drop_rate = 1.0
    with pytest.raises(httpx.RemoteProtocolError):
        get(http, hosted, "Status", headers=headers)
    hosted.faults.drop_rate = 0.0
    assert get(http, hosted, "Status", headers=headers).status_code == 200


def test_fault_drop_after_write_saves_the_record(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    headers = bearer(http, hosted)
    hosted.faults.drop_after_write_rate = 1.0
    with pytest.raises(httpx.RemoteProtocolError):
        post(http, hosted, "Status", [{"name": "Ghost", "type": 1}], headers=headers)
    # Reads and token requests are not record writes: they are answered.
    assert token_response(http, hosted).status_code == 200
    names = [s["name"] for s in get(http, hosted, "Status", headers=headers).json()]
    assert names.count("Ghost") == 1


def test_fault_malformed_body(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    hosted.faults.malformed_rate = 1.0
    response = get(http, hosted, "Users", headers=headers)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert response.text.startswith('{"record_count"')


def test_fault_burst_429(http: httpx.Client, hosted: SimulatedInstance) -> None:
    headers = bearer(http, hosted)
    hosted.faults.burst_429 = 2
    hosted.faults.retry_after = 1
    first, second, third = (get(http, hosted, "Status", headers=headers) for _ in range(3))
    assert first.status_code == second.status_code == 429
    assert first.headers["Retry-After"] == "1"
    assert first.json() == {"error": c.RATE_LIMIT_TEXT}
    assert third.status_code == 200
    assert hosted.faults.burst_429 == 0
    assert hosted.stats.rate_limited == 2


def test_fault_latency_makes_a_short_timeout_expire(hosted: SimulatedInstance) -> None:
    hosted.faults.latency = 0.5
    with httpx.Client(timeout=0.05, trust_env=False) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            impatient.get(f"{hosted.url}/api/Status")
        hosted.faults.latency = 0.0


def test_fault_token_lifetime_expires_tokens_early(
    http: httpx.Client, hosted: SimulatedInstance
) -> None:
    response = token_response(http, hosted)
    assert response.json()["expires_in"] == 3600
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    assert get(http, hosted, "Status", headers=headers).status_code == 200
    hosted.faults.token_lifetime = 0.0
    assert get(http, hosted, "Status", headers=headers).status_code == 401


def test_fault_seed_replays_the_same_sequence() -> None:
    def sequence(seed: int) -> list[bool]:
        faults = Faults(error_rate=0.5, seed=seed)
        return [faults.roll(faults.error_rate) for _ in range(40)]

    assert sequence(7) == sequence(7)
    assert sequence(7) != sequence(8)
    faults = Faults(error_rate=0.5, seed=1)
    first = [faults.roll(0.5) for _ in range(10)]
    faults.seed = 1
    assert [faults.roll(0.5) for _ in range(10)] == first
    assert Faults().roll(0.0) is False


# ---- snapshots ---------------------------------------------------------------------------------


def test_snapshot_round_trip_is_lossless() -> None:
    snapshot = minimal_snapshot()
    snapshot["records"]["Supplier"][0][c.PROFILE_ISSUED_CLIENT_ID] = (
        "3f0c5a8e-1111-2222-3333-abcdefabcdef"
    )
    snapshot["records"]["Supplier"][0][c.PROFILE_ALLOW_API_ACCESS] = True
    snapshot["simulator"]["profile_secrets"] = [
        {"entity": "Supplier", "id": 5, "client_secret": "issued-secret-" + "z" * 30}
    ]
    snapshot["simulator"]["write_only"] = [
        {
            "entity": "Supplier",
            "id": 5,
            "field": c.PROFILE_REMOTE_CLIENT_SECRET_WRITE,
            "value": "outbound-" + "q" * 30,
        }
    ]
    snapshot["extra_top_level"] = {"kept": True}
    original = copy.deepcopy(snapshot)
    assert InstanceState.from_snapshot(snapshot).to_snapshot() == original
    assert snapshot == original  # the input is not modified
    exported = {k: v for k, v in minimal_snapshot().items() if k != "simulator"}
    assert InstanceState.from_snapshot(exported).to_snapshot() == exported


def test_snapshot_after_writes_keeps_secrets_in_the_simulator_section(
    http: httpx.Client, hosted: SimulatedInstance, selfhosted: SimulatedInstance, tmp_path: Path
) -> None:
    connect_profiles(http, selfhosted, hosted)
    http.delete(f"{selfhosted.url}/api/Status/9", headers=bearer(http, selfhosted))
    snapshot = selfhosted.snapshot()
    state = selfhosted.state
    secrets = {app.client_secret for app in state.applications}
    secrets |= set(state.profile_secrets.values())
    secrets |= {v for fields in state.write_only.values() for v in fields.values()}
    assert len(secrets) >= 3
    outside = json.dumps({k: v for k, v in snapshot.items() if k != "simulator"})
    for secret in secrets:
        assert secret not in outside
    path = tmp_path / "instance.json"
    selfhosted.state.save_snapshot(path)
    reloaded = InstanceState.load_snapshot(path)
    assert reloaded.to_snapshot() == snapshot
    assert reloaded.next_ids["Status"] == 10  # a deleted id is not handed out again
    assert not list(tmp_path.glob(".*.tmp"))


# ---- cluster and runner ------------------------------------------------------------------------


def test_simulator_names_and_find(sim: Simulator) -> None:
    first = sim.add(minimal_snapshot(tenant="same"))
    second = sim.add(minimal_snapshot(tenant="same"))
    assert first.name == "same"
    assert second.name == "same-2"
    assert sim.find("SAME-2") is second
    assert sim.find("missing") is None
    assert second.running
    with pytest.raises(ValueError):
        sim.add(minimal_snapshot(), name="same")


def test_run_simulator_publishes_and_stops(
    tmp_path: Path, http: httpx.Client, capsys: pytest.CaptureFixture[str]
) -> None:
    info_path = tmp_path / "info.json"
    stop = threading.Event()
    published = threading.Event()
    codes: list[int] = []
    snapshots = [minimal_snapshot(tenant="one"), minimal_snapshot(hosted=False)]

    def run() -> None:
        codes.append(run_simulator(snapshots, info_path, stop))

    thread = threading.Thread(target=run)
    thread.start()
    try:
        for _ in range(200):
            if info_path.exists():
                published.set()
                break
            stop.wait(0.025)
        assert published.is_set()
        info = json.loads(info_path.read_text(encoding="utf-8"))["instances"]
        assert [i["tenant"] for i in info] == ["one", ""]
        assert info[0]["product"] == "HaloITSM"
        assert info[0]["version"] == "2.190.1"
        first = info[0]
        token = http.post(
            f"{first['url']}/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": first["client_id"],
                "client_secret": first["client_secret"],
                "scope": "all",
            },
        )
        assert token.status_code == 200
    finally:
        stop.set()
        thread.join(10)
    assert codes == [0]
    assert not info_path.exists()
    out = capsys.readouterr().out
    assert len([line for line in out.splitlines() if "http://127.0.0.1:" in line]) == 2
    assert out.count("/_console") == 2
    assert APP_CLIENT_SECRET not in out


def test_run_simulator_without_snapshots() -> None:
    assert run_simulator([], None, threading.Event()) == 2


def test_debug_log_holds_no_secrets(
    http: httpx.Client,
    hosted: SimulatedInstance,
    selfhosted: SimulatedInstance,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="halo_wizard.simulator"):
        connect_profiles(http, selfhosted, hosted)
        token = token_response(http, hosted).json()["access_token"]
    assert "token issued" in caplog.text
    issued = hosted.state.profile_secrets.values()
    for secret in (APP_CLIENT_SECRET, token, *issued):
        assert secret not in caplog.text
