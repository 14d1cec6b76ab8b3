"""The secret of the one instance `snapshot` and `probe` read, or where to put it when missing."""

from __future__ import annotations

import sys

from halo_wizard import credentials


def instance_secret_or_say(base_url: str, client_id: str) -> str | None:
    """HALO_CLIENT_SECRET, else the keychain entry the window saved; None after saying where to
    put it."""
    secret = credentials.instance_secret(base_url, client_id)
    if not secret:
        print(
            f"error: no client secret: set {credentials.INSTANCE_SECRET_ENV} or store it in the "
            "keychain from the window.",
            file=sys.stderr,
        )
    return secret
