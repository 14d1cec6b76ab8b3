"""Benchmark: the mappings page at 5,000 x 5,000 actions: auto-map, table shown, filter keystrokes.

Run with `python benchmarks/bench_mapping_table.py [--size N] [--runs R]` (offscreen Qt). The
names come from bench_automap's generator (same seed); each action gets e-mail, hidden and
sends-to settings so the badge columns have something to draw. Targets on this 2-core machine:
auto-map under 0.5 s, the 5,000-row table shown and painted under 0.3 s, one filter keystroke
under 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_automap import build
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from halo_wizard.api import constants as C
from halo_wizard.plan.automap import Choice
from halo_wizard.plan.model import InstancePlan, MappingKind, Plan, Side
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.steps.mappings import SPEC, TO_SUPPLIER, Catalogue, MappingSurvey
from halo_wizard.ui.mapping.page import MappingsPage
from halo_wizard.ui.mapping.workspace import MappingWorkspace
from halo_wizard.ui.services import make_services

TARGETS = {"auto-map": 0.5, "table shown": 0.3, "keystroke": 0.05}
KEYSTROKES = "escalate"


def catalogue(choices: list[Choice], rng: random.Random) -> Catalogue:
    """Actions with these names, and settings that make some pairs wrong (e-mail to e-mail)."""
    records = {
        c.id: {
            "id": c.id,
            "outcome": c.name,
            "sendemail": int(rng.random() < 0.2),
            "hidefromuser": rng.random() < 0.5,
            C.SYNC_TO_HALO: rng.choice((0, 0, 0, 0, 1, 2)),
        }
        for c in choices
    }
    return Catalogue(
        choices={MappingKind.ACTION: choices, MappingKind.STATUS: []},
        records={MappingKind.ACTION: records},
    )


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def verdict(name: str, seconds: float) -> str:
    target = TARGETS[name]
    return f"{seconds * 1000:8.1f} ms   target {target * 1000:.0f} ms -> " + (
        "OK" if seconds <= target else "OVER"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    rng = random.Random(7)
    sources, targets, _ = build(args.size)
    survey = MappingSurvey(
        catalogues={
            Side.CUSTOMER: catalogue(sources, rng),
            Side.SUPPLIER: catalogue(targets, rng),
        }
    )
    plan = Plan.new(
        "bench",
        InstancePlan("Contoso", "https://contoso.example.com", "a"),
        InstancePlan("Northwind MSP", "https://northwind.example.com", "b"),
    )
    folder = tempfile.TemporaryDirectory()
    page = MappingsPage(make_services(PlanStore(Path(folder.name)), MemoryStore()))
    page.resize(1040, 750)
    page.set_plan(plan)
    spec = [SPEC[MappingKind.ACTION]]

    # 1. Auto-map: the engine on a copy of the plan's rows, the difference as one undo command.
    auto_times = []
    for _ in range(args.runs):
        workspace = MappingWorkspace(plan, survey)
        page.workspace = workspace
        page.undo_stack.clear()
        plan.customer_profile_mappings.rows.clear()
        workspace.reindex()
        gc.collect()

        def auto_map(workspace: MappingWorkspace = workspace) -> None:
            page.push(workspace.auto_map(TO_SUPPLIER, spec))

        auto_times.append(timed(auto_map))
    count = page.workspace.auto_counts[(TO_SUPPLIER.receiver, MappingKind.ACTION)]

    # 2. The 5,000-row table: model reset, page shown, first paint.
    def show_first() -> None:
        page.show_table(TO_SUPPLIER, MappingKind.ACTION)
        page.show()
        app.processEvents()

    reset_and_paint = timed(show_first)
    shows = []
    for _ in range(args.runs):
        page.hide()
        app.processEvents()
        shows.append(timed(show_first))
    rows = page.model.rowCount()

    # 3. Keystrokes in the filter: type a word, then take it back letter by letter.
    strokes = []
    for n in (*range(1, len(KEYSTROKES) + 1), *range(len(KEYSTROKES) - 1, -1, -1)):
        text = KEYSTROKES[:n]

        def keystroke(text: str = text) -> None:
            page.toolbar.search.setText(text)
            app.processEvents()

        strokes.append(timed(keystroke))
    narrowest = min(len(KEYSTROKES), 3)
    page.toolbar.search.setText(KEYSTROKES[:narrowest])
    narrowed = page.model.rowCount()
    page.toolbar.search.clear()
    app.processEvents()

    # 4. One edit through the model (an undo command) and its undo, and a sort by a column.
    from halo_wizard.ui.mapping.model import Column

    target_index = page.model.index(10, page.model.column(Column.TARGET))
    choice = page.model.target_options(10)[3].id
    edit = timed(lambda: (page.model.setData(target_index, choice), app.processEvents()))
    undo = timed(lambda: (page.undo_stack.undo(), app.processEvents()))
    sort = timed(
        lambda: (
            page.table.sortByColumn(page.model.column(Column.MATCH), Qt.SortOrder.AscendingOrder),
            app.processEvents(),
        )
    )
    accept_all = timed(lambda: (page.on_accept_all_button_clicked(), app.processEvents()))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # 5. Peak Python memory of the whole path (tracemalloc slows it down: timed separately above).
    page.hide()
    tracemalloc.start()
    workspace = MappingWorkspace(plan, survey)
    page.workspace = workspace
    page.undo_stack.clear()
    plan.customer_profile_mappings.rows.clear()
    workspace.reindex()
    page.push(workspace.auto_map(TO_SUPPLIER, spec))
    show_first()
    page.toolbar.search.setText("esc")
    app.processEvents()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    auto_median, stroke_median = statistics.median(auto_times), statistics.median(strokes)
    first_auto, best_auto = auto_times[0] * 1000, min(auto_times) * 1000
    print(f"mapping table, {len(sources)} x {len(targets)} actions, {args.runs} runs")
    print(f"  auto-map (engine + undo command), median {verdict('auto-map', auto_median)}")
    print(f"      first {first_auto:.1f} ms, best {best_auto:.1f} ms; {count.text}")
    print(f"  table shown ({rows} rows): first {verdict('table shown', reset_and_paint)}")
    print(f"      again, median {statistics.median(shows) * 1000:.1f} ms")
    print(f"  filter keystroke, median of {len(strokes)} {verdict('keystroke', stroke_median)}")
    print(f"      worst {max(strokes) * 1000:.1f} ms; '{KEYSTROKES[:narrowest]}': {narrowed} rows")
    print(f"  one mapping chosen {edit * 1000:.1f} ms, undone {undo * 1000:.1f} ms")
    print(
        f"  sort by Match {sort * 1000:.1f} ms; accept all suggestions {accept_all * 1000:.1f} ms"
    )
    print(f"  peak memory: tracemalloc {peak / 1e6:.1f} MB, process RSS {rss:.0f} MB")
    page.deleteLater()
    app.processEvents()
    folder.cleanup()


if __name__ == "__main__":
    main()
