"""The split modules keep their public names, Halo's field names stay in constants, and the typing
ratchet names each module it still exempts."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import halo_wizard
from halo_wizard.api import client, tokens, transport
from halo_wizard.simulator import demo, demo_data

ROOT = Path(halo_wizard.__file__).resolve().parent
PYPROJECT = ROOT.parent / "pyproject.toml"

# Outcome field names the issue found spelt out in several modules.
HALO_FIELD_NAMES = ("sendemail", "systemid", "newstatus", "hidefromuser")


def test_the_client_module_still_offers_its_public_names() -> None:
    for name in (
        "HaloClient",
        "NaturalKey",
        "InstanceInfo",
        "Record",
        "ENTITY_LABELS",
        "RequestStats",
        "WriteKind",
        "parse_version",
        "halo_error_text",
    ):
        assert hasattr(client, name), name
    assert issubclass(client.HaloClient, tokens.TokenSource)
    assert issubclass(client.HaloClient, transport.Transport)
    assert client.ENTITY_LABELS is transport.ENTITY_LABELS
    assert client.halo_error_text is transport.halo_error_text


def test_the_demo_module_still_offers_the_data_it_builds_from() -> None:
    public = [
        n
        for n in vars(demo_data)
        if not n.startswith("_") and (n.isupper() or n.endswith("Spec") or n == "Flavour")
    ]
    assert "CONTOSO" in public and "ActionSpec" in public
    for name in public:
        assert getattr(demo, name) is getattr(demo_data, name), name
    for name in ("demo_snapshots", "build_snapshot", "workflow_action_ids", "RECORD_LISTS"):
        assert hasattr(demo, name), name
    assert set(demo.__all__) <= set(vars(demo))


def _string_literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    }


def test_demo_and_report_take_halo_field_names_from_constants() -> None:
    for relative in (
        "simulator/demo.py",
        "simulator/demo_data.py",
        "report/content.py",
    ):
        literals = _string_literals(ROOT / relative)
        assert not literals & set(HALO_FIELD_NAMES), relative


def test_the_typing_ratchet_names_each_exempt_ui_module() -> None:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["mypy"]
    files = config["files"]
    assert "halo_wizard/report" in files and "halo_wizard/ui" in files
    exempt = [
        module
        for override in config.get("overrides", [])
        if override.get("ignore_errors")
        for module in (
            [override["module"]] if isinstance(override["module"], str) else override["module"]
        )
    ]
    # None exempt is the ratchet's end; any module added back is named one by one.
    for module in exempt:
        # Named one by one (no wildcard), under the window only, and still existing.
        assert "*" not in module and module.startswith("halo_wizard.ui."), module
        path = ROOT.parent.joinpath(*module.split(".")).with_suffix(".py")
        assert path.is_file(), module
