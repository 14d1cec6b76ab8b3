"""One instance's configuration as the wizard reads it: each list, then, concurrently and within
the rate limit, the records the list rows show only in part, read in full. Every step, the rules,
drift, the end-to-end test and the mapping engine read through here, once per session."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient, Record
from halo_wizard.api.errors import NotFound
from halo_wizard.api.secret import Secret
from halo_wizard.api.snapshot import strip_secrets

# Defined below every layer (the simulator reads records too); the read model's words for them.
from halo_wizard.api.values import as_int as as_int
from halo_wizard.api.values import workflow_action_ids as workflow_action_ids
from halo_wizard.logsetup import register_secret
from halo_wizard.plan.model import Plan, Side

log = logging.getLogger(__name__)

CONFIG_LISTS: Final = (
    "Features",
    "Status",
    "Category",
    "TicketType",
    "FieldInfo",
    "Outcome",
    "Workflow",
    "Client",
    "Supplier",
)
"""The configuration lists every rule may need, read on both sides."""


SHARED_LISTS: Final = frozenset(
    {"Features", "Status", "Category", "TicketType", "FieldInfo", "Outcome", "Workflow"}
)
"""Lists read the same whatever the plan (no profile among them): one read of such a list can
serve every session on the same instance and API application (SharedReads)."""

DETAILS_ON_DEMAND: Final = frozenset({"TicketType", "Workflow"})
"""Lists whose rows leave out only what the questions about what a ticket type allows need (the
action check and its recommendations, the end-to-end test, the partner's catalogue, a snapshot):
as their rows come, they serve the permission check and the mapping tables, and each record is
read in full only when a part asks for the list `full` (halo-api.md section 0: list rows are thin,
one request per record for the rest). At --scale 80 that keeps the set-up of steps 1-7 to a few
dozen requests to the customer's instance instead of some 900."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True, slots=True)
class ProfileHint:
    """Which profile records of one list the plan cares about (read in full)."""

    record_id: int | None = None
    name: str = ""


def _folded(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def needs_details(entity: str, row: Mapping[str, Any], hint: ProfileHint | None) -> bool:
    """Whether a list row leaves out what the wizard reads of it (constants.LIST_ROWS_LEAVE_OUT).

    Profiles are read in full only where they matter: the plan's own profile (by id or name) and
    every profile that holds an outbound connection (the list rows carry its API URL), since
    those are the connections the checks and the learning of Halo's conventions look at."""
    missing = C.LIST_ROWS_LEAVE_OUT.get(entity)
    if not missing or all(name in row for name in missing):
        return False
    if entity in C.PROFILE_ENTITIES:
        return not _blank(row.get(C.PROFILE_REMOTE_API_URL)) or own_profile(row, hint)
    if entity == "Agent":
        # Disabled agents are skipped by every step that reads agents: no need to read them.
        return not row.get("isdisabled")
    return True


def own_profile(row: Mapping[str, Any], hint: ProfileHint | None) -> bool:
    """Whether a profile row is the plan's own profile (by id, else by name)."""
    if hint is None:
        return False
    if hint.record_id is not None and as_int(row.get("id")) == hint.record_id:
        return True
    return bool(hint.name) and _folded(row.get("name")) == _folded(hint.name)


async def _stop_reads(reading: dict[Any, asyncio.Task[list[Record]]]) -> None:
    """Cancel the reads still under way in `reading` (emptied) and wait for them to end."""
    pending = [task for task in reading.values() if not task.done()]
    reading.clear()
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


class SharedReads:
    """The instance-wide lists (SHARED_LISTS) read once for every session of one run over many
    plans (a check of every connection): the first session that asks for a list of an instance,
    as one API application sees it, reads it; the others of the run get that read, made in this
    run. A read that fails is not handed on: the next session reads again."""

    def __init__(self) -> None:
        self._reads: dict[tuple[str, str], asyncio.Task[list[Record]]] = {}
        self.served = 0
        """Reads handed to a session that did not make them (for logs and benchmarks)."""

    async def read(
        self, instance: str, entity: str, read: Callable[[], Awaitable[list[Record]]]
    ) -> list[Record]:
        key = (instance, entity)
        task = self._reads.get(key)
        own = task is None
        if task is None:
            task = self._reads[key] = asyncio.ensure_future(read())
        try:
            rows = await asyncio.shield(task)
        except Exception:
            if self._reads.get(key) is task:
                del self._reads[key]
            if own:
                raise
            return await self.read(instance, entity, read)  # another's read failed: read anew
        if not own:
            self.served += 1
        return [dict(row) for row in rows]  # each session its own rows to merge details into

    async def aclose(self) -> None:
        """Stop reads nobody waits for any more (a cancelled run's)."""
        await _stop_reads(self._reads)


class InstanceReader:
    """Reads one instance's lists for a session, each with the details its rows leave out.

    Each list is read once and kept until `forget` (after a write) or a `fresh` read; concurrent
    callers share one read. Details come through the client, so they respect its concurrency and
    its share of the instance's rate limit."""

    def __init__(
        self,
        client: HaloClient,
        hint_for: Callable[[str], ProfileHint | None] = lambda entity: None,
    ) -> None:
        self.client = client
        self._hint_for = hint_for
        self._cache: dict[str, list[Record]] = {}
        self._reading: dict[str, asyncio.Task[list[Record]]] = {}
        self._full: dict[str, list[Record]] = {}  # DETAILS_ON_DEMAND lists read in full
        self._reading_full: dict[str, asyncio.Task[list[Record]]] = {}
        self._generation: dict[str, int] = {}  # bumped by forget: a read begun before is stale
        self.issued: dict[tuple[str, int], IssuedSecret] = {}
        """Client secrets profiles issued, as the instance showed them (never in a record)."""
        self.answered_without_secret: set[tuple[str, int]] = set()
        self.shared: SharedReads | None = None
        self._others: dict[tuple[str, int], tuple[Record, Record]] = {}
        """Other connections' profiles read in full this session: (their list row, the record)."""
        """Where the instance-wide lists come from when several sessions share them."""

    def take_secrets(self, entity: str, record: Record, *, seen_in: str) -> Record:
        """`record` without the client secret a profile issued; the secret is registered for
        scrubbing and kept aside (`seen_in`: "read" or "write answer")."""
        if entity not in C.PROFILE_ENTITIES or C.PROFILE_ISSUED_CLIENT_SECRET not in record:
            return record
        clean = dict(record)
        value = clean.pop(C.PROFILE_ISSUED_CLIENT_SECRET)
        key = as_int(clean.get("id"))
        if isinstance(value, str) and value.strip() and key is not None:
            register_secret(value.strip())
            self.issued[(entity, key)] = IssuedSecret(Secret(value.strip()), seen_in)
        return clean

    def note_answer(self, entity: str, answer: Record) -> Record:
        """A write's answer: its issued secret taken aside; a profile that the write left with API
        access on but whose answer showed no secret is remembered (see issued-secret)."""
        had_secret = bool(answer.get(C.PROFILE_ISSUED_CLIENT_SECRET))
        clean = self.take_secrets(entity, answer, seen_in="write answer")
        key = as_int(clean.get("id"))
        if (
            entity in C.PROFILE_ENTITIES
            and key is not None
            and not had_secret
            and clean.get(C.PROFILE_ALLOW_API_ACCESS) is True
            and clean.get(C.PROFILE_ISSUED_CLIENT_ID)
        ):
            self.answered_without_secret.add((entity, key))
        return clean

    def cached(self, entity: str) -> list[Record] | None:
        """The list as last read, or None when it has not been read (or was forgotten)."""
        return self._cache.get(entity)

    async def records(
        self, entity: str, *, fresh: bool = False, full: bool = False
    ) -> list[Record]:
        """The whole list, rows merged with their full records where the rows leave fields out;
        for DETAILS_ON_DEMAND lists only when `full` (else their rows as the list gives them)."""
        if full and entity in DETAILS_ON_DEMAND:
            return await self._shared_read(
                entity,
                self._full,
                self._reading_full,
                fresh,
                lambda: self._read_full(entity, fresh),
            )
        return await self._shared_read(
            entity, self._cache, self._reading, fresh, lambda: self._read(entity)
        )

    async def _shared_read(
        self,
        entity: str,
        cache: dict[str, list[Record]],
        reading: dict[str, asyncio.Task[list[Record]]],
        fresh: bool,
        read: Callable[[], Awaitable[list[Record]]],
    ) -> list[Record]:
        """One read of a list at a time, kept in `cache` unless the list was forgotten while it
        went on (a write since: the rows may be stale)."""
        if not fresh and entity in cache:
            return cache[entity]
        task = reading.get(entity)
        if task is None or fresh:
            task = asyncio.ensure_future(read())
            reading[entity] = task
        generation = self._generation.get(entity, 0)
        try:
            rows = await asyncio.shield(task)
        finally:
            if reading.get(entity) is task and task.done():
                del reading[entity]
        if self._generation.get(entity, 0) == generation:
            cache[entity] = rows
        return rows

    async def record(self, entity: str, record_id: int) -> Record | None:
        """One record read in full now (None when the instance no longer has it); a list read
        before gets the fresh copy too."""
        found = await self._detail(entity, record_id)
        for cache in (self._cache, self._full):
            rows = cache.get(entity)
            if rows is None:
                continue
            at = next((i for i, r in enumerate(rows) if as_int(r.get("id")) == record_id), None)
            if found is None and at is not None:
                cache[entity] = rows[:at] + rows[at + 1 :]
            elif found is not None and at is not None:
                cache[entity] = [*rows[:at], {**rows[at], **found}, *rows[at + 1 :]]
        return found

    async def read_all(
        self, entities: Iterable[str], *, fresh: bool = False, full: bool = False
    ) -> dict[str, list[Record]]:
        """Several lists at once: each list's details start as soon as its own rows arrive."""
        names = list(dict.fromkeys(entities))
        found = await asyncio.gather(*(self.records(e, fresh=fresh, full=full) for e in names))
        return dict(zip(names, found, strict=True))

    def forget(self, entity: str) -> None:
        """Read the list again next time (after a write to it)."""
        for kept in (self._cache, self._reading, self._full, self._reading_full):
            kept.pop(entity, None)
        self._generation[entity] = self._generation.get(entity, 0) + 1

    def forget_all(self) -> None:
        for entity in {*self._cache, *self._reading, *self._full, *self._reading_full}:
            self.forget(entity)

    async def aclose(self) -> None:
        """Stop reads nobody waits for any more (a cancelled step's), before the client closes."""
        await _stop_reads(self._reading_full)
        await _stop_reads(self._reading)

    def _instance_key(self) -> str:
        endpoint = self.client.endpoint
        return f"{endpoint.base_url}|{endpoint.tenant}|{self.client.client_id}"

    async def _read(self, entity: str) -> list[Record]:
        if self.shared is not None and entity in SHARED_LISTS:
            key = self._instance_key()
            return await self.shared.read(key, entity, lambda: self._read_here(entity))
        return await self._read_here(entity)

    async def _read_full(self, entity: str, fresh: bool) -> list[Record]:
        """A DETAILS_ON_DEMAND list in full: its rows (as this session read them, unless `fresh`),
        each merged with its record where the row leaves fields out."""
        rows = await self.records(entity, fresh=fresh)
        if self.shared is not None and entity in SHARED_LISTS:
            key = self._instance_key()
            return await self.shared.read(
                key, f"{entity} in full", lambda: self._in_full(entity, rows)
            )
        return await self._in_full(entity, rows)

    async def _read_here(self, entity: str) -> list[Record]:
        listed = await self.client.list_records(entity, C.LIST_PARAMS.get(entity))
        rows = [self.take_secrets(entity, row, seen_in="read") for row in listed]
        if entity in DETAILS_ON_DEMAND:
            return rows
        return await self._in_full(entity, rows)

    async def _in_full(self, entity: str, rows: list[Record]) -> list[Record]:
        """`rows` merged with the full records of those that leave fields out (needs_details)."""
        hint = self._hint_for(entity)
        wanted = [
            row_id
            for row in rows
            if (row_id := as_int(row.get("id"))) is not None and needs_details(entity, row, hint)
        ]
        if not wanted:
            return rows
        # Another connection's profile (an MSP holds one per customer) is read in full once a
        # session while its list row stays as it was: a read after a write of the plan's own
        # profile would otherwise read every other connection again, each time.
        others = {
            row_id: row
            for row in rows
            if entity in C.PROFILE_ENTITIES
            and (row_id := as_int(row.get("id"))) in wanted
            and not own_profile(row, hint)
        }
        kept: dict[int | None, Record] = {
            row_id: seen[1]
            for row_id, row in others.items()
            if (seen := self._others.get((entity, row_id))) is not None and seen[0] == row
        }
        reading = [row_id for row_id in wanted if row_id not in kept]
        details = await asyncio.gather(*(self._detail(entity, row_id) for row_id in reading))
        full: dict[int | None, Record] = {as_int(d.get("id")): d for d in details if d is not None}
        for row_id, row in others.items():
            if row_id in full:
                self._others[(entity, row_id)] = (row, full[row_id])
        full.update(kept)
        log.debug(
            "%s: %d of %d %s rows read in full (%d kept from before)",
            self.client.name,
            len(full),
            len(rows),
            entity,
            len(kept),
        )
        return [
            {**row, **full[key]} if (key := as_int(row.get("id"))) in full else row for row in rows
        ]

    async def _detail(self, entity: str, record_id: int) -> Record | None:
        try:
            found = await self.client.get(entity, record_id)
        except NotFound:
            return None  # deleted since the list was read: the row is what there is
        return self.take_secrets(entity, found, seen_in="read")


@dataclass(frozen=True, slots=True)
class IssuedSecret:
    """A client secret a profile issued, and where the instance showed it."""

    secret: Secret
    seen_in: str  # "read" (a read of the record) or "write answer" (the save that issued it)


def plan_hints(plan: Plan, side: Side) -> Callable[[str], ProfileHint | None]:
    """The plan's profile in `side`'s instance, for the reader of that instance."""

    def hint(entity: str) -> ProfileHint | None:
        if side is Side.CUSTOMER and entity == "Supplier":
            profile = plan.supplier_profile
        elif side is Side.SUPPLIER and entity == "Client":
            profile = plan.customer_profile
        else:
            return None
        return ProfileHint(profile.record_id, profile.name)

    return hint


# ---- One instance's configuration, as the rules and the report read it ----------------------


@dataclass(slots=True)
class InstanceConfig:
    """One instance's records as its API returns them (rows read in full where needed), with the
    few facts about the instance the checks need."""

    side: Side
    name: str
    records: dict[str, list[Record]]
    tenant: str = ""
    api_url: str = ""  # this instance's Resource Server, when known (plan, live, InstanceInfo)
    auth_url: str = ""
    version: str = ""
    addresses_from: str = ""  # "live", "plan" or "instanceinfo": how sure api_url/auth_url are
    _index: dict[str, dict[int, Record]] = field(default_factory=dict, repr=False)

    def ticket_statuses(self) -> list[Record]:
        """The statuses tickets can have (Status.type is the status's domain)."""
        return [s for s in self.list("Status") if is_ticket_status(s)]

    def ticket_fields(self) -> list[Record]:
        """The fields of tickets, out of FieldInfo's fields of every usage."""
        return ticket_fields(self.list("FieldInfo"))

    def has(self, entity: str) -> bool:
        """Whether the list was read at all (an empty list is still a list that was read)."""
        return entity in self.records

    def list(self, entity: str) -> list[Record]:
        return self.records.get(entity) or []

    def by_id(self, entity: str) -> dict[int, Record]:
        found = self._index.get(entity)
        if found is None:
            found = {}
            for record in self.list(entity):
                key = as_int(record.get("id"))
                if key is not None:
                    found[key] = record
            self._index[entity] = found
        return found

    def get(self, entity: str, record_id: int | None) -> Record | None:
        return None if record_id is None else self.by_id(entity).get(record_id)

    def forget_indexes(self) -> None:
        """Call after changing `records` in place."""
        self._index.clear()


def is_ticket_status(status: Mapping[str, Any]) -> bool:
    """Whether a status belongs to tickets (type is the domain; a status without one counts)."""
    domain = as_int(status.get(C.STATUS_DOMAIN))
    return domain is None or domain == C.STATUS_DOMAIN_TICKETS


def closes_tickets(status_id: Any) -> bool:
    """Whether a ticket status is a closed one (Halo's built-in Closed and Cancelled)."""
    return as_int(status_id) in C.CLOSING_STATUS_IDS


def ticket_field_usage(fields: Iterable[Mapping[str, Any]]) -> int | None:
    """The FieldInfo.usage of ticket fields on this instance: that of the built-in ticket fields
    (summary, details, start and target date), which are ticket fields by definition. None when
    the instance shows no built-in ticket field with a usage (then C.TICKET_FIELD_USAGE holds)."""
    usages = {
        usage
        for f in fields
        if not as_int(f.get(C.FIELD_CUSTOM))
        and str(f.get("name") or "").casefold() in C.BUILTIN_TICKET_FIELDS
        and (usage := as_int(f.get(C.FIELD_USAGE))) is not None
    }
    return usages.pop() if len(usages) == 1 else None


def ticket_fields(fields: list[Record]) -> list[Record]:
    """FieldInfo rows of tickets only (FieldInfo holds customer, site, asset... fields too)."""
    if not any(C.FIELD_USAGE in f for f in fields):
        return fields  # an instance (or a snapshot) that does not say: they are all it showed
    usage = ticket_field_usage(fields)
    if usage is None:
        usage = C.TICKET_FIELD_USAGE
    return [f for f in fields if as_int(f.get(C.FIELD_USAGE)) == usage]


# ---- Snapshots: one instance's configuration as a file (halo-api.md section 5) --------------

SNAPSHOT_ENTITIES: Final = tuple(
    e for e in C.SNAPSHOT_RECORD_LISTS if e not in ("Tickets", "Actions")
)
"""Every record list of a snapshot but the tickets and their actions (a real instance's history
is not configuration, and may be huge)."""


async def export_snapshot(
    client: HaloClient, *, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, Any]:
    """Every configuration list the wizard reads, read as the wizard reads it (rows read in full
    where the lists leave fields out), without a secret."""
    info = await client.connect(require_sync_version=False)
    reader = InstanceReader(client)
    records: dict[str, list[Record]] = {}

    async def read(entity: str) -> None:
        records[entity] = await reader.records(entity, full=True)
        if progress:
            progress(entity, len(records), len(SNAPSHOT_ENTITIES))

    try:
        await asyncio.gather(*(read(e) for e in SNAPSHOT_ENTITIES))
    finally:
        await reader.aclose()
    records["Tickets"] = []
    records["Actions"] = []
    return {
        "format": C.SNAPSHOT_FORMAT,
        "instanceinfo": strip_secrets(dict(info.raw)),
        "authinfo": {"tenant_id": client.endpoint.tenant},
        "records": strip_secrets({k: records[k] for k in sorted(records)}),
    }
