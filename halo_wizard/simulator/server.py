"""Simulated Halo instances served over real HTTP on 127.0.0.1, each on its own port."""

from __future__ import annotations

import collections
import contextlib
import logging
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, cast
from urllib.parse import parse_qsl, unquote, urlsplit

from halo_wizard.api import constants as c
from halo_wizard.simulator.console import http_reply
from halo_wizard.simulator.dialects import Dialect
from halo_wizard.simulator.endpoints import (
    Endpoints,
    Reply,
    Request,
    Route,
    empty_reply,
    json_reply,
    route,
    text_reply,
)
from halo_wizard.simulator.faults import Faults
from halo_wizard.simulator.hook_types import HookEnv
from halo_wizard.simulator.state import Application, InstanceState, JSONDict

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_RATE_LIMIT: tuple[int, float] = (c.RATE_LIMIT_REQUESTS, c.RATE_LIMIT_WINDOW_SECONDS)
IDLE_CONNECTION_TIMEOUT_SECONDS = 30.0
STOP_JOIN_SECONDS = 2.0
POLL_INTERVAL_SECONDS = 0.05
MAX_BODY_BYTES = 64 * 1024 * 1024


class RollingWindowLimiter:
    """At most `requests` accepted in any rolling `window` seconds (thread-safe)."""

    def __init__(self, requests: int, window: float) -> None:
        if requests < 1 or window <= 0:
            raise ValueError("a rate limit needs at least one request in a positive window")
        self.requests = requests
        self.window = window
        self._accepted: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def try_accept(self, on_accept: Callable[[float], None] | None = None) -> bool:
        """Accept a request now unless the window is full; `on_accept` gets the monotonic time.

        The callback runs under the limiter's lock, so the times it sees are in order.
        """
        with self._lock:
            now = time.monotonic()
            while self._accepted and self._accepted[0] <= now - self.window:
                self._accepted.popleft()
            if len(self._accepted) >= self.requests:
                return False
            self._accepted.append(now)
            if on_accept is not None:
                on_accept(now)
            return True


