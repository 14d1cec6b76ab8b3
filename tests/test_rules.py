"""The action check (step 8): the correct configuration passes; each documented rule, each row of
seed 001's troubleshooting table and each check across both instances is broken by one edit of
that configuration and reported with its rule, severity, instance and record; recommended actions,
confirmations by hand, and `halo-wizard validate` (offline and live)."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from demo_instances import DemoPair
from demo_setup import finish_in_halo, session_for, set_up
from rules_fixtures import (
    CUSTOMER,
    SUPPLIER,
    Pair,
    accepted_titles,
    correct_pair,
    matching,
    new_findings,
)

from halo_wizard.api import constants as C
from halo_wizard.commands.validate import run_validate
from halo_wizard.plan.model import MappingKind, Side
from halo_wizard.plan.store import save_plan
from halo_wizard.rules import RULES, CheckInput, Outcome, Severity, check, has_blocking
from halo_wizard.steps import unknowns
from halo_wizard.steps.profiles import CUSTOMER_PROFILE, SUPPLIER_PROFILE
from halo_wizard.steps.recommend import (
    NotAppliedYet,
    apply_plan_edits,
    apply_recommendations,
    recommended_changes,
)

A, B = Side.CUSTOMER, Side.SUPPLIER


def _id(pair: Pair, side: Side, name: str) -> int:
    return int(pair.action(side, name)["id"])


# ---- the correct configuration ----------------------------------------------------------------


def test_the_correct_configuration_has_no_error() -> None:
    pair = correct_pair()
    for with_plan in (False, True):
        findings = pair.check(with_plan=with_plan)
        errors = [f for f in findings if f.severity is Severity.ERROR and not f.manual]
        assert errors == [], [f"{f.rule} {f.record}: {f.message}" for f in errors]
        # What the API cannot show and the guide says "must" of: the API e-mail setting of the
        # action the indirect e-mail arrives as (R14), to confirm by hand before going on.
        assert [(f.rule, f.record) for f in findings if f.blocking] == [("R14", "Email User")]
    pair.plan.confirm("R14", A, "Email User", "Contoso IT administrator", "ticked in Halo")
    assert not has_blocking(pair.check(with_plan=True))
    # The recommended actions were created with the documented settings...
    assert pair.action(A, "Escalate to Northwind MSP")["systemid"] == C.SYSTEMID_LOG_TO_SUPPLIER
    note = pair.action(B, "Note to Contoso")
    assert (note["sendemail"], note["hidefromuser"], note[C.SYNC_TO_HALO]) == (0, False, 2)
    private = pair.action(A, "Private note to Northwind MSP")
    assert (private["hidefromuser"], private[C.SYNC_TO_HALO]) == (True, 1)
    resolve = pair.action(B, "Resolve third party ticket")
    assert resolve["newstatus"] == C.CLOSED_STATUS_ID
    # ... and nothing is left to recommend: what was created passes the rules.
    assert recommended_changes(pair.input()) == []
    assert len(accepted_titles()) == 5


def test_the_correct_configuration_still_reports_what_the_api_cannot_show() -> None:
    findings = correct_pair().check()
    manual = matching(findings, "R14", "error", CUSTOMER, "Email User")
    assert manual and manual[0].manual and manual[0].outcome is Outcome.CONFIRM_BY_HAND
    assert matching(findings, "R16", "info", CUSTOMER, SUPPLIER)
    onto_default = matching(findings, "X2", "info", SUPPLIER, "Incident")
    assert onto_default and "'Major Incident'" in onto_default[0].message


def test_every_rule_of_product_md_is_registered() -> None:
    ids = [r.id for r in RULES]
    assert ids[:18] == [f"R{n}" for n in range(1, 19)]
    assert {"X1", "X2", "X3", "X4", "X5"} <= set(ids)
    for rule in RULES:
        assert rule.title and rule.section


def test_findings_are_sorted_by_instance_then_severity() -> None:
    pair = correct_pair()
    pair.one(B, "Features", "module_name", "Suppliers")["enabled"] = False
    pair.one(A, "Features", "module_name", "Suppliers")["enabled"] = False
    findings = pair.check()
    order = [(0 if f.side is A else 1, f.severity.rank) for f in findings]
    assert order == sorted(order)
    assert findings[0].rule == "R1" and findings[0].instance == CUSTOMER


def test_profiles_are_found_without_a_plan_by_their_credentials() -> None:
    found = correct_pair().input()
    assert found.profile(SUPPLIER_PROFILE).how == "credentials"
    assert found.profile(CUSTOMER_PROFILE).name == CUSTOMER


# ---- one edit, one broken rule ---------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    edit: Callable[[Pair], str | None]
    rule: str
    severity: str
    instance: str
    record: str | None  # None: the edit returns it
    text: str
    also: frozenset[str]


CASES: list[Case] = []


def case(
    case_id: str,
    rule: str,
    severity: str,
    instance: str,
    record: str | None,
    text: str = "",
    also: tuple[str, ...] = (),
) -> Callable[[Callable[[Pair], str | None]], Callable[[Pair], str | None]]:
    def register(edit: Callable[[Pair], str | None]) -> Callable[[Pair], str | None]:
        CASES.append(Case(case_id, edit, rule, severity, instance, record, text, frozenset(also)))
        return edit

    return register


@case("R1 suppliers module off", "R1", "error", SUPPLIER, "Suppliers module", "is off")
def _module_off(pair: Pair) -> None:
    pair.one(B, "Features", "module_name", "Suppliers")["enabled"] = False


@case(
    "R1 module not listed: confirm by hand",
    "R1",
    "error",
    CUSTOMER,
    "Suppliers module",
    "cannot see",
)
def _module_unlisted(pair: Pair) -> None:
    features = pair.records(A, "Features")
    features[:] = [r for r in features if r["module_name"] != "Suppliers"]


@case("R2 no supplier profile", "R2", "error", CUSTOMER, SUPPLIER, "supplier relationship")
def _no_supplier_profile(pair: Pair) -> None:
    pair.records(A, "Supplier").remove(pair.profile(A))


@case("R2 supplier set up as a customer", "R2", "error", CUSTOMER, SUPPLIER, "must be the supplier")
def _backwards(pair: Pair) -> None:
    record = pair.profile(A)
    pair.records(A, "Supplier").remove(record)
    pair.records(A, "Client").append(record)


@case("R3 API access off", "R3", "error", SUPPLIER, CUSTOMER, "API access is off")
def _api_access_off(pair: Pair) -> None:
    pair.profile(B)[C.PROFILE_ALLOW_API_ACCESS] = False


@case("R3 wrong tenant", "R3", "error", CUSTOMER, SUPPLIER, "tenant")
def _wrong_tenant(pair: Pair) -> None:
    pair.profile(A)[C.PROFILE_REMOTE_TENANT] = "fabrikam"


@case(
    "R3 authentication unknown: confirm by hand", "R3", "error", SUPPLIER, CUSTOMER, "does not show"
)
def _validated_unknown(pair: Pair) -> None:
    del pair.profile(B)[C.PROFILE_VALIDATED]


@case(
    "Troubleshooting 'This functionality is not supported' (R3 wrong credentials)",
    "R3",
    "error",
    CUSTOMER,
    SUPPLIER,
    "This functionality is not supported",
)
def _wrong_credentials(pair: Pair) -> None:
    profile = pair.profile(A)
    profile[C.PROFILE_REMOTE_CLIENT_ID] = "00000000-0000-4000-8000-000000000000"
    profile[C.PROFILE_VALIDATED] = False


def _remove_users(pair: Pair, email: str, *, only_under_profile: bool) -> None:
    client_id = pair.profile(B)["id"]
    users = pair.records(B, "Users")
    users[:] = [
        u
        for u in users
        if str(u.get("emailaddress", "")).strip().casefold() != email
        or (only_under_profile and u.get("client_id") != client_id)
    ]


@case(
    "Troubleshooting no sync: ticket under the wrong customer (R4)",
    "R4",
    "error",
    SUPPLIER,
    "Priya Shah",
    "wrong customer",
)
def _wrong_customer(pair: Pair) -> None:
    _remove_users(pair, "priya.shah@contoso.com", only_under_profile=True)


@case("R4 agent missing as end user", "R4", "error", SUPPLIER, None, "not an end user")
def _agent_missing(pair: Pair) -> str:
    agent = next(
        a
        for a in pair.records(A, "Agent")
        if a.get("email") and not a["isapiagent"] and not a["isdisabled"] and a["id"] > 10
    )
    _remove_users(pair, agent["email"].strip().casefold(), only_under_profile=False)
    return str(agent["name"])


@case(
    "Troubleshooting no sync: unmapped action without a default (R5)",
    "R5",
    "error",
    CUSTOMER,
    SUPPLIER,
    "nobody sees an error",
    also=("R12",),  # the supplier's note itself arrives nowhere: "you will need to map this"
)
def _no_default_action(pair: Pair) -> None:
    pair.profile(A)[C.DEFAULT_ACTION] = None
    pair.unmap(A, _id(pair, B, "Note to Contoso"))


@case("R5 no default ticket type", "R5", "error", SUPPLIER, CUSTOMER, "default ticket type")
def _no_default_ticket_type(pair: Pair) -> None:
    pair.profile(B)[C.DEFAULT_TICKET_TYPE] = None


@case(
    "R6 default action visible to end users",
    "R6",
    "warning",
    SUPPLIER,
    "Add Note",
    "visible to end users",
)
def _visible_default(pair: Pair) -> None:
    pair.profile(B)[C.DEFAULT_ACTION] = _id(pair, B, "Add Note")


@case(
    "R7 fields of different types",
    "R7",
    "error",
    SUPPLIER,
    "Affected Users → Affected Users",
    "different types",
)
def _field_types(pair: Pair) -> None:
    remote = pair.field(A, "CFAffectedUsers")["id"]
    local = pair.field(B, "CFAffectedUsers")["id"]
    pair.map_row(B, MappingKind.FIELD, remote, local)


@case(
    "R7 a field ticket sync cannot map",
    "R7",
    "error",
    SUPPLIER,
    "Details → Details",
    "only custom fields",
)
def _field_not_mappable(pair: Pair) -> None:
    pair.map_row(
        B, MappingKind.FIELD, pair.field(A, "details")["id"], pair.field(B, "details")["id"]
    )


@case(
    "Troubleshooting timeout: e-mail action mapped to e-mail action (R8)",
    "R8",
    "error",
    CUSTOMER,
    "Indirect email to end user → Email User",
    "times out",
    also=("R14",),
)
def _email_to_email(pair: Pair) -> None:
    pair.action(B, "Indirect email to end user")["sendemail"] = C.SENDEMAIL_YES


@case(
    "R9 mapped action sends back",
    "R9",
    "warning",  # "should not be set to send to a connected Halo instance"; a closed loop is X1
    CUSTOMER,
    "Note to Contoso → Internal Note",
    "loop",
)
def _target_syncs(pair: Pair) -> None:
    pair.action(A, "Internal Note")[C.SYNC_TO_HALO] = C.SYNC_SUPPLIER


@case(
    "Troubleshooting 'You do not have access to this action at the moment' (R10)",
    "R10",
    "error",
    CUSTOMER,
    "Email User",
    "You do not have access to this action at the moment",
)
def _not_in_workflow(pair: Pair) -> None:
    workflow = pair.workflow(A, "Problem Management")
    email_user = _id(pair, A, "Email User")
    workflow["always_allow_actions"] = [
        r for r in workflow["always_allow_actions"] if r["id"] != email_user
    ]


@case(
    "R11 log-to-supplier actions send no e-mail",
    "R11",
    "error",
    CUSTOMER,
    "Escalate to Northwind MSP",
    "cannot send a ticket",
    also=("R18",),
)
def _log_no_email(pair: Pair) -> None:
    for name in ("Escalate to Northwind MSP", "Log to supplier"):
        pair.action(A, name)["sendemail"] = C.SENDEMAIL_NO


@case(
    "Troubleshooting no sync: supplier's note hidden from the user (R12)",
    "R12",
    "error",
    SUPPLIER,
    "Note to Contoso",
    "does not sync",
)
def _supplier_note_hidden(pair: Pair) -> None:
    pair.action(B, "Note to Contoso")["hidefromuser"] = True


@case(
    "R13 customer's note action not sent",
    "R13",
    "warning",
    CUSTOMER,
    "Private note to Northwind MSP",
    "sends private notes",
)
def _customer_note_not_sent(pair: Pair) -> None:
    action = pair.action(A, "Private note to Northwind MSP")
    action[C.SYNC_TO_HALO] = C.SYNC_NO
    action["default_send_to_halo"] = False


@case(
    "R14 e-mail action does not send through the API",
    "R14",
    "error",  # "must have the setting ... enabled against it"
    CUSTOMER,
    "Email User",
    "never gets the message",
)
def _via_api_off(pair: Pair) -> None:
    # On an instance that shows the setting through the API (the api-email-field dialect).
    unknowns.learn(pair.plan, A, C.API_EMAIL_FIELD, unknowns.EMAIL_AUTO_FORWARD, "example", "")
    pair.action(A, "Email User")[unknowns.EMAIL_AUTO_FORWARD] = False


@case(
    "R14 indirect e-mail without the send-to field",
    "R14",
    "error",  # "Field list must contain 'Send to connected instance' field"
    SUPPLIER,
    "Indirect email to end user",
    "lacks",
)
def _indirect_fields(pair: Pair) -> None:
    pair.action_fields(B, "Indirect email to end user", [C.ACTION_FIELD_NOTE])


@case(
    "R15 closing action arrives as a non-closing one",
    "R15",
    "error",  # "you will need to map this action to the resolve/close action"
    CUSTOMER,
    "Resolve third party ticket → Internal Note",
    "does not close",
)
def _close_not_closing(pair: Pair) -> None:
    pair.map_row(
        A,
        MappingKind.ACTION,
        _id(pair, B, "Resolve third party ticket"),
        _id(pair, A, "Internal Note"),
    )


@case(
    "R15 closing actions mapped one way only",
    "R15",
    "warning",
    SUPPLIER,
    CUSTOMER,
    "stays open",
    also=("R8",),
)
def _close_one_way(pair: Pair) -> None:
    closed = set(C.CLOSING_STATUS_IDS)
    closing = {a["id"] for a in pair.records(A, "Outcome") if a.get("newstatus") in closed}
    for remote in closing:
        pair.unmap(B, remote)


@case(
    "R16 attachments off while an attachment action syncs",
    "R16",
    "warning",
    SUPPLIER,
    CUSTOMER,
    "Add Attachments",
    also=("R12",),
)
def _attachments_off(pair: Pair) -> None:
    pair.action(B, "Add Attachments")[C.SYNC_TO_HALO] = C.SYNC_CUSTOMER


@case(
    "Troubleshooting tags around the rich text: AI without HTML (R17)",
    "R17",
    "warning",
    CUSTOMER,
    "Email User",
    "tags",
)
def _ai_without_html(pair: Pair) -> None:
    action = pair.action(A, "Email User")
    action["ai_improve_agent_note_default_on"] = True
    action["ai_prompt"] = "Make it friendly and professional."


@case(
    "Troubleshooting 'An action must be associated with a ticket_id': Supplier Ref (R18)",
    "R18",
    "info",
    CUSTOMER,
    "Escalate to Northwind MSP",
    "An action must be associated with a ticket_id",
    also=("R11",),
)
def _supplier_ref(pair: Pair) -> None:
    pair.action_fields(
        A,
        "Escalate to Northwind MSP",
        [C.ACTION_FIELD_NOTE, C.ACTION_FIELD_SUPPLIER, C.ACTION_FIELD_SUPPLIER_REF],
    )


@case(
    "X1 a loop of syncs",
    "X1",
    "error",
    CUSTOMER,
    "Internal Note",
    "loop of syncs",
    also=("R9", "R13"),
)
def _loop(pair: Pair) -> None:
    internal = _id(pair, A, "Internal Note")
    pair.action(A, "Internal Note")[C.SYNC_TO_HALO] = C.SYNC_SUPPLIER
    pair.map_row(B, MappingKind.ACTION, internal, _id(pair, B, "Note to Contoso"))


def test_a_hidden_supplier_action_does_not_bounce_back() -> None:
    pair = correct_pair()
    pair.action(A, "Internal Note")[C.SYNC_TO_HALO] = C.SYNC_SUPPLIER
    pair.action(B, "Internal Note")[C.SYNC_TO_HALO] = C.SYNC_CUSTOMER
    findings = pair.check()
    assert not matching(findings, "X1")
    assert matching(findings, "R12", "error", SUPPLIER, "Internal Note")


@case(
    "X2 a status that comes back as another",
    "X2",
    "warning",
    CUSTOMER,
    "New → New → Assigned",
    "comes back as 'Assigned'",
)
def _bounce(pair: Pair) -> None:
    pair.map_row(
        A, MappingKind.STATUS, pair.status(B, "New")["id"], pair.status(A, "Assigned")["id"]
    )


@case("X2 statuses collapsing onto one", "X2", "info", CUSTOMER, "In Progress", "all become")
def _collapse(pair: Pair) -> None:
    target = pair.status(A, "In Progress")["id"]
    for name in ("Blocked", "Parts Received", "Quote Accepted"):
        pair.map_row(A, MappingKind.STATUS, pair.status(B, name)["id"], target)


@case(
    "X3 a mapping to an action that no longer exists",
    "X3",
    "error",
    CUSTOMER,
    "Resolve third party ticket → Close Ticket",
    "no longer exists",
    also=("R8", "R15"),
)
def _stale(pair: Pair) -> None:
    pair.records(A, "Outcome").remove(pair.action(A, "Close Ticket"))


@case("X4 sent the wrong way round", "X4", "info", CUSTOMER, "Add Note", "does not reach")
def _wrong_way(pair: Pair) -> None:
    answer = pair.plan.instance(A).learned[C.SYNC_VALUES.key].answer
    pair.action(A, "Add Note")[C.SYNC_TO_HALO] = unknowns.sync_number(answer, "Customer")


@case("X6 the sync numbers not shown yet", "X6", "info", SUPPLIER, SUPPLIER, "not shown which")
def _sync_numbers_unknown(pair: Pair) -> None:
    # An instance that has not shown which number is Supplier: its sync settings are not judged.
    del pair.plan.instance(B).learned[C.SYNC_VALUES.key]


@case("X5 Halo too old", "X5", "error", CUSTOMER, CUSTOMER, "2.184")
def _too_old(pair: Pair) -> None:
    pair.customer["instanceinfo"]["app_version"] = "2.170.3"


@pytest.mark.parametrize("broken", CASES, ids=[c.id for c in CASES])
def test_one_edit_breaks_one_rule(broken: Case) -> None:
    pair = correct_pair()
    record = broken.edit(pair) or broken.record
    findings = pair.check()
    hits = matching(findings, broken.rule, broken.severity, broken.instance, record)
    seen = [f"{f.rule} {f.severity.value} {f.instance} {f.record}" for f in new_findings(findings)]
    assert hits, f"no {broken.rule} finding for {record!r}; new findings: {seen}"
    assert any(broken.text in f.message for f in hits), [f.message for f in hits]
    new = new_findings(findings)
    assert any(h in new for h in hits), "the finding was already there before the edit"
    assert {f.rule for f in new} <= {broken.rule, *broken.also}, seen
    assert all(f.fix for f in hits)


def test_every_rule_has_a_breaking_case() -> None:
    covered = {c.rule for c in CASES}
    assert {r.id for r in RULES} <= covered


# ---- what the API does not show: confirmation by hand -----------------------------------------


def test_a_confirmation_in_the_plan_turns_a_check_by_hand_into_a_note() -> None:
    pair = correct_pair()
    pair.plan.confirm("R14", A, "Email User", "Contoso IT administrator", "checked on screen")
    findings = pair.check(with_plan=True)
    confirmed = matching(findings, "R14", instance=CUSTOMER, record="Email User")
    assert len(confirmed) == 1
    assert confirmed[0].outcome is Outcome.CONFIRMED
    assert confirmed[0].severity is Severity.INFO
    assert "Contoso IT administrator" in confirmed[0].message


def test_an_unconfirmed_check_by_hand_blocks_only_when_its_failure_would() -> None:
    pair = correct_pair()
    pair.plan.confirm("R14", A, "Email User", "Contoso IT administrator", "ticked in Halo")
    assert not has_blocking(pair.check(with_plan=True))
    _module_unlisted(pair)
    assert has_blocking(pair.check(with_plan=True))
    pair.plan.confirm("R1", A, "Suppliers module", "Contoso IT administrator")
    findings = pair.check(with_plan=True)
    assert not has_blocking(findings)
    assert matching(findings, "R1", "info", CUSTOMER)[0].outcome is Outcome.CONFIRMED
    # R17 by hand is a warning ("Update the prompt"): it never blocks, confirmed or not.
    pair = correct_pair()
    pair.plan.confirm("R14", A, "Email User", "Contoso IT administrator")
    del pair.action(A, "Email User")[C.OUTCOME_AI_IMPROVE_NOTE]
    findings = pair.check(with_plan=True)
    by_hand = matching(findings, "R17", "warning", CUSTOMER)
    assert by_hand and by_hand[0].outcome is Outcome.CONFIRM_BY_HAND
    assert not has_blocking(findings)


def test_settings_that_pass() -> None:
    pair = correct_pair()
    pair.profile(A)[C.OUTBOUND_ATTACHMENTS] = 1
    action = pair.action(A, "Email User")
    action["ai_improve_agent_note_default_on"] = True
    action["ai_prompt"] = "Improve the grammar. Return only HTML, no markdown."
    findings = pair.check()
    assert not matching(findings, "R16", instance=CUSTOMER)
    assert not matching(findings, "R17")


# ---- recommendations ---------------------------------------------------------------------------


def test_recommendations_are_shown_before_they_are_written_and_then_pass(demo: DemoPair) -> None:
    async def run(contoso: Any, northwind: Any) -> None:
        plan = await set_up(contoso, northwind, auto_map=True)
        session = session_for(plan, contoso, northwind)
        try:
            found = await CheckInput.from_session(session)
            recommendations = recommended_changes(found)
            assert [r.rule for r in recommendations] == ["R11", "R13", "R12", "R14", "R15"]
            lines = "\n".join(line for r in recommendations for line in r.describe(found))
            assert "Create action 'Indirect email to end user' in Northwind MSP" in lines
            assert "Update workflow 'Problem Management' in Contoso" in lines
            assert "'Indirect email to end user' → 'Email User'" in lines
            with pytest.raises(NotAppliedYet):
                apply_plan_edits(plan, recommendations)
            before = {r.title for r in recommendations}
            report = await apply_recommendations(session, recommendations, found)
            assert report.ok
            # Which sync number means Supplier is not known yet: nothing was written on a guess,
            # each action that must send names the setting the admin finishes in Halo.
            follow_ups = [s for r in recommendations for s in r.in_halo]
            assert {s.setting for s in follow_ups} == {"sync", "api-email"}
            assert all(
                C.SYNC_TO_HALO not in c.payload
                for r in recommendations
                for c in r.changes
                if r.rule != "R11"
            )
            halfway = recommended_changes(await CheckInput.from_session(session))
            assert not [c for r in halfway for c in r.changes if c.operation == "create"]
            learned = await finish_in_halo(
                session, recommendations, {Side.CUSTOMER: contoso, Side.SUPPLIER: northwind}
            )
            assert any("reads back as" in line for line in learned), learned
            session.forget_everything()
            after = await CheckInput.from_session(session)
            # Only the API e-mail setting the admin ticked in Halo is left to confirm by hand.
            assert [(f.rule, f.record) for f in check(after) if f.blocking] == [
                ("R14", "Email User")
            ]
            plan.confirm("R14", Side.CUSTOMER, "Email User", "Contoso IT administrator")
            assert not has_blocking(check(after))
            assert recommended_changes(after) == []
            assert before == set(accepted_titles())
            rows = plan.supplier_profile_mappings.rows_of(MappingKind.ACTION)
            assert any(r.remote_name == "Indirect email to end user" for r in rows)
        finally:
            await session.aclose()

    asyncio.run(run(*demo))


def test_a_hidden_supplier_note_is_recommended_visible() -> None:
    pair = correct_pair()
    pair.action(B, "Note to Contoso")["hidefromuser"] = True
    recommendations = recommended_changes(pair.input())
    assert len(recommendations) == 1
    change = recommendations[0].changes[0]
    assert (change.operation, change.record, change.payload["hidefromuser"]) == (
        "update",
        "Note to Contoso",
        False,
    )


# ---- halo-wizard validate --------------------------------------------------------------------


def _validate(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HALO_WIZARD_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "halo_wizard", "validate", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_validate_json_on_the_correct_pair_exits_1_for_its_check_by_hand(tmp_path: Path) -> None:
    a, b = correct_pair().write(tmp_path)
    result = _validate("--snapshot", str(a), "--snapshot", str(b), "--json", home=tmp_path)
    # Two snapshots carry no confirmation: the R14 check by hand ("must") stays unconfirmed.
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["findings"]
    assert data["findings"], "the correct pair still has notes and checks by hand"
    for finding in data["findings"]:
        assert list(finding)[:6] == ["rule", "severity", "instance", "record", "message", "fix"]
        assert finding["instance"] in (CUSTOMER, SUPPLIER)
        if finding["severity"] == "error":
            assert (finding["rule"], finding["record"], finding["manual"]) == (
                "R14",
                "Email User",
                True,
            )


def test_validate_json_on_a_broken_pair_exits_1(tmp_path: Path) -> None:
    pair = correct_pair()
    _not_in_workflow(pair)
    a, b = pair.write(tmp_path)
    result = _validate("--snapshot", str(a), "--snapshot", str(b), "--json", home=tmp_path)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    errors = [f for f in findings if f["severity"] == "error" and not f["manual"]]
    assert [(f["rule"], f["instance"], f["record"]) for f in errors] == [
        ("R10", CUSTOMER, "Email User")
    ]


def test_validate_text_groups_by_instance_and_severity(tmp_path: Path) -> None:
    pair = correct_pair()
    _supplier_note_hidden(pair)
    a, b = pair.write(tmp_path)
    result = _validate("--snapshot", str(a), "--snapshot", str(b), home=tmp_path)
    assert result.returncode == 1
    text = result.stdout
    assert text.index("Contoso (customer side)") < text.index("Northwind MSP (supplier side)")
    supplier_part = text[text.index("Northwind MSP (supplier side)") :]
    assert supplier_part.index("Errors (1)") < supplier_part.index("Warnings")
    assert "R12  Note to Contoso" in supplier_part
    assert "Fix: Configuration > Tickets > Actions > Note to Contoso > Hide from user: No" in text
    assert "[confirm by hand]" in text


def test_validate_needs_two_snapshots(tmp_path: Path) -> None:
    a, _b = correct_pair().write(tmp_path)
    result = _validate("--snapshot", str(a), home=tmp_path)
    assert result.returncode == 2
    assert "two snapshots" in result.stderr


def test_validate_live_from_a_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo: DemoPair
) -> None:
    contoso, northwind = demo
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    assert contoso.application and northwind.application
    monkeypatch.setenv("HALO_A_CLIENT_SECRET", contoso.application.client_secret)
    monkeypatch.setenv("HALO_B_CLIENT_SECRET", northwind.application.client_secret)

    out, err = io.StringIO(), io.StringIO()
    # The plain demo has none of the actions seed 001 says "will need to be" created: errors.
    assert run_validate(path, [], True, out=out, err=err) == 1, err.getvalue()
    findings = json.loads(out.getvalue())["findings"]
    before = {(f["rule"], f["instance"]) for f in findings if f["severity"] == "error"}
    assert before == {
        ("R12", SUPPLIER),
        ("R13", CUSTOMER),
        ("R14", SUPPLIER),
        ("R15", SUPPLIER),
    }

    with northwind.state.lock:
        module = next(
            r for r in northwind.state.iter_records("Features") if r["module_name"] == "Suppliers"
        )
        module["enabled"] = False
    out = io.StringIO()
    assert run_validate(path, [], True, out=out, err=err) == 1
    errors = [f for f in json.loads(out.getvalue())["findings"] if f["severity"] == "error"]
    assert [
        (f["rule"], f["instance"]) for f in errors if (f["rule"], f["instance"]) not in before
    ] == [("R1", SUPPLIER)]


def test_addresses_are_checked_against_the_plan() -> None:
    pair = correct_pair()
    profile = pair.profile(A)
    held = profile[C.PROFILE_REMOTE_API_URL]
    profile[C.PROFILE_REMOTE_API_URL] = held.replace("127.0.0.1", "localhost")
    with_plan = matching(pair.check(with_plan=True), "R3", "error", CUSTOMER, SUPPLIER)
    assert with_plan and "Resource Server" in with_plan[0].message
    # Without the plan the snapshot does not say where the other instance lives.
    assert not matching(pair.check(), "R3", instance=CUSTOMER)


def test_many_agents_missing_make_one_grouped_finding() -> None:
    pair = correct_pair()
    client_id = pair.profile(B)["id"]
    users = pair.records(B, "Users")
    users[:] = [u for u in users if u.get("client_id") != client_id]
    found = matching(pair.check(), "R4", "error", SUPPLIER)
    grouped = [f for f in found if f.record.endswith(" agents")]
    assert len(grouped) == 1 and len(grouped[0].details) > 5
    assert "not end users under 'Contoso'" in grouped[0].message
    # The three also filed under another customer are each reported: the wrong customer.
    assert sorted(f.record for f in found if f not in grouped) == [
        "Grace O'Neill",
        "Priya Shah",
        "Tom Whitfield",
    ]


def test_the_check_can_run_on_the_planned_mappings_before_they_are_written() -> None:
    pair = correct_pair()
    # The plan says the indirect e-mail arrives as 'Email User'; the instance lost the row.
    pair.unmap(A, _id(pair, B, "Indirect email to end user"))
    assert matching(pair.check(with_plan=True), "R14", "error", SUPPLIER)
    planned = pair.input(with_plan=True).with_planned_mappings()
    findings = check(planned)
    assert not matching(findings, "R14", "error", SUPPLIER)
    assert matching(findings, "R14", "error", CUSTOMER, "Email User")


def test_a_misconfigured_recommended_action_is_updated_not_created_twice() -> None:
    pair = correct_pair()
    pair.action(B, "Note to Contoso")["sendemail"] = C.SENDEMAIL_YES
    recommendations = recommended_changes(pair.input())
    assert [r.rule for r in recommendations] == ["R12"]
    change = recommendations[0].changes[0]
    assert (change.operation, change.record) == ("update", "Note to Contoso")
    assert change.payload["sendemail"] == C.SENDEMAIL_NO
    assert "Send an email: Yes → No" in "\n".join(change.describe())
