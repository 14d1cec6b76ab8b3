"""What an end-to-end test interrupted during its clean-up leaves behind: `check` and `validate`
name the test tickets and the test end user (by id and tag), the next `test` says it removes them,
removes them before it starts and leaves the instances as they were; nothing that is not the
test's own is ever counted or touched, and nothing is removed unless the preview was confirmed."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_instances import DemoPair
from demo_setup import session_for, set_up
from e2e_cases import FAST
from sync_setup import Api, Synced, comparable, synced_demo

from halo_wizard.commands.check import run_check_command
from halo_wizard.commands.test import run_test_command
from halo_wizard.commands.validate import run_validate
from halo_wizard.plan.store import load_plan, save_plan
from halo_wizard.steps import leftovers as lo
from halo_wizard.steps.end_to_end import E2EPreview, run_end_to_end
from halo_wizard.steps.session import Session

CLEANUP_STARTS = "Removing the test records"  # the progress text when the clean-up begins


@pytest.fixture
def s(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Synced]:
    with synced_demo() as synced:
        for instance in (synced.contoso, synced.northwind):
            instance.state.sync_settings.email_timeout_delay = 0.005
        apps = (synced.contoso.application, synced.northwind.application)
        assert apps[0] is not None and apps[1] is not None
        monkeypatch.setenv("HALO_A_CLIENT_SECRET", apps[0].client_secret)
        monkeypatch.setenv("HALO_B_CLIENT_SECRET", apps[1].client_secret)
        yield synced


def snapshots(s: Synced) -> tuple[dict[str, Any], dict[str, Any]]:
    return comparable(s.contoso.snapshot()), comparable(s.northwind.snapshot())


class Killed(BaseException):
    """Stands for the process being killed at that point (nothing after it runs)."""


def killed_run(
    s: Synced,
    plan_file: Path | None,
    *,
    when: Callable[[Session, Any], None] | None = None,
    confirm: Callable[[E2EPreview], bool] = lambda _: True,
) -> None:
    """A test run stopped during its clean-up: by default its task is cancelled as the clean-up
    starts (the progress event says when); `when` installs another stop instead. With
    `plan_file`, the run saves the plan there as it goes (as `halo-wizard test` does)."""

    async def go() -> None:
        session = session_for(s.plan, s.contoso, s.northwind)
        task = asyncio.current_task()
        assert task is not None

        def progress(done: int, total: int, text: str) -> None:
            if text == CLEANUP_STARTS and when is None:
                task.cancel()

        if when is not None:
            when(session, task)
        keep = (lambda: save_plan(s.plan, plan_file)) if plan_file is not None else None
        try:
            await run_end_to_end(
                session, progress=progress, confirm_start=confirm, settings=FAST, keep=keep
            )
        finally:
            await session.aclose()

    async def outer() -> None:
        with pytest.raises((asyncio.CancelledError, Killed)):
            await asyncio.ensure_future(go())

    asyncio.run(outer())


def stop_before_deleting_the_user(session: Session, task: Any) -> None:
    """The kill comes after the tickets were deleted, as the test end user is about to be."""
    delete = session.customer.delete

    async def deleting(entity: str, record_id: int) -> None:
        if entity == "Users":
            raise Killed
        await delete(entity, record_id)

    session.customer.delete = deleting  # type: ignore[method-assign]


def check_json(plan_file: Path) -> tuple[int, dict[str, Any]]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check_command(plan_file, True, out=out, err=err)
    assert code in (0, 1), err.getvalue()
    data: dict[str, Any] = json.loads(out.getvalue())
    return code, data


def validate_json(plan_file: Path) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    assert run_validate(plan_file, [], True, out=out, err=err) in (0, 1), err.getvalue()
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def found(report: dict[str, Any]) -> set[tuple[str, str, int, str, bool]]:
    return {
        (x["side"], x["kind"], x["id"], x["tag"], x["recorded"])
        for x in report["leftovers"]["found"]
    }


def test_a_run_killed_in_its_clean_up_is_reported_and_removed_by_the_next(
    s: Synced, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    save_plan(s.plan, plan_file)
    before = snapshots(s)
    assert check_json(plan_file)[1]["leftovers"]["found"] == []

    killed_run(s, plan_file)

    # The plan file names the unfinished run and everything it created.
    stored = load_plan(plan_file).e2e
    assert stored is not None and stored["started"] and not stored["finished_at"]
    tag, records = stored["tag"], stored["records"]
    user, a_ticket, b_ticket = (
        records["test_user_id"],
        records["customer_ticket_id"],
        records["supplier_ticket_id"],
    )
    assert user and a_ticket and b_ticket
    assert snapshots(s) != before  # the tickets and the user are still there
    expected = {
        ("customer", lo.TICKET, a_ticket, tag, True),
        ("supplier", lo.TICKET, b_ticket, tag, True),
        ("customer", lo.END_USER, user, tag, True),
    }

    code, data = check_json(plan_file)
    assert code == 1  # (this demo also drifts: the exit code alone is tested on the plain demo)
    assert found(data) == expected
    assert data["leftovers"]["problems"] == []
    assert found(validate_json(plan_file)) == expected
    text = io.StringIO()
    run_check_command(plan_file, False, out=text, err=io.StringIO())
    for record_id in (user, a_ticket, b_ticket):
        assert f" {record_id} " in text.getvalue()
    assert "3 test record(s) left behind" in text.getvalue() and tag in text.getvalue()

    capsys.readouterr()
    assert run_test_command(plan_file, False, settings=FAST) == 0
    printed = capsys.readouterr().out
    # Said in the preview first, then each removal in the result.
    said_first = printed.index(f"First remove what an earlier test ({tag}) left behind")
    assert said_first < printed.index("[1/10]")
    assert f"deleted test ticket {a_ticket} left by the earlier test {tag}" in printed
    assert f"deleted test ticket {b_ticket} left by the earlier test {tag}" in printed
    assert f"deleted the test end user {user} left by the earlier test {tag}" in printed
    assert "Result: PASSED" in printed

    assert snapshots(s) == before
    assert check_json(plan_file)[1]["leftovers"]["found"] == []


def test_a_test_user_left_without_its_tickets_is_found_by_the_plan(
    s: Synced, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    save_plan(s.plan, plan_file)
    before = snapshots(s)

    killed_run(s, plan_file, when=stop_before_deleting_the_user)

    stored = load_plan(plan_file).e2e
    assert stored is not None
    user, tag = stored["records"]["test_user_id"], stored["tag"]
    _, data = check_json(plan_file)
    assert found(data) == {("customer", lo.END_USER, user, tag, True)}
    assert data["leftovers"]["found"][0]["label"].endswith("@example.invalid")

    capsys.readouterr()
    assert run_test_command(plan_file, False, settings=FAST) == 0
    assert f"deleted the test end user {user} left by the earlier test {tag}" in (
        capsys.readouterr().out
    )
    assert snapshots(s) == before


def test_a_run_killed_before_the_plan_was_saved_is_found_by_its_tag(
    s: Synced, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    save_plan(s.plan, plan_file)  # the plan file never hears of the run below
    before = snapshots(s)

    killed_run(s, None)

    assert load_plan(plan_file).e2e is None
    assert s.plan.e2e is not None  # only the plan in memory, lost with the process
    tag, records = s.plan.e2e["tag"], s.plan.e2e["records"]
    _, data = check_json(plan_file)
    assert found(data) == {
        ("customer", lo.TICKET, records["customer_ticket_id"], tag, False),
        ("supplier", lo.TICKET, records["supplier_ticket_id"], tag, False),
        ("customer", lo.END_USER, records["test_user_id"], tag, False),
    }

    capsys.readouterr()
    assert run_test_command(plan_file, False, settings=FAST) == 0
    assert f"First remove what an earlier test ({tag}) left behind" in capsys.readouterr().out
    assert snapshots(s) == before


def test_nothing_is_removed_unless_the_preview_is_confirmed(s: Synced, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    save_plan(s.plan, plan_file)
    killed_run(s, plan_file)
    left = snapshots(s)
    previews: list[E2EPreview] = []

    def decline(preview: E2EPreview) -> bool:
        previews.append(preview)
        return False

    async def declined() -> None:
        session = session_for(load_plan(plan_file), s.contoso, s.northwind)
        try:
            result = await run_end_to_end(
                session, progress=lambda *_: None, confirm_start=decline, settings=FAST
            )
        finally:
            await session.aclose()
        assert not result.started and result.cleanup == []

    asyncio.run(declined())
    assert previews and previews[0].lines[0].startswith("First remove what an earlier test")
    assert snapshots(s) == left


def test_only_the_tests_own_records_count(s: Synced, tmp_path: Path) -> None:
    """Near misses of the tag and the reserved address, and a plan naming a ticket that is not
    a test ticket, are never reported nor touched."""
    client = s.a.named("Client", "Contoso Ltd")
    site = client["main_site_id"]
    people = [
        ("Someone Else", "someone@example.invalid"),
        ("Near Miss", "halo-wizard-test-1234abcd@example.invalid.example.com"),
        ("Upper Case", "Halo-Wizard-Test-XYZ@example.invalid"),
    ]
    users = [
        s.a.save(
            "Users", {"name": n, "emailaddress": e, "site_id": site, "client_id": client["id"]}
        )
        for n, e in people
    ]
    summaries = [
        "Re: [halo_wizard test 1234abcd] End-to-end check of ticket sync",
        "[halo_wizard test 1234abcd]no space",
        "[halo_wizard test XYZ] not a run id",
        "Printer jammed again",
    ]
    tickets = [
        s.a.save(
            "Tickets",
            {"summary": t, "client_id": client["id"], "site_id": site, "user_id": users[0]["id"]},
        )
        for t in summaries
    ]
    # A plan whose last test names an ordinary ticket and user (a restored instance, say).
    assert s.plan is not None
    s.plan.e2e = {
        "tag": "[halo_wizard test 00000000]",
        "started": True,
        "records": {"customer_ticket_id": tickets[-1]["id"], "test_user_id": users[0]["id"]},
    }
    plan_file = tmp_path / "plan.json"
    save_plan(s.plan, plan_file)
    before = snapshots(s)

    _, data = check_json(plan_file)
    assert data["leftovers"]["found"] == []

    assert run_test_command(plan_file, True, settings=FAST) == 0
    assert snapshots(s) == before
    for ticket in tickets:
        assert s.a.get("Tickets", ticket["id"])["summary"] == ticket["summary"]


def test_the_tags_and_addresses_of_the_test() -> None:
    assert lo.ticket_tag("[halo_wizard test 0a1b2c3d] End-to-end check of ticket sync") == (
        "[halo_wizard test 0a1b2c3d]"
    )
    assert lo.ticket_tag("[halo_wizard test 0a1b2c3d]") == "[halo_wizard test 0a1b2c3d]"
    assert lo.ticket_tag("[halo_wizard test 0a1b2c3d]x") is None
    assert lo.ticket_tag(" [halo_wizard test 0a1b2c3d] x") is None
    assert lo.ticket_tag("[halo_wizard test run-1] x", "[halo_wizard test run-1]") == (
        "[halo_wizard test run-1]"
    )
    # An address is the same address whatever its case.
    assert lo.user_tag("HALO-WIZARD-TEST-0A1B2C3D@EXAMPLE.INVALID") == "[halo_wizard test 0a1b2c3d]"
    assert lo.user_tag("halo-wizard-test-0a1b2c3d@example.invalid") == "[halo_wizard test 0a1b2c3d]"
    assert lo.user_tag("x-halo-wizard-test-0a1b2c3d@example.invalid") is None
    assert lo.short_id_of(lo.tag_for("0a1b2c3d")) == "0a1b2c3d"
    assert lo.test_email("0a1b2c3d") == "halo-wizard-test-0a1b2c3d@example.invalid"


def test_check_exits_1_while_test_records_are_left_behind(
    demo: DemoPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a plan without drift, test records left by a run the plan file never heard of (the
    window closed by force, say) make `check` exit 1, and `validate` name them too."""
    contoso, northwind = demo
    plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
    plan_file = tmp_path / "plan.json"
    save_plan(plan, plan_file)
    assert contoso.application is not None and northwind.application is not None
    monkeypatch.setenv("HALO_A_CLIENT_SECRET", contoso.application.client_secret)
    monkeypatch.setenv("HALO_B_CLIENT_SECRET", northwind.application.client_secret)
    code, data = check_json(plan_file)
    assert code == 0 and data["ok"] and data["leftovers"]["found"] == [], data

    a = Api(contoso)
    try:
        client = a.named("Client", "Contoso Ltd")
        short = "0a1b2c3d"
        user = a.save(
            "Users",
            {
                "name": lo.test_user_name(short),
                "emailaddress": lo.test_email(short),
                "site_id": client["main_site_id"],
                "client_id": client["id"],
            },
        )
        ticket = a.save(
            "Tickets",
            {
                "summary": f"{lo.tag_for(short)} End-to-end check of ticket sync",
                "client_id": client["id"],
                "site_id": client["main_site_id"],
                "user_id": user["id"],
            },
        )
    finally:
        a.close()

    code, data = check_json(plan_file)
    assert code == 1 and data["ok"], data  # no drift: the leftovers alone
    tag = lo.tag_for(short)
    expected = {
        ("customer", lo.TICKET, ticket["id"], tag, False),
        ("customer", lo.END_USER, user["id"], tag, False),
    }
    assert found(data) == expected
    assert found(validate_json(plan_file)) == expected
    text = io.StringIO()
    assert run_validate(plan_file, [], False, out=text, err=io.StringIO()) in (0, 1)
    assert f"test ticket {ticket['id']}" in text.getvalue() and tag in text.getvalue()
