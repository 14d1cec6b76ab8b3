"""Two organisations, two admins, through two windows (issue 15): each window has its own plan
folder and its own keychain, holding only its own instance's admin secret; the customer's admin
writes the invitation, the supplier's opens it, sets up their side and replies, the customer's
opens the reply and finishes. Both instances end up record for record as the one-admin path
leaves them. A wrong pairing code is refused on the page, and nothing is written."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import settled
from demo_instances import DemoPair, demo_instances
from demo_setup import set_up
from driver import click, fill_instance, instances_page, next_step, shown, type_into, until
from PySide6.QtWidgets import QApplication, QWidget
from setup_assertions import assert_setup_complete, record_counts
from sync_setup import sync_actions
from two_party_journey import comparable, same_records

from halo_wizard.plan.model import InstancePlan, Plan, Side, StepId, StepStatus, issued_secret_key
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps.end_to_end import E2ESettings
from halo_wizard.steps.end_to_end.result import proven_together
from halo_wizard.steps.exchange import choose_pairing, exchange_due_after, waits_for_partner
from halo_wizard.steps.two_party import PairingProblem
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.mapping.page import MappingsPage
from halo_wizard.ui.pages.end_to_end import EndToEndPage
from halo_wizard.ui.pages.exchange import ExchangePage, Stage
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services, make_services
from halo_wizard.ui.widgets import metrics

SHOTS = os.environ.get("HALO_WIZARD_SHOTS15", "")
"""A folder for pictures of the first page's choice and of each exchange state (unset in
ordinary runs)."""


class Files:
    """Answers the file dialogs with a prepared path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def save_file(self, parent: QWidget, title: str, suggested: Path, filters: str) -> Path:
        return self.path

    def open_file(self, parent: QWidget, title: str, folder: Path, filters: str) -> Path:
        return self.path


Admin = tuple[MainWindow, Services]


