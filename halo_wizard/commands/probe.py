"""`halo-wizard probe`: check what halo_wizard assumes about Halo against a live instance.

Exit codes: 0 when nothing a later step relies on is contradicted, 1 when something is, 2 when
the probe cannot run."""

from __future__ import annotations

import argparse

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._instance import instance_secret_or_say
from halo_wizard.commands._session import run_work


def run(args: argparse.Namespace) -> int:
    from halo_wizard.api.client import HaloClient
    from halo_wizard.api.urls import parse_instance_url
    from halo_wizard.steps.probe import probe

    endpoint = parse_instance_url(args.url)
    secret = instance_secret_or_say(endpoint.base_url, args.client_id)
    if not secret:
        return EXIT_CANNOT_RUN

    async def run_probe() -> int:
        async with HaloClient(endpoint, args.client_id, secret, scope=args.scope) as client:
            report = await probe(client)
        relied = report.relied_on_contradictions()
        if args.json:
            print(report.to_json())
        else:
            print(report.format_text())
            print()
            if relied:
                print(f"{len(relied)} contradiction(s) that a later step relies on:")
                for verdict in relied:
                    print(f"  {verdict.claim} ({verdict.relied_on_by})")
            elif report.contradictions():
                print(
                    "Nothing a later step relies on is contradicted; halo_wizard copes with "
                    "the rest."
                )
            else:
                print("Nothing halo_wizard assumes is contradicted.")
        return 1 if relied else 0

    return run_work(run_probe())
