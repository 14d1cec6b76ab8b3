"""Assertions on two simulated instances after steps 1-6: what Halo's guide says must be true."""

from __future__ import annotations

from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.simulator import SimulatedInstance


def _one(records: list[dict[str, Any]], name: str, what: str) -> dict[str, Any]:
    found = [r for r in records if str(r.get("name", "")).casefold() == name.casefold()]
    assert len(found) == 1, f"expected exactly one {what} named {name!r}, found {len(found)}"
    return found[0]


def _secret(snapshot: dict[str, Any], kind: str, entity: str, record_id: int) -> Any:
    sim = snapshot.get("simulator", {})
    if kind == "issued":
        for entry in sim.get("profile_secrets", []):
            if entry["entity"] == entity and entry["id"] == record_id:
                return entry["client_secret"]
    else:
        for entry in sim.get("write_only", []):
            if entry["entity"] == entity and entry["id"] == record_id and entry["field"] == kind:
                return entry["value"]
    return None


def record_counts(instance: SimulatedInstance) -> dict[str, int]:
    return {k: len(v) for k, v in instance.snapshot()["records"].items()}


def assert_setup_complete(
    customer: SimulatedInstance,
    supplier: SimulatedInstance,
    *,
    supplier_profile_name: str,
    customer_profile_name: str,
) -> None:
    """Module on both sides; both profiles with API access, each holding the other's URLs,
    tenant and issued credentials, authenticated; the customer's agents as end users."""
    a, b = customer.snapshot(), supplier.snapshot()
    for snap, who in ((a, customer.name), (b, supplier.name)):
        module = [r for r in snap["records"]["Features"] if r["module_name"] == "Suppliers"]
        assert module and module[0]["enabled"] is True, f"Suppliers module off in {who}"

    supplier_profile = _one(a["records"]["Supplier"], supplier_profile_name, "supplier")
    customer_profile = _one(b["records"]["Client"], customer_profile_name, "customer")
    for profile, snap, entity, other, other_profile, other_entity, other_snap in (
        (supplier_profile, a, "Supplier", supplier, customer_profile, "Client", b),
        (customer_profile, b, "Client", customer, supplier_profile, "Supplier", a),
    ):
        assert profile[C.PROFILE_ALLOW_API_ACCESS] is True
        assert profile[C.PROFILE_REMOTE_API_URL] == other.api_url
        assert profile[C.PROFILE_REMOTE_AUTH_URL] == other.auth_url
        assert profile[C.PROFILE_REMOTE_TENANT] == other.tenant
        assert profile[C.PROFILE_REMOTE_CLIENT_ID] == other_profile[C.PROFILE_ISSUED_CLIENT_ID]
        stored = _secret(snap, C.PROFILE_REMOTE_CLIENT_SECRET_WRITE, entity, profile["id"])
        issued = _secret(other_snap, "issued", other_entity, other_profile["id"])
        assert stored and stored == issued, "the stored secret is not the one the other issued"
        assert C.PROFILE_REMOTE_CLIENT_SECRET_WRITE not in profile  # write-only: never read back
        assert profile.get(C.PROFILE_VALIDATED) is True

    eligible = {
        str(agent["email"]).strip().casefold()
        for agent in a["records"]["Agent"]
        if agent.get("email")
        and "@" in str(agent["email"])
        and not agent.get("isdisabled")
        and not agent.get("isapiagent")
    }
    users = [u for u in b["records"]["Users"] if u.get("client_id") == customer_profile["id"]]
    emails = [str(u["emailaddress"]).strip().casefold() for u in users]
    assert eligible, "the customer side has no eligible agents: the test would prove nothing"
    assert eligible <= set(emails), f"missing end users: {sorted(eligible - set(emails))[:5]}"
    assert len(emails) == len(set(emails)), "an end user was created twice"
