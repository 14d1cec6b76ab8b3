"""Benchmark: the window's thread while the Action check page checks the demo pair at --scale 80.

Both instances are set up first (steps 1-7, auto-map) and served by a child process (as a real
Halo is elsewhere: served from this process, the simulator's threads would hold the interpreter
while they write a 5 MB list of actions, and the stall would be theirs). Then the page checks them
once, and "Re-check" is pressed R times, each reading both instances again, running every rule
and recommendation on a worker thread and storing the result in the plan; a 5 ms heartbeat timer
on the window's thread measures its longest gap from the click until the result is shown, with
the app's GUI-thread collector running as in the app. The request budget is lifted (the figure
is the window's, not Halo's limit: at this scale a check waits one 5-minute window on Halo).

Run: python benchmarks/bench_check_stall.py [--scale 80] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bench_discovery import served
from bench_mapping_table import COLLECTOR_MS, Heartbeat
from demo_setup import set_up_silently
from PySide6.QtWidgets import QApplication

from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.plan.model import InstancePlan, Plan, Side
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.steps.session import open_session

PAGE_SIZE = (1040, 736)


def lifted() -> RollingWindowLimiter:
    return RollingWindowLimiter(10**9, 300.0)


async def set_up(instances: list[dict[str, str]]) -> tuple[Plan, dict[Side, str]]:
    """Steps 1-7 (auto-map) on the served pair; the plan and each side's secret."""
    sides = (Side.CUSTOMER, Side.SUPPLIER)
    names = ("Contoso", "Northwind MSP")
    plan = Plan.new(
        "Contoso → Northwind MSP",
        *(
            InstancePlan(name=name, base_url=i["url"], client_id=i["client_id"])
            for name, i in zip(names, instances, strict=True)
        ),
    )
    secrets = {side: i["client_secret"] for side, i in zip(sides, instances, strict=True)}
    session = open_session(plan, lambda side, _instance: secrets[side], limiter_factory=lifted)
    try:
        await set_up_silently(session, auto_map=True)
    finally:
        await session.aclose()
    return plan, secrets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=80)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = QApplication(sys.argv)
    import qasync

    from halo_wizard.ui.gc_guard import GuiThreadCollector, a_task_runs
    from halo_wizard.ui.pages.action_check import ActionCheckPage
    from halo_wizard.ui.services import AsyncSecrets, Services, SessionProvider
    from halo_wizard.ui.switching import favour_the_window

    with served(args.scale, 0.0) as instances, tempfile.TemporaryDirectory() as folder:
        plan, secrets = asyncio.run(set_up(instances))
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        collector = GuiThreadCollector(interval_ms=COLLECTOR_MS, busy=a_task_runs)
        favour_the_window()
        keys = AsyncSecrets(MemoryStore())
        services = Services(PlanStore(Path(folder)), keys, SessionProvider(keys, budget=lifted))
        page = ActionCheckPage(services)
        page.resize(*PAGE_SIZE)
        heartbeat = Heartbeat()
        results: list[tuple[float, float, float]] = []

        async def run() -> None:
            for side, secret in secrets.items():
                await keys.set(plan.secret_key_for(side), secret)
            services.sessions.set_plan(plan)
            page.set_plan(plan)
            page.show()
            page.enter()  # the first check
            while page.result is None or page.is_busy():
                await asyncio.sleep(0.05)
            for _ in range(args.runs):
                await asyncio.sleep(0.3)  # shown and painted, the collector's due work done
                heartbeat.start()
                started = time.perf_counter()
                page.recheck_button.click()
                while page.is_busy():
                    await asyncio.sleep(0.005)
                await asyncio.sleep(0.1)  # the repaint of the findings
                gap, at = heartbeat.stop()
                results.append((gap, at, time.perf_counter() - started - 0.1))
            page.cancel()
            await services.sessions.aclose()

        loop.run_until_complete(run())
        findings = len(page.findings)
        page.hide()
        page.deleteLater()
        collector.stop()
        app.processEvents()
        loop.close()
        asyncio.set_event_loop(None)
    longest = statistics.median(r[0] for r in results)
    print(
        f"action check at scale {args.scale}: longest window stall during a re-check, median "
        f"{longest * 1000:.0f} ms"
    )
    each = ", ".join(
        f"{gap * 1000:.0f} ms ending {at:.2f} s of {took:.2f} s" for gap, at, took in results
    )
    print(f"    {args.runs} re-checks: {each}; {findings} findings")


if __name__ == "__main__":
    main()
