"""An async client for one Halo instance: discovery, token, lists, writes, throttling, retries."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import re
import ssl
import time
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from halo_wizard import __version__
from halo_wizard.api import constants as C
from halo_wizard.api.errors import (
    ConnectionLost,
    HaloError,
    HostUnreachable,
    InvalidCredentials,
    MalformedResponse,
    MissingScope,
    NotFound,
    NotHalo,
    PermissionDenied,
    RateLimited,
    ServerError,
    TlsFailure,
    ValidationFailed,
    VersionTooOld,
    WriteOutcomeUnknown,
    WrongTenant,
)
from halo_wizard.api.ratelimit import RetryPolicy, RollingWindowLimiter, parse_retry_after
from halo_wizard.api.secret import Secret, as_secret
from halo_wizard.api.urls import Endpoint, parse_instance_url

log = logging.getLogger(__name__)

Record = dict[str, Any]
WriteKind = Literal["read", "create", "update", "delete"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_PAGE_WINDOW = 12  # pages of one list requested at once
_TOKEN_MARGIN = 60.0  # refresh this many seconds before the token expires
_FRESH_TOKEN_RETRIES = 2  # 401s answered by signing in again before "scope missing"
_TOKEN_RE = re.compile(r"[\x21-\x7e]{1,16384}")  # what an Authorization header can carry
_VERSION_RE = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")

# What an entity is called in the admin's words, for messages.
ENTITY_LABELS: dict[str, str] = {
    "Features": "modules",
    "Supplier": "suppliers",
    "Client": "customers",
    "Site": "sites",
    "Users": "end users",
    "Agent": "agents",
    "Outcome": "actions",
    "Status": "statuses",
    "Category": "categories",
    "TicketType": "ticket types",
    "FieldInfo": "custom fields",
    "Workflow": "workflows",
    "Tickets": "tickets",
    "Actions": "ticket actions",
    "ConnectedInstance": "connected instances",
    "Application": "API applications",
}


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


@dataclass(slots=True)
class _Token:
    value: Secret
    expires_at: float


@dataclass(slots=True)
class RequestStats:
    """Counts for benchmarks and the window's progress lines."""

    sent: int = 0
    retried: int = 0
    throttled_429: int = 0


