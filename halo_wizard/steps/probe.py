"""A read-only probe of one live instance: every assumption of api/constants.py checked against what
the instance answers, reported in key names, shapes, counts and enumerations only."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

from halo_wizard import __version__
from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient, Record, parse_version
from halo_wizard.api.errors import HaloError, NotFound
from halo_wizard.plan.linked import LINKED_STEP_TITLES
from halo_wizard.plan.model import STEP_TITLES, StepId
from halo_wizard.steps import unknowns
from halo_wizard.steps.configuration import (
    CONFIG_LISTS,
    as_int,
    is_ticket_status,
    ticket_field_usage,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

PROBE_FORMAT: Final = "halo-probe/1"

HOLDS: Final = "holds"
CONTRADICTED: Final = "contradicted"
CANT_TELL: Final = "can't tell"
STATUSES: Final = (HOLDS, CONTRADICTED, CANT_TELL)
SHOWS: Final = "shows"

KNOWN: Final = "[known]"
SCHEMA: Final = "[schema]"
ASSUMED: Final = "[assumed]"

Seen = dict[str, Any]
"""What a check saw: key names, shapes, counts and enumerations (JSON values), never a value of a
record (no name, no e-mail address, no URL, no secret)."""
Finding = tuple[str, Seen]
Check = Callable[["_Probe"], Awaitable[Finding]]

# ---- how politely the instance is asked --------------------------------------------------------

SMALL_PAGE: Final = {"pageinate": "true", "page_size": "1", "page_no": "1", "count": "1"}
"""A list asked for its shape only: the parameters halocli's read-only sweep sent."""
FULL_PAGE: Final = {"pageinate": "true", "page_size": str(C.PAGE_CAP), "page_no": "1"}
"""A list asked as the client's list_records asks for its first page."""
AGENT_ROWS: Final = "5"  # agents asked for with count: a few rows show what the rows carry
FULL_READS: Final = tuple(e for e in CONFIG_LISTS if e not in C.PROFILE_ENTITIES)
"""Lists read whole (one page), because a check needs every row (names, usages, statuses)."""
PROFILE_PAGES: Final = 3
"""Profile lists are paged at most this far looking for profiles with a connection."""
PROFILE_DETAILS: Final = 5
"""Profiles with a connection read in full, per list, at most."""
PAGE_CAP_LISTS: Final = ("Site", "Users", "Client", "Supplier", "Tickets")
"""Wrapped lists that may show the page cap, smallest rows first (never /Actions: unfiltered, it
times out on live tenants)."""
INVALID_ID: Final = "x"
UNKNOWN_ID_STEP: Final = 1_000_000  # above the highest status id: an id no instance has
ABSENT_OUTCOME_FIELD: Final = "sendemail_via_api"
"""A field TOutcome does not have in Halo's 2.236 OpenAPI document (halo-api.md section 0): an
instance that shows it contradicts that section."""
CLOSED_STEM: Final = "clos"
CANCELLED_STEM: Final = "cancel"


def _step(step: StepId, *, linked: bool = False) -> str:
    """ "step 7 (mappings)": the step that relies on an assumption, in the window's words."""
    titles = LINKED_STEP_TITLES if linked else STEP_TITLES
    return f"step {int(step)} ({titles[step].lower()})"


# ---- the assumptions -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assumption:
    """One thing halo_wizard assumes about Halo, and how the probe checks it."""

    key: str
    claim: str
    evidence: str
    """The tag api/constants.py (and halo-api.md) give it: [known], [schema] or [assumed]."""
    constants: tuple[str, ...]
    """The names in halo_wizard.api.constants it verifies."""
    relied_on_by: str
    """The step that goes wrong when it is contradicted ("" when the wizard copes either way)."""
    check: Check = field(repr=False, compare=False)
    note: str = ""
    """How the wizard copes when it does not hold."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the instance showed of one assumption."""

    key: str
    claim: str
    evidence: str
    status: str
    seen: Seen
    relied_on_by: str
    constants: tuple[str, ...] = ()
    note: str = ""

    @property
    def relied_on(self) -> bool:
        """True when a contradiction of it makes a later step go wrong."""
        return bool(self.relied_on_by)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "claim": self.claim,
            "evidence": self.evidence,
            "status": self.status,
            "seen": self.seen,
            "relied_on_by": self.relied_on_by,
            "constants": list(self.constants),
        }
        if self.note:
            out["note"] = self.note
        return out

    def line(self) -> str:
        """One line: the tag, the claim, and what was seen."""
        text = f"{self.evidence} {self.claim} ({self.key}): {describe(self.seen)}"
        if self.status == CONTRADICTED and self.relied_on:
            text += f"; {self.relied_on_by} relies on it"
        elif self.status == CONTRADICTED and self.note:
            text += f"; {self.note}"
        return text


@dataclass(frozen=True, slots=True)
class UnknownReading:
    """What the instance shows by itself of one of Halo's open questions (constants.UNKNOWNS)."""

    key: str
    question: str
    status: str
    """"shows" or "can't tell"."""
    answer: str | None
    seen: Seen

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "question": self.question,
            "status": self.status,
            "answer": self.answer,
            "seen": self.seen,
        }

    def line(self) -> str:
        said = f"shows {self.answer}" if self.status == SHOWS else CANT_TELL
        return f"{self.question} ({self.key}): {said} ({describe(self.seen)})"


