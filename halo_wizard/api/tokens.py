"""The OAuth token of a Halo client: client-credentials sign-in, refresh before expiry, errors."""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass

import httpx

from halo_wizard.api import constants as C
from halo_wizard.api.errors import (
    ConnectionLost,
    HaloError,
    InvalidCredentials,
    MalformedResponse,
    MissingScope,
    RateLimited,
    ServerError,
    WrongTenant,
)
from halo_wizard.api.ratelimit import RetryPolicy, RollingWindowLimiter, parse_retry_after
from halo_wizard.api.secret import Secret, as_secret
from halo_wizard.api.transport import (
    Transport,
    _is_json,
    _Lost,
    _NotSent,
    _Patience,
    _StoppedAnswering,
)
from halo_wizard.api.urls import Endpoint

_TOKEN_MARGIN = 60.0  # refresh this many seconds before the token expires
_TOKEN_RE = re.compile(r"[\x21-\x7e]{1,16384}")  # what an Authorization header can carry


@dataclass(slots=True)
class _Token:
    value: Secret
    expires_at: float


class TokenSource(Transport):
    """A transport that signs in with one API application's client credentials and keeps the
    token fresh; the secret never leaves it except in the token request's form."""

    def __init__(
        self,
        endpoint: Endpoint,
        client_id: str,
        client_secret: str | Secret,
        *,
        scope: str,
        name: str,
        http: httpx.AsyncClient | None,
        limiter: RollingWindowLimiter | None,
        retry: RetryPolicy | None,
        concurrency: int,
        timeout: float,
        rng: random.Random | None,
        max_answer_bytes: int,
    ) -> None:
        super().__init__(
            endpoint,
            name=name,
            http=http,
            limiter=limiter,
            retry=retry,
            concurrency=concurrency,
            timeout=timeout,
            rng=rng,
            max_answer_bytes=max_answer_bytes,
        )
        self.client_id = client_id.strip()
        self._secret = as_secret(
            client_secret.strip() if isinstance(client_secret, str) else client_secret
        )
        self.scope = " ".join(scope.split()) or C.DEFAULT_SCOPE
        self._token: _Token | None = None
        self._token_lock = asyncio.Lock()
        self.granted_scopes: frozenset[str] | None = None
        """The scopes the last token was issued with, when the instance said (None: not said)."""

    async def authenticate(self) -> None:
        """Get a fresh token (client credentials)."""
        async with self._token_lock:
            await self._fetch_token()

    def _forget_token(self) -> None:
        self._token = None

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
        patience = _Patience(self.deadline)
        while True:
            attempt += 1
            self.stats.sent += 1
            request = self._http.build_request(
                "POST", self.endpoint.token_url, data=form, params=params
            )
            error: HaloError
            try:
                async with self.limiter.slot():
                    response = await self._exchange(request, "the sign-in request", patience)
            except _StoppedAnswering as exc:
                raise exc.error from None  # asked again, the silence would only double
            except _NotSent as exc:
                error = exc.error
            except _Lost:
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
                        self.limiter.throttled(retry_after or self.retry.delay(attempt, self._rng))
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
                patience.restart()
                continue
            if attempt >= self.retry.attempts or not await self._back_off(attempt, patience):
                raise error

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
