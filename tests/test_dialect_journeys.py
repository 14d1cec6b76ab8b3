"""The whole headless journey against every dialect of the simulator (halo-api.md section 0): for
each of Halo's unknowns the wizard either learns the answer from the instance and then completes
correctly, or stops before the write that depends on it, naming the unknown; then, once the admin
has done the one thing in Halo's screen, it completes. Nothing is ever written on a guess."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from demo_instances import demo_instances
from demo_setup import demo_plan, finish_in_halo

from halo_wizard.api import constants as C
from halo_wizard.plan.model import MappingKind, Plan, Side
from halo_wizard.rules import CheckInput, check, has_blocking
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import SimulatedInstance, console
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps import learning, unknowns
from halo_wizard.steps.end_to_end import E2ESettings, HopStatus, run_end_to_end
from halo_wizard.steps.flow import SetupFailed, run_setup
from halo_wizard.steps.recommend import apply_recommendations, recommended_changes
from halo_wizard.steps.session import Session, StoreKeeper, open_session

Pair = tuple[SimulatedInstance, SimulatedInstance]
FAST = E2ESettings(arrival_timeout=10.0, poll_interval=0.02, settle=0.0, unsent_grace=1.0)


Start = Callable[..., Pair]
"""start(dialect, strangers=True): the demo instances under `dialect` (see _without_strangers)."""


def _without_strangers() -> list[dict[str, Any]]:
    """The demo snapshots with no other connected profile (so nothing on the instances shows how
    Halo keeps mapping rows)."""
    snapshots = demo_snapshots()
    for snapshot in snapshots:
        snapshot["simulator"].pop("screen_setup", None)
        for entity in ("Client", "Supplier"):
            for row in snapshot["records"].get(entity, []):
                if row.get(C.PROFILE_REMOTE_API_URL):
                    for name in [k for k in row if k.startswith("thirdpartynhd")]:
                        del row[name]
    return snapshots


class Journey:
    """One admin's plan and the keychain their session keeps secrets in."""

    def __init__(self, contoso: SimulatedInstance, northwind: SimulatedInstance) -> None:
        self.contoso, self.northwind = contoso, northwind
        self.plan = demo_plan(contoso, northwind)
        self.store = MemoryStore()
        self.said: list[str] = []

    def session(self) -> Session:
        secrets = {
            Side.CUSTOMER: self.contoso.application.client_secret,  # type: ignore[union-attr]
            Side.SUPPLIER: self.northwind.application.client_secret,  # type: ignore[union-attr]
        }
        return open_session(
            self.plan, lambda side, _i: secrets[side], keeper=StoreKeeper(self.store)
        )

    def instance(self, side: Side) -> SimulatedInstance:
        return self.contoso if side is Side.CUSTOMER else self.northwind

    def apply(self, manual: dict[str, str] | None = None) -> SetupFailed | None:
        async def go() -> SetupFailed | None:
            session = self.session()
            try:
                await run_setup(
                    session,
                    say=self.said.append,
                    confirm=lambda _c: True,
                    save_plan=lambda: None,
                    manual_secrets=manual,
                    auto_map=True,
                )
            except SetupFailed as exc:
                return exc
            finally:
                await session.aclose()
            return None

        return asyncio.run(go())

    def recommend_and_finish(self) -> list[str]:
        async def go() -> list[str]:
            session = self.session()
            try:
                found = await CheckInput.from_session(session)
                recommendations = recommended_changes(found)
                report = await apply_recommendations(session, recommendations, found)
                assert report.ok, report.error
                instances = {Side.CUSTOMER: self.contoso, Side.SUPPLIER: self.northwind}
                return await finish_in_halo(session, recommendations, instances)
            finally:
                await session.aclose()

        return asyncio.run(go())

    def blocking(self) -> list[tuple[str, str, str]]:
        """What stops the action check: (rule, record, message) of each blocking finding."""

        async def go() -> list[tuple[str, str, str]]:
            session = self.session()
            try:
                findings = check(await CheckInput.from_session(session))
            finally:
                await session.aclose()
            assert has_blocking(findings) == any(f.blocking for f in findings)
            return [(f.rule, f.record, f.message) for f in findings if f.blocking]

        return asyncio.run(go())

    def end_to_end(self) -> list[str]:
        async def go() -> list[str]:
            session = self.session()
            try:
                result = await run_end_to_end(
                    session, progress=lambda *_: None, confirm_start=lambda _p: True, settings=FAST
                )
            finally:
                await session.aclose()
            failed = [h for h in result.hops if h.status is not HopStatus.PASSED]
            return [f"{h.name}: {h.status} {h.detail}" for h in failed]

        return asyncio.run(go())

    def learned(self, side: Side) -> dict[str, str]:
        return {k: f.answer for k, f in self.plan.instance(side).learned.items()}


