"""The action check and the end-to-end test agree: on the correct set-up the check finds no
error and every hop passes; for each misconfiguration the end-to-end test catches, the check
names the rule that explains it, before any ticket is sent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from demo_setup import session_for
from e2e_cases import MISCONFIGURATIONS, run
from sync_setup import Synced, synced_demo

from halo_wizard.rules.inputs import CheckInput
from halo_wizard.rules.model import Finding, Severity
from halo_wizard.rules.rules import check
from halo_wizard.steps.end_to_end import HopStatus

# The rule that explains each case of the end-to-end test, and how loud it must be at least.
EXPECTED_RULE: dict[str, tuple[set[str], Severity]] = {
    "e-mail mapped to e-mail": ({"R8"}, Severity.ERROR),
    "action not in the workflow": ({"R10"}, Severity.ERROR),
    "hidden supplier note": ({"R12"}, Severity.ERROR),
    "unmapped without default": ({"R5"}, Severity.ERROR),
    "wrong credentials": ({"R3"}, Severity.ERROR),
    # "should not be set to send to a connected Halo instance ... otherwise a 'loop' of syncs can
    # occur" (should → warning); a loop that closes on itself is X1's error.
    "loop": ({"R9", "X1"}, Severity.WARNING),
    "closing action not mapped": ({"R15"}, Severity.WARNING),
}
LOUDNESS = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@pytest.fixture
def s() -> Iterator[Synced]:
    with synced_demo() as synced:
        yield synced


def findings(s: Synced) -> list[Finding]:
    async def go() -> list[Finding]:
        session = session_for(s.plan, s.contoso, s.northwind)
        try:
            return check(await CheckInput.from_session(session, authenticate=True))
        finally:
            await session.aclose()

    return asyncio.run(go())


def test_the_case_list_matches_the_end_to_end_tests() -> None:
    assert set(EXPECTED_RULE) == set(MISCONFIGURATIONS)


def test_correct_set_up_passes_both(s: Synced) -> None:
    found = findings(s)
    errors = [f for f in found if f.severity is Severity.ERROR and not f.manual]
    assert errors == [], [(f.rule, f.record, f.message) for f in errors]
    # What the API does not show and the guide says "must" of is left to confirm by hand.
    assert [(f.rule, f.record) for f in found if f.blocking] == [("R14", "Email User")]
    result = run(s)
    assert result.passed, [h.name for h in result.hops if h.status is HopStatus.FAILED]


@pytest.mark.parametrize("name", list(MISCONFIGURATIONS))
def test_the_check_names_the_rule_behind_each_failing_hop(s: Synced, name: str) -> None:
    misconfigure, failing_hop, _, _ = MISCONFIGURATIONS[name]
    rules, loudness = EXPECTED_RULE[name]
    misconfigure(s)
    # The end-to-end test first: the check's Authenticate connection would refresh the flags.
    result = run(s)
    failed = [h.name for h in result.hops if h.status is HopStatus.FAILED]
    assert failed == [failing_hop]
    found = [
        f for f in findings(s) if f.rule in rules and LOUDNESS[f.severity] >= LOUDNESS[loudness]
    ]
    assert found, f"the check missed {name!r} (expected {sorted(rules)} at {loudness.value})"
