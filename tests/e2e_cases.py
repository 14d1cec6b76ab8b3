"""The end-to-end cases shared by the end-to-end tests and the check-and-test agreement test: a
fast run on the synced demo, and each misconfiguration of Halo's troubleshooting table with the hop
it must fail and the words its explanation must hold."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from demo_setup import session_for
from sync_setup import Synced, map_actions, unmap_action

from halo_wizard.api import constants as C
from halo_wizard.steps import end_to_end as e2e
from halo_wizard.steps.end_to_end import E2EPreview, E2EResult, E2ESettings
from halo_wizard.steps.session import Session

FAST = E2ESettings(arrival_timeout=0.3, poll_interval=0.05, settle=0.0)
HOPS = [
    "Check the set-up",
    "Create the test ticket in Contoso",
    "Escalate to Northwind MSP (log to supplier)",
    "Find the ticket in Northwind MSP",
    "Note Northwind MSP → Contoso",
    "Note Contoso → Northwind MSP",
    "Indirect e-mail to the end user",
    "Resolve in Northwind MSP",
    "Closed in Contoso",
]


def run(
    s: Synced,
    *,
    confirm: Callable[[E2EPreview], Any] = lambda _: True,
    tweak: Callable[[Session], None] | None = None,
    progress: Callable[[int, int, str], None] = lambda *_: None,
) -> E2EResult:
    async def go() -> E2EResult:
        session = session_for(s.plan, s.contoso, s.northwind)
        if tweak is not None:
            tweak(session)
        try:
            return await e2e.run_end_to_end(
                session, progress=progress, confirm_start=confirm, settings=FAST
            )
        finally:
            await session.aclose()

    return asyncio.run(go())


def email_to_email(s: Synced) -> None:
    s.b.save("Outcome", {"id": s.config.b_email, "sendemail": C.SENDEMAIL_YES})


def not_in_workflow(s: Synced) -> None:
    approve = s.a.named("Outcome", "Approve", field="outcome")["id"]
    map_actions(s.a, "Supplier", s.config.supplier_profile, {s.config.b_note: approve})


def hidden_supplier_note(s: Synced) -> None:
    s.b.save("Outcome", {"id": s.config.b_note, "hidefromuser": True})


def unmapped_without_default(s: Synced) -> None:
    unmap_action(s.b, "Client", s.config.customer_profile, s.config.a_note)
    s.b.save("Client", {"id": s.config.customer_profile, C.DEFAULT_ACTION: None})


def wrong_credentials(s: Synced) -> None:
    # Northwind reissues the customer profile's credentials (API access off and on again);
    # Contoso's supplier profile still holds the old ones and still reads as authenticated.
    for allowed in (False, True):
        s.b.save("Client", {"id": s.config.customer_profile, C.PROFILE_ALLOW_API_ACCESS: allowed})


def note_loop(s: Synced) -> None:
    s.a.save("Outcome", {"id": s.config.a_internal_note, C.SYNC_TO_HALO: C.SYNC_SUPPLIER})


def closing_not_mapped(s: Synced) -> None:
    # Neither the resolve action nor the Closed status it sets leads to a closing in Contoso.
    unmap_action(s.a, "Supplier", s.config.supplier_profile, s.config.b_resolve)
    resolved = str(s.b.named("Status", "Closed")["id"])
    rows = s.a.get("Supplier", s.config.supplier_profile)[C.MAPPING_STATUS]
    kept = [r for r in rows if r[C.MAPROW_REMOTE_ID] != resolved]
    assert len(kept) == len(rows) - 1
    s.a.save("Supplier", {"id": s.config.supplier_profile, C.MAPPING_STATUS: kept})


MISCONFIGURATIONS = {
    # name: (make it, the hop that fails, explanation key, words the fix must contain)
    "e-mail mapped to e-mail": (
        email_to_email,
        "Indirect e-mail to the end user",
        e2e.TIMEOUT,
        "sends no e-mail",
    ),
    "action not in the workflow": (
        not_in_workflow,
        "Note Northwind MSP → Contoso",
        e2e.NO_ACCESS,
        "'Approve' to the 'Incident Management' workflow",
    ),
    "hidden supplier note": (
        hidden_supplier_note,
        "Note Northwind MSP → Contoso",
        e2e.NOT_SYNCED,
        "'Hide from user' to No on 'Note to Customer'",
    ),
    "unmapped without default": (
        unmapped_without_default,
        "Note Contoso → Northwind MSP",
        e2e.NOT_SYNCED,
        "map 'Note to MSP'",
    ),
    "wrong credentials": (
        wrong_credentials,
        "Escalate to Northwind MSP (log to supplier)",
        e2e.CREDENTIALS,
        "Authenticate connection",
    ),
    "loop": (
        note_loop,
        "Note Northwind MSP → Contoso",
        e2e.LOOP,
        "'Send to Connected Halo Instance' to No on 'Internal Note'",
    ),
    "closing action not mapped": (
        closing_not_mapped,
        "Closed in Contoso",
        e2e.NOT_CLOSED,
        "map 'Resolve Third Party Ticket' to a closing action",
    ),
}