def posts(contoso: SimulatedInstance, northwind: SimulatedInstance) -> int:
    """Writes the instances received (a token request writes nothing)."""
    return sum(
        n
        for i in (contoso, northwind)
        for (method, label), n in i.stats.counts.items()
        if method == "POST" and label != "token"
    )


@pytest.fixture
def start() -> Iterator[Start]:
    """Starts the demo instances under a dialect; they are stopped after the test."""
    with ExitStack() as stack:

        def begin(dialect: str, *, strangers: bool = True) -> Pair:
            snapshots = None if strangers else _without_strangers()
            chosen = demo_instances(dialect=dialect or None, snapshots=snapshots)
            return stack.enter_context(chosen)

        yield begin


def confirm_the_api_email_setting(journey: Journey) -> None:
    """The one check by hand left (R14: the e-mail action "must have the setting ... enabled"):
    the action lists do not carry that setting, so the admin who ticked it in Halo confirms it."""
    assert [(rule, record) for rule, record, _ in journey.blocking()] == [("R14", "Email User")]
    journey.plan.confirm("R14", Side.CUSTOMER, "Email User", "Contoso IT", "ticked in Halo")
    assert journey.blocking() == []


def complete(journey: Journey) -> None:
    """Set-up, the recommended actions finished in Halo, the check and the end-to-end test."""
    failed = journey.apply()
    assert failed is None, f"{failed}\n" + "\n".join(journey.said)
    journey.recommend_and_finish()
    confirm_the_api_email_setting(journey)
    assert journey.end_to_end() == []


def test_the_default_answers_complete_and_a_second_apply_writes_nothing(
    start: Start,
) -> None:
    contoso, northwind = start("")
    journey = Journey(contoso, northwind)
    complete(journey)
    for side in Side:
        answers = journey.learned(side)
        assert answers[C.MAPPING_ROW_IDS.key] == unknowns.LOCAL_IN_FIID
        assert answers[C.ISSUED_SECRET.key] == unknowns.SECRET_READABLE
        assert answers[C.AUTHENTICATE.key] == unknowns.AUTH_IN_ANSWER
    # The end-to-end test or the follow-ups showed which number sends to the supplier.
    assert journey.learned(Side.CUSTOMER)[C.SYNC_VALUES.key] == unknowns.SYNC_1_SUPPLIER
    before = posts(contoso, northwind)
    assert journey.apply() is None
    assert posts(contoso, northwind) == before, "a second apply of a finished set-up writes"


def test_reversed_mapping_rows_are_learned_and_written_the_instance_s_way(
    start: Start,
) -> None:
    contoso, northwind = start("mapping-rows-reversed")
    journey = Journey(contoso, northwind)
    complete(journey)
    assert journey.learned(Side.SUPPLIER)[C.MAPPING_ROW_IDS.key] == (
        unknowns.LOCAL_IN_THIRDPARTYNAME
    )
    # What Halo's own screen shows for each planned row is what the plan says.
    plan = journey.plan
    profile_id = plan.customer_profile.record_id or 0
    rows = plan.customer_profile_mappings.rows_of(MappingKind.STATUS)
    assert rows
    for row in rows:
        if row.mapped:
            assert (
                console.mapped_local_id(northwind, "Client", profile_id, "status", row.remote_id)
                == row.local_id
            )


