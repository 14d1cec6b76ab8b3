"""`halo-wizard simulate`: run simulated Halo instances until interrupted.

With `--customers N` the demo is one MSP instance (Northwind MSP) and N customers' instances
(simulator.msp_demo); `--plans [DIR]` then sets up one plan per customer against the MSP, so that
`halo-wizard check --all` and the window have N finished connections to look at. The plans' API
secrets go to this machine's keychain (never to a file); the plans and their keychain entries are
removed when the instances stop, since they point at instances that are gone by then.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._session import run_work

if TYPE_CHECKING:
    from halo_wizard.plan.store import PlanStore
    from halo_wizard.secretstore import SecretStore
    from halo_wizard.simulator import SimulatedInstance
    from halo_wizard.steps.customer_plans import CustomerPlan

LIFTED_RATE_LIMIT: Final = (10**9, 1.0)
"""The demo plans' set-up runs with the limit lifted (it is preparation, not what the demo
shows); the instances' own limit is back before the set-up ends."""


def run(args: argparse.Namespace) -> int:
    from halo_wizard.api.snapshot import read_snapshot
    from halo_wizard.simulator.demo import demo_snapshots
    from halo_wizard.simulator.dialects import Dialect, DialectError
    from halo_wizard.simulator.run import run_simulator

    names = list(getattr(args, "dialect", None) or [])
    try:
        dialect = Dialect.parse(names) if names else None
    except DialectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    customers: int | None = getattr(args, "customers", None)
    plans_folder: str | None = getattr(args, "plans", None)
    if customers is not None:
        from halo_wizard.simulator.msp_demo import check_customers

        try:
            check_customers(customers)
        except ValueError as exc:
            print(f"error: --customers: {exc}.", file=sys.stderr)
            return EXIT_CANNOT_RUN
    if plans_folder is not None and customers is None:
        print("error: --plans sets up the plans of --customers N: give both.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    plans = None
    if plans_folder is not None and customers is not None:
        plans = _DemoPlans.prepare(plans_folder, customers)
        if plans is None:
            return EXIT_CANNOT_RUN
    snapshots = [read_snapshot(Path(p)) for p in args.snapshot]  # FileProblem: said by cli
    if customers is not None:
        from halo_wizard.simulator.msp_demo import msp_demo

        snapshots = msp_demo(customers, max(1, args.scale)).snapshots() + snapshots
    elif args.demo or not snapshots:
        snapshots = demo_snapshots(max(1, args.scale)) + snapshots
    try:
        return run_simulator(
            snapshots,
            info_path=args.info,
            latency=args.latency / 1000.0,
            dialect=dialect,
            ready=plans.set_up if plans is not None else None,
        )
    finally:
        if plans is not None:
            plans.remove()


class _DemoPlans:
    """The plans `--plans` sets up once the instances listen, and removes when they stop."""

    def __init__(self, store: PlanStore, secrets: SecretStore, customers: int) -> None:
        self.store = store
        self.secrets = secrets
        self.customers = customers
        self.before: set[str] = set()
        self.urls: set[str] = set()

    @classmethod
    def prepare(cls, folder: str, customers: int) -> _DemoPlans | None:
        """The store and the keychain, or None after saying why there is no keychain to use."""
        from halo_wizard.paths import plans_dir
        from halo_wizard.plan.store import PlanStore
        from halo_wizard.secretstore import default_store

        secrets = default_store()
        if not secrets.secure:
            print(
                "error: --plans keeps the plans' API secrets in this machine's keychain, and "
                "there is none here: another halo-wizard could not open the plans. Run without "
                "--plans, or where a keychain exists.",
                file=sys.stderr,
            )
            return None
        return cls(PlanStore(Path(folder) if folder else plans_dir()), secrets, customers)

    def set_up(self, instances: list[SimulatedInstance]) -> None:
        """One plan per customer against the MSP (instances[0]), with the limit lifted."""
        from halo_wizard.api.ratelimit import RollingWindowLimiter
        from halo_wizard.simulator import instance_info
        from halo_wizard.steps.customer_plans import InstanceAccess, set_up_customer_plans

        msp, customers = instances[0], instances[1 : 1 + self.customers]
        limits = [(instance, instance.rate_limit) for instance in (msp, *customers)]
        self.before = {summary.id for summary in self.store.list()}
        self.urls = {instance.url for instance, _ in limits}
        print(
            f"Setting up {len(customers)} plan(s) in {self.store.directory} ...",
            file=sys.stderr,
            flush=True,
        )

        def lifted() -> RollingWindowLimiter:
            return RollingWindowLimiter(*LIFTED_RATE_LIMIT)

        def progress(done: int, total: int, result: CustomerPlan) -> None:
            state = "set up" if result.ok else f"stopped: {result.problem}"
            print(f"[{done}/{total}] {result.plan.name}: {state}", file=sys.stderr, flush=True)

        for instance, _ in limits:
            instance.set_rate_limit(LIFTED_RATE_LIMIT)
        try:
            results = run_work(
                set_up_customer_plans(
                    InstanceAccess.from_info(instance_info(msp)),
                    [InstanceAccess.from_info(instance_info(c)) for c in customers],
                    self.store,
                    self.secrets,
                    budget=lifted,
                    progress=progress,
                )
            )
        finally:
            for instance, limit in limits:
                instance.set_rate_limit(limit)
        finished = sum(1 for r in results if r.ok)
        print(
            f"{finished} of {len(results)} plan(s) set up in {self.store.directory} "
            f"(secrets {self.secrets.description}); they are removed when the instances stop.",
            flush=True,
        )

    def remove(self) -> None:
        """Every plan this run wrote (a new plan on these instances; an interrupted set-up's too)
        and its keychain entries: they point at instances that have stopped."""
        from halo_wizard.plan.model import PlanError
        from halo_wizard.steps.customer_plans import plan_secret_keys

        if not self.urls:
            return  # the set-up never started
        for summary in self.store.list():
            if summary.id in self.before or not summary.ok:
                continue
            try:
                plan = self.store.open(summary.id)
                if {plan.customer.base_url, plan.supplier.base_url} <= self.urls:
                    for key in plan_secret_keys(plan):
                        self.secrets.delete(key)
                    summary.path.unlink(missing_ok=True)
            except (OSError, PlanError) as exc:
                print(f"note: {summary.name} was not removed: {exc}", file=sys.stderr)
