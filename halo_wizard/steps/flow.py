"""Steps 1-8 in order without a window: what `halo-wizard apply` runs, on the same step functions
as the window (step 8, the recommended sync actions, only when asked for)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from halo_wizard.api.errors import HaloError
from halo_wizard.credentials import ISSUED_SECRET_ENV, LINKED_SECRET_ENV
from halo_wizard.plan.model import Side, StepId, StepStatus
from halo_wizard.steps import agents, mappings, permissions, profiles
from halo_wizard.steps.apply import apply_changes
from halo_wizard.steps.changes import Change
from halo_wizard.steps.instances import record_connection, same_instance_problem, test_connection
from halo_wizard.steps.partner import PartnerInstance
from halo_wizard.steps.session import Session
from halo_wizard.steps.setup import (
    StepApplied,
    StepReview,
    apply_step,
    authentication_problem,
    survey_step,
)
from halo_wizard.steps.unknowns import AnswerNeeded

Say = Callable[[str], None]
Confirm = Callable[[list[Change]], bool]
SavePlan = Callable[[], None]


class SetupFailed(HaloError):
    title = "Set-up stopped"


@dataclass(slots=True)
class FlowResult:
    written: list[Change] = field(default_factory=list)
    authenticated: dict[str, bool | None] = field(default_factory=dict)


async def run_setup(
    session: Session,
    *,
    say: Say,
    confirm: Confirm,
    save_plan: SavePlan,
    manual_secrets: dict[str, str] | None = None,
    auto_map: bool = False,
    recommended: bool = False,
    stop_after: StepId | None = None,
) -> FlowResult:
    """Steps 1-7: test, preflight, module, profiles, credential swap, agents, mappings; with
    `recommended`, step 8 creates the sync actions the action check recommends.

    Idempotent: each step reads the instances first and writes only what differs. Mappings are
    written as the plan holds them; `auto_map` first fills what the plan leaves unmapped.

    In a two-party set-up (`session.partner`), only this admin's instance is written: what the
    partner's admin must do on theirs is said, step by step. `stop_after` ends after that step
    (an invitation needs only the module and this side's profile)."""
    plan = session.plan
    result = FlowResult()
    partner = session.partner
    if partner is not None and recommended:
        raise SetupFailed(
            "The recommended actions are created on both instances, and one of them is your "
            "partner's.",
            "Run apply without --recommended; create your own side's actions from the "
            "window's action check.",
        )

    def tell_partner(review: StepReview) -> None:
        if review.for_partner:
            say(f"  for your partner to do on {session.name(review.for_partner[0].side)}:")
            for change in review.for_partner:
                say("    " + change.summary)

    def show(changes: list[Change]) -> None:
        if not changes:
            say("  nothing to change")
            return
        for change in changes:
            for line in change.describe():
                say("  " + line)
        if not confirm(changes):
            raise SetupFailed("Stopped before writing: the changes were not confirmed.")

    async def write(step: StepId, changes: list[Change]) -> StepApplied:
        """Shown, confirmed, written, read back: the engine's apply_step."""
        show(changes)
        applied = await apply_step(
            session,
            step,
            changes,
            lambda done, total, text: say(f"  [{done}/{total}] {text}") if changes else None,
            manual_secrets=manual_secrets,
        )
        report = applied.report
        result.written.extend(report.written)
        if report.error is not None:
            plan.mark_step(step, StepStatus.ATTENTION, report.error.message)
            save_plan()
            raise SetupFailed(
                f"{len(report.written)} change(s) written, {len(report.not_written)} not: "
                f"{report.error}",
                "Fix the cause and run apply again: it continues where it stopped.",
            )
        return applied

    def say_recorded(applied: StepApplied) -> None:
        if applied.settings_recorded:
            say("  changed in Halo since they were recorded; recorded now as Halo holds them:")
            for line in applied.settings_recorded:
                say(f"    {line}")

    def read_back(applied: StepApplied, what: str) -> StepReview:
        again = applied.read_back
        assert again is not None  # a write that did not stop is always read back
        if again.changes:
            raise SetupFailed(f"The {what} did not read back as written.", "Run apply again.")
        return again

    def done(step: StepId, note: str = "") -> None:
        plan.mark_step(step, StepStatus.DONE, note)
        plan.current_step = StepId(min(int(step) + 1, int(StepId.REPORT)))
        save_plan()

    say("Step 1: Instances")
    reports = {}
    for side in (Side.CUSTOMER, Side.SUPPLIER):
        client = session.client(side)
        if isinstance(client, PartnerInstance) and not client.known:
            say(f"  {session.name(side)} ({side.value}): your partner's, known from their reply")
            continue
        report = await test_connection(client, side)
        reports[side] = report
        if side is partner:
            say(f"  {session.name(side)} ({side.value}): {report.headline}, your partner's")
            continue
        say(
            f"  {session.name(side)} ({side.value}): {report.headline}, agent {report.agent_name!r}"
        )
    problem = (
        same_instance_problem(reports[Side.CUSTOMER], reports[Side.SUPPLIER])
        if len(reports) == len(Side)
        else None
    )
    if problem:
        raise SetupFailed(problem)
    for side, report in reports.items():
        if side is not partner:  # the partner's instance is as their file describes it
            record_connection(plan, report)
    done(StepId.INSTANCES)

    say("Step 2: Permissions")
    checks = await permissions.preflight(session)
    for check in checks:
        mark = {True: "ok", False: "MISSING", None: "unknown"}[check.ok]
        say(f"  {session.name(check.side)}: {check.label}: {mark} {check.detail}")
    missing = permissions.blocking(checks)
    if missing and not plan.permissions_risk_accepted:
        for check in missing:
            say(f"  grant on {session.name(check.side)}: {check.grant}")
        plan.mark_step(StepId.PERMISSIONS, StepStatus.ATTENTION, f"{len(missing)} missing")
        save_plan()
        raise SetupFailed(
            f"{len(missing)} permission(s) missing; nothing was written.",
            "Grant them as listed, or set permissions_risk_accepted in the plan to go on anyway.",
        )
    done(StepId.PERMISSIONS, f"{len(checks) - len(missing)} of {len(checks)} passed")

    say("Step 3: Suppliers module")
    module = await survey_step(session, StepId.SUPPLIERS_MODULE)
    for side, state in module.survey.states.items():
        client = session.client(side)
        if isinstance(client, PartnerInstance) and not client.known:
            say(f"  {state.instance}: your partner's admin turns it on there")
            continue
        say(f"  {state.instance}: {state.text}")
    read_back(await write(StepId.SUPPLIERS_MODULE, module.changes), "Suppliers module")
    tell_partner(module)
    done(StepId.SUPPLIERS_MODULE)

    say("Step 4: Profiles")
    found = await survey_step(session, StepId.PROFILES)
    read_back(await write(StepId.PROFILES, found.changes), "profiles")
    tell_partner(found)
    done(StepId.PROFILES)
    if stop_after is StepId.PROFILES:
        return result

    say("Step 5: Credential swap")
    swap = await survey_step(session, StepId.CREDENTIAL_SWAP, manual_secrets=manual_secrets)
    if swap.waiting is not None:
        roles = [r for r in profiles.ROLES if r.label in swap.waiting.names]
        names = ", ".join(f"the {r.label} profile" for r in roles)
        envs = " / ".join(ISSUED_SECRET_ENV[r.side] for r in roles)
        save_plan()
        raise SetupFailed(
            f"The API does not show the client secret issued by {names}, and halo_wizard has "
            "not kept it; nothing was written for the credential swap.",
            "Copy it from that profile's API Access tab in Halo, then either paste it in the "
            f"window's Credential swap step or set {envs} and run apply again.",
        )
    swapped = await write(StepId.CREDENTIAL_SWAP, swap.changes)
    for auth in swapped.authentication:
        result.authenticated[auth.role.label] = auth.ok
        verdict = {True: "authenticated", False: "FAILED", None: "NO RESULT"}[auth.ok]
        say(f"  {auth.instance}, {auth.role.label} profile: {verdict} ({auth.reason})")
    refused = authentication_problem(swapped.authentication)
    if refused is not None:
        plan.mark_step(StepId.CREDENTIAL_SWAP, StepStatus.ATTENTION, "authentication failed")
        save_plan()
        raise SetupFailed(refused.message, refused.fix)
    read_back(swapped, "credentials")
    tell_partner(swap)
    done(StepId.CREDENTIAL_SWAP)

    say("Step 6: Agents as end users")
    if partner is Side.SUPPLIER:
        # The end users are made in the supplier's instance: its admin does it from this file.
        say(f"  your partner adds your agents as end users on {session.name(partner)}")
        done(StepId.AGENTS, "made by your partner, from your file")
    else:
        people = await survey_step(session, StepId.AGENTS)
        if people.waiting is not None:
            save_plan()
            raise SetupFailed(people.waiting.text, people.waiting.fix)
        survey = people.survey
        say(
            f"  {survey.count(agents.AgentOutcome.CREATE)} to create, "
            f"{survey.count(agents.AgentOutcome.EXISTS)} already there, "
            f"{survey.count(agents.AgentOutcome.SKIPPED)} skipped"
        )
        again = read_back(await write(StepId.AGENTS, people.changes), "end users")
        done(
            StepId.AGENTS, f"{again.survey.count(agents.AgentOutcome.EXISTS)} agents are end users"
        )

    say("Step 7: Mappings")
    mapped_step = await survey_step(session, StepId.MAPPINGS)
    mapped = mapped_step.survey
    for line in mapped.learned:
        say(f"  learned: {line}")
    if mapped.added_existing:
        say(f"  {mapped.added_existing} mapping(s) already on the instances kept in the plan")
    changes, blocked = mapped.changes, mapped.blocked
    if auto_map:
        for side, counts in mappings.auto_map_plan(plan, mapped.catalogues).items():
            for count in counts:
                say(f"  {session.name(side)}, {count.kind.value}: {count.text}")
        changes, blocked = [], []
        mapped.missing.clear()  # judged again on the auto-mapped rows
        for direction in mappings.DIRECTIONS:
            if direction.receiver not in mapped.profiles or direction.receiver is partner:
                continue
            try:
                changes += mappings.mapping_changes(
                    plan,
                    direction,
                    mapped.profiles[direction.receiver],
                    mapped.catalogues[direction.receiver],
                )
            except AnswerNeeded as exc:
                blocked.append(exc)
            except mappings.RecordsMissing as exc:
                mapped.missing.append(exc)
    if not any(d.mappings(plan).rows for d in mappings.DIRECTIONS):
        say("  the plan holds no mappings yet: build them in the window, or apply with --auto-map")
    written_mappings = await write(StepId.MAPPINGS, changes)
    if mapped.missing:
        first_missing = mapped.missing[0]
        plan.mark_step(StepId.MAPPINGS, StepStatus.ATTENTION, "records missing")
        save_plan()
        raise SetupFailed(first_missing.message, first_missing.fix)
    if blocked:
        plan.mark_step(StepId.MAPPINGS, StepStatus.ATTENTION, blocked[0].unknown.key)
        save_plan()
        first = blocked[0]
        raise SetupFailed(
            first.message + (f" ({len(blocked) - 1} more like it.)" if len(blocked) > 1 else ""),
            first.fix,
        )
    read_back(written_mappings, "mappings")
    tell_partner(mapped_step)
    say_recorded(written_mappings)
    done(StepId.MAPPINGS)
    if recommended:
        await _recommended_actions(session, result, say=say, confirm=confirm, save_plan=save_plan)
    return result


async def _recommended_actions(
    session: Session, result: FlowResult, *, say: Say, confirm: Confirm, save_plan: SavePlan
) -> None:
    """Step 8 as the window's "Create the recommended actions": the same engine
    (steps.recommend), shown before it writes; what only Halo's screen sets is listed."""
    from halo_wizard.steps.recommend import (
        apply_recommendations,
        pending_in_halo,
        read_for_recommendations,
        recommended_changes,
    )

    plan = session.plan
    say("Step 8: Recommended actions")
    found = await read_for_recommendations(session)
    recommendations = recommended_changes(found)
    if not recommendations:
        say("  nothing to change")
    else:
        for recommendation in recommendations:
            for line in recommendation.describe(found):
                say("  " + line)
        changes = [c for r in recommendations for c in r.changes]
        if not confirm(changes):
            raise SetupFailed("Stopped before writing: the changes were not confirmed.")
        report = await apply_recommendations(
            session,
            recommendations,
            found,
            lambda done, total, text: say(f"  [{done}/{total}] {text}"),
        )
        result.written.extend(report.written)
        session.forget_everything()  # new actions and workflow lists: read them again
        save_plan()  # the new mapping rows are in the plan
        if report.error is not None:
            plan.mark_step(StepId.ACTION_CHECK, StepStatus.ATTENTION, report.error.message)
            save_plan()
            raise SetupFailed(
                f"{len(report.written)} change(s) written, {len(report.not_written)} not: "
                f"{report.error}",
                "Fix the cause and run apply again: it continues where it stopped.",
            )
        found = await read_for_recommendations(session)
        if recommended_changes(found):
            raise SetupFailed(
                "The recommended actions did not read back as written.", "Run apply again."
            )
    reread = await apply_step(session, StepId.MAPPINGS, [])  # read back, settings remembered
    if reread.read_back is None or reread.read_back.changes:
        raise SetupFailed("The mappings did not read back as written.", "Run apply again.")
    if reread.settings_recorded:
        say("  the mapped actions' settings, recorded anew as Halo holds them now:")
        for line in reread.settings_recorded:
            say(f"    {line}")
    steps = pending_in_halo(found)
    for step in steps:
        say(f"  then, in Halo's own screen: {step.text}")
    if steps:
        say(
            "  (the end-to-end test, `halo-wizard test`, shows Halo's numbering on its own test "
            "notes where these are not set yet)"
        )
    note = f"{len(steps)} setting(s) to make in Halo" if steps else ""
    plan.mark_step(StepId.ACTION_CHECK, StepStatus.DONE, note)
    plan.current_step = StepId(min(int(StepId.ACTION_CHECK) + 1, int(StepId.REPORT)))
    save_plan()


async def run_linked_setup(
    session: Session,
    *,
    say: Say,
    confirm: Confirm,
    save_plan: SavePlan,
    application_secret: str | None,
) -> FlowResult:
    """A shared ticket list (Connected Instances): B's connected instance record for A, its
    Test, the linked ticket list, the e-mail identifiers. Idempotent, like run_setup."""
    from halo_wizard.steps import linked_lists

    plan = session.plan
    result = FlowResult()

    async def write(changes: list[Change]) -> None:
        if not changes:
            say("  nothing to change")
            return
        for change in changes:
            for line in change.describe():
                say("  " + line)
        if not confirm(changes):
            raise SetupFailed("Stopped before writing: the changes were not confirmed.")
        report = await apply_changes(session, changes)
        result.written.extend(report.written)
        save_plan()
        if report.error is not None:
            raise SetupFailed(
                f"{len(report.written)} change(s) written, {len(report.not_written)} not: "
                f"{report.error}",
                "Fix the cause and run apply again: it continues where it stopped.",
            )

    say("Step 1: Instances")
    for side in (Side.CUSTOMER, Side.SUPPLIER):
        report = await test_connection(session.client(side), side)
        record_connection(plan, report)
        say(f"  {session.name(side)}: {report.headline}")
    save_plan()

    say("Step 2: Connected instance")
    connection = await linked_lists.survey_connection(session, application_secret)
    if connection.changes and not application_secret:
        raise SetupFailed(
            "No secret for the API application the second instance signs in to the first with.",
            f"Enter it once in the window (API application step), or set {LINKED_SECRET_ENV}.",
        )
    await write(connection.changes)
    test = await linked_lists.run_connection_test(session)
    say(f"  Test: {'passed' if test.ok else 'FAILED'} ({test.text})")
    if not test.ok:
        save_plan()
        raise SetupFailed(f"The connected instance's Test failed: {test.text}")

    say("Step 3: Linked ticket list")
    lists = await linked_lists.survey_lists(session)
    await write(lists.changes)

    say("Step 4: E-mail identifier")
    identifiers = await linked_lists.survey_identifiers(session)
    await write(identifiers.changes)

    leftover = (
        (await linked_lists.survey_connection(session, application_secret)).changes
        + (await linked_lists.survey_lists(session)).changes
        + (await linked_lists.survey_identifiers(session)).changes
    )
    if leftover:
        raise SetupFailed("The shared list did not read back as written.", "Run apply again.")
    save_plan()
    return result
