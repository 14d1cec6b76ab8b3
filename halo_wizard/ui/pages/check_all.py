"""Check all, in the window: every plan checked for drift at once (steps.overview.check_all),
secrets from the window's keychain, each result kept in its plan and shown in its row as it
comes."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from halo_wizard.files import os_reason
from halo_wizard.plan.model import Plan, PlanError, Side
from halo_wizard.plan.overview import row_of
from halo_wizard.plan.store import PlanFile
from halo_wizard.ui.pages.overview_model import OverviewModel
from halo_wizard.ui.services import Services

if TYPE_CHECKING:  # the check loads the HTTP client: not before it runs
    from halo_wizard.steps.overview import ConnectionCheck
    from halo_wizard.steps.session import Progress

log = logging.getLogger(__name__)


class CheckAll(QObject):
    """The job the page's task panel runs; `rowChecked(plan id)` as each row is updated."""

    rowChecked = Signal(str)

    def __init__(
        self, services: Services, model: OverviewModel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.model = model
        self.not_kept: list[str] = []
        """The results that could not be kept in their plans, in words (for the page)."""
        self._saving: list[asyncio.Future[None]] = []

    async def run(self, progress: Progress) -> list[ConnectionCheck]:
        """Check every plan of the folder; each result is kept as it comes (see _keep)."""
        from halo_wizard.steps.overview import Connection, check_all, secret_sides, session_with
        from halo_wizard.steps.session import Session

        self.not_kept = []
        loop = asyncio.get_running_loop()
        progress(0, 0, self.tr("Reading the plans and their secrets…"))
        entries = await loop.run_in_executor(None, self.services.plans.read_all)
        connections = [Connection.of(entry) for entry in entries]
        secrets: dict[str, dict[Side, str | None]] = {}
        wanted = [
            (entry.id, side, entry.plan.secret_key_for(side))
            for entry in entries
            if entry.plan is not None
            for side in secret_sides(entry.plan)
        ]
        values = await asyncio.gather(*(self.services.secrets.get(key) for _, _, key in wanted))
        for (plan_id, side, _), value in zip(wanted, values, strict=True):
            secrets.setdefault(plan_id, {})[side] = value
        total = len(connections)
        self.model.set_checking({c.plan_id for c in connections if c.plan is not None})
        progress(0, total, self.tr("Checking {n} connection(s)…").format(n=total))

        def open_session(plan: Plan) -> Session | str:
            return session_with(plan, secrets.get(plan.id, {}), keeper=self.services.secrets)

        def heard(done: int, count: int, result: ConnectionCheck) -> None:
            progress(done, count, self.tr("Checked {name}").format(name=result.name))
            self._saving.append(asyncio.ensure_future(self._keep(result)))

        try:
            return await check_all(connections, open_session, progress=heard)
        finally:
            self.model.set_checking(set())
            saving, self._saving = self._saving, []
            if saving:
                await asyncio.gather(*saving, return_exceptions=True)

    async def _keep(self, result: ConnectionCheck) -> None:
        """Keep one result in its plan file (off the loop) and show its row as read again.
        The plan open in the window gets it in memory and is saved as the window holds it, so
        no change of the admin's is overwritten by the file as it was."""
        from halo_wizard.steps.overview import keep_result, save_result

        store = self.services.plans
        known = self.services.secrets.known_values()
        open_plan = self.services.sessions.plan
        try:
            if open_plan is not None and open_plan.id == result.plan_id and result.fingerprint:
                keep_result(open_plan, result)
                store.save(open_plan, secrets=known, touch=False)
                plan: Plan | None = open_plan
            else:
                plan = await asyncio.get_running_loop().run_in_executor(
                    None, lambda: save_result(result, store=store, secrets=known)
                )
        except (OSError, PlanError) as exc:
            why = os_reason(exc) if isinstance(exc, OSError) else str(exc)
            log.warning("check of %s not kept: %s", result.plan_id, why)
            self.not_kept.append(f"{result.name}: {why}")
            self.model.done_checking(result.plan_id)
            return
        if plan is None:  # the file could not be read: nothing to keep the result in
            self.model.done_checking(result.plan_id)
            return
        self.model.replace(row_of(PlanFile(plan.id, result.path, plan)))
        self.rowChecked.emit(plan.id)
