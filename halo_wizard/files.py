"""Files the admin names (snapshots, reports, plans, halo_wizard's own folder): read and checked
before use, and every failure said in plain words with what to do, never as a traceback."""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path
from typing import Any


class FileProblem(Exception):
    """A file or folder that cannot be used: what is wrong with it, and what to do."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} {self.fix}".strip()


def os_reason(exc: OSError) -> str:
    """An operating system error in the admin's words (no errno, no Python names)."""
    reasons = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "it does not exist",
        errno.EISDIR: "it is a folder, not a file",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.ENOSPC: "the disk is full",
        errno.EROFS: "the disk is read-only",
        errno.EEXIST: "something of that name is already there",
        errno.ENAMETOOLONG: "the name is too long",
    }
    if exc.errno in reasons:
        return reasons[exc.errno]
    return (exc.strerror or "the system refused it").lower()


def read_json(path: Path, what: str, *, limit: int = 512 * 1024 * 1024) -> Any:
    """The JSON in `path` (`what`: e.g. "snapshot"), or FileProblem saying what is wrong."""
    path = Path(path)
    if path.is_dir():
        raise FileProblem(f"{path} is a folder, not a {what} file.", f"Give the {what}'s file.")
    try:
        size = path.stat().st_size
        if size > limit:
            raise FileProblem(
                f"The {what} {path} is {size // (1024 * 1024)} MB, more than a {what} can be.",
                "Check that it is the right file.",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise FileProblem(
            f"The {what} {path} cannot be read: {os_reason(exc)}.",
            "Check the path, or copy the file somewhere you can read.",
        ) from None
    if not raw.strip():
        raise FileProblem(
            f"The {what} {path} is empty.", f"Export the {what} again, or restore a copy."
        )
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileProblem(
            f"The {what} {path} is not text (it is not UTF-8).", f"Give the {what}'s JSON file."
        ) from None
    except json.JSONDecodeError as exc:
        cut = exc.msg.startswith("Unterminated") or exc.pos >= len(exc.doc.rstrip())
        where = "ends before it is complete" if cut else "is damaged"
        raise FileProblem(
            f"The {what} {path} {where} (line {exc.lineno}, column {exc.colno}).",
            f"Export the {what} again, or restore a copy.",
        ) from None


def check_output(path: Path, what: str) -> Path:
    """Check before any work that `path` can be written as a new `what` file (its folder made
    when missing); FileProblem otherwise. Nothing is left behind by the check."""
    path = Path(path)
    if path.is_dir():
        raise FileProblem(
            f"{path} is a folder: the {what} needs a file name.",
            f"Give a file name, e.g. {path / ('halo-wizard-' + what.replace(' ', '-'))}.",
        )
    check_folder(path.parent, f"the folder for the {what}")
    return path


def check_folder(folder: Path, what: str) -> Path:
    """Check that `folder` exists or can be made and that a file can be written in it."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise FileProblem(
            f"{what.capitalize()} ({folder}) is a file, not a folder.",
            "Choose a folder you can write to.",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile  # not at import: it loads random and hashlib, and starts need neither

        fd, probe = tempfile.mkstemp(prefix=".halo-wizard-", suffix=".probe", dir=folder)
    except OSError as exc:
        raise FileProblem(
            f"{what.capitalize()} ({folder}) cannot be written: {os_reason(exc)}.",
            "Choose a folder you can write to.",
        ) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return folder
