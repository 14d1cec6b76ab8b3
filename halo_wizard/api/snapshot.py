"""Export a live instance to a snapshot file (halo-api.md section 5), never with a secret in it."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient, Record

SNAPSHOT_FORMAT = C.SNAPSHOT_FORMAT
# Every record list of a snapshot but the tickets and their actions (a real instance's history
# is not configuration, and may be huge).
CONFIG_ENTITIES = tuple(e for e in C.SNAPSHOT_RECORD_LISTS if e not in ("Tickets", "Actions"))
PROFILE_ENTITIES = ("Supplier", "Client")


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


async def export_snapshot(
    client: HaloClient,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Read every configuration list the wizard uses (and the profiles in full)."""
    info = await client.connect(require_sync_version=False)
    records: dict[str, list[Record]] = {}
    done = 0
    total = len(CONFIG_ENTITIES)

    async def read(entity: str) -> None:
        nonlocal done
        records[entity] = await client.list_records(entity)
        done += 1
        if progress:
            progress(entity, done, total)

    await asyncio.gather(*(read(e) for e in CONFIG_ENTITIES))
    for entity in PROFILE_ENTITIES:
        linked = [r for r in records[entity] if r.get(C.PROFILE_ALLOW_API_ACCESS)]
        details = await asyncio.gather(*(client.get(entity, int(r["id"])) for r in linked))
        by_id = {d["id"]: d for d in details}
        records[entity] = [by_id.get(r["id"], r) for r in records[entity]]
    records["Tickets"] = []
    records["Actions"] = []
    return {
        "format": SNAPSHOT_FORMAT,
        "instanceinfo": strip_secrets(dict(info.raw)),
        "authinfo": {"tenant_id": client.endpoint.tenant},
        "records": strip_secrets({k: records[k] for k in sorted(records)}),
    }


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to a temp file beside `path`, then replace it in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, ensure_ascii=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
