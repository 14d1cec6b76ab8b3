"""Snapshot files (halo-api.md section 5): never a secret in one, and written atomically."""

from __future__ import annotations

from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.atomic import write_json_atomic

__all__ = ["is_secret_field", "strip_secrets", "write_json_atomic"]


def is_secret_field(name: str) -> bool:
    """Fields that hold or carry a secret (write-only `new_*secret*` ones and issued secrets)."""
    lowered = name.lower()
    if lowered.startswith(C.WRITE_ONLY_PREFIX):
        return any(word in lowered for word in C.WRITE_ONLY_SECRET_WORDS)
    # "key" alone is too common outside new_* fields (key1 on allowed actions, say).
    return any(word in lowered for word in ("secret", "password", "token"))


def strip_secrets(value: Any) -> Any:
    """A copy with every secret-looking field removed, at any depth."""
    if isinstance(value, dict):
        return {k: strip_secrets(v) for k, v in value.items() if not is_secret_field(str(k))}
    if isinstance(value, list):
        return [strip_secrets(v) for v in value]
    return value