@dataclass(frozen=True, slots=True)
class ProbeReport:
    """Every verdict and unknown reading of one probe, with the product and version only."""

    product: str
    version: str
    hosted: bool | None
    verdicts: tuple[Verdict, ...]
    unknowns: tuple[UnknownReading, ...]
    requests: int

    def verdict(self, key: str) -> Verdict:
        return next(v for v in self.verdicts if v.key == key)

    def reading(self, key: str) -> UnknownReading:
        return next(u for u in self.unknowns if u.key == key)

    def with_status(self, status: str) -> list[Verdict]:
        return [v for v in self.verdicts if v.status == status]

    def contradictions(self) -> list[Verdict]:
        return self.with_status(CONTRADICTED)

    def relied_on_contradictions(self) -> list[Verdict]:
        """The contradicted verdicts a later step relies on."""
        return [v for v in self.contradictions() if v.relied_on]

    def counts(self) -> dict[str, int]:
        return {status: len(self.with_status(status)) for status in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        """What an admin can send us: product, version and whether Halo hosts it; the verdicts.
        No address, no tenant, no record's value."""
        return {
            "format": PROBE_FORMAT,
            "halo_wizard": __version__,
            "instance": {"product": self.product, "version": self.version, "hosted": self.hosted},
            "requests": self.requests,
            "summary": self.counts(),
            "verdicts": [v.to_dict() for v in self.verdicts],
            "unknowns": [u.to_dict() for u in self.unknowns],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def headline(self) -> str:
        counts = self.counts()
        hosting = {True: "hosted by Halo", False: "self-hosted", None: "hosting not shown"}
        return (
            f"{self.product or 'Halo'} {self.version or '(version not shown)'}, "
            f"{hosting[self.hosted]}: {len(self.verdicts)} checks, {counts[HOLDS]} hold, "
            f"{counts[CONTRADICTED]} contradicted, {counts[CANT_TELL]} can't tell "
            f"({self.requests} requests, all reads)"
        )

    def format_text(self) -> str:
        """One line per verdict, grouped: holds, contradicted, can't tell; then the unknowns."""
        lines = [self.headline()]
        titles = {HOLDS: "Holds", CONTRADICTED: "Contradicted", CANT_TELL: "Can't tell"}
        for status in STATUSES:
            found = self.with_status(status)
            if not found:
                continue
            lines += ["", f"{titles[status]} ({len(found)}):"]
            lines += [f"  {v.line()}" for v in found]
        if self.unknowns:
            lines += ["", "What the instance shows by itself of Halo's open questions:"]
            lines += [f"  {u.line()}" for u in self.unknowns]
        return "\n".join(lines)


def describe(seen: Mapping[str, Any]) -> str:
    """What a check saw, in a few words ("rows: 5, with email: 0")."""
    parts: list[str] = []
    for key, value in seen.items():
        label = key.replace("_", " ")
        if isinstance(value, bool):
            parts.append(f"{label}: {'yes' if value else 'no'}")
        elif isinstance(value, Mapping):
            parts.append(f"{label} ({describe(value) or 'none'})")
        elif isinstance(value, list | tuple):
            parts.append(f"{label}: {', '.join(str(v) for v in value) or 'none'}")
        elif value is None:
            parts.append(f"{label}: not shown")
        else:
            parts.append(f"{label}: {value}")
    return ", ".join(parts)


# ---- what the probe reads, once each -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Raw:
    """One answer as it came: its status and body."""

    status: int
    body: Any
    size: int
    is_json: bool


async def _raw_get(client: HaloClient, path: str, *, anonymous: bool) -> _Raw:
    """A GET whose status and body are the evidence (an answer without a token, an error body).

    The client's ordinary reads turn error answers into exceptions; this one keeps them."""
    response = await client.raw_get(path, authorized=not anonymous)
    body: Any = None
    is_json = False
    if response.content:
        try:
            body = response.json()
            is_json = True
        except ValueError:
            body = None
    return _Raw(response.status_code, body, len(response.content), is_json)


def _rows(body: Any, key: str | None = None) -> list[Record]:
    """The rows of a list answer in either shape (a new list; issued secrets left out)."""
    if isinstance(body, dict):
        found = body.get(key) if key else None
        if not isinstance(found, list):
            found = next((v for v in body.values() if isinstance(v, list)), [])
        body = found
    if not isinstance(body, list):
        return []
    return [
        {k: v for k, v in row.items() if k != C.PROFILE_ISSUED_CLIENT_SECRET}
        for row in body
        if isinstance(row, dict)
    ]


def _record_count(body: Any) -> int | None:
    count = body.get("record_count") if isinstance(body, dict) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shape(entity: str, body: Any) -> Seen:
    """A list answer's shape: bare, or wrapped under which key, with or without record_count."""
    if isinstance(body, list):
        return {"shape": "bare", "rows": len(body)}
    if isinstance(body, dict):
        expected = C.WRAPPED_LIST_KEYS.get(entity) or C.PAGINATED_LIST_KEYS.get(entity)
        lists = [k for k, v in body.items() if isinstance(v, list)]
        if not lists:
            return {"shape": "object", "keys": len(body)}
        key = expected if expected in lists else lists[0]
        return {
            "shape": "wrapped",
            "key": key,
            "record_count": _record_count(body) is not None,
            "rows": len(body[key]),
        }
    # In JSON's words, not Python's: the probe's report is read by admins.
    if body is None:
        return {"shape": "null"}
    if isinstance(body, bool):
        return {"shape": "true or false"}
    return {"shape": "number" if isinstance(body, int | float) else "text"}


def _body_shape(raw: _Raw) -> str:
    if raw.size == 0:
        return "empty"
    if not raw.is_json:
        return "text"
    if isinstance(raw.body, dict):
        return "object"
    if isinstance(raw.body, list):
        return "array"
    return "string" if isinstance(raw.body, str) else "other"


def _ids(rows: Iterable[Mapping[str, Any]]) -> dict[int, Record]:
    return {i: dict(r) for r in rows if (i := as_int(r.get("id"))) is not None}


def _counts(values: Iterable[Any]) -> dict[str, int]:
    """How many of each value (as text, sorted): an enumeration, never a record's name."""
    counted = Counter(
        "absent" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in values
    )
    return dict(sorted(counted.items(), key=lambda kv: (kv[0] == "absent", kv[0])))


def _error(exc: HaloError) -> str:
    """An error in the report: its kind only (its message names the host)."""
    return type(exc).__name__


class _Probe:
    """The answers one probe needs, each asked for once however many checks use it."""

    def __init__(self, client: HaloClient) -> None:
        self.client = client
        self._memo: dict[tuple[Any, ...], asyncio.Future[Any]] = {}
        self.secret_present: set[tuple[str, int]] = set()
        """Profiles whose full record carried the client secret they issued (the value is
        dropped as it arrives)."""

    async def _once(self, key: tuple[Any, ...], make: Callable[[], Coroutine[Any, Any, T]]) -> T:
        task = self._memo.get(key)
        if task is None:
            task = self._memo[key] = asyncio.ensure_future(make())
        result: T = await task
        return result

    async def aclose(self) -> None:
        pending = [task for task in self._memo.values() if not task.done()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    # -- anonymous answers and the instance -----------------------------------------------------

    async def raw(self, path: str, *, anonymous: bool = False) -> _Raw:
        return await self._once(
            ("raw", path, anonymous), lambda: _raw_get(self.client, path, anonymous=anonymous)
        )

    async def authinfo(self) -> Mapping[str, Any] | None:
        raw = await self.raw("authinfo", anonymous=True)
        return raw.body if raw.status == 200 and isinstance(raw.body, dict) else None

    async def instance_info(self) -> Mapping[str, Any]:
        """InstanceInfo as it answers without a token, else with one."""
        raw = await self.raw("InstanceInfo", anonymous=True)
        if raw.status == 200 and isinstance(raw.body, dict):
            return raw.body
        info = await self._once(("instanceinfo",), self.client.instance_info)
        return info.raw

    async def hosted(self) -> bool | None:
        """Whether Halo hosts the instance: its authinfo names a tenant."""
        try:
            authinfo = await self.authinfo()
        except HaloError:
            authinfo = None
        if authinfo is not None and C.INSTANCE_TENANT in authinfo:
            return not _blank(authinfo.get(C.INSTANCE_TENANT))
        return bool(self.client.endpoint.tenant) or None

    # -- lists -----------------------------------------------------------------------------------

    async def answer(self, entity: str, params: Mapping[str, str]) -> Any:
        wanted = dict(params)
        return await self._once(
            ("list", entity, tuple(sorted(wanted.items()))),
            lambda: self.client.request("GET", entity, params=wanted),
        )

    def shape_params(self, entity: str) -> Mapping[str, str]:
        """How each list is asked for its shape (the answer other checks reuse)."""
        if entity in C.PAGINATED_LIST_KEYS:
            return {"count": AGENT_ROWS}  # without pageinate: bare (with it: wrapped)
        if entity in C.PROFILE_ENTITIES or entity in FULL_READS:
            return FULL_PAGE
        return SMALL_PAGE

    async def shape_answer(self, entity: str) -> Any:
        return await self.answer(entity, self.shape_params(entity))

    async def shape(self, entity: str) -> Seen:
        try:
            return _shape(entity, await self.shape_answer(entity))
        except HaloError as exc:
            return {"shape": "not read", "error": _error(exc)}

    async def rows(self, entity: str) -> list[Record]:
        """The rows of the list's shape answer (every row for FULL_READS)."""
        return _rows(await self.shape_answer(entity), C.WRAPPED_LIST_KEYS.get(entity))

    async def record_count(self, entity: str) -> int | None:
        try:
            return _record_count(await self.shape_answer(entity))
        except HaloError:
            return None

    async def agents_with_email(self) -> list[Record]:
        params = {**C.LIST_PARAMS.get("Agent", {}), "count": AGENT_ROWS}
        return _rows(await self.answer("Agent", params))

    # -- profiles --------------------------------------------------------------------------------

    async def profiles(self, entity: str) -> list[Record]:
        """A profile list's rows, paged up to PROFILE_PAGES."""
        return await self._once(("profiles", entity), lambda: self._read_profiles(entity))

    async def _read_profiles(self, entity: str) -> list[Record]:
        key = C.WRAPPED_LIST_KEYS.get(entity)
        first = await self.answer(entity, FULL_PAGE)
        rows = _rows(first, key)
        total = _record_count(first)
        page = 2
        while total is not None and len(rows) < total and page <= PROFILE_PAGES:
            more = _rows(await self.answer(entity, {**FULL_PAGE, "page_no": str(page)}), key)
            if not more:
                break
            rows.extend(more)
            page += 1
        return rows

    async def connected(self, entity: str) -> list[Record]:
        """Profile rows that hold an outbound connection (their row carries the API URL)."""
        return [
            r for r in await self.profiles(entity) if not _blank(r.get(C.PROFILE_REMOTE_API_URL))
        ]

    async def connected_in_full(self, entity: str) -> list[Record]:
        """The first PROFILE_DETAILS profiles with a connection, read in full."""
        ids = [i for r in await self.connected(entity) if (i := as_int(r.get("id"))) is not None]
        found = await asyncio.gather(*(self.detail(entity, i) for i in ids[:PROFILE_DETAILS]))
        return [r for r in found if r is not None]

    async def all_connected_in_full(self) -> list[tuple[str, Record]]:
        """(entity, full record) of the profiles with a connection in both profile lists."""
        found: list[tuple[str, Record]] = []
        for entity in C.PROFILE_ENTITIES:
            try:
                found += [(entity, r) for r in await self.connected_in_full(entity)]
            except HaloError:
                continue  # the other list may still show it
        return found

    # -- records in full -------------------------------------------------------------------------

    async def detail(self, entity: str, record_id: int) -> Record | None:
        return await self._once(
            ("detail", entity, record_id), lambda: self._read_detail(entity, record_id)
        )

    async def _read_detail(self, entity: str, record_id: int) -> Record | None:
        try:
            record = await self.client.get(entity, record_id)
        except NotFound:
            return None
        secret = record.pop(C.PROFILE_ISSUED_CLIENT_SECRET, None)
        if isinstance(secret, str) and secret.strip():
            self.secret_present.add((entity, record_id))
        return record


# ---- the checks ----------------------------------------------------------------------------------


async def _check_authinfo(p: _Probe) -> Finding:
    raw = await p.raw("authinfo", anonymous=True)
    body = raw.body if isinstance(raw.body, dict) else {}
    seen: Seen = {
        "status": raw.status,
        "keys": sorted(str(k) for k in body),
        "auth_url": "auth_url" in body,
        C.INSTANCE_TENANT: C.INSTANCE_TENANT in body,
    }
    if raw.status in (401, 403, 404):
        return CONTRADICTED, seen
    if raw.status != 200:
        return CANT_TELL, seen
    both = "auth_url" in body and C.INSTANCE_TENANT in body
    return (HOLDS if both else CONTRADICTED), seen


async def _check_instanceinfo_anonymous(p: _Probe) -> Finding:
    raw = await p.raw("InstanceInfo", anonymous=True)
    body = raw.body if isinstance(raw.body, dict) else None
    seen: Seen = {
        "status": raw.status,
        "body": _body_shape(raw),
        "app_version": body is not None and "app_version" in body,
    }
    if raw.status in (401, 403):
        return CONTRADICTED, seen
    if raw.status != 200:
        return CANT_TELL, seen
    return (HOLDS if body is not None and "app_version" in body else CONTRADICTED), seen


async def _check_instanceinfo_tenant(p: _Probe) -> Finding:
    hosted = await p.hosted()
    info = await p.instance_info()
    has = not _blank(info.get(C.INSTANCE_TENANT))
    seen: Seen = {"hosted": hosted, C.INSTANCE_TENANT: has}
    if not hosted:
        return CANT_TELL, seen
    return (HOLDS if has else CONTRADICTED), seen


async def _check_token_scope(p: _Probe) -> Finding:
    granted = p.client.granted_scopes
    if granted is None:
        return CANT_TELL, {"scope_in_answer": False}
    unknown = sorted(granted - C.KNOWN_SCOPES)
    seen: Seen = {"scope_in_answer": True, "granted": sorted(granted), "not_known": unknown}
    return (CONTRADICTED if unknown else HOLDS), seen


async def _check_version(p: _Probe) -> Finding:
    info = await p.instance_info()
    parsed = parse_version(str(info.get("app_version") or info.get("version") or ""))
    needs = ".".join(str(n) for n in C.MIN_VERSION)
    if parsed is None:
        return CANT_TELL, {"version_readable": False, "needs": needs}
    seen: Seen = {"version": ".".join(str(n) for n in parsed), "needs": needs}
    return (HOLDS if parsed[:2] >= C.MIN_VERSION else CONTRADICTED), seen


def _shape_check(entities: Sequence[str], expect: Callable[[str, Seen], bool]) -> Check:
    async def check(p: _Probe) -> Finding:
        shapes = await asyncio.gather(*(p.shape(e) for e in entities))
        seen: Seen = dict(zip(entities, shapes, strict=True))
        read = [(e, s) for e, s in seen.items() if "error" not in s]
        if not read:
            return CANT_TELL, seen
        return (HOLDS if all(expect(e, s) for e, s in read) else CONTRADICTED), seen

    return check


def _is_wrapped(entity: str, shape: Seen) -> bool:
    return (
        shape.get("shape") == "wrapped"
        and shape.get("key") == C.WRAPPED_LIST_KEYS[entity]
        and shape.get("record_count") is True
    )


def _is_bare(entity: str, shape: Seen) -> bool:
    return shape.get("shape") == "bare"


async def _check_paginated(p: _Probe) -> Finding:
    seen: Seen = {}
    for entity in C.PAGINATED_LIST_KEYS:
        try:
            body = await p.answer(entity, {"pageinate": "true", "page_size": "1", "page_no": "1"})
        except HaloError as exc:
            seen[entity] = {"shape": "not read", "error": _error(exc)}
            continue
        seen[entity] = _shape(entity, body)
    read = {e: s for e, s in seen.items() if "error" not in s}
    if not read:
        return CANT_TELL, seen
    wrapped = all(
        s.get("shape") == "wrapped" and s.get("key") == C.PAGINATED_LIST_KEYS[e]
        for e, s in read.items()
    )
    return (HOLDS if wrapped else CONTRADICTED), seen


async def _check_page_cap(p: _Probe) -> Finding:
    counts = await asyncio.gather(*(p.record_count(e) for e in PAGE_CAP_LISTS))
    known = {e: n for e, n in zip(PAGE_CAP_LISTS, counts, strict=True) if n is not None}
    entity = next((e for e, n in known.items() if n > C.PAGE_CAP), None)
    if entity is None:
        return CANT_TELL, {"largest_list": max(known.values(), default=0), "cap": C.PAGE_CAP}
    asked = C.PAGE_CAP + 1
    body = await p.answer(entity, {"pageinate": "true", "page_size": str(asked), "page_no": "1"})
    got = len(_rows(body, C.WRAPPED_LIST_KEYS.get(entity)))
    seen: Seen = {"list": entity, "record_count": known[entity], "asked": asked, "rows": got}
    return (HOLDS if got == C.PAGE_CAP else CONTRADICTED), seen


async def _leave_out_rows(p: _Probe, entity: str) -> list[Record]:
    if entity in C.PROFILE_ENTITIES:
        return await p.profiles(entity)
    return await p.rows(entity)


async def _leave_out_pick(p: _Probe, entity: str, rows: list[Record]) -> int | None:
    """The row whose full record is read: one where the fields are most likely set."""
    if entity in C.PROFILE_ENTITIES:
        connected = await p.connected(entity)
        rows = connected or rows
    if entity == "Agent":
        try:
            emailed = [r for r in await p.agents_with_email() if not _blank(r.get(C.AGENT_EMAIL))]
        except HaloError:
            emailed = []
        rows = emailed or [r for r in rows if not r.get("isdisabled")] or rows
    return next((i for r in rows if (i := as_int(r.get("id"))) is not None), None)


def _leave_out_check(entity: str) -> Check:
    fields = C.LIST_ROWS_LEAVE_OUT[entity]

    async def check(p: _Probe) -> Finding:
        rows = await _leave_out_rows(p, entity)
        record_id = await _leave_out_pick(p, entity, rows)
        seen: Seen = {
            "rows": len(rows),
            "rows_with": {f: sum(1 for r in rows if f in r) for f in fields},
        }
        if record_id is None:
            return CANT_TELL, seen
        detail = await p.detail(entity, record_id)
        if detail is None:
            return CANT_TELL, {**seen, "read_in_full": "not found"}
        seen["read_in_full_has"] = {f: f in detail for f in fields}
        return (HOLDS if all(f in detail for f in fields) else CONTRADICTED), seen

    return check


async def _check_agent_email(p: _Probe) -> Finding:
    emailed = await p.agents_with_email()
    try:
        plain = await p.rows("Agent")
    except HaloError:
        plain = []
    seen: Seen = {
        "rows": len(emailed),
        "with_email": sum(1 for r in emailed if not _blank(r.get(C.AGENT_EMAIL))),
        "rows_without_the_parameter": len(plain),
        "of_those_with_email": sum(1 for r in plain if not _blank(r.get(C.AGENT_EMAIL))),
    }
    if not emailed:
        return CANT_TELL, seen
    return (HOLDS if seen["with_email"] else CONTRADICTED), seen


async def _check_fieldinfo_usage(p: _Probe) -> Finding:
    rows = await p.rows("FieldInfo")
    with_usage = [r for r in rows if C.FIELD_USAGE in r]
    seen: Seen = {
        "fields": len(rows),
        "with_usage": len(with_usage),
        "usages": _counts(as_int(r.get(C.FIELD_USAGE)) for r in with_usage),
    }
    if not rows:
        return CANT_TELL, seen
    return (HOLDS if len(with_usage) == len(rows) else CONTRADICTED), seen


async def _check_ticket_field_usage(p: _Probe) -> Finding:
    rows = await p.rows("FieldInfo")
    builtins = [
        r
        for r in rows
        if not as_int(r.get("custom"))
        and str(r.get("name") or "").casefold() in C.BUILTIN_TICKET_FIELDS
    ]
    learned = ticket_field_usage(rows)
    seen: Seen = {
        "built_in_ticket_fields": len(builtins),
        "their_usages": _counts(as_int(r.get(C.FIELD_USAGE)) for r in builtins),
        "assumed": C.TICKET_FIELD_USAGE,
    }
    if learned is None:
        return CANT_TELL, seen
    return (HOLDS if learned == C.TICKET_FIELD_USAGE else CONTRADICTED), seen


def _status_check(status_id: int, stem: str) -> Check:
    async def check(p: _Probe) -> Finding:
        by_id = _ids(await p.rows("Status"))
        found = by_id.get(status_id)
        named = found is not None and stem in str(found.get("name") or "").casefold()
        seen: Seen = {
            "statuses": len(by_id),
            "exists": found is not None,
            "named_like_it": named,
            "ids_named_like_it": sorted(
                i for i, s in by_id.items() if stem in str(s.get("name") or "").casefold()
            ),
        }
        if not by_id:
            return CANT_TELL, seen
        return (HOLDS if named else CONTRADICTED), seen

    return check


async def _check_status_domain(p: _Probe) -> Finding:
    statuses = await p.rows("Status")
    by_id = _ids(statuses)
    closing = [by_id[i] for i in C.CLOSING_STATUS_IDS if i in by_id]
    seen: Seen = {
        "types": _counts(as_int(s.get("type")) for s in statuses),
        "types_of_closed_and_cancelled": _counts(as_int(s.get("type")) for s in closing),
    }
    if not closing:
        return CANT_TELL, seen
    return (HOLDS if all(is_ticket_status(s) for s in closing) else CONTRADICTED), seen


async def _check_suppliers_module(p: _Probe) -> Finding:
    rows = await p.rows("Features")
    row = next((r for r in rows if r.get("module_name") == C.SUPPLIERS_MODULE_NAME), None)
    seen: Seen = {
        "modules": len(rows),
        "found": row is not None,
        "rows_mentioning_suppliers": sum(
            1 for r in rows if "supplier" in str(r.get("module_name") or "").casefold()
        ),
    }
    if row is not None:
        seen["enabled"] = row.get("enabled") is True
        seen["shown_under_another_name"] = row.get("actual_name") not in (
            None,
            C.SUPPLIERS_MODULE_NAME,
        )
    if not rows:
        return CANT_TELL, seen
    return (HOLDS if row is not None else CONTRADICTED), seen


async def _outcome_detail(p: _Probe) -> Record | None:
    """The first action read in full (the one the leave-out check reads too)."""
    rows = await p.rows("Outcome")
    first = next((i for r in rows if (i := as_int(r.get("id"))) is not None), None)
    return await p.detail("Outcome", first) if first is not None else None


async def _check_outcome_sync(p: _Probe) -> Finding:
    rows = await p.rows("Outcome")
    carrying = [r for r in rows if C.SYNC_TO_HALO in r]
    detail = await _outcome_detail(p)
    seen: Seen = {
        "actions": len(rows),
        "with_it": len(carrying),
        "values": _counts(as_int(r.get(C.SYNC_TO_HALO)) for r in carrying),
        "read_in_full_has_it": detail is not None and C.SYNC_TO_HALO in detail,
    }
    if not rows:
        return CANT_TELL, seen
    return (HOLDS if carrying or seen["read_in_full_has_it"] else CONTRADICTED), seen


async def _check_outcome_candidate_rows(p: _Probe) -> Finding:
    rows = await p.rows("Outcome")
    detail = await _outcome_detail(p)
    name = C.API_EMAIL_SETTING_CANDIDATE
    seen: Seen = {
        "actions": len(rows),
        "rows_with_it": sum(1 for r in rows if name in r),
        "read_in_full_has_it": detail is not None and name in detail,
    }
    if not rows:
        return CANT_TELL, seen
    return (CONTRADICTED if seen["rows_with_it"] else HOLDS), seen


async def _check_no_sendemail_via_api(p: _Probe) -> Finding:
    rows = await p.rows("Outcome")
    detail = await _outcome_detail(p)
    seen: Seen = {
        "actions": len(rows),
        "rows_with_it": sum(1 for r in rows if ABSENT_OUTCOME_FIELD in r),
        "read_in_full_has_it": detail is not None and ABSENT_OUTCOME_FIELD in detail,
    }
    if not rows:
        return CANT_TELL, seen
    shown = seen["rows_with_it"] or seen["read_in_full_has_it"]
    return (CONTRADICTED if shown else HOLDS), seen


async def _check_profile_rows_url(p: _Probe) -> Finding:
    seen: Seen = {}
    shown = False
    hidden = False
    for entity in C.PROFILE_ENTITIES:
        try:
            rows = await p.profiles(entity)
            total = _record_count(await p.answer(entity, FULL_PAGE))
        except HaloError as exc:
            seen[entity] = {"error": _error(exc)}
            continue
        connected = await p.connected(entity)
        seen[entity] = {"rows": len(rows), "record_count": total, "with_api_url": len(connected)}
        shown = shown or bool(connected)
        first = next((i for r in rows if (i := as_int(r.get("id"))) is not None), None)
        if not connected and first is not None:
            # No row shows a URL: a full record that has one would prove the rows hide it.
            detail = await p.detail(entity, first)
            row = next(r for r in rows if as_int(r.get("id")) == first)
            if detail is not None and not _blank(detail.get(C.PROFILE_REMOTE_API_URL)):
                hidden = hidden or C.PROFILE_REMOTE_API_URL not in row
    if hidden:
        return CONTRADICTED, seen
    return (HOLDS if shown else CANT_TELL), seen


PROFILE_DETAIL_KEYS: Final = (
    C.PROFILE_ALLOW_API_ACCESS,
    C.PROFILE_ISSUED_CLIENT_ID,
    C.PROFILE_VALIDATED,
)


async def _check_profile_fields(p: _Probe) -> Finding:
    seen: Seen = {}
    verdicts: list[bool] = []
    for entity in C.PROFILE_ENTITIES:
        try:
            connected = await p.connected(entity)
            ids = [i for r in connected if (i := as_int(r.get("id"))) is not None]
            detail = await p.detail(entity, ids[0]) if ids else None
        except HaloError as exc:
            seen[entity] = {"error": _error(exc)}
            continue
        entry: Seen = {"with_api_url": len(connected)}
        if detail is not None:
            keys = {k: k in detail for k in PROFILE_DETAIL_KEYS}
            access_on = detail.get(C.PROFILE_ALLOW_API_ACCESS) is True
            entry["one_read_in_full_has"] = keys
            entry["api_access_on"] = access_on
            entry["issued_secret"] = "present" if (entity, ids[0]) in p.secret_present else "absent"
            ok = keys[C.PROFILE_ALLOW_API_ACCESS] and keys[C.PROFILE_VALIDATED]
            verdicts.append(ok and (keys[C.PROFILE_ISSUED_CLIENT_ID] or not access_on))
        seen[entity] = entry
    if not verdicts:
        return CANT_TELL, seen
    return (HOLDS if all(verdicts) else CONTRADICTED), seen


async def _check_invalid_id(p: _Probe) -> Finding:
    raw = await p.raw(f"Status/{INVALID_ID}")
    body = raw.body if isinstance(raw.body, dict) else {}
    messages = body.get("id")
    shaped = isinstance(messages, list) and all(isinstance(m, str) for m in messages)
    seen: Seen = {
        "status": raw.status,
        "body": _body_shape(raw),
        "keys": sorted(str(k) for k in body),
        "text_as_expected": shaped
        and C.ERROR_INVALID_ID.format(value=INVALID_ID) in (messages or []),
    }
    if raw.status == 429 or raw.status >= 500:
        return CANT_TELL, seen
    return (HOLDS if raw.status == 400 and shaped else CONTRADICTED), seen


async def _check_unknown_id(p: _Probe) -> Finding:
    try:
        highest = max(_ids(await p.rows("Status")), default=0)
    except HaloError:
        highest = 0
    raw = await p.raw(f"Status/{highest + UNKNOWN_ID_STEP}")
    seen: Seen = {"status": raw.status, "body": _body_shape(raw), "body_bytes": raw.size}
    if raw.status == 429 or raw.status >= 500:
        return CANT_TELL, seen
    return (HOLDS if raw.status == 404 and raw.size == 0 else CONTRADICTED), seen


LEAVE_OUT_EVIDENCE: Final[dict[str, tuple[str, str]]] = {
    # The tags of LIST_ROWS_LEAVE_OUT's comments, and the step that reads each field.
    "Client": (KNOWN, _step(StepId.PROFILES)),
    "Supplier": (KNOWN, _step(StepId.PROFILES)),
    "TicketType": (KNOWN, _step(StepId.ACTION_CHECK)),
    "Workflow": (KNOWN, _step(StepId.ACTION_CHECK)),
    "Agent": (KNOWN, _step(StepId.AGENTS)),
    "ViewLists": (KNOWN, _step(StepId.PROFILES, linked=True)),
    "Outcome": (ASSUMED, _step(StepId.ACTION_CHECK)),
}
ASSUMED_LIST_SHAPES: Final = frozenset(
    # The entities constants.py tags [assumed] in WRAPPED_LIST_KEYS and BARE_LIST_ENTITIES.
    {"Supplier", "Outcome", "Category", "FieldInfo", "Workflow", "Features"}
    | {"ConnectedInstance", "Application"}
)


def _listed(entities: Iterable[str]) -> str:
    return ", ".join(entities)


def _wrapped_claim(entities: Sequence[str]) -> str:
    keys = ", ".join(f"{e} under '{C.WRAPPED_LIST_KEYS[e]}'" for e in entities)
    return f"These lists come wrapped with record_count: {keys}"


_WRAPPED_KNOWN = tuple(e for e in C.WRAPPED_LIST_KEYS if e not in ASSUMED_LIST_SHAPES)
_WRAPPED_ASSUMED = tuple(e for e in C.WRAPPED_LIST_KEYS if e in ASSUMED_LIST_SHAPES)
_BARE_KNOWN = tuple(e for e in C.BARE_LIST_ENTITIES if e not in ASSUMED_LIST_SHAPES)
_BARE_ASSUMED = tuple(e for e in C.BARE_LIST_ENTITIES if e in ASSUMED_LIST_SHAPES)
_PAGINATED = ", ".join(f"{e} under '{k}'" for e, k in C.PAGINATED_LIST_KEYS.items())

ASSUMPTIONS: Final[tuple[Assumption, ...]] = (
    Assumption(
        "authinfo",
        "GET /api/authinfo answers without a token and names auth_url and tenant_id",
        KNOWN,
        ("INSTANCE_TENANT",),
        _step(StepId.INSTANCES),
        _check_authinfo,
    ),
    Assumption(
        "instanceinfo-anonymous",
        "GET /api/InstanceInfo answers without a token",
        KNOWN,
        ("SCOPE_AREA_BY_ENTITY",),
        "",
        _check_instanceinfo_anonymous,
        "the wizard reads InstanceInfo with its token",
    ),
    Assumption(
        "instanceinfo-tenant",
        "InstanceInfo names the tenant (tenant_id) on an instance Halo hosts",
        KNOWN,
        ("INSTANCE_TENANT",),
        "",
        _check_instanceinfo_tenant,
        "the wizard reads the tenant from authinfo",
    ),
    Assumption(
        "token-scope",
        "The token answer names its scopes, each one of Halo's known scope names",
        KNOWN,
        ("KNOWN_SCOPES", "DEFAULT_SCOPE"),
        _step(StepId.PERMISSIONS),
        _check_token_scope,
    ),
    Assumption(
        "version",
        f"The instance runs Halo {'.'.join(str(n) for n in C.MIN_VERSION)} or later",
        KNOWN,
        ("MIN_VERSION",),
        _step(StepId.INSTANCES),
        _check_version,
    ),
    Assumption(
        "lists-wrapped",
        _wrapped_claim(_WRAPPED_KNOWN),
        KNOWN,
        ("WRAPPED_LIST_KEYS",),
        "",
        _shape_check(_WRAPPED_KNOWN, _is_wrapped),
        "the client reads lists in either shape",
    ),
    Assumption(
        "lists-wrapped-assumed",
        _wrapped_claim(_WRAPPED_ASSUMED),
        ASSUMED,
        ("WRAPPED_LIST_KEYS",),
        "",
        _shape_check(_WRAPPED_ASSUMED, _is_wrapped),
        "the client reads lists in either shape",
    ),
    Assumption(
        "lists-bare",
        f"These lists are bare arrays: {_listed(_BARE_KNOWN)} (Agent asked without pageinate)",
        KNOWN,
        ("BARE_LIST_ENTITIES",),
        "",
        _shape_check(_BARE_KNOWN, _is_bare),
        "the client reads lists in either shape",
    ),
    Assumption(
        "lists-bare-assumed",
        f"These lists are bare arrays: {_listed(_BARE_ASSUMED)}",
        ASSUMED,
        ("BARE_LIST_ENTITIES",),
        "",
        _shape_check(_BARE_ASSUMED, _is_bare),
        "the client reads lists in either shape",
    ),
    Assumption(
        "lists-paginated",
        f"Asked with pageinate=true, a bare list comes wrapped: {_PAGINATED}",
        KNOWN,
        ("PAGINATED_LIST_KEYS",),
        "",
        _check_paginated,
        "the client reads lists in either shape",
    ),
    Assumption(
        "page-cap",
        f"A page holds at most {C.PAGE_CAP} records, whatever page_size asks",
        KNOWN,
        ("PAGE_CAP",),
        "",
        _check_page_cap,
        "the client pages by what actually came back",
    ),
    *(
        Assumption(
            f"rows-leave-out-{entity.lower()}",
            f"{entity} list rows may leave out {', '.join(fields)}; its full record "
            f"(?{C.INCLUDE_DETAILS}=true) carries them",
            LEAVE_OUT_EVIDENCE.get(entity, (ASSUMED, ""))[0],
            ("LIST_ROWS_LEAVE_OUT", "INCLUDE_DETAILS"),
            LEAVE_OUT_EVIDENCE.get(entity, (ASSUMED, ""))[1],
            _leave_out_check(entity),
            "rows that carry the fields are used as they are",
        )
        for entity, fields in C.LIST_ROWS_LEAVE_OUT.items()
    ),
    Assumption(
        "agent-withemail",
        f"Agent rows carry {C.AGENT_EMAIL} when asked with {C.AGENT_WITH_EMAIL}=true",
        SCHEMA,
        ("LIST_PARAMS", "AGENT_WITH_EMAIL", "AGENT_EMAIL"),
        "",
        _check_agent_email,
        "without it, each agent is read in full (more requests)",
    ),
    Assumption(
        "fieldinfo-usage",
        f"Every FieldInfo row carries {C.FIELD_USAGE}, which tells ticket fields from others",
        SCHEMA,
        ("FIELD_USAGE",),
        _step(StepId.MAPPINGS),
        _check_fieldinfo_usage,
    ),
    Assumption(
        "ticket-field-usage",
        f"Built-in ticket fields ({', '.join(C.BUILTIN_TICKET_FIELDS)}) have usage "
        f"{C.TICKET_FIELD_USAGE}",
        ASSUMED,
        ("TICKET_FIELD_USAGE", "BUILTIN_TICKET_FIELDS"),
        "",
        _check_ticket_field_usage,
        "the wizard learns the usage from the built-in fields anyway",
    ),
    Assumption(
        "status-closed",
        f"Status {C.CLOSED_STATUS_ID} is the built-in Closed",
        KNOWN,
        ("CLOSED_STATUS_ID", "CLOSING_STATUS_IDS"),
        _step(StepId.MAPPINGS),
        _status_check(C.CLOSED_STATUS_ID, CLOSED_STEM),
    ),
    Assumption(
        "status-cancelled",
        f"Status {C.CANCELLED_STATUS_ID} is the built-in Cancelled",
        ASSUMED,
        ("CANCELLED_STATUS_ID", "CLOSING_STATUS_IDS"),
        _step(StepId.MAPPINGS),
        _status_check(C.CANCELLED_STATUS_ID, CANCELLED_STEM),
    ),
    Assumption(
        "status-type-domain",
        f"A status's type is its domain: Closed and Cancelled have type "
        f"{C.STATUS_DOMAIN_TICKETS} (ticket statuses)",
        KNOWN,
        ("STATUS_DOMAIN_TICKETS",),
        _step(StepId.MAPPINGS),
        _check_status_domain,
    ),
    Assumption(
        "suppliers-module",
        f"The Suppliers module is the Features row whose module_name is "
        f"'{C.SUPPLIERS_MODULE_NAME}'",
        ASSUMED,
        ("SUPPLIERS_MODULE_NAME",),
        _step(StepId.SUPPLIERS_MODULE),
        _check_suppliers_module,
    ),
    Assumption(
        "outcome-sync-to-halo",
        f"Actions carry {C.SYNC_TO_HALO} ('Send to Connected Halo Instance')",
        SCHEMA,
        ("SYNC_TO_HALO",),
        _step(StepId.ACTION_CHECK),
        _check_outcome_sync,
    ),
    Assumption(
        "outcome-candidate-not-on-rows",
        f"Action list rows leave out {C.API_EMAIL_SETTING_CANDIDATE}, as on a live 2.236 tenant",
        KNOWN,
        ("API_EMAIL_SETTING_CANDIDATE",),
        "",
        _check_outcome_candidate_rows,
        "the wizard reads the setting only where the instance has shown it",
    ),
    Assumption(
        "outcome-no-sendemail-via-api",
        f"No action carries {ABSENT_OUTCOME_FIELD} (it is not on TOutcome in 2.236)",
        SCHEMA,
        ("API_EMAIL_FIELD",),
        _step(StepId.ACTION_CHECK),
        _check_no_sendemail_via_api,
    ),
    Assumption(
        "profile-rows-api-url",
        f"Profile list rows carry {C.PROFILE_REMOTE_API_URL}, so profiles with a connection are "
        "found without reading each",
        KNOWN,
        ("PROFILE_REMOTE_API_URL", "PROFILE_ENTITIES"),
        _step(StepId.PROFILES),
        _check_profile_rows_url,
    ),
    Assumption(
        "profile-connection-fields",
        f"A connected profile's full record carries {C.PROFILE_ALLOW_API_ACCESS}, "
        f"{C.PROFILE_ISSUED_CLIENT_ID} (when access is on) and {C.PROFILE_VALIDATED}",
        SCHEMA,
        (
            "PROFILE_ALLOW_API_ACCESS",
            "PROFILE_ISSUED_CLIENT_ID",
            "PROFILE_VALIDATED",
            "PROFILE_ISSUED_CLIENT_SECRET",
        ),
        _step(StepId.CREDENTIAL_SWAP),
        _check_profile_fields,
    ),
    Assumption(
        "error-invalid-id",
        f'GET /api/Status/{INVALID_ID} answers 400 with {{"id": ["{C.ERROR_INVALID_ID}"]}}'.replace(
            "{value}", INVALID_ID
        ),
        KNOWN,
        ("ERROR_INVALID_ID",),
        "",
        _check_invalid_id,
        "the client reads every 400 body shape",
    ),
    Assumption(
        "error-unknown-id",
        "An unknown numeric id answers 404 with an empty body",
        KNOWN,
        (),
        "",
        _check_unknown_id,
        "the client takes any 404 for a record that is gone",
    ),
)
"""Every check, in report order (one entry per check, each naming the constants it verifies)."""


# ---- what the instance shows of the unknowns -------------------------------------------------

Reading = tuple[str, str | None, Seen]  # status ("shows" / "can't tell"), the answer, seen
Reader = Callable[[_Probe], Awaitable[Reading]]


def _mapping_rows(profiles: Iterable[Mapping[str, Any]]) -> int:
    return sum(
        len(rows)
        for p in profiles
        for f in unknowns.ROW_KINDS
        if isinstance(rows := p.get(f), list)
    )


async def _read_row_ids(p: _Probe) -> Reading:
    profiles = [r for _, r in await p.all_connected_in_full()]
    seen: Seen = {"profiles_read_in_full": len(profiles), "mapping_rows": _mapping_rows(profiles)}
    if not seen["mapping_rows"]:
        return CANT_TELL, None, seen
    entities = [entity for _, entity, _ in unknowns.ROW_KINDS.values()]
    lists = await asyncio.gather(*(p.rows(e) for e in entities), return_exceptions=True)
    local = {
        e: _ids(rows) for e, rows in zip(entities, lists, strict=True) if isinstance(rows, list)
    }
    in_fiid, in_third = unknowns.orientation_votes(profiles, local)
    seen.update({"rows_naming_a_record_by_fiid": in_fiid, "by_thirdpartyname": in_third})
    if in_fiid and not in_third:
        return SHOWS, unknowns.LOCAL_IN_FIID, seen
    if in_third and not in_fiid:
        return SHOWS, unknowns.LOCAL_IN_THIRDPARTYNAME, seen
    return CANT_TELL, None, seen


async def _read_sync_values(p: _Probe) -> Reading:
    rows = await p.rows("Outcome")
    values = _counts(as_int(r.get(C.SYNC_TO_HALO)) for r in rows if C.SYNC_TO_HALO in r)
    # Which number means which party shows only in an example or the end-to-end test.
    return CANT_TELL, None, {"actions": len(rows), "values": values}


async def _read_api_email(p: _Probe) -> Reading:
    rows = await p.rows("Outcome")
    detail = await _outcome_detail(p)
    name = C.API_EMAIL_SETTING_CANDIDATE
    seen: Seen = {
        "actions": len(rows),
        "rows_with_candidate": sum(1 for r in rows if name in r),
        "one_read_in_full_has_candidate": detail is not None and name in detail,
    }
    # A field being there does not say it holds the setting: a tick in Halo's screen does.
    return CANT_TELL, None, seen


async def _read_issued_secret(p: _Probe) -> Reading:
    profiles = [
        (e, r)
        for e, r in await p.all_connected_in_full()
        if r.get(C.PROFILE_ALLOW_API_ACCESS) is True
    ]
    shown = sum(1 for e, r in profiles if (e, as_int(r.get("id"))) in p.secret_present)
    seen: Seen = {"profiles_with_api_access_read": len(profiles), "carrying_the_secret": shown}
    if shown:
        return SHOWS, unknowns.SECRET_READABLE, seen
    return CANT_TELL, None, seen


async def _read_authenticate(p: _Probe) -> Reading:
    profiles = [r for _, r in await p.all_connected_in_full()]
    seen: Seen = {
        "profiles_read_in_full": len(profiles),
        "validated": _counts(
            r.get(C.PROFILE_VALIDATED) if C.PROFILE_VALIDATED in r else None for r in profiles
        ),
    }
    # A read shows the last result, never how pressing the button reports.
    return CANT_TELL, None, seen


async def _read_status_default(p: _Probe) -> Reading:
    profiles = [r for _, r in await p.all_connected_in_full()]
    status_ids = set(_ids(await p.rows("Status")))
    defaults = [as_int(r.get(C.DEFAULT_STATUS)) for r in profiles]
    option = C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT
    seen: Seen = {
        "profiles_read_in_full": len(profiles),
        "default_status_no_status_has": sum(
            1 for d in defaults if d is not None and d not in status_ids
        ),
        "holding_minus_one": sum(1 for d in defaults if d == option),
        "holding_zero": sum(1 for d in defaults if d == 0),  # 0 may be "never chosen"
    }
    if option not in status_ids and seen["holding_minus_one"]:
        return SHOWS, unknowns.STATUS_DEFAULT_MINUS_ONE, seen
    return CANT_TELL, None, seen


UNKNOWN_READERS: Final[dict[str, Reader]] = {
    C.MAPPING_ROW_IDS.key: _read_row_ids,
    C.SYNC_VALUES.key: _read_sync_values,
    C.API_EMAIL_FIELD.key: _read_api_email,
    C.ISSUED_SECRET.key: _read_issued_secret,
    C.AUTHENTICATE.key: _read_authenticate,
    C.STATUS_ACTION_DEFAULT.key: _read_status_default,
}
"""How the probe reads each of constants.UNKNOWNS (nothing is learned into a plan here)."""


# ---- the probe -----------------------------------------------------------------------------------


async def _verdict(assumption: Assumption, p: _Probe) -> Verdict:
    try:
        status, seen = await assumption.check(p)
    except HaloError as exc:
        status, seen = CANT_TELL, {"error": _error(exc)}
    return Verdict(
        assumption.key,
        assumption.claim,
        assumption.evidence,
        status,
        seen,
        assumption.relied_on_by,
        assumption.constants,
        assumption.note,
    )


async def _reading(unknown: C.Unknown, p: _Probe) -> UnknownReading:
    reader = UNKNOWN_READERS.get(unknown.key)
    if reader is None:
        return UnknownReading(unknown.key, unknown.question, CANT_TELL, None, {"read": False})
    try:
        status, answer, seen = await reader(p)
    except HaloError as exc:
        status, answer, seen = CANT_TELL, None, {"error": _error(exc)}
    return UnknownReading(unknown.key, unknown.question, status, answer, seen)


async def probe(client: HaloClient) -> ProbeReport:
    """Check every assumption of ASSUMPTIONS against `client`'s instance, read-only: GET requests
    and one token request, a few dozen in all. Raises the client's HaloError only when it cannot
    sign in (then nothing can be checked)."""
    before = client.stats.sent
    await client.authenticate()  # a fresh token answer: its scope is one of the checks
    p = _Probe(client)
    try:
        verdicts = await asyncio.gather(*(_verdict(a, p) for a in ASSUMPTIONS))
        readings = await asyncio.gather(*(_reading(u, p) for u in C.UNKNOWNS))
        try:
            info: Mapping[str, Any] = await p.instance_info()
        except HaloError:
            info = {}
        hosted = await p.hosted()
    finally:
        await p.aclose()
    version = parse_version(str(info.get("app_version") or info.get("version") or ""))
    report = ProbeReport(
        product=str(info.get("app_name") or info.get("product") or ""),
        version=".".join(str(n) for n in version) if version else "",
        hosted=hosted,
        verdicts=tuple(verdicts),
        unknowns=tuple(readings),
        requests=client.stats.sent - before,
    )
    log.info("%s probed: %s", client.name, report.counts())
    return report
