"""Snapshot files (halo-api.md section 5): never a secret in one, and written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.values import json_kind
from halo_wizard.atomic import write_json_atomic
from halo_wizard.files import FileProblem, read_json

__all__ = ["is_secret_field", "read_snapshot", "strip_secrets", "write_json_atomic"]


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


def read_snapshot(path: Path) -> dict[str, Any]:
    """A snapshot file of this version's format, or FileProblem saying what it is instead."""
    data = read_json(path, "snapshot")
    if not isinstance(data, dict):
        raise FileProblem(
            f"{path} is not a snapshot (it holds no records).",
            "Give a file written by `halo-wizard snapshot`.",
        )
    found = data.get("format")
    if found != C.SNAPSHOT_FORMAT:
        if isinstance(found, str) and found.startswith("halo-snapshot/"):
            raise FileProblem(
                f"{path} is a {found} snapshot; this version reads {C.SNAPSHOT_FORMAT}.",
                "Export it again with this version's `halo-wizard snapshot`.",
            )
        raise FileProblem(
            f"{path} is not a {C.SNAPSHOT_FORMAT} snapshot"
            + (" (it names no format)." if found is None else f" (its format is {found!r})."),
            "Give a file written by `halo-wizard snapshot`.",
        )
    records = data.get("records")
    if not isinstance(records, dict):
        raise FileProblem(f"The snapshot {path} holds no records.", "Export the instance again.")
    for entity, rows in records.items():
        if not isinstance(rows, list):
            raise FileProblem(
                f"In the snapshot {path}, records.{entity} is {json_kind(rows)}, not a list of "
                "records.",
                "Export the instance again, or restore a copy of the file.",
            )
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise FileProblem(
                    f"In the snapshot {path}, records.{entity}[{index}] is {json_kind(row)}, not a "
                    "record.",
                    "Export the instance again, or restore a copy of the file.",
                )
    return data
