"""The HTTP request layer of a Halo client: throttling, concurrency, retries, plain-word errors."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import random
import ssl
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx

if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    # httpcore looks for sniffio each time it sets up a lock (per connection and request); a
    # failing import is not remembered, so each look searched the whole path again (a sixth of
    # the client's time). None in sys.modules makes the same ImportError instant.
    sys.modules["sniffio"] = None  # type: ignore[assignment]

from halo_wizard import __version__
from halo_wizard.api.errors import (
    AnswerTooLarge,
    ConnectionLost,
    HaloError,
    HostStoppedAnswering,
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
from halo_wizard.api.ratelimit import (
    RetryPolicy,
    RollingWindowLimiter,
    parse_retry_after,
    shared_limiter,
)
from halo_wizard.api.secret import Secret
from halo_wizard.api.urls import Endpoint

log = logging.getLogger(__name__)

WriteKind = Literal["read", "create", "update", "delete"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_FRESH_TOKEN_RETRIES = 2  # 401s answered by signing in again before "scope missing"
# A page of up to 1,000 Halo records is a few MB: 64 MB leaves room for long texts and still
# bounds the memory one answer can take (an endless answer stops here, never in MemoryError).
MAX_ANSWER_BYTES = 64 * 1024 * 1024
CONNECT_TIMEOUT = 10.0  # a host that has not taken the connection in 10 s is not going to
_RETRY_SHARE = 1 / 3  # a retry is started only with this share of the deadline still left
# Headers about the body as it travelled: the kept answer is the decoded body itself.
_TRAVEL_HEADERS = ("content-encoding", "content-length", "transfer-encoding")

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


class _Patience:
    """How long the admin has waited on one request without an answer: its failed attempts,
    from sending to giving up, and the back-offs between them. Waits the server asked for (a
    429) and signing in again start it afresh; the queue for a request slot is not counted."""

    __slots__ = ("deadline", "spent")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.spent = 0.0

    def left(self) -> float:
        return self.deadline - self.spent

    def restart(self) -> None:
        self.spent = 0.0


class Transport(ABC):
    """Requests to one instance's API: a slot of the concurrency and the rate limit each, the
    token on every authorised request, retries where they are safe, and errors in plain words.

    Pass `http` to share or stub the transport; otherwise it owns its httpx.AsyncClient.
    `timeout` bounds one request, from sending to the last byte of its answer, retries included
    (a host that trickles a byte now and then gets no longer); `max_answer_bytes` bounds its
    answer.
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
        max_answer_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        self.endpoint = endpoint
        self.name = name or self.endpoint.host
        self.deadline = timeout
        self.max_answer_bytes = max_answer_bytes
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(
            # Only connecting has its own limit: the deadline in _exchange bounds all the rest.
            timeout=httpx.Timeout(None, connect=min(CONNECT_TIMEOUT, timeout)),
            follow_redirects=False,
            verify=True,
            headers={"User-Agent": f"halo_wizard/{__version__}", "Accept": "application/json"},
        )
        self._limiter = limiter
        self.retry = retry or RetryPolicy()
        self._concurrency = asyncio.Semaphore(max(1, concurrency))
        self._rng = rng or random.Random()
        self._discovered = False
        self.stats = RequestStats()

    @property
    def limiter(self) -> RollingWindowLimiter:
        """The instance's request budget: the one given, or the one every client of this
        instance shares in this event loop (taken at the first request)."""
        if self._limiter is None:
            self._limiter = shared_limiter(
                f"{self.endpoint.api_url or self.endpoint.base_url}|{self.endpoint.tenant}",
                label=self.name,  # the instance as the admin named it, else its host
            )
        return self._limiter

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
        label = ENTITY_LABELS.get(entity, entity)
        about = (
            f"one page of {label}"
            if params and "page_no" in params
            else f"{'a request for' if method == 'GET' else 'a change to'} {label}"
        )
        patience = _Patience(self.deadline)
        refusals = 0
        attempt = throttled = 0
        if not self._discovered:
            await self.discover()  # before taking a request slot, which signing in would need
        while True:
            attempt += 1
            try:
                response = await self._send(
                    method, url, params, json_body, authorized=True, about=about, patience=patience
                )
            except _NotSent as exc:
                if attempt < self.retry.attempts and await self._back_off(attempt, patience):
                    continue
                raise exc.error from None
            except _StoppedAnswering as exc:
                # Never asked again: a second wait as long would only double the silence.
                raise self._outcome_unknown(entity, kind, exc.error) from None
            except _Lost as exc:
                if (
                    kind != "create"
                    and attempt < self.retry.attempts
                    and await self._back_off(attempt, patience)
                ):
                    continue
                raise self._outcome_unknown(entity, kind, exc.error) from None
            except AnswerTooLarge as exc:
                raise self._outcome_unknown(entity, kind, exc) from None

            status = response.status_code
            # A token may die early while its request waits (back-off, a 429 pause): only a
            # refusal that survives fresh tokens means the scope is missing.
            if status == 401 and refusals < _FRESH_TOKEN_RETRIES:
                refusals += 1
                self._forget_token()
                patience.restart()
                continue
            refusals = refusals if status == 401 else 0
            if status in _RETRY_STATUSES:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if status == 429:
                    self.stats.throttled_429 += 1
                    self.limiter.throttled(
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
                    patience.restart()
                    continue
                if (
                    status != 429
                    and attempt < self.retry.attempts
                    and await self._back_off(attempt, patience, retry_after)
                ):
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
                error = self._malformed(entity, "JSON", _body_words(response))
                if kind == "create":
                    raise self._outcome_unknown(entity, kind, error) from None
                if attempt < self.retry.attempts and await self._back_off(attempt, patience):
                    continue
                raise error from None

    async def _back_off(
        self, attempt: int, patience: _Patience, retry_after: float | None = None
    ) -> bool:
        """Wait before retry number `attempt`, or say False when the wait and another attempt
        would keep the admin waiting past the deadline (the caller then gives up)."""
        delay = self.retry.delay(attempt, self._rng)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.retry.max_retry_after))
        if patience.left() - delay < self.deadline * _RETRY_SHARE:
            return False
        self.stats.retried += 1
        patience.spent += delay
        await asyncio.sleep(delay)
        return True

    async def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        json_body: Any,
        *,
        authorized: bool,
        about: str,
        patience: _Patience,
    ) -> httpx.Response:
        async with self._concurrency:
            headers: dict[str, str] = {}
            if authorized:
                # Taken once a slot is free: a queued request must not carry a token that
                # expired while it waited.
                headers["Authorization"] = f"Bearer {(await self._valid_token()).reveal()}"
            async with self.limiter.slot():
                return await self._send_now(
                    method, url, params, json_body, headers, about=about, patience=patience
                )

    async def _send_now(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        json_body: Any,
        headers: Mapping[str, str],
        *,
        about: str,
        patience: _Patience,
    ) -> httpx.Response:
        self.stats.sent += 1
        started = time.monotonic()
        request = self._http.build_request(
            method,
            url,
            params=params,
            content=None if json_body is None else json.dumps(json_body),
            headers={**headers, "Content-Type": "application/json"}
            if json_body is not None
            else dict(headers),
        )
        response = await self._exchange(request, about, patience)
        log.debug(
            "%s %s -> %s in %.0f ms",
            method,
            url.split("?", 1)[0],
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    async def _exchange(
        self, request: httpx.Request, about: str, patience: _Patience
    ) -> httpx.Response:
        """Send `request` and read its whole answer, within what is left of the deadline and
        within the size cap; the answer comes back read, its connection closed."""
        started = time.monotonic()
        response: httpx.Response | None = None
        try:
            # One clock from sending to the last byte: httpx's own timeouts are per read, and a
            # host that trickles a byte every few seconds never trips them.
            async with asyncio.timeout(max(patience.left(), 0.0)):
                response = await self._http.send(request, stream=True)
                body = await self._read_capped(response, about)
                headers = response.headers.copy()
                for name in _TRAVEL_HEADERS:
                    if name in headers:
                        del headers[name]
                return httpx.Response(
                    response.status_code,
                    headers=headers,
                    content=body,
                    request=request,
                    extensions=response.extensions,
                )
        except TimeoutError:
            raise _StoppedAnswering(self._stopped_answering(about)) from None
        except (
            httpx.ConnectError,
            httpx.ConnectTimeout,
            httpx.PoolTimeout,
            httpx.ProxyError,
        ) as exc:
            raise _NotSent(self._connect_error(exc)) from None
        except (
            httpx.TimeoutException,
            httpx.NetworkError,
            httpx.RemoteProtocolError,
            httpx.DecodingError,
        ) as exc:
            raise _Lost(
                ConnectionLost(
                    f"The connection to {self.endpoint.host} dropped before it answered "
                    f"({_lost_words(exc)}).",
                    "Check the network and try again.",
                    instance=self.name,
                )
            ) from None
        finally:
            patience.spent += time.monotonic() - started
            if response is not None:
                await response.aclose()

    async def _read_capped(self, response: httpx.Response, about: str) -> bytes:
        """The decoded body, refused when it says it is larger than the cap and cut off (with
        AnswerTooLarge) the moment it grows past it."""
        cap = self.max_answer_bytes
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            raise AnswerTooLarge(
                f"{self.endpoint.host} announced {_size_words(int(declared))} for {about}, "
                f"more than the {_size_words(cap)} halo_wizard reads for one answer; it was "
                "not read.",
                _TOO_LARGE_FIX,
                instance=self.name,
            )
        parts: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise AnswerTooLarge(
                    f"{self.endpoint.host} answered with more than {_size_words(cap)} for "
                    f"{about}; halo_wizard stopped reading there.",
                    _TOO_LARGE_FIX,
                    instance=self.name,
                )
            parts.append(chunk)
        return b"".join(parts)

    async def _send_plain(self, method: str, url: str) -> httpx.Response:
        """An unauthenticated request (authinfo), retried for connection failures; Halo's rate
        limit is waited out as for every request, then said as such (never as "not Halo")."""
        attempt = 0
        throttled = 0
        patience = _Patience(self.deadline)
        about = f"a request for {url.rstrip('/').rsplit('/', 1)[-1]}"
        while True:
            attempt += 1
            try:
                response = await self._send(
                    method, url, None, None, authorized=False, about=about, patience=patience
                )
            except _StoppedAnswering as exc:
                raise exc.error from None
            except (_NotSent, _Lost) as exc:
                if attempt < min(3, self.retry.attempts) and await self._back_off(
                    attempt, patience
                ):
                    continue
                raise exc.error from None
            if response.status_code != 429:
                return response
            self.stats.throttled_429 += 1
            if throttled >= self.retry.throttled_attempts:
                raise self._status_error(response, "InstanceInfo")
            throttled += 1
            attempt -= 1  # waiting out the limit is not a failed attempt
            patience.restart()
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            self.limiter.throttled(
                min(retry_after, self.retry.max_retry_after)
                if retry_after is not None
                else self.retry.delay(throttled, self._rng)
            )

    # ---- errors ---------------------------------------------------------------------------------

    def _connect_error(self, exc: httpx.HTTPError) -> HaloError:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, ssl.SSLError):
                reason = getattr(cause, "reason", None) or "the secure handshake was refused"
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

    def _malformed(self, entity: str, expected: str, came: str) -> MalformedResponse:
        """`came` says in words what came instead (json_kind, _body_words): never a type name."""
        label = ENTITY_LABELS.get(entity, entity)
        return MalformedResponse(
            f"{self.endpoint.host} answered a request for {label} with something other than "
            f"{expected} ({came}).",
            "Try again; if it persists, the instance may be behind a proxy that rewrites answers.",
            instance=self.name,
        )

    def _stopped_answering(self, about: str) -> HostStoppedAnswering:
        return HostStoppedAnswering(
            f"{self.endpoint.host} stopped answering: {about} got no complete answer within "
            f"{_seconds_words(self.deadline)}.",
            "Check that the instance opens in a browser and that this computer's network or "
            "proxy lets it through, then try again.",
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


class _StoppedAnswering(_Lost):
    """No complete answer within the deadline: lost, and never asked again."""


_TOO_LARGE_FIX = (
    "No Halo page is that large: check that the address is the instance's own and that no "
    "proxy stands in front of its API; if it persists, ask Halo support."
)


def _size_words(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.4g} MB"
    if size >= 1024:
        return f"{size / 1024:.4g} kB"
    return f"{size} bytes"


def _seconds_words(seconds: float) -> str:
    return "1 second" if seconds == 1 else f"{seconds:.3g} seconds"


def _lost_words(exc: httpx.HTTPError) -> str:
    """What happened to a connection, in words."""
    if isinstance(exc, httpx.ReadTimeout):
        return "it went quiet in the middle of answering"
    if isinstance(exc, httpx.WriteTimeout):
        return "sending the request took too long"
    if isinstance(exc, httpx.TimeoutException):
        return "the connection timed out"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server closed the connection without a complete answer"
    if isinstance(exc, httpx.DecodingError):
        return "the answer arrived garbled"
    return "the connection broke"


def _body_words(response: httpx.Response) -> str:
    """What a body that is not JSON is, in words, with a short quote when it is plain text."""
    head = response.content[:400].decode("utf-8", "replace").strip()
    lowered = head.lower()
    if not head:
        return "an empty answer"
    if "<html" in lowered or "<!doctype" in lowered:
        return "a web page"
    if "\ufffd" in head or any(ord(ch) < 32 and ch not in "\t\r\n" for ch in head):
        return "unreadable bytes"
    if head[0] in "[{":
        return "JSON that is cut off or broken"
    return f"plain text: '{_shorten(head, 60)}'"


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
