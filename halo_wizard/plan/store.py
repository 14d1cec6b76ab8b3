"""Plan files on disk: atomic saves, careful loads with backups, the plan folder, export, import."""

from __future__ import annotations

import concurrent.futures
import contextlib
import glob
import json
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from halo_wizard.atomic import write_json_atomic, write_text_atomic
from halo_wizard.files import os_reason
from halo_wizard.plan.model import (
    PLAN_FORMAT,
    PLAN_FORMAT_VERSION,
    ConnectionKind,
    InstancePlan,
    Plan,
    PlanError,
    StepId,
    new_plan_id,
    utc_now_iso,
)
from halo_wizard.plan.secrets_guard import assert_no_secrets

logger = logging.getLogger(__name__)

__all__ = [
    "PLAN_SUFFIX",
    "TRASH_FOLDER",
    "PlanFile",
    "PlanFileError",
    "PlanSaver",
    "PlanStore",
    "PlanSummary",
    "export_plan",
    "import_plan",
    "load_plan",
    "migrate",
    "save_plan",
    "update_plan",
]

PLAN_SUFFIX: Final = ".halowiz.json"
TRASH_FOLDER: Final = "trash"

Migration = Callable[[dict[str, Any]], dict[str, Any]]
_MIGRATIONS: dict[int, Migration] = {}
"""Version N -> a function that turns a format-N plan into a format-(N+1) plan. Empty while only
format 1 exists; add one entry per format bump and never edit an old one."""

_PLAN_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SAFE_FORMAT = re.compile(r"^[A-Za-z0-9_./ -]{1,40}$")