def test_without_rows_to_learn_from_mappings_wait_for_one_example(start: Start) -> None:
    contoso, northwind = start("mapping-rows-reversed", strangers=False)
    journey = Journey(contoso, northwind)
    failed = journey.apply()
    assert failed is not None and C.MAPPING_ROW_IDS.key in failed.fix
    profile_id = journey.plan.customer_profile.record_id or 0
    assert profile_id
    # Nothing was written to the profile's mappings on a guess.
    profile = next(r for r in northwind.snapshot()["records"]["Client"] if r["id"] == profile_id)
    assert not profile.get(C.MAPPING_STATUS)

    async def example() -> learning.ReadBack:
        session = journey.session()
        try:
            shown = await learning.prepare(session, C.MAPPING_ROW_IDS, Side.SUPPLIER)
            assert "Status mappings" in shown.instructions
            expect = shown.expect
            console.add_mapping(
                northwind,
                "Client",
                profile_id,
                "status",
                expect["local_id"],
                expect["remote_id"],
                expect["local_name"],
                expect["remote_name"],
            )
            return await learning.read_back(session, shown)
        finally:
            await session.aclose()

    found = asyncio.run(example())
    assert found.answer == unknowns.LOCAL_IN_THIRDPARTYNAME, found.seen
    # The customer's instance, with no rows of its own either, is shown the same way.
    customer_profile = journey.plan.supplier_profile.record_id or 0

    async def example_customer() -> None:
        session = journey.session()
        try:
            shown = await learning.prepare(session, C.MAPPING_ROW_IDS, Side.CUSTOMER)
            e = shown.expect
            console.add_mapping(
                contoso, "Supplier", customer_profile, "status", e["local_id"], e["remote_id"]
            )
            assert (await learning.read_back(session, shown)).answer is not None
        finally:
            await session.aclose()

    asyncio.run(example_customer())
    complete(journey)


def test_reversed_sync_numbers_are_learned_from_halo_s_screen(start: Start) -> None:
    contoso, northwind = start("sync-values-reversed")
    journey = Journey(contoso, northwind)
    assert journey.apply() is None
    learned = journey.recommend_and_finish()
    assert any("reads back as 2" in line for line in learned), learned
    assert journey.learned(Side.CUSTOMER)[C.SYNC_VALUES.key] == unknowns.SYNC_1_CUSTOMER
    confirm_the_api_email_setting(journey)
    assert journey.end_to_end() == []


def test_an_api_email_field_is_learned_from_what_the_admin_ticked(start: Start) -> None:
    contoso, northwind = start("api-email-field")
    journey = Journey(contoso, northwind)
    complete(journey)
    assert journey.learned(Side.CUSTOMER)[C.API_EMAIL_FIELD.key] == unknowns.EMAIL_AUTO_FORWARD


def test_without_the_field_the_setting_is_known_to_be_hidden(start: Start) -> None:
    contoso, northwind = start("")
    journey = Journey(contoso, northwind)
    complete(journey)
    assert journey.learned(Side.CUSTOMER)[C.API_EMAIL_FIELD.key] == unknowns.EMAIL_NOT_IN_API


def test_a_secret_shown_once_is_kept_from_the_write_that_issued_it(start: Start) -> None:
    contoso, northwind = start("secret-once")
    journey = Journey(contoso, northwind)
    complete(journey)
    for side in Side:
        assert journey.learned(side)[C.ISSUED_SECRET.key] == unknowns.SECRET_ONCE
    assert len(journey.store._values) == 2  # kept in the keychain, nowhere else


