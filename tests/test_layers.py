"""Every module's imports, those inside functions included, form no cycle and never point upwards.

The layers, top to bottom. A module may import its own layer and the layers below it, except
that the engine and the simulator never import each other and report/ imports neither the
simulator nor a face (MAY_IMPORT below is the exact table):

    commands    cli.py, commands/, __main__   the headless face; may open the window or the report
    ui          ui/                            the window (Qt)
    report      report/                        the PDF report (Qt inside its functions)
    engine      steps/, rules/, credentials    what a run does; never knows who shows it
    simulator   simulator/                     the independent oracle: a pillar of its own
    plan        plan/, pairing, journey        the saved plan (journey: its steps, light enough
                                               for the window's first paint)
    api         api/                           Halo's HTTP API and its names
    foundation  halo_wizard, paths, logsetup, secretstore, atomic, files

Why these rules, read from the code:
- steps/ and rules/ are one layer and may import each other: the rules read the engine's model of
  an instance (steps.configuration, steps.mappings, ...) and the engine's recommendations
  (steps.recommend, which builds and applies changes) run the rules' check, so both directions
  stay. What keeps them honest is the cycle check, which works module by module.
- The simulator answers as Halo would, without the wizard's own reading of Halo: it may use the
  API's names (api.constants) and the plan's, never steps/, rules/, report/ or ui/, and the engine
  never imports the simulator (only the faces do, to run a demo or `simulate`).
- Nothing but the faces imports ui/. The window never imports the commands (both are faces over
  the same engine), and report/ imports neither face, so both faces can print it.

Importing a submodule runs its package's __init__ first, so a package's re-exports count as
imports of whoever imports one of its submodules from outside the package.
An import inside `if TYPE_CHECKING:` runs nothing, so it cannot make a cycle; it still counts for
the layers (a lower layer must not even name a higher layer's types). An import inside a function
counts for both: moving an import into a function hides a cycle, it does not break it.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import halo_wizard

PACKAGE = "halo_wizard"
ROOT = Path(halo_wizard.__file__).parent
REPO = ROOT.parent

LAYERS: dict[str, tuple[str, ...]] = {
    "commands": ("halo_wizard.cli", "halo_wizard.commands", "halo_wizard.__main__"),
    "ui": ("halo_wizard.ui",),
    "report": ("halo_wizard.report",),
    "engine": ("halo_wizard.steps", "halo_wizard.rules", "halo_wizard.credentials"),
    "simulator": ("halo_wizard.simulator",),
    "plan": ("halo_wizard.plan", "halo_wizard.pairing", "halo_wizard.journey"),
    "api": ("halo_wizard.api",),
    "foundation": (
        "halo_wizard",
        "halo_wizard.paths",
        "halo_wizard.logsetup",
        "halo_wizard.secretstore",
        "halo_wizard.atomic",
        "halo_wizard.files",
    ),
}
"""Which modules form each layer: a name and everything below it (the bare package only itself)."""

MAY_IMPORT: dict[str, frozenset[str]] = {
    "commands": frozenset(LAYERS),
    "ui": frozenset({"ui", "report", "engine", "simulator", "plan", "api", "foundation"}),
    "report": frozenset({"report", "engine", "plan", "api", "foundation"}),
    "engine": frozenset({"engine", "plan", "api", "foundation"}),
    "simulator": frozenset({"simulator", "plan", "api", "foundation"}),
    "plan": frozenset({"plan", "api", "foundation"}),
    "api": frozenset({"api", "foundation"}),
    "foundation": frozenset({"foundation"}),
}


@dataclass(frozen=True)
class Import:
    """One import statement of a halo_wizard module that names another halo_wizard module."""

    importer: str
    imported: str
    path: Path
    line: int
    type_only: bool
    in_function: bool
    implied: bool = False
    """The package of an imported submodule: Python runs its __init__ (and its re-exports) first."""

    def where(self) -> str:
        place = " (inside a function)" if self.in_function else ""
        place = " (under TYPE_CHECKING)" if self.type_only else place
        place += f" (which runs {self.imported}'s __init__)" if self.implied else ""
        return f"{self.path.relative_to(REPO)}:{self.line}{place}"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: dotted name -> (source file, is a package)."""
    found: dict[str, tuple[Path, bool]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _statements(
    tree: ast.AST, type_only: bool = False, in_function: bool = False
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool, bool]]:
    """Every import statement below `tree`, with whether it is type-only or inside a function."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, type_only, in_function
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from _statements(ast.Module([child], []), True, in_function)
            for child in node.orelse:
                yield from _statements(ast.Module([child], []), type_only, in_function)
        else:
            inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from _statements(node, type_only, inside)


def _containing_module(name: str) -> str | None:
    """`name` if it is a module, else the nearest enclosing module (a.b.C -> a.b)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _targets(importer: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The halo_wizard modules one import statement loads (a `from` name that is a submodule)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = importer.split(".")
            if not MODULES[importer][1]:
                base.pop()
            base = base[: len(base) - (node.level - 1)]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module or ""
        names = [
            f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source
            for alias in node.names
        ]
    targets = []
    for name in names:
        if name != PACKAGE and not name.startswith(PACKAGE + "."):
            continue
        module = _containing_module(name)
        if module is not None and module != importer and module not in targets:
            targets.append(module)
    return targets


def _imports() -> list[Import]:
    found = []
    for name, (path, _) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, type_only, in_function in _statements(tree):
            for target in _targets(name, node):
                found.append(Import(name, target, path, node.lineno, type_only, in_function))
                found += [
                    Import(name, package, path, node.lineno, type_only, in_function, implied=True)
                    for package in _packages_run_first(name, target)
                ]
    return found


def _packages_run_first(importer: str, target: str) -> list[str]:
    """The packages whose __init__ importing `target` runs, except those `importer` is inside."""
    parts = target.split(".")
    packages = [".".join(parts[:end]) for end in range(2, len(parts))]
    return [p for p in packages if importer != p and not importer.startswith(p + ".")]


IMPORTS = _imports()


def _layer(module: str) -> str | None:
    best: tuple[int, str] | None = None
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            matches = module == prefix or (prefix != PACKAGE and module.startswith(prefix + "."))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), layer)
    return best[1] if best else None


