"""docs/plan.schema.json describes every section a saved plan holds: the plan the demo journey
leaves behind (apply, validate, test through the command entry points), a plan with its roles
swapped and a connected-instances plan all validate with no undeclared key anywhere."""

from __future__ import annotations

import copy
import importlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_instances import demo_instances
from schema_check import schema_errors

from halo_wizard import cli, credentials
from halo_wizard.plan.linked import LinkedPlan, linked_of, store_linked
from halo_wizard.plan.model import (
    KNOWN_SECTIONS,
    ConnectionKind,
    InstancePlan,
    Plan,
    Side,
    StepId,
    StepStatus,
)
from halo_wizard.plan.store import load_plan, save_plan
from halo_wizard.simulator import SimulatedInstance

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "plan.schema.json"
# Every keyword the schema may use: the ones tests/schema_check.py understands, and annotations.
CHECKED = {"$ref", "type", "const", "enum", "pattern", "anyOf", "allOf", "not", "if", "then"}
CHECKED |= {"else", "required", "properties", "propertyNames", "additionalProperties", "items"}
CHECKED |= {"prefixItems", "minItems", "maxItems"}
ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "format"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return dict(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def strict(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with no room for an undeclared top-level section."""
    tightened = copy.deepcopy(schema)
    tightened["additionalProperties"] = False
    return tightened


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo set up and tested headless, as an admin does it: the saved plan file."""
    folder = tmp_path_factory.mktemp("journey")
    with pytest.MonkeyPatch.context() as patch, demo_instances() as (contoso, northwind):
        path = folder / "plan.json"
        path.write_text(json.dumps(_hand_written(contoso, northwind)), encoding="utf-8")
        patch.setenv(credentials.CUSTOMER_SECRET_ENV, _secret(contoso))
        patch.setenv(credentials.SUPPLIER_SECRET_ENV, _secret(northwind))
        patch.setenv("HALO_WIZARD_HOME", str(folder / "home"))
        patch.setenv("HALO_WIZARD_MEMORY_SECRETS", "1")
        assert cli.main(["apply", "--plan", str(path), "--yes", "--auto-map", "--recommended"]) == 0
        # R14's e-mail setting is not shown by the API: blocking until the admin confirms it.
        assert cli.main(["validate", "--plan", str(path)]) == 1
        assert cli.main(["confirm", "--plan", str(path), "R14", "--by", "Demo Admin"]) == 0
        assert cli.main(["validate", "--plan", str(path)]) == 0
        assert cli.main(["test", "--plan", str(path)]) == 0
        yield path


def _secret(instance: SimulatedInstance) -> str:
    assert instance.application is not None
    return instance.application.client_secret


def _hand_written(customer: SimulatedInstance, supplier: SimulatedInstance) -> dict[str, Any]:
    """The minimal plan of docs/plan.md, with the simulators' addresses."""
    assert customer.application and supplier.application
    return {
        "customer": {
            "name": "Contoso",
            "base_url": customer.url,
            "client_id": customer.application.client_id,
        },
        "supplier": {
            "name": "Northwind MSP",
            "base_url": supplier.url,
            "client_id": supplier.application.client_id,
        },
        "supplier_profile": {"name": "Northwind MSP"},
        "customer_profile": {"name": "Contoso"},
    }


def _saved(plan: Plan, path: Path) -> dict[str, Any]:
    save_plan(plan, path)
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _keywords(node: Any, found: set[str]) -> set[str]:
    """Every keyword used anywhere in the schema (property names and $defs entries are not)."""
    if isinstance(node, list):
        for item in node:
            _keywords(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for sub in value.values():
                    _keywords(sub, found)
            elif key not in ("const", "enum"):
                _keywords(value, found)
    return found


def _resolved(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def test_the_checker_understands_every_keyword_of_the_schema(schema: dict[str, Any]) -> None:
    assert _keywords(schema, set()) - CHECKED - ANNOTATIONS == set()


def test_every_known_section_is_described_closed_and_owned(schema: dict[str, Any]) -> None:
    for name, owner in KNOWN_SECTIONS.items():
        assert name in schema["properties"], f"{name} is not described in the schema"
        section = _resolved(schema["properties"][name], schema)
        assert section["additionalProperties"] is False, name
        assert schema["properties"][name]["description"], name
        # The owning module names the section by the same key (its constant).
        assert name in vars(importlib.import_module(owner)).values(), f"{owner} lacks {name}"
    e2e = _resolved(schema["properties"]["e2e"]["anyOf"][1], schema)
    assert e2e["additionalProperties"] is False


def test_the_plan_the_demo_journey_saves_validates(
    journey: Path, strict: dict[str, Any], schema: dict[str, Any]
) -> None:
    data = json.loads(journey.read_text(encoding="utf-8"))
    for name in ("action_check", "action_settings", "created_by_halo_wizard", "e2e"):
        assert data.get(name), f"the journey wrote no {name}"
    assert data["action_check"]["findings"], "the check's findings are validated too"
    assert data["e2e"]["passed"] is True
    assert any(state.get("inputs") for state in data["steps"].values())
    assert any(fact for side in ("customer", "supplier") for fact in data[side]["learned"])
    assert schema_errors(data, strict, schema) == []


def test_a_skipped_step_and_an_accepted_suggestion_validate(
    journey: Path, strict: dict[str, Any], schema: dict[str, Any], tmp_path: Path
) -> None:
    plan = load_plan(journey)
    plan.mark_step(StepId.AGENTS, StepStatus.SKIPPED, "done by hand")
    data = _saved(plan, tmp_path / "skipped.json")
    assert data["steps"]["agents"]["status"] == "skipped"
    data["customer_profile_mappings"]["rows"][0]["origin"] = "accepted"
    assert schema_errors(data, strict, schema) == []


def test_a_plan_with_its_roles_swapped_validates_both_ways(
    journey: Path, strict: dict[str, Any], schema: dict[str, Any], tmp_path: Path
) -> None:
    plan = load_plan(journey)
    plan.swap_roles()
    swapped = _saved(plan, tmp_path / "swapped.json")
    parked = swapped["other_roles"]
    assert parked["customer_ticket_types"]["rows"], "the ticket type rows went aside"
    assert set(parked["extra"]) >= {"action_check", "action_settings"}
    assert schema_errors(swapped, strict, schema) == []
    plan.swap_roles()
    back = _saved(plan, tmp_path / "back.json")
    original = json.loads(journey.read_text(encoding="utf-8"))
    assert "other_roles" not in back and back["action_check"] == original["action_check"]
    assert schema_errors(back, strict, schema) == []


def test_a_connected_instances_plan_validates(
    strict: dict[str, Any], schema: dict[str, Any], tmp_path: Path
) -> None:
    plan = Plan.new(
        "Contoso ⇢ Northwind MSP",
        InstancePlan("Contoso", "https://contoso.halopsa.com", client_id="cid-a"),
        InstancePlan("Northwind MSP", "https://northwind.halopsa.com", client_id="cid-b"),
        kind=ConnectionKind.CONNECTED_INSTANCES,
    )
    linked = linked_of(plan)
    filled = LinkedPlan(
        application_client_id="cid-linked",
        application_verified=True,
        connected_instance_name="Contoso",
        connected_instance_id=4,
        last_test_ok=False,
        last_test_result="Connection failed",
        last_tested="2026-09-01T09:15:00+00:00",
        source_list_id=12,
        source_list_name="Escalations for Northwind",
        source_filters=["Status: Open"],
        linked_list_name="Escalations from Contoso",
        linked_list_id=30,
        identifiers={Side.CUSTOMER.value: "CONTOSO", Side.SUPPLIER.value: "NW"},
    )
    described = schema["$defs"]["connectedInstances"]["properties"]
    assert set(described) == set(filled.to_dict()) == set(linked.to_dict())
    for section in (linked, filled):
        store_linked(plan, section)
        data = _saved(plan, tmp_path / "linked.json")
        assert "supplier_profile" not in data or data["kind"] == "connected_instances"
        assert schema_errors(data, strict, schema) == []
        assert linked_of(load_plan(tmp_path / "linked.json")) == section


def test_an_undescribed_section_is_refused_by_the_strict_schema(
    journey: Path, strict: dict[str, Any], schema: dict[str, Any]
) -> None:
    data = json.loads(journey.read_text(encoding="utf-8"))
    data["later_section"] = {"answer": 1}
    assert schema_errors(data, strict, schema) == ["later_section: not allowed"]
    assert schema_errors(data, schema, schema) == []  # the published schema keeps it
    data["action_settings"]["remembered_by"] = "someone"
    assert "action_settings: remembered_by: not allowed" in schema_errors(data, schema, schema)


def test_an_unknown_section_is_kept_and_noted_once(
    strict: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    data = {
        "customer": {"name": "A", "base_url": "https://a.halopsa.com", "client_id": "a"},
        "supplier": {"name": "B", "base_url": "https://b.halopsa.com", "client_id": "b"},
        "kind": "connected_instances",
        "a_section_from_a_newer_version": {"rows": [1]},
        "action_check": {"findings": []},
    }
    with caplog.at_level(logging.DEBUG, logger="halo_wizard.plan.model"):
        plan = Plan.from_dict(data)
        again = Plan.from_dict(plan.to_dict())
    assert again.extra["a_section_from_a_newer_version"] == {"rows": [1]}
    assert again.extra == {"a_section_from_a_newer_version": {"rows": [1]}}
    assert again.action_check is not None and again.action_check.to_dict() == {"findings": []}
    noted = [r.getMessage() for r in caplog.records if "version knows" in r.getMessage()]
    assert noted == [
        "plan section 'a_section_from_a_newer_version' is not one this version knows; kept"
    ]
