"""Snapshot files (halo-api.md section 5): never a secret in one, and written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from halo_wizard.api import constants as C


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