class InstanceStats:
    """What one instance has seen (thread-safe; every property returns a copy)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._total = 0
        self._counts: collections.Counter[tuple[str, str]] = collections.Counter()
        self._accepted: list[float] = []
        self._rate_limited = 0

    def record_request(self, method: str, label: str) -> None:
        """Count a request by method and entity (or "token", "authinfo", "InstanceInfo")."""
        with self._lock:
            self._total += 1
            self._counts[(method, label)] += 1

    def record_accepted(self, now: float) -> None:
        """Remember when the rate limiter accepted a request."""
        with self._lock:
            self._accepted.append(now)

    def record_429(self) -> None:
        """Count a 429 answer (rate limit or injected burst)."""
        with self._lock:
            self._rate_limited += 1

    @property
    def total_requests(self) -> int:
        """Every request received, whatever its answer."""
        with self._lock:
            return self._total

    @property
    def counts(self) -> dict[tuple[str, str], int]:
        """Requests by (method, entity)."""
        with self._lock:
            return dict(self._counts)

    @property
    def accepted_times(self) -> list[float]:
        """time.monotonic() of each request the rate limiter accepted, oldest first."""
        with self._lock:
            return list(self._accepted)

    @property
    def rate_limited(self) -> int:
        """How many requests were answered 429."""
        with self._lock:
            return self._rate_limited

    def count(self, method: str, entity: str) -> int:
        """Requests seen for one (method, entity)."""
        with self._lock:
            return self._counts[(method, entity)]

    def reset(self) -> None:
        """Forget everything counted so far."""
        with self._lock:
            self._total = 0
            self._counts.clear()
            self._accepted.clear()
            self._rate_limited = 0


class _BodyError(Exception):
    """A request body that cannot be read."""


class _Handler(BaseHTTPRequestHandler):
    """One connection to a simulated instance (keep-alive, always with Content-Length)."""

    protocol_version = "HTTP/1.1"
    server_version = "HaloSimulator/1"
    sys_version = ""
    timeout = IDLE_CONNECTION_TIMEOUT_SECONDS
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    @property
    def instance(self) -> SimulatedInstance:
        return cast(_Server, self.server).instance

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are logged by _serve, without their query string."""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s: %s", self.instance.name, format % args)

    def _serve(self, method: str) -> None:
        instance = self.instance
        try:
            body = self._read_body()
        except _BodyError as exc:
            self.close_connection = True
            self._send(text_reply(400, str(exc)))
            return
        split = urlsplit(self.path)
        path = unquote(split.path)
        query = {k.casefold(): v for k, v in parse_qsl(split.query, keep_blank_values=True)}
        headers = {k.casefold(): v for k, v in self.headers.items()}
        request = Request(method=method, path=path, query=query, headers=headers, body=body)
        reply = instance.process(request)
        log.debug(
            "%s: %s %s -> %s",
            instance.name,
            method,
            path,
            reply.status if reply is not None else "dropped",
        )
        if reply is None:
            self._drop()
        else:
            self._send(reply)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").casefold():
            return self._read_chunked()
        length_text = self.headers.get("Content-Length", "0") or "0"
        try:
            length = int(length_text)
        except ValueError:
            raise _BodyError("Content-Length is not a number") from None
        if length < 0 or length > MAX_BODY_BYTES:
            raise _BodyError("Content-Length is out of range")
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BodyError("bad chunk size") from None
            if size == 0:
                while self.rfile.readline(1024).strip():
                    pass  # trailer lines
                return b"".join(parts)
            total += size
            if total > MAX_BODY_BYTES:
                raise _BodyError("body too large")
            parts.append(self.rfile.read(size))
            self.rfile.readline(16)

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type is not None:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if reply.body:
            self.wfile.write(reply.body)

    def _drop(self) -> None:
        """Close the connection without answering."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


class _Server(ThreadingHTTPServer):
    """The HTTP server of one instance; it tracks its connections so stop() can end them."""

    daemon_threads = True

    def __init__(self, instance: SimulatedInstance) -> None:
        self.instance = instance
        self._lock = threading.Lock()
        self._active: dict[threading.Thread, socket.socket] = {}
        super().__init__((HOST, 0), _Handler)

    def server_bind(self) -> None:
        # Skip the reverse DNS lookup of the base class: it can take seconds on some machines.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"halo-sim-{self.instance.name}-connection",
            daemon=True,
        )
        with self._lock:
            self._active[thread] = request
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._active.pop(threading.current_thread(), None)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("%s: connection ended with an error", self.instance.name, exc_info=True)

    def close_connections(self) -> None:
        """End every open connection and wait briefly for its thread."""
        with self._lock:
            active = list(self._active.items())
        for _, sock in active:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread, _ in active:
            thread.join(STOP_JOIN_SECONDS)


class SimulatedInstance:
    """One simulated Halo instance: a state served over HTTP on 127.0.0.1."""

    def __init__(
        self,
        state: InstanceState,
        name: str | None = None,
        rate_limit: tuple[int, float] = DEFAULT_RATE_LIMIT,
        faults: Faults | None = None,
        dialect: Dialect | str | None = None,
    ) -> None:
        if dialect is not None:
            chosen = Dialect.parse(dialect) if isinstance(dialect, str) else dialect
            if chosen != state.dialect:
                state.use_dialect(chosen)
        self.state = state
        display = state.instanceinfo.get(c.INSTANCE_DISPLAY_NAME)
        self.name: str = (
            name or state.name or (str(display) if display else "") or state.tenant("") or "halo"
        )
        self.faults: Faults = faults if faults is not None else Faults()
        self.stats = InstanceStats()
        self.rate_limit = rate_limit
        self._limiter = RollingWindowLimiter(*rate_limit)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None
        self._endpoints: Endpoints | None = None
        self._lifecycle = threading.Lock()

    def __repr__(self) -> str:
        return f"SimulatedInstance(name={self.name!r}, url={self._url!r})"

    @property
    def dialect(self) -> Dialect:
        """How this instance answers the unknowns (simulator.dialects)."""
        with self.state.lock:
            return self.state.dialect

    @property
    def env(self) -> HookEnv:
        """What the hooks know about this running instance (its name and base URL)."""
        return HookEnv(name=self.name, base_url=self.url)

    # ---- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Listen on a free port of 127.0.0.1 and serve in a daemon thread."""
        with self._lifecycle:
            if self._server is not None:
                return
            server = _Server(self)
            port = server.server_address[1]
            self._url = f"http://{HOST}:{port}"
            self._endpoints = Endpoints(self.state, HookEnv(name=self.name, base_url=self._url))
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": POLL_INTERVAL_SECONDS},
                name=f"halo-sim-{self.name}",
                daemon=True,
            )
            self._thread.start()
        log.info("%s listening on %s", self.name, self._url)

    def stop(self) -> None:
        """Stop serving, end open connections and release the port (the state is kept)."""
        with self._lifecycle:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join(STOP_JOIN_SECONDS)
        log.info("%s stopped", self.name)

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return self._server is not None

    def __enter__(self) -> SimulatedInstance:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ---- what callers read -----------------------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:50123 (the API is under /api, auth under /auth)."""
        if self._url is None:
            raise RuntimeError(f"{self.name} has not been started")
        return self._url

    @property
    def api_url(self) -> str:
        """The resource server URL, `<url>/api`."""
        return f"{self.url}/api"

    @property
    def auth_url(self) -> str:
        """The authorisation server URL, `<url>/auth`."""
        return f"{self.url}/auth"

    @property
    def tenant(self) -> str:
        """The tenant on a hosted instance, else an empty string."""
        return self.state.tenant(self.name)

    @property
    def application(self) -> Application | None:
        """The first API application of the snapshot (the wizard's credentials), if any."""
        with self.state.lock:
            return self.state.applications[0] if self.state.applications else None

    def snapshot(self) -> JSONDict:
        """The instance's current state as a halo-snapshot/1 dict."""
        return self.state.to_snapshot()

    def set_rate_limit(self, rate_limit: tuple[int, float]) -> None:
        """Enforce `rate_limit` (requests, window seconds) from now on, with an empty window (a
        benchmark or a demo prepares with the limit lifted, then puts a limit in place)."""
        self._limiter = RollingWindowLimiter(*rate_limit)
        self.rate_limit = rate_limit

    # ---- requests ------------------------------------------------------------------------------

    def process(self, request: Request) -> Reply | None:
        """The answer to one request, faults and rate limit included; None drops the connection."""
        endpoints = self._endpoints
        if endpoints is None:
            return empty_reply(503)
        target = route(self.state, request.path)
        self.stats.record_request(request.method, target.label)
        faults = self.faults
        faulty = target.limited and target.kind != "authinfo"
        if faulty and faults.latency > 0:
            time.sleep(faults.latency)
        if faulty and faults.take_burst():
            return self._too_many_requests(faults)
        if target.limited and not self._limiter.try_accept(self.stats.record_accepted):
            return self._too_many_requests(faults)
        if faulty:
            if faults.roll(faults.drop_rate):
                return None
            if faults.roll(faults.error_rate):
                return _server_error(faults.pick_error_code())
        try:
            reply = self._dispatch(endpoints, request, target)
        except Exception:
            log.exception("%s: %s %s failed", self.name, request.method, request.path)
            reply = text_reply(500, "An error has occurred.")
        # Only record writes are dropped after saving; a token request saves nothing.
        wrote = target.kind == "entity" and request.method == "POST" and 200 <= reply.status < 300
        if faulty and wrote and faults.roll(faults.drop_after_write_rate):
            return None
        if faulty and reply.status == 200 and reply.is_json and faults.roll(faults.malformed_rate):
            reply = Reply(reply.status, _truncate(reply.body), reply.content_type, reply.headers)
        return reply

    def _dispatch(self, endpoints: Endpoints, request: Request, target: Route) -> Reply:
        if target.kind == "console":
            return http_reply(self, request, target.record_id)
        if target.kind == "authinfo":
            return endpoints.authinfo() if request.method == "GET" else empty_reply(405)
        if target.kind == "token":
            return endpoints.token(request)
        if not target.limited:
            return empty_reply(404)
        return endpoints.api(request, target, self.faults.token_lifetime)

    def _too_many_requests(self, faults: Faults) -> Reply:
        self.stats.record_429()
        headers: dict[str, str] = {}
        if faults.retry_after is not None:
            # Whether Halo sends Retry-After is unknown: only this fault adds it.
            headers["Retry-After"] = f"{faults.retry_after:g}"
        return json_reply(429, {"error": c.RATE_LIMIT_TEXT}, headers)


def _server_error(code: int) -> Reply:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Error"
    return text_reply(code, phrase)


def _truncate(body: bytes) -> bytes:
    """The first half of a JSON body: never valid JSON for an object, array or string."""
    return body[: max(1, len(body) // 2)]


class Simulator:
    """Several simulated instances in one process, each on its own port."""

    def __init__(self, rate_limit: tuple[int, float] = DEFAULT_RATE_LIMIT) -> None:
        self.rate_limit = rate_limit
        self._instances: list[SimulatedInstance] = []
        self._running = False
        self._lock = threading.Lock()

    def add(
        self,
        snapshot: JSONDict | Path | InstanceState,
        name: str | None = None,
        *,
        rate_limit: tuple[int, float] | None = None,
        faults: Faults | None = None,
        dialect: Dialect | str | None = None,
    ) -> SimulatedInstance:
        """Add an instance from a snapshot dict, a snapshot file or a state; started if running.

        Without a name the snapshot's name (simulator.name), tenant or "halo" is used, made
        unique with a number. `dialect` (a Dialect or preset names such as
        "mapping-rows-reversed,secret-once") overrides the snapshot's simulator.dialect.
        """
        chosen = Dialect.parse(dialect) if isinstance(dialect, str) else dialect
        if isinstance(snapshot, InstanceState):
            state = snapshot
        elif isinstance(snapshot, Path):
            state = InstanceState.load_snapshot(snapshot, chosen)
        else:
            state = InstanceState.from_snapshot(snapshot, chosen)
        with self._lock:
            taken = {i.name for i in self._instances}
            if name is not None and name in taken:
                raise ValueError(f"an instance named {name!r} already exists")
            instance = SimulatedInstance(
                state,
                name=name,
                rate_limit=rate_limit or self.rate_limit,
                faults=faults,
                dialect=chosen,
            )
            base, n = instance.name, 2
            while instance.name in taken:
                instance.name = f"{base}-{n}"
                n += 1
            self._instances.append(instance)
            running = self._running
        if running:
            instance.start()
        return instance

    @property
    def instances(self) -> list[SimulatedInstance]:
        """The instances, in the order they were added."""
        with self._lock:
            return list(self._instances)

    def find(self, name: str) -> SimulatedInstance | None:
        """The instance called `name` (case-insensitive), or None."""
        folded = name.casefold()
        return next((i for i in self.instances if i.name.casefold() == folded), None)

    def start(self) -> None:
        """Start every instance (instances added later start at once)."""
        with self._lock:
            self._running = True
        for instance in self.instances:
            instance.start()

    def stop(self) -> None:
        """Stop every instance."""
        with self._lock:
            self._running = False
        for instance in self.instances:
            instance.stop()

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __iter__(self) -> Iterator[SimulatedInstance]:
        return iter(self.instances)

    def __len__(self) -> int:
        return len(self.instances)
