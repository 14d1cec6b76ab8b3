"""Malformed input of every kind, each its own case: a clear error (what happened, what to fix),
never a crash. Byte-level answers come from an httpx.MockTransport standing in for Halo."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from reliability_settings import LONG

from halo_wizard.api.client import HaloClient
from halo_wizard.api.errors import (
    HaloError,
    InvalidCredentials,
    InvalidUrl,
    MalformedResponse,
    NotHalo,
    ServerError,
)
from halo_wizard.api.ratelimit import RetryPolicy
from halo_wizard.api.urls import parse_instance_url

BASE = "https://acme.halopsa.com"
HTML = "<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>"
BIG = (8 if LONG else 3) * 1024 * 1024

# ---- addresses ---------------------------------------------------------------------------------

BAD_URLS = {
    "empty": "",
    "blank": "   \t ",
    "space-inside": "acme halopsa.com",
    "space-in-host": "https://acme .halopsa.com",
    "tab": "https://acme.halopsa.com\t/x",
    "newline-inside": "https://acme\n.halopsa.com",
    "unicode-host": "https://acmé.halopsa.com",
    "emoji-host": "https://☃.example.com",
    "port-too-big": "https://acme.halopsa.com:99999",
    "port-not-number": "https://acme.halopsa.com:abc",
    "port-zero": "https://acme.halopsa.com:0",
    "ftp": "ftp://acme.halopsa.com",
    "javascript": "javascript:alert(1)",
    "file": "file:///etc/passwd",
    "data": "data:text/html,hi",
    "mailto": "mailto:admin@acme.example",
    "typo-scheme": "htps://acme.halopsa.com",
    "plain-http": "http://acme.halopsa.com",
    "credentials": "https://user:pw@acme.halopsa.com",
    "ipv6-unclosed": "http://[::1",
    "ipv6-zone": "https://[fe80::1%eth0]/",
    "double-dot": "https://acme..com",
    "leading-dash": "https://-acme.com",
    "only-scheme": "https://",
    "very-long-host": "https://" + "a" * 300 + ".com",
    "label-too-long": "https://" + "b" * 64 + ".halopsa.com",
    "very-long-everything": "https://" + ".".join(["c" * 60] * 10),
}


@pytest.mark.parametrize("text", list(BAD_URLS.values()), ids=list(BAD_URLS))
def test_a_bad_address_says_what_to_fix(text: str) -> None:
    with pytest.raises(InvalidUrl) as caught:
        parse_instance_url(text)
    assert caught.value.message and caught.value.fix


# ---- a stand-in Halo that answers one request badly --------------------------------------------

Answer = Callable[[httpx.Request], httpx.Response]


def halo(answer: Answer, *, token: Answer | None = None) -> httpx.MockTransport:
    """authinfo and token answered properly (unless `token` is given), /api/* by `answer`."""

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/authinfo":
            return httpx.Response(200, json={"auth_url": f"{BASE}/auth", "tenant_id": "acme"})
        if path == "/auth/token":
            if token is not None:
                return token(request)
            return httpx.Response(200, json={"access_token": "tok-123", "expires_in": 3600})
        return answer(request)

    return httpx.MockTransport(handle)


def run_client(
    transport: httpx.MockTransport,
    call: Callable[[HaloClient], Any],
    *,
    client_id: str = "wizard-app",
    secret: str = "a-secret-of-some-length",
) -> Any:
    async def go() -> Any:
        async with httpx.AsyncClient(transport=transport) as http:
            client = HaloClient(
                BASE,
                client_id,
                secret,
                http=http,
                retry=RetryPolicy(attempts=2, base_delay=0.001, max_delay=0.002),
            )
            async with client:
                return await call(client)

    return asyncio.run(go())


def json_body(body: Any, status: int = 200) -> Answer:
    return lambda _request: httpx.Response(status, json=body)


def raw_body(content: bytes, status: int = 200, ctype: str = "application/json") -> Answer:
    return lambda _request: httpx.Response(status, content=content, headers={"Content-Type": ctype})


async def read_statuses(client: HaloClient) -> Any:
    return await client.list_records("Status")


async def read_info(client: HaloClient) -> Any:
    return await client.instance_info()


async def connect(client: HaloClient) -> Any:
    return await client.connect()


async def read_one(client: HaloClient) -> Any:
    return await client.get("Status", 1)


async def save_one(client: HaloClient) -> Any:
    return await client.save("Status", {"id": 1, "name": "Open"})


BAD_ANSWERS: dict[str, tuple[Answer, Callable[[HaloClient], Any], type[HaloError]]] = {
    "object-where-list-expected": (
        json_body({"status": "ok"}),
        read_statuses,
        MalformedResponse,
    ),
    "string-where-list-expected": (json_body("statuses"), read_statuses, MalformedResponse),
    "number-where-list-expected": (json_body(42), read_statuses, MalformedResponse),
    "list-where-object-expected": (
        json_body([{"app_version": "2.190"}]),
        read_info,
        MalformedResponse,
    ),
    "list-where-record-expected": (json_body([{"id": 1}]), read_one, MalformedResponse),
    "null-where-record-expected": (json_body(None), read_one, MalformedResponse),
    "null-version": (json_body({"app_version": None}), read_info, NotHalo),
    "version-not-a-version": (json_body({"app_version": "banana"}), connect, MalformedResponse),
    "html-with-200": (raw_body(HTML.encode(), 200, "text/html"), read_statuses, MalformedResponse),
    "html-with-500": (raw_body(HTML.encode(), 500, "text/html"), read_statuses, ServerError),
    "truncated-json": (raw_body(b'{"statuses": [{"id": 1, "na'), read_statuses, MalformedResponse),
    "truncated-json-on-save": (raw_body(b'[{"id": 1'), save_one, MalformedResponse),
    "garbage-bytes": (raw_body(bytes(range(256)) * 4), read_statuses, MalformedResponse),
    "several-mb-not-json": (
        raw_body(b"x" * BIG, 200, "text/plain"),
        read_statuses,
        MalformedResponse,
    ),
    "several-mb-html-500": (
        raw_body(b"<p>" * (BIG // 3), 500, "text/html"),
        read_statuses,
        ServerError,
    ),
    "redirect-to-login": (
        lambda _r: httpx.Response(302, headers={"Location": "https://login.example/sso?x=1"}),
        read_statuses,
        MalformedResponse,
    ),
    "redirect-to-login-with-html": (
        lambda _r: httpx.Response(
            302, headers={"Location": "/login", "Content-Type": "text/html"}, text=HTML
        ),
        read_info,
        MalformedResponse,
    ),
    "saved-answer-is-number": (json_body(7), save_one, MalformedResponse),
}


@pytest.mark.parametrize(
    ("answer", "call", "expected"), list(BAD_ANSWERS.values()), ids=list(BAD_ANSWERS)
)
def test_a_bad_answer_is_a_clear_error(
    answer: Answer, call: Callable[[HaloClient], Any], expected: type[HaloError]
) -> None:
    with pytest.raises(expected) as caught:
        run_client(halo(answer), call)
    assert caught.value.message and caught.value.fix
    assert "a-secret-of-some-length" not in str(caught.value)


# ---- lists whose shape is odd but readable -----------------------------------------------------


def paged(pages: dict[int, list[dict[str, Any]]], record_count: Any, *, seen: list[int]) -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page_no", "1"))
        seen.append(page)
        body: dict[str, Any] = {"statuses": pages.get(page, [])}
        if record_count is not ...:
            body["record_count"] = record_count
        return httpx.Response(200, json=body)

    return answer


ODD_LISTS: dict[str, tuple[Any, dict[int, list[dict[str, Any]]], int]] = {
    # record_count, pages, how many records come back
    "record-count-missing": (..., {1: [{"id": 1}, {"id": 2}]}, 2),
    "record-count-null": (None, {1: [{"id": 1}]}, 1),
    "record-count-a-string": ("lots", {1: [{"id": 1}]}, 1),
    "record-count-too-small": (1, {1: [{"id": 1}, {"id": 2}]}, 2),
    "record-count-too-big": (5, {1: [{"id": 1}, {"id": 2}], 2: [{"id": 3}]}, 3),
    "huge-record-count-empty-pages": (10**12, {1: [{"id": 1}, {"id": 2}]}, 2),
    "ids-as-strings": (2, {1: [{"id": "1"}, {"id": "2"}]}, 2),
    "null-fields": (2, {1: [{"id": 1, "name": None}, {"id": None, "name": None}]}, 2),
    "rows-not-objects": (3, {1: [{"id": 1}, "two", None]}, 1),
}


@pytest.mark.parametrize(
    ("record_count", "pages", "count"), list(ODD_LISTS.values()), ids=list(ODD_LISTS)
)
def test_an_odd_list_is_read_without_endless_paging(
    record_count: Any, pages: dict[int, list[dict[str, Any]]], count: int
) -> None:
    seen: list[int] = []
    records = run_client(halo(paged(pages, record_count, seen=seen)), read_statuses)
    assert len(records) == count
    assert all(isinstance(r, dict) for r in records)
    assert len(seen) <= 20, "a wrong record_count must not cost a request per page it claims"


# ---- credentials ------------------------------------------------------------------------------


def strict_token(request: httpx.Request) -> httpx.Response:
    """Accepts only the exact credentials: anything pasted with extra characters is refused."""
    form = dict(httpx.QueryParams(request.content.decode()))
    if form.get("client_id") == "wizard-app" and form.get("client_secret") == "s3cret-value":
        return httpx.Response(200, json={"access_token": "tok-123", "expires_in": 3600})
    return httpx.Response(401, json={"error": "invalid_client"})


BAD_CREDENTIALS = {
    "id-empty": ("", "s3cret-value", InvalidCredentials),
    "id-only-spaces": ("   ", "s3cret-value", InvalidCredentials),
    "secret-empty": ("wizard-app", "", InvalidCredentials),
    "secret-only-newlines": ("wizard-app", "\n\n", InvalidCredentials),
    "id-with-space-inside": ("wizard app", "s3cret-value", InvalidCredentials),
    "id-with-tab-inside": ("wizard\tapp", "s3cret-value", InvalidCredentials),
    "secret-with-newline-inside": ("wizard-app", "s3cret\n-value", InvalidCredentials),
    "secret-with-space-inside": ("wizard-app", "s3cret -value", InvalidCredentials),
    "id-unicode": ("wizärd-app", "s3cret-value", InvalidCredentials),
    "secret-unicode": ("wizard-app", "s3crét-välue✓", InvalidCredentials),
    "id-very-long": ("w" * 100_000, "s3cret-value", InvalidCredentials),
    "secret-very-long": ("wizard-app", "s" * 100_000, InvalidCredentials),
}


@pytest.mark.parametrize(
    ("client_id", "secret", "expected"), list(BAD_CREDENTIALS.values()), ids=list(BAD_CREDENTIALS)
)
def test_bad_credentials_are_refused_clearly(
    client_id: str, secret: str, expected: type[HaloError]
) -> None:
    with pytest.raises(expected) as caught:
        run_client(
            halo(json_body({}), token=strict_token), read_info, client_id=client_id, secret=secret
        )
    assert caught.value.fix
    if secret.strip():
        assert secret.strip() not in str(caught.value)


def test_credentials_pasted_with_spaces_around_them_still_work() -> None:
    info = run_client(
        halo(json_body({"app_version": "2.190.1", "app_name": "HaloPSA"}), token=strict_token),
        read_info,
        client_id="  wizard-app\t",
        secret="\ns3cret-value  \n",
    )
    assert info.version == "2.190.1"


BAD_TOKENS = {
    "token-truncated": raw_body(b'{"access_token": "tok-'),
    "token-html": raw_body(HTML.encode(), 200, "text/html"),
    "token-null": json_body({"access_token": None}),
    "token-a-number": json_body({"access_token": 12345}),
    "token-with-newline": json_body({"access_token": "tok\nX-Injected: 1"}),
    "token-unicode": json_body({"access_token": "tøken"}),
    "token-list": json_body([{"access_token": "tok"}]),
}


@pytest.mark.parametrize("token", list(BAD_TOKENS.values()), ids=list(BAD_TOKENS))
def test_a_bad_token_answer_is_a_clear_error(token: Answer) -> None:
    with pytest.raises(MalformedResponse) as caught:
        run_client(halo(json_body({"app_version": "2.190.1"}), token=token), read_info)
    assert caught.value.fix


def test_a_token_answer_cut_off_once_is_asked_for_again() -> None:
    answers = [raw_body(b'{"access_token": "to'), json_body({"access_token": "tok-1"})]
    info = run_client(
        halo(json_body({"app_version": "2.190.1"}), token=lambda r: answers.pop(0)(r)), read_info
    )
    assert info.version == "2.190.1" and not answers


def test_a_token_refused_again_after_a_retry_is_renewed_again() -> None:
    """A token that dies during a back-off: 401, renew, 503, 401 (new token died too), renew, ok."""
    script = [401, 503, 401, 200]
    issued: list[int] = []

    def token(_request: httpx.Request) -> httpx.Response:
        issued.append(1)
        return httpx.Response(200, json={"access_token": f"tok-{len(issued)}"})

    def answer(_request: httpx.Request) -> httpx.Response:
        status = script.pop(0)
        return httpx.Response(status, json={"app_version": "2.190.1"} if status == 200 else {})

    async def call(client: HaloClient) -> Any:
        client.retry = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.002)
        return await client.instance_info()

    info = run_client(halo(answer, token=token), call)
    assert info.version == "2.190.1" and not script and len(issued) == 3
