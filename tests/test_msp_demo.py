"""The demo as an MSP sees it (issue 18): one MSP instance and many customers' instances
(simulator.msp_demo), `simulate --customers N [--plans]`, one finished plan per customer
(steps.customer_plans), and a check of them all within the MSP's budget."""

from __future__ import annotations

import asyncio
import json
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from home_keyring import FILE_NAME as KEYCHAIN_FILE
from home_keyring import home_env
from sync_setup import Api

from halo_wizard import cli
from halo_wizard.api import constants as C
from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.plan.model import Plan, Side
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import SERVICE, MemoryStore
from halo_wizard.simulator import SimulatedInstance, Simulator, instance_info
from halo_wizard.simulator.demo import contoso_snapshot, northwind_snapshot
from halo_wizard.simulator.msp_demo import MAX_CUSTOMERS, check_customers, msp_demo
from halo_wizard.steps.customer_plans import InstanceAccess, set_up_customer_plans
from halo_wizard.steps.overview import CheckState, Connection, check_all
from halo_wizard.steps.session import Session, open_session

LIFTED = (10**9, 1.0)
MSP_NAME = "Northwind MSP"


def _names(snapshot: dict[str, Any], entity: str) -> list[str]:
    return [str(r["name"]) for r in snapshot["records"][entity]]


# ---- the data ------------------------------------------------------------------------------------


def test_three_customers_are_distinct_deterministic_and_known_to_the_msp() -> None:
    demo = msp_demo(3)
    assert demo == msp_demo(3)  # same number, same data
    assert msp_demo(2).customers == demo.customers[:2]  # a larger number keeps the smaller

    infos = [s["instanceinfo"] for s in demo.customers]
    names = [i[C.INSTANCE_DISPLAY_NAME] for i in infos]
    assert names[0] == "Contoso" and len(set(names)) == 3
    assert {i["app_name"] for i in infos} == {C.APP_NAME_ITSM}
    assert len({s["authinfo"]["tenant_id"] for s in demo.customers}) == 3
    apps = [s["simulator"]["applications"][0] for s in demo.customers]
    assert len({a["client_id"] for a in apps}) == 3
    assert len({a["client_secret"] for a in apps}) == 3
    people = [[u["name"] for u in s["records"]["Agent"]] for s in demo.customers]
    assert len({tuple(names) for names in people}) == 3, "each customer's own agents"
    emails = [
        {u.get(C.END_USER_EMAIL) for u in s["records"]["Users"]} - {None} for s in demo.customers
    ]
    assert emails[0].isdisjoint(emails[1]) and emails[1].isdisjoint(emails[2])

    for snapshot in demo.customers:
        supplier = next(r for r in snapshot["records"]["Supplier"] if r["name"] == MSP_NAME)
        assert supplier[C.PROFILE_ALLOW_API_ACCESS] is False  # not connected yet

    # Customer 1 and the MSP are today's pair, plus the records that connect them.
    for snapshot, today in (
        (demo.customers[0], contoso_snapshot()),
        (demo.msp, northwind_snapshot()),
    ):
        for entity, rows in today["records"].items():
            assert snapshot["records"][entity][: len(rows)] == rows, entity
    assert _names(demo.customers[0], "Supplier") == [
        *_names(contoso_snapshot(), "Supplier"),
        MSP_NAME,
    ]
    assert _names(demo.msp, "Client") == [*_names(northwind_snapshot(), "Client"), *names]


