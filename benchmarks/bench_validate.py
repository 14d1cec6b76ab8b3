"""Benchmark: `halo-wizard validate` on two scale-20 demo snapshots; prints times and findings.

Run with `python benchmarks/bench_validate.py [--scale N] [--runs R] [--bare]`. The two demo
instances are generated at the scale (1,600+ actions, 100 workflows, 6,000+ end users each), taken
through the wizard in a simulator (steps 1-7 with auto-mapping, then the recommended actions of
the action check) so the rules have profiles, thousands of mapping rows and synced actions to look
at, and exported as snapshot files. `--bare` skips the recommended actions. The timed part is the
command's own work: reading both files, checking every rule and printing JSON. The target is
2 s on this 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from demo_setup import session_for, set_up

from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.commands.validate import run_validate
from halo_wizard.plan.model import Plan
from halo_wizard.rules import CheckInput, check
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps.recommend import apply_recommendations, recommended_changes

logger = logging.getLogger(__name__)

TARGET_SECONDS = 2.0


def lifted_budget() -> RollingWindowLimiter:
    """The preparation's budget: the simulated instances' limit is lifted, so is the client's
    (Halo's 700 per 5 minutes would hold the scale-20 set-up for a whole window)."""
    return RollingWindowLimiter(10**9, 1.0)


async def _prepare(contoso: SimulatedInstance, northwind: SimulatedInstance, bare: bool) -> Plan:
    plan = await set_up(contoso, northwind, auto_map=True, budget=lifted_budget)
    if bare:
        return plan
    session = session_for(plan, contoso, northwind, lifted_budget)
    try:
        found = await CheckInput.from_session(session)
        report = await apply_recommendations(session, recommended_changes(found), found)
        if not report.ok:
            raise SystemExit(f"recommended actions not applied: {report.error}")
    finally:
        await session.aclose()
    return plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bare", action="store_true", help="without the recommended actions")
    args = parser.parse_args()

    started = time.perf_counter()
    with Simulator(rate_limit=(10_000_000, 1.0)) as simulator:
        contoso, northwind = (simulator.add(s) for s in demo_snapshots(args.scale))
        plan = asyncio.run(_prepare(contoso, northwind, args.bare))
        snapshots = [contoso.snapshot(), northwind.snapshot()]
    prepared = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / "customer.json", Path(folder) / "supplier.json"]
        for path, snapshot in zip(paths, snapshots, strict=True):
            path.write_text(json.dumps(snapshot), encoding="utf-8")
        sizes = [path.stat().st_size / 1e6 for path in paths]

        command: list[float] = []
        code = 0
        for _ in range(args.runs):
            out, err = io.StringIO(), io.StringIO()
            begin = time.perf_counter()
            code = run_validate(None, paths, True, out=out, err=err)
            command.append(time.perf_counter() - begin)
        findings = json.loads(out.getvalue())["findings"]

    rules_only: list[float] = []
    for _ in range(args.runs):
        found = CheckInput.from_snapshots(snapshots[0], snapshots[1], plan)
        begin = time.perf_counter()
        check(found)
        rules_only.append(time.perf_counter() - begin)

    counts = {name: len(rows) for name, rows in snapshots[0]["records"].items()}
    users = len(snapshots[1]["records"]["Users"])
    mappings = sum(
        1
        for rows in (plan.customer_profile_mappings.rows, plan.supplier_profile_mappings.rows)
        for row in rows
        if row.mapped
    )
    median = statistics.median(command)
    verdict = "within" if median <= TARGET_SECONDS else "OVER"
    by_severity = Counter(f["severity"] for f in findings)
    by_rule = Counter(f["rule"] for f in findings)
    print(f"validate, two scale-{args.scale} demo snapshots ({sizes[0]:.1f} + {sizes[1]:.1f} MB)")
    print(
        f"  Contoso: {counts['Outcome']} actions, {counts['Workflow']} workflows, "
        f"{counts['TicketType']} ticket types, {counts['Agent']} agents; Northwind MSP: {users} "
        f"end users; {mappings} mapping rows in the plan"
    )
    print(f"  prepared (generate, wizard steps 1-7, recommended actions) in {prepared:.1f} s")
    print(
        f"  validate --json (read files, check, print): median {median:.3f} s over "
        f"{args.runs} runs, best {min(command):.3f} s ({verdict} the {TARGET_SECONDS:.0f} s target)"
    )
    print(f"  rules alone: median {statistics.median(rules_only) * 1000:.1f} ms")
    print(
        f"  exit code {code}; {len(findings)} findings: "
        + ", ".join(f"{by_severity[s]} {s}" for s in ("error", "warning", "info"))
    )
    print("  by rule: " + ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
