"""`halo-wizard snapshot`: export a live instance to a snapshot file (no secret in it)."""

from __future__ import annotations

import argparse

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._instance import instance_secret_or_say
from halo_wizard.commands._session import run_work
from halo_wizard.files import check_output


def run(args: argparse.Namespace) -> int:
    from halo_wizard.api.client import HaloClient
    from halo_wizard.api.urls import parse_instance_url
    from halo_wizard.atomic import write_json_atomic
    from halo_wizard.steps.configuration import export_snapshot

    endpoint = parse_instance_url(args.url)
    check_output(args.output, "snapshot")  # before reading the whole instance
    secret = instance_secret_or_say(endpoint.base_url, args.client_id)
    if not secret:
        return EXIT_CANNOT_RUN

    async def export() -> int:
        async with HaloClient(endpoint, args.client_id, secret, scope=args.scope) as client:
            snapshot = await export_snapshot(
                client, progress=lambda e, n, t: print(f"  read {e} ({n}/{t})")
            )
        write_json_atomic(args.output, snapshot)
        counts = ", ".join(f"{len(v)} {k}" for k, v in snapshot["records"].items() if v)
        print(f"wrote {args.output}: {counts}")
        return 0

    return run_work(export())
