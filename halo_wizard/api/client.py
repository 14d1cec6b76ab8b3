"""An async client for one Halo instance: discovery, reads and writes over a token and transport."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from halo_wizard.api import constants as C
from halo_wizard.api.errors import (
    MalformedResponse,
    NotFound,
    PermissionDenied,
    ServerError,
    VersionTooOld,
    WriteOutcomeUnknown,
)
from halo_wizard.api.ratelimit import RetryPolicy, RollingWindowLimiter
from halo_wizard.api.secret import Secret
from halo_wizard.api.tokens import TokenSource
from halo_wizard.api.transport import (
    ENTITY_LABELS,
    MAX_ANSWER_BYTES,
    RequestStats,
    Transport,
    WriteKind,
    _Lost,
    _NotSent,
    _Patience,
    halo_error_text,
)
from halo_wizard.api.urls import Endpoint, parse_instance_url
from halo_wizard.api.values import as_int, json_kind

__all__ = [
    "ENTITY_LABELS",
    "HaloClient",
    "InstanceInfo",
    "NaturalKey",
    "Record",
    "RequestStats",
    "TokenSource",
    "Transport",
    "WriteKind",
    "halo_error_text",
    "parse_version",
]

log = logging.getLogger(__name__)

Record = dict[str, Any]

_PAGE_WINDOW = 12  # pages of one list requested at once
_VERSION_RE = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")


def parse_version(text: str) -> tuple[int, int, int] | None:
    match = _VERSION_RE.search(text or "")
    if not match:
        return None
    return int(match[1]), int(match[2]), int(match[3] or 0)


@dataclass(frozen=True, slots=True)
class InstanceInfo:
    """What /api/InstanceInfo says about an instance."""

    product: str
    version: str
    raw: Mapping[str, Any] = field(repr=False)

    @property
    def version_tuple(self) -> tuple[int, int, int] | None:
        return parse_version(self.version)

    @property
    def supports_ticket_sync(self) -> bool:
        parsed = self.version_tuple
        return parsed is not None and parsed[:2] >= C.MIN_VERSION


@dataclass(frozen=True, slots=True)
class NaturalKey:
    """How to recognise a record that a lost create may already have made (e.g. by e-mail)."""

    fields: tuple[str, ...]
    params: Mapping[str, str] = field(default_factory=dict)

    def of(self, record: Mapping[str, Any]) -> Hashable:
        return tuple(str(record.get(f) or "").strip().lower() for f in self.fields)


class HaloClient(TokenSource):
    """One Halo instance, reached with one API application's client credentials.

    Pass `http` to share or stub the transport; otherwise the client owns its httpx.AsyncClient and
    `aclose()` (or `async with`) closes it. Signing in is TokenSource's (api.tokens), the request
    layer Transport's (api.transport); this class is what a caller asks of an instance.
    """

    def __init__(
        self,
        url: str | Endpoint,
        client_id: str,
        client_secret: str | Secret,
        *,
        scope: str = C.DEFAULT_SCOPE,
        name: str = "",
        http: httpx.AsyncClient | None = None,
        limiter: RollingWindowLimiter | None = None,
        retry: RetryPolicy | None = None,
        concurrency: int = 6,
        timeout: float = 30.0,
        rng: random.Random | None = None,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        super().__init__(
            url if isinstance(url, Endpoint) else parse_instance_url(url),
            client_id,
            client_secret,
            scope=scope,
            name=name,
            http=http,
            limiter=limiter,
            retry=retry,
            concurrency=concurrency,
            timeout=timeout,
            rng=rng,
            max_answer_bytes=max_answer_bytes,
        )

    def __repr__(self) -> str:
        return f"HaloClient({self.endpoint.base_url!r}, client_id={self.client_id!r})"

    async def __aenter__(self) -> HaloClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    # ---- discovery and authentication -----------------------------------------------------------

    async def discover(self) -> Endpoint:
        """Read /api/authinfo (no token needed) and fill in the auth URL and tenant."""
        url = f"{self.endpoint.api_url}/authinfo"
        response = await self._send_plain("GET", url)
        if response.status_code in (404, 405) or 300 <= response.status_code < 400:
            raise self._not_halo(f"{url} answered {response.status_code}")
        if response.status_code >= 500:
            raise ServerError(
                f"{self.endpoint.host} answered {response.status_code} when asked who it is.",
                "Try again in a few minutes; if it persists, check Halo's status page.",
                instance=self.name,
            )
        try:
            body = response.json()
        except ValueError:
            raise self._not_halo("its authinfo page is not JSON") from None
        if not isinstance(body, dict) or not ({"auth_url", "tenant_id"} & body.keys()):
            raise self._not_halo("its authinfo page has neither auth_url nor tenant_id")
        auth_url = body.get("auth_url")
        tenant = body.get("tenant_id")
        self.endpoint = self.endpoint.with_auth(
            str(auth_url) if isinstance(auth_url, str) and auth_url else None,
            str(tenant) if tenant is not None else None,
        )
        self._discovered = True
        return self.endpoint

    async def instance_info(self) -> InstanceInfo:
        body = await self.request("GET", "InstanceInfo")
        if not isinstance(body, dict):
            raise MalformedResponse(
                "InstanceInfo did not answer with an object.",
                "Check that the address is the instance's root address.",
                instance=self.name,
            )
        version = str(body.get("app_version") or body.get("version") or "")
        product = str(body.get("app_name") or body.get("product") or "Halo")
        if not version:
            raise self._not_halo("InstanceInfo carries no app_version")
        return InstanceInfo(product=product, version=version, raw=body)

    async def connect(self, *, require_sync_version: bool = True) -> InstanceInfo:
        """Discover, authenticate and read InstanceInfo; check the version for ticket sync."""
        await self.discover()
        await self.authenticate()
        info = await self.instance_info()
        if require_sync_version and info.version_tuple is None:
            raise MalformedResponse(
                f"Could not read the version '{info.version}' of {info.product}.",
                "Check that the address is the instance's root address.",
                instance=self.name,
            )
        if require_sync_version and not info.supports_ticket_sync:
            need = ".".join(str(n) for n in C.MIN_VERSION)
            raise VersionTooOld(
                f"{info.product} {info.version} is too old for ticket sync between instances "
                f"(it needs {need} or later).",
                "Ask Halo support to upgrade the instance, then test again.",
                instance=self.name,
            )
        return info

    async def me(self) -> Record | None:
        """The agent the application logs in as, when the instance says."""
        try:
            body = await self.request("GET", "Agent/me")
        except (NotFound, PermissionDenied):
            return None
        return body if isinstance(body, dict) else None

    # ---- reads ---------------------------------------------------------------------------------

    async def get(self, entity: str, record_id: int, *, details: bool = True) -> Record:
        params = {"includedetails": "true"} if details else None
        body = await self.request("GET", f"{entity}/{int(record_id)}", params=params)
        if not isinstance(body, dict):
            raise self._malformed(entity, "a record", json_kind(body))
        return body

    async def first_page(
        self,
        entity: str,
        params: Mapping[str, str | int | bool] | None = None,
        *,
        page_size: int = C.PAGE_CAP,
    ) -> tuple[list[Record], int | None]:
        """The first page of a list and its record_count (None when the answer has none): what
        a list holds, or how many requests reading it in full would cost, for one request."""
        base = {k: _param(v) for k, v in (params or {}).items()}
        page_size = max(1, min(page_size, C.PAGE_CAP))
        body = await self.request(
            "GET",
            entity,
            params={**base, "pageinate": "true", "page_size": str(page_size), "page_no": "1"},
        )
        return self._unwrap(entity, body)

    async def list_records(
        self,
        entity: str,
        params: Mapping[str, str | int | bool] | None = None,
        *,
        page_size: int = C.PAGE_CAP,
    ) -> list[Record]:
        """Every record of a list, in either shape, paging until record_count is reached.

        Each record comes once (by id): a page that brings only records already read (an
        instance or proxy that ignores page_no) is an error, not a reason to ask forever."""
        base = {k: _param(v) for k, v in (params or {}).items()}
        page_size = max(1, min(page_size, C.PAGE_CAP))
        rows, total = await self.first_page(entity, params, page_size=page_size)
        seen: set[Hashable] = set()
        records = _new_records(rows, seen)
        if total is None or len(records) >= total or not records:
            return records
        # The server may cap pages below what we asked; page by what actually came back.
        per_page = len(rows)
        pages = -(-total // per_page)

        async def page(n: int) -> list[Record]:
            body = await self.request(
                "GET",
                entity,
                params={
                    **base,
                    "pageinate": "true",
                    "page_size": str(page_size),
                    "page_no": str(n),
                },
            )
            return self._unwrap(entity, body)[0]

        # Pages a few at a time, so a record_count far above what the pages hold (a broken or
        # shrinking list) costs one window of requests, not millions.
        n = 2
        while len(records) < total:
            if n > pages + _PAGE_WINDOW:
                # Records moved between pages while they were read, or the count is wrong.
                log.warning(
                    "%s: %s still short of its record_count after %d pages; stopping",
                    self.name,
                    entity,
                    n - 1,
                )
                break
            last = min(pages, n + _PAGE_WINDOW - 1) if n <= pages else n
            chunks = await asyncio.gather(*(page(i) for i in range(n, last + 1)))
            for number, chunk in enumerate(chunks, start=n):
                new = _new_records(chunk, seen)
                if chunk and not new:
                    raise self._repeated_page(entity, number, len(records), total)
                records.extend(new)
            if not all(chunks):
                break
            n = last + 1
        return records

    def _repeated_page(self, entity: str, number: int, read: int, total: int) -> MalformedResponse:
        label = ENTITY_LABELS.get(entity, entity)
        return MalformedResponse(
            f"{self.endpoint.host} answered page {number} of {label} with only records it had "
            f"already sent ({read} different ones read of the {total} it counts): it seems to "
            "ignore which page was asked for.",
            "Try again; if it persists, check that no proxy or cache stands in front of the "
            "instance's API, or ask Halo support.",
            instance=self.name,
        )

    async def read_many(
        self, entities: Iterable[str], params: Mapping[str, Mapping[str, str]] | None = None
    ) -> dict[str, list[Record]]:
        """Several lists at once (bounded by the client's concurrency and rate limit)."""
        names = list(entities)
        results = await asyncio.gather(
            *(self.list_records(e, (params or {}).get(e)) for e in names)
        )
        return dict(zip(names, results, strict=True))

    async def raw_get(self, path: str, *, authorized: bool = True) -> httpx.Response:
        """One GET whose status and body are themselves the evidence (an answer without a token,
        an error body): no retry of error answers and no error raised for them; the request
        still takes the throttle, the token and the counts."""
        url = f"{self.endpoint.api_url}/{path.lstrip('/')}"
        if not authorized:
            return await self._send_plain("GET", url)
        if not self._discovered:
            await self.discover()
        entity = path.strip("/").split("/", 1)[0]
        try:
            return await self._send(
                "GET",
                url,
                None,
                None,
                authorized=True,
                about=f"a request for {ENTITY_LABELS.get(entity, entity)}",
                patience=_Patience(self.deadline),
            )
        except (_NotSent, _Lost) as exc:
            raise exc.error from None

    # ---- writes --------------------------------------------------------------------------------

    async def save(
        self, entity: str, record: Mapping[str, Any], *, key: NaturalKey | None = None
    ) -> Record:
        """Create (no id) or update (with id) one record; returns the saved record."""
        saved = await self.save_many(entity, [record], key=key)
        return saved[0]

    async def save_many(
        self,
        entity: str,
        records: Sequence[Mapping[str, Any]],
        *,
        key: NaturalKey | None = None,
        batch_size: int = 50,
    ) -> list[Record]:
        """Write records in batches of `batch_size` (one POST each); returns them as saved.

        Updates are retried freely (they set values). A create whose answer is lost is retried
        only after checking, by `key`, which records the instance already holds; without a key
        it raises WriteOutcomeUnknown instead of risking a duplicate.
        """
        saved: list[Record] = []
        for start in range(0, len(records), max(1, batch_size)):
            batch = [dict(r) for r in records[start : start + batch_size]]
            saved.extend(await self._post_batch(entity, batch, key))
        return saved

    async def delete(self, entity: str, record_id: int) -> None:
        # Already gone is fine: a retried delete may find it so.
        with contextlib.suppress(NotFound):
            await self.request("DELETE", f"{entity}/{int(record_id)}", kind="delete")

    async def _post_batch(
        self, entity: str, batch: list[Record], key: NaturalKey | None
    ) -> list[Record]:
        creates = any(not _has_id(r) for r in batch)
        params = {"returnall": "true"} if len(batch) > 1 else None
        try:
            body = await self.request(
                "POST",
                entity,
                params=params,
                json_body=batch,
                kind="create" if creates else "update",
            )
        except WriteOutcomeUnknown:
            if key is None:
                raise
            return await self._reconcile(entity, batch, key)
        return self._saved_list(entity, body, len(batch))

    async def _reconcile(self, entity: str, batch: list[Record], key: NaturalKey) -> list[Record]:
        """After a lost answer: keep what was created, send only what is still missing."""
        existing = {key.of(r): r for r in await self.list_records(entity, key.params)}
        missing = [r for r in batch if _has_id(r) or key.of(r) not in existing]
        log.info(
            "%s: a write to %s lost its answer; %d of %d already saved, resending the rest",
            self.name,
            entity,
            len(batch) - len(missing),
            len(batch),
        )
        resent = await self._post_batch(entity, missing, key) if missing else []
        by_key = {key.of(r): r for r in resent}
        return [by_key.get(key.of(r)) or existing.get(key.of(r)) or r for r in batch]

    def _saved_list(self, entity: str, body: Any, expected: int) -> list[Record]:
        if isinstance(body, list) and all(isinstance(r, dict) for r in body):
            return list(body)
        if isinstance(body, dict):
            if expected == 1:
                return [body]
            records, _ = self._unwrap(entity, body)
            if records:
                return records
            return [body]
        raise self._malformed(entity, "the saved records", json_kind(body))

    def _unwrap(self, entity: str, body: Any) -> tuple[list[Record], int | None]:
        """Records and record_count from either list shape."""
        if isinstance(body, list):
            return [r for r in body if isinstance(r, dict)], None
        if isinstance(body, dict):
            key = C.WRAPPED_LIST_KEYS.get(entity)
            rows = body.get(key) if key else None
            if rows is None:
                rows = next((v for v in body.values() if isinstance(v, list)), None)
            if isinstance(rows, list):
                count = body.get("record_count")
                total = count if isinstance(count, int) and not isinstance(count, bool) else None
                return [r for r in rows if isinstance(r, dict)], total
        raise self._malformed(entity, "a list", json_kind(body))


def _record_key(record: Record) -> Hashable:
    """What makes a listed record itself: its id, or all of it when it has none."""
    record_id = as_int(record.get("id"))
    if record_id is not None:
        return record_id
    return json.dumps(record, sort_keys=True, default=str)


def _new_records(rows: list[Record], seen: set[Hashable]) -> list[Record]:
    """The rows not read before (and not twice on one page), noted in `seen`."""
    new: list[Record] = []
    for row in rows:
        key = _record_key(row)
        if key not in seen:
            seen.add(key)
            new.append(row)
    return new


def _has_id(record: Mapping[str, Any]) -> bool:
    value = record.get("id")
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _param(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
