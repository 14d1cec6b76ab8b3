"""Requests that hang, trickle or answer endlessly end in a plain message, over real sockets."""

from __future__ import annotations

import asyncio
import contextlib
import json
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from halo_wizard.api import errors
from halo_wizard.api.client import HaloClient
from halo_wizard.api.ratelimit import RetryPolicy

MB = 1024 * 1024
CAP = 1 * MB  # the tests' answer cap: small, so an endless answer is cut off in milliseconds
QUICK = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.002)
TYPE_NAMES = ("(str)", "(list)", "(dict)", "Error)", "Exception", "Timeout)")


@dataclass
class Asked:
    """One request the stand-in received."""

    method: str
    path: str
    query: dict[str, str]


Behaviour = Callable[["RawHalo", Asked, asyncio.StreamWriter], Awaitable[bool]]
"""Answers one request for /api/<entity>; False closes the connection afterwards."""


@dataclass
class RawHalo:
    """A stand-in Halo on a loopback socket, written byte by byte: authinfo and the token are
    answered properly, every other request by `behaviour`."""

    behaviour: Behaviour
    token: Behaviour | None = None
    asked: list[Asked] = field(default_factory=list)
    body_bytes_sent: int = 0
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def count(self, path: str) -> int:
        return sum(1 for a in self.asked if a.path == path)

    async def __aenter__(self) -> RawHalo:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            while await self._one_request(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client hung up, as it should once it gives up
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _one_request(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        line, *header_lines = head.split("\r\n")
        method, target, _ = line.split(" ", 2)
        headers = {
            k.strip().lower(): v.strip()
            for k, _, v in (h.partition(":") for h in header_lines if h)
        }
        await reader.readexactly(int(headers.get("content-length", "0")))
        parts = urlsplit(target)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        asked = Asked(method, parts.path, query)
        self.asked.append(asked)
        if parts.path == "/api/authinfo":
            await answer_json(writer, {"auth_url": f"{self.url}/auth", "tenant_id": "acme"})
            return True
        if parts.path == "/auth/token":
            if self.token is not None:
                return await self.token(self, asked, writer)
            await answer_json(writer, {"access_token": "tok-123", "expires_in": 3600})
            return True
        return await self.behaviour(self, asked, writer)


async def answer_json(writer: asyncio.StreamWriter, body: Any) -> None:
    data = json.dumps(body).encode()
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(data)}\r\n\r\n".encode()
        + data
    )
    await writer.drain()


async def never_answer(halo: RawHalo, asked: Asked, writer: asyncio.StreamWriter) -> bool:
    await asyncio.Event().wait()  # until the test ends
    return False


async def trickle(halo: RawHalo, asked: Asked, writer: asyncio.StreamWriter) -> bool:
    """Headers at once, then one byte every 0.25 s: every read gets a byte long before any
    per-read timeout, and the answer never ends."""
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    )
    while True:
        writer.write(b" ")
        await writer.drain()
        halo.body_bytes_sent += 1
        await asyncio.sleep(0.25)


async def endless_chunks(halo: RawHalo, asked: Asked, writer: asyncio.StreamWriter) -> bool:
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b'{"id": 1, "name": "x"},' * 2730
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    while True:
        writer.write(framed)
        await writer.drain()
        halo.body_bytes_sent += len(chunk)


async def ten_gigabytes(halo: RawHalo, asked: Asked, writer: asyncio.StreamWriter) -> bool:
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n"
    )
    chunk = b"[" + b" " * 65535
    while True:
        writer.write(chunk)
        await writer.drain()
        halo.body_bytes_sent += len(chunk)


def same_page(record_count: int) -> Behaviour:
    """The first hundred statuses whichever page is asked for (page_no ignored)."""

    async def answer(halo: RawHalo, asked: Asked, writer: asyncio.StreamWriter) -> bool:
        rows = [{"id": i, "name": f"Status {i}"} for i in range(1, 101)]
        await answer_json(writer, {"statuses": rows, "record_count": record_count})
        return True

    return answer


