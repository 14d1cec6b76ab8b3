"""Each small helper is written once: the edge behaviour of the one definition, pinned."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest

from halo_wizard import atomic
from halo_wizard.api import snapshot as api_snapshot
from halo_wizard.api.errors import InvalidUrl
from halo_wizard.api.urls import parse_instance_url
from halo_wizard.api.values import as_int, workflow_action_ids
from halo_wizard.plan import model as plan_model
from halo_wizard.plan.model import (
    DEFAULT_ATTRIBUTE,
    InstancePlan,
    MappingKind,
    ProfileMappings,
    derive_api_url,
    derive_auth_url,
)
from halo_wizard.simulator import state as sim_state
from halo_wizard.steps import changes, configuration, mappings

# ---- atomic JSON write -----------------------------------------------------------------------


def test_atomic_write_replaces_the_file_with_the_whole_new_text(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "a.json"
    atomic.write_json_atomic(path, {"b": 1, "a": "é"}, sort_keys=True)
    assert path.read_text(encoding="utf-8") == '{\n  "a": "é",\n  "b": 1\n}\n'
    owner_only = path.stat().st_mode & 0o777
    atomic.write_json_atomic(path, [1], mode=0o644)
    assert json.loads(path.read_text(encoding="utf-8")) == [1]
    if os.name != "nt":  # Windows has no such permission bits
        assert owner_only == 0o600  # owner only unless asked otherwise
        assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["a.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.json"
    atomic.write_json_atomic(path, {"old": True})
    before = path.read_bytes()

    def refuse(source: str, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "_replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        atomic.write_json_atomic(path, {"new": True})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_data_that_is_no_json_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    atomic.write_json_atomic(path, {"old": True})
    before = path.read_bytes()
    with pytest.raises(ValueError):
        atomic.write_json_atomic(path, {"bad": math.nan})
    with pytest.raises(TypeError):
        atomic.write_json_atomic(path, {"bad": object()})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_every_json_file_writer_is_the_one_atomic_write() -> None:
    assert api_snapshot.write_json_atomic is atomic.write_json_atomic
    assert sim_state.write_json_atomic is atomic.write_json_atomic


# ---- int coercion ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, 12),
        (-3, -3),
        (0, 0),
        ("12", 12),
        (" 12 ", 12),
        ("-3", -3),
        (12.0, 12),
        (12.5, None),
        (math.nan, None),
        (math.inf, None),
        (True, None),
        (False, None),
        (None, None),
        ("", None),
        ("12.0", None),
        ("12a", None),
        ("+12", None),
        ("²", None),
        ([12], None),
        ({"id": 12}, None),
    ],
)
def test_as_int_edges(value: Any, expected: int | None) -> None:
    assert as_int(value) == expected
    if expected is not None:
        assert type(as_int(value)) is int


def test_the_read_model_uses_the_one_as_int() -> None:
    assert configuration.as_int is as_int
    assert configuration.workflow_action_ids is workflow_action_ids


# ---- workflow action ids ---------------------------------------------------------------------


def test_workflow_action_ids_in_order_once_each_and_tolerant() -> None:
    workflow = {
        "steps": [
            {"actions": [{"action_id": 5}, {"action_id": "7"}, {"action_id": True}]},
            "not a step",
            {"actions": [{"action_id": 5}, "not a row", {"action_id": None}]},
            {"actions": None},
        ],
        "always_allow_actions": [{"id": 9}, {"id": 7}, {"id": "x"}],
    }
    assert workflow_action_ids(workflow) == (5, 7, 9)
    assert workflow_action_ids({"id": 1, "name": "list row only"}) == ()
    assert workflow_action_ids({"steps": "damaged", "always_allow_actions": {"id": 3}}) == ()


# ---- "Yes"/"No" wording ----------------------------------------------------------------------


def test_yes_no_wording() -> None:
    assert changes.yes_no(True) == "Yes"
    assert changes.yes_no(False) == "No"
    assert changes.yes_no(1) == "Yes"
    assert changes.yes_no(0) == "No"
    assert changes.FieldChange("x", "X", False, True).new_text == "Yes"
    assert changes.FieldChange("x", "X", False, True).old_text == "No"


# ---- one URL derivation ----------------------------------------------------------------------

ADDRESSES = [
    ("acme.halopsa.com", "https://acme.halopsa.com"),
    ("https://acme.halopsa.com", "https://acme.halopsa.com"),
    ("https://acme.halopsa.com/", "https://acme.halopsa.com"),
    ("https://ACME.halopsa.com/api/", "https://acme.halopsa.com"),
    ("https://acme.halopsa.com/auth", "https://acme.halopsa.com"),
    ("https://acme.halopsa.com/tickets?id=4", "https://acme.halopsa.com"),
    ("https://h.example/halo/auth", "https://h.example/halo"),
    ("h.example/halo", "https://h.example/halo"),
    ("https://h.example:8443", "https://h.example:8443"),
    ("h.example:8443/halo/", "https://h.example:8443/halo"),
    ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
    ("localhost:8123/", "http://localhost:8123"),
]


@pytest.mark.parametrize(("address", "base"), ADDRESSES)
def test_every_path_derives_the_same_api_and_auth_url(address: str, base: str) -> None:
    endpoint = parse_instance_url(address)
    assert endpoint.base_url == base
    assert endpoint.api_url == f"{base}/api"
    assert endpoint.auth_url == f"{base}/auth"
    assert derive_api_url(address) == endpoint.api_url
    assert derive_auth_url(address) == endpoint.auth_url
    instance = InstancePlan(name="x", base_url=address)
    assert (instance.api_url, instance.auth_url) == (endpoint.api_url, endpoint.auth_url)


@pytest.mark.parametrize("address", ["", "   ", "http://acme.halopsa.com", "not an address"])
def test_no_api_url_is_derived_from_what_is_no_instance_address(address: str) -> None:
    # The parser refuses these (plain http is for loopback only); no half-right URL is made up.
    with pytest.raises(InvalidUrl):
        parse_instance_url(address)
    assert derive_api_url(address) == ""
    assert derive_auth_url(address) == ""


# ---- the default attribute per mapping kind --------------------------------------------------


def test_one_default_attribute_per_mapping_kind() -> None:
    assert mappings._DEFAULT_ATTR is DEFAULT_ATTRIBUTE
    assert plan_model.DEFAULT_ATTRIBUTE is DEFAULT_ATTRIBUTE
    assert set(DEFAULT_ATTRIBUTE) == {
        MappingKind.STATUS,
        MappingKind.CATEGORY,
        MappingKind.ACTION,
        MappingKind.TICKET_TYPE,
    }
    blank = ProfileMappings()
    for attribute in DEFAULT_ATTRIBUTE.values():
        assert getattr(blank, attribute) is None  # each names a real default of ProfileMappings
    with pytest.raises(TypeError):
        DEFAULT_ATTRIBUTE[MappingKind.STATUS] = "elsewhere"  # type: ignore[index]