@pytest.mark.parametrize("count", [0, -1, MAX_CUSTOMERS + 1, True, 2.5])
def test_a_number_of_customers_the_demo_cannot_serve_is_refused(count: object) -> None:
    with pytest.raises(ValueError, match="number of customers"):
        check_customers(count)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--customers", "0"], "from 1 to 200"),
        (["--customers", "5000"], "from 1 to 200"),
        (["--plans"], "give both"),
    ],
)
def test_simulate_refuses_bad_customers_in_plain_words(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["simulate", "--demo", *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert said in err and "Traceback" not in err


def test_simulate_says_a_number_is_needed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["simulate", "--demo", "--customers", "many"])
    assert stopped.value.code == 2
    assert "invalid int value: 'many'" in capsys.readouterr().err


# ---- the command ---------------------------------------------------------------------------------


class _Lines:
    """A process's output lines, read on a thread so a wait for one never blocks forever."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        assert process.stdout is not None
        self._stream = process.stdout
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._stream:
            self._queue.put(line)
        self._queue.put(None)

    def until(self, text: str, seconds: float = 120) -> str:
        while True:
            line = self._queue.get(timeout=seconds)
            assert line is not None, "the process ended first:\n" + "".join(self.seen)
            self.seen.append(line)
            if text in line:
                return line

    def rest(self) -> str:
        """Everything the process said, once it has ended (its pipe closed)."""
        self._thread.join(30)
        self._stream.close()
        while not self._queue.empty():
            line = self._queue.get()
            if line is not None:
                self.seen.append(line)
        return "".join(self.seen)


def test_simulate_customers_sets_up_plans_check_all_finds_clean(tmp_path: Path) -> None:
    home = tmp_path / "home"
    info_file = tmp_path / "info.json"
    env = home_env(home, "HALO_UNUSED", "")
    command = ["simulate", "--demo", "--customers", "2", "--plans", "--info", str(info_file)]
    process = subprocess.Popen(
        [sys.executable, "-m", "halo_wizard", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines = _Lines(process)
    try:
        lines.until("2 of 2 plan(s) set up")
        info = json.loads(info_file.read_text(encoding="utf-8"))
        plans_folder = home / "data" / "plans"
        plan_files = sorted(plans_folder.glob("*.halowiz.json"))
        plan_texts = [path.read_text("utf-8") for path in plan_files]
        keychain = json.loads((home / KEYCHAIN_FILE).read_text("utf-8"))
        checked = subprocess.run(
            [sys.executable, "-m", "halo_wizard", "check", "--all", "--no-authenticate"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    output = lines.rest()
    assert process.returncode == 0, output

    names = [i["name"] for i in info["instances"]]
    assert names == [MSP_NAME, "Contoso", "Ashford Health"]
    assert all(f"{name}: http://127.0.0.1:" in output for name in names)
    assert len(plan_files) == 2
    secrets = [i["client_secret"] for i in info["instances"]]
    for path, text in zip(plan_files, plan_texts, strict=True):
        assert not any(secret in text for secret in secrets)
        plan_id = path.name.removesuffix(".halowiz.json")
        for side in Side:
            assert f"{SERVICE}/plan-{plan_id}-{side.value}" in keychain
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "2 plan(s): 2 without drift, 0 drifted, 0 could not be checked." in checked.stdout

    # Stopped: the plans and their keychain entries went with the instances.
    assert not list(plans_folder.glob("*.halowiz.json"))
    left = json.loads((home / KEYCHAIN_FILE).read_text("utf-8"))
    assert not any(
        plan_file.name.removesuffix(".halowiz.json") in k for k in left for plan_file in plan_files
    )
    assert not info_file.exists()


# ---- the set-up and the check --------------------------------------------------------------------


@dataclass
class _Prepared:
    msp: SimulatedInstance
    customers: list[SimulatedInstance]
    store: PlanStore
    secrets: MemoryStore
    plans: list[Plan]

    def connections(self) -> list[Connection]:
        return [
            Connection(p.id, p.name, self.store.path_for(p.id), self.store.open(p.id))
            for p in self.plans
        ]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Prepared]:
    """Three customers set up against the MSP once for the tests below (limit lifted)."""
    with Simulator(rate_limit=LIFTED) as simulator:
        instances = [simulator.add(s) for s in msp_demo(3).snapshots()]
        store = PlanStore(tmp_path_factory.mktemp("msp") / "plans")
        secrets = MemoryStore()
        results = asyncio.run(
            set_up_customer_plans(
                InstanceAccess.from_info(instance_info(instances[0])),
                [InstanceAccess.from_info(instance_info(i)) for i in instances[1:]],
                store,
                secrets,
                budget=lambda: RollingWindowLimiter(*LIFTED),
            )
        )
        assert [r.problem for r in results] == ["", "", ""]
        yield _Prepared(instances[0], instances[1:], store, secrets, [r.plan for r in results])


def _opener(
    prepared: _Prepared, budget: tuple[int, float] | None = None
) -> Callable[[Plan], Session]:
    def open_plan(plan: Plan) -> Session:
        session = open_session(
            plan, lambda side, _i: prepared.secrets.get(plan.secret_key_for(side))
        )
        if budget is not None:
            for side in Side:
                # The budget every client of the instance shares in this loop (shared_limiter).
                limiter = session.client(side).limiter
                limiter.requests, limiter.window = budget
        return session

    return open_plan


def test_the_set_up_gives_one_saved_plan_per_customer_that_check_all_finds_clean(
    prepared: _Prepared,
) -> None:
    assert {s.name for s in prepared.store.list()} == {
        f"{name} → {MSP_NAME}" for name in ("Contoso", "Ashford Health", "Brightwater Logistics")
    }
    for plan, customer in zip(prepared.plans, prepared.customers, strict=True):
        assert plan.customer.base_url == customer.url
        assert plan.supplier.base_url == prepared.msp.url
        app = customer.application
        assert app is not None
        assert prepared.secrets.get(plan.secret_key_for(Side.CUSTOMER)) == app.client_secret
        assert app.client_secret not in prepared.store.path_for(plan.id).read_text("utf-8")
        assert plan.customer_profile.record_id is not None  # the MSP's record of the customer

    prepared.msp.stats.reset()
    results = asyncio.run(check_all(prepared.connections(), _opener(prepared)))
    assert [r.state for r in results] == [CheckState.CLEAN] * 3, [r.summary for r in results]
    # The MSP's instance-wide lists were read once for the three checks, its profiles each time.
    assert prepared.msp.stats.count("GET", "Outcome") == 1
    assert prepared.msp.stats.count("GET", "Client") == 3


def test_a_shared_budget_keeps_the_msp_from_answering_429_under_a_small_limit(
    prepared: _Prepared,
) -> None:
    small = (12, 1.0)
    prepared.msp.set_rate_limit(small)
    prepared.msp.stats.reset()
    try:
        results = asyncio.run(check_all(prepared.connections(), _opener(prepared, small)))
    finally:
        prepared.msp.set_rate_limit(LIFTED)
    assert [r.state for r in results] == [CheckState.CLEAN] * 3, [r.summary for r in results]
    # More requests than one window allows: the checks had to wait for the budget...
    assert prepared.msp.stats.total_requests > small[0]
    # ...and none was refused, the customers' Halo signing in to the MSP included.
    assert prepared.msp.stats.count("POST", "token") == 6
    assert prepared.msp.stats.rate_limited == 0


def test_every_check_of_a_run_sees_what_the_msp_holds_now(prepared: _Prepared) -> None:
    # The module list is read once for the run, during the run: a change made just before is in
    # every check's result.
    api = Api(prepared.msp)
    try:
        row = api.named("Features", C.SUPPLIERS_MODULE_NAME, field="module_name")
        api.save("Features", {"id": row["id"], "enabled": False})
        try:
            prepared.msp.stats.reset()
            results = asyncio.run(
                check_all(prepared.connections(), _opener(prepared), authenticate=False)
            )
        finally:
            api.save("Features", {"id": row["id"], "enabled": True})
    finally:
        api.close()
    assert prepared.msp.stats.count("GET", "Features") == 1
    for result in results:
        assert result.state is CheckState.DRIFTED
        assert [d["kind"] for d in result.drifts] == ["suppliers_module_off"]


def test_other_connections_profiles_are_read_in_full_once_a_session(prepared: _Prepared) -> None:
    # The MSP holds one connected profile per customer; a set-up reads its customer list again
    # after each write of its own profile. The other connections' profiles are read in full
    # again only when their list row changed; the plan's own profile every time.
    plan = prepared.store.open(prepared.plans[0].id)
    others = [p.customer_profile.record_id for p in prepared.plans[1:]]

    connected: list[int] = []

    async def reads() -> list[int]:
        session = _opener(prepared)(plan)
        counts = []
        try:
            for rename in (False, False, True):
                if rename:
                    api = Api(prepared.msp)
                    try:
                        api.save("Client", {"id": others[0], "name": "Ashford Health Trust"})
                    finally:
                        api.close()
                prepared.msp.stats.reset()
                rows = await session.records(Side.SUPPLIER, "Client", fresh=True)
                assert all(
                    C.PROFILE_ALLOW_API_ACCESS in r for r in rows if r["id"] in others
                )  # still the whole record
                counts.append(prepared.msp.stats.count("GET", "Client"))
                connected.append(sum(1 for r in rows if r.get(C.PROFILE_REMOTE_API_URL)))
        finally:
            await session.aclose()
        return counts

    try:
        counts = asyncio.run(reads())
        # The list and every connected profile (the three customers' and the demo's own
        # connections); the list and the plan's own; and the renamed one too.
        assert connected[0] >= 3
        assert counts == [1 + connected[0], 2, 3]
    finally:
        api = Api(prepared.msp)
        try:
            api.save("Client", {"id": others[0], "name": "Ashford Health"})
        finally:
            api.close()