class HaloClient:
    """One Halo instance, reached with one API application's client credentials.

    Pass `http` to share or stub the transport; otherwise the client owns its httpx.AsyncClient and
    `aclose()` (or `async with`) closes it.
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
    ) -> None:
        self.endpoint = url if isinstance(url, Endpoint) else parse_instance_url(url)
        self.client_id = client_id.strip()
        self._secret = as_secret(
            client_secret.strip() if isinstance(client_secret, str) else client_secret
        )
        self.scope = " ".join(scope.split()) or C.DEFAULT_SCOPE
        self.name = name or self.endpoint.host
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            follow_redirects=False,
            verify=True,
            headers={"User-Agent": f"halo_wizard/{__version__}", "Accept": "application/json"},
        )
        self.limiter = limiter or RollingWindowLimiter()
        self.retry = retry or RetryPolicy()
        self._concurrency = asyncio.Semaphore(max(1, concurrency))
        self._rng = rng or random.Random()
        self._token: _Token | None = None
        self._token_lock = asyncio.Lock()
        self._discovered = False
        self.stats = RequestStats()
        self.granted_scopes: frozenset[str] | None = None
        """The scopes the last token was issued with, when the instance said (None: not said)."""

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

    async def authenticate(self) -> None:
        """Get a fresh token (client credentials)."""
        async with self._token_lock:
            await self._fetch_token()

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
            raise self._malformed(entity, "a record", body)
        return body

    async def list_records(
        self,
        entity: str,
        params: Mapping[str, str | int | bool] | None = None,
        *,
        page_size: int = C.PAGE_CAP,
    ) -> list[Record]:
        """Every record of a list, in either shape, paging until record_count is reached."""
        base = {k: _param(v) for k, v in (params or {}).items()}
        page_size = max(1, min(page_size, C.PAGE_CAP))
        first = await self.request(
            "GET",
            entity,
            params={**base, "pageinate": "true", "page_size": str(page_size), "page_no": "1"},
        )
        records, total = self._unwrap(entity, first)
        if total is None or len(records) >= total or not records:
            return records
        # The server may cap pages below what we asked; page by what actually came back.
        per_page = len(records)
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
            last = min(pages, n + _PAGE_WINDOW - 1) if n <= pages else n
            chunks = await asyncio.gather(*(page(i) for i in range(n, last + 1)))
            for chunk in chunks:
                records.extend(chunk)
            if not all(chunks):
                break
            n = last + 1
        return records

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
        try:
            return await self._send("GET", url, None, None, authorized=True)
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
        raise self._malformed(entity, "the saved records", body)

    # ---- the request loop ----------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        kind: WriteKind | None = None,
    ) -> Any:
        """One API call with token, throttling, retries and plain-word errors."""
        kind = kind or ("read" if method == "GET" else "update")
        url = f"{self.endpoint.api_url}/{path.lstrip('/')}"
        entity = path.split("/", 1)[0]
        refusals = 0
        attempt = throttled = 0
        if not self._discovered:
            await self.discover()  # before taking a request slot, which signing in would need
        while True:
            attempt += 1
            try:
                response = await self._send(method, url, params, json_body, authorized=True)
            except _NotSent as exc:
                if attempt < self.retry.attempts:
                    await self._back_off(attempt)
                    continue
                raise exc.error from None
            except _Lost as exc:
                if kind != "create" and attempt < self.retry.attempts:
                    await self._back_off(attempt)
                    continue
                raise self._outcome_unknown(entity, kind, exc.error) from None

            status = response.status_code
            # A token may die early while its request waits (back-off, a 429 pause): only a
            # refusal that survives fresh tokens means the scope is missing.
            if status == 401 and refusals < _FRESH_TOKEN_RETRIES:
                refusals += 1
                self._token = None
                continue
            refusals = refusals if status == 401 else 0
            if status in _RETRY_STATUSES:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if status == 429:
                    self.stats.throttled_429 += 1
                    self.limiter.pause(
                        min(retry_after, self.retry.max_retry_after)
                        if retry_after is not None
                        else self.retry.delay(attempt, self._rng)
                    )
                # A 429 was never processed; other 5xx may have been, so creates reconcile.
                if status != 429 and kind == "create":
                    raise self._outcome_unknown(entity, kind, self._status_error(response, entity))
                if status == 429 and throttled < self.retry.throttled_attempts:
                    throttled += 1
                    attempt -= 1  # waiting out the limit is not a failed attempt
                    self.stats.retried += 1
                    continue
                if status != 429 and attempt < self.retry.attempts:
                    await self._back_off(attempt, retry_after)
                    continue
                raise self._status_error(response, entity)
            if status >= 400:
                raise self._status_error(response, entity)
            if 300 <= status < 400:
                raise self._redirected(response)
            if not response.content:
                return None
            try:
                return response.json()
            except ValueError:
                error = self._malformed(entity, "JSON", response.text[:80])
                if kind == "create":
                    raise self._outcome_unknown(entity, kind, error) from None
                if attempt < self.retry.attempts:
                    await self._back_off(attempt)
                    continue
                raise error from None

    async def _back_off(self, attempt: int, retry_after: float | None = None) -> None:
        self.stats.retried += 1
        delay = self.retry.delay(attempt, self._rng)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.retry.max_retry_after))
        await asyncio.sleep(delay)

    async def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        json_body: Any,
        *,
        authorized: bool,
    ) -> httpx.Response:
        async with self._concurrency:
            headers: dict[str, str] = {}
            if authorized:
                # Taken once a slot is free: a queued request must not carry a token that
                # expired while it waited.
                headers["Authorization"] = f"Bearer {(await self._valid_token()).reveal()}"
            async with self.limiter.slot():
                return await self._send_now(method, url, params, json_body, headers)

    async def _send_now(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        json_body: Any,
        headers: Mapping[str, str],
    ) -> httpx.Response:
        self.stats.sent += 1
        started = time.monotonic()
        try:
            response = await self._http.request(
                method,
                url,
                params=params,
                content=None if json_body is None else json.dumps(json_body),
                headers={**headers, "Content-Type": "application/json"}
                if json_body is not None
                else dict(headers),
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise _NotSent(self._connect_error(exc)) from None
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Lost(
                ConnectionLost(
                    f"The connection to {self.endpoint.host} dropped before it answered "
                    f"({type(exc).__name__}).",
                    "Check the network and try again.",
                    instance=self.name,
                )
            ) from None
        log.debug(
            "%s %s -> %s in %.0f ms",
            method,
            url.split("?", 1)[0],
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    async def _send_plain(self, method: str, url: str) -> httpx.Response:
        """An unauthenticated request (authinfo), retried only for connection failures."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._send(method, url, None, None, authorized=False)
            except (_NotSent, _Lost) as exc:
                if attempt < min(3, self.retry.attempts):
                    await self._back_off(attempt)
                    continue
                raise exc.error from None

    # ---- token ----------------------------------------------------------------------------------

    async def _valid_token(self) -> Secret:
        token = self._token
        if token is not None and time.monotonic() < token.expires_at - _TOKEN_MARGIN:
            return token.value
        async with self._token_lock:
            token = self._token
            if token is None or time.monotonic() >= token.expires_at - _TOKEN_MARGIN:
                await self._fetch_token()
            assert self._token is not None
            return self._token.value

    async def _fetch_token(self) -> None:
        if not self._discovered:
            await self.discover()
        if not self.client_id or not self._secret:
            raise InvalidCredentials(
                "The Client ID or Client Secret is empty.",
                "Paste both from the API application in Halo (Configuration > Integrations > "
                "Halo API > Applications).",
                instance=self.name,
            )
        params = {"tenant": self.endpoint.tenant} if self.endpoint.tenant else None
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._secret.reveal(),
            "scope": self.scope,
        }
        attempt = throttled = 0
        while True:
            attempt += 1
            self.stats.sent += 1
            try:
                async with self.limiter.slot():
                    response = await self._http.post(
                        self.endpoint.token_url, data=form, params=params
                    )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                error: HaloError = self._connect_error(exc)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError):
                error = ConnectionLost(
                    f"The connection to {self.endpoint.host} dropped while signing in.",
                    "Check the network and try again.",
                    instance=self.name,
                )
            else:
                if response.status_code == 429 or response.status_code in (502, 503, 504):
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    if response.status_code == 429:
                        self.stats.throttled_429 += 1
                        self.limiter.pause(retry_after or self.retry.delay(attempt, self._rng))
                    error = self._status_error(response, "token")
                elif response.status_code == 500 and attempt < min(3, self.retry.attempts):
                    # Halo answers 500 for a wrong tenant, but also when briefly unwell: ask
                    # again a little before saying the tenant is wrong.
                    error = self._status_error(response, "token")
                elif response.status_code == 200 and not _is_json(response):
                    # A cut-off answer to a token request: asking again creates nothing.
                    error = MalformedResponse(
                        f"{self.endpoint.host} sent an incomplete answer while signing in.",
                        "Check the network and try again.",
                        instance=self.name,
                    )
                else:
                    self._token = self._read_token(response)
                    return
            # Asking for a token creates nothing, so every failure above may be retried; a 429
            # is waited out (the limiter's pause) without counting as a failed attempt.
            if isinstance(error, RateLimited) and throttled < self.retry.throttled_attempts:
                throttled += 1
                attempt -= 1
                self.stats.retried += 1
                continue
            if attempt >= self.retry.attempts:
                raise error
            await self._back_off(attempt)

    def _read_token(self, response: httpx.Response) -> _Token:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        error = body.get("error") if isinstance(body, dict) else None
        if (
            status == 200
            and isinstance(body, dict)
            and isinstance(body.get("access_token"), str)
            and _TOKEN_RE.fullmatch(body["access_token"])
        ):
            try:
                lifetime = float(body.get("expires_in") or 3600)
            except (TypeError, ValueError):
                lifetime = 3600.0
            granted = str(body.get("scope") or "")
            if "scope" in body and not granted.strip():
                raise MissingScope(
                    "The instance issued a token without any scope, so every call would be "
                    "refused.",
                    "In Halo, open the API application's Permissions tab and tick 'all'.",
                    instance=self.name,
                )
            self.granted_scopes = frozenset(granted.split()) if "scope" in body else None
            return _Token(Secret(body["access_token"]), time.monotonic() + max(lifetime, 1.0))
        if error == "invalid_client" or status == 401:
            raise InvalidCredentials(
                f"{self.endpoint.host} refused the Client ID or Client Secret.",
                "Copy both again from Configuration > Integrations > Halo API > Applications > "
                "your application (authentication method 'Client ID and Secret (Services)'); "
                "check for a missing character at either end.",
                instance=self.name,
            )
        if error == "invalid_scope":
            raise MissingScope(
                f"{self.endpoint.host} does not know the scope '{self.scope}'.",
                "Use the scope 'all', and tick 'all' on the API application's Permissions tab.",
                instance=self.name,
            )
        if error in ("unauthorized_client", "unsupported_grant_type"):
            raise InvalidCredentials(
                "The API application is not set up for client credentials.",
                "In Halo, set the application's authentication method to "
                "'Client ID and Secret (Services)' and its login type to 'Agent'.",
                instance=self.name,
            )
        if status == 500 and self.endpoint.tenant:
            raise WrongTenant(
                f"{self.endpoint.host} failed when asked for a token for tenant "
                f"'{self.endpoint.tenant}'.",
                "Check the tenant: open {base}/api/instanceinfo or the API Details screen and "
                "copy the Tenant value.".replace("{base}", self.endpoint.base_url),
                instance=self.name,
            )
        if status == 404:
            raise self._not_halo(f"its token address {self.endpoint.token_url} does not exist")
        if status >= 500:
            raise ServerError(
                f"{self.endpoint.host} answered {status} when asked for a token.",
                "Try again in a few minutes.",
                instance=self.name,
            )
        raise MalformedResponse(
            f"{self.endpoint.host} answered the token request with {status} and no token.",
            "Check the Authorisation Server address (it ends in /auth).",
            instance=self.name,
        )

    # ---- errors ---------------------------------------------------------------------------------

    def _connect_error(self, exc: httpx.HTTPError) -> HaloError:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, ssl.SSLError):
                reason = getattr(cause, "reason", None) or type(cause).__name__
                return TlsFailure(
                    f"The secure connection to {self.endpoint.host} failed ({reason}).",
                    "Check the address; for a self-hosted Halo, its certificate must be trusted "
                    "by this computer.",
                    instance=self.name,
                )
            cause = cause.__cause__ or cause.__context__
        text = str(exc).lower()
        if "certificate" in text or "ssl" in text or "tls" in text:
            return TlsFailure(
                f"The secure connection to {self.endpoint.host} failed.",
                "Check the address; for a self-hosted Halo, its certificate must be trusted by "
                "this computer.",
                instance=self.name,
            )
        if "name or service not known" in text or "nodename" in text or "getaddrinfo" in text:
            return HostUnreachable(
                f"The host {self.endpoint.host} does not exist.",
                "Check the address for a typing mistake.",
                instance=self.name,
            )
        return HostUnreachable(
            f"Could not reach {self.endpoint.host}"
            + (" (nothing is listening there)." if "refused" in text else "."),
            "Check the address and this computer's network or proxy.",
            instance=self.name,
        )

    def _redirected(self, response: httpx.Response) -> HaloError:
        where = _shorten(response.headers.get("Location", ""), 120) or "another page"
        return MalformedResponse(
            f"{self.endpoint.host} sent the request on to {where} instead of answering it "
            "(a sign-in page or a proxy in the way?).",
            "Use the address you open Halo with, and check that no proxy or single sign-on page "
            "stands in front of its API.",
            instance=self.name,
        )

    def _not_halo(self, why: str) -> NotHalo:
        return NotHalo(
            f"{self.endpoint.base_url} does not answer like a Halo instance ({why}).",
            "Use the address you open Halo with, for example https://acme.halopsa.com.",
            instance=self.name,
        )

    def _malformed(self, entity: str, expected: str, got: object) -> MalformedResponse:
        label = ENTITY_LABELS.get(entity, entity)
        return MalformedResponse(
            f"{self.endpoint.host} answered a request for {label} with something other than "
            f"{expected} ({type(got).__name__}).",
            "Try again; if it persists, the instance may be behind a proxy that rewrites answers.",
            instance=self.name,
        )

    def _outcome_unknown(self, entity: str, kind: str, cause: HaloError) -> HaloError:
        if kind != "create":
            return cause
        label = ENTITY_LABELS.get(entity, entity)
        return WriteOutcomeUnknown(
            f"Creating {label} on {self.endpoint.host} lost its answer ({cause.message}); Halo "
            "may or may not have saved it, so it was not sent again.",
            "Run the step again: it reads the instance first and creates only what is missing.",
            instance=self.name,
        )

    def _status_error(self, response: httpx.Response, entity: str) -> HaloError:
        status = response.status_code
        label = ENTITY_LABELS.get(entity, entity)
        verb = {"GET": "read", "POST": "change", "DELETE": "delete"}.get(
            response.request.method if response.request else "", "use"
        )
        if status == 401:
            return MissingScope(
                f"{self.endpoint.host} refused the application's token when asked to {verb} "
                f"{label}.",
                "On the API application's Permissions tab in Halo, tick 'all' (or the read and "
                "edit permissions for this area).",
                instance=self.name,
            )
        if status == 403:
            return PermissionDenied(
                f"The application's agent may not {verb} {label} on {self.endpoint.host}.",
                f"In Halo, give the agent the application logs in as permission to {verb} "
                f"{label} (Configuration > Teams & Agents > Agents > the API agent > "
                "Permissions), or tick 'all' on the application's Permissions tab.",
                instance=self.name,
            )
        if status == 404:
            return NotFound(
                f"{self.endpoint.host} has no such {label} record (it may have been deleted).",
                "Reload the step to read the instance again.",
                instance=self.name,
            )
        if status == 429:
            return RateLimited(
                f"{self.endpoint.host} kept answering 'rate limit reached'.",
                "Wait five minutes and run the step again; other integrations may be using the "
                "same instance's API budget.",
                instance=self.name,
            )
        if status >= 500:
            return ServerError(
                f"{self.endpoint.host} answered {status} (a server error) when asked to {verb} "
                f"{label}.",
                "Try again in a few minutes; nothing was changed by the failed request.",
                instance=self.name,
            )
        return ValidationFailed(
            f"{self.endpoint.host} refused to {verb} {label}: {halo_error_text(response)}",
            "",
            instance=self.name,
        )

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
        raise self._malformed(entity, "a list", body)


