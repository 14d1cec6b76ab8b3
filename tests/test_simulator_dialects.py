"""Dialects: each unknown about Halo answered each way (simulator.dialects), and Halo's own
screens (simulator.console) doing what the API cannot, in Python and over HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sim_fixtures import SimApi, minimal_snapshot
from sync_setup import Synced, synced_by_hand

from halo_wizard import cli
from halo_wizard.api import constants as c
from halo_wizard.simulator import (
    Dialect,
    DialectError,
    InstanceState,
    SimulatedInstance,
    Simulator,
    console,
    preset_names,
    run_simulator,
)
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.simulator.dialects import CUSTOMER, PRESETS, SUPPLIER

FAST = (100_000, 1.0)
NOTE = "A note that crosses over"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limit=FAST) as simulator:
        yield simulator


def northwind_rows(instance: SimulatedInstance, name: str) -> list[dict[str, Any]]:
    with instance.state.lock:
        record = next(r for r in instance.state.iter_records("Client") if r["name"] == name)
        return [dict(r) for r in record[c.MAPPING_STATUS]]


# ---- names -------------------------------------------------------------------------------------


def test_dialects_parse_combine_and_refuse_unknown_names() -> None:
    assert Dialect.parse("") == Dialect.parse("default") == Dialect()
    assert Dialect().is_default and Dialect().names() == []
    both = Dialect.parse("mapping-rows-reversed, secret-once")
    assert both.names() == ["mapping-rows-reversed", "secret-once"]
    assert Dialect.parse(["secret-once", "mapping-rows-reversed"]) == both
    assert both.rows_reversed and not both.secret_readable and both.secret_in_issuing_answer
    with pytest.raises(DialectError, match="valid names: default, mapping-rows-reversed"):
        Dialect.parse("rows-upside-down")
    with pytest.raises(DialectError, match="same unknown"):
        Dialect.parse("auth-reread,auth-manual")
    # Every preset answers an unknown of the constants with one of its answers.
    assert preset_names() == ["default", *PRESETS]
    keys = {u.key for u in c.UNKNOWNS}
    for name in PRESETS:
        dialect = Dialect.parse(name)
        assert dialect.names() == [name] and not dialect.is_default
    assert len(keys) == 6
    with pytest.raises(DialectError):
        Dialect(sync_values="1-is-both")


def test_the_snapshot_carries_the_dialect_and_add_overrides_it(sim: Simulator) -> None:
    snapshot = minimal_snapshot()
    snapshot["simulator"]["dialect"] = ["secret-hidden", "auth-manual"]
    state = InstanceState.from_snapshot(snapshot)
    assert state.dialect == Dialect.parse("secret-hidden,auth-manual")
    assert state.to_snapshot()["simulator"]["dialect"] == ["secret-hidden", "auth-manual"]
    added = sim.add(snapshot, dialect="sync-values-reversed")
    assert added.dialect.names() == ["sync-values-reversed"]
    assert sim.add(minimal_snapshot()).dialect.is_default
    assert "dialect" not in sim.add(minimal_snapshot()).snapshot()["simulator"]
    shared = InstanceState.from_snapshot(minimal_snapshot())
    instance = SimulatedInstance(shared, dialect=Dialect.parse("status-default-zero"))
    assert instance.dialect.status_type_default == 0


def test_simulate_command_rejects_unknown_dialects_with_the_valid_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["simulate", "--demo", "--dialect", "mapping-rows-reversed,nope"]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "status-default-zero" in err


def test_simulate_command_takes_repeated_and_comma_separated_dialects() -> None:
    args = cli.build_parser().parse_args(
        [
            "simulate",
            "--demo",
            "--dialect",
            "secret-once",
            "--dialect",
            "auth-reread,api-email-field",
        ]
    )
    assert Dialect.parse(args.dialect).names() == ["api-email-field", "secret-once", "auth-reread"]


@pytest.mark.parametrize("names", ["", "mapping-rows-reversed,api-email-field,status-default-zero"])
def test_a_demo_snapshot_laid_out_in_a_dialect_round_trips(names: str) -> None:
    for snapshot in demo_snapshots():
        first = InstanceState.from_snapshot(snapshot, Dialect.parse(names)).to_snapshot()
        assert InstanceState.from_snapshot(first).to_snapshot() == first
        assert first["simulator"]["screen_setup"] == snapshot["simulator"]["screen_setup"]


def test_run_simulator_publishes_each_instances_dialect(tmp_path: Path) -> None:
    info_path = tmp_path / "info.json"
    stop = threading.Event()
    dialect = Dialect.parse(["auth-manual", "secret-once"])
    codes: list[int] = []
    thread = threading.Thread(
        target=lambda: codes.append(
            run_simulator([minimal_snapshot()], info_path, stop, dialect=dialect)
        )
    )
    thread.start()
    try:
        for _ in range(400):
            if info_path.exists():
                break
            stop.wait(0.025)
        info = json.loads(info_path.read_text(encoding="utf-8"))["instances"][0]
        with httpx.Client(trust_env=False) as http:
            listed = http.get(info["console"]).json()
    finally:
        stop.set()
        thread.join(10)
    assert codes == [0]
    assert info["dialect"] == ["secret-once", "auth-manual"] == listed["dialect"]
    assert "press_authenticate_connection" in listed["operations"]


# ---- mapping-row-ids ---------------------------------------------------------------------------


def test_halos_screen_lays_the_demo_mapping_rows_out_per_dialect(sim: Simulator) -> None:
    snapshot = demo_snapshots()[1]
    usual = sim.add(snapshot)
    reversed_ = sim.add(snapshot, dialect="mapping-rows-reversed")
    awaiting = next(
        r["id"] for r in snapshot["records"]["Status"] if r["name"] == "Awaiting Customer Response"
    )
    row = {
        c.MAPROW_LOCAL_ID: awaiting,
        c.MAPROW_LOCAL_NAME: "Awaiting Customer Response",
        c.MAPROW_REMOTE_ID: "4",
        c.MAPROW_REMOTE_NAME: "Waiting on User",
    }
    assert row in northwind_rows(usual, "Harbourside Dental Group")
    flipped = {
        c.MAPROW_LOCAL_ID: 4,
        c.MAPROW_LOCAL_NAME: "Waiting on User",
        c.MAPROW_REMOTE_ID: str(awaiting),
        c.MAPROW_REMOTE_NAME: "Awaiting Customer Response",
    }
    assert flipped in northwind_rows(reversed_, "Harbourside Dental Group")
    # The option "Action/Ticket Type Default" is the dialect's value too.
    pinecrest = [r for r in snapshot["records"]["Client"] if r["name"] == "Pinecrest Academy Trust"]
    zero = sim.add(snapshot, dialect="status-default-zero")
    for instance, value in ((usual, -1), (zero, 0)):
        with instance.state.lock:
            assert instance.state.get("Client", pinecrest[0]["id"])[c.DEFAULT_STATUS] == value
    # A state laid out one way is laid out again the other way, in place.
    state = InstanceState.from_snapshot(snapshot)
    before = len(state.get("Client", pinecrest[0]["id"])[c.MAPPING_STATUS])
    state.use_dialect(Dialect.parse("mapping-rows-reversed"))
    rows = state.get("Client", pinecrest[0]["id"])[c.MAPPING_STATUS]
    assert len(rows) == before and state.to_snapshot()["simulator"]["dialect"] == [
        "mapping-rows-reversed"
    ]


def test_console_writes_mapping_rows_the_dialects_way(sim: Simulator) -> None:
    for dialect, expected in (
        (None, {"fiid": 2, "name": "In Progress", "thirdpartyname": "31", "friendly": "Working"}),
        (
            "mapping-rows-reversed",
            {"fiid": 31, "name": "Working", "thirdpartyname": "2", "friendly": "In Progress"},
        ),
    ):
        instance = sim.add(minimal_snapshot(), dialect=dialect)
        row = console.add_mapping(instance, "Supplier", 5, "status", 2, 31, "", "Working")
        assert row == {
            c.MAPROW_LOCAL_ID: expected["fiid"],
            c.MAPROW_LOCAL_NAME: expected["name"],
            c.MAPROW_REMOTE_ID: expected["thirdpartyname"],
            c.MAPROW_REMOTE_NAME: expected["friendly"],
        }
        assert console.mapped_local_id(instance, "Supplier", 5, "status", 31) == 2
        # The screen keeps one row per record of the other instance.
        console.add_mapping(instance, "Supplier", 5, "status", 1, 31, "New", "Working")
        assert console.mapped_local_id(instance, "Supplier", 5, "status", 31) == 1
        assert console.remove_mapping(instance, "Supplier", 5, "status", 31) == 1
        assert console.mapped_local_id(instance, "Supplier", 5, "status", 31) is None
    with pytest.raises(console.ConsoleError):
        console.add_mapping(instance, "Supplier", 5, "flavour", 1, 2)
    with pytest.raises(console.ConsoleError):
        console.add_mapping(instance, "Outcome", 3, "status", 1, 2)


# ---- ticket sync under each instance's own dialect -----------------------------------------------

PAIRS = {
    "contoso reversed": ("mapping-rows-reversed,sync-values-reversed,api-email-field", None),
    "northwind reversed": (None, "mapping-rows-reversed,sync-values-reversed,status-default-zero"),
}


@pytest.fixture(params=list(PAIRS))
def pair(request: pytest.FixtureRequest) -> Iterator[Synced]:
    contoso, northwind = PAIRS[request.param]
    with synced_by_hand(contoso, northwind) as synced:
        yield synced


def _linked(s: Synced) -> tuple[int, int]:
    client = s.a.named("Client", "Contoso Ltd")
    user = next(u for u in s.a.rows("Users", client_id=client["id"]) if u.get("emailaddress"))
    ticket = s.a.save(
        "Tickets",
        {
            "summary": "Scanner offline",
            "client_id": client["id"],
            "site_id": user["site_id"],
            "user_id": user["id"],
            "tickettype_id": s.a.named("TicketType", "Incident")["id"],
            "status_id": s.a.named("Status", "New")["id"],
        },
    )
    reply = s.a.post(
        "Actions",
        {
            "ticket_id": ticket["id"],
            "outcome_id": s.config.escalate,
            c.ACTION_SUPPLIER_ID: s.config.supplier_profile,
            "note": "Please look",
            c.ACTION_WHO_AGENT_ID: s.config.escalating_agent,
        },
    )
    assert reply.status_code == 200, reply.text
    return int(ticket["id"]), int(s.a.get("Tickets", ticket["id"])[c.TICKET_THIRD_PARTY_ID])


def test_each_instance_reads_its_own_rows_and_sync_numbers(pair: Synced) -> None:
    s = pair
    ours, theirs = _linked(s)
    # Northwind read its customer profile's ticket type and status rows its own way.
    ticket = s.b.get("Tickets", theirs)
    assert s.b.get("TicketType", ticket["tickettype_id"])["name"] == "Incident"
    assert s.b.get("Status", ticket["status_id"])["name"] == "New"
    # A supplier note (Northwind's numbering for Customer) arrives as Contoso's mapped action.
    assert s.b.save("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_note, "note": NOTE})
    arrived = [a for a in s.a.actions_on(ours) if a.get("note") == NOTE]
    assert [a["outcome_id"] for a in arrived] == [s.config.a_internal_note]
    # And back: Contoso's numbering for Supplier, Northwind's rows.
    s.a.save("Actions", {"ticket_id": ours, "outcome_id": s.config.a_note, "note": "back"})
    back = [a for a in s.b.actions_on(theirs) if a.get("note") == "back"]
    assert [a["outcome_id"] for a in back] == [s.config.b_internal_note]
    # Closing on the customer side closes the supplier's ticket through the mapped action.
    s.a.save("Actions", {"ticket_id": ours, "outcome_id": s.config.a_close, "note": "Done"})
    closed = s.b.get("Tickets", theirs)
    assert closed["status_id"] == c.CLOSED_STATUS_ID and closed[c.TICKET_HAS_BEEN_CLOSED] is True


def test_a_row_written_the_other_way_round_is_not_a_mapping(pair: Synced) -> None:
    s = pair
    ours, theirs = _linked(s)
    here = s.contoso if s.contoso.dialect.rows_reversed else s.northwind
    if here is s.contoso:
        api, entity, profile = s.a, "Supplier", s.config.supplier_profile
        remote, local, default = s.config.b_note, s.config.a_email_user, None
    else:
        api, entity, profile = s.b, "Client", s.config.customer_profile
        remote, local, default = s.config.a_note, s.config.b_close_ticket, None
    console.remove_mapping(here, entity, profile, "action", remote)
    # What a wizard that assumed the default layout would write through the API:
    wrong = Dialect().mapping_row(local, remote, "x", "y")
    api.save(entity, {"id": profile, c.MAPPING_ACTION: [wrong], c.DEFAULT_ACTION: default})
    if here is s.contoso:
        s.b.save("Actions", {"ticket_id": theirs, "outcome_id": remote, "note": NOTE})
        assert not [a for a in s.a.actions_on(ours) if a.get("note") == NOTE]
    else:
        s.a.save("Actions", {"ticket_id": ours, "outcome_id": remote, "note": NOTE})
        assert not [a for a in s.b.actions_on(theirs) if a.get("note") == NOTE]
    log = s.contoso.state.sync_log + s.northwind.state.sync_log
    assert any(e["event"] == "not added" for e in log)


def test_sync_values_reversed_swaps_supplier_and_customer(sim: Simulator) -> None:
    usual = sim.add(minimal_snapshot())
    swapped = sim.add(minimal_snapshot(), dialect="sync-values-reversed")
    assert console.set_send_to_connected_instance(usual, 3, SUPPLIER) == 1
    assert console.set_send_to_connected_instance(swapped, 3, SUPPLIER) == 2
    assert console.set_send_to_connected_instance(swapped, 4, CUSTOMER) == 1
    assert console.set_send_to_connected_instance(swapped, 17, "No") == 0
    with swapped.state.lock:
        outcome = swapped.state.get("Outcome", 3)
        assert outcome[c.SYNC_TO_HALO] == 2 and outcome["default_send_to_halo"] is True
    assert swapped.dialect.sync_party(1) == CUSTOMER and usual.dialect.sync_party(1) == SUPPLIER
    with pytest.raises(console.ConsoleError):
        console.set_send_to_connected_instance(usual, 3, "Both")


def test_a_sync_value_read_the_wrong_way_sends_to_the_wrong_party(pair: Synced) -> None:
    s = pair
    ours, theirs = _linked(s)
    # Contoso's Supplier number of the other dialect: the action goes nowhere (no customer link).
    other_way = 2 if s.a.sync_value(SUPPLIER) == 1 else 1
    s.a.save(
        "Actions",
        {"ticket_id": ours, "outcome_id": s.config.a_note, "note": NOTE, c.SYNC_TO_HALO: other_way},
    )
    assert not [a for a in s.b.actions_on(theirs) if a.get("note") == NOTE]
    assert any(
        "customer has no connection" in str(e.get("reason")) for e in s.contoso.state.sync_log
    )


# ---- api-email-field ---------------------------------------------------------------------------


def test_the_api_email_setting_is_private_by_default(sim: Simulator) -> None:
    api = SimApi(sim.add(minimal_snapshot()))
    try:
        console.tick_api_email_setting(api.instance, 4)
        assert console.api_email_setting(api.instance, 4) is True
        assert c.API_EMAIL_SETTING_CANDIDATE not in api.ok("Outcome/4", includedetails="true")
        api.saved("Outcome", {"id": 4, c.API_EMAIL_SETTING_CANDIDATE: False})
        assert console.api_email_setting(api.instance, 4) is True  # unwritable through the API
        sim_section = api.instance.snapshot()["simulator"]
        assert sim_section["api_email_settings"] == [{"outcome_id": 4, "on": True}]
    finally:
        api.close()


def test_api_email_field_is_readable_and_writable(sim: Simulator) -> None:
    snapshot = demo_snapshots()[1]
    ticked = [e["outcome_id"] for e in snapshot["simulator"]["api_email_settings"] if e["on"]]
    api = SimApi(sim.add(snapshot, dialect="api-email-field"))
    try:
        field = c.API_EMAIL_SETTING_CANDIDATE
        assert api.ok(f"Outcome/{ticked[0]}")[field] is True
        listed = next(r for r in api.ok("Outcome") if r["id"] == ticked[0])
        assert field not in listed  # the live /Outcome row has no such key
        saved = api.saved("Outcome", {"id": ticked[0], field: False})
        assert saved[field] is False and console.api_email_setting(api.instance, ticked[0]) is False
        console.tick_api_email_setting(api.instance, ticked[0])
        assert api.ok(f"Outcome/{ticked[0]}")[field] is True
    finally:
        api.close()


def test_sync_honours_the_api_email_field() -> None:
    with synced_by_hand(*PAIRS["contoso reversed"]) as s:
        _email_through_the_field(s)


def _email_through_the_field(s: Synced) -> None:
    assert s.contoso.dialect.api_email_field_name == c.API_EMAIL_SETTING_CANDIDATE
    ours, theirs = _linked(s)
    field = c.API_EMAIL_SETTING_CANDIDATE
    assert s.a.get("Outcome", s.config.a_email_user)[field] is True  # set up in Halo's screen
    s.a.save("Outcome", {"id": s.config.a_email_user, field: False})  # ...and off via the API
    s.b.save("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_email, "note": NOTE})
    arrived = [a for a in s.a.action_details(ours) if a.get("note") == NOTE]
    assert arrived and arrived[0][c.ACTION_SEND_EMAIL] is False
    s.a.save("Outcome", {"id": s.config.a_email_user, field: True})
    s.b.save("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_email, "note": "again"})
    assert [e["body"] for e in s.contoso.state.outgoing_emails] == ["again"]


# ---- issued-secret -----------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", [None, "secret-once", "secret-hidden"])
def test_where_the_issued_secret_can_be_read(sim: Simulator, dialect: str | None) -> None:
    api = SimApi(sim.add(minimal_snapshot(), dialect=dialect))
    try:
        first = api.saved("Supplier", {"id": 5, c.PROFILE_ALLOW_API_ACCESS: True})
        later = api.ok("Supplier/5", includedetails="true")
        again = api.saved("Supplier", {"id": 5, "name": "Parts Depot Ltd"})
        shown = console.shown_issued_secret(api.instance, "Supplier", 5)
        assert len(shown) >= 40
        in_first = first.get(c.PROFILE_ISSUED_CLIENT_SECRET)
        in_later = later.get(c.PROFILE_ISSUED_CLIENT_SECRET)
        in_again = again.get(c.PROFILE_ISSUED_CLIENT_SECRET)
        if dialect is None:
            assert in_first == in_later == in_again == shown
        elif dialect == "secret-once":
            assert in_first == shown and in_later is None and in_again is None
        else:
            assert in_first is None and in_later is None and in_again is None
        # The screen's secret works whatever the API showed.
        client_id = later[c.PROFILE_ISSUED_CLIENT_ID]
        profile = SimApi(api.instance, client_id=client_id, client_secret=shown)
        profile.close()
    finally:
        api.close()


# ---- authenticate-connection --------------------------------------------------------------------


def _connect(api: SimApi, other: SimulatedInstance, secret: str | None = None) -> None:
    other_api = SimApi(other)
    try:
        issued = other_api.saved("Client", {"id": 10, c.PROFILE_ALLOW_API_ACCESS: True})
    finally:
        other_api.close()
    api.saved(
        "Supplier",
        {
            "id": 5,
            c.PROFILE_REMOTE_API_URL: other.api_url,
            c.PROFILE_REMOTE_AUTH_URL: other.auth_url,
            c.PROFILE_REMOTE_TENANT: other.tenant,
            c.PROFILE_REMOTE_CLIENT_ID: issued[c.PROFILE_ISSUED_CLIENT_ID],
            c.PROFILE_REMOTE_CLIENT_SECRET_WRITE: secret
            or console.shown_issued_secret(other, "Client", 10),
        },
    )


def test_auth_reread_answers_nothing_and_the_profile_shows_the_result(sim: Simulator) -> None:
    other = sim.add(minimal_snapshot(tenant="other"))
    api = SimApi(sim.add(minimal_snapshot(), dialect="auth-reread"))
    try:
        _connect(api, other)
        answer = api.saved("Supplier", {"id": 5, c.PROFILE_TEST_TRIGGER: True})
        assert c.PROFILE_VALIDATED not in answer and c.PROFILE_WARNING not in answer
        assert api.ok("Supplier/5")[c.PROFILE_VALIDATED] is True
        _connect(api, other, secret="not-the-secret")
        answer = api.saved("Supplier", {"id": 5, c.PROFILE_TEST_TRIGGER: True})
        assert c.PROFILE_VALIDATED not in answer and c.PROFILE_WARNING not in answer
        reread = api.ok("Supplier/5")
        assert reread[c.PROFILE_VALIDATED] is False and c.PROFILE_WARNING not in reread
    finally:
        api.close()


def test_auth_manual_ignores_the_flag_and_only_the_button_authenticates(sim: Simulator) -> None:
    other = sim.add(minimal_snapshot(tenant="other"))
    api = SimApi(sim.add(minimal_snapshot(), dialect="auth-manual"))
    try:
        _connect(api, other)
        tokens_before = other.stats.count("POST", "token")
        answer = api.saved("Supplier", {"id": 5, c.PROFILE_TEST_TRIGGER: True})
        assert answer[c.PROFILE_VALIDATED] is False
        assert api.ok("Supplier/5")[c.PROFILE_VALIDATED] is False
        assert other.stats.count("POST", "token") == tokens_before  # nothing was tried
        assert console.press_authenticate_connection(api.instance, "Supplier", 5) == (True, "")
        assert api.ok("Supplier/5")[c.PROFILE_VALIDATED] is True
        _connect(api, other, secret="not-the-secret")
        ok, reason = console.press_authenticate_connection(api.instance, "Supplier", 5)
        assert not ok and reason == "Authentication failed: invalid_client"
    finally:
        api.close()


# ---- status-action-default ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "option", "invalid"), [(None, -1, 0), ("status-default-zero", 0, -1)]
)
def test_the_type_default_option_is_the_dialects_value(
    sim: Simulator, dialect: str | None, option: int, invalid: int
) -> None:
    api = SimApi(sim.add(minimal_snapshot(), dialect=dialect))
    try:
        assert console.set_default_status_action_default(api.instance, "Client", 10) == option
        assert api.ok("Client/10")[c.DEFAULT_STATUS] == option
        shown = console.shown_default_status(api.instance, "Client", 10)
        assert shown == console.TYPE_DEFAULT_TEXT
        api.saved("Client", {"id": 10, c.DEFAULT_STATUS: invalid})
        assert console.shown_default_status(api.instance, "Client", 10) == ""  # no valid value
        api.saved("Client", {"id": 10, c.DEFAULT_STATUS: 2})
        assert console.shown_default_status(api.instance, "Client", 10) == "In Progress"
    finally:
        api.close()


def test_status_default_zero_in_a_new_ticket(pair: Synced) -> None:
    s = pair
    option = s.northwind.dialect.status_type_default
    other = -1 if option == 0 else 0
    project = s.b.named("TicketType", "Project Task")
    for value, reason in ((option, "Action/Ticket Type Default"), (other, "no valid value")):
        s.b.save(
            "Client",
            {
                "id": s.config.customer_profile,
                c.MAPPING_STATUS: [],
                c.DEFAULT_STATUS: value,
                c.MAPPING_TICKET_TYPE: [],
                c.DEFAULT_TICKET_TYPE: project["id"],
            },
        )
        _, theirs = _linked(s)
        ticket = s.b.get("Tickets", theirs)
        assert ticket["status_id"] == s.b.get("TicketType", project["id"])["initial_status"]
        logged = [e for e in s.northwind.state.sync_log if e["event"] == "ticket logged"]
        assert reason in logged[-1]["status"]


# ---- the console over HTTP -----------------------------------------------------------------------


def test_console_over_http_needs_no_token_and_is_not_rate_limited(sim: Simulator) -> None:
    other = sim.add(minimal_snapshot(tenant="other"))
    instance = sim.add(
        minimal_snapshot(), rate_limit=(2, 60.0), dialect="auth-manual,secret-hidden"
    )
    with httpx.Client(base_url=f"{instance.url}/_console", trust_env=False) as http:

        def op(name: str, **body: Any) -> httpx.Response:
            return http.post(f"/{name}", json=body)

        listed = http.get("").json()
        assert listed["dialect"] == ["secret-hidden", "auth-manual"]
        assert set(listed["operations"]) == set(console.OPERATIONS)
        assert op("tick_api_email_setting", outcome_id=4, on=True).json() == {
            "ok": True,
            "value": None,
        }
        assert op("api_email_setting", outcome_id=4).json()["value"] is True
        party = op("set_send_to_connected_instance", outcome_id=3, party="Customer")
        assert party.json()["value"] == c.SYNC_CUSTOMER
        row = op(
            "add_mapping",
            profile_entity="Supplier",
            profile_id=5,
            kind="status",
            local_id=2,
            remote_id=44,
            remote_name="Working",
        ).json()["row"]
        assert row[c.MAPROW_LOCAL_ID] == 2 and row[c.MAPROW_LOCAL_NAME] == "In Progress"
        default = op("set_default_status_action_default", profile_entity="Supplier", profile_id=5)
        assert default.json()["value"] == -1
        # Issue credentials the API never shows (secret-hidden), copy them from the screen.
        for _ in range(3):  # past the instance's rate limit of 2: the console is exempt
            with instance.state.lock:
                instance.state.get("Client", 10)[c.PROFILE_ALLOW_API_ACCESS] = True
                instance.state.issue_profile_credentials("Client", 10)
            shown = op("shown_issued_secret", profile_entity="Client", profile_id=10).json()
        assert len(shown["secret"]) >= 40
        assert op("nothing_like_it").status_code == 404
        assert (
            op(
                "add_mapping",
                profile_entity="Supplier",
                profile_id=999,
                kind="status",
                local_id=1,
                remote_id=1,
            ).status_code
            == 400
        )
        assert op("add_mapping", profile_entity="Supplier").status_code == 400
        assert http.post("/tick_api_email_setting", content=b"[1]").status_code == 400
        assert http.get("/tick_api_email_setting").status_code == 405
        # Pressing the button over HTTP, after the profile holds the other's credentials.
        other_api = SimApi(other)
        try:
            issued = other_api.saved("Client", {"id": 10, c.PROFILE_ALLOW_API_ACCESS: True})
        finally:
            other_api.close()
        with instance.state.lock:
            record = instance.state.get("Supplier", 5)
            record[c.PROFILE_REMOTE_AUTH_URL] = other.auth_url
            record[c.PROFILE_REMOTE_TENANT] = other.tenant
            record[c.PROFILE_REMOTE_CLIENT_ID] = issued[c.PROFILE_ISSUED_CLIENT_ID]
        secret = issued[c.PROFILE_ISSUED_CLIENT_SECRET]
        with instance.state.lock:
            instance.state.set_write_only(
                "Supplier", 5, c.PROFILE_REMOTE_CLIENT_SECRET_WRITE, secret
            )
        pressed = op("press_authenticate_connection", profile_entity="Supplier", profile_id=5)
        assert pressed.json() == {"ok": True, "reason": ""}
    assert instance.stats.rate_limited == 0
    with instance.state.lock:
        assert instance.state.get("Supplier", 5)[c.PROFILE_VALIDATED] is True
