"""The plan's feature sections are typed fields: each reads and writes under its own JSON key
exactly as the file holds it, a damaged one is refused with the path of the bad field, and
Plan.extra keeps only the sections this version does not know."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from halo_wizard.plan.model import (
    KNOWN_SECTIONS,
    SECTION_TYPES,
    ActionCheck,
    ActionSettings,
    CreatedRows,
    InstancePlan,
    LinkedPlan,
    ParkedRoles,
    Plan,
    PlanError,
    Side,
)

FINGERPRINT = "ab" * 32
SECTIONS: dict[str, Any] = {
    "action_check": {
        "checked_at": "2026-11-30T11:00:00+00:00",
        "findings": [{"rule": "R8", "severity": "error", "message": "Sends e-mail"}],
        "fingerprint": FINGERPRINT,
        "inputs": {"mappings": "0123456789abcdef"},
    },
    "action_settings": {
        "recorded_at": "2026-11-30T11:00:00+00:00",
        "supplier": {"14": {"name": "Add Note", "sendemail": 0, "newstatus": None}},
    },
    "connected_instances": LinkedPlan(
        connected_instance_id=4, identifiers={"customer": "C"}
    ).to_dict(),
    "created_by_halo_wizard": {"customer": {"3": 41, "-1": 42}},
}


def plan_data(**sections: Any) -> dict[str, Any]:
    plan = Plan.new(
        "",
        InstancePlan("Contoso", "https://contoso.halopsa.com", client_id="a"),
        InstancePlan("Northwind MSP", "https://northwind.halopsa.com", client_id="b"),
    )
    return {**plan.to_dict(), **copy.deepcopy(sections)}


def test_every_section_has_a_typed_field_under_its_key() -> None:
    assert set(SECTION_TYPES) == set(KNOWN_SECTIONS)
    plan = Plan.from_dict(plan_data(**SECTIONS))
    assert plan.extra == {}
    assert isinstance(plan.action_check, ActionCheck) and plan.action_check.fingerprint
    assert isinstance(plan.action_settings, ActionSettings)
    assert plan.action_settings.of(Side.SUPPLIER, 14)["name"] == "Add Note"
    assert plan.action_settings.of(Side.CUSTOMER, 14) == {}
    assert isinstance(plan.connected_instances, LinkedPlan)
    assert plan.connected_instances.connected_instance_id == 4
    assert isinstance(plan.created_by_halo_wizard, CreatedRows)
    assert plan.created_by_halo_wizard.maps(Side.CUSTOMER, -1, 42)
    assert not plan.created_by_halo_wizard.maps(Side.SUPPLIER, -1, 42)


@pytest.mark.parametrize(
    "section",
    [
        {"action_check": {"findings": []}},  # as an older version stored it
        {"action_settings": {"customer": {}}},  # no time, one instance only
        {"created_by_halo_wizard": {}},
        SECTIONS,
    ],
    ids=["old-check", "partial-settings", "empty-created", "all"],
)
def test_a_section_is_written_back_exactly_as_read(section: dict[str, Any]) -> None:
    data = plan_data(**section)
    again = Plan.from_dict(json.loads(json.dumps(data))).to_dict()
    assert json.dumps(again, sort_keys=True) == json.dumps(data, sort_keys=True)


def test_an_unknown_section_stays_in_extra_beside_the_typed_ones() -> None:
    plan = Plan.from_dict(plan_data(later_section={"rows": [1]}, **SECTIONS))
    assert plan.extra == {"later_section": {"rows": [1]}}
    assert plan.to_dict()["later_section"] == {"rows": [1]}


def test_a_known_section_put_in_extra_is_refused_on_writing() -> None:
    plan = Plan.from_dict(plan_data())
    plan.extra["action_check"] = {"findings": []}
    with pytest.raises(PlanError, match=r"plan\.extra\.action_check: clashes"):
        plan.to_dict()


@pytest.mark.parametrize(
    ("section", "field", "words"),
    [
        ({"action_check": {"checked_at": "2026-11-30T11:00:00+00:00"}}, "findings", "required"),
        ({"action_check": {"findings": [1]}}, "findings[0]", "expected an object"),
        ({"action_check": {"findings": [], "fingerprint": "x"}}, "fingerprint", "sha256"),
        ({"action_check": {"findings": [], "inputs": {"mappings": "z"}}}, "inputs.mappings", "hex"),
        ({"action_check": {"findings": [], "checkd_at": "x"}}, "checkd_at", "did you mean"),
        ({"action_settings": {"both": {}}}, "both", "unknown field"),
        ({"action_settings": {"supplier": {"x": {}}}}, "supplier.x", "action id"),
        ({"action_settings": {"supplier": {"1": {"sendemail": 0.5}}}}, "sendemail", "fraction"),
        ({"action_settings": {"supplier": {"1": {"name": 3}}}}, "1.name", "expected text"),
        ({"action_settings": {"supplier": {"1": {"api_token": 1}}}}, "api_token", "never holds"),
        ({"created_by_halo_wizard": {"supplier": {"3": "41"}}}, "supplier.3", "whole number"),
        ({"connected_instances": {"linked_list_id": "30"}}, "linked_list_id", "whole number"),
        ({"connected_instances": {"identifiers": {"A": "x"}}}, "identifiers.A", "unknown"),
        ({"connected_instances": {"source_filters": [1]}}, "source_filters[0]", "expected text"),
        ({"other_roles": {"steps": {}}}, "other_roles.", "required"),
    ],
)
def test_a_damaged_section_is_refused_naming_the_field(
    section: dict[str, Any], field: str, words: str
) -> None:
    key = next(iter(section))
    with pytest.raises(PlanError) as raised:
        Plan.from_dict(plan_data(**section))
    assert raised.value.field is not None and raised.value.field.startswith(f"plan.{key}")
    assert field in raised.value.field or field in str(raised.value)
    assert words in str(raised.value)


def test_swap_roles_parks_the_sections_and_a_damaged_parked_one_is_refused() -> None:
    plan = Plan.from_dict(plan_data(later_section=[1], **SECTIONS))
    before = plan.to_dict()
    plan.supplier_profile.record_id = 41  # something of the roles, so something is put aside
    plan.swap_roles()
    assert isinstance(plan.other_roles, ParkedRoles) and plan.extra == {}
    assert plan.action_check is None and plan.connected_instances is None
    assert set(plan.other_roles.sections) == {*SECTIONS, "later_section"}
    data = plan.to_dict()
    assert Plan.from_dict(data).to_dict() == data  # the parked plan reads back as it was
    data["other_roles"]["extra"]["action_check"] = {"findings": "none"}
    with pytest.raises(PlanError, match=r"plan\.other_roles\.extra\.action_check\.findings"):
        Plan.from_dict(data)
    plan.swap_roles()
    assert plan.supplier_profile.record_id == 41 and plan.other_roles is None
    plan.supplier_profile.record_id = None
    assert plan.to_dict() == before
