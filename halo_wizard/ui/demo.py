"""Demo mode: the two bundled demo instances in-process, and a plan that points at them."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from halo_wizard.api import constants as C
from halo_wizard.plan.model import InstancePlan, Plan, Side
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.ui.services import Services, make_services

log = logging.getLogger(__name__)

DEMO_PLAN_NAME = "Contoso → Northwind MSP"


@dataclass(slots=True)
class Demo:
    """Running demo instances and a throwaway plan folder; `stop()` ends both."""

    simulator: Simulator
    folder: tempfile.TemporaryDirectory[str] = field(repr=False)

    @property
    def customer(self) -> SimulatedInstance:
        return self.simulator.instances[0]

    @property
    def supplier(self) -> SimulatedInstance:
        return self.simulator.instances[1]

    def services(self) -> Services:
        """Plans in the throwaway folder; secrets in memory (demo keys never reach a keychain)."""
        secrets = MemoryStore()
        secrets.description = "kept in memory for this demo session only"
        return make_services(PlanStore(Path(self.folder.name) / "plans"), secrets)

    def stop(self) -> None:
        self.simulator.stop()
        self.folder.cleanup()


def start_demo(scale: int = 1) -> Demo:
    """Contoso (sends tickets) and Northwind MSP (receives them), listening on 127.0.0.1."""
    simulator = Simulator()
    for snapshot in demo_snapshots(scale):
        simulator.add(snapshot, name=str(snapshot["instanceinfo"][C.INSTANCE_DISPLAY_NAME]))
    simulator.start()
    log.info("demo instances: %s", ", ".join(f"{i.name} {i.url}" for i in simulator.instances))
    return Demo(simulator, tempfile.TemporaryDirectory(prefix="halo_wizard-demo-"))


def _instance_plan(instance: SimulatedInstance) -> InstancePlan:
    application = instance.application
    return InstancePlan(
        instance.name, instance.url, client_id=application.client_id if application else ""
    )


async def create_demo_plan(demo: Demo, services: Services) -> Plan:
    """A new plan on both demo instances, their application secrets in the secret store."""
    plan = services.plans.create(
        DEMO_PLAN_NAME, _instance_plan(demo.customer), _instance_plan(demo.supplier)
    )
    for side, instance in ((Side.CUSTOMER, demo.customer), (Side.SUPPLIER, demo.supplier)):
        application = instance.application
        if application is not None:
            await services.secrets.set(plan.secret_key_for(side), application.client_secret)
    return plan
