"""The bundled demo instances: realistic out-of-the-box configuration, consistent at every scale."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from halo_wizard.api import constants as c
from halo_wizard.simulator import demo

Snapshot = dict[str, Any]

SCALE = 20
UUID_V4 = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"
CONTOSO_NAMES = {
    "internal_note": "Internal Note",
    "private_note": "Private Note",
    "email_user": "Email User",
    "log_to_supplier": "Log to supplier",
    "close": "Close Ticket",
    "resolve": "Resolve Incident",
    "reopen": "Re-Open",
    "chase": "Chase User",
    "add_note": "Add Note",
    "update": "Update",
    "awaiting": "Awaiting User",
    "approval": "Approval Request",
    "change_status": "Change Status",
}
NORTHWIND_NAMES = {
    **CONTOSO_NAMES,
    "log_to_supplier": "Log to Supplier",
    "resolve": "Resolve Ticket",
    "reopen": "Reopen",
    "chase": "Chase",
    "awaiting": "Awaiting Customer",
    "approval": "Request Approval",
}
# Which list field names a record, for the uniqueness checks.
NAME_FIELDS = {
    "Features": "module_name",
    "Status": "name",
    "Category": "value",
    "TicketType": "name",
    "FieldInfo": "name",
    "Outcome": "outcome",
    "Workflow": "name",
    "Agent": "name",
    "Users": "name",
    "Client": "name",
    "Supplier": "name",
}


@pytest.fixture(scope="module")
def bundled() -> list[Snapshot]:
    return demo.demo_snapshots()


@pytest.fixture(scope="module")
def scaled() -> list[Snapshot]:
    return demo.demo_snapshots(SCALE)


def records(snapshot: Snapshot, entity: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = snapshot["records"][entity]
    return rows


def action(snapshot: Snapshot, name: str) -> dict[str, Any]:
    found = [a for a in records(snapshot, "Outcome") if a["outcome"] == name]
    assert len(found) == 1, f"expected one action called {name!r}, found {len(found)}"
    return found[0]


def statuses(snapshot: Snapshot) -> dict[int, dict[str, Any]]:
    return {s["id"]: s for s in records(snapshot, "Status")}


def reference_problems(snapshot: Snapshot) -> list[str]:
    """Every reference in the snapshot that points at no record (empty when consistent)."""
    problems: list[str] = []
    ids = {entity: {r["id"] for r in rows} for entity, rows in snapshot["records"].items()}
    outcome_ids, status_ids = ids["Outcome"], ids["Status"]
    allowed_by_workflow: dict[int, set[int]] = {}
    for workflow in records(snapshot, "Workflow"):
        allowed = set(demo.workflow_action_ids(workflow))
        allowed_by_workflow[workflow["id"]] = allowed
        problems += [f"workflow {workflow['name']}: action {a}" for a in allowed - outcome_ids]
        for step in workflow["steps"]:
            for row in step["actions"]:
                if row["flow_id"] != workflow["id"]:
                    problems.append(f"workflow {workflow['name']}: row of another flow")
    for ticket_type in records(snapshot, "TicketType"):
        name = ticket_type["name"]
        if ticket_type["workflow_id"] not in ids["Workflow"]:
            problems.append(f"ticket type {name}: workflow {ticket_type['workflow_id']}")
        if ticket_type["initial_status"] not in status_ids:
            problems.append(f"ticket type {name}: status {ticket_type['initial_status']}")
        for row in ticket_type["allowed_actions"]:
            if row[c.ALLOWED_ACTION_ID] not in outcome_ids:
                problems.append(f"ticket type {name}: allowed action {row[c.ALLOWED_ACTION_ID]}")
    field_ids = ids["FieldInfo"]
    for outcome in records(snapshot, "Outcome"):
        name = outcome["outcome"]
        if "newstatus" in outcome and outcome["newstatus"] not in status_ids:
            problems.append(f"action {name}: newstatus {outcome['newstatus']}")
        problems += [
            f"action {name}: field {row['fieldid']}"
            for row in outcome["fields"]
            if row["fieldid"] not in field_ids
        ]
        listed = {int(pair["value"]) for pair in outcome["workflows"]}
        really = {w for w, allowed in allowed_by_workflow.items() if outcome["id"] in allowed}
        if listed != really:
            problems.append(f"action {name}: workflows {sorted(listed)} != {sorted(really)}")
        problems += [
            f"action {name}: ticket type {pair['value']}"
            for pair in outcome["tickettypes"]
            if int(pair["value"]) not in ids["TicketType"]
        ]
    sites = {s["id"]: s for s in records(snapshot, "Site")}
    problems += [
        f"site {s['name']}: client {s['client_id']}"
        for s in sites.values()
        if s["client_id"] not in ids["Client"]
    ]
    for user in records(snapshot, "Users"):
        site = sites.get(user["site_id"])
        if site is None or site["client_id"] != user["client_id"]:
            problems.append(f"user {user['name']}: site {user['site_id']} of another customer")
    for ticket in records(snapshot, "Tickets"):
        for key, entity in (
            ("client_id", "Client"),
            ("user_id", "Users"),
            ("tickettype_id", "TicketType"),
            ("status_id", "Status"),
            ("agent_id", "Agent"),
            ("supplier_id", "Supplier"),
        ):
            if key in ticket and ticket[key] not in ids[entity]:
                problems.append(f"ticket {ticket['id']}: {key} {ticket[key]}")
    for row in records(snapshot, "Actions"):
        if row["ticket_id"] not in ids["Tickets"] or row["outcome_id"] not in outcome_ids:
            problems.append(f"ticket action {row['id']}: dangling ticket or action")
    agents = {a["id"]: a for a in records(snapshot, "Agent")}
    for app in snapshot["simulator"]["applications"]:
        if not agents.get(app["agent_id"], {}).get("isapiagent"):
            problems.append(f"application {app['client_id']}: agent is not an API agent")
    return problems


def duplicate_names(snapshot: Snapshot) -> dict[str, list[str]]:
    """Names that occur more than once, per entity (sites: per customer)."""
    out: dict[str, list[str]] = {}
    for entity, key in NAME_FIELDS.items():
        counts = Counter(r[key] for r in records(snapshot, entity))
        dupes = [name for name, n in counts.items() if n > 1]
        if dupes:
            out[entity] = dupes
    site_counts = Counter((s["client_id"], s["name"]) for s in records(snapshot, "Site"))
    site_dupes = [f"{k[0]}/{k[1]}" for k, n in site_counts.items() if n > 1]
    if site_dupes:
        out["Site"] = site_dupes
    return out


# ---- format and shape ----------------------------------------------------------------------------


def test_format_and_every_list_present(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        assert snapshot["format"] == "halo-snapshot/1"
        assert set(snapshot["records"]) == set(demo.RECORD_LISTS)
        assert set(demo.RECORD_LISTS) == {*c.SNAPSHOT_RECORD_LISTS, "Priority", "Team"}
        for entity, rows in snapshot["records"].items():
            assert isinstance(rows, list), entity
        assert snapshot["records"]["ConnectedInstance"] == []
        assert snapshot["simulator"]["hosted"] is True


def test_customer_side_first_with_products_versions_and_tenants(bundled: list[Snapshot]) -> None:
    contoso, northwind = bundled
    assert contoso["instanceinfo"][c.INSTANCE_DISPLAY_NAME] == "Contoso"
    assert contoso["instanceinfo"]["app_name"] == "Halo ITSM" == c.APP_NAME_ITSM
    assert contoso["authinfo"] == {"tenant_id": "contoso"}
    assert northwind["instanceinfo"][c.INSTANCE_DISPLAY_NAME] == "Northwind MSP"
    # A live PSA's InstanceInfo says "Halo PSA", with a space (halo_version_snapshot.json).
    assert northwind["instanceinfo"]["app_name"] == "Halo PSA" == c.APP_NAME_PSA
    assert northwind["instanceinfo"]["app_version"] == "2.236.133"
    assert northwind["instanceinfo"]["database_version"] == "2236"
    assert northwind["authinfo"] == {"tenant_id": "northwind"}
    for snapshot in bundled:
        version = tuple(int(p) for p in snapshot["instanceinfo"]["app_version"].split("."))
        assert len(version) == 3
        assert version[:2] >= c.MIN_VERSION


def test_counts_at_scale_one(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        count = demo.record_counts(snapshot)
        assert count["Outcome"] >= 60
        assert 25 <= count["Agent"] <= 60
        assert 200 <= count["Users"] <= 600
        assert count["Status"] >= 24
        assert count["Category"] >= 24
        assert 5 <= count["TicketType"] <= 10
        assert 4 <= count["Workflow"] <= 10
        assert 3 <= count["Supplier"] <= 10
        assert 3 <= count["Tickets"] <= 10
        assert 3 <= count["Actions"] <= 15
        assert count["Features"] >= 15
    contoso, northwind = bundled
    assert len(records(contoso, "Client")) <= 3
    assert len(records(northwind, "Client")) >= 15
    northwind_sites = Counter(s["client_id"] for s in records(northwind, "Site"))
    assert all(northwind_sites[cl["id"]] >= 1 for cl in records(northwind, "Client"))


def test_itsm_and_psa_flavours_differ(bundled: list[Snapshot]) -> None:
    contoso, northwind = bundled
    contoso_types = {t["name"] for t in records(contoso, "TicketType")}
    northwind_types = {t["name"] for t in records(northwind, "TicketType")}
    assert {"Incident", "Service Request", "Problem", "Change Request", "Major Incident"} <= (
        contoso_types
    )
    assert {"Incident", "Service Request", "Project Task", "Alert", "Onboarding"} <= northwind_types
    contoso_statuses = {s["name"] for s in records(contoso, "Status")}
    northwind_statuses = {s["name"] for s in records(northwind, "Status")}
    assert "Waiting on User" in contoso_statuses
    assert "Awaiting Customer Response" in northwind_statuses
    for names in (contoso_statuses, northwind_statuses):
        assert {"New", "In Progress", "With Supplier", "On Hold", "Pending Approval"} <= names
        assert {"Scheduled", "Resolved", "Closed", "Cancelled"} <= names
    for snapshot in bundled:
        for category in records(snapshot, "Category"):
            assert ">" in category["value"]
            assert category["category_name"] == category["value"].rsplit(">", 1)[-1]
            assert category["type_id"] in (1, 2)


def test_suppliers_module_is_off_on_both(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        rows = [f for f in records(snapshot, "Features") if f["module_name"] == "Suppliers"]
        assert len(rows) == 1
        assert rows[0]["module_name"] == c.SUPPLIERS_MODULE_NAME
        assert rows[0]["enabled"] is False
        assert {"id", "module_name", "actual_name", "enabled", "core", "licensed"} <= set(rows[0])
        assert any(f["enabled"] for f in records(snapshot, "Features"))


# ---- consistency ---------------------------------------------------------------------------------


def test_every_reference_points_at_a_record(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        assert reference_problems(snapshot) == []


def test_reference_check_finds_a_dangling_id(bundled: list[Snapshot]) -> None:
    broken = json.loads(json.dumps(bundled[0]))
    broken["records"]["TicketType"][0]["initial_status"] = 999_999
    assert reference_problems(broken)


def test_names_unique_per_entity(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        assert duplicate_names(snapshot) == {}


def test_some_actions_are_missing_from_some_workflows(bundled: list[Snapshot]) -> None:
    for snapshot, names in zip(bundled, (CONTOSO_NAMES, NORTHWIND_NAMES), strict=True):
        active = [w for w in records(snapshot, "Workflow") if w["active"]]
        missing = [
            (key, w["name"])
            for key in ("internal_note", "private_note", "email_user")
            for w in active
            if action(snapshot, names[key])["id"] not in demo.workflow_action_ids(w)
        ]
        assert missing, "every workflow allows every common action: nothing for the check to find"
        assert len(missing) < 3 * len(active)
        used = {t["workflow_id"] for t in records(snapshot, "TicketType")}
        assert used <= {w["id"] for w in records(snapshot, "Workflow")}


def test_restricted_ticket_type_lists_its_workflows_actions(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        workflows = {w["id"]: w for w in records(snapshot, "Workflow")}
        restricted = [t for t in records(snapshot, "TicketType") if not t["allowall_actions"]]
        assert restricted
        for ticket_type in restricted:
            allowed = [row[c.ALLOWED_ACTION_ID] for row in ticket_type["allowed_actions"]]
            assert allowed == list(demo.workflow_action_ids(workflows[ticket_type["workflow_id"]]))


# ---- the actions a real Halo has out of the box --------------------------------------------------


@pytest.mark.parametrize("side", [0, 1], ids=["contoso", "northwind"])
def test_builtin_actions_have_their_usual_settings(bundled: list[Snapshot], side: int) -> None:
    snapshot = bundled[side]
    names = (CONTOSO_NAMES, NORTHWIND_NAMES)[side]
    by_id = statuses(snapshot)

    internal = action(snapshot, names["internal_note"])
    assert internal["hidefromuser"] is True
    assert internal["sendemail"] == c.SENDEMAIL_NO
    assert internal["systemid"] == c.SYSTEMID_NONE
    private = action(snapshot, names["private_note"])
    assert private["hidefromuser"] is True
    assert private["sendemail"] == c.SENDEMAIL_NO
    email = action(snapshot, names["email_user"])
    assert email["sendemail"] == c.SENDEMAIL_YES
    assert email["hidefromuser"] is False
    assert "emailtemplate_id" in email

    log_to_supplier = [
        a for a in records(snapshot, "Outcome") if a["systemid"] == c.SYSTEMID_LOG_TO_SUPPLIER
    ]
    assert [a["outcome"] for a in log_to_supplier] == [names["log_to_supplier"]]
    assert log_to_supplier[0]["sendemail"] == c.SENDEMAIL_YES
    fields = {row["fieldname"] for row in log_to_supplier[0]["fields"]}
    assert {c.ACTION_FIELD_SUPPLIER, c.ACTION_FIELD_NOTE, c.ACTION_FIELD_SUPPLIER_REF} <= fields

    close = action(snapshot, names["close"])
    assert close["newstatus"] == c.CLOSED_STATUS_ID
    assert by_id[close["newstatus"]]["name"] == "Closed"
    assert by_id[close["newstatus"]]["type"] == c.STATUS_DOMAIN_TICKETS
    resolved = by_id[action(snapshot, names["resolve"])["newstatus"]]
    assert resolved["name"] == "Resolved" and resolved["id"] not in c.CLOSING_STATUS_IDS
    assert action(snapshot, names["reopen"])["newstatus"] not in c.CLOSING_STATUS_IDS
    approval = by_id[action(snapshot, names["approval"])["newstatus"]]
    assert approval["name"] == "Pending Approval"
    for key in ("chase", "add_note", "update", "awaiting", "change_status"):
        action(snapshot, names[key])
    system_uses = {a["systemid"] for a in records(snapshot, "Outcome")}
    assert system_uses <= set(c.SYSTEM_USES)
    assert len(system_uses) >= 4


CONNECTED = {
    "contoso": {"Fabrikam Computers"},
    "northwind": {"Harbourside Dental Group", "Pinecrest Academy Trust"},
}


def test_no_ticket_sync_set_up_yet_except_other_connected_profiles(
    bundled: list[Snapshot],
) -> None:
    profile_fields = re.compile(r"thirdpartynhd|api_access_client")
    for snapshot, key in zip(bundled, ("contoso", "northwind"), strict=True):
        for outcome in records(snapshot, "Outcome"):
            assert outcome[c.SYNC_TO_HALO] == c.SYNC_NO, outcome["outcome"]
            assert outcome["default_send_to_halo"] is False
            fields = {row["fieldname"] for row in outcome["fields"]}
            assert c.ACTION_FIELD_SEND_TO_HALO not in fields
            lowered = outcome["outcome"].lower()
            assert "indirect" not in lowered
            assert "third party ticket" not in lowered
        connected = set()
        for entity in ("Client", "Supplier"):
            for row in records(snapshot, entity):
                if row[c.PROFILE_ALLOW_API_ACCESS]:
                    connected.add(row["name"])
                else:
                    assert not [k for k in row if profile_fields.search(k)]
        # Only profiles the wizard's plan will never use (names unlike Contoso / Northwind MSP).
        assert connected == CONNECTED[key]
        assert not {
            n for n in connected if "contoso" in n.casefold() or "northwind" in n.casefold()
        }
        assert records(snapshot, "ConnectedInstance") == []


def test_connected_profiles_are_laid_out_by_halos_screen(bundled: list[Snapshot]) -> None:
    for snapshot, key in zip(bundled, ("contoso", "northwind"), strict=True):
        sim = snapshot["simulator"]
        secrets = {(e["entity"], e["id"]) for e in sim["profile_secrets"]}
        outbound = {(e["entity"], e["id"]) for e in sim["write_only"]}
        by_name = {
            r["name"]: (entity, r)
            for entity in ("Client", "Supplier")
            for r in records(snapshot, entity)
        }
        operations = sim["screen_setup"]
        for name in CONNECTED[key]:
            entity, row = by_name[name]
            assert (entity, row["id"]) in secrets and (entity, row["id"]) in outbound
            assert row[c.PROFILE_REMOTE_API_URL].startswith("https://")
            assert row[c.PROFILE_VALIDATED] is True
            mine = [o for o in operations if o["profile_id"] == row["id"]]
            kinds = {o["kind"] for o in mine if o["operation"] == "add_mapping"}
            assert {"status", "action"} <= kinds
            # Mapping rows are not baked in: the dialect lays them out at load.
            assert c.MAPPING_STATUS not in row
        defaults = [o for o in operations if o["operation"] == "set_default_status_action_default"]
        assert len(defaults) == 1
    real = [r for r in records(bundled[1], "Client") if r["name"] == "Harbourside Dental Group"]
    assert statuses(bundled[1])[real[0][c.DEFAULT_STATUS]]["name"] == "Assigned"


def test_api_email_setting_only_on_some_northwind_email_actions(bundled: list[Snapshot]) -> None:
    contoso, northwind = bundled
    for snapshot in bundled:
        # No such API field in 2.236 (TOutcome): the setting is private simulator state.
        for outcome in records(snapshot, "Outcome"):
            assert "sendemail_via_api" not in outcome
            assert c.API_EMAIL_SETTING_CANDIDATE not in outcome
    # Contoso's admin ticked it on 'Email User', the action seed 001 has the MSP e-mail through.
    email_user = next(a for a in records(contoso, "Outcome") if a["outcome"] == "Email User")
    assert contoso["simulator"]["api_email_settings"] == [
        {"outcome_id": email_user["id"], "on": True}
    ]
    settings = {e["outcome_id"]: e["on"] for e in northwind["simulator"]["api_email_settings"]}
    by_id = {a["id"]: a for a in records(northwind, "Outcome")}
    assert settings
    assert all(by_id[key]["sendemail"] == c.SENDEMAIL_YES for key in settings)
    assert set(settings.values()) == {True, False}
    senders = [a for a in by_id.values() if a["sendemail"] == c.SENDEMAIL_YES]
    assert len(settings) < len(senders)


def test_ai_improvement_is_rare_and_prompts_mostly_empty(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        outcomes = records(snapshot, "Outcome")
        with_ai = [a for a in outcomes if a["ai_improve_agent_note_default_on"]]
        with_prompt = [a for a in outcomes if a["ai_prompt"]]
        assert 1 <= len(with_ai) <= 5
        assert 1 <= len(with_prompt) <= 3


def test_builtin_ids_differ_between_the_instances(bundled: list[Snapshot]) -> None:
    contoso, northwind = bundled
    for name in ("Internal Note", "Private Note", "Email User", "Close Ticket", "Add Note"):
        assert action(contoso, name)["id"] != action(northwind, name)["id"], name
    for entity in ("Category", "TicketType", "Workflow", "Outcome", "Agent", "Users"):
        firsts = [records(x, entity)[0]["id"] for x in bundled]
        assert firsts[0] != firsts[1], entity
    # Custom statuses differ; the built-in ones keep their conventional ids on both.
    on_hold = [[s["id"] for s in records(x, "Status") if s["name"] == "On Hold"] for x in bundled]
    assert on_hold[0] != on_hold[1]
    for snapshot in bundled:
        by_name = {s["name"]: s["id"] for s in records(snapshot, "Status")}
        assert by_name["New"] == 1
        assert by_name["Closed"] == c.CLOSED_STATUS_ID == 9
        assert by_name["Cancelled"] == c.CANCELLED_STATUS_ID == 8


def test_status_type_is_the_domain_and_only_8_and_9_close(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        rows = records(snapshot, "Status")
        ticket = [s for s in rows if s["type"] == c.STATUS_DOMAIN_TICKETS]
        other = [s for s in rows if s["type"] != c.STATUS_DOMAIN_TICKETS]
        assert {s["name"] for s in ticket} >= {"New", "Closed", "Cancelled", "On Hold"}
        assert other and {s["type"] for s in other} <= {1, 2}
        assert "Closed Order" in {s["name"] for s in other}  # a name trap for closed statuses
        closing = {a["newstatus"] for a in records(snapshot, "Outcome") if "newstatus" in a}
        assert closing & set(c.CLOSING_STATUS_IDS) == set(c.CLOSING_STATUS_IDS)
        assert not closing & {s["id"] for s in other}
        for ticket_type in records(snapshot, "TicketType"):
            assert ticket_type["initial_status"] in {s["id"] for s in ticket}
    closed_tickets = [
        t for t in records(bundled[1], "Tickets") if t["status_id"] == c.CLOSED_STATUS_ID
    ]
    assert closed_tickets and all(t[c.TICKET_HAS_BEEN_CLOSED] for t in closed_tickets)


def test_fields_of_every_usage_with_a_trap_of_the_same_label(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        fields = records(snapshot, "FieldInfo")
        assert all(isinstance(f[c.FIELD_USAGE], int) for f in fields)
        ticket = [f for f in fields if f[c.FIELD_USAGE] == c.TICKET_FIELD_USAGE]
        other = [f for f in fields if f[c.FIELD_USAGE] != c.TICKET_FIELD_USAGE]
        assert {f["name"] for f in ticket} >= set(c.MAPPABLE_BUILTIN_FIELDS) | {"details"}
        assert len({f[c.FIELD_USAGE] for f in other}) >= 3  # customer, site, user, asset
        ticket_keys = {(f["label"], f["type"]) for f in ticket if f["custom"]}
        assert [f for f in other if (f["label"], f["type"]) in ticket_keys]


def test_priorities_teams_and_thin_workflow_fields(bundled: list[Snapshot]) -> None:
    legacy = [w for w in records(bundled[0], "Workflow") if not w["active"]]
    assert legacy and all(w["notinuse"] for w in legacy)  # no ticket type uses it
    for snapshot in bundled:
        priorities = records(snapshot, "Priority")
        assert [p[c.PRIORITY_NUMBER] for p in priorities] == [1, 2, 3, 4]
        assert all(re.fullmatch(UUID_V4, p["id"]) for p in priorities)
        agent_teams = {a["team"] for a in records(snapshot, "Agent") if "team" in a}
        assert agent_teams <= {t["name"] for t in records(snapshot, "Team")}
        for workflow in records(snapshot, "Workflow"):
            assert re.fullmatch(UUID_V4, workflow["guid"])
            assert isinstance(workflow["notinuse"], bool) and isinstance(workflow["note"], str)
        assert any(a["is_admin"] for a in records(snapshot, "Agent") if not a["isapiagent"])


# ---- traps the later steps must get right --------------------------------------------------------


def test_action_names_are_similar_but_not_identical(bundled: list[Snapshot]) -> None:
    contoso, northwind = ({a["outcome"] for a in records(x, "Outcome")} for x in bundled)
    exact = contoso & northwind
    assert len(exact) >= 10
    assert len(contoso - northwind) >= 20
    assert ("E-mail Supplier", "Email Supplier") in {
        (a, b) for a in contoso for b in northwind if a != b and a.replace("-", "") == b
    }
    assert "Action: Remote Session" in northwind and "Remote Session" in contoso
    folded = {n.casefold() for n in contoso}
    assert any(n.casefold() in folded and n not in contoso for n in northwind)


def test_custom_fields_cover_every_type_with_near_names(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        fields = records(snapshot, "FieldInfo")
        custom_types = {f["type"] for f in fields if f["custom"] == 1}
        assert custom_types == set(c.FIELD_TYPES)
        builtins = {f["name"]: f for f in fields if f["custom"] == 0}
        assert set(c.MAPPABLE_BUILTIN_FIELDS) <= set(builtins)
        for field in fields:
            if field["type"] in (2, 3) and field["custom"] == 1:
                assert field["values"]
    contoso, northwind = ({f["label"]: f for f in records(x, "FieldInfo")} for x in bundled)
    assert "Cost Centre" in contoso and "Cost Center" in northwind
    by_name = [{f["name"]: f for f in records(x, "FieldInfo") if f["custom"]} for x in bundled]
    same_name_other_type = [
        name
        for name, field in by_name[0].items()
        if name in by_name[1] and by_name[1][name]["type"] != field["type"]
    ]
    assert same_name_other_type == ["CFAffectedUsers"]
    same_name_same_type = [
        n for n, f in by_name[0].items() if n in by_name[1] and by_name[1][n]["type"] == f["type"]
    ]
    assert same_name_same_type


def test_agents_and_the_api_agent(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        agents = records(snapshot, "Agent")
        api = [a for a in agents if a["isapiagent"]]
        assert len(api) == 1
        assert snapshot["simulator"]["applications"][0]["agent_id"] == api[0]["id"]
        assert 2 <= sum(a["isdisabled"] for a in agents) <= 5
        assert 1 <= sum("email" not in a for a in agents) <= 2


def test_some_contoso_agents_are_northwind_users_written_differently(
    bundled: list[Snapshot],
) -> None:
    contoso, northwind = bundled
    agent_emails = {a["email"] for a in records(contoso, "Agent") if "email" in a}
    user_emails = {u["emailaddress"] for u in records(northwind, "Users") if "emailaddress" in u}
    assert not agent_emails & user_emails  # no exact match...
    normalised = {e.strip().casefold() for e in user_emails}
    matches = [e for e in agent_emails if e.strip().casefold() in normalised]
    assert len(matches) >= 2  # ...but some match once case and spaces are ignored
    assert any(e != e.strip() for e in user_emails)


def test_near_name_decoys_but_no_profiles_yet(bundled: list[Snapshot]) -> None:
    contoso, northwind = bundled
    customers = {cl["name"] for cl in records(northwind, "Client")}
    suppliers = {s["name"] for s in records(contoso, "Supplier")}
    assert "Contoso Pharmaceuticals" in customers
    assert not {n for n in customers if n.casefold() in ("contoso", "contoso ltd")}
    assert "Northwind Traders" in suppliers
    assert not {n for n in suppliers if n.casefold() in ("northwind", "northwind msp")}


def test_users_look_like_people_of_their_customer(bundled: list[Snapshot]) -> None:
    for snapshot in bundled:
        domains = {s["client_id"]: s["emaildomain"] for s in records(snapshot, "Site")}
        users = records(snapshot, "Users")
        on_domain = [
            u for u in users if u.get("emailaddress", "").endswith("@" + domains[u["client_id"]])
        ]
        assert len(on_domain) >= 0.95 * len(users)
        assert any(u["inactive"] for u in users)
        assert all(re.fullmatch(r"[A-Z][A-Za-z' .\-]+", u["name"]) for u in users)


# ---- secrets -------------------------------------------------------------------------------------


def test_secrets_only_under_simulator(bundled: list[Snapshot]) -> None:
    secret_key = re.compile(r"secret|password|token|^new_", re.IGNORECASE)

    def keys(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [*value, *(k for v in value.values() for k in keys(v))]
        if isinstance(value, list):
            return [k for v in value for k in keys(v)]
        return []

    for snapshot in bundled:
        app = snapshot["simulator"]["applications"][0]
        assert app["scope"] == "all"
        assert len(app["client_secret"]) >= 40
        assert re.fullmatch(UUID_V4, app["client_id"])
        rest = {k: v for k, v in snapshot.items() if k != "simulator"}
        assert not [k for k in keys(rest) if secret_key.search(k)]
        text = json.dumps(rest)
        assert app["client_secret"] not in text
    assert (
        bundled[0]["simulator"]["applications"][0]["client_secret"]
        != (bundled[1]["simulator"]["applications"][0]["client_secret"])
    )


# ---- bundled files and determinism ---------------------------------------------------------------


def test_bundled_files_are_what_the_generator_makes() -> None:
    for path, generate in (
        (demo.CONTOSO_FILE, demo.contoso_snapshot),
        (demo.NORTHWIND_FILE, demo.northwind_snapshot),
    ):
        assert path.read_text(encoding="utf-8") == demo.snapshot_json(generate()), (
            f"{path.name} drifted: run python -m halo_wizard.simulator.demo --write"
        )


def test_demo_snapshots_returns_fresh_copies_of_the_bundled_pair(bundled: list[Snapshot]) -> None:
    first = demo.demo_snapshots()
    first[0]["records"]["Outcome"].clear()
    assert demo.demo_snapshots() == bundled
    assert bundled == [demo.contoso_snapshot(), demo.northwind_snapshot()]


def test_write_command_writes_the_same_files(tmp_path: Path) -> None:
    assert demo.main(["--write", "--out", str(tmp_path)]) == 0
    for name in ("contoso.json", "northwind.json"):
        assert (tmp_path / name).read_bytes() == (demo.DATA_DIR / name).read_bytes()


def test_scale_must_be_a_positive_whole_number() -> None:
    for bad in (0, -3):
        with pytest.raises(ValueError):
            demo.demo_snapshots(bad)
    with pytest.raises(ValueError):
        demo.contoso_snapshot(True)


# ---- scale ---------------------------------------------------------------------------------------


def test_scale_multiplies_the_big_lists(bundled: list[Snapshot], scaled: list[Snapshot]) -> None:
    for small, big in zip(bundled, scaled, strict=True):
        one, many = demo.record_counts(small), demo.record_counts(big)
        for entity in ("Outcome", "Agent", "Users", "Category"):
            assert many[entity] == SCALE * one[entity], entity
        custom = [
            sum(
                f["custom"]
                for f in records(x, "FieldInfo")
                if f[c.FIELD_USAGE] == c.TICKET_FIELD_USAGE
            )
            for x in (small, big)
        ]
        assert custom[1] == SCALE * custom[0]
        assert SCALE * one["Status"] / 2 <= many["Status"] <= SCALE * one["Status"]
        assert many["Outcome"] >= 1000
        assert many["Agent"] >= 1000
        assert many["Users"] >= 1000
        assert many["Client"] == one["Client"]


def test_scaled_snapshots_stay_consistent_and_unique(scaled: list[Snapshot]) -> None:
    for snapshot in scaled:
        assert reference_problems(snapshot) == []
        assert duplicate_names(snapshot) == {}
        emails = [a["email"].casefold() for a in records(snapshot, "Agent") if "email" in a]
        assert len(emails) == len(set(emails))


def test_scaled_names_read_like_regions_not_counters(scaled: list[Snapshot]) -> None:
    for snapshot in scaled:
        for entity, key in NAME_FIELDS.items():
            for row in records(snapshot, entity):
                assert not re.search(r"\d{3,}", row[key]), row[key]
        regional = [a for a in records(snapshot, "Outcome") if a["outcome"].endswith("(APAC)")]
        assert regional


def test_regional_workflows_use_their_regions_actions(scaled: list[Snapshot]) -> None:
    for snapshot in scaled:
        outcomes = {a["id"]: a["outcome"] for a in records(snapshot, "Outcome")}
        workflows = {w["id"]: w for w in records(snapshot, "Workflow")}
        for ticket_type in records(snapshot, "TicketType"):
            match = re.search(r" \(([^)]+)\)$", ticket_type["name"])
            region = match.group(1) if match else None
            workflow = workflows[ticket_type["workflow_id"]]
            assert (region is None) == (not workflow["name"].endswith(")"))
            for action_id in demo.workflow_action_ids(workflow):
                assert outcomes[action_id].endswith(f"({region})") == (region is not None)


def test_a_larger_scale_keeps_every_record_of_scale_one(bundled: list[Snapshot]) -> None:
    doubled = [demo.contoso_snapshot(2), demo.northwind_snapshot(2)]
    for small, big in zip(bundled, doubled, strict=True):
        for entity in ("Outcome", "Agent", "Users", "Status", "FieldInfo"):
            big_ids = {
                r["id"]: r["name" if "name" in r else "outcome"] for r in records(big, entity)
            }
            for row in records(small, entity):
                assert big_ids.get(row["id"]) == row.get("name", row.get("outcome")), entity


def test_generation_is_deterministic() -> None:
    assert demo.northwind_snapshot(3) == demo.northwind_snapshot(3)