def _cycles(edges: list[Import]) -> list[list[Import]]:
    """One shortest cycle for each knot of modules that import each other (strongly connected)."""
    graph: dict[str, dict[str, Import]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, {}).setdefault(edge.imported, edge)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan; the graph is a few hundred modules deep at most
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            knot = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                knot.add(member)
                if member == node:
                    break
            if len(knot) > 1:
                knots.append(knot)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    cycles = []
    for knot in knots:
        start = min(knot)
        came_from: dict[str, Import] = {}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for nxt, edge in sorted(graph.get(node, {}).items()):
                if nxt not in knot or nxt in came_from:
                    continue
                came_from[nxt] = edge
                queue.append(nxt)
            if start in came_from:
                break
        chain = [came_from[start]]
        while chain[0].importer != start:
            chain.insert(0, came_from[chain[0].importer])
        cycles.append(chain)
    return sorted(cycles, key=lambda chain: chain[0].importer)


def _describe(chain: list[Import]) -> str:
    lines = [f"  {' -> '.join([edge.importer for edge in chain] + [chain[0].importer])}"]
    lines += [f"    {edge.where()}: imports {edge.imported}" for edge in chain]
    return "\n".join(lines)


def test_the_walk_sees_every_kind_of_import() -> None:
    pairs = {(edge.importer, edge.imported): edge for edge in IMPORTS}
    # A `from package import submodule` names the submodule, not the package.
    assert ("halo_wizard.__main__", "halo_wizard.cli") in pairs
    # Package re-exports count: the package imports what it re-exports.
    assert ("halo_wizard.simulator", "halo_wizard.simulator.server") in pairs
    assert any(edge.in_function for edge in IMPORTS)
    assert any(edge.type_only for edge in IMPORTS)
    # Importing a submodule runs its package's __init__ first, re-exports and all.
    assert _packages_run_first("halo_wizard.steps.recommend", "halo_wizard.rules.inputs") == [
        "halo_wizard.rules"
    ]
    assert _packages_run_first("halo_wizard.ui.pages.report", "halo_wizard.ui.menus") == []
    assert ("halo_wizard.ui.demo", "halo_wizard.simulator") in pairs
    assert len(MODULES) > 50
    # Relative imports resolve from the importing module's package.
    for source, expected in (
        ("from .sync import after_action_write", "halo_wizard.simulator.sync"),
        ("from . import sync", "halo_wizard.simulator.sync"),
        ("from .. import cli", "halo_wizard.cli"),
        ("from ..api.constants import CI_NAME", "halo_wizard.api.constants"),
        ("import halo_wizard.steps.flow as flow", "halo_wizard.steps.flow"),
    ):
        (node,) = ast.parse(source).body
        assert isinstance(node, ast.Import | ast.ImportFrom)
        assert _targets("halo_wizard.simulator.hooks", node) == [expected], source


