"""Where a client secret comes from: its environment variable first, then the keychain entry."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final

from halo_wizard.logsetup import register_secret
from halo_wizard.plan.linked import application_secret_key
from halo_wizard.plan.model import Plan, Side
from halo_wizard.secretstore import SecretStore, default_store

CUSTOMER_SECRET_ENV: Final = "HALO_A_CLIENT_SECRET"
"""The customer's API application secret (the instance that sends tickets)."""
SUPPLIER_SECRET_ENV: Final = "HALO_B_CLIENT_SECRET"
"""The supplier's API application secret (the instance that receives them)."""
INSTANCE_SECRET_ENV: Final = "HALO_CLIENT_SECRET"
"""The secret of the one instance `snapshot` and `probe` read."""
LINKED_SECRET_ENV: Final = "HALO_LINKED_CLIENT_SECRET"
"""The secret of the API application a shared list's second instance signs in to the first with."""

PLAN_SECRET_ENV: Final[Mapping[Side, str]] = {
    Side.CUSTOMER: CUSTOMER_SECRET_ENV,
    Side.SUPPLIER: SUPPLIER_SECRET_ENV,
}
ISSUED_SECRET_ENV: Final[Mapping[Side, str]] = {
    Side.CUSTOMER: "HALO_SUPPLIER_PROFILE_SECRET",
    Side.SUPPLIER: "HALO_CUSTOMER_PROFILE_SECRET",
}
"""Where headless apply takes a secret a profile issued that the API does not show (by the side
whose instance holds the profile): the supplier profile lives in the customer's instance."""

SECRET_ENVS: Final = (
    CUSTOMER_SECRET_ENV,
    SUPPLIER_SECRET_ENV,
    INSTANCE_SECRET_ENV,
    LINKED_SECRET_ENV,
    *ISSUED_SECRET_ENV.values(),
)
"""Every environment variable that holds a secret."""


def credential_key(base_url: str, client_id: str) -> str:
    """The keychain entry for one API application's secret, by instance (snapshot, probe)."""
    return f"{base_url.rstrip('/').lower()} {client_id.strip()}"


def plan_secret_key(plan: Plan, side: Side) -> str:
    """The keychain entry of a plan side's API application secret."""
    return plan.secret_key_for(side)


def linked_secret_key(plan: Plan) -> str:
    """The keychain entry of a shared list's second-instance application secret."""
    return application_secret_key(plan)


def secret_from_environment(*names: str) -> str | None:
    """The first non-empty environment variable of `names`, registered for scrubbing before it
    is returned."""
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            register_secret(value)
            return value
    return None


def lookup(
    env: str, key: str, store: SecretStore | None = None, *, environment: bool = True
) -> str | None:
    """A secret from `env` (unless not `environment`), else from the keychain entry `key`;
    registered for scrubbing."""
    value = secret_from_environment(env) if environment else None
    if value:
        return value
    stored = (store or default_store()).get(key)
    if stored:
        register_secret(stored)
    return stored or None


def plan_secret(
    plan: Plan, side: Side, store: SecretStore | None = None, *, environment: bool = True
) -> str | None:
    """A plan side's client secret: HALO_A_/HALO_B_CLIENT_SECRET, then the keychain (the
    keychain alone when not `environment`: a variable names no plan, so it fits one plan only)."""
    return lookup(
        PLAN_SECRET_ENV[side], plan_secret_key(plan, side), store, environment=environment
    )


def instance_secret(base_url: str, client_id: str, store: SecretStore | None = None) -> str | None:
    """One instance's client secret: HALO_CLIENT_SECRET, then the keychain entry by instance."""
    return lookup(INSTANCE_SECRET_ENV, credential_key(base_url, client_id), store)


def linked_application_secret(plan: Plan, store: SecretStore | None = None) -> str | None:
    """The secret of the API application a shared list's second instance signs in with."""
    return lookup(LINKED_SECRET_ENV, linked_secret_key(plan), store)


def issued_secrets_from_environment() -> dict[Side, str]:
    """The secrets profiles issued that the admin gave in the environment, by holding side."""
    return {
        side: value
        for side, env in ISSUED_SECRET_ENV.items()
        if (value := secret_from_environment(env))
    }