def test_a_hidden_secret_stops_the_swap_until_the_admin_pastes_it(start: Start) -> None:
    contoso, northwind = start("secret-hidden")
    journey = Journey(contoso, northwind)
    failed = journey.apply()
    assert failed is not None and "does not show the client secret" in failed.message
    for side in Side:
        assert journey.learned(side)[C.ISSUED_SECRET.key] == unknowns.SECRET_HIDDEN
    # Nothing was written into the other profiles' connection fields.
    for instance, entity in ((contoso, "Supplier"), (northwind, "Client")):
        profile = journey.plan.profile_in(
            Side.CUSTOMER if instance is contoso else Side.SUPPLIER
        ).record_id
        record = next(r for r in instance.snapshot()["records"][entity] if r["id"] == profile)
        assert not record.get(C.PROFILE_REMOTE_CLIENT_ID)
    pasted = {
        "supplier": console.shown_issued_secret(
            contoso, "Supplier", journey.plan.supplier_profile.record_id or 0
        ),
        "customer": console.shown_issued_secret(
            northwind, "Client", journey.plan.customer_profile.record_id or 0
        ),
    }
    assert journey.apply(pasted) is None, "\n".join(journey.said)
    journey.recommend_and_finish()
    assert journey.end_to_end() == []


def test_authentication_read_back_from_the_profile(start: Start) -> None:
    contoso, northwind = start("auth-reread")
    journey = Journey(contoso, northwind)
    complete(journey)
    assert journey.learned(Side.SUPPLIER)[C.AUTHENTICATE.key] == unknowns.AUTH_ON_REREAD


def test_authentication_only_in_halo_s_screen_is_never_claimed(start: Start) -> None:
    contoso, northwind = start("auth-manual")
    journey = Journey(contoso, northwind)
    failed = journey.apply()
    assert failed is not None and "does not claim" in failed.message
    plan = journey.plan
    assert plan.supplier_profile.authenticated is None
    for instance, entity, profile in (
        (contoso, "Supplier", plan.supplier_profile.record_id),
        (northwind, "Client", plan.customer_profile.record_id),
    ):
        assert console.press_authenticate_connection(instance, entity, profile or 0)[0]
    complete(journey)
    assert plan.supplier_profile.authenticated is True


def test_status_default_zero_proposes_a_real_status_then_learns_the_option(
    start: Start,
) -> None:
    contoso, northwind = start("status-default-zero")
    journey = Journey(contoso, northwind)
    complete(journey)
    for side in Side:
        assert C.STATUS_ACTION_DEFAULT.key not in journey.learned(side)
        default = journey.plan.mappings(side.other).default_status
        assert default is not None and default > 0  # a real status: nothing rests on a guess

    async def example() -> learning.ReadBack:
        session = journey.session()
        try:
            shown = await learning.prepare(session, C.STATUS_ACTION_DEFAULT, Side.SUPPLIER)
            console.set_default_status_action_default(
                northwind, "Client", journey.plan.customer_profile.record_id or 0
            )
            return await learning.read_back(session, shown)
        finally:
            await session.aclose()

    found = asyncio.run(example())
    assert found.answer == unknowns.STATUS_DEFAULT_ZERO, found.seen


def test_plan_learned_facts_round_trip() -> None:
    plan = Plan.from_dict(
        {
            "customer": {"name": "A", "base_url": "https://a.halopsa.com", "client_id": "x"},
            "supplier": {
                "name": "B",
                "base_url": "https://b.halopsa.com",
                "client_id": "y",
                "learned": {
                    "sync-values": {
                        "answer": "1-customer-2-supplier",
                        "source": "example",
                        "evidence": "set in Halo",
                        "learned_at": "2026-12-01T10:00:00+00:00",
                    }
                },
            },
            "supplier_profile": {"name": "B"},
            "customer_profile": {"name": "A"},
        }
    )
    assert Plan.from_dict(plan.to_dict()) == plan
    assert unknowns.answer(plan, Side.SUPPLIER, C.SYNC_VALUES) == "1-customer-2-supplier"
