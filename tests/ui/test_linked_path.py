"""A shared ticket list (connected instances) through the real window against two simulated
instances: A's application verified, B's connected instance written and tested, the linked list
and the e-mail identifiers written; a second run changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from driver import click, fill_instance, type_into, until

from halo_wizard.api import constants as C
from halo_wizard.plan.linked import linked_of
from halo_wizard.plan.model import ConnectionKind, Side, StepId
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.state import Application
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.base import StepPage
from halo_wizard.ui.pages.linked_application import LinkedApplicationPage
from halo_wizard.ui.pages.linked_list import LinkedListPage
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.services import Services

WRITING = (StepId.SUPPLIERS_MODULE, StepId.PROFILES, StepId.CREDENTIAL_SWAP)


async def shown(window: MainWindow, step: StepId) -> StepPage:
    page = window.linked_pages[step]
    await until(lambda: window.current_page() is page, f"step {int(step)} shown")
    return page


async def surveyed(page: SurveyPage) -> None:
    await until(lambda: page.survey_result is not None and not page.is_busy(), "a survey", page)


async def next_step(window: MainWindow) -> None:
    await until(window.next_button.isEnabled, "Next to be enabled", window.current_page())
    click(window.next_button)


def prepare_a(a: SimulatedInstance) -> tuple[Application, int]:
    """What the admin does by hand in A: the application, and a ticket list with a filter."""
    with a.state.lock:
        agent = next(r for r in a.state.iter_records("Agent") if r.get("isapiagent"))
        app = a.state.add_api_application(
            "Connected instance", agent_id=int(agent["id"]), scopes=C.LINKED_APP_SCOPES
        )
        list_id = a.state.create(
            C.VIEWLIST_ENTITY,
            {
                "name": "Escalations",
                "use": C.VIEWLIST_USE_TICKETS,
                C.VIEWLIST_FILTERS: [{C.VIEWFILTER_NAME: "Status", C.VIEWFILTER_VALUE: "Open"}],
            },
        )
    return app, list_id


async def first_run(window: MainWindow, simulator: Simulator, app: Application) -> None:
    a, b = simulator.instances
    click(window.connections.new_linked_button)
    await shown(window, StepId.INSTANCES)
    assert window.plan is not None and window.plan.kind is ConnectionKind.CONNECTED_INSTANCES
    forms = window.pages[StepId.INSTANCES].forms  # type: ignore[attr-defined]
    assert forms[Side.CUSTOMER].title().startswith("Primary (A)")
    assert forms[Side.SUPPLIER].title().startswith("Secondary (B)")
    titles = [window.sidebar.steps.item(i).text() for i in range(window.sidebar.steps.count())]
    assert titles[1].endswith("API application") and len(titles) == 5
    await fill_instance(window, Side.CUSTOMER, "Contoso", a)
    await fill_instance(window, Side.SUPPLIER, "Northwind MSP", b)
    await next_step(window)

    page = await shown(window, StepId.PERMISSIONS)
    assert isinstance(page, LinkedApplicationPage)
    assert "Client ID and Secret (Services)" in page.checklist.text()
    assert not window.next_button.isEnabled()
    type_into(page.client_id_edit, app.client_id)
    type_into(page.secret.edit, "wrong-secret")
    click(page.verify_button)
    await until(lambda: not page.is_busy(), "the verification")
    assert not window.next_button.isEnabled()
    type_into(page.secret.edit, app.client_secret)
    click(page.verify_button)
    await until(lambda: not page.is_busy(), "the verification", page)
    assert "Permissions" in page.result.text()
    await next_step(window)

    for step in WRITING:
        survey = await shown(window, step)
        assert isinstance(survey, SurveyPage)
        await surveyed(survey)
        if isinstance(survey, LinkedListPage):
            assert not survey.changes.changes()  # nothing until a list is chosen
            index = survey.list_combo.findText("Escalations")
            assert index > 0
            survey.list_combo.setCurrentIndex(index)
            survey.list_combo.activated.emit(index)
            await until(lambda s=survey: bool(s.changes.changes()), "the list change", survey)
            assert "Status: Open" in survey.filters.text()
        changes = survey.changes.changes()
        assert changes, f"step {int(step)} found nothing to write"
        assert not window.next_button.isEnabled()
        assert app.client_secret not in " ".join(survey.changes.lines())
        click(survey.changes.write_button)
        await until(lambda s=survey: not s.is_busy(), "the write", survey)
        assert survey.changes.is_clean(), survey.changes.lines()
        await next_step(window)


async def second_run(window: MainWindow) -> None:
    await until(lambda: window.connections.row_count() == 1, "the plan list")
    click(window.connections.open_button)
    await shown(window, StepId.CREDENTIAL_SWAP)
    window.sidebar.stepClicked.emit(int(StepId.SUPPLIERS_MODULE))
    for step in WRITING:
        survey = await shown(window, step)
        assert isinstance(survey, SurveyPage)
        await surveyed(survey)
        assert survey.changes.is_clean(), survey.changes.lines()
        if step is not WRITING[-1]:
            await next_step(window)


def records(instance: SimulatedInstance, entity: str) -> list[dict[str, Any]]:
    with instance.state.lock:
        return [dict(r) for r in instance.state.iter_records(entity)]


def test_a_shared_ticket_list_through_the_window_and_a_second_run_changes_nothing(
    simulator: Simulator,
    services: Services,
    make_window: Callable[[], MainWindow],
    run: Callable[[Any], Any],
) -> None:
    a, b = simulator.instances
    app, list_id = prepare_a(a)
    window = make_window()
    run(first_run(window, simulator, app))
    plan = window.plan
    assert plan is not None
    (ci,) = records(b, C.CONNECTED_INSTANCE_ENTITY)
    assert ci[C.CI_API_URL] == f"{a.url}/api" and ci[C.CI_CLIENT_ID] == app.client_id
    (view,) = records(b, C.VIEWLIST_ENTITY)
    assert view[C.VIEWLIST_CONNECTED_INSTANCE] == ci["id"]
    assert view[C.VIEWLIST_CONNECTED_LIST] == list_id
    for instance, word in ((a, "CONTOSO"), (b, "NORTHWIND")):
        (settings,) = records(instance, C.CONTROL_ENTITY)
        assert settings[C.EMAIL_IDENTIFIER] == word and settings[C.EMAIL_IDENTIFIER_ENABLED]
    assert linked_of(plan).last_test_ok is True
    before = (len(records(b, C.VIEWLIST_ENTITY)), len(records(b, C.CONNECTED_INSTANCE_ENTITY)))

    run(second_run(make_window()))
    after = (len(records(b, C.VIEWLIST_ENTITY)), len(records(b, C.CONNECTED_INSTANCE_ENTITY)))
    assert after == before
    saved = services.plans.open(plan.id)
    assert saved.kind is ConnectionKind.CONNECTED_INSTANCES
    assert app.client_secret not in str(saved.to_dict())
