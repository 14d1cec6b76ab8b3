"""Atomic file writes: the whole new file or the old one, never half of either, and no temp left."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["json_text", "write_json_atomic", "write_text_atomic"]


def json_text(data: Any, *, indent: int = 2, sort_keys: bool = False) -> str:
    """`data` as the JSON text every file of the wizard holds: UTF-8 as is, no NaN, one final
    newline."""
    return (
        json.dumps(data, indent=indent, sort_keys=sort_keys, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


def _fsync_directory(directory: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; os.replace is enough there.
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace(source: str, target: Path) -> None:
    # On Windows a virus scanner or indexer may hold the target open for a moment.
    for attempt in range(5):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def write_text_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write `text` to a temp file beside `path`, fsync it, then replace `path` in one step.

    The file is readable by its owner only unless `mode` says otherwise (0o644 for a file to
    commit). On any failure the previous file is left as it was and the temp file is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # not at import: it loads random and hashlib, and starts need neither

    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        _replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)


def write_json_atomic(
    path: Path, data: Any, *, indent: int = 2, sort_keys: bool = False, mode: int | None = None
) -> None:
    """Write `data` as JSON atomically (see write_text_atomic); nothing is written when `data`
    is no JSON (a NaN, an object JSON has no form for)."""
    write_text_atomic(path, json_text(data, indent=indent, sort_keys=sort_keys), mode=mode)