class PlanFileError(PlanError):
    """A plan file that cannot be opened, with what to do about it.

    `problem` is one of: missing, unreadable, damaged, not_a_plan, newer, older, invalid.
    `backup` is the copy kept next to the file, when one was made.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path,
        problem: str,
        backup: Path | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.path = path
        self.problem = problem
        self.backup = backup


# ---- Saving --------------------------------------------------------------------------------------


def save_plan(plan: Plan, path: Path, *, secrets: Iterable[str] = (), touch: bool = True) -> None:
    """Write the plan atomically (temp file, fsync, replace), setting `updated_at` (unless not
    `touch`: a check's result is no change of the plan).

    The data is checked first: it must read back as the same plan and hold none of `secrets`.
    On any failure the previous file is left exactly as it was and no temp file remains.
    """
    path = Path(path)
    previous = plan.updated_at
    try:
        data = _stamped_data(plan, touch)
        _write_checked(path, data, secrets)
    except BaseException:
        plan.updated_at = previous
        raise
    logger.info("Saved plan %s to %s", plan.id, path)


def _stamped_data(plan: Plan, touch: bool = True) -> dict[str, Any]:
    """The plan's JSON, `updated_at` set to now when `touch`: a copy that shares nothing with
    the plan."""
    if touch:
        plan.updated_at = utc_now_iso()
    return plan.to_dict()


def _write_checked(
    path: Path, data: dict[str, Any], secrets: Iterable[str], *, polite: bool = False
) -> None:
    Plan.from_dict(data)  # never write a file this program could not read back
    assert_no_secrets(data, secrets)
    if polite:
        write_text_atomic(path, _polite_json(data))
    else:
        write_json_atomic(path, data, sort_keys=True)


POLITE_PIECES: Final = 4096
"""How many pieces of JSON a background save writes out before it steps aside for a moment."""
STEP_ASIDE_SECONDS: Final = 0.0005


def _polite_json(data: dict[str, Any]) -> str:
    """The text json_text(data, sort_keys=True) gives, written out on a worker thread that
    steps aside every POLITE_PIECES pieces (a few milliseconds), so the window's thread, waiting
    for the interpreter, gets it at once and not only when the interpreter's switch comes."""
    encoder = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    pieces: list[str] = []
    for count, piece in enumerate(encoder.iterencode(data), start=1):
        pieces.append(piece)
        if count % POLITE_PIECES == 0:
            time.sleep(STEP_ASIDE_SECONDS)
    pieces.append("\n")
    return "".join(pieces)


class PlanSaver:
    """Saves plans on one worker thread, so a large plan's checks and write never hold up the
    caller (the window's thread).

    The caller's part is quick: `submit` takes a copy of the plan's data (Plan.to_dict shares
    nothing with the plan). The checks save_plan makes (the data reads back, it holds no known
    secret) and the atomic write happen in order on the worker; when saves of one plan pile up,
    only the newest is written. `submit` returns a future whose exception is the save's failure
    (OSError, PlanError); `flush` waits for every save submitted so far. The worker finishes
    what it was given before the program ends (the executor's thread is joined at exit)."""

    def __init__(self) -> None:
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="plan-save"
        )
        self._lock = threading.Lock()
        self._newest: dict[Path, int] = {}
        self._pending: set[concurrent.futures.Future[Path]] = set()
        self._count = 0

    def submit(
        self, plan: Plan, path: Path, *, secrets: Iterable[str] = ()
    ) -> concurrent.futures.Future[Path]:
        """Save `plan` to `path` on the worker. A plan whose data cannot be made (PlanError) is
        refused here, with `updated_at` as it was."""
        path = Path(path)
        previous = plan.updated_at
        try:
            data = _stamped_data(plan)
        except PlanError:
            plan.updated_at = previous
            raise
        known = tuple(secrets)
        with self._lock:
            self._count += 1
            number = self._newest[path] = self._count
        future = self._executor.submit(self._save, path, data, known, number, plan.id)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _save(
        self, path: Path, data: dict[str, Any], secrets: tuple[str, ...], number: int, plan_id: str
    ) -> Path:
        with self._lock:
            if self._newest.get(path) != number:
                return path  # a newer save of this plan follows; it writes what this one holds
        _write_checked(path, data, secrets, polite=True)
        logger.info("Saved plan %s to %s", plan_id, path)
        return path

    def _forget(self, future: concurrent.futures.Future[Path]) -> None:
        with self._lock:
            self._pending.discard(future)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every save submitted so far is written (or failed); False on timeout."""
        with self._lock:
            pending = list(self._pending)
        _, not_done = concurrent.futures.wait(pending, timeout=timeout)
        return not not_done


# ---- Loading -------------------------------------------------------------------------------------


def migrate(
    data: dict[str, Any],
    version: int,
    *,
    target: int | None = None,
    migrations: dict[int, Migration] | None = None,
) -> dict[str, Any]:
    """Bring plan data of format `version` up to `target` (default: current), one step at a time."""
    target = PLAN_FORMAT_VERSION if target is None else target
    table = _MIGRATIONS if migrations is None else migrations
    while version < target:
        step = table.get(version)
        if step is None:
            raise PlanError(
                f"plan.format_version: format {version} is too old for this version of "
                f"halo_wizard (it reads format {target}); open it with an older halo_wizard, "
                "export it, or start a new plan",
                field="plan.format_version",
            )
        data = step(data)
        version += 1
        data["format_version"] = version
    return data


def _backup_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.backup-{stamp}")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.backup-{stamp}-{counter}")
        counter += 1
    return candidate


def _keep_copy(path: Path, raw: bytes) -> tuple[Path | None, str]:
    """Copy the file next to itself, reusing an identical older copy: (copy, "") or (None, why)."""
    try:
        for existing in sorted(path.parent.glob(f"{glob.escape(path.name)}.backup-*")):
            with contextlib.suppress(OSError):
                if existing.is_file() and existing.read_bytes() == raw:
                    return existing, ""
        target = _backup_name(path)
        with open(target, "xb") as handle:
            handle.write(raw)
        with contextlib.suppress(OSError):
            shutil.copystat(path, target)
        logger.warning("Kept a copy of plan file %s at %s", path, target)
        return target, ""
    except OSError as error:
        logger.warning("Could not keep a copy of plan file %s: %s", path, os_reason(error))
        return None, os_reason(error)


def _copy_sentence(backup: Path | None, why: str, advice: str) -> str:
    if backup is not None:
        return f"A copy was kept at {backup}; {advice}."
    return (
        f"No copy could be kept ({why}): copy the file somewhere safe before changing anything, "
        f"then {advice}."
    )


def _read(path: Path, *, keep_backup: bool) -> Plan:
    path = Path(path)

    def problem(kind: str, message: str, backup: Path | None = None) -> PlanFileError:
        return PlanFileError(message, path=path, problem=kind, backup=backup)

    def damaged(detail: str, raw: bytes) -> PlanFileError:
        message = f"The plan file {path} is damaged ({detail})."
        advice = "open the copy in a text editor or start a new plan"
        if not keep_backup:
            return problem("damaged", f"{message} Open it to keep a copy, or start a new plan.")
        backup, why = _keep_copy(path, raw)
        return problem("damaged", f"{message} {_copy_sentence(backup, why, advice)}", backup)

    if not path.exists():
        raise problem(
            "missing",
            f"The plan file {path} does not exist. Check the name and folder, or start a new plan.",
        )
    if path.is_dir():
        raise problem("not_a_plan", f"{path} is a folder, not a plan file. Choose the file inside.")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise problem(
            "unreadable",
            f"The plan file {path} could not be read ({os_reason(error)}). Check that your account "
            "may read it and that no other program has it locked, then try again.",
        ) from None

    if not raw.strip():
        raise damaged("it is empty", raw)
    try:
        text = raw.decode("utf-8-sig")  # Windows editors may add a byte order mark
    except UnicodeDecodeError:
        raise damaged("it is not UTF-8 text", raw) from None
    try:
        data: object = json.loads(text)
    except json.JSONDecodeError as error:
        raise damaged(f"not valid JSON at line {error.lineno}", raw) from None
    except RecursionError:
        raise damaged("nested too deeply to read", raw) from None

    not_a_plan = (
        f"The file {path} is not a halo_wizard plan"
        "{why}. Choose a plan file (ending in .halowiz.json) or start a new plan."
    )
    if not isinstance(data, dict):
        raise problem("not_a_plan", not_a_plan.format(why=" (it holds no JSON object)"))
    plan_format = data.get("format")
    if plan_format is None and "customer" not in data and "supplier" not in data:
        raise problem("not_a_plan", not_a_plan.format(why=" (it has no format and no instances)"))
    if plan_format is not None and plan_format != PLAN_FORMAT:
        shown = (
            f" (its format is '{plan_format}')"
            if isinstance(plan_format, str) and _SAFE_FORMAT.fullmatch(plan_format)
            else ""
        )
        raise problem("not_a_plan", not_a_plan.format(why=shown))

    version = data.get("format_version")
    if version is None:
        version = PLAN_FORMAT_VERSION
    elif isinstance(version, float) and version.is_integer():
        version = int(version)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise problem(
            "invalid",
            f"The plan file {path} has a mistake: plan.format_version: expected a whole number "
            f"from 1 (this version writes {PLAN_FORMAT_VERSION}). Fix it in a text editor.",
        )
    if version > PLAN_FORMAT_VERSION:
        message = (
            f"The plan file {path} was made by a newer halo_wizard (format {version}; this "
            f"version reads up to {PLAN_FORMAT_VERSION}): update halo_wizard."
        )
        if not keep_backup:
            raise problem("newer", message)
        backup, why = _keep_copy(path, raw)
        advice = "the original is left as it was"
        raise problem("newer", f"{message} {_copy_sentence(backup, why, advice)}", backup)
    if version < PLAN_FORMAT_VERSION:
        if keep_backup:
            backup, _ = _keep_copy(path, raw)  # the next save writes the new format over it
            logger.info("Plan file %s is format %s; kept a copy at %s", path, version, backup)
        try:
            data = migrate(data, version)
        except PlanError as error:
            raise problem("older", f"The plan file {path} cannot be opened: {error}") from None

    try:
        plan = Plan.from_dict(data)
    except PlanError as error:
        raise PlanFileError(
            f"The plan file {path} has a mistake: {error}. Fix it in a text editor (see "
            "docs/plan.md), or start a new plan.",
            path=path,
            problem="invalid",
            field=error.field,
        ) from None
    return plan


def load_plan(path: Path) -> Plan:
    """Read a plan file; raise PlanFileError saying what to do. Never writes to the file itself.

    Damaged and newer-format files are first copied to `<name>.backup-<UTC time>` next to them.
    """
    plan = _read(Path(path), keep_backup=True)
    logger.info("Loaded plan %s from %s", plan.id, path)
    return plan


def update_plan(
    path: Path,
    change: Callable[[Plan], None],
    *,
    plan_id: str | None = None,
    secrets: Iterable[str] = (),
) -> Plan:
    """Read the file again, `change` the plan it holds and write it back with `updated_at` kept:
    what someone else saved meanwhile stays, and only what `change` touches differs (for a
    check's result, which is no change of the plan). Raises PlanFileError or OSError."""
    plan = load_plan(Path(path))
    if plan_id is not None:
        plan.id = plan_id
    change(plan)
    save_plan(plan, Path(path), secrets=secrets, touch=False)
    return plan


# ---- Export and import ---------------------------------------------------------------------------


def export_plan(plan: Plan, path: Path, *, secrets: Iterable[str] = ()) -> None:
    """Write a copy another admin can open: no keychain entry names, no last test results."""
    save_plan(plan.portable_copy(), Path(path), secrets=secrets)


def import_plan(path: Path) -> Plan:
    """Read a plan someone else wrote or exported, as a new plan of this machine (new id)."""
    plan = load_plan(Path(path)).portable_copy()
    plan.id = new_plan_id()
    return plan


# ---- A folder of plans ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanFile:
    """One file of the plan folder, read once: its plan, or why it cannot be opened."""

    id: str
    path: Path
    plan: Plan | None
    error: PlanFileError | None = None


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """One line of the plan list; `error` is set (most fields empty) for a file that won't open."""

    id: str
    name: str
    kind: ConnectionKind | None
    path: Path
    updated_at: str | None
    current_step: StepId | None
    line: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def sort_time(text: str | None) -> float:
    """A stored time as a number to sort by (0 for none or an unreadable one; UTC when it says
    no zone)."""
    if not text:
        return 0.0
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


class PlanStore:
    """The plans of this machine: one `<id>.halowiz.json` file each in one folder.

    In the store the file name is the plan's id: a file copied by hand under a new name opens as
    that new id, so saving it never overwrites the plan it was copied from.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._saver: PlanSaver | None = None

    def path_for(self, plan_id: str) -> Path:
        if not _PLAN_ID.fullmatch(plan_id):
            raise PlanError(f"'{plan_id[:64]}' is not a plan id", field="plan.id")
        return self.directory / f"{plan_id}{PLAN_SUFFIX}"

    def read_all(self) -> list[PlanFile]:
        """Every plan file of the folder, each read once, in file name order; a file that won't
        open says why (no copy of it is made: that happens when it is opened)."""
        self.flush()  # read what the background saves wrote
        if not self.directory.is_dir():
            return []
        found: list[PlanFile] = []
        for path in sorted(self.directory.glob(f"*{PLAN_SUFFIX}")):
            if not path.is_file():
                continue
            plan_id = path.name[: -len(PLAN_SUFFIX)]
            try:
                plan = _read(path, keep_backup=False)
            except PlanFileError as error:
                found.append(PlanFile(plan_id, path, None, error))
                continue
            plan.id = plan_id
            found.append(PlanFile(plan_id, path, plan))
        return found

    def list(self) -> list[PlanSummary]:
        """Every plan, most recently changed first; files that won't open come last with `error`."""
        good: list[PlanSummary] = []
        bad: list[PlanSummary] = []
        for entry in self.read_all():
            plan_id, path, plan = entry.id, entry.path, entry.plan
            if plan is None:
                error = str(entry.error)
                bad.append(PlanSummary(plan_id, path.name, None, path, None, None, error, error))
                continue
            good.append(
                PlanSummary(
                    id=plan_id,
                    name=plan.name,
                    kind=plan.kind,
                    path=path,
                    updated_at=plan.updated_at,
                    current_step=plan.current_step,
                    line=plan.progress_line(),
                )
            )
        good.sort(key=lambda summary: (-sort_time(summary.updated_at), summary.name))
        return good + bad

    def create(
        self,
        name: str,
        customer: InstancePlan,
        supplier: InstancePlan,
        *,
        kind: ConnectionKind = ConnectionKind.TICKET_SYNC,
    ) -> Plan:
        plan = Plan.new(name, customer, supplier, kind=kind)
        self.save(plan)
        return plan

    def open(self, plan_id: str) -> Plan:
        self.flush()
        plan = load_plan(self.path_for(plan_id))
        plan.id = plan_id
        return plan

    def save(self, plan: Plan, *, secrets: Iterable[str] = (), touch: bool = True) -> Path:
        """Save now; a background save of the plan still under way is written first."""
        path = self.path_for(plan.id)
        self.flush()
        save_plan(plan, path, secrets=secrets, touch=touch)
        return path

    def save_in_background(
        self, plan: Plan, *, secrets: Iterable[str] = ()
    ) -> concurrent.futures.Future[Path]:
        """Save on the store's worker thread (PlanSaver): for the window, whose thread must not
        wait on a large plan's checks and write."""
        path = self.path_for(plan.id)
        if self._saver is None:
            self._saver = PlanSaver()
        return self._saver.submit(plan, path, secrets=secrets)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait for the background saves submitted so far; False when `timeout` ran out."""
        return self._saver.flush(timeout) if self._saver is not None else True

    def update(
        self, plan_id: str, change: Callable[[Plan], None], *, secrets: Iterable[str] = ()
    ) -> Plan:
        """update_plan on the plan's file: read again, changed, written back with `updated_at`
        kept (a check's result); a background save of it still under way is written first."""
        self.flush()
        return update_plan(self.path_for(plan_id), change, plan_id=plan_id, secrets=secrets)

    def delete(self, plan_id: str) -> Path:
        """Move the plan's file to the trash subfolder; return where it went."""
        path = self.path_for(plan_id)
        if not path.is_file():
            raise PlanFileError(
                f"There is no plan {plan_id} in {self.directory}; it may already be deleted.",
                path=path,
                problem="missing",
            )
        trash = self.directory / TRASH_FOLDER
        trash.mkdir(parents=True, exist_ok=True)
        target = trash / path.name
        if target.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            target = trash / f"{plan_id}.{stamp}{PLAN_SUFFIX}"
        os.replace(path, target)
        logger.info("Moved plan %s to %s", plan_id, target)
        return target
