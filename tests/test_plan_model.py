"""Tests of the plan model: defaults, validation messages, round trips, fingerprint and schema."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from schema_check import schema_errors

from halo_wizard.plan import (
    JOURNEY_STEPS,
    PLAN_FORMAT,
    STATUS_ACTION_OR_TICKET_TYPE_DEFAULT,
    AgentsPlan,
    ConnectionKind,
    InstancePlan,
    MappingKind,
    MappingOrigin,
    MappingRow,
    Plan,
    PlanError,
    ProfileMappings,
    Side,
    StepId,
    StepStatus,
    derive_api_url,
    derive_auth_url,
)
from halo_wizard.plan.model import KNOWN_SECTIONS

DOCS = Path(__file__).resolve().parent.parent / "docs"
MINIMAL = DOCS / "examples" / "minimal-plan.json"
FULL = DOCS / "examples" / "plan.json"
SCHEMA = DOCS / "plan.schema.json"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def make_plan() -> Plan:
    """A plan with something in every section."""
    plan = Plan.new(
        "",
        InstancePlan(
            "Contoso", "https://contoso.haloitsm.com", tenant="contoso", client_id="cid-a"
        ),
        InstancePlan("Northwind MSP", "https://northwind.halopsa.com", client_id="cid-b"),
    )
    sm = plan.supplier_profile_mappings
    sm.set_row(MappingKind.STATUS, 1, remote_name="New", local_id=10, local_name="New")
    sm.set_row(
        MappingKind.ACTION,
        140,
        remote_name="Customer Update",
        local_id=5,
        local_name="Private Note",
        origin=MappingOrigin.AUTO,
        score=97.5,
    )
    sm.default_status = STATUS_ACTION_OR_TICKET_TYPE_DEFAULT
    sm.default_action = 5
    cm = plan.customer_profile_mappings
    cm.set_row(MappingKind.TICKET_TYPE, 1, remote_name="Incident", local_id=14)
    cm.set_row(MappingKind.FIELD, 3, remote_name="summary", local_id=3, local_name="summary")
    cm.default_ticket_type = 14
    cm.outbound_attachments = True
    plan.agents.skip.append("desk@contoso.example")
    plan.confirm("R14", Side.CUSTOMER, "Email User", "Contoso IT", note="API e-mail setting on")
    plan.mark_step(StepId.PERMISSIONS, StepStatus.ATTENTION, "2 of 3 capabilities missing")
    plan.e2e = {"passed": True, "hops": [{"name": "escalate", "seconds": 1.5}]}
    plan.extra["later_section"] = {"answer": [1, 2, 3]}
    return plan


# ---- Defaults and round trips --------------------------------------------------------------------


def test_round_trip_is_lossless() -> None:
    plan = make_plan()
    data = plan.to_dict()
    again = Plan.from_dict(json.loads(json.dumps(data)))
    assert again == plan
    assert again.to_dict() == data


def test_unknown_top_level_sections_are_kept_and_written_back() -> None:
    data = make_plan().to_dict()
    data["from_a_newer_version"] = {"x": [1, {"y": None}]}
    plan = Plan.from_dict(data)
    assert plan.extra["from_a_newer_version"] == {"x": [1, {"y": None}]}
    assert plan.to_dict()["from_a_newer_version"] == {"x": [1, {"y": None}]}


def test_minimal_example_loads_with_defaults() -> None:
    plan = Plan.from_dict(load_json(MINIMAL))
    assert plan.name == "Contoso → Northwind MSP"
    assert re.fullmatch(r"[0-9a-f]{32}", plan.id)
    assert plan.kind is ConnectionKind.TICKET_SYNC
    assert plan.customer.api_url == "https://contoso.haloitsm.com/api"
    assert plan.supplier.auth_url == "https://northwind.halopsa.com/auth"
    assert plan.customer.scope == "all"
    assert plan.supplier_profile.name == "Northwind MSP"
    assert plan.supplier_profile.create is True
    assert plan.supplier_profile.api_access is True
    assert plan.customer_profile_mappings == ProfileMappings()
    assert plan.current_step is StepId.INSTANCES
    assert set(plan.steps) == set(JOURNEY_STEPS)
    assert all(state.status is StepStatus.PENDING for state in plan.steps.values())
    assert plan.missing_fields() == []
    # Once written out, it reads back the same.
    assert Plan.from_dict(plan.to_dict()) == plan


def test_full_example_loads_and_round_trips() -> None:
    data = load_json(FULL)
    plan = Plan.from_dict(data)
    assert plan.to_dict() == data
    assert plan.current_step is StepId.MAPPINGS
    assert plan.supplier_profile_mappings.default_status == STATUS_ACTION_OR_TICKET_TYPE_DEFAULT
    assert plan.customer_profile_mappings.rows_of(MappingKind.TICKET_TYPE)
    assert plan.confirmations[0].rule_id == "R14"


def test_connected_instances_plan_needs_no_profiles() -> None:
    data = load_json(MINIMAL)
    del data["supplier_profile"], data["customer_profile"]
    data["kind"] = "connected_instances"
    plan = Plan.from_dict(data)
    assert plan.supplier_profile.name == ""
    assert plan.supplier_profile.create is False
    assert plan.missing_fields() == []


def test_new_plan() -> None:
    plan = make_plan()
    assert plan.name == "Contoso → Northwind MSP"
    assert plan.customer.secret_key == f"plan-{plan.id}-customer"
    assert plan.secret_key_for(Side.SUPPLIER) == f"plan-{plan.id}-supplier"
    assert plan.supplier_profile.name == "Northwind MSP"
    assert plan.customer_profile.name == "Contoso"
    assert plan.steps[StepId.INSTANCES].status is StepStatus.CURRENT
    assert plan.progress_line() == "Contoso → Northwind MSP · step 1 of 11"


def test_sides_lead_to_the_right_parts() -> None:
    plan = make_plan()
    assert plan.instance(Side.CUSTOMER) is plan.customer
    assert plan.instance(Side.SUPPLIER) is plan.supplier
    assert plan.profile(Side.SUPPLIER) is plan.supplier_profile
    assert plan.profile_in(Side.CUSTOMER) is plan.supplier_profile  # it lives in A
    assert plan.profile_in(Side.SUPPLIER) is plan.customer_profile
    assert plan.mappings(Side.SUPPLIER) is plan.supplier_profile_mappings
    assert plan.mappings(Side.CUSTOMER) is plan.customer_profile_mappings
    assert Side.CUSTOMER.other is Side.SUPPLIER


def test_mark_step_and_progress_line() -> None:
    plan = make_plan()
    plan.mark_step(StepId.CREDENTIAL_SWAP, StepStatus.CURRENT, "waiting")
    assert plan.current_step is StepId.CREDENTIAL_SWAP
    assert plan.steps[StepId.CREDENTIAL_SWAP].note == "waiting"
    assert plan.steps[StepId.CREDENTIAL_SWAP].updated_at is not None
    assert plan.progress_line().endswith("· step 5 of 11")
    plan.mark_step(StepId.CREDENTIAL_SWAP, StepStatus.DONE)
    assert plan.current_step is StepId.CREDENTIAL_SWAP  # only CURRENT moves it
    plan.mark_step(StepId.REPORT, StepStatus.DONE)
    assert plan.progress_line().endswith("· finished")


def test_mapping_helpers() -> None:
    mappings = ProfileMappings()
    mappings.set_row(MappingKind.STATUS, 1, local_id=10)
    mappings.set_row(MappingKind.STATUS, 2, local_id=11)
    mappings.set_row(MappingKind.ACTION, 1, local_id=5)
    replaced = mappings.set_row(MappingKind.STATUS, 1, local_id=12, local_name="Open")
    assert [(r.kind, r.remote_id, r.local_id) for r in mappings.rows] == [
        (MappingKind.STATUS, 1, 12),
        (MappingKind.STATUS, 2, 11),
        (MappingKind.ACTION, 1, 5),
    ]
    assert mappings.find(MappingKind.STATUS, 1) is replaced
    assert [r.remote_id for r in mappings.rows_of(MappingKind.STATUS)] == [1, 2]
    mappings.set_row(MappingKind.STATUS, 3, local_id=13, origin=MappingOrigin.SUGGESTED)
    mappings.set_row(MappingKind.STATUS, 4, local_id=None)
    assert mappings.mapped_count(MappingKind.STATUS) == 2
    assert mappings.remove_row(MappingKind.STATUS, 2) is True
    assert mappings.remove_row(MappingKind.STATUS, 2) is False
    assert mappings.find(MappingKind.ACTION, 1) is not None


def test_an_accepted_suggestion_round_trips_and_older_origins_load_unchanged(
    schema: dict[str, Any],
) -> None:
    plan = make_plan()
    plan.supplier_profile_mappings.set_row(
        MappingKind.STATUS,
        7,
        remote_name="Waiting on Customer",
        local_id=17,
        local_name="Awaiting Customer",
        origin=MappingOrigin.ACCEPTED,
        score=88.6,
    )
    data = json.loads(json.dumps(plan.to_dict()))
    rows = data["supplier_profile_mappings"]["rows"]
    assert [r["origin"] for r in rows if r["remote_id"] == 7] == ["accepted"]
    assert schema_errors(data, schema, schema) == []
    again = Plan.from_dict(data)
    assert again == plan and again.to_dict() == data
    row = again.supplier_profile_mappings.find(MappingKind.STATUS, 7)
    assert row is not None and row.origin is MappingOrigin.ACCEPTED and row.mapped
    # A plan written before the value existed reads as it always did.
    old = load_json(FULL)
    origins = [
        r.get("origin", "manual")
        for part in ("supplier_profile_mappings", "customer_profile_mappings")
        for r in old[part]["rows"]
    ]
    loaded = Plan.from_dict(old)
    assert [
        r.origin.value
        for m in (loaded.supplier_profile_mappings, loaded.customer_profile_mappings)
        for r in m.rows
    ] == origins
    assert "accepted" not in origins and "auto" in origins


def test_set_rows_adds_and_replaces_in_one_pass() -> None:
    mappings = ProfileMappings()
    mappings.set_row(MappingKind.STATUS, 1, local_id=10)
    mappings.set_row(MappingKind.ACTION, 1, local_id=20)
    mappings.set_rows(
        [
            MappingRow(MappingKind.ACTION, 1, local_id=21),
            MappingRow(MappingKind.ACTION, 2, local_id=22),
            MappingRow(MappingKind.ACTION, 2, local_id=23),  # the later one wins
        ]
    )
    assert [(r.kind, r.remote_id, r.local_id) for r in mappings.rows] == [
        (MappingKind.STATUS, 1, 10),
        (MappingKind.ACTION, 1, 21),
        (MappingKind.ACTION, 2, 23),
    ]


def test_confirm_replaces_the_same_rule_and_record() -> None:
    plan = make_plan()
    plan.confirm("R14", Side.CUSTOMER, "Email User", "Someone else", note="checked again")
    plan.confirm("R14", Side.SUPPLIER, "Email User", "Contoso IT")
    assert len(plan.confirmations) == 2
    assert plan.confirmations[0].confirmed_by == "Someone else"


def test_missing_fields_lists_what_is_empty() -> None:
    plan = Plan.new(
        "",
        InstancePlan("Contoso", ""),
        InstancePlan("Northwind MSP", "https://northwind.halopsa.com", client_id="x"),
    )
    plan.customer_profile.name = " "
    problems = plan.missing_fields()
    assert [p.split(":")[0] for p in problems] == [
        "plan.customer.base_url",
        "plan.customer.client_id",
        "plan.customer_profile.name",
    ]
    # A half-filled plan still saves and reads back.
    assert Plan.from_dict(plan.to_dict()) == plan


def test_portable_copy_clears_keychain_names_and_test_results() -> None:
    plan = make_plan()
    plan.customer.last_tested = "2026-09-01T09:00:00+00:00"
    plan.supplier_profile.authenticated = True
    plan.supplier_profile.last_authenticated = "2026-09-01T09:00:00+00:00"
    copy_ = plan.portable_copy()
    for side in Side:
        assert copy_.instance(side).secret_key == ""
        assert copy_.instance(side).last_tested is None
        assert copy_.profile(side).last_authenticated is None
        assert copy_.profile(side).authenticated is None
    assert plan.customer.secret_key != ""  # the original is untouched
    assert copy_.fingerprint() == plan.fingerprint()


def test_agents_skip_ignores_case() -> None:
    agents = AgentsPlan(skip=["Desk@Contoso.example"])
    assert agents.is_skipped(" desk@contoso.EXAMPLE")
    assert not agents.is_skipped("other@contoso.example")


@pytest.mark.parametrize(
    ("base", "api", "auth"),
    [
        (
            "https://acme.halopsa.com",
            "https://acme.halopsa.com/api",
            "https://acme.halopsa.com/auth",
        ),
        (
            "https://acme.halopsa.com/",
            "https://acme.halopsa.com/api",
            "https://acme.halopsa.com/auth",
        ),
        (
            "https://acme.halopsa.com/api/",
            "https://acme.halopsa.com/api",
            "https://acme.halopsa.com/auth",
        ),
        (
            "https://h.example/halo/auth",
            "https://h.example/halo/api",
            "https://h.example/halo/auth",
        ),
        ("", "", ""),
    ],
)
def test_derived_addresses(base: str, api: str, auth: str) -> None:
    assert derive_api_url(base) == api
    assert derive_auth_url(base) == auth


# ---- Validation messages -------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = _split(path)
        node: Any = data
        for part in parents:
            node = node[part]
        node[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = _split(path)
        node: Any = data
        for part in parents:
            node = node[part]
        del node[last]

    return mutate


def _split(path: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in path.split(".")]


SECRET_VALUE = "Zq8-very-secret-client-value-Kx2"

# (mutation, field named in the error, words the message must contain, schema can express it)
INVALID_CASES: list[tuple[str, Mutation, str, str, bool]] = [
    (
        "base_url number",
        _set("customer.base_url", 5),
        "plan.customer.base_url",
        "expected text, found a number",
        True,
    ),
    (
        "base_url no scheme",
        _set("customer.base_url", "contoso.halopsa.com"),
        "plan.customer.base_url",
        "web address starting with https://",
        True,
    ),
    (
        "api_url space",
        _set("supplier.api_url", "https://a b/api"),
        "plan.supplier.api_url",
        "web address",
        True,
    ),
    ("no supplier", _delete("supplier"), "plan.supplier", "required, but missing", True),
    (
        "no client_id",
        _delete("customer.client_id"),
        "plan.customer.client_id",
        "required, but missing",
        True,
    ),
    ("no instance name", _delete("supplier.name"), "plan.supplier.name", "required", True),
    (
        "typo in instance",
        _set("customer.client_ld", "x"),
        "plan.customer.client_ld",
        "did you mean 'client_id'",
        True,
    ),
    (
        "secret in instance",
        _set("customer.client_secret", SECRET_VALUE),
        "plan.customer.client_secret",
        "never holds secrets",
        True,
    ),
    (
        "token at top level",
        _set("access_token", SECRET_VALUE),
        "plan.access_token",
        "never holds secrets",
        True,
    ),
    (
        "secret deep in e2e",
        _set("e2e", {"hops": [{"refresh_token": SECRET_VALUE}]}),
        "plan.e2e.hops[0].refresh_token",
        "never holds secrets",
        True,
    ),
    (
        "secret deep in extra",
        _set("later", {"a": {"Password": SECRET_VALUE}}),
        "plan.later.a.Password",
        "never holds secrets",
        True,
    ),
    (
        "bad kind",
        _set("kind", "sync"),
        "plan.kind",
        "expected one of ticket_sync, connected_instances; found 'sync'",
        True,
    ),
    (
        "no profile for ticket sync",
        _delete("supplier_profile"),
        "plan.supplier_profile",
        "required for ticket sync",
        True,
    ),
    (
        "profile not an object",
        _set("customer_profile", "Contoso"),
        "plan.customer_profile",
        "expected an object",
        True,
    ),
    (
        "record id fraction",
        _set("customer_profile.record_id", 1.5),
        "plan.customer_profile.record_id",
        "whole number",
        True,
    ),
    (
        "authenticated text",
        _set("supplier_profile.authenticated", "yes"),
        "plan.supplier_profile.authenticated",
        "expected true, false or null, found text",
        True,
    ),
    (
        "create null",
        _set("supplier_profile.create", None),
        "plan.supplier_profile.create",
        "expected true or false",
        True,
    ),
    (
        "remote id text",
        _set("customer_profile_mappings.rows.1.remote_id", "7"),
        "plan.customer_profile_mappings.rows[1].remote_id",
        "expected a whole number, found text",
        True,
    ),
    (
        "row kind",
        _set("customer_profile_mappings.rows.0.kind", "priority"),
        "plan.customer_profile_mappings.rows[0].kind",
        "expected one of status,",
        True,
    ),
    (
        "row without kind",
        _delete("customer_profile_mappings.rows.0.kind"),
        "plan.customer_profile_mappings.rows[0].kind",
        "required",
        True,
    ),
    (
        "score NaN",
        _set("supplier_profile_mappings.rows.1.score", float("nan")),
        "plan.supplier_profile_mappings.rows[1].score",
        "finite",
        False,
    ),
    (
        "duplicate row",
        _set(
            "customer_profile_mappings.rows.1",
            {"kind": "ticket_type", "remote_id": 1, "local_id": 2},
        ),
        "plan.customer_profile_mappings.rows[1]",
        "mapped twice (rows 0 and 1)",
        False,
    ),
    (
        "ticket type in supplier profile",
        _set("supplier_profile_mappings.rows.0.kind", "ticket_type"),
        "plan.supplier_profile_mappings.rows[0].kind",
        "customer profile only",
        True,
    ),
    (
        "default ticket type in supplier profile",
        _set("supplier_profile_mappings.default_ticket_type", 3),
        "plan.supplier_profile_mappings.default_ticket_type",
        "only the customer profile",
        True,
    ),
    (
        "default status bool",
        _set("supplier_profile_mappings.default_status", True),
        "plan.supplier_profile_mappings.default_status",
        "whole number, found true",
        True,
    ),
    (
        "rows not a list",
        _set("supplier_profile_mappings.rows", {}),
        "plan.supplier_profile_mappings.rows",
        "expected a list",
        True,
    ),
    ("unknown step", _set("steps.finished", {}), "plan.steps.finished", "step name", True),
    (
        "bad step status",
        _set("steps.instances.status", "finished"),
        "plan.steps.instances.status",
        "expected one of pending, current, done, attention",
        True,
    ),
    (
        "current step number",
        _set("current_step", 3),
        "plan.current_step",
        "expected a step name",
        True,
    ),
    (
        "confirmation time",
        _set("confirmations.0.confirmed_at", "yesterday"),
        "plan.confirmations[0].confirmed_at",
        "date and time",
        True,
    ),
    (
        "confirmation without time",
        _delete("confirmations.0.confirmed_at"),
        "plan.confirmations[0].confirmed_at",
        "required",
        True,
    ),
    (
        "confirmation side",
        _set("confirmations.0.side", "both"),
        "plan.confirmations[0].side",
        "expected one of customer, supplier",
        True,
    ),
    (
        "skip not an address",
        _set("agents.skip", ["nobody"]),
        "plan.agents.skip[0]",
        "e-mail address",
        True,
    ),
    (
        "created_at number",
        _set("created_at", 12),
        "plan.created_at",
        "expected a date and time",
        True,
    ),
    (
        "foreign format",
        _set("format", "halo-snapshot/1"),
        "plan.format",
        "not a halo_wizard plan",
        True,
    ),
    ("newer format", _set("format_version", 3), "plan.format_version", "update halo_wizard", True),
    ("bad id", _set("id", "../../elsewhere"), "plan.id", "letters, digits", True),
    ("e2e list", _set("e2e", [1]), "plan.e2e", "expected an object or null", True),
    ("empty scope", _set("customer.scope", " "), "plan.customer.scope", "empty", True),
]


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [pytest.param(m, f, w, id=name) for name, m, f, w, _ in INVALID_CASES],
)
def test_validation_error_names_the_field(mutate: Mutation, field: str, words: str) -> None:
    data = make_plan().to_dict()
    mutate(data)
    with pytest.raises(PlanError) as caught:
        Plan.from_dict(data)
    message = str(caught.value)
    assert caught.value.field == field
    assert message.startswith(f"{field}:")
    assert words in message
    assert SECRET_VALUE not in message


def test_a_plan_must_be_an_object() -> None:
    with pytest.raises(PlanError, match=r"^plan: expected an object \{\.\.\.\}, found a list$"):
        Plan.from_dict([])


def test_an_odd_value_is_not_echoed() -> None:
    data = make_plan().to_dict()
    data["kind"] = SECRET_VALUE
    with pytest.raises(PlanError) as caught:
        Plan.from_dict(data)
    assert SECRET_VALUE not in str(caught.value)
    assert "found text" in str(caught.value)


def test_misspelt_required_section_is_pointed_out() -> None:
    data = make_plan().to_dict()
    data["custmer"] = data.pop("customer")
    with pytest.raises(PlanError, match="is 'custmer' a misspelling"):
        Plan.from_dict(data)


def test_whole_numbers_written_as_decimals_are_accepted() -> None:
    data = make_plan().to_dict()
    data["customer_profile_mappings"]["rows"][0]["remote_id"] = 1.0
    plan = Plan.from_dict(data)
    assert plan.customer_profile_mappings.rows[0].remote_id == 1
    assert isinstance(plan.customer_profile_mappings.rows[0].remote_id, int)


# ---- Fingerprint ---------------------------------------------------------------------------------


def _reverse_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _reverse_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_keys(item) for item in value]
    return value


def test_fingerprint_is_a_sha256_hex() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", make_plan().fingerprint())


def test_fingerprint_of_the_minimal_example_is_fixed() -> None:
    # Changing what the fingerprint covers must bump FINGERPRINT_VERSION and this value.
    plan = Plan.from_dict(load_json(MINIMAL))
    assert plan.fingerprint() == "db3e86f93aac4a45874ab89fb7295e6017e2633a52b888b04d4be9958d4d1f68"


def test_fingerprint_is_stable_across_key_order_and_json() -> None:
    plan = make_plan()
    data = plan.to_dict()
    reordered = json.loads(json.dumps(_reverse_keys(data)))
    assert list(reordered) != list(data)
    assert Plan.from_dict(reordered).fingerprint() == plan.fingerprint()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: setattr(p, "updated_at", "2030-01-01T00:00:00+00:00"), id="updated"),
        pytest.param(lambda p: setattr(p, "created_at", "2020-01-01T00:00:00+00:00"), id="created"),
        pytest.param(lambda p: p.mark_step(StepId.MAPPINGS, StepStatus.DONE, "ok"), id="step"),
        pytest.param(lambda p: setattr(p, "current_step", StepId.REPORT), id="current-step"),
        pytest.param(lambda p: setattr(p.customer, "last_tested", "2030-01-01"), id="tested"),
        pytest.param(lambda p: setattr(p.customer, "secret_key", "other-entry"), id="keychain"),
        pytest.param(lambda p: setattr(p.customer, "version", "2.200.0"), id="version"),
        pytest.param(lambda p: setattr(p.supplier_profile, "record_id", 99), id="record-id"),
        pytest.param(lambda p: setattr(p.supplier_profile, "authenticated", True), id="authed"),
        pytest.param(lambda p: setattr(p, "e2e", {"passed": False}), id="e2e"),
        pytest.param(lambda p: p.supplier_profile_mappings.rows.reverse(), id="row-order"),
        pytest.param(
            lambda p: setattr(p.supplier_profile_mappings.rows[1], "origin", MappingOrigin.MANUAL),
            id="row-origin",
        ),
        pytest.param(
            lambda p: setattr(p.supplier_profile_mappings.rows[1], "score", 12.0), id="row-score"
        ),
        pytest.param(
            lambda p: p.supplier_profile_mappings.set_row(MappingKind.STATUS, 77, local_id=None),
            id="unmapped-row",
        ),
        pytest.param(
            lambda p: p.supplier_profile_mappings.set_row(
                MappingKind.STATUS, 78, local_id=3, origin=MappingOrigin.SUGGESTED
            ),
            id="suggested-row",
        ),
        pytest.param(
            lambda p: setattr(p.confirmations[0], "confirmed_at", "2031-01-01"), id="confirmed-at"
        ),
        pytest.param(
            lambda p: setattr(p.customer, "base_url", "HTTPS://CONTOSO.haloitsm.com/"),
            id="url-case",
        ),
    ],
)
def test_fingerprint_ignores_what_is_not_configuration(change: Callable[[Plan], object]) -> None:
    plan = make_plan()
    before = plan.fingerprint()
    change(plan)
    assert plan.fingerprint() == before


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda p: setattr(p.supplier_profile_mappings.rows[0], "local_id", 11), id="local-id"
        ),
        pytest.param(
            lambda p: p.customer_profile_mappings.set_row(MappingKind.STATUS, 5, local_id=6),
            id="new-row",
        ),
        pytest.param(
            lambda p: p.supplier_profile_mappings.remove_row(MappingKind.STATUS, 1), id="removed"
        ),
        pytest.param(
            lambda p: setattr(
                p.supplier_profile_mappings.rows[1], "origin", MappingOrigin.SUGGESTED
            ),
            id="row-back-to-suggestion",
        ),
        pytest.param(
            lambda p: setattr(p.supplier_profile_mappings, "default_action", 6), id="default-action"
        ),
        pytest.param(
            lambda p: setattr(p.customer_profile_mappings, "outbound_attachments", False),
            id="attachments",
        ),
        pytest.param(lambda p: setattr(p.customer, "client_id", "cid-z"), id="client-id"),
        pytest.param(lambda p: setattr(p.supplier, "tenant", "northwind"), id="tenant"),
        pytest.param(lambda p: setattr(p.supplier, "api_url", "https://x.example/api"), id="api"),
        pytest.param(lambda p: setattr(p.customer_profile, "name", "Contoso Ltd"), id="profile"),
        pytest.param(lambda p: setattr(p.supplier_profile, "api_access", False), id="api-access"),
        pytest.param(lambda p: p.agents.skip.append("x@contoso.example"), id="agents"),
        pytest.param(lambda p: p.confirm("R17", Side.SUPPLIER, "Note", "Contoso IT"), id="confirm"),
        pytest.param(lambda p: setattr(p, "kind", ConnectionKind.CONNECTED_INSTANCES), id="kind"),
    ],
)
def test_fingerprint_changes_with_the_configuration(change: Callable[[Plan], object]) -> None:
    plan = make_plan()
    before = plan.fingerprint()
    change(plan)
    after = plan.fingerprint()
    assert after != before
    assert after == Plan.from_dict(plan.to_dict()).fingerprint()  # nothing kept from before


# ---- The documented schema -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data = load_json(SCHEMA)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return dict(data)


@pytest.mark.parametrize("example", [MINIMAL, FULL], ids=["minimal", "full"])
def test_examples_match_the_schema_top_level(schema: dict[str, Any], example: Path) -> None:
    data = load_json(example)
    for key in schema["required"] + schema["else"]["required"]:
        assert key in data, f"{example.name} lacks required {key}"
    for key in data:
        assert key in schema["properties"], f"{example.name}: {key} is not declared in the schema"


@pytest.mark.parametrize("example", [MINIMAL, FULL], ids=["minimal", "full"])
def test_examples_validate_against_the_schema(schema: dict[str, Any], example: Path) -> None:
    assert schema_errors(load_json(example), schema, schema) == []


def test_schema_declares_every_field_the_model_writes(schema: dict[str, Any]) -> None:
    data = make_plan().to_dict()
    del data["later_section"]  # an extra section: kept, not declared
    # The feature sections (typed fields, None here) are declared too; test_plan_schema fills them.
    assert set(data) == set(schema["properties"]) - set(KNOWN_SECTIONS)
    defs = schema["$defs"]
    assert set(data["customer"]) == set(defs["instance"]["properties"])
    assert set(data["supplier_profile"]) == set(defs["profile"]["properties"])
    assert set(data["customer_profile_mappings"]) == set(defs["mappings"]["properties"])
    assert set(data["customer_profile_mappings"]["rows"][0]) == set(
        defs["mappingRow"]["properties"]
    )
    assert set(data["confirmations"][0]) == set(defs["confirmation"]["properties"])
    assert set(data["agents"]) == set(defs["agents"]["properties"])
    finished = make_plan()
    finished.mark_step(StepId.INSTANCES, StepStatus.DONE)
    assert set(finished.to_dict()["steps"]["instances"]) == set(defs["stepState"]["properties"])
    assert schema_errors(finished.to_dict(), schema, schema) == []
    assert set(defs["stepName"]["enum"]) == {step.key for step in StepId}
    assert schema["properties"]["format"]["const"] == PLAN_FORMAT
    assert schema_errors(data, schema, schema) == []


@pytest.mark.parametrize(
    "mutate",
    [pytest.param(m, id=name) for name, m, _, _, expressible in INVALID_CASES if expressible],
)
def test_schema_rejects_what_the_model_rejects(schema: dict[str, Any], mutate: Mutation) -> None:
    data = copy.deepcopy(make_plan().to_dict())
    mutate(data)
    assert schema_errors(data, schema, schema) != []


def test_schema_accepts_a_connected_instances_plan(schema: dict[str, Any]) -> None:
    data = load_json(MINIMAL)
    del data["supplier_profile"], data["customer_profile"]
    data["kind"] = "connected_instances"
    assert schema_errors(data, schema, schema) == []
    del data["kind"]
    assert "required supplier_profile" in schema_errors(data, schema, schema)


# ---- No Qt below the UI --------------------------------------------------------------------------


def test_plan_package_does_not_import_qt() -> None:
    code = (
        "import sys, halo_wizard.plan\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