async def cut_off(halo: RawHalo, asked: Asked, writer: asyncio.StreamWriter) -> bool:
    writer.write(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[{"id": 1')
    await writer.drain()
    return False


def run(
    behaviour: Behaviour,
    call: Callable[[HaloClient], Awaitable[Any]],
    *,
    timeout: float = 10.0,
    cap: int = CAP,
) -> tuple[BaseException, RawHalo]:
    """The error `call` ends in against a stand-in answering with `behaviour`."""

    async def go() -> tuple[BaseException, RawHalo]:
        async with RawHalo(behaviour) as halo:
            client = HaloClient(
                halo.url,
                "wizard-app",
                "a-secret-of-some-length",
                retry=QUICK,
                timeout=timeout,
                max_answer_bytes=cap,
            )
            async with client:
                try:
                    await call(client)
                except errors.HaloError as exc:
                    return exc, halo
            raise AssertionError("the request did not fail")

    return asyncio.run(go())


def list_statuses(client: HaloClient) -> Awaitable[Any]:
    return client.list_records("Status")


def assert_plain(exc: BaseException) -> None:
    assert isinstance(exc, errors.HaloError)
    assert exc.message and exc.fix
    text = str(exc)
    assert not any(name in text for name in TYPE_NAMES), text
    assert "a-secret-of-some-length" not in text and "tok-123" not in text


# ---- a whole-request deadline -------------------------------------------------------------------


def test_a_host_that_never_answers_stops_at_the_deadline_and_is_not_asked_again() -> None:
    exc, halo = run(never_answer, list_statuses, timeout=0.5)
    assert isinstance(exc, errors.HostStoppedAnswering)
    assert "stopped answering" in exc.message and "0.5 seconds" in exc.message
    assert "one page of statuses" in exc.message
    assert "browser" in exc.fix
    # Another attempt would make the admin wait as long again.
    assert halo.count("/api/Status") == 1
    assert_plain(exc)


def test_a_host_that_trickles_a_byte_at_a_time_stops_at_the_deadline() -> None:
    exc, halo = run(trickle, list_statuses, timeout=1.0)
    assert isinstance(exc, errors.HostStoppedAnswering)
    assert "no complete answer within 1 second" in exc.message
    assert halo.count("/api/Status") == 1
    assert halo.body_bytes_sent < 100_000  # the answer was never complete
    assert_plain(exc)


def test_a_create_that_hangs_may_have_been_saved() -> None:
    exc, halo = run(never_answer, lambda c: c.save("Users", {"name": "Ann"}), timeout=0.5)
    assert isinstance(exc, errors.WriteOutcomeUnknown)
    assert "stopped answering" in exc.message and "may or may not have saved" in exc.message
    assert halo.count("/api/Users") == 1  # never sent twice
    assert_plain(exc)


def test_signing_in_to_a_host_that_hangs_stops_at_the_deadline() -> None:
    async def go() -> tuple[BaseException, int]:
        async with RawHalo(never_answer, token=never_answer) as halo:
            client = HaloClient(
                halo.url, "wizard-app", "a-secret-of-some-length", retry=QUICK, timeout=0.5
            )
            async with client:
                with pytest.raises(errors.HaloError) as caught:
                    await client.authenticate()
            return caught.value, halo.count("/auth/token")

    exc, asked = asyncio.run(go())
    assert isinstance(exc, errors.HostStoppedAnswering)
    assert "the sign-in request got no complete answer" in exc.message
    assert asked == 1
    assert_plain(exc)


# ---- a size cap ---------------------------------------------------------------------------------


def test_an_endless_answer_is_cut_off_at_the_cap_without_filling_memory() -> None:
    tracemalloc.start()
    try:
        exc, halo = run(endless_chunks, list_statuses)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(exc, errors.AnswerTooLarge)
    assert "more than 1 MB for one page of statuses" in exc.message
    assert "stopped reading" in exc.message
    # The client read up to the cap (the server got that much out) and kept no more than that
    # in memory: the allocations' peak stays within a few caps.
    assert halo.body_bytes_sent >= CAP
    assert peak < 16 * CAP, f"{peak} bytes at the peak"
    assert halo.count("/api/Status") == 1  # the same answer again would be as large
    assert_plain(exc)


def test_an_answer_announced_larger_than_the_cap_is_not_read() -> None:
    exc, halo = run(ten_gigabytes, list_statuses)
    assert isinstance(exc, errors.AnswerTooLarge)
    assert "announced 9537 MB" in exc.message and "it was not read" in exc.message
    # What the server got out fits in the sockets' buffers: nowhere near 10 GB.
    assert halo.body_bytes_sent < 64 * MB
    assert halo.count("/api/Status") == 1
    assert_plain(exc)


def test_an_oversized_answer_to_a_create_may_have_been_saved() -> None:
    exc, halo = run(endless_chunks, lambda c: c.save("Users", {"name": "Ann"}))
    assert isinstance(exc, errors.WriteOutcomeUnknown)
    assert "more than 1 MB" in exc.message
    assert halo.count("/api/Users") == 1
    assert_plain(exc)


def test_an_answer_under_the_cap_is_read_in_full() -> None:
    rows = [{"id": i, "name": "x" * 500} for i in range(1, 1001)]  # about half a megabyte

    async def big_page(halo: RawHalo, asked: Asked, writer: asyncio.StreamWriter) -> bool:
        await answer_json(writer, {"statuses": rows, "record_count": len(rows)})
        return True

    async def go() -> list[dict[str, Any]]:
        async with (
            RawHalo(big_page) as halo,
            HaloClient(halo.url, "wizard-app", "s", retry=QUICK, max_answer_bytes=CAP) as client,
        ):
            return await client.list_records("Status")

    assert asyncio.run(go()) == rows


# ---- paging that never ends ---------------------------------------------------------------------


def test_a_list_that_sends_the_same_page_forever_stops_with_a_clear_error() -> None:
    exc, halo = run(same_page(1_000_000), list_statuses)
    assert isinstance(exc, errors.MalformedResponse)
    assert "page 2 of statuses with only records it had already sent" in exc.message
    assert "100 different ones read of the 1000000" in exc.message
    assert "proxy or cache" in exc.fix
    assert halo.count("/api/Status") <= 13  # the first page and one window of twelve
    assert_plain(exc)


def test_a_list_that_ignores_page_no_is_not_read_as_duplicates() -> None:
    exc, halo = run(same_page(250), list_statuses)
    assert isinstance(exc, errors.MalformedResponse)
    assert "ignore which page was asked for" in exc.message
    assert halo.count("/api/Status") == 3
    assert_plain(exc)


def paged(pages: dict[int, list[int]], record_count: int, asked: list[int]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/authinfo":
            return httpx.Response(200, json={"auth_url": "https://acme.example/auth"})
        if request.url.path == "/auth/token":
            return httpx.Response(200, json={"access_token": "tok-123"})
        page = int(request.url.params.get("page_no", "1"))
        asked.append(page)
        rows = [{"id": i} for i in pages.get(page, [])]
        return httpx.Response(200, json={"statuses": rows, "record_count": record_count})

    return httpx.MockTransport(handle)


def read_paged(pages: dict[int, list[int]], record_count: int) -> tuple[list[int], list[int]]:
    asked: list[int] = []

    async def go() -> list[dict[str, Any]]:
        transport = paged(pages, record_count, asked)
        async with (
            httpx.AsyncClient(transport=transport) as http,
            HaloClient("https://acme.example", "wizard-app", "s", http=http, retry=QUICK) as client,
        ):
            return await client.list_records("Status", page_size=3)

    return [r["id"] for r in asyncio.run(go())], asked


def test_records_repeated_across_pages_come_once() -> None:
    ids, _ = read_paged({1: [1, 2, 3], 2: [3, 4, 5], 3: [5, 6, 6], 4: []}, 7)
    assert ids == [1, 2, 3, 4, 5, 6]


def test_more_pages_than_the_count_announces_stop_at_the_count() -> None:
    # Every page brings new records, past the four the count announces.
    endless = {n: [3 * n - 2, 3 * n - 1, 3 * n] for n in range(1, 1000)}
    ids, asked = read_paged(endless, 4)
    assert ids == [1, 2, 3, 4, 5, 6]
    assert asked == [1, 2]


def test_a_count_above_what_the_pages_hold_stops_at_the_first_empty_page() -> None:
    ids, asked = read_paged({1: [1, 2, 3], 2: [4]}, 9)
    assert ids == [1, 2, 3, 4]
    assert len(asked) <= 3


# ---- messages in words --------------------------------------------------------------------------


def test_a_connection_closed_mid_answer_is_said_in_words() -> None:
    exc, halo = run(cut_off, list_statuses)
    assert isinstance(exc, errors.ConnectionLost)
    assert "closed the connection without a complete answer" in exc.message
    assert halo.count("/api/Status") == QUICK.attempts  # a read is asked again
    assert_plain(exc)


def answered(body: bytes, content_type: str) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/authinfo":
            return httpx.Response(200, json={"auth_url": "https://acme.example/auth"})
        if request.url.path == "/auth/token":
            return httpx.Response(200, json={"access_token": "tok-123"})
        return httpx.Response(200, content=body, headers={"Content-Type": content_type})

    return httpx.MockTransport(handle)


def failure(transport: httpx.MockTransport, call: Callable[[HaloClient], Awaitable[Any]]) -> Any:
    async def go() -> BaseException:
        async with (
            httpx.AsyncClient(transport=transport) as http,
            HaloClient("https://acme.example", "wizard-app", "s", http=http, retry=QUICK) as client,
        ):
            with pytest.raises(errors.HaloError) as caught:
                await call(client)
            return caught.value

    return asyncio.run(go())


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        (b"Service briefly down for upgrades", "text/plain", "plain text: 'Service briefly down"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html", "(a web page)"),
        (b'{"statuses": [{"id": 1', "application/json", "(JSON that is cut off or broken)"),
        (bytes(range(256)), "application/octet-stream", "(unreadable bytes)"),
    ],
    ids=["plain-text", "web-page", "cut-off-json", "bytes"],
)
def test_an_answer_that_is_not_json_is_said_in_words(
    body: bytes, content_type: str, words: str
) -> None:
    exc = failure(answered(body, content_type), list_statuses)
    assert isinstance(exc, errors.MalformedResponse)
    assert words in exc.message
    assert_plain(exc)


@pytest.mark.parametrize(
    ("body", "call", "words"),
    [
        (b"[1, 2]", lambda c: c.get("Status", 1), "other than a record (a list)"),
        (b'"statuses"', list_statuses, "other than a list (text)"),
        (b"7", lambda c: c.save("Status", {"id": 1}), "other than the saved records (a number)"),
    ],
    ids=["list-for-a-record", "text-for-a-list", "number-for-saved"],
)
def test_a_json_answer_of_the_wrong_kind_is_said_in_words(
    body: bytes, call: Callable[[HaloClient], Awaitable[Any]], words: str
) -> None:
    exc = failure(answered(body, "application/json"), call)
    assert isinstance(exc, errors.MalformedResponse)
    assert words in exc.message
    assert_plain(exc)
