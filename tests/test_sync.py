"""Ticket sync between two simulated instances, as product.md's "How an instance behaves during
sync" describes it: each instance calls the other over HTTP with its profile's credentials. The
instances are set up by hand (Halo's screens and the API, no wizard: sync_setup.synced_by_hand)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sync_setup import (
    CUSTOMER_CLIENT,
    ESCALATING_AGENT_EMAIL,
    Synced,
    map_actions,
    synced_by_hand,
    unmap_action,
)

from halo_wizard.api import constants as C
from halo_wizard.simulator import console, sync
from halo_wizard.simulator.dialects import CUSTOMER, SUPPLIER

NOTE = "Checked the logs on our side"


@pytest.fixture
def s() -> Iterator[Synced]:
    with synced_by_hand() as synced:
        synced.contoso.state.sync_settings.email_timeout_delay = 0.005
        synced.northwind.state.sync_settings.email_timeout_delay = 0.005
        yield synced


def new_ticket(s: Synced, summary: str = "Printer on the second floor is offline") -> int:
    client = s.a.named("Client", CUSTOMER_CLIENT)
    user = next(
        u
        for u in s.a.rows("Users", client_id=client["id"])
        if u.get("emailaddress") and not u.get("inactive")
    )
    ticket = s.a.save(
        "Tickets",
        {
            "summary": summary,
            "details": "It shows an error light.",
            "client_id": client["id"],
            "site_id": user["site_id"],
            "user_id": user["id"],
            "tickettype_id": s.a.named("TicketType", "Incident")["id"],
            "status_id": s.a.named("Status", "New")["id"],
        },
    )
    return int(ticket["id"])


def escalate(s: Synced, ticket_id: int, **extra: Any) -> httpx.Response:
    return s.a.post(
        "Actions",
        {
            "ticket_id": ticket_id,
            "outcome_id": s.config.escalate,
            C.ACTION_SUPPLIER_ID: s.config.supplier_profile,
            "note": "Please have a look at this one",
            C.ACTION_WHO_AGENT_ID: s.config.escalating_agent,
            **extra,
        },
    )


def linked(s: Synced) -> tuple[int, int]:
    ticket_id = new_ticket(s)
    reply = escalate(s, ticket_id)
    assert reply.status_code == 200, reply.text
    return ticket_id, int(s.a.get("Tickets", ticket_id)[C.TICKET_THIRD_PARTY_ID])


def with_note(rows: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    return [r for r in rows if text in str(r.get("note") or "")]


def status_name(api: Any, status_id: int) -> str:
    return str(api.get("Status", status_id)["name"])


# ---- Logging to the supplier -------------------------------------------------------------------


def test_log_to_supplier_creates_the_ticket_under_the_calling_customer(s: Synced) -> None:
    ticket_id = new_ticket(s)
    before = len(s.b.rows("Tickets"))

    reply = escalate(s, ticket_id)

    assert reply.status_code == 200, reply.text
    action = reply.json()
    assert action[C.ACTION_SENT_TO_API_URL] == f"{s.northwind.api_url}/Tickets"
    ticket = s.a.get("Tickets", ticket_id)
    assert ticket[C.TICKET_SUPPLIER_ID] == s.config.supplier_profile
    assert status_name(s.a, ticket["status_id"]) == "With Supplier"
    assert len(s.b.rows("Tickets")) == before + 1
    theirs = s.b.get("Tickets", ticket[C.TICKET_THIRD_PARTY_ID])
    assert theirs[C.TICKET_THIRD_PARTY_ID] == ticket_id
    assert theirs["client_id"] == s.config.customer_profile
    user = s.b.get("Users", theirs["user_id"])
    assert user["emailaddress"].casefold() == ESCALATING_AGENT_EMAIL
    assert theirs["summary"] == ticket["summary"]
    assert "Please have a look at this one" in theirs["details"]
    assert "Supplier Ticket" in theirs["details"]  # the e-mail template's text comes along
    assert s.b.get("TicketType", theirs["tickettype_id"])["name"] == "Incident"
    assert status_name(s.b, theirs["status_id"]) == "New"


@pytest.mark.parametrize("default", ["type default", "explicit"])
def test_an_unmapped_status_takes_the_profile_default(s: Synced, default: str) -> None:
    assigned = s.b.named("Status", "Assigned")["id"]
    value = s.northwind.dialect.status_type_default if default == "type default" else assigned
    s.b.save(
        "Client", {"id": s.config.customer_profile, C.MAPPING_STATUS: [], C.DEFAULT_STATUS: value}
    )
    _, theirs = linked(s)
    ticket = s.b.get("Tickets", theirs)
    if default == "type default":
        incident = s.b.get("TicketType", ticket["tickettype_id"])
        assert ticket["status_id"] == incident["initial_status"]
    else:
        assert ticket["status_id"] == assigned


def test_an_unmapped_ticket_type_takes_the_default_type(s: Synced) -> None:
    project = s.b.named("TicketType", "Project Task")["id"]
    s.b.save(
        "Client",
        {
            "id": s.config.customer_profile,
            C.MAPPING_TICKET_TYPE: [],
            C.DEFAULT_TICKET_TYPE: project,
        },
    )
    _, theirs = linked(s)
    assert s.b.get("Tickets", theirs)["tickettype_id"] == project


def test_an_agent_who_is_no_end_user_there_logs_a_ticket_without_customer(s: Synced) -> None:
    api_agent = next(
        r["id"] for r in s.a.rows("Agent", includeapiagents="true") if r.get("isapiagent")
    )
    ticket_id = new_ticket(s)
    assert escalate(s, ticket_id, **{C.ACTION_WHO_AGENT_ID: api_agent}).status_code == 200
    theirs = s.b.get("Tickets", s.a.get("Tickets", ticket_id)[C.TICKET_THIRD_PARTY_ID])
    assert "client_id" not in theirs and "user_id" not in theirs

    # Updates from the supplier side then have nowhere to go: no error, nothing arrives.
    reply = s.b.post(
        "Actions", {"ticket_id": theirs["id"], "outcome_id": s.config.b_note, "note": NOTE}
    )
    assert reply.status_code == 200
    assert C.ACTION_SENT_TO_API_URL not in reply.json()
    assert not with_note(s.a.actions_on(ticket_id), NOTE)
    assert any(
        e["event"] == "not sent" and "customer has no connection" in e["reason"]
        for e in s.northwind.state.sync_log
    )


def test_an_agent_known_under_another_customer_gets_that_customer(s: Synced) -> None:
    other = next(r for r in s.b.rows("Client") if r["id"] != s.config.customer_profile)
    agent = s.a.get("Agent", s.config.escalating_agent)
    stranger = next(
        a
        for a in s.a.rows("Agent", withemail="true")
        if a.get("email") and a["id"] != agent["id"] and not a.get("isdisabled")
    )
    for user in s.b.rows("Users"):
        if str(user.get("emailaddress", "")).casefold() == stranger["email"].casefold():
            s.b.http.delete(f"/Users/{user['id']}")
    s.b.save(
        "Users",
        {"name": stranger["name"], "emailaddress": stranger["email"], "client_id": other["id"]},
    )
    ticket_id = new_ticket(s)
    assert escalate(s, ticket_id, **{C.ACTION_WHO_AGENT_ID: stranger["id"]}).status_code == 200
    theirs = s.b.get("Tickets", s.a.get("Tickets", ticket_id)[C.TICKET_THIRD_PARTY_ID])
    assert theirs["client_id"] == other["id"]


def test_a_filled_supplier_ref_fails_and_keeps_nothing(s: Synced) -> None:
    ticket_id = new_ticket(s)
    tickets_there = len(s.b.rows("Tickets"))

    reply = escalate(s, ticket_id, **{C.ACTION_SUPPLIER_REF: "SR-1042"})

    assert reply.status_code == 400
    assert reply.json() == (
        "Failed to Update ticket in Supplier's Instance- Badrequest - "
        "An action must be associated with a ticket_id"
    )
    # The supplier's instance answered the 400 itself.
    assert any(e["reason"] == sync.NO_TICKET for e in s.northwind.state.sync_log)
    assert len(s.b.rows("Tickets")) == tickets_there
    assert s.a.actions_on(ticket_id) == []
    ticket = s.a.get("Tickets", ticket_id)
    assert status_name(s.a, ticket["status_id"]) == "New"
    assert C.TICKET_THIRD_PARTY_ID not in ticket


def test_supplier_id_and_supplierref_are_not_action_fields(s: Synced) -> None:
    # Schema Actions (2.236) has new_supplier_id / new_supplier_ref, not these two.
    ticket_id = new_ticket(s)
    tickets_there = len(s.b.rows("Tickets"))
    reply = s.a.post(
        "Actions",
        {
            "ticket_id": ticket_id,
            "outcome_id": s.config.escalate,
            "supplier_id": s.config.supplier_profile,
            "note": "Which supplier?",
        },
    )
    assert reply.status_code == 200, reply.text
    assert C.ACTION_SENT_TO_API_URL not in reply.json()
    assert C.TICKET_THIRD_PARTY_ID not in s.a.get("Tickets", ticket_id)
    assert len(s.b.rows("Tickets")) == tickets_there
    # An old-style supplierref next to new_supplier_id is no Supplier Ref: the log goes through.
    assert escalate(s, ticket_id, supplierref="SR-1042").status_code == 200
    assert len(s.b.rows("Tickets")) == tickets_there + 1


@pytest.mark.parametrize("wrong", ["secret", "tenant", "not authenticated"])
def test_wrong_credentials_fail_the_log(s: Synced, wrong: str) -> None:
    profile = s.config.supplier_profile
    if wrong == "secret":
        s.a.save("Supplier", {"id": profile, C.PROFILE_REMOTE_CLIENT_SECRET_WRITE: "not-it"})
    elif wrong == "tenant":
        s.a.save("Supplier", {"id": profile, C.PROFILE_REMOTE_TENANT: "someone-else"})
    else:
        with s.contoso.state.lock:
            s.contoso.state.get("Supplier", profile)[C.PROFILE_VALIDATED] = False
    ticket_id = new_ticket(s)
    tickets_there = len(s.b.rows("Tickets"))

    reply = escalate(s, ticket_id)

    assert reply.status_code == 400
    assert reply.json() == (
        "Failed to log to Supplier's Instance - BadRequest - This functionality is not supported"
    )
    assert len(s.b.rows("Tickets")) == tickets_there
    assert s.a.actions_on(ticket_id) == []


def test_tickets_can_only_be_created_in_the_suppliers_instance(s: Synced) -> None:
    # Northwind calling Contoso with the credentials Contoso's supplier profile issued.
    profile = s.a.get("Supplier", s.config.supplier_profile)
    token = httpx.post(
        f"{s.contoso.auth_url}/token",
        params={"tenant": s.contoso.tenant},
        data={
            "grant_type": "client_credentials",
            "client_id": profile[C.PROFILE_ISSUED_CLIENT_ID],
            "client_secret": profile[C.PROFILE_ISSUED_CLIENT_SECRET],
            "scope": "all",
        },
        trust_env=False,
    ).json()["access_token"]
    before = len(s.a.rows("Tickets"))
    reply = httpx.post(
        f"{s.contoso.api_url}/Tickets",
        json=[{"summary": "From the MSP"}],
        headers={"Authorization": f"Bearer {token}"},
        trust_env=False,
    )
    assert reply.status_code == 400
    assert reply.json() == sync.NOT_SUPPORTED
    assert len(s.a.rows("Tickets")) == before


# ---- Synced actions ----------------------------------------------------------------------------


def test_a_note_from_the_supplier_arrives_as_the_mapped_action(s: Synced) -> None:
    ours, theirs = linked(s)
    reply = s.b.post("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_note, "note": NOTE})
    assert reply.status_code == 200, reply.text
    assert reply.json()[C.ACTION_SENT_TO_API_URL] == f"{s.contoso.api_url}/Actions"
    arrived = with_note(s.a.actions_on(ours), NOTE)
    assert [a["outcome_id"] for a in arrived] == [s.config.a_internal_note]
    assert arrived[0][C.ACTION_HIDDEN_FROM_USER] is True
    assert C.ACTION_SENT_TO_API_URL not in arrived[0]  # it arrived; it was not sent on


def test_a_note_from_the_customer_arrives_as_the_mapped_action(s: Synced) -> None:
    ours, theirs = linked(s)
    reply = s.a.post("Actions", {"ticket_id": ours, "outcome_id": s.config.a_note, "note": NOTE})
    assert reply.status_code == 200, reply.text
    assert reply.json()[C.ACTION_SENT_TO_API_URL] == f"{s.northwind.api_url}/Actions"
    arrived = with_note(s.b.actions_on(theirs), NOTE)
    assert [a["outcome_id"] for a in arrived] == [s.config.b_internal_note]


def test_the_agent_chooses_where_an_action_goes(s: Synced) -> None:
    ours, theirs = linked(s)
    # An action that does not sync by default, sent to the customer by the agent's choice.
    add_note = s.b.named("Outcome", "Add Note", field="outcome")["id"]
    reply = s.b.post(
        "Actions",
        {
            "ticket_id": theirs,
            "outcome_id": add_note,
            "note": NOTE,
            C.SYNC_TO_HALO: s.b.sync_value(CUSTOMER),
        },
    )
    assert reply.status_code == 200
    assert len(with_note(s.a.actions_on(ours), NOTE)) == 1
    # And a syncing action kept at home by the agent's choice.
    reply = s.b.post(
        "Actions",
        {"ticket_id": theirs, "outcome_id": s.config.b_note, "note": "home", C.SYNC_TO_HALO: 0},
    )
    assert reply.status_code == 200
    assert C.ACTION_SENT_TO_API_URL not in reply.json()
    assert not with_note(s.a.actions_on(ours), "home")


def test_an_unmapped_action_arrives_as_the_default_action(s: Synced) -> None:
    ours, theirs = linked(s)
    unmap_action(s.a, "Supplier", s.config.supplier_profile, s.config.b_note)
    default = s.a.get("Supplier", s.config.supplier_profile)[C.DEFAULT_ACTION]
    s.b.save("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_note, "note": NOTE})
    assert [a["outcome_id"] for a in with_note(s.a.actions_on(ours), NOTE)] == [default]


def test_unmapped_without_a_default_does_not_arrive_and_shows_no_error(s: Synced) -> None:
    ours, theirs = linked(s)
    unmap_action(s.a, "Supplier", s.config.supplier_profile, s.config.b_note)
    s.a.save("Supplier", {"id": s.config.supplier_profile, C.DEFAULT_ACTION: None})
    reply = s.b.post("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_note, "note": NOTE})
    assert reply.status_code == 200
    assert C.ACTION_SENT_TO_API_URL not in reply.json()  # the guide's sign that it did not sync
    assert not with_note(s.a.actions_on(ours), NOTE)
    assert any(e["event"] == "not added" for e in s.contoso.state.sync_log)


def test_a_mapped_action_the_workflow_does_not_allow_fails(s: Synced) -> None:
    ours, theirs = linked(s)
    approve = s.a.named("Outcome", "Approve", field="outcome")["id"]  # not in Incident's workflow
    map_actions(s.a, "Supplier", s.config.supplier_profile, {s.config.b_note: approve})
    reply = s.b.post("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_note, "note": NOTE})
    assert reply.status_code == 400
    assert reply.json() == (
        "Failed to update ticket in Client's Instance - BadRequest - "
        "You do not have access to this action at the moment"
    )
    assert not with_note(s.b.actions_on(theirs), NOTE)  # the agent's action was not kept
    assert not with_note(s.a.actions_on(ours), NOTE)


def test_an_email_action_mapped_to_an_email_action_times_out(s: Synced) -> None:
    ours, theirs = linked(s)
    s.b.save("Outcome", {"id": s.config.b_email, "sendemail": C.SENDEMAIL_YES})
    reply = s.b.post("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_email, "note": NOTE})
    assert reply.status_code == 400
    assert (
        reply.json() == "Failed to update ticket in Client's Instance - Timeout - " + sync.TIMED_OUT
    )
    assert not with_note(s.a.actions_on(ours), NOTE)
    assert not with_note(s.b.actions_on(theirs), NOTE)
    assert s.contoso.state.outgoing_emails == []


def test_an_indirect_email_is_sent_only_when_the_api_email_setting_is_on(s: Synced) -> None:
    ours, theirs = linked(s)
    user = s.a.get("Users", s.a.get("Tickets", ours)["user_id"])
    s.b.save("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_email, "note": NOTE})
    arrived = with_note(s.a.action_details(ours), NOTE)
    assert [a["outcome_id"] for a in arrived] == [s.config.a_email_user]
    assert arrived[0][C.ACTION_SEND_EMAIL] is True
    assert arrived[0][C.ACTION_EMAIL_TO] == user["emailaddress"]
    emails = s.contoso.state.outgoing_emails
    assert [(e["to"], e["body"]) for e in emails] == [(user["emailaddress"], NOTE)]
    assert s.northwind.state.outgoing_emails == []

    console.tick_api_email_setting(s.contoso, s.config.a_email_user, on=False)
    s.b.save("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_email, "note": "again"})
    arrived = with_note(s.a.action_details(ours), "again")
    assert arrived and arrived[0][C.ACTION_SEND_EMAIL] is False
    assert len(s.contoso.state.outgoing_emails) == 1


def test_an_email_action_posted_by_an_application_sends_when_asked(s: Synced) -> None:
    ticket_id = new_ticket(s)
    s.a.save("Actions", {"ticket_id": ticket_id, "outcome_id": s.config.a_email_user, "note": "x"})
    assert s.contoso.state.outgoing_emails == []
    s.a.save(
        "Actions",
        {
            "ticket_id": ticket_id,
            "outcome_id": s.config.a_email_user,
            "note": "y",
            "sendemail": True,
        },
    )
    assert [e["body"] for e in s.contoso.state.outgoing_emails] == ["y"]


def test_a_supplier_note_hidden_from_the_user_does_not_sync(s: Synced) -> None:
    ours, theirs = linked(s)
    s.b.save("Outcome", {"id": s.config.b_note, "hidefromuser": True})
    reply = s.b.post("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_note, "note": NOTE})
    assert reply.status_code == 200
    assert C.ACTION_SENT_TO_API_URL not in reply.json()
    assert not with_note(s.a.actions_on(ours), NOTE)
    assert any("hidden from the user" in str(e.get("reason")) for e in s.northwind.state.sync_log)


def test_a_loop_of_synced_actions_is_stopped_and_recorded(s: Synced) -> None:
    ours, theirs = linked(s)
    # Both mapping targets send to the connected instance: seed 001's "loop" of syncs.
    s.a.save("Outcome", {"id": s.config.a_internal_note, C.SYNC_TO_HALO: s.a.sync_value(SUPPLIER)})
    map_actions(
        s.b, "Client", s.config.customer_profile, {s.config.a_internal_note: s.config.b_note}
    )

    reply = s.b.post("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_note, "note": NOTE})

    assert reply.status_code == 200, reply.text
    hops = s.northwind.state.sync_settings.max_hops
    on_b, on_a = with_note(s.b.actions_on(theirs), NOTE), with_note(s.a.actions_on(ours), NOTE)
    assert len(on_a) + len(on_b) == hops + 1  # the original and one copy per hop
    loops = s.contoso.state.loop_log + s.northwind.state.loop_log
    assert len(loops) == 1 and loops[0]["hops"] == hops


def test_a_single_bounce_is_visible_on_the_sending_ticket(s: Synced) -> None:
    _, theirs = linked(s)
    s.a.save("Outcome", {"id": s.config.a_internal_note, C.SYNC_TO_HALO: s.a.sync_value(SUPPLIER)})
    s.b.save("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_note, "note": NOTE})
    assert len(with_note(s.b.actions_on(theirs), NOTE)) == 2
    assert s.contoso.state.loop_log == s.northwind.state.loop_log == []


@pytest.mark.parametrize("setting", ["off", "on", "receiver on"])
def test_attachments_travel_only_when_the_sender_allows_it(s: Synced, setting: str) -> None:
    ours, theirs = linked(s)
    if setting == "on":
        s.b.save("Client", {"id": s.config.customer_profile, C.OUTBOUND_ATTACHMENTS: 1})
    if setting == "receiver on":
        s.a.save("Supplier", {"id": s.config.supplier_profile, C.OUTBOUND_ATTACHMENTS: 1})
    files = [{"filename": "trace.log", "data_base64": "aGVsbG8="}]
    s.b.save(
        "Actions",
        {
            "ticket_id": theirs,
            "outcome_id": s.config.b_note,
            "note": NOTE,
            C.ACTION_ATTACHMENTS: files,
        },
    )
    arrived = with_note(s.a.action_details(ours), NOTE)
    assert len(arrived) == 1
    assert arrived[0].get(C.ACTION_ATTACHMENTS) == (files if setting == "on" else None)


def test_resolving_on_the_supplier_side_closes_the_customer_ticket(s: Synced) -> None:
    ours, theirs = linked(s)
    s.b.save("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_resolve, "note": "Fixed"})
    assert status_name(s.b, s.b.get("Tickets", theirs)["status_id"]) == "Closed"
    assert status_name(s.a, s.a.get("Tickets", ours)["status_id"]) == "Closed"
    arrived = with_note(s.a.actions_on(ours), "Fixed")
    assert [a["outcome_id"] for a in arrived] == [s.config.a_close_ticket]


def test_closing_on_the_customer_side_closes_the_supplier_ticket(s: Synced) -> None:
    ours, theirs = linked(s)
    s.a.save("Actions", {"ticket_id": ours, "outcome_id": s.config.a_close, "note": "Not needed"})
    assert status_name(s.a, s.a.get("Tickets", ours)["status_id"]) == "Closed"
    assert status_name(s.b, s.b.get("Tickets", theirs)["status_id"]) == "Closed"


def test_mapped_statuses_and_fields_follow_the_action(s: Synced) -> None:
    ours, theirs = linked(s)
    change = s.b.named("Outcome", "Change Status", field="outcome")["id"]
    waiting = s.b.named("Status", "On Hold")["id"]
    profile = s.a.get("Supplier", s.config.supplier_profile)
    expected = sync.mapped_id(s.contoso.dialect, profile, C.MAPPING_STATUS, waiting)
    assert expected is not None, "the auto-mapping should map this status"
    reply = s.b.post(
        "Actions",
        {
            "ticket_id": theirs,
            "outcome_id": change,
            "note": NOTE,
            C.ACTION_NEW_STATUS: waiting,
            C.ACTION_HIDDEN_FROM_USER: False,
            C.SYNC_TO_HALO: s.b.sync_value(CUSTOMER),
            "summary": "Printer offline on all floors",
        },
    )
    assert reply.status_code == 200, reply.text
    theirs_now, ours_now = s.b.get("Tickets", theirs), s.a.get("Tickets", ours)
    assert theirs_now["status_id"] == waiting
    assert theirs_now["summary"] == "Printer offline on all floors"
    assert ours_now["status_id"] == expected
    assert ours_now["summary"] == "Printer offline on all floors"


def test_an_unmapped_status_leaves_the_other_ticket_as_it_is(s: Synced) -> None:
    ours, theirs = linked(s)
    s.a.save("Supplier", {"id": s.config.supplier_profile, C.MAPPING_STATUS: []})
    before = s.a.get("Tickets", ours)["status_id"]
    change = s.b.named("Outcome", "Change Status", field="outcome")["id"]
    s.b.save(
        "Actions",
        {
            "ticket_id": theirs,
            "outcome_id": change,
            "note": NOTE,
            C.ACTION_NEW_STATUS: s.b.named("Status", "On Hold")["id"],
            C.ACTION_HIDDEN_FROM_USER: False,
            C.SYNC_TO_HALO: s.b.sync_value(CUSTOMER),
        },
    )
    assert with_note(s.a.actions_on(ours), NOTE)
    assert s.a.get("Tickets", ours)["status_id"] == before


def test_an_action_on_an_unlinked_ticket_stays_at_home(s: Synced) -> None:
    ticket_id = new_ticket(s)
    reply = s.a.post(
        "Actions", {"ticket_id": ticket_id, "outcome_id": s.config.a_note, "note": NOTE}
    )
    assert reply.status_code == 200
    assert C.ACTION_SENT_TO_API_URL not in reply.json()
    assert any(e["event"] == "not sent" for e in s.contoso.state.sync_log)


def test_the_sync_journals_stay_out_of_snapshots(s: Synced) -> None:
    _, theirs = linked(s)
    s.b.save("Actions", {"ticket_id": theirs, "outcome_id": s.config.b_email, "note": NOTE})
    assert s.contoso.state.outgoing_emails and s.contoso.state.sync_log
    text = str(s.contoso.snapshot())
    assert "outgoing" not in text and "sync_log" not in text