class _NotSent(Exception):
    """The request never reached the server: always safe to retry."""

    def __init__(self, error: HaloError) -> None:
        super().__init__(error.message)
        self.error = error


class _Lost(Exception):
    """The request was sent but its answer was lost: the server may have acted on it."""

    def __init__(self, error: HaloError) -> None:
        super().__init__(error.message)
        self.error = error


def _is_json(response: httpx.Response) -> bool:
    try:
        response.json()
    except ValueError:
        return False
    return True


def _has_id(record: Mapping[str, Any]) -> bool:
    value = record.get("id")
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _param(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def halo_error_text(response: httpx.Response) -> str:
    """The human part of a Halo 400 body, whichever of its shapes it takes."""
    try:
        body: Any = response.json()
    except ValueError:
        text = response.text.strip()
        return _shorten(text) if text and "<html" not in text[:200].lower() else "no reason given"
    if isinstance(body, str):
        return _shorten(body)
    if isinstance(body, dict):
        for key in ("Message", "message", "error_description", "title", "detail"):
            if isinstance(body.get(key), str):
                return _shorten(body[key])
        parts: list[str] = []
        for key, value in body.items():
            if isinstance(value, list):
                parts.extend(f"{key}: {v}" for v in value if isinstance(v, str))
            elif isinstance(value, str):
                parts.append(f"{key}: {value}")
        if parts:
            return _shorten("; ".join(parts))
    return "no reason given"


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
