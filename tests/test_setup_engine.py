"""The set-up engine under both faces (steps.setup): review steps 3-7, apply them step by step,
read back; a failed write or a failed authentication stops before the later steps, and applying
again finishes the rest and then writes nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from demo_setup import demo_plan, session_for

from halo_wizard.api import constants as C
from halo_wizard.plan.model import MappingKind, MappingRow, Side, StepId
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps import instances, mappings
from halo_wizard.steps.changes import Change
from halo_wizard.steps.credential_swap import AuthResult
from halo_wizard.steps.profiles import CUSTOMER_PROFILE, SUPPLIER_PROFILE
from halo_wizard.steps.session import Session
from halo_wizard.steps.setup import (
    AuthenticationFailed,
    WaitingFor,
    apply_review,
    apply_step,
    authentication_problem,
    review_setup,
)


def writes(*sims: SimulatedInstance) -> int:
    return sum(
        n
        for sim in sims
        for (method, label), n in sim.stats.counts.items()
        if method == "POST" and label != "token"
    )


async def connected(session: Session) -> None:
    """Steps 1-2 as the window runs them, and the mappings auto-mapped."""
    for side in Side:
        report = await instances.test_connection(session.client(side), side)
        instances.record_connection(session.plan, report)
    surveyed = await mappings.survey(session)
    mappings.auto_map_plan(session.plan, surveyed.catalogues)


Scenario = Callable[[Session, SimulatedInstance, SimulatedInstance], Awaitable[None]]


def run_connected(pair: tuple[SimulatedInstance, SimulatedInstance], scenario: Scenario) -> None:
    """`scenario` on a session of the demo plan after steps 1-2, closed afterwards."""
    contoso, northwind = pair

    async def main() -> None:
        session = session_for(demo_plan(contoso, northwind), contoso, northwind)
        try:
            await connected(session)
            await scenario(session, contoso, northwind)
        finally:
            await session.aclose()

    asyncio.run(main())


async def after_profiles(session: Session) -> list[Change]:
    """Steps 3-4 applied; what steps 5-7 list then."""
    first = await apply_review(session, (await review_setup(session)).changes())
    assert first.review is not None
    return first.review.changes()


def test_the_steps_after_the_profiles_wait_for_them_then_apply_finishes_and_writes_nothing_again(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    async def scenario(
        session: Session, contoso: SimulatedInstance, northwind: SimulatedInstance
    ) -> None:
        plan = session.plan
        first = await review_setup(session)
        assert {c.step for c in first.changes()} == {StepId.SUPPLIERS_MODULE, StepId.PROFILES}
        waiting = first.waiting()
        assert [s.step for s in waiting] == [
            StepId.CREDENTIAL_SWAP,
            StepId.AGENTS,
            StepId.MAPPINGS,
        ]
        reason = waiting[0].waiting
        assert reason is not None and reason.reason is WaitingFor.PROFILES
        assert set(reason.names) == {plan.supplier_profile.name, plan.customer_profile.name}
        assert set(reason.instances) == {"Contoso", "Northwind MSP"}

        outcome = await apply_review(session, first.changes())
        assert outcome.report.error is None and not outcome.report.not_written
        assert len(outcome.report.written) == len(first.changes())
        assert outcome.review is not None and not outcome.review.waiting()
        second = outcome.review
        assert {c.step for c in second.changes()} == {
            StepId.CREDENTIAL_SWAP,
            StepId.AGENTS,
            StepId.MAPPINGS,
        }

        outcome = await apply_review(session, second.changes())
        assert outcome.report.error is None
        assert {r.role.label for r in outcome.authentication if r.ok} == {
            SUPPLIER_PROFILE.label,
            CUSTOMER_PROFILE.label,
        }
        assert outcome.review is not None and outcome.review.is_clean()
        assert plan.supplier_profile.authenticated and plan.customer_profile.authenticated
        settings = plan.action_settings
        assert settings is not None and settings.actions.get(Side.SUPPLIER), (
            "the mapped actions' settings are remembered"
        )

        before = writes(contoso, northwind)
        again = await review_setup(session)
        assert again.is_clean()
        empty = await apply_review(session, again.changes())
        assert not empty.report.written and empty.review is not None
        assert writes(contoso, northwind) == before, "a finished set-up writes nothing"

    run_connected(demo, scenario)


def test_a_failed_write_stops_before_the_later_steps_and_applying_again_finishes(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    async def scenario(
        session: Session, _c: SimulatedInstance, northwind: SimulatedInstance
    ) -> None:
        listed = await after_profiles(session)
        mapping_changes = [c for c in listed if c.step is StepId.MAPPINGS]
        assert mapping_changes
        assert northwind.application is not None
        northwind.application.denied = ["POST Users"]
        stopped = await apply_review(session, listed)
        assert stopped.report.error is not None
        assert stopped.review is None, "a write that stopped is not read back as finished"
        assert {c.step for c in stopped.report.written} == {StepId.CREDENTIAL_SWAP}
        not_written = stopped.report.not_written
        assert {c.step for c in not_written} == {StepId.AGENTS, StepId.MAPPINGS}
        assert all(c in not_written for c in mapping_changes)

        northwind.application.denied = None
        rest = await apply_review(session, not_written)
        assert rest.report.error is None
        assert rest.review is not None and rest.review.is_clean()

    run_connected(demo, scenario)


def test_a_failed_authentication_stops_before_the_agents_and_lists_the_rest_again(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    async def scenario(
        session: Session, _c: SimulatedInstance, northwind: SimulatedInstance
    ) -> None:
        plan = session.plan
        listed = await after_profiles(session)
        assert any(c.step is StepId.CREDENTIAL_SWAP for c in listed)
        # The admin regenerates the secret Northwind's customer profile issued after the
        # review read it: the credentials written to Contoso no longer sign in.
        issuer = (CUSTOMER_PROFILE.entity, plan.customer_profile.record_id)
        with northwind.state.lock:
            assert issuer in northwind.state.profile_secrets
            northwind.state.profile_secrets[issuer] = "regenerated-after-the-review"
        outcome = await apply_review(session, listed)
        error = outcome.report.error
        assert isinstance(error, AuthenticationFailed)
        assert "Contoso" in error.message
        assert {c.step for c in outcome.report.written} == {StepId.CREDENTIAL_SWAP}
        assert {c.step for c in outcome.report.not_written} == {
            StepId.AGENTS,
            StepId.MAPPINGS,
        }
        assert outcome.review is not None, "written, so read back: the rest is listed"
        assert {c.step for c in outcome.review.changes()} >= {StepId.AGENTS}
        assert plan.supplier_profile.authenticated is False

    run_connected(demo, scenario)


def test_authentication_problem_names_what_failed_and_never_claims_an_unreported_result() -> None:
    ok = AuthResult(SUPPLIER_PROFILE, "Contoso", True, "authenticated")
    failed = AuthResult(CUSTOMER_PROFILE, "Northwind MSP", False, "Authentication failed: x")
    silent = AuthResult(CUSTOMER_PROFILE, "Northwind MSP", None, "no report")
    assert authentication_problem([ok]) is None
    assert authentication_problem([]) is None
    refused = authentication_problem([ok, failed])
    assert refused is not None
    assert "Northwind MSP: Authentication failed: x" in refused.message
    assert "Contoso" not in refused.message
    unreported = authentication_problem([ok, silent])
    assert unreported is not None
    assert CUSTOMER_PROFILE.label in unreported.message
    assert "does not claim" in unreported.message


def test_apply_says_which_changed_action_settings_it_records_anew(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    async def scenario(
        session: Session, _: SimulatedInstance, northwind: SimulatedInstance
    ) -> None:
        plan = session.plan
        listed = await after_profiles(session)
        done = await apply_review(session, listed)
        assert done.review is not None and done.review.is_clean()
        assert not done.settings_recorded, "a first recording replaces nothing"
        recorded = plan.action_settings
        assert recorded is not None
        action_id = min(recorded.actions[Side.SUPPLIER])
        then = recorded.of(Side.SUPPLIER, action_id)[C.OUTCOME_SEND_EMAIL]
        # The admin changes "Send an email" of a mapped action in Halo's own screen.
        with northwind.state.lock:
            key = northwind.state.find_key("Outcome", action_id)
            assert key is not None
            northwind.state.get("Outcome", key)[C.OUTCOME_SEND_EMAIL] = 0 if then else 1
        session.forget_everything()
        again = await apply_step(session, StepId.MAPPINGS, [])
        assert len(again.settings_recorded) == 1
        line = again.settings_recorded[0]
        assert line.startswith(
            f"Northwind MSP, action '{recorded.of(Side.SUPPLIER, action_id)['name']}'"
        )
        assert "Send an email Yes → No" in line if then else "Send an email No → Yes" in line
        assert plan.action_settings is not None
        assert plan.action_settings.of(Side.SUPPLIER, action_id)[C.OUTCOME_SEND_EMAIL] != then
        quiet = await apply_step(session, StepId.MAPPINGS, [])
        assert not quiet.settings_recorded, "said once, then recorded"

    run_connected(demo, scenario)


def test_a_mapping_to_a_record_the_instance_lacks_is_refused_before_it_is_written(
    demo: tuple[SimulatedInstance, SimulatedInstance],
) -> None:
    async def scenario(
        session: Session, contoso: SimulatedInstance, northwind: SimulatedInstance
    ) -> None:
        plan = session.plan
        done = await apply_review(session, await after_profiles(session))
        assert done.review is not None and done.review.is_clean()
        status = plan.supplier_profile_mappings.rows_of(MappingKind.STATUS)[0]
        plan.supplier_profile_mappings.rows.append(
            MappingRow(MappingKind.STATUS, 424242, "Escalated", local_id=99999)
        )
        before = writes(contoso, northwind)
        review = await review_setup(session)
        step = review.step(StepId.MAPPINGS)
        assert step is not None and step.waiting is not None
        assert "name records Contoso does not hold: status 99999 (for 'Escalated')" in (
            step.waiting.text
        )
        assert not [c for c in step.changes if c.side is Side.CUSTOMER]
        await apply_review(session, review.changes())
        assert writes(contoso, northwind) == before, "the profile with the bad row is untouched"
        assert status.local_id is not None

    run_connected(demo, scenario)
