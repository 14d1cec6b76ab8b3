"""The API client against the simulator over real loopback sockets."""

from __future__ import annotations

import asyncio
import http.server
import io
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest
from sim_fixtures import (
    APP_CLIENT_ID,
    APP_CLIENT_SECRET,
    READER_CLIENT_ID,
    READER_CLIENT_SECRET,
    minimal_snapshot,
)

from halo_wizard.api import errors
from halo_wizard.api.client import HaloClient, NaturalKey
from halo_wizard.api.ratelimit import RetryPolicy, RollingWindowLimiter
from halo_wizard.commands._session import run_work
from halo_wizard.simulator import SimulatedInstance, Simulator

T = TypeVar("T")
FAST = RetryPolicy(attempts=6, base_delay=0.005, max_delay=0.05, throttled_attempts=8)


def run(factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await factory()

    return asyncio.run(main())


@pytest.fixture
def sim() -> Iterator[Simulator]:
    simulator = Simulator(rate_limit=(10_000, 1.0))
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


def make_client(
    instance: SimulatedInstance,
    *,
    client_id: str = APP_CLIENT_ID,
    secret: str = APP_CLIENT_SECRET,
    scope: str = "all",
    limiter: RollingWindowLimiter | None = None,
    retry: RetryPolicy = FAST,
    url: str | None = None,
) -> HaloClient:
    return HaloClient(
        url or instance.url,
        client_id,
        secret,
        scope=scope,
        name=instance.name,
        limiter=limiter or RollingWindowLimiter(10_000, 1.0),
        retry=retry,
    )


async def failure(client: HaloClient, call: Callable[[HaloClient], Awaitable[Any]]) -> Exception:
    async with client:
        try:
            await call(client)
        except errors.HaloError as exc:
            return exc
    raise AssertionError("the call succeeded but should have failed")


def assert_plain(exc: Exception, *secrets: str) -> None:
    """An error the admin can act on, with no secret in any of its words."""
    assert isinstance(exc, errors.HaloError)
    assert exc.message and exc.fix
    for secret in (APP_CLIENT_SECRET, READER_CLIENT_SECRET, *secrets):
        assert secret not in str(exc) and secret not in repr(exc)


# ---- discovery and token -------------------------------------------------------------------


def test_connect_discovers_tenant_and_auth_url_and_reads_instance_info(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(tenant="contoso", app_version="2.190.1"), name="Contoso")

    async def go() -> tuple[Any, Any, Any]:
        async with make_client(instance, url=f" {instance.url}/api/ ") as client:
            info = await client.connect()
            return client.endpoint, info, await client.me()

    endpoint, info, agent = run(go)
    app = instance.application
    assert app is not None
    agents = {a["id"]: a for a in instance.snapshot()["records"]["Agent"]}
    assert agent is not None and agent["name"] == agents[app.agent_id]["name"]
    assert endpoint.tenant == "contoso"
    assert endpoint.auth_url == f"{instance.url}/auth"
    assert info.product == "HaloITSM" and info.version == "2.190.1"
    assert info.supports_ticket_sync


def test_token_carries_the_tenant_on_hosted_instances(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(tenant="contoso"), name="Contoso")

    async def go() -> Exception:
        client = make_client(instance)
        await client.discover()
        # The instance now answers for another tenant: the token request must fail as Halo's does.
        client.endpoint = client.endpoint.with_auth(None, "not-contoso")
        return await failure(client, lambda c: c.authenticate())

    exc = run(go)
    assert isinstance(exc, errors.WrongTenant)
    assert "not-contoso" in exc.message
    assert_plain(exc)


def test_self_hosted_instance_has_no_tenant(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(hosted=False), name="OnPrem")

    async def go() -> str:
        async with make_client(instance) as client:
            await client.connect()
            return client.endpoint.tenant

    assert run(go) == ""


def test_expired_token_is_renewed_once_transparently(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    instance.faults.token_lifetime = 0.05

    async def go() -> int:
        async with make_client(instance) as client:
            await client.connect()
            await asyncio.sleep(0.1)
            statuses = await client.list_records("Status")
            return len(statuses)

    assert run(go) > 0
    assert instance.stats.count("POST", "token") == 2


# ---- lists ---------------------------------------------------------------------------------


def test_lists_page_past_the_server_cap_and_accept_both_shapes(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(extra_users=250), name="Acme")

    async def go() -> tuple[list[Any], list[Any]]:
        async with make_client(instance) as client:
            users = await client.list_records("Users", page_size=500)
            statuses = await client.list_records("Status")
            return users, statuses

    users, statuses = run(go)
    expected = len(instance.snapshot()["records"]["Users"])
    assert expected > 250
    assert len(users) == expected
    assert len({u["id"] for u in users}) == expected  # no page read twice
    assert instance.stats.count("GET", "Users") == -(-expected // 100)
    assert statuses and all(isinstance(s, dict) and "name" in s for s in statuses)


def test_search_and_filters_are_passed_through(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")

    async def go() -> list[Any]:
        async with make_client(instance) as client:
            return await client.list_records("Users", {"search": "alice"})

    users = run(go)
    assert [u["emailaddress"] for u in users] == ["alice@blueriver.example"]


# ---- writes --------------------------------------------------------------------------------


def test_create_without_id_update_with_id_and_batches(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")

    async def go() -> tuple[Any, Any, list[Any]]:
        async with make_client(instance) as client:
            created = await client.save("Supplier", {"name": "Fabrikam Parts"})
            updated = await client.save("Supplier", {"id": created["id"], "name": "Fabrikam"})
            batch = await client.save_many(
                "Users",
                [
                    {"name": f"New {n}", "emailaddress": f"new{n}@x.example", "site_id": 20}
                    for n in range(7)
                ],
                batch_size=3,
            )
            return created, updated, batch

    created, updated, batch = run(go)
    assert updated["id"] == created["id"] and updated["name"] == "Fabrikam"
    assert len(batch) == 7 and len({u["id"] for u in batch}) == 7
    assert instance.stats.count("POST", "Users") == 3
    names = [s["name"] for s in instance.snapshot()["records"]["Supplier"]]
    assert names.count("Fabrikam") == 1 and "Fabrikam Parts" not in names


def test_validation_errors_carry_halos_reason(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    exc = run(lambda: failure(make_client(instance), lambda c: c.save("Users", {"name": "x"})))
    assert isinstance(exc, errors.ValidationFailed)
    assert "emailaddress" in exc.message.lower() or "e-mail" in exc.message.lower()


def test_unknown_record_is_not_found(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    exc = run(lambda: failure(make_client(instance), lambda c: c.get("Supplier", 987654)))
    assert isinstance(exc, errors.NotFound)
    assert_plain(exc)


# ---- every error in plain words ----------------------------------------------------------------


def test_wrong_secret_is_invalid_credentials(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    wrong = "wrong-secret-value-123456"
    exc = run(lambda: failure(make_client(instance, secret=wrong), lambda c: c.connect()))
    assert isinstance(exc, errors.InvalidCredentials)
    assert "Client ID or Client Secret" in exc.message
    assert_plain(exc, wrong)


def test_unknown_scope_is_missing_scope(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    exc = run(lambda: failure(make_client(instance, scope="everything"), lambda c: c.connect()))
    assert isinstance(exc, errors.MissingScope)
    assert "everything" in exc.message
    assert_plain(exc)


def test_agent_without_permission_is_permission_denied(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    exc = run(
        lambda: failure(
            make_client(
                instance,
                client_id=READER_CLIENT_ID,
                secret=READER_CLIENT_SECRET,
                scope="read:tickets",
            ),
            lambda c: c.list_records("Supplier"),
        )
    )
    assert isinstance(exc, errors.PermissionDenied)
    assert "suppliers" in exc.message
    assert_plain(exc)


def test_old_version_is_refused(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(app_version="2.170.4"), name="Old")
    exc = run(lambda: failure(make_client(instance), lambda c: c.connect()))
    assert isinstance(exc, errors.VersionTooOld)
    assert "2.170.4" in exc.message and "2.184" in exc.message
    assert_plain(exc)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_nothing_listening_is_host_unreachable(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    url = f"http://127.0.0.1:{_free_port()}"
    exc = run(lambda: failure(make_client(instance, url=url), lambda c: c.connect()))
    assert isinstance(exc, errors.HostUnreachable)
    assert_plain(exc)


class _NotHaloHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>Welcome to nginx!</body></html>"
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotHaloHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_web_server_that_is_not_halo_is_said_so(sim: Simulator, web_server: str) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    exc = run(
        lambda: failure(make_client(instance, url=f"http://{web_server}"), lambda c: c.connect())
    )
    assert isinstance(exc, errors.NotHalo)
    assert "does not answer like a Halo instance" in exc.message
    assert_plain(exc)


def test_https_to_a_plain_server_is_a_tls_failure(sim: Simulator, web_server: str) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    exc = run(
        lambda: failure(make_client(instance, url=f"https://{web_server}"), lambda c: c.connect())
    )
    assert isinstance(exc, errors.TlsFailure)
    assert_plain(exc)


def test_persistent_server_errors_end_in_server_error(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")

    async def go() -> Exception:
        client = make_client(instance)
        await client.connect()
        instance.faults.error_rate = 1.0
        instance.faults.error_codes = (502,)
        return await failure(client, lambda c: c.list_records("Status"))

    exc = run(go)
    assert isinstance(exc, errors.ServerError)
    assert "502" in exc.message
    assert instance.stats.count("GET", "Status") == FAST.attempts
    assert_plain(exc)


def test_endless_429_ends_in_rate_limited(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")

    async def go() -> Exception:
        client = make_client(instance)
        await client.connect()
        instance.faults.retry_after = 0.01
        instance.faults.burst_429 = 1000
        return await failure(client, lambda c: c.list_records("Status"))

    exc = run(go)
    assert isinstance(exc, errors.RateLimited)
    assert_plain(exc)


def test_429_on_every_path_is_said_as_the_rate_limit_never_as_not_halo() -> None:
    # An instance whose whole API budget is spent: even authinfo answers 429.
    with Simulator(rate_limit=(1, 600.0)) as spent:
        instance = spent.add(minimal_snapshot(), name="Acme")
        with httpx.Client(trust_env=False) as plain:
            assert plain.get(f"{instance.url}/api/authinfo").status_code == 200  # the budget
        patient = RetryPolicy(
            attempts=2,
            base_delay=0.001,
            max_delay=0.005,
            throttled_attempts=3,
            max_retry_after=0.005,
        )

        async def go() -> Exception:
            return await failure(make_client(instance, retry=patient), lambda c: c.connect())

        exc = run(go)
    assert isinstance(exc, errors.RateLimited), exc
    assert "rate limit" in exc.message and "Halo instance" not in exc.message
    asked = sum(n for (method, label), n in instance.stats.counts.items() if "authinfo" in label)
    assert asked == 1 + 4, "waited out three times, then said"
    assert_plain(exc)


def test_short_429_burst_is_waited_out_honouring_retry_after(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")

    async def go() -> tuple[int, int, int]:
        async with make_client(instance) as client:
            await client.connect()
            instance.faults.retry_after = 0.02
            instance.faults.burst_429 = 3
            statuses = await client.list_records("Status")
            budget = client.limiter.requests
            return len(statuses), client.stats.throttled_429, budget

    count, throttled, budget = run(go)
    assert count > 0
    assert throttled == 3
    # A 429 after a handful of requests is not the budget's size: it stays as it was.
    assert budget == 10_000


def test_malformed_body_is_retried_on_reads(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")

    async def go() -> int:
        async with make_client(instance) as client:
            await client.connect()
            instance.faults.malformed_rate = 0.5
            instance.faults.seed = 3
            lists = [await client.list_records("Status") for _ in range(10)]
            return len({len(x) for x in lists})

    assert run(go) == 1  # every read came back whole despite half the bodies being broken


# ---- retries never duplicate ---------------------------------------------------------------


def test_faults_never_create_a_record_twice(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    wanted = [
        {"name": f"Agent {n}", "emailaddress": f"agent{n}@contoso.example", "site_id": 20}
        for n in range(60)
    ]

    async def go() -> list[Any]:
        async with make_client(instance) as client:
            await client.connect()
            faults = instance.faults
            faults.seed = 11
            faults.error_rate = 0.1
            faults.drop_rate = 0.05
            faults.drop_after_write_rate = 0.2
            faults.malformed_rate = 0.05
            saved = await client.save_many(
                "Users", wanted, key=NaturalKey(("emailaddress",)), batch_size=5
            )
            faults.clear()
            return saved

    saved = run(go)
    emails = [
        u["emailaddress"]
        for u in instance.snapshot()["records"]["Users"]
        if u["emailaddress"].endswith("@contoso.example")
    ]
    assert sorted(emails) == sorted(w["emailaddress"] for w in wanted)  # each exactly once
    assert len(saved) == 60 and all(isinstance(u.get("id"), int) for u in saved)
    assert instance.stats.count("POST", "Users") > 12  # the faults really struck


def test_lost_create_without_a_key_is_not_resent(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")

    async def go() -> Exception:
        client = make_client(instance)
        await client.connect()
        instance.faults.drop_after_write_rate = 1.0
        return await failure(client, lambda c: c.save("Supplier", {"name": "Only Once Ltd"}))

    exc = run(go)
    assert isinstance(exc, errors.WriteOutcomeUnknown)
    names = [s["name"] for s in instance.snapshot()["records"]["Supplier"]]
    assert names.count("Only Once Ltd") == 1
    assert instance.stats.count("POST", "Supplier") == 1


def test_updates_are_retried_through_dropped_connections(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")

    async def go() -> Any:
        async with make_client(instance) as client:
            await client.connect()
            first = (await client.list_records("Supplier"))[0]
            instance.faults.seed = 5
            instance.faults.drop_rate = 0.5
            return await client.save("Supplier", {"id": first["id"], "name": "Renamed Supplier"})

    saved = run(go)
    assert saved["name"] == "Renamed Supplier"


# ---- the rate limit ------------------------------------------------------------------------


def test_every_client_of_one_instance_shares_its_budget_and_slows_after_a_429() -> None:
    """Two clients of one instance (the window's and a check's, say) draw on one budget, which
    starts at Halo's documented 700. An older tenant allows 300: it answers 429 once the
    budget is overdrawn, and from then on the shared budget stays within what it allows. (The
    window is 3 s here instead of Halo's 300.)"""
    limit, window = 300, 3.0
    with Simulator(rate_limit=(limit, window)) as simulator:
        instance = simulator.add(minimal_snapshot(), name="Acme")
        other = simulator.add(minimal_snapshot(), name="Other")

        async def go() -> tuple[bool, bool, int, int]:
            one, two = (
                HaloClient(instance.url, APP_CLIENT_ID, APP_CLIENT_SECRET, retry=FAST)
                for _ in range(2)
            )
            elsewhere = HaloClient(other.url, APP_CLIENT_ID, APP_CLIENT_SECRET, retry=FAST)
            async with one, two, elsewhere:
                await asyncio.gather(one.connect(), two.connect(), elsewhere.connect())
                shared = one.limiter is two.limiter
                apart = one.limiter is not elsewhere.limiter
                started = one.limiter.requests
                one.limiter.window = window
                await asyncio.gather(
                    *(c.list_records("Status") for c in (one, two) for _ in range(200))
                )
                return shared, apart, started, one.limiter.requests

        shared, apart, started, slowed = run(go)
        throttled = instance.stats.rate_limited
    assert shared and apart
    assert started == 700
    assert slowed <= limit, slowed  # no more than the instance allows
    # Only about the requests under way when the first 429 came were refused; the 400 reads all
    # succeeded (run() raises otherwise). Without slowing, every read past 300 would be refused.
    assert 0 < throttled <= 2 * 6 + limit // 10, throttled


def test_rate_limit_is_never_exceeded_over_1000_requests() -> None:
    limit, window = 250, 1.0
    with Simulator(rate_limit=(limit, window)) as simulator:
        instance = simulator.add(minimal_snapshot(), name="Acme")

        async def go() -> int:
            client = make_client(instance, limiter=RollingWindowLimiter(limit, window))
            async with client:
                await client.connect()
                await asyncio.gather(*(client.list_records("Status") for _ in range(1000)))
                return client.stats.sent

        sent = run(go)
        times = instance.stats.accepted_times
    assert sent >= 1000
    assert instance.stats.rate_limited == 0
    assert len(times) >= 1000
    start = 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        assert end - start + 1 <= limit


def test_a_missing_sniffio_is_looked_for_once_not_per_request() -> None:
    import importlib.util
    import sys

    import halo_wizard.api.transport  # noqa: F401

    if sys.modules.get("sniffio") is not None:
        return  # installed: httpcore imports it once like any module
    assert "sniffio" in sys.modules  # the failed look is remembered
    with pytest.raises(ImportError):
        import sniffio  # noqa: F401
    assert importlib.util.find_spec("sniffio") is None


def test_a_long_retry_after_is_said_on_stderr_while_the_read_waits(sim: Simulator) -> None:
    instance = sim.add(minimal_snapshot(), name="Acme")
    said = io.StringIO()

    async def work() -> tuple[str, bool]:
        # The instance's budget as the window and the commands have it: the loop's shared one.
        async with HaloClient(
            instance.url, APP_CLIENT_ID, APP_CLIENT_SECRET, scope="all", retry=FAST
        ) as client:
            await client.connect()
            instance.faults.retry_after = 120  # the instance asks for two minutes
            instance.faults.burst_429 = 1
            read = asyncio.create_task(client.list_records("Status"))
            while "waiting:" not in said.getvalue() and not read.done():
                await asyncio.sleep(0.05)
            done = read.done()
            read.cancel()
            await asyncio.gather(read, return_exceptions=True)
            return client.endpoint.host, done

    host, done = run_work(work(), said)
    assert not done  # the read is still held back when it is said
    line = said.getvalue().splitlines()[0]
    assert line.startswith(f"waiting: {host} said it has had too many requests (its rate limit)")
    assert "1 request waits" in line and "about 1 min" in line  # 120 s less the time it took
