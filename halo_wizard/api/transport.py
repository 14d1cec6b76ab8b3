"""The HTTP request layer of a Halo client: throttling, concurrency, retries, plain-word errors."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import ssl
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from halo_wizard import __version__
from halo_wizard.api.errors import (
    ConnectionLost,
    HaloError,
    HostUnreachable,
    MalformedResponse,
    MissingScope,
    NotFound,
    NotHalo,
    PermissionDenied,
    RateLimited,
    ServerError,
    TlsFailure,
    ValidationFailed,
    WriteOutcomeUnknown,
)
from halo_wizard.api.ratelimit import RetryPolicy, RollingWindowLimiter, parse_retry_after
from halo_wizard.api.secret import Secret
from halo_wizard.api.urls import Endpoint

log = logging.getLogger(__name__)

WriteKind = Literal["read", "create", "update", "delete"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_FRESH_TOKEN_RETRIES = 2  # 401s answered by signing in again before "scope missing"

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


@dataclass(slots=True)
class RequestStats:
    """Counts for benchmarks and the window's progress lines."""

    sent: int = 0
    retried: int = 0
    throttled_429: int = 0


class Transport(ABC):
    """Requests to one instance's API: a slot of the concurrency and the rate limit each, the
    token on every authorised request, retries where they are safe, and errors in plain words.

    Pass `http` to share or stub the transport; otherwise it owns its httpx.AsyncClient.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        name: str,
        http: httpx.AsyncClient | None,
        limiter: RollingWindowLimiter | None,
        retry: RetryPolicy | None,
        concurrency: int,
        timeout: float,
        rng: random.Random | None,
    ) -> None:
        self.endpoint = endpoint
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
        self._discovered = False
        self.stats = RequestStats()

    @abstractmethod
    async def discover(self) -> Endpoint:
        """Find the instance's auth URL and tenant (needed before the first authorised call)."""

    @abstractmethod
    async def _valid_token(self) -> Secret:
        """A token that will not expire before the request reaches the instance."""

    @abstractmethod
    def _forget_token(self) -> None:
        """Drop the token, so the next request signs in again."""

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
                self._forget_token()
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
        """An unauthenticated request (authinfo), retried for connection failures; Halo's rate
        limit is waited out as for every request, then said as such (never as "not Halo")."""
        attempt = 0
        throttled = 0
        while True:
            attempt += 1
            try:
                response = await self._send(method, url, None, None, authorized=False)
            except (_NotSent, _Lost) as exc:
                if attempt < min(3, self.retry.attempts):
                    await self._back_off(attempt)
                    continue
                raise exc.error from None
            if response.status_code != 429:
                return response
            self.stats.throttled_429 += 1
            if throttled >= self.retry.throttled_attempts:
                raise self._status_error(response, "InstanceInfo")
            throttled += 1
            attempt -= 1  # waiting out the limit is not a failed attempt
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            self.limiter.pause(
                min(retry_after, self.retry.max_retry_after)
                if retry_after is not None
                else self.retry.delay(throttled, self._rng)
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
