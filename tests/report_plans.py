"""Plans for report tests: the demo pair or a --scale N pair, auto-mapped offline from snapshots."""

from __future__ import annotations

from halo_wizard.plan.model import InstancePlan, Plan, Side
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps import mappings


def auto_mapped_plan(scale: int = 1) -> Plan:
    contoso, northwind = demo_snapshots(scale)
    plan = Plan.new(
        "Contoso → Northwind MSP",
        InstancePlan(
            name="Contoso",
            base_url="https://contoso.haloitsm.com",
            client_id="c0ffee-contoso",
            product="HaloITSM",
            version="2.190.12",
            tenant="contoso",
        ),
        InstancePlan(
            name="Northwind MSP",
            base_url="https://northwind.halopsa.com",
            client_id="c0ffee-northwind",
            product="HaloPSA",
            version="2.192.4",
            tenant="northwind",
        ),
    )
    catalogues = {
        Side.CUSTOMER: mappings.build_catalogue(contoso["records"]),
        Side.SUPPLIER: mappings.build_catalogue(northwind["records"]),
    }
    mappings.auto_map_plan(plan, catalogues)
    return plan