@pytest.fixture
def admins(
    qapp: QApplication, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> Iterator[Callable[[str], Admin]]:
    """Windows of separate admins: each its own plan folder and keychain."""
    opened: list[MainWindow] = []

    def make(who: str) -> Admin:
        services = make_services(PlanStore(tmp_path / who / "plans"), MemoryStore())
        window = MainWindow(services)
        window.resize(*metrics.WINDOW_SIZE)
        window.show()
        opened.append(window)
        return window, services

    yield make
    for window in opened:
        window.close()
        loop.run_until_complete(settled(window.wind_down()))
        window.deleteLater()


async def shoot(window: MainWindow, name: str) -> None:
    """Pictures of the window at both sizes (only when HALO_WIZARD_SHOTS15 names a folder)."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    size = window.size()
    for width, height in ((1024, 640), (1920, 1080), (size.width(), size.height())):
        window.resize(width, height)
        await until(lambda w=width: window.width() == w, "the window to resize")
        for _ in range(3):
            await asyncio.sleep(0)  # let the layouts settle before the picture
        if (width, height) != (size.width(), size.height()):
            window.grab().save(str(Path(SHOTS) / f"{name}-{width}x{height}.png"))


def exchange_page(window: MainWindow) -> ExchangePage:
    return window.exchange


async def at_exchange(window: MainWindow, stage: Stage) -> ExchangePage:
    page = exchange_page(window)
    await until(
        lambda: window.current_page() is page and page.stage() is stage and not page.is_busy(),
        f"the exchange page at {stage.value}",
        page,
    )
    return page


async def new_one_side_plan(
    window: MainWindow, side: Side, *, starts: bool, name: str, sim: SimulatedInstance
) -> None:
    """A new plan: 'I manage one side', which, who starts; this admin's instance tested."""
    click(window.connections.new_button)
    await shown(window, StepId.INSTANCES)
    page = instances_page(window)
    await until(lambda: page.forms[Side.CUSTOMER].instance is not None, "the forms")
    if starts:
        await shoot(window, "01-first-page-both")
    click(page.managed.one)
    page.managed.side.setCurrentIndex(page.managed.side.findData(side.value))
    page.managed.side.activated.emit(page.managed.side.currentIndex())
    click(page.managed.starts if starts else page.managed.invited)
    plan = window.plan
    assert plan is not None and plan.pairing is not None
    assert plan.pairing.own_side is side and plan.pairing.started_here is starts
    partner_form = page.forms[side.other]
    assert not partner_form.secret.isVisible() and not partner_form.test_button.isVisible()
    assert not page.swap_button.isVisible()
    await fill_instance(window, side, name, sim)


async def write_steps(window: MainWindow, until_step: StepId) -> dict[StepId, str]:
    """From the step shown, write each step's changes (auto-mapping the mappings) and go on
    until the window leaves `until_step`; what each step showed for the partner to do."""
    for_partner: dict[StepId, str] = {}
    while (step := window.current_step()) is not None and step <= until_step:
        page = window.pages[step]
        if isinstance(page, SurveyPage):
            await until(
                lambda p=page: p.survey_result is not None and not p.is_busy(), "a survey", page
            )
            for_partner[step] = page.for_partner.text()
            if step is StepId.CREDENTIAL_SWAP:
                await shoot(window, f"survey-{window_side(window).value}-{step.key}")
            if page.changes.changes():
                assert {c.side for c in page.changes.changes()} == {window_side(window)}
                click(page.changes.write_button)
                await until(lambda p=page: not p.is_busy(), "the write", page)
            assert page.changes.is_clean(), page.changes.lines()
        elif isinstance(page, MappingsPage):
            await until(
                lambda m=page: m.workspace is not None and not m.is_busy(), "the mappings", page
            )
            page.toolbar.auto_all.trigger()
            await until(lambda p=page: not p.is_busy(), "the auto-map", page)
            click(page.write_bar.review_button)
            click(page.review.changes.write_button)
            await until(lambda m=page: not m.is_busy(), "writing the mappings", page)
            assert page.is_complete(), page.review.text()
        await next_step(window)
        await until(lambda s=step: window.current_step() != s, "the next step")
    return for_partner


def window_side(window: MainWindow) -> Side:
    assert window.plan is not None and window.plan.pairing is not None
    return window.plan.pairing.own_side


async def journey(a: Admin, b: Admin, pair: DemoPair, work: Path) -> dict[str, Any]:
    contoso, northwind = pair
    window_a, services_a = a
    window_b, services_b = b
    invitation, reply = work / "to-northwind.halo-invitation", work / "to-contoso.halo-reply"

    # Contoso's admin: their own instance, only the name of their partner's.
    await new_one_side_plan(window_a, Side.CUSTOMER, starts=True, name="Contoso", sim=contoso)
    await shoot(window_a, "02-first-page-one-side")
    assert not window_a.next_button.isEnabled()  # the invitation needs the partner's name
    form = instances_page(window_a).forms[Side.SUPPLIER]
    type_into(form.name_edit, "Northwind MSP")
    await next_step(window_a)
    page_a = await at_exchange(window_a, Stage.WRITE_INVITATION)
    await until(lambda: page_a.preview.changes() != [], "the changes for the invitation", page_a)
    assert {c.side for c in page_a.preview.changes()} == {Side.CUSTOMER}
    await shoot(window_a, "03-write-invitation")
    page_a.dialogs = Files(invitation)  # type: ignore[assignment]
    click(page_a.write_button)
    await at_exchange(window_a, Stage.WAITING_FOR_REPLY)
    code = page_a.code_view.shown_code()
    assert len(code) == 14 and code.count("-") == 2
    assert invitation.exists()
    await shoot(window_a, "04-invitation-written-code")
    click(page_a.code_view.hide_button)
    assert page_a.code_view.shown_code() == ""
    await shoot(window_a, "05-waiting-for-reply")
    assert not window_a.next_button.isEnabled()

    # Northwind's admin: invited; their own instance, then the invitation.
    await new_one_side_plan(
        window_b, Side.SUPPLIER, starts=False, name="Northwind MSP", sim=northwind
    )
    await next_step(window_b)
    page_b = await at_exchange(window_b, Stage.OPEN_INVITATION)
    await shoot(window_b, "06-open-invitation")
    page_b.dialogs = Files(invitation)  # type: ignore[assignment]
    click(page_b.choose_button)
    type_into(page_b.code_edit, code.lower().replace("-", " "))  # as typed from the phone
    click(page_b.open_button)
    await at_exchange(window_b, Stage.SET_UP_SIDE)
    plan_b = window_b.plan
    assert plan_b is not None and plan_b.supplier.name == "Northwind MSP"
    assert plan_b.customer.base_url == contoso.url
    await shoot(window_b, "07-invitation-opened")
    await next_step(window_b)
    await shown(window_b, StepId.PERMISSIONS)
    partner_b = await write_steps(window_b, StepId.MAPPINGS)
    # Contoso's profile receives Northwind's addresses on Contoso's side: shown, not written.
    assert "profile 'Northwind MSP' in Contoso" in partner_b[StepId.CREDENTIAL_SWAP]
    page_b = await at_exchange(window_b, Stage.WRITE_REPLY)
    assert page_b.reply_code.isHidden()  # sealed with the code the invitation was opened with
    await shoot(window_b, "08-write-reply")
    page_b.dialogs = Files(reply)  # type: ignore[assignment]
    click(page_b.write_button)
    await at_exchange(window_b, Stage.REPLY_WRITTEN)
    assert reply.exists()
    await shoot(window_b, "09-reply-written")
    await next_step(window_b)
    await shown(window_b, StepId.ACTION_CHECK)

    # Contoso's admin opens the reply and finishes their side.
    page_a.dialogs = Files(reply)  # type: ignore[assignment]
    click(page_a.choose_button)
    type_into(page_a.code_edit, code)
    click(page_a.open_button)
    await at_exchange(window_a, Stage.REPLY_OPENED)
    await shoot(window_a, "10-reply-opened")
    await next_step(window_a)
    await shown(window_a, StepId.CREDENTIAL_SWAP)
    await write_steps(window_a, StepId.MAPPINGS)
    await shown(window_a, StepId.ACTION_CHECK)
    for window in (window_a, window_b):
        plan = window.plan
        assert plan is not None
        for step in (StepId.INSTANCES, StepId.CREDENTIAL_SWAP, StepId.MAPPINGS):
            assert plan.step(step).status is StepStatus.DONE, (plan.name, step)
    return {"code": code, "files": (invitation, reply), "services": (services_a, services_b)}


TOGETHER = E2ESettings(
    arrival_timeout=10.0, poll_interval=0.05, settle=0.0, unsent_grace=1.0, partner_poll=0.2
)


async def run_from_both_sides(a: Admin, b: Admin, pair: DemoPair, code: str, work: Path) -> None:
    """Each admin runs the end-to-end test in their own window at the same time (after the
    sync actions each makes in Halo's own screens): each run proves what its instance shows,
    and the two prove every hop between them. The partner's reply, written again, brings
    their half to the inviter's plan (and report)."""
    windows = (a[0], b[0])
    plan = windows[0].plan
    assert plan is not None
    sync_actions(*pair, plan.supplier_profile.record_id, plan.customer_profile.record_id)
    pages: list[EndToEndPage] = []
    for window in windows:
        window.show_step(StepId.END_TO_END)
        page = await shown(window, StepId.END_TO_END)
        assert isinstance(page, EndToEndPage)
        assert "from your side" in page.intro.text()
        page.settings = TOGETHER
        click(page.prepare_button)
        await until(page.waiting_for_answer, "the preview", page)
        assert "start the test on their side too" in page.preview_text.text()
        pages.append(page)
    for page in reversed(pages):  # the supplier's admin starts first; either order works
        click(page.start_button)
    for page in pages:
        await until(lambda p=page: not p.is_busy(), "the test", page)
    results = [page.result for page in pages]
    assert all(r is not None and r.passed for r in results), [p.verdict.text() for p in pages]
    for page, window in zip(pages, windows, strict=True):
        assert page.verdict.text().startswith("Passed on your side"), page.verdict.text()
        await shoot(window, f"12-end-to-end-{window_side(window).value}")
    customer, supplier = results
    assert customer is not None and supplier is not None
    assert proven_together(customer, supplier) == [h.name for h in customer.hops]

    again = work / "to-contoso-after-the-test.halo-reply"
    window_a, window_b = windows
    window_b.show_exchange()
    page_b = await at_exchange(window_b, Stage.REPLY_WRITTEN)
    page_b.dialogs = Files(again)  # type: ignore[assignment]
    click(page_b.write_button)
    await until(lambda: not page_b.is_busy() and again.exists(), "the reply again", page_b)
    window_a.show_exchange()
    page_a = await at_exchange(window_a, Stage.REPLY_OPENED)
    assert page_a.open_box.isVisible()
    await shoot(window_a, "13-newer-reply")
    page_a.dialogs = Files(again)  # type: ignore[assignment]
    click(page_a.choose_button)
    type_into(page_a.code_edit, code)
    click(page_a.open_button)

    def has_their_half() -> bool:
        plan = window_a.plan
        return plan is not None and plan.pairing is not None and bool(plan.pairing.partner_test)

    await until(has_their_half, "the partner's half in the inviter's plan", page_a)
    plan_a, plan_b = window_a.plan, window_b.plan
    assert plan_a is not None and plan_a.pairing is not None and plan_b is not None
    assert plan_a.pairing.partner_fingerprint == plan_b.fingerprint()


@pytest.fixture(scope="module")
def one_admin() -> dict[int, Any]:
    with demo_instances() as pair:
        asyncio.run(set_up(*pair, auto_map=True))
        return comparable(pair)


def test_two_admins_in_two_windows_set_up_what_one_admin_does(
    admins: Callable[[str], Admin],
    run: Callable[[Any], Any],
    tmp_path: Path,
    one_admin: dict[int, Any],
) -> None:
    with demo_instances() as pair:
        contoso, northwind = pair
        a, b = admins("contoso-admin"), admins("northwind-admin")
        ran = run(journey(a, b, pair, tmp_path))
        assert_setup_complete(
            *pair, supplier_profile_name="Northwind MSP", customer_profile_name="Contoso"
        )
        found = comparable(pair)
        run(run_from_both_sides(a, b, pair, ran["code"], tmp_path))
    same_records(one_admin, found)
    # Each keychain holds only its own side's admin secret.
    for (_window, services), own, other in ((a, contoso, northwind), (b, northwind, contoso)):
        held = services.secrets.known_values()
        assert own.application is not None and other.application is not None
        assert own.application.client_secret in held
        assert other.application.client_secret not in held
    # No admin secret or code in any file either side wrote (the sealed files hold the issued
    # credentials only encrypted).
    secrets = {
        "pairing code": str(ran["code"]),
        "pairing code without dashes": str(ran["code"]).replace("-", ""),
        "Contoso's admin secret": contoso.application.client_secret if contoso.application else "",
        "Northwind's admin secret": (
            northwind.application.client_secret if northwind.application else ""
        ),
    }
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(written) >= 4, written
    for path in written:
        text = path.read_bytes()
        for what, value in secrets.items():
            assert value and value.encode() not in text, f"{what} in {path.relative_to(tmp_path)}"


def _content(path: Path) -> dict[str, Any]:
    """A saved plan but for when it was saved."""
    saved = json.loads(path.read_text("utf-8"))
    saved.pop("updated_at", None)
    return dict(saved)


def _other_code(code: str) -> str:
    return ("A" if code[0] != "A" else "B") + code[1:]


REFUSALS = {
    # case: (what the invited admin types, the instance they give as theirs, what the page says)
    "wrong code": ("other code", "northwind", "pairing code is wrong"),
    "same instance": ("code", "contoso", "same instance"),
}


async def refused(a: Admin, b: Admin, pair: DemoPair, work: Path, case: str) -> None:
    contoso, northwind = pair
    typed, theirs, said = REFUSALS[case]
    window_a, _ = a
    window_b, services_b = b
    invitation = work / "to-northwind.halo-invitation"
    await new_one_side_plan(window_a, Side.CUSTOMER, starts=True, name="Contoso", sim=contoso)
    type_into(instances_page(window_a).forms[Side.SUPPLIER].name_edit, "Northwind MSP")
    await next_step(window_a)
    page_a = await at_exchange(window_a, Stage.WRITE_INVITATION)
    await until(lambda: page_a.preview.changes() != [], "the changes for the invitation", page_a)
    page_a.dialogs = Files(invitation)  # type: ignore[assignment]
    click(page_a.write_button)
    await at_exchange(window_a, Stage.WAITING_FOR_REPLY)
    code = page_a.code_view.shown_code()

    own = northwind if theirs == "northwind" else contoso
    await new_one_side_plan(window_b, Side.SUPPLIER, starts=False, name="Northwind MSP", sim=own)
    await next_step(window_b)
    page_b = await at_exchange(window_b, Stage.OPEN_INVITATION)
    plan_b = window_b.plan
    assert plan_b is not None
    window_b.save_plan(wait=True)
    saved = services_b.plans.path_for(plan_b.id)
    before = _content(saved)
    counts = (record_counts(contoso), record_counts(northwind))
    page_b.dialogs = Files(invitation)  # type: ignore[assignment]
    click(page_b.choose_button)
    type_into(page_b.code_edit, _other_code(code) if typed == "other code" else code)
    click(page_b.open_button)
    await until(lambda: not page_b.is_busy(), "opening the invitation")
    error = page_b.task.error
    assert error.isVisible() and said in error.text(), error.text()
    if case == "wrong code":
        await shoot(window_b, "11-wrong-code")
    assert page_b.stage() is Stage.OPEN_INVITATION and not window_b.next_button.isEnabled()
    assert window_b.plan is plan_b
    window_b.save_plan(wait=True)
    assert _content(saved) == before, "the plan changed for a refused invitation"
    assert (record_counts(contoso), record_counts(northwind)) == counts
    key = issued_secret_key(plan_b.id, Side.CUSTOMER)
    assert await services_b.secrets.get(key) is None


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_refused_invitation_is_said_on_the_page_and_nothing_is_written(
    admins: Callable[[str], Admin], run: Callable[[Any], Any], tmp_path: Path, case: str
) -> None:
    with demo_instances() as pair:
        run(refused(admins("contoso-admin"), admins("northwind-admin"), pair, tmp_path, case))


def test_who_manages_which_side_is_fixed_once_a_file_was_exchanged() -> None:
    plan = Plan.new("", InstancePlan("Contoso", ""), InstancePlan("Northwind MSP", ""))
    assert choose_pairing(plan, None) is None and plan.pairing is None
    pairing = choose_pairing(plan, Side.SUPPLIER, starts=False)
    assert pairing is not None and not pairing.started_here
    assert exchange_due_after(plan, StepId.INSTANCES)
    assert waits_for_partner(plan, StepId.PERMISSIONS) and not waits_for_partner(
        plan, StepId.INSTANCES
    )
    first = choose_pairing(plan, Side.CUSTOMER, starts=True)
    assert first is not None and first.connection_id != pairing.connection_id
    first.sent_file = "invitation-1"
    with pytest.raises(PairingProblem, match="cannot change"):
        choose_pairing(plan, None)
    assert plan.pairing is first