def test_every_module_is_in_a_layer() -> None:
    missing = sorted(
        str(MODULES[name][0].relative_to(REPO)) for name in MODULES if not _layer(name)
    )
    assert not missing, f"Add these modules to LAYERS in tests/test_layers.py: {missing}"


def test_no_import_cycles() -> None:
    runtime = [edge for edge in IMPORTS if not edge.type_only]
    cycles = _cycles(runtime)
    if cycles:
        pytest.fail(
            "These modules import each other (an import inside a function counts). Break each "
            "cycle by moving what both sides need into a module below them, then drop one of "
            "these imports:\n" + "\n".join(_describe(chain) for chain in cycles),
            pytrace=False,
        )


def _upward(edges: list[Import]) -> list[str]:
    """Each import that points up the layers, as "file:line: what imports what"."""
    wrong = []
    for edge in edges:
        source, target = _layer(edge.importer), _layer(edge.imported)
        if source is None or target is None or target in MAY_IMPORT[source]:
            continue
        allowed = ", ".join(sorted(MAY_IMPORT[source]))
        wrong.append(
            f"  {edge.where()}: {edge.importer} ({source}) imports {edge.imported} ({target}); "
            f"{source} may import only {allowed}"
        )
    return wrong


def test_no_import_from_a_lower_layer_to_a_higher_one() -> None:
    wrong = _upward(IMPORTS)
    if wrong:
        pytest.fail(
            "Imports that point up the layers (see tests/test_layers.py's docstring); move the "
            "shared piece down to a layer both may use, then change these lines:\n"
            + "\n".join(wrong),
            pytrace=False,
        )


def test_the_layer_check_names_the_line_to_change() -> None:
    here = Path(__file__)
    edges = [
        Import("halo_wizard.steps.drift", "halo_wizard.cli", here, 7, False, True),
        Import("halo_wizard.simulator.sync", "halo_wizard.steps.mappings", here, 8, True, False),
        Import("halo_wizard.plan.model", "halo_wizard.api.constants", here, 9, False, False),
        Import("halo_wizard.ui.app", "halo_wizard.commands.check", here, 10, False, False),
        Import("halo_wizard.cli", "halo_wizard.ui.app", here, 11, False, True),
    ]
    wrong = _upward(edges)
    assert len(wrong) == 3
    assert wrong[0].startswith("  tests/test_layers.py:7 (inside a function): halo_wizard.steps")
    assert "(engine) imports halo_wizard.cli (commands)" in wrong[0]
    assert "tests/test_layers.py:8 (under TYPE_CHECKING)" in wrong[1]
    assert "(ui) imports halo_wizard.commands.check (commands)" in wrong[2]


def test_the_cycle_finder_reports_a_readable_chain() -> None:
    here = Path(__file__)
    edges = [
        Import("halo_wizard.a", "halo_wizard.b", here, 1, False, False),
        Import("halo_wizard.b", "halo_wizard.c", here, 2, False, True),
        Import("halo_wizard.c", "halo_wizard.a", here, 3, False, False),
        Import("halo_wizard.c", "halo_wizard.d", here, 4, False, False),
    ]
    (chain,) = _cycles(edges)
    assert [edge.importer for edge in chain] == ["halo_wizard.a", "halo_wizard.b", "halo_wizard.c"]
    text = _describe(chain)
    assert "halo_wizard.a -> halo_wizard.b -> halo_wizard.c -> halo_wizard.a" in text
    assert "tests/test_layers.py:2 (inside a function): imports halo_wizard.c" in text
    assert _cycles(edges[:2] + edges[3:]) == []


def test_no_test_module_imports_another() -> None:
    """Shared cases and fixtures live in helper modules (demo_setup, e2e_cases, ...), never in a
    test module, so that running one test file never runs another's module code twice."""
    tests = Path(__file__).parent
    offenders = []
    for path in sorted(tests.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            offenders += [
                f"{path.relative_to(tests.parent)}:{node.lineno} imports {name}"
                for name in names
                if name.split(".")[-1].startswith("test_")
            ]
    assert not offenders, "move what is shared into a helper module:\n" + "\n".join(offenders)
