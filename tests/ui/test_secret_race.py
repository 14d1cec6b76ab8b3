"""A typed secret reaches the connection test even while a slow keychain is still writing it,
and with debug logging on (qasync's executor logs every call it runs) it never reaches the log."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from driver import click, instances_page, shown, type_into, until

from halo_wizard import paths
from halo_wizard.logsetup import configure_logging
from halo_wizard.plan.model import Side, StepId
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import Simulator
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.services import Services, make_services
from halo_wizard.ui.widgets import metrics
from halo_wizard.ui.widgets.task_panel import spawned_tasks


class HeldKeychain(MemoryStore):
    """A keychain whose writes wait until the test lets them through, as a slow one makes the
    window wait (Windows' and macOS' can take a third of a second)."""

    def __init__(self) -> None:
        super().__init__()
        self.writing = threading.Event()
        self.release = threading.Event()

    def set(self, key: str, value: str) -> None:
        self.writing.set()
        self.release.wait(timeout=120)  # a safety net only: the test releases it
        super().set(key, value)


@pytest.fixture
def debug_log() -> Iterator[None]:
    """The window's own logging at debug level, into its log file, removed afterwards."""
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(logging.DEBUG)
    yield
    root.removeHandler(handler)
    handler.close()
    root.setLevel(level)


async def typed_then_tested(
    window: MainWindow, keychain: HeldKeychain, simulator: Simulator
) -> None:
    click(window.connections.new_button)
    await shown(window, StepId.INSTANCES)
    page = instances_page(window)
    form = page.forms[Side.CUSTOMER]
    await until(lambda: form.instance is not None, "the forms")
    contoso = simulator.instances[0]
    application = contoso.application
    assert application is not None
    type_into(form.name_edit, "Contoso")
    type_into(form.url_edit, contoso.url)
    type_into(form.client_id_edit, application.client_id)
    type_into(form.secret.edit, application.client_secret)  # its keychain write starts now
    click(form.test_button)  # ... and has not finished when the test signs in
    await until(lambda: not form.task.is_running(), "the connection test")
    assert window.plan is not None
    assert (
        keychain.writing.is_set()
        and keychain.get(window.plan.secret_key_for(Side.CUSTOMER)) is None
    ), "the keychain write is still held: the test did not read it back"
    assert form.task.error.isHidden(), form.task.error.text()
    assert window.plan.customer.last_tested, "the test signed in with the secret just typed"
    keychain.release.set()
    key = window.plan.secret_key_for(Side.CUSTOMER)
    await until(lambda: keychain.get(key) == application.client_secret, "the keychain write")
    # The probe a passed test starts in the background ends before the window closes.
    await until(lambda: not spawned_tasks(), "the background probe")


def test_a_secret_typed_then_tested_at_once_signs_in_and_never_reaches_the_debug_log(
    simulator: Simulator,
    tmp_path: Any,
    qapp: Any,
    debug_log: None,
    run: Callable[[Any], Any],
) -> None:
    keychain = HeldKeychain()
    services: Services = make_services(PlanStore(tmp_path / "plans"), keychain)
    window = MainWindow(services)
    window.resize(*metrics.WINDOW_SIZE)
    window.show()
    try:
        run(typed_then_tested(window, keychain, simulator))
    finally:
        keychain.release.set()
        window.close()
        run(window.wind_down())
        window.deleteLater()
    logging.getLogger().handlers[-1].flush()
    text = paths.log_file().read_text(encoding="utf-8")
    assert "qasync" in text, "debug logging of the executor was on"
    secret = simulator.instances[0].application
    assert secret is not None
    assert secret.client_secret not in text
