"""Step 1: test each instance's connection and record what it says about itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from halo_wizard.api.client import HaloClient
from halo_wizard.plan.model import Plan, Side


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    """What "Test connection" found on one side."""

    side: Side
    base_url: str
    api_url: str
    auth_url: str
    tenant: str
    product: str
    version: str
    supports_sync: bool
    agent_name: str
    agent_is_api_only: bool | None

    @property
    def headline(self) -> str:
        tenant = f", tenant {self.tenant}" if self.tenant else ""
        return f"{self.product} {self.version}{tenant}"


async def test_connection(
    client: HaloClient, side: Side, *, require_sync_version: bool = True
) -> ConnectionReport:
    """Discover, authenticate, read InstanceInfo and the login agent; ticket sync needs 2.184+
    (a shared ticket list does not: pass require_sync_version=False).

    Raises the API layer's HaloError subclasses, whose messages say what to fix.
    """
    info = await client.connect(require_sync_version=require_sync_version)
    agent = await client.me()
    endpoint = client.endpoint
    api_only = agent.get("isapiagent") if agent else None
    return ConnectionReport(
        side=side,
        base_url=endpoint.base_url,
        api_url=endpoint.api_url,
        auth_url=endpoint.auth_url,
        tenant=endpoint.tenant,
        product=info.product,
        version=info.version,
        supports_sync=info.supports_ticket_sync,
        agent_name=str(agent.get("name") or "") if agent else "",
        agent_is_api_only=bool(api_only) if api_only is not None else None,
    )


def same_instance_problem(a: ConnectionReport, b: ConnectionReport) -> str | None:
    """A plain sentence when both sides are the same instance (under two addresses or one)."""
    if a.base_url.lower() == b.base_url.lower():
        return (
            f"Both sides point at {a.base_url}. Ticket sync joins two different instances: "
            "enter the other instance's address on one side."
        )
    if a.tenant and a.tenant == b.tenant and a.auth_url.lower() == b.auth_url.lower():
        return (
            f"{a.base_url} and {b.base_url} are the same instance (tenant {a.tenant}). Enter the "
            "other instance's address on one side."
        )
    return None


def record_connection(plan: Plan, report: ConnectionReport) -> None:
    """Keep what the test found in the plan (never the secret)."""
    instance = plan.instance(report.side)
    instance.base_url = report.base_url
    instance.api_url = report.api_url
    instance.auth_url = report.auth_url
    instance.tenant = report.tenant
    instance.product = report.product
    instance.version = report.version
    instance.login_agent = report.agent_name
    instance.last_tested = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
